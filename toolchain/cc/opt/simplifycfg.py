"""CFG simplification: drop unreachable blocks, turn ``br c, X, X`` into ``jmp X``, merge a
block into its only predecessor when that predecessor jumps only to it, and bypass empty
blocks that only jump elsewhere. Predecessor lists are maintained incrementally (linear in
the function size per round)."""
from __future__ import annotations

from ..ir import types as T
from ..ir.cfg import remove_unreachable
from ..ir.core import Function, Instr


def _blockaddr_taken(f: Function) -> set:
    return {i.targets[0] for i in f.instructions() if i.op == "blockaddr"}


def _round(f: Function, taken: set) -> bool:
    changed = False
    for b in f.blocks:
        t = b.terminator
        if t is not None and t.op == "br" and t.targets[0] is t.targets[1]:
            t.erase()
            b.append(Instr("jmp", T.VOID, targets=[t.targets[0]])).loc = t.loc
            changed = True
    preds = f.preds()
    removed = set()
    # merge S into B when B -> S is B's only edge and S's only predecessor
    for b in f.blocks:
        if b in removed:
            continue
        while True:
            t = b.terminator
            if t is None or t.op != "jmp":
                break
            s = t.targets[0]
            if s is b or s is f.entry or len(preds[s]) != 1 or s in taken:
                break
            for phi in list(s.phis()):
                phi.replace_all_uses(phi.args[0])
                phi.erase()
            t.erase()
            for ins in s.instrs:
                ins.block = b
                b.instrs.append(ins)
            s.instrs = []
            for succ in b.succs:
                preds[succ] = [b if x is s else x for x in preds[succ]]
                for phi in succ.phis():
                    phi.targets = [b if x is s else x for x in phi.targets]
            removed.add(s)
            del preds[s]
            s.func = None
            changed = True
    # bypass empty blocks: B = { jmp S } with no phis
    for b in f.blocks:
        if b in removed or b is f.entry or len(b.instrs) != 1 or b.instrs[0].op != "jmp" \
                or b in taken:
            continue
        s = b.instrs[0].targets[0]
        if s is b or not preds[b]:
            continue
        s_phis = list(s.phis())
        ok = True
        for p in preds[b]:
            if p.terminator.op == "indirectbr":
                ok = False
                break
            if s_phis and p in preds[s]:
                # p already reaches s: only fine if the phi values agree
                for phi in s_phis:
                    if phi.args[phi.targets.index(b)] is not phi.args[phi.targets.index(p)]:
                        ok = False
                        break
            if not ok:
                break
        if not ok:
            continue
        for p in preds[b]:
            pt = p.terminator
            already = p in preds[s]
            pt.targets = [s if x is b else x for x in pt.targets]
            if not already:
                for phi in s_phis:
                    phi.add_incoming(phi.args[phi.targets.index(b)], p)
                preds[s].append(p)
        for phi in s_phis:
            phi.remove_incoming(b)
        preds[s].remove(b)
        b.instrs[0].erase()
        removed.add(b)
        del preds[b]
        b.func = None
        changed = True
    if removed:
        f.blocks = [b for b in f.blocks if b not in removed]
    return changed


def simplifycfg(f: Function) -> bool:
    changed = remove_unreachable(f)
    taken = _blockaddr_taken(f)
    for _ in range(16):
        if not _round(f, taken):
            break
        changed = True
    return changed
