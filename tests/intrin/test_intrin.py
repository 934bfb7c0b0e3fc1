"""x86 intrinsics (issue 22): headers on GNU vector types, __builtin_ia32_* selected to real
SSE/AVX instructions, -m flags and their macros, stack realignment, inline asm details.
Programs are checked against gcc's build of the same source."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from toolchain.arch.x86_64.cc import builtins as xb
from toolchain.arch.x86_64.cc.isa import defines, features
from toolchain.arch.x86_64.cc.isel import att_dialect
from toolchain.cc import types as CT
from toolchain.targets import get_target

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PYCC = [sys.executable, "-m", "toolchain.cc"]
ENV = dict(os.environ, PYTHONPATH=ROOT)
FLAGS = open("/proc/cpuinfo").read() if os.path.exists("/proc/cpuinfo") else ""
HAVE = {f: f" {f}" in FLAGS for f in ("sse4_2", "avx2", "aes", "pclmulqdq", "bmi2", "fma",
                                      "f16c", "ssse3")}

SSE_PROG = r"""
#include <stdio.h>
#include <smmintrin.h>
#include <nmmintrin.h>
static void show(const char *n, __m128i v)
{ unsigned char b[16]; _mm_storeu_si128((__m128i *)b, v); printf("%s", n);
  for (int i = 0; i < 16; i++) printf(" %02x", b[i]); printf("\n"); }
