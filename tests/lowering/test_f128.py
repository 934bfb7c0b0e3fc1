"""binary128: exact constants, IR round trip, and ``legalize_f128`` run for real.

The legalised IR of tests/lowering/f128_prog.c (``__float128`` on x86-64) is compiled by the
x86-64 back end with ``carrier=i128`` (f128 values in general-register pairs, as RISC-V passes
them); each libgcc routine is reached through a gcc-compiled shim that converts the pair to
``__float128`` and calls the real routine. The output must equal the gcc-compiled program's.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from toolchain.cc.ir import F128, parse_module, print_module, verify
from toolchain.cc.ir import types as T
from toolchain.cc.ir.core import SymRef
from toolchain.cc.ir.floats import encode, parse_literal, decode, XFloat
from toolchain.cc.opt.softfloat import ROUTINES, legalize_f128

from .util import HERE, lower_c, need, run

PROG = HERE / "f128_prog.c"


def test_literals_exact():
    cases = {
        "1.1": 0x3FFF199999999999999999999999999A,
        "0.1": 0x3FFB999999999999999999999999999A,
        "1e5000": 0x7FFF0000000000000000000000000000,
        "0x1.8p1": 0x40008000000000000000000000000000,
        "6.5e-4966": 1, "1e-4966": 0,      # smallest subnormal; below half of it
    }
    for text, bits in cases.items():
        assert encode(parse_literal(text), "binary128") == bits, text
    assert encode(parse_literal("1.1"), "x87") == 0x3FFF8CCCCCCCCCCCCCCD
    x = XFloat(0x3FFF199999999999999999999999999A, "binary128")
    assert float(x) == 1.1 and encode(-x, "binary128") >> 127 == 1
    assert decode(encode(parse_literal("0.75"), "binary128"), "binary128")[1] == parse_literal("0.75")


def test_ir_round_trip_and_fold():
    m = lower_c(PROG)
    text = print_module(m)
    assert "0xQ3FFF199999999999999999999999999A" in text or "gq" in text
    m2 = parse_module(text)
    assert print_module(m2) == text
    from toolchain.cc.opt import optimize_module
    optimize_module(m2, 1, verify=True)      # nothing folds f128 with doubles


def _legal(m):
    legalize_f128(m)
    verify(m)
    moves = {"load", "store", "phi", "select", "copy", "call", "ret", "va_arg"}
    for f in m.functions:
        for ins in f.instructions():
            if ins.type is F128 or any(a.type is F128 for a in ins.args):
                assert ins.op in moves, (f.name, ins.op)


@pytest.mark.parametrize("target", ["aarch64", "riscv64"])
def test_long_double_legalised(target, tmp_path):
    src = tmp_path / "ld.c"
    src.write_text(LD_PROG)
    for path in (src, PROG):
        m = lower_c(path, target)
        assert any(ins.type is F128 for f in m.functions for ins in f.instructions())
        _legal(m)


LD_PROG = r"""
long double g = 1.1L;
long double gs[2] = {0.1L, -3};
_Complex long double cz = 1.5L;
long double add(long double a, long double b) { return a + b * 2 - a / b; }
int lt(long double a, long double b) { return (a < b) + (a != b) + __builtin_isunordered(a, b); }
int cvt(long double a) { return (int)a + (unsigned long)a + (short)a + (unsigned __int128)a; }
double nar(long double a) { return a + (float)a; }
long double wid(float x, int i, unsigned __int128 u, char c) { return (long double)x + i + u + c; }
long double k(void) { return 0.1L; }
long double ab(long double x) { return __builtin_fabsl(x) + -x; }
int sb(long double x) { return __builtin_signbit(x) + __builtin_isnan(x) + __builtin_isinf(x)
                               + __builtin_isnormal(x) + __builtin_isfinite(x); }
_Complex long double cm(_Complex long double a, _Complex long double b) { return a + b; }
long double va(int n, ...) { __builtin_va_list ap; __builtin_va_start(ap, n);
    long double r = __builtin_va_arg(ap, long double); __builtin_va_end(ap); return r; }
"""


SHIMS = r"""
#include <string.h>
typedef unsigned __int128 U;
typedef __float128 Q;
static Q F(U x) { Q f; memcpy(&f, &x, 16); return f; }
static U B(Q f) { U x; memcpy(&x, &f, 16); return x; }
extern Q __addtf3(Q, Q), __subtf3(Q, Q), __multf3(Q, Q), __divtf3(Q, Q), __negtf2(Q);
extern int __eqtf2(Q, Q), __netf2(Q, Q), __lttf2(Q, Q), __letf2(Q, Q), __gttf2(Q, Q),
    __getf2(Q, Q), __unordtf2(Q, Q);
extern Q __extendsftf2(float), __extenddftf2(double), __extendxftf2(long double);
extern float __trunctfsf2(Q); extern double __trunctfdf2(Q); extern long double __trunctfxf2(Q);
extern int __fixtfsi(Q); extern long __fixtfdi(Q); extern __int128 __fixtfti(Q);
extern unsigned __fixunstfsi(Q); extern unsigned long __fixunstfdi(Q); extern U __fixunstfti(Q);
extern Q __floatsitf(int), __floatditf(long), __floattitf(__int128), __floatunsitf(unsigned),
    __floatunditf(unsigned long), __floatuntitf(U);
