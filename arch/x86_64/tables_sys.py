"""System and newer ISA extensions with simple operand shapes (VMX, SGX, XSAVE*, CET, TSX,
FSGSBASE, WAITPKG, MOVDIR*, ENQCMD, SHA, ADX, RAO-INT, KL, UINTR, TDX, MSRLIST, ...).

Encodings are from the Intel SDM volume 2 and the AMD APM volume 3. One generic handler,
``h_gen``, takes a row (mandatory prefix, opcode, operand form, REX.W rule).
Forms: "0" no operand (``imp`` = implicit register operands that may be written),
"m/N" one memory operand with ModRM.reg = N, "r/N" one register operand in ModRM.rm,
"a/N" one register or memory operand, "rm" register <- r/m (AT&T: src, dst),
"mr" r/m <- register, "rmi" like rm with an imm8 first.
W rule: 0 never, 1 always, "s" from the general register size or the l/q suffix.
"""
from __future__ import annotations

from toolchain.asm.assembler import AsmError

SUFFIX = 1


def _err(t):
    return AsmError(f"operand type mismatch for `{t.cur_mnem}'")


def h_gen(t, ent, size, ops):
    mand, opc, form, wm, imp, rk = ent[1]
    if form == "0":
        if ops and (imp is None or len(ops) != imp or any(o.kind != "r" for o in ops)):
            raise AsmError(f"number of operands mismatch for `{t.cur_mnem}'")
        out = bytearray()
        if ops and t.cur_mnem in _ADDR_IMPLICIT and (ops[-1] if t.intel else ops[0]).reg.size == 4:
            out.append(0x67)        # monitor %eax, ...: 32-bit address register
        if mand:
            out.append(mand)
        out += opc
        return out, None
    if imp and imp > 0 and len(ops) == imp:
        # explicit forms of implicit register operands (umwait %edi, %edx, %eax; Intel
        # syntax keeps that order: umwait eax, edx, esi)
        if any(o.kind != "r" for o in ops):
            raise _err(t)
        ops = ops[-1:] if t.intel else ops[:1]
    elif imp == -1 and len(ops) == 3 and ops[0].kind == "r" and ops[0].reg.name == "xmm0":
        ops = ops[1:]       # sha256rnds2 %xmm0, src, dst
    addr = False
    if wm == "a":
        # the register operand gives the address size (movdir64b, enqcmd, umonitor)
        wm = 0
        for o in ops:
            if o.kind == "r" and o.reg.kind == "gpr" and o.reg.size == 4:
                addr = True
            if o.kind == "m" and o.addr32:
                addr = False
                break
    imm = None
    if form == "rmi":
        if len(ops) != 3 or ops[0].kind != "i":
            raise AsmError(f"number of operands mismatch for `{t.cur_mnem}'")
        imm = ops[0].value
        ops = ops[1:]
        form = "rm"
    w = wm == 1
    for o in ops:
        if o.kind == "i":
            raise _err(t)
        if wm == "s" and o.kind == "r" and o.reg.kind == "gpr":
            if o.reg.size == 8:
                w = True
            elif o.reg.size < 4:
                raise _err(t)
    if wm == "s" and size == 8:
        w = True
    if rk is not None:
        # the operand in ModRM.reg must be of the row's register kind
        r = ops[-1] if form in ("rm", "rmm") else ops[0] if form in ("mr", "mrm") else None
        if r is not None and (r.kind != "r" or r.reg.kind != rk):
            raise _err(t)
        if rk == "gpr":
            for o in ops:
                if o.kind == "r" and o.reg.kind != "gpr":
                    raise _err(t)
    if "/" in form:
        if len(ops) != 1:
            raise AsmError(f"number of operands mismatch for `{t.cur_mnem}'")
        kind, d = form.split("/")
        o = ops[0]
        if kind == "m" and o.kind != "m" or kind == "r" and o.kind != "r" or \
                o.kind == "r" and o.reg.kind != "gpr":
            raise _err(t)
        out, fx = t.encode_rm(opc, int(d), o, None, w=w, mand=mand)
        return _a32(out, fx, addr)
    if len(ops) != 2:
        raise AsmError(f"number of operands mismatch for `{t.cur_mnem}'")
    src, dst = ops
    if form == "rm":
        if dst.kind != "r":
            raise _err(t)
        if imm is not None:
            return t.encode_rm(opc, dst.reg, src, None, imm, 1, w=w, mand=mand)
        return t.encode_rm(opc, dst.reg, src, None, w=w, mand=mand)
    if form == "rmm":
        # register <- memory only
        if dst.kind != "r" or src.kind != "m":
            raise _err(t)
        out, fx = t.encode_rm(opc, dst.reg, src, None, w=w, mand=mand)
        return _a32(out, fx, addr)
    if src.kind != "r":
        raise _err(t)
    if form == "mrm" and dst.kind != "m":
        raise _err(t)
    return t.encode_rm(opc, src.reg, dst, None, w=w, mand=mand)


