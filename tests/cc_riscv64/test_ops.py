"""RISC-V 64 instruction selection of single IR operations, run in unicorn against Python.

One module per integer type holds every binary operation, comparison, unary operation and
cast; it is compiled at -O0, -O1 and with every value spilled, and each function is called with
deterministic pseudo-random inputs. Results must also respect the LP64D rule that 32-bit values
are returned sign-extended (pycc keeps i8/i16/i32 sign-extended in registers).
"""
import math
import random
import struct

import pytest

from tests.cc_riscv64.helpers import machine
from tests.ir.test_x86_ops import INT_OPS, PREDS, py_binop, py_icmp, sx

TYPES = {"i8": 8, "i16": 16, "i32": 32, "i64": 64}
LEVELS = [0, 1, "spill"]


def _inputs(bits, n, rng):
    m = (1 << bits) - 1
    special = [0, 1, 2, m, m >> 1, (m >> 1) + 1, 3, 7, bits - 1]
    vals = special + [rng.getrandbits(bits) for _ in range(n)]
    return vals


def _int_module(t):
    fs = []
    for op in INT_OPS:
        fs.append(f"define {t} @{op}({t} %a, {t} %b) {{\nentry:\n  %r = {op} {t} %a, %b\n"
                  f"  ret {t} %r\n}}")
        fs.append(f"define {t} @{op}_c({t} %a) {{\nentry:\n  %r = {op} {t} %a, 5\n"
                  f"  ret {t} %r\n}}")
        fs.append(f"define {t} @{op}_p({t} %a) {{\nentry:\n  %r = {op} {t} %a, 8\n"
                  f"  ret {t} %r\n}}")
    for p in PREDS:
        fs.append(f"define i32 @icmp_{p}({t} %a, {t} %b) {{\nentry:\n  %c = icmp {p} {t} %a, %b\n"
                  f"  %r = zext i1 %c to i32\n  ret i32 %r\n}}")
        fs.append(f"define i32 @br_{p}({t} %a, {t} %b) {{\nentry:\n  %c = icmp {p} {t} %a, %b\n"
                  f"  br %c, yes, no\nyes:\n  ret i32 1\nno:\n  ret i32 0\n}}")
    for op in ("neg", "not"):
        fs.append(f"define {t} @{op}({t} %a) {{\nentry:\n  %r = {op} {t} %a\n  ret {t} %r\n}}")
    if t != "i64":
        fs.append(f"define i64 @zext({t} %a) {{\nentry:\n  %r = zext {t} %a to i64\n  ret i64 %r\n}}")
        fs.append(f"define i64 @sext({t} %a) {{\nentry:\n  %r = sext {t} %a to i64\n  ret i64 %r\n}}")
        fs.append(f"define {t} @trunc(i64 %a) {{\nentry:\n  %r = trunc i64 %a to {t}\n  ret {t} %r\n}}")
    fs.append(f"define {t} @sel({t} %a, {t} %b, i32 %c) {{\nentry:\n  %k = icmp ne i32 %c, 0\n"
              f"  %r = select {t} %k, %a, %b\n  ret {t} %r\n}}")
    fs.append(f"define double @tofp({t} %a) {{\nentry:\n  %r = sitofp {t} %a to f64\n  ret f64 %r\n}}"
              .replace("double", "f64"))
    fs.append(f"define f64 @utofp({t} %a) {{\nentry:\n  %r = uitofp {t} %a to f64\n  ret f64 %r\n}}")
    return "\n".join(fs)


def _ret(m, name, args, bits, rng_garbage):
    raw = m.call(name, [a for a in args], returns="uint") & ((1 << 64) - 1)
    return raw


@pytest.mark.parametrize("t", list(TYPES))
@pytest.mark.parametrize("opt", LEVELS)
def test_int_ops(t, opt):
    bits = TYPES[t]
    rng = random.Random(bits * 7 + (3 if opt == "spill" else opt))
    m = machine(_int_module(t), opt)
    mask = (1 << bits) - 1
    vals = _inputs(bits, 12, rng)

    def arg(v):             # the ABI's extension of an argument: sign for i32/i8/i16 here
        return sx(v, bits) & ((1 << 64) - 1)

    def check_ret(raw, want, what):
        assert raw & mask == want & mask, what
        assert raw == sx(want, bits) & ((1 << 64) - 1), what + " (not sign-extended)"

    for a in vals:
        for b in vals[:8] + [rng.getrandbits(bits)]:
            for op in INT_OPS:
                bb = b
                if op in ("sdiv", "udiv", "srem", "urem"):
                    if bb & mask == 0 or (op in ("sdiv", "srem") and sx(a, bits) == -(1 << (bits - 1))
                                          and sx(bb, bits) == -1):
                        continue
                if op in ("shl", "lshr", "ashr"):
                    bb = b % bits
                check_ret(m.call(op, [arg(a), arg(bb)], returns="uint"),
                          py_binop(op, a, bb, bits), f"{op} {t} {a} {bb}")
            for p in PREDS:
                want = int(py_icmp(p, a, b, bits))
                assert m.call(f"icmp_{p}", [arg(a), arg(b)]) == want, f"icmp {p} {t} {a} {b}"
                assert m.call(f"br_{p}", [arg(a), arg(b)]) == want, f"br {p} {t} {a} {b}"
        for op in INT_OPS:
            if op in ("shl", "lshr", "ashr", "sdiv", "udiv", "srem", "urem") and bits < 8:
                continue
            check_ret(m.call(op + "_c", [arg(a)], returns="uint"), py_binop(op, a, 5, bits),
                      f"{op} {t} {a}, 5")
            if not (bits == 8 and op in ("shl", "lshr", "ashr")):    # shift >= width: undefined
                check_ret(m.call(op + "_p", [arg(a)], returns="uint"), py_binop(op, a, 8, bits),
                          f"{op} {t} {a}, 8")
        check_ret(m.call("neg", [arg(a)], returns="uint"), -a, f"neg {a}")
        check_ret(m.call("not", [arg(a)], returns="uint"), ~a, f"not {a}")
        if bits < 64:
            assert m.call("zext", [arg(a)], returns="uint") == a & mask
            assert m.call("sext", [arg(a)], returns="uint") == sx(a, bits) & ((1 << 64) - 1)
            g = rng.getrandbits(64)
            check_ret(m.call("trunc", [g], returns="uint"), g, f"trunc {g:#x}")
        check_ret(m.call("sel", [arg(a), arg(7), 1], returns="uint"), a, "select 1")
        check_ret(m.call("sel", [arg(a), arg(7), 0], returns="uint"), 7, "select 0")
        assert m.call("tofp", [arg(a)], returns="double") == float(sx(a, bits))
        assert m.call("utofp", [arg(a)], returns="double") == float(a & mask)


