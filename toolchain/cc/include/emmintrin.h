/* SSE2 intrinsics for pycc, written from Intel's Intrinsics Guide on GNU vector types and the
   __builtin_ia32_* builtins pycc's x86-64 back end selects (arch/x86_64/cc/builtins.py). */
#ifndef _EMMINTRIN_H_INCLUDED
#define _EMMINTRIN_H_INCLUDED

#include <xmmintrin.h>

typedef double __v2df __attribute__((__vector_size__(16)));
typedef long long __v2di __attribute__((__vector_size__(16)));
typedef unsigned long long __v2du __attribute__((__vector_size__(16)));
typedef int __v4si __attribute__((__vector_size__(16)));
typedef unsigned int __v4su __attribute__((__vector_size__(16)));
typedef short __v8hi __attribute__((__vector_size__(16)));
typedef unsigned short __v8hu __attribute__((__vector_size__(16)));
typedef char __v16qi __attribute__((__vector_size__(16)));
typedef signed char __v16qs __attribute__((__vector_size__(16)));
typedef unsigned char __v16qu __attribute__((__vector_size__(16)));
typedef long long __m128i __attribute__((__vector_size__(16), __may_alias__));
typedef double __m128d __attribute__((__vector_size__(16), __may_alias__));
typedef long long __m128i_u __attribute__((__vector_size__(16), __may_alias__, __aligned__(1)));
typedef double __m128d_u __attribute__((__vector_size__(16), __may_alias__, __aligned__(1)));

#define _MM_SHUFFLE2(fp1, fp0) (((fp1) << 1) | (fp0))

/* double precision: set, load, store */
__PYCC_INL __m128d _mm_set_sd(double __f) { return (__m128d){__f, 0.0}; }
__PYCC_INL __m128d _mm_set1_pd(double __f) { return (__m128d){__f, __f}; }
__PYCC_INL __m128d _mm_set_pd1(double __f) { return (__m128d){__f, __f}; }
__PYCC_INL __m128d _mm_set_pd(double __w, double __x) { return (__m128d){__x, __w}; }
__PYCC_INL __m128d _mm_setr_pd(double __w, double __x) { return (__m128d){__w, __x}; }
__PYCC_INL __m128d _mm_setzero_pd(void) { return (__m128d){0.0, 0.0}; }
__PYCC_INL __m128d _mm_undefined_pd(void) { return (__m128d){0.0, 0.0}; }
__PYCC_INL __m128d _mm_move_sd(__m128d __a, __m128d __b) { __a[0] = __b[0]; return __a; }
__PYCC_INL __m128d _mm_load_pd(double const *__p) { return *(__m128d *)__p; }
__PYCC_INL __m128d _mm_loadu_pd(double const *__p) { return *(__m128d_u *)__p; }
__PYCC_INL __m128d _mm_load1_pd(double const *__p) { return _mm_set1_pd(*__p); }
__PYCC_INL __m128d _mm_load_pd1(double const *__p) { return _mm_set1_pd(*__p); }
__PYCC_INL __m128d _mm_load_sd(double const *__p) { return _mm_set_sd(*__p); }
__PYCC_INL __m128d _mm_loadr_pd(double const *__p)
{ __m128d __t = *(__m128d *)__p; return (__m128d){__t[1], __t[0]}; }
__PYCC_INL __m128d _mm_loadh_pd(__m128d __a, double const *__p) { __a[1] = *__p; return __a; }
__PYCC_INL __m128d _mm_loadl_pd(__m128d __a, double const *__p) { __a[0] = *__p; return __a; }
__PYCC_INL void _mm_store_sd(double *__p, __m128d __a) { *__p = __a[0]; }
__PYCC_INL double _mm_cvtsd_f64(__m128d __a) { return __a[0]; }
__PYCC_INL void _mm_store_pd(double *__p, __m128d __a) { *(__m128d *)__p = __a; }
__PYCC_INL void _mm_storeu_pd(double *__p, __m128d __a) { *(__m128d_u *)__p = __a; }
__PYCC_INL void _mm_store1_pd(double *__p, __m128d __a) { *(__m128d *)__p = _mm_set1_pd(__a[0]); }
__PYCC_INL void _mm_store_pd1(double *__p, __m128d __a) { _mm_store1_pd(__p, __a); }
__PYCC_INL void _mm_storer_pd(double *__p, __m128d __a) { *(__m128d *)__p = (__m128d){__a[1], __a[0]}; }
__PYCC_INL void _mm_storeh_pd(double *__p, __m128d __a) { *__p = __a[1]; }
__PYCC_INL void _mm_storel_pd(double *__p, __m128d __a) { *__p = __a[0]; }
__PYCC_INL void _mm_stream_pd(double *__p, __m128d __a) { *(__m128d *)__p = __a; }

