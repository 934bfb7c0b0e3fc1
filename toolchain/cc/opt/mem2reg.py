"""mem2reg: promote scalar allocas whose address never escapes to SSA values.

An alloca is promotable when its size is constant, it sits in the entry block, and every use is
a non-volatile ``load`` from it or a non-volatile ``store`` *to* it, all of one scalar type whose
size equals the alloca's. Phis are placed at the iterated dominance frontier of the storing
blocks and values renamed along the dominator tree (the classic Cytron et al. construction);
loads before any store read ``undef``.
"""
from __future__ import annotations

from ..ir.cfg import DomTree, remove_unreachable
from ..ir.core import Const, Function, Instr, Undef


def _promotable(a: Instr):
    if not isinstance(a.args[0], Const):
        return None
    ty = None
    for u in a.users:
        if u.extra is not None and u.op in ("load", "store"):
            return None     # volatile or atomic
        if u.op == "load":
            t = u.type
        elif u.op == "store" and u.args[1] is a and u.args[0] is not a:
            t = u.args[0].type
        else:
            return None
        if ty is None:
            ty = t
        elif t is not ty:
            return None
    if ty is None:
        return "unused"
    if ty.size != a.args[0].value or ty.bits == 80:
        return None
    return ty


def mem2reg(f: Function) -> bool:
    remove_unreachable(f)
    allocas = {}
    dead = []
    for ins in f.entry.instrs:
        if ins.op == "alloca":
            t = _promotable(ins)
            if t == "unused":
                dead.append(ins)
            elif t is not None:
                allocas[ins] = t
    for a in dead:
        a.erase()
    if not allocas:
        return bool(dead)
    dom = DomTree(f)
    df = dom.frontiers()
    # phi placement
    phi_of = {}          # phi Instr -> alloca
    for a, ty in allocas.items():
        def_blocks = {u.block for u in a.users if u.op == "store"}
        work = list(def_blocks)
        placed = set()
        while work:
            b = work.pop()
            for y in df.get(b, ()):
                if y not in placed:
                    placed.add(y)
                    phi = Instr("phi", ty, name=f.fresh("m"))
                    y.insert(0, phi)
                    phi_of[phi] = a
                    if y not in def_blocks:
                        work.append(y)
    # renaming along the dominator tree: a block starts from its idom's final state
    stack = [(dom.rpo[0], {a: Undef(t) for a, t in allocas.items()})]
    while stack:
        b, state = stack.pop()
        state = dict(state)
        for ins in list(b.instrs):
            if ins.op == "phi":
                a = phi_of.get(ins)
                if a is not None:
                    state[a] = ins
            elif ins.op == "load" and ins.args[0] in allocas:
                ins.replace_all_uses(state[ins.args[0]])
                ins.erase()
            elif ins.op == "store" and ins.args[1] in allocas:
                state[ins.args[1]] = ins.args[0]
                ins.erase()
        for s in b.succs:
            for phi in s.phis():
                a = phi_of.get(phi)
                if a is not None:
                    phi.add_incoming(state[a], b)
        for c in dom.children[b]:
            stack.append((c, state))
    for a in allocas:
        a.erase()
    return True

