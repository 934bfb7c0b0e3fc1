"""`pycc -fsyntax-only` over the corpus: torture execute tests (or --compile: the torture
compile tests that `gcc -std=gnu11 -w -fsyntax-only` accepts), SQLite, Lua and zlib.

    python -m tests.cc.syntax_check [--fast] [--compile] [-j N] [--target T] [--no-sema] [files]

Failures are logged as `ERROR name: first diagnostic` to /tmp/pycc_syntax_check.log.
"""
from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor

from tests.cc.common import corpus_files, gcc_flags_for
from toolchain.targets import TARGETS, get_target

LOG = "/tmp/pycc_syntax_check.log"


def run_pycc(path, target, sema=True, std="gnu11"):
    from toolchain.cc.frontend import FrontendOptions, parse_file
    from toolchain.cc.preprocessor import PPOptions
    from toolchain.diag import Diagnostics, FatalStop
    err = io.StringIO()
    diag = Diagnostics("pycc", stream=err)
    diag.utf8_quotes = False
    diag.suppress_warnings = True
    po = PPOptions()
    po.std = std
    try:
        parse_file(path, target, FrontendOptions(pp=po, sema=sema), diag)
    except FatalStop:
        pass
    return diag.errors == 0, err.getvalue()


def check(args):
    path, tname, sema, compile_mode = args
    t = get_target(tname)
    name = f"{tname}:{os.path.basename(path)}"
    if compile_mode:
        gcc = t.gnu_tool("gcc")
        r = subprocess.run([gcc, "-std=gnu11", "-w", "-fsyntax-only"] + gcc_flags_for(t)
                           + [path], capture_output=True)
        if r.returncode != 0:
            return name, "skip"
    t0 = time.time()
    try:
        ok, err = run_pycc(path, t, sema)
    except RecursionError:
        return name, "recursion"
    except Exception as e:  # noqa: BLE001
        return name, f"traceback {type(e).__name__}: {e}"
    if ok:
        return name, None
    first = next((ln for ln in err.splitlines() if "error" in ln), err.strip()[:200])
    return name, first


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fast", action="store_true")
    ap.add_argument("--compile", action="store_true")
    ap.add_argument("--no-sema", action="store_true")
    ap.add_argument("-j", type=int, default=1)
    ap.add_argument("--target", action="append")
    ap.add_argument("files", nargs="*")
    a = ap.parse_args(argv)
    targets = a.target or list(TARGETS)
    if a.files:
        files = a.files
    elif a.compile:
        from tests.cc.common import torture_dir
        import glob
        d = torture_dir("compile")
        files = sorted(glob.glob(os.path.join(d, "*.c"))) if d else []
        if a.fast:
            files = files[::10]
    else:
        files = corpus_files(a.fast)
    jobs = [(f, t, not a.no_sema, a.compile) for t in targets for f in files]
    passed = failed = skipped = 0
    t0 = time.time()
    with open(LOG, "w") as log:
        if a.j > 1:
            with ProcessPoolExecutor(a.j) as ex:
                results = list(ex.map(check, jobs, chunksize=4))
        else:
            results = map(check, jobs)
        for name, err in results:
            if err is None:
                passed += 1
            elif err == "skip":
                skipped += 1
            else:
                failed += 1
                log.write(f"ERROR {name}: {err}\n")
    print(f"syntax_check: {len(jobs)} files, targets {','.join(targets)}, "
          f"{time.time() - t0:.0f}s; log {LOG}")
    print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
