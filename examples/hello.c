#include <stdio.h>
#include <string.h>

static unsigned long fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(int argc, char **argv) {
    const char *who = argc > 1 ? argv[1] : "world";
    printf("hello, %s: fib(20) = %lu, strlen = %zu\n", who, fib(20), strlen(who));
    return 0;
}
