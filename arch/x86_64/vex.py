"""VEX-encoded instructions: AVX, AVX2, FMA, BMI1/2, F16C-free subset.

AT&T operand order: sources first, destination last; for three-operand forms the middle
operand is VEX.vvvv (``vaddps %xmm2, %xmm1, %xmm0`` -> reg=xmm0, vvvv=xmm1, rm=xmm2).
The 2-byte C5 prefix is used when the map is 0F and VEX.W, X and B are clear, as GNU as does.
"""
from __future__ import annotations

from toolchain.asm.assembler import AsmError
from toolchain.asm.expr import Value

_PP = {0: 0, 0x66: 1, 0xF3: 2, 0xF2: 3}
_MAP = {b"\x0f": 1, b"\x0f\x38": 2, b"\x0f\x3a": 3, b"XOP8": 8, b"XOP9": 9, b"XOPA": 10}


def vex(t, pp, mmap, w, L, reg, vvvv, rm, imm=None, imm_size=0, is4=None, kok=False,
        vsib=False):
    """Encode one VEX instruction. reg: Reg or /digit; vvvv: Reg or None; rm: Op or Reg."""
    from .asm import Op
    for r in (reg, vvvv, is4, rm.reg if isinstance(rm, Op) and rm.kind == "r" else rm
              if not isinstance(rm, Op) else None):
        if r is not None and hasattr(r, "kind") and (r.kind == "zmm" or r.num >= 16 or
                                                     r.kind == "k" and not kok):
            raise AsmError(f"`{t.cur_mnem}' with %{r.name} needs an EVEX (AVX-512) encoding, "
                           f"which this assembler does not have for it")
    if isinstance(rm, Op) and rm.kind == "m" and rm.index is not None and \
            rm.index.size > 8 and not vsib:
        raise AsmError(f"`{t.cur_mnem}': vector index registers (VSIB) are not supported")
    pfx = bytearray()
    rn = reg.num if hasattr(reg, "num") else reg
    R = rn >= 8
    X = B = False
    fix = []
    if isinstance(rm, Op) and rm.kind == "m":
        from .asm import _default_seg
        if rm.seg is not None and rm.seg.num != _default_seg(rm):
            pfx.append((0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65)[rm.seg.num])
        if rm.addr32:
            pfx.append(0x67)
        body, rexb, dfix = t._modrm_mem(rm, rn & 7)
        X = bool(rexb & 2)
        B = bool(rexb & 1)
    else:
        r = rm.reg if isinstance(rm, Op) else rm
        body = bytes([0xC0 | ((rn & 7) << 3) | (r.num & 7)])
        B = r.num >= 8
        dfix = None
    v = (vvvv.num if vvvv is not None else 0) & 15
    m = _MAP[mmap]
    p = _PP[pp]
    if m == 1 and not w and not X and not B and not t.force_vex3:
        pre = bytes([0xC5, ((not R) << 7) | ((~v & 15) << 3) | (L << 2) | p])
    else:
        pre = bytes([0xC4, ((not R) << 7) | ((not X) << 6) | ((not B) << 5) | m,
                     (w << 7) | ((~v & 15) << 3) | (L << 2) | p])
    opc = mmap[-1:] if False else None
    out = pfx + pre
    op_off = len(out)
    out += t._vex_opcode
    out += body
    if dfix is not None:
        off, val, pcrel = dfix
        off += op_off + len(t._vex_opcode)
        extra_imm = imm_size + (1 if is4 is not None else 0)
        if pcrel:
            val = Value(val.const - 4 - extra_imm, val.add, val.sub, val.mod)
        from .asm import R_32S
        fix.append((off, 4, val, pcrel, None if pcrel else R_32S))
    if is4 is not None:
        out.append((is4.num & 15) << 4)
    if imm is not None:
        t._imm(out, fix, imm, imm_size)
    return out, fix


def _isreg(o, kinds=("xmm", "ymm")):
    return o.kind == "r" and o.reg.kind in kinds


def _L(ops):
    for o in ops:
        if o.kind == "r" and o.reg.kind == "ymm":
            return 1
    return 0


def _enc(t, ent, reg, vvvv, rm, L, imm=None, is4=None, w=None):
    pp, mmap, opc, wbit = ent[1][:4]
    flags = ent[1][4] if len(ent[1]) > 4 else ""
    if "wig" in flags and w is None:
        w = t.vexwig
    if "lig" in flags:
        L = t.avxscalar
    t._vex_opcode = opc
    return vex(t, pp, mmap, wbit if w is None else w, L, reg, vvvv, rm, imm,
               1 if imm is not None else 0, is4)


