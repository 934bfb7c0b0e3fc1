"""ABI compatibility for AArch64: the suites of tests.compat.run (gcc.dg/compat,
gcc.c-torture/compat, generated cases) with pycc --target=aarch64-linux-gnu and
aarch64-linux-gnu-gcc objects mixed all four ways, linked by aarch64-linux-gnu-gcc and run
under qemu-aarch64.

    python -m tests.cc_aarch64.compat [--fast] [-j N] [--suite dg,torture,gen] [-O LEVEL]

tests.compat.run is imported and pointed at the target (its compile, link/run and dg selector
functions are replaced here); the log goes to ~/.cache/pytoolchain/logs/aarch64_compat.log.
"""
from __future__ import annotations

import re
import sys

from tests.compat import run as R
from tests.compat.cross import CrossCompat
from tests.cc_aarch64.common import GCC, SYSROOT, TARGET, clean_env

_dg_directives = R.dg_directives
CROSS = CrossCompat(GCC, "qemu-aarch64", SYSROOT, drop_flags=("-m",),
                    # no decimal float on AArch64 (compat.exp defines SKIP_DECIMAL_FLOAT then)
                    extra_flags=["-DSKIP_DECIMAL_FLOAT"], env=clean_env)


def _selector_matches(sel: str) -> bool:
    s = sel.replace("{", " ").replace("}", " ")
    if "ilp32" in s:
        return False
    return "aarch64" in s or "*-*-linux*" in s or "*-*-*" in s.split()


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


CROSS.install(R, "aarch64_compat.log", [sys.executable, "-m", "toolchain.cc", f"--target={TARGET}"],
              _selector_matches, dg_directives=dg_directives)

if __name__ == "__main__":
    sys.exit(R.main())
