"""AVX-512F intrinsics (issue 22): the generated avx512fintrin.h against gcc's build of the
same programs (special values: NaN, infinities, zeros, denormals, out-of-range conversions),
and the generator's output being the committed header."""
from __future__ import annotations

import os

import pytest

from tests.intrin.test_intrin import FLAGS, _compare
from toolchain.arch.x86_64.cc import avx512_gen

HAVE_AVX512F = " avx512f" in FLAGS

PROG = r"""
#include <stdio.h>
#include <string.h>
#include <immintrin.h>
static void si(const char *n, __m512i v)
{ unsigned int b[16]; memcpy(b, &v, 64); printf("%s", n);
  for (int i = 0; i < 16; i++) printf(" %x", b[i]); printf("\n"); }
static void s256(const char *n, __m256i v) { si(n, _mm512_castsi256_si512(v)); }
static void s128(const char *n, __m128i v) { si(n, _mm512_castsi128_si512(v)); }
#define SP(n, v) si(n, _mm512_castps_si512(v))
#define SD(n, v) si(n, _mm512_castpd_si512(v))
#define SS(n, v) s128(n, _mm_castps_si128(v))
#define SSD(n, v) s128(n, _mm_castpd_si128(v))
int main(void) {
  float nan = __builtin_nanf(""), inf = __builtin_inff();
  __m512 f = _mm512_setr_ps(1.5f, -2.5f, 0.0f, -0.0f, inf, -inf, nan, 3e38f,
                            1e-40f, -7.75f, 100.0f, 0.3f, 4294967040.0f, -1.0f, 2.5f, 1.0f);
  __m512 g = _mm512_setr_ps(2.0f, -3.0f, -0.0f, 0.0f, 1.0f, inf, 1.0f, -1.0f,
                            1.0f, 2.9f, -1.5f, 0.3f, 1.0f, -inf, nan, 0.5f);
  __m512d d = _mm512_setr_pd(1.5, -2.5, 0.0, -__builtin_inf(), __builtin_nan(""), 1e-310,
                             3.75, -1e10);
  __m512d e = _mm512_setr_pd(2.0, 1.0, -0.0, 1.0, 1.0, 3.0, -2.5, 64.0);
  __m512i a = _mm512_setr_epi32(1, -2, 3, -4, 0x7fffffff, (int)0x80000000, 300, -300,
                                70000, -70000, 0, 255, 256, -129, 128, 65535);
  __m512i b = _mm512_setr_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
  __m512i q = _mm512_setr_epi64(5, -6, 0x7fffffffffffLL, -1, 1LL << 40, 9, -300, 65536);
  __mmask16 m = 0xa5c3;
  __mmask8 m8 = 0x6b;
  SP("add", _mm512_mask_add_ps(f, m, f, g));
  SP("maxz", _mm512_maskz_max_ps(m, f, g));
  SP("min", _mm512_min_ps(f, g));
  SD("divz", _mm512_maskz_div_pd(m8, d, e));
  SP("fmadd3", _mm512_mask3_fmadd_ps(f, g, f, m));
  SD("fmsubadd", _mm512_fmsubadd_pd(d, e, d));
  SP("getexp", _mm512_getexp_ps(f));
  SD("getmant", _mm512_getmant_pd(d, _MM_MANT_NORM_p75_1p5, _MM_MANT_SIGN_zero));
  SP("getmant", _mm512_mask_getmant_ps(g, m, f, _MM_MANT_NORM_1_2, _MM_MANT_SIGN_src));
  SD("scalef", _mm512_scalef_pd(d, e));
  SP("scalef", _mm512_scalef_ps(f, g));
  SP("rndscale", _mm512_roundscale_ps(f, _MM_FROUND_TO_NEG_INF | (2 << 4)));
  SD("rndscale", _mm512_roundscale_pd(d, _MM_FROUND_TO_POS_INF));
  SP("fixup", _mm512_fixupimm_ps(f, g, _mm512_set1_epi32(0x87654321), 0));
  SD("fixup", _mm512_maskz_fixupimm_pd(m8, d, e, _mm512_set1_epi64(0xfedcba9876543210LL), 0));
  printf("cmp %x %x %x %x\n", _mm512_cmp_ps_mask(f, g, _CMP_NLT_UQ),
         _mm512_cmp_ps_mask(f, g, _CMP_GE_OS), _mm512_mask_cmp_pd_mask(m8, d, e, _CMP_UNORD_Q),
         _mm512_cmpneq_ps_mask(f, g));
  printf("icmp %x %x %x %x\n", _mm512_cmp_epi32_mask(a, b, _MM_CMPINT_LE),
         _mm512_cmpgt_epu32_mask(a, b), _mm512_mask_cmplt_epi64_mask(m8, q, _mm512_set1_epi64(9)),
         _mm512_test_epi32_mask(a, b));
  si("cvtps", _mm512_cvtps_epi32(f));
  si("cvttps_u", _mm512_cvttps_epu32(f));
  s256("cvtpd_u", _mm512_cvtpd_epu32(d));
  s128("cvtsdb", _mm512_cvtsepi32_epi8(a));
  s128("cvtusdb", _mm512_mask_cvtusepi32_epi8(_mm_set1_epi8(7), m, a));
  s256("cvtsqd", _mm512_cvtsepi64_epi32(q));
  s128("cvtqw", _mm512_maskz_cvtepi64_epi16(m8, q));
  si("cvtbd", _mm512_cvtepi8_epi32(_mm_setr_epi8(1, -1, 127, -128, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)));
  SP("cvtudq", _mm512_cvtepu32_ps(a));
  s256("cvtph", _mm512_cvtps_ph(f, 0));
  si("permx2", _mm512_permutex2var_epi32(a, _mm512_setr_epi32(0, 17, 2, 19, 31, 5, 16, 7, 8, 25, 10, 27, 12, 29, 14, 15), b));
  si("permxv", _mm512_maskz_permutexvar_epi32(m, b, a));
  SD("permx", _mm512_permutex_pd(d, 0x1b));
  SP("permil", _mm512_permute_ps(f, 0x4e));
  SP("shuf", _mm512_shuffle_ps(f, g, 0xd8));
  SD("shufpd", _mm512_shuffle_pd(d, e, 0x5a));
  si("shufi", _mm512_shuffle_i32x4(a, b, 0x4e));
  si("alignr", _mm512_alignr_epi32(a, b, 5));
  si("unpack", _mm512_unpackhi_epi32(a, b));
  si("ternlog", _mm512_mask_ternarylogic_epi32(a, m, b, q, 0xca));
  si("compress", _mm512_mask_compress_epi32(b, m, a));
  si("expand", _mm512_maskz_expand_epi32(m, a));
  si("rolv", _mm512_rolv_epi32(a, b));
  si("sra", _mm512_sra_epi64(q, _mm_set_epi64x(0, 3)));
  si("srav", _mm512_srav_epi32(a, b));
  si("abs", _mm512_abs_epi64(q));
  si("mul", _mm512_mul_epi32(a, b));
  si("ins", _mm512_inserti32x4(a, _mm_set1_epi32(9), 2));
  s128("ext", _mm512_mask_extracti32x4_epi32(_mm_set1_epi32(-1), 5, a, 3));
  int idx[16]; for (int i = 0; i < 16; i++) idx[i] = (i * 7) % 16;
  int mem[16]; for (int i = 0; i < 16; i++) mem[i] = 100 + i;
  si("gather", _mm512_mask_i32gather_epi32(b, m, _mm512_loadu_si512(idx), mem, 4));
  _mm512_mask_i32scatter_epi32(mem, m, _mm512_loadu_si512(idx), a, 4);
  si("scatter", _mm512_loadu_si512(mem));
  _mm512_mask_compressstoreu_epi32(mem, m, b);
  si("cstore", _mm512_loadu_si512(mem));
  printf("reduce %d %d %lld %g %g\n", _mm512_reduce_add_epi32(a), _mm512_mask_reduce_max_epi32(m, a),
         _mm512_reduce_min_epi64(q), _mm512_reduce_mul_ps(_mm512_set1_ps(1.25f)),
         _mm512_mask_reduce_min_pd(m8, e));
  printf("kmask %x %x %x %d\n", _mm512_kunpackb(m, 0x12), _kshiftli_mask16(m, 3),
         _mm512_kxnor(m, 0x0ff0), _mm512_kortestz(m, 0));
  __m128 x = _mm_set_ps(4, 3, 2, 1.5f), y = _mm_set_ps(8, 7, 6, 0.3f);
  __m128d xd = _mm_set_pd(4, 1.0 / 3), yd = _mm_set_pd(8, 3.0);
  SS("add_rz", _mm_add_round_ss(x, y, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC));
  SS("add_ru", _mm_maskz_add_round_ss(1, x, y, _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC));
  SSD("div_rd", _mm_mask_div_round_sd(yd, 1, xd, yd, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC));
  SSD("div_ru", _mm_div_round_sd(xd, yd, _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC));
  SSD("fmadd_sd", _mm_mask3_fmadd_sd(xd, yd, xd, 1));
  SS("getexp_ss", _mm_getexp_ss(x, y));
  SSD("rndscale_sd", _mm_roundscale_sd(xd, yd, 0x13));
  SSD("fixup_sd", _mm_fixupimm_sd(xd, yd, _mm_set1_epi64x(0x55555555), 0));
  SS("fixup_ss", _mm_maskz_fixupimm_ss(0, x, y, _mm_set1_epi32(0x11111111), 0));
  printf("cvt %u %llu %d %u\n", _mm_cvtss_u32(_mm_set_ss(-0.4f)), _mm_cvttsd_u64(_mm_set_sd(1e19)),
         _mm_cvttss_i32(_mm_set_ss(3e9f)), _mm_cvtsd_u32(_mm_set_sd(2.5)));
  printf("scmp %d %d\n", _mm_cmp_sd_mask(xd, yd, _CMP_LT_OQ), _mm_comi_round_ss(x, y, _CMP_GT_OS, 8));
  SP("div_ru", _mm512_maskz_div_round_ps(0x5, _mm512_set1_ps(1.0f), _mm512_set1_ps(3.0f),
                                         _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC));
  SP("fmadd_rz", _mm512_mask_fmadd_round_ps(f, m, g, g, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC));
  s256("cvt_ru", _mm512_cvt_roundpd_epi32(d, _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC));
  return 0;
}
"""


