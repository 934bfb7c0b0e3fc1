"""x86-64 instruction table: mnemonic -> (handler, data, flags).

Handlers take (target, entry, suffix_size, operands in AT&T order) and return
(bytes, fixups) or None when they emitted through the core themselves (relaxable jumps).
Encodings are from the Intel SDM volume 2 opcode maps.
"""
from __future__ import annotations

from toolchain.asm.assembler import AsmError
from toolchain.asm.expr import Value

from .registers import REGS

SUFFIX = 1

CC = {"o": 0, "no": 1, "b": 2, "c": 2, "nae": 2, "ae": 3, "nb": 3, "nc": 3, "e": 4, "z": 4,
      "ne": 5, "nz": 5, "be": 6, "na": 6, "a": 7, "nbe": 7, "s": 8, "ns": 9, "p": 10, "pe": 10,
      "np": 11, "po": 11, "l": 12, "nge": 12, "ge": 13, "nl": 13, "le": 14, "ng": 14, "g": 15,
      "nle": 15}

_ACC = None


def _err_ops(t):
    return AsmError(f"operand type mismatch for `{t.cur_mnem}'")


def _gpr(o):
    return o.kind == "r" and o.reg.kind == "gpr"


def _size(t, size, ops, default=None):
    """Operand size from the suffix or the general registers."""
    rs = None
    for o in ops:
        if o.kind == "r":
            if o.reg.kind != "gpr":
                raise AsmError(f"operand type mismatch for `{t.cur_mnem}'")
            if rs is None:
                rs = o.reg.size
            elif rs != o.reg.size:
                raise AsmError(f"operand type mismatch for `{t.cur_mnem}'")
    if size is not None:
        if rs is not None and rs != size:
            bad = next(o.reg for o in ops if o.kind == "r" and o.reg.kind == "gpr")
            sfx = {1: "b", 2: "w", 4: "l", 8: "q"}[size]
            raise AsmError(f"incorrect register `%{bad.name}' used with `{sfx}' suffix")
        return size
    if rs is not None:
        return rs
    if default is not None:
        return default
    t.asm.warning(f"no instruction mnemonic suffix given and no register operands; using "
                  f"default for `{t.cur_mnem}'")
    return 4


def _nargs(t, ops, *n):
    if len(ops) not in n:
        raise AsmError(f"number of operands mismatch for `{t.cur_mnem}'")


def _imm_norm(t, v, size):
    """Normalize a constant immediate for an operand of ``size`` bytes; returns the value as
    gas sees it for choosing imm8 (sign-extended within the operand size)."""
    c = v.const
    bits = size * 8
    if size < 8:
        if not (-(1 << bits) < c < (1 << bits)):
            # out of range for the operand: GNU as keeps the full-size form (truncated)
            return 1 << 40
        c &= (1 << bits) - 1
        if c >= 1 << (bits - 1):
            c -= 1 << bits
    return c


def _cimm(v):
    return v.add is None and v.sub is None and v.mod is None


# -- ALU: add or adc sbb and sub xor cmp ---------------------------------------------------------
def h_alu(t, ent, size, ops):
    _nargs(t, ops, 2)
    n = ent[1]
    src, dst = ops
    if dst.kind == "i":
        raise _err_ops(t)
    sz = _size(t, size, ops)
    if src.kind == "i":
        v = src.value
        if sz == 1:
            if dst.kind == "r" and dst.reg.num == 0 and dst.reg.kind == "gpr":
                return _acc_imm(t, bytes([n * 8 + 4]), v, 1, 1)
            return t.encode_rm(b"\x80", n, dst, 1, v, 1)
        isz = 2 if sz == 2 else 4
        if _cimm(v):
            c = _imm_norm(t, v, sz)
            if sz == 8 and not (-0x80000000 <= v.const <= 0x7FFFFFFF):
                raise AsmError(f"operand type mismatch for `{t.cur_mnem}'")
            if -128 <= c <= 127:
                return t.encode_rm(b"\x83", n, dst, sz, Value(c), 1)
            v = Value(v.const & ((1 << (8 * isz)) - 1))
        if dst.kind == "r" and dst.reg.num == 0 and dst.reg.kind == "gpr":
            return _acc_imm(t, bytes([n * 8 + 5]), v, sz, isz)
        return t.encode_rm(b"\x81", n, dst, sz, v, isz, imm_kind=_imm_kind(sz))
    if src.kind == "r" and dst.kind in "rm" and src.reg.kind == "gpr":
        if t.swap and dst.kind == "r":
            return t.encode_rm(bytes([n * 8 + (2 if sz == 1 else 3)]), dst.reg, src, sz)
        return t.encode_rm(bytes([n * 8 + (0 if sz == 1 else 1)]), src.reg, dst, sz)
    if src.kind == "m" and dst.kind == "r":
        return t.encode_rm(bytes([n * 8 + (2 if sz == 1 else 3)]), dst.reg, src, sz,
                           gotx=True)
    raise _err_ops(t)


def _imm_kind(sz):
    from .asm import R_32S, R_32, R_16, R_8
    return {8: R_32S, 4: R_32, 2: R_16, 1: R_8}[sz]


def _acc_imm(t, opc, v, sz, isz):
    out = bytearray()
    if sz == 2:
        out.append(0x66)
    if sz == 8:
        out.append(0x48)
    out += opc
    fix = []
    t._imm(out, fix, v, isz, _imm_kind(sz))
    return out, fix


# -- test ------------------------------------------------------------------------------------------
def h_test(t, ent, size, ops):
    _nargs(t, ops, 2)
    src, dst = ops
    sz = _size(t, size, ops)
    if src.kind == "i":
        v = src.value
        isz = 1 if sz == 1 else 2 if sz == 2 else 4
        if _cimm(v):
            v = Value(v.const & ((1 << (8 * isz)) - 1))
        if dst.kind == "r" and dst.reg.num == 0 and dst.reg.kind == "gpr":
            return _acc_imm(t, b"\xa8" if sz == 1 else b"\xa9", v, sz, isz)
        return t.encode_rm(b"\xf6" if sz == 1 else b"\xf7", 0, dst, sz, v, isz,
                           imm_kind=_imm_kind(sz))
    if dst.kind == "i":
        raise _err_ops(t)
    if src.kind == "r" and src.reg.kind == "gpr":
        return t.encode_rm(b"\x84" if sz == 1 else b"\x85", src.reg, dst, sz)
    if src.kind == "m" and dst.kind == "r":
        return t.encode_rm(b"\x84" if sz == 1 else b"\x85", dst.reg, src, sz, gotx=True)
    raise _err_ops(t)


# -- mov -------------------------------------------------------------------------------------------
def h_mov(t, ent, size, ops):
    _nargs(t, ops, 2)
    src, dst = ops
    if dst.kind == "r" and dst.reg.kind == "seg":
        return t.encode_rm(b"\x8e", dst.reg.num, src, None, w=(size == 8 or (
            src.kind == "r" and src.reg.size == 8)))
    if src.kind == "r" and src.reg.kind == "seg":
        sz = 8 if (dst.kind == "r" and dst.reg.size == 8) else (2 if dst.kind == "r" and
                                                                dst.reg.size == 2 else None)
        if size in (2, 4, 8) and dst.kind == "r":
            sz = size
        return t.encode_rm(b"\x8c", src.reg.num, dst, sz)
    if src.kind == "r" and src.reg.kind in ("cr", "dr"):
        return t.encode_rm(b"\x0f\x21" if src.reg.kind == "dr" else b"\x0f\x20", src.reg, dst,
                           None, w=False)
    if dst.kind == "r" and dst.reg.kind in ("cr", "dr"):
        return t.encode_rm(b"\x0f\x23" if dst.reg.kind == "dr" else b"\x0f\x22", dst.reg, src,
                           None, w=False)
    sz = _size(t, size, ops)
    if src.kind == "i":
        v = src.value
        if dst.kind == "r":
            r = dst.reg
            if r.kind != "gpr":
                raise _err_ops(t)
            if sz == 8:
                if _cimm(v):
                    c = v.const
                    if -0x80000000 <= c <= 0x7FFFFFFF:
                        return t.encode_rm(b"\xc7", 0, dst, 8, v, 4)
                    return _mov_r_imm(t, r, 8, v, 8)
                return t.encode_rm(b"\xc7", 0, dst, 8, v, 4, imm_kind=_imm_kind(8))
            return _mov_r_imm(t, r, sz, v, sz)
        if dst.kind != "m":
            raise _err_ops(t)
        if sz == 1:
            return t.encode_rm(b"\xc6", 0, dst, 1, v, 1)
        isz = 2 if sz == 2 else 4
        if _cimm(v):
            if sz == 8 and not (-0x80000000 <= v.const <= 0x7FFFFFFF):
                raise AsmError(f"operand type mismatch for `{t.cur_mnem}'")
            v = Value(v.const & ((1 << (isz * 8)) - 1))
        return t.encode_rm(b"\xc7", 0, dst, sz, v, isz, imm_kind=_imm_kind(sz))
    if src.kind == "r":
        if src.reg.kind != "gpr":
            raise _err_ops(t)
        if dst.kind == "m" and src.reg.num == 0 and dst.base is None and dst.index is None \
                and not dst.rip and False:
            pass
        if t.swap and dst.kind == "r":
            return t.encode_rm(b"\x8a" if sz == 1 else b"\x8b", dst.reg, src, sz)
        return t.encode_rm(b"\x88" if sz == 1 else b"\x89", src.reg, dst, sz)
    if src.kind == "m" and dst.kind == "r":
        if dst.reg.kind != "gpr":
            raise _err_ops(t)
        return t.encode_rm(b"\x8a" if sz == 1 else b"\x8b", dst.reg, src, sz, gotx=True)
    raise _err_ops(t)


