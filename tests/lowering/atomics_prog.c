/* __atomic_* (every form), __sync_*, <stdatomic.h> (tests/lowering/test_builtins.py) */
#include <stdatomic.h>
#include <stdio.h>
#include <pthread.h>

struct pair { int a, b; };
static long counter;
static atomic_int acnt;
static _Atomic long along = 5;
static atomic_flag flag = ATOMIC_FLAG_INIT;

static void *worker(void *arg)
{
    for (int i = 0; i < 20000; i++) {
        __atomic_add_fetch(&counter, 1, __ATOMIC_SEQ_CST);
        atomic_fetch_add(&acnt, 2);
        __sync_fetch_and_sub(&counter, 0);
    }
    return arg;
}

int main(void)
{
    int x = 10;
    unsigned char c = 0xF0;
    short s = 3;
    long l = 100;
    int *ptr = &x, *ptr2 = 0;
    double d = 1.5, d2 = 2.5, dr;
    struct pair pr = {1, 2}, pn = {3, 4}, po;
    printf("load_n %d %d\n", __atomic_load_n(&x, __ATOMIC_ACQUIRE), __atomic_load_n(&c, __ATOMIC_RELAXED));
    __atomic_store_n(&x, 11, __ATOMIC_RELEASE);
    int tmp;
    __atomic_load(&x, &tmp, __ATOMIC_SEQ_CST);
    printf("store_n/load %d\n", tmp);
    tmp = 12;
    __atomic_store(&x, &tmp, __ATOMIC_SEQ_CST);
    printf("exchange_n %d now %d\n", __atomic_exchange_n(&x, 13, __ATOMIC_SEQ_CST), x);
    int nv = 14, ov;
    __atomic_exchange(&x, &nv, &ov, __ATOMIC_SEQ_CST);
    printf("exchange %d now %d\n", ov, x);
    int exp = 99;
    int ok = __atomic_compare_exchange_n(&x, &exp, 15, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    printf("cas_n fail %d exp %d x %d\n", ok, exp, x);
    ok = __atomic_compare_exchange_n(&x, &exp, 15, 1, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
    printf("cas_n ok %d exp %d x %d\n", ok, exp, x);
    int des = 16;
    ok = __atomic_compare_exchange(&x, &exp, &des, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    printf("cas generic %d x %d\n", ok, x);
    printf("add_fetch %d sub_fetch %d and_fetch %d or_fetch %d xor_fetch %d nand_fetch %d\n",
           __atomic_add_fetch(&x, 4, 5), __atomic_sub_fetch(&x, 2, 5), __atomic_and_fetch(&x, 0x1e, 5),
           __atomic_or_fetch(&x, 0x40, 5), __atomic_xor_fetch(&x, 3, 5), __atomic_nand_fetch(&x, 0x7f, 5));
    printf("fetch_add %d fetch_sub %d fetch_and %d fetch_or %d fetch_xor %d fetch_nand %d x %d\n",
           __atomic_fetch_add(&x, 4, 5), __atomic_fetch_sub(&x, 2, 5), __atomic_fetch_and(&x, 0x1e, 5),
           __atomic_fetch_or(&x, 0x40, 5), __atomic_fetch_xor(&x, 3, 5), __atomic_fetch_nand(&x, 0x7f, 5), x);
    printf("uchar %d %d short %d long %ld\n", __atomic_fetch_add(&c, 0x20, 5), c,
           __atomic_nand_fetch(&s, 6, 5), __atomic_sub_fetch(&l, 200, 5));
    printf("ptr %d ", __atomic_compare_exchange_n(&ptr2, &ptr2, ptr, 0, 5, 5) && ptr2 == ptr);
    int *old = __atomic_fetch_add(&ptr, 8, 5);
    printf("%ld\n", (long)((char *)ptr - (char *)old));
    __atomic_load(&d, &dr, 5);
    __atomic_store(&d, &d2, 5);
    __atomic_exchange(&d, &dr, &d2, 5);
    printf("double %g %g %g\n", d, d2, dr);
    __atomic_exchange(&pr, &pn, &po, 5);
    ok = __atomic_compare_exchange(&pr, &po, &pn, 0, 5, 5);
    printf("struct %d %d %d %d %d\n", pr.a, pr.b, po.a, po.b, ok);
    char tas = 0;
    printf("test_and_set %d %d ", __atomic_test_and_set(&tas, 5), __atomic_test_and_set(&tas, 5));
    __atomic_clear(&tas, 5);
    printf("%d\n", tas);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    printf("lock_free %d %d %d %d %d\n", __atomic_always_lock_free(4, 0), __atomic_always_lock_free(8, 0),
           __atomic_is_lock_free(1, 0), __atomic_is_lock_free(sizeof(long), &l), (int)atomic_is_lock_free(&acnt));
    /* __sync */
    l = 5;
    printf("sync %ld %ld %ld %ld %ld %ld ", __sync_fetch_and_add(&l, 1), __sync_add_and_fetch(&l, 1),
           __sync_fetch_and_or(&l, 8), __sync_and_and_fetch(&l, 12), __sync_fetch_and_nand(&l, 5),
           __sync_xor_and_fetch(&l, 1));
    printf("%d %ld %ld ", __sync_bool_compare_and_swap(&l, l, 42), __sync_val_compare_and_swap(&l, 42, 43), l);
    printf("%ld ", __sync_lock_test_and_set(&l, 7));
    __sync_lock_release(&l);
    __sync_synchronize();
    printf("%ld\n", l);
    /* stdatomic */
    atomic_store(&along, 8);
    long e2 = 8;
    printf("stdatomic %ld %ld %d %ld %d\n", atomic_load(&along), atomic_exchange(&along, 9),
           atomic_compare_exchange_strong(&along, &e2, 10), e2, atomic_compare_exchange_weak(&along, &e2, 11));
    printf("flag %d %d ", atomic_flag_test_and_set(&flag), atomic_flag_test_and_set(&flag));
    atomic_flag_clear(&flag);
    printf("%d\n", atomic_flag_test_and_set(&flag));
    pthread_t th[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&th[i], 0, worker, 0);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], 0);
    printf("threads %ld %d\n", counter, atomic_load(&acnt));
    return 0;
}
