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
