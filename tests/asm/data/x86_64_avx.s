vaddps %xmm2, %xmm1, %xmm0
vaddps %ymm10, %ymm1, %ymm0
vaddpd (%rax), %ymm1, %ymm8
vmulsd .LC0(%rip), %xmm0, %xmm0
vmovaps %ymm0, (%rsp)
vmovups (%rdi), %ymm1
vmovdqu %ymm9, 32(%rdi)
vmovss (%rax), %xmm0
vmovsd %xmm1, %xmm2, %xmm3
vmovd %eax, %xmm0
vmovq %rax, %xmm0
vmovq %xmm0, %rax
vxorps %xmm0, %xmm0, %xmm0
vpxor %ymm1, %ymm2, %ymm3
vcvtsi2sdl %eax, %xmm0, %xmm0
vcvtsi2sdq %rax, %xmm1, %xmm1
vcvttsd2si %xmm0, %rax
vpshufd $0x1b, %xmm1, %xmm0
vpsrld $3, %ymm1, %ymm2
vpslld %xmm3, %ymm1, %ymm2
vbroadcastss (%rax), %ymm0
vpbroadcastd %xmm0, %ymm1
vinserti128 $1, %xmm2, %ymm1, %ymm0
vextracti128 $1, %ymm1, %xmm0
vpermq $0xd8, %ymm1, %ymm0
vfmadd231sd %xmm2, %xmm1, %xmm0
vfmadd132ps (%rax), %ymm1, %ymm0
andn %eax, %ebx, %ecx
bextr %rax, %rbx, %rcx
shlx %eax, %ebx, %ecx
sarx %rax, (%rbx), %rcx
pdep %rax, %rbx, %rcx
mulx %rax, %rbx, %rcx
blsr %eax, %ebx
rorx $3, %rax, %rbx
vpblendvb %ymm3, %ymm2, %ymm1, %ymm0
vucomisd %xmm1, %xmm0
vsqrtsd %xmm1, %xmm0, %xmm0
vcmpltps %xmm1, %xmm2, %xmm3
vpcmpeqb %ymm1, %ymm2, %ymm3
vpmovmskb %ymm0, %eax
vzeroupper
vpshufb %ymm1, %ymm2, %ymm3
vpaddd 8(%rsp,%rbx,4), %ymm2, %ymm14
vaesenc %xmm1, %xmm2, %xmm3
vpclmulqdq $0x11, %xmm1, %xmm2, %xmm3
vpinsrq $1, %rax, %xmm0, %xmm0
vpinsrd $2, (%rax), %xmm1, %xmm9
vpinsrb $3, %ecx, %xmm1, %xmm2
vpinsrw $3, %ecx, %xmm1, %xmm2
vpextrq $1, %xmm0, %rax
vpextrd $1, %xmm0, (%rax)
vpextrw $1, %xmm0, %eax
vpextrb $1, %xmm10, %eax
vextractps $1, %xmm0, %eax
vmovhps (%rax), %xmm1, %xmm2
vmovlps %xmm1, (%rax)
vmovhpd 8(%rsp), %xmm3, %xmm3
vinsertps $0x10, %xmm1, %xmm2, %xmm3
vunpcklps %xmm1, %xmm2, %xmm3
vmovddup (%rax), %xmm0
vshufps $0x44, %ymm1, %ymm2, %ymm3
vcvtdq2pd %xmm1, %ymm0
vcvtps2pd %xmm1, %ymm0
vcvttpd2dqy %ymm1, %xmm0
vroundsd $4, %xmm1, %xmm2, %xmm3