/* integer: set, load, store */
__PYCC_INL __m128i _mm_setzero_si128(void) { return (__m128i){0, 0}; }
__PYCC_INL __m128i _mm_undefined_si128(void) { return (__m128i){0, 0}; }
__PYCC_INL __m128i _mm_set_epi64x(long long __q1, long long __q0) { return (__m128i){__q0, __q1}; }
__PYCC_INL __m128i _mm_set_epi64(__m64 __q1, __m64 __q0)
{ return (__m128i){(long long)__q0, (long long)__q1}; }
__PYCC_INL __m128i _mm_set_epi32(int __q3, int __q2, int __q1, int __q0)
{ return (__m128i)(__v4si){__q0, __q1, __q2, __q3}; }
__PYCC_INL __m128i _mm_set_epi16(short __q7, short __q6, short __q5, short __q4, short __q3,
                                 short __q2, short __q1, short __q0)
{ return (__m128i)(__v8hi){__q0, __q1, __q2, __q3, __q4, __q5, __q6, __q7}; }
__PYCC_INL __m128i _mm_set_epi8(char __q15, char __q14, char __q13, char __q12, char __q11,
                                char __q10, char __q09, char __q08, char __q07, char __q06,
                                char __q05, char __q04, char __q03, char __q02, char __q01,
                                char __q00)
{ return (__m128i)(__v16qi){__q00, __q01, __q02, __q03, __q04, __q05, __q06, __q07,
                            __q08, __q09, __q10, __q11, __q12, __q13, __q14, __q15}; }
__PYCC_INL __m128i _mm_setr_epi64(__m64 __q0, __m64 __q1)
{ return (__m128i){(long long)__q0, (long long)__q1}; }
__PYCC_INL __m128i _mm_setr_epi32(int __q0, int __q1, int __q2, int __q3)
{ return (__m128i)(__v4si){__q0, __q1, __q2, __q3}; }
__PYCC_INL __m128i _mm_setr_epi16(short __q0, short __q1, short __q2, short __q3, short __q4,
                                  short __q5, short __q6, short __q7)
{ return (__m128i)(__v8hi){__q0, __q1, __q2, __q3, __q4, __q5, __q6, __q7}; }
__PYCC_INL __m128i _mm_setr_epi8(char __q00, char __q01, char __q02, char __q03, char __q04,
                                 char __q05, char __q06, char __q07, char __q08, char __q09,
                                 char __q10, char __q11, char __q12, char __q13, char __q14,
                                 char __q15)
{ return (__m128i)(__v16qi){__q00, __q01, __q02, __q03, __q04, __q05, __q06, __q07,
                            __q08, __q09, __q10, __q11, __q12, __q13, __q14, __q15}; }
__PYCC_INL __m128i _mm_set1_epi64x(long long __a) { return (__m128i){__a, __a}; }
__PYCC_INL __m128i _mm_set1_epi64(__m64 __a) { return (__m128i){(long long)__a, (long long)__a}; }
__PYCC_INL __m128i _mm_set1_epi32(int __a) { return (__m128i)(__v4si){__a, __a, __a, __a}; }
__PYCC_INL __m128i _mm_set1_epi16(short __a)
{ return (__m128i)(__v8hi){__a, __a, __a, __a, __a, __a, __a, __a}; }
__PYCC_INL __m128i _mm_set1_epi8(char __a)
{ return (__m128i)(__v16qi){__a, __a, __a, __a, __a, __a, __a, __a,
                            __a, __a, __a, __a, __a, __a, __a, __a}; }
