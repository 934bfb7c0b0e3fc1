"""Jump threading over blocks that only decide a branch from their phis.

A block B made of phis, at most one ``icmp`` of a phi against a constant (or the branch on a
phi itself) and ``br``: for a predecessor P whose incoming values make the condition a
constant, P's edge goes straight to the chosen successor S (C's ``a && b`` and ``?:`` give
such blocks: ``x = c ? 0 : f(); if (x) ...``). Kept valid SSA: every value B defines is used
only in B or by phis of B's successors (their incoming value for the new edge P -> S is the
phi's value from P, or the known condition); B is not a loop header (so no loop gains a second
entry); P must not already branch to S, nor end in ``indirectbr``. Predecessors left without
an edge into B lose their phi entries; a B without predecessors is removed by simplifycfg.
"""
from __future__ import annotations

from ..ir import types as T
from ..ir.cfg import DomTree
from ..ir.core import Const, Function, Instr
from .constfold import fold_icmp


def _shape(b):
    """(condition, the compare or None, the phi it reads) when B has the threadable shape."""
    t = b.terminator
    if t is None or t.op != "br" or t.targets[0] is t.targets[1]:
        return None
    body = [i for i in b.instrs if i.op != "phi"]
    c = t.args[0]
    if len(body) == 1 and isinstance(c, Instr) and c.op == "phi" and c.block is b:
        return c, None, c
    if len(body) == 2 and body[0] is c and c.op == "icmp":
        x, y = c.args
        if isinstance(x, Instr) and x.op == "phi" and x.block is b and isinstance(y, Const):
            return c, c, x
    return None


def _local(b, succs) -> bool:
    """Is every value defined in B used only inside B or by phis of B's successors, on the
    edge from B (a value a successor's phi takes from another predecessor would no longer be
    defined there once B is bypassed)?"""
    for i in b.instrs:
        for u in i.users:
            if u.block is b:
                continue
            if u.op == "phi" and u.block in succs and all(
                    t is b for a, t in zip(u.args, u.targets) if a is i):
                continue        # only as the value coming from B itself
            return False
    return True


def _decide(cmp, phi, v):
    if not isinstance(v, Const):
        return None
    if cmp is None:
        return bool(v.value)
    y = cmp.args[1]
    return fold_icmp(cmp.pred, y.type, v.value, y.value)


def jumpthread(f: Function) -> bool:
    dom = None
    headers = preds = None
    changed = False
    for b in list(f.blocks):
        if b is f.entry or b.func is None:
            continue
        sh = _shape(b)
        if sh is None:
            continue
        cond, cmp, phi = sh
        t = b.terminator
        succs = (t.targets[0], t.targets[1])
        if not _local(b, succs):
            continue
        if dom is None:
            # once per call: threading never makes a new loop header (an edge P -> S with
            # S dominating P means B -> S already closed a loop), and preds are kept up to date
            dom = DomTree.of(f)
            preds = {k: list(v) for k, v in dom.preds.items()}
            headers = {x for x in dom.rpo if any(dom.dominates(x, p) for p in dom.preds[x])}
        if b not in dom.index or b in headers:
            continue        # a loop header (or unreachable)
        for p in list(preds[b]):
            pt = p.terminator
            if pt is None or pt.op == "indirectbr" or p not in phi.targets:
                continue
            r = _decide(cmp, phi, phi.args[phi.targets.index(p)])
            if r is None:
                continue
            s = succs[0] if r else succs[1]
            if s in pt.targets or s is b:
                continue
            # incoming values of S's phis for the new edge P -> S
            vals = []
            for sp in s.phis():
                v = sp.args[sp.targets.index(b)]
                if isinstance(v, Instr) and v.block is b:
                    if v.op == "phi":
                        v = v.args[v.targets.index(p)]
                    elif v is cond:
                        v = Const(T.I1, 1 if r else 0)
                    else:
                        break
                vals.append((sp, v))
            else:
                pt.targets = [s if x is b else x for x in pt.targets]
                for sp, v in vals:
                    sp.add_incoming(v, p)
                for bp in list(b.phis()):
                    bp.remove_incoming(p)
                preds[b].remove(p)
                preds.setdefault(s, []).append(p)
                changed = True
    return changed
