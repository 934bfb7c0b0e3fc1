"""Struct layout identical to gcc's on each target (sizeof, _Alignof, offsetof, bit offsets)."""
import os

import pytest

from tests.cc.layout_check import check
from toolchain.targets import TARGETS, get_target

DATA = os.path.join(os.path.dirname(__file__), "data", "layout_cases.c")


@pytest.mark.parametrize("tname", list(TARGETS))
def test_layout_cases_match_gcc(tname):
    if get_target(tname).gnu_tool("gcc") is None:
        pytest.skip(f"no gcc for {tname}")
    name, err, n = check((DATA, tname))
    assert err is None, err
    assert n > 150


def test_layout_torture_sample():
    from tests.cc.common import corpus_files
    files = [f for f in corpus_files(True) if "gcc.c-torture" in f][:40:4]
    if not files:
        pytest.skip("torture tests missing")
    for t in TARGETS:
        if get_target(t).gnu_tool("gcc") is None:
            continue
        for f in files:
            name, err, n = check((f, t))
            assert err is None, f"{name}: {err}"
