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


def dwarf_reg(r):
    """DWARF register number (AAPCS64 DWARF: x0-x30 are 0-30, v0-v31 64-95)."""
    return r.id + 64 if r.cls == "f" else r.id


_CALLS = frozenset(("bl", "blr", "svc", "hvc", "brk", "ret"))


def clobbers(item, n) -> bool:
    """An emitted instruction that may write DWARF register n: a call (or return), any
    instruction mentioning the register (conservative: a mention may only read), anything
    not an instruction object. Branches themselves do not (toolchain.cc.debug.lines follows
    them)."""
    from toolchain.arch.aarch64.asm.operands import Insn
    if type(item) is not Insn or item.mnem in _CALLS:
        return True
    fp = n >= 64
    k = n - 64 if fp else n
    return any(_mentions(o, fp, k) for o in item.ops)


def _mentions(o, fp, k) -> bool:
    num = getattr(o, "num", None)
    if num is not None:             # Reg(cls, num), VReg, VElem
        cls = getattr(o, "cls", "v")
        return num == k and ((cls in ("x", "w")) != fp)
    if isinstance(o, (tuple, list)) and not hasattr(o, "_fields"):
        return any(_mentions(x, fp, k) for x in o)
    base = getattr(o, "base", None)
    if base is not None or hasattr(o, "index"):
        return any(r is not None and _mentions(r, fp, k) for r in (base, o.index))
    return False
