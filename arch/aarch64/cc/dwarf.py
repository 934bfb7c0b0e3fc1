"""AArch64 facts for pycc -g (toolchain.cc.debug): where frame slots are relative to the
canonical frame address (DW_AT_frame_base is DW_OP_call_frame_cfa, as gcc emits)."""
from __future__ import annotations


def slot_cfa_offset(mf, slot):
    """CFA-relative offset of a frame slot: the prologue's ``stp x29, x30, [sp, -FS]!`` and
    ``mov x29, sp`` leave x29 = CFA - FS, and slots are x29-relative (emit.layout_frame)."""
    return slot.offset - mf.frame_size


# the AAPCS64 va_list record is made by the compiler: gcc marks its members artificial
# (gdb's ptype shows none of them)
ARTIFICIAL_RECORDS = frozenset(("__va_list",))