__PYCC_INL __m128i _mm_load_si128(__m128i const *__p) { return *__p; }
__PYCC_INL __m128i _mm_loadu_si128(__m128i_u const *__p) { return *__p; }
__PYCC_INL __m128i _mm_loadl_epi64(__m128i_u const *__p)
{ return (__m128i){*(long long __attribute__((__may_alias__, __aligned__(1))) *)__p, 0}; }
__PYCC_INL __m128i _mm_loadu_si64(void const *__p)
{ return (__m128i){*(long long __attribute__((__may_alias__, __aligned__(1))) *)__p, 0}; }
__PYCC_INL __m128i _mm_loadu_si32(void const *__p)
{ return (__m128i)(__v4si){*(int __attribute__((__may_alias__, __aligned__(1))) *)__p, 0, 0, 0}; }
__PYCC_INL __m128i _mm_loadu_si16(void const *__p)
{ return (__m128i)(__v8hi){*(short __attribute__((__may_alias__, __aligned__(1))) *)__p, 0, 0, 0, 0, 0, 0, 0}; }
__PYCC_INL void _mm_store_si128(__m128i *__p, __m128i __a) { *__p = __a; }
__PYCC_INL void _mm_storeu_si128(__m128i_u *__p, __m128i __a) { *__p = __a; }
__PYCC_INL void _mm_storel_epi64(__m128i_u *__p, __m128i __a)
{ *(long long __attribute__((__may_alias__, __aligned__(1))) *)__p = __a[0]; }
__PYCC_INL void _mm_storeu_si64(void *__p, __m128i __a)
{ *(long long __attribute__((__may_alias__, __aligned__(1))) *)__p = __a[0]; }
__PYCC_INL void _mm_storeu_si32(void *__p, __m128i __a)
{ *(int __attribute__((__may_alias__, __aligned__(1))) *)__p = ((__v4si)__a)[0]; }
__PYCC_INL void _mm_storeu_si16(void *__p, __m128i __a)
{ *(short __attribute__((__may_alias__, __aligned__(1))) *)__p = ((__v8hi)__a)[0]; }
__PYCC_INL void _mm_stream_si128(__m128i *__p, __m128i __a) { *__p = __a; }
__PYCC_INL void _mm_stream_si32(int *__p, int __a) { *__p = __a; }
__PYCC_INL void _mm_stream_si64(long long *__p, long long __a) { *__p = __a; }
__PYCC_INL void _mm_maskmoveu_si128(__m128i __a, __m128i __m, char *__p)
{ __v16qi __x = (__v16qi)__a, __y = (__v16qi)__m; int __i;
  for (__i = 0; __i < 16; __i++) if (__y[__i] & 0x80) __p[__i] = __x[__i]; }
__PYCC_INL __m64 _mm_movepi64_pi64(__m128i __a) { return (__m64)__a[0]; }
__PYCC_INL __m128i _mm_movpi64_epi64(__m64 __a) { return (__m128i){(long long)__a, 0}; }
__PYCC_INL __m128i _mm_move_epi64(__m128i __a) { return (__m128i){__a[0], 0}; }

/* double precision arithmetic and logic */
__PYCC_INL __m128d _mm_add_sd(__m128d __a, __m128d __b) { __a[0] += __b[0]; return __a; }
__PYCC_INL __m128d _mm_sub_sd(__m128d __a, __m128d __b) { __a[0] -= __b[0]; return __a; }
__PYCC_INL __m128d _mm_mul_sd(__m128d __a, __m128d __b) { __a[0] *= __b[0]; return __a; }
__PYCC_INL __m128d _mm_div_sd(__m128d __a, __m128d __b) { __a[0] /= __b[0]; return __a; }
__PYCC_INL __m128d _mm_add_pd(__m128d __a, __m128d __b) { return (__m128d)((__v2df)__a + (__v2df)__b); }
__PYCC_INL __m128d _mm_sub_pd(__m128d __a, __m128d __b) { return (__m128d)((__v2df)__a - (__v2df)__b); }
__PYCC_INL __m128d _mm_mul_pd(__m128d __a, __m128d __b) { return (__m128d)((__v2df)__a * (__v2df)__b); }
__PYCC_INL __m128d _mm_div_pd(__m128d __a, __m128d __b) { return (__m128d)((__v2df)__a / (__v2df)__b); }
__PYCC_INL __m128d _mm_sqrt_pd(__m128d __a) { return (__m128d)__builtin_ia32_sqrtpd((__v2df)__a); }
__PYCC_INL __m128d _mm_sqrt_sd(__m128d __a, __m128d __b) { return (__m128d)__builtin_ia32_sqrtsd((__v2df)__a, (__v2df)__b); }
__PYCC_INL __m128d _mm_min_pd(__m128d __a, __m128d __b) { return (__m128d)__builtin_ia32_minpd((__v2df)__a, (__v2df)__b); }
__PYCC_INL __m128d _mm_max_pd(__m128d __a, __m128d __b) { return (__m128d)__builtin_ia32_maxpd((__v2df)__a, (__v2df)__b); }
__PYCC_INL __m128d _mm_min_sd(__m128d __a, __m128d __b) { return (__m128d)__builtin_ia32_minsd((__v2df)__a, (__v2df)__b); }
__PYCC_INL __m128d _mm_max_sd(__m128d __a, __m128d __b) { return (__m128d)__builtin_ia32_maxsd((__v2df)__a, (__v2df)__b); }
__PYCC_INL __m128d _mm_and_pd(__m128d __a, __m128d __b) { return (__m128d)((__v2di)__a & (__v2di)__b); }
__PYCC_INL __m128d _mm_andnot_pd(__m128d __a, __m128d __b) { return (__m128d)(~(__v2di)__a & (__v2di)__b); }
__PYCC_INL __m128d _mm_or_pd(__m128d __a, __m128d __b) { return (__m128d)((__v2di)__a | (__v2di)__b); }
__PYCC_INL __m128d _mm_xor_pd(__m128d __a, __m128d __b) { return (__m128d)((__v2di)__a ^ (__v2di)__b); }

