"""Output sections: mapping input section names to output sections, ordering them into the
standard segments, COMMON allocation, --gc-sections and linker-defined symbols."""
from __future__ import annotations

import re

from ..elf import constants as C
from ..elf.objfile import Section, Symbol
from .model import COMMON, DEF, LINKER, UNDEF, WEAK, OutSec

_PREFIXES = (".text", ".rodata", ".data.rel.ro", ".data", ".bss", ".tdata", ".tbss",
             ".init_array", ".fini_array", ".preinit_array", ".gcc_except_table", ".sdata",
             ".sbss", ".srodata", ".ctors", ".dtors", ".lrodata", ".ldata", ".lbss")
_MAP = {".sdata": ".sdata", ".sbss": ".sbss", ".srodata": ".rodata", ".lrodata": ".rodata",
        ".ldata": ".data", ".lbss": ".bss"}
_DROP_PREFIXES = (".note.GNU-stack", ".gnu.warning", ".note.gnu.property", ".gnu_debuglink",
                  ".gnu.lto_", ".llvm_addrsig")

# rank groups: 0 headers(R), 1 code(RX), 2 read-only(R), 3 relro(RW), 4 data(RW)
_FIXED = {
    ".interp": (0, 0), ".note.gnu.build-id": (0, 1), ".hash": (0, 3), ".gnu.hash": (0, 4),
    ".dynsym": (0, 5), ".dynstr": (0, 6), ".gnu.version": (0, 7), ".gnu.version_d": (0, 8),
    ".gnu.version_r": (0, 9), ".rela.dyn": (0, 10), ".rela.plt": (0, 11),
    ".init": (1, 0), ".plt": (1, 1), ".iplt": (1, 2), ".text": (1, 3), ".fini": (1, 9),
    ".rodata": (2, 0), ".eh_frame_hdr": (2, 7), ".eh_frame": (2, 8), ".gcc_except_table": (2, 9),
    ".tdata": (3, 0), ".tbss": (3, 1), ".preinit_array": (3, 2), ".init_array": (3, 3),
    ".fini_array": (3, 4), ".data.rel.ro": (3, 6), ".dynamic": (3, 7), ".got": (3, 8),
    ".got.plt": (4, 0), ".data": (4, 1), ".sdata": (4, 3), ".sbss": (4, 7), ".bss": (4, 8),
}


def output_name(name: str) -> str | None:
    """The output section an allocated input section named ``name`` goes to (None: drop)."""
    for p in _DROP_PREFIXES:
        if name.startswith(p):
            return None
    for p in _PREFIXES:
        if name == p or name.startswith(p + ".") or (p == ".text" and name.startswith(".text")
                                                      and False):
            return _MAP.get(p, p)
    if name.startswith(".data.rel"):
        return ".data"
    return name


def rank_of(name: str, type_: int, flags: int) -> tuple:
    r = _FIXED.get(name)
    if r is not None:
        return r
    if type_ == C.SHT_NOTE:
        return (0, 2)
    if flags & C.SHF_TLS:
        return (3, 1 if type_ == C.SHT_NOBITS else 0)
    if type_ == C.SHT_NOBITS:
        return (4, 9)       # GNU ld puts every section without contents after .bss
    if flags & C.SHF_EXECINSTR:
        return (1, 5)
    if not flags & C.SHF_WRITE:
        return (2, 3)
    return (4, 2)


def is_orphan(oname: str) -> bool:
    """A section name GNU ld's default script does not name (placed by its flags)."""
    return oname not in _FIXED and not any(oname == p or oname.startswith(p + ".")
                                           for p in _PREFIXES)


_PRIO = re.compile(r"\.(init_array|fini_array|ctors|dtors)\.(\d+)$")


def _array_key(sec: Section, idx: int):
    m = _PRIO.search(sec.name)
    if m:
        return (int(m.group(2)), idx)
    return (65536, idx)


