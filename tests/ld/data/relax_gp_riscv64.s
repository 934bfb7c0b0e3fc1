	.data
	.zero 64
	.globl d
d:	.word 1
e:	.word 2
	.zero 100
	.text
	.globl _start
_start:
	.option push
	.option norelax
	lla gp, __global_pointer$
	.option pop
	lui a5, %hi(d)
	lw a0, %lo(d)(a5)
	lui a4, %hi(e+4)
	sw a0, %lo(e+4)(a4)
	addi a3, a4, %lo(e+4)
.L1:	auipc a2, %pcrel_hi(e)
	lw a1, %pcrel_lo(.L1)(a2)
.L2:	auipc a2, %pcrel_hi(d)
	addi a1, a2, %pcrel_lo(.L2)
	lw a1, 0(a1)
	add a0, a0, a1
	lw a1, 0(a3)
	add a0, a0, a1
	addi a0, a0, -2
	li a7, 93
	ecall
