"""``legalize_f128``: IEEE binary128 arithmetic, comparisons and conversions -> libgcc calls.

After this pass the only instructions that see an ``f128`` value are moves: ``load``,
``store``, ``phi``, ``select``, ``copy``, ``call`` arguments and results, ``ret``, ``va_arg``,
function parameters and constants (``Const(F128, XFloat)``; its encoding is
``toolchain.cc.ir.floats.const_bytes(c.value, T.F128)``). Everything else becomes a call to
libgcc's soft-float routines, which exist on x86-64 (for ``__float128``), AArch64 and RISC-V 64
(for ``long double``) with the same names:

    fadd fsub fmul fdiv        __addtf3 __subtf3 __multf3 __divtf3
    fneg                       __negtf2
    fabs                       clear bit 127 through a stack slot (loads/stores only)
    sqrt                       sqrtf128 (glibc libm; sqrtl on the binary128 targets)
    fcmp                       __eqtf2 __netf2 __lttf2 __letf2 __gttf2 __getf2 __unordtf2
                               (result compared with 0 as libgcc documents; unordered operands
                               make __lt/__le return > 0 and __gt/__ge return < 0)
    fpext f32/f64/f80 -> f128  __extendsftf2 __extenddftf2 __extendxftf2
    fptrunc f128 -> f32/f64/f80 __trunctfsf2 __trunctfdf2 __trunctfxf2
    fptosi -> i8..i32/i64/i128 __fixtfsi __fixtfdi __fixtfti (then trunc)
    fptoui -> i8..i32/i64/i128 __fixunstfsi __fixunstfdi __fixunstfti
    sitofp i8..i32/i64/i128    __floatsitf __floatditf __floattitf (narrow: sext first)
    uitofp i8..i32/i64/i128    __floatunsitf __floatunditf __floatuntitf (narrow: zext first)

Comparison routines return a (sign-extended) int: the pass reads it as ``i32``.

``carrier=T.I128`` additionally retypes every remaining f128 value as ``i128`` (same bits), for
a target whose calling convention passes binary128 exactly like a 128-bit integer (RISC-V
LP64D: a pair of general registers); the back end then never sees ``f128`` at all.
"""
from __future__ import annotations

from ..ir import types as T
from ..ir.core import CallInfo, Const, Instr, Module, Function, SymRef, Undef
from ..ir.floats import encode

_ARITH = {"fadd": "__addtf3", "fsub": "__subtf3", "fmul": "__multf3", "fdiv": "__divtf3"}
_EXT = {"f16": "__extendhftf2", "f32": "__extendsftf2", "f64": "__extenddftf2", "f80": "__extendxftf2"}
_TRUNC = {"f16": "__trunctfhf2", "f32": "__trunctfsf2", "f64": "__trunctfdf2", "f80": "__trunctfxf2"}
_FIX = {("fptosi", 32): "__fixtfsi", ("fptosi", 64): "__fixtfdi", ("fptosi", 128): "__fixtfti",
        ("fptoui", 32): "__fixunstfsi", ("fptoui", 64): "__fixunstfdi",
        ("fptoui", 128): "__fixunstfti"}
_FLOAT = {("sitofp", 32): "__floatsitf", ("sitofp", 64): "__floatditf",
          ("sitofp", 128): "__floattitf", ("uitofp", 32): "__floatunsitf",
          ("uitofp", 64): "__floatunditf", ("uitofp", 128): "__floatuntitf"}
# fcmp predicate -> list of (routine, icmp predicate against 0) combined with "and"/"or"
_CMP = {
    "oeq": ("and", [("__eqtf2", "eq")]),
    "une": ("and", [("__netf2", "ne")]),
    "olt": ("and", [("__lttf2", "slt")]),
    "ole": ("and", [("__letf2", "sle")]),
    "ogt": ("and", [("__gttf2", "sgt")]),
    "oge": ("and", [("__getf2", "sge")]),
    "uno": ("and", [("__unordtf2", "ne")]),
    "ord": ("and", [("__unordtf2", "eq")]),
    "ult": ("and", [("__getf2", "slt")]),
    "ule": ("and", [("__gttf2", "sle")]),
    "ugt": ("and", [("__letf2", "sgt")]),
    "uge": ("and", [("__lttf2", "sge")]),
    "one": ("and", [("__unordtf2", "eq"), ("__netf2", "ne")]),
    "ueq": ("or", [("__unordtf2", "ne"), ("__eqtf2", "eq")]),
}
ROUTINES = sorted(set(_ARITH.values()) | set(_EXT.values()) | set(_TRUNC.values())
                  | set(_FIX.values()) | set(_FLOAT.values())
                  | {r for _, rs in _CMP.values() for r, _ in rs} | {"__negtf2", "sqrtf128"})


class _Emit:
    """Builds replacement instructions in front of one instruction."""
    __slots__ = ("f", "out")

    def __init__(self, f: Function):
        self.f = f
        self.out: list[Instr] = []

    def add(self, ins: Instr) -> Instr:
        if not ins.type.is_void:
            ins.name = self.f.fresh("sf")
        self.out.append(ins)
        return ins

    def call(self, rt, name, args):
        return self.add(Instr("call", rt, [SymRef(name), *args], extra=CallInfo(None, None, None)))

    def cast(self, op, v, t):
        return self.add(Instr(op, t, [v]))


