"""Generator of toolchain/cc/include/avx512fintrin.h (issue 22, AVX-512F intrinsics).

    python -m toolchain.arch.x86_64.cc.avx512_gen [--check]

Written from Intel's Intrinsics Guide and the SDM (no gcc or clang header is used): the
512-bit types on GNU vector types, `__mmask8`/`__mmask16`, and every intrinsic as a
`static __inline__ __attribute__((__always_inline__))` function. A family is written once as
a lane expression (`a + b`, `a < b ? a : b`...) over the element views of its operands and
emitted for each element type it exists for; the `_mask_` (merge from a source), `_maskz_`
(zero) and FMA `_mask3_` forms are derived from the plain one by a per-lane select on the mask
bits, so they hold by construction. Operations with special-value rules (getexp, getmant,
fixupimm, scalef, roundscale, rcp14/rsqrt14, unsigned conversions, saturating down
conversions, the 32 compare predicates) go through small C helpers written from the SDM's
pseudocode; the `_round_` forms set MXCSR.RC around the operation (SAE needs no action here);
conversions that round by MXCSR reuse the AVX builtins on each half, so they round as the
hardware does.

This is element-by-element C (no zmm instruction is selected yet, vectors live in memory):
exact, but slow. Immediate operands are ordinary arguments here (any value, constant or not,
gives the architected result). `--check` fails when the committed header differs.
"""
from __future__ import annotations

import os
import re
import sys

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "toolchain",
                   "cc", "include", "avx512fintrin.h")

# kind -> (vector type, lane view, lanes, mask type, element C type)
K = {
    "ps": ("__m512", "__v16sf", 16, "__mmask16", "float"),
    "pd": ("__m512d", "__v8df", 8, "__mmask8", "double"),
    "epi32": ("__m512i", "__v16si", 16, "__mmask16", "int"),
    "epu32": ("__m512i", "__v16su", 16, "__mmask16", "unsigned int"),
    "epi64": ("__m512i", "__v8di", 8, "__mmask8", "long long"),
    "epu64": ("__m512i", "__v8du", 8, "__mmask8", "unsigned long long"),
    "epi16": ("__m512i", "__v32hi", 32, "__mmask32", "short"),
    "epi8": ("__m512i", "__v64qi", 64, "__mmask64", "char"),
    # narrower results (extracts, conversions)
    "ps128": ("__m128", "__v4sf", 4, "__mmask8", "float"),
    "pd128": ("__m128d", "__v2df", 2, "__mmask8", "double"),
    "ps256": ("__m256", "__v8sf", 8, "__mmask8", "float"),
    "pd256": ("__m256d", "__v4df", 4, "__mmask8", "double"),
    "epi32x128": ("__m128i", "__v4si", 4, "__mmask8", "int"),
    "epi32x256": ("__m256i", "__v8si", 8, "__mmask8", "int"),
    "epu32x256": ("__m256i", "__v8su", 8, "__mmask8", "unsigned int"),
    "epi64x128": ("__m128i", "__v2di", 2, "__mmask8", "long long"),
    "epi64x256": ("__m256i", "__v4di", 4, "__mmask8", "long long"),
    "epi16x256": ("__m256i", "__v16hi", 16, "__mmask16", "short"),
    "epi16x128": ("__m128i", "__v8hi", 8, "__mmask8", "short"),
    "epi8x128": ("__m128i", "__v16qi", 16, "__mmask16", "char"),
    "ss": ("__m128", "__v4sf", 4, "__mmask8", "float"),
    "sd": ("__m128d", "__v2df", 2, "__mmask8", "double"),
}
FP = ("ps", "pd")
INT = ("epi32", "epi64")


class Gen:
    __slots__ = ("out", "names", "sel", "sig", "fam")

    def __init__(self):
        self.out: list[str] = []
        self.names: set[str] = set()
        self.sel: set[str] = set()      # kinds whose select helpers the macros use
        self.sig: dict = {}             # function name -> (return type, params)
        self.fam: dict = {}             # lane-family name -> (result kind, masked forms)

    def macro(self, name: str, params, body: str) -> None:
        if name in self.names:
            raise ValueError(f"{name} emitted twice")
        self.names.add(name)
        self.out.append(f"#define {name}({', '.join(params)}) {body}\n")

    def raw(self, text: str) -> None:
        self.out.append(text.rstrip("\n") + "\n")

    def fn(self, ret: str, name: str, params, body: str) -> None:
        """One intrinsic; ``params`` is [(C type, name)]. One that ``INSTR`` names gets the
        body that selects its instruction instead."""
        if name in self.names:
            raise ValueError(f"{name} emitted twice")
        if name in INSTR:
            body = instr_body(ret, name, params)
        self.names.add(name)
        self.sig[name] = (ret, list(params))
        ps = ", ".join(f"{t} {n}" for t, n in params) or "void"
        self.out.append(f"__PYCC_INL {ret} {name}({ps})\n{{ {body} }}\n")


# intrinsics that are one AVX-512F instruction on %zmm (arch/x86_64/cc/builtins.py) rather
# than a loop over lanes: name -> (builtin, the vector type of its vector operands). A scalar
# count (shifts) goes in the low quadword of an %xmm count operand, which gives the lane
# loops' results for every count (0 or the sign beyond the width)
INSTR = {}
for _k in ("epi32", "epi64"):
    for _op, _bi in (("and", "pandq512"), ("or", "porq512"), ("xor", "pxorq512"),
                     ("andnot", "pandnq512")):
        INSTR[f"_mm512_{_op}_{_k}"] = (_bi, "__v8di")
INSTR.update({
    "_mm512_and_si512": ("pandq512", "__v8di"), "_mm512_or_si512": ("porq512", "__v8di"),
    "_mm512_xor_si512": ("pxorq512", "__v8di"), "_mm512_andnot_si512": ("pandnq512", "__v8di"),
    "_mm512_add_epi64": ("paddq512", "__v8di"), "_mm512_sub_epi64": ("psubq512", "__v8di"),
    "_mm512_add_epi32": ("paddd512", "__v16si"), "_mm512_sub_epi32": ("psubd512", "__v16si"),
    "_mm512_mullo_epi32": ("pmulld512", "__v16si"), "_mm512_mul_epu32": ("pmuludq512", "__v16si"),
    "_mm512_mul_epi32": ("pmuldq512", "__v16si"),
    "_mm512_slli_epi64": ("psllq512", "__v8di"), "_mm512_srli_epi64": ("psrlq512", "__v8di"),
    "_mm512_srai_epi64": ("psraq512", "__v8di"), "_mm512_sll_epi64": ("psllq512", "__v8di"),
    "_mm512_srl_epi64": ("psrlq512", "__v8di"), "_mm512_sra_epi64": ("psraq512", "__v8di"),
    "_mm512_slli_epi32": ("pslld512", "__v16si"), "_mm512_srli_epi32": ("psrld512", "__v16si"),
    "_mm512_srai_epi32": ("psrad512", "__v16si"), "_mm512_sll_epi32": ("pslld512", "__v16si"),
    "_mm512_srl_epi32": ("psrld512", "__v16si"), "_mm512_sra_epi32": ("psrad512", "__v16si"),
    "_mm512_shuffle_epi32": ("vpermilvarps512", "__v16sf"),
})


def instr_body(ret: str, name: str, params) -> str:
    """The body of an ``INSTR`` intrinsic: its builtin over the operands."""
    bi, vt = INSTR[name]
    args = []
    for t, p in params:
        if t in ("__m512", "__m512i", "__m512d"):
            args.append(f"({vt}){p}")
        elif t == "__m128i":
            args.append(f"(__v2di){p}")
        elif name == "_mm512_shuffle_epi32":      # PSHUFD's selectors as VPERMILPS's indices
            sel = ", ".join(f"({p} >> {2 * (i & 3)}) & 3" for i in range(16))
            args.append(f"(__v16si){{{sel}}}")
        else:
            args.append(f"(__v2di){{(long long){p}, 0}}")
    return f"return ({ret})__builtin_ia32_{bi}({', '.join(args)});"


def _subst(expr: str, vecs, scalars) -> str:
    def rep(m):
        w = m.group(0)
        if w in vecs:
            return f"__{w}[__i]"
        if w in scalars:
            return f"__{w}"
        if w == "i":
            return "__i"
        return w
    return re.sub(r"\b[A-Za-z_]\w*\b", rep, expr)


def lanes(g: Gen, name: str, rk: str, params, expr: str, masks=("mask", "maskz")) -> None:
    """``name`` computing each lane of a result of kind ``rk`` as ``expr``. ``params`` is a
    list of (kind or C type, name): a kind name makes the parameter a vector whose lanes the
    expression reads as ``name``; a C type makes it a scalar read as ``name``."""
    rt, rv, n, mt, _ = K[rk]
    cps, decl, vecs, scal, args = [], [], set(), set(), []
    for t, p in params:
        if t in K:
            cps.append((K[t][0], "__" + p.upper()))
            decl.append(f"{K[t][1]} __{p} = ({K[t][1]})__{p.upper()};")
            vecs.add(p)
            args.append("__" + p.upper())
        else:
            cps.append((t, "__" + p))
            scal.add(p)
            args.append("__" + p)
    body = (" ".join(decl) + f" {rv} __r; int __i; "
            f"for (__i = 0; __i < {n}; __i++) __r[__i] = {_subst(expr, vecs, scal)}; "
            f"return ({rt})__r;")
    g.fn(rt, name, cps, body)
    masked(g, name, rk, cps, args, masks)


def masked(g: Gen, name: str, rk: str, cps, args, masks, nl: int | None = None) -> None:
    """The `_mask_`/`_maskz_` (and FMA `_mask3_`, permute `_mask2_`) forms of ``name``."""
    rt, rv, n, mt, _ = K[rk]
    g.fam[name] = (rk, masks)
    nl = nl or n
    if nl == 8 and mt != "__mmask8":
        mt = "__mmask8"
    call = f"{name}({', '.join(args)})"
    head, tail = name.split("_", 2)[1], name.split("_", 2)[2]   # "_mm512_add_ps" -> mm512, add_ps
    sel = (f"{rv} __r = ({rv}){call}; int __i; "
           f"for (__i = 0; __i < {nl}; __i++) if (!(__U >> __i & 1)) __r[__i] = {{src}}; "
           f"return ({rt})__r;")
    for m in masks:
        # the plain _mask_/_maskz_ forms are macros over a select helper (nothing to parse or
        # lower unless used; every operand is evaluated once, as in a call)
        ps = [p for _, p in cps]
        inner = f"{name}({', '.join(f'({p})' for p in args)})"
        if m == "mask":
            g.sel.add(rk)
            g.macro(f"_{head}_mask_{tail}", ["__W", "__U"] + ps,
                    f"__pycc_sel_{rk}((__U), (__W), {inner}, {nl})")
        elif m == "maskz":
            g.sel.add(rk)
            g.macro(f"_{head}_maskz_{tail}", ["__U"] + ps,
                    f"__pycc_selz_{rk}((__U), {inner}, {nl})")
        elif m == "mask3":      # FMA: merge from the third operand, mask last
            c = cps[2][1]
            g.fn(rt, f"_{head}_mask3_{tail}", cps + [(mt, "__U")],
                 f"{rv} __w = ({rv}){c}; " + sel.format(src="__w[__i]"))
        elif m == "maskA":      # merge from the first operand, mask second (FMA, permutex2var)
            a = cps[0][1]
            g.fn(rt, f"_{head}_mask_{tail}", [cps[0], (mt, "__U")] + cps[1:],
                 f"{rv} __w = ({rv}){a}; " + sel.format(src="__w[__i]"))
        elif m == "mask2":      # permutex2var: merge from the index operand
            ix = cps[1][1]
            g.fn(rt, f"_{head}_mask2_{tail}", [cps[0], cps[1], (mt, "__U")] + cps[2:],
                 f"{rv} __w = ({rv}){ix}; " + sel.format(src="__w[__i]"))


