/* floating classification, cpu and library builtins (tests/lowering/test_builtins.py) */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <float.h>

static double vals[] = {0.0, -0.0, 1.0, -2.5, 1e-310, -1e-320, 1e308, INFINITY, -INFINITY, NAN};
static float fvals[] = {0.0f, 1.0f, 1e-40f, -1e-45f, 3e38f, INFINITY, NAN};
static long double lvals[] = {0.0L, 1.0L, 1e-4940L, 1e4000L, INFINITY, NAN, -3.0L};
#define CLS(x) __builtin_fpclassify(FP_NAN, FP_INFINITE, FP_NORMAL, FP_SUBNORMAL, FP_ZERO, x)
#define ALL(x) CLS(x), __builtin_isnan(x) != 0, __builtin_isinf(x) != 0, __builtin_isfinite(x) != 0, \
    __builtin_isnormal(x) != 0, __builtin_signbit(x) != 0, __builtin_isinf_sign(x), \
    fpclassify(x), isnan(x) != 0, isinf(x) != 0, isfinite(x) != 0, isnormal(x) != 0, signbit(x) != 0

int main(void)
{
    for (unsigned i = 0; i < sizeof vals / sizeof *vals; i++)
        printf("d%u %d %d %d %d %d %d %d %d %d %d %d %d %d\n", i, ALL(vals[i]));
    for (unsigned i = 0; i < sizeof fvals / sizeof *fvals; i++)
        printf("f%u %d %d %d %d %d %d %d %d %d %d %d %d %d\n", i, ALL(fvals[i]));
    for (unsigned i = 0; i < sizeof lvals / sizeof *lvals; i++)
        printf("l%u %d %d %d %d %d %d %d %d %d %d %d %d %d\n", i, ALL(lvals[i]));
    __builtin_cpu_init();
    printf("cpu %d %d %d %d %d %d %d\n", __builtin_cpu_supports("sse2") != 0, __builtin_cpu_supports("avx2") != 0,
           __builtin_cpu_supports("avx512f") != 0, __builtin_cpu_supports("x86-64-v2") != 0,
           __builtin_cpu_supports("popcnt") != 0, __builtin_cpu_is("intel"), __builtin_cpu_is("amd"));
    char buf[32];
    __builtin_memset(buf, 'a', 5);
    buf[5] = 0;
    __builtin_strcat(buf, "xyz");
    __builtin_printf("lib %s %d %d\n", buf, (int)__builtin_strlen(buf), __builtin_memcmp(buf, "aaaaaxyz", 8));
    printf("powi %g %g\n", __builtin_powi(1.5, 3), (double)__builtin_powif(2.0f, -2));
    _Complex double cz = __builtin_complex(1.0, -2.0);
    _Complex float cw = __builtin_complex(3.0f, 4.5f);
    printf("complex %g %g %g %g\n", __real__ cz, __imag__ cz, __real__ cw, __imag__ cw);
    printf("inf %g %g %d\n", __builtin_inf(), -__builtin_huge_valf(), __builtin_isnan(__builtin_nanf("")));
    return 0;
}
