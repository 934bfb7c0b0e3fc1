"""The ELF64 model shared by the assembler and the linker: sections, symbols, relocations,
groups; reading and writing relocatable objects.

Reading keeps every section in file order (including .symtab, .strtab, .shstrtab, .rela.*,
.group and .symtab_shndx), so that writing an object back gives the same section table.
Section indices, symbol indices, string-table offsets and sh_link/sh_info of the special
sections are recomputed on write; relocations and group members refer to objects, not indices.
"""
from __future__ import annotations

import struct

from . import constants as C
from .strtab import StringTableBuilder, StringTableReader


class ElfError(Exception):
    """A malformed, truncated or unsupported ELF input; the message names the file."""


_EHDR = struct.Struct("<16sHHIQQQIHHHHHH")
_SHDR = struct.Struct("<IIQQQQIIQQ")
_SYM = struct.Struct("<IBBHQQ")
_RELA = struct.Struct("<QQq")
_REL = struct.Struct("<QQ")


class Section:
    __slots__ = ("name", "type", "flags", "addr", "align", "entsize", "link", "info", "data",
                 "size", "relocs", "index", "group", "target", "link_to", "members",
                 "group_flags", "signature", "offset", "extra")

    def __init__(self, name: str, type: int = C.SHT_PROGBITS, flags: int = 0, data=None,
                 align: int = 1, entsize: int = 0, size: int = 0):
        self.name = name
        self.type = type
        self.flags = flags
        self.addr = 0
        self.align = align
        self.entsize = entsize
        self.link = 0            # raw sh_link where no object link applies
        self.info = 0            # raw sh_info where no object link applies
        self.data = bytearray() if data is None and type != C.SHT_NOBITS else data
        self.size = size         # for SHT_NOBITS; otherwise len(data)
        self.relocs: list[Reloc] = []   # RELA relocations applying to this section
        self.index = 0           # assigned on read/write
        self.group: Section | None = None      # the SHT_GROUP section this one belongs to
        self.target: Section | None = None     # for SHT_RELA/SHT_REL: the section relocated
        self.link_to: Section | None = None    # for SHF_LINK_ORDER (and other object links)
        self.members: list[Section] | None = None   # for SHT_GROUP
        self.group_flags = 0                  # for SHT_GROUP
        self.signature: Symbol | None = None   # for SHT_GROUP
        self.offset = 0          # file offset (set by readers/writers)
        self.extra = None        # free for tools

    @property
    def sh_size(self) -> int:
        return self.size if self.type == C.SHT_NOBITS else len(self.data)

    def __repr__(self) -> str:
        return f"<Section {self.name!r} type={self.type:#x} flags={self.flags:#x}>"


class Symbol:
    __slots__ = ("name", "value", "size", "bind", "type", "other", "shndx", "section", "index",
                 "extra")

    def __init__(self, name: str, value: int = 0, size: int = 0, bind: int = C.STB_LOCAL,
                 type: int = C.STT_NOTYPE, other: int = 0, section: Section | None = None,
                 shndx: int = C.SHN_UNDEF):
        self.name = name
        self.value = value
        self.size = size
        self.bind = bind
        self.type = type
        self.other = other        # st_other (visibility in the low 2 bits)
        self.section = section    # defining section, or None (then shndx says UNDEF/ABS/COMMON)
        self.shndx = shndx
        self.index = 0
        self.extra = None

    @property
    def visibility(self) -> int:
        return self.other & 3

    @property
    def defined(self) -> bool:
        return self.section is not None or self.shndx not in (C.SHN_UNDEF,)

    def __repr__(self) -> str:
        return f"<Symbol {self.name!r} bind={self.bind} type={self.type} value={self.value:#x}>"


class Reloc:
    __slots__ = ("offset", "type", "sym", "addend")

    def __init__(self, offset: int, type: int, sym: Symbol | None, addend: int = 0):
        self.offset = offset
        self.type = type
        self.sym = sym            # None means symbol index 0
        self.addend = addend

    def __repr__(self) -> str:
        n = self.sym.name if self.sym else "0"
        return f"<Reloc {self.offset:#x} type={self.type} {n}{self.addend:+d}>"


