"""Variables the optimiser keeps in registers, for pycc -g -O1+ (docs/debug.md).

A variable whose alloca mem2reg promoted has no home. It is located by a location list
built from where the register allocator keeps the SSA values it holds, only where the value
shown is certain to be the variable's:

1. ``record_versions`` (called by mem2reg): every assignment of the variable becomes a
   *version*: ("def", v) when the stored value v was computed right before the store (the
   variable takes it when v is defined; a parameter's incoming value too), ("at", v,
   anchor) otherwise (a constant, another variable's value: the variable takes v where the
   instruction that followed the store starts), ("phi", p) for the phis mem2reg placed
   (the variable is p from the start of p's block). ``FuncDebug.values``: alloca ->
   ([VarRec], [version]).
2. Instruction selection (``backend/isel.py``, ``lower_located``/``select_blocks``) finds
   each version's virtual register and, for "at", the first machine instruction of the
   anchor: ``mf.extra["debug_vars"]`` ([(vars, [(kind, vreg id | ("const", n) | None,
   anchor MInstr | None)])]). A variable any of whose versions is gone (an instruction the
   optimiser erased, moved to another block, or an anchor with no code of its own) gets no
   list: a missing assignment could leave an older value showing.
3. The allocator (``backend/regalloc.py``) hands over the vregs' own live intervals and
   the blocks' positions; ``var_pieces`` runs a forward data-flow over the machine blocks
   (which version the variable holds at each position: one version, or unknown where paths
   with different versions meet without a phi) and keeps, per version, the positions where
   the variable holds it and its vreg is live (a constant: wherever it holds it), as
   anchored pieces per block (before/after a machine instruction, block start/end) with
   the vreg's register or spill slot. ``settle`` moves anchors off instructions the rewrite
   dropped and a spilled value's start past the store writing its slot.
4. ``DebugModule.function`` (``info.py``) turns anchors into labels of the emitted stream
   (``anchor_labels``) and writes the list (DW_OP_regN / DW_OP_fbreg / a constant with
   DW_OP_stack_value per piece).
"""
from __future__ import annotations

from bisect import bisect_right

from ..backend.mir import PHI
from ..ir.core import Arg, Const, Instr

_SIZES = (1, 2, 4, 8)


def record_versions(fd, stored: dict, phi_of: dict, preds: dict) -> None:
    """``stored``: promoted alloca -> [[value stored, computed right before the store, the
    next instruction kept after the store]]; ``phi_of``: phi mem2reg placed -> alloca;
    ``preds``: block -> predecessors."""
    var_of: dict = {}
    for v in fd.params:
        var_of.setdefault(v.value, []).append(v)
    work = [fd.root]
    while work:
        s = work.pop()
        for v in s.vars:
            if v.kind in ("param", "local") and v.value is not None and \
                    not any(x is v for x in var_of.get(v.value, ())):
                var_of.setdefault(v.value, []).append(v)
        work.extend(s.children)
    phis: dict = {}
    for p, a in phi_of.items():
        phis.setdefault(a, []).append(p)
    around: dict = {}
    for a in list(stored) + [a for a in phis if a not in stored]:
        vs = var_of.get(a)
        if not vs:
            continue
        gens = []
        for v, clean, anchor in stored.get(a, ()):
            if getattr(v.type, "size", 0) not in _SIZES:
                gens = None
                break
            if clean and (not isinstance(v, Arg) or all(x.kind == "param" for x in vs)):
                if isinstance(v, Instr) and anchor is not None:
                    # the store's place too: should the optimiser erase or move v, the
                    # variable's value is unknown from there on (not an older version's)
                    nb = around.get(anchor)
                    if nb is None:
                        nb = around[anchor] = _neighbours(anchor, preds)
                    gens.append(("def", v, nb[0], v.block, nb[1], nb[2], nb[3]))
                else:
                    gens.append(("def", v, None, v.block if isinstance(v, Instr) else None))
            elif anchor is not None:
                nb = around.get(anchor)
                if nb is None:
                    nb = around[anchor] = _neighbours(anchor, preds)
                gens.append(("at", v, nb[0], anchor.block, nb[1], nb[2], nb[3]))
            else:
                gens = None
                break
        if gens is None:
            continue
        for p in phis.get(a, ()):
            if p.block is not None:
                gens.append(("phi", p, None, p.block))
        if gens:
            fd.values[a] = (vs, gens)


