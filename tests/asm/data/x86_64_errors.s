	movl %eax
	movl %rax, %ebx
	frob %eax
	addq $1, %xmm0
	.byte
	movl $1, (%rax)
	mov $1, (%rax)
	.section
	jmp
	.long undefined_sym +
	movq (%rax,%rsp), %rax
	.foo
	movl %eax, %ebx extra
	lea 1, %eax
foo:
foo:
	.if
	.endif
	.align 3
	movb $300, %al
