"""Builtins: ``__builtin_*``, ``__atomic_*``, ``__sync_*`` (a mixin of FuncLower)."""
from __future__ import annotations

import math
import re
from fractions import Fraction

from .. import ast as A
from .. import types as CT
from ..ir import types as T
from ..ir.core import CallInfo, Const, Instr, PackInfo, SymRef, Undef
from ..ir.floats import IR_FORMAT, nan_const
from ...diag import Location, ToolError
from .common import (LowerError, NotConst, _INT_BY_SIZE, _LIBC_BUILTINS, _str, _VARIADIC_LIB, _strip, base, complex_elem, ir_type, is_agg, is_complex, is_signed, round_const)


_PURE_UNARY = frozenset(("&", "*", "+", "-", "~", "!", "__real__", "__imag__"))


def _no_side_effects(e, depth=0) -> bool:
    """Conservatively: evaluating ``e`` has no side effect (no call, assignment, increment,
    volatile access); for ``__builtin_constant_p``, whose operand is never evaluated."""
    if depth > 60 or e is None:
        return e is None
    t = getattr(e, "type", None)
    if t is not None and getattr(t, "quals", 0) & CT.VOLATILE:
        return False
    if isinstance(e, (A.IntConst, A.FloatConst, A.CharConst, A.StringLit, A.SizeofType,
                      A.AlignofType, A.Offsetof, A.SizeofExpr, A.AlignofExpr, A.Ident)):
        return True
    if isinstance(e, (A.ImplicitCast, A.Cast)):
        return _no_side_effects(e.operand, depth + 1)
    if isinstance(e, A.Unary):
        return e.op in _PURE_UNARY and _no_side_effects(e.operand, depth + 1)
    if isinstance(e, (A.Binary, A.Comma)):
        return _no_side_effects(e.left, depth + 1) and _no_side_effects(e.right, depth + 1)
    if isinstance(e, A.Cond):
        return all(_no_side_effects(x, depth + 1) for x in (e.cond, e.then, e.other))
    if isinstance(e, A.Member):
        return _no_side_effects(e.base, depth + 1)
    if isinstance(e, A.Index):
        return _no_side_effects(e.base, depth + 1) and _no_side_effects(e.index, depth + 1)
    return False


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
        if n == "va_arg_pack_len":
            # a stand-in replaced by the count where the function is expanded (sema allows
            # it only in functions that are never emitted out of line)
            ins = Instr("call", T.I32, [SymRef(name)], extra=PackInfo("len"))
            ins.name = self.f.fresh()
            b.block.append(ins)
            return ins
        if n in ("va_start", "va_end"):
            ap = self.va_list_ref(args[0])
            b.block.append(Instr(n, T.VOID, [ap]))
            return Undef(T.VOID)
        if n == "va_copy":
            d = self.va_list_ref(args[0])
            s = self.va_list_ref(args[1])
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
                pass
            at = base(args[0].type)
            if is_agg(at) or isinstance(at, (CT.ArrayType, CT.FunctionType)) \
                    or not _no_side_effects(args[0]) or not getattr(self.L, "optimize", True):
                return Const(ir_type(e.type), 0)
            # decided by the optimiser once inlining and propagation are done (opt/libcalls.py)
            return b.call(ir_type(e.type), "__builtin_constant_p", [self.rval(args[0])])
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
        if n in ("nan", "nanf", "nanl", "nans", "nansf", "nansl") and args \
                and isinstance(_strip(args[0]), A.StringLit):
            return Const(ir_type(e.type), nan_value(n, args[0], ir_type(e.type)))
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
            return self.builtin_object_size(args, e)
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
        r = self.builtin_more(n, args, e)
        if r is not None:
            return r
        if name.startswith("__builtin_"):
            lib = _LIB_ALIAS.get(n, n)
            if lib in LIBRARY_BUILTINS or lib.startswith("__") and lib.endswith("_chk"):
                # __builtin_memcpy etc.: a call to the library function itself
                return self.call_named(lib, e)
            if _target_builtin(self.tt, name):
                return None     # a call of the builtin's own name, selected by the back end
            raise unsupported_builtin(name, e)
        return None

    def builtin_more(self, n, args, e):
        """Builtins added for issue 16: fpclassify, cpu_*, _Float128 forms, powi, stack
        save/restore, __builtin_LINE/FILE/FUNCTION... None when ``n`` is none of them."""
        b = self.b
        if n == "fpclassify" and len(args) == 6:
            ks = [self.conv(self.rval(a), a.type, self.tt.int) for a in args[:5]]
            x = _unpromoted(args[5])
            v = self.rval(x)
            ft = v.type
            if not ft.is_float:
                raise LowerError("non-floating-point argument in call to function "
                                 "'__builtin_fpclassify'", e)
            a = b.unop("fabs", v)
            r = b.select(b.fcmp("oeq", a, Const(ft, 0.0)), ks[4], ks[3])
            r = b.select(b.fcmp("oge", a, self.fconst(ft, _min_normal(ft))), ks[2], r)
            r = b.select(b.fcmp("oeq", a, Const(ft, math.inf)), ks[1], r)
            r = b.select(b.fcmp("uno", v, v), ks[0], r)
            return self.resize(r, ir_type(e.type), True)
        if n in ("signbitf", "signbitl", "signbitf128", "isinff128", "isnanf128"):
            return self.fclass(n.rstrip("fl") if not n.endswith("128") else n[:-4], args, e)
        if n in ("inff128", "huge_valf128", "infq", "huge_valq", "inff32", "inff64",
                 "inff32x", "inff64x", "huge_valf32", "huge_valf64", "huge_valf32x",
                 "huge_valf64x"):
            return Const(_float_ret(n, self.tt), math.inf)
        if n in ("nanf128", "nanq", "nanf32", "nanf64", "nanf32x", "nanf64x", "nansf128",
                 "nansq", "nansf32", "nansf64", "nansf32x", "nansf64x") and args \
                and isinstance(_strip(args[0]), A.StringLit):
            t = _float_ret(n, self.tt)
            return Const(t, nan_value(n, args[0], t))
        if n in ("fabsq", "fabsf128", "fabsf32", "fabsf64", "fabsf32x", "fabsf64x"):
            return b.unop("fabs", self.conv(self.rval(args[0]), args[0].type,
                                            _c_float(_float_ret(n, self.tt), self.tt)))
        if n in ("copysignq", "copysignf128"):
            q = self.tt.float128
            x = self.conv(self.rval(args[0]), args[0].type, q)
            y = self.conv(self.rval(args[1]), args[1].type, q)
            return b.call(T.F128, "copysignf128", [x, y])
        if n in ("powi", "powif", "powil") and len(args) == 2:
            ct = {"powi": self.tt.double, "powif": self.tt.float, "powil": self.tt.ldouble}[n]
            x = self.conv(self.rval(_unpromoted(args[0])), _unpromoted(args[0]).type, ct)
            k = self.conv(self.rval(args[1]), args[1].type, self.tt.int)
            fn = {T.F32: "__powisf2", T.F64: "__powidf2", T.F80: "__powixf2",
                  T.F128: "__powitf2"}[x.type]
            r = b.call(x.type, fn, [x, k])
            return self.conv(r, ct, e.type) if ir_type(e.type) is not x.type else r
        if n == "stack_save":
            ins = Instr("stacksave", T.PTR)
            ins.name = self.f.fresh("sp")
            b.block.append(ins)
            return ins
        if n == "stack_restore":
            b.block.append(Instr("stackrestore", T.VOID, [self.rval(args[0])]))
            return Undef(T.VOID)
        if n in ("extract_return_addr", "frob_return_addr", "launder",
                 "speculation_safe_value") and args:
            for a in args[1:]:
                self.effect(a)
            return self.rval(args[0])
        if n == "dynamic_object_size":
            return self.builtin_object_size(args, e)
        if n == "LINE":
            return Const(ir_type(e.type), e.loc.line if e.loc is not None else 0)
        if n in ("FILE", "FUNCTION"):
            text = self.f.name if n == "FUNCTION" else (e.loc.src.name if e.loc is not None
                                                       and getattr(e.loc, "src", None) else "")
            return SymRef(self.L.bytes_global(text.encode() + b"\0"))
        if n in ("cpu_init", "cpu_supports", "cpu_is"):
            return self.cpu_builtin(n, args, e)
        if n == "complex" and len(args) == 2:
            # the value is a temporary of the complex type (the front end types the call int;
            # the conversion to the complex type keeps the pointer)
            x, y = _unpromoted(args[0]), _unpromoted(args[1])
            et = base(x.type)
            if not isinstance(et, CT.FloatType):
                raise LowerError("'__builtin_complex' operand not of real binary floating-point "
                                 "type", e)
            it = ir_type(et)
            tmp = self.alloca(2 * et.size, et.align)
            b.store(self.conv(self.rval(x), x.type, et), tmp)
            b.store(self.conv(self.rval(y), y.type, et), b.ptradd(tmp, et.size))
            return tmp
        return None

    def builtin_object_size(self, args, e):
        self.effect(args[0])
        k = self.L.cev(args[1])[1] if len(args) > 1 else 0
        return Const(ir_type(e.type), 0 if k & 2 else -1)

    def cpu_builtin(self, n, args, e):
        """x86 ``__builtin_cpu_*``: libgcc's ``__cpu_indicator_init`` fills ``__cpu_model``
        (vendor, type, subtype, features) and ``__cpu_features2``; bit positions as gcc 12
        reads them."""
        b = self.b
        if not self.tt.info.cpu_model:       # x86 only (as with gcc)
            raise unsupported_builtin("__builtin_" + n, e)
        if n == "cpu_init":
            b.call(T.VOID, "__cpu_indicator_init", [])
            return Undef(T.VOID)
        a = _strip(args[0]) if args else None
        if not isinstance(a, A.StringLit):
            raise LowerError(f"parameter to builtin not valid: must be a string literal", e)
        what = _str(a)
        rt = ir_type(e.type)
        if n == "cpu_supports":
            ent = CPU_SUPPORTS.get(what)
            if ent is None:
                raise ToolError(f"parameter to builtin not valid: {what}", _loc(e))
            sym, off, bit = ent
            p = SymRef("__cpu_features2" if sym else "__cpu_model")
            w = b.load(T.I32, b.ptradd(p, off) if off else p)
            return self.resize(b.binop("and", w, Const(T.I32, 1 << bit)), rt, False)
        ent = CPU_IS.get(what)
        if ent is None:
            raise ToolError(f"parameter to builtin not valid: {what}", _loc(e))
        off, val = ent
        p = SymRef("__cpu_model")
        w = b.load(T.I32, b.ptradd(p, off) if off else p)
        return self.resize(b.cast("zext", b.icmp("eq", w, Const(T.I32, val)), T.I32), rt, False)

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
        two = n in ("isunordered", "isgreater", "isless", "isgreaterequal", "islessequal",
                    "islessgreater")
        v = self.rval(args[0] if two else _unpromoted(args[0]))
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
            c1 = b.fcmp("olt", a, Const(ft, math.inf))
            c2 = b.fcmp("oge", a, self.fconst(ft, _min_normal(ft)))
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

    # -- __atomic_* / __sync_* (every order is sequentially consistent) ---------------------
    def _atom_type(self, pt, e):
        """(IR type used for the atomic operation, C object type) of pointer type ``pt``."""
        ot = base(base(pt).target) if isinstance(base(pt), CT.PointerType) else None
        if ot is None or not ot.is_complete():
            raise LowerError("argument of an atomic builtin must be a pointer to a complete type", e)
        if isinstance(ot, CT.PointerType):
            return T.I64, ot
        it = ir_type(ot)
        if it is not None and it.is_int:
            return it, ot
        return _INT_BY_SIZE.get(ot.size), ot     # floats, structs: their bytes as an integer

    def _atom_val(self, a, it):
        v = self.rval(a)
        if v.type.is_ptr:
            v = self.b.cast("ptrtoint", v, T.I64)
        if v.type.is_float:
            v = self.conv(v, a.type, self.tt.long)
        return self.resize(v, it, is_signed(a.type))

    def _atom_result(self, v, e, ot=None):
        """Value ``v`` (an integer of the operation's type) as the call's C result."""
        rt = ir_type(e.type)
        if rt is None or rt.is_void:
            return Undef(T.VOID)
        if rt.is_ptr:
            return v if v.type.is_ptr else self.b.cast("inttoptr", self.resize(v, T.I64, False), T.PTR)
        if v.type.is_ptr:
            v = self.b.cast("ptrtoint", v, T.I64)
        if rt.is_float:
            return self.b.cast("bitcast", v, rt) if v.type.bits == rt.bits else Const(rt, 0)
        return self.resize(v, rt, ot is not None and is_signed(ot))

    def _void(self, e):
        """The result of a builtin gcc types void (sema may give it a type: then 0)."""
        rt = ir_type(e.type)
        return Undef(T.VOID) if rt is None or rt.is_void else Const(rt, 0)

    def _effects(self, args):
        for a in args:
            self.effect(a)

    def _rmw(self, op, p, v, it):
        ins = Instr("atomicrmw", it, [p, v], extra=op)
        ins.name = self.f.fresh()
        self.b.block.append(ins)
        return ins

    def _cas(self, p, exp, new, it):
        ins = Instr("cmpxchg", it, [p, exp, new])
        ins.name = self.f.fresh()
        self.b.block.append(ins)
        return ins

    def _aload(self, p, it):
        ins = Instr("load", it, [p], extra="atomic")
        ins.name = self.f.fresh()
        self.b.block.append(ins)
        return ins

    def _nand_loop(self, p, v, it):
        """(old, new) of an atomic ``*p = ~(*p & v)`` by a compare-and-swap loop."""
        b = self.b
        tmp = self.alloca(it.size, it.align)
        b.store(self._aload(p, it), tmp)
        loop, done = self.block("nand"), self.block("nandd")
        b.jmp(loop)
        b.position(loop)
        cur = b.load(it, tmp)
        new = b.unop("not", b.binop("and", cur, v))
        old = self._cas(p, cur, new, it)
        b.store(old, tmp)
        b.br(b.icmp("eq", old, cur), done, loop)
        b.position(done)
        return cur, new

    def _libatomic(self, name, args, rt=T.VOID):
        """A call to libatomic's generic entry (objects of unusual sizes, 16-byte objects)."""
        ins = Instr("call", rt, [SymRef(name), *args], extra=CallInfo(None, None, None))
        if not rt.is_void:
            ins.name = self.f.fresh()
        self.b.block.append(ins)
        return ins

    def atomic(self, n, args, e):
        b = self.b
        # fences and lock-freedom queries
        if n in ("sync_synchronize", "atomic_thread_fence", "atomic_signal_fence"):
            self._effects(args)
            b.block.append(Instr("fence", T.VOID))
            return self._void(e)
        if n in ("atomic_always_lock_free", "atomic_is_lock_free"):
            try:
                size = self.L.cev(args[0])[1]
            except NotConst:
                size = None
            if size is None or not isinstance(size, int):
                if n == "atomic_always_lock_free":
                    raise LowerError("non-constant argument 1 to __atomic_always_lock_free", e)
                sz = self.conv(self.rval(args[0]), args[0].type, self.tt.ulong)
                r = self._libatomic("__atomic_is_lock_free", [sz, self.rval(args[1])], T.I8)
                return self._atom_result(r, e)
            if len(args) > 1:
                self.effect(args[1])
            ok = size in (1, 2, 4, 8)
            return self._atom_result(Const(T.I32, 1 if ok else 0), e)
        if not args:
            raise LowerError(f"too few arguments to function '__{n}'", e)
        it, ot = self._atom_type(args[0].type, e)
        size = ot.size
        p = self.rval(args[0])
        if it is None or size not in (1, 2, 4, 8):
            return self._atomic_generic(n, args, e, p, size)
        if n in ("atomic_test_and_set",):
            self._effects(args[1:])
            old = self._rmw("xchg", p, Const(T.I8, 1), T.I8)
            return self._atom_result(b.cast("zext", b.icmp("ne", old, Const(T.I8, 0)), T.I32), e)
        if n in ("atomic_clear",):
            self._effects(args[1:])
            b.block.append(Instr("store", T.VOID, [Const(T.I8, 0), p], extra="atomic"))
            return self._void(e)
        if n in ("atomic_load_n", "atomic_load"):
            v = self._aload(p, it)
            if n == "atomic_load":
                ret = self.rval(args[1])
                self._effects(args[2:])
                b.store(v, ret)
                return self._void(e)
            self._effects(args[1:])
            return self._atom_result(v, e, ot)
        if n in ("atomic_store_n", "atomic_store", "sync_lock_release"):
            if n == "sync_lock_release":
                v = Const(it, 0)
            elif n == "atomic_store":
                v = b.load(it, self.rval(args[1]))
            else:
                v = self._atom_val(args[1], it)
            self._effects(args[2:])
            b.block.append(Instr("store", T.VOID, [v, p], extra="atomic"))
            return self._void(e)
        if n in ("atomic_exchange_n", "sync_lock_test_and_set", "atomic_exchange"):
            if n == "atomic_exchange":
                v = b.load(it, self.rval(args[1]))
                ret = self.rval(args[2])
                self._effects(args[3:])
                b.store(self._rmw("xchg", p, v, it), ret)
                return self._void(e)
            v = self._atom_val(args[1], it)
            self._effects(args[2:])
            return self._atom_result(self._rmw("xchg", p, v, it), e, ot)
        if n in ("atomic_compare_exchange_n", "atomic_compare_exchange"):
            expp = self.rval(args[1])
            if n == "atomic_compare_exchange":
                new = b.load(it, self.rval(args[2]))
            else:
                new = self._atom_val(args[2], it)
            self._effects(args[3:])
            exp = b.load(it, expp)
            old = self._cas(p, exp, new, it)
            ok = b.icmp("eq", old, exp)
            fail, done = self.block("casf"), self.block("casd")
            b.br(ok, done, fail)
            b.position(fail)
            b.store(old, expp)          # on failure only, as gcc does
            b.jmp(done)
            b.position(done)
            return self._atom_result(b.cast("zext", ok, T.I32), e)
        if n in ("sync_val_compare_and_swap", "sync_bool_compare_and_swap"):
            ex = self._atom_val(args[1], it)
            nw = self._atom_val(args[2], it)
            old = self._cas(p, ex, nw, it)
            if n == "sync_val_compare_and_swap":
                return self._atom_result(old, e, ot)
            return self._atom_result(b.cast("zext", b.icmp("eq", old, ex), T.I32), e)
        # read-modify-write: __atomic_fetch_OP / __atomic_OP_fetch / __sync_fetch_and_OP /
        # __sync_OP_and_fetch, OP in add sub and or xor nand (pointers: byte offsets, as gcc)
        op = fetch_first = None
        for pre, ff in (("atomic_fetch_", True), ("sync_fetch_and_", True)):
            if n.startswith(pre):
                op, fetch_first = n[len(pre):], ff
        for pre, suf in (("sync_", "_and_fetch"), ("atomic_", "_fetch")):
            if op is None and n.startswith(pre) and n.endswith(suf):
                op, fetch_first = n[len(pre):-len(suf)], False
        if op in ("add", "sub", "and", "or", "xor", "nand"):
            v = self._atom_val(args[1], it)
            self._effects(args[2:])
            if op == "nand":
                old, new = self._nand_loop(p, v, it)
            else:
                old = self._rmw(op, p, v, it)
                new = None if fetch_first else b.binop(op, old, v)
            return self._atom_result(old if fetch_first else new, e, ot)
        raise unsupported_builtin("__" + n, e)

    def _atomic_generic(self, n, args, e, p, size):
        """Objects of a size without a lock-free instruction: libatomic's generic routines
        (link with -latomic, as with gcc)."""
        b = self.b
        sz = Const(T.I64, size)
        order = Const(T.I32, 5)
        if n == "atomic_load":
            self._effects(args[2:])
            self._libatomic("__atomic_load", [sz, p, self.rval(args[1]), order])
            return self._void(e)
        if n == "atomic_store":
            self._effects(args[2:])
            self._libatomic("__atomic_store", [sz, p, self.rval(args[1]), order])
            return self._void(e)
        if n == "atomic_exchange":
            self._effects(args[3:])
            self._libatomic("__atomic_exchange", [sz, p, self.rval(args[1]), self.rval(args[2]), order])
            return self._void(e)
        if n == "atomic_compare_exchange":
            self._effects(args[3:])
            r = self._libatomic("__atomic_compare_exchange",
                                [sz, p, self.rval(args[1]), self.rval(args[2]), order, order], T.I8)
            return self._atom_result(r, e)
        if size == 16 and n in ("atomic_load_n", "atomic_store_n", "atomic_exchange_n",
                                "atomic_compare_exchange_n") or n.startswith("atomic_fetch_") \
                or (n.startswith("atomic_") and n.endswith("_fetch")):
            it = T.I128
            if n == "atomic_load_n":
                self._effects(args[1:])
                return self._atom_result(self._libatomic("__atomic_load_16", [p, order], it), e)
            if n == "atomic_store_n":
                v = self._atom_val(args[1], it)
                self._effects(args[2:])
                self._libatomic("__atomic_store_16", [p, v, order])
                return self._void(e)
            if n == "atomic_exchange_n":
                v = self._atom_val(args[1], it)
                self._effects(args[2:])
                return self._atom_result(self._libatomic("__atomic_exchange_16", [p, v, order], it), e)
            if n == "atomic_compare_exchange_n":
                ep = self.rval(args[1])
                v = self._atom_val(args[2], it)
                self._effects(args[3:])
                r = self._libatomic("__atomic_compare_exchange_16", [p, ep, v, order, order], T.I8)
                return self._atom_result(r, e)
            if size == 16:
                v = self._atom_val(args[1], it)
                self._effects(args[2:])
                return self._atom_result(self._libatomic(f"__{n}_16", [p, v, order], it), e)
        raise LowerError(f"'__{n}' on an object of {size} bytes is not supported", e)


