"""GCC torture execute tests compiled, assembled and linked by pycc alone, then run.

    python -m tests.lower.torture [--fast] [-j N] [-O0|-O1] [names...]

Tests gcc itself fails (compile or run, same flags) are skipped. The PATH given to pycc has
`as` and `ld` that fail, so nothing GNU can be used behind our back. gcc's results are cached
under ~/.cache/pytoolchain/lower/.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

from tests.harness import runner, sources

CACHE = os.path.join(os.path.expanduser("~"), ".cache", "pytoolchain", "lower")
TIMEOUT_CC = 120
TIMEOUT_RUN = 10


def _fake_bin():
    d = os.path.join(CACHE, "failbin")
    os.makedirs(d, exist_ok=True)
    for t in ("as", "ld", "gcc", "cc", "x86_64-linux-gnu-as", "x86_64-linux-gnu-ld"):
        p = os.path.join(d, t)
        if not os.path.exists(p):
            with open(p, "w") as f:
                f.write("#!/bin/sh\necho \"$0 must not be used\" >&2\nexit 1\n")
            os.chmod(p, 0o755)
    return d


def gcc_result(src, opt):
    """True when gcc compiles and runs the test successfully (cached per file and level)."""
    key = f"{os.path.basename(src)}:{opt}"
    path = os.path.join(CACHE, "gcc", key.replace(":", "_") + ".txt")
    if os.path.exists(path):
        with open(path) as f:
            return f.read().strip() == "ok"
    os.makedirs(os.path.dirname(path), exist_ok=True)
    ok = False
    with tempfile.TemporaryDirectory() as td:
        exe = os.path.join(td, "a.out")
        try:
            r = subprocess.run(["gcc", opt, "-w", "-o", exe, src, "-lm"], capture_output=True,
                               timeout=60)
            if r.returncode == 0:
                r = subprocess.run([exe], capture_output=True, timeout=TIMEOUT_RUN, cwd=td)
                ok = r.returncode == 0
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
    if not gcc_result(src, opt):
        return "SKIP gcc fails"
    env = dict(os.environ)
    env["PATH"] = _fake_bin() + os.pathsep + env.get("PATH", "")
    with tempfile.TemporaryDirectory() as td:
        exe = os.path.join(td, "a.out")
        try:
            r = subprocess.run([sys.executable, "-m", "toolchain.cc", opt, "-w", "-o", exe,
                                src, "-lm"], capture_output=True, timeout=TIMEOUT_CC, env=env,
                               text=True, errors="replace")
        except subprocess.TimeoutExpired:
            return "compile timeout"
        if r.returncode != 0:
            msg = (r.stderr.strip().splitlines() or ["?"])
            err = [m for m in msg if "error" in m or "sorry" in m or "Error" in m]
            return "compile: " + (err[0] if err else msg[-1])[:300]
        try:
            r = subprocess.run([exe], capture_output=True, timeout=TIMEOUT_RUN, cwd=td)
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
    return runner.run(f"lower torture {opt}", cases, worker, args)


if __name__ == "__main__":
    runner.main_guard(main)
