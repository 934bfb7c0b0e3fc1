"""Induction-variable strength reduction: ``mul i, x`` with ``i`` a basic induction variable
of a loop (``i = phi [init, preheader], [i + C, latch]``) and ``x`` loop-invariant becomes a
new induction variable ``j = phi [init*x, preheader], [j + C*x, latch]`` (exact in wrap-around
arithmetic).
"""
from __future__ import annotations

from ..ir.cfg import DomTree
from ..ir.core import Const, Function, Instr
from .licm import _loops


def _invariant(v, body) -> bool:
    return not isinstance(v, Instr) or v.block not in body


def ivsr(f: Function) -> bool:
    dom = DomTree.of(f)
    changed = False
    for h, body in _loops(f, dom):
        preds = dom.preds[h]
        outside = [p for p in preds if p not in body]
        latches = [p for p in preds if p in body]
        if len(outside) != 1 or len(latches) != 1:
            continue
        ph, latch = outside[0], latches[0]
        if len(ph.succs) != 1 or ph.terminator.op != "jmp" or latch.terminator.op == "indirectbr":
            continue
        for phi in list(h.phis()):
            if not phi.type.is_int or len(phi.args) != 2:
                continue
            init = phi.args[phi.targets.index(ph)]
            nxt = phi.args[phi.targets.index(latch)]
            if not (isinstance(nxt, Instr) and nxt.op == "add" and nxt.args[0] is phi
                    and isinstance(nxt.args[1], Const)):
                continue
            step = nxt.args[1]
            for u in list(phi.users):
                if u.op != "mul" or u.block not in body or u.block is None:
                    continue
                if u.args[0] is phi and _invariant(u.args[1], body):
                    x = u.args[1]
                elif u.args[1] is phi and _invariant(u.args[0], body):
                    x = u.args[0]
                else:
                    continue
                t = phi.type
                j0 = ph.insert_before_terminator(Instr("mul", t, [init, x], name=f.fresh("iv")))
                inc = ph.insert_before_terminator(Instr("mul", t, [step, x], name=f.fresh("iv")))
                j = Instr("phi", t, name=f.fresh("iv"))
                h.insert(0, j)
                jn = latch.insert_before_terminator(Instr("add", t, [j, inc], name=f.fresh("iv")))
                j.add_incoming(j0, ph)
                j.add_incoming(jn, latch)
                u.replace_all_uses(j)
                u.erase()
                changed = True
    return changed
