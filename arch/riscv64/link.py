"""RISC-V 64 linker specifics (RISC-V ELF psABI): PLT layout, dynamic relocation types,
TLS offsets (variant 1, TP at the block start, DTPREL biased by 0x800), %pcrel_lo pairing,
linker relaxation (R_RISCV_RELAX: call -> jal, local-exec TLS lui/add deleted; R_RISCV_ALIGN:
surplus alignment NOPs deleted), deleting bytes from input sections."""
from __future__ import annotations

import bisect
import struct

from toolchain.elf import constants as C
from toolchain.elf.constants import EM_RISCV

_HI_CALCS = ("pcrel", "gotpcrel", "gottprel", "tlsgd", "tlsdesc", "plt")


def _hi_lo(v: int):
    hi = (v + 0x800) >> 12
    lo = v - (hi << 12)
    return hi & 0xFFFFF, lo & 0xFFF


def _u(op: int, rd: int, hi: int) -> int:
    return op | (rd << 7) | (hi << 12)


def _i(op: int, funct3: int, rd: int, rs1: int, imm: int) -> int:
    return op | (rd << 7) | (funct3 << 12) | (rs1 << 15) | ((imm & 0xFFF) << 20)


class RiscV64Link:
    machine = EM_RISCV
    page_size = 0x1000
    max_page_size = 0x1000
    image_base = 0x10000
    word = 8
    nop = b"\x13\x00\x00\x00"            # fill between code sections
    R_NONE = 0
    R_ABS = 2
    R_COPY = 4
    R_GLOB_DAT = 2
    R_JUMP_SLOT = 5
    R_RELATIVE = 3
    R_DTPMOD = 7
    R_DTPOFF = 9
    R_TPOFF = 11
    R_TLSDESC = 12
    R_IRELATIVE = 58
    plt_header_size = 32
    plt_entry_size = 16
    gotplt_reserved = 2
    got_symbol = "got"
    got_header = 1
    tls_variant = 1
    CALC = {"gotpcrel": ("got", "pcrel"), "gotpcrel32": ("got", "pcrel"),
            "tlsgd": ("tlsgd", "pcrel"), "gottprel": ("gottprel", "pcrel"),
            "tlsdesc": ("tlsdesc", "pcrel")}
    PLT_CALCS = ("plt",)

    def plt_header(self, plt: int, gotplt: int) -> bytes:
        hi, lo = _hi_lo(gotplt - plt)
        t0, t1, t2, t3 = 5, 6, 7, 28
        insns = [_u(0x17, t2, hi),                                  # auipc t2, %hi(.got.plt)
                 0x40000033 | (t1 << 7) | (t1 << 15) | (t3 << 20),  # sub t1, t1, t3
                 _i(0x03, 3, t3, t2, lo),                           # ld t3, %lo(t2)
                 _i(0x13, 0, t1, t1, -(self.plt_header_size + 12)),  # addi t1, t1, -(hdr+12)
                 _i(0x13, 0, t0, t2, lo),                           # addi t0, t2, %lo
                 _i(0x13, 5, t1, t1, 1),                            # srli t1, t1, 1
                 _i(0x03, 3, t0, t0, 8),                            # ld t0, 8(t0)
                 _i(0x67, 0, 0, t3, 0)]                             # jr t3
        return struct.pack("<8I", *insns)

    def plt_entry(self, entry: int, slot: int, index: int, plt: int) -> bytes:
        hi, lo = _hi_lo(slot - entry)
        t1, t3 = 6, 28
        return struct.pack("<4I", _u(0x17, t3, hi), _i(0x03, 3, t3, t3, lo),
                           _i(0x67, 0, t1, t3, 0), 0x00000013)

    def gotplt_initial(self, entry: int, plt: int) -> int:
        return plt

    def tprel(self, addr: int, tls_start: int, tls_memsz: int, tls_align: int) -> int:
        return addr - tls_start

    def dtprel(self, addr: int, tls_start: int) -> int:
        return addr - tls_start - 0x800

    tls_relax_addend = True

    def is_data_reloc(self, rt) -> bool:
        return rt.extra is None

    def apply_special(self, ln, buf, ctx, r, rt, S, A, P, g, s) -> None:
        """%pcrel_lo: the low part of the value computed for the %pcrel_hi relocation at the
        symbol's address (the auipc)."""
        if rt.calc != "pcrel_lo":
            ln.diag.error(f"{ctx[0].label}: unsupported relocation {rt.name}")
            return
        f, sec, base_off, base_addr = ctx
        hsec = s.section if s is not None else None
        if hsec is None:
            ln.diag.error(f"{f.label}: {rt.name} without a %pcrel_hi symbol")
            return
        key = id(hsec)
        table = ln.riscv_hi.get(key)
        if table is None:
            table = ln.riscv_hi[key] = {}
            for hr in hsec.relocs:
                t = ln.relocs.by_num.get(hr.type)
                if t is not None and t.extra == "U" and t.calc in _HI_CALCS:
                    table[hr.offset] = hr
        hr = table.get(s.value)
        if hr is None:
            ln.diag.error(f"{f.label}:({sec.name}+{r.offset:#x}): dangerous relocation: "
                          f"{rt.name}: cannot find corresponding %pcrel_hi")
            return
        from toolchain.ld.relocate import eval_reloc
        v = eval_reloc(ln, hsec, hr)
        if v is None:
            return
        err = rt.apply(buf, base_off + r.offset, v + A if False else v)
        if err:
            ln.diag.error(f"{f.label}:({sec.name}+{r.offset:#x}): {err}")


    # -- linker relaxation ---------------------------------------------------------------------
    def relax(self, ln, relayout) -> None:
        """Shorten code with R_RISCV_RELAX marks (a few passes, re-laying out after each),
        then delete the alignment NOPs R_RISCV_ALIGN marks as surplus; the final layout is
        done here too."""
        cands = {}                               # file -> its code sections to look at
        for f in ln.files:
            for sec in f.obj.sections:
                if (sec.extra is None or not sec.relocs or not sec.flags & C.SHF_EXECINSTR
                        or sec.data is None or f.out_of.get(sec) is None):
                    continue
                if any(r.type == 51 or r.type == 43 for r in sec.relocs):
                    cands.setdefault(f, []).append(sec)
        if not cands:
            return
        ln.via_plt = set()
        changed_any = False
        for _ in range(3):
            changed = False
            for f, secs in cands.items():
                dels = {}
                for sec in secs:
                    d = self._relax_section(ln, sec, bool(f.obj.flags & 1))   # EF_RISCV_RVC
                    if d:
                        dels[sec] = d
                if dels:
                    _delete_bytes(ln, f, dels)
                    changed = True
            if not changed:
                break
            changed_any = True
            relayout()
        aligned = False
        for f, secs in cands.items():
            dels = {}
            for sec in secs:
                d = _align_deletions(sec)
                if d:
                    dels[sec] = d
            if dels:
                _delete_bytes(ln, f, dels)
                aligned = True
        if aligned or changed_any:
            relayout()

    def _gp_window(self, ln):
        """[lo, hi) of addresses reachable from gp with a 12-bit offset, kept clear of the
        edges by the largest alignment in the writable sections (their padding may move), or
        None when gp relaxation does not apply (PIC output, no __global_pointer$)."""
        if ln.pic:
            return None
        g = ln.symbols.get("__global_pointer$")
        from toolchain.ld.model import LINKER
        if g is None or g.kind != LINKER:
            return None
        margin = max((o.align for o in ln.out_list if o.flags & C.SHF_WRITE), default=16)
        return (ln.gp - 2048 + margin, ln.gp + 2048 - margin)

    def _relax_section(self, ln, sec, rvc=False):
        relocs = sec.relocs
        relax_at = {r.offset for r in relocs if r.type == 51}
        if not relax_at:
            return None
        data = sec.data
        base = sec.addr
        tls_start, tls_memsz, tls_align = ln.tls
        dels = []
        gp_ok = self._gp_window(ln)
        pcrel_lo = None
        for r in relocs:
            t = r.type
            if r.offset not in relax_at:
                continue
            if gp_ok is not None and t in (26, 27, 28, 23):
                # non-PIC executable: lui/auipc + %lo -> gp-relative access
                V = _sym_value(ln, r, writable=True)
                if V is None or not gp_ok[0] <= V + r.addend < gp_ok[1]:
                    continue
                if t == 26:                              # lui rd, %hi(x): deleted
                    dels.append((r.offset, 4))
                    r.type = 0
                elif t == 23:                            # auipc rd, %pcrel_hi(x): deleted
                    if pcrel_lo is None:
                        pcrel_lo = _pcrel_lo_users(sec, relax_at)
                    users = pcrel_lo.get(r.offset)
                    if not users:
                        continue
                    for lo in users:
                        _base_gp(data, lo.offset)
                        lo.type = 47 if lo.type == 24 else 48     # GPREL_I / GPREL_S
                        lo.sym = r.sym
                        lo.addend = r.addend
                    dels.append((r.offset, 4))
                    r.type = 0
                else:                                    # %lo(x)(rd) -> x-gp(gp)
                    _base_gp(data, r.offset)
                    r.type = 47 if t == 27 else 48
                continue
            if t == 18 or t == 19:                       # auipc+jalr -> jal
                T, plt = _direct_target(ln, r)
                if T is None:
                    continue
                P = base + r.offset
                d = T + r.addend - P
                if not -(1 << 20) + _MARGIN <= d < (1 << 20) - _MARGIN:
                    continue
                jalr = struct.unpack_from("<I", data, r.offset + 4)[0]
                if jalr & 0x707F != 0x67:
                    continue
                rd = (jalr >> 7) & 0x1F
                if rd == 0 and rvc and not plt and -2048 <= d < 2048 and _in_section(r, sec):
                    # tail call within the section (distances there only shrink): c.j
                    struct.pack_into("<H", data, r.offset, 0xA001)
                    r.type = 45                          # R_RISCV_RVC_JUMP
                    dels.append((r.offset + 2, 6))
                    continue
                struct.pack_into("<I", data, r.offset, 0x6F | (rd << 7))
                r.type = 17                              # R_RISCV_JAL
                if plt:
                    ln.via_plt.add(id(r))                # still to the PLT entry
                dels.append((r.offset + 4, 4))
            elif t == 29 or t == 32 or t == 30 or t == 31:    # local-exec TLS
                if ln.opts.shared:
                    continue
                S = _sym_value(ln, r)
                if S is None or not tls_memsz:
                    continue
                v = self.tprel(S + r.addend, tls_start, tls_memsz, tls_align)
                if not -2048 <= v < 2048:
                    continue
                if t == 29 or t == 32:                   # lui / add tp: deleted
                    dels.append((r.offset, 4))
                    r.type = 0
                else:                                    # the base register becomes tp
                    insn = struct.unpack_from("<I", data, r.offset)[0]
                    insn = (insn & ~(0x1F << 15)) | (4 << 15)
                    struct.pack_into("<I", data, r.offset, insn)
        if not dels:
            return None
        dels.sort()
        return dels