class ObjectFile:
    """An ELF64 little-endian relocatable object."""
    __slots__ = ("name", "machine", "flags", "osabi", "abiversion", "type", "sections", "symbols",
                 "entry", "extra")

    def __init__(self, machine: int, flags: int = 0, name: str = ""):
        self.name = name
        self.machine = machine
        self.flags = flags
        self.osabi = C.ELFOSABI_NONE
        self.abiversion = 0
        self.type = C.ET_REL
        self.sections: list[Section] = []
        self.symbols: list[Symbol] = []    # without the null symbol
        self.entry = 0
        self.extra = None

    def section(self, name: str) -> Section | None:
        for s in self.sections:
            if s.name == name:
                return s
        return None

    def add_section(self, sec: Section) -> Section:
        self.sections.append(sec)
        return sec


# ----------------------------------------------------------------------------------------------
# reading

class LazyRelocs:
    """The relocations of one section as the file holds them (a reader's ``lazy_relocs``):
    24 (RELA) or 16 (REL) bytes each instead of a :class:`Reloc` object each; iterating makes
    new ``Reloc`` objects every time, so a user that changes them makes a list first
    (``sec.relocs = list(sec.relocs)``). Symbol indices are checked when read."""
    __slots__ = ("raw", "syms", "rela")

    def __init__(self, raw, syms: list, rela: bool):
        self.raw = raw            # the relocation section's contents (a view of the input)
        self.syms = syms          # symbol index -> Symbol (index 0: None)
        self.rela = rela

    def __len__(self) -> int:
        return len(self.raw) // (C.RELA_SIZE if self.rela else C.REL_SIZE)

    def __bool__(self) -> bool:
        return len(self.raw) != 0

    def __iter__(self):
        syms = self.syms
        if self.rela:
            for off, info, add in _RELA.iter_unpack(self.raw):
                yield Reloc(off, info & 0xFFFFFFFF, syms[info >> 32], add)
        else:
            for off, info in _REL.iter_unpack(self.raw):
                yield Reloc(off, info & 0xFFFFFFFF, syms[info >> 32], 0)


def read_object(data: bytes | bytearray | memoryview, name: str = "<input>", views: bool = False,
                lazy_relocs: bool = False) -> ObjectFile:
    """Parse an ELF64 little-endian relocatable object. Raises ElfError on malformed input.
    ``views``: section contents are read-only memoryview slices of ``data`` (a mapped file:
    no copy) instead of bytearrays; ``lazy_relocs``: each section's relocations are a
    :class:`LazyRelocs` over the file's bytes instead of a list of :class:`Reloc`."""
    try:
        if views:
            mv = data if isinstance(data, memoryview) else memoryview(data)
            return _read_object(mv.cast("B") if mv.format != "B" else mv, name, True,
                                lazy_relocs)
        return _read_object(bytes(data), name, False, lazy_relocs)
    except ElfError:
        raise
    except (struct.error, IndexError, ValueError, KeyError, UnicodeError) as e:
        raise ElfError(f"{name}: file format not recognized or corrupt ({e})") from None


def parse_header(data: bytes, name: str):
    if len(data) < C.EHDR_SIZE or data[:4] != C.ELFMAG:
        raise ElfError(f"{name}: file format not recognized")
    if data[4] != C.ELFCLASS64 or data[5] != C.ELFDATA2LSB:
        raise ElfError(f"{name}: file format not recognized (not ELF64 little-endian)")
    return _EHDR.unpack_from(data, 0)


def read_section_headers(data: bytes, name: str, hdr):
    (_ident, _etype, _machine, _version, _entry, _phoff, shoff, _flags, _ehsize, _phentsize,
     _phnum, shentsize, shnum, shstrndx) = hdr
    if shoff == 0:
        return [], None
    if shentsize != C.SHDR_SIZE:
        raise ElfError(f"{name}: bad section header size {shentsize}")
    if shoff + C.SHDR_SIZE > len(data):
        raise ElfError(f"{name}: section headers past end of file")
    first = _SHDR.unpack_from(data, shoff)
    if shnum == 0:
        shnum = first[5]           # extended numbering: sh_size of section 0
    if shstrndx == C.SHN_XINDEX:
        shstrndx = first[6]        # sh_link of section 0
    end = shoff + shnum * C.SHDR_SIZE
    if end > len(data):
        raise ElfError(f"{name}: section headers past end of file")
    shdrs = list(_SHDR.iter_unpack(data[shoff:end]))
    if shstrndx >= shnum:
        raise ElfError(f"{name}: bad section name string table index {shstrndx}")
    return shdrs, shstrndx


