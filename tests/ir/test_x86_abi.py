"""System V calling convention: IR functions called from C compiled by gcc and vice versa
(struct classification, sret, stack arguments, varargs), linked natively and run."""
import pytest

from tests.ir.helpers import run_native

A = "struct<16,8>{i64@0,i64@8}"          # INTEGER INTEGER
B = "struct<16,8>{f64@0,f64@8}"          # SSE SSE
C = "struct<16,8>{i64@0,f64@8}"          # INTEGER SSE
D = "struct<12,4>{i32@0,i32@4,i32@8}"    # INTEGER INTEGER(4 bytes)
E = "struct<24,8>{i64@0,i64@8,i64@16}"   # MEMORY
F = "struct<12,4>{f32@0,f32@4,f32@8}"    # SSE SSE(4 bytes)
G = "struct<3,1>{i8@0,i8@1,i8@2}"        # INTEGER (3 bytes)

IR = f"""
define i64 @ir_sumA(byval {A} %s) {{
entry:
  %a = load i64, %s
  %pb = ptradd %s, i64 8
  %b = load i64, %pb
  %a3 = mul i64 %a, 3
  %r = add i64 %a3, %b
  ret i64 %r
}}

define f64 @ir_sumB(byval {B} %s) {{
entry:
  %x = load f64, %s
  %py = ptradd %s, i64 8
  %y = load f64, %py
  %r = fsub f64 %x, %y
  ret f64 %r
}}

define f64 @ir_sumC(i32 %k, byval {C} %s, f64 %z) {{
entry:
  %a = load i64, %s
  %px = ptradd %s, i64 8
  %x = load f64, %px
  %af = sitofp i64 %a to f64
  %kf = sitofp i32 %k to f64
  %t = fadd f64 %af, %x
  %u = fmul f64 %t, %kf
  %r = fadd f64 %u, %z
  ret f64 %r
}}

define i64 @ir_sumD(byval {D} %s) {{
entry:
  %a = load i32, %s
  %pb = ptradd %s, i64 4
  %b = load i32, %pb
  %pc = ptradd %s, i64 8
  %c = load i32, %pc
  %a1 = mul i32 %a, 100
  %b1 = mul i32 %b, 10
  %s1 = add i32 %a1, %b1
  %s2 = add i32 %s1, %c
  %r = sext i32 %s2 to i64
  ret i64 %r
}}

define {D} @ir_mkD(i32 %x) {{
entry:
  %p = alloca i64 12, align 4
  store i32 %x, %p
  %x1 = add i32 %x, 1
  %p1 = ptradd %p, i64 4
  store i32 %x1, %p1
  %x2 = add i32 %x, 2
  %p2 = ptradd %p, i64 8
  store i32 %x2, %p2
  ret {D} %p
}}

define {E} @ir_mkE(i64 %x) {{
entry:
  %p = alloca i64 24, align 8
  store i64 %x, %p
  %x1 = mul i64 %x, 2
  %p1 = ptradd %p, i64 8
  store i64 %x1, %p1
  %x2 = mul i64 %x, 3
  %p2 = ptradd %p, i64 16
  store i64 %x2, %p2
  ret {E} %p
}}

define {F} @ir_mkF(f32 %x) {{
entry:
  %p = alloca i64 12, align 4
  store f32 %x, %p
  %x1 = fadd f32 %x, 1.0
  %p1 = ptradd %p, i64 4
  store f32 %x1, %p1
  %x2 = fadd f32 %x, 2.0
  %p2 = ptradd %p, i64 8
  store f32 %x2, %p2
  ret {F} %p
}}

define i64 @ir_sumG(byval {G} %s) {{
entry:
  %a = load i8, %s
  %pb = ptradd %s, i64 1
  %b = load i8, %pb
  %pc = ptradd %s, i64 2
  %c = load i8, %pc
  %a1 = zext i8 %a to i64
  %b1 = zext i8 %b to i64
  %c1 = zext i8 %c to i64
  %a2 = mul i64 %a1, 65536
  %b2 = mul i64 %b1, 256
  %s1 = add i64 %a2, %b2
  %r = add i64 %s1, %c1
  ret i64 %r
}}

; six integer registers used up: the struct goes on the stack
define i64 @ir_many(i64 %a, i64 %b, i64 %c, i64 %d, i64 %e, i64 %f, byval {A} %s, i64 %g) {{
entry:
  %x = load i64, %s
  %py = ptradd %s, i64 8
  %y = load i64, %py
  %t1 = add i64 %a, %b
  %t2 = add i64 %t1, %c
  %t3 = add i64 %t2, %d
  %t4 = add i64 %t3, %e
  %t5 = add i64 %t4, %f
  %t6 = mul i64 %t5, 1000
  %t7 = mul i64 %x, 10
  %t8 = add i64 %t6, %t7
  %t9 = add i64 %t8, %y
  %t10 = mul i64 %g, 1000000
  %r = add i64 %t9, %t10
  ret i64 %r
}}

define f64 @ir_fmany(f64 %a, f64 %b, f64 %c, f64 %d, f64 %e, f64 %f, f64 %g, f64 %h, f64 %i, f64 %j, i32 %k) {{
entry:
  %t1 = fadd f64 %a, %b
  %t2 = fadd f64 %t1, %c
  %t3 = fadd f64 %t2, %d
  %t4 = fadd f64 %t3, %e
  %t5 = fadd f64 %t4, %f
  %t6 = fadd f64 %t5, %g
  %t7 = fadd f64 %t6, %h
  %t8 = fmul f64 %i, 100.0
  %t9 = fmul f64 %j, 1000.0
  %t10 = fadd f64 %t7, %t8
  %t11 = fadd f64 %t10, %t9
  %kf = sitofp i32 %k to f64
  %r = fadd f64 %t11, %kf
  ret f64 %r
}}

define i64 @ir_vsum(i32 %n, ...) {{
entry:
  %ap = alloca i64 24, align 8
  va_start %ap
  jmp loop
loop:
  %i = phi i32 [0, entry], [%i1, body]
  %s = phi i64 [0, entry], [%s1, body]
  %c = icmp slt i32 %i, %n
  br %c, body, done
body:
  %v = va_arg i64, %ap
  %s1 = add i64 %s, %v
  %i1 = add i32 %i, 1
  jmp loop
done:
  va_end %ap
  ret i64 %s
}}

define f64 @ir_vfsum(i32 %n, ...) {{
entry:
  %ap = alloca i64 24, align 8
  va_start %ap
  jmp loop
loop:
  %i = phi i32 [0, entry], [%i1, body]
  %s = phi f64 [0.0, entry], [%s1, body]
  %c = icmp slt i32 %i, %n
  br %c, body, done
body:
  %v = va_arg f64, %ap
  %k = va_arg i32, %ap
  %kf = sitofp i32 %k to f64
  %w = fmul f64 %v, %kf
  %s1 = fadd f64 %s, %w
  %i1 = add i32 %i, 1
  jmp loop
done:
  ret f64 %s
}}

; IR calling C
define i64 @ir_callC() {{
entry:
  %a = alloca i64 16, align 8
  store i64 5, %a
  %a1 = ptradd %a, i64 8
  store i64 7, %a1
  %r1 = call i64 @c_sumA(byval {A} %a)
  %e = alloca i64 24, align 8
  call void @c_mkE(sret {E} %e, i64 4)
  %e2p = ptradd %e, i64 16
  %e2 = load i64, %e2p
  %d = alloca i64 12, align 4
  call void @c_mkD(sret {D} %d, i32 20)
  %d2p = ptradd %d, i64 8
  %d2 = load i32, %d2p
  %d2w = sext i32 %d2 to i64
  %r2 = call i64 @c_many(i64 1, i64 2, i64 3, i64 4, i64 5, i64 6, byval {A} %a, i64 9)
  %v = call i64 @c_vsum(i32 8, ..., i64 1, i64 2, i64 3, i64 4, i64 5, i64 6, i64 7, i64 8)
  %t1 = mul i64 %r1, 1000000
  %t2 = mul i64 %e2, 10000
  %t3 = add i64 %t1, %t2
  %t4 = mul i64 %d2w, 100
  %t5 = add i64 %t3, %t4
  %t6 = add i64 %t5, %v
  %t7 = mul i64 %r2, 1000000000
  %r = add i64 %t6, %t7
  ret i64 %r
}}

define f64 @ir_callCf() {{
entry:
  %b = alloca i64 16, align 8
  store f64 1.5, %b
  %b1 = ptradd %b, i64 8
  store f64 0.25, %b1
  %r1 = call f64 @c_sumB(byval {B} %b)
  %f = alloca i64 12, align 4
  call void @c_mkF(sret {F} %f, f32 2.0)
  %f2p = ptradd %f, i64 8
  %f2 = load f32, %f2p
  %f2d = fpext f32 %f2 to f64
  %r = fadd f64 %r1, %f2d
  %v = call f64 @c_vfsum(i32 3, ..., f64 1.0, f64 2.0, f64 4.0)
  %r2 = fmul f64 %v, 10.0
  %r3 = fadd f64 %r, %r2
  ret f64 %r3
}}
"""

