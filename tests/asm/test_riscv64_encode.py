"""RISC-V encoder: single statements against riscv64-linux-gnu-as, byte for byte, with the
relocation types each statement produces (each statement assembled in its own section)."""
import os
import shutil
import subprocess
import tempfile

import pytest

from toolchain.arch.riscv64 import relocs as R
from toolchain.arch.riscv64.isa import Branch, Encoder, Insn, Label, branch_bytes, branch_size
from toolchain.elf.objfile import read_object

LINES = __import__('runpy').run_path(os.path.join(os.path.dirname(__file__), 'test_riscv64_lines.py'))['LINES']

GAS = shutil.which("riscv64-linux-gnu-as")
ARCH = '.attribute arch, "rv64i2p1_m2p0_a2p1_f2p2_d2p2_c2p0_zicsr2p0_zifencei2p0"\n.option pic\n'


class Opts:
    def __init__(self):
        self.rvc = True
        self.relax = True
        self.pic = True
        self.exts = {"m", "a", "f", "d", "c", "zicsr", "zifencei"}


def simple_parse(t):
    t = t.strip()
    try:
        return int(t, 0)
    except ValueError:
        pass
    if t.startswith("-"):
        try:
            return -int(t[1:], 0)
        except ValueError:
            pass
    return ("symref", t)


def ours(line):
    enc = Encoder(simple_parse, Opts())
    mn, _, rest = line.partition(" ")
    data = bytearray()
    rels = []
    for p in enc.encode(mn, rest):
        if isinstance(p, Label):
            continue
        if isinstance(p, Branch):
            b, fx = branch_bytes(p, branch_size(p, None))
            rels += [(len(data) + o, n) for o, n in fx]
            data += b
            continue
        for f in p.fixups:
            rels.append((len(data) + f.offset, f.rtype))
            if f.relax:
                rels.append((len(data) + f.offset, "R_RISCV_RELAX"))
        data += p.data
    return bytes(data), rels


def gnu_all(lines):
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "t.s")
        with open(src, "w") as f:
            f.write(ARCH)
            for i, l in enumerate(lines):
                f.write(f'.section .text.l{i},"ax",@progbits\n{l}\n')
        r = subprocess.run([GAS, src, "-o", os.path.join(d, "t.o")], capture_output=True,
                           text=True)
        assert r.returncode == 0, r.stderr
        obj = read_object(open(os.path.join(d, "t.o"), "rb").read())
    out = {}
    for s in obj.sections:
        if s.name.startswith(".text.l"):
            i = int(s.name[7:])
            out[lines[i]] = (bytes(s.data), [(x.offset, R.RELOCS.name(x.type)) for x in s.relocs])
    return out


_lines = [l for l in LINES.strip().splitlines() if l.strip()]


@pytest.fixture(scope="module")
def gnu():
    if GAS is None:
        pytest.skip("riscv64-linux-gnu-as not installed")
    return gnu_all(_lines)


@pytest.mark.parametrize("line", _lines)
def test_line(gnu, line):
    want = gnu[line]
    got = ours(line)
    assert got[0].hex() == want[0].hex()
    assert got[1] == want[1]
