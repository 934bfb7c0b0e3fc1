"""The RISC-V 64 register file as seen by pycc's back end (LP64D).

Integer registers are class "i" with ``id`` = x-register number, floating registers class "f"
with ``id`` = f-register number. Reserved: zero, ra, sp, gp, tp, s0 (frame pointer), t4 (the
emitter's address temporary for offsets beyond 12 bits) and the spill scratch registers
t3/t5/t6 and ft10/ft11.
"""
from __future__ import annotations

from toolchain.cc.backend.mir import Reg
from toolchain.cc.backend.regalloc import RegInfo

XNAMES = ("zero ra sp gp tp t0 t1 t2 s0 s1 a0 a1 a2 a3 a4 a5 a6 a7 "
          "s2 s3 s4 s5 s6 s7 s8 s9 s10 s11 t3 t4 t5 t6").split()
FNAMES = ("ft0 ft1 ft2 ft3 ft4 ft5 ft6 ft7 fs0 fs1 fa0 fa1 fa2 fa3 fa4 fa5 fa6 fa7 "
          "fs2 fs3 fs4 fs5 fs6 fs7 fs8 fs9 fs10 fs11 ft8 ft9 ft10 ft11").split()

X = {n: Reg(i, "i", True, n) for i, n in enumerate(XNAMES)}
F = {n: Reg(i, "f", True, n) for i, n in enumerate(FNAMES)}
PHYS = {**X, **F}

ZERO, RA, SP, GP, TP, FP = (X[n] for n in "zero ra sp gp tp s0".split())
T0, T1, T2, T3, T4, T5, T6 = (X[f"t{i}"] for i in range(7))
A = [X[f"a{i}"] for i in range(8)]
FA = [F[f"fa{i}"] for i in range(8)]

CALLEE_SAVED = [X[f"s{i}"] for i in range(1, 12)] + [F[f"fs{i}"] for i in range(12)]
CALL_CLOBBERS = tuple([RA, T0, T1, T2] + A + [X[f"t{i}"] for i in range(3, 7)]
                      + [F[f"ft{i}"] for i in range(12)] + FA)

INFO = RegInfo(
    allocatable={
        "i": [T0, T1, T2] + [X[n] for n in "a5 a4 a3 a2 a1 a0 a6 a7".split()]
             + [X[f"s{i}"] for i in range(1, 12)],
        "f": [F[f"ft{i}"] for i in range(8)] + [F[f"fa{i}"] for i in (5, 4, 3, 2, 1, 0, 6, 7)]
             + [F[f"fs{i}"] for i in range(12)] + [F["ft8"], F["ft9"]],
    },
    callee_saved=CALLEE_SAVED,
    scratch={"i": [T5, T6, T3], "f": [F["ft10"], F["ft11"]]},
)

# DWARF register numbers: x0-x31 = 0-31, f0-f31 = 32-63
def dwarf(r: Reg) -> int:
    return r.id + (32 if r.cls == "f" else 0)
