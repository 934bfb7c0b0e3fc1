"""llvm-dwarfdump --verify and readelf --debug-dump on pycc -g objects and executables of
the torture execute corpus.

    python -m tests.debug.verify [--fast] [-j N] [-O LEVEL] [--every K] [--target T]

--fast: every 40th test; --every K: every K-th (default 1: all). A test passes when pycc
compiles it with -g, llvm-dwarfdump --verify reports no errors on the object and on the
linked executable, and readelf --debug-dump prints no warning or error about them.
--target aarch64|riscv64 builds with ``pycc --target=<t>-linux-gnu``; names given: only
those tests. A test pycc does not compile with -g fails when it compiles without -g, and is
left out (not counted, a ``SKIP`` line) when it does not compile either.
Log: /tmp/pytoolchain-debug/verify[-<target>]-O<L>.log (one ``ERROR name: reason`` per failure).
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import glob
import os
import subprocess
import sys

from tests.harness import sources

WORK = "/tmp/pytoolchain-debug/verify"


def check(path, opt, target="x86_64"):
    name = os.path.basename(path)[:-2]
    d = os.path.join(WORK, target, f"O{opt}")
    os.makedirs(d, exist_ok=True)
    obj = os.path.join(d, name + ".o")
    exe = os.path.join(d, name)
    cc = ["pycc"] if target == "x86_64" else ["pycc", f"--target={target}-linux-gnu"]
    r = subprocess.run(cc + ["-g", f"-O{opt}", "-w", "-c", path, "-o", obj],
                       capture_output=True, text=True, timeout=300)
    if r.returncode:
        r2 = subprocess.run(cc + [f"-O{opt}", "-w", "-c", path, "-o", obj],
                            capture_output=True, text=True, timeout=300)
        if r2.returncode == 0:
            err = (r.stderr or r.stdout).strip().splitlines()
            return name, f"compiles without -g, not with -g: {err[-1] if err else r.returncode}"
        return name, None       # not compiled without -g either: not counted here
    r = subprocess.run(cc + [obj, "-o", exe, "-lm"], capture_output=True, text=True,
                       timeout=300)
    files = [obj] + ([exe] if r.returncode == 0 else [])
    for f in files:
        v = subprocess.run(["llvm-dwarfdump", "--verify", f], capture_output=True, text=True)
        if v.returncode or "No errors." not in v.stdout:
            bad = [ln for ln in v.stdout.splitlines() if "error" in ln.lower()]
            return name, f"llvm-dwarfdump --verify {os.path.basename(f)}: {' | '.join(bad[:2])}"
        e = subprocess.run(["readelf", "--debug-dump", f], capture_output=True, text=True)
        errs = [ln for ln in e.stderr.splitlines() if ln.strip()]
        if errs:
            return name, f"readelf {os.path.basename(f)}: {errs[0]}"
    for f in files:
        os.unlink(f)
    return name, ""


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--fast", action="store_true")
    ap.add_argument("-j", type=int, default=1)
    ap.add_argument("-O", dest="opt", default="0")
    ap.add_argument("--every", type=int, default=1)
    ap.add_argument("--target", default="x86_64")
    ap.add_argument("names", nargs="*", help="only these tests (names without .c)")
    a = ap.parse_args(argv)
    tests = sorted(glob.glob(os.path.join(sources.torture(), "execute", "*.c")))
    step = 40 if a.fast else a.every
    tests = tests[::step]
    if a.names:
        tests = [t for t in tests if os.path.basename(t)[:-2] in a.names]
    tag = "" if a.target == "x86_64" else f"-{a.target}"
    log = f"/tmp/pytoolchain-debug/verify{tag}-O{a.opt}.log"
    os.makedirs(WORK, exist_ok=True)
    passed = failed = skipped = 0
    with open(log, "w") as lf, cf.ThreadPoolExecutor(a.j) as ex:
        for name, why in ex.map(lambda p: check(p, a.opt, a.target), tests):
            if why is None:
                skipped += 1
                lf.write(f"SKIP {name}: not compiled without -g either\n")
            elif why == "":
                passed += 1
            else:
                failed += 1
                lf.write(f"ERROR {name}: {why}\n")
                lf.flush()
    print(f"llvm-dwarfdump --verify + readelf --debug-dump, torture execute, pycc -g -O{a.opt} "
          f"({a.target}): "
          f"log {log} ({skipped} not compiled)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
