"""AArch64 instruction selection of single IR operations, run in unicorn against Python.

Each module is compiled at -O0 (block-local registers), -O1 (linear scan) and with every
virtual register spilled, and called with deterministic pseudo-random inputs that carry
garbage above a narrow argument's width (the callee must not rely on those bits).
"""
import math
import random
import struct

import pytest

from tests.cc_aarch64.emu import machine

INT_OPS = ["add", "sub", "mul", "sdiv", "udiv", "srem", "urem", "and", "or", "xor", "shl",
           "lshr", "ashr"]
PREDS = ["eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge"]
TYPES = {"i8": 8, "i16": 16, "i32": 32, "i64": 64}
LEVELS = [0, 1, "spill"]


def sx(v, bits):
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >> (bits - 1) else v


def py_binop(op, a, b, bits):
    m = (1 << bits) - 1
    a &= m
    b &= m
    sa, sb = sx(a, bits), sx(b, bits)
    if op in ("sdiv", "srem"):
        q = abs(sa) // abs(sb) * (1 if (sa < 0) == (sb < 0) else -1)
        return (q if op == "sdiv" else sa - q * sb) & m
    f = {"add": lambda: a + b, "sub": lambda: a - b, "mul": lambda: a * b,
         "udiv": lambda: a // b, "urem": lambda: a % b, "and": lambda: a & b,
         "or": lambda: a | b, "xor": lambda: a ^ b, "shl": lambda: a << b,
         "lshr": lambda: a >> b, "ashr": lambda: sa >> b}[op]
    return f() & m


def py_icmp(p, a, b, bits):
    m = (1 << bits) - 1
    a &= m
    b &= m
    sa, sb = sx(a, bits), sx(b, bits)
    return int({"eq": a == b, "ne": a != b, "slt": sa < sb, "sle": sa <= sb, "sgt": sa > sb,
                "sge": sa >= sb, "ult": a < b, "ule": a <= b, "ugt": a > b, "uge": a >= b}[p])


def inputs(bits, n, rnd):
    special = [0, 1, 2, 3, (1 << bits) - 1, 1 << (bits - 1), (1 << (bits - 1)) - 1, 7, 100]
    vals = special + [rnd.getrandbits(bits) for _ in range(n)]
    return vals


def garbage(v, bits, rnd):
    return v | (rnd.getrandbits(64 - bits) << bits) if bits < 64 else v


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("ty", list(TYPES))
def test_int_binops(ty, level):
    bits = TYPES[ty]
    funcs = []
    for op in INT_OPS:
        funcs.append(f"define {ty} @{op}({ty} %a, {ty} %b) {{\nentry:\n"
                     f"  %r = {op} {ty} %a, %b\n  ret {ty} %r\n}}\n")
        # with a constant second operand
        funcs.append(f"define {ty} @{op}_c({ty} %a) {{\nentry:\n"
                     f"  %r = {op} {ty} %a, 5\n  ret {ty} %r\n}}\n")
    for p in PREDS:
        funcs.append(f"define i32 @cmp_{p}({ty} %a, {ty} %b) {{\nentry:\n"
                     f"  %c = icmp {p} {ty} %a, %b\n  %r = zext i1 %c to i32\n  ret i32 %r\n}}\n")
    mc = machine("\n".join(funcs), level)
    rnd = random.Random(bits * 7 + len(str(level)))
    vals = inputs(bits, 8, rnd)
    m = (1 << bits) - 1
    for a in vals:
        for b in vals[::2]:
            ga, gb = garbage(a, bits, rnd), garbage(b, bits, rnd)
            for op in INT_OPS:
                if op in ("sdiv", "srem", "udiv", "urem") and (b & m == 0 or (
                        op[0] == "s" and sx(a, bits) == -(1 << (bits - 1)) and sx(b, bits) == -1)):
                    continue
                if op in ("shl", "lshr", "ashr") and b & m >= bits:
                    continue
                got = mc.call(op, [ga, gb]) & m
                assert got == py_binop(op, a, b, bits), (op, ty, level, hex(a), hex(b))
            for p in PREDS:
                got = mc.call(f"cmp_{p}", [ga, gb]) & 1
                assert got == py_icmp(p, a, b, bits), (p, ty, level, hex(a), hex(b))
        for op in INT_OPS:
            got = mc.call(op + "_c", [garbage(a, bits, rnd)]) & m
            assert got == py_binop(op, a, 5, bits), (op + "_c", ty, level, hex(a))


