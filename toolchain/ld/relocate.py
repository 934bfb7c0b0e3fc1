"""Relocation scanning (deciding GOT/PLT entries, copy relocations and dynamic relocations)
and application (computing each value and patching it through the target's RelocTable).

Calc names come from ``arch/<t>/relocs.py``; ``arch/<t>/link.py`` maps the target's GOT-based
names to (entry kind, form) through ``LINK.CALC``; generic names "got_<form>",
"tlsgd_<form>", "tlsld_<form>", "gottprel_<form>", "tlsdesc_<form>" are understood directly.
Forms: "abs" (E+A), "pcrel" (E+A-P), "page_pcrel" (Page(E+A)-Page(P)), "gotrel" (E+A-GOT),
"gotpage" (E+A-Page(GOT)) where E is the symbol's address or its GOT entry's address.
"""
from __future__ import annotations

from ..elf import constants as C
from .model import DEF, DSO, LINKER, UNDEF, WEAK, DynReloc, GSym

_TLS_RELAXABLE = ("tlsgd", "tlsld", "tlsdesc", "gottprel")
_DIRECT = {"abs": "abs", "pcrel": "pcrel", "page_pcrel": "page_pcrel", "gotrel": "gotrel",
           "gotoff": "gotrel", "plt": "pcrel"}
_ENTRY_PREFIX = ("got_", "tlsgd_", "tlsld_", "gottprel_", "tlsdesc_")


def classify(calc: str, arch):
    """(entry kind or None, form) for a calc name, or None when it is not GOT/direct-based."""
    m = arch.CALC.get(calc)
    if m is not None:
        return m
    if calc in _DIRECT:
        return (None, _DIRECT[calc])
    for p in _ENTRY_PREFIX:
        if calc.startswith(p):
            form = calc[len(p):]
            kind = p[:-1]
            if form == "hint" or form == "call":
                return None
            return (kind, form)
    return None


class GotTable:
    """GOT entries: (kind, target) -> offset in .got. Kinds: got (1 word), gottprel (1),
    tlsgd (2), tlsld (2, one per output), tlsdesc (2)."""
    __slots__ = ("entries", "index", "size", "word")

    def __init__(self, word: int, reserved: int = 0):
        self.entries = []
        self.index = {}
        self.size = word * reserved
        self.word = word

    def add(self, kind, target, addend=0) -> int:
        key = (kind, id(target) if target is not None else 0, addend)
        off = self.index.get(key)
        if off is None:
            off = self.size
            self.index[key] = off
            self.entries.append((kind, target, addend, off))
            self.size += self.word * (2 if kind in ("tlsgd", "tlsld", "tlsdesc") else 1)
        return off

    def get(self, kind, target, addend=0) -> int:
        return self.index[(kind, id(target) if target is not None else 0, addend)]


def is_preemptible(ln, g) -> bool:
    if g is None:
        return False
    k = g.kind
    if k == DSO:
        return True
    if k == UNDEF:
        return ln.opts.shared and ln.dynamic
    if k == LINKER:
        return False
    if ln.opts.shared and g.vis == C.STV_DEFAULT and not ln.opts.bsymbolic and k in (DEF, WEAK) \
            and not g.local_ver == 0:
        return True
    return False


def is_absolute(ln, s, g) -> bool:
    """True when the target's address does not move with the load base."""
    if g is not None:
        if g.kind == UNDEF:
            return True
        if g.kind == LINKER:
            return False
        if g.kind == DSO:
            return False
        d = g.defn
        return d is not None and d.section is None and d.shndx == C.SHN_ABS
    if s is None:
        return True
    return s.section is None


def _func_name(f, sec, off) -> str | None:
    """The function containing ``off`` in ``sec`` (or the nearest preceding label), for
    messages."""
    best = None
    for s in f.obj.symbols:
        if s.section is not sec or s.type in (C.STT_SECTION, C.STT_FILE) or not s.name:
            continue
        if s.type == C.STT_FUNC and s.value <= off < s.value + max(s.size, 1):
            return s.name
        if s.value <= off and not s.name.startswith(".L") and (best is None
                                                               or s.value > best.value):
            best = s
    if best is not None and (best.type == C.STT_FUNC or best.type == C.STT_NOTYPE):
        return best.name
    return None


