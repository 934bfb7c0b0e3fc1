"""What a streamed compile keeps per function (issue 18 acceptance 3): the object hand-off
finishes each function's code as it is fed (toolchain.asm.seal) and the symbol table keeps
plain locations (toolchain.cc.sema.retire) — with the same object bytes and diagnostics."""
from __future__ import annotations

import pytest

from toolchain.asm import seal as seal_mod
from toolchain.cc import pipeline
from toolchain.cc.backend import objwriter
from toolchain.diag import Diagnostics
from toolchain.targets import get_target

# every way code can reach a label: local jumps (short and long), a loop, forward and
# backward calls of static and global functions, a switch (jump table in .rodata naming
# text labels), computed goto, inline asm with numeric labels and a jump to a label of an
# earlier function, string literals, .size, a static function called before it is defined
SOURCE = r"""
static int later(int);
extern int ext(int);
int g0, g1;
int big(int a) {
    int s = 0;
    if (a > 3) goto out;
""" + "    s += a * 3; s ^= a << 2; s -= a / 5;\n" * 20 + r"""
out:
    return s;
}
int loop(int n) { int s = 0; for (int i = 0; i < n; i++) s += i; return s + later(n); }
int sw(int x) {
    switch (x) { case 0: return 1; case 1: return 7; case 2: return 9; case 3: return 11;
                 case 4: return 13; case 5: return 17; default: return ext(x); }
}
int cg(int i) {
    static void *t[] = { &&a, &&b };
    goto *t[i & 1];
a:  return 1;
b:  return 2;
}
int in_asm(int x) {
    __asm__ volatile ("1: nop\n\tJMP 1b\n2:" : : : "memory");
    __asm__ volatile ("JMP 1f\n1:" : : : "memory");
    return x;
}
const char *str(int i) { return i ? "abc" : "defgh"; }
static int later(int x) { return big(x) + loop(x - 1) + g0++; }
int use(void) { return later(g1) + sw(g0) + cg(1) + in_asm(2) + *str(1); }
"""


JUMP = {"x86_64": "jmp", "aarch64": "b", "riscv64": "j"}


def _compile(tmp_path, src, target="x86_64", sealed=True, streaming=True, level=0,
             diag=None):
    from toolchain.cc.frontend import FrontendOptions
    path = tmp_path / "m.c"
    path.write_text(src.replace("JMP", JUMP[target]))
    old = objwriter.SEAL, pipeline.STREAM
    objwriter.SEAL, pipeline.STREAM = sealed, streaming
    try:
        return pipeline.compile_c(str(path), get_target(target), FrontendOptions(),
                                  diag or Diagnostics("pycc", "gcc"), level, "obj")
    finally:
        objwriter.SEAL, pipeline.STREAM = old


def _generated(n):
    from tests.speed.bench import generated_source
    return generated_source(n)


@pytest.mark.parametrize("target", ["x86_64", "aarch64", "riscv64"])
def test_sealed_object_is_the_same(tmp_path, target):
    a = _compile(tmp_path, SOURCE, target, sealed=True)
    b = _compile(tmp_path, SOURCE, target, sealed=False)
    assert a and a == b


@pytest.mark.parametrize("level", [0, 2])
def test_sealed_generated_is_the_same(tmp_path, level):
    src = _generated(300)
    assert _compile(tmp_path, src, sealed=True, level=level) == \
        _compile(tmp_path, src, sealed=False, level=level)


def test_sealing_drops_labels_and_fragments(tmp_path, monkeypatch):
    """The assembler's state at the end does not grow with the functions' local labels and
    fragments: one fixed fragment of code, no .L label of a finished function."""
    seen = {}
    fin = objwriter.ObjectWriter.finish

    def finish(self):
        asm = self.asm
        seen["temps"] = sum(1 for s in asm.symbols.values() if s.temp)
        seen["frags"] = len(asm.text_sec.subsecs[0])
        seen["syms"] = len(asm.symbols)
        seen["sealed"] = self.sealer is not None and asm.text_sec in self.sealer.fixed
        return fin(self)
    monkeypatch.setattr(objwriter.ObjectWriter, "finish", finish)
    src = _generated(400)
    assert _compile(tmp_path, src)
    assert seen["sealed"]
    assert seen["frags"] <= 2
    assert seen["temps"] < 10           # section symbols, no .L label
    assert seen["syms"] < 420           # the functions and globals


def test_release_writes_the_same(tmp_path):
    """write_object(release=True) (the object hand-off's last step: contents and relocations
    let go as they are written, the buffer returned without a copy) gives the same bytes."""
    from toolchain.elf.objfile import read_object, write_object
    data = _compile(tmp_path, SOURCE)
    assert isinstance(data, bytearray)
    assert write_object(read_object(data)) == data
    assert write_object(read_object(data), release=True) == data


