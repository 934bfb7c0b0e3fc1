"""stdio simplification, __builtin_constant_p after inlining, constant-global loads, and the
same through the C compiler."""
import os
import shutil
import subprocess

import pytest

from toolchain.cc.ir import print_module
from toolchain.cc.opt import optimize_module
from toolchain.cc.opt.libcalls import Libcalls, fold_constant_p
from tests.opt.helpers import calls, ops, parsed

STDIO = r"""
@.s1 = internal readonly global 7, align 1 [bytes "hello\0a\00"]
@.s2 = internal readonly global 2, align 1 [bytes "a\00"]
@.s3 = internal readonly global 1, align 1 [bytes "\00"]
@.s4 = internal readonly global 4, align 1 [bytes "%s\0a\00"]
@.s5 = internal readonly global 3, align 1 [bytes "%c\00"]
@.s6 = internal readonly global 6, align 1 [bytes "hello\00"]
@.s7 = internal readonly global 4, align 1 [bytes "%d\0a\00"]
@.s8 = internal readonly global 3, align 1 [bytes "%s\00"]
@tab = readonly global 12, align 4 [i32 10, i32 20, i32 30]

define i32 @main(ptr %fp, ptr %str) {
entry:
  %a = call i32 @printf(ptr @.s1, ...)
  %b = call i32 @printf(ptr @.s2, ...)
  %c = call i32 @printf(ptr @.s3, ...)
  %d = call i32 @printf(ptr @.s4, ..., ptr %str)
  %e = call i32 @printf(ptr @.s5, ..., i32 120)
  %f = call i32 @printf(ptr @.s6, ...)
  %g = call i32 @printf(ptr @.s7, ..., i32 1)
  %h = call i32 @fprintf(ptr %fp, ptr @.s6, ...)
  %i = call i32 @fprintf(ptr %fp, ptr @.s8, ..., ptr %str)
  %j = call i32 @__printf_chk(i32 1, ptr @.s1, ...)
  %k = call i32 @printf(ptr @.s1, ...)
  %p = ptradd @tab, i64 8
  %t = load i32, %p
  %r = add i32 %k, %t
  ret i32 %r
}
"""


def test_printf_family_becomes_puts_putchar_fputs():
    m = parsed(STDIO)
    f = m.function("main")
    assert Libcalls(m)(f)
    assert calls(f) == ["puts", "putchar", "puts", "putchar", "printf", "printf", "fputs",
                        "fputs", "puts", "printf"]       # the last printf's result is used
    text = print_module(m)
    assert 'bytes "hello\\00"' in text
    assert "add i32 %k, 30" in text                       # the constant table was read


CONSTP = """
define internal i32 @is_const(i32 %x) {
entry:
  %c = call i32 @__builtin_constant_p(i32 %x)
  ret i32 %c
}

define i32 @f(i32 %y) {
entry:
  %a = call i32 @is_const(i32 4)
  %b = call i32 @is_const(i32 %y)
  %s = shl i32 %a, 1
  %r = or i32 %s, %b
  ret i32 %r
}
"""


def test_constant_p_after_inlining():
    m = parsed(CONSTP)
    optimize_module(m, 2, verify=True)
    f = m.function("f")
    assert ops(f) == ["ret"] and f.blocks[0].instrs[0].args[0].value == 2
    m = parsed(CONSTP)
    optimize_module(m, 0)
    assert "__builtin_constant_p" not in calls(m.function("is_const"))
    m = parsed(CONSTP)
    assert fold_constant_p(m.function("is_const"))


C_PROGRAM = r"""
#include <stdio.h>
extern void link_error(void);
static inline int twice(int x) { return 2 * x; }
static int pick(int x) { return __builtin_constant_p(x) ? 1 : 2; }
struct P { int a, b; };
static struct P mk(int a) { struct P p = { a, a + 1 }; return p; }
static int sum(struct P p) { p.a += 1; return p.a + p.b; }
__attribute__((noinline)) int keep(int x) { return x + 1; }
int main(void) {
    if (twice(21) != 42) link_error();
    if (pick(3) != 1) link_error();
    struct P p = mk(4);
    printf("hello\n");
    printf("%d %d %d %d\n", sum(p), p.a, keep(1), (int)__builtin_fabs(-2.0));
    return 0;
}
"""


@pytest.mark.parametrize("level", ["-O1", "-O2", "-O3", "-Os", "-Og"])
def test_c_program_links_without_link_error(level, tmp_path):
    if shutil.which("gcc") is None:
        pytest.skip("gcc not installed")
    src = tmp_path / "p.c"
    src.write_text(C_PROGRAM)
    exe = tmp_path / "p"
    r = subprocess.run(["python", "-m", "toolchain.cc", level, "-o", str(exe), str(src)],
                       capture_output=True, text=True, cwd=os.getcwd())
    if level == "-Og":      # only always_inline: twice() stays a call, link_error stays
        assert r.returncode != 0 and "link_error" in r.stderr
        return
    assert r.returncode == 0, r.stderr
    out = subprocess.run([str(exe)], capture_output=True, text=True).stdout
    assert out == "hello\n10 4 2 2\n"


NARROW = """
define f32 @q(f32 %a) {
entry:
  %w = fpext f32 %a to f64
  %r = call f64 @floor(f64 %w)
  %n = fptrunc f64 %r to f32
  %s = call f64 @sin(f64 %w)
  %m = fptrunc f64 %s to f32
  %t = fadd f32 %n, %m
  ret f32 %t
}
"""


def test_floor_of_a_widened_float_becomes_floorf_but_sin_stays():
    m = parsed(NARROW)
    f = m.function("q")
    assert Libcalls(m)(f)
    assert calls(f) == ["floorf", "sin"]


MEMCALLS = r"""
@.s = internal readonly global 6, align 1 [bytes "hello\00"]

define i64 @mc(ptr %d, ptr %s, i64 %n) {
entry:
  %a = call ptr @memcpy(ptr %d, ptr %s, i64 16)
  %b = call ptr @memset(ptr %a, i32 257, i64 8)
  %c = call ptr @memcpy(ptr %d, ptr %s, i64 %n)
  %e = call ptr @memcpy(ptr %d, ptr %s, i64 4096)
  %l = call i64 @strlen(ptr @.s)
  ret i64 %l
}
"""


def test_small_memcpy_memset_calls_become_operations_and_strlen_folds():
    m = parsed(MEMCALLS)
    f = m.function("mc")
    assert Libcalls(m)(f)
    assert calls(f) == ["memcpy", "memcpy"]
    ms = [i for i in f.instructions() if i.op == "memset"][0]
    assert ms.args[0].name == "d" and ms.args[1].value == 1      # the result was %d; 257 & 0xff
    assert f.blocks[-1].instrs[-1].args[0].value == 5