def report_undefined(ln, f, sec, r, g) -> None:
    key = (g.name, f.label, sec.name)
    if key in ln.undef_reported:
        return
    ln.undef_reported.add(key)
    fn = _func_name(f, sec, r.offset) if sec.flags & C.SHF_EXECINSTR else None
    where = (f"{f.label}: in function `{fn}':\n{f.source_name()}:" if fn else f"{f.label}:")
    ln.diag.error(f"{where}({sec.name}+{r.offset:#x}): undefined reference to `{g.name}'")


def _local_ifunc(ln, f, s) -> GSym:
    """A local IFUNC symbol of input ``f`` as a hidden definition of its own, outside the
    global symbol table: an IPLT entry and an IRELATIVE relocation like a global one."""
    g = GSym(s.name)
    g.kind = DEF
    g.defn = s
    g.file = f
    g.type = C.STT_GNU_IFUNC
    g.vis = C.STV_HIDDEN
    g.size = s.size
    s.extra = g
    ln.local_ifuncs.append(g)
    return g


def scan(ln) -> None:
    arch = ln.arch
    table = ln.relocs
    got = ln.got = GotTable(arch.word, arch.got_header)
    ln.plt_syms = []
    ln.local_ifuncs = []
    ln.dynrel = []
    ln.pltrel_irel = []
    ln.copies = []
    ln.undef_reported = set()
    pic = ln.pic
    exe = not ln.opts.shared
    word = arch.word
    by_num = table.by_num
    cls_cache = {}
    pending_plt = ln.plt_syms
    tls_scan = getattr(arch, "tls_scan", None)
    ln.tls_act = {}
    ln.tls_skip = tls_skip = set()

    def need_plt(g):
        if g.plt < 0:
            g.plt = len(pending_plt)
            pending_plt.append(g)

    def need_copy(g):
        if g.copy is None:
            from ..elf.objfile import Section
            sec = Section(".dynbss", C.SHT_NOBITS, C.SHF_ALLOC | C.SHF_WRITE, size=g.size)
            sec.data = None
            v = g.dsym.value
            al = 1
            while al < 64 and not v & al:
                al <<= 1
            sec.align = al
            sec.extra = ln.copy_file
            g.copy = sec
            ln.copies.append(g)
            # aliases of the object in its library (environ/__environ...) move with it
            so = g.dso
            for d in so.symbols:
                if (d.value == v and d.shndx and d.name != g.name and d.bind != C.STB_LOCAL
                        and d.type == g.dsym.type and not d.hidden):
                    a = ln.gsym(d.name)
                    if a.kind in (UNDEF, DSO) and a.copy is None:
                        a.kind = DSO
                        a.dso = so
                        a.dsym = d
                        a.type = d.type
                        a.size = d.size
                        a.copy = sec
                        ln.need_dynsym(a)

    for f in released(ln.files):
        for sec in f.obj.sections:
            if sec.extra is None or not sec.relocs:
                continue
            if not sec.flags & C.SHF_ALLOC:
                _check_nonalloc(ln, f, sec, by_num)
                continue
            writable = bool(sec.flags & C.SHF_WRITE)
            secsize = sec.size if sec.type == C.SHT_NOBITS else len(sec.data)
            sid = id(sec)
            for r in sec.relocs:
                if tls_skip and (sid, r.offset) in tls_skip:
                    continue
                rt = by_num.get(r.type)
                if rt is None:
                    ln.diag.error(f"{f.label}: unsupported relocation type {r.type} in section "
                                  f"{sec.name}")
                    continue
                if r.offset < 0 or r.offset + rt.size > secsize:
                    ln.diag.error(f"{f.label}: bad relocation offset {r.offset:#x} in section "
                                  f"{sec.name}")
                    continue
                calc = rt.calc
                c = cls_cache.get(calc)
                if c is None:
                    c = cls_cache[calc] = classify(calc, arch) or (None, None)
                kind, form = c
                s = r.sym
                g = s.extra if s is not None else None
                if g is not None and g.kind == UNDEF and not (g.weak_ref and not g.strong_ref) \
                        and not ln.opts.shared and calc != "none":
                    report_undefined(ln, f, sec, r, g)
                    continue
                if form is None:
                    if calc in ("tprel", "dtprel", "size", "none", "relax", "align",
                                "tlsdesc_call", "tlsdesc_hint", "tprel_add", "add", "sub", "set", "uleb_set",
                                "uleb_sub", "pcrel_lo", "gprel"):
                        continue
                    hook = getattr(arch, "scan_special", None)
                    if hook is not None and hook(ln, f, sec, r, rt, g):
                        continue
                    continue
                if s is not None and g is None and s.type == C.STT_GNU_IFUNC:
                    g = _local_ifunc(ln, f, s)
                pre = is_preemptible(ln, g)
                ifunc = g is not None and g.type == C.STT_GNU_IFUNC and g.kind in (DEF, WEAK)
                if kind is not None:
                    tgt = g if g is not None else s
                    if kind in _TLS_RELAXABLE and exe and tls_scan is not None \
                            and (g is None or g.kind != UNDEF):
                        act = tls_scan(ln, sec, r, rt, kind, pre)
                        if act is not None:
                            ln.tls_act[(id(sec), r.offset)] = act
                            if act == "ie":
                                got.add("gottprel", tgt, 0)
                                if g is not None and pre:
                                    ln.need_dynsym(g)
                            continue
                    if kind == "tlsld":
                        tgt = None
                    if kind == "got" and ifunc and g is not None:
                        g.plt_canonical = True
                        need_plt(g)
                    got.add(kind, tgt, 0)
                    if g is not None and kind != "tlsld" and pre:
                        ln.need_dynsym(g)
                    continue
                # direct references
                if ifunc:
                    need_plt(g)
                    if calc not in arch.PLT_CALCS:
                        g.plt_canonical = True
                    if not (form == "abs" and rt.size == word and pic):
                        continue
                if calc in arch.PLT_CALCS:
                    if pre:
                        need_plt(g)
                        ln.need_dynsym(g)
                    continue
                if pre:
                    if form == "abs" and rt.size == word:
                        ln.dynrel.append(DynReloc(sec, r.offset, arch.R_ABS, g, r.addend))
                        ln.need_dynsym(g)
                        if not writable:
                            ln.textrel = True
                        continue
                    if exe and g.kind == DSO:
                        if g.type == C.STT_FUNC or g.type == C.STT_GNU_IFUNC:
                            need_plt(g)
                            g.plt_canonical = True
                        else:
                            need_copy(g)
                        ln.need_dynsym(g)
                        continue
                    if exe and g.kind == UNDEF:
                        continue
                    ln.diag.error(f"{f.label}: relocation {rt.name} against symbol `{g.name}' "
                                  f"can not be used when making a shared object; recompile "
                                  f"with -fPIC")
                    continue
                if pic and form == "abs" and rt.size == word:
                    if not is_absolute(ln, s, g):
                        if ifunc:
                            ln.dynrel.append(DynReloc(sec, r.offset, arch.R_RELATIVE, None,
                                                      ("plt", g, r.addend)))
                        else:
                            ln.dynrel.append(DynReloc(sec, r.offset, arch.R_RELATIVE, None,
                                                      ("sym", g if g is not None else s,
                                                       r.addend)))
                        if not writable:
                            ln.textrel = True
                    continue
                if pic and form == "abs" and rt.size < word and rt.size >= 4 \
                        and arch.is_data_reloc(rt) and not is_absolute(ln, s, g):
                    nm = g.name if g is not None else (s.name or sec.name)
                    what = "a PIE object" if exe else "a shared object"
                    ln.diag.error(f"{f.label}: relocation {rt.name} against `{nm}' can not be "
                                  f"used when making {what}; recompile with -fPIE"
                                  if exe else
                                  f"{f.label}: relocation {rt.name} against `{nm}' can not be "
                                  f"used when making {what}; recompile with -fPIC")