def h_vex(t, ent, size, ops):
    """Generic AVX: [imm,] src2/m, [src1,] dst."""
    flags = ent[1][4] if len(ent[1]) > 4 else ""
    imm = None
    if ops and ops[0].kind == "i":
        imm = ops[0].value
        ops = ops[1:]
    if "imm" in flags and imm is None:
        raise AsmError(f"number of operands mismatch for `{t.cur_mnem}'")
    if not ops or ops[-1].kind != "r":
        raise AsmError(f"operand type mismatch for `{t.cur_mnem}'")
    if "mem" in flags and ops[0].kind != "m" or \
            "vsrc" in flags and ops[0].kind == "r" and ops[0].reg.kind not in ("xmm", "ymm"):
        raise AsmError(f"operand type mismatch for `{t.cur_mnem}'")
    L = _L(ops) if "L1" not in flags else 1
    if "L0" in flags:
        L = 0
    dst = ops[-1].reg
    if len(ops) == 2:
        return _enc(t, ent, dst, None, ops[0], L, imm)
    if len(ops) == 3:
        if "is4" in flags:
            raise AsmError(f"number of operands mismatch for `{t.cur_mnem}'")
        return _enc(t, ent, dst, ops[1].reg, ops[0], L, imm)
    if len(ops) == 4 and "is4" in flags:
        # vblendvps %xmm3, %xmm2, %xmm1, %xmm0: is4=xmm3, rm=xmm2, vvvv=xmm1
        return _enc(t, ent, dst, ops[2].reg, ops[1], L, None, is4=ops[0].reg)
    raise AsmError(f"number of operands mismatch for `{t.cur_mnem}'")


def h_vmov(t, ent, size, ops):
    """Load/store moves: data = (pp, map, load opcode, store opcode, w)."""
    pp, mmap, ld, st, w = ent[1]
    w = t.vexwig        # all these moves are VEX.WIG
    if len(ops) == 3 and ent[1][2] in (b"\x10",):
        # vmovss/vmovsd %xmm2, %xmm1, %xmm0 (register merge form)
        if t.swap or (ops[0].reg.num >= 8 and ops[2].reg.num < 8 and not t.force_vex3):
            t._vex_opcode = st
            return vex(t, pp, mmap, w, t.avxscalar, ops[0].reg, ops[1].reg, ops[2])
        t._vex_opcode = ld
        return vex(t, pp, mmap, w, t.avxscalar, ops[2].reg, ops[1].reg, ops[0])
    if len(ops) != 2:
        raise AsmError(f"number of operands mismatch for `{t.cur_mnem}'")
    src, dst = ops
    L = _L(ops)
    if ld == b"\x10" and pp in (0xF2, 0xF3):
        L = t.avxscalar     # vmovss/vmovsd: LIG
    if dst.kind == "r" and src.kind == "r" and st is not None and not t.swap and \
            not t.force_vex3 and src.reg.num >= 8 and dst.reg.num < 8 and mmap == b"\x0f" and \
            dst.reg.kind in ("xmm", "ymm") and src.reg.kind == dst.reg.kind:
        # GNU as takes the store form when that allows the 2-byte VEX prefix
        t._vex_opcode = st
        return vex(t, pp, mmap, w, L, src.reg, None, dst)
    if dst.kind == "r" and ld is not None and not (t.swap and src.kind == "r"):
        t._vex_opcode = ld
        return vex(t, pp, mmap, w, L, dst.reg, None, src)
    if src.kind == "r" and dst.kind in "mr":
        t._vex_opcode = st
        return vex(t, pp, mmap, w, L, src.reg, None, dst)
    raise AsmError(f"operand type mismatch for `{t.cur_mnem}'")


