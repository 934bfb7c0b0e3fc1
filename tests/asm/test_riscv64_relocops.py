"""RISC-V relocation operators (`%hi`, `%pcrel_lo`, `%tprel_add`, ...) in every kind of
operand, against riscv64-linux-gnu-as 2.40: where they are taken, `%lo(s)+4`, constants (an
absolute `%hi` is resolved, a pc-relative one keeps a relocation, a TLS one is an error),
symbols they make thread-local, and GNU as's "bad expression" for each misuse.
(`%tlsdesc_*` are newer than binutils 2.40: pyas takes them, so they are not compared.)"""
from __future__ import annotations

import shutil
import sys

import pytest

from tests.asm.compare import compare_objects
from tests.asm.gas_lines import assemble_lines, same_errors

GAS = shutil.which("riscv64-linux-gnu-as")
pytestmark = pytest.mark.skipif(GAS is None, reason="riscv64-linux-gnu-as not installed")

NAMES = ["hi", "lo", "pcrel_hi", "pcrel_lo", "tprel_hi", "tprel_lo", "tprel_add",
         "tls_ie_pcrel_hi", "tls_gd_pcrel_hi", "got_pcrel_hi", "foo", "HI", "gprel"]
FORMS = ["lui a0, %{n}(s)", "auipc a0, %{n}(s)", "addi a0, a0, %{n}(s)", "addiw a0, a0, %{n}(s)",
         "ld a0, %{n}(s)(a0)", "sd a0, %{n}(s)(a0)", "flw fa0, %{n}(s)(a0)",
         "add a0, a0, tp, %{n}(s)", "jalr a0, %{n}(s)(a0)", "li a0, %{n}(s)",
         "xori a0, a0, %{n}(s)", "slli a0, a0, %{n}(s)", "csrrwi a0, 1, %{n}(s)", "j %{n}(s)",
         "beq a0, a1, %{n}(s)", "la a0, %{n}(s)", ".word %{n}(s)", ".dword %{n}(s)",
         "addi a0, a0, %{n}(s+4)", "addi a0, a0, %{n}(s)+4", "lui a0, %{n}(12345)",
         "addi a0, a0, %{n}(0x12345)", "sw a0, %{n}(s)+8(a0)"]
PYAS = [sys.executable, "-m", "toolchain.asm", "--target=riscv64-linux-gnu"]


def test_relocation_operators_match_gas(tmp_path):
    lines = [f.format(n=n) for n in NAMES for f in FORMS]
    for rnd in range(3):
        grc, gerr, go = assemble_lines([GAS], lines, tmp_path, f"g{rnd}")
        prc, perr, po = assemble_lines(PYAS, lines, tmp_path, f"p{rnd}")
        if not gerr:
            break
        # each line GNU as rejects: the same first error, and "illegal operands" after it
        # when GNU as gives one (it may say "bad expression" once per opcode form it tried)
        wrong = [(lines[i - 1], gerr[i], perr.get(i)) for i in sorted(gerr)
                 if perr.get(i, [None])[0] != gerr[i][0] or
                 gerr[i][-1].startswith("illegal operands") and perr[i][-1] != gerr[i][-1]]
        assert not wrong, wrong[:5]
        extra = [lines[i - 1] for i in sorted(perr) if i not in gerr]
        assert not extra, extra[:5]
        lines = [ln for i, ln in enumerate(lines, 1) if i not in gerr]
    assert grc == prc == 0
    assert len(lines) > 50
    assert compare_objects(po.read_bytes(), go.read_bytes()) == []


def test_thread_local_relocation_on_other_symbol(tmp_path):
    """A TLS relocation against a defined symbol that is not thread-local: GNU as's error when
    it writes the relocation, naming the symbol."""
    lines = ["lui a0, %tprel_hi(t)", "lui a0, %tprel_hi(g)", "lui a0, %tprel_hi(u)", ".data",
             "t: .word 0", ".globl g", "g: .word 0"]
    g, p = same_errors([GAS], PYAS, lines, tmp_path)
    assert g[0] == p[0] == 1 and p[1] == g[1]
