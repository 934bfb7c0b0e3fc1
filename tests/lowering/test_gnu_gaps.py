"""GNU C the torture tests use on every target: offsetof with variable indices and into
variable length arrays, "+m" aggregate asm operands, structs with VLA members."""
import os

import pytest

from tests.lowering.util import build_and_run

OFFSETOF = r"""
#include <stddef.h>
#include <stdio.h>
struct S { int a; char c[3]; struct { short x[4]; } in[5]; };
long vla_off(int n, int i, int j) {
  typedef int T[n];
  struct V { int a; T b[n]; };
  return __builtin_offsetof(struct V, b[i][j]);
}
int main(int argc, char **argv) {
  int i = argc + 1, j = argc + 2;
  printf("%zu %zu %zu\n", offsetof(struct S, in[i].x[j]), __builtin_offsetof(struct S, c[i]),
         offsetof(struct S, in[2].x[1]));
  printf("%ld %ld\n", vla_off(5, 2, 3), vla_off(7, i, j));
  return 0;
}
"""

PLUS_M = r"""
#include <stdio.h>
struct big { char __attribute__((aligned(64))) c; int v[3]; };
struct one { char c; };
unsigned f(unsigned n) {
  static struct big s = { 1, { 2, 3, 4 } };
  static struct one o = { 5 };
  unsigned x;
  asm ("" : "=g" (x), "+m" (s), "+m" (o) : "0" (n));
  return x + s.v[2] + o.c;
}
int main(void) {
  struct { int a[4]; } t = { { 1, 2, 3, 4 } };
  asm volatile ("" : "+m" (t));
  printf("%u %d\n", f(7), t.a[0] + t.a[3]);
  return 0;
}
"""

VLA_STRUCT = r"""
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
static int sum(int n, ...) {
  struct { char x[n]; } d;
  va_list ap;
  int s = 0;
  va_start(ap, n);
  d = va_arg(ap, typeof(d));            /* passed by reference, as gcc does */
  for (int i = 0; i < n; i++) s += d.x[i];
  va_end(ap);
  return s;
}
static long f(int n, int m) {
  typedef struct { char c; int a[n]; short tail; } S;    /* laid out at the typedef */
  struct U { __attribute__((aligned(16))) struct { short c; } a[m]; int b[n]; char z; } u;
  S s, t;
  long sz = sizeof(S);
  n += 100;                             /* the size was fixed at the declaration */
  for (int i = 0; i < m; i++) u.a[i].c = i;
  for (int i = 0; i < n - 100; i++) { u.b[i] = 10 * i; s.a[i] = i + 1; }
  u.z = 7; s.c = 3; s.tail = 9;
  t = s;
  S *p = &t;
  return sz * 1000000 + sizeof(struct U) * 1000 + (char *)&u.z - (char *)&u
         + p->tail + p->a[n - 101] + u.b[n - 101] + u.a[m - 1].c + t.c
         + sizeof(p[1]) + ((char *)&p[1] - (char *)p);
}
int main(int argc, char **argv) {
  int z = 4 + argc;
  struct { char a[z]; } x;
  memset(x.a, 2, sizeof x);
  printf("%d %d %ld %ld\n", sum(z, x), (int)sizeof x, f(3, 5), f(z, 1));
  return 0;
}
"""

# x87 asm operands of type long double ("t", "u", "+t", "0", "m"), as glibc's <bits/mathinline.h>
# and libm-style code write them (issue 16: were "cannot lower 'asm' on long double")
LONG_DOUBLE_ASM = r"""
#include <stdio.h>
static long double rem1(long double x, long double y)
{ long double r; __asm__("1: fprem1\n\tfnstsw %%ax\n\tsahf\n\tjp 1b" : "=t"(r) : "0"(x), "u"(y) : "ax", "cc"); return r; }
static long double scale(long double x, long double n)
{ long double r; __asm__("fscale" : "=t"(r) : "0"(x), "u"(n)); return r; }
static long double neg(long double x) { __asm__("fchs" : "+t"(x)); return x; }
static long double viamem(long double x) { long double r; __asm__("fldt %1\n\tfstpt %0" : "=m"(r) : "m"(x)); return r; }
static float fsq(float f) { float r; __asm__("fsqrt" : "=t"(r) : "0"(f)); return r; }
static long double atan2l_(long double y, long double x)
{ long double r; __asm__("fpatan" : "=t"(r) : "0"(x), "u"(y) : "st(1)"); return r; }
int main(int argc, char **argv) {
  long double a = 10.5L + argc, b = 3.0L;
  printf("%.12Lf\n", rem1(a, b));
  printf("%.12Lf\n", scale(1.5L, 4.0L + argc));
  printf("%.12Lf\n", neg(a));
  printf("%.12Lf\n", viamem(a * 2));
  printf("%.6f\n", fsq(2.0f + argc));
  printf("%.12Lf\n", atan2l_(1.0L, 1.0L * argc));
  long double arr[3] = {1, 2, 3};
  for (int i = 0; i < 3; i++) arr[i] = neg(arr[i]) + rem1(arr[i] * 7, 2.5L);
  printf("%.6Lf %.6Lf %.6Lf\n", arr[0], arr[1], arr[2]);
  return 0;
}
"""


@pytest.mark.parametrize("opt", ["-O0", "-O2"])
@pytest.mark.parametrize("name,src", [("offsetof", OFFSETOF), ("plus_m", PLUS_M),
                                      ("vla_struct", VLA_STRUCT),
                                      ("long_double_asm", LONG_DOUBLE_ASM)])
def test_against_gcc(name, src, opt, tmp_path):
    if os.uname().machine != "x86_64":
        pytest.skip("runs on an x86-64 host")
    c = tmp_path / f"{name}.c"
    c.write_text(src)
    got, ref = build_and_run(c, tmp_path, opt)
    assert got.returncode == 0, got.stderr
    assert got.stdout == ref


def test_vla_struct_with_debug_info(tmp_path):
    """-g on a struct with a VLA member: no constant DW_AT_byte_size, no internal error."""
    c = tmp_path / "v.c"
    c.write_text(VLA_STRUCT)
    from tests.lowering.util import pycc
    r = pycc("-g", "-c", "-o", tmp_path / "v.o", c)
    assert r.returncode == 0, r.stderr
