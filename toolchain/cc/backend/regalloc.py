"""Liveness, phi coalescing, linear-scan register allocation and phi resolution over machine
IR (target independent; the target is seen through ``target.Backend``).

Positions: instruction k of a block starting at position B reads its operands at B+2k and
writes at B+2k+1. A virtual register's interval is a sorted list of disjoint [start, end]
ranges (lifetime holes between them may hold other values).

Phis (``mir.PHI`` instructions at the start of a block, one source per predecessor) stay in
the machine IR until allocation. For an edge P -> S the phi moves are placed

- at the end of P, before its trailing branches, when P has one successor ("end");
- at the start of S when S has one predecessor ("start");
- at the end of P when P ends in an indirect jump with several successors ("indirect": the
  edge cannot be split). The phi's destination is then first written into a fresh register
  ``d_in`` (the phi is renamed to it and ``d = d_in`` is copied after the phis), and ``d_in``
  is kept live across P's jump so nothing else live there shares its location.

A phi source is live until its move (end of P, or start of S). Before the scan, phi
destinations and sources whose intervals do not intersect are coalesced (union-find; one
interval per class), so most phi moves disappear. The linear scan (Poletto and Sarkar, with
Wimmer's lifetime holes) gives each class a register of its class or, when none is free,
spills the class whose interval ends last to one stack slot. Physical registers named by
instruction selection (argument/result registers, call clobbers) are fixed ranges a class may
not overlap. After the scan, operands are rewritten (spilled values are loaded into / stored
from the class's scratch registers around an instruction, or folded as a memory operand where
``mem_ok`` allows), phis are deleted and each edge's moves are ordered by the parallel-move
resolver (parmove.py).

Modes: "linear" (-O1+); "local" (-O0): only classes inside one block get registers;
"spill": every class lives in its stack slot (tests exercise spill code with it).
"""
from __future__ import annotations

from bisect import bisect_right

from .mir import PHI, AddrOperand, MFunction, MInstr, Mem, ROp, Reg, is_undef
from .parmove import resolve
from .peephole import kept_with_positions, remove_dead_defs


class RegInfo:
    """What the allocator needs from a target (Backend.reg_info builds it)."""

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

    def move(self, dst: Reg, src: Reg) -> MInstr:
        raise NotImplementedError


class LegacyBackend:
    """A RegInfo + TargetHooks pair seen through the Backend interface the allocator uses."""

    def __init__(self, info: RegInfo, hooks: TargetHooks):
        self.info, self.hooks = info, hooks
        self.is_move, self.is_identity, self.mem_ok = hooks.is_move, hooks.is_identity, hooks.mem_ok
        self.move = hooks.move

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


# -- intervals -------------------------------------------------------------------------------

class Interval:
    """A live range: sorted, disjoint [start, end] ranges. During construction ranges are added
    backwards (``add``/``cut``) and reversed by ``finish``."""
    __slots__ = ("reg", "ranges", "start", "end", "phys", "starts")

    def __init__(self, reg):
        self.reg = reg
        self.ranges = []
        self.start = 0
        self.end = 0
        self.phys = None
        self.starts = None

    def add(self, s, e):
        """Add [s, e] where s is before every range added so far (backward construction)."""
        r = self.ranges
        if r:
            last = r[-1]
            if s <= last[0] <= e + 1:
                if s < last[0]:
                    last[0] = s
                if e > last[1]:
                    last[1] = e
                return
            if last[0] <= s <= last[1]:
                return
        r.append([s, e])

    def cut(self, p):
        """The value is defined at p: its current first range starts there."""
        r = self.ranges
        if r and r[-1][0] <= p <= r[-1][1]:
            r[-1][0] = p
        else:
            r.append([p, p])

    def finish(self):
        r = self.ranges
        if len(r) == 1:         # most values: one range, nothing to merge
            a = r[0]
            self.start, self.end, self.starts = a[0], a[1], [a[0]]
            return
        r.reverse()
        self.ranges = _normalise(r)
        self._bounds()

    def _bounds(self):
        self.start = self.ranges[0][0]
        self.end = self.ranges[-1][1]
        self.starts = [r[0] for r in self.ranges]

    def merge(self, other: "Interval"):
        self.ranges = _normalise(sorted(self.ranges + other.ranges))
        self._bounds()

    def add_range(self, s, e):
        self.merge_ranges([[s, e]])

    def merge_ranges(self, rs):
        self.ranges = _normalise(sorted(self.ranges + rs))
        self._bounds()

    def covers(self, s, e) -> bool:
        """Some range intersects [s, e]."""
        i = bisect_right(self.starts, e) - 1
        return i >= 0 and self.ranges[i][1] >= s


