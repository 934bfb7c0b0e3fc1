/* AVX-512F intrinsics for pycc: a first subset (loads/stores, set, integer add/sub/mul,
   logic, shifts, shuffle_epi32, ternarylogic, masked add/sub, float add/sub/mul/div/fmadd),
   written from Intel's Intrinsics Guide on 64-byte GNU vector types. The operations are
   element by element in C (no zmm instructions selected yet). Include <immintrin.h>. */
#ifndef _IMMINTRIN_H_INCLUDED
# error "Never use <avx512fintrin.h> directly; include <immintrin.h> instead."
#endif
#ifndef _AVX512FINTRIN_H_INCLUDED
#define _AVX512FINTRIN_H_INCLUDED

typedef double __v8df __attribute__((__vector_size__(64), __aligned__(64)));
typedef float __v16sf __attribute__((__vector_size__(64), __aligned__(64)));
typedef long long __v8di __attribute__((__vector_size__(64), __aligned__(64)));
typedef unsigned long long __v8du __attribute__((__vector_size__(64), __aligned__(64)));
typedef int __v16si __attribute__((__vector_size__(64), __aligned__(64)));
typedef unsigned int __v16su __attribute__((__vector_size__(64), __aligned__(64)));
typedef short __v32hi __attribute__((__vector_size__(64), __aligned__(64)));
typedef char __v64qi __attribute__((__vector_size__(64), __aligned__(64)));
typedef float __m512 __attribute__((__vector_size__(64), __aligned__(64), __may_alias__));
typedef long long __m512i __attribute__((__vector_size__(64), __aligned__(64), __may_alias__));
typedef double __m512d __attribute__((__vector_size__(64), __aligned__(64), __may_alias__));
typedef float __m512_u __attribute__((__vector_size__(64), __may_alias__, __aligned__(1)));
typedef long long __m512i_u __attribute__((__vector_size__(64), __may_alias__, __aligned__(1)));
typedef double __m512d_u __attribute__((__vector_size__(64), __may_alias__, __aligned__(1)));
/* the half-precision vector types (AVX512-FP16), declared as gcc 12's immintrin.h declares
   them whatever the options (gcc's m512-check.h names them); no FP16 intrinsic is provided */
typedef _Float16 __m128h __attribute__((__vector_size__(16), __aligned__(16), __may_alias__));
typedef _Float16 __m256h __attribute__((__vector_size__(32), __aligned__(32), __may_alias__));
typedef _Float16 __m512h __attribute__((__vector_size__(64), __aligned__(64), __may_alias__));
typedef unsigned char __mmask8;
typedef unsigned short __mmask16;
typedef int _MM_PERM_ENUM;

