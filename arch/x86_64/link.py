"""x86-64 linker specifics (System V AMD64 psABI): PLT layout, dynamic relocation types,
GOT-based calc names, TLS offsets, GOTPCRELX relaxation.

The interface every ``arch/<t>/link.py`` provides (see docs/linker.md):
  LINK: an object with the attributes and methods used by toolchain.ld.
"""
from __future__ import annotations

import struct

from toolchain.elf.constants import EM_X86_64


class X86_64Link:
    machine = EM_X86_64
    page_size = 0x1000
    max_page_size = 0x1000
    image_base = 0x400000
    word = 8
    nop = b"\x90"            # fill between code sections
    # dynamic relocation numbers
    R_NONE = 0
    R_ABS = 1
    R_COPY = 5
    R_GLOB_DAT = 6
    R_JUMP_SLOT = 7
    R_RELATIVE = 8
    R_DTPMOD = 16
    R_DTPOFF = 17
    R_TPOFF = 18
    R_IRELATIVE = 37
    R_TLSDESC = 36
    plt_header_size = 16
    plt_entry_size = 16
    gotplt_reserved = 3          # GOTPLT[0] = _DYNAMIC, [1] link map, [2] resolver
    got_symbol = "gotplt"        # _GLOBAL_OFFSET_TABLE_ is the start of .got.plt
    tls_variant = 2
    got_header = 0               # reserved words at the start of .got
    # calc name -> (GOT entry kind or None, form)
    CALC = {
        "gotpcrel": ("got", "pcrel"),
        "got": ("got", "gotrel"),
        "tlsgd": ("tlsgd", "pcrel"),
        "tlsld": ("tlsld", "pcrel"),
        "gottprel": ("gottprel", "pcrel"),
        "tlsdesc_gotpc": ("tlsdesc", "pcrel"),
    }
    # calc names that branch through the PLT when the target is preemptible
    PLT_CALCS = ("plt",)

    def __init__(self):
        pass

    # -- PLT ---------------------------------------------------------------------------------
    def plt_header(self, plt: int, gotplt: int) -> bytes:
        return (b"\xff\x35" + struct.pack("<i", gotplt + 8 - (plt + 6))
                + b"\xff\x25" + struct.pack("<i", gotplt + 16 - (plt + 12))
                + b"\x0f\x1f\x40\x00")

    def plt_entry(self, entry: int, slot: int, index: int, plt: int) -> bytes:
        return (b"\xff\x25" + struct.pack("<i", slot - (entry + 6))
                + b"\x68" + struct.pack("<I", index)
                + b"\xe9" + struct.pack("<i", plt - (entry + 16)))

    def gotplt_initial(self, entry: int, plt: int) -> int:
        """Initial value of a PLT entry's GOT slot (lazy binding target)."""
        return entry + 6

    # -- TLS ---------------------------------------------------------------------------------
    def tprel(self, addr: int, tls_start: int, tls_memsz: int, tls_align: int) -> int:
        """Offset of ``addr`` (inside the TLS segment) from the thread pointer."""
        size = (tls_memsz + tls_align - 1) & -tls_align
        return addr - tls_start - size

    def dtprel(self, addr: int, tls_start: int) -> int:
        return addr - tls_start

    # -- TLS relaxation in executables (GD -> LE/IE, LD -> LE), psABI TLS sequences --------
    tls_relax_addend = False
    ld_relaxed_dtprel = True     # DTPOFF32 after a relaxed LD sequence is a TP offset

    def tls_scan(self, ln, sec, r, rt, kind, pre):
        """The relaxation for a TLS access in an executable ("le", "ie") or None to keep it."""
        d = sec.data
        off = r.offset
        if d is None:
            return None
        if kind == "tlsgd":
            if bytes(d[off - 4:off]) == b"\x66\x48\x8d\x3d" and \
                    bytes(d[off + 4:off + 8]) == b"\x66\x66\x48\xe8":
                ln.tls_skip.add((id(sec), off + 8))
                return "ie" if pre else "le"
            return None
        if kind == "tlsld":
            if bytes(d[off - 3:off]) == b"\x48\x8d\x3d" and d[off + 4] == 0xE8:
                ln.tls_skip.add((id(sec), off + 5))
                return "le"
            return None
        if off < 3:
            return None
        rex, op, modrm = d[off - 3], d[off - 2], d[off - 1]
        if rex not in (0x48, 0x4C) or modrm & 0xC7 != 0x05:
            return None
        if kind == "tlsdesc":
            # leaq x@tlsdesc(%rip), %reg (then call *x@tlscall(%reg))
            if op == 0x8D:
                return "ie" if pre else "le"
            return None
        if kind == "gottprel" and not pre and op in (0x8B, 0x03):
            # movq/addq x@gottpoff(%rip), %reg
            return "le"
        return None

    def tls_apply(self, ln, buf, off, r, rt, act, tp, ie, P):
        calc = rt.calc
        if calc == "tlsgd":
            start = off - 4
            if act == "le":
                if not -(1 << 31) <= tp < (1 << 31):
                    return "relocation truncated to fit"
                buf[start:start + 16] = (b"\x64\x48\x8b\x04\x25\0\0\0\0\x48\x8d\x80"
                                         + struct.pack("<i", tp))
            else:
                # the GOT slot is addressed relative to the end of the rewritten sequence
                buf[start:start + 16] = (b"\x64\x48\x8b\x04\x25\0\0\0\0\x48\x03\x05"
                                         + struct.pack("<i", ie - (P + 12)))
            return None
        if calc == "tlsld":
            start = off - 3
            buf[start:start + 12] = b"\x66\x66\x66\x64\x48\x8b\x04\x25\0\0\0\0"
            return None
        rex, op, modrm = buf[off - 3], buf[off - 2], buf[off - 1]
        reg = (modrm >> 3) & 7
        high = (rex >> 2) & 1                # REX.R: register r8..r15
        if act == "ie":                      # TLSDESC -> IE: leaq -> movq x@gottpoff(%rip)
            buf[off - 2] = 0x8B
            struct.pack_into("<i", buf, off, ie - (P + 4))
            return None
        if not -(1 << 31) <= tp < (1 << 31):
            return "relocation truncated to fit"
        if calc == "gottprel" and op == 0x03:
            if reg == 4:                     # addq x@gottpoff(%rip), %rsp/%r12 -> addq $tp
                buf[off - 3:off] = bytes((0x48 | high, 0x81, 0xC0 | reg))
            else:                            # addq ... , %reg -> leaq tp(%reg), %reg
                buf[off - 3:off] = bytes((0x48 | high | (high << 2), 0x8D,
                                          0x80 | reg | (reg << 3)))
        else:                                # movq / leaq x@tlsdesc -> movq $tp, %reg
            buf[off - 3:off] = bytes((0x48 | high, 0xC7, 0xC0 | reg))
        struct.pack_into("<i", buf, off, tp)
        return None

    def tls_hint(self, buf, off, rt) -> None:
        """The call through a TLS descriptor of a relaxed TLSDESC sequence becomes a 2-byte
        NOP (``xchg %ax, %ax``)."""
        if rt.calc == "tlsdesc_call" and bytes(buf[off:off + 2]) == b"\xff\x10":
            buf[off:off + 2] = b"\x66\x90"

    def is_data_reloc(self, rt) -> bool:
        return True

    # -- relaxation -----------------------------------------------------------------------------
    # binop foo@GOTPCREL(%rip), %reg opcode -> the /digit of ``81 /digit imm32``
    _BINOP = {0x03: 0, 0x0B: 1, 0x13: 2, 0x1B: 3, 0x23: 4, 0x2B: 5, 0x33: 6, 0x3B: 7}

    def relax_gotpcrel(self, rtype: int, buf, off: int, imm, imm_only: bool = False):
        """Rewrite the instruction of a GOTPCRELX/REX_GOTPCRELX relocation at ``off`` so that
        it no longer loads the address from the GOT (psABI "linker optimization"):
        ``mov`` -> ``lea`` (the caller then applies the field PC-relative: "pcrel"),
        ``call *`` -> ``addr32 call`` ("call"), ``jmp *`` -> ``jmp; nop`` ("jmp"), and, when
        the output is not position-independent (``imm`` is the symbol's address, else None),
        ``mov``/``test``/``binop`` -> the immediate forms (written here: "done"); with
        ``imm_only`` (an undefined weak symbol: 0) nothing else.
        Returns False when the instruction cannot be rewritten."""
        if rtype not in (41, 42) or off < 2:
            return False
        op = buf[off - 2]
        modrm = buf[off - 1]
        if imm_only and (imm is None or op == 0xFF):
            return False
        if rtype == 41 and op == 0xFF:
            if modrm == 0x15:                # call *foo@GOTPCREL(%rip) -> addr32 call foo
                buf[off - 2] = 0x67
                buf[off - 1] = 0xE8
                return "call"
            if modrm == 0x25:                # jmp *foo@GOTPCREL(%rip) -> jmp foo; nop
                buf[off - 2] = 0xE9
                buf[off + 3] = 0x90
                return "jmp"
            return False
        if modrm & 0xC7 != 0x05:
            return False
        rex = 0
        if rtype == 42:
            if off < 3 or buf[off - 3] & 0xF0 != 0x40:
                return False
            rex = buf[off - 3]
        if imm is not None and (op == 0x8B or op == 0x85 or op in self._BINOP):
            wide = rex & 8
            if (-(1 << 31) <= imm < (1 << 31)) if wide else (0 <= imm < (1 << 32)):
                reg = (modrm >> 3) & 7
                if op == 0x8B:               # mov -> mov $foo, %reg
                    op2, digit = 0xC7, 0
                elif op == 0x85:             # test %reg, foo -> test $foo, %reg
                    op2, digit = 0xF7, 0
                else:                        # binop foo, %reg -> binop $foo, %reg
                    op2, digit = 0x81, self._BINOP[op]
                if rex:                      # REX.R (the register) becomes REX.B
                    buf[off - 3] = (rex & ~0x05) | ((rex >> 2) & 1)
                buf[off - 2] = op2
                buf[off - 1] = 0xC0 | (digit << 3) | reg
                struct.pack_into("<i" if wide else "<I", buf, off, imm)
                return "done"
        if op == 0x8B and not imm_only:      # mov foo@GOTPCREL(%rip), %reg -> lea foo(%rip)
            buf[off - 2] = 0x8D
            return "pcrel"
        return False


LINK = X86_64Link()
