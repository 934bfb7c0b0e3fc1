#include <stdio.h>
/* loops one after another reusing a counter, a parameter assigned in a switch, an inlined
   helper with its own loop: pycc -O2 -g must show these in gdb as gcc -O2 -g does */
static int total(const int *v, int n) {
  int s = 0;
  for (int k = 0; k < n; k++)
    s += v[k];
  return s;
}
__attribute__((noinline)) long shift(long x, int how) {
  switch (how) {
  case 0: x = x >> 1; break;
  case 1: x = x << 2; break;
  case 2: x = x ^ 5; break;
  default: break;
  }
  printf("%ld\n", x);
  return x;
}
int main(void) {
  int v[6] = {1, 2, 3, 4, 5, 6};
  int i;
  long acc = 0;
  for (i = 0; i < 3; i++)
    acc += shift(v[i], i);
  for (i = 0; i < 4; i++)
    acc += shift(acc, i);
  for (i = 1; i < 6; i++) {
    int t = total(v, i);
    printf("%d %d\n", i, t);
    acc += t;
  }
  return acc == 0;
}