#define __PYCC_CMPPD(name, p, swap) \
__PYCC_INL __m128d _mm_##name##_pd(__m128d __a, __m128d __b) \
{ return swap ? (__m128d)__builtin_ia32_cmppd((__v2df)__b, (__v2df)__a, p) \
              : (__m128d)__builtin_ia32_cmppd((__v2df)__a, (__v2df)__b, p); } \
__PYCC_INL __m128d _mm_##name##_sd(__m128d __a, __m128d __b) \
{ return swap ? _mm_move_sd(__a, (__m128d)__builtin_ia32_cmpsd((__v2df)__b, (__v2df)__a, p)) \
              : (__m128d)__builtin_ia32_cmpsd((__v2df)__a, (__v2df)__b, p); }
__PYCC_CMPPD(cmpeq, 0, 0)
__PYCC_CMPPD(cmplt, 1, 0)
__PYCC_CMPPD(cmple, 2, 0)
__PYCC_CMPPD(cmpgt, 1, 1)
__PYCC_CMPPD(cmpge, 2, 1)
__PYCC_CMPPD(cmpneq, 4, 0)
__PYCC_CMPPD(cmpnlt, 5, 0)
__PYCC_CMPPD(cmpnle, 6, 0)
__PYCC_CMPPD(cmpngt, 5, 1)
__PYCC_CMPPD(cmpnge, 6, 1)
__PYCC_CMPPD(cmpord, 7, 0)
__PYCC_CMPPD(cmpunord, 3, 0)
__PYCC_INL int _mm_comieq_sd(__m128d __a, __m128d __b) { return __a[0] == __b[0]; }
__PYCC_INL int _mm_comilt_sd(__m128d __a, __m128d __b) { return __a[0] < __b[0]; }
__PYCC_INL int _mm_comile_sd(__m128d __a, __m128d __b) { return __a[0] <= __b[0]; }
__PYCC_INL int _mm_comigt_sd(__m128d __a, __m128d __b) { return __a[0] > __b[0]; }
__PYCC_INL int _mm_comige_sd(__m128d __a, __m128d __b) { return __a[0] >= __b[0]; }
__PYCC_INL int _mm_comineq_sd(__m128d __a, __m128d __b) { return __a[0] != __b[0]; }
__PYCC_INL int _mm_ucomieq_sd(__m128d __a, __m128d __b) { return __a[0] == __b[0]; }
__PYCC_INL int _mm_ucomilt_sd(__m128d __a, __m128d __b) { return __a[0] < __b[0]; }
__PYCC_INL int _mm_ucomile_sd(__m128d __a, __m128d __b) { return __a[0] <= __b[0]; }
__PYCC_INL int _mm_ucomigt_sd(__m128d __a, __m128d __b) { return __a[0] > __b[0]; }
__PYCC_INL int _mm_ucomige_sd(__m128d __a, __m128d __b) { return __a[0] >= __b[0]; }
__PYCC_INL int _mm_ucomineq_sd(__m128d __a, __m128d __b) { return __a[0] != __b[0]; }

