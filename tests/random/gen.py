"""A random C program generator for what csmith does not produce: floating point (float, double,
long double), __int128, bit-fields, structs passed and returned by value, varargs, VLAs,
computed goto and atomics.

    python -m tests.random.gen SEED [--small]      # prints the program

Every program is free of undefined behaviour by construction (unsigned arithmetic for integer
wrap-around, divisors forced odd/non-zero, shift counts masked, float->int conversions range
checked), prints one line per test function (integers in hex, floating values with %a so that
every bit counts) and checks itself where a result is known another way (varargs sums against
direct sums, a struct passed by value and back, atomics against plain arithmetic): a failed
self-check prints "SELFCHECK n" and exits 1. The output is compared with gcc -O0's.
"""
from __future__ import annotations

import random
import sys

INT_TYPES = ["unsigned char", "unsigned short", "unsigned int", "unsigned long",
             "unsigned long long", "signed char", "short", "int", "long", "long long"]
UNSIGNED = {"unsigned char", "unsigned short", "unsigned int", "unsigned long",
            "unsigned long long", "unsigned __int128"}
FLOAT_TYPES = ["float", "double", "long double"]


class Gen:
    def __init__(self, seed: int, small: bool):
        self.r = random.Random(seed)
        self.small = small
        self.decls: list[str] = []
        self.funcs: list[str] = []
        self.calls: list[str] = []
        self.n = 0

    def name(self, base: str) -> str:
        self.n += 1
        return f"{base}{self.n}"

    # -- constants and expressions --------------------------------------------------------
    def int_const(self, t: str) -> str:
        r = self.r
        v = r.choice([0, 1, 2, 3, 7, 255, 256, 65535, 0x7fffffff, 0x80000000, 0xffffffff,
                      r.getrandbits(8), r.getrandbits(16), r.getrandbits(31), r.getrandbits(63)])
        return f"{v}ULL"

    def uexpr(self, vars_: list[str], depth: int) -> str:
        """An unsigned long long expression over ``vars_`` (no undefined behaviour)."""
        r = self.r
        if depth <= 0 or r.random() < 0.3:
            return r.choice(vars_) if vars_ and r.random() < 0.7 else self.int_const("")
        a = self.uexpr(vars_, depth - 1)
        b = self.uexpr(vars_, depth - 1)
        op = r.choice(["+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>", "cmp", "?:", "cast",
                       "~"])
        if op in ("/", "%"):
            return f"(({a}) {op} (({b}) | 1ULL))"
        if op in ("<<", ">>"):
            return f"(({a}) {op} (({b}) & 63ULL))"
        if op == "cmp":
            return f"(unsigned long long)(({a}) {r.choice(['<', '<=', '==', '!=', '>', '>='])} ({b}))"
        if op == "?:":
            c = self.uexpr(vars_, depth - 1)
            return f"((({c}) & 1ULL) ? ({a}) : ({b}))"
        if op == "cast":
            t = r.choice(INT_TYPES)
            return f"(unsigned long long)({t})({a})"
        if op == "~":
            return f"(~({a}))"
        return f"(({a}) {op} ({b}))"

    def fexpr(self, t: str, vars_: list[str], depth: int) -> str:
        r = self.r
        if depth <= 0 or r.random() < 0.3:
            if vars_ and r.random() < 0.6:
                return r.choice(vars_)
            v = r.choice([0.5, 1.0, 3.0, -2.25, 1e10, 1e-5, 0.1, 123456.789, -7.0,
                          r.uniform(-1000, 1000)])
            suf = {"float": "f", "double": "", "long double": "L"}[t]
            return f"({v!r}{suf})"
        a = self.fexpr(t, vars_, depth - 1)
        b = self.fexpr(t, vars_, depth - 1)
        op = r.choice(["+", "-", "*", "/", "neg", "cmp", "conv", "?:"])
        if op == "/":
            return f"(({a}) / (({b}) == 0 ? ({t})1 : ({b})))"
        if op == "neg":
            return f"(-({a}))"
        if op == "cmp":
            return f"({t})(({a}) {r.choice(['<', '<=', '==', '!=', '>'])} ({b}))"
        if op == "conv":
            other = r.choice(FLOAT_TYPES)
            return f"({t})({other})({a})"
        if op == "?:":
            return f"((({a}) > ({b})) ? ({a}) : ({b}))"
        return f"(({a}) {op} ({b}))"

    def emit(self, name: str, body: str) -> None:
        self.funcs.append(f"static void {name}(void)\n{{\n{body}}}\n")
        self.calls.append(f"    {name}();")

    # -- test kinds -----------------------------------------------------------------------
    def t_int(self):
        n = self.name("t_int")
        vs = [f"v{i}" for i in range(4)]
        body = "".join(f"    volatile unsigned long long {v} = {self.int_const('')};\n"
                       for v in vs)
        for i in range(self.r.randint(2, 5)):
            body += f"    unsigned long long x{i} = {self.uexpr(vs, 4)};\n"
            body += f'    printf("{n}.{i} %llx\\n", x{i});\n'
        self.emit(n, body)

    def t_float(self):
        r = self.r
        t = r.choice(FLOAT_TYPES)
        n = self.name("t_float")
        vs = [f"f{i}" for i in range(3)]
        body = "".join(f"    volatile {t} {v} = {self.fexpr(t, [], 0)};\n" for v in vs)
        fmt, cast = {"float": ("%a", "(double)"), "double": ("%a", ""),
                     "long double": ("%La", "")}[t]
        for i in range(r.randint(2, 4)):
            body += f"    {t} y{i} = {self.fexpr(t, vs, 3)};\n"
            body += f'    printf("{n}.{i} {fmt}\\n", {cast}y{i});\n'
            # float -> integer, range checked
            body += (f"    {{ {t} c = y{i}; long long k = (c > -1e15 && c < 1e15) ? "
                     f"(long long)c : -1; unsigned u = (c >= 0 && c < 4e9) ? (unsigned)c : 7u;"
                     f' printf("{n}.{i}k %llx %x\\n", (unsigned long long)k, u); }}\n')
        body += (f"    {{ unsigned long long w = {self.int_const('')}; long long s = -(long long)"
                 f"(w >> 2); {t} a = ({t})w, b = ({t})s;"
                 f' printf("{n}.c {fmt} {fmt}\\n", {cast}a, {cast}b); }}\n')
        self.emit(n, body)

    def t_int128(self):
        n = self.name("t_i128")
        r = self.r
        body = (f"    volatile unsigned __int128 a = ((unsigned __int128){self.int_const('')} << 64)"
                f" | {self.int_const('')};\n"
                f"    volatile unsigned __int128 b = ((unsigned __int128){self.int_const('')} << "
                f"{r.randint(0, 100)}) | 1;\n"
                f"    volatile __int128 s = -(__int128)(a >> {r.randint(1, 127)});\n")
        exprs = ["a + b", "a - b", "a * b", "a / b", "a % b", "a & b", "a | b", "a ^ b",
                 f"a << {r.randint(0, 127)}", f"a >> {r.randint(0, 127)}",
                 f"(unsigned __int128)(s >> {r.randint(0, 127)})",
                 "(unsigned __int128)(s / (__int128)(b | 1))",
                 "(unsigned __int128)(s % (__int128)(b | 1))", "(unsigned __int128)(a < b)",
                 "(unsigned __int128)(s < 0)", "(unsigned __int128)(double)(a >> 20)",
                 "(unsigned __int128)(long double)(b >> 70)"]
        for i, e in enumerate(r.sample(exprs, min(len(exprs), r.randint(4, 8)))):
            body += (f"    {{ unsigned __int128 z = {e}; printf(\"{n}.{i} %016llx%016llx\\n\","
                     f" (unsigned long long)(z >> 64), (unsigned long long)z); }}\n")
        self.emit(n, body)

    def t_bitfield(self):
        r = self.r
        n = self.name("t_bf")
        sname = self.name("BF")
        fields = []
        for i in range(r.randint(2, 7)):
            t = r.choice(["unsigned", "int", "unsigned long long", "long long", "unsigned char",
                          "_Bool"])
            maxw = {"unsigned": 32, "int": 32, "unsigned long long": 64, "long long": 64,
                    "unsigned char": 8, "_Bool": 1}[t]
            w = r.randint(1, maxw)
            fields.append((f"b{i}", t, w))
            if r.random() < 0.2:
                fields.append((f"pad{i}", "char", None))
        decl = f"struct {sname} {{\n" + "".join(
            f"    {t} {nm}" + (f" : {w}" if w else "") + ";\n" for nm, t, w in fields) + "};\n"
        self.decls.append(decl)
        body = f"    static struct {sname} g;\n    struct {sname} l;\n" \
               f"    memset(&l, 0, sizeof l);\n"
        for nm, t, w in fields:
            v = self.int_const("")
            # arithmetic in unsigned long long: a bit-field narrower than int promotes to int
            body += (f"    g.{nm} = {v}; l.{nm} = (unsigned long long)g.{nm} + "
                     f"{r.randint(0, 9)};\n")
        for nm, t, w in fields:
            if w and t != "_Bool" and r.random() < 0.5:
                ops = [" ^= 3"] + (["--"] if t.startswith("unsigned") else [])
                body += f"    l.{nm}{r.choice(ops)};\n"
        for nm, t, w in fields:
            body += (f'    printf("{n}.{nm} %llx %llx\\n", (unsigned long long)g.{nm}, '
                     f"(unsigned long long)l.{nm});\n")
        body += f'    printf("{n}.size %u\\n", (unsigned)sizeof(struct {sname}));\n'
        self.emit(n, body)

    def t_struct_value(self):
        r = self.r
        n = self.name("t_sv")
        sname = self.name("SV")
        ftypes = r.choices(["char", "short", "int", "long", "float", "double", "long double",
                            "unsigned char", "long long", "__int128"], k=r.randint(1, 6))
        if r.random() < 0.3:
            ftypes.append("int arr[%d]" % r.randint(1, 5))
        fields = []
        for i, t in enumerate(ftypes):
            if t.startswith("int arr"):
                fields.append(("arr", t.replace("arr", f"a{i}"), f"a{i}"))
            else:
                fields.append((t, f"{t} m{i}", f"m{i}"))
        self.decls.append(f"struct {sname} {{ " + " ".join(f[1] + ";" for f in fields) + " };\n")
        fn = self.name("pass_sv")
        ops = []
        for t, _, m in fields:
            if t == "arr":
                ops.append(f"s.{m}[0] += 3;")
            else:
                ops.append(f"s.{m} = ({t})(s.{m} * 2 + 1);")
        self.funcs.append(f"static __attribute__((noinline)) struct {sname} {fn}(struct {sname} s, "
                          f"int k)\n{{\n    " + "\n    ".join(ops) +
                          f"\n    if (k > 0) return {fn}(s, k - 1);\n    return s;\n}}\n")
        body = f"    struct {sname} a;\n    memset(&a, 0, sizeof a);\n"
        for t, _, m in fields:
            if t == "arr":
                body += f"    a.{m}[0] = {r.randint(-50, 50)};\n"
            else:
                body += f"    a.{m} = ({t}){r.randint(-100, 100)};\n"
        body += (f"    struct {sname} keep;\n    memcpy(&keep, &a, sizeof a);\n"
                 f"    struct {sname} b = {fn}(a, {r.randint(0, 3)});\n"
                 f"    if (memcmp(&keep, &a, sizeof a)) selfcheck({self.n});\n")
        for t, _, m in fields:
            if t == "arr":
                body += f'    printf("{n}.{m} %d\\n", b.{m}[0]);\n'
            elif t in ("float", "double"):
                body += f'    printf("{n}.{m} %a\\n", (double)b.{m});\n'
            elif t == "long double":
                body += f'    printf("{n}.{m} %La\\n", b.{m});\n'
            else:
                body += f'    printf("{n}.{m} %llx\\n", (unsigned long long)b.{m});\n'
        self.emit(n, body)

    def t_varargs(self):
        r = self.r
        n = self.name("t_va")
        fn = self.name("va_sum")
        kinds = r.choices(["int", "long", "double", "long double", "unsigned long long"],
                          k=r.randint(1, 12))
        letters = {"int": "i", "long": "l", "double": "d", "long double": "L",
                   "unsigned long long": "u"}
        code = "".join(letters[k] for k in kinds)
        self.funcs.append(
            f"static long double {fn}(const char *fmt, ...)\n{{\n"
            f"    va_list ap; long double s = 0;\n    va_start(ap, fmt);\n"
            f"    for (const char *p = fmt; *p; p++) {{\n"
            f"        switch (*p) {{\n"
            f"        case 'i': s = s * 3 + va_arg(ap, int); break;\n"
            f"        case 'l': s = s * 3 + va_arg(ap, long); break;\n"
            f"        case 'd': s = s * 3 + va_arg(ap, double); break;\n"
            f"        case 'L': s = s * 3 + va_arg(ap, long double); break;\n"
            f"        case 'u': s = s * 3 + (long double)(va_arg(ap, unsigned long long) & 0xffff);"
            f" break;\n        }}\n    }}\n    va_end(ap);\n    return s;\n}}\n")
        args, direct = [], "0.0L"
        for k in kinds:
            if k in ("double", "long double"):
                v = f"{r.randint(-1000, 1000) / 8}" + ("L" if k == "long double" else "")
                dv = f"(long double)({v})"
            elif k == "unsigned long long":
                v = f"{r.getrandbits(64)}ULL"
                dv = f"(long double)({v} & 0xffff)"
            else:
                v = f"({k}){r.randint(-100000, 100000)}"
                dv = f"(long double)({v})"
            args.append(v)
            direct = f"({direct}) * 3 + {dv}"
        body = (f"    long double s = {fn}(\"{code}\", {', '.join(args)});\n"
                f"    long double d = {direct};\n"
                f"    if (s != d) selfcheck({self.n});\n"
                f'    printf("{n} %La\\n", s);\n')
        self.emit(n, body)

    def t_vla(self):
        r = self.r
        n = self.name("t_vla")
        t = r.choice(["int", "double", "unsigned char", "long long", "long double"])
        body = (f"    volatile int n = {r.randint(1, 40)}, m = {r.randint(1, 9)};\n"
                f"    {t} a[n][m];\n"
                f"    for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) "
                f"a[i][j] = ({t})(i * {r.randint(1, 9)} + j * {r.randint(1, 9)});\n"
                f"    long double s = 0;\n"
                f"    for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) s += a[i][j];\n"
                f'    printf("{n} %La %zu %zu\\n", s, sizeof a, sizeof a[0]);\n'
                f"    {{ int k = n; char b[k + 1]; memset(b, 'x', k); b[k] = 0;"
                f' printf("{n}.b %zu %s\\n", strlen(b), b + (k > 3 ? k - 3 : 0)); }}\n')
        self.emit(n, body)

    def t_goto(self):
        r = self.r
        n = self.name("t_goto")
        k = r.randint(2, 6)
        prog = [r.randrange(k) for _ in range(r.randint(3, 20))]
        body = (f"    static const int prog[] = {{ {', '.join(map(str, prog))}, -1 }};\n"
                f"    static void *const tab[] = {{ " +
                ", ".join(f"&&L{i}" for i in range(k)) + " };\n"
                f"    unsigned long long acc = {self.int_const('')};\n    int pc = 0;\n"
                f"    goto *tab[prog[pc]];\n")
        for i in range(k):
            body += (f"L{i}:\n    acc = acc * {r.randint(3, 99)}ULL + {i};\n"
                     f"    if (prog[++pc] < 0) goto done;\n    goto *tab[prog[pc]];\n")
        body += f'done:\n    printf("{n} %llx %d\\n", acc, pc);\n'
        self.emit(n, body)

    def t_atomic(self):
        r = self.r
        n = self.name("t_atomic")
        t = r.choice(["int", "unsigned", "long", "unsigned long long", "short", "char"])
        body = (f"    static _Atomic {t} a;\n    {t} plain = 0, old;\n"
                f"    atomic_store(&a, ({t}){r.randint(0, 100)}); plain = atomic_load(&a);\n")
        for i in range(r.randint(2, 8)):
            v = r.randint(1, 50)
            op, pop = r.choice([("atomic_fetch_add", "+"), ("atomic_fetch_sub", "-"),
                                ("atomic_fetch_or", "|"), ("atomic_fetch_and", "&"),
                                ("atomic_fetch_xor", "^")])
            body += (f"    old = {op}(&a, ({t}){v});\n"
                     f"    if (old != plain) selfcheck({self.n});\n"
                     f"    plain = ({t})(plain {pop} ({t}){v});\n")
        body += (f"    {{ {t} exp = plain; _Bool ok = atomic_compare_exchange_strong(&a, &exp, "
                 f"({t})7); {t} exp2 = 3; _Bool ok2 = atomic_compare_exchange_strong(&a, &exp2, "
                 f"({t})9);\n"
                 f'      printf("{n} %d %d %llx\\n", ok, ok2, (unsigned long long)atomic_load(&a));'
                 f" }}\n"
                 f"    {{ {t} x = 5; {t} y = __atomic_exchange_n(&x, ({t})6, __ATOMIC_SEQ_CST);"
                 f" __atomic_add_fetch(&x, 2, __ATOMIC_RELAXED);"
                 f' printf("{n}.g %llx %llx\\n", (unsigned long long)x, (unsigned long long)y); }}\n'
                 f"    a += 3; a++; a -= 1;\n"
                 f'    printf("{n}.c %llx\\n", (unsigned long long)a);\n')
        self.emit(n, body)

    KINDS = ["t_int", "t_float", "t_int128", "t_bitfield", "t_struct_value", "t_varargs",
             "t_vla", "t_goto", "t_atomic"]

    def program(self) -> str:
        count = 5 if self.small else self.r.randint(8, 16)
        kinds = list(self.KINDS)
        self.r.shuffle(kinds)
        for i in range(count):
            getattr(self, kinds[i % len(kinds)])()
        head = ("#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n"
                "#include <stdarg.h>\n#include <stdatomic.h>\n\n"
                "static void selfcheck(int n) { printf(\"SELFCHECK %d\\n\", n); exit(1); }\n\n")
        return (head + "".join(self.decls) + "\n" + "\n".join(self.funcs) +
                "\nint main(void)\n{\n" + "\n".join(self.calls) + "\n    return 0;\n}\n")


def generate_program(seed: int, small: bool = False) -> str:
    return Gen(seed, small).program()


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    sys.stdout.write(generate_program(int(args[0]) if args else 1, "--small" in sys.argv))
