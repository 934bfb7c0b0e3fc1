"""`ld -r` / `gcc -r`: a relocatable object combining the inputs, usable by GNU ld and pyld.

The threaded TLS program of test_relax.py (three sources, -g) is combined with -r by pyld on
each target, then linked by GNU ld and by pyld and run; readelf must not warn about the
object. COMDAT groups of the same signature collapse to the first one.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from toolchain.targets import get_target

from .common import wrapper_dir
from .test_relax import DATA, TLS_B, TLS_EXPECT, TLS_LIB, TLS_MAIN


def _run(t, path):
    return subprocess.run(t.runner() + [path], capture_output=True, timeout=60)


@pytest.mark.parametrize("tname", ["x86_64", "aarch64", "riscv64"])
def test_relocatable_tls_program(tmp_path, tname):
    t = get_target(tname)
    gcc = t.gnu_tool("gcc")
    if gcc is None:
        pytest.skip(f"no gcc for {t.triple}")
    if not t.is_host and shutil.which(t.qemu) is None:
        pytest.skip(f"no {t.qemu}")
    objs = []
    for n, text in (("m", TLS_MAIN), ("b", TLS_B), ("lib", TLS_LIB)):
        (tmp_path / f"{n}.c").write_text(text)
        o = str(tmp_path / f"{n}.o")
        subprocess.run([gcc, "-O2", "-g", "-c", str(tmp_path / f"{n}.c"), "-o", o], check=True)
        objs.append(o)
    w = wrapper_dir()
    comb = str(tmp_path / "all.o")
    r = subprocess.run([gcc, "-B", w, "-r", *objs, "-o", comb], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    ref = str(tmp_path / "ref.o")
    subprocess.run([gcc, "-r", *objs, "-o", ref], check=True)
    # readelf warns about TLS relocations in .debug_info of any object (GNU ld -r's too)
    readelf = t.gnu_tool("readelf") or "readelf"
    ro, rg = (subprocess.run([readelf, "-a", "-W", "--debug-dump=frames", p],
                             capture_output=True, text=True) for p in (comb, ref))
    assert ro.returncode == 0 and ro.stderr == rg.stderr, ro.stderr[:300]
    assert "REL (Relocatable file)" in ro.stdout
    for name, extra in (("gnu", []), ("py", ["-B", w])):
        out = str(tmp_path / f"t_{name}")
        r = subprocess.run([gcc, *extra, comb, "-o", out, "-pthread"], capture_output=True,
                           text=True)
        assert r.returncode == 0, r.stderr
        p = _run(t, out)
        assert p.stdout == TLS_EXPECT, (name, p)


def test_relocatable_comdat(tmp_path):
    t = get_target("x86_64")
    if not t.is_host:
        pytest.skip("x86-64 host only")
    objs = []
    for n in ("comdat1", "comdat2"):
        o = str(tmp_path / f"{n}.o")
        subprocess.run(["as", os.path.join(DATA, f"{n}_x86_64.s"), "-o", o], check=True)
        objs.append(o)
    comb = str(tmp_path / "c.o")
    r = subprocess.run([sys.executable, "-m", "toolchain.ld", "-r", *objs, "-o", comb],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    groups = subprocess.run(["readelf", "-g", "-W", comb], capture_output=True,
                            text=True).stdout
    assert groups.count("COMDAT group section") == 1
    out = str(tmp_path / "c")
    subprocess.run(["gcc", comb, "-o", out], check=True)
    assert subprocess.run([out]).returncode == 42          # the first group's foo


def test_relocatable_gnu_property(tmp_path):
    """x86 feature bits are ANDed: IBT/SHSTK stay only when every input has them (GNU ld -r
    gives the same notes)."""
    t = get_target("x86_64")
    if not t.is_host:
        pytest.skip("x86-64 host only")
    objs = {}
    for name, fl in (("cf", "-fcf-protection"), ("cf2", "-fcf-protection"),
                     ("plain", "-fcf-protection=none")):
        src = tmp_path / f"{name}.c"
        src.write_text(f"int {name}(int x) {{ return x + 1; }}\n")
        objs[name] = str(tmp_path / f"{name}.o")
        subprocess.run(["gcc", "-O2", fl, "-c", str(src), "-o", objs[name]], check=True)
    cf, cf2, plain = objs["cf"], objs["cf2"], objs["plain"]

    def notes(objs, ld):
        out = str(tmp_path / "r.o")
        cmd = ([sys.executable, "-m", "toolchain.ld"] if ld == "py" else ["ld"])
        subprocess.run([*cmd, "-r", *objs, "-o", out], check=True)
        return subprocess.run(["readelf", "-n", "-W", out], capture_output=True,
                              text=True).stdout.count("IBT, SHSTK")

    assert notes([cf, cf2], "py") == notes([cf, cf2], "gnu") == 1
    assert notes([cf, plain], "py") == notes([cf, plain], "gnu") == 0
