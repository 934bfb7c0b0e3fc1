"""Reading ELF64 shared objects: dynamic symbols, symbol versions (versym, verdef, verneed),
SONAME and DT_NEEDED.

Tables are unpacked in bulk with struct.iter_unpack; symbol names are decoded once.
"""
from __future__ import annotations

import struct

from . import constants as C
from .objfile import ElfError, parse_header, read_section_headers

_SYM = struct.Struct("<IBBHQQ")
_DYN = struct.Struct("<qQ")
_VERDEF = struct.Struct("<HHHHIII")
_VERDAUX = struct.Struct("<II")
_VERNEED = struct.Struct("<HHIII")
_VERNAUX = struct.Struct("<IHHII")


class DynSymbol:
    __slots__ = ("name", "value", "size", "bind", "type", "other", "shndx", "version",
                 "hidden", "verndx")

    def __init__(self, name, value, size, bind, type, other, shndx, version, hidden, verndx):
        self.name = name
        self.value = value
        self.size = size
        self.bind = bind
        self.type = type
        self.other = other
        self.shndx = shndx
        self.version = version    # version name (defined or needed) or None
        self.hidden = hidden      # versym hidden bit: not the default version
        self.verndx = verndx

    @property
    def defined(self) -> bool:
        return self.shndx != C.SHN_UNDEF

    def __repr__(self) -> str:
        v = f"{'@' if self.hidden else '@@'}{self.version}" if self.version else ""
        return f"<DynSymbol {self.name}{v} {self.value:#x}>"


class SharedObject:
    """A shared object as a linker sees it."""
    __slots__ = ("path", "machine", "flags", "soname", "needed", "symbols", "defined",
                 "undefined", "verdefs", "base_version", "extra")

    def __init__(self, path: str):
        self.path = path
        self.machine = 0
        self.flags = 0
        self.soname = None
        self.needed: list[str] = []
        self.symbols: list[DynSymbol] = []
        self.defined: dict[str, DynSymbol] = {}     # name -> default (or only) definition
        self.undefined: set[str] = set()
        self.verdefs: dict[int, str] = {}           # version index -> name
        self.base_version = None
        self.extra = None


def is_shared_object(data) -> bool:
    return (len(data) >= C.EHDR_SIZE and bytes(data[:4]) == C.ELFMAG
            and struct.unpack_from("<H", data, 16)[0] == C.ET_DYN)


def read_shared_object(data: bytes, name: str) -> SharedObject:
    try:
        return _read(bytes(data), name)
    except ElfError:
        raise
    except (struct.error, IndexError, ValueError, KeyError, UnicodeError) as e:
        raise ElfError(f"{name}: file format not recognized or corrupt ({e})") from None


def _cstr(tab: bytes, off: int, name: str) -> str:
    if off >= len(tab) and off:
        raise ElfError(f"{name}: string offset {off:#x} out of range")
    end = tab.find(b"\0", off)
    if end < 0:
        end = len(tab)
    return tab[off:end].decode("utf-8", "surrogateescape")


