"""One random program (own generator) at -O2 with all passes, without the inliner and without
memfwd: the outputs equal gcc -O0's (the bulk version is ``python -m tests.opt.passcheck``)."""
import shutil

import pytest

from tests.opt.passcheck import worker


def test_random_program_with_and_without_passes():
    if shutil.which("gcc") is None:
        pytest.skip("gcc not installed")
    assert worker(("own-7", "own", 7, "2", ["all", "inline", "memfwd"])) is None
