"""Whole-object copies of local aggregates forwarded, and the copies nobody reads removed.

GNU vector values (``__m128i``...) and small structs live in memory: each intrinsic inlined
from the headers copies its arguments into parameter slots, its result into a temporary and
that into the variable (``memcpy`` of 16/32/64 bytes each time), so copies outnumber the
operations many times over. This pass makes each value live in one place:

- Forwarding: after ``memcpy D, S, n`` where D is a *local* alloca of exactly n bytes, a later
  read of D (a ``load`` at a constant offset, the source of a ``memcpy``, a ``byval`` call
  argument) reads S instead while neither D nor S may have been written since. Reads are
  rewritten before the instruction's own writes are applied. A second whole copy of the same
  source into another local copies the first local instead (aligned, and then renamed).
- Renaming (``_rename``): a local written only by one whole copy from another local, read
  only after it, whose source is written only before it, is replaced by that source.
- A ``memset`` of a whole local that is overwritten whole (by a ``memcpy``, or by stores at
  constant offsets) before any read of it is removed (the lowering zero-fills a vector
  variable or compound literal before its initialiser's copy or element stores).
- A local that is then only written (no load, no copy from it, no byval use, not returned)
  loses its stores, copies and memsets (``dce`` removes the alloca and its ``ptradd``s).

A *local* is an entry-block alloca of constant size whose address never escapes: it is used
only as the address of loads and stores, through constant or variable ``ptradd``s, as a
``memcpy``/``memset`` operand, as a call's ``sret`` destination or ``byval`` argument (the
callee gets a copy), in pointer comparisons, or returned as an aggregate (``ret S %p``). So
only instructions naming it (through its ``ptradd``s) can touch it; a call writes only its
``sret`` destination. Any other write (through an unknown pointer, a call, asm, atomics,
fences) may change every source that is not a local, which ends those copies. Blocks are
visited in reverse postorder; a block with one predecessor starts with what was known at that
predecessor's end (so a copy before an ``if`` is still known inside it), any other block with
nothing; a pending memset is carried only into a block that is its predecessor's only
successor. Loads are forwarded only when the source address is known aligned to the load's
size, byval arguments and renamed locals only when the source is as aligned as the local (up
to ``MAX_ALIGN``); a rewritten ``memcpy`` takes the smaller alignment of the two copies.
"""
from __future__ import annotations

from ..ir import types as T
from ..ir.cfg import DomTree, reverse_postorder
from ..ir.core import Const, Function, Instr, SymRef
from .memfwd import _root

# no access in the IR needs more alignment than this (i128/f128, one SSE vector; the x86
# builtins move wider vectors with unaligned moves); a local's own alignment above it is not
# observable without its address escaping
MAX_ALIGN = 16
# instructions that may write memory other than through their named operands
_WRITES_ANY = frozenset(("call", "asm", "atomicrmw", "cmpxchg", "fence", "va_start", "va_copy",
                         "va_arg", "va_end", "stackrestore", "nonlocal_goto", "trampoline_init"))


def _byval_index(ins: Instr):
    """{argument index in ins.args: True} for a call's byval arguments; and its sret index."""
    info = ins.extra
    sret = getattr(info, "sret", None)
    first = 2 if sret is not None else 1
    out = set()
    for k, bv in enumerate(getattr(info, "byval", None) or ()):
        if bv is not None and first + k < len(ins.args):
            out.add(first + k)
    return out, (1 if sret is not None else None)


def _sret_only(ins: Instr) -> bool:
    """A call of a target builtin (``__builtin_*``: the back end selects its instructions in
    place of the call) on vectors (byval or sret operands) with no other pointer operand: it
    reads its byval operands and writes only its sret destination, after reading them."""
    fn = ins.args[0]
    if type(fn) is not SymRef or not fn.name.startswith("__builtin_"):
        return False
    byval, sret = _byval_index(ins)
    if not byval and sret is None:
        return False        # not a vector operation (fences, pause...)
    return all(not a.type.is_ptr or k in byval or k == sret
               for k, a in enumerate(ins.args) if k)


