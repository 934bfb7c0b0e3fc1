"""Machine-IR clean-ups on virtual registers, before register allocation (-O1 and above).

``remove_dead_defs(mf, dead_if_unused)``: instruction selection materialises some values no
instruction ends up reading (an address computed for a user that folded it into its own
memory operand, a constant whose users took it as an immediate). An instruction whose only
effect is writing virtual registers nobody reads anywhere in the function is deleted, and
so, in turn, are the definitions only it read. The target says which instructions have no
other effect (``Backend.dead_if_unused(mi)``: no memory access, no flags, no implicit
registers); without that hook nothing is deleted. The use counts are function-wide, so the
rule holds whatever the control flow: a register never read is dead at every definition.
A deleted instruction's source position (-g) moves to the next instruction of its block.
"""
from __future__ import annotations


def remove_dead_defs(mf, dead_if_unused) -> int:
    """Delete the side-effect-free definitions of unread virtual registers; returns how many."""
    uses: dict = {}
    defs: dict = {}
    cand = []
    for b in mf.blocks:
        for mi in b.instrs:
            for r in mi.uses():
                if not r.phys:
                    uses[r.id] = uses.get(r.id, 0) + 1
            if dead_if_unused(mi):
                d = mi.ops[-1].reg
                if not d.phys:
                    defs.setdefault(d.id, []).append(mi)
                    cand.append(d.id)
    work = [r for r in cand if not uses.get(r)]
    dead = set()
    while work:
        rid = work.pop()
        for mi in defs.pop(rid, ()):
            dead.add(id(mi))
            for r in mi.uses():
                if not r.phys:
                    n = uses[r.id] - 1
                    uses[r.id] = n
                    if n == 0 and r.id in defs:
                        work.append(r.id)
    if not dead:
        return 0
    for b in mf.blocks:
        if any(id(mi) in dead for mi in b.instrs):
            b.instrs = kept_with_positions(b.instrs, lambda mi: id(mi) in dead)
    return len(dead)


def kept_with_positions(instrs, drop, marker=None) -> list:
    """The instructions for which ``drop(mi)`` is false (and that are not of the class
    ``marker``, when given); -g: a dropped instruction's source position goes to the next
    kept one without its own (the operation starting there must still start its source
    row)."""
    kept = []
    carry = None
    for mi in instrs:
        if type(mi) is marker or drop(mi):
            if mi.loc is not None and carry is None:
                carry = mi.loc
            continue
        if carry is not None:
            if mi.loc is None:
                mi.loc = carry
            carry = None
        kept.append(mi)
    return kept
