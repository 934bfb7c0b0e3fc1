"""`CC=pycc` with real build systems: zlib through its autoconf `configure` and automake
Makefile, Lua 5.4 through its makefile (`make CC=pycc`), each next to the same build with gcc.

    python -m tests.driver.make_builds [--fast] [-j N] [--keep DIR]

Checks (one `ERROR name: reason` line per failure in tests/driver/make_builds.log):
  zlib-configure   `CC=pycc ./configure` succeeds (answers that differ from CC=gcc are listed)
  zlib-make        `make` builds libz.a (pycc compiles every object, -MD -MP -MF .deps/...)
  zlib-example     zlib's example.c linked against the pycc libz.a prints what gcc's does
  zlib-minigzip    minigzip: compressed bytes equal to the gcc build's, and round trips
  lua-make         `make CC=pycc` builds liblua.a and lua          (not with --fast)
  lua-workload     tests/lower/data/workload.lua prints the same with both builds
GCC's in-tree zlib needs autoconf's helper scripts (install-sh, config.guess, ltmain.sh...) one
directory up; they are copied from the system's libtool/automake installation.
"""
from __future__ import annotations

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from tests.harness import sources

HERE = os.path.dirname(os.path.abspath(__file__))
LOG = os.path.join(HERE, "make_builds.log")
WORKLOAD = os.path.join(HERE, "..", "lower", "data", "workload.lua")
AUX_DIRS = ["/usr/share/libtool/build-aux"] + sorted(glob.glob("/usr/share/automake-*"))


class Run:
    def __init__(self):
        self.passed = 0
        self.errors: list[str] = []

    def ok(self, name, info=""):
        self.passed += 1
        print(f"ok {name}{': ' + info if info else ''}", flush=True)

    def fail(self, name, reason):
        line = f"ERROR {name}: {reason}"
        self.errors.append(line)
        print(line, flush=True)


def sh(cmd, cwd, env=None, timeout=3600, stdin=None):
    """Run ``cmd``; returns (CompletedProcess, CPU seconds of the children)."""
    before = os.times()
    r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, timeout=timeout, input=stdin,
                       shell=isinstance(cmd, str))
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system -
                                                          before.children_system)
    return r, cpu


def tail(r, n=3):
    text = (r.stderr or b"").decode(errors="replace").strip().splitlines()
    return " | ".join(text[-n:])[:300]


def pycc_env():
    env = dict(os.environ)
    env["CC"] = "pycc"
    return env


def configure_answers(log: str) -> dict[str, str]:
    out = {}
    for ln in log.splitlines():
        m = re.match(r"checking (.*?)\.\.\. (.*)", ln)
        if m:
            key = re.sub(r"\S*/bin/(py)?ld\b", "LD", m.group(1))
            out[key.replace("pycc", "CC").replace("gcc", "CC")] = m.group(2)
    return out


def build_zlib(run: Run, work: str, jobs: int, cc: str) -> str | None:
    """Copy zlib with the aux scripts one level up, configure and make; the build dir or None."""
    root = os.path.join(work, f"zlib-{cc}")
    os.makedirs(root)
    shutil.copytree(sources.zlib(), os.path.join(root, "zlib"))
    for d in AUX_DIRS:
        for f in ("install-sh", "config.guess", "config.sub", "ltmain.sh", "missing", "compile",
                  "depcomp"):
            p = os.path.join(d, f)
            if os.path.exists(p) and not os.path.exists(os.path.join(root, f)):
                shutil.copy(p, root)
    zdir = os.path.join(root, "zlib")
    env = dict(os.environ, CC=cc)
    r, cpu = sh(["./configure", "--disable-multilib"], zdir, env)
    with open(os.path.join(root, "configure.out"), "wb") as f:
        f.write(r.stdout)
    if cc == "gcc":
        if r.returncode == 0 and sh(["make", f"-j{jobs}"], zdir, env)[0].returncode == 0:
            return zdir
        return None
    if r.returncode:
        run.fail("zlib-configure", f"exit {r.returncode}: {tail(r)}")
        return None
    gcc_out = os.path.join(work, "zlib-gcc", "configure.out")
    diffs = []
    if os.path.exists(gcc_out):
        ours = configure_answers(r.stdout.decode(errors="replace"))
        theirs = configure_answers(open(gcc_out, encoding="utf-8", errors="replace").read())
        diffs = [f"{k}: gcc '{theirs.get(k)}' pycc '{v}'" for k, v in ours.items()
                 if theirs.get(k) != v and k != "for CC"]
    run.ok("zlib-configure", f"{cpu:.1f} s CPU; {len(diffs)} answers differ from CC=gcc"
           + "".join(f"\n    {d}" for d in diffs))
    r, cpu = sh(["make", f"-j{jobs}"], zdir, env)
    if r.returncode or not os.path.exists(os.path.join(zdir, "libz.a")):
        run.fail("zlib-make", f"exit {r.returncode}: {tail(r)}")
        return None
    deps = glob.glob(os.path.join(zdir, ".deps", "*.Po"))
    if not any("zlib.h" in open(p).read() for p in deps):
        run.fail("zlib-make", "no dependency file names zlib.h (-MD -MP -MF)")
        return None
    run.ok("zlib-make", f"libz.a, {cpu:.1f} s CPU")
    return zdir


