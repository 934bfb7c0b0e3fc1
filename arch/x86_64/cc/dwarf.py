"""x86-64 facts for pycc -g (toolchain.cc.debug): where frame slots are relative to the
canonical frame address (DW_AT_frame_base is DW_OP_call_frame_cfa, as gcc emits)."""
from __future__ import annotations


def slot_cfa_offset(mf, slot):
    """CFA-relative offset of a frame slot: the prologue pushes %rbp below the return
    address, so %rbp = CFA - 16 and slots are %rbp-relative (emit.py)."""
    return slot.offset - 16


_DWARF_GPR = {n: i for i, n in enumerate(
    "rax rdx rcx rbx rsi rdi rbp rsp r8 r9 r10 r11 r12 r13 r14 r15".split())}


def dwarf_reg(r):
    """DWARF register number of a physical register (psABI figure 3.36): xmm0-15 are
    17-32."""
    if r.cls == "f":
        return 17 + r.id
    return _DWARF_GPR[r.name]
