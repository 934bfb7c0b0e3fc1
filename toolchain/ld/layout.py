"""Address assignment: output sections in rank order, grouped into PT_LOAD segments
(headers+R, RX, R, RW with the RELRO part first), plus PT_PHDR, PT_INTERP, PT_DYNAMIC, PT_NOTE,
PT_TLS, PT_GNU_EH_FRAME, PT_GNU_STACK and PT_GNU_RELRO."""
from __future__ import annotations

from ..elf import constants as C
from .model import Segment

_GROUP_FLAGS = {0: C.PF_R, 1: C.PF_R | C.PF_X, 2: C.PF_R, 3: C.PF_R | C.PF_W,
                4: C.PF_R | C.PF_W}


def _align(v: int, a: int) -> int:
    return (v + a - 1) & -a if a > 1 else v


def layout(ln) -> None:
    arch = ln.arch
    opts = ln.opts
    outs = [o for o in ln.outs.values() if o.size or o.inputs or o.synth]
    # sizes of regular output sections
    for o in outs:
        if o.synth:
            continue
        off = 0
        for sec in o.inputs:
            a = max(sec.align, 1)
            off = _align(off, a)
            sec.offset = off
            off += sec.size if sec.type == C.SHT_NOBITS else len(sec.data)
        o.size = off
        if all(s.type == C.SHT_NOBITS for s in o.inputs):
            o.type = C.SHT_NOBITS
    # TLS sections share one alignment so the block start is aligned
    tls = [o for o in outs if o.flags & C.SHF_TLS]
    if tls:
        ta = max(o.align for o in tls)
        for o in tls:
            o.align = ta
    outs = [o for o in outs if o.size or o.name in (".got.plt", ".dynamic", ".got", ".tbss",
                                                    ".bss", ".tdata", ".init_array",
                                                    ".fini_array", ".preinit_array")]
    outs.sort(key=lambda o: o.rank)
    ln.out_list = outs
    groups = {}
    nonalloc = []
    for o in outs:
        if o.rank[0] == 9:
            nonalloc.append(o)
        else:
            groups.setdefault(o.rank[0], []).append(o)

    # program header count
    notes = [o for o in outs if o.type == C.SHT_NOTE]
    nph = 0
    dyn = ln.dynamic
    if ln.interp is not None:
        nph += 2                                   # PHDR, INTERP
    nph += len([g for g in groups if g != 0]) + 1  # LOADs (group 0 always, for the headers)
    page = arch.max_page_size
    for gi, secs in groups.items():                # and one more per section aligned beyond
        nph += sum(1 for k, o in enumerate(secs)   # the page that does not start its group
                   if _over_aligned(o, page) and (k or gi == 0))
    if ln.dynamic_sec is not None:
        nph += 1
    nph += len(notes)
    if tls:
        nph += 1
    eh_hdr = ln.outs.get(".eh_frame_hdr")
    if eh_hdr is not None and eh_hdr in outs:
        nph += 1
    nph += 1                                       # GNU_STACK
    relro_secs = [o for o in groups.get(3, [])]
    use_relro = opts.z_relro and dyn and bool(relro_secs)
    if use_relro:
        nph += 1
    ln.nphdr = nph

    base = 0 if ln.pic else arch.image_base
    hdr_size = C.EHDR_SIZE + C.PHDR_SIZE * nph
    off = hdr_size
    va = base + off
    loads = []
    first = True
    for gi in sorted(groups):
        secs = groups[gi]
        if first and gi != 0:
            seg = Segment(C.PT_LOAD, _GROUP_FLAGS[0], page)
            seg.offset, seg.vaddr = 0, base
            seg.filesz = seg.memsz = hdr_size
            loads.append(seg)
            first = False
        seg = None
        headers = first                            # group 0's segment starts with the headers
        if first:
            seg = Segment(C.PT_LOAD, _GROUP_FLAGS[gi], page)
            seg.offset, seg.vaddr = 0, base
            first = False
        for o in secs:
            a = max(o.align, 1)
            over = _over_aligned(o, page)
            if seg is None or (over and (seg.sections or headers)):
                # a section aligned beyond the page starts a segment of its own whose p_align
                # is its alignment (as GNU ld: the loader then keeps it aligned in a PIE)
                if seg is not None:
                    loads.append(_close(seg, headers, hdr_size, page))
                    headers = False
                seg = Segment(C.PT_LOAD, _GROUP_FLAGS[gi], page)
                if over:
                    va = _align(va, a)
                    if o.type == C.SHT_NOBITS:     # no file contents: offset 0 (as GNU ld)
                        seg.offset = 0
                    else:                          # the file padding is a hole
                        off += (va - off) % a
                        seg.offset = off
                else:
                    va = _align(va, page) + (off % page)
                    seg.offset = off
                seg.vaddr = va
            seg.sections.append(o)
            if o.type == C.SHT_NOBITS:
                nva = _align(va, a)
                o.addr = nva
                o.offset = off
                if not o.flags & C.SHF_TLS:        # .tbss does not occupy address space
                    va = nva + o.size
                continue
            pad = _align(va, a) - va
            va += pad
            off += pad
            o.addr = va
            o.offset = off
            va += o.size
            off += o.size
        if seg is not None:
            loads.append(_close(seg, headers, hdr_size, page))
    if first:                                      # nothing allocated: the headers' LOAD
        seg = Segment(C.PT_LOAD, _GROUP_FLAGS[0], page)
        seg.offset, seg.vaddr = 0, base
        seg.filesz = seg.memsz = hdr_size
        loads.append(seg)
    for o in nonalloc:                             # debug info, .comment: file only
        a = max(o.align, 1)
        off = _align(off, a)
        o.addr = 0
        o.offset = off
        off += o.size
    ln.file_end = off
    for o in outs:
        # a NOBITS section's alignment takes no file space: only the address space bounds it
        if o.addr + o.size >= 1 << 64 or (o.align >= 1 << 32 and o.type != C.SHT_NOBITS):
            from ..diag import ToolError
            raise ToolError(f"section {o.name} does not fit in the address space "
                            f"(size {o.size:#x}, alignment {o.align:#x})")

    segs = []
    if ln.interp is not None:
        p = Segment(C.PT_PHDR, C.PF_R, 8)
        p.offset, p.vaddr = C.EHDR_SIZE, base + C.EHDR_SIZE
        p.filesz = p.memsz = C.PHDR_SIZE * nph
        segs.append(p)
        i = Segment(C.PT_INTERP, C.PF_R, 1)
        _cover(i, [ln.interp])
        segs.append(i)
    segs += loads
    if ln.dynamic_sec is not None:
        d = Segment(C.PT_DYNAMIC, C.PF_R | C.PF_W, 8)
        _cover(d, [ln.dynamic_sec])
        segs.append(d)
    for o in notes:
        n = Segment(C.PT_NOTE, C.PF_R, o.align)
        _cover(n, [o])
        segs.append(n)
    if tls:
        t = Segment(C.PT_TLS, C.PF_R, tls[0].align)
        _cover(t, tls)
        segs.append(t)
        ln.tls = (t.vaddr, t.memsz, max(t.align, 1))
        ln.tls_index = tls[0].index if False else 0
        ln.tls_secs = tls
    else:
        ln.tls = (0, 0, 1)
    if eh_hdr is not None and eh_hdr in outs:
        e = Segment(C.PT_GNU_EH_FRAME, C.PF_R, 4)
        _cover(e, [eh_hdr])
        segs.append(e)
    st = Segment(C.PT_GNU_STACK, C.PF_R | C.PF_W | (C.PF_X if (opts.z_execstack if opts.z_execstack is not None
                                                   else ln.execstack) else 0), 16)
    segs.append(st)
    if use_relro:
        r = Segment(C.PT_GNU_RELRO, C.PF_R, 1)
        # one segment's: a section aligned beyond the page split the group (the gap between
        # the segments is not mapped, so the loader's mprotect must stop before it)
        first_seg = next(seg for seg in loads if relro_secs[0] in seg.sections)
        _cover(r, [o for o in relro_secs if o in first_seg.sections])
        segs.append(r)
    assert len(segs) == nph, (len(segs), nph)
    ln.segments = segs
    for i, o in enumerate(outs, 1):
        o.index = i
    ln.tls_index = tls[0].index if tls else 0
    # input section addresses
    for o in outs:
        if o.synth:
            continue
        for sec in o.inputs:
            sec.addr = o.addr + sec.offset


