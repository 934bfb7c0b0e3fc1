"""Compile a hand-written IR file: ``python -m toolchain.cc.ir FILE.ir [-O0|-O1|-O2]
[--emit=ir|asm|obj] [--target=T] [-o OUT]``.

--emit=ir prints the (optimised) IR, asm the GNU as text (default), obj an ELF object assembled
by pyas. Errors (parse, verify, unsupported constructs) are reported as diagnostics.
"""
from __future__ import annotations

import sys

from ...diag import ToolError, atomic_write, run_main


def _main(argv: list[str]) -> int:
    src = None
    out = "-"
    opt = 0
    emit = "asm"
    target = "x86_64"
    it = iter(argv)
    for a in it:
        if a.startswith("-O"):
            v = a[2:] or "1"
            opt = 0 if v == "0" else 1
        elif a.startswith("--emit="):
            emit = a.split("=", 1)[1]
            if emit not in ("ir", "asm", "obj"):
                raise ToolError(f"unknown --emit kind '{emit}'")
        elif a.startswith("--target="):
            target = a.split("=", 1)[1]
        elif a == "-o":
            out = next(it, None)
            if out is None:
                raise ToolError("missing filename after '-o'")
        elif a.startswith("-") and a != "-":
            raise ToolError(f"unrecognized option '{a}'")
        else:
            src = a
    if src is None:
        raise ToolError("no input file")
    try:
        text = sys.stdin.read() if src == "-" else open(src, encoding="utf-8").read()
    except OSError as e:
        raise ToolError(f"{src}: {e.strerror}") from None
    from . import parse_module, print_module, verify
    from ..opt import optimize_module
    m = parse_module(text)
    verify(m)
    if opt:
        optimize_module(m, opt)
    if emit == "ir":
        data = print_module(m).encode()
    else:
        from ..backend import compile_ir
        res = compile_ir(m, target, opt, "obj" if emit == "obj" else "asm")
        data = res if isinstance(res, (bytes, bytearray)) else res.encode()
    atomic_write(out, data)
    return 0


def main(argv=None) -> int:
    return run_main("pycc-ir", _main, argv)


if __name__ == "__main__":
    sys.exit(main())
