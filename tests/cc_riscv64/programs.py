"""Lua 5.4 and SQLite built for RISC-V 64 with pycc alone (compiled by pycc, assembled by pyas
and linked by pyld in process, PATH whose as/ld/gcc and riscv64-linux-gnu-as/ld/gcc fail), run
under qemu-riscv64, output compared with riscv64-linux-gnu-gcc builds.

    python -m tests.cc_riscv64.programs [-O0|-O1] [-j N] [--programs lua,sqlite] [--time]

Each step (compile, link, workload) per program passes or logs `ERROR name: reason`; the last
line is `N passed, M failed`. --time prints compile CPU seconds and workload run times of the
pycc and gcc (-O0, -O2) builds under qemu.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

from tests.cc_riscv64.torture import GCC, SYSROOT, fake_bin
from tests.harness import sources
from tests.ld.programs import SQLITE_DRIVER
from tests.lower.lua import FILES as LUA_FILES, SCRIPT as LUA_SCRIPT

SQ_FLAGS = ["-DSQLITE_THREADSAFE=0", "-DSQLITE_OMIT_LOAD_EXTENSION"]


def _env():
    return dict(os.environ, PATH=fake_bin() + os.pathsep + os.environ.get("PATH", ""))


def _pycc(args, env):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = subprocess.run([sys.executable, "-m", "toolchain.cc", "--target=riscv64-linux-gnu", "-w"]
                       + args, env=env, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _run(exe, args=(), cwd=None):
    t0 = time.time()
    r = subprocess.run(["qemu-riscv64", "-L", SYSROOT, exe, *args], capture_output=True, text=True,
                       timeout=600, cwd=cwd)
    return r, time.time() - t0


def lua(a, td, errors, report):
    src = sources.lua()
    env = _env()
    cpu = [0.0]

    def cc(name):
        r, t = _pycc([f"-O{a.opt}", "-DLUA_USE_LINUX", "-c", os.path.join(src, name + ".c"), "-o",
                      os.path.join(td, name + ".o")], env)
        return name, r, t

    bad = 0
    with ThreadPoolExecutor(a.jobs) as ex:
        for name, r, t in ex.map(cc, LUA_FILES):
            cpu[0] += t
            if r.returncode:
                bad += 1
                errors.append((f"lua/{name}", (r.stderr.strip().splitlines() or ["?"])[-1][:200]))
    report.append(f"pycc -O{a.opt}: Lua's {len(LUA_FILES)} files {cpu[0]:.1f} s CPU")
    if bad:
        return 0
    exe = os.path.join(td, "lua")
    r, _ = _pycc(["-o", exe] + [os.path.join(td, n + ".o") for n in LUA_FILES] + ["-lm", "-ldl"],
                 env)
    if r.returncode:
        errors.append(("lua/link", (r.stderr.strip().splitlines() or ["?"])[-1][:200]))
        return 1
    refs = {}
    for lvl in (("-O0", "-O2") if a.time else ("-O1",)):
        ref = os.path.join(td, "lua_gcc" + lvl)
        subprocess.run([GCC, "-w", lvl, "-DLUA_USE_LINUX", "-o", ref] +
                       [os.path.join(src, n + ".c") for n in LUA_FILES] + ["-lm", "-ldl"],
                       check=True)
        refs[lvl] = ref
    out, t = _run(exe, [LUA_SCRIPT])
    want, _ = _run(next(iter(refs.values())), [LUA_SCRIPT])
    if out.returncode == 0 and out.stdout == want.stdout:
        passed = 3
    else:
        errors.append(("lua/workload", "output differs from the gcc-built Lua"))
        passed = 2
    if a.time:
        line = f"Lua workload under qemu: pycc -O{a.opt} {t:.2f} s"
        for lvl, ref in refs.items():
            line += f", gcc {lvl} {_run(ref, [LUA_SCRIPT])[1]:.2f} s"
        report.append(line)
    return passed


def sqlite(a, td, errors, report):
    d = sources.sqlite()
    env = _env()
    drv = os.path.join(td, "driver.c")
    with open(drv, "w") as f:
        f.write(SQLITE_DRIVER)
    obj = os.path.join(td, "sqlite3.o")
    r, cpu = _pycc([f"-O{a.opt}", *SQ_FLAGS, "-c", os.path.join(d, "sqlite3.c"), "-o", obj], env)
    report.append(f"pycc -O{a.opt} -c sqlite3.c (riscv64): {cpu:.1f} s CPU, peak RSS "
                  f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024} MB")
    if r.returncode:
        errors.append(("sqlite/compile", (r.stderr.strip().splitlines() or ["?"])[-1][:200]))
        return 0
    exe = os.path.join(td, "sq")
    r, _ = _pycc([f"-O{a.opt}", *SQ_FLAGS, f"-I{d}", "-o", exe, drv, obj, "-lm"], env)
    if r.returncode:
        errors.append(("sqlite/link", (r.stderr.strip().splitlines() or ["?"])[-1][:200]))
        return 1
    refs = {}
    for lvl in (("-O0", "-O2") if a.time else ("-O1",)):
        ref = os.path.join(td, "sq_gcc" + lvl)
        subprocess.run([GCC, "-w", lvl, *SQ_FLAGS, f"-I{d}", "-o", ref, drv,
                        os.path.join(d, "sqlite3.c"), "-lm"], check=True)
        refs[lvl] = ref
    out, t = _run(exe, cwd=td)
    want, _ = _run(next(iter(refs.values())), cwd=td)
    if out.returncode == 0 and want.returncode == 0 and out.stdout == want.stdout:
        passed = 3
    else:
        first = (out.stdout.strip().splitlines() or [f"exit {out.returncode}"])[0]
        errors.append(("sqlite/workload", f"output differs from gcc-built SQLite: {first[:120]}"))
        passed = 2
    if a.time:
        line = f"SQLite workload under qemu: pycc -O{a.opt} {t:.2f} s"
        for lvl, ref in refs.items():
            line += f", gcc {lvl} {_run(ref, cwd=td)[1]:.2f} s"
        report.append(line)
    return passed


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("-O", dest="opt", default="1")
    p.add_argument("-j", dest="jobs", type=int, default=2)
    p.add_argument("--programs", default="lua,sqlite")
    p.add_argument("--time", action="store_true")
    a = p.parse_args()
    errors, report = [], []
    passed = 0
    for prog in a.programs.split(","):
        with tempfile.TemporaryDirectory() as td:
            passed += {"lua": lua, "sqlite": sqlite}[prog](a, td, errors, report)
    for line in report:
        print(line)
    for name, why in errors:
        print(f"ERROR {name}: {why}")
    print(f"{passed} passed, {len(errors)} failed")
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
