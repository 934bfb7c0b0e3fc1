"""The GCC torture execute tests built through gcc's driver with pyas as the assembler
(``gcc -B DIR`` where ``DIR/as`` runs pyas), next to the same build with GNU as.

  python -m tests.asm.gcc_driver [--target x86_64] [--fast] [-j N] [-O2]

Prints both pass rates, logs ``ERROR name: reason`` for tests that pass with GNU as but not with
pyas, and ends with ``N passed, M failed`` (passed = same outcome as with GNU as).
"""
from __future__ import annotations

import argparse
import glob
import os
import stat
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

from tests.harness import sources

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def make_as_dir(target_triple: str) -> str:
    """A directory holding ``as`` (and ``<triple>-as``) scripts that run pyas."""
    d = tempfile.mkdtemp(prefix="pyas-bin-")
    script = (f"#!/bin/sh\nPYTHONPATH={ROOT}${{PYTHONPATH:+:$PYTHONPATH}} exec {sys.executable} "
              f"-m toolchain.asm --target={target_triple} \"$@\"\n")
    for name in ("as", f"{target_triple}-as"):
        p = os.path.join(d, name)
        with open(p, "w") as f:
            f.write(script)
        os.chmod(p, os.stat(p).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return d


def _build_run(gcc, src, flags, bdir, runner, tmp):
    exe = os.path.join(tmp, os.path.basename(src) + (".py" if bdir else ".gas") + ".exe")
    cmd = [gcc, "-w", *flags, src, "-o", exe, "-lm"]
    if bdir:
        cmd[1:1] = ["-B", bdir]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        lines = r.stderr.strip().splitlines() or ["?"]
        why = next((ln for ln in lines if "rror" in ln), lines[-1])
        return "build", why[:300]
    try:
        r = subprocess.run(runner + [exe], capture_output=True, timeout=20)
    except subprocess.TimeoutExpired:
        return "timeout", ""
    finally:
        pass
    try:
        os.unlink(exe)
    except OSError:
        pass
    return ("pass" if r.returncode == 0 else "fail"), f"exit {r.returncode}"


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--target", default="x86_64")
    ap.add_argument("--fast", action="store_true")
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("-O", dest="opt", default="2")
    ap.add_argument("--log", default=None)
    a = ap.parse_args(argv)
    from toolchain.targets import get_target
    t = get_target(a.target)
    gcc = t.gnu_tool("gcc")
    if gcc is None:
        print(f"no gcc for {t.triple}")
        print("0 passed, 0 failed")
        return 0
    files = sorted(glob.glob(os.path.join(sources.torture(), "execute", "*.c")))
    if a.fast:
        files = files[::20]
    bdir = make_as_dir(t.triple)
    runner = t.runner()
    flags = [f"-O{a.opt}"]
    tmp = tempfile.mkdtemp(prefix="pyas-torture-")

    def one(src):
        ref = _build_run(gcc, src, flags, None, runner, tmp)
        ours = _build_run(gcc, src, flags, bdir, runner, tmp)
        return os.path.basename(src)[:-2], ref, ours

    with ThreadPoolExecutor(max_workers=a.j) as ex:
        results = list(ex.map(one, files))
    ref_pass = sum(1 for _, r, _ in results if r[0] == "pass")
    our_pass = sum(1 for _, _, o in results if o[0] == "pass")
    same = sum(1 for _, r, o in results if r[0] == o[0])
    log_path = a.log or os.path.join(sources.CACHE, "asm-corpus", f"{t.name}-gcc-driver.log")
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    with open(log_path, "w") as log:
        for name, r, o in results:
            if r[0] != o[0]:
                log.write(f"ERROR {name}: GNU as {r[0]}, pyas {o[0]} ({o[1]})\n")
    print(f"{t.triple} -O{a.opt}: {len(results)} torture tests; pass with GNU as {ref_pass}, "
          f"with pyas {our_pass}; log {log_path}")
    print(f"{same} passed, {len(results) - same} failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
