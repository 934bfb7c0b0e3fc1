/* AVX2 intrinsics for pycc (Intel Intrinsics Guide), on GNU vector types and __builtin_ia32_*.
   Include <immintrin.h>. */
#ifndef _IMMINTRIN_H_INCLUDED
# error "Never use <avx2intrin.h> directly; include <immintrin.h> instead."
#endif
#ifndef _AVX2INTRIN_H_INCLUDED
#define _AVX2INTRIN_H_INCLUDED

#define __PYCC_B256(name, bi, ty) \
__PYCC_INL __m256i name(__m256i __a, __m256i __b) { return (__m256i)bi((ty)__a, (ty)__b); }
#define __PYCC_U256(name, bi, ty) \
__PYCC_INL __m256i name(__m256i __a) { return (__m256i)bi((ty)__a); }
#define __PYCC_W256(name, bi, ty) \
__PYCC_INL __m256i name(__m128i __a) { return (__m256i)bi((ty)__a); }

__PYCC_U256(_mm256_abs_epi8, __builtin_ia32_pabsb256, __v32qi)
__PYCC_U256(_mm256_abs_epi16, __builtin_ia32_pabsw256, __v16hi)
__PYCC_U256(_mm256_abs_epi32, __builtin_ia32_pabsd256, __v8si)
__PYCC_INL __m256i _mm256_add_epi8(__m256i __a, __m256i __b) { return (__m256i)((__v32qu)__a + (__v32qu)__b); }
__PYCC_INL __m256i _mm256_add_epi16(__m256i __a, __m256i __b) { return (__m256i)((__v16hu)__a + (__v16hu)__b); }
__PYCC_INL __m256i _mm256_add_epi32(__m256i __a, __m256i __b) { return (__m256i)((__v8su)__a + (__v8su)__b); }
__PYCC_INL __m256i _mm256_add_epi64(__m256i __a, __m256i __b) { return (__m256i)((__v4du)__a + (__v4du)__b); }
__PYCC_INL __m256i _mm256_sub_epi8(__m256i __a, __m256i __b) { return (__m256i)((__v32qu)__a - (__v32qu)__b); }
__PYCC_INL __m256i _mm256_sub_epi16(__m256i __a, __m256i __b) { return (__m256i)((__v16hu)__a - (__v16hu)__b); }
__PYCC_INL __m256i _mm256_sub_epi32(__m256i __a, __m256i __b) { return (__m256i)((__v8su)__a - (__v8su)__b); }
__PYCC_INL __m256i _mm256_sub_epi64(__m256i __a, __m256i __b) { return (__m256i)((__v4du)__a - (__v4du)__b); }
__PYCC_B256(_mm256_adds_epi8, __builtin_ia32_paddsb256, __v32qi)
__PYCC_B256(_mm256_adds_epi16, __builtin_ia32_paddsw256, __v16hi)
__PYCC_B256(_mm256_adds_epu8, __builtin_ia32_paddusb256, __v32qi)
__PYCC_B256(_mm256_adds_epu16, __builtin_ia32_paddusw256, __v16hi)
__PYCC_B256(_mm256_subs_epi8, __builtin_ia32_psubsb256, __v32qi)
__PYCC_B256(_mm256_subs_epi16, __builtin_ia32_psubsw256, __v16hi)
__PYCC_B256(_mm256_subs_epu8, __builtin_ia32_psubusb256, __v32qi)
__PYCC_B256(_mm256_subs_epu16, __builtin_ia32_psubusw256, __v16hi)
__PYCC_B256(_mm256_avg_epu8, __builtin_ia32_pavgb256, __v32qi)
__PYCC_B256(_mm256_avg_epu16, __builtin_ia32_pavgw256, __v16hi)
__PYCC_B256(_mm256_hadd_epi16, __builtin_ia32_phaddw256, __v16hi)
__PYCC_B256(_mm256_hadd_epi32, __builtin_ia32_phaddd256, __v8si)
__PYCC_B256(_mm256_hadds_epi16, __builtin_ia32_phaddsw256, __v16hi)
__PYCC_B256(_mm256_hsub_epi16, __builtin_ia32_phsubw256, __v16hi)
__PYCC_B256(_mm256_hsub_epi32, __builtin_ia32_phsubd256, __v8si)
__PYCC_B256(_mm256_hsubs_epi16, __builtin_ia32_phsubsw256, __v16hi)
__PYCC_B256(_mm256_madd_epi16, __builtin_ia32_pmaddwd256, __v16hi)
__PYCC_B256(_mm256_maddubs_epi16, __builtin_ia32_pmaddubsw256, __v32qi)
__PYCC_B256(_mm256_max_epi8, __builtin_ia32_pmaxsb256, __v32qi)
__PYCC_B256(_mm256_max_epi16, __builtin_ia32_pmaxsw256, __v16hi)
__PYCC_B256(_mm256_max_epi32, __builtin_ia32_pmaxsd256, __v8si)
__PYCC_B256(_mm256_max_epu8, __builtin_ia32_pmaxub256, __v32qi)
__PYCC_B256(_mm256_max_epu16, __builtin_ia32_pmaxuw256, __v16hi)
__PYCC_B256(_mm256_max_epu32, __builtin_ia32_pmaxud256, __v8si)
__PYCC_B256(_mm256_min_epi8, __builtin_ia32_pminsb256, __v32qi)
__PYCC_B256(_mm256_min_epi16, __builtin_ia32_pminsw256, __v16hi)
__PYCC_B256(_mm256_min_epi32, __builtin_ia32_pminsd256, __v8si)
__PYCC_B256(_mm256_min_epu8, __builtin_ia32_pminub256, __v32qi)
__PYCC_B256(_mm256_min_epu16, __builtin_ia32_pminuw256, __v16hi)
__PYCC_B256(_mm256_min_epu32, __builtin_ia32_pminud256, __v8si)
__PYCC_B256(_mm256_mul_epi32, __builtin_ia32_pmuldq256, __v8si)
__PYCC_B256(_mm256_mul_epu32, __builtin_ia32_pmuludq256, __v8si)
__PYCC_B256(_mm256_mulhi_epi16, __builtin_ia32_pmulhw256, __v16hi)
__PYCC_B256(_mm256_mulhi_epu16, __builtin_ia32_pmulhuw256, __v16hi)
__PYCC_B256(_mm256_mulhrs_epi16, __builtin_ia32_pmulhrsw256, __v16hi)
__PYCC_INL __m256i _mm256_mullo_epi16(__m256i __a, __m256i __b) { return (__m256i)((__v16hu)__a * (__v16hu)__b); }
__PYCC_INL __m256i _mm256_mullo_epi32(__m256i __a, __m256i __b) { return (__m256i)((__v8su)__a * (__v8su)__b); }
__PYCC_B256(_mm256_packs_epi16, __builtin_ia32_packsswb256, __v16hi)
__PYCC_B256(_mm256_packs_epi32, __builtin_ia32_packssdw256, __v8si)
__PYCC_B256(_mm256_packus_epi16, __builtin_ia32_packuswb256, __v16hi)
__PYCC_B256(_mm256_packus_epi32, __builtin_ia32_packusdw256, __v8si)
__PYCC_B256(_mm256_sad_epu8, __builtin_ia32_psadbw256, __v32qi)
__PYCC_B256(_mm256_shuffle_epi8, __builtin_ia32_pshufb256, __v32qi)
__PYCC_B256(_mm256_sign_epi8, __builtin_ia32_psignb256, __v32qi)
__PYCC_B256(_mm256_sign_epi16, __builtin_ia32_psignw256, __v16hi)
__PYCC_B256(_mm256_sign_epi32, __builtin_ia32_psignd256, __v8si)
__PYCC_B256(_mm256_unpackhi_epi8, __builtin_ia32_punpckhbw256, __v32qi)
__PYCC_B256(_mm256_unpackhi_epi16, __builtin_ia32_punpckhwd256, __v16hi)
__PYCC_B256(_mm256_unpackhi_epi32, __builtin_ia32_punpckhdq256, __v8si)
__PYCC_B256(_mm256_unpackhi_epi64, __builtin_ia32_punpckhqdq256, __v4di)
__PYCC_B256(_mm256_unpacklo_epi8, __builtin_ia32_punpcklbw256, __v32qi)
__PYCC_B256(_mm256_unpacklo_epi16, __builtin_ia32_punpcklwd256, __v16hi)
__PYCC_B256(_mm256_unpacklo_epi32, __builtin_ia32_punpckldq256, __v8si)
__PYCC_B256(_mm256_unpacklo_epi64, __builtin_ia32_punpcklqdq256, __v4di)
__PYCC_B256(_mm256_permutevar8x32_epi32, __builtin_ia32_permvarsi256, __v8si)
__PYCC_INL __m256 _mm256_permutevar8x32_ps(__m256 __a, __m256i __i)
{ return (__m256)__builtin_ia32_permvarsf256((__v8sf)__a, (__v8si)__i); }

