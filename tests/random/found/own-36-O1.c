/* own-36-O1 (x86_64), fixed: wrong: a float constant converted to double keeps double precision at -O1
   (gcc -O0: 0x1.99999ap-4, pycc -O1: 0x1.999999999999ap-4); also own-31, own-41 (t_float).
   reduced by hand from tests.random.gen seed 36; options: -O1 */
#include <stdio.h>
int main(void) { float y = 0.1f; printf("%a\n", (double)y); return 0; }
