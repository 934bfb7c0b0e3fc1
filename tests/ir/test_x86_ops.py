"""x86-64 instruction selection of single IR operations, run in unicorn against Python.

Every operation is compiled at -O0 (stack slots) and -O1 (register allocation) and called with
many deterministic pseudo-random inputs, including garbage in the register bits above a narrow
argument's width (the callee must not rely on them).
"""
import math
import random
import struct

import pytest

from tests.ir.helpers import machine

INT_OPS = ["add", "sub", "mul", "sdiv", "udiv", "srem", "urem", "and", "or", "xor", "shl",
           "lshr", "ashr"]
PREDS = ["eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge"]
TYPES = {"i8": 8, "i16": 16, "i32": 32, "i64": 64}


def sx(v, bits):
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >> (bits - 1) else v


def py_binop(op, a, b, bits):
    m = (1 << bits) - 1
    a &= m
    b &= m
    sa, sb = sx(a, bits), sx(b, bits)
    if op == "add":
        return (a + b) & m
    if op == "sub":
        return (a - b) & m
    if op == "mul":
        return (a * b) & m
    if op in ("sdiv", "srem"):
        q = abs(sa) // abs(sb) * (1 if (sa < 0) == (sb < 0) else -1)
        return (q if op == "sdiv" else sa - q * sb) & m
    if op == "udiv":
        return a // b
    if op == "urem":
        return a % b
    if op == "and":
        return a & b
    if op == "or":
        return a | b
    if op == "xor":
        return a ^ b
    if op == "shl":
        return (a << b) & m
    if op == "lshr":
        return a >> b
    if op == "ashr":
        return (sa >> b) & m


def py_icmp(p, a, b, bits):
    m = (1 << bits) - 1
    a &= m
    b &= m
    sa, sb = sx(a, bits), sx(b, bits)
    return {"eq": a == b, "ne": a != b, "slt": sa < sb, "sle": sa <= sb, "sgt": sa > sb,
            "sge": sa >= sb, "ult": a < b, "ule": a <= b, "ugt": a > b, "uge": a >= b}[p]


def int_module(t):
    fs = []
    for op in INT_OPS:
        fs.append(f"define {t} @{op}({t} %a, {t} %b) {{\nentry:\n  %r = {op} {t} %a, %b\n"
                  f"  ret {t} %r\n}}")
        # the same with a constant right operand
        fs.append(f"define {t} @{op}_k({t} %a) {{\nentry:\n  %r = {op} {t} %a, 3\n"
                  f"  ret {t} %r\n}}")
    for p in PREDS:
        fs.append(f"define i32 @c_{p}({t} %a, {t} %b) {{\nentry:\n  %c = icmp {p} {t} %a, %b\n"
                  f"  %r = zext i1 %c to i32\n  ret i32 %r\n}}")
        # compare feeding a branch (fused)
        fs.append(f"define i32 @b_{p}({t} %a, {t} %b) {{\nentry:\n  %c = icmp {p} {t} %a, %b\n"
                  f"  br %c, y, n\ny:\n  ret i32 11\nn:\n  ret i32 22\n}}")
    for u in ("neg", "not"):
        fs.append(f"define {t} @{u}({t} %a) {{\nentry:\n  %r = {u} {t} %a\n  ret {t} %r\n}}")
    return "\n".join(fs)


def samples(bits, rnd, n):
    special = [0, 1, 2, 3, (1 << bits) - 1, 1 << (bits - 1), (1 << (bits - 1)) - 1, 7, 100]
    out = [s & ((1 << bits) - 1) for s in special]
    while len(out) < n:
        out.append(rnd.getrandbits(bits))
    return out


@pytest.mark.parametrize("opt", [0, 1, "spill"])
@pytest.mark.parametrize("t", list(TYPES))
def test_integer_ops(t, opt, tmp_path):
    bits = TYPES[t]
    m = machine(int_module(t), opt, tmp_path)
    rnd = random.Random(f"{bits}-{opt}")
    vals = samples(bits, rnd, 16)
    mask = (1 << bits) - 1
    checked = 0
    for a in vals:
        for b in vals[:10]:
            ga = a | (rnd.getrandbits(64) << bits if bits < 64 else 0)   # garbage high bits
            gb = b | (rnd.getrandbits(64) << bits if bits < 64 else 0)
            for op in INT_OPS:
                if op in ("sdiv", "srem", "udiv", "urem"):
                    if b == 0 or (op[0] == "s" and sx(a, bits) == -(1 << (bits - 1)) and sx(b, bits) == -1):
                        continue
                bb = b
                if op in ("shl", "lshr", "ashr"):
                    bb = b % bits
                    gb2 = bb | (rnd.getrandbits(64) << bits if bits < 64 else 0)
                else:
                    gb2 = gb
                got = m.call(op, ga, gb2) & mask
                assert got == py_binop(op, a, bb, bits), (t, op, a, bb, opt)
                checked += 1
            for p in PREDS:
                assert m.call("c_" + p, ga, gb) & 0xFFFFFFFF == py_icmp(p, a, b, bits), (t, p, a, b)
                assert m.call("b_" + p, ga, gb) & 0xFFFFFFFF == (11 if py_icmp(p, a, b, bits) else 22)
        for op in INT_OPS:
            got = m.call(op + "_k", a | (0xABC << bits if bits < 64 else 0)) & mask
            assert got == py_binop(op, a, 3, bits), (t, op + "_k", a)
        assert m.call("neg", a) & mask == (-a) & mask
        assert m.call("not", a) & mask == (~a) & mask
    assert checked > 500


