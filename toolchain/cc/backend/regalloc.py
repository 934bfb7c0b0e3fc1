"""Liveness and linear-scan register allocation over machine IR (target independent).

Positions: instruction n (in block layout order) reads its operands at 2n and writes at 2n+1.
A virtual register's interval is the hull of every position where it is live (conservative,
no holes). Physical registers named explicitly by instruction selection (argument and return
registers, division, shift counts, call clobbers) form fixed ranges a virtual register may not
overlap. Allocation is linear scan (Poletto and Sarkar) with move hints; when no register is
free the interval ending last is spilled to a stack slot. Spilled registers are rewritten to a
memory operand where the target allows one, else loaded into / stored from a reserved scratch
register around the instruction. With ``optimize=False`` (-O0) every virtual register lives in
its stack slot.
"""
from __future__ import annotations

from bisect import bisect_right

from .mir import MFunction, MInstr, Mem, ROp, Reg


class RegInfo:
    """What the allocator needs from a target."""

    def __init__(self, allocatable: dict, callee_saved, scratch: dict):
        self.allocatable = allocatable      # cls -> [Reg] in preference order
        self.callee_saved = set(callee_saved)
        self.scratch = scratch              # cls -> [Reg, Reg]


class TargetHooks:
    """Target callbacks used while rewriting; see arch/<t>/cc for implementations."""

    def is_move(self, mi: MInstr):
        """(src Reg, dst Reg) if mi is a plain register copy, else None."""
        return None

    def mem_ok(self, mi: MInstr, k: int) -> bool:
        return False

    def spill_load(self, reg: Reg, mem: Mem) -> MInstr:
        raise NotImplementedError

    def spill_store(self, reg: Reg, mem: Mem) -> MInstr:
        raise NotImplementedError

    def is_identity(self, mi: MInstr) -> bool:
        return False


def liveness(mf: MFunction):
    """live_in, live_out: dicts MBlock -> set of virtual register ids."""
    use = {}
    defs = {}
    for b in mf.blocks:
        u, d = set(), set()
        for mi in b.instrs:
            for r in mi.uses():
                if not r.phys and r.id not in d:
                    u.add(r.id)
            for r in mi.defs():
                if not r.phys:
                    d.add(r.id)
        use[b], defs[b] = u, d
    live_in = {b: set() for b in mf.blocks}
    live_out = {b: set() for b in mf.blocks}
    changed = True
    order = list(reversed(mf.blocks))
    while changed:
        changed = False
        for b in order:
            out = set()
            for s in b.succs:
                out |= live_in[s]
            if out != live_out[b]:
                live_out[b] = out
            new_in = use[b] | (out - defs[b])
            if new_in != live_in[b]:
                live_in[b] = new_in
                changed = True
    return live_in, live_out


class Interval:
    __slots__ = ("reg", "start", "end", "phys", "slot")

    def __init__(self, reg, start, end):
        self.reg = reg
        self.start = start
        self.end = end
        self.phys = None
        self.slot = None


def build_intervals(mf: MFunction):
    live_in, live_out = liveness(mf)
    vregs = mf.vregs
    start = {}
    end = {}
    fixed = {}          # phys Reg -> list of [s, e]
    pos = 0
    hints = {}

    def touch(rid, p):
        s = start.get(rid)
        if s is None or p < s:
            start[rid] = p
        e = end.get(rid)
        if e is None or p > e:
            end[rid] = p

    calls = []
    for b in mf.blocks:
        bstart = pos
        bend = pos + 2 * len(b.instrs) - 1 if b.instrs else pos
        for rid in live_in[b]:
            touch(rid, bstart)
        for rid in live_out[b]:
            touch(rid, bend)
        # physical registers: backward scan inside the block
        open_end = {}
        for k in range(len(b.instrs) - 1, -1, -1):
            mi = b.instrs[k]
            p_use = bstart + 2 * k
            p_def = p_use + 1
            for r in mi.defs():
                if r.phys:
                    e = open_end.pop(r, None)
                    fixed.setdefault(r, []).append((p_def, e if e is not None else p_def))
            for r in mi.uses():
                if r.phys and r not in open_end:
                    open_end[r] = p_use
        for r, e in open_end.items():
            fixed.setdefault(r, []).append((bstart, e))
        # virtual registers
        for mi in b.instrs:
            for r in mi.uses():
                if not r.phys:
                    touch(r.id, pos)
            for r in mi.defs():
                if not r.phys:
                    touch(r.id, pos + 1)
            if "c" in mi.flags:
                calls.append(pos)
            if len(mi.ops) == 2 and mi.roles == ("u", "d"):
                a, d = mi.ops
                if isinstance(a, ROp) and isinstance(d, ROp) and a.reg.cls == d.reg.cls:
                    if not d.reg.phys:
                        hints.setdefault(d.reg.id, []).append(a.reg)
                    if not a.reg.phys:
                        hints.setdefault(a.reg.id, []).append(d.reg)
            pos += 2
    intervals = []
    for rid, s in start.items():
        intervals.append(Interval(vregs[rid], s, end[rid]))
    fixed_sorted = {}
    for r, rs in fixed.items():
        rs.sort()
        merged = []
        for s, e in rs:
            if merged and s <= merged[-1][1] + 1:
                if e > merged[-1][1]:
                    merged[-1][1] = e
            else:
                merged.append([s, e])
        fixed_sorted[r] = ([m[0] for m in merged], [m[1] for m in merged])
    return intervals, fixed_sorted, hints


