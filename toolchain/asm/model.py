"""Data types of an assembly: symbols, fragments, fixups, sections and the fragment kinds."""
from __future__ import annotations

from ..elf import constants as C


class AsmError(Exception):
    """A diagnostic for the current statement (reported as ``file:line: Error: msg``)."""


# fragment kinds
FIXED, ALIGN, RELAX, ORG, SPACE, LEB, CALLBACK = 0, 1, 2, 3, 4, 5, 6


# a fragment closed with an empty variable part that never takes room (Assembler.close_frag)
BREAK = -1


# symbol "sections" that are not sections
UNDEF = None


ABS = "*ABS*"


COMMON = "*COM*"


class Sym:
    """A symbol. The attributes most symbols never set (equated and versioned symbols,
    weakrefs, ``.comm`` alignment, visibility...) are class-level defaults, stored per
    symbol (in its ``__dict__``, made on first use) only when set: a label of pycc's output
    costs 136 bytes instead of 216 (a big unit keeps a few per function)."""
    __slots__ = ("name", "frag", "offset", "section", "bind", "type", "size", "size_expr",
                 "used_reloc", "defined", "temp", "elf", "index", "listed", "__dict__")

    expr = None             # for equated symbols: the expression tree
    other = 0
    common_align = 0
    is_set = False
    weakref = None
    symver = None
    resolving = False
    explicit_local = False
    file = False
    tls = False
    alias = None

    def __init__(self, name: str, temp: bool = False):
        self.name = name
        self.frag = None
        self.offset = 0
        self.section = UNDEF       # AsmSection, ABS, COMMON or None
        self.bind = None           # None (unspecified), C.STB_LOCAL, C.STB_GLOBAL, C.STB_WEAK...
        self.type = C.STT_NOTYPE
        self.size = 0
        self.size_expr = None
        self.used_reloc = False
        self.defined = False
        self.temp = temp           # a local label (.L*, numeric, dot): not in the symbol table
        self.elf = None
        self.index = 0
        self.listed = None     # where a local label joined the symbol list (GNU as order):
        #                        listed_key(position, sequence)

    @property
    def is_global(self) -> bool:
        return self.bind in (C.STB_GLOBAL, C.STB_WEAK, 10)

    def __repr__(self):
        return f"<Sym {self.name}>"


def listed_key(pos: int, seq: int) -> int:
    """``Sym.listed``: a local label joined the symbol list just before entry ``pos``, as the
    ``seq``-th such label: one int that sorts as (pos - 0.5, seq) against the plain entries'
    ``plain_key(i)`` (a tuple and a float cost 100 bytes more per label)."""
    return ((2 * pos - 1) << 32) | seq


def plain_key(i: int) -> int:
    return (2 * i) << 32


def listed_pos(key: int) -> int:
    """The ``pos`` of a listed_key."""
    return (key >> 33) + 1


class Frag:
    __slots__ = ("data", "fixups", "addr", "kind", "var", "varsize", "section", "line", "next",
                 "fill", "seq", "region", "plan")

    def __init__(self, section):
        self.data = bytearray()
        self.fixups = []
        self.addr = 0
        self.kind = FIXED
        self.var = None
        self.varsize = 0
        self.section = section
        self.line = None
        self.next = None
        self.fill = None
        self.seq = 0
        self.region = 0
        self.plan = None           # relaxation: the target's relax_plan, once known

    @property
    def end(self) -> int:
        return self.addr + len(self.data) + self.varsize


class Fixup:
    __slots__ = ("frag", "off", "size", "value", "pcrel", "kind", "loc", "extra", "late")

    def __init__(self, frag, off, size, value, pcrel, kind, loc, extra=None):
        self.frag = frag
        self.off = off
        self.size = size
        self.value = value
        self.pcrel = pcrel
        self.kind = kind
        self.loc = loc
        self.extra = extra
        self.late = False      # made when a relaxed fragment was finished (GNU as: last)

    @property
    def section(self):
        return self.frag.section

    @property
    def address(self) -> int:
        return self.frag.addr + self.off


class Resolved:
    """A fixup of sealed code (toolchain.asm.seal) already turned into its relocation; it
    keeps the fixup's place in the section's relocation order."""
    __slots__ = ("reloc", "late")

    def __init__(self, reloc, late):
        self.reloc = reloc
        self.late = late


class AsmSection:
    __slots__ = ("name", "type", "flags", "entsize", "align", "group", "group_comdat",
                 "linked", "unique", "subsecs", "frags", "sym", "elf", "size", "index",
                 "lines", "retain", "info", "laid")

    def __init__(self, name, type_, flags, entsize=0, group=None, comdat=False, linked=None,
                 unique=None):
        self.name = name
        self.type = type_
        self.flags = flags
        self.entsize = entsize
        self.align = 1
        self.group = group
        self.group_comdat = comdat
        self.linked = linked
        self.unique = unique
        self.subsecs = {}          # subsection number -> list of frags
        self.frags = []            # after finish: all frags in order
        self.sym = None            # section symbol
        self.elf = None
        self.size = 0
        self.index = 0
        self.lines = None
        self.retain = False
        self.info = None
        self.laid = None           # (fragment, fixed size) of the last relaxation, if it converged

    @property
    def is_code(self) -> bool:
        return bool(self.flags & C.SHF_EXECINSTR)

    def __repr__(self):
        return f"<AsmSection {self.name}>"


def _secname(s):
    if s is None or s.section is None:
        return "*UND*"
    if s.section is ABS:
        return "*ABS*"
    if s.section is COMMON:
        return "*COM*"
    return s.section.name


def split_top(text: str, seps: str, parens: bool) -> list[str]:
    """Split ``text`` at the characters of ``seps`` that are outside strings and character
    constants (and, with ``parens``, outside parentheses): the one quote-scanning loop behind
    statement separators and directive operands."""
    out = []
    depth = 0
    start = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            i += 1
            while i < n and text[i] != '"':
                if text[i] == "\\":
                    i += 1
                i += 1
        elif ch == "'" and i + 1 < n:
            i += 2 if text[i + 1] != "\\" else 3
            continue
        elif parens and ch == "(":
            depth += 1
        elif parens and ch == ")":
            depth -= 1
        elif ch in seps and depth <= 0:
            out.append(text[start:i])
            start = i + 1
        i += 1
    out.append(text[start:])
    return out


def leb128(v: int, signed: bool) -> bytes:
    out = bytearray()
    if signed:
        while True:
            b = v & 0x7F
            v >>= 7
            if (v == 0 and not b & 0x40) or (v == -1 and b & 0x40):
                out.append(b)
                return bytes(out)
            out.append(b | 0x80)
    if v < 0:
        v &= (1 << 64) - 1
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)
