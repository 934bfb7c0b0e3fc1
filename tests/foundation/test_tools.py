"""The three commands, the target registry, diagnostics and the unicorn helpers."""
import os
import subprocess
import sys

import pytest

from toolchain import diag
from toolchain.emu import Emulator
from toolchain.targets import TARGETS, get_target, host_target


@pytest.mark.parametrize("mod", ["cc", "asm", "ld"])
def test_version_and_help(mod):
    for flag in ("--version", "--help"):
        r = subprocess.run([sys.executable, "-m", f"toolchain.{mod}", flag], capture_output=True,
                           text=True)
        assert r.returncode == 0, r.stderr
        assert r.stdout and "Traceback" not in r.stderr


def test_arch_packages_import():
    import toolchain.arch.aarch64
    import toolchain.arch.riscv64
    import toolchain.arch.x86_64  # noqa: F401
    for t in TARGETS.values():
        assert t.arch.TRIPLE == t.triple


def test_target_lookup():
    assert get_target("aarch64-linux-gnu").name == "aarch64"
    assert get_target("riscv64-unknown-linux-gnu").name == "riscv64"
    assert get_target("x86_64").name == "x86_64"
    assert get_target(None) is host_target()
    with pytest.raises(diag.ToolError):
        get_target("mips-linux-gnu")


@pytest.mark.parametrize("name", list(TARGETS))
def test_gcc_installation_found(name):
    t = TARGETS[name]
    if t.gnu_tool("gcc") is None:
        pytest.skip(f"no gcc for {t.triple}")
    d = t.gcc_install_dir()
    assert d and os.path.isfile(os.path.join(d, "crtbegin.o"))
    assert os.path.isfile(t.find_libc_file("crt1.o"))
    assert os.path.isfile(t.find_gcc_file("libgcc.a"))


def test_missing_piece_names_package():
    t = TARGETS["x86_64"]
    with pytest.raises(diag.ToolError, match="install the Debian package"):
        t.find_libc_file("no-such-file-xyz.o")


def test_internal_error_is_reported_not_raised(capsys):
    def boom(argv):
        raise ValueError("bad state")
    rc = diag.run_main("pyxx", boom, [], input_name="in.c")
    err = capsys.readouterr().err
    assert rc == diag.EXIT_INTERNAL
    assert "internal error" in err and "in.c" in err and "Traceback" not in err


def test_user_error_exit_1(capsys):
    def bad(argv):
        raise diag.ToolError("no input files")
    assert diag.run_main("pyxx", bad, []) == 1
    assert capsys.readouterr().err == "pyxx: error: no input files\n"


def test_atomic_write_leaves_nothing_on_failure(tmp_path):
    out = tmp_path / "o.bin"

    class Boom(bytes):
        pass
    diag.atomic_write(str(out), b"abc")
    assert out.read_bytes() == b"abc"
    with pytest.raises(TypeError):
        diag.atomic_write(str(tmp_path / "p.bin"), 12345)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.bin"]


def test_diagnostics_styles():
    import io
    s = io.StringIO()
    d = diag.Diagnostics("pycc", "gcc", s)
    d.utf8_quotes = False       # as gcc in the C locale; a UTF-8 locale gives U+2018/U+2019
    d.add_source("x.c", "int main(void) {\n  retur 0;\n}\n")
    d.error("'retur' undeclared", diag.Location("x.c", 2, 3))
    assert s.getvalue() == "x.c:2:3: error: 'retur' undeclared\n    2 |   retur 0;\n      |   ^~~~~\n"
    s = io.StringIO()
    d = diag.Diagnostics("pyas", "gas", s)
    d.error("no such instruction: `foo'", diag.Location("x.s", 3))
    d.error("junk", diag.Location("x.s", 4))
    assert s.getvalue() == ("x.s: Assembler messages:\nx.s:3: Error: no such instruction: `foo'\n"
                            "x.s:4: Error: junk\n")
    assert d.errors == 2


# code bytes: x86-64 lea (%rdi,%rsi),%rax; ret -- a64 add x0,x0,x1; ret -- rv add a0,a0,a1; ret
_ADD = {"x86_64": "488d0437c3", "aarch64": "0000018bc0035fd6", "riscv64": "3305b50067800000"}


@pytest.mark.parametrize("name", list(TARGETS))
def test_unicorn_call(name):
    e = Emulator(name)
    a = e.load(bytes.fromhex(_ADD[name]))
    assert e.call(a, 40, 2) == 42
    assert e.call(a, -5, 2, signed=True) == -3
    e.map(0x500000, 16, b"\x01\x02")
    assert e.read(0x500000, 2) == b"\x01\x02"