_MARGIN = 0x1000          # room for alignment padding moving while code shrinks


def _base_gp(data, off) -> None:
    """Make the I/S-type instruction at ``off`` use gp (x3) as its base register."""
    insn = struct.unpack_from("<I", data, off)[0]
    struct.pack_into("<I", data, off, (insn & ~(0x1F << 15)) | (3 << 15))


def _pcrel_lo_users(sec, relax_at):
    """%pcrel_hi offset -> the %pcrel_lo relocations of this section naming its label; a hi
    with any %pcrel_lo user not marked relaxable maps to None."""
    users = {}
    for r in sec.relocs:
        if r.type in (24, 25):
            s = r.sym
            if s is None or s.section is not sec:
                continue
            lst = users.setdefault(s.value, [])
            if lst is None:
                continue
            if r.offset not in relax_at:
                users[s.value] = None
            else:
                lst.append(r)
    return users


def _sym_value(ln, r, writable=False):
    """The final address of a relocation's symbol (None when it is not defined here, or, with
    ``writable``, not in a writable non-TLS section: the segment gp points into)."""
    s = r.sym
    if s is None:
        return None
    g = s.extra
    if g is not None:
        from toolchain.ld.model import DEF, WEAK
        if g.kind not in (DEF, WEAK):
            return None
        sec = g.defn.section if g.defn is not None else None
        if writable and (sec is None or sec.flags & (C.SHF_WRITE | C.SHF_TLS) != C.SHF_WRITE):
            return None
        if g.plt >= 0 or g.type == C.STT_GNU_IFUNC:
            return None
        return g.value
    sec = s.section
    if sec is None or sec.extra is None:
        return None
    if writable and sec.flags & (C.SHF_WRITE | C.SHF_TLS) != C.SHF_WRITE:
        return None
    return sec.addr + s.value


