/* compiled by one compiler; interop_b.c by the other */
#include <stdarg.h>
struct Small { int a; float f; };
struct Mixed { double d; long l; };
struct Large { long v[4]; };
struct Small small_mk(int a, float f) { struct Small s = {a, f}; return s; }
double mixed_sum(struct Mixed m, struct Large l, long double x) {
  return m.d + m.l + l.v[0] + l.v[3] + (double)x;
}
struct Large large_scale(struct Large l, int k) { for (int i = 0; i < 4; i++) l.v[i] *= k; return l; }
long vsum(int n, ...) { va_list ap; va_start(ap, n); long s = 0;
  for (int i = 0; i < n; i++) { if (i % 2) s += (long)va_arg(ap, double); else s += va_arg(ap, long); }
  va_end(ap); return s; }
unsigned char narrow(signed char c, unsigned short u, _Bool b) { return c + u + b; }