__PYCC_INL __m256i _mm256_and_si256(__m256i __a, __m256i __b) { return (__m256i)((__v4du)__a & (__v4du)__b); }
__PYCC_INL __m256i _mm256_andnot_si256(__m256i __a, __m256i __b) { return (__m256i)(~(__v4du)__a & (__v4du)__b); }
__PYCC_INL __m256i _mm256_or_si256(__m256i __a, __m256i __b) { return (__m256i)((__v4du)__a | (__v4du)__b); }
__PYCC_INL __m256i _mm256_xor_si256(__m256i __a, __m256i __b) { return (__m256i)((__v4du)__a ^ (__v4du)__b); }
__PYCC_INL __m256i _mm256_cmpeq_epi8(__m256i __a, __m256i __b) { return (__m256i)((__v32qs)__a == (__v32qs)__b); }
__PYCC_INL __m256i _mm256_cmpeq_epi16(__m256i __a, __m256i __b) { return (__m256i)((__v16hi)__a == (__v16hi)__b); }
__PYCC_INL __m256i _mm256_cmpeq_epi32(__m256i __a, __m256i __b) { return (__m256i)((__v8si)__a == (__v8si)__b); }
__PYCC_INL __m256i _mm256_cmpeq_epi64(__m256i __a, __m256i __b) { return (__m256i)((__v4di)__a == (__v4di)__b); }
__PYCC_INL __m256i _mm256_cmpgt_epi8(__m256i __a, __m256i __b) { return (__m256i)((__v32qs)__a > (__v32qs)__b); }
__PYCC_INL __m256i _mm256_cmpgt_epi16(__m256i __a, __m256i __b) { return (__m256i)((__v16hi)__a > (__v16hi)__b); }
__PYCC_INL __m256i _mm256_cmpgt_epi32(__m256i __a, __m256i __b) { return (__m256i)((__v8si)__a > (__v8si)__b); }
__PYCC_INL __m256i _mm256_cmpgt_epi64(__m256i __a, __m256i __b) { return (__m256i)((__v4di)__a > (__v4di)__b); }
__PYCC_INL int _mm256_movemask_epi8(__m256i __a) { return __builtin_ia32_pmovmskb256((__v32qi)__a); }

