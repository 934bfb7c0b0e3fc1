"""ABI compatibility: programs mixing pycc-compiled and gcc-compiled objects (issue 8, item 2).

    python -m tests.compat.run [--fast] [-j N] [--suite dg,torture,gen] [--seeds N] [-O LEVEL]

Suites:
  dg       gcc.dg/compat: each test's *_x.c and *_y.c built by one compiler each, both ways,
           with *_main.c built by either (4 programs per test; as gcc's compat.exp pairs a
           "tst" and an "alt" compiler); dg-options for x86_64-linux are applied to both.
  torture  gcc.c-torture/compat: each file built with -DCOMPILER=1 by one compiler and with
           -DCOMPILER=2 by the other, both ways (2 programs per test).
  gen      tests.compat.gen cases (seeds 1..N): 8 functions each with random signatures, callers
           and callees on both sides; 4 programs per case as for dg.
A program passes when it links (GNU ld through gcc, so that linker issues stay out of it) and
exits 0 within 30 s. One `ERROR name: reason` line per failing program goes to
tests/compat/run.log; the last line is `N passed, M failed` (programs).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

from tests.harness import sources

HERE = os.path.dirname(os.path.abspath(__file__))
LOG = os.path.join(HERE, "run.log")
PYCC = [sys.executable, "-m", "toolchain.cc"]
FAST_DG = ("scalar-by-value-1", "scalar-return-1", "struct-by-value-1", "struct-by-value-7a",
           "struct-return-2", "struct-complex-1", "union-by-value-1", "fnptr-by-value-1",
           "struct-by-value-16a", "struct-layout-1")
FAST_TORTURE = ("struct-i", "struct-ret-1", "struct-big")
HAVE_AVX = "avx" in open("/proc/cpuinfo").read() if os.path.exists("/proc/cpuinfo") else False


def compat_dir(kind):
    root = os.path.dirname(sources.torture())      # .../gcc/testsuite
    return os.path.join(root, "gcc.dg", "compat") if kind == "dg" else \
        os.path.join(root, "gcc.c-torture", "compat")


def dg_directives(path):
    """(options for x86_64-linux, skip reason or None) from a test file's dg- comments."""
    text = open(path, encoding="utf-8", errors="replace").read()
    opts, skip = None, None
    for m in re.finditer(r"\{\s*dg-(options|require-effective-target|require-compat-dfp|skip-if)"
                         r"\s+(.*?)\}\s*\*/", text):
        what, rest = m.group(1), m.group(2)
        if what == "options":
            mo = re.match(r'"([^"]*)"\s*(.*)', rest.strip())
            if not mo:
                continue
            flags, sel = mo.group(1), mo.group(2)
            if sel and not _selector_matches(sel):
                continue
            if opts is None:
                opts = flags.split()
        elif what == "require-compat-dfp":
            skip = "decimal floating point (_Decimal32/64/128) is not supported by pycc"
        elif what == "require-effective-target":
            tgt = rest.split()[0]
            if tgt == "avx_runtime" and not HAVE_AVX:
                skip = "no AVX on this machine"
    return opts or [], skip


def _selector_matches(sel: str) -> bool:
    """A dg target selector for x86_64-*-linux-gnu, LP64 (what these files use)."""
    s = sel.replace("{", " ").replace("}", " ")
    if "ilp32" in s or "darwin" in s or "hpux" in s or "mmix" in s or "xtensa" in s:
        return False
    return "x86_64-*-*" in s or "i?86-*-*" in s


class Result:
    __slots__ = ("name", "ok", "reason")

    def __init__(self, name, ok, reason=""):
        self.name, self.ok, self.reason = name, ok, reason


def compile_obj(cc, src, out, flags, incdir, pycc_opt):
    if cc == "pycc":
        cmd = PYCC + [pycc_opt] + flags + ["-I", incdir, "-c", src, "-o", out]
    else:
        cmd = ["gcc", "-O0"] + flags + ["-Wno-psabi", "-I", incdir, "-c", src, "-o", out]
    return run_compile(cmd, cc, src)


