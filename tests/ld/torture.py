"""GCC torture execute tests compiled by gcc, linked by pyld (via `gcc -B`) and by GNU ld,
run and compared (exit status and stdout).

  python -m tests.ld.torture --target T --mode pie|nopie|static [--fast] [-j N] [names...]
      [--cflags "-fPIC -mtls-dialect=gnu2"]   (extra gcc flags for the objects)
"""
from __future__ import annotations

import glob
import os
import subprocess
import tempfile

from toolchain.targets import get_target
from tests.harness import runner
from tests.harness.gcc_objects import build, gcc_for
from tests.harness.sources import torture

from .common import gcc_link, run_program


def lief_problems(path: str) -> str | None:
    """What lief says while parsing ``path`` (its warnings go to file descriptor 2), or None.
    lief missing is not a failure of the linker."""
    try:
        import lief
    except ImportError:
        return None
    saved = os.dup(2)
    with tempfile.TemporaryFile() as tmp:
        os.dup2(tmp.fileno(), 2)
        try:
            binary = lief.parse(path)
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        tmp.seek(0)
        msg = tmp.read().decode(errors="replace").strip()
    if binary is None:
        return "cannot parse " + msg
    return msg or None


def _case(args):
    tname, mode, src, cflags = args
    t = get_target(tname)
    obj = build(t, src, "o", "-O2", tuple(cflags))
    if obj is None:
        return "SKIP gcc cannot compile"
    gcc = gcc_for(t)
    with tempfile.TemporaryDirectory(prefix="pyld-") as d:
        ref = os.path.join(d, "ref")
        out = os.path.join(d, "out")
        r1 = gcc_link(gcc, [obj], ref, mode, False)
        r2 = gcc_link(gcc, [obj], out, mode, True)
        if r1.returncode != 0:
            if r2.returncode != 0:
                return None
            return "SKIP GNU ld fails, pyld links"
        if r2.returncode != 0:
            msg = (r2.stderr.strip().splitlines() or ["?"])
            return "link failed: " + " | ".join(msg[:3])[:300]
        ro = subprocess.run(["readelf", "-a", "-W", out], capture_output=True, text=True)
        if ro.returncode or ro.stderr.strip():
            return "readelf: " + ro.stderr.strip()[:200]
        lw = lief_problems(out)
        if lw:
            return "lief: " + lw[:200]
        a = run_program(t, ref)
        b = run_program(t, out)
        if a != b:
            a2 = run_program(t, ref)
            if a2 != a and a2[0] == a[0] == b[0]:
                return None          # nondeterministic output (addresses): compare status only
            return f"run differs: GNU ld rc={a[0]} pyld rc={b[0]}"
    return None


def main() -> int:
    p = runner.base_parser(__doc__.splitlines()[0])
    p.add_argument("--target", default=None)
    p.add_argument("--mode", default="pie", choices=["pie", "nopie", "static", "static-pie"])
    p.add_argument("--cflags", default="", help="extra gcc flags for the objects")
    args = p.parse_args()
    t = get_target(args.target)
    srcs = sorted(glob.glob(os.path.join(torture(), "execute", "*.c")))
    cflags = args.cflags.split()
    cases = [(t.name, args.mode, s, cflags) for s in srcs]
    title = f"ld torture {t.name} {args.mode}" + "".join(" " + c for c in cflags)
    return runner.run(title, cases, _case, args,
                      name_of=lambda c: os.path.basename(c[2]))


if __name__ == "__main__":
    runner.main_guard(main)
