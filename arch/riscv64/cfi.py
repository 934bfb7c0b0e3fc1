"""``.debug_frame`` for RISC-V as GNU as writes it (``.cfi_sections .debug_frame``, which
riscv64 gcc -g emits).

The core records the ``.cfi_*`` directives (toolchain.asm.dwarf.CFI: FDEs with their
instructions and ``("advance", from, to)`` code positions); this module lays them out:

* CIE: version 3, no augmentation, code alignment 1, data alignment -4, return address
  column, the initial instructions, DW_CFA_nop padding to 8 bytes;
* FDE: CIE pointer (``R_RISCV_32`` against the CIE), initial location (``R_RISCV_64``),
  address range (``R_RISCV_ADD64``/``SUB64``), instructions, padding to 8 bytes;
* an advance between two positions in the same fragment is a plain number; across fragments
  (a relaxable branch in between) it stays symbolic: DW_CFA_advance_loc with
  ``R_RISCV_SET6``/``SUB6`` (advance_loc1/2/4 with SET8/SUB8, SET16/SUB16, SET32/SUB32 when
  the distance needs them), the current distance filled in.
"""
from __future__ import annotations

from toolchain.asm.assembler import Fixup, Sym
from toolchain.asm.model import leb128
from toolchain.asm.expr import Value
from toolchain.elf import constants as C

_CIE_STOP = ("advance", "advance_by", "advance_labels", "remember_state", "escape", "label",
             "val_encoded_addr")


class SealedLoc:
    """A CFI position's place in GNU as's symbol order (the target's symbol chain holds one
    for every position a ``.cfi_*`` directive made, ``arch/riscv64/asm.py``); once its code is
    finished (toolchain.asm.seal) also the position itself (``frag``, ``offset`` in the fixed
    fragment) and, after ``.eh_frame`` is written, the label made there (``sym``)."""
    __slots__ = ("frag", "offset", "sym")

    def __init__(self):
        self.frag = None
        self.offset = 0
        self.sym = None


_ADVANCE_LABELS = ("advance_labels",)


class SealedFrame:
    """The CFI record of a finished function (``seal_frame``): its start and end as
    ``SealedLoc``s, instructions with an advance inside one of GNU as's fragments as
    ``("advance_by", n)`` and one across fragments as ``("advance_labels",)``, whose
    positions are the next two of ``labels`` (``SealedLoc``s: it stays an
    R_RISCV_SET6/SUB6-like pair), so that functions alike share one instruction tuple.
    Only FDEs of this module's .eh_frame (no personality, LSDA or signal frame) are
    sealed."""
    __slots__ = ("start", "end", "insns", "labels", "attrs", "sections")
    per_enc = lsda_enc = 0xFF
    signal = False

    def __init__(self, start, end, insns, labels, attrs, sections):
        self.start = start
        self.end = end
        self.insns = insns
        self.labels = labels
        self.attrs = attrs          # (return column, section, location): shared when equal
        self.sections = sections

    ra_column = property(lambda self: self.attrs[0])
    section = property(lambda self: self.attrs[1])
    loc = property(lambda self: self.attrs[2])


