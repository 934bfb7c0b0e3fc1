	.section .tdata,"awT",@progbits
	.globl x
x:	.word 1
	.section .tbss,"awT",@nobits
y:	.zero 8
	.text
	.globl _start, __tls_get_addr
_start:
	adrp x0, :gottprel:x
	ldr x0, [x0, #:gottprel_lo12:x]
	adrp x5, :gottprel:y
	ldr x5, [x5, #:gottprel_lo12:y]
	adrp x0, :tlsdesc:x
	ldr x1, [x0, #:tlsdesc_lo12:x]
	add x0, x0, :tlsdesc_lo12:x
	.tlsdesccall x
	blr x1
	adrp x0, :tlsdesc:y
	ldr x1, [x0, #:tlsdesc_lo12:y]
	add x0, x0, :tlsdesc_lo12:y
	.tlsdesccall y
	blr x1
	adrp x0, :tlsgd:x
	add x0, x0, :tlsgd_lo12:x
	bl __tls_get_addr
	nop
	adrp x0, :tlsgd:y
	add x0, x0, :tlsgd_lo12:y
	bl __tls_get_addr
	nop
	mov x8, #93
	svc #0
__tls_get_addr:
	ret
