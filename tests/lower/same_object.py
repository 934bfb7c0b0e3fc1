"""`pycc -c` against `pycc -S` followed by pyas, on every GCC torture execute test.

    python -m tests.lower.same_object [--fast] [-j N] [-O0|-O1]

The compiler hands the assembler instruction objects in memory for `-c` and prints the same
stream for `-S`; both routes must give the same object, byte for byte. Tests pycc cannot compile
are skipped (they are counted by tests.lower.torture). Compiles run in forked children of a
warmed-up worker, as in tests.lower.torture, with a PATH whose `as`/`ld`/`gcc` fail.
"""
from __future__ import annotations

import os
import subprocess
import tempfile

from tests.harness import runner, sources
from tests.lower.torture import TIMEOUT_CC, _fake_bin, _warm_up, compile_forked, run_forked


def assemble_forked(argv, log, timeout):
    """pyas's main(argv) in a forked child; its exit status (None on timeout)."""
    return run_forked("toolchain.asm.main:main", argv, None, log, timeout)


def _first_error(log):
    with open(log, errors="replace") as f:
        lines = f.read().strip().splitlines()
    errs = [m for m in lines if "rror" in m or "sorry" in m]
    return (errs[0] if errs else (lines[-1] if lines else "?"))[:300]


def worker(case):
    name, src, opt = case
    env = dict(os.environ)
    env["PATH"] = _fake_bin() + os.pathsep + env.get("PATH", "")
    _warm_up()
    with tempfile.TemporaryDirectory() as td:
        c_obj, s_txt, s_obj = (os.path.join(td, n) for n in ("c.o", "s.s", "s.o"))
        log = os.path.join(td, "log")
        rc = compile_forked([opt, "-w", "-c", "-o", c_obj, src], env, log, TIMEOUT_CC)
        if rc != 0:
            return "SKIP pycc -c fails"
        rc = compile_forked([opt, "-w", "-S", "-o", s_txt, src], env, log, TIMEOUT_CC)
        if rc != 0:
            return "-S failed where -c worked: " + _first_error(log)
        rc = assemble_forked(["-o", s_obj, s_txt], log, TIMEOUT_CC)
        if rc != 0:
            return "pyas rejects pycc -S output: " + _first_error(log)
        with open(c_obj, "rb") as f:
            a = f.read()
        with open(s_obj, "rb") as f:
            b = f.read()
        if a != b:
            at = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
            return f"objects differ (sizes {len(a)} / {len(b)}, first difference at {at:#x})"
    return None


def main():
    p = runner.base_parser(__doc__.splitlines()[0])
    p.add_argument("-O", dest="opt", default="1", help="optimisation level (0 or 1)")
    args = p.parse_args()
    opt = "-O" + args.opt
    d = os.path.join(sources.torture(), "execute")
    files = sorted(f for f in os.listdir(d) if f.endswith(".c"))
    cases = [(f"{opt}/{f[:-2]}", os.path.join(d, f), opt) for f in files]
    return runner.run(f"lower same_object {opt}", cases, worker, args)


# -- shared by the AArch64 and RISC-V corpus comparisons (tests.cc_<t>.same_object) ---------
def _digest(path):
    """An object's allocated section bytes, relocations and symbols (order-free)."""
    from toolchain.elf.objfile import read_object
    with open(path, "rb") as f:
        o = read_object(f.read())
    secs = {}
    relocs = set()
    syms = set()
    for s in o.sections:
        if s.flags & 2 and s.data is not None:         # SHF_ALLOC
            secs[s.name] = bytes(s.data)
        for r in getattr(s, "relocs", None) or ():
            sym = r.sym
            relocs.add((s.name, r.offset, r.type, getattr(sym, "name", None), r.addend))
    for sy in getattr(o, "symbols", ()) or ():
        sec = getattr(sy, "section", None)
        syms.add((sy.name, sy.bind, sy.type, getattr(sec, "name", sec), sy.value, sy.size))
    return secs, relocs, syms


def _first_diff(a: bytes, b: bytes) -> int:
    return next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))


def gnu_as_differs(gnu_as: str, s_txt: str, c_obj: str, g_obj: str) -> str | None:
    """Why GNU as's object of ``s_txt`` (written to g_obj) differs from pycc's c_obj in
    allocated section bytes, relocations or symbols, or None."""
    r = subprocess.run([gnu_as, "-o", g_obj, s_txt], capture_output=True, text=True)
    if r.returncode:
        return "GNU as rejects pycc -S output: " + (r.stderr.strip().splitlines() or ["?"])[-1][:200]
    for what, x, y in zip(("section bytes", "relocations", "symbols"), _digest(c_obj),
                          _digest(g_obj)):
        if x != y:
            diff = (sorted(k for k in set(x) | set(y) if x.get(k) != y.get(k))
                    if isinstance(x, dict) else sorted(map(str, x ^ y)))
            return f"GNU as gives other {what}: {str(diff[:2])[:200]}"
    return None


if __name__ == "__main__":
    runner.main_guard(main)
