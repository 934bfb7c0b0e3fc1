"""Diagnostics worded and placed as riscv64-linux-gnu-as words them."""
import subprocess
import sys

import pytest

CASES = [
    ("addi a0,a0,5000", "Error: illegal operands `addi a0,a0,5000'"),
    ("addi a0, a0, 5000", "Error: illegal operands `addi a0,a0,5000'"),
    ("slli a0,a0,64", "Error: improper shift amount (64)"),
    ("foo a0", "Error: unrecognized opcode `foo a0'"),
    ("add a0,a1", "Error: illegal operands `add a0,a1'"),
    ("sh1add a0,a1,a2", "Error: unrecognized opcode `sh1add a0,a1,a2', extension `zba' required"),
    ("csrr a0,nosuchcsr", "Error: unknown CSR `nosuchcsr'"),
    ("beq a0,a1", "Error: illegal operands `beq a0,a1'"),
    ("li a0", "Error: illegal operands `li a0'"),
    ("fld fa0,5000(a0)", "Error: illegal operands `fld fa0,5000(a0)'"),
    (".option bogus", "Warning: unrecognized .option directive: bogus"),
]


@pytest.mark.parametrize("line,msg", CASES)
def test_message(tmp_path, line, msg):
    src = tmp_path / "e.s"
    src.write_text(line + "\n")
    r = subprocess.run([sys.executable, "-m", "toolchain.asm", "--target=riscv64",
                        "-march=rv64gc", str(src), "-o", str(tmp_path / "e.o")],
                       capture_output=True, text=True)
    assert f"{src}:1: {msg}" in r.stderr.splitlines()
    assert "Traceback" not in r.stderr
    assert (r.returncode == 0) == msg.startswith("Warning")
