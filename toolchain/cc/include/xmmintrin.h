/* SSE intrinsics for pycc, written from Intel's Intrinsics Guide on GNU vector types and the
   __builtin_ia32_* builtins pycc's x86-64 back end selects (arch/x86_64/cc/builtins.py). */
#ifndef _XMMINTRIN_H_INCLUDED
#define _XMMINTRIN_H_INCLUDED

#include <mmintrin.h>
#include <mm_malloc.h>

typedef float __m128 __attribute__((__vector_size__(16), __may_alias__));
typedef float __m128_u __attribute__((__vector_size__(16), __may_alias__, __aligned__(1)));
typedef float __v4sf __attribute__((__vector_size__(16)));

enum _mm_hint { _MM_HINT_ET0 = 7, _MM_HINT_ET1 = 6, _MM_HINT_T0 = 3, _MM_HINT_T1 = 2,
                _MM_HINT_T2 = 1, _MM_HINT_NTA = 0 };
#define _mm_prefetch(P, I) __builtin_prefetch((const void *)(P), ((I) & 0x4) >> 2, (I) & 0x3)

#define _MM_SHUFFLE(fp3, fp2, fp1, fp0) (((fp3) << 6) | ((fp2) << 4) | ((fp1) << 2) | (fp0))

#define _MM_EXCEPT_MASK       0x003f
#define _MM_EXCEPT_INVALID    0x0001
#define _MM_EXCEPT_DENORM     0x0002
#define _MM_EXCEPT_DIV_ZERO   0x0004
#define _MM_EXCEPT_OVERFLOW   0x0008
#define _MM_EXCEPT_UNDERFLOW  0x0010
#define _MM_EXCEPT_INEXACT    0x0020
#define _MM_MASK_MASK         0x1f80
#define _MM_MASK_INVALID      0x0080
#define _MM_MASK_DENORM       0x0100
#define _MM_MASK_DIV_ZERO     0x0200
#define _MM_MASK_OVERFLOW     0x0400
#define _MM_MASK_UNDERFLOW    0x0800
#define _MM_MASK_INEXACT      0x1000
#define _MM_ROUND_MASK        0x6000
#define _MM_ROUND_NEAREST     0x0000
#define _MM_ROUND_DOWN        0x2000
#define _MM_ROUND_UP          0x4000
#define _MM_ROUND_TOWARD_ZERO 0x6000
#define _MM_FLUSH_ZERO_MASK   0x8000
#define _MM_FLUSH_ZERO_ON     0x8000
#define _MM_FLUSH_ZERO_OFF    0x0000

/* set, load, store */
__PYCC_INL __m128 _mm_setzero_ps(void) { return (__m128){0.0f, 0.0f, 0.0f, 0.0f}; }
__PYCC_INL __m128 _mm_undefined_ps(void) { return (__m128){0.0f, 0.0f, 0.0f, 0.0f}; }
__PYCC_INL __m128 _mm_set_ss(float __f) { return (__m128){__f, 0.0f, 0.0f, 0.0f}; }
__PYCC_INL __m128 _mm_set1_ps(float __f) { return (__m128){__f, __f, __f, __f}; }
__PYCC_INL __m128 _mm_set_ps1(float __f) { return (__m128){__f, __f, __f, __f}; }
__PYCC_INL __m128 _mm_set_ps(float __z, float __y, float __x, float __w)
{ return (__m128){__w, __x, __y, __z}; }
__PYCC_INL __m128 _mm_setr_ps(float __z, float __y, float __x, float __w)
{ return (__m128){__z, __y, __x, __w}; }
__PYCC_INL __m128 _mm_load_ss(float const *__p) { return (__m128){*__p, 0.0f, 0.0f, 0.0f}; }
__PYCC_INL __m128 _mm_load1_ps(float const *__p) { return _mm_set1_ps(*__p); }
__PYCC_INL __m128 _mm_load_ps1(float const *__p) { return _mm_set1_ps(*__p); }
__PYCC_INL __m128 _mm_load_ps(float const *__p) { return *(__m128 *)__p; }
__PYCC_INL __m128 _mm_loadu_ps(float const *__p) { return *(__m128_u *)__p; }
__PYCC_INL __m128 _mm_loadr_ps(float const *__p)
{ __v4sf __t = *(__v4sf *)__p; return (__m128){__t[3], __t[2], __t[1], __t[0]}; }
__PYCC_INL __m128 _mm_loadh_pi(__m128 __a, __m64 const *__p)
{ __v2sf __t = *(__v2sf __attribute__((__may_alias__, __aligned__(1))) *)__p;
  __a[2] = __t[0]; __a[3] = __t[1]; return __a; }
