	.data
	.globl d
d:	.quad 1
e:	.quad 2
	.text
	.globl _start, f
f:	ret
_start:
	movq d@GOTPCREL(%rip), %rax
	movq e@GOTPCREL(%rip), %r9
	movl d@GOTPCREL(%rip), %eax
	call *f@GOTPCREL(%rip)
	jmp *f@GOTPCREL(%rip)
	testq %rax, d@GOTPCREL(%rip)
	testq %r10, d@GOTPCREL(%rip)
	addq d@GOTPCREL(%rip), %rbx
	subq d@GOTPCREL(%rip), %r11
	cmpq d@GOTPCREL(%rip), %rcx
	andq d@GOTPCREL(%rip), %rcx
	orq d@GOTPCREL(%rip), %rcx
	xorq d@GOTPCREL(%rip), %rcx
	adcq d@GOTPCREL(%rip), %rcx
	sbbq d@GOTPCREL(%rip), %rcx
	addl d@GOTPCREL(%rip), %ecx
	movq w@GOTPCREL(%rip), %rax
	movq $60, %rax
	syscall
	.weak w