def _normalise(rs):
    out = []
    for s, e in rs:
        if out and s <= out[-1][1] + 1:
            if e > out[-1][1]:
                out[-1][1] = e
        else:
            out.append([s, e])
    return out


def intersects(a: Interval, b: Interval) -> bool:
    """Whether two finished intervals share a position: O(min * log max)."""
    if a.end < b.start or b.end < a.start:
        return False
    if len(a.ranges) > len(b.ranges):
        a, b = b, a
    starts, ranges = b.starts, b.ranges
    for s, e in a.ranges:
        if e < b.start:
            continue
        if s > b.end:
            return False
        i = bisect_right(starts, e) - 1
        if i >= 0 and ranges[i][1] >= s:
            return True
    return False


# -- liveness --------------------------------------------------------------------------------

class _Phis:
    """The phis of a function and where their moves go."""

    def __init__(self, mf: MFunction, be):
        self.by_block = {}          # MBlock -> [phi MInstr]
        self.term = {}              # MBlock -> index of its first trailing branch
        self.mode = {}              # (P, S) -> "end" | "start" | "indirect"
        for b in mf.blocks:
            k = len(b.instrs)
            while k > 0 and "b" in b.instrs[k - 1].flags:
                k -= 1
            self.term[b] = k
        for b in mf.blocks:
            ps = [mi for mi in b.instrs if mi.op == PHI]
            if not ps:
                continue
            self.by_block[b] = ps
            ind = False
            for p in set(t for mi in ps for t in mi.targets):
                if len(p.succs) == 1 and not _reads_regs(p, self.term[p]):
                    m = "end"
                elif len(b.preds) == 1:
                    m = "start"
                else:
                    m = "indirect"
                    ind = True
                self.mode[(p, b)] = m
            if ind:
                # rename each phi's destination to d_in, copied into d after the phis
                n = len(ps)
                copies = []
                for mi in ps:
                    d = mi.ops[0].reg
                    din = mf.new_vreg(d.cls)
                    mi.ops[0] = ROp(din, mi.ops[0].size)
                    copies.append(be.move(d, din))
                b.instrs[n:n] = copies
                self.term[b] += len(copies)


def _reads_regs(b, term) -> bool:
    for mi in b.instrs[term:]:
        for _ in mi.uses():
            return True
    return False


def liveness(mf: MFunction, phis: _Phis | None = None, regs: dict | None = None):
    """live_in, live_out: dicts MBlock -> set of virtual register ids (phi sources are live
    out of the predecessor, or live in to the block for "start" edges). ``regs``, when given,
    is filled with MBlock -> [(uses, defs) of each instruction] (None for phis)."""
    use = {}
    defs = {}
    phi_out = {}
    modes = phis.mode if phis is not None else {}
    for b in mf.blocks:
        u, d = set(), set()
        rl = [] if regs is not None else None
        for mi in b.instrs:
            if mi.op == PHI:
                if rl is not None:
                    rl.append(None)
                for k, p in enumerate(mi.targets):
                    r = mi.ops[k + 1].reg
                    if r.phys:
                        continue
                    if modes.get((p, b)) == "start":
                        if r.id not in d:
                            u.add(r.id)
                    else:
                        phi_out.setdefault(p, set()).add(r.id)
                d.add(mi.ops[0].reg.id)
                continue
            us = mi.uses()
            ds = mi.defs()
            if rl is not None:
                rl.append((us, ds))
            for r in us:
                if not r.phys and r.id not in d:
                    u.add(r.id)
            for r in ds:
                if not r.phys:
                    d.add(r.id)
        use[b], defs[b] = u, d
        if rl is not None:
            regs[b] = rl
    # the least fixed point of live_in = use | (live_out - defs), live_out = phi sources |
    # live_in of the successors, one value at a time: each upward-exposed use (and each phi
    # source) is carried back through the predecessors until a definition stops it, so the
    # cost follows the values live across blocks, not blocks times passes
    preds = {b: [] for b in mf.blocks}
    for b in mf.blocks:
        for s in b.succs:
            preds[s].append(b)
    live_in = {b: set(u) for b, u in use.items()}
    live_out = {b: set() for b in mf.blocks}
    work = [(b, r) for b, u in use.items() if u and preds[b] for r in u]
    for p, rs in phi_out.items():
        out, d, li = live_out[p], defs[p], live_in[p]
        for r in rs:
            out.add(r)
            if r not in d and r not in li:
                li.add(r)
                work.append((p, r))
    while work:
        b, r = work.pop()
        for p in preds[b]:
            out = live_out[p]
            if r not in out:
                out.add(r)
                li = live_in[p]
                if r not in defs[p] and r not in li:
                    li.add(r)
                    work.append((p, r))
    return live_in, live_out, phi_out


