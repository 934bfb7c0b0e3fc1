"""Tail-recursion elimination: ``%r = call @self(args); ret %r`` becomes a jump back to the
top of the function with the parameters as phis (a loop), as gcc does from -O2.

Only when the frame cannot be seen by the recursive call: every alloca is of constant size in
the entry block and never escapes (``memfwd._nonescaping``), the function is not variadic,
and the call passes nothing by value or through ``sret``. The entry block keeps the allocas
and jumps to a new loop header holding the rest of the old entry block.
"""
from __future__ import annotations

from ..ir import types as T
from ..ir.clone import split_block
from ..ir.core import Const, Function, Instr, SymRef
from .memfwd import _nonescaping


def _tail_calls(f: Function) -> list:
    out = []
    for b in f.blocks:
        t = b.terminator
        if t is None or t.op != "ret" or len(b.instrs) < 2:
            continue
        c = b.instrs[-2]
        if c.op != "call" or type(c.args[0]) is not SymRef or c.args[0].name != f.name:
            continue
        info = c.extra
        if getattr(info, "byval", None) or getattr(info, "sret", None) is not None \
                or getattr(info, "nfixed", None) is not None:
            continue
        if len(c.args) - 1 != len(f.params) \
                or any(a.type is not p.type for a, p in zip(c.args[1:], f.params)):
            continue
        if t.args and (t.args[0] is not c or t.extra is not None):
            continue
        if not t.args and not c.type.is_void:
            continue
        out.append(c)
    return out


def tailrec(f: Function) -> bool:
    if f.varargs or "nonlocal_target" in f.attrs or any(p.byval is not None for p in f.params):
        return False
    calls = _tail_calls(f)
    if not calls:
        return False
    allocas = [i for b in f.blocks for i in b.instrs if i.op == "alloca"]
    if any(a.block is not f.entry or not isinstance(a.args[0], Const) for a in allocas):
        return False
    if len(_nonescaping(f)) != len(allocas):
        return False
    if any(i.op in ("va_start", "stacksave", "frameaddress", "returnaddress")
           for b in f.blocks for i in b.instrs):
        return False
    entry = f.entry
    head = split_block(f, entry, [i for i in entry.instrs if i.op != "alloca"], "tailrec")
    entry.append(Instr("jmp", T.VOID, targets=[head]))
    phis = []
    for p in f.params:
        phi = Instr("phi", p.type, name=f.fresh("tr"))
        p.replace_all_uses(phi)
        phi.add_incoming(p, entry)
        phis.append(phi)
    for k, phi in enumerate(phis):
        head.insert(k, phi)
    for c in calls:
        b = c.block
        for phi, a in zip(phis, c.args[1:]):
            phi.add_incoming(a, b)
        b.instrs[-1].erase()
        c.erase()
        b.append(Instr("jmp", T.VOID, targets=[head])).loc = c.loc      # -g: the call's
    return True