def build_output_sections(ln) -> list[OutSec]:
    """Assign every kept allocated input section to an output section."""
    outs: dict[str, OutSec] = {}
    order = 0
    for f in ln.files:
        for sec in f.obj.sections:
            if sec.extra is None:
                continue
            if sec.name == ".note.GNU-stack" and sec.flags & C.SHF_EXECINSTR:
                ln.execstack = True
            if sec.type in (C.SHT_GROUP, C.SHT_RELA, C.SHT_REL, C.SHT_SYMTAB, C.SHT_STRTAB,
                            C.SHT_SYMTAB_SHNDX, C.SHT_NULL, C.SHT_RISCV_ATTRIBUTES) \
                    or (sec.type >= 0x60000000 and not sec.flags & C.SHF_ALLOC):
                if not sec.flags & C.SHF_ALLOC:
                    sec.extra = None
                continue
            if not sec.flags & C.SHF_ALLOC:
                # debug info and .comment are copied (no addresses); others dropped
                n = sec.name
                if not (n.startswith(".debug_") or n == ".comment") or sec.flags & C.SHF_EXCLUDE \
                        or (n.startswith(".debug_") and (ln.opts.strip_debug
                                                         or ln.opts.strip_all)):
                    sec.extra = None
                    continue
                if sec.flags & C.SHF_COMPRESSED:
                    sec.extra = None
                    continue
                o = outs.get(n)
                if o is None:
                    o = OutSec(n, sec.type, 0, (9, 0 if n == ".comment" else 1, order))
                    order += 1
                    outs[n] = o
                    if n == ".comment":
                        o.flags = C.SHF_MERGE | C.SHF_STRINGS
                        o.entsize = 1
                o.align = max(o.align, sec.align or 1)
                o.inputs.append(sec)
                f.out_of[sec] = o
                continue
            oname = output_name(sec.name)
            if sec.name == ".note.GNU-stack" and sec.flags & C.SHF_EXECINSTR:
                ln.execstack = True
            if oname is None:
                sec.extra = None
                continue
            if sec.flags & C.SHF_EXCLUDE:
                sec.extra = None
                continue
            key = oname
            o = outs.get(key)
            if o is not None and is_orphan(oname) and \
                    (o.type == C.SHT_NOBITS) != (sec.type == C.SHT_NOBITS):
                # GNU ld keeps orphans with and without contents in separate output sections
                key = (oname, sec.type == C.SHT_NOBITS)
                o = outs.get(key)
            if o is None:
                t = sec.type
                if t in (C.SHT_INIT_ARRAY, C.SHT_FINI_ARRAY, C.SHT_PREINIT_ARRAY, C.SHT_NOTE,
                         C.SHT_NOBITS):
                    pass
                else:
                    t = C.SHT_PROGBITS if t != C.SHT_X86_64_UNWIND else t
                if oname == ".init_array":
                    t = C.SHT_INIT_ARRAY
                elif oname == ".fini_array":
                    t = C.SHT_FINI_ARRAY
                elif oname == ".preinit_array":
                    t = C.SHT_PREINIT_ARRAY
                o = OutSec(oname, t, 0, rank_of(oname, t, sec.flags) + (order,))
                order += 1
                outs[key] = o
            if sec.type != C.SHT_NOBITS and o.type == C.SHT_NOBITS:
                o.type = C.SHT_PROGBITS
            o.flags |= sec.flags & (C.SHF_ALLOC | C.SHF_WRITE | C.SHF_EXECINSTR | C.SHF_TLS)
            if oname == ".eh_frame" and sec.align > 4:
                # records are 4-aligned; padding between inputs would read as a terminator
                sec.align = 4
            o.align = max(o.align, sec.align or 1)
            o.inputs.append(sec)
            f.out_of[sec] = o
    for name in (".init_array", ".fini_array", ".preinit_array"):
        o = outs.get(name)
        if o is not None:
            idx = {id(s): i for i, s in enumerate(o.inputs)}
            o.inputs.sort(key=lambda s: _array_key(s, idx[id(s)]))
    ln.outs = outs
    return list(outs.values())


def allocate_commons(ln) -> None:
    """Turn COMMON symbols into .bss definitions (one synthetic section each)."""
    commons = [g for g in ln.symbols.values() if g.kind == COMMON]
    if not commons:
        return
    from ..elf.objfile import ObjectFile
    from .model import InputFile
    obj = ObjectFile(ln.machine, name="<COMMON>")
    f = InputFile(obj, "<COMMON>", len(ln.files))
    for g in sorted(commons, key=lambda g: g.name):
        sec = Section(".bss", C.SHT_NOBITS, C.SHF_ALLOC | C.SHF_WRITE, align=max(g.align, 1),
                      size=g.size)
        sec.data = None
        sec.extra = f
        obj.sections.append(sec)
        s = Symbol(g.name, 0, g.size, C.STB_GLOBAL, C.STT_OBJECT, g.vis, sec, 1)
        s.extra = g
        obj.symbols.append(s)
        g.defn = s
        g.file = f
        g.kind = DEF
        g.type = C.STT_OBJECT
    ln.files.append(f)


# ----------------------------------------------------------------------------------------------
# --gc-sections

def _is_c_ident(name: str) -> bool:
    return bool(name) and (name[0].isalpha() or name[0] == "_") and all(
        c.isalnum() or c == "_" for c in name)


