"""Bit intrinsics, atomics, TLS, setjmp/longjmp and thread safety on x86-64."""
import math
import random

import pytest

from tests.ir.helpers import ARENA, machine, run_native

BITS = {"i8": 8, "i16": 16, "i32": 32, "i64": 64}


def intrinsics_ir():
    fs = []
    for t in BITS:
        for op in ("ctpop", "ctlz", "cttz", "bswap"):
            if op == "bswap" and t == "i8":
                continue
            fs.append(f"define i64 @{op}_{t}({t} %a) {{\nentry:\n  %r = {op} {t} %a\n"
                      f"  %w = zext {t} %r to i64\n  ret i64 %w\n}}" if t != "i64" else
                      f"define i64 @{op}_{t}({t} %a) {{\nentry:\n  %r = {op} {t} %a\n"
                      f"  ret i64 %r\n}}")
    fs.append("define f64 @fabs(f64 %a) {\nentry:\n  %r = fabs f64 %a\n  ret f64 %r\n}")
    fs.append("define f64 @sqrt(f64 %a) {\nentry:\n  %r = sqrt f64 %a\n  ret f64 %r\n}")
    fs.append("define f32 @sqrt32(f32 %a) {\nentry:\n  %r = sqrt f32 %a\n  ret f32 %r\n}")
    for kind in ("add", "sub", "and", "or", "xor", "xchg"):
        for t in ("i32", "i64", "i8"):
            fs.append(f"define i64 @rmw_{kind}_{t}(ptr %p, {t} %v) {{\nentry:\n"
                      f"  %r = atomicrmw {kind} {t} %p, %v\n  %w = zext {t} %r to i64\n"
                      f"  ret i64 %w\n}}" if t != "i64" else
                      f"define i64 @rmw_{kind}_{t}(ptr %p, {t} %v) {{\nentry:\n"
                      f"  %r = atomicrmw {kind} {t} %p, %v\n  ret i64 %r\n}}")
    fs.append("define void @rmw_void(ptr %p, i64 %v) {\nentry:\n"
              "  %r = atomicrmw or i64 %p, %v\n  ret\n}")
    fs.append("define i64 @cas(ptr %p, i64 %e, i64 %n) {\nentry:\n"
              "  %r = cmpxchg i64 %p, %e, %n\n  ret i64 %r\n}")
    fs.append("define void @astore(ptr %p, i32 %v) {\nentry:\n"
              "  store atomic i32 %v, %p\n  fence\n  ret\n}")
    return "\n".join(fs)