def replaced(fd, repl: dict) -> None:
    """mem2reg replaced the loads ``repl`` (load -> value) of variables it promoted: the
    versions recorded before (an inlined callee's, whose arguments were such loads) take
    the values instead."""
    for key, (vs, gens) in list(fd.values.items()):
        if not any(isinstance(g[1], Instr) and g[1] in repl for g in gens):
            continue
        out = []
        for g in gens:
            if isinstance(g[1], Instr) and g[1] in repl:
                if g[2] is None:        # "def" where the load was: the value is older
                    out = None
                    break
                g = ("at" if g[0] == "def" else g[0], repl[g[1]]) + tuple(g[2:])
            out.append(g)
        if out is None:
            del fd.values[key]
        else:
            fd.values[key] = (vs, out)


_REACH = 64


def _neighbours(anchor, preds):
    """The instructions around a removed store, ``anchor`` being the first one kept after
    it: (after: from the anchor on, through the blocks its block's final jumps lead to;
    before: the nearest first, through the only predecessors that jump here; whether
    ``before`` goes back to the function's start). The store's place is found again after
    optimisation between the first survivors of both lists, when they are still next to
    each other (nothing was put between them). Fourth: when ``before`` holds all of a
    block whose predecessors do not just jump there, their final jumps (else None): should
    that block and everything in ``before`` be gone after optimisation, the variable is
    unknown from those jumps on."""
    b = anchor.block
    ins = [i for i in b.instrs if i.op != "phi"]
    k = next(j for j, x in enumerate(ins) if x is anchor)
    after = ins[k:k + _REACH]
    seen = {b}
    while len(after) < _REACH and after[-1].op == "jmp" and after[-1].targets and \
            after[-1] is after[-1].block.instrs[-1] and after[-1].targets[0] not in seen:
        t = after[-1].targets[0]
        seen.add(t)
        after += [i for i in t.instrs if i.op != "phi"][:_REACH - len(after)]
    before = ins[max(0, k - _REACH):k][::-1]
    whole = k < _REACH
    while whole:
        ps = preds.get(b, ())
        if not ps:
            return after, before, True, None    # back to the function's start
        t = ps[0].instrs[-1] if len(ps) == 1 and ps[0].instrs else None
        if t is None or t.op != "jmp" or ps[0] in seen or len(before) >= _REACH:
            # ``before`` holds the whole block: its predecessors' final jumps, with their
            # targets then and the block's own jump's target when the store is followed
            # by just that jump (the store is then on the edges into that target)
            tgt = after[0].targets[0] if not before and after[0].op == "jmp" and \
                after[0].targets else None
            return after, before, False, [(p.instrs[-1], tuple(p.instrs[-1].targets), tgt)
                                          for p in ps if p.instrs]
        b = ps[0]
        seen.add(b)
        before += [i for i in b.instrs if i.op != "phi"][::-1]
    return after, before[:_REACH], False, None


def anchor_instrs(fd):
    """The IR instructions isel must find the first machine instruction of."""
    out = []
    for _, gens in fd.values.values():
        for g in gens:
            if g[2] is not None:
                out.extend(g[2])
                if g[6]:
                    out.extend(j[0] for j in g[6])
                    out.extend(_first(j[2]) for j in g[6] if _first(j[2]) is not None)
    return out


def _first(b):
    """The first instruction of block b after its phis (None: none, or no block)."""
    if b is None:
        return None
    return next((i for i in b.instrs if i.op != "phi"), None)


