"""Liveness and linear-scan register allocation over machine IR (target independent).

Positions: instruction n (in block layout order) reads its operands at 2n and writes at 2n+1.
A virtual register's interval is the hull of every position where it is live (conservative,
no holes). Physical registers named explicitly by instruction selection (argument and return
registers, division, shift counts, call clobbers) form fixed ranges a virtual register may not
overlap. Allocation is linear scan (Poletto and Sarkar; intervals with lifetime holes as in Wimmer's
variant) with move hints; when no register is
free the interval ending last is spilled to a stack slot. Spilled registers are rewritten to a
memory operand where the target allows one, else loaded into / stored from a reserved scratch
register around the instruction. With ``optimize=False`` (-O0) every virtual register lives in
its stack slot (``mode="spill"``); -O0 uses ``mode="local"``: registers only for values that
do not cross a block boundary.
"""
from __future__ import annotations

from bisect import bisect_right

from .mir import AddrOperand, MFunction, MInstr, Mem, ROp, Reg


class RegInfo:
    """What the allocator needs from a target."""

    def __init__(self, allocatable: dict, callee_saved, scratch: dict):
        self.allocatable = allocatable      # cls -> [Reg] in preference order
        self.callee_saved = set(callee_saved)
        self.scratch = scratch              # cls -> [Reg, Reg]


class TargetHooks:
    """Older form of the allocator's target callbacks (``spill_load(reg, Mem)``); new back ends
    implement ``target.Backend`` instead. ``LegacyBackend`` adapts a RegInfo + TargetHooks."""

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


class LegacyBackend:
    """A RegInfo + TargetHooks pair seen through the Backend interface the allocator uses."""

    def __init__(self, info: RegInfo, hooks: TargetHooks):
        self.info, self.hooks = info, hooks
        self.is_move, self.is_identity, self.mem_ok = hooks.is_move, hooks.is_identity, hooks.mem_ok

    def reg_info(self):
        return self.info

    def spill_slot(self, mf, cls):
        return mf.new_slot(8, 8, "spill")

    def slot_operand(self, slot, size):
        return Mem(slot=slot, size=size)

    def spill_load(self, reg, slot):
        return self.hooks.spill_load(reg, Mem(slot=slot, size=8))

    def spill_store(self, reg, slot):
        return self.hooks.spill_store(reg, Mem(slot=slot, size=8))

    def move(self, dst, src):
        raise NotImplementedError


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
    """A virtual register's live range: sorted, disjoint [start, end] segments (lifetime
    holes between them may hold other values)."""
    __slots__ = ("reg", "ranges", "start", "end", "phys")

    def __init__(self, reg):
        self.reg = reg
        self.ranges = []      # built backwards, reversed at the end
        self.start = 0
        self.end = 0
        self.phys = None

    def add(self, s, e):
        """Add [s, e] where s is before every range added so far (backward construction)."""
        r = self.ranges
        if r and s <= r[-1][0] <= e + 1:
            if s < r[-1][0]:
                r[-1][0] = s
            if e > r[-1][1]:
                r[-1][1] = e
        elif r and r[-1][0] <= s <= r[-1][1]:
            pass
        else:
            r.append([s, e])

    def cut(self, p):
        """The value is defined at p: its current first range starts there."""
        r = self.ranges
        if r and r[-1][0] <= p <= r[-1][1]:
            r[-1][0] = p
        else:
            r.append([p, p])


def intersects(a: Interval, b: Interval) -> bool:
    ra, rb = a.ranges, b.ranges
    i = j = 0
    while i < len(ra) and j < len(rb):
        s1, e1 = ra[i]
        s2, e2 = rb[j]
        if e1 < s2:
            i += 1
        elif e2 < s1:
            j += 1
        else:
            return True
    return False


