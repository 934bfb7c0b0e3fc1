"""Random programs built by pycc -O2 with every pass, and with each pass left out, against
gcc -O0's output (issue 15, acceptance 5).

    python -m tests.opt.passcheck [--seeds A-B] [--gen own|csmith] [--level L] [-j N] [--fast]

A pass is left out through ``PYCC_OPT_DISABLE`` (``opt/manager.py``). Every build must print
what gcc -O0's build prints; one ``ERROR gen-seed-without-PASS: reason`` line per failure in
the log, ending with ``N passed, M failed``.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile

from tests.harness import runner
from tests.random.run import cflags, first_diff, generate, run_exe

PASSES = ["all", "inline", "ipcp", "libcalls", "constfold", "copyprop", "gvn", "memfwd",
          "condprop", "jumpthread", "tailrec", "licm_loads", "ivsr", "dce", "simplifycfg"]
FAST_PASSES = ["all", "inline", "memfwd", "condprop", "jumpthread"]


def worker(case):
    name, gen, seed, level, passes = case
    d = tempfile.mkdtemp(prefix=f"passcheck-{gen}-{seed}-")
    try:
        src = os.path.join(d, "p.c")
        generate(gen, seed, src, small=True)
        ref = os.path.join(d, "ref")
        r = subprocess.run(["gcc", "-O0"] + cflags(gen) + [src, "-o", ref, "-lm"],
                           capture_output=True, timeout=300)
        if r.returncode:
            return None         # gcc rejects it: nothing to compare
        st, want = run_exe([], ref, 10)
        if st != "ok":
            return None
        bad = []
        for p in passes:
            env = dict(os.environ)
            env["PYCC_OPT_DISABLE"] = "" if p == "all" else p
            exe = os.path.join(d, f"p-{p}")
            r = subprocess.run([sys.executable, "-m", "toolchain.cc", f"-O{level}"] + cflags(gen)
                               + [src, "-o", exe, "-lm"], capture_output=True, timeout=600,
                               env=env)
            if r.returncode:
                err = r.stderr.decode(errors="replace").strip().splitlines()
                bad.append(f"without {p}: pycc failed: {err[-1][:200] if err else r.returncode}")
                continue
            st, got = run_exe([], exe, 30)
            if st != "ok":
                bad.append(f"without {p}: {st}")
            elif got != want:
                bad.append(f"without {p}: {first_diff(want, got)}")
        return "; ".join(bad) or None
    finally:
        shutil.rmtree(d, ignore_errors=True)


def main():
    p = runner.base_parser(__doc__.splitlines()[0])
    p.add_argument("--seeds", default="1-10")
    p.add_argument("--gen", default="own", choices=("own", "csmith"))
    p.add_argument("--level", default="2")
    args = p.parse_args()
    if shutil.which("gcc") is None or args.gen == "csmith" and shutil.which("csmith") is None:
        print("gcc or csmith missing: nothing to do\n0 passed, 0 failed")
        return 0
    a, _, b = args.seeds.partition("-")
    seeds = range(int(a), int(b or a) + 1)
    passes = FAST_PASSES if args.fast else PASSES
    args.fast = False       # the sample is the pass list, not the seeds
    cases = [(f"{args.gen}-{s}", args.gen, s, args.level, passes) for s in seeds]
    return runner.run(f"opt passcheck {args.gen} -O{args.level}", cases, worker, args)


if __name__ == "__main__":
    runner.main_guard(main)
