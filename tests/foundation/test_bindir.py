"""gcc -B DIR with DIR holding our as and ld: build and run a program on every target."""
import os
import subprocess

import pytest

from tests.ld.torture import lief_problems
from toolchain.bindir import write_wrappers
from toolchain.targets import TARGETS

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(HERE, "..", "..", "examples", "hello.c")


@pytest.mark.parametrize("name", list(TARGETS))
def test_gcc_with_our_as_and_ld(name, tmp_path):
    t = TARGETS[name]
    gcc = t.gnu_tool("gcc")
    if gcc is None:
        pytest.skip(f"no gcc for {t.triple}")
    try:
        runner = t.runner()
    except Exception as e:  # noqa: BLE001 - qemu missing
        pytest.skip(str(e))
    bindir = tmp_path / "bin"
    write_wrappers(str(bindir))
    exe = tmp_path / "hello"
    r = subprocess.run([gcc, f"-B{bindir}/", "-O2", EXAMPLE, "-o", str(exe)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert lief_problems(str(exe)) is None
    out = subprocess.run(runner + [str(exe), "pyld"], capture_output=True, text=True, timeout=60)
    assert out.stdout == "hello, pyld: fib(20) = 6765, strlen = 4\n"
