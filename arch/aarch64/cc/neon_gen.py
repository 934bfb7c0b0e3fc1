"""Generator of toolchain/cc/include/arm_neon.h (issue 22, AArch64 Advanced SIMD intrinsics).

    python -m toolchain.arch.aarch64.cc.neon_gen [--check]

Written from Arm's ACLE and the Neon intrinsics reference: the vector types on GNU vector types
(`vector_size`), the tuple structs (`int8x8x2_t` ...) and the intrinsics as
`static __inline__ __attribute__((__always_inline__))` functions. Each family below is a
template over the element types it exists for; a lane operation is written once as a C
expression over the lane values A, B, C (`__a[__i]`...) in a wide integer type where the
instruction saturates, rounds, widens or narrows, so every result is the architected one
(saturating arithmetic, rounding shifts, FRECPE/FRSQRTE estimates, FCVTZS saturation, NaN
propagation of FMAX/FMIN). The output is deterministic; `--check` fails when the committed
header differs from what this generator writes.

Half precision: `float16_t` is `__fp16` (lanes computed in float or double and rounded once
to half, which for + - * / sqrt is the half-precision instruction's result). The scalar
half-precision intrinsics (`vaddh_f16`...) and the helpers every intrinsic uses are in
`arm_fp16.h`, which arm_neon.h includes first, as in gcc; both files are written here.
"""
from __future__ import annotations

import os
import sys

INCLUDE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "toolchain",
                       "cc", "include")
OUT = os.path.join(INCLUDE, "arm_neon.h")
OUT_FP16 = os.path.join(INCLUDE, "arm_fp16.h")


