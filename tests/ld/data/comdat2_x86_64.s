	.section .text.foo,"axG",@progbits,foo,comdat
	.globl foo
	.type foo, @function
foo:	movl $43, %eax
	ret
	.text
	.globl bar
bar:	call foo
	ret
	.section .note.GNU-stack,"",@progbits
