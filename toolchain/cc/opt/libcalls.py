"""Library-call simplification (what gcc does to stdio calls from -O1) and the late fold of
``__builtin_constant_p``.

``Libcalls(m)`` is a function pass bound to a module (it reads constant strings from the
module's read-only internal globals and adds new ones). For calls whose result is unused and
whose format is a known constant string:

- ``printf(fmt)`` (also ``__printf_chk(flag, fmt)``, ``vprintf(fmt, ap)``,
  ``__vprintf_chk(flag, fmt, ap)``) with no ``%`` in ``fmt``: ``""`` -> nothing, one character
  -> ``putchar(c)``, ``"text\\n"`` -> ``puts("text")``; ``printf("%s\\n", s)`` -> ``puts(s)``,
  ``printf("%c", c)`` -> ``putchar(c)``, ``printf("%s", "lit")`` as ``printf("lit")``;
- ``fprintf(fp, fmt)`` (also ``__fprintf_chk(fp, flag, fmt)``, ``vfprintf``,
  ``__vfprintf_chk``) with no ``%``: ``""`` -> nothing, otherwise ``fputs(fmt, fp)``;
  ``fprintf(fp, "%s", s)`` -> ``fputs(s, fp)``, ``fprintf(fp, "%c", c)`` -> ``fputc(c, fp)``;
- ``floor``/``ceil``/``trunc``/``round``/``nearbyint``/``rint`` of a float widened to double
  -> the ``f`` function (``narrow_math``); ``fabs``/``copysign`` inline (``inline_math``);
  loads of constant globals folded (``const_load``);
- ``memcpy``/``memset`` calls of at most ``MEM_INLINE`` constant bytes -> the IR ``memcpy``/
  ``memset`` (expanded inline by every back end), ``strlen("constant")`` -> its length;
  IR ``memcpy``/``memset`` of 1, 2, 4 or 8 bytes -> an integer load and store
  (``scalar_memory``).

``__builtin_constant_p`` reaches the IR as ``call i32 @__builtin_constant_p(T %x)`` when the
front end cannot decide it (``lower/builtins.py``): constfold turns it into 1 once ``%x`` is a
constant (after inlining and propagation); ``fold_constant_p(f)`` turns the remaining ones into
0 at the end of the module phase (and at -O0).
"""
from __future__ import annotations


from ..ir import types as T
from ..ir.core import CallInfo, Const, Function, GlobalVar, Instr, Module, SymRef
from ..ir.floats import pack, unpack

CONSTANT_P = "__builtin_constant_p"
MEM_INLINE = 64         # memcpy/memset calls up to this many bytes become IR operations

# name -> (index of the format among the call's arguments after the callee, stream index or
# None, takes a va_list)
_PRINTF = {
    "printf": (0, None, False), "__printf_chk": (1, None, False),
    "vprintf": (0, None, True), "__vprintf_chk": (1, None, True),
    "fprintf": (1, 0, False), "__fprintf_chk": (2, 0, False),
    "vfprintf": (1, 0, True), "__vfprintf_chk": (2, 0, True),
}


def _callee(ins: Instr):
    a = ins.args[0] if ins.args else None
    return a.name if type(a) is SymRef else None


_FABS = frozenset(("fabs", "fabsf", "fabsl", "fabsf32", "fabsf64", "fabsf128", "fabsf32x",
                   "fabsf64x"))
_COPYSIGN = {"copysign": T.F64, "copysignf": T.F32}


