"""GNU as's own RISC-V testsuite (gas/testsuite/gas/riscv/*.d) run against pyas.

Each ``.d`` file names its source (``#source:``), assembler flags (``#as:``) and either a dump
command (``#objdump:``/``#readelf:``) whose output must match the file's regex lines, or the
expected diagnostics (``#error_output:``/``#warning_output:``: here only whether assembly fails
or succeeds is checked). Script: ``python -m tests.asm.test_riscv64_gastests [names...]``.
"""
from __future__ import annotations

import glob
import os
import re
import shlex
import subprocess
import sys
import tempfile

import pytest

OBJDUMP = "riscv64-linux-gnu-objdump"
READELF = "riscv64-linux-gnu-readelf"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def parse_d(path):
    opts = {}
    body = []
    in_hdr = True
    with open(path, encoding="latin-1") as f:
        for line in f:
            line = line.rstrip("\n")
            m = re.match(r"#([a-z_]+):\s*(.*)$", line) if in_hdr else None
            if m:
                opts[m.group(1)] = m.group(2).strip()
                continue
            if in_hdr and line.startswith("#") and not line.startswith(("#...", "#pass")):
                continue
            in_hdr = False
            body.append(line)
    return opts, body


def regexp_diff(out_lines, exp_lines) -> str | None:
    out = [l for l in out_lines if l.strip()]
    exp = [l for l in exp_lines if l.strip()]
    i = 0
    j = 0
    while j < len(exp):
        e = exp[j]
        if e.startswith("#pass"):
            return None
        if e.startswith("#..."):
            j += 1
            if j == len(exp):
                return None
            while i < len(out):
                try:
                    if re.fullmatch(exp[j], out[i]):
                        break
                except re.error:
                    if exp[j] == out[i]:
                        break
                i += 1
            continue
        if i >= len(out):
            return f"output ended, expected {e!r}"
        try:
            ok = re.fullmatch(e, out[i]) is not None
        except re.error:
            ok = e == out[i]
        if not ok:
            return f"line {i}: {out[i]!r} !~ {e!r}"
        i += 1
        j += 1
    return None


def run_one(dpath: str) -> str | None:
    opts, body = parse_d(dpath)
    d = os.path.dirname(dpath)
    src = opts.get("source") or os.path.basename(dpath)[:-2] + ".s"
    src = os.path.join(d, src)
    if not os.path.exists(src):
        return "skip"
    args = shlex.split(opts.get("as", ""))
    with tempfile.TemporaryDirectory() as t:
        obj = os.path.join(t, "t.o")
        r = subprocess.run([sys.executable, "-m", "toolchain.asm", "--target=riscv64", *args,
                            "-I", d, "-o", obj, src], capture_output=True, text=True,
                           cwd=ROOT, timeout=120)
        if "error_output" in opts or "error" in opts:
            return None if r.returncode else "assembled but GNU as reports errors"
        if r.returncode:
            return "pyas failed: " + (r.stderr.strip().splitlines() or ["?"])[-1][:200]
        if "objdump" in opts:
            cmd = [OBJDUMP, *shlex.split(opts["objdump"]), obj]
        elif "readelf" in opts:
            cmd = [READELF, *shlex.split(opts["readelf"]), obj]
        else:
            return None
        out = subprocess.run(cmd, capture_output=True, text=True).stdout.replace(t + "/", "")
        return regexp_diff(out.splitlines(), body)


def suite():
    from tests.harness.sources import gas_testsuite
    return sorted(glob.glob(os.path.join(gas_testsuite(), "gas", "riscv", "*.d")))


def main(argv=None):
    from concurrent.futures import ProcessPoolExecutor
    from tests.harness.runner import base_parser
    a = base_parser("GNU as RISC-V testsuite against pyas").parse_args(argv)
    ds = suite()
    if a.names:
        ds = [x for x in ds if any(n in os.path.basename(x) for n in a.names)]
    log = a.log or os.path.join(os.path.expanduser("~"), ".cache", "pytoolchain", "logs",
                                "riscv64-gastests.log")
    os.makedirs(os.path.dirname(log), exist_ok=True)
    p = f = s = 0
    with open(log, "w") as lf, ProcessPoolExecutor(max(1, a.jobs)) as ex:
        for dpath, r in zip(ds, ex.map(run_one, ds)):
            if r == "skip":
                s += 1
            elif r is None:
                p += 1
            else:
                f += 1
                lf.write(f"ERROR {os.path.basename(dpath)}: {r}\n")
    print(f"log: {log}")
    print(f"{p} passed, {f} failed, {s} skipped")
    return 0


@pytest.mark.parametrize("name", ["c-add-addi.d", "li64.d", "fence-tso.d"])
def test_gas_expectation(name):
    from tests.harness.sources import SourceMissing
    try:
        ds = [x for x in suite() if os.path.basename(x) == name]
    except SourceMissing:
        pytest.skip("gas testsuite not available")
    if not ds:
        pytest.skip(f"{name} not in this gas testsuite")
    assert run_one(ds[0]) is None


if __name__ == "__main__":
    sys.exit(main())
