"""EVEX-encoded instructions (AVX-512 F/CD/BW/DQ/VL/ER/PF/VBMI/VBMI2/IFMA/VNNI/BITALG/
VPOPCNTDQ/VP2INTERSECT/BF16/4FMAPS/4VNNIW, GFNI/VAES/VPCLMULQDQ EVEX forms) and the VEX mask
instructions (kmov*, kand*, ...).

Encoding facts from the Intel SDM vol. 2, section 2.7 (EVEX prefix):
  62 | R X B R' 0 m m m | W v v v v 1 p p | z L' L b V' a a a
R, X, B, R', vvvv, V' are stored inverted. R' is bit 4 of ModRM.reg; X is bit 4 of a register
ModRM.rm (bit 3 of the index for memory); V' is bit 4 of vvvv, or bit 4 of a VSIB index.
An 8-bit displacement is scaled by N (the memory access size, or the element size with a
broadcast): disp8*N. With EVEX.b set on a register form, L'L holds the rounding control.

The instruction table is text (one row per instruction), see ``_ROWS``; ``build_evex`` turns it
into ``{mnemonic: Ent}``. AT&T operand order throughout (Intel operands are reversed by the
operand parser before they get here).
"""
from __future__ import annotations

import re

from toolchain.asm.assembler import AsmError
from toolchain.asm.expr import Value

_PP = {"NP": 0, "66": 1, "F3": 2, "F2": 3}
_MM = {"0F": 1, "38": 2, "3A": 3, "M5": 5, "M6": 6}
_VEXMAP = {1: b"\x0f", 2: b"\x0f\x38", 3: b"\x0f\x3a"}
_SHIFT = {"fv": 0, "fvm": 0, "hv": 1, "hvm": 1, "qv": 2, "qvm": 2, "ovm": 3}
_BCST_KINDS = ("fv", "hv", "qv")
_RC = {"rn-sae": 0, "rd-sae": 1, "ru-sae": 2, "rz-sae": 3, "sae": 4}
_VEC = ("xmm", "ymm", "zmm")
_DECO_RE = re.compile(r"\{\s*([^{}]*?)\s*\}\s*\Z")
_BCST_RE = re.compile(r"1to(\d+)\Z")


class Deco:
    """Decorators of one operand: {%kN}, {z}, {1toN} (count) or Intel ``BCST`` (elem size)."""
    __slots__ = ("mask", "zero", "bcst", "belem", "rc")

    def __init__(self):
        self.rc = None
        self.mask = None
        self.zero = False
        self.bcst = None
        self.belem = None


def strip_decorators(s, intel=False):
    """Split trailing ``{...}`` decorators off an operand; returns (text, Deco or None)."""
    d = None
    while s.endswith("}"):
        m = _DECO_RE.search(s)
        if m is None:
            break
        body = m.group(1).lower()
        if body[:1] == "%" or (intel and body[:1] == "k"):
            name = body.lstrip("%")
            if len(name) != 2 or name[0] != "k" or not name[1].isdigit() or name[1] > "7":
                raise AsmError(f"invalid mask register `{body}'" if False else
                               f"bad register name `{body}'")
            d = d or Deco()
            d.mask = int(name[1])
        elif body == "z":
            d = d or Deco()
            d.zero = True
        else:
            b = _BCST_RE.match(body)
            if b is None:
                if body in _RC and s[:m.start()].strip() == "":
                    break
                if body in _RC and intel:
                    d = d or Deco()
                    d.rc = _RC[body]
                    s = s[:m.start()].rstrip()
                    continue
                raise AsmError(f"unknown vector operation: `{{{body}}}'")
            d = d or Deco()
            d.bcst = int(b.group(1))
        s = s[:m.start()].rstrip()
    return s, d


def rc_operand(s):
    """``{rn-sae}`` etc. as an operand; returns the rounding code (4 for ``{sae}``) or None."""
    if s[:1] == "{" and s[-1:] == "}":
        return _RC.get(s[1:-1].strip().lower())
    return None


class Ent:
    __slots__ = ("name", "pp", "mm", "opc", "w", "form", "mem", "elem", "flags", "digit",
                 "vex")

    def __repr__(self):
        return f"Ent({self.name})"


def _needs_evex(ops):
    for o in ops:
        k = o.kind
        if k == "r":
            r = o.reg
            if r.kind == "zmm" or r.kind == "k" or (r.num >= 16 and r.kind in _VEC):
                return True
        elif k == "m":
            x = o.index
            if x is not None and (x.kind == "zmm" or (x.kind in _VEC and x.num >= 16)):
                return True
        elif k == "rc":
            return True
        if o.deco is not None:
            return True
    return False


def needs_evex(ops):
    return _needs_evex(ops)


def _vsize(o):
    return o.reg.size if o.kind == "r" and o.reg.kind in _VEC else 0


_NREG = {"rvm": 3, "rm": 2, "mr": 2, "vm": 2, "m": 1, "rvm4": 3, "mvr": 3}


def select(t, ents, ops):
    """The table row for these operands (load/store, register/immediate, GPR forms)."""
    has_imm = False
    core = []
    for o in ops:
        if o.kind == "i":
            has_imm = True
        elif o.kind != "rc":
            core.append(o)
    n = len(core)
    swap = t.swap
    for e in ents:
        fl = e.flags
        if ("imm" in fl) != has_imm or _NREG[e.form] != n:
            continue
        f = e.form
        if f == "mr":
            reg, rm = core
        elif f == "mvr":
            reg, rm = core[0], core[-1]
        elif f == "vm" or f == "m":
            rm = core[0]
            reg = None
        else:
            rm = core[0]
            reg = core[-1]
        if reg is not None and reg.kind != "r":
            continue
        if rm.kind == "m":
            if "nomem" in fl:
                continue
        elif rm.kind == "r":
            if "memonly" in fl:
                continue
            if rm.reg.kind == "gpr" and "gpr" not in fl:
                continue
        if reg is not None and (reg.reg.kind == "gpr") != ("rgpr" in fl):
            continue
        if "novec" in fl and rm.kind == "r" and rm.reg.kind in _VEC:
            continue
        if swap and f[0] != "m" and rm.kind == "r" and any(x.form[0] == "m" for x in ents):
            continue
        return e
    if n == 0 or not any(_NREG[e.form] == n for e in ents):
        raise AsmError(f"number of operands mismatch for `{t.cur_mnem}'")
    raise AsmError(f"operand type mismatch for `{t.cur_mnem}'")