/* conversions */
__PYCC_INL __m128d _mm_cvtepi32_pd(__m128i __a) { return (__m128d)__builtin_ia32_cvtdq2pd((__v4si)__a); }
__PYCC_INL __m128 _mm_cvtepi32_ps(__m128i __a) { return (__m128)__builtin_ia32_cvtdq2ps((__v4si)__a); }
__PYCC_INL __m128i _mm_cvtpd_epi32(__m128d __a) { return (__m128i)__builtin_ia32_cvtpd2dq((__v2df)__a); }
__PYCC_INL __m128i _mm_cvttpd_epi32(__m128d __a) { return (__m128i)__builtin_ia32_cvttpd2dq((__v2df)__a); }
__PYCC_INL __m64 _mm_cvtpd_pi32(__m128d __a) { return __PYCC_LO(__builtin_ia32_cvtpd2dq((__v2df)__a)); }
__PYCC_INL __m64 _mm_cvttpd_pi32(__m128d __a) { return __PYCC_LO(__builtin_ia32_cvttpd2dq((__v2df)__a)); }
__PYCC_INL __m128 _mm_cvtpd_ps(__m128d __a) { return (__m128)__builtin_ia32_cvtpd2ps((__v2df)__a); }
__PYCC_INL __m128d _mm_cvtps_pd(__m128 __a) { return (__m128d)__builtin_ia32_cvtps2pd((__v4sf)__a); }
__PYCC_INL __m128i _mm_cvtps_epi32(__m128 __a) { return (__m128i)__builtin_ia32_cvtps2dq((__v4sf)__a); }
__PYCC_INL __m128i _mm_cvttps_epi32(__m128 __a) { return (__m128i)__builtin_ia32_cvttps2dq((__v4sf)__a); }
__PYCC_INL __m128d _mm_cvtpi32_pd(__m64 __a)
{ return (__m128d){(double)((__v2si)__a)[0], (double)((__v2si)__a)[1]}; }
__PYCC_INL int _mm_cvtsd_si32(__m128d __a) { return __builtin_ia32_cvtsd2si((__v2df)__a); }
__PYCC_INL long long _mm_cvtsd_si64(__m128d __a) { return __builtin_ia32_cvtsd2si64((__v2df)__a); }
__PYCC_INL long long _mm_cvtsd_si64x(__m128d __a) { return __builtin_ia32_cvtsd2si64((__v2df)__a); }
__PYCC_INL int _mm_cvttsd_si32(__m128d __a) { return (int)__a[0]; }
__PYCC_INL long long _mm_cvttsd_si64(__m128d __a) { return (long long)__a[0]; }
__PYCC_INL long long _mm_cvttsd_si64x(__m128d __a) { return (long long)__a[0]; }
__PYCC_INL __m128 _mm_cvtsd_ss(__m128 __a, __m128d __b) { __a[0] = (float)__b[0]; return __a; }
__PYCC_INL __m128d _mm_cvtss_sd(__m128d __a, __m128 __b) { __a[0] = (double)__b[0]; return __a; }
__PYCC_INL __m128d _mm_cvtsi32_sd(__m128d __a, int __b) { __a[0] = (double)__b; return __a; }
__PYCC_INL __m128d _mm_cvtsi64_sd(__m128d __a, long long __b) { __a[0] = (double)__b; return __a; }
__PYCC_INL __m128d _mm_cvtsi64x_sd(__m128d __a, long long __b) { __a[0] = (double)__b; return __a; }
__PYCC_INL int _mm_cvtsi128_si32(__m128i __a) { return ((__v4si)__a)[0]; }
__PYCC_INL long long _mm_cvtsi128_si64(__m128i __a) { return __a[0]; }
__PYCC_INL long long _mm_cvtsi128_si64x(__m128i __a) { return __a[0]; }
__PYCC_INL __m128i _mm_cvtsi32_si128(int __a) { return (__m128i)(__v4si){__a, 0, 0, 0}; }
__PYCC_INL __m128i _mm_cvtsi64_si128(long long __a) { return (__m128i){__a, 0}; }
__PYCC_INL __m128i _mm_cvtsi64x_si128(long long __a) { return (__m128i){__a, 0}; }

/* casts */
__PYCC_INL __m128 _mm_castpd_ps(__m128d __a) { return (__m128)__a; }
__PYCC_INL __m128i _mm_castpd_si128(__m128d __a) { return (__m128i)__a; }
__PYCC_INL __m128d _mm_castps_pd(__m128 __a) { return (__m128d)__a; }
__PYCC_INL __m128i _mm_castps_si128(__m128 __a) { return (__m128i)__a; }
__PYCC_INL __m128 _mm_castsi128_ps(__m128i __a) { return (__m128)__a; }
__PYCC_INL __m128d _mm_castsi128_pd(__m128i __a) { return (__m128d)__a; }

