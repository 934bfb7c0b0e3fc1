"""Run fuzz targets one after the other, each for --seconds, and summarise:

    python -m tests.fuzz [--seconds N] [TARGET...]

Prints one line per target, logs `ERROR target: crash FILE` to tests/fuzz/fuzz.log and ends
with `N passed, M failed`. Each run's CPU time, inputs and outcome are appended to the ledger
(tests/fuzz/ledger.jsonl; `python -m tests.fuzz.ledger` prints the totals, --no-ledger skips
it). A crash input is kept in ~/.cache/pytoolchain/fuzz/crashes/TARGET/;
copy it to tests/fuzz/crashes/TARGET/ to make it a regression test (tests/fuzz/test_fuzz.py).
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import time

from tests.fuzz import ledger
from tests.fuzz.run import CACHE, HERE
from tests.fuzz.targets import TARGETS


HANG_CPU_S = 20         # tests.fuzz.run's --timeout

_REPLAY = """
import sys, time
from tests.fuzz import targets
data = open(sys.argv[2], "rb").read()
t = time.process_time()
try:
    targets.FUNCS[sys.argv[1]](data)
finally:
    print(time.process_time() - t)
"""


def hang_confirmed(target: str, path: str, seconds: int = HANG_CPU_S) -> bool:
    """Whether ``path`` still takes more than ``seconds`` CPU seconds through ``target`` when
    replayed alone (the child's CPU time is limited; the wall clock is only a backstop)."""
    def limit():
        resource.setrlimit(resource.RLIMIT_CPU, (seconds + 10, seconds + 10))
    try:
        r = subprocess.run([sys.executable, "-c", _REPLAY, target, path], capture_output=True,
                           text=True, timeout=(seconds + 10) * 20, preexec_fn=limit,
                           cwd=os.path.dirname(os.path.dirname(HERE)))
    except subprocess.TimeoutExpired:
        return True
    if r.returncode != 0:
        return True     # killed at the CPU limit, or it raised: a finding either way
    try:
        return float(r.stdout.split()[-1]) > seconds
    except (ValueError, IndexError):
        return True


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("targets", nargs="*")
    p.add_argument("--seconds", type=int, default=60)
    p.add_argument("--work", default=os.path.join(CACHE, "fuzz"))
    p.add_argument("--no-ledger", action="store_true", help="do not record the run")
    a = p.parse_args(argv)
    errors, passed = [], 0
    for t in a.targets or TARGETS:
        cdir = os.path.join(a.work, "crashes", t)
        before = set(os.listdir(cdir)) if os.path.isdir(cdir) else set()
        t0 = time.monotonic()
        ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        r = subprocess.run([sys.executable, "-m", "tests.fuzz.run", t, "--seconds",
                            str(a.seconds), "--work", a.work], capture_output=True, text=True,
                           timeout=a.seconds * 3 + 300)
        ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
        new = sorted(set(os.listdir(cdir)) - before) if os.path.isdir(cdir) else []
        # libFuzzer's slow-unit-* files are inputs over its 10 s report threshold (a loaded
        # machine gets there): not a crash; hangs are timeout-* (run.py --timeout)
        slow = [n for n in new if n.startswith("slow-unit-")]
        # libFuzzer's -timeout is wall-clock time: on a loaded machine a starved input times
        # out too. A timeout counts only if the input, replayed alone, uses more than the
        # limit in CPU seconds (RLIMIT_CPU)
        slow += [n for n in new if n.startswith("timeout-") and
                 not hang_confirmed(t, os.path.join(cdir, n))]
        new = [n for n in new if n not in slow]
        runs = re.findall(r"stat::number_of_executed_units:\s*(\d+)", r.stderr)
        cov = re.findall(r"cov: (\d+)", r.stderr)
        wall = time.monotonic() - t0
        info = (f"{runs[-1] if runs else '?'} inputs, coverage {cov[-1] if cov else '?'}, "
                f"{wall:.0f} s, {cpu:.0f} CPU s" + (f", {len(slow)} slow input(s) kept in "
                                                     f"{cdir}" if slow else ""))
        crashed = bool(new or (r.returncode not in (0,) and not runs))
        if not a.no_ledger:
            ledger.record(t, cpu, wall, int(runs[-1]) if runs else None,
                          int(cov[-1]) if cov else None,
                          f"crash {new[0]}" if new else "crash" if crashed else "ok")
        if crashed:
            why = [ln for ln in r.stderr.splitlines() if "Error" in ln or "Crash" in ln
                   or "Traceback" in ln][-2:]
            errors.append(f"ERROR {t}: crash {os.path.join(cdir, new[0]) if new else ''} "
                          f"{' | '.join(why)[:300]}")
            print(errors[-1], flush=True)
        else:
            passed += 1
            print(f"ok {t}: {info}", flush=True)
    with open(os.path.join(HERE, "fuzz.log"), "w") as f:
        f.write("".join(e + "\n" for e in errors))
    print(f"{passed} passed, {len(errors)} failed")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
