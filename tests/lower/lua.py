"""Build Lua 5.4 with pycc alone (every .c compiled by pycc, linked by pyld) and run a workload
script, comparing its output with a gcc-built Lua.

    python -m tests.lower.lua [-O0|-O1] [-j N]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

from tests.harness import sources

FILES = ("lapi lauxlib lbaselib lcode lcorolib lctype ldblib ldebug ldo ldump lfunc lgc linit "
         "liolib llex lmathlib lmem loadlib lobject lopcodes loslib lparser lstate lstring "
         "lstrlib ltable ltablib ltm lua lundump lutf8lib lvm lzio").split()
SCRIPT = os.path.join(os.path.dirname(__file__), "data", "workload.lua")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("-O", dest="opt", default="1")
    p.add_argument("-j", dest="jobs", type=int, default=2)
    a = p.parse_args()
    src = sources.lua()
    failed = []
    with tempfile.TemporaryDirectory() as td:
        def cc(name):
            r = subprocess.run([sys.executable, "-m", "toolchain.cc", "-w", f"-O{a.opt}",
                                "-DLUA_USE_LINUX", "-c", os.path.join(src, name + ".c"), "-o",
                                os.path.join(td, name + ".o")], capture_output=True, text=True)
            return name, r
        with ThreadPoolExecutor(a.jobs) as ex:
            for name, r in ex.map(cc, FILES):
                if r.returncode:
                    failed.append(name)
                    print(f"ERROR {name}: {(r.stderr.strip().splitlines() or ['?'])[0][:200]}")
        if failed:
            print(f"{len(FILES) - len(failed)} passed, {len(failed)} failed")
            return 1
        exe = os.path.join(td, "lua")
        subprocess.run([sys.executable, "-m", "toolchain.cc", "-o", exe] +
                       [os.path.join(td, n + ".o") for n in FILES] + ["-lm", "-ldl"], check=True)
        ref = os.path.join(td, "lua_gcc")
        subprocess.run(["gcc", "-w", "-O1", "-DLUA_USE_LINUX", "-o", ref] +
                       [os.path.join(src, n + ".c") for n in FILES] + ["-lm", "-ldl"], check=True)
        out = subprocess.run([exe, SCRIPT], capture_output=True, text=True, timeout=120)
        want = subprocess.run([ref, SCRIPT], capture_output=True, text=True, timeout=120)
        ok = out.returncode == 0 and out.stdout == want.stdout
        if not ok:
            print("ERROR workload: output differs from gcc-built Lua")
        print(f"{len(FILES) + ok} passed, {0 if ok else 1} failed")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
