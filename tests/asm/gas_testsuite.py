"""Run GNU as's own dump tests (``gas/testsuite/gas/<dir>/*.d`` whose expectation is an
objdump listing) with pyas as the assembler and the target's GNU objdump as the reader.

  python -m tests.asm.gas_testsuite --target x86_64 [--fast] [-j N] [--only SUBSTR]

Target selection: x86_64 -> gas/i386, the x86-64-*.d files and others assembled with --64;
aarch64 -> gas/aarch64; riscv64 -> gas/riscv. Matching follows the testsuite's regexp_diff:
each expected line is a regular expression for the next output line, ``#...`` skips lines,
``#pass`` ends the comparison with success; blank lines are ignored.
Logs ``ERROR name: reason`` per failing test; ends with ``N passed, M failed``.
"""
from __future__ import annotations

import argparse
import glob
import io
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor

from tests.harness import sources

DIRS = {"x86_64": "i386", "aarch64": "aarch64", "riscv64": "riscv"}


def parse_d(path):
    opts = {}
    body = []
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    i = 0
    while i < len(lines) and (lines[i].startswith("#") or not lines[i].strip()):
        ln = lines[i]
        m = re.match(r"#\s*([A-Za-z_]+)\s*:\s*(.*)$", ln)
        if m:
            k = m.group(1).lower()
            opts[k] = (opts[k] + " " + m.group(2)) if k in opts and k in ("as", "objdump") \
                else m.group(2)
        i += 1
    body = lines[i:]
    return opts, body


def select(target, fast):
    d = os.path.join(sources.gas_testsuite(), "gas", DIRS[target])
    out = []
    for p in sorted(glob.glob(os.path.join(d, "*.d"))):
        opts, body = parse_d(p)
        if "objdump" not in opts or "error" in opts or "error_output" in opts:
            continue
        if target == "x86_64":
            name = os.path.basename(p)
            if not (name.startswith("x86-64") or "--64" in opts.get("as", "")):
                continue
            if "--32" in opts.get("as", "") or "--x32" in opts.get("as", ""):
                continue
        out.append(p)
    if fast:
        out = out[::8]
    return out


def regexp_diff(output_lines, pattern_lines):
    out = [ln for ln in output_lines if ln.strip()]
    pats = [ln for ln in pattern_lines if ln.strip()]
    i = 0
    j = 0
    while j < len(pats):
        p = pats[j]
        if p.startswith("#pass"):
            return None
        if p.startswith("#..."):
            j += 1
            if j >= len(pats):
                return None
            nxt = pats[j]
            try:
                rx = re.compile(nxt)
            except re.error:
                return f"bad pattern {nxt!r}"
            while i < len(out) and not rx.fullmatch(out[i]):
                i += 1
            if i >= len(out):
                return f"no line matching {nxt!r}"
            i += 1
            j += 1
            continue
        if p.startswith("#"):
            j += 1
            continue
        if i >= len(out):
            return f"output ended, expected {p!r}"
        try:
            ok = re.fullmatch(p, out[i]) is not None
        except re.error:
            ok = p == out[i]
        if not ok:
            return f"line {i + 1}: {out[i]!r} !~ {p!r}"
        i += 1
        j += 1
    return None


def run_one(args):
    target, path = args
    from toolchain.asm.assembler import Assembler
    from toolchain.diag import Diagnostics
    from toolchain.elf.objfile import write_object
    from toolchain.targets import get_target
    opts, body = parse_d(path)
    name = os.path.basename(path)[:-2]
    src = opts.get("source", "").split()[0] if opts.get("source") else name + ".s"
    src_path = os.path.join(os.path.dirname(path), src)
    if not os.path.exists(src_path):
        return name, "missing source"
    err = io.StringIO()
    diag = Diagnostics("pyas", style="gas", stream=err)
    try:
        asm = Assembler(target, diag, [os.path.dirname(path)])
        for a in opts.get("as", "").split():
            if a.startswith("-") and not asm.target.handle_option(a, None):
                pass
        with open(src_path, encoding="utf-8", errors="surrogateescape") as f:
            asm.assemble_text(f.read(), src_path)
        obj = asm.finish()
    except Exception as e:  # noqa: BLE001
        return name, f"crash {type(e).__name__}: {e}"
    if obj is None:
        first = [ln for ln in err.getvalue().splitlines() if "Error" in ln][:1]
        return name, "assembly failed: " + (first[0].split(": ", 2)[-1][:150] if first else "?")
    t = get_target(target)
    objdump = t.gnu_tool("objdump")
    with tempfile.TemporaryDirectory() as d:
        o = os.path.join(d, name + ".o")
        try:
            data = write_object(obj)
        except Exception as e:  # noqa: BLE001
            return name, f"crash writing {type(e).__name__}: {e}"
        with open(o, "wb") as f:
            f.write(data)
        r = subprocess.run([objdump] + opts["objdump"].split() + [o], capture_output=True,
                           text=True, cwd=d)
    why = regexp_diff(r.stdout.splitlines(), body)
    return name, why


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--target", default="x86_64")
    ap.add_argument("--fast", action="store_true")
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--only", default=None)
    ap.add_argument("--log", default=None)
    a = ap.parse_args(argv)
    from toolchain.targets import get_target
    t = get_target(a.target)
    if t.gnu_tool("objdump") is None:
        print("objdump not found")
        print("0 passed, 0 failed")
        return 0
    try:
        files = select(t.name, a.fast)
    except sources.SourceMissing as e:
        print(e)
        print("0 passed, 0 failed")
        return 0
    if a.only:
        files = [f for f in files if a.only in f]
    with ProcessPoolExecutor(max_workers=a.j) as ex:
        results = list(ex.map(run_one, [(t.name, f) for f in files], chunksize=4))
    passed = sum(1 for _, w in results if w is None)
    log_path = a.log or os.path.join(sources.CACHE, "asm-corpus", f"{t.name}-gas-testsuite.log")
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    causes = {}
    with open(log_path, "w") as log:
        for n, w in results:
            if w is not None:
                log.write(f"ERROR {n}: {w}\n")
                k = w.split(":")[0][:40]
                causes[k] = causes.get(k, 0) + 1
    print(f"gas testsuite ({DIRS[t.name]}, {t.triple}): {len(results)} dump tests; log {log_path}")
    for k, v in sorted(causes.items(), key=lambda kv: -kv[1])[:6]:
        print(f"  {v:5d}  {k}")
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
