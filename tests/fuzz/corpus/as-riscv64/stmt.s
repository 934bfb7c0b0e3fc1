	.file	"stmt.c"
	.option pic
	.attribute arch, "rv64i2p1_m2p0_a2p1_f2p2_d2p2_c2p0_zicsr2p0_zifencei2p0"
	.attribute unaligned_access, 0
	.attribute stack_align, 16
	.text
	.align	1
	.globl	h
	.type	h, @function
h:
	mv	a2,a0
	ble	a0,zero,.L2
	mv	a4,a1
	slli	a5,a0,2
	add	a1,a1,a5
	li	a5,0
	j	.L4
.L3:
	addi	a4,a4,4
	beq	a4,a1,.L18
.L4:
	lw	a3,0(a4)
	blt	a3,zero,.L3
	addw	a5,a3,a5
	j	.L3
.L18:
	addiw	a4,a2,-1
	li	a3,2
	bgtu	a4,a3,.L5
	addiw	a5,a5,1
.L5:
	li	a4,100
	ble	a5,a4,.L8
	li	a1,201
.L7:
	mv	a4,a5
	srliw	a3,a5,31
	addw	a5,a3,a5
	sraiw	a5,a5,1
	bgt	a4,a1,.L7
.L8:
	addiw	a4,a5,-1
	sext.w	a5,a4
	andi	a3,a4,1
	bne	a3,zero,.L8
.L9:
	slliw	a4,a4,1
.L10:
	sext.w	a0,a4
	bne	a0,zero,.L14
	mv	a0,a2
	ret
.L2:
	li	a5,0
	bne	a0,zero,.L8
.L14:
	ret
	.size	h, .-h
	.align	1
	.globl	mk
	.type	mk, @function
mk:
	addi	sp,sp,-16
	addiw	a5,a0,1
	slli	a5,a5,32
	slli	a0,a0,32
	srli	a0,a0,32
	or	a0,a0,a5
	addi	sp,sp,16
	jr	ra
	.size	mk, .-mk
	.align	1
	.globl	vla
	.type	vla, @function
vla:
	slliw	a5,a0,2
	addw	a0,a5,a0
	ret
	.size	vla, .-vla
	.ident	"GCC: (Debian 12.2.0-13) 12.2.0"
	.section	.note.GNU-stack,"",@progbits