def _loc(e):
    loc = getattr(e, "loc", None)
    if loc is None or getattr(loc, "src", None) is None:
        return None
    return Location(loc.src.name, loc.line, loc.col)


def _target_builtin(tt, name) -> bool:
    """Whether ``name`` is in the target's builtin table (``toolchain.arch.<t>.cc.builtins``)."""
    import importlib
    try:
        mod = importlib.import_module(f"toolchain.arch.{getattr(tt.target, 'name', tt.target)}.cc.builtins")
    except ImportError:
        return False
    return mod.builtin_type(name, tt) is not None


def unsupported_builtin(name, e):
    """The located error for a builtin pycc does not implement (never a call to a function
    that does not exist)."""
    return ToolError(f"unsupported builtin function '{name}'", _loc(e))


def _unpromoted(a):
    """``a`` before the default argument promotion of float to double (builtins are called
    unprototyped, but classify their argument in its own type)."""
    while type(a) is A.ImplicitCast and a.kind == "convert" and \
            isinstance(base(a.operand.type), CT.FloatType) and \
            isinstance(base(a.type), CT.FloatType):
        a = a.operand
    return a


def _min_normal(ft):
    return round_const(Fraction(1, 1 << {32: 126, 64: 1022}.get(ft.bits, 16382)), ft)


