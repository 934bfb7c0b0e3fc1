"""AAPCS64 homogeneous aggregates (arch/aarch64/cc/abi.hfa) on the IR aggregate types."""
from __future__ import annotations

from toolchain.arch.aarch64.cc.abi import REF, assign_args, hfa
from toolchain.cc.ir import types as T
from toolchain.cc.ir.parser import parse_type


def test_short_vectors_and_other_vectors():
    v4sf = T.struct(16, 16, [(0, T.F64), (8, T.F64)], vector=True)
    assert hfa(v4sf) == ("v16", 1)
    v2sf = T.struct(8, 8, [(0, T.F64)], vector=True)          # one d register
    assert hfa(v2sf) == (T.F64, 1)
    v4df = T.struct(32, 32, [(o, T.F64) for o in range(0, 32, 8)], vector=True)
    assert hfa(v4df) is None                                  # not a short vector
    locs, *_ = assign_args([v4df])
    assert locs[0].kind == REF                                # over 16 bytes: by reference
    assert hfa(T.struct(32, 8, [(o, T.F64) for o in range(0, 32, 8)])) == (T.F64, 4)


def test_array_of_no_length_disqualifies():
    plain = T.struct(8, 4, [(0, T.F32), (4, T.F32)])
    assert hfa(plain) == (T.F32, 2)
    za = T.struct(8, 4, [(0, T.F32), (4, T.F32)], zero_array=True)
    assert za is not plain and za.name.endswith("[]") and hfa(za) is None
    assert parse_type(za.name) is za and parse_type(plain.name) is plain


def test_struct_with_zero_length_array_comes_in_x0(tmp_path):
    """Lowering flags the aggregate, so the back end takes it from x0 (gcc: `fmov s0, w0`)
    while a true HFA comes in s0/s1."""
    from toolchain.cc.main import main
    src = tmp_path / "za.c"
    src.write_text("struct S7 { float a; struct {} b[0]; };\n"
                   "struct S8 { float a; float b; };\n"
                   "float f7(struct S7 s) { return s.a; }\n"
                   "float f8(struct S8 s) { return s.b; }\n")
    out = tmp_path / "za.s"
    assert main(["--target=aarch64-linux-gnu", "-O0", "-S", str(src), "-o", str(out)]) == 0
    text = out.read_text()
    f7 = text[text.index("f7:"):text.index("f8:")]
    f8 = text[text.index("f8:"):]
    assert "\tstr\tx0, " in f7 and "\tstr\ts0, " not in f7
    assert "\tstr\ts0, " in f8 and "\tstr\ts1, " in f8
