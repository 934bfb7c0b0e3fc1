"""Mutation fuzzing of the front end: random token-level mutations of torture tests must
produce diagnostics, never a traceback.

    python -m tests.cc.fuzz [-n 10000] [--seed S] [-j N] [--target T]

Failures (an exception escaping the front end) are logged as `ERROR name: exception` to
/tmp/pycc_fuzz.log with the mutated program saved next to it.
"""
from __future__ import annotations

import argparse
import glob
import io
import os
import random
import sys
import traceback
from concurrent.futures import ProcessPoolExecutor

LOG = "/tmp/pycc_fuzz.log"
INSERTS = ["(", ")", "{", "}", "[", "]", ";", ",", "*", "&", "=", "int", "struct", "typedef",
           "static", "const", "void", "x", "0", "1.5", "\"s\"", "'c'", "sizeof", "return", "if",
           "else", "case", "default", ":", "?", "...", "->", ".", "#", "##", "__attribute__",
           "((", "))", "enum", "union", "goto", "_Generic", "__typeof__", "<<=", "\\", "#if",
           "#define X(a) a##a\n", "\n#endif\n", "\n#include \"x\"\n", "_Static_assert",
           "__builtin_offsetof", "__extension__", "long", "unsigned", "char", "-1", "~", "!"]


def mutate(text: str, rng: random.Random) -> str:
    from toolchain.cc.lexer import TOKEN_RE
    parts = [m.group() for m in TOKEN_RE.finditer(text)]
    idx = [i for i, p in enumerate(parts) if not p.isspace()]
    if not idx:
        return text
    for _ in range(rng.randint(1, 3)):
        i = rng.choice(idx)
        op = rng.random()
        if op < 0.3:
            parts[i] = ""
        elif op < 0.55:
            parts[i] = parts[i] + " " + rng.choice(INSERTS) + " "
        elif op < 0.7:
            j = rng.choice(idx)
            parts[i], parts[j] = parts[j], parts[i]
        elif op < 0.85:
            parts[i] = parts[i] + " " + parts[rng.choice(idx)] + " "
        else:
            parts[i] = rng.choice(INSERTS)
    return "".join(parts)


def run_one(args):
    k, path, seed, tname = args
    from toolchain.cc.frontend import FrontendOptions, parse_file
    from toolchain.diag import Diagnostics, FatalStop, ToolError
    from toolchain.targets import get_target
    rng = random.Random(seed)
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        text = f.read()
    src = mutate(text, rng)
    d = f"/tmp/pycc_fuzz_cases/{os.getpid()}"
    os.makedirs(d, exist_ok=True)
    p = os.path.join(d, f"m{k}.c")
    with open(p, "w", encoding="utf-8", errors="surrogateescape") as f:
        f.write(src)
    diag = Diagnostics("pycc", stream=io.StringIO())
    try:
        parse_file(p, get_target(tname), FrontendOptions(), diag)
        os.unlink(p)
        return None
    except (FatalStop, ToolError):
        os.unlink(p)
        return None
    except BaseException as e:  # noqa: BLE001
        keep = os.path.join("/tmp/pycc_fuzz_cases", f"fail_{k}.c")
        os.replace(p, keep)
        tb = traceback.format_exc().strip().splitlines()
        return f"{os.path.basename(path)} seed {seed} ({keep}): {type(e).__name__}: {e} " \
               f"at {tb[-3].strip() if len(tb) > 2 else ''}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-j", type=int, default=1)
    ap.add_argument("--target", default="x86_64")
    a = ap.parse_args(argv)
    from tests.cc.common import torture_dir
    d = torture_dir("execute")
    if d is None:
        print("torture tests missing")
        return 1
    files = sorted(glob.glob(os.path.join(d, "*.c")))
    rng = random.Random(a.seed)
    jobs = [(k, rng.choice(files), rng.randrange(1 << 30), a.target) for k in range(a.n)]
    failed = 0
    with open(LOG, "w") as log:
        if a.j > 1:
            with ProcessPoolExecutor(a.j) as ex:
                results = ex.map(run_one, jobs, chunksize=16)
                for r in results:
                    if r:
                        failed += 1
                        log.write(f"ERROR {r}\n")
        else:
            for j in jobs:
                r = run_one(j)
                if r:
                    failed += 1
                    log.write(f"ERROR {r}\n")
    print(f"fuzz: {a.n} mutations of torture tests, seed {a.seed}; log {LOG}")
    print(f"{a.n - failed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