def build_intervals(mf: MFunction, be=None, phis: _Phis | None = None, seen=None):
    """Intervals of the virtual registers, fixed ranges of physical registers and move hints.
    ``seen`` (a dict), when given, keeps what was found of each instruction for the rewrite:
    ``seen["regs"]`` as ``liveness``'s ``regs``, ``seen["moves"]``: MBlock -> the
    ``Backend.is_move`` answer of each instruction (None for phis)."""
    regs = {}
    moves = {}
    if seen is not None:
        seen["regs"] = regs
        seen["moves"] = moves
    live_in, live_out, phi_out = liveness(mf, phis, regs)
    vregs = mf.vregs
    ivs = {}
    fixed = {}          # phys Reg -> list of [s, e]
    hints = {}
    starts = {}
    is_move = be.is_move if be is not None else (lambda mi: None)
    term = phis.term if phis is not None else {}
    pos = 0
    for b in mf.blocks:
        starts[b] = pos
        pos += 2 * max(len(b.instrs), 1)
    for bi in range(len(mf.blocks) - 1, -1, -1):
        b = mf.blocks[bi]
        bstart = starts[b]
        bend = bstart + 2 * max(len(b.instrs), 1) - 1
        po = phi_out.get(b)
        if po:
            succ_live = set()
            for s in b.succs:
                succ_live |= live_in[s]
            tend = max(bstart, bstart + 2 * term.get(b, len(b.instrs)) - 1)
        for rid in live_out[b]:
            iv = ivs.get(rid)
            if iv is None:
                iv = ivs[rid] = Interval(vregs[rid])
            if po and rid in po and rid not in succ_live:
                iv.add(bstart, tend)
            else:
                iv.add(bstart, bend)
        open_end = {}
        ins = b.instrs
        brs = regs[b]
        mvs = moves[b] = [None] * len(ins)
        first_phi_def = bstart + 1
        for k in range(len(ins) - 1, -1, -1):
            mi = ins[k]
            p_use = bstart + 2 * k
            p_def = p_use + 1
            if mi.op == PHI:
                d = mi.ops[0].reg
                iv = ivs.get(d.id)
                if iv is None:
                    iv = ivs[d.id] = Interval(d)
                iv.cut(first_phi_def)
                for j, p in enumerate(mi.targets):
                    r = mi.ops[j + 1].reg
                    if r.cls != d.cls:
                        continue
                    if r.phys:
                        if not is_undef(r):
                            hints.setdefault(d.id, []).append(r)
                        continue
                    hints.setdefault(d.id, []).append(r)
                    hints.setdefault(r.id, []).append(d)
                    if phis.mode.get((p, b)) == "start":    # read at the block's start
                        iv = ivs.get(r.id)
                        if iv is None:
                            iv = ivs[r.id] = Interval(r)
                        iv.add(bstart, p_use)
                continue
            us, ds = brs[k]
            for r in ds:
                if r.phys:
                    e = open_end.pop(r, None)
                    fixed.setdefault(r, []).append((p_def, e if e is not None else p_def))
                else:
                    iv = ivs.get(r.id)
                    if iv is None:
                        iv = ivs[r.id] = Interval(r)
                    iv.cut(p_def)
            for r in us:
                if r.phys:
                    if r not in open_end:
                        open_end[r] = p_use
                else:
                    iv = ivs.get(r.id)
                    if iv is None:
                        iv = ivs[r.id] = Interval(r)
                    iv.add(bstart, p_use)
            mv = is_move(mi)
            if mv is not None:
                mvs[k] = mv
                a, d = mv
                if a.cls == d.cls:
                    if not d.phys:
                        hints.setdefault(d.id, []).append(a)
                    if not a.phys:
                        hints.setdefault(a.id, []).append(d)
        for r, e in open_end.items():
            fixed.setdefault(r, []).append((bstart, e))
    intervals = []
    for iv in ivs.values():
        iv.finish()
        intervals.append(iv)
    fixed_sorted = {}
    for r, rs in fixed.items():
        rs.sort()
        merged = _normalise(rs)
        fixed_sorted[r] = ([m[0] for m in merged], [m[1] for m in merged])
    return intervals, fixed_sorted, hints, starts


