/* AVX intrinsics for pycc, written from Intel's Intrinsics Guide on GNU vector types and the
   __builtin_ia32_* builtins pycc's x86-64 back end selects (arch/x86_64/cc/builtins.py).
   Include <immintrin.h>. */
#ifndef _IMMINTRIN_H_INCLUDED
# error "Never use <avxintrin.h> directly; include <immintrin.h> instead."
#endif
#ifndef _AVXINTRIN_H_INCLUDED
#define _AVXINTRIN_H_INCLUDED

typedef double __v4df __attribute__((__vector_size__(32), __aligned__(32)));
typedef float __v8sf __attribute__((__vector_size__(32), __aligned__(32)));
typedef long long __v4di __attribute__((__vector_size__(32), __aligned__(32)));
typedef unsigned long long __v4du __attribute__((__vector_size__(32), __aligned__(32)));
typedef int __v8si __attribute__((__vector_size__(32), __aligned__(32)));
typedef unsigned int __v8su __attribute__((__vector_size__(32), __aligned__(32)));
typedef short __v16hi __attribute__((__vector_size__(32), __aligned__(32)));
typedef unsigned short __v16hu __attribute__((__vector_size__(32), __aligned__(32)));
typedef char __v32qi __attribute__((__vector_size__(32), __aligned__(32)));
typedef signed char __v32qs __attribute__((__vector_size__(32), __aligned__(32)));
typedef unsigned char __v32qu __attribute__((__vector_size__(32), __aligned__(32)));
typedef float __m256 __attribute__((__vector_size__(32), __aligned__(32), __may_alias__));
typedef long long __m256i __attribute__((__vector_size__(32), __aligned__(32), __may_alias__));
typedef double __m256d __attribute__((__vector_size__(32), __aligned__(32), __may_alias__));
typedef float __m256_u __attribute__((__vector_size__(32), __may_alias__, __aligned__(1)));
typedef long long __m256i_u __attribute__((__vector_size__(32), __may_alias__, __aligned__(1)));
typedef double __m256d_u __attribute__((__vector_size__(32), __may_alias__, __aligned__(1)));

/* comparison predicates */
#define _CMP_EQ_OQ    0x00
#define _CMP_LT_OS    0x01
#define _CMP_LE_OS    0x02
#define _CMP_UNORD_Q  0x03
#define _CMP_NEQ_UQ   0x04
#define _CMP_NLT_US   0x05
#define _CMP_NLE_US   0x06
#define _CMP_ORD_Q    0x07
#define _CMP_EQ_UQ    0x08
#define _CMP_NGE_US   0x09
#define _CMP_NGT_US   0x0a
#define _CMP_FALSE_OQ 0x0b
#define _CMP_NEQ_OQ   0x0c
#define _CMP_GE_OS    0x0d
#define _CMP_GT_OS    0x0e
#define _CMP_TRUE_UQ  0x0f
#define _CMP_EQ_OS    0x10
#define _CMP_LT_OQ    0x11
#define _CMP_LE_OQ    0x12
#define _CMP_UNORD_S  0x13
#define _CMP_NEQ_US   0x14
#define _CMP_NLT_UQ   0x15
#define _CMP_NLE_UQ   0x16
#define _CMP_ORD_S    0x17
#define _CMP_EQ_US    0x18
#define _CMP_NGE_UQ   0x19
#define _CMP_NGT_UQ   0x1a
#define _CMP_FALSE_OS 0x1b
#define _CMP_NEQ_OS   0x1c
#define _CMP_GE_OQ    0x1d
#define _CMP_GT_OQ    0x1e
#define _CMP_TRUE_US  0x1f

