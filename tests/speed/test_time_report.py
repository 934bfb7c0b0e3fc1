"""-ftime-report: per-phase CPU times and peak memory on stderr, output unchanged."""
import os
import subprocess
import sys

from toolchain.cc.main import main

SRC = "int g;\nstatic int sq(int x) { return x * x; }\nint f(int a) { return sq(a) + g; }\n"


def _compile(tmp_path, capsys, *extra):
    c = tmp_path / "a.c"
    c.write_text(SRC)
    out = tmp_path / ("a%d.o" % len(extra))
    rc = main(["-O0", "-c", str(c), "-o", str(out), *extra])
    assert rc == 0
    return out.read_bytes(), capsys.readouterr().err


def test_report_lists_phases_and_memory(tmp_path, capsys):
    plain, err0 = _compile(tmp_path, capsys)
    timed, err = _compile(tmp_path, capsys, "-ftime-report")
    assert err0 == ""
    assert plain == timed                   # the report changes nothing in the object
    for name in ("preprocessing", "lexing and parsing", "semantic analysis", "lowering to IR",
                 "instruction selection", "register allocation", "TOTAL", "peak memory"):
        assert name in err, name
    total = [ln for ln in err.splitlines() if ln.strip().startswith("TOTAL")][0]
    assert float(total.split(":")[1].split()[0]) > 0


def test_backend_restored_after_report(tmp_path, capsys):
    _compile(tmp_path, capsys, "-ftime-report")
    from toolchain.cc.backend import driver
    from toolchain.cc.backend.registry import backend_module
    be = backend_module("x86_64").BACKEND
    assert "select" not in vars(be) and "emit_function" not in vars(be)
    assert driver.allocate.__module__ == "toolchain.cc.backend.regalloc"
