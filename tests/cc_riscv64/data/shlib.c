/* A -fPIC shared library: preemptible symbols through the GOT/PLT, TLS general dynamic. */
__thread int tcount = 3;
static __thread int tlocal = 7;
int gv = 10;
static int sv = 5;
int helper(int x) { return x * 2; }
int api(int x) { tcount++; tlocal += x; return helper(x) + gv + sv + tcount + tlocal; }
int *gaddr(void) { return &gv; }
int get_tcount(void) { return tcount; }
