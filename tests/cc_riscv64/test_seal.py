"""RISC-V finished functions sealed as pycc feeds them (toolchain.asm.seal with the target's
``seal_label_relocs`` and ``seal_frame``): branches, relocations against `.L` labels, CFI
advances across GNU as's fragments and GNU as's symbol order come out as assembling the whole
text at the end gives (and as GNU as gives), and the assembler keeps compact records only."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

# branches (short, RVC, and relaxed to an inverted branch + jal over a body past 4 KiB), a
# jump table (label differences in .rodata), calls before and after the callee's definition,
# globals, a double constant, strings, an over-aligned function (R_RISCV_ALIGN), CFI with
# remember/restore state around early returns, inline asm with a numeric local label
SOURCE = r"""
#ifndef ALIGNED
#define ALIGNED
#endif
extern int ext(int);
extern char buf[64];
int later(int);
static int slater(int);
int g0, g1;
static const char *names[] = { "zero", "one", "two" };

int sw(int x) {
    switch (x) { case 1: return 3; case 2: return 5; case 3: return 7; case 4: return 9;
                 case 5: return later(x); case 6: return slater(x); }
    return ext(x);
}

int loop(int *p, int n) {
    int s = 0;
    for (int i = 0; i < n; i++) { if (p[i] > 3) s += ext(i); else s--; if (s > 100) break; }
    return s + g0;
}

double fl(double x) { return x > 0 ? x * 3.5 : -x; }

ALIGNED int aligned_fn(int x) { return x ? g1 + x : names[x][0]; }

int far(int x) {
    if (x) {
#define S(k) g0 += x * k; g1 ^= g0 + k;
#define S10(k) S(k) S(k+1) S(k+2) S(k+3) S(k+4) S(k+5) S(k+6) S(k+7) S(k+8) S(k+9)
        S10(0) S10(10) S10(20) S10(30) S10(40) S10(50) S10(60) S10(70) S10(80) S10(90)
    }
    return g1;
}

int spin(int n) {
    __asm__ volatile("1: addi %0, %0, -1\n\tbnez %0, 1b" : "+r"(n));
    return n;
}

int later(int x) { return x + 1; }
static int slater(int x) { return x + 2 + buf[x]; }
int last(int x) { return sw(x) + loop(&g0, x) + far(x) + later(x); }
"""


def _pycc(args):
    r = subprocess.run([sys.executable, "-m", "toolchain.cc", "--target=riscv64-linux-gnu"]
                       + args, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return r


@pytest.mark.parametrize("opts", [["-O0"], ["-O2"], ["-O0", "-fPIC"],
                                  ["-O0", "-DALIGNED=__attribute__((aligned(32)))"]],
                         ids=["O0", "O2", "O0-fPIC", "O0-aligned"])
def test_sealed_object_is_the_whole_text_assembled(tmp_path, opts):
    """`pycc -c` (sealed as fed) = `pycc -S` + pyas (the whole text at once), byte for
    byte; and GNU as's object of the same text has the same sections, relocations and
    symbols (tests.asm.compare: not their order, where GNU as enters a `.L` string label at
    its `.type` directive and pyas at its first relocation, a difference older than
    sealing)."""
    src = tmp_path / "seal.c"
    src.write_text(SOURCE)
    _pycc(opts + ["-c", str(src), "-o", str(tmp_path / "c.o")])
    _pycc(opts + ["-S", str(src), "-o", str(tmp_path / "s.s")])
    r = subprocess.run([sys.executable, "-m", "toolchain.asm", "--target=riscv64-linux-gnu",
                        str(tmp_path / "s.s"), "-o", str(tmp_path / "s.o")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    sealed = (tmp_path / "c.o").read_bytes()
    assert sealed == (tmp_path / "s.o").read_bytes()
    gas = shutil.which("riscv64-linux-gnu-as")
    if gas is None:
        return
    from tests.asm.compare import compare_objects
    subprocess.run([gas, "-o", str(tmp_path / "g.o"), str(tmp_path / "s.s")], check=True)
    assert compare_objects(sealed, (tmp_path / "g.o").read_bytes()) == []


def _assembler_after(tmp_path, opts):
    """What the assembler of an in-process `pycc -c` holds at its end, before the object is
    built: (sealer, {section name: (fixed fragment's code size, its fixup entry types, the
    packed record or None)}, the CFI records, `.L` names of sealed code still in the symbol
    table)."""
    from toolchain.asm.seal import SealedRelocs
    from toolchain.cc.backend import objwriter
    from toolchain.cc.main import main
    seen = []
    fin = objwriter.ObjectWriter.finish

    def finish(self):
        asm, sealer = self.asm, self.sealer
        fixed = dict(sealer.fixed) if sealer is not None else {}
        secs = {sec.name: (len(f.data), [type(x) for x in f.fixups],
                           next((x for x in f.fixups if type(x) is SealedRelocs), None),
                           sec.subsecs[0][0] is f) for sec, f in fixed.items()}
        named = [n for n, s in asm.symbols.items()      # (numeric labels' instances stay)
                 if n.startswith(".L") and "\x02" not in n and s.frag in fixed.values()]
        seen.append((sealer, secs, list(asm.cfi.fdes), named))
        return fin(self)
    src = tmp_path / "seal.c"
    src.write_text(SOURCE)
    objwriter.ObjectWriter.finish = finish
    try:
        rc = main(["--target=riscv64-linux-gnu"] + opts +
                  ["-c", str(src), "-o", str(tmp_path / "in.o")])
    finally:
        objwriter.ObjectWriter.finish = fin
    assert rc == 0 and seen
    return seen[0]


def test_functions_are_sealed(tmp_path):
    """What the assembler keeps of finished functions: one fixed fragment of code with one
    packed relocation record, compact CFI records, no `.L` label by name."""
    from toolchain.arch.riscv64.cfi import SealedFrame
    from toolchain.asm.seal import SealedRelocs
    sealer, secs, fdes, named = _assembler_after(tmp_path, ["-O0"])
    assert sealer is not None
    size, types, pack, first = secs[".text"]
    assert size > 4096 and first and types == [SealedRelocs]
    assert len(pack.nums) == 3 * len(pack.syms) > 40
    # every function's CFI is sealed, with advances across fragments as label pairs
    assert len(fdes) == 9 and all(type(f) is SealedFrame for f in fdes)
    assert any(i[0] == "advance_labels" for f in fdes for i in f.insns)
    # the labels of sealed code are no longer looked up by name (jump-table targets and
    # branch targets stay in the symbol list for the relocations that name them)
    assert named == []


def test_debug_info_is_not_sealed(tmp_path):
    """-g: line rows name code positions, so the code is finished only at the end (the
    object is still the whole text's: same_object's -g sample checks the bytes)."""
    sealer, secs, fdes, named = _assembler_after(tmp_path, ["-O0", "-g"])
    assert sealer is not None and secs == {}
