"""The invalid-program suite: each program is rejected with a located diagnostic."""
import io
import os
import shutil
import subprocess

import pytest

from tests.cc.invalid_cases import CASES
from toolchain.cc.frontend import FrontendOptions, parse_file
from toolchain.diag import Diagnostics, FatalStop
from toolchain.targets import get_target


def _pycc(path, target="x86_64"):
    err = io.StringIO()
    diag = Diagnostics("pycc", stream=err)
    diag.utf8_quotes = False
    diag.suppress_warnings = True
    try:
        parse_file(path, get_target(target), FrontendOptions(), diag)
    except FatalStop:
        pass
    return diag.errors, err.getvalue()


@pytest.mark.parametrize("name,src,msg,line", CASES, ids=[c[0] for c in CASES])
def test_invalid_program_rejected(tmp_path, name, src, msg, line):
    p = tmp_path / f"{name}.c"
    p.write_text(src)
    nerr, out = _pycc(str(p))
    assert nerr > 0, f"accepted: {src!r}"
    assert msg in out, out
    assert f"{p}:{line}:" in out, out


def test_gcc_rejects_them_too(tmp_path):
    gcc = shutil.which("gcc")
    if gcc is None:
        pytest.skip("gcc not installed")
    accepted = []
    for name, src, msg, line in CASES:
        p = tmp_path / f"{name}.c"
        p.write_text(src)
        r = subprocess.run([gcc, "-std=gnu11", "-fsyntax-only", "-w", str(p)],
                           capture_output=True)
        if r.returncode == 0:
            accepted.append(name)
    assert not accepted, f"gcc accepts: {accepted}"


def test_several_errors_per_run(tmp_path):
    p = tmp_path / "many.c"
    p.write_text("int f(void) { x = 1; y = 2; break; return 0; }\n")
    nerr, out = _pycc(str(p))
    assert nerr == 3, out
    assert "^" in out        # the caret line


def test_driver_exit_status(tmp_path):
    from toolchain.cc.main import main
    p = tmp_path / "bad.c"
    p.write_text("int f(void) { return q; }\n")
    assert main(["-fsyntax-only", str(p)]) == 1
    p.write_text("int f(void) { return 0; }\n")
    assert main(["-fsyntax-only", str(p)]) == 0
