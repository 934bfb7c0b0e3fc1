"""How much of what gdb shows for gcc -O2 -g it shows for pycc -O2 -g, and never a wrong value.

    python -m tests.debug.o2_coverage [--fast] [-j N] [--target T] [-O L] [--only NAME]

For each program (tests/debug/o2/*.c, test_optimised's program, and torture execute tests
with loops and calls, every 40th such by name; --fast: a third of them) three builds are
made: gcc -O0 -g (the truth: every variable has its home), gcc -O<L> -g and pycc -O<L> -g.
gdb (tests/debug/o2_session.py) breaks in each build at every function all three builds
call as a real function (the program's own and the library's), and records at each stop the
callee's arguments at its entry and the variables of the calling frames (inlined frames too).
Stops are matched across the builds by callee, caller and occurrence. Per variable and
stop: shown by both (same value), by gcc only, by pycc only, or a different value. A value
pycc shows that differs from gcc -O0's at the same stop is a wrong value: ``ERROR name: ...``
in the log and the program fails (except where gcc -O2 shows the same, or the bytes are
undefined: a pointer's target or an aggregate whose gcc -O0 and gcc -O2 values differ too,
i.e. memory nobody set; a value pycc's build reads from the variable's memory home (gdb
gives it an address) that differs is counted apart as "memory": those bytes are the
program's, not a location the debug information claims). Prints the counts, coverage (pycc shown / gcc shown) and
``N passed, M failed``. AArch64/RISC-V run under qemu with gdb-multiarch.

Log: /tmp/pytoolchain-debug/o2_coverage-<target>-O<L>.log
"""
from __future__ import annotations

import concurrent.futures as cf
import glob
import json
import os
import re
import subprocess
import sys

from tests.debug.gdb_compare import QEMU, arguments
from tests.harness import sources

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = "/tmp/pytoolchain-debug/o2cov"
SESSION = os.path.join(HERE, "o2_session.py")
_CRT = {"_start", "_init", "_fini", "main", "deregister_tm_clones", "register_tm_clones",
        "__do_global_dtors_aux", "frame_dummy", "__libc_csu_init", "__libc_csu_fini",
        "_dl_relocate_static_pie", "call_weak_fn", "load_gp"}
# library functions never broken at: the start-up code's, and ones gdb steps through oddly
_NOT = {"__libc_start_main", "__cxa_finalize", "__gmon_start__", "_ITM_registerTMCloneTable",
        "_ITM_deregisterTMCloneTable", "__stack_chk_fail", "_Jv_RegisterClasses",
        "__libc_start_call_main"}


def programs(fast: bool):
    out = []
    for p in sorted(glob.glob(os.path.join(HERE, "o2", "*.c"))):
        out.append((os.path.basename(p)[:-2], p))
    out.append(("test_optimised", None))
    d = os.path.join(sources.torture(), "execute")
    picked = []
    for p in sorted(glob.glob(os.path.join(d, "*.c"))):
        with open(p, errors="replace") as f:
            s = f.read()
        if re.search(r"^\s*(int\s+)?main\s*\(", s, re.M) and "asm" not in s and \
                re.search(r"\b(for|while)\s*\(", s) and \
                re.search(r"noinline|noipa|printf|\bextern\b", s) and "__int128" not in s:
            picked.append(p)
    picked = picked[5::11][:20]
    if fast:
        picked = picked[::3]
    out += [(os.path.basename(p)[:-2], p) for p in picked]
    return out


def build(cc, src, flags, exe, target, ours=False):
    cmd = [cc] + flags + ["-w", src, "-o", exe, "-lm"]
    if ours and target != "x86_64":
        cmd.insert(1, f"--target={target}-linux-gnu")
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if r.returncode:
        raise RuntimeError(f"{cc} failed: {(r.stderr or r.stdout).strip()[-200:]}")


def symbols(exe, target):
    nm = "nm" if target == "x86_64" else f"{target}-linux-gnu-nm"
    r = subprocess.run([nm, exe], capture_output=True, text=True)
    defined, undef = set(), set()
    for ln in r.stdout.splitlines():
        parts = ln.split()
        if len(parts) == 2 and parts[0] in ("U", "w"):
            undef.add(parts[1].split("@")[0])
        elif len(parts) == 3 and parts[1] in ("T", "t"):
            defined.add(parts[2])
    return defined, undef


