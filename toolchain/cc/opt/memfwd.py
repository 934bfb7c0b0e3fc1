"""Store-to-load forwarding and redundant load elimination over extended basic blocks.

Blocks are visited in reverse postorder; a block with a single predecessor starts with what
that predecessor knew at its end, any other block with nothing. The state maps a location
(underlying object, constant byte offset, type) to the value last stored or loaded there. A
``load`` of a known location becomes that value; a ``store`` records its value after removing
every location it may overlap.

Aliasing (no type-based rules): the underlying object of an address is found through
``ptradd`` chains; allocas and global symbols are distinct objects; an alloca whose address
never escapes (used only as the address of loads and stores, through ``ptradd``, and as a
``memcpy``/``memset`` operand) cannot be reached through any other pointer, nor written by a
call. Calls, inline asm, atomics, fences and ``va_*`` forget everything else; ``memcpy`` and
``memset`` forget what may overlap their destination. Volatile and atomic accesses are never
forwarded or recorded. At most ``LIMIT`` locations are tracked per block (oldest dropped).
"""
from __future__ import annotations

from ..ir.cfg import DomTree
from ..ir.core import Const, Function, Instr, SymRef

LIMIT = 64
_CLOBBER_ALL = frozenset(("call", "asm", "atomicrmw", "cmpxchg", "fence", "va_start", "va_copy",
                          "va_arg", "va_end", "stackrestore", "nonlocal_goto", "trampoline_init"))


def _nonescaping(f: Function) -> set:
    out = set()
    for ins in f.entry.instrs:
        if ins.op != "alloca":
            continue
        ok = True
        work = [ins]
        seen = set()
        while work and ok:
            v = work.pop()
            if v in seen:
                continue
            seen.add(v)
            for u in v.users:
                op = u.op
                if op == "load":
                    continue
                if op == "store" and u.args[1] is v and u.args[0] is not v:
                    continue
                if op == "ptradd" and u.args[0] is v:
                    work.append(u)
                    continue
                if op in ("memcpy", "memset") and u.args[2] is not v:
                    continue
                if op == "icmp":
                    continue
                ok = False
                break
        if ok:
            out.add(ins)
    return out


def _root(p):
    """(object, offset or None): the alloca/symbol/other value an address is based on."""
    off = 0
    while isinstance(p, Instr) and p.op == "ptradd":
        a = p.args[1]
        if off is not None and isinstance(a, Const):
            off += a.signed
        else:
            off = None
        p = p.args[0]
    return p, off


def _ident(r) -> bool:
    return type(r) is SymRef or (isinstance(r, Instr) and r.op == "alloca")


def _same(r1, r2) -> bool:
    return r1 is r2 or (type(r1) is SymRef and type(r2) is SymRef and r1.name == r2.name)


class _Loc:
    __slots__ = ("root", "off", "size", "type", "value")

    def __init__(self, root, off, type_, value):
        self.root = root
        self.off = off
        self.size = type_.size
        self.type = type_
        self.value = value


def _may_alias(loc: _Loc, root, off, size, private: set) -> bool:
    if _same(loc.root, root):
        if loc.off is None or off is None or size is None:
            return True
        return loc.off < off + size and off < loc.off + loc.size
    if _ident(loc.root) and _ident(root):
        return False
    if loc.root in private or root in private:
        return False
    return True


def _find(state: list, root, off, ty):
    for loc in state:
        if loc.off == off and loc.type is ty and _same(loc.root, root):
            return loc
    return None


def _kill(state: list, root, off, size, private: set) -> list:
    return [loc for loc in state if not _may_alias(loc, root, off, size, private)]


def memfwd(f: Function) -> bool:
    private = _nonescaping(f)
    dom = DomTree.of(f)     # its rpo and preds (usually still gvn's tree; condprop's next)
    order = dom.rpo
    preds = dom.preds
    ends = {}
    changed = False
    for b in order:
        ps = preds.get(b, ())
        state = list(ends.get(ps[0], ())) if len(ps) == 1 else []
        for ins in list(b.instrs):
            op = ins.op
            if op == "load":
                if ins.extra is not None:
                    if ins.extra != "volatile":
                        state = [loc for loc in state if loc.root in private]
                    continue
                root, off = _root(ins.args[0])
                if off is not None:
                    loc = _find(state, root, off, ins.type)
                    if loc is not None:
                        ins.replace_all_uses(loc.value)
                        ins.erase()
                        changed = True
                        continue
                    state.append(_Loc(root, off, ins.type, ins))
            elif op == "store":
                v = ins.args[0]
                root, off = _root(ins.args[1])
                state = _kill(state, root, off, v.type.size, private)
                if ins.extra is None and off is not None:
                    state.append(_Loc(root, off, v.type, v))
            elif op in ("memcpy", "memset"):
                root, off = _root(ins.args[0])
                n = ins.args[2]
                state = _kill(state, root, off, n.value if isinstance(n, Const) else None,
                              private)
            elif op in _CLOBBER_ALL:
                state = [loc for loc in state if loc.root in private]
            if len(state) > LIMIT:
                del state[:len(state) - LIMIT]
        ends[b] = state
    return changed
