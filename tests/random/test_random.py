"""A fixed small sample of the random differential harness (python -m tests.random), the
generator's freedom from undefined behaviour, and the reduced programs in found/ as regression
tests."""
from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import tempfile

import pytest

from tests.random import run as R
from tests.random.gen import generate_program

needs_csmith = pytest.mark.skipif(shutil.which("csmith") is None or
                                  not os.path.isdir(R.CSMITH_INC),
                                  reason="csmith / libcsmith-dev not installed")


def _check(gen, seed, levels):
    with tempfile.TemporaryDirectory() as work:
        res = R.check_one((gen, seed, levels, "x86_64", 10, work, True))
    bad = [f"{r.name}: {r.status}: {r.detail}" for r in res if r.status not in ("pass", "skip")]
    assert not bad, bad
    assert [r.status for r in res] == ["pass"] * len(levels), [(r.name, r.detail) for r in res]


@needs_csmith
@pytest.mark.parametrize("seed", [7])
def test_csmith_sample(seed):
    _check("csmith", seed, [0, 1])


@pytest.mark.parametrize("seed", [3, 11])
def test_own_generator_sample(seed):
    _check("own", seed, [0, 1])


def test_generator_is_deterministic_and_covers_every_kind():
    a, b = generate_program(5), generate_program(5)
    assert a == b and a != generate_program(6)
    text = "".join(generate_program(s) for s in range(1, 6))
    for needle in ("long double", "__int128", " : ", "va_arg", "&&L0", "_Atomic", "goto *",
                   "%La", "struct SV"):
        assert needle in text, needle


@pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc missing")
def test_generator_programs_are_ub_free():
    """gcc -fsanitize=undefined builds of a few programs run cleanly and check themselves."""
    with tempfile.TemporaryDirectory() as d:
        for seed in (1, 2, 3, 4):
            src = os.path.join(d, f"g{seed}.c")
            with open(src, "w") as f:
                f.write(generate_program(seed))
            exe = os.path.join(d, f"g{seed}")
            subprocess.run(["gcc", "-O0", "-w", "-fsanitize=undefined",
                            "-fno-sanitize-recover=all", src, "-o", exe, "-lm"], check=True)
            r = subprocess.run([exe], capture_output=True, timeout=30)
            assert r.returncode == 0, (seed, r.stderr[-300:])
            assert b"SELFCHECK" not in r.stdout


FOUND = sorted(glob.glob(os.path.join(R.FOUND, "*.c")))


def _found_param(p):
    """A found/ program whose header says "open:" is a known, unfixed bug: strict xfail, so the
    test reports when the fix lands (then delete the "open:" line)."""
    head = open(p).read(600)
    m = re.search(r"open: (.*?)\s*(?:\*/)?$", head, re.M)
    marks = [pytest.mark.xfail(strict=True, reason=m.group(1))] if m else []
    return pytest.param(p, id=os.path.basename(p), marks=marks)


@pytest.mark.parametrize("path", [_found_param(p) for p in FOUND])
def test_found(path):
    """A reduced program that once failed: pycc at the recorded level (and target, from the
    header's "(target)") must print what gcc -O0 printed (the .expected file), or, for a
    crash, compile."""
    head = open(path).read(600)
    level = re.search(r"options: -O(\d)", head).group(1)
    target = re.search(r"\((x86_64|aarch64|riscv64)\)", head).group(1)
    triple, _, runner = R.TARGETS[target]
    if runner and shutil.which(runner[0]) is None:
        pytest.skip(f"{runner[0]} not installed")
    inc = [f"-I{R.CSMITH_INC}"] if "csmith" in os.path.basename(path) else []
    expected = open(path[:-2] + ".expected", "rb").read()
    with tempfile.TemporaryDirectory() as d:
        exe = os.path.join(d, "p")
        cmd = R.pycc_cmd(target) + [f"-O{level}", "-w"] + inc + [path, "-o", exe] + R.libs(target) + \
            (["-static"] if runner else [])
        r = subprocess.run(cmd, capture_output=True, timeout=300)
        assert r.returncode == 0, r.stderr.decode(errors="replace")[-500:]
        if expected:
            out = subprocess.run(runner + [exe], capture_output=True, timeout=60).stdout
            assert out == expected
