"""Streaming (toolchain.cc.stream) against the whole-unit pipeline, on every GCC torture test.

    python -m tests.speed.stream_same [--fast] [-j N] [-O0|-O2] [--target T] [--suite execute|compile] [-S]

Each test is compiled twice by the same tree, in forked children of a warmed-up worker: as
pycc does (declarations streamed; at -O0 functions emitted as they are lowered) and with
streaming off (``pipeline.STREAM = False``). The exit status, the diagnostics and the object
must be the same, byte for byte (with ``-S`` the text: RISC-V decides a call's text only at
the unit's end, arch/riscv64/cc/emit.CallRef). A unit that fell back to the whole-unit pipeline
(``stream.Fallback``) passes but is counted: the last line before the summary says how many.
"""
from __future__ import annotations

import os
import sys
import tempfile

from tests.harness import runner, sources
from tests.lower.torture import TIMEOUT_CC, _fake_bin, run_forked


def streamed(argv):
    from toolchain.cc import pipeline
    from toolchain.cc.main import main
    pipeline.STREAM = True
    pipeline.STREAM_TRACE = True
    return main(argv)


def whole(argv):
    from toolchain.cc import pipeline
    from toolchain.cc.main import main
    pipeline.STREAM = False
    return main(argv)


def _read(path, mode="rb"):
    try:
        with open(path, mode) as f:
            return f.read()
    except OSError:
        return None


def worker(case):
    name, src, opt, target, *mode = case
    mode = mode[0] if mode else "-c"
    env = dict(os.environ)
    env["PATH"] = _fake_bin() + os.pathsep + env.get("PATH", "")
    argv = [opt, mode, src] + ([f"--target={target}"] if target else [])
    with tempfile.TemporaryDirectory() as td:
        out = {}
        for how in ("streamed", "whole"):
            obj = os.path.join(td, how + ".o")
            log = os.path.join(td, how + ".log")
            rc = run_forked(f"tests.speed.stream_same:{how}", argv + ["-o", obj], env, log,
                            TIMEOUT_CC)
            text = _read(log, "r") or ""
            fell = [ln for ln in text.splitlines() if ": not streamed: " in ln]
            text = "\n".join(ln for ln in text.splitlines() if ": not streamed: " not in ln)
            out[how] = (rc, text, _read(obj) if rc == 0 else None, fell)
        (rc1, e1, o1, fell), (rc2, e2, o2, _) = out["streamed"], out["whole"]
        if rc1 != rc2:
            return f"exit status {rc1} streamed, {rc2} whole"
        if e1 != e2:
            return f"diagnostics differ: {e1[:150]!r} / {e2[:150]!r}"
        if o1 != o2:
            what = "objects" if mode == "-c" else "-S texts"
            return f"{what} differ (sizes {len(o1 or b'')} / {len(o2 or b'')})"
        if rc2 != 0:
            return "SKIP pycc fails"
        if fell:
            print(f"FALLBACK {name}: {fell[0].split(': not streamed: ')[1]}", file=sys.stderr)
    return None


def main():
    p = runner.base_parser(__doc__.splitlines()[0])
    p.add_argument("-O", dest="opt", default="0", help="optimisation level")
    p.add_argument("--target", default="", help="x86_64 (default), aarch64 or riscv64")
    p.add_argument("--suite", default="execute", help="torture suite: execute or compile")
    p.add_argument("-S", dest="asm", action="store_true",
                   help="compare the -S text instead of the object")
    args = p.parse_args()
    opt = "-O" + args.opt
    d = os.path.join(sources.torture(), args.suite)
    files = sorted(f for f in os.listdir(d) if f.endswith(".c"))
    mode = "-S" if args.asm else "-c"
    cases = [(f"{opt}/{f[:-2]}", os.path.join(d, f), opt, args.target, mode) for f in files]
    return runner.run(f"speed stream_same {args.target or 'x86_64'} {opt}" +
                      (" -S" if args.asm else ""), cases, worker, args)


if __name__ == "__main__":
    runner.main_guard(main)