def h_vmovdq(t, ent, size, ops):
    """vmovd / vmovq."""
    is_q = ent[1]
    if len(ops) != 2:
        raise AsmError(f"number of operands mismatch for `{t.cur_mnem}'")
    src, dst = ops
    gpr = lambda o: o.kind == "r" and o.reg.kind == "gpr"
    if is_q and _isreg(dst, ("xmm",)) and _isreg(src, ("xmm",)) and (
            t.swap or src.reg.num >= 8 and dst.reg.num < 8 and not t.force_vex3):
        t._vex_opcode = b"\xd6"
        return vex(t, 0x66, b"\x0f", t.vexwig, 0, src.reg, None, dst)
    if is_q and _isreg(dst, ("xmm",)) and (src.kind == "m" or _isreg(src, ("xmm",))):
        t._vex_opcode = b"\x7e"
        return vex(t, 0xF3, b"\x0f", t.vexwig, 0, dst.reg, None, src)
    if is_q and _isreg(src, ("xmm",)) and dst.kind == "m":
        t._vex_opcode = b"\xd6"
        return vex(t, 0x66, b"\x0f", t.vexwig, 0, src.reg, None, dst)
    if _isreg(dst, ("xmm",)):
        t._vex_opcode = b"\x6e"
        return vex(t, 0x66, b"\x0f", 1 if (is_q or (gpr(src) and src.reg.size == 8)) else 0, 0,
                   dst.reg, None, src)
    if _isreg(src, ("xmm",)):
        t._vex_opcode = b"\x7e"
        return vex(t, 0x66, b"\x0f", 1 if (is_q or (gpr(dst) and dst.reg.size == 8)) else 0, 0,
                   src.reg, None, dst)
    raise AsmError(f"operand type mismatch for `{t.cur_mnem}'")


def h_vcvtsi2(t, ent, size, ops):
    pp = ent[1]
    if len(ops) != 3:
        raise AsmError(f"number of operands mismatch for `{t.cur_mnem}'")
    src, s1, dst = ops
    w = 1 if (size == 8 or (src.kind == "r" and src.reg.size == 8)) else 0
    t._vex_opcode = b"\x2a"
    return vex(t, pp, b"\x0f", w, t.avxscalar, dst.reg, s1.reg, src)


def h_vcvt2si(t, ent, size, ops):
    pp, opc = ent[1]
    if len(ops) != 2:
        raise AsmError(f"number of operands mismatch for `{t.cur_mnem}'")
    src, dst = ops
    t._vex_opcode = opc
    return vex(t, pp, b"\x0f", 1 if dst.reg.size == 8 else 0, t.avxscalar, dst.reg, None, src)


def h_vshift(t, ent, size, ops):
    """vpsrlw etc: by xmm/m (NDS) or by imm8 (NDD: vvvv = destination, /digit)."""
    opc, grp, n = ent[1]
    if len(ops) != 3:
        raise AsmError(f"number of operands mismatch for `{t.cur_mnem}'")
    a, src, dst = ops
    L = _L(ops)
    if a.kind == "i":
        t._vex_opcode = grp
        return vex(t, 0x66, b"\x0f", t.vexwig, L, n, dst.reg, src, a.value, 1)
    t._vex_opcode = opc
    return vex(t, 0x66, b"\x0f", t.vexwig, L, dst.reg, src.reg, a)


def h_bmi(t, ent, size, ops):
    """BMI: data = (pp, map, opcode, form). forms: 'rvm' (dst, vvvv=src1, rm=src2),
    'rmv' (dst, rm=src, vvvv=ctrl), 'vm' (/digit, vvvv=dst, rm=src), 'rmi' (imm)."""
    pp, mmap, opc, form = ent[1]
    t._vex_opcode = opc
    regs = [o for o in ops if o.kind == "r"]
    w = 1 if any(r.reg.size == 8 for r in regs) or size == 8 else 0
    if form == "rvm":
        # AT&T: src2, src1, dst
        src2, src1, dst = ops
        return vex(t, pp, mmap, w, 0, dst.reg, src1.reg, src2)
    if form == "rmv":
        ctrl, src, dst = ops
        return vex(t, pp, mmap, w, 0, dst.reg, ctrl.reg, src)
    if form[:2] == "vm":
        n = int(form[2])
        src, dst = ops
        return vex(t, pp, mmap, w, 0, n, dst.reg, src)
    if form == "rmi":
        imm, src, dst = ops
        return vex(t, pp, mmap, w, 0, dst.reg, None, src, imm.value, 1)
    raise AsmError("bad BMI form")


