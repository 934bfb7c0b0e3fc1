/* ia32 helper intrinsics for pycc (Intel Intrinsics Guide): time stamp counter, bit scans,
   byte swaps, rotates, popcount. */
#ifndef _IA32INTRIN_H_INCLUDED
#define _IA32INTRIN_H_INCLUDED
static __inline__ unsigned long long __rdtsc(void) { return __builtin_ia32_rdtsc(); }
#define _rdtsc() __rdtsc()
static __inline__ int __bsfd(int __x) { return __builtin_ctz(__x); }
static __inline__ int __bsrd(int __x) { return 31 - __builtin_clz(__x); }
static __inline__ int __bswapd(int __x) { return (int)__builtin_bswap32(__x); }
static __inline__ int __popcntd(unsigned int __x) { return __builtin_popcount(__x); }
static __inline__ unsigned char __rolb(unsigned char __x, int __n) { __n &= 7; return (unsigned char)((__x << __n) | (__x >> ((8 - __n) & 7))); }
static __inline__ unsigned char __rorb(unsigned char __x, int __n) { __n &= 7; return (unsigned char)((__x >> __n) | (__x << ((8 - __n) & 7))); }
static __inline__ unsigned short __rolw(unsigned short __x, int __n) { __n &= 15; return (unsigned short)((__x << __n) | (__x >> ((16 - __n) & 15))); }
static __inline__ unsigned short __rorw(unsigned short __x, int __n) { __n &= 15; return (unsigned short)((__x >> __n) | (__x << ((16 - __n) & 15))); }
static __inline__ unsigned int __rold(unsigned int __x, int __n) { __n &= 31; return (__x << __n) | (__x >> ((32 - __n) & 31)); }
static __inline__ unsigned int __rord(unsigned int __x, int __n) { __n &= 31; return (__x >> __n) | (__x << ((32 - __n) & 31)); }
static __inline__ int __bsfq(long long __x) { return __builtin_ctzll(__x); }
static __inline__ int __bsrq(long long __x) { return 63 - __builtin_clzll(__x); }
static __inline__ long long __bswapq(long long __x) { return (long long)__builtin_bswap64(__x); }
static __inline__ long long __popcntq(unsigned long long __x) { return __builtin_popcountll(__x); }
static __inline__ unsigned long long __rolq(unsigned long long __x, int __n) { __n &= 63; return (__x << __n) | (__x >> ((64 - __n) & 63)); }
static __inline__ unsigned long long __rorq(unsigned long long __x, int __n) { __n &= 63; return (__x >> __n) | (__x << ((64 - __n) & 63)); }
#define _bit_scan_forward(a) __bsfd(a)
#define _bit_scan_reverse(a) __bsrd(a)
#define _bswap(a) __bswapd(a)
#define _bswap64(a) __bswapq(a)
#define _popcnt32(a) __popcntd(a)
#define _popcnt64(a) __popcntq(a)
#define _rotl(a, b) __rold((a), (b))
#define _rotr(a, b) __rord((a), (b))
#define _rotwl(a, b) __rolw((a), (b))
#define _rotwr(a, b) __rorw((a), (b))
#define _lrotl(a, b) __rolq((a), (b))
#define _lrotr(a, b) __rorq((a), (b))
#endif
