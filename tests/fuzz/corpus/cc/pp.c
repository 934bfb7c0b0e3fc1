#define STR(x) #x
#define CAT(a, b) a##b
#define VA(fmt, ...) f(fmt, ##__VA_ARGS__)
#if defined(__GNUC__) && __STDC_VERSION__ >= 201112L && !defined(NOPE)
# define OK 1
#elif 0
# error no
#else
# define OK 0
#endif
#include <stddef.h>
_Pragma("GCC diagnostic push")
int f(const char *, ...);
int CAT(x, 1) = OK + sizeof(STR(a b));
int g(void) { return VA("%d", 1) + VA("x") + __LINE__ + __COUNTER__; }
#undef OK
#line 100 "other.c"
