"""Signalling NaN constants (issue 22): ``__builtin_nans``/``nansf``/``nansl`` and the payloads
of ``__builtin_nan*`` keep gcc's exact bits (quiet bit clear, payload from the string) through
constant folding at -O2, static data, the IR text and the object writer, on all three targets
(the programs print the bits; compared with gcc's build)."""
from __future__ import annotations


import pytest

from tests.intrin.cross import cross_outputs
from tests.intrin.test_intrin import _compare
from toolchain.cc.ir import types as T
from toolchain.cc.ir.core import Const
from toolchain.cc.ir.floats import XFloat, nan_bits, pack, unpack
from toolchain.cc.opt.constfold import fold_cast

PROG = r"""
#include <stdio.h>
#include <string.h>
#include <math.h>
#include <float.h>
typedef unsigned int u32; typedef unsigned long long u64;
static u32 fb(float f){u32 u;memcpy(&u,&f,4);return u;}
static u64 db(double d){u64 u;memcpy(&u,&d,8);return u;}
__attribute__((noinline)) static u32 fbn(float f){u32 u;memcpy(&u,&f,4);return u;}
__attribute__((noinline)) static u64 dbn(double d){u64 u;memcpy(&u,&d,8);return u;}
static void pl(const char*n,long double d){unsigned char b[16]={0};memcpy(b,&d,sizeof d);int top=LDBL_MANT_DIG==64?9:(int)sizeof d-1;printf("%s ",n);for(int i=top;i>=0;i--)printf("%02x",b[i]);printf("\n");}
double gd = __builtin_nans("");
float gf = __builtin_nansf("");
float gfa[3] = {1.0f, __builtin_nansf("0x5"), -__builtin_nansf("")};
static const float cf = __builtin_nansf("0x123");
static const double cd = __builtin_nans("0x456");
long double gl = __builtin_nansl("");
struct S { float f; double d; } gs = { __builtin_nansf(""), __builtin_nans("7") };
union U { float f; u32 u; };
int main(void){
  volatile float vf = __builtin_nansf("");
  volatile double vd = __builtin_nans("");
  union U un; un.f = __builtin_nansf("3");
  printf("%08x %016llx\n", fb(__builtin_nansf("")), db(__builtin_nans("")));
  printf("%08x %016llx\n", fbn(__builtin_nansf("")), dbn(__builtin_nans("")));
  printf("%08x %016llx\n", fb(-__builtin_nansf("")), db(-__builtin_nans("")));
  printf("%08x %016llx\n", fb(__builtin_fabsf(-__builtin_nansf("1"))), db(fabs(-__builtin_nans("1"))));
  printf("%08x %016llx\n", fb(__builtin_copysignf(__builtin_nansf("2"), -1.0f)), db(__builtin_copysign(__builtin_nans("2"), -1.0)));
  printf("%08x %016llx\n", fb(gf), db(gd));
  printf("%08x %08x %08x\n", fb(gfa[0]), fb(gfa[1]), fb(gfa[2]));
  printf("%08x %016llx\n", fb(cf), db(cd));
  printf("%08x %016llx\n", fb(gs.f), db(gs.d));
  printf("%08x %016llx\n", fbn(vf), dbn(vd));
  printf("%08x\n", un.u);
  printf("%08x %016llx\n", fb(__builtin_nanf("0x12")), db(__builtin_nan("0x34")));
  float x = __builtin_nansf("");
  printf("isnan %d %d %d\n", x != x, __builtin_isnan(__builtin_nans("")), __builtin_isnan(cf));
  pl("gl", gl); pl("nansl", __builtin_nansl("0x9"));
  u32 bits = 0x7fa00001; float z; memcpy(&z, &bits, 4); printf("%08x\n", fb(z));
  return 0;
}
"""


@pytest.mark.parametrize("level", ["-O0", "-O2"])
def test_nans_bits_match_gcc(tmp_path, level):
    _compare(tmp_path, PROG, ["-lm"], level)


@pytest.mark.parametrize("arch", ["aarch64", "riscv64"])
def test_nans_bits_match_gcc_cross(tmp_path, arch):
    want, got = cross_outputs(tmp_path, arch, PROG, ["-O0", "-lm"], ["-O2", "-lm"])
    assert got == want


# gcc 12's folded constants on x86-64 (printed bits): (string, format, signalling, bits)
GCC_NANS = [("", "binary64", True, 0x7FF4000000000000), ("1", "binary64", True, 0x7FF0000000000001),
            ("0x12", "binary64", True, 0x7FF0000000000012), ("010", "binary64", True, 0x7FF0000000000008),
            ("0x1fffffffffffff", "binary64", True, 0x7FF7FFFFFFFFFFFF),
            ("5", "binary64", False, 0x7FF8000000000005), ("", "binary32", True, 0x7FA00000),
            ("0x400000", "binary32", True, 0x7FA00000), ("0x7fffff", "binary32", True, 0x7FBFFFFF),
            ("7", "binary32", False, 0x7FC00007), ("", "x87", True, 0x7FFFA000000000000000),
            ("3", "x87", True, 0x7FFF8000000000000003), ("", "binary128", True, 0x7FFF4 << 108),
            ("abc", "binary64", False, 0x7FF8000000000000)]


@pytest.mark.parametrize("text,fmt,signalling,bits", GCC_NANS)
def test_nan_bits_as_gcc_folds_them(text, fmt, signalling, bits):
    assert nan_bits(text, fmt, signalling) == bits


def test_exact_nan_constants_survive_ir_and_folding():
    s = XFloat(0x7FA00001, "binary32")
    c = Const(T.F32, s)
    assert pack(c.value, "binary32") == (0x7FA00001).to_bytes(4, "little")
    assert pack(Const(T.F32, -s).value, "binary32") == (0xFFA00001).to_bytes(4, "little")
    assert fold_cast("bitcast", T.F32, T.I32, c.value) == 0x7FA00001
    v = fold_cast("bitcast", T.I32, T.F32, 0x7FA00001)
    assert pack(Const(T.F32, v).value, "binary32") == (0x7FA00001).to_bytes(4, "little")
    assert fold_cast("fpext", T.F32, T.F64, c.value) is None     # quieted at run time
    d = Const(T.F64, XFloat(0x7FF4000000000001, "binary64"))
    assert pack(d.value, "binary64") == (0x7FF4000000000001).to_bytes(8, "little")
    assert pack(unpack((0x7F800001).to_bytes(4, "little"), "binary32"), "binary32") \
        == (0x7F800001).to_bytes(4, "little")
    # the IR text keeps the bits (0xN + the encoding)
    from toolchain.cc.ir.parser import parse_module
    from toolchain.cc.ir.printer import fmt_module
    m = parse_module("define f32 @f() {\nentry:\n  ret f32 0xN7FA00001\n}\n")
    assert "ret f32 0xN7FA00001" in fmt_module(m)
