int h(int n, int *a) {
    int s = 0;
    for (int i = 0; i < n; i++) { if (a[i] < 0) continue; s += a[i]; }
    switch (n) { case 0: return 0; case 1 ... 3: s++; break; default: ; }
    while (s > 100) s /= 2;
    do { s--; } while (s & 1);
    static void *t[] = { &&l1, &&l2 }; goto *t[s & 1];
l1: s = ({ int q = s; q * 2; });
l2: __asm__ volatile ("" : "+r"(s));
    return _Generic(s, int: s, default: 0) ?: n;
}
struct pt { int x, y; };
struct pt mk(int x) { return (struct pt){ x, x + 1 }; }
int vla(int n) { int v[n]; v[0] = n; return sizeof v + v[0]; }
