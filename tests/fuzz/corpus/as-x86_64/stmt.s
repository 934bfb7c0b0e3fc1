	.text
	.p2align 4
	.globl	h
	.type	h, @function
h:
	.cfi_startproc
	pushq	%rbp
	.cfi_def_cfa_offset 16
	.cfi_offset %rbp, -16
	movq	%rsp, %rbp
	.cfi_def_cfa_register %rbp
	subq	$16, %rsp
.L1:
	leaq	-4(%rbp), %rax
	movl	$0, -4(%rbp)
	movl	$0, %eax
	cmpl	%edi, %eax
	jge	.L6
.L3:
	movslq	%eax, %rcx
	movl	(%rsi,%rcx,4), %edx
	cmpl	$0, %edx
	jl	.L5
	movl	(%rsi,%rcx,4), %ecx
	addl	%ecx, -4(%rbp)
.L5:
	addl	$1, %eax
	cmpl	%edi, %eax
	jl	.L3
.L6:
	leal	(%rdi), %eax
	cmpl	$3, %eax
	ja	.L11
	leaq	.L23(%rip), %rcx
	movslq	(%rcx,%rax,4), %rax
	addq	%rcx, %rax
	jmp	*%rax
.L9:
	movl	$0, %eax
	.cfi_remember_state
	leave
	.cfi_def_cfa %rsp, 8
	ret
	.cfi_restore_state
.L10:
	addl	$1, -4(%rbp)
	movl	-4(%rbp), %eax
	cmpl	$100, %eax
	jg	.L13
	jmp	.L14
.L11:
	movl	-4(%rbp), %eax
	cmpl	$100, %eax
	jle	.L14
.L13:
	movl	-4(%rbp), %eax
	movl	$2, %ecx
	cltd
	idivl	%ecx
	movl	%eax, -4(%rbp)
	movl	-4(%rbp), %eax
	cmpl	$100, %eax
	jg	.L13
.L14:
	subl	$1, -4(%rbp)
	movl	-4(%rbp), %eax
	testl	$1, %eax
	jne	.L14
.L16:
	movq	$0, t.1(%rip)
	movq	$0, t.1+8(%rip)
	leaq	.L17(%rip), %rax
	movq	%rax, t.1(%rip)
	leaq	.L18(%rip), %rax
	movq	%rax, t.1+8(%rip)
	movl	-4(%rbp), %eax
	andl	$1, %eax
	movslq	%eax, %rax
	leaq	t.1(%rip), %rcx
	movq	(%rcx,%rax,8), %rax
	jmp	*%rax
.L17:
	movl	-4(%rbp), %eax
	imull	$2, %eax, %eax
	movl	%eax, -4(%rbp)
.L18:
	movl	-4(%rbp), %eax
	
	movl	%eax, -4(%rbp)
	movl	-4(%rbp), %eax
	testl	%eax, %eax
	jne	.L22
	movq	%rdi, %rax
.L22:
	leave
	.cfi_def_cfa %rsp, 8
	ret
	.cfi_endproc
	.size	h, .-h
	.section	.rodata
	.align 4
.L23:
	.long	.L9-.L23
	.long	.L10-.L23
	.long	.L10-.L23
	.long	.L10-.L23
	.text
	.text
	.p2align 4
	.globl	mk
	.type	mk, @function
mk:
	.cfi_startproc
	pushq	%rbp
	.cfi_def_cfa_offset 16
	.cfi_offset %rbp, -16
	movq	%rsp, %rbp
	.cfi_def_cfa_register %rbp
	subq	$16, %rsp
.L24:
	leaq	-8(%rbp), %rax
	movq	$0, -8(%rbp)
	movl	%edi, -8(%rbp)
	addl	$1, %edi
	movl	%edi, -4(%rbp)
	movq	-8(%rbp), %rax
	leave
	.cfi_def_cfa %rsp, 8
	ret
	.cfi_endproc
	.size	mk, .-mk
	.text
	.p2align 4
	.globl	vla
	.type	vla, @function
vla:
	.cfi_startproc
	pushq	%rbp
	.cfi_def_cfa_offset 16
	.cfi_offset %rbp, -16
	movq	%rsp, %rbp
	.cfi_def_cfa_register %rbp
.L26:
	movslq	%edi, %rax
	imulq	$4, %rax, %rax
	movq	%rsp, %rcx
	movq	%rcx, %rsp
	movq	%rsp, %rcx
	movq	%rax, %rcx
	addq	$15, %rcx
	andq	$-16, %rcx
	subq	%rcx, %rsp
	movq	%rsp, %rcx
	movl	%edi, (%rcx)
	movl	(%rcx), %ecx
	movslq	%ecx, %rcx
	leaq	(%rax,%rcx,1), %rax
	leave
	.cfi_def_cfa %rsp, 8
	ret
	.cfi_endproc
	.size	vla, .-vla
	.bss
	.align 8
	.type	t.1, @object
	.size	t.1, 16
t.1:
	.zero	16
	.section	.note.GNU-stack,"",@progbits