def _mov_r_imm(t, r, sz, v, isz):
    out = bytearray()
    if sz == 2:
        out.append(0x66)
    rex = 0
    if sz == 8:
        rex |= 8
    if r.num >= 8:
        rex |= 1
    if sz == 1 and r.rex8:
        rex |= 0x40
    if rex:
        out.append(0x40 | (rex & 0xF))
    out.append((0xB0 if sz == 1 else 0xB8) + (r.num & 7))
    fix = []
    t._imm(out, fix, v, isz)
    return out, fix


def h_movabs(t, ent, size, ops):
    _nargs(t, ops, 2)
    src, dst = ops
    sz = _size(t, size, ops)
    if src.kind == "i" and dst.kind == "r":
        v = src.value
        if sz != 8:
            return _mov_r_imm(t, dst.reg, sz, v, sz)
        return _mov_r_imm(t, dst.reg, 8, v, 8)
    # moffs forms
    if src.kind == "m" and dst.kind == "r" and dst.reg.num == 0:
        m, opc = src, (0xA0 if sz == 1 else 0xA1)
    elif dst.kind == "m" and src.kind == "r" and src.reg.num == 0:
        m, opc = dst, (0xA2 if sz == 1 else 0xA3)
    else:
        raise _err_ops(t)
    out = bytearray()
    if m.seg is not None and m.seg.name != "ds":
        out.append((0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65)[m.seg.num])
    if sz == 2:
        out.append(0x66)
    if sz == 8:
        out.append(0x48)
    out.append(opc)
    fix = []
    t._imm(out, fix, m.value, 8)
    return out, fix


# -- movzx / movsx ----------------------------------------------------------------------------------
def h_movx(t, ent, size, ops):
    _nargs(t, ops, 2)
    ssz, dsz, opc = ent[1]
    src, dst = ops
    if dst.kind != "r" or dst.reg.kind != "gpr":
        raise _err_ops(t)
    if dsz is None:
        dsz = size if size else dst.reg.size
    if ssz == 4 and dsz == 8 and opc == "sx" and t.cur_mnem == "movsxd" and \
            dst.reg.size in (2, 4):
        dsz = dst.reg.size      # movsxd %eax, %ecx / %cx (63 /r without REX.W)
    if dst.reg.size != dsz:
        raise AsmError(f"operand size mismatch for `{t.cur_mnem}'")
    if ssz is None:
        if src.kind == "r":
            ssz = src.reg.size
        elif src.ptrsize in (1, 2, 4):
            ssz = src.ptrsize
        else:
            raise AsmError(f"no instruction mnemonic suffix given and no register operands; "
                           f"unable to size instruction")
    if src.kind == "r" and src.reg.size != ssz:
        raise AsmError(f"operand size mismatch for `{t.cur_mnem}'")
    if opc == "sx":
        if ssz == 4:
            return t.encode_rm(b"\x63", dst.reg, src, dsz)
        opcb = b"\x0f\xbe" if ssz == 1 else b"\x0f\xbf"
    elif opc == "zx":
        opcb = b"\x0f\xb6" if ssz == 1 else b"\x0f\xb7"
    else:
        opcb = opc
    return t.encode_rm(opcb, dst.reg, src, dsz)


def h_movslq(t, ent, size, ops):
    _nargs(t, ops, 2)
    src, dst = ops
    return t.encode_rm(b"\x63", dst.reg, src, 8)


# -- lea ---------------------------------------------------------------------------------------------
def h_lea(t, ent, size, ops):
    _nargs(t, ops, 2)
    src, dst = ops
    if src.kind != "m" or dst.kind != "r":
        raise _err_ops(t)
    sz = _size(t, size, [dst])
    return t.encode_rm(b"\x8d", dst.reg, src, sz)


# -- unary group 3 / inc / dec ------------------------------------------------------------------------
def h_grp3(t, ent, size, ops):
    _nargs(t, ops, 1)
    n = ent[1]
    o = ops[0]
    if o.kind == "i":
        raise _err_ops(t)
    sz = _size(t, size, ops)
    return t.encode_rm(b"\xf6" if sz == 1 else b"\xf7", n, o, sz)


def h_incdec(t, ent, size, ops):
    _nargs(t, ops, 1)
    o = ops[0]
    if o.kind == "i":
        raise _err_ops(t)
    sz = _size(t, size, ops)
    return t.encode_rm(b"\xfe" if sz == 1 else b"\xff", ent[1], o, sz)


def h_imul(t, ent, size, ops):
    if len(ops) == 1:
        return h_grp3(t, (None, 5), size, ops)
    if len(ops) == 2:
        src, dst = ops
        if src.kind == "i":
            return h_imul(t, ent, size, [src, dst, dst])
        if dst.kind != "r":
            raise _err_ops(t)
        sz = _size(t, size, ops)
        return t.encode_rm(b"\x0f\xaf", dst.reg, src, sz)
    if len(ops) == 3:
        imm, src, dst = ops
        if imm.kind != "i" or dst.kind != "r":
            raise _err_ops(t)
        sz = _size(t, size, ops[1:])
        v = imm.value
        if _cimm(v):
            c = _imm_norm(t, v, sz)
            if -128 <= c <= 127:
                return t.encode_rm(b"\x6b", dst.reg, src, sz, Value(c), 1)
            v = Value(v.const & ((1 << (16 if sz == 2 else 32)) - 1))
        return t.encode_rm(b"\x69", dst.reg, src, sz, v, 2 if sz == 2 else 4,
                           imm_kind=_imm_kind(sz))
    raise AsmError(f"number of operands mismatch for `{t.cur_mnem}'")


# -- shifts --------------------------------------------------------------------------------------------
def h_shift(t, ent, size, ops):
    n = ent[1]
    if len(ops) == 1:
        o = ops[0]
        sz = _size(t, size, ops)
        return t.encode_rm(b"\xd0" if sz == 1 else b"\xd1", n, o, sz)
    _nargs(t, ops, 2)
    cnt, o = ops
    sz = _size(t, size, [o])
    if cnt.kind == "r":
        if cnt.reg.name != "cl":
            raise _err_ops(t)
        return t.encode_rm(b"\xd2" if sz == 1 else b"\xd3", n, o, sz)
    if cnt.kind != "i":
        raise _err_ops(t)
    v = cnt.value
    if _cimm(v) and v.const == 1:
        return t.encode_rm(b"\xd0" if sz == 1 else b"\xd1", n, o, sz)
    if _cimm(v):
        v = Value(v.const & 0xFF)
    return t.encode_rm(b"\xc0" if sz == 1 else b"\xc1", n, o, sz, v, 1)


def h_shd(t, ent, size, ops):
    base = ent[1]
    if len(ops) == 2:
        ops = [REGOP("cl")] + ops
    _nargs(t, ops, 3)
    cnt, src, dst = ops
    sz = _size(t, size, ops[1:])
    if cnt.kind == "r":
        return t.encode_rm(bytes([0x0F, base + 1]), src.reg, dst, sz)
    return t.encode_rm(bytes([0x0F, base]), src.reg, dst, sz, cnt.value, 1)


def REGOP(name):
    from .asm import Op
    o = Op("r")
    o.reg = REGS[name]
    return o


# -- push / pop ---------------------------------------------------------------------------------------
def h_push(t, ent, size, ops):
    _nargs(t, ops, 1)
    o = ops[0]
    pop = ent[1]
    if o.kind == "r":
        r = o.reg
        if r.kind == "seg":
            if r.name in ("fs", "gs"):
                return bytes([0x0F, (0xA1 if pop else 0xA0) + (8 if r.name == "gs" else 0)]), None
            raise AsmError(f"operand type mismatch for `{t.cur_mnem}'")
        if r.kind != "gpr" or r.size not in (2, 8):
            raise AsmError(f"operand type mismatch for `{t.cur_mnem}'")
        if size and size != r.size:
            raise AsmError(f"incorrect register `%{r.name}' used with suffix")
        out = bytearray()
        if r.size == 2:
            out.append(0x66)
        if r.num >= 8:
            out.append(0x41)
        out.append((0x58 if pop else 0x50) + (r.num & 7))
        return out, None
    if o.kind == "i":
        if pop:
            raise _err_ops(t)
        v = o.value
        sz = size or 8
        if _cimm(v) and -128 <= _imm_norm(t, v, 2 if sz == 2 else 4) <= 127:
            out = bytearray(b"\x66" if sz == 2 else b"") + b"\x6a"
            out.append(_imm_norm(t, v, 4) & 0xFF)
            return out, None
        out = bytearray(b"\x66" if sz == 2 else b"") + b"\x68"
        fix = []
        t._imm(out, fix, v, 2 if sz == 2 else 4, _imm_kind(8 if sz != 2 else 2))
        return out, fix
    sz = size or 8
    return t.encode_rm(b"\x8f" if pop else b"\xff", 0 if pop else 6, o, sz if sz == 2 else None,
                       w=False)