__PYCC_INL __m128 _mm_loadl_pi(__m128 __a, __m64 const *__p)
{ __v2sf __t = *(__v2sf __attribute__((__may_alias__, __aligned__(1))) *)__p;
  __a[0] = __t[0]; __a[1] = __t[1]; return __a; }
__PYCC_INL void _mm_store_ss(float *__p, __m128 __a) { *__p = __a[0]; }
__PYCC_INL float _mm_cvtss_f32(__m128 __a) { return __a[0]; }
__PYCC_INL void _mm_store_ps(float *__p, __m128 __a) { *(__m128 *)__p = __a; }
__PYCC_INL void _mm_storeu_ps(float *__p, __m128 __a) { *(__m128_u *)__p = __a; }
__PYCC_INL void _mm_store1_ps(float *__p, __m128 __a) { *(__m128 *)__p = _mm_set1_ps(__a[0]); }
__PYCC_INL void _mm_store_ps1(float *__p, __m128 __a) { _mm_store1_ps(__p, __a); }
__PYCC_INL void _mm_storer_ps(float *__p, __m128 __a)
{ *(__m128 *)__p = (__m128){__a[3], __a[2], __a[1], __a[0]}; }
__PYCC_INL void _mm_storeh_pi(__m64 *__p, __m128 __a)
{ *(__v2sf __attribute__((__may_alias__, __aligned__(1))) *)__p = (__v2sf){__a[2], __a[3]}; }
__PYCC_INL void _mm_storel_pi(__m64 *__p, __m128 __a)
{ *(__v2sf __attribute__((__may_alias__, __aligned__(1))) *)__p = (__v2sf){__a[0], __a[1]}; }
__PYCC_INL __m128 _mm_move_ss(__m128 __a, __m128 __b) { __a[0] = __b[0]; return __a; }
__PYCC_INL void _mm_stream_ps(float *__p, __m128 __a) { *(__m128 *)__p = __a; }
__PYCC_INL void _mm_stream_pi(__m64 *__p, __m64 __a) { *__p = __a; }
__PYCC_INL void _mm_sfence(void) { __builtin_ia32_sfence(); }
__PYCC_INL void _mm_pause(void) { __builtin_ia32_pause(); }