/* arithmetic */
__PYCC_INL __m256d _mm256_add_pd(__m256d __a, __m256d __b) { return (__m256d)((__v4df)__a + (__v4df)__b); }
__PYCC_INL __m256 _mm256_add_ps(__m256 __a, __m256 __b) { return (__m256)((__v8sf)__a + (__v8sf)__b); }
__PYCC_INL __m256d _mm256_sub_pd(__m256d __a, __m256d __b) { return (__m256d)((__v4df)__a - (__v4df)__b); }
__PYCC_INL __m256 _mm256_sub_ps(__m256 __a, __m256 __b) { return (__m256)((__v8sf)__a - (__v8sf)__b); }
__PYCC_INL __m256d _mm256_mul_pd(__m256d __a, __m256d __b) { return (__m256d)((__v4df)__a * (__v4df)__b); }
__PYCC_INL __m256 _mm256_mul_ps(__m256 __a, __m256 __b) { return (__m256)((__v8sf)__a * (__v8sf)__b); }
__PYCC_INL __m256d _mm256_div_pd(__m256d __a, __m256d __b) { return (__m256d)((__v4df)__a / (__v4df)__b); }
__PYCC_INL __m256 _mm256_div_ps(__m256 __a, __m256 __b) { return (__m256)((__v8sf)__a / (__v8sf)__b); }
#define __PYCC_AVXB(name, bi, ty, vt) \
__PYCC_INL ty name(ty __a, ty __b) { return (ty)bi((vt)__a, (vt)__b); }
#define __PYCC_AVXU(name, bi, ty, vt) \
__PYCC_INL ty name(ty __a) { return (ty)bi((vt)__a); }
__PYCC_AVXB(_mm256_addsub_pd, __builtin_ia32_addsubpd256, __m256d, __v4df)
__PYCC_AVXB(_mm256_addsub_ps, __builtin_ia32_addsubps256, __m256, __v8sf)
__PYCC_AVXB(_mm256_hadd_pd, __builtin_ia32_haddpd256, __m256d, __v4df)
__PYCC_AVXB(_mm256_hadd_ps, __builtin_ia32_haddps256, __m256, __v8sf)
__PYCC_AVXB(_mm256_hsub_pd, __builtin_ia32_hsubpd256, __m256d, __v4df)
__PYCC_AVXB(_mm256_hsub_ps, __builtin_ia32_hsubps256, __m256, __v8sf)
__PYCC_AVXB(_mm256_max_pd, __builtin_ia32_maxpd256, __m256d, __v4df)
__PYCC_AVXB(_mm256_max_ps, __builtin_ia32_maxps256, __m256, __v8sf)
__PYCC_AVXB(_mm256_min_pd, __builtin_ia32_minpd256, __m256d, __v4df)
__PYCC_AVXB(_mm256_min_ps, __builtin_ia32_minps256, __m256, __v8sf)
__PYCC_AVXU(_mm256_sqrt_pd, __builtin_ia32_sqrtpd256, __m256d, __v4df)
__PYCC_AVXU(_mm256_sqrt_ps, __builtin_ia32_sqrtps256, __m256, __v8sf)
__PYCC_AVXU(_mm256_rcp_ps, __builtin_ia32_rcpps256, __m256, __v8sf)
__PYCC_AVXU(_mm256_rsqrt_ps, __builtin_ia32_rsqrtps256, __m256, __v8sf)
__PYCC_INL __m256d _mm256_and_pd(__m256d __a, __m256d __b) { return (__m256d)((__v4du)__a & (__v4du)__b); }
__PYCC_INL __m256 _mm256_and_ps(__m256 __a, __m256 __b) { return (__m256)((__v4du)__a & (__v4du)__b); }
__PYCC_INL __m256d _mm256_andnot_pd(__m256d __a, __m256d __b) { return (__m256d)(~(__v4du)__a & (__v4du)__b); }
__PYCC_INL __m256 _mm256_andnot_ps(__m256 __a, __m256 __b) { return (__m256)(~(__v4du)__a & (__v4du)__b); }
__PYCC_INL __m256d _mm256_or_pd(__m256d __a, __m256d __b) { return (__m256d)((__v4du)__a | (__v4du)__b); }
__PYCC_INL __m256 _mm256_or_ps(__m256 __a, __m256 __b) { return (__m256)((__v4du)__a | (__v4du)__b); }
__PYCC_INL __m256d _mm256_xor_pd(__m256d __a, __m256d __b) { return (__m256d)((__v4du)__a ^ (__v4du)__b); }
__PYCC_INL __m256 _mm256_xor_ps(__m256 __a, __m256 __b) { return (__m256)((__v4du)__a ^ (__v4du)__b); }