def add_vex(T):
    from .tables import h_sse, h_sse_mmx

    def add(name, h, data):
        T[name] = (h, data, 1 if h in (h_bmi, h_vcvtsi2, h_vcvt2si) else 0)

    # derive AVX forms from the SSE table entries
    for name, ent in list(T.items()):
        h, data, _ = ent
        if h not in (h_sse, h_sse_mmx) or not isinstance(data, tuple):
            continue
        mand, opc = data[0], data[1]
        if not isinstance(opc, bytes) or not opc.startswith(b"\x0f"):
            continue
        if name.endswith("_sse") or name.startswith(("pclmul", "cmp")) and h is h_sse and \
                len(data) > 2 and data[2] == "cmp":
            continue
        if opc[:2] in (b"\x0f\x38", b"\x0f\x3a"):
            mmap, op = opc[:2], opc[2:]
        else:
            mmap, op = opc[:1], opc[1:]
        flags = "imm" if len(data) > 2 and data[2] == "imm" else ""
        flags += " wig"
        if mand in (0xF2, 0xF3) and name.endswith(("ss", "sd")) or \
                name in ("ucomiss", "ucomisd", "comiss", "comisd", "roundss", "roundsd"):
            flags += " lig"
        w = 0
        add("v" + name, h_vex, (mand, mmap, op, w, flags))
    for n in ("vcmpsd_sse",):
        T.pop(n, None)
    if "vcmpsd_sse" not in T:
        add("vcmpsd", h_vex, (0xF2, b"\x0f", b"\xc2", 0, "imm wig lig"))
    for i, p in enumerate(["eq", "lt", "le", "unord", "neq", "nlt", "nle", "ord"]):
        for sfx, mand in (("ps", 0), ("pd", 0x66), ("ss", 0xF3), ("sd", 0xF2)):
            T.pop(f"vcmp{p}{sfx}", None)
            add(f"vcmp{p}{sfx}", h_vcmp_pseudo, (mand, b"\x0f", b"\xc2", 0, i))
    for n, mand, ld, st in [("vmovaps", 0, b"\x28", b"\x29"), ("vmovups", 0, b"\x10", b"\x11"),
                            ("vmovapd", 0x66, b"\x28", b"\x29"),
                            ("vmovupd", 0x66, b"\x10", b"\x11"),
                            ("vmovdqa", 0x66, b"\x6f", b"\x7f"),
                            ("vmovdqu", 0xF3, b"\x6f", b"\x7f"),
                            ("vmovss", 0xF3, b"\x10", b"\x11"), ("vmovsd", 0xF2, b"\x10", b"\x11"),
                            ("vmovntps", 0, None, b"\x2b"), ("vmovntpd", 0x66, None, b"\x2b"),
                            ("vmovntdq", 0x66, None, b"\xe7"), ("vmovlps", 0, None, b"\x13"),
                            ("vmovhps", 0, None, b"\x17"), ("vmovlpd", 0x66, None, b"\x13"),
                            ("vmovhpd", 0x66, None, b"\x17")]:
        add(n, h_vmov, (mand, b"\x0f", ld, st, 0))
    add("vmovd", h_vmovdq, False)
    add("vmovq", h_vmovdq, True)
    add("vcvtsi2ss", h_vcvtsi2, 0xF3)
    add("vcvtsi2sd", h_vcvtsi2, 0xF2)
    add("vcvttss2si", h_vcvt2si, (0xF3, b"\x2c"))
    add("vcvtss2si", h_vcvt2si, (0xF3, b"\x2d"))
    add("vcvttsd2si", h_vcvt2si, (0xF2, b"\x2c"))
    add("vcvtsd2si", h_vcvt2si, (0xF2, b"\x2d"))
    for n, opc, grp, d in [("vpsrlw", 0xD1, 0x71, 2), ("vpsraw", 0xE1, 0x71, 4),
                           ("vpsllw", 0xF1, 0x71, 6), ("vpsrld", 0xD2, 0x72, 2),
                           ("vpsrad", 0xE2, 0x72, 4), ("vpslld", 0xF2, 0x72, 6),
                           ("vpsrlq", 0xD3, 0x73, 2), ("vpsllq", 0xF3, 0x73, 6),
                           ("vpsrldq", None, 0x73, 3), ("vpslldq", None, 0x73, 7)]:
        add(n, h_vshift, (bytes([opc]) if opc else None, bytes([grp]), d))
    f38 = b"\x0f\x38"
    f3a = b"\x0f\x3a"
    more = [
        ("vbroadcastss", 0x66, f38, b"\x18", 0, "vsrc"), ("vbroadcastsd", 0x66, f38, b"\x19", 0, "L1 vsrc"),
        ("vbroadcastf128", 0x66, f38, b"\x1a", 0, "L1"),
        ("vbroadcasti128", 0x66, f38, b"\x5a", 0, "L1"),
        ("vpbroadcastb", 0x66, f38, b"\x78", 0, "vsrc"), ("vpbroadcastw", 0x66, f38, b"\x79", 0, "vsrc"),
        ("vpbroadcastd", 0x66, f38, b"\x58", 0, "vsrc"), ("vpbroadcastq", 0x66, f38, b"\x59", 0, "vsrc"),
        ("vinsertf128", 0x66, f3a, b"\x18", 0, "imm L1"),
        ("vinserti128", 0x66, f3a, b"\x38", 0, "imm L1"),
        ("vperm2f128", 0x66, f3a, b"\x06", 0, "imm"), ("vperm2i128", 0x66, f3a, b"\x46", 0, "imm"),
        ("vpermq", 0x66, f3a, b"\x00", 1, "imm"), ("vpermpd", 0x66, f3a, b"\x01", 1, "imm"),
        ("vpermd", 0x66, f38, b"\x36", 0, ""), ("vpermps", 0x66, f38, b"\x16", 0, ""),
        ("vpblendd", 0x66, f3a, b"\x02", 0, "imm"),

        ("vpsllvd", 0x66, f38, b"\x47", 0, ""), ("vpsllvq", 0x66, f38, b"\x47", 1, ""),
        ("vpsrlvd", 0x66, f38, b"\x45", 0, ""), ("vpsrlvq", 0x66, f38, b"\x45", 1, ""),
        ("vpsravd", 0x66, f38, b"\x46", 0, ""),
        ("vtestps", 0x66, f38, b"\x0e", 0, ""), ("vtestpd", 0x66, f38, b"\x0f", 0, ""),
        ("vblendvps", 0x66, f3a, b"\x4a", 0, "is4"), ("vblendvpd", 0x66, f3a, b"\x4b", 0, "is4"),
        ("vpblendvb", 0x66, f3a, b"\x4c", 0, "is4"),
        ("vmaskmovps", 0x66, f38, b"\x2c", 0, ""), ("vmaskmovpd", 0x66, f38, b"\x2d", 0, ""),
        ("vpmaskmovd", 0x66, f38, b"\x8c", 0, ""), ("vpmaskmovq", 0x66, f38, b"\x8c", 1, ""),
        ("vcvtph2ps", 0x66, f38, b"\x13", 0, ""),
        ("vpmovmskb", 0x66, b"\x0f", b"\xd7", 0, "wig"), ("vmaskmovdqu", 0x66, b"\x0f", b"\xf7", 0, "wig"), ("vmovmskps", 0, b"\x0f", b"\x50", 0, "wig"),
        ("vmovmskpd", 0x66, b"\x0f", b"\x50", 0, "wig"),
    ]
    for n, pp, mmap, op, w, fl in more:
        add(n, h_vex, (pp, mmap, op, w, fl))
    add("vpinsrb", h_vpinsr, (f3a, b"\x20", None))
    add("vpinsrw", h_vpinsr, (b"\x0f", b"\xc4", None))
    add("vpinsrd", h_vpinsr, (f3a, b"\x22", 0))
    add("vpinsrq", h_vpinsr, (f3a, b"\x22", 1))
    add("vpextrb", h_vpextr, (f3a, b"\x14", None))
    add("vpextrw", h_vpextr, (b"\x0f", b"\xc5", None))
    add("vpextrd", h_vpextr, (f3a, b"\x16", 0))
    add("vpextrq", h_vpextr, (f3a, b"\x16", 1))
    add("vextractps", h_vpextr, (f3a, b"\x17", None))
    for n, pp, ld, st in (("vmovlps", 0, b"\x12", b"\x13"), ("vmovhps", 0, b"\x16", b"\x17"),
                          ("vmovlpd", 0x66, b"\x12", b"\x13"),
                          ("vmovhpd", 0x66, b"\x16", b"\x17")):
        add(n, h_vmovhl, (pp, ld, st))
    for n in ("vcvtpd2dq", "vcvttpd2dq", "vcvtpd2ps"):
        h, d, fl = T[n]
        T[n + "x"] = (h, d[:4] + (d[4] + " L0",), fl)
        T[n + "y"] = (h, d[:4] + (d[4] + " L1",), fl)
    add("vpermilps", h_vpermil, (b"\x0c", b"\x04"))
    add("vpermilpd", h_vpermil, (b"\x0d", b"\x05"))
    add("vextractf128", h_vextract, (0x66, f3a, b"\x19", 0))
    add("vextracti128", h_vextract, (0x66, f3a, b"\x39", 0))
    add("vcvtps2ph", h_vextract, (0x66, f3a, b"\x1d", 0))
    # FMA
    for base, ops_ in (("fmadd", (0x98, 0x99)), ("fmsub", (0x9A, 0x9B)),
                       ("fnmadd", (0x9C, 0x9D)), ("fnmsub", (0x9E, 0x9F)),
                       ("fmaddsub", (0x96, None)), ("fmsubadd", (0x97, None))):
        for k, order in ((0, "132"), (0x10, "213"), (0x20, "231")):
            p, s_ = ops_
            add(f"v{base}{order}ps", h_vex, (0x66, f38, bytes([p + k]), 0, ""))
            add(f"v{base}{order}pd", h_vex, (0x66, f38, bytes([p + k]), 1, ""))
            if s_ is not None:
                add(f"v{base}{order}ss", h_vex, (0x66, f38, bytes([s_ + k]), 0, "L0"))
                add(f"v{base}{order}sd", h_vex, (0x66, f38, bytes([s_ + k]), 1, "L0"))
    # BMI1/2
    add("andn", h_bmi, (0, f38, b"\xf2", "rvm"))
    add("bextr", h_bmi, (0, f38, b"\xf7", "rmv"))
    add("bzhi", h_bmi, (0, f38, b"\xf5", "rmv"))
    add("sarx", h_bmi, (0xF3, f38, b"\xf7", "rmv"))
    add("shlx", h_bmi, (0x66, f38, b"\xf7", "rmv"))
    add("shrx", h_bmi, (0xF2, f38, b"\xf7", "rmv"))
    add("pdep", h_bmi, (0xF2, f38, b"\xf5", "rvm"))
    add("pext", h_bmi, (0xF3, f38, b"\xf5", "rvm"))
    add("mulx", h_bmi, (0xF2, f38, b"\xf6", "rvm"))
    add("blsr", h_bmi, (0, f38, b"\xf3", "vm1"))
    add("blsmsk", h_bmi, (0, f38, b"\xf3", "vm2"))
    add("blsi", h_bmi, (0, f38, b"\xf3", "vm3"))
    add("rorx", h_bmi, (0xF2, f3a, b"\xf0", "rmi"))
    # all 32 VEX compare predicates and the pclmulqdq immediates as pseudo-ops
    from .evex import PRED_PS, PRED_ALIAS, PCLMUL
    for i, p in list(enumerate(PRED_PS)) + [(i, p) for p, i in PRED_ALIAS.items()]:
        for sfx, mand in (("ps", 0), ("pd", 0x66), ("ss", 0xF3), ("sd", 0xF2)):
            add(f"vcmp{p}{sfx}", h_vcmp_pseudo,
                (mand, b"\x0f", b"\xc2", 0, i, " wig" + (" lig" if sfx[0] == "s" else "")))
    for p, i in PCLMUL.items():
        add(f"vpclmul{p}dq", h_vcmp_pseudo, (0x66, f3a, b"\x44", 0, i, " wig"))
    # GFNI
    add("vgf2p8mulb", h_vex, (0x66, f38, b"\xcf", 0, ""))
    add("vgf2p8affineqb", h_vex, (0x66, f3a, b"\xce", 1, "imm"))
    add("vgf2p8affineinvqb", h_vex, (0x66, f3a, b"\xcf", 1, "imm"))
    # AVX-VNNI, AVX-IFMA: GNU as takes the EVEX forms unless {vex} is given
    for n, opc, w in (("vpdpbusd", 0x50, 0), ("vpdpbusds", 0x51, 0), ("vpdpwssd", 0x52, 0),
                      ("vpdpwssds", 0x53, 0), ("vpmadd52luq", 0xB4, 1),
                      ("vpmadd52huq", 0xB5, 1)):
        add(n + "{vex}", h_vex, (0x66, f38, bytes([opc]), w, ""))
    # AVX-VNNI-INT8, AVX-NE-CONVERT, AVX-IFMA (VEX only)
    for n, pp, opc in (("vpdpbssd", 0xF2, 0x50), ("vpdpbssds", 0xF2, 0x51),
                       ("vpdpbsud", 0xF3, 0x50), ("vpdpbsuds", 0xF3, 0x51),
                       ("vpdpbuud", 0, 0x50), ("vpdpbuuds", 0, 0x51)):
        add(n, h_vex, (pp, f38, bytes([opc]), 0, ""))
    for n, opc in (("vpcmpestri", 0x61), ("vpcmpestrm", 0x60)):
        add(n + "q", h_vex, (0x66, f3a, bytes([opc]), 1, "imm"))
        add(n + "l", h_vex, (0x66, f3a, bytes([opc]), 0, "imm"))
    for n, ld, st, w in (("vmaskmovps", 0x2C, 0x2E, 0), ("vmaskmovpd", 0x2D, 0x2F, 0),
                         ("vpmaskmovd", 0x8C, 0x8E, 0), ("vpmaskmovq", 0x8C, 0x8E, 1)):
        add(n, h_vmaskmov, (bytes([ld]), bytes([st]), w))
    for n, opc, w in (("vpgatherdd", 0x90, 0), ("vpgatherdq", 0x90, 1), ("vpgatherqd", 0x91, 0),
                      ("vpgatherqq", 0x91, 1), ("vgatherdps", 0x92, 0), ("vgatherdpd", 0x92, 1),
                      ("vgatherqps", 0x93, 0), ("vgatherqpd", 0x93, 1)):
        add(n, h_vgather, (bytes([opc]), w))
    # AVX-NE-CONVERT (memory sources only)
    for n, pp, opc in (("vbcstnebf162ps", 0xF3, 0xB1), ("vbcstnesh2ps", 0x66, 0xB1),
                       ("vcvtneebf162ps", 0xF3, 0xB0), ("vcvtneeph2ps", 0x66, 0xB0),
                       ("vcvtneobf162ps", 0xF2, 0xB0), ("vcvtneoph2ps", 0, 0xB0)):
        add(n, h_vex, (pp, f38, bytes([opc]), 0, "mem"))
    add("vcvtneps2bf16{vex}", h_vex, (0xF3, f38, b"\x72", 0, ""))
    for sfx, fl in (("x", "L0"), ("y", "L1")):
        # `{vex} vcvtneps2bf16x' (AT&T) and Intel's size from the memory operand
        add(f"vcvtneps2bf16{sfx}{{vex}}", h_vex, (0xF3, f38, b"\x72", 0, fl))
        add(f"vcvtneps2bf16{{vex}}{sfx}", h_vex, (0xF3, f38, b"\x72", 0, fl))
    add("vldmxcsr", h_vdigit, (0, b"\x0f", b"\xae", 2))
    add("vstmxcsr", h_vdigit, (0, b"\x0f", b"\xae", 3))
    for n in ("vfmadd", "vfmsub", "vfnmadd", "vfnmsub"):
        for o in ("132", "213", "231"):
            for sfx in ("ss", "sd"):
                h, d, fl = T[n + o + sfx]
                T[n + o + sfx] = (h, d[:4] + (d[4].replace("L0", "lig"),), fl)
    return T


