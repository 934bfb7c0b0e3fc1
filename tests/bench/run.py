"""Benchmarks of pycc (issues 8 and 15); measurements, not pass/fail tests.

    python -m tests.bench.run [--fast] [--repeat N] [--skip-sqlite] [--skip-lua] [--skip-zlib]
                              [--configs "pycc -O2,gcc -O2"] [--callgrind] [--keep DIR]

1. Compile time of sqlite3.c (CPU seconds user+sys and peak RSS of the compiler process):
   `pycc -O0 -c`, `pycc -O1 -c`, `pycc -O2 -c` next to `gcc -O0 -c` and `gcc -O2 -c`.
2. Run time (CPU seconds, best of --repeat) of a SQLite workload (tests/bench/sqlite_bench.c:
   200,000 rows inserted, indexed, grouped, joined, all in memory), a Lua workload
   (tests/bench/bench.lua: recursion, tables, sorting, strings, closures) and a zlib workload
   (tests/bench/zlib_bench.c: deflate/inflate at levels 1, 6, 9), each program built by
   pycc -O0, -O1, -O2 (linked by pyld), gcc -O0 and gcc -O2; each row says whether the
   output equals the gcc -O2 build's. The summary gives each pycc level's run time over
   gcc -O2's per workload and their geometric mean; with --callgrind also the instructions
   executed (one run of each program under valgrind's callgrind) and their ratios.
Every figure comes from /usr/bin/time (%U %S %M) around one process, so it is CPU time, not
wall time, and holds up on a loaded machine. Builds that fail or print a different result are
`ERROR name: reason` lines (tests/bench/run.log); the last line is `N passed, M failed` over
the (program, compiler) builds checked.
"""
from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

from tests.harness import sources

HERE = os.path.dirname(os.path.abspath(__file__))
LOG = os.path.join(HERE, "run.log")
PYCC = [sys.executable, "-m", "toolchain.cc"]
CONFIGS = [("pycc -O0", PYCC + ["-O0"]), ("pycc -O1", PYCC + ["-O1"]),
           ("pycc -O2", PYCC + ["-O2"]), ("gcc -O0", ["gcc", "-O0"]), ("gcc -O2", ["gcc", "-O2"])]
ZLIB_FILES = ("adler32.c", "compress.c", "crc32.c", "deflate.c", "inflate.c", "inftrees.c",
              "inffast.c", "trees.c", "uncompr.c", "zutil.c")
LUA_SKIP = ("luac.c", "onelua.c", "ltests.c")


def timed(cmd, cwd=None, stdin=None, timeout=3600):
    """Run cmd under /usr/bin/time: (returncode, stdout bytes, stderr text, cpu s, peak RSS MB)."""
    fd, tf = tempfile.mkstemp(prefix="bench-time")
    os.close(fd)
    try:
        r = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", tf] + list(cmd), cwd=cwd,
                           capture_output=True, timeout=timeout, input=stdin)
        fields = open(tf).read().split()[-3:]
        try:
            cpu = float(fields[0]) + float(fields[1])
            rss = int(fields[2]) / 1024.0
        except (ValueError, IndexError):
            cpu, rss = float("nan"), float("nan")
        return r.returncode, r.stdout, r.stderr.decode(errors="replace"), cpu, rss
    finally:
        os.unlink(tf)


class Bench:
    def __init__(self):
        self.passed = 0
        self.errors: list[str] = []
        self.lines: list[str] = []

    def fail(self, name, reason):
        self.errors.append(f"ERROR {name}: {reason}")
        print(self.errors[-1], flush=True)

    def say(self, line):
        self.lines.append(line)
        print(line, flush=True)


def first_error(err: str) -> str:
    lines = [ln for ln in err.splitlines() if "error" in ln.lower()] or err.splitlines() or ["?"]
    return lines[0][:200]


def build(b: Bench, tag: str, cc: list[str], sources_: list[str], flags: list[str], out: str,
          work: str, libs=()) -> tuple[str | None, float, float]:
    """Compile each source to an object (timed), link; (exe or None, compile CPU s, max RSS)."""
    objs, total, peak = [], 0.0, 0.0
    for s in sources_:
        o = os.path.join(work, os.path.splitext(os.path.basename(s))[0] + ".o")
        rc, _, err, cpu, rss = timed(cc + ["-w"] + flags + ["-c", s, "-o", o])
        if rc:
            b.fail(tag, f"compiling {os.path.basename(s)}: {first_error(err)}")
            return None, total, peak
        total += cpu
        peak = max(peak, rss)
        objs.append(o)
    rc, _, err, _, _ = timed(cc + ["-o", out] + objs + list(libs))
    if rc:
        b.fail(tag, f"link: {first_error(err)}")
        return None, total, peak
    return out, total, peak


