"""CFG simplification: drop unreachable blocks, turn ``br c, X, X`` into ``jmp X``, merge a
block into its only predecessor when that predecessor jumps only to it, and bypass empty
blocks that only jump elsewhere."""
from __future__ import annotations

from ..ir import types as T
from ..ir.cfg import remove_unreachable
from ..ir.core import Function, Instr


def _blockaddr_taken(f: Function) -> set:
    return {i.targets[0] for i in f.instructions() if i.op == "blockaddr"}


def simplifycfg(f: Function) -> bool:
    changed = remove_unreachable(f)
    again = True
    while again:
        again = False
        taken = _blockaddr_taken(f)
        for b in f.blocks:
            t = b.terminator
            if t is not None and t.op == "br" and t.targets[0] is t.targets[1]:
                t.erase()
                b.append(Instr("jmp", T.VOID, targets=[t.targets[0]]))
                again = True
        preds = f.preds()
        # merge S into B when B -> S is B's only edge and S's only predecessor
        for b in list(f.blocks):
            if b.func is None:
                continue
            t = b.terminator
            if t is None or t.op != "jmp":
                continue
            s = t.targets[0]
            if s is b or s is f.entry or len(preds[s]) != 1 or s in taken:
                continue
            for phi in list(s.phis()):
                phi.replace_all_uses(phi.args[0])
                phi.erase()
            t.erase()
            for ins in s.instrs:
                ins.block = b
                b.instrs.append(ins)
            s.instrs = []
            for succ in b.succs:
                for phi in succ.phis():
                    phi.targets = [b if x is s else x for x in phi.targets]
            f.blocks.remove(s)
            s.func = None
            preds = f.preds()
            again = True
        # bypass empty blocks: B = { jmp S } with no phis
        for b in list(f.blocks):
            if b is f.entry or len(b.instrs) != 1 or b.instrs[0].op != "jmp" or b in taken:
                continue
            s = b.instrs[0].targets[0]
            if s is b:
                continue
            s_phis = list(s.phis())
            ok = True
            for p in preds[b]:
                pt = p.terminator
                if pt.op in ("indirectbr",):
                    ok = False
                if s_phis and (p in preds[s]):
                    # p already reaches s: only fine if the phi values agree
                    for phi in s_phis:
                        vb = phi.args[phi.targets.index(b)]
                        vp = phi.args[phi.targets.index(p)]
                        if vb is not vp:
                            ok = False
            if not ok or not preds[b]:
                continue
            for p in preds[b]:
                pt = p.terminator
                already = p in preds[s]
                pt.targets = [s if x is b else x for x in pt.targets]
                for phi in s_phis:
                    vb = phi.args[phi.targets.index(b)]
                    if not already:
                        phi.add_incoming(vb, p)
            for phi in s_phis:
                phi.remove_incoming(b)
            b.instrs[0].erase()
            f.blocks.remove(b)
            b.func = None
            changed = again = True
            preds = f.preds()
        changed |= again
    return changed
