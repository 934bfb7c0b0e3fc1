"""RISC-V 64 linker specifics (RISC-V ELF psABI): PLT layout, dynamic relocation types,
TLS offsets (variant 1, TP at the block start, DTPREL biased by 0x800), %pcrel_lo pairing.
R_RISCV_RELAX and R_RISCV_ALIGN are accepted without relaxing (the code stays correct)."""
from __future__ import annotations

import struct

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



LINK = RiscV64Link()
