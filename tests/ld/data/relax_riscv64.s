	.section .tbss,"awT",@nobits
	.p2align 3
t1:	.zero 16
	.text
	.globl _start
_start:
	call f
	.p2align 4
aligned:
	lui a5, %tprel_hi(t1+8)
	add a5, a5, tp, %tprel_add(t1+8)
	ld a0, %tprel_lo(t1+8)(a5)
	call f
	.p2align 3
a8:	call f
	.p2align 5
a32:	li a7, 93
	li a0, 0
	ecall
	tail f
f:	ret
