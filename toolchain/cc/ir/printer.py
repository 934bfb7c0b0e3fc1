"""Print IR as text (the form ``parser.py`` reads back; see docs/ir.md)."""
from __future__ import annotations

import math

from .floats import XFloat, fmt_exact
from .core import INTRINSICS
from .core import (Arg, BINOPS, CASTS, Const, Function, GlobalVar, Instr, Module, SymRef, Undef,
                   UNOPS, Value)


def fmt_float(v: float, t=None) -> str:
    if isinstance(v, XFloat) and t is not None and (t.bits > 64 or v != v):
        return fmt_exact(v, t)          # exact f80/f128 constant, exact NaN (floats.py)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    r = repr(float(v))
    return r


class Namer:
    """Gives unnamed values stable numbers in print order."""
    __slots__ = ("names", "n", "used")

    def __init__(self, f: Function):
        self.names = {}
        self.n = 0
        self.used = set()
        for p in f.params:
            self.used.add(p.name)
        for i in f.instructions():
            if i.name:
                self.used.add(i.name)
        for i in f.instructions():
            if i.name is None and not i.type.is_void:
                while True:
                    self.n += 1
                    nm = str(self.n)
                    if nm not in self.used:
                        break
                self.names[i] = nm

    def name(self, v) -> str:
        if isinstance(v, Instr):
            return v.name or self.names.get(v) or "?"
        return v.name


def fmt_value(v: Value, namer: Namer) -> str:
    if isinstance(v, Const):
        if v.type.is_float:
            return fmt_float(v.value, v.type)
        if v.type.is_ptr and v.value == 0:
            return "null"
        return str(v.signed)
    if isinstance(v, SymRef):
        return "@" + v.name
    if isinstance(v, Undef):
        return "undef"
    if isinstance(v, (Instr, Arg)):
        return "%" + namer.name(v)
    raise TypeError(f"not a value: {v!r}")


def fmt_instr(i: Instr, namer: Namer) -> str:
    V = lambda v: fmt_value(v, namer)   # noqa: E731
    op = i.op
    a = i.args
    lhs = f"%{namer.name(i)} = " if not i.type.is_void else ""
    if op in BINOPS:
        return f"{lhs}{op} {i.type} {V(a[0])}, {V(a[1])}"
    if op in UNOPS or op == "copy":
        return f"{lhs}{op} {i.type} {V(a[0])}"
    if op in CASTS:
        return f"{lhs}{op} {a[0].type} {V(a[0])} to {i.type}"
    if op in ("icmp", "fcmp"):
        return f"{lhs}{op} {i.pred} {a[0].type} {V(a[0])}, {V(a[1])}"
    if op == "select":
        return f"{lhs}select {i.type} {V(a[0])}, {V(a[1])}, {V(a[2])}"
    if op == "load":
        vol = i.extra + " " if i.extra else ""
        return f"{lhs}load {vol}{i.type}, {V(a[0])}"
    if op == "store":
        vol = i.extra + " " if i.extra else ""
        return f"store {vol}{a[0].type} {V(a[0])}, {V(a[1])}"
    if op == "alloca":
        return f"{lhs}alloca {a[0].type} {V(a[0])}, align {i.extra}"
    if op == "ptradd":
        return f"{lhs}ptradd {V(a[0])}, {a[1].type} {V(a[1])}"
    if op == "phi":
        inc = ", ".join(f"[{V(v)}, {b.name}]" for v, b in i.incoming())
        return f"{lhs}phi {i.type} {inc}"
    if op == "call":
        ci = i.extra
        parts = []
        for k, v in enumerate(a[1:]):
            if ci.nfixed is not None and k == ci.nfixed + (1 if ci.sret else 0):
                parts.append("...")
            j = k - (1 if ci.sret is not None else 0)
            if ci.sret is not None and k == 0:
                parts.append(f"sret {ci.sret} {V(v)}")
            elif ci.byval and ci.byval[j] is not None:
                parts.append(f"byval {ci.byval[j]} {V(v)}")
            else:
                ext = ci.ext[j] + " " if ci.ext and ci.ext[j] else ""
                parts.append(f"{ext}{v.type} {V(v)}")
        if ci.nfixed is not None and len(a) - 1 == ci.nfixed + (1 if ci.sret else 0):
            parts.append("...")
        return f"{lhs}call {i.type} {V(a[0])}({', '.join(parts)})"
    if op == "memcpy":
        return f"memcpy {V(a[0])}, {V(a[1])}, {a[2].type} {V(a[2])}, align {i.extra}"
    if op == "memset":
        return f"memset {V(a[0])}, i8 {V(a[1])}, {a[2].type} {V(a[2])}, align {i.extra}"
    if op in ("va_start", "va_end"):
        return f"{op} {V(a[0])}"
    if op == "va_copy":
        return f"va_copy {V(a[0])}, {V(a[1])}"
    if op == "va_arg":
        return f"{lhs}va_arg {i.extra or i.type}, {V(a[0])}"
    if op == "blockaddr":
        return f"{lhs}blockaddr {i.targets[0].name}"
    if op == "fence":
        return "fence"
    if op in ("stacksave", "frameaddress", "returnaddress"):
        return f"{lhs}{op}"
    if op == "stackrestore":
        return f"stackrestore {V(a[0])}"
    if op in INTRINSICS:
        return f"{op} {', '.join(V(x) for x in a)}"
    if op == "asm":
        info = i.extra
        parts = []
        for v, ot in zip(a, info.outs):
            parts.append(f"out {ot} {V(v)}" if ot is not None else f"{v.type} {V(v)}")
        return (f"asm {_escape(info.template.encode())} {_escape(info.constraints.encode())} "
                f"({', '.join(parts)})")
    if op == "atomicrmw":
        return f"{lhs}atomicrmw {i.extra} {i.type} {V(a[0])}, {V(a[1])}"
    if op == "cmpxchg":
        return f"{lhs}cmpxchg {i.type} {V(a[0])}, {V(a[1])}, {V(a[2])}"
    # terminators
    if op == "br":
        return f"br {V(a[0])}, {i.targets[0].name}, {i.targets[1].name}"
    if op == "jmp":
        return f"jmp {i.targets[0].name}"
    if op == "ret":
        if not a:
            return "ret"
        return f"ret {a[0].type if not i.extra else i.extra} {V(a[0])}"
    if op == "switch":
        cases = ", ".join(f"{Const(a[0].type, c).signed}: {b.name}"
                          for c, b in zip(i.extra, i.targets[1:]))
        return f"switch {a[0].type} {V(a[0])}, {i.targets[0].name} [{cases}]"
    if op == "unreachable":
        return "unreachable"
    if op == "indirectbr":
        return f"indirectbr {V(a[0])}, [{', '.join(b.name for b in i.targets)}]"
    raise ValueError(f"cannot print op {op}")