def session(exe, out, target, funcs, port, src_names, stops, mem=False):
    env = dict(os.environ, O2_OUT=out, O2_FUNCS=" ".join(funcs), O2_SRCS=" ".join(src_names),
               O2_MAX=str(stops))
    if mem:
        env["O2_MEM"] = "1"
    if os.path.exists(out):
        os.unlink(out)
    if target == "x86_64":
        subprocess.run(["gdb", "-q", "-batch", "-nx", "-x", SESSION, exe], env=env,
                       capture_output=True, timeout=300, cwd=os.path.dirname(exe))
    else:
        qemu, _, sysroot = QEMU[target]
        env["O2_REMOTE"] = "1"
        q = subprocess.Popen([qemu, "-L", sysroot, "-g", str(port), exe],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            subprocess.run(["gdb-multiarch", "-q", "-batch", "-nx",
                            "-ex", f"set sysroot {sysroot}", "-ex", f"file {exe}",
                            "-ex", f"target remote localhost:{port}", "-x", SESSION],
                           env=env, capture_output=True, timeout=300,
                           cwd=os.path.dirname(exe))
        finally:
            q.kill()
            q.wait()
    if not os.path.exists(out):
        raise RuntimeError("no gdb output")
    res = {}
    with open(out) as f:
        for ln in f:
            if ln.strip():
                rec = json.loads(ln)
                for fname, vs in rec["frames"]:
                    for name, val in vs.items():
                        res[(rec["key"], fname, name)] = val
    return res


def compare(truth, gcc, ours):
    """Counts per class and the wrong values (pycc's value differs from gcc -O0's)."""
    n = {"both": 0, "gcc_only": 0, "pycc_only": 0, "different": 0, "memory": 0}
    wrong = []
    for k in sorted(set(gcc) | set(ours)):
        g, p = gcc.get(k), ours.get(k)
        t = truth.get(k)
        if p is not None and p.startswith("@"):     # read from memory by pycc's build
            p = p[1:]
            if t is not None and p != t and p != g:
                # memory: its home's bytes (an uninitialised variable, or a store the
                # optimiser moved past a call known not to read it), not a location
                # the debug information claims: counted apart, not a wrong value
                n["memory"] += 1
                continue
        if p is not None and t is not None and p != t and (
                p == g or g != t and (p.startswith("ptr->") and g is not None and
                                      g.startswith("ptr->") or p.startswith("{"))):
            # both optimised builds agree (memory written later than at -O0: a store
            # moved past a call known not to read it), or the pointed-to bytes or an
            # aggregate (always in memory in pycc's build) differ between gcc's builds
            # too: memory nobody set
            t = p
        if p is not None and t is not None and p != t:
            n["different"] += 1
            wrong.append(f"{k[0]} {k[1]} {k[2]} = {p} (gcc -O0: {t}, gcc: {g})")
            continue
        if g is not None and p is not None:
            n["both" if p == g or p == t else "different"] += 1
        elif g is not None:
            n["gcc_only"] += 1
        elif p is not None:
            n["pycc_only"] += 1
    return n, wrong


def one(args):
    name, src, opt, target, idx, stops, pycc = args
    d = os.path.join(WORK, target, f"O{opt}", name)
    os.makedirs(d, exist_ok=True)
    if src is None:
        from tests.debug.test_optimised import PROG
        src = os.path.join(d, "t.c")
        with open(src, "w") as f:
            f.write(PROG)
    gcc = "gcc" if target == "x86_64" else QEMU[target][1]
    exes = {}
    try:
        for k, cc, fl in (("t", gcc, ["-O0"]), ("g", gcc, [f"-O{opt}"]), ("p", pycc, [f"-O{opt}"])):
            exes[k] = os.path.join(d, k)
            build(cc, src, fl + ["-g"], exes[k], target, k == "p")
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        return name, None, [f"build: {e}"] if k == "p" else None
    syms = [symbols(exes[k], target) for k in "tgp"]
    funcs = set.intersection(*(s[0] for s in syms)) - _CRT
    funcs = {f for f in funcs if "." not in f and not f.startswith("_")}
    funcs |= set.intersection(*(s[1] for s in syms)) - _NOT
    funcs = sorted(f for f in funcs if not f.startswith("_ITM") and f)
    if not funcs:
        return name, {"both": 0, "gcc_only": 0, "pycc_only": 0, "different": 0,
                      "memory": 0}, []
    port = 13000 + (os.getpid() % 500) * 10 + idx % 10
    try:
        res = {k: session(exes[k], exes[k] + ".json", target, funcs, port,
                          [os.path.basename(src)], stops, k == "p") for k in "tgp"}
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        return name, None, [f"gdb: {e}"]
    n, wrong = compare(res["t"], res["g"], res["p"])
    return name, n, wrong


def main(argv=None):
    ap = arguments("2")
    ap.add_argument("--stops", type=int, default=60)
    ap.add_argument("--pycc", default="pycc", help="the compiler to measure (a path)")
    ap.add_argument("-v", action="store_true", help="print each program's counts")
    a = ap.parse_args(argv)
    progs = programs(a.fast)
    if a.only:
        progs = [p for p in progs if p[0] == a.only]
    os.makedirs(WORK, exist_ok=True)
    log = os.path.join(os.path.dirname(WORK), f"o2_coverage-{a.target}-O{a.opt}.log")
    jobs = [(n, s, a.opt, a.target, i, a.stops, a.pycc) for i, (n, s) in enumerate(progs)]
    tot = {"both": 0, "gcc_only": 0, "pycc_only": 0, "different": 0, "memory": 0}
    passed = failed = skipped = 0
    with open(log, "w") as lf, cf.ThreadPoolExecutor(a.j) as ex:
        for name, n, wrong in ex.map(one, jobs):
            if n is None and not wrong:
                skipped += 1
                lf.write(f"SKIP {name}: gcc does not build it\n")
                continue
            if wrong:
                failed += 1
                for w in wrong[:5]:
                    lf.write(f"ERROR {name}: {w}\n")
            else:
                passed += 1
            if n:
                for k in tot:
                    tot[k] += n[k]
                lf.write(f"{name}: {n}\n")
                if a.v:
                    print(f"  {name}: {n}")
    gshown = tot["both"] + tot["gcc_only"] + tot["different"]
    pshown = tot["both"] + tot["pycc_only"] + tot["different"]
    cov = 100.0 * pshown / gshown if gshown else 0.0
    print(f"pycc -O{a.opt} -g vs gcc -O{a.opt} -g in gdb, {a.target}: log {log}")
    print(f"values at stops: both {tot['both']}, gcc only {tot['gcc_only']}, pycc only "
          f"{tot['pycc_only']}, different {tot['different']} (memory nobody set or written "
          f"later: {tot['memory']}); coverage {cov:.1f}% "
          f"(pycc {pshown} / gcc {gshown})")
    print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
