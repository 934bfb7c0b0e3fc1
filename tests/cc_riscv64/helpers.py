"""Helpers for the RISC-V 64 back-end tests: IR text -> object (pycc back end + pyas in memory)
-> pyld static image -> unicorn; C files -> pycc -> qemu-riscv64."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

import pytest

from toolchain.cc.ir import parse_module, verify
from toolchain.cc.opt import optimize_module

SYSROOT = "/usr/riscv64-linux-gnu"


def compile_ir(text: str, opt, pic=False) -> bytes:
    """IR text -> object bytes; opt 0, 1 or "spill" (every virtual register in a slot)."""
    from toolchain.arch.riscv64.cc import BACKEND
    from toolchain.cc.backend import driver
    m = parse_module(text)
    verify(m)
    regalloc = None
    if opt == "spill":
        opt, regalloc = 0, "spill"
    if opt:
        optimize_module(m, opt, verify=True)
    items = driver.compile_module(BACKEND, m, opt, pic, regalloc)
    return driver.assemble_stream(BACKEND, items, "<test>")


def link_static(obj: bytes, td: str) -> str:
    from toolchain.ld.main import main as ld_main
    o = os.path.join(td, "t.o")
    x = os.path.join(td, "t.elf")
    with open(o, "wb") as f:
        f.write(obj)
    rc = ld_main(["--target=riscv64-linux-gnu", "-static", "-e", "0", "-o", x, o])
    assert rc in (0, None), "pyld failed"
    return x


class Machine:
    """A linked image in unicorn, callable by symbol name."""

    def __init__(self, elf_path: str):
        from elftools.elf.elffile import ELFFile
        from toolchain.emu import Emulator
        self.emu = Emulator("riscv64")
        self.syms = {}
        with open(elf_path, "rb") as f:
            ef = ELFFile(f)
            for seg in ef.iter_segments():
                if seg["p_type"] != "PT_LOAD":
                    continue
                self.emu.map(seg["p_vaddr"], max(seg["p_memsz"], 1))
                self.emu.write(seg["p_vaddr"], seg.data())
            for s in ef.get_section_by_name(".symtab").iter_symbols():
                if s.name:
                    self.syms[s.name] = s["st_value"]
        self.arena = 0x30000000
        self.emu.map(self.arena, 0x10000)

    def call(self, name, ints=(), floats=(), returns="int"):
        return self.emu.call_abi(self.syms[name], ints, floats, returns)


def machine(text: str, opt) -> Machine:
    with tempfile.TemporaryDirectory() as td:
        return Machine(link_static(compile_ir(text, opt), td))


def need_qemu():
    if not shutil.which("qemu-riscv64") or not os.path.isdir(SYSROOT):
        pytest.skip("qemu-riscv64 or the riscv64 sysroot is missing")


def build_c(td, files, opt="-O0", extra=()):
    """Compile and link C files with pycc for riscv64 (PATH without GNU tools); exe path."""
    from tests.cc_riscv64.torture import pycc
    exe = os.path.join(td, "a.out")
    rc, log = pycc([opt, "-o", exe] + list(files) + list(extra), td)
    assert rc == 0, log
    return exe


def run_qemu(exe, cwd=None):
    return subprocess.run(["qemu-riscv64", "-L", SYSROOT, exe], capture_output=True,
                          timeout=60, cwd=cwd, text=True)
