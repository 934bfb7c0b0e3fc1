#include <stdio.h>
struct Small { int a; float f; };
struct Mixed { double d; long l; };
struct Large { long v[4]; };
struct Small small_mk(int a, float f);
double mixed_sum(struct Mixed m, struct Large l, long double x);
struct Large large_scale(struct Large l, int k);
long vsum(int n, ...);
unsigned char narrow(signed char c, unsigned short u, _Bool b);
struct E {};
struct E empty_ret(char a0, struct E a1, _Complex long double a2, signed char a3, long long a4);
long empty_args(char a0, struct E a1, signed char a3, long long a4);
union FI { float f; int i; };
union LDL { long double d; long l; };
union FI fi_mk(int v);
int fi_get(union FI u, union FI w);
union LDL ldl_mk(long v);
long ldl_get(int n, union LDL u);
_Complex long double cld_mk(long double re, long double im);
long double cld_sum(_Complex long double z, int k);
union LDI { long double d; unsigned __int128 i; int k; };
long ldi_get(unsigned long long a0, double a1, union LDI u, long double x, long long a5);
typedef signed char v8qi __attribute__((vector_size(8)));
typedef int v2si __attribute__((vector_size(8)));
struct V8 { v8qi v; };
v2si v2si_mk(int a, int b);
int v8_get(v8qi a, v2si b, struct V8 s, int k);
typedef int v4si __attribute__((vector_size(16)));
typedef float v4sf __attribute__((vector_size(16)));
v4si v4si_add(v4si a, v4sf b, double d, v4si c);
v4sf v4sf_va(int n, ...);
int main(void) {
  struct Small s = small_mk(7, 2.5f);
  struct Mixed m = {1.5, 2};
  struct Large l = {{1, 2, 3, 4}};
  struct Large l2 = large_scale(l, 3);
  printf("%d %.1f %.2f %ld %ld %ld %d\n", s.a, s.f, mixed_sum(m, l, 0.25L), l2.v[0], l2.v[3],
         vsum(4, 10L, 2.5, 20L, 3.5), narrow(-1, 300, 1));
  struct E e = empty_ret(1, (struct E){}, 2.0L, 3, 4);
  union FI u = fi_mk(1234567), w = fi_mk(7);
  _Complex long double z = cld_mk(1.5L, -2.25L);
  printf("%ld %d %d %ld %.2Lf %.2Lf %.2Lf\n", empty_args(1, e, 3, 4), u.i, fi_get(u, w),
         ldl_get(3, ldl_mk(40)), __real__ z, __imag__ z, cld_sum(z, 2));
  union LDI q; q.i = 1000;
  printf("%ld\n", ldi_get(1, 2.0, q, 20.0L, 300));
  v2si b2 = v2si_mk(4, 5);
  v8qi a8 = {1, 2, 3, 4, 5, 6, 7, 8};
  struct V8 s8 = {{9, 9, 9, 9, 9, 9, 9, 3}};
  printf("%d %d %d\n", b2[0], b2[1], v8_get(a8, b2, s8, 1000));
  v4si r4 = v4si_add((v4si){1, 2, 3, 4}, (v4sf){5, 6, 7, 8}, 9.0, (v4si){10, 20, 30, 40});
  v4sf f4 = v4sf_va(9, (v4sf){1, 2, 3, 4}, (v4sf){1, 2, 3, 4}, (v4sf){1, 2, 3, 4},
                    (v4sf){1, 2, 3, 4}, (v4sf){1, 2, 3, 4}, (v4sf){1, 2, 3, 4},
                    (v4sf){1, 2, 3, 4}, (v4sf){1, 2, 3, 4}, (v4sf){0.5f, 0, 0, 0.25f});
  printf("%d %d %d %d %.2f %.2f %.2f %.2f\n", r4[0], r4[1], r4[2], r4[3], f4[0], f4[1], f4[2], f4[3]);
  return 0;
}