CALLGRIND = False       # --callgrind: also count the instructions executed (one run)


def instructions(exe, args, cwd):
    """Instructions executed by one run under callgrind (None if valgrind fails)."""
    if shutil.which("valgrind") is None:
        return None
    r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                        exe] + args, cwd=cwd, capture_output=True, timeout=3600)
    for line in r.stderr.decode(errors="replace").splitlines():
        if "Collected :" in line:
            return int(line.split(":")[-1].strip())
    return None


def run_best(exe, args, repeat, cwd):
    """(best CPU s, output, instructions executed or None); (None, reason) on failure."""
    best, out = None, None
    for _ in range(repeat):
        rc, stdout, err, cpu, _ = timed([exe] + args, cwd=cwd, timeout=1200)
        if rc:
            return None, f"exit {rc}: {first_error(err) if err.strip() else stdout[-200:]!r}"
        out = stdout
        best = cpu if best is None else min(best, cpu)
    return best, out, instructions(exe, args, cwd) if CALLGRIND else None


def compile_sqlite(b: Bench, work: str, configs):
    src = os.path.join(sources.sqlite(), "sqlite3.c")
    b.say(f"compile sqlite3.c ({os.path.getsize(src) / 1e6:.1f} MB): CPU s (user+sys), peak RSS")
    objs = {}
    for tag, cc in configs:
        o = os.path.join(work, f"sqlite3-{tag.replace(' ', '')}.o")
        rc, _, err, cpu, rss = timed(cc + ["-w", "-DSQLITE_THREADSAFE=0",
                                           "-DSQLITE_OMIT_LOAD_EXTENSION", "-c", src, "-o", o])
        if rc:
            b.fail(f"sqlite3.c {tag}", f"compile: {first_error(err)}")
            b.say(f"  {tag:9} failed")
            continue
        objs[tag] = o
        b.say(f"  {tag:9} {cpu:8.1f} s {rss:8.0f} MB")
    return objs


def run_sqlite(b: Bench, work: str, configs, objs, repeat):
    drv = os.path.join(HERE, "sqlite_bench.c")
    inc = sources.sqlite()
    results = {}
    for tag, cc in configs:
        if tag not in objs:
            continue
        d = os.path.join(work, "sq-" + tag.replace(" ", ""))
        os.makedirs(d, exist_ok=True)
        dobj = os.path.join(d, "drv.o")
        rc, _, err, _, _ = timed(cc + ["-w", "-I", inc, "-c", drv, "-o", dobj])
        exe = os.path.join(d, "sqlite_bench")
        if rc == 0:
            rc, _, err, _, _ = timed(cc + ["-o", exe, dobj, objs[tag], "-lm"])
        if rc:
            b.fail(f"sqlite {tag}", f"build: {first_error(err)}")
            continue
        results[tag] = run_best(exe, [], repeat, d)
    return results


def run_lua(b: Bench, work: str, configs, repeat):
    src = sources.lua()
    if os.path.isdir(os.path.join(src, "src")):
        src = os.path.join(src, "src")
    files = [f for f in sorted(glob.glob(os.path.join(src, "*.c")))
             if os.path.basename(f) not in LUA_SKIP]
    script = os.path.join(HERE, "bench.lua")
    results, ctimes = {}, {}
    for tag, cc in configs:
        d = os.path.join(work, "lua-" + tag.replace(" ", ""))
        os.makedirs(d, exist_ok=True)
        exe, cpu, _ = build(b, f"lua {tag}", cc, files, ["-DLUA_USE_LINUX"],
                            os.path.join(d, "lua"), d, ["-lm", "-ldl"])
        if exe is None:
            continue
        ctimes[tag] = cpu
        results[tag] = run_best(exe, [script], repeat, d)
    return results, ctimes


def run_zlib(b: Bench, work: str, configs, repeat):
    src = sources.zlib()
    files = [os.path.join(src, f) for f in ZLIB_FILES] + [os.path.join(HERE, "zlib_bench.c")]
    results = {}
    for tag, cc in configs:
        d = os.path.join(work, "zlib-" + tag.replace(" ", ""))
        os.makedirs(d, exist_ok=True)
        exe, _, _ = build(b, f"zlib {tag}", cc, files, ["-I", src], os.path.join(d, "zb"), d)
        if exe is not None:
            results[tag] = run_best(exe, [], repeat, d)
    return results


