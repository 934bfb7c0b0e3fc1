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


def _build_run(tmp_path, src, cc, opt, *flags):
    c = tmp_path / "t.c"
    c.write_text(src)
    exe = tmp_path / ("g" if cc == "gcc" else "p")
    cmd = [TRIPLE + "-gcc"] if cc == "gcc" else PYCC
    r = subprocess.run([*cmd, opt, *flags, str(c), "-o", str(exe), "-lm"], capture_output=True,
                       text=True)
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
    _run_mixed(tmp_path, (ABI_CALLER, ABI_CALLEE), mix, "-O2")


def _run_mixed(tmp_path, sources, mix, opt):
    """Compile each source by the compiler ``mix`` names for it ("pycc-gcc"...), link, run."""
    _need(TRIPLE + "-gcc", "qemu-aarch64")
    objs = []
    for src, who in zip(sources, mix.split("-")):
        c = tmp_path / f"{len(objs)}.c"
        c.write_text(src)
        o = tmp_path / f"{len(objs)}.o"
        cmd = [TRIPLE + "-gcc"] if who == "gcc" else PYCC
        r = subprocess.run([*cmd, opt, "-c", str(c), "-o", str(o)], capture_output=True,
                           text=True)
        assert r.returncode == 0, r.stderr
        objs.append(str(o))
    exe = tmp_path / "ab"
    r = subprocess.run([*PYCC, *objs, "-o", str(exe)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert subprocess.run([*QEMU, str(exe)], timeout=60).returncode == 0


# -- __fp16 / _Float16 (IEEE binary16 scalars) ---------------------------------------------------

FP16 = r"""
#include <stdio.h>
#include <stdarg.h>
#include <string.h>
__fp16 g = 1.1;
_Float16 h = 2.25f16;
__fp16 arr[5] = {1.0, -2.5, 65504.0, 1e-7, 65520.0};
struct S { __fp16 a, b, c; } gs = {1, 2, 3};
static unsigned hb(__fp16 x) { unsigned short b; memcpy(&b, &x, 2); return b; }
static unsigned fb(_Float16 x) { unsigned short b; memcpy(&b, &x, 2); return b; }
__attribute__((noinline)) float f(__fp16 *p) { return *p + 1; }
__attribute__((noinline)) _Float16 fma_like(_Float16 x, _Float16 y) { return x * y + x; }
__attribute__((noinline)) _Float16 steps(_Float16 x, _Float16 y, _Float16 z) { _Float16 t = x * y; return t - z; }
__attribute__((noinline)) __fp16 ret(__fp16 a) { return a; }
__attribute__((noinline)) struct S pass(struct S s, __fp16 k) { s.a += k; s.c = s.a * s.b; return s; }
__attribute__((noinline)) double vsum(int n, ...)
{ va_list ap; va_start(ap, n); double t = 0; for (int i = 0; i < n; i++) t += va_arg(ap, double); va_end(ap); return t; }
__attribute__((noinline)) unsigned vhalf(int n, ...)
{ va_list ap; va_start(ap, n); _Float16 x = va_arg(ap, _Float16); va_end(ap); return fb(x); }
int main(void)
{
  __fp16 x = 3.0, q = 0.1;
  printf("%g %g %g %g %x\n", f(&x), (double)fma_like(h, h), (double)ret(g), (double)g, hb(q));
  for (int i = 0; i < 5; i++) printf("%a ", (double)arr[i]);
  struct S r = pass(gs, x);
  printf("\n%g %g %g %g\n", (float)r.a, (float)r.b, (float)r.c, vsum(3, g, x, arr[1]));
  int i = 70000; __fp16 y = i; long l = -3; __fp16 z = l; unsigned u = 7; __fp16 w = u;
  printf("%g %g %g %d %d %u\n", (double)y, (double)z, (double)w, (int)x, x < g, (unsigned)(__fp16)-1.5);
  _Float16 m = -x; __fp16 n = -h, big = 65519.0, bigger = 65520.0, tiny = 2.98e-8, sub = 3e-8;
  printf("%g %g %d %d %x %x %x %x\n", (double)m, (double)n, x > 2, x == 3, hb(big), hb(bigger), hb(tiny), hb(sub));
  _Float16 a = 1.0009765625f16, b = 1.0009765625f16, c = 0.3f16;
  for (int k = 0; k < 6; k++) {
    printf("%04x %04x %04x\n", fb(fma_like(a, b)), fb(steps(a, b, c)), fb(a / c));
    a += 0.0009765625f16 * k; b *= (_Float16)1.0009765625f16; c = -c * (_Float16)1.5;
  }
  printf("%x %x %d\n", vhalf(1, (_Float16)1.5), hb((__fp16)(x / 7)), (int)sizeof((__fp16)1 + (__fp16)1));
  return 0;
}
"""


@pytest.mark.parametrize("opt", ["-O0", "-O2"])
@pytest.mark.parametrize("march", ["armv8-a", "armv8.2-a+fp16"])
def test_fp16_scalars_match_gcc(tmp_path, opt, march):
    """__fp16 (storage only: float arithmetic, double through "...") and _Float16 (evaluated
    in float without +fp16, in half with it), constants, conversions both ways, overflow and
    subnormal rounding, structs of halves (HFA), varargs, as aarch64-linux-gnu-gcc."""
    _need(TRIPLE + "-gcc", "qemu-aarch64")
    flags = ("-march=" + march, "-ffp-contract=off")     # (gcc -O2 fuses x * y - z)
    ours = _build_run(tmp_path, FP16, "pycc", opt, *flags)
    theirs = _build_run(tmp_path, FP16, "gcc", opt, *flags)
    assert ours == theirs


FP16_CALLER = r"""
__fp16 h1(__fp16 a, float b, __fp16 c);
_Float16 h2(_Float16 a, double b);
struct H3 { __fp16 x, y, z; };
struct H3 h3(struct H3 s, int k);
struct M { __fp16 x; short y; };
struct M h4(struct M m);
__fp16 h5(int n, __fp16 a, __fp16 b, __fp16 c, __fp16 d, __fp16 e, __fp16 f, __fp16 g, __fp16 h, __fp16 i);
int main(void) {
  if (h1(1.5, 2.0f, 0.25) != (__fp16)3.75) return 1;
  if (h2(1.5f16, 0.5) != 2.0f16) return 2;
  struct H3 s = {1, 2, 3}; s = h3(s, 4);
  if (s.x != 5 || s.y != 6 || s.z != 7) return 3;
  struct M m = {2.5, 7}; m = h4(m); if (m.x != 3.5 || m.y != 8) return 4;
  if (h5(0, 1, 2, 3, 4, 5, 6, 7, 8, 9) != 45) return 5;
  return 0;
}
"""
FP16_CALLEE = r"""
__fp16 h1(__fp16 a, float b, __fp16 c) { return a + b + c; }
_Float16 h2(_Float16 a, double b) { return a + b; }
struct H3 { __fp16 x, y, z; };
struct H3 h3(struct H3 s, int k) { s.x += k; s.y += k; s.z += k; return s; }
struct M { __fp16 x; short y; };
struct M h4(struct M m) { m.x += 1; m.y += 1; return m; }
__fp16 h5(int n, __fp16 a, __fp16 b, __fp16 c, __fp16 d, __fp16 e, __fp16 f, __fp16 g, __fp16 h, __fp16 i)
{ return n + a + b + c + d + e + f + g + h + i; }
"""


@pytest.mark.parametrize("mix", ["pycc-gcc", "gcc-pycc"])
def test_fp16_abi_with_gcc_objects(tmp_path, mix):
    """Halves pass and return in h registers (the ninth on the stack), a struct of three
    halves is an HFA, a struct of a half and a short goes in an x register: as gcc's."""
    _run_mixed(tmp_path, (FP16_CALLER, FP16_CALLEE), mix, "-O1")


@pytest.mark.parametrize("target", ["x86_64-linux-gnu", "riscv64-linux-gnu"])
def test_fp16_elsewhere_is_a_located_error(tmp_path, target):
    """Where pycc has no half precision: a located error naming the type, never wrong code."""
    c = tmp_path / "h.c"
    c.write_text("float f(float a)\n{\n  _Float16 y = a;\n  return y;\n}\n__fp16 z;\n")
    cmd = [sys.executable, "-m", "toolchain.cc", "--target=" + target, "-c", str(c), "-o",
           str(tmp_path / "h.o")]
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "h.c:6:1:" in r.stderr and "'__fp16'" in r.stderr.replace("‘", "'").replace("’", "'")
    c.write_text("float f(float a)\n{\n  _Float16 y = a;\n  return y;\n}\n")
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 1 and "h.c:3:" in r.stderr and "'_Float16'" in r.stderr


FP16_WIDE = r"""
#include <stdio.h>
__attribute__((noinline)) __fp16 a(long double x) { return x; }
__attribute__((noinline)) long double b(__fp16 x) { return x; }
__attribute__((noinline)) __fp16 c(__int128 x) { return x; }
__attribute__((noinline)) __int128 d(__fp16 x) { return x; }
__attribute__((noinline)) _Float16 e(unsigned __int128 x) { return x; }
__attribute__((noinline)) unsigned __int128 f(_Float16 x) { return x; }
int main(void)
{
  printf("%a %La %g %d %g %d\n", (double)a(1.0009765625L + 1e-10L), b(3.5), (double)c(-1234567),
         (int)d(-77.5), (double)e(65519), (int)f(12.75f16));
  return 0;
}
"""


def test_fp16_with_long_double_and_int128(tmp_path):
    """Halves to and from binary128 long double and __int128 (libgcc routines), as gcc."""
    _need(TRIPLE + "-gcc", "qemu-aarch64")
    assert _build_run(tmp_path, FP16_WIDE, "pycc", "-O0") == \
        _build_run(tmp_path, FP16_WIDE, "gcc", "-O0")


BF16 = r"""
#include <arm_neon.h>
#include <stdio.h>
typedef union { bfloat16_t bf; uint16_t u; } U;
bfloat16_t g[2];
int main(void)
{
  U a, b;
  a.u = 0x3f80;
  bfloat16_t x = a.bf, arr[2] = {a.bf, x};
  g[1] = arr[0];
  bfloat16x4_t v = vld1_dup_bf16 (&g[1]);
  float32x4_t f = vcvt_f32_bf16 (v);
  bfloat16x4_t w = vcvt_bf16_f32 (vdupq_n_f32 (3.14159f));
  b.bf = g[1];
  printf("%x %g %x\n", b.u, f[2], vget_lane_u16 (vreinterpret_u16_bf16 (w), 3));
  return 0;
}
"""


def test_bf16_storage_only(tmp_path):
    """__bf16 values are copied bit for bit; bf16 vectors convert as BFCVT; any arithmetic,
    conversion or by-value passing of a scalar __bf16 is a located error."""
    _need("qemu-aarch64")
    assert _build_run(tmp_path, BF16, "pycc", "-O0", "-march=armv8.2-a+bf16") == "3f80 1 4049\n"
    c = tmp_path / "b.c"
    for src, want in (("bfloat16_t x; float f(void) { return x; }", "conversion from '__bf16'"),
                      ("bfloat16_t x, y; int f(void) { return x == y; }", "storage-only"),
                      ("bfloat16_t f(bfloat16_t a) { return a; }", "calling convention")):
        c.write_text("#include <arm_neon.h>\n" + src + "\n")
        r = subprocess.run([*PYCC, "-c", str(c), "-o", str(tmp_path / "b.o")],
                           capture_output=True, text=True)
        assert r.returncode == 1 and "b.c:2:" in r.stderr and want in r.stderr, r.stderr