/* blends, dot product, rounding, shuffles, compares (immediates: macros) */
#define _mm256_blend_pd(X, Y, M) ((__m256d)__builtin_ia32_blendpd256((__v4df)(__m256d)(X), (__v4df)(__m256d)(Y), (int)(M)))
#define _mm256_blend_ps(X, Y, M) ((__m256)__builtin_ia32_blendps256((__v8sf)(__m256)(X), (__v8sf)(__m256)(Y), (int)(M)))
__PYCC_INL __m256d _mm256_blendv_pd(__m256d __x, __m256d __y, __m256d __m)
{ return (__m256d)__builtin_ia32_blendvpd256((__v4df)__x, (__v4df)__y, (__v4df)__m); }
__PYCC_INL __m256 _mm256_blendv_ps(__m256 __x, __m256 __y, __m256 __m)
{ return (__m256)__builtin_ia32_blendvps256((__v8sf)__x, (__v8sf)__y, (__v8sf)__m); }
#define _mm256_dp_ps(X, Y, M) ((__m256)__builtin_ia32_dpps256((__v8sf)(__m256)(X), (__v8sf)(__m256)(Y), (int)(M)))
#define _mm256_round_pd(V, M) ((__m256d)__builtin_ia32_roundpd256((__v4df)(__m256d)(V), (int)(M)))
#define _mm256_round_ps(V, M) ((__m256)__builtin_ia32_roundps256((__v8sf)(__m256)(V), (int)(M)))
#define _mm256_ceil_pd(V) _mm256_round_pd((V), _MM_FROUND_CEIL)
#define _mm256_floor_pd(V) _mm256_round_pd((V), _MM_FROUND_FLOOR)
#define _mm256_ceil_ps(V) _mm256_round_ps((V), _MM_FROUND_CEIL)
#define _mm256_floor_ps(V) _mm256_round_ps((V), _MM_FROUND_FLOOR)
#define _mm256_shuffle_pd(A, B, M) ((__m256d)__builtin_ia32_shufpd256((__v4df)(__m256d)(A), (__v4df)(__m256d)(B), (int)(M)))
#define _mm256_shuffle_ps(A, B, M) ((__m256)__builtin_ia32_shufps256((__v8sf)(__m256)(A), (__v8sf)(__m256)(B), (int)(M)))
#define _mm_cmp_pd(X, Y, P) ((__m128d)__builtin_ia32_cmppd_avx((__v2df)(__m128d)(X), (__v2df)(__m128d)(Y), (int)(P)))
#define _mm_cmp_ps(X, Y, P) ((__m128)__builtin_ia32_cmpps_avx((__v4sf)(__m128)(X), (__v4sf)(__m128)(Y), (int)(P)))
#define _mm_cmp_sd(X, Y, P) ((__m128d)__builtin_ia32_cmpsd_avx((__v2df)(__m128d)(X), (__v2df)(__m128d)(Y), (int)(P)))
#define _mm_cmp_ss(X, Y, P) ((__m128)__builtin_ia32_cmpss_avx((__v4sf)(__m128)(X), (__v4sf)(__m128)(Y), (int)(P)))
#define _mm256_cmp_pd(X, Y, P) ((__m256d)__builtin_ia32_cmppd256((__v4df)(__m256d)(X), (__v4df)(__m256d)(Y), (int)(P)))
#define _mm256_cmp_ps(X, Y, P) ((__m256)__builtin_ia32_cmpps256((__v8sf)(__m256)(X), (__v8sf)(__m256)(Y), (int)(P)))

/* conversions */
__PYCC_INL __m256d _mm256_cvtepi32_pd(__m128i __a) { return (__m256d)__builtin_ia32_cvtdq2pd256((__v4si)__a); }
__PYCC_INL __m256 _mm256_cvtepi32_ps(__m256i __a) { return (__m256)__builtin_ia32_cvtdq2ps256((__v8si)__a); }
__PYCC_INL __m128 _mm256_cvtpd_ps(__m256d __a) { return (__m128)__builtin_ia32_cvtpd2ps256((__v4df)__a); }
__PYCC_INL __m256i _mm256_cvtps_epi32(__m256 __a) { return (__m256i)__builtin_ia32_cvtps2dq256((__v8sf)__a); }
__PYCC_INL __m256d _mm256_cvtps_pd(__m128 __a) { return (__m256d)__builtin_ia32_cvtps2pd256((__v4sf)__a); }
__PYCC_INL __m128i _mm256_cvttpd_epi32(__m256d __a) { return (__m128i)__builtin_ia32_cvttpd2dq256((__v4df)__a); }
__PYCC_INL __m128i _mm256_cvtpd_epi32(__m256d __a) { return (__m128i)__builtin_ia32_cvtpd2dq256((__v4df)__a); }
__PYCC_INL __m256i _mm256_cvttps_epi32(__m256 __a) { return (__m256i)__builtin_ia32_cvttps2dq256((__v8sf)__a); }
__PYCC_INL double _mm256_cvtsd_f64(__m256d __a) { return __a[0]; }
__PYCC_INL float _mm256_cvtss_f32(__m256 __a) { return __a[0]; }
__PYCC_INL int _mm256_cvtsi256_si32(__m256i __a) { return ((__v8si)__a)[0]; }