def _fixed_conflict(fixed, r, iv: Interval) -> bool:
    fr = fixed.get(r)
    if fr is None:
        return False
    starts, ends = fr
    if not starts or ends[-1] < iv.start or starts[0] > iv.end:
        return False
    for s, e in iv.ranges:
        i = bisect_right(starts, e) - 1
        if i >= 0 and ends[i] >= s:
            return True
    return False


class _DROPPED:
    """A copy the rewrite drops (marker: its source position, -g, moves to what follows)."""
    __slots__ = ("loc",)

    def __init__(self, loc):
        self.loc = loc


def _kept(out: list, is_identity) -> list:
    """The instructions of ``out`` that are not identity moves or dropped copies (their -g
    positions carried to the next kept instruction)."""
    return kept_with_positions(out, is_identity, _DROPPED)


# -- phi coalescing --------------------------------------------------------------------------

def _coalesce(mf, phis: _Phis, ivs: dict, starts: dict, banned: set):
    """Union-find over phi destinations and sources whose intervals do not intersect.
    Returns (rep: vreg id -> class id, class intervals, conflicts) where conflicts are phis
    whose "indirect" moves cannot be placed without clobbering a live value."""
    parent = {}

    def find(x):
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    civ = {}        # class id -> Interval (copies of member intervals, merged)

    def iv_of(x):
        c = civ.get(x)
        if c is None:
            o = ivs[x]
            c = Interval(o.reg)
            c.ranges = [list(r) for r in o.ranges]
            c._bounds()
            civ[x] = c
        return c

    for b, ps in phis.by_block.items():
        for mi in ps:
            d = mi.ops[0].reg
            if d.id not in ivs:
                continue
            for k, p in enumerate(mi.targets):
                r = mi.ops[k + 1].reg
                if r.phys or r.cls != d.cls or r.id not in ivs:
                    continue
                if id(mi) in banned:
                    break
                a, c = find(d.id), find(r.id)
                if a == c:
                    continue
                ia, ic = iv_of(a), iv_of(c)
                if intersects(ia, ic):
                    continue
                if len(ia.ranges) < len(ic.ranges):
                    a, c, ia, ic = c, a, ic, ia
                parent[c] = a
                ia.merge(ic)
                del civ[c]
    # moves that remain on "indirect" edges: the destination class must be free at the end
    # of the predecessor, and one class gets one value there
    extra = {}          # class id -> [[s, e]]
    written = {}        # (P, class) -> source class
    conflicts = []
    for b, ps in phis.by_block.items():
        for mi in ps:
            d = mi.ops[0].reg
            if d.id not in ivs:
                continue
            a = find(d.id)
            for k, p in enumerate(mi.targets):
                if phis.mode.get((p, b)) != "indirect":
                    continue
                r = mi.ops[k + 1].reg
                if is_undef(r):
                    continue
                c = find(r.id) if not r.phys and r.id in ivs else ("phys", r)
                key = (p, a)
                prev = written.get(key)
                if prev is not None:
                    if prev != c:
                        conflicts.append(id(mi))
                    continue
                written[key] = c
                s = starts[p] + 2 * phis.term[p]
                e = starts[p] + 2 * max(len(p.instrs), 1) - 1
                if c == a:
                    # no move: the class carries the value across P's jump, where other
                    # classes are written
                    extra.setdefault(a, []).append([s, e])
                    continue
                ia = civ.get(a) or ivs[a]
                if ia.covers(s, e):
                    conflicts.append(id(mi))
                    continue
                extra.setdefault(a, []).append([s, e])
    for a, rs in extra.items():
        iv_of(a).merge_ranges(rs)
    rep = {x: find(x) for x in ivs}
    return rep, civ, conflicts


