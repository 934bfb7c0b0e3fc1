/* stdatomic.h: pycc's freestanding header (C11 7.17), on gcc's __atomic builtins. */
#ifndef _STDATOMIC_H
#define _STDATOMIC_H
typedef enum {
  memory_order_relaxed = __ATOMIC_RELAXED,
  memory_order_consume = __ATOMIC_CONSUME,
  memory_order_acquire = __ATOMIC_ACQUIRE,
  memory_order_release = __ATOMIC_RELEASE,
  memory_order_acq_rel = __ATOMIC_ACQ_REL,
  memory_order_seq_cst = __ATOMIC_SEQ_CST
} memory_order;
typedef _Atomic _Bool atomic_bool;
typedef _Atomic char atomic_char;
typedef _Atomic signed char atomic_schar;
typedef _Atomic unsigned char atomic_uchar;
typedef _Atomic short atomic_short;
typedef _Atomic unsigned short atomic_ushort;
typedef _Atomic int atomic_int;
typedef _Atomic unsigned int atomic_uint;
typedef _Atomic long atomic_long;
typedef _Atomic unsigned long atomic_ulong;
typedef _Atomic long long atomic_llong;
typedef _Atomic unsigned long long atomic_ullong;
typedef _Atomic __INTPTR_TYPE__ atomic_intptr_t;
typedef _Atomic __UINTPTR_TYPE__ atomic_uintptr_t;
typedef _Atomic __SIZE_TYPE__ atomic_size_t;
typedef _Atomic __PTRDIFF_TYPE__ atomic_ptrdiff_t;
typedef _Atomic __INTMAX_TYPE__ atomic_intmax_t;
typedef _Atomic __UINTMAX_TYPE__ atomic_uintmax_t;
#define ATOMIC_VAR_INIT(VALUE) (VALUE)
#define atomic_init(PTR, VAL) atomic_store_explicit(PTR, VAL, __ATOMIC_RELAXED)
#define kill_dependency(Y) (Y)
#define atomic_thread_fence(MO) __atomic_thread_fence(MO)
#define atomic_signal_fence(MO) __atomic_signal_fence(MO)
#define atomic_is_lock_free(OBJ) __atomic_is_lock_free(sizeof(*(OBJ)), (OBJ))
#define atomic_store_explicit(PTR, VAL, MO) __extension__ ({ __auto_type __p = (PTR); __typeof__(*__p) __v = (VAL); __atomic_store(__p, &__v, (MO)); })
#define atomic_store(PTR, VAL) atomic_store_explicit(PTR, VAL, __ATOMIC_SEQ_CST)
#define atomic_load_explicit(PTR, MO) __extension__ ({ __auto_type __p = (PTR); __typeof__(*__p) __r; __atomic_load(__p, &__r, (MO)); __r; })
#define atomic_load(PTR) atomic_load_explicit(PTR, __ATOMIC_SEQ_CST)
#define atomic_exchange_explicit(PTR, VAL, MO) __extension__ ({ __auto_type __p = (PTR); __typeof__(*__p) __v = (VAL); __typeof__(*__p) __r; __atomic_exchange(__p, &__v, &__r, (MO)); __r; })
#define atomic_exchange(PTR, VAL) atomic_exchange_explicit(PTR, VAL, __ATOMIC_SEQ_CST)
#define atomic_compare_exchange_strong_explicit(PTR, E, D, S, F) __extension__ ({ __auto_type __p = (PTR); __typeof__(*__p) __d = (D); __atomic_compare_exchange(__p, (E), &__d, 0, (S), (F)); })
#define atomic_compare_exchange_strong(PTR, E, D) atomic_compare_exchange_strong_explicit(PTR, E, D, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)
#define atomic_compare_exchange_weak_explicit(PTR, E, D, S, F) __extension__ ({ __auto_type __p = (PTR); __typeof__(*__p) __d = (D); __atomic_compare_exchange(__p, (E), &__d, 1, (S), (F)); })
#define atomic_compare_exchange_weak(PTR, E, D) atomic_compare_exchange_weak_explicit(PTR, E, D, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)
#define atomic_fetch_add(PTR, V) __atomic_fetch_add((PTR), (V), __ATOMIC_SEQ_CST)
#define atomic_fetch_add_explicit(PTR, V, MO) __atomic_fetch_add((PTR), (V), (MO))
#define atomic_fetch_sub(PTR, V) __atomic_fetch_sub((PTR), (V), __ATOMIC_SEQ_CST)
#define atomic_fetch_sub_explicit(PTR, V, MO) __atomic_fetch_sub((PTR), (V), (MO))
#define atomic_fetch_or(PTR, V) __atomic_fetch_or((PTR), (V), __ATOMIC_SEQ_CST)
#define atomic_fetch_or_explicit(PTR, V, MO) __atomic_fetch_or((PTR), (V), (MO))
#define atomic_fetch_xor(PTR, V) __atomic_fetch_xor((PTR), (V), __ATOMIC_SEQ_CST)
#define atomic_fetch_xor_explicit(PTR, V, MO) __atomic_fetch_xor((PTR), (V), (MO))
#define atomic_fetch_and(PTR, V) __atomic_fetch_and((PTR), (V), __ATOMIC_SEQ_CST)
#define atomic_fetch_and_explicit(PTR, V, MO) __atomic_fetch_and((PTR), (V), (MO))
typedef _Atomic struct { _Bool __val; } atomic_flag;
#define ATOMIC_FLAG_INIT { 0 }
#define atomic_flag_test_and_set(P) __atomic_test_and_set((P), __ATOMIC_SEQ_CST)
#define atomic_flag_test_and_set_explicit(P, MO) __atomic_test_and_set((P), (MO))
#define atomic_flag_clear(P) __atomic_clear((P), __ATOMIC_SEQ_CST)
#define atomic_flag_clear_explicit(P, MO) __atomic_clear((P), (MO))
#endif
