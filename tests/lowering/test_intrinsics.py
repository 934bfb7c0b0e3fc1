"""IR intrinsics (nonlocal_goto, trampoline_init) and the vector flag: text round trip,
verifier, the lowering uses them (no inline asm, no x86 bytes), and programs run on x86-64."""
import pytest

from toolchain.cc.ir import parse_module, print_module, verify, IRVerifyError
from toolchain.cc.ir import types as T

from .util import HERE, build_and_run, lower_c

PROG = HERE / "intrinsics_prog.c"

IR = """
@slot = internal tls global 8, align 8
define void @f(ptr %fp, ptr %sp, ptr %to, ptr %code) {
entry:
  trampoline_init %code, @g, %fp, @slot
  nonlocal_goto %fp, %sp, %to
  unreachable
}
define void @g(vector<16,16>{f64@0,f64@8} %v) {
entry:
  ret
}
"""


def test_text_round_trip_and_verify():
    m = parse_module(IR)
    verify(m)
    text = print_module(m)
    assert "nonlocal_goto %fp, %sp, %to" in text and "trampoline_init %code, @g, %fp, @slot" in text
    assert print_module(parse_module(text)) == text
    bad = parse_module(IR.replace("nonlocal_goto %fp, %sp, %to", "nonlocal_goto %fp, %sp, %to"))
    bad.functions[0].blocks[0].instrs[1].args.pop()
    with pytest.raises(IRVerifyError):
        verify(bad)


def test_vector_flag():
    v = T.struct(16, 16, [(0, T.F64), (8, T.F64)], vector=True)
    s = T.struct(16, 16, [(0, T.F64), (8, T.F64)])
    assert v.is_vector and not s.is_vector and v is not s
    assert v.name.startswith("vector<16,")          # the marker arch/*/cc/abi.py still reads


def test_lowering_is_target_neutral():
    m = lower_c(PROG)
    verify(m)
    ops = {i.op for f in m.functions for i in f.instructions()}
    assert {"nonlocal_goto", "trampoline_init"} <= ops and "asm" not in ops
    assert m.exec_stack
    vec = [ci for f in m.functions for i in f.instructions() if i.op == "call"
           for ci in (i.extra.byval or ()) if ci is not None and ci.is_vector]
    assert vec and all(t.name.startswith("vector<") for t in vec)


@pytest.mark.parametrize("opt", ["-O0", "-O1"])
def test_runs(opt, tmp_path):
    got, want = build_and_run(PROG, tmp_path, opt)
    assert got.returncode == 0, got.stderr
    assert got.stdout == want