def _in_section(r, sec) -> bool:
    s = r.sym
    g = s.extra
    if g is not None:
        return g.defn is not None and g.defn.section is sec
    return s.section is sec


def _direct_target(ln, r):
    """(address a call reaches, whether that is its PLT entry), or (None, False) when the
    target is neither defined here and not preemptible nor given a PLT entry."""
    s = r.sym
    if s is None:
        return None, False
    g = s.extra
    if g is not None:
        if g.plt >= 0 and ln.plt_sec is not None:
            return ln.plt_entry_addr(g), True
        from toolchain.ld.relocate import is_preemptible
        if is_preemptible(ln, g) or g.type == C.STT_GNU_IFUNC:
            return None, False
    elif s.type == C.STT_GNU_IFUNC:
        return None, False
    return _sym_value(ln, r), False


def _align_deletions(sec):
    """R_RISCV_ALIGN at offset o with addend N: gas put N bytes of NOPs there so that the
    code after them can be aligned to the power of two above N; keep only the NOPs needed
    (rewritten: 4-byte NOPs, then a 2-byte one) and delete the rest."""
    aligns = [r for r in sec.relocs if r.type == 43]
    if not aligns:
        return None
    data = sec.data
    dels = []
    shift = 0
    for r in sorted(aligns, key=lambda r: r.offset):
        n = r.addend
        if n <= 0 or r.offset + n > len(data):
            continue
        align = 1
        while align <= n:
            align <<= 1
        if sec.align < align:
            continue                      # the section start is not aligned that far
        o = r.offset - shift
        pad = (-o) % align
        if pad > n:
            continue
        keep = bytearray()
        while len(keep) + 4 <= pad:
            keep += b"\x13\x00\x00\x00"
        if len(keep) < pad:
            keep += b"\x01\x00"
        data[r.offset:r.offset + pad] = keep
        if n > pad:
            dels.append((r.offset + pad, n - pad))
            shift += n - pad
        r.addend = pad
    return dels or None


