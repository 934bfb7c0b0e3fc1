"""Interprocedural constant propagation over the module's direct calls (after inlining).

For an internal function whose address is never taken (every use is a direct call whose
arguments match its parameters):

- a parameter that every call passes the same constant (integer, float or symbol address)
  is replaced by that constant inside the function;
- when every ``ret`` returns the same constant, the result of each call is replaced by it
  (the calls stay for their effects; DCE removes what becomes unused).

Returns the set of functions changed, which the manager cleans up again.
"""
from __future__ import annotations

from ..ir.core import Const, Module, SymRef
from .callgraph import CallGraph
from .inline import call_matches


def _same(a, b) -> bool:
    if isinstance(a, Const) and isinstance(b, Const):
        return a == b
    return type(a) is SymRef and type(b) is SymRef and a.name == b.name


def ipcp(m: Module) -> set:
    cg = CallGraph(m)
    sites = {n: [] for n in cg.funcs}
    for f in m.functions:
        for b in f.blocks:
            for ins in b.instrs:
                if ins.op == "call" and type(ins.args[0]) is SymRef and ins.args[0].name in sites:
                    sites[ins.args[0].name].append((ins, f))
    changed = set()
    for name, f in cg.funcs.items():
        calls = [c for c, _ in sites[name]]
        if not f.internal or f.weak or cg.other_uses[name] or not calls or f.varargs \
                or "nonlocal_target" in f.attrs:
            continue
        if not all(call_matches(c, f) and getattr(c.extra, "sret", None) is None for c in calls):
            continue
        for k, p in enumerate(f.params):
            if p.byval is not None or not p.users:
                continue
            first = calls[0].args[1 + k]
            if not (isinstance(first, Const) or type(first) is SymRef):
                continue
            if all(_same(c.args[1 + k], first) for c in calls[1:]):
                p.replace_all_uses(first)
                changed.add(f)
        if f.ret_type.is_void or f.ret_type.is_struct:
            continue
        rets = [b.terminator for b in f.blocks if b.terminator is not None
                and b.terminator.op == "ret"]
        if not rets or not all(r.args and isinstance(r.args[0], Const) for r in rets):
            continue
        c0 = rets[0].args[0]
        if not all(r.args[0] == c0 for r in rets[1:]):
            continue
        for c, caller in sites[name]:
            if c.users:
                c.replace_all_uses(Const(c0.type, c0.value))
                changed.add(caller)
    return changed