# -- linear scan -----------------------------------------------------------------------------

def reg_info(mf: MFunction, be) -> RegInfo:
    """The target's registers, plus those a function adds for itself in
    ``mf.extra["allocatable"]`` ({cls: [Reg]}, callee-saved ones: the frame pointer of a
    function that does without one), tried after the class's own."""
    info = be.reg_info()
    more = mf.extra.get("allocatable")
    if not more:
        return info
    alloc = {c: list(rs) + [r for r in more.get(c, ()) if r not in rs]
             for c, rs in info.allocatable.items()}
    ri = RegInfo(alloc, set(info.callee_saved).union(*more.values()), info.scratch)
    ri.classes = getattr(info, "classes", None)
    return ri


def linear_scan(mf: MFunction, be, mode: str = "linear", phis: _Phis | None = None,
                seen=None):
    """Returns (assignment: vreg id -> phys Reg, spilled: vreg id -> FrameSlot); ``seen``:
    as ``build_intervals``'s."""
    info = reg_info(mf, be)
    intervals, fixed, hints, starts = build_intervals(mf, be, phis, seen)
    ivs = {iv.reg.id: iv for iv in intervals}
    dv = mf.extra.get("debug_vars")
    if dv:      # -g: the own intervals of values that are variables (toolchain.cc.debug.values)
        from ..debug.values import vregs_of
        mf.extra["debug_ivs"] = ({r: [tuple(x) for x in ivs[r].ranges] for r in vregs_of(dv)
                                  if r in ivs}, starts)
    rep = {x: x for x in ivs}
    if phis is not None and phis.by_block:
        banned = set()
        for _ in range(6):
            rep, civ, conflicts = _coalesce(mf, phis, ivs, starts, banned)
            if not conflicts:
                break
            banned.update(conflicts)
        else:
            # give up coalescing the conflicting phis entirely
            banned.update(id(mi) for ps in phis.by_block.values() for mi in ps)
            rep, civ, conflicts = _coalesce(mf, phis, ivs, starts, banned)
            if conflicts:
                raise ValueError(f"{mf.name}: unresolvable phi moves")
        cls_ivs = []
        members = {}
        for x, a in rep.items():
            members.setdefault(a, []).append(x)
        for a, ms in members.items():
            cls_ivs.append(civ.get(a) or ivs[a])
        chint = {}
        for x, hs in hints.items():
            if x in rep:
                chint.setdefault(rep[x], []).extend(hs)
        hints = chint
        intervals = cls_ivs
    else:
        members = {x: [x] for x in ivs}
    for iv in intervals:
        iv.phys = None
    intervals.sort(key=lambda iv: (iv.start, iv.reg.id))
    assign = {}         # class id -> Reg
    spilled = {}        # class id -> FrameSlot
    # operands of instructions flagged "r" (inline asm) always compete for registers
    want_reg = set()
    for b in mf.blocks:
        for mi in b.instrs:
            if "r" in mi.flags:
                want_reg.update(rep.get(r.id, r.id) for r in mi.uses() if not r.phys)
                want_reg.update(rep.get(r.id, r.id) for r in mi.defs() if not r.phys)
    if mode == "spill":
        keep = []
        for iv in intervals:
            if iv.reg.id in want_reg:
                keep.append(iv)
            else:
                spilled[iv.reg.id] = be.spill_slot(mf, iv.reg.cls)
        intervals = keep
    elif mode == "local":
        bounds = sorted(starts.values())
        total = (max(starts.values()) + 2 * max(len(mf.blocks[-1].instrs), 1)) if starts else 0
        keep = []
        for iv in intervals:
            i = bisect_right(bounds, iv.start) - 1
            limit = bounds[i + 1] if i + 1 < len(bounds) else total
            if iv.end < limit or iv.reg.id in want_reg:
                keep.append(iv)
            else:
                spilled[iv.reg.id] = be.spill_slot(mf, iv.reg.cls)
        intervals = keep
    owners = {}         # phys Reg -> intervals assigned to it that may still be live
    # spill weights (-O1+): how often each value (coalesced class) is read or written; a
    # value used more than the current interval is not evicted for it
    weight = {}
    if mode == "linear":
        for b in mf.blocks:
            for mi in b.instrs:
                for r in mi.uses():
                    if not r.phys:
                        k = rep.get(r.id, r.id)
                        weight[k] = weight.get(k, 0) + 1
                for r in mi.defs():
                    if not r.phys:
                        k = rep.get(r.id, r.id)
                        weight[k] = weight.get(k, 0) + 1

    def free_for(c, iv):
        lst = owners.get(c)
        if not lst:
            return True
        st = iv.start
        if any(o.end < st or o.phys is not c for o in lst):
            lst = owners[c] = [o for o in lst if o.end >= st and o.phys is c]
        for o in lst:
            if intersects(o, iv):
                return False
        return True

    for iv in intervals:
        cls = iv.reg.cls
        allowed = info.allocatable[cls]
        choice = None
        rid = iv.reg.id
        for h in hints.get(rid, ()):
            c = h if h.phys else assign.get(rep.get(h.id, h.id))
            if c is not None and c.cls == cls and c in allowed \
                    and not _fixed_conflict(fixed, c, iv) and free_for(c, iv):
                choice = c
                break
        if choice is None:
            for c in allowed:
                if (c not in fixed or not _fixed_conflict(fixed, c, iv)) and free_for(c, iv):
                    choice = c
                    break
        if choice is None:
            # evict the conflicting intervals of a register when they all end after the
            # current one and are used no more often (-O1+ weights), the lightest and then
            # latest-ending first; otherwise spill the current interval
            best = None
            mine = weight.get(rid, 1) if weight else 0
            for c in allowed:
                if _fixed_conflict(fixed, c, iv):
                    continue
                conf = [o for o in owners.get(c, ()) if o.phys is c and intersects(o, iv)]
                if not conf or any(o.reg.id in want_reg for o in conf):
                    continue
                m = min(o.end for o in conf)
                w = sum(weight.get(o.reg.id, 1) for o in conf) if weight else 0
                if m > iv.end and w <= mine and (best is None or (w, -m) < best[0]):
                    best = ((w, -m), c, conf)
            if best is None:
                spilled[rid] = be.spill_slot(mf, cls)
                continue
            _, choice, conf = best
            for o in conf:
                o.phys = None
                del assign[o.reg.id]
                spilled[o.reg.id] = be.spill_slot(mf, o.reg.cls)
        iv.phys = choice
        assign[rid] = choice
        owners.setdefault(choice, []).append(iv)
    # per virtual register
    a2, s2 = {}, {}
    for a, ms in members.items():
        r = assign.get(a)
        if r is not None:
            for x in ms:
                a2[x] = r
        else:
            sl = spilled.get(a)
            if sl is not None:
                for x in ms:
                    s2[x] = sl
    return a2, s2