int main(void) {
  __m128i a = _mm_setr_epi8(1, -2, 3, -4, 5, -6, 7, -8, 120, 121, -128, 127, 0, 1, 2, 3);
  __m128i b = _mm_set1_epi8(100);
  show("adds", _mm_adds_epi8(a, b));
  show("subs_epu8", _mm_subs_epu8(a, b));
  show("pshufb", _mm_shuffle_epi8(a, _mm_setr_epi8(15, 14, 13, 12, -1, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)));
  show("pshufd", _mm_shuffle_epi32(a, _MM_SHUFFLE(0, 1, 2, 3)));
  show("unpack", _mm_unpackhi_epi16(a, b));
  show("packs", _mm_packs_epi16(a, _mm_set1_epi16(300)));
  show("madd", _mm_madd_epi16(a, a));
  show("sad", _mm_sad_epu8(a, b));
  show("slli", _mm_slli_epi32(a, 3));
  show("srai", _mm_srai_epi16(a, 20));
  show("bsrli", _mm_srli_si128(a, 5));
  show("alignr", _mm_alignr_epi8(a, b, 7));
  show("blendv", _mm_blendv_epi8(a, b, _mm_cmplt_epi8(a, _mm_setzero_si128())));
  show("cvt", _mm_cvtepi8_epi32(a));
  show("minmax", _mm_max_epi32(_mm_min_epu16(a, b), _mm_set1_epi32(5)));
  show("mul", _mm_mul_epu32(a, b));
  printf("movemask %x %x\n", _mm_movemask_epi8(a), _mm_movemask_ps(_mm_castsi128_ps(a)));
  printf("ptest %d %d\n", _mm_testz_si128(a, b), _mm_testc_si128(a, a));
  printf("crc %x\n", _mm_crc32_u32(_mm_crc32_u8(0xffffffff, 7), 0x12345678));
  printf("cmpistri %d\n", _mm_cmpistri(_mm_setr_epi8('a','b','c',0,0,0,0,0,0,0,0,0,0,0,0,0),
                                       _mm_setr_epi8('x','y','c','z',0,0,0,0,0,0,0,0,0,0,0,0),
                                       _SIDD_CMP_EQUAL_ANY));
  __m128 f = _mm_setr_ps(1.5f, -2.25f, 3.0f, 4.75f);
  __m128 g = _mm_sqrt_ps(_mm_max_ps(f, _mm_set1_ps(0.5f)));
  __m128d d = _mm_cvtps_pd(_mm_round_ps(f, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
  printf("float %.6f %.6f %.2f %.2f %d\n", g[0], g[3], d[0], d[1],
         _mm_movemask_ps(_mm_cmplt_ps(f, _mm_setzero_ps())));
  printf("hadd %.2f dp %.2f cvt %d\n", _mm_hadd_ps(f, f)[1], _mm_dp_ps(f, f, 0xf1)[0],
         _mm_cvtss_si32(f));
  return 0;
}
"""

AVX2_PROG = r"""
#include <stdio.h>
#include <immintrin.h>
__attribute__((target("avx2,fma,bmi2,f16c")))
static void run(void) {
  __m256i a = _mm256_setr_epi32(1, -2, 3, -4, 5, -6, 7, -8);
  __m256i b = _mm256_set1_epi32(0x01020304);
  __m256i c = _mm256_add_epi32(_mm256_shuffle_epi8(b, a), _mm256_permutevar8x32_epi32(a, a));
  c = _mm256_sllv_epi32(c, _mm256_set1_epi32(2));
  c = _mm256_blend_epi32(c, _mm256_abs_epi32(a), 0x5a);
  int out[8]; _mm256_storeu_si256((__m256i *)out, c);
  for (int i = 0; i < 8; i++) printf("%d ", out[i]);
  printf("\nmask %x %x\n", _mm256_movemask_epi8(_mm256_cmpgt_epi32(a, _mm256_setzero_si256())),
         _mm256_movemask_ps(_mm256_castsi256_ps(a)));
  __m256 f = _mm256_fmadd_ps(_mm256_set1_ps(1.5f), _mm256_cvtepi32_ps(a), _mm256_set1_ps(0.25f));
  __m128 h = _mm_add_ps(_mm256_castps256_ps128(f), _mm256_extractf128_ps(f, 1));
  printf("fma %.3f %.3f %.3f\n", f[0], f[7], h[2]);
  printf("bmi2 %x %x half %.3f\n", _pdep_u32(0x5, 0xf0f0), _pext_u32(0x12345678, 0xff00ff),
         _cvtsh_ss(_cvtss_sh(3.14159f, 0)));
  __m256i p = _mm256_permute4x64_epi64(_mm256_unpacklo_epi8(a, b), 0x1b);
  long long q[4]; _mm256_storeu_si256((__m256i *)q, p);
  printf("%llx %llx %d\n", q[0], q[3], _mm256_testz_si256(a, a));
}
int main(void) { run(); return 0; }
"""


def _build_run(tmp, src, cc, name, opts):
    exe = os.path.join(tmp, name)
    r = subprocess.run([*cc, *opts, src, "-o", exe], capture_output=True, text=True, env=ENV,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([exe], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout


def _compare(tmp_path, text, opts, level):
    if shutil.which("gcc") is None:
        pytest.skip("gcc not installed")
    src = tmp_path / "t.c"
    src.write_text(text)
    want = _build_run(str(tmp_path), str(src), ["gcc", "-w"], "g", opts)
    got = _build_run(str(tmp_path), str(src), PYCC, "p", [level, *opts])
    assert got == want


@pytest.mark.parametrize("level", ["-O0", "-O1"])
def test_sse_program_matches_gcc(tmp_path, level):
    if not (HAVE["sse4_2"] and HAVE["ssse3"]):
        pytest.skip("cpu lacks SSE4.2")
    _compare(tmp_path, SSE_PROG, ["-msse4.2"], level)


@pytest.mark.parametrize("level", ["-O0", "-O1"])
def test_avx2_program_matches_gcc(tmp_path, level):
    if not all(HAVE[f] for f in ("avx2", "fma", "bmi2", "f16c")):
        pytest.skip("cpu lacks AVX2/FMA/BMI2/F16C")
    _compare(tmp_path, AVX2_PROG, [], level)   # AVX2 only inside the target("avx2") function


def test_vector_instructions_selected(tmp_path):
    src = tmp_path / "v.c"
    src.write_text("#include <immintrin.h>\n"
                   "int f(__m128i a, __m128i b) { return _mm_movemask_epi8("
                   "_mm_shuffle_epi8(_mm_adds_epu8(a, b), b)); }\n"
                   "__m256i g(__m256i a, __m256i b) { return _mm256_maddubs_epi16(a, b); }\n")
    r = subprocess.run([*PYCC, "-O1", "-S", str(src), "-o", "-"], capture_output=True,
                       text=True, env=ENV)
    assert r.returncode == 0, r.stderr
    for mn in ("paddusb", "pshufb", "pmovmskb", "vpmaddubsw", "%ymm"):
        assert mn in r.stdout, mn


def test_c_equals_s_plus_pyas(tmp_path):
    src = tmp_path / "h.c"
    src.write_text("#include <immintrin.h>\n"
                   "int f(__m128i a) { return _mm_extract_epi16(_mm_crc32_u8(1, 2) + "
                   "_mm_shufflelo_epi16(_mm_hadd_epi16(a, a), 0x1b), 3); }\n"
                   "__m256 g(__m256 a) { return _mm256_blendv_ps(a, _mm256_sqrt_ps(a), a); }\n")
    o1, s, o2 = tmp_path / "a.o", tmp_path / "a.s", tmp_path / "b.o"
    for cmd in ([*PYCC, "-O1", "-c", str(src), "-o", str(o1)],
                [*PYCC, "-O1", "-S", str(src), "-o", str(s)],
                [sys.executable, "-m", "toolchain.asm", str(s), "-o", str(o2)]):
        r = subprocess.run(cmd, capture_output=True, text=True, env=ENV)
        assert r.returncode == 0, r.stderr
    assert o1.read_bytes() == o2.read_bytes()


def test_unknown_target_builtin_is_an_error(tmp_path):
    src = tmp_path / "u.c"
    src.write_text("int f(void) { return __builtin_ia32_no_such_thing(1); }\n")
    r = subprocess.run([*PYCC, "-c", str(src), "-o", str(tmp_path / "u.o")],
                       capture_output=True, text=True, env=ENV)
    assert r.returncode == 1
    assert "u.c:1:" in r.stderr and "__builtin_ia32_no_such_thing" in r.stderr
    assert "Traceback" not in r.stderr


def test_immediate_must_be_constant(tmp_path):
    src = tmp_path / "i.c"
    src.write_text("#include <emmintrin.h>\n"
                   "__m128i f(__m128i a, int n) { return _mm_shuffle_epi32(a, n); }\n")
    r = subprocess.run([*PYCC, "-c", str(src), "-o", str(tmp_path / "i.o")],
                       capture_output=True, text=True, env=ENV)
    assert r.returncode == 1 and "8-bit immediate" in r.stderr, r.stderr


def test_builtin_prototypes():
    tt = CT.TargetTypes(get_target("x86_64-linux-gnu"), False)
    ft = xb.builtin_type("__builtin_ia32_pshufb128", tt)
    assert isinstance(ft, CT.FunctionType) and ft.prototyped
    assert isinstance(ft.ret, CT.VectorType) and ft.ret.size == 16 and len(ft.params) == 2
    assert xb.builtin_type("__builtin_ia32_crc32di", tt).ret is tt.ullong
    assert xb.builtin_type("__builtin_ia32_nothing", tt) is None
    assert len(xb.TABLE) > 300


def test_isa_flags_and_macros():
    assert {"avx2", "avx", "sse4.2", "popcnt", "ssse3"} <= features(["-mavx2"])
    assert "avx2" not in features(["-mavx2", "-mno-avx"])
    assert ("__SSE2__", None) in defines(["-mno-sse2"])
    assert ("__FMA__", "1") in defines(["-march=x86-64-v3"])
    r = subprocess.run([*PYCC, "-mavx2", "-mno-fma", "-dM", "-E", "-"], input="",
                       capture_output=True, text=True, env=ENV)
    assert "#define __AVX2__ 1" in r.stdout and "__FMA__" not in r.stdout
    r = subprocess.run([*PYCC, "-march=nonsense", "-E", "-"], input="", capture_output=True,
                       text=True, env=ENV)
    assert r.returncode == 1 and "-march=" in r.stderr


def test_stack_realigned_for_wide_alignment(tmp_path):
    src = tmp_path / "a.c"
    src.write_text("#include <stdio.h>\n#include <stdint.h>\n#include <immintrin.h>\n"
                   "__attribute__((noinline)) int f(int n) {\n"
                   "  __attribute__((aligned(64))) long long acc[8];\n"
                   "  __m256i v = _mm256_set1_epi32(n); char pad[3]; pad[0] = (char)n;\n"
                   "  for (int i = 0; i < 8; i++) acc[i] = i * n + pad[0];\n"
                   "  return (int)((uintptr_t)acc & 63) + (int)((uintptr_t)&v & 31)"
                   " + (int)acc[7] + _mm256_extract_epi32(v, 5); }\n"
                   "int main(void) { char c[5]; c[0] = 1; printf(\"%d\\n\", f(3) + c[0]); "
                   "return 0; }\n")
    for level in ("-O0", "-O1"):
        out = _build_run(str(tmp_path), str(src), PYCC, "a" + level, [level])
        assert out == "28\n", level


def test_x87_asm_operands(tmp_path):
    src = tmp_path / "x.c"
    src.write_text("#include <stdio.h>\n"
                   "static double rnd(double x) { double r; __asm__(\"frndint\" : \"=t\"(r) : "
                   "\"0\"(x)); return r; }\n"
                   "static float neg(float x) { __asm__(\"fchs\" : \"+t\"(x)); return x; }\n"
                   "int main(void) { printf(\"%.1f %.1f\\n\", rnd(2.75), neg(1.5f)); "
                   "return 0; }\n")
    for level in ("-O0", "-O1"):
        assert _build_run(str(tmp_path), str(src), PYCC, "x" + level, [level]) == "3.0 -1.5\n"


def test_att_dialect_alternatives():
    assert att_dialect("{cpuid|cpuid}") == "cpuid"
    assert att_dialect("mov{l} {%1, %0|%0, %1}") == "movl %1, %0"
    assert att_dialect("%{x%} {a|b}") == "%{x%} a"


def test_harness_reads_dg_directives(tmp_path):
    from tests.intrin.gcc_i386 import test_spec
    p = tmp_path / "t.c"
    p.write_text('/* { dg-do run } */\n/* { dg-require-effective-target sse4 } */\n'
                 '/* { dg-options "-O2 -msse4.1" } */\n')
    assert test_spec(str(p), {"sse4_1"}) == (["-O2", "-msse4.1"], None)
    assert test_spec(str(p), set())[1] == "effective target sse4"
    p.write_text('/* { dg-do run { target ia32 } } */\n')
    assert test_spec(str(p), set())[1].startswith("target selector")


ALIGN_PROG = r"""
#include <stdio.h>
#include <stddef.h>
typedef char v32 __attribute__((vector_size(32)));
typedef int v64 __attribute__((vector_size(64)));
typedef short v16 __attribute__((vector_size(16)));
struct S { char c; v32 a; char d; v64 b; };
int main(void) {
    printf("%d %d %d %d %d %d\n", (int)__alignof__(v16), (int)__alignof__(v32),
           (int)__alignof__(v64), (int)offsetof(struct S, a), (int)offsetof(struct S, b),
           (int)sizeof(struct S));
    return 0;
}
"""


@pytest.mark.parametrize("opts", [[], ["-mavx"], ["-mavx512f"], ["-mavx512f", "-mno-avx"]])
def test_vector_alignment_follows_isa(tmp_path, opts):
    """GNU vectors are aligned to their size whatever the ISA options (gcc's layout, globals
    and __alignof__; only C11 _Alignof is capped by gcc at the ISA's vector width)."""
    _compare(tmp_path, ALIGN_PROG, opts, "-O0")


VEC_CMP_PROG = r"""
#include <stdio.h>
typedef float v4sf __attribute__((vector_size(16)));
typedef double v2df __attribute__((vector_size(16)));
typedef int v4si __attribute__((vector_size(16)));
typedef long long v2di __attribute__((vector_size(16)));
static v4sf fa = {1, 2, 3, 4}, fb = {4, 2, 1, 5};
int main(void) {
    v4si c = fa < fb, e = fa == fb, n = fa != fb;
    v2df x = {1, 2}, y = {2, 2};
    v2di d = x >= y, g = x > y;
    v4si ia = {1, 2, 3, 4}, ib = {4, 2, 1, 5};
    v4si ic = ia <= ib;
    printf("%d %d %d %d %d %d %lld %lld %lld %d %d\n", c[0], c[1], c[2], c[3], e[1], n[1],
           d[0], d[1], g[0], ic[0], ic[2]);
    return 0;
}
"""


@pytest.mark.parametrize("level", ["-O0", "-O2"])
def test_vector_comparisons_match_gcc(tmp_path, level):
    """Comparisons of float vectors give the integer vector of 0/-1 (also when folded at
    -O2: sext of an i1 true is all ones)."""
    _compare(tmp_path, VEC_CMP_PROG, [], level)


VEC_SHIFT_PROG = r"""
#include <stdio.h>
typedef char v16qi __attribute__((vector_size(16)));
typedef unsigned char v16uqi __attribute__((vector_size(16)));
typedef short v8hi __attribute__((vector_size(16)));
int main(void) {
    v16qi a = {1, 2, 3, -100, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    v16uqi b = {200, 1, 2, 3};
    v8hi h = {-3, 7};
    v16qi r = a << 8, s = a >> 8, t = a >> 9, u = a << 7;
    v16uqi q = b >> 8, w = b >> 7;
    v8hi hs = h >> 16, hl = h << 16, hr = h >> 1;
    printf("%d %d %d %d %d %d %d %d %d %d\n", r[0], s[3], t[3], u[1], q[0], w[0], s[0], hs[0],
           hl[1], hr[0]);
    return 0;
}
"""


@pytest.mark.parametrize("level", ["-O0", "-O2"])
def test_narrow_vector_shifts_match_gcc(tmp_path, level):
    """char/short vector elements shift as the int they promote to: a count of the element
    width or more gives 0 or the sign (sse2-shiftqihi-constant-2)."""
    _compare(tmp_path, VEC_SHIFT_PROG, ["-Wno-shift-count-overflow"], level)


CONVERT_PROG = r"""
#include <stdio.h>
typedef float v4sf __attribute__((vector_size(16)));
typedef int v4si __attribute__((vector_size(16)));
typedef double v4df __attribute__((vector_size(32)));
typedef short v4hi __attribute__((vector_size(8)));
typedef unsigned char v4qu __attribute__((vector_size(4)));
int main(void) {
    v4sf a = {1.5f, -2.5f, 3.7f, 4};
    v4si b = __builtin_convertvector(a, v4si);
    v4df d = __builtin_convertvector(b, v4df);
    v4hi h = __builtin_convertvector(b, v4hi);
    v4qu q = __builtin_convertvector((v4si){300, -1, 7, 255}, v4qu);
    printf("%d %d %d %g %d %d %d\n", b[0], b[1], b[2], d[3], h[1], q[0], q[1]);
    return 0;
}
"""


@pytest.mark.parametrize("level", ["-O0", "-O2"])
def test_convertvector_matches_gcc(tmp_path, level):
    _compare(tmp_path, CONVERT_PROG, [], level)


VEC_EXT_PROG = r"""
#include <stdio.h>
typedef float v4sf __attribute__((vector_size(16)));
typedef double v2df __attribute__((vector_size(16)));
int main(void) {
    v4sf a = {1.5f, 2.5f, 3.5f, 4.5f};
    v2df d = {7.25, 8.75};
    printf("%g %g %g %g %g\n", __builtin_ia32_vec_ext_v4sf(a, 0), __builtin_ia32_vec_ext_v4sf(a, 3),
           __builtin_ia32_vec_ext_v4sf(a, 2), __builtin_ia32_vec_ext_v2df(d, 0),
           __builtin_ia32_vec_ext_v2df(d, 1));
    return 0;
}
"""


@pytest.mark.parametrize("level", ["-O0", "-O2"])
def test_float_vec_ext_matches_gcc(tmp_path, level):
    """__builtin_ia32_vec_ext_v4sf/v2df (gcc's sse-11, sse2-vec-1 call them directly)."""
    _compare(tmp_path, VEC_EXT_PROG, [], level)


DPPS_PROG = r"""
#include <stdio.h>
#include <smmintrin.h>
int main(void) {
    __m128 a = _mm_setr_ps(1, 2, 3, 4), b = _mm_setr_ps(5, 6, 7, 8);
    __m128 r = _mm_dp_ps(a, b, 0xF0 | (0x0F & ~0x01));
    __m128 s = _mm_dp_ps(a, b, 0x30 | -(-0x01));
    printf("%g %g %g %g\n", r[0], r[1], s[0], s[1]);
    return 0;
}
"""


def test_immediate_with_not_and_neg_folds_at_O0(tmp_path):
    """An immediate written with ~ or unary - is still a constant at -O0 (sse4_1-dpps-1)."""
    if not HAVE["sse4_2"]:
        pytest.skip("cpu lacks SSE4.1")
    _compare(tmp_path, DPPS_PROG, ["-msse4.1"], "-O0")


def test_roundeven_builtin(tmp_path):
    """__builtin_roundeven{,f,l} are glibc's roundeven (sse4_1-round-roundeven-2)."""
    _compare(tmp_path, '#include <stdio.h>\nint main(void){ volatile double x = 2.5; '
             'volatile float f = 3.5f; printf("%g %g %g\\n", __builtin_roundeven(x), '
             '(double)__builtin_roundevenf(f), (double)__builtin_roundevenl(-2.5L)); '
             'return 0; }\n', ["-Wl,--no-as-needed", "-lm"], "-O0")


PERM_PROG = r"""
#include <stdio.h>
#include <immintrin.h>
int main(void) {
    __m256i a = _mm256_setr_epi32(10, 11, 12, 13, 14, 15, 16, 17);
    __m256i i = _mm256_setr_epi32(7, 0, 5, 5, 2, 9, 1, 3);
    __m256 f = _mm256_setr_ps(0.5f, 1.5f, 2.5f, 3.5f, 4.5f, 5.5f, 6.5f, 7.5f);
    __v8si r = (__v8si)_mm256_permutevar8x32_epi32(a, i);
    __m256 g = _mm256_permutevar8x32_ps(f, i);
    printf("%d %d %d %d %g %g\n", r[0], r[1], r[5], r[7], g[0], g[5]);
    return 0;
}
"""


def test_permutevar8x32_matches_gcc(tmp_path):
    """vpermd/vpermps: the indices are the middle operand (avx2-vpermd-2, avx2-vpermps-2)."""
    if not HAVE["avx2"]:
        pytest.skip("cpu lacks AVX2")
    _compare(tmp_path, PERM_PROG, ["-mavx2"], "-O0")
