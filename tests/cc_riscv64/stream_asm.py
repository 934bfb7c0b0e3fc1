"""Streamed ``pycc -S`` against the whole-unit pipeline's, on every GCC torture test.

    python -m tests.cc_riscv64.stream_asm [--fast] [-j N] [-O0|-O2] [--target T]

RISC-V's text of a call (``call f`` / ``call f@plt``) is decided only at the unit's end
(arch/riscv64/cc/emit.CallRef), so a streamed ``-S`` keeps those instructions until then;
``tests.speed.stream_same`` compares objects, which do not depend on the form. Each test is
compiled with ``-S`` twice by the same tree (streamed, and with ``pipeline.STREAM = False``);
the exit status, the diagnostics and the text must be the same. A unit that fell back to the
whole-unit pipeline (``stream.Fallback``: e.g. a call's text asked before the unit's end)
passes but is named on a FALLBACK line.
"""
from __future__ import annotations

import os
import sys
import tempfile

from tests.harness import runner, sources
from tests.lower.torture import TIMEOUT_CC, _fake_bin, run_forked
from tests.speed.stream_same import _read


def worker(case):
    name, src, opt, target = case
    env = dict(os.environ)
    env["PATH"] = _fake_bin() + os.pathsep + env.get("PATH", "")
    argv = [opt, "-S", src, f"--target={target}"]
    with tempfile.TemporaryDirectory() as td:
        out = {}
        for how in ("streamed", "whole"):
            asm = os.path.join(td, how + ".s")
            log = os.path.join(td, how + ".log")
            rc = run_forked(f"tests.speed.stream_same:{how}", argv + ["-o", asm], env, log,
                            TIMEOUT_CC)
            lines = (_read(log, "r") or "").splitlines()
            fell = [ln for ln in lines if ": not streamed: " in ln]
            text = "\n".join(ln for ln in lines if ": not streamed: " not in ln)
            out[how] = (rc, text, _read(asm) if rc == 0 else None, fell)
        (rc1, e1, s1, fell), (rc2, e2, s2, _) = out["streamed"], out["whole"]
        if rc1 != rc2:
            return f"exit status {rc1} streamed, {rc2} whole"
        if e1 != e2:
            return f"diagnostics differ: {e1[:150]!r} / {e2[:150]!r}"
        if s1 != s2:
            return f"-S text differs (sizes {len(s1 or b'')} / {len(s2 or b'')})"
        if rc2 != 0:
            return "SKIP pycc fails"
        if fell:
            print(f"FALLBACK {name}: {fell[0].split(': not streamed: ')[1]}", file=sys.stderr)
    return None


def main():
    p = runner.base_parser(__doc__.splitlines()[0])
    p.add_argument("-O", dest="opt", default="0", help="optimisation level")
    p.add_argument("--target", default="riscv64", help="riscv64 (default), x86_64 or aarch64")
    args = p.parse_args()
    opt = "-O" + args.opt
    d = os.path.join(sources.torture(), "execute")
    files = sorted(f for f in os.listdir(d) if f.endswith(".c"))
    cases = [(f"{opt}/{f[:-2]}", os.path.join(d, f), opt, args.target) for f in files]
    return runner.run(f"cc_riscv64 stream_asm {args.target} {opt}", cases, worker, args)


if __name__ == "__main__":
    runner.main_guard(main)