def isel_vars(f, fd, vr: dict, anchors: dict, slots=None, params=None) -> list:
    """The versions of each recorded variable as instruction selection lowered them:
    [(vars, [(kind, vreg id | ("const", n) | None, anchor MInstr | None)])]; ``vr``: IR value
    -> vreg, ``anchors``: anchor IR instruction -> its first MInstr (None: no code in its
    block). Variables with a version that is gone are left out."""
    blocks = set(f.blocks)
    out = []
    body: dict = {}
    for vs, gens in fd.values.values():
        mg = []
        for kind, v, anchor, blk, *around in gens:
            if kind == "at" or kind == "in":
                mi = _place(anchor, around[0], around[1], f, blocks, blk, anchors, body)
                if mi is None:
                    ends = _lost(around[2], around[0], blk, blocks, anchors)
                    if ends is None:
                        break
                    mg.extend(ends)
                    # an inlined parameter: the argument from the inlined body's first
                    # instruction kept on (no other version placed before it)
                    mi = _body_start(around[3], gens, blocks, anchors) \
                        if kind == "in" else None
                    if mi is None:
                        continue
                if isinstance(v, Const):
                    val = ("const", v.value) if type(v.value) is int else None
                elif slots and isinstance(v, Instr) and v.op == "alloca" and \
                        hasattr(slots.get(v), "offset"):
                    val = ("addr", slots[v])        # a frame object's address
                else:
                    r = vr.get(v)
                    val = r.id if r is not None and not r.phys else None
                mg.append(("at", val, mi))
                continue
            r = vr.get(v)
            if r is None or r.phys or (isinstance(v, Instr) and not _in_place(v, blk, blocks)):
                if anchor is None:
                    break
                # a computed value the optimiser erased or moved: unknown from the store on
                mi = _place(anchor, around[0], around[1], f, blocks, blk, anchors, body)
                if mi is not None:
                    mg.append(("at", None, mi))
                    continue
                ends = _lost(around[2], around[0], blk, blocks, anchors)
                if ends is None:
                    break
                mg.extend(ends)
                continue
            # a parameter's incoming register: where it is until copied (the prologue)
            mg.append((kind, r.id, params.get(v) if params and isinstance(v, Arg) else None))
        else:
            out.append((vs, mg))
    return out


def _place(after, before, whole, f, blocks, blk, anchors, body):
    """The first machine instruction where a removed store's variable takes its value: at
    the first surviving instruction of ``after`` when the instruction right before it (in
    its block, now) is the first surviving one of ``before`` — or, none surviving, when it
    begins the store's own block (``before`` is that block's beginning) or the function
    (``whole``: ``before`` goes back to the function's start). None when that cannot be
    told."""
    a = next((i for i in after if i.block is not None and i.block in blocks), None)
    if a is None:
        return None
    b = a.block
    ins = body.get(b)
    if ins is None:
        ins = body[b] = {id(x): k for k, x in enumerate(x for x in b.instrs if x.op != "phi")}
    k = ins.get(id(a))
    p = next((i for i in before if i.block is not None and i.block in blocks), None)
    if p is not None:
        ok = p.block is b and ins.get(id(p)) == k - 1
    elif whole:
        ok = k == 0 and b is f.entry
    else:
        ok = k == 0 and b is blk and len(before) < _REACH
    return anchors.get(a) if ok else None


def _body_start(body, gens, blocks, anchors):
    """The first machine instruction of the first instruction of ``body`` (an inlined
    callee's entry block, cloned) still there, when no other version of the variable is
    placed at or before it in ``body`` (a parameter assigned right away); else None."""
    k = next((j for j, i in enumerate(body) if i.block is not None and i.block in blocks),
             None)
    if k is None or anchors.get(body[k]) is None:
        return None
    pre = set(map(id, body[:k + 1]))
    for g in gens:
        if g[0] == "in":
            continue
        if id(g[1]) in pre or (g[2] and id(g[2][0]) in pre):
            return None
    return anchors[body[k]]


def _lost(jumps, before, blk, blocks, anchors):
    """A store whose block ``blk`` (mem2reg's view: the instructions ``before`` it, then
    entered by the final jumps ``jumps``) is gone after optimisation, with none of
    ``before`` kept (the store's place is on the edges out of those jumps): the first
    machine instruction of each jump: the variable is unknown from the end of its machine
    block on (before the store on every path to it, so never a wrong value; the jumps'
    other successors lose the variable too). None when ``blk`` or one of ``before`` is still there, or a jump is
    gone, is no longer its block's last instruction, or has no code of its own."""
    if not jumps or blk is None or blk in blocks or \
            any(i.block is not None and i.block in blocks for i in before):
        return None
    out = []
    for t, was, tgt in jumps:
        b = t.block
        if b is None or b not in blocks or b.instrs[-1] is not t:
            return None
        mi = anchors.get(t)
        if mi is None:
            return None
        # the jump now goes where the removed block went (every other target as before):
        # the store is on those edges only, its other successors keep the variable
        mt = anchors.get(_first(tgt)) if tgt is not None and tgt in blocks else None
        if mt is not None and len(t.targets) == len(was) and \
                all(x is y or (y is blk and _into(x, tgt)) for x, y in zip(t.targets, was)):
            out.append(("edge", None, (mi, mt)))
        else:
            out.append(("end", None, mi))
    return out


