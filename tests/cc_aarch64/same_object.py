"""`pycc -c` against `pycc -S` + pyas, and GNU as on the same `-S` output, for AArch64 on the
GCC torture execute tests.

    python -m tests.cc_aarch64.same_object [--fast] [-j N] [-O0|-O1] [--no-gnu]

`-c` hands pyas instruction objects (arch/aarch64/cc/encode.py), `-S` prints the same stream
as text: the `-c` object must equal the `-S` + pyas one byte for byte, and
aarch64-linux-gnu-as must assemble the `-S` text to the same allocated section bytes,
relocations and symbols (tests.cc_riscv64.same_object's digest). Tests pycc cannot compile are
skipped (tests.cc_aarch64.torture counts them).
"""
from __future__ import annotations

import os
import shutil
import tempfile

from tests.cc_aarch64.common import TARGET, clean_env
from tests.cc_aarch64.torture import TIMEOUT_CC
from tests.harness import runner, sources
from tests.lower.same_object import _first_diff, _first_error, assemble_forked, gnu_as_differs
from tests.lower.torture import compile_forked
import toolchain.arch.aarch64.cc  # noqa: F401  (inherited by the forked compiles)

GNU_AS = "aarch64-linux-gnu-as"
GNU = True


def worker(case):
    name, src, opt = case
    env = clean_env()
    with tempfile.TemporaryDirectory() as td:
        c_obj, s_txt, s_obj, g_obj = (os.path.join(td, n) for n in ("c.o", "s.s", "s.o", "g.o"))
        log = os.path.join(td, "log")
        tgt = f"--target={TARGET}"
        rc = compile_forked([tgt, opt, "-w", "-c", "-o", c_obj, src], env, log, TIMEOUT_CC)
        if rc != 0:
            return "SKIP pycc -c fails"
        rc = compile_forked([tgt, opt, "-w", "-S", "-o", s_txt, src], env, log, TIMEOUT_CC)
        if rc != 0:
            return "-S failed where -c worked: " + _first_error(log)
        rc = assemble_forked(["--target=aarch64", "-o", s_obj, s_txt], log, TIMEOUT_CC)
        if rc != 0:
            return "pyas rejects pycc -S output: " + _first_error(log)
        with open(c_obj, "rb") as f:
            a = f.read()
        with open(s_obj, "rb") as f:
            b = f.read()
        if a != b:
            return f"-c and -S + pyas differ (sizes {len(a)} / {len(b)}, first at {_first_diff(a, b):#x})"
        if GNU and shutil.which(GNU_AS):
            return gnu_as_differs(GNU_AS, s_txt, c_obj, g_obj)
    return None


def main():
    global GNU
    p = runner.base_parser(__doc__.splitlines()[0])
    p.add_argument("-O", dest="opt", default="1", help="optimisation level (0 or 1)")
    p.add_argument("--no-gnu", action="store_true", help="skip the GNU as comparison")
    args = p.parse_args()
    GNU = not args.no_gnu
    opt = "-O" + args.opt
    d = os.path.join(sources.torture(), "execute")
    files = sorted(f for f in os.listdir(d) if f.endswith(".c"))
    cases = [(f"{opt}/{f[:-2]}", os.path.join(d, f), opt) for f in files]
    return runner.run(f"cc_aarch64 same_object {opt}", cases, worker, args)


if __name__ == "__main__":
    runner.main_guard(main)
