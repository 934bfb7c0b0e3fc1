"""The pass manager: which passes run at each -O level, and the module phase.

Levels are kept as given: 0, 1, 2, 3, "s", "z", "g" (``normalize_level`` turns "-O" spellings
into these; "fast" is 3); the back end receives the level unchanged.

- -O0 runs nothing (locals stay in their allocas, like gcc -O0); only the
  ``__builtin_constant_p`` calls the front end left open are decided (0 unless constant).
- From -O1, ``optimize_module`` is a module phase: unreferenced internal definitions are
  pruned, then the functions are visited bottom-up over the call graph (``callgraph.py``:
  callees before callers, a call cycle as one group). Each function first gets the calls to
  already-optimised functions inlined as the level's ``InlinePolicy`` allows (``inline.py``),
  then its function pipeline: ``aggcopy`` (copies of local aggregates and GNU vectors
  forwarded, ``aggcopy.py``) and ``mem2reg`` once, then the level's scalar passes (and
  ``aggcopy`` again) iterated to a
  fixed point (at most ``MAX_ROUNDS``). After every function is done, interprocedural
  constant propagation (``ipcp.py``: constant arguments and constant results of internal
  functions) runs, the remaining ``__builtin_constant_p`` calls become 0 and the functions that held one are cleaned up
  again (so ``if (__builtin_constant_p(x)) link_error();`` disappears), and definitions no
  longer referenced (inlined ``static`` functions) are dropped.
- Levels: -O1 inlines ``always_inline``, ``static`` functions called once (bounded) and tiny
  functions; -O2 inlines small functions too; -O3 inlines more; -Os/-Oz inline by size only;
  -Og inlines only ``always_inline``. The scalar passes are the same from -O1 (constant
  folding, copy propagation, value numbering, loop-invariant code motion, induction-variable
  strength reduction, DCE, CFG simplification, stdio call simplification).

``verify=True`` runs the verifier after every pass (tests). ``disable`` (or the environment
variable ``PYCC_OPT_DISABLE``, comma-separated) names passes to leave out — any pass name, plus
``inline`` and ``libcalls`` — for finding the pass that breaks a program
(``python -m tests.opt.passcheck`` runs random programs with each pass left out)."""
from __future__ import annotations

import os

from ..ir.core import Function, Module
from ..ir.cfg import forget_dom_tree
from ..ir.verify import check
from .aggcopy import aggcopy
from .callgraph import CallGraph
from .condprop import condprop
from .constfold import constfold
from .copyprop import copyprop
from .dce import dce
from .gvn import gvn
from .inline import inline_calls, size_of
from .ipcp import ipcp
from .ivsr import ivsr
from .jumpthread import jumpthread
from .libcalls import Libcalls, fold_constant_p, inline_math, small_memory
from .licm import licm, licm_loads
from .mem2reg import mem2reg
from .memfwd import memfwd
from .prune import prune
from .simplifycfg import simplifycfg
from .tailrec import tailrec

_O1 = ([aggcopy, small_memory, mem2reg],
       [constfold, copyprop, gvn, licm, ivsr, dce, simplifycfg, aggcopy])
_O2 = ([aggcopy, small_memory, mem2reg], [constfold, copyprop, gvn, memfwd, condprop, jumpthread, tailrec, licm_loads,
                   ivsr, dce, simplifycfg, aggcopy])
PIPELINES = {
    0: ([], []),
    1: _O1,
    2: _O2,
    3: _O2,
    "s": _O2,
    "z": _O2,
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


def _disabled(disable) -> frozenset:
    if disable is None:
        disable = os.environ.get("PYCC_OPT_DISABLE", "").split(",")
    return frozenset(d.strip() for d in disable if d and d.strip())


def _pass_name(p) -> str:
    return getattr(p, "__name__", None) or type(p).__name__.lower()


def _iterate(f: Function, passes, verify: bool) -> None:
    for _ in range(MAX_ROUNDS):
        changed = False
        for p in passes:
            changed |= bool(p(f))
            if verify:
                check(f)
        if not changed:
            break


def optimize_function(f: Function, level=1, verify: bool = False, extra=(),
                      disable=None) -> None:
    """The function pipeline of ``level`` (``extra``: more passes for the iterated part, e.g.
    a module-bound ``Libcalls``)."""
    if "nonlocal_target" in f.attrs:
        return      # entered by non-local gotos: locals stay in memory, as at -O0
    off = _disabled(disable)
    once, loop = PIPELINES[_level(level)]
    for p in once:
        if _pass_name(p) in off:
            continue
        p(f)
        if verify:
            check(f)
    loop = [p for p in list(loop) + list(extra) if _pass_name(p) not in off]
    if loop:
        _iterate(f, loop, verify)
    forget_dom_tree()


def optimize_module(m: Module, level=1, verify: bool = False, pic: bool = False,
                    disable=None) -> None:
    """``pic``: code for a shared object, where an exported function may be interposed (so
    it is not inlined unless declared ``inline``)."""
    lvl = normalize_level(level)
    off = _disabled(disable)
    if lvl == 0:
        defined = {f.name for f in m.functions}
        for f in m.functions:
            fold_constant_p(f)
            inline_math(f, defined)
        return
    prune(m)
    libcalls = Libcalls(m)
    cg = CallGraph(m)
    funcs = cg.funcs
    done, sizes, verdicts = set(), {}, {}
    for comp in cg.bottom_up():
        for name in comp:
            f = funcs[name]
            if "nonlocal_target" not in f.attrs and "inline" not in off:
                inline_calls(f, funcs, cg, lvl, done, sizes, pic, verdicts)
            optimize_function(f, lvl, verify, (libcalls,), off)
        for name in comp:
            sizes[name] = size_of(funcs[name])
            done.add(name)
    loop = [p for p in list(PIPELINES[lvl][1]) + [libcalls] if _pass_name(p) not in off]
    again = ipcp(m) if "ipcp" not in off else set()
    for f in m.functions:
        if (fold_constant_p(f) or f in again) and "nonlocal_target" not in f.attrs:
            _iterate(f, loop, verify)
    forget_dom_tree()
    prune(m)        # inlined static functions and calls removed by the optimiser