def summary(b: Bench, by_workload: dict, configs):
    """Each pycc level's run time (and, with --callgrind, instructions executed) over gcc
    -O2's, per workload and geometric mean."""
    import math
    for k, what in ((0, "run time"), (2, "instructions executed")):
        if k == 2 and not CALLGRIND:
            continue
        b.say(f"{what} / gcc -O2 (geometric mean over the workloads)")
        for tag, _ in configs:
            if not tag.startswith("pycc"):
                continue
            ratios = []
            for name, res in by_workload.items():
                mine, ref = res.get(tag), res.get("gcc -O2")
                if mine and ref and len(mine) > k and len(ref) > k and mine[k] and ref[k]:
                    ratios.append((name, mine[k] / ref[k]))
            if ratios:
                g = math.exp(sum(math.log(r) for _, r in ratios) / len(ratios))
                b.say(f"  {tag:9} " + "  ".join(f"{n} {r:.2f}x" for n, r in ratios)
                      + f"  geomean {g:.2f}x")


def report(b: Bench, name, results, configs, extra=None):
    ref = results.get("gcc -O2")
    ref_out = ref[1] if ref and ref[0] is not None else None
    b.say(f"run {name}: CPU s, best of the repeats" + (f"; {extra}" if extra else ""))
    for tag, _ in configs:
        if tag not in results:
            b.say(f"  {tag:9}  (no build)")
            continue
        cpu, out = results[tag][:2]
        ir = results[tag][2] if len(results[tag]) > 2 else None
        if cpu is None:
            b.fail(f"{name} {tag}", out)
            b.say(f"  {tag:9}  failed: {out}")
            continue
        ok = ref_out is None or out == ref_out
        if ok:
            b.passed += 1
        else:
            b.fail(f"{name} {tag}", "output differs from the gcc -O2 build")
        irs = f"  {ir:>15,} instructions" if ir else ""
        b.say(f"  {tag:9} {cpu:8.2f} s{irs}   "
              f"{'same output as gcc -O2' if ok else 'WRONG OUTPUT'}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fast", action="store_true", help="Lua only, pycc -O1 and gcc -O2")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-sqlite", action="store_true")
    ap.add_argument("--skip-lua", action="store_true")
    ap.add_argument("--skip-zlib", action="store_true")
    ap.add_argument("--configs", help="comma-separated subset, e.g. 'pycc -O2,gcc -O2'")
    ap.add_argument("--keep", help="build in this directory and keep it")
    ap.add_argument("--callgrind", action="store_true",
                    help="also count instructions executed (valgrind callgrind, one run each)")
    a = ap.parse_args(argv)
    global CALLGRIND
    CALLGRIND = a.callgrind
    if not os.path.exists("/usr/bin/time") or shutil.which("gcc") is None:
        print("/usr/bin/time and gcc are needed")
        return 1
    configs = CONFIGS if not a.fast else [c for c in CONFIGS if c[0] in ("pycc -O2", "gcc -O2")]
    if a.configs:
        want = [w.strip() for w in a.configs.split(",")]
        configs = [c for c in CONFIGS if c[0] in want]
    b = Bench()
    t0 = time.time()
    work = a.keep or tempfile.mkdtemp(prefix="bench")
    os.makedirs(work, exist_ok=True)
    by_workload = {}
    try:
        if not a.skip_sqlite and not a.fast:
            objs = compile_sqlite(b, work, configs)
            by_workload["sqlite"] = run_sqlite(b, work, configs, objs, a.repeat)
            report(b, "sqlite", by_workload["sqlite"], configs)
        if not a.skip_lua:
            res, ctimes = run_lua(b, work, configs, a.repeat)
            by_workload["lua"] = res
            report(b, "lua", res, configs, "compile CPU s of the 31 files: " + ", ".join(
                f"{t} {c:.1f}" for t, c in ctimes.items()))
        if not a.skip_zlib:
            by_workload["zlib"] = run_zlib(b, work, configs, a.repeat)
            report(b, "zlib", by_workload["zlib"], configs)
        summary(b, by_workload, configs)
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    with open(LOG, "w") as f:
        f.write("".join(e + "\n" for e in b.errors))
    print(f"({time.time() - t0:.0f} s wall)")
    print(f"{b.passed} passed, {len(b.errors)} failed")
    return 1 if b.errors else 0


if __name__ == "__main__":
    sys.exit(main())