def _locals(f: Function) -> dict:
    """{alloca: (size, align)} of the entry block's constant-size allocas that do not escape."""
    out = {}
    for a in f.entry.instrs:
        if a.op != "alloca" or not isinstance(a.args[0], Const):
            continue
        ok = True
        work = [a]
        while work and ok:
            v = work.pop()
            for u in v.users:
                op = u.op
                if op == "load" or op == "icmp" or op == "ret":
                    continue
                if op == "store" and u.args[1] is v and u.args[0] is not v:
                    continue
                if op == "ptradd" and u.args[0] is v and u.args[1] is not v:
                    work.append(u)
                    continue
                if op in ("memcpy", "memset") and u.args[2] is not v:
                    continue
                if op == "call":
                    byval, sret = _byval_index(u)
                    if all((k in byval or k == sret) for k, x in enumerate(u.args) if x is v):
                        continue
                ok = False
                break
        if ok:
            out[a] = (a.args[0].value, a.extra or 1)
    return out


class _Copy:
    """Local ``dst`` holds the bytes of ``src`` (a pointer), copied with alignment ``align``."""
    __slots__ = ("src", "root", "local", "align")

    def __init__(self, src, root, local, align):
        self.src = src
        self.root = root
        self.local = local
        self.align = align


def _address(ins: Instr, src, off: int):
    """``src + off`` as a value usable just before ``ins`` (a new ptradd when off != 0)."""
    if off == 0:
        return src
    b = ins.block
    return b.insert(b.instrs.index(ins), Instr("ptradd", T.PTR, [src, Const(T.I64, off)]))


def _align(p, claimed: int) -> int:
    """The alignment known of address ``p``: what an alloca and a constant offset give, at
    least what the instruction using it claims."""
    r, off = _root(p)
    if isinstance(r, Instr) and r.op == "alloca" and off is not None:
        a = r.extra or 1
        if off:
            a = min(a, off & -off)
        return max(a, claimed)
    return claimed


def _reads(ins: Instr, local: dict) -> list:
    """The locals ``ins`` reads the memory of."""
    op = ins.op
    if op == "load" or op == "ret":
        ps = ins.args[:1]
    elif op == "memcpy":
        ps = ins.args[1:2]
    elif op == "call":
        ps = [ins.args[k] for k in _byval_index(ins)[0]]
    else:
        return []
    return [r for r in (_root(p)[0] for p in ps) if r in local]


