"""The ELF object writer leaves the padding of section file offsets to their alignments as holes
of a sparse file (toolchain.elf.output.write_object_file): pyas on a big alignment takes little
memory and disk, and the object is GNU as's byte for byte."""
from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys

import pytest

CASES = {
    "bss29": ".bss\n.p2align 29\n",
    "data28": ".data\n.p2align 28\n.byte 1\n",
    "data28_sym": ".section .data\n.p2align 28\nx: .byte 1\n.globl x\n.text\nret\n",
}
LIMIT = 256 << 20


def _limited():
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


@pytest.mark.parametrize("name", sorted(CASES))
def test_big_alignment_is_a_hole(tmp_path, name):
    if shutil.which("as") is None:
        pytest.skip("GNU as missing")
    src = tmp_path / "t.s"
    src.write_text(CASES[name])
    gnu, ours = tmp_path / "gnu.o", tmp_path / "py.o"
    subprocess.run(["as", "--64", str(src), "-o", str(gnu)], check=True)
    r = subprocess.run([sys.executable, "-m", "toolchain.asm", "--target=x86_64", str(src),
                        "-o", str(ours)], capture_output=True, text=True,
                       preexec_fn=_limited, timeout=120)
    assert r.returncode == 0, r.stderr
    assert os.path.getsize(ours) == os.path.getsize(gnu) > 1 << 28
    assert os.stat(ours).st_blocks * 512 < 1 << 20      # sparse: the padding is a hole
    with open(gnu, "rb") as a, open(ours, "rb") as b:
        while True:
            x, y = a.read(1 << 24), b.read(1 << 24)
            assert x == y
            if not x:
                break
    if shutil.which("readelf"):
        s = [subprocess.run(["readelf", "-SW", str(p)], capture_output=True,
                            text=True).stdout.split("\n", 2)[2] for p in (gnu, ours)]
        assert s[0] == s[1]


def test_failed_write_leaves_no_output(tmp_path):
    """A directory that is not writable: the error names the output, no file is left."""
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    d = tmp_path / "ro"
    d.mkdir()
    (tmp_path / "t.s").write_text(CASES["data28"])
    os.chmod(d, 0o500)
    r = subprocess.run([sys.executable, "-m", "toolchain.asm", "--target=x86_64",
                        str(tmp_path / "t.s"), "-o", str(d / "t.o")], capture_output=True,
                       text=True)
    assert r.returncode == 1 and "cannot open output file" in r.stderr
    assert os.listdir(d) == []


def test_stdout_and_api_bytes_unchanged():
    """Writing into a buffer (``-o -``, the API) gives the same object as the sparse file."""
    from toolchain.asm.api import assemble
    data = assemble(".data\n.p2align 12\n.byte 1\n.text\nnop\n", "t.s", "x86_64")
    assert len(data) > 4096 and data[:4] == b"\x7fELF"
    assert data[4096] == 1


# VmHWM: this process's peak (ru_maxrss starts from the forking parent's RSS)
_PEAK = ("import sys\n"
         "from toolchain.asm.main import _main\n"
         "rc = _main(sys.argv[1:])\n"
         "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
         "print(rc, int(hwm.split()[1]) * 1024)\n")


@pytest.mark.parametrize("fill", ["1<<26, 1, 0x5a", "1<<24, 4, 0x01020304"])
def test_big_fill_costs_its_size_once(tmp_path, fill):
    """A 64 MiB .fill in an object without symbols: peak about one byte per object byte (the
    fill stored once, no temporary of its size, the writer adds no copy; was 3)."""
    if shutil.which("as") is None:
        pytest.skip("GNU as missing")
    src = tmp_path / "t.s"
    src.write_text(f".data\n.fill {fill}\n")
    out = tmp_path / "py.o"
    r = subprocess.run([sys.executable, "-c", _PEAK, "--target=x86_64", str(src), "-o",
                        str(out)], capture_output=True, text=True, timeout=120)
    rc, peak = map(int, r.stdout.split())
    assert rc == 0, r.stderr
    assert peak < (64 << 20) * 1.25 + (40 << 20), peak / 2**20
    subprocess.run(["as", "--64", str(src), "-o", str(tmp_path / "gnu.o")], check=True)
    assert out.read_bytes() == (tmp_path / "gnu.o").read_bytes()