FPREDS = ["oeq", "one", "olt", "ole", "ogt", "oge", "ord", "ueq", "une", "ult", "ule", "ugt",
          "uge", "uno"]


def _py_fcmp(p, a, b):
    un = math.isnan(a) or math.isnan(b)
    rel = {"eq": a == b, "ne": a != b and not un, "lt": a < b, "le": a <= b, "gt": a > b,
           "ge": a >= b}
    if p == "ord":
        return not un
    if p == "uno":
        return un
    if p == "one":
        return not un and a != b
    if p[0] == "o":
        return not un and rel[p[1:]]
    if p == "une":
        return un or a != b
    return un or rel[p[1:]]


@pytest.mark.parametrize("opt", LEVELS)
@pytest.mark.parametrize("ft", ["f32", "f64"])
def test_float_ops(opt, ft):
    fs = []
    for op in ("fadd", "fsub", "fmul", "fdiv"):
        fs.append(f"define {ft} @{op}({ft} %a, {ft} %b) {{\nentry:\n  %r = {op} {ft} %a, %b\n  ret {ft} %r\n}}")
    for op in ("fneg", "fabs", "sqrt"):
        fs.append(f"define {ft} @{op}({ft} %a) {{\nentry:\n  %r = {op} {ft} %a\n  ret {ft} %r\n}}")
    for p in FPREDS:
        fs.append(f"define i32 @c_{p}({ft} %a, {ft} %b) {{\nentry:\n  %c = fcmp {p} {ft} %a, %b\n"
                  f"  %r = zext i1 %c to i32\n  ret i32 %r\n}}")
    for it in ("i32", "i64"):
        fs.append(f"define {it} @tosi_{it}({ft} %a) {{\nentry:\n  %r = fptosi {ft} %a to {it}\n  ret {it} %r\n}}")
        fs.append(f"define {it} @toui_{it}({ft} %a) {{\nentry:\n  %r = fptoui {ft} %a to {it}\n  ret {it} %r\n}}")
    fs.append(f"define {ft} @k({ft} %a) {{\nentry:\n  %r = fadd {ft} %a, 2.5\n  ret {ft} %r\n}}")
    m = machine("\n".join(fs), opt)
    ret = "float" if ft == "f32" else "double"

    def rnd(x):
        return struct.unpack("<f", struct.pack("<f", x))[0] if ft == "f32" else x

    def call(name, *a, returns=ret):
        if ft == "f32":         # an f32 argument is the low half of the register, NaN-boxed
            m.emu.set_reg("fa0", 0)
            args = a
            for i, x in enumerate(args):
                bits = struct.unpack("<I", struct.pack("<f", x))[0] | (0xFFFFFFFF << 32)
                m.emu.set_reg(f"fa{i}", bits)
            import toolchain.emu as E  # noqa: F401
            raw = m.emu._run(m.syms[name], 100000, True)
            if returns == "float":
                return struct.unpack("<f", (m.emu.reg("fa0") & 0xFFFFFFFF).to_bytes(4, "little"))[0]
            return sx(raw, 64)
        return m.call(name, floats=a, returns=returns)

    vals = [0.0, -0.0, 1.5, -2.25, 3.0, 1e10, -7.75, float("nan"), float("inf"), 0.1]
    for a in vals:
        for b in vals:
            a, b = rnd(a), rnd(b)
            for op, f in (("fadd", lambda x, y: x + y), ("fsub", lambda x, y: x - y),
                          ("fmul", lambda x, y: x * y)):
                try:
                    want = rnd(f(a, b))
                except OverflowError:
                    continue
                got = call(op, a, b)
                assert got == want or (math.isnan(got) and math.isnan(want)), (op, a, b)
            for p in FPREDS:
                assert call(f"c_{p}", a, b, returns="int") == int(_py_fcmp(p, a, b)), (p, a, b)
        if not math.isnan(a) and not math.isinf(a):
            assert call("fneg", a) == -a
            assert call("fabs", a) == abs(a)
            assert call("k", a) == rnd(a + 2.5)
            if abs(a) < 1e9:
                assert call("tosi_i32", a, returns="int") == int(a)
                assert call("tosi_i64", a, returns="int") == int(a)
            if a >= 0:
                assert call("sqrt", a) == rnd(math.sqrt(a))