@pytest.mark.parametrize("level", ["-O0", "-O2"])
def test_avx512f_program_matches_gcc(tmp_path, level):
    if not HAVE_AVX512F:
        pytest.skip("cpu lacks AVX-512F")
    _compare(tmp_path, PROG, ["-mavx512f"], level)


def test_header_is_generated():
    with open(avx512_gen.OUT) as f:
        assert f.read() == avx512_gen.generate(), \
            "run python -m toolchain.arch.x86_64.cc.avx512_gen"


def test_every_masked_form_has_its_plain_form():
    names = avx512_gen.generate_names()
    assert len(names) > 1000
    for n in names:
        for tag in ("_mask_", "_maskz_", "_mask3_"):
            if n.startswith("_mm512" + tag) and not n.endswith(("_mask", "storeu_epi8",
                                                                 "storeu_epi16",
                                                                 "storeu_epi32")):
                plain = n.replace(tag, "_", 1)
                if not any(w in n for w in ("blend", "load", "store", "compress", "expand",
                                            "mov", "gather", "scatter", "set1", "reduce")):
                    assert plain in names, n


def test_avx512_intrinsics_without_the_flag_are_declared(tmp_path):
    """As gcc (by its target pragmas), the intrinsics exist whatever -m flags are given, so a
    function with __attribute__((target("avx512f"))) can use them in a baseline file."""
    src = tmp_path / "t.c"
    src.write_text("#include <immintrin.h>\n"
                   "__attribute__((target(\"avx512f\"))) int f(__m512i a)\n"
                   "{ return _mm512_reduce_add_epi32(_mm512_mask_add_epi32(a, 3, a, a)); }\n")
    import subprocess
    from tests.intrin.test_intrin import ENV, PYCC
    r = subprocess.run([*PYCC, "-Werror=implicit-function-declaration", "-c", str(src), "-o",
                        str(tmp_path / "t.o")], capture_output=True, text=True, env=ENV)
    assert r.returncode == 0, r.stderr
    assert os.path.getsize(tmp_path / "t.o") > 0


