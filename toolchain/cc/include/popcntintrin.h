/* POPCNT intrinsics for pycc. */
#ifndef _POPCNTINTRIN_H_INCLUDED
#define _POPCNTINTRIN_H_INCLUDED
static __inline__ int _mm_popcnt_u32(unsigned int __x) { return __builtin_popcount(__x); }
static __inline__ long long _mm_popcnt_u64(unsigned long long __x) { return __builtin_popcountll(__x); }
#endif
