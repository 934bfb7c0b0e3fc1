"""Shared helpers of the AArch64 code-generator tests: a PATH without GNU tools, qemu."""
from __future__ import annotations

import os
import shutil
import subprocess

CACHE = os.path.join(os.path.expanduser("~"), ".cache", "pytoolchain", "cc_aarch64")
TARGET = "aarch64-linux-gnu"
SYSROOT = "/usr/aarch64-linux-gnu"
GCC = "aarch64-linux-gnu-gcc"
QEMU = "qemu-aarch64"


def fail_bin() -> str:
    """A directory whose as/ld/gcc/cc and aarch64-linux-gnu-{as,ld,gcc} all fail."""
    d = os.path.join(CACHE, "failbin")
    os.makedirs(d, exist_ok=True)
    names = ["as", "ld", "gcc", "cc"] + [f"{p}-{t}" for p in ("aarch64-linux-gnu", "x86_64-linux-gnu")
                                         for t in ("as", "ld", "gcc")]
    for t in names:
        p = os.path.join(d, t)
        if not os.path.exists(p):
            with open(p, "w") as f:
                f.write("#!/bin/sh\necho \"$0 must not be used\" >&2\nexit 1\n")
            os.chmod(p, 0o755)
    return d


def clean_env() -> dict:
    env = dict(os.environ)
    env["PATH"] = fail_bin() + os.pathsep + env.get("PATH", "")
    return env


def have_tools() -> bool:
    return bool(shutil.which(QEMU) and os.path.isdir(SYSROOT))


def have_gcc() -> bool:
    return bool(shutil.which(GCC))


def run_qemu(exe, timeout=10, cwd=None, stdin=None):
    return subprocess.run([QEMU, "-L", SYSROOT, exe], capture_output=True, timeout=timeout,
                          cwd=cwd, stdin=stdin)
