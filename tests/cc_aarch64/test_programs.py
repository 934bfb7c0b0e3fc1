"""Whole C programs through pycc --target=aarch64-linux-gnu (no GNU tool on PATH), run under
qemu-aarch64, alone and linked with aarch64-linux-gnu-gcc objects in both directions."""
import os
import subprocess
import sys

import pytest

from tests.cc_aarch64.common import GCC, TARGET, clean_env, have_gcc, have_tools, run_qemu

pytestmark = pytest.mark.skipif(not have_tools(), reason="qemu-aarch64 or the sysroot missing")


def pycc(args, cwd):
    r = subprocess.run([sys.executable, "-m", "toolchain.cc", f"--target={TARGET}", "-w"] + args,
                       capture_output=True, text=True, cwd=cwd, env=clean_env())
    assert r.returncode == 0, r.stderr
    return r


MAIN = r"""
#include <stdio.h>
#include <stdarg.h>
#include <string.h>
#include <stdlib.h>
struct hfa3 { double a, b, c; };
struct hfa4f { float a, b, c, d; };
struct mix { int i; char c; long l; };
struct big { long v[5]; };
struct odd { char c[7]; };
__thread int tls_counter = 3;
extern struct hfa3 h3(struct hfa3 x, double k);
extern struct hfa4f h4(struct hfa4f x);
extern struct mix mx(struct mix a, struct mix b);
extern struct big bg(struct big b, int k);
extern struct odd od(struct odd o);
extern long double ldf(long double a, double b, long double c);
extern __int128 i128f(int a, __int128 b, __int128 c);
extern long many(int a, long b, char c, short d, int e, long f, int g, long h, int i, char j,
                 double x, float y);
extern double vsum(int n, ...);
extern long vmix(int n, ...);
static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }
int sw(int x) {
    switch (x) { case 0: return 1; case 1: return 7; case 2: return 9; case 3: return 11;
                 case 4: return 13; case 6: return 17; default: return -1; }
}
int main(void) {
    struct hfa3 a = {1, 2, 3};
    struct hfa3 r = h3(a, 2.0);
    struct hfa4f f = h4((struct hfa4f){1, 2, 3, 4});
    struct mix m = mx((struct mix){1, 'a', 10}, (struct mix){2, 'b', 20});
    struct big b = bg((struct big){{1, 2, 3, 4, 5}}, 10);
    struct odd o = od((struct odd){{1, 2, 3, 4, 5, 6, 7}});
    long double ld = ldf(1.5L, 2.0, 0.25L);
    __int128 w = i128f(3, (__int128)1 << 100, 5);
    int arr[6] = {5, 3, 9, 1, 7, 2};
    qsort(arr, 6, sizeof arr[0], cmp);
    char buf[200];
    int vla_n = 10;
    int vla[vla_n];
    for (int i = 0; i < vla_n; i++) vla[i] = i * i;
    snprintf(buf, sizeof buf, "%g %g %g|%g %g|%d %c %ld|%ld|%d %d|%Lg|%lld %lld|%d%d%d|%ld|%g %ld|%d %d|%d %d",
             r.a, r.b, r.c, f.a, f.d, m.i, m.c, m.l, b.v[4], o.c[0], o.c[6], ld,
             (long long)(w >> 64), (long long)w, arr[0], arr[1], arr[5],
             many(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0.5, 0.25f),
             vsum(4, 1.0, 2.5, 3.0, 4.0), vmix(3, 1, (__int128)2, 3L), ++tls_counter, vla[9],
             sw(4), sw(5));
    puts(buf);
    return strcmp(buf, "2 4 6|2 8|3 c 30|50|2 8|3.25|0 3077|129|125|10.5 6|4 81|13 -1") != 0;
}
"""

LIB = r"""
#include <stdarg.h>
struct hfa3 { double a, b, c; };
struct hfa4f { float a, b, c, d; };
struct mix { int i; char c; long l; };
struct big { long v[5]; };
struct odd { char c[7]; };
struct hfa3 h3(struct hfa3 x, double k) { x.a *= k; x.b *= k; x.c *= k; return x; }
struct hfa4f h4(struct hfa4f x) { x.a *= 2; x.d *= 2; return x; }
struct mix mx(struct mix a, struct mix b) { a.i += b.i; a.c += 2; a.l += b.l; return a; }
struct big bg(struct big b, int k) { b.v[4] *= k; return b; }
struct odd od(struct odd o) { o.c[0]++; o.c[6]++; return o; }
long double ldf(long double a, double b, long double c) { return a * b + c; }
__int128 i128f(int a, __int128 b, __int128 c) { return (b >> 90) * a + c + (a > 100); }
long many(int a, long b, char c, short d, int e, long f, int g, long h, int i, char j,
          double x, float y) {
    return a + b + c + d + e + f + g + h + i + j + (long)(x * 4) + (long)(y * 8) + 66;
}
double vsum(int n, ...) { va_list ap; va_start(ap, n); double s = 0;
    for (int i = 0; i < n; i++) s += va_arg(ap, double); va_end(ap); return s; }
long vmix(int n, ...) { va_list ap; va_start(ap, n); long s = va_arg(ap, int);
    s += (long)va_arg(ap, __int128); s += va_arg(ap, long); va_end(ap); return s; }
"""


def _build(tmp, opt, lib_by_gcc, main_by_gcc=False):
    with open(os.path.join(tmp, "main.c"), "w") as f:
        f.write(MAIN)
    with open(os.path.join(tmp, "lib.c"), "w") as f:
        f.write(LIB)
    objs = []
    for name, by_gcc in (("main", main_by_gcc), ("lib", lib_by_gcc)):
        o = os.path.join(tmp, name + ".o")
        if by_gcc:
            subprocess.run([GCC, "-c", "-w", "-O1", "-o", o, name + ".c"], cwd=tmp, check=True)
        else:
            pycc(["-c", opt, "-o", o, name + ".c"], tmp)
        objs.append(o)
    pycc([opt, "-o", "a.out"] + objs, tmp)
    r = run_qemu(os.path.join(tmp, "a.out"), 30, tmp)
    return r


@pytest.mark.parametrize("opt", ["-O0", "-O1"])
def test_program_pycc_only(tmp_path, opt):
    r = _build(str(tmp_path), opt, False)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.parametrize("mix", ["lib_gcc", "main_gcc"])
def test_interop_with_gcc(tmp_path, mix):
    if not have_gcc():
        pytest.skip("aarch64-linux-gnu-gcc missing")
    r = _build(str(tmp_path), "-O1", mix == "lib_gcc", mix == "main_gcc")
    assert r.returncode == 0, r.stdout + r.stderr


def test_s_equals_c(tmp_path):
    """pycc -c gives the bytes of pycc -S assembled by pyas."""
    tmp = str(tmp_path)
    with open(os.path.join(tmp, "m.c"), "w") as f:
        f.write(MAIN)
    pycc(["-c", "-O1", "-o", "c.o", "m.c"], tmp)
    pycc(["-S", "-O1", "-o", "m.s", "m.c"], tmp)
    pycc(["-c", "-o", "s.o", "m.s"], tmp)
    assert open(os.path.join(tmp, "c.o"), "rb").read() == open(os.path.join(tmp, "s.o"), "rb").read()
