"""The x86-64 register file as seen by pycc's back end."""
from __future__ import annotations

from toolchain.cc.backend.mir import Reg
from toolchain.cc.backend.regalloc import RegInfo

_GPR64 = "rax rcx rdx rbx rsp rbp rsi rdi r8 r9 r10 r11 r12 r13 r14 r15".split()
_GPR32 = "eax ecx edx ebx esp ebp esi edi r8d r9d r10d r11d r12d r13d r14d r15d".split()
_GPR16 = "ax cx dx bx sp bp si di r8w r9w r10w r11w r12w r13w r14w r15w".split()
_GPR8 = "al cl dl bl spl bpl sil dil r8b r9b r10b r11b r12b r13b r14b r15b".split()

GPR = {n: Reg(i, "i", True, n) for i, n in enumerate(_GPR64)}
XMM = {f"xmm{i}": Reg(i, "f", True, f"xmm{i}") for i in range(16)}
PHYS = {**GPR, **XMM}

RAX, RCX, RDX, RBX, RSP, RBP = (GPR[n] for n in "rax rcx rdx rbx rsp rbp".split())
RSI, RDI, R8, R9, R10, R11 = (GPR[n] for n in "rsi rdi r8 r9 r10 r11".split())

CALLER_SAVED_GPR = [GPR[n] for n in "rax rcx rdx rsi rdi r8 r9 r10 r11".split()]
CALLEE_SAVED_GPR = [GPR[n] for n in "rbx r12 r13 r14 r15".split()]
CALL_CLOBBERS = tuple(CALLER_SAVED_GPR + list(XMM.values()))

INFO = RegInfo(
    allocatable={
        "i": [GPR[n] for n in "rax rcx rdx rsi rdi r8 r9 rbx r12 r13 r14 r15".split()],
        "f": [XMM[f"xmm{i}"] for i in range(14)],
    },
    callee_saved=CALLEE_SAVED_GPR,
    scratch={"i": [R10, R11], "f": [XMM["xmm14"], XMM["xmm15"]]},
)


def reg_name(r: Reg, size: int) -> str:
    if r.cls == "f":
        return r.name if size not in (32, 64) else ("y" if size == 32 else "z") + r.name[1:]
    i = r.id
    if size == 8:
        return _GPR64[i]
    if size == 4:
        return _GPR32[i]
    if size == 2:
        return _GPR16[i]
    return _GPR8[i]


class X87Op:
    """An inline asm operand on the x87 stack ("t" = %st, "u" = %st(1)): the instruction
    selection loads inputs onto the stack before the asm and stores outputs after it."""
    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def regs(self):
        return iter(())

    def map_regs(self, fn):
        return self


class KOp(X87Op):
    """An inline asm operand in an AVX-512 mask register ("k"): the register allocator has no
    mask registers, so each such operand of an asm gets its own %k1..%k7 and the asm text is
    wrapped in kmov instructions between it and a general register (inputs before, outputs
    after)."""
    __slots__ = ()
