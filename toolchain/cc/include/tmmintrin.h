/* SSSE3 intrinsics for pycc (Intel Intrinsics Guide), on GNU vector types. The __m64 forms
   run on the 128-bit instructions. */
#ifndef _TMMINTRIN_H_INCLUDED
#define _TMMINTRIN_H_INCLUDED
#include <pmmintrin.h>

#define __PYCC_U128(name, bi, ty) \
__PYCC_INL __m128i name(__m128i __a) { return (__m128i)bi((ty)__a); }
#define __PYCC_U64(name, bi, ty) \
__PYCC_INL __m64 name(__m64 __a) { return __PYCC_LO(bi((ty)__PYCC_UP(__a))); }
#define __PYCC_H64(name, bi, ty) \
__PYCC_INL __m64 name(__m64 __a, __m64 __b) \
{ return __PYCC_LO(bi((ty)__PYCC_UP2(__a, __b), (ty)__PYCC_UP2(__a, __b))); }

__PYCC_U128(_mm_abs_epi8, __builtin_ia32_pabsb128, __v16qi)
__PYCC_U128(_mm_abs_epi16, __builtin_ia32_pabsw128, __v8hi)
__PYCC_U128(_mm_abs_epi32, __builtin_ia32_pabsd128, __v4si)
__PYCC_U64(_mm_abs_pi8, __builtin_ia32_pabsb128, __v16qi)
__PYCC_U64(_mm_abs_pi16, __builtin_ia32_pabsw128, __v8hi)
__PYCC_U64(_mm_abs_pi32, __builtin_ia32_pabsd128, __v4si)
__PYCC_B128(_mm_hadd_epi16, __builtin_ia32_phaddw128, __v8hi)
__PYCC_B128(_mm_hadd_epi32, __builtin_ia32_phaddd128, __v4si)
__PYCC_B128(_mm_hadds_epi16, __builtin_ia32_phaddsw128, __v8hi)
__PYCC_B128(_mm_hsub_epi16, __builtin_ia32_phsubw128, __v8hi)
__PYCC_B128(_mm_hsub_epi32, __builtin_ia32_phsubd128, __v4si)
__PYCC_B128(_mm_hsubs_epi16, __builtin_ia32_phsubsw128, __v8hi)
__PYCC_H64(_mm_hadd_pi16, __builtin_ia32_phaddw128, __v8hi)
__PYCC_H64(_mm_hadd_pi32, __builtin_ia32_phaddd128, __v4si)
__PYCC_H64(_mm_hadds_pi16, __builtin_ia32_phaddsw128, __v8hi)
__PYCC_H64(_mm_hsub_pi16, __builtin_ia32_phsubw128, __v8hi)
__PYCC_H64(_mm_hsub_pi32, __builtin_ia32_phsubd128, __v4si)
__PYCC_H64(_mm_hsubs_pi16, __builtin_ia32_phsubsw128, __v8hi)
__PYCC_B128(_mm_maddubs_epi16, __builtin_ia32_pmaddubsw128, __v16qi)
__PYCC_B128(_mm_mulhrs_epi16, __builtin_ia32_pmulhrsw128, __v8hi)
__PYCC_B128(_mm_shuffle_epi8, __builtin_ia32_pshufb128, __v16qi)
__PYCC_B128(_mm_sign_epi8, __builtin_ia32_psignb128, __v16qi)
__PYCC_B128(_mm_sign_epi16, __builtin_ia32_psignw128, __v8hi)
__PYCC_B128(_mm_sign_epi32, __builtin_ia32_psignd128, __v4si)
__PYCC_B64(_mm_maddubs_pi16, __builtin_ia32_pmaddubsw128, __v16qi)
__PYCC_B64(_mm_mulhrs_pi16, __builtin_ia32_pmulhrsw128, __v8hi)
__PYCC_B64(_mm_sign_pi8, __builtin_ia32_psignb128, __v16qi)
__PYCC_B64(_mm_sign_pi16, __builtin_ia32_psignw128, __v8hi)
__PYCC_B64(_mm_sign_pi32, __builtin_ia32_psignd128, __v4si)
__PYCC_INL __m64 _mm_shuffle_pi8(__m64 __a, __m64 __b)
{ return __PYCC_LO(__builtin_ia32_pshufb128((__v16qi)__PYCC_UP(__a),
                                            (__v16qi)__PYCC_UP((long long)__b & 0x8787878787878787LL))); }
#define _mm_alignr_epi8(A, B, N) \
  ((__m128i)__builtin_ia32_palignr128((__v2di)(__m128i)(A), (__v2di)(__m128i)(B), (int)(N) * 8))
#define _mm_alignr_pi8(A, B, N) \
  ((__m64)__PYCC_LO(__builtin_ia32_psrldqi128(__PYCC_UP2(B, A), (int)(N) * 8)))
#endif