def _over_aligned(o, page: int) -> bool:
    """``o`` is aligned beyond the page size and occupies address space (not .tbss)."""
    return o.align > page and not (o.type == C.SHT_NOBITS and o.flags & C.SHF_TLS)


def _close(seg, headers: bool, hdr_size: int, page: int):
    """``seg``'s sizes from its sections (and the headers it starts with, if ``headers``);
    ``p_align`` the largest of the page size and its sections' alignments."""
    secs = seg.sections
    file_end = max([o.offset + o.size for o in secs if o.type != C.SHT_NOBITS],
                   default=seg.offset)
    seg.filesz = max(file_end - seg.offset, hdr_size if headers else 0)
    mem_end = max([o.addr + o.size for o in secs if not (o.type == C.SHT_NOBITS
                                                          and o.flags & C.SHF_TLS)],
                  default=seg.vaddr + seg.filesz)
    seg.memsz = max(mem_end - seg.vaddr, seg.filesz)
    seg.align = max([page] + [o.align for o in secs if not (o.type == C.SHT_NOBITS
                                                            and o.flags & C.SHF_TLS)])
    return seg


def _cover(seg, secs) -> None:
    start = min(o.addr for o in secs)
    end = max(o.addr + o.size for o in secs)
    first = min(secs, key=lambda o: o.addr)
    seg.vaddr = start
    seg.offset = first.offset
    fend = max([o.offset + o.size for o in secs if o.type != C.SHT_NOBITS], default=first.offset)
    seg.filesz = fend - first.offset
    seg.memsz = end - start
