"""x86-64 facts for pycc -g (toolchain.cc.debug): where frame slots are relative to the
canonical frame address (DW_AT_frame_base is DW_OP_call_frame_cfa, as gcc emits)."""
from __future__ import annotations


def slot_cfa_offset(mf, slot):
    """CFA-relative offset of a frame slot: the prologue pushes %rbp below the return
    address, so %rbp = CFA - 16 and slots are %rbp-relative (emit.py)."""
    return slot.offset - 16