def _read(data: bytes, name: str) -> SharedObject:
    hdr = parse_header(data, name)
    if hdr[1] != C.ET_DYN:
        raise ElfError(f"{name}: not a shared object")
    so = SharedObject(name)
    so.machine = hdr[2]
    so.flags = hdr[7]
    shdrs, _ = read_section_headers(data, name, hdr)
    if not shdrs:
        raise ElfError(f"{name}: shared object has no section headers")
    n = len(data)

    def body(sh):
        off, size = sh[4], sh[5]
        if sh[1] == C.SHT_NOBITS:
            return b""
        if off + size > n:
            raise ElfError(f"{name}: section data past end of file")
        return data[off:off + size]

    def link_of(sh):
        if not 0 < sh[6] < len(shdrs):
            raise ElfError(f"{name}: bad section link {sh[6]}")
        return shdrs[sh[6]]

    dynsym = versym = verdef = verneed = dynamic = None
    for sh in shdrs:
        t = sh[1]
        if t == C.SHT_DYNSYM:
            dynsym = sh
        elif t == C.SHT_GNU_versym:
            versym = sh
        elif t == C.SHT_GNU_verdef:
            verdef = sh
        elif t == C.SHT_GNU_verneed:
            verneed = sh
        elif t == C.SHT_DYNAMIC:
            dynamic = sh
    if dynamic is not None:
        dstr = body(link_of(dynamic))
        raw = body(dynamic)
        raw = raw[:len(raw) - len(raw) % 16]
        for tag, val in _DYN.iter_unpack(raw):
            if tag == C.DT_NULL:
                break
            if tag == C.DT_SONAME:
                so.soname = _cstr(dstr, val, name)
            elif tag == C.DT_NEEDED:
                so.needed.append(_cstr(dstr, val, name))
    versions: dict[int, str] = {}
    if verdef is not None:
        vraw = body(verdef)
        vstr = body(link_of(verdef))
        off = 0
        for _ in range(max(verdef[7], 1) if verdef[7] else 0x10000):
            if off + 20 > len(vraw):
                break
            _ver, flags, ndx, cnt, _hash, aux, nxt = _VERDEF.unpack_from(vraw, off)
            if cnt and off + aux + 8 <= len(vraw):
                vname = _cstr(vstr, _VERDAUX.unpack_from(vraw, off + aux)[0], name)
                versions[ndx] = vname
                so.verdefs[ndx] = vname
                if flags & C.VER_FLG_BASE:
                    so.base_version = vname
            if not nxt:
                break
            off += nxt
    if verneed is not None:
        vraw = body(verneed)
        vstr = body(link_of(verneed))
        off = 0
        for _ in range(verneed[7] or 0x10000):
            if off + 16 > len(vraw):
                break
            _ver, cnt, _file, aux, nxt = _VERNEED.unpack_from(vraw, off)
            a = off + aux
            for _ in range(cnt):
                if a + 16 > len(vraw):
                    break
                _h, _fl, other, vn, anxt = _VERNAUX.unpack_from(vraw, a)
                versions[other & 0x7FFF] = _cstr(vstr, vn, name)
                if not anxt:
                    break
                a += anxt
            if not nxt:
                break
            off += nxt
    if dynsym is None:
        return so
    strtab = body(link_of(dynsym))
    raw = body(dynsym)
    if len(raw) % C.SYM_SIZE:
        raise ElfError(f"{name}: bad dynamic symbol table size")
    count = len(raw) // C.SYM_SIZE
    vs = None
    if versym is not None:
        vraw = body(versym)
        if len(vraw) >= 2 * count:
            vs = struct.unpack_from(f"<{count}H", vraw, 0)
    syms = so.symbols
    defined = so.defined
    undefined = so.undefined
    slen = len(strtab)
    for i, (st_name, info, other, shndx, value, size) in enumerate(_SYM.iter_unpack(raw)):
        if i == 0:
            continue
        if st_name >= slen:
            raise ElfError(f"{name}: bad symbol name offset {st_name:#x}")
        end = strtab.find(b"\0", st_name)
        nm = strtab[st_name:end if end >= 0 else slen].decode("utf-8", "surrogateescape")
        bind = info >> 4
        ver, hidden, ndx = None, False, 1
        if vs is not None:
            v = vs[i]
            ndx = v & 0x7FFF
            hidden = bool(v & 0x8000)
            if ndx > 1:
                ver = versions.get(ndx)
        s = DynSymbol(nm, value, size, bind, info & 0xF, other, shndx, ver, hidden, ndx)
        syms.append(s)
        if shndx == C.SHN_UNDEF:
            if bind != C.STB_LOCAL:
                undefined.add(nm)
            continue
        if bind == C.STB_LOCAL or ndx == 0:
            continue
        if hidden:
            continue
        prev = defined.get(nm)
        if prev is None or (prev.bind == C.STB_WEAK and bind == C.STB_GLOBAL):
            defined[nm] = s
    return so