# -- the hand-written parts -------------------------------------------------------------------
HEAD = r"""/* AVX-512F intrinsics for pycc, generated by arch/x86_64/cc/avx512_gen.py (do not edit:
   change the generator and run `python -m toolchain.arch.x86_64.cc.avx512_gen`). Written from
   Intel's Intrinsics Guide and the SDM on 64-byte GNU vector types; the operations are element
   by element in C (no zmm instruction is selected yet). Include <immintrin.h>. */
#ifndef _IMMINTRIN_H_INCLUDED
# error "Never use <avx512fintrin.h> directly; include <immintrin.h> instead."
#endif
#ifndef _AVX512FINTRIN_H_INCLUDED
#define _AVX512FINTRIN_H_INCLUDED

typedef double __v8df __attribute__((__vector_size__(64), __aligned__(64)));
typedef float __v16sf __attribute__((__vector_size__(64), __aligned__(64)));
typedef long long __v8di __attribute__((__vector_size__(64), __aligned__(64)));
typedef unsigned long long __v8du __attribute__((__vector_size__(64), __aligned__(64)));
typedef int __v16si __attribute__((__vector_size__(64), __aligned__(64)));
typedef unsigned int __v16su __attribute__((__vector_size__(64), __aligned__(64)));
typedef short __v32hi __attribute__((__vector_size__(64), __aligned__(64)));
typedef unsigned short __v32hu __attribute__((__vector_size__(64), __aligned__(64)));
typedef char __v64qi __attribute__((__vector_size__(64), __aligned__(64)));
typedef unsigned char __v64qu __attribute__((__vector_size__(64), __aligned__(64)));
typedef float __m512 __attribute__((__vector_size__(64), __aligned__(64), __may_alias__));
typedef long long __m512i __attribute__((__vector_size__(64), __aligned__(64), __may_alias__));
typedef double __m512d __attribute__((__vector_size__(64), __aligned__(64), __may_alias__));
typedef float __m512_u __attribute__((__vector_size__(64), __may_alias__, __aligned__(1)));
typedef long long __m512i_u __attribute__((__vector_size__(64), __may_alias__, __aligned__(1)));
typedef double __m512d_u __attribute__((__vector_size__(64), __may_alias__, __aligned__(1)));
/* the half-precision vector types (AVX512-FP16), declared as gcc 12's immintrin.h declares
   them whatever the options (gcc's m512-check.h names them); no FP16 intrinsic is provided */
typedef _Float16 __m128h __attribute__((__vector_size__(16), __aligned__(16), __may_alias__));
typedef _Float16 __m256h __attribute__((__vector_size__(32), __aligned__(32), __may_alias__));
typedef _Float16 __m512h __attribute__((__vector_size__(64), __aligned__(64), __may_alias__));
typedef unsigned char __mmask8;
typedef unsigned short __mmask16;
typedef unsigned int __mmask32;
typedef unsigned long long __mmask64;

typedef enum {
  _MM_PERM_AAAA = 0x00, _MM_PERM_ABCD = 0x1B, _MM_PERM_BADC = 0x4E, _MM_PERM_CDAB = 0xB1,
  _MM_PERM_DCBA = 0xE4, _MM_PERM_DDDD = 0xFF
} _MM_PERM_ENUM;
typedef enum {
  _MM_MANT_NORM_1_2, _MM_MANT_NORM_p5_2, _MM_MANT_NORM_p5_1, _MM_MANT_NORM_p75_1p5
} _MM_MANTISSA_NORM_ENUM;
typedef enum {
  _MM_MANT_SIGN_src, _MM_MANT_SIGN_zero, _MM_MANT_SIGN_nan
} _MM_MANTISSA_SIGN_ENUM;
typedef enum {
  _MM_CMPINT_EQ, _MM_CMPINT_LT, _MM_CMPINT_LE, _MM_CMPINT_UNUSED, _MM_CMPINT_NE,
  _MM_CMPINT_NLT, _MM_CMPINT_NLE
} _MM_CMPINT_ENUM;
#define _MM_CMPINT_GE _MM_CMPINT_NLT
#define _MM_CMPINT_GT _MM_CMPINT_NLE
#define _MM_FROUND_TO_NEAREST_INT 0x00
#define _MM_FROUND_TO_NEG_INF 0x01
#define _MM_FROUND_TO_POS_INF 0x02
#define _MM_FROUND_TO_ZERO 0x03
#define _MM_FROUND_CUR_DIRECTION 0x04
#define _MM_FROUND_NO_EXC 0x08

/* -- helpers (not intrinsics) -- */
typedef union { float __f; unsigned int __u; } __pycc_fu;
typedef union { double __d; unsigned long long __u; } __pycc_du;
__PYCC_INL unsigned long long __pycc_dbits(double __x) { __pycc_du __v; __v.__d = __x; return __v.__u; }
__PYCC_INL double __pycc_bitsd(unsigned long long __x) { __pycc_du __v; __v.__u = __x; return __v.__d; }
__PYCC_INL unsigned int __pycc_fbits(float __x) { __pycc_fu __v; __v.__f = __x; return __v.__u; }
__PYCC_INL float __pycc_bitsf(unsigned int __x) { __pycc_fu __v; __v.__u = __x; return __v.__f; }
/* MXCSR.RC for an embedded rounding operand (bit 2 clear: bits 1:0 are the mode) */
__PYCC_INL unsigned int __pycc_rc_set(int __r)
{ unsigned int __o = _mm_getcsr();
  if (!(__r & 4)) _mm_setcsr((__o & ~0x6000u) | ((unsigned int)(__r & 3) << 13));
  return __o; }
/* round to an integral value: imm bits 2:0 as ROUNDSD's (4 = MXCSR mode) */
__PYCC_INL double __pycc_rnd(double __x, int __m)
{ __m128d __v = _mm_set_sd(__x);
  switch (__m & 7) {
  case 0: __v = _mm_round_sd(__v, __v, 0); break;
  case 1: __v = _mm_round_sd(__v, __v, 1); break;
  case 2: __v = _mm_round_sd(__v, __v, 2); break;
  case 3: __v = _mm_round_sd(__v, __v, 3); break;
  default: __v = _mm_round_sd(__v, __v, 4); break; }
  return __v[0]; }
__PYCC_INL float __pycc_rndf(float __x, int __m)
{ __m128 __v = _mm_set_ss(__x);
  switch (__m & 7) {
  case 0: __v = _mm_round_ss(__v, __v, 0); break;
  case 1: __v = _mm_round_ss(__v, __v, 1); break;
  case 2: __v = _mm_round_ss(__v, __v, 2); break;
  case 3: __v = _mm_round_ss(__v, __v, 3); break;
  default: __v = _mm_round_ss(__v, __v, 4); break; }
  return __v[0]; }
/* VROUNDSCALE: 2^-M * round(2^M * x), M = imm[7:4] */
__PYCC_INL double __pycc_rndscale(double __x, int __imm)
{ int __m = (__imm >> 4) & 15; double __s = (double)(1 << __m);
  if (__x != __x) return __x + __x;
  { double __y = __x * __s; if (__y - __y != 0) return __x;
    return __pycc_rnd(__y, __imm) / __s; } }
__PYCC_INL float __pycc_rndscalef(float __x, int __imm)
{ int __m = (__imm >> 4) & 15; float __s = (float)(1 << __m);
  if (__x != __x) return __x + __x;
  { float __y = __x * __s; if (__y - __y != 0) return __x;
    return __pycc_rndf(__y, __imm) / __s; } }
/* compare predicates 0..31 of VCMPPS (bit 4 only changes signalling) */
__PYCC_INL int __pycc_fcmp(double __a, double __b, int __p)
{ int __un = __a != __a || __b != __b, __r;
  switch (__p & 7) {
  case 0: __r = !__un && __a == __b; break;
  case 1: __r = !__un && __a < __b; break;
  case 2: __r = !__un && __a <= __b; break;
  case 3: __r = __un; break;
  case 4: __r = __un || __a != __b; break;
  case 5: __r = __un || !(__a < __b); break;
  case 6: __r = __un || !(__a <= __b); break;
  default: __r = !__un; break; }
  if (__p & 8) {          /* EQ_UQ NGE NGT FALSE NEQ_OQ GE GT TRUE */
    switch (__p & 7) {
    case 0: __r = __un || __a == __b; break;
    case 1: __r = __un || !(__a >= __b); break;
    case 2: __r = __un || !(__a > __b); break;
    case 3: __r = 0; break;
    case 4: __r = !__un && __a != __b; break;
    case 5: __r = !__un && __a >= __b; break;
    case 6: __r = !__un && __a > __b; break;
    default: __r = 1; break; } }
  return __r; }
/* integer compare predicates of VPCMP: EQ LT LE FALSE NE NLT NLE TRUE */
#define __PYCC_ICMP(A, B, P) \
  (((P) & 7) == 0 ? (A) == (B) : ((P) & 7) == 1 ? (A) < (B) : ((P) & 7) == 2 ? (A) <= (B) : \
   ((P) & 7) == 3 ? 0 : ((P) & 7) == 4 ? (A) != (B) : ((P) & 7) == 5 ? (A) >= (B) : \
   ((P) & 7) == 6 ? (A) > (B) : 1)
/* VGETEXP: floor(log2(|x|)) of the normalised value; NaN stays NaN, 0 -> -inf, inf -> +inf */
__PYCC_INL double __pycc_getexp(double __x)
{ unsigned long long __b = __pycc_dbits(__x) & 0x7fffffffffffffffULL; int __e;
  if (__b > 0x7ff0000000000000ULL) return __x + __x;
  if (__b == 0x7ff0000000000000ULL) return __pycc_bitsd(__b);
  if (__b == 0) return -__pycc_bitsd(0x7ff0000000000000ULL);
  __e = (int)(__b >> 52);
  if (__e == 0) { __e = 1; while (!(__b & 0x0010000000000000ULL)) { __b <<= 1; __e--; } }
  return (double)(__e - 1023); }
__PYCC_INL float __pycc_getexpf(float __x)
{ unsigned int __b = __pycc_fbits(__x) & 0x7fffffffu; int __e;
  if (__b > 0x7f800000u) return __x + __x;
  if (__b == 0x7f800000u) return __pycc_bitsf(__b);
  if (__b == 0) return -__pycc_bitsf(0x7f800000u);
  __e = (int)(__b >> 23);
  if (__e == 0) { __e = 1; while (!(__b & 0x00800000u)) { __b <<= 1; __e--; } }
  return (float)(__e - 127); }
/* VGETMANT: the mantissa in the interval imm[1:0], sign by imm[3:2] */
__PYCC_INL double __pycc_getmant(double __x, int __iv, int __sc)
{ unsigned long long __b = __pycc_dbits(__x), __s = (__sc & 1) ? 0 : __b >> 63, __f;
  long long __e;
  if ((__b & 0x7fffffffffffffffULL) > 0x7ff0000000000000ULL) return __x + __x;
  if ((__b & 0x7fffffffffffffffULL) == 0 || (__b & 0x7fffffffffffffffULL) == 0x7ff0000000000000ULL)
    return __s ? -1.0 : 1.0;
  if ((__b >> 63) && (__sc & 2)) return __pycc_bitsd(0xfff8000000000000ULL);
  __e = (long long)(__b >> 52 & 0x7ff); __f = __b & 0xfffffffffffffULL;
  if (__e == 0) { __e = 1; while (!(__f & 0x10000000000000ULL)) { __f <<= 1; __e--; } __f &= 0xfffffffffffffULL; }
  switch (__iv & 3) {
  case 0: __e = 0x3ff; break;
  case 1: __e = ((__e - 0x3ff) & 1) ? 0x3fe : 0x3ff; break;
  case 2: __e = 0x3fe; break;
  default: __e = (__f & 0x8000000000000ULL) ? 0x3fe : 0x3ff; break; }
  return __pycc_bitsd(__s << 63 | (unsigned long long)__e << 52 | __f); }
__PYCC_INL float __pycc_getmantf(float __x, int __iv, int __sc)
{ unsigned int __b = __pycc_fbits(__x), __s = (__sc & 1) ? 0 : __b >> 31, __f; int __e;
  if ((__b & 0x7fffffffu) > 0x7f800000u) return __x + __x;
  if ((__b & 0x7fffffffu) == 0 || (__b & 0x7fffffffu) == 0x7f800000u) return __s ? -1.0f : 1.0f;
  if ((__b >> 31) && (__sc & 2)) return __pycc_bitsf(0xffc00000u);
  __e = (int)(__b >> 23 & 0xff); __f = __b & 0x7fffffu;
  if (__e == 0) { __e = 1; while (!(__f & 0x800000u)) { __f <<= 1; __e--; } __f &= 0x7fffffu; }
  switch (__iv & 3) {
  case 0: __e = 0x7f; break;
  case 1: __e = ((__e - 0x7f) & 1) ? 0x7e : 0x7f; break;
  case 2: __e = 0x7e; break;
  default: __e = (__f & 0x400000u) ? 0x7e : 0x7f; break; }
  return __pycc_bitsf(__s << 31 | (unsigned int)__e << 23 | __f); }
/* VSCALEF: a * 2^floor(b) with the SDM's special cases */
__PYCC_INL double __pycc_scalef(double __a, double __b)
{ if (__a != __a) return __a + __a;
  if (__b != __b) return __b + __b;
  if (__b - __b != 0) {                     /* b infinite */
    if (__b > 0) return (__a == 0) ? __pycc_bitsd(0xfff8000000000000ULL) : __a * __b;
    return (__a - __a != 0) ? __pycc_bitsd(0xfff8000000000000ULL) : __a * 0.0; }
  { double __f = __pycc_rnd(__b, 1); int __n = __f > 4096 ? 4096 : __f < -4096 ? -4096 : (int)__f;
    double __r = __a;
    while (__n > 0) { int __k = __n > 1000 ? 1000 : __n; __r *= __pycc_bitsd((unsigned long long)(1023 + __k) << 52); __n -= __k; }
    while (__n < 0) { int __k = __n < -1000 ? 1000 : -__n;
      if (__k > 52 && __r != 0) { __r *= __pycc_bitsd((unsigned long long)(1023 - 52) << 52); __n += 52; continue; }
      __r *= __pycc_bitsd((unsigned long long)(1023 - __k) << 52); __n += __k; }
    return __r; } }
__PYCC_INL float __pycc_scalefff(float __a, float __b)
{ if (__a != __a) return __a + __a;
  if (__b != __b) return __b + __b;
  if (__b - __b != 0) {
    if (__b > 0) return (__a == 0) ? __pycc_bitsf(0xffc00000u) : __a * __b;
    return (__a - __a != 0) ? __pycc_bitsf(0xffc00000u) : __a * 0.0f; }
  { float __f = __pycc_rndf(__b, 1); int __n = __f > 512 ? 512 : __f < -512 ? -512 : (int)__f;
    double __r = __a; float __o;
    /* scale in double (exact: a float times a power of two), one rounding to float */
    while (__n > 0) { int __k = __n > 500 ? 500 : __n; __r *= __pycc_bitsd((unsigned long long)(1023 + __k) << 52); __n -= __k; }
    while (__n < 0) { int __k = __n < -500 ? 500 : -__n; __r *= __pycc_bitsd((unsigned long long)(1023 - __k) << 52); __n += __k; }
    __o = (float)__r; return __o; } }
/* VFIXUPIMM: the response nibble of table c for the class of b replaces a */
__PYCC_INL int __pycc_fixtok(int __nan, int __snan, int __zero, int __one, int __inf, int __neg)
{ if (__nan) return __snan ? 1 : 0;
  if (__zero) return 2;
  if (__one) return 3;
  if (__inf) return __neg ? 4 : 5;
  return __neg ? 6 : 7; }
__PYCC_INL double __pycc_fixupimm(double __a, double __b, long long __c)
{ unsigned long long __u = __pycc_dbits(__b); int __nan = __b != __b;
  int __t = __pycc_fixtok(__nan, __nan && !(__u & 0x8000000000000ULL), __b == 0, __b == 1.0,
                          __b - __b != 0 && !__nan, (long long)__u < 0);
  switch ((int)((unsigned long long)__c >> (4 * __t)) & 15) {
  case 0: return __a;
  case 1: return __b;
  case 2: return __pycc_bitsd(__u | 0x8000000000000ULL);
  case 3: return __pycc_bitsd(0xfff8000000000000ULL);
  case 4: return __pycc_bitsd(0xfff0000000000000ULL);
  case 5: return __pycc_bitsd(0x7ff0000000000000ULL);
  case 6: return __pycc_bitsd((long long)__u < 0 ? 0xfff0000000000000ULL : 0x7ff0000000000000ULL);
  case 7: return -0.0;
  case 8: return 0.0;
  case 9: return -1.0;
  case 10: return 1.0;
  case 11: return 0.5;
  case 12: return 90.0;
  case 13: return 1.5707963267948966;
  case 14: return 1.7976931348623157e308;
  default: return -1.7976931348623157e308; } }
__PYCC_INL float __pycc_fixupimmf(float __a, float __b, int __c)
{ unsigned int __u = __pycc_fbits(__b); int __nan = __b != __b;
  int __t = __pycc_fixtok(__nan, __nan && !(__u & 0x400000u), __b == 0, __b == 1.0f,
                          __b - __b != 0 && !__nan, (int)__u < 0);
  switch ((int)((unsigned int)__c >> (4 * __t)) & 15) {
  case 0: return __a;
  case 1: return __b;
  case 2: return __pycc_bitsf(__u | 0x400000u);
  case 3: return __pycc_bitsf(0xffc00000u);
  case 4: return __pycc_bitsf(0xff800000u);
  case 5: return __pycc_bitsf(0x7f800000u);
  case 6: return __pycc_bitsf((int)__u < 0 ? 0xff800000u : 0x7f800000u);
  case 7: return -0.0f;
  case 8: return 0.0f;
  case 9: return -1.0f;
  case 10: return 1.0f;
  case 11: return 0.5f;
  case 12: return 90.0f;
  case 13: return 1.57079637f;
  case 14: return 3.40282347e38f;
  default: return -3.40282347e38f; } }
/* VCVT(T)PS2UDQ and friends: out of range or NaN gives all ones */
__PYCC_INL unsigned int __pycc_cvtu32(double __x, int __m)
{ double __t = __pycc_rnd(__x, __m);
  return (__t != __t || __t < 0 || __t >= 4294967296.0) ? 0xffffffffu : (unsigned int)__t; }
__PYCC_INL unsigned long long __pycc_cvtu64(double __x, int __m)
{ double __t = __pycc_rnd(__x, __m);
  return (__t != __t || __t < 0 || __t >= 18446744073709551616.0) ? ~0ULL
         : (unsigned long long)__t; }
__PYCC_INL long long __pycc_cvti64(double __x, int __m)
{ double __t = __pycc_rnd(__x, __m);
  return (__t != __t || __t < -9223372036854775808.0 || __t >= 9223372036854775808.0)
         ? (long long)0x8000000000000000ULL : (long long)__t; }
__PYCC_INL int __pycc_cvti32(double __x, int __m)
{ double __t = __pycc_rnd(__x, __m);
  return (__t != __t || __t < -2147483648.0 || __t >= 2147483648.0) ? (int)0x80000000u : (int)__t; }
/* VFPCLASS categories of imm8 */
__PYCC_INL int __pycc_fpclass(double __x, int __snan, int __den, int __imm)
{ int __neg = __pycc_dbits(__x) >> 63, __r = 0;
  if (__x != __x) __r = __snan ? (__imm >> 7 & 1) : (__imm & 1);
  else if (__x == 0) __r = __neg ? (__imm >> 2 & 1) : (__imm >> 1 & 1);
  else if (__x - __x != 0) __r = __neg ? (__imm >> 4 & 1) : (__imm >> 3 & 1);
  else __r = (__den && (__imm >> 5 & 1)) || (__neg && (__imm >> 6 & 1));
  return __r; }
/* fused multiply-add of one element (VFMADD213SS/SD: one rounding, no libm call) */
__PYCC_INL float __pycc_fmaf(float __a, float __b, float __c)
{ return ((__v4sf)__builtin_ia32_vfmaddss3((__v4sf){__a, 0, 0, 0}, (__v4sf){__b, 0, 0, 0},
                                           (__v4sf){__c, 0, 0, 0}))[0]; }
__PYCC_INL double __pycc_fma(double __a, double __b, double __c)
{ return ((__v2df)__builtin_ia32_vfmaddsd3((__v2df){__a, 0}, (__v2df){__b, 0},
                                           (__v2df){__c, 0}))[0]; }
#define __PYCC_SAT(X, LO, HI) ((X) < (LO) ? (LO) : (X) > (HI) ? (HI) : (X))
"""