# -- rewriting -------------------------------------------------------------------------------

def allocate(mf: MFunction, be, hooks=None, mode: str = "linear") -> None:
    """Allocate registers of ``mf`` for the Backend ``be`` (or the older ``allocate(mf,
    RegInfo, TargetHooks, mode)`` form): afterwards every operand is physical, phis are gone
    and their moves placed, ``mf.used_callee_saved`` lists the callee-saved registers used."""
    if isinstance(be, RegInfo):
        be = LegacyBackend(be, hooks)
    elif isinstance(hooks, str):
        mode = hooks
    info = reg_info(mf, be)
    dead_if_unused = getattr(be, "dead_if_unused", None)
    if mode == "linear" and dead_if_unused is not None:
        remove_dead_defs(mf, dead_if_unused)
    mf.link()
    phis = _Phis(mf, be)
    seen = {}
    assign, spilled = linear_scan(mf, be, mode, phis if phis.by_block else None, seen)
    moves, regs = seen["moves"], seen["regs"]
    dbg = mf.extra.pop("debug_ivs", None)
    if dbg is not None:         # -g -O1+: where variables' values are (debug/values.py)
        from ..debug.values import var_pieces
        where = {r: assign[r] if r in assign else spilled.get(r) for r in dbg[0]}
        dbg = (var_pieces(mf, mf.extra["debug_vars"], dbg[0], dbg[1], where),
               {id(b): list(b.instrs) for b in mf.blocks})

    def loc(r):
        if r.phys:
            return r
        x = assign.get(r.id)
        if x is not None:
            return x
        return spilled.get(r.id)

    # the moves of each edge, by placement point
    at_end = {}         # P -> [(src, dst, cls)]
    at_start = {}       # S -> [...]
    for b, ps in phis.by_block.items():
        for mi in ps:
            d = loc(mi.ops[0].reg)
            if d is None:
                continue        # the phi is never used
            cls = mi.ops[0].reg.cls
            for k, p in enumerate(mi.targets):
                r = mi.ops[k + 1].reg
                if is_undef(r):
                    continue
                s = loc(r)
                if s is None or s is d:
                    continue
                lst = at_start.setdefault(b, []) if phis.mode[(p, b)] == "start" \
                    else at_end.setdefault(p, [])
                lst.append((s, d, cls))
    scratch = info.scratch
    is_identity = be.is_identity
    for b in mf.blocks:
        out = []
        ins = b.instrs
        term = phis.term.get(b, len(ins))
        moves_end = at_end.get(b)
        started = False
        bmoves = moves[b]
        for k, mi in enumerate(ins):
            if mi.op == PHI:
                continue
            if not started:
                started = True
                mv = at_start.get(b)
                if mv:
                    out.extend(_dedupe_resolve(mv, be, scratch))
            if k == term and moves_end:
                out.extend(_dedupe_resolve(moves_end, be, scratch))
                moves_end = None
            mv = bmoves[k]
            if mv is not None and "k" not in mi.flags and not mv[0].phys and not mv[1].phys:
                sl = spilled.get(mv[0].id)
                if sl is not None and sl is spilled.get(mv[1].id) \
                        and mi.ops[0].size == mi.ops[-1].size:
                    out.append(_DROPPED(mi.loc))
                    continue        # a copy between two values coalesced into one slot
            _rewrite(mi, assign, spilled, info, be, out)
        if not started and at_start.get(b):
            out.extend(_dedupe_resolve(at_start[b], be, scratch))
        if moves_end:
            out.extend(_dedupe_resolve(moves_end, be, scratch))
        b.instrs = _kept(out, is_identity)
    if dbg is not None and any(dbg[0]):
        from ..debug.values import settle
        settle(mf, dbg[0], dbg[1])
        mf.extra["debug_values"] = dbg[0]
    used = set(assign.values())
    # registers written explicitly (inline asm clobbers...): the rewrite adds none that is
    # allocatable but those assigned, so only a callee-saved one written before it that is
    # not assigned needs the instructions kept looked at again (an identity move of it is gone)
    saved = info.callee_saved
    again = False
    for rl in regs.values():
        for x in rl:
            if x is not None:
                for r in x[1]:
                    if r.phys and r in saved and r not in used:
                        again = True
    if again:
        for b in mf.blocks:
            for mi in b.instrs:
                for r in mi.defs():
                    if r.phys:
                        used.add(r)
    mf.used_callee_saved = [r for cls in info.allocatable for r in info.allocatable[cls]
                            if r in used and r in saved]


