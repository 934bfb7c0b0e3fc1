"""mem2reg: promote scalar allocas whose address never escapes to SSA values.

An alloca is promotable when its size is constant, it sits in the entry block, and every use is
a non-volatile ``load`` from it or a non-volatile ``store`` *to* it, all of one scalar type whose
size equals the alloca's. The SSA form built is *pruned*: a phi for a variable goes only at the
blocks of the iterated dominance frontier of its storing blocks where the variable is live on
entry (a load reachable from the block start before any store), liveness being computed per
variable by a backward walk over the predecessors from the blocks with an upward-exposed load.
Values are then renamed along the dominator tree with one current value per variable and an
undo log (no per-block copies of the whole state); loads before any store read ``undef``.
"""
from __future__ import annotations

from ..ir.cfg import DomTree, remove_unreachable
from ..ir.core import Arg, Const, Function, Instr, Undef


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


def _live_in(uses: set, defs: set, preds: dict) -> set:
    """Blocks on whose entry the variable is live: those with an upward-exposed load, and
    (backwards) every predecessor of a live-in block that does not store the variable."""
    live = set(uses)
    work = list(uses)
    pop, push, add = work.pop, work.append, live.add
    while work:
        for p in preds[pop()]:
            if p not in live and p not in defs:
                add(p)
                push(p)
    return live


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
    dom = DomTree.of(f)
    index = dom.index
    # storing blocks and blocks with an upward-exposed load, per variable (one scan)
    defs = {a: set() for a in allocas}
    uses = {a: set() for a in allocas}
    for b in dom.rpo:
        stored = set()
        for ins in b.instrs:
            op = ins.op
            if op == "load":
                a = ins.args[0]
                if a in allocas and a not in stored:
                    uses[a].add(b)
            elif op == "store":
                a = ins.args[1]
                if a in allocas:
                    stored.add(a)
                    defs[a].add(b)
    # pruned phi placement: the iterated dominance frontier of the storing blocks, kept only
    # where the variable is live-in
    df = None
    phi_of = {}          # phi Instr -> alloca
    for a, ty in allocas.items():
        d = defs[a]
        if not uses[a] or not d:
            continue        # never read before a store in its block / never stored: no phis
        live = _live_in(uses[a], d, dom.preds)
        if df is None:
            df = dom.frontiers()
        work = list(d)
        seen = set()
        placed = []
        while work:
            for y in df[work.pop()]:
                if y not in seen:
                    seen.add(y)
                    if y in live:
                        placed.append(y)
                    if y not in d:
                        work.append(y)
        placed.sort(key=index.__getitem__)      # deterministic names
        for y in placed:
            phi = Instr("phi", ty, name=f.fresh("m"))
            y.insert(0, phi)
            phi_of[phi] = a
    # renaming along the dominator tree: cur holds each variable's value at the current point;
    # a block's changes are undone after its dominator subtree
    cur = {a: Undef(t) for a, t in allocas.items()}
    # -g: the value each store gives its variable, and whether it is the value computed
    # right before the store (toolchain.cc.debug.values)
    fd = getattr(f, "debug", None)
    stored = {} if fd is not None else None
    repl = {}           # -g: load -> the value replacing it (versions inlining recorded)
    stack = [(dom.rpo[0], None)]
    children = dom.children
    while stack:
        b, undo = stack.pop()
        if b is None:
            for a, v in reversed(undo):
                cur[a] = v
            continue
        log = []
        keep = []
        prev = None
        pend = None         # -g: stores whose next kept instruction is not known yet
        for ins in b.instrs:
            before, prev = prev, ins
            op = ins.op
            if op == "phi":
                a = phi_of.get(ins)
                if a is not None:
                    log.append((a, cur[a]))
                    cur[a] = ins
            elif op == "load":
                a = ins.args[0]
                if a in allocas:
                    ins.args = []           # the alloca's use list goes with the alloca
                    ins.block = None
                    ins.replace_all_uses(cur[a])
                    if stored is not None:
                        repl[ins] = cur[a]
                    continue
            elif op == "store":
                a = ins.args[1]
                if a in allocas:
                    v = ins.args[0]
                    if v.users is not None:
                        v.users.remove(ins)
                    ins.args = []
                    ins.block = None
                    log.append((a, cur[a]))
                    cur[a] = v
                    if stored is not None:
                        rec = [v, v is before or isinstance(v, Arg), None]
                        stored.setdefault(a, []).append(rec)
                        pend = (pend or []) + [rec]
                    continue
            keep.append(ins)
            if pend:
                for rec in pend:
                    rec[2] = ins
                pend = None
        if len(keep) != len(b.instrs):
            b.instrs = keep
        for s in b.succs:
            for phi in s.phis():
                a = phi_of.get(phi)
                if a is not None:
                    phi.add_incoming(cur[a], b)
        if log:
            stack.append((None, log))
        for c in children[b]:
            stack.append((c, None))
    if stored is not None:
        from ..debug.values import record_versions, replaced
        if repl and fd.values:
            replaced(fd, repl)
        record_versions(fd, stored, phi_of, dom.preds)
    for a in allocas:
        a.users = []
        a.erase()
    return True