def h_evex(t, e, ops, memhint=None):
    """Encode one EVEX instruction from its table entry and AT&T-ordered operands."""
    name = t.cur_mnem
    imm = None
    rc = None
    if ops and ops[0].kind == "i":
        imm = ops[0].value
        ops = ops[1:]
    rest = []
    for o in ops:
        if o.kind == "rc":
            if rc is not None:
                raise AsmError(f"operand type mismatch for `{name}'")
            rc = o.value
        else:
            d = o.deco
            if d is not None and d.rc is not None:
                rc = d.rc
            rest.append(o)
    ops = rest
    flags = e.flags
    if ("imm" in flags) != (imm is not None):
        raise AsmError(f"number of operands mismatch for `{name}'" if imm is None else
                       f"operand type mismatch for `{name}'")
    form = e.form
    nreg = _NREG[form]
    if len(ops) != nreg:
        raise AsmError(f"number of operands mismatch for `{name}'")
    for o in ops:
        if o.kind == "i" or o.kind == "rc":
            raise AsmError(f"operand type mismatch for `{name}'")
    # operand roles
    vvvv = None
    if form == "rvm" or form == "rvm4":
        rm, v, reg = ops
        if v.kind != "r" or reg.kind != "r":
            raise AsmError(f"operand type mismatch for `{name}'")
        vvvv = v.reg
        dst = reg
    elif form == "rm":
        rm, reg = ops
        if reg.kind != "r":
            raise AsmError(f"operand type mismatch for `{name}'")
        dst = reg
    elif form == "mr":
        reg, rm = ops
        if reg.kind != "r":
            raise AsmError(f"operand type mismatch for `{name}'")
        dst = rm
    elif form == "mvr":
        reg, v, rm = ops
        if reg.kind != "r" or v.kind != "r":
            raise AsmError(f"operand type mismatch for `{name}'")
        vvvv = v.reg
        dst = rm
    elif form == "vm":
        rm, v = ops
        if v.kind != "r":
            raise AsmError(f"operand type mismatch for `{name}'")
        vvvv = v.reg
        reg = None
        dst = v
    else:
        rm = ops[0]
        reg = None
        dst = rm
    if rm.kind == "m" and "nomem" in flags or rm.kind == "r" and "memonly" in flags:
        raise AsmError(f"operand type mismatch for `{name}'")
    # decorators: masking on the destination, broadcast on the memory operand
    mask = 0
    zero = False
    bcst = None
    belem = None
    for o in ops:
        d = o.deco
        if d is None:
            continue
        if d.mask is not None or d.zero:
            if o is not dst:
                raise AsmError(f"operand type mismatch for `{name}'" if False else
                               f"unsupported masking for `{name}'" if False else
                               f"operand type mismatch for `{name}'")
            if d.mask is not None:
                mask = d.mask
            zero = d.zero
        if d.bcst is not None or d.belem is not None:
            if o.kind != "m" or o is not rm:
                raise AsmError(f"operand type mismatch for `{name}'")
            bcst = d.bcst
            belem = d.belem
    if zero and (mask == 0 or dst.kind == "m"):
        raise AsmError(f"unsupported masking for `{name}'" if dst.kind == "m" else
                       f"zeroing-masking only allowed with write mask")
    if "mask" in flags and mask == 0:
        raise AsmError(f"operand type mismatch for `{name}'")
    mem = rm.kind == "m"
    elem = e.elem
    mk = e.mem
    if bcst is not None or belem is not None:
        if mk not in _BCST_KINDS:
            raise AsmError(f"unsupported broadcast for `{name}'")
        if belem is not None and belem != elem:
            raise AsmError(f"unsupported broadcast for `{name}'")
    # vector length
    if "lig" in flags:
        L = None
    elif "L512" in flags:
        L = 64
    else:
        L = 0
        for o in ops:
            s = _vsize(o)
            if s > L:
                L = s
            if o.kind == "m" and o.index is not None and o.index.kind in _VEC and \
                    o.index.size > L:
                L = o.index.size
        if mem and mk in _SHIFT:
            if bcst is not None:
                Lr = L
                L = bcst * elem << _SHIFT[mk]
                if L not in (16, 32, 64) or Lr and "narrow4" not in flags and (
                        L != Lr if "narrow" not in flags else
                        not (L == 2 * _vsize(dst) or _vsize(dst) == 16 and L == 16)):
                    raise AsmError(f"unsupported broadcast for `{name}'")
            else:
                ms = memhint or (rm.ptrsize if rm.ptrsize and rm.ptrsize >= 8 else None)
                if ms is not None and not (belem is not None):
                    L = ms << _SHIFT[mk]
                elif "narrow4" in flags:
                    L = 16
                elif "narrow" in flags:
                    L = min(64, max(16, 2 * _vsize(dst))) if _vsize(dst) > 16 else 16
        if L == 0:
            if "vecsz" in flags:
                raise AsmError(f"ambiguous operand size for `{name}'")
            L = 16
        if L not in (16, 32, 64):
            raise AsmError(f"operand size mismatch for `{name}'")
        if "L256" in flags and L == 16:
            raise AsmError(f"operand type mismatch for `{name}'")
    if belem is not None and L is not None:
        # Intel `DWORD BCST [mem]': the count follows from the vector length
        bcst = (L // elem) >> _SHIFT[mk]
    # W
    w = e.w
    if w == 2:
        w = t.evexwig
    elif w == 3:
        w = 0
        for o in ops:
            if o.kind == "r" and o.reg.kind == "gpr" and o.reg.size == 8:
                w = 1
        if t.cur_size == 8 or ("gpr" in flags and rm.kind == "m" and rm.ptrsize == 8):
            w = 1
        if "gpr" in flags:
            elem = 8 if w else 4
    er = "er" in flags or ("er64" in flags and w)
    # EVEX.b and L'L
    b = 0
    if rc is not None:
        if mem:
            raise AsmError(f"operand type mismatch for `{name}'")
        if rc == 4:
            if "sae" not in flags and not er:
                raise AsmError(f"unsupported static rounding for `{name}'" if False else
                               f"unsupported SAE for `{name}'")
            LL = t.evexrcig
        else:
            if not er:
                raise AsmError(f"unsupported static rounding for `{name}'")
            LL = rc
        if L is not None and L != 64 and "lig" not in flags:
            raise AsmError(f"operand type mismatch for `{name}'")
        b = 1
    elif L is None:
        LL = t.evexlig
    else:
        LL = (0, 0, 1, 0, 2)[L >> 4]
    if bcst is not None:
        b = 1
    # disp8*N
    if mem:
        if bcst is not None:
            n = elem
        elif mk in _SHIFT:
            n = L >> _SHIFT[mk]
        elif mk == "t1s":
            n = elem
        elif mk == "dup":
            n = 8 if L == 16 else L
        else:
            n = mk
    else:
        n = 1
    rn = e.digit if reg is None else reg.reg.num
    if reg is not None:
        k = reg.reg.kind
        if ("kdst" in flags) != (k == "k") or ("rgpr" in flags) != (k == "gpr") or \
                k not in _VEC and k not in ("k", "gpr"):
            raise AsmError(f"operand type mismatch for `{name}'")
    if rm.kind == "r":
        k = rm.reg.kind
        if ("ksrc" in flags) != (k == "k") or k == "gpr" and "gpr" not in flags or \
                k not in _VEC and k not in ("k", "gpr"):
            raise AsmError(f"operand type mismatch for `{name}'")
    if vvvv is not None and vvvv.kind not in _VEC:
        raise AsmError(f"operand type mismatch for `{name}'")
    return encode(t, e, w, LL, b, zero, mask, rn, vvvv, rm, n, imm)


def encode(t, e, w, LL, b, z, aaa, rn, vvvv, rm, n, imm):
    pfx = bytearray()
    fix = []
    v = vvvv.num if vvvv is not None else 0
    vhi = v >> 4
    if rm.kind == "m":
        from .asm import _default_seg
        if rm.seg is not None and rm.seg.num != _default_seg(rm):
            pfx.append((0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65)[rm.seg.num])
        if rm.addr32:
            pfx.append(0x67)
        body, rexb, dfix = t._modrm_mem(rm, rn & 7, n, t.disp_force)
        X = (rexb >> 1) & 1
        B = rexb & 1
        x = rm.index
        if x is not None:
            X = (x.num >> 3) & 1
        if x is not None and x.kind in _VEC:
            if vvvv is not None:
                raise AsmError(f"operand type mismatch for `{t.cur_mnem}'")
            vhi = x.num >> 4
    else:
        r = rm.reg
        if r.kind == "gpr" and r.size == 1 and r.high8:
            raise AsmError(f"can't encode register '%{r.name}' in an instruction requiring "
                           f"EVEX prefix")
        body = bytes([0xC0 | ((rn & 7) << 3) | (r.num & 7)])
        B = (r.num >> 3) & 1
        X = (r.num >> 4) & 1
        dfix = None
    R = (rn >> 3) & 1
    R2 = (rn >> 4) & 1
    p0 = ((R ^ 1) << 7) | ((X ^ 1) << 6) | ((B ^ 1) << 5) | ((R2 ^ 1) << 4) | e.mm
    p1 = (w << 7) | ((~v & 15) << 3) | 4 | e.pp
    p2 = (z << 7) | (LL << 5) | (b << 4) | ((vhi ^ 1) << 3) | aaa
    out = pfx + bytes((0x62, p0, p1, p2, e.opc))
    op_end = len(out)
    out += body
    if dfix is not None:
        off, val, pcrel = dfix
        isz = 1 if imm is not None else 0
        if pcrel:
            val = Value(val.const - 4 - isz, val.add, val.sub, val.mod)
        from .asm import R_32S
        fix.append((off + op_end, 4, val, pcrel, None if pcrel else R_32S))
    if imm is not None:
        t._imm(out, fix, imm, 1)
    return out, fix


# -- VEX mask instructions --------------------------------------------------------------------
def h_kmask(t, ent, size, ops):
    """k-register instructions (VEX, L1 for the three-operand forms, L0 otherwise)."""
    from .vex import vex
    pp, mmap, opc, w, form = ent[1]
    t._vex_opcode = bytes([opc])
    for o in ops:
        if o.kind == "r" and o.reg.kind not in ("k", "gpr"):
            raise AsmError(f"operand type mismatch for `{t.cur_mnem}'")
    if form == "rvm":
        if len(ops) != 3 or any(o.kind != "r" or o.reg.kind != "k" for o in ops):
            raise AsmError(f"operand type mismatch for `{t.cur_mnem}'")
        return vex(t, pp, mmap, w, 1, ops[2].reg, ops[1].reg, ops[0], kok=True)
    if form == "rm":
        if len(ops) != 2 or ops[0].kind != "r" or ops[1].kind != "r" or \
                ops[0].reg.kind != "k" or ops[1].reg.kind != "k":
            raise AsmError(f"operand type mismatch for `{t.cur_mnem}'")
        return vex(t, pp, mmap, w, 0, ops[1].reg, None, ops[0], kok=True)
    if form == "rmi":
        if len(ops) != 3 or ops[0].kind != "i":
            raise AsmError(f"operand type mismatch for `{t.cur_mnem}'")
        return vex(t, pp, mmap, w, 0, ops[2].reg, None, ops[1], ops[0].value, 1, kok=True)
    # kmov: data = (pp, w) in opc; forms: k<-k/m (90), m<-k (91), k<-r (92), r<-k (93)
    if len(ops) != 2:
        raise AsmError(f"number of operands mismatch for `{t.cur_mnem}'")
    src, dst = ops
    gpp = form & 0xFF
    gw = form >> 8
    if dst.kind == "r" and dst.reg.kind == "k":
        if src.kind == "m" or (src.kind == "r" and src.reg.kind == "k"):
            t._vex_opcode = b"\x90"
            return vex(t, pp, mmap, w, 0, dst.reg, None, src, kok=True)
        if src.kind == "r" and src.reg.kind == "gpr":
            t._vex_opcode = b"\x92"
            return vex(t, gpp, mmap, gw, 0, dst.reg, None, src, kok=True)
    elif src.kind == "r" and src.reg.kind == "k":
        if dst.kind == "m":
            t._vex_opcode = b"\x91"
            return vex(t, pp, mmap, w, 0, src.reg, None, dst, kok=True)
        if dst.kind == "r" and dst.reg.kind == "gpr":
            t._vex_opcode = b"\x93"
            return vex(t, gpp, mmap, gw, 0, dst.reg, None, src, kok=True)
    raise AsmError(f"operand type mismatch for `{t.cur_mnem}'")


def add_kmask(T):
    f = b"\x0f"
    for base, opc in (("kand", 0x41), ("kandn", 0x42), ("kor", 0x45), ("kxnor", 0x46),
                      ("kxor", 0x47), ("kadd", 0x4A)):
        for sfx, pp, w in (("w", 0, 0), ("q", 0, 1), ("b", 0x66, 0), ("d", 0x66, 1)):
            T[base + sfx] = (h_kmask, (pp, f, opc, w, "rvm"), 0)
    for base, opc in (("knot", 0x44), ("kortest", 0x98), ("ktest", 0x99)):
        for sfx, pp, w in (("w", 0, 0), ("q", 0, 1), ("b", 0x66, 0), ("d", 0x66, 1)):
            T[base + sfx] = (h_kmask, (pp, f, opc, w, "rm"), 0)
    T["kunpckbw"] = (h_kmask, (0x66, f, 0x4B, 0, "rvm"), 0)
    T["kunpckwd"] = (h_kmask, (0, f, 0x4B, 0, "rvm"), 0)
    T["kunpckdq"] = (h_kmask, (0, f, 0x4B, 1, "rvm"), 0)
    for n, opc, w in (("kshiftrb", 0x30, 0), ("kshiftrw", 0x30, 1), ("kshiftrd", 0x31, 0),
                      ("kshiftrq", 0x31, 1), ("kshiftlb", 0x32, 0), ("kshiftlw", 0x32, 1),
                      ("kshiftld", 0x33, 0), ("kshiftlq", 0x33, 1)):
        T[n] = (h_kmask, (0x66, b"\x0f\x3a", opc, w, "rmi"), 0)
    # kmov: (pp, w) of the k/m forms; the GPR forms use gpp (w only for kmovq)
    T["kmovw"] = (h_kmask, (0, f, 0x90, 0, 0), 0)
    T["kmovb"] = (h_kmask, (0x66, f, 0x90, 0, 0x66), 0)
    T["kmovq"] = (h_kmask, (0, f, 0x90, 1, 0xF2 | 0x100), 0)
    T["kmovd"] = (h_kmask, (0x66, f, 0x90, 1, 0xF2), 0)


# -- the table --------------------------------------------------------------------------------
# name  pp  map  opcode  W(0/1/I=WIG/G=GPR size)  form  mem  elem  [flags...]
# form: rvm (dst=reg, src1=vvvv, src2=rm), rm, mr (rm is the destination), vm/N (vvvv is the
# destination, ModRM.reg=/N), m/N (memory only, ModRM.reg=/N), rvm4 (4FMAPS register block)
# mem: fv/hv (full/half vector, broadcast allowed), fvm/hvm/qvm/ovm (no broadcast),
# t1s (one element), dup (movddup), or a fixed byte count (disp8*N).
# flags: imm, er (rounding), sae, lig (scalar), narrow, L512, L256, nomem, memonly, mask,
# vecsz (memory form needs a size: x/y/z suffix or broadcast)
_ROWS = r"""
"""


def _fp(rows, base, opc, flags, forms=("ps", "pd", "ss", "sd"), form="rvm", sform=None,
        pmap="0F"):
    for sfx in forms:
        pp, w, mem, el = {"ps": ("NP", 0, "fv", 4), "pd": ("66", 1, "fv", 8),
                          "ss": ("F3", 0, "t1s", 4), "sd": ("F2", 1, "t1s", 8)}[sfx]
        fl = flags
        f = form
        if sfx in ("ss", "sd"):
            fl = flags + " lig"
            f = sform or form
        rows.append(f"v{base}{sfx} {pp} {pmap} {opc:02X} {w} {f} {mem} {el} {fl}")


def _fp16(A):
    """AVX512-FP16 (maps 5 and 6)."""
    for base, opc, fl in (("add", 0x58, "er"), ("mul", 0x59, "er"), ("sub", 0x5C, "er"),
                          ("min", 0x5D, "sae"), ("div", 0x5E, "er"), ("max", 0x5F, "sae")):
        A(f"v{base}ph NP M5 {opc:02X} 0 rvm fv 2 {fl}")
        A(f"v{base}sh F3 M5 {opc:02X} 0 rvm t1s 2 {fl} lig")
    A("vsqrtph NP M5 51 0 rm fv 2 er")
    A("vsqrtsh F3 M5 51 0 rvm t1s 2 er lig")
    A("vcmpph NP 3A C2 0 rvm fv 2 imm sae")
    A("vcmpsh F3 3A C2 0 rvm t1s 2 imm sae lig")
    A("vcomish NP M5 2F 0 rm t1s 2 sae lig")
    A("vucomish NP M5 2E 0 rm t1s 2 sae lig")
    for n, pp, mp, opc, w, mem, el, fl in (
            ("cvtdq2ph", "NP", "M5", 0x5B, 0, "fv", 4, "er narrow"),
            ("cvtqq2ph", "NP", "M5", 0x5B, 1, "fv", 8, "er narrow4"),
            ("cvtudq2ph", "F2", "M5", 0x7A, 0, "fv", 4, "er narrow"),
            ("cvtuqq2ph", "F2", "M5", 0x7A, 1, "fv", 8, "er narrow4"),
            ("cvtpd2ph", "66", "M5", 0x5A, 1, "fv", 8, "er narrow4"),
            ("cvtps2phx", "66", "M5", 0x1D, 0, "fv", 4, "er narrow"),
            ("cvtph2dq", "66", "M5", 0x5B, 0, "hv", 2, "er"),
            ("cvttph2dq", "F3", "M5", 0x5B, 0, "hv", 2, "sae"),
            ("cvtph2udq", "NP", "M5", 0x79, 0, "hv", 2, "er"),
            ("cvttph2udq", "NP", "M5", 0x78, 0, "hv", 2, "sae"),
            ("cvtph2qq", "66", "M5", 0x7B, 0, "qv", 2, "er"),
            ("cvttph2qq", "66", "M5", 0x7A, 0, "qv", 2, "sae"),
            ("cvtph2uqq", "66", "M5", 0x79, 0, "qv", 2, "er"),
            ("cvttph2uqq", "66", "M5", 0x78, 0, "qv", 2, "sae"),
            ("cvtph2pd", "NP", "M5", 0x5A, 0, "qv", 2, "sae"),
            ("cvtph2psx", "66", "M6", 0x13, 0, "hv", 2, "sae"),
            ("cvtph2w", "66", "M5", 0x7D, 0, "fv", 2, "er"),
            ("cvtph2uw", "NP", "M5", 0x7D, 0, "fv", 2, "er"),
            ("cvttph2w", "66", "M5", 0x7C, 0, "fv", 2, "sae"),
            ("cvttph2uw", "NP", "M5", 0x7C, 0, "fv", 2, "sae"),
            ("cvtw2ph", "F3", "M5", 0x7D, 0, "fv", 2, "er"),
            ("cvtuw2ph", "F2", "M5", 0x7D, 0, "fv", 2, "er"),
            ("getexpph", "66", "M6", 0x42, 0, "fv", 2, "sae"),
            ("rcpph", "66", "M6", 0x4C, 0, "fv", 2, ""),
            ("rsqrtph", "66", "M6", 0x4E, 0, "fv", 2, "")):
        A(f"v{n} {pp} {mp} {opc:02X} {w} rm {mem} {el} {fl}")
    A("vcvtsd2sh F2 M5 5A 1 rvm t1s 8 er lig")
    A("vcvtsh2sd F3 M5 5A 0 rvm t1s 2 sae lig")
    A("vcvtsh2ss NP M6 13 0 rvm t1s 2 sae lig")
    A("vcvtss2sh NP M5 1D 0 rvm t1s 4 er lig")
    for n, opc, fl in (("cvtsh2si", 0x2D, "er"), ("cvtsh2usi", 0x79, "er"),
                       ("cvttsh2si", 0x2C, "sae"), ("cvttsh2usi", 0x78, "sae")):
        A(f"v{n} F3 M5 {opc:02X} G rm t1s 2 {fl} lig rgpr")
    A("vcvtsi2sh F3 M5 2A G rvm t1s 4 er lig gpr")
    A("vcvtusi2sh F3 M5 7B G rvm t1s 4 er lig gpr")
    for base, p, s_ in (("fmadd", 0x98, 0x99), ("fmsub", 0x9A, 0x9B), ("fnmadd", 0x9C, 0x9D),
                        ("fnmsub", 0x9E, 0x9F), ("fmaddsub", 0x96, None),
                        ("fmsubadd", 0x97, None)):
        for k, order in ((0, "132"), (0x10, "213"), (0x20, "231")):
            A(f"v{base}{order}ph 66 M6 {p + k:02X} 0 rvm fv 2 er")
            if s_ is not None:
                A(f"v{base}{order}sh 66 M6 {s_ + k:02X} 0 rvm t1s 2 er lig")
    for n, pp, opc in (("vfcmaddc", "F2", 0x56), ("vfmaddc", "F3", 0x56),
                       ("vfcmulc", "F2", 0xD6), ("vfmulc", "F3", 0xD6)):
        A(f"{n}ph {pp} M6 {opc:02X} 0 rvm fv 4 er")
        A(f"{n}sh {pp} M6 {opc + 1:02X} 0 rvm t1s 4 er lig")
    A("vfpclassph NP 3A 66 0 rm fv 2 imm vecsz")
    A("vfpclasssh NP 3A 67 0 rm t1s 2 imm lig")
    A("vgetexpsh 66 M6 43 0 rvm t1s 2 sae lig")
    A("vgetmantph NP 3A 26 0 rm fv 2 imm sae")
    A("vgetmantsh NP 3A 27 0 rvm t1s 2 imm sae lig")
    A("vreduceph NP 3A 56 0 rm fv 2 imm sae")
    A("vreducesh NP 3A 57 0 rvm t1s 2 imm sae lig")
    A("vrndscaleph NP 3A 08 0 rm fv 2 imm sae")
    A("vrndscalesh NP 3A 0A 0 rvm t1s 2 imm sae lig")
    A("vrcpsh 66 M6 4D 0 rvm t1s 2 lig")
    A("vrsqrtsh 66 M6 4F 0 rvm t1s 2 lig")
    A("vscalefph 66 M6 2C 0 rvm fv 2 er")
    A("vscalefsh 66 M6 2D 0 rvm t1s 2 er lig")
    A("vmovsh F3 M5 10 0 rm t1s 2 lig memonly")
    A("vmovsh.s F3 M5 11 0 mr t1s 2 lig memonly")
    A("vmovsh.r F3 M5 10 0 rvm t1s 2 lig nomem")
    A("vmovsh.rs F3 M5 11 0 mvr t1s 2 lig nomem")
    A("vmovw 66 M5 6E 0 rm t1s 2 gpr")
    A("vmovw.s 66 M5 7E 0 mr t1s 2 gpr")


def _gen_rows():
    rows = []
    A = rows.append
    # FP arithmetic
    for base, opc, fl in (("add", 0x58, "er"), ("mul", 0x59, "er"), ("sub", 0x5C, "er"),
                          ("min", 0x5D, "sae"), ("div", 0x5E, "er"), ("max", 0x5F, "sae")):
        _fp(rows, base, opc, fl)
    _fp(rows, "sqrt", 0x51, "er", form="rm", sform="rvm")
    for base, opc in (("and", 0x54), ("andn", 0x55), ("or", 0x56), ("xor", 0x57),
                      ("unpckl", 0x14), ("unpckh", 0x15)):
        _fp(rows, base, opc, "", forms=("ps", "pd"))
    _fp(rows, "shuf", 0xC6, "imm", forms=("ps", "pd"))
    _fp(rows, "cmp", 0xC2, "imm sae")
    A("vcomiss NP 0F 2F 0 rm t1s 4 sae lig")
    A("vcomisd 66 0F 2F 1 rm t1s 8 sae lig")
    A("vucomiss NP 0F 2E 0 rm t1s 4 sae lig")
    A("vucomisd 66 0F 2E 1 rm t1s 8 sae lig")
    # moves
    for n, pp, ld, st, w in (("vmovaps", "NP", 0x28, 0x29, 0), ("vmovapd", "66", 0x28, 0x29, 1),
                             ("vmovups", "NP", 0x10, 0x11, 0), ("vmovupd", "66", 0x10, 0x11, 1),
                             ("vmovdqa32", "66", 0x6F, 0x7F, 0),
                             ("vmovdqa64", "66", 0x6F, 0x7F, 1),
                             ("vmovdqu32", "F3", 0x6F, 0x7F, 0),
                             ("vmovdqu64", "F3", 0x6F, 0x7F, 1),
                             ("vmovdqu8", "F2", 0x6F, 0x7F, 0),
                             ("vmovdqu16", "F2", 0x6F, 0x7F, 1)):
        A(f"{n} {pp} 0F {ld:02X} {w} rm fvm 0")
        A(f"{n}.s {pp} 0F {st:02X} {w} mr fvm 0")
    A("vmovntps NP 0F 2B 0 mr fvm 0 memonly")
    A("vmovntpd 66 0F 2B 1 mr fvm 0 memonly")
    A("vmovntdq 66 0F E7 0 mr fvm 0 memonly")
    A("vmovntdqa 66 38 2A 0 rm fvm 0 memonly")
    A("vmovddup F2 0F 12 1 rm dup 8")
    for n, pp, w in (("vmovss", "F3", 0), ("vmovsd", "F2", 1)):
        A(f"{n} {pp} 0F 10 {w} rm t1s {4 << w} lig memonly")
        A(f"{n}.s {pp} 0F 11 {w} mr t1s {4 << w} lig memonly")
        A(f"{n}.r {pp} 0F 10 {w} rvm t1s {4 << w} lig nomem")
        A(f"{n}.rs {pp} 0F 11 {w} mvr t1s {4 << w} lig nomem")
    A("vmovd 66 0F 6E 0 rm t1s 4 gpr")
    A("vmovd.s 66 0F 7E 0 mr t1s 4 gpr")
    A("vmovq.g 66 0F 6E 1 rm t1s 8 gpr novec")
    A("vmovq F3 0F 7E 1 rm t1s 8")
    A("vmovq.gs 66 0F 7E 1 mr t1s 8 gpr novec")
    A("vmovq.s 66 0F D6 1 mr t1s 8")
    A("vpextrb 66 3A 14 I mr t1s 1 imm gpr")
    A("vpextrw 66 0F C5 I rm 0 0 imm nomem rgpr")
    A("vpextrw.m 66 3A 15 I mr t1s 2 imm gpr")
    A("vpextrd 66 3A 16 0 mr t1s 4 imm gpr")
    A("vpextrq 66 3A 16 1 mr t1s 8 imm gpr")
    A("vextractps 66 3A 17 I mr t1s 4 imm gpr")
    A("vpinsrb 66 3A 20 I rvm t1s 1 imm gpr")
    A("vpinsrw 66 0F C4 I rvm t1s 2 imm gpr")
    A("vpinsrd 66 3A 22 0 rvm t1s 4 imm gpr")
    A("vpinsrq 66 3A 22 1 rvm t1s 8 imm gpr")
    A("vinsertps 66 3A 21 0 rvm t1s 4 imm")
    A("vmovhlps NP 0F 12 0 rvm 0 0 nomem")
    A("vmovlhps NP 0F 16 0 rvm 0 0 nomem")
    for n, pp, ld, w in (("vmovlps", "NP", 0x12, 0), ("vmovhps", "NP", 0x16, 0),
                         ("vmovlpd", "66", 0x12, 1), ("vmovhpd", "66", 0x16, 1)):
        A(f"{n} {pp} 0F {ld:02X} {w} rvm 8 0 memonly")
        A(f"{n}.s {pp} 0F {ld + 1:02X} {w} mr 8 0 memonly")
    A("vmovshdup F3 0F 16 0 rm fvm 0")
    A("vmovsldup F3 0F 12 0 rm fvm 0")
    # integer arithmetic
    for n, opc in (("paddb", 0xFC), ("paddw", 0xFD), ("psubb", 0xF8), ("psubw", 0xF9),
                   ("paddsb", 0xEC), ("paddsw", 0xED), ("paddusb", 0xDC), ("paddusw", 0xDD),
                   ("psubsb", 0xE8), ("psubsw", 0xE9), ("psubusb", 0xD8), ("psubusw", 0xD9),
                   ("pmullw", 0xD5), ("pmulhw", 0xE5), ("pmulhuw", 0xE4), ("pmaddwd", 0xF5),
                   ("pavgb", 0xE0), ("pavgw", 0xE3), ("pmaxsw", 0xEE), ("pmaxub", 0xDE),
                   ("pminsw", 0xEA), ("pminub", 0xDA), ("psadbw", 0xF6), ("packsswb", 0x63),
                   ("packuswb", 0x67), ("punpcklbw", 0x60), ("punpcklwd", 0x61),
                   ("punpckhbw", 0x68), ("punpckhwd", 0x69)):
        A(f"v{n} 66 0F {opc:02X} I rvm fvm 0")
    for n, opc in (("pmaddubsw", 0x04), ("pshufb", 0x00), ("pmaxsb", 0x3C), ("pmaxuw", 0x3E),
                   ("pminsb", 0x38), ("pminuw", 0x3A), ("pmulhrsw", 0x0B)):
        A(f"v{n} 66 38 {opc:02X} I rvm fvm 0")
    for n, opc, w in (("paddd", 0xFE, 0), ("paddq", 0xD4, 1), ("psubd", 0xFA, 0),
                      ("psubq", 0xFB, 1), ("pmuludq", 0xF4, 1), ("packssdw", 0x6B, 0),
                      ("punpckldq", 0x62, 0), ("punpckhdq", 0x6A, 0), ("punpcklqdq", 0x6C, 1),
                      ("punpckhqdq", 0x6D, 1), ("pandd", 0xDB, 0), ("pandq", 0xDB, 1),
                      ("pandnd", 0xDF, 0), ("pandnq", 0xDF, 1), ("pord", 0xEB, 0),
                      ("porq", 0xEB, 1), ("pxord", 0xEF, 0), ("pxorq", 0xEF, 1)):
        A(f"v{n} 66 0F {opc:02X} {w} rvm fv {4 << w}")
    for n, opc, w in (("pmuldq", 0x28, 1), ("pmulld", 0x40, 0), ("pmullq", 0x40, 1),
                      ("pmaxsd", 0x3D, 0), ("pmaxsq", 0x3D, 1), ("pmaxud", 0x3F, 0),
                      ("pmaxuq", 0x3F, 1), ("pminsd", 0x39, 0), ("pminsq", 0x39, 1),
                      ("pminud", 0x3B, 0), ("pminuq", 0x3B, 1), ("packusdw", 0x2B, 0),
                      ("psllvd", 0x47, 0), ("psllvq", 0x47, 1), ("psrlvd", 0x45, 0),
                      ("psrlvq", 0x45, 1), ("psravd", 0x46, 0), ("psravq", 0x46, 1),
                      ("prolvd", 0x15, 0), ("prolvq", 0x15, 1), ("prorvd", 0x14, 0),
                      ("prorvq", 0x14, 1), ("permd", 0x36, 0), ("permq", 0x36, 1),
                      ("permps", 0x16, 0), ("permpd", 0x16, 1), ("permi2d", 0x76, 0),
                      ("permi2q", 0x76, 1), ("permi2ps", 0x77, 0), ("permi2pd", 0x77, 1),
                      ("permt2d", 0x7E, 0), ("permt2q", 0x7E, 1), ("permt2ps", 0x7F, 0),
                      ("permt2pd", 0x7F, 1), ("pblendmd", 0x64, 0), ("pblendmq", 0x64, 1),
                      ("blendmps", 0x65, 0), ("blendmpd", 0x65, 1), ("permilps", 0x0C, 0),
                      ("permilpd", 0x0D, 1), ("pmadd52luq", 0xB4, 1), ("pmadd52huq", 0xB5, 1),
                      ("pmultishiftqb", 0x83, 1), ("pshldvd", 0x71, 0), ("pshldvq", 0x71, 1),
                      ("pshrdvd", 0x73, 0), ("pshrdvq", 0x73, 1), ("pdpbusd", 0x50, 0),
                      ("pdpbusds", 0x51, 0), ("pdpwssd", 0x52, 0), ("pdpwssds", 0x53, 0),
                      ("rcp14ps", None, 0), ("scalefps", 0x2C, 0), ("scalefpd", 0x2C, 1)):
        if opc is None:
            continue
        fl = "er" if n.startswith("scalef") else ""
        fl += " L256" if n in ("permd", "permq", "permps", "permpd") else ""
        A(f"v{n} 66 38 {opc:02X} {w} rvm fv {4 << w} {fl}")
    A("vscalefss 66 38 2D 0 rvm t1s 4 er lig")
    A("vscalefsd 66 38 2D 1 rvm t1s 8 er lig")
    for n, opc, w in (("permw", 0x8D, 1), ("permb", 0x8D, 0), ("permi2w", 0x75, 1),
                      ("permi2b", 0x75, 0), ("permt2w", 0x7D, 1), ("permt2b", 0x7D, 0),
                      ("pblendmb", 0x66, 0), ("pblendmw", 0x66, 1), ("psllvw", 0x12, 1),
                      ("psrlvw", 0x10, 1), ("psravw", 0x11, 1), ("pshldvw", 0x70, 1),
                      ("pshrdvw", 0x72, 1)):
        A(f"v{n} 66 38 {opc:02X} {w} rvm fvm 0")
    for n, opc, w in (("pabsb", 0x1C, "I"), ("pabsw", 0x1D, "I")):
        A(f"v{n} 66 38 {opc:02X} {w} rm fvm 0")
    for n, opc, w in (("pabsd", 0x1E, 0), ("pabsq", 0x1F, 1), ("pconflictd", 0xC4, 0),
                      ("pconflictq", 0xC4, 1), ("plzcntd", 0x44, 0), ("plzcntq", 0x44, 1),
                      ("popcntd", 0x55, 0), ("popcntq", 0x55, 1), ("rcp14ps", 0x4C, 0),
                      ("rcp14pd", 0x4C, 1), ("rsqrt14ps", 0x4E, 0), ("rsqrt14pd", 0x4E, 1)):
        A(f"v{n} 66 38 {opc:02X} {w} rm fv {4 << w}")
    for n, opc, w in (("getexpps", 0x42, 0), ("getexppd", 0x42, 1), ("exp2ps", 0xC8, 0),
                      ("exp2pd", 0xC8, 1), ("rcp28ps", 0xCA, 0), ("rcp28pd", 0xCA, 1),
                      ("rsqrt28ps", 0xCC, 0), ("rsqrt28pd", 0xCC, 1)):
        A(f"v{n} 66 38 {opc:02X} {w} rm fv {4 << w} sae" + (" L512" if opc > 0x80 else ""))
    for n, opc, w in (("getexpss", 0x43, 0), ("getexpsd", 0x43, 1), ("rcp28ss", 0xCB, 0),
                      ("rcp28sd", 0xCB, 1), ("rsqrt28ss", 0xCD, 0), ("rsqrt28sd", 0xCD, 1)):
        A(f"v{n} 66 38 {opc:02X} {w} rvm t1s {4 << w} sae lig")
    for n, opc, w in (("rcp14ss", 0x4D, 0), ("rcp14sd", 0x4D, 1), ("rsqrt14ss", 0x4F, 0),
                      ("rsqrt14sd", 0x4F, 1)):
        A(f"v{n} 66 38 {opc:02X} {w} rvm t1s {4 << w} lig")
    A("vpopcntb 66 38 54 0 rm fvm 0")
    A("vpopcntw 66 38 54 1 rm fvm 0")
    A("vpshufbitqmb 66 38 8F 0 rvm fvm 0")
    A("vpexpandb 66 38 62 0 rm t1s 1")
    A("vpexpandw 66 38 62 1 rm t1s 2")
    A("vpcompressb 66 38 63 0 mr t1s 1")
    A("vpcompressw 66 38 63 1 mr t1s 2")
    for n, opc, w in (("expandps", 0x88, 0), ("expandpd", 0x88, 1), ("pexpandd", 0x89, 0),
                      ("pexpandq", 0x89, 1)):
        A(f"v{n} 66 38 {opc:02X} {w} rm t1s {4 << w}")
    for n, opc, w in (("compressps", 0x8A, 0), ("compresspd", 0x8A, 1), ("pcompressd", 0x8B, 0),
                      ("pcompressq", 0x8B, 1)):
        A(f"v{n} 66 38 {opc:02X} {w} mr t1s {4 << w}")
    # FMA
    for base, p, s in (("fmadd", 0x98, 0x99), ("fmsub", 0x9A, 0x9B), ("fnmadd", 0x9C, 0x9D),
                       ("fnmsub", 0x9E, 0x9F), ("fmaddsub", 0x96, None),
                       ("fmsubadd", 0x97, None)):
        for k, order in ((0, "132"), (0x10, "213"), (0x20, "231")):
            A(f"v{base}{order}ps 66 38 {p + k:02X} 0 rvm fv 4 er")
            A(f"v{base}{order}pd 66 38 {p + k:02X} 1 rvm fv 8 er")
            if s is not None:
                A(f"v{base}{order}ss 66 38 {s + k:02X} 0 rvm t1s 4 er lig")
                A(f"v{base}{order}sd 66 38 {s + k:02X} 1 rvm t1s 8 er lig")
    # immediates
    for n, opc, w, mem, form, fl in (
            ("pternlogd", 0x25, 0, "fv", "rvm", ""), ("pternlogq", 0x25, 1, "fv", "rvm", ""),
            ("alignd", 0x03, 0, "fv", "rvm", ""), ("alignq", 0x03, 1, "fv", "rvm", ""),
            ("permq", 0x00, 1, "fv", "rm", "L256"), ("permpd", 0x01, 1, "fv", "rm", "L256"),
            ("permilps", 0x04, 0, "fv", "rm", ""), ("permilpd", 0x05, 1, "fv", "rm", ""),
            ("shuff32x4", 0x23, 0, "fv", "rvm", "L256"), ("shuff64x2", 0x23, 1, "fv", "rvm", "L256"),
            ("shufi32x4", 0x43, 0, "fv", "rvm", "L256"), ("shufi64x2", 0x43, 1, "fv", "rvm", "L256"),
            ("getmantps", 0x26, 0, "fv", "rm", "sae"), ("getmantpd", 0x26, 1, "fv", "rm", "sae"),
            ("rndscaleps", 0x08, 0, "fv", "rm", "sae"), ("rndscalepd", 0x09, 1, "fv", "rm", "sae"),
            ("reduceps", 0x56, 0, "fv", "rm", "sae"), ("reducepd", 0x56, 1, "fv", "rm", "sae"),
            ("rangeps", 0x50, 0, "fv", "rvm", "sae"), ("rangepd", 0x50, 1, "fv", "rvm", "sae"),
            ("fixupimmps", 0x54, 0, "fv", "rvm", "sae"), ("fixupimmpd", 0x54, 1, "fv", "rvm", "sae"),
            ("pcmpd", 0x1F, 0, "fv", "rvm", ""), ("pcmpq", 0x1F, 1, "fv", "rvm", ""),
            ("pcmpud", 0x1E, 0, "fv", "rvm", ""), ("pcmpuq", 0x1E, 1, "fv", "rvm", ""),
            ("pcmpb", 0x3F, 0, "fvm", "rvm", ""), ("pcmpw", 0x3F, 1, "fvm", "rvm", ""),
            ("pcmpub", 0x3E, 0, "fvm", "rvm", ""), ("pcmpuw", 0x3E, 1, "fvm", "rvm", ""),
            ("fpclassps", 0x66, 0, "fv", "rm", "vecsz"), ("fpclasspd", 0x66, 1, "fv", "rm", "vecsz"),
            ("dbpsadbw", 0x42, 0, "fvm", "rvm", ""), ("palignr", 0x0F, "I", "fvm", "rvm", ""),
            ("pshldw", 0x70, 1, "fvm", "rvm", ""), ("pshldd", 0x71, 0, "fv", "rvm", ""),
            ("pshldq", 0x71, 1, "fv", "rvm", ""), ("pshrdw", 0x72, 1, "fvm", "rvm", ""),
            ("pshrdd", 0x73, 0, "fv", "rvm", ""), ("pshrdq", 0x73, 1, "fv", "rvm", ""),
            ("gf2p8affineqb", 0xCE, 1, "fv", "rvm", ""),
            ("gf2p8affineinvqb", 0xCF, 1, "fv", "rvm", ""),
            ("pclmulqdq", 0x44, "I", "fvm", "rvm", "")):
        el = 4 << w if isinstance(w, int) else 0
        A(f"v{n} 66 3A {opc:02X} {w} {form} {mem} {el} imm {fl}")
    for n, opc, w, fl in (("getmantss", 0x27, 0, "sae"), ("getmantsd", 0x27, 1, "sae"),
                          ("rndscaless", 0x0A, 0, "sae"), ("rndscalesd", 0x0B, 1, "sae"),
                          ("reducess", 0x57, 0, "sae"), ("reducesd", 0x57, 1, "sae"),
                          ("rangess", 0x51, 0, "sae"), ("rangesd", 0x51, 1, "sae"),
                          ("fixupimmss", 0x55, 0, "sae"), ("fixupimmsd", 0x55, 1, "sae")):
        A(f"v{n} 66 3A {opc:02X} {w} rvm t1s {4 << w} imm lig {fl}")
    A("vfpclassss 66 3A 67 0 rm t1s 4 imm lig")
    A("vfpclasssd 66 3A 67 1 rm t1s 8 imm lig")
    A("vpshufd 66 0F 70 0 rm fv 4 imm")
    A("vpshufhw F3 0F 70 I rm fvm 0 imm")
    A("vpshuflw F2 0F 70 I rm fvm 0 imm")
    # compares into k
    for n, opc, w in (("pcmpeqb", 0x74, "I"), ("pcmpeqw", 0x75, "I"), ("pcmpgtb", 0x64, "I"),
                      ("pcmpgtw", 0x65, "I")):
        A(f"v{n} 66 0F {opc:02X} {w} rvm fvm 0")
    A("vpcmpeqd 66 0F 76 0 rvm fv 4")
    A("vpcmpgtd 66 0F 66 0 rvm fv 4")
    A("vpcmpeqq 66 38 29 1 rvm fv 8")
    A("vpcmpgtq 66 38 37 1 rvm fv 8")
    for n, pp, opc, w in (("ptestmd", "66", 0x27, 0), ("ptestmq", "66", 0x27, 1),
                          ("ptestnmd", "F3", 0x27, 0), ("ptestnmq", "F3", 0x27, 1)):
        A(f"v{n} {pp} 38 {opc:02X} {w} rvm fv {4 << w}")
    for n, pp, opc, w in (("ptestmb", "66", 0x26, 0), ("ptestmw", "66", 0x26, 1),
                          ("ptestnmb", "F3", 0x26, 0), ("ptestnmw", "F3", 0x26, 1)):
        A(f"v{n} {pp} 38 {opc:02X} {w} rvm fvm 0")
    A("vp2intersectd F2 38 68 0 rvm fv 4")
    A("vp2intersectq F2 38 68 1 rvm fv 8")
    # shifts
    for n, opc, w in (("psrlw", 0xD1, "I"), ("psraw", 0xE1, "I"), ("psllw", 0xF1, "I"),
                      ("psrld", 0xD2, 0), ("psrad", 0xE2, 0), ("pslld", 0xF2, 0),
                      ("psrlq", 0xD3, 1), ("psllq", 0xF3, 1), ("psraq", 0xE2, 1)):
        A(f"v{n} 66 0F {opc:02X} {w} rvm 16 0")
    for n, opc, d, w, mem in (("psrlw", 0x71, 2, "I", "fvm"), ("psraw", 0x71, 4, "I", "fvm"),
                              ("psllw", 0x71, 6, "I", "fvm"), ("psrld", 0x72, 2, 0, "fv"),
                              ("psrad", 0x72, 4, 0, "fv"), ("pslld", 0x72, 6, 0, "fv"),
                              ("psrlq", 0x73, 2, 1, "fv"), ("psllq", 0x73, 6, 1, "fv"),
                              ("psraq", 0x72, 4, 1, "fv"), ("prord", 0x72, 0, 0, "fv"),
                              ("prorq", 0x72, 0, 1, "fv"), ("prold", 0x72, 1, 0, "fv"),
                              ("prolq", 0x72, 1, 1, "fv"), ("psrldq", 0x73, 3, "I", "fvm"),
                              ("pslldq", 0x73, 7, "I", "fvm")):
        el = 4 << w if isinstance(w, int) else 0
        A(f"v{n}.i 66 0F {opc:02X} {w} vm/{d} {mem} {el} imm")
    # broadcasts and inserts/extracts
    A("vbroadcastss 66 38 18 0 rm t1s 4")
    A("vbroadcastsd 66 38 19 1 rm t1s 8 L256")
    A("vbroadcastf32x2 66 38 19 0 rm 8 0 L256")
    A("vbroadcasti32x2 66 38 59 0 rm 8 0")
    A("vpbroadcastb 66 38 78 0 rm t1s 1")
    A("vpbroadcastw 66 38 79 0 rm t1s 2")
    A("vpbroadcastd 66 38 58 0 rm t1s 4")
    A("vpbroadcastq 66 38 59 1 rm t1s 8")
    A("vpbroadcastb.g 66 38 7A 0 rm 0 0 gpr nomem")
    A("vpbroadcastw.g 66 38 7B 0 rm 0 0 gpr nomem")
    A("vpbroadcastd.g 66 38 7C 0 rm 0 0 gpr nomem")
    A("vpbroadcastq.g 66 38 7C 1 rm 0 0 gpr nomem")
    for n, opc, w, sz in (("f32x4", 0x1A, 0, 16), ("f64x2", 0x1A, 1, 16), ("f32x8", 0x1B, 0, 32),
                          ("f64x4", 0x1B, 1, 32), ("i32x4", 0x5A, 0, 16), ("i64x2", 0x5A, 1, 16),
                          ("i32x8", 0x5B, 0, 32), ("i64x4", 0x5B, 1, 32)):
        A(f"vbroadcast{n} 66 38 {opc:02X} {w} rm {sz} 0 memonly L256")
    for n, opc, w, sz in (("f32x4", 0x18, 0, 16), ("f64x2", 0x18, 1, 16), ("f32x8", 0x1A, 0, 32),
                          ("f64x4", 0x1A, 1, 32), ("i32x4", 0x38, 0, 16), ("i64x2", 0x38, 1, 16),
                          ("i32x8", 0x3A, 0, 32), ("i64x4", 0x3A, 1, 32)):
        A(f"vinsert{n} 66 3A {opc:02X} {w} rvm {sz} 0 imm L256")
        A(f"vextract{n} 66 3A {opc + 1:02X} {w} mr {sz} 0 imm L256")
    A("vpbroadcastmb2q F3 38 2A 1 rm 0 0 nomem")
    A("vpbroadcastmw2d F3 38 3A 0 rm 0 0 nomem")
    for n, opc, w in (("pmovm2b", 0x28, 0), ("pmovm2w", 0x28, 1), ("pmovm2d", 0x38, 0),
                      ("pmovm2q", 0x38, 1), ("pmovb2m", 0x29, 0), ("pmovw2m", 0x29, 1),
                      ("pmovd2m", 0x39, 0), ("pmovq2m", 0x39, 1)):
        A(f"v{n} F3 38 {opc:02X} {w} rm 0 0 nomem")
    # widening / narrowing integer moves
    for n, opc, mem, w in (("bw", 0x30, "hvm", "I"), ("bd", 0x31, "qvm", "I"),
                           ("bq", 0x32, "ovm", "I"), ("wd", 0x33, "hvm", "I"),
                           ("wq", 0x34, "qvm", "I"), ("dq", 0x35, "hvm", 0)):
        A(f"vpmovzx{n} 66 38 {opc:02X} {w} rm {mem} 0")
        A(f"vpmovsx{n} 66 38 {opc - 0x10:02X} {w} rm {mem} 0")
    for n, opc, mem in (("wb", 0x30, "hvm"), ("db", 0x31, "qvm"), ("qb", 0x32, "ovm"),
                        ("dw", 0x33, "hvm"), ("qw", 0x34, "qvm"), ("qd", 0x35, "hvm")):
        A(f"vpmov{n} F3 38 {opc:02X} 0 mr {mem} 0")
        A(f"vpmovs{n} F3 38 {opc - 0x10:02X} 0 mr {mem} 0")
        A(f"vpmovus{n} F3 38 {opc - 0x20:02X} 0 mr {mem} 0")
    # conversions
    for n, pp, mp, opc, w, mem, fl in (
            ("cvtps2pd", "NP", "0F", 0x5A, 0, "hv", "sae"),
            ("cvtpd2ps", "66", "0F", 0x5A, 1, "fv", "er narrow"),
            ("cvtdq2ps", "NP", "0F", 0x5B, 0, "fv", "er"),
            ("cvtps2dq", "66", "0F", 0x5B, 0, "fv", "er"),
            ("cvttps2dq", "F3", "0F", 0x5B, 0, "fv", "sae"),
            ("cvtdq2pd", "F3", "0F", 0xE6, 0, "hv", ""),
            ("cvtpd2dq", "F2", "0F", 0xE6, 1, "fv", "er narrow"),
            ("cvttpd2dq", "66", "0F", 0xE6, 1, "fv", "sae narrow"),
            ("cvtudq2ps", "F2", "0F", 0x7A, 0, "fv", "er"),
            ("cvtudq2pd", "F3", "0F", 0x7A, 0, "hv", ""),
            ("cvtps2udq", "NP", "0F", 0x79, 0, "fv", "er"),
            ("cvtpd2udq", "NP", "0F", 0x79, 1, "fv", "er narrow"),
            ("cvttps2udq", "NP", "0F", 0x78, 0, "fv", "sae"),
            ("cvttpd2udq", "NP", "0F", 0x78, 1, "fv", "sae narrow"),
            ("cvtqq2pd", "F3", "0F", 0xE6, 1, "fv", "er"),
            ("cvtqq2ps", "NP", "0F", 0x5B, 1, "fv", "er narrow"),
            ("cvtuqq2pd", "F3", "0F", 0x7A, 1, "fv", "er"),
            ("cvtuqq2ps", "F2", "0F", 0x7A, 1, "fv", "er narrow"),
            ("cvtpd2qq", "66", "0F", 0x7B, 1, "fv", "er"),
            ("cvtpd2uqq", "66", "0F", 0x79, 1, "fv", "er"),
            ("cvtps2qq", "66", "0F", 0x7B, 0, "hv", "er"),
            ("cvtps2uqq", "66", "0F", 0x79, 0, "hv", "er"),
            ("cvttpd2qq", "66", "0F", 0x7A, 1, "fv", "sae"),
            ("cvttpd2uqq", "66", "0F", 0x78, 1, "fv", "sae"),
            ("cvttps2qq", "66", "0F", 0x7A, 0, "hv", "sae"),
            ("cvttps2uqq", "66", "0F", 0x78, 0, "hv", "sae"),
            ("cvtph2ps", "66", "38", 0x13, 0, "hvm", "sae"),
            ("cvtneps2bf16", "F3", "38", 0x72, 0, "fv", "narrow")):
        A(f"v{n} {pp} {mp} {opc:02X} {w} rm {mem} {4 << w} {fl}")
    A("vcvtps2ph 66 3A 1D 0 mr hvm 0 imm sae")
    A("vcvtne2ps2bf16 F2 38 72 0 rvm fv 4")
    A("vdpbf16ps F3 38 52 0 rvm fv 4")
    A("vcvtss2sd F3 0F 5A 0 rvm t1s 4 sae lig")
    A("vcvtsd2ss F2 0F 5A 1 rvm t1s 8 er lig")
    for n, pp, opc, el, fl in (("cvtss2si", "F3", 0x2D, 4, "er"), ("cvtsd2si", "F2", 0x2D, 8, "er"),
                               ("cvttss2si", "F3", 0x2C, 4, "sae"),
                               ("cvttsd2si", "F2", 0x2C, 8, "sae"),
                               ("cvtss2usi", "F3", 0x79, 4, "er"), ("cvtsd2usi", "F2", 0x79, 8, "er"),
                               ("cvttss2usi", "F3", 0x78, 4, "sae"),
                               ("cvttsd2usi", "F2", 0x78, 8, "sae")):
        A(f"v{n} {pp} 0F {opc:02X} G rm t1s {el} {fl} lig rgpr")
    for n, pp, opc in (("cvtsi2ss", "F3", 0x2A), ("cvtsi2sd", "F2", 0x2A),
                       ("cvtusi2ss", "F3", 0x7B), ("cvtusi2sd", "F2", 0x7B)):
        A(f"v{n} {pp} 0F {opc:02X} G rvm t1s 4 {'' if n[-1] == 'd' else 'er'} lig gpr "
          f"{'er64' if n[-1] == 'd' else ''}")
    _fp16(A)
    # gathers, scatters, gather prefetches
    for n, opc, w, el in (("pgatherdd", 0x90, 0, 4), ("pgatherdq", 0x90, 1, 8),
                          ("pgatherqd", 0x91, 0, 4), ("pgatherqq", 0x91, 1, 8),
                          ("gatherdps", 0x92, 0, 4), ("gatherdpd", 0x92, 1, 8),
                          ("gatherqps", 0x93, 0, 4), ("gatherqpd", 0x93, 1, 8)):
        A(f"v{n} 66 38 {opc:02X} {w} rm t1s {el} mask memonly vsib")
        A(f"v{n.replace('gather', 'scatter')} 66 38 {opc + 0x10:02X} {w} mr t1s {el} "
          f"mask memonly vsib")
    for n, d in (("gatherpf0", 1), ("gatherpf1", 2), ("scatterpf0", 5), ("scatterpf1", 6)):
        for sfx, opc, w, el in (("dps", 0xC6, 0, 4), ("qps", 0xC7, 0, 4), ("dpd", 0xC6, 1, 8),
                                ("qpd", 0xC7, 1, 8)):
            A(f"v{n}{sfx} 66 38 {opc:02X} {w} m/{d} t1s {el} mask memonly vsib L512")
    # 4FMAPS / 4VNNIW
    for n, opc, fl in (("v4fmaddps", 0x9A, ""), ("v4fnmaddps", 0xAA, ""),
                       ("v4fmaddss", 0x9B, "lig"), ("v4fnmaddss", 0xAB, "lig"),
                       ("vp4dpwssd", 0x52, ""), ("vp4dpwssds", 0x53, "")):
        A(f"{n} F2 38 {opc:02X} 0 rvm4 16 0 memonly {fl}" + (" L512" if not fl else ""))
    # GFNI / VAES
    A("vgf2p8mulb 66 38 CF 0 rvm fvm 0")
    for n, opc in (("vaesenc", 0xDC), ("vaesenclast", 0xDD), ("vaesdec", 0xDE),
                   ("vaesdeclast", 0xDF)):
        A(f"{n} 66 38 {opc:02X} I rvm fvm 0")
    return rows


_KDST = {"vpmovb2m", "vpmovw2m", "vpmovd2m", "vpmovq2m"}
_KSRC = {"vpmovm2b", "vpmovm2w", "vpmovm2d", "vpmovm2q", "vpbroadcastmb2q", "vpbroadcastmw2d"}


def build_evex():
    T = {}
    for row in _gen_rows():
        f = row.split()
        name, pp, mm, opc, w, form, mem, elem = f[:8]
        e = Ent()
        e.name = name
        e.pp = _PP[pp]
        e.mm = _MM[mm]
        e.opc = int(opc, 16)
        e.w = {"0": 0, "1": 1, "I": 2, "G": 3}[w]
        e.digit = 0
        if "/" in form:
            form, d = form.split("/")
            e.digit = int(d)
        e.form = form
        e.mem = int(mem) if mem.isdigit() else mem
        e.elem = int(elem)
        fl = set(f[8:])
        base = name.split(".")[0]
        if base.startswith(("vcmp", "vpcmp", "vptestm", "vptestnm", "vfpclass", "vpshufbitqmb",
                            "vp2intersect")) or base in _KDST:
            fl.add("kdst")
        if base in _KSRC:
            fl.add("ksrc")
        e.flags = frozenset(fl)
        e.vex = None
        base = name.split(".")[0]
        T.setdefault(base, []).append(e)
    return T


PRED_PS = ["eq", "lt", "le", "unord", "neq", "nlt", "nle", "ord", "eq_uq", "nge", "ngt",
           "false", "neq_oq", "ge", "gt", "true", "eq_os", "lt_oq", "le_oq", "unord_s",
           "neq_us", "nlt_uq", "nle_uq", "ord_s", "eq_us", "nge_uq", "ngt_uq", "false_os",
           "neq_os", "ge_oq", "gt_oq", "true_us"]
PRED_ALIAS = {"eq_oq": 0, "lt_os": 1, "le_os": 2, "unord_q": 3, "neq_uq": 4, "nlt_us": 5,
              "nle_us": 6, "ord_q": 7, "nge_us": 9, "ngt_us": 10, "false_oq": 11, "ge_os": 13,
              "gt_os": 14, "true_uq": 15}
PCLMUL = {"lqlq": 0x00, "hqlq": 0x01, "lqhq": 0x10, "hqhq": 0x11}
_pred_ps = list(PRED_PS)
_pred_int = ["eq", "lt", "le", "false", "neq", "nlt", "nle", "true"]

EVEX = build_evex()
# compare pseudo-ops: vcmpeqps ..., vpcmpltud ...
PSEUDO = {}
for _i, _p in enumerate(_pred_ps):
    for _s in ("ps", "pd", "ss", "sd"):
        PSEUDO[f"vcmp{_p}{_s}"] = (f"vcmp{_s}", _i)
for _i, _p in enumerate(_pred_ps):
    for _s in ("ph", "sh"):
        PSEUDO[f"vcmp{_p}{_s}"] = (f"vcmp{_s}", _i)
for _p, _i in PRED_ALIAS.items():
    for _s in ("ps", "pd", "ss", "sd", "ph", "sh"):
        PSEUDO[f"vcmp{_p}{_s}"] = (f"vcmp{_s}", _i)
for _p, _i in PCLMUL.items():
    PSEUDO[f"vpclmul{_p}dq"] = ("vpclmulqdq", _i)
for _i, _p in enumerate(_pred_int):
    for _s in ("b", "w", "d", "q", "ub", "uw", "ud", "uq"):
        PSEUDO[f"vpcmp{_p}{_s}"] = (f"vpcmp{_s}", _i)