def _needs(ins: Instr) -> bool:
    op = ins.op
    if op in _ARITH or op in ("fneg", "fabs", "sqrt"):
        return ins.type is T.F128
    if op == "fcmp":
        return ins.args[0].type is T.F128
    if op in ("fpext", "fptrunc", "fptosi", "fptoui", "sitofp", "uitofp"):
        return ins.type is T.F128 or ins.args[0].type is T.F128
    return False


def _slot(f: Function, cache: dict):
    s = cache.get(f)
    if s is None:
        s = Instr("alloca", T.PTR, [Const(T.I64, 16)], extra=16)
        s.name = f.fresh("sfslot")
        entry = f.entry
        n = sum(1 for _ in entry.phis())
        entry.insert(n, s)
        cache[f] = s
    return s


def _lower(ins: Instr, e: _Emit, slots: dict):
    op = ins.op
    a = ins.args
    if op in _ARITH:
        return e.call(T.F128, _ARITH[op], [a[0], a[1]])
    if op == "fneg":
        return e.call(T.F128, "__negtf2", [a[0]])
    if op == "sqrt":
        return e.call(T.F128, "sqrtf128", [a[0]])
    if op == "fabs":
        p = _slot(e.f, slots)
        e.add(Instr("store", T.VOID, [a[0], p]))
        hp = e.add(Instr("ptradd", T.PTR, [p, Const(T.I64, 15)]))
        hi = e.add(Instr("load", T.I8, [hp]))
        e.add(Instr("store", T.VOID, [e.add(Instr("and", T.I8, [hi, Const(T.I8, 0x7F)])), hp]))
        return e.add(Instr("load", T.F128, [p]))
    if op == "fcmp":
        how, parts = _CMP[ins.pred]
        r = None
        for name, pred in parts:
            c = e.call(T.I32, name, [a[0], a[1]])
            t = e.add(Instr("icmp", T.I1, [c, Const(T.I32, 0)], pred=pred))
            r = t if r is None else e.add(Instr(how, T.I1, [r, t]))
        return r
    src = a[0]
    if op == "fpext":
        return e.call(T.F128, _EXT[src.type.name], [src])
    if op == "fptrunc":
        return e.call(ins.type, _TRUNC[ins.type.name], [src])
    if op in ("fptosi", "fptoui"):
        bits = ins.type.bits
        if bits <= 32:
            r = e.call(T.I32, _FIX[(op, 32)], [src])
            return r if bits == 32 else e.cast("trunc", r, ins.type)
        return e.call(ins.type, _FIX[(op, bits)], [src])
    # sitofp / uitofp
    bits = src.type.bits
    if bits < 32:
        src = e.cast("sext" if op == "sitofp" else "zext", src, T.I32)
        bits = 32
    return e.call(T.F128, _FLOAT[(op, bits)], [src])


def legalize_function(f: Function, carrier=None) -> bool:
    changed = False
    slots: dict = {}
    for b in f.blocks:
        i = 0
        while i < len(b.instrs):
            ins = b.instrs[i]
            if not _needs(ins):
                i += 1
                continue
            e = _Emit(f)
            r = _lower(ins, e, slots)
            i = b.instrs.index(ins)     # _slot may have inserted into this (entry) block
            for k, n in enumerate(e.out):
                b.insert(i + k, n).loc = ins.loc    # -g: the replaced instruction's position
            i += len(e.out)
            ins.replace_all_uses(r)
            ins.erase()
            changed = True
    if carrier is not None:
        changed |= _retype(f, carrier)
    return changed


def _retype(f: Function, carrier) -> bool:
    """Every f128 value becomes ``carrier`` (an integer type of 128 bits), bits unchanged."""
    changed = False
    for p in f.params:
        if p.type is T.F128:
            p.type = carrier
            changed = True
    if f.ret_type is T.F128:
        f.ret_type = carrier
        changed = True
    for ins in f.instructions():
        if ins.type is T.F128:
            ins.type = carrier
            changed = True
        for k, v in enumerate(ins.args):
            if v.type is T.F128 and isinstance(v, Const):
                ins.set_operand(k, Const(carrier, encode(v.value, "binary128")))
                changed = True
            elif v.type is T.F128 and isinstance(v, Undef):
                ins.set_operand(k, Undef(carrier))
                changed = True
    return changed


def legalize_f128(module: Module, carrier=None) -> bool:
    """Rewrite every function of ``module`` in place (see the module docstring). Returns True
    when something changed. Declares the routines it calls as external functions."""
    changed = False
    for f in module.functions:
        if legalize_function(f, carrier):
            changed = True
    if changed:
        used = set()
        for f in module.functions:
            for ins in f.instructions():
                if ins.op == "call" and isinstance(ins.args[0], SymRef) \
                        and ins.args[0].name in ROUTINES:
                    used.add(ins.args[0].name)
        defined = module.defined()
        for n in sorted(used):
            if n not in defined:
                module.externs.setdefault(n, "func")
    if carrier is not None:
        legalize_globals(module, carrier)
    return changed


def legalize_globals(module: Module, carrier) -> None:
    """With a carrier: the f128 constants of global initialisers as carrier integers (the
    part of ``legalize_f128`` a module's data needs; a streaming back end legalises the
    functions one at a time with ``legalize_function``)."""
    for g in module.globals:
        if g.init:
            g.init = [("int", carrier, encode(it[2], "binary128"))
                      if it[0] == "float" and it[1] is T.F128 else it for it in g.init]
