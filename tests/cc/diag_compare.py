"""Compare pycc's diagnostics with gcc's on the broken programs of tests/cc/diag_programs.py.

    python -m tests.cc.diag_compare [-v]

Both compilers run with -fsyntax-only in the C.UTF-8 locale; a program counts as equal when
every diagnostic (file:line:col, severity, message, the source and caret lines, the
"In function" context lines and notes) is the same apart from the program name. Logs one
`ERROR name: reason` line per difference to ~/.cache/pytoolchain/logs/diag_compare.log.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile

from tests.cc.diag_programs import PROGRAMS

ENV = {"LANG": "C.UTF-8", "PATH": os.environ.get("PATH", "/usr/bin:/bin")}


def _norm(text: str) -> list[str]:
    out = []
    for ln in text.splitlines():
        for prog in ("cc1: ", "pycc: ", "gcc: "):
            if ln.startswith(prog):
                ln = "PROG: " + ln[len(prog):]
        if ln in ("compilation terminated.",):
            continue
        out.append(ln)
    return out


def compare_one(name, flags, src, d):
    path = os.path.join(d, name + ".c")
    with open(path, "w") as f:
        f.write(src)
    g = subprocess.run(["gcc", "-fsyntax-only", *flags, name + ".c"], capture_output=True,
                       text=True, cwd=d, env=ENV)
    p = subprocess.run([sys.executable, "-m", "toolchain.cc", "-fsyntax-only", *flags,
                        name + ".c"], capture_output=True, text=True, cwd=d, env=ENV)
    gl, pl = _norm(g.stderr), _norm(p.stderr)
    if g.returncode != p.returncode:
        return f"exit {p.returncode}, gcc {g.returncode}", gl, pl
    if gl != pl:
        for a, b in zip(gl + [""] * len(pl), pl + [""] * len(gl)):
            if a != b:
                return f"gcc {a!r} pycc {b!r}", gl, pl
    return None, gl, pl


def run(verbose=False):
    if shutil.which("gcc") is None:
        print("gcc not installed")
        return None
    log_dir = os.path.join(os.path.expanduser("~"), ".cache", "pytoolchain", "logs")
    os.makedirs(log_dir, exist_ok=True)
    log = os.path.join(log_dir, "diag_compare.log")
    passed = failed = 0
    with tempfile.TemporaryDirectory() as d, open(log, "w") as lf:
        for name, flags, src in PROGRAMS:
            why, gl, pl = compare_one(name, flags, src, d)
            if why is None:
                passed += 1
            else:
                failed += 1
                lf.write(f"ERROR {name}: {why}\n")
                if verbose:
                    print(f"ERROR {name}: {why}")
    pct = 100.0 * passed / max(1, passed + failed)
    print(f"diag_compare: {len(PROGRAMS)} programs, log {log}")
    print(f"{passed} passed, {failed} failed ({pct:.0f}% equal to gcc)")
    return passed, failed


if __name__ == "__main__":
    run("-v" in sys.argv)