def _a32(out, fx, addr):
    if not addr:
        return out, fx
    return b"\x67" + bytes(out), [(f[0] + 1,) + tuple(f[1:]) for f in fx or ()]


def h_xbegin(t, ent, size, ops):
    """xbegin rel32 (C7 F8), xabort imm8 (C6 F8)."""
    from toolchain.asm.expr import Value
    if len(ops) != 1:
        raise AsmError(f"number of operands mismatch for `{t.cur_mnem}'")
    o = ops[0]
    if ent[1] == "xabort":
        if o.kind != "i":
            raise _err(t)
        out = bytearray(b"\xc6\xf8")
        fx = []
        t._imm(out, fx, o.value, 1)
        return out, fx
    if o.kind == "i" and o.text == "bare":
        o.kind = "m"
    if o.kind != "m" or o.base is not None or o.index is not None or o.rip:
        raise _err(t)
    v = o.value
    return bytearray(b"\xc7\xf8\0\0\0\0"), [(2, 4, Value(v.const - 4, v.add, v.sub, v.mod),
                                                  True, None)]


def h_sse4a(t, ent, size, ops):
    """extrq/insertq: register forms (0F 79) or with two imm8 (0F 78)."""
    mand, regform = ent[1]
    if len(ops) == 2:
        return regform[0](t, regform, size, ops)
    if len(ops) not in (3, 4) or ops[0].kind != "i" or ops[1].kind != "i" or \
            any(o.kind != "r" or o.reg.kind != "xmm" for o in ops[2:]):
        raise _err(t)
    if mand == 0x66:
        if len(ops) != 3:
            raise _err(t)
        out, fx = t.encode_rm(b"\x0f\x78", 0, ops[2], None, mand=mand, w=False)
    else:
        if len(ops) != 4:
            raise _err(t)
        out, fx = t.encode_rm(b"\x0f\x78", ops[3].reg, ops[2], None, mand=mand, w=False)
    fx = list(fx or [])
    t._imm(out, fx, ops[1].value, 1)
    t._imm(out, fx, ops[0].value, 1)
    return out, fx


def _xop(out):
    """A VEX-shaped encoding with the XOP escape 8F instead of C4."""
    out = bytearray(out)
    i = 0
    while out[i] != 0xC4:
        i += 1
    out[i] = 0x8F
    return out


def h_tbm(t, ent, size, ops):
    """TBM (XOP map 9): blcfill %src, %dst -> vvvv = dst, rm = src, ModRM.reg = /digit."""
    from .vex import vex
    opc, d = ent[1]
    if len(ops) != 2 or ops[1].kind != "r" or ops[1].reg.kind != "gpr" or \
            ops[1].reg.size < 4 or ops[0].kind == "i" or \
            ops[0].kind == "r" and ops[0].reg.size != ops[1].reg.size:
        raise _err(t)
    t._vex_opcode = bytes([opc])
    out, fx = vex(t, 0, b"XOP9", 1 if ops[1].reg.size == 8 else 0, 0, d, ops[1].reg, ops[0])
    return _xop(out), fx


