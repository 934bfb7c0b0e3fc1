"""Target-independent assembler core: expressions, directives, macros, conditionals, errors."""
from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile

import pytest

from toolchain.asm.api import AssemblyFailed, assemble_object
from toolchain.elf import constants as C


def _sec(obj, name):
    return bytes(next(s for s in obj.sections if s.name == name).data)


def _sym(obj, name):
    return next(s for s in obj.symbols if s.name == name)


def test_expressions_and_data():
    obj = assemble_object("""
        .data
        .byte 1+2*3, (1<<4)|1, -1, 'a, 10%3, 7/2, ~0 & 0xf
        .short 0x1234
        .long 1 == 1, 2 < 1
        .quad 0x1122334455667788
        .set N, 5
        .equ M, N*2
        .byte M, N
        .ascii "a\\n"
        .asciz "b"
        .uleb128 300
        .sleb128 -2
        .fill 2, 2, 0x0102
        .zero 2
        .p2align 3
        .octa 1
    """)
    d = _sec(obj, ".data")
    assert d[:7] == bytes([7, 17, 255, 97, 1, 3, 15])
    assert d[7:9] == b"\x34\x12"
    assert d[9:17] == (-1 & 0xFFFFFFFF).to_bytes(4, "little") + b"\0\0\0\0"
    assert d[17:25] == bytes.fromhex("8877665544332211")
    assert d[25:27] == bytes([10, 5])
    assert d[27:32] == b"a\nb\0" + b"\xac"
    assert d[32:34] == b"\x02\x7e"
    assert d[34:40] == b"\x02\x01\x02\x01\0\0"
    assert len(d) == 40 + 16 and d[40] == 1


def test_label_differences_and_local_labels():
    obj = assemble_object("""
        .data
    1:  .byte 0
        .byte 2f - 1b
        .byte 3
    2:  .long 2b - 1b
        .long .Lend - .Lstart
    .Lstart:
        .zero 5
    .Lend:
    """)
    d = _sec(obj, ".data")
    assert d[1] == 3
    assert d[3:7] == (3).to_bytes(4, "little")
    assert d[7:11] == (5).to_bytes(4, "little")


def test_macros_rept_irp_and_conditionals():
    obj = assemble_object("""
        .macro put a, b=9
        .byte \\a, \\b
        .endm
        .data
        put 1
        put 2, 3
        .rept 3
        .byte 7
        .endr
        .irp x, 4, 5
        .byte \\x
        .endr
        .irpc c, 12
        .byte \\c
        .endr
        .if 1
        .byte 0xa
        .else
        .byte 0xb
        .endif
        .ifdef nosuch
        .byte 0xc
        .elseif 2 > 1
        .byte 0xd
        .endif
        .ifc foo,foo
        .byte 0xe
        .endif
    """)
    assert _sec(obj, ".data") == bytes([1, 9, 2, 3, 7, 7, 7, 4, 5, 1, 2, 0xA, 0xD, 0xE])


def test_sections_symbols_and_comdat():
    obj = assemble_object("""
        .section .text.f,"axG",@progbits,f,comdat
        .globl f
        .type f, @function
        .hidden f
    f:  ret
        .size f, .-f
        .pushsection .rodata
        .weak w
    w:  .long 1
        .popsection
        .comm c, 16, 8
        .local l
        .comm l, 4, 4
    """)
    f = _sym(obj, "f")
    assert f.bind == C.STB_GLOBAL and f.type == C.STT_FUNC and f.size == 1 and f.other == 2
    assert _sym(obj, "w").bind == C.STB_WEAK
    c = _sym(obj, "c")
    assert c.shndx == C.SHN_COMMON and c.value == 8 and c.size == 16
    assert _sym(obj, "l").section.name == ".bss"
    grp = [s for s in obj.sections if s.type == C.SHT_GROUP]
    assert len(grp) == 1 and grp[0].group_flags == C.GRP_COMDAT


def test_errors_are_reported_with_location():
    with pytest.raises(AssemblyFailed) as e:
        assemble_object("\tnop\n\tfrobnicate %eax\n", "x.s")
    assert "x.s:2: Error: no such instruction: `frobnicate %eax'" in e.value.messages
    with pytest.raises(AssemblyFailed) as e:
        assemble_object("\t.byte undefined_thing_is_fine\n\t.if\n", "y.s")
    assert "y.s:2: Error:" in e.value.messages


def test_cli_exit_status_and_no_output(tmp_path):
    src = tmp_path / "bad.s"
    src.write_text("\tmovl %eax\n")
    out = tmp_path / "bad.o"
    r = subprocess.run([sys.executable, "-m", "toolchain.asm", "-o", str(out), str(src)],
                       capture_output=True, text=True)
    assert r.returncode == 1
    assert f"{src}:1: Error:" in r.stderr
    assert not out.exists()
    good = tmp_path / "good.s"
    good.write_text("\tret\n")
    r = subprocess.run([sys.executable, "-m", "toolchain.asm", "--64", "-o", str(out), str(good)],
                       capture_output=True, text=True)
    assert r.returncode == 0 and out.exists()
    r = subprocess.run([sys.executable, "-m", "toolchain.asm", "--bogus-flag"],
                       capture_output=True, text=True)
    assert r.returncode == 1



