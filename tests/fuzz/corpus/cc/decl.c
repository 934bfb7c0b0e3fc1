typedef struct node { struct node *next; unsigned bf : 3; int : 0; signed s : 5; } node;
union u { int i; float f; char c[4]; };
enum e { A, B = 5, C };
static int (*fp[3])(int, char *);
struct s { int a; double d[2]; } sv = { .d[1] = 2.0, .a = 1 };
int arr[] = { [3] = 1, [1 ... 2] = 7 };
_Static_assert(sizeof(int) == 4, "int");
extern __attribute__((weak, alias("g2"))) void g1(void);
void g2(void) { }
_Thread_local long tl;
const volatile int *restrict p;
long double ld = 1.5L; __int128 big; _Complex double z;
