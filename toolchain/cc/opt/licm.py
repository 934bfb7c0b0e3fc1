"""Loop-invariant code motion of pure, non-trapping instructions.

Natural loops come from back edges (a branch to a block that dominates it). Each loop gets a
preheader (an existing single-successor predecessor outside the loop, or a new block taking
over the outside edges and their phi inputs). An instruction inside the loop is hoisted to the
preheader when it is pure, cannot trap (integer division only by a constant other than 0 and
-1) and every operand is defined outside the loop.

A non-volatile ``load`` is hoisted too when nothing in the loop may write what it reads
(``memfwd``'s aliasing: stores and ``memcpy``/``memset`` that may overlap; calls, asm and
atomics write everything but non-escaping allocas) and its block dominates every block that
leaves the loop (so it ran on every entry of the loop anyway and cannot add a fault).
"""
from __future__ import annotations

from ..ir import types as T
from ..ir.cfg import DomTree, edge_targets
from ..ir.core import Block, Const, Function, Instr
from .gvn import PURE
from .memfwd import _CLOBBER_ALL, _may_alias, _nonescaping, _root, _Loc

_DIVS = frozenset(("sdiv", "udiv", "srem", "urem"))


def _loops(f: Function, dom: DomTree):
    """[(header, set of blocks)] for every loop (back edges to one header merged). Kept with
    ``dom`` (a tree ``DomTree.of`` gives back is of an unchanged CFG): licm re-asks after each
    hoist, ivsr after licm; the callers do not change the list or the sets."""
    loops = dom.memo.get("loops")
    if loops is None:
        loops = dom.memo["loops"] = _find_loops(dom)
    return loops


def _find_loops(dom: DomTree):
    bodies = {}
    index = dom.index
    for b in dom.rpo:
        i = index[b]
        for s in edge_targets(b):       # a repeated edge adds nothing to the body
            # a dominator comes first in reverse postorder: only edges back are tested
            if index.get(s, i + 1) <= i and dom.dominates(s, b):
                body = bodies.setdefault(s, {s})
                work = [b]
                while work:
                    x = work.pop()
                    if x in body:
                        continue
                    body.add(x)
                    work.extend(p for p in dom.preds[x] if p in dom.index)
    return list(bodies.items())


def _preheader(f: Function, h: Block, body: set, preds) -> Block | None:
    outside = [p for p in preds[h] if p not in body]
    if not outside:
        return None
    if len(outside) == 1 and len(outside[0].succs) == 1 and outside[0].terminator.op == "jmp":
        return outside[0]
    if any(p.terminator.op == "indirectbr" for p in outside):
        return None
    ph = Block(f.fresh("preheader"))
    ph.func = f
    f.blocks.insert(f.blocks.index(h), ph)
    for p in outside:
        t = p.terminator
        t.targets = [ph if x is h else x for x in t.targets]
    for phi in list(h.phis()):
        vals = [(v, b) for v, b in zip(phi.args, phi.targets) if b not in body]
        for _, b in vals:
            phi.remove_incoming(b)
        if len({id(v) for v, _ in vals}) == 1:
            v = vals[0][0]
        else:
            v = Instr("phi", phi.type, name=f.fresh("ph"))
            for val, b in vals:
                v.add_incoming(val, b)
            ph.insert(sum(1 for _ in ph.phis()), v)
        phi.add_incoming(v, ph)
    ph.append(Instr("jmp", T.VOID, targets=[h]))
    return ph


def _can_hoist(ins: Instr) -> bool:
    if ins.op not in PURE:
        return False
    if ins.op in _DIVS:
        d = ins.args[1]
        return isinstance(d, Const) and d.value != 0 and d.signed != -1
    return True


def _invariant_loads(f: Function, dom: DomTree, body: set, private) -> list:
    """Loads of the loop that no write in the loop may change and that run on every pass."""
    exiting = [b for b in body if any(s not in body for s in b.succs)]
    if not exiting:
        return []
    writes, all_mem = [], False
    loads = []
    for b in body:
        for ins in b.instrs:
            op = ins.op
            if op == "store":
                r, off = _root(ins.args[1])
                writes.append((r, off, ins.args[0].type.size))
            elif op in ("memcpy", "memset"):
                r, off = _root(ins.args[0])
                n = ins.args[2]
                writes.append((r, off, n.value if isinstance(n, Const) else None))
            elif op in _CLOBBER_ALL or op == "load" and ins.extra is not None:
                all_mem = True
            elif op == "load" and all(dom.dominates(b, e) for e in exiting):
                loads.append(ins)
    out = []
    for ld in loads:
        r, off = _root(ld.args[0])
        if all_mem and r not in private:
            continue
        loc = _Loc(r, off, ld.type, None)
        if any(_may_alias(loc, wr, wo, ws, private) for wr, wo, ws in writes):
            continue
        out.append(ld)
    return out


def _hoist_one(f: Function, dom: DomTree, h: Block, body: set, private=None) -> bool:
    cands = [i for b in dom.rpo if b in body for i in b.instrs if _can_hoist(i)]
    if private is not None:
        cands += _invariant_loads(f, dom, body, private)
    if not cands:
        return False
    inloop = {i for b in body for i in b.instrs}
    hoist = []
    moved = set()
    progress = True
    while progress:
        progress = False
        for ins in cands:
            if ins in moved:
                continue
            if all(not isinstance(a, Instr) or a not in inloop or a in moved for a in ins.args):
                hoist.append(ins)
                moved.add(ins)
                progress = True
    if not hoist:
        return False
    ph = _preheader(f, h, body, dom.preds)
    if ph is None:
        return False
    for ins in hoist:
        ins.block.instrs.remove(ins)
        ph.insert_before_terminator(ins)
    return True


def licm(f: Function, hoist_loads: bool = False) -> bool:
    changed = False
    done = set()
    private = _nonescaping(f) if hoist_loads else None
    while True:
        dom = DomTree.of(f)
        # innermost (smallest) loops first; the CFG is re-analysed after every change
        todo = [(h, body) for h, body in sorted(_loops(f, dom), key=lambda lb: len(lb[1]))
                if h not in done and h is not f.entry]
        if not todo:
            return changed
        for h, body in todo:
            done.add(h)
            if _hoist_one(f, dom, h, body, private):
                changed = True
                break
        else:
            return changed


def licm_loads(f: Function) -> bool:
    """licm that also hoists invariant loads (-O2 and up)."""
    return licm(f, True)
