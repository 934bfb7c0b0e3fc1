/* csmith-876-O0 (x86_64), fixed: wrong: the value of a comma expression, assignment,
   compound assignment or ++/-- whose operand is an unsigned bit-field narrower than int was
   typed unsigned int instead of promoting to int (as gcc does), so `~(x, s.f0) <= u` was false;
   and `s.f0 /= -1` divided unsigned (gcc -O0: 1 1 1 1 1 1 1 1 252, pycc: 0 0 0 0 0 0 0 0 0;
   every level and target; csmith: checksum 39DB04A0 for 2D4A66AA).
   reduced by hand from csmith seed 876 (func_1: `if (~((... , g_860.f0) | l_1654) <= l_1660)`);
   options: -O0 */
#include <stdio.h>
struct S2 { const volatile unsigned f0 : 8; signed f1 : 20; };
struct T { unsigned a : 8; unsigned long b : 12; };
static struct S2 g_860 = {4, -224};
static struct T t = {4, 7};
int main(void) {
  unsigned short l_1654 = 8, l_1660 = 65529;
  int x = 0;
  printf("%d", (~((x, g_860.f0) | l_1654)) <= l_1660);
  printf(" %d", ~(x, t.a) < 0);
  printf(" %d", ~(t.a = 3) < 0);
  printf(" %d", ~(t.a += 1) < 0);
  printf(" %d", ~(t.a++) < 0);
  printf(" %d", ~(++t.a) < 0);
  printf(" %d", ~(t.a--) < 0);
  printf(" %d", ~(t.b = 1) < 0);
  t.a = 4;
  printf(" %d\n", t.a /= -1);
  return 0;
}
