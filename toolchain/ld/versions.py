"""--version-script: version nodes (``VER_1 { global: a; b*; local: *; };``) and anonymous
scripts (``{ global: ...; local: *; };``). Named nodes become .gnu.version_d entries; symbols
matched by ``local:`` patterns are not exported."""
from __future__ import annotations

import fnmatch
import re

from ..diag import ToolError

_TOK = re.compile(r"\s+|/\*.*?\*/|#[^\n]*|(\"[^\"]*\"|[{};:]|[^\s{};:]+)", re.S)


def parse_version_script(text: str, path: str):
    """[(version name or "", [global patterns], [local patterns])]"""
    toks = [m.group(1) for m in _TOK.finditer(text) if m.group(1)]
    nodes = []
    i = 0

    def err():
        raise ToolError(f"{path}: syntax error in VERSION script")

    while i < len(toks):
        name = ""
        if toks[i] != "{":
            name = toks[i]
            i += 1
        if i >= len(toks) or toks[i] != "{":
            err()
        i += 1
        glob, loc = [], []
        cur = glob
        depth = 1
        while i < len(toks) and depth:
            t = toks[i]
            if t == "}":
                depth -= 1
                i += 1
                break
            if t in ("global", "local") and i + 1 < len(toks) and toks[i + 1] == ":":
                cur = glob if t == "global" else loc
                i += 2
                continue
            if t == "extern":
                # extern "C++" { ... }: take the patterns as plain names
                i += 2
                if i < len(toks) and toks[i] == "{":
                    depth += 1
                    i += 1
                continue
            if t == ";":
                i += 1
                continue
            cur.append(t.strip('"'))
            i += 1
        while i < len(toks) and toks[i] not in (";",):
            if toks[i] == "{":
                break
            i += 1       # parent version name
        if i < len(toks) and toks[i] == ";":
            i += 1
        nodes.append((name, glob, loc))
    return nodes


def _matcher(patterns):
    exact = {p for p in patterns if not any(c in p for c in "*?[")}
    wild = [p for p in patterns if p not in exact]

    def match(name: str) -> bool:
        if name in exact:
            return True
        return any(fnmatch.fnmatchcase(name, p) for p in wild)
    return match if patterns else None


def apply_version_script(ln) -> None:
    path = ln.opts.version_script
    if not path:
        return
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            text = f.read()
    except OSError as e:
        raise ToolError(f"cannot open {path}: {e.strerror}") from None
    nodes = parse_version_script(text, path)
    all_glob, all_loc = [], []
    ver_of = []
    for idx, (name, glob, loc) in enumerate(nodes):
        all_glob += glob
        all_loc += loc
        if name:
            ln.verdefs[name] = 2 + len([n for n in ln.verdefs])
            ver_of.append((ln.verdefs[name], _matcher(glob)))
    ln.version_globals = _matcher(all_glob)
    ln.version_locals = _matcher(all_loc)
    if ver_of:
        def index(name):
            for v, m in ver_of:
                if m is not None and m(name):
                    return v
            return None
        ln.version_globals_index = index
    for g in ln.symbols.values():
        if ln.local_by_version(g):
            g.local_ver = 0
