"""Test helpers: IR text -> x86-64 assembly -> GNU as/ld -> unicorn, or a native program."""
from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile

import pytest

from toolchain.cc.ir import parse_module, verify
from toolchain.cc.opt import optimize_module

ARENA = 0x300000          # scratch memory tests may use
ARENA_SIZE = 0x10000


def need(tool: str) -> str:
    p = shutil.which(tool)
    if p is None:
        pytest.skip(f"{tool} not installed")
    return p


def compile_ir(text: str, opt) -> str:
    """opt: 0, 1, or "spill" (-O0 with every virtual register in a stack slot)."""
    from toolchain.arch.x86_64.cc import compile_module
    m = parse_module(text)
    verify(m)
    regalloc = None
    if opt == "spill":
        opt, regalloc = 0, "spill"
    if opt:
        optimize_module(m, opt, verify=True)
    return compile_module(m, opt, regalloc)


def assemble_link_static(asm: str, tmp: str) -> str:
    """Assemble and link (no libc) at a fixed address; returns the ELF path."""
    need("as")
    need("ld")
    os.makedirs(tmp, exist_ok=True)
    s = os.path.join(tmp, "t.s")
    o = os.path.join(tmp, "t.o")
    x = os.path.join(tmp, "t.elf")
    with open(s, "w") as f:
        f.write(asm)
    r = subprocess.run(["as", "--64", "-o", o, s], capture_output=True, text=True)
    if r.returncode:
        raise AssertionError(f"as failed:\n{r.stderr}\n{_numbered(asm)}")
    r = subprocess.run(["ld", "-static", "-e", "0", "-Ttext=0x100000", "-o", x, o],
                       capture_output=True, text=True)
    if r.returncode:
        raise AssertionError(f"ld failed:\n{r.stderr}")
    return x


def _numbered(asm: str) -> str:
    return "\n".join(f"{i + 1:4d} {line}" for i, line in enumerate(asm.splitlines()))


class Machine:
    """A linked test image loaded into unicorn, callable by symbol name."""

    def __init__(self, elf_path: str):
        from elftools.elf.elffile import ELFFile
        from toolchain.emu import Emulator
        self.emu = Emulator("x86_64")
        self.syms = {}
        with open(elf_path, "rb") as f:
            ef = ELFFile(f)
            for seg in ef.iter_segments():
                if seg["p_type"] != "PT_LOAD":
                    continue
                data = seg.data()
                self.emu.map(seg["p_vaddr"], max(seg["p_memsz"], 1))
                self.emu.write(seg["p_vaddr"], data)
            st = ef.get_section_by_name(".symtab")
            for s in st.iter_symbols():
                if s.name:
                    self.syms[s.name] = s["st_value"]
        self.emu.map(ARENA, ARENA_SIZE)

    def call(self, name: str, *args, ret: str = "i", signed: bool = False,
             max_instructions: int = 5_000_000):
        """Call ``name``; int args go to integer registers, float args to xmm registers.
        ``ret``: "i" (rax), "f64"/"f32" (xmm0)."""
        emu = self.emu
        ni = nf = 0
        for a in args:
            if isinstance(a, float):
                emu.uc.reg_write(emu._regs[f"xmm{nf}"], struct.unpack("<Q", struct.pack("<d", a))[0])
                nf += 1
            elif isinstance(a, tuple) and a[0] == "f32":
                emu.uc.reg_write(emu._regs[f"xmm{nf}"], struct.unpack("<I", struct.pack("<f", a[1]))[0])
                nf += 1
            else:
                emu.set_reg(emu.arg_regs[ni], a & 0xFFFFFFFFFFFFFFFF)
                ni += 1
        # reuse Emulator.call's stack/sentinel setup without re-setting argument registers
        saved = emu.arg_regs
        emu.arg_regs = []
        try:
            emu.set_reg("rax", nf)
            v = emu.call(self.syms[name], max_instructions=max_instructions)
        finally:
            emu.arg_regs = saved
        if ret == "f64":
            x = emu.uc.reg_read(emu._regs["xmm0"]) & 0xFFFFFFFFFFFFFFFF
            return struct.unpack("<d", struct.pack("<Q", x))[0]
        if ret == "f32":
            x = emu.uc.reg_read(emu._regs["xmm0"]) & 0xFFFFFFFF
            return struct.unpack("<f", struct.pack("<I", x))[0]
        if signed and v >= 1 << 63:
            v -= 1 << 64
        return v


def machine(ir_text: str, opt: int, tmp_path) -> Machine:
    asm = compile_ir(ir_text, opt)
    return Machine(assemble_link_static(asm, str(tmp_path)))


def run_native(ir_text: str, opt, tmp_path, extra_c: str | None = None, libs=()) -> str:
    """Compile IR (with a main), link with gcc (PIE, libc) and run; returns stdout."""
    need("gcc")
    asm = compile_ir(ir_text, opt)
    s = os.path.join(str(tmp_path), "p.s")
    with open(s, "w") as f:
        f.write(asm)
    srcs = [s]
    if extra_c:
        c = os.path.join(str(tmp_path), "extra.c")
        with open(c, "w") as f:
            f.write(extra_c)
        srcs.append(c)
    exe = os.path.join(str(tmp_path), "p")
    r = subprocess.run(["gcc", "-o", exe, *srcs, *libs], capture_output=True, text=True)
    if r.returncode:
        raise AssertionError(f"gcc failed:\n{r.stderr}\n{_numbered(asm)}")
    r = subprocess.run([exe], capture_output=True, text=True, timeout=30)
    if r.returncode:
        raise AssertionError(f"exit {r.returncode}: {r.stdout}{r.stderr}")
    return r.stdout


def tmpdir():
    return tempfile.mkdtemp(prefix="irtest-")
