#include <stdio.h>
struct Small { int a; float f; };
struct Mixed { double d; long l; };
struct Large { long v[4]; };
struct Small small_mk(int a, float f);
double mixed_sum(struct Mixed m, struct Large l, long double x);
struct Large large_scale(struct Large l, int k);
long vsum(int n, ...);
unsigned char narrow(signed char c, unsigned short u, _Bool b);
int main(void) {
  struct Small s = small_mk(7, 2.5f);
  struct Mixed m = {1.5, 2};
  struct Large l = {{1, 2, 3, 4}};
  struct Large l2 = large_scale(l, 3);
  printf("%d %.1f %.2f %ld %ld %ld %d\n", s.a, s.f, mixed_sum(m, l, 0.25L), l2.v[0], l2.v[3],
         vsum(4, 10L, 2.5, 20L, 3.5), narrow(-1, 300, 1));
  return 0;
}