def _fixed_conflict(fixed, r, s, e) -> bool:
    fr = fixed.get(r)
    if fr is None:
        return False
    starts, ends = fr
    i = bisect_right(starts, e) - 1
    return i >= 0 and ends[i] >= s


def linear_scan(mf: MFunction, info: RegInfo, optimize: bool = True):
    """Returns (assignment: vreg id -> phys Reg, spilled: vreg id -> FrameSlot)."""
    intervals, fixed, hints = build_intervals(mf)
    intervals.sort(key=lambda iv: (iv.start, iv.reg.id))
    assign = {}
    spilled = {}
    if not optimize:
        for iv in intervals:
            spilled[iv.reg.id] = mf.new_slot(8, 8, "spill")
        return assign, spilled
    active = []         # intervals holding a register
    holder = {}         # phys Reg -> Interval
    for iv in intervals:
        s = iv.start
        if active:
            keep = []
            for a in active:
                if a.end < s:
                    del holder[a.phys]
                else:
                    keep.append(a)
            active = keep
        cls = iv.reg.cls
        choice = None
        for h in hints.get(iv.reg.id, ()):
            c = h if h.phys else assign.get(h.id)
            if c is not None and c.cls == cls and c not in holder and c in info.allocatable[cls] \
                    and not _fixed_conflict(fixed, c, s, iv.end):
                choice = c
                break
        if choice is None:
            for c in info.allocatable[cls]:
                if c not in holder and not _fixed_conflict(fixed, c, s, iv.end):
                    choice = c
                    break
        if choice is None:
            # spill the interval that ends last among those that could give up a register
            victim = None
            for a in active:
                if a.reg.cls == cls and a.end > iv.end and \
                        not _fixed_conflict(fixed, a.phys, s, iv.end):
                    if victim is None or a.end > victim.end:
                        victim = a
            if victim is not None:
                choice = victim.phys
                del assign[victim.reg.id]
                spilled[victim.reg.id] = mf.new_slot(8, 8, "spill")
                active.remove(victim)
                del holder[choice]
            else:
                spilled[iv.reg.id] = mf.new_slot(8, 8, "spill")
                continue
        iv.phys = choice
        assign[iv.reg.id] = choice
        holder[choice] = iv
        active.append(iv)
    return assign, spilled


def allocate(mf: MFunction, info: RegInfo, hooks: TargetHooks, optimize: bool = True) -> None:
    assign, spilled = linear_scan(mf, info, optimize)
    used = set(assign.values())
    mf.used_callee_saved = [r for cls in ("i", "f") for r in info.allocatable[cls]
                            if r in used and r in info.callee_saved]
    for b in mf.blocks:
        out = []
        for mi in b.instrs:
            _rewrite(mi, assign, spilled, info, hooks, out)
        b.instrs = [mi for mi in out if not hooks.is_identity(mi)]


def _rewrite(mi: MInstr, assign, spilled, info, hooks, out) -> None:
    pre, post = [], []
    scratch_of = {}
    avail = {cls: list(rs) for cls, rs in info.scratch.items()}

    def slot_mem(reg, size):
        return Mem(slot=spilled[reg.id], size=size)

    # count occurrences of spilled vregs
    occ = {}
    has_mem = False
    for o in mi.ops:
        if isinstance(o, ROp) and not o.reg.phys:
            occ[o.reg.id] = occ.get(o.reg.id, 0) + 1
        elif isinstance(o, Mem):
            has_mem = True
            for r in o.regs():
                if not r.phys:
                    occ[r.id] = occ.get(r.id, 0) + 2

    def scratch(reg, is_use, is_def):
        s = scratch_of.get(reg.id)
        if s is None:
            if avail[reg.cls]:
                s = avail[reg.cls].pop(0)
            elif not is_use:
                # a pure definition is written after every source is read: share a scratch
                s = info.scratch[reg.cls][0]
            else:
                raise ValueError(f"instruction needs too many scratch registers: {mi!r}")
            scratch_of[reg.id] = s
            if is_use:
                pre.append(hooks.spill_load(s, slot_mem(reg, 8)))
        if is_def and reg.id not in stores:
            stores.add(reg.id)
            post.append(hooks.spill_store(s, slot_mem(reg, 8)))
        return s

    stores = set()
    # all uses of a spilled register need a load even if another operand defines it
    use_ids = {r.id for r in mi.uses() if not r.phys and r.id in spilled}
    order = sorted(range(len(mi.ops)), key=lambda k: mi.roles[k] == "d" if k < len(mi.roles) else 0)
    for k in order:
        o = mi.ops[k]
        if isinstance(o, ROp):
            r = o.reg
            if r.phys:
                continue
            if r.id in assign:
                mi.ops[k] = ROp(assign[r.id], o.size)
                continue
            role = mi.roles[k]
            if not has_mem and occ.get(r.id) == 1 and hooks.mem_ok(mi, k):
                mi.ops[k] = slot_mem(r, o.size)
                has_mem = True
                continue
            s = scratch(r, r.id in use_ids, "d" in role)
            mi.ops[k] = ROp(s, o.size)
        elif isinstance(o, Mem):
            nb, ni = o.base, o.index
            if nb is not None and not nb.phys:
                nb = assign.get(nb.id) or scratch(nb, True, False)
            if ni is not None and not ni.phys:
                ni = assign.get(ni.id) or scratch(ni, True, False)
            if nb is not o.base or ni is not o.index:
                mi.ops[k] = o.copy(base=nb, index=ni)
    out.extend(pre)
    out.append(mi)
    out.extend(post)
