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
from tests.compat.cross import CrossCompat

GCC = "riscv64-linux-gnu-gcc"
SYSROOT = "/usr/riscv64-linux-gnu"


CROSS = CrossCompat(GCC, "qemu-riscv64", SYSROOT, drop_flags=("-m", "-fno-common"))


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
    CROSS.install(R, "cc_riscv64_compat.log",
                  [sys.executable, "-m", "toolchain.cc", "--target=riscv64-linux-gnu"],
                  selector_matches, dg_case=dg_case)
    os.makedirs(os.path.dirname(R.LOG), exist_ok=True)
    return R.main(argv)


if __name__ == "__main__":
    sys.exit(main())