# -- jumps and calls -----------------------------------------------------------------------------------
def h_jmp(t, ent, size, ops):
    _nargs(t, ops, 1)
    o = ops[0]
    kind = ent[1]      # "jmp", "call", ("jcc", cc), "loop"...
    from .asm import JumpState, BRANCH, BRANCH_PARSED, R_PLT32
    if o.indirect or o.kind == "r":
        if kind not in ("jmp", "call"):
            raise _err_ops(t)
        if o.kind == "r" and o.reg.size != 8:
            raise AsmError(f"operand type mismatch for `{t.cur_mnem}'")
        return t.encode_rm(b"\xff", 4 if kind == "jmp" else 2, o, None, w=False, gotx=True)
    if o.kind != "m" or o.base is not None or o.index is not None or o.rip:
        raise _err_ops(t)
    v = o.value
    t.cur_cacheable = False
    if kind == "call":
        plt = v.mod == "PLT"
        if v.mod is not None and not plt:
            return bytearray(b"\xe8\0\0\0\0"), [(1, 4, Value(v.const - 4, v.add, v.sub, v.mod),
                                                 True, None)]
        kind = R_PLT32
        if not plt:
            # GNU as decides when it reads the call: PLT32 for `sym` itself when it is not
            # defined locally by then (a local symbol's PLT32 becomes PC32 at the end unless
            # it is an IFUNC), else PC32
            s = v.add
            if s is None:
                kind = BRANCH
            elif v.const or v.sub is not None or s.defined and s.bind in (None, 0) and \
                    s.expr is None:
                kind = BRANCH_PARSED
        return bytearray(b"\xe8\0\0\0\0"), [(1, 4, Value(v.const - 4, v.add, v.sub, None), True,
                                             kind)]
    if kind == "jmp":
        st = JumpState(b"\xeb", b"\xe9", Value(v.const, v.add, v.sub, None), b"", "jmp")
    elif isinstance(kind, tuple) and kind[0] == "jcc":
        st = JumpState(bytes([0x70 + kind[1]]), bytes([0x0F, 0x80 + kind[1]]),
                       Value(v.const, v.add, v.sub, None), b"", "jcc")
    else:
        # loop/jrcxz: rel8 only
        opc = kind[1]
        return bytearray(opc + b"\0"), [(len(opc), 1, Value(v.const - 1, v.add, v.sub, v.mod),
                                         True, None)]
    st.plt = v.mod == "PLT"
    if v.mod is not None and v.mod != "PLT":
        raise AsmError(f"bad relocation operator for a branch")
    pfx = t.cur_pfx
    if pfx:
        st.pfx = bytes(p for p in pfx if p < 0x100)
        t.cur_pfx = []
    if v.add is None and v.sub is None:
        # absolute target: long form with a pc-relative relocation against nothing
        st.resolvable = False
    t.asm.emit_relax(b"", None, st)
    return None


# -- setcc / cmovcc -----------------------------------------------------------------------------------
def h_setcc(t, ent, size, ops):
    _nargs(t, ops, 1)
    o = ops[0]
    if o.kind == "r" and (o.reg.kind != "gpr" or o.reg.size != 1):
        raise _err_ops(t)
    return t.encode_rm(bytes([0x0F, 0x90 + ent[1]]), 0, o, 1 if o.kind == "r" else None)


def h_cmov(t, ent, size, ops):
    _nargs(t, ops, 2)
    src, dst = ops
    if dst.kind != "r":
        raise _err_ops(t)
    sz = _size(t, size, ops)
    return t.encode_rm(bytes([0x0F, 0x40 + ent[1]]), dst.reg, src, sz)


# -- generic reg, r/m two-operand (0F xx /r) ------------------------------------------------------------
def h_rrm(t, ent, size, ops):
    """dst reg <- src r/m (bsf, bsr, popcnt, lzcnt, tzcnt, ...): data = (mand, opcode)."""
    _nargs(t, ops, 2)
    mand, opc = ent[1]
    src, dst = ops
    if dst.kind != "r":
        raise _err_ops(t)
    sz = _size(t, size, ops)
    return t.encode_rm(opc, dst.reg, src, sz, mand=mand)


def h_rmr(t, ent, size, ops):
    """dst r/m <- src reg (xadd, cmpxchg, bt forms): data = (opcode8, opcode)."""
    _nargs(t, ops, 2)
    op8, opc = ent[1]
    src, dst = ops
    if src.kind != "r":
        raise _err_ops(t)
    sz = _size(t, size, ops)
    if sz == 1:
        if op8 is None:
            raise _err_ops(t)
        return t.encode_rm(op8, src.reg, dst, 1)
    return t.encode_rm(opc, src.reg, dst, sz)


def h_bt(t, ent, size, ops):
    _nargs(t, ops, 2)
    n = ent[1]
    src, dst = ops
    sz = _size(t, size, ops)
    if src.kind == "i":
        v = src.value
        if _cimm(v):
            v = Value(v.const & 0xFF)
        return t.encode_rm(b"\x0f\xba", n, dst, sz, v, 1)
    return t.encode_rm(bytes([0x0F, 0xA3 + (n - 4) * 8]), src.reg, dst, sz)


def h_xchg(t, ent, size, ops):
    _nargs(t, ops, 2)
    a, b = ops
    sz = _size(t, size, ops)
    if a.kind == "r" and b.kind == "r" and sz != 1:
        if b.reg.num == 0 and a.reg.num == 0 and sz == 8:
            return bytearray(b"\x90"), None
        if b.reg.num == 0 or a.reg.num == 0:
            other = a.reg if b.reg.num == 0 else b.reg
            if not (other.num == 0 and sz == 4):
                out = bytearray()
                if sz == 2:
                    out.append(0x66)
                rex = (8 if sz == 8 else 0) | (1 if other.num >= 8 else 0)
                if rex:
                    out.append(0x40 | rex)
                out.append(0x90 + (other.num & 7))
                return out, None
    if a.kind == "r":
        return t.encode_rm(b"\x86" if sz == 1 else b"\x87", a.reg, b, sz)
    if b.kind == "r":
        return t.encode_rm(b"\x86" if sz == 1 else b"\x87", b.reg, a, sz)
    raise _err_ops(t)


def h_bswap(t, ent, size, ops):
    _nargs(t, ops, 1)
    r = ops[0].reg
    out = bytearray()
    rex = (8 if r.size == 8 else 0) | (1 if r.num >= 8 else 0)
    if rex:
        out.append(0x40 | rex)
    out += bytes([0x0F, 0xC8 + (r.num & 7)])
    return out, None


# -- no operands / fixed -------------------------------------------------------------------------------
def h_fixed(t, ent, size, ops):
    if ops:
        raise AsmError(f"number of operands mismatch for `{t.cur_mnem}'")
    return bytearray(ent[1]), None


def h_ret(t, ent, size, ops):
    pfx = b"\x66" if size == 2 else b"\x48" if size == 8 and ent[1][0] == b"\xcb" else b""
    if size == 4 and ent[1][0] == b"\xc3":
        raise AsmError(f"invalid instruction suffix for `{t.cur_mnem}'")
    if not ops:
        return bytearray(pfx + ent[1][0]), None
    _nargs(t, ops, 1)
    o = ops[0]
    if o.kind != "i":
        raise _err_ops(t)
    out = bytearray(pfx + ent[1][1])
    fix = []
    t._imm(out, fix, o.value, 2)
    return out, fix


def h_int(t, ent, size, ops):
    _nargs(t, ops, 1)
    v = ops[0].value
    if _cimm(v) and v.const == 3:
        return bytearray(b"\xcc"), None
    out = bytearray(b"\xcd")
    fix = []
    t._imm(out, fix, v, 1)
    return out, fix


def h_string(t, ent, size, ops):
    """movs/stos/lods/scas/cmps/ins/outs with an explicit size: data = (opcode8, size)."""
    op8, sz = ent[1]
    out = bytearray()
    for o in ops:
        if o.kind == "m" and o.seg is not None and o.seg.name != "ds":
            out.append((0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65)[o.seg.num])
    if sz == 2:
        out.append(0x66)
    if sz == 8:
        out.append(0x48)
    out.append(op8 if sz == 1 else op8 + 1)
    return out, None


def h_string_nosfx(t, ent, size, ops):
    op8 = ent[1]
    sz = size
    if sz is None:
        for o in ops:
            if o.kind == "r" and o.reg.kind == "gpr":
                sz = o.reg.size
        if sz is None:
            raise AsmError("no instruction mnemonic suffix given and no register operands; "
                           "unable to size instruction")
    return h_string(t, (None, (op8, sz)), None, [o for o in ops if o.kind == "m"])


def h_nop(t, ent, size, ops):
    if not ops:
        return bytearray(b"\x90"), None
    _nargs(t, ops, 1)
    sz = _size(t, size, ops, default=4)
    return t.encode_rm(b"\x0f\x1f", 0, ops[0], sz)


