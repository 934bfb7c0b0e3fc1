"""pycc -g on AArch64 and RISC-V: line rows and frame-slot locations, DWARF that
llvm-dwarfdump accepts, code unchanged by -g, and gdb-multiarch under qemu answering as for
gcc's build."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.debug.test_x86_64 import GDB, PROG

TARGETS = {"aarch64": ("qemu-aarch64", "aarch64-linux-gnu-gcc", "/usr/aarch64-linux-gnu"),
           "riscv64": ("qemu-riscv64", "riscv64-linux-gnu-gcc", "/usr/riscv64-linux-gnu")}


def _pycc(tmp_path, t, *args):
    subprocess.run(["pycc", f"--target={t}-linux-gnu", *args], cwd=tmp_path, check=True)


@pytest.mark.parametrize("t", sorted(TARGETS))
def test_lines_and_locations(tmp_path, t):
    if shutil.which("llvm-dwarfdump") is None:
        pytest.skip("llvm-dwarfdump not installed")
    (tmp_path / "t.c").write_text(PROG)
    _pycc(tmp_path, t, "-g", "-O0", "-c", "t.c", "-o", "t.o")
    r = subprocess.run(["llvm-dwarfdump", "--verify", "t.o"], cwd=tmp_path,
                       capture_output=True, text=True)
    assert r.returncode == 0 and "No errors." in r.stdout, r.stdout[-1500:]
    lines = subprocess.run(["llvm-dwarfdump", "--debug-line", "t.o"], cwd=tmp_path,
                           capture_output=True, text=True).stdout
    rows = {int(ln.split()[1]) for ln in lines.splitlines() if ln.startswith("0x0000")}
    assert {6, 7, 9, 10, 11} <= rows, sorted(rows)
    info = subprocess.run(["llvm-dwarfdump", "--debug-info", "t.o"], cwd=tmp_path,
                          capture_output=True, text=True).stdout
    for var in ("p", "arr", "inner", "r"):
        k = info.index(f'DW_AT_name\t("{var}")')
        assert "DW_OP_fbreg" in info[k:k + 400], var
    _pycc(tmp_path, t, "-O0", "-c", "t.c", "-o", "n.o")
    from toolchain.elf.objfile import read_object
    a = read_object((tmp_path / "t.o").read_bytes())
    b = read_object((tmp_path / "n.o").read_bytes())
    assert [bytes(s.data) for s in a.sections if s.name == ".text"] == \
        [bytes(s.data) for s in b.sections if s.name == ".text"]


def _session(tmp_path, t, exe, port):
    qemu, _, sysroot = TARGETS[t]
    # (add's r is not yet set at its breakpoint: its garbage differs by build)
    script = GDB.replace("run\n", "continue\n").replace("bt\ninfo locals\n", "bt\n")
    (tmp_path / "s.gdb").write_text(script)
    q = subprocess.Popen([qemu, "-L", sysroot, "-g", str(port), exe], cwd=tmp_path,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        r = subprocess.run(["gdb-multiarch", "-q", "-batch", "-nx", "-ex",
                            f"set sysroot {sysroot}", "-ex", f"file {exe}", "-ex",
                            f"target remote localhost:{port}", "-x", "s.gdb"], cwd=tmp_path,
                           capture_output=True, text=True, timeout=120)
    finally:
        q.kill()
        q.wait()
    keep = []
    for line in (r.stdout + r.stderr).splitlines():
        if line.startswith(("[", "Using host", "warning", "Reading", "Remote")) \
                or "0x" in line or "Download" in line:
            continue
        keep.append(line)
    return keep


@pytest.mark.parametrize("t", sorted(TARGETS))
def test_gdb_under_qemu_matches_gcc(tmp_path, t):
    qemu, gcc, _ = TARGETS[t]
    if not all(shutil.which(x) for x in (qemu, gcc, "gdb-multiarch")):
        pytest.skip("qemu, cross gcc or gdb-multiarch not installed")
    (tmp_path / "t.c").write_text(PROG)
    _pycc(tmp_path, t, "-g", "-O0", "t.c", "-o", "tp")
    subprocess.run([gcc, "-g", "-O0", "t.c", "-o", "tg"], cwd=tmp_path, check=True)
    port = 13000 + (hash(t) % 500) * 2 + (len(str(tmp_path)) % 2)
    ours = _session(tmp_path, t, "tp", port)
    theirs = _session(tmp_path, t, "tg", port)
    assert any("add (a=1, b=3)" in x for x in ours), ours
    assert ours == theirs


BYREF = r"""
typedef struct { char c[40]; } big_t;
int use (int a, big_t big, int b)
{
  if (a == b)
    return 1;
  return a + b;
}
int main (void) { big_t x = {{1}}; return use (1, x, 2) - 3; }
"""


@pytest.mark.parametrize("t", sorted(TARGETS))
def test_byref_aggregate_located_by_its_register(tmp_path, t):
    """A >16-byte struct passed by reference lives at the address its register brings: a
    location list (DW_OP_bregN 0) over the blocks no path clobbers the register before,
    which covers both arms of the branch."""
    if shutil.which("llvm-dwarfdump") is None:
        pytest.skip("llvm-dwarfdump not installed")
    (tmp_path / "t.c").write_text(BYREF)
    _pycc(tmp_path, t, "-g", "-O0", "-c", "t.c", "-o", "t.o")
    r = subprocess.run(["llvm-dwarfdump", "--verify", "t.o"], cwd=tmp_path,
                       capture_output=True, text=True)
    assert r.returncode == 0 and "No errors." in r.stdout, r.stdout[-1500:]
    info = subprocess.run(["llvm-dwarfdump", "--debug-info", "t.o"], cwd=tmp_path,
                          capture_output=True, text=True).stdout
    k = info.index('DW_AT_name\t("big")')
    loc = info[k:k + 600]
    assert loc.count("DW_OP_breg") >= 2, loc


@pytest.mark.parametrize("t", sorted(TARGETS))
def test_optimised_locations_same_code(tmp_path, t):
    """-O2 -g: location lists for variables in registers (every instruction of such a
    function is marked for the emitter) verify clean and leave the code bytes unchanged."""
    if shutil.which("llvm-dwarfdump") is None:
        pytest.skip("llvm-dwarfdump not installed")
    from tests.debug.test_optimised import PROG as OPT
    (tmp_path / "t.c").write_text(OPT)
    _pycc(tmp_path, t, "-g", "-O2", "-c", "t.c", "-o", "t.o")
    _pycc(tmp_path, t, "-O2", "-c", "t.c", "-o", "n.o")
    r = subprocess.run(["llvm-dwarfdump", "--verify", "t.o"], cwd=tmp_path,
                       capture_output=True, text=True)
    assert r.returncode == 0 and "No errors." in r.stdout, r.stdout[-1500:]
    info = subprocess.run(["llvm-dwarfdump", "--debug-info", "t.o"], cwd=tmp_path,
                          capture_output=True, text=True).stdout
    k = info.index('DW_AT_name\t("acc")')
    assert "DW_OP_reg" in info[k:k + 600] or "DW_OP_lit0" in info[k:k + 600], info[k:k + 600]
    from toolchain.elf.objfile import read_object
    a = read_object((tmp_path / "t.o").read_bytes())
    b = read_object((tmp_path / "n.o").read_bytes())
    assert [bytes(s.data) for s in a.sections if s.name == ".text"] == \
        [bytes(s.data) for s in b.sections if s.name == ".text"]
