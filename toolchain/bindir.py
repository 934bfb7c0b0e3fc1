"""Make a directory of GNU-named wrappers for ``gcc -B DIR``.

    python -m toolchain.bindir DIR

writes ``DIR/as`` and ``DIR/ld`` (the host target) and ``DIR/<triple>-as``,
``DIR/<triple>-ld`` for every target (gcc for a cross target looks for the prefixed names first).
Each wrapper runs pyas or pyld with this Python and an explicit ``--target``, so that
``gcc -B DIR/ ...`` and ``aarch64-linux-gnu-gcc -B DIR/ ...`` assemble and link with ours.
"""
from __future__ import annotations

import os
import shlex
import sys

from .diag import ToolError, run_main
from .targets import TARGETS, host_target


def write_wrappers(d: str) -> list[str]:
    os.makedirs(d, exist_ok=True)
    py = shlex.quote(sys.executable)
    made = []
    host = host_target()
    for t in TARGETS.values():
        for tool, mod in (("as", "asm"), ("ld", "ld")):
            names = [f"{t.triple}-{tool}"] + ([tool] if t is host else [])
            for n in names:
                p = os.path.join(d, n)
                with open(p, "w") as f:
                    f.write(f"#!/bin/sh\nexec {py} -m toolchain.{mod} --target={t.triple} \"$@\"\n")
                os.chmod(p, 0o755)
                made.append(p)
    return made


def _main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0].startswith("-"):
        raise ToolError("usage: python -m toolchain.bindir DIR")
    for p in write_wrappers(argv[0]):
        print(p)
    return 0


def main(argv=None) -> int:
    return run_main("bindir", _main, argv)


if __name__ == "__main__":
    sys.exit(main())