def h_bextr(t, ent, size, ops):
    """bextr: BMI1 (three registers) or TBM (imm32, XOP map A 10)."""
    from .vex import vex
    bmi = ent[1]
    if not ops or ops[0].kind != "i":
        return bmi[0](t, bmi, size, ops)
    if len(ops) != 3 or ops[2].kind != "r" or ops[2].reg.kind != "gpr" or ops[2].reg.size < 4:
        raise _err(t)
    t._vex_opcode = b"\x10"
    out, fx = vex(t, 0, b"XOPA", 1 if ops[2].reg.size == 8 else 0, 0, ops[2].reg, None, ops[1],
                  ops[0].value, 4)
    return _xop(out), fx


def h_amx(t, ent, size, ops):
    """AMX (VEX.128.0F38.W0): tile loads/stores, tile configuration, dot products."""
    from .vex import vex
    pp, opc, form = ent[1]
    t._vex_opcode = bytes([opc])

    def tmm(o):
        return o.kind == "r" and o.reg.kind == "tmm"
    if form == "cfg":
        if len(ops) != 1 or ops[0].kind != "m":
            raise _err(t)
        return vex(t, pp, b"\x0f\x38", 0, 0, 0, None, ops[0])
    if form == "none":
        if ops:
            raise AsmError(f"number of operands mismatch for `{t.cur_mnem}'")
        return bytearray(b"\xc4\xe2\x78\x49\xc0"), None
    if form == "zero":
        if len(ops) != 1 or not tmm(ops[0]):
            raise _err(t)
        return vex(t, pp, b"\x0f\x38", 0, 0, ops[0].reg, None, ops[0].reg.__class__(
            "tmm0", "tmm", 0, 1024))
    if form in ("load", "store"):
        m = ops[0] if form == "load" else ops[-1]
        if m.kind == "m" and m.index is None and m.base is not None:
            from .registers import REGS
            m.index = REGS["eiz" if m.base.size == 4 else "riz"]    # SIB is required
    if form == "load":
        if len(ops) != 2 or ops[0].kind != "m" or not tmm(ops[1]):
            raise _err(t)
        return vex(t, pp, b"\x0f\x38", 0, 0, ops[1].reg, None, ops[0])
    if form == "store":
        if len(ops) != 2 or ops[1].kind != "m" or not tmm(ops[0]):
            raise _err(t)
        return vex(t, pp, b"\x0f\x38", 0, 0, ops[0].reg, None, ops[1])
    if len(ops) != 3 or not all(tmm(o) for o in ops):
        raise _err(t)
    return vex(t, pp, b"\x0f\x38", 0, 0, ops[2].reg, ops[0].reg, ops[1])


def h_bndmov(t, ent, size, ops):
    """bndmov: bnd <- bnd/m128 (66 0F 1A) or m128 <- bnd (66 0F 1B)."""
    if len(ops) != 2 or ops[0].kind == "i":
        raise _err(t)
    src, dst = ops
    if dst.kind == "r" and dst.reg.kind == "bnd" and (src.kind == "m" or src.reg.kind == "bnd"):
        return t.encode_rm(b"\x0f\x1a", dst.reg, src, None, mand=0x66, w=False)
    if src.kind == "r" and src.reg.kind == "bnd" and dst.kind == "m":
        return t.encode_rm(b"\x0f\x1b", src.reg, dst, None, mand=0x66, w=False)
    raise _err(t)


def h_hreset(t, ent, size, ops):
    """hreset $imm8[, %eax]: F3 0F 3A F0 C0 ib."""
    if not ops or ops[0].kind != "i" or len(ops) > 2 or len(ops) == 2 and (
            ops[1].kind != "r" or ops[1].reg.name != "eax"):
        raise _err(t)
    out = bytearray(b"\xf3\x0f\x3a\xf0\xc0")
    fx = []
    t._imm(out, fx, ops[0].value, 1)
    return out, fx


def h_cmpccxadd(t, ent, size, ops):
    """cmp<cc>xadd %src3, %src2(reg), mem: VEX.128.66.0F38 E0+cc, vvvv = src3."""
    from .vex import vex
    if len(ops) != 3:
        raise AsmError(f"number of operands mismatch for `{t.cur_mnem}'")
    a, b, m = ops
    if a.kind != "r" or b.kind != "r" or m.kind != "m" or a.reg.kind != "gpr" or \
            b.reg.kind != "gpr" or a.reg.size != b.reg.size or a.reg.size < 4:
        raise _err(t)
    t._vex_opcode = bytes([0xE0 + ent[1]])
    return vex(t, 0x66, b"\x0f\x38", 1 if a.reg.size == 8 else 0, 0, b.reg, a.reg, m)


