"""Corpus comparison of pyas against GNU as, for any target.

  python -m tests.asm.corpus --target x86_64 [--fast] [-j N] [--only SUBSTR] [--log FILE]

Produces gcc ``-S`` output (``-O0`` and ``-O2``, plus ``-O2 -g`` on a sample) for the GCC
torture execute tests, SQLite's amalgamation and Lua's sources into the cache
(``$PYTOOLCHAIN_CACHE/asm-corpus/<target>/``), assembles each file with GNU as and with pyas,
and compares the objects with tests.asm.compare. Prints a few lines, logs one
``ERROR name: reason`` line per mismatch to the log file, and ends with ``N passed, M failed``.
"""
from __future__ import annotations

import argparse
import glob
import hashlib
import io
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor

from tests.harness import sources

CORPUS = os.path.join(sources.CACHE, "asm-corpus")


def _gcc(target):
    from toolchain.targets import get_target
    t = get_target(target)
    return t.gnu_tool("gcc"), t.gnu_tool("as"), t


def _jobs(target, fast):
    """(name, source, flags, include dirs) for every corpus file."""
    jobs = []
    try:
        tort = os.path.join(sources.torture(), "execute")
        files = sorted(glob.glob(os.path.join(tort, "*.c")))
    except sources.SourceMissing:
        files = []
    if fast:
        files = files[::15]
    for f in files:
        base = os.path.splitext(os.path.basename(f))[0]
        jobs.append((f"torture/O0/{base}", f, ["-O0"], []))
        jobs.append((f"torture/O2/{base}", f, ["-O2"], []))
    gsample = files[::(10 if not fast else 3)]
    for f in gsample:
        base = os.path.splitext(os.path.basename(f))[0]
        jobs.append((f"torture/O2g/{base}", f, ["-O2", "-g"], []))
    try:
        lua = sources.lua()
        lfiles = sorted(glob.glob(os.path.join(lua, "*.c")))
        if fast:
            lfiles = lfiles[::4]
        for f in lfiles:
            base = os.path.splitext(os.path.basename(f))[0]
            jobs.append((f"lua/O0/{base}", f, ["-O0"], [lua]))
            jobs.append((f"lua/O2/{base}", f, ["-O2"], [lua]))
        if lfiles:
            jobs.append((f"lua/O2g/{os.path.basename(lfiles[0])[:-2]}", lfiles[0], ["-O2", "-g"],
                         [lua]))
    except sources.SourceMissing:
        pass
    if not fast:
        try:
            sq = os.path.join(sources.sqlite(), "sqlite3.c")
            if os.path.exists(sq):
                jobs.append(("sqlite/O0/sqlite3", sq, ["-O0"], []))
                jobs.append(("sqlite/O2/sqlite3", sq, ["-O2"], []))
        except sources.SourceMissing:
            pass
    return jobs


def _prepare(args):
    """Make the .s and the GNU as object for one job (cached)."""
    target, name, src, flags, incs = args
    gcc, gas, t = _gcc(target)
    d = os.path.join(CORPUS, t.name)
    s_path = os.path.join(d, name + ".s")
    o_path = os.path.join(d, name + ".gas.o")
    if not os.path.exists(s_path):
        os.makedirs(os.path.dirname(s_path), exist_ok=True)
        cmd = [gcc, "-S", "-w", "-fno-ident" if False else "-w", *flags, "-o", s_path + ".tmp", src]
        cmd += [f"-I{i}" for i in incs]
        if "torture" in name:
            cmd += ["-fno-builtin"] if False else []
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            return name, None
        os.replace(s_path + ".tmp", s_path)
    if not os.path.exists(o_path):
        r = subprocess.run([gas, "-o", o_path + ".tmp", s_path], capture_output=True, text=True)
        if r.returncode != 0:
            return name, None
        os.replace(o_path + ".tmp", o_path)
    return name, (s_path, o_path)