/* shuffles and unpacks */
#define _mm_shuffle_pd(A, B, M) \
  ((__m128d)__builtin_ia32_shufpd((__v2df)(__m128d)(A), (__v2df)(__m128d)(B), (int)(M)))
__PYCC_INL __m128d _mm_unpackhi_pd(__m128d __a, __m128d __b) { return (__m128d){__a[1], __b[1]}; }
__PYCC_INL __m128d _mm_unpacklo_pd(__m128d __a, __m128d __b) { return (__m128d){__a[0], __b[0]}; }
__PYCC_INL int _mm_movemask_pd(__m128d __a) { return __builtin_ia32_movmskpd((__v2df)__a); }
__PYCC_INL __m128i _mm_unpackhi_epi8(__m128i __a, __m128i __b) { return (__m128i)__builtin_ia32_punpckhbw128((__v16qi)__a, (__v16qi)__b); }
__PYCC_INL __m128i _mm_unpackhi_epi16(__m128i __a, __m128i __b) { return (__m128i)__builtin_ia32_punpckhwd128((__v8hi)__a, (__v8hi)__b); }
__PYCC_INL __m128i _mm_unpackhi_epi32(__m128i __a, __m128i __b) { return (__m128i)__builtin_ia32_punpckhdq128((__v4si)__a, (__v4si)__b); }
__PYCC_INL __m128i _mm_unpackhi_epi64(__m128i __a, __m128i __b) { return (__m128i)__builtin_ia32_punpckhqdq128((__v2di)__a, (__v2di)__b); }
__PYCC_INL __m128i _mm_unpacklo_epi8(__m128i __a, __m128i __b) { return (__m128i)__builtin_ia32_punpcklbw128((__v16qi)__a, (__v16qi)__b); }
__PYCC_INL __m128i _mm_unpacklo_epi16(__m128i __a, __m128i __b) { return (__m128i)__builtin_ia32_punpcklwd128((__v8hi)__a, (__v8hi)__b); }
__PYCC_INL __m128i _mm_unpacklo_epi32(__m128i __a, __m128i __b) { return (__m128i)__builtin_ia32_punpckldq128((__v4si)__a, (__v4si)__b); }
__PYCC_INL __m128i _mm_unpacklo_epi64(__m128i __a, __m128i __b) { return (__m128i)__builtin_ia32_punpcklqdq128((__v2di)__a, (__v2di)__b); }
#define _mm_shuffle_epi32(A, N) ((__m128i)__builtin_ia32_pshufd((__v4si)(__m128i)(A), (int)(N)))
#define _mm_shufflehi_epi16(A, N) ((__m128i)__builtin_ia32_pshufhw((__v8hi)(__m128i)(A), (int)(N)))
#define _mm_shufflelo_epi16(A, N) ((__m128i)__builtin_ia32_pshuflw((__v8hi)(__m128i)(A), (int)(N)))
__PYCC_INL int _mm_extract_epi16(__m128i __a, int __n) { return (unsigned short)((__v8hi)__a)[__n & 7]; }
__PYCC_INL __m128i _mm_insert_epi16(__m128i __a, int __d, int __n)
{ __v8hi __t = (__v8hi)__a; __t[__n & 7] = (short)__d; return (__m128i)__t; }
__PYCC_INL int _mm_movemask_epi8(__m128i __a) { return __builtin_ia32_pmovmskb128((__v16qi)__a); }
__PYCC_INL __m128i _mm_packs_epi16(__m128i __a, __m128i __b) { return (__m128i)__builtin_ia32_packsswb128((__v8hi)__a, (__v8hi)__b); }
__PYCC_INL __m128i _mm_packs_epi32(__m128i __a, __m128i __b) { return (__m128i)__builtin_ia32_packssdw128((__v4si)__a, (__v4si)__b); }
__PYCC_INL __m128i _mm_packus_epi16(__m128i __a, __m128i __b) { return (__m128i)__builtin_ia32_packuswb128((__v8hi)__a, (__v8hi)__b); }