def zlib_programs(run: Run, work: str, ours: str, theirs: str | None):
    exes = {}
    for name in ("example", "minigzip"):
        for tag, cc, zdir in (("pycc", "pycc", ours), ("gcc", "gcc", theirs)):
            if zdir is None:
                continue
            exe = os.path.join(work, f"{name}-{tag}")
            r, _ = sh([cc, "-O1", "-I", zdir, os.path.join(zdir, name + ".c"),
                       os.path.join(zdir, "libz.a"), "-o", exe], work)
            if r.returncode:
                run.fail(f"zlib-{name}", f"{tag} build failed: {tail(r)}")
                continue
            exes[name, tag] = exe
    if ("example", "pycc") in exes:
        a, _ = sh([exes["example", "pycc"]], work, timeout=120)
        b = sh([exes["example", "gcc"]], work, timeout=120)[0] if ("example", "gcc") in exes else None
        if a.returncode:
            run.fail("zlib-example", f"exit {a.returncode}: {a.stdout[-200:]!r}")
        elif b is not None and a.stdout != b.stdout:
            run.fail("zlib-example", "output differs from the gcc build")
        else:
            run.ok("zlib-example")
    if ("minigzip", "pycc") in exes:
        data = open(os.path.join(ours, "ChangeLog"), "rb").read() * 4
        z, _ = sh([exes["minigzip", "pycc"]], work, stdin=data)
        back, _ = sh([exes["minigzip", "pycc"], "-d"], work, stdin=z.stdout)
        ref = sh([exes["minigzip", "gcc"]], work, stdin=data)[0] if ("minigzip", "gcc") in exes else None
        if z.returncode or back.returncode or back.stdout != data:
            run.fail("zlib-minigzip", "round trip failed")
        elif ref is not None and ref.stdout != z.stdout:
            run.fail("zlib-minigzip", "compressed bytes differ from the gcc build's")
        else:
            run.ok("zlib-minigzip", f"{len(data)} -> {len(z.stdout)} bytes, same as gcc")


def build_lua(run: Run, work: str, jobs: int):
    exes = {}
    for cc in ("gcc", "pycc"):
        d = os.path.join(work, f"lua-{cc}")
        shutil.copytree(sources.lua(), d)
        for f in glob.glob(os.path.join(d, "*.o")) + glob.glob(os.path.join(d, "*.a")):
            os.unlink(f)
        for f in ("lua", "all"):
            if os.path.exists(os.path.join(d, f)):
                os.unlink(os.path.join(d, f))
        r, cpu = sh(["make", f"-j{jobs}", f"CC={cc}"], d)
        if r.returncode or not os.path.exists(os.path.join(d, "lua")):
            if cc == "pycc":
                run.fail("lua-make", f"exit {r.returncode}: {tail(r)}")
            continue
        if cc == "pycc":
            run.ok("lua-make", f"liblua.a and lua, {cpu:.1f} s CPU")
        exes[cc] = os.path.join(d, "lua")
    if "pycc" in exes:
        a, cpu = sh([exes["pycc"], WORKLOAD], work, timeout=600)
        b = sh([exes["gcc"], WORKLOAD], work, timeout=600)[0] if "gcc" in exes else None
        if a.returncode:
            run.fail("lua-workload", f"exit {a.returncode}: {tail(a)}")
        elif b is not None and a.stdout != b.stdout:
            run.fail("lua-workload", "output differs from the gcc build")
        else:
            run.ok("lua-workload", f"same output as gcc's build ({cpu:.2f} s CPU)")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--fast", action="store_true", help="zlib only")
    p.add_argument("-j", dest="jobs", type=int, default=2)
    p.add_argument("--keep", help="build in this directory and keep it")
    a = p.parse_args(argv)
    if shutil.which("pycc") is None or shutil.which("make") is None:
        print("pycc or make not in PATH")
        return 1
    run = Run()
    t0 = time.time()
    work = a.keep or tempfile.mkdtemp(prefix="make_builds")
    os.makedirs(work, exist_ok=True)
    try:
        theirs = build_zlib(run, work, a.jobs, "gcc")
        ours = build_zlib(run, work, a.jobs, "pycc")
        if ours:
            zlib_programs(run, work, ours, theirs)
        if not a.fast:
            build_lua(run, work, a.jobs)
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    with open(LOG, "w") as f:
        f.write("".join(e + "\n" for e in run.errors))
    print(f"({time.time() - t0:.0f} s wall)")
    print(f"{run.passed} passed, {len(run.errors)} failed")
    return 1 if run.errors else 0


if __name__ == "__main__":
    sys.exit(main())