/* 128-bit halves */
#define _mm256_extractf128_ps(X, N) ((__m128)__builtin_ia32_vextractf128_ps256((__v8sf)(__m256)(X), (int)(N)))
#define _mm256_extractf128_pd(X, N) ((__m128d)__builtin_ia32_vextractf128_ps256((__v8sf)(__m256d)(X), (int)(N)))
#define _mm256_extractf128_si256(X, N) ((__m128i)__builtin_ia32_vextractf128_ps256((__v8sf)(__m256i)(X), (int)(N)))
#define _mm256_insertf128_ps(X, Y, N) ((__m256)__builtin_ia32_vinsertf128_ps256((__v8sf)(__m256)(X), (__v4sf)(__m128)(Y), (int)(N)))
#define _mm256_insertf128_pd(X, Y, N) ((__m256d)__builtin_ia32_vinsertf128_ps256((__v8sf)(__m256d)(X), (__v4sf)(__m128d)(Y), (int)(N)))
#define _mm256_insertf128_si256(X, Y, N) ((__m256i)__builtin_ia32_vinsertf128_ps256((__v8sf)(__m256i)(X), (__v4sf)(__m128i)(Y), (int)(N)))
__PYCC_INL __m128 __pycc_lo128(__v8sf __a) { return (__m128){__a[0], __a[1], __a[2], __a[3]}; }
__PYCC_INL __m128 __pycc_hi128(__v8sf __a) { return (__m128){__a[4], __a[5], __a[6], __a[7]}; }
__PYCC_INL __m256 __pycc_join128(__m128 __lo, __m128 __hi)
{ return (__m256){__lo[0], __lo[1], __lo[2], __lo[3], __hi[0], __hi[1], __hi[2], __hi[3]}; }
__PYCC_INL int _mm256_extract_epi32(__m256i __x, const int __n) { return ((__v8si)__x)[__n & 7]; }
__PYCC_INL int _mm256_extract_epi16(__m256i __x, const int __n) { return (unsigned short)((__v16hi)__x)[__n & 15]; }
__PYCC_INL int _mm256_extract_epi8(__m256i __x, const int __n) { return (unsigned char)((__v32qi)__x)[__n & 31]; }
__PYCC_INL long long _mm256_extract_epi64(__m256i __x, const int __n) { return __x[__n & 3]; }
__PYCC_INL __m256i _mm256_insert_epi32(__m256i __x, int __d, const int __n) { __v8si __t = (__v8si)__x; __t[__n & 7] = __d; return (__m256i)__t; }
__PYCC_INL __m256i _mm256_insert_epi16(__m256i __x, int __d, const int __n) { __v16hi __t = (__v16hi)__x; __t[__n & 15] = (short)__d; return (__m256i)__t; }
__PYCC_INL __m256i _mm256_insert_epi8(__m256i __x, int __d, const int __n) { __v32qi __t = (__v32qi)__x; __t[__n & 31] = (char)__d; return (__m256i)__t; }
__PYCC_INL __m256i _mm256_insert_epi64(__m256i __x, long long __d, const int __n) { __x[__n & 3] = __d; return __x; }

/* permutes */
#define _mm_permute_pd(X, C) ((__m128d)__builtin_ia32_vpermilpd((__v2df)(__m128d)(X), (int)(C)))
#define _mm_permute_ps(X, C) ((__m128)__builtin_ia32_vpermilps((__v4sf)(__m128)(X), (int)(C)))
#define _mm256_permute_pd(X, C) ((__m256d)__builtin_ia32_vpermilpd256((__v4df)(__m256d)(X), (int)(C)))
#define _mm256_permute_ps(X, C) ((__m256)__builtin_ia32_vpermilps256((__v8sf)(__m256)(X), (int)(C)))
__PYCC_INL __m128d _mm_permutevar_pd(__m128d __a, __m128i __c) { return (__m128d)__builtin_ia32_vpermilvarpd((__v2df)__a, (__v2di)__c); }
__PYCC_INL __m128 _mm_permutevar_ps(__m128 __a, __m128i __c) { return (__m128)__builtin_ia32_vpermilvarps((__v4sf)__a, (__v4si)__c); }
__PYCC_INL __m256d _mm256_permutevar_pd(__m256d __a, __m256i __c) { return (__m256d)__builtin_ia32_vpermilvarpd256((__v4df)__a, (__v4di)__c); }
__PYCC_INL __m256 _mm256_permutevar_ps(__m256 __a, __m256i __c) { return (__m256)__builtin_ia32_vpermilvarps256((__v8sf)__a, (__v8si)__c); }
#define _mm256_permute2f128_ps(X, Y, C) ((__m256)__builtin_ia32_vperm2f128_ps256((__v8sf)(__m256)(X), (__v8sf)(__m256)(Y), (int)(C)))
#define _mm256_permute2f128_pd(X, Y, C) ((__m256d)__builtin_ia32_vperm2f128_ps256((__v8sf)(__m256d)(X), (__v8sf)(__m256d)(Y), (int)(C)))
#define _mm256_permute2f128_si256(X, Y, C) ((__m256i)__builtin_ia32_vperm2f128_ps256((__v8sf)(__m256i)(X), (__v8sf)(__m256i)(Y), (int)(C)))

