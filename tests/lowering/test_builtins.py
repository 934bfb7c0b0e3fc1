"""Issue 16 builtins: the __atomic_* / __sync_* families and <stdatomic.h>, floating
classification, __builtin_cpu_*, library builtins, unknown builtins as located errors, and
NAN/INFINITY/1.0/0.0 in static initializers. Programs run on x86-64 against gcc's output."""
import pytest

from .util import HERE, build_and_run, need, pycc


@pytest.mark.parametrize("opt", ["-O0", "-O1"])
def test_atomics(opt, tmp_path):
    got, want = build_and_run(HERE / "atomics_prog.c", tmp_path, opt, extra=("-lpthread",),
                              gcc_extra=("-latomic",))
    assert got.returncode == 0, got.stderr
    assert got.stdout == want


@pytest.mark.parametrize("opt", ["-O0", "-O1"])
def test_classify_cpu_library(opt, tmp_path):
    got, want = build_and_run(HERE / "builtins_prog.c", tmp_path, opt, extra=("-lm",))
    assert got.returncode == 0, got.stderr
    assert got.stdout == want


STATIC = r"""
#include <math.h>
#include <stdio.h>
#include <string.h>
static double d[] = {NAN, INFINITY, -INFINITY, 1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0, HUGE_VAL,
                     __builtin_nan(""), __builtin_inf(), -__builtin_huge_val()};
static float f[] = {NAN, INFINITY, 1.0f / 0.0f, __builtin_nanf(""), __builtin_inff(), -HUGE_VALF};
static long double l[] = {NAN, INFINITY, 1.0L / 0.0L, -__builtin_infl(), __builtin_nanl(""), 1.1L, 1e-4940L};
struct s { double a; float b; } st = { INFINITY, NAN };
int main(void)
{
    for (unsigned i = 0; i < 10; i++) printf("%g ", d[i]);
    for (unsigned i = 0; i < 6; i++) printf("%g ", f[i]);
    for (unsigned i = 0; i < 7; i++) printf("%Lg ", l[i]);
    unsigned char b[10];
    memcpy(b, &l[5], 10);
    for (int i = 9; i >= 0; i--) printf("%02x", b[i]);
    printf(" %g %g %d\n", st.a, st.b, isnan(d[0]) && isinf(d[3]) && signbit(d[4]));
    return 0;
}
"""


def test_static_initializers(tmp_path):
    src = tmp_path / "st.c"
    src.write_text(STATIC)
    got, want = build_and_run(src, tmp_path, "-O0", extra=("-lm",))
    assert got.returncode == 0, got.stderr
    assert got.stdout == want


@pytest.mark.parametrize("call,name", [
    ("__builtin_frobnicate(1)", "__builtin_frobnicate"),
    ("__builtin_ia32_pause()", "__builtin_ia32_pause"),
    ("__builtin_apply_args() != 0", "__builtin_apply_args"),
])
def test_unknown_builtin_is_located_error(call, name, tmp_path):
    src = tmp_path / "u.c"
    src.write_text("int f(void)\n{\n    return " + call + ";\n}\n")
    r = pycc("-c", "-o", tmp_path / "u.o", src)
    assert r.returncode == 1
    assert f"u.c:3:" in r.stderr and "error:" in r.stderr and name in r.stderr, r.stderr
    assert "Traceback" not in r.stderr


def test_library_builtins_are_calls(tmp_path):
    src = tmp_path / "m.c"
    src.write_text("typedef unsigned long size_t;\n"
                   "void *f(void *d, const void *s, size_t n) { return __builtin_memcpy(d, s, n); }\n"
                   "int g(const char *a) { return __builtin_strlen(a) + __builtin___memset_chk((void *)a, 0, 1, 1) != 0; }\n")
    r = pycc("-S", "-o", "-", src)
    assert r.returncode == 0, r.stderr
    assert "memcpy" in r.stdout and "strlen" in r.stdout and "__memset_chk" in r.stdout
