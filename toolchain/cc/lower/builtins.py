"""Builtins: ``__builtin_*``, ``__atomic_*``, ``__sync_*`` (a mixin of FuncLower)."""
from __future__ import annotations

import math
import re
from fractions import Fraction

from .. import ast as A
from .. import types as CT
from ..ir import types as T
from ..ir.core import CallInfo, Const, Instr, SymRef, Undef
from .common import (LowerError, NotConst, _LIBC_BUILTINS, _VARIADIC_LIB, _strip, base, complex_elem, ir_type, is_agg, is_complex, is_signed, round_const)


class BuiltinLower:
    """Lowering of builtin calls; mixed into FuncLower (uses its b, f, rval, conv...)."""

    def builtin(self, e, name):
        if name.startswith(("__atomic_", "__sync_")):
            return self.atomic(name[2:], e.args, e)
        if not name.startswith("__builtin") and name not in _LIBC_BUILTINS:
            return None
        n = name[10:] if name.startswith("__builtin_") else name
        args = e.args
        b = self.b
        if n in ("va_start", "va_end"):
            ap = self.rval(args[0])
            b.block.append(Instr(n, T.VOID, [ap]))
            return Undef(T.VOID)
        if n == "va_copy":
            d = self.rval(args[0])
            s = self.rval(args[1])
            b.block.append(Instr("va_copy", T.VOID, [d, s]))
            return Undef(T.VOID)
        if n == "expect" or n == "expect_with_probability":
            v = self.rval(args[0])
            for a in args[1:]:
                self.effect(a)
            return self.conv(v, args[0].type, e.type)
        if n == "assume_aligned":
            return self.rval(args[0])
        if n == "constant_p":
            try:
                self.L.cev(args[0])
                return Const(ir_type(e.type), 1)
            except NotConst:
                return Const(ir_type(e.type), 0)
        if n in ("unreachable", "trap"):
            if n == "trap":
                b.call(T.VOID, "abort", [])
            b.unreachable()
            self.dead()
            return Undef(T.VOID)
        if n in ("abort", "exit", "_exit"):
            return None
        if n in ("inf", "inff", "infl", "huge_val", "huge_valf", "huge_vall"):
            return Const(ir_type(e.type), math.inf)
        if n in ("nan", "nanf", "nanl") and args and isinstance(_strip(args[0]), A.StringLit):
            return Const(ir_type(e.type), math.nan)
        if n in ("fabs", "fabsf", "fabsl", "sqrt", "sqrtf", "sqrtl") and len(args) == 1 and n.startswith(("fabs", "sqrt")):
            if n.startswith("sqrt") and name == n:
                return None
            v = self.rval(args[0])
            return b.unop("fabs" if n.startswith("fabs") else "sqrt", v)
        if n.startswith(("popcount", "clz", "ctz", "bswap", "ffs", "parity", "clrsb")) and args:
            v = self.rval(args[0])
            # the operand converts to the parameter type the builtin's name gives
            if n.endswith(("16", "32", "64", "128")):
                bits = int(n[-3:] if n.endswith("128") else n[-2:])
            else:
                bits = 64 if n.endswith("l") else 32
            want = {16: T.I16, 32: T.I32, 64: T.I64, 128: T.I128}[bits]
            if v.type.is_int and v.type is not want:
                v = self.resize(v, want, is_signed(args[0].type))
            it = v.type
            rt = ir_type(e.type)
            if n.startswith("popcount"):
                return self.resize(b.unop("ctpop", v), rt, False)
            if n.startswith("clz") and not n.startswith("clrsb"):
                return self.resize(b.unop("ctlz", v), rt, False)
            if n.startswith("ctz"):
                return self.resize(b.unop("cttz", v), rt, False)
            if n.startswith("bswap"):
                return b.unop("bswap", v)
            if n.startswith("parity"):
                x = self.resize(b.unop("ctpop", v), rt, False)
                return b.binop("and", x, Const(rt, 1))
            if n.startswith("ffs"):
                z = b.icmp("eq", v, Const(it, 0))
                t = self.resize(b.unop("cttz", v), rt, False)
                t1 = b.binop("add", t, Const(rt, 1))
                return b.select(z, Const(rt, 0), t1)
            if n.startswith("clrsb"):
                s = b.binop("ashr", v, Const(it, it.bits - 1))
                x = b.binop("xor", v, s)
                x = b.binop("or", b.binop("shl", x, Const(it, 1)), Const(it, 1))
                return self.resize(b.unop("ctlz", x), rt, False)
        if n == "shuffle" and not isinstance(base(e.type), CT.VectorType):
            raise LowerError("__builtin_shuffle is not supported (the front end types it as int)", e)
        if n == "shuffle" and len(args) in (2, 3):
            vt = base(e.type)
            at = base(args[0].type)
            cnt = at.length
            es = at.elem.size
            both = self.alloca(2 * at.size, at.align)
            a = self.rval(args[0])
            self.memcpy(both, a, at.size, 1)
            if len(args) == 3:
                bv = self.rval(args[1])
                self.memcpy(b.ptradd(both, at.size), bv, at.size, 1)
                mask_n = 2 * cnt
            else:
                mask_n = cnt
            m = self.rval(args[-1])
            mt = base(args[-1].type)
            mit = ir_type(mt.elem)
            tmp = self.alloca(vt.size, vt.align)
            eit = ir_type(at.elem)
            for i in range(vt.length):
                mi = b.load(mit, b.ptradd(m, i * mt.elem.size) if i else m)
                mi = b.binop("and", mi, Const(mit, mask_n - 1))
                off = b.binop("mul", self.resize(mi, T.I64, False), Const(T.I64, es))
                v = b.load(eit, b.ptradd(both, off))
                b.store(v, b.ptradd(tmp, i * es) if i else tmp)
            return tmp
        if n == "choose_expr" and len(args) == 2:       # sema kept [condition, chosen]
            if is_agg(args[1].type):
                return self.agg(args[1])
            if base(args[1].type).kind == "void":
                self.effect(args[1])
                return Undef(T.VOID)
            return self.rval(args[1])
        if n == "setjmp" and len(args) == 1:
            return self.builtin_setjmp(self.rval(args[0]))
        if n == "longjmp" and len(args) == 2:
            buf = self.rval(args[0])
            self.effect(args[1])
            fp = b.load(T.PTR, buf)
            to = b.load(T.PTR, b.ptradd(buf, 8))
            sp = b.load(T.PTR, b.ptradd(buf, 16))
            b.block.append(Instr("nonlocal_goto", T.VOID, [fp, sp, to]))
            b.unreachable()
            self.dead()
            return Undef(T.VOID)
        if n in ("abs", "labs", "llabs", "imaxabs") and len(args) == 1 \
                and args[0].type.is_integer():
            # expanded inline, as gcc does (even when the program defines its own)
            pt = self.tt.int if n == "abs" else self.tt.long
            v = self.conv(self.rval(args[0]), args[0].type, pt)
            neg = b.binop("sub", Const(v.type, 0), v)
            return b.select(b.icmp("slt", v, Const(v.type, 0)), neg, v)
        if n in ("frame_address", "return_address"):
            lv = self.rval(args[0])
            level = lv.value if isinstance(lv, Const) and lv.type.is_int else 0
            if level == 0:
                ins = Instr("frameaddress" if n == "frame_address" else "returnaddress", T.PTR)
                ins.name = self.f.fresh()
                b.block.append(ins)
                return ins
            # outer frames: follow the saved frame pointers (every pycc frame has one)
            fr = Instr("frameaddress", T.PTR)
            fr.name = self.f.fresh()
            b.block.append(fr)
            for _ in range(level):
                fr = b.load(T.PTR, fr, volatile=True)
            if n == "frame_address":
                return fr
            return b.load(T.PTR, b.ptradd(fr, 8), volatile=True)
        if n in ("alloca", "alloca_with_align"):
            sz = self.conv(self.rval(args[0]), args[0].type, self.tt.ulong)
            ins = Instr("alloca", T.PTR, [sz], extra=16)
            ins.name = self.f.fresh()
            b.block.append(ins)
            return ins
        if n in ("isinff", "isinfl", "isnanf", "isnanl", "finite", "finitef", "finitel"):
            n = {"isinff": "isinf", "isinfl": "isinf", "isnanf": "isnan",
                 "isnanl": "isnan"}.get(n, "isfinite")
        if n in ("isnan", "isinf", "isfinite", "isunordered", "isgreater", "isless",
                 "isgreaterequal", "islessequal", "islessgreater", "signbit", "isinf_sign",
                 "isnormal"):
            return self.fclass(n, args, e)
        if n in ("object_size",):
            v = self.effect(args[0])
            k = self.L.cev(args[1])[1] if len(args) > 1 else 0
            return Const(ir_type(e.type), 0 if k & 2 else -1)
        if n in ("prefetch",):
            for a in args:
                self.effect(a)
            return Undef(T.VOID)
        if n in ("conj", "conjf", "conjl", "creal", "crealf", "creall", "cimag", "cimagf",
                 "cimagl") and len(args) == 1 and is_complex(args[0].type):
            ct = base(args[0].type)
            el = complex_elem(ct, self.tt)
            it = ir_type(el)
            p = self.rval(args[0])
            re = b.load(it, p)
            im = b.load(it, b.ptradd(p, el.size))
            if n.startswith("creal"):
                return re
            if n.startswith("cimag"):
                return im
            tmp = self.alloca(ct.size, ct.align)
            b.store(re, tmp)
            b.store(b.unop("fneg" if it.is_float else "neg", im), b.ptradd(tmp, el.size))
            return tmp
        if n == "classify_type" and args:
            x = args[0]
            while type(x) is A.ImplicitCast and x.kind == "convert":
                x = x.operand
            t = base(x.type)
            if isinstance(t, CT.VoidType):
                k = 0
            elif isinstance(t, CT.EnumType):
                k = 3
            elif isinstance(t, CT.IntType):
                k = 4 if t.rank == 0 else 1
            elif isinstance(t, CT.PointerType):
                k = 5
            elif is_complex(t):
                k = 9
            elif isinstance(t, CT.FloatType):
                k = 8
            elif isinstance(t, CT.FunctionType):
                k = 10
            elif isinstance(t, CT.RecordType):
                k = 13 if t.is_union else 12
            elif isinstance(t, CT.ArrayType):
                k = 14
            else:
                k = -1
            return Const(ir_type(e.type), k)
        if n in ("add_overflow", "sub_overflow", "mul_overflow", "add_overflow_p",
                 "sub_overflow_p", "mul_overflow_p"):
            return self.overflow(n, args, e)
        if n.startswith(("sadd", "uadd", "ssub", "usub", "smul", "umul")) and n.endswith("_overflow"):
            return self.overflow(n[1:4] + "_overflow", args, e)
        if n.startswith(("sync_", "atomic_")):
            return self.atomic(n, args, e)
        if name.startswith("__builtin_"):
            # __builtin_memcpy etc.: call the library function
            return self.call_named(n, e)
        return None

    def call_named(self, n, e):
        args = []
        ext = []
        for a in e.args:
            v = self.rval(a)
            args.append(v)
            at = base(a.type)
            ext.append(("signext" if at.signed else "zeroext") if isinstance(at, CT.IntType) and at.size < 4 else None)
        irt = ir_type(e.type)
        if is_agg(e.type):
            raise LowerError(f"unsupported builtin '{n}'", e)
        ins = Instr("call", irt, [SymRef(n), *args],
                    extra=CallInfo(len(args) if n in _VARIADIC_LIB else None, None, None,
                                   ext if any(ext) else None))
        if not irt.is_void:
            ins.name = self.f.fresh()
        self.b.block.append(ins)
        return ins

    def overflow(self, n, args, e):
        b = self.b
        a0 = self.rval(args[0])
        a1 = self.rval(args[1])
        if n.endswith("_p"):
            rt = base(args[2].type)
            p = None
        else:
            p = self.rval(args[2])
            rt = base(base(args[2].type).target)
        if rt.size == 16 and base(args[0].type).size <= 8 and base(args[1].type).size <= 8:
            # a 128-bit result of at most 64-bit operands: the i128 arithmetic is exact
            # (an unsigned product as unsigned, everything else as signed)
            x = self.resize(a0, T.I128, is_signed(args[0].type))
            y = self.resize(a1, T.I128, is_signed(args[1].type))
            op = n.split("_")[0]
            r = b.binop(op, x, y)
            neg = b.icmp("slt", r, Const(T.I128, 0))
            uns = op == "mul" and not is_signed(args[0].type) and not is_signed(args[1].type)
            ov = neg if uns == is_signed(rt) else Const(T.I1, 0)
            if p is not None:
                b.store(r, p)
            return self.resize(ov, ir_type(e.type), False)
        for t in (args[0].type, args[1].type, rt):
            if base(t).size > 8:
                raise LowerError("__int128 overflow builtins are not supported", e)
        x = self.resize(a0, T.I128, is_signed(args[0].type))
        y = self.resize(a1, T.I128, is_signed(args[1].type))
        op = n.split("_")[0]
        r = b.binop({"add": "add", "sub": "sub", "mul": "mul"}[op], x, y)
        it = ir_type(rt)
        tr = b.cast("trunc", r, it)
        back = self.resize(tr, T.I128, is_signed(rt))
        ov = b.icmp("ne", back, r)
        if op == "mul":
            # the 128-bit product of two 64-bit values can itself overflow: check by division
            nz = b.icmp("ne", x, Const(T.I128, 0))
            xs = b.select(nz, x, Const(T.I128, 1))
            q = b.binop("sdiv", r, xs)
            bad = b.binop("and", nz, b.icmp("ne", q, y))
            ov = b.binop("or", ov, bad)
        if p is not None:
            b.store(tr, p)
        return self.resize(ov, ir_type(e.type), False)

    def fclass(self, n, args, e):
        b = self.b
        rt = ir_type(e.type)
        v = self.rval(args[0])
        if n == "isunordered" or n in ("isgreater", "isless", "isgreaterequal", "islessequal", "islessgreater"):
            w = self.rval(args[1])
            t = self.common(args[0].type, args[1].type)
            v = self.conv(v, args[0].type, t)
            w = self.conv(w, args[1].type, t)
            pred = {"isunordered": "uno", "isgreater": "ogt", "isless": "olt", "isgreaterequal": "oge",
                    "islessequal": "ole", "islessgreater": "one"}[n]
            return self.resize(b.fcmp(pred, v, w), rt, False)
        if n == "isnan":
            return self.resize(b.fcmp("uno", v, v), rt, False)
        ft = v.type
        if n in ("isinf", "isinf_sign"):
            a = b.unop("fabs", v)
            c = b.fcmp("oeq", a, Const(ft, math.inf))
            r = self.resize(c, rt, False)
            if n == "isinf_sign":
                neg = b.fcmp("olt", v, Const(ft, 0.0))
                return b.select(c, b.select(neg, Const(rt, -1), Const(rt, 1)), Const(rt, 0))
            return r
        if n == "isfinite":
            a = b.unop("fabs", v)
            return self.resize(b.fcmp("olt", a, Const(ft, math.inf)), rt, False)
        if n == "isnormal":
            a = b.unop("fabs", v)
            mn = round_const(Fraction(1, 1 << {32: 126, 64: 1022}.get(ft.bits, 16382)), ft)
            c1 = b.fcmp("olt", a, Const(ft, math.inf))
            c2 = b.fcmp("oge", a, Const(ft, mn))
            return self.resize(b.binop("and", c1, c2), rt, False)
        if n == "signbit":
            if ft is T.F32:
                x = b.cast("bitcast", v, T.I32)
                return self.resize(b.icmp("slt", x, Const(T.I32, 0)), rt, False)
            if ft is T.F64:
                x = b.cast("bitcast", v, T.I64)
                return self.resize(b.icmp("slt", x, Const(T.I64, 0)), rt, False)
            tmp = self.alloca(16, 16)
            b.store(v, tmp)
            hi = b.load(T.I16, b.ptradd(tmp, 8 if ft is T.F80 else ft.size - 2))
            return self.resize(b.icmp("slt", hi, Const(T.I16, 0)), rt, False)
        raise LowerError(f"unsupported builtin '{n}'", e)

    def atomic(self, n, args, e):
        b = self.b
        if n == "sync_synchronize":
            b.block.append(Instr("fence", T.VOID))
            return Undef(T.VOID)
        rt = ir_type(e.type) if not isinstance(base(e.type), CT.VoidType) else T.VOID
        ops = {"add": "add", "sub": "sub", "and": "and", "or": "or", "xor": "xor"}
        for pre in ("sync_fetch_and_", "atomic_fetch_"):
            if n.startswith(pre):
                opn = n[len(pre):].split("_")[0]
                if opn in ops:
                    p = self.rval(args[0])
                    it = ir_type(base(args[0].type).target)
                    v = self.resize(self.rval(args[1]), it, True)
                    ins = Instr("atomicrmw", it, [p, v], extra=ops[opn])
                    ins.name = self.f.fresh()
                    b.block.append(ins)
                    return self.resize(ins, rt, False) if rt is not T.VOID else ins
        for suf in ("_and_fetch",):
            if n.startswith(("sync_", "atomic_")) and n.endswith(suf):
                opn = n.split("_")[1]
                if opn in ops:
                    p = self.rval(args[0])
                    it = ir_type(base(args[0].type).target)
                    v = self.resize(self.rval(args[1]), it, True)
                    ins = Instr("atomicrmw", it, [p, v], extra=ops[opn])
                    ins.name = self.f.fresh()
                    b.block.append(ins)
                    r = b.binop(ops[opn], ins, v)
                    return self.resize(r, rt, False) if rt is not T.VOID else r
        if n in ("sync_lock_test_and_set", "atomic_exchange_n"):
            p = self.rval(args[0])
            it = ir_type(base(args[0].type).target)
            v = self.resize(self.rval(args[1]), it, True)
            ins = Instr("atomicrmw", it, [p, v], extra="xchg")
            ins.name = self.f.fresh()
            b.block.append(ins)
            return ins
        if n in ("sync_val_compare_and_swap", "sync_bool_compare_and_swap"):
            p = self.rval(args[0])
            it = ir_type(base(args[0].type).target)
            ex = self.resize(self.rval(args[1]), it, True)
            nw = self.resize(self.rval(args[2]), it, True)
            ins = Instr("cmpxchg", it, [p, ex, nw])
            ins.name = self.f.fresh()
            b.block.append(ins)
            if n == "sync_val_compare_and_swap":
                return ins
            return self.resize(b.icmp("eq", ins, ex), rt, False)
        if n == "sync_lock_release" or n == "atomic_store_n":
            p = self.rval(args[0])
            it = ir_type(base(args[0].type).target)
            v = Const(it, 0) if n == "sync_lock_release" else self.resize(self.rval(args[1]), it, True)
            b.block.append(Instr("store", T.VOID, [v, p], extra="atomic"))
            return Undef(T.VOID)
        if n == "atomic_load_n":
            p = self.rval(args[0])
            it = ir_type(base(args[0].type).target)
            ins = Instr("load", it, [p], extra="atomic")
            ins.name = self.f.fresh()
            b.block.append(ins)
            return ins
        if n in ("atomic_thread_fence", "atomic_signal_fence"):
            b.block.append(Instr("fence", T.VOID))
            return Undef(T.VOID)
        raise LowerError(f"unsupported builtin '__builtin_{n}'", e)