/* loads, stores, set */
__PYCC_INL __m512i _mm512_load_si512(void const *__p) { return *(__m512i const *)__p; }
__PYCC_INL __m512i _mm512_loadu_si512(void const *__p) { return *(__m512i_u const *)__p; }
__PYCC_INL void _mm512_store_si512(void *__p, __m512i __a) { *(__m512i *)__p = __a; }
__PYCC_INL void _mm512_storeu_si512(void *__p, __m512i __a) { *(__m512i_u *)__p = __a; }
__PYCC_INL __m512 _mm512_load_ps(void const *__p) { return *(__m512 const *)__p; }
__PYCC_INL __m512 _mm512_loadu_ps(void const *__p) { return *(__m512_u const *)__p; }
__PYCC_INL void _mm512_store_ps(void *__p, __m512 __a) { *(__m512 *)__p = __a; }
__PYCC_INL void _mm512_storeu_ps(void *__p, __m512 __a) { *(__m512_u *)__p = __a; }
__PYCC_INL __m512d _mm512_load_pd(void const *__p) { return *(__m512d const *)__p; }
__PYCC_INL __m512d _mm512_loadu_pd(void const *__p) { return *(__m512d_u const *)__p; }
__PYCC_INL void _mm512_store_pd(void *__p, __m512d __a) { *(__m512d *)__p = __a; }
__PYCC_INL void _mm512_storeu_pd(void *__p, __m512d __a) { *(__m512d_u *)__p = __a; }
__PYCC_INL __m512i _mm512_load_epi32(void const *__p) { return *(__m512i const *)__p; }
__PYCC_INL __m512i _mm512_load_epi64(void const *__p) { return *(__m512i const *)__p; }
__PYCC_INL __m512i _mm512_loadu_epi32(void const *__p) { return *(__m512i_u const *)__p; }
__PYCC_INL __m512i _mm512_loadu_epi64(void const *__p) { return *(__m512i_u const *)__p; }
__PYCC_INL void _mm512_store_epi32(void *__p, __m512i __a) { *(__m512i *)__p = __a; }
__PYCC_INL void _mm512_store_epi64(void *__p, __m512i __a) { *(__m512i *)__p = __a; }
__PYCC_INL void _mm512_storeu_epi32(void *__p, __m512i __a) { *(__m512i_u *)__p = __a; }
__PYCC_INL void _mm512_storeu_epi64(void *__p, __m512i __a) { *(__m512i_u *)__p = __a; }
__PYCC_INL __m512i _mm512_setzero_si512(void) { return (__m512i){0, 0, 0, 0, 0, 0, 0, 0}; }
__PYCC_INL __m512i _mm512_setzero_epi32(void) { return _mm512_setzero_si512(); }
__PYCC_INL __m512 _mm512_setzero_ps(void) { return (__m512)_mm512_setzero_si512(); }
__PYCC_INL __m512d _mm512_setzero_pd(void) { return (__m512d)_mm512_setzero_si512(); }
__PYCC_INL __m512i _mm512_undefined_epi32(void) { return _mm512_setzero_si512(); }
__PYCC_INL __m512i _mm512_set1_epi64(long long __a) { return (__m512i){__a, __a, __a, __a, __a, __a, __a, __a}; }
__PYCC_INL __m512i _mm512_set1_epi32(int __a)
{ return (__m512i)(__v16si){__a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a}; }
__PYCC_INL __m512 _mm512_set1_ps(float __a)
{ return (__m512){__a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a}; }
__PYCC_INL __m512d _mm512_set1_pd(double __a) { return (__m512d){__a, __a, __a, __a, __a, __a, __a, __a}; }
__PYCC_INL __m512i _mm512_set_epi64(long long __h, long long __g, long long __f, long long __e,
                                    long long __d, long long __c, long long __b, long long __a)
{ return (__m512i){__a, __b, __c, __d, __e, __f, __g, __h}; }
__PYCC_INL __m512i _mm512_setr_epi64(long long __a, long long __b, long long __c, long long __d,
                                     long long __e, long long __f, long long __g, long long __h)
{ return (__m512i){__a, __b, __c, __d, __e, __f, __g, __h}; }
__PYCC_INL __m512i _mm512_set_epi32(int __p, int __o, int __n, int __m, int __l, int __k, int __j, int __i,
                                    int __h, int __g, int __f, int __e, int __d, int __c, int __b, int __a)
{ return (__m512i)(__v16si){__a, __b, __c, __d, __e, __f, __g, __h, __i, __j, __k, __l, __m, __n, __o, __p}; }
__PYCC_INL __m512i _mm512_castsi256_si512(__m256i __a)
{ return (__m512i){__a[0], __a[1], __a[2], __a[3], 0, 0, 0, 0}; }
__PYCC_INL __m256i _mm512_castsi512_si256(__m512i __a) { return (__m256i){__a[0], __a[1], __a[2], __a[3]}; }
__PYCC_INL __m512 _mm512_castsi512_ps(__m512i __a) { return (__m512)__a; }
__PYCC_INL __m512d _mm512_castsi512_pd(__m512i __a) { return (__m512d)__a; }
__PYCC_INL __m512i _mm512_castps_si512(__m512 __a) { return (__m512i)__a; }
__PYCC_INL __m512i _mm512_castpd_si512(__m512d __a) { return (__m512i)__a; }
#define _mm512_extracti64x4_epi64(A, N) \
  ((__m256i)((N) & 1 ? (__m256i){(A)[4], (A)[5], (A)[6], (A)[7]} : (__m256i){(A)[0], (A)[1], (A)[2], (A)[3]}))

