/* own-712-O1 (x86_64), fixed: wrong: a struct returned in one SSE eightbyte narrower than 8
   bytes (struct { float }, the last eightbyte of struct { float x[3]; }) was stored into its
   destination with movsd, 8 bytes: at -O1/-O2 the 4-byte slot packed next to another object
   (here `keep`) had its neighbour's first 4 bytes overwritten (memcmp(&keep, &a) != 0 ->
   SELFCHECK 4). The store now writes the aggregate's own bytes (movss), as gcc does.
   reduced by hand from own generator seed 712 (t_sv2); options: -O1 */
#include <stdio.h>
#include <string.h>
struct SV3 { float m0; };
static __attribute__((noinline)) struct SV3 pass_sv4(struct SV3 s, int k)
{
    s.m0 = (float)(s.m0 * 2 + 1);
    if (k > 0) return pass_sv4(s, k - 1);
    return s;
}
int more(void);
int main(void)
{
    struct SV3 a;
    memset(&a, 0, sizeof a);
    a.m0 = (float)5;
    struct SV3 keep;
    memcpy(&keep, &a, sizeof a);
    struct SV3 b = pass_sv4(a, 1);
    if (memcmp(&keep, &a, sizeof a)) { printf("BAD %a %a\n", keep.m0, a.m0); return 1; }
    printf("t_sv2.m0 %a\n", (double)b.m0);
    more();
    return 0;
}
struct F3 { float x[3]; };
static __attribute__((noinline)) struct F3 f3(struct F3 s) { s.x[2] += 1; return s; }
int more(void) {
  struct F3 c = {{1, 2, 3}}; struct F3 kc = c;
  struct F3 d = f3(c);
  printf("%d %g %g\n", memcmp(&c, &kc, sizeof c), (double)d.x[2], (double)d.x[0]);
  return 0;
}
