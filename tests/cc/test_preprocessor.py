"""Preprocessor unit tests, and comparisons with gcc where it is installed."""
import io
import os
import shutil
import subprocess

import pytest

from tests.cc.pp_compare import tokens_of
from toolchain.cc.preprocessor import PPOptions, Preprocessor
from toolchain.cc.ppoutput import write_preprocessed
from toolchain.diag import Diagnostics
from toolchain.targets import TARGETS, get_target


def pp_text(tmp_path, src, target="x86_64", opts=None, name="t.c"):
    p = tmp_path / name
    p.write_text(src)
    err = io.StringIO()
    diag = Diagnostics("pycc", stream=err)
    diag.utf8_quotes = False
    pp = Preprocessor(get_target(target), opts or PPOptions(), diag)
    pp.push_main(str(p))
    out = io.StringIO()
    write_preprocessed(pp, out)
    return out.getvalue(), err.getvalue()


def toks(tmp_path, src, **kw):
    out, err = pp_text(tmp_path, src, **kw)
    return " ".join(tokens_of(out))


def test_standard_example_6_10_3_5_3(tmp_path):
    src = """#define x 3
#define f(a) f(x * (a))
#undef x
#define x 2
#define g f
#define z z[0]
#define h g(~
#define m(a) a(w)
#define w 0,1
#define t(a) a
#define p() int
#define q(x) x
#define r(x,y) x ## y
#define str(x) # x
f(y+1) + f(f(z)) % t(t(g)(0) + t)(1);
g(x+(3,4)-w) | h 5) & m
(f)^m(m);
p() i[q()] = { q(1), r(2,3), r(4,), r(,5), r(,) };
char c[2][6] = { str(hello), str() };
"""
    got = toks(tmp_path, src)
    want = ("f ( 2 * ( y + 1 ) ) + f ( 2 * ( f ( 2 * ( z [ 0 ] ) ) ) ) % f ( 2 * ( 0 ) ) + t ( 1 ) ; "
            "f ( 2 * ( 2 + ( 3 , 4 ) - 0 , 1 ) ) | f ( 2 * ( ~ 5 ) ) & f ( 2 * ( 0 , 1 ) ) ^ m ( 0 , 1 ) ; "
            "int i [ ] = { 1 , 23 , 4 , 5 , } ; "
            "char c [ 2 ] [ 6 ] = { \"hello\" , \"\" } ;")
    assert got == want


def test_standard_example_stringify(tmp_path):
    src = r"""#define str(s) # s
#define xstr(s) str(s)
#define debug(s, t) printf("x" # s "= %d, x" # t "= %s", \
 x ## s, x ## t)
#define INCFILE(n) vers ## n
#define glue(a, b) a ## b
#define xglue(a, b) glue(a, b)
#define HIGHLOW "hello"
#define LOW LOW ", world"
debug(1, 2);
fputs(str(strncmp("abc\0d", "abc", '\4') // this goes away
 == 0) str(: @\n), s);
xstr(INCFILE(2).h)
glue(HIGH, LOW);
xglue(HIGH, LOW)
"""
    got = toks(tmp_path, src)
    assert got == ('printf ( "x" "1" "= %d, x" "2" "= %s" , x1 , x2 ) ; '
                   'fputs ( "strncmp(\\"abc\\\\0d\\", \\"abc\\", \'\\\\4\') == 0" ": @\\n" , s ) ; '
                   '"vers2.h" "hello" ; "hello" ", world"')


def test_variadic_and_gnu_comma(tmp_path):
    src = """#define e(fmt, ...) f(fmt, ## __VA_ARGS__)
#define o(a, ...) g(a __VA_OPT__(,) __VA_ARGS__)
e(1) e(1, 2, 3) o(x) o(x, y)
"""
    assert toks(tmp_path, src) == "f ( 1 ) f ( 1 , 2 , 3 ) g ( x ) g ( x , y )"


