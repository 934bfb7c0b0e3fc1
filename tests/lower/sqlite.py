"""Build SQLite (the sqlite3.c amalgamation) with pycc alone (compiled by pycc, assembled by pyas
and linked by pyld in process, with a PATH whose as/ld/gcc fail) and run a small API workload,
comparing its output with a gcc-built SQLite's.

    python -m tests.lower.sqlite [-O0|-O1]

Prints the compile's CPU time and peak RSS, logs `ERROR name: reason` lines and ends with
`N passed, M failed` (the steps: compile, link, workload).
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile

from tests.harness import sources
from tests.lower.torture import _fake_bin

# the same driver program and workload as tests/ld/programs.py
from tests.ld.programs import SQLITE_DRIVER

FLAGS = ["-DSQLITE_THREADSAFE=0", "-DSQLITE_OMIT_LOAD_EXTENSION"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("-O", dest="opt", default="1")
    p.add_argument("--fast", action="store_true", help="accepted for symmetry; same run")
    a = p.parse_args()
    d = sources.sqlite()
    env = dict(os.environ, PATH=_fake_bin() + os.pathsep + os.environ.get("PATH", ""))
    passed, errors = 0, []
    with tempfile.TemporaryDirectory() as td:
        drv = os.path.join(td, "driver.c")
        with open(drv, "w") as f:
            f.write(SQLITE_DRIVER)
        obj = os.path.join(td, "sqlite3.o")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        r = subprocess.run([sys.executable, "-m", "toolchain.cc", "-w", f"-O{a.opt}", *FLAGS,
                            "-c", os.path.join(d, "sqlite3.c"), "-o", obj], env=env,
                           capture_output=True, text=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        print(f"pycc -O{a.opt} -c sqlite3.c: {cpu:.1f} s CPU, peak RSS {after.ru_maxrss // 1024} MB")
        if r.returncode:
            errors.append(("compile", (r.stderr.strip().splitlines() or ["?"])[-1][:200]))
        else:
            passed += 1
            exe = os.path.join(td, "sq")
            r = subprocess.run([sys.executable, "-m", "toolchain.cc", "-w", f"-O{a.opt}", *FLAGS,
                                f"-I{d}", "-o", exe, drv, obj, "-lm"], env=env,
                               capture_output=True, text=True)
            if r.returncode:
                errors.append(("link", (r.stderr.strip().splitlines() or ["?"])[-1][:200]))
            else:
                passed += 1
                ref = os.path.join(td, "sq_gcc")
                subprocess.run(["gcc", "-w", "-O1", *FLAGS, f"-I{d}", "-o", ref, drv,
                                os.path.join(d, "sqlite3.c"), "-lm"], check=True)
                out = subprocess.run([exe], capture_output=True, text=True, timeout=120)
                want = subprocess.run([ref], capture_output=True, text=True, timeout=120)
                if out.returncode == 0 and out.stdout == want.stdout and want.returncode == 0:
                    passed += 1
                else:
                    first = (out.stdout.strip().splitlines() or [f"exit {out.returncode}"])[0]
                    errors.append(("workload", f"output differs from gcc-built SQLite: {first[:120]}"))
    for name, why in errors:
        print(f"ERROR {name}: {why}")
    print(f"{passed} passed, {len(errors)} failed")
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