def h_vdigit(t, ent, size, ops):
    """vldmxcsr/vstmxcsr: one memory operand, ModRM.reg = /digit."""
    pp, mmap, opc, d = ent[1]
    if len(ops) != 1 or ops[0].kind != "m":
        raise AsmError(f"operand type mismatch for `{t.cur_mnem}'")
    t._vex_opcode = opc
    return vex(t, pp, mmap, t.vexwig, 0, d, None, ops[0])


def h_vpinsr(t, ent, size, ops):
    """vpinsrb/w/d/q $imm, r/m, %xmm_src1, %xmm_dst."""
    mmap, opc, w = ent[1]
    if len(ops) != 4:
        raise AsmError(f"number of operands mismatch for `{t.cur_mnem}'")
    imm, src, s1, dst = ops
    if w is None:
        w = t.vexwig
    t._vex_opcode = opc
    return vex(t, 0x66, mmap, w, 0, dst.reg, s1.reg, src, imm.value, 1)


def h_vpextr(t, ent, size, ops):
    """vpextrb/w/d/q, vextractps $imm, %xmm, r/m."""
    mmap, opc, w = ent[1]
    if len(ops) != 3:
        raise AsmError(f"number of operands mismatch for `{t.cur_mnem}'")
    imm, src, dst = ops
    if w is None:
        w = t.vexwig
    if opc == b"\xc5":
        if dst.kind == "r" and not t.swap:
            t._vex_opcode = opc
            return vex(t, 0x66, b"\x0f", w, 0, dst.reg, None, src, imm.value, 1)
        mmap, opc = b"\x0f\x3a", b"\x15"
    t._vex_opcode = opc
    return vex(t, 0x66, mmap, w, 0, src.reg, None, dst, imm.value, 1)


