"""pycc: command-line entry point (gcc compatible driver)."""
from __future__ import annotations

import sys

from ..cli import expand_response_files, version_text
from ..diag import ToolError, run_main
from ..targets import get_target

PROG = "pycc"

HELP = """Usage: pycc [options] file...
Options:
  --target=TRIPLE         compile for TRIPLE (x86_64-linux-gnu, aarch64-linux-gnu,
                          riscv64-linux-gnu); default: the host
  -o OBJFILE              place the output into FILE
  --version               display compiler version information
  --help                  show this message and exit
"""


def _main(argv: list[str]) -> int:
    argv = expand_response_files(argv)
    target = None
    for a in argv:
        if a.startswith("--target="):
            target = a.split("=", 1)[1]
    t = get_target(target)
    if "--version" in argv:
        sys.stdout.write(version_text(PROG, "C compiler", t.triple))
        return 0
    if "--help" in argv:
        sys.stdout.write(HELP)
        return 0
    raise ToolError(f"compiling for {t.triple} is not implemented yet")


def main(argv: list[str] | None = None) -> int:
    return run_main(PROG, _main, argv)
