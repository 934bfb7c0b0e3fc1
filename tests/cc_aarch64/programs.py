"""Lua, zlib and SQLite built for AArch64 by pycc alone (PATH without GNU tools), run under
qemu-aarch64 and compared with the same programs built by aarch64-linux-gnu-gcc -O1.

    python -m tests.cc_aarch64.programs [-O0|-O1] [-j N] [--programs lua,zlib,sqlite]

Prints the compile CPU time per program, logs `ERROR name: reason` and ends with
`N passed, M failed` (one step per program: its workload's output equals gcc's).
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

from tests.harness import sources
from tests.ld.programs import SQLITE_DRIVER
from tests.lower.lua import FILES as LUA_FILES, SCRIPT as LUA_SCRIPT
from tests.cc_aarch64.common import GCC, TARGET, clean_env, run_qemu

ZLIB_FILES = ("adler32 compress crc32 deflate gzclose gzlib gzread gzwrite infback inffast "
              "inflate inftrees trees uncompr zutil example").split()
SQLITE_FLAGS = ["-DSQLITE_THREADSAFE=0", "-DSQLITE_OMIT_LOAD_EXTENSION"]


def _pycc(args, cwd):
    return subprocess.run([sys.executable, "-m", "toolchain.cc", f"--target={TARGET}", "-w"] + args,
                          capture_output=True, text=True, cwd=cwd, env=clean_env())


def _cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def build(name, srcs, flags, libs, opt, jobs, td):
    """Compile srcs (paths) with pycc and with gcc; returns (pycc exe, gcc exe, error)."""
    objs = []
    errs = []

    def cc(src):
        o = os.path.join(td, os.path.basename(src)[:-2] + ".o")
        r = _pycc([opt, *flags, "-c", src, "-o", o], td)
        return o, r

    t0 = _cpu()
    with ThreadPoolExecutor(jobs) as ex:
        for o, r in ex.map(cc, srcs):
            if r.returncode:
                errs.append((r.stderr.strip().splitlines() or ["?"])[-1][:200])
            objs.append(o)
    print(f"{name}: pycc {opt} compile {_cpu() - t0:.1f} s CPU", flush=True)
    if errs:
        return None, None, "compile: " + errs[0]
    exe = os.path.join(td, name + "_pycc")
    r = _pycc([opt, "-o", exe] + objs + libs, td)
    if r.returncode:
        return None, None, "link: " + (r.stderr.strip().splitlines() or ["?"])[-1][:200]
    ref = os.path.join(td, name + "_gcc")
    subprocess.run([GCC, "-w", "-O1", *flags, "-o", ref] + list(srcs) + libs, check=True, cwd=td)
    return exe, ref, None


def compare(name, exe, ref, args=(), td=None, timeout=600):
    out = subprocess.run(["qemu-aarch64", "-L", "/usr/aarch64-linux-gnu", exe, *args],
                         capture_output=True, timeout=timeout, cwd=td)
    want = subprocess.run(["qemu-aarch64", "-L", "/usr/aarch64-linux-gnu", ref, *args],
                          capture_output=True, timeout=timeout, cwd=td)
    if out.returncode != want.returncode or out.stdout != want.stdout:
        first = (out.stdout.decode(errors="replace").strip().splitlines()
                 or [f"exit {out.returncode}"])[0]
        return f"output differs from gcc's (exit {out.returncode} vs {want.returncode}): {first[:100]}"
    return None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("-O", dest="opt", default="1")
    p.add_argument("-j", dest="jobs", type=int, default=2)
    p.add_argument("--programs", default="lua,zlib,sqlite")
    a = p.parse_args()
    opt = f"-O{a.opt}"
    errors, passed = [], 0
    for prog in a.programs.split(","):
        with tempfile.TemporaryDirectory() as td:
            if prog == "lua":
                d = sources.lua()
                srcs = [os.path.join(d, n + ".c") for n in LUA_FILES]
                exe, ref, err = build("lua", srcs, ["-DLUA_USE_LINUX"], ["-lm", "-ldl"], opt,
                                      a.jobs, td)
                args = [LUA_SCRIPT]
            elif prog == "zlib":
                d = sources.zlib()
                srcs = [os.path.join(d, n + ".c") for n in ZLIB_FILES]
                exe, ref, err = build("zlib", srcs, [f"-I{d}"], [], opt, a.jobs, td)
                args = []
            else:
                d = sources.sqlite()
                drv = os.path.join(td, "driver.c")
                with open(drv, "w") as f:
                    f.write(SQLITE_DRIVER)
                srcs = [os.path.join(d, "sqlite3.c"), drv]
                exe, ref, err = build("sqlite", srcs, SQLITE_FLAGS + [f"-I{d}"], ["-lm"], opt,
                                      a.jobs, td)
                args = []
            if err is None:
                err = compare(prog, exe, ref, args, td)
            if err:
                errors.append((prog, err))
            else:
                passed += 1
    for name, why in errors:
        print(f"ERROR {name}: {why}")
    print(f"{passed} passed, {len(errors)} failed")
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
