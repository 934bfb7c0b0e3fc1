"""gcc's own intrinsic run tests (gcc/testsuite/gcc.target/i386 of gcc-12-source) built by pycc
alone and by gcc, run on this machine (issue 22, acceptance 1).

    python -m tests.intrin.gcc_i386 [--fast | --stride N] [-j N] [-O0|-O2] [--prefix P,...] [--log F] [names...]

The tests are the `dg-do run` files named mmx-*, sse-*, sse2-*, sse3-*, ssse3-*, sse4_1-*,
sse4_2-*, aes*, pclmul*, avx-*, avx2-*, fma-*, bmi-*, bmi2-*, f16c-* and avx512f-* (not with
--no-avx512f), built with their dg-options (the -O level replaced by the one given). Tests that need a CPU feature this machine
lacks (from /proc/cpuinfo, as the tests' own cpuid checks would decide), 32-bit-only tests and
tests whose options pycc cannot honour (-m32) are skipped. A test counts for pycc when gcc
builds and passes it; pycc passes it when pycc alone (its own assembler and linker) builds it
and the program exits 0 within 20 s. One `ERROR name: reason` line per pycc failure goes to
tests/intrin/gcc_i386.log; the last line printed is `N passed, M failed`.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed

from tests.harness import sources

HERE = os.path.dirname(os.path.abspath(__file__))
LOG = os.path.join(HERE, "gcc_i386.log")
PYCC = [sys.executable, "-m", "toolchain.cc"]
BASE_PREFIXES = ("mmx-", "sse-", "sse2-", "sse3-", "ssse3-", "sse4_1-", "sse4_2-", "aes",
                 "pclmul", "avx-", "avx2-", "fma-", "bmi-", "bmi2-", "f16c-")
# avx512f-* count where the machine has AVX-512F (the acceptance); --no-avx512f leaves
# them out (the figures of session 4 were without them)
PREFIXES = BASE_PREFIXES + ("avx512f-",)
# effective-target / option name -> /proc/cpuinfo flag
CPU_FLAG = {"sse": "sse", "sse2": "sse2", "sse3": "pni", "ssse3": "ssse3", "sse4": "sse4_1",
            "sse4.1": "sse4_1", "sse4_1": "sse4_1", "sse4.2": "sse4_2", "sse4_2": "sse4_2",
            "aes": "aes", "pclmul": "pclmulqdq", "avx": "avx", "avx2": "avx2", "fma": "fma",
            "bmi": "bmi1", "bmi2": "bmi2", "f16c": "f16c", "popcnt": "popcnt", "lzcnt": "abm",
            "sse4a": "sse4a", "vaes": "vaes", "vpclmul": "vpclmulqdq", "avx512f": "avx512f",
            "avxvnni": "avx_vnni", "fma4": "fma4", "xop": "xop", "rdrnd": "rdrand",
            "avx_runtime": "avx", "sse2_runtime": "sse2", "avx512vl": "avx512vl",
            "avx512bw": "avx512bw", "avx512dq": "avx512dq"}
# effective targets that hold on x86-64 Linux with glibc
TRUE_TARGETS = {"lp64", "c99_runtime", "int128", "fenv_exceptions", "nonpic", "fenv",
                "sse_runtime", "dfp"}


def source_dir() -> str:
    """gcc.target/i386 (and gcc.dg, which some of its tests include) from gcc-12's source."""
    d = os.path.join(sources.CACHE, "gcc-i386")
    sub = os.path.join(d, "gcc", "testsuite", "gcc.target", "i386")
    if not os.path.isdir(sub):
        os.makedirs(sources.CACHE, exist_ok=True)
        sources._extract_members(sources._gcc_tarball(),
                                 ["gcc/testsuite/gcc.target/i386",
                                  "gcc/testsuite/gcc.target/aarch64/advsimd-intrinsics"], d)
    dg = os.path.join(d, "gcc", "testsuite", "gcc.dg")
    if not os.path.exists(dg):
        d2 = os.path.join(sources.CACHE, "gcc-dg")
        if not os.path.isdir(d2):
            sources._extract_members(sources._gcc_tarball(), ["gcc/testsuite/gcc.dg"], d2)
        os.symlink(os.path.join(d2, "gcc", "testsuite", "gcc.dg"), dg)
    return sub