@pytest.mark.parametrize("level", LEVELS)
def test_casts_and_unops(level):
    text = """
define i64 @sext8(i8 %a) {
entry:
  %r = sext i8 %a to i64
  ret i64 %r
}
define i64 @zext16(i16 %a) {
entry:
  %r = zext i16 %a to i64
  ret i64 %r
}
define i64 @sext32(i32 %a) {
entry:
  %r = sext i32 %a to i64
  ret i64 %r
}
define i64 @zext32(i32 %a) {
entry:
  %r = zext i32 %a to i64
  ret i64 %r
}
define i32 @trunc(i64 %a) {
entry:
  %r = trunc i64 %a to i32
  ret i32 %r
}
define i64 @bswap(i64 %a) {
entry:
  %r = bswap i64 %a
  ret i64 %r
}
define i32 @bswap16(i16 %a) {
entry:
  %r = bswap i16 %a
  %z = zext i16 %r to i32
  ret i32 %z
}
define i64 @ctpop(i64 %a) {
entry:
  %r = ctpop i64 %a
  ret i64 %r
}
define i32 @ctpop8(i8 %a) {
entry:
  %r = ctpop i8 %a
  %z = zext i8 %r to i32
  ret i32 %z
}
define i64 @ctlz(i64 %a) {
entry:
  %r = ctlz i64 %a
  ret i64 %r
}
define i32 @ctlz16(i16 %a) {
entry:
  %r = ctlz i16 %a
  %z = zext i16 %r to i32
  ret i32 %z
}
define i32 @cttz(i32 %a) {
entry:
  %r = cttz i32 %a
  ret i32 %r
}
define i64 @neg(i64 %a) {
entry:
  %r = neg i64 %a
  ret i64 %r
}
define i32 @not(i32 %a) {
entry:
  %r = not i32 %a
  ret i32 %r
}
define i64 @sel(i64 %a, i64 %b, i64 %c) {
entry:
  %k = icmp slt i64 %a, %b
  %r = select i64 %k, %c, %a
  ret i64 %r
}
define i64 @big() {
entry:
  ret i64 -81985529216486896
}
"""
    mc = machine(text, level)
    rnd = random.Random(3)
    for _ in range(30):
        a = rnd.getrandbits(64)
        assert mc.call("sext8", [a]) == sx(a, 8) & (2 ** 64 - 1)
        assert mc.call("zext16", [a]) == a & 0xFFFF
        assert mc.call("sext32", [a]) == sx(a, 32) & (2 ** 64 - 1)
        assert mc.call("zext32", [a]) == a & 0xFFFFFFFF
        assert mc.call("trunc", [a]) & 0xFFFFFFFF == a & 0xFFFFFFFF
        assert mc.call("bswap", [a]) == int.from_bytes(a.to_bytes(8, "little"), "big")
        assert mc.call("bswap16", [a]) == int.from_bytes((a & 0xFFFF).to_bytes(2, "little"), "big")
        assert mc.call("ctpop", [a]) == bin(a).count("1")
        assert mc.call("ctpop8", [a]) == bin(a & 0xFF).count("1")
        if a:
            assert mc.call("ctlz", [a]) == 64 - a.bit_length()
        if a & 0xFFFF:
            assert mc.call("ctlz16", [a]) == 16 - (a & 0xFFFF).bit_length()
        if a & 0xFFFFFFFF:
            v = a & 0xFFFFFFFF
            assert mc.call("cttz", [a]) & 0xFFFFFFFF == (v & -v).bit_length() - 1
        assert mc.call("neg", [a]) == (-a) & (2 ** 64 - 1)
        assert mc.call("not", [a]) & 0xFFFFFFFF == ~a & 0xFFFFFFFF
        b, c = rnd.getrandbits(64), rnd.getrandbits(64)
        assert mc.call("sel", [a, b, c]) == (c if sx(a, 64) < sx(b, 64) else a)
    assert mc.call("big") == -81985529216486896 & (2 ** 64 - 1)


