"""Fast checks of the ABI compat harness: the generator is deterministic and its programs are
right by gcc's own build; two generated cases and two gcc.c-torture/compat tests run with
pycc and gcc objects mixed both ways (the full suites: python -m tests.compat.run)."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.compat import run as R
from tests.compat.gen import generate
from toolchain.targets import host_target

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None or host_target().name != "x86_64",
                                reason="needs gcc and an x86-64 host")


def test_generator_is_deterministic_and_varied():
    a, b = generate(7), generate(7)
    assert a == b
    assert generate(8) != a
    text = "".join(generate(s)["t.h"] for s in range(1, 30))
    for needle in ("long double", "__int128", "_Complex", "union S", " : ", "...", "[", "float"):
        assert needle in text


@pytest.mark.parametrize("seed", [3, 4])
def test_generated_case_correct_with_gcc_alone(tmp_path, seed):
    files = generate(seed)
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    exe = tmp_path / "p"
    r = subprocess.run(["gcc", "-w", "-Wno-psabi", "-o", str(exe), "main.c", "x.c", "y.c"],
                       cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert subprocess.run([str(exe)], capture_output=True).returncode == 0


@pytest.mark.parametrize("seed", [3, 4])
def test_generated_case_mixed(tmp_path, seed):
    results = R.gen_case(seed, str(tmp_path), "-O0")
    assert len(results) == 4
    bad = [f"{r.name}: {r.reason}" for r in results if not r.ok]
    assert not bad, bad


@pytest.mark.parametrize("name", ["struct-ret-1", "struct-i"])
def test_torture_compat_mixed(tmp_path, name):
    results = R.torture_case(name, str(tmp_path), "-O1")
    assert len(results) == 2
    bad = [f"{r.name}: {r.reason}" for r in results if not r.ok]
    assert not bad, bad


def test_a_broken_callee_is_caught(tmp_path):
    """The harness must fail when the two sides disagree (a y.c whose callees are wrong)."""
    files = generate(3)
    y = files["y.c"].replace("a0 != e0", "a0 == e0", 1)
    assert y != files["y.c"]
    files["y.c"] = y
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    res = R.three_part("gen/broken", {p: str(tmp_path / f"{p}.c") for p in ("main", "x", "y")},
                       ["-w"], str(tmp_path), str(tmp_path), "-O0")
    assert res and all(not r.ok for r in res)


_VEC_CALLEE = r"""
#include <immintrin.h>
typedef struct { __m128 x; } SM;
typedef union { __m128 x; } UM;
typedef union { __m128 x; unsigned long long u[2]; } UL;
typedef struct { __m256d y; } SY;
float f_sm(int a, SM s, double d, UM u, UL l) {
    return s.x[0] + s.x[3] + u.x[1] + (float)(l.u[0] + l.u[1]) + a + (float)d;
}
SM r_sm(float v) { SM s = {{v, v + 1, v + 2, v + 3}}; return s; }
#ifdef __AVX__
__m256i f_y(__m256i a, SY s, __m128i b) {
    return a + (__m256i){(long long)s.y[0], (long long)s.y[3], b[0], b[1]};
}
SY r_sy(double v) { SY s = {{v, v, v, v + 1}}; return s; }
#endif
"""

_VEC_CALLER = r"""
#include <immintrin.h>
typedef struct { __m128 x; } SM;
typedef union { __m128 x; } UM;
typedef union { __m128 x; unsigned long long u[2]; } UL;
typedef struct { __m256d y; } SY;
float f_sm(int a, SM s, double d, UM u, UL l);
SM r_sm(float v);
#ifdef __AVX__
__m256i f_y(__m256i a, SY s, __m128i b);
SY r_sy(double v);
#endif
int main(void) {
    SM s = {{1, 2, 3, 4}}; UM u = {{5, 6, 7, 8}}; UL l; l.u[0] = 10; l.u[1] = 20;
    if (f_sm(100, s, 0.5, u, l) != 1 + 4 + 6 + 30 + 100 + 0.5f) return 1;
    SM r = r_sm(7);
    if (r.x[0] != 7 || r.x[3] != 10) return 2;
#ifdef __AVX__
    SY y = {{1, 2, 3, 4}};
    __m256i v = f_y((__m256i){1, 2, 3, 4}, y, (__m128i){5, 6});
    if (v[0] != 2 || v[1] != 6 || v[2] != 8 || v[3] != 10) return 3;
    SY q = r_sy(9);
    if (q.y[0] != 9 || q.y[3] != 10) return 4;
#endif
    return 0;
}
"""


@pytest.mark.parametrize("opts", [["-msse2"], ["-mavx"]])
def test_vector_members_and_m256_mixed_with_gcc(tmp_path, opts):
    """psABI vectors: `struct { __m128 }` and `union { __m128 }` are SSE+SSEUP (one %xmm),
    `union { __m128; long[2] }` INTEGER x 2, and under -mavx __m256 and `struct { __m256d }`
    go in one %ymm, both as arguments and results, pycc and gcc objects mixed both ways."""
    if "-mavx" in opts and "avx" not in open("/proc/cpuinfo").read().split():
        pytest.skip("no AVX on this machine")
    (tmp_path / "callee.c").write_text(_VEC_CALLEE)
    (tmp_path / "caller.c").write_text(_VEC_CALLER)
    pycc = R.PYCC
    for pc, gc in (("callee", "caller"), ("caller", "callee")):
        subprocess.run([*pycc, *opts, "-O1", "-c", f"{pc}.c", "-o", "p.o"], cwd=tmp_path,
                       check=True)
        subprocess.run(["gcc", *opts, "-O1", "-c", f"{gc}.c", "-o", "g.o"], cwd=tmp_path,
                       check=True)
        subprocess.run(["gcc", "p.o", "g.o", "-o", "t"], cwd=tmp_path, check=True)
        r = subprocess.run([str(tmp_path / "t")])
        assert r.returncode == 0, f"pycc {pc}.c with gcc {gc}.c {opts}: exit {r.returncode}"
