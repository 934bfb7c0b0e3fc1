/* _mm_malloc / _mm_free for pycc (aligned allocation through posix_memalign). */
#ifndef _MM_MALLOC_H_INCLUDED
#define _MM_MALLOC_H_INCLUDED
#include <stdlib.h>

static __inline__ void *_mm_malloc(size_t __size, size_t __align)
{
  void *__p;
  if (__align == 1)
    return malloc(__size);
  if (__align == 2 || __align == 4)
    __align = sizeof(void *);
  if (posix_memalign(&__p, __align, __size) == 0)
    return __p;
  return (void *)0;
}

static __inline__ void _mm_free(void *__p) { free(__p); }
#endif
