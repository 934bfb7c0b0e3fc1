"""Small AArch64 sources assembled by pyas and by aarch64-linux-gnu-as, objects compared
(sections, relocations, symbols), plus diagnostics for bad input."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.asm.compare import compare_objects

GAS = shutil.which("aarch64-linux-gnu-as")

SOURCES = {
    "literal_pools": """
	.text
f:	ldr x0, =0x123456789
	ldr w1, =0x12345678
	ldr x2, =sym
	ldr x3, =0x1234
	ldr x4, =0x123456789
	ldr w5, =-1
	ldr q0, =0x0102030405060708090a0b0c0d0e0f10
	ldr d1, =0x4000000000000000
	ldr s2, =0x3f800000
	ret
	.ltorg
g:	ldr x0, =sym+8
	nop
	.data
	ldr x1, =5
""",
    "mapping_symbols": """
	.text
	nop
	.word 1
	.zero 4
	nop
	.align 4
	nop
	.data
	.zero 8
	.byte 1
	.section .rodata
	.string "a"
	.section .r3,"a"
	.space 3
	.bss
	.zero 8
	.section .tbss,"awT",@nobits
	.zero 4
	.text
	.inst 0xd503201f
	.xword 0
	.p2align 4
	nop
	.local c1
	.comm c1,1,1
	.local c2
	.comm c2,16,8
""",
    "relocations": """
	.text
	.globl f
	.type f, %function
f:	adrp x0, var
	add x0, x0, :lo12:var
	ldr w1, [x0, #:lo12:var]
	adrp x2, :got:ext
	ldr x2, [x2, :got_lo12:ext]
	mrs x3, tpidr_el0
	add x3, x3, #:tprel_hi12:tv, lsl #12
	add x3, x3, #:tprel_lo12_nc:tv
	adrp x0, :tlsdesc:tv2
	ldr x1, [x0, #:tlsdesc_lo12:tv2]
	add x0, x0, :tlsdesc_lo12:tv2
	.tlsdesccall tv2
	blr x1
	adrp x4, :gottprel:tv2
	ldr x4, [x4, #:gottprel_lo12:tv2]
	movz x5, #:abs_g3:var
	movk x5, #:abs_g2_nc:var
	movk x5, #:abs_g1_nc:var
	movk x5, #:abs_g0_nc:var
	movz x6, #:abs_g1:0x12345678
	bl ext
	b f
	b.eq 1f
	cbz x0, 1f
	tbnz w0, #3, 1f
1:	ldr x7, lit
	adr x8, lit
	ret
lit:	.xword var, ext+4, f
	.word var - .
	.size f, .-f
	.data
var:	.word 1
	.section .tbss,"awT",@nobits
tv:	.zero 4
""",
    "jump_table": """
	.text
f:	adr x1, .Lrtx4
	ldrb w2, [x3, w0, uxtw]
	add x1, x1, w2, sxtb #2
	br x1
.Lrtx4:
.L2:	nop
.L3:	nop
	.section .rodata
.L4:	.byte (.L2 - .Lrtx4) / 4
	.byte (.L3 - .Lrtx4) / 4
	.2byte (.L3 - .Lrtx4) / 4
	.text
""",
    "cfi_and_aliases": """
	.text
	.globl g
	.type g, %function
g:	.cfi_startproc
	stp x29, x30, [sp, -32]!
	.cfi_def_cfa_offset 32
	.cfi_offset 29, -32
	.cfi_offset 30, -24
	mov x29, sp
fp2 .req x29
	mov x0, fp2
	.unreq fp2
	/* a block
	   comment */
	ldp x29, x30, [sp], 32 // trailing
	.cfi_restore 30
	.cfi_restore 29
	.cfi_def_cfa_offset 0
	ret
	.cfi_endproc
	.size g, .-g
	.variant_pcs g
""",
    # GOT relocations against local symbols are made against the section (GNU as 2.40)
    "got_local": """
	.text
f:	adrp x0, :got:.La
	ldr x0, [x0, :got_lo12:.La]
	adrp x1, :got:g
	ldr x1, [x1, :got_lo12:g]
	ldr x2, :got:g
	ldr x3, [x3, :gotpage_lo15:.La]
	ldr x4, [x4, :gotoff_lo15:g]
	movz x5, :gotoff_g1:.La
	movk x5, :gotoff_g0_nc:.La
	adrp x6, :got:ext
	.section .rodata
	.type .La, @object
.La:	.byte 1,2
g:	.byte 3
""",
}

BAD = [
    ("add x0, x1", "comma expected between operands at operand 3 -- `add x0,x1'"),
    ("add x0, x1, w2", "missing extend operator at operand 3 -- `add x0,x1,w2'"),
    ("lsl x0, x1, #64", "immediate value out of range 0 to 63 at operand 3"),
    ("stp x0, x1, [sp, #-1000]!", "immediate offset out of range -512 to 504 at operand 3"),
    ("mov w0, #0x123456789", "bad.s:1: Error: immediate cannot be moved by a single instruction\n"),
    ("frob x0", "unknown mnemonic `frob'"),
    ("ldr x0, [x1, #40000]", "Error: immediate offset out of range\n"),
    ("and x0, x1, #5", "immediate out of range at operand 3 -- `and x0,x1,#5'"),
]


def _pyas(src, out):
    from toolchain.asm.main import main
    return main(["--target=aarch64-linux-gnu", src, "-o", out])


@pytest.mark.skipif(GAS is None, reason="aarch64-linux-gnu-as not installed")
@pytest.mark.parametrize("name", sorted(SOURCES))
def test_matches_gas(name, tmp_path):
    src = tmp_path / f"{name}.s"
    src.write_text(SOURCES[name])
    subprocess.run([GAS, str(src), "-o", str(tmp_path / "gas.o")], check=True)
    assert _pyas(str(src), str(tmp_path / "ours.o")) == 0
    diffs = compare_objects((tmp_path / "ours.o").read_bytes(), (tmp_path / "gas.o").read_bytes())
    assert not diffs, diffs


@pytest.mark.parametrize("line,msg", BAD)
def test_errors(line, msg, tmp_path, capfd):
    src = tmp_path / "bad.s"
    src.write_text(f"\t{line}\n")
    out = tmp_path / "bad.o"
    assert _pyas(str(src), str(out)) == 1
    err = capfd.readouterr().err
    assert "bad.s:1: Error:" in err and msg in err, err
    assert not os.path.exists(out)