C_SIDE = r"""
#include <stdio.h>
#include <stdarg.h>
struct A { long a, b; };
struct B { double x, y; };
struct C { long a; double x; };
struct D { int a, b, c; };
struct E { long a, b, c; };
struct F { float x, y, z; };
struct G { unsigned char c[3]; };
long ir_sumA(struct A); double ir_sumB(struct B); double ir_sumC(int, struct C, double);
long ir_sumD(struct D); struct D ir_mkD(int); struct E ir_mkE(long); struct F ir_mkF(float);
long ir_sumG(struct G);
long ir_many(long, long, long, long, long, long, struct A, long);
double ir_fmany(double, double, double, double, double, double, double, double, double, double, int);
long ir_vsum(int, ...); double ir_vfsum(int, ...);
long ir_callC(void); double ir_callCf(void);
long c_sumA(struct A s) { return s.a * 3 + s.b; }
double c_sumB(struct B s) { return s.x - s.y; }
struct E c_mkE(long x) { struct E e = {x, 2 * x, 3 * x}; return e; }
struct D c_mkD(int x) { struct D d = {x, x + 1, x + 2}; return d; }
struct F c_mkF(float x) { struct F f = {x, x + 1, x + 2}; return f; }
long c_many(long a, long b, long c, long d, long e, long f, struct A s, long g) {
  return (a + b + c + d + e + f) * 1000 + s.a * 10 + s.b + g * 1000000; }
long c_vsum(int n, ...) { va_list ap; long s = 0; va_start(ap, n);
  for (int i = 0; i < n; i++) s += va_arg(ap, long); va_end(ap); return s; }
double c_vfsum(int n, ...) { va_list ap; double s = 0; va_start(ap, n);
  for (int i = 0; i < n; i++) s += va_arg(ap, double); va_end(ap); return s; }
int main(void) {
  struct A a = {5, 7}; struct B b = {2.5, 0.5}; struct C c = {3, 0.5};
  struct D d = {1, 2, 3}; struct G g = {{1, 2, 3}};
  printf("sumA %ld\n", ir_sumA(a));
  printf("sumB %g\n", ir_sumB(b));
  printf("sumC %g\n", ir_sumC(2, c, 0.25));
  printf("sumD %ld\n", ir_sumD(d));
  struct D d2 = ir_mkD(40); printf("mkD %d %d %d\n", d2.a, d2.b, d2.c);
  struct E e = ir_mkE(11); printf("mkE %ld %ld %ld\n", e.a, e.b, e.c);
  struct F f = ir_mkF(1.5f); printf("mkF %g %g %g\n", f.x, f.y, f.z);
  printf("sumG %ld\n", ir_sumG(g));
  printf("many %ld\n", ir_many(1, 2, 3, 4, 5, 6, a, 8));
  printf("fmany %g\n", ir_fmany(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11));
  printf("vsum %ld\n", ir_vsum(9, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 100L));
  printf("vfsum %g\n", ir_vfsum(5, 1.0, 1, 2.0, 2, 3.0, 3, 4.0, 4, 5.0, 5, 6.0, 6, 7.0, 7, 8.0, 8, 9.0, 9));
  printf("callC %ld\n", ir_callC());
  printf("callCf %g\n", ir_callCf());
  return 0;
}
"""

