"""Relocatable links (`ld -r`, `gcc -r`): the inputs combined into one relocatable object.

Inputs are loaded as for a normal link (archive members pulled by undefined references, the
first COMDAT group of a signature kept). Sections of the same name, type and flags are
concatenated (each input at its alignment) into one output section, except group members,
which stay one output section each inside their group; `.riscv.attributes` is taken from the
first input. Symbols: a section symbol per output section, every input's local symbols
(moved by their section's offset), then one symbol per global name (definition, COMMON, or
undefined; weak when only weakly referenced). Relocations keep their type and addend,
re-targeted: against a section symbol the addend grows by the input section's offset. No
relocation is applied and no relaxation is done; the object is written by
`toolchain.elf.objfile.write_object` straight into the output file (a sparse temporary file,
mapped: `toolchain.ld.output.OutputImage`): an output section's contents are its inputs' views
(`Pieces`) and its relocations the inputs' re-targeted as they are written (`_Moved`), so the
link keeps no copy of either, and the written pages are given back as it goes.
"""
from __future__ import annotations

import struct

from ..diag import FatalStop, ToolError
from ..elf import constants as C
from ..elf.objfile import ObjectFile, Pieces, Reloc, Section, Symbol, write_object
from .main import osabi_for
from .model import COMMON, DEF, UNDEF, WEAK
from .output import OutputImage, release

_SKIP = (C.SHT_SYMTAB, C.SHT_STRTAB, C.SHT_RELA, C.SHT_REL, C.SHT_SYMTAB_SHNDX, C.SHT_GROUP)
_FIRST_ONLY = (0x70000003,)        # SHT_RISCV_ATTRIBUTES: not concatenable
# the object is written with its sections aligned in the file: the padding is a hole of the
# sparse output, so only the file system bounds it (GNU as writes 2^32 for `.p2align 32`)
_MAX_ALIGN = 1 << 32

_BIT63 = 1 << 63
_MASK64 = (1 << 64) - 1


def _align(v: int, a: int) -> int:
    return (v + a - 1) & -a if a > 1 else v


_PROP = ".note.gnu.property"


def _properties(data: bytes) -> dict | None:
    """pr_type -> 32-bit value of the NT_GNU_PROPERTY_TYPE_0 notes in ``data`` (None when
    the section cannot be read that way)."""
    out = {}
    off = 0
    n = len(data)
    while off + 12 <= n:
        namesz, descsz, ntype = struct.unpack_from("<III", data, off)
        name_end = off + 12 + ((namesz + 3) & ~3)
        desc_end = name_end + descsz
        if desc_end > n:
            return None
        if ntype == 5 and data[off + 12:off + 12 + namesz] == b"GNU\0":
            p = name_end
            while p + 8 <= desc_end:
                ptype, psz = struct.unpack_from("<II", data, p)
                if psz == 4 and p + 12 <= desc_end:
                    out[ptype] = struct.unpack_from("<I", data, p + 8)[0]
                p += 8 + ((psz + 7) & ~7)
        off = (desc_end + 7) & ~7
    return out


def _merge_properties(files):
    """One `.note.gnu.property` for the output, merged as the ELF psABIs say: AND features
    (x86 0xc0000002.., AArch64 0xc0000000) and x86 OR_AND features kept only when every input
    has them, OR features (x86 0xc0008000..) united; unknown properties dropped."""
    lists = []
    for f in files:
        secs = [s for s in f.obj.sections if s.name == _PROP and s.type == C.SHT_NOTE
                and s.extra is not None]
        d = {}
        for sec in secs:
            p = _properties(bytes(sec.data or b""))
            if p is None:
                return None
            d.update(p)
        lists.append(d)
    if not any(lists):
        return None
    merged = {}
    for t in sorted(set().union(*lists)):
        vals = [d.get(t) for d in lists]
        if 0xC0000002 <= t <= 0xC0007FFF or t == 0xC0000000:          # AND
            v = 0xFFFFFFFF
            for x in vals:
                v &= x or 0
        elif 0xC0008000 <= t <= 0xC000FFFF or 0xB0008000 <= t <= 0xB000FFFF:   # OR
            v = 0
            for x in vals:
                v |= x or 0
        elif 0xC0010000 <= t <= 0xC0017FFF:                             # OR if all have it
            if any(x is None for x in vals):
                continue
            v = 0
            for x in vals:
                v |= x
        else:
            continue
        if v:
            merged[t] = v
    if not merged:
        return None
    desc = b"".join(struct.pack("<IIII", t, 4, v, 0) for t, v in merged.items())
    sec = Section(_PROP, C.SHT_NOTE, C.SHF_ALLOC, align=8)
    sec.data = bytearray(struct.pack("<III", 4, len(desc), 5) + b"GNU\0" + desc)
    return sec


