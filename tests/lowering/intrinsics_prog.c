/* nested functions through trampolines, non-local goto, __builtin_setjmp/longjmp, vectors */
#include <stdio.h>
typedef int v4si __attribute__((vector_size(16)));
typedef double v2df __attribute__((vector_size(16)));
typedef short v4hi __attribute__((vector_size(8)));
static int apply(int (*f)(int), int x) { return f(x); }
static v4si vadd(v4si a, v4si b) { return a + b; }
static v2df vmul(v2df a, v2df b) { return a * b; }
static v4hi vsub(v4hi a, v4hi b) { return a - b; }
static void *buf[5];
static int depth;
static void deep(int n)
{
    if (n == 0)
        __builtin_longjmp(buf, 1);
    depth++;
    deep(n - 1);
}
static int search(int *a, int n, int key)
{
    __label__ found;
    int where = -1;
    void check(int i) { if (a[i] == key) { where = i; goto found; } }
    for (int i = 0; i < n; i++)
        check(i);
    return -1;
found:
    return where;
}
int main(void)
{
    int base = 10;
    int add(int x) { return x + base; }
    printf("tramp %d %d\n", apply(add, 5), apply(add, 7));
    base = 100;
    printf("tramp %d\n", apply(add, 1));
    int a[] = {5, 8, 13, 21, 34};
    printf("nlg %d %d\n", search(a, 5, 21), search(a, 5, 4));
    volatile int count = 0;
    if (__builtin_setjmp(buf) == 0) {
        count++;
        deep(5);
        printf("not reached\n");
    } else {
        count += 10;
    }
    printf("setjmp %d depth %d\n", count, depth);
    v4si x = {1, 2, 3, 4}, y = {10, 20, 30, 40};
    v4si z = vadd(x, y);
    v2df d = vmul((v2df){1.5, 2.5}, (v2df){2.0, 4.0});
    v4hi h = vsub((v4hi){9, 8, 7, 6}, (v4hi){1, 1, 1, 1});
    printf("vec %d %d %d %d %g %g %d %d\n", z[0], z[1], z[2], z[3], d[0], d[1], h[0], h[3]);
    return 0;
}