LOADSTORE = r"""
/* loads, stores, set */
__PYCC_INL __m512i _mm512_load_si512(void const *__p) { return *(__m512i const *)__p; }
__PYCC_INL __m512i _mm512_loadu_si512(void const *__p) { return *(__m512i_u const *)__p; }
__PYCC_INL void _mm512_store_si512(void *__p, __m512i __a) { *(__m512i *)__p = __a; }
__PYCC_INL void _mm512_storeu_si512(void *__p, __m512i __a) { *(__m512i_u *)__p = __a; }
__PYCC_INL __m512 _mm512_load_ps(void const *__p) { return *(__m512 const *)__p; }
__PYCC_INL __m512 _mm512_loadu_ps(void const *__p) { return *(__m512_u const *)__p; }
__PYCC_INL void _mm512_store_ps(void *__p, __m512 __a) { *(__m512 *)__p = __a; }
__PYCC_INL void _mm512_storeu_ps(void *__p, __m512 __a) { *(__m512_u *)__p = __a; }
__PYCC_INL __m512d _mm512_load_pd(void const *__p) { return *(__m512d const *)__p; }
__PYCC_INL __m512d _mm512_loadu_pd(void const *__p) { return *(__m512d_u const *)__p; }
__PYCC_INL void _mm512_store_pd(void *__p, __m512d __a) { *(__m512d *)__p = __a; }
__PYCC_INL void _mm512_storeu_pd(void *__p, __m512d __a) { *(__m512d_u *)__p = __a; }
__PYCC_INL __m512i _mm512_load_epi32(void const *__p) { return *(__m512i const *)__p; }
__PYCC_INL __m512i _mm512_load_epi64(void const *__p) { return *(__m512i const *)__p; }
__PYCC_INL __m512i _mm512_loadu_epi32(void const *__p) { return *(__m512i_u const *)__p; }
__PYCC_INL __m512i _mm512_loadu_epi64(void const *__p) { return *(__m512i_u const *)__p; }
__PYCC_INL void _mm512_store_epi32(void *__p, __m512i __a) { *(__m512i *)__p = __a; }
__PYCC_INL void _mm512_store_epi64(void *__p, __m512i __a) { *(__m512i *)__p = __a; }
__PYCC_INL void _mm512_storeu_epi32(void *__p, __m512i __a) { *(__m512i_u *)__p = __a; }
__PYCC_INL void _mm512_storeu_epi64(void *__p, __m512i __a) { *(__m512i_u *)__p = __a; }
__PYCC_INL void _mm512_stream_si512(void *__p, __m512i __a) { *(__m512i *)__p = __a; }
__PYCC_INL void _mm512_stream_ps(void *__p, __m512 __a) { *(__m512 *)__p = __a; }
__PYCC_INL void _mm512_stream_pd(void *__p, __m512d __a) { *(__m512d *)__p = __a; }
__PYCC_INL __m512i _mm512_stream_load_si512(void *__p) { return *(__m512i *)__p; }
__PYCC_INL __m512i _mm512_setzero_si512(void) { return (__m512i){0, 0, 0, 0, 0, 0, 0, 0}; }
__PYCC_INL __m512i _mm512_setzero_epi32(void) { return _mm512_setzero_si512(); }
__PYCC_INL __m512 _mm512_setzero_ps(void) { return (__m512)_mm512_setzero_si512(); }
__PYCC_INL __m512 _mm512_setzero(void) { return (__m512)_mm512_setzero_si512(); }
__PYCC_INL __m512d _mm512_setzero_pd(void) { return (__m512d)_mm512_setzero_si512(); }
__PYCC_INL __m512i _mm512_undefined_epi32(void) { return _mm512_setzero_si512(); }
__PYCC_INL __m512i _mm512_undefined_si512(void) { return _mm512_setzero_si512(); }
__PYCC_INL __m512 _mm512_undefined_ps(void) { return _mm512_setzero_ps(); }
__PYCC_INL __m512 _mm512_undefined(void) { return _mm512_setzero_ps(); }
__PYCC_INL __m512d _mm512_undefined_pd(void) { return _mm512_setzero_pd(); }
__PYCC_INL __m512i _mm512_set1_epi64(long long __a) { return (__m512i){__a, __a, __a, __a, __a, __a, __a, __a}; }
__PYCC_INL __m512i _mm512_set1_epi32(int __a)
{ return (__m512i)(__v16si){__a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a}; }
__PYCC_INL __m512i _mm512_set1_epi16(short __a)
{ __v32hi __r; int __i; for (__i = 0; __i < 32; __i++) __r[__i] = __a; return (__m512i)__r; }
__PYCC_INL __m512i _mm512_set1_epi8(char __a)
{ __v64qi __r; int __i; for (__i = 0; __i < 64; __i++) __r[__i] = __a; return (__m512i)__r; }
__PYCC_INL __m512 _mm512_set1_ps(float __a)
{ return (__m512){__a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a, __a}; }
__PYCC_INL __m512d _mm512_set1_pd(double __a) { return (__m512d){__a, __a, __a, __a, __a, __a, __a, __a}; }
__PYCC_INL __m512i _mm512_set_epi64(long long __h, long long __g, long long __f, long long __e,
                                    long long __d, long long __c, long long __b, long long __a)
{ return (__m512i){__a, __b, __c, __d, __e, __f, __g, __h}; }
__PYCC_INL __m512i _mm512_setr_epi64(long long __a, long long __b, long long __c, long long __d,
                                     long long __e, long long __f, long long __g, long long __h)
{ return (__m512i){__a, __b, __c, __d, __e, __f, __g, __h}; }
__PYCC_INL __m512i _mm512_set_epi32(int __p, int __o, int __n, int __m, int __l, int __k, int __j, int __i,
                                    int __h, int __g, int __f, int __e, int __d, int __c, int __b, int __a)
{ return (__m512i)(__v16si){__a, __b, __c, __d, __e, __f, __g, __h, __i, __j, __k, __l, __m, __n, __o, __p}; }
__PYCC_INL __m512i _mm512_setr_epi32(int __a, int __b, int __c, int __d, int __e, int __f, int __g, int __h,
                                     int __i, int __j, int __k, int __l, int __m, int __n, int __o, int __p)
{ return (__m512i)(__v16si){__a, __b, __c, __d, __e, __f, __g, __h, __i, __j, __k, __l, __m, __n, __o, __p}; }
__PYCC_INL __m512 _mm512_set_ps(float __p, float __o, float __n, float __m, float __l, float __k, float __j, float __i,
                                float __h, float __g, float __f, float __e, float __d, float __c, float __b, float __a)
{ return (__m512){__a, __b, __c, __d, __e, __f, __g, __h, __i, __j, __k, __l, __m, __n, __o, __p}; }
__PYCC_INL __m512 _mm512_setr_ps(float __a, float __b, float __c, float __d, float __e, float __f, float __g, float __h,
                                 float __i, float __j, float __k, float __l, float __m, float __n, float __o, float __p)
{ return (__m512){__a, __b, __c, __d, __e, __f, __g, __h, __i, __j, __k, __l, __m, __n, __o, __p}; }
__PYCC_INL __m512d _mm512_set_pd(double __h, double __g, double __f, double __e,
                                 double __d, double __c, double __b, double __a)
{ return (__m512d){__a, __b, __c, __d, __e, __f, __g, __h}; }
__PYCC_INL __m512d _mm512_setr_pd(double __a, double __b, double __c, double __d,
                                  double __e, double __f, double __g, double __h)
{ return (__m512d){__a, __b, __c, __d, __e, __f, __g, __h}; }
#define _mm512_set4_epi32(D, C, B, A) _mm512_set_epi32(D, C, B, A, D, C, B, A, D, C, B, A, D, C, B, A)
#define _mm512_set4_epi64(D, C, B, A) _mm512_set_epi64(D, C, B, A, D, C, B, A)
#define _mm512_set4_ps(D, C, B, A) _mm512_set_ps(D, C, B, A, D, C, B, A, D, C, B, A, D, C, B, A)
#define _mm512_set4_pd(D, C, B, A) _mm512_set_pd(D, C, B, A, D, C, B, A)
#define _mm512_setr4_epi32(A, B, C, D) _mm512_set4_epi32(D, C, B, A)
#define _mm512_setr4_epi64(A, B, C, D) _mm512_set4_epi64(D, C, B, A)
#define _mm512_setr4_ps(A, B, C, D) _mm512_set4_ps(D, C, B, A)
#define _mm512_setr4_pd(A, B, C, D) _mm512_set4_pd(D, C, B, A)
__PYCC_INL __m512i _mm512_set_epi16(short __q31, short __q30, short __q29, short __q28, short __q27,
  short __q26, short __q25, short __q24, short __q23, short __q22, short __q21, short __q20,
  short __q19, short __q18, short __q17, short __q16, short __q15, short __q14, short __q13,
  short __q12, short __q11, short __q10, short __q9, short __q8, short __q7, short __q6,
  short __q5, short __q4, short __q3, short __q2, short __q1, short __q0)
{ return (__m512i)(__v32hi){__q0, __q1, __q2, __q3, __q4, __q5, __q6, __q7, __q8, __q9, __q10,
  __q11, __q12, __q13, __q14, __q15, __q16, __q17, __q18, __q19, __q20, __q21, __q22, __q23,
  __q24, __q25, __q26, __q27, __q28, __q29, __q30, __q31}; }
"""


