/* <immintrin.h> for pycc: every x86 intrinsic header pycc provides (SSE..SSE4.2, AES, PCLMUL,
   AVX, AVX2, FMA, F16C, BMI1/2, LZCNT, POPCNT, ADX, RDRAND/RDSEED). As in clang, the intrinsics
   are declared whatever the -m options: a function may use them under
   __attribute__((target("..."))). */
#ifndef _IMMINTRIN_H_INCLUDED
#define _IMMINTRIN_H_INCLUDED
#include <mmintrin.h>
#include <xmmintrin.h>
#include <emmintrin.h>
#include <pmmintrin.h>
#include <tmmintrin.h>
#include <smmintrin.h>
#include <wmmintrin.h>
#include <avxintrin.h>
#include <avx2intrin.h>
#include <fmaintrin.h>
#include <f16cintrin.h>
#include <bmiintrin.h>
#include <bmi2intrin.h>
#include <lzcntintrin.h>
#include <popcntintrin.h>
#include <adxintrin.h>
#include <avx512fintrin.h>

static __inline__ int _rdrand16_step(unsigned short *__p) { return __builtin_ia32_rdrand16_step(__p); }
static __inline__ int _rdrand32_step(unsigned int *__p) { return __builtin_ia32_rdrand32_step(__p); }
static __inline__ int _rdrand64_step(unsigned long long *__p) { return __builtin_ia32_rdrand64_step(__p); }
static __inline__ int _rdseed16_step(unsigned short *__p) { return __builtin_ia32_rdseed16_step(__p); }
static __inline__ int _rdseed32_step(unsigned int *__p) { return __builtin_ia32_rdseed32_step(__p); }
static __inline__ int _rdseed64_step(unsigned long long *__p) { return __builtin_ia32_rdseed64_step(__p); }
#endif