def run_compile(cmd, cc, src, env=None):
    """Run one compile command: None, or why ``cc`` could not compile ``src``."""
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)
    except subprocess.TimeoutExpired:
        return "compile timeout"
    if r.returncode:
        lines = [ln for ln in r.stderr.splitlines() if "error" in ln] or r.stderr.splitlines()
        return f"{cc} cannot compile {os.path.basename(src)}: " + (lines[0][:200] if lines else "?")
    return None


def link_run(objs, exe, cwd):
    return link_and_run("gcc", objs, exe, [exe], cwd, 30)


def link_and_run(gcc, objs, exe, run_cmd, cwd, timeout):
    """Link ``objs`` with ``gcc`` and run the program (``run_cmd``): None, or what failed."""
    r = subprocess.run([gcc, "-o", exe] + objs + ["-lm"], capture_output=True, text=True)
    if r.returncode:
        return "link failed: " + (r.stderr.strip().splitlines() or ["?"])[-1][:200]
    try:
        p = subprocess.run(run_cmd, capture_output=True, text=True, timeout=timeout, cwd=cwd,
                           errors="replace")
    except subprocess.TimeoutExpired:
        return "timeout"
    if p.returncode:
        out = " ".join(p.stdout.split()[:12])
        return f"exit {p.returncode}" + (f": {out}" if out else "")
    return None


def three_part(name, files, flags, incdir, work, pycc_opt):
    """files: {'main': path, 'x': path, 'y': path}. Four programs: main by P or G, x/y by P/G."""
    objs, errs = {}, {}
    for part, src in files.items():
        for cc in ("pycc", "gcc"):
            o = os.path.join(work, f"{part}-{cc}.o")
            err = compile_obj(cc, src, o, flags, incdir, pycc_opt)
            if err:
                errs[part, cc] = err
            objs[part, cc] = o
    out = []
    for m in ("pycc", "gcc"):
        for x, y in (("pycc", "gcc"), ("gcc", "pycc")):
            combo = f"{name} main={m[0].upper()} x={x[0].upper()} y={y[0].upper()}"
            need = [("main", m), ("x", x), ("y", y)]
            bad = [errs[k] for k in need if k in errs]
            if bad:
                out.append(Result(combo, False, bad[0]))
                continue
            exe = os.path.join(work, f"t-{m}-{x}-{y}")
            err = link_run([objs[k] for k in need], exe, work)
            out.append(Result(combo, err is None, err or ""))
    return out


def dg_case(name, work, pycc_opt):
    d = compat_dir("dg")
    files = {p: os.path.join(d, f"{name}_{p}.c") for p in ("main", "x", "y")}
    flags, skip = [], None
    for f in files.values():
        o, s = dg_directives(f)
        flags = flags or o
        skip = skip or s
    if skip:
        return [Result(f"dg/{name}", None, skip)]
    flags = [f for f in flags if f not in ("-Wno-psabi",)] + ["-w"]
    return three_part(f"dg/{name}", files, flags, d, work, pycc_opt)


def torture_case(name, work, pycc_opt):
    d = compat_dir("torture")
    src = os.path.join(d, name + ".c")
    objs, errs = {}, {}
    for part in ("1", "2"):
        for cc in ("pycc", "gcc"):
            o = os.path.join(work, f"{part}-{cc}.o")
            err = compile_obj(cc, src, o, ["-w", f"-DCOMPILER={part}", "-std=gnu89"], d, pycc_opt)
            if err:
                errs[part, cc] = err
            objs[part, cc] = o
    out = []
    for a, b in (("pycc", "gcc"), ("gcc", "pycc")):
        combo = f"torture/{name} 1={a[0].upper()} 2={b[0].upper()}"
        bad = [errs[k] for k in (("1", a), ("2", b)) if k in errs]
        if bad:
            out.append(Result(combo, False, bad[0]))
            continue
        err = link_run([objs["1", a], objs["2", b]], os.path.join(work, f"t-{a}-{b}"), work)
        out.append(Result(combo, err is None, err or ""))
    return out


