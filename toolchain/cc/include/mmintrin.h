/* MMX intrinsics for pycc, written from Intel's Intrinsics Guide on GNU vector types.
   The 64-bit __m64 operations run on SSE2 registers through the 128-bit builtins
   (x86-64 always has SSE2), so no MMX register state is used and _mm_empty is a no-op. */
#ifndef _MMINTRIN_H_INCLUDED
#define _MMINTRIN_H_INCLUDED

typedef int __m64 __attribute__((__vector_size__(8), __may_alias__));
typedef int __m64_u __attribute__((__vector_size__(8), __may_alias__, __aligned__(1)));
typedef int __v2si __attribute__((__vector_size__(8)));
typedef short __v4hi __attribute__((__vector_size__(8)));
typedef char __v8qi __attribute__((__vector_size__(8)));
typedef signed char __v8qs __attribute__((__vector_size__(8)));
typedef unsigned char __v8qu __attribute__((__vector_size__(8)));
typedef unsigned short __v4hu __attribute__((__vector_size__(8)));
typedef long long __v1di __attribute__((__vector_size__(8)));
typedef float __v2sf __attribute__((__vector_size__(8)));

/* 128-bit types shared by all the x86 intrinsic headers */
typedef long long __pycc_v2di __attribute__((__vector_size__(16)));
typedef int __pycc_v4si __attribute__((__vector_size__(16)));
typedef short __pycc_v8hi __attribute__((__vector_size__(16)));
typedef char __pycc_v16qi __attribute__((__vector_size__(16)));

#define __PYCC_INL static __inline__ __attribute__((__always_inline__))
#define __PYCC_UP(a) ((__pycc_v2di){(long long)(a), 0})
#define __PYCC_UP2(a, b) ((__pycc_v2di){(long long)(a), (long long)(b)})
#define __PYCC_LO(x) ((__m64)((__pycc_v2di)(x))[0])
#define __PYCC_HI(x) ((__m64)((__pycc_v2di)(x))[1])
#define __PYCC_CNT(n) ((__pycc_v2di){(long long)(unsigned int)(n), 0})

__PYCC_INL void _mm_empty(void) { }
__PYCC_INL void _m_empty(void) { }
__PYCC_INL __m64 _mm_cvtsi32_si64(int __i) { return (__m64)(__v2si){__i, 0}; }
__PYCC_INL int _mm_cvtsi64_si32(__m64 __a) { return ((__v2si)__a)[0]; }
__PYCC_INL __m64 _mm_cvtsi64_m64(long long __i) { return (__m64)__i; }
__PYCC_INL long long _mm_cvtm64_si64(__m64 __a) { return (long long)__a; }
__PYCC_INL __m64 _m_from_int(int __i) { return _mm_cvtsi32_si64(__i); }
__PYCC_INL int _m_to_int(__m64 __a) { return _mm_cvtsi64_si32(__a); }
__PYCC_INL __m64 _m_from_int64(long long __i) { return (__m64)__i; }
__PYCC_INL long long _m_to_int64(__m64 __a) { return (long long)__a; }
__PYCC_INL __m64 _mm_cvtsi64x_si64(long long __i) { return (__m64)__i; }
__PYCC_INL __m64 _mm_set_pi64x(long long __i) { return (__m64)__i; }
__PYCC_INL long long _mm_cvtsi64_si64x(__m64 __a) { return (long long)__a; }

