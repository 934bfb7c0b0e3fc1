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


def test_implemented_list_is_honest(tmp_path):
    """Every name ``implemented()`` claims compiles (for the front end's __has_builtin)."""
    from toolchain.cc.lower.builtins import implemented, IMPLEMENTED, ATOMIC_BUILTINS
    assert implemented("__builtin_memcpy") and implemented("__atomic_add_fetch")
    assert implemented("__builtin___memcpy_chk") and implemented("__builtin_fpclassify")
    assert not implemented("__builtin_frobnicate") and not implemented("__builtin_apply")
    assert not implemented("__builtin_ia32_pause")
    calls = {"fpclassify": "__builtin_fpclassify(0, 1, 2, 3, 4, d)", "cpu_is": '__builtin_cpu_is("intel")',
             "cpu_supports": '__builtin_cpu_supports("sse2")', "cpu_init": "(__builtin_cpu_init(), 0)",
             "complex": "(int)__real__ __builtin_complex(1.0, 2.0)"}
    lines = []
    for n in ("fpclassify", "cpu_is", "cpu_supports", "cpu_init", "isnanl", "powi", "stack_save",
              "LINE", "signbitl", "popcountll", "uaddl_overflow"):
        args = {"isnanl": "(long double)d", "powi": "d, 2", "signbitl": "(long double)d",
                "uaddl_overflow": "1UL, 2UL, &ul", "popcountll": "7ULL"}.get(n, "")
        lines.append("    r += (int)(long)" + calls.get(n, f"__builtin_{n}({args})") + ";")
    src = tmp_path / "i.c"
    src.write_text("int f(double d) {\n    unsigned long ul; int r = 0;\n" + "\n".join(lines) + "\n    return r;\n}\n")
    r = pycc("-S", "-o", tmp_path / "i.s", src)
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("opt", ["-O0", "-O1", "-O2", "-O2 -g"])
def test_va_arg_pack(opt, tmp_path):
    """__builtin_va_arg_pack / _len in always_inline functions (gnu_inline extern inline and
    static): each call is expanded at every level, the variadic arguments (promoted scalars,
    long double, aggregates) passed on; a pack function handing its pack to another; an asm
    label naming the wrapper's own symbol (glibc's open/__open_alias)."""
    got, want = build_and_run(HERE / "va_arg_pack_prog.c", tmp_path, opt.split()[0],
                              extra=tuple(opt.split()[1:]))
    assert got.returncode == 0, got.stderr
    assert got.stdout == want


@pytest.mark.parametrize("opt", ["-O1", "-O2"])
def test_glibc_fortify_wrappers(opt, tmp_path):
    """-D_FORTIFY_SOURCE=2: glibc's printf/snprintf/sprintf/fprintf/dprintf/open wrappers use
    __builtin_va_arg_pack (_len); they expand to the __*_chk calls gcc makes."""
    src = HERE / "fortify_prog.c"
    got, want = build_and_run(src, tmp_path, opt, extra=("-D_FORTIFY_SOURCE=2",))
    assert got.returncode == 0, got.stderr
    assert got.stdout == want
    r = pycc(opt, "-D_FORTIFY_SOURCE=2", "-S", "-o", tmp_path / "f.s", src)
    assert r.returncode == 0, r.stderr
    calls = (tmp_path / "f.s").read_text()
    for chk in ("__printf_chk", "__snprintf_chk", "__sprintf_chk", "__fprintf_chk",
                "__dprintf_chk"):
        assert f"call\t{chk}" in calls


@pytest.mark.parametrize("src,col,what", [
    # not in a variadic function, not the last argument, a bare use, an out-of-line definition
    ("int foo(int, ...);\nint baz(int x) { return foo(x, __builtin_va_arg_pack()); }\n", 25,
     "__builtin_va_arg_pack"),
    ("int foo(int, ...);\nstatic inline int bar(int x, ...) { return foo(x, "
     "__builtin_va_arg_pack(), 5); }\nint main(void) { return bar(1, 2); }\n", 44,
     "__builtin_va_arg_pack"),
    ("static inline int bar(int x, ...) { return __builtin_va_arg_pack(); }\n"
     "int main(void) { return bar(1, 2); }\n", 44, "__builtin_va_arg_pack"),
    ("int foo(int, ...);\nint bar(int x, ...) { return foo(x, __builtin_va_arg_pack()); }\n",
     30, "__builtin_va_arg_pack"),
    ("int bar(int x) { return __builtin_va_arg_pack_len(); }\n", 25,
     "__builtin_va_arg_pack_len"),
    # a fixed parameter of the callee left to the pack (at the call); a callee that is not
    # variadic (at the builtin): gcc.dg/va-arg-pack-1.c's f2 and f5
    ("int f(int, int, ...);\nstatic inline int bar(int x, ...) { return f(x, "
     "__builtin_va_arg_pack()); }\n", 44, "__builtin_va_arg_pack"),
    ("int f(int, int);\nstatic inline int bar(int x, ...) { return f(x, "
     "__builtin_va_arg_pack()); }\n", 49, "__builtin_va_arg_pack")])
def test_va_arg_pack_invalid_uses(src, col, what, tmp_path):
    c = tmp_path / "t.c"
    c.write_text(src)
    r = pycc("-fsyntax-only", c)
    assert r.returncode == 1
    line = 1 if src.count("\n") == 1 or src.startswith("static") else 2
    assert f"t.c:{line}:{col}: error: invalid use of '{what} ()'" in \
        r.stderr.replace("\u2018", "'").replace("\u2019", "'")