def _check_nonalloc(ln, f, sec, by_num) -> None:
    """Relocations of copied non-allocated sections (debug info): types and offsets valid."""
    size = 0 if sec.data is None else len(sec.data)
    for r in sec.relocs:
        rt = by_num.get(r.type)
        if rt is None:
            ln.diag.error(f"{f.label}: unsupported relocation type {r.type} in section "
                          f"{sec.name}")
            return
        if r.offset < 0 or r.offset + rt.size > size:
            ln.diag.error(f"{f.label}: bad relocation offset {r.offset:#x} in section "
                          f"{sec.name}")
            return


def released(files):
    """``files`` one by one, each mapped object's pages given back once the caller is done
    with it (the relocations read, the contents copied)."""
    for f in files:
        yield f
        f.release()


# ----------------------------------------------------------------------------------------------
# application

def apply_all(ln, buf) -> None:
    arch = ln.arch
    table = ln.relocs
    by_num = table.by_num
    got = ln.got
    got_addr = ln.got_sec.addr if ln.got_sec is not None else 0
    got_base = ln.got_base
    plt_addr = ln.plt_sec.addr if ln.plt_sec is not None else 0
    plt_hdr = arch.plt_header_size if ln.plt_lazy else 0
    plt_ent = arch.plt_entry_size
    tls_start, tls_memsz, tls_align = ln.tls
    tprel = arch.tprel
    dtprel = arch.dtprel
    cls_cache = {}
    special = getattr(arch, "apply_special", None)
    relax = getattr(arch, "relax_gotpcrel", None)
    errors = ln.diag
    gindex = got.index
    tls_act = ln.tls_act
    tls_skip = ln.tls_skip
    exe = not ln.opts.shared
    hint = getattr(arch, "tls_hint", None)
    word = arch.word
    via_plt = getattr(ln, "via_plt", None)    # relocations relaxed from a PLT call form

    for f in released(ln.files):
        out_of = f.out_of
        for sec in f.obj.sections:
            if sec.extra is None or not sec.relocs:
                continue
            osec = out_of.get(sec)
            if osec is None or sec.type == C.SHT_NOBITS:
                continue
            base_off = osec.offset + sec.offset
            base_addr = sec.addr
            ctx = (f, sec, base_off, base_addr)
            sid = id(sec)
            for r in sec.relocs:
                if tls_skip and (sid, r.offset) in tls_skip:
                    continue
                rt = by_num[r.type]
                calc = rt.calc
                c = cls_cache.get(calc)
                if c is None:
                    c = cls_cache[calc] = classify(calc, arch) or (None, None)
                kind, form = c
                s = r.sym
                g = s.extra if s is not None else None
                A = r.addend
                P = base_addr + r.offset
                off = base_off + r.offset
                if g is not None:
                    S = g.value
                    tsym = g
                elif s is not None:
                    ssec = s.section
                    if ssec is None:
                        S = s.value if s.shndx == C.SHN_ABS else 0
                    elif ssec.extra is None:
                        S = 0
                    else:
                        S = ssec.addr + s.value
                    tsym = s
                else:
                    S = 0
                    tsym = None
                if kind is not None:
                    if tls_act and kind in _TLS_RELAXABLE:
                        act = tls_act.get((sid, r.offset))
                        if act is not None:
                            ie = 0
                            if act == "ie":
                                ie = got_addr + gindex[("gottprel", id(tsym), 0)]
                            tp = tprel(S + (A if arch.tls_relax_addend else 0), tls_start,
                                       tls_memsz, tls_align)
                            if g is not None and g.kind == LINKER:
                                tp = 0        # _TLS_MODULE_BASE_: the relaxed module base is TP
                            err = arch.tls_apply(ln, buf, off, r, rt, act, tp, ie, P)
                            if err:
                                _overflow(ln, f, sec, r, rt, tsym, err)
                            continue
                    if kind == "tlsld":
                        E = got_addr + gindex[("tlsld", 0, 0)]
                    else:
                        key = (kind, id(tsym) if tsym is not None else 0, 0)
                        goff = gindex.get(key)
                        if goff is None:
                            continue
                        weak0 = (g is not None and g.kind == UNDEF and not ln.pic
                                 and not g.strong_ref)
                        if kind == "got" and relax is not None and A == -4 and \
                                (weak0 or _relaxable_got(ln, s, g)):
                            # an undefined weak symbol in non-PIC output is 0: immediates only
                            res = relax(r.type, buf, off, None if ln.pic else S + A + 4, weak0)
                            if res == "done":
                                continue
                            if res:
                                v = S + A - P
                                if res == "jmp":
                                    v += 1
                                    off -= 1
                                err = by_num[2].apply(buf, off, v) if rt.size == 4 else "x"
                                if err:
                                    _overflow(ln, f, sec, r, rt, tsym, err)
                                continue
                        E = got_addr + goff
                    V = E + A
                else:
                    if g is not None and g.plt >= 0 and (calc in arch.PLT_CALCS or (
                            via_plt and id(r) in via_plt)):
                        S = plt_addr + plt_hdr + g.plt * plt_ent
                    V = S + A
                    if form is None:
                        if calc == "tprel":
                            V = tprel(V, tls_start, tls_memsz, tls_align)
                        elif calc == "dtprel":
                            if exe and tls_act and getattr(arch, "ld_relaxed_dtprel", False) \
                                    and rt.size == 4:
                                V = tprel(V, tls_start, tls_memsz, tls_align)
                            else:
                                V = dtprel(V, tls_start)
                        elif (calc == "tlsdesc_hint" or calc == "tlsdesc_call") and exe \
                                and hint is not None:
                            hint(buf, off, rt)
                            continue
                        elif calc in ("add", "sub", "set", "uleb_set", "uleb_sub"):
                            pass
                        elif calc == "gprel":
                            V -= ln.gp
                        elif calc == "size":
                            V = (g.size if g is not None else s.size if s is not None else 0) + A
                        elif calc in ("none", "relax", "align", "tlsdesc_call", "tlsdesc_hint", "tprel_add"):
                            continue
                        elif special is not None:
                            special(ln, buf, ctx, r, rt, S, A, P, g, s)
                            continue
                        else:
                            errors.error(f"{f.label}: unsupported relocation {rt.name}")
                            continue
                        if rt.apply is not None:
                            err = rt.apply(buf, off, V)
                            if err:
                                _overflow(ln, f, sec, r, rt, tsym, err)
                        continue
                if form == "pcrel":
                    V -= P
                elif form == "page_pcrel":
                    V = (V & ~0xFFF) - (P & ~0xFFF)
                elif form == "gotrel":
                    V -= got_base
                elif form == "gotpage":
                    V -= got_base & ~0xFFF
                if form == "abs" and kind is None and rt.size == word and ln.pic \
                        and g is not None and is_preemptible(ln, g):
                    V = 0 if ln.dyn_addend_only else A
                ap = rt.apply
                if ap is not None:
                    err = ap(buf, off, V)
                    if err:
                        _overflow(ln, f, sec, r, rt, tsym, err)


