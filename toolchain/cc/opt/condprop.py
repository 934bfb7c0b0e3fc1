"""Condition propagation over the dominator tree (the part of jump threading and value-range
propagation that removes repeated and contradictory tests).

A block whose only predecessor ends in ``br %c, T, F`` (T != F) knows ``%c`` (true in T,
false in F); one whose only predecessor is a ``switch`` knows the value for its case. Below
that block in the dominator tree:

- uses of ``%c`` become the constant; an integer known equal to a constant (``x == 5`` held,
  ``x != 0`` failed, a switch case) is replaced by it;
- an ``icmp`` of the same two operands (either order, any predicate) is decided when the known
  relation implies or contradicts it: relations are sets of {less, equal, greater}, signed or
  unsigned (equality facts hold in both), so ``x < y`` then ``x > y`` is false and ``x == y``
  then ``x <= y`` (signed or unsigned) true.

Phi operands are left alone (they are used on the incoming edge, not in the block).
"""
from __future__ import annotations

from ..ir import types as T
from ..ir.cfg import DomTree
from ..ir.core import Const, Function, Instr
from .gvn import _operand_key

_L, _E, _G = 1, 2, 4
_ALL = _L | _E | _G
_SET = {"eq": _E, "ne": _L | _G, "slt": _L, "sle": _L | _E, "sgt": _G, "sge": _G | _E,
        "ult": _L, "ule": _L | _E, "ugt": _G, "uge": _G | _E}
_DOMAIN = {"eq": None, "ne": None, "slt": "s", "sle": "s", "sgt": "s", "sge": "s",
           "ult": "u", "ule": "u", "ugt": "u", "uge": "u"}


def _swap(s: int) -> int:
    return (s & _E) | (_L if s & _G else 0) | (_G if s & _L else 0)


def _project(s: int) -> int:
    """A relation in one signedness as seen from the other: only equality carries over."""
    if s == _E:
        return _E
    if not s & _E:
        return _L | _G
    return _ALL


class _State:
    __slots__ = ("rel", "val", "undo")

    def __init__(self):
        self.rel = {}       # (key a, key b) -> list of (domain, set)
        self.val = {}       # Value -> Const known equal
        self.undo = []

    def add_rel(self, a, b, dom, s):
        k = (_operand_key(a), _operand_key(b))
        lst = self.rel.setdefault(k, [])
        lst.append((dom, s))
        self.undo.append(("rel", k))

    def add_val(self, v, c):
        if isinstance(v, Const) or v in self.val:
            return
        self.val[v] = c
        self.undo.append(("val", v))

    def mark(self):
        return len(self.undo)

    def rollback(self, n):
        while len(self.undo) > n:
            kind, k = self.undo.pop()
            if kind == "rel":
                lst = self.rel[k]
                lst.pop()
                if not lst:
                    del self.rel[k]
            else:
                del self.val[k]

    def decide(self, pred, a, b):
        """True/False when the known relations decide ``icmp pred a, b``, else None."""
        qd = _DOMAIN[pred]
        possible = _ALL
        for (x, y), swap in (((a, b), False), ((b, a), True)):
            for dom, s in self.rel.get((_operand_key(x), _operand_key(y)), ()):
                if swap:
                    s = _swap(s)
                if dom is not None and qd is not None and dom != qd or dom is not None and qd is None:
                    s = _project(s)
                possible &= s
        q = _SET[pred]
        if possible & ~q == 0:
            return True
        if possible & q == 0:
            return False
        return None


def _learn(st: _State, cond, truth: bool) -> None:
    st.add_val(cond, Const(T.I1, 1 if truth else 0))
    if not isinstance(cond, Instr) or cond.op != "icmp":
        return
    a, b = cond.args
    s = _SET[cond.pred]
    if not truth:
        s = _ALL & ~s
    st.add_rel(a, b, _DOMAIN[cond.pred], s)
    if s == _E and a.type.is_int:
        if isinstance(b, Const):
            st.add_val(a, b)
        elif isinstance(a, Const):
            st.add_val(b, a)


def _edge_facts(st: _State, b, preds) -> None:
    ps = preds.get(b, ())
    if len(ps) != 1:
        return
    p = ps[0]
    t = p.terminator
    if t is None:
        return
    if t.op == "br" and t.targets[0] is not t.targets[1]:
        _learn(st, t.args[0], t.targets[0] is b)
    elif t.op == "switch" and t.targets.count(b) == 1 and t.targets[0] is not b:
        v = t.args[0]
        if v.type.is_int:
            c = t.extra[t.targets.index(b) - 1]
            st.add_val(v, Const(v.type, c))


def condprop(f: Function) -> bool:
    dom = DomTree.of(f)
    preds = dom.preds
    st = _State()
    changed = False
    stack = [(dom.rpo[0], None)]
    while stack:
        b, mark = stack.pop()
        if mark is not None:
            st.rollback(mark)
            continue
        m = st.mark()
        _edge_facts(st, b, preds)
        val = st.val
        # nothing known (the common case): nothing to rewrite in this block
        for ins in list(b.instrs) if val or st.rel else ():
            if ins.block is None or ins.op == "phi":
                continue
            if val:
                for i, a in enumerate(ins.args):
                    if a.__class__ is Const:
                        continue        # never a key (add_val keeps no constants)
                    c = val.get(a)
                    if c is not None and c.type is a.type:
                        ins.set_operand(i, c)
                        changed = True
            if ins.op == "icmp" and st.rel:
                r = st.decide(ins.pred, ins.args[0], ins.args[1])
                if r is not None:
                    ins.replace_all_uses(Const(T.I1, 1 if r else 0))
                    ins.erase()
                    changed = True
        stack.append((b, m))
        for c in reversed(dom.children[b]):
            stack.append((c, None))
    return changed
