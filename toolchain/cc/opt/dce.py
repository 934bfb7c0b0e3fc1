"""Dead-code elimination by marking: instructions with side effects are live, and so is every
operand of a live instruction; the rest (including dead phi cycles) is deleted."""
from __future__ import annotations

from ..ir.core import Function, Instr


def dce(f: Function) -> bool:
    live = set()
    work = []
    for b in f.blocks:
        for ins in b.instrs:
            if ins.has_side_effects or ins.op in ("va_arg",):
                live.add(ins)
                work.append(ins)
    while work:
        ins = work.pop()
        for a in ins.args:
            if isinstance(a, Instr) and a not in live:
                live.add(a)
                work.append(a)
    dead = [i for b in f.blocks for i in b.instrs if i not in live]
    for i in dead:
        i.drop_operands()
    for i in dead:
        i.block.instrs.remove(i)
        i.block = None
    return bool(dead)
