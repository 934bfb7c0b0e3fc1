/* LP64D interop: compiled once as callee (-DSIDE=1) and once as caller (-DSIDE=2), each side by
   pycc or riscv64-linux-gnu-gcc; the caller checks every value that comes back. */
#include <stdarg.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>

struct fi { float f; int i; };
struct ff { float a, b; };
struct dd { double a, b; };
struct id { int i; double d; };
struct cc { char a, b, c; };
struct big { long a, b, c; double d; };
struct l2 { long a, b; };
struct one { double d; };
struct ch5 { char c[5]; };
struct wide { char c; struct { double d; } __attribute__((aligned(16))) a; };  /* 32 bytes, flattened */
union uf { float f; };                          /* unions: the integer convention */
union ud2 { double a; double b; };
struct fp { float f; void *p; };                /* float + pointer: the integer convention */
struct nu { union { float a; } u; float b; };   /* a union inside: the integer convention */
typedef _Complex double cd;
typedef _Complex float cf;

struct fi f_fi(struct fi x, int k);
struct ff f_ff(struct ff x, float k);
struct dd f_dd(struct dd x, double k);
struct id f_id(struct id x, int k);
struct cc f_cc(struct cc x, int k);
struct big f_big(struct big x, long k);
struct l2 f_l2(struct l2 x, long k);
struct one f_one(struct one x);
struct ch5 f_ch5(struct ch5 x);
struct wide f_wide(struct wide x, int k);
cd f_cd(cd x);
cf f_cf(cf x);
__int128 f_i128(int a, __int128 x, __int128 y);
long double f_ld(long double a, double b, long double c);
double f_many(int a, double b, int c, double d, int e, double f, int g, double h, int i,
              double j, int k, double l, int m, double n, int o, double p, int q, double r,
              float s, long t);
long f_va(int n, ...);
double f_vad(int n, ...);
unsigned char f_uc(unsigned char c, signed char s, unsigned short u, short v);
union uf f_uf(union uf x, float k);
union ud2 f_ud(union ud2 x);
struct fp f_fp(struct fp x, float k);
struct nu f_nu(struct nu x);
unsigned short f_us(int x);
unsigned char f_uc2(int x);
struct fi f_split(long a, long b, long c, long d, long e, long f, long g, struct fi x);
struct dd f_dd9(double a, double b, double c, double d, double e, double f, double g,
                double h, struct dd x);

