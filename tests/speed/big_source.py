"""A big generated C source and what compiling it at -O0 costs (issue 19 acceptance 4: a
50 MB source compiles at -O0 in under 2 GB).

    python -m tests.speed.big_source [--mb 5,20] [--no-gcc] [--keep DIR] [--target T]
    python -m tests.speed.big_source --write FILE --mb 5      # only write the source

For each size the source is generated (deterministic: seed 1), compiled with ``pycc -O0 -c``
and ``gcc -O0 -c`` one after the other, and one line per compiler gives CPU seconds
(user+sys) and peak RSS (``/usr/bin/time -f "%U %S %M"``), with pycc's memory per input byte.
A failed compile is an ``ERROR name: reason`` line in tests/speed/big_source.log; the last
line is ``N passed, M failed``.

The source is not one small function repeated: it is made of "units" as a program's files
would be, each with its own struct types, a macro or two, globals (scalars, arrays with
initializers, string tables, structs of pointers to functions and other globals), a static
helper, and functions of varied sizes (one-line accessors, 10-30 line functions with loops,
switches, string literals and calls, an occasional 80-150 line function), calling helpers of
their own unit and functions of earlier units. About 700 bytes per function on average.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
LOG = os.path.join(HERE, "big_source.log")

_PRELUDE = """\
typedef unsigned long size_t;
extern int printf(const char *, ...);
extern int snprintf(char *, size_t, const char *, ...);
extern void *memcpy(void *, const void *, size_t);
extern void *memset(void *, int, size_t);
extern size_t strlen(const char *);
extern int strcmp(const char *, const char *);
extern void *malloc(size_t);
extern void free(void *);
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define CHECK(c, r) do { if (!(c)) return (r); } while (0)
"""

_WORDS = ("alpha", "beta", "gamma", "delta", "count", "index", "value", "node", "table",
          "entry", "buffer", "cursor", "limit", "state", "queue", "frame", "block", "page",
          "record", "field", "token", "scope", "range", "slot", "hash", "key", "name", "size")


class _Unit:
    """One unit's text: its types, globals and functions."""

    def __init__(self, rng: random.Random, n: int, earlier: list):
        self.rng = rng
        self.n = n
        self.p = f"u{n}_"
        self.earlier = earlier          # (name, kind) of earlier units' public functions
        self.out = []
        self.funcs = []                 # (name, kind) defined here, kind in int/ptr/dbl/str

    def word(self):
        return self.rng.choice(_WORDS)

    def text(self) -> str:
        r, p = self.rng, self.p
        o = self.out
        o.append(f"\n/* unit {self.n} */")
        nf = r.randint(2, 6)
        o.append(f"struct {p}rec {{ int id; int flags; long {self.word()}_v; "
                 f"char name[{r.choice((8, 16, 24, 32))}]; struct {p}rec *next; "
                 + "".join(f"int f{i}; " for i in range(nf)) + "};")
        o.append(f"struct {p}ops {{ int (*get)(struct {p}rec *); "
                 f"long (*sum)(const int *, int); const char *label; }};")
        if r.random() < 0.5:
            o.append(f"enum {p}kind {{ " + ", ".join(f"{p.upper()}K{i} = {i * 3}"
                                                    for i in range(r.randint(3, 8))) + " };")
        o.append(f"#define {p.upper()}SCALE {r.randint(2, 99)}")
        self.globals_()
        o.append(f"static int {p}clamp(int v, int lo, int hi) "
                 f"{{ return v < lo ? lo : v > hi ? hi : v; }}")
        self.funcs.append((f"{p}clamp", "clamp"))
        for i in range(r.randint(3, 14)):
            kind = r.random()
            if kind < 0.3:
                self.accessor(i)
            elif kind < 0.55:
                self.loop_fn(i)
            elif kind < 0.75:
                self.switch_fn(i)
            elif kind < 0.9:
                self.string_fn(i)
            elif kind < 0.97:
                self.float_fn(i)
            else:
                self.big_fn(i)
        o.append(f"const struct {p}ops {p}ops = {{ {p}get0, {p}sum0, \"{p}ops\" }};")
        return "\n".join(o) + "\n"

    def globals_(self):
        r, p, o = self.rng, self.p, self.out
        o.append(f"int {p}count;")
        o.append(f"static long {p}total = {r.randint(0, 10**6)};")
        k = r.randint(4, 24)
        o.append(f"static const int {p}table[{k}] = {{ "
                 + ", ".join(str(r.randint(-1000, 1000)) for _ in range(k)) + " };")
        s = r.randint(2, 8)
        o.append(f"const char *const {p}names[] = {{ "
                 + ", ".join(f'"{self.word()}_{self.n}_{i}"' for i in range(s)) + " };")
        o.append(f"struct {p}rec {p}head = {{ {self.n}, {r.randint(0, 15)}, "
                 f"{r.randint(0, 999)}L, \"{self.word()}\", 0 }};")
        o.append(f"static struct {p}rec {p}pool[{r.randint(2, 16)}];")
        if r.random() < 0.3:
            o.append(f"double {p}weights[] = {{ "
                     + ", ".join(f"{r.random():.6f}" for _ in range(r.randint(2, 10)))
                     + " };")
        o.append(f"static int {p}get0(struct {p}rec *q) {{ return q->id + q->flags; }}")
        o.append(f"static long {p}sum0(const int *a, int n) {{ long s = 0; int i; "
                 f"for (i = 0; i < n; i++) s += a[i]; return s; }}")

    def call_other(self):
        """A call expression of an earlier function (int result), or a local one."""
        r = self.rng
        pool = [f for f in self.funcs if f[1] in ("int", "acc")]
        if self.earlier and r.random() < 0.5:
            pool = self.earlier
        if not pool:
            return f"{self.p}clamp(x, 0, {r.randint(1, 100)})"
        name, kind = r.choice(pool)
        if kind == "acc":
            return f"{name}(&{name.split('_')[0]}_head)"
        return f"{name}(x + {r.randint(0, 9)}, {r.randint(1, 50)})"

    def define(self, name, kind, body):
        body.append("}")
        self.out.extend(body)
        self.funcs.append((name, kind))

    def maybe(self, body, p, line):
        """line() appended with probability p."""
        if self.rng.random() < p:
            body.append(line())

    def accessor(self, i):
        r, p = self.rng, self.p
        name = f"{p}acc{i}"
        field = r.choice(("id", "flags", "f0", "f1"))
        self.out.append(f"int {name}(struct {p}rec *q) {{ return q ? q->{field} * "
                        f"{r.randint(1, 9)} + {p}count : -1; }}")
        self.funcs.append((name, "acc"))

    def loop_fn(self, i):
        r, p = self.rng, self.p
        name = f"{p}loop{i}"
        body = [f"int {name}(int x, int n) {{",
                f"    int i, acc = {r.randint(0, 9)};",
                f"    long t = {p}total;"]
        for _ in range(r.randint(1, 4)):
            body.append(f"    for (i = 0; i < n && i < (int)ARRAY_LEN({p}table); i++) {{")
            body.append(f"        acc += {p}table[i] * (x ^ i) >> {r.randint(1, 5)};")
            if r.random() < 0.5:
                body.append(f"        if (acc > {r.randint(100, 10000)}) "
                            f"acc = {p}clamp(acc, -{r.randint(1, 99)}, {r.randint(100, 999)});")
            if r.random() < 0.4:
                body.append(f"        {p}pool[i % ARRAY_LEN({p}pool)].f0 += acc;")
            body.append("    }")
        if r.random() < 0.6:
            body.append(f"    acc += {self.call_other()};")
        body.append(f"    {p}count += acc & {r.randint(1, 255)};")
        body.append(f"    return (int)(t + MAX(acc, x) * {p.upper()}SCALE);")
        self.define(name, "int", body)

    def switch_fn(self, i):
        r, p = self.rng, self.p
        name = f"{p}sw{i}"
        body = [f"int {name}(int x, int y) {{", "    int r = 0;", "    switch (x & 15) {"]
        for c in r.sample(range(16), r.randint(3, 10)):
            op = r.choice(("+", "-", "*", "^", "|"))
            body.append(f"    case {c}: r = y {op} {r.randint(1, 1000)}; "
                        + ("break;" if r.random() < 0.8 else "/* fall through */"))
        body.append(f"    default: r = {p}table[(unsigned)y % ARRAY_LEN({p}table)];")
        body.append("    }")
        self.maybe(body, 0.5, lambda: f"    CHECK(r != {r.randint(0, 50)}, -1);")
        body.append(f"    return r + {self.call_other().replace('x +', 'y +')};")
        self.define(name, "int", body)

    def string_fn(self, i):
        r, p = self.rng, self.p
        name = f"{p}str{i}"
        w = self.word()
        body = [f"int {name}(char *buf, size_t len, const struct {p}rec *q) {{",
                f"    int n = snprintf(buf, len, \"{w} %d of %s: %ld\\n\", q->id, "
                f"{p}names[q->id % ARRAY_LEN({p}names)], (long)q->flags * {r.randint(2, 9)});",
                f"    if (strcmp(q->name, \"{self.word()}_{r.randint(0, 999)}\") == 0)",
                f"        printf(\"match in {name}: %s\\n\", q->name);"]
        self.maybe(body, 0.5, lambda: f"    memset(buf + n, '{r.choice('abcxyz')}', "
                   f"MIN(len - n, {r.randint(1, 9)}));")
        body.append(f"    return n + (int)strlen(\"{w}{r.randint(0, 99999)}\");")
        self.define(name, "str", body)

    def float_fn(self, i):
        r, p = self.rng, self.p
        name = f"{p}flt{i}"
        self.define(name, "dbl", [
            f"double {name}(double x, int n) {{",
            f"    double s = {r.random() * 10:.4f};",
            "    int i;",
            f"    for (i = 0; i < n; i++) s = s * x + {r.random():.5f} / (i + 1.0);",
            f"    return s > {r.randint(1, 100)}.0 ? s : -s * {p.upper()}SCALE;"])

    def big_fn(self, i):
        """An 80-150 line function: a list walk, nested conditions, locals in blocks."""
        r, p = self.rng, self.p
        name = f"{p}big{i}"
        body = [f"long {name}(struct {p}rec *list, int x) {{",
                "    long acc = 0;", "    int depth = 0;",
                f"    struct {p}rec *q;"]
        target = r.randint(80, 150)
        k = 0
        while len(body) < target:
            k += 1
            body.append(f"    for (q = list; q; q = q->next) {{")
            body.append(f"        int v{k} = q->id * {r.randint(1, 50)} + q->f0;")
            body.append(f"        if (v{k} > {r.randint(0, 500)}) {{")
            body.append(f"            acc += v{k} << {r.randint(0, 4)};")
            body.append(f"            depth++;")
            body.append("        } else if (q->flags & " + str(1 << r.randint(0, 7)) + ") {")
            body.append(f"            acc -= {p}clamp(v{k}, {r.randint(-50, 0)}, "
                        f"{r.randint(1, 500)});")
            body.append("        } else {")
            body.append(f"            acc ^= (long)q->{r.choice(('id', 'flags', 'f0', 'f1'))} "
                        f"* {p}table[{k} % ARRAY_LEN({p}table)];")
            body.append("        }")
            body.append("    }")
            if r.random() < 0.3:
                body.append(f"    acc += {self.call_other()};")
        body.append(f"    return acc + depth + {p}count;")
        self.define(name, "big", body)


