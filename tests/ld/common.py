"""Helpers for the pyld tests: a `gcc -B DIR` wrapper directory whose `ld` runs pyld."""
from __future__ import annotations

import os
import subprocess
import sys

from tests.harness.sources import CACHE


def wrapper_dir() -> str:
    """A directory with `ld` (and `<triple>-ld`) scripts running pyld, for `gcc -B DIR`."""
    d = os.path.join(CACHE, "pyld-wrapper")
    os.makedirs(d, exist_ok=True)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    # compiled bytecode is kept outside the tree (as an installed package has it), even when
    # the environment says PYTHONDONTWRITEBYTECODE
    pyc = os.path.join(CACHE, "pycache")
    text = (f"#!/bin/sh\nPYTHONPATH={root}${{PYTHONPATH:+:$PYTHONPATH}} "
            f"PYTHONPYCACHEPREFIX={pyc} PYTHONDONTWRITEBYTECODE= "
            f"exec {sys.executable} -m toolchain.ld \"$@\"\n")
    for name in ("ld", "x86_64-linux-gnu-ld", "aarch64-linux-gnu-ld", "riscv64-linux-gnu-ld"):
        p = os.path.join(d, name)
        try:
            with open(p) as f:
                if f.read() == text:
                    continue
        except OSError:
            pass
        tmp = p + f".{os.getpid()}.tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.chmod(tmp, 0o755)
        os.replace(tmp, p)
    return d


MODE_FLAGS = {"pie": ["-pie"], "nopie": ["-no-pie"], "static": ["-static"],
              "static-pie": ["-static-pie"]}


def gcc_link(gcc: str, objs: list[str], out: str, mode: str, use_pyld: bool, extra=(),
             timeout: int = 300):
    cmd = [gcc, *MODE_FLAGS[mode], *objs, "-o", out, *extra, "-lm"]
    if use_pyld:
        cmd[1:1] = ["-B", wrapper_dir()]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def run_program(target, path: str, timeout: int = 20, args=(), stdin=None):
    """Run a program of ``target`` (under qemu for cross targets) with its directory on the
    library path; returns (exit status or "timeout", stdout)."""
    d = os.path.dirname(os.path.abspath(path))
    if target.is_host:
        cmd = [path, *args]
        env = dict(os.environ, LD_LIBRARY_PATH=d)
    else:
        cmd = target.runner() + ["-E", f"LD_LIBRARY_PATH={d}", path, *args]
        env = None
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=timeout, input=stdin, env=env)
    except subprocess.TimeoutExpired:
        return ("timeout", b"")
    return (r.returncode, r.stdout)
