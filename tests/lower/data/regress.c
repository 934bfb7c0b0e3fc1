/* Regression cases for miscompiles and typing gaps found with the torture suite and SQLite;
   the output must equal gcc's at -O0 and -O1. */
#include <stdio.h>
#include <string.h>

asm(".globl top_asm_val\n\t.data\n\t.p2align 2\ntop_asm_val:\n\t.long 42\n\t.text");
extern int top_asm_val;

int alias_target[4] = {1, 2, 3, 4};
extern int alias_name[4] __attribute__((alias("alias_target")));
static int sfun(int x) { return x * 3; }
int afun(int) __attribute__((alias("sfun")));

static inline int unused_inline(void) { extern int never_defined; return never_defined; }

int ext_x = 5;
static int block_extern(void) { int ext_x = 1; { extern int ext_x; return ext_x; } }

struct bf { unsigned a:5; unsigned b:32; unsigned long c:20;
            unsigned long long w40:40; long long s36:36; };

__attribute__((noinline)) static int test_of_load(int i, unsigned *e) {
    if ((1 << i) & *e)      /* `test` with a folded load */
        return 1;
    return 0;
}

__attribute__((noinline)) static unsigned short swap16(const unsigned short *p) {
    return __builtin_bswap16(*p);
}

static int f2i(void) { return (int)(float)2147483647; }   /* folded and saturated by gcc */
static int f2i_big(void) { return (int)2147483648.0f; }

static int vla_goto(void) {
    int n = 0;
    void *volatile first = 0, *volatile last = 0;
lab:;
    int x[n % 100 + 1];
    x[0] = n;
    if (!first) first = x;
    last = x;
    if (++n < 100000) goto lab;
    return (char *)first - (char *)last < 4096;   /* the stack did not grow */
}

static int apply(int (*f)(int), int v) { return f(v); }
static int tramp(int k) {
    int acc = 0;
    int add(int x) { acc += x; return acc * k; }
    return apply(add, 2) * 1000 + apply(add, 3) + acc;
}

typedef int v4si __attribute__((vector_size(16)));

/* compat F1: a tentative definition after an extern declaration defines the object */
extern int tentative_after_extern;
int tentative_after_extern;
/* compat F7: integer imaginary constants keep their value */
_Complex int cint_init = 3 + 4 * __extension__ 1i;
_Complex long clong_init = 5 - 6li;
static int cint_args(_Complex int a, int b) { return __real__ a * 1000 + __imag__ a * 10 + b; }

int main(void) {
    unsigned e = 27, u16 = 0xAABB;
    unsigned short h = 0xAABB;
    char buf[16];
    struct bf s = {1, 1, 1, 0x100000, -1};
    printf("%d %d %d %d\n", test_of_load(3, &e), test_of_load(2, &e), swap16(&h), (int)u16);
    printf("%d %d %d\n", top_asm_val, alias_name[2], afun(5));
    printf("%d\n", block_extern());
    printf("%d %d %d %d\n", s.a - 2 < 0, s.b - 2 < 0, s.c - 2 < 0, (int)sizeof(s.a + 0));
    printf("%llx %llx %lld\n", (unsigned long long)(s.w40 * s.w40),
           (unsigned long long)(s.w40 << 24), (long long)(s.s36 + 0));
    printf("%d %d\n", f2i(), f2i_big());
    printf("%d\n", vla_goto());
    printf("%d\n", tramp(7));
    printf("%d %d\n", __builtin_popcountll(-1), __builtin_clzll(1));
    v4si a = {10, 20, 30, 40}, m = {3, 2, 1, 0};
    v4si r = __builtin_shuffle(a, m);
    printf("%d %d %d %d\n", r[0], r[1], r[2], r[3]);
    char *p = memset(buf, 'x', 4);
    printf("%d\n", p == buf);
    tentative_after_extern += 2;
    printf("%d %d %d %ld %ld %d %d\n", tentative_after_extern, __real__ cint_init,
           __imag__ cint_init, __real__ clong_init, __imag__ clong_init, cint_args(12 + 34i, -5),
           (int)sizeof(7li));
    return 0;
}

/* SQLite -O1 "SQL logic error" (issue 8): with the right operand of a compound assignment
   read first, `*p op= *q` left the load of *q folded into the op while the store became a
   memory read-modify-write, whose source register was never loaded (fixed in isel). */
__attribute__((noinline)) static void rmw_mem_src(int *p, const int *q, long *r, const long *s) {
    *p += *q;
    *p ^= q[1];
    *r -= *s;
    *r |= s[1];
}
__attribute__((constructor)) static void rmw_mem_src_check(void) {
    int a = 100, b[2] = {23, 0x55};
    long c = 1000, d[2] = {1, 0x100000000L};
    rmw_mem_src(&a, b, &c, d);
    printf("rmw %d %ld\n", a, c);
}