CASTS = [
    ("trunc", "i64", "i8"), ("trunc", "i64", "i32"), ("trunc", "i32", "i16"),
    ("zext", "i8", "i32"), ("zext", "i8", "i64"), ("zext", "i16", "i64"), ("zext", "i32", "i64"),
    ("zext", "i1", "i32"),
    ("sext", "i8", "i32"), ("sext", "i8", "i64"), ("sext", "i16", "i32"), ("sext", "i16", "i64"),
    ("sext", "i32", "i64"),
]


@pytest.mark.parametrize("opt", [0, 1, "spill"])
def test_integer_casts(opt, tmp_path):
    fs = []
    for k, (op, s, d) in enumerate(CASTS):
        # widen the result to i64 with zext so the whole register is defined
        tail = f"  %w = zext {d} %r to i64\n  ret i64 %w" if d != "i64" else "  ret i64 %r"
        fs.append(f"define i64 @c{k}({s} %a) {{\nentry:\n  %r = {op} {s} %a to {d}\n{tail}\n}}")
    m = machine("\n".join(fs), opt, tmp_path)
    rnd = random.Random(5)
    bits = {"i1": 1, "i8": 8, "i16": 16, "i32": 32, "i64": 64}
    for k, (op, s, d) in enumerate(CASTS):
        for _ in range(12):
            v = rnd.getrandbits(bits[s])
            gbit = 8 if s == "i1" else bits[s]     # i1: bits 1-7 are zero (psABI _Bool)
            arg = v | (rnd.getrandbits(32) << gbit if bits[s] < 64 else 0)
            if op == "trunc":
                want = v & ((1 << bits[d]) - 1)
            elif op == "zext":
                want = v
            else:
                want = sx(v, bits[s]) & ((1 << bits[d]) - 1)
            assert m.call(f"c{k}", arg) == want, (op, s, d, v)


FLOAT_IR = """
define f64 @fadd(f64 %a, f64 %b) {
entry:
  %r = fadd f64 %a, %b
  ret f64 %r
}
define f64 @fsub(f64 %a, f64 %b) {
entry:
  %r = fsub f64 %a, %b
  ret f64 %r
}
define f64 @fmul(f64 %a, f64 %b) {
entry:
  %r = fmul f64 %a, %b
  ret f64 %r
}
define f64 @fdiv(f64 %a, f64 %b) {
entry:
  %r = fdiv f64 %a, %b
  ret f64 %r
}
define f64 @fneg(f64 %a) {
entry:
  %r = fneg f64 %a
  ret f64 %r
}
define f32 @fadd32(f32 %a, f32 %b) {
entry:
  %r = fadd f32 %a, %b
  %s = fmul f32 %r, 0.5
  ret f32 %s
}
define f32 @fneg32(f32 %a) {
entry:
  %r = fneg f32 %a
  ret f32 %r
}
define i64 @f2si(f64 %a) {
entry:
  %r = fptosi f64 %a to i64
  ret i64 %r
}
define i64 @f2si32(f64 %a) {
entry:
  %r = fptosi f64 %a to i32
  %w = sext i32 %r to i64
  ret i64 %w
}
define i64 @f2ui(f64 %a) {
entry:
  %r = fptoui f64 %a to i64
  ret i64 %r
}
define f64 @si2f(i64 %a) {
entry:
  %r = sitofp i64 %a to f64
  ret f64 %r
}
define f64 @si2f8(i8 %a) {
entry:
  %r = sitofp i8 %a to f64
  ret f64 %r
}
define f64 @ui2f(i64 %a) {
entry:
  %r = uitofp i64 %a to f64
  ret f64 %r
}
define f64 @ui2f32(i32 %a) {
entry:
  %r = uitofp i32 %a to f64
  ret f64 %r
}
define f64 @ext(f32 %a) {
entry:
  %r = fpext f32 %a to f64
  ret f64 %r
}
define f32 @trunc(f64 %a) {
entry:
  %r = fptrunc f64 %a to f32
  ret f32 %r
}
define i64 @bits(f64 %a) {
entry:
  %r = bitcast f64 %a to i64
  ret i64 %r
}
define f64 @unbits(i64 %a) {
entry:
  %r = bitcast i64 %a to f64
  ret f64 %r
}
define f64 @fsel(i32 %c, f64 %a, f64 %b) {
entry:
  %k = icmp ne i32 %c, 0
  %r = select f64 %k, %a, %b
  ret f64 %r
}
define f64 @konst() {
entry:
  %r = fadd f64 0.0, 2.5
  %z = fmul f64 %r, -0.0
  %s = fsub f64 %r, %z
  ret f64 %s
}
"""

