"""GNU as's own AArch64 testsuite (gas/testsuite/gas/aarch64) run against pyas.

    python -m tests.asm.test_aarch64_gas_suite [--only SUBSTR] [--log FILE] [-v]

For each ``.d`` expectation: assemble its source with pyas (with the ``#as:`` flags), run
aarch64-linux-gnu-objdump/readelf with the ``#objdump:``/``#readelf:`` options on our object,
and match the output against the expectation's regular expressions the way the DejaGnu
``regexp_diff`` does (``#...`` skips lines, ``#pass`` ends). Expectations with ``#error`` /
``#error_output`` pass when pyas rejects the source. Ends with ``N passed, M failed``.
"""
from __future__ import annotations

import contextlib
import fnmatch
import glob
import io
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile

TRIPLET = "aarch64-unknown-linux-gnu"
OBJDUMP = "aarch64-linux-gnu-objdump"
READELF = "aarch64-linux-gnu-readelf"


def suite_dir():
    from tests.harness import sources
    return os.path.join(sources.gas_testsuite(), "gas", "aarch64")


def parse_d(path):
    opts = {}
    body = []
    with open(path, errors="replace") as f:
        lines = f.read().splitlines()
    i = 0
    while i < len(lines) and (lines[i].startswith("#") or not lines[i].strip()):
        m = re.match(r"#\s*([a-z_]+)\s*:?\s*(.*)$", lines[i])
        if m:
            k, v = m.group(1), m.group(2).strip()
            opts[k] = (opts.get(k, "") + " " + v).strip() if k in ("as",) else v
        elif lines[i].strip() and not lines[i].startswith("#"):
            break
        i += 1
    body = lines[i:]
    return opts, body


def _targets_match(spec):
    for pat in spec.split():
        if fnmatch.fnmatch(TRIPLET, pat) or fnmatch.fnmatch("aarch64-linux-gnu", pat):
            return True
    return False


def regexp_diff(out_lines, pats):
    out = [ln for ln in out_lines if ln.strip()]
    ps = [p for p in pats if p.strip()]
    i = 0
    j = 0
    while j < len(ps):
        p = ps[j]
        if p.startswith("#pass"):
            return True
        if p.startswith("#..."):
            j += 1
            if j >= len(ps):
                return True
            nxt = _re(ps[j])
            while i < len(out) and not nxt.fullmatch(out[i]):
                i += 1
            if i >= len(out):
                return False
            continue
        if p.startswith("#"):
            j += 1
            continue
        if i >= len(out):
            return False
        if not _re(p).fullmatch(out[i]):
            return False
        i += 1
        j += 1
    return i >= len(out)


_RE_CACHE = {}


def _re(p):
    r = _RE_CACHE.get(p)
    if r is None:
        q = p.replace("[[:space:]]", r"\s").replace("[:space:]", r"\s")
        try:
            r = re.compile(q)
        except re.error:
            r = re.compile(re.escape(p))
        _RE_CACHE[p] = r
    return r


def pyas(argv):
    from toolchain.asm.main import main
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            rc = main(argv)
        except SystemExit as e:
            rc = e.code
    return rc, err.getvalue()


def run_one(dpath, tmp):
    opts, body = parse_d(dpath)
    d = os.path.dirname(dpath)
    if "notarget" in opts and _targets_match(opts["notarget"]):
        return "skip"
    if "target" in opts and not _targets_match(opts["target"]):
        return "skip"
    if "skip" in opts and _targets_match(opts["skip"]):
        return "skip"
    if "ld" in opts:
        return "skip"
    src = opts.get("source", os.path.basename(dpath)[:-2] + ".s").split()[0]
    spath = os.path.join(d, src)
    if not os.path.exists(spath):
        return "skip"
    obj = os.path.join(tmp, "t.o")
    if os.path.exists(obj):
        os.unlink(obj)
    flags = shlex.split(opts.get("as", ""))
    rc, err = pyas(["--target=aarch64-linux-gnu", "-I", d, *flags, spath, "-o", obj])
    expect_error = "error" in opts or "error_output" in opts
    if expect_error:
        return None if rc != 0 else "expected an error"
    if rc != 0:
        first = [ln for ln in err.splitlines() if "Error" in ln or "error" in ln][:1]
        return "pyas failed: " + (first[0] if first else err.strip()[:200])
    if "objdump" in opts:
        cmd = [OBJDUMP, *shlex.split(opts["objdump"]), obj]
    elif "readelf" in opts:
        cmd = [READELF, *shlex.split(opts["readelf"]), obj]
    else:
        return None
    r = subprocess.run(cmd, capture_output=True, text=True)
    out = r.stdout.splitlines()
    if "dump" in opts:
        body = parse_d(os.path.join(d, opts["dump"].split()[0]))[1]
    ok = regexp_diff(out, body)
    if "failif" in opts:
        ok = not ok
    if ok:
        return None
    return "output differs"


class _Timeout(Exception):
    pass


def _timeout(signum, frame):
    raise _Timeout()


def main(argv):
    only = argv[argv.index("--only") + 1] if "--only" in argv else None
    log = argv[argv.index("--log") + 1] if "--log" in argv else "/tmp/aarch64-gas-suite.log"
    ds = sorted(glob.glob(os.path.join(suite_dir(), "*.d")))
    if only:
        ds = [x for x in ds if only in os.path.basename(x)]
    passed = failed = skipped = 0
    with tempfile.TemporaryDirectory() as tmp, open(log, "w") as lf:
        for dp in ds:
            signal.signal(signal.SIGALRM, _timeout)
            signal.alarm(30)
            try:
                r = run_one(dp, tmp)
            except _Timeout:
                r = "timeout (30s)"
            except Exception as e:  # noqa: BLE001
                r = f"runner crash: {type(e).__name__}: {e}"
            finally:
                signal.alarm(0)
            if r == "skip":
                skipped += 1
            elif r is None:
                passed += 1
            else:
                failed += 1
                lf.write(f"ERROR {os.path.basename(dp)}: {r}\n")
    print(f"gas/testsuite/gas/aarch64: {len(ds)} expectations, {skipped} skipped; log: {log}")
    print(f"{passed} passed, {failed} failed")
    return 0


def test_regexp_diff():
    assert regexp_diff(["a", "b", "c"], ["a", "#...", "c"])
    assert not regexp_diff(["a", "x"], ["a", "b"])
    assert regexp_diff(["a", "b"], ["a", "#pass"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
