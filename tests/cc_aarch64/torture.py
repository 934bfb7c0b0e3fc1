"""GCC torture execute tests compiled, assembled and linked by pycc for AArch64, run in qemu.

    python -m tests.cc_aarch64.torture [--fast] [-j N] [-O0|-O1] [names...]

The baseline is aarch64-linux-gnu-gcc -O0 under qemu-aarch64 (cached under
~/.cache/pytoolchain/cc_aarch64/gcc): tests it fails are skipped. pycc runs with a PATH whose
as/ld/gcc and aarch64-linux-gnu-{as,ld,gcc} fail, so nothing GNU is used behind its back.
"""
from __future__ import annotations

import os
import subprocess
import tempfile

from tests.harness import runner, sources
from tests.lower.torture import compile_forked
from tests.cc_aarch64.common import CACHE, GCC, SYSROOT, TARGET, clean_env, run_qemu

TIMEOUT_CC = 120
TIMEOUT_RUN = 20


def gcc_result(src) -> bool:
    """True when aarch64-linux-gnu-gcc -O0 compiles the test and it runs under qemu."""
    key = os.path.basename(src)
    path = os.path.join(CACHE, "gcc", key + ".txt")
    if os.path.exists(path):
        with open(path) as f:
            return f.read().strip() == "ok"
    os.makedirs(os.path.dirname(path), exist_ok=True)
    ok = False
    with tempfile.TemporaryDirectory() as td:
        exe = os.path.join(td, "a.out")
        try:
            r = subprocess.run([GCC, "-O0", "-w", "-o", exe, src, "-lm"], capture_output=True,
                               timeout=120)
            if r.returncode == 0:
                ok = run_qemu(exe, TIMEOUT_RUN, td).returncode == 0
        except subprocess.TimeoutExpired:
            ok = False
    with open(path, "w") as f:
        f.write("ok" if ok else "fail")
    return ok


def worker(case):
    name, src, opt = case
    with open(src, errors="replace") as f:
        text = f.read()
    for line in text.splitlines():
        if "dg-skip-if" in line and f'"{opt}"' in line:
            return "SKIP dg-skip-if"
    if not gcc_result(src):
        return "SKIP gcc fails"
    import toolchain.arch.aarch64.cc  # noqa: F401  (inherited by the forked compile)
    with tempfile.TemporaryDirectory() as td:
        exe = os.path.join(td, "a.out")
        log = os.path.join(td, "cc.log")
        rc = compile_forked([f"--target={TARGET}", opt, "-w", "-o", exe, src, "-lm"],
                            clean_env(), log, TIMEOUT_CC)
        if rc is None:
            return "compile timeout"
        if rc != 0:
            with open(log, errors="replace") as f:
                err = f.read()
            msg = err.strip().splitlines() or [f"exit status {rc}"]
            e = [m for m in msg if "error" in m or "sorry" in m or "Error" in m]
            return "compile: " + (e[0] if e else msg[-1])[:300]
        try:
            r = run_qemu(exe, TIMEOUT_RUN, td)
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
    return runner.run(f"aarch64 torture {opt}", cases, worker, args)


if __name__ == "__main__":
    runner.main_guard(main)