/* integer arithmetic and logic */
__PYCC_INL __m512i _mm512_add_epi64(__m512i __a, __m512i __b) { return (__m512i)((__v8du)__a + (__v8du)__b); }
__PYCC_INL __m512i _mm512_sub_epi64(__m512i __a, __m512i __b) { return (__m512i)((__v8du)__a - (__v8du)__b); }
__PYCC_INL __m512i _mm512_add_epi32(__m512i __a, __m512i __b) { return (__m512i)((__v16su)__a + (__v16su)__b); }
__PYCC_INL __m512i _mm512_sub_epi32(__m512i __a, __m512i __b) { return (__m512i)((__v16su)__a - (__v16su)__b); }
__PYCC_INL __m512i _mm512_mullo_epi32(__m512i __a, __m512i __b) { return (__m512i)((__v16su)__a * (__v16su)__b); }
__PYCC_INL __m512i _mm512_mullox_epi64(__m512i __a, __m512i __b) { return (__m512i)((__v8du)__a * (__v8du)__b); }
__PYCC_INL __m512i _mm512_mul_epu32(__m512i __a, __m512i __b)
{ return (__m512i)(((__v8du)__a & 0xffffffffULL) * ((__v8du)__b & 0xffffffffULL)); }
__PYCC_INL __m512i _mm512_mul_epi32(__m512i __a, __m512i __b)
{ return (__m512i)((((__v8di)__a << 32) >> 32) * (((__v8di)__b << 32) >> 32)); }
__PYCC_INL __m512i _mm512_and_si512(__m512i __a, __m512i __b) { return (__m512i)((__v8du)__a & (__v8du)__b); }
__PYCC_INL __m512i _mm512_andnot_si512(__m512i __a, __m512i __b) { return (__m512i)(~(__v8du)__a & (__v8du)__b); }
__PYCC_INL __m512i _mm512_or_si512(__m512i __a, __m512i __b) { return (__m512i)((__v8du)__a | (__v8du)__b); }
__PYCC_INL __m512i _mm512_xor_si512(__m512i __a, __m512i __b) { return (__m512i)((__v8du)__a ^ (__v8du)__b); }
#define _mm512_and_epi32 _mm512_and_si512
#define _mm512_and_epi64 _mm512_and_si512
#define _mm512_andnot_epi32 _mm512_andnot_si512
#define _mm512_andnot_epi64 _mm512_andnot_si512
#define _mm512_or_epi32 _mm512_or_si512
#define _mm512_or_epi64 _mm512_or_si512
#define _mm512_xor_epi32 _mm512_xor_si512
#define _mm512_xor_epi64 _mm512_xor_si512
__PYCC_INL __m512i _mm512_slli_epi64(__m512i __a, unsigned int __n)
{ return __n > 63 ? _mm512_setzero_si512() : (__m512i)((__v8du)__a << __n); }
__PYCC_INL __m512i _mm512_srli_epi64(__m512i __a, unsigned int __n)
{ return __n > 63 ? _mm512_setzero_si512() : (__m512i)((__v8du)__a >> __n); }
__PYCC_INL __m512i _mm512_srai_epi64(__m512i __a, unsigned int __n)
{ return (__m512i)((__v8di)__a >> (__n > 63 ? 63 : __n)); }
__PYCC_INL __m512i _mm512_slli_epi32(__m512i __a, unsigned int __n)
{ return __n > 31 ? _mm512_setzero_si512() : (__m512i)((__v16su)__a << __n); }
__PYCC_INL __m512i _mm512_srli_epi32(__m512i __a, unsigned int __n)
{ return __n > 31 ? _mm512_setzero_si512() : (__m512i)((__v16su)__a >> __n); }
__PYCC_INL __m512i _mm512_srai_epi32(__m512i __a, unsigned int __n)
{ return (__m512i)((__v16si)__a >> (__n > 31 ? 31 : __n)); }
__PYCC_INL __m512i __pycc_shuffle_epi32_512(__m512i __a, int __m)
{ __v16si __x = (__v16si)__a, __r; int __l, __i;
  for (__l = 0; __l < 16; __l += 4)
    for (__i = 0; __i < 4; __i++)
      __r[__l + __i] = __x[__l + ((__m >> (2 * __i)) & 3)];
  return (__m512i)__r; }
