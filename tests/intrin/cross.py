"""One program built by the cross gcc and by pycc for AArch64 or RISC-V 64, both run under
qemu-user: their outputs (the tests compare them). Skips when the cross tools are missing."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.intrin.test_intrin import ENV, PYCC


def cross_outputs(tmp_path, arch: str, text: str, gcc_opts, pycc_opts):
    triple = arch + "-linux-gnu"
    for tool in (triple + "-gcc", "qemu-" + arch):
        if shutil.which(tool) is None:
            pytest.skip(tool + " not installed")
    src = tmp_path / "x.c"
    src.write_text(text)
    out = {}
    for name, cc in (("g", [triple + "-gcc", *gcc_opts]),
                     ("p", [*PYCC, "--target=" + triple, *pycc_opts])):
        exe = str(tmp_path / name)
        r = subprocess.run([*cc, str(src), "-o", exe], capture_output=True, text=True, env=ENV,
                           timeout=300)
        assert r.returncode == 0, r.stderr
        r = subprocess.run(["qemu-" + arch, "-L", "/usr/" + triple, exe], capture_output=True,
                           text=True, timeout=60)
        assert r.returncode == 0, r.stderr
        out[name] = r.stdout
    return out["g"], out["p"]
