"""RISC-V 64 facts for pycc -g (toolchain.cc.debug): where frame slots are relative to the
canonical frame address (DW_AT_frame_base is DW_OP_call_frame_cfa, as gcc emits)."""
from __future__ import annotations


def slot_cfa_offset(mf, slot):
    """CFA-relative offset of a frame slot: slots are s0-relative and s0 = CFA - 16 - top,
    top being the a0-a7 save area of a variadic function (emit.Frame)."""
    top = 64 if mf.extra.get("varargs") else 0
    return slot.offset - 16 - top


def dwarf_reg(r):
    """DWARF register number (RISC-V psABI: x0-x31 are 0-31, f0-f31 32-63)."""
    return r.id + 32 if r.cls == "f" else r.id


_CALLS = ("call", "jal", "tail", "ret", "ecall", "ebreak")


def clobbers(item, n) -> bool:
    """An emitted instruction that may write DWARF register n: a call (or return), any
    instruction mentioning the register (conservative: a mention may only read), anything
    not an instruction object. Branches themselves do not (toolchain.cc.debug.lines follows
    them)."""
    op = getattr(item, "op", None)
    if type(op) is not str or op.startswith(_CALLS):
        return True
    fp = n >= 32
    k = n - 32 if fp else n
    return any(_mentions(o, fp, k) for o in item.ops)


def _mentions(o, fp, k) -> bool:
    if hasattr(o, "fp") and hasattr(o, "n"):       # isa.Reg
        return o.n == k and o.fp == fp
    if isinstance(o, tuple):                        # isa.MemOp (offset, base)
        return any(_mentions(x, fp, k) for x in o)
    return type(o) is str and not o.isdigit()       # register text: be conservative


# gcc -O0 copies a call's result (``mv a5,a0``, ``sext.w`` for int) in the call's row: the
# position that starts after a call begins one instruction late (toolchain.cc.debug.lines)
CALL_RESULT_ROW = True