def set_epi8(g: Gen) -> None:
    ps = [("char", f"__q{k}") for k in range(63, -1, -1)]
    g.fn("__m512i", "_mm512_set_epi8", ps,
         "return (__m512i)(__v64qi){" + ", ".join(f"__q{k}" for k in range(64)) + "};")


CASTS = r"""
/* casts, extensions, first element */
__PYCC_INL __m512 _mm512_castsi512_ps(__m512i __a) { return (__m512)__a; }
__PYCC_INL __m512d _mm512_castsi512_pd(__m512i __a) { return (__m512d)__a; }
__PYCC_INL __m512i _mm512_castps_si512(__m512 __a) { return (__m512i)__a; }
__PYCC_INL __m512i _mm512_castpd_si512(__m512d __a) { return (__m512i)__a; }
__PYCC_INL __m512d _mm512_castps_pd(__m512 __a) { return (__m512d)__a; }
__PYCC_INL __m512 _mm512_castpd_ps(__m512d __a) { return (__m512)__a; }
__PYCC_INL __m512i _mm512_castsi256_si512(__m256i __a)
{ return (__m512i){__a[0], __a[1], __a[2], __a[3], 0, 0, 0, 0}; }
__PYCC_INL __m512i _mm512_castsi128_si512(__m128i __a) { return (__m512i){__a[0], __a[1], 0, 0, 0, 0, 0, 0}; }
__PYCC_INL __m256i _mm512_castsi512_si256(__m512i __a) { return (__m256i){__a[0], __a[1], __a[2], __a[3]}; }
__PYCC_INL __m128i _mm512_castsi512_si128(__m512i __a) { return (__m128i){__a[0], __a[1]}; }
__PYCC_INL __m512d _mm512_castpd256_pd512(__m256d __a)
{ return (__m512d)_mm512_castsi256_si512((__m256i)__a); }
__PYCC_INL __m512d _mm512_castpd128_pd512(__m128d __a)
{ return (__m512d)_mm512_castsi128_si512((__m128i)__a); }
__PYCC_INL __m512 _mm512_castps256_ps512(__m256 __a)
{ return (__m512)_mm512_castsi256_si512((__m256i)__a); }
__PYCC_INL __m512 _mm512_castps128_ps512(__m128 __a)
{ return (__m512)_mm512_castsi128_si512((__m128i)__a); }
__PYCC_INL __m256d _mm512_castpd512_pd256(__m512d __a) { return (__m256d)_mm512_castsi512_si256((__m512i)__a); }
__PYCC_INL __m128d _mm512_castpd512_pd128(__m512d __a) { return (__m128d)_mm512_castsi512_si128((__m512i)__a); }
__PYCC_INL __m256 _mm512_castps512_ps256(__m512 __a) { return (__m256)_mm512_castsi512_si256((__m512i)__a); }
__PYCC_INL __m128 _mm512_castps512_ps128(__m512 __a) { return (__m128)_mm512_castsi512_si128((__m512i)__a); }
#define _mm512_zextsi256_si512 _mm512_castsi256_si512
#define _mm512_zextsi128_si512 _mm512_castsi128_si512
#define _mm512_zextpd256_pd512 _mm512_castpd256_pd512
#define _mm512_zextpd128_pd512 _mm512_castpd128_pd512
#define _mm512_zextps256_ps512 _mm512_castps256_ps512
#define _mm512_zextps128_ps512 _mm512_castps128_ps512
__PYCC_INL double _mm512_cvtsd_f64(__m512d __a) { return __a[0]; }
__PYCC_INL float _mm512_cvtss_f32(__m512 __a) { return __a[0]; }
__PYCC_INL int _mm512_cvtsi512_si32(__m512i __a) { return (int)((__v16si)__a)[0]; }
__PYCC_INL __m512i _mm512_and_si512(__m512i __a, __m512i __b) { return (__m512i)__builtin_ia32_pandq512((__v8di)__a, (__v8di)__b); }
__PYCC_INL __m512i _mm512_andnot_si512(__m512i __a, __m512i __b) { return (__m512i)__builtin_ia32_pandnq512((__v8di)__a, (__v8di)__b); }
__PYCC_INL __m512i _mm512_or_si512(__m512i __a, __m512i __b) { return (__m512i)__builtin_ia32_porq512((__v8di)__a, (__v8di)__b); }
__PYCC_INL __m512i _mm512_xor_si512(__m512i __a, __m512i __b) { return (__m512i)__builtin_ia32_pxorq512((__v8di)__a, (__v8di)__b); }
"""

KMASK = r"""
/* mask registers */
__PYCC_INL __mmask16 _mm512_kand(__mmask16 __a, __mmask16 __b) { return __a & __b; }
__PYCC_INL __mmask16 _mm512_kandn(__mmask16 __a, __mmask16 __b) { return (__mmask16)(~__a & __b); }
__PYCC_INL __mmask16 _mm512_kor(__mmask16 __a, __mmask16 __b) { return __a | __b; }
__PYCC_INL __mmask16 _mm512_kxor(__mmask16 __a, __mmask16 __b) { return __a ^ __b; }
__PYCC_INL __mmask16 _mm512_kxnor(__mmask16 __a, __mmask16 __b) { return (__mmask16)~(__a ^ __b); }
__PYCC_INL __mmask16 _mm512_knot(__mmask16 __a) { return (__mmask16)~__a; }
__PYCC_INL __mmask16 _mm512_kmov(__mmask16 __a) { return __a; }
__PYCC_INL __mmask16 _mm512_int2mask(int __a) { return (__mmask16)__a; }
__PYCC_INL int _mm512_mask2int(__mmask16 __a) { return __a; }
__PYCC_INL int _mm512_kortestz(__mmask16 __a, __mmask16 __b) { return (__mmask16)(__a | __b) == 0; }
__PYCC_INL int _mm512_kortestc(__mmask16 __a, __mmask16 __b) { return (__mmask16)(__a | __b) == 0xffff; }
__PYCC_INL __mmask16 _mm512_kunpackb(__mmask16 __a, __mmask16 __b) { return (__mmask16)((__a & 0xff) << 8 | (__b & 0xff)); }
__PYCC_INL __mmask16 _kand_mask16(__mmask16 __a, __mmask16 __b) { return __a & __b; }
__PYCC_INL __mmask16 _kandn_mask16(__mmask16 __a, __mmask16 __b) { return (__mmask16)(~__a & __b); }
__PYCC_INL __mmask16 _kor_mask16(__mmask16 __a, __mmask16 __b) { return __a | __b; }
__PYCC_INL __mmask16 _kxor_mask16(__mmask16 __a, __mmask16 __b) { return __a ^ __b; }
__PYCC_INL __mmask16 _kxnor_mask16(__mmask16 __a, __mmask16 __b) { return (__mmask16)~(__a ^ __b); }
__PYCC_INL __mmask16 _knot_mask16(__mmask16 __a) { return (__mmask16)~__a; }
__PYCC_INL __mmask16 _kunpackb_mask16(__mmask8 __a, __mmask8 __b) { return (__mmask16)(__a << 8 | __b); }
__PYCC_INL __mmask16 _kshiftli_mask16(__mmask16 __a, unsigned int __n) { return __n > 15 ? 0 : (__mmask16)(__a << __n); }
__PYCC_INL __mmask16 _kshiftri_mask16(__mmask16 __a, unsigned int __n) { return __n > 15 ? 0 : (__mmask16)(__a >> __n); }
__PYCC_INL unsigned int _cvtmask16_u32(__mmask16 __a) { return __a; }
__PYCC_INL __mmask16 _cvtu32_mask16(unsigned int __a) { return (__mmask16)__a; }
__PYCC_INL __mmask16 _load_mask16(__mmask16 *__p) { return *__p; }
__PYCC_INL void _store_mask16(__mmask16 *__p, __mmask16 __a) { *__p = __a; }
__PYCC_INL unsigned char _kortestz_mask16_u8(__mmask16 __a, __mmask16 __b) { return (__mmask16)(__a | __b) == 0; }
__PYCC_INL unsigned char _kortestc_mask16_u8(__mmask16 __a, __mmask16 __b) { return (__mmask16)(__a | __b) == 0xffff; }
__PYCC_INL unsigned char _kortest_mask16_u8(__mmask16 __a, __mmask16 __b, unsigned char *__c)
{ *__c = (__mmask16)(__a | __b) == 0xffff; return (__mmask16)(__a | __b) == 0; }
"""


def emit(g: Gen) -> None:
    g.raw(HEAD)
    at = len(g.out)
    g.raw(LOADSTORE)
    set_epi8(g)
    g.raw(CASTS)
    g.raw(KMASK)
    arith(g)
    shifts(g)
    compares(g)
    permutes(g)
    memory(g)
    converts(g)
    floats(g)
    scalars(g)
    reduces(g)
    rounding(g)
    g.out[at:at] = [_sel_helpers(k) for k in K if k in g.sel]