@pytest.mark.parametrize("opt", [0, 1, "spill"])
def test_intrinsics_and_atomics(opt, tmp_path):
    m = machine(intrinsics_ir(), opt, tmp_path)
    rnd = random.Random(11)
    for t, bits in BITS.items():
        vals = [1, (1 << bits) - 1, 1 << (bits - 1), 0x5A & ((1 << bits) - 1)] + \
            [rnd.getrandbits(bits) | 1 for _ in range(8)]
        for v in vals:
            garbage = v | (0xF00D << bits if bits < 64 else 0)
            assert m.call(f"ctpop_{t}", garbage) == bin(v).count("1"), (t, v)
            assert m.call(f"ctlz_{t}", garbage) == bits - v.bit_length(), (t, v)
            assert m.call(f"cttz_{t}", garbage) == (v & -v).bit_length() - 1, (t, v)
            if bits > 8:
                want = int.from_bytes(v.to_bytes(bits // 8, "little"), "big")
                assert m.call(f"bswap_{t}", garbage) == want, (t, v)
    assert m.call("fabs", -2.5, ret="f64") == 2.5
    assert math.copysign(1, m.call("fabs", -0.0, ret="f64")) == 1
    assert m.call("sqrt", 2.0, ret="f64") == math.sqrt(2.0)
    assert m.call("sqrt32", ("f32", 16.0), ret="f32") == 4.0
    emu = m.emu
    p = ARENA + 256
    py = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "and": lambda a, b: a & b,
          "or": lambda a, b: a | b, "xor": lambda a, b: a ^ b, "xchg": lambda a, b: b}
    for kind, f in py.items():
        for t, bits in (("i32", 32), ("i64", 64), ("i8", 8)):
            mask = (1 << bits) - 1
            old, v = 0x1234567890ABCDEF & mask, 0x0F0F0F0F0F0F0F33 & mask
            emu.write(p, (old | (0xAA << bits if bits < 64 else 0)).to_bytes(8, "little"))
            assert m.call(f"rmw_{kind}_{t}", p, v) == old, (kind, t)
            got = int.from_bytes(emu.read(p, 8), "little")
            assert got & mask == f(old, v) & mask, (kind, t)
            if bits < 64:
                assert got >> bits == 0xAA, (kind, t)      # neighbours untouched
    emu.write(p, (6).to_bytes(8, "little"))
    m.call("rmw_void", p, 9)
    assert int.from_bytes(emu.read(p, 8), "little") == 15
    assert m.call("cas", p, 15, 100) == 15
    assert int.from_bytes(emu.read(p, 8), "little") == 100
    assert m.call("cas", p, 15, 7) == 100
    assert int.from_bytes(emu.read(p, 8), "little") == 100
    m.call("astore", p, 0xDEAD)
    assert int.from_bytes(emu.read(p, 4), "little") == 0xDEAD


NATIVE = r"""
extern @ext_tls tls
@tcount = internal tls global 8, align 8 [i64 5]
@fmt = internal readonly global 32, align 1 [bytes "tls %ld ext %d jmp %d shared %ld\0a\00"]

define i64 @bump(i64 %k) {
entry:
  %v = load i64, @tcount
  %w = add i64 %v, %k
  store i64 %w, @tcount
  %e = load i32, @ext_tls
  %e1 = add i32 %e, 1
  store i32 %e1, @ext_tls
  ret i64 %w
}

define i32 @jumper(ptr %buf) {
entry:
  %x = alloca i64 4, align 4
  store volatile i32 10, %x
  %r = call i32 @_setjmp(ptr %buf)
  %z = icmp eq i32 %r, 0
  br %z, first, second
first:
  store volatile i32 20, %x
  call void @longjmp(ptr %buf, i32 3)
  unreachable
second:
  %v = load volatile i32, %x
  %s = add i32 %v, %r
  ret i32 %s
}

define i32 @main() {
entry:
  %buf = alloca i64 200, align 16
  %a = call i64 @bump(i64 2)
  %b = call i64 @bump(i64 3)
  %e = load i32, @ext_tls
  %j = call i32 @jumper(ptr %buf)
  %s = call i64 @threads()
  %p = call i32 @printf(ptr @fmt, ..., i64 %b, i32 %e, i32 %j, i64 %s)
  ret i32 0
}

define ptr @worker(ptr %arg) {
entry:
  jmp loop
loop:
  %i = phi i32 [0, entry], [%i1, loop]
  %o = atomicrmw add i64 @shared, 1
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, 100000
  br %c, loop, done
done:
  ret ptr null
}
"""

NATIVE_C = r"""
#include <pthread.h>
__thread int ext_tls = 40;
long shared;
void *worker(void *);
long threads(void) {
  pthread_t t[4];
  for (int i = 0; i < 4; i++) pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < 4; i++) pthread_join(t[i], 0);
  return shared;
}
"""


@pytest.mark.parametrize("opt", [0, 1])
def test_tls_setjmp_atomics_native(opt, tmp_path):
    out = run_native(NATIVE, opt, tmp_path, extra_c=NATIVE_C, libs=["-pthread"])
    assert out == "tls 10 ext 42 jmp 23 shared 400000\n"


LD_IR = r"""
@ldk = global 16, align 16 [f80 0.1]

define f80 @ld_arith(f80 %a, f80 %b, i32 %k) {
entry:
  %s = fadd f80 %a, %b
  %d = fsub f80 %s, 0.25
  %m = fmul f80 %d, %a
  %q = fdiv f80 %m, %b
  %kf = sitofp i32 %k to f80
  %r = fadd f80 %q, %kf
  %g = load f80, @ldk
  %r2 = fadd f80 %r, %g
  %n = fneg f80 %r2
  %ab = fabs f80 %n
  ret f80 %ab
}

define i64 @ld_cmp(f80 %a, f80 %b) {
entry:
  %c1 = fcmp olt f80 %a, %b
  %c2 = fcmp oeq f80 %a, %b
  %c3 = fcmp uge f80 %a, %b
  %w1 = zext i1 %c1 to i64
  %w2 = zext i1 %c2 to i64
  %w3 = zext i1 %c3 to i64
  %x = shl i64 %w2, 1
  %y = shl i64 %w3, 2
  %z = or i64 %w1, %x
  %r = or i64 %z, %y
  br %c1, lt, ge
lt:
  %r1 = or i64 %r, 8
  ret i64 %r1
ge:
  ret i64 %r
}

define f64 @ld_conv(f64 %x, i64 %i, i64 %u) {
entry:
  %e = fpext f64 %x to f80
  %fi = sitofp i64 %i to f80
  %fu = uitofp i64 %u to f80
  %s = fadd f80 %e, %fi
  %t = fadd f80 %s, %fu
  %r = fptrunc f80 %t to f64
  ret f64 %r
}

define i64 @ld_toint(f80 %a, i32 %unsigned) {
entry:
  %c = icmp ne i32 %unsigned, 0
  br %c, u, s
u:
  %x = fptoui f80 %a to i64
  ret i64 %x
s:
  %y = fptosi f80 %a to i64
  ret i64 %y
}

; sum over a loop with a phi of long doubles, and a select
define f80 @ld_loop(i32 %n) {
entry:
  jmp loop
loop:
  %i = phi i32 [0, entry], [%i1, loop]
  %acc = phi f80 [1.0, entry], [%acc2, loop]
  %h = fmul f80 %acc, 1.5
  %neg = fcmp olt f80 %h, 100.0
  %acc2 = select f80 %neg, %h, 3.0
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br %c, loop, done
done:
  ret f80 %acc2
}

define f80 @ld_stackargs(f80 %a, i32 %k, f80 %b, f64 %x) {
entry:
  %r = call f80 @c_ld(f80 %b, i32 %k, f80 %a)
  %e = fpext f64 %x to f80
  %s = fadd f80 %r, %e
  ret f80 %s
}
"""

LD_C = r"""
#include <stdio.h>
long double ld_arith(long double, long double, int); long ld_cmp(long double, long double);
double ld_conv(double, long, unsigned long); long ld_toint(long double, int);
long double ld_loop(int); long double ld_stackargs(long double, int, long double, double);
extern long double ldk;
long double c_ld(long double a, int k, long double b) { return a * 2 - b + k; }
static long double r_arith(long double a, long double b, int k) {
  long double r = (((a + b) - 0.25L) * a) / b + k + ldk; return r < 0 ? -r : r; }
static long double r_loop(int n) { long double acc = 1; for (int i = 0; i < n; i++) {
  long double h = acc * 1.5L; acc = h < 100 ? h : 3.0L; } return acc; }
int main(void) {
  long double v[] = {0.5L, -3.25L, 1e20L, 7.0L, 1.0L / 3};
  for (int i = 0; i < 5; i++) for (int j = 0; j < 5; j++) {
    long double a = v[i], b = v[j];
    printf("%d %d %.21Lg %.21Lg\n", i, j, ld_arith(a, b, i - j), r_arith(a, b, i - j));
    long want = (a < b) | (a == b) << 1 | !(a < b) << 2 | (a < b) << 3;
    printf("cmp %ld %ld\n", ld_cmp(a, b), want);
  }
  printf("conv %.17g %.17g\n", ld_conv(1.5, -7, 18446744073709551615UL),
         (double)((long double)1.5 + (long double)-7 + (long double)18446744073709551615UL));
  printf("toint %ld %ld %lu %lu\n", ld_toint(-2.75L, 0), (long)-2.75L,
         (unsigned long)ld_toint(1.8e19L, 1), (unsigned long)1.8e19L);
  printf("loop %.21Lg %.21Lg\n", ld_loop(20), r_loop(20));
  printf("stack %.21Lg %.21Lg\n", ld_stackargs(1.5L, 4, 10.0L, 0.5), c_ld(10.0L, 4, 1.5L) + 0.5);
  return 0;
}
"""


@pytest.mark.parametrize("opt", [0, 1])
def test_long_double_x87(opt, tmp_path):
    out = run_native(LD_IR, opt, tmp_path, extra_c=LD_C)
    lines = out.splitlines()
    assert len(lines) == 54
    for line in lines:
        parts = line.split()
        if parts[0] in ("cmp", "conv", "loop", "stack"):
            assert parts[1] == parts[2], line
        elif parts[0] == "toint":
            assert parts[1] == parts[2] and parts[3] == parts[4], line
        else:
            assert parts[2] == parts[3], line


I128_OPS = ["add", "sub", "mul", "and", "or", "xor", "shl", "lshr", "ashr", "sdiv", "udiv",
            "srem", "urem"]
I128_PREDS = ["eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge"]


def i128_ir():
    fs = []
    for op in I128_OPS:
        fs.append(f"define i128 @w_{op}(i128 %a, i128 %b) {{\nentry:\n  %r = {op} i128 %a, %b\n"
                  f"  ret i128 %r\n}}")
    for k in (0, 1, 63, 64, 100):
        for op in ("shl", "lshr", "ashr"):
            fs.append(f"define i128 @w_{op}{k}(i128 %a) {{\nentry:\n  %r = {op} i128 %a, {k}\n"
                      f"  ret i128 %r\n}}")
    for p in I128_PREDS:
        fs.append(f"define i32 @w_c{p}(i128 %a, i128 %b) {{\nentry:\n  %c = icmp {p} i128 %a, %b\n"
                  f"  br %c, y, n\ny:\n  ret i32 1\nn:\n  ret i32 0\n}}")
    fs.append("""define i128 @w_misc(i64 %x, ptr %p, i32 %c) {
entry:
  %s = sext i64 %x to i128
  %z = zext i64 %x to i128
  %n = neg i128 %s
  %t = not i128 %z
  store i128 %n, %p
  %l = load i128, %p
  %k = icmp ne i32 %c, 0
  %sel = select i128 %k, %l, %t
  %big = add i128 %sel, 340282366920938463463374607431768211455
  jmp loop
loop:
  %i = phi i32 [0, entry], [%i1, loop]
  %acc = phi i128 [%big, entry], [%acc2, loop]
  %acc2 = mul i128 %acc, 3
  %i1 = add i32 %i, 1
  %d = icmp slt i32 %i1, 5
  br %d, loop, out
out:
  %tr = trunc i128 %acc2 to i64
  %w = zext i64 %tr to i128
  %r = xor i128 %acc2, %w
  ret i128 %r
}""")
    return "\n".join(fs)


I128_C = r"""
#include <stdio.h>
typedef __int128 T; typedef unsigned __int128 U;
#define F(op) T w_##op(T, T);
F(add) F(sub) F(mul) F(and) F(or) F(xor) F(shl) F(lshr) F(ashr) F(sdiv) F(udiv) F(srem) F(urem)
#define C(p) int w_c##p(T, T);
C(eq) C(ne) C(slt) C(sle) C(sgt) C(sge) C(ult) C(ule) C(ugt) C(uge)
#define K(k) T w_shl##k(T); T w_lshr##k(T); T w_ashr##k(T);
K(0) K(1) K(63) K(64) K(100)
T w_misc(long, T *, int);
static void pr(const char *s, T v) { printf("%s %016llx%016llx\n", s, (unsigned long long)((U)v >> 64),
  (unsigned long long)v); }
int main(void) {
  T vals[] = {0, 1, -1, 3, (T)1 << 64, ((T)1 << 127), (T)0x123456789abcdefLL * 0x1000003 + 77,
              -((T)5 << 70), 0x7fffffffffffffffLL};
  int n = sizeof vals / sizeof vals[0];
  for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) {
    T a = vals[i], b = vals[j]; char buf[64];
    #define P(op, expr) sprintf(buf, "%d %d " #op, i, j); pr(buf, w_##op(a, b)); pr(buf, expr);
    P(add, a + b) P(sub, (T)((U)a - (U)b)) P(mul, (T)((U)a * (U)b)) P(and, a & b) P(or, a | b)
    P(xor, a ^ b)
    P(shl, (T)((U)a << (b & 127))) P(lshr, (T)((U)a >> (b & 127))) P(ashr, a >> (b & 127))
    if (b != 0 && !(b == -1)) { P(sdiv, a / b) P(srem, a % b) }
    if (b != 0) { P(udiv, (T)((U)a / (U)b)) P(urem, (T)((U)a % (U)b)) }
    printf("%d %d cmp %d%d%d%d%d%d%d%d%d%d %d%d%d%d%d%d%d%d%d%d\n", i, j,
      w_ceq(a, b), w_cne(a, b), w_cslt(a, b), w_csle(a, b), w_csgt(a, b), w_csge(a, b),
      w_cult(a, b), w_cule(a, b), w_cugt(a, b), w_cuge(a, b),
      a == b, a != b, a < b, a <= b, a > b, a >= b, (U)a < (U)b, (U)a <= (U)b, (U)a > (U)b, (U)a >= (U)b);
  }
  for (int i = 0; i < n; i++) { T a = vals[i];
    #define S(k) pr("k", w_shl##k(a)); pr("k", (T)((U)a << k)); pr("k", w_lshr##k(a)); \
      pr("k", (T)((U)a >> k)); pr("k", w_ashr##k(a)); pr("k", a >> k);
    S(0) S(1) S(63) S(64) S(100) }
  T mem; long xs[] = {5, -9};
  for (int c = 0; c < 2; c++) for (int q = 0; q < 2; q++) { long x = xs[q];
    T s = x, z = (unsigned long)x; T sel = c ? -s : ~z; U acc = (U)sel + ~(U)0;
    for (int i = 0; i < 5; i++) acc *= 3;
    pr("misc", w_misc(x, &mem, c)); pr("misc", (T)(acc ^ (U)(unsigned long)acc)); }
  return 0;
}
"""


@pytest.mark.parametrize("opt", [0, 1])
def test_int128(opt, tmp_path):
    out = run_native(i128_ir(), opt, tmp_path, extra_c=I128_C)
    lines = out.splitlines()
    assert len(lines) > 1000
    i = 0
    while i < len(lines):
        if " cmp " in lines[i]:
            a, b = lines[i].split()[-2:]
            assert a == b, lines[i]
            i += 1
            continue
        assert lines[i] == lines[i + 1], (lines[i], lines[i + 1])
        i += 2


ASM_IR = r"""
define i64 @asm_add(i64 %a, i64 %b) {
entry:
  %out = alloca i64 8, align 8
  asm "addq %2, %0" "=r,0,r,~{cc}" (out i64 %out, i64 %a, i64 %b)
  %r = load i64, %out
  ret i64 %r
}

define i64 @asm_regs(i32 %x, ptr %mem) {
entry:
  %lo = alloca i64 4, align 4
  %hi = alloca i64 4, align 4
  %m = alloca i64 8, align 8
  ; cpuid-like: specific registers, an immediate, a memory operand, %% and modifiers
  asm "movl %k2, %%eax\0a\09imull $3, %%eax\0a\09movl %%eax, %0\0a\09leal %c4(%%eax), %1\0a\09addl %3, %1\0a\09incq %5" "=&r,=&r,a,m,i,m,~{memory}" (out i32 %lo, out i32 %hi, i32 %x, ptr %mem, i32 16, ptr %m)
  %l = load i32, %lo
  %h = load i32, %hi
  %lw = zext i32 %l to i64
  %hw = zext i32 %h to i64
  %hs = shl i64 %hw, 32
  %r = or i64 %hs, %lw
  ret i64 %r
}

define i64 @asm_clobber(i64 %a) {
entry:
  %t = mul i64 %a, 7
  asm "movq $-1, %%rbx\0a\09movq $-1, %%r12\0a\09movq $-1, %%rdi" "~{rbx},~{r12},~{rdi}" ()
  %u = add i64 %t, %a
  ret i64 %u
}
"""


@pytest.mark.parametrize("opt", [0, 1, "spill"])
def test_inline_asm(opt, tmp_path):
    m = machine(ASM_IR, opt, tmp_path)
    assert m.call("asm_add", 40, 2) == 42
    m.emu.write(ARENA, (5).to_bytes(4, "little"))
    r = m.call("asm_regs", 7, ARENA)
    lo, hi = r & 0xFFFFFFFF, r >> 32
    assert lo == 21 and hi == 21 + 16 + 5
    m.emu.set_reg("rbx", 0x1234)
    assert m.call("asm_clobber", 3) == 24
    assert m.emu.reg("rbx") == 0x1234        # callee-saved register preserved


UNWIND_IR = r"""
define i32 @ir_inner(i32 %k) {
entry:
  %big = mul i32 %k, 3
  %c = icmp sgt i32 %k, 100
  br %c, early, call
early:
  ret i32 %big
call:
  %n = sext i32 %k to i64
  %sz = mul i64 %n, 16
  %buf = alloca i64 %sz, align 16
  store i32 %k, %buf
  %r = call i32 @c_backtrace(ptr %buf)
  %s = add i32 %r, %big
  ret i32 %s
}

define i32 @ir_outer(i32 %k) {
entry:
  %a = add i32 %k, 1
  %r = call i32 @ir_inner(i32 %a)
  %s = add i32 %r, %a
  ret i32 %s
}
"""

UNWIND_C = r"""
#include <execinfo.h>
#include <stdio.h>
#include <string.h>
int ir_outer(int);
int c_backtrace(int *p) {
  void *buf[32]; int n = backtrace(buf, 32);
  char **names = backtrace_symbols(buf, n);
  for (int i = 0; i < n; i++) {
    const char *s = strchr(names[i], '(');
    if (s && (!strncmp(s, "(ir_", 4) || !strncmp(s, "(main", 5))) {
      const char *e = strchr(s, '+'); printf("%.*s\n", (int)(e - s - 1), s + 1); }
  }
  return *p;
}
int main(void) { printf("r=%d\n", ir_outer(4)); return 0; }
"""


@pytest.mark.parametrize("opt", [0, 1])
def test_unwind_through_generated_frames(opt, tmp_path):
    out = run_native(UNWIND_IR, opt, tmp_path, extra_c=UNWIND_C, libs=["-rdynamic"])
    assert out == "ir_inner\nir_outer\nmain\nr=25\n"


X87S = "struct<16,16>{f80@0}"
CLD = "struct<32,16>{f80@0,f80@16}"
X87_RET_IR = f"""
define {X87S} @ir_s(f80 %a) {{
entry:
  %p = alloca i64 16, align 16
  %b = fmul f80 %a, 3.0
  store f80 %b, %p
  ret {X87S} %p
}}
define {CLD} @ir_c(f80 %a) {{
entry:
  %p = alloca i64 32, align 16
  store f80 %a, %p
  %q = ptradd %p, i64 16
  %b = fadd f80 %a, 0.5
  store f80 %b, %q
  ret {CLD} %p
}}
define f80 @ir_use(f80 %a) {{
entry:
  %s = alloca i64 16, align 16
  call void @c_s(sret {X87S} %s, f80 %a)
  %c = alloca i64 32, align 16
  call void @c_c(sret {CLD} %c, f80 %a)
  %x = load f80, %s
  %cp = ptradd %c, i64 16
  %y = load f80, %cp
  %r = fadd f80 %x, %y
  ret f80 %r
}}
"""

X87_RET_C = r"""
#include <stdio.h>
struct S { long double x; };
struct S ir_s(long double); _Complex long double ir_c(long double); long double ir_use(long double);
struct S c_s(long double a) { struct S s = {a * 2}; return s; }
_Complex long double c_c(long double a) { return a + 10.0il * a; }
int main(void) {
  struct S s = ir_s(1.5L); _Complex long double c = ir_c(2.0L);
  printf("%Lg %Lg %Lg %Lg\n", s.x, __real__ c, __imag__ c, ir_use(0.25L));
  return 0;
}
"""


@pytest.mark.parametrize("opt", [0, 1])
def test_x87_class_returns(opt, tmp_path):
    out = run_native(X87_RET_IR, opt, tmp_path, extra_c=X87_RET_C)
    assert out == "4.5 2 2.5 3\n"


CONV128_IR = """
define f64 @s2d(i128 %a) {
entry:
  %r = sitofp i128 %a to f64
  ret f64 %r
}
define f32 @u2f(i128 %a) {
entry:
  %r = uitofp i128 %a to f32
  ret f32 %r
}
define f80 @s2x(i128 %a) {
entry:
  %r = sitofp i128 %a to f80
  ret f80 %r
}
define i128 @d2s(f64 %a) {
entry:
  %r = fptosi f64 %a to i128
  ret i128 %r
}
define i128 @x2u(f80 %a) {
entry:
  %r = fptoui f80 %a to i128
  ret i128 %r
}
"""

CONV128_C = r"""
#include <stdio.h>
double s2d(__int128); float u2f(unsigned __int128); long double s2x(__int128);
__int128 d2s(double); unsigned __int128 x2u(long double);
int main(void) {
  __int128 v = -((__int128)12345 << 70);
  unsigned __int128 u = (unsigned __int128)7 << 100;
  printf("%g %g %g %g %Lg %Lg\n", s2d(v), (double)v, u2f(u), (double)(float)u, s2x(v), (long double)v);
  __int128 a = d2s(-3.5e30), b = (__int128)-3.5e30;
  unsigned __int128 c = x2u(1e35L), d = (unsigned __int128)1e35L;
  printf("%d %d\n", a == b, c == d);
  return 0;
}
"""


def test_int128_float_conversions(tmp_path):
    out = run_native(CONV128_IR, 1, tmp_path, extra_c=CONV128_C)
    a, b = out.splitlines()
    p = a.split()
    assert p[0] == p[1] and p[2] == p[3] and p[4] == p[5], a
    assert b == "1 1"


SHLIB_IR = r"""
@counter = global 8, align 8 [i64 10]
@tl = tls global 8, align 8 [i64 3]
@hid = hidden global 8, align 8 [i64 4]

define i64 @lib_get(i64 %k) {
entry:
  %c = load i64, @counter
  %c1 = add i64 %c, %k
  store i64 %c1, @counter
  %t = load i64, @tl
  %t1 = add i64 %t, 1
  store i64 %t1, @tl
  %h = load i64, @hid
  %x = call i64 @lib_helper(i64 %c1)
  %s = add i64 %x, %t1
  %r = add i64 %s, %h
  ret i64 %r
}

define i64 @lib_helper(i64 %v) {
entry:
  %r = mul i64 %v, 100
  ret i64 %r
}
"""

SHLIB_MAIN = r"""
#include <stdio.h>
long lib_get(long); extern long counter;
long lib_helper(long v) { return v * 1000; }   /* preempts the library's definition */
int main(void) { long a = lib_get(1); long b = lib_get(2); printf("%ld %ld %ld\n", a, b, counter); return 0; }
"""


@pytest.mark.parametrize("opt", [0, 1])
def test_pic_shared_library(opt, tmp_path):
    import subprocess
    from tests.ir.helpers import need
    from toolchain.arch.x86_64.cc import compile_module
    from toolchain.cc.ir import parse_module
    from toolchain.cc.opt import optimize_module
    need("gcc")
    m = parse_module(SHLIB_IR)
    if opt:
        optimize_module(m, opt)
    asm = compile_module(m, opt, pic=True)
    (tmp_path / "lib.s").write_text(asm)
    (tmp_path / "main.c").write_text(SHLIB_MAIN)
    lib = tmp_path / "libt.so"
    r = subprocess.run(["gcc", "-shared", "-o", str(lib), str(tmp_path / "lib.s")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    exe = tmp_path / "main"
    r = subprocess.run(["gcc", "-o", str(exe), str(tmp_path / "main.c"), str(lib),
                        f"-Wl,-rpath,{tmp_path}"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    out = subprocess.run([str(exe)], capture_output=True, text=True).stdout
    # the executable's lib_helper and counter (copy-relocated) are the ones used
    assert out == f"{11 * 1000 + 4 + 4} {13 * 1000 + 5 + 4} 13\n"
