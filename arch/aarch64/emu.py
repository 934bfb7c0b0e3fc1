"""AArch64 in unicorn: register names, the AAPCS64 argument registers (toolchain.emu uses it)."""
from __future__ import annotations


def open_unicorn(unicorn) -> dict:
    from unicorn import arm64_const as k
    uc = unicorn.Uc(unicorn.UC_ARCH_ARM64, unicorn.UC_MODE_ARM)
    regs = {f"x{i}": getattr(k, f"UC_ARM64_REG_X{i}") for i in range(29)}
    regs.update(x29=k.UC_ARM64_REG_X29, x30=k.UC_ARM64_REG_X30, fp=k.UC_ARM64_REG_X29,
                lr=k.UC_ARM64_REG_X30, sp=k.UC_ARM64_REG_SP, pc=k.UC_ARM64_REG_PC,
                nzcv=k.UC_ARM64_REG_NZCV)
    for i in range(32):
        regs[f"d{i}"] = getattr(k, f"UC_ARM64_REG_D{i}")
        regs[f"q{i}"] = getattr(k, f"UC_ARM64_REG_Q{i}")
    try:        # enable FP/SIMD (CPACR_EL1.FPEN)
        uc.reg_write(k.UC_ARM64_REG_CPACR_EL1, 3 << 20)
    except Exception:  # noqa: BLE001 - older unicorn versions enable it by default
        pass
    return dict(uc=uc, regs=regs, arg_regs=[f"x{i}" for i in range(8)],
                float_regs=[f"d{i}" for i in range(8)], ret_reg="x0", sp="sp", pc="pc",
                link_reg="x30", nan_box_single=False)