def cpu_flags() -> set:
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("flags"):
                return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def _selector_ok(sel: str, flags: set) -> bool:
    """A dg target selector such as `{ ! ia32 }`, `bmi2`, `{ bmi2 && { ! ia32 } }`."""
    words = re.findall(r"!|&&|\|\||[\w.]+", sel.replace("target", " "))
    # evaluate left to right: terms joined by && (the files use no ||)
    ok, neg = True, False
    for w in words:
        if w == "!":
            neg = True
            continue
        if w in ("&&", "||"):
            continue
        v = _target_true(w, flags)
        ok = ok and (not v if neg else v)
        neg = False
    return ok


def _target_true(name: str, flags: set) -> bool:
    if name in ("ia32", "x32"):
        return False
    if name in TRUE_TARGETS:
        return True
    f = CPU_FLAG.get(name)
    return f is not None and f in flags


def test_spec(path: str, flags: set):
    """(options, skip reason or None) for a run test, or None when it is not a run test."""
    text = open(path, encoding="utf-8", errors="replace").read()
    run = re.search(r"\{\s*dg-do\s+run\s*(.*?)\}\s*\*/", text)
    if not run:
        return None
    if run.group(1).strip() and not _selector_ok(run.group(1), flags):
        return [], "target selector " + run.group(1).strip()
    opts = []
    for m in re.finditer(r"\{\s*dg-(options|additional-options)\s+\"([^\"]*)\"\s*(.*?)\}\s*\*/",
                         text):
        sel = m.group(3).strip()
        if sel and not _selector_ok(sel, flags):
            continue
        opts += m.group(2).split()
    for m in re.finditer(r"\{\s*dg-require-effective-target\s+([\w.]+)", text):
        if not _target_true(m.group(1), flags):
            return opts, "effective target " + m.group(1)
    for o in opts:
        if o.startswith("-m") and not o.startswith(("-mno-", "-march", "-mtune", "-mfpmath",
                                                     "-masm", "-mprefer", "-mstackrealign",
                                                     "-mcmodel", "-mregparm", "-mpreferred")):
            f = CPU_FLAG.get(o[2:])
            if f is not None and f not in flags:
                return opts, f"cpu lacks {o[2:]}"
        if o in ("-m32", "-mx32"):
            return opts, o
    return opts, None


def _level(opts, level):
    out = [o for o in opts if not re.fullmatch(r"-O\S*", o)
           and not o.startswith(("-fdump-", "-save-temps", "-fopenmp"))]
    return [level] + out


def _run(cmd, timeout, cwd=None):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=cwd,
                           errors="replace")
        return r.returncode, (r.stderr or r.stdout or "").strip()
    except subprocess.TimeoutExpired:
        return None, "timeout"


def one(path, opts, level, workdir):
    """(gcc ok, pycc ok, reason)."""
    name = os.path.basename(path)
    d = tempfile.mkdtemp(dir=workdir)
    try:
        srcdir = os.path.dirname(path)
        o = _level(opts, level)
        gexe, pexe = os.path.join(d, "g.out"), os.path.join(d, "p.out")
        rc, err = _run(["gcc", *o, "-w", "-I", srcdir, path, "-o", gexe, "-lm"], 120)
        if rc != 0:
            return False, False, "gcc does not build it"
        rc, err = _run([gexe], 20, cwd=d)
        if rc != 0:
            return False, False, "gcc's build fails"
        rc, err = _run([*PYCC, *o, "-w", "-I", srcdir, path, "-o", pexe, "-lm"], 300)
        if rc != 0:
            first = next((ln for ln in err.splitlines() if "error" in ln), err[:200])
            return True, False, "compile: " + (first or f"exit {rc}")[:300]
        rc, err = _run([pexe], 20, cwd=d)
        if rc != 0:
            return True, False, f"run: exit {rc}" + (f" ({err[:100]})" if err else "")
        return True, True, ""
    finally:
        shutil.rmtree(d, ignore_errors=True)
        _ = name


def select(root, prefixes, names, stride, flags):
    files = sorted(f for f in os.listdir(root) if f.endswith(".c")
                   and f.startswith(prefixes))
    if names:
        files = [f for f in files if f in names or f[:-2] in names]
    out = []
    for f in files:
        spec = test_spec(os.path.join(root, f), flags)
        if spec is not None:
            out.append((f, *spec))
    if stride > 1:
        by = {}
        for t in out:
            p = next(p for p in prefixes if t[0].startswith(p))
            by.setdefault(p, []).append(t)
        out = [t for p in prefixes for t in by.get(p, [])[::stride]]
    return out