def test_conditionals_and_has_include(tmp_path):
    src = """#if defined(__x86_64__) && __has_include(<stddef.h>) && !__has_include(<nope_zz.h>)
yes
#elif 1
no
#endif
#if __has_attribute(packed) && __has_builtin(__builtin_expect) && !__has_attribute(zzz)
attr
#endif
#if (-1 < 0u) || (0x7fffffffffffffff + 0 > 0)
arith
#endif
"""
    assert toks(tmp_path, src) == "yes attr arith"


def test_counter_line_file(tmp_path):
    src = "__COUNTER__ __COUNTER__ __LINE__\n__FILE__\n"
    out, _ = pp_text(tmp_path, src)
    t = tokens_of(out)
    assert t[:3] == ["0", "1", "1"]
    assert t[3].endswith('t.c"')


def test_include_next_and_pragma_once(tmp_path):
    a = tmp_path / "a"
    b = tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "h.h").write_text("#pragma once\nfrom_a\n#include_next <h.h>\n")
    (b / "h.h").write_text("from_b\n")
    o = PPOptions()
    o.include_dirs = [str(a), str(b)]
    got = toks(tmp_path, "#include <h.h>\n#include <h.h>\n", opts=o)
    assert got == "from_a from_b"


def test_char_signedness_in_if(tmp_path):
    src = "#if '\\xff' < 0\nsigned\n#else\nunsigned\n#endif\n"
    assert toks(tmp_path, src, target="x86_64") == "signed"
    assert toks(tmp_path, src, target="aarch64") == "unsigned"


def test_errors_are_located(tmp_path):
    out, err = pp_text(tmp_path, "#define f(a) a\nf(1, 2)\n#if\n#endif\n")
    assert "t.c:2:7: error: macro \"f\" passed 2 arguments, but takes just 1" in err
    assert "t.c:3:2: error: #if with no expression" in err


@pytest.mark.parametrize("tname", list(TARGETS))
def test_predefined_macros_match_gcc(tmp_path, tname):
    t = get_target(tname)
    gcc = t.gnu_tool("gcc")
    if gcc is None:
        pytest.skip(f"no gcc for {tname}")
    ours = subprocess.run(["python", "-m", "toolchain.cc", f"--target={tname}", "-dM", "-E",
                           "-x", "c", "/dev/null"], capture_output=True, text=True, check=True).stdout
    theirs = subprocess.run([gcc, "-dM", "-E", "-x", "c", "/dev/null"], capture_output=True,
                            text=True, check=True).stdout
    assert sorted(ours.splitlines()) == sorted(theirs.splitlines())


def test_dependencies_like_gcc(tmp_path):
    gcc = shutil.which("gcc")
    if gcc is None:
        pytest.skip("gcc not installed")
    from tests.cc.common import gcc_flags_for
    (tmp_path / "inc.h").write_text("int x;\n")
    src = tmp_path / "d.c"
    src.write_text('#include "inc.h"\n#include <stddef.h>\n')
    for flag in ("-M", "-MM"):
        ours = subprocess.run(["python", "-m", "toolchain.cc", flag, "-MP"] +
                              gcc_flags_for(get_target(None)) + [str(src)],
                              capture_output=True, text=True, cwd=tmp_path).stdout
        theirs = subprocess.run([gcc, flag, "-MP"] + gcc_flags_for(get_target(None)) +
                                [str(src)], capture_output=True, text=True, cwd=tmp_path).stdout
        assert ours.split() == theirs.split(), flag


def test_E_matches_gcc_on_sample():
    from tests.cc.common import corpus_files
    from tests.cc.pp_compare import check
    files = [f for f in corpus_files(True)][::20][:6]
    if not files or shutil.which("gcc") is None:
        pytest.skip("corpus or gcc missing")
    for f in files:
        for t in TARGETS:
            if get_target(t).gnu_tool("gcc") is None:
                continue
            name, err = check((f, t))
            assert err is None, f"{name}: {err}"
