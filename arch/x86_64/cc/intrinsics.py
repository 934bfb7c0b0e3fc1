"""x86-64 instruction selection of the target-neutral IR intrinsics (non-local goto,
``__builtin_setjmp``/``longjmp``, trampoline initialisation, ...; see docs/ir.md).

``SELECTORS`` maps an IR op name to ``fn(isel, ins)``; ``ISel.lower`` calls it for ops it has
no ``i_<op>`` method for.
"""
from __future__ import annotations

from toolchain.cc.backend.mir import Imm, ROp

from .regs import RAX, RBP, RCX, RDX, RSP


def nonlocal_goto(isel, ins):
    """``nonlocal_goto %fp, %sp, %addr``: the three values go to fixed registers first, so no
    reload (addressed from %rbp) can sit between the frame/stack pointer writes and the jump."""
    fp, sp, to = ins.args
    isel.emit("movq", ROp(isel.val(fp), 8), ROp(RCX, 8))
    isel.emit("movq", ROp(isel.val(sp), 8), ROp(RDX, 8))
    isel.emit("movq", ROp(isel.val(to), 8), ROp(RAX, 8))
    isel.emit("movq", ROp(RDX, 8), ROp(RSP, 8))
    isel.emit("movq", ROp(RCX, 8), ROp(RBP, 8))
    isel.emit("jmp", ROp(RAX, 8))


# movabs $chain, %rax; movabs $slot, %r11; mov %rax, (%r11); movabs $fn, %r11; jmp *%r11
_TRAMP = [(0, 2, 0xB848), (2, 8, "chain"), (10, 2, 0xBB49), (12, 8, "slot"), (20, 2, 0x8949),
          (22, 1, 0x03), (23, 2, 0xBB49), (25, 8, "fn"), (33, 2, 0xFF41), (35, 1, 0xE3)]
_SFX = {1: "b", 2: "w", 8: "q"}


def trampoline_init(isel, ins):
    """``trampoline_init %code, %fn, %chain, %slot``: 36 bytes of code at %code."""
    code, fn, chain, slot = ins.args
    base = isel.addr(code)
    vals = {"fn": fn, "chain": chain, "slot": slot}
    regs = {k: isel.val(v) for k, v in vals.items()}
    for off, size, what in _TRAMP:
        m = base.copy(disp=base.disp + off, size=size)
        if isinstance(what, int):
            v = what - (1 << 16) if size == 2 and what >= 0x8000 else what
            isel.emit("mov" + _SFX[size], Imm(v), m)
        else:
            isel.emit("movq", ROp(regs[what], 8), m)


SELECTORS: dict = {"nonlocal_goto": nonlocal_goto, "trampoline_init": trampoline_init}