def _section_bytes(data: bytes, name: str, sh) -> bytes:
    off, size = sh[4], sh[5]
    if sh[1] == C.SHT_NOBITS:
        return b""
    if off + size > len(data):
        raise ElfError(f"{name}: section data past end of file")
    return data[off:off + size]


def _check_sym_indices(raw, step: int, nsyms: int, name: str) -> None:
    """Every relocation's symbol index (the high word of r_info) below ``nsyms``."""
    if len(raw):
        info = memoryview(raw).cast("Q")[1::step]
        if max(info) >> 32 >= nsyms:
            raise ElfError(f"{name}: bad symbol index {max(info) >> 32}")


def _read_object(data, name: str, views: bool = False, lazy: bool = False) -> ObjectFile:
    hdr = parse_header(data, name)
    etype, machine, flags = hdr[1], hdr[2], hdr[7]
    if etype != C.ET_REL:
        raise ElfError(f"{name}: not a relocatable object")
    obj = ObjectFile(machine, flags, name)
    obj.osabi = data[7]
    obj.abiversion = data[8]
    shdrs, shstrndx = read_section_headers(data, name, hdr)
    if not shdrs:
        return obj
    shstr = StringTableReader(_section_bytes(data, name, shdrs[shstrndx]))
    secs: list[Section | None] = [None]
    for i, sh in enumerate(shdrs[1:], 1):
        (sh_name, sh_type, sh_flags, sh_addr, sh_off, sh_size, sh_link, sh_info, sh_align,
         sh_entsize) = sh
        sec = Section(shstr.get(sh_name), sh_type, sh_flags, None, sh_align, sh_entsize)
        sec.addr = sh_addr
        sec.link = sh_link
        sec.info = sh_info
        sec.index = i
        sec.offset = sh_off
        if sh_type == C.SHT_NOBITS:
            sec.data = None
            sec.size = sh_size
        elif views:
            sec.data = _section_bytes(data, name, sh)
        else:
            sec.data = bytearray(_section_bytes(data, name, sh))
        secs.append(sec)
        obj.sections.append(sec)
    nsec = len(secs)

    def sec_at(i: int, what: str) -> Section:
        if not 0 < i < nsec:
            raise ElfError(f"{name}: bad section index {i} in {what}")
        return secs[i]

    # symbols
    symtab = next((s for s in obj.sections if s.type == C.SHT_SYMTAB), None)
    syms: list[Symbol | None] = [None]
    if symtab is not None:
        strsec = sec_at(symtab.link, "symtab link")
        if strsec.data is None:     # SHT_NOBITS: no string table bytes in the file
            raise ElfError(f"{name}: bad string table section {symtab.link} for the symbols")
        strtab = StringTableReader(strsec.data)
        shndx_sec = next((s for s in obj.sections if s.type == C.SHT_SYMTAB_SHNDX), None)
        xidx = (struct.unpack(f"<{len(shndx_sec.data) // 4}I", shndx_sec.data)
                if shndx_sec is not None else None)
        raw = symtab.data
        if len(raw) % C.SYM_SIZE:
            raise ElfError(f"{name}: bad symbol table size")
        if xidx is not None and len(xidx) < len(raw) // C.SYM_SIZE:
            raise ElfError(f"{name}: SHT_SYMTAB_SHNDX section shorter than the symbol table")
        get = strtab.get
        for j, (st_name, st_info, st_other, st_shndx, st_value, st_size) in enumerate(
                _SYM.iter_unpack(raw)):
            if j == 0:
                continue
            sym = Symbol(get(st_name), st_value, st_size, st_info >> 4, st_info & 0xF, st_other)
            if st_shndx == C.SHN_XINDEX and xidx is not None:
                st_shndx = xidx[j]
                sym.section = sec_at(st_shndx, "symbol")
            elif 0 < st_shndx < C.SHN_LORESERVE:
                sym.section = sec_at(st_shndx, "symbol")
            sym.shndx = st_shndx
            sym.index = j
            syms.append(sym)
        obj.symbols = syms[1:]
    nsyms = len(syms)

    def sym_at(i: int) -> Symbol | None:
        if i == 0:
            return None
        if i >= nsyms:
            raise ElfError(f"{name}: bad symbol index {i}")
        return syms[i]

    # relocations, groups, link-order links
    for sec in obj.sections:
        if sec.type == C.SHT_RELA:
            tgt = sec_at(sec.info, f"section {sec.name} info")
            sec.target = tgt
            if len(sec.data) % C.RELA_SIZE:
                raise ElfError(f"{name}: bad relocation section size in {sec.name}")
            if lazy:
                _check_sym_indices(sec.data, 3, nsyms, name)
                tgt.relocs = LazyRelocs(sec.data, syms, True)
            else:
                tgt.relocs = [Reloc(off, info & 0xFFFFFFFF, sym_at(info >> 32), add)
                              for off, info, add in _RELA.iter_unpack(sec.data)]
        elif sec.type == C.SHT_REL:
            tgt = sec_at(sec.info, f"section {sec.name} info")
            sec.target = tgt
            if lazy:
                _REL.iter_unpack(sec.data)          # the size checked
                _check_sym_indices(sec.data, 2, nsyms, name)
                tgt.relocs = LazyRelocs(sec.data, syms, False)
            else:
                tgt.relocs = [Reloc(off, info & 0xFFFFFFFF, sym_at(info >> 32), 0)
                              for off, info in _REL.iter_unpack(sec.data)]
        elif sec.type == C.SHT_GROUP:
            words = struct.unpack(f"<{len(sec.data) // 4}I", sec.data)
            if not words:
                raise ElfError(f"{name}: empty group section {sec.name}")
            sec.group_flags = words[0]
            sec.members = [sec_at(w, "group") for w in words[1:]]
            for m in sec.members:
                m.group = sec
            sec.signature = sym_at(sec.info)
        if sec.flags & C.SHF_LINK_ORDER and sec.link:
            sec.link_to = sec_at(sec.link, f"section {sec.name} link")
    return obj