_F = b"\x0f"
_FIXED = [
    ("vmcall", 0, "0f01c1"), ("vmlaunch", 0, "0f01c2"), ("vmresume", 0, "0f01c3"),
    ("vmxoff", 0, "0f01c4"), ("vmfunc", 0, "0f01d4"), ("xgetbv", 0, "0f01d0"),
    ("xsetbv", 0, "0f01d1"), ("encls", 0, "0f01cf"), ("enclu", 0, "0f01d7"),
    ("enclv", 0, "0f01c0"), ("wbnoinvd", 0xF3, "0f09"), ("serialize", 0, "0f01e8"),
    ("pconfig", 0, "0f01c5"), ("rdpkru", 0, "0f01ee"), ("wrpkru", 0, "0f01ef"),
    ("xend", 0, "0f01d5"), ("xtest", 0, "0f01d6"), ("tdcall", 0x66, "0f01cc"),
    ("seamcall", 0x66, "0f01cf"), ("seamret", 0x66, "0f01cd"), ("seamops", 0x66, "0f01ce"),
    ("xsusldtrk", 0xF2, "0f01e8"), ("xresldtrk", 0xF2, "0f01e9"), ("uiret", 0xF3, "0f01ec"),
    ("testui", 0xF3, "0f01ed"), ("clui", 0xF3, "0f01ee"), ("stui", 0xF3, "0f01ef"),
    ("rdmsrlist", 0xF2, "0f01c6"), ("wrmsrlist", 0xF3, "0f01c6"), ("wrmsrns", 0, "0f01c6"),
    ("setssbsy", 0xF3, "0f01e8"), ("saveprevssp", 0xF3, "0f01ea"),
    ("endbr64", 0xF3, "0f1efa"), ("endbr32", 0xF3, "0f1efb"), ("sysexitl", 0, "0f35"),
    ("sysexitq", 0, "480f35"), ("clac", 0, "0f01ca"), ("stac", 0, "0f01cb"),
    ("encls", 0, "0f01cf"), ("vmmcall", 0, "0f01d9"), ("vmrun", 0, "0f01d8"),
    ("vmload", 0, "0f01da"), ("vmsave", 0, "0f01db"), ("stgi", 0, "0f01dc"),
    ("clgi", 0, "0f01dd"), ("skinit", 0, "0f01de"), ("invlpga", 0, "0f01df"),
    ("invlpgb", 0, "0f01fe"), ("tlbsync", 0, "0f01ff"), ("rdpru", 0, "0f01fd"),
    ("psmash", 0xF3, "0f01ff"), ("pvalidate", 0xF2, "0f01ff"), ("rmpupdate", 0xF2, "0f01fe"),
    ("rmpadjust", 0xF3, "0f01fe"), ("mcommit", 0xF3, "0f01fa"), ("rdtscp", 0, "0f01f9"),
    ("swapgs", 0, "0f01f8"), ("monitor", 0, "0f01c8"), ("mwait", 0, "0f01c9"),
    ("clzero", 0, "0f01fc"), ("monitorx", 0, "0f01fa"), ("mwaitx", 0, "0f01fb"),
    ("getsec", 0, "0f37"), ("rsm", 0, "0faa"), ("invd", 0, "0f08"), ("wbinvd", 0, "0f09"),
    ("ud1", 0, "0fb9"), ("femms", 0, "0f0e"), ("sysenter", 0, "0f34"), ("sysexit", 0, "0f35"),
    ("rdmsr", 0, "0f32"), ("wrmsr", 0, "0f30"), ("rdpmc", 0, "0f33"),
    ("erets", 0xF2, "0f01ca"), ("eretu", 0xF3, "0f01ca"),
    ("rmpquery", 0xF3, "0f01fd"), ("iretw", 0x66, "cf"), ("iretl", 0, "cf"), ("iretd", 0, "cf"), ("sysretl", 0, "0f07"),
    ("sysretd", 0, "0f07"), ("sysexitd", 0, "0f35"), ("xstorerng", 0, "0fa7c0"),
    ("xstore", 0, "0fa7c0"), ("xcryptecb", 0xF3, "0fa7c8"), ("xcryptcbc", 0xF3, "0fa7d0"),
    ("xcryptctr", 0xF3, "0fa7d8"), ("xcryptcfb", 0xF3, "0fa7e0"), ("xcryptofb", 0xF3, "0fa7e8"),
    ("montmul", 0xF3, "0fa6c0"), ("xsha1", 0xF3, "0fa6c8"), ("xsha256", 0xF3, "0fa6d0"),
]
# implicit register operands GNU as accepts written out
_IMPLICIT = {"monitorx": 3, "mwaitx": 3, "clzero": 1, "monitor": 3, "mwait": 2, "invlpga": 2,
             "skinit": 1, "vmrun": 1, "vmload": 1, "vmsave": 1, "invlpgb": 3, "pvalidate": 0,
             "rmpupdate": 0, "rmpadjust": 0, "psmash": 0}

