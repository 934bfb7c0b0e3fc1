"""The pass manager: which passes run at each -O level.

-O0 runs nothing (locals stay in their allocas, like gcc -O0). -O1 and above promote allocas
(mem2reg) then iterate constant folding, copy propagation, value numbering (CSE), loop-invariant code
motion, induction-variable strength reduction, DCE and CFG simplification to a fixed point (bounded). ``verify=True`` runs the verifier after every pass (tests)."""
from __future__ import annotations

from ..ir.core import Function, Module
from ..ir.verify import check
from .constfold import constfold
from .copyprop import copyprop
from .dce import dce
from .gvn import gvn
from .licm import licm
from .ivsr import ivsr
from .mem2reg import mem2reg
from .prune import prune
from .simplifycfg import simplifycfg

PIPELINES = {
    0: ([], []),
    1: ([mem2reg], [constfold, copyprop, gvn, licm, ivsr, dce, simplifycfg]),
}
MAX_ROUNDS = 8


def _level(level) -> int:
    if level in ("s", "z", "fast", "g"):
        return 1 if level != "g" else 0
    return min(int(level), 1)


def optimize_function(f: Function, level=1, verify: bool = False) -> None:
    if "nonlocal_target" in f.attrs:
        return      # entered by non-local gotos: locals stay in memory, as at -O0
    once, loop = PIPELINES[_level(level)]
    for p in once:
        p(f)
        if verify:
            check(f)
    for _ in range(MAX_ROUNDS):
        changed = False
        for p in loop:
            changed |= bool(p(f))
            if verify:
                check(f)
        if not changed:
            break


def optimize_module(m: Module, level=1, verify: bool = False) -> None:
    if _level(level) >= 1:
        prune(m)
    for f in m.functions:
        optimize_function(f, level, verify)
    if _level(level) >= 1:
        prune(m)        # calls removed by the optimiser may leave more unused
