/* __float128 arithmetic, comparisons and conversions (tests/lowering/test_f128.py) */
#include <stdio.h>
#include <string.h>
typedef __float128 Q;
static void show(const char *n, Q x)
{
    unsigned char b[16];
    memcpy(b, &x, 16);
    printf("%s ", n);
    for (int i = 15; i >= 0; i--)
        printf("%02x", b[i]);
    printf("\n");
}
static Q vals[] = {0.1Q, -2.5Q, 1e4000Q, 3.0Q, 0.0Q, -0.0Q, 1e-4960Q, 1.18973149535723176508575932662800702e4932Q,
                   0x1.23456789abcdef0123456789abcdp-3Q, 7.0Q};
static Q gq = 1.1Q;
static double gd = 2.0 / 3.0;
static volatile Q zero;

Q neg(Q x) { return -x; }
Q qabs(Q x) { return x < 0 ? -x : x; }

int main(void)
{
    int n = sizeof vals / sizeof vals[0];
    Q nan = zero / zero;
    char name[32];
    show("nan?", nan != nan ? 1.0Q : 0.0Q);
    show("gq", gq);
    show("gq*3", gq * 3);
    for (int i = 0; i < n; i++) {
        Q a = vals[i];
        sprintf(name, "neg%d", i); show(name, neg(a));
        sprintf(name, "abs%d", i); show(name, qabs(a));
        printf("d%d %a f%d %a\n", i, (double)a, i, (double)(float)a);
        if (a > -1e18Q && a < 1e18Q)
            printf("i%d %d %ld %ld\n", i, (int)(a * 1000), (long)(a * 1e15Q), (long)(__int128)(a * 1e17Q));
        if (a >= 0 && a < 1e18Q)
            printf("u%d %u %lu\n", i, (unsigned)a, (unsigned long)(unsigned __int128)(a * 1e17Q));
        for (int j = 0; j < n; j++) {
            Q b = vals[j];
            sprintf(name, "add%d.%d", i, j); show(name, a + b);
            sprintf(name, "sub%d.%d", i, j); show(name, a - b);
            sprintf(name, "mul%d.%d", i, j); show(name, a * b);
            sprintf(name, "div%d.%d", i, j); show(name, a / b);
            printf("cmp%d.%d %d%d%d%d%d%d %d%d\n", i, j, a < b, a <= b, a > b, a >= b, a == b, a != b,
                   __builtin_isunordered(a, b), __builtin_islessgreater(a, b));
        }
        printf("cmpnan%d %d%d%d%d%d%d %d%d %d%d\n", i, a < nan, a <= nan, a > nan, a >= nan, a == nan,
               a != nan, __builtin_isunordered(a, nan), __builtin_islessgreater(a, nan),
               !(a < nan), !(nan >= a));
    }
    int ints[] = {0, 1, -1, 2147483647, -2147483647 - 1, 12345};
    for (int i = 0; i < 6; i++) {
        sprintf(name, "si%d", i); show(name, (Q)ints[i]);
        sprintf(name, "ui%d", i); show(name, (Q)(unsigned)ints[i]);
        sprintf(name, "sc%d", i); show(name, (Q)(signed char)ints[i]);
        sprintf(name, "us%d", i); show(name, (Q)(unsigned short)ints[i]);
        sprintf(name, "sl%d", i); show(name, (Q)((long)ints[i] << 32));
        sprintf(name, "ul%d", i); show(name, (Q)((unsigned long)ints[i] << 32));
        sprintf(name, "st%d", i); show(name, (Q)((__int128)ints[i] << 90));
        sprintf(name, "ut%d", i); show(name, (Q)((unsigned __int128)ints[i] << 90));
    }
    show("fd", (Q)gd);
    show("ff", (Q)(float)gd);
    long double ld = 1.0L / 3;
    show("fx", (Q)ld);
    printf("tx %La\n", (long double)(gq / 3));
    Q acc = 1;
    for (int i = 0; i < 40; i++)
        acc = acc * 3 + (Q)i / 7;
    show("acc", acc);
    return 0;
}