def fmt_function(f: Function) -> str:
    namer = Namer(f)
    params = []
    for p in f.params:
        if p.byval is not None:
            params.append(f"byval {p.byval} %{p.name}")
        else:
            params.append(f"{p.type} %{p.name}")
    if f.varargs:
        params.append("...")
    link = "".join(w + " " for w, on in (("internal", f.internal), ("weak", f.weak),
                                         ("hidden", f.hidden)) if on)
    sec = f" section {_escape(f.section.encode())}" if f.section else ""
    lines = [f"define {link}{f.ret_type} @{f.name}({', '.join(params)}){sec} {{"]
    for b in f.blocks:
        lines.append(f"{b.name}:")
        for i in b.instrs:
            lines.append("  " + fmt_instr(i, namer))
    lines.append("}")
    return "\n".join(lines)


def _escape(data: bytes) -> str:
    out = []
    for c in data:
        if 32 <= c < 127 and c not in (34, 92):
            out.append(chr(c))
        else:
            out.append(f"\\{c:02x}")
    return '"' + "".join(out) + '"'


def fmt_global(g: GlobalVar) -> str:
    flags = "".join(f + " " for f, on in (("internal", g.internal), ("weak", g.weak),
                                         ("hidden", g.hidden), ("readonly", g.readonly),
                                         ("tls", g.tls), ("common", g.common)) if on)
    s = f"@{g.name} = {flags}global {g.size}, align {g.align}"
    if g.section:
        s += f" section {_escape(g.section.encode())}"
    if g.init is not None:
        items = []
        for it in g.init:
            k = it[0]
            if k == "int":
                items.append(f"{it[1]} {Const(it[1], it[2]).signed}")
            elif k == "float":
                items.append(f"{it[1]} {fmt_float(it[2], it[1])}")
            elif k == "sym":
                items.append(f"ptr @{it[1]}" + (f" + {it[2]}" if it[2] else ""))
            elif k == "zero":
                items.append(f"zero {it[1]}")
            elif k == "bytes":
                items.append(f"bytes {_escape(it[1])}")
        s += " [" + ", ".join(items) + "]"
    return s


def fmt_module(m: Module) -> str:
    parts = []
    for name, kind in sorted(m.externs.items()):
        parts.append(f"extern @{name} {kind}")
    for g in m.globals:
        parts.append(fmt_global(g))
    for f in m.functions:
        parts.append(fmt_function(f))
    return "\n\n".join(parts) + "\n"
