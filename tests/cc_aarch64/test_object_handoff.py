"""AArch64 pycc -c hands its instructions to pyas as objects: no assembly text is read, and
the object equals `pycc -S` + pyas (the program of tests/backend/test_object_handoff.py)."""
from __future__ import annotations

import pytest

from tests.backend.test_object_handoff import SRC
from tests.cc_aarch64.common import have_tools, run_qemu

TGT = "--target=aarch64-linux-gnu"


@pytest.fixture(scope="module")
def src(tmp_path_factory):
    p = tmp_path_factory.mktemp("a64handoff") / "h.c"
    p.write_text(SRC)
    return str(p)


def _text_readers(monkeypatch):
    """Make every assembly-text reader of pyas (core and AArch64 target) fail."""
    from toolchain.arch.aarch64.asm import encoder as E, target as T
    from toolchain.asm import assembler as A

    def boom(*a, **k):
        raise AssertionError("pycc -c read assembly text")
    for cls, names in ((A.Assembler, ("assemble_text", "statement", "_statement")),
                       (T.AArch64Target, ("encode",)), (E.Encoder, ("encode",))):
        for n in names:
            monkeypatch.setattr(cls, n, boom)


@pytest.mark.parametrize("opt", ["-O0", "-O1"])
@pytest.mark.parametrize("pic", [False, True])
def test_c_reads_no_assembly_text(src, tmp_path, monkeypatch, opt, pic):
    from toolchain.asm.main import main as as_main
    from toolchain.cc.main import main
    flags = [TGT, opt] + (["-fPIC"] if pic else [])
    s_file = str(tmp_path / "h.s")
    assert main(flags + ["-S", src, "-o", s_file]) == 0
    o_text = str(tmp_path / "text.o")
    assert as_main(["--target=aarch64", s_file, "-o", o_text]) == 0
    _text_readers(monkeypatch)
    o_obj = str(tmp_path / "obj.o")
    assert main(flags + ["-c", src, "-o", o_obj]) == 0
    with open(o_text, "rb") as f1, open(o_obj, "rb") as f2:
        assert f1.read() == f2.read()


def test_operand_objects_print_and_encode_as_text():
    """An instruction given as objects prints as the text that encodes to the same word."""
    from toolchain.arch.aarch64.asm import operands as A
    from toolchain.arch.aarch64.asm.encoder import Encoder

    class Ctx:
        def expr(self, text):
            raise AssertionError(text)
    x0, x1, w2, sp = A.Reg("x", 0), A.Reg("x", 1), A.Reg("w", 2), A.Reg("sp", 31)
    cases = [
        A.Insn("add", [x0, x1, w2, A.Shift("sxtw")]),
        A.Insn("add", [x0, sp, 4095]),
        A.Insn("sub", [x0, x1, 4096]),
        A.Insn("stp", [A.Reg("x", 29), A.Reg("x", 30), A.Mem(sp, -32, "pre")]),
        A.Insn("ldp", [A.Reg("x", 29), A.Reg("x", 30), A.Mem(sp, 32, "post")]),
        A.Insn("ldr", [A.Reg("d", 3), A.Mem(x1, mode="reg", index=A.Reg("x", 5),
                                             ext=A.Shift("lsl", 3))]),
        A.Insn("ldrb", [w2, A.Mem(x1, mode="reg", index=A.Reg("x", 4), ext=A.Shift("lsl", 0))]),
        A.Insn("str", [A.Reg("q", 7), A.Mem(x0, 4080)]),
        A.Insn("movk", [x0, 0xBEEF, A.Shift("lsl", 48)]),
        A.Insn("and", [w2, w2, 0xFF00FF00]),
        A.Insn("csel", [x0, x1, A.Reg("x", 31), "ne"]),
        A.Insn("mov", [A.VReg(1, "16b"), A.VReg(2, "16b")]),
        A.Insn("mov", [A.VElem(4, "d", 1), x1]),
        A.Insn("mov", [x1, A.VElem(4, "d", 1)]),
        A.Insn("fcmp", [A.Reg("d", 8), 0]),
        A.Insn("cnt", [A.VReg(0, "8b"), A.VReg(0, "8b")]),
        A.Insn("addv", [A.Reg("b", 0), A.VReg(0, "8b")]),
        A.Insn("dmb", ["ish"]),
        A.Insn("mrs", [x0, "tpidr_el0"]),
        A.Insn("lsl", [x0, x1, 63]),
        A.Insn("sxtw", [x0, w2]),
        A.Insn("ldur", [A.Reg("s", 1), A.Mem(x0, -4)]),
    ]
    e = Encoder(Ctx())
    for insn in cases:
        text = str(insn)
        mnem, _, ops = text.strip().partition("\t")
        assert e.encode_ops(insn.mnem, insn.ops) == e.encode(mnem, ops), text


def test_object_errors_name_the_instruction():
    from toolchain.arch.aarch64.asm import operands as A
    from toolchain.arch.aarch64.asm.encoder import AsmError, Encoder
    e = Encoder(None)
    with pytest.raises(AsmError, match=r"add x0,w1,#1"):
        e.encode_ops("add", [A.Reg("x", 0), A.Reg("w", 1), 1])


@pytest.mark.skipif(not have_tools(), reason="qemu-aarch64 or the sysroot is missing")
def test_runs(src, tmp_path):
    from toolchain.cc.main import main
    for opt in ("-O0", "-O1"):
        exe = str(tmp_path / f"h{opt}")
        assert main([TGT, opt, src, "-o", exe]) == 0
        r = run_qemu(exe, 30)
        assert r.returncode == 0
        assert r.stdout.decode() == "73 45 three 9 6.5 35\n"    # gcc -O0 prints the same
