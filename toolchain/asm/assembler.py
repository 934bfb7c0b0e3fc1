"""The target-independent assembler core: symbols, sections, fragments, the line reader,
generic directives, macros and conditionals, relaxation, fixup resolution and the ELF object.

Pipeline (see :meth:`Assembler.assemble`)::

    read lines -> statements (labels, directives, instructions via the target)
      -> fragments with fixups (per section and subsection)
      -> target.finish()            (literal pools, extra sections)
      -> relax()                    (grow relaxable fragments to a fixpoint; align; org; leb128)
      -> CFI (.eh_frame) and .debug_line generation, relaxed again
      -> resolve fixups             (patch what is known, relocations for the rest)
      -> build the ELF object       (sections, symbols, relocations)
"""
from __future__ import annotations

import os
import re
import struct

from ..elf import constants as C
from ..elf.objfile import ObjectFile, Reloc, Section, Symbol, write_object
from .expr import ExprError, Parser, Value, binop_const, parse_string


# sections whose symbol a keep_section_symbols target adds at the end (GNU as makes them late)
_LAZY_SECTION_SYMBOLS = (".eh_frame", ".comment")
_LINE_MARKER_RE = re.compile(r'#\s*(\d+)\s+("(?:[^"\\]|\\.)*")')     # '# 12 "x.S"' only


_MASK64 = (1 << 64) - 1


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
    __slots__ = ("name", "frag", "offset", "section", "expr", "bind", "type", "other", "size",
                 "size_expr", "common_align", "used_reloc", "defined", "temp", "is_set",
                 "elf", "index", "weakref", "symver", "resolving", "explicit_local", "file",
                 "tls", "alias", "listed")

    def __init__(self, name: str, temp: bool = False):
        self.name = name
        self.frag = None
        self.offset = 0
        self.section = UNDEF       # AsmSection, ABS, COMMON or None
        self.expr = None           # for equated symbols: the expression tree
        self.bind = None           # None (unspecified), C.STB_LOCAL, C.STB_GLOBAL, C.STB_WEAK...
        self.type = C.STT_NOTYPE
        self.other = 0
        self.size = 0
        self.size_expr = None
        self.common_align = 0
        self.used_reloc = False
        self.defined = False
        self.temp = temp           # a local label (.L*, numeric, dot): not in the symbol table
        self.is_set = False
        self.elf = None
        self.index = 0
        self.weakref = None
        self.symver = None
        self.resolving = False
        self.explicit_local = False
        self.file = False
        self.tls = False
        self.alias = None
        self.listed = None     # where a local label joined the symbol list (GNU as order)

    @property
    def is_global(self) -> bool:
        return self.bind in (C.STB_GLOBAL, C.STB_WEAK, 10)

    def __repr__(self):
        return f"<Sym {self.name}>"


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


# default attributes for well-known section names (type, flags)
_SPECIAL = [
    (".text", C.SHT_PROGBITS, C.SHF_ALLOC | C.SHF_EXECINSTR),
    (".data", C.SHT_PROGBITS, C.SHF_ALLOC | C.SHF_WRITE),
    (".bss", C.SHT_NOBITS, C.SHF_ALLOC | C.SHF_WRITE),
    (".rodata", C.SHT_PROGBITS, C.SHF_ALLOC),
    (".tdata", C.SHT_PROGBITS, C.SHF_ALLOC | C.SHF_WRITE | C.SHF_TLS),
    (".tbss", C.SHT_NOBITS, C.SHF_ALLOC | C.SHF_WRITE | C.SHF_TLS),
    (".init_array", C.SHT_INIT_ARRAY, C.SHF_ALLOC | C.SHF_WRITE),
    (".fini_array", C.SHT_FINI_ARRAY, C.SHF_ALLOC | C.SHF_WRITE),
    (".preinit_array", C.SHT_PREINIT_ARRAY, C.SHF_ALLOC | C.SHF_WRITE),
    (".init", C.SHT_PROGBITS, C.SHF_ALLOC | C.SHF_EXECINSTR),
    (".fini", C.SHT_PROGBITS, C.SHF_ALLOC | C.SHF_EXECINSTR),
    (".note", C.SHT_NOTE, 0),
    (".comment", C.SHT_PROGBITS, 0),
    (".debug", C.SHT_PROGBITS, 0),
    (".eh_frame", C.SHT_PROGBITS, C.SHF_ALLOC),
    (".gcc_except_table", C.SHT_PROGBITS, C.SHF_ALLOC),
    (".ctors", C.SHT_PROGBITS, C.SHF_ALLOC | C.SHF_WRITE),
    (".dtors", C.SHT_PROGBITS, C.SHF_ALLOC | C.SHF_WRITE),
    (".data.rel.ro", C.SHT_PROGBITS, C.SHF_ALLOC | C.SHF_WRITE),
    (".sdata", C.SHT_PROGBITS, C.SHF_ALLOC | C.SHF_WRITE),
    (".sbss", C.SHT_NOBITS, C.SHF_ALLOC | C.SHF_WRITE),
    (".srodata", C.SHT_PROGBITS, C.SHF_ALLOC),
]


def special_section(name: str):
    for pfx, t, f in _SPECIAL:
        if name == pfx or name.startswith(pfx + "."):
            return t, f
    if name.startswith(".note"):
        return C.SHT_NOTE, 0
    if name.startswith(".debug_") or name.startswith(".zdebug"):
        return C.SHT_PROGBITS, 0
    if name.startswith(".gnu.linkonce.t"):
        return C.SHT_PROGBITS, C.SHF_ALLOC | C.SHF_EXECINSTR
    return None


_SECTION_TYPES = {"progbits": C.SHT_PROGBITS, "nobits": C.SHT_NOBITS, "note": C.SHT_NOTE,
                  "init_array": C.SHT_INIT_ARRAY, "fini_array": C.SHT_FINI_ARRAY,
                  "preinit_array": C.SHT_PREINIT_ARRAY, "unwind": C.SHT_X86_64_UNWIND}

_TYPE_NAMES = {"function": C.STT_FUNC, "object": C.STT_OBJECT, "tls_object": C.STT_TLS,
               "common": C.STT_COMMON, "notype": C.STT_NOTYPE, "gnu_indirect_function": 10,
               "gnu_unique_object": C.STT_OBJECT, "stt_func": C.STT_FUNC,
               "stt_object": C.STT_OBJECT, "stt_tls": C.STT_TLS, "stt_notype": C.STT_NOTYPE,
               "stt_common": C.STT_COMMON}

_LABEL_RE = re.compile(r"\s*([A-Za-z_.$][A-Za-z0-9_.$@]*|[0-9]+)\s*:(?!:)")
_QLABEL_RE = re.compile(r'\s*"([^"]+)"\s*:')
_WORD_RE = re.compile(r"\s*([A-Za-z_.$][A-Za-z0-9_.$]*)")
_ASSIGN_RE = re.compile(r"\s*([A-Za-z_.$][A-Za-z0-9_.$]*)\s*(==|=)(?!=)\s*(.*)$")
_SYMNAME_RE = re.compile(r'\s*("[^"]*"|[A-Za-z_.$][A-Za-z0-9_.$@]*)\s*')
_MACRO_ARG_RE = re.compile(r"\\(\(\)|@|[A-Za-z_$][A-Za-z0-9_$.]*)")
_FLOAT_RE = re.compile(r"\s*(?:0[fFdDeErR])?([-+]?(?:[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?|inf|nan))\s*$",
                       re.I)


class Macro:
    __slots__ = ("name", "params", "body", "vararg")

    def __init__(self, name, params, body):
        self.name = name
        self.params = params     # list of (name, default, required, vararg)
        self.body = body


class _Input:
    __slots__ = ("lines", "i", "file", "base", "macro", "loc_line", "line_of", "dfile", "ddelta",
                 "dpos", "dactive")

    def __init__(self, lines, file, base=0, macro=False, loc_line=None):
        self.lines = lines
        self.i = 0
        self.file = file
        self.base = base
        self.macro = macro
        self.loc_line = loc_line
        # -g (debug info for the assembly source itself): the logical file and line offset
        # set by cpp's '# 12 "x.S"' markers, a macro's fixed position (its invocation), or a
        # repeat body's (first line, body length, file, delta)
        self.line_of = None
        self.dfile = None          # the logical file ('.file "x"' or a marker's)
        self.ddelta = 0
        self.dactive = False       # a marker set the logical line: the logical place counts
        self.dpos = None