def _dedupe_resolve(moves, be, scratch):
    seen = {}
    uniq = []
    for s, d, c in moves:
        prev = seen.get(d)
        if prev is not None:
            if prev is not s:
                raise ValueError("two values moved into one location on an edge")
            continue
        seen[d] = s
        uniq.append((s, d, c))
    return resolve(uniq, be, scratch)


def _rewrite(mi: MInstr, assign, spilled, info, hooks, out) -> None:
    # fast path: no operand is a spilled virtual register (the new operands are made first,
    # so that nothing is changed when one is)
    ops = mi.ops
    new = None
    for k, o in enumerate(ops):
        t = type(o)
        if t is ROp:
            r = o.reg
            if not r.phys:
                a = assign.get(r.id)
                if a is None:
                    break
                if new is None:
                    new = []
                new.append((k, ROp(a, o.size)))
        elif t is Mem or isinstance(o, AddrOperand):
            if t is Mem and (o.base is None or o.base.phys) \
                    and (o.index is None or o.index.phys):
                continue        # map_regs would return it unchanged
            for r in o.regs():
                if not r.phys and r.id not in assign:
                    break
            else:
                if new is None:
                    new = []
                new.append((k, o.map_regs(lambda r: assign[r.id])))
                continue
            break
    else:
        if new is not None:
            for k, o in new:
                ops[k] = o
        out.append(mi)
        return
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
