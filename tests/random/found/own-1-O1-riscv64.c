/* own-1-O1 (riscv64), fixed by 24cb5e5: wrong: pycc's build: exit -11 (SIGSEGV), gcc's: exit 0; also own-2, own-3,
   own-4 (t_va: varargs with long double); -O0 is right.
   reduced by hand from tests.random.gen seed 1; options: -O1 */
#include <stdarg.h>
#include <stdio.h>
static long double f(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    long double s = va_arg(ap, long double);
    va_end(ap);
    return s;
}
int main(void) { printf("%La\n", f(1, 2.0L)); return 0; }
