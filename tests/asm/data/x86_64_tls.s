	.file	"tls.c"
	.text
	.p2align 4
	.globl	f
	.type	f, @function
f:
.LFB0:
	.cfi_startproc
	subq	$8, %rsp
	.cfi_def_cfa_offset 16
	leaq	a@TLSDESC(%rip), %rax
	call	*a@TLSCALL(%rax)
	movq	%rax, %rcx
	leaq	b@TLSDESC(%rip), %rax
	call	*b@TLSCALL(%rax)
	movl	%fs:(%rax), %edx
	leaq	c@TLSDESC(%rip), %rax
	addl	%fs:(%rcx), %edx
	call	*c@TLSCALL(%rax)
	addl	%fs:(%rax), %edx
	addq	$8, %rsp
	.cfi_def_cfa_offset 8
	movl	%edx, %eax
	ret
	.cfi_endproc
.LFE0:
	.size	f, .-f
	.p2align 4
	.globl	g
	.type	g, @function
g:
.LFB1:
	.cfi_startproc
	subq	$8, %rsp
	.cfi_def_cfa_offset 16
	leaq	b@TLSDESC(%rip), %rax
	call	*b@TLSCALL(%rax)
	addq	%fs:0, %rax
	addq	$8, %rsp
	.cfi_def_cfa_offset 8
	ret
	.cfi_endproc
.LFE1:
	.size	g, .-g
	.section	.tbss,"awT",@nobits
	.align 4
	.type	b, @object
	.size	b, 4
b:
	.zero	4
	.globl	a
	.align 4
	.type	a, @object
	.size	a, 4
a:
	.zero	4
	.ident	"GCC: (Debian 12.2.0-14+deb12u1) 12.2.0"
	.section	.note.GNU-stack,"",@progbits