def _sel_helpers(k: str) -> str:
    """Lanes of ``r`` whose mask bit is clear replaced by ``w``'s (or zeroed), lanes 0..n-1."""
    rt, rv, _, _, _ = K[k]
    loop = "int __i; for (__i = 0; __i < __n; __i++) if (!(__u >> __i & 1)) __r[__i] = "
    return (f"__PYCC_INL {rt} __pycc_sel_{k}(unsigned long long __u, {rt} __W, {rt} __R, int __n)\n"
            f"{{ {rv} __w = ({rv})__W, __r = ({rv})__R; {loop}__w[__i]; return ({rt})__r; }}\n"
            f"__PYCC_INL {rt} __pycc_selz_{k}(unsigned long long __u, {rt} __R, int __n)\n"
            f"{{ {rv} __r = ({rv})__R; {loop}0; return ({rt})__r; }}\n")


def arith(g: Gen) -> None:
    g.raw("/* arithmetic and logic */")
    for k in ("ps", "pd", "epi32", "epi64"):
        # the merge helpers of every masked form below (_mm512_mov_* is not an Intel name but
        # keeps the derived _mask_mov/_maskz_mov names of the Intrinsics Guide)
        lanes(g, f"_mm512_mov_{k}", k, [(k, "a")], "a")
        lanes(g, f"_mm512_mask_blend_{k}", k, [(K[k][3], "u"), (k, "a"), (k, "w")],
              "(u >> i & 1) ? w : a", masks=())
    for k in FP:
        for op, e in (("add", "a + b"), ("sub", "a - b"), ("mul", "a * b"), ("div", "a / b"),
                      ("min", "a < b ? a : b"), ("max", "a > b ? a : b")):
            lanes(g, f"_mm512_{op}_{k}", k, [(k, "a"), (k, "b")], e)
    for k, u in (("epi32", "epu32"), ("epi64", "epu64")):
        for op, e in (("add", "a + b"), ("sub", "a - b"), ("and", "a & b"), ("or", "a | b"),
                      ("xor", "a ^ b"), ("andnot", "~a & b")):
            lanes(g, f"_mm512_{op}_{k}", u, [(u, "a"), (u, "b")], e)
        for op, e in (("min", "a < b ? a : b"), ("max", "a > b ? a : b")):
            lanes(g, f"_mm512_{op}_{k}", k, [(k, "a"), (k, "b")], e)
            lanes(g, f"_mm512_{op}_{u}", u, [(u, "a"), (u, "b")], e)
        lanes(g, f"_mm512_abs_{k}", u, [(k, "a")], f"a < 0 ? 0 - ({K[u][4]})a : ({K[u][4]})a")
    lanes(g, "_mm512_mullo_epi32", "epu32", [("epu32", "a"), ("epu32", "b")], "a * b")
    lanes(g, "_mm512_mullox_epi64", "epu64", [("epu64", "a"), ("epu64", "b")], "a * b")
    lanes(g, "_mm512_mul_epi32", "epi64", [("epi64", "a"), ("epi64", "b")],
          "(long long)(int)a * (long long)(int)b")
    lanes(g, "_mm512_mul_epu32", "epu64", [("epu64", "a"), ("epu64", "b")],
          "(a & 0xffffffffULL) * (b & 0xffffffffULL)")
    for k, ik, m in (("ps", "epi32", "0x7fffffff"), ("pd", "epi64", "0x7fffffffffffffffLL")):
        rt, _, _, mt, _ = K[k]
        g.fn(rt, f"_mm512_abs_{k}", [(rt, "__A")],
             f"return ({rt})_mm512_and_{ik}((__m512i)__A, _mm512_set1_{ik}({m}));")
        g.fn(rt, f"_mm512_mask_abs_{k}", [(rt, "__W"), (mt, "__U"), (rt, "__A")],
             f"return _mm512_mask_mov_{k}(__W, __U, _mm512_abs_{k}(__A));")
    for w, k in (("32", "epi32"), ("64", "epi64")):
        u = "epu" + w
        et = K[u][4]
        g.raw(f"__PYCC_INL {et} __pycc_tern{w}({et} __a, {et} __b, {et} __c, int __imm)\n"
              f"{{ {et} __r = 0; int __k;\n"
              "  for (__k = 0; __k < 8; __k++)\n"
              "    if (__imm >> __k & 1) __r |= (__k & 4 ? __a : ~__a) & (__k & 2 ? __b : ~__b)"
              " & (__k & 1 ? __c : ~__c);\n  return __r; }")
        lanes(g, f"_mm512_ternarylogic_{k}", u, [(u, "a"), (u, "b"), (u, "c"), ("int", "imm")],
              f"__pycc_tern{w}(a, b, c, imm)", masks=("maskA", "maskz"))
        mt = K[k][3]
        g.fn("__m512i", f"_mm512_mask_set1_{k}", [("__m512i", "__W"), (mt, "__U"),
                                                   (K[k][4], "__x")],
             f"return _mm512_mask_mov_{k}(__W, __U, _mm512_set1_{k}(__x));")
        g.fn("__m512i", f"_mm512_maskz_set1_{k}", [(mt, "__U"), (K[k][4], "__x")],
             f"return _mm512_maskz_mov_{k}(__U, _mm512_set1_{k}(__x));")


def shifts(g: Gen) -> None:
    g.raw("/* shifts and rotates */")
    for w, k, u in (("32", "epi32", "epu32"), ("64", "epi64", "epu64")):
        n = int(w)
        lanes(g, f"_mm512_slli_{k}", u, [(u, "a"), ("unsigned int", "n")],
              f"n > {n - 1} ? 0 : a << n")
        lanes(g, f"_mm512_srli_{k}", u, [(u, "a"), ("unsigned int", "n")],
              f"n > {n - 1} ? 0 : a >> n")
        lanes(g, f"_mm512_srai_{k}", k, [(k, "a"), ("unsigned int", "n")],
              f"a >> (n > {n - 1} ? {n - 1} : n)")
        cnt = "(unsigned long long)((__v2di)__C)[0]"
        lanes(g, f"_mm512_sll_{k}", u, [(u, "a"), ("__m128i", "C")],
              f"{cnt} > {n - 1} ? 0 : a << {cnt}")
        lanes(g, f"_mm512_srl_{k}", u, [(u, "a"), ("__m128i", "C")],
              f"{cnt} > {n - 1} ? 0 : a >> {cnt}")
        lanes(g, f"_mm512_sra_{k}", k, [(k, "a"), ("__m128i", "C")],
              f"a >> ({cnt} > {n - 1} ? {n - 1} : {cnt})")
        lanes(g, f"_mm512_sllv_{k}", u, [(u, "a"), (u, "b")], f"b > {n - 1} ? 0 : a << b")
        lanes(g, f"_mm512_srlv_{k}", u, [(u, "a"), (u, "b")], f"b > {n - 1} ? 0 : a >> b")
        lanes(g, f"_mm512_srav_{k}", k, [(k, "a"), (u, "b")],
              f"a >> (b > {n - 1} ? {n - 1} : b)")
        lanes(g, f"_mm512_rol_{k}", u, [(u, "a"), ("int", "n")],
              f"(a << (n & {n - 1})) | (a >> (({n} - (n & {n - 1})) & {n - 1}))")
        lanes(g, f"_mm512_ror_{k}", u, [(u, "a"), ("int", "n")],
              f"(a >> (n & {n - 1})) | (a << (({n} - (n & {n - 1})) & {n - 1}))")
        lanes(g, f"_mm512_rolv_{k}", u, [(u, "a"), (u, "b")],
              f"(a << (b & {n - 1})) | (a >> (({n} - (b & {n - 1})) & {n - 1}))")
        lanes(g, f"_mm512_rorv_{k}", u, [(u, "a"), (u, "b")],
              f"(a >> (b & {n - 1})) | (a << (({n} - (b & {n - 1})) & {n - 1}))")


def _maskfn(g, name, mt, lanes_, params, cond, masked_form=True):
    """A compare-into-mask intrinsic: bit i = ``cond`` (a C expression over __a[__i]...)."""
    body = (f"unsigned long long __r = 0; int __i; for (__i = 0; __i < {lanes_}; __i++) "
            f"if ({cond}) __r |= 1ULL << __i; return ({mt})__r;")
    cps, decl = [], []
    for t, p in params:
        if t in K:
            cps.append((K[t][0], "__" + p.upper()))
            decl.append(f"{K[t][1]} __{p} = ({K[t][1]})__{p.upper()};")
        else:
            cps.append((t, "__" + p))
    g.fn(mt, name, cps, " ".join(decl) + " " + body)
    if masked_form:
        head, tail = name.split("_", 2)[1], name.split("_", 2)[2]
        ps = [p for _, p in cps]
        g.macro(f"_{head}_mask_{tail}", ["__U"] + ps,
                f"(({mt})((__U) & {name}({', '.join(f'({p})' for p in ps)})))")


def compares(g: Gen) -> None:
    g.raw("/* compares into masks */")
    for k in FP:
        mt, n = K[k][3], K[k][2]
        _maskfn(g, f"_mm512_cmp_{k}_mask", mt, n, [(k, "a"), (k, "b"), ("int", "p")],
                "__pycc_fcmp(__a[__i], __b[__i], __p)")
        for nm, p in (("eq", 0), ("lt", 1), ("le", 2), ("unord", 3), ("neq", 4), ("nlt", 5),
                      ("nle", 6), ("ord", 7)):
            _maskfn(g, f"_mm512_cmp{nm}_{k}_mask", mt, n, [(k, "a"), (k, "b")],
                    f"__pycc_fcmp(__a[__i], __b[__i], {p})")
    for k in ("epi32", "epu32", "epi64", "epu64"):
        mt, n = K[k][3], K[k][2]
        _maskfn(g, f"_mm512_cmp_{k}_mask", mt, n, [(k, "a"), (k, "b"), ("int", "p")],
                "__PYCC_ICMP(__a[__i], __b[__i], __p)")
        for nm, op in (("eq", "=="), ("lt", "<"), ("le", "<="), ("neq", "!="), ("ge", ">="),
                       ("gt", ">")):
            _maskfn(g, f"_mm512_cmp{nm}_{k}_mask", mt, n, [(k, "a"), (k, "b")],
                    f"__a[__i] {op} __b[__i]")
    for k in ("epi32", "epi64"):
        mt, n = K[k][3], K[k][2]
        _maskfn(g, f"_mm512_test_{k}_mask", mt, n, [(k, "a"), (k, "b")],
                "(__a[__i] & __b[__i]) != 0")
        _maskfn(g, f"_mm512_testn_{k}_mask", mt, n, [(k, "a"), (k, "b")],
                "(__a[__i] & __b[__i]) == 0")
    _maskfn(g, "_mm512_fpclass_ps_mask", "__mmask16", 16, [("ps", "a"), ("int", "imm")],
            "__pycc_fpclass(__a[__i], (__pycc_fbits(__a[__i]) & 0x7fc00000u) == 0x7f800000u, "
            "(__pycc_fbits(__a[__i]) & 0x7f800000u) == 0 && __a[__i] != 0, __imm)")
    _maskfn(g, "_mm512_fpclass_pd_mask", "__mmask8", 8, [("pd", "a"), ("int", "imm")],
            "__pycc_fpclass(__a[__i], (__pycc_dbits(__a[__i]) & 0x7ff8000000000000ULL) == "
            "0x7ff0000000000000ULL, (__pycc_dbits(__a[__i]) & 0x7ff0000000000000ULL) == 0 && "
            "__a[__i] != 0, __imm)")


