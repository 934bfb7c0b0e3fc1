#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <stdarg.h>
struct P { int a; double d; char s[12]; };
static int vsum(int n, ...) { va_list ap; va_start(ap, n); int s = 0; for (int i = 0; i < n; i++) s += va_arg(ap, int); va_end(ap); return s; }
int main(int argc, char **argv) {
  char b[32];
  int n = snprintf(b, sizeof b, "%d-%s-%.2f-%c", argc, "x", 2.5, 'q');
  printf("%s %d %ld\n", b, n, (long)sizeof b);
  fprintf(stdout, "%d %d %d %lld\n", 1, 2, 3, 4LL);
  sprintf(b, "%s%s", "ab", "cd");
  puts(b);
  int fd = open("/dev/null", O_WRONLY | O_CREAT, 0644);
  int fd2 = open("/dev/null", O_RDONLY);
  printf("%d %d\n", fd >= 0, fd2 >= 0);
  close(fd); close(fd2);
  dprintf(1, "dp %d\n", vsum(3, 1, 2, 3));
  if (argc > 5) { char small[4]; sprintf(small, "%s", argv[0]); puts(small); }
  return 0;
}
