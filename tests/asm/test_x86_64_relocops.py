"""x86-64 relocation operators as GNU as 2.40 reads them, compared live with GNU as: in data
directives (`.long sym@GOTPCREL`, `4+ext+4@PLT`, field sizes, `- .`), `@PLT` and calls against
local symbols, and local IFUNC symbols (never resolved or reduced to their section)."""
from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys

import pytest

from tests.asm.compare import compare_objects

GAS = shutil.which("as")
pytestmark = pytest.mark.skipif(GAS is None or os.uname().machine != "x86_64",
                                reason="GNU as for x86-64 not installed")

OPS = ["PLT", "GOTPCREL", "GOT", "GOTOFF", "GOTPLT", "PLTOFF", "GOTTPOFF", "TPOFF", "NTPOFF",
       "DTPOFF", "TLSGD", "TLSLD", "TLSDESC", "SIZE", "GOTPC", "plt", "PLTX", "FOO"]
TLS = {"GOTTPOFF", "TPOFF", "DTPOFF", "TLSGD", "TLSLD", "TLSDESC"}
FORMS = ["{s}@{o}", "{s}@{o}+4", "{s}@{o}-.", "{s}@{o}-.+2", "{s}+4@{o}", "4+{s}+4@{o}+1",
         "({s}+4)@{o}", "{s} @{o}", "{s}@{o}-{s}"]
HEAD = "\t.text\ng:\tret\n\t.data\n\t.byte 0\n"
TAIL = "\t.section .rodata\nh:\t.byte 1\n"


def _lines():
    out = []
    for o, f, s, d in itertools.product(OPS, FORMS, ["ext", "g", "h"],
                                        [".byte", ".short", ".long", ".quad"]):
        if s != "ext" and o in TLS:
            continue        # "Accessing `g' as thread-local object" has no line: below
        out.append(f"\t{d} {f.format(s=s, o=o)}\n")
    return out


def _run(tool, src, tmp_path, name):
    s = tmp_path / f"{name}.s"
    s.write_text(src)
    o = tmp_path / f"{name}-{os.path.basename(tool[-1])}.o"
    r = subprocess.run([*tool, "-o", str(o), str(s)], capture_output=True, text=True,
                       cwd=tmp_path)
    return r, o


def _errors(stderr):
    return sorted(ln for ln in stderr.splitlines() if "Error:" in ln)


PYAS = [sys.executable, "-m", "toolchain.asm"]


def test_data_operators_match_gas(tmp_path):
    """All forms in one file, as GNU as reads them: the same errors; then the lines GNU
    accepts again (errors found when relocations are written show only without earlier
    ones), until GNU writes an object: the same relocations and bytes."""
    lines = _lines()
    first = HEAD.count("\n") + 1
    at = lambda errs: {int(re.match(r"[^:]*:(\d+):", e).group(1)) for e in errs}
    for rnd in range(4):
        src = HEAD + "".join(lines) + TAIL
        g, go = _run([GAS], src, tmp_path, f"r{rnd}")
        p, po = _run(PYAS, src, tmp_path, f"r{rnd}")
        gerr, perr = _errors(g.stderr), _errors(p.stderr)
        if not gerr:
            break
        # GNU as gives a second error for a few nonsense forms (`g@PLT-g`): each of our
        # errors is one of GNU's, on the same lines
        assert set(perr) <= set(gerr), sorted(set(perr) - set(gerr))[:10]
        assert at(gerr) == at(perr), sorted(at(gerr) ^ at(perr))[:10]
        bad = at(gerr)
        lines = [ln for i, ln in enumerate(lines, first) if i not in bad]
    assert g.returncode == 0 and p.returncode == 0, p.stderr
    assert len(lines) > 100
    assert compare_objects(po.read_bytes(), go.read_bytes()) == []


