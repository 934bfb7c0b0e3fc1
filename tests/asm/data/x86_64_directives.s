	.text
	.globl f
	.type f,@function
f:	ret
	.size f,.-f
	.symver f, f@VERS_1
	.globl g
g:	nop
	.weakref wr, ext
	call wr
	.reloc ., R_X86_64_NONE, f
	nop
	.subsection 1
	.byte 0x11
	.subsection 0
	.byte 0x22
	.pushsection .data.x,"aw",@progbits
	.quad f
	.popsection
	.section .text.h,"axG",@progbits,h,comdat
	.globl h
h:	ret
	.section .rodata.u,"a",@progbits,unique,3
	.long 1
	.section .rodata.u,"a",@progbits,unique,4
	.long 2
	.text
	.org .+4, 0x90
	.nops 5
	.balign 8, 0xcc
	.p2align 4,,3
	.fill 3, 4, 0x12345678
	.data
	.align 16
	.skip 3, 0x7
	.int 5
	.comm c1,10
	.lcomm lc, 16
	.section .init_array,"aw"
	.align 8
	.quad f
	.section .note.GNU-stack,"",@progbits
