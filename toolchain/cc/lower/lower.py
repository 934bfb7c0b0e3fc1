"""Typed tree -> IR. One ``Lowerer`` per translation unit (globals, string literals), one
``FuncLower`` per function definition. See docs/ir.md "How the front end lowers C"."""
from __future__ import annotations

import math
import struct as _struct
from fractions import Fraction

from .. import ast as A
from .. import types as CT
from ..ir import types as T
from ..ir.core import TRAMPOLINE_SIZE
from ..ir.core import (AsmInfo, CallInfo, Const, Function, GlobalVar, Instr, Module,
                       SymRef, Undef, Arg)
from ..ir.builder import IRBuilder
from ..ir.floats import XFloat, decode, encode, nbits, xfloat
from ..opt.prune import prune
from .common import (LowerError, NotConst, _CMP, _INT_BY_SIZE, _NonLocal, _clean, _idents, _label_scan, _noreturn, _str, _strip, agg_type, base, complex_elem, exact_int, float_bytes, ir_type, is_agg, is_complex, is_signed, literal_const, round_const)
from .builtins import BuiltinLower


class Lowerer:
    """Module-level state: globals, string literals, static locals."""

    def __init__(self, tu, pic=False):
        self.tu = tu
        self.tt = tu.types
        self.m = Module()
        self.strings = {}
        self.counter = 0
        self.static_names = {}      # Symbol -> global name (static locals, compound literals)
        self.defined = set()
        self.nested = {}            # nested function Symbol -> captured Symbols
        self.emitted_globals = {}
        self.pending_funcs = []
        self.const_cache = {}
        self.static_inline = set()  # names of static inline functions defined
        self.nested_ir = {}         # nested function Symbol -> its IR Function
        self.thunks = {}            # nested IR function name -> trampoline thunk name
        self.chain_slot = None      # thread-local slot trampolines pass the chain in

    def tramp_thunk(self, nf):
        """(thunk name, chain slot name) for nested function ``nf``: the thunk takes nf's
        parameters but the chain, loads the chain from the slot and calls nf."""
        if self.chain_slot is None:
            self.chain_slot = self.fresh_name("__pycc_chain")
            self.m.globals.append(GlobalVar(self.chain_slot, 8, 8, None, internal=True,
                                            tls=True))
        name = self.thunks.get(nf.name)
        if name is None:
            name = self.thunks[nf.name] = self.fresh_name(nf.name + ".tramp")
            ps = [Arg(a.type, f"p{i}", i) for i, a in enumerate(nf.params[:-1])]
            t = Function(name, nf.ret_type, ps, internal=True)
            b = IRBuilder(t, t.add_block("entry"))
            ch = b.load(T.PTR, SymRef(self.chain_slot))
            rt = nf.ret_type
            c = Instr("call", rt, [SymRef(nf.name), *ps, ch], extra=CallInfo(None, None, None))
            if not rt.is_void:
                c.name = t.fresh()
            b.block.append(c)
            b.ret(None if rt.is_void else c)
            self.m.functions.append(t)
        return name, self.chain_slot

    # -- names ---------------------------------------------------------------------------------
    def sym_name(self, sym):
        n = self.static_names.get(sym)
        if n is not None:
            return n
        return sym.asm_name or sym.name

    def fresh_name(self, base):
        self.counter += 1
        return f"{base}.{self.counter}"

    def bytes_global(self, data, elem_size=1):
        key = (data, elem_size)
        name = self.strings.get(key)
        if name is None:
            self.counter += 1
            name = f".Lstr.{self.counter}"
            self.m.globals.append(GlobalVar(name, len(data), elem_size, [("bytes", data)],
                                            internal=True, readonly=True))
            self.strings[key] = name
        return name

    def string_global(self, s: A.StringLit, elem_size=None):
        vals = s.value
        if elem_size is None:
            et = s.type.elem if isinstance(base(s.type), CT.ArrayType) else None
            elem_size = et.size if et is not None else 1
        data = b"".join((v & ((1 << (8 * elem_size)) - 1)).to_bytes(elem_size, "little") for v in vals)
        key = (data, elem_size)
        name = self.strings.get(key)
        if name is None:
            self.counter += 1
            name = f".Lstr.{self.counter}"
            g = GlobalVar(name, len(data), max(1, elem_size), [("bytes", data)] if data else None,
                          internal=True, readonly=True)
            self.m.globals.append(g)
            self.strings[key] = name
        return name

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
                if n.startswith(("nan",)) and not n.startswith("nans") and len(e.args) == 1 \
                        and isinstance(_strip(e.args[0]), A.StringLit):
                    return self.cconv(("float", math.nan), e.type)
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
            x = float(v[1])
            if t.fmt == "binary32" and not math.isinf(x) and x == x:
                try:
                    x = _struct.unpack("<f", _struct.pack("<f", x))[0]
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

    # -- top level -------------------------------------------------------------------------------
    def alias_decl(self, d, idc, sym) -> bool:
        """Record ``__attribute__((alias("target")))`` on a declaration; True if it had one."""
        attrs = list(sym.attrs or ()) + list(getattr(d.specs, "attrs", None) or ()) \
            + list(getattr(idc.declarator, "attrs", None) or ())
        for a in attrs:
            if a.name.strip("_") == "alias":
                target = _attr_str(a)
                if not target:
                    return False
                name = self.sym_name(sym)
                if any(x[0] == name for x in self.m.aliases):
                    return True
                weak = any(x.name.strip("_") == "weak" for x in attrs)
                self.m.aliases.append((name, target, "func" if sym.kind == "func" else "data",
                                       sym.linkage == "internal", weak))
                self.m.keep.add(target)
                return True
        return False

    def global_decl(self, d: A.Declaration):
        for idc in d.declarators:
            sym = idc.sym
            if sym is not None and sym.kind in ("var", "func") and self.alias_decl(d, idc, sym):
                continue
            if sym is None or sym.kind != "var":
                continue
            # this declaration's own storage class decides: `extern int x; int x;` defines x
            own = getattr(d.specs, "storage", None) or ()
            if idc.init is None and ("extern" in own if d.specs is not None
                                     else sym.storage == "extern"):
                continue
            if sym.storage == "typedef":
                continue
            name = self.sym_name(sym)
            prev = self.emitted_globals.get(name)
            if prev is not None:
                if idc.init is None:
                    continue
                self.m.globals.remove(prev)
            g = self.define_data(name, sym.type, idc.flat if idc.init is not None else None,
                                 internal=sym.linkage == "internal",
                                 readonly=bool(sym.type.quals & CT.CONST) and idc.init is not None,
                                 tls=sym.storage == "_Thread_local" or _has_attr(sym, "__thread"),
                                 align=sym.align, sym=sym)
            self.apply_attrs(g, sym, list(getattr(d.specs, "attrs", None) or ())
                             + list(getattr(idc.declarator, "attrs", None) or ()))
            self.emitted_globals[name] = g

    def apply_attrs(self, g, sym, extra=()):
        for a in list(sym.attrs or ()) + list(extra or ()):
            n = a.name.strip("_")
            if n == "weak":
                g.weak = True
            elif n == "section":
                s = _attr_str(a)
                if s:
                    g.section = s
            elif n == "visibility":
                s = _attr_str(a)
                if s in ("hidden", "internal"):
                    g.hidden = True
            elif n == "aligned" and isinstance(g, GlobalVar):
                pass
            elif n == "used":
                self.m.keep.add(g.name)

    def run(self):
        tu = self.tu
        for d in tu.decls:
            if type(d) is A.Declaration:
                try:
                    self.global_decl(d)
                except NotConst:
                    raise LowerError("initializer element is not constant", d)
            elif type(d) is A.FunctionDef:
                f = FuncLower(self, d).run()
                d.body = None       # the function's syntax tree is not needed any more
                if f is not None:
                    self.m.functions.append(f)
            elif type(d) is A.TopAsm:
                self.m.asm.append(_str(_strip(d.template)))
        if self.static_inline:
            prune(self.m, self.static_inline)   # unused static inline functions: not emitted
        return self.m