#define _mm256_alignr_epi8(A, B, N) ((__m256i)__builtin_ia32_palignr256((__v4di)(__m256i)(A), (__v4di)(__m256i)(B), (int)(N) * 8))
#define _mm256_blend_epi16(X, Y, M) ((__m256i)__builtin_ia32_pblendw256((__v16hi)(__m256i)(X), (__v16hi)(__m256i)(Y), (int)(M)))
#define _mm_blend_epi32(X, Y, M) ((__m128i)__builtin_ia32_pblendd128((__v4si)(__m128i)(X), (__v4si)(__m128i)(Y), (int)(M)))
#define _mm256_blend_epi32(X, Y, M) ((__m256i)__builtin_ia32_pblendd256((__v8si)(__m256i)(X), (__v8si)(__m256i)(Y), (int)(M)))
__PYCC_INL __m256i _mm256_blendv_epi8(__m256i __x, __m256i __y, __m256i __m)
{ return (__m256i)__builtin_ia32_pblendvb256((__v32qi)__x, (__v32qi)__y, (__v32qi)__m); }
#define _mm256_mpsadbw_epu8(X, Y, M) ((__m256i)__builtin_ia32_mpsadbw256((__v32qi)(__m256i)(X), (__v32qi)(__m256i)(Y), (int)(M)))
#define _mm256_shuffle_epi32(A, N) ((__m256i)__builtin_ia32_pshufd256((__v8si)(__m256i)(A), (int)(N)))
#define _mm256_shufflehi_epi16(A, N) ((__m256i)__builtin_ia32_pshufhw256((__v16hi)(__m256i)(A), (int)(N)))
#define _mm256_shufflelo_epi16(A, N) ((__m256i)__builtin_ia32_pshuflw256((__v16hi)(__m256i)(A), (int)(N)))
#define _mm256_permute4x64_epi64(X, M) ((__m256i)__builtin_ia32_permdi256((__v4di)(__m256i)(X), (int)(M)))
#define _mm256_permute4x64_pd(X, M) ((__m256d)__builtin_ia32_permdf256((__v4df)(__m256d)(X), (int)(M)))
#define _mm256_permute2x128_si256(X, Y, M) ((__m256i)__builtin_ia32_vperm2i128((__v4di)(__m256i)(X), (__v4di)(__m256i)(Y), (int)(M)))
#define _mm256_extracti128_si256(X, M) ((__m128i)__builtin_ia32_extract128i256((__v4di)(__m256i)(X), (int)(M)))
#define _mm256_inserti128_si256(X, Y, M) ((__m256i)__builtin_ia32_insert128i256((__v4di)(__m256i)(X), (__v2di)(__m128i)(Y), (int)(M)))
#define _mm256_slli_si256(A, N) ((__m256i)__builtin_ia32_pslldqi256((__v4di)(__m256i)(A), (int)(N) * 8))
#define _mm256_srli_si256(A, N) ((__m256i)__builtin_ia32_psrldqi256((__v4di)(__m256i)(A), (int)(N) * 8))
#define _mm256_bslli_epi128(A, N) _mm256_slli_si256(A, N)
#define _mm256_bsrli_epi128(A, N) _mm256_srli_si256(A, N)

