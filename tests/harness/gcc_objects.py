"""Build (and cache) objects and assembly with the GNU tools for a target, for the suites."""
from __future__ import annotations

import hashlib
import os
import subprocess

from toolchain.targets import get_target

from .sources import CACHE

# flags the torture harness of gcc adds for some tests; we only need them to compile
TORTURE_FLAGS = ["-w", "-fno-diagnostics-color"]


def gcc_for(target) -> str:
    t = get_target(target) if isinstance(target, str) or target is None else target
    g = t.gnu_tool("gcc")
    if g is None:
        raise FileNotFoundError(f"no gcc for {t.triple}; install {t.gcc_pkg}")
    return g


def build(target, src: str, kind: str, opt: str = "-O2", extra=()) -> str | None:
    """Compile ``src`` with gcc to ``kind`` ("s" for assembly, "o" for an object); cached by
    content. Returns the output path, or None if gcc rejects the file."""
    t = get_target(target) if isinstance(target, str) or target is None else target
    with open(src, "rb") as f:
        h = hashlib.sha1(f.read() + repr((opt, tuple(extra))).encode()).hexdigest()[:16]
    d = os.path.join(CACHE, "gnu-build", t.name, kind)
    os.makedirs(d, exist_ok=True)
    base = os.path.splitext(os.path.basename(src))[0]
    out = os.path.join(d, f"{base}-{opt.lstrip('-')}-{h}.{kind}")
    bad = out + ".failed"
    if os.path.exists(out):
        return out
    if os.path.exists(bad):
        return None
    cmd = [gcc_for(t), "-S" if kind == "s" else "-c", opt, *TORTURE_FLAGS, *extra, src,
           "-o", out + ".tmp"]
    r = subprocess.run(cmd, capture_output=True, timeout=300)
    if r.returncode != 0:
        open(bad, "w").close()
        try:
            os.unlink(out + ".tmp")
        except OSError:
            pass
        return None
    os.replace(out + ".tmp", out)
    return out
