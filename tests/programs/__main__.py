"""Build real programs with pycc and run their own tests.

    python -m tests.programs [--keep] [NAME ...]      (default: simplejson lz4 zstandard quickjs)
    python -m tests.programs redis [--full] [--gcc] [--keep]   (tests.programs.redis)

Python C extensions: the sdist is fetched once with `pip download --no-binary :all:` into
~/.cache/pytoolchain/programs, built with `pip wheel` (build isolation: setuptools from the index) under
CC=pycc LDSHARED="pycc -shared", installed into a private directory and tested with the
package's own tests from the sdist. Prints one line per program, logs `ERROR name: reason`
to ~/.cache/pytoolchain/logs/programs.log and ends with `N passed, M failed`.
Needs network access the first time (PyPI) and pytest for lz4/zstandard/quickjs tests.
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

CACHE = os.path.join(os.path.expanduser("~"), ".cache", "pytoolchain", "programs")
LOG = os.path.join(os.path.expanduser("~"), ".cache", "pytoolchain", "logs", "programs.log")

# name -> (pip requirement, test command run in the unpacked sdist with the built package
#          first on PYTHONPATH; {py} is this Python)
PACKAGES = {
    "simplejson": ("simplejson", ["{py}", "-c", "import sys, unittest, simplejson.tests as t, "
                                  "simplejson._speedups; r = unittest.TextTestRunner("
                                  "verbosity=0).run(t.all_tests_suite()); "
                                  "sys.exit(not r.wasSuccessful())"]),
    # (tests that import psutil, which is not installed, are left out; ~12 min)
    "lz4": ("lz4", ["{py}", "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "tests/block",
                    "tests/frame", "--ignore=tests/block/test_block_2.py"]),
    "zstandard": ("zstandard", ["{py}", "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
                                "tests"]),
    # the sdist ships no tests (test_quickjs.py is only in the git repository): a smoke test
    "quickjs": ("quickjs", ["{py}", "-c", "import quickjs, json; c = quickjs.Context(); "
                            "assert c.eval('1 + 2') == 3; "
                            "assert c.eval('[1, 2, 3].map(x => x * x).join()') == '1,4,9'; "
                            "assert json.loads(c.eval('JSON.stringify({a: [1.5, \"x\"]})')) == "
                            "{'a': [1.5, 'x']}; "
                            "f = quickjs.Function('f', 'function f(n) { let s = 0; for (let i = 0;"
                            " i < n; i++) s += i % 7; return s; }'); assert f(100000) == sum(i % 7 for i in range(100000)); "
                            "assert c.eval('(2n ** 100n).toString()') == str(2 ** 100); "
                            "assert c.eval('Math.sqrt(2)') == 2 ** 0.5; print('quickjs smoke ok')"]),
}


def fetch(req: str) -> str:
    os.makedirs(CACHE, exist_ok=True)
    have = [p for p in glob.glob(os.path.join(CACHE, req + "-*.tar.gz"))]
    if have:
        return sorted(have)[-1]
    r = subprocess.run([sys.executable, "-m", "pip", "download", "--no-binary", ":all:",
                        "--no-deps", "-d", CACHE, req], capture_output=True, text=True)
    have = glob.glob(os.path.join(CACHE, req + "-*.tar.gz"))
    if r.returncode != 0 or not have:
        raise RuntimeError("pip download failed: " + (r.stderr.strip().splitlines() or ["?"])[-1])
    return sorted(have)[-1]


def build_and_test(name: str, work: str) -> tuple[bool, str]:
    req, test = PACKAGES[name]
    sdist = fetch(req)
    with tarfile.open(sdist) as tf:
        tf.extractall(work)
    src = glob.glob(os.path.join(work, "*"))[0]
    # pip's isolated build environment puts its own PYTHONPATH in front: pycc (a Python
    # program needing lark) must run with this interpreter's own packages
    pycc = f"env -u PYTHONPATH -u PYTHONNOUSERSITE {sys.executable} -m toolchain.cc"
    env = dict(os.environ, CC=pycc, LDSHARED=pycc + " -shared", CFLAGS="-O1",
               REQUIRE_SPEEDUPS="1")
    wheels = os.path.join(work, "wheels")
    t0 = time.time()
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-binary", req,
                        "-w", wheels, src], capture_output=True, text=True, env=env)
    if r.returncode != 0:
        errs = [ln for ln in (r.stdout + r.stderr).splitlines() if "error" in ln.lower()]
        return False, "build failed: " + (errs[0].strip() if errs else r.stderr[-200:])
    build_s = time.time() - t0
    site = os.path.join(work, "site")
    r = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--target", site,
                        *glob.glob(os.path.join(wheels, "*.whl"))], capture_output=True, text=True)
    if r.returncode != 0:
        return False, "install failed: " + r.stderr[-200:]
    tenv = dict(os.environ, PYTHONPATH=site)
    for d in (os.path.join(src, name), os.path.join(src, "src", name)):
        if os.path.isdir(d):        # the sources must not shadow the built package
            os.rename(d, d + ".src")
    cmd = [c.replace("{py}", sys.executable) for c in test]
    # run the tests from a copy of the sdist without the package sources shadowing the build
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=src, env=tenv, timeout=1800)
    tail = (r.stdout + r.stderr).strip().splitlines()[-1:] or [""]
    if r.returncode != 0:
        return False, f"tests failed: {tail[0][:200]}"
    return True, f"built in {build_s:.0f} s; tests: {tail[0][:100]}"


def main(argv: list[str]) -> int:
    if "redis" in argv:
        from tests.programs import redis
        return redis.main([a for a in argv if a != "redis"])
    keep = "--keep" in argv
    names = [a for a in argv if not a.startswith("-")] or list(PACKAGES)
    os.makedirs(os.path.dirname(LOG), exist_ok=True)
    passed = failed = 0
    with open(LOG, "w") as log:
        for name in names:
            work = tempfile.mkdtemp(prefix=f"pycc-{name}-")
            try:
                ok, why = build_and_test(name, work)
            except Exception as e:  # noqa: BLE001 - one line per program
                ok, why = False, f"{type(e).__name__}: {e}"
            finally:
                if not keep:
                    shutil.rmtree(work, ignore_errors=True)
            print(f"{'ok   ' if ok else 'FAIL '} {name}: {why}")
            if ok:
                passed += 1
            else:
                failed += 1
                log.write(f"ERROR {name}: {why}\n")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
