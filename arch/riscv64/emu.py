"""RISC-V 64 in unicorn: register names, the LP64D argument registers (toolchain.emu uses it)."""
from __future__ import annotations

_X = ("zero ra sp gp tp t0 t1 t2 s0 s1 a0 a1 a2 a3 a4 a5 a6 a7 s2 s3 s4 s5 s6 s7 "
      "s8 s9 s10 s11 t3 t4 t5 t6").split()
_F = ("ft0 ft1 ft2 ft3 ft4 ft5 ft6 ft7 fs0 fs1 fa0 fa1 fa2 fa3 fa4 fa5 fa6 fa7 fs2 fs3 fs4 "
      "fs5 fs6 fs7 fs8 fs9 fs10 fs11 ft8 ft9 ft10 ft11").split()


def open_unicorn(unicorn) -> dict:
    from unicorn import riscv_const as k
    uc = unicorn.Uc(unicorn.UC_ARCH_RISCV, unicorn.UC_MODE_RISCV64)
    regs = {}
    for i, n in enumerate(_X):
        regs[n] = regs[f"x{i}"] = getattr(k, f"UC_RISCV_REG_X{i}")
    regs["fp"] = regs["s0"]
    regs["pc"] = k.UC_RISCV_REG_PC
    for i, n in enumerate(_F):
        regs[n] = regs[f"f{i}"] = getattr(k, f"UC_RISCV_REG_F{i}")
    try:        # enable the F/D extensions' state (mstatus.FS = dirty)
        uc.reg_write(k.UC_RISCV_REG_MSTATUS, uc.reg_read(k.UC_RISCV_REG_MSTATUS) | (3 << 13))
    except Exception:  # noqa: BLE001
        pass
    return dict(uc=uc, regs=regs, arg_regs=[f"a{i}" for i in range(8)],
                float_regs=[f"fa{i}" for i in range(8)], ret_reg="a0", sp="sp", pc="pc",
                link_reg="ra", nan_box_single=True)