_ADDR_IMPLICIT = {"monitor", "monitorx", "clzero", "invlpga", "vmrun", "vmload", "vmsave"}

_ROWS = [
    # name, mand, opcode, form, W
    ("vmptrld", 0, "0fc7", "m/6", 0), ("vmptrst", 0, "0fc7", "m/7", 0),
    ("vmclear", 0x66, "0fc7", "m/6", 0), ("vmxon", 0xF3, "0fc7", "m/6", 0),
    ("xsave64", 0, "0fae", "m/4", 1), ("xrstor64", 0, "0fae", "m/5", 1),
    ("xsaveopt", 0, "0fae", "m/6", 0), ("xsaveopt64", 0, "0fae", "m/6", 1),
    ("xsavec", 0, "0fc7", "m/4", 0), ("xsavec64", 0, "0fc7", "m/4", 1),
    ("xsaves", 0, "0fc7", "m/5", 0), ("xsaves64", 0, "0fc7", "m/5", 1),
    ("xrstors", 0, "0fc7", "m/3", 0), ("xrstors64", 0, "0fc7", "m/3", 1),
    ("clwb", 0x66, "0fae", "m/6", 0), ("cldemote", 0, "0f1c", "m/0", 0),
    ("prefetchwt1", 0, "0f0d", "m/2", 0), ("prefetchit0", 0, "0f18", "m/7", 0),
    ("prefetchit1", 0, "0f18", "m/6", 0),
    ("sgdt", 0, "0f01", "m/0", 0), ("sidt", 0, "0f01", "m/1", 0),
    ("lgdt", 0, "0f01", "m/2", 0), ("lidt", 0, "0f01", "m/3", 0),
    ("rstorssp", 0xF3, "0f01", "m/5", 0), ("clrssbsy", 0xF3, "0fae", "m/6", 0),
    ("umonitor", 0xF3, "0fae", "r/6", "a"), ("umwait", 0xF2, "0fae", "r/6", 0),
    ("tpause", 0x66, "0fae", "r/6", 0),
    ("rdfsbase", 0xF3, "0fae", "r/0", "s"), ("rdgsbase", 0xF3, "0fae", "r/1", "s"),
    ("wrfsbase", 0xF3, "0fae", "r/2", "s"), ("wrgsbase", 0xF3, "0fae", "r/3", "s"),
    ("rdpid", 0xF3, "0fc7", "r/7", 0), ("ptwrite", 0xF3, "0fae", "a/4", "s"),
    ("incsspd", 0xF3, "0fae", "r/5", 0), ("incsspq", 0xF3, "0fae", "r/5", 1),
    ("rdsspd", 0xF3, "0f1e", "r/1", 0), ("rdsspq", 0xF3, "0f1e", "r/1", 1),
    ("vmread", 0, "0f78", "mr", 0), ("vmwrite", 0, "0f79", "rm", 0),
    ("invept", 0x66, "0f3880", "rmm", 0), ("invvpid", 0x66, "0f3881", "rmm", 0),
    ("invpcid", 0x66, "0f3882", "rmm", 0),
    ("adcx", 0x66, "0f38f6", "rm", "s"), ("adox", 0xF3, "0f38f6", "rm", "s"),
    ("movdiri", 0, "0f38f9", "mrm", "s"), ("movdir64b", 0x66, "0f38f8", "rmm", "a"),
    ("enqcmd", 0xF2, "0f38f8", "rmm", "a"), ("enqcmds", 0xF3, "0f38f8", "rmm", "a"),
    ("wrssd", 0, "0f38f6", "mrm", 0), ("wrssq", 0, "0f38f6", "mrm", 1),
    ("wrussd", 0x66, "0f38f5", "mrm", 0), ("wrussq", 0x66, "0f38f5", "mrm", 1),
    ("aadd", 0, "0f38fc", "mrm", "s"), ("aand", 0x66, "0f38fc", "mrm", "s"),
    ("aor", 0xF2, "0f38fc", "mrm", "s"), ("axor", 0xF3, "0f38fc", "mrm", "s"),
    ("sha1nexte", 0, "0f38c8", "rm", 0), ("sha1msg1", 0, "0f38c9", "rm", 0),
    ("sha1msg2", 0, "0f38ca", "rm", 0), ("sha256rnds2", 0, "0f38cb", "rm", 0),
    ("sha256msg1", 0, "0f38cc", "rm", 0), ("sha256msg2", 0, "0f38cd", "rm", 0),
    ("sha1rnds4", 0, "0f3acc", "rmi", 0),
    ("aesenc128kl", 0xF3, "0f38dc", "rmm", 0), ("aesdec128kl", 0xF3, "0f38dd", "rmm", 0),
    ("aesenc256kl", 0xF3, "0f38de", "rmm", 0), ("aesdec256kl", 0xF3, "0f38df", "rmm", 0),
    ("aesencwide128kl", 0xF3, "0f38d8", "m/0", 0), ("aesdecwide128kl", 0xF3, "0f38d8", "m/1", 0),
    ("aesencwide256kl", 0xF3, "0f38d8", "m/2", 0), ("aesdecwide256kl", 0xF3, "0f38d8", "m/3", 0),
    ("encodekey128", 0xF3, "0f38fa", "rm", 0), ("encodekey256", 0xF3, "0f38fb", "rm", 0),
    ("loadiwkey", 0xF3, "0f38dc", "rm", 0), ("senduipi", 0xF3, "0fc7", "r/6", 0),
    ("gf2p8mulb", 0x66, "0f38cf", "rm", 0), ("gf2p8affineqb", 0x66, "0f3ace", "rmi", 0),
    ("gf2p8affineinvqb", 0x66, "0f3acf", "rmi", 0),
    ("pcmpestriq", 0x66, "0f3a61", "rmi", 1), ("pcmpestrmq", 0x66, "0f3a60", "rmi", 1),
    ("pcmpestril", 0x66, "0f3a61", "rmi", 0), ("pcmpestrml", 0x66, "0f3a60", "rmi", 0),
    ("extrq", 0x66, "0f79", "rm", 0), ("insertq", 0xF2, "0f79", "rm", 0),
    ("cvtpi2ps", 0, "0f2a", "rm", 0), ("cvtpi2pd", 0x66, "0f2a", "rm", 0),
    ("cvtps2pi", 0, "0f2d", "rm", 0), ("cvttps2pi", 0, "0f2c", "rm", 0),
    ("cvtpd2pi", 0x66, "0f2d", "rm", 0), ("cvttpd2pi", 0x66, "0f2c", "rm", 0),
    ("lfs", 0, "0fb4", "rmm", "s"), ("lgs", 0, "0fb5", "rmm", "s"), ("lss", 0, "0fb2", "rmm", "s"),
    ("maskmovq", 0, "0ff7", "rm", 0), ("movdq2q", 0xF2, "0fd6", "rm", 0),
    ("movq2dq", 0xF3, "0fd6", "rm", 0), ("movntq", 0, "0fe7", "mrm", 0),
    ("bndmk", 0xF3, "0f1b", "rmm", 0), ("bndcl", 0xF3, "0f1a", "rm", 0),
    ("bndcu", 0xF2, "0f1a", "rm", 0), ("bndcn", 0xF2, "0f1b", "rm", 0),
    ("bndldx", 0, "0f1a", "rmm", 0), ("bndstx", 0, "0f1b", "mrm", 0),
    ("movntsd", 0xF2, "0f2b", "mrm", 0), ("movntss", 0xF3, "0f2b", "mrm", 0),
]
_CC = ["o", "no", "b", "nb", "z", "nz", "be", "nbe", "s", "ns", "p", "np", "l", "nl", "le", "nle"]