def nan_value(n, arg, t):
    """The exact constant of ``__builtin_nan*``/``__builtin_nans*`` (builtin name ``n`` without
    ``__builtin_``) with string argument ``arg`` in IR float type ``t``: gcc's bits, the
    payload from the string, quiet bit clear for ``nans`` (floats.nan_bits)."""
    return nan_const(_str(_strip(arg)), IR_FORMAT[t.name], n.startswith("nans"))


def _float_ret(n, tt):
    """IR type named by a _FloatN / q suffix of builtin ``n``."""
    if n.endswith(("f128", "q", "f64x")):
        return T.F128 if not n.endswith("f64x") else ir_type(tt.ldouble)
    if n.endswith("f32"):
        return T.F32
    return T.F64


def _c_float(it, tt):
    for t in (tt.float, tt.double, tt.ldouble, tt.float128):
        if ir_type(t) is it:
            return t
    return tt.double


# builtins that are plain library functions: __builtin_X is a call to X
LIBRARY_BUILTINS = frozenset("""
memcpy memmove memset memcmp memchr bcmp bcopy bzero index rindex mempcpy strlen strnlen
strcpy strncpy stpcpy stpncpy strcat strncat strcmp strncmp strcasecmp strncasecmp strchr
strrchr strstr strpbrk strspn strcspn strdup strndup
printf fprintf sprintf snprintf vprintf vfprintf vsprintf vsnprintf scanf fscanf sscanf vscanf
vfscanf vsscanf puts putchar fputs fputc putc fwrite fputc_unlocked putc_unlocked
putchar_unlocked puts_unlocked fputs_unlocked fwrite_unlocked printf_unlocked fprintf_unlocked
malloc calloc realloc free aligned_alloc posix_memalign abort exit _exit _Exit abs labs llabs
imaxabs
isalnum isalpha isascii isblank iscntrl isdigit isgraph islower isprint ispunct isspace isupper
isxdigit toascii tolower toupper iswalnum iswalpha iswblank iswcntrl iswdigit iswgraph iswlower
iswprint iswpunct iswspace iswupper iswxdigit towlower towupper
clear_cache __clear_cache copysignf128 strftime gettext dgettext dcgettext execl execlp execle
execv execvp execve fork
""".split()) | frozenset(
    f + s for f in """acos acosh asin asinh atan atan2 atanh cbrt ceil copysign cos cosh erf
    erfc exp exp2 exp10 expm1 fabs fdim floor fma fmax fmin fmod frexp hypot ilogb ldexp lgamma
    llrint llround log log10 log1p log2 logb lrint lround modf nan nearbyint nextafter
    nexttoward pow pow10 remainder remquo rint round roundeven scalbln scalbn sin sinh sqrt tan tanh
    tgamma trunc significand gamma drem sincos j0 j1 jn y0 y1 yn cabs carg cexp clog csqrt cpow
    ccos csin ctan cacos casin catan ccosh csinh ctanh cacosh casinh catanh cproj lgamma_r
    gamma_r""".split() for s in ("", "f", "l"))
