"""Helpers shared by the lowering modules: C type -> IR type, aggregate layouts for the ABI,
exact floating constants, AST utilities."""
from __future__ import annotations

import math
from fractions import Fraction
import re
import struct as _struct

from .. import ast as A
from .. import types as CT
from ..ir import types as T
from ..ir.floats import (IR_FORMAT, XFloat, decode, encode, nbits, pack, parse_literal, to_float,
                         xfloat)


class LowerError(Exception):
    def __init__(self, msg, node=None):
        super().__init__(msg)
        self.node = node


class NotConst(Exception):
    pass


def pack_key(name: str) -> str:
    """The callee name of a direct call to a function using __builtin_va_arg_pack (its body
    is kept under it, lower.Lowerer.pack_body): not the symbol name, which an `asm` label may
    give another function too (glibc's __open_alias is "open")."""
    return name + "\0va_arg_pack"




_INT_BY_SIZE = {1: T.I8, 2: T.I16, 4: T.I32, 8: T.I64, 16: T.I128}


def base(t):
    try:
        if t.quals:                 # Type.unqual() without the call (1.5M calls for sqlite3.c)
            t = t.qualified(0)
    except AttributeError:          # not a C type
        return t
    if isinstance(t, CT.EnumType):
        return t.d.base
    return t


def is_bool(t):
    t = base(t)
    return isinstance(t, CT.IntType) and t.rank == 0


def is_signed(t):
    t = base(t)
    return isinstance(t, CT.IntType) and t.signed


def ir_type(t):
    """The IR scalar type of a C type, or None for aggregates (records, arrays, complex)."""
    t = base(t)
    if isinstance(t, CT.IntType):
        return _INT_BY_SIZE[t.size]
    if isinstance(t, CT.PointerType):
        return T.PTR
    if isinstance(t, CT.FloatType):
        if t.complex:
            return None
        if t.fmt == "binary32":
            return T.F32
        if t.fmt == "binary64":
            return T.F64
        if t.fmt == "x87":
            return T.F80
        if t.fmt == "binary128":
            return T.F128
        if t.fmt == "binary16":
            return T.F16
        if t.fmt == "bfloat16":     # storage only (storage_only() refuses every operation)
            return T.I16
        raise LowerError(f"unsupported floating type '{t}'")
    if isinstance(t, CT.VoidType):
        return T.VOID
    if isinstance(t, CT.FunctionType):
        return T.PTR
    return None


def is_storage_only(t) -> bool:
    """__bf16: its bits are loaded, stored and copied; nothing converts or computes with it."""
    t = base(t)
    return t.__class__ is CT.FloatType and t.fmt == "bfloat16"


def storage_only(*types):
    """A located "unimplemented" error when an operation is applied to a __bf16 value."""
    for t in types:
        if is_storage_only(t):
            raise LowerError(f"operation on '{base(t)}' (a storage-only type)")


def is_agg(t):
    t = base(t)
    return isinstance(t, (CT.RecordType, CT.ArrayType, CT.ComplexIntType, CT.VectorType)) or (
        isinstance(t, CT.FloatType) and t.complex)


def is_complex(t):
    t = base(t)
    return isinstance(t, CT.ComplexIntType) or (isinstance(t, CT.FloatType) and t.complex)


def complex_elem(t, tt):
    t = base(t)
    if isinstance(t, CT.ComplexIntType):
        return t.base
    for n in ("float", "double", "ldouble", "float128"):
        e = getattr(tt, n)
        if e.fmt == t.fmt:
            return e
    raise LowerError(f"unsupported complex type '{t}'")


def _leaves(t, off, out, tt):
    t = base(t)
    if isinstance(t, CT.RecordType):
        for f in t.d.fields:
            if f.bit_width is not None:
                if f.bit_width:
                    lo = f.bit_offset // 8
                    hi = (f.bit_offset + f.bit_width + 7) // 8
                    for b in range(lo, hi):
                        out.append((off + b, T.I8))
                continue
            _leaves(f.type, off + f.offset, out, tt)
    elif isinstance(t, CT.ArrayType):
        if t.length and t.elem.size:
            for i in range(t.length):
                _leaves(t.elem, off + i * t.elem.size, out, tt)
    elif isinstance(t, CT.VectorType) and t.size == 8:
        # an 8-byte GNU vector (__m64) is one SSE eightbyte whatever its elements (psABI)
        out.append((off, T.F64))
    elif isinstance(t, CT.VectorType) and t.size in T.VEC_LEAF:
        # a 16/32/64-byte GNU vector member is one vector leaf (x86-64: SSE + SSEUP, as
        # `struct { __m128 x; }` is passed in one %xmm; AAPCS64: one short-vector member)
        out.append((off, T.VEC_LEAF[t.size]))
    elif isinstance(t, CT.VectorType):
        for i in range(t.length):
            _leaves(t.elem, off + i * t.elem.size, out, tt)
    elif is_complex(t):
        e = complex_elem(t, tt)
        _leaves(e, off, out, tt)
        _leaves(e, off + e.size, out, tt)
    else:
        it = ir_type(t)
        if it is not None and not it.is_void:
            out.append((off, it))


