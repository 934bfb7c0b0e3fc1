"""pycc -c hands machine instructions to pyas as objects: no assembly text is read (only
inline asm templates would be), and the object equals `pycc -S` + pyas."""
from __future__ import annotations

import os
import subprocess

import pytest

SRC = r"""
#include <stdio.h>
#include <string.h>
struct P { long a; double b; };
static __thread int tls_counter;
static const char *names[] = { "zero", "one", "two", "three", "four", "five" };
double g_d = 2.5;
__int128 wide(__int128 a, __int128 b) { return a * b + (a >> 3); }
long double ld(long double x) { return x * 3.0L + 1.0L; }
struct P mk(long a, double b) { struct P p = { a, b }; return p; }
int classify(int x) {
    switch (x) { case 0: return 10; case 1: return 11; case 2: return 12; case 3: return 13;
                 case 4: return 14; case 7: return 17; default: return -1; }
}
int dispatch(const unsigned char *code) {
    static void *tab[] = { &&inc, &&dbl, &&end };
    int a = 1, pc = 0;
    goto *tab[code[pc++]];
inc: a += 1; goto *tab[code[pc++]];
dbl: a *= 2; goto *tab[code[pc++]];
end: return a;
}
int main(void) {
    unsigned char code[] = { 0, 1, 1, 0, 2 };
    long s = 0;
    for (int i = 0; i < 10; i++) { s += classify(i); tls_counter += i; }
    struct P p = mk(3, g_d);
    printf("%ld %d %s %d %g %d\n", s, tls_counter, names[3], dispatch(code),
           p.b + (double)ld(1.0L), (int)wide(5, 7));
    return strlen(names[1]) == 3 ? 0 : 1;
}
"""


@pytest.fixture(scope="module")
def src(tmp_path_factory):
    d = tmp_path_factory.mktemp("handoff")
    p = d / "h.c"
    p.write_text(SRC)
    return str(p)


def _text_readers(monkeypatch):
    """Make every assembly-text reader of pyas fail."""
    from toolchain.asm import assembler as A
    from toolchain.arch.x86_64 import asm as X

    def boom(*a, **k):
        raise AssertionError("pycc -c read assembly text")
    for cls, names in ((A.Assembler, ("assemble_text", "statement", "_statement")),
                       (X.X86Target, ("parse_operands", "parse_operand", "encode"))):
        for n in names:
            monkeypatch.setattr(cls, n, boom)


@pytest.mark.parametrize("opt", ["-O0", "-O1"])
def test_c_reads_no_assembly_text(src, tmp_path, monkeypatch, opt):
    from toolchain.cc.main import main
    s_file = str(tmp_path / "h.s")
    assert main(["-S", opt, src, "-o", s_file]) == 0
    from toolchain.asm.main import main as as_main
    o_text = str(tmp_path / "text.o")
    assert as_main([s_file, "-o", o_text]) == 0
    _text_readers(monkeypatch)
    o_obj = str(tmp_path / "obj.o")
    assert main(["-c", opt, src, "-o", o_obj]) == 0
    with open(o_text, "rb") as f1, open(o_obj, "rb") as f2:
        assert f1.read() == f2.read()


def test_runs(src, tmp_path):
    from toolchain.cc.main import main
    out = []
    for opt in ("-O0", "-O1"):
        exe = str(tmp_path / f"h{opt}")
        assert main([opt, src, "-o", exe]) == 0
        r = subprocess.run([exe], capture_output=True, text=True, timeout=30)
        assert r.returncode == 0
        out.append(r.stdout)
    assert out[0] == out[1]
    assert out[0] == "73 45 three 9 6.5 35\n"      # gcc -O0 prints the same