def seal_frame(target, fde, where, interned):
    """The compact record of a closed FDE whose code is finished (``where``: id of each
    finished fragment -> the fixed fragment it went to), or None to leave it as it is. The
    placeholders the symbol chain holds for its positions name the ``SealedLoc``s made (or
    leave the chain when no label will be made there)."""
    if not _simple(fde) or fde.sections != (True, False):
        return None
    for loc in _fde_locs(fde):
        if id(loc.frag) not in where:
            return None
    # the symbol chain's placeholders of this FDE's positions become the positions
    loc_ph = target.loc_ph
    phs = {}
    for loc in _fde_locs(fde):
        ph = loc_ph.pop(loc, None)
        if ph is not None:
            phs[id(loc)] = ph
    locs = {}

    def sealed(loc):
        s = locs.get(id(loc))
        if s is None:
            s = phs.get(id(loc))
            if s is None:
                s = SealedLoc()
            f = loc.frag
            s.frag = where[id(f)]
            s.offset = f.addr + loc.offset
            locs[id(loc)] = s
        return s
    insns = []
    labels = []
    needed = {id(fde.start), id(fde.end)}
    for i in fde.insns:
        if i[0] == "advance":
            a, b = i[1], i[2]
            if a.frag is b.frag:
                i = ("advance_by", b.offset - a.offset)
            else:
                i = _ADVANCE_LABELS
                labels += (sealed(a), sealed(b))
                needed.add(id(a))
                needed.add(id(b))
        try:
            i = interned.setdefault(i, i)
        except TypeError:       # an operand that cannot be a key: kept as it is
            pass
        insns.append(i)
    insns = tuple(insns)
    try:                        # (functions alike share one)
        insns = interned.setdefault(insns, insns)
    except TypeError:
        pass
    key = ("frame attrs", fde.ra_column, fde.section)
    attrs = interned.get(key)
    if attrs is None:       # (the location only places a message: the first one's is kept)
        attrs = interned[key] = (fde.ra_column, fde.section, fde.loc)
    rec = SealedFrame(sealed(fde.start), sealed(fde.end), insns, tuple(labels), attrs,
                      fde.sections)
    marks, at = target.cfi_marks, target.cfi_at
    k = target.cfi_marks_done
    if len(phs) > len(needed & phs.keys()):
        # positions without a label leave the chain's marks (they are at its end)
        for j, ph in phs.items():
            if j not in needed:
                ph.offset = -1
        keep = [(m, at[j]) for j, m in enumerate(marks[k:], k) if m.offset != -1]
        del marks[k:]
        del at[k:]
        for m, n in keep:
            marks.append(m)
            at.append(n)
    while k < len(marks) and marks[k].frag is not None:
        k += 1
    target.cfi_marks_done = k
    return rec


def _fde_locs(fde):
    yield fde.start
    for i in fde.insns:
        if i[0] == "advance":
            yield i[2]
    yield fde.end


def _uleb(v):
    return leb128(v, False)


def _sleb(v):
    return leb128(v, True)


def _label(frag, offset, section):
    s = Sym(".L0\x01", temp=True)
    s.frag = frag
    s.offset = offset
    s.section = section
    s.defined = True
    return s


def _simple(f):
    """FDEs this module writes to .eh_frame: no personality, LSDA or signal frame."""
    return f.per_enc == 0xFF and f.lsda_enc == 0xFF and not f.signal


def create_section(asm):
    """Create the (empty) .eh_frame/.debug_frame sections now, so that they take GNU as's
    place in the section list; returns True if any FDE goes to .debug_frame."""
    fdes = asm.cfi.fdes
    if any(f.sections[0] for f in fdes):
        asm.get_section(".eh_frame", C.SHT_PROGBITS, C.SHF_ALLOC)
    if not any(f.sections[1] for f in fdes):
        return None
    return asm.get_section(".debug_frame", C.SHT_PROGBITS, 0)


def take_eh_fdes(asm):
    """Keep the core from writing the FDEs this module writes to .eh_frame; returns them."""
    out = []
    for f in asm.cfi.fdes:
        if f.sections[0] and _simple(f):
            out.append(f)
            f.sections = (False, f.sections[1])
    return out


def generate(asm, target, eh_fdes=()):
    """Fill .eh_frame (``eh_fdes``) and .debug_frame (after layout: addresses are known)."""
    if eh_fdes:
        _generate(asm, target, list(eh_fdes), True)
    fdes = [f for f in asm.cfi.fdes if f.sections[1]]
    if fdes:
        _generate(asm, target, fdes, False)


