/* LZCNT intrinsics for pycc (Intel Intrinsics Guide). */
#ifndef _LZCNTINTRIN_H_INCLUDED
#define _LZCNTINTRIN_H_INCLUDED
static __inline__ unsigned short __lzcnt16(unsigned short __x) { return __x ? __builtin_clz(__x) - 16 : 16; }
static __inline__ unsigned int __lzcnt32(unsigned int __x) { return __x ? __builtin_clz(__x) : 32; }
static __inline__ unsigned int _lzcnt_u32(unsigned int __x) { return __x ? __builtin_clz(__x) : 32; }
static __inline__ unsigned long long __lzcnt64(unsigned long long __x) { return __x ? __builtin_clzll(__x) : 64; }
static __inline__ unsigned long long _lzcnt_u64(unsigned long long __x) { return __x ? __builtin_clzll(__x) : 64; }
#endif