@pytest.mark.parametrize("src", [
    # TLS operators on a symbol that is not thread-local: an error at the end, no line
    "\t.data\n\t.long g@TLSGD\n\t.quad h@DTPOFF\ng:\t.long 0\n\t.section .rodata\nh:\n",
    "\t.text\n\tmovq g@GOTTPOFF(%rip), %rax\n\t.data\ng:\t.long 1\n",
    # global, weak and equated symbols too, named as written
    "\t.text\n\tmovl %fs:g@TPOFF, %eax\n\tmovq g2@GOTTPOFF(%rip), %rax\n"
    "\tleaq w@TLSGD(%rip), %rdi\n\t.data\n\t.globl g\ng:\t.long 0\n\t.weak w\nw:\t.long 0\n"
    "g2 = g\n",
])
def test_thread_local_operator_on_other_symbol(tmp_path, src):
    g, _ = _run([GAS], src, tmp_path, "t")
    p, po = _run(PYAS, src, tmp_path, "t")
    assert g.returncode == p.returncode == 1
    assert _errors(p.stderr) == _errors(g.stderr)
    assert not po.exists()


@pytest.mark.parametrize("src", [
    # local IFUNC: relocations keep the symbol, nothing is resolved in the assembler; a call
    # before the definition is PLT32, after it PC32, a jump PC32, @PLT always PLT32
    "\t.text\n\t.type ifn,@gnu_indirect_function\nifn:\tret\n\tcall ifn\n\tjmp ifn\n"
    "\tje ifn\n\tjmp ifn@PLT\n\tje ifn@PLT\n\t.long ifn-.\n\t.long ifn - g\ng:\t.quad ifn\n"
    "\tlea ifn(%rip),%rax\n",
    "\t.text\n\tcall ifn\n\tjmp ifn\n\tje ifn\n\tjmp ifn@PLT\n\tcall ifn@PLT\n\t.long ifn-.\n"
    "\t.quad ifn\n\tlea ifn(%rip),%rax\n\t.type ifn,@gnu_indirect_function\nifn:\tret\n"
    "\t.data\n\t.quad ifn\n\t.long ifn@PLT\n",
    # @PLT against local symbols: the plain relocation against the section
    "\t.text\ng:\tret\nf:\tcall g@PLT\n\tcall .Lh@PLT\n\tjmp g@PLT\n\tcall h@PLT\n"
    "\tcall k@PLT\n\t.long h@PLT\n.Lh:\tret\n\t.data\nh:\t.byte 1\n\t.section .text.b,\"ax\"\n"
    "k:\tret\n",
    # a call decided where it is read: the symbol is defined (and local) by then or not
    "\t.text\n\tcall f\n\tcall g\n\tcall h\n\t.globl g\ng:\tret\nf:\tret\n"
    "\t.section .text.b,\"ax\"\nh:\tret\n\tcall f\n\tcall g\n",
    # @SIZE of a local symbol is its size, also one .size gives before the symbol's end
    "\t.data\n\t.size g,8\ng:\t.long g@SIZE+4\n\t.quad g@SIZE\n\t.long ext@SIZE-.\n",
    "\t.text\n\t.size fwd, fend - fwd\n\t.long fwd@SIZE\n\tmovl $fwd@SIZE, %eax\n"
    "fwd:\t.byte 1,2,3\nfend:\n\t.size f2, e2 - f2\n\t.long f2@SIZE\nf2:\t.byte 1\n"
    "\t.p2align 4\ne2:\n",
    # sym@OP - label: the label's distance in the addend
    "\t.data\nlab:\t.long 0\n\t.long ext@GOTPCREL - lab\n\t.long ext@GOTPCREL - later\n"
    "\t.quad ext@GOTPCREL - lab\n\t.quad ext@GOT - lab\n\t.long ext@TPOFF - lab\n"
    "\t.quad ext@SIZE - lab\nlater:\t.long 0\n",
    # PLT32 only for `sym` itself; a call decided when read
    "\t.text\n\tcall ext+4\n\tcall 4+ext\n\tcall ext-4\n\tjmp ext+4\n\tcall ext\n"
    "f:\tret\n\tcall f\n\t.globl f\n",
    # an IFUNC's size and differences in directives fold; in data they stay relocations
    "\t.text\n\t.type ifn, @gnu_indirect_function\nifn:\tret\n\tret\n\t.size ifn, .-ifn\n"
    "e:\n\t.if e - ifn\n\t.space e - ifn\n\t.endif\n\t.long ifn - .\n",
])
def test_objects_match_gas(tmp_path, src):
    g, go = _run([GAS], src, tmp_path, "o")
    p, po = _run(PYAS, src, tmp_path, "o")
    assert g.returncode == 0 and p.returncode == 0, p.stderr
    assert compare_objects(po.read_bytes(), go.read_bytes()) == []
