"""The linker's data model: input files, global symbols, output sections and the link context.

Conventions on the shared ELF model (toolchain.elf.objfile):
- ``Section.extra`` of an input section is its :class:`InputFile` while the section is kept and
  None once it is discarded (COMDAT duplicate, --gc-sections, non-allocated).
- After layout, an input section's ``addr`` is its final address and ``offset`` its offset inside
  its output section (``Section.extra.out`` is not needed: ``InputFile.out_of`` maps it).
- ``Symbol.extra`` of a non-local symbol is its :class:`GSym`.
"""
from __future__ import annotations

import mmap

from ..elf import constants as C

# GSym.kind, in increasing strength
UNDEF, DSO, WEAK, COMMON, DEF, LINKER = 0, 1, 2, 3, 4, 5


class InputFile:
    __slots__ = ("obj", "label", "src", "index", "out_of", "map", "span")

    def __init__(self, obj, label: str, index: int):
        self.obj = obj
        self.label = label          # "path" or "archive(member)", as ld names files
        self.src = None             # source file name (from STT_FILE) for messages
        self.index = index
        self.out_of = {}            # input Section -> OutSec
        self.map = None             # the mapped file the object's contents are views of
        self.span = (0, 0)          # the object's (offset, size) in ``map``

    def release(self, start: int = 0, size: int = -1) -> None:
        """Give back the pages of the mapped object's ``[start, start + size)`` (all of it
        by default): they are read-only views of the file, mapped again when read."""
        m = self.map
        if m is None:
            return
        base, n = self.span
        if size < 0:
            size = n - start
        a = base + start
        a -= a % mmap.PAGESIZE
        end = min(base + start + size, len(m))
        if end > a:
            m.madvise(mmap.MADV_DONTNEED, a, end - a)

    def source_name(self) -> str:
        if self.src is None:
            self.src = ""
            for s in self.obj.symbols:
                if s.type == C.STT_FILE:
                    self.src = s.name
                    break
        return self.src or self.label


class GSym:
    """A global symbol after resolution. The fields every symbol needs are slots; the ones
    only some symbols set (GOT/PLT/TLS/dynamic-symbol bookkeeping, versions, COMMON
    alignment) are class-level defaults, stored per symbol (in a ``__dict__`` made on the
    first such assignment) only when set: a link of many symbols pays for them only where
    used."""
    __slots__ = ("name", "kind", "defn", "file", "dso", "dsym", "weak_ref", "strong_ref",
                 "vis", "type", "size", "value", "plt", "copy", "linker", "plt_canonical",
                 "__dict__")
    got = -1                  # offset of its GOT entry in .got
    gotplt = -1
    dynidx = 0
    tlsgd = -1
    tlsie = -1
    tlsdesc = -1
    needs_plt = False
    needs_got = False
    needs_copy = False
    needs_tlsgd = False
    needs_tlsie = False
    needs_tlsdesc = False
    export = False            # goes into .dynsym as a definition
    ifunc = False
    dso_ref = False           # referenced by a shared library
    version = None
    align = 1
    local_ver = 1

    def __init__(self, name: str):
        self.name = name
        self.kind = UNDEF
        self.defn = None          # defining ELF Symbol (regular object) or None
        self.file = None          # defining InputFile
        self.dso = None           # defining SharedObject
        self.dsym = None          # its DynSymbol
        self.weak_ref = False     # referenced weakly (only)
        self.strong_ref = False   # referenced by a non-weak undefined symbol
        self.vis = C.STV_DEFAULT
        self.type = C.STT_NOTYPE
        self.size = 0
        self.value = 0
        self.plt = -1             # index of its PLT entry
        self.copy = None          # synthetic Section holding a copy-relocated object
        self.linker = None        # for linker-defined symbols: (kind, arg)
        self.plt_canonical = False   # address of the symbol is its PLT entry

    def __repr__(self) -> str:
        return f"<GSym {self.name} kind={self.kind} value={self.value:#x}>"

    @property
    def defined(self) -> bool:
        return self.kind >= WEAK

    @property
    def undefined(self) -> bool:
        return self.kind == UNDEF


class OutSec:
    __slots__ = ("name", "type", "flags", "align", "inputs", "addr", "offset", "size", "data",
                 "entsize", "link", "info", "index", "rank", "synth", "fill")

    def __init__(self, name: str, type: int, flags: int, rank: int):
        self.name = name
        self.type = type
        self.flags = flags
        self.align = 1
        self.inputs = []          # input Sections
        self.addr = 0
        self.offset = 0
        self.size = 0
        self.data = None          # bytes/bytearray for synthetic sections
        self.entsize = 0
        self.link = None          # OutSec or None
        self.info = 0
        self.index = 0
        self.rank = rank
        self.synth = False
        self.fill = 0

    def __repr__(self) -> str:
        return f"<OutSec {self.name} {self.addr:#x}+{self.size:#x}>"


class Segment:
    __slots__ = ("type", "flags", "offset", "vaddr", "filesz", "memsz", "align", "sections")

    def __init__(self, type: int, flags: int, align: int = 1):
        self.type = type
        self.flags = flags
        self.offset = 0
        self.vaddr = 0
        self.filesz = 0
        self.memsz = 0
        self.align = align
        self.sections = []


class DynReloc:
    __slots__ = ("osec", "off", "type", "sym", "addend")

    def __init__(self, osec, off, type, sym, addend):
        self.osec = osec          # OutSec of the place (or a synthetic: got/gotplt)
        self.off = off            # offset in osec
        self.type = type
        self.sym = sym            # GSym or None
        self.addend = addend      # int, or ("addr", value) resolved after layout
