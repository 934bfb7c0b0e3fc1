"""x86-64 instruction selection, `__int128` as register pairs.

A mixin of `isel.ISel`: methods use its state and helpers (`emit`, `val`, `reg_for`, ...)."""
from __future__ import annotations

from toolchain.cc.backend.mir import Imm, Mem, ROp
from toolchain.cc.ir import types as T
from toolchain.cc.ir.core import Const, Instr, SymRef, Undef
from .regs import RAX, RCX, RDX
from .isel_util import CC, fits32


class WideSel:
    __slots__ = ()
    _FSUF = {"f32": "sf", "f64": "df", "f80": "xf"}

    def pair_for(self, v):
        p = self.vr128.get(v)
        if p is None:
            p = (self.vreg("i"), self.vreg("i"))
            self.vr128[v] = p
        return p

    def pair(self, v):
        """Registers holding the halves of i128 value v."""
        if isinstance(v, (Const, Undef)):
            val = v.value if isinstance(v, Const) else 0
            lo, hi = self.vreg("i"), self.vreg("i")
            for r, half in ((lo, val & (2 ** 64 - 1)), (hi, val >> 64)):
                sv = half - (1 << 64) if half >> 63 else half
                if fits32(sv):
                    self.emit("movq", Imm(sv), ROp(r, 8))
                else:
                    self.emit("movabsq", Imm(sv), ROp(r, 8))
            return lo, hi
        return self.pair_for(v)

    def _w_pairwise(self, ins, lo_op, hi_op):
        a, b = ins.args
        al, ah = self.pair(a)
        bl, bh = self.pair(b)
        dl, dh = self.pair_for(ins)
        self.emit("movq", ROp(al, 8), ROp(dl, 8))
        self.emit("movq", ROp(ah, 8), ROp(dh, 8))
        self.emit(lo_op, ROp(bl, 8), ROp(dl, 8))
        self.emit(hi_op, ROp(bh, 8), ROp(dh, 8))

    def w_add(self, ins):
        self._w_pairwise(ins, "addq", "adcq")

    def w_sub(self, ins):
        self._w_pairwise(ins, "subq", "sbbq")

    def w_and(self, ins):
        self._w_pairwise(ins, "andq", "andq")

    def w_or(self, ins):
        self._w_pairwise(ins, "orq", "orq")

    def w_xor(self, ins):
        self._w_pairwise(ins, "xorq", "xorq")

    def w_neg(self, ins):
        al, ah = self.pair(ins.args[0])
        dl, dh = self.pair_for(ins)
        self.emit("movq", ROp(al, 8), ROp(dl, 8))
        self.emit("movq", ROp(ah, 8), ROp(dh, 8))
        self.emit("negq", ROp(dl, 8))
        self.emit("adcq", Imm(0), ROp(dh, 8))
        self.emit("negq", ROp(dh, 8))

    def w_not(self, ins):
        al, ah = self.pair(ins.args[0])
        dl, dh = self.pair_for(ins)
        self.emit("movq", ROp(al, 8), ROp(dl, 8))
        self.emit("movq", ROp(ah, 8), ROp(dh, 8))
        self.emit("notq", ROp(dl, 8))
        self.emit("notq", ROp(dh, 8))

    def w_mul(self, ins):
        a, b = ins.args
        al, ah = self.pair(a)
        bl, bh = self.pair(b)
        dl, dh = self.pair_for(ins)
        t1, t2 = self.vreg("i"), self.vreg("i")
        self.emit("movq", ROp(al, 8), ROp(t1, 8))
        self.emit("imulq", ROp(bh, 8), ROp(t1, 8))
        self.emit("movq", ROp(ah, 8), ROp(t2, 8))
        self.emit("imulq", ROp(bl, 8), ROp(t2, 8))
        self.emit("addq", ROp(t2, 8), ROp(t1, 8))
        self.emit("movq", ROp(al, 8), ROp(RAX, 8))
        self.emit("mulq", ROp(bl, 8), iuse=(RAX,), idef=(RAX, RDX))
        self.emit("movq", ROp(RAX, 8), ROp(dl, 8))
        self.emit("movq", ROp(RDX, 8), ROp(dh, 8))
        self.emit("addq", ROp(t1, 8), ROp(dh, 8))

    def _w_libcall(self, ins, name):
        from toolchain.cc.ir.core import CallInfo
        c = Instr("call", T.I128, [SymRef(name), *ins.args], extra=CallInfo())
        self.vr128[c] = self.pair_for(ins)
        self.i_call(c)
        c.drop_operands()

    def _conv_libcall(self, ins, name):
        from toolchain.cc.ir.core import CallInfo
        c = Instr("call", ins.type, [SymRef(name), ins.args[0]], extra=CallInfo())
        if ins.type is T.I128:
            self.vr128[c] = self.pair_for(ins)
        elif ins.type is T.F80:
            self.f80loc[c] = self.f80_home(ins)
        else:
            self.vr[c] = self.reg_for(ins)
        self.i_call(c)
        c.drop_operands()

    def w_sitofp(self, ins):
        self._conv_libcall(ins, f"__floatti{self._FSUF[ins.type.name]}")

    def w_uitofp(self, ins):
        self._conv_libcall(ins, f"__floatunti{self._FSUF[ins.type.name]}")

    def w_fptosi(self, ins):
        self._conv_libcall(ins, f"__fix{self._FSUF[ins.args[0].type.name]}ti")

    def w_fptoui(self, ins):
        self._conv_libcall(ins, f"__fixuns{self._FSUF[ins.args[0].type.name]}ti")

    def _w_shift(self, ins, kind):
        a, b = ins.args
        al, ah = self.pair(a)
        dl, dh = self.pair_for(ins)
        self.emit("movq", ROp(al, 8), ROp(dl, 8))
        self.emit("movq", ROp(ah, 8), ROp(dh, 8))
        if isinstance(b, Const):
            k = b.value & 127
            if k == 0:
                return
            if k >= 64:
                if kind == "shl":
                    self.emit("movq", ROp(dl, 8), ROp(dh, 8))
                    self.emit("shlq", Imm(k - 64), ROp(dh, 8))
                    self.emit("movl", Imm(0), ROp(dl, 4), flags="k")
                else:
                    self.emit("movq", ROp(dh, 8), ROp(dl, 8))
                    self.emit(("shrq" if kind == "lshr" else "sarq"), Imm(k - 64), ROp(dl, 8))
                    if kind == "lshr":
                        self.emit("movl", Imm(0), ROp(dh, 4), flags="k")
                    else:
                        self.emit("sarq", Imm(63), ROp(dh, 8))
                return
            if kind == "shl":
                self.emit("shldq", Imm(k), ROp(dl, 8), ROp(dh, 8))
                self.emit("shlq", Imm(k), ROp(dl, 8))
            else:
                self.emit("shrdq", Imm(k), ROp(dh, 8), ROp(dl, 8))
                self.emit("shrq" if kind == "lshr" else "sarq", Imm(k), ROp(dh, 8))
            return
        bl, _ = self.pair(b)
        z = self.vreg("i")
        self.emit("movl", ROp(bl, 4), ROp(RCX, 4))
        if kind == "shl":
            self.emit("shldq", ROp(RCX, 1), ROp(dl, 8), ROp(dh, 8))
            self.emit("shlq", ROp(RCX, 1), ROp(dl, 8))
            self.emit("movl", Imm(0), ROp(z, 4), flags="k")
            self.emit("testb", Imm(64), ROp(RCX, 1))
            self.emit("cmovneq", ROp(dl, 8), ROp(dh, 8))
            self.emit("cmovneq", ROp(z, 8), ROp(dl, 8))
        else:
            self.emit("shrdq", ROp(RCX, 1), ROp(dh, 8), ROp(dl, 8))
            self.emit("shrq" if kind == "lshr" else "sarq", ROp(RCX, 1), ROp(dh, 8))
            if kind == "lshr":
                self.emit("movl", Imm(0), ROp(z, 4), flags="k")
            else:
                self.emit("movq", ROp(dh, 8), ROp(z, 8))
                self.emit("sarq", Imm(63), ROp(z, 8))
            self.emit("testb", Imm(64), ROp(RCX, 1))
            self.emit("cmovneq", ROp(dh, 8), ROp(dl, 8))
            self.emit("cmovneq", ROp(z, 8), ROp(dh, 8))

    def w_shl(self, ins):
        self._w_shift(ins, "shl")

    def w_lshr(self, ins):
        self._w_shift(ins, "lshr")

    def w_ashr(self, ins):
        self._w_shift(ins, "ashr")

    def cmp128(self, pred, a, b) -> str:
        if pred in ("eq", "ne"):
            al, ah = self.pair(a)
            bl, bh = self.pair(b)
            t1, t2 = self.vreg("i"), self.vreg("i")
            self.emit("movq", ROp(al, 8), ROp(t1, 8))
            self.emit("xorq", ROp(bl, 8), ROp(t1, 8))
            self.emit("movq", ROp(ah, 8), ROp(t2, 8))
            self.emit("xorq", ROp(bh, 8), ROp(t2, 8))
            self.emit("orq", ROp(t2, 8), ROp(t1, 8))
            return "e" if pred == "eq" else "ne"
        if pred in ("sgt", "sle", "ugt", "ule"):
            a, b = b, a
            pred = {"sgt": "slt", "sle": "sge", "ugt": "ult", "ule": "uge"}[pred]
        al, ah = self.pair(a)
        bl, bh = self.pair(b)
        t = self.vreg("i")
        self.emit("movq", ROp(ah, 8), ROp(t, 8))
        self.emit("cmpq", ROp(bl, 8), ROp(al, 8))
        self.emit("sbbq", ROp(bh, 8), ROp(t, 8))
        return CC[pred]

    def w_icmp(self, ins):
        cc = self.cmp128(ins.pred, *ins.args)
        self.setcc_into(self.reg_for(ins), cc)

    def w_zext(self, ins):
        a = ins.args[0]
        dl, dh = self.pair_for(ins)
        r = self._to_i64(a, False) if a.type.size < 8 else self.val(a)
        self.emit("movq", ROp(r, 8), ROp(dl, 8))
        self.emit("movl", Imm(0), ROp(dh, 4), flags="k")

    def w_sext(self, ins):
        a = ins.args[0]
        dl, dh = self.pair_for(ins)
        r = self._to_i64(a, True) if a.type.size < 8 else self.val(a)
        self.emit("movq", ROp(r, 8), ROp(dl, 8))
        self.emit("movq", ROp(r, 8), ROp(dh, 8))
        self.emit("sarq", Imm(63), ROp(dh, 8))

    def w_trunc(self, ins):
        lo, _ = self.pair(ins.args[0])
        d = self.reg_for(ins)
        self.emit("movq", ROp(lo, 8), ROp(d, 8))
        if ins.type is T.I1:
            self.emit("andl", Imm(1), ROp(d, 4))

    def w_copy(self, ins):
        al, ah = self.pair(ins.args[0])
        dl, dh = self.pair_for(ins)
        self.emit("movq", ROp(al, 8), ROp(dl, 8))
        self.emit("movq", ROp(ah, 8), ROp(dh, 8))

    def w_load(self, ins):
        m = self.addr(ins.args[0])
        dl, dh = self.pair_for(ins)
        self.emit("movq", m, ROp(dl, 8))
        self.emit("movq", m.copy(disp=m.disp + 8), ROp(dh, 8))

    def w_store(self, ins):
        v, p = ins.args
        m = self.addr(p)
        lo, hi = self.pair(v)
        self.emit("movq", ROp(lo, 8), m)
        self.emit("movq", ROp(hi, 8), m.copy(disp=m.disp + 8))

    def w_select(self, ins):
        c, a, b = ins.args
        al, ah = self.pair(a)
        bl, bh = self.pair(b)
        dl, dh = self.pair_for(ins)
        cr = self.val(c)
        self.emit("movq", ROp(bl, 8), ROp(dl, 8))
        self.emit("movq", ROp(bh, 8), ROp(dh, 8))
        self.emit("testb", ROp(cr, 1), ROp(cr, 1))
        self.emit("cmovneq", ROp(al, 8), ROp(dl, 8))
        self.emit("cmovneq", ROp(ah, 8), ROp(dh, 8))

    def w_va_arg(self, ins):
        p = self.va_arg_agg(ins.args[0], T.struct(16, 16, [(0, T.I64), (8, T.I64)]))
        lo, hi = self.pair_for(ins)
        self.emit("movq", Mem(p), ROp(lo, 8))
        self.emit("movq", Mem(p, disp=8), ROp(hi, 8))