# ----------------------------------------------------------------------------------------------
# writing

def _is_local(sym: Symbol) -> bool:
    return sym.bind == C.STB_LOCAL


def ensure_layout(obj: ObjectFile, symtab: bool = True) -> None:
    """Add the sections a relocatable object needs but the model does not have yet, in the
    places GNU as puts them: ``.rela<name>`` right after each section with relocations (in its
    group, if any), then ``.symtab``, ``.strtab`` and ``.shstrtab`` at the end. Existing ones are
    kept where they are."""
    have_rela = {s.target for s in obj.sections if s.type in (C.SHT_RELA, C.SHT_REL)}
    out: list[Section] = []
    for sec in obj.sections:
        out.append(sec)
        if sec.relocs and sec not in have_rela and sec.type not in (C.SHT_RELA, C.SHT_REL):
            r = Section(".rela" + sec.name, C.SHT_RELA, C.SHF_INFO_LINK, align=8,
                        entsize=C.RELA_SIZE)
            r.target = sec
            if sec.group is not None:
                r.flags |= C.SHF_GROUP
                r.group = sec.group
                if r not in sec.group.members:
                    sec.group.members.insert(sec.group.members.index(sec) + 1, r)
            out.append(r)
    names = {s.type for s in out}
    if C.SHT_SYMTAB not in names and symtab:
        out.append(Section(".symtab", C.SHT_SYMTAB, 0, align=8, entsize=C.SYM_SIZE))
        out.append(Section(".strtab", C.SHT_STRTAB, 0, align=1))
    if not any(s.name == ".shstrtab" and s.type == C.SHT_STRTAB for s in out):
        out.append(Section(".shstrtab", C.SHT_STRTAB, 0, align=1))
    obj.sections = out