/* broadcasts, loads and stores */
__PYCC_INL __m128 _mm_broadcast_ss(float const *__p) { return _mm_set1_ps(*__p); }
__PYCC_INL __m256d _mm256_broadcast_sd(double const *__p) { double __x = *__p; return (__m256d){__x, __x, __x, __x}; }
__PYCC_INL __m256 _mm256_broadcast_ss(float const *__p) { float __x = *__p; return (__m256){__x, __x, __x, __x, __x, __x, __x, __x}; }
__PYCC_INL __m256d _mm256_broadcast_pd(__m128d const *__p)
{ __m128d __x = *(__m128d_u const *)__p; return (__m256d){__x[0], __x[1], __x[0], __x[1]}; }
__PYCC_INL __m256 _mm256_broadcast_ps(__m128 const *__p)
{ __m128 __x = *(__m128_u const *)__p; return __pycc_join128(__x, __x); }
__PYCC_INL __m256d _mm256_load_pd(double const *__p) { return *(__m256d const *)__p; }
__PYCC_INL __m256 _mm256_load_ps(float const *__p) { return *(__m256 const *)__p; }
__PYCC_INL __m256d _mm256_loadu_pd(double const *__p) { return *(__m256d_u const *)__p; }
__PYCC_INL __m256 _mm256_loadu_ps(float const *__p) { return *(__m256_u const *)__p; }
__PYCC_INL __m256i _mm256_load_si256(__m256i const *__p) { return *__p; }
__PYCC_INL __m256i _mm256_loadu_si256(__m256i_u const *__p) { return *__p; }
__PYCC_INL __m256i _mm256_lddqu_si256(__m256i const *__p) { return *(__m256i_u const *)__p; }
__PYCC_INL void _mm256_store_pd(double *__p, __m256d __a) { *(__m256d *)__p = __a; }
__PYCC_INL void _mm256_store_ps(float *__p, __m256 __a) { *(__m256 *)__p = __a; }
__PYCC_INL void _mm256_storeu_pd(double *__p, __m256d __a) { *(__m256d_u *)__p = __a; }
__PYCC_INL void _mm256_storeu_ps(float *__p, __m256 __a) { *(__m256_u *)__p = __a; }
__PYCC_INL void _mm256_store_si256(__m256i *__p, __m256i __a) { *__p = __a; }
__PYCC_INL void _mm256_storeu_si256(__m256i_u *__p, __m256i __a) { *__p = __a; }
__PYCC_INL void _mm256_stream_pd(double *__p, __m256d __a) { *(__m256d *)__p = __a; }
__PYCC_INL void _mm256_stream_ps(float *__p, __m256 __a) { *(__m256 *)__p = __a; }
__PYCC_INL void _mm256_stream_si256(__m256i *__p, __m256i __a) { *__p = __a; }
__PYCC_INL __m128d _mm_maskload_pd(double const *__p, __m128i __m) { return (__m128d)__builtin_ia32_maskloadpd(__p, (__v2di)__m); }
__PYCC_INL __m128 _mm_maskload_ps(float const *__p, __m128i __m) { return (__m128)__builtin_ia32_maskloadps(__p, (__v4si)__m); }
__PYCC_INL __m256d _mm256_maskload_pd(double const *__p, __m256i __m) { return (__m256d)__builtin_ia32_maskloadpd256(__p, (__v4di)__m); }
__PYCC_INL __m256 _mm256_maskload_ps(float const *__p, __m256i __m) { return (__m256)__builtin_ia32_maskloadps256(__p, (__v8si)__m); }
__PYCC_INL void _mm_maskstore_pd(double *__p, __m128i __m, __m128d __a) { __builtin_ia32_maskstorepd(__p, (__v2di)__m, (__v2df)__a); }
__PYCC_INL void _mm_maskstore_ps(float *__p, __m128i __m, __m128 __a) { __builtin_ia32_maskstoreps(__p, (__v4si)__m, (__v4sf)__a); }
__PYCC_INL void _mm256_maskstore_pd(double *__p, __m256i __m, __m256d __a) { __builtin_ia32_maskstorepd256(__p, (__v4di)__m, (__v4df)__a); }
__PYCC_INL void _mm256_maskstore_ps(float *__p, __m256i __m, __m256 __a) { __builtin_ia32_maskstoreps256(__p, (__v8si)__m, (__v8sf)__a); }
__PYCC_INL __m256 _mm256_loadu2_m128(float const *__hi, float const *__lo)
{ return __pycc_join128(_mm_loadu_ps(__lo), _mm_loadu_ps(__hi)); }
__PYCC_INL __m256d _mm256_loadu2_m128d(double const *__hi, double const *__lo)
{ return (__m256d)__pycc_join128((__m128)_mm_loadu_pd(__lo), (__m128)_mm_loadu_pd(__hi)); }
__PYCC_INL __m256i _mm256_loadu2_m128i(__m128i_u const *__hi, __m128i_u const *__lo)
{ return (__m256i)__pycc_join128((__m128)_mm_loadu_si128(__lo), (__m128)_mm_loadu_si128(__hi)); }
__PYCC_INL void _mm256_storeu2_m128(float *__hi, float *__lo, __m256 __a)
{ _mm_storeu_ps(__lo, __pycc_lo128((__v8sf)__a)); _mm_storeu_ps(__hi, __pycc_hi128((__v8sf)__a)); }
__PYCC_INL void _mm256_storeu2_m128d(double *__hi, double *__lo, __m256d __a)
{ _mm_storeu_pd(__lo, (__m128d)__pycc_lo128((__v8sf)__a)); _mm_storeu_pd(__hi, (__m128d)__pycc_hi128((__v8sf)__a)); }
__PYCC_INL void _mm256_storeu2_m128i(__m128i_u *__hi, __m128i_u *__lo, __m256i __a)
{ _mm_storeu_si128(__lo, (__m128i)__pycc_lo128((__v8sf)__a)); _mm_storeu_si128(__hi, (__m128i)__pycc_hi128((__v8sf)__a)); }