def aggcopy(f: Function) -> bool:
    local = _locals(f)
    if not local:
        return False
    if not any(u.op == "memcpy" and u.args[0] is a for a in local for u in a.users):
        return _write_only(local)       # no whole copy into a local: nothing to forward
    changed = False
    preds = f.preds()
    ends = {}
    ends_pending = {}
    for b in reverse_postorder(f):
        ps = preds.get(b, ())
        avail = dict(ends.get(ps[0], ())) if len(ps) == 1 else {}
        # local -> its whole memset not read yet (carried only along a straight line of blocks)
        pending = dict(ends_pending.get(ps[0], ())) \
            if len(ps) == 1 and len(ps[0].succs) == 1 else {}
        for ins in list(b.instrs):
            op = ins.op
            # -- reads: forwarded to the copy's source ---------------------------------------
            if op == "load" and avail:
                r, off = _root(ins.args[0])
                c = avail.get(r)
                if c is not None and off is not None and ins.extra is None and 0 <= off \
                        and off + ins.type.size <= local[r][0] \
                        and min(c.align, off & -off if off else c.align) >= ins.type.size:
                    ins.set_operand(0, _address(ins, c.src, off))
                    changed = True
            elif op == "memcpy" and avail and isinstance(ins.args[2], Const):
                r, off = _root(ins.args[1])
                c = avail.get(r)
                if c is not None and off is not None and 0 <= off \
                        and off + ins.args[2].value <= local[r][0] \
                        and _root(ins.args[0])[0] is not c.root:
                    ins.set_operand(1, _address(ins, c.src, off))
                    ins.extra = min(ins.extra or 1, c.align)
                    changed = True
            elif op == "call" and avail:
                byval, sret = _byval_index(ins)
                sroot = _root(ins.args[sret])[0] if sret is not None else None
                for k in byval:
                    a = ins.args[k]
                    c = avail.get(a)
                    if c is not None and c.root is not sroot \
                            and c.align >= min(local[a][1], MAX_ALIGN):
                        ins.set_operand(k, c.src)
                        changed = True
            # -- what is read now: a pending memset is needed -----------------------------------
            if pending:
                for r in _reads(ins, local):
                    pending.pop(r, None)
            # -- writes -------------------------------------------------------------------------
            dst = None
            if op == "store":
                dst = ins.args[1]
            elif op in ("memcpy", "memset"):
                dst = ins.args[0]
            elif op == "call":
                sret = _byval_index(ins)[1]
                if sret is not None:
                    dst = ins.args[sret]
            elif op == "load" and ins.extra is not None:
                avail = {d: c for d, c in avail.items() if c.local}
            if op == "store" and pending and ins.extra is None:
                r, off = _root(dst)
                p = pending.get(r)
                if p is not None and off is not None and off >= 0:    # stores covering a memset
                    mask = p[1] | ((1 << ins.args[0].type.size) - 1) << off
                    if mask & ((1 << local[r][0]) - 1) == (1 << local[r][0]) - 1:
                        p[0].erase()
                        del pending[r]
                        changed = True
                    else:
                        pending[r] = (p[0], mask)
            if dst is not None:
                r = _root(dst)[0]
                if r in local:
                    avail.pop(r, None)
                    avail = {d: c for d, c in avail.items() if c.root is not r}
                else:
                    avail = {d: c for d, c in avail.items() if c.local}
            if op in _WRITES_ANY and not (op == "call" and _sret_only(ins)):
                avail = {d: c for d, c in avail.items() if c.local}
            # -- a whole copy into a local: recorded; a whole memset of one: pending ------------
            if op in ("memcpy", "memset") and dst in local and isinstance(ins.args[2], Const) \
                    and ins.args[2].value == local[dst][0]:
                if op == "memset":
                    pending[dst] = (ins, 0)
                    continue
                m = pending.pop(dst, None)
                if m is not None:
                    m[0].erase()
                    changed = True
                s = ins.args[1]
                sr = _root(s)[0]
                if sr is dst:
                    continue
                if sr not in local:     # the same bytes already copied into another local
                    for d1, c in avail.items():
                        if c.src is s and d1 is not dst and local[d1][0] == local[dst][0]:
                            ins.set_operand(1, d1)
                            ins.extra = min(local[d1][1], local[dst][1])
                            s = sr = d1
                            changed = True
                            break
                avail[dst] = _Copy(s, sr, sr in local, _align(s, ins.extra or 1))
        ends[b] = avail
        ends_pending[b] = pending
    changed |= _rename(f, local)
    changed |= _into_destination(f, local)
    return _write_only(local) or changed


def _into_destination(f: Function, local: dict) -> bool:
    """``call @__builtin_X(sret L, ...)`` then ``memcpy P, L`` (whole) with nothing touching
    memory in between and no other read of L: the builtin writes P itself (its result is
    stored after its operands are read, so P may be one of them)."""
    changed = False
    for b in f.blocks:
        last = None         # the last sret builtin call, while only non-memory code follows
        for ins in list(b.instrs):
            op = ins.op
            if op == "memcpy" and last is not None and ins.args[1] is last.args[1] \
                    and isinstance(ins.args[2], Const):
                l = ins.args[1]
                d = ins.args[0]
                if l in local and ins.args[2].value == local[l][0] and d is not l \
                        and not (isinstance(d, Instr) and d.block is b
                                 and b.instrs.index(d) > b.instrs.index(last)) \
                        and getattr(last.extra.sret, "size", None) == ins.args[2].value \
                        and _accesses(l) == ([last], [ins]):
                    last.set_operand(1, ins.args[0])
                    ins.erase()
                    changed = True
                    last = None
                    continue
            if op == "call" and _byval_index(ins)[1] is not None and _sret_only(ins) \
                    and ins.args[1] in local:
                last = ins
            elif op in _WRITES_ANY or op in ("load", "store", "memcpy", "memset", "ret"):
                last = None
    return changed


