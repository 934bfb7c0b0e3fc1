"""-g / --gdwarf-N for assembly sources: pyas objects byte-identical to GNU as 2.40's."""
from __future__ import annotations

import io
import os
import shutil
import subprocess

import pytest

from toolchain.asm.assembler import Assembler
from toolchain.diag import Diagnostics

GAS = {"x86_64": "as", "aarch64": "aarch64-linux-gnu-as", "riscv64": "riscv64-linux-gnu-as"}

X86 = """\
# 1 "t.S"
# 1 "<built-in>"
# 1 "t.S"
\t.text
\t.macro m2 a
\tnop
\tadd $\\a, %eax
\t.endm
\t.globl f
\t.type f, @function
f:\tnop; nop
\tm2 3
# 1 "sub/inc.h" 1
\tret
# 9 "t.S" 2
\t.rept 2
\tinc %eax

\tdec %eax
\t.endr
\t.p2align 4
\t.data; nop; .text; nop
\t.size f, .-f
\t.type g, @function
g:\tcli
#APP
# 40 "/abs/other.c" 1
\tsti
# 0 "" 2
#NO_APP
\tret
\t.size g, .-g
\t.section .text.b,"ax",@progbits
\t.type h, @function
h:\tret
\t.size h, 1
"""

AARCH64 = """\
\t.text
\t.globl f
\t.type f, %function
f:
\tadd x0, x0, 1
\tb .L1
\t.p2align 4
.L1:\tret
\t.size f, .-f
\t.section .text.b,"ax",%progbits
\t.type h, %function
h:\tnop
\t.size h, .-h
"""

RISCV = """\
\t.text
\t.globl f
\t.type f, @function
f:
\t.cfi_startproc
\taddi sp, sp, -16
\t.cfi_def_cfa_offset 16
\tbeqz a0, 1f
\tcall g
1:\tret
\t.cfi_endproc
\t.size f, .-f
\t.section .text.b,"ax",@progbits
\t.type h, @function
h:\tnop
\t.size h, .-h
"""

# a plain .file names the logical file: it counts once a line marker set the line
FILE_NAMES = """\
\t.text
f:\tnop
# 7 "x.S"
\tnop
\t.file "named.c"
\tnop
# 20
\tnop
"""

ONE_SECTION = """\
\t.text
f:\tnop
\t.type f, @function
\t.size f, .-f
\t.data
\t.long 1
"""


def _pyas(target, text, path, level):
    asm = Assembler(target, Diagnostics("pyas", style="gas", stream=io.StringIO()),
                    options={"gdwarf": level})
    data = asm.assemble(text, path)
    assert data is not None
    return data


def _gas(target, path, flag, out):
    tool = shutil.which(GAS[target])
    if tool is None:
        pytest.skip(f"{GAS[target]} not installed")
    subprocess.run([tool, flag, "-o", out, path], check=True, capture_output=True)
    with open(out, "rb") as f:
        return f.read()


@pytest.mark.parametrize("target,text", [("x86_64", X86), ("aarch64", AARCH64),
                                         ("riscv64", RISCV), ("x86_64", ONE_SECTION),
                                         ("x86_64", FILE_NAMES)])
@pytest.mark.parametrize("flag,level", [("-g", 2), ("--gdwarf-3", 3), ("--gdwarf-4", 4),
                                        ("--gdwarf-5", 5)])
def test_same_as_gas(tmp_path, monkeypatch, target, text, flag, level):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PWD", str(tmp_path))
    path = "t.s"
    (tmp_path / path).write_text(text)
    ref = _gas(target, path, flag, "ref.o")
    assert _pyas(target, text, path, level) == ref


def test_source_line_info_wins(tmp_path, monkeypatch):
    """A numbered .file turns -g's rows off; GNU as still adds the compilation unit (DWARF 2
    under -g, 3 without) when the source has no .debug_info."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PWD", str(tmp_path))
    text = '\t.file 1 "a.c"\n\t.text\n\tnop\n\t.loc 1 3\n\tnop\n\tnop\n'
    asm = Assembler("x86_64", Diagnostics("pyas", style="gas", stream=io.StringIO()),
                    options={"gdwarf": 2})
    asm.assemble_text(text, "a.s")
    rows = [p[1] for rows in asm.dwarf.rows.values() for _f, _o, p in rows]
    assert rows == [3]
    (tmp_path / "a.s").write_text(text)
    for flag, level in (("-g", 2), ("--gdwarf-4", 4)):
        assert _pyas("x86_64", text, "a.s", level) == _gas("x86_64", "a.s", flag, "ref.o")
    plain = Assembler("x86_64", Diagnostics("pyas", style="gas", stream=io.StringIO()))
    subprocess.run([shutil.which("as") or "as", "-o", "ref.o", "a.s"], check=True)
    assert plain.assemble(text, "a.s") == (tmp_path / "ref.o").read_bytes()


def test_rows_follow_markers_macros_and_repeats():
    from toolchain.elf.objfile import read_object
    text = X86
    data = _pyas("x86_64", text, "t.s", 5)
    obj = read_object(data, "t.o")
    names = [s.name for s in obj.sections]
    for want in (".debug_line", ".debug_line_str", ".debug_info", ".debug_abbrev",
                 ".debug_aranges", ".debug_str", ".debug_rnglists"):
        assert want in names
    asm = Assembler("x86_64", Diagnostics("pyas", style="gas", stream=io.StringIO()),
                    options={"gdwarf": 5})
    asm.assemble_text(text, "t.s")
    rows = [(p[0], p[1]) for rows in asm.dwarf.rows.values() for _f, _o, p in rows]
    files = {n: v[1] for n, v in asm.dwarf.files.items()}
    named = [(files[f], ln) for f, ln in rows]
    # f: line 8 (two nops, one row); the macro at its invocation (9); the include; the
    # repeat body at its own lines, twice; the .data nop took line 16's row; g at 18, the asm
    # statement at its marker; '# 0 "" 2' returns to the physical file and line (31)
    assert named == [("t.S", 8), ("t.S", 9), ("sub/inc.h", 1), ("t.S", 10), ("t.S", 12),
                     ("t.S", 10), ("t.S", 12), ("t.S", 18), ("/abs/other.c", 40), ("t.s", 31),
                     ("t.s", 35)]


GCC = {"x86_64": "gcc", "aarch64": "aarch64-linux-gnu-gcc", "riscv64": "riscv64-linux-gnu-gcc"}


@pytest.mark.parametrize("target", ["x86_64", "aarch64", "riscv64"])
@pytest.mark.parametrize("level", [2, 3, 4, 5])
def test_gcc_gdwarf_n(tmp_path, monkeypatch, target, level):
    """gcc -gdwarf-N passes --gdwarf-N to as: the source's own line table then has that
    version (a '.file 0' makes it 5)."""
    gcc = shutil.which(GCC[target])
    if gcc is None:
        pytest.skip(f"{GCC[target]} not installed")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.c").write_text("int g(int);\nint f(int x)\n{\n  return g(x) + 1;\n}\n")
    subprocess.run([gcc, f"-gdwarf-{level}", "-O2", "-S", "-o", "t.s", "t.c"], check=True)
    ref = _gas(target, "t.s", f"--gdwarf-{level}", "ref.o")
    assert _pyas(target, (tmp_path / "t.s").read_text(), "t.s", level) == ref