#if SIDE == 1
union uf f_uf(union uf x, float k) { x.f += k; return x; }
union ud2 f_ud(union ud2 x) { x.a *= 2; return x; }
struct fp f_fp(struct fp x, float k) { x.f *= k; x.p = (char *)x.p + 1; return x; }
struct nu f_nu(struct nu x) { x.u.a += x.b; return x; }
unsigned short f_us(int x) { return x + 60000; }
unsigned char f_uc2(int x) { return x + 100; }
struct fi f_fi(struct fi x, int k) { x.f += k; x.i *= k; return x; }
struct ff f_ff(struct ff x, float k) { x.a *= k; x.b -= k; return x; }
struct dd f_dd(struct dd x, double k) { x.a /= k; x.b += k; return x; }
struct id f_id(struct id x, int k) { x.i -= k; x.d *= k; return x; }
struct cc f_cc(struct cc x, int k) { x.a += k; x.b += k; x.c += k; return x; }
struct big f_big(struct big x, long k) { x.a += k; x.b *= k; x.c -= k; x.d += 0.5; return x; }
struct l2 f_l2(struct l2 x, long k) { x.a ^= k; x.b += k; return x; }
struct one f_one(struct one x) { x.d *= 2; return x; }
struct ch5 f_ch5(struct ch5 x) { for (int i = 0; i < 5; i++) x.c[i] += i; return x; }
struct wide f_wide(struct wide x, int k) { x.c += k; x.a.d *= k; return x; }
cd f_cd(cd x) { return x * 2 + 1; }
cf f_cf(cf x) { return x * 3; }
__int128 f_i128(int a, __int128 x, __int128 y) { return x * a + y; }
long double f_ld(long double a, double b, long double c) { return a * b + c; }
double f_many(int a, double b, int c, double d, int e, double f, int g, double h, int i,
              double j, int k, double l, int m, double n, int o, double p, int q, double r,
              float s, long t) {
    return a + b * 2 + c * 3 + d * 4 + e + f + g + h + i + j + k + l + m + n + o + p + q + r
           + s + t;
}
long f_va(int n, ...) {
    va_list ap; va_start(ap, n); long s = 0;
    for (int i = 0; i < n; i++) {
        int kind = va_arg(ap, int);
        if (kind == 0) s += va_arg(ap, int);
        else if (kind == 1) s += (long)va_arg(ap, double);
        else if (kind == 2) { struct l2 x = va_arg(ap, struct l2); s += x.a - x.b; }
        else if (kind == 3) { struct big b = va_arg(ap, struct big); s += b.a + b.c + (long)b.d; }
        else if (kind == 4) s += (long)va_arg(ap, __int128);
        else if (kind == 5) s += (long)va_arg(ap, long double);
        else if (kind == 6) { struct fi x = va_arg(ap, struct fi); s += x.i + (long)x.f; }
    }
    va_end(ap); return s;
}
double f_vad(int n, ...) {
    va_list ap, aq; va_start(ap, n); va_copy(aq, ap); double s = 0;
    for (int i = 0; i < n; i++) s += va_arg(ap, double);
    for (int i = 0; i < n; i++) s += va_arg(aq, double);
    va_end(ap); va_end(aq); return s;
}
unsigned char f_uc(unsigned char c, signed char s, unsigned short u, short v) {
    return c + s + u + v;
}
struct fi f_split(long a, long b, long c, long d, long e, long f, long g, struct fi x) {
    x.i += a + b + c + d + e + f + g; return x;
}
struct dd f_dd9(double a, double b, double c, double d, double e, double f, double g,
                double h, struct dd x) {
    x.a += a + h; x.b += b + g; return x;
}
#else
static int fails;
#define CHECK(c) do { if (!(c)) { printf("FAIL line %d\n", __LINE__); fails++; } } while (0)
int main(void) {
    struct fi a = f_fi((struct fi){1.5f, 3}, 2); CHECK(a.f == 3.5f && a.i == 6);
    struct ff b = f_ff((struct ff){1.5f, 2}, 2); CHECK(b.a == 3 && b.b == 0);
    struct dd c = f_dd((struct dd){3, 4}, 2); CHECK(c.a == 1.5 && c.b == 6);
    struct id d = f_id((struct id){7, 1.25}, 2); CHECK(d.i == 5 && d.d == 2.5);
    struct cc e = f_cc((struct cc){1, 2, 3}, 1); CHECK(e.a == 2 && e.b == 3 && e.c == 4);
    struct big g = f_big((struct big){1, 2, 3, 4}, 5); CHECK(g.a == 6 && g.b == 10 && g.c == -2 && g.d == 4.5);
    struct l2 h = f_l2((struct l2){1, 2}, 3); CHECK(h.a == 2 && h.b == 5);
    struct one o = f_one((struct one){2.5}); CHECK(o.d == 5);
    struct ch5 c5 = f_ch5((struct ch5){{1, 1, 1, 1, 1}}); CHECK(c5.c[0] == 1 && c5.c[4] == 5);
    struct wide wd = f_wide((struct wide){3, {1.25}}, 2); CHECK(wd.c == 5 && wd.a.d == 2.5);
    cd z = f_cd(1.0 + 2.0 * 1.0i); CHECK(__real__ z == 3 && __imag__ z == 4);
    cf y = f_cf(1.0f + 2.0f * 1.0fi); CHECK(__real__ y == 3 && __imag__ y == 6);
    __int128 w = f_i128(3, (__int128)1 << 70, 5); CHECK(w == ((__int128)3 << 70) + 5);
    long double q = f_ld(1.5L, 2.0, 0.25L); CHECK(q == 3.25L);
    double m = f_many(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19.0f, 20);
    CHECK(m == 1 + 4 + 9 + 16 + 5 + 6 + 7 + 8 + 9 + 10 + 11 + 12 + 13 + 14 + 15 + 16 + 17 + 18 + 19 + 20);
    long v = f_va(7, 0, 5, 1, 2.5, 2, (struct l2){10, 3}, 3, (struct big){1, 2, 3, 4.5}, 4,
                  (__int128)100, 5, 7.0L, 6, (struct fi){2.0f, 3});
    CHECK(v == 5 + 2 + 7 + 8 + 100 + 7 + 5);
    CHECK(f_vad(3, 1.0, 2.0, 3.5) == 13);
    CHECK(f_uc(200, -3, 60000, -2) == (unsigned char)(200 - 3 + 60000 - 2));
    struct fi sp = f_split(1, 2, 3, 4, 5, 6, 7, (struct fi){1, 1}); CHECK(sp.i == 29 && sp.f == 1);
    struct dd d9 = f_dd9(1, 2, 3, 4, 5, 6, 7, 8, (struct dd){1, 2}); CHECK(d9.a == 10 && d9.b == 11);
    union uf uf = f_uf((union uf){1.5f}, 2); CHECK(uf.f == 3.5f);
    union ud2 u2 = f_ud((union ud2){1.25}); CHECK(u2.b == 2.5);
    static char buf[4];
    struct fp fp = f_fp((struct fp){1.5f, buf}, 2); CHECK(fp.f == 3 && fp.p == buf + 1);
    struct nu nu = f_nu((struct nu){{1}, 2}); CHECK(nu.u.a == 3 && nu.b == 2);
    long us = f_us(1000), uc = f_uc2(100); CHECK(us == 61000 && uc == 200);
    printf("%s\n", fails ? "FAILED" : "ok");
    return fails != 0;
}
#endif
