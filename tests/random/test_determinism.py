"""Determinism: the same sources built twice, with different PYTHONHASHSEED values, working
directories, temporary directories and environments, give identical bytes: objects at -O0 and
-O1, objects with -g, a PIE executable, a shared library and a program linked against it, and
the objects and outputs of pyas and pyld run on their own (issue 19)."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

import pytest

from tests.random.gen import generate_program

LIB = r"""
#include <stdio.h>
struct pt { double x; long double y; __int128 z; };
__thread int tls_counter;
static int hidden(int x) { return x * 3 + tls_counter++; }
int lib_f(int x) { return hidden(x) ^ 0x55; }
struct pt lib_pt(int k) { struct pt p = { k * 0.5, k * 0.25L, (__int128)k << 70 }; return p; }
const char *lib_name(void) { static char buf[32]; snprintf(buf, sizeof buf, "lib%d", 7); return buf; }
"""
MAIN = r"""
#include <stdio.h>
struct pt { double x; long double y; __int128 z; };
int lib_f(int);
struct pt lib_pt(int);
const char *lib_name(void);
int main(void) { struct pt p = lib_pt(3); printf("%d %g %s\n", lib_f(4), p.x, lib_name()); return 0; }
"""

ENVS = [
    {"PYTHONHASHSEED": "1", "LANG": "C", "TZ": "UTC", "COLUMNS": "80"},
    {"PYTHONHASHSEED": "4242", "LANG": "C.UTF-8", "TZ": "Asia/Tokyo", "LC_ALL": "C.UTF-8",
     "SOURCE_DATE_EPOCH": "1", "PYTOOLCHAIN_DETERMINISM_PROBE": "x" * 300},
]


def _build(src_dir: str, out_dir: str, cwd: str, env_extra: dict, tmp: str) -> dict[str, bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONHASHSEED", "LC_ALL", "TZ")}
    env.update(env_extra)
    env["TMPDIR"] = tmp
    s = lambda n: os.path.join(src_dir, n)   # noqa: E731
    o = lambda n: os.path.join(out_dir, n)   # noqa: E731
    steps = [
        ["pycc", "-O0", "-c", s("prog.c"), "-o", o("prog-O0.o"), "-w"],
        ["pycc", "-O1", "-c", s("prog.c"), "-o", o("prog-O1.o"), "-w"],
        # -g records the working directory (DW_AT_comp_dir, as gcc does): run from src_dir
        ["pycc", "-O1", "-g", "-c", "prog.c", "-o", o("prog-g.o"), "-w"],
        ["pycc", "-O1", "-S", s("prog.c"), "-o", o("prog.s"), "-w"],
        ["pyas", o("prog.s"), "-o", o("prog-pyas.o")],
        ["pycc", "-O1", s("prog.c"), "-o", o("prog"), "-lm", "-w"],
        ["pycc", "-O1", "-fPIC", "-shared", s("lib.c"), "-o", o("libdet.so")],
        ["pycc", "-O0", "-c", s("main.c"), "-o", o("main.o")],
        ["pycc", o("main.o"), "-L", out_dir, "-ldet", "-Wl,-rpath," + out_dir, "-o",
         o("main")],
        ["pycc", "-O1", "-c", s("lib.c"), "-o", o("lib.o")],
        ["pyld", "-r", o("lib.o"), o("main.o"), "-o", o("relocatable.o")],
    ]
    for cmd in steps:
        r = subprocess.run(cmd, cwd=src_dir if "-g" in cmd else cwd, env=env,
                           capture_output=True, timeout=300)
        assert r.returncode == 0, (cmd, r.stderr.decode(errors="replace")[-400:])
    return {n: open(o(n), "rb").read() for n in sorted(os.listdir(out_dir))}


@pytest.mark.skipif(shutil.which("pycc") is None, reason="pycc not installed")
def test_builds_are_byte_identical():
    with tempfile.TemporaryDirectory() as root:
        src = os.path.join(root, "src")
        os.makedirs(src)
        with open(os.path.join(src, "prog.c"), "w") as f:
            f.write(generate_program(17, small=True))
        with open(os.path.join(src, "lib.c"), "w") as f:
            f.write(LIB)
        with open(os.path.join(src, "main.c"), "w") as f:
            f.write(MAIN)
        results = []
        for i, env in enumerate(ENVS):
            # the same output paths (a path may legitimately be recorded, e.g. an rpath), a
            # different working directory and temporary directory each time
            out = os.path.join(root, "out")
            shutil.rmtree(out, ignore_errors=True)
            os.makedirs(out)
            cwd = os.path.join(root, f"cwd{i}", "deeper" * i)
            tmp = os.path.join(root, f"tmp{i}")
            os.makedirs(cwd)
            os.makedirs(tmp)
            results.append(_build(src, out, cwd, env, tmp))
            r = subprocess.run([os.path.join(out, "main")], capture_output=True, timeout=30)
            assert r.stdout == b"89 1.5 lib7\n", r.stdout
        a, b = results
        assert sorted(a) == sorted(b)
        differ = [n for n in a if a[n] != b[n]]
        assert not differ, f"differ between the two builds: {differ}"