def h_vmovhl(t, ent, size, ops):
    """vmovhps/vmovlps/vmovhpd/vmovlpd: 3-operand load or 2-operand store."""
    pp, ld, st = ent[1]
    if len(ops) == 3:
        t._vex_opcode = ld
        return vex(t, pp, b"\x0f", t.vexwig, 0, ops[2].reg, ops[1].reg, ops[0])
    if len(ops) == 2 and ops[1].kind == "m":
        t._vex_opcode = st
        return vex(t, pp, b"\x0f", t.vexwig, 0, ops[0].reg, None, ops[1])
    raise AsmError(f"operand type mismatch for `{t.cur_mnem}'")


def h_vpermil(t, ent, size, ops):
    """vpermilps/pd: by a vector (0F38) or by an immediate (0F3A, two operands)."""
    byvec, byimm = ent[1]
    if ops and ops[0].kind == "i":
        return h_vex(t, (None, (0x66, b"\x0f\x3a", byimm, 0, "imm")), size, ops)
    return h_vex(t, (None, (0x66, b"\x0f\x38", byvec, 0, "")), size, ops)


def h_vcmp_pseudo(t, ent, size, ops):
    pp, mmap, opc, w, pred = ent[1][:5]
    e = (None, (pp, mmap, opc, w, "imm" + (ent[1][5] if len(ent[1]) > 5 else "")))
    from .asm import Op
    o = Op("i")
    o.value = Value(pred)
    return h_vex(t, e, size, [o] + list(ops))


