"""pycc end to end: C programs compiled by pycc (python -m toolchain.cc), run natively and
checked against gcc's output; gcc/pycc object interop; `-c` vs `-S` + pyas identity."""
from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys

import pytest

DATA = os.path.join(os.path.dirname(__file__), "data")

pytestmark = pytest.mark.skipif(platform.machine() != "x86_64" or shutil.which("gcc") is None,
                                reason="needs an x86-64 host with gcc")


def pycc(*args, cwd=None):
    r = subprocess.run([sys.executable, "-m", "toolchain.cc", "-w", *args], capture_output=True,
                       text=True, cwd=cwd)
    assert r.returncode == 0, r.stderr
    return r


def run(exe):
    r = subprocess.run([exe], capture_output=True, text=True, timeout=20)
    assert r.returncode == 0, r.stderr
    return r.stdout


def gcc(*args):
    subprocess.run(["gcc", "-w", *args], check=True, capture_output=True)


@pytest.mark.parametrize("opt", ["-O0", "-O1"])
def test_basics_match_gcc(tmp_path, opt):
    src = os.path.join(DATA, "basics.c")
    gcc("-o", str(tmp_path / "g"), src)
    pycc(opt, "-o", str(tmp_path / "p"), src)
    assert run(str(tmp_path / "p")) == run(str(tmp_path / "g"))


@pytest.mark.parametrize("opt", ["-O0", "-O1"])
def test_regressions_match_gcc(tmp_path, opt):
    src = os.path.join(DATA, "regress.c")
    gcc(opt, "-o", str(tmp_path / "g"), src)
    pycc(opt, "-o", str(tmp_path / "p"), src)
    assert run(str(tmp_path / "p")) == run(str(tmp_path / "g"))


@pytest.mark.parametrize("pycc_side", ["a", "b"])
def test_abi_interop_with_gcc(tmp_path, pycc_side):
    a = os.path.join(DATA, "interop_a.c")
    b = os.path.join(DATA, "interop_b.c")
    gcc("-o", str(tmp_path / "ref"), a, b)
    ours, theirs = (a, b) if pycc_side == "a" else (b, a)
    pycc("-O1", "-c", "-o", str(tmp_path / "ours.o"), ours)
    gcc("-c", "-o", str(tmp_path / "theirs.o"), theirs)
    gcc("-o", str(tmp_path / "mix"), str(tmp_path / "ours.o"), str(tmp_path / "theirs.o"))
    assert run(str(tmp_path / "mix")) == run(str(tmp_path / "ref"))


def test_c_and_S_plus_pyas_identical(tmp_path):
    src = os.path.join(DATA, "basics.c")
    pycc("-O1", "-c", "-o", str(tmp_path / "c.o"), src)
    pycc("-O1", "-S", "-o", str(tmp_path / "s.s"), src)
    subprocess.run([sys.executable, "-m", "toolchain.asm", "-o", str(tmp_path / "s.o"),
                    str(tmp_path / "s.s")], check=True)
    assert (tmp_path / "c.o").read_bytes() == (tmp_path / "s.o").read_bytes()


def test_mixed_inputs_without_gnu_tools(tmp_path):
    """.c + .s + .o on one command line; PATH's as/ld fail, so only pyas/pyld can be used."""
    fake = tmp_path / "bin"
    fake.mkdir()
    for t in ("as", "ld"):
        (fake / t).write_text("#!/bin/sh\nexit 1\n")
        (fake / t).chmod(0o755)
    (tmp_path / "f.s").write_text(".text\n.globl seven\nseven:\n\tmovl $7, %eax\n\tret\n"
                                  '.section .note.GNU-stack,"",@progbits\n')
    (tmp_path / "g.c").write_text("int eight(void) { return 8; }\n")
    (tmp_path / "m.c").write_text('#include <stdio.h>\nint seven(void); int eight(void);\n'
                                  'int main(void) { printf("%d\\n", seven() * eight()); return 0; }\n')
    env = dict(os.environ, PATH=str(fake) + os.pathsep + os.environ["PATH"])
    r = subprocess.run([sys.executable, "-m", "toolchain.cc", "-c", "g.c"], cwd=tmp_path, env=env,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([sys.executable, "-m", "toolchain.cc", "-o", "prog", "m.c", "f.s", "g.o"],
                       cwd=tmp_path, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert run(str(tmp_path / "prog")) == "56\n"


def test_lowering_error_is_a_diagnostic(tmp_path):
    (tmp_path / "n.c").write_text("struct S { int a; }; int f(int x) { int g(struct S s) "
                                  "{ return x + s.a; } int (*p)(struct S) = g; struct S s = {1};"
                                  " return p(s); }\n")
    r = subprocess.run([sys.executable, "-m", "toolchain.cc", "-c", "n.c"], cwd=tmp_path,
                       capture_output=True, text=True)
    assert r.returncode == 1
    assert "Traceback" not in r.stderr and "n.c:1:" in r.stderr
