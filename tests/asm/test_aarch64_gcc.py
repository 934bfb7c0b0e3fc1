"""gcc -B integration: torture execute tests built by aarch64-linux-gnu-gcc with pyas as its
assembler (a wrapper ``as`` in a -B directory) and run under qemu-aarch64, next to the same
build with GNU as.

    python -m tests.asm.test_aarch64_gcc [--fast] [-j N] [--opt -O2] [--log FILE]

Prints the pass counts of both builds; logs ``ERROR name: reason`` for each test that passes
with GNU as but not with pyas; ends with ``N passed, M failed`` (N: tests whose pyas build
behaves as the GNU as build).
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

import pytest

GCC = shutil.which("aarch64-linux-gnu-gcc")
QEMU = shutil.which("qemu-aarch64")
SYSROOT = "/usr/aarch64-linux-gnu"


def make_wrapper(d: str) -> str:
    """A -B directory whose ``as`` runs pyas for AArch64 in this interpreter."""
    p = os.path.join(d, "as")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    with open(p, "w") as f:
        f.write(f"#!/bin/sh\nPYTHONPATH={root}${{PYTHONPATH:+:$PYTHONPATH}} exec "
                f"{sys.executable} -m toolchain.asm --target=aarch64-linux-gnu \"$@\"\n")
    os.chmod(p, 0o755)
    return d + "/"


def build_and_run(src, opt, bdir, out):
    cmd = [GCC, opt, "-w", "-fno-diagnostics-color", src, "-o", out, "-lm"]
    if bdir:
        cmd[1:1] = ["-B", bdir]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if r.returncode:
        return "build failed: " + (r.stderr.strip().splitlines() or ["?"])[-1][:200]
    try:
        r = subprocess.run([QEMU, "-L", SYSROOT, out], capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        return "timeout"
    return None if r.returncode == 0 else f"exit {r.returncode}"


def one(args):
    src, opt, bdir, tmp = args
    base = os.path.splitext(os.path.basename(src))[0]
    g = build_and_run(src, opt, None, os.path.join(tmp, base + ".gas"))
    p = build_and_run(src, opt, bdir, os.path.join(tmp, base + ".pyas"))
    return base, g, p


def run(files, opt="-O2", jobs=2, log=None):
    with tempfile.TemporaryDirectory() as tmp:
        bdir = make_wrapper(tmp)
        with ThreadPoolExecutor(jobs) as ex:
            res = list(ex.map(one, [(f, opt, bdir, tmp) for f in files]))
    gas_ok = sum(1 for _, g, _ in res if g is None)
    py_ok = sum(1 for _, _, p in res if p is None)
    bad = [(n, g, p) for n, g, p in res if (g is None) != (p is None)]
    if log:
        with open(log, "w") as f:
            for n, g, p in bad:
                f.write(f"ERROR {n}: gas {g or 'pass'}, pyas {p or 'pass'}\n")
    return len(res), gas_ok, py_ok, bad


def torture_files(step=1):
    from tests.harness import sources
    d = os.path.join(sources.torture(), "execute")
    return sorted(glob.glob(os.path.join(d, "*.c")))[::step]


@pytest.mark.skipif(GCC is None or QEMU is None, reason="aarch64 gcc or qemu missing")
def test_gcc_with_pyas_runs_torture_sample():
    files = torture_files(step=200)
    n, gas_ok, py_ok, bad = run(files, "-O2", 2)
    assert not bad, bad


def main(argv):
    fast = "--fast" in argv
    jobs = int(argv[argv.index("-j") + 1]) if "-j" in argv else 2
    opt = argv[argv.index("--opt") + 1] if "--opt" in argv else "-O2"
    log = argv[argv.index("--log") + 1] if "--log" in argv else "/tmp/aarch64-gcc-B.log"
    files = torture_files(10 if fast else 1)
    n, gas_ok, py_ok, bad = run(files, opt, jobs, log)
    print(f"{n} torture tests at {opt}: GNU as {gas_ok} pass, pyas {py_ok} pass; log: {log}")
    print(f"{n - len(bad)} passed, {len(bad)} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