def test_intrinsic_header_streams_without_fallback(tmp_path):
    """immintrin.h defines ~1,400 static inline functions, nearly all unused: using one of
    the first after the others must not make the streaming pipeline give up and compile the
    unit a second time (toolchain/cc/stream.py counts only other functions in its window)."""
    import subprocess
    from tests.intrin.test_intrin import ENV
    import sys
    src = tmp_path / "t.c"
    src.write_text("#include <immintrin.h>\n"
                   "int f(void) { return _mm_cvtsi128_si32(_mm_set1_epi32(3)); }\n"
                   "__m256i g(__m256i a) { return _mm256_add_epi32(a, a); }\n")
    code = ("import sys, toolchain.cc.pipeline as p\np.STREAM_TRACE = True\n"
            "from toolchain.cc.main import main\nsys.exit(main())\n")
    r = subprocess.run([sys.executable, "-c", code, "-O0", "-mavx2", "-c", str(src), "-o",
                        str(tmp_path / "t.o")], capture_output=True, text=True, env=ENV)
    assert r.returncode == 0, r.stderr
    assert "not streamed" not in r.stderr, r.stderr


KASM = r"""
#include <stdio.h>
#include <immintrin.h>
int main(void) {
  __mmask16 a, b, c;
  unsigned char m8 = 0x5a;
  __asm__("kmovw %1, %0" : "=k"(a) : "r"(0x0fff));
  __asm__("kmovw %1, %0" : "=k"(b) : "r"(0x0f0f));
  __asm__("kandw %1, %2, %0" : "=k"(c) : "k"(a), "k"(b));
  __asm__("knotw %0, %0" : "+k"(c));
  __asm__("korw %1, %0, %0" : "+k"(a) : "k"(m8));
  __m512i r = _mm512_maskz_mov_epi32(c, _mm512_set1_epi32(7));
  printf("%x %x %x %d %d\n", a, b, c, ((__v16si)r)[0], ((__v16si)r)[15]);
  return 0;
}
"""