class Pieces:
    """Section contents kept as pieces (offset, bytes-like) rather than one buffer: a writer
    given ``into`` copies each piece straight to its place in the output, and the gaps are
    zeros never built (a relocatable link's output sections, made of its inputs' views)."""
    __slots__ = ("parts", "size")

    def __init__(self):
        self.parts = []
        self.size = 0

    def __len__(self) -> int:
        return self.size

    def add(self, off: int, data) -> None:
        """``data`` at ``off`` (at or past the end): the contents now end after it."""
        if len(data):
            self.parts.append((off, data))
        self.size = off + len(data)

    def write_into(self, buf, base: int, written=None) -> None:
        for off, d in self.parts:
            buf[base + off:base + off + len(d)] = d
            if written is not None:
                written(buf, base + off, base + off + len(d))


class _RelocBytes:
    """A relocation section's contents packed straight into the output when written (used
    with ``write_object(into=...)``: no buffer of the section's size in between)."""
    __slots__ = ("relocs", "n", "rela")

    def __init__(self, relocs, rela: bool):
        self.relocs = relocs
        self.n = len(relocs)
        self.rela = rela

    def __len__(self) -> int:
        return self.n * (C.RELA_SIZE if self.rela else C.REL_SIZE)

    def write_into(self, buf, base: int, written=None) -> None:
        start = base
        rela = self.rela
        pack = _RELA.pack_into if rela else _REL.pack_into
        size = C.RELA_SIZE if rela else C.REL_SIZE
        for k, r in enumerate(self.relocs, 1):
            si = r.sym.index if r.sym is not None else 0
            if rela:
                pack(buf, base, r.offset, (si << 32) | r.type, r.addend)
            else:
                pack(buf, base, r.offset, (si << 32) | r.type)
            base += size
            if written is not None and not k & 0xFFFF:
                written(buf, start, base)
                start = base
        if written is not None:
            written(buf, start, base)


