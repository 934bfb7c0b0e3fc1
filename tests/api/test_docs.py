"""Every ```python block of docs/api.md runs for each target (issue 21, acceptance 1).

A block's ``target = "x86_64"`` line is replaced by the target under test; the block runs as a
script in this process (runpy on a temporary file)."""
from __future__ import annotations

import os
import re
import runpy

import pytest

DOC = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "api.md")
TARGETS = ("x86_64", "aarch64", "riscv64")


def blocks():
    with open(DOC, encoding="utf-8") as f:
        text = f.read()
    return re.findall(r"^```python\n(.*?)^```", text, re.S | re.M)


def test_blocks_found():
    bs = blocks()
    assert len(bs) >= 10
    for b in bs:
        assert 'target = "x86_64"\n' in b, b[:80]


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("index", range(len(blocks())))
def test_doc_example(index, target, tmp_path):
    code = blocks()[index].replace('target = "x86_64"\n', f'target = "{target}"\n', 1)
    p = tmp_path / f"example{index}.py"
    p.write_text(code)
    runpy.run_path(str(p), run_name="__doc_example__")
