/* FMA intrinsics for pycc (Intel Intrinsics Guide). Include <immintrin.h>. */
#ifndef _IMMINTRIN_H_INCLUDED
# error "Never use <fmaintrin.h> directly; include <immintrin.h> instead."
#endif
#ifndef _FMAINTRIN_H_INCLUDED
#define _FMAINTRIN_H_INCLUDED
#define __PYCC_FMA(op, bi) \
__PYCC_INL __m128 _mm_##op##_ps(__m128 __a, __m128 __b, __m128 __c) \
{ return (__m128)__builtin_ia32_v##bi##ps((__v4sf)__a, (__v4sf)__b, (__v4sf)__c); } \
__PYCC_INL __m128d _mm_##op##_pd(__m128d __a, __m128d __b, __m128d __c) \
{ return (__m128d)__builtin_ia32_v##bi##pd((__v2df)__a, (__v2df)__b, (__v2df)__c); } \
__PYCC_INL __m256 _mm256_##op##_ps(__m256 __a, __m256 __b, __m256 __c) \
{ return (__m256)__builtin_ia32_v##bi##ps256((__v8sf)__a, (__v8sf)__b, (__v8sf)__c); } \
__PYCC_INL __m256d _mm256_##op##_pd(__m256d __a, __m256d __b, __m256d __c) \
{ return (__m256d)__builtin_ia32_v##bi##pd256((__v4df)__a, (__v4df)__b, (__v4df)__c); }
#define __PYCC_FMAS(op, bi) \
__PYCC_INL __m128 _mm_##op##_ss(__m128 __a, __m128 __b, __m128 __c) \
{ return (__m128)__builtin_ia32_v##bi##ss3((__v4sf)__a, (__v4sf)__b, (__v4sf)__c); } \
__PYCC_INL __m128d _mm_##op##_sd(__m128d __a, __m128d __b, __m128d __c) \
{ return (__m128d)__builtin_ia32_v##bi##sd3((__v2df)__a, (__v2df)__b, (__v2df)__c); }
__PYCC_FMA(fmadd, fmadd)
__PYCC_FMA(fmsub, fmsub)
__PYCC_FMA(fnmadd, fnmadd)
__PYCC_FMA(fnmsub, fnmsub)
__PYCC_FMA(fmaddsub, fmaddsub)
__PYCC_FMA(fmsubadd, fmsubadd)
__PYCC_FMAS(fmadd, fmadd)
__PYCC_FMAS(fmsub, fmsub)
__PYCC_FMAS(fnmadd, fnmadd)
__PYCC_FMAS(fnmsub, fnmsub)
#endif