/* shifts */
#define __PYCC_SH256(name, namei, bi, ty) \
__PYCC_INL __m256i name(__m256i __a, __m128i __c) { return (__m256i)bi((ty)__a, (__v2di)__c); } \
__PYCC_INL __m256i namei(__m256i __a, int __n) { return (__m256i)bi((ty)__a, __PYCC_CNT(__n)); }
__PYCC_SH256(_mm256_sll_epi16, _mm256_slli_epi16, __builtin_ia32_psllw256, __v16hi)
__PYCC_SH256(_mm256_sll_epi32, _mm256_slli_epi32, __builtin_ia32_pslld256, __v8si)
__PYCC_SH256(_mm256_sll_epi64, _mm256_slli_epi64, __builtin_ia32_psllq256, __v4di)
__PYCC_SH256(_mm256_sra_epi16, _mm256_srai_epi16, __builtin_ia32_psraw256, __v16hi)
__PYCC_SH256(_mm256_sra_epi32, _mm256_srai_epi32, __builtin_ia32_psrad256, __v8si)
__PYCC_SH256(_mm256_srl_epi16, _mm256_srli_epi16, __builtin_ia32_psrlw256, __v16hi)
__PYCC_SH256(_mm256_srl_epi32, _mm256_srli_epi32, __builtin_ia32_psrld256, __v8si)
__PYCC_SH256(_mm256_srl_epi64, _mm256_srli_epi64, __builtin_ia32_psrlq256, __v4di)
__PYCC_INL __m128i _mm_sllv_epi32(__m128i __a, __m128i __c) { return (__m128i)__builtin_ia32_psllv4si((__v4si)__a, (__v4si)__c); }
__PYCC_INL __m128i _mm_srlv_epi32(__m128i __a, __m128i __c) { return (__m128i)__builtin_ia32_psrlv4si((__v4si)__a, (__v4si)__c); }
__PYCC_INL __m128i _mm_srav_epi32(__m128i __a, __m128i __c) { return (__m128i)__builtin_ia32_psrav4si((__v4si)__a, (__v4si)__c); }
__PYCC_INL __m128i _mm_sllv_epi64(__m128i __a, __m128i __c) { return (__m128i)__builtin_ia32_psllv2di((__v2di)__a, (__v2di)__c); }
__PYCC_INL __m128i _mm_srlv_epi64(__m128i __a, __m128i __c) { return (__m128i)__builtin_ia32_psrlv2di((__v2di)__a, (__v2di)__c); }
__PYCC_B256(_mm256_sllv_epi32, __builtin_ia32_psllv8si, __v8si)
__PYCC_B256(_mm256_srlv_epi32, __builtin_ia32_psrlv8si, __v8si)
__PYCC_B256(_mm256_srav_epi32, __builtin_ia32_psrav8si, __v8si)
__PYCC_B256(_mm256_sllv_epi64, __builtin_ia32_psllv4di, __v4di)
__PYCC_B256(_mm256_srlv_epi64, __builtin_ia32_psrlv4di, __v4di)

