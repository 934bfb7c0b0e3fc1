"""Extended inline asm for RISC-V: constraints r f I K J A m i n g (=, +, &, digits for tied
inputs), clobbers by ABI or x-register name, operand modifiers z (x0 for a zero constant) and
i (the 'i' suffix when the operand is an immediate)."""
from __future__ import annotations

from toolchain.cc.backend.mir import Imm, MInstr, Mem, ROp, Sym
from toolchain.cc.ir import types as T
from toolchain.cc.ir.core import Const, SymRef

from .regs import PHYS, X, F


def select_asm(isel, ins):
    info = ins.extra
    cons, clobbers = info.split()
    ops, roles = [], []
    iuse, idef = [], []
    post = []
    for k, (c, v) in enumerate(zip(cons, ins.args)):
        out_t = info.outs[k]
        t = out_t if out_t is not None else v.type
        letters = c.replace("=", "").replace("+", "").replace("&", "").replace("%", "")
        if letters.isdigit():
            j = int(letters)
            tgt = ops[j]
            if isinstance(tgt, ROp):
                isel.mv(tgt.reg, isel.val(v))
                roles[j] = "ud"
            ops.append(tgt)
            roles.append("")
            continue
        if ("m" in letters or "A" in letters) and "r" not in letters:
            m = isel.addr(v)
            if "A" in letters and (m.disp or m.slot is not None):
                r = isel.vreg()
                isel.emit("addr", ROp(r, 8), m)
                m = Mem(r)
            ops.append(m)
            roles.append("")
            continue
        if any(ch in letters for ch in "iInKJg") and out_t is None and isinstance(v, Const) \
                and not t.is_float:
            ops.append(Imm(v.signed))
            roles.append("")
            continue
        if out_t is None and isinstance(v, SymRef) and ("i" in letters or "s" in letters):
            ops.append(Sym(v.name))
            roles.append("")
            continue
        cls = "f" if ("f" in letters or (t.is_float and "r" not in letters)) else "i"
        if out_t is None:
            r = isel.val(v)
            if r.cls != cls:
                r2 = isel.vreg(cls)
                isel.emit(("fmv.x.d" if cls == "i" else "fmv.d.x"), ROp(r2, 8), ROp(r, 8))
                r = r2
            ops.append(ROp(r, 8))
            roles.append("u")
        else:
            r = isel.vreg(cls)
            if "&" in c or "+" in c:
                isel.mv(r, isel.val(Const(T.I64, 0)) if cls == "i" else isel.val(Const(T.F64, 0.0)))
                roles.append("ud")
            else:
                roles.append("d")
            ops.append(ROp(r, 8))
            post.append((r, v, t))
    for name in clobbers:
        r = PHYS.get(name)
        if r is None and name.startswith("x") and name[1:].isdigit():
            r = list(X.values())[int(name[1:])]
        if r is None and name.startswith("f") and name[1:].isdigit():
            r = list(F.values())[int(name[1:])]
        if r is not None and r not in idef and r.name not in ("zero", "sp", "s0", "tp", "gp"):
            idef.append(r)
    tmpl = info.template
    if "%=" in tmpl:
        isel.ctx.nlabel += 1
        tmpl = tmpl.replace("%=", str(isel.ctx.nlabel))
    mi = MInstr("asm", ops, tuple(roles), tuple(iuse), tuple(idef), flags="r", extra=tmpl)
    isel.mb.instrs.append(mi)
    for r, p, t in post:
        m = isel.addr(p)
        if t.is_float and r.cls == "f":
            isel.store_typed(r, m, t)
        elif t.is_float:
            isel.store_typed(r, m, T.int_type(t.bits))
        else:
            isel.emit(isel.STORES[min(t.size, 8)], ROp(r, 8), m)


def fmt_asm(mi: MInstr, fr) -> str:
    from toolchain.cc.backend.inlineasm import substitute

    from .emit import _mem_parts

    def fmt(o, mod):
        if isinstance(o, ROp):
            return o.reg.name
        if isinstance(o, Imm):
            if mod == "z" and o.value == 0:
                return "zero"
            if mod == "i":
                return "i"
            return str(o.value)
        if isinstance(o, Sym):
            return o.name
        base, off = _mem_parts(o, fr)
        return f"{off}({base})"
    return "\t" + substitute(mi.extra, mi.ops, fmt)
