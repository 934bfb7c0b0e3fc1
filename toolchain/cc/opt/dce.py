"""Dead-code elimination by marking: instructions with side effects are live, and so is every
operand of a live instruction; the rest (including dead phi cycles) is deleted. Stores into a
local (``alloca``) that nothing else uses (never read, address never passed on: what is left
once loads are forwarded) are deleted first."""
from __future__ import annotations

from ..ir.core import Function, Instr


def _write_only_locals(f: Function) -> bool:
    changed = False
    for b in f.blocks:
        for a in b.instrs:
            if a.op == "alloca" and a.users and all(
                    u.op == "store" and u.args[1] is a and u.args[0] is not a and u.extra is None
                    for u in a.users):
                for u in list(a.users):
                    u.erase()
                changed = True
    return changed


def dce(f: Function) -> bool:
    changed = _write_only_locals(f)
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
    return bool(dead) or changed
