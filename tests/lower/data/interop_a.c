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
/* compat FINDINGS F2, F3, F5: empty-struct results, unions, _Complex long double results */
struct E {};
struct E empty_ret(char a0, struct E a1, _Complex long double a2, signed char a3, long long a4) {
  struct E e; return e; }
long empty_args(char a0, struct E a1, signed char a3, long long a4) { return a0 * 100 + a3 * 10 + a4; }
union FI { float f; int i; };
union LDL { long double d; long l; };
union FI fi_mk(int v) { union FI u; u.i = v; return u; }
int fi_get(union FI u, union FI w) { return u.i - w.i; }
union LDL ldl_mk(long v) { union LDL u; u.l = v; return u; }
long ldl_get(int n, union LDL u) { return n + u.l; }
_Complex long double cld_mk(long double re, long double im) {
  _Complex long double z; __real__ z = re; __imag__ z = im; return z; }
long double cld_sum(_Complex long double z, int k) { return __real__ z * k + __imag__ z; }
union LDI { long double d; unsigned __int128 i; int k; };
long ldi_get(unsigned long long a0, double a1, union LDI u, long double x, long long a5) {
  return (long)u.i + (long)x + a5; }
typedef signed char v8qi __attribute__((vector_size(8)));
typedef int v2si __attribute__((vector_size(8)));
struct V8 { v8qi v; };
v2si v2si_mk(int a, int b) { v2si r = {a, b}; return r; }
int v8_get(v8qi a, v2si b, struct V8 s, int k) { return a[1] * 100 + b[1] * 10 + s.v[7] + k; }
typedef int v4si __attribute__((vector_size(16)));
typedef float v4sf __attribute__((vector_size(16)));
#include <stdarg.h>
v4si v4si_add(v4si a, v4sf b, double d, v4si c) { return a + c + (v4si){(int)b[3], (int)d, 0, 0}; }
v4sf v4sf_va(int n, ...) { va_list ap; va_start(ap, n); v4sf r = {0, 0, 0, 0};
  for (int i = 0; i < n; i++) r += va_arg(ap, v4sf); va_end(ap); return r; }
