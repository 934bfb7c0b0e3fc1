"""The line table and code ranges of one function for pycc -g: after the back end emitted a
function into the stream, ``.loc`` directives are put before the instructions that start a
new source position (``MInstr.loc``), and labels mark the function's end and the address
ranges of its lexical scopes.

The stream is matched against the allocated machine function: instructions are emitted as
the same ``MInstr`` objects, except those the target expands while emitting (the return
becomes the epilogue), whose position goes to the first instruction of the expansion;
instructions before the first block (the prologue) take the position of the body's "{".
"""
from __future__ import annotations

from ..backend.mir import LocMark, MInstr
from .dwarf import quote


class FuncRanges:
    """What the DWARF writer needs of an emitted function: its label range and the
    ``(start, end)`` label pairs of each scope that has variables."""
    __slots__ = ("begin", "end", "scopes")

    def __init__(self, begin, end):
        self.begin = begin
        self.end = end
        self.scopes: dict = {}      # Scope -> [(start label, end label)]


def _wanted(scope) -> bool:
    return bool(scope.vars) or scope.inl is not None


class LineState:
    """Per module: the file table (``.file N``) and label numbering."""

    def __init__(self, primary: str):
        self.files = {primary: 1}
        self.pending_files: list[str] = []
        self.nlabel = 0

    def file_index(self, name: str) -> int:
        n = self.files.get(name)
        if n is None:
            n = self.files[name] = len(self.files) + 1
            self.pending_files.append(name)
        return n

    def label(self, prefix: str) -> str:
        self.nlabel += 1
        return f"{prefix}{self.nlabel}"


def annotate(items: list, start: int, mf, fd, st: LineState,
             late_after_call: bool = False) -> FuncRanges:
    """Rewrite ``items[start:]`` (one function as emitted) in place with ``.loc`` directives
    and range labels; returns the function's ranges. ``late_after_call`` (a target fact,
    LocMark streams): a position starting right after a call starts one instruction late."""
    orig = []
    first_at = {}           # block label line -> index of its first instruction in orig
    for b in mf.blocks:
        first_at[b.label + ":"] = len(orig)
        orig.extend(b.instrs)
    index = {}
    dups: dict = {}         # instructions in several blocks (tails the layout copied)
    for k, mi in enumerate(orig):
        if index.setdefault(id(mi), k) != k:
            dups.setdefault(id(mi), [index[id(mi)]]).append(k)

    def where(mi):
        """mi's index in orig: of a copied one, its occurrence in the current block."""
        k = index.get(id(mi))
        if k is not None and id(mi) in dups:
            k = next((x for x in dups[id(mi)] if x >= p), dups[id(mi)][-1])
        return k
    block_labels = {b.label + ":" for b in mf.blocks}
    root = fd.root
    rng = FuncRanges(mf.name, st.label(".LFE"))
    chain_cache: dict = {}

    def chain(scope):
        """The scopes with variables from the root down to ``scope`` (as a tuple)."""
        c = chain_cache.get(scope)
        if c is None:
            if scope is None or scope.func is not fd:
                c = ()
            else:
                c = chain(scope.parent) + ((scope,) if scope is not root and _wanted(scope)
                                           else ())
            chain_cache[scope] = c
        return c

    new = items[:start]
    cur_line = None         # (file, line, col) of the last .loc
    cur_chain = ()
    open_at: dict = {}      # Scope -> start label
    seen_block = False
    in_repl = False
    p = 0
    tail = items[start:]
    n = len(tail)
    # targets that emit their own instruction objects mark the located ones (LocMark);
    # for them an unmarked instruction continues the current position
    marked = any(type(x) is LocMark for x in tail)
    k = 0
    ended = False
    delayed = None          # a position entered one instruction late (a return after a call)
    skip = 0
    while k < n:
        it = tail[k]
        k += 1
        if type(it) is str:
            if ended:
                new.append(it)
                continue
            if it in block_labels:
                seen_block = True
                in_repl = False
                p = first_at[it]
                # the position of the block's first located instruction goes at its label:
                # spill reloads before it belong to the statement
                for j in range(k, n):
                    x = tail[j]
                    if type(x) is str:
                        if x in block_labels:
                            break
                        continue
                    if type(x) is LocMark:
                        x = x.mi
                    loc = x.loc if id(x) in index else None
                    if loc is not None:
                        new.append(it)
                        cur_line, cur_chain = _enter(new, loc, cur_line, cur_chain, chain,
                                                     open_at, rng, st)
                        it = None
                    break
                if it is not None:
                    new.append(it)
                continue
            if it.strip() == ".cfi_endproc":
                _close(new, (), cur_chain, open_at, rng, st)
                cur_chain = ()
                new.append(f"{rng.end}:")
                new.append(it)
                ended = True
                continue
            new.append(it)
            continue
        if type(it) is LocMark:
            # a target that emits its own instruction objects marks where each located
            # machine instruction starts; what follows until the next mark belongs to it
            if it.mi.loc is None:
                continue        # marked for variable ranges only (debug/values.py)
            j = where(it.mi)
            if j is not None:
                p = j + 1
            delayed = None
            if not ended and it.mi.loc is not None:
                if late_after_call and j and "c" in orig[j - 1].flags and \
                        _reads_result(it.mi, orig[j - 1]):
                    # the first instruction after a call continues the call's row (gcc -O0
                    # copies the result there first on this target): stepping out of the
                    # callee goes on to the rest of the line
                    delayed, skip = it.mi.loc, 1
                else:
                    cur_line, cur_chain = _enter(new, it.mi.loc, cur_line, cur_chain, chain,
                                                 open_at, rng, st)
            continue
        if ended:
            new.append(it)
            continue
        if delayed is not None and type(it) is not str:
            if skip:
                skip -= 1
            else:
                cur_line, cur_chain = _enter(new, delayed, cur_line, cur_chain, chain,
                                             open_at, rng, st)
                delayed = None
        j = where(it) if isinstance(it, MInstr) else None
        loc = None
        if j is not None:
            p = j + 1
            in_repl = False
            loc = it.loc
        elif not seen_block:
            loc = fd.open
        elif not in_repl and not marked:
            in_repl = True
            if p < len(orig):
                loc = orig[p].loc
                p += 1
        if loc is not None:
            cur_line, cur_chain = _enter(new, loc, cur_line, cur_chain, chain, open_at, rng, st)
        new.append(it)
    items[start:] = new[start:]
    return rng


