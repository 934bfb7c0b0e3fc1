"""AArch64 linker specifics (ELF for the Arm 64-bit Architecture, AAELF64): PLT layout,
dynamic relocation types, TLS variant 1 offsets, TLSDESC relaxation for executables."""
from __future__ import annotations

import struct

from toolchain.elf.constants import EM_AARCH64


def _adrp(rd: int, place: int, target: int) -> int:
    imm = ((target & ~0xFFF) - (place & ~0xFFF)) >> 12
    return 0x90000000 | ((imm & 3) << 29) | (((imm >> 2) & 0x7FFFF) << 5) | rd


class AArch64Link:
    machine = EM_AARCH64
    page_size = 0x1000
    max_page_size = 0x10000
    image_base = 0x400000
    word = 8
    nop = b"\x1f\x20\x03\xd5"            # fill between code sections
    R_NONE = 0
    R_ABS = 257
    R_COPY = 1024
    R_GLOB_DAT = 1025
    R_JUMP_SLOT = 1026
    R_RELATIVE = 1027
    R_DTPMOD = 1028
    R_DTPOFF = 1029
    R_TPOFF = 1030
    R_TLSDESC = 1031
    R_IRELATIVE = 1032
    plt_header_size = 32
    plt_entry_size = 16
    gotplt_reserved = 3
    got_symbol = "got"
    got_header = 1
    tls_variant = 1
    CALC = {}
    PLT_CALCS = ("plt",)

    def plt_header(self, plt: int, gotplt: int) -> bytes:
        g2 = gotplt + 16
        lo = g2 & 0xFFF
        insns = [0xA9BF7BF0,                                  # stp x16, x30, [sp, #-16]!
                 _adrp(16, plt + 4, g2),                      # adrp x16, PAGE(&GOT[2])
                 0xF9400211 | ((lo >> 3) << 10),              # ldr x17, [x16, #lo]
                 0x91000210 | (lo << 10),                     # add x16, x16, #lo
                 0xD61F0220,                                  # br x17
                 0xD503201F, 0xD503201F, 0xD503201F]          # nop x3
        return struct.pack("<8I", *insns)

    def plt_entry(self, entry: int, slot: int, index: int, plt: int) -> bytes:
        lo = slot & 0xFFF
        return struct.pack("<4I", _adrp(16, entry, slot), 0xF9400211 | ((lo >> 3) << 10),
                           0x91000210 | (lo << 10), 0xD61F0220)

    def gotplt_initial(self, entry: int, plt: int) -> int:
        return plt

    def tprel(self, addr: int, tls_start: int, tls_memsz: int, tls_align: int) -> int:
        return addr - tls_start + ((16 + tls_align - 1) & -tls_align)

    def dtprel(self, addr: int, tls_start: int) -> int:
        return addr - tls_start

    # -- TLS relaxation in executables ------------------------------------------------------
    # TLSDESC (adrp/ldr/add/blr) and traditional GD (adrp/add/bl __tls_get_addr/nop) become LE
    # (movz/movk, then mrs/add for GD) or IE (adrp/ldr from the GOT) when the symbol lives in a
    # shared library; IE (adrp/ldr :gottprel:) of a symbol defined in the executable becomes
    # LE (movz/movk).
    tls_relax_addend = True
    ld_relaxed_dtprel = False
    _MRS_TP = 0xD53BD041                      # mrs x1, tpidr_el0
    _ADD_X0_X1_X0 = 0x8B000020                # add x0, x1, x0
    _NOP = 0xD503201F

    def tls_scan(self, ln, sec, r, rt, kind, pre):
        n = rt.num
        if kind == "tlsdesc" and n in (562, 563, 564):
            return "ie" if pre else "le"
        if kind == "tlsgd" and n in (513, 514):
            if n == 514:
                d = sec.data
                off = r.offset
                if d is None or off + 12 > len(d):
                    return None
                bl, nop = struct.unpack_from("<II", d, off + 4)
                if bl & 0xFC000000 != 0x94000000 or nop != self._NOP:
                    return None
                ln.tls_skip.add((id(sec), off + 4))      # the CALL26 to __tls_get_addr
            return "ie" if pre else "le"
        if kind == "gottprel" and not pre and n in (541, 542):
            return "le"
        return None

    def tls_apply(self, ln, buf, off, r, rt, act, tp, ie, P):
        insn = struct.unpack_from("<I", buf, off)[0]
        n = rt.num
        if act == "le" and not 0 <= tp < (1 << 32):
            return "relocation truncated to fit"
        if n in (562, 513, 541):                       # adrp xd, ... -> movz / adrp of the GOT
            rd = insn & 0x1F
            new = (0xD2A00000 | (((tp >> 16) & 0xFFFF) << 5) | rd) if act == "le" \
                else _adrp(rd, P, ie)
        elif n in (563, 514, 542):                     # ldr / add xd, xn, lo12 -> movk / ldr
            rn = (insn >> 5) & 0x1F
            rt_ = insn & 0x1F if n == 542 else rn
            new = (0xF2800000 | ((tp & 0xFFFF) << 5) | rt_) if act == "le" \
                else 0xF9400000 | (((ie & 0xFFF) >> 3) << 10) | (rn << 5) | rn
            if n == 514:                               # bl __tls_get_addr; nop
                struct.pack_into("<II", buf, off + 4, self._MRS_TP, self._ADD_X0_X1_X0)
        else:                                          # add x0, x0, :tlsdesc_lo12:v
            new = self._NOP
        struct.pack_into("<I", buf, off, new)
        return None

    def tls_hint(self, buf, off, rt) -> None:
        if rt.num == 569:                              # blr x1 (TLSDESC_CALL) -> nop
            struct.pack_into("<I", buf, off, 0xD503201F)

    def is_data_reloc(self, rt) -> bool:
        return isinstance(rt.extra, dict) and rt.extra.get("field") == "data"



LINK = AArch64Link()
