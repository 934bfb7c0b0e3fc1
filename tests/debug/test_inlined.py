"""pycc -g -O2: calls the inliner replaced are DW_TAG_inlined_subroutine (abstract origin,
call file/line, ranges), so gdb's bt shows the inlined frames with the lines gcc's build shows."""
from __future__ import annotations

import shutil
import subprocess

import pytest

PROG = r"""
#include <stdio.h>
static inline int f13 (int a, int b) __attribute__((always_inline));
static inline int f12 (int a) __attribute__((always_inline));
static inline int f13 (int a, int b)
{
  int c = a * b;
  printf ("%d\n", c);
  return c + 1;
}
static inline int f12 (int a)
{
  return f13 (a, __LINE__) + 2;
}
int main (void)
{
  int r = f12 (__LINE__);
  return r == 0;
}
"""


def _frames(tmp_path, cc):
    (tmp_path / "t.c").write_text(PROG)
    exe = "t-" + cc
    subprocess.run([cc, "-g", "-O2", "t.c", "-o", exe], cwd=tmp_path, check=True)
    r = subprocess.run(["gdb", "-q", "-batch", "-nx", "-ex", "break printf", "-ex", "run",
                        "-ex", "bt", exe], cwd=tmp_path, capture_output=True, text=True,
                       timeout=60)
    out = []
    for line in r.stdout.splitlines():
        if line.startswith("#") and "t.c:" in line:
            # "#1  0x... in f13 (a=..., b=...) at t.c:8" -> ("f13", "t.c:8")
            words = line.split()
            name = words[3] if words[2] == "in" else words[1]
            out.append((name, line.rsplit(" ", 1)[1]))
    return out


def test_inlined_frames_match_gcc(tmp_path):
    if shutil.which("gdb") is None or shutil.which("gcc") is None:
        pytest.skip("gdb or gcc not installed")
    ours = _frames(tmp_path, "pycc")
    assert ours == [("f13", "t.c:8"), ("f12", "t.c:13"), ("main", "t.c:17")]
    assert ours == _frames(tmp_path, "gcc")


def test_inlined_dies_verify(tmp_path):
    if shutil.which("llvm-dwarfdump") is None:
        pytest.skip("llvm-dwarfdump not installed")
    (tmp_path / "t.c").write_text(PROG)
    for args in (["-c", "-o", "t.o"], ["-o", "t"]):
        subprocess.run(["pycc", "-g", "-O2", "t.c"] + args, cwd=tmp_path, check=True)
        name = args[-1]
        r = subprocess.run(["llvm-dwarfdump", "--verify", name], cwd=tmp_path,
                           capture_output=True, text=True)
        assert r.returncode == 0 and "No errors." in r.stdout, r.stdout[-1500:]
    info = subprocess.run(["llvm-dwarfdump", "--debug-info", "t"], cwd=tmp_path,
                          capture_output=True, text=True).stdout
    assert info.count("DW_TAG_inlined_subroutine") == 2
    assert "DW_AT_call_line\t(17)" in info and "DW_AT_call_line\t(13)" in info
    assert "DW_AT_inline" in info
