"""pycc -c for RISC-V hands its machine instructions to pyas as operand objects
(``Target.encode_ops``): no assembly text is read, and the object equals `pycc -S` + pyas.
The source touches every emission shape: prologue/epilogue, loads/stores beyond 12-bit
offsets, selects (local labels), jump tables, computed goto, TLS, atomics (amo*, lr/sc loops
on bytes and words, fences), float conversions with a rounding mode, calls through the PLT."""
from __future__ import annotations

import pytest

from tests.backend.test_object_handoff import SRC as BASE_SRC

# the x86-64 hand-off test's program (switch, computed goto, TLS, i128, long double, calls)
# plus the RISC-V emission shapes it does not reach
SRC = BASE_SRC + r"""
extern __thread int ext_tls;
__thread int ext_tls = 4;
unsigned char flag8; short cnt16; int cnt32; long cnt64;
int big(int i) { volatile long arr[600]; volatile char c; arr[i] = i; c = 3; return arr[i] + c; }
long sel(long a, long b, int c) { return c ? a : b + ext_tls; }
double fsel(double a, double b, int c) { return c ? a : b; }
int conv(double d) { return (int)(d * 3.7) + (unsigned)(d * 1e9) % 1000; }
int atom(void) {
    __atomic_fetch_add(&cnt32, 3, __ATOMIC_SEQ_CST);
    __atomic_fetch_sub(&cnt64, 2, __ATOMIC_SEQ_CST);
    __atomic_fetch_add(&cnt16, 5, __ATOMIC_SEQ_CST);
    __atomic_fetch_and(&flag8, 0x0f, __ATOMIC_SEQ_CST);
    unsigned char e = 0; __atomic_compare_exchange_n(&flag8, &e, 7, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    int w = 3; __atomic_compare_exchange_n(&cnt32, &w, 9, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    __atomic_store_n(&cnt64, __atomic_load_n(&cnt64, __ATOMIC_SEQ_CST) + 1, __ATOMIC_SEQ_CST);
    return cnt32 + (int)cnt64 + cnt16 + flag8;
}
"""

TARGET = "--target=riscv64-linux-gnu"


@pytest.fixture(scope="module")
def src(tmp_path_factory):
    p = tmp_path_factory.mktemp("handoff") / "h.c"
    p.write_text(SRC)
    return str(p)


def _text_readers(monkeypatch):
    """The core's text readers (tests/backend) and the RISC-V operand-text path fail."""
    from tests.backend.test_object_handoff import _text_readers as core_readers
    from toolchain.arch.riscv64 import asm as R, isa
    core_readers(monkeypatch)

    def boom(*a, **k):
        raise AssertionError("pycc -c read RISC-V operand text")
    for cls, n in ((R.Target, "encode"), (R.Target, "_parse"), (isa.Encoder, "encode")):
        monkeypatch.setattr(cls, n, boom)
    monkeypatch.setattr(isa, "split_operands", boom)


@pytest.mark.parametrize("opt", ["-O0", "-O1", "-fPIC"])
def test_c_reads_no_assembly_text(src, tmp_path, monkeypatch, opt):
    from toolchain.asm.main import main as as_main
    from toolchain.cc.main import main
    s_file = str(tmp_path / "h.s")
    assert main([TARGET, "-S", opt, src, "-o", s_file]) == 0
    o_text = str(tmp_path / "text.o")
    assert as_main(["--target=riscv64", s_file, "-o", o_text]) == 0
    with open(s_file) as f:
        text = f.read()
    for shape in ("lr.w.aqrl", "amoadd.w.aqrl", "fence", "rtz", "1b", "%tprel_add", "0(t4)"):
        if opt != "-fPIC" or shape != "%tprel_add":
            assert shape in text, shape
    _text_readers(monkeypatch)
    o_obj = str(tmp_path / "obj.o")
    assert main([TARGET, "-c", opt, src, "-o", o_obj]) == 0
    with open(o_text, "rb") as f1, open(o_obj, "rb") as f2:
        assert f1.read() == f2.read()


def test_operand_objects_encode_as_text():
    """Target.encode_ops and the text path give the same bytes, relocations and RVC choices."""
    from toolchain.asm.assembler import Assembler
    from toolchain.arch.riscv64.isa import FR, XR, MemOp, Ref
    from toolchain.diag import Diagnostics
    from toolchain.elf.objfile import write_object
    rows = [("addi", [XR[10], XR[10], 1]), ("add", [XR[10], XR[11], XR[12]]),
            ("ld", [XR[5], MemOp(-8, XR[8])]), ("fsd", [FR[10], MemOp(4000 % 2048, XR[2])]),
            ("li", [XR[6], 0x123456789]), ("call", [Ref("puts@plt")]), ("lla", [XR[10], Ref("g")]),
            ("la", [XR[11], Ref("h")]), ("beqz", [XR[10], Ref("1f")]), ("mv", [XR[5], XR[6]]),
            ("lui", [XR[5], Ref("t", "tprel_hi")]),
            ("add", [XR[5], XR[5], XR[4], Ref("t", "tprel_add")]),
            ("addi", [XR[5], XR[5], Ref("t", "tprel_lo")]),
            ("fcvt.w.d", [XR[10], FR[10], "rtz"]), ("fence", ["rw", "rw"]),
            ("amoadd.w.aqrl", [XR[10], XR[11], MemOp(None, XR[12])]), ("j", [Ref("g")]),
            ("jalr", [XR[5]]), ("ret", [])]
    text = ["\t.option pic", "\t.attribute arch, \"rv64gc\"", "g:"]
    for m, ops in rows:
        text.append(f"\t{m}\t" + ",".join(str(o) if type(o) is int else
                                          (o if type(o) is str else repr(o)) for o in ops))
        if m == "beqz":
            text.append("1:")
    text.append("\t.section .tbss,\"awT\",@nobits\nt:\t.zero 4")

    def build(objs):
        asm = Assembler("riscv64", Diagnostics("t", style="gas"))
        if not objs:
            asm.assemble_text("\n".join(text) + "\n")
        else:
            for line in text[:3]:
                asm.assemble_text(line + "\n")
            for m, ops in rows:
                asm.target.encode_ops(m, ops)
                if m == "beqz":
                    asm.define_label("1")
            asm.assemble_text(text[-1] + "\n")
        assert not asm.errors
        return write_object(asm.finish())
    assert build(True) == build(False)
