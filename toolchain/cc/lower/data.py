"""Constant evaluation and static data (a mixin of Lowerer): initialisers folded to
bytes and relocations, gcc's constant folding rules."""
from __future__ import annotations

import math
import struct as _struct
from .. import ast as A
from .. import types as CT
from ..ir.core import (GlobalVar)
from ..ir.floats import is_nan_bits, xfloat
from .builtins import nan_value
from .common import (NotConst, _exact, _fdiv, _finite, _strip, base, complex_elem, exact_int,
                     float_bytes, ir_type, is_agg, is_complex, literal_const)


class DataLower:
    """Constant evaluation and static data (a mixin of Lowerer): initialisers folded to"""

    # -- constant evaluation ---------------------------------------------------------------------
    def cev(self, e):
        """("int", v) | ("float", v) | ("addr", name, off)."""
        c = type(e)
        if c is A.IntConst or c is A.CharConst:
            return ("int", e.value)
        if c is A.FloatConst:
            t = ir_type(e.type)
            if t is not None and t.bits > 64:
                return ("float", literal_const(e, t))
            return ("float", e.value)
        if c in (A.SizeofExpr, A.SizeofType, A.AlignofExpr, A.AlignofType, A.Offsetof,
                 A.TypesCompatible):
            if e.value is None:
                raise NotConst()
            return ("int", e.value)
        if c is A.Ident:
            s = e.sym
            if s is not None and s.kind == "enum":
                return ("int", s.value)
            if s is not None and s.kind == "func":
                return ("addr", self.sym_name(s), 0)
            raise NotConst()
        if c is A.ImplicitCast or c is A.Cast:
            if c is A.ImplicitCast and e.kind in ("decay", "func_decay"):
                return self.cev_addr(e.operand)
            v = self.cev(e.operand)
            return self.cconv(v, e.type)
        if c is A.Unary:
            if e.op == "&":
                return self.cev_addr(e.operand)
            v = self.cev(e.operand)
            if e.op == "+":
                return v
            if v[0] == "addr":
                if e.op == "!":
                    return ("int", 0)
                raise NotConst()
            if e.op == "-":
                return self.cconv((v[0], -v[1]), e.type)
            if e.op == "~":
                return self.cconv(("int", ~v[1]), e.type)
            if e.op == "!":
                return ("int", int(not v[1]))
            raise NotConst()
        if c is A.Binary:
            return self.cbin(e)
        if c is A.Cond:
            cv = self.cev(e.cond)
            truth = True if cv[0] == "addr" else bool(cv[1])
            if truth:
                return self.cev(e.then if e.then is not None else e.cond)
            return self.cev(e.other)
        if c is A.Comma:
            return self.cev(e.right)
        if c is A.Generic:
            return self.cev(e.selected)
        if c is A.StringLit or c is A.CompoundLiteral:
            raise NotConst()
        if c is A.Call:
            fn = _strip(e.func)
            name = fn.name if type(fn) is A.Ident else None
            if name == "__builtin_choose_expr" and len(e.args) == 2:
                return self.cconv(self.cev(e.args[1]), e.type)
            if name == "__builtin_expect" and e.args:
                return self.cconv(self.cev(e.args[0]), e.type)
            if name is not None and name.startswith("__builtin_"):
                n = name[10:]
                if n.startswith(("inf", "huge_val")) and not e.args:
                    return self.cconv(("float", math.inf), e.type)
                if n.startswith("nan") and len(e.args) == 1 and ir_type(e.type).is_float \
                        and isinstance(_strip(e.args[0]), A.StringLit):
                    return ("float", nan_value(n, e.args[0], ir_type(e.type)))   # exact bits
            if name == "__builtin_constant_p" and len(e.args) == 1:
                try:
                    v = self.cev(e.args[0])
                except NotConst:
                    return ("int", 0)
                return ("int", 1 if v[0] in ("int", "float") else 0)
        raise NotConst()

    def cconv(self, v, t):
        t = base(t)
        if isinstance(t, CT.IntType):
            if v[0] == "addr":
                if t.size == 8:
                    return v
                if t.rank == 0:
                    return ("int", 1)
                raise NotConst()
            if v[0] == "float":
                if t.rank == 0:
                    return ("int", int(v[1] != 0))
                if v[1] != v[1] or math.isinf(v[1]):
                    raise NotConst()
                return ("int", t.wrap(exact_int(v[1])))
            if t.rank == 0:
                return ("int", int(v[1] != 0))
            return ("int", t.wrap(v[1]))
        if isinstance(t, CT.FloatType):
            if v[0] == "addr":
                raise NotConst()
            if t.fmt in ("x87", "binary128"):
                return ("float", xfloat(v[1], t.fmt))   # exact in the wide format
            if is_nan_bits(v[1]) and v[1].fmt == t.fmt:
                return v                                # an exact NaN of this type
            x = float(v[1])
            if t.fmt in ("binary32", "binary16") and not math.isinf(x) and x == x:
                f = "<f" if t.fmt == "binary32" else "<e"
                try:
                    x = _struct.unpack(f, _struct.pack(f, x))[0]
                except OverflowError:
                    x = math.copysign(math.inf, x)
            return ("float", x)
        if isinstance(t, CT.PointerType):
            if v[0] == "float":
                raise NotConst()
            if v[0] == "int":
                return ("int", v[1] & ((1 << 64) - 1))
            return v
        if isinstance(t, CT.VoidType):
            return v
        raise NotConst()

    def cbin(self, e):
        op = e.op
        if op in ("&&", "||"):
            l = self.cev(e.left)
            lt = True if l[0] == "addr" else bool(l[1])
            if op == "&&" and not lt:
                return ("int", 0)
            if op == "||" and lt:
                return ("int", 1)
            r = self.cev(e.right)
            return ("int", int(True if r[0] == "addr" else bool(r[1])))
        l = self.cev(e.left)
        r = self.cev(e.right)
        lt = base(e.left.type)
        rt = base(e.right.type)
        if isinstance(lt, CT.PointerType) or isinstance(rt, CT.PointerType):
            if op in ("+", "-") and isinstance(lt, CT.PointerType) and not isinstance(rt, CT.PointerType):
                sz = self.elem_size(lt)
                d = r[1] * sz
                if op == "-":
                    d = -d
                if l[0] == "addr":
                    return ("addr", l[1], l[2] + d)
                return ("int", (l[1] + d) & ((1 << 64) - 1))
            if op == "+" and isinstance(rt, CT.PointerType):
                sz = self.elem_size(rt)
                d = l[1] * sz
                if r[0] == "addr":
                    return ("addr", r[1], r[2] + d)
                return ("int", (r[1] + d) & ((1 << 64) - 1))
            if op == "-" and l[0] == "addr" and r[0] == "addr" and l[1] == r[1]:
                return ("int", (l[2] - r[2]) // self.elem_size(lt))
            if l[0] == "int" and r[0] == "int":
                pass
            else:
                raise NotConst()
        if l[0] == "addr" or r[0] == "addr":
            if l[0] == "addr" and r[0] == "int" and op in ("+", "-"):
                return ("addr", l[1], l[2] + (r[1] if op == "+" else -r[1]))
            if r[0] == "addr" and l[0] == "int" and op == "+":
                return ("addr", r[1], r[2] + l[1])
            raise NotConst()
        a, b = l[1], r[1]
        t = base(e.type)
        fl = isinstance(base(e.left.type), CT.FloatType)
        if op in ("<", ">", "<=", ">=", "==", "!="):
            if not fl and isinstance(base(e.left.type), CT.IntType) and not base(e.left.type).signed:
                bits = base(e.left.type).size * 8
                a &= (1 << bits) - 1
                b &= (1 << bits) - 1
            res = {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b, "==": a == b, "!=": a != b}[op]
            return ("int", int(res))
        if fl and isinstance(t, CT.FloatType) and t.fmt in ("x87", "binary128") \
                and op in "+-*/" and _finite(a) and _finite(b) and not (op == "/" and b == 0):
            # long double / _Float128 constants: exact rational arithmetic, one rounding
            x, y = _exact(a), _exact(b)
            v = {"+": lambda: x + y, "-": lambda: x - y, "*": lambda: x * y,
                 "/": lambda: x / y}[op]()
            if v == 0 and op in "+-":
                v = 0.0     # exact zero sums are +0 (round to nearest)
            return ("float", xfloat(v, t.fmt))
        if fl:
            if op == "+":
                v = a + b
            elif op == "-":
                v = a - b
            elif op == "*":
                v = a * b
            elif op == "/":
                v = _fdiv(a, b)
            else:
                raise NotConst()
            return self.cconv(("float", v), t)
        if isinstance(t, CT.IntType) and not t.signed:
            bits = t.size * 8
            a &= (1 << bits) - 1
            b &= (1 << bits) - 1
        if op == "+":
            v = a + b
        elif op == "-":
            v = a - b
        elif op == "*":
            v = a * b
        elif op in ("/", "%"):
            if b == 0:
                raise NotConst()
            q = abs(a) // abs(b)
            if (a < 0) != (b < 0):
                q = -q
            v = q if op == "/" else a - q * b
        elif op == "&":
            v = a & b
        elif op == "|":
            v = a | b
        elif op == "^":
            v = a ^ b
        elif op == "<<":
            v = a << b
        elif op == ">>":
            lt2 = base(e.left.type)
            if isinstance(lt2, CT.IntType) and not lt2.signed:
                a &= (1 << (lt2.size * 8)) - 1
            v = a >> b
        else:
            raise NotConst()
        return self.cconv(("int", v), t)

    def elem_size(self, pt):
        t = base(pt.target)
        if isinstance(t, (CT.VoidType, CT.FunctionType)):
            return 1
        s = t.size
        if s is None:
            raise NotConst()
        return s

    def cev_addr(self, e):
        c = type(e)
        if c is A.Ident:
            s = e.sym
            if s is None or s.kind not in ("var", "func"):
                raise NotConst()
            if s.kind == "var" and not (s.linkage != "none" or s.is_static_local
                                        or s.storage in ("static", "extern")):
                raise NotConst()
            if s.kind == "var" and s.is_static_local and s not in self.static_names:
                self.static_names[s] = self.fresh_name(s.name)
            return ("addr", self.sym_name(s), 0)
        if c is A.StringLit:
            return ("addr", self.string_global(e), 0)
        if c is A.CompoundLiteral:
            name = self.fresh_name("__compound_literal")
            self.define_data(name, e.type, e.flat, internal=True, readonly=False)
            return ("addr", name, 0)
        if c is A.Member:
            if e.arrow:
                b = self.cev(e.base)
            else:
                b = self.cev_addr(e.base)
            if b[0] != "addr":
                if b[0] == "int":
                    return ("int", b[1] + sum(f.offset for f in e.field))
                raise NotConst()
            return ("addr", b[1], b[2] + sum(f.offset for f in e.field))
        if c is A.Index:
            b = self.cev(e.base)
            i = self.cev(e.index)
            if i[0] != "int":
                raise NotConst()
            sz = self.elem_size(base(e.base.type))
            if b[0] == "addr":
                return ("addr", b[1], b[2] + i[1] * sz)
            if b[0] == "int":
                return ("int", b[1] + i[1] * sz)
            raise NotConst()
        if c is A.Unary and e.op == "*":
            return self.cev(e.operand)
        if c is A.ImplicitCast and e.kind in ("decay", "func_decay"):
            return self.cev_addr(e.operand)
        if c is A.Cast or c is A.ImplicitCast:
            return self.cev_addr(e.operand)
        raise NotConst()

    # -- data ------------------------------------------------------------------------------------
    def build_data(self, t, flat):
        size = t.size or 0
        buf = bytearray(size)
        relocs = {}
        for off, field, et, expr in flat or ():
            if is_agg(et) and isinstance(base(et), CT.ArrayType) and isinstance(expr, A.StringLit):
                esz = base(et).elem.size
                n = len(expr.value)
                if base(et).length is not None:
                    n = min(n, base(et).length)
                for i in range(n):
                    v = expr.value[i] & ((1 << (8 * esz)) - 1)
                    buf[off + i * esz: off + (i + 1) * esz] = v.to_bytes(esz, "little")
                continue
            if is_complex(et):
                v = self.cev_complex(expr, et)
                el = complex_elem(et, self.tt)
                for k, part in enumerate(v):
                    self.put_scalar(buf, relocs, off + k * el.size, el, ("float", part) if isinstance(el, CT.FloatType) else ("int", int(part)))
                continue
            if is_agg(et):
                if isinstance(expr, A.CompoundLiteral):
                    sub, subrel = self.build_data(expr.type, expr.flat)
                    buf[off:off + len(sub)] = sub
                    for o, r in subrel.items():
                        relocs[off + o] = r
                    continue
                if type(expr) is A.ImplicitCast and expr.kind == "convert":
                    expr2 = expr.operand
                    if isinstance(expr2, A.CompoundLiteral):
                        sub, subrel = self.build_data(expr2.type, expr2.flat)
                        buf[off:off + len(sub)] = sub
                        for o, r in subrel.items():
                            relocs[off + o] = r
                        continue
                raise NotConst()
            v = self.cev(expr)
            if field is not None and field.bit_width is not None:
                if v[0] != "int":
                    raise NotConst()
                rec_start = off - field.offset
                bit = rec_start * 8 + field.bit_offset
                w = field.bit_width
                val = v[1] & ((1 << w) - 1)
                for i in range(w):
                    bb = bit + i
                    if val >> i & 1:
                        buf[bb // 8] |= 1 << (bb % 8)
                    else:
                        buf[bb // 8] &= ~(1 << (bb % 8)) & 0xFF
                continue
            self.put_scalar(buf, relocs, off, base(et), v)
        return buf, relocs

    def put_scalar(self, buf, relocs, off, et, v):
        sz = et.size
        for o in [o for o in relocs if off - 8 < o < off + sz]:
            del relocs[o]
        if v[0] == "addr":
            if sz != 8:
                raise NotConst()
            buf[off:off + 8] = bytes(8)
            relocs[off] = (v[1], v[2])
            return
        if isinstance(et, CT.FloatType):
            x = v[1] if isinstance(v[1], float) else float(v[1])
            b = float_bytes(x, sz, et.fmt)
            buf[off:off + len(b)] = b[:sz] if len(b) > sz else b
            return
        val = int(v[1])
        if isinstance(et, CT.IntType) and et.rank == 0:
            val = int(val != 0)
        buf[off:off + sz] = (val & ((1 << (8 * sz)) - 1)).to_bytes(sz, "little")

    def cev_complex(self, expr, et):
        e = expr
        while type(e) in (A.ImplicitCast, A.Cast) and is_complex(e.operand.type):
            e = e.operand
        if type(e) in (A.ImplicitCast, A.Cast) and not is_complex(e.operand.type):
            v = self.cev(e.operand)
            if v[0] == "addr":
                raise NotConst()
            return (v[1], 0)
        if type(e) is A.Binary and e.op in ("+", "-"):
            a = self.cev_complex(e.left, et)
            b = self.cev_complex(e.right, et)
            s = 1 if e.op == "+" else -1
            return (a[0] + s * b[0], a[1] + s * b[1])
        if type(e) is A.Binary and e.op == "*":
            # `x + y * 1i` (the CINT/CFLOAT initialisers of gcc.dg/compat)
            a = self.cev_complex(e.left, et)
            b = self.cev_complex(e.right, et)
            return (a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0])
        if type(e) is A.Unary and e.op in ("+", "-"):
            a = self.cev_complex(e.operand, et)
            return a if e.op == "+" else (-a[0], -a[1])
        if type(e) is A.FloatConst and e.text and e.text.rstrip("fFlL").endswith(("i", "j", "I", "J")):
            return (0, e.value)
        if type(e) is A.IntConst and e.text and e.text.lower().rstrip("ul").endswith(("i", "j")):
            return (0, e.value)
        v = self.cev(e)
        return (v[1], 0)

    def data_items(self, buf, relocs):
        items = []
        i = 0
        n = len(buf)
        starts = sorted(relocs)
        ri = 0
        while i < n:
            nxt = starts[ri] if ri < len(starts) else n
            if i == nxt:
                s, a = relocs[nxt]
                items.append(("sym", s, a))
                i += 8
                ri += 1
                continue
            chunk = bytes(buf[i:nxt])
            j = 0
            while j < len(chunk):
                k = j
                while k < len(chunk) and chunk[k] == 0:
                    k += 1
                if k - j >= 16 or (k == len(chunk) and k > j):
                    items.append(("zero", k - j))
                    j = k
                    continue
                k2 = k
                while k2 < len(chunk):
                    z = k2
                    while z < len(chunk) and chunk[z] == 0:
                        z += 1
                    if z - k2 >= 16 or z == len(chunk):
                        break
                    k2 = z + 1
                    while k2 < len(chunk) and chunk[k2] != 0:
                        k2 += 1
                items.append(("bytes", chunk[j:k2]))
                j = k2
            i = nxt
        return items

    def define_data(self, name, t, flat, internal=False, readonly=False, tls=False, align=None,
                    sym=None):
        size = t.size or 0
        al = max(t.align or 1, align or 1)
        if flat:
            buf, relocs = self.build_data(t, flat)
            size = max(size, len(buf))
            items = self.data_items(buf, relocs)
            if readonly and relocs:
                readonly = False
            if not any(x[0] != "zero" for x in items):
                items = None
        else:
            items = None
        if size >= 32 and al < 16 and sym is None:
            pass
        g = GlobalVar(name, size, al, items, internal=internal, readonly=readonly and items is not None,
                      tls=tls)
        if size == 0 and items is None:
            g.size = 0
        self.m.globals.append(g)
        return g
