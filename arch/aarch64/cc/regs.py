"""The AArch64 register file as pycc's back end sees it.

x0-x7 arguments/results, x8 indirect result, x9-x15 caller-saved, x16/x17 (IP0/IP1) the
emitter's temporaries (large offsets and immediates), x18 platform register (never used),
x19-x28 callee-saved, x29 frame pointer, x30 link register, 31 = sp or xzr by context.
v0-v7 arguments/results, v8-v15 callee-saved (low 64 bits only), v16-v31 caller-saved.
The allocator's spill scratch registers are x9-x11 and v30/v31.
"""
from __future__ import annotations

from toolchain.cc.backend.mir import Reg
from toolchain.cc.backend.regalloc import RegInfo

X = [Reg(i, "i", True, f"x{i}") for i in range(31)]
SP = Reg(31, "i", True, "sp")
XZR = Reg(32, "i", True, "xzr")
V = [Reg(i, "f", True, f"v{i}") for i in range(32)]
FP, LR = X[29], X[30]
IP0, IP1 = X[16], X[17]

CALLEE_SAVED_GPR = X[19:29]
CALLEE_SAVED_FPR = V[8:16]
CALL_CLOBBERS = tuple(X[0:19] + [LR] + V[0:8] + V[16:32])

INFO = RegInfo(
    allocatable={
        "i": X[0:9] + X[12:16] + X[19:29],
        "f": V[0:8] + V[16:30] + V[8:16],
    },
    callee_saved=CALLEE_SAVED_GPR + CALLEE_SAVED_FPR,
    scratch={"i": [X[9], X[10], X[11]], "f": [V[30], V[31]]},
)

_FP_PREFIX = {1: "b", 2: "h", 4: "s", 8: "d", 16: "q"}


def reg_name(r: Reg, size: int) -> str:
    if r.cls == "f":
        return _FP_PREFIX[size] + str(r.id)
    if r is SP or r.id == 31:
        return "sp" if size == 8 else "wsp"
    if r.id == 32:
        return "xzr" if size == 8 else "wzr"
    return ("x" if size == 8 else "w") + str(r.id)