def _zero_array(t) -> bool:
    """A member array of no length (GNU `T a[0]`, flexible `T a[]`) anywhere in t."""
    t = base(t)
    if isinstance(t, CT.RecordType):
        return any(f.bit_width is None and _zero_array(f.type) for f in t.d.fields)
    if isinstance(t, CT.ArrayType):
        return not t.length or _zero_array(t.elem)
    return False


def _has_union(t) -> bool:
    """A union anywhere in t (arrays and nested records included)."""
    t = base(t)
    if isinstance(t, CT.RecordType):
        return t.is_union or any(f.bit_width is None and _has_union(f.type) for f in t.d.fields)
    if isinstance(t, CT.ArrayType):
        return _has_union(t.elem)
    return False


def agg_type(t, tt):
    """The IR aggregate layout type (for byval/sret/va_arg) of a C aggregate."""
    size = t.size or 0
    align = t.align or 1
    fields = []
    if size <= 64:
        # every leaf, overlapping union members included (`union { float f; int i; }` is
        # INTEGER, `union { long double d; long l; }` MEMORY: the classifier merges them), up
        # to 64 bytes (AAPCS64 homogeneous aggregates: four 16-byte members); over 16 bytes,
        # f80 leaves are kept only by `_Complex long double` (SysV COMPLEX_X87), so that
        # `struct { long double a, b; }` does not look like one
        _leaves(t, 0, fields, tt)
        fields = sorted({(o, ft) for o, ft in fields if o + ft.size <= size or ft is T.F80},
                        key=lambda f: (f[0], f[1].size, f[1].name))
        if size > 16 and not is_complex(base(t)) and any(ft is T.F80 for _, ft in fields):
            fields = []
    if isinstance(base(t), CT.VectorType):
        # GNU vectors carry the IR vector flag (their type name starts with `vector<`); the
        # leaves of a 16-byte one are those of struct { double, double } (x86-64: SSE+SSEUP)
        if size == 16:
            fields = ((0, T.F64), (8, T.F64))
        return T.struct(size, align, fields, vector=True)
    rec = isinstance(base(t), CT.RecordType)
    return T.struct(size, align, fields, zero_array=rec and _zero_array(t),
                    union=rec and _has_union(t))


def literal_const(e, t):
    """The exact value (an XFloat) of floating literal ``e`` in wide IR type ``t`` (f80, f128),
    from the literal's text, not from the double sema computed."""
    m = _FLOAT_LIT.match(e.text or "")
    if m is None or not m.group(0).strip(".'") or m.group(0)[:1] == "'":
        return xfloat(e.value, IR_FORMAT[t.name])
    return xfloat(parse_literal(m.group(0)), IR_FORMAT[t.name])


_FLOAT_LIT = re.compile(r"0[xX][0-9a-fA-F']*\.?[0-9a-fA-F']*[pP][-+]?\d+|[0-9']*\.?[0-9']*(?:[eE][-+]?\d+)?")


def exact_int(v) -> int:
    """int(v) truncated toward zero, exactly for XFloat constants."""
    if isinstance(v, XFloat):
        s, mag = decode(v.bits, v.fmt)
        return s * int(mag)
    return int(v)


def round_const(v, ti):
    """Constant ``v`` (int, float or XFloat) converted to IR float type ``ti`` as the
    hardware would (one rounding, exact for f80/f128)."""
    fmt = IR_FORMAT[ti.name]
    bits = encode(v, fmt)
    if ti.bits > 64:
        return XFloat(bits, fmt)
    return to_float(decode(bits, fmt))