EXPECTED = """sumA 22
sumB 2
sumC 7.25
sumD 123
mkD 40 41 42
mkE 11 22 33
mkF 1.5 2.5 3.5
sumG 66051
many 8021057
fmany 10947
vsum 136
vfsum 55
callC 9021057022122236
callCf 75.25
"""


@pytest.mark.parametrize("opt", [0, 1, "spill"])
def test_struct_and_varargs_interop_with_gcc(opt, tmp_path):
    out = run_native(IR, opt, tmp_path, extra_c=C_SIDE)
    assert out == EXPECTED


VA_IR = f"""
@fmt = internal readonly global 40, align 1 [bytes "A %ld %ld C %ld %g E %ld L %.3Lf W %ld\\0a\\00"]

; (count, then per item a tag: 1 = struct A, 2 = struct C, 3 = struct E, 4 = long double,
;  5 = __int128) -- prints every item with the C library
define void @ir_vprint(i32 %n, ...) {{
entry:
  %ap = alloca i64 24, align 8
  va_start %ap
  jmp loop
loop:
  %i = phi i32 [0, entry], [%i1, next]
  %c = icmp slt i32 %i, %n
  br %c, body, done
body:
  %tag = va_arg i32, %ap
  switch i32 %tag, next [1: ta, 2: tc, 3: te, 4: tl, 5: tw]
ta:
  %pa = va_arg {A}, %ap
  %a0 = load i64, %pa
  %pa1 = ptradd %pa, i64 8
  %a1 = load i64, %pa1
  %r1 = call i32 @printf(ptr @fmt, ..., i64 %a0, i64 %a1, i64 0, f64 0.0, i64 0, f80 0.0, i64 0)
  jmp next
tc:
  %pc = va_arg {C}, %ap
  %c0 = load i64, %pc
  %pc1 = ptradd %pc, i64 8
  %c1 = load f64, %pc1
  %r2 = call i32 @printf(ptr @fmt, ..., i64 0, i64 0, i64 %c0, f64 %c1, i64 0, f80 0.0, i64 0)
  jmp next
te:
  %pe = va_arg {E}, %ap
  %pe2 = ptradd %pe, i64 16
  %e2 = load i64, %pe2
  %r3 = call i32 @printf(ptr @fmt, ..., i64 0, i64 0, i64 0, f64 0.0, i64 %e2, f80 0.0, i64 0)
  jmp next
tl:
  %l = va_arg f80, %ap
  %r4 = call i32 @printf(ptr @fmt, ..., i64 0, i64 0, i64 0, f64 0.0, i64 0, f80 %l, i64 0)
  jmp next
tw:
  %w = va_arg i128, %ap
  %wh = lshr i128 %w, 64
  %wt = trunc i128 %wh to i64
  %r5 = call i32 @printf(ptr @fmt, ..., i64 0, i64 0, i64 0, f64 0.0, i64 0, f80 0.0, i64 %wt)
  jmp next
next:
  %i1 = add i32 %i, 1
  jmp loop
done:
  va_end %ap
  ret
}}
"""