def gc_sections(ln, roots) -> None:
    """Mark sections reachable from the roots (entry, exported and -u symbols, init/fini
    arrays, notes, KEEP-like sections) through relocations; discard the rest."""
    live = set()
    work = []

    def mark(sec):
        if sec is None or sec.extra is None or id(sec) in live:
            return
        live.add(id(sec))
        work.append(sec)

    start_stop = {}
    for f in ln.files:
        for sec in f.obj.sections:
            if sec.extra is None or not sec.flags & C.SHF_ALLOC:
                continue
            n = sec.name
            if (sec.type in (C.SHT_NOTE, C.SHT_INIT_ARRAY, C.SHT_FINI_ARRAY,
                             C.SHT_PREINIT_ARRAY)
                    or n.startswith((".init_array", ".fini_array", ".preinit_array", ".ctors",
                                     ".dtors", ".init", ".fini", ".jcr"))
                    or n in (".init", ".fini") or sec.flags & C.SHF_GNU_RETAIN):
                mark(sec)
            elif _is_c_ident(n):
                start_stop.setdefault(n, []).append(sec)
            if n == ".eh_frame":
                pass
    for g in roots:
        if g is not None and g.defn is not None and g.defn.section is not None:
            mark(g.defn.section)
    for name, secs in start_stop.items():
        g = ln.symbols.get("__start_" + name) or ln.symbols.get("__stop_" + name)
        if g is not None:
            for s in secs:
                mark(s)
    while work:
        sec = work.pop()
        for r in sec.relocs:
            s = r.sym
            if s is None:
                continue
            g = s.extra
            if g is not None:
                if g.defn is not None:
                    mark(g.defn.section)
                elif g.name.startswith(("__start_", "__stop_")):
                    for t in start_stop.get(g.name.split("_", 3)[-1], ()):
                        mark(t)
            else:
                mark(s.section)
        if sec.link_to is not None:
            mark(sec.link_to)
        # sections linked to this one (SHF_LINK_ORDER) follow it
    for f in ln.files:
        for sec in f.obj.sections:
            if (sec.extra is not None and sec.flags & C.SHF_ALLOC and id(sec) not in live
                    and sec.name != ".eh_frame"):
                if sec.flags & C.SHF_LINK_ORDER and sec.link_to is not None \
                        and id(sec.link_to) in live:
                    continue
                if ln.opts.print_gc:
                    ln.diag.note(f"removing unused section '{sec.name}' in file '{f.label}'")
                sec.extra = None


# ----------------------------------------------------------------------------------------------
# linker-defined symbols

def define_linker_symbols(ln) -> None:
    """Symbols the linker provides when referenced: _end, __bss_start, __init_array_start...,
    __start_SEC/__stop_SEC, _GLOBAL_OFFSET_TABLE_, _DYNAMIC, __ehdr_start, __rela_iplt_*."""
    provide = {
        "_end": ("end",), "end": ("end",), "_edata": ("edata",), "edata": ("edata",),
        "__bss_start": ("bss_start",), "etext": ("etext",), "_etext": ("etext",),
        "__etext": ("etext",), "__ehdr_start": ("ehdr",), "__executable_start": ("ehdr",),
        "__dso_handle": ("ehdr",),
        "_GLOBAL_OFFSET_TABLE_": ("got",), "_DYNAMIC": ("dynamic",),
        "__init_array_start": ("start", ".init_array"), "__init_array_end": ("stop", ".init_array"),
        "__fini_array_start": ("start", ".fini_array"), "__fini_array_end": ("stop", ".fini_array"),
        "__preinit_array_start": ("start", ".preinit_array"),
        "__preinit_array_end": ("stop", ".preinit_array"),
        "__rela_iplt_start": ("iplt_start",), "__rela_iplt_end": ("iplt_end",),
        "__GNU_EH_FRAME_HDR": ("start", ".eh_frame_hdr"),
        "__global_pointer$": ("gp",),
        "__data_start": ("start", ".data"), "data_start": ("start", ".data"),
        "_TLS_MODULE_BASE_": ("tls_base",),
    }
    for g in ln.symbols.values():
        if g.kind != UNDEF:
            continue
        spec = provide.get(g.name)
        if spec is None:
            n = g.name
            if n.startswith("__start_") and _is_c_ident(n[8:]):
                spec = ("start", n[8:])
            elif n.startswith("__stop_") and _is_c_ident(n[7:]):
                spec = ("stop", n[7:])
            else:
                continue
        g.kind = LINKER
        g.linker = spec
        g.dso = None
        g.dsym = None
        if g.name not in ("_DYNAMIC", "_GLOBAL_OFFSET_TABLE_") and g.vis == C.STV_DEFAULT \
                and g.name.startswith(("__start_", "__stop_")):
            g.vis = C.STV_PROTECTED
        if spec[0] == "tls_base":          # TLSDESC local-dynamic base: never exported
            g.vis = C.STV_HIDDEN
            g.type = C.STT_TLS
        ln.undefs.pop(g.name, None)