def _generate(asm, target, fdes, eh):
    cfi = asm.cfi
    if eh:
        sec = asm.get_section(".eh_frame", C.SHT_PROGBITS, C.SHF_ALLOC)
    else:
        sec = asm.get_section(".debug_frame", C.SHT_PROGBITS, 0)
    cur = (asm.sec, asm.subsec)
    prev = asm.prev_section
    asm.set_section(sec, 0)
    asm.record_alignment(8)
    frag = asm.frag
    data = frag.data
    base0 = len(data)
    entry_align = 4 if eh else 8
    loc_syms = target.cfi_loc_syms
    cie_syms = target.cfi_cie_syms

    def lsym(loc, section):
        if type(loc) is SealedLoc:
            s = loc.sym
            if s is None:
                s = loc.sym = _label(loc.frag, loc.offset, section)
            return s
        s = loc_syms.get(loc)
        if s is None:
            s = loc_syms[loc] = _label(loc.frag, loc.offset, section)
        return s

    data_align = target.cfi_data_align
    code_align = target.cfi_code_align
    cies = []
    for fi, f in enumerate(fdes):
        last_entry = fi == len(fdes) - 1
        ra = f.ra_column if f.ra_column is not None else target.cfi_ra_column
        chosen = None
        start = 0
        for key, cinsns, csym, coff in reversed(cies):
            if key != ra or len(cinsns) > len(f.insns):
                continue
            if all(f.insns[k][0] not in _CIE_STOP and f.insns[k] == cinsns[k]
                   for k in range(len(cinsns))):
                chosen = (key, cinsns, csym, coff)
                start = len(cinsns)
                break
        if chosen is None:
            n = 0
            while n < len(f.insns) and f.insns[n][0] not in _CIE_STOP:
                n += 1
            coff = len(data)
            csym = _label(frag, coff, sec)
            if not eh:
                cie_syms.append(csym)
            body = bytearray(b"\0\0\0\0" if eh else b"\xff\xff\xff\xff")
            body.append(3)
            body += b"zR\0" if eh else b"\0"
            body += _uleb(code_align) + _sleb(data_align) + _uleb(ra)
            if eh:
                body += b"\x01\x1b"         # augmentation data: FDE encoding pcrel|sdata4
            for insn in f.insns[:n]:
                body += cfi._insn_bytes(insn, data_align, code_align)
            body += bytes((-(4 + len(body))) % entry_align)
            data += len(body).to_bytes(4, "little") + body
            chosen = (ra, f.insns[:n], csym, coff)
            cies.append(chosen)
            start = n
        base = len(data)
        asz = 4 if eh else 8
        out = bytearray(bytes(4 + 4 + asz + asz))
        fixes = []
        startsym = lsym(f.start, f.section)
        endsym = lsym(f.end, f.section)
        if eh:
            out[4:8] = (base + 4 - chosen[3]).to_bytes(4, "little")
            fixes.append((8, 4, Value(0, startsym), "R_RISCV_32_PCREL"))
            fixes.append((12, 4, Value(0, endsym, startsym), None))
            out.append(0)                       # augmentation data length
        else:
            fixes.append((4, 4, Value(0, chosen[2]), "R_RISCV_32"))
            fixes.append((8, 8, Value(0, startsym), "R_RISCV_64"))
            fixes.append((16, 8, Value(0, endsym, startsym), None))
        labels = iter(f.labels) if type(f) is SealedFrame else None
        for insn in f.insns[start:]:
            op = insn[0]
            if op == "advance" or op == "advance_labels":
                if op == "advance":
                    a, b = insn[1], insn[2]
                else:
                    a, b = next(labels), next(labels)
                delta = (b.frag.addr + b.offset - a.frag.addr - a.offset) // code_align
                if a.frag is b.frag and op == "advance":
                    out += cfi._insn_bytes(insn, data_align, code_align)
                    continue
                to = lsym(b, f.section)
                fr = lsym(a, f.section)
                if delta < 0x40:
                    out.append(0x40 | delta)
                    fixes.append((len(out) - 1, 1, Value(0, to), "R_RISCV_SET6"))
                    fixes.append((len(out) - 1, 1, Value(0, fr), "R_RISCV_SUB6"))
                    continue
                for op, size, st, sb in ((2, 1, "R_RISCV_SET8", "R_RISCV_SUB8"),
                                         (3, 2, "R_RISCV_SET16", "R_RISCV_SUB16"),
                                         (4, 4, "R_RISCV_SET32", "R_RISCV_SUB32")):
                    if delta < (1 << (8 * size)) or size == 4:
                        out.append(op)
                        fixes.append((len(out), size, Value(0, to), st))
                        fixes.append((len(out), size, Value(0, fr), sb))
                        out += (delta & ((1 << (8 * size)) - 1)).to_bytes(size, "little")
                        break
                continue
            out += cfi._insn_bytes(insn, data_align, code_align)
        out += bytes((-len(out)) % entry_align)
        if eh and last_entry:
            out += bytes((-(base - base0 + len(out))) % 8)
        out[0:4] = (len(out) - 4).to_bytes(4, "little")
        data += out
        for off, size, v, kind in fixes:
            fx = Fixup(frag, base + off, size, v, kind == "R_RISCV_32_PCREL", kind, f.loc)
            frag.fixups.append(fx)
    asm.set_section(*cur)
    asm.prev_section = prev
