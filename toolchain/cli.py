"""Small helpers shared by the three command-line front ends."""
from __future__ import annotations

import sys

from . import __version__


def version_text(prog: str, what: str, target_triple: str) -> str:
    return (f"{prog} (pytoolchain) {__version__}\n"
            f"A {what} written in Python; targets x86_64-linux-gnu, aarch64-linux-gnu, "
            f"riscv64-linux-gnu.\n"
            f"This {what} was configured for a default target of `{target_triple}'.\n"
            f"This program is free software; you may redistribute it under the terms of the MIT "
            f"license.\nThis program has absolutely no warranty.\n")


def expand_response_files(argv: list[str], depth: int = 0) -> list[str]:
    """Expand ``@file`` arguments as GCC and binutils do (whitespace-separated, with quotes and
    backslash escapes); a missing file leaves the argument as is."""
    out: list[str] = []
    for a in argv:
        if a.startswith("@") and len(a) > 1 and depth < 32:
            try:
                with open(a[1:], encoding="utf-8", errors="surrogateescape") as f:
                    text = f.read()
            except OSError:
                out.append(a)
                continue
            out.extend(expand_response_files(_split_response(text), depth + 1))
        else:
            out.append(a)
    return out


def _split_response(text: str) -> list[str]:
    args, cur, have, quote, i = [], [], False, None, 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            cur.append(text[i + 1])
            have = True
            i += 2
            continue
        if quote:
            if c == quote:
                quote = None
            else:
                cur.append(c)
        elif c in "'\"":
            quote = c
            have = True
        elif c.isspace():
            if have:
                args.append("".join(cur))
                cur, have = [], False
        else:
            cur.append(c)
            have = True
        i += 1
    if have:
        args.append("".join(cur))
    return args


def print_and_exit_ok(text: str) -> int:
    sys.stdout.write(text)
    return 0
