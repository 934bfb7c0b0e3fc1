"""Helpers for tests/lowering: lower C with pycc's front end, compile IR with the x86-64 back
end, link with gcc, run."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def need(tool: str):
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} not installed")


def lower_c(path, target="x86_64"):
    from toolchain.cc.frontend import FrontendOptions
    from toolchain.cc.pipeline import lower_file
    from toolchain.diag import Diagnostics
    from toolchain.targets import get_target
    m = lower_file(str(path), get_target(target), FrontendOptions(), Diagnostics("pycc"))
    assert m is not None, "front end errors"
    return m


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kw)


def pycc(*args, cwd=None):
    """Run the pycc driver (python -m toolchain.cc)."""
    import sys
    return run([sys.executable, "-m", "toolchain.cc", *map(str, args)], cwd=cwd)


def build_and_run(src, tmp, opt="-O0", extra=(), gcc_ref=True, gcc_extra=()):
    """Compile ``src`` with pycc and (optionally) gcc, run both; (pycc result, gcc stdout)."""
    need("gcc")
    exe = Path(tmp) / "p.out"
    r = pycc(opt, "-o", exe, src, *extra)
    assert r.returncode == 0, r.stderr
    got = run([str(exe)])
    ref = None
    if gcc_ref:
        g = Path(tmp) / "g.out"
        rg = run(["gcc", "-w", "-O0", "-o", str(g), str(src), *extra, *gcc_extra])
        assert rg.returncode == 0, rg.stderr
        ref = run([str(g)]).stdout
    return got, ref
