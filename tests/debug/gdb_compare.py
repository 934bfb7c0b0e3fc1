"""gdb on pycc -g versus gcc -g: the same gdb session (tests/debug/gdb_session.py: break at
main and at a line, watch a local, step/next/finish with bt, locals, struct/array/pointer
prints and ptype at every stop) on programs built by both compilers; the transcripts must be
equal. Programs: every 20th torture execute test that uses a struct (sorted by name) and, without
--fast, SQLite (sqlite3.c with tests/bench/sqlite_bench.c; the npm corpus ships no shell.c).

    python -m tests.debug.gdb_compare [--fast] [-j N] [-O LEVEL] [--target T] [--only NAME]

Log: /tmp/pytoolchain-debug/gdb_compare-<target>-O<L>.log (one ``ERROR name: reason`` per
failure). At -O1 and above the transcripts are not compared line by line: a program passes
when every value pycc's build shows for a variable also appears for it in gcc's -O0
transcripts (the session with 4x the stops, and a session stopping at every line pycc's
session stopped at, each time the line is reached) or is <optimized out> (never a wrong
value), and bt/breakpoints work.
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import glob
import os
import re
import subprocess
import sys

from tests.harness import sources

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = "/tmp/pytoolchain-debug"
SESSION = os.path.join(HERE, "gdb_session.py")

QEMU = {"aarch64": ("qemu-aarch64", "aarch64-linux-gnu-gcc", "/usr/aarch64-linux-gnu"),
        "riscv64": ("qemu-riscv64", "riscv64-linux-gnu-gcc", "/usr/riscv64-linux-gnu")}


def programs(fast: bool):
    d = os.path.join(sources.torture(), "execute")
    names = []
    for p in sorted(glob.glob(os.path.join(d, "*.c"))):
        with open(p, errors="replace") as f:
            s = f.read()
        if "struct" in s and re.search(r"^\s*(int\s+)?main\s*\(", s, re.M) and "asm" not in s:
            names.append(p)
    picked = names[19::20][:19]
    if fast:
        picked = picked[:4]
    out = [(os.path.basename(p)[:-2], [p], []) for p in picked]
    if not fast:
        sq = sources.sqlite()
        out.append(("sqlite", [os.path.join(sq, "sqlite3.c"),
                               os.path.join(HERE, "..", "bench", "sqlite_bench.c")],
                    ["-I" + sq, "-DSQLITE_THREADSAFE=0", "-DSQLITE_OMIT_LOAD_EXTENSION"]))
    return out


def build(cc, srcs, flags, exe, target):
    cmd = [cc] + flags + ["-w"] + srcs + ["-o", exe, "-lm"]
    if cc == "pycc" and target != "x86_64":
        cmd.insert(1, f"--target={target}-linux-gnu")
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    if r.returncode:
        raise RuntimeError(f"{cc} failed: {(r.stderr or r.stdout).strip()[-300:]}")


def session(exe, out, target, steps, port, lines=None):
    env = dict(os.environ, GDB_OUT=out, GDB_STEPS=str(steps))
    if lines:
        env["GDB_LINES"] = " ".join(lines)
    if target == "x86_64":
        cmd = ["gdb", "-q", "-batch", "-nx", "-x", SESSION, exe]
        subprocess.run(cmd, env=env, capture_output=True, timeout=300, cwd=os.path.dirname(exe))
        return
    qemu, _, sysroot = QEMU[target]
    env["GDB_REMOTE"] = f"localhost:{port}"
    q = subprocess.Popen([qemu, "-L", sysroot, "-g", str(port), exe],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        cmd = ["gdb-multiarch", "-q", "-batch", "-nx", "-ex", f"set sysroot {sysroot}",
               "-ex", f"file {exe}", "-ex", f"target remote localhost:{port}", "-x", SESSION]
        subprocess.run(cmd, env=env, capture_output=True, timeout=300,
                       cwd=os.path.dirname(exe))
    finally:
        q.kill()
        q.wait()


def first_diff(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"line {i + 1}: pycc {x!r} vs gcc {y!r}"
    if len(a) != len(b):
        return f"pycc {len(a)} lines, gcc {len(b)} lines"
    return None


_VAL = re.compile(r"^  (\*?[\w\[\]]+) = (.*)$")


def optimised_check(ours, ref):
    """-O1/-O2: each value pycc's build shows must be one gcc -O0's build shows for that name
    somewhere (its session, and its stops at every line pycc's session stopped at, each
    time the line is reached), or <optimized out>."""
    seen = {}
    for ln in ref:
        m = _VAL.match(ln)
        if m:
            seen.setdefault(m.group(1), set()).add(m.group(2))
    stops = sum(1 for ln in ours if ln.startswith("stop "))
    if not stops:
        return "gdb never stopped in the program"
    if not any(ln.startswith("#0 ") for ln in ours):
        return "no backtrace"
    for ln in ours:
        m = _VAL.match(ln)
        if not m or "<optimized out>" in m.group(2):
            continue
        vals = seen.get(m.group(1))
        if vals is not None and m.group(2) not in vals:
            return f"{m.group(1)} = {m.group(2)} never seen at -O0 ({sorted(vals)[:3]})"
    return None


def one(args):
    name, srcs, flags, opt, target, steps, idx = args
    d = os.path.join(WORK, target, f"O{opt}", name)
    os.makedirs(d, exist_ok=True)
    gcc = "gcc" if target == "x86_64" else QEMU[target][1]
    with open(os.path.join(d, "srcs"), "w") as f:
        f.write("\n".join(os.path.basename(x) for x in srcs) + "\n")
    try:
        build("pycc", srcs, flags + ["-g", f"-O{opt}"], os.path.join(d, "p"), target)
        build(gcc, srcs, flags + ["-g", "-O0"], os.path.join(d, "g"), target)
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        return name, f"build: {e}"
    port = 12000 + (os.getpid() % 1000) * 10 + idx % 10
    res = {}
    for k in ("p", "g"):
        out = os.path.join(d, k + ".gdb")
        # an optimised build runs through more of the program in the same number of stops:
        # gcc -O0's reference session goes further so it shows the values seen there too
        n = steps * 4 if k == "g" and str(opt) != "0" else steps
        try:
            session(os.path.join(d, k), out, target, n, port)
        except subprocess.TimeoutExpired:
            return name, "gdb timed out"
        if not os.path.exists(out):
            return name, f"no gdb transcript for {k}"
        with open(out) as f:
            res[k] = f.read().splitlines()
    if str(opt) != "0":
        # and gcc -O0's build stopped at every line the optimised session stopped at
        lines = sorted({ln.split()[2] for ln in res["p"] if ln.startswith("stop ")})
        out = os.path.join(d, "g-lines.gdb")
        try:
            session(os.path.join(d, "g"), out, target, steps * 4, port, lines)
        except subprocess.TimeoutExpired:
            return name, "gdb timed out"
        if os.path.exists(out):
            with open(out) as f:
                res["g"] += f.read().splitlines()
    if str(opt) == "0":
        why = first_diff(res["p"], res["g"])
    else:
        why = optimised_check(res["p"], res["g"])
    return name, why


def arguments(opt: str) -> argparse.ArgumentParser:
    """The options the gdb harnesses share (gdb_compare, o2_coverage)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--fast", action="store_true")
    ap.add_argument("-j", type=int, default=1)
    ap.add_argument("-O", dest="opt", default=opt)
    ap.add_argument("--target", default="x86_64")
    ap.add_argument("--only")
    return ap


def main(argv=None):
    ap = arguments("0")
    ap.add_argument("--steps", type=int, default=40)
    a = ap.parse_args(argv)
    progs = programs(a.fast)
    if a.only:
        progs = [p for p in progs if p[0] == a.only]
    os.makedirs(WORK, exist_ok=True)
    log = os.path.join(WORK, f"gdb_compare-{a.target}-O{a.opt}.log")
    jobs = [(n, s, f, a.opt, a.target, a.steps, i) for i, (n, s, f) in enumerate(progs)]
    passed = failed = 0
    with open(log, "w") as lf, cf.ThreadPoolExecutor(a.j) as ex:
        for name, why in ex.map(one, jobs):
            if why is None:
                passed += 1
            else:
                failed += 1
                lf.write(f"ERROR {name}: {why}\n")
    print(f"gdb session, pycc -g -O{a.opt} vs gcc -g -O0, {a.target}: log {log}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