/* moves, masks, tests */
__PYCC_INL __m256 _mm256_movehdup_ps(__m256 __a) { return (__m256){__a[1], __a[1], __a[3], __a[3], __a[5], __a[5], __a[7], __a[7]}; }
__PYCC_INL __m256 _mm256_moveldup_ps(__m256 __a) { return (__m256){__a[0], __a[0], __a[2], __a[2], __a[4], __a[4], __a[6], __a[6]}; }
__PYCC_INL __m256d _mm256_movedup_pd(__m256d __a) { return (__m256d){__a[0], __a[0], __a[2], __a[2]}; }
__PYCC_INL __m256d _mm256_unpackhi_pd(__m256d __a, __m256d __b) { return (__m256d){__a[1], __b[1], __a[3], __b[3]}; }
__PYCC_INL __m256d _mm256_unpacklo_pd(__m256d __a, __m256d __b) { return (__m256d){__a[0], __b[0], __a[2], __b[2]}; }
__PYCC_INL __m256 _mm256_unpackhi_ps(__m256 __a, __m256 __b) { return (__m256){__a[2], __b[2], __a[3], __b[3], __a[6], __b[6], __a[7], __b[7]}; }
__PYCC_INL __m256 _mm256_unpacklo_ps(__m256 __a, __m256 __b) { return (__m256){__a[0], __b[0], __a[1], __b[1], __a[4], __b[4], __a[5], __b[5]}; }
__PYCC_INL int _mm256_movemask_pd(__m256d __a) { return __builtin_ia32_movmskpd256((__v4df)__a); }
__PYCC_INL int _mm256_movemask_ps(__m256 __a) { return __builtin_ia32_movmskps256((__v8sf)__a); }
__PYCC_INL int _mm_testz_pd(__m128d __m, __m128d __v) { return __builtin_ia32_vtestzpd((__v2df)__m, (__v2df)__v); }
__PYCC_INL int _mm_testc_pd(__m128d __m, __m128d __v) { return __builtin_ia32_vtestcpd((__v2df)__m, (__v2df)__v); }
__PYCC_INL int _mm_testnzc_pd(__m128d __m, __m128d __v) { return __builtin_ia32_vtestnzcpd((__v2df)__m, (__v2df)__v); }
__PYCC_INL int _mm_testz_ps(__m128 __m, __m128 __v) { return __builtin_ia32_vtestzps((__v4sf)__m, (__v4sf)__v); }
__PYCC_INL int _mm_testc_ps(__m128 __m, __m128 __v) { return __builtin_ia32_vtestcps((__v4sf)__m, (__v4sf)__v); }
__PYCC_INL int _mm_testnzc_ps(__m128 __m, __m128 __v) { return __builtin_ia32_vtestnzcps((__v4sf)__m, (__v4sf)__v); }
__PYCC_INL int _mm256_testz_pd(__m256d __m, __m256d __v) { return __builtin_ia32_vtestzpd256((__v4df)__m, (__v4df)__v); }
__PYCC_INL int _mm256_testc_pd(__m256d __m, __m256d __v) { return __builtin_ia32_vtestcpd256((__v4df)__m, (__v4df)__v); }
__PYCC_INL int _mm256_testnzc_pd(__m256d __m, __m256d __v) { return __builtin_ia32_vtestnzcpd256((__v4df)__m, (__v4df)__v); }
__PYCC_INL int _mm256_testz_ps(__m256 __m, __m256 __v) { return __builtin_ia32_vtestzps256((__v8sf)__m, (__v8sf)__v); }
__PYCC_INL int _mm256_testc_ps(__m256 __m, __m256 __v) { return __builtin_ia32_vtestcps256((__v8sf)__m, (__v8sf)__v); }
__PYCC_INL int _mm256_testnzc_ps(__m256 __m, __m256 __v) { return __builtin_ia32_vtestnzcps256((__v8sf)__m, (__v8sf)__v); }
__PYCC_INL int _mm256_testz_si256(__m256i __m, __m256i __v) { return __builtin_ia32_ptestz256((__v4di)__m, (__v4di)__v); }
__PYCC_INL int _mm256_testc_si256(__m256i __m, __m256i __v) { return __builtin_ia32_ptestc256((__v4di)__m, (__v4di)__v); }
__PYCC_INL int _mm256_testnzc_si256(__m256i __m, __m256i __v) { return __builtin_ia32_ptestnzc256((__v4di)__m, (__v4di)__v); }
__PYCC_INL void _mm256_zeroall(void) { __builtin_ia32_vzeroall(); }
__PYCC_INL void _mm256_zeroupper(void) { __builtin_ia32_vzeroupper(); }

