"""AArch64 relocation operators (`:lo12:`, `:got:`, ...) in every kind of operand, against
aarch64-linux-gnu-as 2.40: the operators GNU as knows, which instructions take which, and its
error for each misuse (unknown operator, not allowed on this instruction, not for MOVK, not
for a 32-bit register, no relocation in a pair's or pre-/post-index address, size mismatch)."""
from __future__ import annotations

import re
import shutil
import sys

import pytest

from tests.asm.compare import compare_objects
from tests.asm.gas_lines import assemble_lines, same_errors

GAS = shutil.which("aarch64-linux-gnu-as")
pytestmark = pytest.mark.skipif(GAS is None, reason="aarch64-linux-gnu-as not installed")

NAMES = ["pg_hi21", "pg_hi21_nc", "lo12", "got", "got_lo12", "gotpage_lo15", "gotpage_lo14",
         "gotoff_lo15", "got_prel19", "abs_g0", "abs_g0_nc", "abs_g0_s", "abs_g1", "abs_g1_s",
         "abs_g2_nc", "abs_g3", "prel_g0", "prel_g1_nc", "prel_g3", "gotoff_g0", "gotoff_g0_nc",
         "gotoff_g1", "gotoff_g1_nc", "tlsgd", "tlsgd_lo12", "tlsgd_g1", "tlsgd_g0_nc",
         "tlsldm", "tlsldm_lo12_nc", "tlsld_g1", "tlsld_g0_nc", "dtprel_g2", "dtprel_g1",
         "dtprel_g0_nc", "dtprel_hi12", "dtprel_lo12", "dtprel_lo12_nc", "gottprel",
         "gottprel_lo12", "gottprel_g1", "gottprel_g0_nc", "tprel_g2", "tprel_g1_nc",
         "tprel_g0", "tprel_hi12", "tprel_lo12_nc", "tlsdesc", "tlsdesc_lo12",
         "tlsdesc_off_g1", "tlsdesc_off_g0_nc", "foo", "abs_g3_nc"]
FORMS = ["adrp x0, {m}s", "adr x0, {m}s", "add x0, x1, {m}s", "add w0, w1, {m}s",
         "adds x0, x1, {m}s", "sub x0, x1, {m}s", "ldr x0, [x1, {m}s]", "ldr d0, [x1, {m}s]",
         "str x0, [x1, {m}s]", "ldr q0, [x1, {m}s]", "ldr x0, {m}s", "ldr x0, [x1, #{m}s]",
         "movz x0, {m}s", "movk x0, {m}s", "movn x0, {m}s", "movz w0, {m}s", "movk w0, {m}s",
         "mov x0, {m}s", "b {m}s", "bl {m}s", "ldp x0, x1, [x2, {m}s]", "ldur x0, [x1, {m}s]",
         "ldr x0, [x1, {m}s]!", "ldr x0, [x1], {m}s", "prfm pldl1keep, [x1, {m}s]"]


def _lines():
    return [f.format(m=f":{n}:") for n in NAMES for f in FORMS]


def _gnu_permissive(line: str) -> bool:
    """What GNU as 2.40 takes and we do not: a 64-bit GOT/TLS load relocation on a narrower
    load, ILP32's `:gotpage_lo14:` in a load (GNU as fails later: "cannot represent"), a
    `:got:`-style literal relocation on cbz/tbz."""
    if ":gotpage_lo14:" in line:
        return True
    return bool(re.match(r"ldr[bh]? [wq]0, \[x1, :(got_lo12|gotoff_lo15|gotpage_lo15|"
                         r"gottprel_lo12|tlsdesc_lo12):s\]", line))


PYAS = [sys.executable, "-m", "toolchain.asm", "--target=aarch64-linux-gnu"]


def test_relocation_operators_match_gas(tmp_path):
    lines = _lines()
    _, gerr, _ = assemble_lines([GAS], lines, tmp_path, "g")
    _, perr, _ = assemble_lines(PYAS, lines, tmp_path, "p")
    # the same error for each line GNU as rejects while reading it
    wrong = [(lines[i - 1], gerr[i], perr.get(i)) for i in sorted(gerr)
             if perr.get(i, [None])[0] != gerr[i][0] and not _gnu_permissive(lines[i - 1])]
    assert not wrong, wrong[:5]
    # lines only we reject: the known permissive cases of GNU as
    extra = [lines[i - 1] for i in sorted(perr) if i not in gerr]
    assert all(_gnu_permissive(ln) for ln in extra), [ln for ln in extra
                                                     if not _gnu_permissive(ln)][:5]
    # the rest: the same object, relocations and bytes
    ok = [ln for i, ln in enumerate(lines, 1) if i not in gerr and i not in perr]
    assert len(ok) > 150
    grc, gerr2, go = assemble_lines([GAS], ok, tmp_path, "g2")
    prc, perr2, po = assemble_lines(PYAS, ok, tmp_path, "p2")
    assert grc == prc == 0, (gerr2, perr2)
    assert compare_objects(po.read_bytes(), go.read_bytes()) == []


def test_thread_local_relocation_on_other_symbol(tmp_path):
    """A TLS relocation against a defined symbol that is not thread-local: GNU as's error when
    it writes the relocation, naming a local symbol's section; an IFUNC's `.size` folds."""
    lines = ["add x0, x0, :tprel_lo12:t", "add x0, x0, :tprel_lo12:g", ".data", "t: .word 0",
             ".globl g", "g: .word 0"]
    g, p = same_errors([GAS], PYAS, lines, tmp_path)
    assert g[0] == p[0] == 1 and p[1] == g[1]
    ok = ["nop", ".type ifn, %gnu_indirect_function", "ifn: nop", "nop", ".size ifn, .-ifn",
          "e:", ".if e - ifn", ".space e - ifn", ".endif", ".quad ifn"]
    grc, _, go = assemble_lines([GAS], ok, tmp_path, "i")
    prc, _, po = assemble_lines(PYAS, ok, tmp_path, "j")
    assert grc == prc == 0
    assert compare_objects(po.read_bytes(), go.read_bytes()) == []
