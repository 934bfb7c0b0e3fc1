"""Expressions and calls (a mixin of FuncLower): conditions, lvalues, bit-fields,
conversions, arithmetic, complex and vector operations, assignments, calls."""
from __future__ import annotations

import math
from .. import ast as A
from .. import types as CT
from ..ir import types as T
from ..ir.core import (CallInfo, Const, Instr, PackInfo, SymRef, Undef)
from ..gnu_names import LIB_PROTOS
from .builtins import IMPLEMENTED
from ..ir.floats import XFloat, encode, nbits
from .common import (LowerError, _CMP, _INT_BY_SIZE, _noreturn, agg_type, base, complex_elem,
                     exact_int, float_bytes, ir_type, is_agg, is_complex, is_signed, literal_const,
                     is_storage_only, pack_key, round_const, storage_only)


def _folded_compare(v):
    """An ==/!= of two integer constants (``sizeof (int) != 4``, ``(unsigned char) ~0 !=
    255``): gcc folds it even at -O0, so an ``if`` on it makes no code and its dead branch
    may call functions never defined. Returns its truth (the comparison and the constant
    casts made for it erased), or None."""
    if type(v) is not Instr or v.op != "icmp" or v.pred not in ("eq", "ne"):
        return None
    vals = [_const_bits(a, 0) for a in v.args]
    if None in vals:
        return None
    args = list(v.args)
    v.erase()
    while args:
        a = args.pop()
        if type(a) is Instr and not a.users:
            args.extend(a.args)
            a.erase()
    return 1 if (vals[0] == vals[1]) == (v.pred == "eq") else 0


def _const_bits(a, depth):
    """The bits of an integer constant, or of casts/negations of one, or None."""
    t = a.type
    if not t.is_int or depth > 6:
        return None
    mask = (1 << t.bits) - 1
    if type(a) is Const:
        return a.value & mask if type(a.value) is int else None
    if type(a) is not Instr or a.op not in ("trunc", "zext", "sext", "neg", "not") \
            or len(a.args) != 1:
        return None
    x = _const_bits(a.args[0], depth + 1)
    if x is None:
        return None
    if a.op == "sext":
        b = a.args[0].type.bits
        if x >> (b - 1):
            x -= 1 << b
    elif a.op == "neg":
        x = -x
    elif a.op == "not":
        x = ~x
    return x & mask


