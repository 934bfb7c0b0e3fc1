/* AES and PCLMULQDQ intrinsics for pycc (Intel Intrinsics Guide). */
#ifndef _WMMINTRIN_H_INCLUDED
#define _WMMINTRIN_H_INCLUDED
#include <emmintrin.h>

__PYCC_INL __m128i _mm_aesdec_si128(__m128i __x, __m128i __k) { return (__m128i)__builtin_ia32_aesdec128((__v2di)__x, (__v2di)__k); }
__PYCC_INL __m128i _mm_aesdeclast_si128(__m128i __x, __m128i __k) { return (__m128i)__builtin_ia32_aesdeclast128((__v2di)__x, (__v2di)__k); }
__PYCC_INL __m128i _mm_aesenc_si128(__m128i __x, __m128i __k) { return (__m128i)__builtin_ia32_aesenc128((__v2di)__x, (__v2di)__k); }
__PYCC_INL __m128i _mm_aesenclast_si128(__m128i __x, __m128i __k) { return (__m128i)__builtin_ia32_aesenclast128((__v2di)__x, (__v2di)__k); }
__PYCC_INL __m128i _mm_aesimc_si128(__m128i __x) { return (__m128i)__builtin_ia32_aesimc128((__v2di)__x); }
#define _mm_aeskeygenassist_si128(X, C) \
  ((__m128i)__builtin_ia32_aeskeygenassist128((__v2di)(__m128i)(X), (int)(C)))
#define _mm_clmulepi64_si128(X, Y, I) \
  ((__m128i)__builtin_ia32_pclmulqdq128((__v2di)(__m128i)(X), (__v2di)(__m128i)(Y), (int)(I)))
#endif
