	.section .text.foo,"axG",@progbits,foo,comdat
	.globl foo
	.type foo, @function
foo:	movl $42, %eax
	ret
	.text
	.globl main
main:	jmp foo
	.section .note.GNU-stack,"",@progbits
