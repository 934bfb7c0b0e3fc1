"""Every committed fuzz input (seed corpus tests/fuzz/corpus/TARGET/ and former crashes
tests/fuzz/crashes/TARGET/) and an evenly spaced sample of the grown corpora
(tests/fuzz/grown/TARGET/, all of which every fuzzing run replays first) goes through its target
without a crash, plus a short atheris run per target when atheris is installed, and the
ledger's bookkeeping."""
from __future__ import annotations

import glob
import os
import subprocess
import sys

import pytest

from tests.fuzz import targets

HERE = os.path.dirname(os.path.abspath(__file__))
GROWN_SAMPLE = 12      # per target


def _grown_sample():
    out = []
    for d in sorted(glob.glob(os.path.join(HERE, "grown", "*"))):
        files = sorted(glob.glob(os.path.join(d, "*")))
        step = max(1, len(files) // GROWN_SAMPLE)
        out += files[::step][:GROWN_SAMPLE]
    return out


CASES = sorted(glob.glob(os.path.join(HERE, "corpus", "*", "*")) +
               glob.glob(os.path.join(HERE, "crashes", "*", "*"))) + _grown_sample()


@pytest.mark.parametrize("path", CASES, ids=[os.path.relpath(p, HERE) for p in CASES])
def test_input(path):
    target = os.path.basename(os.path.dirname(path))
    with open(path, "rb") as f:
        data = f.read()
    targets.FUNCS[target](data)


def test_atheris_smoke(tmp_path):
    pytest.importorskip("atheris")
    r = subprocess.run([sys.executable, "-m", "tests.fuzz.run", "ld", "--seconds", "3",
                        "--work", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-1000:]
    assert "Done" in r.stderr or "stat::number_of_executed_units" in r.stderr


def test_ledger_totals_keep_measured_and_unmeasured_apart(tmp_path):
    from tests.fuzz import ledger
    path = str(tmp_path / "ledger.jsonl")
    ledger.record("cc", 100.04, 400, 1234, 900, "ok", path=path)
    ledger.record("cc", 50, 60, None, None, "crash x", path=path)
    with open(path, "a") as f:
        f.write('{"target": "ld", "cpu_s": null, "wall_s": 300, "inputs": 7}\n')
    t = ledger.totals(ledger.read(path))
    assert t["cc"]["cpu_s"] == 150.0 and t["cc"]["runs"] == 2 and t["cc"]["crashes"] == 1
    assert t["cc"]["inputs"] == 1234
    assert t["ld"]["cpu_s"] == 0 and t["ld"]["wall_only_s"] == 300
    assert any(line.startswith("cc") and "150 CPU s" in line for line in ledger.report(
        ledger.read(path)))


def test_committed_ledger_reads():
    from tests.fuzz import ledger
    entries = ledger.read()
    assert all(e["target"] in ledger.TARGETS for e in entries)


def test_timeouts_are_confirmed_in_cpu_seconds(tmp_path):
    """libFuzzer's -timeout is wall-clock time; a timeout-* input counts as a hang only when a
    replay alone takes more than the limit in CPU seconds (a loaded machine starves inputs)."""
    from tests.fuzz.__main__ import hang_confirmed
    quick = tmp_path / "quick.s"
    quick.write_text(".text\nnop\n")
    assert not hang_confirmed("as-x86_64", str(quick))
    slow = tmp_path / "slow.c"
    slow.write_text("#define A0 x\n" + "".join(f"#define A{i} A{i - 1}+A{i - 1}\n"
                                                for i in range(1, 15)) +
                    "int f(int x) { return A14; }\n")
    assert hang_confirmed("cc", str(slow), seconds=0)
