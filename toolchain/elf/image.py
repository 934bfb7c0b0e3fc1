"""Writing executables and shared objects: ELF header, program headers, section contents and
the section header table, from an already laid-out image.

The caller decides addresses and file offsets; :func:`write_image` only serialises. Sections
are given in section-header order (without the null section); each has ``name``, ``type``,
``flags``, ``addr``, ``offset``, ``size``, ``link`` (index), ``info``, ``align``, ``entsize``
and, for non-NOBITS sections whose bytes are not already in the buffer, ``data``.
"""
from __future__ import annotations

import struct

from . import constants as C
from .strtab import StringTableBuilder

_EHDR = struct.Struct("<16sHHIQQQIHHHHHH")
_PHDR = struct.Struct("<IIQQQQQQ")
_SHDR = struct.Struct("<IIQQQQIIQQ")


class ImageSection:
    __slots__ = ("name", "type", "flags", "addr", "offset", "size", "link", "info", "align",
                 "entsize", "data")

    def __init__(self, name, type, flags=0, addr=0, offset=0, size=0, link=0, info=0, align=1,
                 entsize=0, data=None):
        self.name = name
        self.type = type
        self.flags = flags
        self.addr = addr
        self.offset = offset
        self.size = size
        self.link = link
        self.info = info
        self.align = align
        self.entsize = entsize
        self.data = data


class ImageSegment:
    __slots__ = ("type", "flags", "offset", "vaddr", "filesz", "memsz", "align")

    def __init__(self, type, flags, offset=0, vaddr=0, filesz=0, memsz=0, align=1):
        self.type = type
        self.flags = flags
        self.offset = offset
        self.vaddr = vaddr
        self.filesz = filesz
        self.memsz = memsz
        self.align = align


def pack_phdrs(segments) -> bytes:
    out = bytearray()
    for p in segments:
        out += _PHDR.pack(p.type, p.flags, p.offset, p.vaddr, p.vaddr, p.filesz, p.memsz,
                          p.align)
    return bytes(out)


def grow(buf, data) -> None:
    """Append ``data`` to ``buf``: a bytearray, or a resizable shared memory map of the output
    file (pyld's image: mmap.resize grows the file too)."""
    if isinstance(buf, bytearray):
        buf += data
    else:
        n = len(buf)
        buf.resize(n + len(data))
        buf[n:] = data


def write_image(buf: bytearray, etype: int, machine: int, flags: int, entry: int,
                segments, sections, osabi: int = C.ELFOSABI_NONE) -> bytearray:
    """Complete ``buf`` (which already holds section contents at their offsets, or gets them
    from ``data``) with the ELF header, program headers at offset 64, a ``.shstrtab`` and the
    section header table appended at the end. Returns the buffer."""
    # section names
    sh = StringTableBuilder()
    for s in sections:
        sh.add(s.name)
    sh.add(".shstrtab")
    shstr = sh.finalize()
    for s in sections:
        if s.data is not None and s.type != C.SHT_NOBITS:
            end = s.offset + len(s.data)
            if len(buf) < end:
                grow(buf, bytes(end - len(buf)))
            buf[s.offset:end] = s.data
    shstr_off = len(buf)
    grow(buf, shstr + b"\0" * ((-(shstr_off + len(shstr))) % 8))
    shoff = len(buf)
    nsec = len(sections) + 2
    table = bytearray(C.SHDR_SIZE * nsec)
    for i, s in enumerate(sections, 1):
        _SHDR.pack_into(table, i * C.SHDR_SIZE, sh.offset(s.name), s.type, s.flags, s.addr,
                        s.offset, s.size, s.link, s.info, s.align, s.entsize)
    _SHDR.pack_into(table, (nsec - 1) * C.SHDR_SIZE, sh.offset(".shstrtab"), C.SHT_STRTAB, 0, 0,
                    shstr_off, len(shstr), 0, 0, 1, 0)
    grow(buf, table)
    phdrs = pack_phdrs(segments)
    buf[C.EHDR_SIZE:C.EHDR_SIZE + len(phdrs)] = phdrs
    ident = C.ELFMAG + bytes([C.ELFCLASS64, C.ELFDATA2LSB, C.EV_CURRENT, osabi, 0]) + b"\0" * 7
    _EHDR.pack_into(buf, 0, ident, etype, machine, C.EV_CURRENT, entry,
                    C.EHDR_SIZE if segments else 0, shoff, flags, C.EHDR_SIZE, C.PHDR_SIZE,
                    len(segments), C.SHDR_SIZE, nsec, nsec - 1)
    return buf