class Assembler:
    """One assembly: feed it text with :meth:`assemble_text`, then :meth:`finish` returns the
    ELF object (a :class:`toolchain.elf.objfile.ObjectFile`)."""

    def __init__(self, target_name: str = "x86_64", diag=None, include_dirs=None,
                 defsyms=None, options=None):
        from ..targets import get_target
        import importlib
        self.tdesc = get_target(target_name)
        self.diag = diag
        self.include_dirs = list(include_dirs or [])
        self.options = options or {}
        self.errors = 0
        self.sections: dict[tuple, AsmSection] = {}
        self.section_list: list[AsmSection] = []
        self.symbols: dict[str, Sym] = {}
        self.sym_order: list[Sym] = []
        self.constants = None          # reserved for fast constant lookups
        self.file_syms: list[Sym] = []
        self.local_counters: dict[int, int] = {}
        self.macros: dict[str, Macro] = {}
        self.macro_count = 0
        self.cond_stack: list[list] = []   # [active, taken, parent_active]
        self.section_stack: list = []
        self.prev_section = None
        self.inputs: list[_Input] = []
        self.file = "<stdin>"
        self.line = 0
        self.comment_data = None
        self.sec = None
        self.subsec = 0
        self.frag = None
        self.data = None
        self.group_syms: dict = {}
        self.dwarf = None
        self.cfi = None
        self.relocs_extra = []          # from .reloc
        self.temp_count = 0
        self.finished = False
        self.gnu_unique = False
        self.symvers = []
        self.converted = []       # local labels relocations kept, in the order they did
        self.altmacro = False
        self.warnings = []
        # -g / --gdwarf-N: DWARF version of the debug info made for the source itself
        # (0: none); GNU as turns it off at the first numbered .file
        self.dwarf_level = int(self.options.get("gdwarf", 0) or 0)
        self.gen_debug = self.dwarf_level
        self.deferred_syms: list = []  # join sym_order at the end (debug_info_symbols)
        mod = importlib.import_module(f"toolchain.arch.{self.tdesc.name}.asm")
        self.target = mod.make_target(self) if hasattr(mod, "make_target") else mod.Target(self)
        t = self.target
        self.comment_chars = t.comment_chars
        self.line_comment_chars = t.line_comment_chars
        self.separators = t.separators
        from . import dwarf
        self.dwarf = dwarf.LineTable(self)
        self.cfi = dwarf.CFI(self)
        specials = set("\"'") | set(self.separators)
        for c in list(self.comment_chars) + list(self.line_comment_chars):
            specials.add(c[0])
        self._special_re = re.compile("[" + re.escape("".join(sorted(specials))) + "]")
        self.directives = self._generic_directives()
        self.directives.update(t.directives())
        # gas creates .text, .data and .bss first
        self.text_sec = self.get_section(".text")
        self.data_sec = self.get_section(".data")
        self.bss_sec = self.get_section(".bss")
        self.set_section(self.text_sec, 0)
        for name, val in (defsyms or {}).items():
            s = self.symbol(name)
            s.section = ABS
            s.offset = val
            s.defined = True

    # ------------------------------------------------------------------------------------------
    # diagnostics
    def error(self, msg: str, line=None) -> None:
        self.errors += 1
        if self.diag is not None:
            from ..diag import Location
            self.diag.error(msg, Location(self.file, self.line if line is None else line))

    def warning(self, msg: str) -> None:
        if self.diag is not None:
            from ..diag import Location
            self.diag.warning(msg, Location(self.file, self.line))
            if self.diag.werror:
                self.errors += 1

    # ------------------------------------------------------------------------------------------
    # sections
    def get_section(self, name, type_=None, flags=None, entsize=0, group=None, comdat=False,
                    linked=None, unique=None, lazy_sym=False) -> AsmSection:
        """The section ``name`` (created if new). ``lazy_sym``: a section the assembler makes
        itself, whose symbol GNU as creates only when something refers to it (the caller
        places ``sec.sym`` in ``sym_order``)."""
        key = (name, group, unique)
        sec = self.sections.get(key)
        if sec is not None:
            return sec
        if type_ is None or flags is None:
            sp = special_section(name)
            if sp is not None:
                if type_ is None:
                    type_ = sp[0]
                if flags is None:
                    flags = sp[1]
            if type_ is None:
                type_ = C.SHT_PROGBITS
            if flags is None:
                flags = 0
        if group is not None:
            flags |= C.SHF_GROUP
        if not entsize and type_ in (C.SHT_INIT_ARRAY, C.SHT_FINI_ARRAY, C.SHT_PREINIT_ARRAY):
            entsize = self.target.address_size
        sec = AsmSection(name, type_, flags, entsize, group, comdat, linked, unique)
        sym = Sym(name, temp=True)
        sym.section = sec
        sym.defined = True
        sym.type = C.STT_SECTION
        sym.bind = C.STB_LOCAL
        sec.sym = sym
        if (getattr(self.target, "keep_section_symbols", False) or
                getattr(self.target, "ordered_section_symbols", False)) and \
                name not in _LAZY_SECTION_SYMBOLS and not lazy_sym:
            # targets whose GNU as keeps every section symbol (AArch64): in creation order
            self.sym_order.append(sym)
        self.sections[key] = sec
        self.section_list.append(sec)
        self.target.section_created(sec, lazy_sym)
        return sec

    def set_section(self, sec: AsmSection, subsec: int = 0) -> None:
        if self.sec is not None:
            self.prev_section = (self.sec, self.subsec)
            if self.dwarf.pending is not None and (sec is not self.sec or
                                                   subsec != self.subsec):
                # GNU as emits a pending .loc where it was when the section changes
                self.dwarf.emit_row()
        self.sec = sec
        self.subsec = subsec
        chain = sec.subsecs.get(subsec)
        if chain is None:
            f = Frag(sec)
            chain = sec.subsecs[subsec] = [f]
        self.frag = chain[-1]
        self.data = self.frag.data

    def close_frag(self) -> Frag:
        """End the current fragment with an empty variable part that never takes room: label
        differences across the boundary are not folded while parsing (GNU as's fragment
        boundaries). Returns the new current fragment."""
        self.frag.kind = BREAK
        return self.new_frag()

    def new_frag(self) -> Frag:
        f = Frag(self.sec)
        self.frag.next = f
        self.sec.subsecs[self.subsec].append(f)
        self.frag = f
        self.data = f.data
        return f

    def record_alignment(self, align: int) -> None:
        if align > self.sec.align:
            self.sec.align = align

    # ------------------------------------------------------------------------------------------
    # symbols
    def symbol(self, name: str) -> Sym:
        s = self.symbols.get(name)
        if s is None:
            s = Sym(name, temp=name.startswith(".L") or name.startswith("L0\x01"))
            self.symbols[name] = s
            self.sym_order.append(s)
            self.target.symbol_created(s)
        return s

    def symbol_ref(self, name: str) -> Sym:
        """The symbol an expression names. A local label that already exists (defined or
        referred to before) becomes a full symbol here in GNU as, which fixes its place in the
        symbol table."""
        s = self.symbols.get(name)
        if s is None:
            return self.symbol(name)
        if s.temp and s.listed is None:
            self.list_seq += 1
            s.listed = (len(self.sym_order) - 0.5, self.list_seq)
        return s

    def note_ref(self, sym: Sym, force: bool = False) -> None:
        """An instruction referenced ``sym``: GNU as makes a local label a full symbol at that
        point when it is already defined (or when the target forces it), which fixes its place
        in the symbol table."""
        if sym.temp and sym.listed is None and (sym.defined or force):
            self.list_seq += 1
            sym.listed = (len(self.sym_order) - 0.5, self.list_seq)

    list_seq = 0

    def local_ref(self, n: int, d: str) -> Sym:
        c = self.local_counters.get(n, 0)
        if d == "b":
            if c == 0:
                raise ExprError(f'backward ref to unknown label "{n}:"')
            return self.symbol(f".L{n}\x02{c}")
        return self.symbol(f".L{n}\x02{c + 1}")

    def dot_symbol(self) -> Sym:
        self.temp_count += 1
        s = Sym(".L0\x01", temp=True)
        s.frag = self.frag
        s.offset = len(self.data)
        s.section = self.sec
        s.defined = True
        return s

    def define_label_temp(self) -> Sym:
        """A local label at the current position that is not entered in the symbol table."""
        return self.dot_symbol()

    def define_label(self, name: str) -> Sym:
        if name.isdigit():
            n = int(name)
            c = self.local_counters.get(n, 0) + 1
            self.local_counters[n] = c
            name = f".L{n}\x02{c}"
        s = self.symbol(name)
        if s.defined and not s.is_set and not (s.frag is self.frag and
                                                s.offset == len(self.data)):
            raise AsmError(f"symbol `{name}' is already defined")
        s.frag = self.frag
        s.offset = len(self.data)
        s.section = self.sec
        s.defined = True
        s.expr = None
        s.is_set = False
        self.dwarf.label_hook(s)
        return s

    # ------------------------------------------------------------------------------------------
    # expressions
    def parse_expr(self, text: str, pos: int = 0, reloc_ops: bool = True):
        try:
            p = Parser(self, text, pos, reloc_ops)
            e = p.parse()
            p.skip()
            return e, p.pos
        except ExprError as e:
            raise AsmError(str(e)) from None

    def expr(self, text: str):
        """Parse a whole operand text as one expression tree."""
        e, pos = self.parse_expr(text)
        if pos != len(text):
            raise AsmError(f"junk at end of line, first unrecognized character is "
                           f"`{text[pos]}'")
        return e

    def eval_expr(self, node, final: bool = False) -> Value:
        k = node[0]
        if k == "n":
            return Value(node[1])
        if k == "s":
            v = self._eval_sym(node[1], final)
            if node[2] is not None:
                if v.mod is not None:
                    raise AsmError("invalid use of relocation operator")
                v = Value(v.const, v.add, v.sub, node[2])
                if v.add is None:
                    v.add = node[1]
                    v.const = 0
            return v
        if k == "u":
            v = self.eval_expr(node[2], final)
            op = node[1]
            if op == "+":
                return v
            if op == "-" and v.sub is None and v.add is None:
                return Value(-v.const)
            if op == "-" and v.add is not None and v.sub is not None:
                return Value(-v.const, v.sub, v.add)
            if not v.is_const:
                v = self._try_fold(v, final)
                if not v.is_const:
                    raise AsmError("invalid operand to unary operator")
            c = v.const
            return Value(-c if op == "-" else ~c if op == "~" else (0 if c else 1))
        # binary
        op = node[1]
        a = self.eval_expr(node[2], final)
        b = self.eval_expr(node[3], final)
        if op == "+":
            if b.is_const and b.mod is None:
                return Value(a.const + b.const, a.add, a.sub, a.mod)
            if a.is_const and a.mod is None:
                return Value(a.const + b.const, b.add, b.sub, b.mod)
            if a.sub is None and b.sub is not None and a.add is not None and b.add is None:
                return self._try_fold(Value(a.const + b.const, a.add, b.sub), final)
            if b.sub is None and a.sub is not None and b.add is not None and a.add is None:
                return self._try_fold(Value(a.const + b.const, b.add, a.sub), final)
            a = self._try_fold(a, final)
            b = self._try_fold(b, final)
            if a.is_const or b.is_const:
                return self.eval_expr(("b", "+", ("n", 0), ("n", 0)), final) if False else \
                    Value(a.const + b.const, a.add or b.add, a.sub or b.sub, a.mod or b.mod)
            raise AsmError("invalid operands for '+'")
        if op == "-":
            if b.is_const and b.mod is None:
                return Value(a.const - b.const, a.add, a.sub, a.mod)
            if b.sub is None and a.sub is None and b.mod is None:
                v = Value(a.const - b.const, a.add, b.add, a.mod)
                return self._try_fold(v, final)
            if b.sub is not None and b.add is not None and a.sub is None:
                b = self._try_fold(b, final)
                if b.is_const:
                    return Value(a.const - b.const, a.add, a.sub, a.mod)
                if a.add is None:
                    return Value(a.const - b.const, b.sub, b.add)
            a = self._try_fold(a, final)
            b = self._try_fold(b, final)
            if b.is_const:
                return Value(a.const - b.const, a.add, a.sub, a.mod)
            raise AsmError("invalid operands for '-'")
        if not a.is_const:
            a = self._try_fold(a, final)
        if not b.is_const:
            b = self._try_fold(b, final)
        if not (a.is_const and b.is_const):
            # symbol compared/used with an undefined value
            raise AsmError(f"invalid operands for '{op}'" if final else
                           "expression is not constant")
        try:
            return Value(binop_const(op, a.const, b.const))
        except ExprError as e:
            raise AsmError(str(e)) from None

    def _eval_sym(self, s: Sym, final: bool) -> Value:
        if s.expr is not None:
            if s.resolving:
                raise AsmError(f"symbol definition loop encountered at `{s.name}'")
            s.resolving = True
            try:
                v = self.eval_expr(s.expr, final)
            finally:
                s.resolving = False
            if v.add is None and v.sub is None:
                return v
            if v.sub is None and v.add is not None and not v.add.defined and v.const == 0:
                return Value(0, v.add) if not s.is_global else Value(0, s)
            if final and v.sub is None and v.add is not None and v.add.defined:
                return Value(v.const, v.add)
            return v
        if s.section is ABS:
            return Value(s.offset)
        return Value(0, s)

    def _try_fold(self, v: Value, final: bool) -> Value:
        """Fold add - sub when the distance is known."""
        a, b = v.add, v.sub
        if b is None:
            if a is not None and a.section is ABS and a.expr is None:
                return Value(v.const + a.offset, None, None, v.mod)
            return v
        if a is None:
            return v
        if a.expr is not None or b.expr is not None:
            return v
        if not (a.defined and b.defined):
            return v
        if a.section is ABS and b.section is ABS:
            return Value(v.const + a.offset - b.offset)
        if a.section is not b.section:
            return v
        if final:
            if self.target.keep_label_differences and self._diff_crosses_relax(a, b, True):
                return v
            return Value(v.const + a.frag.addr + a.offset - b.frag.addr - b.offset)
        d = self._frag_distance(b, a)
        if d is None:
            return v
        return Value(v.const + d)

    def _diff_crosses_relax(self, a, b, final):
        return self.target.diff_needs_reloc(a, b, final)

    def _frag_distance(self, b: Sym, a: Sym):
        """a - b if both are in one chain of fixed fragments (while parsing)."""
        if a.frag is b.frag:
            if self.target.keep_label_differences:
                if a.offset != b.offset:
                    if self._diff_crosses_relax(a, b, False):
                        return None
                elif self.target.zero_diff_needs_reloc(a):
                    return None
            return a.offset - b.offset
        for first, second, sign in ((b, a, 1), (a, b, -1)):
            f = first.frag
            d = -first.offset
            n = 0
            while f is not None and n < 64:
                if f is second.frag:
                    return sign * (d + second.offset)
                if f.kind != FIXED:
                    break
                d += len(f.data)
                f = f.next
                n += 1
        return None

    def abs_expr(self, text: str) -> int:
        """Evaluate an operand text that must be an absolute constant now."""
        v = self.eval_expr(self.expr(text.strip()))
        if not v.is_const:
            v = self._try_fold(v, False)
            if not v.is_const:
                raise AsmError("expression is not absolute" if v.add and v.add.defined else
                               "non-constant expression")
        return v.const

    # ------------------------------------------------------------------------------------------
    # emission API for directives and targets
    def emit(self, b) -> None:
        self.data += b

    def emit_insn(self, b, fixups=None) -> None:
        """Append an instruction's bytes; ``fixups`` is a list of (offset within ``b``, size,
        Value, pcrel, kind[, extra])."""
        if self.sec.type == C.SHT_NOBITS and any(b):
            raise AsmError(f"attempt to store non-zero value in section `{self.sec.name}'")
        if self.dwarf.pending is not None:
            self.dwarf.emit_row()
        base = len(self.data)
        self.data += b
        if fixups:
            frag = self.frag
            loc = (self.file, self.line)
            for fx in fixups:
                frag.fixups.append(Fixup(frag, base + fx[0], fx[1], fx[2], fx[3], fx[4], loc,
                                         fx[5] if len(fx) > 5 else None))

    def emit_relax(self, fixed: bytes, fixups, state, kind=RELAX) -> Frag:
        """Append fixed bytes then a relaxable tail described by ``state`` (the target's);
        the target's relax_size/relax_finish decide its bytes. Returns the fragment."""
        self.emit_insn(fixed, fixups)
        f = self.frag
        f.kind = kind
        f.var = state
        f.line = (self.file, self.line)
        self.new_frag()
        return f

    def add_fixup(self, frag, off, size, value, pcrel=False, kind=None, extra=None) -> Fixup:
        fx = Fixup(frag, off, size, value, pcrel, kind, (self.file, self.line), extra)
        frag.fixups.append(fx)
        return fx

    def emit_value(self, size: int, node, kind=None) -> None:
        """Emit a data value of ``size`` bytes from an expression tree (for .byte etc.)."""
        v = self.eval_expr(node)
        if not v.is_const:
            v = self._try_fold(v, False)
        if v.is_const and v.mod is None:
            c = v.const
            if size < 8:
                lim = 1 << (size * 8)
                if not (-lim // 2 <= c < lim):
                    self.warning(f"value 0x{c & ((1 << 64) - 1):x} truncated to "
                                 f"0x{c & (lim - 1):x}")
            self.data += (c & ((1 << (size * 8)) - 1)).to_bytes(size, "little")
            return
        if self.sec.type == C.SHT_NOBITS:
            raise AsmError(f"attempt to store non-zero value in section `{self.sec.name}'")
        frag = self.frag
        off = len(self.data)
        self.data += bytes(size)
        frag.fixups.append(Fixup(frag, off, size, v, False,
                                 kind if kind is not None else self.target.data_fixup_kind(size, v),
                                 (self.file, self.line)))

    def align(self, align: int, fill=None, maxskip: int = 0, fill_size: int = 1) -> None:
        if align <= 1:
            return
        self.record_alignment(align)
        f = self.frag
        if f.kind == FIXED and not f.data and f.addr == 0 and False:
            pass
        f.kind = ALIGN
        f.var = (align, fill, maxskip, fill_size)
        f.line = (self.file, self.line)
        self.new_frag()

    # ------------------------------------------------------------------------------------------
    # input
    def assemble_text(self, text: str, filename: str = "<stdin>") -> None:
        pre = getattr(self.target, "preprocess", None)
        if pre is not None:
            # target hook: whole-text scrubbing (AArch64: /* */ comments)
            text = pre(text)
        self.inputs.append(_Input(text.split("\n"), filename))
        self._run()

    def assemble_items(self, items, filename: str = "<pycc>", encode=None) -> None:
        """Assemble a compiler's output stream without reading assembly text for its
        instructions: a ``str`` item is a label (``name:``) or a directive (``\t.dir args``,
        handed to the directive's handler with its argument text); any other item is an
        instruction object handed to ``encode(item)``, the target's object encoder, which
        returns None when it encoded the item, or assembly text to read (inline asm
        templates, which are legitimately assembled). Used by pycc -c."""
        self.file = filename
        directives = self.directives
        for it in items:
            self.line += 1
            try:
                if type(it) is str:
                    if it[-1:] == ":" and it[0] not in "\t ":
                        self.define_label(it[:-1])
                        continue
                    s = it.lstrip()
                    if s[:1] == "." and "\n" not in s:
                        parts = s.split(None, 1)
                        h = directives.get(parts[0].lower())
                        if h is not None and not (self.cond_stack or self.collect is not None):
                            h(self, parts[1].rstrip() if len(parts) > 1 else "")
                            continue
                    text = it
                else:
                    text = encode(it)
                    if text is None:
                        continue
            except AsmError as e:
                self.error(str(e))
                continue
            except ExprError as e:
                self.error(str(e))
                continue
            line = self.line
            self.inputs.append(_Input(text.split("\n"), filename, line - 1))
            self._run()
            self.line = line

    def _run(self) -> None:
        inputs = self.inputs
        statement = self.statement
        simple = self._statement
        search = self._special_re.search
        while inputs:
            inp = inputs[-1]
            lines = inp.lines
            self.file = inp.file
            n = len(lines)
            while inp.i < n:
                i = inp.i
                inp.i = i + 1
                if inp.macro:
                    self.line = inp.loc_line
                else:
                    self.line = inp.base + i + 1
                try:
                    line = lines[i]
                    if self.collect is None and search(line) is None:
                        # no comment, separator or string on this line (statement's fast path)
                        simple(line)
                    else:
                        statement(line)
                except AsmError as e:
                    self.error(str(e))
                except ExprError as e:
                    self.error(str(e))
                except RecursionError:
                    self.error("expression or macro nests too deeply")
                except (ValueError, TypeError, IndexError, KeyError, AttributeError,
                        OverflowError, struct.error, UnicodeError) as e:
                    # malformed input that slipped past a check: a diagnostic, not a crash
                    self.error(f"bad statement ({type(e).__name__}: {e})")
                if inputs[-1] is not inp:
                    break
            else:
                if inputs and inputs[-1] is inp:
                    inputs.pop()
                    if inp.macro == "macro":
                        self.macro_depth -= 1

    macro_depth = 0
    stretch = 0

    def strip_comment(self, line: str) -> str:
        """Remove comments (outside strings and character constants)."""
        cc = self.comment_chars
        for c in cc:
            if c in line:
                break
        else:
            return line
        if '"' not in line and "'" not in line:
            cut = len(line)
            for c in cc:
                j = line.find(c)
                if 0 <= j < cut:
                    cut = j
            return line[:cut]
        i = 0
        n = len(line)
        while i < n:
            ch = line[i]
            if ch == '"':
                i += 1
                while i < n and line[i] != '"':
                    if line[i] == "\\":
                        i += 1
                    i += 1
            elif ch == "'":
                i += 2
                if i - 1 < n and line[i - 1] == "\\":
                    i += 1
                continue
            else:
                for c in cc:
                    if line.startswith(c, i):
                        return line[:i]
            i += 1
        return line

    def split_statements(self, line: str):
        seps = self.separators
        for s in seps:
            if s in line:
                break
        else:
            return (line,)
        return split_top(line, seps, False)

    def statement(self, line: str) -> None:
        # conditionals, macro and repeat bodies are handled before comments are removed from
        # bodies being recorded
        if self.collect is not None:
            self._collect_line(line)
            return
        if self._special_re.search(line) is None:
            # fast path: no comment, separator or string on this line
            self._statement(line)
            return
        s = line.lstrip()
        if not s:
            return
        if s[0] in self.line_comment_chars:
            # '# 1 "file"' line markers from cpp, or comments
            if s[0] == "#" and self.gen_debug:
                self._line_marker(s)
            if s.startswith("# ") or s.startswith("#\t") or s == "#" or \
                    self.line_comment_chars != self.comment_chars[0]:
                return
        line = self.strip_comment(line)
        for stmt in self.split_statements(line):
            self._statement(stmt)
            if self.collect is not None:
                # rest of a line after .rept/.macro on one line: rare, ignore
                break

    collect = None

    def _statement(self, s: str) -> None:
        # labels
        if self.cond_stack and not self.cond_stack[-1][0]:
            m = _WORD_RE.match(s)
            if m and m.group(1).startswith(".if") or (m and m.group(1) in
                                                       (".else", ".elseif", ".endif")):
                d = m.group(1)
                self.directives[d](self, s[m.end():].strip())
            return
        while ":" in s:
            m = _LABEL_RE.match(s)
            if m is None:
                m = _QLABEL_RE.match(s)
                if m is None:
                    break
            name = m.group(1)
            if not name[0].isdigit() and "@" in name:
                break
            self.define_label(name)
            s = s[m.end():]
        parts = s.split(None, 1)
        if not parts:
            return
        # first word
        word = parts[0]
        rest = parts[1].rstrip() if len(parts) > 1 else ""
        c0 = word[0]
        if c0 == ".":
            h = self.directives.get(word.lower())
            if h is not None:
                h(self, rest)
                return
        if self.macros:
            m = self.macros.get(word)
            if m is not None:
                self.expand_macro(m, rest)
                return
        if "=" in s:
            m = _ASSIGN_RE.match(s)
            if m and not rest.startswith(("==",)) or (m and word == m.group(1)):
                if m.group(2) == "==":
                    self.d_equiv(m.group(1) + "," + m.group(3))
                else:
                    self.d_set(m.group(1) + "," + m.group(3))
                return
        if c0 == ".":
            raise AsmError(f"unknown pseudo-op: `{word.lower()}'")
        if self.gen_debug:
            dw = self.dwarf
            self._debug_row()
            self.target.encode(word, rest)
            if dw.pending is not None and dw.pending[3].get("_gen"):
                dw.pending = None      # the statement emitted nothing
            return
        self.target.encode(word, rest)

    # -- -g: line rows for the assembly source ------------------------------------------------
    def debug_pos(self):
        """(file, line) GNU as gives the current statement in generated line info: cpp line
        markers apply, a macro expansion is at its invocation, a repeat body at its lines."""
        inp = self.inputs[-1] if self.inputs else None
        if inp is None:
            return self.file, self.line
        if inp.macro:
            lo = inp.line_of
            if lo is not None:
                base, n, f, delta = lo
                return f, base + 1 + (inp.i - 1) % n + delta
            return inp.dpos
        if inp.dactive:
            return (inp.dfile or inp.file), self.line + inp.ddelta
        return inp.file, self.line

    def _debug_row(self):
        f, ln = self.debug_pos()
        self.dwarf.auto_row(f, ln, bool(self.sec.flags & C.SHF_EXECINSTR))

    def _line_marker(self, s):
        m = _LINE_MARKER_RE.match(s)
        if m is None or not self.inputs:
            return
        inp = self.inputs[-1]
        if inp.macro:
            return
        name = None
        if m.group(2) is not None:
            name = parse_string(m.group(2), 0)[0].decode("utf-8", "surrogateescape")
        num = int(m.group(1))
        if num == 0 and name == "":
            # gcc's '# 0 "" 2' after an asm statement: back to the physical file and line
            inp.dfile = None
            inp.ddelta = 0
            inp.dactive = True
            return
        if name:
            inp.dfile = name
        inp.ddelta = num - (self.line + 1)
        inp.dactive = True

    # ------------------------------------------------------------------------------------------
    # argument helpers
    @staticmethod
    def split_args(text: str) -> list[str]:
        """Split a directive's operands at top-level commas (respecting strings/parens)."""
        if not text:
            return []
        if '"' not in text and "(" not in text and "'" not in text:
            return [a.strip() for a in text.split(",")]
        return [a.strip() for a in split_top(text, ",", True)]

    def sym_name(self, text: str) -> str:
        t = text.strip()
        if len(t) >= 2 and t[0] == '"' and t[-1] == '"':
            return t[1:-1]
        if not t or not re.fullmatch(r"[A-Za-z_.$][A-Za-z0-9_.$@]*|[0-9]+[bf]?", t):
            raise AsmError(f"expected symbol name" if not t else f"bad symbol name `{t}'")
        return t

    # ------------------------------------------------------------------------------------------
    # directives
    def _generic_directives(self) -> dict:
        d = {}
        for name in dir(self):
            if name.startswith("d_"):
                fn = getattr(type(self), name)
                d["." + name[2:]] = fn
        alias = {
            ".global": Assembler.d_globl, ".equ": Assembler.d_set, ".short": Assembler.d_value,
            ".hword": Assembler.d_value, ".2byte": Assembler.d_value, ".word": Assembler.d_word,
            ".int": Assembler.d_long, ".4byte": Assembler.d_long, ".8byte": Assembler.d_quad,
            ".string": Assembler.d_asciz, ".skip": Assembler.d_space, ".single": Assembler.d_float,
            ".ifnotdef": Assembler.d_ifndef, ".ifeqs": Assembler.d_ifc, ".ifnes": Assembler.d_ifnc,
            ".error": Assembler.d_err_msg, ".irepc": Assembler.d_irpc, ".irep": Assembler.d_irp,
            ".dc.b": Assembler.d_byte, ".dc.w": Assembler.d_value, ".dc.l": Assembler.d_long,
            ".dc.a": Assembler.d_quad, ".dc.d": Assembler.d_double, ".dc.s": Assembler.d_float,
            ".dc": Assembler.d_value, ".balignw": Assembler.d_balignw,
            ".balignl": Assembler.d_balignl, ".p2alignw": Assembler.d_p2alignw,
            ".p2alignl": Assembler.d_p2alignl, ".string8": Assembler.d_asciz,
            ".lsym": Assembler.d_set, ".sect": Assembler.d_section,
            ".section.s": Assembler.d_section,
        }
        d.update(alias)
        for name in (".file", ".loc", ".loc_mark_labels"):
            d[name] = getattr(Assembler, "d_" + name[1:])
        for name in [n for n in d if n.startswith(".cfi_")]:
            pass
        from . import dwarf
        for name, fn in dwarf.CFI.directive_table().items():
            d[name] = fn
        for name in (".ident", ".version", ".stabs", ".stabn", ".stabd", ".code64", ".code32",
                     ".code16", ".optim", ".eject", ".list", ".nolist", ".psize", ".sbttl",
                     ".title", ".lflags", ".noaltmacro_ignored", ".gnu_attribute",
                     ".addrsig", ".addrsig_sym", ".linkonce"):
            d.setdefault(name, Assembler.d_ignore)
        d[".ident"] = Assembler.d_ident
        d[".addrsig"] = Assembler.d_ignore
        d[".addrsig_sym"] = Assembler.d_ignore
        return d

    def d_ignore(self, args):
        pass

    # -- sections --
    def d_text(self, args):
        self.set_section(self.text_sec, self.abs_expr(args) if args else 0)

    def d_data(self, args):
        self.set_section(self.data_sec, self.abs_expr(args) if args else 0)

    def d_bss(self, args):
        self.set_section(self.bss_sec, self.abs_expr(args) if args else 0)

    def d_subsection(self, args):
        self.set_section(self.sec, self.abs_expr(args))

    def d_previous(self, args):
        if self.prev_section is None:
            raise AsmError(".previous without corresponding .section; ignored")
        sec, sub = self.prev_section
        self.set_section(sec, sub)

    def d_pushsection(self, args):
        self.section_stack.append((self.sec, self.subsec, self.prev_section))
        self.d_section(args)

    def d_popsection(self, args):
        if not self.section_stack:
            raise AsmError(".popsection without corresponding .pushsection; ignored")
        sec, sub, prev = self.section_stack.pop()
        self.set_section(sec, sub)
        self.prev_section = prev

    def d_section(self, args):
        parts = self.split_args(args)
        if not parts or not parts[0]:
            raise AsmError("missing name")
        name = parts[0]
        subsec = 0
        if name.startswith('"'):
            name = name[1:-1]
        else:
            # ".section name N" (subsection)
            sp = name.split()
            if len(sp) == 2 and sp[1].isdigit():
                name, subsec = sp[0], int(sp[1])
        type_ = flags = None
        entsize = 0
        group = None
        comdat = False
        linked = None
        unique = None
        if len(parts) > 1:
            fl = parts[1].strip()
            if fl.startswith('"'):
                fl = fl.strip('"')
                flags = 0
                for ch in fl:
                    if ch == "a":
                        flags |= C.SHF_ALLOC
                    elif ch == "w":
                        flags |= C.SHF_WRITE
                    elif ch == "x":
                        flags |= C.SHF_EXECINSTR
                    elif ch == "M":
                        flags |= C.SHF_MERGE
                    elif ch == "S":
                        flags |= C.SHF_STRINGS
                    elif ch == "G":
                        flags |= C.SHF_GROUP
                    elif ch == "T":
                        flags |= C.SHF_TLS
                    elif ch == "o":
                        flags |= C.SHF_LINK_ORDER
                    elif ch == "R":
                        flags |= C.SHF_GNU_RETAIN
                    elif ch == "e":
                        flags |= C.SHF_EXCLUDE
                    elif ch == "?":
                        if self.sec.group is not None:
                            flags |= C.SHF_GROUP
                            group = self.sec.group
                            comdat = self.sec.group_comdat
                    elif ch == "d":
                        flags |= 0x10000000
                    elif ch in "y":
                        flags |= 0x20000000
                    else:
                        raise AsmError(f"unknown section attribute '{ch}'" if True else "")
                rest = parts[2:]
                if rest:
                    t = rest[0].strip()
                    if t and t[0] in "@%":
                        tn = t[1:].lower()
                        if tn in _SECTION_TYPES:
                            type_ = _SECTION_TYPES[tn]
                        elif tn.isdigit() or tn.startswith("0x"):
                            type_ = int(tn, 0)
                        else:
                            raise AsmError(f"unrecognized section type `{t[1:]}'")
                        rest = rest[1:]
                    elif t.startswith('"'):
                        rest = rest[1:]
                if flags & C.SHF_MERGE:
                    if not rest:
                        raise AsmError("entity size for SHF_MERGE not specified")
                    entsize = self.abs_expr(rest[0])
                    rest = rest[1:]
                if flags & C.SHF_LINK_ORDER:
                    if rest:
                        linked = rest[0].strip()
                        rest = rest[1:]
                if flags & C.SHF_GROUP and group is None:
                    if not rest:
                        raise AsmError("group name for SHF_GROUP not specified")
                    group = rest[0].strip().strip('"')
                    rest = rest[1:]
                    if rest and rest[0].strip() == "comdat":
                        comdat = True
                        rest = rest[1:]
                if rest and rest[0].startswith("unique"):
                    u = rest[0].split(",")
                    unique = self.abs_expr(rest[1] if len(rest) > 1 else "0") \
                        if len(rest) > 1 else 0
                    rest = rest[2:]
            else:
                # old-style #alloc etc. or a numeric type
                flags = 0
                for p in parts[1:]:
                    p = p.strip()
                    if p == "#alloc":
                        flags |= C.SHF_ALLOC
                    elif p == "#write":
                        flags |= C.SHF_WRITE
                    elif p == "#execinstr":
                        flags |= C.SHF_EXECINSTR
                    elif p == "#tls":
                        flags |= C.SHF_TLS
                    elif p == "#exclude":
                        flags |= C.SHF_EXCLUDE
                    elif p and p[0] in "@%":
                        type_ = _SECTION_TYPES.get(p[1:].lower(), C.SHT_PROGBITS)
        if flags is not None and type_ is None:
            sp = special_section(name)
            type_ = sp[0] if sp else C.SHT_PROGBITS
            if name.startswith(".note"):
                type_ = C.SHT_NOTE
        if flags is not None and flags & C.SHF_GROUP and group is None:
            flags &= ~C.SHF_GROUP
        key = (name, group, unique)
        sec = self.sections.get(key)
        if sec is None:
            if flags is not None:
                flags_ = flags
                sp = special_section(name)
                if sp is not None and type_ == C.SHT_PROGBITS and sp[0] == C.SHT_NOBITS and \
                        not any(p.strip().startswith(("@", "%")) for p in parts[2:3]):
                    type_ = C.SHT_NOBITS
            else:
                flags_ = None
            sec = self.get_section(name, type_, flags_, entsize, group, comdat, linked, unique)
        else:
            if flags is not None and flags != (sec.flags & ~C.SHF_GROUP if group is None
                                               else sec.flags) and flags & ~C.SHF_GROUP != \
                    sec.flags & ~C.SHF_GROUP:
                self.warning(f"ignoring changed section attributes for {name}")
        self.set_section(sec, subsec)

    # -- symbols --
    def _sym_list(self, args):
        for a in self.split_args(args):
            if a:
                yield self.symbol(self.sym_name(a))

    def d_globl(self, args):
        for s in self._sym_list(args):
            if s.bind != C.STB_WEAK:
                s.bind = C.STB_GLOBAL

    def d_local(self, args):
        for s in self._sym_list(args):
            s.bind = C.STB_LOCAL
            s.explicit_local = True

    def d_weak(self, args):
        for s in self._sym_list(args):
            s.bind = C.STB_WEAK

    def d_hidden(self, args):
        for s in self._sym_list(args):
            s.other = (s.other & ~3) | C.STV_HIDDEN

    def d_protected(self, args):
        for s in self._sym_list(args):
            s.other = (s.other & ~3) | C.STV_PROTECTED

    def d_internal(self, args):
        for s in self._sym_list(args):
            s.other = (s.other & ~3) | C.STV_INTERNAL

    def d_type(self, args):
        parts = self.split_args(args)
        if len(parts) < 2:
            # "sym, @function" may be written as "sym @function"? gas needs a comma
            raise AsmError("expected comma after name in .type")
        s = self.symbol(self.sym_name(parts[0]))
        t = parts[1].strip()
        if t and t[0] in "@%\"":
            t = t.strip('"')[1:] if t[0] != '"' else t.strip('"').lstrip("@%")
        tl = t.lower()
        if tl not in _TYPE_NAMES:
            raise AsmError(f"unrecognized symbol type \"{t}\"")
        s.type = _TYPE_NAMES[tl]
        if tl == "gnu_unique_object":
            s.bind = 10
            self.gnu_unique = True
        if tl == "gnu_indirect_function":
            self.gnu_unique = True

    def d_size(self, args):
        parts = self.split_args(args)
        if len(parts) != 2:
            raise AsmError("expected comma after name in .size")
        s = self.symbol(self.sym_name(parts[0]))
        e = self.expr(parts[1])
        v = self.eval_expr(e)
        v2 = self._try_fold(v, False) if not v.is_const else v
        if v2.is_const:
            s.size = v2.const
            s.size_expr = None
        else:
            s.size_expr = e

    def d_set(self, args):
        parts = self.split_args(args)
        if len(parts) < 2:
            raise AsmError("expected comma after name in .set")
        name = self.sym_name(parts[0])
        self._assign(name, ",".join(parts[1:]))

    def _assign(self, name, text, equiv=False):
        e = self.expr(text.strip())
        s = self.symbol(name)
        if equiv and s.defined:
            raise AsmError(f"symbol `{name}' is already defined")
        if s.defined and not s.is_set and s.frag is not None:
            raise AsmError(f"symbol `{name}' is already defined")
        v = self.eval_expr(e)
        if not v.is_const:
            v = self._try_fold(v, False)
        s.is_set = True
        s.defined = True
        s.alias = e[1] if e[0] == "s" and e[2] is None and e[1] is not s else None
        if v.is_const and v.mod is None:
            s.section = ABS
            s.offset = v.const
            s.frag = None
            s.expr = None
        elif v.sub is None and v.mod is None and v.add is not None and v.add.defined and \
                v.add.expr is None and v.add.section not in (ABS, COMMON, None) and \
                v.add.frag is not None:
            a = v.add
            s.section = a.section
            s.frag = a.frag
            s.offset = a.offset + v.const
            s.expr = None
            if a.type != C.STT_NOTYPE and s.type == C.STT_NOTYPE and a.type != C.STT_SECTION:
                s.type = a.type
        else:
            s.expr = e
            s.frag = None
            s.section = UNDEF
            if v.add is not None and v.sub is None and v.add.type != C.STT_SECTION:
                if s.type == C.STT_NOTYPE:
                    s.type = v.add.type

    def d_equiv(self, args):
        parts = self.split_args(args)
        if len(parts) < 2:
            raise AsmError("expected comma after name in .equiv")
        self._assign(self.sym_name(parts[0]), ",".join(parts[1:]), equiv=True)

    def d_eqv(self, args):
        self.d_set(args)

    def d_comm(self, args, local=False):
        parts = self.split_args(args)
        if len(parts) < 2:
            raise AsmError("expected comma after symbol-name")
        s = self.symbol(self.sym_name(parts[0]))
        size = self.abs_expr(parts[1])
        align = self.abs_expr(parts[2]) if len(parts) > 2 and parts[2] else 0
        if size < 0:
            raise AsmError(f".COMMon length ({size}) out of range ignored")
        if s.defined and s.section is not COMMON:
            raise AsmError(f"symbol `{s.name}' is already defined")
        if local or s.bind == C.STB_LOCAL:
            self._bss_alloc(s, size, align)
            return
        s.section = COMMON
        s.defined = True
        s.size = max(size, s.size)
        if align == 0:
            # GNU as: the smallest power of two >= size, at most 16
            a = 1
            while a < size and a < 16:
                a *= 2
            align = a
        s.common_align = align
        s.offset = align
        if s.type == C.STT_NOTYPE:
            s.type = C.STT_OBJECT

    def d_lcomm(self, args):
        parts = self.split_args(args)
        if len(parts) < 2:
            raise AsmError("expected comma after symbol-name")
        s = self.symbol(self.sym_name(parts[0]))
        size = self.abs_expr(parts[1])
        align = self.abs_expr(parts[2]) if len(parts) > 2 else 0
        if not align:
            # GNU as: the largest power of two <= size, at most 8
            align = 1
            while align * 2 <= size and align < 8:
                align *= 2
        self._bss_alloc(s, size, align, lcomm=True)

    def _bss_alloc(self, s, size, align, lcomm=False):
        cur = (self.sec, self.subsec)
        prev = self.prev_section
        sec = self.bss_sec
        self.set_section(sec, 1)
        if align:
            if align & (align - 1):
                raise AsmError(f"alignment not a power of 2")
            self.align(align)
        s.frag = self.frag
        s.offset = len(self.data)
        s.section = sec
        s.defined = True
        s.size = size
        if s.type == C.STT_NOTYPE:
            s.type = C.STT_OBJECT
        self.data += bytes(size)
        self.set_section(*cur)
        self.prev_section = prev

    def d_weakref(self, args):
        parts = self.split_args(args)
        if len(parts) != 2:
            raise AsmError("expected comma after name in .weakref")
        alias = self.symbol(self.sym_name(parts[0]))
        tgt = self.symbol(self.sym_name(parts[1]))
        alias.weakref = tgt
        alias.expr = ("s", tgt, None)
        alias.is_set = True
        alias.defined = True
        if tgt.bind is None:
            tgt.bind = "weakrefd"

    def d_symver(self, args):
        parts = self.split_args(args)
        if len(parts) < 2:
            raise AsmError("expected comma after name in .symver")
        self.symvers.append((self.sym_name(parts[0]), parts[1].strip(),
                             parts[2].strip() if len(parts) > 2 else None))

    # -- data --
    def _data(self, args, size):
        if not args:
            return
        emit = self.emit_value
        if "," not in args and '"' not in args:
            a = args.strip()
            if a.isdigit():
                v = int(a)
                if v < (1 << (size * 8)):
                    self.data += v.to_bytes(size, "little")
                    return
            emit(size, self.expr(a))
            return
        for a in self.split_args(args):
            if not a:
                raise AsmError("missing expression")
            if a[0] == '"' and size == 1:
                b, _ = parse_string(a, 0)
                self.data += b
                continue
            emit(size, self.expr(a))

    def d_byte(self, args):
        self._data(args, 1)

    def d_value(self, args):
        self._data(args, 2)

    def d_word(self, args):
        self._data(args, 2)

    def d_long(self, args):
        self._data(args, 4)

    def d_quad(self, args):
        self._data(args, 8)

    def d_octa(self, args):
        for a in self.split_args(args):
            v = self.abs_expr(a)
            self.data += (v & ((1 << 128) - 1)).to_bytes(16, "little")

    def _strings(self, args, zero):
        for a in self.split_args(args):
            if not a:
                continue
            if a[0] != '"':
                raise AsmError("expected string")
            b, end = parse_string(a, 0)
            while end < len(a):
                # adjacent strings: "a" "b"
                rest = a[end:].lstrip()
                if not rest:
                    break
                if rest[0] != '"':
                    raise AsmError(f"junk at end of line, first unrecognized character is "
                                   f"`{rest[0]}'")
                b2, e2 = parse_string(rest, 0)
                b += b2
                a = rest
                end = e2
            if self.sec.type == C.SHT_NOBITS and any(b):
                raise AsmError(f"attempt to store non-zero value in section `{self.sec.name}'")
            self.data += b
            if zero:
                self.data.append(0)

    def d_ascii(self, args):
        self._strings(args, False)

    def d_asciz(self, args):
        self._strings(args, True)

    def _floats(self, args, fmt):
        for a in self.split_args(args):
            m = _FLOAT_RE.match(a)
            if not m:
                try:
                    v = float(self.abs_expr(a))
                except AsmError:
                    raise AsmError(f"bad floating literal: {a}") from None
            else:
                v = float(m.group(1))
            self.data += struct.pack(fmt, v)

    def d_float(self, args):
        self._floats(args, "<f")

    def d_double(self, args):
        self._floats(args, "<d")

    def d_uleb128(self, args):
        self._leb(args, False)

    def d_sleb128(self, args):
        self._leb(args, True)

    def _leb(self, args, signed):
        for a in self.split_args(args):
            v = self.eval_expr(self.expr(a))
            if not v.is_const:
                v = self._try_fold(v, False)
            if v.is_const:
                self.data += leb128(v.const, signed)
            else:
                f = self.frag
                f.kind = LEB
                f.var = (v, signed)
                f.line = (self.file, self.line)
                self.new_frag()

    def d_zero(self, args):
        n = self.abs_expr(args)
        if n < 0:
            raise AsmError("negative value ignored in .zero") if False else None
            return
        self.data += bytes(n)

    def d_space(self, args):
        parts = self.split_args(args)
        if not parts or not parts[0]:
            raise AsmError("missing expression")
        fill = self.abs_expr(parts[1]) & 0xFF if len(parts) > 1 else 0
        v = self.eval_expr(self.expr(parts[0]))
        if not v.is_const:
            v = self._try_fold(v, False)
        if v.is_const:
            n = v.const
            if n < 0:
                self.warning(".space, .nops or .fill with negative value, ignored")
                return
            if self.sec.type == C.SHT_NOBITS and fill:
                raise AsmError(f"attempt to store non-zero value in section `{self.sec.name}'")
            self.data += bytes([fill]) * n
            return
        f = self.frag
        f.kind = SPACE
        f.var = (v, fill)
        f.line = (self.file, self.line)
        self.new_frag()

    def d_fill(self, args):
        parts = self.split_args(args)
        rep = self.abs_expr(parts[0]) if parts and parts[0] else 0
        size = self.abs_expr(parts[1]) if len(parts) > 1 else 1
        val = self.abs_expr(parts[2]) if len(parts) > 2 else 0
        if rep < 0:
            self.warning("repeat < 0; .fill ignored")
            return
        if size > 8:
            size = 8
        if size <= 0:
            return
        unit = (val & 0xFFFFFFFF).to_bytes(4 if size > 4 else size, "little") \
            if size <= 4 else (val & 0xFFFFFFFF).to_bytes(4, "little") + bytes(size - 4)
        self.data += unit * rep

    def d_incbin(self, args):
        parts = self.split_args(args)
        if not parts or not parts[0].startswith('"'):
            raise AsmError("missing file name")
        name = parse_string(parts[0], 0)[0].decode("utf-8", "surrogateescape")
        skip = self.abs_expr(parts[1]) if len(parts) > 1 else 0
        count = self.abs_expr(parts[2]) if len(parts) > 2 else None
        path = self._find_include(name)
        if path is None:
            raise AsmError(f"file not found: {name}")
        with open(path, "rb") as f:
            data = f.read()
        if skip > len(data) or skip < 0:
            raise AsmError(f"skip ({skip}) or count ({count}) invalid for file size "
                           f"({len(data)})")
        data = data[skip:] if count is None else data[skip:skip + count]
        self.data += data

    def d_ident(self, args):
        cur = (self.sec, self.subsec)
        prev = self.prev_section
        sec = self.sections.get((".comment", None, None))
        if sec is None:
            sec = self.get_section(".comment", C.SHT_PROGBITS, C.SHF_MERGE | C.SHF_STRINGS, 1)
            self.set_section(sec, 0)
            self.data.append(0)
        else:
            self.set_section(sec, 0)
        self._strings(args, True)
        self.set_section(*cur)
        self.prev_section = prev

    def d_reloc(self, args):
        parts = self.split_args(args)
        if len(parts) < 2:
            raise AsmError("expected comma after offset in .reloc")
        off = self.eval_expr(self.expr(parts[0]))
        rname = parts[1].strip()
        val = self.eval_expr(self.expr(parts[2])) if len(parts) > 2 else Value(0)
        self.relocs_extra.append((self.sec, off, rname, val, (self.file, self.line)))

    # -- alignment --
    def _align_args(self, args, p2, fill_size=1):
        parts = self.split_args(args)
        if not parts or not parts[0]:
            a = 0
        else:
            a = self.abs_expr(parts[0])
        if a < 0:
            raise AsmError("alignment negative; 0 assumed" if False else
                           f"alignment negative")
        if p2:
            if a > 31:
                raise AsmError(f"alignment too large: 31 assumed")
            align = 1 << a
        else:
            align = a if a else 1
            if align & (align - 1):
                raise AsmError("alignment not a power of 2")
        fill = None
        if len(parts) > 1 and parts[1]:
            fill = self.abs_expr(parts[1])
        maxskip = 0
        if len(parts) > 2 and parts[2]:
            maxskip = self.abs_expr(parts[2])
        self.align(align, fill, maxskip, fill_size)

    def d_p2align(self, args):
        self._align_args(args, True)

    def d_p2alignw(self, args):
        self._align_args(args, True, 2)

    def d_p2alignl(self, args):
        self._align_args(args, True, 4)

    def d_balign(self, args):
        self._align_args(args, False)

    def d_balignw(self, args):
        self._align_args(args, False, 2)

    def d_balignl(self, args):
        self._align_args(args, False, 4)

    def d_align(self, args):
        # ELF targets: byte alignment
        self._align_args(args, False)

    def d_org(self, args):
        parts = self.split_args(args)
        v = self.eval_expr(self.expr(parts[0]))
        fill = self.abs_expr(parts[1]) & 0xFF if len(parts) > 1 else 0
        if v.add is not None and v.add.section is not self.sec and v.add.section is not ABS:
            raise AsmError("attempt to move .org backwards" if False else
                           "can't change section with .org")
        f = self.frag
        f.kind = ORG
        f.var = (v, fill)
        f.line = (self.file, self.line)
        self.new_frag()

    def d_nops(self, args):
        parts = self.split_args(args)
        n = self.abs_expr(parts[0])
        if n < 0:
            self.warning(".space, .nops or .fill with negative value, ignored")
            return
        self.data += self.target.nop_fill(n, 0, nops_directive=True) \
            if "nops_directive" in self.target.nop_fill.__code__.co_varnames else \
            self.target.nop_fill(n)

    # -- conditionals --
    def _if(self, cond: bool):
        parent = not self.cond_stack or self.cond_stack[-1][0]
        self.cond_stack.append([parent and cond, cond, parent])

    def _ifskip(self):
        """Inside an inactive block: push a dummy so nesting counts."""
        if self.cond_stack and not self.cond_stack[-1][0]:
            self.cond_stack.append([False, True, False])
            return True
        return False

    def _cond_expr(self, args):
        """The value of an .if expression; on error the block is still opened (false)."""
        try:
            if not args.strip():
                raise AsmError("non-constant expression in \".if\" statement")
            return self.abs_expr(args)
        except AsmError:
            self._if(False)
            raise

    def d_if(self, args):
        if self._ifskip():
            return
        self._if(self._cond_expr(args) != 0)

    def d_ifne(self, args):
        self.d_if(args)

    def d_ifeq(self, args):
        if self._ifskip():
            return
        self._if(self._cond_expr(args) == 0)

    def d_ifge(self, args):
        if self._ifskip():
            return
        self._if(self._cond_expr(args) >= 0)

    def d_ifgt(self, args):
        if self._ifskip():
            return
        self._if(self._cond_expr(args) > 0)

    def d_ifle(self, args):
        if self._ifskip():
            return
        self._if(self._cond_expr(args) <= 0)

    def d_iflt(self, args):
        if self._ifskip():
            return
        self._if(self._cond_expr(args) < 0)

    def d_ifdef(self, args):
        if self._ifskip():
            return
        s = self.symbols.get(self.sym_name(args))
        self._if(s is not None and (s.defined or s.section is not None))

    def d_ifndef(self, args):
        if self._ifskip():
            return
        s = self.symbols.get(self.sym_name(args))
        self._if(not (s is not None and (s.defined or s.section is not None)))

    def d_ifb(self, args):
        if self._ifskip():
            return
        self._if(not args.strip())

    def d_ifnb(self, args):
        if self._ifskip():
            return
        self._if(bool(args.strip()))

    def _ifc_args(self, args):
        def one(t, i):
            t = t.lstrip()
            if t.startswith("'"):
                j = t.find("'", 1)
                return t[1:j], t[j + 1:]
            j = t.find(",")
            if j < 0:
                return t.strip(), ""
            return t[:j].strip(), t[j:]
        a, rest = one(args, 0)
        rest = rest.lstrip()
        if rest.startswith(","):
            rest = rest[1:]
        b, _ = one(rest, 0)
        return a, b

    def d_ifc(self, args):
        if self._ifskip():
            return
        a, b = self._ifc_args(args)
        self._if(a == b)

    def d_ifnc(self, args):
        if self._ifskip():
            return
        a, b = self._ifc_args(args)
        self._if(a != b)

    def d_elseif(self, args):
        if not self.cond_stack:
            raise AsmError("\".elseif\" without matching \".if\"")
        top = self.cond_stack[-1]
        if top[1] or not top[2]:
            top[0] = False
        else:
            c = self.abs_expr(args) != 0
            top[0] = c
            top[1] = c

    def d_else(self, args):
        if not self.cond_stack:
            raise AsmError("\".else\" without matching \".if\"")
        top = self.cond_stack[-1]
        top[0] = top[2] and not top[1]
        top[1] = True

    def d_endif(self, args):
        if not self.cond_stack:
            raise AsmError("\".endif\" without \".if\"")
        self.cond_stack.pop()

    # -- messages --
    def d_err(self, args):
        raise AsmError(".err encountered")

    def d_err_msg(self, args):
        msg = parse_string(args.strip(), 0)[0].decode() if args.strip().startswith('"') \
            else args
        raise AsmError(msg or ".error directive invoked in source file")

    def d_warning(self, args):
        msg = parse_string(args.strip(), 0)[0].decode() if args.strip().startswith('"') \
            else args
        self.warning(msg or ".warning directive invoked in source file")

    def d_print(self, args):
        import sys
        msg = parse_string(args.strip(), 0)[0].decode() if args.strip().startswith('"') \
            else args
        sys.stdout.write(msg + "\n")

    def d_fail(self, args):
        v = self.abs_expr(args)
        if v >= 500:
            self.warning(f".fail {v} encountered")
        else:
            raise AsmError(f".fail {v} encountered")

    def d_end(self, args):
        for inp in self.inputs:
            inp.i = len(inp.lines)

    def d_include(self, args):
        a = args.strip()
        if not a.startswith('"'):
            raise AsmError("missing string")
        name = parse_string(a, 0)[0].decode("utf-8", "surrogateescape")
        path = self._find_include(name)
        if path is None:
            raise AsmError(f"can't open {name} for reading: No such file or directory")
        if len(self.inputs) > 100:
            raise AsmError("too many nested includes")
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            text = f.read()
        pre = getattr(self.target, "preprocess", None)
        if pre is not None:
            text = pre(text)
        self.inputs.append(_Input(text.split("\n"), path))

    def _find_include(self, name):
        if os.path.isabs(name):
            return name if os.path.exists(name) else None
        d = os.path.dirname(self.file)
        cands = [os.path.join(d, name) if d else name, name]
        cands += [os.path.join(d, name) for d in self.include_dirs]
        for c in cands:
            if os.path.isfile(c):
                return c
        return None

    # -- macros and repeats --
    def d_macro(self, args):
        a = args.strip()
        m = re.match(r"([A-Za-z_.$][A-Za-z0-9_.$]*)\s*,?\s*(.*)$", a)
        if not m:
            raise AsmError("expected name after .macro")
        name = m.group(1)
        params = []
        ptext = m.group(2).strip()
        if ptext:
            for p in re.split(r"\s*,\s*|\s+(?=[A-Za-z_])", ptext):
                if not p:
                    continue
                default = None
                req = False
                va = False
                if "=" in p:
                    p, default = p.split("=", 1)
                    p = p.strip()
                    default = default.strip()
                if p.endswith(":req"):
                    p = p[:-4]
                    req = True
                elif p.endswith(":vararg"):
                    p = p[:-7]
                    va = True
                params.append((p, default, req, va))
        self.collect = ["macro", [], 1, name, params]

    def _collect_line(self, line):
        st = self.collect
        s = line.strip()
        w = s.split(None, 1)[0].lower() if s else ""
        # strip labels for nesting detection
        if st[0] == "macro":
            if w == ".macro":
                st[2] += 1
            elif w in (".endm", ".endmacro"):
                st[2] -= 1
                if st[2] == 0:
                    self.collect = None
                    name, params = st[3], st[4]
                    self.macros[name] = Macro(name, params, st[1])
                    return
        else:
            if w in (".rept", ".irp", ".irpc", ".irep", ".irepc"):
                st[2] += 1
            elif w == ".endr":
                st[2] -= 1
                if st[2] == 0:
                    self.collect = None
                    self._expand_repeat(st)
                    return
        st[1].append(line)

    def d_endm(self, args):
        raise AsmError("unexpected .endm")

    d_endmacro = d_endm

    def d_endr(self, args):
        raise AsmError("unexpected .endr")

    def d_exitm(self, args):
        # leave the innermost macro expansion
        for inp in reversed(self.inputs):
            if inp.macro == "macro":
                inp.i = len(inp.lines)
                break

    def d_purgem(self, args):
        for a in self.split_args(args):
            if a not in self.macros:
                raise AsmError(f".purgem: macro `{a}' was not defined")
            del self.macros[a]

    def d_rept(self, args):
        n = self.abs_expr(args)
        self.collect = ["rept", [], 1, max(n, 0), (self.file, self.line)]

    def d_irp(self, args):
        parts = self.split_args(args)
        if not parts or not parts[0]:
            raise AsmError("missing model parameter")
        name = parts[0]
        if " " in name:
            name, first = name.split(None, 1)
            parts = [name, first] + parts[1:]
        self.collect = ["irp", [], 1, (parts[0].strip(), parts[1:]), (self.file, self.line)]

    def d_irpc(self, args):
        parts = self.split_args(args)
        if not parts or not parts[0]:
            raise AsmError("missing model parameter")
        if len(parts) == 1 and " " in parts[0]:
            parts = parts[0].split(None, 1)
        self.collect = ["irpc", [], 1, (parts[0].strip(), parts[1] if len(parts) > 1 else ""),
                        (self.file, self.line)]

    def _expand_repeat(self, st):
        kind, body = st[0], st[1]
        out = []
        if kind == "rept":
            for k in range(st[3]):
                out += [ln.replace("\\+", str(k)) for ln in body]
        elif kind == "irp":
            name, vals = st[3]
            if not vals:
                vals = [""]
            for v in vals:
                out += [_subst_params(ln, {name: v}) for ln in body]
        else:
            name, chars = st[3]
            for ch in chars:
                out += [_subst_params(ln, {name: ch}) for ln in body]
        if len(out) > 2000000:
            raise AsmError("repeat expands too much")
        inp = _Input(out, self.file, macro=True, loc_line=self.line)
        if self.gen_debug:
            parent = self.inputs[-1] if self.inputs else None
            if parent is not None and not parent.macro and body:
                # a repeat body's rows are at the body's own lines
                if parent.dactive:
                    inp.line_of = (st[4][1], len(body), parent.dfile or parent.file,
                                   parent.ddelta)
                else:
                    inp.line_of = (st[4][1], len(body), parent.file, 0)
            else:
                inp.dpos = self.debug_pos()
        self.inputs.append(inp)

    def expand_macro(self, m: Macro, args: str):
        self.macro_count += 1
        if self.macro_depth >= 100:
            # GNU as's limit (max_macro_nest), and like GNU as a fatal error: every level of a
            # runaway expansion would otherwise report the rest of its body again
            if self.diag is None:
                raise AsmError("macros nested too deeply")
            from ..diag import Location
            self.diag.fatal("macros nested too deeply", Location(self.file, self.line))
        vals = _split_macro_args(args, self.altmacro)
        binding = {}
        kw = {}
        pos = []
        vals = [v[1:-1] if len(v) >= 2 and v[0] == '"' and v[-1] == '"' and
                '"' not in v[1:-1] else v for v in vals]
        if self.altmacro:
            # .altmacro: %expr passes the value, <text> passes the text
            out = []
            for v in vals:
                if v.startswith("%"):
                    v = str(self.abs_expr(v[1:]))
                elif len(v) >= 2 and v[0] == "<" and v[-1] == ">":
                    v = v[1:-1].replace("!", "") if "!" in v else v[1:-1]
                out.append(v)
            vals = out
        for v in vals:
            mm = re.match(r"([A-Za-z_.$][A-Za-z0-9_.$]*)\s*=(?!=)\s*(.*)$", v)
            if mm and any(p[0] == mm.group(1) for p in m.params):
                kw[mm.group(1)] = mm.group(2)
            else:
                pos.append(v)
        for i, (pname, default, req, va) in enumerate(m.params):
            if pname in kw:
                binding[pname] = kw[pname]
            elif va:
                binding[pname] = ",".join(pos[i:]) if i < len(pos) else (default or "")
            elif i < len(pos) and pos[i] != "":
                binding[pname] = pos[i]
            else:
                if req:
                    raise AsmError(f"Missing value for required parameter `{pname}' of macro "
                                   f"`{m.name}'")
                binding[pname] = default or ""
        binding["@"] = str(self.macro_count - 1)
        out = [_subst_params(ln, binding) for ln in m.body]
        self.macro_depth += 1
        inp = _Input(out, self.file, macro="macro", loc_line=self.line)
        if self.gen_debug:
            inp.dpos = self.debug_pos()
        self.inputs.append(inp)

    def d_altmacro(self, args):
        self.altmacro = True

    def d_noaltmacro(self, args):
        self.altmacro = False

    # -- debug line info --
    def d_file(self, args):
        self.dwarf.d_file(args)

    def d_loc(self, args):
        self.dwarf.d_loc(args)

    def d_loc_mark_labels(self, args):
        pass

    # ------------------------------------------------------------------------------------------
    # layout and relaxation
    def _collect_frags(self):
        for sec in self.section_list:
            frags = []
            for k in sorted(sec.subsecs):
                frags += sec.subsecs[k]
            prev = None
            for f in frags:
                if prev is not None:
                    prev.next = f
                prev = f
            if prev is not None:
                prev.next = None
            sec.frags = frags

    def relax(self, sections=None, warm=False) -> None:
        """Assign addresses, growing variable fragments until nothing changes.

        ``warm``: the fragments of a section's previous (converged) relaxation that are still
        its first fragments, unchanged, keep their sizes, which are a fixpoint: only the
        fragments after them (debug info, end padding) are sized from scratch, and an unchanged
        section is left as it is. The result is the one a relaxation from scratch reaches.
        A section of fixed parts and alignments only is laid out in one pass."""
        secs = sections if sections is not None else self.section_list
        target = self.target
        init = getattr(target, "relax_initial", None)
        todo = []
        for sec in secs:
            addr = 0
            region = 0
            frags = sec.frags
            keep = 0
            laid = sec.laid if warm else None
            if laid is not None:
                # the unchanged prefix (same fragment, fixed size and kind) keeps its layout
                for (a, n, k), b in zip(laid, frags):
                    if a is not b or n != len(b.data) or k != b.kind or k > RELAX:
                        # (.org/.space/.uleb128/callback sizes follow expressions whose
                        # symbols may have changed since: view numbers)
                        break
                    keep += 1
                if keep == len(laid) == len(frags):
                    continue           # nothing new: its layout stands
            static = True              # only fixed parts and alignments: laid out at once
            for n, f in enumerate(frags):
                f.seq = n
                f.region = region
                if n < keep:
                    if f.kind == ALIGN:
                        region += 1
                    addr += len(f.data) + f.varsize
                    continue
                f.addr = addr
                k = f.kind
                if k > ALIGN:
                    static = False
                if k == RELAX and init is not None:
                    f.varsize = init(f)
                elif k == ALIGN:
                    align, fill, maxskip, fs = f.var
                    pad = (-(addr + len(f.data))) % align
                    if maxskip and pad > maxskip:
                        pad = 0
                    f.varsize = pad
                    region += 1
                elif k == LEB:
                    f.varsize = 1
                addr += len(f.data) + f.varsize
            if static:
                sec.size = addr
                sec.laid = [(f, len(f.data), f.kind) for f in frags]
            else:
                todo.append(sec)
        secs = todo
        converged = False
        relax_size = target.relax_size
        stretch = target.relax_uses_stretch
        plan_of = target.relax_plan
        for it in range(200):
            changed = False
            for sec in secs:
                addr = 0
                for f in sec.frags:
                    k = f.kind
                    if k <= FIXED:            # FIXED or BREAK
                        f.addr = addr
                        addr += len(f.data)
                    elif k == RELAX and not stretch:
                        f.addr = addr
                        addr += len(f.data)
                        p = f.plan
                        if p is None:
                            p = f.plan = plan_of(f)
                        if p is False:
                            n = relax_size(f, addr)
                        elif p.__class__ is int:
                            n = p
                        else:
                            tf, off, lo1, hi1, s1, lo2, hi2, s2, far = p
                            d = tf.addr + off - addr
                            n = s1 if lo1 <= d < hi1 else s2 if lo2 <= d < hi2 else far
                        v = f.varsize
                        if n != v and (n > v or it < 100):
                            f.varsize = v = n
                            changed = True
                        addr += v
                    else:
                        self.stretch = addr - f.addr
                        f.addr = addr
                        addr += len(f.data)
                        if k == ALIGN:
                            align, fill, maxskip, fs = f.var
                            pad = (-addr) % align
                            if maxskip and pad > maxskip:
                                pad = 0
                            f.varsize = pad
                        elif k == RELAX:
                            n = relax_size(f, addr)
                            if n != f.varsize:
                                if n > f.varsize or it < 100:
                                    f.varsize = n
                                    changed = True
                        elif k == ORG:
                            v = f.var[0]
                            tgt = self._org_target(v)
                            n = tgt - addr
                            f.varsize = n if n >= 0 else 0
                            if n < 0:
                                f.var = (v, f.var[1], "backwards")
                        elif k == SPACE:
                            n = self._final_const(f.var[0], f, soft=True)
                            n = max(n, 0) if n is not None else 0
                            if n != f.varsize:
                                f.varsize = n
                                changed = True
                        elif k == LEB:
                            n = self._final_const(f.var[0], f, soft=True)
                            n = len(leb128(n, f.var[1])) if n is not None else 1
                            if n > f.varsize:
                                f.varsize = n
                                changed = True
                        elif k == CALLBACK:
                            n = f.var.size(self, f, addr)
                            if n != f.varsize:
                                f.varsize = n
                                changed = True
                        addr += f.varsize
                sec.size = addr
            if not changed:
                converged = it < 100        # shrinking is refused from pass 100 on
                break
        for sec in secs:
            sec.laid = [(f, len(f.data), f.kind) for f in sec.frags] if converged else None

    def _org_target(self, v: Value) -> int:
        if v.add is None:
            return v.const
        s = v.add
        if s.frag is not None:
            return s.frag.addr + s.offset + v.const
        return v.const

    def _final_const(self, v: Value, frag, soft=False):
        try:
            w = self._try_fold(self._resolve_value(v), True)
        except AsmError:
            if soft:
                return None
            raise
        if not w.is_const:
            if soft:
                return None
            raise AsmError("expression is not absolute")
        return w.const

    def _resolve_value(self, v: Value) -> Value:
        """Replace equated symbols in a Value by what they stand for (at the end)."""
        a, b = v.add, v.sub
        const = v.const
        if a is not None and a.expr is not None:
            w = self._eval_sym(a, True)
            if w.add is a or (w.add is not None and w.add.expr is not None and w.add is a):
                pass
            else:
                if w.sub is not None and b is not None:
                    raise AsmError("expression too complex")
                const += w.const
                a = w.add
                if w.sub is not None:
                    b = w.sub
                if w.add is not None and w.add.expr is not None and w.add is not v.add:
                    return self._resolve_value(Value(const, w.add, b, v.mod))
        if b is not None and b.expr is not None:
            w = self._eval_sym(b, True)
            if w.sub is not None:
                raise AsmError("expression too complex")
            const -= w.const
            b = w.add
        if a is not None and a.section is ABS and a.expr is None:
            const += a.offset
            a = None
        if b is not None and b.section is ABS and b.expr is None:
            const -= b.offset
            b = None
        return Value(const, a, b, v.mod)

    def finish_frags(self) -> None:
        """Turn variable parts into bytes (after relax)."""
        target = self.target
        for sec in self.section_list:
            for f in sec.frags:
                k = f.kind
                if k == FIXED:
                    continue
                if k == ALIGN:
                    align, fill, maxskip, fs = f.var
                    n = f.varsize
                    if n:
                        if fill is None:
                            if sec.is_code:
                                f.data += target.nop_fill(n, f.addr + len(f.data))
                            else:
                                f.data += bytes(n)
                        else:
                            unit = (fill & ((1 << (8 * fs)) - 1)).to_bytes(fs, "little")
                            pad = (unit * (n // fs + 1))[:n]
                            if fs > 1 and n % fs:
                                pad = bytes(n % fs) + (unit * (n // fs))
                            f.data += pad
                elif k == RELAX:
                    line = f.line
                    self.file, self.line = line if line else (self.file, self.line)
                    n0 = len(f.fixups)
                    target.relax_finish(f)
                    for fx in f.fixups[n0:]:
                        fx.late = True
                elif k == ORG:
                    if len(f.var) > 2:
                        self.file, self.line = f.line
                        self.error("attempt to move .org backwards")
                    f.data += bytes([f.var[1]]) * f.varsize
                elif k == SPACE:
                    self.file, self.line = f.line
                    n = self._final_const(f.var[0], f, soft=True)
                    if n is None:
                        self.error(".space specifies non-absolute value")
                        n = 0
                    f.data += bytes([f.var[1]]) * max(n, 0)
                elif k == LEB:
                    self.file, self.line = f.line
                    n = self._final_const(f.var[0], f, soft=True)
                    if n is None:
                        # gas emits a relocation-free zero: report
                        self.error("uleb128/sleb128 of non-constant expression" if True else "")
                        n = 0
                    b = leb128(n, f.var[1])
                    if len(b) < f.varsize:
                        # pad to the relaxed size
                        b = bytearray(b)
                        b[-1] |= 0x80
                        while len(b) < f.varsize - 1:
                            b.append(0x80)
                        b.append(0 if not (f.var[1] and n < 0) else 0x7F)
                    f.data += b
                elif k == CALLBACK:
                    f.var.finish(self, f)
                f.kind = FIXED
                f.varsize = 0

    # ------------------------------------------------------------------------------------------
    # fixups -> relocations
    def resolve_fixups(self) -> None:
        target = self.target
        for sec in self.section_list:
            relocs = []
            # GNU as's order: fixups in creation order, those of relaxed jumps last
            fixups = [fx for f in sec.frags for fx in f.fixups]
            if target.late_relax_fixups:
                fixups = [fx for fx in fixups if not fx.late] + [fx for fx in fixups if fx.late]
            for fx in fixups:
                self.file, self.line = fx.loc
                try:
                    r = self._resolve_fixup(fx, sec)
                except AsmError as e:
                    self.error(str(e))
                    continue
                if r is not None:
                    if type(r) is list:
                        relocs += r
                    else:
                        relocs.append(r)
            for (rsec, offv, rname, val, loc) in self.relocs_extra:
                if rsec is not sec:
                    continue
                self.file, self.line = loc
                try:
                    relocs.append(self._dot_reloc(sec, offv, rname, val))
                except AsmError as e:
                    self.error(str(e))
            sec.info = relocs

    def _sym_addr(self, s: Sym) -> int:
        return s.frag.addr + s.offset if s.frag is not None else s.offset

    def _resolve_fixup(self, fx: Fixup, sec: AsmSection):
        target = self.target
        v = self._resolve_value(fx.value)
        a, b = v.add, v.sub
        const = v.const
        P = fx.frag.addr + fx.off
        if b is not None:
            if a is not None and a.section is b.section and a.defined and b.defined and \
                    a.section not in (None, COMMON) and not (
                        target.keep_label_differences and target.diff_needs_reloc(a, b, False)):
                const += self._sym_addr(a) - self._sym_addr(b)
                a = b = None
            elif b.section is sec and b.defined and not fx.pcrel and \
                    not target.keep_label_differences:
                # sym - label_in_this_section -> pc-relative
                const += P - self._sym_addr(b)
                b = None
                fx.pcrel = True
            elif target.keep_label_differences and a is not None:
                return target.symbolic_difference(fx, Value(const, a, b, v.mod), sec)
            else:
                if b.defined:
                    raise AsmError(f"can't resolve `{a.name if a else '0'}' {{"
                                   f"{_secname(a)} section}} - `{b.name}' {{{_secname(b)} "
                                   f"section}}")
                raise AsmError(f"can't resolve value for symbol `{b.name}'")
        if a is not None and a.section is ABS:
            const += a.offset
            a = None
        v = Value(const, a, None, v.mod)
        if a is None and v.mod is None:
            if fx.pcrel:
                # absolute target of a pc-relative field: relocation without symbol
                rtype = target.reloc_type(fx, v)
                return Reloc(P, rtype, None, const - 0) if rtype is not None else None
            err = target.apply_fixup(fx, const)
            if err:
                raise AsmError(err)
            return None
        if a is not None and fx.pcrel and v.mod is None and a.section is sec and a.defined and \
                a.frag is not None and target.pcrel_local_resolvable(fx, a):
            err = target.apply_fixup(fx, self._sym_addr(a) + const - P)
            if err:
                raise AsmError(err)
            return None
        rtype = target.reloc_type(fx, v)
        if rtype is None:
            return None
        rsym = a
        addend = const
        if a is not None:
            if a.weakref is not None:
                a = a.weakref
                rsym = a
            if (a.bind in (None, C.STB_LOCAL, "weakrefd") and a.bind != "weakrefd") and \
                    a.defined and a.section not in (None, ABS, COMMON) and a.frag is not None:
                asec = a.section
                adjust = target.fix_adjustable(fx, rtype)
                if asec.flags & C.SHF_MERGE and (const != 0 or fx.pcrel and
                                                  target.no_pcrel_merge_adjust):
                    adjust = False
                if adjust:
                    rsym = asec.sym
                    addend = const + self._sym_addr(a)
            if not rsym.used_reloc and rsym.temp and rsym.type != C.STT_SECTION:
                self.converted.append(rsym)
            rsym.used_reloc = True
            if rtype in target.tls_relocs:
                a.tls = True
        err = target.apply_fixup(fx, target.inplace_addend(fx, rtype, addend)) \
            if hasattr(target, "inplace_addend") else None
        if err:
            raise AsmError(err)
        return Reloc(P, rtype, rsym, addend)

    def _dot_reloc(self, sec, offv, rname, val):
        offv = self._resolve_value(offv)
        if offv.add is not None:
            off = self._sym_addr(offv.add) + offv.const
        else:
            off = offv.const
        relocs = self.tdesc.arch.relocs.RELOCS if hasattr(self.tdesc.arch, "relocs") else None
        import importlib
        rt = importlib.import_module(f"toolchain.arch.{self.tdesc.name}.relocs").RELOCS
        if rname.isdigit() or rname.startswith("0x"):
            rtype = int(rname, 0)
        else:
            name = rname.upper()
            t = rt.by_name.get(name) or rt.by_name.get(self.target.reloc_prefix + name) \
                if hasattr(self.target, "reloc_prefix") else rt.by_name.get(name)
            if t is None and name.startswith("BFD_RELOC_"):
                t = None
            if t is None:
                raise AsmError(f"unknown relocation name `{rname}'" if False else
                               f"bad .reloc type `{rname}'" if False else
                               f"unrecognized reloc type `{rname}'" if False else
                               f"bad reloc type: {rname}")
            rtype = t.num
        v = self._resolve_value(val)
        sym = v.add
        addend = v.const
        if sym is not None:
            if sym.bind in (None, C.STB_LOCAL) and sym.defined and sym.frag is not None:
                addend += self._sym_addr(sym)
                sym = sym.section.sym
            sym.used_reloc = True
        return Reloc(off, rtype, sym, addend)

    # ------------------------------------------------------------------------------------------
    # the whole pipeline's end: build the object
    def finish(self) -> ObjectFile | None:
        """Lay out, resolve and build the object; None if there were errors."""
        try:
            return self._finish()
        except (ValueError, TypeError, IndexError, KeyError, AttributeError, OverflowError,
                struct.error, UnicodeError) as e:
            self.error(f"cannot complete the object ({type(e).__name__}: {e})")
            return None

    def _finish(self) -> ObjectFile | None:
        if self.collect is not None:
            self.error(f"end of file inside {'macro' if self.collect[0] == 'macro' else '.rept'}"
                       " definition" if False else "missing .endm" if self.collect[0] == "macro"
                       else "missing .endr")
            self.collect = None
        if self.cond_stack:
            self.warning("end of file in conditional" if False else
                         "end of file not at end of a line; newline inserted" if False else
                         "missing .endif")
        self.cfi.check_open()
        self.target.finish()
        self._freeze_equates()
        self._collect_frags()
        self.relax()
        if self.errors:
            return None
        if self.dwarf.rows:
            from . import dwarf_line
            dwarf_line.assign_views(self.dwarf)
        if self.dwarf.rows and (self.gen_debug or
                                (".debug_info", None, None) not in self.sections):
            # -g, or line info without a .debug_info of the source's: GNU as adds the
            # compilation unit, abbreviations, address ranges and strings
            from . import dwarf_info
            dwarf_info.generate(self)
        else:
            self.dwarf.generate()
        self.target.generate_frames()
        self._collect_frags()
        self.relax(warm=True)
        self.finish_frags()
        for s in self.deferred_syms:
            if s not in self.sym_order:
                self.sym_order.append(s)
        self.resolve_fixups()
        self._finish_symbols()
        if self.errors:
            return None
        return self.build_object()

    def _freeze_equates(self) -> None:
        """Equated symbols whose value is now a label plus a constant become labels there
        (GNU as then treats them as ordinary symbols of that section)."""
        for _ in range(4):
            changed = False
            for s in self.sym_order:
                if s.expr is None or s.weakref is not None or not s.is_set:
                    continue
                try:
                    v = self.eval_expr(s.expr)
                except AsmError:
                    continue
                if not v.is_const:
                    v = self._try_fold(v, False)
                if v.mod is not None or v.sub is not None:
                    continue
                a = v.add
                if a is None:
                    s.section = ABS
                    s.offset = v.const
                    s.expr = None
                    changed = True
                elif a.expr is None and a.frag is not None and a.defined and \
                        isinstance(a.section, AsmSection):
                    s.frag = a.frag
                    s.offset = a.offset + v.const
                    s.section = a.section
                    s.expr = None
                    changed = True
            if not changed:
                break

    def _finish_symbols(self) -> None:
        for s in self.sym_order:
            if s.size_expr is not None:
                continue
            a = s.alias
            n = 0
            while a is not None and n < 16:
                if a.size_expr is not None or a.size:
                    break
                a = a.alias
                n += 1
            if a is not None and s.size == 0:
                # GNU as gives an alias (.set x, y) the size and type of what it stands for
                if a.size_expr is not None:
                    s.size_expr = a.size_expr
                else:
                    s.size = a.size
            if s.alias is not None and s.type == C.STT_NOTYPE:
                s.type = s.alias.type if s.alias.type != C.STT_SECTION else s.type
        for s in self.sym_order:
            if s.size_expr is not None:
                self.file, self.line = "", 0
                try:
                    n = self._final_const(self.eval_expr(s.size_expr, True), None)
                    s.size = n
                except AsmError as e:
                    self.error(f".size expression for {s.name} does not evaluate to a constant")

    def build_object(self) -> ObjectFile:
        t = self.target
        obj = ObjectFile(t.elf_machine, t.elf_flags())
        if self.gnu_unique:
            obj.osabi = C.ELFOSABI_GNU
        # groups
        groups = {}
        for sec in self.section_list:
            if sec.group is not None and sec.group not in groups:
                g = Section(".group", C.SHT_GROUP, 0, align=4, entsize=4)
                g.group_flags = C.GRP_COMDAT if sec.group_comdat else 0
                g.members = []
                groups[sec.group] = g
        elf_secs = {}
        for g in groups.values():
            pass
        # gas puts each group section before its first member
        out = []
        placed = set()
        for sec in self.section_list:
            if sec.group is not None and sec.group not in placed:
                placed.add(sec.group)
                out.append(groups[sec.group])
            if sec.type == C.SHT_NOBITS:
                es = Section(sec.name, sec.type, sec.flags, None, sec.align, sec.entsize,
                             size=sec.size)
            else:
                data = bytearray()
                for f in sec.frags:
                    data += f.data
                es = Section(sec.name, sec.type, sec.flags, data, sec.align, sec.entsize)
            sec.elf = es
            if sec.group is not None:
                es.group = groups[sec.group]
                groups[sec.group].members.append(es)
            out.append(es)
        for sec in self.section_list:
            if sec.linked:
                ln = self.sections.get((sec.linked, None, None))
                if ln is None:
                    for k, s2 in self.sections.items():
                        if k[0] == sec.linked:
                            ln = s2
                            break
                if ln is not None:
                    sec.elf.link_to = ln.elf
                else:
                    s = self.symbols.get(sec.linked)
                    if s is not None and isinstance(s.section, AsmSection):
                        sec.elf.link_to = s.section.elf
        # GNU as puts the group sections first
        out = [x for x in out if x.type == C.SHT_GROUP] + [x for x in out
                                                             if x.type != C.SHT_GROUP]
        obj.sections = out
        # symbols
        syms = []
        keep_secsyms = getattr(t, "keep_section_symbols", False)
        for fs in self.file_syms:
            e = Symbol(fs.name, 0, 0, C.STB_LOCAL, C.STT_FILE, 0, None, C.SHN_ABS)
            syms.append(e)
        ordered = getattr(t, "ordered_section_symbols", False) and not keep_secsyms
        for sec in self.section_list:
            if keep_secsyms or (ordered and sec.name not in _LAZY_SECTION_SYMBOLS):
                continue
            if sec.sym.used_reloc or (sec.group is not None and sec.sym.extra_needed
                                      if hasattr(sec.sym, "extra_needed") else False):
                e = Symbol(sec.name, 0, 0, C.STB_LOCAL, C.STT_SECTION, 0, sec.elf)
                sec.sym.elf = e
                syms.append(e)
        globals_ = []
        order = self.sym_order
        if ordered:
            keyed = []
            for i, s in enumerate(order):
                if s.temp and s.listed is not None and s.type != C.STT_SECTION:
                    keyed.append(((s.listed[0], 1, s.listed[1]), s))
                else:
                    keyed.append(((i, 0, 0), s))
            keyed.sort(key=lambda kv: kv[0])
            order = [s for _, s in keyed]
        for s in order:
            if ordered and s.type == C.STT_SECTION and isinstance(s.section, AsmSection) \
                    and s.section.sym is s:
                # GNU as keeps section symbols where the section was made, and writes only
                # those that relocations use
                if s.used_reloc:
                    e = Symbol(s.section.name, 0, 0, C.STB_LOCAL, C.STT_SECTION, 0,
                               s.section.elf)
                    s.elf = e
                    syms.append(e)
                continue
            if (ordered or keep_secsyms) and s.temp and s.used_reloc and \
                    s.bind in (None, C.STB_LOCAL) and s.type != C.STT_SECTION and \
                    not (ordered and s.listed is not None):
                continue       # written below, in the order relocations converted them
            if keep_secsyms and s.type == C.STT_SECTION and isinstance(s.section, AsmSection) \
                    and s.section.sym is s:
                e = Symbol("", 0, 0, C.STB_LOCAL, C.STT_SECTION, 0, s.section.elf)
                s.elf = e
                syms.append(e)
                continue
            if s.temp and not s.used_reloc:
                continue
            if s.temp and s.bind in (C.STB_GLOBAL, C.STB_WEAK):
                pass
            if s.weakref is not None:
                continue
            if s.name == "" or s.type == C.STT_SECTION:
                continue
            bind = s.bind
            if bind == "weakrefd":
                bind = C.STB_WEAK if not s.defined else C.STB_LOCAL
            val = s.offset
            size = s.size
            section = None
            shndx = C.SHN_UNDEF
            if s.expr is not None and s.defined:
                try:
                    v = self._try_fold(self._resolve_value(self._eval_sym(s, True)), True)
                except AsmError as ex:
                    self.error(str(ex))
                    continue
                if v.is_const:
                    shndx = C.SHN_ABS
                    val = v.const
                elif v.add is not None and v.sub is None and v.add.frag is not None:
                    section = v.add.section.elf
                    val = self._sym_addr(v.add) + v.const
                    if s.type == C.STT_NOTYPE:
                        pass
                elif v.add is not None and v.sub is None and not v.add.defined:
                    # alias of an undefined symbol: gas drops the alias from the table
                    continue
                else:
                    self.error(f"can't resolve value for symbol `{s.name}'")
                    continue
            elif s.section is ABS:
                shndx = C.SHN_ABS
            elif s.section is COMMON:
                shndx = C.SHN_COMMON
                val = s.common_align
                if bind is None:
                    bind = C.STB_GLOBAL
            elif s.section is not None:
                section = s.section.elf
                val = self._sym_addr(s)
            if bind is None:
                bind = C.STB_LOCAL if (s.defined or s.section is not None) else C.STB_GLOBAL
            stype = s.type
            if stype in (C.STT_NOTYPE, C.STT_OBJECT) and (
                    s.tls or (section is not None and section.flags & C.SHF_TLS)):
                stype = C.STT_TLS
            e = Symbol(s.name, val & _MASK64, size & _MASK64, bind, stype, s.other & 0xFF,
                       section, shndx)
            s.elf = e
            if bind == C.STB_LOCAL:
                syms.append(e)
            else:
                globals_.append(e)
        if keep_secsyms:
            # GNU as (AArch64) writes .eh_frame's section symbol before the kept local labels
            for sec in self.section_list:
                if sec.name == ".eh_frame" and sec.sym.elf is None:
                    e = Symbol("", 0, 0, C.STB_LOCAL, C.STT_SECTION, 0, sec.elf)
                    sec.sym.elf = e
                    syms.append(e)
        if ordered or keep_secsyms:
            for s in self.converted:
                if s.elf is None:
                    e = self._late_symbol(s)
                    if e.bind == C.STB_LOCAL:
                        syms.append(e)
                    else:
                        globals_.append(e)
        for name, vname, mode in self.symvers:
            s = self.symbols.get(name)
            if s is None or s.elf is None:
                continue
            e = s.elf
            if e.section is not None or e.shndx == C.SHN_ABS:
                v = Symbol(vname, e.value, e.size, e.bind if e.bind != C.STB_LOCAL else
                           C.STB_GLOBAL, e.type, e.other, e.section, e.shndx)
                if mode == "remove" or "@@@" in vname:
                    v.name = vname.replace("@@@", "@@")
                    e.name = v.name
                    continue
                globals_.append(v)
            else:
                e.name = vname.replace("@@@", "@")
        obj.symbols = syms + globals_
        # relocations
        for sec in self.section_list:
            relocs = sec.info or []
            es = sec.elf
            for r in relocs:
                if r.sym is not None:
                    if isinstance(r.sym, Sym):
                        s = r.sym
                        if s.elf is None:
                            if s.type == C.STT_SECTION:
                                e = Symbol(s.name, 0, 0, C.STB_LOCAL, C.STT_SECTION, 0,
                                           s.section.elf)
                                s.elf = e
                                obj.symbols.insert(len(self.file_syms), e)
                            else:
                                # a symbol that was filtered (temp): add it
                                e = self._late_symbol(s)
                                if s.bind in (C.STB_GLOBAL, C.STB_WEAK) or not s.defined:
                                    obj.symbols.append(e)
                                else:
                                    obj.symbols.insert(len(syms), e)
                                    syms.append(e)
                        r.sym = s.elf
            for r in relocs:
                r.offset &= _MASK64
                r.addend = ((r.addend + (1 << 63)) & _MASK64) - (1 << 63)
            es.relocs = relocs
        if keep_secsyms:
            # sections whose symbol GNU as makes only at the end (.eh_frame, .comment)
            for sec in sorted(self.section_list, key=lambda x: x.name == ".comment"):
                if sec.sym.elf is None and sec.name in _LAZY_SECTION_SYMBOLS:
                    e = Symbol("", 0, 0, C.STB_LOCAL, C.STT_SECTION, 0, sec.elf)
                    sec.sym.elf = e
                    obj.symbols.insert(len(syms), e)
                    syms.append(e)
        # group signatures
        for name, g in groups.items():
            s = self.symbols.get(name)
            if s is None or s.elf is None:
                # gas adds the group name as a local section-like symbol when undefined
                e = None
                for es in obj.sections:
                    if es.group is g and es.name == name:
                        e = Symbol(name, 0, 0, C.STB_LOCAL, C.STT_SECTION, 0, es)
                        break
                if e is None:
                    e = Symbol(name, 0, 0, C.STB_LOCAL, C.STT_NOTYPE, 0, None, C.SHN_UNDEF)
                    e = Symbol(name, 0, 0, C.STB_GLOBAL, C.STT_NOTYPE, 0, None, C.SHN_UNDEF)
                    obj.symbols.append(e)
                else:
                    # use (or add) the section symbol of the member named like the group
                    found = None
                    for x in obj.symbols:
                        if x.type == C.STT_SECTION and x.section is e.section:
                            found = x
                    if found is None:
                        obj.symbols.insert(len(self.file_syms), e)
                        found = e
                    e = found
                g.signature = e
            else:
                g.signature = s.elf
        t.object_built(obj)
        return obj

    def _late_symbol(self, s):
        section = s.section.elf if isinstance(s.section, AsmSection) else None
        shndx = C.SHN_UNDEF if s.section is None else C.SHN_ABS if s.section is ABS else 0
        bind = s.bind if s.bind in (C.STB_LOCAL, C.STB_GLOBAL, C.STB_WEAK) else \
            (C.STB_LOCAL if s.defined else C.STB_GLOBAL)
        e = Symbol(s.name, self._sym_addr(s) if s.frag is not None else s.offset, s.size, bind,
                   s.type, s.other, section, shndx)
        s.elf = e
        return e

    # ------------------------------------------------------------------------------------------
    def assemble(self, text: str, filename: str = "<stdin>") -> bytes | None:
        """The whole pipeline: text in, ELF bytes out (None if errors were reported)."""
        self.assemble_text(text, filename)
        obj = self.finish()
        if obj is None:
            return None
        return write_object(obj, omit_empty_symtab=True)


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


def _split_macro_args(text: str, alt: bool = False) -> list[str]:
    text = text.strip()
    if not text:
        return []
    out = []
    cur = []
    i = 0
    n = len(text)
    depth = 0
    while i < n:
        ch = text[i]
        if alt and ch == "<" and not "".join(cur).strip():
            j = text.find(">", i + 1)
            if j > 0:
                cur.append(text[i:j + 1])
                i = j + 1
                continue
        if ch == '"':
            j = i + 1
            while j < n and text[j] != '"':
                if text[j] == "\\":
                    j += 1
                j += 1
            cur.append(text[i:j + 1])
            i = j + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth <= 0:
            out.append("".join(cur).strip())
            cur = []
            i += 1
            continue
        if ch in " \t" and depth <= 0:
            # whitespace separates arguments unless next to an operator
            j = i
            while j < n and text[j] in " \t":
                j += 1
            prev = "".join(cur).rstrip()
            if j < n and text[j] not in ",+-*/|&^<>=)" and prev and prev[-1] not in \
                    "+-*/|&^<>=(":
                out.append(prev.strip())
                cur = []
                i = j
                continue
            i = j
            continue
        cur.append(ch)
        i += 1
    out.append("".join(cur).strip())
    return out


def _subst_params(line: str, binding: dict) -> str:
    if "\\" not in line:
        return line

    def rep(m):
        k = m.group(1)
        if k == "()":
            return ""
        if k in binding:
            return binding[k]
        return m.group(0)
    return _MACRO_ARG_RE.sub(rep, line)
