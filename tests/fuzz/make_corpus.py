"""(Re)create the committed seed corpus tests/fuzz/corpus/TARGET/ from small hand-written C and
assembly sources (pycc and the cross gcc produce the assembly and objects).

    python -m tests.fuzz.make_corpus
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")

C_SEEDS = {
    "pp.c": r'''#define STR(x) #x
#define CAT(a, b) a##b
#define VA(fmt, ...) f(fmt, ##__VA_ARGS__)
#if defined(__GNUC__) && __STDC_VERSION__ >= 201112L && !defined(NOPE)
# define OK 1
#elif 0
# error no
#else
# define OK 0
#endif
#include <stddef.h>
_Pragma("GCC diagnostic push")
int f(const char *, ...);
int CAT(x, 1) = OK + sizeof(STR(a b));
int g(void) { return VA("%d", 1) + VA("x") + __LINE__ + __COUNTER__; }
#undef OK
#line 100 "other.c"
''',
    "decl.c": r'''typedef struct node { struct node *next; unsigned bf : 3; int : 0; signed s : 5; } node;
union u { int i; float f; char c[4]; };
enum e { A, B = 5, C };
static int (*fp[3])(int, char *);
struct s { int a; double d[2]; } sv = { .d[1] = 2.0, .a = 1 };
int arr[] = { [3] = 1, [1 ... 2] = 7 };
_Static_assert(sizeof(int) == 4, "int");
extern __attribute__((weak, alias("g2"))) void g1(void);
void g2(void) { }
_Thread_local long tl;
const volatile int *restrict p;
long double ld = 1.5L; __int128 big; _Complex double z;
''',
    "stmt.c": r'''int h(int n, int *a) {
    int s = 0;
    for (int i = 0; i < n; i++) { if (a[i] < 0) continue; s += a[i]; }
    switch (n) { case 0: return 0; case 1 ... 3: s++; break; default: ; }
    while (s > 100) s /= 2;
    do { s--; } while (s & 1);
    static void *t[] = { &&l1, &&l2 }; goto *t[s & 1];
l1: s = ({ int q = s; q * 2; });
l2: __asm__ volatile ("" : "+r"(s));
    return _Generic(s, int: s, default: 0) ?: n;
}
struct pt { int x, y; };
struct pt mk(int x) { return (struct pt){ x, x + 1 }; }
int vla(int n) { int v[n]; v[0] = n; return sizeof v + v[0]; }
''',
}

ASM_X86 = r'''	.text
	.globl	f
	.type	f, @function
f:
	.cfi_startproc
	pushq	%rbp
	.cfi_def_cfa_offset 16
	movq	%rsp, %rbp
	leaq	msg(%rip), %rax
	movl	$1, %eax
	vaddps	%ymm1, %ymm2, %ymm3{%k1}{z}
	call	puts@PLT
	.rept 3
	nop
	.endr
	.macro m a, b=2
	addl	$\a, %eax
	.endm
	m 4
	.if 1 + 2 == 3
	ret
	.endif
	.cfi_endproc
	.size	f, .-f
	.section	.rodata
msg:	.string	"hi"
	.quad	f + 8, 1f - f
1:	.balign 8
	.section	.note.GNU-stack,"",@progbits
'''
ASM_AARCH64 = r'''	.arch armv8-a
	.text
	.align	2
	.global	f
	.type	f, %function
f:
	.cfi_startproc
	stp	x29, x30, [sp, -16]!
	adrp	x0, msg
	add	x0, x0, :lo12:msg
	ldr	x1, =0x123456789
	bl	puts
	ldp	x29, x30, [sp], 16
	ret
	.cfi_endproc
	.ltorg
	.section	.rodata
msg:	.string	"hi"
	.xword	f
'''
ASM_RISCV = r'''	.option pic
	.attribute arch, "rv64i2p1_m2p0_a2p1_f2p2_d2p2_c2p0"
	.text
	.align	1
	.globl	f
	.type	f, @function
f:
	.cfi_startproc
	addi	sp,sp,-16
	sd	ra,8(sp)
	lla	a0,msg
	call	puts@plt
	ld	ra,8(sp)
	addi	sp,sp,16
	jr	ra
	.cfi_endproc
	.option push
	.option norelax
	.balign 4
	.option pop
	.section	.rodata
msg:	.string	"hi"
	.dword	f
'''
SCRIPT = b"""/* GNU ld script */
OUTPUT_FORMAT(elf64-x86-64)
SEARCH_DIR("=/usr/lib")
GROUP ( libc.so.6 libc_nonshared.a  AS_NEEDED ( ld-linux-x86-64.so.2 ) )
INPUT(-lm)
ENTRY(_start)
"""
LIB_C = "int helper(int x) { return x + 1; }\nint data = 5;\n__thread int t;\n"


def _w(target: str, name: str, data: bytes) -> None:
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data[:4096])


def main() -> int:
    shutil.rmtree(CORPUS, ignore_errors=True)
    for n, t in C_SEEDS.items():
        _w("cc", n, t.encode())
    _w("as-x86_64", "hand.s", ASM_X86.encode())
    _w("as-aarch64", "hand.s", ASM_AARCH64.encode())
    _w("as-riscv64", "hand.s", ASM_RISCV.encode())
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "stmt.c")
        with open(src, "w") as f:
            f.write(C_SEEDS["stmt.c"])
        lib = os.path.join(d, "lib.c")
        with open(lib, "w") as f:
            f.write(LIB_C)
        for tgt, cc in (("as-x86_64", ["pycc"]), ("as-aarch64", ["aarch64-linux-gnu-gcc"]),
                        ("as-riscv64", ["riscv64-linux-gnu-gcc"])):
            out = os.path.join(d, tgt + ".s")
            if subprocess.run(cc + ["-O1", "-S", src, "-o", out]).returncode == 0:
                _w(tgt, "stmt.s", open(out, "rb").read())
        objs = []
        for n in ("stmt", "lib"):
            o = os.path.join(d, n + ".o")
            subprocess.run(["pycc", "-O1", "-fPIC", "-c", os.path.join(d, n + ".c"), "-o", o],
                           check=True)
            objs.append(o)
        a = os.path.join(d, "lib.a")
        subprocess.run(["ar", "rcs", a] + objs, check=True)
        so = os.path.join(d, "lib.so")
        subprocess.run(["pycc", "-shared", "-fPIC", lib, "-o", so], check=True)
        _w("ld", "obj-r", b"\x00" + open(objs[1], "rb").read())
        _w("ld", "obj-shared", b"\x01" + open(objs[0], "rb").read())
        _w("ld", "archive-r", b"\x00" + open(a, "rb").read())
        _w("ld", "so-shared", b"\x01" + open(so, "rb").read())
        _w("ld", "script-shared", b"\x01" + SCRIPT)
    print(f"corpus written to {CORPUS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
