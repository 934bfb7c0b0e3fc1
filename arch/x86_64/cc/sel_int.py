"""x86-64 instruction selection, integer arithmetic, comparisons, selects, bit operations and atomics.

A mixin of `isel.ISel`: methods use its state and helpers (`emit`, `val`, `reg_for`, ...)."""
from __future__ import annotations

from toolchain.cc.backend.mir import Imm, Mem, ROp, Reg, Sym
from toolchain.cc.ir import types as T
from toolchain.cc.ir.core import Const, Instr
from .regs import RAX, RCX, RDX
from .isel_util import SFX, CC, SWAP, FCC, isz, osz, fits32, fsfx, Unsupported


class IntSel:
    __slots__ = ()

    def binop(self, ins: Instr):
        if ins in self.folded_scale or ins in self.folded_and or ins in self.rmw:
            return
        op, t = ins.op, ins.type
        a, b = ins.args
        d = self.reg_for(ins)
        if t.is_float:
            s = fsfx(t)
            self.copy_to(d, a, t)
            src = self.mem_of(b, t.size) if b in self.folded_load else ROp(self.val(b), 16)
            self.emit({"fadd": "add", "fsub": "sub", "fmul": "mul", "fdiv": "div"}[op] + s,
                      src, ROp(d, 16))
            return
        if t is T.I128 or t is T.F80:
            raise Unsupported(f"{t} arithmetic is not supported by the x86-64 back end yet")
        sz = osz(t)
        sf = SFX[sz]
        if op in ("add", "sub", "and", "or", "xor"):
            if op in ("add", "and", "or", "xor") and isinstance(a, Const) and not isinstance(b, Const) \
                    and b not in self.folded_load:
                a, b = b, a
            if b in self.folded_load:
                self.copy_to(d, a, t)
                self.emit(op + sf, self.mem_of(b, sz), ROp(d, sz))
                return
            if op == "add" and self.opt and not isinstance(b, Const):
                # three-address add via lea
                self.emit("lea" + sf, Mem(self.val(a), index=self.val(b), scale=1), ROp(d, sz))
                return
            self.copy_to(d, a, t)
            self.emit(op + sf, self.ival(b, sz), ROp(d, sz))
            return
        if op == "mul":
            if b in self.folded_load:
                self.copy_to(d, a, t)
                self.emit("imul" + sf, self.mem_of(b, sz), ROp(d, sz))
                return
            if isinstance(a, Const) and not isinstance(b, Const):
                a, b = b, a
            if isinstance(b, Const) and fits32(b.signed):
                self.emit("imul" + sf, Imm(b.signed), ROp(self.val(a), sz), ROp(d, sz))
            else:
                self.copy_to(d, a, t)
                self.emit("imul" + sf, ROp(self.val(b), sz), ROp(d, sz))
            return
        if op in ("shl", "lshr", "ashr"):
            mn = {"shl": "shl", "lshr": "shr", "ashr": "sar"}[op]
            if t.size < 4 and op != "shl":
                src = self.extend(a, t, op == "ashr")
                self.emit("movl", ROp(src, 4), ROp(d, 4))
            else:
                self.copy_to(d, a, t)
            if isinstance(b, Const):
                self.emit(mn + sf, Imm(b.value & (t.bits - 1 if t.bits >= 8 else 31)), ROp(d, sz))
            else:
                self.emit("movl", ROp(self.val(b), 4), ROp(RCX, 4))
                self.emit(mn + sf, ROp(RCX, 1), ROp(d, sz))
            return
        if op in ("sdiv", "srem", "udiv", "urem"):
            signed = op[0] == "s"
            if t.size < 4:
                av = self.extend(a, t, signed)
                bv = self.extend(b, t, signed)
            else:
                av = self.val(a)
                bv = self.val(b)
            self.emit("mov" + sf, ROp(av, sz), ROp(RAX, sz))
            if signed:
                self.emit("cltd" if sz == 4 else "cqto", iuse=(RAX,), idef=(RDX,))
                dv = "idiv" + sf
            else:
                self.emit("movl", Imm(0), ROp(RDX, 4))
                dv = "div" + sf
            self.emit(dv, ROp(bv, sz), iuse=(RAX, RDX), idef=(RAX, RDX))
            self.emit("mov" + sf, ROp(RAX if op in ("sdiv", "udiv") else RDX, sz), ROp(d, sz))
            return
        raise Unsupported(f"binary op {op}")

    def extend(self, v, t: T.Type, signed: bool) -> Reg:
        """A 32/64-bit register holding v (of type t) sign- or zero-extended."""
        r = self.vreg("i")
        if t.size >= 4:
            self.copy_to(r, v, t)
            return r
        if isinstance(v, Const):
            self.emit("movl", Imm((v.signed if signed else v.value) & 0xFFFFFFFF), ROp(r, 4))
            return r
        if not signed and self.zext_copy(v, t, r):
            return r
        src = self.val(v)
        if t is T.I1:
            self.emit("movzbl", ROp(src, 1), ROp(r, 4))
            if signed:
                self.emit("negl", ROp(r, 4))
            return r
        mn = ("movs" if signed else "movz") + ("b" if t.size == 1 else "w") + "l"
        self.emit(mn, ROp(src, t.size), ROp(r, 4))
        return r

    def i_neg(self, ins):
        d = self.reg_for(ins)
        self.copy_to(d, ins.args[0], ins.type)
        self.emit("neg" + SFX[osz(ins.type)], ROp(d, osz(ins.type)))

    def i_not(self, ins):
        d = self.reg_for(ins)
        self.copy_to(d, ins.args[0], ins.type)
        self.emit("not" + SFX[osz(ins.type)], ROp(d, osz(ins.type)))

    def i_bswap(self, ins):
        t = ins.type
        d = self.reg_for(ins)
        self.copy_to(d, ins.args[0], t)
        if t.size == 2:
            self.emit("rolw", Imm(8), ROp(d, 2))
        elif t.size in (4, 8):
            self.emit("bswap" + SFX[t.size], ROp(d, t.size))
        else:
            raise Unsupported(f"bswap of {t}")

    def _int_src(self, v, t):
        """v zero-extended to 32 bits (narrow types) in a fresh register; size of ops."""
        if t.size < 4:
            return self.extend(v, t, False), 4
        r = self.vreg("i")
        self.copy_to(r, v, t)
        return r, t.size

    def i_ctpop(self, ins):
        t = ins.type
        x, sz = self._int_src(ins.args[0], t)
        sf = SFX[sz]
        d = self.reg_for(ins)

        def mask(byte):
            v = int.from_bytes(bytes([byte]) * sz, "little")
            if sz == 8:
                return ROp(self.val(Const(T.I64, v)), 8)
            return Imm(v if v < 1 << 31 else v - (1 << 32))

        t1 = self.vreg("i")
        self.emit("mov" + sf, ROp(x, sz), ROp(t1, sz))
        self.emit("shr" + sf, Imm(1), ROp(t1, sz))
        self.emit("and" + sf, mask(0x55), ROp(t1, sz))
        self.emit("sub" + sf, ROp(t1, sz), ROp(x, sz))
        t2 = self.vreg("i")
        m2 = mask(0x33)
        self.emit("mov" + sf, ROp(x, sz), ROp(t2, sz))
        self.emit("shr" + sf, Imm(2), ROp(t2, sz))
        self.emit("and" + sf, m2, ROp(t2, sz))
        self.emit("and" + sf, m2, ROp(x, sz))
        self.emit("add" + sf, ROp(t2, sz), ROp(x, sz))
        t3 = self.vreg("i")
        self.emit("mov" + sf, ROp(x, sz), ROp(t3, sz))
        self.emit("shr" + sf, Imm(4), ROp(t3, sz))
        self.emit("add" + sf, ROp(t3, sz), ROp(x, sz))
        self.emit("and" + sf, mask(0x0F), ROp(x, sz))
        self.emit("imul" + sf, mask(0x01), ROp(x, sz)) if sz == 8 else \
            self.emit("imul" + sf, Imm(0x01010101), ROp(x, sz), ROp(x, sz))
        self.emit("shr" + sf, Imm(sz * 8 - 8), ROp(x, sz))
        self.emit("mov" + sf, ROp(x, sz), ROp(d, sz))

    def i_ctlz(self, ins):
        t = ins.type
        x, sz = self._int_src(ins.args[0], t)
        d = self.reg_for(ins)
        self.emit("bsr" + SFX[sz], ROp(x, sz), ROp(d, sz))
        self.emit("xor" + SFX[sz], Imm(sz * 8 - 1), ROp(d, sz))
        if t.size < 4:
            self.emit("subl", Imm(32 - t.bits), ROp(d, 4))

    def i_cttz(self, ins):
        t = ins.type
        x, sz = self._int_src(ins.args[0], t)
        self.emit("bsf" + SFX[sz], ROp(x, sz), ROp(self.reg_for(ins), sz))

    def i_atomicrmw(self, ins):
        p, v = ins.args
        t = ins.type
        sz = isz(t)
        sf = SFX[sz]
        m = self.addr(p)
        kind = ins.extra
        if not ins.users and kind != "xchg":
            src = self.ival(v, sz)
            self.emit("lock " + kind + sf, src, m)
            return
        d = self.reg_for(ins)
        if kind in ("add", "sub", "xchg"):
            self.copy_to(d, v, t)
            if kind == "sub":
                self.emit("neg" + SFX[osz(t)], ROp(d, osz(t)))
            self.emit(("xchg" if kind == "xchg" else "lock xadd") + sf, ROp(d, sz), m)
            return
        # and/or/xor with the old value needed: compare-and-swap loop
        os_ = osz(t)
        old = self.vreg("i")
        self.emit({1: "movzbl", 2: "movzwl", 4: "movl", 8: "movq"}[sz], m.copy(),
                  ROp(old, 8 if sz == 8 else 4))
        loop = self.start_block()
        tmp = self.vreg("i")
        self.emit("mov" + SFX[os_], ROp(old, os_), ROp(tmp, os_))
        self.emit(kind + SFX[os_], self.ival(v, os_), ROp(tmp, os_))
        self.emit("mov" + SFX[os_], ROp(old, os_), ROp(RAX, os_))
        self.emit("lock cmpxchg" + sf, ROp(tmp, sz), m.copy(), iuse=(RAX,), idef=(RAX,))
        self.emit("mov" + SFX[os_], ROp(RAX, os_), ROp(old, os_))
        self.emit("jne", Sym(loop.label), flags="b", targets=(loop,))
        self.mb.succs.append(loop)
        self.start_block()
        self.emit("mov" + SFX[os_], ROp(old, os_), ROp(d, os_))

    def i_cmpxchg(self, ins):
        p, e, n = ins.args
        t = ins.type
        sz = isz(t)
        m = self.addr(p)
        nr = self.val(n)
        self.copy_to(RAX, e, t)
        self.emit("lock cmpxchg" + SFX[sz], ROp(nr, sz), m, iuse=(RAX,), idef=(RAX,))
        self.emit("movq", ROp(RAX, 8), ROp(self.reg_for(ins), 8))

    def cmp_flags(self, ins) -> str:
        """Emit the compare for icmp/fcmp ins; return the condition-code suffix."""
        a, b = ins.args
        if ins.op == "icmp" and a.type is T.I128:
            return self.cmp128(ins.pred, a, b)
        if ins.op == "icmp":
            t = a.type
            pred = ins.pred
            if isinstance(a, Const) and not isinstance(b, Const):
                a, b = b, a
                pred = SWAP[pred]
            sz = isz(t) if t.size < 4 else osz(t)
            if b in self.folded_load:
                self.emit("cmp" + SFX[sz], self.mem_of(b, sz), ROp(self.val(a), sz))
                return CC[pred]
            if a in self.folded_and:
                x, y = a.args
                if isinstance(x, Const):
                    x, y = y, x
                if y in self.folded_load:
                    self.emit("test" + SFX[sz], self.mem_of(y, sz), ROp(self.val(x), sz))
                elif x in self.folded_load:
                    self.emit("test" + SFX[sz], self.mem_of(x, sz), ROp(self.val(y), sz))
                else:
                    self.emit("test" + SFX[sz], self.ival(y, sz), ROp(self.val(x), sz))
                return CC[pred]
            if isinstance(b, Const) and b.value == 0 and pred in ("eq", "ne"):
                r = self.val(a)
                self.emit("test" + SFX[sz], ROp(r, sz), ROp(r, sz))
            else:
                self.emit("cmp" + SFX[sz], self.ival(b, sz), ROp(self.val(a), sz))
            return CC[pred]
        swap, cc = FCC[ins.pred]
        if swap:
            a, b = b, a
        self.fcompare(a, b)
        return cc

    def setcc_into(self, d: Reg, cc: str):
        self.emit("set" + cc, ROp(d, 1))
        self.emit("movzbl", ROp(d, 1), ROp(d, 4))

    def i_icmp(self, ins):
        cc = self.cmp_flags(ins)
        self.setcc_into(self.reg_for(ins), cc)

    def i_select(self, ins):
        if ins.args[0] in self.fused_sel:
            return self._select_fused(ins)
        c, a, b = ins.args
        t = ins.type
        d = self.reg_for(ins)
        if isinstance(c, Instr) and c.op == "icmp" and c.block is ins.block and False:
            pass
        cr = self.val(c)
        if t.is_float:
            # select on the bit patterns in general registers
            ai, bi = self.vreg("i"), self.vreg("i")
            self.emit("movq", ROp(self.val(a), 16), ROp(ai, 8))
            self.emit("movq", ROp(self.val(b), 16), ROp(bi, 8))
            self.emit("testb", ROp(cr, 1), ROp(cr, 1))
            self.emit("cmovneq", ROp(ai, 8), ROp(bi, 8))
            self.emit("movq", ROp(bi, 8), ROp(d, 16))
            return
        sz = osz(t)
        av = self.val(a)
        self.copy_to(d, b, t)
        self.emit("testb", ROp(cr, 1), ROp(cr, 1))
        self.emit("cmovne" + SFX[sz], ROp(av, sz), ROp(d, sz))

    def _select_fused(self, ins):
        c, a, b = ins.args
        t = ins.type
        d = self.reg_for(ins)
        sz = osz(t)
        av = self.val(a)
        self.copy_to(d, b, t)
        cc = self.cmp_flags(c)
        self.emit("cmov" + cc + SFX[sz], ROp(av, sz), ROp(d, sz))

    def i_trunc(self, ins):
        d = self.reg_for(ins)
        src = self.val(ins.args[0])
        self.emit("movl", ROp(src, 4), ROp(d, 4))
        if ins.type is T.I1:
            self.emit("andl", Imm(1), ROp(d, 4))

    def i_zext(self, ins):
        a = ins.args[0]
        st, t = a.type, ins.type
        d = self.reg_for(ins)
        if self.zext_copy(a, st, d):
            return
        if st.size >= 4:
            if isinstance(a, Const):
                return self.copy_to(d, Const(t, a.value), t)
            self.emit("movl", ROp(self.val(a), 4), ROp(d, 4), flags="k")
            return
        if isinstance(a, Const):
            return self.copy_to(d, Const(t, a.value & st.mask), t)
        self.emit("movzwl" if st.size == 2 else "movzbl", ROp(self.val(a), isz(st)), ROp(d, 4))

    def i_sext(self, ins):
        a = ins.args[0]
        st, t = a.type, ins.type
        d = self.reg_for(ins)
        if isinstance(a, Const):
            return self.copy_to(d, Const(t, a.signed), t)
        src = self.val(a)
        if st is T.I1:
            self.emit("movzbl", ROp(src, 1), ROp(d, 4))
            self.emit("neg" + SFX[osz(t)], ROp(d, osz(t)))
            return
        if t.size == 8:
            mn = {1: "movsbq", 2: "movswq", 4: "movslq"}[st.size]
            self.emit(mn, ROp(src, st.size), ROp(d, 8))
        else:
            mn = {1: "movsbl", 2: "movswl"}[st.size]
            self.emit(mn, ROp(src, st.size), ROp(d, 4))

    def i_bitcast(self, ins):
        a = ins.args[0]
        st, t = a.type, ins.type
        d = self.reg_for(ins)
        src = self.val(a)
        if st.is_float and not t.is_float:
            self.emit("movq" if t.size == 8 else "movd", ROp(src, 16), ROp(d, t.size))
        elif t.is_float and not st.is_float:
            self.emit("movq" if t.size == 8 else "movd", ROp(src, st.size), ROp(d, 16))
        else:
            self.copy_to(d, a, st)

    def i_ptrtoint(self, ins):
        self.copy_to(self.reg_for(ins), ins.args[0], T.I64)

    def i_inttoptr(self, ins):
        a = ins.args[0]
        if a.type.size < 8 and not isinstance(a, Const) and self.zext_copy(a, a.type, self.reg_for(ins)):
            return
        if a.type.size < 8:
            r = self.extend(a, a.type, False)
            self.emit("movl", ROp(r, 4), ROp(self.reg_for(ins), 4), flags="k")
        else:
            self.copy_to(self.reg_for(ins), a, T.I64)
