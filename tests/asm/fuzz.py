"""Random mutations of corpus lines must never crash the assembler (a diagnostic is fine).

  python -m tests.asm.fuzz [--target x86_64] [-n 10000] [--seed 1] [--gdwarf N]

Takes lines from the cached gcc -S corpus (tests.asm.corpus), mutates each (delete, insert,
replace, duplicate characters; swap operands), assembles it in a small file and counts Python
exceptions other than reported assembly errors. ``--gdwarf N`` assembles as with
--gdwarf-N (debug info for the source, cpp line markers mixed into the lines). Logs ``ERROR case: exception`` per crash and ends
with ``N passed, M failed``.
"""
from __future__ import annotations

import argparse
import glob
import os
import random
import sys
import traceback

from tests.asm.corpus import CORPUS

CHARS = "%$(),.:@\"'\\#;-+*/<>=!~[]{}0123456789abcdefxyzLCFIPrsqlwb \t"


def mutate(rnd, line):
    t = list(line)
    for _ in range(rnd.randint(1, 4)):
        op = rnd.randint(0, 3)
        pos = rnd.randrange(len(t) + 1)
        if op == 0 and t:
            del t[min(pos, len(t) - 1)]
        elif op == 1:
            t.insert(pos, rnd.choice(CHARS))
        elif op == 2 and t:
            t[min(pos, len(t) - 1)] = rnd.choice(CHARS)
        elif t:
            a = rnd.randrange(len(t))
            b = min(len(t), a + rnd.randint(1, 6))
            t[a:a] = t[a:b]
    return "".join(t)


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--target", default="x86_64")
    ap.add_argument("-n", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--log", default=None)
    ap.add_argument("--gdwarf", type=int, default=0)
    a = ap.parse_args(argv)
    from toolchain.asm.api import AssemblyFailed, assemble
    from toolchain.targets import get_target
    t = get_target(a.target)
    files = sorted(glob.glob(os.path.join(CORPUS, t.name, "torture", "*", "*.s")))[:400:4]
    lines = []
    for f in files:
        with open(f, errors="replace") as fh:
            lines += [ln for ln in fh.read().splitlines() if ln.strip()]
    if not lines:
        print("no corpus yet: run python -m tests.asm.corpus first")
        print("0 passed, 0 failed")
        return 0
    if a.gdwarf:
        lines += ['# 1 "x.S"', '# 7 "sub/inc.h" 1', '# 0 "" 2', '# 12', "\t.rept 2",
                  "\t.endr", "\t.macro m a\n\tnop\n\t.endm", "\tm 1", '\t.file 1 "a.c"']
    rnd = random.Random(a.seed)
    crashes = 0
    log_path = a.log or os.path.join(CORPUS, f"{t.name}-fuzz.log")
    with open(log_path, "w") as log:
        for i in range(a.n):
            ctx = [rnd.choice(lines) for _ in range(rnd.randint(0, 3))]
            text = "\n".join(ctx + [mutate(rnd, rnd.choice(lines))]) + "\n"
            try:
                assemble(text, "fuzz.s", t.name, a.gdwarf)
            except AssemblyFailed:
                pass
            except Exception as e:  # noqa: BLE001
                crashes += 1
                tb = traceback.format_exc().strip().splitlines()
                log.write(f"ERROR case{i}: {type(e).__name__}: {e} at {tb[-3].strip()} "
                          f"input={text!r}\n")
    print(f"{a.n} mutated inputs for {t.triple}; crashes logged to {log_path}")
    print(f"{a.n - crashes} passed, {crashes} failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
