/* SSE4.1 and SSE4.2 intrinsics for pycc (Intel Intrinsics Guide), on GNU vector types and
   __builtin_ia32_* (arch/x86_64/cc/builtins.py). */
#ifndef _SMMINTRIN_H_INCLUDED
#define _SMMINTRIN_H_INCLUDED
#include <tmmintrin.h>

#define _MM_FROUND_TO_NEAREST_INT 0x00
#define _MM_FROUND_TO_NEG_INF     0x01
#define _MM_FROUND_TO_POS_INF     0x02
#define _MM_FROUND_TO_ZERO        0x03
#define _MM_FROUND_CUR_DIRECTION  0x04
#define _MM_FROUND_RAISE_EXC      0x00
#define _MM_FROUND_NO_EXC         0x08
#define _MM_FROUND_NINT      (_MM_FROUND_TO_NEAREST_INT | _MM_FROUND_RAISE_EXC)
#define _MM_FROUND_FLOOR     (_MM_FROUND_TO_NEG_INF | _MM_FROUND_RAISE_EXC)
#define _MM_FROUND_CEIL      (_MM_FROUND_TO_POS_INF | _MM_FROUND_RAISE_EXC)
#define _MM_FROUND_TRUNC     (_MM_FROUND_TO_ZERO | _MM_FROUND_RAISE_EXC)
#define _MM_FROUND_RINT      (_MM_FROUND_CUR_DIRECTION | _MM_FROUND_RAISE_EXC)
#define _MM_FROUND_NEARBYINT (_MM_FROUND_CUR_DIRECTION | _MM_FROUND_NO_EXC)

/* tests */
__PYCC_INL int _mm_testz_si128(__m128i __m, __m128i __v) { return __builtin_ia32_ptestz128((__v2di)__m, (__v2di)__v); }
__PYCC_INL int _mm_testc_si128(__m128i __m, __m128i __v) { return __builtin_ia32_ptestc128((__v2di)__m, (__v2di)__v); }
__PYCC_INL int _mm_testnzc_si128(__m128i __m, __m128i __v) { return __builtin_ia32_ptestnzc128((__v2di)__m, (__v2di)__v); }
#define _mm_test_all_zeros(M, V) _mm_testz_si128((M), (V))
#define _mm_test_all_ones(V) _mm_testc_si128((V), _mm_cmpeq_epi32((V), (V)))
#define _mm_test_mix_ones_zeros(M, V) _mm_testnzc_si128((M), (V))

/* rounding */
#define _mm_round_pd(V, M) ((__m128d)__builtin_ia32_roundpd((__v2df)(__m128d)(V), (int)(M)))
#define _mm_round_sd(D, V, M) \
  ((__m128d)__builtin_ia32_roundsd((__v2df)(__m128d)(D), (__v2df)(__m128d)(V), (int)(M)))
#define _mm_round_ps(V, M) ((__m128)__builtin_ia32_roundps((__v4sf)(__m128)(V), (int)(M)))
#define _mm_round_ss(D, V, M) \
  ((__m128)__builtin_ia32_roundss((__v4sf)(__m128)(D), (__v4sf)(__m128)(V), (int)(M)))
#define _mm_ceil_pd(V) _mm_round_pd((V), _MM_FROUND_CEIL)
#define _mm_ceil_sd(D, V) _mm_round_sd((D), (V), _MM_FROUND_CEIL)
#define _mm_floor_pd(V) _mm_round_pd((V), _MM_FROUND_FLOOR)
#define _mm_floor_sd(D, V) _mm_round_sd((D), (V), _MM_FROUND_FLOOR)
#define _mm_ceil_ps(V) _mm_round_ps((V), _MM_FROUND_CEIL)
#define _mm_ceil_ss(D, V) _mm_round_ss((D), (V), _MM_FROUND_CEIL)
#define _mm_floor_ps(V) _mm_round_ps((V), _MM_FROUND_FLOOR)
#define _mm_floor_ss(D, V) _mm_round_ss((D), (V), _MM_FROUND_FLOOR)