def _reg_kind(n):
    if n.startswith("bnd"):
        return "bnd"
    if n.startswith(("sha", "gf2p8", "aes", "loadiwkey", "extrq", "insertq", "movq2dq", "pcmpestr",
                     "cvtpi2p")):
        return "xmm"
    if n.startswith(("cvtps2pi", "cvttps2pi", "cvtpd2pi", "cvttpd2pi", "movdq2q", "maskmovq",
                     "movntq")):
        return "mm"
    if n.startswith(("movntss", "movntsd")):
        return "xmm"
    return "gpr"


def add_sys(T):
    for n, mand, hx in _FIXED:
        if n in T and n not in _IMPLICIT:
            continue
        T[n] = (h_gen, (mand, bytes.fromhex(hx), "0", 0, _IMPLICIT.get(n), None), 0)
    for n, mand, hx, form, w in _ROWS:
        if not form:
            continue
        imp = {"umwait": 3, "tpause": 3, "sha256rnds2": -1}.get(n)
        T[n] = (h_gen, (mand, bytes.fromhex(hx), form, w, imp, _reg_kind(n)),
                SUFFIX if w == "s" else 0)
    for n in ("sgdt", "sidt", "lgdt", "lidt"):
        T[n + "q"] = T[n]
    T["vmreadq"] = T["vmread"]
    T["vmwriteq"] = T["vmwrite"]
    T["extrq"] = (h_sse4a, (0x66, T["extrq"]), 0)
    T["insertq"] = (h_sse4a, (0xF2, T["insertq"]), 0)
    for n, opc, d in (("blcfill", 1, 1), ("blsfill", 1, 2), ("blcs", 1, 3), ("tzmsk", 1, 4),
                      ("blcic", 1, 5), ("blsic", 1, 6), ("t1mskc", 1, 7), ("blcmsk", 2, 1),
                      ("blci", 2, 6)):
        T[n] = (h_tbm, (opc, d), 0)
    T["bextr"] = (h_bextr, T["bextr"], T["bextr"][2])
    for n, pp, opc, form in (("ldtilecfg", 0, 0x49, "cfg"), ("sttilecfg", 0x66, 0x49, "cfg"),
                             ("tilerelease", 0, 0x49, "none"), ("tilezero", 0xF2, 0x49, "zero"),
                             ("tileloadd", 0xF2, 0x4B, "load"), ("tileloaddt1", 0x66, 0x4B, "load"),
                             ("tilestored", 0xF3, 0x4B, "store"), ("tdpbf16ps", 0xF3, 0x5C, "dp"),
                             ("tdpfp16ps", 0xF2, 0x5C, "dp"), ("tdpbssd", 0xF2, 0x5E, "dp"),
                             ("tdpbsud", 0xF3, 0x5E, "dp"), ("tdpbusd", 0x66, 0x5E, "dp"),
                             ("tdpbuud", 0, 0x5E, "dp")):
        T[n] = (h_amx, (pp, opc, form), 0)
    T["hreset"] = (h_hreset, None, 0)
    T["bndmov"] = (h_bndmov, None, 0)
    T["xbegin"] = (h_xbegin, "xbegin", 0)
    T["xabort"] = (h_xbegin, "xabort", 0)
    for i, cc in enumerate(_CC):
        T[f"cmp{cc}xadd"] = (h_cmpccxadd, i, 0)
    for a, b in (("c", "b"), ("nc", "nb"), ("nae", "b"), ("ae", "nb"), ("e", "z"),
                 ("ne", "nz"), ("na", "be"), ("a", "nbe"), ("pe", "p"), ("po", "np"),
                 ("nge", "l"), ("ge", "nl"), ("ng", "le"), ("g", "nle")):
        T[f"cmp{a}xadd"] = T[f"cmp{b}xadd"]
