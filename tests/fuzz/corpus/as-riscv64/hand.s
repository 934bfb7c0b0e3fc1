	.option pic
	.attribute arch, "rv64i2p1_m2p0_a2p1_f2p2_d2p2_c2p0"
	.text
	.align	1
	.globl	f
	.type	f, @function
f:
	.cfi_startproc
	addi	sp,sp,-16
	sd	ra,8(sp)
	lla	a0,msg
	call	puts@plt
	ld	ra,8(sp)
	addi	sp,sp,16
	jr	ra
	.cfi_endproc
	.option push
	.option norelax
	.balign 4
	.option pop
	.section	.rodata
msg:	.string	"hi"
	.dword	f