def build_intervals(mf: MFunction):
    live_in, live_out = liveness(mf)
    vregs = mf.vregs
    ivs = {}
    fixed = {}          # phys Reg -> list of [s, e]
    hints = {}
    starts = []
    pos = 0
    for b in mf.blocks:
        starts.append(pos)
        pos += 2 * len(b.instrs)
    for bi in range(len(mf.blocks) - 1, -1, -1):
        b = mf.blocks[bi]
        bstart = starts[bi]
        bend = bstart + 2 * len(b.instrs) - 1 if b.instrs else bstart
        for rid in live_out[b]:
            iv = ivs.get(rid)
            if iv is None:
                iv = ivs[rid] = Interval(vregs[rid])
            iv.add(bstart, bend)
        open_end = {}
        for k in range(len(b.instrs) - 1, -1, -1):
            mi = b.instrs[k]
            p_use = bstart + 2 * k
            p_def = p_use + 1
            for r in mi.defs():
                if r.phys:
                    e = open_end.pop(r, None)
                    fixed.setdefault(r, []).append((p_def, e if e is not None else p_def))
                else:
                    iv = ivs.get(r.id)
                    if iv is None:
                        iv = ivs[r.id] = Interval(r)
                    iv.cut(p_def)
            for r in mi.uses():
                if r.phys:
                    if r not in open_end:
                        open_end[r] = p_use
                else:
                    iv = ivs.get(r.id)
                    if iv is None:
                        iv = ivs[r.id] = Interval(r)
                    iv.add(bstart, p_use)
            if len(mi.ops) == 2 and mi.roles == ("u", "d"):
                a, d = mi.ops
                if isinstance(a, ROp) and isinstance(d, ROp) and a.reg.cls == d.reg.cls:
                    if not d.reg.phys:
                        hints.setdefault(d.reg.id, []).append(a.reg)
                    if not a.reg.phys:
                        hints.setdefault(a.reg.id, []).append(d.reg)
        for r, e in open_end.items():
            fixed.setdefault(r, []).append((bstart, e))
    intervals = []
    for iv in ivs.values():
        iv.ranges.reverse()
        # merge touching segments
        merged = []
        for s, e in iv.ranges:
            if merged and s <= merged[-1][1] + 1:
                if e > merged[-1][1]:
                    merged[-1][1] = e
            else:
                merged.append([s, e])
        iv.ranges = merged
        iv.start = merged[0][0]
        iv.end = merged[-1][1]
        intervals.append(iv)
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


def _fixed_conflict(fixed, r, iv: Interval) -> bool:
    fr = fixed.get(r)
    if fr is None:
        return False
    starts, ends = fr
    for s, e in iv.ranges:
        i = bisect_right(starts, e) - 1
        if i >= 0 and ends[i] >= s:
            return True
    return False