def _reads_result(mi, call) -> bool:
    """mi reads a register the call writes (its result, copied or returned)."""
    out = {(r.cls, r.id) for r in call.defs() if r.phys}
    return any((r.cls, r.id) in out for r in mi.uses() if r.phys)


def _enter(new, loc, cur_line, cur_chain, chain, open_at, rng, st):
    key = (loc.file, loc.line, loc.col)
    c = chain(loc.scope)
    if c != cur_chain:
        _close(new, c, cur_chain, open_at, rng, st)
        for s in c:
            if s not in open_at:
                lab = st.label(".LBB")
                open_at[s] = lab
                new.append(f"{lab}:")
    if key != cur_line:
        fi = st.file_index(loc.file)
        if st.pending_files:
            for name in st.pending_files:
                new.append(f"\t.file {st.files[name]} {quote(name)}")
            st.pending_files = []
        new.append(f"\t.loc {fi} {loc.line} {loc.col}")
    return key, c


def _close(new, keep, cur_chain, open_at, rng, st):
    for s in reversed(cur_chain):
        if s in keep:
            continue
        lab = open_at.pop(s, None)
        if lab is None:
            continue
        end = st.label(".LBE")
        new.append(f"{end}:")
        rng.scopes.setdefault(s, []).append((lab, end))


def entry_ranges(items: list, start: int, mf, regs: dict, st: LineState) -> dict:
    """Optimised builds: how long each unassigned parameter stays in its incoming register.
    ``regs``: IR Arg -> physical register. Scans the emitted function from its first block
    and puts a label before the first instruction that writes the register, calls, branches
    or is not one the allocator saw (any of which ends every range); returns Arg -> label.
    Only for targets that emit the machine instructions themselves (x86-64)."""
    if not regs:
        return {}
    index = set()
    for b in mf.blocks:
        index.update(map(id, b.instrs))
    first = mf.blocks[0].label + ":" if mf.blocks else None
    block_labels = {b.label + ":" for b in mf.blocks}
    pending = dict(regs)
    ends: dict = {}
    seen = False
    k = start
    while k < len(items) and pending:
        it = items[k]
        hit = ()
        if type(it) is str:
            if it in block_labels:
                if seen or it != first:
                    hit = list(pending)
                seen = True
        elif type(it) is LocMark:
            hit = list(pending)
        elif seen:
            if id(it) not in index or any(c in it.flags for c in "cbt") or it.extra is not None:
                hit = list(pending)
            else:
                defs = {(r.cls, r.id) for r in it.defs() if r.phys}
                hit = [a for a, r in pending.items() if (r.cls, r.id) in defs]
        if hit:
            lab = st.label(".LVL")
            items.insert(k, f"{lab}:")
            k += 1
            for a in hit:
                ends[a] = lab
                del pending[a]
        k += 1
    return ends