def h_cmpxchg16b(t, ent, size, ops):
    _nargs(t, ops, 1)
    return t.encode_rm(b"\x0f\xc7", 1, ops[0], None, w=ent[1])


def h_modrm_digit(t, ent, size, ops):
    """One memory (or register) operand with /digit: data = (mand, opcode, digit, w)."""
    _nargs(t, ops, 1)
    mand, opc, n, w = ent[1]
    return t.encode_rm(opc, n, ops[0], None, w=w, mand=mand)


def h_enter(t, ent, size, ops):
    _nargs(t, ops, 2)
    out = bytearray(b"\xc8")
    fix = []
    t._imm(out, fix, ops[0].value, 2)
    t._imm(out, fix, ops[1].value, 1)
    return out, fix


def h_inout(t, ent, size, ops):
    is_in = ent[1]
    if is_in:
        port, acc = ops if len(ops) == 2 else (None, None)
    else:
        acc, port = ops if len(ops) == 2 else (None, None)
    if acc is None:
        raise _err_ops(t)
    sz = acc.reg.size
    out = bytearray(b"\x66" if sz == 2 else b"")
    if port.kind == "r":
        out.append((0xEC if is_in else 0xEE) + (0 if sz == 1 else 1))
        return out, None
    out.append((0xE4 if is_in else 0xE6) + (0 if sz == 1 else 1))
    fix = []
    t._imm(out, fix, port.value, 1)
    return out, fix


# -- SSE -------------------------------------------------------------------------------------------
def _xmm(o):
    return o.kind == "r" and o.reg.kind == "xmm"


def h_sse(t, ent, size, ops):
    """xmm <- xmm/mem: data = (mand, opcode[, imm])."""
    d = ent[1]
    mand, opc = d[0], d[1]
    if len(d) > 2 and d[2] == "imm":
        _nargs(t, ops, 3)
        imm, src, dst = ops
        if imm.kind != "i":
            raise _err_ops(t)
        if not (dst.kind == "r" and dst.reg.kind in ("xmm", "mm")) or src.kind == "i":
            raise _err_ops(t)
        return t.encode_rm(opc, dst.reg, src, None, imm.value, 1, mand=mand, w=False)
    if len(d) > 2 and d[2] == "cmp":
        _nargs(t, ops, 2)
        src, dst = ops
        return t.encode_rm(opc, dst.reg, src, None, Value(d[3]), 1, mand=mand, w=False)
    _nargs(t, ops, 2)
    src, dst = ops
    if not (dst.kind == "r" and dst.reg.kind in ("xmm", "mm")) or src.kind == "i":
        raise _err_ops(t)
    if src.kind == "r" and src.reg.kind not in ("xmm", "mm"):
        raise _err_ops(t)
    return t.encode_rm(opc, dst.reg, src, None, mand=mand, w=False)


def h_sse_mov(t, ent, size, ops):
    """Moves with a load and a store form: data = (mand, load opcode, store opcode)."""
    _nargs(t, ops, 2)
    mand, ld, stc = ent[1][:3]
    src, dst = ops
    if _xmm(dst) and (src.kind == "m" or _xmm(src)):
        if ld is None:
            if _xmm(src):
                return t.encode_rm(stc, src.reg, dst, None, mand=mand, w=False)
            raise _err_ops(t)
        if t.swap and _xmm(src) and stc is not None:
            return t.encode_rm(stc, src.reg, dst, None, mand=mand, w=False)
        return t.encode_rm(ld, dst.reg, src, None, mand=mand, w=False)
    if _xmm(src) and dst.kind == "m":
        return t.encode_rm(stc, src.reg, dst, None, mand=mand, w=False)
    raise _err_ops(t)


def h_movq(t, ent, size, ops):
    _nargs(t, ops, 2)
    src, dst = ops
    if _xmm(dst):
        if t.swap and _xmm(src):
            return t.encode_rm(b"\x0f\xd6", src.reg, dst, None, mand=0x66, w=False)
        if _xmm(src) or src.kind == "m":
            return t.encode_rm(b"\x0f\x7e", dst.reg, src, None, mand=0xF3, w=False)
        if _gpr(src):
            return t.encode_rm(b"\x0f\x6e", dst.reg, src, None, mand=0x66, w=True)
    if _xmm(src):
        if dst.kind == "m":
            return t.encode_rm(b"\x0f\xd6", src.reg, dst, None, mand=0x66, w=False)
        if _gpr(dst):
            return t.encode_rm(b"\x0f\x7e", src.reg, dst, None, mand=0x66, w=True)
    mm = lambda o: o.kind == "r" and o.reg.kind == "mm"
    if mm(dst):
        if _gpr(dst) or _gpr(src):
            return t.encode_rm(b"\x0f\x6e", dst.reg, src, None, w=True)
        if t.swap and mm(src):
            return t.encode_rm(b"\x0f\x7f", src.reg, dst, None, w=False)
        return t.encode_rm(b"\x0f\x6f", dst.reg, src, None, w=False)
    if mm(src):
        if _gpr(dst):
            return t.encode_rm(b"\x0f\x7e", src.reg, dst, None, w=True)
        return t.encode_rm(b"\x0f\x7f", src.reg, dst, None, w=False)
    # gpr mov with q suffix
    return h_mov(t, ent, 8, ops)


def h_movd(t, ent, size, ops):
    _nargs(t, ops, 2)
    src, dst = ops
    mm = lambda o: o.kind == "r" and o.reg.kind == "mm"
    if _xmm(dst) or mm(dst):
        w = _gpr(src) and src.reg.size == 8
        return t.encode_rm(b"\x0f\x6e", dst.reg, src, None, mand=0x66 if _xmm(dst) else 0, w=w)
    if _xmm(src) or mm(src):
        w = _gpr(dst) and dst.reg.size == 8
        return t.encode_rm(b"\x0f\x7e", src.reg, dst, None, mand=0x66 if _xmm(src) else 0, w=w)
    raise _err_ops(t)


def h_cvtsi2(t, ent, size, ops):
    """cvtsi2ss/sd: xmm <- r/m32/64."""
    _nargs(t, ops, 2)
    mand = ent[1]
    src, dst = ops
    if not _xmm(dst):
        raise _err_ops(t)
    if src.kind == "r":
        sz = src.reg.size
        if size and size != sz:
            raise _err_ops(t)
    else:
        sz = size
        if sz is None:
            sz = 4
            t.asm.warning if False else None
    return t.encode_rm(b"\x0f\x2a", dst.reg, src, None, mand=mand, w=(sz == 8))


def h_cvt2si(t, ent, size, ops):
    """cvt(t)ss2si/sd2si: r32/64 <- xmm/m."""
    _nargs(t, ops, 2)
    mand, opc = ent[1]
    src, dst = ops
    if not _gpr(dst):
        raise _err_ops(t)
    sz = dst.reg.size
    if size and size != sz:
        raise _err_ops(t)
    return t.encode_rm(opc, dst.reg, src, None, mand=mand, w=(sz == 8))


def h_sse_gpr_dst(t, ent, size, ops):
    """movmskps/pd, pmovmskb: r32/64 <- xmm (data = (mand, opcode))."""
    _nargs(t, ops, 2)
    mand, opc = ent[1]
    src, dst = ops
    if not _gpr(dst) or not _xmm(src):
        raise _err_ops(t)
    return t.encode_rm(opc, dst.reg, src, None, mand=mand, w=False)


def h_sse_shift(t, ent, size, ops):
    """psrlw etc: xmm by xmm/m (opcode) or by imm8 (group opcode /n)."""
    _nargs(t, ops, 2)
    opc, grp, n = ent[1]
    src, dst = ops
    if src.kind == "i":
        if grp is None:
            raise _err_ops(t)
        return t.encode_rm(grp, n, dst, None, src.value, 1, mand=0x66, w=False)
    if opc is None:
        raise _err_ops(t)
    return t.encode_rm(opc, dst.reg, src, None, mand=0x66, w=False)


def h_pextr(t, ent, size, ops):
    """pextrb/w/d/q, extractps: r/m <- xmm, imm (data = (opcode, w))."""
    _nargs(t, ops, 3)
    opc, w = ent[1]
    imm, src, dst = ops
    if opc == b"\x0f\xc5" and dst.kind == "r":
        return t.encode_rm(opc, dst.reg, src, None, imm.value, 1, mand=0x66, w=False)
    if opc == b"\x0f\xc5":
        opc = b"\x0f\x3a\x15"
    return t.encode_rm(opc, src.reg, dst, None, imm.value, 1, mand=0x66, w=w)


def h_pinsr(t, ent, size, ops):
    _nargs(t, ops, 3)
    opc, w = ent[1]
    imm, src, dst = ops
    return t.encode_rm(opc, dst.reg, src, None, imm.value, 1, mand=0x66, w=w)


def h_crc32(t, ent, size, ops):
    _nargs(t, ops, 2)
    src, dst = ops
    ssz = size
    if ssz is None:
        if src.kind == "r":
            ssz = src.reg.size
        elif src.ptrsize in (1, 2, 4):
            ssz = src.ptrsize
        else:
            raise AsmError("no instruction mnemonic suffix given and no register operands; "
                           "unable to size instruction")
    opc = b"\x0f\x38\xf0" if ssz == 1 else b"\x0f\x38\xf1"
    w = dst.reg.size == 8
    return t.encode_rm(opc, dst.reg, src, ssz if ssz == 2 else None, mand=0xF2, w=w)


