/* BMI1 intrinsics for pycc (Intel Intrinsics Guide). */
#ifndef _BMIINTRIN_H_INCLUDED
#define _BMIINTRIN_H_INCLUDED
static __inline__ unsigned short __tzcnt_u16(unsigned short __x) { return __x ? __builtin_ctz(__x) : 16; }
static __inline__ unsigned int __andn_u32(unsigned int __x, unsigned int __y) { return ~__x & __y; }
static __inline__ unsigned int __bextr_u32(unsigned int __x, unsigned int __c)
{ unsigned int __s = __c & 0xff, __l = (__c >> 8) & 0xff;
  if (__s >= 32) return 0;
  __x >>= __s;
  return __l >= 32 ? __x : __x & ((1u << __l) - 1); }
static __inline__ unsigned int _bextr_u32(unsigned int __x, unsigned int __s, unsigned int __l)
{ return __bextr_u32(__x, (__s & 0xff) | ((__l & 0xff) << 8)); }
static __inline__ unsigned int __blsi_u32(unsigned int __x) { return __x & -__x; }
static __inline__ unsigned int _blsi_u32(unsigned int __x) { return __x & -__x; }
static __inline__ unsigned int __blsmsk_u32(unsigned int __x) { return __x ^ (__x - 1); }
static __inline__ unsigned int _blsmsk_u32(unsigned int __x) { return __x ^ (__x - 1); }
static __inline__ unsigned int __blsr_u32(unsigned int __x) { return __x & (__x - 1); }
static __inline__ unsigned int _blsr_u32(unsigned int __x) { return __x & (__x - 1); }
static __inline__ unsigned int __tzcnt_u32(unsigned int __x) { return __x ? __builtin_ctz(__x) : 32; }
static __inline__ unsigned int _tzcnt_u32(unsigned int __x) { return __x ? __builtin_ctz(__x) : 32; }
static __inline__ unsigned long long __andn_u64(unsigned long long __x, unsigned long long __y) { return ~__x & __y; }
static __inline__ unsigned long long __bextr_u64(unsigned long long __x, unsigned long long __c)
{ unsigned int __s = __c & 0xff, __l = (__c >> 8) & 0xff;
  if (__s >= 64) return 0;
  __x >>= __s;
  return __l >= 64 ? __x : __x & ((1ull << __l) - 1); }
static __inline__ unsigned long long _bextr_u64(unsigned long long __x, unsigned int __s, unsigned int __l)
{ return __bextr_u64(__x, (__s & 0xff) | ((__l & 0xff) << 8)); }
static __inline__ unsigned long long __blsi_u64(unsigned long long __x) { return __x & -__x; }
static __inline__ unsigned long long _blsi_u64(unsigned long long __x) { return __x & -__x; }
static __inline__ unsigned long long __blsmsk_u64(unsigned long long __x) { return __x ^ (__x - 1); }
static __inline__ unsigned long long _blsmsk_u64(unsigned long long __x) { return __x ^ (__x - 1); }
static __inline__ unsigned long long __blsr_u64(unsigned long long __x) { return __x & (__x - 1); }
static __inline__ unsigned long long _blsr_u64(unsigned long long __x) { return __x & (__x - 1); }
static __inline__ unsigned long long __tzcnt_u64(unsigned long long __x) { return __x ? __builtin_ctzll(__x) : 64; }
static __inline__ unsigned long long _tzcnt_u64(unsigned long long __x) { return __x ? __builtin_ctzll(__x) : 64; }
#endif