/* widening */
__PYCC_W256(_mm256_cvtepi8_epi16, __builtin_ia32_pmovsxbw256, __v16qi)
__PYCC_W256(_mm256_cvtepi8_epi32, __builtin_ia32_pmovsxbd256, __v16qi)
__PYCC_W256(_mm256_cvtepi8_epi64, __builtin_ia32_pmovsxbq256, __v16qi)
__PYCC_W256(_mm256_cvtepi16_epi32, __builtin_ia32_pmovsxwd256, __v8hi)
__PYCC_W256(_mm256_cvtepi16_epi64, __builtin_ia32_pmovsxwq256, __v8hi)
__PYCC_W256(_mm256_cvtepi32_epi64, __builtin_ia32_pmovsxdq256, __v4si)
__PYCC_W256(_mm256_cvtepu8_epi16, __builtin_ia32_pmovzxbw256, __v16qi)
__PYCC_W256(_mm256_cvtepu8_epi32, __builtin_ia32_pmovzxbd256, __v16qi)
__PYCC_W256(_mm256_cvtepu8_epi64, __builtin_ia32_pmovzxbq256, __v16qi)
__PYCC_W256(_mm256_cvtepu16_epi32, __builtin_ia32_pmovzxwd256, __v8hi)
__PYCC_W256(_mm256_cvtepu16_epi64, __builtin_ia32_pmovzxwq256, __v8hi)
__PYCC_W256(_mm256_cvtepu32_epi64, __builtin_ia32_pmovzxdq256, __v4si)