def _into(x, tgt) -> bool:
    """Block x is tgt, or a block just jumping there (a split edge)."""
    if x is tgt:
        return True
    ins = x.instrs
    return len(ins) == 1 and ins[0].op == "jmp" and ins[0].targets == [tgt]


def _in_place(ins, blk, blocks) -> bool:
    """ins is still in the block mem2reg saw it in, or that block was merged away (not
    moved out of a loop by licm, nor erased)."""
    b = ins.block
    if b is None or b not in blocks:
        return False
    return b is blk or blk not in blocks


def vregs_of(dvars) -> set:
    return {val for _, gens in dvars for _, val, _ in gens if type(val) is int}


def var_pieces(mf, dvars, ranges: dict, starts: dict, where: dict) -> list:
    """Before operands are rewritten: for each variable of ``dvars``, [(location, [(start
    anchor, end anchor)])], location being a physical Reg, a FrameSlot or ("const", n).
    ``ranges``: vreg id -> its own interval ([start, end] positions: instruction k of a block
    at B reads at B+2k and writes at B+2k+1), ``where``: vreg id -> Reg or FrameSlot."""
    blocks = mf.blocks
    defs: dict = {}             # vreg id -> (block, last definition's position)
    want = set(ranges)
    phi_block: dict = {}
    for b in blocks:
        p0 = starts[b]
        for k, mi in enumerate(b.instrs):
            for r in mi.defs():
                if not r.phys and r.id in want:
                    prev = defs.get(r.id)
                    if prev is not None and prev[0] is not b:
                        defs[r.id] = (None, 0)      # defined in several blocks
                    else:
                        defs[r.id] = (b, p0 + 2 * k + 1)
                    if mi.op == PHI:
                        phi_block[r.id] = b
    at_pos = {}
    for b in blocks:
        p0 = starts[b]
        for k, mi in enumerate(b.instrs):
            at_pos[id(mi)] = (b, p0 + 2 * k)
    order = sorted(blocks, key=starts.__getitem__)
    out = []
    for vs, gens in dvars:
        res = _one_var(mf, gens, defs, phi_block, at_pos, order, ranges, starts, where)
        out.append(res)
    return out


def _one_var(mf, gens, defs, phi_block, at_pos, order, ranges, starts, where):
    # the positions where each version begins: block -> [(position, version index)]
    gen_at: dict = {}
    phi_in: dict = {}
    edge_in: dict = {}          # (machine block, successor) -> version on that edge
    for j, (kind, val, mi) in enumerate(gens):
        if kind == "edge":
            x, t = at_pos.get(id(mi[0])), at_pos.get(id(mi[1]))
            if x is None or t is None:
                return []
            tb = t[0]
            # the jump's machine block enters t's directly or through a block of its own
            # (moves on the edge); any other successor leading into t's block too is an
            # edge not understood: unknown on every edge then
            hit = [s for s in x[0].succs if s is tb or s.succs == [tb] and s.preds == [x[0]]]
            if hit and not any(tb in s.succs for s in x[0].succs if s not in hit):
                for s in hit:
                    edge_in[(x[0], s)] = j
                continue
            kind, mi = "end", mi[0]
        if kind == "at" or kind == "end":
            bp = at_pos.get(id(mi))
            if bp is None:
                return []
            b = bp[0]
            # "end": from the end of the machine block of mi (a final jump) on
            p = bp[1] if kind == "at" else starts[b] + 2 * max(len(b.instrs), 1) - 1
            gen_at.setdefault(b, []).append((p, j))
            continue
        d = defs.get(val)
        if d is None or d[0] is None:
            return []
        if kind == "phi":
            b = phi_block.get(val)
            if b is None or b in phi_in:
                return []
            phi_in[b] = j
        else:
            gen_at.setdefault(d[0], []).append((d[1], j))
    for lst in gen_at.values():
        lst.sort()
    # forward data-flow: the version held on entry to each block (-1 unknown, None not yet)
    UNK = -1
    state_in = {b: None for b in order}
    entry = mf.blocks[0]

    def out_of(b):
        s = state_in[b]
        g = gen_at.get(b)
        return g[-1][1] if g else s

    changed = True
    while changed:
        changed = False
        for b in order:
            if b in phi_in:
                s = phi_in[b]
            elif b is entry:
                s = UNK
            else:
                s = None
                for p in b.preds:
                    o = edge_in.get((p, b)) if edge_in else None
                    if o is None:
                        o = out_of(p)
                    if o is None:
                        continue
                    if s is None:
                        s = o
                    elif s != o:
                        s = UNK
                        break
                if s is None:
                    continue
            if state_in[b] != s:       # only lowers: not yet -> a version -> unknown
                state_in[b] = s
                changed = True
    # per version: position segments where the variable holds it
    segs: dict = {}
    for b in order:
        bs = starts[b]
        be = bs + 2 * max(len(b.instrs), 1) - 1
        cur, lo = state_in[b], bs
        for p, j in gen_at.get(b, ()):
            if cur is not None and cur != UNK and p - 1 >= lo:
                segs.setdefault(cur, []).append((b, lo, p - 1))
            cur, lo = j, p
        if cur is not None and cur != UNK and be >= lo:
            segs.setdefault(cur, []).append((b, lo, be))
    res = []
    for j, (kind, val, _) in enumerate(gens):
        ss = segs.get(j)
        if not ss:
            continue
        if type(val) is tuple:          # a constant: wherever the variable holds it
            loc, pieces = val, [(b, lo, hi) for b, lo, hi in ss]
        elif val is None:
            continue
        else:
            loc = where.get(val)
            rs = ranges.get(val)
            if loc is None or not rs:
                continue
            pieces = []
            for b, lo, hi in ss:
                for s, e in rs:
                    a, z = max(s, lo), min(e, hi)
                    if a <= z:
                        pieces.append((b, a, z))
        anchored = []
        for b, lo, hi in pieces:
            x = _anchors(b, starts[b], lo, hi)
            if x is not None:
                anchored.append(x)
        if anchored:
            res.append((loc, anchored))
    for kind, val, reg in gens:
        if kind == "def" and reg is not None and getattr(reg, "phys", False):
            x = _incoming(entry, defs.get(val), starts, reg)
            if x is not None:
                res.append((reg, [x]))
    return res