def _has_attr(sym, name):
    return any(a.name.strip("_") == name.strip("_") for a in sym.attrs or ())


def _attr_str(a):
    for toks in a.args or ():
        if isinstance(toks, list):
            for t in toks:
                tx = getattr(t, "text", None)
                if tx and tx.startswith('"'):
                    return tx[1:-1]
        else:
            tx = getattr(toks, "text", None)
            if tx and tx.startswith('"'):
                return tx[1:-1]
    return None


def _finite(v) -> bool:
    return isinstance(v, (int, float)) and not (isinstance(v, float) and (v != v or math.isinf(v)))


def _exact(v):
    """The exact rational value of a finite constant (int, float or XFloat)."""
    if isinstance(v, XFloat):
        sg, mag = decode(v.bits, v.fmt)
        return sg * mag
    return Fraction(v)


def _fdiv(a, b):
    """IEEE division of constants (x/0 is an infinity or a NaN, as gcc folds it)."""
    try:
        return a / b
    except ZeroDivisionError:
        if a != a or a == 0:
            return math.nan
        neg = (math.copysign(1.0, a) < 0) != (math.copysign(1.0, b) < 0)
        return -math.inf if neg else math.inf
    except OverflowError:
        neg = (a < 0) != (b < 0)
        return -math.inf if neg else math.inf


def lower_unit(tu, pic=False) -> Module:
    return Lowerer(tu, pic).run()


class _Loop:
    __slots__ = ("brk", "cont")

    def __init__(self, brk, cont):
        self.brk = brk
        self.cont = cont