def write_object(obj: ObjectFile, omit_empty_symtab: bool = False,
                 release: bool = False, into=None, written=None, file=None) -> bytes:
    """Serialise a relocatable object. Calls :func:`ensure_layout` first.
    ``omit_empty_symtab``: no ``.symtab``/``.strtab`` when there is no symbol and nothing
    refers to one (as GNU as writes such a file). ``release``: the caller drops ``obj``
    afterwards, so each section's contents and relocations are let go as soon as they are
    written (less peak memory), and the bytearray built is returned without a copy.
    ``into``: a function of the file's size giving the buffer to write into (a mapped output
    file, returned as is), whose alignment padding is left untouched (a hole of a sparse
    file: :func:`toolchain.elf.output.write_object_file`); contents that are :class:`Pieces`
    and the relocation sections are then written in place, piece by piece, each piece and
    each other section followed by a call ``written(buf, start, end)`` when given (the
    caller may give those pages back). ``file``: a seekable binary file written instead of
    any buffer (returns None): each section's contents at its offset, the padding skipped (a
    hole; memory is the contents', not the file's size)."""
    if omit_empty_symtab and not obj.symbols and not any(
            s.relocs or s.type in (C.SHT_GROUP, C.SHT_SYMTAB) for s in obj.sections):
        return _write_without_symtab(obj, release, into, written, file)
    ensure_layout(obj)
    secs = obj.sections
    symtab = next(s for s in secs if s.type == C.SHT_SYMTAB)
    strtab = secs[symtab.link - 1] if (symtab.link and symtab.link <= len(secs)
                                       and secs[symtab.link - 1].type == C.SHT_STRTAB
                                       and secs[symtab.link - 1].name != ".shstrtab") else None
    if strtab is None:
        strtab = next(s for s in secs if s.type == C.SHT_STRTAB and s.name == ".strtab")
    shstrtab = next(s for s in secs if s.type == C.SHT_STRTAB and s.name == ".shstrtab")

    # symbol order: null, locals, then the rest, each in model order
    locals_ = [s for s in obj.symbols if _is_local(s)]
    globals_ = [s for s in obj.symbols if not _is_local(s)]
    ordered = locals_ + globals_
    for i, s in enumerate(ordered, 1):
        s.index = i

    # extended section numbering needs .symtab_shndx
    nsecs = len(secs) + 1
    shndx_sec = next((s for s in secs if s.type == C.SHT_SYMTAB_SHNDX), None)
    if nsecs >= C.SHN_LORESERVE and shndx_sec is None:
        shndx_sec = Section(".symtab_shndx", C.SHT_SYMTAB_SHNDX, 0, align=4, entsize=4)
        secs.insert(secs.index(symtab) + 1, shndx_sec)
        nsecs += 1
    for i, s in enumerate(secs, 1):
        s.index = i

    # string tables
    st = StringTableBuilder()     # section symbols are nameless in the file, as GNU as writes them
    for s in ordered:
        if s.type != C.STT_SECTION:
            st.add(s.name)
    strtab.data = bytearray(st.finalize())
    sh = StringTableBuilder()     # names in the order GNU as adds them
    sh.add(symtab.name)
    sh.add(strtab.name)
    sh.add(shstrtab.name)
    for s in secs:
        if s.type != C.SHT_GROUP:
            sh.add(s.name)
    for s in secs:
        sh.add(s.name)
    shstrtab.data = bytearray(sh.finalize())

    # symbol table
    symdata = bytearray(C.SYM_SIZE * (len(ordered) + 1))
    xidx = [0] * (len(ordered) + 1) if shndx_sec is not None else None
    pack_sym = _SYM.pack_into
    stoff = st.offset
    for s in ordered:
        if s.section is not None:
            idx = s.section.index
        else:
            idx = s.shndx
        if idx >= C.SHN_LORESERVE and s.section is not None:
            xidx[s.index] = idx
            idx = C.SHN_XINDEX
        name_off = 0 if s.type == C.STT_SECTION else stoff(s.name)
        pack_sym(symdata, s.index * C.SYM_SIZE, name_off, (s.bind << 4) | (s.type & 0xF),
                 s.other, idx, s.value, s.size)
    symtab.data = symdata
    symtab.link = strtab.index
    symtab.info = len(locals_) + 1
    symtab.entsize = C.SYM_SIZE
    if shndx_sec is not None:
        shndx_sec.data = bytearray(struct.pack(f"<{len(xidx)}I", *xidx))
        shndx_sec.link = symtab.index

    # relocation and group sections
    for s in secs:
        if into is not None and s.type in (C.SHT_RELA, C.SHT_REL):
            s.data = _RelocBytes(s.target.relocs, s.type == C.SHT_RELA)
            s.link = symtab.index
            s.info = s.target.index
        elif s.type == C.SHT_RELA:
            out = bytearray(C.RELA_SIZE * len(s.target.relocs))
            pack = _RELA.pack_into
            for k, r in enumerate(s.target.relocs):
                si = r.sym.index if r.sym is not None else 0
                pack(out, k * C.RELA_SIZE, r.offset, (si << 32) | r.type, r.addend)
            s.data = out
            if release:
                s.target.relocs = []
            s.link = symtab.index
            s.info = s.target.index
        elif s.type == C.SHT_REL:
            out = bytearray(C.REL_SIZE * len(s.target.relocs))
            for k, r in enumerate(s.target.relocs):
                si = r.sym.index if r.sym is not None else 0
                _REL.pack_into(out, k * C.REL_SIZE, r.offset, (si << 32) | r.type)
            s.data = out
            s.link = symtab.index
            s.info = s.target.index
        elif s.type == C.SHT_GROUP:
            s.data = bytearray(struct.pack(f"<{1 + len(s.members)}I", s.group_flags,
                                           *(m.index for m in s.members)))
            s.link = symtab.index
            s.info = s.signature.index if s.signature is not None else 0
        if s.link_to is not None:
            s.link = s.link_to.index

    # layout: header, section contents, section header table
    # file order as GNU as writes it: contents, then .symtab/.strtab, the relocations, and
    # .shstrtab last (section header order is unaffected)
    late = (C.SHT_SYMTAB, C.SHT_SYMTAB_SHNDX, C.SHT_STRTAB, C.SHT_RELA, C.SHT_REL)
    order = [s for s in secs if s.type not in late]
    order += [s for s in secs if s.type in (C.SHT_SYMTAB, C.SHT_SYMTAB_SHNDX)]
    order += [s for s in secs if s.type == C.SHT_STRTAB and s is not shstrtab]
    order += [s for s in secs if s.type in (C.SHT_RELA, C.SHT_REL)]
    order.append(shstrtab)
    return _emit(obj, order, sh.offset, shstrtab, release, into, written, file)


