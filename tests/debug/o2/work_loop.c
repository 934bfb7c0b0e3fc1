#include <stdio.h>
int work(int n, int *a) {
  int sum = 0, prod = 1;
  for (int i = 0; i < n; i++) {
    sum += a[i];
    prod *= a[i] | 1;
    printf("%d %d\n", sum, prod);
  }
  return sum + prod;
}
int main(void) { int a[4] = {1,2,3,4}; return work(4, a) & 1; }
