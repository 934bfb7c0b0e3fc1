/* ADX intrinsics for pycc: add with carry (Intel Intrinsics Guide). */
#ifndef _ADXINTRIN_H_INCLUDED
#define _ADXINTRIN_H_INCLUDED
static __inline__ unsigned char _addcarry_u32(unsigned char __c, unsigned int __x, unsigned int __y, unsigned int *__p)
{ unsigned long long __r = (unsigned long long)__x + __y + (__c != 0); *__p = (unsigned int)__r; return (unsigned char)(__r >> 32); }
static __inline__ unsigned char _subborrow_u32(unsigned char __c, unsigned int __x, unsigned int __y, unsigned int *__p)
{ unsigned long long __r = (unsigned long long)__x - __y - (__c != 0); *__p = (unsigned int)__r; return (unsigned char)((__r >> 32) & 1); }
static __inline__ unsigned char _addcarryx_u32(unsigned char __c, unsigned int __x, unsigned int __y, unsigned int *__p)
{ return _addcarry_u32(__c, __x, __y, __p); }
static __inline__ unsigned char _addcarry_u64(unsigned char __c, unsigned long long __x, unsigned long long __y, unsigned long long *__p)
{ unsigned __int128 __r = (unsigned __int128)__x + __y + (__c != 0); *__p = (unsigned long long)__r; return (unsigned char)(__r >> 64); }
static __inline__ unsigned char _subborrow_u64(unsigned char __c, unsigned long long __x, unsigned long long __y, unsigned long long *__p)
{ unsigned __int128 __r = (unsigned __int128)__x - __y - (__c != 0); *__p = (unsigned long long)__r; return (unsigned char)((__r >> 64) & 1); }
static __inline__ unsigned char _addcarryx_u64(unsigned char __c, unsigned long long __x, unsigned long long __y, unsigned long long *__p)
{ return _addcarry_u64(__c, __x, __y, __p); }
#endif
