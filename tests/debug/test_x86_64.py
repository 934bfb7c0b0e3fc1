"""pycc -g on x86-64: DWARF that llvm-dwarfdump accepts and gdb uses like gcc's."""
from __future__ import annotations

import shutil
import subprocess

import pytest

PROG = r"""
#include <string.h>
struct P { int x; char *s; unsigned b:3; };
typedef struct P P_t;
int g = 3;
static int add(int a, int b) { int r = a + b; return r; }
int main(void) {
  P_t p = {1, "a", 2};
  int arr[4] = {1, 2, 3, 4};
  { int inner = add(p.x, arr[2]); g += inner; }
  return (int)strlen(p.s) - 1;
}
"""

GDB = """set pagination off
break add
run
bt
info locals
finish
next
info locals
print p
print arr[2]
print *p.s
ptype p
ptype P_t
"""


def _build(tmp_path, cc, name, opt="-O0"):
    src = tmp_path / "t.c"
    src.write_text(PROG)
    exe = tmp_path / name
    subprocess.run([cc, "-g", opt, "t.c", "-o", name], cwd=tmp_path, check=True)
    return exe


def _gdb(tmp_path, exe):
    (tmp_path / "s.gdb").write_text(GDB)
    r = subprocess.run(["gdb", "-q", "-batch", "-nx", "-x", "s.gdb", exe.name], cwd=tmp_path,
                       capture_output=True, text=True, timeout=60)
    keep = []
    for line in (r.stdout + r.stderr).splitlines():
        if line.startswith(("[", "Using host", "warning")) or "0x" in line:
            continue
        keep.append(line)
    return keep


def test_verify_clean(tmp_path):
    if shutil.which("llvm-dwarfdump") is None:
        pytest.skip("llvm-dwarfdump not installed")
    for opt in ("-O0", "-O1"):
        exe = _build(tmp_path, "pycc", "t" + opt, opt)
        r = subprocess.run(["llvm-dwarfdump", "--verify", str(exe)], capture_output=True,
                           text=True)
        assert r.returncode == 0 and "No errors." in r.stdout, r.stdout[-2000:]
        obj = tmp_path / "t.o"
        subprocess.run(["pycc", "-g", opt, "-c", "t.c", "-o", "t.o"], cwd=tmp_path, check=True)
        r = subprocess.run(["llvm-dwarfdump", "--verify", str(obj)], capture_output=True,
                           text=True)
        assert r.returncode == 0, r.stdout[-2000:]


def test_gdb_session_matches_gcc(tmp_path):
    if shutil.which("gdb") is None or shutil.which("gcc") is None:
        pytest.skip("gdb or gcc not installed")
    ours = _gdb(tmp_path, _build(tmp_path, "pycc", "tp"))
    theirs = _gdb(tmp_path, _build(tmp_path, "gcc", "tg"))
    assert ours == theirs


def test_line_table_is_from_loc_directives(tmp_path):
    (tmp_path / "t.c").write_text(PROG)
    s = subprocess.run(["pycc", "-g", "-S", "t.c", "-o", "-"], cwd=tmp_path, check=True,
                       capture_output=True, text=True).stdout
    assert '\t.file 0 "' in s and "\t.loc 1 6 " in s and ".debug_info" in s
    plain = subprocess.run(["pycc", "-S", "t.c", "-o", "-"], cwd=tmp_path, check=True,
                           capture_output=True, text=True).stdout
    assert ".loc" not in plain and ".debug_info" not in plain


def test_dwarf4_relocatable_and_static(tmp_path):
    if shutil.which("llvm-dwarfdump") is None:
        pytest.skip("llvm-dwarfdump not installed")
    (tmp_path / "t.c").write_text(PROG)

    def verify(name):
        r = subprocess.run(["llvm-dwarfdump", "--verify", name], cwd=tmp_path,
                           capture_output=True, text=True)
        assert r.returncode == 0 and "No errors." in r.stdout, r.stdout[-1500:]
        return subprocess.run(["llvm-dwarfdump", "--debug-info", name], cwd=tmp_path,
                              capture_output=True, text=True).stdout

    subprocess.run(["pycc", "-gdwarf-4", "t.c", "-o", "t4"], cwd=tmp_path, check=True)
    assert "version = 0x0004" in verify("t4")
    subprocess.run(["pycc", "-g", "-c", "t.c", "-o", "a.o"], cwd=tmp_path, check=True)
    subprocess.run(["pyld", "-r", "a.o", "-o", "r.o"], cwd=tmp_path, check=True)
    info = verify("r.o")
    assert "DW_TAG_lexical_block" in info and '"inner"' in info
    subprocess.run(["pycc", "-g", "-static", "t.c", "-o", "ts"], cwd=tmp_path, check=True)
    assert "version = 0x0005" in verify("ts")


def test_debug_options_parse():
    from toolchain.cc.debug import DebugOptions, parse_g_option
    o = DebugOptions()
    assert parse_g_option(o, "-g") and o.level == 2 and o.dwarf_version == 5
    assert parse_g_option(o, "-gdwarf-4") and o.dwarf_version == 4
    assert parse_g_option(o, "-g3") and o.level == 3
    assert parse_g_option(o, "-g0") and not o.enabled
    assert parse_g_option(o, "-gno-record-gcc-switches")
    assert not parse_g_option(o, "-gdwarf-9")


def test_code_is_the_same_with_and_without_g(tmp_path):
    """-g adds debug sections only: the machine code does not change."""
    (tmp_path / "t.c").write_text(PROG)
    for opt in ("-O0", "-O2"):
        subprocess.run(["pycc", opt, "-c", "t.c", "-o", "a.o"], cwd=tmp_path, check=True)
        subprocess.run(["pycc", "-g", opt, "-c", "t.c", "-o", "b.o"], cwd=tmp_path, check=True)
        from toolchain.elf.objfile import read_object
        a = read_object((tmp_path / "a.o").read_bytes())
        b = read_object((tmp_path / "b.o").read_bytes())
        ta = [s for s in a.sections if s.name == ".text"][0]
        tb = [s for s in b.sections if s.name == ".text"][0]
        assert bytes(ta.data) == bytes(tb.data)
