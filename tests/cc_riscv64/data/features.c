/* Whole-program features of the RISC-V back end: TLS, atomics, VLAs, computed goto, switch
   tables, setjmp, alloca, inline asm, bit operations, i128, long double, big frames. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <alloca.h>

static int fails;
#define CHECK(c) do { if (!(c)) { printf("FAIL line %d\n", __LINE__); fails++; } } while (0)

__thread int tls_a = 5;
static __thread long tls_b;
int glob = 7;
static short sh = -3;
const char *strs[] = {"a", "bc", "def"};

static int sw(int x) {
    switch (x) {
    case 0: return 10; case 1: return 11; case 2: return 12; case 3: return 13;
    case 5: return 15; case 6: return 16; case 8: return 18; default: return -1;
    }
}
static int sw_sparse(long x) {
    switch (x) { case -5: return 1; case 1000000: return 2; case 7: return 3; default: return 0; }
}
static int vla(int n) {
    int a[n];
    for (int i = 0; i < n; i++) a[i] = i * i;
    int s = 0;
    for (int i = 0; i < n; i++) s += a[i];
    return s;
}
static int cgoto(int n) {
    static void *tab[] = {&&l0, &&l1, &&l2};
    int s = 0;
    goto *tab[n];
l0: s += 1;
l1: s += 10;
l2: s += 100;
    return s;
}
static jmp_buf jb;
static void jump(int v) { longjmp(jb, v); }
static int big_frame(int k) {
    volatile char buf[5000];
    buf[k] = 3; buf[4999] = 4;
    volatile long more[300];
    more[299] = buf[k] + buf[4999];
    return more[299];
}
static int asm_add(int a, int b) {
    int r;
    __asm__("addw %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
    return r;
}
static long asm_imm(long a) {
    long r;
    __asm__("addi %0, %1, %2" : "=r"(r) : "r"(a), "I"(100));
    return r;
}
static double asm_f(double a, double b) {
    double r;
    __asm__("fadd.d %0, %1, %2" : "=f"(r) : "f"(a), "f"(b));
    return r;
}

int main(void) {
    CHECK(tls_a == 5); tls_b = 9; tls_a += tls_b; CHECK(tls_a == 14);
    CHECK(glob + sh == 4);
    CHECK(strlen(strs[2]) == 3);
    for (int i = 0; i < 10; i++) {
        int w = i == 4 || i == 7 || i == 9 ? -1 : 10 + i;
        CHECK(sw(i) == w);
    }
    CHECK(sw_sparse(-5) == 1 && sw_sparse(1000000) == 2 && sw_sparse(7) == 3 && sw_sparse(8) == 0);
    CHECK(vla(10) == 285);
    CHECK(cgoto(0) == 111 && cgoto(1) == 110 && cgoto(2) == 100);
    volatile int count = 0;
    int r = setjmp(jb);
    count++;
    if (r == 0) jump(42);
    CHECK(r == 42 && count == 2);
    char *p = alloca(100); memset(p, 1, 100); CHECK(p[99] == 1);
    CHECK(big_frame(17) == 7);
    int at = 5;
    CHECK(__atomic_fetch_add(&at, 3, __ATOMIC_SEQ_CST) == 5 && at == 8);
    CHECK(__sync_val_compare_and_swap(&at, 8, 1) == 8 && at == 1);
    CHECK(__sync_bool_compare_and_swap(&at, 2, 3) == 0 && at == 1);
    long al = 1; CHECK(__atomic_exchange_n(&al, 77, __ATOMIC_SEQ_CST) == 1 && al == 77);
    short as = 10; CHECK(__atomic_fetch_sub(&as, 3, __ATOMIC_SEQ_CST) == 10 && as == 7);
    signed char ac[4] = {1, 2, 3, 4};
    CHECK(__atomic_fetch_or(&ac[1], 0x40, __ATOMIC_SEQ_CST) == 2 && ac[1] == 0x42 && ac[0] == 1 && ac[2] == 3);
    CHECK(__sync_val_compare_and_swap(&ac[2], 3, -7) == 3 && ac[2] == -7 && ac[3] == 4);
    CHECK(__builtin_popcount(0xF0F0) == 8 && __builtin_clz(1) == 31 && __builtin_ctzl(1UL << 40) == 40);
    CHECK(__builtin_bswap32(0x11223344) == 0x44332211 && __builtin_bswap16(0x1122) == 0x2211);
    CHECK(__builtin_clzll(1) == 63 && __builtin_popcountll(-1LL) == 64);
    __int128 x = (__int128)0x123456789abcdefLL * 0x1000000;
    CHECK((long)(x >> 24) == 0x123456789abcdefLL && x / 3 == ((__int128)0x123456789abcdefLL << 24) / 3);
    unsigned __int128 ux = ~(unsigned __int128)0; CHECK(ux > 5 && (long)(ux >> 100) == 0xfffffff);
    long double ld = 1.0L / 3; CHECK(ld * 3 == 1.0L && (double)ld != 0.5 && ld > 0.33L);
    char buf[64]; snprintf(buf, sizeof buf, "%.3Lf %d %s", 2.5L, -4, "x");
    CHECK(strcmp(buf, "2.500 -4 x") == 0);
    CHECK(asm_add(3, 4) == 7 && asm_imm(1) == 101 && asm_f(1.5, 2) == 3.5);
    unsigned u = 0xFFFFFFFFu; CHECK(u / 3 == 0x55555555u && (u >> 31) == 1 && (int)u == -1);
    unsigned char uc = 250; uc += 10; CHECK(uc == 4);
    float f = 3.75f; CHECK((int)f == 3 && (unsigned)f == 3 && (long)-f == -3);
    double dd = 1e19; CHECK((unsigned long)dd == 10000000000000000000UL);
    printf("%s\n", fails ? "FAILED" : "ok");
    return fails != 0;
}