def h_vextract(t, ent, size, ops):
    """vextracti128 $imm, %ymm, %xmm/m (reg = source, rm = destination)."""
    pp, mmap, opc, w = ent[1]
    if len(ops) != 3:
        raise AsmError(f"number of operands mismatch for `{t.cur_mnem}'")
    imm, src, dst = ops
    t._vex_opcode = opc
    L = 1 if src.reg.kind == "ymm" else 0
    return vex(t, pp, mmap, w, L, src.reg, None, dst, imm.value, 1)


def h_vmaskmov(t, ent, size, ops):
    """vmaskmovps/pd, vpmaskmovd/q: load (mem, mask, dst) or store (src, mask, mem)."""
    ld, st, w = ent[1]
    if len(ops) != 3:
        raise AsmError(f"number of operands mismatch for `{t.cur_mnem}'")
    a, m, d = ops
    if m.kind != "r" or m.reg.kind not in ("xmm", "ymm"):
        raise AsmError(f"operand type mismatch for `{t.cur_mnem}'")
    L = 1 if m.reg.kind == "ymm" else 0
    if a.kind == "m" and d.kind == "r" and d.reg.kind == m.reg.kind:
        t._vex_opcode = ld
        return vex(t, 0x66, b"\x0f\x38", w, L, d.reg, m.reg, a)
    if a.kind == "r" and d.kind == "m" and a.reg.kind == m.reg.kind:
        t._vex_opcode = st
        return vex(t, 0x66, b"\x0f\x38", w, L, a.reg, m.reg, d)
    raise AsmError(f"operand type mismatch for `{t.cur_mnem}'")


def h_vgather(t, ent, size, ops):
    """AVX2 gathers: %mask, vsib-mem, %dst (VEX; the EVEX forms take {%k} masks)."""
    opc, w = ent[1]
    if len(ops) != 3:
        raise AsmError(f"number of operands mismatch for `{t.cur_mnem}'")
    m, mem, d = ops
    if m.kind != "r" or d.kind != "r" or mem.kind != "m" or mem.index is None or \
            mem.index.kind not in ("xmm", "ymm") or m.reg.kind not in ("xmm", "ymm") or \
            d.reg.kind not in ("xmm", "ymm"):
        raise AsmError(f"operand type mismatch for `{t.cur_mnem}'")
    L = 1 if "ymm" in (d.reg.kind, mem.index.kind) else 0
    t._vex_opcode = opc
    return vex(t, 0x66, b"\x0f\x38", w, L, d.reg, m.reg, mem, vsib=True)
