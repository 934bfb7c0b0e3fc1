	.arch armv8-a
	.text
	.align	2
	.global	f
	.type	f, %function
f:
	.cfi_startproc
	stp	x29, x30, [sp, -16]!
	adrp	x0, msg
	add	x0, x0, :lo12:msg
	ldr	x1, =0x123456789
	bl	puts
	ldp	x29, x30, [sp], 16
	ret
	.cfi_endproc
	.ltorg
	.section	.rodata
msg:	.string	"hi"
	.xword	f