FOPS = {"fadd": lambda a, b: a + b, "fsub": lambda a, b: a - b, "fmul": lambda a, b: a * b,
        "fdiv": lambda a, b: a / b if b else math.copysign(math.inf, a) * math.copysign(1, b)
        if a else math.nan}
FPREDS = ["oeq", "one", "olt", "ole", "ogt", "oge", "ord", "ueq", "une", "ult", "ule", "ugt",
          "uge", "uno"]


def py_fcmp(p, a, b):
    un = math.isnan(a) or math.isnan(b)
    if p == "ord":
        return not un
    if p == "uno":
        return un
    r = {"eq": a == b, "ne": a != b, "lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b}[p[1:]]
    return (not un and r) if p[0] == "o" else (un or r)


@pytest.mark.parametrize("level", LEVELS)
def test_float_ops(level):
    funcs = []
    for op in FOPS:
        funcs.append(f"define f64 @{op}(f64 %a, f64 %b) {{\nentry:\n  %r = {op} f64 %a, %b\n"
                     f"  ret f64 %r\n}}\n")
    for p in FPREDS:
        funcs.append(f"define i32 @fc_{p}(f64 %a, f64 %b) {{\nentry:\n  %c = fcmp {p} f64 %a, %b\n"
                     f"  %r = zext i1 %c to i32\n  ret i32 %r\n}}\n")
        funcs.append(f"define i32 @fb_{p}(f64 %a, f64 %b) {{\nentry:\n  %c = fcmp {p} f64 %a, %b\n"
                     f"  br %c, yes, no\nyes:\n  ret i32 1\nno:\n  ret i32 0\n}}\n")
    funcs.append("""
define i64 @d2i(f64 %a) {
entry:
  %r = fptosi f64 %a to i64
  ret i64 %r
}
define f64 @i2d(i32 %a) {
entry:
  %r = sitofp i32 %a to f64
  ret f64 %r
}
define f64 @u2d(i64 %a) {
entry:
  %r = uitofp i64 %a to f64
  ret f64 %r
}
define f64 @f2d(f64 %a) {
entry:
  %f = fptrunc f64 %a to f32
  %r = fpext f32 %f to f64
  ret f64 %r
}
define f64 @k(f64 %a) {
entry:
  %r = fmul f64 %a, 0.1
  ret f64 %r
}
define f64 @nabs(f64 %a) {
entry:
  %b = fabs f64 %a
  %r = fneg f64 %b
  ret f64 %r
}
define f64 @root(f64 %a) {
entry:
  %r = sqrt f64 %a
  ret f64 %r
}
define i64 @bits(f64 %a) {
entry:
  %r = bitcast f64 %a to i64
  ret i64 %r
}
""")
    mc = machine("\n".join(funcs), level)
    vals = [0.0, -0.0, 1.5, -2.25, 3.0, 1e300, -1e-300, math.inf, -math.inf, math.nan, 7.0]
    for a in vals:
        for b in vals:
            for op, fn in FOPS.items():
                if op == "fdiv" and b == 0:
                    continue
                got = mc.call(op, floats=[a, b], returns="double")
                want = fn(a, b)
                assert (math.isnan(got) and math.isnan(want)) or got == want, (op, a, b, got)
            for p in FPREDS:
                assert mc.call(f"fc_{p}", floats=[a, b]) & 1 == int(py_fcmp(p, a, b)), (p, a, b)
                assert mc.call(f"fb_{p}", floats=[a, b]) & 1 == int(py_fcmp(p, a, b)), (p, a, b)
    for a in (0.0, 1.9, -1.9, 12345.75, -1e10):
        assert mc.call("d2i", floats=[a]) == int(a) & (2 ** 64 - 1)
        assert mc.call("k", floats=[a], returns="double") == a * 0.1
        assert mc.call("nabs", floats=[a], returns="double") == -abs(a)
        assert mc.call("f2d", floats=[a], returns="double") == struct.unpack("<f", struct.pack("<f", a))[0]
        assert mc.call("bits", floats=[a]) == struct.unpack("<Q", struct.pack("<d", a))[0]
        if a >= 0:
            assert mc.call("root", floats=[a], returns="double") == math.sqrt(a)
    for i in (0, 1, -1, 2 ** 31 - 1, -2 ** 31):
        assert mc.call("i2d", [i], returns="double") == float(i)
    for u in (0, 1, 2 ** 63, 2 ** 64 - 1):
        assert mc.call("u2d", [u], returns="double") == float(u)


@pytest.mark.parametrize("level", LEVELS)
def test_memory_loops_switch(level):
    from tests.cc_aarch64.emu import ARENA
    text = """
define i64 @sum(ptr %p, i64 %n) {
entry:
  jmp loop
loop:
  %i = phi i64 [0, entry], [%i2, loop]
  %s = phi i64 [0, entry], [%s2, loop]
  %off = mul i64 %i, 4
  %q = ptradd %p, i64 %off
  %v = load i32, %q
  %w = sext i32 %v to i64
  %s2 = add i64 %s, %w
  %i2 = add i64 %i, 1
  %c = icmp slt i64 %i2, %n
  br %c, loop, done
done:
  ret i64 %s2
}
define void @fill(ptr %p, i16 %v) {
entry:
  %q = ptradd %p, i64 6
  store i16 %v, %q
  store i8 7, %p
  %big = ptradd %p, i64 40000
  store i64 -1, %big
  ret
}
define i32 @sw(i32 %x) {
entry:
  switch i32 %x, dflt [1: a, 20: b, 300: c, 5000: d, 70000: e]
a:
  ret i32 10
b:
  ret i32 20
c:
  ret i32 30
d:
  ret i32 50
e:
  ret i32 90
dflt:
  ret i32 -1
}
define i32 @local() {
entry:
  %buf = alloca i64 5000, align 16
  %p = ptradd %buf, i64 4996
  store i32 77, %p
  %v = load i32, %p
  ret i32 %v
}
"""
    mc = machine(text, level)
    data = [3, -4, 5, 100000, -7]
    mc.emu.write(ARENA, b"".join(struct.pack("<i", x) for x in data))
    assert mc.call("sum", [ARENA, 5], returns="int") == sum(data)
    mc.call("fill", [ARENA + 0x100, 0x12345], returns=None)
    assert mc.emu.read(ARENA + 0x106, 2) == b"\x45\x23"
    assert mc.emu.read(ARENA + 0x100, 1) == b"\x07"
    assert mc.emu.read(ARENA + 0x100 + 40000, 8) == b"\xff" * 8
    for x, want in ((1, 10), (20, 20), (300, 30), (5000, 50), (70000, 90), (4, -1), (0, -1), (-3, -1)):
        assert mc.call("sw", [x]) & 0xFFFFFFFF == want & 0xFFFFFFFF
    assert mc.call("local", returns="int") == 77


@pytest.mark.parametrize("level", LEVELS)
def test_i128(level):
    ops = ["add", "sub", "mul", "and", "or", "xor"]
    funcs = []
    for op in ops:
        funcs.append(f"define void @{op}(ptr %p) {{\nentry:\n  %a = load i128, %p\n"
                     f"  %q = ptradd %p, i64 16\n  %b = load i128, %q\n  %r = {op} i128 %a, %b\n"
                     f"  %d = ptradd %p, i64 32\n  store i128 %r, %d\n  ret\n}}\n")
    for p in PREDS:
        funcs.append(f"define i32 @c_{p}(ptr %p) {{\nentry:\n  %a = load i128, %p\n"
                     f"  %q = ptradd %p, i64 16\n  %b = load i128, %q\n  %c = icmp {p} i128 %a, %b\n"
                     f"  %r = zext i1 %c to i32\n  ret i32 %r\n}}\n")
    from tests.cc_aarch64.emu import ARENA
    mc = machine("\n".join(funcs), level)
    rnd = random.Random(128)
    m = 2 ** 128 - 1
    vals = [0, 1, m, 1 << 127, (1 << 64) - 1, 1 << 64] + [rnd.getrandbits(128) for _ in range(4)]
    for a in vals:
        for b in vals:
            mc.emu.write(ARENA, a.to_bytes(16, "little") + b.to_bytes(16, "little"))
            for op in ops:
                mc.call(op, [ARENA], returns=None)
                got = int.from_bytes(mc.emu.read(ARENA + 32, 16), "little")
                assert got == py_binop(op, a, b, 128), (op, hex(a), hex(b))
            for p in PREDS:
                assert mc.call(f"c_{p}", [ARENA]) & 1 == py_icmp(p, a, b, 128), (p, a, b)
