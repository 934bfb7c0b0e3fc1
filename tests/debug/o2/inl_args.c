#include <stdio.h>
/* small functions inlined into loops, their parameters shown at the calls inside them */
static void show(int n, int m) {
  printf("%d %d\n", n, m);
}
static int twice(int x) {
  int y = x * 2;
  show(y, x);
  return y;
}
int main(void) {
  int sum = 0;
  for (int i = 0; i < 5; i++) {
    show(i * 2, i);
    sum += twice(i + 1);
  }
  for (int j = 3; j > 0; j--)
    sum -= twice(j);
  return sum == 0;
}
