"""pyld answers the probes libtool and configure scripts make of `ld` (issue 20), and writes onto
a device node (`-o /dev/null`) without replacing it."""
from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import tempfile

import pytest

PYLD = ["python", "-m", "toolchain.ld"]


def _out(*args) -> str:
    r = subprocess.run(PYLD + list(args), capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r.stderr
    return r.stdout + r.stderr


def test_v_is_gnu_for_libtool():
    v = _out("-v")
    assert len(v.splitlines()) == 1
    # libtool.m4 _LT_PATH_LD_GNU: case `$LD -v 2>&1 </dev/null` in *GNU* | *'with BFD'*)
    assert "GNU" in v
    # libtool's anonymous version-script check strips "(...) " and rejects versions < 2.11
    stripped = re.sub(r"\([^)]+\)\s+", "", v)
    assert not re.search(r" ([01]\.| 2\.[0-9]\.| 2\.10\.)", " " + stripped)
    # gcc's and binutils' own configure scripts take the last number as the version
    assert re.search(r"[ \t]([0-9]+\.[0-9]+)$", v.strip()).group(1) == "2.40"


def test_version_and_V():
    assert _out("--version").splitlines()[0] == _out("-v").strip()
    v = _out("-V")
    assert "Supported emulations:" in v and "elf_x86_64" in v


def test_help_lists_what_libtool_greps():
    h = _out("--help")
    assert re.search(r": supported targets:.* elf", h)       # linux shared-library support
    assert "no-whole-archive" in h                          # whole_archive_flag_spec
    for opt in ("--version-script", "--export-dynamic", "-soname", "-rpath", "--as-needed",
                "--gc-sections", "--build-id", "--hash-style"):
        assert opt in h, opt


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root")
def test_output_onto_device_node_keeps_it():
    if shutil.which("pycc") is None:
        pytest.skip("pycc missing")
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "m.c")
        with open(src, "w") as f:
            f.write("int main(void) { return 0; }\n")
        obj = os.path.join(d, "m.o")
        subprocess.run(["pycc", "-c", src, "-o", obj], check=True)
        dev = os.path.join(d, "null")
        os.mknod(dev, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        r = subprocess.run(PYLD + ["-o", dev, obj, "-e", "main"], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        assert stat.S_ISCHR(os.lstat(dev).st_mode)