/* set */
__PYCC_INL __m256d _mm256_setzero_pd(void) { return (__m256d){0.0, 0.0, 0.0, 0.0}; }
__PYCC_INL __m256 _mm256_setzero_ps(void) { return (__m256){0, 0, 0, 0, 0, 0, 0, 0}; }
__PYCC_INL __m256i _mm256_setzero_si256(void) { return (__m256i){0, 0, 0, 0}; }
__PYCC_INL __m256d _mm256_undefined_pd(void) { return _mm256_setzero_pd(); }
__PYCC_INL __m256 _mm256_undefined_ps(void) { return _mm256_setzero_ps(); }
__PYCC_INL __m256i _mm256_undefined_si256(void) { return _mm256_setzero_si256(); }
__PYCC_INL __m256d _mm256_set_pd(double __a, double __b, double __c, double __d) { return (__m256d){__d, __c, __b, __a}; }
__PYCC_INL __m256 _mm256_set_ps(float __a, float __b, float __c, float __d, float __e, float __f, float __g, float __h)
{ return (__m256){__h, __g, __f, __e, __d, __c, __b, __a}; }
__PYCC_INL __m256i _mm256_set_epi32(int __a, int __b, int __c, int __d, int __e, int __f, int __g, int __h)
{ return (__m256i)(__v8si){__h, __g, __f, __e, __d, __c, __b, __a}; }
__PYCC_INL __m256i _mm256_set_epi16(short __q15, short __q14, short __q13, short __q12, short __q11, short __q10,
                                    short __q09, short __q08, short __q07, short __q06, short __q05, short __q04,
                                    short __q03, short __q02, short __q01, short __q00)
{ return (__m256i)(__v16hi){__q00, __q01, __q02, __q03, __q04, __q05, __q06, __q07,
                            __q08, __q09, __q10, __q11, __q12, __q13, __q14, __q15}; }
__PYCC_INL __m256i _mm256_set_epi8(char __q31, char __q30, char __q29, char __q28, char __q27, char __q26,
                                   char __q25, char __q24, char __q23, char __q22, char __q21, char __q20,
                                   char __q19, char __q18, char __q17, char __q16, char __q15, char __q14,
                                   char __q13, char __q12, char __q11, char __q10, char __q09, char __q08,
                                   char __q07, char __q06, char __q05, char __q04, char __q03, char __q02,
                                   char __q01, char __q00)
{ return (__m256i)(__v32qi){__q00, __q01, __q02, __q03, __q04, __q05, __q06, __q07, __q08, __q09, __q10,
                            __q11, __q12, __q13, __q14, __q15, __q16, __q17, __q18, __q19, __q20, __q21,
                            __q22, __q23, __q24, __q25, __q26, __q27, __q28, __q29, __q30, __q31}; }
__PYCC_INL __m256i _mm256_set_epi64x(long long __a, long long __b, long long __c, long long __d)
{ return (__m256i){__d, __c, __b, __a}; }
__PYCC_INL __m256d _mm256_setr_pd(double __a, double __b, double __c, double __d) { return (__m256d){__a, __b, __c, __d}; }
__PYCC_INL __m256 _mm256_setr_ps(float __a, float __b, float __c, float __d, float __e, float __f, float __g, float __h)
{ return (__m256){__a, __b, __c, __d, __e, __f, __g, __h}; }
__PYCC_INL __m256i _mm256_setr_epi32(int __a, int __b, int __c, int __d, int __e, int __f, int __g, int __h)
{ return (__m256i)(__v8si){__a, __b, __c, __d, __e, __f, __g, __h}; }
__PYCC_INL __m256i _mm256_setr_epi16(short __q00, short __q01, short __q02, short __q03, short __q04, short __q05,
                                     short __q06, short __q07, short __q08, short __q09, short __q10, short __q11,
                                     short __q12, short __q13, short __q14, short __q15)
{ return (__m256i)(__v16hi){__q00, __q01, __q02, __q03, __q04, __q05, __q06, __q07,
                            __q08, __q09, __q10, __q11, __q12, __q13, __q14, __q15}; }