/* broadcasts */
__PYCC_INL __m128 _mm_broadcastss_ps(__m128 __a) { return _mm_set1_ps(__a[0]); }
__PYCC_INL __m256 _mm256_broadcastss_ps(__m128 __a) { return _mm256_set1_ps(__a[0]); }
__PYCC_INL __m256d _mm256_broadcastsd_pd(__m128d __a) { return _mm256_set1_pd(__a[0]); }
__PYCC_INL __m128d _mm_broadcastsd_pd(__m128d __a) { return _mm_set1_pd(__a[0]); }
__PYCC_INL __m256i _mm256_broadcastsi128_si256(__m128i __a) { return (__m256i){__a[0], __a[1], __a[0], __a[1]}; }
__PYCC_INL __m256i _mm_broadcastsi128_si256(__m128i __a) { return (__m256i){__a[0], __a[1], __a[0], __a[1]}; }
__PYCC_INL __m256i _mm256_broadcastb_epi8(__m128i __a) { return _mm256_set1_epi8(((__v16qi)__a)[0]); }
__PYCC_INL __m256i _mm256_broadcastw_epi16(__m128i __a) { return _mm256_set1_epi16(((__v8hi)__a)[0]); }
__PYCC_INL __m256i _mm256_broadcastd_epi32(__m128i __a) { return _mm256_set1_epi32(((__v4si)__a)[0]); }
__PYCC_INL __m256i _mm256_broadcastq_epi64(__m128i __a) { return _mm256_set1_epi64x(__a[0]); }
__PYCC_INL __m128i _mm_broadcastb_epi8(__m128i __a) { return _mm_set1_epi8(((__v16qi)__a)[0]); }
__PYCC_INL __m128i _mm_broadcastw_epi16(__m128i __a) { return _mm_set1_epi16(((__v8hi)__a)[0]); }
__PYCC_INL __m128i _mm_broadcastd_epi32(__m128i __a) { return _mm_set1_epi32(((__v4si)__a)[0]); }
__PYCC_INL __m128i _mm_broadcastq_epi64(__m128i __a) { return _mm_set1_epi64x(__a[0]); }

/* masked loads and stores */
__PYCC_INL __m128i _mm_maskload_epi32(int const *__p, __m128i __m) { return (__m128i)__builtin_ia32_maskloadd(__p, (__v4si)__m); }
__PYCC_INL __m128i _mm_maskload_epi64(long long const *__p, __m128i __m) { return (__m128i)__builtin_ia32_maskloadq(__p, (__v2di)__m); }
__PYCC_INL __m256i _mm256_maskload_epi32(int const *__p, __m256i __m) { return (__m256i)__builtin_ia32_maskloadd256(__p, (__v8si)__m); }
__PYCC_INL __m256i _mm256_maskload_epi64(long long const *__p, __m256i __m) { return (__m256i)__builtin_ia32_maskloadq256(__p, (__v4di)__m); }
__PYCC_INL void _mm_maskstore_epi32(int *__p, __m128i __m, __m128i __a) { __builtin_ia32_maskstored(__p, (__v4si)__m, (__v4si)__a); }
__PYCC_INL void _mm_maskstore_epi64(long long *__p, __m128i __m, __m128i __a) { __builtin_ia32_maskstoreq(__p, (__v2di)__m, (__v2di)__a); }
__PYCC_INL void _mm256_maskstore_epi32(int *__p, __m256i __m, __m256i __a) { __builtin_ia32_maskstored256(__p, (__v8si)__m, (__v8si)__a); }
__PYCC_INL void _mm256_maskstore_epi64(long long *__p, __m256i __m, __m256i __a) { __builtin_ia32_maskstoreq256(__p, (__v4di)__m, (__v4di)__a); }
__PYCC_INL __m256i _mm256_stream_load_si256(__m256i const *__p) { return *__p; }

/* gathers: element i is loaded from base + index[i] * scale when the mask's element i has its
   sign bit set (the unmasked forms load every element), else taken from src */
#define __PYCC_GATHER(name, rt, et, n, it, ni, mt, st) \
__PYCC_INL rt name(rt __src, et const *__base, it __idx, rt __mask, int __scale) \
{ int __i; for (__i = 0; __i < n; __i++) \
    if (((mt)__mask)[__i] < 0) \
      ((st *)&__src)[__i] = *(st const *)((char const *)__base + (long long)((ni)__idx)[__i] * __scale); \
  return __src; }