def test_end_of_unit_lets_go(tmp_path, monkeypatch):
    """At the end of a sealed unit the fixups are dropped as they become relocations, and
    the finished code is the object's section contents (no copy)."""
    from toolchain.asm import objbuild
    seen = {}
    orig = objbuild.ObjectMixin.build_object

    def build(self):
        seen["fixups"] = sum(len(f.fixups) for s in self.section_list for f in s.frags)
        obj = orig(self)
        seen["shared"] = any(f.data is s.elf.data for s in self.section_list
                             for f in s.frags if f.data and s.name == ".text")
        return obj
    monkeypatch.setattr(objbuild.ObjectMixin, "build_object", build)
    src = _generated(200)
    plain = _compile(tmp_path, src, sealed=False)
    assert seen["fixups"] > 0
    assert _compile(tmp_path, src) == plain
    assert seen == {"fixups": 0, "shared": True}


def test_sealing_keeps_forward_calls(tmp_path):
    """A call to a static function defined later stays a fixup until the end (resolved
    there, no relocation), as without sealing."""
    from toolchain.elf.objfile import read_object
    obj = read_object(_compile(tmp_path, SOURCE))
    text = next(s for s in obj.sections if s.name == ".text")
    names = {r.sym.name for r in text.relocs if r.sym is not None}
    assert "later" not in names and "ext" in names


def test_cfi_records_compacted(tmp_path, monkeypatch):
    """A finished function's CFI record holds distances, not code positions."""
    seen = []
    orig = seal_mod.Sealer._frames

    def frames(self, done):
        orig(self, done)
        seen.extend(self.asm.cfi.fdes)
    monkeypatch.setattr(seal_mod.Sealer, "_frames", frames)
    _compile(tmp_path, _generated(20))
    assert seen
    for f in seen:
        assert all(i[0] != "advance" for i in f.insns)
        assert f.start.frag is f.end.frag


REDEF = """
static int helper(int a, int b) { return a + b; }
int helper2(int x) { return helper(x, 1); }
int helper(int a, int b) { return a - b; }
static int unused(int q) { return q; }
_Noreturn void die(int c) { for (;;) ; }
int after(void) { die(1); }
"""


def test_retired_declarations_diagnose_the_same(tmp_path, capsys):
    """Redefinition notes, unused statics and noreturn read what retire keeps: the same
    diagnostics as the whole-unit pipeline (which keeps every token)."""
    import io
    outs = []
    for streaming in (True, False):
        err = io.StringIO()
        d = Diagnostics("pycc", "gcc", stream=err)
        d.wall = True
        _compile(tmp_path, REDEF, streaming=streaming, diag=d)
        outs.append(err.getvalue())
    assert outs[0] == outs[1]
    assert "previous definition of \u2018helper\u2019" in outs[0]


def test_retire_keeps_plain_locations(tmp_path):
    """After lowering, a defined function's symbol keeps Loc records, no pp tokens, and
    its type no parameter declarations."""
    from toolchain.cc import ast as A
    from toolchain.cc import stream
    kept = []
    fin = stream.Stream.finish

    def finish(self):
        kept.append(self.sema.file_scope.names["loop"])
        return fin(self)
    stream.Stream.finish = finish
    try:
        _compile(tmp_path, SOURCE)
    finally:
        stream.Stream.finish = fin
    sym = kept[0]
    assert type(sym.loc) is A.Loc and sym.loc.line == SOURCE.split("\n").index(
        next(ln for ln in SOURCE.split("\n") if ln.startswith("int loop"))) + 1
    assert type(sym.node.declarator.loc) is A.Loc and sym.node.declarator.ops == ()
    assert sym.type.attrs is None


LONG_DOUBLE = """
long double ld = 1.5L, lds[3] = {0.25L, -2.0L, 3.0L};
struct s { int i; long double v; } sv = {1, 2.75L};
long double add(long double a, long double b) { return a + b * ld; }
int cmp(long double a) { return a < lds[1] || a >= 2.0L; }
long double conv(int i, double d) { return (long double)i / (long double)d; }
double back(long double x) { return (double)x + (int)x; }
long double use(void) { return add(lds[0], sv.v) + conv(3, 2.0) + cmp(ld) + back(ld); }
"""


@pytest.mark.parametrize("level", [0, 2])
@pytest.mark.parametrize("streams", [False, True])
def test_riscv_long_double_per_function(tmp_path, level, streams, monkeypatch):
    """RISC-V legalises binary128 a function at a time (driver.codegen_function), so its
    functions could be emitted while the unit is parsed (``streams``, off for the call
    form): the object is the whole-unit one's either way."""
    from toolchain.cc import stream
    from toolchain.cc.backend.registry import backend_module
    emitted = []
    drain = stream.Stream._drain

    def spy(self):
        n = len(self.emitted)
        drain(self)
        emitted.append(len(self.emitted) - n)
    monkeypatch.setattr(stream.Stream, "_drain", spy)
    monkeypatch.setattr(type(backend_module("riscv64").BACKEND), "streams", streams)
    a = _compile(tmp_path, LONG_DOUBLE, "riscv64", level=level)
    b = _compile(tmp_path, LONG_DOUBLE, "riscv64", streaming=False, level=level)
    assert a and a == b
    if level == 0 and streams:
        assert sum(emitted) >= 4        # emitted before the unit's end
