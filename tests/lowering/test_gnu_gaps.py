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


@pytest.mark.parametrize("opt", ["-O0", "-O2"])
@pytest.mark.parametrize("name,src", [("offsetof", OFFSETOF), ("plus_m", PLUS_M)])
def test_against_gcc(name, src, opt, tmp_path):
    if os.uname().machine != "x86_64":
        pytest.skip("runs on an x86-64 host")
    c = tmp_path / f"{name}.c"
    c.write_text(src)
    got, ref = build_and_run(c, tmp_path, opt)
    assert got.returncode == 0, got.stderr
    assert got.stdout == ref
