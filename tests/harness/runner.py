"""A small parallel runner for the suite harnesses.

A harness gives a list of (name, callable-args) cases and a worker function returning None for a
pass or a reason string for a failure (raising counts as a failure with the exception as the
reason). The runner prints a few lines, writes one ``ERROR name: reason`` line per failure to
the log, and ends with ``N passed, M failed``. ``--fast`` takes a deterministic sample.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor


def fast_sample(names: list[str], fraction: float = 0.05, minimum: int = 20) -> list[str]:
    """A deterministic sample: names whose hash falls in the first ``fraction`` of the space,
    topped up in sorted order to ``minimum``."""
    keep = [n for n in names
            if int(hashlib.sha1(n.encode()).hexdigest()[:8], 16) < fraction * 0x100000000]
    if len(keep) < minimum:
        extra = [n for n in sorted(names) if n not in set(keep)]
        keep += extra[:minimum - len(keep)]
    return sorted(keep)


def base_parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--fast", action="store_true", help="run a deterministic sample")
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--log", help="log file (default: a file under ~/.cache/pytoolchain/logs)")
    p.add_argument("--limit", type=int, default=0, help="run at most N cases")
    p.add_argument("names", nargs="*", help="run only cases whose name contains one of these")
    return p


def _call(worker, case):
    try:
        return worker(case)
    except Exception as e:  # noqa: BLE001 - a harness records every failure
        tb = traceback.format_exc().strip().splitlines()
        return f"exception {type(e).__name__}: {e} [{tb[-2].strip() if len(tb) > 1 else ''}]"


def run(title: str, cases: list, worker, args, name_of=lambda c: c[0]) -> int:
    """Run ``worker(case)`` over ``cases``; return the process exit status (0 if all passed)."""
    if args.names:
        cases = [c for c in cases if any(n in name_of(c) for n in args.names)]
    if args.fast:
        names = set(fast_sample([name_of(c) for c in cases]))
        cases = [c for c in cases if name_of(c) in names]
    if args.limit:
        cases = cases[:args.limit]
    log = args.log or os.path.join(os.path.expanduser("~"), ".cache", "pytoolchain", "logs",
                                   title.replace(" ", "_").replace("/", "_") + ".log")
    os.makedirs(os.path.dirname(os.path.abspath(log)), exist_ok=True)
    t0 = time.time()
    print(f"{title}: {len(cases)} cases, {args.jobs} jobs, log {log}", flush=True)
    results = []
    if args.jobs > 1 and len(cases) > 1:
        with ProcessPoolExecutor(args.jobs) as ex:
            futs = [ex.submit(_call, worker, c) for c in cases]
            results = [f.result() for f in futs]
    else:
        results = [_call(worker, c) for c in cases]
    passed = failed = skipped = 0
    with open(log, "w") as f:
        for c, r in zip(cases, results):
            if r is None:
                passed += 1
            elif r == "SKIP" or (isinstance(r, str) and r.startswith("SKIP")):
                skipped += 1
                f.write(f"SKIP {name_of(c)}: {r[4:].strip(': ')}\n")
            else:
                failed += 1
                f.write(f"ERROR {name_of(c)}: {r}\n")
    print(f"{time.time() - t0:.1f}s; details in {log}")
    if failed:
        with open(log) as f:
            errs = [ln.rstrip() for ln in f if ln.startswith("ERROR")]
        for ln in errs[:5]:
            print("  " + ln[:200])
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line, flush=True)
    return 0 if failed == 0 else 1


def main_guard(fn):
    try:
        sys.exit(fn())
    except KeyboardInterrupt:
        sys.exit(130)