/* arithmetic */
__PYCC_INL __m128 _mm_add_ss(__m128 __a, __m128 __b) { __a[0] += __b[0]; return __a; }
__PYCC_INL __m128 _mm_sub_ss(__m128 __a, __m128 __b) { __a[0] -= __b[0]; return __a; }
__PYCC_INL __m128 _mm_mul_ss(__m128 __a, __m128 __b) { __a[0] *= __b[0]; return __a; }
__PYCC_INL __m128 _mm_div_ss(__m128 __a, __m128 __b) { __a[0] /= __b[0]; return __a; }
__PYCC_INL __m128 _mm_add_ps(__m128 __a, __m128 __b) { return (__m128)((__v4sf)__a + (__v4sf)__b); }
__PYCC_INL __m128 _mm_sub_ps(__m128 __a, __m128 __b) { return (__m128)((__v4sf)__a - (__v4sf)__b); }
__PYCC_INL __m128 _mm_mul_ps(__m128 __a, __m128 __b) { return (__m128)((__v4sf)__a * (__v4sf)__b); }
__PYCC_INL __m128 _mm_div_ps(__m128 __a, __m128 __b) { return (__m128)((__v4sf)__a / (__v4sf)__b); }
__PYCC_INL __m128 _mm_sqrt_ss(__m128 __a) { return (__m128)__builtin_ia32_sqrtss((__v4sf)__a); }
__PYCC_INL __m128 _mm_rcp_ss(__m128 __a) { return (__m128)__builtin_ia32_rcpss((__v4sf)__a); }
__PYCC_INL __m128 _mm_rsqrt_ss(__m128 __a) { return (__m128)__builtin_ia32_rsqrtss((__v4sf)__a); }
__PYCC_INL __m128 _mm_sqrt_ps(__m128 __a) { return (__m128)__builtin_ia32_sqrtps((__v4sf)__a); }
__PYCC_INL __m128 _mm_rcp_ps(__m128 __a) { return (__m128)__builtin_ia32_rcpps((__v4sf)__a); }
__PYCC_INL __m128 _mm_rsqrt_ps(__m128 __a) { return (__m128)__builtin_ia32_rsqrtps((__v4sf)__a); }
__PYCC_INL __m128 _mm_min_ss(__m128 __a, __m128 __b) { return (__m128)__builtin_ia32_minss((__v4sf)__a, (__v4sf)__b); }
__PYCC_INL __m128 _mm_max_ss(__m128 __a, __m128 __b) { return (__m128)__builtin_ia32_maxss((__v4sf)__a, (__v4sf)__b); }
__PYCC_INL __m128 _mm_min_ps(__m128 __a, __m128 __b) { return (__m128)__builtin_ia32_minps((__v4sf)__a, (__v4sf)__b); }
__PYCC_INL __m128 _mm_max_ps(__m128 __a, __m128 __b) { return (__m128)__builtin_ia32_maxps((__v4sf)__a, (__v4sf)__b); }

/* logic */
__PYCC_INL __m128 _mm_and_ps(__m128 __a, __m128 __b) { return (__m128)((__pycc_v4si)__a & (__pycc_v4si)__b); }
__PYCC_INL __m128 _mm_andnot_ps(__m128 __a, __m128 __b) { return (__m128)(~(__pycc_v4si)__a & (__pycc_v4si)__b); }
__PYCC_INL __m128 _mm_or_ps(__m128 __a, __m128 __b) { return (__m128)((__pycc_v4si)__a | (__pycc_v4si)__b); }
__PYCC_INL __m128 _mm_xor_ps(__m128 __a, __m128 __b) { return (__m128)((__pycc_v4si)__a ^ (__pycc_v4si)__b); }

/* compares: cmpps/cmpss predicates 0 eq 1 lt 2 le 3 unord 4 neq 5 nlt 6 nle 7 ord */
#define __PYCC_CMPPS(name, p, swap) \
__PYCC_INL __m128 _mm_##name##_ps(__m128 __a, __m128 __b) \
{ return swap ? (__m128)__builtin_ia32_cmpps((__v4sf)__b, (__v4sf)__a, p) \
              : (__m128)__builtin_ia32_cmpps((__v4sf)__a, (__v4sf)__b, p); } \
__PYCC_INL __m128 _mm_##name##_ss(__m128 __a, __m128 __b) \
{ return swap ? _mm_move_ss(__a, (__m128)__builtin_ia32_cmpss((__v4sf)__b, (__v4sf)__a, p)) \
              : (__m128)__builtin_ia32_cmpss((__v4sf)__a, (__v4sf)__b, p); }
