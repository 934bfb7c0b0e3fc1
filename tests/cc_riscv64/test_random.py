"""Random SSA programs (phis, floats, calls, selects under register pressure; the generator of
tests/ir/test_regalloc_fuzz.py) compiled for RISC-V 64 at -O0, -O1 and spill-everything must
agree in unicorn."""
import random

import pytest

from tests.cc_riscv64.helpers import machine
from tests.ir.test_regalloc_fuzz import H, gen


@pytest.mark.parametrize("seed", [101, 102, 103])
def test_random_ssa_programs(seed):
    rnd = random.Random(seed)
    text = H + "\n".join(gen(rnd, f"s{i}") for i in range(8))
    ms = {o: machine(text, o) for o in (0, 1, "spill")}
    for i in range(8):
        for ints, flt in [((1, 2), 0.5), ((-5, 99), 3.25), ((1 << 40, 7), -1.5)]:
            r = [ms[o].call(f"s{i}", ints, [flt], returns="int") for o in (0, 1, "spill")]
            assert len(set(r)) == 1, (seed, i, ints, flt, r)
