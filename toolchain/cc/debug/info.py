"""The DWARF of one module for pycc -g: called by the code generation driver
(toolchain.cc.backend.driver) before the first function (``begin``), after each emitted
function (``function``: line table and ranges, variable homes while the frame is known) and
at the end (``finish``: .debug_info/.debug_abbrev/.debug_aranges/.debug_rnglists and the
string sections as data directives; pyas writes .debug_line from the ``.loc`` lines).
"""
from __future__ import annotations

import importlib
import os

from .dwarf import (AT_call_all_tail_calls, AT_call_origin, AT_call_return_pc,
                    AT_call_value, TAG_call_site, TAG_call_site_parameter)
from .dwarf import (AT_abstract_origin, AT_call_column, AT_call_file, AT_call_line,
                    AT_comp_dir, AT_decl_column, AT_decl_file, AT_decl_line, AT_external,
                    AT_inline, INL_inlined, TAG_inlined_subroutine, AT_frame_base, AT_high_pc, AT_language, AT_location, AT_low_pc, AT_name,
                    AT_producer, AT_prototyped, AT_ranges, AT_stmt_list, Addr, ByteOut, Die,
                    FORM_addr, FORM_data1, FORM_data8, FORM_exprloc, FORM_flag_present, FORM_ref4,
                    FORM_line_strp, FORM_sec_offset, FORM_strp, InfoWriter, LANG_C11,
                    OP_addr, OP_call_frame_cfa, OP_fbreg, StrTable, TAG_compile_unit,
                    TAG_formal_parameter, TAG_lexical_block, TAG_subprogram, TAG_variable,
                    const_form, quote, sleb, uleb)
from ..backend.mir import LocMark
from .lines import LineState, annotate, entry_ranges, entry_ranges_marked
from .values import anchor_labels
from .types import TypeTable


class FuncInfo:
    __slots__ = ("fd", "rng", "homes", "section", "calls")

    def __init__(self, fd, rng, homes, section):
        self.fd = fd
        self.rng = rng
        self.homes = homes      # id(VarRec) -> exprloc parts
        self.section = section
        # -O1+ (targets with dwarf.call_value): direct calls as (return label, callee
        # name, [(DWARF register, DW_AT_call_value expression)])
        self.calls = ()


class LocList:
    """A variable's location by address range: [(start label, end label, expression)]."""
    __slots__ = ("entries",)

    def __init__(self, entries):
        self.entries = entries


