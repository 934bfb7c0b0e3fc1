""".eh_frame handling: dropping FDEs whose code was discarded (COMDAT, --gc-sections) and
building .eh_frame_hdr (the binary search table PT_GNU_EH_FRAME points to)."""
from __future__ import annotations

import bisect
import struct

from ..elf import constants as C

DW_EH_PE_omit = 0xFF


def _records(data: bytes):
    """(offset, total_size, is_cie) for each record; stops at a terminator or bad length."""
    off = 0
    n = len(data)
    while off + 4 <= n:
        (length,) = struct.unpack_from("<I", data, off)
        if length == 0:
            yield off, 4, None
            off += 4
            continue
        if length == 0xFFFFFFFF:
            return
        size = 4 + length
        if off + size > n or length < 4:
            return
        (cid,) = struct.unpack_from("<I", data, off + 4)
        yield off, size, cid == 0
        off += size


def prepare_eh_frame(ln) -> None:
    ln.eh_fde_count = 0
    for f in ln.files:
        for sec in f.obj.sections:
            if sec.extra is None or sec.name != ".eh_frame" or sec.type == C.SHT_NOBITS:
                continue
            data = bytes(sec.data)
            relocs = sorted(sec.relocs, key=lambda r: r.offset)
            by_off = {r.offset: r for r in relocs}
            keep = []
            dropped = False
            for off, size, is_cie in _records(data):
                if is_cie is False:
                    r = by_off.get(off + 8)
                    s = r.sym if r is not None else None
                    if s is not None and s.section is not None and s.section.extra is None:
                        dropped = True
                        continue
                    if s is not None and s.extra is not None and s.extra.defn is not None and \
                            s.extra.defn.section is not None and \
                            s.extra.defn.section.extra is None:
                        dropped = True
                        continue
                    ln.eh_fde_count += 1
                keep.append((off, size))
            if not dropped:
                continue
            out = bytearray()
            new_relocs = []
            moved = {}
            for off, size in keep:
                moved[off] = len(out)
                out += data[off:off + size]
            # each relocation of a kept record, moved with it (records are disjoint and in
            # order, relocations sorted: one walk, in the records' order)
            starts = [off for off, _ in keep]
            for r in relocs:
                i = bisect.bisect_right(starts, r.offset) - 1
                if i >= 0:
                    off, size = keep[i]
                    if r.offset < off + size:
                        r.offset = r.offset - off + moved[off]
                        new_relocs.append(r)
            # CIE pointers are relative: fix them for the moved records
            for off, size in keep:
                no = moved[off]
                (cid,) = struct.unpack_from("<I", out, no + 4) if size >= 8 else (0,)
                if cid != 0 and size >= 8:
                    cie_old = off + 4 - cid
                    if cie_old in moved:
                        struct.pack_into("<I", out, no + 4, no + 4 - moved[cie_old])
            sec.data = out
            sec.relocs = new_relocs
    if ln.opts.eh_frame_hdr and ln.eh_fde_count and any(
            s.name == ".eh_frame" for f in ln.files for s in f.obj.sections
            if s.extra is not None):
        from .model import OutSec
        from .sections import rank_of
        o = OutSec(".eh_frame_hdr", C.SHT_PROGBITS, C.SHF_ALLOC,
                   rank_of(".eh_frame_hdr", C.SHT_PROGBITS, C.SHF_ALLOC) + (0,))
        o.synth = True
        o.align = 4
        o.size = 12 + 8 * ln.eh_fde_count
        ln.outs[".eh_frame_hdr"] = o


def _uleb(data, p):
    v = shift = 0
    while True:
        b = data[p]
        p += 1
        v |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return v, p


def _read_enc(data, p, enc, pc):
    if enc == DW_EH_PE_omit:
        return None, p
    fmt = enc & 0x0F
    if fmt == 0x00:
        v, = struct.unpack_from("<Q", data, p)
        n = 8
    elif fmt == 0x03:
        v, = struct.unpack_from("<I", data, p)
        n = 4
    elif fmt == 0x0B:
        v, = struct.unpack_from("<i", data, p)
        n = 4
    elif fmt == 0x04:
        v, = struct.unpack_from("<Q", data, p)
        n = 8
    elif fmt == 0x0C:
        v, = struct.unpack_from("<q", data, p)
        n = 8
    elif fmt == 0x02:
        v, = struct.unpack_from("<H", data, p)
        n = 2
    elif fmt == 0x0A:
        v, = struct.unpack_from("<h", data, p)
        n = 2
    else:
        raise ValueError("unsupported pointer encoding")
    if enc & 0x70 == 0x10:
        v += pc
    return v & 0xFFFFFFFFFFFFFFFF, p + n


def _cie_fde_encoding(data, off):
    p = off + 8
    version = data[p]
    p += 1
    end = data.index(0, p)
    aug = data[p:end].decode("ascii", "replace")
    p = end + 1
    if "eh" in aug:
        p += 8
    _, p = _uleb(data, p)            # code alignment
    while data[p] & 0x80:            # data alignment (sleb)
        p += 1
    p += 1
    if version == 1:
        p += 1
    else:
        _, p = _uleb(data, p)
    enc = 0x00
    if aug.startswith("z"):
        _, p = _uleb(data, p)
        for ch in aug[1:]:
            if ch == "R":
                enc = data[p]
                p += 1
            elif ch == "P":
                penc = data[p]
                p += 1
                fmt = penc & 0x0F
                p += {0: 8, 3: 4, 0xB: 4, 4: 8, 0xC: 8, 2: 2, 0xA: 2}.get(fmt, 8)
            elif ch == "L":
                p += 1
            elif ch in ("S", "B", "G"):
                pass
            else:
                break
    return enc


def build_eh_frame_hdr(ln, buf) -> None:
    hdr = ln.outs.get(".eh_frame_hdr")
    eh = ln.outs.get(".eh_frame")
    if hdr is None or eh is None or hdr not in ln.out_list:
        return
    data = bytes(buf[eh.offset:eh.offset + eh.size])
    encs = {}
    table = []
    try:
        for off, size, is_cie in _records(data):
            if is_cie is None:
                continue
            if is_cie:
                encs[off] = _cie_fde_encoding(data, off)
                continue
            (cid,) = struct.unpack_from("<I", data, off + 4)
            cie = off + 4 - cid
            enc = encs.get(cie)
            if enc is None:
                enc = encs[cie] = _cie_fde_encoding(data, cie)
            pc, _ = _read_enc(data, off + 8, enc, eh.addr + off + 8)
            table.append((pc, eh.addr + off))
    except (ValueError, IndexError, struct.error):
        ln.diag.warning("error in .eh_frame; no .eh_frame_hdr table will be created")
        table = None
    out = bytearray(hdr.size)
    a = hdr.addr
    lim = 1 << 31
    if table is not None and any(not (-lim <= pc - a < lim) for pc, _f in table):
        ln.diag.warning("error in .eh_frame; no .eh_frame_hdr table will be created")
        table = None
    if table is None or len(table) * 8 + 12 > hdr.size:
        out[0:4] = bytes([1, 0x1B, DW_EH_PE_omit, DW_EH_PE_omit])
        struct.pack_into("<i", out, 4, eh.addr - (a + 4))
    else:
        table.sort()
        out[0:4] = bytes([1, 0x1B, 0x03, 0x3B])
        struct.pack_into("<iI", out, 4, eh.addr - (a + 4), len(table))
        p = 12
        for pc, fde in table:
            struct.pack_into("<ii", out, p, pc - a, fde - a)
            p += 8
    buf[hdr.offset:hdr.offset + hdr.size] = out
