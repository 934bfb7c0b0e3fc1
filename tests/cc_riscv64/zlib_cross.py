"""zlib's own build in cross mode for RISC-V 64 with pycc alone: upstream zlib configured with
`CHOST=riscv64-linux-gnu CC=riscv64-linux-gnu-pycc ./configure`, built with `make`, checked
with its `make teststatic testshared test64` under qemu-riscv64 (zlib's QEMU_RUN hook).

    python -m tests.cc_riscv64.zlib_cross [-j N] [-O LEVEL] [--keep DIR]

The steps are tests.cc_aarch64.zlib_cross's (one driver for both cross targets), run with
this target's triple, qemu, sysroot and a PATH whose as/ld/gcc and riscv64-linux-gnu-{as,ld,
gcc} fail. One `ERROR name: reason` line per failure in
~/.cache/pytoolchain/logs/cc_riscv64_zlib_cross.log; the last line is `N passed, M failed`.
"""
from __future__ import annotations

import os
import shutil
import sys

from tests.cc_aarch64 import zlib_cross as _driver
from tests.cc_riscv64.torture import SYSROOT, fake_bin

TARGET = "riscv64-linux-gnu"
QEMU = "qemu-riscv64"


def _env() -> dict:
    env = dict(os.environ)
    env["PATH"] = fake_bin() + os.pathsep + env.get("PATH", "")
    return env


def main(argv=None) -> int:
    if not shutil.which(QEMU) or not os.path.isdir(SYSROOT) or \
            shutil.which(f"{TARGET}-pycc") is None:
        print(f"{QEMU}, {SYSROOT} or {TARGET}-pycc is missing")
        return 0
    d = _driver
    d.TARGET, d.QEMU, d.SYSROOT, d.clean_env = TARGET, QEMU, SYSROOT, _env
    d.LOG = os.path.join(os.path.expanduser("~"), ".cache", "pytoolchain", "logs",
                         "cc_riscv64_zlib_cross.log")
    return d.main(argv)


if __name__ == "__main__":
    sys.exit(main())
