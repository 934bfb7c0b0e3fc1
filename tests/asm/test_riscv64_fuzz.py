"""Random mutations of RISC-V corpus lines must give diagnostics, never a Python exception.

Script: ``python -m tests.asm.test_riscv64_fuzz [--count N] [--seed S]`` (default 10,000
mutated lines); the pytest part runs 600.
"""
from __future__ import annotations

import glob
import io
import os
import random
import sys

import pytest

SEED_LINES = r"""
	ld	a5,-24(s0)
	sd	ra,24(sp)
	addi	sp,sp,-32
	li	a5,305419896
	li	a0,-1
	lla	a5,.LC0
	la	a0,x
	call	printf
	tail	abort
	beq	a5,zero,.L2
	bgtu	a4,a5,.L3
	j	.L4
	jr	a5
	sext.w	a5,a5
	fld	fa5,-40(s0)
	fcvt.w.d	a5,fa5,rtz
	fmadd.d	fa0,fa1,fa2,fa3
	amoswap.w.aq	a5,a4,0(a3)
	lr.d	a0,(a1)
	csrr	a0,fflags
	fence	iorw,iorw
	sw	a0,.LANCHOR0,a5
	lui	a0,%hi(x)
	addi	a0,a0,%lo(x)
	auipc	a0,%pcrel_hi(x)
	add	a0,a0,tp,%tprel_add(x)
	.word	.L5-.L3
	.half	1,2
	.dword	x+8
	.align	3
	.option	push
	.option	norvc
	.option	pop
	.attribute	stack_align, 16
	.attribute	arch, "rv64i2p1_m2p0_a2p1_f2p2_d2p2_c2p0"
	.option	arch, +zba
	sh1add	a0,a1,a2
	c.addi	a0,1
	.insn	0x13
""".strip("\n").splitlines()

TOKENS = ["a0", "zero", "x31", "x32", "f1", "fa0", "%lo(", "%pcrel_lo(.L0)", ")", "(", ",",
          "0x", "-", "+", "999999999999999999999", ".L9", "sp", "rtz", "\"", "'", "#", ";",
          ".option", "@plt", "1b", "1f", "%hi", "%tprel_add(y)", "0(a0)", "(a0", "c.", ".w",
          "\\", "~", "<<", "$", "=", ":", "%", "4096", "-2049"]


def mutate(line: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 3)):
        k = rng.randrange(7)
        if not line:
            line = rng.choice(TOKENS)
            continue
        i = rng.randrange(len(line) + 1)
        if k == 0:
            line = line[:i] + line[i + 1:]
        elif k == 1:
            line = line[:i] + rng.choice(TOKENS) + line[i:]
        elif k == 2:
            line = line[:i]
        elif k == 3:
            parts = line.split(",")
            rng.shuffle(parts)
            line = ",".join(parts)
        elif k == 4:
            line = line[:i] + chr(rng.randrange(32, 127)) + line[i:]
        elif k == 5:
            toks = line.replace(",", " , ").split()
            if toks:
                toks[rng.randrange(len(toks))] = rng.choice(TOKENS)
            line = " ".join(toks)
        else:
            line = line + "," + rng.choice(TOKENS)
    return line


def corpus_lines(limit=4000):
    lines = list(SEED_LINES)
    for p in sorted(glob.glob(os.path.join(os.path.expanduser("~"), ".cache", "pytoolchain",
                                           "gnu-build", "riscv64", "s", "*.s")))[:40]:
        with open(p, encoding="latin-1") as f:
            lines += [l.rstrip("\n") for l in f if l.startswith("\t")][:200]
    return lines[:limit]


def run(count: int, seed: int) -> list[str]:
    """Assemble ``count`` mutated lines (in chunks); return the lines that raised."""
    from toolchain.asm.assembler import Assembler
    from toolchain.diag import Diagnostics
    rng = random.Random(seed)
    base = corpus_lines()
    bad = []
    chunk = 1
    for start in range(0, count, chunk):
        lines = [mutate(rng.choice(base), rng) for _ in range(min(chunk, count - start))]
        text = ".attribute arch, \"rv64gc\"\n" + "\n".join(lines) + "\n.L0: .L2: .L3: .L4: .L5:\n"
        try:
            a = Assembler("riscv64", diag=Diagnostics("pyas", "gas", stream=io.StringIO()))
            a.assemble(text, "fuzz.s")
        except Exception as e:  # noqa: BLE001
            # find the single line responsible
            for l in lines:
                try:
                    a = Assembler("riscv64",
                                  diag=Diagnostics("pyas", "gas", stream=io.StringIO()))
                    a.assemble(l + "\n", "fuzz.s")
                except Exception as e2:  # noqa: BLE001
                    bad.append(f"{l!r}: {type(e2).__name__}: {e2}")
                    break
            else:
                bad.append(f"<chunk>: {type(e).__name__}: {e}")
    return bad


def test_fuzz_no_exception():
    bad = run(600, 1)
    assert not bad, bad[:5]


def main(argv=None):
    import argparse
    p = argparse.ArgumentParser()
    p.add_argument("--count", type=int, default=10000)
    p.add_argument("--seed", type=int, default=12345)
    a = p.parse_args(argv)
    bad = run(a.count, a.seed)
    for b in bad[:50]:
        print("ERROR", b)
    chunks = a.count
    print(f"{chunks - len(bad)} passed, {len(bad)} failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