@pytest.mark.parametrize("count", ["0", "-1", "-5"])
def test_zero_with_count_of_zero_or_below_is_ignored_with_a_warning(tmp_path, count):
    """GNU as: `.zero N` with N <= 0 warns '.space repeat count is zero, ignored' (a negative
    count used to raise a TypeError inside pyas: 'bad statement')."""
    src = tmp_path / "z.s"
    src.write_text(f".data\n.byte 1\n.zero {count}\n.byte 2\n")
    out = tmp_path / "z.o"
    r = subprocess.run([sys.executable, "-m", "toolchain.asm", "-o", str(out), str(src)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert f"{src}:3: Warning: .space repeat count is zero, ignored" in r.stderr
    assert "TypeError" not in r.stderr
    from elftools.elf.elffile import ELFFile
    with open(out, "rb") as fh:
        assert ELFFile(fh).get_section_by_name(".data").data() == b"\x01\x02"

# GNU as (2.42, x86-64): `.zero 0x400000000000000` in .bss is a .bss of that size, the
# labels after each fill at its end, the .p2align 12 padding counted too
_NOBITS_SRC = """\
.bss
a: .byte 0
b: .zero 0x400000000000000
c: .space 3
d: .p2align 12
e: .byte 0
.section .mynb,"aw",@nobits
f: .skip 0x10000, 0
g:
"""
_NOBITS_GNU = {"a": 0, "b": 1, "c": 0x400000000000001, "d": 0x400000000000004,
               "e": 0x400000000001000, "f": 0, "g": 0x10000}

# the child: one pyas run, its exit status and its own peak RSS (VmHWM: ru_maxrss would keep
# the forking parent's peak)
_PYAS_CHILD = """\
import json, sys
from toolchain.asm.main import main
rc = main(sys.argv[1:])
with open("/proc/self/status") as f:
    hwm = [int(x.split()[1]) for x in f if x.startswith("VmHWM:")][0]
print(json.dumps([rc, hwm]))
"""


def test_nobits_zero_fill_is_a_size_not_bytes(tmp_path):
    """Zero fill in a NOBITS section counts its size without storing bytes (issue 19: a
    `.zero 0x400000000000000` in .bss was 'internal error: MemoryError', exit 4)."""
    import json
    from elftools.elf.elffile import ELFFile
    src = tmp_path / "z.s"
    src.write_text(_NOBITS_SRC)
    out = tmp_path / "z.o"
    r = subprocess.run([sys.executable, "-m", "toolchain.asm", "-o", str(out), str(src)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    with open(out, "rb") as fh:
        elf = ELFFile(fh)
        assert elf.get_section_by_name(".bss")["sh_size"] == 0x400000000001001
        assert elf.get_section_by_name(".bss")["sh_addralign"] == 4096
        assert elf.get_section_by_name(".mynb")["sh_size"] == 0x10000
        syms = {s.name: s["st_value"] for s in elf.get_section_by_name(".symtab").iter_symbols()}
    assert {k: syms[k] for k in _NOBITS_GNU} == _NOBITS_GNU
    # a 1 GiB fill in .bss: the child stays small
    big = tmp_path / "big.s"
    big.write_text(".bss\nx: .byte 0\n.zero 0x40000000\n.p2align 12\ny: .byte 0\n")
    p = subprocess.run([sys.executable, "-c", _PYAS_CHILD, "-o", str(tmp_path / "big.o"),
                        str(big)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    rc, hwm_kb = json.loads(p.stdout.strip().splitlines()[-1])
    assert rc == 0, p.stderr
    assert hwm_kb < 200 * 1024, hwm_kb
    with open(tmp_path / "big.o", "rb") as fh:
        assert ELFFile(fh).get_section_by_name(".bss")["sh_size"] == 0x40001001


LINES = """\tmovl\t-4(%rbp), %eax
\taddq\t$16, %rsp
\tleaq\t.LC0(%rip), %rdi
\tcall\tprintf@PLT
\t.section\t.rodata.str1.1,"aMS",@progbits,1
\t.cfi_def_cfa_offset 16
\t.long\t.L3-.L4
\t.p2align 4,,10
\tmovsd\t.LC1(%rip), %xmm0
\t.string\t"hi\\n"
\t.uleb128 .LEHE0-.LEHB0
\t.macro m a
\t.rept 2
\t.if 1
""".splitlines()


def test_mutations_never_crash():
    rnd = random.Random(1234)
    chars = "%$(),.:@\"'\\#;-+*/<>=!~0123456789abcxyzLCFIP \t\n"
    for _ in range(300):
        lines = [rnd.choice(LINES) for _ in range(rnd.randint(1, 6))]
        text = "\n".join(lines)
        t = list(text)
        for _ in range(rnd.randint(1, 6)):
            op = rnd.randint(0, 2)
            pos = rnd.randrange(len(t) + 1)
            if op == 0 and t:
                del t[min(pos, len(t) - 1)]
            elif op == 1:
                t.insert(pos, rnd.choice(chars))
            elif t:
                t[min(pos, len(t) - 1)] = rnd.choice(chars)
        text = "".join(t)
        try:
            assemble_object(text, "fuzz.s")
        except AssemblyFailed:
            pass


def _relax_program(target):
    """Branches over stretches of code that shrink one after another, alignments, CFI,
    line info and data appended to sections after the first layout."""
    lines = ['\t.file 0 "/d" "r.c"', '\t.file 1 "r.c"', "\t.text", "f:", "\t.cfi_startproc"]
    br = {"riscv64": "\tbeqz a0, .L{n}", "aarch64": "\tcbz x0, .L{n}",
          "x86_64": "\tjz .L{n}"}[target]
    body = {"riscv64": "\taddi a0, a0, 1", "aarch64": "\tadd x0, x0, 1",
            "x86_64": "\taddl $1, %eax"}[target]
    rng = random.Random(7)
    for n in range(60):
        lines.append(f"\t.loc 1 {n + 2} view .LVU{n}")
        lines.append(br.format(n=n))
        lines += [body] * rng.choice((1, 20, 60, 300))
        if n % 7 == 0:
            lines.append("\t.p2align 3")
        lines.append(f".L{n}:")
    lines.append(body)          # the code ends off its alignment: RISC-V pads it at the end
    # view numbers are known only after the first layout
    lines += ["\t.section .debug_loclists,\"\"," + ("%progbits" if target == "aarch64" else
                                                     "@progbits")]
    lines += [f"\t.uleb128 .LVU{n}" for n in range(60)]
    lines.append("\t.text")
    lines += ["\t.cfi_endproc", "\t.section .debug_line,\"\",@progbits" if target != "aarch64"
              else "\t.section .debug_line,\"\",%progbits"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("target", ["x86_64", "aarch64", "riscv64"])
def test_second_relaxation_reuses_layout(monkeypatch, target):
    """The second layout (after line table and CFI) keeps converged fragments: the object is
    the one a layout from scratch gives."""
    from toolchain.asm.api import assemble
    from toolchain.asm.assembler import Assembler
    text = _relax_program(target)
    warm = assemble(text, "r.s", target)
    orig = Assembler.relax
    monkeypatch.setattr(Assembler, "relax",
                        lambda self, sections=None, warm=False: orig(self, sections, False))
    assert assemble(text, "r.s", target) == warm


def test_riscv_relax_size_is_branch_size():
    """RISC-V's relax_size and relax_plan agree with isa.branch_size."""
    from toolchain.asm.assembler import Assembler, Frag
    from toolchain.asm.expr import Value
    from toolchain.arch.riscv64 import isa
    asm = Assembler("riscv64")
    t = asm.target
    sec = asm.text_sec
    tf = Frag(sec)
    lab = asm.symbol(".Lt")
    lab.frag, lab.offset, lab.section, lab.defined = tf, 0, sec, True
    for kind, rvc in (("jal", True), ("jal", False), ("b", True), ("b", False)):
        br = isa.Branch(kind, 0x6F if kind == "jal" else 0x63, rvc, Value(0, lab))
        f = Frag(sec)
        f.var = br
        for d in (-5000, -4097, -4096, -2049, -2048, -257, -256, -2, 0, 254, 256, 2046, 2048,
                  4094, 4096, 9000):
            tf.addr = 100000 + d
            assert t.relax_size(f, 100000) == isa.branch_size(br, d), (kind, rvc, d)
            # the plan the relaxation loop evaluates (AsmTarget.relax_plan's contract)
            p = t.relax_plan(f)
            g, off, lo1, hi1, s1, lo2, hi2, s2, far = p
            e = g.addr + off - 100000
            n = s1 if lo1 <= e < hi1 else s2 if lo2 <= e < hi2 else far
            assert n == isa.branch_size(br, d), (kind, rvc, d)


def test_second_relaxation_gcc_debug_output(monkeypatch):
    """gcc -O2 -g output (location lists with view numbers known only after the first layout):
    the reused layout gives the object a layout from scratch gives."""
    from toolchain.asm.api import assemble
    from toolchain.asm.assembler import Assembler
    from tests.asm import corpus
    path = os.path.join(corpus.CORPUS, "aarch64", "torture", "O2g", "int-compare.s")
    if not os.path.exists(path):
        pytest.skip("corpus file not generated (python -m tests.asm.corpus --target aarch64)")
    with open(path) as f:
        text = f.read()
    warm = assemble(text, path, "aarch64")
    orig = Assembler.relax
    monkeypatch.setattr(Assembler, "relax",
                        lambda self, sections=None, warm=False: orig(self, sections, False))
    assert assemble(text, path, "aarch64") == warm
