"""Constant folding and simple algebraic identities; folds branches and switches on constants;
cast chains (``_combine``).

Integer semantics follow docs/ir.md: two's complement wrap-around; division by zero, signed
overflow of division and over-wide shifts are left alone (undefined in C, kept for run time).
"""
from __future__ import annotations

import math
import struct

from ..ir import types as T
from fractions import Fraction

from ..ir.core import Const, Function, Instr, SymRef, Undef
from ..ir.floats import IR_FORMAT, XFloat, decode, is_nan_bits, pack, unpack, xfloat


def _round(t: T.Type, v: float) -> float:
    if type(v) is XFloat and v != v and v.fmt == IR_FORMAT[t.name]:
        return v                        # an exact NaN (signalling, payload) of this type
    if t is T.F32 or t is T.F16:
        f = "<f" if t is T.F32 else "<e"
        try:
            return struct.unpack(f, struct.pack(f, v))[0]
        except OverflowError:
            return math.copysign(math.inf, v)
    return v


def _sx(v: int, bits: int) -> int:
    if bits > 1 and v >> (bits - 1) & 1:
        return v - (1 << bits)
    return v


def _exact(v):
    """(sign, Fraction) of a finite float constant (float or XFloat), else None."""
    if isinstance(v, XFloat):
        s, mag = decode(v.bits, v.fmt)
        return None if isinstance(mag, str) else (s, mag)
    if v != v or math.isinf(v):
        return None
    return (-1 if math.copysign(1.0, v) < 0 else 1), Fraction(abs(v))


def _fold_f128(op, a, b):
    """IEEE binary128 arithmetic on finite constants, exact then rounded once (XFloat)."""
    x, y = _exact(a), _exact(b)
    if x is None or y is None or op == "fdiv" and y[1] == 0:
        return None
    p, q = x[0] * x[1], y[0] * y[1]
    r = {"fadd": lambda: p + q, "fsub": lambda: p - q, "fmul": lambda: p * q,
         "fdiv": lambda: p / q}[op]()
    if r == 0:
        if op in ("fmul", "fdiv"):
            return xfloat(-0.0 if x[0] * y[0] < 0 else 0.0, "binary128")
        if x[1] == 0 and y[1] == 0:
            return None         # the sign of a zero sum of zeros: left to run time
        return xfloat(0.0, "binary128")
    return xfloat(r, "binary128")


