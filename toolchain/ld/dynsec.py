"""Synthetic sections for dynamic linking: .interp, .dynsym/.dynstr, .gnu.hash/.hash,
.gnu.version/.gnu.version_r/.gnu.version_d, .rela.dyn/.rela.plt, .plt, .got, .got.plt,
.dynamic and .note.gnu.build-id. Sizes are fixed by :func:`create`, contents by :func:`fill`
once addresses are known."""
from __future__ import annotations

import struct

from ..elf import constants as C
from ..elf.strtab import StringTableBuilder
from .model import DSO, LINKER, UNDEF, OutSec
from .relocate import is_absolute, is_preemptible

_SYM = struct.Struct("<IBBHQQ")
_RELA = struct.Struct("<QQq")


_M64 = 0xFFFFFFFFFFFFFFFF


def _s64(v: int) -> int:
    return ((v + (1 << 63)) & _M64) - (1 << 63)


def gnu_hash(name: bytes) -> int:
    h = 5381
    for c in name:
        h = (h * 33 + c) & 0xFFFFFFFF
    return h


def elf_hash(name: bytes) -> int:
    h = 0
    for c in name:
        h = ((h << 4) + c) & 0xFFFFFFFF
        g = h & 0xF0000000
        if g:
            h ^= g >> 24
        h &= ~g & 0xFFFFFFFF
    return h


def _synth(ln, name, type_, flags, align, entsize=0, rank=None):
    from .sections import rank_of
    o = OutSec(name, type_, flags, rank_of(name, type_, flags) + (-1,))
    o.synth = True
    o.align = align
    o.entsize = entsize
    ln.outs[name] = o
    return o


def _encode(s: str) -> bytes:
    return s.encode("utf-8", "surrogateescape")