# -- x87 -------------------------------------------------------------------------------------------------
def _st(o):
    return o.kind == "r" and o.reg.kind == "st"


def h_fmem(t, ent, size, ops):
    """x87 instruction with one memory operand: data = (opcode, digit)."""
    _nargs(t, ops, 1)
    opc, n = ent[1]
    if ops[0].kind != "m":
        raise _err_ops(t)
    return t.encode_rm(opc, n, ops[0], None, w=False)


def h_farith(t, ent, size, ops):
    """fadd/fmul/fcom/fcomp/fsub/fsubr/fdiv/fdivr: data = (n, mem opcode or None)."""
    n, memop = ent[1]
    if not ops:
        if n in (2, 3):
            return bytearray([0xD8, 0xC0 + n * 8 + 1]), None
        return bytearray([0xDE, 0xC0 + n * 8 + 1]), None
    if len(ops) == 1:
        o = ops[0]
        if o.kind == "m":
            # without a suffix GNU as takes the single-precision form
            return t.encode_rm(memop or b"\xd8", n, o, None, w=False)
        if _st(o):
            return bytearray([0xD8, 0xC0 + n * 8 + o.reg.num]), None
        raise _err_ops(t)
    _nargs(t, ops, 2)
    a, b = ops
    if not (_st(a) and _st(b)):
        raise _err_ops(t)
    if b.reg.num == 0:
        return bytearray([0xD8, 0xC0 + n * 8 + a.reg.num]), None
    if a.reg.num == 0:
        if t.intel and n >= 4:
            n ^= 1      # Intel syntax names the st(i)-destination forms the other way round
        return bytearray([0xDC, 0xC0 + n * 8 + b.reg.num]), None
    raise _err_ops(t)


def h_fpop(t, ent, size, ops):
    """faddp/fmulp/fsubp/fsubrp/fdivp/fdivrp: data = n."""
    n = ent[1]
    if t.intel and n >= 4:
        n ^= 1          # Intel syntax names fsubp/fsubrp, fdivp/fdivrp the other way round
    if not ops:
        return bytearray([0xDE, 0xC0 + n * 8 + 1]), None
    if len(ops) == 1 and _st(ops[0]):
        return bytearray([0xDE, 0xC0 + n * 8 + ops[0].reg.num]), None
    _nargs(t, ops, 2)
    a, b = ops
    if _st(a) and _st(b) and a.reg.num == 0:
        return bytearray([0xDE, 0xC0 + n * 8 + b.reg.num]), None
    raise _err_ops(t)


def h_fst(t, ent, size, ops):
    """x87 register-only forms with st(i): data = (opcode byte, base)."""
    opc, base = ent[1]
    if not ops:
        return bytearray([opc, base + 1]), None
    o = ops[0]
    if len(ops) == 2:
        if _st(ops[1]) and ops[1].reg.num == 0:
            o = ops[0]
        else:
            raise _err_ops(t)
    if not _st(o):
        raise _err_ops(t)
    return bytearray([opc, base + o.reg.num]), None


def h_fld(t, ent, size, ops):
    """fld/fst/fstp without suffix: st(i) forms or memory with a default."""
    _nargs(t, ops, 1)
    reg, mem = ent[1]
    o = ops[0]
    if _st(o):
        return bytearray([reg[0], reg[1] + o.reg.num]), None
    if mem is None:
        raise _err_ops(t)
    return t.encode_rm(mem[0], mem[1], o, None, w=False)


def h_fnstsw(t, ent, size, ops):
    pfx = ent[1]
    if not ops or (ops[0].kind == "r" and ops[0].reg.name == "ax"):
        return bytearray(pfx + b"\xdf\xe0"), None
    out, fix = t.encode_rm(b"\xdd", 7, ops[0], None, w=False)
    return bytearray(pfx) + out, [(f[0] + len(pfx),) + tuple(f[1:]) for f in fix]


def h_fcmov(t, ent, size, ops):
    opc, base = ent[1]
    _nargs(t, ops, 2)
    return bytearray([opc, base + ops[0].reg.num]), None


