/* BMI2 intrinsics for pycc (Intel Intrinsics Guide). */
#ifndef _BMI2INTRIN_H_INCLUDED
#define _BMI2INTRIN_H_INCLUDED
static __inline__ unsigned int _bzhi_u32(unsigned int __x, unsigned int __i)
{ __i &= 0xff; return __i >= 32 ? __x : __x & ((1u << __i) - 1); }
static __inline__ unsigned int _pdep_u32(unsigned int __x, unsigned int __m) { return __builtin_ia32_pdep_si(__x, __m); }
static __inline__ unsigned int _pext_u32(unsigned int __x, unsigned int __m) { return __builtin_ia32_pext_si(__x, __m); }
static __inline__ unsigned int _mulx_u32(unsigned int __x, unsigned int __y, unsigned int *__hi)
{ unsigned long long __r = (unsigned long long)__x * __y; *__hi = (unsigned int)(__r >> 32); return (unsigned int)__r; }
static __inline__ unsigned long long _bzhi_u64(unsigned long long __x, unsigned int __i)
{ __i &= 0xff; return __i >= 64 ? __x : __x & ((1ull << __i) - 1); }
static __inline__ unsigned long long _pdep_u64(unsigned long long __x, unsigned long long __m) { return __builtin_ia32_pdep_di(__x, __m); }
static __inline__ unsigned long long _pext_u64(unsigned long long __x, unsigned long long __m) { return __builtin_ia32_pext_di(__x, __m); }
static __inline__ unsigned long long _mulx_u64(unsigned long long __x, unsigned long long __y, unsigned long long *__hi)
{ unsigned __int128 __r = (unsigned __int128)__x * __y; *__hi = (unsigned long long)(__r >> 64); return (unsigned long long)__r; }
#endif
