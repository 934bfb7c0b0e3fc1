"""x86-64 in unicorn: register names, the SysV argument registers (toolchain.emu uses it)."""
from __future__ import annotations


def open_unicorn(unicorn) -> dict:
    from unicorn import x86_const as k
    regs = {n: getattr(k, "UC_X86_REG_" + n.upper()) for n in (
        "rax rbx rcx rdx rsi rdi rbp rsp r8 r9 r10 r11 r12 r13 r14 r15 rip eflags".split())}
    for i in range(16):
        regs[f"xmm{i}"] = getattr(k, f"UC_X86_REG_XMM{i}")
    return dict(uc=unicorn.Uc(unicorn.UC_ARCH_X86, unicorn.UC_MODE_64), regs=regs,
                arg_regs=["rdi", "rsi", "rdx", "rcx", "r8", "r9"],
                float_regs=[f"xmm{i}" for i in range(8)], ret_reg="rax", sp="rsp", pc="rip",
                link_reg=None, nan_box_single=False)