__PYCC_INL __m64 _mm_packs_pi16(__m64 __a, __m64 __b)
{ return __PYCC_LO(__builtin_ia32_packsswb128((__pycc_v8hi)__PYCC_UP2(__a, __b), (__pycc_v8hi)__PYCC_UP2(__a, __b))); }
__PYCC_INL __m64 _mm_packs_pi32(__m64 __a, __m64 __b)
{ return __PYCC_LO(__builtin_ia32_packssdw128((__pycc_v4si)__PYCC_UP2(__a, __b), (__pycc_v4si)__PYCC_UP2(__a, __b))); }
__PYCC_INL __m64 _mm_packs_pu16(__m64 __a, __m64 __b)
{ return __PYCC_LO(__builtin_ia32_packuswb128((__pycc_v8hi)__PYCC_UP2(__a, __b), (__pycc_v8hi)__PYCC_UP2(__a, __b))); }
__PYCC_INL __m64 _mm_unpacklo_pi8(__m64 __a, __m64 __b)
{ return __PYCC_LO(__builtin_ia32_punpcklbw128((__pycc_v16qi)__PYCC_UP(__a), (__pycc_v16qi)__PYCC_UP(__b))); }
__PYCC_INL __m64 _mm_unpackhi_pi8(__m64 __a, __m64 __b)
{ return __PYCC_HI(__builtin_ia32_punpcklbw128((__pycc_v16qi)__PYCC_UP(__a), (__pycc_v16qi)__PYCC_UP(__b))); }
__PYCC_INL __m64 _mm_unpacklo_pi16(__m64 __a, __m64 __b)
{ return __PYCC_LO(__builtin_ia32_punpcklwd128((__pycc_v8hi)__PYCC_UP(__a), (__pycc_v8hi)__PYCC_UP(__b))); }
__PYCC_INL __m64 _mm_unpackhi_pi16(__m64 __a, __m64 __b)
{ return __PYCC_HI(__builtin_ia32_punpcklwd128((__pycc_v8hi)__PYCC_UP(__a), (__pycc_v8hi)__PYCC_UP(__b))); }
__PYCC_INL __m64 _mm_unpacklo_pi32(__m64 __a, __m64 __b)
{ return (__m64)(__v2si){((__v2si)__a)[0], ((__v2si)__b)[0]}; }
__PYCC_INL __m64 _mm_unpackhi_pi32(__m64 __a, __m64 __b)
{ return (__m64)(__v2si){((__v2si)__a)[1], ((__v2si)__b)[1]}; }

__PYCC_INL __m64 _mm_add_pi8(__m64 __a, __m64 __b) { return (__m64)((__v8qu)__a + (__v8qu)__b); }
__PYCC_INL __m64 _mm_add_pi16(__m64 __a, __m64 __b) { return (__m64)((__v4hu)__a + (__v4hu)__b); }
__PYCC_INL __m64 _mm_add_pi32(__m64 __a, __m64 __b) { return (__m64)((__v2si)__a + (__v2si)__b); }
__PYCC_INL __m64 _mm_sub_pi8(__m64 __a, __m64 __b) { return (__m64)((__v8qu)__a - (__v8qu)__b); }
__PYCC_INL __m64 _mm_sub_pi16(__m64 __a, __m64 __b) { return (__m64)((__v4hu)__a - (__v4hu)__b); }
__PYCC_INL __m64 _mm_sub_pi32(__m64 __a, __m64 __b) { return (__m64)((__v2si)__a - (__v2si)__b); }
#define __PYCC_B64(name, bi, ty) \
__PYCC_INL __m64 name(__m64 __a, __m64 __b) \
{ return __PYCC_LO(bi((ty)__PYCC_UP(__a), (ty)__PYCC_UP(__b))); }
__PYCC_B64(_mm_adds_pi8, __builtin_ia32_paddsb128, __pycc_v16qi)
__PYCC_B64(_mm_adds_pi16, __builtin_ia32_paddsw128, __pycc_v8hi)
__PYCC_B64(_mm_adds_pu8, __builtin_ia32_paddusb128, __pycc_v16qi)
__PYCC_B64(_mm_adds_pu16, __builtin_ia32_paddusw128, __pycc_v8hi)
__PYCC_B64(_mm_subs_pi8, __builtin_ia32_psubsb128, __pycc_v16qi)
__PYCC_B64(_mm_subs_pi16, __builtin_ia32_psubsw128, __pycc_v8hi)
__PYCC_B64(_mm_subs_pu8, __builtin_ia32_psubusb128, __pycc_v16qi)
__PYCC_B64(_mm_subs_pu16, __builtin_ia32_psubusw128, __pycc_v8hi)
__PYCC_B64(_mm_madd_pi16, __builtin_ia32_pmaddwd128, __pycc_v8hi)
__PYCC_B64(_mm_mulhi_pi16, __builtin_ia32_pmulhw128, __pycc_v8hi)
__PYCC_INL __m64 _mm_mullo_pi16(__m64 __a, __m64 __b) { return (__m64)((__v4hu)__a * (__v4hu)__b); }

