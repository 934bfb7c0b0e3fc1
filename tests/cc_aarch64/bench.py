"""The benchmarks of tests.bench.run for AArch64: programs built by pycc --target=aarch64-linux-gnu
and by aarch64-linux-gnu-gcc, run under qemu-aarch64 (CPU seconds of the qemu process).

    python -m tests.cc_aarch64.bench [--repeat N] [--skip-sqlite] [--skip-lua] [--skip-zlib]
                                     [--configs "pycc -O1,gcc -O2"] [--x86]

Configurations: pycc -O0, pycc -O1 (AArch64), gcc -O0, gcc -O2 (aarch64-linux-gnu-gcc).
sqlite3.c's compile time is measured for each; ``--x86`` adds pycc for x86-64 at the same
levels on the same file (compile only) for the comparison. Workloads, output checks and the summary are
tests.bench.run's (tests/bench/sqlite_bench.c, bench.lua, zlib_bench.c); failures are
`ERROR name: reason` lines in ~/.cache/pytoolchain/logs/cc_aarch64_bench.log, the last line
`N passed, M failed`.
"""
from __future__ import annotations

import os
import sys

from tests.bench import run as R
from tests.cc_aarch64.common import GCC, QEMU, SYSROOT, TARGET

PYCC = R.PYCC + [f"--target={TARGET}"]
R.CONFIGS = [("pycc -O0", PYCC + ["-O0"]), ("pycc -O1", PYCC + ["-O1"]),
             ("gcc -O0", [GCC, "-O0"]), ("gcc -O2", [GCC, "-O2"])]
R.LOG = os.path.join(os.path.expanduser("~"), ".cache", "pytoolchain", "logs",
                     "cc_aarch64_bench.log")
_run_best = R.run_best
_compile_sqlite = R.compile_sqlite
X86 = False


def run_best(exe, args, repeat, cwd):
    """tests.bench.run's run_best with the program under qemu-aarch64."""
    wrapper = os.path.join(cwd, "qemu-run")
    with open(wrapper, "w") as f:
        f.write(f'#!/bin/sh\nexec {QEMU} -L {SYSROOT} "{exe}" "$@"\n')
    os.chmod(wrapper, 0o755)
    return _run_best(wrapper, args, repeat, cwd)


def compile_sqlite(b, work, configs):
    """tests.bench.run's sqlite3.c compile; with --x86 first pycc for x86-64 on the same file."""
    if X86:
        _compile_sqlite(b, work, [("x86 " + tag, R.PYCC + [cc[-1]]) for tag, cc in configs
                                  if tag.startswith("pycc")])
    return _compile_sqlite(b, work, configs)


R.run_best = run_best
R.compile_sqlite = compile_sqlite

if __name__ == "__main__":
    argv = sys.argv[1:]
    if "--x86" in argv:
        argv.remove("--x86")
        X86 = True
    sys.exit(R.main(argv))
