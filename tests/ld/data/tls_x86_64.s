	.section .tdata,"awT",@progbits
	.globl x
x:	.long 1
	.section .tbss,"awT",@nobits
y:	.zero 8
	.text
	.globl _start, __tls_get_addr
_start:
	movq x@gottpoff(%rip), %rax
	movq x@gottpoff(%rip), %r12
	addq x@gottpoff(%rip), %rcx
	addq y@gottpoff(%rip), %r13
	addq x@gottpoff(%rip), %rsp
	addq x@gottpoff(%rip), %r12
	addq y@gottpoff(%rip), %rbp
	leaq x@tlsdesc(%rip), %rax
	call *x@tlscall(%rax)
	leaq y@tlsdesc(%rip), %rax
	call *y@tlscall(%rax)
	.byte 0x66
	leaq x@tlsgd(%rip), %rdi
	.word 0x6666
	rex64 call __tls_get_addr@PLT
	leaq y@tlsld(%rip), %rdi
	call __tls_get_addr@PLT
	movl $60, %eax
	syscall
__tls_get_addr:
	ret