#define __PYCC_SH64(name, namei, bi, ty) \
__PYCC_INL __m64 name(__m64 __a, __m64 __c) \
{ return __PYCC_LO(bi((ty)__PYCC_UP(__a), __PYCC_UP(__c))); } \
__PYCC_INL __m64 namei(__m64 __a, int __n) \
{ return __PYCC_LO(bi((ty)__PYCC_UP(__a), __PYCC_CNT(__n))); }
__PYCC_SH64(_mm_sll_pi16, _mm_slli_pi16, __builtin_ia32_psllw128, __pycc_v8hi)
__PYCC_SH64(_mm_sll_pi32, _mm_slli_pi32, __builtin_ia32_pslld128, __pycc_v4si)
__PYCC_SH64(_mm_sll_si64, _mm_slli_si64, __builtin_ia32_psllq128, __pycc_v2di)
__PYCC_SH64(_mm_sra_pi16, _mm_srai_pi16, __builtin_ia32_psraw128, __pycc_v8hi)
__PYCC_SH64(_mm_sra_pi32, _mm_srai_pi32, __builtin_ia32_psrad128, __pycc_v4si)
__PYCC_SH64(_mm_srl_pi16, _mm_srli_pi16, __builtin_ia32_psrlw128, __pycc_v8hi)
__PYCC_SH64(_mm_srl_pi32, _mm_srli_pi32, __builtin_ia32_psrld128, __pycc_v4si)
__PYCC_SH64(_mm_srl_si64, _mm_srli_si64, __builtin_ia32_psrlq128, __pycc_v2di)

__PYCC_INL __m64 _mm_and_si64(__m64 __a, __m64 __b) { return (__m64)((long long)__a & (long long)__b); }
__PYCC_INL __m64 _mm_andnot_si64(__m64 __a, __m64 __b) { return (__m64)(~(long long)__a & (long long)__b); }
__PYCC_INL __m64 _mm_or_si64(__m64 __a, __m64 __b) { return (__m64)((long long)__a | (long long)__b); }
__PYCC_INL __m64 _mm_xor_si64(__m64 __a, __m64 __b) { return (__m64)((long long)__a ^ (long long)__b); }
__PYCC_INL __m64 _mm_cmpeq_pi8(__m64 __a, __m64 __b) { return (__m64)((__v8qs)__a == (__v8qs)__b); }
__PYCC_INL __m64 _mm_cmpgt_pi8(__m64 __a, __m64 __b) { return (__m64)((__v8qs)__a > (__v8qs)__b); }
__PYCC_INL __m64 _mm_cmpeq_pi16(__m64 __a, __m64 __b) { return (__m64)((__v4hi)__a == (__v4hi)__b); }
__PYCC_INL __m64 _mm_cmpgt_pi16(__m64 __a, __m64 __b) { return (__m64)((__v4hi)__a > (__v4hi)__b); }
__PYCC_INL __m64 _mm_cmpeq_pi32(__m64 __a, __m64 __b) { return (__m64)((__v2si)__a == (__v2si)__b); }
__PYCC_INL __m64 _mm_cmpgt_pi32(__m64 __a, __m64 __b) { return (__m64)((__v2si)__a > (__v2si)__b); }