VA_C = r"""
struct A { long a, b; }; struct C { long a; double x; }; struct E { long a, b, c; };
void ir_vprint(int, ...);
int main(void) {
  struct A a = {1, 2}; struct C c = {3, 4.5}; struct E e = {5, 6, 7};
  ir_vprint(7, 1, a, 2, c, 3, e, 4, 8.25L, 5, (__int128)9 << 64, 1, a, 2, c);
  ir_vprint(12, 1, a, 1, a, 1, a, 2, c, 2, c, 2, c, 2, c, 2, c, 2, c, 2, c, 2, c, 5, (__int128)3 << 64);
  return 0;
}
"""


@pytest.mark.parametrize("opt", [0, 1])
def test_va_arg_aggregates(opt, tmp_path):
    out = run_native(VA_IR, opt, tmp_path, extra_c=VA_C)
    lines = out.splitlines()
    assert lines[:7] == ["A 1 2 C 0 0 E 0 L 0.000 W 0", "A 0 0 C 3 4.5 E 0 L 0.000 W 0",
                         "A 0 0 C 0 0 E 7 L 0.000 W 0", "A 0 0 C 0 0 E 0 L 8.250 W 0",
                         "A 0 0 C 0 0 E 0 L 0.000 W 9", "A 1 2 C 0 0 E 0 L 0.000 W 0",
                         "A 0 0 C 3 4.5 E 0 L 0.000 W 0"]
    assert lines[7:10] == ["A 1 2 C 0 0 E 0 L 0.000 W 0"] * 3
    assert lines[10:18] == ["A 0 0 C 3 4.5 E 0 L 0.000 W 0"] * 8
    assert lines[18] == "A 0 0 C 0 0 E 0 L 0.000 W 3"
