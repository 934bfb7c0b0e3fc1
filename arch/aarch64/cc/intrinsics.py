"""AArch64 selection of the target-neutral IR intrinsics (docs/ir.md "Intrinsics").

``SELECTORS`` maps an IR op name to ``fn(isel, ins)``; ``ISel.lower`` calls it for ops it has
no ``i_<op>`` method for.
"""
from __future__ import annotations

from toolchain.cc.backend.mir import Mem, ROp, Sym

from .regs import CALL_CLOBBERS, FP, SP, X


def nonlocal_goto(isel, ins):
    """``nonlocal_goto %fp, %sp, %addr``: the values go to x0-x2 first (no reload addressed
    from x29 can sit between the x29/sp writes and the jump)."""
    fp, sp, to = ins.args
    for r, v in zip(X[:3], (fp, sp, to)):
        isel.emit("mov", ROp(r, 8), ROp(isel.val(v), 8))
    isel.emit("mov", ROp(SP, 8), ROp(X[1], 8), roles=("", "u"))
    isel.emit("mov", ROp(FP, 8), ROp(X[0], 8), roles=("", "u"))
    isel.emit("br", ROp(X[2], 8), roles=("u",), flags="t")


# ldr x9, chain; ldr x10, slot; str x9, [x10]; ldr x16, fn; br x16; nop; chain; slot; fn
_CODE = [0x580000C9, 0x580000EA, 0xF9000149, 0x580000F0, 0xD61F0200, 0xD503201F]


def trampoline_init(isel, ins):
    """``trampoline_init %code, %fn, %chain, %slot``: 24 bytes of code and three literal
    pointers at %code, then ``__clear_cache`` over them."""
    code, fn, chain, slot = ins.args
    base = isel.addr(code)
    t = isel.vreg("i")
    for k in range(0, len(_CODE), 2):
        isel.mov_imm(t, _CODE[k] | (_CODE[k + 1] << 32), 8)
        isel.emit("str", ROp(t, 8), base.copy(disp=base.disp + 4 * k, size=8))
    for off, v in ((24, chain), (32, slot), (40, fn)):
        isel.emit("str", ROp(isel.val(v), 8), base.copy(disp=base.disp + off, size=8))
    start = isel.lea(base)
    end = isel.vreg("i")
    isel.emit("add", ROp(end, 8), ROp(start, 8), ROp(isel.const_reg(48, 8), 8))
    isel.emit("mov", ROp(X[0], 8), ROp(start, 8))
    isel.emit("mov", ROp(X[1], 8), ROp(end, 8))
    isel.emit("bl", Sym("__clear_cache"), iuse=(X[0], X[1]), idef=CALL_CLOBBERS, flags="c")


SELECTORS: dict = {"nonlocal_goto": nonlocal_goto, "trampoline_init": trampoline_init}