__PYCC_INL __m64 _mm_setzero_si64(void) { return (__m64)0LL; }
__PYCC_INL __m64 _mm_set_pi32(int __i1, int __i0) { return (__m64)(__v2si){__i0, __i1}; }
__PYCC_INL __m64 _mm_set_pi16(short __w3, short __w2, short __w1, short __w0)
{ return (__m64)(__v4hi){__w0, __w1, __w2, __w3}; }
__PYCC_INL __m64 _mm_set_pi8(char __b7, char __b6, char __b5, char __b4, char __b3, char __b2,
                             char __b1, char __b0)
{ return (__m64)(__v8qi){__b0, __b1, __b2, __b3, __b4, __b5, __b6, __b7}; }
__PYCC_INL __m64 _mm_setr_pi32(int __i0, int __i1) { return (__m64)(__v2si){__i0, __i1}; }
__PYCC_INL __m64 _mm_setr_pi16(short __w0, short __w1, short __w2, short __w3)
{ return (__m64)(__v4hi){__w0, __w1, __w2, __w3}; }
__PYCC_INL __m64 _mm_setr_pi8(char __b0, char __b1, char __b2, char __b3, char __b4, char __b5,
                              char __b6, char __b7)
{ return (__m64)(__v8qi){__b0, __b1, __b2, __b3, __b4, __b5, __b6, __b7}; }
__PYCC_INL __m64 _mm_set1_pi32(int __i) { return (__m64)(__v2si){__i, __i}; }
__PYCC_INL __m64 _mm_set1_pi16(short __w) { return (__m64)(__v4hi){__w, __w, __w, __w}; }
__PYCC_INL __m64 _mm_set1_pi8(char __b) { return (__m64)(__v8qi){__b, __b, __b, __b, __b, __b, __b, __b}; }

/* the _m_ names */
#define _m_packsswb _mm_packs_pi16
#define _m_packssdw _mm_packs_pi32
#define _m_packuswb _mm_packs_pu16
#define _m_punpckhbw _mm_unpackhi_pi8
#define _m_punpckhwd _mm_unpackhi_pi16
#define _m_punpckhdq _mm_unpackhi_pi32
#define _m_punpcklbw _mm_unpacklo_pi8
#define _m_punpcklwd _mm_unpacklo_pi16
#define _m_punpckldq _mm_unpacklo_pi32
#define _m_paddb _mm_add_pi8
#define _m_paddw _mm_add_pi16
#define _m_paddd _mm_add_pi32
#define _m_paddsb _mm_adds_pi8
#define _m_paddsw _mm_adds_pi16
#define _m_paddusb _mm_adds_pu8
#define _m_paddusw _mm_adds_pu16
#define _m_psubb _mm_sub_pi8
#define _m_psubw _mm_sub_pi16
#define _m_psubd _mm_sub_pi32
#define _m_psubsb _mm_subs_pi8
#define _m_psubsw _mm_subs_pi16
#define _m_psubusb _mm_subs_pu8
#define _m_psubusw _mm_subs_pu16
#define _m_pmaddwd _mm_madd_pi16
#define _m_pmulhw _mm_mulhi_pi16
#define _m_pmullw _mm_mullo_pi16
#define _m_psllw _mm_sll_pi16
#define _m_psllwi _mm_slli_pi16
#define _m_pslld _mm_sll_pi32
#define _m_pslldi _mm_slli_pi32
#define _m_psllq _mm_sll_si64
#define _m_psllqi _mm_slli_si64
#define _m_psraw _mm_sra_pi16
#define _m_psrawi _mm_srai_pi16
#define _m_psrad _mm_sra_pi32
#define _m_psradi _mm_srai_pi32
#define _m_psrlw _mm_srl_pi16
#define _m_psrlwi _mm_srli_pi16
#define _m_psrld _mm_srl_pi32
#define _m_psrldi _mm_srli_pi32
#define _m_psrlq _mm_srl_si64
#define _m_psrlqi _mm_srli_si64
#define _m_pand _mm_and_si64
#define _m_pandn _mm_andnot_si64
#define _m_por _mm_or_si64
#define _m_pxor _mm_xor_si64
#define _m_pcmpeqb _mm_cmpeq_pi8
#define _m_pcmpeqw _mm_cmpeq_pi16
#define _m_pcmpeqd _mm_cmpeq_pi32
#define _m_pcmpgtb _mm_cmpgt_pi8
#define _m_pcmpgtw _mm_cmpgt_pi16
#define _m_pcmpgtd _mm_cmpgt_pi32

#endif
