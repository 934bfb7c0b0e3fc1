"""zlib's own build in cross mode with pycc alone: upstream zlib (Debian's source package,
fetched once with `apt-get source --download-only zlib`) configured with
`CHOST=aarch64-linux-gnu CC=aarch64-linux-gnu-pycc ./configure`, built with `make`, and
checked with its `make test test64` (static, shared and 64-bit-offset example/minigzip) run
under qemu-aarch64 through zlib's own QEMU_RUN hook.

    python -m tests.cc_aarch64.zlib_cross [-j N] [-O LEVEL] [--keep DIR]

The PATH has as/ld/gcc and their aarch64-linux-gnu- forms failing (tests.cc_aarch64.common),
so nothing GNU compiles, assembles or links behind pycc's back (binutils' ar/ranlib/nm, which
zlib's configure picks through CHOST, are not compilers). One `ERROR name: reason` line per
failure in ~/.cache/pytoolchain/logs/cc_aarch64_zlib_cross.log; the last line is
`N passed, M failed` over configure, make and the three test targets.
"""
from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile

from tests.cc_aarch64.common import CACHE, QEMU, SYSROOT, TARGET, clean_env, have_tools

LOG = os.path.join(os.path.expanduser("~"), ".cache", "pytoolchain", "logs",
                   "cc_aarch64_zlib_cross.log")


def zlib_source() -> str | None:
    """The unpacked upstream zlib tree (cached), or None when apt-get cannot fetch it."""
    d = os.path.join(CACHE, "zlib-upstream")
    top = sorted(glob.glob(os.path.join(d, "zlib-*", "configure")))
    if top:
        return os.path.dirname(top[-1])
    os.makedirs(d, exist_ok=True)
    r = subprocess.run(["apt-get", "source", "--download-only", "zlib"], cwd=d,
                       capture_output=True, text=True, timeout=600)
    tars = glob.glob(os.path.join(d, "zlib_*.orig.tar.*"))
    if r.returncode or not tars:
        print(f"cannot fetch zlib's source: {(r.stderr.strip().splitlines() or ['?'])[-1]}")
        return None
    subprocess.run(["tar", "xf", tars[0]], cwd=d, check=True)
    top = sorted(glob.glob(os.path.join(d, "zlib-*", "configure")))
    return os.path.dirname(top[-1]) if top else None


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("-j", dest="jobs", type=int, default=2)
    p.add_argument("-O", dest="opt", default="1")
    p.add_argument("--keep", help="build directory (kept)")
    args = p.parse_args(argv)
    if not have_tools() or shutil.which("aarch64-linux-gnu-pycc") is None:
        print("qemu-aarch64, the sysroot or aarch64-linux-gnu-pycc is missing")
        return 0
    src = zlib_source()
    if src is None:
        return 0
    work = args.keep or tempfile.mkdtemp(prefix="zlib-cross-")
    bdir = os.path.join(work, "zlib")
    if os.path.exists(bdir):
        shutil.rmtree(bdir)
    shutil.copytree(src, bdir)
    env = clean_env()
    env.update(CHOST=TARGET, CC=f"{TARGET}-pycc", CFLAGS=f"-O{args.opt}")
    qemu = f"{QEMU} -L {SYSROOT}"
    steps = [("configure", ["./configure"]), ("make", ["make", f"-j{args.jobs}"]),
             ("test-static", ["make", "teststatic", f"QEMU_RUN={qemu}"]),
             ("test-shared", ["make", "testshared", f"QEMU_RUN={qemu}"]),
             ("test-64", ["make", "test64", f"QEMU_RUN={qemu}"])]
    passed, errors = 0, []
    for name, cmd in steps:
        before = os.times()
        r = subprocess.run(cmd, cwd=bdir, env=env, capture_output=True, text=True, timeout=3600)
        after = os.times()
        cpu = after.children_user - before.children_user + after.children_system - before.children_system
        out = r.stdout + r.stderr
        ok = r.returncode == 0 and (not name.startswith("test") or "test OK" in out)
        if ok:
            passed += 1
            lines = [ln.strip() for ln in out.splitlines() if "OK" in ln or "Building" in ln]
            print(f"ok {name} ({cpu:.1f} s CPU){': ' + lines[-1] if lines else ''}", flush=True)
        else:
            tail = " | ".join(out.strip().splitlines()[-3:])[:300]
            errors.append(f"ERROR {name}: exit {r.returncode}: {tail}")
            print(errors[-1], flush=True)
            break
    os.makedirs(os.path.dirname(LOG), exist_ok=True)
    with open(LOG, "w") as f:
        f.write("".join(e + "\n" for e in errors))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    failed = len(steps) - passed
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
