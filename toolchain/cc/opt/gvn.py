"""Dominator-scoped value numbering (common-subexpression elimination) of pure instructions.

Walks the dominator tree keeping a scoped table from (opcode, type, predicate, operands) to
the first instruction computing it; a later identical instruction in a dominated position is
replaced by it. Commutative operations are keyed with sorted operands. Loads, calls and
everything with side effects are left alone (memory is not modelled yet).
"""
from __future__ import annotations

from ..ir.cfg import DomTree
from ..ir.core import BINOPS, CASTS, COMMUTATIVE, Const, Function, Instr, SymRef, UNOPS, Undef

PURE = BINOPS | UNOPS | CASTS | frozenset(("icmp", "fcmp", "select", "ptradd", "copy"))


def _operand_key(v):
    c = v.__class__         # (none of these classes has subclasses)
    if c is Instr:
        return ("v", id(v))
    if c is Const:
        return ("c", v.type.name, repr(v.value))
    if c is SymRef:
        return ("s", v.name)
    if c is Undef:
        return ("u", id(v))      # every undef may differ
    return ("v", id(v))


def _key(ins):
    ops = [_operand_key(a) for a in ins.args]
    if ins.op in COMMUTATIVE:
        ops.sort()
    return (ins.op, ins.type.name, ins.pred, tuple(ops))


def gvn(f: Function) -> bool:
    dom = DomTree.of(f)
    changed = False
    table: dict = {}
    # iterative preorder walk with explicit scope undo lists
    stack = [(dom.rpo[0], False)]
    undo_stack = []
    while stack:
        b, leaving = stack.pop()
        if leaving:
            for k, old in undo_stack.pop():
                if old is None:
                    del table[k]
                else:
                    table[k] = old
            continue
        undo = []
        for ins in list(b.instrs):
            if ins.op not in PURE:
                continue
            k = _key(ins)
            prev = table.get(k)
            if prev is not None:
                ins.replace_all_uses(prev)
                ins.erase()
                changed = True
            else:
                undo.append((k, None))
                table[k] = ins
        undo_stack.append(undo)
        stack.append((b, True))
        for c in reversed(dom.children[b]):
            stack.append((c, False))
    return changed
