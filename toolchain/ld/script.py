"""The small linker-script subset glibc and gcc install as ``.so`` files: GROUP, INPUT,
AS_NEEDED, OUTPUT_FORMAT, OUTPUT_ARCH, SEARCH_DIR, ENTRY."""
from __future__ import annotations

import re

from ..diag import ToolError

_TOKEN = re.compile(r"\s+|/\*.*?\*/|#[^\n]*|([(),;=])|\"([^\"]*)\"|([^\s(),;=\"]+)", re.S)


def _tokens(text: str, path: str):
    pos = 0
    out = []
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise ToolError(f"{path}: file format not recognized; treating as linker script "
                            f"failed: syntax error")
        pos = m.end()
        if m.group(1):
            out.append(m.group(1))
        elif m.group(2) is not None:
            out.append(("str", m.group(2)))
        elif m.group(3):
            out.append(m.group(3))
    return out


def parse_script(text: str, path: str):
    """Return a list of (command, argument): ("GROUP"/"INPUT", [(file, as_needed)...]),
    ("ENTRY", sym), ("SEARCH_DIR", dir), ("UNSUPPORTED", name)."""
    if "\0" in text:
        raise ToolError(f"{path}: file format not recognized")
    toks = _tokens(text, path)
    items = []
    i = 0

    def err():
        raise ToolError(f"{path}: file format not recognized; treating as linker script: "
                        f"syntax error")

    def word(t):
        return t[1] if isinstance(t, tuple) else t

    def files(i, as_needed):
        out = []
        if i >= len(toks) or toks[i] != "(":
            err()
        i += 1
        while i < len(toks) and toks[i] != ")":
            t = toks[i]
            if t == ",":
                i += 1
                continue
            if t == "AS_NEEDED":
                sub, i = files(i + 1, True)
                out += sub
                continue
            if t in ("(", ";", "="):
                err()
            out.append((word(t), as_needed))
            i += 1
        if i >= len(toks):
            err()
        return out, i + 1

    while i < len(toks):
        t = toks[i]
        if t == ";":
            i += 1
            continue
        if t in ("GROUP", "INPUT"):
            lst, i = files(i + 1, False)
            items.append((t, lst))
        elif t in ("OUTPUT_FORMAT", "OUTPUT_ARCH", "TARGET", "ENTRY", "SEARCH_DIR", "OUTPUT",
                   "STARTUP"):
            if i + 1 >= len(toks) or toks[i + 1] != "(":
                err()
            j = i + 2
            args = []
            while j < len(toks) and toks[j] != ")":
                if toks[j] != ",":
                    args.append(word(toks[j]))
                j += 1
            if j >= len(toks):
                err()
            if t == "ENTRY" and args:
                items.append(("ENTRY", args[0]))
            elif t == "SEARCH_DIR" and args:
                items.append(("SEARCH_DIR", args[0]))
            elif t == "STARTUP" and args:
                items.append(("INPUT", [(args[0], False)]))
            i = j + 1
        elif isinstance(t, str) and t in ("SECTIONS", "MEMORY", "PHDRS", "VERSION"):
            items.append(("UNSUPPORTED", t))
            return items
        else:
            err()
    return items
