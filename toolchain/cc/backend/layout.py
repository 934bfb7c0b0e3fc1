"""Block layout after register allocation, target independent (hooks: ``jump_target``,
``branch_target``, ``invert_branch``, ``make_jump``):

- jump threading: branches to blocks that only jump elsewhere go to the final target;
- tail duplication: ``jump X`` becomes a copy of X when X is a few instructions ending the
  path (loop conditions, the return), unreachable blocks are dropped;
- chains: blocks reordered so that jumps reach their target's block next (``order_chains``);
- fall-through: a jump to the next block is deleted; ``bcc next; jump X`` becomes
  ``b!cc X`` (branch inversion).

Jump tables are ``mf.extra["jumptables"]``: [(label, [block labels])]. A label referenced by
an operand with a ``sym`` attribute (a block address) keeps its block.
"""
from __future__ import annotations

from .mir import Imm, MFunction, ROp, Sym

_PLAIN = (ROp, Imm)     # operand types that name no label (the walks below skip them first)


def _label_refs(mi):
    for o in mi.ops:
        if isinstance(o, Sym):
            yield o.name
        else:
            s = getattr(o, "sym", None)
            if isinstance(s, str):
                yield s


def thread_jumps(mf: MFunction, be) -> None:
    """Retarget branches to blocks that only jump elsewhere, and drop those blocks."""
    blocks = mf.blocks
    fwd = {}
    jt = be.jump_target
    for b in blocks[1:]:
        if len(b.instrs) == 1:
            t = jt(b.instrs[0])
            if t is not None:
                fwd[b.label] = t
    if not fwd:
        return

    def final(lab):
        seen = set()
        while lab in fwd and lab not in seen:
            seen.add(lab)
            lab = fwd[lab]
        return lab

    referenced = set()
    for lab, table in mf.extra.get("jumptables", ()):
        table[:] = [final(x) for x in table]
        referenced.update(table)
    plain = _PLAIN
    for b in blocks:
        for mi in b.instrs:
            isbr = "b" in mi.flags
            for k, o in enumerate(mi.ops):
                if type(o) in plain:
                    continue
                if isinstance(o, Sym):
                    if isbr:
                        mi.ops[k] = o = Sym(final(o.name), o.reloc)
                        referenced.add(o.name)
                else:
                    s = getattr(o, "sym", None)
                    if isinstance(s, str):
                        referenced.add(s)
    mf.blocks = [b for i, b in enumerate(blocks)
                 if i == 0 or b.label not in fwd or b.label in referenced]


def duplicate_small_tails(mf: MFunction, be, limit: int = 4) -> None:
    """Replace ``jump X`` by a copy of X when X is a few instructions ending in jumps or the
    return: one taken branch less on the path. Blocks no longer reached are dropped."""
    orig = {b.label: b.instrs for b in mf.blocks}
    jt = be.jump_target
    for b in mf.blocks:
        if not b.instrs:
            continue
        t = jt(b.instrs[-1])
        if t is None:
            continue
        xi = orig.get(t)
        if xi is None or xi is orig[b.label] or not xi or len(xi) > limit:
            continue
        if "t" not in xi[-1].flags or any("c" in mi.flags or mi.op == "asm" for mi in xi):
            continue
        b.instrs = b.instrs[:-1] + list(xi)
    # keep the blocks reachable from the entry (and every address-taken label)
    by_label = {b.label: b for b in mf.blocks}
    index = {b.label: i for i, b in enumerate(mf.blocks)}
    roots = {mf.blocks[0].label}
    for _, table in mf.extra.get("jumptables", ()):
        roots.update(table)
    plain = _PLAIN
    for b in mf.blocks:
        for mi in b.instrs:
            for o in mi.ops:
                if type(o) in plain:
                    continue
                s = getattr(o, "sym", None) if not isinstance(o, Sym) else None
                if isinstance(s, str) and s in by_label:
                    roots.add(s)
    seen = set()
    work = list(roots)
    while work:
        lab = work.pop()
        if lab in seen or lab not in by_label:
            continue
        seen.add(lab)
        blk = by_label[lab]
        for mi in blk.instrs:
            for o in mi.ops:
                if type(o) in plain:
                    continue
                if isinstance(o, Sym) and o.name in by_label:
                    work.append(o.name)
        if not blk.instrs or "t" not in blk.instrs[-1].flags:
            i = index[lab]
            if i + 1 < len(mf.blocks):
                work.append(mf.blocks[i + 1].label)
    mf.blocks = [b for b in mf.blocks if b.label in seen]


def order_chains(mf: MFunction, be) -> None:
    """Reorder blocks so that more jumps fall through: after each block comes, when it is not
    placed yet, its original next block if that is one of its successors, otherwise the
    target of its final jump, otherwise of the conditional branch before it (``fall_through``
    then deletes or inverts). A block without a final jump keeps its original next block
    right after it; the entry stays first; blocks nobody prefers keep their original order."""
    blocks = mf.blocks
    if len(blocks) < 3:
        return
    jt, bt = be.jump_target, be.branch_target
    by_label = {b.label: b for b in blocks}
    index = {b: i for i, b in enumerate(blocks)}
    glued = {}                  # block -> the original next block it falls into
    for i, b in enumerate(blocks[:-1]):
        if not b.instrs or "t" not in b.instrs[-1].flags:
            glued[b] = blocks[i + 1]
    glued_to = set(glued.values())
    placed = set()
    order = []
    rest = iter(blocks)
    b = blocks[0]
    while b is not None:
        while True:
            order.append(b)
            placed.add(b)
            g = glued.get(b)
            if g is None:
                break
            b = g
        nxt = None
        ins = b.instrs
        t = jt(ins[-1]) if ins else None
        if t is not None:
            cands = [t]
            if len(ins) >= 2:
                a = bt(ins[-2])
                if a is not None:
                    cands.append(a)
            cands = [by_label[c] for c in cands if c in by_label]
            cands = [c for c in cands if c not in placed and c not in glued_to]
            i = index[b]
            orig = blocks[i + 1] if i < len(blocks) - 1 else None
            nxt = orig if orig in cands else (cands[0] if cands else None)
        if nxt is None:
            nxt = next((x for x in rest if x not in placed and x not in glued_to), None)
        b = nxt
    if len(order) == len(blocks):
        mf.blocks = order


def fall_through(mf: MFunction, be) -> None:
    """Delete jumps to the next block; ``bcc next; jump X`` -> ``b!cc X``."""
    blocks = mf.blocks
    jt = be.jump_target
    for bi, b in enumerate(blocks):
        nxt = blocks[bi + 1].label if bi + 1 < len(blocks) else None
        ins = b.instrs
        if not ins or nxt is None:
            continue
        if jt(ins[-1]) == nxt:
            ins.pop()
            continue
        if len(ins) >= 2:
            x = jt(ins[-1])
            if x is not None and be.branch_target(ins[-2]) == nxt:
                inv = be.invert_branch(ins[-2], x)
                if inv is not None:
                    ins[-2:] = [inv]


def layout_blocks(mf: MFunction, be) -> None:
    thread_jumps(mf, be)
    duplicate_small_tails(mf, be)
    order_chains(mf, be)
    fall_through(mf, be)
