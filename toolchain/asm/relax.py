"""Layout: ordering fragments, the relaxation loop (variable fragments, alignment,
``.org``, LEB128) to a fixpoint, finishing fragments, and resolving fixups into bytes
or relocations."""
from __future__ import annotations

from ..diag import FatalStop
from ..elf import constants as C
from ..elf.objfile import Reloc
from .data import put_fill, too_big
from .expr import Value
from .model import (
    _secname, ABS, ALIGN, AsmError, AsmSection, CALLBACK, COMMON, FIXED, Fixup, LEB, leb128,
    ORG, RELAX, Resolved, SPACE, Sym)

_SIGN64 = 1 << 63
_MASK64 = (1 << 64) - 1


class RelaxMixin:
    """Addresses, relaxation and fixup resolution."""

    stretch = 0

    # ------------------------------------------------------------------------------------------
    # layout and relaxation
    def _collect_frags(self):
        for sec in self.section_list:
            frags = []
            for k in sorted(sec.subsecs):
                frags += sec.subsecs[k]
            prev = None
            for f in frags:
                if prev is not None:
                    prev.next = f
                prev = f
            if prev is not None:
                prev.next = None
            sec.frags = frags

    def relax(self, sections=None, warm=False) -> None:
        """Assign addresses, growing variable fragments until nothing changes.

        ``warm``: the fragments of a section's previous (converged) relaxation that are still
        its first fragments, unchanged, keep their sizes, which are a fixpoint: only the
        fragments after them (debug info, end padding) are sized from scratch, and an unchanged
        section is left as it is. The result is the one a relaxation from scratch reaches.
        A section of fixed parts and alignments only is laid out in one pass."""
        secs = sections if sections is not None else self.section_list
        target = self.target
        init = getattr(target, "relax_initial", None)
        todo = []
        for sec in secs:
            addr = 0
            region = 0
            frags = sec.frags
            keep = 0
            laid = sec.laid if warm else None
            if laid is not None:
                # the unchanged prefix (same fragment, fixed size and kind) keeps its layout
                for (a, n, k), b in zip(laid, frags):
                    if a is not b or n != len(b.data) or k != b.kind or k > RELAX:
                        # (.org/.space/.uleb128/callback sizes follow expressions whose
                        # symbols may have changed since: view numbers)
                        break
                    keep += 1
                if keep == len(laid) == len(frags):
                    continue           # nothing new: its layout stands
            static = True              # only fixed parts and alignments: laid out at once
            for n, f in enumerate(frags):
                f.seq = n
                f.region = region
                if n < keep:
                    if f.kind == ALIGN:
                        region += 1
                    addr += len(f.data) + f.varsize
                    continue
                f.addr = addr
                k = f.kind
                if k > ALIGN:
                    static = False
                if k == RELAX and init is not None:
                    f.varsize = init(f)
                elif k == ALIGN:
                    align, fill, maxskip, fs = f.var
                    pad = (-(addr + len(f.data))) % align
                    if maxskip and pad > maxskip:
                        pad = 0
                    f.varsize = pad
                    region += 1
                elif k == LEB:
                    f.varsize = 1
                addr += len(f.data) + f.varsize
            if static:
                sec.size = addr
                sec.laid = [(f, len(f.data), f.kind) for f in frags]
            else:
                todo.append(sec)
        secs = todo
        converged = False
        relax_size = target.relax_size
        stretch = target.relax_uses_stretch
        plan_of = target.relax_plan
        for it in range(200):
            changed = False
            for sec in secs:
                addr = 0
                for f in sec.frags:
                    k = f.kind
                    if k <= FIXED:            # FIXED or BREAK (varsize: NOBITS fill)
                        f.addr = addr
                        addr += len(f.data) + f.varsize
                    elif k == RELAX and not stretch:
                        f.addr = addr
                        addr += len(f.data)
                        p = f.plan
                        if p is None:
                            p = f.plan = plan_of(f)
                        if p is False:
                            n = relax_size(f, addr)
                        elif p.__class__ is int:
                            n = p
                        else:
                            tf, off, lo1, hi1, s1, lo2, hi2, s2, far = p
                            d = tf.addr + off - addr
                            n = s1 if lo1 <= d < hi1 else s2 if lo2 <= d < hi2 else far
                        v = f.varsize
                        if n != v and (n > v or it < 100):
                            f.varsize = v = n
                            changed = True
                        addr += v
                    else:
                        self.stretch = addr - f.addr
                        f.addr = addr
                        addr += len(f.data)
                        if k == ALIGN:
                            align, fill, maxskip, fs = f.var
                            pad = (-addr) % align
                            if maxskip and pad > maxskip:
                                pad = 0
                            f.varsize = pad
                        elif k == RELAX:
                            n = relax_size(f, addr)
                            if n != f.varsize:
                                if n > f.varsize or it < 100:
                                    f.varsize = n
                                    changed = True
                        elif k == ORG:
                            v = f.var[0]
                            n = self._org_target(v) - addr
                            if n < 0:
                                f.var = (v, f.var[1], "backwards")
                                n = 0
                            elif len(f.var) > 2:
                                f.var = f.var[:2]
                            if n != f.varsize:
                                f.varsize = n
                                changed = True
                        elif k == SPACE:
                            n = self._final_const(f.var[0], f, soft=True)
                            n = max(n, 0) if n is not None else 0
                            if len(f.var) > 2:          # `.fill` of a pattern
                                n *= len(f.var[2])
                            if n != f.varsize:
                                f.varsize = n
                                changed = True
                        elif k == LEB:
                            n = self._final_const(f.var[0], f, soft=True)
                            n = len(leb128(n, f.var[1])) if n is not None else 1
                            if n > f.varsize:
                                f.varsize = n
                                changed = True
                        elif k == CALLBACK:
                            n = f.var.size(self, f, addr)
                            if n != f.varsize:
                                f.varsize = n
                                changed = True
                        addr += f.varsize
                sec.size = addr
            if not changed:
                converged = it < 100        # shrinking is refused from pass 100 on
                break
        else:
            self._diverged(secs)
        for sec in secs:
            sec.laid = [(f, len(f.data), f.kind) for f in sec.frags] if converged else None

    def check_size(self) -> None:
        """After layout, before any fill is stored: the object's file (section contents and
        the padding of their file offsets, laid out as the ELF writer does) must stay within
        ``object_limit`` (data.OBJECT_LIMIT); past it, a located error at the fragment that
        crosses it (or at the directive that raised the section's alignment)."""
        pos = C.EHDR_SIZE
        limit = self.object_limit
        for sec in self.section_list:
            pos += (-pos) % max(sec.align, 1)
            if pos > limit:
                self.file, self.line = getattr(self, "align_line", {}).get(sec, (self.file, 0))
                self.error(too_big(sec.name, limit))
                return
            if sec.type == C.SHT_NOBITS:
                continue
            if pos + sec.size > limit:
                for f in sec.frags:
                    if pos + f.end > limit:
                        self.file, self.line = f.line or (self.file, 0)
                        break
                self.error(too_big(sec.name, limit))
                return
            pos += sec.size

    def _diverged(self, secs) -> None:
        """Relaxation that did not settle in its passes. A `.space`/`.org` whose size depends
        on a later label (``u: .space v-u``) can make it grow or flip for ever: GNU as's
        fatal error, for the first such section (targets' own fragments only ever grow, so
        they settle)."""
        for sec in secs:
            if any(f.kind in (ORG, SPACE) and f.var[0].add is not None for f in sec.frags):
                from ..diag import Location
                self.errors += 1
                if self.diag is not None:
                    self.diag.fatal("Infinite loop encountered whilst attempting to compute "
                                    f"the addresses of symbols in section {sec.name}",
                                    Location(self.file, 0))
                raise FatalStop()

    def _org_target(self, v: Value) -> int:
        """Where an `.org` goes: GNU as's 64-bit signed address (past 2**63 - 1 it wraps to
        below the current one: "attempt to move .org backwards")."""
        t = v.const
        s = v.add
        if s is not None:
            if s.frag is not None:
                t += s.frag.addr + s.offset
            elif s.section is ABS and s.expr is None:
                t += s.offset
            elif s.expr is not None:            # equated after the `.org`
                try:
                    w = self._try_fold(self._resolve_value(v), True)
                except AsmError:
                    w = None
                if w is not None and w.is_const:
                    t = w.const
        if t >= _SIGN64:
            t = (t & _MASK64) - (1 << 64) if t & _SIGN64 else t & _MASK64
        return t

    def _final_const(self, v: Value, frag, soft=False):
        try:
            w = self._try_fold(self._resolve_value(v), True)
        except AsmError:
            if soft:
                return None
            raise
        if not w.is_const:
            if soft:
                return None
            raise AsmError("expression is not absolute")
        return w.const

    def _resolve_value(self, v: Value) -> Value:
        """Replace equated symbols in a Value by what they stand for (at the end)."""
        a, b = v.add, v.sub
        const = v.const
        if a is not None and a.expr is not None:
            w = self._eval_sym(a, True)
            if w.add is a or (w.add is not None and w.add.expr is not None and w.add is a):
                pass
            else:
                if w.sub is not None and b is not None:
                    raise AsmError("expression too complex")
                const += w.const
                a = w.add
                if w.sub is not None:
                    b = w.sub
                if w.add is not None and w.add.expr is not None and w.add is not v.add:
                    return self._resolve_value(Value(const, w.add, b, v.mod))
        if b is not None and b.expr is not None:
            w = self._eval_sym(b, True)
            if w.sub is not None:
                raise AsmError("expression too complex")
            const -= w.const
            b = w.add
        if a is not None and a.section is ABS and a.expr is None:
            const += a.offset
            a = None
        if b is not None and b.section is ABS and b.expr is None:
            const -= b.offset
            b = None
        return Value(const, a, b, v.mod)

    def finish_frags(self) -> None:
        """Turn variable parts into bytes (after relax)."""
        finish = self.finish_frag
        for sec in self.section_list:
            for f in sec.frags:
                if f.kind != FIXED:
                    finish(sec, f)

    def _space_count(self, f) -> int:
        """A finished `.space` fragment's byte count (non-absolute: reported, 0)."""
        self.file, self.line = f.line
        n = self._final_const(f.var[0], f, soft=True)
        if n is None:
            self.error(".space, .nops or .fill specifies non-absolute value")
            return 0
        if n < 0:
            self.warning(".space, .nops or .fill with negative value, ignored")
            return 0
        return n * (len(f.var[2]) if len(f.var) > 2 else 1)

    def _check_org(self, f) -> None:
        if len(f.var) > 2:
            self.file, self.line = f.line
            self.error("attempt to move .org backwards")

    def finish_frag(self, sec, f) -> None:
        """Turn one fragment's variable part into bytes (after relax)."""
        target = self.target
        k = f.kind
        if sec.type == C.SHT_NOBITS and k in (ALIGN, ORG, SPACE) and not f.var[1] and \
                not (k == SPACE and len(f.var) > 2 and any(f.var[2])):
            # zero fill of a NOBITS section: only its size counts (sec.size, the addresses
            # after it); the fragment keeps it as varsize and stores no bytes
            if k == SPACE:
                f.varsize = self._space_count(f)
            elif k == ORG:
                self._check_org(f)
            f.kind = FIXED
            return
        if k == ALIGN:
            align, fill, maxskip, fs = f.var
            n = f.varsize
            if n:
                if fill is None:
                    if sec.is_code:
                        f.data += target.nop_fill(n, f.addr + len(f.data))
                    else:
                        f.data += bytes(n)
                else:
                    unit = (fill & ((1 << (8 * fs)) - 1)).to_bytes(fs, "little")
                    pad = (unit * (n // fs + 1))[:n]
                    if fs > 1 and n % fs:
                        pad = bytes(n % fs) + (unit * (n // fs))
                    f.data += pad
        elif k == RELAX:
            line = f.line
            self.file, self.line = line if line else (self.file, self.line)
            n0 = len(f.fixups)
            target.relax_finish(f)
            for fx in f.fixups[n0:]:
                fx.late = True
        elif k == ORG:
            self._check_org(f)
            put_fill(f.data, f.varsize, f.var[1])
        elif k == SPACE:
            n = self._space_count(f)
            if len(f.var) > 2:
                f.data += f.var[2] * (n // len(f.var[2]))
            else:
                put_fill(f.data, n, f.var[1])
        elif k == LEB:
            self.file, self.line = f.line
            n = self._final_const(f.var[0], f, soft=True)
            if n is None:
                # gas emits a relocation-free zero: report
                self.error("uleb128/sleb128 of non-constant expression" if True else "")
                n = 0
            b = leb128(n, f.var[1])
            if len(b) < f.varsize:
                # pad to the relaxed size
                b = bytearray(b)
                b[-1] |= 0x80
                while len(b) < f.varsize - 1:
                    b.append(0x80)
                b.append(0 if not (f.var[1] and n < 0) else 0x7F)
            f.data += b
        elif k == CALLBACK:
            f.var.finish(self, f)
        f.kind = FIXED
        f.varsize = 0

    # ------------------------------------------------------------------------------------------
    # fixups -> relocations
    def resolve_fixups(self) -> None:
        target = self.target
        for sec in self.section_list:
            relocs = []
            # GNU as's order: fixups in creation order, those of relaxed jumps last
            fixups = [fx for f in sec.frags for fx in f.fixups]
            if target.late_relax_fixups:
                fixups = [fx for fx in fixups if not fx.late] + [fx for fx in fixups if fx.late]
            release = self.sealer is not None
            if release:
                # the object hand-off (pycc -c) wants only the object: each fixup is let go
                # once it is a relocation, and its memory is reused for the object's symbols
                for f in sec.frags:
                    f.fixups = []
            for i, fx in enumerate(fixups):
                if release:
                    fixups[i] = None
                if type(fx) is Resolved:        # resolved when its function was sealed
                    relocs.append(fx.reloc)
                    continue
                self.file, self.line = fx.loc
                try:
                    r = self._resolve_fixup(fx, sec)
                except AsmError as e:
                    self.error(str(e))
                    continue
                if r is not None:
                    if type(r) is list:
                        relocs += r
                    else:
                        relocs.append(r)
            for (rsec, offv, rname, val, loc) in self.relocs_extra:
                if rsec is not sec:
                    continue
                self.file, self.line = loc
                try:
                    relocs.append(self._dot_reloc(sec, offv, rname, val))
                except AsmError as e:
                    self.error(str(e))
            sec.info = relocs

    def _sym_addr(self, s: Sym) -> int:
        return s.frag.addr + s.offset if s.frag is not None else s.offset

    def _resolve_fixup(self, fx: Fixup, sec: AsmSection):
        target = self.target
        v = self._resolve_value(fx.value)
        a, b = v.add, v.sub
        const = v.const
        P = fx.frag.addr + fx.off
        if b is not None:
            if a is not None and a.section is b.section and a.defined and b.defined and \
                    a.section not in (None, COMMON) and a.type != C.STT_GNU_IFUNC and \
                    b.type != C.STT_GNU_IFUNC and not (
                        target.keep_label_differences and target.diff_needs_reloc(a, b, False)):
                const += self._sym_addr(a) - self._sym_addr(b)
                a = b = None
            elif b.section is sec and b.defined and not fx.pcrel and \
                    not target.keep_label_differences:
                # sym - label_in_this_section -> pc-relative
                const += P - self._sym_addr(b)
                b = None
                fx.pcrel = True
            elif target.keep_label_differences and a is not None:
                return target.symbolic_difference(fx, Value(const, a, b, v.mod), sec)
            else:
                if b.defined:
                    raise AsmError(f"can't resolve `{a.name if a else '0'}' {{"
                                   f"{_secname(a)} section}} - `{b.name}' {{{_secname(b)} "
                                   f"section}}")
                raise AsmError(f"can't resolve value for symbol `{b.name}'")
        if a is not None and a.section is ABS:
            const += a.offset
            a = None
        v = Value(const, a, None, v.mod)
        if a is None and v.mod is None:
            if fx.pcrel:
                # absolute target of a pc-relative field: relocation without symbol
                rtype = target.reloc_type(fx, v)
                return Reloc(P, rtype, None, const - 0) if rtype is not None else None
            err = target.apply_fixup(fx, const)
            if err:
                raise AsmError(err)
            return None
        if a is not None and fx.pcrel and v.mod is None and a.section is sec and a.defined and \
                a.frag is not None and target.pcrel_local_resolvable(fx, a):
            err = target.apply_fixup(fx, self._sym_addr(a) + const - P)
            if err:
                raise AsmError(err)
            return None
        rtype = target.reloc_type(fx, v)
        if rtype is None:
            return None
        rsym = a
        addend = const
        if a is not None:
            if a.weakref is not None:
                a = a.weakref
                rsym = a
            if (a.bind in (None, C.STB_LOCAL, "weakrefd") and a.bind != "weakrefd") and \
                    a.defined and a.section not in (None, ABS, COMMON) and a.frag is not None:
                asec = a.section
                # never the section for an IFUNC symbol (GNU as)
                adjust = a.type != C.STT_GNU_IFUNC and target.fix_adjustable(fx, rtype)
                if asec.flags & C.SHF_MERGE and (const != 0 or fx.pcrel and
                                                  target.no_pcrel_merge_adjust):
                    adjust = False
                if adjust:
                    rsym = asec.sym
                    addend = const + self._sym_addr(a)
            if not rsym.used_reloc and rsym.temp and rsym.type != C.STT_SECTION:
                self.converted.append(rsym)
            rsym.used_reloc = True
            if rtype in target.tls_relocs:
                if a.defined and a.section not in (None, ABS, COMMON) and \
                        a.type != C.STT_TLS and not a.section.flags & C.SHF_TLS:
                    # GNU as, when it writes the relocation: the symbol named, or (AArch64)
                    # the section of a local one
                    name = a.section.name if target.tls_access_names_section and \
                        a.bind in (None, C.STB_LOCAL) else fx.value.add.name
                    self.error(f"Accessing `{name}' as thread-local object", line=0)
                a.tls = True
        err = target.apply_fixup(fx, target.inplace_addend(fx, rtype, addend)) \
            if hasattr(target, "inplace_addend") else None
        if err:
            raise AsmError(err)
        return Reloc(P, rtype, rsym, addend)

    def _dot_reloc(self, sec, offv, rname, val):
        offv = self._resolve_value(offv)
        if offv.add is not None:
            off = self._sym_addr(offv.add) + offv.const
        else:
            off = offv.const
        relocs = self.tdesc.arch.relocs.RELOCS if hasattr(self.tdesc.arch, "relocs") else None
        import importlib
        rt = importlib.import_module(f"toolchain.arch.{self.tdesc.name}.relocs").RELOCS
        if rname.isdigit() or rname.startswith("0x"):
            rtype = int(rname, 0)
        else:
            name = rname.upper()
            t = rt.by_name.get(name) or rt.by_name.get(self.target.reloc_prefix + name) \
                if hasattr(self.target, "reloc_prefix") else rt.by_name.get(name)
            if t is None and name.startswith("BFD_RELOC_"):
                t = None
            if t is None:
                raise AsmError(f"unknown relocation name `{rname}'" if False else
                               f"bad .reloc type `{rname}'" if False else
                               f"unrecognized reloc type `{rname}'" if False else
                               f"bad reloc type: {rname}")
            rtype = t.num
        v = self._resolve_value(val)
        sym = v.add
        addend = v.const
        if sym is not None:
            if sym.bind in (None, C.STB_LOCAL) and sym.defined and sym.frag is not None:
                addend += self._sym_addr(sym)
                sym = sym.section.sym
            sym.used_reloc = True
        return Reloc(off, rtype, sym, addend)
