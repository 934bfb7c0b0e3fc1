"""Semantic analysis: constant expressions as gcc folds them, and address constants of static
initializers."""
from __future__ import annotations

from .. import ast as A
from .. import types as T


def _fold_bitop(n, v, t):
    bits = (t.size * 8) if t is not None and t.size else 32
    v &= (1 << bits) - 1
    if "clz" in n:
        return bits - v.bit_length() if v else None
    if "ctz" in n:
        return (v & -v).bit_length() - 1 if v else None
    if "popcount" in n:
        return bin(v).count("1")
    if "parity" in n:
        return bin(v).count("1") & 1
    if "ffs" in n:
        return (v & -v).bit_length()
    if "bswap" in n:
        nb = int(n.rsplit("bswap", 1)[1] or 32) // 8
        return int.from_bytes((v & ((1 << (nb * 8)) - 1)).to_bytes(nb, "little"), "big")
    return None


class Constants:
    """Constant expressions as gcc folds them, and address constants of static initializers."""

    def const_int(self, e):
        v = self.const_value(e)
        if isinstance(v, bool):
            return int(v)
        return v if isinstance(v, int) else None

    def const_value(self, e):  # noqa: C901
        """Value of an integer (or arithmetic) constant expression, or None."""
        if isinstance(e, (A.IntConst, A.CharConst)):
            return e.value
        if isinstance(e, A.FloatConst):
            return e.value
        if isinstance(e, (A.SizeofExpr, A.SizeofType, A.AlignofExpr, A.AlignofType,
                          A.Offsetof, A.TypesCompatible)):
            return e.value
        if isinstance(e, A.Ident):
            if e.sym is not None and e.sym.kind == "enum":
                return e.sym.value
            return None
        if isinstance(e, (A.ImplicitCast, A.Cast)):
            if isinstance(e, A.ImplicitCast) and e.kind != "convert":
                return None
            v = self.const_value(e.operand)
            if v is None:
                return None
            t = e.type
            if t is None:
                return v
            if t.is_integer():
                if getattr(t, "name", None) == "_Bool" and not isinstance(t, T.EnumType):
                    return int(v != 0)      # (_Bool) 0.5 is 1, NaN and infinities too
                if isinstance(v, float):
                    if v != v or v in (float("inf"), float("-inf")):
                        return None
                    v = int(v)
                return t.wrap(v)
            if isinstance(t, T.FloatType) and not t.complex:
                return float(v) if not isinstance(v, complex) else None
            if isinstance(t, T.PointerType) and isinstance(v, int):
                return None
            return None
        if isinstance(e, A.Unary):
            v = self.const_value(e.operand)
            if v is None or e.op in ("&", "*", "++", "--", "__real__", "__imag__"):
                return None
            t = e.type
            if e.op == "-":
                v = -v
            elif e.op == "~":
                if not isinstance(v, int):
                    return None
                v = ~v
            elif e.op == "!":
                return 0 if v else 1
            return t.wrap(v) if t is not None and t.is_integer() and isinstance(v, int) else v
        if isinstance(e, A.Binary):
            op = e.op
            a = self.const_value(e.left)
            if op == "&&":
                if a is not None and not a:
                    return 0
                b = self.const_value(e.right)
                return None if a is None or b is None else (1 if b else 0)
            if op == "||":
                if a is not None and a:
                    return 1
                b = self.const_value(e.right)
                return None if a is None or b is None else (1 if b else 0)
            b = self.const_value(e.right)
            if a is None or b is None:
                return None
            t = e.type
            try:
                if op == "+":
                    r = a + b
                elif op == "-":
                    r = a - b
                elif op == "*":
                    r = a * b
                elif op == "/":
                    if b == 0 and (isinstance(a, float) or isinstance(b, float)) \
                            and not isinstance(a, complex):
                        import math
                        if a != a:
                            r = a
                        elif a == 0:
                            r = math.copysign(float("nan"), math.copysign(1.0, float(a))
                                              * math.copysign(1.0, float(b)))
                        else:
                            r = math.copysign(float("inf"), a) * math.copysign(1.0, float(b))
                        return r
                    if b == 0:
                        return None
                    if isinstance(a, int) and isinstance(b, int):
                        q = abs(a) // abs(b)
                        r = q if (a < 0) == (b < 0) else -q
                    else:
                        r = a / b
                elif op == "%":
                    if b == 0 or not isinstance(a, int):
                        return None
                    q = abs(a) // abs(b)
                    q = q if (a < 0) == (b < 0) else -q
                    r = a - q * b
                elif op == "<<":
                    if b < 0 or b > 256:
                        return None
                    r = a << b
                elif op == ">>":
                    if b < 0:
                        return None
                    r = a >> min(b, 256)
                elif op == "<":
                    return int(a < b)
                elif op == ">":
                    return int(a > b)
                elif op == "<=":
                    return int(a <= b)
                elif op == ">=":
                    return int(a >= b)
                elif op == "==":
                    return int(a == b)
                elif op == "!=":
                    return int(a != b)
                elif op == "&":
                    r = a & b
                elif op == "|":
                    r = a | b
                elif op == "^":
                    r = a ^ b
                else:
                    return None
            except (TypeError, OverflowError, ZeroDivisionError):
                return None
            if t is not None and t.is_integer() and isinstance(r, int):
                return t.wrap(r)
            return r
        if isinstance(e, A.Cond):
            c = self.const_value(e.cond)
            if c is None:
                return None
            if e.then is None:
                return c if c else self.const_value(e.other)
            return self.const_value(e.then) if c else self.const_value(e.other)
        if isinstance(e, A.Comma):
            return None
        if isinstance(e, A.Call) and isinstance(e.func, (A.ImplicitCast,)) and \
                isinstance(e.func.operand, A.Ident):
            n = e.func.operand.name
            if n == "__builtin_constant_p":
                return 1 if e.args and self.const_value(e.args[0]) is not None else 0
            if n == "__builtin_choose_expr" and len(e.args) == 2:
                return self.const_value(e.args[1])
            if n in ("__builtin_expect",) and e.args:
                return self.const_value(e.args[0])
            if n in ("__builtin_inf", "__builtin_huge_val", "__builtin_inff",
                     "__builtin_huge_valf", "__builtin_infl", "__builtin_huge_vall"):
                return float("inf")
            if n in ("__builtin_nan", "__builtin_nanf", "__builtin_nanl"):
                return float("nan")
            if n.startswith(("__builtin_clz", "__builtin_ctz", "__builtin_popcount",
                             "__builtin_bswap", "__builtin_ffs", "__builtin_parity")) and e.args:
                v = self.const_value(e.args[0])
                if isinstance(v, int):
                    return _fold_bitop(n, v, e.args[0].type)
            return None
        if isinstance(e, A.Generic):
            r = e.selected
            return self.const_value(r) if r is not None else None
        return None

    def is_constant_init(self, e):
        """Arithmetic constant or address constant (C11 6.6p7-9), leniently."""
        if self.const_value(e) is not None:
            return True
        return self._addr_const(e)

    def _addr_const(self, e, depth=0):
        if depth > 64:
            return False
        if isinstance(e, (A.StringLit, A.LabelAddr, A.CompoundLiteral)):
            return True
        if isinstance(e, (A.IntConst, A.CharConst, A.FloatConst, A.SizeofType, A.SizeofExpr,
                          A.AlignofType, A.AlignofExpr, A.Offsetof, A.TypesCompatible)):
            return True
        if isinstance(e, A.ImplicitCast):
            if e.kind in ("decay", "func_decay"):
                return self._static_lvalue(e.operand)
            return self._addr_const(e.operand, depth + 1)
        if isinstance(e, A.Cast):
            return self._addr_const(e.operand, depth + 1)
        if isinstance(e, A.Unary) and e.op == "&":
            return self._static_lvalue(e.operand)
        if isinstance(e, A.Binary) and e.op in ("+", "-"):
            return (self._addr_const(e.left, depth + 1) and self._addr_const(e.right, depth + 1))
        if isinstance(e, A.Binary):
            return self._addr_const(e.left, depth + 1) and self._addr_const(e.right, depth + 1)
        if isinstance(e, A.Cond):
            return self.const_value(e.cond) is not None and \
                (e.then is None or self._addr_const(e.then, depth + 1)) and \
                self._addr_const(e.other, depth + 1)
        if isinstance(e, A.Ident):
            return e.sym is not None and (e.sym.kind == "enum" or e.sym.kind == "func")
        if isinstance(e, A.Call):
            f = e.func.operand if isinstance(e.func, A.ImplicitCast) else e.func
            return isinstance(f, A.Ident) and f.name.startswith("__builtin_") and \
                all(self._addr_const(a, depth + 1) for a in e.args)
        if isinstance(e, (A.Unary,)) and e.op in ("-", "+", "~", "!"):
            return self._addr_const(e.operand, depth + 1)
        if isinstance(e, A.Comma):
            return False
        if isinstance(e, A.Generic):
            return True
        return False

    def _static_lvalue(self, e, depth=0):
        if depth > 64:
            return False
        if isinstance(e, A.Ident):
            s = e.sym
            return s is not None and (s.kind == "func" or s.linkage != "none" or
                                      s.is_static_local or s.storage in ("static", "extern"))
        if isinstance(e, (A.StringLit, A.CompoundLiteral)):
            return True
        if isinstance(e, A.Member):
            if e.arrow:
                return self._addr_const(e.base, depth + 1)
            return self._static_lvalue(e.base, depth + 1)
        if isinstance(e, A.Index):
            return self._addr_const(e.base, depth + 1) and self.const_value(e.index) is not None \
                or self._addr_const(e.index, depth + 1) and self.const_value(e.base) is not None
        if isinstance(e, A.Unary) and e.op == "*":
            return self._addr_const(e.operand, depth + 1)
        if isinstance(e, A.ImplicitCast):
            return self._static_lvalue(e.operand, depth + 1)
        return False