class DebugModule:
    def __init__(self, backend, m, filename: str, opts=None, level=0):
        self.be = backend
        self.m = m
        self.u = m.debug
        self.opts = opts
        self.version = getattr(opts, "dwarf_version", 5) or 5
        self.level = level
        self.filename = self.u.path or filename
        self.st = LineState(self.filename)
        self.funcs: list[FuncInfo] = []
        mod = getattr(backend, "dwarf", None)
        self.facts = importlib.import_module(mod) if isinstance(mod, str) else mod

    # -- stream hooks ------------------------------------------------------------------------
    def begin(self, out: list) -> None:
        out.append("\t.text")
        out.append(".Ltext0:")
        if self.version >= 5:
            out.append(f"\t.file 0 {quote(os.getcwd())} {quote(self.filename)}")
        out.append(f"\t.file 1 {quote(self.filename)}")

    def function(self, mf, f, out: list, start: int) -> None:
        fd = f.debug
        if fd is None:
            out[start:] = [x for x in out[start:] if type(x) is not LocMark]
            return
        vals = mf.extra.get("debug_values")
        if vals:            # -O1+: variables in registers or spill slots (values.py)
            vals = anchor_labels(out, start, mf, vals, lambda: self.st.label(".LVL"))
        rng = annotate(out, start, mf, fd, self.st,
                       getattr(self.facts, "CALL_RESULT_ROW", False))
        slots = mf.extra.get("debug_homes") or {}
        byval = mf.extra.get("byval_homes")     # by-value aggregate parameters
        if byval:
            slots = dict(slots)
            slots.update(byval)
        homes = {}
        facts = self.facts
        if facts is not None:
            for v in _all_vars(fd):
                if v.kind in ("param", "local") and v.value is not None:
                    slot = slots.get(v.value)
                    if type(slot) is int:       # already a CFA offset (stack argument)
                        homes[id(v)] = [bytes((OP_fbreg,)) + sleb(slot)]
                    elif slot is not None and slot.offset is not None:
                        off = facts.slot_cfa_offset(mf, slot)
                        if off is not None:
                            homes[id(v)] = [bytes((OP_fbreg,)) + sleb(off)]
            if self.level not in (0, "0"):
                self._stored_params(out, start, mf, fd, slots, homes, rng)
        if hasattr(facts, "dwarf_reg"):
            self._entry_homes(out, start, mf, fd, homes)
        if vals:
            self._value_homes(mf, vals, homes)
        fi = FuncInfo(fd, rng, homes, f.section)
        if self.level not in (0, "0") and self.version >= 5 and \
                getattr(facts, "call_sites", None) is not None:
            self._entry_values(mf, fd, homes, rng)
            fi.calls = self._call_sites(out, start, facts)
        self.funcs.append(fi)

    def _entry_values(self, mf, fd, homes, rng) -> None:
        """Parameters the body never assigns: where no other entry of the list places them,
        their value at the function's entry (DW_OP_entry_value of the incoming register;
        gdb finds it through the caller's DW_TAG_call_site_parameter, else shows it
        optimised out)."""
        regs = mf.extra.get("param_regs") or {}
        for v in fd.params:
            r = regs.get(v.entry) if v.entry is not None else None
            if r is None or not getattr(r, "phys", False):
                continue
            cur = homes.get(id(v))
            if cur is not None and type(cur) is not LocList:
                continue            # a home in memory
            reg = _reg_op(self.facts.dwarf_reg(r))
            op = bytes((0xA3,)) + uleb(len(reg)) + reg + b"\x9f"  # DW_OP_entry_value
            e = [(mf.name, rng.end, op)]
            if cur is None:
                homes[id(v)] = LocList(e)
            else:
                cur.entries = cur.entries + e

    def _call_sites(self, out, start, facts) -> list:
        """Direct calls of the emitted function (the target's ``dwarf.call_sites``: index,
        callee, [(DWARF register, its value as the caller knows it after the return)]): a
        label after each."""
        calls = []
        for k, name, params in reversed(facts.call_sites(out, start)):
            lab = self.st.label(".LCS")
            out.insert(k + 1, f"{lab}:")
            calls.append((lab, name, params))
        calls.reverse()
        return calls

    def _stored_params(self, out, start, mf, fd, slots, homes, rng) -> None:
        """Optimised builds: a parameter kept in a frame slot is there once the parameter
        store has run, which the function's first row may precede. Its location becomes a
        list from after that store (the first instruction referring to the slot, in the
        entry block, which dominates what follows in the layout) to the function's end;
        targets emitting their own objects start at the second block. Not found: no
        location (optimised out, never the slot's earlier bytes)."""
        blocks = mf.blocks
        for v in fd.params:
            slot = slots.get(v.value) if v.value is not None else None
            if id(v) not in homes or slot is None or type(slot) is int:
                continue
            expr = homes.pop(id(v))[0]
            first = None
            for mi in blocks[0].instrs if blocks else ():
                if any(getattr(o, "slot", None) is slot for o in mi.ops):
                    first = mi
                    break
            if first is None:
                continue
            lab = self.st.label(".LVL")
            at = None
            for k in range(start, len(out)):
                it = out[k]
                if it is first:
                    at = k + 1
                    break
                if len(blocks) > 1 and type(it) is str and it == blocks[1].label + ":":
                    at = k + 1
                    break
            if at is None:
                continue
            out.insert(at, f"{lab}:")
            homes[id(v)] = LocList([(lab, rng.end, expr)])

    def _entry_homes(self, out, start, mf, fd, homes) -> None:
        """Parameters without a home located in their incoming register from the function's
        start until that register may be written: unassigned scalars of optimised builds
        (the value is the register), aggregates passed by reference (the object is at the
        address the register holds)."""
        facts = self.facts
        regs = mf.extra.get("param_regs") or {} if self.level not in (0, "0") else {}
        byref = mf.extra.get("byref_regs") or {}
        want = {}
        for v in fd.params:
            if id(v) in homes:
                continue
            if v.value is not None and v.value in byref:
                want[v.value] = (byref[v.value], True)
            elif v.entry is not None and v.entry in regs:
                want[v.entry] = (regs[v.entry], False)
        if not want:
            return
        if getattr(facts, "clobbers", None) is not None:
            spans = entry_ranges_marked(out, start, mf,
                                        {a: facts.dwarf_reg(r) for a, (r, _) in want.items()},
                                        self.st, facts.clobbers)
        else:
            ends = entry_ranges(out, start, mf, {a: r for a, (r, _) in want.items()}, self.st)
            spans = {a: [(mf.name, e)] for a, e in ends.items()}
        for v in fd.params:
            key = v.value if v.value is not None and v.value in want else v.entry
            sp = spans.get(key) if id(v) not in homes else None
            if not sp:
                continue
            r, ref = want[key]
            n = facts.dwarf_reg(r)
            if ref:         # DW_OP_bregN 0: the object is in memory at the register's value
                op = bytes((0x70 + n,)) + sleb(0) if n < 32 else \
                    bytes((0x92,)) + uleb(n) + sleb(0)
            else:           # DW_OP_regN
                op = _reg_op(n)
            homes[id(v)] = LocList([(lo, hi, op) for lo, hi in sp])

    def _value_homes(self, mf, vals, homes) -> None:
        """Variables the optimiser keeps in registers: a location list entry per piece of
        each of their values (values.py), added to what a parameter's entry register
        gave."""
        facts = self.facts
        for (vs, _), pieces in zip(mf.extra.get("debug_vars") or (), vals):
            entries = []
            for loc, spans in pieces:
                if type(loc) is tuple and loc[0] == "addr":   # a frame object's address
                    off = facts.slot_cfa_offset(mf, loc[1])
                    if off is None:
                        continue
                    op = bytes((OP_fbreg,)) + sleb(off) + b"\x9f"     # DW_OP_stack_value
                elif type(loc) is tuple:        # ("const", n)
                    n = loc[1]
                    op = bytes((0x30 + n,)) if 0 <= n < 32 else \
                        bytes((0x11,)) + sleb(n) if n < 0 else bytes((0x10,)) + uleb(n)
                    op += b"\x9f"                # DW_OP_stack_value
                elif hasattr(loc, "offset"):
                    off = facts.slot_cfa_offset(mf, loc) if loc.offset is not None else None
                    if off is None:
                        continue
                    op = bytes((OP_fbreg,)) + sleb(off)
                else:
                    op = _reg_op(facts.dwarf_reg(loc))
                entries.extend((lo, hi, op) for lo, hi in spans)
            if not entries:
                continue
            for v in vs:
                cur = homes.get(id(v))
                if cur is None:
                    homes[id(v)] = LocList(list(entries))
                elif type(cur) is LocList:
                    cur.entries = cur.entries + entries

    def finish(self, out: list) -> None:
        out.append("\t.text")
        out.append(".Letext0:")
        strs = StrTable(".LASF")
        lstrs = StrTable(".LLST") if self.version >= 5 else strs
        cu = Die(TAG_compile_unit)
        types = TypeTable(cu, self.u, self._decl,
                          getattr(self.facts, "ARTIFICIAL_RECORDS", ()))
        self.types = types
        ranges = []             # (start, end) code ranges of the unit
        custom = [fi for fi in self.funcs if fi.section]
        lvl = self.level
        cu.add(AT_producer, FORM_strp, f"pycc C17 -g -O{lvl}")
        cu.add(AT_language, FORM_data1, LANG_C11)
        sform = FORM_line_strp if self.version >= 5 else FORM_strp
        cu.add(AT_name, sform, self.filename)
        cu.add(AT_comp_dir, sform, os.getcwd())
        self.rnglists: list[tuple[str, list]] = []
        self.loclists: list[tuple[str, list]] = []
        if custom:
            cu.add(AT_low_pc, FORM_addr, 0)
            lab = self._rnglist([(".Ltext0", ".Letext0")] +
                                [(fi.rng.begin, fi.rng.end) for fi in custom])
            cu.add(AT_ranges, FORM_sec_offset, Addr(lab, 4))
        else:
            cu.add(AT_low_pc, FORM_addr, Addr(".Ltext0", 8))
            cu.add(AT_high_pc, FORM_data8, Addr(".Letext0-.Ltext0", 8))
        cu.add(AT_stmt_list, FORM_sec_offset, Addr(".Ldebug_line0", 4))
        ranges.append((".Ltext0", ".Letext0"))
        for fi in custom:
            ranges.append((fi.rng.begin, fi.rng.end))
        defined = {g.name for g in self.m.globals}
        for name, t, loc, inner in self.u.typedefs:
            if loc is not None and loc.file == self.filename:
                types.typedef(name, t, loc, inner)
        for g in self.u.globals:
            d = cu.child(Die(TAG_variable))
            d.add(AT_name, FORM_strp, g.name)
            self._decl(d, g.loc)
            types.ref(d, g.ctype, g.tdef)
            if g.external:
                d.add(AT_external, FORM_flag_present)
            self._static_location(d, g.value, defined)
        self.abstract: dict = {}        # FuncDebug -> its abstract instance (inlined calls)
        self.sp_dies: dict = {}         # function name -> its DW_TAG_subprogram
        for fi in self.funcs:
            self._subprogram(cu, fi, defined)
        for fi in self.funcs:
            self._call_site_dies(fi)
        st = self.st
        for name in st.pending_files:      # files first named by a declaration
            out.append(f"\t.file {st.files[name]} {quote(name)}")
        st.pending_files = []
        w = InfoWriter(strs, lstrs, self.version)
        w.write(cu, out, ".Ldebug_abbrev0", ".Ldebug_info0")
        self._aranges(out, ranges)
        self._write_rnglists(out)
        self._write_loclists(out)
        strs.emit(".debug_str", out)
        if lstrs is not strs:
            lstrs.emit(".debug_line_str", out)
        out.append('\t.section\t.debug_line,"",@progbits')
        out.append(".Ldebug_line0:")

    def _call_site_dies(self, fi) -> None:
        """DW_TAG_call_site for each direct call of fi to a function of this unit (return
        address, callee), with a DW_TAG_call_site_parameter per argument register whose
        value the caller knows (register, value): gdb's entry values (``n@entry``)."""
        sp = self.sp_dies.get(fi.fd.name)
        if sp is None:
            return
        first = True
        for lab, name, params in fi.calls:
            callee = self.sp_dies.get(name)
            if callee is None:
                continue
            if first:       # every tail call is described: pycc makes none
                sp.add(AT_call_all_tail_calls, FORM_flag_present)
                first = False
            cs = sp.child(Die(TAG_call_site))
            cs.add(AT_call_return_pc, FORM_addr, Addr(lab, 8))
            cs.add(AT_call_origin, FORM_ref4, callee)
            for n, expr in params:
                p = cs.child(Die(TAG_call_site_parameter))
                p.add(AT_location, FORM_exprloc, [_reg_op(n)])
                p.add(AT_call_value, FORM_exprloc, [expr])

    # -- pieces ------------------------------------------------------------------------------
    def _decl(self, d: Die, loc) -> None:
        if loc is None or not getattr(loc, "line", 0):
            return
        fi = self.st.file_index(loc.file)
        d.add(AT_decl_file, const_form(fi), fi)
        d.add(AT_decl_line, const_form(loc.line), loc.line)
        if loc.col:
            d.add(AT_decl_column, const_form(loc.col), loc.col)

    def _static_location(self, d, name, defined) -> None:
        if name in defined and not self._is_tls(name):
            d.add(AT_location, FORM_exprloc, [bytes((OP_addr,)), Addr(name, 8)])

    def _is_tls(self, name) -> bool:
        for g in self.m.globals:
            if g.name == name:
                return g.tls
        return False

    def _subprogram(self, cu, fi, defined) -> None:
        fd = fi.fd
        types = self.types
        sp = cu.child(Die(TAG_subprogram))
        self.sp_dies[fd.name] = sp
        if fd.external:
            sp.add(AT_external, FORM_flag_present)
        sp.add(AT_name, FORM_strp, fd.name)
        self._decl(sp, fd.loc)
        ft = fd.ctype.unqual() if hasattr(fd.ctype, "unqual") else fd.ctype
        if getattr(ft, "prototyped", False):
            sp.add(AT_prototyped, FORM_flag_present)
        types.ref(sp, getattr(ft, "ret", None))
        sp.add(AT_low_pc, FORM_addr, Addr(fi.rng.begin, 8))
        sp.add(AT_high_pc, FORM_data8, Addr(f"{fi.rng.end}-{fi.rng.begin}", 8))
        sp.add(AT_frame_base, FORM_exprloc, [bytes((OP_call_frame_cfa,))])
        for v in fd.params:
            self._var(sp, v, fi, defined, TAG_formal_parameter)
        self._scope_body(sp, fd.root, fi, defined)

    def _scope_body(self, d, scope, fi, defined) -> None:
        for v in scope.vars:
            self._var(d, v, fi, defined,
                      TAG_formal_parameter if v.kind == "param" else TAG_variable)
        for c in scope.children:
            spans = fi.rng.scopes.get(c)
            if c.inl is not None:
                if spans:       # an inlined call whose code is left
                    self._scope_body(self._inlined(d, c, spans), c, fi, defined)
            elif spans:
                self._scope_body(self._ranged(d.child(Die(TAG_lexical_block)), spans), c, fi,
                                 defined)
            else:
                self._scope_body(d, c, fi, defined)

    def _ranged(self, b: Die, spans) -> Die:
        if len(spans) == 1:
            lo, hi = spans[0]
            b.add(AT_low_pc, FORM_addr, Addr(lo, 8))
            b.add(AT_high_pc, FORM_data8, Addr(f"{hi}-{lo}", 8))
        else:
            b.add(AT_ranges, FORM_sec_offset, Addr(self._rnglist(spans), 4))
        return b

    def _inlined(self, d: Die, c, spans) -> Die:
        """DW_TAG_inlined_subroutine for the inlined call scope c."""
        origin, call = c.inl
        b = d.child(Die(TAG_inlined_subroutine))
        b.add(AT_abstract_origin, FORM_ref4, self._abstract(origin))
        self._ranged(b, spans)
        if call is not None:
            fi = self.st.file_index(call.file)
            b.add(AT_call_file, const_form(fi), fi)
            b.add(AT_call_line, const_form(call.line), call.line)
            if call.col:
                b.add(AT_call_column, const_form(call.col), call.col)
        return b

    def _abstract(self, fd) -> Die:
        """The abstract instance of an inlined function (name, type, parameters' names)."""
        a = self.abstract.get(fd)
        if a is not None:
            return a
        a = self.abstract[fd] = self.types.cu.child(Die(TAG_subprogram))
        if fd.external:
            a.add(AT_external, FORM_flag_present)
        a.add(AT_name, FORM_strp, fd.name)
        self._decl(a, fd.loc)
        ft = fd.ctype.unqual() if hasattr(fd.ctype, "unqual") else fd.ctype
        if getattr(ft, "prototyped", False):
            a.add(AT_prototyped, FORM_flag_present)
        self.types.ref(a, getattr(ft, "ret", None))
        a.add(AT_inline, FORM_data1, INL_inlined)
        return a

    def _var(self, parent, v, fi, defined, tag) -> None:
        d = parent.child(Die(tag))
        if v.name:
            d.add(AT_name, FORM_strp, v.name)
        self._decl(d, v.loc)
        self.types.ref(d, v.ctype, v.tdef)
        if v.kind == "static":
            self._static_location(d, v.value, defined)
            return
        loc = fi.homes.get(id(v))
        if type(loc) is LocList:
            lab = f".LLOC{len(self.loclists)}"
            self.loclists.append((lab, loc.entries))
            d.add(AT_location, FORM_sec_offset, Addr(lab, 4))
        elif loc is not None:
            d.add(AT_location, FORM_exprloc, loc)

    def _rnglist(self, spans) -> str:
        lab = f".LLRL{len(self.rnglists)}"
        self.rnglists.append((lab, list(spans)))
        return lab

    def _write_rnglists(self, out) -> None:
        """Address ranges of scopes in several pieces (and of the unit)."""
        def v5(bo, lo, hi, _):
            bo.bytes(b"\x06")                           # DW_RLE_start_end
            bo.sym(lo, 8)
            bo.sym(hi, 8)

        def v4(bo, lo, hi, _):
            bo.sym(lo, 8)
            bo.sym(hi, 8)
        self._write_lists(out, [(lab, [(lo, hi, None) for lo, hi in spans])
                                for lab, spans in self.rnglists],
                          ".debug_rnglists", ".Ldebug_ranges", ".debug_ranges", v5, v4)

    def _write_loclists(self, out) -> None:
        """Location lists (parameters in their incoming register, optimised builds)."""
        def v5(bo, lo, hi, expr):
            bo.bytes(b"\x07")                           # DW_LLE_start_end
            bo.sym(lo, 8)
            bo.sym(hi, 8)
            bo.bytes(uleb(len(expr)) + expr)

        def v4(bo, lo, hi, expr):
            bo.bytes(b"\xff" * 8)                      # base address selection
            bo.sym(lo, 8)
            bo.bytes(bytes(8))
            bo.sym(f"{hi}-{lo}", 8)
            bo.bytes(len(expr).to_bytes(2, "little") + expr)
        self._write_lists(out, self.loclists, ".debug_loclists", ".Ldebug_loc", ".debug_loc",
                          v5, v4)

    def _write_lists(self, out, lists, sec5, lab5, sec4, v5, v4) -> None:
        """A DWARF 5 list section (header, then each list ended by an end-of-list byte)
        or its DWARF 4 form (lists ended by two zero addresses)."""
        if not lists:
            return
        bo = ByteOut(out)
        if self.version >= 5:
            out.append(f'\t.section\t{sec5},"",@progbits')
            bo.sym(f"{lab5}3-{lab5}2", 4)
            bo.label(f"{lab5}2")
            bo.bytes(bytes((5, 0, 8, 0, 0, 0, 0, 0)))   # version, address size, segment, count
        else:
            out.append(f'\t.section\t{sec4},"",@progbits')
        for lab, entries in lists:
            bo.label(lab)
            for lo, hi, expr in entries:
                (v5 if self.version >= 5 else v4)(bo, lo, hi, expr)
            bo.bytes(b"\x00" if self.version >= 5 else bytes(16))
        if self.version >= 5:
            bo.label(f"{lab5}3")
        bo.flush()

    def _aranges(self, out, ranges) -> None:
        bo = ByteOut(out)
        out.append('\t.section\t.debug_aranges,"",@progbits')
        bo.bytes((12 + 16 * (len(ranges) + 1)).to_bytes(4, "little"))
        bo.bytes(b"\x02\x00")
        bo.sym(".Ldebug_info0", 4)
        bo.bytes(bytes((8, 0, 0, 0, 0, 0)))             # address size, segment size, padding
        for lo, hi in ranges:
            bo.sym(lo, 8)
            bo.sym(f"{hi}-{lo}", 8)
        bo.bytes(bytes(16))
        bo.flush()


def _reg_op(n) -> bytes:
    """DW_OP_regN / DW_OP_regx of DWARF register n."""
    return bytes((0x50 + n,)) if n < 32 else bytes((0x90,)) + uleb(n)


def _all_vars(fd):
    yield from fd.params
    work = [fd.root]
    while work:
        s = work.pop()
        yield from s.vars
        work.extend(s.children)