_LIB_ALIAS = {"clear_cache": "__clear_cache", "memcmp_eq": "memcmp", "strcmp_eq": "strcmp",
              "strncmp_eq": "strncmp"}

# __builtin_cpu_supports: name -> (0: __cpu_model / 1: __cpu_features2, byte offset, bit),
# __builtin_cpu_is: name -> (byte offset in __cpu_model, value); read off gcc 12's code for
# each name (libgcc's data layout, an ABI fact)
CPU_SUPPORTS = {
    "cmov": (0, 12, 0), "mmx": (0, 12, 1), "popcnt": (0, 12, 2), "sse": (0, 12, 3),
    "sse2": (0, 12, 4), "sse3": (0, 12, 5), "ssse3": (0, 12, 6), "sse4.1": (0, 12, 7),
    "sse4.2": (0, 12, 8), "avx": (0, 12, 9), "avx2": (0, 12, 10), "sse4a": (0, 12, 11),
    "fma4": (0, 12, 12), "xop": (0, 12, 13), "fma": (0, 12, 14), "avx512f": (0, 12, 15),
    "bmi": (0, 12, 16), "bmi2": (0, 12, 17), "aes": (0, 12, 18), "pclmul": (0, 12, 19),
    "avx512vl": (0, 12, 20), "avx512bw": (0, 12, 21), "avx512dq": (0, 12, 22),
    "avx512cd": (0, 12, 23), "avx512er": (0, 12, 24), "avx512pf": (0, 12, 25),
    "avx512vbmi": (0, 12, 26), "avx512ifma": (0, 12, 27), "avx5124vnniw": (0, 12, 28),
    "avx5124fmaps": (0, 12, 29), "avx512vpopcntdq": (0, 12, 30), "avx512vbmi2": (0, 12, 31),
    "gfni": (1, 0, 0), "vpclmulqdq": (1, 0, 1), "avx512vnni": (1, 0, 2),
    "avx512bitalg": (1, 0, 3), "avx512bf16": (1, 0, 4), "avx512vp2intersect": (1, 0, 5),
    "3dnow": (1, 0, 6), "3dnowp": (1, 0, 7), "adx": (1, 0, 8), "abm": (1, 0, 9),
    "cldemote": (1, 0, 10), "clflushopt": (1, 0, 11), "clwb": (1, 0, 12), "clzero": (1, 0, 13),
    "cmpxchg16b": (1, 0, 14), "cmpxchg8b": (1, 0, 15), "enqcmd": (1, 0, 16), "f16c": (1, 0, 17),
    "fsgsbase": (1, 0, 18), "fxsave": (1, 0, 19), "hle": (1, 0, 20), "ibt": (1, 0, 21),
    "lahf_lm": (1, 0, 22), "lm": (1, 0, 23), "lwp": (1, 0, 24), "lzcnt": (1, 0, 25),
    "movbe": (1, 0, 26), "movdir64b": (1, 0, 27), "movdiri": (1, 0, 28), "mwaitx": (1, 0, 29),
    "osxsave": (1, 0, 30), "pconfig": (1, 0, 31), "pku": (1, 4, 0), "prefetchwt1": (1, 4, 1),
    "prfchw": (1, 4, 2), "ptwrite": (1, 4, 3), "rdpid": (1, 4, 4), "rdrnd": (1, 4, 5),
    "rdseed": (1, 4, 6), "rtm": (1, 4, 7), "serialize": (1, 4, 8), "sgx": (1, 4, 9),
    "sha": (1, 4, 10), "shstk": (1, 4, 11), "tbm": (1, 4, 12), "tsxldtrk": (1, 4, 13),
    "vaes": (1, 4, 14), "waitpkg": (1, 4, 15), "wbnoinvd": (1, 4, 16), "xsave": (1, 4, 17),
    "xsavec": (1, 4, 18), "xsaveopt": (1, 4, 19), "xsaves": (1, 4, 20), "amx-tile": (1, 4, 21),
    "amx-int8": (1, 4, 22), "amx-bf16": (1, 4, 23), "uintr": (1, 4, 24), "hreset": (1, 4, 25),
    "kl": (1, 4, 26), "aeskle": (1, 4, 27), "widekl": (1, 4, 28), "avxvnni": (1, 4, 29),
    "avx512fp16": (1, 4, 30), "x86-64": (1, 4, 31), "x86-64-v2": (1, 8, 0),
    "x86-64-v3": (1, 8, 1), "x86-64-v4": (1, 8, 2),
}
CPU_IS = {
    "intel": (0, 1), "amd": (0, 2), "atom": (4, 1), "slm": (4, 6), "core2": (4, 2),
    "corei7": (4, 3), "nehalem": (8, 1), "westmere": (8, 2), "sandybridge": (8, 3),
    "ivybridge": (8, 12), "haswell": (8, 13), "broadwell": (8, 14), "skylake": (8, 15),
    "skylake-avx512": (8, 16), "cannonlake": (8, 17), "icelake-client": (8, 18),
    "icelake-server": (8, 19), "cascadelake": (8, 21), "tigerlake": (8, 22),
    "cooperlake": (8, 23), "sapphirerapids": (8, 24), "alderlake": (8, 25),
    "rocketlake": (8, 27), "knl": (4, 7), "knm": (4, 11), "goldmont": (4, 12),
    "goldmont-plus": (4, 13), "tremont": (4, 14), "bonnell": (4, 1), "silvermont": (4, 6),
    "amdfam10h": (4, 4), "barcelona": (8, 4), "shanghai": (4, 5), "istanbul": (4, 6),
    "btver1": (8, 7), "btver2": (4, 9), "amdfam15h": (4, 5), "bdver1": (4, 7), "bdver2": (4, 8),
    "bdver3": (8, 9), "bdver4": (8, 10), "amdfam17h": (4, 10), "znver1": (8, 11),
    "znver2": (8, 20), "amdfam19h": (4, 15), "znver3": (8, 26),
}

