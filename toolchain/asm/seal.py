"""Code finished a function at a time (pycc's object hand-off, issue 18).

pycc feeds the assembler one function's output at a time (``ObjectWriter.feed``); kept to
the end of assembly, each function's fragments, fixups, local labels and CFI records cost
about 5 KB, whatever the size of the unit. ``Sealer.seal()``, called after each function,
finishes the code of every code section that can be finished already: its fragments are
laid out and relaxed (in place: the section's earlier code is already one fixed fragment at
address 0, so the new code's addresses are final), turned into bytes and appended to that
fixed fragment; fixups whose value is then known are applied, the others move to the fixed
fragment (their symbols are resolved at the end as before); the local labels defined there
leave the symbol table; the finished functions' CFI records keep their instruction
distances as numbers instead of code positions.

The object is the one assembling everything at the end gives, byte for byte: the code is
finished only when nothing after it can change it —

- only subsection 0, no ``.org``/``.space``/``.uleb128``/callback fragments, no alignment
  after a relaxable fragment (an alignment's padding would depend on where earlier
  relaxable code ends);
- every relaxable fragment's size depends only on local labels of the code being finished
  (``target.relax_depends``), so later code cannot change it, and relaxation in GNU as's
  way (``stretch``) decides it from distances inside that code;
- a fixup is applied now only when it names local labels of the finished code (or none);
  a fixup naming anything else keeps its place and is resolved at the end;
- no open CFI region, no line table (``-g``), no ``.reloc``, no open conditional or macro.

A local label dropped here is never named again by pycc's output (labels are numbered per
unit); the symbol-list positions (``Sym.listed``, GNU as's symbol order) of the labels kept
are renumbered for the dropped ones.
"""
from __future__ import annotations

from array import array
from sys import intern

from ..elf.objfile import Reloc
from .dwarf import SealedFDE
from .model import (ALIGN, BREAK, COMMON, FIXED, Frag, RELAX, Resolved, listed_key,
                    listed_pos)


_B = 1 << 63


class SealedRelocs:
    """The fixups of a section's sealed code for targets with ``seal_label_relocs`` (RISC-V),
    the fixed fragment's only fixup entry: the relocations made at seal time as (offset,
    type, addend) triples in one array and their symbols (None: none) in a list, 32 bytes
    each instead of a ``Resolved`` and its ``Reloc`` (130); a fixup left for the end is the
    triple (-1, 0, 0) with the ``Fixup`` in the list. ``Sealer.unpack()`` turns them back
    into the fixup list before the end's ``resolve_fixups`` (the target calls it: RISC-V at
    the end of ``generate_frames``)."""
    __slots__ = ("nums", "syms")

    def __init__(self):
        self.nums = array("q")
        self.syms = []