/* integer arithmetic */
__PYCC_INL __m128i _mm_add_epi8(__m128i __a, __m128i __b) { return (__m128i)((__v16qu)__a + (__v16qu)__b); }
__PYCC_INL __m128i _mm_add_epi16(__m128i __a, __m128i __b) { return (__m128i)((__v8hu)__a + (__v8hu)__b); }
__PYCC_INL __m128i _mm_add_epi32(__m128i __a, __m128i __b) { return (__m128i)((__v4su)__a + (__v4su)__b); }
__PYCC_INL __m128i _mm_add_epi64(__m128i __a, __m128i __b) { return (__m128i)((__v2du)__a + (__v2du)__b); }
__PYCC_INL __m64 _mm_add_si64(__m64 __a, __m64 __b) { return (__m64)((unsigned long long)__a + (unsigned long long)__b); }
__PYCC_INL __m128i _mm_sub_epi8(__m128i __a, __m128i __b) { return (__m128i)((__v16qu)__a - (__v16qu)__b); }
__PYCC_INL __m128i _mm_sub_epi16(__m128i __a, __m128i __b) { return (__m128i)((__v8hu)__a - (__v8hu)__b); }
__PYCC_INL __m128i _mm_sub_epi32(__m128i __a, __m128i __b) { return (__m128i)((__v4su)__a - (__v4su)__b); }
__PYCC_INL __m128i _mm_sub_epi64(__m128i __a, __m128i __b) { return (__m128i)((__v2du)__a - (__v2du)__b); }
__PYCC_INL __m64 _mm_sub_si64(__m64 __a, __m64 __b) { return (__m64)((unsigned long long)__a - (unsigned long long)__b); }
#define __PYCC_B128(name, bi, ty) \
__PYCC_INL __m128i name(__m128i __a, __m128i __b) { return (__m128i)bi((ty)__a, (ty)__b); }
__PYCC_B128(_mm_adds_epi8, __builtin_ia32_paddsb128, __v16qi)
__PYCC_B128(_mm_adds_epi16, __builtin_ia32_paddsw128, __v8hi)
__PYCC_B128(_mm_adds_epu8, __builtin_ia32_paddusb128, __v16qi)
__PYCC_B128(_mm_adds_epu16, __builtin_ia32_paddusw128, __v8hi)
__PYCC_B128(_mm_subs_epi8, __builtin_ia32_psubsb128, __v16qi)
__PYCC_B128(_mm_subs_epi16, __builtin_ia32_psubsw128, __v8hi)
__PYCC_B128(_mm_subs_epu8, __builtin_ia32_psubusb128, __v16qi)
__PYCC_B128(_mm_subs_epu16, __builtin_ia32_psubusw128, __v8hi)
__PYCC_B128(_mm_avg_epu8, __builtin_ia32_pavgb128, __v16qi)
__PYCC_B128(_mm_avg_epu16, __builtin_ia32_pavgw128, __v8hi)
__PYCC_B128(_mm_madd_epi16, __builtin_ia32_pmaddwd128, __v8hi)
__PYCC_B128(_mm_max_epi16, __builtin_ia32_pmaxsw128, __v8hi)
__PYCC_B128(_mm_max_epu8, __builtin_ia32_pmaxub128, __v16qi)
__PYCC_B128(_mm_min_epi16, __builtin_ia32_pminsw128, __v8hi)
__PYCC_B128(_mm_min_epu8, __builtin_ia32_pminub128, __v16qi)
__PYCC_B128(_mm_mulhi_epi16, __builtin_ia32_pmulhw128, __v8hi)
__PYCC_B128(_mm_mulhi_epu16, __builtin_ia32_pmulhuw128, __v8hi)
__PYCC_B128(_mm_mul_epu32, __builtin_ia32_pmuludq128, __v4si)
__PYCC_B128(_mm_sad_epu8, __builtin_ia32_psadbw128, __v16qi)
__PYCC_INL __m128i _mm_mullo_epi16(__m128i __a, __m128i __b) { return (__m128i)((__v8hu)__a * (__v8hu)__b); }
__PYCC_INL __m64 _mm_mul_su32(__m64 __a, __m64 __b)
{ return (__m64)((unsigned long long)(unsigned int)((__v2si)__a)[0] * (unsigned int)((__v2si)__b)[0]); }