class FuncLower(BuiltinLower):
    def __init__(self, L: Lowerer, fd: A.FunctionDef):
        self.L = L
        self.tt = L.tt
        self.fd = fd
        self.locals = {}
        self.labels = {}
        self.brk = []
        self.cont = []
        self.switch_blocks = None
        self.addr_labels = []
        self.indirect = []
        self.chain_syms = []
        self.defined_labels = set()
        self.vla_save = None
        self.nlg_sym = None         # the chain entry holding the non-local goto buffer
        self.nlg_labels = {}        # enclosing function's label -> index in that buffer
        self.chain_index = {}
        self.chain = None
        self.b = None
        self.f = None

    # -- helpers -------------------------------------------------------------------------------
    def block(self, name="bb"):
        return self.f.add_block(self.f.fresh(name))

    def terminated(self):
        t = self.b.block.instrs[-1] if self.b.block.instrs else None
        return t is not None and t.is_terminator

    def goto(self, blk):
        if not self.terminated():
            self.b.jmp(blk)

    def start(self, blk):
        self.goto(blk)
        self.b.position(blk)

    def dead(self):
        """After a terminator: continue in a fresh unreachable block."""
        self.b.position(self.block("dead"))

    def alloca(self, size, align):
        ins = Instr("alloca", T.PTR, [Const(T.I64, size)], extra=max(1, align))
        ins.name = self.f.fresh("a")
        self.entry.insert(len(self.entry.instrs), ins)
        return ins

    def c(self, t, v):
        return Const(t, v)

    def i64(self, v):
        return Const(T.I64, v)

    def sizeof(self, t):
        t = base(t)
        if isinstance(t, CT.ArrayType) and t.vla is not None and t.vla is not True:
            n = self.vla_len(t)
            es = self.sizeof(t.elem)
            return self.b.binop("mul", n, es) if not (isinstance(es, Const)) or es.value != 1 else n
        if isinstance(t, CT.ArrayType) and t.vla is None and t.length is not None \
                and t.size is None and isinstance(base(t.elem), CT.ArrayType):
            es = self.sizeof(t.elem)        # a fixed count of variable-length rows
            return es if t.length == 1 else self.b.binop("mul", self.i64(t.length), es)
        if isinstance(t, (CT.VoidType, CT.FunctionType)):
            return self.i64(1)
        s = t.size
        if s is None:
            raise LowerError(f"size of incomplete type '{t}'")
        return self.i64(s)

    def vla_len(self, t):
        v = self.vla_sizes.get(id(t))
        if v is None:
            e = t.vla
            x = self.rval(e)
            v = self.conv(x, e.type, self.tt.long)
            self.vla_sizes[id(t)] = v
            self.vla_keep.append(t)
        return v

    # -- function ------------------------------------------------------------------------------
    def run(self):
        fd = self.fd
        sym = fd.sym
        ft = base(sym.type)
        L = self.L
        name = L.sym_name(sym)
        rt = base(ft.ret)
        self.ret_ctype = rt
        if is_agg(rt):
            irt = agg_type(rt, self.tt)
            self.ret_agg = True
        else:
            irt = ir_type(rt)
            self.ret_agg = False
        params = []
        self.vla_sizes = {}
        self.vla_keep = []
        for i, p in enumerate(fd.params or ()):
            pt = base(p.type)
            if is_agg(pt):
                params.append(Arg(T.PTR, f"p{i}", i, agg_type(pt, self.tt)))
            else:
                it = ir_type(pt)
                if not ft.prototyped and it is T.F32:
                    it = T.F64          # K&R: the caller passed a promoted double
                params.append(Arg(it, f"p{i}", i))
        internal = sym.linkage == "internal"
        if self.chain_syms:
            self.chain = Arg(T.PTR, "chain", len(params))
            params.append(self.chain)
            self.chain_index = {sy: k for k, sy in enumerate(self.chain_syms)}
        f = Function(name, irt, params, internal=internal, varargs=bool(ft.variadic))
        self.f = f
        specs = fd.specs
        allattrs = list(sym.attrs or ()) + list(getattr(specs, "attrs", None) or ()) + \
            list(getattr(fd.declarator, "attrs", None) or ())
        fs = getattr(specs, "funcspecs", None) or ()
        if "inline" in fs and sym.storage == "extern" and any(
                a.name.strip("_") == "gnu_inline" for a in allattrs):
            return None         # GNU extern inline: only for inlining, never emitted
        for a in allattrs:
            n = a.name.strip("_")
            if n == "weak":
                f.weak = True
            elif n == "section":
                s = _attr_str(a)
                if s:
                    f.section = s
            elif n == "visibility" and _attr_str(a) in ("hidden", "internal"):
                f.hidden = True
            elif n == "used":
                f.attrs.add("used")
            elif n in ("constructor", "destructor") and n not in f.attrs:
                f.attrs.add(n)      # named by both the symbol and the declarator: one entry
                g = GlobalVar(L.fresh_name(f".{n}"), 8, 8, [("sym", name, 0)], internal=True)
                g.section = ".init_array" if n == "constructor" else ".fini_array"
                L.m.globals.append(g)
        specs = fd.specs
        fs = getattr(specs, "funcspecs", None) or ()
        if "inline" in fs and sym.linkage == "external" and sym.storage != "extern":
            f.weak = True
        if "inline" in fs and internal:
            L.static_inline.add(name)
        self.entry = f.add_block("entry")
        self.b = IRBuilder(f, self.entry)
        body = self.block("body")
        self.b.position(body)
        for i, p in enumerate(fd.params or ()):
            a = params[i]
            if a.byval is not None:
                self.locals[p] = a
            else:
                pit = ir_type(p.type)
                slot = self.alloca(pit.size, max(pit.align, base(p.type).align or 1))
                self.b.store(a if a.type is pit else self.b.cast("fptrunc", a, pit), slot)
                self.locals[p] = slot
        byname = {p.name: p for p in fd.params or () if p in self.locals}
        for p in fd.params or ():
            # variable array sizes of parameters are evaluated on entry, in order
            pt = base(p.type)
            if isinstance(pt, CT.PointerType):
                # their expressions name the prototype's parameter symbols: map them
                t = getattr(pt, "decayed_from", None) or pt
                while isinstance(t, (CT.PointerType, CT.ArrayType)):
                    if isinstance(t, CT.ArrayType) and t.vla is not None and t.vla is not True:
                        for sy in _idents(t.vla):
                            if sy not in self.locals and sy.name in byname:
                                self.locals[sy] = self.locals[byname[sy.name]]
                    t = base(t.target if isinstance(t, CT.PointerType) else t.elem)
                d = getattr(pt, "decayed_from", None)
                if d is not None and d.vla is not None and d.vla is not True:
                    self.vla_len(d)
                self.sizeof_vm(pt)
        self.stmt(fd.body)
        if not self.terminated():
            if name == "main" and isinstance(rt, CT.IntType):
                self.b.ret(Const(irt, 0))
            elif irt.is_void:
                self.b.ret()
            elif self.ret_agg:
                tmp = self.alloca(rt.size, rt.align)
                self.b.ret(tmp, agg=irt)
            else:
                self.b.ret(Undef(irt))
        self.b.position(self.entry)
        self.b.jmp(body)
        for lname in self.labels:
            if lname not in self.defined_labels:
                raise LowerError(f"label '{lname}' used but not defined in this function "
                                 "(non-local goto is not supported)", fd)
        for ins in self.indirect:
            ins.targets = list(self.addr_labels) or [ins.block]
        return f

    # -- statements ----------------------------------------------------------------------------
    def stmt(self, s):
        c = type(s)
        m = getattr(self, "s_" + c.__name__, None)
        if m is None:
            raise LowerError(f"unsupported statement {c.__name__}", s)
        try:
            m(s)
        except LowerError as e:
            if e.node is None or getattr(e.node, "loc", None) is None:
                e.node = s
            raise

    def s_Compound(self, s):
        saved = self.vla_save
        self.vla_save = None
        for it in s.items:
            self.stmt(it)
        if self.vla_save is not None and not self.terminated():
            self.b.block.append(Instr("stackrestore", T.VOID, [self.vla_save]))
        self.vla_save = saved

    def s_StaticAssert(self, s):
        pass

    def s_AttrStmt(self, s):
        pass

    def s_LocalLabels(self, s):
        pass

    def s_FunctionDef(self, s):
        # GNU nested function: lowered as a separate internal function; references to the
        # enclosing function's automatic variables are not supported (no static chain yet)
        sym = s.sym
        if sym not in self.L.static_names:
            self.L.static_names[sym] = self.L.fresh_name(f"{self.f.name}.{sym.name}")
        # captured automatic variables of the enclosing functions, passed through a hidden
        # last parameter: a pointer to an array of their addresses (a simple static chain)
        caps = []
        names = _idents(s.body)
        for p in s.params or ():       # variable array sizes of its parameters too
            t = base(p.type)
            t = getattr(t, "decayed_from", None) or t
            while isinstance(t, (CT.PointerType, CT.ArrayType)):
                if isinstance(t, CT.ArrayType) and t.vla is not None and t.vla is not True:
                    names += _idents(t.vla)
                t = base(t.target if isinstance(t, CT.PointerType) else t.elem)
        for sy in names:
            for x in self.L.nested.get(sy, ()) if sy.kind == "func" else (sy,):
                if x not in caps and (x in self.locals or x in self.chain_index):
                    caps.append(x)
        sub = FuncLower(self.L, s)
        key = self.nonlocal_buffer(s, sub)
        if key is not None:
            caps.append(key)
        self.L.nested[sym] = caps
        sub.chain_syms = caps
        f = sub.run()
        f.internal = True
        self.L.m.functions.append(f)
        self.L.nested_ir[sym] = f

    def nonlocal_buf(self):
        k = self.chain_index[self.nlg_sym]
        return self.b.load(T.PTR, self.b.ptradd(self.chain, 8 * k) if k else self.chain)

    def nonlocal_label_addr(self, lname):
        """The address of label ``lname`` of the enclosing function (from the buffer it passed
        in the static chain)."""
        return self.b.load(T.PTR, self.b.ptradd(self.nonlocal_buf(),
                                                16 + 8 * self.nlg_labels[lname]))

    def nonlocal_goto(self, lname):
        """goto a label of the enclosing function: restore that frame's stack and frame
        pointers from the buffer it passed in the static chain and jump."""
        buf = self.nonlocal_buf()
        fp = self.b.load(T.PTR, buf)
        sp = self.b.load(T.PTR, self.b.ptradd(buf, 8))
        to = self.nonlocal_label_addr(lname)
        self.b.block.append(Instr("nonlocal_goto", T.VOID, [fp, sp, to]))
        self.b.unreachable()
        self.dead()

    def nonlocal_buffer(self, s, sub):
        """Nested function ``s`` jumps to labels of this function: give it (through its static
        chain) a buffer of this frame's frame and stack pointers and the labels' addresses."""
        defined, gotos = _label_scan(s.body)
        names = []
        for g in gotos:
            if g not in defined and g not in names:
                names.append(g)
        if not names:
            return None
        key = _NonLocal(s.sym.name)
        buf = self.alloca(8 * (2 + len(names)), 8)
        self.locals[key] = buf
        fa = Instr("frameaddress", T.PTR)
        fa.name = self.f.fresh()
        self.b.block.append(fa)
        self.b.store(fa, buf)
        sp = Instr("stacksave", T.PTR)
        sp.name = self.f.fresh("sp")
        self.b.block.append(sp)
        self.b.store(sp, self.b.ptradd(buf, 8))
        for i, n in enumerate(names):
            blk = self.label_block(n)
            ba = Instr("blockaddr", T.PTR, targets=[blk])
            ba.name = self.f.fresh()
            self.b.block.append(ba)
            if blk not in self.addr_labels:
                self.addr_labels.append(blk)
            self.b.store(ba, self.b.ptradd(buf, 16 + 8 * i))
        # a never-taken indirect branch keeps the labels reachable in the CFG
        disp, cont = self.block("nlg"), self.block("nlgc")
        self.b.br(self.b.icmp("eq", fa, Const(T.PTR, 0)), disp, cont)
        self.b.position(disp)
        ib = Instr("indirectbr", T.VOID, [fa], targets=[])
        self.b.block.append(ib)
        self.indirect.append(ib)
        self.b.position(cont)
        self.f.attrs.add("nonlocal_target")     # no values in registers across its blocks
        sub.nlg_sym = key
        sub.nlg_labels = {n: i for i, n in enumerate(names)}
        return key

    def builtin_setjmp(self, buf):
        """gcc's __builtin_setjmp: buf[0] = frame pointer, buf[1] = resume address, buf[2] =
        stack pointer; 0 now, 1 when __builtin_longjmp resumes here. The function is then
        compiled like -O0 (no values in registers across blocks)."""
        b = self.b
        fa = Instr("frameaddress", T.PTR)
        fa.name = self.f.fresh()
        b.block.append(fa)
        b.store(fa, buf)
        rcv = self.block("resume")
        ba = Instr("blockaddr", T.PTR, targets=[rcv])
        ba.name = self.f.fresh()
        b.block.append(ba)
        self.addr_labels.append(rcv)
        b.store(ba, b.ptradd(buf, 8))
        sp = Instr("stacksave", T.PTR)
        sp.name = self.f.fresh("sp")
        b.block.append(sp)
        b.store(sp, b.ptradd(buf, 16))
        res = self.alloca(4, 4)
        b.store(Const(T.I32, 0), res)
        disp, join = self.block("sjd"), self.block("sjj")
        b.br(b.icmp("eq", fa, Const(T.PTR, 0)), disp, join)
        b.position(disp)
        ib = Instr("indirectbr", T.VOID, [fa], targets=[])
        b.block.append(ib)
        self.indirect.append(ib)
        b.position(rcv)
        b.store(Const(T.I32, 1), res)
        b.jmp(join)
        b.position(join)
        self.f.attrs.add("nonlocal_target")
        return b.load(T.I32, res)

    def chain_array(self, caps, e):
        """A frame array of the addresses of ``caps`` (a nested function's static chain)."""
        chain = self.alloca(8 * len(caps), 8)
        for k, sy in enumerate(caps):
            a = self.locals.get(sy)
            if a is None:
                j = self.chain_index.get(sy)
                if j is None:
                    raise LowerError(f"'{sy.name}' is not visible here", e)
                a = self.b.load(T.PTR, self.b.ptradd(self.chain, 8 * j) if j else self.chain)
            self.b.store(a, self.b.ptradd(chain, 8 * k) if k else chain)
        return chain

    def trampoline(self, sym, e):
        """The address of a nested function that uses its enclosing function's variables: a
        trampoline written into this frame (the stack becomes executable, as with gcc). It
        stores the static chain in a thread-local slot and jumps to a thunk that calls the
        nested function with that chain as its hidden last argument."""
        nf = self.L.nested_ir.get(sym)
        if nf is None or nf.varargs or getattr(nf.ret_type, "is_struct", False) or \
                any(a.byval is not None for a in nf.params):
            raise LowerError("address of a nested function with aggregate or variadic "
                             "parameters that uses its enclosing function's variables "
                             "(trampolines for it are not supported)", e)
        thunk, slot = self.L.tramp_thunk(nf)
        chain = self.chain_array(self.L.nested[sym], e)
        b = self.b
        code = self.alloca(TRAMPOLINE_SIZE, 16)
        b.block.append(Instr("trampoline_init", T.VOID, [code, SymRef(thunk), chain,
                                                          SymRef(slot)]))
        self.L.m.exec_stack = True
        return code

    def s_ExprStmt(self, s):
        if s.expr is not None:
            self.effect(s.expr)

    def s_Declaration(self, d):
        for idc in d.declarators:
            sym = idc.sym
            if sym is None or sym.kind != "var":
                continue
            if sym.storage == "extern" or (sym.linkage != "none" and not sym.is_static_local):
                continue        # block-scope extern: the file-scope object itself
            if sym.is_static_local or sym.storage in ("static", "_Thread_local"):
                if sym not in self.L.static_names:
                    self.L.static_names[sym] = self.L.fresh_name(sym.name)
                nm = self.L.static_names[sym]
                try:
                    g = self.L.define_data(nm, sym.type, idc.flat if idc.init is not None else None,
                                           internal=True,
                                           readonly=bool(sym.type.quals & CT.CONST),
                                           tls=sym.storage == "_Thread_local", align=sym.align)
                except NotConst:
                    # e.g. label addresses: initialise the object where it is declared
                    g = self.L.define_data(nm, sym.type, None, internal=True, align=sym.align)
                    self.init_local(SymRef(nm), sym.type, idc.flat)
                self.L.apply_attrs(g, sym)
                continue
            t = base(sym.type)
            if isinstance(t, CT.ArrayType) and t.size is None and (
                    t.vla is not None or (t.length is not None and
                                          isinstance(base(t.elem), CT.ArrayType))):
                n = self.sizeof(t)
                # passing the declaration again (a jump back before it) frees the array of the
                # previous pass: the stack pointer from before the first pass is kept in a slot
                keep = self.alloca(8, 8)
                self.entry.insert(len(self.entry.instrs),
                                  Instr("store", T.VOID, [Const(T.PTR, 0), keep]))
                old = self.b.load(T.PTR, keep)
                cur = Instr("stacksave", T.PTR)
                cur.name = self.f.fresh("sp")
                self.b.block.append(cur)
                to = self.b.select(self.b.icmp("eq", old, Const(T.PTR, 0)), cur, old)
                self.b.block.append(Instr("stackrestore", T.VOID, [to]))
                self.b.store(to, keep)
                if self.vla_save is None:
                    sv = Instr("stacksave", T.PTR)
                    sv.name = self.f.fresh("sp")
                    self.b.block.append(sv)
                    self.vla_save = sv
                p = Instr("alloca", T.PTR, [n], extra=max(16, t.align or 1))
                p.name = self.f.fresh("vla")
                self.b.block.append(p)
                self.locals[sym] = p
                continue
            self.sizeof_vm(t)
            size = t.size
            if size is None:
                raise LowerError(f"storage size of '{sym.name}' isn't known", idc)
            al = max(t.align or 1, sym.align or 1)
            slot = self.alloca(max(size, 1), al)
            self.locals[sym] = slot
            if idc.init is not None:
                self.init_local(slot, sym.type, idc.flat)

    def sizeof_vm(self, t):
        """Evaluate the sizes of variably modified types (pointers to VLAs) at declaration."""
        t = base(t)
        while isinstance(t, (CT.PointerType, CT.ArrayType)):
            if isinstance(t, CT.ArrayType) and t.vla is not None and t.vla is not True:
                self.vla_len(t)
            t = base(t.target if isinstance(t, CT.PointerType) else t.elem)

    def init_local(self, slot, t, flat):
        t = base(t)
        if not is_agg(t):
            for off, field, et, expr in flat or ():
                v = self.rval(expr)
                self.store_scalar(v, slot, et)
            return
        size = t.size
        entries = list(flat or ())
        if size and size > 32:
            try:
                buf, relocs = self.L.build_data(t, entries)
                name = self.L.fresh_name(".Linit")
                g = GlobalVar(name, size, t.align or 1, self.L.data_items(buf, relocs), internal=True,
                              readonly=not relocs)
                self.L.m.globals.append(g)
                self.memcpy(slot, SymRef(name), size, t.align or 1)
                return
            except (NotConst, LowerError):
                pass
        self.memset(slot, 0, size, t.align or 1)
        for off, field, et, expr in entries:
            p = self.b.ptradd(slot, off) if off else slot
            self.init_entry(p, field, et, expr, off)

    def init_entry(self, p, field, et, expr, off):
        bet = base(et)
        if isinstance(bet, CT.ArrayType) and isinstance(expr, A.StringLit):
            esz = bet.elem.size
            n = len(expr.value)
            if bet.length is not None:
                n = min(n, bet.length)
            if n:
                g = self.L.string_global(expr, esz)
                self.memcpy(p, SymRef(g), n * esz, 1)
            return
        if is_agg(bet):
            src = self.agg(expr)
            self.memcpy(p, src, bet.size, 1)
            return
        v = self.rval(expr)
        if field is not None and field.bit_width is not None:
            rec = self.b.ptradd(p, -field.offset) if field.offset else p
            self.store_bitfield(rec, field, v)
            return
        self.store_scalar(v, p, et)

    def memcpy(self, d, s, n, align):
        if isinstance(n, int):
            if n == 0:
                return
            n = self.i64(n)
        self.b.block.append(Instr("memcpy", T.VOID, [d, s, n], extra=align))

    def memset(self, d, v, n, align):
        if isinstance(n, int):
            if n == 0:
                return
            n = self.i64(n)
        self.b.block.append(Instr("memset", T.VOID, [d, Const(T.I8, v), n], extra=align))

    def s_If(self, s):
        then = self.block("then")
        end = self.block("endif")
        other = self.block("else") if s.other is not None else end
        self.cond_br(s.cond, then, other)
        self.b.position(then)
        self.stmt(s.then)
        self.goto(end)
        if s.other is not None:
            self.b.position(other)
            self.stmt(s.other)
            self.goto(end)
        self.b.position(end)

    def s_While(self, s):
        head = self.block("while")
        body = self.block("wbody")
        end = self.block("wend")
        self.start(head)
        self.cond_br(s.cond, body, end)
        self.b.position(body)
        self.brk.append(end)
        self.cont.append(head)
        self.stmt(s.body)
        self.brk.pop()
        self.cont.pop()
        self.goto(head)
        self.b.position(end)

    def s_DoWhile(self, s):
        body = self.block("do")
        cond = self.block("docond")
        end = self.block("doend")
        self.start(body)
        self.brk.append(end)
        self.cont.append(cond)
        self.stmt(s.body)
        self.brk.pop()
        self.cont.pop()
        self.start(cond)
        self.cond_br(s.cond, body, end)
        self.b.position(end)

    def s_For(self, s):
        if s.init is not None:
            if isinstance(s.init, A.Declaration):
                self.stmt(s.init)
            else:
                self.effect(s.init)
        head = self.block("for")
        body = self.block("fbody")
        step = self.block("fstep")
        end = self.block("fend")
        self.start(head)
        if s.cond is not None:
            self.cond_br(s.cond, body, end)
        else:
            self.b.jmp(body)
        self.b.position(body)
        self.brk.append(end)
        self.cont.append(step)
        self.stmt(s.body)
        self.brk.pop()
        self.cont.pop()
        self.start(step)
        if s.step is not None:
            self.effect(s.step)
        self.goto(head)
        self.b.position(end)

    def s_Break(self, s):
        if not self.brk:
            raise LowerError("break statement not within loop or switch", s)
        self.b.jmp(self.brk[-1])
        self.dead()

    def s_Continue(self, s):
        if not self.cont:
            raise LowerError("continue statement not within a loop", s)
        self.b.jmp(self.cont[-1])
        self.dead()

    def s_Return(self, s):
        if s.value is None:
            if self.f.ret_type.is_void:
                self.b.ret()
            elif self.ret_agg:
                tmp = self.alloca(self.ret_ctype.size, self.ret_ctype.align)
                self.b.ret(tmp, agg=self.f.ret_type)
            else:
                self.b.ret(Undef(self.f.ret_type))
        elif self.ret_agg:
            p = self.agg(s.value)
            self.b.ret(p, agg=self.f.ret_type)
        elif self.f.ret_type.is_void:
            self.effect(s.value)
            self.b.ret()
        else:
            v = self.rval(s.value)
            if is_agg(s.value.type) or v.type is not self.f.ret_type:
                v = self.conv(v, s.value.type, self.ret_ctype)
            self.b.ret(v)
        self.dead()

    def label_block(self, name):
        b = self.labels.get(name)
        if b is None:
            b = self.labels[name] = self.block("L_" + _clean(name))
        return b

    def s_Label(self, s):
        self.defined_labels.add(s.name)
        blk = self.label_block(s.name)
        self.start(blk)
        self.stmt(s.stmt)

    def s_Goto(self, s):
        if s.label in self.nlg_labels:
            self.nonlocal_goto(s.label)
            return
        self.b.jmp(self.label_block(s.label))
        self.dead()

    def s_GotoIndirect(self, s):
        v = self.rval(s.target)
        ins = Instr("indirectbr", T.VOID, [v], targets=[])
        self.b.block.append(ins)
        self.indirect.append(ins)
        self.dead()

    def s_Switch(self, s):
        v = self.rval(s.cond)
        ct = base(s.cond.type)
        it = v.type
        end = self.block("swend")
        cases = []
        default = end
        blocks = {}
        ranges = []
        for low, high, node in s.cases or ():
            blk = self.block("case")
            blocks[id(node)] = blk
            if low is None:
                default = blk
                continue
            if high is None or high == low:
                cases.append((low, blk))
            elif high - low <= 64:
                for x in range(low, high + 1):
                    cases.append((x, blk))
            elif high > low:
                ranges.append((low, high, blk))
        for low, high, blk in ranges:
            sub = self.b.binop("sub", v, Const(it, low))
            cmp = self.b.icmp("ule", sub, Const(it, high - low))
            nxt = self.block("swr")
            self.b.br(cmp, blk, nxt)
            self.b.position(nxt)
        seen = set()
        uniq = []
        for x, blk in cases:
            k = Const(it, x).value
            if k in seen:
                continue
            seen.add(k)
            uniq.append((x, blk))
        self.b.switch(v, default, uniq)
        self.dead()
        saved = self.switch_blocks
        self.switch_blocks = blocks
        self.brk.append(end)
        self.stmt(s.body)
        self.brk.pop()
        self.switch_blocks = saved
        self.start(end)

    def s_Case(self, s):
        blk = self.switch_blocks.get(id(s)) if self.switch_blocks else None
        if blk is None:
            raise LowerError("case label not within a switch statement", s)
        self.start(blk)
        self.stmt(s.stmt)

    def s_Default(self, s):
        blk = self.switch_blocks.get(id(s)) if self.switch_blocks else None
        if blk is None:
            raise LowerError("'default' label not within a switch statement", s)
        self.start(blk)
        self.stmt(s.stmt)

    def s_AsmStmt(self, s):
        if s.labels:
            raise LowerError("asm goto is not supported", s)
        tmpl = _str(s.template)
        args, outs, cons = [], [], []
        names = {}
        if s.template is not None and getattr(s.template, "value", 1) is None and not (
                s.outputs or s.inputs or s.clobbers):
            tmpl = tmpl.replace("%", "%%")     # basic asm: no operands, % is literal
        tied = []
        idx = 0
        for name, c, e in s.outputs or ():
            cs = _str(c).replace(" ", "").split(",")[0]
            if name:
                names[name] = idx
            p, bf = self.lval(e)
            if bf is not None:
                raise LowerError("bit-field asm output is not supported", s)
            it = ir_type(e.type)
            if it is None:
                raise LowerError("aggregate asm output is not supported", s)
            if "+" in cs:
                tied.append((idx, e))
                cs = "=" + cs.replace("+", "").replace("=", "")
            args.append(p)
            outs.append(it)
            cons.append(cs)
            idx += 1
        for name, c, e in s.inputs or ():
            cs = _str(c).replace(" ", "").split(",")[0]
            if name:
                names[name] = idx
            letters = cs.lstrip("=+&%")
            if letters and all(ch in "mVo<>" for ch in letters):
                v = self.lval(e)[0] if e.lvalue or is_agg(e.type) else self.rval(e)
            elif is_agg(e.type) and any(ch in "mgoVX" for ch in letters):
                # an aggregate where memory is allowed ("g"): passed as a memory operand
                v = self.lval(e)[0] if e.lvalue else self.agg(e)
                cs = "m"
            else:
                v = self.rval(e)
                if is_agg(e.type):
                    raise LowerError("aggregate asm input is not supported", s)
            args.append(v)
            outs.append(None)
            cons.append(cs)
            idx += 1
        for oi, e in tied:
            args.append(self.b.load(outs[oi], args[oi]))
            outs.append(None)
            cons.append(str(oi))
        for c in s.clobbers or ():
            cs = _str(c).strip()
            if cs:
                cons.append("~{" + cs + "}")
        if names:
            import re as _re
            tmpl = _re.sub(r"%([a-zA-Z]?)\[([A-Za-z_][A-Za-z_0-9]*)\]",
                           lambda m: f"%{m.group(1)}{names.get(m.group(2), m.group(2))}", tmpl)
        self.b.block.append(Instr("asm", T.VOID, args, extra=AsmInfo(tmpl, ",".join(cons), outs)))

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
            return self.compare(e)
        v = self.rval(e)
        if isinstance(v, Const) and v.type.is_int and not is_complex(e.type):
            return Const(T.I1, 1 if v.value else 0)
        return self.truth(v, e.type)

    def truth(self, v, t):
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
            else:
                bp = self.agg(e.base)
            off = sum(f.offset for f in e.field)
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
        if e.value is None:
            raise LowerError("offsetof into a variably modified type is not supported", e)
        return Const(ir_type(e.type), e.value)

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
        l = self.rval(e.left)
        r = self.rval(e.right)
        return self.arith(op, l, r, e.type, e.left.type, e.right.type)

    def arith(self, op, l, r, t, lt=None, rt=None):
        t = base(t)
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

    def vec_op(self, e):
        vt = base(e.type)
        el = base(vt.elem)
        it = ir_type(el)
        n = vt.length
        es = el.size

        def operand(x):
            xt = base(x.type)
            if isinstance(xt, CT.VectorType):
                p = self.rval(x)
                return lambda i: self.b.load(ir_type(xt.elem), self.b.ptradd(p, i * xt.elem.size) if i else p), xt.elem
            v = self.conv(self.rval(x), xt, el)
            return lambda i: v, el

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
                self.memcpy(dst, src, lt.size, 1)
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
            if op in ("<<", ">>"):
                ct = self.promote(lt)
                lv = self.conv(old, lt, ct)
                res = self.arith(op, lv, self.resize(r, ir_type(ct), False) if r.type.is_int else r, ct, ct, rt)
            else:
                ct = self.common(lt, rt)
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

    def e_VaArg(self, e):
        ap = self.rval(e.ap)
        t = base(e.type)
        if is_agg(t):
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
        fn = e.func
        direct = None
        if type(fn) is A.ImplicitCast and fn.kind == "func_decay" and type(fn.operand) is A.Ident \
                and fn.operand.sym.kind == "func":
            direct = fn.operand.sym
            r = self.builtin(e, self.L.sym_name(direct))
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
            if is_agg(at):
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