def scalar_memory(ins: Instr) -> bool:
    """An IR ``memcpy``/``memset`` of 1, 2, 4 or 8 bytes -> one integer load and store (a
    constant store for memset), so a local only copied through memcpy (type punning:
    ``memcpy(&d, &u64, 8)``) is promoted by mem2reg and the value forwarded."""
    op, a = ins.op, ins.args
    if op == "call":        # memcpy(d, s, n) / memset(d, c, n) calls: their arguments
        op = _callee(ins)
        a = a[1:]
        if op not in ("memcpy", "memset") or len(a) != 3 or not a[0].type.is_ptr:
            return False
    n = a[2]
    if not isinstance(n, Const) or n.value not in (1, 2, 4, 8):
        return False
    t = T.int_type(8 * n.value)
    b = ins.block
    k = b.instrs.index(ins)
    if op == "memcpy":
        if not a[1].type.is_ptr:
            return False
        v = b.insert(k, Instr("load", t, [a[1]]))
        _copy_slots(ins, v)
        k += 1
    else:
        c = a[1]
        if not isinstance(c, Const) or not c.type.is_int:
            return False
        v = Const(t, int.from_bytes(bytes((c.value & 0xFF,)) * n.value, "little"))
    _copy_slots(ins, b.insert(k, Instr("store", T.VOID, [v, a[0]])))
    if ins.users:
        ins.replace_all_uses(a[0])
    ins.erase()
    return True


def small_memory(f: Function) -> bool:
    """``scalar_memory`` over a function (before mem2reg: the locals copied only through
    such calls become promotable)."""
    changed = False
    for b in f.blocks:
        for ins in list(b.instrs):
            if ins.op in ("memcpy", "memset", "call") and ins.block is not None:
                changed |= scalar_memory(ins)
    return changed


def _copy_slots(src: Instr, dst: Instr) -> None:
    loc = getattr(src, "loc", None)
    if loc is not None:
        dst.loc = loc


def inline_math(f: Function, defined) -> bool:
    """``fabs``-family calls become the ``fabs`` operation, ``copysign``/``copysignf`` bit
    operations (gcc expands them inline at every level, so no libm call is left); not when the
    module defines the function itself."""
    changed = False
    for b in f.blocks:
        for ins in list(b.instrs):
            if ins.op != "call":
                continue
            name = _callee(ins)
            if name is None or name in defined:
                continue
            t = ins.type
            if name in _FABS and len(ins.args) == 2 and t.is_float and ins.args[1].type is t:
                new = Instr("fabs", t, [ins.args[1]], name=ins.name)
            elif _COPYSIGN.get(name) is t and len(ins.args) == 3 \
                    and ins.args[1].type is t and ins.args[2].type is t:
                it = T.I64 if t is T.F64 else T.I32
                sign = 1 << (it.bits - 1)
                k = b.instrs.index(ins)
                seq = []
                x = Instr("bitcast", it, [ins.args[1]], name=f.fresh())
                y = Instr("bitcast", it, [ins.args[2]], name=f.fresh())
                xm = Instr("and", it, [x, Const(it, it.mask ^ sign)], name=f.fresh())
                ym = Instr("and", it, [y, Const(it, sign)], name=f.fresh())
                r = Instr("or", it, [xm, ym], name=f.fresh())
                seq = [x, y, xm, ym, r]
                for i in seq:
                    _copy_slots(ins, i)
                    b.insert(k, i)
                    k += 1
                new = Instr("bitcast", t, [r], name=ins.name)
            else:
                continue
            _copy_slots(ins, new)
            b.insert(b.instrs.index(ins), new)
            ins.replace_all_uses(new)
            ins.erase()
            changed = True
    return changed


_NARROW = ("floor", "ceil", "trunc", "round", "nearbyint", "rint")


def narrow_math(ins: Instr) -> bool:
    """``floor((double) f)`` -> ``(double) floorf(f)`` for the exact rounding functions (the
    result is the same in float; gcc does it from -O1)."""
    name = _callee(ins)
    if name not in _NARROW or len(ins.args) != 2 or ins.type is not T.F64:
        return False
    a = ins.args[1]
    if not (isinstance(a, Instr) and a.op == "fpext" and a.args[0].type is T.F32):
        return False
    b = ins.block
    k = b.instrs.index(ins)
    call = Instr("call", T.F32, [SymRef(name + "f"), a.args[0]], name=ins.name, extra=CallInfo())
    ext = Instr("fpext", T.F64, [call], name=ins.name and ins.name + ".x")
    _copy_slots(ins, call)
    _copy_slots(ins, ext)
    b.insert(k, call)
    b.insert(k + 1, ext)
    ins.replace_all_uses(ext)
    ins.erase()
    return True