/* logic and compares */
__PYCC_INL __m128i _mm_and_si128(__m128i __a, __m128i __b) { return (__m128i)((__v2du)__a & (__v2du)__b); }
__PYCC_INL __m128i _mm_andnot_si128(__m128i __a, __m128i __b) { return (__m128i)(~(__v2du)__a & (__v2du)__b); }
__PYCC_INL __m128i _mm_or_si128(__m128i __a, __m128i __b) { return (__m128i)((__v2du)__a | (__v2du)__b); }
__PYCC_INL __m128i _mm_xor_si128(__m128i __a, __m128i __b) { return (__m128i)((__v2du)__a ^ (__v2du)__b); }
__PYCC_INL __m128i _mm_cmpeq_epi8(__m128i __a, __m128i __b) { return (__m128i)((__v16qs)__a == (__v16qs)__b); }
__PYCC_INL __m128i _mm_cmpeq_epi16(__m128i __a, __m128i __b) { return (__m128i)((__v8hi)__a == (__v8hi)__b); }
__PYCC_INL __m128i _mm_cmpeq_epi32(__m128i __a, __m128i __b) { return (__m128i)((__v4si)__a == (__v4si)__b); }
__PYCC_INL __m128i _mm_cmpgt_epi8(__m128i __a, __m128i __b) { return (__m128i)((__v16qs)__a > (__v16qs)__b); }
__PYCC_INL __m128i _mm_cmpgt_epi16(__m128i __a, __m128i __b) { return (__m128i)((__v8hi)__a > (__v8hi)__b); }
__PYCC_INL __m128i _mm_cmpgt_epi32(__m128i __a, __m128i __b) { return (__m128i)((__v4si)__a > (__v4si)__b); }
__PYCC_INL __m128i _mm_cmplt_epi8(__m128i __a, __m128i __b) { return (__m128i)((__v16qs)__a < (__v16qs)__b); }
__PYCC_INL __m128i _mm_cmplt_epi16(__m128i __a, __m128i __b) { return (__m128i)((__v8hi)__a < (__v8hi)__b); }
__PYCC_INL __m128i _mm_cmplt_epi32(__m128i __a, __m128i __b) { return (__m128i)((__v4si)__a < (__v4si)__b); }

/* shifts (the immediate forms use the count-in-a-register instructions: counts above the
   element width give 0, or the sign, as the instructions do) */
#define __PYCC_SH128(name, namei, bi, ty) \
__PYCC_INL __m128i name(__m128i __a, __m128i __c) { return (__m128i)bi((ty)__a, (__v2di)__c); } \
__PYCC_INL __m128i namei(__m128i __a, int __n) { return (__m128i)bi((ty)__a, __PYCC_CNT(__n)); }
__PYCC_SH128(_mm_sll_epi16, _mm_slli_epi16, __builtin_ia32_psllw128, __v8hi)
__PYCC_SH128(_mm_sll_epi32, _mm_slli_epi32, __builtin_ia32_pslld128, __v4si)
__PYCC_SH128(_mm_sll_epi64, _mm_slli_epi64, __builtin_ia32_psllq128, __v2di)
__PYCC_SH128(_mm_sra_epi16, _mm_srai_epi16, __builtin_ia32_psraw128, __v8hi)
__PYCC_SH128(_mm_sra_epi32, _mm_srai_epi32, __builtin_ia32_psrad128, __v4si)
__PYCC_SH128(_mm_srl_epi16, _mm_srli_epi16, __builtin_ia32_psrlw128, __v8hi)
__PYCC_SH128(_mm_srl_epi32, _mm_srli_epi32, __builtin_ia32_psrld128, __v4si)
__PYCC_SH128(_mm_srl_epi64, _mm_srli_epi64, __builtin_ia32_psrlq128, __v2di)
#define _mm_slli_si128(A, N) ((__m128i)__builtin_ia32_pslldqi128((__v2di)(__m128i)(A), (int)(N) * 8))
#define _mm_srli_si128(A, N) ((__m128i)__builtin_ia32_psrldqi128((__v2di)(__m128i)(A), (int)(N) * 8))
#define _mm_bslli_si128(A, N) _mm_slli_si128(A, N)
#define _mm_bsrli_si128(A, N) _mm_srli_si128(A, N)

/* cache and ordering */
__PYCC_INL void _mm_clflush(void const *__p) { __builtin_ia32_clflush(__p); }
__PYCC_INL void _mm_lfence(void) { __builtin_ia32_lfence(); }
__PYCC_INL void _mm_mfence(void) { __builtin_ia32_mfence(); }

#endif
