"""Semantic analysis: implicit conversions: decay, promotions, usual arithmetic conversions,
assignment."""
from __future__ import annotations

from .. import ast as A
from .. import types as T


_METHODS = {}       # node class -> the Sema method typing it (e_<class name>), or None


def bitfield_width(e):
    """The width of the bit-field whose value `e` is (a member access, an assignment or
    increment/decrement of one, or a comma expression ending in one), else None."""
    while True:
        k = type(e)
        if k is A.Member:
            f = e.field
            return None if f is None else f[-1].bit_width
        if k is A.Assign:
            e = e.left
        elif k is A.Postfix or k is A.Unary and (e.op == "++" or e.op == "--"):
            e = e.operand
        elif k is A.Comma:
            e = e.right
        else:
            return None


BITFIELD_VALUED = frozenset((A.Member, A.Assign, A.Postfix, A.Unary, A.Comma))


class Conversions:
    """Implicit conversions: decay, promotions, usual arithmetic conversions, assignment."""

    def mk(self, node, ty, lvalue=False):
        node.type = ty
        node.lvalue = lvalue
        return node

    def expr(self, e, decay=True):
        """Type ``e`` and return it (or its replacement); with ``decay``, arrays and functions
        are converted to pointers (C11 6.3.2.1)."""
        c = type(e)
        m = _METHODS.get(c, _METHODS)
        if m is _METHODS:       # the method of a node class, looked up once per class
            m = _METHODS[c] = getattr(type(self), "e_" + c.__name__, None)
        if m is None:
            return self.mk(e, self.tt.int)
        r = m(self, e)
        t = r.type
        if t is None:
            r.type = t = self.tt.int
        if decay and t.__class__ is not T.IntType:
            if isinstance(t, T.ArrayType):
                c = A.ImplicitCast("decay", r, loc=r.loc)
                return self.mk(c, T.PointerType(t.elem))
            if isinstance(t, T.FunctionType):
                c = A.ImplicitCast("func_decay", r, loc=r.loc)
                return self.mk(c, T.PointerType(t))
        return r

    def convert(self, e, ty):
        if e.type is ty or (e.type is not None and T.compatible(e.type.unqual(), ty.unqual(), True)
                            and type(e.type) is type(ty) and not isinstance(ty, T.RecordType)
                            and getattr(e.type, "name", None) == getattr(ty, "name", None)):
            return e
        c = A.ImplicitCast("convert", e, loc=e.loc)
        return self.mk(c, ty.unqual())

    def promoted(self, t):
        tt = self.tt
        if isinstance(t, T.EnumType):
            t = t.base
        if isinstance(t, T.IntType) and t.rank < 3:
            return tt.int
        if t.__class__ is T.FloatType and t.name == "__fp16" and not t.complex:
            return tt.float         # ARM __fp16 is a storage format: operands become float
        return t.unqual()

    def promote(self, e):
        b = self.bitfield_promote(e)
        if b is not e:
            return b
        p = self.promoted(e.type)
        return self.convert(e, p) if p is not e.type else e

    def bitfield_promote(self, e):
        """A bit-field narrower than int promotes to int even when its type is unsigned (or
        wider than int); one of exactly int's width to int or unsigned int (C11 6.3.1.1).
        As in gcc, the value of an assignment, compound assignment or increment/decrement
        of a bit-field, and a comma expression whose right operand is one of these, is of
        the bit-field's type too and promotes the same way."""
        w = bitfield_width(e)
        if w is None:
            return e
        t = e.type
        if isinstance(t, T.EnumType):
            t = t.base
        if not isinstance(t, T.IntType):
            return e
        if w < 32:
            p = self.tt.int
        elif w == 32:
            p = self.tt.int if t.signed else self.tt.uint
        else:
            return e
        return self.convert(e, p) if p is not t else e

    def arith_conv(self, a, b):
        if a is b and a.__class__ is T.IntType and a.rank >= 3 and not a.quals:
            return a            # the same unqualified type, int or wider
        tt = self.tt
        if isinstance(a, T.VectorType):
            return a
        if isinstance(b, T.VectorType):
            return b
        fa = isinstance(a, (T.FloatType,))
        fb = isinstance(b, (T.FloatType,))
        ca = getattr(a, "complex", False) or isinstance(a, T.ComplexIntType)
        cb = getattr(b, "complex", False) or isinstance(b, T.ComplexIntType)
        if fa or fb:
            if fa and a.name == "__fp16":
                a = tt.float
            if fb and b.name == "__fp16":
                b = tt.float
            ra = a.rank if fa else -1
            rb = b.rank if fb else -1
            r = a if ra >= rb else b
            if (ca or cb) and not getattr(r, "complex", False):
                return tt.complex_of(T.FloatType(r.name, r.size, r.align, r.fmt, r.rank))
            if r.name == "_Float16" and not r.complex and not self.f16_native:
                # without +fp16 gcc evaluates _Float16 in float (FLT_EVAL_METHOD 0): the
                # result is rounded to half only where it is converted (assigned, cast,
                # returned, passed)
                return tt.float
            return r.unqual()
        if isinstance(a, T.ComplexIntType) or isinstance(b, T.ComplexIntType):
            return a if isinstance(a, T.ComplexIntType) else b
        a = self.promoted(a)
        b = self.promoted(b)
        if isinstance(a, T.BitIntType) or isinstance(b, T.BitIntType):
            pa = a.prec if isinstance(a, T.BitIntType) else a.size * 8
            pb = b.prec if isinstance(b, T.BitIntType) else b.size * 8
            if pa != pb:
                return a if pa > pb else b
            if a.signed != b.signed:
                return b if a.signed else a
            return a
        if a.name == b.name:
            return a
        if a.signed == b.signed:
            return a if a.rank > b.rank else b
        u, s = (a, b) if not a.signed else (b, a)
        if u.rank >= s.rank:
            return u
        if s.size > u.size:
            return s
        return {"long": tt.ulong, "long long": tt.ullong, "__int128": tt.uint128}.get(s.name, u)

    def is_null_const(self, e):
        t = e.type
        inner = e
        while isinstance(inner, (A.ImplicitCast, A.Cast)) and inner.type is not None and (
                inner.type.is_integer() or (isinstance(inner.type, T.PointerType) and
                                            isinstance(inner.type.target, T.VoidType))):
            inner = inner.operand
        if t.is_integer() or (isinstance(t, T.PointerType) and isinstance(t.target, T.VoidType)):
            v = self.const_int(inner if inner.type.is_integer() else e)
            return v == 0 and inner.type.is_integer()
        return False

    def assign_convert(self, ty, e, ctx="assignment"):
        """Convert ``e`` for assignment to ``ty`` (C11 6.5.16.1)."""
        lt = ty.unqual()
        rt = e.type
        if isinstance(lt, T.RecordType) or isinstance(rt, T.RecordType):
            if isinstance(lt, T.RecordType) and isinstance(rt, T.RecordType) and \
                    T.compatible(lt, rt.unqual(), True):
                return e
            if isinstance(lt, T.RecordType) and lt.is_union and ctx == "argument" and any(
                    T.compatible(f.type.unqual(), rt.unqual(), True) or
                    (isinstance(f.type, T.PointerType) and (isinstance(rt, T.PointerType) or
                                                           rt.is_integer()))
                    for f in lt.fields):
                return self.convert(e, lt)   # GNU transparent union / cast to union
            what = {"assignment": "assigning to type", "return": "returning",
                    "initialization": "initializing type", "argument": "passing"}[ctx]
            an = getattr(self, "_argno", None)
            if ctx == "argument" and an is not None:
                self.error(f"incompatible type for argument {an[0]} of '{an[1]}'" if an[1] else
                           f"incompatible type for argument {an[0]}", e)
                return e
            self.error(f"incompatible types when {what} '{lt}' from type '{rt}'"
                       if ctx != "return" else
                       f"incompatible types when returning type '{rt}' but '{lt}' was expected",
                       e)
            return e
        if isinstance(rt, T.VoidType):
            self.error("void value not ignored as it ought to be", e)
            return e
        if isinstance(lt, T.VoidType):
            return e
        def what():     # spelled only for a warning (type spelling is slow)
            return {"assignment": f"assignment to '{lt}' from '{rt}'",
                    "return": f"returning '{rt}' from a function with return type '{lt}'",
                    "initialization": f"initialization of '{lt}' from '{rt}'",
                    "argument": f"passing argument of type '{rt}' to parameter of type "
                                f"'{lt}'"}[ctx]
        if isinstance(lt, T.PointerType) and rt.is_integer() and not self.is_null_const(e):
            self.warning(f"{what()} makes pointer from integer without a cast "
                         "[-Wint-conversion]", e)
        elif lt.is_integer() and isinstance(rt, T.PointerType) and lt.name != "_Bool":
            self.warning(f"{what()} makes integer from pointer without a cast "
                         "[-Wint-conversion]", e)
        elif isinstance(lt, T.PointerType) and isinstance(rt, T.PointerType):
            a, b = lt.target, rt.target
            if not (isinstance(a, T.VoidType) or isinstance(b, T.VoidType) or
                    T.compatible(a.unqual(), b.unqual(), True) or
                    (a.is_integer() and b.is_integer() and a.size == b.size)):
                self.warning(f"{what().split(' from ')[0]} from incompatible pointer type "
                             f"'{rt}' [-Wincompatible-pointer-types]" if ctx != "argument" else
                             f"passing argument from incompatible pointer type "
                             f"[-Wincompatible-pointer-types]", e)
            elif b.quals & ~a.quals & (T.CONST | T.VOLATILE):
                self.warning(f"{what()} discards '{T.Type.qual_str(b)}' qualifier from pointer "
                             "target type [-Wdiscarded-qualifiers]", e)
        return self.convert(e, lt)

    def default_promote(self, a):
        t = a.type
        if isinstance(t, T.FloatType) and t.name in ("float", "__fp16") and not t.complex:
            return self.convert(a, self.tt.double)     # (_Float16 is passed as it is)
        if t.is_integer():
            return self.promote(a)
        return a
