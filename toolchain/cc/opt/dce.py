"""Dead-code elimination by marking: instructions with side effects are live, and so is every
operand of a live instruction; the rest (including dead phi cycles) is deleted. Stores into a
local (``alloca``) that nothing else uses (never read, address never passed on: what is left
once loads are forwarded) are deleted first."""
from __future__ import annotations

from ..ir.core import SIDE_EFFECTS, Function, Instr


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
            op = ins.op     # Instr.has_side_effects, or va_arg
            if op in SIDE_EFFECTS or op == "va_arg" or op == "load" and ins.extra is not None:
                live.add(ins)
                work.append(ins)
    while work:
        ins = work.pop()
        for a in ins.args:
            if a.__class__ is Instr and a not in live:
                live.add(a)
                work.append(a)
    dead = [i for b in f.blocks for i in b.instrs if i not in live]
    if not dead:
        return changed
    for i in dead:
        i.drop_operands()
    for b in f.blocks:      # each block filtered once (not a list.remove per instruction)
        instrs = b.instrs
        keep = [i for i in instrs if i in live]
        if len(keep) != len(instrs):
            instrs[:] = keep
    for i in dead:
        i.block = None
    return True
