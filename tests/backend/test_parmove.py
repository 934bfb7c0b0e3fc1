"""The parallel-move resolver: random parallel copies between registers and stack slots,
with cycles, executed on a toy machine, must give every destination its source's old value."""
from __future__ import annotations

import random

from toolchain.cc.backend.mir import FrameSlot, MInstr, Reg
from toolchain.cc.backend.parmove import resolve


class Toy:
    def move(self, dst, src):
        return MInstr("mov", [src, dst], ("u", "d"))

    def spill_load(self, reg, slot):
        return MInstr("mov", [slot, reg], ("u", "d"))

    def spill_store(self, reg, slot):
        return MInstr("mov", [reg, slot], ("u", "d"))


def run(code, state):
    for mi in code:
        s, d = mi.ops
        assert isinstance(s, Reg) or isinstance(d, Reg), "memory to memory move"
        state[d] = state[s]


def test_random_parallel_moves():
    rng = random.Random(12)
    regs = [Reg(i, "i", True, f"r{i}") for i in range(8)]
    scratch = {"i": [Reg(100, "i", True, "s0"), Reg(101, "i", True, "s1")]}
    slots = [FrameSlot(8, 8) for _ in range(6)]
    locs = regs + slots
    for _ in range(500):
        n = rng.randint(1, 10)
        dsts = rng.sample(locs, n)
        moves = [(rng.choice(locs), d, "i") for d in dsts]
        state = {x: ("v", k) for k, x in enumerate(locs)}
        before = dict(state)
        code = resolve(moves, Toy(), scratch)
        run(code, state)
        for s, d, _ in moves:
            assert state[d] == before[s]
        written = {d for _, d, _ in moves}
        for x in locs:
            if x not in written:
                assert state[x] == before[x]


def test_swap_uses_one_scratch():
    a, b = Reg(0, "i", True, "a"), Reg(1, "i", True, "b")
    scratch = {"i": [Reg(100, "i", True, "s0"), Reg(101, "i", True, "s1")]}
    code = resolve([(a, b, "i"), (b, a, "i")], Toy(), scratch)
    assert len(code) == 3