def _incoming(entry, d, starts, reg):
    """A parameter's value defined in the entry block by a copy of its incoming register
    ``reg``: the piece from the function's start to that copy (nothing before it writes
    the register), else None."""
    if d is None or d[0] is not entry:
        return None
    k = (d[1] - starts[entry]) // 2
    ins = entry.instrs
    if k >= len(ins) or reg not in ins[k].uses():
        return None
    for mi in ins[:k]:
        if "c" in mi.flags or any(r.phys and r.id == reg.id for r in mi.defs()):
            return None
    return ("s", entry), ("b", ins[k])


def _anchors(b, bs, lo, hi):
    """Positions lo..hi of block b as (start anchor, end anchor): ("b", mi) before mi, ("a",
    mi) after mi, ("s", b) the block's start, ("e", b) its end; None when empty."""
    ins = b.instrs
    be = bs + 2 * max(len(ins), 1) - 1
    k = (lo - bs) // 2
    if lo & 1 and k < len(ins) and ins[k].op != PHI:
        if k >= len(ins) - 1:
            return None
        start = ("a", ins[k])
    elif lo == bs:
        start = ("s", b)
    else:
        # a phi's value (after the moves at the block's start), or from an instruction on
        while k < len(ins) and ins[k].op == PHI:
            k += 1
        if k >= len(ins):
            return None
        start = ("b", ins[k])
    k = (hi - bs) // 2
    if hi == be or k >= len(ins):
        end = ("e", b)
    elif ins[k].op == PHI:
        return None
    else:
        end = ("a", ins[k])
    if start[0] == "a" and end[0] == "a" and start[1] is end[1]:
        return None
    return start, end


def settle(mf, pieces: list, before: dict) -> None:
    """After rewriting (``before``: id(block) -> its instructions as ``var_pieces`` saw
    them): an anchor on an instruction the rewrite dropped (an identity move, a copy into
    one slot) moves to the nearest one kept, the dropped one doing nothing; a spilled
    value's piece starting after an instruction starts after the stores writing its slot."""
    at = {}
    for b in mf.blocks:
        for k, mi in enumerate(b.instrs):
            at[id(mi)] = (b, k)
    home = {}
    for b in mf.blocks:
        for mi in before.get(id(b), ()):
            home[id(mi)] = b

    def kept(a):
        kind, mi = a
        if kind not in ("a", "b") or id(mi) in at:
            return a
        b = home.get(id(mi))
        if b is None:
            return None
        old = before[id(b)]
        k = next(j for j, x in enumerate(old) if x is mi)
        if kind == "a":
            for x in reversed(old[:k]):
                if id(x) in at:
                    return ("a", x)
            return ("s", b)
        for x in old[k + 1:]:
            if id(x) in at:
                return ("b", x)
        return ("e", b)

    for var in pieces:
        for n, (loc, ps) in enumerate(var):
            spilled = hasattr(loc, "offset")
            new = []
            for start, end in ps:
                start, end = kept(start), kept(end)
                if start is None or end is None:
                    continue
                if spilled and start[0] == "a":
                    b, k = at[id(start[1])]
                    ins = b.instrs
                    k += 1
                    while k < len(ins) and _mentions_slot(ins[k], loc):
                        k += 1
                    start = ("b", ins[k]) if k < len(ins) else ("e", b)
                    if end[0] == "a" and at[id(end[1])][1] < k:
                        continue
                new.append((start, end))
            var[n] = (loc, new)