/* blends */
#define _mm_blend_epi16(X, Y, M) \
  ((__m128i)__builtin_ia32_pblendw128((__v8hi)(__m128i)(X), (__v8hi)(__m128i)(Y), (int)(M)))
#define _mm_blend_ps(X, Y, M) \
  ((__m128)__builtin_ia32_blendps((__v4sf)(__m128)(X), (__v4sf)(__m128)(Y), (int)(M)))
#define _mm_blend_pd(X, Y, M) \
  ((__m128d)__builtin_ia32_blendpd((__v2df)(__m128d)(X), (__v2df)(__m128d)(Y), (int)(M)))
__PYCC_INL __m128i _mm_blendv_epi8(__m128i __x, __m128i __y, __m128i __m)
{ return (__m128i)__builtin_ia32_pblendvb128((__v16qi)__x, (__v16qi)__y, (__v16qi)__m); }
__PYCC_INL __m128 _mm_blendv_ps(__m128 __x, __m128 __y, __m128 __m)
{ return (__m128)__builtin_ia32_blendvps((__v4sf)__x, (__v4sf)__y, (__v4sf)__m); }
__PYCC_INL __m128d _mm_blendv_pd(__m128d __x, __m128d __y, __m128d __m)
{ return (__m128d)__builtin_ia32_blendvpd((__v2df)__x, (__v2df)__y, (__v2df)__m); }

/* dot products, insert/extract */
#define _mm_dp_ps(X, Y, M) ((__m128)__builtin_ia32_dpps((__v4sf)(__m128)(X), (__v4sf)(__m128)(Y), (int)(M)))
#define _mm_dp_pd(X, Y, M) ((__m128d)__builtin_ia32_dppd((__v2df)(__m128d)(X), (__v2df)(__m128d)(Y), (int)(M)))
#define _mm_insert_ps(D, S, N) \
  ((__m128)__builtin_ia32_insertps128((__v4sf)(__m128)(D), (__v4sf)(__m128)(S), (int)(N)))
#define _MM_MK_INSERTPS_NDX(S, D, M) (((S) << 6) | ((D) << 4) | (M))
__PYCC_INL int _mm_extract_ps(__m128 __x, int __n) { return ((__v4si)__x)[__n & 3]; }
#define _MM_EXTRACT_FLOAT(D, S, N) do { (D) = ((__v4sf)(S))[(N) & 3]; } while (0)
#define _MM_PICK_OUT_PS(X, N) _mm_insert_ps(_mm_setzero_ps(), (X), _MM_MK_INSERTPS_NDX((N), 0, 0x0e))
__PYCC_INL __m128i _mm_insert_epi8(__m128i __d, int __s, int __n)
{ __v16qi __t = (__v16qi)__d; __t[__n & 15] = (char)__s; return (__m128i)__t; }
__PYCC_INL __m128i _mm_insert_epi32(__m128i __d, int __s, int __n)
{ __v4si __t = (__v4si)__d; __t[__n & 3] = __s; return (__m128i)__t; }
__PYCC_INL __m128i _mm_insert_epi64(__m128i __d, long long __s, int __n) { __d[__n & 1] = __s; return __d; }
__PYCC_INL int _mm_extract_epi8(__m128i __x, int __n) { return (unsigned char)((__v16qi)__x)[__n & 15]; }
__PYCC_INL int _mm_extract_epi32(__m128i __x, int __n) { return ((__v4si)__x)[__n & 3]; }
__PYCC_INL long long _mm_extract_epi64(__m128i __x, int __n) { return __x[__n & 1]; }