__PYCC_GATHER(__pycc_gd_pd, __m128d, double, 2, __m128i, __v4si, __v2di, double)
__PYCC_GATHER(__pycc_gd_pd256, __m256d, double, 4, __m128i, __v4si, __v4di, double)
__PYCC_GATHER(__pycc_gq_pd, __m128d, double, 2, __m128i, __v2di, __v2di, double)
__PYCC_GATHER(__pycc_gq_pd256, __m256d, double, 4, __m256i, __v4di, __v4di, double)
__PYCC_GATHER(__pycc_gd_ps, __m128, float, 4, __m128i, __v4si, __v4si, float)
__PYCC_GATHER(__pycc_gd_ps256, __m256, float, 8, __m256i, __v8si, __v8si, float)
__PYCC_GATHER(__pycc_gq_ps, __m128, float, 2, __m128i, __v2di, __v4si, float)
__PYCC_GATHER(__pycc_gd_epi64, __m128i, long long, 2, __m128i, __v4si, __v2di, long long)
__PYCC_GATHER(__pycc_gd_epi64_256, __m256i, long long, 4, __m128i, __v4si, __v4di, long long)
__PYCC_GATHER(__pycc_gq_epi64, __m128i, long long, 2, __m128i, __v2di, __v2di, long long)
__PYCC_GATHER(__pycc_gq_epi64_256, __m256i, long long, 4, __m256i, __v4di, __v4di, long long)
__PYCC_GATHER(__pycc_gd_epi32, __m128i, int, 4, __m128i, __v4si, __v4si, int)
__PYCC_GATHER(__pycc_gd_epi32_256, __m256i, int, 8, __m256i, __v8si, __v8si, int)
__PYCC_GATHER(__pycc_gq_epi32, __m128i, int, 2, __m128i, __v2di, __v4si, int)
__PYCC_INL __m128 __pycc_gq_ps256(__m128 __src, float const *__base, __m256i __idx, __m128 __mask, int __scale)
{ int __i; for (__i = 0; __i < 4; __i++) if (((__v4si)__mask)[__i] < 0)
    __src[__i] = *(float const *)((char const *)__base + ((__v4di)__idx)[__i] * __scale);
  return __src; }
__PYCC_INL __m128i __pycc_gq_epi32_256(__m128i __src, int const *__base, __m256i __idx, __m128i __mask, int __scale)
{ __v4si __r = (__v4si)__src; int __i; for (__i = 0; __i < 4; __i++) if (((__v4si)__mask)[__i] < 0)
    __r[__i] = *(int const *)((char const *)__base + ((__v4di)__idx)[__i] * __scale);
  return (__m128i)__r; }