#define _mm512_shuffle_epi32(A, M) __pycc_shuffle_epi32_512((A), (int)(M))
/* ternary logic: bit k of the immediate is the result for the inputs (a, b, c) = bits of k */
__PYCC_INL __m512i __pycc_ternlog512(__m512i __a, __m512i __b, __m512i __c, int __imm)
{ __v8du __x = (__v8du)__a, __y = (__v8du)__b, __z = (__v8du)__c, __r = {0, 0, 0, 0, 0, 0, 0, 0};
  int __k;
  for (__k = 0; __k < 8; __k++)
    if (__imm >> __k & 1)
      __r |= (__k & 4 ? __x : ~__x) & (__k & 2 ? __y : ~__y) & (__k & 1 ? __z : ~__z);
  return (__m512i)__r; }
#define _mm512_ternarylogic_epi32(A, B, C, I) __pycc_ternlog512((A), (B), (C), (int)(I))
#define _mm512_ternarylogic_epi64(A, B, C, I) __pycc_ternlog512((A), (B), (C), (int)(I))
__PYCC_INL __m512i _mm512_mask_sub_epi64(__m512i __s, __mmask8 __k, __m512i __a, __m512i __b)
{ int __i; for (__i = 0; __i < 8; __i++) if (__k >> __i & 1) __s[__i] = (long long)((unsigned long long)__a[__i] - (unsigned long long)__b[__i]);
  return __s; }
__PYCC_INL __m512i _mm512_mask_add_epi64(__m512i __s, __mmask8 __k, __m512i __a, __m512i __b)
{ int __i; for (__i = 0; __i < 8; __i++) if (__k >> __i & 1) __s[__i] = (long long)((unsigned long long)__a[__i] + (unsigned long long)__b[__i]);
  return __s; }
__PYCC_INL __m512i _mm512_mask_mov_epi64(__m512i __s, __mmask8 __k, __m512i __a)
{ int __i; for (__i = 0; __i < 8; __i++) if (__k >> __i & 1) __s[__i] = __a[__i];
  return __s; }
__PYCC_INL long long _mm512_reduce_add_epi64(__m512i __a)
{ return __a[0] + __a[1] + __a[2] + __a[3] + __a[4] + __a[5] + __a[6] + __a[7]; }

/* floating point */
__PYCC_INL __m512 _mm512_add_ps(__m512 __a, __m512 __b) { return (__m512)((__v16sf)__a + (__v16sf)__b); }
__PYCC_INL __m512 _mm512_sub_ps(__m512 __a, __m512 __b) { return (__m512)((__v16sf)__a - (__v16sf)__b); }
__PYCC_INL __m512 _mm512_mul_ps(__m512 __a, __m512 __b) { return (__m512)((__v16sf)__a * (__v16sf)__b); }
__PYCC_INL __m512 _mm512_div_ps(__m512 __a, __m512 __b) { return (__m512)((__v16sf)__a / (__v16sf)__b); }
__PYCC_INL __m512d _mm512_add_pd(__m512d __a, __m512d __b) { return (__m512d)((__v8df)__a + (__v8df)__b); }
__PYCC_INL __m512d _mm512_sub_pd(__m512d __a, __m512d __b) { return (__m512d)((__v8df)__a - (__v8df)__b); }
__PYCC_INL __m512d _mm512_mul_pd(__m512d __a, __m512d __b) { return (__m512d)((__v8df)__a * (__v8df)__b); }
__PYCC_INL __m512d _mm512_div_pd(__m512d __a, __m512d __b) { return (__m512d)((__v8df)__a / (__v8df)__b); }
__PYCC_INL __m512 _mm512_fmadd_ps(__m512 __a, __m512 __b, __m512 __c)
{ int __i; for (__i = 0; __i < 16; __i++) __a[__i] = __builtin_fmaf(__a[__i], __b[__i], __c[__i]); return __a; }
__PYCC_INL __m512d _mm512_fmadd_pd(__m512d __a, __m512d __b, __m512d __c)
{ int __i; for (__i = 0; __i < 8; __i++) __a[__i] = __builtin_fma(__a[__i], __b[__i], __c[__i]); return __a; }
#endif