__PYCC_CMPPS(cmpeq, 0, 0)
__PYCC_CMPPS(cmplt, 1, 0)
__PYCC_CMPPS(cmple, 2, 0)
__PYCC_CMPPS(cmpgt, 1, 1)
__PYCC_CMPPS(cmpge, 2, 1)
__PYCC_CMPPS(cmpneq, 4, 0)
__PYCC_CMPPS(cmpnlt, 5, 0)
__PYCC_CMPPS(cmpnle, 6, 0)
__PYCC_CMPPS(cmpngt, 5, 1)
__PYCC_CMPPS(cmpnge, 6, 1)
__PYCC_CMPPS(cmpord, 7, 0)
__PYCC_CMPPS(cmpunord, 3, 0)
__PYCC_INL int _mm_comieq_ss(__m128 __a, __m128 __b) { return __a[0] == __b[0]; }
__PYCC_INL int _mm_comilt_ss(__m128 __a, __m128 __b) { return __a[0] < __b[0]; }
__PYCC_INL int _mm_comile_ss(__m128 __a, __m128 __b) { return __a[0] <= __b[0]; }
__PYCC_INL int _mm_comigt_ss(__m128 __a, __m128 __b) { return __a[0] > __b[0]; }
__PYCC_INL int _mm_comige_ss(__m128 __a, __m128 __b) { return __a[0] >= __b[0]; }
__PYCC_INL int _mm_comineq_ss(__m128 __a, __m128 __b) { return __a[0] != __b[0]; }
__PYCC_INL int _mm_ucomieq_ss(__m128 __a, __m128 __b) { return __a[0] == __b[0]; }
__PYCC_INL int _mm_ucomilt_ss(__m128 __a, __m128 __b) { return __a[0] < __b[0]; }
__PYCC_INL int _mm_ucomile_ss(__m128 __a, __m128 __b) { return __a[0] <= __b[0]; }
__PYCC_INL int _mm_ucomigt_ss(__m128 __a, __m128 __b) { return __a[0] > __b[0]; }
__PYCC_INL int _mm_ucomige_ss(__m128 __a, __m128 __b) { return __a[0] >= __b[0]; }
__PYCC_INL int _mm_ucomineq_ss(__m128 __a, __m128 __b) { return __a[0] != __b[0]; }

/* conversions */
__PYCC_INL int _mm_cvtss_si32(__m128 __a) { return __builtin_ia32_cvtss2si((__v4sf)__a); }
__PYCC_INL int _mm_cvt_ss2si(__m128 __a) { return __builtin_ia32_cvtss2si((__v4sf)__a); }
__PYCC_INL long long _mm_cvtss_si64(__m128 __a) { return __builtin_ia32_cvtss2si64((__v4sf)__a); }
__PYCC_INL long long _mm_cvtss_si64x(__m128 __a) { return __builtin_ia32_cvtss2si64((__v4sf)__a); }
__PYCC_INL int _mm_cvttss_si32(__m128 __a) { return (int)__a[0]; }
__PYCC_INL int _mm_cvtt_ss2si(__m128 __a) { return (int)__a[0]; }
__PYCC_INL long long _mm_cvttss_si64(__m128 __a) { return (long long)__a[0]; }
__PYCC_INL long long _mm_cvttss_si64x(__m128 __a) { return (long long)__a[0]; }
__PYCC_INL __m128 _mm_cvtsi32_ss(__m128 __a, int __b) { __a[0] = (float)__b; return __a; }
__PYCC_INL __m128 _mm_cvt_si2ss(__m128 __a, int __b) { __a[0] = (float)__b; return __a; }
__PYCC_INL __m128 _mm_cvtsi64_ss(__m128 __a, long long __b) { __a[0] = (float)__b; return __a; }
__PYCC_INL __m128 _mm_cvtsi64x_ss(__m128 __a, long long __b) { __a[0] = (float)__b; return __a; }
__PYCC_INL __m64 _mm_cvtps_pi32(__m128 __a)
{ return __PYCC_LO(__builtin_ia32_cvtps2dq((__v4sf)__a)); }
__PYCC_INL __m64 _mm_cvt_ps2pi(__m128 __a) { return _mm_cvtps_pi32(__a); }
__PYCC_INL __m64 _mm_cvttps_pi32(__m128 __a)
{ return __PYCC_LO(__builtin_ia32_cvttps2dq((__v4sf)__a)); }
__PYCC_INL __m64 _mm_cvtt_ps2pi(__m128 __a) { return _mm_cvttps_pi32(__a); }
__PYCC_INL __m128 _mm_cvtpi32_ps(__m128 __a, __m64 __b)
{ __a[0] = (float)((__v2si)__b)[0]; __a[1] = (float)((__v2si)__b)[1]; return __a; }
__PYCC_INL __m128 _mm_cvt_pi2ps(__m128 __a, __m64 __b) { return _mm_cvtpi32_ps(__a, __b); }
__PYCC_INL __m128 _mm_cvtpi16_ps(__m64 __a)
{ __v4hi __t = (__v4hi)__a; return (__m128){__t[0], __t[1], __t[2], __t[3]}; }
__PYCC_INL __m128 _mm_cvtpu16_ps(__m64 __a)
{ __v4hu __t = (__v4hu)__a; return (__m128){__t[0], __t[1], __t[2], __t[3]}; }
__PYCC_INL __m128 _mm_cvtpi8_ps(__m64 __a)
{ __v8qs __t = (__v8qs)__a; return (__m128){__t[0], __t[1], __t[2], __t[3]}; }
__PYCC_INL __m128 _mm_cvtpu8_ps(__m64 __a)
{ __v8qu __t = (__v8qu)__a; return (__m128){__t[0], __t[1], __t[2], __t[3]}; }
__PYCC_INL __m128 _mm_cvtpi32x2_ps(__m64 __a, __m64 __b)
{ __v2si __x = (__v2si)__a, __y = (__v2si)__b;
  return (__m128){(float)__x[0], (float)__x[1], (float)__y[0], (float)__y[1]}; }