# --------------------------------------------------------------------------------------------------
def build_table():
    T = {}

    def add(name, h, data=None, flags=0):
        T[name] = (h, data, flags)

    for i, n in enumerate(["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"]):
        add(n, h_alu, i, SUFFIX)
    add("test", h_test, None, SUFFIX)
    add("mov", h_mov, None, SUFFIX)
    add("movabs", h_movabs, None, SUFFIX)
    for n, d in [("movzb", (1, None, "zx")), ("movzw", (2, None, "zx")),
                 ("movsb", (1, None, "sx")), ("movsw", (2, None, "sx")),
                 ("movzx", (None, None, "zx")), ("movsx", (None, None, "sx"))]:
        add(n, h_movx, d, SUFFIX)
    for n, d in [("movzbl", (1, 4, "zx")), ("movzbw", (1, 2, "zx")), ("movzbq", (1, 8, "zx")),
                 ("movzwl", (2, 4, "zx")), ("movzwq", (2, 8, "zx")), ("movsbl", (1, 4, "sx")),
                 ("movsbw", (1, 2, "sx")), ("movsbq", (1, 8, "sx")), ("movswl", (2, 4, "sx")),
                 ("movswq", (2, 8, "sx")), ("movslq", (4, 8, "sx")), ("movsxd", (4, 8, "sx"))]:
        add(n, h_movx, d)
    add("lea", h_lea, None, SUFFIX)
    for i, n in [(2, "not"), (3, "neg"), (4, "mul"), (6, "div"), (7, "idiv")]:
        add(n, h_grp3, i, SUFFIX)
    add("inc", h_incdec, 0, SUFFIX)
    add("dec", h_incdec, 1, SUFFIX)
    add("imul", h_imul, None, SUFFIX)
    for i, n in [(0, "rol"), (1, "ror"), (2, "rcl"), (3, "rcr"), (4, "shl"), (4, "sal"),
                 (5, "shr"), (7, "sar")]:
        add(n, h_shift, i, SUFFIX)
    add("shld", h_shd, 0xA4, SUFFIX)
    add("shrd", h_shd, 0xAC, SUFFIX)
    add("push", h_push, False, SUFFIX)
    add("pop", h_push, True, SUFFIX)
    add("jmp", h_jmp, "jmp", SUFFIX)
    add("call", h_jmp, "call", SUFFIX)
    for cc, n in CC.items():
        add("j" + cc, h_jmp, ("jcc", n))
        add("set" + cc, h_setcc, n)
        add("cmov" + cc, h_cmov, n, SUFFIX)
    add("jrcxz", h_jmp, ("rel8", b"\xe3"))
    add("jecxz", h_jmp, ("rel8", b"\x67\xe3"))
    add("loop", h_jmp, ("rel8", b"\xe2"))
    add("loope", h_jmp, ("rel8", b"\xe1"))
    add("loopz", h_jmp, ("rel8", b"\xe1"))
    add("loopne", h_jmp, ("rel8", b"\xe0"))
    add("loopnz", h_jmp, ("rel8", b"\xe0"))
    add("ret", h_ret, (b"\xc3", b"\xc2"), SUFFIX)
    add("lret", h_ret, (b"\xcb", b"\xca"), SUFFIX)
    add("int", h_int)
    add("bsf", h_rrm, (0, b"\x0f\xbc"), SUFFIX)
    add("bsr", h_rrm, (0, b"\x0f\xbd"), SUFFIX)
    add("popcnt", h_rrm, (0xF3, b"\x0f\xb8"), SUFFIX)
    add("lzcnt", h_rrm, (0xF3, b"\x0f\xbd"), SUFFIX)
    add("tzcnt", h_rrm, (0xF3, b"\x0f\xbc"), SUFFIX)
    add("movbe", h_movbe, None, SUFFIX)
    add("xadd", h_rmr, (b"\x0f\xc0", b"\x0f\xc1"), SUFFIX)
    add("cmpxchg", h_rmr, (b"\x0f\xb0", b"\x0f\xb1"), SUFFIX)
    add("bt", h_bt, 4, SUFFIX)
    add("bts", h_bt, 5, SUFFIX)
    add("btr", h_bt, 6, SUFFIX)
    add("btc", h_bt, 7, SUFFIX)
    add("xchg", h_xchg, None, SUFFIX)
    add("bswap", h_bswap, None, SUFFIX)
    add("nop", h_nop, None, SUFFIX)
    add("cmpxchg8b", h_cmpxchg16b, False)
    add("cmpxchg16b", h_cmpxchg16b, True)
    add("enter", h_enter, None, SUFFIX)
    add("in", h_inout, True, SUFFIX)
    add("out", h_inout, False, SUFFIX)
    fixed = {
        "leave": b"\xc9", "leaveq": b"\xc9", "hlt": b"\xf4", "ud2": b"\x0f\x0b", "int3": b"\xcc",
        "syscall": b"\x0f\x05", "sysenter": b"\x0f\x34", "cpuid": b"\x0f\xa2",
        "rdtsc": b"\x0f\x31", "rdtscp": b"\x0f\x01\xf9", "rdpmc": b"\x0f\x33",
        "rdmsr": b"\x0f\x32", "wrmsr": b"\x0f\x30", "pause": b"\xf3\x90",
        "mfence": b"\x0f\xae\xf0", "lfence": b"\x0f\xae\xe8", "sfence": b"\x0f\xae\xf8",
        "cld": b"\xfc", "std": b"\xfd", "clc": b"\xf8", "stc": b"\xf9", "cmc": b"\xf5",
        "cli": b"\xfa", "sti": b"\xfb", "sahf": b"\x9e", "lahf": b"\x9f",
        "cbtw": b"\x66\x98", "cwtl": b"\x98", "cltq": b"\x48\x98", "cwtd": b"\x66\x99",
        "cltd": b"\x99", "cqto": b"\x48\x99", "cbw": b"\x66\x98", "cwde": b"\x98",
        "cdqe": b"\x48\x98", "cwd": b"\x66\x99", "cdq": b"\x99", "cqo": b"\x48\x99",
        "pushf": b"\x9c", "pushfq": b"\x9c", "popf": b"\x9d", "popfq": b"\x9d",
        "pushfw": b"\x66\x9c", "popfw": b"\x66\x9d",
        "endbr64": b"\xf3\x0f\x1e\xfa", "endbr32": b"\xf3\x0f\x1e\xfb", "iretq": b"\x48\xcf",
        "iret": b"\xcf", "xgetbv": b"\x0f\x01\xd0", "rdrand": None, "emms": b"\x0f\x77",
        "fwait": b"\x9b", "wait": b"\x9b", "xlat": b"\xd7", "xlatb": b"\xd7",
        "swapgs": b"\x0f\x01\xf8", "sysret": b"\x0f\x07", "sysretq": b"\x48\x0f\x07",
        "clts": b"\x0f\x06", "invd": b"\x0f\x08", "wbinvd": b"\x0f\x09",
        "monitor": b"\x0f\x01\xc8", "mwait": b"\x0f\x01\xc9", "vzeroupper": b"\xc5\xf8\x77",
        "vzeroall": b"\xc5\xfc\x77", "xend": b"\x0f\x01\xd5", "xtest": b"\x0f\x01\xd6",
        "stac": b"\x0f\x01\xcb", "clac": b"\x0f\x01\xca", "rsm": b"\x0f\xaa",
        "icebp": b"\xf1", "int1": b"\xf1", "into": None, "lock": b"\xf0",
        "movsb": b"\xa4", "movsw": b"\x66\xa5", "movsl": b"\xa5", "movsq": b"\x48\xa5",
        "stosb": b"\xaa", "stosw": b"\x66\xab", "stosl": b"\xab", "stosq": b"\x48\xab",
        "lodsb": b"\xac", "lodsw": b"\x66\xad", "lodsl": b"\xad", "lodsq": b"\x48\xad",
        "scasb": b"\xae", "scasw": b"\x66\xaf", "scasl": b"\xaf", "scasq": b"\x48\xaf",
        "cmpsb": b"\xa6", "cmpsw": b"\x66\xa7", "cmpsl": b"\xa7", "cmpsq": b"\x48\xa7",
        "insb": b"\x6c", "insw": b"\x66\x6d", "insl": b"\x6d", "outsb": b"\x6e",
        "outsw": b"\x66\x6f", "outsl": b"\x6f",
        # x87 without operands
        "fchs": b"\xd9\xe0", "fabs": b"\xd9\xe1", "ftst": b"\xd9\xe4", "fxam": b"\xd9\xe5",
        "fld1": b"\xd9\xe8", "fldl2t": b"\xd9\xe9", "fldl2e": b"\xd9\xea", "fldpi": b"\xd9\xeb",
        "fldlg2": b"\xd9\xec", "fldln2": b"\xd9\xed", "fldz": b"\xd9\xee", "f2xm1": b"\xd9\xf0",
        "fyl2x": b"\xd9\xf1", "fptan": b"\xd9\xf2", "fpatan": b"\xd9\xf3",
        "fxtract": b"\xd9\xf4", "fprem1": b"\xd9\xf5", "fdecstp": b"\xd9\xf6",
        "fincstp": b"\xd9\xf7", "fprem": b"\xd9\xf8", "fyl2xp1": b"\xd9\xf9",
        "fsqrt": b"\xd9\xfa", "fsincos": b"\xd9\xfb", "frndint": b"\xd9\xfc",
        "fscale": b"\xd9\xfd", "fsin": b"\xd9\xfe", "fcos": b"\xd9\xff", "fnop": b"\xd9\xd0",
        "fucompp": b"\xda\xe9", "fcompp": b"\xde\xd9", "fninit": b"\xdb\xe3",
        "finit": b"\x9b\xdb\xe3", "fnclex": b"\xdb\xe2", "fclex": b"\x9b\xdb\xe2",
    }
    for n, b in fixed.items():
        if b is not None:
            add(n, h_fixed, b)
    # string instructions written with operands or only a suffix
    for n, op8 in [("movs", 0xA4), ("stos", 0xAA), ("lods", 0xAC), ("scas", 0xAE),
                   ("cmps", 0xA6), ("ins", 0x6C), ("outs", 0x6E)]:
        add(n, h_string_nosfx, op8, SUFFIX)
    for n, op8 in [("movs", 0xA4), ("stos", 0xAA), ("lods", 0xAC), ("scas", 0xAE),
                   ("cmps", 0xA6)]:
        for sfx, sz in (("b", 1), ("w", 2), ("l", 4), ("q", 8)):
            if n + sfx in T:
                T[n + sfx] = (h_string_ops, (op8, sz, T[n + sfx]), 0)
    # SSE
    def sse(name, mand, opc, *extra):
        add(name, h_sse, (mand, opc) + extra)

    arith = {0x58: "add", 0x59: "mul", 0x5C: "sub", 0x5D: "min", 0x5E: "div", 0x5F: "max",
             0x51: "sqrt"}
    for opc, base in arith.items():
        sse(base + "ps", 0, bytes([0x0F, opc]))
        sse(base + "pd", 0x66, bytes([0x0F, opc]))
        sse(base + "ss", 0xF3, bytes([0x0F, opc]))
        sse(base + "sd", 0xF2, bytes([0x0F, opc]))
    for opc, base in {0x52: "rsqrt", 0x53: "rcp"}.items():
        sse(base + "ps", 0, bytes([0x0F, opc]))
        sse(base + "ss", 0xF3, bytes([0x0F, opc]))
    for opc, base in {0x54: "and", 0x55: "andn", 0x56: "or", 0x57: "xor", 0x14: "unpckl",
                      0x15: "unpckh"}.items():
        sse(base + "ps", 0, bytes([0x0F, opc]))
        sse(base + "pd", 0x66, bytes([0x0F, opc]))
    sse("ucomiss", 0, b"\x0f\x2e")
    sse("ucomisd", 0x66, b"\x0f\x2e")
    sse("comiss", 0, b"\x0f\x2f")
    sse("comisd", 0x66, b"\x0f\x2f")
    sse("cvtps2pd", 0, b"\x0f\x5a")
    sse("cvtpd2ps", 0x66, b"\x0f\x5a")
    sse("cvtss2sd", 0xF3, b"\x0f\x5a")
    sse("cvtsd2ss", 0xF2, b"\x0f\x5a")
    sse("cvtdq2ps", 0, b"\x0f\x5b")
    sse("cvtps2dq", 0x66, b"\x0f\x5b")
    sse("cvttps2dq", 0xF3, b"\x0f\x5b")
    sse("cvtdq2pd", 0xF3, b"\x0f\xe6")
    sse("cvttpd2dq", 0x66, b"\x0f\xe6")
    sse("cvtpd2dq", 0xF2, b"\x0f\xe6")
    sse("cvtpi2ps", 0, b"\x0f\x2a")
    sse("cvtpi2pd", 0x66, b"\x0f\x2a")
    add("cvtsi2ss", h_cvtsi2, 0xF3, SUFFIX)
    add("cvtsi2sd", h_cvtsi2, 0xF2, SUFFIX)
    add("cvttss2si", h_cvt2si, (0xF3, b"\x0f\x2c"), SUFFIX)
    add("cvtss2si", h_cvt2si, (0xF3, b"\x0f\x2d"), SUFFIX)
    add("cvttsd2si", h_cvt2si, (0xF2, b"\x0f\x2c"), SUFFIX)
    add("cvtsd2si", h_cvt2si, (0xF2, b"\x0f\x2d"), SUFFIX)
    ints = {0x60: "punpcklbw", 0x61: "punpcklwd", 0x62: "punpckldq", 0x63: "packsswb",
            0x64: "pcmpgtb", 0x65: "pcmpgtw", 0x66: "pcmpgtd", 0x67: "packuswb",
            0x68: "punpckhbw", 0x69: "punpckhwd", 0x6A: "punpckhdq", 0x6B: "packssdw",
            0x6C: "punpcklqdq", 0x6D: "punpckhqdq", 0x74: "pcmpeqb", 0x75: "pcmpeqw",
            0x76: "pcmpeqd", 0xD4: "paddq", 0xD5: "pmullw", 0xD8: "psubusb",
            0xD9: "psubusw", 0xDA: "pminub", 0xDB: "pand", 0xDC: "paddusb", 0xDD: "paddusw",
            0xDE: "pmaxub", 0xDF: "pandn", 0xE0: "pavgb", 0xE3: "pavgw", 0xE4: "pmulhuw",
            0xE5: "pmulhw", 0xE8: "psubsb", 0xE9: "psubsw", 0xEA: "pminsw", 0xEB: "por",
            0xEC: "paddsb", 0xED: "paddsw", 0xEE: "pmaxsw", 0xEF: "pxor", 0xF4: "pmuludq",
            0xF5: "pmaddwd", 0xF6: "psadbw", 0xF8: "psubb", 0xF9: "psubw", 0xFA: "psubd",
            0xFB: "psubq", 0xFC: "paddb", 0xFD: "paddw", 0xFE: "paddd"}
    for opc, n in ints.items():
        add(n, h_sse_mmx, (0x66, bytes([0x0F, opc])))
    for n, opc, grp, d in [("psrlw", 0xD1, 0x71, 2), ("psraw", 0xE1, 0x71, 4),
                           ("psllw", 0xF1, 0x71, 6), ("psrld", 0xD2, 0x72, 2),
                           ("psrad", 0xE2, 0x72, 4), ("pslld", 0xF2, 0x72, 6),
                           ("psrlq", 0xD3, 0x73, 2), ("psllq", 0xF3, 0x73, 6),
                           ("psrldq", None, 0x73, 3), ("pslldq", None, 0x73, 7)]:
        add(n, h_sse_shift, (bytes([0x0F, opc]) if opc else None, bytes([0x0F, grp]), d))
    sse("pshufd", 0x66, b"\x0f\x70", "imm")
    sse("pshuflw", 0xF2, b"\x0f\x70", "imm")
    sse("pshufhw", 0xF3, b"\x0f\x70", "imm")
    sse("shufps", 0, b"\x0f\xc6", "imm")
    sse("shufpd", 0x66, b"\x0f\xc6", "imm")
    sse("cmpps", 0, b"\x0f\xc2", "imm")
    sse("cmppd", 0x66, b"\x0f\xc2", "imm")
    sse("cmpss", 0xF3, b"\x0f\xc2", "imm")
    sse("cmpsd_sse", 0xF2, b"\x0f\xc2", "imm")
    for i, p in enumerate(["eq", "lt", "le", "unord", "neq", "nlt", "nle", "ord"]):
        for sfx, mand in (("ps", 0), ("pd", 0x66), ("ss", 0xF3), ("sd", 0xF2)):
            sse(f"cmp{p}{sfx}", mand, b"\x0f\xc2", "cmp", i)
    ssse3 = {0x00: "pshufb", 0x01: "phaddw", 0x02: "phaddd", 0x03: "phaddsw",
             0x04: "pmaddubsw", 0x05: "phsubw", 0x06: "phsubd", 0x07: "phsubsw",
             0x08: "psignb", 0x09: "psignw", 0x0A: "psignd", 0x0B: "pmulhrsw", 0x1C: "pabsb",
             0x1D: "pabsw", 0x1E: "pabsd", 0x10: "pblendvb", 0x14: "blendvps",
             0x15: "blendvpd", 0x17: "ptest", 0x20: "pmovsxbw", 0x21: "pmovsxbd",
             0x22: "pmovsxbq", 0x23: "pmovsxwd", 0x24: "pmovsxwq", 0x25: "pmovsxdq",
             0x28: "pmuldq", 0x29: "pcmpeqq", 0x2A: "movntdqa", 0x2B: "packusdw",
             0x30: "pmovzxbw", 0x31: "pmovzxbd", 0x32: "pmovzxbq", 0x33: "pmovzxwd",
             0x34: "pmovzxwq", 0x35: "pmovzxdq", 0x37: "pcmpgtq", 0x38: "pminsb",
             0x39: "pminsd", 0x3A: "pminuw", 0x3B: "pminud", 0x3C: "pmaxsb", 0x3D: "pmaxsd",
             0x3E: "pmaxuw", 0x3F: "pmaxud", 0x40: "pmulld", 0x41: "phminposuw",
             0xDB: "aesimc", 0xDC: "aesenc", 0xDD: "aesenclast", 0xDE: "aesdec",
             0xDF: "aesdeclast"}
    for opc, n in ssse3.items():
        if n in ("pblendvb", "blendvps", "blendvpd"):
            add(n, h_blendv, (0x66, bytes([0x0F, 0x38, opc])))
        else:
            add(n, h_sse_mmx if opc <= 0x0B or opc in (0x1C, 0x1D, 0x1E) else h_sse,
                (0x66, bytes([0x0F, 0x38, opc])))
    sse41i = {0x08: "roundps", 0x09: "roundpd", 0x0A: "roundss", 0x0B: "roundsd",
              0x0C: "blendps", 0x0D: "blendpd", 0x0E: "pblendw", 0x0F: "palignr",
              0x21: "insertps", 0x40: "dpps", 0x41: "dppd", 0x42: "mpsadbw", 0x44: "pclmulqdq",
              0x60: "pcmpestrm", 0x61: "pcmpestri", 0x62: "pcmpistrm", 0x63: "pcmpistri",
              0xDF: "aeskeygenassist"}
    for opc, n in sse41i.items():
        sse(n, 0x66, bytes([0x0F, 0x3A, opc]), "imm")
    for n, i in [("pclmullqlqdq", 0x00), ("pclmulhqlqdq", 0x01), ("pclmullqhqdq", 0x10),
                 ("pclmulhqhqdq", 0x11)]:
        sse(n, 0x66, b"\x0f\x3a\x44", "cmp", i)
    sse("addsubps", 0xF2, b"\x0f\xd0")
    sse("addsubpd", 0x66, b"\x0f\xd0")
    sse("haddps", 0xF2, b"\x0f\x7c")
    sse("haddpd", 0x66, b"\x0f\x7c")
    sse("hsubps", 0xF2, b"\x0f\x7d")
    sse("hsubpd", 0x66, b"\x0f\x7d")
    sse("movddup", 0xF2, b"\x0f\x12")
    sse("movshdup", 0xF3, b"\x0f\x16")
    sse("movsldup", 0xF3, b"\x0f\x12")
    sse("lddqu", 0xF2, b"\x0f\xf0")
    sse("movhlps", 0, b"\x0f\x12")
    sse("movlhps", 0, b"\x0f\x16")
    add("pextrb", h_pextr, (b"\x0f\x3a\x14", False))
    add("pextrw", h_pextr, (b"\x0f\xc5", False))
    add("pextrd", h_pextr, (b"\x0f\x3a\x16", False))
    add("pextrq", h_pextr, (b"\x0f\x3a\x16", True))
    add("extractps", h_pextr, (b"\x0f\x3a\x17", False))
    add("pinsrb", h_pinsr, (b"\x0f\x3a\x20", False))
    add("pinsrw", h_pinsr, (b"\x0f\xc4", False))
    add("pinsrd", h_pinsr, (b"\x0f\x3a\x22", False))
    add("pinsrq", h_pinsr, (b"\x0f\x3a\x22", True))
    for n, mand, ld, stc in [("movaps", 0, b"\x0f\x28", b"\x0f\x29"),
                             ("movups", 0, b"\x0f\x10", b"\x0f\x11"),
                             ("movapd", 0x66, b"\x0f\x28", b"\x0f\x29"),
                             ("movupd", 0x66, b"\x0f\x10", b"\x0f\x11"),
                             ("movdqa", 0x66, b"\x0f\x6f", b"\x0f\x7f"),
                             ("movdqu", 0xF3, b"\x0f\x6f", b"\x0f\x7f"),
                             ("movss", 0xF3, b"\x0f\x10", b"\x0f\x11"),
                             ("movsd_sse", 0xF2, b"\x0f\x10", b"\x0f\x11"),
                             ("movlps", 0, b"\x0f\x12", b"\x0f\x13"),
                             ("movhps", 0, b"\x0f\x16", b"\x0f\x17"),
                             ("movlpd", 0x66, b"\x0f\x12", b"\x0f\x13"),
                             ("movhpd", 0x66, b"\x0f\x16", b"\x0f\x17"),
                             ("movntps", 0, None, b"\x0f\x2b"),
                             ("movntpd", 0x66, None, b"\x0f\x2b"),
                             ("movntdq", 0x66, None, b"\x0f\xe7")]:
        add(n, h_sse_mov, (mand, ld, stc))
    add("movsd", h_movsd_dispatch, None)
    add("cmpsd", h_cmpsd_dispatch, None)
    add("movq", h_movq, None)
    add("movd", h_movd, None)
    add("movmskps", h_sse_gpr_dst, (0, b"\x0f\x50"), SUFFIX)
    add("movmskpd", h_sse_gpr_dst, (0x66, b"\x0f\x50"), SUFFIX)
    add("pmovmskb", h_sse_gpr_dst, (0x66, b"\x0f\xd7"), SUFFIX)
    add("movnti", h_movnti, None, SUFFIX)
    add("crc32", h_crc32, None, SUFFIX)
    add("ldmxcsr", h_modrm_digit, (0, b"\x0f\xae", 2, False))
    add("stmxcsr", h_modrm_digit, (0, b"\x0f\xae", 3, False))
    add("fxsave", h_modrm_digit, (0, b"\x0f\xae", 0, False))
    add("fxrstor", h_modrm_digit, (0, b"\x0f\xae", 1, False))
    add("fxsave64", h_modrm_digit, (0, b"\x0f\xae", 0, True))
    add("fxrstor64", h_modrm_digit, (0, b"\x0f\xae", 1, True))
    add("xsave", h_modrm_digit, (0, b"\x0f\xae", 4, False))
    add("xrstor", h_modrm_digit, (0, b"\x0f\xae", 5, False))
    add("clflush", h_modrm_digit, (0, b"\x0f\xae", 7, False))
    add("clflushopt", h_modrm_digit, (0x66, b"\x0f\xae", 7, False))
    add("prefetchnta", h_modrm_digit, (0, b"\x0f\x18", 0, False))
    add("prefetcht0", h_modrm_digit, (0, b"\x0f\x18", 1, False))
    add("prefetcht1", h_modrm_digit, (0, b"\x0f\x18", 2, False))
    add("prefetcht2", h_modrm_digit, (0, b"\x0f\x18", 3, False))
    add("prefetchw", h_modrm_digit, (0, b"\x0f\x0d", 1, False))
    add("prefetch", h_modrm_digit, (0, b"\x0f\x0d", 0, False))
    add("invlpg", h_modrm_digit, (0, b"\x0f\x01", 7, False))
    add("rdrand", h_modrm_digit_sz, (b"\x0f\xc7", 6), SUFFIX)
    add("rdseed", h_modrm_digit_sz, (b"\x0f\xc7", 7), SUFFIX)
    # x87
    for i, n in enumerate(["add", "mul", "com", "comp", "sub", "subr", "div", "divr"]):
        add("f" + n, h_farith, (i, None))
        add("f" + n + "s", h_farith, (i, b"\xd8"))
        add("f" + n + "l", h_farith, (i, b"\xdc"))
        add("fi" + n + "s", h_fmem, (b"\xde", i))
        add("fi" + n + "l", h_fmem, (b"\xda", i))
        add("fi" + n, h_fmem, (b"\xde", i))
        if n not in ("com", "comp"):
            add("f" + n + "p", h_fpop, i)
    add("fld", h_fld, ((0xD9, 0xC0), None))
    add("flds", h_fmem, (b"\xd9", 0))
    add("fldl", h_fmem, (b"\xdd", 0))
    add("fldt", h_fmem, (b"\xdb", 5))
    add("fst", h_fld, ((0xDD, 0xD0), None))
    add("fsts", h_fmem, (b"\xd9", 2))
    add("fstl", h_fmem, (b"\xdd", 2))
    add("fstp", h_fld, ((0xDD, 0xD8), None))
    add("fstps", h_fmem, (b"\xd9", 3))
    add("fstpl", h_fmem, (b"\xdd", 3))
    add("fstpt", h_fmem, (b"\xdb", 7))
    add("fild", h_fmem, (b"\xdf", 0))
    add("filds", h_fmem, (b"\xdf", 0))
    add("fildl", h_fmem, (b"\xdb", 0))
    add("fildq", h_fmem, (b"\xdf", 5))
    add("fildll", h_fmem, (b"\xdf", 5))
    add("fist", h_fmem, (b"\xdf", 2))
    add("fists", h_fmem, (b"\xdf", 2))
    add("fistl", h_fmem, (b"\xdb", 2))
    add("fistp", h_fmem, (b"\xdf", 3))
    add("fistps", h_fmem, (b"\xdf", 3))
    add("fistpl", h_fmem, (b"\xdb", 3))
    add("fistpq", h_fmem, (b"\xdf", 7))
    add("fistpll", h_fmem, (b"\xdf", 7))
    add("fisttp", h_fmem, (b"\xdf", 1))
    add("fisttps", h_fmem, (b"\xdf", 1))
    add("fisttpl", h_fmem, (b"\xdb", 1))
    add("fisttpq", h_fmem, (b"\xdd", 1))
    add("fisttpll", h_fmem, (b"\xdd", 1))
    add("fbld", h_fmem, (b"\xdf", 4))
    add("fbstp", h_fmem, (b"\xdf", 6))
    add("fldcw", h_fmem, (b"\xd9", 5))
    add("fnstcw", h_fmem, (b"\xd9", 7))
    add("fstcw", h_fmem_wait, (b"\xd9", 7))
    add("fldenv", h_fmem, (b"\xd9", 4))
    add("fnstenv", h_fmem, (b"\xd9", 6))
    add("fstenv", h_fmem_wait, (b"\xd9", 6))
    add("frstor", h_fmem, (b"\xdd", 4))
    add("fnsave", h_fmem, (b"\xdd", 6))
    add("fsave", h_fmem_wait, (b"\xdd", 6))
    add("fnstsw", h_fnstsw, b"")
    add("fstsw", h_fnstsw, b"\x9b")
    add("fxch", h_fst, (0xD9, 0xC8))
    add("fucom", h_fst, (0xDD, 0xE0))
    add("fucomp", h_fst, (0xDD, 0xE8))
    add("fucomi", h_fst, (0xDB, 0xE8))
    add("fucomip", h_fst, (0xDF, 0xE8))
    add("fcomi", h_fst, (0xDB, 0xF0))
    add("fcomip", h_fst, (0xDF, 0xF0))
    add("fucompi", h_fst, (0xDF, 0xE8))
    add("fcompi", h_fst, (0xDF, 0xF0))
    add("ffree", h_fst, (0xDD, 0xC0))
    add("ffreep", h_fst, (0xDF, 0xC0))
    for n, opc, base in [("fcmovb", 0xDA, 0xC0), ("fcmove", 0xDA, 0xC8),
                         ("fcmovbe", 0xDA, 0xD0), ("fcmovu", 0xDA, 0xD8),
                         ("fcmovnb", 0xDB, 0xC0), ("fcmovae", 0xDB, 0xC0),
                         ("fcmovne", 0xDB, 0xC8), ("fcmovnbe", 0xDB, 0xD0),
                         ("fcmova", 0xDB, 0xD0), ("fcmovnu", 0xDB, 0xD8),
                         ("fcmovnae", 0xDA, 0xC0), ("fcmovz", 0xDA, 0xC8),
                         ("fcmovnz", 0xDB, 0xC8), ("fcmovna", 0xDA, 0xD0)]:
        add(n, h_fcmov, (opc, base))
    from . import vex
    vex.add_vex(T)
    from .evex import add_kmask
    add_kmask(T)
    from .tables_sys import add_sys
    add_sys(T)
    return T


