"""ABI compatibility for RISC-V 64: tests/compat/run.py (gcc.dg/compat, gcc.c-torture/compat,
generated cases; pycc and gcc objects mixed both ways) retargeted to riscv64-linux-gnu-gcc and
qemu-riscv64.

    python -m tests.cc_riscv64.compat [--fast] [-j N] [--suite dg,torture,gen] [-O LEVEL]

The runner is tests/compat/run.py's, imported; only compiling, linking, running and the dg
target selectors are replaced (pycc gets --target=riscv64-linux-gnu). Log:
~/.cache/pytoolchain/logs/cc_riscv64_compat.log.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.compat import run as R

GCC = "riscv64-linux-gnu-gcc"
SYSROOT = "/usr/riscv64-linux-gnu"


def compile_obj(cc, src, out, flags, incdir, pycc_opt):
    flags = [f for f in flags if not f.startswith(("-m", "-fno-common"))] or []
    if cc == "pycc":
        cmd = R.PYCC + ["--target=riscv64-linux-gnu", pycc_opt] + flags + ["-I", incdir, "-c",
                                                                         src, "-o", out]
    else:
        cmd = [GCC, "-O0"] + flags + ["-Wno-psabi", "-I", incdir, "-c", src, "-o", out]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        return "compile timeout"
    if r.returncode:
        lines = [ln for ln in r.stderr.splitlines() if "error" in ln] or r.stderr.splitlines()
        return f"{cc} cannot compile {os.path.basename(src)}: " + (lines[0][:200] if lines else "?")
    return None


def link_run(objs, exe, cwd):
    r = subprocess.run([GCC, "-o", exe] + objs + ["-lm"], capture_output=True, text=True)
    if r.returncode:
        return "link failed: " + (r.stderr.strip().splitlines() or ["?"])[-1][:200]
    try:
        p = subprocess.run(["qemu-riscv64", "-L", SYSROOT, exe], capture_output=True, text=True,
                           timeout=60, cwd=cwd, errors="replace")
    except subprocess.TimeoutExpired:
        return "timeout"
    if p.returncode:
        out = " ".join(p.stdout.split()[:12])
        return f"exit {p.returncode}" + (f": {out}" if out else "")
    return None


def selector_matches(sel: str) -> bool:
    s = sel.replace("{", " ").replace("}", " ")
    if "ilp32" in s or re.search(r"\bx86_64|i\?86", s) and "riscv" not in s:
        return False
    return "riscv" in s or "*-*-*" in s or "lp64" in s


_dg_case = R.dg_case


def dg_case(name, work, pycc_opt):
    """gcc.dg/compat case; skipped when riscv64-linux-gnu-gcc itself rejects a part (decimal
    floating point is not supported for this target)."""
    d = R.compat_dir("dg")
    for p in ("main", "x", "y"):
        r = subprocess.run([GCC, "-fsyntax-only", "-w", "-I", d, os.path.join(d, f"{name}_{p}.c")],
                           capture_output=True, text=True)
        if r.returncode:
            why = next((ln for ln in r.stderr.splitlines() if "error" in ln), "?")
            return [R.Result(f"dg/{name}", None, f"{GCC} rejects it: {why.split('error:')[-1].strip()}")]
    return _dg_case(name, work, pycc_opt)


def main(argv=None) -> int:
    R.dg_case = dg_case
    R.compile_obj = compile_obj
    R.link_run = link_run
    R._selector_matches = selector_matches
    R.HAVE_AVX = False
    R.LOG = os.path.join(os.path.expanduser("~"), ".cache", "pytoolchain", "logs",
                         "cc_riscv64_compat.log")
    os.makedirs(os.path.dirname(R.LOG), exist_ok=True)
    return R.main(argv)


if __name__ == "__main__":
    sys.exit(main())
