"""x86-64 instruction selection, x87 `long double`: memory homes, the register stack, conversions.

A mixin of `isel.ISel`: methods use its state and helpers (`emit`, `val`, `reg_for`, ...)."""
from __future__ import annotations

import struct as _struct

from toolchain.cc.backend.mir import Imm, Mem, ROp
from toolchain.cc.ir import types as T
from toolchain.cc.ir.core import Const
from .regs import RBP
from .isel_util import fsfx, f80_bytes


class X87Sel:
    __slots__ = ()

    def f80_home(self, v) -> Mem:
        if isinstance(v, Const):
            return Mem(None, sym=self.ctx.literal(f80_bytes(v.value), 16), size=16)
        loc = self.f80loc.get(v)
        if loc is None:
            loc = Mem(RBP, slot=self.mf.new_slot(16, 16))
            self.f80loc[v] = loc
        return loc

    def fld(self, v):
        self.emit("fldt", self.f80_home(v).copy())

    def fstp_home(self, ins):
        self.emit("fstpt", self.f80_home(ins).copy())

    def x87_push(self, v, t):
        """Load the float/double/long double IR value v onto the x87 stack."""
        if t is T.F80:
            self.fld(v)
            return
        slot = Mem(RBP, slot=self.mf.new_slot(8, 8), size=t.size)
        self.emit("movs" + fsfx(t)[1], ROp(self.val(v), 16), slot)
        self.emit("flds" if t is T.F32 else "fldl", slot.copy())

    def x87tmp(self) -> Mem:
        if self._x87tmp is None:
            self._x87tmp = self.mf.new_slot(16, 16)
        return Mem(RBP, slot=self._x87tmp)

    def _x87_arith(self, ins, mn):
        a, b = ins.args
        self.fld(b)
        self.fld(a)
        self.emit(mn + "\t%st(1), %st")
        self.fstp_home(ins)
        self.emit("fstp\t%st(0)")

    def x87_fadd(self, ins):
        self._x87_arith(ins, "fadd")

    def x87_fsub(self, ins):
        self._x87_arith(ins, "fsub")

    def x87_fmul(self, ins):
        self._x87_arith(ins, "fmul")

    def x87_fdiv(self, ins):
        self._x87_arith(ins, "fdiv")

    def _x87_unary(self, ins, mn):
        self.fld(ins.args[0])
        self.emit(mn)
        self.fstp_home(ins)

    def x87_fneg(self, ins):
        self._x87_unary(ins, "fchs")

    def x87_fabs(self, ins):
        self._x87_unary(ins, "fabs")

    def x87_sqrt(self, ins):
        self._x87_unary(ins, "fsqrt")

    def x87_copy(self, ins):
        self.fld(ins.args[0])
        self.fstp_home(ins)

    def x87_load(self, ins):
        self.emit("fldt", self.addr(ins.args[0]))
        self.fstp_home(ins)

    def x87_store(self, ins):
        self.fld(ins.args[0])
        self.emit("fstpt", self.addr(ins.args[1]))

    def x87_fpext(self, ins):
        a = ins.args[0]
        tmp = self.x87tmp()
        self.emit("movs" + fsfx(a.type)[1], ROp(self.val(a), 16), tmp.copy(size=a.type.size))
        self.emit("flds" if a.type is T.F32 else "fldl", tmp.copy())
        self.fstp_home(ins)

    def x87_fptrunc(self, ins):
        t = ins.type
        tmp = self.x87tmp()
        self.fld(ins.args[0])
        self.emit("fstps" if t is T.F32 else "fstpl", tmp.copy())
        self.emit("movs" + fsfx(t)[1], tmp.copy(size=t.size), ROp(self.reg_for(ins), 16))

    def _to_i64(self, v, signed):
        t = v.type
        if t.size == 8:
            return self.val(v)
        r = self.extend(v, t, signed) if t.size < 4 else None
        if r is None:
            r = self.vreg("i")
            src = self.val(v)
            if signed:
                self.emit("movslq", ROp(src, 4), ROp(r, 8))
            else:
                self.emit("movl", ROp(src, 4), ROp(r, 4), flags="k")
            return r
        if signed:
            self.emit("movslq", ROp(r, 4), ROp(r, 8))
        return r

    def x87_sitofp(self, ins):
        r = self._to_i64(ins.args[0], True)
        tmp = self.x87tmp()
        self.emit("movq", ROp(r, 8), tmp.copy())
        self.emit("fildq", tmp.copy())
        self.fstp_home(ins)

    def x87_uitofp(self, ins):
        a = ins.args[0]
        r = self._to_i64(a, False)
        tmp = self.x87tmp()
        self.emit("movq", ROp(r, 8), tmp.copy())
        self.emit("fildq", tmp.copy())
        if a.type.size == 8:
            # add 2^64 when the sign bit was set: index a {0.0f, 2^64} table by the sign
            sgn, base = self.vreg("i"), self.vreg("i")
            self.emit("movq", ROp(r, 8), ROp(sgn, 8))
            self.emit("shrq", Imm(63), ROp(sgn, 8))
            lab = self.ctx.literal(_struct.pack("<ff", 0.0, 2.0 ** 64), 8)
            self.emit("leaq", Mem(None, sym=lab), ROp(base, 8))
            self.emit("fadds", Mem(base, index=sgn, scale=4))
        self.fstp_home(ins)

    def x87_fptosi(self, ins):
        t = ins.type
        tmp = self.x87tmp()
        self.fld(ins.args[0])
        self.emit("fisttpq", tmp.copy())
        self.emit("movq", tmp.copy(), ROp(self.reg_for(ins), 8))

    def x87_fptoui(self, ins):
        a = ins.args[0]
        tmp = self.x87tmp()
        d = self.reg_for(ins)
        self.fld(a)
        self.emit("fisttpq", tmp.copy())
        self.emit("movq", tmp.copy(), ROp(d, 8))
        if ins.type.size < 8:
            return
        c63 = Const(T.F80, 2.0 ** 63)
        t2 = self.vreg("i")
        self.fld(c63)
        self.fld(a)
        self.emit("fsub\t%st(1), %st")
        self.emit("fisttpq", tmp.copy())
        self.emit("movq", tmp.copy(), ROp(t2, 8))
        self.emit("btcq", Imm(63), ROp(t2, 8))
        self.fld(a)
        self.emit("fucomip\t%st(1), %st")
        self.emit("fstp\t%st(0)")
        self.emit("cmovaeq", ROp(t2, 8), ROp(d, 8))

    def x87_fcmp(self, ins):
        self.i_fcmp(ins)

    def x87_select(self, ins):
        c, a, b = ins.args
        pa, pb = self.vreg("i"), self.vreg("i")
        self.emit("leaq", self.f80_home(a).copy(), ROp(pa, 8))
        self.emit("leaq", self.f80_home(b).copy(), ROp(pb, 8))
        cr = self.val(c)
        self.emit("testb", ROp(cr, 1), ROp(cr, 1))
        self.emit("cmovneq", ROp(pa, 8), ROp(pb, 8))
        self.emit("fldt", Mem(pb))
        self.fstp_home(ins)

    def x87_va_arg(self, ins):
        p = self.va_arg_mem(ins.args[0], T.F80)
        self.emit("fldt", Mem(p))
        self.fstp_home(ins)
