"""Fast checks of the ABI compat harness: the generator is deterministic and its programs are
right by gcc's own build; two generated cases and two gcc.c-torture/compat tests run with
pycc and gcc objects mixed both ways (the full suites: python -m tests.compat.run)."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.compat import run as R
from tests.compat.gen import generate
from toolchain.targets import host_target

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None or host_target().name != "x86_64",
                                reason="needs gcc and an x86-64 host")


def test_generator_is_deterministic_and_varied():
    a, b = generate(7), generate(7)
    assert a == b
    assert generate(8) != a
    text = "".join(generate(s)["t.h"] for s in range(1, 30))
    for needle in ("long double", "__int128", "_Complex", "union S", " : ", "...", "[", "float"):
        assert needle in text


@pytest.mark.parametrize("seed", [3, 4])
def test_generated_case_correct_with_gcc_alone(tmp_path, seed):
    files = generate(seed)
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    exe = tmp_path / "p"
    r = subprocess.run(["gcc", "-w", "-Wno-psabi", "-o", str(exe), "main.c", "x.c", "y.c"],
                       cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert subprocess.run([str(exe)], capture_output=True).returncode == 0


@pytest.mark.parametrize("seed", [3, 4])
def test_generated_case_mixed(tmp_path, seed):
    results = R.gen_case(seed, str(tmp_path), "-O0")
    assert len(results) == 4
    bad = [f"{r.name}: {r.reason}" for r in results if not r.ok]
    assert not bad, bad


@pytest.mark.parametrize("name", ["struct-ret-1", "struct-i"])
def test_torture_compat_mixed(tmp_path, name):
    results = R.torture_case(name, str(tmp_path), "-O1")
    assert len(results) == 2
    bad = [f"{r.name}: {r.reason}" for r in results if not r.ok]
    assert not bad, bad


def test_a_broken_callee_is_caught(tmp_path):
    """The harness must fail when the two sides disagree (a y.c whose callees are wrong)."""
    files = generate(3)
    y = files["y.c"].replace("a0 != e0", "a0 == e0", 1)
    assert y != files["y.c"]
    files["y.c"] = y
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    res = R.three_part("gen/broken", {p: str(tmp_path / f"{p}.c") for p in ("main", "x", "y")},
                       ["-w"], str(tmp_path), str(tmp_path), "-O0")
    assert res and all(not r.ok for r in res)
