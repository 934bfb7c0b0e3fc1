"""Abstract stack frames, finalised against the frame pointer or the stack pointer.

Instruction selection and the allocator create ``FrameSlot`` objects (locals, spill slots,
register save areas) without offsets. ``layout_frame`` places, below the frame base (the
address the frame pointer holds, or would hold), first the callee-saved registers the function
really uses (``mf.used_callee_saved``, filled in by the allocator), then the slots, largest
alignment first; ``FrameLayout.size`` is the area rounded to the stack alignment.

Slot offsets (``slot.offset``) are relative to the frame base (negative). A target that keeps
a frame pointer addresses slots as FP + offset; one that omits it uses ``sp_offset(slot)``
(SP + size + offset, valid between prologue and epilogue while SP stays put). The target's
prologue/epilogue decide where the frame base is relative to the CFA (x86-64: CFA - 16 after
after the pushed frame pointer; AArch64: the saved FP/LR pair).
"""
from __future__ import annotations

from .mir import FrameSlot, MFunction


class FrameLayout:
    __slots__ = ("saves", "size", "uses_fp")

    def __init__(self, saves, size, uses_fp=True):
        self.saves = saves          # [(Reg, offset from frame base)]
        self.size = size            # bytes below the frame base, aligned
        self.uses_fp = uses_fp

    def sp_offset(self, slot: FrameSlot, disp: int = 0) -> int:
        return self.size + slot.offset + disp


def layout_frame(mf: MFunction, stack_align: int = 16, save_size=lambda r: 8,
                 saves_first: bool = True) -> FrameLayout:
    """Assign slot offsets; returns the layout (also sets ``mf.frame_size``)."""
    cur = 0
    saves = []
    if saves_first:
        for r in mf.used_callee_saved:
            n = save_size(r)
            cur = (cur + n + n - 1) // n * n
            saves.append((r, -cur))
    for s in sorted(mf.slots, key=lambda s: (-s.align, -s.size)):
        cur += s.size
        cur = (cur + s.align - 1) // s.align * s.align
        s.offset = -cur
    if not saves_first:
        for r in mf.used_callee_saved:
            n = save_size(r)
            cur = (cur + n + n - 1) // n * n
            saves.append((r, -cur))
    mf.frame_size = (cur + stack_align - 1) // stack_align * stack_align
    return FrameLayout(saves, mf.frame_size)
