"""Whole C programs for RISC-V 64: compiled by pycc alone (PATH without GNU tools), linked by
pyld, run under qemu-riscv64; LP64D interop with riscv64-linux-gnu-gcc objects; `pycc -c`
equal to `pycc -S` + pyas."""
import os
import shutil
import subprocess
import tempfile

import pytest

from tests.cc_riscv64.helpers import build_c, need_qemu, run_qemu

DATA = os.path.join(os.path.dirname(__file__), "data")
GCC = "riscv64-linux-gnu-gcc"


@pytest.mark.parametrize("opt", ["-O0", "-O1"])
def test_features(opt):
    need_qemu()
    with tempfile.TemporaryDirectory() as td:
        exe = build_c(td, [os.path.join(DATA, "features.c")], opt)
        r = run_qemu(exe, td)
        assert r.returncode == 0 and r.stdout.strip() == "ok", r.stdout


def _obj(td, side, who, opt):
    from tests.cc_riscv64.torture import pycc
    out = os.path.join(td, f"{who}{side}{opt}.o")
    src = os.path.join(DATA, "abi.c")
    if who == "g":
        subprocess.run([GCC, "-O2", f"-DSIDE={side}", "-c", src, "-o", out], check=True)
    else:
        rc, log = pycc([opt, f"-DSIDE={side}", "-c", src, "-o", out], td)
        assert rc == 0, log
    return out


# mix: callee, caller (p pycc, g riscv64-linux-gnu-gcc -O2), pycc's -O level
@pytest.mark.parametrize("mix", ["pp0", "gp0", "pg0", "gp1", "pg1", "pp1"])
def test_abi_interop(mix):
    need_qemu()
    if shutil.which(GCC) is None and "g" in mix:
        pytest.skip(f"{GCC} missing")
    callee, caller = mix[0], mix[1]
    opt = "-O" + mix[2]
    with tempfile.TemporaryDirectory() as td:
        o1 = _obj(td, 1, callee, opt)
        o2 = _obj(td, 2, caller, opt)
        exe = build_c(td, [o1, o2])
        r = run_qemu(exe, td)
        assert r.returncode == 0 and r.stdout.strip() == "ok", r.stdout


@pytest.mark.parametrize("opt", ["-O0", "-O1"])
def test_c_equals_s_plus_pyas(opt):
    from tests.cc_riscv64.torture import pycc
    from toolchain.asm.api import assemble
    with tempfile.TemporaryDirectory() as td:
        src = os.path.join(DATA, "features.c")
        o, s = os.path.join(td, "a.o"), os.path.join(td, "a.s")
        rc, log = pycc([opt, "-c", src, "-o", o], td)
        assert rc == 0, log
        rc, log = pycc([opt, "-S", src, "-o", s], td)
        assert rc == 0, log
        with open(s) as f, open(o, "rb") as g:
            assert assemble(f.read(), s, target="riscv64") == g.read()


@pytest.mark.parametrize("opt", ["-O0", "-O1"])
def test_shared_library(opt):
    need_qemu()
    from tests.cc_riscv64.torture import pycc
    with tempfile.TemporaryDirectory() as td:
        so = os.path.join(td, "libt.so")
        rc, log = pycc([opt, "-fPIC", "-shared", os.path.join(DATA, "shlib.c"), "-o", so], td)
        assert rc == 0, log
        exe = build_c(td, [os.path.join(DATA, "shmain.c")], opt, ["-L" + td, "-lt"])
        r = subprocess.run(["qemu-riscv64", "-L", "/usr/riscv64-linux-gnu", "-E",
                            "LD_LIBRARY_PATH=" + td, exe], capture_output=True, text=True,
                           timeout=60)
        assert r.returncode == 0, r.stdout + r.stderr