def _emit(obj: ObjectFile, order, shoffs, shstrtab, release, into, written, file):
    """The file: sections' contents in ``order`` at their alignments, the section header table
    (names at ``shoffs(name)`` of ``shstrtab``) and the ELF header, in one buffer of the final
    size, or into ``into(size)``'s (where the alignment padding stays untouched: a hole of a
    sparse file), or to the seekable binary ``file`` (seeking past the padding: holes)."""
    secs = obj.sections
    nsecs = len(secs) + 1
    # offsets first, so that the file is one buffer of its final size (no growing copies)
    sizes = [s.sh_size for s in secs]
    pos = C.EHDR_SIZE
    for s in order:
        pos += (-pos) % max(s.align, 1)
        s.offset = pos
        if s.type != C.SHT_NOBITS:
            pos += sizes[s.index - 1]
    shoff = pos + (-pos) % 8
    if file is not None:
        out = None
    elif into is None:
        out = bytearray(shoff + C.SHDR_SIZE * nsecs)
    else:
        out = into(shoff + C.SHDR_SIZE * nsecs)
    for s in order:
        if s.type != C.SHT_NOBITS:
            if file is not None:
                if len(s.data):
                    file.seek(s.offset)
                    file.write(s.data)
            elif into is not None and isinstance(s.data, (Pieces, _RelocBytes)):
                s.data.write_into(out, s.offset, written)
            else:
                out[s.offset:s.offset + len(s.data)] = s.data
                if written is not None and len(s.data):
                    written(out, s.offset, s.offset + len(s.data))
            if release:
                s.data = b""
    e_shnum = nsecs if nsecs < C.SHN_LORESERVE else 0
    e_shstrndx = shstrtab.index if shstrtab.index < C.SHN_LORESERVE else C.SHN_XINDEX
    shdrs = bytearray(C.SHDR_SIZE * nsecs)
    _SHDR.pack_into(shdrs, 0, 0, 0, 0, 0, 0, nsecs if e_shnum == 0 else 0,
                    shstrtab.index if e_shstrndx == C.SHN_XINDEX else 0, 0, 0, 0)
    for s in secs:
        _SHDR.pack_into(shdrs, s.index * C.SHDR_SIZE, shoffs(s.name), s.type, s.flags,
                        s.addr, s.offset, sizes[s.index - 1], s.link, s.info, s.align,
                        s.entsize)
    ident = C.ELFMAG + bytes([C.ELFCLASS64, C.ELFDATA2LSB, C.EV_CURRENT, obj.osabi,
                              obj.abiversion]) + b"\0" * 7
    ehdr = _EHDR.pack(ident, C.ET_REL, obj.machine, C.EV_CURRENT, 0, 0, shoff, obj.flags,
                      C.EHDR_SIZE, 0, 0, C.SHDR_SIZE, e_shnum, e_shstrndx)
    if file is not None:
        file.seek(shoff)
        file.write(shdrs)
        file.seek(0)
        file.write(ehdr)
        return None
    out[shoff:shoff + len(shdrs)] = shdrs
    out[0:C.EHDR_SIZE] = ehdr
    return out if release or into is not None else bytes(out)


def _write_without_symtab(obj: ObjectFile, release: bool = False, into=None, written=None,
                          file=None):
    """write_object for an object with no symbol: contents, .shstrtab, section headers."""
    ensure_layout(obj, symtab=False)
    secs = obj.sections
    for i, s in enumerate(secs, 1):
        s.index = i
    shstrtab = next(s for s in secs if s.type == C.SHT_STRTAB and s.name == ".shstrtab")
    sh = StringTableBuilder()
    sh.add(shstrtab.name)
    for s in secs:
        sh.add(s.name)
    shstrtab.data = bytearray(sh.finalize())
    for s in secs:
        if s.link_to is not None:
            s.link = s.link_to.index
    order = [s for s in secs if s is not shstrtab] + [shstrtab]
    return _emit(obj, order, sh.offset, shstrtab, release, into, written, file)