def generate(size: int, seed: int = 1) -> str:
    """A C source of about ``size`` bytes (see the module's docstring)."""
    rng = random.Random(seed)
    parts = [_PRELUDE]
    total = len(_PRELUDE)
    earlier: list = []
    n = 0
    while total < size:
        u = _Unit(rng, n, earlier[-200:])
        t = u.text()
        parts.append(t)
        total += len(t)
        earlier.extend(f for f in u.funcs if f[1] in ("int", "acc"))
        n += 1
    return "".join(parts)


def _measure(cmd, cwd):
    from tests.bench.run import timed
    rc, _out, err, cpu, rss = timed(cmd, cwd=cwd, timeout=24 * 3600)
    return rc, err, cpu, rss


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", default="5,20", help="sizes in MB (10^6 bytes), comma-separated")
    ap.add_argument("--no-gcc", action="store_true", help="pycc only")
    ap.add_argument("--keep", help="write the sources (and objects) in this directory")
    ap.add_argument("--write", help="only write the source of the (first) size to this file")
    ap.add_argument("--target", default=None, help="pycc --target= (gcc only on x86-64)")
    ap.add_argument("--fast", action="store_true", help="1 MB only")
    ap.add_argument("-j", type=int, default=1, help="accepted; compiles run one at a time")
    a = ap.parse_args(argv)
    sizes = [1.0] if a.fast else [float(x) for x in a.mb.split(",") if x]
    if a.write:
        with open(a.write, "w") as f:
            f.write(generate(int(sizes[0] * 1e6)))
        return 0
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    passed, errors = 0, []
    with tempfile.TemporaryDirectory(prefix="big-source") as tmp:
        d = a.keep or tmp
        os.makedirs(d, exist_ok=True)
        for mb in sizes:
            src = os.path.join(d, f"big{mb:g}mb.c")
            text = generate(int(mb * 1e6))
            with open(src, "w") as f:
                f.write(text)
            nbytes = len(text.encode())
            nfun = text.count("\n}") + text.count("; }\n")
            print(f"{mb:g} MB: {nbytes} bytes, {text.count(chr(10))} lines, about {nfun} "
                  f"functions", flush=True)
            pycc = [sys.executable, "-m", "toolchain.cc"] + (
                [f"--target={a.target}"] if a.target else [])
            runs = [("pycc", pycc)]
            if not a.no_gcc and not a.target:
                runs.append(("gcc", ["gcc"]))
            for who, cc in runs:
                obj = os.path.join(d, f"big{mb:g}mb.{who}.o")
                rc, err, cpu, rss = _measure(cc + ["-O0", "-c", src, "-o", obj], d)
                name = f"{mb:g}MB ({who})"
                if rc != 0:
                    tail = err.strip().splitlines()[-1:] if err.strip() else []
                    errors.append(f"ERROR {name}: exit {rc}: {tail}")
                    print(errors[-1], flush=True)
                    continue
                passed += 1
                print(f"  {who:<5} {cpu:8.2f} s CPU {rss:8.0f} MiB peak  "
                      f"{rss * 1048576 / nbytes:5.1f} bytes per input byte", flush=True)
                if not a.keep:
                    os.unlink(obj)
    with open(LOG, "w") as f:
        for e in errors:
            f.write(e + "\n")
        f.write(f"{passed} passed, {len(errors)} failed\n")
    print(f"{passed} passed, {len(errors)} failed")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
