"""Every committed fuzz input (seed corpus tests/fuzz/corpus/TARGET/ and former crashes
tests/fuzz/crashes/TARGET/) goes through its target without a crash, plus a short atheris run
per target when atheris is installed."""
from __future__ import annotations

import glob
import os
import subprocess
import sys

import pytest

from tests.fuzz import targets

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = sorted(glob.glob(os.path.join(HERE, "corpus", "*", "*")) +
               glob.glob(os.path.join(HERE, "crashes", "*", "*")))


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
