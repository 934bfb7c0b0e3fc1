"""Compare `pycc -E` with `gcc -E` token sequences (whitespace and line markers aside).

    python -m tests.cc.pp_compare [--fast] [-j N] [--target T] [files...]

gcc gets our freestanding headers (-nostdinc -isystem <ours> -isystem <target dirs>).
Failures are logged as `ERROR name: reason` lines to /tmp/pycc_pp_compare.log.
"""
from __future__ import annotations

import argparse
import io
import os
import re
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

from tests.cc.common import corpus_files, gcc_flags_for
from toolchain.targets import TARGETS, get_target

LOG = "/tmp/pycc_pp_compare.log"
_MARKER = re.compile(r"^#\s*(?:line\s+)?\d+(?:\s+\"[^\n]*)?$|^#\s*$", re.M)


def tokens_of(text: str) -> list[str]:
    from toolchain.cc.lexer import TOKEN_RE
    text = _MARKER.sub("", text)
    out = []
    for m in TOKEN_RE.finditer(text):
        g = m.lastindex
        if g in (1, 2, 3):
            continue
        out.append(m.group())
    return out


def pycc_E(path: str, target) -> tuple[str, str]:
    from toolchain.cc.preprocessor import PPOptions, Preprocessor
    from toolchain.cc.ppoutput import write_preprocessed
    from toolchain.diag import Diagnostics, FatalStop
    err = io.StringIO()
    diag = Diagnostics("pycc", stream=err)
    diag.utf8_quotes = False
    diag.suppress_warnings = True
    pp = Preprocessor(target, PPOptions(), diag)
    out = io.StringIO()
    try:
        pp.push_main(path)
        write_preprocessed(pp, out)
    except FatalStop:
        pass
    return out.getvalue(), err.getvalue()


def check(args):
    path, tname = args
    t = get_target(tname)
    gcc = t.gnu_tool("gcc")
    env = dict(os.environ, SOURCE_DATE_EPOCH="0")
    os.environ["SOURCE_DATE_EPOCH"] = "0"
    r = subprocess.run([gcc, "-E", "-w"] + gcc_flags_for(t) + [path], capture_output=True,
                       env=env, cwd=os.path.dirname(path) or ".")
    name = f"{tname}:{os.path.basename(path)}"
    try:
        cwd = os.getcwd()
        os.chdir(os.path.dirname(path) or ".")
        try:
            mine, err = pycc_E(os.path.basename(path) if False else path, t)
        finally:
            os.chdir(cwd)
    except Exception as e:  # noqa: BLE001
        return name, f"exception {type(e).__name__}: {e}"
    if r.returncode != 0:
        return name, None if err else "gcc failed but pycc accepted"
    if err and "error" in err:
        return name, "pycc error: " + err.strip().splitlines()[0]
    a = tokens_of(r.stdout.decode("utf-8", "surrogateescape"))
    b = tokens_of(mine)
    if a == b:
        return name, None
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return name, (f"token {i}: gcc {' '.join(a[max(0, i - 5):i + 6])!r} | "
                  f"pycc {' '.join(b[max(0, i - 5):i + 6])!r}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fast", action="store_true")
    ap.add_argument("-j", type=int, default=1)
    ap.add_argument("--target", action="append")
    ap.add_argument("files", nargs="*")
    a = ap.parse_args(argv)
    targets = a.target or list(TARGETS)
    files = a.files or corpus_files(a.fast)
    jobs = [(f, t) for t in targets for f in files if get_target(t).gnu_tool("gcc")]
    passed = failed = 0
    with open(LOG, "w") as log:
        if a.j > 1:
            with ProcessPoolExecutor(a.j) as ex:
                results = list(ex.map(check, jobs, chunksize=4))
        else:
            results = map(check, jobs)
        for name, err in results:
            if err is None:
                passed += 1
            else:
                failed += 1
                log.write(f"ERROR {name}: {err}\n")
    print(f"pp_compare: {len(jobs)} files, targets {','.join(targets)}; log {LOG}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