class Sealer:
    """Per-assembly state of the sealing: the fixed fragment of each sealed section and
    what happened since the last seal (labels defined, local labels listed, sections
    entered, symbols and CFI records added)."""
    __slots__ = ("asm", "fixed", "defined", "listed", "touched", "mark", "fde_mark",
                 "insns")

    def __init__(self, asm):
        self.asm = asm
        self.fixed = {}         # section -> its sealed code (a FIXED Frag at address 0)
        self.defined = []       # labels defined since the last seal
        self.listed = []        # local labels given a symbol-list position since then
        self.touched = {asm.sec} if asm.sec is not None else set()
        self.mark = len(asm.sym_order)
        self.fde_mark = len(asm.cfi.fdes)
        self.insns = {}         # CFI instructions, interned

    def seal(self) -> None:
        asm = self.asm
        if asm.cfi.cur is not None or asm.dwarf.rows or asm.dwarf.pending is not None or \
                asm.cond_stack or asm.collect is not None or asm.relocs_extra or \
                asm.errors or asm.inputs:
            return
        done = []
        for sec in sorted(self.touched, key=asm.section_list.index) \
                if len(self.touched) > 1 else self.touched:
            if sec.is_code:
                frags = self._seal_section(sec)
                if frags:
                    done.append((sec, frags))
        self.touched = {asm.sec}
        if done:
            self._symbols(done)
            self._frames(done)
            for _sec, pend in done:
                for f in pend:      # what a finished fragment still holds goes: a target
                    f.fixups = []   # may keep the fragment for its address (AArch64's
                    f.next = None   # mapping symbols), not its fixups and their labels
        self.defined = []
        self.listed = []

    # -- code --------------------------------------------------------------------------------
    def _seal_section(self, sec):
        """Finish sec's new code; the fragments finished (None if it cannot be yet)."""
        asm = self.asm
        if len(sec.subsecs) != 1 or 0 not in sec.subsecs:
            return None
        chain = sec.subsecs[0]
        fixed = self.fixed.get(sec)
        start = 1 if fixed is not None and chain and chain[0] is fixed else 0
        if fixed is not None and start == 0:
            return None
        pend = chain[start:]
        if not pend or (len(pend) == 1 and not pend[0].data and not pend[0].fixups and
                        pend[0].kind == FIXED and fixed is not None):
            return None
        inside = {id(f) for f in pend}
        if fixed is not None:
            inside.add(id(fixed))
        target = asm.target
        relaxing = False
        for f in pend:
            k = f.kind
            if k == RELAX:
                relaxing = True
                deps = target.relax_depends(f)
                if deps is None:
                    return None
                for s in deps:
                    if not s.temp or not s.defined or s.expr is not None or \
                            s.frag is None or id(s.frag) not in inside:
                        return None
            elif k == ALIGN:
                if relaxing:
                    return None
            elif k != FIXED and k != BREAK:
                return None
        # lay out and relax the new code after the fixed part, then make it bytes
        sec.frags = [fixed] + pend if fixed is not None else list(pend)
        asm.relax([sec])
        sec.laid = None
        sec.frags = []
        for f in pend:
            if f.kind != FIXED:
                asm.finish_frag(sec, f)
        if fixed is None:
            fixed = self.fixed[sec] = Frag(sec)
        data = fixed.data
        for f in pend:
            if f.addr != len(data):
                raise AssertionError("sealed code out of place")
            data += f.data
        cur = Frag(sec)
        fixed.next = cur
        sec.subsecs[0] = [fixed, cur]
        if asm.sec is sec:
            asm.frag = cur
            asm.data = cur.data
        return pend

    def _fixups(self, sec, pend, fixed):
        """Apply the fixups of the finished fragments that are known now; move the others."""
        asm = self.asm
        keep = fixed.fixups
        packs = getattr(asm.target, "seal_label_relocs", False)
        if packs:       # (RISC-V) everything in one SealedRelocs, in order
            if not keep:
                keep.append(SealedRelocs())
            pack = keep[-1]
            late_ok = not asm.target.late_relax_fixups
        loc = None      # the fixups left for the end share one location (their function's
        for f in pend:  # first): it only places a message, and pycc's lines are its items'
            base = f.addr
            for fx in f.fixups:
                fx.frag = fixed
                fx.off += base
                if packs and self._final(fx, sec) or self._known(fx, sec):
                    # applied now, or (RISC-V: linker relaxation keeps every reference to
                    # code as a relocation) its relocations made now, their place kept
                    asm.file, asm.line = fx.loc
                    try:
                        r = asm._resolve_fixup(fx, sec)
                    except Exception as e:      # the end's resolve_fixups reports the same
                        if type(e).__name__ not in ("AsmError", "ExprError"):
                            raise
                        asm.error(str(e))
                        continue
                    if r is None:
                        continue
                    for x in (r if type(r) is list else (r,)):
                        if packs and (late_ok or not fx.late) and -_B <= x.addend < _B and \
                                0 <= x.offset < _B:
                            pack.nums.extend((x.offset, x.type, x.addend))
                            pack.syms.append(x.sym)
                        elif packs:
                            pack.nums.extend((-1, 0, 0))
                            pack.syms.append(Resolved(x, fx.late))
                        else:
                            keep.append(Resolved(x, fx.late))
                else:
                    if loc is None:
                        loc = fx.loc
                    else:
                        fx.loc = loc
                    k = fx.kind
                    if type(k) is str:      # a relocation name made per instruction
                        fx.kind = intern(k)     # (AArch64: 75 bytes per fixup kept)
                    if packs:
                        pack.nums.extend((-1, 0, 0))
                        pack.syms.append(fx)
                    else:
                        keep.append(fx)

    def unpack(self) -> None:
        """The packed relocations of sealed code (``SealedRelocs``) as ``Resolved`` records
        again, in their places (before the end's ``resolve_fixups``)."""
        for fixed in self.fixed.values():
            fixups = fixed.fixups
            if not any(type(x) is SealedRelocs for x in fixups):
                continue
            out = []
            for x in fixups:
                if type(x) is not SealedRelocs:
                    out.append(x)
                    continue
                nums = x.nums
                for i, sym in enumerate(x.syms):
                    off = nums[3 * i]
                    if off < 0:         # a fixup left for the end (or a Resolved) as it was
                        out.append(sym)
                    else:
                        out.append(Resolved(Reloc(off, nums[3 * i + 1], sym,
                                                  nums[3 * i + 2]), False))
            fixed.fixups = out

    def _known(self, fx, sec) -> bool:
        """Is fx's value known now: local labels of the finished code (or no symbol)?"""
        v = fx.value
        if v.mod is not None:
            return False
        a, b = v.add, v.sub
        fixed = self.fixed[sec]
        for s in (a, b):
            if s is not None and not (s.temp and s.defined and s.expr is None and
                                      s.frag is fixed and s.section is sec and
                                      s.bind is None and s.type == 0):
                return False
        if b is not None:
            return a is not None and not self.asm.target.keep_label_differences
        if a is None:
            return not fx.pcrel
        return fx.pcrel and self.asm.target.pcrel_local_resolvable(fx, a)

    def _final(self, fx, sec) -> bool:
        """For targets with ``seal_label_relocs`` (whose relocations name the symbol itself,
        never its section): is what fx becomes decided already? It names labels of the
        finished code (or no symbol), or one symbol that nothing can make an equate any more:
        a defined one, or a local label (pycc never equates a `.L` name; a string or
        constant label of the data written at the end becomes a relocation against itself
        all the same)."""
        v = fx.value
        if v.mod is not None:
            return False
        a, b = v.add, v.sub
        if b is not None:
            fixed = self.fixed[sec]
            for s in (a, b):
                if s is not None and not (s.temp and s.defined and s.expr is None and
                                          s.frag is fixed and s.section is sec and
                                          s.weakref is None):
                    return False
            return True
        return a is None or (a.expr is None and a.weakref is None and not a.is_set and
                             (a.temp or a.defined) and a.section is not COMMON)

    def _where(self, done) -> dict:
        """id of each finished fragment -> the fixed fragment it went to."""
        where = {}
        for sec, pend in done:
            fixed = self.fixed[sec]
            for f in pend:
                where[id(f)] = fixed
        return where

    # -- symbols -----------------------------------------------------------------------------
    def _symbols(self, done):
        """Labels defined in the finished code move to the fixed fragments; the local ones
        leave the symbol table; .size expressions over them are evaluated."""
        asm = self.asm
        where = self._where(done)
        order = asm.sym_order
        mark = self.mark
        tail = order[mark:]
        moved = []
        for s in self.defined:
            fx = where.get(id(s.frag)) if s.frag is not None else None
            if fx is not None:
                moved.append(s)
        for s in tail:
            if s.frag is not None and id(s.frag) in where:
                moved.append(s)
        sized = [s for s in moved if s.size_expr is not None]
        for s in sized:             # before the fragments go (the expression's '.' is there)
            try:
                n = asm._final_const(asm.eval_expr(s.size_expr, True), None)
            except Exception:       # noqa: BLE001 - left to the end, as before
                continue
            s.size = n
            s.size_expr = None
        for s in moved:
            f = s.frag
            fixed = where.get(id(f))
            if fixed is not None:
                s.offset += f.addr
                s.frag = fixed
        for sec, pend in done:
            self._fixups(sec, pend, self.fixed[sec])
        # drop the local labels of the finished code from the symbol table
        symbols = asm.symbols
        fixed_ids = {id(self.fixed[sec]) for sec, _ in done}
        kept = []
        newpos = []             # tail index -> kept entries before it
        named = getattr(asm.target, "seal_label_relocs", False)
        for s in tail:
            newpos.append(len(kept))
            if s.temp and s.frag is not None and id(s.frag) in fixed_ids and \
                    s.type == 0 and "\x02" not in s.name and \
                    s.bind is None and symbols.get(s.name) is s:
                if not s.used_reloc:
                    del symbols[s.name]
                    continue
                if named:       # a relocation's label stays in the symbol list, but
                    del symbols[s.name]     # is never looked up by name again
            kept.append(s)
        if len(kept) != len(tail):
            order[mark:] = kept
            for s in self.listed:
                k = listed_pos(s.listed) - mark
                if k > 0:
                    n = newpos[k] if k < len(newpos) else len(kept)
                    s.listed = listed_key(mark + n, s.listed & 0xFFFFFFFF)
        self.mark = len(order)

    # -- CFI -----------------------------------------------------------------------------------
    def _frames(self, done):
        """The finished functions' CFI records: positions in the fixed fragments, distances
        as numbers, instructions shared."""
        fdes = self.asm.cfi.fdes
        where = self._where(done)
        interned = self.insns
        target_seal = getattr(self.asm.target, "seal_frame", None)
        for k in range(self.fde_mark, len(fdes)):
            fde = fdes[k]
            if fde.end is None or id(fde.start.frag) not in where or \
                    id(fde.end.frag) not in where:
                continue
            if target_seal is not None:
                # the target's own record (RISC-V: advances across GNU as's fragments stay
                # label pairs); None leaves the FDE as it is (its fragments keep their
                # addresses)
                rec = target_seal(fde, where, interned)
                if rec is not None:
                    fdes[k] = rec
                continue
            insns = tuple(("advance_by", i[2].addr - i[1].addr) if i[0] == "advance" else i
                          for i in fde.insns)
            try:
                insns = tuple(interned.setdefault(i, i) for i in insns)
                insns = interned.setdefault(insns, insns)   # (-O0 functions often share one)
            except TypeError:       # an operand that cannot be a key: kept as it is
                pass
            start, end = fde.start, fde.end
            fixed = where[id(start.frag)]
            if fixed is where[id(end.frag)]:
                attrs = SealedFDE.attrs_of(fde)
                try:
                    attrs = interned.setdefault(attrs, attrs)
                except TypeError:       # (a personality or LSDA Value: not a key)
                    pass
                fdes[k] = SealedFDE(fixed, start.offset + start.frag.addr,
                                    end.offset + end.frag.addr, insns, attrs)
                continue
            fde.insns = insns
            fde.state_stack = fde.loc = None                 # (read only while it is open)
            for loc in (fde.start, fde.end):
                f = loc.frag
                loc.offset += f.addr
                loc.frag = where[id(f)]
            fde.last = None
        self.fde_mark = len(fdes)