__PYCC_INL __m64 _mm_cvtps_pi16(__m128 __a)
{ __pycc_v4si __t = __builtin_ia32_cvtps2dq((__v4sf)__a);
  return __PYCC_LO(__builtin_ia32_packssdw128(__t, __t)); }
__PYCC_INL __m64 _mm_cvtps_pi8(__m128 __a)
{ __pycc_v4si __t = __builtin_ia32_cvtps2dq((__v4sf)__a);
  __pycc_v8hi __w = __builtin_ia32_packssdw128(__t, (__pycc_v4si){0, 0, 0, 0});
  return __PYCC_LO(__builtin_ia32_packsswb128(__w, __w)); }

/* shuffles */
#define _mm_shuffle_ps(A, B, M) \
  ((__m128)__builtin_ia32_shufps((__v4sf)(__m128)(A), (__v4sf)(__m128)(B), (int)(M)))
__PYCC_INL __m128 _mm_unpackhi_ps(__m128 __a, __m128 __b)
{ return (__m128){__a[2], __b[2], __a[3], __b[3]}; }
__PYCC_INL __m128 _mm_unpacklo_ps(__m128 __a, __m128 __b)
{ return (__m128){__a[0], __b[0], __a[1], __b[1]}; }
__PYCC_INL __m128 _mm_movehl_ps(__m128 __a, __m128 __b)
{ return (__m128){__b[2], __b[3], __a[2], __a[3]}; }
__PYCC_INL __m128 _mm_movelh_ps(__m128 __a, __m128 __b)
{ return (__m128){__a[0], __a[1], __b[0], __b[1]}; }
__PYCC_INL int _mm_movemask_ps(__m128 __a) { return __builtin_ia32_movmskps((__v4sf)__a); }

#define _MM_TRANSPOSE4_PS(row0, row1, row2, row3) do { \
    __m128 __t0 = _mm_unpacklo_ps((row0), (row1)), __t1 = _mm_unpacklo_ps((row2), (row3)); \
    __m128 __t2 = _mm_unpackhi_ps((row0), (row1)), __t3 = _mm_unpackhi_ps((row2), (row3)); \
    (row0) = _mm_movelh_ps(__t0, __t1); (row1) = _mm_movehl_ps(__t1, __t0); \
    (row2) = _mm_movelh_ps(__t2, __t3); (row3) = _mm_movehl_ps(__t3, __t2); } while (0)

