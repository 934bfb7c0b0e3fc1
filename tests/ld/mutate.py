"""Mutation robustness: truncated and bit-flipped real inputs (objects, an archive, a shared
object) must give a clean `pyld: ...` error (exit 1) or a successful link, never an internal
error or traceback, and never a partial output after an error.

  python -m tests.ld.mutate [--count N] [--seed S]

Besides the gcc object, archive and shared object (linked -shared or as a PIE), the seeds
include the hand-written relaxation inputs of tests/ld/data (x86-64 and AArch64 TLS, x86-64
GOTPCRELX, RISC-V call/TLS/alignment/gp relaxation), assembled when the GNU assemblers are
there and linked -static -e _start, and the same RISC-V input linked -r.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import subprocess
import sys
import tempfile

from tests.harness.sources import CACHE

HELLO = r"""
#include <stdio.h>
static int counter;
__thread int tls_var = 3;
int shared_data[4] = {1, 2, 3, 4};
int *ptr = &shared_data[2];
int helper(int x) { return x * 2 + counter++; }
int entry(void) { printf("%d\n", helper(tls_var) + *ptr); return 0; }
"""


def seeds(tmp: str) -> list[tuple[str, bytes]]:
    """Real inputs to mutate: a gcc object, an ar archive of two objects, a shared object."""
    c = os.path.join(tmp, "seed.c")
    with open(c, "w") as f:
        f.write(HELLO)
    o = os.path.join(tmp, "seed.o")
    subprocess.run(["gcc", "-O1", "-g", f"-fdebug-prefix-map={tmp}=.", "-fPIC", "-c", c,
                    "-o", o], check=True)
    c2 = os.path.join(tmp, "seed2.c")
    with open(c2, "w") as f:
        f.write("int helper2(int x){return x+1;}\nint other=5;\n")
    o2 = os.path.join(tmp, "seed2.o")
    subprocess.run(["gcc", "-O1", "-fPIC", "-c", c2, "-o", o2], check=True)
    a = os.path.join(tmp, "seed.a")
    subprocess.run(["ar", "rcs", a, o, o2], check=True)
    so = os.path.join(tmp, "seed.so")
    subprocess.run(["gcc", "-shared", "-fPIC", c2, "-o", so], check=True)
    out = []
    for p in (o, a, so):
        with open(p, "rb") as f:
            out.append((os.path.basename(p), f.read()))
    from toolchain.targets import get_target
    data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
    for tname, src in (("x86_64", "tls_x86_64.s"), ("x86_64", "gotpcrelx_x86_64.s"),
                       ("aarch64", "tls_aarch64.s"), ("riscv64", "relax_riscv64.s"),
                       ("riscv64", "relax_gp_riscv64.s")):
        t = get_target(tname)
        gas = t.gnu_tool("as")
        if gas is None:
            continue
        obj = os.path.join(tmp, src[:-2] + ".o")
        if subprocess.run([gas, os.path.join(data, src), "-o", obj]).returncode == 0:
            with open(obj, "rb") as f:
                out.append((f"relax:{t.emulation}:{os.path.basename(obj)}", f.read()))
    return out


def mutate(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    kind = rng.random()
    if kind < 0.3:
        return bytes(b[:rng.randrange(0, len(b))])
    n = rng.choice((1, 1, 2, 4, 8, 32))
    for _ in range(n):
        i = rng.randrange(len(b))
        if rng.random() < 0.7:
            b[i] ^= 1 << rng.randrange(8)
        else:
            b[i] = rng.choice((0, 0xFF, 0x7F, 0x80, rng.randrange(256)))
    return bytes(b)


_EXE_ARGS = None


def exe_args(seed_obj: str) -> list[str] | None:
    """The ld command line gcc uses to link ``seed_obj`` as a PIE (from ``gcc -###``)."""
    import shlex
    r = subprocess.run(["gcc", "-###", seed_obj, "-o", "OUT"], capture_output=True, text=True)
    for line in r.stderr.splitlines():
        if "collect2" in line:
            return shlex.split(line)[1:]
    return None


def link_once(inp: str, kind: str, out: str, exe=None) -> tuple[int, str]:
    from toolchain.ld.main import main
    if kind.startswith("relax:"):
        emul = kind.split(":")[1]
        argv = ["-m", emul, "-static", "-e", "_start", "-o", out, inp]
        if "gp_riscv" in kind:
            argv[2:3] = ["-r"]
    elif exe is not None:
        argv = [out if a == "OUT" else a for a in exe[1]]
        argv = [inp if a == exe[0] else a for a in argv]
        argv += ["--defsym", "main=entry"]
    elif kind == "seed.so":
        argv = ["-shared", "-o", out, inp]
    elif kind == "seed.a":
        argv = ["-shared", "-o", out, "--whole-archive", inp]
    else:
        argv = ["-shared", "-o", out, inp]
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            rc = main(argv)
        except SystemExit as e:      # argparse-style exits are bugs too
            rc = 99 if e.code not in (0, 1) else e.code
    return rc, err.getvalue()


def run(count: int, seed: int, verbose: bool = False) -> tuple[int, list[str]]:
    rng = random.Random(seed)
    failures = []
    with tempfile.TemporaryDirectory(prefix="pyld-mut-") as tmp:
        inputs = seeds(tmp)
        seed_obj = os.path.join(tmp, "seed.o")
        eargs = exe_args(seed_obj)
        for i in range(count):
            name, data = inputs[i % len(inputs)]
            m = mutate(data, rng)
            inp = os.path.join(tmp, f"m{i}-{name.rsplit(':', 1)[-1]}")
            with open(inp, "wb") as f:
                f.write(m)
            out = os.path.join(tmp, f"out{i}")
            exe = (seed_obj, eargs) if (eargs and name == "seed.o" and i % 2) else None
            rc, err = link_once(inp, name, out, exe)
            bad = None
            if rc not in (0, 1):
                bad = f"exit {rc}: {err.strip()[-300:]}"
            elif "internal error" in err or "Traceback" in err:
                bad = f"internal error: {err.strip()[-300:]}"
            elif rc == 1 and os.path.exists(out):
                bad = "output written despite an error"
            elif rc == 1 and not err.strip():
                bad = "failed without a message"
            if bad:
                failures.append(f"ERROR mutation {i} of {name}: {bad}")
            try:
                os.unlink(inp)
                if os.path.exists(out):
                    os.unlink(out)
            except OSError:
                pass
    return count - len(failures), failures


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    ok, failures = run(args.count, args.seed)
    log = os.path.join(CACHE, "logs", "ld_mutate.log")
    os.makedirs(os.path.dirname(log), exist_ok=True)
    with open(log, "w") as f:
        f.write("\n".join(failures) + ("\n" if failures else ""))
    for ln in failures[:5]:
        print("  " + ln[:200])
    print(f"log {log}")
    print(f"{ok} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
