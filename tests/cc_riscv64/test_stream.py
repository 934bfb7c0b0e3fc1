"""RISC-V at -O0 streams (toolchain.cc.stream): a function is emitted before the unit's end
knows whether the functions it calls are defined in it, so ``call f`` / ``call f@plt`` is
decided when the text is printed (emit.CallRef); the object does not depend on it."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.speed.test_stream import _compile
from toolchain.cc import pipeline
from toolchain.diag import Diagnostics
from toolchain.targets import get_target

CALLS = r"""
int ext(int);
int later(int);
static int slater(int);
int first(int x) { return ext(x) + later(x) + slater(x); }
int later(int x) { return x + 1; }
static int slater(int x) { return x + 2; }
long double q(long double a, long double b) { return a * b + later(1); }
int last(int x) { return first(x) + later(x); }
"""


def _calls(text):
    return [ln.split("\t")[2] for ln in text.splitlines() if ln.startswith("\tcall\t")]


def _streamed(tmp_path, output, pic=False):
    """(result, the Stream) of a streamed compile of CALLS; the Stream is None when the unit
    fell back to the whole-unit pipeline."""
    from toolchain.cc import stream
    from toolchain.cc.frontend import FrontendOptions
    seen = []
    fin = stream.Stream.finish

    def finish(self):
        r = fin(self)
        seen.append(self)
        return r
    path = tmp_path / "calls.c"
    path.write_text(CALLS)
    stream.Stream.finish = finish
    try:
        r = pipeline.compile_c(str(path), get_target("riscv64"), FrontendOptions(),
                               Diagnostics("pycc", "gcc"), 0, output, pic)
    finally:
        stream.Stream.finish = fin
    return r, (seen[0] if seen else None)


def _gcc_calls(tmp_path, pic):
    gcc = shutil.which("riscv64-linux-gnu-gcc")
    if gcc is None:
        return None
    src = tmp_path / "gcc.c"
    src.write_text(CALLS)
    r = subprocess.run([gcc, "-O0", "-S", "-o", "-", str(src)] + (["-fPIC"] if pic else []),
                       capture_output=True, text=True, check=True)
    return _calls(r.stdout)


def test_functions_stream_and_calls_take_gcc_form(tmp_path):
    text, st = _streamed(tmp_path, "asm")
    assert st is not None and st.mode == "stream" and not st.queue
    assert len(st.emitted) == 5                 # every function emitted as it was lowered
    # as riscv64-linux-gnu-gcc 12 -O0 writes them: a function of the unit (defined before
    # or after the call) is `call f`, another is `call f@plt`
    want = ["ext@plt", "later", "slater", "__multf3@plt", "later", "__floatsitf@plt",
            "__addtf3@plt", "first", "later"]
    assert _calls(text) == want
    assert _gcc_calls(tmp_path, False) in (None, want)


def test_pic_calls(tmp_path):
    text, st = _streamed(tmp_path, "asm", pic=True)
    assert st is not None and len(st.emitted) == 5
    # -fPIC: a global function may be preempted (PLT); a static one binds locally
    want = ["ext@plt", "later@plt", "slater", "__multf3@plt", "later@plt", "__floatsitf@plt",
            "__addtf3@plt", "first@plt", "later@plt"]
    assert _calls(text) == want
    assert _gcc_calls(tmp_path, True) in (None, want)


@pytest.mark.parametrize("output", ["asm", "obj"])
def test_streamed_equals_whole_unit(tmp_path, output):
    a = _compile(tmp_path, CALLS, True, "riscv64", 0, output)
    b = _compile(tmp_path, CALLS, False, "riscv64", 0, output)
    assert a == b and a


def test_object_is_asm_assembled(tmp_path):
    from toolchain.asm.api import assemble
    obj, _ = _streamed(tmp_path, "obj")
    text, _ = _streamed(tmp_path, "asm")
    assert obj == assemble(text, str(tmp_path / "calls.c"), target="riscv64")


def test_call_forms_assemble_alike(tmp_path):
    """``call f`` and ``call f@plt`` give the same object, for a symbol defined in the unit
    and for an undefined one: pyas, and GNU as where installed."""
    from toolchain.asm.api import assemble
    head = "\t.option pic\n\t.text\n\t.globl g\ng:\n"
    tail = "\tret\nh:\tret\n"
    plain = head + "\tcall f\n\tcall h\n\tcall g\n" + tail
    plt = head + "\tcall f@plt\n\tcall h@plt\n\tcall g@plt\n" + tail
    assert assemble(plain, "a.s", target="riscv64") == assemble(plt, "a.s", target="riscv64")
    gas = shutil.which("riscv64-linux-gnu-as")
    if gas is None:
        pytest.skip("riscv64-linux-gnu-as not installed")
    outs = []
    for i, src in enumerate((plain, plt)):
        s = tmp_path / f"{i}.s"
        s.write_text(src)
        subprocess.run([gas, str(s), "-o", str(tmp_path / f"{i}.o")], check=True)
        with open(tmp_path / f"{i}.o", "rb") as f:
            outs.append(f.read())
    assert outs[0] == outs[1]
    assert os.path.getsize(tmp_path / "0.o") > 0