def h_fmem_wait(t, ent, size, ops):
    out, fix = h_fmem(t, ent, size, ops)
    return bytearray(b"\x9b") + out, [(f[0] + 1,) + tuple(f[1:]) for f in (fix or [])]


def h_modrm_digit_sz(t, ent, size, ops):
    _nargs(t, ops, 1)
    opc, n = ent[1]
    sz = _size(t, size, ops)
    return t.encode_rm(opc, n, ops[0], sz)


def h_movbe(t, ent, size, ops):
    _nargs(t, ops, 2)
    src, dst = ops
    sz = _size(t, size, ops)
    if src.kind == "m" and dst.kind == "r":
        return t.encode_rm(b"\x0f\x38\xf0", dst.reg, src, sz)
    if src.kind == "r" and dst.kind == "m":
        return t.encode_rm(b"\x0f\x38\xf1", src.reg, dst, sz)
    raise _err_ops(t)


def h_movnti(t, ent, size, ops):
    _nargs(t, ops, 2)
    src, dst = ops
    sz = _size(t, size, ops)
    return t.encode_rm(b"\x0f\xc3", src.reg, dst, sz)


def h_sse_mmx(t, ent, size, ops):
    """Integer SIMD on xmm (66 prefix) or MMX registers (no prefix)."""
    _nargs(t, ops, 2)
    mand, opc = ent[1]
    src, dst = ops
    if dst.kind == "r" and dst.reg.kind == "mm":
        return t.encode_rm(opc, dst.reg, src, None, w=False)
    return h_sse(t, ent, size, ops)


def h_blendv(t, ent, size, ops):
    if len(ops) == 3:
        if not (ops[0].kind == "r" and ops[0].reg.name == "xmm0"):
            raise _err_ops(t)
        ops = ops[1:]
    return h_sse(t, ent, size, ops)


def h_string_ops(t, ent, size, ops):
    op8, sz, plain = ent[1]
    if not ops:
        return bytearray(plain[1]), None
    return h_string(t, (None, (op8, sz)), None, ops)


def h_movsd_dispatch(t, ent, size, ops):
    if not ops:
        return bytearray(b"\xa5"), None
    if any(o.kind == "r" and o.reg.kind == "xmm" for o in ops):
        return h_sse_mov(t, t.table["movsd_sse"], size, ops)
    return h_string(t, (None, (0xA4, 4)), None, ops)


def h_cmpsd_dispatch(t, ent, size, ops):
    if not ops or not any(o.kind == "r" and o.reg.kind == "xmm" for o in ops):
        return h_string(t, (None, (0xA6, 4)), None, ops)
    return h_sse(t, t.table["cmpsd_sse"], size, ops)