class VT:
    """A vector (or scalar when lanes == 0) type: kind s/u/f/p, element bits, lanes."""
    __slots__ = ("kind", "bits", "lanes")

    def __init__(self, kind, bits, lanes):
        self.kind, self.bits, self.lanes = kind, bits, lanes

    @property
    def base(self):
        return {"s": "int", "u": "uint", "f": "float", "p": "poly"}[self.kind]

    @property
    def elem(self):
        return f"{self.base}{self.bits}_t"

    @property
    def name(self):
        return f"{self.base}{self.bits}x{self.lanes}_t" if self.lanes else self.elem

    @property
    def suf(self):
        return f"{self.kind}{self.bits}"

    @property
    def q(self):
        return "q" if self.lanes * self.bits == 128 else ""

    def with_(self, kind=None, bits=None, lanes=None):
        return VT(kind or self.kind, bits or self.bits, self.lanes if lanes is None else lanes)

    @property
    def wide(self):
        return VT(self.kind, self.bits * 2, 128 // (self.bits * 2))

    @property
    def narrow(self):
        return VT(self.kind, self.bits // 2, 64 // (self.bits // 2))

    @property
    def uns(self):
        return self.with_(kind="u")

    @property
    def sgn(self):
        return self.with_(kind="s")

    @property
    def half(self):
        return self.with_(lanes=self.lanes // 2)

    @property
    def full(self):
        return self.with_(lanes=self.lanes * 2)

    @property
    def lo(self):
        """Smallest value as C text (integers)."""
        if self.kind == "s":
            return f"(-(__int128)1 << {self.bits - 1})"
        return "0"

    @property
    def hi(self):
        if self.kind == "s":
            return f"(((__int128)1 << {self.bits - 1}) - 1)"
        return f"(((__int128)1 << {self.bits}) - 1)"


def vtypes(kinds, bits, q=(False, True)):
    out = []
    for qq in q:
        for k in kinds:
            for b in bits:
                if k == "f" and b not in (16, 32, 64):
                    continue
                if k == "p" and b not in (8, 16, 64):
                    continue
                out.append(VT(k, b, (128 if qq else 64) // b))
    return out


INT = ("s", "u")
B8_32 = (8, 16, 32)
B_ALL = (8, 16, 32, 64)

ATTR = "static __inline__ __attribute__((__always_inline__, __unused__))"


class Gen:
    def __init__(self):
        self.out = []
        self.seen = set()

    def fn(self, name, ret, params, body):
        if name in self.seen:
            return
        self.seen.add(name)
        ret = ret.name if isinstance(ret, VT) else ret
        ps = ", ".join(f"{t.name if isinstance(t, VT) else t} {n}" for t, n in params) or "void"
        self.out.append(f"{ATTR} {ret}\n{name} ({ps})\n{{\n{body}}}\n")

    def lanes(self, name, rt, params, expr, n=None, pre="", ret="__r"):
        """A function whose result lane __i is `expr` (A, B, C stand for __a[__i]...)."""
        e = lane_expr(expr)
        n = n if n is not None else (rt.lanes if isinstance(rt, VT) else 1)
        rtn = rt.name if isinstance(rt, VT) else rt
        body = f"  {rtn} __r;\n{pre}  for (int __i = 0; __i < {n}; __i++)\n    __r[__i] = {e};\n" \
               f"  return {ret};\n"
        self.fn(name, rtn, [(t.name if isinstance(t, VT) else t, p) for t, p in params], body)


def lane_expr(e):
    return e.replace("A", "__a[__i]").replace("B", "__b[__i]").replace("C", "__c[__i]")


def nm(op, t, suffix=None):
    """v<op>[q]_<suffix>, the q after the operation's first word (vdupq_n_s8, vld1q_lane_u8)."""
    first, _, rest = op.partition("_")
    return f"v{first}{t.q}{'_' + rest if rest else ''}_{suffix or t.suf}"


# --------------------------------------------------------------------------------------------
def header(g):
    g.out.append("""/* arm_neon.h: AArch64 Advanced SIMD intrinsics for pycc (generated by
   arch/aarch64/cc/neon_gen.py from Arm's ACLE; do not edit).  */
#ifndef _PYCC_ARM_NEON_H
#define _PYCC_ARM_NEON_H
#include <stdint.h>
#include <arm_fp16.h>
typedef float float32_t;
typedef double float64_t;
typedef uint8_t poly8_t;
typedef uint16_t poly16_t;
typedef uint64_t poly64_t;
typedef unsigned __int128 poly128_t;
""")
    for t in vtypes(("s", "u", "f", "p"), B_ALL):
        g.out.append(f"typedef {t.elem} {t.name} __attribute__((__vector_size__({t.lanes * t.bits // 8})));\n")
    for t in vtypes(("s", "u", "f", "p"), B_ALL):
        for k in (2, 3, 4):
            n = t.name[:-2] + f"x{k}_t"
            g.out.append(f"typedef struct {n[:-2]} {{ {t.name} val[{k}]; }} {n};\n")
    # bfloat16 (storage only): __bf16 lanes that only the uint16 intrinsics' bits touch
    g.out.append("typedef __bf16 bfloat16_t;\n")
    for n in (4, 8):
        g.out.append(f"typedef __bf16 bfloat16x{n}_t __attribute__((__vector_size__({2 * n})));\n")
        for k in (2, 3, 4):
            g.out.append(f"typedef struct bfloat16x{n}x{k} {{ bfloat16x{n}_t val[{k}]; }} "
                         f"bfloat16x{n}x{k}_t;\n")


def fp16_header(g):
    """arm_fp16.h's opening: float16_t and the helpers the intrinsics of both headers use."""
    g.out.append("""/* arm_fp16.h: AArch64 half-precision scalar intrinsics for pycc (generated by
   arch/aarch64/cc/neon_gen.py from Arm's ACLE; do not edit).  */
#ifndef _PYCC_ARM_FP16_H
#define _PYCC_ARM_FP16_H
#include <stdint.h>
typedef __fp16 float16_t;
static __inline__ __attribute__((__always_inline__, __unused__)) __int128
__pyn_sat (__int128 __v, __int128 __lo, __int128 __hi)
{
  return __v < __lo ? __lo : __v > __hi ? __hi : __v;
}
/* a shifted by sh (left when sh >= 0, else right, rounding when rnd), a held in bits bits */
static __inline__ __attribute__((__always_inline__, __unused__)) __int128
__pyn_shl (__int128 __a, int __sh, int __bits, int __rnd)
{
  if (__sh >= 0)
    {
      if (__sh >= __bits)
        return __a == 0 ? 0 : __a < 0 ? -((__int128)1 << 126) : ((__int128)1 << 126);
      return __a * ((__int128)1 << __sh);
    }
  __sh = -__sh;
  if (__sh > __bits)
    __sh = __bits + (__rnd ? 1 : 0);
  if (__rnd)
    return (__a + ((__int128)1 << (__sh - 1))) >> __sh;
  return __a >> __sh;
}
static __inline__ __attribute__((__always_inline__, __unused__)) int
__pyn_clz (unsigned long long __v, int __bits)
{
  int __n = 0;
  for (int __i = __bits - 1; __i >= 0 && !((__v >> __i) & 1); __i--)
    __n++;
  return __n;
}
static __inline__ __attribute__((__always_inline__, __unused__)) int
__pyn_cls (long long __v, int __bits)
{
  unsigned long long __u = __v < 0 ? ~(unsigned long long)__v : (unsigned long long)__v;
  return __pyn_clz (__u, __bits) - 1;
}
static __inline__ __attribute__((__always_inline__, __unused__)) int
__pyn_cnt (unsigned __v)
{
  int __n = 0;
  for (; __v; __v &= __v - 1)
    __n++;
  return __n;
}
static __inline__ __attribute__((__always_inline__, __unused__)) int
__pyn_isnan (double __x)
{
  return __x != __x;
}
/* FMAX/FMIN: a NaN operand gives the NaN the FPU propagates (the first signalling, else the
   first quiet one, quietened), as an addition of the two does; -0 < +0 */
static __inline__ __attribute__((__always_inline__, __unused__)) double
__pyn_fmax (double __a, double __b, int __max)
{
  if (__a != __a || __b != __b)
    return __a + __b;
  if (__a == 0 && __b == 0)
    return __max ? (__builtin_signbit (__a) ? __b : __a) : (__builtin_signbit (__a) ? __a : __b);
  return __max ? (__a > __b ? __a : __b) : (__a < __b ? __a : __b);
}
static __inline__ __attribute__((__always_inline__, __unused__)) float
__pyn_fmaxf (float __a, float __b, int __max)
{
  if (__a != __a || __b != __b)
    return __a + __b;
  if (__a == 0 && __b == 0)
    return __max ? (__builtin_signbit (__a) ? __b : __a) : (__builtin_signbit (__a) ? __a : __b);
  return __max ? (__a > __b ? __a : __b) : (__a < __b ? __a : __b);
}
/* FMAXNM/FMINNM: a quiet NaN against a number gives the number */
static __inline__ __attribute__((__always_inline__, __unused__)) double
__pyn_fmaxnm (double __a, double __b, int __max)
{
  if (__a != __a && __b == __b)
    return __b;
  if (__b != __b && __a == __a)
    return __a;
  return __pyn_fmax (__a, __b, __max);
}
static __inline__ __attribute__((__always_inline__, __unused__)) float
__pyn_fmaxnmf (float __a, float __b, int __max)
{
  if (__a != __a && __b == __b)
    return __b;
  if (__b != __b && __a == __a)
    return __a;
  return __pyn_fmaxf (__a, __b, __max);
}
/* FCVTZS/FCVTZU and friends: the value rounded (0 trunc, 1 floor, 2 ceil, 3 away, 4 even),
   then saturated; NaN gives 0 */
static __inline__ __attribute__((__always_inline__, __unused__)) __int128
__pyn_cvt (double __x, int __mode, __int128 __lo, __int128 __hi)
{
  if (__x != __x)
    return 0;
  double __r = __mode == 0 ? __builtin_trunc (__x) : __mode == 1 ? __builtin_floor (__x)
    : __mode == 2 ? __builtin_ceil (__x) : __mode == 3 ? __builtin_round (__x)
    : __builtin_rint (__x);
  if (__r <= (double)__lo)
    return __lo;
  if (__r >= (double)__hi)
    return __hi;
  return (__int128)__r;
}
/* float -> float rounding to integral: 0 trunc, 1 floor, 2 ceil, 3 away, 4 even/current */
static __inline__ __attribute__((__always_inline__, __unused__)) double
__pyn_rnd (double __x, int __mode)
{
  return __mode == 0 ? __builtin_trunc (__x) : __mode == 1 ? __builtin_floor (__x)
    : __mode == 2 ? __builtin_ceil (__x) : __mode == 3 ? __builtin_round (__x)
    : __builtin_rint (__x);
}
static __inline__ __attribute__((__always_inline__, __unused__)) float
__pyn_rndf (float __x, int __mode)
{
  return __mode == 0 ? __builtin_truncf (__x) : __mode == 1 ? __builtin_floorf (__x)
    : __mode == 2 ? __builtin_ceilf (__x) : __mode == 3 ? __builtin_roundf (__x)
    : __builtin_rintf (__x);
}
/* URECPE / URSQRTE on a 32-bit lane (Arm ARM UnsignedRecipEstimate, UnsignedRSqrtEstimate) */
static __inline__ __attribute__((__always_inline__, __unused__)) uint32_t
__pyn_urecpe (uint32_t __x)
{
  if (!(__x >> 31))
    return 0xffffffffu;
  int __a = (int)(__x >> 23) & 0x1ff;
  int __ai = __a * 2 + 1;
  int __b = (1 << 19) / __ai;
  int __r = (__b + 1) >> 1;
  return (uint32_t)(__r & 0x1ff) << 23;
}
static __inline__ __attribute__((__always_inline__, __unused__)) int
__pyn_rsqrt_est (int __a)
{
  if (__a < 256)
    __a = __a * 2 + 1;
  else
    __a = ((__a >> 1) << 1) + 1, __a *= 2, __a -= 0;
  int __b = 512;
  while ((long long)__a * (__b + 1) * (__b + 1) < (1LL << 28))
    __b++;
  return (__b + 1) >> 1;
}
static __inline__ __attribute__((__always_inline__, __unused__)) uint32_t
__pyn_ursqrte (uint32_t __x)
{
  if (!(__x >> 30))
    return 0xffffffffu;
  return (uint32_t)(__pyn_rsqrt_est ((int)(__x >> 23) & 0x1ff) & 0x1ff) << 23;
}
static __inline__ __attribute__((__always_inline__, __unused__)) unsigned __int128
__pyn_pmul (uint64_t __a, uint64_t __b)
{
  unsigned __int128 __r = 0;
  for (int __i = 0; __i < 64; __i++)
    if ((__b >> __i) & 1)
      __r ^= (unsigned __int128)__a << __i;
  return __r;
}
static __inline__ __attribute__((__always_inline__, __unused__)) uint8_t
__pyn_rbit8 (uint8_t __v)
{
  uint8_t __r = 0;
  for (int __i = 0; __i < 8; __i++)
    __r |= ((__v >> __i) & 1) << (7 - __i);
  return __r;
}
/* FMULX: infinity times zero is 2 with the product's sign */
static __inline__ __attribute__((__always_inline__, __unused__)) double
__pyn_mulx (double __a, double __b)
{
  if ((__builtin_isinf (__a) && __b == 0) || (__builtin_isinf (__b) && __a == 0))
    return (__builtin_signbit (__a) != 0) != (__builtin_signbit (__b) != 0) ? -2.0 : 2.0;
  return __a * __b;
}
static __inline__ __attribute__((__always_inline__, __unused__)) float
__pyn_mulxf (float __a, float __b)
{
  if ((__builtin_isinf (__a) && __b == 0) || (__builtin_isinf (__b) && __a == 0))
    return (__builtin_signbit (__a) != 0) != (__builtin_signbit (__b) != 0) ? -2.0f : 2.0f;
  return __a * __b;
}
/* FRECPS (k = 2): 2 - a*b fused; FRSQRTS (k = 3): (3 - a*b) / 2 fused; inf * 0 gives 2 / 1.5 */
static __inline__ __attribute__((__always_inline__, __unused__)) double
__pyn_frecps (double __a, double __b, int __k)
{
  if (__a != __a || __b != __b)
    return __a + __b;
  if ((__builtin_isinf (__a) && __b == 0) || (__builtin_isinf (__b) && __a == 0))
    return __k == 2 ? 2.0 : 1.5;
  if (__k == 2)
    return __builtin_fma (-__a, __b, 2.0);
  return __builtin_fma (-__a, __b, 3.0) / 2.0;
}
static __inline__ __attribute__((__always_inline__, __unused__)) float
__pyn_frecpsf (float __a, float __b, int __k)
{
  if (__a != __a || __b != __b)
    return __a + __b;
  if ((__builtin_isinf (__a) && __b == 0) || (__builtin_isinf (__b) && __a == 0))
    return __k == 2 ? 2.0f : 1.5f;
  if (__k == 2)
    return __builtin_fmaf (-__a, __b, 2.0f);
  return __builtin_fmaf (-__a, __b, 3.0f) / 2.0f;
}
/* FCVTXN: double to float rounding to odd */
static __inline__ __attribute__((__always_inline__, __unused__)) float
__pyn_cvtx (double __x)
{
  float __f = (float)__x;
  if (__x != __x || __builtin_isinf (__x) || (double)__f == __x)
    return __f;
  float __t = __builtin_truncf (0) + __f;
  uint32_t __u;
  /* round toward zero, then set the lowest bit */
  if ((__x > 0 && (double)__t > __x) || (__x < 0 && (double)__t < __x))
    {
      __builtin_memcpy (&__u, &__t, 4);
      __u -= 1;
      __builtin_memcpy (&__t, &__u, 4);
    }
  __builtin_memcpy (&__u, &__t, 4);
  __u |= 1;
  __builtin_memcpy (&__t, &__u, 4);
  return __t;
}
static __inline__ __attribute__((__always_inline__, __unused__)) int
__pyn_recip_est (int __a)
{
  __a = __a * 2 + 1;
  int __b = (1 << 19) / __a;
  return (__b + 1) >> 1;
}
/* FRECPE and FRSQRTE (Arm ARM FPRecipEstimate / FPRSqrtEstimate, round to nearest, no flush)
   on the bits of a float (ebits 8, fbits 23) or a double (11, 52) */
static __inline__ __attribute__((__always_inline__, __unused__)) uint64_t
__pyn_frecpe_bits (uint64_t __x, int __eb, int __fb, int __rsqrt)
{
  uint64_t __sign = __x >> (__eb + __fb);
  int __emax = (1 << __eb) - 1, __bias = __emax >> 1;
  int __exp = (int)((__x >> __fb) & __emax);
  uint64_t __frac = __x & (((uint64_t)1 << __fb) - 1);
  uint64_t __qnan = (uint64_t)1 << (__fb - 1);
  /* FPCR: FZ (FZ16 for halves) flushes denormal inputs and results, DN gives the default NaN */
  uint64_t __fpcr;
  __asm__ __volatile__ ("mrs %0, fpcr" : "=r" (__fpcr));
  int __fz = (int)(__fpcr >> (__eb == 5 ? 19 : 24)) & 1, __dn = (int)(__fpcr >> 25) & 1;
  if (__exp == __emax && __frac)
    return __dn ? ((uint64_t)__emax << __fb) | __qnan : __x | __qnan;
  if (__exp == __emax)
    return __rsqrt ? (__sign ? ((uint64_t)__emax << __fb) | __qnan : 0) : __sign << (__eb + __fb);
  if (__fz && __exp == 0)
    __frac = 0;
  if (__exp == 0 && __frac == 0)
    return (__sign << (__eb + __fb)) | ((uint64_t)__emax << __fb);
  if (__rsqrt && __sign)
    return ((uint64_t)__emax << __fb) | __qnan;
  if (!__rsqrt && __fz && __exp >= 2 * __bias - 1)
    return __sign << (__eb + __fb);     /* the denormal result flushed to zero */
  /* fraction as 52 bits */
  uint64_t __f = __frac << (52 - __fb);
  if (!__rsqrt)
    {
      if (__exp == 0 && !(__f >> 51) && !((__f >> 50) & 1))
        /* too small: the result overflows to infinity */
        return (__sign << (__eb + __fb)) | ((uint64_t)__emax << __fb);
      if (__exp == 0)
        {
          if (!(__f >> 51))
            {
              __exp = -1;
              __f = (__f << 2) & (((uint64_t)1 << 52) - 1);
            }
          else
            __f = (__f << 1) & (((uint64_t)1 << 52) - 1);
        }
      int __scaled = (int)(256 | (__f >> 44));
      int __rexp = 2 * __bias - 1 - __exp;
      uint64_t __est = (uint64_t)__pyn_recip_est (__scaled);
      __f = (__est & 0xff) << 44;
      if (__rexp == 0)
        __f = ((uint64_t)1 << 51) | (__f >> 1);
      else if (__rexp == -1)
        {
          __f = ((uint64_t)1 << 50) | (__f >> 2);
          __rexp = 0;
        }
      return (__sign << (__eb + __fb)) | ((uint64_t)(__rexp & __emax) << __fb) | (__f >> (52 - __fb));
    }
  if (__exp == 0)
    {
      while (!(__f >> 51))
        {
          __f = (__f << 1) & (((uint64_t)1 << 52) - 1);
          __exp--;
        }
      __f = (__f << 1) & (((uint64_t)1 << 52) - 1);
    }
  int __scaled = (__exp & 1) == 0 ? (int)(256 | (__f >> 44)) : (int)(128 | (__f >> 45));
  int __rexp = (3 * __bias - 1 - __exp) / 2;
  uint64_t __est = (uint64_t)__pyn_rsqrt_est (__scaled);
  return ((uint64_t)(__rexp & __emax) << __fb) | ((__est & 0xff) << (__fb - 8));
}
static __inline__ __attribute__((__always_inline__, __unused__)) float
__pyn_frecpef (float __a)
{
  uint32_t __u;
  __builtin_memcpy (&__u, &__a, 4);
  __u = (uint32_t)__pyn_frecpe_bits (__u, 8, 23, 0);
  __builtin_memcpy (&__a, &__u, 4);
  return __a;
}
static __inline__ __attribute__((__always_inline__, __unused__)) double
__pyn_frecpe (double __a)
{
  uint64_t __u;
  __builtin_memcpy (&__u, &__a, 8);
  __u = __pyn_frecpe_bits (__u, 11, 52, 0);
  __builtin_memcpy (&__a, &__u, 8);
  return __a;
}
static __inline__ __attribute__((__always_inline__, __unused__)) float
__pyn_frsqrtef (float __a)
{
  uint32_t __u;
  __builtin_memcpy (&__u, &__a, 4);
  __u = (uint32_t)__pyn_frecpe_bits (__u, 8, 23, 1);
  __builtin_memcpy (&__a, &__u, 4);
  return __a;
}
static __inline__ __attribute__((__always_inline__, __unused__)) double
__pyn_frsqrte (double __a)
{
  uint64_t __u;
  __builtin_memcpy (&__u, &__a, 8);
  __u = __pyn_frecpe_bits (__u, 11, 52, 1);
  __builtin_memcpy (&__a, &__u, 8);
  return __a;
}
""")


FP16_HELPERS = """/* FRECPE/FRSQRTE on a half (ebits 5, fbits 10), FRECPX (the exponent complemented) */
static __inline__ __attribute__((__always_inline__, __unused__)) float16_t
__pyn_fp16_bits (uint64_t __u)
{
  uint16_t __h = (uint16_t)__u;
  float16_t __r;
  __builtin_memcpy (&__r, &__h, 2);
  return __r;
}
static __inline__ __attribute__((__always_inline__, __unused__)) uint64_t
__pyn_fp16_u (float16_t __a)
{
  uint16_t __h;
  __builtin_memcpy (&__h, &__a, 2);
  return __h;
}
static __inline__ __attribute__((__always_inline__, __unused__)) float16_t
__pyn_frecpeh (float16_t __a)
{
  return __pyn_fp16_bits (__pyn_frecpe_bits (__pyn_fp16_u (__a), 5, 10, 0));
}
static __inline__ __attribute__((__always_inline__, __unused__)) float16_t
__pyn_frsqrteh (float16_t __a)
{
  return __pyn_fp16_bits (__pyn_frecpe_bits (__pyn_fp16_u (__a), 5, 10, 1));
}
static __inline__ __attribute__((__always_inline__, __unused__)) uint64_t
__pyn_frecpx_bits (uint64_t __x, int __eb, int __fb)
{
  uint64_t __emax = ((uint64_t)1 << __eb) - 1;
  uint64_t __exp = (__x >> __fb) & __emax, __frac = __x & (((uint64_t)1 << __fb) - 1);
  uint64_t __sign = __x & ((uint64_t)1 << (__eb + __fb));
  uint64_t __fpcr;
  __asm__ __volatile__ ("mrs %0, fpcr" : "=r" (__fpcr));
  if (__exp == __emax && __frac)
    return ((__fpcr >> 25) & 1) ? (__emax << __fb) | ((uint64_t)1 << (__fb - 1))
                                : __x | ((uint64_t)1 << (__fb - 1));
  if (__exp == 0)
    return __sign | ((__emax - 1) << __fb);
  return __sign | ((~__exp & __emax) << __fb);
}
"""


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    from toolchain.arch.aarch64.cc import neon_gen     # one copy of VT under `python -m`
    outputs = ((OUT, neon_gen.generate()), (OUT_FP16, neon_gen.generate_fp16()))
    from toolchain.cc.headergen import write_or_check
    return write_or_check(outputs, argv, "neon_gen.py")

def generate():
    from . import neon_table
    g = Gen()
    header(g)
    neon_table.emit(g)
    g.out.append("#endif /* _PYCC_ARM_NEON_H */\n")
    return "".join(g.out)


def generate_fp16():
    from . import neon_table
    g = Gen()
    fp16_header(g)
    g.out.append(FP16_HELPERS)
    neon_table.emit_fp16(g)
    g.out.append("#endif /* _PYCC_ARM_FP16_H */\n")
    return "".join(g.out)


if __name__ == "__main__":
    sys.exit(main())