def entry_ranges_marked(items: list, start: int, mf, regs: dict, st: LineState,
                        clobbers) -> dict:
    """Where each parameter still is in its incoming register, for targets that emit their
    own instruction objects (LocMark streams). ``regs`` maps a key to a DWARF register
    number; ``clobbers(item, n)`` (the target's ``dwarf.clobbers``) says an instruction may
    write register n (calls, any mention of it, anything not understood). A forward
    data-flow over the blocks (successors: branch targets and the next block unless the
    block ends in a jump, return or trap: MInstr flag "t") finds the
    blocks no path from the entry clobbers before; each such block contributes the range
    from its start to its first clobber. Labels referred to outside branches (jump tables)
    count as clobbered. Returns key -> [(start label, end label)]."""
    if not regs:
        return {}
    blocks = mf.blocks
    pos = {b.label + ":": k for k, b in enumerate(blocks)}
    # segments of the emitted function: [item index of the block's first item, end)
    seg_start = [None] * len(blocks)
    end_at = len(items)
    for k in range(start, len(items)):
        it = items[k]
        if type(it) is str:
            bk = pos.get(it)
            if bk is not None:
                seg_start[bk] = k + 1
            elif it.strip() == ".cfi_endproc":
                end_at = k
                break
    if not blocks or any(x is None for x in seg_start):
        return {}
    seg_start[0] = start
    seg_end = seg_start[1:] + [end_at]
    seg_end = [e - 1 if k + 1 < len(blocks) else e for k, e in enumerate(seg_end)]
    index = {b: k for k, b in enumerate(blocks)}
    preds = [set() for _ in blocks]
    for k, b in enumerate(blocks):
        last = b.instrs[-1] if b.instrs else None
        if k + 1 < len(blocks) and (last is None or "t" not in last.flags):
            preds[k + 1].add(k)     # falls through (no jump, return or trap ends it)
        for mi in b.instrs:
            for t in mi.targets or ():
                j = index.get(t)
                if j is None:
                    return {}
                preds[j].add(k)
    text = "\n".join(x for x in items[start:end_at] if type(x) is str and not x.endswith(":"))
    escaped = {k for k, b in enumerate(blocks) if b.label in text}
    out: dict = {}
    marks: list = []            # (item index, label)
    for key, n in regs.items():
        first = []
        for k in range(len(blocks)):
            c = None
            for j in range(seg_start[k], seg_end[k]):
                it = items[j]
                if type(it) is str:
                    s = it.strip()
                    if s and not s.startswith(".") and not s.endswith(":"):
                        c = j       # an instruction as text (inline asm)
                        break
                elif type(it) is not LocMark and clobbers(it, n):
                    c = j
                    break
            first.append(c)
        clob_in = [k in escaped for k in range(len(blocks))]
        changed = True
        while changed:
            changed = False
            for k in range(len(blocks)):
                if clob_in[k]:
                    continue
                if any(clob_in[p] or first[p] is not None for p in preds[k]):
                    clob_in[k] = changed = True
        spans = []
        for k in range(len(blocks)):
            if clob_in[k]:
                continue
            e = first[k] if first[k] is not None else seg_end[k]
            if e <= seg_start[k]:
                continue
            lo = mf.name if k == 0 else st.label(".LVL")
            hi = st.label(".LVL")
            if k:
                marks.append((seg_start[k], lo))
            marks.append((e, hi))
            spans.append((lo, hi))
        if spans:
            out[key] = spans
    for j, lab in sorted(marks, key=lambda m: m[0], reverse=True):
        items.insert(j, f"{lab}:")
    return out
