"""ABI compatibility for AArch64: the suites of tests.compat.run (gcc.dg/compat,
gcc.c-torture/compat, generated cases) with pycc --target=aarch64-linux-gnu and
aarch64-linux-gnu-gcc objects mixed all four ways, linked by aarch64-linux-gnu-gcc and run
under qemu-aarch64.

    python -m tests.cc_aarch64.compat [--fast] [-j N] [--suite dg,torture,gen] [-O LEVEL]

tests.compat.run is imported and pointed at the target (its compile, link/run and dg selector
functions are replaced here); the log goes to ~/.cache/pytoolchain/logs/aarch64_compat.log.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.compat import run as R
from tests.cc_aarch64.common import GCC, SYSROOT, TARGET, clean_env

R.PYCC = [sys.executable, "-m", "toolchain.cc", f"--target={TARGET}"]
R.LOG = os.path.join(os.path.expanduser("~"), ".cache", "pytoolchain", "logs", "aarch64_compat.log")
R.HAVE_AVX = False


def _selector_matches(sel: str) -> bool:
    s = sel.replace("{", " ").replace("}", " ")
    if "ilp32" in s:
        return False
    return "aarch64" in s or "*-*-linux*" in s or "*-*-*" in s.split()


def compile_obj(cc, src, out, flags, incdir, pycc_opt):
    # no decimal float on AArch64 (compat.exp defines SKIP_DECIMAL_FLOAT then)
    flags = [f for f in flags if not f.startswith("-m")] + ["-DSKIP_DECIMAL_FLOAT"]
    if cc == "pycc":
        cmd = R.PYCC + [pycc_opt] + flags + ["-I", incdir, "-c", src, "-o", out]
        env = clean_env()
    else:
        cmd = [GCC, "-O0"] + flags + ["-Wno-psabi", "-I", incdir, "-c", src, "-o", out]
        env = None
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)
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
        p = subprocess.run(["qemu-aarch64", "-L", SYSROOT, exe], capture_output=True, text=True,
                           timeout=60, cwd=cwd, errors="replace")
    except subprocess.TimeoutExpired:
        return "timeout"
    if p.returncode:
        out = " ".join(p.stdout.split()[:12])
        return f"exit {p.returncode}" + (f": {out}" if out else "")
    return None


_dg_directives = R.dg_directives


_X86_ONLY = re.compile(r"dg-require-effective-target\s+(sse\d*|avx\w*|mmx)_runtime"
                       r"|dg-skip-if\s+\"[^\"]*\"\s+\{\s*!\s*\{\s*i\?86-\*-\*\s+x86_64-\*-\*\s*\}")


def dg_directives(path):
    """As tests.compat.run's, plus: decimal float tests are skipped (no DFP on AArch64), and
    so are tests for x86 only (an x86 ISA run-time requirement, or skipped off x86)."""
    opts, skip = _dg_directives(path)
    text = open(path, errors="replace").read()
    if skip is None and "dg-require-compat-dfp" in text:
        skip = "decimal floating point not supported on aarch64"
    if skip is None and _X86_ONLY.search(text):
        skip = "an x86-only test"
    return opts, skip


R.dg_directives = dg_directives
R._selector_matches = _selector_matches
R.compile_obj = compile_obj
R.link_run = link_run

if __name__ == "__main__":
    sys.exit(R.main())
