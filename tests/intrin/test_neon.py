"""arm_neon.h (issue 22, AArch64): the generated header is what the generator writes, programs
using intrinsics agree with aarch64-linux-gnu-gcc's build under qemu, inline asm operands as
the Neon tests use them, and two of gcc's advsimd-intrinsics tests through the harness."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

TRIPLE = "aarch64-linux-gnu"
QEMU = ["qemu-aarch64", "-L", "/usr/" + TRIPLE]
PYCC = [sys.executable, "-m", "toolchain.cc", "--target=" + TRIPLE]

PROGRAM = r"""
#include <arm_neon.h>
#include <stdio.h>
#include <string.h>
static void p8(const char *s, const void *v, int n)
{ const unsigned char *b = v; printf("%s", s); for (int i = 0; i < n; i++) printf(" %02x", b[i]); printf("\n"); }
int main(void)
{
  int8_t a8[32], b8[32]; uint8_t u8[32]; int16_t a16[8]; int32_t a32[4]; float f[4] = {1.5f, -2.5f, 3.0e9f, -0.0f};
  for (int i = 0; i < 32; i++) { a8[i] = (int8_t)(i * 37 - 100); b8[i] = (int8_t)(i * 53 + 7); u8[i] = (uint8_t)(i * 29); }
  for (int i = 0; i < 8; i++) a16[i] = (int16_t)(i * 9000 - 30000);
  for (int i = 0; i < 4; i++) a32[i] = i * 1000000007;
  int8x8_t x = vld1_s8(a8), y = vld1_s8(b8);
  int8x16_t xq = vld1q_s8(a8), yq = vld1q_s8(b8);
  int8x8_t r; int8x16_t rq; int16x8_t w; int16x4_t h; int32x4_t s; uint8x8_t u; float32x4_t fv = vld1q_f32(f);
  r = vqadd_s8(x, y); p8("vqadd_s8", &r, 8);
  r = vqsub_s8(x, y); p8("vqsub_s8", &r, 8);
  r = vrshl_s8(x, vdup_n_s8(-3)); p8("vrshl_s8", &r, 8);
  r = vqshl_s8(x, vdup_n_s8(2)); p8("vqshl_s8", &r, 8);
  rq = vhaddq_s8(xq, yq); p8("vhaddq_s8", &rq, 16);
  rq = vrhaddq_s8(xq, yq); p8("vrhaddq_s8", &rq, 16);
  w = vmull_s8(x, y); p8("vmull_s8", &w, 16);
  w = vabdl_s8(x, y); p8("vabdl_s8", &w, 16);
  r = vqmovn_s16(vld1q_s16(a16)); p8("vqmovn_s16", &r, 8);
  u = vqmovun_s16(vld1q_s16(a16)); p8("vqmovun_s16", &u, 8);
  r = vqrshrn_n_s16(vld1q_s16(a16), 5); p8("vqrshrn_n_s16", &r, 8);
  h = vqdmulh_s16(vld1_s16(a16), vld1_s16(a16 + 4)); p8("vqdmulh_s16", &h, 8);
  h = vqrdmulh_s16(vld1_s16(a16), vld1_s16(a16 + 4)); p8("vqrdmulh_s16", &h, 8);
  s = vqdmull_s16(vld1_s16(a16), vld1_s16(a16 + 4)); p8("vqdmull_s16", &s, 16);
  s = vld1q_s32(a32); s = vqaddq_s32(s, s); p8("vqaddq_s32", &s, 16);
  u = vtbl2_u8((uint8x8x2_t){{vld1_u8(u8), vld1_u8(u8 + 8)}}, vld1_u8((uint8_t *)b8)); p8("vtbl2_u8", &u, 8);
  u = vcnt_u8(vld1_u8(u8)); p8("vcnt_u8", &u, 8);
  r = vcls_s8(x); p8("vcls_s8", &r, 8);
  int8x8x2_t z = vzip_s8(x, y); p8("vzip_s8", &z, 16);
  int8x8x3_t l3 = vld3_s8(a8); p8("vld3_s8", &l3, 24);
  uint32x4_t c = vcvtq_u32_f32(fv); p8("vcvtq_u32_f32", &c, 16);
  int32x4_t ci = vcvtaq_s32_f32(fv); p8("vcvtaq_s32_f32", &ci, 16);
  float32x4_t e = vrecpeq_f32(fv); p8("vrecpeq_f32", &e, 16);
  e = vrsqrteq_f32(vabsq_f32(fv)); p8("vrsqrteq_f32", &e, 16);
  e = vmaxq_f32(fv, vnegq_f32(fv)); p8("vmaxq_f32", &e, 16);
  uint32x2_t ue = vrecpe_u32(vcreate_u32(0x9abcdef087654321ull)); p8("vrecpe_u32", &ue, 8);
  return 0;
}
"""

ASM = r"""
#include <stdio.h>
typedef union { struct { unsigned a:27; unsigned QC:1; unsigned b:4; } b; unsigned w; } F;
typedef int v4 __attribute__((vector_size(16)));
int main(void)
{
  F f; v4 d = {1, 2, 3, 4};
  asm volatile ("mrs %0,fpsr" : "=r" (f));
  f.b.QC = 1;
  asm volatile ("msr fpsr,%1" : "=X" (d) : "r" (f));
  asm volatile ("mrs %0,fpsr" : "=r" (f));
  printf("%d %d\n", f.b.QC, d[2]);
  return 0;
}
"""


def _need(*tools):
    for t in tools:
        if shutil.which(t) is None:
            pytest.skip(f"{t} not installed")


def _build_run(tmp_path, src, cc, opt):
    c = tmp_path / "t.c"
    c.write_text(src)
    exe = tmp_path / ("g" if cc == "gcc" else "p")
    cmd = [TRIPLE + "-gcc"] if cc == "gcc" else PYCC
    r = subprocess.run([*cmd, opt, str(c), "-o", str(exe), "-lm"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([*QEMU, str(exe)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_header_is_generated():
    from toolchain.arch.aarch64.cc import neon_gen
    assert neon_gen.main(["--check"]) == 0
    assert neon_gen.generate() == neon_gen.generate()


@pytest.mark.parametrize("opt", ["-O0", "-O2"])
def test_intrinsics_match_gcc(tmp_path, opt):
    _need(TRIPLE + "-gcc", "qemu-aarch64")
    ours = _build_run(tmp_path, PROGRAM, "pycc", opt)
    theirs = _build_run(tmp_path, PROGRAM, "gcc", opt)
    for a, b in zip(ours.splitlines(), theirs.splitlines()):
        assert a == b
    assert len(ours.splitlines()) == len(theirs.splitlines()) == 26


def test_asm_aggregate_operands(tmp_path):
    _need("qemu-aarch64")
    assert _build_run(tmp_path, ASM, "pycc", "-O0") == "1 3\n"


def test_asm_operand_prints_x_register(tmp_path):
    c = tmp_path / "a.c"
    c.write_text('int f(void){ int x; asm volatile ("mrs %0,fpsr" : "=r" (x)); return x; }\n')
    r = subprocess.run([*PYCC, "-S", str(c), "-o", "-"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "mrs\tx0,fpsr" in r.stdout or "mrs x0,fpsr" in r.stdout


@pytest.mark.parametrize("name", ["vqrshl.c", "vldX.c"])
def test_gcc_advsimd_sample(tmp_path, name):
    _need(TRIPLE + "-gcc", "qemu-aarch64")
    from tests.harness import sources
    from tests.intrin import advsimd
    try:
        root = advsimd.advsimd_dir()
    except sources.SourceMissing as e:
        pytest.skip(str(e))
    if not os.path.isdir(root):
        pytest.skip("advsimd-intrinsics sources missing")
    opts, why = advsimd.test_spec(os.path.join(root, name))
    assert why is None
    g, p, reason = advsimd.one(os.path.join(root, name), opts, "-O0", str(tmp_path))
    assert g and p, reason


ABI_CALLER = r"""
#include <arm_neon.h>
int8x8_t f1(int8x8_t a, int8x8_t b);
float32x4_t f2(float32x4_t a, float d, float32x4_t b);
int8x16x3_t f3(int8x16x3_t a, int x);
uint16x4x2_t f4(int a, uint16x4x2_t b, uint16x4x4_t c);
float64x1_t f5(float64x1_t a, int64x1_t b);
int main(void) {
  int8x8_t r = f1(vdup_n_s8(3), vdup_n_s8(4)); if (r[5] != 7) return 1;
  float32x4_t q = f2(vdupq_n_f32(1.5f), 2.0f, vdupq_n_f32(3.0f)); if (q[3] != 6.0f) return 2;
  int8x16x3_t t; for (int i = 0; i < 3; i++) t.val[i] = vdupq_n_s8(i + 1);
  t = f3(t, 10); if (t.val[2][15] != 13 || t.val[0][0] != 11) return 3;
  uint16x4x2_t b = {{vdup_n_u16(1), vdup_n_u16(2)}};
  uint16x4x4_t c = {{vdup_n_u16(3), vdup_n_u16(4), vdup_n_u16(5), vdup_n_u16(6)}};
  b = f4(100, b, c); if (b.val[0][0] != 104 || b.val[1][3] != 108) return 4;
  float64x1_t d = f5(vdup_n_f64(2.5), vdup_n_s64(4)); if (d[0] != 6.5) return 5;
  return 0;
}
"""
ABI_CALLEE = r"""
#include <arm_neon.h>
int8x8_t f1(int8x8_t a, int8x8_t b) { return vadd_s8(a, b); }
float32x4_t f2(float32x4_t a, float d, float32x4_t b) { return vaddq_f32(vmulq_n_f32(a, d), b); }
int8x16x3_t f3(int8x16x3_t a, int x)
{ for (int i = 0; i < 3; i++) a.val[i] = vaddq_s8(a.val[i], vdupq_n_s8(x)); return a; }
uint16x4x2_t f4(int a, uint16x4x2_t b, uint16x4x4_t c)
{
  b.val[0] = vadd_u16(vadd_u16(b.val[0], c.val[0]), vdup_n_u16(a));
  b.val[1] = vadd_u16(vadd_u16(b.val[1], c.val[3]), vdup_n_u16(a));
  return b;
}
float64x1_t f5(float64x1_t a, int64x1_t b) { return vadd_f64(a, vcvt_f64_s64(b)); }
"""


@pytest.mark.parametrize("mix", ["pycc-gcc", "gcc-pycc"])
def test_vector_abi_with_gcc_objects(tmp_path, mix):
    """Neon vectors and their tuple structs (HVAs) pass and return in V registers as gcc's."""
    _need(TRIPLE + "-gcc", "qemu-aarch64")
    objs = []
    for src, who in zip((ABI_CALLER, ABI_CALLEE), mix.split("-")):
        c = tmp_path / f"{len(objs)}.c"
        c.write_text(src)
        o = tmp_path / f"{len(objs)}.o"
        cmd = [TRIPLE + "-gcc"] if who == "gcc" else PYCC
        r = subprocess.run([*cmd, "-O2", "-c", str(c), "-o", str(o)], capture_output=True,
                           text=True)
        assert r.returncode == 0, r.stderr
        objs.append(str(o))
    exe = tmp_path / "ab"
    r = subprocess.run([*PYCC, *objs, "-o", str(exe)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert subprocess.run([*QEMU, str(exe)], timeout=60).returncode == 0