def create(ln) -> None:
    """Decide the dynamic symbol table and the sizes of every synthetic section."""
    arch = ln.arch
    opts = ln.opts
    word = arch.word
    dyn = ln.dynamic
    W = C.SHF_WRITE | C.SHF_ALLOC
    A = C.SHF_ALLOC
    ln.interp = ln.dynsym_sec = ln.dynstr_sec = ln.hash_sec = ln.gnu_hash_sec = None
    ln.versym_sec = ln.verneed_sec = ln.verdef_sec = ln.reladyn_sec = ln.relaplt_sec = None
    ln.plt_sec = ln.got_sec = ln.gotplt_sec = ln.dynamic_sec = ln.buildid_sec = None

    if dyn and not opts.shared and not opts.no_dynamic_linker:
        interp = (opts.dynamic_linker or ln.target.dynamic_linker).encode() + b"\0"
        ln.interp = _synth(ln, ".interp", C.SHT_PROGBITS, A, 1)
        ln.interp.data = interp
        ln.interp.size = len(interp)
    if opts.build_id:
        n = 16 if opts.build_id in ("md5", "uuid") else 20
        if opts.build_id.startswith("0x"):
            n = len(bytes.fromhex(opts.build_id[2:]))
        ln.buildid_sec = _synth(ln, ".note.gnu.build-id", C.SHT_NOTE, A, 4)
        ln.buildid_sec.size = 16 + n

    # exports
    if dyn:
        dso_undef = set()
        for so in ln.dsos:
            dso_undef |= so.undefined
            dso_undef |= so.defined.keys()     # interposed library symbols are exported too
        for g in ln.symbols.values():
            if g.kind in (UNDEF, DSO, LINKER) or g.vis in (C.STV_HIDDEN, C.STV_INTERNAL):
                continue
            if g.defn is not None and g.defn.bind == C.STB_LOCAL:
                continue
            if opts.shared or opts.export_dynamic or g.name in dso_undef:
                if ln.local_by_version(g):
                    continue
                g.export = True
                ln.need_dynsym(g)
        for g in ln.copies:
            ln.need_dynsym(g)

    # PLT / GOT
    plt_syms = ln.plt_syms
    ln.plt_lazy = dyn and bool(plt_syms)
    if plt_syms:
        ln.plt_sec = _synth(ln, ".plt", C.SHT_PROGBITS, A | C.SHF_EXECINSTR, 16,
                            arch.plt_entry_size)
        ln.plt_sec.size = (arch.plt_header_size if ln.plt_lazy else 0) + \
            arch.plt_entry_size * len(plt_syms)
    need_gotplt = bool(plt_syms) or dyn or "_GLOBAL_OFFSET_TABLE_" in ln.symbols
    if need_gotplt:
        ln.gotplt_sec = _synth(ln, ".got.plt", C.SHT_PROGBITS, W, word, word)
        ln.gotplt_sec.size = word * ((arch.gotplt_reserved if dyn else 0) + len(plt_syms))
    if ln.got.size or arch.got_symbol == "got" and "_GLOBAL_OFFSET_TABLE_" in ln.symbols:
        ln.got_sec = _synth(ln, ".got", C.SHT_PROGBITS, W, word, word)
        ln.got_sec.size = ln.got.size
    # dynamic relocations from GOT entries
    got_rel = []
    exe = not opts.shared
    for kind, tgt, _add, off in ln.got.entries:
        g = tgt if tgt is not None and not hasattr(tgt, "section") else None
        s = tgt if g is None else None
        pre = is_preemptible(ln, g)
        if kind == "got":
            if pre:
                got_rel.append((off, arch.R_GLOB_DAT, g, 0))
            elif g is not None and g.plt_canonical and g.kind != DSO and ln.pic:
                got_rel.append((off, arch.R_RELATIVE, None, ("plt", g, 0)))
            elif ln.pic and not is_absolute(ln, s, g):
                got_rel.append((off, arch.R_RELATIVE, None, ("sym", tgt, 0)))
        elif kind == "gottprel":
            if pre:
                got_rel.append((off, arch.R_TPOFF, g, 0))
            elif not exe:
                got_rel.append((off, arch.R_TPOFF, None, ("dtprel", tgt, 0)))
        elif kind == "tlsgd":
            if pre:
                got_rel.append((off, arch.R_DTPMOD, g, 0))
                got_rel.append((off + word, arch.R_DTPOFF, g, 0))
            elif not exe:
                got_rel.append((off, arch.R_DTPMOD, None, 0))
        elif kind == "tlsld":
            if not exe:
                got_rel.append((off, arch.R_DTPMOD, None, 0))
        elif kind == "tlsdesc":
            if pre:
                got_rel.append((off, arch.R_TLSDESC, g, 0))
            elif dyn and not (exe and getattr(arch, "tlsdesc_relax_exe", False)):
                got_rel.append((off, arch.R_TLSDESC, None, ("dtprel", tgt, 0)))
    from .model import DynReloc
    for off, t, g, add in got_rel:
        ln.dynrel.append(DynReloc(ln.got_sec, off, t, g, add))
    # copy relocations
    for g in ln.copies:
        ln.dynrel.append(DynReloc(g.copy, 0, arch.R_COPY, g, 0))
    # PLT relocations
    ln.pltrel = []
    for g in plt_syms:
        if g.kind == DSO or is_preemptible(ln, g):
            ln.pltrel.append((g, arch.R_JUMP_SLOT))
            ln.need_dynsym(g)
    for g in plt_syms:
        if not (g.kind == DSO or is_preemptible(ln, g)):
            ln.pltrel.append((g, arch.R_IRELATIVE))
    # order PLT entries like their relocations
    order = [g for g, _t in ln.pltrel]
    for i, g in enumerate(order):
        g.plt = i
    ln.plt_syms = order
    if not dyn and ln.dynrel:
        # a static executable: only IRELATIVE may remain; they live in .rela.plt (iplt)
        bad = [d for d in ln.dynrel if d.type != arch.R_IRELATIVE]
        if bad:
            ln.diag.error("dynamic relocations are needed but the output is static "
                          f"({len(bad)} relocation(s), first of type {bad[0].type})")
    if dyn and ln.dynrel:
        ln.reladyn_sec = _synth(ln, ".rela.dyn", C.SHT_RELA, A, 8, C.RELA_SIZE)
        ln.reladyn_sec.size = C.RELA_SIZE * len(ln.dynrel)
    if ln.pltrel:
        ln.relaplt_sec = _synth(ln, ".rela.plt", C.SHT_RELA, A | (C.SHF_INFO_LINK if dyn else 0),
                                8, C.RELA_SIZE)
        ln.relaplt_sec.size = C.RELA_SIZE * len(ln.pltrel)

    if not dyn:
        return

    # dynamic symbol table
    syms = list(ln.dynsyms.values())
    undef = [g for g in syms if not _dyn_defined(g)]
    defs = [g for g in syms if _dyn_defined(g)]
    ln.gnu_nbuckets = 0
    if opts.hash_style in ("gnu", "both"):
        nb = max(1, len(defs) // 4)
        ln.gnu_nbuckets = nb
        hashes = {id(g): gnu_hash(_encode(g.name)) for g in defs}
        defs.sort(key=lambda g: hashes[id(g)] % nb)
        ln.gnu_hashes = hashes
    ln.dynsym_list = undef + defs
    ln.dynsym_first_def = 1 + len(undef)
    for i, g in enumerate(ln.dynsym_list, 1):
        g.dynidx = i
    ds = StringTableBuilder()
    needed = [so for so in ln.dsos if not ln.dso_as_needed[id(so)] or _used(ln, so)]
    ln.needed = needed
    for so in needed:
        ds.add(so.soname or so.path.rsplit("/", 1)[-1])
    if opts.soname:
        ds.add(opts.soname)
    rpath = ":".join(opts.rpath)
    if rpath:
        ds.add(rpath)
    for g in ln.dynsym_list:
        ds.add(g.name)
    # versions needed
    vers = {}
    for g in ln.dynsym_list:
        if g.kind == DSO and g.dsym is not None and g.dsym.version and g.dso in needed:
            so = g.dso
            key = (id(so), g.dsym.version)
            if key not in vers:
                vers[key] = (so, g.dsym.version)
    ln.verneed = {}
    idx = 2 + len(ln.verdefs)
    by_so = {}
    for (sid, v), (so, _v) in sorted(vers.items(), key=lambda kv: (ln.dsos.index(kv[1][0]),
                                                                  kv[1][1])):
        by_so.setdefault(id(so), (so, []))[1].append(v)
    for sid, (so, vlist) in by_so.items():
        for v in vlist:
            ln.verneed[(sid, v)] = idx
            idx += 1
            ds.add(v)
    if ln.verdefs:
        ds.add(opts.soname or opts.output.rsplit("/", 1)[-1])
    for name in ln.verdefs:
        ds.add(name)
    ln.verneed_by_so = list(by_so.values())
    ln.dynstr_builder = ds
    dynstr = ds.finalize()
    ln.dynstr_sec = _synth(ln, ".dynstr", C.SHT_STRTAB, A, 1)
    ln.dynstr_sec.data = dynstr
    ln.dynstr_sec.size = len(dynstr)
    ln.dynsym_sec = _synth(ln, ".dynsym", C.SHT_DYNSYM, A, 8, C.SYM_SIZE)
    ln.dynsym_sec.size = C.SYM_SIZE * (1 + len(ln.dynsym_list))
    ln.dynsym_sec.info = 1
    if opts.hash_style in ("gnu", "both"):
        ln.gnu_hash_sec = _synth(ln, ".gnu.hash", C.SHT_GNU_HASH, A, 8)
        nb = ln.gnu_nbuckets
        ln.gnu_bloom = max(1, 1 << (max(len(defs), 1) // 32).bit_length() - 1) \
            if len(defs) > 32 else 1
        ln.gnu_hash_sec.size = 16 + 8 * ln.gnu_bloom + 4 * nb + 4 * len(defs)
    if opts.hash_style in ("sysv", "both"):
        ln.hash_sec = _synth(ln, ".hash", C.SHT_HASH, A, 8, 4)
        nsym = 1 + len(ln.dynsym_list)
        ln.hash_nb = max(1, nsym // 2 + 1)
        ln.hash_sec.size = 4 * (2 + ln.hash_nb + nsym)
    if ln.verneed or ln.verdefs:
        ln.versym_sec = _synth(ln, ".gnu.version", C.SHT_GNU_versym, A, 2, 2)
        ln.versym_sec.size = 2 * (1 + len(ln.dynsym_list))
    if ln.verneed:
        ln.verneed_sec = _synth(ln, ".gnu.version_r", C.SHT_GNU_verneed, A, 8)
        ln.verneed_sec.size = sum(16 + 16 * len(v) for _so, v in ln.verneed_by_so)
        ln.verneed_sec.info = len(ln.verneed_by_so)
    if ln.verdefs:
        ln.verdef_sec = _synth(ln, ".gnu.version_d", C.SHT_GNU_verdef, A, 8)
        ln.verdef_sec.size = 28 * (1 + len(ln.verdefs))
        ln.verdef_sec.info = 1 + len(ln.verdefs)
    # .dynamic
    ln.dyn_entries = _dynamic_tags(ln)
    ln.dynamic_sec = _synth(ln, ".dynamic", C.SHT_DYNAMIC, W, 8, 16)
    ln.dynamic_sec.size = 16 * len(ln.dyn_entries)


def _used(ln, so) -> bool:
    for g in ln.symbols.values():
        if g.dso is so and g.kind == DSO and (g.strong_ref or g.weak_ref):
            return True
    return False


def _dyn_defined(g) -> bool:
    return g.kind not in (UNDEF, DSO) or g.copy is not None


def _dynamic_tags(ln):
    """The .dynamic entries as (tag, value-or-callable)."""
    opts = ln.opts
    ds = ln.dynstr_builder
    t = []
    for so in ln.needed:
        t.append((C.DT_NEEDED, ds.offset(so.soname or so.path.rsplit("/", 1)[-1])))
    if opts.soname:
        t.append((C.DT_SONAME, ds.offset(opts.soname)))
    if opts.rpath:
        t.append((C.DT_RUNPATH, ds.offset(":".join(opts.rpath))))
    outs = ln.outs
    if ".init" in outs and "_init" in ln.symbols and ln.symbols["_init"].defined:
        t.append((C.DT_INIT, lambda: ln.symbols["_init"].value))
    if ".fini" in outs and "_fini" in ln.symbols and ln.symbols["_fini"].defined:
        t.append((C.DT_FINI, lambda: ln.symbols["_fini"].value))
    for name, a, b in ((".preinit_array", C.DT_PREINIT_ARRAY, C.DT_PREINIT_ARRAYSZ),
                       (".init_array", C.DT_INIT_ARRAY, C.DT_INIT_ARRAYSZ),
                       (".fini_array", C.DT_FINI_ARRAY, C.DT_FINI_ARRAYSZ)):
        if name in outs and (name != ".preinit_array" or not opts.shared):
            o = outs[name]
            t.append((a, lambda o=o: o.addr))
            t.append((b, lambda o=o: o.size))
    if ln.hash_sec is not None:
        t.append((C.DT_HASH, lambda: ln.hash_sec.addr))
    if ln.gnu_hash_sec is not None:
        t.append((C.DT_GNU_HASH, lambda: ln.gnu_hash_sec.addr))
    t.append((C.DT_STRTAB, lambda: ln.dynstr_sec.addr))
    t.append((C.DT_SYMTAB, lambda: ln.dynsym_sec.addr))
    t.append((C.DT_STRSZ, ln.dynstr_sec.size))
    t.append((C.DT_SYMENT, C.SYM_SIZE))
    if not opts.shared:
        t.append((C.DT_DEBUG, 0))
    if ln.gotplt_sec is not None and ln.pltrel:
        t.append((C.DT_PLTGOT, lambda: ln.gotplt_sec.addr))
    if ln.relaplt_sec is not None:
        t.append((C.DT_PLTRELSZ, ln.relaplt_sec.size))
        t.append((C.DT_PLTREL, C.DT_RELA))
        t.append((C.DT_JMPREL, lambda: ln.relaplt_sec.addr))
    if ln.reladyn_sec is not None:
        t.append((C.DT_RELA, lambda: ln.reladyn_sec.addr))
        t.append((C.DT_RELASZ, ln.reladyn_sec.size))
        t.append((C.DT_RELAENT, C.RELA_SIZE))
    if ln.textrel:
        t.append((C.DT_TEXTREL, 0))
    flags = 0
    flags1 = 0
    if opts.z_now:
        flags |= C.DF_BIND_NOW
        flags1 |= C.DF_1_NOW
    if ln.textrel:
        flags |= C.DF_TEXTREL
    if ln.has_static_tls and opts.shared:
        flags |= C.DF_STATIC_TLS
    if opts.pie and not opts.shared:
        flags1 |= C.DF_1_PIE
    if flags:
        t.append((C.DT_FLAGS, flags))
    if flags1:
        t.append((C.DT_FLAGS_1, flags1))
    if ln.verdef_sec is not None:
        t.append((C.DT_VERDEF, lambda: ln.verdef_sec.addr))
        t.append((C.DT_VERDEFNUM, 1 + len(ln.verdefs)))
    if ln.verneed_sec is not None:
        t.append((C.DT_VERNEED, lambda: ln.verneed_sec.addr))
        t.append((C.DT_VERNEEDNUM, len(ln.verneed_by_so)))
    if ln.versym_sec is not None:
        t.append((C.DT_VERSYM, lambda: ln.versym_sec.addr))
    nrel = sum(1 for d in ln.dynrel if d.type == ln.arch.R_RELATIVE)
    if nrel and ln.reladyn_sec is not None:
        t.append((C.DT_RELACOUNT, nrel))
    t.append((C.DT_NULL, 0))
    return t


# ----------------------------------------------------------------------------------------------
# contents

def dyn_value(ln, spec) -> int:
    """Resolve a DynReloc addend spec: an int, ("sym", target, A), ("plt", gsym, A) or
    ("dtprel", target, A)."""
    if isinstance(spec, int):
        return spec
    kind, tgt, a = spec
    if kind == "plt":
        return ln.plt_entry_addr(tgt) + a
    if hasattr(tgt, "section") and not hasattr(tgt, "kind"):
        sec = tgt.section
        if sec is None:
            v = tgt.value
        elif sec.extra is None:
            v = 0
        else:
            v = sec.addr + tgt.value
    else:
        v = tgt.value
    if kind == "dtprel":
        return ln.arch.dtprel(v, ln.tls[0]) + a
    return v + a


def fill(ln, buf) -> None:
    arch = ln.arch
    word = arch.word
    opts = ln.opts
    dyn = ln.dynamic

    def put(osec, data):
        buf[osec.offset:osec.offset + len(data)] = data

    if ln.interp is not None:
        put(ln.interp, ln.interp.data)
    # .got contents
    if ln.got_sec is not None:
        got = bytearray(ln.got_sec.size)
        if arch.got_header and ln.dynamic_sec is not None:
            struct.pack_into("<Q", got, 0, ln.dynamic_sec.addr)
        tls_start, tls_memsz, tls_align = ln.tls
        exe = not opts.shared
        for kind, tgt, _add, off in ln.got.entries:
            g = tgt if tgt is not None and hasattr(tgt, "kind") else None
            pre = is_preemptible(ln, g)
            v = 0
            if tgt is not None:
                addr = dyn_value(ln, ("sym", tgt, 0))
            else:
                addr = 0
            if kind == "got":
                if pre:
                    v = 0
                elif g is not None and g.plt_canonical and g.plt >= 0:
                    v = ln.plt_entry_addr(g)
                else:
                    v = addr
                struct.pack_into("<Q", got, off, v & 0xFFFFFFFFFFFFFFFF)
            elif kind == "gottprel":
                if not pre and exe:
                    v = arch.tprel(addr, tls_start, tls_memsz, tls_align)
                    struct.pack_into("<Q", got, off, v & 0xFFFFFFFFFFFFFFFF)
            elif kind == "tlsgd":
                if not pre:
                    if exe:
                        struct.pack_into("<Q", got, off, 1)
                    struct.pack_into("<Q", got, off + word,
                                     arch.dtprel(addr, tls_start) & 0xFFFFFFFFFFFFFFFF)
            elif kind == "tlsld":
                if exe:
                    struct.pack_into("<Q", got, off, 1)
            elif kind == "tlsdesc":
                hook = getattr(arch, "fill_tlsdesc", None)
                if hook is not None:
                    hook(ln, got, off, g, addr, pre)
        put(ln.got_sec, got)
    # PLT and .got.plt
    if ln.plt_sec is not None:
        plt = bytearray()
        pa = ln.plt_sec.addr
        gp = ln.gotplt_sec.addr
        res = arch.gotplt_reserved if dyn else 0
        if ln.plt_lazy:
            plt += arch.plt_header(pa, gp)
        for i, g in enumerate(ln.plt_syms):
            entry = pa + len(plt)
            plt += arch.plt_entry(entry, gp + word * (res + i), i, pa)
        put(ln.plt_sec, plt)
    if ln.gotplt_sec is not None:
        gp = bytearray(ln.gotplt_sec.size)
        res = arch.gotplt_reserved if dyn else 0
        if dyn and ln.dynamic_sec is not None:
            struct.pack_into("<Q", gp, 0, ln.dynamic_sec.addr)
        for i, g in enumerate(ln.plt_syms):
            entry = ln.plt_entry_addr(g)
            if ln.pltrel[i][1] == arch.R_IRELATIVE:
                v = ln.ifunc_resolver(g) if not dyn else ln.ifunc_resolver(g)
            else:
                v = arch.gotplt_initial(entry, ln.plt_sec.addr) if ln.plt_lazy else 0
            struct.pack_into("<Q", gp, word * (res + i), v)
        put(ln.gotplt_sec, gp)
    # .rela.plt
    if ln.relaplt_sec is not None:
        out = bytearray()
        gp = ln.gotplt_sec.addr
        res = arch.gotplt_reserved if dyn else 0
        for i, (g, t) in enumerate(ln.pltrel):
            place = gp + word * (res + i)
            if t == arch.R_IRELATIVE:
                out += _RELA.pack(place, t, _s64(ln.ifunc_resolver(g)))
            else:
                out += _RELA.pack(place, (g.dynidx << 32) | t, 0)
        put(ln.relaplt_sec, out)
    if not dyn:
        return
    # .rela.dyn: RELATIVE first
    rels = []
    for d in ln.dynrel:
        place = d.osec.addr + d.off
        add = dyn_value(ln, d.addend)
        idx = d.sym.dynidx if d.sym is not None else 0
        rels.append((0 if d.type == arch.R_RELATIVE else 1, place, (idx << 32) | d.type, add))
    rels.sort(key=lambda r: (r[0], r[1]) if r[0] == 0 else (1, 0))
    if ln.reladyn_sec is not None:
        out = bytearray()
        for _k, place, info, add in rels:
            out += _RELA.pack(place & _M64, info, _s64(add))
        put(ln.reladyn_sec, out)
    # .dynsym
    ds = ln.dynstr_builder
    out = bytearray(C.SYM_SIZE)
    versym = bytearray(2)
    for g in ln.dynsym_list:
        name = ds.offset(g.name)
        bind = C.STB_WEAK if (g.kind == UNDEF and g.weak_ref and not g.strong_ref) or (
            g.defn is not None and g.defn.bind == C.STB_WEAK) else C.STB_GLOBAL
        # an IFUNC defined here: in a shared library the loader resolves it (IFUNC, the
        # resolver's address, as GNU ld); an executable exports its canonical PLT entry
        ifunc_def = g.type == C.STT_GNU_IFUNC and g.kind != DSO
        typ = C.STT_FUNC if ifunc_def and not ln.opts.shared else g.type
        if g.kind == DSO and g.dsym is not None:
            bind = C.STB_GLOBAL if g.strong_ref or g.copy is not None else C.STB_WEAK
            typ = g.dsym.type
        vis = g.vis if g.kind != DSO else C.STV_DEFAULT
        if g.copy is not None:
            shndx = ln.index_of_addr(g.copy.addr)
            value = g.copy.addr
            size = g.size
        elif g.kind in (UNDEF, DSO):
            shndx = 0
            value = ln.plt_entry_addr(g) if g.plt_canonical and g.plt >= 0 else 0
            size = 0
        else:
            value = ln.ifunc_resolver(g) if ifunc_def and ln.opts.shared else g.value
            if g.type == C.STT_TLS:
                shndx = ln.tls_index
                value -= ln.tls[0]
            elif g.kind == LINKER or g.defn is None or g.defn.section is not None:
                shndx = ln.index_of_addr(value)
            else:
                shndx = C.SHN_ABS
            size = g.size
        out += _SYM.pack(name, (bind << 4) | (typ & 0xF), vis & 3, shndx & 0xFFFF,
                         value & _M64, size & _M64)
        if g.kind == DSO and g.dsym is not None and g.dsym.version and g.dso in ln.needed:
            v = ln.verneed.get((id(g.dso), g.dsym.version), 1)
        elif g.kind == UNDEF:
            v = 1 if g.strong_ref else 0
        else:
            v = ln.version_of(g)
        versym += struct.pack("<H", v)
    put(ln.dynsym_sec, out)
    if ln.versym_sec is not None:
        put(ln.versym_sec, versym)
    put(ln.dynstr_sec, ln.dynstr_sec.data)
    if ln.verneed_sec is not None:
        out = bytearray()
        n = len(ln.verneed_by_so)
        for i, (so, vlist) in enumerate(ln.verneed_by_so):
            fname = ds.offset(so.soname or so.path.rsplit("/", 1)[-1])
            out += struct.pack("<HHIII", 1, len(vlist), fname, 16,
                               16 + 16 * len(vlist) if i + 1 < n else 0)
            for j, v in enumerate(vlist):
                out += struct.pack("<IHHII", elf_hash(_encode(v)), 0,
                                   ln.verneed[(id(so), v)], ds.offset(v),
                                   16 if j + 1 < len(vlist) else 0)
        put(ln.verneed_sec, out)
    if ln.verdef_sec is not None:
        out = bytearray()
        names = [opts.soname or opts.output.rsplit("/", 1)[-1]] + list(ln.verdefs)
        for i, nm in enumerate(names):
            out += struct.pack("<HHHHIII", 1, C.VER_FLG_BASE if i == 0 else 0, i + 1, 1,
                               elf_hash(_encode(nm)), 20, 28 if i + 1 < len(names) else 0)
            out += struct.pack("<II", ds.offset(nm), 0)
        put(ln.verdef_sec, out)
    if ln.gnu_hash_sec is not None:
        put(ln.gnu_hash_sec, _gnu_hash_table(ln))
    if ln.hash_sec is not None:
        put(ln.hash_sec, _sysv_hash_table(ln))
    # .dynamic
    out = bytearray()
    for tag, val in ln.dyn_entries:
        if callable(val):
            val = val()
        out += struct.pack("<qQ", tag, val & 0xFFFFFFFFFFFFFFFF)
    put(ln.dynamic_sec, out)


def _gnu_hash_table(ln) -> bytes:
    defs = ln.dynsym_list[ln.dynsym_first_def - 1:]
    nb = ln.gnu_nbuckets
    nbloom = ln.gnu_bloom
    shift = 6
    hashes = [ln.gnu_hashes[id(g)] for g in defs]
    bloom = [0] * nbloom
    for h in hashes:
        i = (h // 64) % nbloom
        bloom[i] |= (1 << (h % 64)) | (1 << ((h >> shift) % 64))
    buckets = [0] * nb
    chain = []
    symoff = ln.dynsym_first_def
    for i, h in enumerate(hashes):
        b = h % nb
        if buckets[b] == 0:
            buckets[b] = symoff + i
        last = i + 1 == len(hashes) or hashes[i + 1] % nb != b
        chain.append((h & ~1) | (1 if last else 0))
    out = struct.pack("<IIII", nb, symoff, nbloom, shift)
    out += struct.pack(f"<{nbloom}Q", *bloom)
    out += struct.pack(f"<{nb}I", *buckets)
    out += struct.pack(f"<{len(chain)}I", *chain)
    return out


def _sysv_hash_table(ln) -> bytes:
    nsym = 1 + len(ln.dynsym_list)
    nb = ln.hash_nb
    buckets = [0] * nb
    chain = [0] * nsym
    for i, g in enumerate(ln.dynsym_list, 1):
        h = elf_hash(_encode(g.name)) % nb
        chain[i] = buckets[h]
        buckets[h] = i
    return struct.pack(f"<II{nb}I{nsym}I", nb, nsym, *buckets, *chain)