/* integer min/max, multiplies, packs, compares */
__PYCC_B128(_mm_min_epi8, __builtin_ia32_pminsb128, __v16qi)
__PYCC_B128(_mm_max_epi8, __builtin_ia32_pmaxsb128, __v16qi)
__PYCC_B128(_mm_min_epu16, __builtin_ia32_pminuw128, __v8hi)
__PYCC_B128(_mm_max_epu16, __builtin_ia32_pmaxuw128, __v8hi)
__PYCC_B128(_mm_min_epi32, __builtin_ia32_pminsd128, __v4si)
__PYCC_B128(_mm_max_epi32, __builtin_ia32_pmaxsd128, __v4si)
__PYCC_B128(_mm_min_epu32, __builtin_ia32_pminud128, __v4si)
__PYCC_B128(_mm_max_epu32, __builtin_ia32_pmaxud128, __v4si)
__PYCC_B128(_mm_mul_epi32, __builtin_ia32_pmuldq128, __v4si)
__PYCC_B128(_mm_packus_epi32, __builtin_ia32_packusdw128, __v4si)
__PYCC_INL __m128i _mm_mullo_epi32(__m128i __a, __m128i __b) { return (__m128i)((__v4su)__a * (__v4su)__b); }
__PYCC_INL __m128i _mm_cmpeq_epi64(__m128i __a, __m128i __b) { return (__m128i)((__v2di)__a == (__v2di)__b); }
__PYCC_INL __m128i _mm_minpos_epu16(__m128i __a) { return (__m128i)__builtin_ia32_phminposuw128((__v8hi)__a); }
#define _mm_mpsadbw_epu8(X, Y, M) \
  ((__m128i)__builtin_ia32_mpsadbw128((__v16qi)(__m128i)(X), (__v16qi)(__m128i)(Y), (int)(M)))

/* widening */
__PYCC_U128(_mm_cvtepi8_epi16, __builtin_ia32_pmovsxbw128, __v16qi)
__PYCC_U128(_mm_cvtepi8_epi32, __builtin_ia32_pmovsxbd128, __v16qi)
__PYCC_U128(_mm_cvtepi8_epi64, __builtin_ia32_pmovsxbq128, __v16qi)
__PYCC_U128(_mm_cvtepi16_epi32, __builtin_ia32_pmovsxwd128, __v8hi)
__PYCC_U128(_mm_cvtepi16_epi64, __builtin_ia32_pmovsxwq128, __v8hi)
__PYCC_U128(_mm_cvtepi32_epi64, __builtin_ia32_pmovsxdq128, __v4si)
__PYCC_U128(_mm_cvtepu8_epi16, __builtin_ia32_pmovzxbw128, __v16qi)
__PYCC_U128(_mm_cvtepu8_epi32, __builtin_ia32_pmovzxbd128, __v16qi)
__PYCC_U128(_mm_cvtepu8_epi64, __builtin_ia32_pmovzxbq128, __v16qi)
__PYCC_U128(_mm_cvtepu16_epi32, __builtin_ia32_pmovzxwd128, __v8hi)
__PYCC_U128(_mm_cvtepu16_epi64, __builtin_ia32_pmovzxwq128, __v8hi)
__PYCC_U128(_mm_cvtepu32_epi64, __builtin_ia32_pmovzxdq128, __v4si)

__PYCC_INL __m128i _mm_stream_load_si128(__m128i *__p) { return *__p; }

/* SSE4.2 */
#define _SIDD_UBYTE_OPS 0x00
#define _SIDD_UWORD_OPS 0x01
#define _SIDD_SBYTE_OPS 0x02
#define _SIDD_SWORD_OPS 0x03
#define _SIDD_CMP_EQUAL_ANY 0x00
#define _SIDD_CMP_RANGES 0x04
#define _SIDD_CMP_EQUAL_EACH 0x08
#define _SIDD_CMP_EQUAL_ORDERED 0x0c
#define _SIDD_POSITIVE_POLARITY 0x00
#define _SIDD_NEGATIVE_POLARITY 0x10
#define _SIDD_MASKED_POSITIVE_POLARITY 0x20
#define _SIDD_MASKED_NEGATIVE_POLARITY 0x30
#define _SIDD_LEAST_SIGNIFICANT 0x00
#define _SIDD_MOST_SIGNIFICANT 0x40
#define _SIDD_BIT_MASK 0x00
#define _SIDD_UNIT_MASK 0x40

#define _mm_cmpistrm(X, Y, M) \
  ((__m128i)__builtin_ia32_pcmpistrm128((__v16qi)(__m128i)(X), (__v16qi)(__m128i)(Y), (int)(M)))
