"""CFG analyses: reverse postorder, dominator tree, dominance frontiers, critical edges."""
from __future__ import annotations

from .core import TERMINATORS, Block, Function, Instr
from . import types as T

_NONE = ()


def edge_targets(b: Block):
    """The terminator's targets, repeats included (``succs`` without building a list: the
    walks below skip what they have seen, so repeats change nothing)."""
    ins = b.instrs
    if ins:
        t = ins[-1]
        if t.op in TERMINATORS:
            return t.targets
    return _NONE


def reverse_postorder(f: Function) -> list[Block]:
    seen = set()
    order = []
    stack = [(f.entry, iter(edge_targets(f.entry)))]
    seen.add(f.entry)
    while stack:
        b, it = stack[-1]
        for s in it:
            if s not in seen:
                seen.add(s)
                stack.append((s, iter(edge_targets(s))))
                break
        else:
            stack.pop()
            order.append(b)
    order.reverse()
    return order


_LAST = [None]      # (function, edge signature, DomTree) of the last DomTree.of


def forget_dom_tree() -> None:
    """Drop the remembered tree (at the end of a function's pipeline: its blocks go free)."""
    _LAST[0] = None


class DomTree:
    """Immediate dominators (Cooper, Harvey and Kennedy's iterative algorithm) over the blocks
    reachable from the entry."""
    __slots__ = ("idom", "rpo", "index", "children", "preds", "_pre", "_post", "memo")

    def __init__(self, f: Function):
        self.rpo = reverse_postorder(f)
        self.index = {b: i for i, b in enumerate(self.rpo)}
        self.preds = f.preds()
        idom = {f.entry: f.entry}
        changed = True
        while changed:
            changed = False
            for b in self.rpo[1:]:
                new = None
                for p in self.preds[b]:
                    if p in idom:
                        new = p if new is None else self._intersect(p, new, idom)
                if new is not None and idom.get(b) is not new:
                    idom[b] = new
                    changed = True
        self.idom = idom
        self.children = {b: [] for b in self.rpo}
        for b in self.rpo[1:]:
            self.children[idom[b]].append(b)
        self._pre = None
        self._post = None
        self.memo = {}      # analyses of this CFG kept with it (opt/licm.py: the loops)

    @classmethod
    def of(cls, f: Function) -> "DomTree":
        """The dominator tree of ``f``, reused while the function's edges are what they were
        when it was built (the optimiser's passes ask for it again and again between CFG
        changes). One function is remembered: the passes run a function at a time."""
        sig = [f.entry]
        add, ext = sig.append, sig.extend
        for b in f.blocks:      # the edges, repeats included (a rebuild on them is harmless)
            add(b)
            ins = b.instrs
            if ins and ins[-1].op in TERMINATORS:
                ext(ins[-1].targets)
            add(None)
        last = _LAST[0]
        if last is not None and last[0] is f and last[1] == sig:
            return last[2]
        dt = cls(f)
        _LAST[0] = (f, sig, dt)
        return dt

    def _number(self):
        pre, post = {}, {}
        n = 0
        stack = [(self.rpo[0], False)]
        while stack:
            b, done = stack.pop()
            if done:
                post[b] = n
                n += 1
                continue
            pre[b] = n
            n += 1
            stack.append((b, True))
            for c in reversed(self.children[b]):
                stack.append((c, False))
        self._pre, self._post = pre, post

    def _intersect(self, a, b, idom):
        ix = self.index
        while a is not b:
            while ix[a] > ix[b]:
                a = idom[a]
            while ix[b] > ix[a]:
                b = idom[b]
        return a

    def reachable(self, b: Block) -> bool:
        return b in self.index

    def dominates(self, a: Block, b: Block) -> bool:
        """Does block a dominate block b (reflexive)?"""
        if b not in self.idom:
            return True     # unreachable code: anything goes
        if a is b:
            return True
        if a not in self.idom:
            return False
        if self._pre is None:
            self._number()
        pre, post = self._pre, self._post
        return pre[a] <= pre[b] and post[b] <= post[a]

    def frontiers(self) -> dict:
        df = {b: set() for b in self.rpo}
        for b in self.rpo:
            ps = [p for p in self.preds[b] if p in self.idom]
            if len(ps) >= 2:
                for p in ps:
                    r = p
                    while r is not self.idom[b]:
                        df[r].add(b)
                        r = self.idom[r]
        return df

    def preorder(self) -> list[Block]:
        out = []
        stack = [self.rpo[0]]
        while stack:
            b = stack.pop()
            out.append(b)
            stack.extend(reversed(self.children[b]))
        return out


def split_critical_edges(f: Function, into_phis: bool = False) -> int:
    """Insert an empty block on every edge from a block with several successors to a block
    with several predecessors. Returns the number of blocks added.

    ``into_phis``: split instead every edge from a multi-way terminator into a block that has
    phis, whatever its number of predecessors (a back end that materialises phi sources
    before the terminator needs a block of its own for each such edge)."""
    preds = f.preds()
    n = 0
    for b in list(f.blocks):
        t = b.terminator
        if t is None or (len(t.targets) if into_phis else len(b.succs)) < 2:
            continue
        if t.op == "indirectbr":
            continue        # cannot split: the address names the target block
        for s in list(dict.fromkeys(t.targets)):
            if into_phis:
                if next(s.phis(), None) is None:
                    continue
            elif len(preds[s]) < 2:
                continue
            mid = Block(f.fresh("edge" if into_phis else "split"))
            mid.func = f
            f.blocks.insert(f.blocks.index(b) + 1, mid)
            mid.append(Instr("jmp", T.VOID, targets=[s]))
            t.targets = [mid if x is s else x for x in t.targets]
            for phi in s.phis():
                phi.targets = [mid if x is b else x for x in phi.targets]
            preds[s] = [mid if x is b else x for x in preds[s]]
            n += 1
    return n


def remove_unreachable(f: Function) -> bool:
    """Delete blocks not reachable from the entry (fixing phis of their successors)."""
    reach = {f.entry}
    work = [f.entry]
    while work:
        for s in edge_targets(work.pop()):
            if s not in reach:
                reach.add(s)
                work.append(s)
    dead = [b for b in f.blocks if b not in reach]
    if not dead:
        return False
    for b in dead:
        for s in b.succs:
            if s in reach:
                for phi in list(s.phis()):
                    while b in phi.targets:
                        phi.remove_incoming(b)
    for b in dead:
        for i in b.instrs:
            i.drop_operands()
    for b in dead:
        for i in b.instrs:
            if i.users:
                from .core import Undef
                i.replace_all_uses(Undef(i.type))
            i.block = None
        b.instrs = []
    f.blocks = [b for b in f.blocks if b in reach]
    return True