def fold_binop(op: str, t: T.Type, a, b):
    """Fold with constant values a, b (Python ints unsigned / floats); None if not foldable."""
    if t.is_float:
        if t is T.F128:
            return _fold_f128(op, a, b)
        if t.bits > 64:        # f80: the x86-64 back end holds constants as doubles
            return None
        if is_nan_bits(a) or is_nan_bits(b):
            return None         # a signalling NaN or payload: the hardware's result at run time
        if t is T.F32 or t is T.F16:    # an f32 constant may carry its literal's double value
            a, b = _round(t, a), _round(t, b)
        try:
            r = {"fadd": lambda: a + b, "fsub": lambda: a - b, "fmul": lambda: a * b,
                 "fdiv": lambda: a / b}[op]()
        except ZeroDivisionError:
            if math.isnan(a) or a == 0:
                r = math.nan
            else:
                r = math.copysign(math.inf, a) * math.copysign(1.0, b)
        except OverflowError:
            return None
        return _round(t, r)
    bits, m = t.bits, t.mask
    sa, sb = _sx(a, bits), _sx(b, bits)
    if op == "add":
        return (a + b) & m
    if op == "sub":
        return (a - b) & m
    if op == "mul":
        return (a * b) & m
    if op in ("sdiv", "srem"):
        if sb == 0 or (sa == -(1 << (bits - 1)) and sb == -1):
            return None
        q = abs(sa) // abs(sb)
        if (sa < 0) != (sb < 0):
            q = -q
        return (q if op == "sdiv" else sa - q * sb) & m
    if op in ("udiv", "urem"):
        if b == 0:
            return None
        return (a // b if op == "udiv" else a % b) & m
    if op == "and":
        return a & b
    if op == "or":
        return a | b
    if op == "xor":
        return a ^ b
    if op in ("shl", "lshr", "ashr"):
        if b >= bits:
            return None
        if op == "shl":
            return (a << b) & m
        if op == "lshr":
            return a >> b
        return (sa >> b) & m
    return None


def fold_icmp(pred: str, t: T.Type, a: int, b: int) -> bool:
    sa, sb = _sx(a, t.bits), _sx(b, t.bits)
    return {"eq": a == b, "ne": a != b, "slt": sa < sb, "sle": sa <= sb, "sgt": sa > sb,
            "sge": sa >= sb, "ult": a < b, "ule": a <= b, "ugt": a > b, "uge": a >= b}[pred]


def fold_fcmp(pred: str, a: float, b: float) -> bool:
    uno = math.isnan(a) or math.isnan(b)
    if pred == "ord":
        return not uno
    if pred == "uno":
        return uno
    base = {"eq": a == b, "ne": a != b, "lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b}[pred[1:]]
    if pred[0] == "o":
        return not uno and base
    return uno or base


def fold_cast(op: str, st: T.Type, t: T.Type, v):
    if is_nan_bits(v):                  # exact NaN bits: only a bitcast keeps them
        if op != "bitcast" or not t.is_int or st.bits > 64:
            return None
        return int.from_bytes(pack(v, v.fmt), "little")
    if (st is T.F32 or st is T.F16) and isinstance(v, float):    # the register's value
        v = _round(st, v)
    if op == "trunc":
        return v & t.mask
    if op == "zext":
        return v
    if op == "sext":
        if st.bits == 1:
            return -(v & 1) & t.mask     # an i1 true extends to all ones (GNU vector compares)
        return _sx(v, st.bits) & t.mask
    if op in ("fptrunc", "fpext"):
        if st.bits > 64 or t.bits > 64:
            return None
        return _round(t, v)
    if op in ("fptosi", "fptoui"):
        if math.isnan(v) or math.isinf(v) or st.bits > 64:
            return None
        i = int(v)
        if op == "fptosi":      # out of range: saturated, as gcc folds it
            i = min(max(i, -(1 << (t.bits - 1))), (1 << (t.bits - 1)) - 1)
        elif i > t.mask:
            i = t.mask
        elif i < 0:
            return None
        return i & t.mask
    if op in ("sitofp", "uitofp"):
        if t.bits > 64:        # f80/f128: not folded with doubles
            return None
        return _round(t, float(_sx(v, st.bits) if op == "sitofp" else v))
    if op == "bitcast":
        if st is T.F16 or t is T.F16:
            if st.is_float and t.is_int:
                return struct.unpack("<H", struct.pack("<e", _round(st, v)))[0]
            if st.is_int and t.is_float:
                return struct.unpack("<e", struct.pack("<H", v & 0xFFFF))[0]
            return None
        if st.is_float and t.is_int and st.bits <= 64:
            return struct.unpack("<Q" if st.bits == 64 else "<I",
                                 struct.pack("<d" if st.bits == 64 else "<f", v))[0]
        if st.is_int and t.is_float and t.bits <= 64:     # a binary32 NaN stays exact
            return unpack(struct.pack("<Q" if t.bits == 64 else "<I", v), IR_FORMAT[t.name])
        if st.is_intlike and t.is_intlike:
            return v
        return None
    if op in ("ptrtoint", "inttoptr"):
        return v & t.mask
    return None


_SWAP = {"olt": "ogt", "ole": "oge", "ogt": "olt", "oge": "ole", "oeq": "oeq"}


def _fold_fabs_cmp(pred, x, y):
    """``fabs(x) < c`` for c <= 0 and ``fabs(x) <= c`` / ``== c`` for c < 0 are false (an
    ordered compare: a NaN is false too)."""
    if isinstance(x, Const) and pred in _SWAP:
        x, y, pred = y, x, _SWAP[pred]
    if not (isinstance(x, Instr) and x.op == "fabs" and isinstance(y, Const)) \
            or y.type.bits > 64 or y.value != y.value:
        return None
    c = float(y.value)
    if pred == "olt" and c <= 0 or pred in ("ole", "oeq") and c < 0:
        return Const(T.I1, 0)
    return None


_BINOPS = frozenset(("add", "sub", "mul", "sdiv", "udiv", "srem", "urem", "and", "or", "xor",
                     "shl", "lshr", "ashr", "fadd", "fsub", "fmul", "fdiv"))
# the ops _simplify and _combine can rewrite (constfold skips the others without a call)
_SIMPLIFY_OPS = _BINOPS | frozenset((
    "bswap", "ctpop", "ctlz", "cttz", "fabs", "sqrt", "neg", "not", "fneg", "trunc", "zext",
    "sext", "fptrunc", "fpext", "fptosi", "fptoui", "sitofp", "uitofp", "bitcast", "ptrtoint",
    "inttoptr", "icmp", "fcmp", "call", "select", "ptradd", "phi"))
_COMBINE_OPS = frozenset(("zext", "sext", "trunc", "icmp", "and"))


def _simplify(ins: Instr):
    """Return a replacement Value for ins, or None."""
    op, a = ins.op, ins.args
    if op not in _SIMPLIFY_OPS:
        return None
    consts = True
    for x in a:
        if x.__class__ is not Const:     # (Const has no subclasses)
            consts = False
            break
    if op in _BINOPS:
        x, y = a
        if consts:
            r = fold_binop(op, ins.type, x.value, y.value)
            return None if r is None else Const(ins.type, r)
        if ins.type.is_int:
            if isinstance(x, Const) and op in ("add", "mul", "and", "or", "xor"):
                x, y = y, x
            if isinstance(y, Const):
                v = y.value
                if v == 0 and op in ("add", "sub", "or", "xor", "shl", "lshr", "ashr"):
                    return x
                if v == 0 and op in ("mul", "and"):
                    return y
                if v == 1 and op in ("mul", "sdiv", "udiv"):
                    return x
                if v == ins.type.mask and op == "and":
                    return x
                if v == ins.type.mask and op == "or":
                    return y
            if isinstance(x, Const) and op in ("shl", "lshr", "ashr", "sdiv", "udiv", "srem", "urem") \
                    and (x.value == 0 or op == "ashr" and x.value == ins.type.mask):
                return x        # 0 << n, 0 >> n, -1 >> n (arithmetic), 0 / n
            if x is y and op in ("sub", "xor") and not isinstance(x, Undef):
                return Const(ins.type, 0)
            if x is y and op in ("and", "or"):
                return x
        return None
    if op in ("bswap", "ctpop", "ctlz", "cttz", "fabs", "sqrt") and consts:
        v = a[0].value
        t = ins.type
        if op == "bswap":
            if t.bits % 8:
                return None
            return Const(t, int.from_bytes(v.to_bytes(t.size, "little"), "big"))
        if op == "ctpop":
            return Const(t, bin(v).count("1"))
        if op == "ctlz":
            return None if v == 0 else Const(t, t.bits - v.bit_length())
        if op == "cttz":
            return None if v == 0 else Const(t, (v & -v).bit_length() - 1)
        if op == "fabs" and t.bits <= 64:
            return Const(t, abs(v))
        if op == "sqrt" and t.bits <= 64 and (v >= 0 or math.isnan(v)) and not is_nan_bits(v):
            return Const(t, _round(t, math.sqrt(v)) if not math.isinf(v) else v)
        return None
    if op in ("neg", "not", "fneg") and consts:
        v = a[0].value
        if op == "neg":
            return Const(ins.type, -v)
        if op == "not":
            return Const(ins.type, ~v)
        return Const(ins.type, -v)
    if op in ("trunc", "zext", "sext", "fptrunc", "fpext", "fptosi", "fptoui", "sitofp",
              "uitofp", "bitcast", "ptrtoint", "inttoptr") and consts:
        r = fold_cast(op, a[0].type, ins.type, a[0].value)
        return None if r is None else Const(ins.type, r)
    if op == "icmp":
        x, y = a
        if consts:
            return Const(T.I1, fold_icmp(ins.pred, x.type, x.value, y.value))
        if x is y and not isinstance(x, Undef):
            return Const(T.I1, ins.pred in ("eq", "sle", "sge", "ule", "uge"))
        return None
    if op == "fcmp" and consts and a[0].type.bits <= 64:
        return Const(T.I1, fold_fcmp(ins.pred, a[0].value, a[1].value))
    if op == "fcmp":
        return _fold_fabs_cmp(ins.pred, a[0], a[1])
    if op == "call" and len(a) == 2 and type(a[0]) is SymRef \
            and a[0].name == "__builtin_constant_p" and isinstance(a[1], Const):
        return Const(ins.type, 1)     # the rest become 0 after inlining (opt/libcalls.py)
    if op == "select":
        c, x, y = a
        if isinstance(c, Const):
            return x if c.value else y
        if x is y:
            return x
        return None
    if op == "ptradd":
        if isinstance(a[1], Const) and a[1].value == 0:
            return a[0]
        return None
    if op == "phi":
        vals = {id(v): v for v in a if v is not ins}
        if len(vals) == 1:
            v = next(iter(vals.values()))
            if isinstance(v, (Const, SymRef, Undef)):
                return v
        return None
    return None


_EXTS = ("zext", "sext")
_INVERSE = {"eq": "ne", "ne": "eq", "slt": "sge", "sge": "slt", "sgt": "sle", "sle": "sgt",
            "ult": "uge", "uge": "ult", "ugt": "ule", "ule": "ugt"}


def _combine(ins: Instr):
    """Cast chains and masks of extensions, rewritten in place: ``zext(zext x)`` and
    ``sext(sext x)`` -> one extension, ``sext(zext x)`` -> ``zext x`` (not ``zext(sext x)``), ``trunc(trunc x)`` ->
    one trunc, ``trunc(ext x)`` -> ``x``, a narrower trunc or extension of ``x``;
    ``and (zext x), C`` with C covering x's bits -> ``zext x`` (returned); ``(zext b) != 0``
    -> ``b`` and ``(zext (a P c)) == 0`` -> ``a !P c`` (the boolean round trips of C's
    conditions). Returns a
    replacement value, True when ``ins`` was rewritten, or None."""
    op = ins.op
    if op in ("zext", "sext", "trunc"):
        inner = ins.args[0]
        if not isinstance(inner, Instr) or inner.op not in ("zext", "sext", "trunc"):
            return None
        x = inner.args[0]
        if not (x.type.is_int and ins.type.is_int):
            return None
        if op in _EXTS and inner.op in _EXTS and not (op == "zext" and inner.op == "sext"):
            ins.op = inner.op
            ins.set_operand(0, x)
            return True
        if op == "trunc" and inner.op == "trunc":
            ins.set_operand(0, x)
            return True
        if op == "trunc" and inner.op in _EXTS:
            if ins.type is x.type:
                return x
            ins.op = "trunc" if ins.type.bits < x.type.bits else inner.op
            ins.set_operand(0, x)
            return True
        return None
    if op == "icmp" and ins.pred in ("eq", "ne"):
        x, c = ins.args
        if isinstance(x, Const):
            x, c = c, x
        if isinstance(c, Const) and isinstance(x, Instr) and x.op == "zext" \
                and x.args[0].type is T.I1 and c.value in (0, 1):
            b = x.args[0]
            if (ins.pred == "ne") == (c.value == 0):
                return b        # (zext b) != 0, (zext b) == 1: b itself
            if isinstance(b, Instr) and b.op == "icmp" and len(b.users) == 1:
                ins.pred = _INVERSE[b.pred]     # !(a P c) as one compare
                p, q = b.args
                ins.set_operand(0, p)
                ins.set_operand(1, q)
                return True
        return None
    if op == "and" and ins.type.is_int:
        x, c = ins.args
        if isinstance(x, Const):
            x, c = c, x
        if isinstance(c, Const) and isinstance(x, Instr) and x.op == "zext":
            m = x.args[0].type.mask
            if c.value & m == m:
                return x
    return None


def _retarget(f: Function, ins: Instr, keep) -> None:
    """Replace terminator ins by ``jmp keep``, removing phi entries of dropped edges."""
    b = ins.block
    for s in set(ins.targets):
        if s is not keep:
            for phi in s.phis():
                while b in phi.targets:
                    phi.remove_incoming(b)
    ins.erase()
    b.append(Instr("jmp", T.VOID, targets=[keep])).loc = ins.loc     # -g: its position


def constfold(f: Function) -> bool:
    changed = False
    work = True
    while work:
        work = False
        for b in f.blocks:
            for ins in list(b.instrs):
                if ins.block is None:
                    continue
                op = ins.op
                r = _simplify(ins) if op in _SIMPLIFY_OPS else None
                if r is None and op in _COMBINE_OPS:
                    r = _combine(ins)
                    if r is True:
                        work = changed = True
                        continue
                if r is not None and r is not ins:
                    ins.replace_all_uses(r)
                    ins.erase()
                    work = changed = True
                    continue
                if op == "br" and isinstance(ins.args[0], Const):
                    _retarget(f, ins, ins.targets[0] if ins.args[0].value else ins.targets[1])
                    work = changed = True
                elif op == "br" and ins.targets[0] is ins.targets[1]:
                    _retarget(f, ins, ins.targets[0])
                    work = changed = True
                elif op == "switch" and isinstance(ins.args[0], Const):
                    v = ins.args[0].value
                    dest = ins.targets[0]
                    for c, t in zip(ins.extra, ins.targets[1:]):
                        if c == v:
                            dest = t
                    _retarget(f, ins, dest)
                    work = changed = True
    return changed