__PYCC_INL __m256i _mm256_setr_epi8(char __q00, char __q01, char __q02, char __q03, char __q04, char __q05,
                                    char __q06, char __q07, char __q08, char __q09, char __q10, char __q11,
                                    char __q12, char __q13, char __q14, char __q15, char __q16, char __q17,
                                    char __q18, char __q19, char __q20, char __q21, char __q22, char __q23,
                                    char __q24, char __q25, char __q26, char __q27, char __q28, char __q29,
                                    char __q30, char __q31)
{ return (__m256i)(__v32qi){__q00, __q01, __q02, __q03, __q04, __q05, __q06, __q07, __q08, __q09, __q10,
                            __q11, __q12, __q13, __q14, __q15, __q16, __q17, __q18, __q19, __q20, __q21,
                            __q22, __q23, __q24, __q25, __q26, __q27, __q28, __q29, __q30, __q31}; }
__PYCC_INL __m256i _mm256_setr_epi64x(long long __a, long long __b, long long __c, long long __d)
{ return (__m256i){__a, __b, __c, __d}; }
__PYCC_INL __m256d _mm256_set1_pd(double __a) { return (__m256d){__a, __a, __a, __a}; }
__PYCC_INL __m256 _mm256_set1_ps(float __a) { return (__m256){__a, __a, __a, __a, __a, __a, __a, __a}; }
__PYCC_INL __m256i _mm256_set1_epi32(int __a) { return (__m256i)(__v8si){__a, __a, __a, __a, __a, __a, __a, __a}; }
__PYCC_INL __m256i _mm256_set1_epi16(short __a)
{ return (__m256i)(__v16hi){__a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a}; }
__PYCC_INL __m256i _mm256_set1_epi8(char __a)
{ return (__m256i)(__v32qi){__a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a,
                            __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a}; }
__PYCC_INL __m256i _mm256_set1_epi64x(long long __a) { return (__m256i){__a, __a, __a, __a}; }
__PYCC_INL __m256 _mm256_set_m128(__m128 __hi, __m128 __lo) { return __pycc_join128(__lo, __hi); }
__PYCC_INL __m256d _mm256_set_m128d(__m128d __hi, __m128d __lo) { return (__m256d)__pycc_join128((__m128)__lo, (__m128)__hi); }
__PYCC_INL __m256i _mm256_set_m128i(__m128i __hi, __m128i __lo) { return (__m256i)__pycc_join128((__m128)__lo, (__m128)__hi); }
__PYCC_INL __m256 _mm256_setr_m128(__m128 __lo, __m128 __hi) { return __pycc_join128(__lo, __hi); }
__PYCC_INL __m256d _mm256_setr_m128d(__m128d __lo, __m128d __hi) { return (__m256d)__pycc_join128((__m128)__lo, (__m128)__hi); }
__PYCC_INL __m256i _mm256_setr_m128i(__m128i __lo, __m128i __hi) { return (__m256i)__pycc_join128((__m128)__lo, (__m128)__hi); }

/* casts */
__PYCC_INL __m256 _mm256_castpd_ps(__m256d __a) { return (__m256)__a; }
__PYCC_INL __m256i _mm256_castpd_si256(__m256d __a) { return (__m256i)__a; }
__PYCC_INL __m256d _mm256_castps_pd(__m256 __a) { return (__m256d)__a; }
__PYCC_INL __m256i _mm256_castps_si256(__m256 __a) { return (__m256i)__a; }
__PYCC_INL __m256 _mm256_castsi256_ps(__m256i __a) { return (__m256)__a; }
__PYCC_INL __m256d _mm256_castsi256_pd(__m256i __a) { return (__m256d)__a; }
__PYCC_INL __m128d _mm256_castpd256_pd128(__m256d __a) { return (__m128d)__pycc_lo128((__v8sf)__a); }
__PYCC_INL __m128 _mm256_castps256_ps128(__m256 __a) { return __pycc_lo128((__v8sf)__a); }
__PYCC_INL __m128i _mm256_castsi256_si128(__m256i __a) { return (__m128i)__pycc_lo128((__v8sf)__a); }
__PYCC_INL __m256d _mm256_castpd128_pd256(__m128d __a) { return (__m256d)__pycc_join128((__m128)__a, _mm_setzero_ps()); }
__PYCC_INL __m256 _mm256_castps128_ps256(__m128 __a) { return __pycc_join128(__a, _mm_setzero_ps()); }
__PYCC_INL __m256i _mm256_castsi128_si256(__m128i __a) { return (__m256i)__pycc_join128((__m128)__a, _mm_setzero_ps()); }
__PYCC_INL __m256d _mm256_zextpd128_pd256(__m128d __a) { return _mm256_castpd128_pd256(__a); }
__PYCC_INL __m256 _mm256_zextps128_ps256(__m128 __a) { return _mm256_castps128_ps256(__a); }
__PYCC_INL __m256i _mm256_zextsi128_si256(__m128i __a) { return _mm256_castsi128_si256(__a); }
#endif
