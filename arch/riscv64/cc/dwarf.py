"""RISC-V 64 facts for pycc -g (toolchain.cc.debug): where frame slots are relative to the
canonical frame address (DW_AT_frame_base is DW_OP_call_frame_cfa, as gcc emits)."""
from __future__ import annotations


def slot_cfa_offset(mf, slot):
    """CFA-relative offset of a frame slot: slots are s0-relative and s0 = CFA - 16 - top,
    top being the a0-a7 save area of a variadic function (emit.Frame)."""
    top = 64 if mf.extra.get("varargs") else 0
    return slot.offset - 16 - top
