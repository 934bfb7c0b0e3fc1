"""Extended inline asm for AArch64: constraints and operand modifiers.

Constraints: ``r`` (general register; printed as w for values of 32 bits or less, x
otherwise), ``w``/``x`` (FP/SIMD register; s/d/q by size), ``I J K L M N i n`` (immediates,
printed without ``#`` as gcc does), ``m`` (``[xN, #off]``), ``Q``/``Ump`` (``[xN]``), ``g``,
matching digits, ``=``, ``+``, ``&``; clobbers of x/w/v/d/s/q registers, ``memory``, ``cc``.
Modifiers: ``%w0 %x0`` (general register views), ``%s0 %d0 %q0 %h0 %b0`` (FP/SIMD views),
``%c0`` (bare constant), ``%a0`` (address in brackets).
"""
from __future__ import annotations

from toolchain.cc.backend.inlineasm import substitute
from toolchain.cc.backend.mir import Imm, MInstr, Mem, ROp, Sym
from toolchain.cc.ir import types as T
from toolchain.cc.ir.core import Const, SymRef

from .regs import V, X, XZR, reg_name

_FPV = {"b": 1, "h": 2, "s": 4, "d": 8, "q": 16}


def _reg_clobber(name: str):
    n = name.strip().lstrip("%").lower()
    if n in ("memory", "cc"):
        return None
    if n in ("lr",):
        return None
    if n and n[0] in "xw" and n[1:].isdigit() and int(n[1:]) < 31:
        return X[int(n[1:])]
    if n and n[0] in "vdsqhb" and n[1:].isdigit() and int(n[1:]) < 32:
        return V[int(n[1:])]
    return None


def select_asm(isel, ins):
    from .isel import Unsupported, osz
    info = ins.extra
    cons, clobbers = info.split()
    ops, roles = [], []
    post = []
    for k, (c, v) in enumerate(zip(cons, ins.args)):
        out_t = info.outs[k]
        t = out_t if out_t is not None else v.type
        letters = c.replace("=", "").replace("+", "").replace("&", "").replace("%", "")
        if t.is_struct or t is T.I128 or t is T.F128 or t is T.F80:
            if "m" in letters or "Q" in letters or "o" in letters:
                pass
            else:
                raise Unsupported(f"inline asm operand of type {t}")
        if letters.isdigit():
            j = int(letters)
            tgt = ops[j]
            if isinstance(tgt, ROp):
                isel.copy_to(tgt.reg, v, t)
                roles[j] = "ud"
            ops.append(tgt)
            roles.append("")
            continue
        if ("m" in letters or "Q" in letters or "U" in letters or "o" in letters) \
                and "r" not in letters and "g" not in letters:
            if out_t is not None:
                p = v
            else:
                p = v
            if "Q" in letters or "U" in letters:
                m = Mem(isel.addr_reg(p), size=8)
            else:
                m = isel.addr(p)
                if m.slot is not None or abs(m.disp) > 255:
                    m = Mem(isel.lea(m), size=8)
            m.size = t.size if t.size else 8
            ops.append(m)
            roles.append("")
            continue
        if out_t is None and isinstance(v, Const) and not t.is_float and (
                any(ch in letters for ch in "IJKLMNin") or "g" in letters):
            ops.append(Imm(v.signed))
            roles.append("")
            continue
        if out_t is None and isinstance(v, SymRef) and ("i" in letters or "s" in letters
                                                       or "S" in letters):
            ops.append(Sym(v.name))
            roles.append("")
            continue
        fp = "w" in letters or "x" in letters or (t.is_float and "r" not in letters)
        size = (t.size if t.size in (4, 8, 16) else 4) if fp else (8 if t.size >= 8 else 4)
        if t.is_float and not fp:
            size = t.size
        if out_t is None:
            if fp and not t.is_float:
                r = isel.vreg("f")
                isel.emit("fmov", ROp(r, 8), ROp(isel.val(v), 8))
            elif not fp and t.is_float:
                r = isel.vreg("i")
                isel.emit("fmov", ROp(r, t.size), ROp(isel.val(v), t.size))
            elif isinstance(v, Const) and not t.is_float:
                r = isel.const_reg(v.value, osz(t))
            else:
                r = isel.val(v)
            ops.append(ROp(r, size))
            roles.append("u")
        else:
            r = isel.vreg("f" if fp else "i")
            if "&" in c or "+" in c:
                if fp:
                    isel.emit("movi", ROp(r, 8), Imm(0))
                else:
                    isel.emit("mov", ROp(r, 8), ROp(XZR, 8))
                roles.append("ud")
            else:
                roles.append("d")
            ops.append(ROp(r, size))
            post.append((r, v, t, fp))
    idef = []
    for name in clobbers:
        r = _reg_clobber(name)
        if r is not None and r not in idef:
            idef.append(r)
    tmpl = info.template
    if "%=" in tmpl:
        isel.ctx.nlabel += 1
        tmpl = tmpl.replace("%=", str(isel.ctx.nlabel))
    mi = MInstr("asm", ops, tuple(roles), (), tuple(idef), flags="r", extra=tmpl)
    isel.mb.instrs.append(mi)
    for r, p, t, fp in post:
        m = isel.addr(p)
        if t.is_float:
            if fp:
                isel.emit("str", ROp(r, t.size), m.copy(size=t.size))
            else:
                isel.emit("str", ROp(r, t.size), m.copy(size=t.size))
        else:
            n = 1 if t is T.I1 else t.size
            if fp:
                g = isel.vreg("i")
                isel.emit("fmov", ROp(g, 8 if n == 8 else 4), ROp(r, 8 if n == 8 else 4))
                r = g
            isel.emit({1: "strb", 2: "strh", 4: "str", 8: "str"}[min(n, 8)],
                      ROp(r, 8 if n >= 8 else 4), m.copy(size=min(n, 8)))


def _op_text(o, mod: str) -> str:
    if isinstance(o, ROp):
        r = o.reg
        if r.cls == "f":
            if mod in _FPV:
                return reg_name(r, _FPV[mod])
            return reg_name(r, o.size if o.size in _FPV.values() else 8)
        if mod == "w":
            return reg_name(r, 4)
        # no modifier: gcc prints the x register whatever the operand's size
        return reg_name(r, 8)
    if isinstance(o, Imm):
        return str(o.value)
    if isinstance(o, Sym):
        return o.name
    if isinstance(o, Mem):
        base = "x29" if o.base is None else reg_name(o.base, 8)
        off = o.disp + (o.slot.offset if o.slot is not None else 0)
        if mod == "a" or not off:
            return f"[{base}]" if not off else f"[{base}, {off}]"
        return f"[{base}, {off}]"
    raise TypeError(o)


def format_asm(mi: MInstr) -> str:
    """The inline asm template with its operands (toolchain.cc.backend.inlineasm)."""
    def fmt(o, mod):
        if mod == "c" and isinstance(o, Imm):
            return str(o.value)
        return _op_text(o, mod)
    return "\t" + substitute(mi.extra, mi.ops, fmt, escapes="%{|}")