def fold_constant_p(f: Function) -> bool:
    """Every remaining ``__builtin_constant_p`` call: 1 for a constant argument, else 0."""
    changed = False
    for b in f.blocks:
        for ins in list(b.instrs):
            if ins.op == "call" and _callee(ins) == CONSTANT_P:
                a = ins.args[1] if len(ins.args) > 1 else None
                ins.replace_all_uses(Const(ins.type, 1 if isinstance(a, Const) else 0))
                ins.erase()
                changed = True
    return changed


class Libcalls:
    """The stdio simplification pass for the functions of one module."""
    __slots__ = ("m", "strings", "globs", "counter", "data", "defined")

    def __init__(self, m: Module):
        self.m = m
        self.globs = {g.name: g for g in m.globals}
        self.strings = {}       # bytes -> name of a global made here
        self.counter = 0
        self.data = {}          # global name -> (bytearray, [(start, end) unknown]) or None
        self.defined = {f.name for f in m.functions}

    # -- constant strings -------------------------------------------------------------------
    def cstring(self, v):
        """The bytes (without the NUL) of a constant C string ``v`` points at, else None."""
        off = 0
        if isinstance(v, Instr) and v.op == "ptradd" and isinstance(v.args[1], Const):
            off = v.args[1].value
            v = v.args[0]
        if type(v) is not SymRef:
            return None
        g = self.globs.get(v.name)
        if g is None or not g.readonly or not g.internal or g.weak or not g.init:
            return None
        data = bytearray()
        for it in g.init:
            if it[0] == "bytes":
                data += it[1]
            elif it[0] == "zero":
                data += bytes(it[1])
            else:
                return None
        end = data.find(b"\0", off)
        if end < 0:
            return None
        return bytes(data[off:end])

    def string_ref(self, s: bytes) -> SymRef:
        name = self.strings.get(s)
        if name is None:
            while True:
                self.counter += 1
                name = f".Lstr.opt{self.counter}"
                if name not in self.globs:
                    break
            g = GlobalVar(name, len(s) + 1, 1, [("bytes", s + b"\0")], internal=True,
                          readonly=True)
            self.m.globals.append(g)
            self.globs[name] = g
            self.strings[s] = name
        return SymRef(name)

    def global_data(self, name):
        """(bytes, unknown ranges) of a constant global's initialiser, or None."""
        if name in self.data:
            return self.data[name]
        g = self.globs.get(name)
        r = None
        if g is not None and g.readonly and not g.weak and not g.tls and not g.common:
            data, unknown = bytearray(), []
            for it in g.init or (("zero", g.size),):
                k = it[0]
                if k == "bytes":
                    data += it[1]
                elif k == "zero":
                    data += bytes(it[1])
                elif k == "int":
                    data += (it[2] & it[1].mask).to_bytes(it[1].size, "little")
                elif k == "float" and it[1] in (T.F32, T.F64):
                    data += pack(it[2], "binary32" if it[1] is T.F32 else "binary64")
                else:
                    size = 8 if k == "sym" else getattr(it[1], "size", None)
                    if size is None:
                        data = None
                        break
                    unknown.append((len(data), len(data) + size))
                    data += bytes(size)
            r = None if data is None else (data, unknown)
        self.data[name] = r
        return r

    def const_load(self, ins: Instr):
        """The constant a non-volatile load from a constant global reads, or None."""
        t = ins.type
        if ins.extra is not None or not (t.is_int or t in (T.F32, T.F64)):
            return None
        p, off = ins.args[0], 0
        while isinstance(p, Instr) and p.op == "ptradd" and isinstance(p.args[1], Const):
            off += p.args[1].signed
            p = p.args[0]
        if type(p) is not SymRef:
            return None
        d = self.global_data(p.name)
        if d is None:
            return None
        data, unknown = d
        end = off + t.size
        if off < 0 or end > len(data) or any(s < end and off < e for s, e in unknown):
            return None
        raw = bytes(data[off:end])
        if t.is_int:
            return Const(t, int.from_bytes(raw, "little"))
        return Const(t, unpack(raw, "binary32" if t is T.F32 else "binary64"))   # exact NaNs

    # -- the pass ---------------------------------------------------------------------------
    def __call__(self, f: Function) -> bool:
        changed = inline_math(f, self.defined)
        for b in f.blocks:
            for ins in list(b.instrs):
                if ins.block is None:
                    continue
                if ins.op == "load":
                    c = self.const_load(ins)
                    if c is not None:
                        ins.replace_all_uses(c)
                        ins.erase()
                        changed = True
                elif ins.op == "call" and not ins.users and _callee(ins) in _PRINTF:
                    changed |= self.printf(ins)
                elif ins.op == "call":
                    changed |= narrow_math(ins) or self.memory(ins)
                elif ins.op in ("memcpy", "memset"):
                    changed |= scalar_memory(ins)
        return changed

    def memory(self, ins: Instr) -> bool:
        """``memcpy``/``memset`` calls of a small constant size -> the IR operations (each back
        end expands those inline), ``strlen`` of a constant string -> its length."""
        name = _callee(ins)
        a = ins.args
        if name in ("memcpy", "memset") and len(a) == 4 and isinstance(a[3], Const) \
                and a[3].value <= MEM_INLINE and a[1].type.is_ptr:
            if name == "memcpy":
                if not a[2].type.is_ptr:
                    return False
                new = Instr("memcpy", T.VOID, [a[1], a[2], Const(T.I64, a[3].value)], extra=1)
            else:
                if not isinstance(a[2], Const) or not a[2].type.is_int:
                    return False
                new = Instr("memset", T.VOID, [a[1], Const(T.I8, a[2].value & 0xFF),
                                               Const(T.I64, a[3].value)], extra=1)
            _copy_slots(ins, new)
            ins.block.insert(ins.block.instrs.index(ins), new)
            if ins.users:
                ins.replace_all_uses(a[1])
            ins.erase()
            return True
        if name == "strlen" and len(a) == 2 and ins.type.is_int:
            s = self.cstring(a[1])
            if s is None:
                return False
            ins.replace_all_uses(Const(ins.type, len(s)))
            ins.erase()
            return True
        return False

    def _replace(self, ins: Instr, name, args, rt=T.I32):
        if name is not None:
            new = Instr("call", rt, [SymRef(name), *args], extra=CallInfo())
            new.name = ins.name
            _copy_slots(ins, new)
            b = ins.block
            b.insert(b.instrs.index(ins), new)
        ins.erase()
        return True

    def printf(self, ins: Instr) -> bool:
        fi, si, va = _PRINTF[_callee(ins)]
        args = ins.args[1:]
        if len(args) <= fi:
            return False
        fmt = self.cstring(args[fi])
        if fmt is None:
            return False
        rest = args[fi + 1:]
        stream = args[si] if si is not None else None
        if b"%" not in fmt:
            if va and len(rest) != 1 or not va and rest:
                return False
            return self._text(ins, fmt, stream, args[fi])
        if va:
            return False
        if fmt == b"%s" and len(rest) == 1 and rest[0].type.is_ptr:
            s = self.cstring(rest[0])
            if stream is not None:
                return self._replace(ins, "fputs", [rest[0], stream])
            if s is not None and b"%" not in s:
                return self._text(ins, s, None)
            return False
        if fmt == b"%c" and len(rest) == 1 and rest[0].type is T.I32:
            if stream is not None:
                return self._replace(ins, "fputc", [rest[0], stream])
            return self._replace(ins, "putchar", [rest[0]])
        if fmt == b"%s\n" and stream is None and len(rest) == 1 and rest[0].type.is_ptr:
            return self._replace(ins, "puts", [rest[0]])
        return False

    def _text(self, ins: Instr, text: bytes, stream, ptr=None) -> bool:
        if not text:
            return self._replace(ins, None, [])
        if stream is not None:
            return self._replace(ins, "fputs", [ptr if ptr is not None else self.string_ref(text),
                                                stream])
        if len(text) == 1:
            return self._replace(ins, "putchar", [Const(T.I32, text[0])])
        if text.endswith(b"\n"):
            return self._replace(ins, "puts", [self.string_ref(text[:-1])])
        return False
