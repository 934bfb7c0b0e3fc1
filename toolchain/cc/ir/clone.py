"""Copying IR: the blocks of one function into another (the inliner's clone step).

``clone_blocks(src, dst, vmap)`` copies every block of ``src`` into ``dst`` (appended to
``dst.blocks``) and returns the list of new blocks, in ``src`` order. ``vmap`` maps values of
``src`` to values of ``dst``: the caller seeds it with the parameters (``Arg`` -> actual
argument); the clone adds each instruction and block. Constants and symbol references are
shared (they have no use lists). Every slot of an instruction is carried over (``pred``,
``extra``, a source location if the instruction has one...), so a slot added to ``Instr`` later
is copied without a change here; mutable ``extra`` lists (switch cases) are copied.

``split_block(f, b, moved)`` moves instructions of ``b`` into a new block after it (the
inliner's continuation block, tail-recursion's loop header).
"""
from __future__ import annotations

from .core import Block, Function, Instr

_SKIP = frozenset(("users", "args", "block", "targets", "name"))


def _instr_slots():
    seen = []
    for cls in Instr.__mro__:
        for s in getattr(cls, "__slots__", ()):
            if s not in _SKIP and s not in seen:
                seen.append(s)
    return tuple(seen)


_SLOTS = _instr_slots()


def clone_instr(ins: Instr, name: str | None) -> Instr:
    """A copy of ``ins`` without operands, targets or block (filled in by the caller)."""
    new = Instr.__new__(Instr)
    for s in _SLOTS:
        try:
            v = getattr(ins, s)
        except AttributeError:
            continue
        setattr(new, s, list(v) if type(v) is list else v)
    new.users = []
    new.args = []
    new.targets = []
    new.block = None
    new.name = name
    return new


def split_block(f: Function, b: Block, moved: list, prefix: str = "split") -> Block:
    """A new block placed right after ``b`` receiving the instructions ``moved`` (taken out of
    ``b``, order kept; they must include ``b``'s terminator); the successors' phis now come
    from the new block. ``b`` is left without a terminator."""
    nb = Block(f.fresh(prefix))
    nb.func = f
    f.blocks.insert(f.blocks.index(b) + 1, nb)
    gone = set(map(id, moved))
    b.instrs = [i for i in b.instrs if id(i) not in gone]
    for i in moved:
        i.block = nb
        nb.instrs.append(i)
    for s in nb.succs:
        for phi in s.phis():
            phi.targets = [nb if x is b else x for x in phi.targets]
    return nb


def clone_blocks(src: Function, dst: Function, vmap: dict, prefix: str = "c") -> list[Block]:
    bmap = {}
    out = []
    for b in src.blocks:
        nb = Block(dst.fresh(prefix))
        nb.func = dst
        bmap[b] = nb
        vmap[b] = nb
        out.append(nb)
    pending = []
    for b in src.blocks:
        nb = bmap[b]
        for ins in b.instrs:
            new = clone_instr(ins, None if ins.name is None else dst.fresh("v"))
            vmap[ins] = new
            nb.append(new)
            pending.append((ins, new))
    for ins, new in pending:
        for a in ins.args:
            new.add_operand(vmap.get(a, a))
        new.targets = [bmap.get(t, t) for t in ins.targets]
    dst.blocks.extend(out)
    return out