class ExprLower:
    """Expressions and calls (a mixin of FuncLower): conditions, lvalues, bit-fields,"""

    # -- conditions ----------------------------------------------------------------------------
    def cond_br(self, e, t, f):
        c = type(e)
        if c is A.Binary and e.op == "&&":
            mid = self.block("and")
            self.cond_br(e.left, mid, f)
            self.b.position(mid)
            self.cond_br(e.right, t, f)
            return
        if c is A.Binary and e.op == "||":
            mid = self.block("or")
            self.cond_br(e.left, t, mid)
            self.b.position(mid)
            self.cond_br(e.right, t, f)
            return
        if c is A.Unary and e.op == "!":
            self.cond_br(e.operand, f, t)
            return
        v = self.test(e)
        if isinstance(v, Const) and v.type.is_int:
            # a constant condition: only the taken side is reachable (gcc drops the other
            # even at -O0, so it may name functions that are never defined)
            self.b.jmp(t if v.value else f)
            return
        self.b.br(v, t, f)

    def test(self, e):
        """An i1 that is true when the scalar e is nonzero."""
        c = type(e)
        if c is A.Binary and e.op in _CMP:
            v = self.compare(e)
            k = _folded_compare(v)
            return v if k is None else Const(T.I1, k)
        v = self.rval(e)
        if isinstance(v, Const) and v.type.is_int and not is_complex(e.type):
            return Const(T.I1, 1 if v.value else 0)
        return self.truth(v, e.type)

    def truth(self, v, t):
        storage_only(t)
        if is_complex(t):
            el = complex_elem(t, self.tt)
            it = ir_type(el)
            re = self.b.load(it, v)
            im = self.b.load(it, self.b.ptradd(v, el.size))
            a = self.truth(re, el)
            b_ = self.truth(im, el)
            return self.b.binop("or", a, b_)
        if v.type.is_float:
            return self.b.fcmp("une", v, Const(v.type, 0.0))
        if v.type is T.I1:
            return v
        return self.b.icmp("ne", v, Const(v.type, 0))

    def compare(self, e):
        storage_only(e.left.type, e.right.type)
        l = self.rval(e.left)
        r = self.rval(e.right)
        lt = base(e.left.type)
        op = e.op
        if is_complex(lt):
            el = complex_elem(lt, self.tt)
            it = ir_type(el)
            lr, li = self.b.load(it, l), self.b.load(it, self.b.ptradd(l, el.size))
            rr, ri = self.b.load(it, r), self.b.load(it, self.b.ptradd(r, el.size))
            pred = ("oeq" if op == "==" else "une") if it.is_float else ("eq" if op == "==" else "ne")
            mk = self.b.fcmp if it.is_float else self.b.icmp
            a = mk(pred, lr, rr)
            b_ = mk(pred, li, ri)
            return self.b.binop("and" if op == "==" else "or", a, b_)
        if l.type is not r.type:
            # pointer vs integer (null pointer constant) and similar
            if l.type.is_ptr and r.type.is_int:
                r = self.b.cast("inttoptr", self.ext64(r, e.right.type), T.PTR) if r.type is not T.I64 else self.b.cast("inttoptr", r, T.PTR)
            elif r.type.is_ptr and l.type.is_int:
                l = self.b.cast("inttoptr", self.ext64(l, e.left.type), T.PTR) if l.type is not T.I64 else self.b.cast("inttoptr", l, T.PTR)
            else:
                r = self.conv(r, e.right.type, e.left.type)
        if l.type.is_float:
            pred = {"<": "olt", ">": "ogt", "<=": "ole", ">=": "oge", "==": "oeq", "!=": "une"}[op]
            return self.b.fcmp(pred, l, r)
        signed = is_signed(lt)
        pred = {"==": "eq", "!=": "ne"}.get(op)
        if pred is None:
            pred = ("s" if signed else "u") + {"<": "lt", ">": "gt", "<=": "le", ">=": "ge"}[op]
        return self.b.icmp(pred, l, r)

    def ext64(self, v, t):
        if v.type is T.I64:
            return v
        if v.type.bits > 64:
            return self.b.cast("trunc", v, T.I64)
        return self.b.cast("sext" if is_signed(t) else "zext", v, T.I64)

    # -- expressions ---------------------------------------------------------------------------
    def effect(self, e):
        """Evaluate for side effects only."""
        c = type(e)
        if c is A.ImplicitCast and e.kind == "convert" and isinstance(base(e.type), CT.VoidType):
            return self.effect(e.operand)
        if c is A.Cast and isinstance(base(e.type), CT.VoidType):
            return self.effect(e.operand)
        if c is A.Comma:
            self.effect(e.left)
            return self.effect(e.right)
        if c is A.Postfix:
            return self.incdec(e.operand, e.op, prefix=True)
        if c is A.Cond and isinstance(base(e.type), CT.VoidType):
            return self.rval(e)
        if e.lvalue and not (base(e.type).quals if hasattr(base(e.type), "quals") else 0) & CT.VOLATILE \
                and not (e.type.quals & CT.VOLATILE):
            if c in (A.Ident, A.StringLit):
                return None
        if is_agg(e.type) and e.lvalue:
            self.lval(e)
            return None
        return self.rval(e)

    def rval(self, e):
        """The value of e: an IR scalar, or for aggregates a pointer to the object."""
        t = e.type
        if is_agg(t):
            return self.agg(e)
        if e.lvalue and not isinstance(base(t), CT.FunctionType):
            return self.load_lv(e)
        m = getattr(self, "e_" + type(e).__name__, None)
        if m is None:
            raise LowerError(f"unsupported expression {type(e).__name__}", e)
        if type(t) is CT.BitIntType:
            return self.reduce_prec(m(e), t)
        return m(e)

    def reduce_prec(self, v, t):
        """v (i64) reduced to the precision of bit-field type t (gcc's wide bit-fields)."""
        if not v.type.is_int or v.type.bits != 64:
            return v
        if t.signed:
            sh = Const(v.type, 64 - t.prec)
            return self.b.binop("ashr", self.b.binop("shl", v, sh), sh)
        return self.b.binop("and", v, Const(v.type, (1 << t.prec) - 1))

    def agg(self, e):
        """Pointer to an aggregate value."""
        if e.lvalue:
            return self.lval(e)[0]
        c = type(e)
        if c is A.Call:
            return self.e_Call(e)
        if c is A.Assign:
            return self.e_Assign(e)
        if c is A.Comma:
            self.effect(e.left)
            return self.agg(e.right)
        if c is A.Cond:
            return self.e_Cond(e)
        if c is A.StmtExpr:
            return self.e_StmtExpr(e)
        if c is A.VaArg:
            return self.e_VaArg(e)
        if c is A.Generic:
            return self.agg(e.selected)
        if c is A.CompoundLiteral or c is A.StringLit:
            return self.lval(e)[0]
        if c in (A.ImplicitCast, A.Cast):
            ot = e.operand.type
            if isinstance(base(e.type), CT.VectorType) and not is_agg(ot):
                vt = base(e.type)
                v = self.rval(e.operand)
                tmp = self.alloca(vt.size, vt.align)
                if c is A.Cast and (ot.size or 0) == vt.size:
                    self.b.store(v, tmp)
                    return tmp
                x = self.conv(v, ot, vt.elem)
                for i in range(vt.length):
                    self.b.store(x, self.b.ptradd(tmp, i * vt.elem.size) if i else tmp)
                return tmp
            if is_complex(e.type):
                return self.conv(self.rval(e.operand), ot, e.type)
            if isinstance(base(e.type), CT.RecordType) and base(e.type).is_union and not \
                    (isinstance(base(ot), CT.RecordType) and base(ot).d is base(e.type).d):
                tmp = self.alloca(e.type.size, e.type.align)
                self.memset(tmp, 0, e.type.size, 1)
                v = self.rval(e.operand)
                if is_agg(ot):
                    self.memcpy(tmp, v, ot.size, 1)
                else:
                    self.store_scalar(v, tmp, ot)
                return tmp
            return self.agg(e.operand)
        if c is A.Member:
            p, bf = self.lval(e)
            return p
        if c in (A.FloatConst, A.IntConst) and is_complex(e.type):
            t = base(e.type)
            el = complex_elem(t, self.tt)
            it = ir_type(el)
            tmp = self.alloca(t.size, t.align)
            self.b.store(Const(it, 0), tmp)
            self.b.store(Const(it, e.value), self.b.ptradd(tmp, el.size))
            return tmp
        if isinstance(base(e.type), CT.VectorType) and c in (A.Binary, A.Unary):
            return self.vec_op(e)
        if c is A.BuiltinCall and e.name == "__builtin_convertvector":
            return self.convert_vector(e)
        if c in (A.Binary, A.Unary) and is_complex(e.type):
            return self.complex_op(e)
        if c is A.Postfix and is_complex(e.type):
            raise LowerError("complex increment is not supported", e)
        raise LowerError(f"unsupported aggregate expression {c.__name__}", e)

    # lvalues
    def lval(self, e):
        """(pointer, bit-field Field or None)."""
        c = type(e)
        if c is A.Ident:
            s = e.sym
            p = self.locals.get(s)
            if p is not None:
                return p, None
            k = self.chain_index.get(s)
            if k is not None:
                return self.b.load(T.PTR, self.b.ptradd(self.chain, 8 * k) if k else self.chain), None
            if s.kind == "var" and s.name == "__func__" and s.storage == "static" \
                    and s not in self.L.static_names:
                self.L.static_names[s] = self.L.bytes_global(self.fd.sym.name.encode() + b"\0")
            if s.kind == "var" and s.is_static_local and s not in self.L.static_names:
                self.L.static_names[s] = self.L.fresh_name(s.name)
            if s.kind in ("var", "func", "param"):
                if s.kind == "param" or (s.kind == "var" and s.linkage == "none"
                                         and not s.is_static_local and s.storage not in ("static", "extern")):
                    raise LowerError(f"nested function uses '{s.name}' of the enclosing function "
                                     "(static chains are not supported)", e)
                return SymRef(self.L.sym_name(s)), None
            raise LowerError(f"'{s.name}' is not an object", e)
        if c is A.Unary:
            if e.op == "*":
                return self.rval(e.operand), None
            if e.op in ("__real__", "__imag__"):
                inner = e.operand
                if not is_complex(inner.type):
                    if e.op == "__real__":
                        return self.lval(inner)
                    raise LowerError("__imag__ of a real lvalue", e)
                p = self.agg(inner)
                if e.op == "__imag__":
                    p = self.b.ptradd(p, complex_elem(inner.type, self.tt).size)
                return p, None
        if c is A.Index:
            bp = self.rval(e.base)
            idx = self.rval(e.index)
            idx = self.conv(idx, e.index.type, self.tt.long)
            sz = self.sizeof(e.type)
            if isinstance(sz, Const) and sz.value == 1:
                off = idx
            else:
                off = self.b.binop("mul", idx, sz)
            return self.b.ptradd(bp, off), None
        if c is A.Member:
            if e.arrow:
                bp = self.rval(e.base)
                rec = base(e.base.type).target
            else:
                bp = self.agg(e.base)
                rec = e.base.type
            off = sum(f.offset for f in e.field)
            if any(isinstance(base(x), CT.RecordType) and base(x).d.variable
                   for x in [rec] + [f.type for f in e.field[:-1]]):
                if e.field[-1].bit_width is not None:      # the bit-field's record
                    return self.b.ptradd(bp, self.member_offset(rec, e.field[:-1])), e.field[-1]
                return self.b.ptradd(bp, self.member_offset(rec, e.field)), None
            last = e.field[-1]
            if last.bit_width is not None:
                off -= last.offset
                p = self.b.ptradd(bp, off) if off else bp
                return p, last
            return (self.b.ptradd(bp, off) if off else bp), None
        if c is A.StringLit:
            return SymRef(self.L.string_global(e)), None
        if c is A.CompoundLiteral:
            t = base(e.type)
            if self.f is None:
                raise LowerError("compound literal", e)
            slot = self.alloca(max(t.size or 1, 1), t.align or 1)
            self.init_local(slot, t, e.flat)
            return slot, None
        if c in (A.ImplicitCast, A.Cast, A.Generic, A.Comma, A.Cond, A.Call, A.Assign, A.StmtExpr):
            if c is A.Generic:
                return self.lval(e.selected)
            if c is A.Comma:
                self.effect(e.left)
                return self.lval(e.right)
            if is_agg(e.type):
                return self.agg(e), None
            if c in (A.ImplicitCast, A.Cast):
                return self.lval(e.operand)
        raise LowerError(f"unsupported lvalue {c.__name__}", e)

    def volatile(self, t):
        return bool(t.quals & CT.VOLATILE)

    def load_lv(self, e):
        p, bf = self.lval(e)
        if bf is not None:
            return self.load_bitfield(p, bf)
        t = base(e.type)
        it = ir_type(t)
        return self.b.load(it, p, volatile=self.volatile(e.type))

    def store_scalar(self, v, p, t):
        it = ir_type(t)
        if v.type is not it:
            raise LowerError(f"internal: storing {v.type} as {it}")
        self.b.store(v, p, volatile=self.volatile(t))

    def bf_unit(self, f):
        shift = f.bit_offset - f.offset * 8
        nbits = shift + f.bit_width
        for sz in (1, 2, 4, 8, 16):
            if sz * 8 >= nbits:
                return _INT_BY_SIZE[sz], shift
        raise LowerError("bit-field too wide")

    def load_bitfield(self, rec, f):
        ut, shift = self.bf_unit(f)
        p = self.b.ptradd(rec, f.offset) if f.offset else rec
        v = self.b.load(ut, p, volatile=self.volatile(f.type))
        ft = base(f.type)
        it = ir_type(ft)
        w = f.bit_width
        n = ut.bits
        if n - shift - w:
            v = self.b.binop("shl", v, Const(ut, n - shift - w))
        if n - w:
            v = self.b.binop("ashr" if is_signed(ft) else "lshr", v, Const(ut, n - w))
        return self.resize(v, it, is_signed(ft))

    def resize(self, v, it, signed):
        if v.type is it:
            return v
        if v.type.bits > it.bits:
            return self.b.cast("trunc", v, it)
        return self.b.cast("sext" if signed else "zext", v, it)

    def store_bitfield(self, rec, f, v):
        ut, shift = self.bf_unit(f)
        p = self.b.ptradd(rec, f.offset) if f.offset else rec
        vol = self.volatile(f.type)
        old = self.b.load(ut, p, volatile=vol)
        w = f.bit_width
        mask = ((1 << w) - 1) << shift
        nv = self.resize(v, ut, False)
        nv = self.b.binop("and", nv, Const(ut, (1 << w) - 1))
        if shift:
            nv = self.b.binop("shl", nv, Const(ut, shift))
        keep = self.b.binop("and", old, Const(ut, ~mask))
        self.b.store(self.b.binop("or", keep, nv), p, volatile=vol)

    def bf_value(self, f, v):
        """The value a bit-field holds after storing v (truncated, re-extended)."""
        ft = base(f.type)
        it = v.type
        w = f.bit_width
        if w >= it.bits:
            return v
        x = self.b.binop("shl", v, Const(it, it.bits - w))
        return self.b.binop("ashr" if is_signed(ft) else "lshr", x, Const(it, it.bits - w))

    # expression kinds
    def e_IntConst(self, e):
        return Const(ir_type(e.type), e.value)

    e_CharConst = e_IntConst

    def e_FloatConst(self, e):
        t = ir_type(e.type)
        if t is not None and t.bits > 64:
            return self.fconst(t, literal_const(e, t))
        return Const(t, e.value)

    def fconst(self, t, v):
        """A float constant of IR type ``t``. An f80 value that a double cannot hold exactly is
        loaded from read-only data with its exact bytes (the x86-64 back end materialises f80
        constants through a double)."""
        c = Const(t, v)
        if t is T.F80 and isinstance(c.value, XFloat) and \
                encode(float(c.value), "x87") != c.value.bits:
            name = self.L.bytes_global(float_bytes(c.value, 16, "x87"), 16)
            return self.b.load(t, SymRef(name))
        return c

    def e_SizeofExpr(self, e):
        if e.value is not None:
            return Const(ir_type(e.type), e.value)
        op = e.operand
        t = op.type
        if isinstance(op, A.Ident) and op.sym in self.locals and isinstance(base(t), CT.ArrayType):
            pass
        return self.conv(self.sizeof(t), self.tt.ulong, e.type)

    def e_SizeofType(self, e):
        if e.value is not None:
            return Const(ir_type(e.type), e.value)
        t = self.typename_type(e.type_name)
        return self.conv(self.sizeof(t), self.tt.ulong, e.type)

    def typename_type(self, tn):
        t = getattr(tn, "type", None)
        if t is None:
            raise LowerError("sizeof a variable length type name is not supported", tn)
        return t

    def e_AlignofExpr(self, e):
        return Const(ir_type(e.type), e.value)

    e_AlignofType = e_AlignofExpr

    def e_Offsetof(self, e):
        if e.value is not None:
            return Const(ir_type(e.type), e.value)
        # a variable index or a variable length array: sema left the steps, byte offsets and
        # (index, element type)
        it = ir_type(e.type)
        off = sum(d for d in e.designator if isinstance(d, int))
        acc = Const(it, off)
        for d in e.designator:
            if not isinstance(d, int):
                x, et = d
                i = self.conv(self.rval(x), x.type, self.tt.long)
                acc = self.b.binop("add", acc, self.b.binop("mul", i, self.sizeof(et)))
        return acc

    e_TypesCompatible = e_AlignofExpr

    def e_Ident(self, e):
        s = e.sym
        if s.kind == "enum":
            return Const(ir_type(e.type), s.value)
        if s.kind == "func":
            return SymRef(self.L.sym_name(s))
        raise LowerError(f"unsupported use of '{s.name}'", e)

    def e_Generic(self, e):
        return self.rval(e.selected)

    def e_ImplicitCast(self, e):
        k = e.kind
        if k == "decay":
            return self.lval(e.operand)[0] if e.operand.lvalue or not is_agg(e.operand.type) else self.agg(e.operand)
        if k == "func_decay":
            op = e.operand
            if type(op) is A.Ident and self.L.nested.get(op.sym):
                return self.trampoline(op.sym, e)
            if type(op) is A.Ident and op.sym.kind == "func":
                return SymRef(self.L.sym_name(op.sym))
            if type(op) is A.Unary and op.op == "*":
                return self.rval(op.operand)
            return self.lval(op)[0]
        if isinstance(base(e.type), CT.VoidType):
            self.effect(e.operand)
            return Undef(T.VOID)
        v = self.rval(e.operand)
        return self.conv(v, e.operand.type, e.type)

    def e_Cast(self, e):
        if isinstance(base(e.type), CT.VoidType):
            self.effect(e.operand)
            return Undef(T.VOID)
        v = self.rval(e.operand)
        return self.conv(v, e.operand.type, e.type)

    def conv(self, v, ft, tt):
        ft = base(ft)
        tt = base(tt)
        if ft is not tt and (is_storage_only(ft) or is_storage_only(tt)) and \
                not (is_storage_only(ft) and is_storage_only(tt)):
            raise LowerError(f"conversion from '{ft}' to '{tt}'")
        if isinstance(tt, CT.VoidType):
            return v
        if is_complex(tt) and v.type.is_ptr and isinstance(ft, CT.IntType):
            return v        # a complex builtin the front end typed as 'int' (conj...)
        if is_complex(tt):
            el = complex_elem(tt, self.tt)
            tmp = self.alloca(tt.size, tt.align)
            it = ir_type(el)
            if is_complex(ft):
                fe = complex_elem(ft, self.tt)
                fi = ir_type(fe)
                re = self.b.load(fi, v)
                im = self.b.load(fi, self.b.ptradd(v, fe.size))
                re = self.conv(re, fe, el)
                im = self.conv(im, fe, el)
            else:
                re = self.conv(v, ft, el)
                im = Const(it, 0)
            self.b.store(re, tmp)
            self.b.store(im, self.b.ptradd(tmp, el.size))
            return tmp
        if is_complex(ft):
            fe = complex_elem(ft, self.tt)
            re = self.b.load(ir_type(fe), v)
            if isinstance(tt, CT.IntType) and tt.rank == 0:
                return self.b.cast("zext", self.truth(v, ft), T.I8)
            return self.conv(re, fe, tt)
        if isinstance(ft, CT.VectorType) and not is_agg(tt):
            return self.b.load(ir_type(tt), v)
        if is_agg(tt) or is_agg(ft):
            return v
        ti = ir_type(tt)
        fi = v.type
        if isinstance(tt, CT.IntType) and tt.rank == 0:
            if isinstance(ft, CT.IntType) and ft.rank == 0:
                return v
            return self.b.cast("zext", self.truth(v, ft), T.I8)
        if fi is ti:
            return v
        if ti.is_int:
            if fi.is_int:
                if fi.bits > ti.bits:
                    return self.b.cast("trunc", v, ti)
                return self.b.cast("sext" if is_signed(ft) else "zext", v, ti)
            if fi.is_ptr:
                x = self.b.cast("ptrtoint", v, T.I64)
                return self.resize(x, ti, False)
            if fi.is_float:
                if isinstance(v, Const) and v.value == v.value and not math.isinf(v.value):
                    lo, hi = tt.min_max() if hasattr(tt, "min_max") else (None, None)
                    x = exact_int(v.value)
                    if lo is not None:
                        return Const(ti, min(max(x, lo), hi))
                return self.b.cast("fptosi" if is_signed(tt) else "fptoui", v, ti)
        if ti.is_ptr:
            if fi.is_int:
                x = self.resize(v, T.I64, is_signed(ft))
                return self.b.cast("inttoptr", x, T.PTR)
            return v
        if ti.is_float:
            if fi.is_int:
                if fi is T.I1:
                    v = self.b.cast("zext", v, T.I32)
                    return self.b.cast("sitofp", v, ti)
                if isinstance(v, Const) and ti is not T.F80:
                    # constant conversions are folded as gcc folds them (even at -O0), so a
                    # later constant float-to-int conversion saturates like gcc's
                    x = v.signed if is_signed(ft) else v.value
                    return Const(ti, round_const(x, ti))
                return self.b.cast("sitofp" if is_signed(ft) else "uitofp", v, ti)
            if fi.is_float:
                if isinstance(v, Const) and T.F80 not in (ti, fi):
                    return Const(ti, round_const(v.value, ti))
                return self.b.cast("fpext" if fi.bits < ti.bits else "fptrunc", v, ti)
        raise LowerError(f"unsupported conversion from '{ft}' to '{tt}'")

    def e_Unary(self, e):
        op = e.op
        if op == "&":
            o = e.operand
            if type(o) is A.Ident and self.L.nested.get(o.sym):
                return self.trampoline(o.sym, e)
            if type(o) is A.Ident and o.sym.kind == "func":
                return SymRef(self.L.sym_name(o.sym))
            if isinstance(base(o.type), CT.FunctionType) and type(o) is A.Unary and o.op == "*":
                return self.rval(o.operand)
            return self.lval(o)[0]
        if op == "*":
            # function designator through a pointer
            return self.rval(e.operand)
        if op in ("++", "--"):
            return self.incdec(e.operand, op, prefix=True)
        if op == "!":
            return self.b.cast("zext", self.b.icmp("eq", self.b.cast("zext", self.truth(self.rval(e.operand), e.operand.type), T.I8), Const(T.I8, 0)), ir_type(e.type))
        if op in ("__real__", "__imag__"):
            o = e.operand
            if is_complex(o.type):
                p = self.agg(o)
                el = complex_elem(o.type, self.tt)
                if op == "__imag__":
                    p = self.b.ptradd(p, el.size)
                return self.b.load(ir_type(el), p)
            v = self.rval(o)
            if op == "__real__":
                return self.conv(v, o.type, e.type)
            return Const(ir_type(e.type), 0)
        storage_only(e.operand.type)
        v = self.rval(e.operand)
        if v.type is not ir_type(e.type):
            v = self.conv(v, e.operand.type, e.type)
        if op == "+":
            return v
        if op == "-":
            return self.b.unop("fneg" if v.type.is_float else "neg", v)
        if op == "~":
            return self.b.unop("not", v)
        raise LowerError(f"unsupported unary {op}", e)

    def e_Postfix(self, e):
        return self.incdec(e.operand, e.op, prefix=False)

    def incdec(self, lv, op, prefix):
        storage_only(lv.type)
        p, bf = self.lval(lv)
        t = base(lv.type)
        it = ir_type(t)
        if bf is not None:
            old = self.load_bitfield(p, bf)
        else:
            old = self.b.load(it, p, volatile=self.volatile(lv.type))
        if isinstance(t, CT.PointerType):
            sz = self.sizeof(t.target)
            if op == "--":
                sz = self.b.unop("neg", sz) if not isinstance(sz, Const) else Const(T.I64, -sz.signed)
            new = self.b.ptradd(old, sz)
        elif it.is_float:
            new = self.b.binop("fadd" if op == "++" else "fsub", old, Const(it, 1.0))
        elif isinstance(t, CT.IntType) and t.rank == 0:
            if op == "++":
                new = Const(T.I8, 1)
            else:
                new = self.b.binop("xor", old, Const(T.I8, 1))
        else:
            new = self.b.binop("add" if op == "++" else "sub", old, Const(it, 1))
        if bf is not None:
            self.store_bitfield(p, bf, new)
            new = self.bf_value(bf, new)
        else:
            self.b.store(new, p, volatile=self.volatile(lv.type))
        return new if prefix else old

    def e_Binary(self, e):
        op = e.op
        if op in ("&&", "||"):
            t = self.block("lt")
            f = self.block("lf")
            end = self.block("lend")
            self.cond_br(e, t, f)
            self.b.position(t)
            self.b.jmp(end)
            self.b.position(f)
            self.b.jmp(end)
            self.b.position(end)
            ph = self.b.phi(T.I32, [(Const(T.I32, 1), t), (Const(T.I32, 0), f)])
            return self.resize(ph, ir_type(e.type), False)
        if op in _CMP:
            return self.resize(self.b.cast("zext", self.compare(e), T.I32), ir_type(e.type), False)
        lt = base(e.left.type)
        rt = base(e.right.type)
        if isinstance(lt, CT.PointerType) or isinstance(rt, CT.PointerType):
            return self.ptr_arith(e, op, lt, rt)
        if is_complex(e.type):
            return self.complex_op(e)
        # a left-leaning chain (a + b + c + ...: one node per term) is walked down its left
        # spine with a loop, not a recursion per term (issue 19: 2^20-term macro expansions)
        spine = [e]
        left = e.left
        while self._plain_arith(left):
            spine.append(left)
            left = left.left
        l = self.rval(left)
        for n in reversed(spine):
            r = self.rval(n.right)
            l = self.arith(n.op, l, r, n.type, n.left.type, n.right.type)
        return l

    @staticmethod
    def _plain_arith(e):
        """e is a Binary that e_Binary lowers as rval(left) op rval(right) (with rval adding
        nothing around it): not &&/||, a comparison, pointer, complex or _BitInt arithmetic."""
        if type(e) is not A.Binary or e.op in ("&&", "||") or e.op in _CMP or e.lvalue:
            return False
        t = e.type
        if is_agg(t) or type(t) is CT.BitIntType or is_complex(t):
            return False
        return not (isinstance(base(e.left.type), CT.PointerType)
                    or isinstance(base(e.right.type), CT.PointerType))

    def arith(self, op, l, r, t, lt=None, rt=None):
        t = base(t)
        storage_only(t)
        it = ir_type(t)
        if op in ("<<", ">>"):
            r = self.resize(r, l.type, False) if r.type is not l.type else r
            if op == "<<":
                return self.b.binop("shl", l, r)
            return self.b.binop("ashr" if is_signed(lt if lt is not None else t) else "lshr", l, r)
        if l.type is not it:
            l = self.conv(l, lt, t)
        if r.type is not it:
            r = self.conv(r, rt, t)
        if it.is_float:
            name = {"+": "fadd", "-": "fsub", "*": "fmul", "/": "fdiv"}[op]
            return self.b.binop(name, l, r)
        s = is_signed(t)
        name = {"+": "add", "-": "sub", "*": "mul", "/": "sdiv" if s else "udiv",
                "%": "srem" if s else "urem", "&": "and", "|": "or", "^": "xor"}[op]
        if isinstance(t, CT.IntType) and t.rank == 0:
            x = self.b.binop(name, l, r)
            return self.b.cast("zext", self.b.icmp("ne", x, Const(T.I8, 0)), T.I8)
        return self.b.binop(name, l, r)

    def ptr_arith(self, e, op, lt, rt):
        l = self.rval(e.left)
        r = self.rval(e.right)
        if isinstance(lt, CT.PointerType) and isinstance(rt, CT.PointerType):
            a = self.b.cast("ptrtoint", l, T.I64)
            b_ = self.b.cast("ptrtoint", r, T.I64)
            d = self.b.binop("sub", a, b_)
            sz = self.sizeof(lt.target)
            if not (isinstance(sz, Const) and sz.value == 1):
                d = self.b.binop("sdiv", d, sz)
            return self.resize(d, ir_type(e.type), True)
        if isinstance(rt, CT.PointerType):
            l, r = r, l
            lt, rt = rt, lt
        idx = self.conv(r, rt, self.tt.long)
        sz = self.sizeof(lt.target)
        if not (isinstance(sz, Const) and sz.value == 1):
            idx = self.b.binop("mul", idx, sz)
        if op == "-":
            idx = self.b.unop("neg", idx)
        return self.b.ptradd(l, idx)

    def convert_vector(self, e):
        """__builtin_convertvector(v, T): each element converted as a C cast would."""
        x = e.args[0]
        st, vt = base(x.type), base(e.type)
        if not isinstance(st, CT.VectorType) or not isinstance(vt, CT.VectorType) or \
                st.length != vt.length:
            raise LowerError("__builtin_convertvector needs two vector types of the same "
                             "number of elements", e)
        p = self.rval(x)
        tmp = self.alloca(vt.size, vt.align)
        se, de = base(st.elem), base(vt.elem)
        for i in range(vt.length):
            v = self.b.load(ir_type(se), self.b.ptradd(p, i * se.size) if i else p)
            self.b.store(self.conv(v, se, de), self.b.ptradd(tmp, i * de.size) if i else tmp)
        return tmp

    def vec_op(self, e):
        vt = base(e.type)
        el = base(vt.elem)
        it = ir_type(el)
        n = vt.length
        es = el.size

        # a scalar operand converts to the element type of the vector operand (of a
        # comparison of float vectors too, whose result has integer elements)
        ce = el
        if type(e) is A.Binary and e.op in _CMP:
            vx = next((base(x.type) for x in (e.left, e.right)
                       if isinstance(base(x.type), CT.VectorType)), None)
            if vx is not None:
                ce = base(vx.elem)

        def operand(x):
            xt = base(x.type)
            if isinstance(xt, CT.VectorType):
                p = self.rval(x)
                return lambda i: self.b.load(ir_type(xt.elem), self.b.ptradd(p, i * xt.elem.size) if i else p), xt.elem
            v = self.conv(self.rval(x), xt, ce)
            return lambda i: v, ce

        tmp = self.alloca(vt.size, vt.align)
        if type(e) is A.Unary:
            get, _ = operand(e.operand)
            for i in range(n):
                a = get(i)
                if e.op == "-":
                    r = self.b.unop("fneg" if it.is_float else "neg", a)
                elif e.op == "~":
                    r = self.b.unop("not", a)
                elif e.op == "!":
                    r = self.b.cast("sext", self.b.icmp("eq", a, Const(it, 0)), it)
                else:
                    r = a
                self.b.store(r, self.b.ptradd(tmp, i * es) if i else tmp)
            return tmp
        gl, lt = operand(e.left)
        gr, rt = operand(e.right)
        op = e.op
        for i in range(n):
            a = gl(i)
            b_ = gr(i)
            if op in _CMP:
                if a.type.is_float:
                    pred = {"<": "olt", ">": "ogt", "<=": "ole", ">=": "oge", "==": "oeq", "!=": "une"}[op]
                    c = self.b.fcmp(pred, a, b_)
                else:
                    pred = {"==": "eq", "!=": "ne"}.get(op) or (("s" if is_signed(lt) else "u")
                                                                + {"<": "lt", ">": "gt", "<=": "le", ">=": "ge"}[op])
                    c = self.b.icmp(pred, a, b_)
                r = self.b.cast("sext", c, it)
            elif op in ("&&", "||"):
                x = self.truth(a, lt)
                y = self.truth(b_, rt)
                r = self.b.cast("sext", self.b.binop("and" if op == "&&" else "or", x, y), it)
            elif op in ("<<", ">>") and it.is_int and es < 4:
                # a char/short element shifts as the int it promotes to, truncated after: a
                # count of its width or more gives 0 or the sign, as gcc computes it
                w = self.b.cast("sext" if is_signed(el) else "zext", a, T.I32)
                c = self.resize(b_, T.I32, False) if b_.type is not T.I32 else b_
                w = self.b.binop("shl" if op == "<<" else "ashr" if is_signed(el) else "lshr",
                                 w, c)
                r = self.b.cast("trunc", w, it)
            else:
                r = self.arith(op, a, b_, el, lt, rt)
            self.b.store(r, self.b.ptradd(tmp, i * es) if i else tmp)
        return tmp

    def complex_op(self, e):
        t = base(e.type)
        el = complex_elem(t, self.tt)
        it = ir_type(el)
        fl = it.is_float

        def parts(x, xt):
            p = self.rval(x)
            if not is_complex(xt):
                return self.conv(p, xt, el), Const(it, 0)
            p = self.conv(p, xt, t)
            return self.b.load(it, p), self.b.load(it, self.b.ptradd(p, el.size))

        if type(e) is A.Unary:
            a, b_ = parts(e.operand, e.operand.type)
            if e.op == "-":
                a = self.b.unop("fneg" if fl else "neg", a)
                b_ = self.b.unop("fneg" if fl else "neg", b_)
            elif e.op == "~":
                b_ = self.b.unop("fneg" if fl else "neg", b_)
            elif e.op != "+":
                raise LowerError(f"unsupported complex operator {e.op}", e)
        else:
            a, b_ = parts(e.left, e.left.type)
            c, d = parts(e.right, e.right.type)
            add = "fadd" if fl else "add"
            sub = "fsub" if fl else "sub"
            mul = "fmul" if fl else "mul"
            if e.op == "+":
                a, b_ = self.b.binop(add, a, c), self.b.binop(add, b_, d)
            elif e.op == "-":
                a, b_ = self.b.binop(sub, a, c), self.b.binop(sub, b_, d)
            elif e.op == "*":
                ac = self.b.binop(mul, a, c)
                bd = self.b.binop(mul, b_, d)
                ad = self.b.binop(mul, a, d)
                bc = self.b.binop(mul, b_, c)
                a, b_ = self.b.binop(sub, ac, bd), self.b.binop(add, ad, bc)
            elif e.op == "/" and fl:
                cc = self.b.binop(mul, c, c)
                dd = self.b.binop(mul, d, d)
                den = self.b.binop(add, cc, dd)
                ac = self.b.binop(mul, a, c)
                bd = self.b.binop(mul, b_, d)
                bc = self.b.binop(mul, b_, c)
                ad = self.b.binop(mul, a, d)
                a = self.b.binop("fdiv", self.b.binop(add, ac, bd), den)
                b_ = self.b.binop("fdiv", self.b.binop(sub, bc, ad), den)
            elif e.op == "/":
                # integer complex: Smith's method in integer arithmetic, as gcc computes it
                sg = is_signed(el)
                div = "sdiv" if sg else "udiv"
                bb = self.b

                def mag(x):
                    if not sg:
                        return x
                    return bb.select(bb.icmp("slt", x, Const(it, 0)),
                                     bb.binop("sub", Const(it, 0), x), x)
                res = self.alloca(2 * el.size, el.align)
                small, big, join = self.block("cdiv"), self.block("cdiv"), self.block("cdiv")
                bb.br(bb.icmp("slt" if sg else "ult", mag(c), mag(d)), small, big)
                bb.position(small)       # |c| < |d|
                r = bb.binop(div, c, d)
                dv = bb.binop(add, bb.binop(mul, c, r), d)
                bb.store(bb.binop(div, bb.binop(add, bb.binop(mul, a, r), b_), dv), res)
                bb.store(bb.binop(div, bb.binop(sub, bb.binop(mul, b_, r), a), dv),
                         bb.ptradd(res, el.size))
                bb.jmp(join)
                bb.position(big)
                r = bb.binop(div, d, c)
                dv = bb.binop(add, bb.binop(mul, d, r), c)
                bb.store(bb.binop(div, bb.binop(add, bb.binop(mul, b_, r), a), dv), res)
                bb.store(bb.binop(div, bb.binop(sub, b_, bb.binop(mul, a, r)), dv),
                         bb.ptradd(res, el.size))
                bb.jmp(join)
                bb.position(join)
                a, b_ = bb.load(it, res), bb.load(it, bb.ptradd(res, el.size))
            else:
                raise LowerError(f"unsupported complex operator {e.op}", e)
        tmp = self.alloca(t.size, t.align)
        self.b.store(a, tmp)
        self.b.store(b_, self.b.ptradd(tmp, el.size))
        return tmp

    def e_Assign(self, e):
        left = e.left
        lt = base(left.type)
        if e.op == "=":
            if is_agg(lt):
                src = self.agg(e.right)
                dst = self.lval(left)[0]
                self.memcpy(dst, src, lt.size if lt.size is not None else self.sizeof(lt), 1)
                return dst
            v = self.rval(e.right)
            p, bf = self.lval(left)
            if bf is not None:
                self.store_bitfield(p, bf, v)
                return self.bf_value(bf, v)
            self.store_scalar(v, p, left.type)
            return v
        op = e.op[:-1]
        p, bf = self.lval(left)
        if isinstance(lt, CT.VectorType):
            fake = A.Binary(e.op[:-1], left, e.right)
            fake.type = left.type
            fake.lvalue = False
            res = self.vec_op(fake)
            self.memcpy(p, res, lt.size, 1)
            return p
        if is_complex(lt):
            # a op= b as a = a op b
            fake = A.Binary(op, left, e.right)
            fake.type = left.type
            fake.lvalue = False
            res = self.complex_op(fake)
            self.memcpy(p, res, lt.size, 1)
            return p
        r = self.rval(e.right)      # before the old value is read, as gcc does
        if bf is not None:
            old = self.load_bitfield(p, bf)
        else:
            old = self.b.load(ir_type(lt), p, volatile=self.volatile(left.type))
        rt = base(e.right.type)
        if isinstance(lt, CT.PointerType):
            idx = self.conv(r, rt, self.tt.long)
            sz = self.sizeof(lt.target)
            if not (isinstance(sz, Const) and sz.value == 1):
                idx = self.b.binop("mul", idx, sz)
            if op == "-":
                idx = self.b.unop("neg", idx)
            new = self.b.ptradd(old, idx)
        else:
            # the old value as an operand: a bit-field narrower than int promotes to int,
            # one of int's width by its signedness (C11 6.3.1.1), as sema's bitfield_promote
            pt = lt
            if bf is not None and isinstance(lt, CT.IntType) and bf.bit_width <= 32:
                pt = self.tt.int if bf.bit_width < 32 or lt.signed else self.tt.uint
            if op in ("<<", ">>"):
                ct = self.promote(pt)
                lv = self.conv(old, lt, ct)
                res = self.arith(op, lv, self.resize(r, ir_type(ct), False) if r.type.is_int else r, ct, ct, rt)
            else:
                ct = self.common(pt, rt)
                lv = self.conv(old, lt, ct)
                rv = self.conv(r, rt, ct)
                res = self.arith(op, lv, rv, ct, ct, ct)
            new = self.conv(res, ct, lt)
        if bf is not None:
            self.store_bitfield(p, bf, new)
            return self.bf_value(bf, new)
        self.b.store(new, p, volatile=self.volatile(left.type))
        return new

    def promote(self, t):
        t = base(t)
        if isinstance(t, CT.IntType) and t.rank < 3:
            return self.tt.int
        return t

    def common(self, a, b):
        a = base(a)
        b = base(b)
        if isinstance(a, CT.FloatType) or isinstance(b, CT.FloatType):
            fa = a if isinstance(a, CT.FloatType) else None
            fb = b if isinstance(b, CT.FloatType) else None
            if fa is None:
                return fb
            if fb is None:
                return fa
            return fa if fa.rank >= fb.rank else fb
        a = self.promote(a)
        b = self.promote(b)
        if a.signed == b.signed:
            return a if a.rank >= b.rank else b
        u, s = (a, b) if not a.signed else (b, a)
        if u.rank >= s.rank:
            return u
        if s.size > u.size:
            return s
        return {4: self.tt.ulong, 5: self.tt.ullong, 6: self.tt.uint128, 3: self.tt.uint}[s.rank]

    def e_Cond(self, e):
        t = base(e.type)
        void = isinstance(t, CT.VoidType)
        aggv = is_agg(t)
        tb = self.block("ct")
        fb = self.block("cf")
        end = self.block("cend")
        if e.then is None:
            cv = self.rval(e.cond)
            self.b.br(self.truth(cv, e.cond.type), tb, fb)
            self.b.position(tb)
            tv = self.conv(cv, e.cond.type, t)
        else:
            self.cond_br(e.cond, tb, fb)
            self.b.position(tb)
            tv = self.effect(e.then) if void else self.rval(e.then)
        inc = []
        if not void:
            if not aggv and tv.type is not ir_type(t):
                tv = self.conv(tv, e.then.type, t)
        inc.append((tv, self.b.block))
        self.b.jmp(end)
        self.b.position(fb)
        fv = self.effect(e.other) if void else self.rval(e.other)
        if not void and not aggv and fv.type is not ir_type(t):
            fv = self.conv(fv, e.other.type, t)
        inc.append((fv, self.b.block))
        self.b.jmp(end)
        self.b.position(end)
        if void:
            return Undef(T.VOID)
        it = T.PTR if aggv else ir_type(t)
        return self.b.phi(it, inc)

    def e_Comma(self, e):
        self.effect(e.left)
        return self.rval(e.right)

    def e_StmtExpr(self, e):
        items = e.body.items
        if not items:
            return Undef(T.VOID)
        for it in items[:-1]:
            self.stmt(it)
        last = items[-1]
        while type(last) is A.Label:
            self.defined_labels.add(last.name)
            blk = self.label_block(last.name)
            self.start(blk)
            last = last.stmt
        if type(last) is A.ExprStmt and last.expr is not None and not isinstance(base(e.type), CT.VoidType):
            v = self.rval(last.expr)
            if is_agg(e.type):
                return v
            return self.conv(v, last.expr.type, e.type) if v.type is not ir_type(e.type) else v
        self.stmt(last)
        return Undef(T.VOID)

    def e_LabelAddr(self, e):
        if e.label in self.nlg_labels:
            return self.nonlocal_label_addr(e.label)
        blk = self.label_block(e.label)
        ins = Instr("blockaddr", T.PTR, targets=[blk])
        ins.name = self.f.fresh()
        self.b.block.append(ins)
        if blk not in self.addr_labels:
            self.addr_labels.append(blk)
        return ins

    def va_list_ref(self, x):
        """The va_list operand of va_start/va_arg/va_copy/va_end: the address of the va_list
        object. Where va_list is an array (x86-64) or a structure (AArch64) the expression's
        value already is that address; where it is a plain pointer (RISC-V) it is the
        variable's address."""
        if self.tt.info.va_list_kind == "pointer":
            return self.lval(x)[0]
        return self.rval(x)

    def e_VaArg(self, e):
        ap = self.va_list_ref(e.ap)
        t = base(e.type)
        if isinstance(t, CT.RecordType) and t.d.variable:
            ins = Instr("va_arg", T.PTR, [ap])      # passed by reference (see e_Call)
        elif is_agg(t):
            st = agg_type(t, self.tt)
            ins = Instr("va_arg", T.PTR, [ap], extra=st)
        else:
            ins = Instr("va_arg", ir_type(t), [ap])
        ins.name = self.f.fresh()
        self.b.block.append(ins)
        return ins

    def e_Index(self, e):
        p, _ = self.lval(e)
        return self.b.load(ir_type(e.type), p)

    def e_Member(self, e):
        p, bf = self.lval(e)
        if bf is not None:
            return self.load_bitfield(p, bf)
        return self.b.load(ir_type(e.type), p)

    def e_CompoundLiteral(self, e):
        return self.lval(e)[0]

    def e_BuiltinCall(self, e):
        raise LowerError(f"unsupported builtin '{e.name}'", e)

    # -- calls ---------------------------------------------------------------------------------
    def e_Call(self, e):
        storage_only(e.type, *(a.type for a in e.args))
        if e.args and _is_va_arg_pack(e.args[-1]):
            return self._pack_call(e)
        fn = e.func
        direct = None
        if type(fn) is A.ImplicitCast and fn.kind == "func_decay" and type(fn.operand) is A.Ident \
                and fn.operand.sym.kind == "func":
            direct = fn.operand.sym
            name = self.L.sym_name(direct)
            # __builtin_sinl etc. (gcc's library prototype, not lowered inline): an ordinary
            # call to the library function, with the full calling convention
            r = None if _plain_libcall(name) else self.builtin(e, name)
            if r is not None:
                want = ir_type(e.type)
                if want is not None and not want.is_void and r.type is not want:
                    if r.type.is_int and want.is_int:
                        r = self.resize(r, want, False)
                    elif r.type.is_ptr and want.is_int and want.bits < 64:
                        pass    # implicitly declared 'int alloca()': keep the whole pointer
                    elif r.type.is_ptr and want.is_int:
                        r = self.resize(self.b.cast("ptrtoint", r, T.I64), want, False)
                    elif r.type.is_int and want.is_ptr:
                        r = self.b.cast("inttoptr", self.resize(r, T.I64, False), T.PTR)
                return r
        pt = base(fn.type)
        ft = base(pt.target) if isinstance(pt, CT.PointerType) else pt
        chain = None
        if direct is not None and direct in self.L.nested:
            caps = self.L.nested[direct]
            if caps:
                chain = self.chain_array(caps, e)
        if direct is not None:
            cname = self.L.sym_name(direct)
            if cname.startswith("__builtin_") and direct.asm_name is None:
                cname = cname[10:]
            if direct.va_arg_pack and pack_key(cname) in self.L.pack_bodies:
                cname = pack_key(cname)     # expanded (lower.Lowerer.expand_va_arg_pack)
            callee = SymRef(cname)
        else:
            callee = self.rval(fn)
        n = len(e.args)
        args = [None] * n
        byval = [None] * n
        ext = [None] * n
        for i in range(n - 1, -1, -1):      # right to left, as gcc does on x86-64
            a = e.args[i]
            at = base(a.type)
            if isinstance(at, CT.RecordType) and at.d.variable:
                # variable size: passed by reference to a copy, as gcc does
                n_ = self.sizeof(at)
                cp = Instr("alloca", T.PTR, [n_], extra=max(16, at.align or 1))
                cp.name = self.f.fresh("vcopy")
                self.b.block.append(cp)
                self.memcpy(cp, self.agg(a), n_, 1)
                args[i] = cp
            elif is_agg(at):
                args[i] = self.agg(a)
                byval[i] = agg_type(at, self.tt)
            else:
                args[i] = self.rval(a)
                if isinstance(at, CT.IntType) and at.size < 4:
                    ext[i] = "signext" if at.signed else "zeroext"
        if chain is not None:
            args.append(chain)
            byval.append(None)
            ext.append(None)
        if ft.variadic:
            nfixed = len(ft.params)
        elif not ft.prototyped:
            nfixed = len(args)
        else:
            nfixed = None
        rt = base(ft.ret)
        sret = None
        if is_agg(rt):
            sret = agg_type(rt, self.tt)
            dst = self.alloca(rt.size, rt.align)
            ins = Instr("call", T.VOID, [callee, dst, *args],
                        extra=CallInfo(nfixed, byval if any(byval) else None, sret,
                                       ext if any(ext) else None))
            self.b.block.append(ins)
            return dst
        irt = ir_type(rt)
        ins = Instr("call", irt, [callee, *args],
                    extra=CallInfo(nfixed, byval if any(byval) else None, None,
                                   ext if any(ext) else None))
        if not irt.is_void:
            ins.name = self.f.fresh()
        self.b.block.append(ins)
        if _noreturn(direct):
            self.b.unreachable()
            self.dead()
        return ins


    def _pack_call(self, e):
        """``f(..., __builtin_va_arg_pack ())`` (sema allows it only as the last argument, in a
        function never emitted out of line): the call without it, marked so that the
        variadic arguments are appended where the function is expanded
        (``opt.inline.inline_call``)."""
        pack = e.args.pop()
        try:
            r = self.e_Call(e)
        finally:
            e.args.append(pack)
        for ins in reversed(self.b.block.instrs):
            if ins.op == "call":
                i = ins.extra
                ins.extra = PackInfo("pack", i.nfixed, i.byval, i.sret, i.ext)
                return r
        raise LowerError("invalid use of '__builtin_va_arg_pack ()'", e)


def _is_va_arg_pack(a) -> bool:
    while type(a) is A.ImplicitCast:
        a = a.operand
    if type(a) is not A.Call or a.args:
        return False
    f = a.func
    while type(f) is A.ImplicitCast:
        f = f.operand
    return type(f) is A.Ident and f.name == "__builtin_va_arg_pack"


def _plain_libcall(name):
    """Whether ``name`` is ``__builtin_X`` for a library function X that sema typed with gcc's
    prototype and that the lowering does not expand itself."""
    return name.startswith("__builtin_") and name[10:] in LIB_PROTOS and \
        name[10:] not in IMPLEMENTED