class _Shrink:
    """Old offset -> new offset in one input section after deleting sorted byte ranges."""
    __slots__ = ("dels", "starts", "before")

    def __init__(self, dels):
        self.dels = dels
        self.starts = [a for a, _ in dels]
        self.before = []
        total = 0
        for _, n in dels:
            self.before.append(total)
            total += n

    def new(self, x: int) -> int:
        i = bisect.bisect_right(self.starts, x) - 1
        if i < 0:
            return x
        a, n = self.dels[i]
        if x < a + n:
            return a - self.before[i]
        return x - self.before[i] - n

    def deleted(self, x: int) -> bool:
        i = bisect.bisect_right(self.starts, x) - 1
        return i >= 0 and x < self.dels[i][0] + self.dels[i][1]


def _delete_bytes(ln, f, dels) -> None:
    """Remove byte ranges (``dels``: section -> sorted (offset, count)) from input sections
    of object ``f``, moving every relocation offset, symbol value and size, section-relative
    addend and dynamic relocation of those sections accordingly (one walk per object)."""
    maps = {}
    for sec, ranges in dels.items():
        data = sec.data
        out = bytearray()
        prev = 0
        for a, n in ranges:
            out += data[prev:a]
            prev = a + n
        out += data[prev:]
        sec.data = out
        sec.size = len(out)
        m = maps[sec] = _Shrink(ranges)
        sec.relocs = [r for r in sec.relocs if not m.deleted(r.offset)]
        for r in sec.relocs:
            r.offset = m.new(r.offset)
    for s in f.obj.symbols:
        m = maps.get(s.section)
        if m is None:
            continue
        end = s.value + s.size
        s.value = m.new(s.value)
        if s.size:
            s.size = m.new(end) - s.value
            g = s.extra
            if g is not None and getattr(g, "defn", None) is s:
                g.size = s.size
    for other in f.obj.sections:
        if not other.relocs or other in maps:
            continue
        for r in other.relocs:
            t = r.sym
            if t is not None and t.type == C.STT_SECTION:
                m = maps.get(t.section)
                if m is not None:
                    r.addend = m.new(t.value + r.addend) - t.value
    for sec, m in maps.items():
        for r in sec.relocs:
            t = r.sym
            if t is not None and t.type == C.STT_SECTION and t.section is not None:
                m2 = maps.get(t.section)
                if m2 is not None:
                    r.addend = m2.new(t.value + r.addend) - t.value
    if ln.dynrel:
        for d in ln.dynrel:
            m = maps.get(d.osec)
            if m is not None:
                d.off = m.new(d.off)

LINK = RiscV64Link()
