	.arch armv8-a
	.file	"stmt.c"
	.text
	.align	2
	.global	h
	.type	h, %function
h:
.LFB0:
	.cfi_startproc
	mov	w6, w0
	cmp	w0, 0
	ble	.L2
	mov	x2, x1
	add	x5, x1, w0, sxtw 2
	mov	w1, 0
.L4:
	ldr	w3, [x2], 4
	add	w4, w1, w3
	cmp	w3, 0
	csel	w1, w4, w1, ge
	cmp	x2, x5
	bne	.L4
	sub	w0, w6, #1
	cmp	w0, 3
	cinc	w1, w1, cc
	cmp	w1, 100
	ble	.L8
.L7:
	mov	w2, w1
	add	w1, w1, w1, lsr 31
	asr	w1, w1, 1
	cmp	w2, 201
	bgt	.L7
.L8:
	sub	w1, w1, #1
	tbnz	x1, 0, .L8
.L9:
	lsl	w0, w1, 1
.L10:
	cmp	w0, 0
	csel	w0, w0, w6, ne
.L1:
	ret
.L2:
	mov	w1, 0
	cbnz	w0, .L8
	b	.L1
	.cfi_endproc
.LFE0:
	.size	h, .-h
	.align	2
	.global	mk
	.type	mk, %function
mk:
.LFB1:
	.cfi_startproc
	mov	w1, w0
	mov	x0, 0
	bfi	x0, x1, 0, 32
	add	w1, w1, 1
	bfi	x0, x1, 32, 32
	ret
	.cfi_endproc
.LFE1:
	.size	mk, .-mk
	.align	2
	.global	vla
	.type	vla, %function
vla:
.LFB2:
	.cfi_startproc
	add	w0, w0, w0, lsl 2
	ret
	.cfi_endproc
.LFE2:
	.size	vla, .-vla
	.ident	"GCC: (Debian 12.2.0-14) 12.2.0"
	.section	.note.GNU-stack,"",@progbits
