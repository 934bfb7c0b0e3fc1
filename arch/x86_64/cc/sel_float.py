"""x86-64 instruction selection, SSE floating point: arithmetic helpers, compares and conversions.

A mixin of `isel.ISel`: methods use its state and helpers (`emit`, `val`, `reg_for`, ...)."""
from __future__ import annotations

import struct as _struct

from toolchain.cc.backend.mir import Imm, Mem, ROp
from toolchain.cc.ir import types as T
from .isel_util import SFX, FCC, fsfx, Unsupported


class FloatSel:
    __slots__ = ()

    def i_fneg(self, ins):
        t = ins.type
        d = self.reg_for(ins)
        self.copy_to(d, ins.args[0], t)
        mask = (_struct.pack("<I", 0x80000000) if t is T.F32 else _struct.pack("<Q", 1 << 63))
        lab = self.ctx.literal(mask * (16 // len(mask)), 16)
        m = self.vreg("f")
        self.emit("movaps", Mem(None, sym=lab, size=16), ROp(m, 16))
        self.emit("xorps", ROp(m, 16), ROp(d, 16))

    def i_fabs(self, ins):
        t = ins.type
        d = self.reg_for(ins)
        self.copy_to(d, ins.args[0], t)
        mask = (_struct.pack("<I", 0x7FFFFFFF) if t is T.F32 else _struct.pack("<Q", (1 << 63) - 1))
        lab = self.ctx.literal(mask * (16 // len(mask)), 16)
        m = self.vreg("f")
        self.emit("movaps", Mem(None, sym=lab, size=16), ROp(m, 16))
        self.emit("andps", ROp(m, 16), ROp(d, 16))

    def i_sqrt(self, ins):
        t = ins.type
        self.emit("sqrt" + fsfx(t), ROp(self.val(ins.args[0]), 16), ROp(self.reg_for(ins), 16))

    def fcompare(self, a, b):
        """Set the flags like ``ucomis b, a`` (compare a with b)."""
        if a.type is T.F80:
            self.fld(b)
            self.fld(a)
            self.emit("fucomip\t%st(1), %st")
            self.emit("fstp\t%st(0)")
            return
        self.emit("ucomi" + fsfx(a.type), ROp(self.val(b), 16), ROp(self.val(a), 16))

    def i_fcmp(self, ins):
        d = self.reg_for(ins)
        if FCC[ins.pred] is not None:
            cc = self.cmp_flags(ins)
            self.setcc_into(d, cc)
            return
        a, b = ins.args
        self.fcompare(a, b)
        tmp = self.vreg("i")
        if ins.pred == "oeq":
            self.emit("sete", ROp(d, 1))
            self.emit("setnp", ROp(tmp, 1))
            self.emit("andb", ROp(tmp, 1), ROp(d, 1))
        else:
            self.emit("setne", ROp(d, 1))
            self.emit("setp", ROp(tmp, 1))
            self.emit("orb", ROp(tmp, 1), ROp(d, 1))
        self.emit("movzbl", ROp(d, 1), ROp(d, 4))

    def i_fpext(self, ins):
        if T.F80 in (ins.type, ins.args[0].type):
            raise Unsupported("long double is not supported by the x86-64 back end yet")
        self.emit("cvtss2sd", ROp(self.val(ins.args[0]), 16), ROp(self.reg_for(ins), 16))

    def i_fptrunc(self, ins):
        if T.F80 in (ins.type, ins.args[0].type):
            raise Unsupported("long double is not supported by the x86-64 back end yet")
        self.emit("cvtsd2ss", ROp(self.val(ins.args[0]), 16), ROp(self.reg_for(ins), 16))

    def i_fptosi(self, ins):
        a = ins.args[0]
        t = ins.type
        sz = 8 if t.size == 8 else 4
        self.emit(f"cvtt{fsfx(a.type)}2si{SFX[sz]}", ROp(self.val(a), 16),
                  ROp(self.reg_for(ins), sz))

    def i_fptoui(self, ins):
        a = ins.args[0]
        t = ins.type
        d = self.reg_for(ins)
        s = fsfx(a.type)
        if t.size < 8:
            self.emit(f"cvtt{s}2siq", ROp(self.val(a), 16), ROp(d, 8))
            return
        x = self.val(a)
        big = self.vreg("f")
        lab = self.float_lit(a.type, 2.0 ** 63)
        self.emit("movs" + s[1], Mem(None, sym=lab, size=a.type.size), ROp(big, 16))
        t1 = self.vreg("f")
        self.emit("movaps", ROp(x, 16), ROp(t1, 16))
        self.emit("sub" + s, ROp(big, 16), ROp(t1, 16))
        r2 = self.vreg("i")
        self.emit(f"cvtt{s}2siq", ROp(t1, 16), ROp(r2, 8))
        self.emit("btcq", Imm(63), ROp(r2, 8))
        self.emit(f"cvtt{s}2siq", ROp(x, 16), ROp(d, 8))
        self.emit("ucomi" + s, ROp(big, 16), ROp(x, 16))
        self.emit("cmovaeq", ROp(r2, 8), ROp(d, 8))

    def i_sitofp(self, ins):
        a = ins.args[0]
        st, t = a.type, ins.type
        d = self.reg_for(ins)
        if st.size < 4:
            src, sz = self.extend(a, st, True), 4
        else:
            src, sz = self.val(a), st.size
        self.emit("xorps", ROp(d, 16), ROp(d, 16))
        self.emit(f"cvtsi2{fsfx(t)}{SFX[sz]}", ROp(src, sz), ROp(d, 16))

    def i_uitofp(self, ins):
        a = ins.args[0]
        st, t = a.type, ins.type
        d = self.reg_for(ins)
        if st.size < 8:
            src = self.vreg("i")
            if st.size < 4:
                src = self.extend(a, st, False)
            else:
                self.emit("movl", ROp(self.val(a), 4), ROp(src, 4), flags="k")
            self.emit("xorps", ROp(d, 16), ROp(d, 16))
            self.emit(f"cvtsi2{fsfx(t)}q", ROp(src, 8), ROp(d, 16))
            return
        # 64-bit: hi * 2^32 + lo, computed in double (exact parts, one rounding)
        x = self.val(a)
        hi, lo = self.vreg("i"), self.vreg("i")
        self.emit("movq", ROp(x, 8), ROp(hi, 8))
        self.emit("shrq", Imm(32), ROp(hi, 8))
        self.emit("movl", ROp(x, 4), ROp(lo, 4), flags="k")
        fh, fl = self.vreg("f"), self.vreg("f")
        self.emit("xorps", ROp(fh, 16), ROp(fh, 16))
        self.emit("cvtsi2sdq", ROp(hi, 8), ROp(fh, 16))
        self.emit("mulsd", Mem(None, sym=self.float_lit(T.F64, 2.0 ** 32), size=8), ROp(fh, 16))
        self.emit("xorps", ROp(fl, 16), ROp(fl, 16))
        self.emit("cvtsi2sdq", ROp(lo, 8), ROp(fl, 16))
        if t is T.F64:
            self.emit("movaps", ROp(fh, 16), ROp(d, 16))
            self.emit("addsd", ROp(fl, 16), ROp(d, 16))
        else:
            self.emit("addsd", ROp(fl, 16), ROp(fh, 16))
            self.emit("cvtsd2ss", ROp(fh, 16), ROp(d, 16))
