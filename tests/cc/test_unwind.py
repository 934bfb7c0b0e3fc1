"""<unwind.h>: pycc's own header (the Itanium ABI's level-I interface) and the `__unwind_word__`
machine mode; _Unwind_Backtrace walks pycc's frames through their CFI."""
import shutil
import subprocess

import pytest

SRC = r"""
#include <unwind.h>
#include <stdio.h>
_Static_assert(sizeof(struct _Unwind_Exception) == 32, "size");
_Static_assert(_Alignof(struct _Unwind_Exception) == 16, "align");
_Static_assert(sizeof(_Unwind_Word) == sizeof(void *), "word");
static int depth;
static _Unwind_Reason_Code cb(struct _Unwind_Context *ctx, void *d)
{ (void)d; if (_Unwind_GetIP(ctx)) depth++; return _URC_NO_REASON; }
__attribute__((noinline)) static void f3(void) { _Unwind_Backtrace(cb, 0); }
__attribute__((noinline)) static void f2(void) { f3(); }
__attribute__((noinline)) static void f1(void) { f2(); }
int main(void) { f1(); printf("%d\n", depth >= 5); return 0; }
"""


@pytest.mark.parametrize("opt", ["-O0", "-O1"])
def test_unwind_backtrace_through_pycc_frames(tmp_path, opt):
    if shutil.which("pycc") is None:
        pytest.skip("pycc not installed")
    (tmp_path / "u.c").write_text(SRC)
    r = subprocess.run(["pycc", opt, "u.c", "-o", "u"], cwd=tmp_path, capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stderr
    out = subprocess.run(["./u"], cwd=tmp_path, capture_output=True, text=True).stdout
    assert out == "1\n"