def permutes(g: Gen) -> None:
    g.raw("/* permutes, shuffles, blends of lanes */")
    for k, ix in (("epi32", "epi32"), ("ps", "epi32"), ("epi64", "epi64"), ("pd", "epi64")):
        n = K[k][2]
        whole_lanes(g, f"_mm512_permutexvar_{k}", k, [(ix, "x"), (k, "a")],
                    f"__a[__x[__i] & {n - 1}]")
        whole_lanes(g, f"_mm512_permutex2var_{k}", k, [(k, "a"), (ix, "x"), (k, "b")],
                    f"(__x[__i] & {n}) ? __b[__x[__i] & {n - 1}] : __a[__x[__i] & {n - 1}]",
                    masks=("maskA", "maskz", "mask2"))
    sel4 = "(__i & ~3) + ((__imm >> 2 * (__i & 3)) & 3)"
    specs = [
        # name, kind, params, expression over the whole views (__i = the lane)
        ("_mm512_permutex_epi64", "epi64", [("epi64", "a"), ("int", "imm")], f"__a[{sel4}]"),
        ("_mm512_permutex_pd", "pd", [("pd", "a"), ("int", "imm")], f"__a[{sel4}]"),
        ("_mm512_permute_ps", "ps", [("ps", "a"), ("int", "imm")], f"__a[{sel4}]"),
        ("_mm512_permute_pd", "pd", [("pd", "a"), ("int", "imm")],
         "__a[(__i & ~1) + ((__imm >> __i) & 1)]"),
        ("_mm512_permutevar_ps", "ps", [("ps", "a"), ("epi32", "c")],
         "__a[(__i & ~3) + (__c[__i] & 3)]"),
        ("_mm512_permutevar_pd", "pd", [("pd", "a"), ("epi64", "c")],
         "__a[(__i & ~1) + ((__c[__i] >> 1) & 1)]"),
        ("_mm512_shuffle_epi32", "epi32", [("epi32", "a"), ("int", "imm")], f"__a[{sel4}]"),
        ("_mm512_shuffle_ps", "ps", [("ps", "a"), ("ps", "b"), ("int", "imm")],
         f"(__i & 3) < 2 ? __a[{sel4}] : __b[{sel4}]"),
        ("_mm512_shuffle_pd", "pd", [("pd", "a"), ("pd", "b"), ("int", "imm")],
         "(__i & 1) ? __b[(__i & ~1) + ((__imm >> __i) & 1)] : "
         "__a[(__i & ~1) + ((__imm >> __i) & 1)]"),
        ("_mm512_movedup_pd", "pd", [("pd", "a")], "__a[__i & ~1]"),
        ("_mm512_moveldup_ps", "ps", [("ps", "a")], "__a[__i & ~1]"),
        ("_mm512_movehdup_ps", "ps", [("ps", "a")], "__a[__i | 1]"),
        ("_mm512_alignr_epi32", "epi32", [("epi32", "a"), ("epi32", "b"), ("int", "imm")],
         "(__i + (__imm & 15) < 16) ? __b[__i + (__imm & 15)] : __a[__i + (__imm & 15) - 16]"),
        ("_mm512_alignr_epi64", "epi64", [("epi64", "a"), ("epi64", "b"), ("int", "imm")],
         "(__i + (__imm & 7) < 8) ? __b[__i + (__imm & 7)] : __a[__i + (__imm & 7) - 8]"),
    ]
    for s in ("ps", "pd", "epi32", "epi64"):
        h = K[s][2] // 4              # lanes per 128-bit block: 4 or 2
        for nm, off in (("lo", "0"), ("hi", str(h // 2))):
            j = f"(__i & ~{h - 1}) + {off} + ((__i & {h - 1}) >> 1)"
            specs.append((f"_mm512_unpack{nm}_{s}", s, [(s, "a"), (s, "b")],
                          f"(__i & 1) ? __b[{j}] : __a[{j}]"))
    for nm, s in (("f32x4", "ps"), ("f64x2", "pd"), ("i32x4", "epi32"), ("i64x2", "epi64")):
        h = K[s][2] // 4
        j = f"((__imm >> 2 * (__i / {h})) & 3) * {h} + (__i % {h})"
        specs.append((f"_mm512_shuffle_{nm}", s, [(s, "a"), (s, "b"), ("int", "imm")],
                      f"(__i / {h}) < 2 ? __a[{j}] : __b[{j}]"))
    for name, k, params, expr in specs:
        whole_lanes(g, name, k, params, expr)
    # broadcasts, inserts, extracts
    for name, k, src, expr in (
            ("_mm512_broadcastss_ps", "ps", "ps128", "__a[0]"),
            ("_mm512_broadcastsd_pd", "pd", "pd128", "__a[0]"),
            ("_mm512_broadcastd_epi32", "epi32", "epi32x128", "__a[0]"),
            ("_mm512_broadcastq_epi64", "epi64", "epi64x128", "__a[0]"),
            ("_mm512_broadcast_f32x4", "ps", "ps128", "__a[__i & 3]"),
            ("_mm512_broadcast_i32x4", "epi32", "epi32x128", "__a[__i & 3]"),
            ("_mm512_broadcast_f64x4", "pd", "pd256", "__a[__i & 3]"),
            ("_mm512_broadcast_i64x4", "epi64", "epi64x256", "__a[__i & 3]")):
        whole_lanes(g, name, k, [(src, "a")], expr)
    for nm, k, part in (("insertf32x4", "ps", "ps128"), ("inserti32x4", "epi32", "epi32x128"),
                        ("insertf64x4", "pd", "pd256"), ("inserti64x4", "epi64", "epi64x256")):
        nb = K[k][2] // 4
        whole_lanes(g, f"_mm512_{nm}", k, [(k, "a"), (part, "b"), ("int", "imm")],
                    f"(__i / 4 == (__imm & {nb - 1})) ? __b[__i % 4] : __a[__i]")
    for nm, k, part in (("extractf32x4_ps", "ps", "ps128"),
                        ("extracti32x4_epi32", "epi32", "epi32x128"),
                        ("extractf64x4_pd", "pd", "pd256"),
                        ("extracti64x4_epi64", "epi64", "epi64x256")):
        nb = K[k][2] // 4
        whole_lanes(g, f"_mm512_{nm}", part, [(k, "a"), ("int", "imm")],
                    f"__a[(__imm & {nb - 1}) * 4 + __i]")


def whole_lanes(g: Gen, name, rk, params, expr, masks=("mask", "maskz")) -> None:
    """Like ``lanes`` but ``expr`` is already written over the whole views (``__a[...]``)."""
    rt, rv, n, mt, _ = K[rk]
    cps, decl, args = [], [], []
    for t, p in params:
        if t in K:
            cps.append((K[t][0], "__" + p.upper()))
            decl.append(f"{K[t][1]} __{p} = ({K[t][1]})__{p.upper()};")
            args.append("__" + p.upper())
        else:
            cps.append((t, "__" + p))
            args.append("__" + p)
    body = (" ".join(decl) + f" {rv} __r; int __i; for (__i = 0; __i < {n}; __i++) "
            f"__r[__i] = {expr}; return ({rt})__r;")
    g.fn(rt, name, cps, body)
    masked(g, name, rk, cps, args, masks)


def memory(g: Gen) -> None:
    g.raw("/* masked loads and stores, compress, expand, gather, scatter */")
    for k in ("ps", "pd", "epi32", "epi64"):
        rt, rv, n, mt, et = K[k]
        for al in ("load", "loadu"):
            g.fn(rt, f"_mm512_mask_{al}_{k}", [(rt, "__W"), (mt, "__U"), ("void const *", "__P")],
                 f"{rv} __r = ({rv})__W; int __i; for (__i = 0; __i < {n}; __i++) "
                 f"if (__U >> __i & 1) __r[__i] = ((const {et} *)__P)[__i]; return ({rt})__r;")
            g.fn(rt, f"_mm512_maskz_{al}_{k}", [(mt, "__U"), ("void const *", "__P")],
                 f"{rv} __r; int __i; for (__i = 0; __i < {n}; __i++) "
                 f"__r[__i] = (__U >> __i & 1) ? ((const {et} *)__P)[__i] : 0; return ({rt})__r;")
        for al in ("store", "storeu"):
            g.fn("void", f"_mm512_mask_{al}_{k}", [("void *", "__P"), (mt, "__U"), (rt, "__A")],
                 f"{rv} __a = ({rv})__A; int __i; for (__i = 0; __i < {n}; __i++) "
                 f"if (__U >> __i & 1) (({et} *)__P)[__i] = __a[__i];")
        g.fn(rt, f"_mm512_mask_compress_{k}", [(rt, "__W"), (mt, "__U"), (rt, "__A")],
             f"{rv} __a = ({rv})__A, __r = ({rv})__W; int __i, __j = 0; "
             f"for (__i = 0; __i < {n}; __i++) if (__U >> __i & 1) __r[__j++] = __a[__i]; "
             f"return ({rt})__r;")
        g.fn(rt, f"_mm512_maskz_compress_{k}", [(mt, "__U"), (rt, "__A")],
             f"{rv} __a = ({rv})__A, __r; int __i, __j = 0; "
             f"for (__i = 0; __i < {n}; __i++) if (__U >> __i & 1) __r[__j++] = __a[__i]; "
             f"for (; __j < {n}; __j++) __r[__j] = 0; return ({rt})__r;")
        g.fn("void", f"_mm512_mask_compressstoreu_{k}", [("void *", "__P"), (mt, "__U"),
                                                          (rt, "__A")],
             f"{rv} __a = ({rv})__A; int __i, __j = 0; "
             f"for (__i = 0; __i < {n}; __i++) if (__U >> __i & 1) (({et} *)__P)[__j++] = __a[__i];")
        g.fn(rt, f"_mm512_mask_expand_{k}", [(rt, "__W"), (mt, "__U"), (rt, "__A")],
             f"{rv} __a = ({rv})__A, __r = ({rv})__W; int __i, __j = 0; "
             f"for (__i = 0; __i < {n}; __i++) if (__U >> __i & 1) __r[__i] = __a[__j++]; "
             f"return ({rt})__r;")
        g.fn(rt, f"_mm512_maskz_expand_{k}", [(mt, "__U"), (rt, "__A")],
             f"{rv} __a = ({rv})__A, __r; int __i, __j = 0; "
             f"for (__i = 0; __i < {n}; __i++) __r[__i] = (__U >> __i & 1) ? __a[__j++] : 0; "
             f"return ({rt})__r;")
        g.fn(rt, f"_mm512_mask_expandloadu_{k}", [(rt, "__W"), (mt, "__U"), ("void const *", "__P")],
             f"{rv} __r = ({rv})__W; int __i, __j = 0; "
             f"for (__i = 0; __i < {n}; __i++) if (__U >> __i & 1) "
             f"__r[__i] = ((const {et} *)__P)[__j++]; return ({rt})__r;")
        g.fn(rt, f"_mm512_maskz_expandloadu_{k}", [(mt, "__U"), ("void const *", "__P")],
             f"{rv} __r; int __i, __j = 0; "
             f"for (__i = 0; __i < {n}; __i++) __r[__i] = (__U >> __i & 1) ? "
             f"((const {et} *)__P)[__j++] : 0; return ({rt})__r;")
    # gathers and scatters: (index width, data kind)
    for iw, k in (("32", "epi32"), ("32", "ps"), ("32", "epi64"), ("32", "pd"),
                  ("64", "epi64"), ("64", "pd"), ("64", "epi32"), ("64", "ps")):
        n = 16 if (iw == "32" and k in ("epi32", "ps")) else 8
        if n == 16:
            dt, ik = k, "epi32"
        elif iw == "32":
            dt, ik = k, "epi32x256"
        else:
            dt = k if k in ("epi64", "pd") else {"epi32": "epi32x256", "ps": "ps256"}[k]
            ik = "epi64"
        rt, rv, _, _, et = K[dt]
        it, iv = K[ik][0], K[ik][1]
        mt = "__mmask16" if n == 16 else "__mmask8"
        g.fn(rt, f"_mm512_mask_i{iw}gather_{k}",
             [(rt, "__W"), (mt, "__U"), (it, "__X"), ("void const *", "__P"), ("int", "__S")],
             f"{rv} __r = ({rv})__W; {iv} __x = ({iv})__X; int __i; "
             f"for (__i = 0; __i < {n}; __i++) if (__U >> __i & 1) "
             f"__r[__i] = *(const {et} *)((const char *)__P + (long long)__x[__i] * __S); "
             f"return ({rt})__r;")
        g.fn(rt, f"_mm512_i{iw}gather_{k}", [(it, "__X"), ("void const *", "__P"), ("int", "__S")],
             f"{rv} __r; {iv} __x = ({iv})__X; int __i; "
             f"for (__i = 0; __i < {n}; __i++) "
             f"__r[__i] = *(const {et} *)((const char *)__P + (long long)__x[__i] * __S); "
             f"return ({rt})__r;")
        g.fn("void", f"_mm512_mask_i{iw}scatter_{k}",
             [("void *", "__P"), (mt, "__U"), (it, "__X"), (rt, "__A"), ("int", "__S")],
             f"{rv} __a = ({rv})__A; {iv} __x = ({iv})__X; int __i; "
             f"for (__i = 0; __i < {n}; __i++) if (__U >> __i & 1) "
             f"*({et} *)((char *)__P + (long long)__x[__i] * __S) = __a[__i];")
        g.fn("void", f"_mm512_i{iw}scatter_{k}",
             [("void *", "__P"), (it, "__X"), (rt, "__A"), ("int", "__S")],
             f"_mm512_mask_i{iw}scatter_{k}(__P, ({mt})-1, __X, __A, __S);")


def converts(g: Gen) -> None:
    g.raw("/* conversions */")
    lanes(g, "_mm512_cvtepi32_ps", "ps", [("epi32", "a")], "(float)a")
    lanes(g, "_mm512_cvtepu32_ps", "ps", [("epu32", "a")], "(float)a")
    lanes(g, "_mm512_cvtepi32_pd", "pd", [("epi32x256", "a")], "(double)a")
    lanes(g, "_mm512_cvtepu32_pd", "pd", [("epu32x256", "a")], "(double)a")
    lanes(g, "_mm512_cvtps_pd", "pd", [("ps256", "a")], "(double)a")
    lanes(g, "_mm512_cvtpd_ps", "ps256", [("pd", "a")], "(float)a")
    lanes(g, "_mm512_cvtps_epi32", "epi32", [("ps", "a")], "__pycc_cvti32(a, 4)")
    lanes(g, "_mm512_cvttps_epi32", "epi32", [("ps", "a")], "__pycc_cvti32(a, 3)")
    lanes(g, "_mm512_cvtps_epu32", "epu32", [("ps", "a")], "__pycc_cvtu32(a, 4)")
    lanes(g, "_mm512_cvttps_epu32", "epu32", [("ps", "a")], "__pycc_cvtu32(a, 3)")
    lanes(g, "_mm512_cvtpd_epi32", "epi32x256", [("pd", "a")], "__pycc_cvti32(a, 4)")
    lanes(g, "_mm512_cvttpd_epi32", "epi32x256", [("pd", "a")], "__pycc_cvti32(a, 3)")
    lanes(g, "_mm512_cvtpd_epu32", "epu32x256", [("pd", "a")], "__pycc_cvtu32(a, 4)")
    lanes(g, "_mm512_cvttpd_epu32", "epu32x256", [("pd", "a")], "__pycc_cvtu32(a, 3)")
    # widening integer conversions
    for name, rk, src, cast in (
            ("_mm512_cvtepi8_epi32", "epi32", "epi8x128", "(signed char)"),
            ("_mm512_cvtepu8_epi32", "epi32", "epi8x128", "(unsigned char)"),
            ("_mm512_cvtepi8_epi64", "epi64", "epi8x128", "(signed char)"),
            ("_mm512_cvtepu8_epi64", "epi64", "epi8x128", "(unsigned char)"),
            ("_mm512_cvtepi16_epi32", "epi32", "epi16x256", "(short)"),
            ("_mm512_cvtepu16_epi32", "epi32", "epi16x256", "(unsigned short)"),
            ("_mm512_cvtepi16_epi64", "epi64", "epi16x128", "(short)"),
            ("_mm512_cvtepu16_epi64", "epi64", "epi16x128", "(unsigned short)"),
            ("_mm512_cvtepi32_epi64", "epi64", "epi32x256", "(int)"),
            ("_mm512_cvtepu32_epi64", "epi64", "epi32x256", "(unsigned int)")):
        lanes(g, name, rk, [(src, "a")], f"{cast}a")
    # narrowing: truncate, signed saturate, unsigned saturate
    for sk, dk, n in (("epi32", "epi8", 16), ("epi32", "epi16", 16), ("epi64", "epi8", 8),
                      ("epi64", "epi16", 8), ("epi64", "epi32", 8)):
        rk = {("epi32", "epi8"): "epi8x128", ("epi32", "epi16"): "epi16x256",
              ("epi64", "epi8"): "epi8x128", ("epi64", "epi16"): "epi16x128",
              ("epi64", "epi32"): "epi32x256"}[(sk, dk)]
        rt, rv, rn, _, et = K[rk]
        mt = "__mmask16" if n == 16 else "__mmask8"
        bits = int(dk[3:])
        lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
        uk = "epu" + sk[3:]
        for pre, src, expr in (
                ("", sk, "a"),
                ("s", sk, f"__PYCC_SAT(a, {lo}LL, {hi}LL)"),
                ("us", uk, f"(a > {(1 << bits) - 1}ULL ? {(1 << bits) - 1}ULL : a)")):
            name = f"_mm512_cvt{pre}{sk}_{dk}"
            sv = K[src][1]
            body = (f"{sv} __a = ({sv})__A; {rv} __r; int __i; "
                    f"for (__i = 0; __i < {rn}; __i++) __r[__i] = __i < {n} ? "
                    f"({et})({_subst(expr, {'a'}, set())}) : 0; return ({rt})__r;")
            g.fn(rt, name, [("__m512i", "__A")], body)
            masked(g, name, rk, [("__m512i", "__A")], ["__A"], ("mask", "maskz"), nl=n)
            g.fn("void", f"_mm512_mask_cvt{pre}{sk}_storeu_{dk}",
                 [("void *", "__P"), (mt, "__U"), ("__m512i", "__A")],
                 f"{rv} __r = ({rv}){name}(__A); int __i; for (__i = 0; __i < {n}; __i++) "
                 f"if (__U >> __i & 1) (({et} *)__P)[__i] = __r[__i];")
    # half precision through F16C on each 128-bit half
    g.fn("__m512", "_mm512_cvtph_ps", [("__m256i", "__A")],
         "__m256 __l = _mm256_cvtph_ps(_mm256_castsi256_si128(__A)), "
         "__h = _mm256_cvtph_ps(_mm256_extractf128_si256(__A, 1)); __v16sf __r; int __i; "
         "for (__i = 0; __i < 8; __i++) { __r[__i] = __l[__i]; __r[__i + 8] = __h[__i]; } "
         "return (__m512)__r;")
    masked(g, "_mm512_cvtph_ps", "ps", [("__m256i", "__A")], ["__A"], ("mask", "maskz"))
    g.fn("__m256i", "__pycc_cvtps_ph512", [("__m512", "__A"), ("int", "__I")],
         "__v16sf __a = (__v16sf)__A; __v16hi __r; int __i, __j; "
         "for (__i = 0; __i < 16; __i += 8) { __m256 __x = {__a[__i], __a[__i + 1], __a[__i + 2], "
         "__a[__i + 3], __a[__i + 4], __a[__i + 5], __a[__i + 6], __a[__i + 7]}; __v8hi __h; "
         "switch (__I & 7) { case 0: __h = (__v8hi)_mm256_cvtps_ph(__x, 0); break; "
         "case 1: __h = (__v8hi)_mm256_cvtps_ph(__x, 1); break; "
         "case 2: __h = (__v8hi)_mm256_cvtps_ph(__x, 2); break; "
         "case 3: __h = (__v8hi)_mm256_cvtps_ph(__x, 3); break; "
         "default: __h = (__v8hi)_mm256_cvtps_ph(__x, 4); break; } "
         "for (__j = 0; __j < 8; __j++) __r[__i + __j] = __h[__j]; } return (__m256i)__r;")
    g.names.discard("__pycc_cvtps_ph512")
    g.fn("__m256i", "_mm512_cvtps_ph", [("__m512", "__A"), ("int", "__I")],
         "return __pycc_cvtps_ph512(__A, __I);")
    masked(g, "_mm512_cvtps_ph", "epi16x256", [("__m512", "__A"), ("int", "__I")],
           ["__A", "__I"], ("mask", "maskz"))


def floats(g: Gen) -> None:
    g.raw("/* floating-point operations */")
    for k, sfx, t in (("ps", "f", "float"), ("pd", "", "double")):
        lanes(g, f"_mm512_sqrt_{k}", k, [(k, "a")], f"__builtin_sqrt{sfx}(a)")
        lanes(g, f"_mm512_rcp14_{k}", k, [(k, "a")], f"({t})1 / a")
        lanes(g, f"_mm512_rsqrt14_{k}", k, [(k, "a")], f"({t})1 / __builtin_sqrt{sfx}(a)")
        lanes(g, f"_mm512_getexp_{k}", k, [(k, "a")], f"__pycc_getexp{sfx}(a)")
        lanes(g, f"_mm512_getmant_{k}", k, [(k, "a"), ("int", "iv"), ("int", "sc")],
              f"__pycc_getmant{sfx}(a, iv, sc)")
        lanes(g, f"_mm512_scalef_{k}", k, [(k, "a"), (k, "b")],
              "__pycc_scalef(a, b)" if k == "pd" else "__pycc_scalefff(a, b)")
        lanes(g, f"_mm512_roundscale_{k}", k, [(k, "a"), ("int", "imm")],
              f"__pycc_rndscale{sfx}(a, imm)")
        lanes(g, f"_mm512_floor_{k}", k, [(k, "a")], f"__pycc_rndscale{sfx}(a, 9)")
        lanes(g, f"_mm512_ceil_{k}", k, [(k, "a")], f"__pycc_rndscale{sfx}(a, 10)")
        ik = "epi32" if k == "ps" else "epi64"
        lanes(g, f"_mm512_fixupimm_{k}", k, [(k, "a"), (k, "b"), (ik, "c"), ("int", "imm")],
              f"__pycc_fixupimm{sfx}(a, b, c)", masks=("maskA", "maskz"))
        for op, e in (("fmadd", "__pycc_fma{s}(a, b, c)"),
                      ("fmsub", "__pycc_fma{s}(a, b, -c)"),
                      ("fnmadd", "__pycc_fma{s}(-a, b, c)"),
                      ("fnmsub", "__pycc_fma{s}(-a, b, -c)"),
                      ("fmaddsub", "__pycc_fma{s}(a, b, (i & 1) ? c : -c)"),
                      ("fmsubadd", "__pycc_fma{s}(a, b, (i & 1) ? -c : c)")):
            lanes(g, f"_mm512_{op}_{k}", k, [(k, "a"), (k, "b"), (k, "c")], e.format(s=sfx),
                  masks=("maskA", "maskz", "mask3"))


def scalars(g: Gen) -> None:
    """The scalar AVX-512 forms on __m128/__m128d: lane 0 computed (under a mask and an
    embedded rounding mode), the others from the first operand."""
    g.raw("/* scalar forms */")
    for s, k, t, sfx, mv in (("ss", "ps128", "float", "f", "__v4sf"),
                             ("sd", "pd128", "double", "", "__v2df")):
        vt = K[k][0]
        sq = f"__builtin_sqrt{sfx}"
        scf = "__pycc_scalef" if s == "sd" else "__pycc_scalefff"
        a, b = "__A[0]", "__B[0]"
        for op, e, rnd, new in (
                ("add", f"{a} + {b}", True, False), ("sub", f"{a} - {b}", True, False),
                ("mul", f"{a} * {b}", True, False), ("div", f"{a} / {b}", True, False),
                ("min", f"{a} < {b} ? {a} : {b}", True, False),
                ("max", f"{a} > {b} ? {a} : {b}", True, False),
                ("sqrt", f"{sq}({b})", True, False),
                ("scalef", f"{scf}({a}, {b})", True, True),
                ("getexp", f"__pycc_getexp{sfx}({b})", True, True),
                ("rcp14", f"({t})1 / {b}", False, True),
                ("rsqrt14", f"({t})1 / {sq}({b})", False, True)):
            scalar_family(g, op, s, vt, mv, [], e, rnd, new)
        scalar_family(g, "getmant", s, vt, mv, [("int", "__iv"), ("int", "__sc")],
                      f"__pycc_getmant{sfx}({b}, __iv, __sc)", True)
        scalar_family(g, "roundscale", s, vt, mv, [("int", "__imm")],
                      f"__pycc_rndscale{sfx}({b}, __imm)", True)
        iv = "__v4si" if s == "ss" else "__v2di"
        scalar_family(g, "fixupimm", s, vt, mv, [("__m128i", "__C"), ("int", "__imm")],
                      f"__pycc_fixupimm{sfx}({a}, {b}, (({iv})__C)[0])", True, fix=True)
        # FMA scalar forms: lane 0 of a, b, c
        fm = f"__pycc_fma{sfx}"
        for op, ex in (("fmadd", f"{fm}(__a[0], __b[0], __c[0])"),
                       ("fmsub", f"{fm}(__a[0], __b[0], -__c[0])"),
                       ("fnmadd", f"{fm}(-__a[0], __b[0], __c[0])"),
                       ("fnmsub", f"{fm}(-__a[0], __b[0], -__c[0])")):
            for rnd in (False, True):
                r = "_round" if rnd else ""
                rp = [("int", "__R")] if rnd else []
                pre = rc_pre(("__a", "__b", "__c")) if rnd else ""
                post = "_mm_setcsr(__o); " if rnd else ""
                base = (f"{mv} __a = ({mv})__A, __b = ({mv})__B, __c = ({mv})__C; {pre}"
                        f"{t} __v = {ex}; {post}")
                if rnd:
                    g.fn(vt, f"_mm_{op}{r}_{s}", [(vt, "__A"), (vt, "__B"), (vt, "__C")] + rp,
                         base + f"__a[0] = __v; return ({vt})__a;")
                g.fn(vt, f"_mm_mask_{op}{r}_{s}",
                     [(vt, "__A"), ("__mmask8", "__U"), (vt, "__B"), (vt, "__C")] + rp,
                     base + f"if (__U & 1) __a[0] = __v; return ({vt})__a;")
                g.fn(vt, f"_mm_maskz_{op}{r}_{s}",
                     [("__mmask8", "__U"), (vt, "__A"), (vt, "__B"), (vt, "__C")] + rp,
                     base + f"__a[0] = (__U & 1) ? __v : 0; return ({vt})__a;")
                g.fn(vt, f"_mm_mask3_{op}{r}_{s}",
                     [(vt, "__A"), (vt, "__B"), (vt, "__C"), ("__mmask8", "__U")] + rp,
                     base + f"if (__U & 1) __c[0] = __v; return ({vt})__c;")
        # moves, masked loads/stores of one element
        g.fn(vt, f"_mm_mask_move_{s}", [(vt, "__W"), ("__mmask8", "__U"), (vt, "__A"), (vt, "__B")],
             f"{mv} __a = ({mv})__A; __a[0] = (__U & 1) ? __B[0] : __W[0]; return ({vt})__a;")
        g.fn(vt, f"_mm_maskz_move_{s}", [("__mmask8", "__U"), (vt, "__A"), (vt, "__B")],
             f"{mv} __a = ({mv})__A; __a[0] = (__U & 1) ? __B[0] : 0; return ({vt})__a;")
        zero = "(__m128){0, 0, 0, 0}" if s == "ss" else "(__m128d){0, 0}"
        g.fn(vt, f"_mm_mask_load_{s}", [(vt, "__W"), ("__mmask8", "__U"), (f"const {t} *", "__P")],
             f"{vt} __r = {zero}; __r[0] = (__U & 1) ? *__P : __W[0]; return __r;")
        g.fn(vt, f"_mm_maskz_load_{s}", [("__mmask8", "__U"), (f"const {t} *", "__P")],
             f"{vt} __r = {zero}; __r[0] = (__U & 1) ? *__P : 0; return __r;")
        g.fn("void", f"_mm_mask_store_{s}", [(f"{t} *", "__P"), ("__mmask8", "__U"), (vt, "__A")],
             "if (__U & 1) *__P = __A[0];")
        # compares into a mask, comi
        for rnd in (False, True):
            r = "_round" if rnd else ""
            rp = [("int", "__R")] if rnd else []
            g.fn("__mmask8", f"_mm_cmp{r}_{s}_mask", [(vt, "__A"), (vt, "__B"), ("int", "__P")] + rp,
                 "return (__mmask8)__pycc_fcmp(__A[0], __B[0], __P);")
            g.fn("__mmask8", f"_mm_mask_cmp{r}_{s}_mask",
                 [("__mmask8", "__U"), (vt, "__A"), (vt, "__B"), ("int", "__P")] + rp,
                 "return (__mmask8)(__U & 1 & __pycc_fcmp(__A[0], __B[0], __P));")
        g.fn("int", f"_mm_comi_round_{s}", [(vt, "__A"), (vt, "__B"), ("int", "__P"), ("int", "__R")],
             "return __pycc_fcmp(__A[0], __B[0], __P);")
        # conversions
        g.fn("unsigned int", f"_mm_cvt{s}_u32", [(vt, "__A")], "return __pycc_cvtu32(__A[0], 4);")
        g.fn("unsigned long long", f"_mm_cvt{s}_u64", [(vt, "__A")],
             "return __pycc_cvtu64(__A[0], 4);")
        g.fn("unsigned int", f"_mm_cvtt{s}_u32", [(vt, "__A")], "return __pycc_cvtu32(__A[0], 3);")
        g.fn("unsigned long long", f"_mm_cvtt{s}_u64", [(vt, "__A")],
             "return __pycc_cvtu64(__A[0], 3);")
        g.fn("int", f"_mm_cvtt{s}_i32", [(vt, "__A")], "return __pycc_cvti32(__A[0], 3);")
        g.fn("long long", f"_mm_cvtt{s}_i64", [(vt, "__A")], "return __pycc_cvti64(__A[0], 3);")
        g.fn("int", f"_mm_cvt{s}_i32", [(vt, "__A")], "return __pycc_cvti32(__A[0], 4);")
        g.fn("long long", f"_mm_cvt{s}_i64", [(vt, "__A")], "return __pycc_cvti64(__A[0], 4);")
        for u, ut in (("32", "unsigned int"), ("64", "unsigned long long")):
            g.fn(vt, f"_mm_cvtu{u}_{s}", [(vt, "__A"), (ut, "__B")],
                 f"__A[0] = ({t})__B; return __A;")
            g.fn(vt, f"_mm_cvt_roundu{u}_{s}", [(vt, "__A"), (ut, "__B"), ("int", "__R")],
                 f"{rc_pre(('__B',))}{t} __v = ({t})__B; _mm_setcsr(__o); "
                 f"__A[0] = __v; return __A;")


def rc_pre(names) -> str:
    """MXCSR.RC set from __R, then the operands made opaque to the optimiser (an empty asm
    that may change them in memory): the operation reads them after the mode is set, so it
    cannot be merged with the same operation on the same values outside the window."""
    ops = ", ".join(f'"+m"({n})' for n in names)
    return f'unsigned int __o = __pycc_rc_set(__R); __asm__ __volatile__("" : {ops}); '


def scalar_family(g, op, s, vt, mv, extra, ex, rnd, new=True, fix=False):
    """_mm_OP_s (when ``new``), _mm_mask_OP_s, _mm_maskz_OP_s and, when ``rnd``, the _round_
    forms: lane 0 = ``ex`` (over __A[0], __B[0] and the ``extra`` parameters), the other
    lanes from the first operand."""
    forms = [("", [])] + ([("_round", [("int", "__R")])] if rnd else [])
    t = "float" if s == "ss" else "double"
    for r, rp in forms:
        pre = rc_pre(["__A", "__B"] + [p for _, p in extra]) if r else ""
        post = "_mm_setcsr(__o); " if r else ""
        # VFIXUPIMMSS/SD copy the upper elements from the second operand, the others from
        # the first
        base = f"{mv} __r = ({mv})__{'B' if fix else 'A'}; {pre}{t} __v = {ex}; {post}"
        if new or r:
            g.fn(vt, f"_mm_{op}{r}_{s}", [(vt, "__A"), (vt, "__B")] + extra + rp,
                 base + f"__r[0] = __v; return ({vt})__r;")
        ps = [p for _, p in [(vt, "__A"), (vt, "__B")] + extra + rp]
        inner = f"_mm_{op}{r}_{s}({', '.join(f'({p})' for p in ps)})"
        if op == "sqrt" and not r:      # SSE's _mm_sqrt_ss takes one operand
            inner = f"_mm_sqrt_round_{s}((__A), (__B), _MM_FROUND_CUR_DIRECTION)"
        if fix:     # fixupimm merges from its first operand
            g.fn(vt, f"_mm_mask_{op}{r}_{s}",
                 [(vt, "__A"), ("__mmask8", "__U"), (vt, "__B")] + extra + rp,
                 base + f"__r[0] = (__U & 1) ? __v : __A[0]; return ({vt})__r;")
        else:
            g.sel.add(s)
            g.macro(f"_mm_mask_{op}{r}_{s}", ["__W", "__U"] + ps,
                    f"__pycc_sel_{s}((__U), (__W), {inner}, 1)")
        g.sel.add(s)
        g.macro(f"_mm_maskz_{op}{r}_{s}", ["__U"] + ps, f"__pycc_selz_{s}((__U), {inner}, 1)")


def reduces(g: Gen) -> None:
    g.raw("/* reductions (pairwise over halves, as the Intrinsics Guide describes) */")
    for k, ops in (("epi32", ("add", "mul", "and", "or", "max", "min")),
                   ("epu32", ("max", "min")),
                   ("epi64", ("add", "mul", "and", "or", "max", "min")),
                   ("epu64", ("max", "min")),
                   ("ps", ("add", "mul", "max", "min")), ("pd", ("add", "mul", "max", "min"))):
        rt, rv, n, mt, et = K[k]
        ak = {"epi32": "epu32", "epi64": "epu64"}.get(k, k) if k in ("epi32", "epi64") else k
        for op in ops:
            x = {"add": "__x + __y", "mul": "__x * __y", "and": "__x & __y",
                 "or": "__x | __y", "max": "__x > __y ? __x : __y",
                 "min": "__x < __y ? __x : __y"}[op]
            ident = {"add": "0", "mul": "1", "and": "-1", "or": "0"}.get(op)
            if op in ("max", "min"):
                if k in ("ps", "pd"):
                    ident = ("-" if op == "max" else "") + "__builtin_inf" + ("f" if k == "ps" else "") + "()"
                elif k.startswith("epu"):
                    ident = "0" if op == "max" else "-1"
                else:
                    ident = ("(-0x7fffffff - 1)" if op == "max" else "0x7fffffff") if k == "epi32" \
                        else ("(-0x7fffffffffffffffLL - 1)" if op == "max" else "0x7fffffffffffffffLL")
            vv = K[ak][1] if op in ("add", "mul", "and", "or") else rv
            body = (f"{vv} __v = ({vv})__A; int __h, __i; "
                    f"for (__h = {n // 2}; __h > 0; __h >>= 1) for (__i = 0; __i < __h; __i++) "
                    f"{{ {K[ak][4] if op in ('add', 'mul', 'and', 'or') else et} __x = __v[__i], "
                    f"__y = __v[__i + __h]; __v[__i] = {x}; }} return __v[0];")
            nm = k
            g.fn(et, f"_mm512_reduce_{op}_{nm}", [(rt, "__A")], body)
            g.fn(et, f"_mm512_mask_reduce_{op}_{nm}", [(mt, "__U"), (rt, "__A")],
                 f"{vv} __v = ({vv})__A; int __i; for (__i = 0; __i < {n}; __i++) "
                 f"if (!(__U >> __i & 1)) __v[__i] = {ident}; "
                 f"return _mm512_reduce_{op}_{nm}(({rt})__v);")


# the 512-bit operations that take an embedded rounding (or SAE) operand: _OP_round_KIND
ROUNDED = (
    [f"_mm512_{op}_{k}" for op in ("add", "sub", "mul", "div", "sqrt", "scalef", "max", "min",
                                   "getexp", "getmant", "roundscale", "fixupimm", "fmadd",
                                   "fmsub", "fnmadd", "fnmsub", "fmaddsub", "fmsubadd")
     for k in FP]
    + ["_mm512_cvtps_epi32", "_mm512_cvttps_epi32", "_mm512_cvtps_epu32", "_mm512_cvttps_epu32",
       "_mm512_cvtpd_epi32", "_mm512_cvttpd_epi32", "_mm512_cvtpd_epu32", "_mm512_cvttpd_epu32",
       "_mm512_cvtepi32_ps", "_mm512_cvtepu32_ps", "_mm512_cvtps_pd", "_mm512_cvtpd_ps",
       "_mm512_cvtph_ps"])


def rounding(g: Gen) -> None:
    """``_mm512_OP_round_K(..., R)``: the operation with MXCSR.RC set from R (when R does not
    say _MM_FROUND_CUR_DIRECTION), and its masked forms."""
    g.raw("/* embedded rounding / SAE forms */")
    for name in ROUNDED:
        ret, cps = g.sig[name]
        if name.startswith("_mm512_cvt"):     # _mm512_cvt_roundps_epi32, _mm512_cvtt_round...
            t = "cvtt" if name.startswith("_mm512_cvtt") else "cvt"
            rname = f"_mm512_{t}_round{name[len('_mm512_') + len(t):]}"
        else:
            head, op = name.rsplit("_", 1)
            rname = f"{head}_round_{op}"
        args = [p for _, p in cps]
        g.fn(ret, rname, cps + [("int", "__R")],
             f"{rc_pre(args)}{ret} __v = {name}({', '.join(args)}); "
             f"_mm_setcsr(__o); return __v;")
        rk, masks = g.fam[name]
        masked(g, rname, rk, cps + [("int", "__R")], args + ["__R"], masks)
    for k in FP:
        mt, n = K[k][3], K[k][2]
        g.macro(f"_mm512_cmp_round_{k}_mask", ["__A", "__B", "__P", "__R"],
                f"_mm512_cmp_{k}_mask((__A), (__B), (__P))")
        g.macro(f"_mm512_mask_cmp_round_{k}_mask", ["__U", "__A", "__B", "__P", "__R"],
                f"_mm512_mask_cmp_{k}_mask((__U), (__A), (__B), (__P))")


def generate() -> str:
    g = Gen()
    emit(g)
    g.raw("#endif /* _AVX512FINTRIN_H_INCLUDED */")
    return "".join(g.out)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from toolchain.cc.headergen import write_or_check
    return write_or_check([(OUT, generate())], argv, "avx512_gen.py",
                          lambda text: f", {len(generate_names())} intrinsics")

def generate_names() -> set:
    g = Gen()
    emit(g)
    return {n for n in g.names if not n.startswith("__pycc")}


if __name__ == "__main__":
    sys.exit(main())