def float_bytes(v: float, size: int, fmt: str) -> bytes:
    if fmt in ("x87", "binary128"):
        b = encode(v, fmt).to_bytes(nbits(fmt) // 8, "little")
        return b + bytes(max(0, size - len(b)))
    if fmt == "binary32":
        try:
            return pack(v, fmt)                 # exact for an XFloat (a signalling NaN)
        except OverflowError:
            return _struct.pack("<f", math.copysign(math.inf, v))
    if fmt == "binary64":
        return pack(v, fmt)
    if fmt == "binary16":
        return encode(v, fmt).to_bytes(2, "little") + bytes(max(0, size - 2))
    raise NotConst(f"float format {fmt}")


_ESC = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
        "\\": "\\", "'": "'", '"': '"', "?": "?", "e": "\x1b"}


def _unescape_c(body):
    out = []
    i = 0
    n = len(body)
    while i < n:
        ch = body[i]
        if ch != "\\" or i + 1 >= n:
            out.append(ch)
            i += 1
            continue
        c = body[i + 1]
        if c in "01234567":
            j = i + 1
            while j < n and j < i + 4 and body[j] in "01234567":
                j += 1
            out.append(chr(int(body[i + 1:j], 8)))
            i = j
        elif c == "x":
            j = i + 2
            while j < n and body[j] in "0123456789abcdefABCDEF":
                j += 1
            out.append(chr(int(body[i + 2:j] or "0", 16) & 0xFF))
            i = j
        else:
            out.append(_ESC.get(c, c))
            i += 2
    return "".join(out)


class _NonLocal:
    """Stands for a nested function's non-local goto buffer among captured variables."""
    __slots__ = ("name",)

    def __init__(self, fn):
        self.name = f"<labels of {fn}'s parent>"


def _label_scan(body):
    """(labels defined, labels jumped to by goto) in a function body, nested functions
    included (their gotos to outer labels pass through it)."""
    defined, gotos = set(), []
    stack = [body]
    while stack:
        n = stack.pop()
        if isinstance(n, (list, tuple)):
            stack.extend(n)
            continue
        if not isinstance(n, A.Node):
            continue
        if type(n) is A.Label:
            defined.add(n.name)
        elif type(n) is A.Goto or type(n) is A.LabelAddr:
            gotos.append(n.label)
        for f in type(n).__slots__ + tuple(getattr(type(n), "fields", ())):
            if f in ("loc", "type", "sym", "lvalue"):
                continue
            v = getattr(n, f, None)
            if isinstance(v, (A.Node, list, tuple)):
                stack.append(v)
    return defined, gotos


def _idents(node):
    """Symbols of the variables and parameters an AST subtree names."""
    out = []
    stack = [node]
    seen = set()
    while stack:
        n = stack.pop()
        if isinstance(n, (list, tuple)):
            stack.extend(n)
            continue
        if not isinstance(n, A.Node) or id(n) in seen:
            continue
        seen.add(id(n))
        if type(n) is A.Ident:
            s = n.sym
            if s is not None and s.kind in ("var", "param", "func"):
                out.append(s)
            continue
        for f in type(n).__slots__ + tuple(getattr(type(n), "fields", ())):
            if f in ("loc", "type", "sym", "lvalue"):
                continue
            v = getattr(n, f, None)
            if isinstance(v, (A.Node, list, tuple)):
                stack.append(v)
    return out


def _str(e):
    if isinstance(e, str):
        return e
    if e.value is None and getattr(e, "parts", None):
        return "".join(_unescape_c(p[p.index('"') + 1:-1]) for p in e.parts)
    v = e.value or []
    if v and v[-1] == 0:
        v = v[:-1]
    return "".join(chr(x) for x in v)


def _strip(e):
    while type(e) is A.ImplicitCast:
        e = e.operand
    return e


def _noreturn(sym):
    if sym is None:
        return False
    if sym.name in ("abort", "exit", "_exit", "__builtin_abort", "__builtin_exit", "longjmp",
                    "siglongjmp", "__builtin_unreachable"):
        return True
    return any(a.name.strip("_") == "noreturn" for a in sym.attrs or ())


def _clean(name):
    return "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in name)


_CMP = frozenset(("<", ">", "<=", ">=", "==", "!="))
_LIBC_BUILTINS = frozenset(("alloca", "abs", "labs", "llabs", "imaxabs"))
_VARIADIC_LIB = frozenset(("printf", "sprintf", "snprintf", "fprintf", "scanf", "sscanf"))


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


class _Loop:
    __slots__ = ("brk", "cont")

    def __init__(self, brk, cont):
        self.brk = brk
        self.cont = cont
