"""Copy propagation: ``copy`` instructions, ``bitcast`` to the same type, and phis whose
incoming values are all one value (or the phi itself) are replaced by that value."""
from __future__ import annotations

from ..ir.core import Function


def copyprop(f: Function) -> bool:
    changed = False
    again = True
    while again:
        again = False
        for b in f.blocks:
            for ins in list(b.instrs):
                if ins.block is None:
                    continue
                r = None
                if ins.op == "copy":
                    r = ins.args[0]
                elif ins.op == "phi":
                    vals = {id(v): v for v in ins.args if v is not ins}
                    if len(vals) == 1:
                        r = next(iter(vals.values()))
                if r is not None and r is not ins:
                    ins.replace_all_uses(r)
                    ins.erase()
                    changed = again = True
    return changed
