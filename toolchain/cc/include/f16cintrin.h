/* F16C intrinsics for pycc (Intel Intrinsics Guide). */
#ifndef _F16CINTRIN_H_INCLUDED
#define _F16CINTRIN_H_INCLUDED
__PYCC_INL __m128 _mm_cvtph_ps(__m128i __a) { return (__m128)__builtin_ia32_vcvtph2ps((__v8hi)__a); }
__PYCC_INL __m256 _mm256_cvtph_ps(__m128i __a) { return (__m256)__builtin_ia32_vcvtph2ps256((__v8hi)__a); }
#define _mm_cvtps_ph(A, I) ((__m128i)__builtin_ia32_vcvtps2ph((__v4sf)(__m128)(A), (int)(I)))
#define _mm256_cvtps_ph(A, I) ((__m128i)__builtin_ia32_vcvtps2ph256((__v8sf)(__m256)(A), (int)(I)))
__PYCC_INL float _cvtsh_ss(unsigned short __s)
{ return __builtin_ia32_vcvtph2ps((__v8hi){(short)__s, 0, 0, 0, 0, 0, 0, 0})[0]; }
#define _cvtss_sh(F, I) \
  ((unsigned short)((__v8hi)__builtin_ia32_vcvtps2ph((__v4sf){(F), 0, 0, 0}, (int)(I)))[0])
#endif