#define __PYCC_ONES128 ((__m128i)(__v4si){-1, -1, -1, -1})
#define __PYCC_ONES256 ((__m256i)(__v8si){-1, -1, -1, -1, -1, -1, -1, -1})
#define _mm_i32gather_pd(B, I, S) __pycc_gd_pd(_mm_setzero_pd(), (B), (I), (__m128d)__PYCC_ONES128, (S))
#define _mm_mask_i32gather_pd(SRC, B, I, M, S) __pycc_gd_pd((SRC), (B), (I), (M), (S))
#define _mm256_i32gather_pd(B, I, S) __pycc_gd_pd256(_mm256_setzero_pd(), (B), (I), (__m256d)__PYCC_ONES256, (S))
#define _mm256_mask_i32gather_pd(SRC, B, I, M, S) __pycc_gd_pd256((SRC), (B), (I), (M), (S))
#define _mm_i64gather_pd(B, I, S) __pycc_gq_pd(_mm_setzero_pd(), (B), (I), (__m128d)__PYCC_ONES128, (S))
#define _mm_mask_i64gather_pd(SRC, B, I, M, S) __pycc_gq_pd((SRC), (B), (I), (M), (S))
#define _mm256_i64gather_pd(B, I, S) __pycc_gq_pd256(_mm256_setzero_pd(), (B), (I), (__m256d)__PYCC_ONES256, (S))
#define _mm256_mask_i64gather_pd(SRC, B, I, M, S) __pycc_gq_pd256((SRC), (B), (I), (M), (S))
#define _mm_i32gather_ps(B, I, S) __pycc_gd_ps(_mm_setzero_ps(), (B), (I), (__m128)__PYCC_ONES128, (S))
#define _mm_mask_i32gather_ps(SRC, B, I, M, S) __pycc_gd_ps((SRC), (B), (I), (M), (S))
#define _mm256_i32gather_ps(B, I, S) __pycc_gd_ps256(_mm256_setzero_ps(), (B), (I), (__m256)__PYCC_ONES256, (S))
#define _mm256_mask_i32gather_ps(SRC, B, I, M, S) __pycc_gd_ps256((SRC), (B), (I), (M), (S))
#define _mm_i64gather_ps(B, I, S) __pycc_gq_ps(_mm_setzero_ps(), (B), (I), (__m128)__PYCC_ONES128, (S))
#define _mm_mask_i64gather_ps(SRC, B, I, M, S) __pycc_gq_ps((SRC), (B), (I), (M), (S))
#define _mm256_i64gather_ps(B, I, S) __pycc_gq_ps256(_mm_setzero_ps(), (B), (I), (__m128)__PYCC_ONES128, (S))
#define _mm256_mask_i64gather_ps(SRC, B, I, M, S) __pycc_gq_ps256((SRC), (B), (I), (M), (S))
#define _mm_i32gather_epi64(B, I, S) __pycc_gd_epi64(_mm_setzero_si128(), (long long const *)(B), (I), __PYCC_ONES128, (S))
#define _mm_mask_i32gather_epi64(SRC, B, I, M, S) __pycc_gd_epi64((SRC), (long long const *)(B), (I), (M), (S))
#define _mm256_i32gather_epi64(B, I, S) __pycc_gd_epi64_256(_mm256_setzero_si256(), (long long const *)(B), (I), __PYCC_ONES256, (S))
#define _mm256_mask_i32gather_epi64(SRC, B, I, M, S) __pycc_gd_epi64_256((SRC), (long long const *)(B), (I), (M), (S))
#define _mm_i64gather_epi64(B, I, S) __pycc_gq_epi64(_mm_setzero_si128(), (long long const *)(B), (I), __PYCC_ONES128, (S))
#define _mm_mask_i64gather_epi64(SRC, B, I, M, S) __pycc_gq_epi64((SRC), (long long const *)(B), (I), (M), (S))
#define _mm256_i64gather_epi64(B, I, S) __pycc_gq_epi64_256(_mm256_setzero_si256(), (long long const *)(B), (I), __PYCC_ONES256, (S))
#define _mm256_mask_i64gather_epi64(SRC, B, I, M, S) __pycc_gq_epi64_256((SRC), (long long const *)(B), (I), (M), (S))
#define _mm_i32gather_epi32(B, I, S) __pycc_gd_epi32(_mm_setzero_si128(), (int const *)(B), (I), __PYCC_ONES128, (S))
#define _mm_mask_i32gather_epi32(SRC, B, I, M, S) __pycc_gd_epi32((SRC), (int const *)(B), (I), (M), (S))
#define _mm256_i32gather_epi32(B, I, S) __pycc_gd_epi32_256(_mm256_setzero_si256(), (int const *)(B), (I), __PYCC_ONES256, (S))
#define _mm256_mask_i32gather_epi32(SRC, B, I, M, S) __pycc_gd_epi32_256((SRC), (int const *)(B), (I), (M), (S))
#define _mm_i64gather_epi32(B, I, S) __pycc_gq_epi32(_mm_setzero_si128(), (int const *)(B), (I), __PYCC_ONES128, (S))
#define _mm_mask_i64gather_epi32(SRC, B, I, M, S) __pycc_gq_epi32((SRC), (int const *)(B), (I), (M), (S))
#define _mm256_i64gather_epi32(B, I, S) __pycc_gq_epi32_256(_mm_setzero_si128(), (int const *)(B), (I), __PYCC_ONES128, (S))
#define _mm256_mask_i64gather_epi32(SRC, B, I, M, S) __pycc_gq_epi32_256((SRC), (int const *)(B), (I), (M), (S))
#endif