class _Moved:
    """An output section's relocations: its inputs' relocations, each re-targeted (by
    ``move``) when iterated; nothing is kept but the list of inputs."""
    __slots__ = ("parts", "n", "move")

    def __init__(self, move):
        self.parts = []
        self.n = 0
        self.move = move

    def add(self, sec, base: int) -> None:
        self.parts.append((sec, base))
        self.n += len(sec.relocs)

    def __len__(self) -> int:
        return self.n

    def __iter__(self):
        move = self.move
        for sec, base in self.parts:
            for r in sec.relocs:
                yield move(r, base)


def link_relocatable(ln) -> OutputImage:
    """The relocatable output, written in place in a temporary file (its ``commit`` makes it
    the output)."""
    ln.load_all()
    files = ln.files
    if not files:
        raise ToolError("no input files")
    out = ObjectFile(ln.machine, ln.first_flags or 0, ln.opts.output)
    place = {}                      # input section -> (output section, offset)
    merged = {}                     # (name, type, flags) -> output section
    groups = []                     # (input group section, output group section)
    first_only = set()
    props = _merge_properties(files)
    if props is not None:
        out.sections.append(props)
    for f in files:
        for sec in f.obj.sections:
            if sec.name == _PROP and sec.type == C.SHT_NOTE:
                continue
            if sec.extra is None or sec.type in _SKIP:
                if sec.type == C.SHT_GROUP and sec.extra is not None:
                    g = Section(sec.name, C.SHT_GROUP, sec.flags, align=4, entsize=4)
                    g.group_flags = sec.group_flags
                    out.sections.append(g)
                    groups.append((sec, g))
                continue
            if sec.align > _MAX_ALIGN or sec.align & (sec.align - 1):
                raise ToolError(f"{f.label}: section {sec.name} has an unsupported alignment "
                                f"{sec.align:#x}")
            if sec.type in _FIRST_ONLY:
                if sec.type in first_only:
                    continue
                first_only.add(sec.type)
            if sec.group is not None:
                o = None
            else:
                key = (sec.name, sec.type, sec.flags)
                o = merged.get(key)
            if o is None:
                o = Section(sec.name, sec.type, sec.flags, align=max(sec.align, 1),
                            entsize=sec.entsize)
                o.data = None if sec.type == C.SHT_NOBITS else Pieces()
                out.sections.append(o)
                if sec.group is None:
                    merged[(sec.name, sec.type, sec.flags)] = o
            o.align = max(o.align, sec.align, 1)
            if sec.type == C.SHT_NOBITS:
                off = _align(o.size, max(sec.align, 1))
                o.size = off + sec.size
            else:
                off = _align(len(o.data), max(sec.align, 1))
                o.data.add(off, sec.data or b"")
            place[sec] = (o, off)
    for sec, g in groups:
        g.members = [place[m][0] for m in sec.members if m in place]
        for m in g.members:
            m.group = g
            m.flags |= C.SHF_GROUP
    for sec, (o, _) in place.items():
        if sec.link_to is not None and sec.link_to in place:
            o.link_to = place[sec.link_to][0]

    # symbols
    secsym = {}
    for o in out.sections:
        if o.type in (C.SHT_GROUP,):
            continue
        s = Symbol("", 0, 0, C.STB_LOCAL, C.STT_SECTION, 0, o)
        secsym[o] = s
        out.symbols.append(s)
    mapped = {}                     # id(input symbol) -> output symbol
    for f in files:
        for s in f.obj.symbols:
            if s.bind != C.STB_LOCAL or s.type == C.STT_SECTION:
                continue
            sec = s.section
            if sec is not None:
                p = place.get(sec)
                if p is None:
                    continue
                n = Symbol(s.name, s.value + p[1], s.size, s.bind, s.type, s.other, p[0])
            else:
                n = Symbol(s.name, s.value, s.size, s.bind, s.type, s.other, None, s.shndx)
            mapped[id(s)] = n
            out.symbols.append(n)
    gout = {}
    for g in ln.symbols.values():
        if not (g.strong_ref or g.weak_ref or g.kind != UNDEF):
            continue
        d = g.defn
        if g.kind in (DEF, WEAK) and d is not None:
            bind = C.STB_WEAK if g.kind == WEAK else C.STB_GLOBAL
            if d.section is not None:
                p = place.get(d.section)
                if p is None:
                    continue
                n = Symbol(g.name, d.value + p[1], d.size, bind, d.type, d.other, p[0])
            else:
                n = Symbol(g.name, d.value, d.size, bind, d.type, d.other, None, d.shndx)
        elif g.kind == COMMON and d is not None:
            n = Symbol(g.name, max(g.align, d.value), g.size, C.STB_GLOBAL, d.type, d.other,
                       None, C.SHN_COMMON)
        elif g.kind == UNDEF:
            bind = C.STB_WEAK if g.weak_ref and not g.strong_ref else C.STB_GLOBAL
            n = Symbol(g.name, 0, 0, bind, C.STT_NOTYPE, g.vis, None, C.SHN_UNDEF)
        else:
            continue
        gout[g.name] = n
        out.symbols.append(n)
    for f in files:
        for s in f.obj.symbols:
            if s.bind != C.STB_LOCAL:
                n = gout.get(s.name)
                if n is not None:
                    mapped[id(s)] = n
    for sec, g in groups:
        sig = sec.signature
        if sig is not None:
            g.signature = (mapped.get(id(sig)) if sig.type != C.STT_SECTION
                           else secsym.get(place.get(sig.section, (None,))[0]))

    # relocations
    def move(r, base):
        s = r.sym
        addend = r.addend
        if s is None:
            n = None
        elif s.type == C.STT_SECTION and s.bind == C.STB_LOCAL:
            tp = place.get(s.section)
            if tp is None:
                n, addend = None, 0
            else:
                n = secsym[tp[0]]
                addend += tp[1]         # (BFD ignores a section symbol's own value here)
        else:
            n = mapped.get(id(s))
            if n is None:       # a local of a discarded section
                addend = 0
        if not -_BIT63 <= addend < _BIT63:      # 64-bit arithmetic, as BFD's
            addend = ((addend + _BIT63) & _MASK64) - _BIT63
        return Reloc((r.offset + base) & _MASK64, r.type, n, addend)

    for f in files:
        for sec in f.obj.sections:
            p = place.get(sec)
            if p is None or not sec.relocs:
                continue
            o = p[0]
            if not o.relocs:
                o.relocs = _Moved(move)
            o.relocs.add(sec, p[1])
    if ln.diag.failed:
        raise FatalStop()
    return _write(ln, out)


def _write(ln, out: ObjectFile) -> OutputImage:
    """``out`` written into a sparse temporary file, each piece's pages given back once
    written; removed on any error."""
    image = []

    def into(size):
        # the blocks written: contents and tables (alignment padding stays a hole)
        written = C.EHDR_SIZE + sum(s.sh_size for s in out.sections if s.type != C.SHT_NOBITS)
        image.append(OutputImage(ln.opts.output, size, written))
        return image[0].buf

    def written(buf, start, end):
        release(buf, start, end)
        if end - start >= 1 << 18:          # the inputs' pages read for it too
            ln.release_inputs()
    out.osabi = osabi_for({(s.bind << 4) | s.type for s in out.symbols})
    try:
        write_object(out, into=into, written=written)
    except BaseException:
        if image:
            image[0].discard()
        raise
    return image[0]