def _check(args):
    target, name, s_path, o_path = args
    from toolchain.asm.assembler import Assembler
    from toolchain.diag import Diagnostics
    from tests.asm.compare import compare_objects
    err = io.StringIO()
    diag = Diagnostics("pyas", style="gas", stream=err)
    with open(s_path, encoding="utf-8", errors="surrogateescape") as f:
        text = f.read()
    t0 = time.perf_counter()
    try:
        asm = Assembler(target, diag)
        data = asm.assemble(text, s_path)
    except Exception as e:  # noqa: BLE001 - report crashes as failures
        import traceback
        tb = traceback.format_exc().strip().splitlines()
        return (name, f"crash: {type(e).__name__}: {e} [{tb[-3].strip() if len(tb) > 2 else ''}]",
                0, False)
    dt = time.perf_counter() - t0
    if data is None:
        first = [ln for ln in err.getvalue().splitlines() if "Error" in ln][:1]
        return (name, "assembly failed: " + (first[0].split(": ", 1)[-1] if first else "?"), dt,
                False)
    with open(o_path, "rb") as f:
        ref = f.read()
    diffs = compare_objects(data, ref, debug_line="/O2g/" in name or "_g" in name)
    if diffs:
        return name, "; ".join(diffs[:3]), dt, False
    return name, None, dt, data == ref


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--target", default="x86_64")
    ap.add_argument("--fast", action="store_true")
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--only", default=None)
    ap.add_argument("--log", default=None)
    ap.add_argument("--flags", default=None,
                    help="only the torture tests, compiled with these gcc flags")
    a = ap.parse_args(argv)
    gcc, gas, t = _gcc(a.target)
    if gcc is None or gas is None:
        print(f"gcc or as for {t.triple} not found; nothing to do")
        print("0 passed, 0 failed")
        return 0
    if a.flags:
        fl = a.flags.split()
        tag = "".join(ch if ch.isalnum() else "_" for ch in a.flags)
        tort = os.path.join(sources.torture(), "execute")
        files = sorted(glob.glob(os.path.join(tort, "*.c")))[::15 if a.fast else 1]
        jobs = [(f"torture/{tag}/{os.path.basename(f)[:-2]}", f, fl, []) for f in files]
    else:
        jobs = _jobs(t.name, a.fast)
    if a.only:
        jobs = [j for j in jobs if a.only in j[0]]
    log_path = a.log or os.path.join(CORPUS, f"{t.name}-{'fast' if a.fast else 'full'}.log")
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    t0 = time.time()
    with ProcessPoolExecutor(max_workers=a.j) as ex:
        prepared = list(ex.map(_prepare, [(t.name,) + j for j in jobs], chunksize=4))
        ready = [(t.name, n, p[0], p[1]) for n, p in prepared if p is not None]
        skipped = len(prepared) - len(ready)
        results = list(ex.map(_check, ready, chunksize=2))
    passed = sum(1 for r in results if r[1] is None)
    failed = len(results) - passed
    causes = {}
    with open(log_path, "w") as log:
        for name, why, dt, _same in results:
            if why is not None:
                log.write(f"ERROR {name}: {why}\n")
                key = why.split(":")[0] if not why.startswith("section") else \
                    " ".join(why.split()[:3])
                causes[key] = causes.get(key, 0) + 1
    total_time = sum(r[2] for r in results)
    print(f"target {t.triple}: {len(results)} files compared ({skipped} skipped: gcc/as failed), "
          f"pyas time {total_time:.1f}s, wall {time.time() - t0:.0f}s")
    if results:
        ident = sum(1 for r in results if r[3])
        print(f"match rate {100.0 * passed / len(results):.2f}%; byte-identical files {ident} "
              f"({100.0 * ident / len(results):.1f}%); log: {log_path}")
    for k, v in sorted(causes.items(), key=lambda kv: -kv[1])[:8]:
        print(f"  {v:5d}  {k}")
    print(f"{passed} passed, {failed} failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
