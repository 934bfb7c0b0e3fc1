/* <x86intrin.h> for pycc: <immintrin.h> and the ia32 helpers (rdtsc, bit scans, rotates). */
#ifndef _X86INTRIN_H_INCLUDED
#define _X86INTRIN_H_INCLUDED
#include <immintrin.h>
#include <ia32intrin.h>
#endif