FPREDS = ["oeq", "one", "olt", "ole", "ogt", "oge", "ord", "ueq", "une", "ult", "ule", "ugt",
          "uge", "uno"]


def py_fcmp(p, a, b):
    uno = math.isnan(a) or math.isnan(b)
    if p == "ord":
        return not uno
    if p == "uno":
        return uno
    base = {"eq": a == b, "ne": a != b, "lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b}[p[1:]]
    return (not uno and base) if p[0] == "o" else (uno or base)


def f32(x):
    if 1e300 > abs(x) > 1e38 or 0 < abs(x) < 1e-300:
        return x
    return struct.unpack("<f", struct.pack("<f", x))[0]


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == b and math.copysign(1, a) == math.copysign(1, b)


@pytest.mark.parametrize("opt", [0, 1, "spill"])
def test_float_ops(opt, tmp_path):
    cmp_fs = []
    for p in FPREDS:
        cmp_fs.append(f"define i32 @fc_{p}(f64 %a, f64 %b) {{\nentry:\n  %c = fcmp {p} f64 %a, %b\n"
                      f"  %r = zext i1 %c to i32\n  ret i32 %r\n}}")
        cmp_fs.append(f"define i32 @fb_{p}(f64 %a, f64 %b) {{\nentry:\n  %c = fcmp {p} f64 %a, %b\n"
                      f"  br %c, y, n\ny:\n  ret i32 1\nn:\n  ret i32 0\n}}")
    m = machine(FLOAT_IR + "\n".join(cmp_fs), opt, tmp_path)
    vals = [0.0, -0.0, 1.0, -1.5, 3.25, 1e300, -7e-300, math.inf, -math.inf, math.nan, 123456.789]
    for a in vals:
        for b in vals:
            assert same(m.call("fadd", a, b, ret="f64"), a + b if not (math.isinf(a) and math.isinf(b) and a != b) else math.nan)
            assert same(m.call("fmul", a, b, ret="f64"),
                        math.nan if (a == 0 and math.isinf(b)) or (b == 0 and math.isinf(a)) else a * b)
            for p in FPREDS:
                assert m.call("fc_" + p, a, b) & 1 == py_fcmp(p, a, b), (p, a, b)
                assert m.call("fb_" + p, a, b) & 1 == py_fcmp(p, a, b), (p, a, b)
        assert same(m.call("fneg", a, ret="f64"), -a)
        if not (1e38 < abs(a) < math.inf):
            assert same(m.call("fneg32", ("f32", a), ret="f32"), -f32(a))
    assert m.call("fsub", 10.0, 0.25, ret="f64") == 9.75
    assert m.call("fdiv", 1.0, 3.0, ret="f64") == 1.0 / 3.0
    assert m.call("fadd32", ("f32", 1.25), ("f32", 2.5), ret="f32") == 1.875
    for v in (0.0, 1.9, -1.9, 1e15, -2.5e9, 123.0):
        assert m.call("f2si", v, signed=True) == int(v)
        if abs(v) < 2 ** 31:
            assert m.call("f2si32", v, signed=True) == int(v)
    for v in (0.0, 5.5, 2.0 ** 63, 2.0 ** 63 + 2048, 1.8e19):
        assert m.call("f2ui", v) == int(v)
    for v in (0, 1, -1, 2 ** 62, -(2 ** 63), 12345):
        assert m.call("si2f", v, ret="f64") == float(v)
    assert m.call("si2f8", 0xFFFFFF80, ret="f64") == -128.0
    for v in (0, 1, 2 ** 63, 2 ** 64 - 1, 2 ** 53 + 1, 0x8000000000000401, 987654321):
        assert m.call("ui2f", v, ret="f64") == float(v), v
    assert m.call("ui2f32", 0xDEADBEEF_FFFFFFFF, ret="f64") == float(0xFFFFFFFF)
    assert m.call("ext", ("f32", 1.1), ret="f64") == f32(1.1)
    assert m.call("trunc", 1.1, ret="f32") == f32(1.1)
    assert m.call("bits", 1.0) == 0x3FF0000000000000
    assert m.call("unbits", 0x4000000000000000, ret="f64") == 2.0
    assert m.call("fsel", 1, 1.5, 2.5, ret="f64") == 1.5
    assert m.call("fsel", 0, 1.5, 2.5, ret="f64") == 2.5
    assert m.call("konst", ret="f64") == 2.5


TEST_IR = """
define i32 @bit_set(i64 %x, i64 %m) {
entry:
  %a = and i64 %x, %m
  %c = icmp ne i64 %a, 0
  br %c, y, n
y:
  ret i32 1
n:
  ret i32 0
}
define i32 @low_clear(i32 %x) {
entry:
  %a = and i32 %x, 4
  %c = icmp eq i32 %a, 0
  %r = zext i1 %c to i32
  ret i32 %r
}
define i64 @memops(ptr %p, i64 %k) {
entry:
  %v = load i64, %p
  %s = add i64 %k, %v
  %q = ptradd %p, i64 8
  %w = load i64, %q
  %c = icmp slt i64 %s, %w
  %z = zext i1 %c to i64
  %f = ptradd %p, i64 16
  %fv = load f64, %f
  %g = fmul f64 2.0, %fv
  %gi = fptosi f64 %g to i64
  %m = mul i64 %gi, %z
  %r = add i64 %m, %s
  ret i64 %r
}
"""


@pytest.mark.parametrize("opt", [0, 1, "spill"])
def test_test_and_memory_operands(opt, tmp_path):
    m = machine(TEST_IR, opt, tmp_path)
    for x in (0, 1, 4, 5, 1 << 40, (1 << 64) - 1):
        for k in (1, 4, 1 << 40):
            assert m.call("bit_set", x, k) == (1 if x & k else 0)
        assert m.call("low_clear", x) & 0xFFFFFFFF == (0 if x & 4 else 1)
    from tests.ir.helpers import ARENA
    m.emu.write(ARENA, (10).to_bytes(8, "little") + (20).to_bytes(8, "little")
                + struct.pack("<d", 3.5))
    assert m.call("memops", ARENA, 5) == 7 * 1 + 15
    assert m.call("memops", ARENA, 50) == 60


RMW_IR = """
define void @rmw(ptr %p, i64 %x) {
entry:
  %a = load i64, %p
  %a1 = add i64 %a, %x
  store i64 %a1, %p
  %q = ptradd %p, i64 8
  %b = load i32, %q
  %b1 = sub i32 %b, 5
  store i32 %b1, %q
  %r = ptradd %p, i64 12
  %c = load i8, %r
  %c1 = xor i8 %c, -1
  store i8 %c1, %r
  %s = ptradd %p, i64 14
  %d = load i16, %s
  %xt = trunc i64 %x to i16
  %d1 = or i16 %d, %xt
  store i16 %d1, %s
  %e = load i64, %p
  %e1 = and i64 %e, %x
  %e2 = add i64 %e1, 1
  store i64 %e2, %p
  ret
}
"""


@pytest.mark.parametrize("opt", [0, 1, "spill"])
def test_read_modify_write(opt, tmp_path):
    from tests.ir.helpers import ARENA
    m = machine(RMW_IR, opt, tmp_path)
    m.emu.write(ARENA, struct.pack("<qiBxH", 100, 7, 0x0F, 0x1000))
    m.call("rmw", ARENA, 0x21)
    a, b, c, d = struct.unpack("<qiBxH", m.emu.read(ARENA, 16))
    assert (a, b, c, d) == (((100 + 0x21) & 0x21) + 1, 2, 0xF0, 0x1021)


EXT_IR = """
define i64 @widen(i64 %x) {
entry:
  ret i64 %x
}
define i64 @call_ext(i8 %v, i16 %w) {
entry:
  %a = call i64 @widen(signext i8 %v)
  %b = call i64 @widen(zeroext i16 %w)
  %c = call i64 @widen(signext i8 -2)
  %a32 = and i64 %a, 4294967295
  %b32 = and i64 %b, 4294967295
  %c32 = and i64 %c, 4294967295
  %s = shl i64 %a32, 32
  %r = or i64 %s, %b32
  %r2 = xor i64 %r, %c32
  ret i64 %r2
}
"""


@pytest.mark.parametrize("opt", [0, 1])
def test_narrow_argument_extension(opt, tmp_path):
    m = machine(EXT_IR, opt, tmp_path)
    got = m.call("call_ext", 0xAB_80, 0xCD_FFFE)
    assert got == ((0xFFFFFF80 << 32) | 0xFFFE) ^ 0xFFFFFFFE