#define A2(n) U shim##n(U a, U b) { return B(n(F(a), F(b))); }
#define C2(n) int shim##n(U a, U b) { return n(F(a), F(b)); }
A2(__addtf3) A2(__subtf3) A2(__multf3) A2(__divtf3)
U shim__negtf2(U a) { return B(__negtf2(F(a))); }
C2(__eqtf2) C2(__netf2) C2(__lttf2) C2(__letf2) C2(__gttf2) C2(__getf2) C2(__unordtf2)
U shim__extendsftf2(float x) { return B(__extendsftf2(x)); }
U shim__extenddftf2(double x) { return B(__extenddftf2(x)); }
U shim__extendxftf2(long double x) { return B(__extendxftf2(x)); }
float shim__trunctfsf2(U a) { return __trunctfsf2(F(a)); }
double shim__trunctfdf2(U a) { return __trunctfdf2(F(a)); }
long double shim__trunctfxf2(U a) { return __trunctfxf2(F(a)); }
int shim__fixtfsi(U a) { return __fixtfsi(F(a)); }
long shim__fixtfdi(U a) { return __fixtfdi(F(a)); }
__int128 shim__fixtfti(U a) { return __fixtfti(F(a)); }
unsigned shim__fixunstfsi(U a) { return __fixunstfsi(F(a)); }
unsigned long shim__fixunstfdi(U a) { return __fixunstfdi(F(a)); }
U shim__fixunstfti(U a) { return __fixunstfti(F(a)); }
U shim__floatsitf(int x) { return B(__floatsitf(x)); }
U shim__floatditf(long x) { return B(__floatditf(x)); }
U shim__floattitf(__int128 x) { return B(__floattitf(x)); }
U shim__floatunsitf(unsigned x) { return B(__floatunsitf(x)); }
U shim__floatunditf(unsigned long x) { return B(__floatunditf(x)); }
U shim__floatuntitf(U x) { return B(__floatuntitf(x)); }
"""


@pytest.mark.parametrize("opt", [0, 1])
def test_legalised_runs_against_libgcc(opt, tmp_path):
    need("gcc")
    from toolchain.arch.x86_64.cc import compile_module
    from toolchain.cc.opt import optimize_module
    m = lower_c(PROG)
    if opt:
        optimize_module(m, 1)
    legalize_f128(m, carrier=T.I128)
    verify(m)
    for f in m.functions:
        for ins in f.instructions():
            assert ins.type is not F128 and all(a.type is not F128 for a in ins.args)
            if ins.op == "call" and isinstance(ins.args[0], SymRef) and ins.args[0].name in ROUTINES:
                ins.set_operand(0, SymRef("shim" + ins.args[0].name))
    (tmp_path / "p.s").write_text(compile_module(m, opt))
    (tmp_path / "shims.c").write_text(SHIMS)
    r = run(["gcc", "-o", str(tmp_path / "p"), str(tmp_path / "p.s"), str(tmp_path / "shims.c")])
    assert r.returncode == 0, r.stderr
    got = run([str(tmp_path / "p")])
    r = run(["gcc", "-w", "-o", str(tmp_path / "g"), str(PROG)])
    assert r.returncode == 0, r.stderr
    want = run([str(tmp_path / "g")]).stdout
    assert got.returncode == 0
    gl, wl = got.stdout.splitlines(), want.stdout.splitlines() if False else want.splitlines()
    diff = [(a, b) for a, b in zip(gl, wl) if a != b]
    assert not diff and len(gl) == len(wl), diff[:10]


WIDE_STATIC = r"""
#include <stdio.h>
#include <string.h>
static long double a = 1.0L / 3, b = 0.1L * 3 - 0.3L, c = 2.0L / 3.0 + 1e-30L, d = -(1.0L / 7);
static __float128 q = 1.0Q / 3, r = 1.1Q * 1.1Q - 0.21Q;
int main(void)
{
    unsigned char x[16];
    long double v[] = {a, b, c, d, 1.1L};
    for (int i = 0; i < 5; i++) {
        memcpy(x, &v[i], 10);
        for (int j = 9; j >= 0; j--) printf("%02x", x[j]);
        printf("\n");
    }
    memcpy(x, &q, 16);
    for (int j = 15; j >= 0; j--) printf("%02x", x[j]);
    memcpy(x, &r, 16);
    for (int j = 15; j >= 0; j--) printf("%02x", x[j]);
    printf("\n");
    return 0;
}
"""


def test_wide_constants_fold_exactly(tmp_path):
    """long double / __float128 static initialisers fold with one rounding, literals are exact."""
    from .util import build_and_run
    src = tmp_path / "w.c"
    src.write_text(WIDE_STATIC)
    got, want = build_and_run(src, tmp_path, "-O0")
    assert got.returncode == 0, got.stderr
    assert got.stdout == want


def test_fabs_in_entry_block():
    """The stack slot fabs uses goes into the entry block before the instruction's operands."""
    m = parse_module("define f128 @f(f128 %x) {\nentry:\n  %a = fadd f128 %x, %x\n"
                     "  %b = fabs f128 %a\n  ret f128 %b\n}\n")
    legalize_f128(m)
    verify(m)
    assert [i.op for i in m.functions[0].blocks[0].instrs][:2] == ["alloca", "call"]


def test_constfold_f128_exact():
    from toolchain.cc.opt import optimize_module
    m = parse_module("define f128 @f() {\nentry:\n"
                     "  %a = fdiv f128 0xQ3FFF0000000000000000000000000000, 3.0\n"
                     "  %z = fsub f128 0.0, -0.0\n"
                     "  %c = fadd f128 %a, 1.5\n  ret f128 %c\n}\n"
                     "define f80 @g() {\nentry:\n  %a = fdiv f80 1.0, 3.0\n  ret f80 %a\n}\n")
    optimize_module(m, 1, verify=True)
    text = print_module(m)
    assert "ret f128 0xQ3FFFD555555555555555555555555555" in text    # 1/3 + 1.5, two roundings
    assert "fdiv f80" in text                                        # f80: not folded
