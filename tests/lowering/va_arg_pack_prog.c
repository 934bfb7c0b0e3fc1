#include <stdarg.h>
#include <stdio.h>
struct A { char c[16]; };
struct S { long a, b, c; };
__attribute__((noinline)) int sink(const char *tag, int n, ...)
{
  va_list ap; va_start(ap, n);
  int s = 0;
  printf("%s %d:", tag, n);
  for (int i = 0; i < n; i++) {
    int k = va_arg(ap, int);
    switch (k) {
    case 0: printf(" i%d", va_arg(ap, int)); break;
    case 1: printf(" d%.1f", va_arg(ap, double)); break;
    case 2: printf(" L%.1Lf", va_arg(ap, long double)); break;
    case 3: { struct A a = va_arg(ap, struct A); printf(" A%s", a.c); break; }
    case 4: { struct S t = va_arg(ap, struct S); printf(" S%ld", t.a + t.b + t.c); break; }
    case 5: printf(" p%s", va_arg(ap, char *)); break;
    case 6: printf(" ll%lld", va_arg(ap, long long)); break;
    }
    s++;
  }
  va_end(ap);
  printf("\n");
  return s;
}
/* gcc's fortify wrappers: extern always_inline gnu_inline, the pack passed on */
extern inline __attribute__((always_inline, gnu_inline)) int
wrap(int n, ...)
{
  if (__builtin_va_arg_pack_len() != 2 * n)
    return -100 - __builtin_va_arg_pack_len();
  return sink("wrap", n, __builtin_va_arg_pack());
}
/* a static one handing its pack to another pack function */
static inline __attribute__((always_inline)) int
outer(int n, ...)
{
  return wrap(n, __builtin_va_arg_pack()) * 10 + __builtin_va_arg_pack_len();
}
/* an asm label naming the wrapper's own symbol (glibc's __open_alias is "open") */
extern int sink_alias(const char *, int, ...) __asm__("sink");
static inline __attribute__((always_inline)) int
sink2(const char *tag, int n, ...)
{
  return sink_alias(tag, n, __builtin_va_arg_pack());
}
int main(int argc, char **argv)
{
  struct A a = { "foo" };
  struct S s = { 1, 2, 3 };
  long double ld = 2.5L;
  float f = 1.5f;
  char c = 'x';
  printf("%d\n", wrap(2, 0, argc, 1, f));
  printf("%d\n", wrap(3, 2, ld, 3, a, 4, s));
  printf("%d\n", wrap(1, 0));
  printf("%d\n", outer(2, 5, "str", 6, 1LL << 40));
  printf("%d\n", outer(0));
  printf("%d\n", sink2("alias", 2, 0, c, 3, a));
  return 0;
}
