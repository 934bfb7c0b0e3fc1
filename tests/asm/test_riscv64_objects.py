"""Small whole files assembled by pyas and riscv64-linux-gnu-as, compared object to object
(section bytes, relocations, symbols in order, attributes, ELF flags)."""
import os
import shutil
import tempfile

import pytest

from .test_riscv64_corpus import compare, gas_object, pyas_object

GAS = shutil.which("riscv64-linux-gnu-as")
ARCH = '\t.attribute arch, "rv64i2p1_m2p0_a2p1_f2p2_d2p2_c2p0_zicsr2p0_zifencei2p0"\n'

SOURCES = {
    "norelax": ARCH + """\t.option pic
\t.option norelax
\t.text
\t.align 2
f:\tlla a0, g
\tcall g
\tcall ext
\tbeqz a0, g
\tj g
\t.align 3
g:\tret
\tlla a1, ext
\t.section .rodata
\t.word g-f
\t.dword f
""",
    "nopic_hi_lo_tls": ARCH + """\t.option nopic
\t.text
\tlui a0,%hi(x)
\taddi a0,a0,%lo(x)
\tsd a1,%lo(x+8)(a0)
\tla a2,x
\tlui a3,%tprel_hi(t)
\tadd a3,a3,tp,%tprel_add(t)
\tld a3,%tprel_lo(t)(a3)
\tla.tls.ie a4,t
\tla.tls.gd a5,t
1:\tauipc a6,%pcrel_hi(x)
\taddi a6,a6,%pcrel_lo(1b)
\t.data
x:\t.dword 1,2
\t.section .tbss,"awT",@nobits
t:\t.zero 8
""",
    "options_align_data": ARCH + """\t.text
\t.option push
\t.option norvc
\taddi a0,a0,1
\t.option pop
\taddi a0,a0,1
\t.align 4
L1:\tbnez a0, L2
\t.skip 300
L2:\tbeq a0,a1,L1
\tj ext
\t.word L2-L1
\t.p2align 3
\tnop
\t.section .rodata
\t.half L2-L1
\t.byte L2-L1
\t.dword L1+4
\t.option arch, +zba
\t.text
\tsh1add a0,a1,a2
\t.option arch, -zba
""",
    "eh_frame": ARCH + """	.text
	.globl f
f:
	.cfi_startproc
	addi sp,sp,-16
	.cfi_def_cfa_offset 16
	sd ra,8(sp)
	.cfi_offset 1, -8
	beqz a0, 1f
	call g
1:	ld ra,8(sp)
	.cfi_restore 1
	addi sp,sp,16
	.cfi_def_cfa_offset 0
	ret
	.cfi_endproc
""",
    # a local label named by .type/.size joins GNU as's symbol chain there (pycc's string
    # literals), not where a relocation later converts it
    "typed_local_labels": """\t.text
f:\tlla a0,.Lb
\tlla a0,.La
\tlla a0,.Lc
\tret
\t.section .rodata
\t.type .Lb, @object
.La:\t.byte 1,2
\t.size .La, 2
.Lb:\t.byte 1,2
.Lc:\t.byte 3
\t.section .note.GNU-stack,"",@progbits
\t.type .Lc, @object
\t.size .Ld, 2
""",
    "march_default": """\t.text
\taddi a0,a0,1
\tfence.i
\tcsrr a0,cycle
""",
}


@pytest.mark.skipif(GAS is None, reason="riscv64-linux-gnu-as not installed")
@pytest.mark.parametrize("name", sorted(SOURCES))
def test_object(name):
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, name + ".s")
        with open(p, "w") as f:
            f.write(SOURCES[name])
        assert compare(pyas_object(SOURCES[name], p), gas_object(p)) is None
