"""GCC torture execute tests compiled, assembled and linked by pycc alone for RISC-V 64, run
under qemu-riscv64.

    python -m tests.cc_riscv64.torture [--fast] [-j N] [-O0|-O1] [names...]

The baseline is what riscv64-linux-gnu-gcc -O0 passes under qemu (cached under
~/.cache/pytoolchain/cc_riscv64/); other tests are skipped. pycc runs with a PATH whose `as`,
`ld`, `gcc`, `cc` and their `riscv64-linux-gnu-` forms fail.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from tests.harness import runner, sources
from tests.lower.torture import compile_forked
import toolchain.arch.riscv64.cc  # noqa: F401  (inherited by the forked compiles)

CACHE = os.path.join(os.path.expanduser("~"), ".cache", "pytoolchain", "cc_riscv64")
SYSROOT = "/usr/riscv64-linux-gnu"
TIMEOUT_CC = 180
TIMEOUT_RUN = 20
GCC = "riscv64-linux-gnu-gcc"


def have_tools() -> bool:
    return bool(shutil.which("qemu-riscv64")) and os.path.isdir(SYSROOT)


def fake_bin():
    d = os.path.join(CACHE, "failbin")
    os.makedirs(d, exist_ok=True)
    for t in ("as", "ld", "gcc", "cc", "riscv64-linux-gnu-as", "riscv64-linux-gnu-ld",
              "riscv64-linux-gnu-gcc", "riscv64-linux-gnu-cc"):
        p = os.path.join(d, t)
        if not os.path.exists(p):
            with open(p, "w") as f:
                f.write("#!/bin/sh\necho \"$0 must not be used\" >&2\nexit 1\n")
            os.chmod(p, 0o755)
    return d


def qemu_run(exe, cwd, timeout=TIMEOUT_RUN, stdin=None):
    return subprocess.run(["qemu-riscv64", "-L", SYSROOT, exe], capture_output=True,
                          timeout=timeout, cwd=cwd, input=stdin)


def gcc_result(src, opt="-O0"):
    """True when riscv64-linux-gnu-gcc compiles the test and it runs under qemu (cached)."""
    key = f"{os.path.basename(src)}_{opt}"
    path = os.path.join(CACHE, "gcc", key + ".txt")
    if os.path.exists(path):
        with open(path) as f:
            return f.read().strip() == "ok"
    os.makedirs(os.path.dirname(path), exist_ok=True)
    ok = False
    with tempfile.TemporaryDirectory() as td:
        exe = os.path.join(td, "a.out")
        try:
            r = subprocess.run([GCC, opt, "-w", "-o", exe, src, "-lm"], capture_output=True,
                               timeout=120)
            if r.returncode == 0:
                ok = qemu_run(exe, td).returncode == 0
        except subprocess.TimeoutExpired:
            ok = False
    with open(path, "w") as f:
        f.write("ok" if ok else "fail")
    return ok


def pycc(argv, td, timeout=TIMEOUT_CC):
    """Run pycc (forked, warmed-up) for riscv64 with the failing PATH; (rc, log text)."""
    env = dict(os.environ)
    env["PATH"] = fake_bin() + os.pathsep + env.get("PATH", "")
    log = os.path.join(td, "cc.log")
    rc = compile_forked(["--target=riscv64-linux-gnu"] + list(argv), env, log, timeout)
    with open(log, errors="replace") as f:
        return rc, f.read()


def worker(case):
    name, src, opt = case
    with open(src, errors="replace") as f:
        text = f.read()
    for line in text.splitlines():
        if "dg-skip-if" in line and f'"{opt}"' in line:
            return "SKIP dg-skip-if"
    if not gcc_result(src):
        return "SKIP gcc fails"
    with tempfile.TemporaryDirectory() as td:
        exe = os.path.join(td, "a.out")
        rc, err = pycc([opt, "-w", "-o", exe, src, "-lm"], td)
        if rc is None:
            return "compile timeout"
        if rc != 0:
            msg = err.strip().splitlines() or [f"exit status {rc}"]
            e = [m for m in msg if "error" in m or "sorry" in m or "Error" in m]
            return "compile: " + (e[0] if e else msg[-1])[:300]
        try:
            r = qemu_run(exe, td)
        except subprocess.TimeoutExpired:
            return "run timeout"
        if r.returncode != 0:
            return f"run: exit status {r.returncode}"
    return None


def main():
    p = runner.base_parser(__doc__.splitlines()[0])
    p.add_argument("-O", dest="opt", default="0", help="optimisation level (0 or 1)")
    args = p.parse_args()
    opt = "-O" + args.opt
    d = os.path.join(sources.torture(), "execute")
    files = sorted(f for f in os.listdir(d) if f.endswith(".c"))
    cases = [(f"{opt}/{f[:-2]}", os.path.join(d, f), opt) for f in files]
    return runner.run(f"cc_riscv64 torture {opt}", cases, worker, args)


if __name__ == "__main__":
    runner.main_guard(main)