def _relaxable_got(ln, s, g) -> bool:
    """True when a GOT load of this target may become a direct reference: defined in the
    output, not preemptible, no PLT entry (IFUNC), and at a link-time-known address relative
    to the code (or any address when the output is not position-independent)."""
    if g is not None:
        if g.kind == UNDEF or g.plt >= 0 or is_preemptible(ln, g):
            return False
    elif s is None or s.type == C.STT_GNU_IFUNC or (s.section is not None
                                                    and s.section.extra is None):
        return False
    return not ln.pic or not is_absolute(ln, s, g)


def eval_reloc(ln, sec, r):
    """The value (before field encoding) of relocation ``r`` of input section ``sec``: used
    where one relocation's value depends on another's (RISC-V %pcrel_lo)."""
    arch = ln.arch
    rt = ln.relocs.by_num[r.type]
    kind, form = classify(rt.calc, arch) or (None, None)
    s = r.sym
    g = s.extra if s is not None else None
    P = sec.addr + r.offset
    if g is not None:
        S, tsym = g.value, g
    elif s is not None:
        ssec = s.section
        S = (s.value if s.shndx == C.SHN_ABS else 0) if ssec is None else (
            0 if ssec.extra is None else ssec.addr + s.value)
        tsym = s
    else:
        S, tsym = 0, None
    if kind is not None:
        if kind == "tlsld":
            E = ln.got_sec.addr + ln.got.index[("tlsld", 0, 0)]
        else:
            off = ln.got.index.get((kind, id(tsym) if tsym is not None else 0, 0))
            if off is None:
                return None
            E = ln.got_sec.addr + off
        V = E + r.addend
    else:
        if rt.calc in arch.PLT_CALCS and g is not None and g.plt >= 0:
            S = ln.plt_entry_addr(g)
        V = S + r.addend
    if form == "pcrel":
        V -= P
    elif form == "page_pcrel":
        V = (V & ~0xFFF) - (P & ~0xFFF)
    elif form == "gotrel":
        V -= ln.got_base
    return V


def _overflow(ln, f, sec, r, rt, tsym, err) -> None:
    name = getattr(tsym, "name", "") or sec.name
    fn = _func_name(f, sec, r.offset)
    where = f"{f.label}: in function `{fn}':\n" if fn else f"{f.label}: "
    if "truncated" in err:
        what = f"symbol `{name}'" if getattr(tsym, "bind", 1) != C.STB_LOCAL else f"`{name}'"
        ln.diag.error(f"{where}{f.source_name()}:({sec.name}+{r.offset:#x}): relocation "
                      f"truncated to fit: {rt.name} against {what}")
    else:
        ln.diag.error(f"{where}{f.source_name()}:({sec.name}+{r.offset:#x}): {err} "
                      f"({rt.name} against `{name}')")
