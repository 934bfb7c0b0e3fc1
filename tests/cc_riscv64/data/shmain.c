#include <stdio.h>
int api(int); int *gaddr(void); int get_tcount(void); extern int gv;
int main(void) {
    int r = api(1);
    *gaddr() += 1;
    printf("%d %d %d\n", r, gv, get_tcount());
    return !(r == 2 + 10 + 5 + 4 + 8 && gv == 11 && get_tcount() == 4);
}
