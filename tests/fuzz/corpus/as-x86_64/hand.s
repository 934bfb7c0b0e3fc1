	.text
	.globl	f
	.type	f, @function
f:
	.cfi_startproc
	pushq	%rbp
	.cfi_def_cfa_offset 16
	movq	%rsp, %rbp
	leaq	msg(%rip), %rax
	movl	$1, %eax
	vaddps	%ymm1, %ymm2, %ymm3{%k1}{z}
	call	puts@PLT
	.rept 3
	nop
	.endr
	.macro m a, b=2
	addl	$\a, %eax
	.endm
	m 4
	.if 1 + 2 == 3
	ret
	.endif
	.cfi_endproc
	.size	f, .-f
	.section	.rodata
msg:	.string	"hi"
	.quad	f + 8, 1f - f
1:	.balign 8
	.section	.note.GNU-stack,"",@progbits
