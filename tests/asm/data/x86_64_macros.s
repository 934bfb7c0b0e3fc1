	.macro PUSH_ALL regs:vararg
	.irp r, \regs
	pushq %\r
	.endr
	.endm
	.macro ENTRY name, align=16
	.globl \name
	.type \name, @function
	.p2align 4
\name\():
	.endm
	.macro SUM a, b
	.long \a + \b
	.endm
	.macro LOOPY n
	.if \n
	.byte \n
	LOOPY "(\n-1)"
	.endif
	.endm
	.macro LBL
	.Lm\@: nop
	jmp .Lm\@
	.endm
	.macro kw x=1, y=2
	.byte \x, \y
	.endm
	.text
ENTRY foo
	PUSH_ALL rax, rbx, r12
	LBL
	LBL
	kw y=5
	kw 7
	.set cnt, 0
	.rept 3
	.byte cnt
	.set cnt, cnt+1
	.endr
	.irpc c, 0123
	.byte \c
	.endr
	.data
	SUM 1, 2
	SUM (3), (4)
	LOOPY 3
#define X 1
	.ifdef cnt
	.byte 0x55
	.endif
	.ifndef nope
	.byte 0x66
	.endif
	.if cnt == 3 && 1
	.byte 0x77
	.endif
	.ifnb foo
	.byte 0x88
	.endif
	.purgem SUM
	.macro SUM a
	.quad \a
	.endm
	SUM 9
