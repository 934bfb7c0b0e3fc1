/* zlib workload for tests/bench/run.py: deflate and inflate 3 MB of generated text-like data
   at levels 1, 6 and 9, checking the round trip; prints sizes and checksums. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zlib.h"

#define N (3u << 20)

static unsigned long long rng = 88172645463325252ull;
static unsigned next(void) {
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return (unsigned)(rng >> 11);
}

int main(void) {
    static const char *words[] = { "the ", "quick ", "brown ", "fox ", "jumps ", "over ",
        "lazy ", "dog ", "zlib ", "deflate ", "inflate ", "huffman ", "window ", "match ",
        "literal ", "length ", "distance ", "\n", "0123 ", "checksum " };
    unsigned char *in = malloc(N), *out, *back = malloc(N);
    size_t i = 0;
    while (i < N) {
        const char *w = words[next() % 20];
        size_t l = strlen(w);
        if (next() % 7 == 0) { in[i++] = (unsigned char)(next() & 0xff); continue; }
        if (i + l > N) l = N - i;
        memcpy(in + i, w, l);
        i += l;
    }
    uLong bound = compressBound(N);
    out = malloc(bound);
    int levels[] = { 1, 6, 9 };
    for (int k = 0; k < 3; k++) {
        uLongf clen = bound, blen = N;
        if (compress2(out, &clen, in, N, levels[k]) != Z_OK) { puts("compress failed"); return 1; }
        if (uncompress(back, &blen, out, clen) != Z_OK || blen != N || memcmp(in, back, N)) {
            puts("round trip failed"); return 1;
        }
        printf("level %d: %lu -> %lu bytes, adler32 %08lx crc32 %08lx\n", levels[k],
               (unsigned long)N, (unsigned long)clen, adler32(1, out, clen), crc32(0, in, N));
    }
    return 0;
}