/* MXCSR */
__PYCC_INL unsigned int _mm_getcsr(void)
{ unsigned int __r; __asm__ __volatile__("stmxcsr %0" : "=m"(__r)); return __r; }
__PYCC_INL void _mm_setcsr(unsigned int __i) { __asm__ __volatile__("ldmxcsr %0" : : "m"(__i)); }
#define _MM_GET_EXCEPTION_STATE() (_mm_getcsr() & _MM_EXCEPT_MASK)
#define _MM_GET_EXCEPTION_MASK() (_mm_getcsr() & _MM_MASK_MASK)
#define _MM_GET_ROUNDING_MODE() (_mm_getcsr() & _MM_ROUND_MASK)
#define _MM_GET_FLUSH_ZERO_MODE() (_mm_getcsr() & _MM_FLUSH_ZERO_MASK)
#define _MM_SET_EXCEPTION_STATE(m) _mm_setcsr((_mm_getcsr() & ~_MM_EXCEPT_MASK) | (m))
#define _MM_SET_EXCEPTION_MASK(m) _mm_setcsr((_mm_getcsr() & ~_MM_MASK_MASK) | (m))
#define _MM_SET_ROUNDING_MODE(m) _mm_setcsr((_mm_getcsr() & ~_MM_ROUND_MASK) | (m))
#define _MM_SET_FLUSH_ZERO_MODE(m) _mm_setcsr((_mm_getcsr() & ~_MM_FLUSH_ZERO_MASK) | (m))

/* SSE integer operations on __m64 */
__PYCC_INL int _mm_extract_pi16(__m64 __a, int __n) { return (unsigned short)((__v4hi)__a)[__n & 3]; }
__PYCC_INL __m64 _mm_insert_pi16(__m64 __a, int __d, int __n)
{ __v4hi __t = (__v4hi)__a; __t[__n & 3] = (short)__d; return (__m64)__t; }
__PYCC_B64(_mm_max_pi16, __builtin_ia32_pmaxsw128, __pycc_v8hi)
__PYCC_B64(_mm_max_pu8, __builtin_ia32_pmaxub128, __pycc_v16qi)
__PYCC_B64(_mm_min_pi16, __builtin_ia32_pminsw128, __pycc_v8hi)
__PYCC_B64(_mm_min_pu8, __builtin_ia32_pminub128, __pycc_v16qi)
__PYCC_B64(_mm_mulhi_pu16, __builtin_ia32_pmulhuw128, __pycc_v8hi)
__PYCC_B64(_mm_avg_pu8, __builtin_ia32_pavgb128, __pycc_v16qi)
__PYCC_B64(_mm_avg_pu16, __builtin_ia32_pavgw128, __pycc_v8hi)
__PYCC_INL __m64 _mm_sad_pu8(__m64 __a, __m64 __b)
{ return __PYCC_LO(__builtin_ia32_psadbw128((__pycc_v16qi)__PYCC_UP(__a), (__pycc_v16qi)__PYCC_UP(__b))); }
__PYCC_INL int _mm_movemask_pi8(__m64 __a)
{ return __builtin_ia32_pmovmskb128((__pycc_v16qi)__PYCC_UP(__a)) & 0xff; }
#define _mm_shuffle_pi16(A, N) \
  ((__m64)__PYCC_LO(__builtin_ia32_pshuflw((__pycc_v8hi)__PYCC_UP(A), (int)(N))))
__PYCC_INL void _mm_maskmove_si64(__m64 __a, __m64 __m, char *__p)
{ __v8qi __x = (__v8qi)__a, __y = (__v8qi)__m; int __i;
  for (__i = 0; __i < 8; __i++) if (__y[__i] & 0x80) __p[__i] = __x[__i]; }
#define _m_pextrw _mm_extract_pi16
#define _m_pinsrw _mm_insert_pi16
#define _m_pmaxsw _mm_max_pi16
#define _m_pmaxub _mm_max_pu8
#define _m_pminsw _mm_min_pi16
#define _m_pminub _mm_min_pu8
#define _m_pmovmskb _mm_movemask_pi8
#define _m_pmulhuw _mm_mulhi_pu16
#define _m_pshufw _mm_shuffle_pi16
#define _m_maskmovq _mm_maskmove_si64
#define _m_pavgb _mm_avg_pu8
#define _m_pavgw _mm_avg_pu16
#define _m_psadbw _mm_sad_pu8

#endif
