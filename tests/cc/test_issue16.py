"""Issue 16, front end: real-world C that pycc used to reject or mis-handle."""
import io
import os
import shutil
import subprocess
import sys

import pytest

from toolchain.cc.frontend import FrontendOptions, parse_file
from toolchain.cc.preprocessor import PPOptions
from toolchain.diag import Diagnostics, FatalStop
from toolchain.targets import get_target


def check(tmp_path, src, defines=(), warnings=(), pedantic=False, target="x86_64"):
    p = tmp_path / "t.c"
    p.write_text(src)
    err = io.StringIO()
    diag = Diagnostics("pycc", stream=err)
    diag.utf8_quotes = False
    pp = PPOptions()
    pp.defines = list(defines)
    try:
        tu = parse_file(str(p), get_target(target),
                        FrontendOptions(pp=pp, warnings=warnings, pedantic=pedantic), diag)
    except FatalStop:
        tu = None
    return tu, err.getvalue()


def run_c(tmp_path, src, *flags):
    """Compile ``src`` with pycc and run it; returns its stdout."""
    if sys.platform != "linux" or os.uname().machine != "x86_64":
        pytest.skip("needs an x86-64 host")
    c = tmp_path / "r.c"
    c.write_text(src)
    exe = tmp_path / "r"
    r = subprocess.run([sys.executable, "-m", "toolchain.cc", str(c), "-o", str(exe), *flags],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return subprocess.run([str(exe)], capture_output=True, text=True, check=True).stdout


def test_local_named_like_its_typedef(tmp_path):
    tu, err = check(tmp_path, """typedef struct node { int v; } node;
void *malloc(unsigned long);
int f(void) { node *node = malloc(sizeof *node); node->v = 1; return node->v; }
""")
    assert tu is not None, err


def test_braced_string_initializer(tmp_path):
    tu, err = check(tmp_path, 'static char s[] = { "str" };\nchar t[2][4] = { {"ab"}, "cd" };\n'
                    '_Static_assert(sizeof s == 4, "");\n')
    assert tu is not None and err == "", err


def test_nan_inf_static_initializers(tmp_path):
    out = run_c(tmp_path, r"""#include <math.h>
#include <stdio.h>
static double a[] = { NAN, INFINITY, 1.0/0.0, -1.0/0.0, -(0.0/0.0), HUGE_VAL, 1.5 };
static float b = -NAN, c = 1e40;
int main(void) { for (int i = 0; i < 7; i++) printf("%g ", a[i]); printf("%g %g\n", b, c);
  return 0; }
""")
    assert out == "nan inf inf -inf -nan inf 1.5 -nan inf\n"


def test_nonconstant_initializer_located_at_element(tmp_path):
    tu, err = check(tmp_path, "int g;\nstatic double a[] = {\n  1.0,\n  g };\n")
    assert tu is None
    assert "t.c:4:3: error: initializer element is not constant" in err, err


def test_glibc_isnan_support_snan(tmp_path):
    tu, err = check(tmp_path, """#include <math.h>
int f(double d, float f, long double l) { return isnan(d) + isinf(f) + isnan(l) + fpclassify(d); }
""", defines=[("__SUPPORT_SNAN__", "1")])
    assert tu is not None, err


def test_float_n_types_are_distinct(tmp_path):
    tu, err = check(tmp_path, """_Float32 a; _Float64 b; _Float64x c; _Float32x d;
_Static_assert(_Generic(a, float: 0, _Float32: 1), "");
_Static_assert(_Generic(b, double: 0, _Float64: 1), "");
_Static_assert(sizeof(c) == sizeof(long double) && sizeof(d) == 8, "");
""")
    assert tu is not None, err


def test_attribute_in_abstract_declarator(tmp_path):
    tu, err = check(tmp_path, """int g(void);
int f(void) { int (*p)(void) = (int (__attribute__((noinline)) *)(void))g; return p(); }
int (__attribute__((unused)) *fp)(void);
""")
    assert tu is not None and err == "", err


def test_narrow_then_wide_string(tmp_path):
    out = run_c(tmp_path, r"""#include <stdio.h>
#include <wchar.h>
int main(void) { const wchar_t *w = "\u00e9b" L"cd"; printf("%d %d %d %zu\n", (int)w[0],
  (int)w[1], (int)w[3], sizeof("ab" L"cd")); return 0; }
""")
    assert out == "233 98 100 20\n"


def test_sizeof_vla_type_name(tmp_path):
    out = run_c(tmp_path, r"""#include <stdio.h>
unsigned long f(int n) { return sizeof(int[n]) + sizeof(char[n][3]) + sizeof(int (*)[n])
  + sizeof(double[2][n]); }
int main(void) { printf("%lu\n", f(5)); return 0; }
""")
    assert out == "123\n"


def test_union_tag_shadows_struct_tag(tmp_path):
    tu, err = check(tmp_path, """struct s { int a; };
int f(void) { union s { float f; int i; } u; u.i = 3; return u.i; }
int g(void) { struct t *p = 0; return p != 0; }
int h(void) { union t *q = 0; return q != 0; }
int k(void) { struct s; struct s { char c; } z; z.c = 1; return z.c; }
int m(void) { struct s x; x.a = 2; return x.a; }
""")
    assert tu is not None and err == "", err


def test_bitwise_compound_assign_on_double(tmp_path):
    tu, err = check(tmp_path, "double f(double d) { d &= 0; d <<= 1; d %= 2; return d; }\n"
                    "int g(int *p) { p += 1.0; return 0; }\n")
    assert tu is None
    for col, op in ((24, "&"), (32, "<<"), (41, "%")):
        assert f"t.c:1:{col}: error: invalid operands to binary {op} (have 'double' and 'int')" \
            in err, err
    assert "t.c:2:19: error: invalid operands to binary + (have 'int *' and 'double')" in err


def test_bitwise_compound_assign_driver_exit_1(tmp_path):
    c = tmp_path / "d.c"
    c.write_text("double f(double d) { d &= 0; return d; }\n")
    r = subprocess.run([sys.executable, "-m", "toolchain.cc", "-c", str(c), "-o",
                        str(tmp_path / "d.o")], capture_output=True, text=True)
    assert r.returncode == 1 and "internal error" not in r.stderr, r.stderr
    assert not (tmp_path / "d.o").exists()


def test_no_semicolon_at_end_of_struct(tmp_path):
    """GNU accepts a last member with no ';' before '}' with a pedwarn at the '}' (gcc 12):
    a warning by default, an error under -pedantic-errors."""
    src = ("struct s { int a };\nstruct t {\n  int a, b\n} x;\n"
           "struct u { int a; int b } __attribute__((packed));\nstruct v { int a; };\n")
    tu, err = check(tmp_path, src)
    assert tu is not None
    where = [ln.split(": warning: ")[0].split(":", 1)[1] for ln in err.splitlines()
             if "no semicolon at end of struct or union" in ln]
    assert where == ["1:18", "4:1", "5:25"], err
    c = tmp_path / "p.c"
    c.write_text(src)
    r = subprocess.run([sys.executable, "-m", "toolchain.cc", "-pedantic-errors", "-c", str(c),
                        "-o", str(tmp_path / "p.o")], capture_output=True, text=True)
    assert r.returncode == 1 and "error: no semicolon at end of struct or union" in r.stderr


def test_bool_cast_of_a_fraction_is_one(tmp_path):
    """(_Bool) 0.5 is 1 in constant expressions (autoconf's AC_HEADER_STDBOOL, which jemalloc's
    configure runs: it said 'no' with pycc)."""
    tu, err = check(tmp_path, "#include <stdbool.h>\nchar d[(bool) 0.5 == true ? 1 : -1];\n"
                    "char f[(_Bool) 0.0 == false ? 1 : -1];\n_Static_assert((_Bool) -0.1, \"\");\n"
                    "static _Bool b = 0.25;\n")
    assert tu is not None and err == "", err


def test_w_silences_the_notes_of_silenced_warnings(tmp_path):
    """-w: no 'include <string.h>' note for an implicit declaration whose warning is not
    given (gcc prints nothing)."""
    c = tmp_path / "w.c"
    c.write_text("int main(void) { char a[4], b[4]; memcpy(a, b, 4); return (int)sqrt(4.0); }\n")
    r = subprocess.run([sys.executable, "-m", "toolchain.cc", "-w", "-c", str(c), "-o",
                        str(tmp_path / "w.o")], capture_output=True, text=True)
    assert r.returncode == 0 and r.stderr == "", r.stderr
