"""IR text -> pycc AArch64 back end -> pyas in memory -> unicorn (no GNU tool, no linking)."""
from __future__ import annotations

from toolchain.cc.ir import parse_module, verify
from toolchain.cc.opt import optimize_module
from toolchain.elf.objfile import read_object

BASE = 0x100000
ARENA = 0x300000
ARENA_SIZE = 0x10000


def compile_ir(text: str, opt):
    """opt: 0, 1, or "spill" (every virtual register in a stack slot)."""
    from toolchain.arch.aarch64.cc import compile_module
    m = parse_module(text)
    verify(m)
    regalloc = None
    if opt == "spill":
        opt, regalloc = 0, "spill"
    if opt:
        optimize_module(m, opt, verify=True)
    return compile_module(m, opt, regalloc)


class Machine:
    """The .text of one compiled module (no relocations) in unicorn, callable by name."""

    def __init__(self, asm: str):
        from toolchain.asm.api import assemble
        from toolchain.emu import Emulator
        self.asm = asm
        obj = read_object(assemble(asm, "<test>", target="aarch64"))
        text = next(s for s in obj.sections if s.name == ".text")
        if text.relocs:
            raise AssertionError(f"test code must not need relocations: {text.relocs[:3]}")
        self.emu = Emulator("aarch64")
        self.emu.map(BASE, max(len(text.data), 1) + 0x1000)
        self.emu.write(BASE, bytes(text.data))
        self.emu.map(ARENA, ARENA_SIZE)
        self.syms = {s.name: BASE + s.value for s in obj.symbols
                     if s.section is text and s.name}

    def call(self, name, ints=(), floats=(), returns="uint"):
        return self.emu.call_abi(self.syms[name], ints, floats, returns)


def machine(text: str, opt) -> Machine:
    return Machine(compile_ir(text, opt))