# builtins the lowering implements itself (besides LIBRARY_BUILTINS), without "__builtin_";
# handled elsewhere: va_arg, offsetof, types_compatible_p, convertvector (parsed as syntax)
IMPLEMENTED = frozenset("""
FILE FUNCTION LINE abort abs add_overflow add_overflow_p alloca alloca_with_align
assume_aligned choose_expr cimag cimagf cimagl classify_type complex conj conjf conjl
constant_p copysignf128 copysignq cpu_init cpu_is cpu_supports creal crealf creall
dynamic_object_size exit _exit expect expect_with_probability extract_return_addr fabs fabsf
fabsl fabsq fabsf32 fabsf64 fabsf128 fabsf32x fabsf64x finite finitef finitel fpclassify
frame_address frob_return_addr huge_val huge_valf huge_vall huge_valq huge_valf32 huge_valf64
huge_valf128 huge_valf32x huge_valf64x imaxabs inf inff infl infq inff32 inff64 inff128
inff32x inff64x isfinite isgreater isgreaterequal isinf isinf_sign isinff isinfl isinff128
isless islessequal islessgreater isnan isnanf isnanl isnanf128 isnormal isunordered labs
launder llabs longjmp mul_overflow nan nanf nanl nanq nanf32 nanf64 nanf128 nanf32x nanf64x
nans nansf nansl nansq nansf32 nansf64 nansf128 nansf32x nansf64x
object_size powi powif powil prefetch return_address setjmp shuffle signbit signbitf signbitl
signbitf128 speculation_safe_value sqrt sqrtf sqrtl stack_restore stack_save sub_overflow
trap unreachable va_copy va_end va_start va_arg offsetof types_compatible_p convertvector
va_arg_pack va_arg_pack_len
popcount popcountl popcountll clz clzl clzll ctz ctzl ctzll bswap16 bswap32 bswap64 bswap128
ffs ffsl ffsll parity parityl parityll clrsb clrsbl clrsbll
sadd_overflow saddl_overflow saddll_overflow uadd_overflow uaddl_overflow uaddll_overflow
ssub_overflow ssubl_overflow ssubll_overflow usub_overflow usubl_overflow usubll_overflow
smul_overflow smull_overflow smulll_overflow umul_overflow umull_overflow umulll_overflow
""".split())
ATOMIC_BUILTINS = frozenset(
    ["__atomic_" + n for n in """load load_n store store_n exchange exchange_n compare_exchange
    compare_exchange_n test_and_set clear thread_fence signal_fence always_lock_free
    is_lock_free""".split()]
    + [f"__atomic_{op}_fetch" for op in "add sub and or xor nand".split()]
    + [f"__atomic_fetch_{op}" for op in "add sub and or xor nand".split()]
    + [f"__sync_fetch_and_{op}" for op in "add sub and or xor nand".split()]
    + [f"__sync_{op}_and_fetch" for op in "add sub and or xor nand".split()]
    + ["__sync_" + n for n in """bool_compare_and_swap val_compare_and_swap lock_test_and_set
    lock_release synchronize""".split()])


def implemented(name: str) -> bool:
    """Whether pycc implements builtin ``name`` (for ``__has_builtin``): a builtin it lowers
    itself or one that is a call to the library function of the same name."""
    if name in ATOMIC_BUILTINS:
        return True
    if not name.startswith("__builtin_"):
        return False
    n = name[10:]
    n = _LIB_ALIAS.get(n, n)
    return n in IMPLEMENTED or n in LIBRARY_BUILTINS or (n.startswith("__") and n.endswith("_chk"))
