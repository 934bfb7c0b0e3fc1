"""toolchain.api: encode at an address, errors, objects, disassembly round trip (sample),
run() arguments, bad input never escaping as an internal traceback."""
from __future__ import annotations

import subprocess
import sys

import pytest

import toolchain
from tests.api import roundtrip

TARGETS = ("x86_64", "aarch64", "riscv64")


def test_import_is_lazy():
    code = ("import sys, toolchain; assert 'toolchain.api' not in sys.modules; "
            "assert 'toolchain.asm' not in sys.modules; toolchain.encode; "
            "assert 'toolchain.api' in sys.modules; assert 'capstone' not in sys.modules; "
            "assert 'unicorn' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_exceptions_are_typed():
    for e in (toolchain.AssemblyError, toolchain.CompileError, toolchain.LinkError,
              toolchain.EmulationError, toolchain.DisassemblyError):
        assert issubclass(e, toolchain.ToolchainError)
    from toolchain.emu import EmulationError
    assert issubclass(toolchain.EmulationError, EmulationError)


# -- encode -------------------------------------------------------------------------------------

@pytest.mark.parametrize("target,line,addr,want", [
    ("x86_64", "jmp 0x1010", 0x1000, "eb0e"),
    ("x86_64", "jmp 0x2000", 0x1000, "e9fb0f0000"),
    ("x86_64", "call 0x1000", 0x1000, "e8fbffffff"),
    ("x86_64", "jne 0x0ff0", 0x1000, "75ee"),
    ("x86_64", "leaq 0x2000(%rip), %rax", 0x1000, "488d0500200000"),
    ("aarch64", "b 0x1010", 0x1000, "04000014"),
    ("aarch64", "bl 0x0ff8", 0x1000, "feffff97"),
    ("aarch64", "adrp x0, 0x5000", 0x1234, "20000090"),
    ("aarch64", "cbz x1, 0x1008", 0x1000, "410000b4"),
    ("riscv64", "j 0x1010", 0x1000, "6f000001"),
    ("riscv64", "beq a0, a1, 0x0ff0", 0x1000, "e308b5fe"),
])
def test_encode_at_address(target, line, addr, want):
    assert toolchain.encode(line, target=target, address=addr).hex() == want


def test_encode_matches_gnu_as_for_symbols():
    # movabs of a mapped symbol, a data reference, a call
    code = toolchain.encode("movabsq $foo, %rax", symbols={"foo": 0x1122334455667788})
    assert code == bytes.fromhex("48b88877665544332211")
    code = toolchain.encode("movl foo(%rip), %eax", address=0x400000, symbols={"foo": 0x400100})
    assert code == bytes.fromhex("8b05fa000000")
    code, labels = toolchain.encode_many("adrp x0, tab\nadd x0, x0, :lo12:tab\nret\n",
                                         target="aarch64", address=0x10ffc,
                                         symbols={"tab": 0x23456})
    assert code[:8] == bytes.fromhex("900000b0" "00581191")[:8] or len(code) == 12
    # check through the emulator: x0 = tab
    assert toolchain.run(code, target="aarch64", address=0x10ffc) == 0x23456


@pytest.mark.parametrize("target", TARGETS)
def test_pc_relative_data_through_run(target):
    src = {"x86_64": "leaq tab(%rip), %rax\nret\n",
           "aarch64": "adrp x0, tab\nadd x0, x0, :lo12:tab\nret\n",
           "riscv64": "1: auipc a0, %pcrel_hi(tab)\naddi a0, a0, %pcrel_lo(1b)\nret\n"}[target]
    for addr in (0x10000, 0x7ff000):
        code, _ = toolchain.encode_many(src, target=target, address=addr,
                                        symbols={"tab": 0x123458})
        assert toolchain.run(code, target=target, address=addr) == 0x123458


@pytest.mark.parametrize("target,line", [("x86_64", "jmp 1f"), ("x86_64", "call nowhere"),
                                         ("aarch64", "b nowhere"), ("riscv64", "j nowhere"),
                                         ("x86_64", "movq nowhere(%rip), %rax"),
                                         ("aarch64", "adrp x0, nowhere")])
def test_undefined_labels_are_errors(target, line):
    with pytest.raises(toolchain.AssemblyError) as e:
        toolchain.encode(line, target=target)
    # a missing local label is GNU as's "local label ... is not defined", other names are undefined
    expected = "is not defined" if line.endswith("1f") else "undefined symbol"
    assert expected in str(e.value)


def test_encode_errors_and_types():
    with pytest.raises(toolchain.AssemblyError) as e:
        toolchain.encode_many("nop\nnop\nmovq %rax\n")
    assert e.value.diagnostics[0].line == 3
    with pytest.raises(ValueError):
        toolchain.encode("nop", target="mips")
    with pytest.raises(ValueError):
        toolchain.encode("nop\nnop")
    with pytest.raises(ValueError):
        toolchain.encode("nop", syntax="nasm")
    with pytest.raises(ValueError):
        toolchain.encode("nop", target="aarch64", syntax="intel")
    with pytest.raises(TypeError):
        toolchain.encode(123)
    with pytest.raises(ValueError):
        toolchain.encode("nop", symbols={"bad name": 1})
    with pytest.raises(toolchain.AssemblyError):
        toolchain.encode_many(".data\n.long 1\n")          # encode is for code only
    with pytest.raises(toolchain.AssemblyError) as e:
        toolchain.encode("movq foo@GOTPCREL(%rip), %rax", symbols={"foo": 0})
    assert "link()" in str(e.value)


def test_encode_intel_and_tuple():
    assert toolchain.encode("lea rax, [rip + 0x10]", syntax="intel", address=0x100) == \
        toolchain.encode("leaq 0x10(%rip), %rax", address=0x100)
    assert toolchain.encode(("movq", "%rsp", "%rbp")) == b"H\x89\xe5"
    _, labels = toolchain.encode_many("a:\nnop\nb: nop\n.globl c\nc: ret\n", address=0x500)
    assert labels == {"a": 0x500, "b": 0x501, "c": 0x502}


# -- objects ---------------------------------------------------------------------------------------

def test_object_plain_data(tmp_path):
    obj = toolchain.assemble(".globl f\n.type f,@function\nf: call g\nret\n.size f,.-f\n")
    assert obj.section(".text") == bytes.fromhex("e800000000c3")
    assert obj.symbol("f") == {"name": "f", "value": 0, "size": 6, "bind": "global",
                               "type": "func", "section": ".text"}
    assert obj.relocations == [{"section": ".text", "offset": 1, "type": "R_X86_64_PLT32",
                                "symbol": "g", "addend": -4}]
    p = obj.save(tmp_path / "f.o")
    again = toolchain.Object.load(p)
    assert again.bytes() == obj.bytes() and again.target == "x86_64"
    with pytest.raises(KeyError):
        obj.section(".nope")
    with pytest.raises(toolchain.AssemblyError):
        toolchain.assemble(".globl f\nf: frob\n", target="aarch64")


def test_object_bytes_equal_gnu_as(tmp_path):
    import shutil
    if not shutil.which("as"):
        pytest.skip("GNU as not installed")
    src = ".globl f\nf: movl x(%rip), %eax\n call g\n ret\n.data\nx: .long 3\n"
    (tmp_path / "a.s").write_text(src)
    subprocess.run(["as", "-o", str(tmp_path / "a.o"), str(tmp_path / "a.s")], check=True)
    ours = toolchain.assemble(src, filename=str(tmp_path / "a.s"))
    theirs = toolchain.Object.load(tmp_path / "a.o")
    assert ours.section(".text") == theirs.section(".text")
    assert ours.relocations == theirs.relocations


# -- link ------------------------------------------------------------------------------------------

def test_link_exe_and_errors(tmp_path):
    src = ("int printf(const char *, ...);\n"
           "int main(void) { printf(\"hi %d\\n\", 6 * 7); return 3; }\n")
    exe = toolchain.compile(src, output="exe")
    assert exe[:4] == b"\x7fELF"
    p = tmp_path / "hi"
    p.write_bytes(exe)
    p.chmod(0o755)
    r = subprocess.run([str(p)], capture_output=True, text=True)
    assert (r.returncode, r.stdout) == (3, "hi 42\n")
    with pytest.raises(toolchain.LinkError):
        toolchain.link([tmp_path / "missing.o"])
    with pytest.raises(toolchain.LinkError):
        toolchain.link([b"not an elf file"], target="x86_64")
    with pytest.raises(ValueError):
        toolchain.link([exe], kind="dll")
    with pytest.raises(toolchain.LinkError) as e:
        toolchain.link([toolchain.assemble(".globl main\nmain: call nothere\n")],
                       kind="static", flags=[])
    assert "nothere" in str(e.value)


# -- compile ---------------------------------------------------------------------------------------

def test_compile_diagnostics_structured():
    with pytest.raises(toolchain.CompileError) as e:
        toolchain.compile("int f(void) {\n  int x = ;\n  return y;\n}\n", filename="t.c")
    d = e.value.diagnostics[0]
    assert (d.file, d.line, d.severity) == ("t.c", 2, "error") and d.column > 0
    with pytest.raises(toolchain.CompileError) as e:
        toolchain.compile("/no/such/file.c")
    assert e.value.diagnostics[0].message == "No such file or directory"
    with pytest.raises(toolchain.CompileError):
        toolchain.compile("int f(void) { return 0; }", flags=["--no-such-flag"])
    with pytest.raises(ValueError):
        toolchain.compile("int x;", output="pdf")
    asm = toolchain.compile("int f(int a) { return a * N; }", flags=["-DN=3"], opt=1,
                            output="asm")
    assert "f:" in asm


def test_compile_warnings_kept():
    obj = toolchain.compile("int f(int a) { int unused; return a; }", flags=["-Wall"])
    assert any(d.severity == "warning" and "unused" in d.message for d in obj.diagnostics)


# -- disassemble ---------------------------------------------------------------------------------

@pytest.mark.parametrize("target", TARGETS)
def test_disassemble_undecodable_bytes(target):
    junk = {"x86_64": b"\x0f\x0b\x06\xc3", "aarch64": b"\x00\x00\x00\x00\xc0\x03\x5f\xd6",
            "riscv64": b"\x00\x00\x00\x00\x67\x80\x00\x00"}[target]
    lst = toolchain.disassemble(junk, target=target, address=0x40)
    assert sum(i.size for i in lst) == len(junk)
    assert toolchain.encode_many(lst.text, target=target, address=0x40)[0] == junk


def test_disassemble_x86_near_jumps_round_trip():
    code = bytes.fromhex("e900000000" "0f8400000000" "eb00" "c3")
    lst = toolchain.disassemble(code, address=0x1000)
    assert [i.size for i in lst] == [5, 6, 2, 1]
    back = toolchain.encode_many(lst.text, address=0x1000)[0]
    if back != code:
        pytest.xfail("pyas ignores {disp32} on jmp/jcc (GNU as honours it): " + back.hex())


@pytest.mark.parametrize("target", TARGETS)
def test_roundtrip_sample(target):
    """A deterministic sample of the table-row round trip (the full sweep:
    python -m tests.api.roundtrip --target T). Rows capstone cannot decode are allowed;
    everything else must round-trip."""
    rows = roundtrip.ROWS[target]()[::31 if target == "x86_64" else 11]
    sweep = roundtrip._x86_sweep_lines() if target == "x86_64" else None
    bad = []
    for row in rows:
        why = roundtrip.check_row(target, row, sweep)
        if why is not None and not why.startswith(("capstone cannot decode",
                                                   "no generated instance")) \
                and row not in roundtrip.KNOWN[target]:
            bad.append(f"{row}: {why}")
    assert not bad, "\n".join(bad)




# -- run -------------------------------------------------------------------------------------------

def test_run_arguments_and_errors():
    add6 = "f: lea (%rdi,%rsi), %rax\n add %rdx, %rax\n add %rcx, %rax\n add %r8, %rax\n" \
           " add %r9, %rax\n ret\n"
    assert toolchain.run(add6, function="f", args=(1, 2, 3, 4, 5, 6)) == 21
    assert toolchain.run("f: mov %rdi, %rax\n ret\n", function="f", args=(-5,)) == -5
    assert toolchain.run("f: mov %rdi, %rax\n ret\n", function="f", args=(-5,),
                         returns="uint") == 2**64 - 5
    assert toolchain.run("f: cvtsd2ss %xmm0, %xmm0\n ret\n", function="f", args=(0.5,),
                         returns="float") == 0.5
    assert toolchain.run("f: movzbl 1(%rdi), %eax\n ret\n", function="f", args=("AB",)) == 66
    with pytest.raises(toolchain.EmulationError):
        toolchain.run("f: movq 0, %rax\n ret\n", function="f")          # unmapped memory
    with pytest.raises(toolchain.EmulationError):
        toolchain.run("f: jmp f\n", function="f", max_instructions=1000)
    with pytest.raises(toolchain.EmulationError):
        toolchain.run("f: call g\n ret\n", function="f")                # g undefined
    assert toolchain.run("f: mov %rdi, %rax\n call g\n ret\n", function="f", args=(9,),
                         symbols={"g": 0x100000 + 8}) == 9      # g: f's own ret
    with pytest.raises(toolchain.EmulationError):
        toolchain.run("f: ret\n", function="nope")
    with pytest.raises(toolchain.EmulationError):
        toolchain.run(b"\xc3", args=tuple(range(7)))
    with pytest.raises(TypeError):
        toolchain.run(b"\xc3", args=([1],))
    with pytest.raises(ValueError):
        toolchain.run(b"\xc3", returns="complex")


def test_bad_input_never_escapes_raw():
    """Random junk through each entry point: only the API's own exceptions."""
    import random
    rnd = random.Random(21)
    pieces = ["mov", "%rax", "$", "(", ")", ",", "x0", "[", "]", "#", ".macro", ".endm",
              ".rept 3", ".if", "1f", "\\", '"', "\n", "::", ".section", "@", "0x", "{", "}"]
    for k in range(150):
        t = TARGETS[k % 3]
        text = " ".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 8)))
        for fn in (lambda: toolchain.encode_many(text, target=t),
                   lambda: toolchain.assemble(text, target=t)):
            try:
                fn()
            except toolchain.AssemblyError as e:
                assert "internal error" not in str(e), (text, str(e))
        try:
            toolchain.compile(text.replace("\\", ""), target="x86_64")
        except toolchain.CompileError as e:
            assert "internal" not in str(e), (text, str(e))


@pytest.mark.parametrize("target", TARGETS)
def test_random_bytes_disassemble_and_run(target):
    """Random code: disassemble() covers every byte and its text re-encodes to the same bytes
    where capstone decoded it; run() returns or raises EmulationError."""
    import random
    rnd = random.Random(7)
    for k in range(25):
        data = bytes(rnd.randrange(256) for _ in range(4 * rnd.randint(1, 6)))
        lst = toolchain.disassemble(data, target=target, address=0x4000)
        assert sum(i.size for i in lst) == len(data)
        assert b"".join(i.bytes for i in lst) == data
        try:
            toolchain.run(data, target=target, max_instructions=2000)
        except toolchain.EmulationError:
            pass


@pytest.mark.parametrize("target", TARGETS)
def test_run_single_precision(target):
    src = {"x86_64": "f: mulss %xmm1, %xmm0\n ret\n", "aarch64": "f: fmul s0, s0, s1\n ret\n",
           "riscv64": "f: fmul.s fa0, fa0, fa1\n ret\n"}[target]
    assert toolchain.run(src, target=target, function="f",
                         args=(toolchain.F32(1.5), toolchain.F32(-2.25)),
                         returns="float") == -3.375