def linear_scan(mf: MFunction, be, mode: str = "linear"):
    """Returns (assignment: vreg id -> phys Reg, spilled: vreg id -> FrameSlot).

    mode "linear": every interval competes for registers; "local": only intervals inside one
    block get registers (values crossing blocks live in stack slots, -O0); "spill": every
    virtual register lives in its stack slot."""
    info = be.reg_info()
    intervals, fixed, hints = build_intervals(mf)
    intervals.sort(key=lambda iv: (iv.start, iv.reg.id))
    assign = {}
    spilled = {}
    # operands of instructions flagged "r" (inline asm) always compete for registers
    want_reg = set()
    for b in mf.blocks:
        for mi in b.instrs:
            if "r" in mi.flags:
                want_reg.update(r.id for r in mi.uses() if not r.phys)
                want_reg.update(r.id for r in mi.defs() if not r.phys)
    if mode == "spill":
        keep = []
        for iv in intervals:
            if iv.reg.id in want_reg:
                keep.append(iv)
            else:
                spilled[iv.reg.id] = be.spill_slot(mf, iv.reg.cls)
        intervals = keep
    if mode == "local":
        bounds = []
        pos = 0
        for b in mf.blocks:
            bounds.append(pos)
            pos += 2 * len(b.instrs)
        keep = []
        for iv in intervals:
            i = bisect_right(bounds, iv.start) - 1
            limit = bounds[i + 1] if i + 1 < len(bounds) else pos
            if iv.end < limit or iv.reg.id in want_reg:
                keep.append(iv)
            else:
                spilled[iv.reg.id] = be.spill_slot(mf, iv.reg.cls)
        intervals = keep
    owners = {}         # phys Reg -> intervals assigned to it that may still be live

    def free_for(c, iv):
        lst = owners.get(c)
        if not lst:
            return True
        keep = [o for o in lst if o.end >= iv.start and o.phys is c]
        owners[c] = keep
        for o in keep:
            if intersects(o, iv):
                return False
        return True

    for iv in intervals:
        cls = iv.reg.cls
        allowed = info.allocatable[cls]
        choice = None
        for h in hints.get(iv.reg.id, ()):
            c = h if h.phys else assign.get(h.id)
            if c is not None and c.cls == cls and c in allowed \
                    and not _fixed_conflict(fixed, c, iv) and free_for(c, iv):
                choice = c
                break
        if choice is None:
            for c in allowed:
                if not _fixed_conflict(fixed, c, iv) and free_for(c, iv):
                    choice = c
                    break
        if choice is None:
            # evict the intervals of the register whose conflicting intervals end last,
            # if they all end after the current one; otherwise spill the current interval
            best = None
            for c in allowed:
                if _fixed_conflict(fixed, c, iv):
                    continue
                conf = [o for o in owners.get(c, ()) if o.phys is c and intersects(o, iv)]
                m = min(o.end for o in conf)
                if m > iv.end and (best is None or m > best[0]):
                    best = (m, c, conf)
            if best is None:
                spilled[iv.reg.id] = be.spill_slot(mf, iv.reg.cls)
                continue
            _, choice, conf = best
            for o in conf:
                o.phys = None
                del assign[o.reg.id]
                spilled[o.reg.id] = be.spill_slot(mf, o.reg.cls)
        iv.phys = choice
        assign[iv.reg.id] = choice
        owners.setdefault(choice, []).append(iv)
    return assign, spilled


def allocate(mf: MFunction, be, hooks=None, mode: str = "linear") -> None:
    """Allocate registers of ``mf`` for the Backend ``be`` (or the older ``allocate(mf,
    RegInfo, TargetHooks, mode)`` form)."""
    if isinstance(be, RegInfo):
        be = LegacyBackend(be, hooks)
    elif isinstance(hooks, str):
        mode = hooks
    info = be.reg_info()
    assign, spilled = linear_scan(mf, be, mode)
    used = set(assign.values())
    for b in mf.blocks:          # registers written explicitly (inline asm clobbers...)
        for mi in b.instrs:
            for r in mi.defs():
                if r.phys:
                    used.add(r)
    mf.used_callee_saved = [r for cls in info.allocatable for r in info.allocatable[cls]
                            if r in used and r in info.callee_saved]
    for b in mf.blocks:
        out = []
        for mi in b.instrs:
            _rewrite(mi, assign, spilled, info, be, out)
        b.instrs = [mi for mi in out if not be.is_identity(mi)]


def _rewrite(mi: MInstr, assign, spilled, info, hooks, out) -> None:
    pre, post = [], []
    scratch_of = {}
    avail = {cls: list(rs) for cls, rs in info.scratch.items()}

    def slot_mem(reg, size):
        return hooks.slot_operand(spilled[reg.id], size)

    # count occurrences of spilled vregs
    occ = {}
    has_mem = False
    for o in mi.ops:
        if isinstance(o, ROp) and not o.reg.phys:
            occ[o.reg.id] = occ.get(o.reg.id, 0) + 1
        elif isinstance(o, AddrOperand):
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
                pre.append(hooks.spill_load(s, spilled[reg.id]))
        if is_def and reg.id not in stores:
            stores.add(reg.id)
            post.append(hooks.spill_store(s, spilled[reg.id]))
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
        elif isinstance(o, AddrOperand):
            mi.ops[k] = o.map_regs(lambda r: assign.get(r.id) or scratch(r, True, False))
    out.extend(pre)
    out.append(mi)
    out.extend(post)