def run_and_log(root, tests, one, level, log_path, work_prefix, jobs):
    """Build and run the tests ``select`` did not skip, with gcc and with pycc (``one``), on
    ``jobs`` threads; write the log (SKIP, GCC and ERROR lines). Returns (results, the
    results of the tests gcc passes, start time)."""
    t0 = time.time()
    work = tempfile.mkdtemp(prefix=work_prefix)
    results = {}
    # each result as it comes, in <log>.partial (a long run can be read, or stopped, midway)
    with open(log_path + ".partial", "w") as part:
        try:
            with ThreadPoolExecutor(max_workers=max(1, jobs)) as ex:
                futs = {ex.submit(one, os.path.join(root, f), opts, level, work): f
                        for f, opts, why in tests if why is None}
                for fu in as_completed(futs):
                    f = futs[fu]
                    results[f] = r = fu.result()
                    part.write(f"{'PASS' if r[1] else 'GCC' if not r[0] else 'ERROR'} {f}: "
                               f"{r[2]}\n")
                    part.flush()
        finally:
            shutil.rmtree(work, ignore_errors=True)
    os.unlink(log_path + ".partial")
    counted = {f: r for f, r in results.items() if r[0]}
    with open(log_path, "w") as log:
        log.write(f"# level {level}, {len(tests)} tests, {len(counted)} pass with gcc\n")
        for f, opts, why in tests:
            if why is not None:
                log.write(f"SKIP {f}: {why}\n")
        for f in sorted(results):
            g, p, why = results[f]
            if not g:
                log.write(f"GCC {f}: {why}\n")
            elif not p:
                log.write(f"ERROR {f}: {why}\n")
    return results, counted, t0


def summary(results, counted, t0, log_path) -> int:
    """The closing lines (share of gcc's passes, then `N passed, M failed`); the exit code."""
    passed = sum(1 for r in counted.values() if r[1])
    failed = len(counted) - passed
    pct = 100.0 * passed / len(counted) if counted else 0.0
    print(f"{pct:.1f}% of gcc's passes; gcc fails {len(results) - len(counted)}; "
          f"{time.time() - t0:.0f} s; log {os.path.relpath(log_path)}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fast", action="store_true", help="every 12th test of each prefix")
    ap.add_argument("--stride", type=int, default=1, help="every Nth test of each prefix")
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("-O0", dest="level", action="store_const", const="-O0")
    ap.add_argument("-O2", dest="level", action="store_const", const="-O2")
    ap.add_argument("--prefix", help="comma-separated prefixes (default: all of issue 22's)")
    ap.add_argument("--no-avx512f", action="store_true", help="leave out the avx512f-* tests")
    ap.add_argument("--log", default=LOG, help="the log (default tests/intrin/gcc_i386.log; "
                    "results stream to <log>.partial): give another one to re-run names while "
                    "a full run is going")
    ap.add_argument("names", nargs="*")
    a = ap.parse_args(argv)
    level = a.level or "-O2"
    if shutil.which("gcc") is None:
        print("gcc not found")
        return 1
    try:
        root = source_dir()
    except sources.SourceMissing as e:
        print(e)
        return 1
    flags = cpu_flags()
    prefixes = tuple(a.prefix.split(",")) if a.prefix else \
        BASE_PREFIXES if a.no_avx512f else PREFIXES
    tests = select(root, prefixes, set(a.names), 12 if a.fast else a.stride, flags)
    run = [t for t in tests if t[2] is None]
    print(f"{len(tests)} run tests, {len(tests) - len(run)} skipped (cpu/target), level {level}")
    results, counted, t0 = run_and_log(root, tests, one, level, a.log, "intrin-", a.j)
    by = {}
    for f, r in counted.items():
        p = next(p for p in prefixes if f.startswith(p))
        s = by.setdefault(p, [0, 0])
        s[0 if r[1] else 1] += 1
    print("  " + ", ".join(f"{p.rstrip('-')} {s[0]}/{s[0] + s[1]}" for p, s in by.items()))
    return summary(results, counted, t0, a.log)


if __name__ == "__main__":
    sys.exit(main())