def _accesses(a: Instr):
    """(writes, reads) of local ``a``: the instructions storing to, copying into, setting or
    returning into it (sret), and the other memory users, through its ``ptradd``s."""
    writes, reads = [], []
    work = [a]
    while work:
        v = work.pop()
        for u in v.users:
            op = u.op
            if op == "ptradd":
                work.append(u)
            elif op == "store" and u.args[1] is v or op in ("memset", "memcpy") and u.args[0] is v:
                writes.append(u)
                if op == "memcpy" and u.args[1] is v:
                    reads.append(u)
            elif op == "call" and _byval_index(u)[1] is not None and u.args[1] is v:
                writes.append(u)
                if sum(x is v for x in u.args) > 1:
                    reads.append(u)
            else:
                reads.append(u)
    return writes, reads


def _reaches(w: Instr, targets: set, stop: Instr) -> bool:
    """Can execution go from just after ``w`` to one of ``targets`` without passing ``stop``?"""
    def scan(b, k):
        for ins in b.instrs[k:]:
            if ins is stop:
                return None
            if ins in targets:
                return True
        return False
    r = scan(w.block, w.block.instrs.index(w) + 1)
    if r is not False:
        return bool(r)
    seen = set()
    work = list(w.block.succs)
    while work:
        b = work.pop()
        if b in seen:
            continue
        seen.add(b)
        r = scan(b, 0)
        if r:
            return True
        if r is False:
            work.extend(b.succs)
    return False


def _rename(f: Function, local: dict) -> bool:
    """A local D with one whole ``memcpy D, L`` from another local L of at least D's alignment,
    when every read of D comes after the copy (is dominated by it) and no read of D can be
    reached from a write of L, or from another write of D, without passing the copy: D's
    reads read L (D is replaced by L; the copy and D's other writes go)."""
    changed = False
    dt = DomTree.of(f)
    order = {}

    def before(x: Instr, y: Instr) -> bool:      # x dominates y (x is not y)
        if x.block is y.block:
            b = x.block
            if b not in order:
                order[b] = {ins: k for k, ins in enumerate(b.instrs)}
            return order[b][x] < order[b][y]
        return dt.dominates(x.block, y.block)

    for d, (size, align) in list(local.items()):
        writes, reads = _accesses(d)
        m = None
        for w in writes:        # the one whole copy from a local
            if w.op == "memcpy" and w.args[0] is d and w.args[1] in local:
                m = w if m is None else False
        if not m or any(w.op == "call" or w.op == "store" and w.extra is not None
                        for w in writes):
            continue
        src = m.args[1]
        if src is d or local[src][1] < min(align, MAX_ALIGN) or not isinstance(m.args[2], Const) \
                or m.args[2].value != size or local[src][0] < size:
            continue
        if not all(before(m, r) for r in reads):
            continue
        swrites, sreads = _accesses(src)
        if any(r.op == "icmp" for r in reads + sreads):
            continue        # their addresses are compared: they must stay two objects
        rs = set(reads)
        if any(_reaches(w, rs, m) for w in swrites + writes if w is not m):
            continue
        for w in writes:        # the earlier writes of d: every read sees the copy instead
            w.erase()
        d.replace_all_uses(src)
        order.clear()
        changed = True
    return changed


def _write_only(local: dict) -> bool:
    """Remove the writes to locals that nothing reads."""
    changed = False
    for a in local:
        writes, reads = _accesses(a)
        if not reads and writes:
            for w in writes:
                if w.op != "call" and not (w.op == "store" and w.extra is not None):
                    w.erase()
                    changed = True
    return changed
