/* stddef.h: pycc's freestanding header (C11 7.19), with glibc's __need_* protocol. */
#if !defined(__need_size_t) && !defined(__need_ptrdiff_t) && !defined(__need_wchar_t) \
    && !defined(__need_NULL) && !defined(__need_wint_t) && !defined(__need_max_align_t)
#define __pycc_stddef_all 1
#endif

#if defined(__pycc_stddef_all) || defined(__need_ptrdiff_t)
#ifndef _PTRDIFF_T
#define _PTRDIFF_T
typedef __PTRDIFF_TYPE__ ptrdiff_t;
#endif
#endif

#if defined(__pycc_stddef_all) || defined(__need_size_t)
#ifndef _SIZE_T
#define _SIZE_T
#define __size_t__
#define __SIZE_T
#define _SIZE_T_DEFINED
#define _SIZE_T_DECLARED
#define __DEFINED_size_t
typedef __SIZE_TYPE__ size_t;
#endif
#endif

#if defined(__pycc_stddef_all) || defined(__need_wchar_t)
#ifndef _WCHAR_T
#define _WCHAR_T
#define __WCHAR_T
#define _WCHAR_T_DEFINED
#define _WCHAR_T_DECLARED
#define __wchar_t__
typedef __WCHAR_TYPE__ wchar_t;
#endif
#endif

#if defined(__need_wint_t)
#ifndef _WINT_T
#define _WINT_T
typedef __WINT_TYPE__ wint_t;
#endif
#endif

#if defined(__pycc_stddef_all) || defined(__need_NULL)
#undef NULL
#define NULL ((void *)0)
#endif

#if defined(__pycc_stddef_all) || defined(__need_max_align_t)
#if !defined(_GCC_MAX_ALIGN_T) && (defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L || !defined(__STRICT_ANSI__))
#define _GCC_MAX_ALIGN_T
typedef struct {
  long long __max_align_ll __attribute__((__aligned__(__alignof__(long long))));
  long double __max_align_ld __attribute__((__aligned__(__alignof__(long double))));
} max_align_t;
#endif
#endif

#if defined(__pycc_stddef_all)
#ifndef offsetof
#define offsetof(TYPE, MEMBER) __builtin_offsetof (TYPE, MEMBER)
#endif
#endif

#undef __pycc_stddef_all
#undef __need_ptrdiff_t
#undef __need_size_t
#undef __need_wchar_t
#undef __need_wint_t
#undef __need_NULL
#undef __need_max_align_t