def gen_case(seed, work, pycc_opt):
    from tests.compat.gen import generate
    files = {}
    for fname, text in generate(seed).items():
        p = os.path.join(work, fname)
        with open(p, "w") as f:
            f.write(text)
        if fname.endswith(".c"):
            files[fname[:-2]] = p
    return three_part(f"gen/{seed}", files, ["-w"], work, work, pycc_opt)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fast", action="store_true", help="a sample of each suite")
    ap.add_argument("-j", dest="jobs", type=int, default=2)
    ap.add_argument("--suite", default="dg,torture,gen")
    ap.add_argument("--seeds", type=int, default=None, help="generated cases (default 50, "
                    "--fast 12)")
    ap.add_argument("--first-seed", type=int, default=1)
    ap.add_argument("-O", dest="opt", default="0", help="pycc's optimisation level (gcc: -O0 "
                    "unless the test's dg-options say otherwise)")
    ap.add_argument("--only", help="run only cases whose name contains this")
    a = ap.parse_args(argv)
    if shutil.which("gcc") is None:
        print("gcc not found")
        return 1
    suites = a.suite.split(",")
    jobs = []
    if "dg" in suites:
        names = sorted(os.path.basename(p)[:-len("_main.c")]
                       for p in os.listdir(compat_dir("dg")) if p.endswith("_main.c"))
        names = [n[:-len("_main.c")] if n.endswith("_main.c") else n for n in names]
        if a.fast:
            names = [n for n in names if n in FAST_DG]
        jobs += [("dg", n) for n in names]
    if "torture" in suites:
        names = sorted(p[:-2] for p in os.listdir(compat_dir("torture")) if p.endswith(".c"))
        if a.fast:
            names = [n for n in names if n in FAST_TORTURE]
        jobs += [("torture", n) for n in names]
    if "gen" in suites:
        n = a.seeds if a.seeds is not None else (12 if a.fast else 50)
        jobs += [("gen", s) for s in range(a.first_seed, a.first_seed + n)]
    if a.only:
        jobs = [j for j in jobs if a.only in f"{j[0]}/{j[1]}"]
    t0 = time.time()
    pycc_opt = f"-O{a.opt}"

    def run(job):
        kind, name = job
        with tempfile.TemporaryDirectory(prefix="compat") as work:
            try:
                if kind == "dg":
                    return kind, dg_case(name, work, pycc_opt)
                if kind == "torture":
                    return kind, torture_case(name, work, pycc_opt)
                return kind, gen_case(name, work, pycc_opt)
            except Exception as e:  # noqa: BLE001 - reported as a failure of this case
                return kind, [Result(f"{kind}/{name}", False, f"harness: {type(e).__name__}: {e}")]

    per = {}
    errors = []
    skipped = []
    with ThreadPoolExecutor(a.jobs) as ex:
        for kind, results in ex.map(run, jobs):
            p, f = per.setdefault(kind, [0, 0])
            for r in results:
                if r.ok is None:
                    skipped.append(f"SKIP {r.name}: {r.reason}")
                elif r.ok:
                    p += 1
                else:
                    f += 1
                    errors.append(f"ERROR {r.name}: {r.reason}")
                    print(errors[-1], flush=True)
            per[kind] = [p, f]
    with open(LOG, "w") as fh:
        fh.write("".join(e + "\n" for e in errors + skipped))
    for kind, (p, f) in per.items():
        pct = 100.0 * p / (p + f) if p + f else 0.0
        print(f"{kind}: {p}/{p + f} programs pass ({pct:.1f}%)")
    for s in skipped:
        print(s)
    tp = sum(v[0] for v in per.values())
    tf = sum(v[1] for v in per.values())
    print(f"({time.time() - t0:.0f} s wall, pycc {pycc_opt}, log {os.path.relpath(LOG)})")
    print(f"{tp} passed, {tf} failed")
    return 1 if tf else 0


if __name__ == "__main__":
    sys.exit(main())
