"""PyPI extensions with SIMD paths built by pip with CC=pycc, tested with their own tests
(issue 22, acceptance 3), and timed against the same package built with gcc.

    python -m tests.intrin.programs [--bench] [--keep] [NAME ...]

NAME is one of BUILDS (default: all): xxhash (x86-64 baseline: xxHash's SSE2 path, plus its
x86 dispatcher that picks SSE2/AVX2/AVX-512 code under target attributes at run time),
xxhash-avx2 (-mavx2: the AVX2 path compiled in), zstandard (zstd's SSE2 code; ~20 min to
build). The sdists come from pip download into ~/.cache/pytoolchain/programs. One line per
build, `ERROR name: reason` lines in tests/intrin/programs.log, last line `N passed, M failed`.
--bench also builds each with gcc -O2 and prints hashing/compression throughput of both.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time

from tests.programs.__main__ import fetch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LOG = os.path.join(HERE, "programs.log")
_IGNORE_XX = ["--ignore=tests/test_benchmark.py", "--ignore=tests/test_benchmark_xxh3_long.py",
              "--ignore=tests/test_benchmark_xxh3_short.py", "--ignore=tests/test_stubs_pyright.py",
              "--ignore=tests/test_interpreters.py"]
# name -> (pip requirement, import name, CFLAGS, test command, benchmark statement)
BUILDS = {
    "xxhash": ("xxhash", "xxhash", "-O1", ["-m", "pytest", "-q", "-p", "no:cacheprovider",
                                           "tests", *_IGNORE_XX],
               "xxhash.xxh3_64_intdigest(DATA); xxhash.xxh64_intdigest(DATA)"),
    "xxhash-avx2": ("xxhash", "xxhash", "-O1 -mavx2",
                    ["-m", "pytest", "-q", "-p", "no:cacheprovider", "tests", *_IGNORE_XX],
                    "xxhash.xxh3_64_intdigest(DATA); xxhash.xxh64_intdigest(DATA)"),
    "zstandard": ("zstandard", "zstandard", "-O1",
                  ["-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "tests"],
                  "zstandard.ZstdDecompressor().decompress(zstandard.ZstdCompressor(level=3)"
                  ".compress(DATA))"),
}


def build(name: str, work: str, cc: str, cflags: str):
    """Unpacked sdist directory and the private site directory the wheel went into."""
    req = BUILDS[name][0]
    with tarfile.open(fetch(req)) as tf:
        tf.extractall(work, filter="data")
    src = [p for p in glob.glob(os.path.join(work, req + "-*")) if os.path.isdir(p)][0]
    env = dict(os.environ, CC=cc, LDSHARED=cc + " -shared", CFLAGS=cflags)
    wheels = os.path.join(work, "wheels")
    t0 = time.time()
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-binary", req,
                        "-w", wheels, src], capture_output=True, text=True, env=env)
    if r.returncode != 0:
        errs = [ln for ln in (r.stdout + r.stderr).splitlines() if "error" in ln.lower()]
        raise RuntimeError("build failed: " + (errs[0].strip() if errs else r.stderr[-200:]))
    secs = time.time() - t0
    site = os.path.join(work, "site")
    r = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--target", site,
                        *glob.glob(os.path.join(wheels, "*.whl"))], capture_output=True,
                       text=True)
    if r.returncode != 0:
        raise RuntimeError("install failed: " + r.stderr[-200:])
    for d in (os.path.join(src, BUILDS[name][1]), os.path.join(src, "src", BUILDS[name][1])):
        if os.path.isdir(d) and os.path.exists(os.path.join(d, "__init__.py")):
            os.rename(d, d + ".src")        # the sources must not shadow the built package
    return src, site, secs


def bench(name: str, site: str) -> float:
    """MB/s of the benchmark statement over 64 MiB of mixed data (best of 3)."""
    mod, stmt = BUILDS[name][1], BUILDS[name][4]
    code = (f"import {mod}, time, random\n"
            "random.seed(1); DATA = bytes(random.getrandbits(8) for _ in range(1 << 20)) * 32"
            " + bytes(1 << 25)\n"
            "best = 1e9\n"
            "for _ in range(3):\n"
            f"    t = time.perf_counter(); {stmt}; best = min(best, time.perf_counter() - t)\n"
            "print(len(DATA) / best / 1e6)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       env=dict(os.environ, PYTHONPATH=site), timeout=1800)
    if r.returncode != 0:
        raise RuntimeError("benchmark failed: " + r.stderr[-200:])
    return float(r.stdout.split()[-1])


def run_one(name: str, work: str, with_bench: bool) -> tuple[bool, str]:
    req, mod, cflags, test, _ = BUILDS[name]
    pycc = f"env PYTHONPATH={ROOT} {sys.executable} -m toolchain.cc"
    src, site, secs = build(name, os.path.join(work, "pycc"), pycc, cflags)
    r = subprocess.run([sys.executable, *test], capture_output=True, text=True, cwd=src,
                       env=dict(os.environ, PYTHONPATH=site), timeout=3600)
    tail = ((r.stdout + r.stderr).strip().splitlines() or [""])[-1]
    if r.returncode != 0:
        return False, f"tests failed: {tail[:200]}"
    why = f"built in {secs:.0f} s; tests: {tail[:80]}"
    if with_bench:
        mine = bench(name, site)
        _, gsite, _ = build(name, os.path.join(work, "gcc"), "gcc",
                            cflags.replace("-O1", "-O2"))
        theirs = bench(name, gsite)
        why += f"; {mod} {mine:.0f} MB/s (gcc -O2 build: {theirs:.0f} MB/s)"
    return True, why


def main(argv: list[str]) -> int:
    keep = "--keep" in argv
    with_bench = "--bench" in argv
    names = [a for a in argv if not a.startswith("-")] or list(BUILDS)
    passed = failed = 0
    with open(LOG, "w") as log:
        for name in names:
            work = tempfile.mkdtemp(prefix=f"pycc-{name}-")
            try:
                ok, why = run_one(name, work, with_bench)
            except Exception as e:  # noqa: BLE001 - one line per program
                ok, why = False, f"{type(e).__name__}: {e}"
            finally:
                if not keep:
                    shutil.rmtree(work, ignore_errors=True)
            print(f"{'ok   ' if ok else 'FAIL '} {name}: {why}", flush=True)
            passed += ok
            failed += not ok
            if not ok:
                log.write(f"ERROR {name}: {why}\n")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
