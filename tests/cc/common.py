"""Shared helpers for the C front end's corpus scripts and tests."""
from __future__ import annotations

import glob
import os

from tests.harness import sources


def torture_dir(kind: str) -> str | None:
    try:
        d = os.path.join(sources.torture(), kind)
    except Exception:  # noqa: BLE001 - corpus missing
        return None
    return d if os.path.isdir(d) else None


def corpus_files(fast: bool = False, torture_kind: str = "execute") -> list[str]:
    """The pp/syntax corpus: torture tests, SQLite, Lua, zlib (a deterministic sample if
    ``fast``)."""
    files = []
    d = torture_dir(torture_kind)
    if d:
        t = sorted(glob.glob(os.path.join(d, "*.c")))
        files += t[::10] if fast else t
    try:
        files.append(os.path.join(sources.sqlite(), "sqlite3.c"))
    except Exception:  # noqa: BLE001
        pass
    try:
        lua = sorted(glob.glob(os.path.join(sources.lua(), "*.c")))
        files += [f for f in lua if os.path.basename(f) not in ("onelua.c",)]
    except Exception:  # noqa: BLE001
        pass
    try:
        files += sorted(glob.glob(os.path.join(sources.zlib(), "*.c")))
    except Exception:  # noqa: BLE001
        pass
    return files


def gcc_flags_for(target) -> list[str]:
    """gcc given our freestanding headers instead of its own."""
    from toolchain.cc.preprocessor import builtin_include_dir
    flags = ["-nostdinc", "-isystem", builtin_include_dir()]
    for d in target.include_dirs():
        flags += ["-isystem", d]
    return flags