#define _mm_cmpistri(X, Y, M) \
  ((int)__builtin_ia32_pcmpistri128((__v16qi)(__m128i)(X), (__v16qi)(__m128i)(Y), (int)(M)))
#define _mm_cmpestrm(X, LX, Y, LY, M) \
  ((__m128i)__builtin_ia32_pcmpestrm128((__v16qi)(__m128i)(X), (int)(LX), (__v16qi)(__m128i)(Y), \
                                        (int)(LY), (int)(M)))
#define _mm_cmpestri(X, LX, Y, LY, M) \
  ((int)__builtin_ia32_pcmpestri128((__v16qi)(__m128i)(X), (int)(LX), (__v16qi)(__m128i)(Y), \
                                    (int)(LY), (int)(M)))
#define _mm_cmpistra(X, Y, M) \
  ((int)__builtin_ia32_pcmpistria128((__v16qi)(__m128i)(X), (__v16qi)(__m128i)(Y), (int)(M)))
#define _mm_cmpistrc(X, Y, M) \
  ((int)__builtin_ia32_pcmpistric128((__v16qi)(__m128i)(X), (__v16qi)(__m128i)(Y), (int)(M)))
#define _mm_cmpistro(X, Y, M) \
  ((int)__builtin_ia32_pcmpistrio128((__v16qi)(__m128i)(X), (__v16qi)(__m128i)(Y), (int)(M)))
#define _mm_cmpistrs(X, Y, M) \
  ((int)__builtin_ia32_pcmpistris128((__v16qi)(__m128i)(X), (__v16qi)(__m128i)(Y), (int)(M)))
#define _mm_cmpistrz(X, Y, M) \
  ((int)__builtin_ia32_pcmpistriz128((__v16qi)(__m128i)(X), (__v16qi)(__m128i)(Y), (int)(M)))
#define _mm_cmpestra(X, LX, Y, LY, M) \
  ((int)__builtin_ia32_pcmpestria128((__v16qi)(__m128i)(X), (int)(LX), (__v16qi)(__m128i)(Y), (int)(LY), (int)(M)))
#define _mm_cmpestrc(X, LX, Y, LY, M) \
  ((int)__builtin_ia32_pcmpestric128((__v16qi)(__m128i)(X), (int)(LX), (__v16qi)(__m128i)(Y), (int)(LY), (int)(M)))
#define _mm_cmpestro(X, LX, Y, LY, M) \
  ((int)__builtin_ia32_pcmpestrio128((__v16qi)(__m128i)(X), (int)(LX), (__v16qi)(__m128i)(Y), (int)(LY), (int)(M)))
#define _mm_cmpestrs(X, LX, Y, LY, M) \
  ((int)__builtin_ia32_pcmpestris128((__v16qi)(__m128i)(X), (int)(LX), (__v16qi)(__m128i)(Y), (int)(LY), (int)(M)))
#define _mm_cmpestrz(X, LX, Y, LY, M) \
  ((int)__builtin_ia32_pcmpestriz128((__v16qi)(__m128i)(X), (int)(LX), (__v16qi)(__m128i)(Y), (int)(LY), (int)(M)))

__PYCC_INL __m128i _mm_cmpgt_epi64(__m128i __a, __m128i __b) { return (__m128i)((__v2di)__a > (__v2di)__b); }
__PYCC_INL unsigned int _mm_crc32_u8(unsigned int __c, unsigned char __v) { return __builtin_ia32_crc32qi(__c, __v); }
__PYCC_INL unsigned int _mm_crc32_u16(unsigned int __c, unsigned short __v) { return __builtin_ia32_crc32hi(__c, __v); }
__PYCC_INL unsigned int _mm_crc32_u32(unsigned int __c, unsigned int __v) { return __builtin_ia32_crc32si(__c, __v); }
__PYCC_INL unsigned long long _mm_crc32_u64(unsigned long long __c, unsigned long long __v) { return __builtin_ia32_crc32di(__c, __v); }
#include <popcntintrin.h>
#endif
