/* SSE4.2 intrinsics for pycc: declared in <smmintrin.h>. */
#ifndef _NMMINTRIN_H_INCLUDED
#define _NMMINTRIN_H_INCLUDED
#include <smmintrin.h>
#endif
