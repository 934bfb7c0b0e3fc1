"""The pass manager: which passes run at each -O level.

Levels are kept as given: 0, 1, 2, 3, "s", "z", "g" (``normalize_level`` turns "-O" spellings
into these; "fast" is 3). Each level names its pipeline in ``PIPELINES``; today -O2, -O3, -Os,
-Oz and -Og share the -O1 passes (they differ once issue 15's passes exist), and the back end
receives the level unchanged. -O0 runs nothing (locals stay in their allocas, like gcc -O0).
-O1 promotes allocas (mem2reg) then iterates constant folding, copy propagation, value
numbering (CSE), loop-invariant code motion, induction-variable strength reduction, DCE and CFG
simplification to a fixed point (bounded). ``verify=True`` runs the verifier after every pass
(tests)."""
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

_O1 = ([mem2reg], [constfold, copyprop, gvn, licm, ivsr, dce, simplifycfg])
PIPELINES = {
    0: ([], []),
    1: _O1,
    2: _O1,         # shares -O1 for now (issue 15)
    3: _O1,
    "s": _O1,
    "z": _O1,
    "g": _O1,
}
MAX_ROUNDS = 8
LEVELS = (0, 1, 2, 3, "s", "z", "g")


def normalize_level(level):
    """0, 1, 2, 3, "s", "z" or "g" from an -O argument ("", None -> 0; "fast" -> 3; "1" -> 1;
    a level already normalised is returned unchanged)."""
    if level in (None, ""):
        return 0
    if isinstance(level, bool):
        return int(level)
    if isinstance(level, int):
        return min(max(level, 0), 3)
    level = str(level)
    if level.isdigit():
        return min(int(level), 3)
    if level == "fast":
        return 3
    if level in ("s", "z", "g"):
        return level
    raise ValueError(f"unknown optimisation level {level!r}")


def _level(level):
    return normalize_level(level)


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
    lvl = normalize_level(level)
    if lvl != 0:
        prune(m)
    for f in m.functions:
        optimize_function(f, lvl, verify)
    if lvl != 0:
        prune(m)        # calls removed by the optimiser may leave more unused
