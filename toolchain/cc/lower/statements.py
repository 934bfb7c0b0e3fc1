"""Statements (a mixin of FuncLower): control flow, declarations and local
initialisers, nested functions, non-local goto, __builtin_setjmp, trampolines, asm."""
from __future__ import annotations

from .. import ast as A
from .. import types as CT
from ..ir import types as T
from ..ir.core import (AsmInfo, Const, GlobalVar, Instr, SymRef, Undef, TRAMPOLINE_SIZE)
from .common import (LowerError, NotConst, _NonLocal, _clean, _idents, _label_scan, _str, base,
                     ir_type, is_agg)


class StmtLower:
    """Statements (a mixin of FuncLower): control flow, declarations and local"""

    # -- statements ----------------------------------------------------------------------------
    def stmt(self, s):
        c = type(s)
        m = getattr(self, "s_" + c.__name__, None)
        if m is None:
            raise LowerError(f"unsupported statement {c.__name__}", s)
        try:
            if self.scope is not None:      # -g: source positions and scopes
                from ..debug.lowering import debug_stmt
                debug_stmt(self, s, m)
            else:
                m(s)
        except LowerError as e:
            if e.node is None or getattr(e.node, "loc", None) is None:
                e.node = s
            raise

    def s_Compound(self, s):
        saved = self.vla_save
        self.vla_save = None
        for it in s.items:
            self.stmt(it)
        if self.vla_save is not None and not self.terminated():
            self.b.block.append(Instr("stackrestore", T.VOID, [self.vla_save]))
        self.vla_save = saved

    def s_StaticAssert(self, s):
        pass

    def s_AttrStmt(self, s):
        pass

    def s_LocalLabels(self, s):
        pass

    def s_FunctionDef(self, s):
        # GNU nested function: lowered as a separate internal function; references to the
        # enclosing function's automatic variables are not supported (no static chain yet)
        sym = s.sym
        if sym not in self.L.static_names:
            self.L.static_names[sym] = self.L.fresh_name(f"{self.f.name}.{sym.name}")
        # captured automatic variables of the enclosing functions, passed through a hidden
        # last parameter: a pointer to an array of their addresses (a simple static chain)
        caps = []
        names = _idents(s.body)
        for p in s.params or ():       # variable array sizes of its parameters too
            t = base(p.type)
            t = getattr(t, "decayed_from", None) or t
            while isinstance(t, (CT.PointerType, CT.ArrayType)):
                if isinstance(t, CT.ArrayType) and t.vla is not None and t.vla is not True:
                    names += _idents(t.vla)
                t = base(t.target if isinstance(t, CT.PointerType) else t.elem)
        for sy in names:
            for x in self.L.nested.get(sy, ()) if sy.kind == "func" else (sy,):
                if x not in caps and (x in self.locals or x in self.chain_index):
                    caps.append(x)
        sub = type(self)(self.L, s)     # a FuncLower
        key = self.nonlocal_buffer(s, sub)
        if key is not None:
            caps.append(key)
        self.L.nested[sym] = caps
        sub.chain_syms = caps
        f = sub.run()
        f.internal = True
        self.L.m.functions.append(f)
        self.L.nested_ir[sym] = f

    def nonlocal_buf(self):
        k = self.chain_index[self.nlg_sym]
        return self.b.load(T.PTR, self.b.ptradd(self.chain, 8 * k) if k else self.chain)

    def nonlocal_label_addr(self, lname):
        """The address of label ``lname`` of the enclosing function (from the buffer it passed
        in the static chain)."""
        return self.b.load(T.PTR, self.b.ptradd(self.nonlocal_buf(),
                                                16 + 8 * self.nlg_labels[lname]))

    def nonlocal_goto(self, lname):
        """goto a label of the enclosing function: restore that frame's stack and frame
        pointers from the buffer it passed in the static chain and jump."""
        buf = self.nonlocal_buf()
        fp = self.b.load(T.PTR, buf)
        sp = self.b.load(T.PTR, self.b.ptradd(buf, 8))
        to = self.nonlocal_label_addr(lname)
        self.b.block.append(Instr("nonlocal_goto", T.VOID, [fp, sp, to]))
        self.b.unreachable()
        self.dead()

    def nonlocal_buffer(self, s, sub):
        """Nested function ``s`` jumps to labels of this function: give it (through its static
        chain) a buffer of this frame's frame and stack pointers and the labels' addresses."""
        defined, gotos = _label_scan(s.body)
        names = []
        for g in gotos:
            if g not in defined and g not in names:
                names.append(g)
        if not names:
            return None
        key = _NonLocal(s.sym.name)
        buf = self.alloca(8 * (2 + len(names)), 8)
        self.locals[key] = buf
        fa = Instr("frameaddress", T.PTR)
        fa.name = self.f.fresh()
        self.b.block.append(fa)
        self.b.store(fa, buf)
        sp = Instr("stacksave", T.PTR)
        sp.name = self.f.fresh("sp")
        self.b.block.append(sp)
        self.b.store(sp, self.b.ptradd(buf, 8))
        for i, n in enumerate(names):
            blk = self.label_block(n)
            ba = Instr("blockaddr", T.PTR, targets=[blk])
            ba.name = self.f.fresh()
            self.b.block.append(ba)
            if blk not in self.addr_labels:
                self.addr_labels.append(blk)
            self.b.store(ba, self.b.ptradd(buf, 16 + 8 * i))
        # a never-taken indirect branch keeps the labels reachable in the CFG
        disp, cont = self.block("nlg"), self.block("nlgc")
        self.b.br(self.b.icmp("eq", fa, Const(T.PTR, 0)), disp, cont)
        self.b.position(disp)
        ib = Instr("indirectbr", T.VOID, [fa], targets=[])
        self.b.block.append(ib)
        self.indirect.append(ib)
        self.b.position(cont)
        self.f.attrs.add("nonlocal_target")     # no values in registers across its blocks
        sub.nlg_sym = key
        sub.nlg_labels = {n: i for i, n in enumerate(names)}
        return key

    def builtin_setjmp(self, buf):
        """gcc's __builtin_setjmp: buf[0] = frame pointer, buf[1] = resume address, buf[2] =
        stack pointer; 0 now, 1 when __builtin_longjmp resumes here. The function is then
        compiled like -O0 (no values in registers across blocks)."""
        b = self.b
        fa = Instr("frameaddress", T.PTR)
        fa.name = self.f.fresh()
        b.block.append(fa)
        b.store(fa, buf)
        rcv = self.block("resume")
        ba = Instr("blockaddr", T.PTR, targets=[rcv])
        ba.name = self.f.fresh()
        b.block.append(ba)
        self.addr_labels.append(rcv)
        b.store(ba, b.ptradd(buf, 8))
        sp = Instr("stacksave", T.PTR)
        sp.name = self.f.fresh("sp")
        b.block.append(sp)
        b.store(sp, b.ptradd(buf, 16))
        res = self.alloca(4, 4)
        b.store(Const(T.I32, 0), res)
        disp, join = self.block("sjd"), self.block("sjj")
        b.br(b.icmp("eq", fa, Const(T.PTR, 0)), disp, join)
        b.position(disp)
        ib = Instr("indirectbr", T.VOID, [fa], targets=[])
        b.block.append(ib)
        self.indirect.append(ib)
        b.position(rcv)
        b.store(Const(T.I32, 1), res)
        b.jmp(join)
        b.position(join)
        self.f.attrs.add("nonlocal_target")
        return b.load(T.I32, res)

    def chain_array(self, caps, e):
        """A frame array of the addresses of ``caps`` (a nested function's static chain)."""
        chain = self.alloca(8 * len(caps), 8)
        for k, sy in enumerate(caps):
            a = self.locals.get(sy)
            if a is None:
                j = self.chain_index.get(sy)
                if j is None:
                    raise LowerError(f"'{sy.name}' is not visible here", e)
                a = self.b.load(T.PTR, self.b.ptradd(self.chain, 8 * j) if j else self.chain)
            self.b.store(a, self.b.ptradd(chain, 8 * k) if k else chain)
        return chain

    def trampoline(self, sym, e):
        """The address of a nested function that uses its enclosing function's variables: a
        trampoline written into this frame (the stack becomes executable, as with gcc). It
        stores the static chain in a thread-local slot and jumps to a thunk that calls the
        nested function with that chain as its hidden last argument."""
        nf = self.L.nested_ir.get(sym)
        if nf is None or nf.varargs or getattr(nf.ret_type, "is_struct", False) or \
                any(a.byval is not None for a in nf.params):
            raise LowerError("address of a nested function with aggregate or variadic "
                             "parameters that uses its enclosing function's variables "
                             "(trampolines for it are not supported)", e)
        thunk, slot = self.L.tramp_thunk(nf)
        chain = self.chain_array(self.L.nested[sym], e)
        b = self.b
        code = self.alloca(TRAMPOLINE_SIZE, 16)
        b.block.append(Instr("trampoline_init", T.VOID, [code, SymRef(thunk), chain,
                                                          SymRef(slot)]))
        self.L.m.exec_stack = True
        return code

    def s_ExprStmt(self, s):
        if s.expr is not None:
            self.effect(s.expr)

    def s_Declaration(self, d):
        for ts in d.specs.types if d.specs is not None else ():
            # a struct with a member of variable size: its layout from the sizes as they
            # are here (GNU)
            if isinstance(ts, A.StructSpec) and ts.members is not None and \
                    isinstance(ts.type, CT.RecordType) and ts.type.d.variable:
                self.record_layout(ts.type)
        for idc in d.declarators:
            sym = idc.sym
            if sym is None or sym.kind != "var":
                continue
            if sym.storage == "extern" or (sym.linkage != "none" and not sym.is_static_local):
                if sym.tls:
                    self.L.m.externs.setdefault(self.L.sym_name(sym), "tls")
                continue        # block-scope extern: the file-scope object itself
            if sym.is_static_local or sym.storage in ("static", "_Thread_local"):
                if sym not in self.L.static_names:
                    self.L.static_names[sym] = self.L.fresh_name(sym.name)
                nm = self.L.static_names[sym]
                try:
                    g = self.L.define_data(nm, sym.type, idc.flat if idc.init is not None else None,
                                           internal=True,
                                           readonly=bool(sym.type.quals & CT.CONST),
                                           tls=sym.tls, align=sym.align)
                except NotConst:
                    # e.g. label addresses: initialise the object where it is declared
                    g = self.L.define_data(nm, sym.type, None, internal=True, align=sym.align)
                    self.init_local(SymRef(nm), sym.type, idc.flat)
                self.L.apply_attrs(g, sym)
                if self.scope is not None:
                    from ..debug.lowering import record_local
                    record_local(self, sym, nm, idc, d.specs)
                continue
            t = base(sym.type)
            if isinstance(t, CT.ArrayType) and t.size is None and (
                    t.vla is not None or (t.length is not None and
                                          isinstance(base(t.elem), (CT.ArrayType,
                                                                    CT.RecordType)))) or \
                    isinstance(t, CT.RecordType) and t.d.variable:
                n = self.sizeof(t)
                # passing the declaration again (a jump back before it) frees the array of the
                # previous pass: the stack pointer from before the first pass is kept in a slot
                keep = self.alloca(8, 8)
                self.entry.insert(len(self.entry.instrs),
                                  Instr("store", T.VOID, [Const(T.PTR, 0), keep]))
                old = self.b.load(T.PTR, keep)
                cur = Instr("stacksave", T.PTR)
                cur.name = self.f.fresh("sp")
                self.b.block.append(cur)
                to = self.b.select(self.b.icmp("eq", old, Const(T.PTR, 0)), cur, old)
                self.b.block.append(Instr("stackrestore", T.VOID, [to]))
                self.b.store(to, keep)
                if self.vla_save is None:
                    sv = Instr("stacksave", T.PTR)
                    sv.name = self.f.fresh("sp")
                    self.b.block.append(sv)
                    self.vla_save = sv
                p = Instr("alloca", T.PTR, [n], extra=max(16, t.align or 1))
                p.name = self.f.fresh("vla")
                self.b.block.append(p)
                self.locals[sym] = p
                if self.scope is not None:
                    from ..debug.lowering import record_local
                    record_local(self, sym, None, idc, d.specs)
                continue
            self.sizeof_vm(t)
            size = t.size
            if size is None:
                raise LowerError(f"storage size of '{sym.name}' isn't known", idc)
            al = max(t.align or 1, sym.align or 1)
            slot = self.alloca(max(size, 1), al)
            self.locals[sym] = slot
            if self.scope is not None:
                from ..debug.lowering import record_local
                record_local(self, sym, slot, idc, d.specs)
            if idc.init is not None:
                n0 = len(self.b.block.instrs)
                self.init_local(slot, sym.type, idc.flat)
                if self.scope is not None:
                    from ..debug.lowering import converted_call_init
                    converted_call_init(self, idc, n0)

    def sizeof_vm(self, t):
        """Evaluate the sizes of variably modified types (pointers to VLAs) at declaration."""
        t = base(t)
        while isinstance(t, (CT.PointerType, CT.ArrayType)):
            if isinstance(t, CT.ArrayType) and t.vla is not None and t.vla is not True:
                self.vla_len(t)
            t = base(t.target if isinstance(t, CT.PointerType) else t.elem)

    def init_local(self, slot, t, flat):
        t = base(t)
        if not is_agg(t):
            for off, field, et, expr in flat or ():
                v = self.rval(expr)
                self.store_scalar(v, slot, et)
            return
        size = t.size
        entries = list(flat or ())
        if size and size > 32:
            try:
                buf, relocs = self.L.build_data(t, entries)
                name = self.L.fresh_name(".Linit")
                g = GlobalVar(name, size, t.align or 1, self.L.data_items(buf, relocs), internal=True,
                              readonly=not relocs)
                self.L.m.globals.append(g)
                self.memcpy(slot, SymRef(name), size, t.align or 1)
                return
            except (NotConst, LowerError):
                pass
        self.memset(slot, 0, size, t.align or 1)
        for off, field, et, expr in entries:
            p = self.b.ptradd(slot, off) if off else slot
            self.init_entry(p, field, et, expr, off)

    def init_entry(self, p, field, et, expr, off):
        bet = base(et)
        if isinstance(bet, CT.ArrayType) and isinstance(expr, A.StringLit):
            esz = bet.elem.size
            n = len(expr.value)
            if bet.length is not None:
                n = min(n, bet.length)
            if n:
                g = self.L.string_global(expr, esz)
                self.memcpy(p, SymRef(g), n * esz, 1)
            return
        if is_agg(bet):
            src = self.agg(expr)
            self.memcpy(p, src, bet.size, 1)
            return
        v = self.rval(expr)
        if field is not None and field.bit_width is not None:
            rec = self.b.ptradd(p, -field.offset) if field.offset else p
            self.store_bitfield(rec, field, v)
            return
        self.store_scalar(v, p, et)

    def memcpy(self, d, s, n, align):
        if isinstance(n, int):
            if n == 0:
                return
            n = self.i64(n)
        self.b.block.append(Instr("memcpy", T.VOID, [d, s, n], extra=align))

    def memset(self, d, v, n, align):
        if isinstance(n, int):
            if n == 0:
                return
            n = self.i64(n)
        self.b.block.append(Instr("memset", T.VOID, [d, Const(T.I8, v), n], extra=align))

    def s_If(self, s):
        then = self.block("then")
        end = self.block("endif")
        other = self.block("else") if s.other is not None else end
        self.cond_br(s.cond, then, other)
        self.b.position(then)
        self.stmt(s.then)
        self.goto(end)
        if s.other is not None:
            self.b.position(other)
            self.stmt(s.other)
            self.goto(end)
        self.b.position(end)

    def s_While(self, s):
        head = self.block("while")
        body = self.block("wbody")
        end = self.block("wend")
        self.start(head)
        self.cond_br(s.cond, body, end)
        self.b.position(body)
        self.brk.append(end)
        self.cont.append(head)
        self.stmt(s.body)
        self.brk.pop()
        self.cont.pop()
        self.goto(head)
        self.b.position(end)

    def s_DoWhile(self, s):
        body = self.block("do")
        cond = self.block("docond")
        end = self.block("doend")
        self.start(body)
        self.brk.append(end)
        self.cont.append(cond)
        self.stmt(s.body)
        self.brk.pop()
        self.cont.pop()
        self.start(cond)
        self.cond_br(s.cond, body, end)
        self.b.position(end)

    def s_For(self, s):
        if s.init is not None:
            if isinstance(s.init, A.Declaration):
                self.stmt(s.init)
            else:
                self.effect(s.init)
        head = self.block("for")
        body = self.block("fbody")
        step = self.block("fstep")
        end = self.block("fend")
        self.start(head)
        if s.cond is not None:
            self.cond_br(s.cond, body, end)
        else:
            self.b.jmp(body)
        self.b.position(body)
        self.brk.append(end)
        self.cont.append(step)
        self.stmt(s.body)
        self.brk.pop()
        self.cont.pop()
        self.start(step)
        if s.step is not None:
            self.effect(s.step)
        self.goto(head)
        self.b.position(end)

    def s_Break(self, s):
        if not self.brk:
            raise LowerError("break statement not within loop or switch", s)
        self.b.jmp(self.brk[-1])
        self.dead()

    def s_Continue(self, s):
        if not self.cont:
            raise LowerError("continue statement not within a loop", s)
        self.b.jmp(self.cont[-1])
        self.dead()

    def s_Return(self, s):
        if s.value is None:
            if self.f.ret_type.is_void:
                self.b.ret()
            elif self.ret_agg:
                tmp = self.alloca(self.ret_ctype.size, self.ret_ctype.align)
                self.b.ret(tmp, agg=self.f.ret_type)
            else:
                self.b.ret(Undef(self.f.ret_type))
        elif self.ret_agg:
            p = self.agg(s.value)
            self.b.ret(p, agg=self.f.ret_type)
        elif self.f.ret_type.is_void:
            self.effect(s.value)
            self.b.ret()
        else:
            v = self.rval(s.value)
            if is_agg(s.value.type) or v.type is not self.f.ret_type:
                v = self.conv(v, s.value.type, self.ret_ctype)
            self.b.ret(v)
        self.dead()

    def label_block(self, name):
        b = self.labels.get(name)
        if b is None:
            b = self.labels[name] = self.block("L_" + _clean(name))
        return b

    def s_Label(self, s):
        self.defined_labels.add(s.name)
        blk = self.label_block(s.name)
        self.start(blk)
        self.stmt(s.stmt)

    def s_Goto(self, s):
        if s.label in self.nlg_labels:
            self.nonlocal_goto(s.label)
            return
        self.b.jmp(self.label_block(s.label))
        self.dead()

    def s_GotoIndirect(self, s):
        v = self.rval(s.target)
        ins = Instr("indirectbr", T.VOID, [v], targets=[])
        self.b.block.append(ins)
        self.indirect.append(ins)
        self.dead()

    def s_Switch(self, s):
        v = self.rval(s.cond)
        ct = base(s.cond.type)
        it = v.type
        end = self.block("swend")
        cases = []
        default = end
        blocks = {}
        ranges = []
        for low, high, node in s.cases or ():
            blk = self.block("case")
            blocks[id(node)] = blk
            if low is None:
                default = blk
                continue
            if high is None or high == low:
                cases.append((low, blk))
            elif high - low <= 64:
                for x in range(low, high + 1):
                    cases.append((x, blk))
            elif high > low:
                ranges.append((low, high, blk))
        for low, high, blk in ranges:
            sub = self.b.binop("sub", v, Const(it, low))
            cmp = self.b.icmp("ule", sub, Const(it, high - low))
            nxt = self.block("swr")
            self.b.br(cmp, blk, nxt)
            self.b.position(nxt)
        seen = set()
        uniq = []
        for x, blk in cases:
            k = Const(it, x).value
            if k in seen:
                continue
            seen.add(k)
            uniq.append((x, blk))
        self.b.switch(v, default, uniq)
        self.dead()
        saved = self.switch_blocks
        self.switch_blocks = blocks
        self.brk.append(end)
        self.stmt(s.body)
        self.brk.pop()
        self.switch_blocks = saved
        self.start(end)

    def s_Case(self, s):
        blk = self.switch_blocks.get(id(s)) if self.switch_blocks else None
        if blk is None:
            raise LowerError("case label not within a switch statement", s)
        self.start(blk)
        self.stmt(s.stmt)

    def s_Default(self, s):
        blk = self.switch_blocks.get(id(s)) if self.switch_blocks else None
        if blk is None:
            raise LowerError("'default' label not within a switch statement", s)
        self.start(blk)
        self.stmt(s.stmt)

    def s_AsmStmt(self, s):
        if s.labels:
            raise LowerError("asm goto is not supported", s)
        tmpl = _str(s.template)
        args, outs, cons = [], [], []
        names = {}
        if s.template is not None and getattr(s.template, "value", 1) is None and not (
                s.outputs or s.inputs or s.clobbers):
            tmpl = tmpl.replace("%", "%%")     # basic asm: no operands, % is literal
        tied = []
        tied_vec = []       # "+x" vectors: (output index, address)
        vec = {}            # operand index -> size of a vector in a vector register
        mem_in = []         # "+m" aggregates: their memory is an input too (an "m" operand)
        idx = 0
        for name, c, e in s.outputs or ():
            cs = _str(c).replace(" ", "").split(",")[0]
            if name:
                names[name] = idx
            p, bf = self.lval(e)
            if bf is not None:
                raise LowerError("bit-field asm output is not supported", s)
            it = ir_type(e.type)
            letters = cs.lstrip("=+&%")
            if it is None and any(ch in "mgoVX" for ch in letters):
                if "+" in cs:
                    mem_in.append(p)
                it, cs = T.I8, "=m"     # an aggregate where memory is allowed: memory operand
            elif it is None and _small_agg(e.type) is not None:
                it = _small_agg(e.type)  # a 1/2/4/8-byte aggregate in a register, as gcc
            elif it is None and _vec_reg(e.type, letters):
                it = T.I8               # a vector in a vector register: by its address
                vec[idx] = base(e.type).size
                if "+" in cs:
                    tied_vec.append((idx, p))
                    cs = "=" + cs.replace("+", "").replace("=", "")
            if it is None:
                raise LowerError("aggregate asm output is not supported", s)
            if "+" in cs:
                tied.append((idx, e))
                cs = "=" + cs.replace("+", "").replace("=", "")
            args.append(p)
            outs.append(it)
            cons.append(cs)
            idx += 1
        for name, c, e in s.inputs or ():
            cs = _str(c).replace(" ", "").split(",")[0]
            if name:
                names[name] = idx
            letters = cs.lstrip("=+&%")
            if letters and all(ch in "mVo<>" for ch in letters):
                v = self.lval(e)[0] if e.lvalue or is_agg(e.type) else self.rval(e)
            elif is_agg(e.type) and any(ch in "mgoVX" for ch in letters):
                # an aggregate where memory is allowed ("g"): passed as a memory operand
                v = self.lval(e)[0] if e.lvalue else self.agg(e)
                cs = "m"
            elif is_agg(e.type) and (_vec_reg(e.type, letters) or
                                     letters.isdigit() and int(letters) in vec):
                v = self.lval(e)[0] if e.lvalue else self.agg(e)    # by address
                vec[idx] = base(e.type).size
            elif is_agg(e.type) and _small_agg(e.type) is not None:
                # a 1/2/4/8-byte aggregate in a register, as gcc: its bytes as an integer
                p = self.lval(e)[0] if e.lvalue else self.agg(e)
                v = self.b.load(_small_agg(e.type), p)
            else:
                v = self.rval(e)
                if is_agg(e.type):
                    raise LowerError("aggregate asm input is not supported", s)
            args.append(v)
            outs.append(None)
            cons.append(cs)
            idx += 1
        for oi, e in tied:
            args.append(self.b.load(outs[oi], args[oi]))
            outs.append(None)
            cons.append(str(oi))
        for oi, p in tied_vec:
            vec[len(args)] = vec[oi]
            args.append(p)
            outs.append(None)
            cons.append(str(oi))
        for p in mem_in:
            args.append(p)
            outs.append(None)
            cons.append("m")
        for c in s.clobbers or ():
            cs = _str(c).strip()
            if cs:
                cons.append("~{" + cs + "}")
        if names:
            import re as _re
            tmpl = _re.sub(r"%([a-zA-Z]?)\[([A-Za-z_][A-Za-z_0-9]*)\]",
                           lambda m: f"%{m.group(1)}{names.get(m.group(2), m.group(2))}", tmpl)
        self.b.block.append(Instr("asm", T.VOID, args,
                                  extra=AsmInfo(tmpl, ",".join(cons), outs, vec)))


def _vec_reg(t, letters: str) -> bool:
    """A 16/32/64-byte GNU vector operand whose constraint asks for a vector register."""
    t = base(t)
    return isinstance(t, CT.VectorType) and t.size in (16, 32, 64) and \
        any(ch in "xvY" for ch in letters) and not any(ch in "mgoVX" for ch in letters)


def _small_agg(t):
    """The integer IR type an aggregate of 1, 2, 4 or 8 bytes occupies in a register, else None."""
    t = base(t)
    if isinstance(t, (CT.RecordType, CT.ArrayType, CT.VectorType)) and t.size in (1, 2, 4, 8):
        return {1: T.I8, 2: T.I16, 4: T.I32, 8: T.I64}[t.size]
    return None
