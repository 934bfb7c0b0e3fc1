"""x86-64 instruction selection, the calling convention: parameters, calls, returns and varargs.

A mixin of `isel.ISel`: methods use its state and helpers (`emit`, `val`, `reg_for`, ...)."""
from __future__ import annotations

from toolchain.cc.backend.mir import Imm, Mem, ROp, Reg, Sym
from toolchain.cc.ir import types as T
from toolchain.cc.ir.core import Const, Instr, SymRef
from . import abi, builtins
from .regs import CALL_CLOBBERS, GPR, RAX, RBP, RDX, RSP, XMM
from .isel_util import fits32, fsfx, Unsupported


# SSE register <-> memory moves by width (a 16/32-byte vector: unaligned, as a byval copy or
# an aggregate member may be)
_SSE_MOVE = {4: "movss", 8: "movsd", 16: "movups", 32: "vmovups"}


class CallSel:
    __slots__ = ()

    def ret_regs(self):
        rt = self.f.ret_type
        if rt.is_void:
            return []
        rc = abi.ret_classes(rt, abi.vec_max(self.ctx))
        if rc is None:
            return [RAX]
        return [GPR[r] if c == abi.INTEGER else XMM[r] for c, r, _ in rc if c != "X87"]

    def lower_params(self):
        f = self.f
        types = [p.byval if p.byval is not None else p.type for p in f.params]
        first = 0
        if f.ret_type.is_struct and abi.ret_classes(f.ret_type, abi.vec_max(self.ctx)) is None:
            first = 1
            self.sret_ptr = self.vreg("i")
            self.emit("movq", ROp(GPR["rdi"], 8), ROp(self.sret_ptr, 8))
        locs, stack, ni, ns = abi.assign_args(types, first, abi.vec_max(self.ctx))
        if f.varargs:
            sa = self.mf.new_slot(176, 16, "va")
            self.va = (sa, ni * 8, 48 + ns * 16, stack)
            for k, r in enumerate(abi.INT_ARG_REGS):
                self.emit("movq", ROp(GPR[r], 8), Mem(RBP, disp=8 * k, slot=sa))
            for k in range(8):
                self.emit("movaps", ROp(XMM[f"xmm{k}"], 16), Mem(RBP, disp=48 + 16 * k, slot=sa))
        for p, loc, t in zip(f.params, locs, types):
            if p.byval is not None:
                if loc.regs:
                    s = self.mf.new_slot((t.size + 7) // 8 * 8, max(8, t.align))
                    for c, rn, k in loc.regs:
                        if c == abi.INTEGER:
                            self.emit("movq", ROp(GPR[rn], 8), Mem(RBP, disp=8 * k, slot=s))
                        else:
                            n = abi.sse_width(loc.classes, k)
                            self.emit(_SSE_MOVE[max(8, n)], ROp(XMM[rn], max(16, n)),
                                      Mem(RBP, disp=8 * k, slot=s, size=n))
                    self.emit("leaq", Mem(RBP, slot=s), ROp(self.reg_for(p), 8))
                else:
                    self.emit("leaq", Mem(RBP, disp=16 + loc.stack_off), ROp(self.reg_for(p), 8))
                # -g: where the aggregate lives (its slot, or its CFA offset on the stack)
                self.mf.extra.setdefault("byval_homes", {})[p] = s if loc.regs else loc.stack_off
                continue
            if p.type is T.F80:
                self.f80loc[p] = Mem(RBP, disp=16 + loc.stack_off)
                continue
            if p.type is T.I128:
                lo, hi = self.pair_for(p)
                if loc.regs:
                    self.emit("movq", ROp(GPR[loc.regs[0][1]], 8), ROp(lo, 8))
                    self.emit("movq", ROp(GPR[loc.regs[1][1]], 8), ROp(hi, 8))
                else:
                    self.emit("movq", Mem(RBP, disp=16 + loc.stack_off), ROp(lo, 8))
                    self.emit("movq", Mem(RBP, disp=24 + loc.stack_off), ROp(hi, 8))
                continue
            r = self.reg_for(p)
            if loc.regs:
                c, rn, _ = loc.regs[0]
                # -g: the incoming register (toolchain.cc.debug locates unassigned parameters)
                self.mf.extra.setdefault("param_regs", {})[p] = \
                    GPR[rn] if c == abi.INTEGER else XMM[rn]
                if c == abi.INTEGER:
                    self.emit("movq", ROp(GPR[rn], 8), ROp(r, 8))
                else:
                    self.emit("movaps", ROp(XMM[rn], 16), ROp(r, 16))
            else:
                if r.cls == "i":
                    self.emit("movq", Mem(RBP, disp=16 + loc.stack_off), ROp(r, 8))
                else:
                    self.emit("movsd", Mem(RBP, disp=16 + loc.stack_off), ROp(r, 16))

    def call_c(self, name, args):
        ins = Instr("call", T.VOID, [SymRef(name), *args])
        from toolchain.cc.ir.core import CallInfo
        ins.extra = CallInfo()
        self.i_call(ins)
        ins.drop_operands()

    def i_call(self, ins):
        ci = ins.extra
        callee = ins.args[0]
        if isinstance(callee, SymRef) and callee.name.startswith("__builtin_"):
            return builtins.select(self, ins)     # a target builtin (builtins.py)
        args = ins.args[1:]
        sret_dst = None
        rt = ins.type
        ret_rc = []
        if ci.sret is not None:
            sret_dst, args = args[0], args[1:]
            ret_rc = abi.ret_classes(ci.sret, abi.vec_max(self.ctx))
        byval = ci.byval or [None] * len(args)
        exts = ci.ext or [None] * len(args)
        types = [bt if bt is not None else a.type for a, bt in zip(args, byval)]
        first = 1 if (ci.sret is not None and ret_rc is None) else 0
        locs, stack, ni, ns = abi.assign_args(types, first, abi.vec_max(self.ctx))
        stack_sz = (stack + 15) // 16 * 16
        # callee address first (it may need registers)
        target = None
        if isinstance(callee, SymRef) and callee.name not in self.ctx.tls:
            target = Sym(callee.name, None if callee.name in self.ctx.internal else "PLT")
        else:
            target = ROp(self.val(callee), 8)
        if stack_sz:
            self.emit("subq", Imm(stack_sz), ROp(RSP, 8))
        for a, loc, t, bt in zip(args, locs, types, byval):
            if loc.regs:
                continue
            dm = Mem(RSP, disp=loc.stack_off)
            if bt is not None:
                self.copy_mem(dm, self.addr(a), bt.size)
            elif t is T.F80:
                self.fld(a)
                self.emit("fstpt", dm)
            elif t is T.I128:
                lo, hi = self.pair(a)
                self.emit("movq", ROp(lo, 8), dm)
                self.emit("movq", ROp(hi, 8), dm.copy(disp=dm.disp + 8))
            elif t.is_float:
                self.emit("movs" + fsfx(t)[1], ROp(self.val(a), 16), dm.copy(size=t.size))
            else:
                self.emit("movq", self.ival(a, 8) if isinstance(a, Const) else
                          ROp(self.val(a), 8), dm)
        # register arguments: compute into vregs, then move into the fixed registers last
        moves = []
        for a, loc, t, bt, ext in zip(args, locs, types, byval, exts):
            if not loc.regs:
                continue
            if bt is not None:
                src = self.addr(a)
                for c, rn, k in loc.regs:
                    n = min(8, bt.size - 8 * k)
                    if c == abi.INTEGER:
                        moves.append((GPR[rn], self.load_partial(src.copy(disp=src.disp + 8 * k), n), 8))
                    elif abi.sse_width(loc.classes, k) > 8:
                        # a vector eightbyte group: loaded straight into its register with
                        # the other moves (a vector is wider than an "f" spill slot)
                        n = abi.sse_width(loc.classes, k)
                        moves.append((XMM[rn], src.copy(disp=src.disp + 8 * k, size=n), n))
                    else:
                        fr = self.vreg("f")
                        self.emit("movss" if n == 4 else "movsd",
                                  src.copy(disp=src.disp + 8 * k, size=n), ROp(fr, 16))
                        moves.append((XMM[rn], fr, 16))
                continue
            if t is T.I128:
                lo, hi = self.pair(a)
                moves.append((GPR[loc.regs[0][1]], lo, 8))
                moves.append((GPR[loc.regs[1][1]], hi, 8))
                continue
            c, rn, _ = loc.regs[0]
            if c == abi.INTEGER:
                if isinstance(a, Const) and fits32(a.signed):
                    moves.append((GPR[rn], Imm(a.signed if t.size == 8 or ext == "signext"
                                               else a.value), 8))
                else:
                    r = self.val(a)
                    if t.size < 4:
                        # narrow integers are extended to 32 bits by the caller (clang relies
                        # on it; _Bool is zero-extended)
                        r = self.extend(a, t, ext == "signext")
                    moves.append((GPR[rn], r, 8))
            else:
                moves.append((XMM[rn], self.val(a), 16))
        sret_reg = None
        if first:
            sret_reg = self.val(sret_dst)
        uses = []
        for pr, src, sz in moves:
            if isinstance(src, Imm):
                self.emit("movq" if src.value < 0 or src.value >= 1 << 32 else "movl",
                          src, ROp(pr, 8 if src.value < 0 or src.value >= 1 << 32 else 4))
            elif isinstance(src, Mem):
                self.emit(_SSE_MOVE[sz], src, ROp(pr, max(16, sz)))
            elif sz == 16:
                self.emit("movaps", ROp(src, 16), ROp(pr, 16))
            else:
                self.emit("movq", ROp(src, 8), ROp(pr, 8))
            uses.append(pr)
        if sret_reg is not None:
            self.emit("movq", ROp(sret_reg, 8), ROp(GPR["rdi"], 8))
            uses.append(GPR["rdi"])
        if ci.nfixed is not None:
            self.emit("movl", Imm(ns), ROp(RAX, 4))
            uses.append(RAX)
        if isinstance(target, Sym):
            self.emit("call", target, iuse=tuple(uses), idef=CALL_CLOBBERS, flags="c")
        else:
            self.emit("call", target, iuse=tuple(uses), idef=CALL_CLOBBERS, flags="c")
        if stack_sz:
            self.emit("addq", Imm(stack_sz), ROp(RSP, 8))
        if ci.sret is not None and ret_rc and ret_rc[0][0] == "X87":
            dm = self.addr(sret_dst)
            for c, rn, k in ret_rc:
                self.emit("fstpt", dm.copy(disp=dm.disp + 16 * k))
        elif ci.sret is not None and ret_rc:
            dm = self.addr(sret_dst)
            for c, rn, k in ret_rc:
                n = min(8, ci.sret.size - 8 * k)
                if c == abi.INTEGER:
                    t = self.vreg("i")
                    self.emit("movq", ROp(GPR[rn], 8), ROp(t, 8))
                    self.store_partial(t, dm.copy(disp=dm.disp + 8 * k), n)
                else:
                    # a vector eightbyte group stores its whole register; a scalar eightbyte
                    # only the aggregate's bytes (struct { float } is 4: the next slot may
                    # start right after it)
                    w = abi.sse_width(abi.classify(ci.sret, abi.vec_max(self.ctx)), k)
                    if w > 8:
                        n = w
                    elif n not in _SSE_MOVE:
                        t = self.vreg("i")
                        self.emit("movq", ROp(XMM[rn], 16), ROp(t, 8))
                        self.store_partial(t, dm.copy(disp=dm.disp + 8 * k), n)
                        continue
                    self.emit(_SSE_MOVE[n], ROp(XMM[rn], max(16, n)),
                              dm.copy(disp=dm.disp + 8 * k, size=n))
        elif rt is T.F80:
            self.fstp_home(ins)
        elif rt is T.I128:
            lo, hi = self.pair_for(ins)
            self.emit("movq", ROp(RAX, 8), ROp(lo, 8))
            self.emit("movq", ROp(RDX, 8), ROp(hi, 8))
        elif not rt.is_void:
            d = self.reg_for(ins)
            if rt.is_float:
                self.emit("movaps", ROp(XMM["xmm0"], 16), ROp(d, 16))
            else:
                self.emit("movq", ROp(RAX, 8), ROp(d, 8))

    def i_va_start(self, ins):
        if self.va is None:
            raise Unsupported("va_start outside a variadic function")
        sa, gp, fp, stack = self.va
        m = self.addr(ins.args[0])
        self.emit("movl", Imm(gp), m.copy())
        self.emit("movl", Imm(fp), m.copy(disp=m.disp + 4))
        t = self.vreg("i")
        self.emit("leaq", Mem(RBP, disp=16 + stack), ROp(t, 8))
        self.emit("movq", ROp(t, 8), m.copy(disp=m.disp + 8))
        t2 = self.vreg("i")
        self.emit("leaq", Mem(RBP, slot=sa), ROp(t2, 8))
        self.emit("movq", ROp(t2, 8), m.copy(disp=m.disp + 16))

    def i_va_end(self, ins):
        pass

    def i_va_copy(self, ins):
        self.copy_mem(self.addr(ins.args[0]), self.addr(ins.args[1]), 24)

    def va_arg_mem(self, ap, t) -> Reg:
        """Address of a memory-class argument taken from the overflow area (advanced)."""
        m = self.addr(ap)
        p, n = self.vreg("i"), self.vreg("i")
        self.emit("movq", m.copy(disp=m.disp + 8), ROp(p, 8))
        if t.align > 8:
            self.emit("addq", Imm(t.align - 1), ROp(p, 8))
            self.emit("andq", Imm(-t.align), ROp(p, 8))
        self.emit("leaq", Mem(p, disp=(t.size + 7) // 8 * 8), ROp(n, 8))
        self.emit("movq", ROp(n, 8), m.copy(disp=m.disp + 8))
        return p

    def va_arg_agg(self, ap, t) -> Reg:
        """Address of an aggregate argument: a copy of its register eightbytes when it was
        passed in registers, else its place in the overflow area."""
        cl = abi.classify(t)
        if abi.MEMORY in cl:
            return self.va_arg_mem(ap, t)
        m = self.addr(ap)
        ni, ns = cl.count(abi.INTEGER), cl.count(abi.SSE)
        gp, fp, ovf, rsa = (self.vreg("i") for _ in range(4))
        self.emit("movl", m.copy(), ROp(gp, 4), flags="k")
        self.emit("movl", m.copy(disp=m.disp + 4), ROp(fp, 4), flags="k")
        self.emit("movq", m.copy(disp=m.disp + 8), ROp(ovf, 8))
        self.emit("movq", m.copy(disp=m.disp + 16), ROp(rsa, 8))
        ovfa = ovf
        if t.align > 8:
            ovfa = self.vreg("i")
            self.emit("leaq", Mem(ovf, disp=t.align - 1), ROp(ovfa, 8))
            self.emit("andq", Imm(-t.align), ROp(ovfa, 8))
        # inmem = gp > 48 - 8*ni || fp > 176 - 16*ns
        c1, c2 = self.vreg("i"), self.vreg("i")
        self.emit("cmpl", Imm(48 - 8 * ni), ROp(gp, 4))
        self.emit("seta", ROp(c1, 1))
        self.emit("cmpl", Imm(176 - 16 * ns), ROp(fp, 4))
        self.emit("seta", ROp(c2, 1))
        self.emit("orb", ROp(c2, 1), ROp(c1, 1))
        slot = self.mf.new_slot((t.size + 7) // 8 * 8, max(8, t.align))
        ki = ks = 0
        for k, c in enumerate(cl):
            src, alt, v = self.vreg("i"), self.vreg("i"), self.vreg("i")
            if c == abi.INTEGER:
                self.emit("leaq", Mem(rsa, index=gp, scale=1, disp=8 * ki), ROp(src, 8))
                ki += 1
            elif c == abi.SSEUP:
                self.emit("leaq", Mem(rsa, index=fp, scale=1, disp=16 * (ks - 1) + 8), ROp(src, 8))
            else:
                self.emit("leaq", Mem(rsa, index=fp, scale=1, disp=16 * ks), ROp(src, 8))
                ks += 1
            self.emit("leaq", Mem(ovfa, disp=8 * k), ROp(alt, 8))
            self.emit("testb", ROp(c1, 1), ROp(c1, 1))
            self.emit("cmovneq", ROp(alt, 8), ROp(src, 8))
            self.emit("movq", Mem(src), ROp(v, 8))
            self.emit("movq", ROp(v, 8), Mem(RBP, disp=8 * k, slot=slot))
        # advance: registers consumed, or the overflow area
        g2, f2, o2 = self.vreg("i"), self.vreg("i"), self.vreg("i")
        self.emit("leal", Mem(gp, disp=8 * ni), ROp(g2, 4))
        self.emit("leal", Mem(fp, disp=16 * ns), ROp(f2, 4))
        self.emit("leaq", Mem(ovfa, disp=(t.size + 7) // 8 * 8), ROp(o2, 8))
        self.emit("testb", ROp(c1, 1), ROp(c1, 1))
        self.emit("cmovnel", ROp(gp, 4), ROp(g2, 4))
        self.emit("cmovnel", ROp(fp, 4), ROp(f2, 4))
        self.emit("cmoveq", ROp(ovf, 8), ROp(o2, 8))
        self.emit("movl", ROp(g2, 4), m.copy())
        self.emit("movl", ROp(f2, 4), m.copy(disp=m.disp + 4))
        self.emit("movq", ROp(o2, 8), m.copy(disp=m.disp + 8))
        r = self.vreg("i")
        self.emit("leaq", Mem(RBP, slot=slot), ROp(r, 8))
        return r

    def i_va_arg(self, ins):
        t = ins.type
        if ins.extra is not None:
            p = self.va_arg_agg(ins.args[0], ins.extra)
            self.emit("movq", ROp(p, 8), ROp(self.reg_for(ins), 8))
            return
        m = self.addr(ins.args[0])
        isf = t.is_float
        if t is T.F80 or t.size > 8:
            raise Unsupported(f"va_arg of {t}")
        field = m.copy(disp=m.disp + (4 if isf else 0))
        limit, step = (176, 16) if isf else (48, 8)
        o, a, s, o2, s2 = (self.vreg("i") for _ in range(5))
        self.emit("movl", field, ROp(o, 4), flags="k")
        self.emit("movq", m.copy(disp=m.disp + 16), ROp(a, 8))
        self.emit("addq", ROp(o, 8), ROp(a, 8))
        self.emit("movq", m.copy(disp=m.disp + 8), ROp(s, 8))
        self.emit("leal", Mem(o, disp=step), ROp(o2, 4))
        self.emit("leaq", Mem(s, disp=8), ROp(s2, 8))
        self.emit("cmpl", Imm(limit), ROp(o, 4))
        self.emit("cmovaeq", ROp(s, 8), ROp(a, 8))
        self.emit("cmovael", ROp(o, 4), ROp(o2, 4))
        self.emit("cmovbq", ROp(s, 8), ROp(s2, 8))
        self.emit("movl", ROp(o2, 4), field.copy())
        self.emit("movq", ROp(s2, 8), m.copy(disp=m.disp + 8))
        d = self.reg_for(ins)
        if isf:
            self.emit("movs" + fsfx(t)[1], Mem(a, size=t.size), ROp(d, 16))
        else:
            self.emit({1: "movzbl", 2: "movzwl", 4: "movl", 8: "movq"}[t.size], Mem(a),
                      ROp(d, 8 if t.size == 8 else 4))

    def i_ret(self, ins):
        rt = self.f.ret_type
        uses = []
        if ins.args:
            v = ins.args[0]
            if rt.is_struct:
                rc = abi.ret_classes(rt, abi.vec_max(self.ctx))
                src = self.addr(v)
                if rc is None:
                    self.copy_mem(Mem(self.sret_ptr), src, rt.size)
                    self.emit("movq", ROp(self.sret_ptr, 8), ROp(RAX, 8))
                    uses.append(RAX)
                elif rc and rc[0][0] == "X87":
                    for c, rn, k in reversed(rc):
                        self.emit("fldt", src.copy(disp=src.disp + 16 * k))
                else:
                    pend = []
                    for c, rn, k in rc:
                        n = min(8, rt.size - 8 * k)
                        if c == abi.INTEGER:
                            pend.append((GPR[rn], self.load_partial(src.copy(disp=src.disp + 8 * k), n), 8))
                        else:
                            w = abi.sse_width(abi.classify(rt, abi.vec_max(self.ctx)), k)
                            if w > 8:       # a vector: loaded straight into its register
                                n = w
                                pend.append((XMM[rn], src.copy(disp=src.disp + 8 * k, size=n), n))
                                continue
                            fr = self.vreg("f")
                            self.emit("movss" if n == 4 else "movsd",
                                      src.copy(disp=src.disp + 8 * k, size=n), ROp(fr, 16))
                            pend.append((XMM[rn], fr, 16))
                    for pr, r, sz in pend:
                        if isinstance(r, Mem):
                            self.emit(_SSE_MOVE[sz], r, ROp(pr, max(16, sz)))
                        else:
                            self.emit("movaps" if sz == 16 else "movq", ROp(r, sz), ROp(pr, sz))
                        uses.append(pr)
            elif rt is T.F80:
                self.fld(v)
            elif rt is T.I128:
                lo, hi = self.pair(v)
                self.emit("movq", ROp(lo, 8), ROp(RAX, 8))
                self.emit("movq", ROp(hi, 8), ROp(RDX, 8))
                uses += [RAX, RDX]
            elif rt.is_float:
                self.emit("movaps", ROp(self.val(v), 16), ROp(XMM["xmm0"], 16))
                uses.append(XMM["xmm0"])
            else:
                if isinstance(v, Const) and fits32(v.signed):
                    self.emit("movq" if v.signed < 0 and rt.size == 8 else "movl",
                              Imm(v.signed if rt.size == 8 else v.value & 0xFFFFFFFF),
                              ROp(RAX, 8 if v.signed < 0 and rt.size == 8 else 4))
                else:
                    self.emit("movq", ROp(self.val(v), 8), ROp(RAX, 8))
                uses.append(RAX)
        self.emit("jmp", Sym(self.ret_block.label), iuse=tuple(uses), flags="bt",
                  targets=(self.ret_block,))
        self.mb.succs.append(self.ret_block)
