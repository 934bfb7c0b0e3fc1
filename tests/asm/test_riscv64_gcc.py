"""riscv64-linux-gnu-gcc -B DIR with pyas as its assembler: torture execute tests built and run
under qemu-riscv64, compared with the same tests built with GNU as.

Script: ``python -m tests.asm.test_riscv64_gcc [--fast] [-j N] [--opt -O2] [names...]``; ends
with ``N passed, M failed`` where a failure is a test that passes with GNU as but not with pyas
(or the other way round). The pytest part runs a handful of tests.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile

import pytest

GCC = shutil.which("riscv64-linux-gnu-gcc")
QEMU = shutil.which("qemu-riscv64")
SYSROOT = "/usr/riscv64-linux-gnu"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def wrapper_dir() -> str:
    """A directory holding ``as`` (and ``riscv64-linux-gnu-as``) that run pyas."""
    d = os.path.join(tempfile.gettempdir(), f"pyas-riscv64-bin-{os.getuid()}")
    os.makedirs(d, exist_ok=True)
    script = (f"#!/bin/sh\nPYTHONPATH={ROOT}${{PYTHONPATH:+:$PYTHONPATH}} exec "
              f"{sys.executable} -m toolchain.asm --target=riscv64-linux-gnu \"$@\"\n")
    for name in ("as", "riscv64-linux-gnu-as"):
        p = os.path.join(d, name)
        if not os.path.exists(p) or open(p).read() != script:
            with open(p + ".tmp", "w") as f:
                f.write(script)
            os.chmod(p + ".tmp", 0o755)
            os.replace(p + ".tmp", p)
    return d


def build_and_run(src: str, opt: str, use_pyas: bool, workdir: str) -> str:
    """'pass', 'fail' (ran, non-zero), 'build' (gcc/as/ld failed) or 'timeout'."""
    exe = os.path.join(workdir, "a.out")
    cmd = [GCC, opt, "-w", "-fno-diagnostics-color", src, "-o", exe, "-lm"]
    if use_pyas:
        cmd[1:1] = ["-B", wrapper_dir() + "/"]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if r.returncode:
        return "build: " + (r.stderr.strip().splitlines() or ["?"])[-1][:200]
    try:
        r = subprocess.run([QEMU, "-L", SYSROOT, exe], capture_output=True, timeout=20,
                           cwd=workdir)
    except subprocess.TimeoutExpired:
        return "timeout"
    return "pass" if r.returncode == 0 else f"fail rc={r.returncode}"


def _case(args):
    src, opt = args
    with tempfile.TemporaryDirectory() as d:
        g = build_and_run(src, opt, False, d)
        p = build_and_run(src, opt, True, d)
    return g, p


def main(argv=None):
    from concurrent.futures import ProcessPoolExecutor
    from tests.harness.runner import base_parser, fast_sample
    from tests.harness.sources import torture
    ap = base_parser("torture execute tests through gcc -B with pyas (riscv64)")
    ap.add_argument("--opt", default="-O2")
    ap.add_argument("--fraction", type=float, default=0.0,
                    help="run a deterministic sample of this fraction of the tests")
    a = ap.parse_args(argv)
    srcs = sorted(glob.glob(os.path.join(torture(), "execute", "*.c")))
    if a.fast or a.fraction:
        srcs = fast_sample(srcs, a.fraction or 0.05, 40)
    if a.names:
        srcs = [s for s in srcs if any(n in os.path.basename(s) for n in a.names)]
    if a.limit:
        srcs = srcs[:a.limit]
    log = a.log or os.path.join(os.path.expanduser("~"), ".cache", "pytoolchain", "logs",
                                "riscv64-gcc-B.log")
    os.makedirs(os.path.dirname(log), exist_ok=True)
    gnu_ok = py_ok = same = diff = 0
    with open(log, "w") as lf, ProcessPoolExecutor(max(1, a.jobs)) as ex:
        for s, (g, p) in zip(srcs, ex.map(_case, [(s, a.opt) for s in srcs])):
            gnu_ok += g == "pass"
            py_ok += p == "pass"
            if (g == "pass") == (p == "pass"):
                same += 1
            else:
                diff += 1
                lf.write(f"ERROR {os.path.basename(s)}{a.opt}: GNU as {g}; pyas {p}\n")
    print(f"log: {log}")
    print(f"GNU as: {gnu_ok}/{len(srcs)} pass; pyas: {py_ok}/{len(srcs)} pass")
    print(f"{same} passed, {diff} failed")
    return 0


@pytest.mark.skipif(GCC is None or QEMU is None or not os.path.isdir(SYSROOT),
                    reason="riscv64 gcc/qemu not installed")
@pytest.mark.parametrize("name", ["20000112-1.c", "pr59387.c", "strct-varg-1.c"])
def test_gcc_B(name, tmp_path):
    from tests.harness.sources import SourceMissing, torture
    try:
        src = os.path.join(torture(), "execute", name)
    except SourceMissing:
        pytest.skip("torture tests not available")
    assert build_and_run(src, "-O2", True, str(tmp_path)) == build_and_run(src, "-O2", False,
                                                                         str(tmp_path))


if __name__ == "__main__":
    sys.exit(main())
