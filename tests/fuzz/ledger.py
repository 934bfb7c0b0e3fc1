"""The fuzzing ledger: CPU time spent per reader, accumulated across sessions, and the corpus
each reader grew (issue 19 asks one CPU-hour of atheris per reader).

    python -m tests.fuzz.ledger            # totals per target
    python -m tests.fuzz.ledger --merge    # minimise the cache corpus into tests/fuzz/grown/

``tests/fuzz/ledger.jsonl`` is append-only (one JSON object per run, so concurrent sessions
merge in git without conflicts): target, date, commit, cpu_s (user+system CPU of the fuzzing
process, from getrusage), wall_s, inputs executed, coverage and the outcome. Earlier sessions
that measured only wall time have ``cpu_s: null``; the totals keep the two apart.

``tests/fuzz/grown/TARGET/`` is the corpus the runs grew, minimised with libFuzzer's
``-merge=1`` (only inputs that add coverage): committed, passed to every later run as a seed
directory (tests/fuzz/run.py), so fuzzing continues from where the last session stopped.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile

from tests.fuzz.run import CACHE, HERE
from tests.fuzz.targets import TARGETS

LEDGER = os.path.join(HERE, "ledger.jsonl")
GROWN = os.path.join(HERE, "grown")
GOAL_S = 3600


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE,
                              capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def record(target: str, cpu_s: float, wall_s: float, inputs: int | None, coverage: int | None,
           outcome: str, path: str = LEDGER) -> dict:
    """Append one run to the ledger and return the entry."""
    e = {"target": target, "date": datetime.datetime.now(datetime.timezone.utc)
         .strftime("%Y-%m-%dT%H:%M:%SZ"), "commit": _commit(), "cpu_s": round(cpu_s, 1),
         "wall_s": round(wall_s, 1), "inputs": inputs, "coverage": coverage, "outcome": outcome}
    with open(path, "a") as f:
        f.write(json.dumps(e, sort_keys=True) + "\n")
    return e


def read(path: str = LEDGER) -> list[dict]:
    if not os.path.exists(path):
        return []
    out = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if line:
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise SystemExit(f"{path}:{n}: bad ledger line: {e}")
    return out


def totals(entries: list[dict]) -> dict[str, dict]:
    t = {name: {"cpu_s": 0.0, "wall_only_s": 0.0, "inputs": 0, "runs": 0, "crashes": 0}
         for name in TARGETS}
    for e in entries:
        d = t.setdefault(e["target"], {"cpu_s": 0.0, "wall_only_s": 0.0, "inputs": 0,
                                       "runs": 0, "crashes": 0})
        d["runs"] += 1
        if e.get("cpu_s") is None:
            d["wall_only_s"] += e.get("wall_s") or 0
        else:
            d["cpu_s"] += e["cpu_s"]
        d["inputs"] += e.get("inputs") or 0
        if e.get("outcome", "ok") != "ok":
            d["crashes"] += 1
    return t


def grown_count(target: str) -> int:
    d = os.path.join(GROWN, target)
    return len(os.listdir(d)) if os.path.isdir(d) else 0


def merge(target: str, work: str) -> int:
    """Minimise the committed grown corpus plus the cache corpus of ``target`` into
    tests/fuzz/grown/TARGET (libFuzzer -merge=1); returns the number of files."""
    src = os.path.join(work, "corpus", target)
    dest = os.path.join(GROWN, target)
    tmp = tempfile.mkdtemp(prefix=f"fuzz-merge-{target}-")
    try:
        dirs = [d for d in (dest, src) if os.path.isdir(d)]
        r = subprocess.run([sys.executable, "-m", "tests.fuzz.run", target, "--merge-into", tmp]
                           + dirs, capture_output=True, text=True, timeout=3600,
                           cwd=os.path.dirname(os.path.dirname(HERE)))
        if r.returncode != 0:
            raise SystemExit(f"merge of {target} failed: {r.stderr[-500:]}")
        os.makedirs(dest, exist_ok=True)
        keep = set(os.listdir(tmp))
        for n in os.listdir(dest):
            if n not in keep:
                os.unlink(os.path.join(dest, n))
        for n in keep:
            shutil.copyfile(os.path.join(tmp, n), os.path.join(dest, n))
        return len(keep)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def report(entries: list[dict]) -> list[str]:
    lines = []
    for name, d in totals(entries).items():
        lines.append(f"{name:11} {d['cpu_s']:7.0f} CPU s measured "
                     f"({100 * d['cpu_s'] / GOAL_S:3.0f}% of 1 CPU-hour)"
                     + (f" + {d['wall_only_s']:.0f} wall s unmeasured" if d["wall_only_s"] else "")
                     + f", {d['runs']} runs, {d['inputs']} inputs, {d['crashes']} crash runs,"
                       f" grown corpus {grown_count(name)} files")
    return lines


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--merge", nargs="*", metavar="TARGET",
                   help="minimise the cache corpus into tests/fuzz/grown/ (all targets if none)")
    p.add_argument("--work", default=os.path.join(CACHE, "fuzz"))
    a = p.parse_args(argv)
    if a.merge is not None:
        for t in a.merge or TARGETS:
            print(f"{t}: {merge(t, a.work)} files in tests/fuzz/grown/{t}", flush=True)
    for line in report(read()):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
