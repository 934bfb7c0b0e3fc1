"""x86-64 frames without frame pointer (-O1 and above), decided before register allocation.

A function needs %rbp as frame pointer when it allocates on the stack dynamically (VLAs,
alloca), has slots aligned beyond 16 bytes, contains inline asm (which may move %rsp or name
%rbp), or names %rbp or %rsp itself (``__builtin_frame_address``, non-local gotos, stack
save/restore) other than in the constant adjustments of call sequences. Otherwise selection's
frame operands (``Mem(%rbp, slot)``, stack arguments at ``Mem(%rbp, 16 + offset)``) become
frame-base operands without a register (``base=None``, the incoming arguments through the
``INCOMING`` pseudo-slot at offset 0), the allocator may give %rbp to values as a sixth
callee-saved register, and emit.py addresses the frame from %rsp (frame base = CFA - 16, the
same place as with a frame pointer, so -g's slot offsets do not change).
"""
from __future__ import annotations

from toolchain.cc.backend.mir import FrameSlot, Imm, Mem, ROp

from .regs import RBP, RSP


def needs_frame_pointer(mf) -> bool:
    if mf.extra.get("dynamic_stack") or any(sl.align > 16 for sl in mf.slots):
        return True
    for b in mf.blocks:
        for mi in b.instrs:
            if mi.op == "asm" or RBP in mi.iuse or RBP in mi.idef or RSP in mi.idef:
                return True
            for o in mi.ops:
                if isinstance(o, ROp) and o.reg.phys and o.reg.cls == "i":
                    if o.reg is RBP:
                        return True
                    if o.reg is RSP and not (mi.op in ("subq", "addq")
                                             and isinstance(mi.ops[0], Imm)):
                        return True
    return False


def omit_frame_pointer(mf) -> bool:
    """Rewrite the frame operands of an eligible function (see the module text); False when
    the function keeps its frame pointer."""
    if needs_frame_pointer(mf):
        return False
    incoming = FrameSlot(0, 1, "incoming")
    incoming.offset = 0
    for b in mf.blocks:
        for mi in b.instrs:
            for k, o in enumerate(mi.ops):
                if isinstance(o, Mem) and o.base is RBP and o.sym is None:
                    mi.ops[k] = o.copy(base=None, slot=o.slot if o.slot is not None else incoming)
    return True
