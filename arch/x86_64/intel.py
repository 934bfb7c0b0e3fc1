"""Intel syntax operands (``.intel_syntax noprefix``): parsed into the same operand objects as
AT&T, returned in AT&T order (source first) so the same encoders apply."""
from __future__ import annotations

import re

from toolchain.asm.assembler import AsmError
from toolchain.asm.expr import Value

from .registers import REGS

_PTR = {"byte": 1, "word": 2, "dword": 4, "qword": 8, "tbyte": 10, "tword": 10, "xmmword": 16,
        "oword": 16, "ymmword": 32, "zmmword": 64, "fword": 6, "mmword": 8}
_PTR_RE = re.compile(r"\s*(byte|word|dword|qword|tbyte|tword|xmmword|oword|ymmword|zmmword|"
                     r"fword|mmword)\s+(?:ptr\b)?\s*", re.I)
_BCST_RE = re.compile(r"\s*(byte|word|dword|qword)\s+bcst\s+", re.I)
_SEG_RE = re.compile(r"\s*(es|cs|ss|ds|fs|gs)\s*:\s*", re.I)
_OFFSET_RE = re.compile(r"\s*offset\s+(?:flat\s*:\s*)?", re.I)


def _split_top(text, seps=","):
    out = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch in seps and depth == 0:
            out.append(text[start:i].strip())
            start = i + 1
    out.append(text[start:].strip())
    return out


def _reg(name):
    n = name.strip().lower().replace(" ", "")
    if n[:1] == "%":
        n = n[1:]
    r = REGS.get(n)
    return r


def parse_intel_operands(t, text):
    from .asm import Op
    ops = []
    for part in _split_top(text):
        if not part:
            raise AsmError("missing operand")
        ops.append(_operand(t, part, Op))
    ops.reverse()
    return ops


def _operand(t, s, Op):
    s = s.strip()
    if s.endswith("}"):
        from . import evex
        rc = evex.rc_operand(s)
        if rc is not None:
            o = Op("rc")
            o.value = rc
            return o
        s, deco = evex.strip_decorators(s, intel=True)
        m = _BCST_RE.match(s)
        if m:
            if deco is None:
                deco = evex.Deco()
            s = s[m.end():]
        o = _operand1(t, s, Op)
        o.deco = deco
        return o
    m = _BCST_RE.match(s)
    if m:
        from . import evex
        deco = evex.Deco()
        deco.belem = _PTR[m.group(1).lower()]
        o = _operand1(t, s[m.end():], Op)
        o.deco = deco
        return o
    return _operand1(t, s, Op)


def _operand1(t, s, Op):
    ptrsize = None
    s = s.strip()
    if s.startswith("[") and s.endswith("]") and "[" in s[1:-1]:
        # [QWORD PTR -40[rsp+rdi*8]]: the outer brackets add nothing
        s = s[1:-1].strip()
    m = _PTR_RE.match(s)
    if m:
        ptrsize = _PTR[m.group(1).lower()]
        s = s[m.end():]
    m = _OFFSET_RE.match(s)
    if m:
        o = Op("i")
        o.value = t.value(s[m.end():].strip())
        return o
    r = _reg(s)
    if r is not None and ptrsize is None:
        o = Op("r")
        o.reg = r
        return o
    seg = None
    m = _SEG_RE.match(s)
    if m and (m.end() < len(s)):
        seg = REGS[m.group(1).lower()]
        s = s[m.end():]
    if "[" not in s:
        if ptrsize is None and seg is None:
            # a bare expression: an immediate (numbers) or a branch target / memory (symbols)
            v = t.value(s)
            o = Op("i")
            o.value = v
            o.text = "bare"
            return o
        o = Op("m")
        o.value = t.value(s)
        o.has_disp = True
        o.seg = seg
        o.ptrsize = ptrsize
        return o
    # disp[base+index*scale+disp] or [..]
    o = Op("m")
    o.seg = seg
    o.ptrsize = ptrsize
    pre = s[:s.index("[")].strip()
    inner_all = s[s.index("["):]
    terms = []
    if pre:
        terms.append(("+", pre))
    for blk in re.findall(r"\[([^\]]*)\]", inner_all):
        b = blk.strip()
        m2 = _SEG_RE.match(b)
        if m2:
            o.seg = REGS[m2.group(1).lower()]
            b = b[m2.end():]
        terms += _terms(b)
    disp_parts = []
    for sign, term in terms:
        tl = term.strip()
        r = _reg(tl)
        if r is not None and sign == "+":
            if r.kind == "rip":
                o.rip = True
            elif o.base is None:
                o.base = r
            elif o.index is None:
                o.index = r
            else:
                raise AsmError(f"too many registers in memory operand")
            if r.kind == "gpr" and r.size == 4:
                o.addr32 = True
            continue
        if "*" in tl:
            a, b = [x.strip() for x in tl.split("*", 1)]
            ra, rb = _reg(a), _reg(b)
            if ra is not None or rb is not None:
                reg = ra if ra is not None else rb
                sc = b if ra is not None else a
                o.index = reg
                o.scale = t.asm.abs_expr(sc)
                if o.scale not in (1, 2, 4, 8):
                    raise AsmError("expecting scale factor of 1, 2, 4, or 8")
                if reg.size == 4:
                    o.addr32 = True
                continue
        disp_parts.append(("-" if sign == "-" else "+") + "(" + tl + ")")
    if disp_parts:
        txt = "".join(disp_parts)
        if txt.startswith("+"):
            txt = txt[1:]
        o.value = t.value(txt)
        o.has_disp = True
    else:
        o.value = Value(0)
    if o.index is not None and o.index.name in ("rsp", "esp") and o.base is None:
        pass
    return o


def _terms(b):
    out = []
    depth = 0
    cur = []
    sign = "+"
    for ch in b:
        if ch in "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch in "+-" and depth == 0 and "".join(cur).strip():
            out.append((sign, "".join(cur)))
            cur = []
            sign = ch
            continue
        if ch in "+-" and depth == 0 and not "".join(cur).strip():
            sign = "-" if (ch == "-") != (sign == "-") else "+"
            continue
        cur.append(ch)
    if "".join(cur).strip():
        out.append((sign, "".join(cur)))
    return out
