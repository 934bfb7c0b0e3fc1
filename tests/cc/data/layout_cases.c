/* Struct/union layouts checked against gcc by tests/cc/test_layout.py. */
struct plain { char c; int i; short s; long l; char d; };
struct bf1 { int a : 3; int b : 5; int c : 30; char d; };
struct bf2 { char a; int b : 20; int c : 20; };
struct bf3 { unsigned long long a : 29; unsigned long long b : 4; unsigned long long c : 31; };
struct bf4 { char a; long long b : 40; char c; };
struct bf5 { short a : 9; short b : 9; char c : 3; };
struct bfzero { char a; int : 0; char b; };
struct bfzero2 { char a : 3; long : 0; char b : 2; };
struct bfunnamed { char a; int : 5; char b; };
struct bfbool { _Bool a : 1; _Bool b : 1; int c : 7; };
struct bfenum { enum { E0, E1, E2 } e : 2; unsigned u : 3; };
struct bf128 { __int128 a : 70; char b; };
struct __attribute__((packed)) pk1 { char c; int i; short s; };
struct pk2 { char c; int i __attribute__((packed)); short s; };
struct pk3 { char c; int i : 20; int j : 20; } __attribute__((packed));
struct pk4 { char c; struct plain p; } __attribute__((packed));
struct al1 { char c; int i __attribute__((aligned(16))); };
struct al2 { char c; } __attribute__((aligned(32)));
struct al3 { char c; struct al2 a; char d; };
struct al4 { char c; int i : 3 __attribute__((aligned(8))); };
struct __attribute__((packed, aligned(4))) pa1 { char c; int i; short s; };
struct pa2 { char c; int i __attribute__((packed, aligned(2))); };
#pragma pack(push, 2)
struct pp1 { char c; int i; long l; };
struct pp2 { char c; int i : 20; int j : 20; char d; };
#pragma pack(1)
struct pp3 { char c; long l; short s; };
struct pp4 { char a : 3; int b : 30; char c; };
#pragma pack(pop)
#pragma pack(4)
struct pp5 { char c; double d; long double ld; };
struct pp6 { char c; int i __attribute__((aligned(16))); };
#pragma pack()
union u1 { char c; int i; double d; };
union u2 { char c[5]; int i : 3; } ;
union __attribute__((packed)) u3 { char c; int i; };
struct anon { int a; struct { char b; int c; }; union { short d; long e; }; char f; };
struct flex { int n; char c; int data[]; };
struct flex2 { short s; char data[]; };
struct nested { struct bf1 x; char y; struct pk1 z; };
struct ld { char c; long double ld; };
struct cplx { char c; _Complex double z; _Complex float f; };
struct vec { char c; int v __attribute__((vector_size(16))); };
struct arr { char c[3]; short s[3]; int i; };
struct empty {};
struct withempty { char c; struct empty e; int i; };
typedef struct { char a; double b; } tdstruct;
struct bigbf { unsigned a : 1; unsigned long b : 63; unsigned c : 31; unsigned d : 2; };
struct mixed { char a : 4; short b : 12; int c : 17; long d : 33; char e; };
struct __attribute__((packed)) pkzero { int a : 11; int b : 22; char c; int : 0; };
struct __attribute__((packed)) pkzero2 { char a; long : 0; char b; };
struct tailzero { char a; int : 0; };
union uzero { char a; int : 0; };
