"""Parser and semantic analysis: corpus samples, typed-tree properties, fuzzing."""
import io
import os

import pytest

from toolchain.cc import ast as A
from toolchain.cc import types as T
from toolchain.cc.frontend import FrontendOptions, parse_file
from toolchain.diag import Diagnostics
from toolchain.targets import TARGETS, get_target


def analyse(tmp_path, src, target="x86_64"):
    p = tmp_path / "t.c"
    p.write_text(src)
    err = io.StringIO()
    diag = Diagnostics("pycc", stream=err)
    diag.utf8_quotes = False
    tu = parse_file(str(p), get_target(target), FrontendOptions(), diag)
    return tu, err.getvalue()


def test_typedef_names_across_scopes(tmp_path):
    src = """typedef int T;
struct S { T T; };
int f(int T) { return T * 2; }
int g(void) { T x = 1; { int T = 2; x += T; } T y = x; return y; }
int h(void) { int (*T)(void) = 0; return T == 0; }
"""
    tu, err = analyse(tmp_path, src)
    assert tu is not None, err


def test_gnu_extensions_parse(tmp_path):
    src = r"""
struct __attribute__((packed)) P { char c; int i; } p;
static int arr[10] = { [1 ... 3] = 7, [5] = 1 };
int sw(int x) { switch (x) { case 1 ... 5: return 1; default: return 0; } }
int se(void) { return ({ int a = 3; a * 2; }); }
void *lp(void) { lab: return &&lab; }
__typeof__(arr[0]) t1;
int cg(int i) { static void *tbl[] = { &&a, &&b }; goto *tbl[i]; a: return 1; b: return 2; }
int ga = _Generic(1.0f, float: 1, default: 2);
_Static_assert(__builtin_offsetof(struct P, i) == 1, "off");
_Static_assert(__builtin_types_compatible_p(int, signed), "tc");
int asmf(int x) { int r; __asm__ volatile ("mov %1, %0" : "=r"(r) : "r"(x) : "memory"); return r; }
int kr(a, b) int a; char *b; { return a + *b; }
__int128 big; _Complex double cz; _Alignas(16) char al;
struct F { int n; int d[]; };
int x __asm__("y");
"""
    tu, err = analyse(tmp_path, src)
    assert tu is not None, err


def test_typed_tree(tmp_path):
    src = """struct S { char c; int i : 3; long l; };
int arr[] = { 1, 2, 3 };
char s[] = "abc";
struct S v = { 'a', 1, 2 };
long f(short a, unsigned b) { return a + b; }
"""
    tu, err = analyse(tmp_path, src)
    assert tu is not None, err
    scope = tu.scope
    assert scope.names["arr"].type.length == 3
    assert scope.names["s"].type.length == 4
    rec = scope.tags["S"]
    assert (rec.size, rec.align) == (16, 8)
    decl = [d for d in tu.decls if isinstance(d, A.Declaration)][3]
    flat = decl.declarators[0].flat
    assert [(o, t.size) for o, f, t, e in flat] == [(0, 1), (1, 4), (8, 8)]
    assert flat[1][1].bit_offset == 8 and flat[1][1].bit_width == 3
    fn = [d for d in tu.decls if isinstance(d, A.FunctionDef)][0]
    ret = fn.body.items[0].value
    # return (long)((unsigned)a + b): the usual arithmetic conversions are explicit
    assert isinstance(ret, A.ImplicitCast) and ret.type.name == "long"
    add = ret.operand
    assert add.type.name == "unsigned int"
    assert isinstance(add.left, A.ImplicitCast) and add.left.type.name == "unsigned int"


def test_char_and_long_double_per_target(tmp_path):
    src = "char c; long double d;\n"
    for t, signed, fmt in (("x86_64", True, "x87"), ("aarch64", False, "binary128"),
                           ("riscv64", False, "binary128")):
        tu, err = analyse(tmp_path, src, t)
        assert tu.scope.names["c"].type.signed is signed
        assert tu.scope.names["d"].type.fmt == fmt


def test_syntax_only_corpus_sample():
    from tests.cc.common import corpus_files
    from tests.cc.syntax_check import check
    files = [f for f in corpus_files(True) if "gcc.c-torture" in f][::8]
    if not files:
        pytest.skip("torture tests missing")
    for t in TARGETS:
        for f in files:
            name, err = check((f, t, True, False))
            assert err is None, f"{name}: {err}"


def test_mutations_never_traceback():
    from tests.cc.common import torture_dir
    from tests.cc.fuzz import run_one
    import glob
    import random
    d = torture_dir("execute")
    if d is None:
        pytest.skip("torture tests missing")
    files = sorted(glob.glob(os.path.join(d, "*.c")))
    rng = random.Random(7)
    for k in range(120):
        r = run_one((k, rng.choice(files), rng.randrange(1 << 30), "x86_64"))
        assert r is None, r


def test_bitfield_valued_expressions_promote(tmp_path):
    """A comma, assignment, compound assignment or ++/-- whose value is a bit-field narrower
    than int promotes to int like the bit-field itself (gcc; csmith seed 876); one of int's
    width keeps unsigned int, a wider one its own type."""
    src = """struct S { unsigned a : 8; unsigned long b : 12; unsigned c : 32;
            unsigned long long d : 40; unsigned e; } s;
int x;
void f(void) {
  ~s.a; ~(x, s.a); ~(s.a = 1); ~(s.a += 1); ~s.a++; ~--s.a; ~(x, (s.b = 2)); ~(s.a + 0u);
  ~(x, s.c); ~(s.c = 1); ~(x, s.d); ~(x, s.e);
}
"""
    tu, err = analyse(tmp_path, src)
    assert tu is not None, err
    fn = [d for d in tu.decls if isinstance(d, A.FunctionDef)][0]
    types = [st.expr.operand.type.name for st in fn.body.items]
    assert types == ["int"] * 7 + ["unsigned int"] * 3 + ["unsigned long long", "unsigned int"]
