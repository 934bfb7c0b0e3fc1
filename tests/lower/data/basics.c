#include <stdio.h>
#include <string.h>
#include <stdarg.h>
#include <stdlib.h>
struct S { int a; double d; };
struct Big { long x[5]; char tag; };
struct BF { unsigned a:3; int b:5; unsigned c:10; signed char s:4; };
union U { int i; float f; unsigned char b[4]; };
static int counter(void) { static int n = 10; return n++; }
struct S mks(int a, double d) { struct S s = {a, d}; return s; }
struct Big mkbig(int k) { struct Big b; for (int i = 0; i < 5; i++) b.x[i] = k * i; b.tag = 'A' + k; return b; }
long sumbig(struct Big b) { long s = b.tag; for (int i = 0; i < 5; i++) s += b.x[i]; return s; }
int vsum(int n, ...) { va_list ap; va_start(ap, n); int s = 0; for (int i = 0; i < n; i++) s += va_arg(ap, int); va_end(ap); return s; }
double vdsum(int n, ...) { va_list ap; va_start(ap, n); double s = 0; for (int i = 0; i < n; i++) s += va_arg(ap, double); va_end(ap); return s; }
static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }
int sw(int x) {
  switch (x) { case 1: return 10; case 2: case 3: return 20; case 100 ... 200: return 30; default: return -1; }
}
int gotos(int n) { int s = 0; again: s += n; if (--n > 0) goto again; return s; }
int cgoto(int i) { static void *t[] = {&&a, &&b, &&c}; goto *t[i]; a: return 1; b: return 2; c: return 3; }
int arr2[3][4] = {{1, 2, 3, 4}, [2] = {9, 8}};
const char *names[] = {"zero", "one", "two"};
struct S gs[2] = {{1, 1.5}, {.d = 2.5, .a = 2}};
int main(void) {
  printf("%d %d %d\n", counter(), counter(), counter());
  struct S s = mks(3, 4.25);
  printf("%d %.2f\n", s.a, s.d);
  struct Big b = mkbig(3);
  printf("%ld %c\n", sumbig(b), b.tag);
  printf("%d %.1f\n", vsum(4, 1, 2, 3, 4), vdsum(3, 0.5, 1.5, 2.0));
  int v[] = {5, 3, 9, 1, 7};
  qsort(v, 5, sizeof v[0], cmp);
  for (int i = 0; i < 5; i++) printf("%d ", v[i]);
  printf("\n%d %d %d %d %d\n", sw(1), sw(3), sw(150), sw(7), gotos(4));
  printf("%d %d %d\n", cgoto(0), cgoto(1), cgoto(2));
  struct BF bf = {5, -3, 1000, -2};
  bf.b += 20; bf.a++; bf.s = 7;
  printf("%d %d %d %d %zu\n", bf.a, bf.b, bf.c, bf.s, sizeof bf);
  union U u; u.f = 1.0f; printf("%08x %d\n", u.i, u.b[3]);
  printf("%d %d %s %s %d %.1f\n", arr2[0][3], arr2[2][1], names[2], names[0], gs[1].a, gs[1].d);
  long double ld = 1.0L / 3; printf("%.15Lf\n", ld);
  float f = 2.5f; double dd = f * 3; printf("%g %g\n", dd, (double)(f / 0.5f));
  unsigned long long ull = 0xFFFFFFFFFFFFFFFFULL; printf("%llu %lld\n", ull / 3, (long long)ull >> 3);
  char buf[20]; strcpy(buf, "abc"); strcat(buf, "def"); printf("%s %zu\n", buf, strlen(buf));
  int *p = (int[]){7, 8, 9}; printf("%d\n", p[1] + p[2]);
  int x = 5, y = (x > 3) ? x * 2 : -x; printf("%d %d %d\n", y, x && 0, !x || x);
  _Complex double z = 1.0 + 2.0i; z = z * z; printf("%.1f %.1f\n", __real__ z, __imag__ z);
  int r; __asm__ ("lea 1(%1), %0" : "=r"(r) : "r"(41)); printf("%d\n", r);
  printf("%d %d %d\n", __builtin_popcount(0xF0F0), __builtin_clz(1), __builtin_ctzll(1ULL << 40));
  return 0;
}
