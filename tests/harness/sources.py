"""Obtain the external suites and programs into a cache directory (never into git).

  torture   gcc/testsuite/gcc.c-torture from Debian's gcc-12-source (/usr/src/gcc-12)
  zlib      zlib/ from the same tarball
  gas       gas/testsuite from Debian's binutils-source (/usr/src/binutils)
  sqlite    deps/sqlite3 from npm's better-sqlite3 (npm pack)
  lua       third-party/lua54 from PyPI's lupa sdist (pip download)
  distcc    the upstream tarball of Debian's installed distcc (deb.debian.org pool; only on
            request: the build-farm harness rebuilds distcc-pump's include-server extension)

The cache is $PYTOOLCHAIN_CACHE or ~/.cache/pytoolchain. Run as a script to fetch them all:
``python -m tests.harness.sources [name...]``.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

CACHE = os.environ.get("PYTOOLCHAIN_CACHE") or os.path.join(os.path.expanduser("~"), ".cache",
                                                            "pytoolchain")


class SourceMissing(Exception):
    pass


def _extract_members(tarball: str, prefixes: list[str], dest: str) -> None:
    """Extract the members of ``tarball`` whose path (after the top directory) starts with one
    of ``prefixes`` into ``dest``, dropping the top directory."""
    tmp = dest + ".part"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    with tarfile.open(tarball) as tf:
        for m in tf:
            parts = m.name.split("/", 1)
            if len(parts) < 2:
                continue
            rel = parts[1]
            if not any(rel == p or rel.startswith(p + "/") for p in prefixes):
                continue
            if not (m.isfile() or m.isdir()):
                continue
            m.name = rel
            tf.extract(m, tmp, filter="data")
    os.replace(tmp, dest) if not os.path.exists(dest) else shutil.rmtree(tmp)


def _gcc_tarball() -> str:
    c = sorted(glob.glob("/usr/src/gcc-12/gcc-12*.tar.*"))
    if not c:
        raise SourceMissing("gcc-12 source not found; apt-get install gcc-12-source")
    return c[0]


def torture() -> str:
    """Directory holding gcc.c-torture (compile/, execute/, ...)."""
    d = os.path.join(CACHE, "gcc-testsuite")
    if not os.path.isdir(d):
        os.makedirs(CACHE, exist_ok=True)
        _extract_members(_gcc_tarball(), ["gcc/testsuite/gcc.c-torture", "gcc/testsuite/gcc.dg/compat",
                                          "zlib"], d)
    return os.path.join(d, "gcc", "testsuite", "gcc.c-torture")


def zlib() -> str:
    torture()
    return os.path.join(CACHE, "gcc-testsuite", "zlib")


def gas_testsuite() -> str:
    d = os.path.join(CACHE, "gas-testsuite")
    if not os.path.isdir(d):
        c = sorted(glob.glob("/usr/src/binutils/binutils-*.tar.*"))
        if not c:
            raise SourceMissing("binutils source not found; apt-get install binutils-source")
        os.makedirs(CACHE, exist_ok=True)
        _extract_members(c[0], ["gas/testsuite"], d)
    return os.path.join(d, "gas", "testsuite")


def sqlite() -> str:
    """Directory holding sqlite3.c, sqlite3.h and shell.c (if shipped)."""
    d = os.path.join(CACHE, "sqlite")
    if not os.path.isdir(d):
        os.makedirs(CACHE, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            r = subprocess.run(["npm", "pack", "better-sqlite3", "--silent"], cwd=tmp,
                               capture_output=True, text=True)
            tgz = glob.glob(os.path.join(tmp, "*.tgz"))
            if r.returncode or not tgz:
                raise SourceMissing(f"npm pack better-sqlite3 failed: {r.stderr.strip()}")
            _extract_members(tgz[0], ["deps/sqlite3"], d)
    return os.path.join(d, "deps", "sqlite3")


def lua() -> str:
    """Directory holding Lua 5.4's src/ files (lapi.c, ..., lua.c)."""
    d = os.path.join(CACHE, "lua")
    if not os.path.isdir(d):
        os.makedirs(CACHE, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            r = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary",
                                ":all:", "-d", tmp, "lupa"], capture_output=True, text=True)
            tgz = glob.glob(os.path.join(tmp, "lupa-*.tar.gz"))
            if r.returncode or not tgz:
                raise SourceMissing(f"pip download lupa failed: {r.stderr.strip()[-300:]}")
            _extract_members(tgz[0], ["third-party/lua54"], d)
    root = os.path.join(d, "third-party", "lua54")
    src = os.path.join(root, "src")
    return src if os.path.isdir(src) else root


def distcc() -> str:
    """Source tree of the distcc release Debian installed (the `.orig` tarball of the installed
    package's version, from Debian's pool)."""
    r = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "distcc"], capture_output=True,
                       text=True)
    if r.returncode or not r.stdout:
        raise SourceMissing("distcc is not installed (apt-get install distcc)")
    upstream = r.stdout.split(":", 1)[-1].rsplit("-", 1)[0]
    d = os.path.join(CACHE, f"distcc-{upstream}")
    if not os.path.isdir(d):
        import urllib.request
        os.makedirs(CACHE, exist_ok=True)
        name = f"distcc_{upstream}.orig.tar.gz"
        url = f"http://deb.debian.org/debian/pool/main/d/distcc/{name.replace('+', '%2b')}"
        with tempfile.TemporaryDirectory() as tmp:
            tgz = os.path.join(tmp, name)
            try:
                with urllib.request.urlopen(url, timeout=120) as resp, open(tgz, "wb") as f:
                    shutil.copyfileobj(resp, f)
            except OSError as e:
                raise SourceMissing(f"download of {url} failed: {e}") from None
            with tarfile.open(tgz) as t:
                try:
                    t.extractall(tmp, filter="data")
                except TypeError:  # a Python without extraction filters
                    t.extractall(tmp)
            top = [e for e in glob.glob(os.path.join(tmp, "distcc-*")) if os.path.isdir(e)]
            if not top:
                raise SourceMissing(f"{name} holds no distcc-* directory")
            shutil.move(top[0], d)
    return d


FETCHERS = {"torture": torture, "zlib": zlib, "gas": gas_testsuite, "sqlite": sqlite, "lua": lua,
            "distcc": distcc}
DEFAULT = ["torture", "zlib", "gas", "sqlite", "lua"]

if __name__ == "__main__":
    for name in sys.argv[1:] or DEFAULT:
        print(name, FETCHERS[name]())