@pytest.mark.parametrize("level", ["-O0", "-O2"])
def test_mask_register_asm_operands(tmp_path, level):
    if not HAVE_AVX512F:
        pytest.skip("cpu lacks AVX-512F")
    _compare(tmp_path, KASM, ["-mavx512f"], level)


VCMP = r"""
#include <stdio.h>
typedef float v4sf __attribute__((vector_size(16)));
typedef int v4si __attribute__((vector_size(16)));
typedef long double v4xf __attribute__((vector_size(4 * sizeof(long double))));
typedef __int128 v4ti __attribute__((vector_size(4 * sizeof(__int128))));
int main(void) {
  v4sf a = {1.5f, -2.0f, 0.25f, 0.0f};
  v4si r = a < 0.5f, s = 1.0f >= a;
  v4xf x = {5.0L, 0.0L, -0.0L, -17.0L};
  v4ti t = x == 0;
  printf("%d %d %d %d %d %d %d %d\n", r[0], r[1], r[2], r[3], s[0], s[1], s[2], s[3]);
  printf("%d %d %d %d\n", (int)t[0], (int)t[1], (int)t[2], (int)t[3]);
  return 0;
}
"""


@pytest.mark.parametrize("level", ["-O0", "-O2"])
def test_vector_scalar_comparisons_match_gcc(tmp_path, level):
    """A scalar compared with a float vector converts to the vector's element type (it was
    converted to the integer result element: an int compared as a float); a long double
    vector compares into __int128 elements (gcc's avx512f-pr91157)."""
    _compare(tmp_path, VCMP, [], level)


VASM = r"""
#include <stdio.h>
#include <immintrin.h>
int main(void) {
  __m128i a = _mm_set1_epi32(3), b = _mm_set1_epi32(4), r;
  __asm__("paddd %1, %0" : "=x"(r) : "x"(a), "0"(b));
  __m256i y = _mm256_set1_epi32(5);
  __asm__("vpaddd %0, %0, %0" : "+x"(y));
  __m512i z = _mm512_set1_epi32(6), w;
  __mmask16 m = 0x00ff;
  __asm__("vpaddd %1, %1, %0 %{%2%}%{z%}" : "=v"(w) : "v"(z), "Yk"(m));
  printf("%d %d %d %d\n", _mm_cvtsi128_si32(r), _mm256_extract_epi32(y, 7),
         ((__v16si)w)[7], ((__v16si)w)[8]);
  return 0;
}
"""


@pytest.mark.parametrize("level", ["-O0", "-O2"])
def test_vector_register_asm_operands(tmp_path, level):
    """GNU vectors as "x"/"v" asm operands (in, out, "+", tied "0") in %xmm/%ymm/%zmm, and
    the %{ %} escapes (gcc's avx512f-inline-asm)."""
    if not HAVE_AVX512F:
        pytest.skip("cpu lacks AVX-512F")
    _compare(tmp_path, VASM, ["-mavx512f"], level)
