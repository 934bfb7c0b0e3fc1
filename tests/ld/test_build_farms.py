"""A fast subset of `python -m tests.driver.build_farms` (issue 20): pycc under ccache (direct
and preprocessor modes) and under distcc with two loopback daemons, on three small files."""
from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import tempfile

import pytest

from tests.driver import build_farms as BF

FILES = {
    "h.h": "#define SCALE 3\nstruct acc { long n; double s; };\nlong f1(long);\ndouble f2(int);\n",
    "a.c": '#include <stdio.h>\n#include "h.h"\nint main(void) { printf("%ld %g\\n", f1(4), '
           'f2(5)); return 0; }\n',
    "b.c": '#include "h.h"\nlong f1(long x) { return x * SCALE; }\n',
    "c.c": '#include <math.h>\n#include "h.h"\ndouble f2(int k) { struct acc a = { k, 0 }; '
           'for (int i = 0; i < k; i++) a.s += sqrt(i); return a.s; }\n',
}


@pytest.fixture(scope="module")
def farm():
    if shutil.which("pycc") is None:
        pytest.skip("pycc missing")
    work = tempfile.mkdtemp(prefix="farm-")
    os.chmod(work, 0o755)
    src = os.path.join(work, "src")
    os.makedirs(src)
    for n, t in FILES.items():
        with open(os.path.join(src, n), "w") as f:
            f.write(t)
    bindir = BF.make_bindir(work, live=False)
    env = BF.base_env(bindir)
    ref = os.path.join(work, "ref")
    os.makedirs(ref)
    for c in ("a", "b", "c"):
        subprocess.run(["pycc", "-O1", "-c", os.path.join(src, c + ".c"), "-o",
                        os.path.join(ref, c + ".o")], env=env, check=True, cwd=src)
    yield work, src, bindir, ref
    shutil.rmtree(work, ignore_errors=True)


def _compile_all(cc: list[str], src: str, out: str, env, extra=()) -> None:
    os.makedirs(out, exist_ok=True)
    for c in ("a", "b", "c"):
        r = subprocess.run(cc + ["-O1", *extra, "-c", c + ".c", "-o",
                                 os.path.join(out, c + ".o")],
                           env=env, cwd=src, capture_output=True, timeout=300)
        assert r.returncode == 0, r.stderr.decode(errors="replace")[-500:]


def _same(ref: str, out: str) -> None:
    for c in ("a", "b", "c"):
        assert filecmp.cmp(os.path.join(ref, c + ".o"), os.path.join(out, c + ".o"),
                           shallow=False), c


@pytest.mark.skipif(shutil.which("ccache") is None, reason="ccache not installed")
@pytest.mark.parametrize("mode", ["direct", "cpp", "depend"])
def test_ccache(farm, mode):
    work, src, bindir, ref = farm
    cdir = os.path.join(work, "ccache-" + mode)
    extra = {"CCACHE_DIR": cdir}
    if mode == "cpp":
        extra["CCACHE_NODIRECT"] = "1"
    if mode == "depend":
        extra["CCACHE_DEPEND"] = "1"
    flags = ["-MD"] if mode == "depend" else []
    env = BF.base_env(bindir, extra)
    for i in (1, 2):
        subprocess.run(["ccache", "--zero-stats"], env=env, capture_output=True)
        _compile_all(["ccache", "pycc"], src, os.path.join(work, f"cc-{mode}-{i}"), env, flags)
        st = BF.ccache_stats(env)
        if i == 1:
            assert st.get("cache_miss") == 3, st
        else:
            key = "preprocessed_cache_hit" if mode == "cpp" else "direct_cache_hit"
            assert st.get(key) == 3 and not st.get("cache_miss"), st
        _same(ref, os.path.join(work, f"cc-{mode}-{i}"))
    # a header change is seen
    with open(os.path.join(src, "h.h")) as f:
        text = f.read()
    try:
        with open(os.path.join(src, "h.h"), "w") as f:
            f.write(text.replace("SCALE 3", "SCALE 4"))
        subprocess.run(["ccache", "--zero-stats"], env=env, capture_output=True)
        _compile_all(["ccache", "pycc"], src, os.path.join(work, f"cc-{mode}-3"), env, flags)
        # only b.c's preprocessed text changes (it alone uses SCALE): one miss, two hits; depend
        # mode does not look at preprocessed text, so all three includers miss
        assert BF.ccache_stats(env).get("cache_miss") == (3 if mode == "depend" else 1)
        assert not filecmp.cmp(os.path.join(ref, "b.o"), os.path.join(work, f"cc-{mode}-3",
                                                                      "b.o"), shallow=False)
    finally:
        with open(os.path.join(src, "h.h"), "w") as f:
            f.write(text)


@pytest.mark.skipif(shutil.which("distccd") is None, reason="distcc not installed")
def test_distcc_two_daemons(farm):
    work, src, bindir, ref = farm
    try:
        masq = BF.Masquerade(["pycc"])
    except (RuntimeError, OSError) as e:
        pytest.skip(str(e))
    dd_env = BF.base_env(bindir, {"TMPDIR": os.path.join(work, "dtmp"),
                                  "XDG_CACHE_HOME": os.path.join(work, "dcache")})
    for k in ("TMPDIR", "XDG_CACHE_HOME"):
        os.makedirs(dd_env[k], exist_ok=True)
        os.chmod(dd_env[k], 0o1777)
    daemons = BF.Daemons(work, dd_env)
    try:
        log = os.path.join(work, "distcc.log")
        state = os.path.join(work, "dstate")
        os.makedirs(state, exist_ok=True)
        env = BF.base_env(bindir, {
            "DISTCC_HOSTS": " ".join(f"127.0.0.1:{p}/1" for p in daemons.ports),
            "DISTCC_LOG": log, "DISTCC_VERBOSE": "1", "DISTCC_FALLBACK": "0",
            "DISTCC_SKIP_LOCAL_RETRY": "1", "DISTCC_DIR": state})
        _compile_all(["distcc", "pycc"], src, os.path.join(work, "dist"), env)
        remote, local = BF.client_remote_count(log)
        assert remote == {"a.c", "b.c", "c.c"} and not local, (remote, local)
        assert sum(daemons.served(expect=3)) == 3
        _same(ref, os.path.join(work, "dist"))
    finally:
        daemons.stop()
        masq.remove()