def _mentions_slot(mi, slot) -> bool:
    return any(getattr(o, "slot", None) is slot for o in mi.ops)


def anchor_labels(items: list, start: int, mf, pieces: list, label) -> list:
    """Labels in the emitted function ``items[start:]`` for each piece: returns, per
    variable, [(location, [(start label, end label)])], inserting the labels. Streams of
    MInstr objects (x86-64) are matched by identity; targets emitting their own objects put
    a ``LocMark`` before each machine instruction's code (``mf.extra["debug_values"]`` asks
    their emitters to mark every one). A piece whose anchor was not emitted, or emitted
    twice (a tail the block layout copied), is left out; a block's end is before a copied
    tail."""
    from ..backend.mir import LocMark
    pos: dict = {}          # id(MInstr) -> index where its code starts
    # instructions emitted twice: block layout copies small tails in place of the jumps to
    # them (layout.duplicate_small_tails); the copy runs in another context
    dup: set = set()
    marked = False
    labels: dict = {}       # label line -> index
    ends = []               # indices where an instruction's code may end (marked streams)
    endproc = len(items)
    for k in range(start, len(items)):
        it = items[k]
        t = type(it)
        if t is str:
            if it.endswith(":"):
                labels[it] = k
                ends.append(k)
            elif it.strip() == ".cfi_endproc":
                endproc = k
                ends.append(k)
                break
        elif t is LocMark:
            marked = True
            if pos.setdefault(id(it.mi), k) != k:
                dup.add(id(it.mi))
            ends.append(k)
        elif pos.setdefault(id(it), k) != k:
            dup.add(id(it))
    blocks = mf.blocks
    # the entry block's start is the function's: the prologue writes no register a value
    # can be in at its start (an incoming argument's)
    fstart = labels.get(mf.name + ":")
    if fstart is None:
        fstart = next((k for k in range(start, len(items))
                       if type(items[k]) is str and items[k] == mf.name + ":"), None)
    nxt = {}
    for i, b in enumerate(blocks):
        nxt[id(b)] = labels.get(blocks[i + 1].label + ":", endproc) if i + 1 < len(blocks) \
            else endproc

    def index(a):
        kind, x = a
        if kind in ("a", "b") and id(x) in dup:
            return None
        if kind == "b":
            return pos.get(id(x))
        if kind == "a":
            k = pos.get(id(x))
            if k is None or not marked:
                return None if k is None else k + 1
            j = bisect_right(ends, k)
            return ends[j] if j < len(ends) else endproc
        if kind == "s":
            k = fstart if x is blocks[0] and fstart is not None else labels.get(x.label + ":")
            return None if k is None else k + 1
        k = labels.get(x.label + ":")
        e = nxt.get(id(x))
        if k is None or e is None:
            return None
        for j in range(k + 1, e):       # the end of the block's own code, before a copied tail
            it = items[j]
            if type(it) is not str and id(it.mi if type(it) is LocMark else it) in dup:
                return j
        return e

    inserts = []
    out = []
    for var in pieces:
        res = []
        for loc, ps in var:
            spans = []
            for a, z in ps:
                i, j = index(a), index(z)
                if i is None or j is None or i >= j:
                    continue
                lo, hi = label(), label()
                inserts.append((i, lo))
                inserts.append((j, hi))
                spans.append((i, lo, hi))
            if spans:
                spans.sort()
                res.append((loc, [(lo, hi) for _, lo, hi in spans]))
        out.append(res)
    inserts.sort(key=lambda t: t[0], reverse=True)
    for k, lab in inserts:
        items.insert(k, f"{lab}:")
    return out
