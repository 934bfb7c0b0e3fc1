"""A section aligned beyond the page size starts a PT_LOAD of its own whose p_align is its
alignment (as GNU ld lays it out), so the loader keeps the object aligned in a PIE or a shared
object; p_offset stays congruent to p_vaddr modulo p_align, GNU_RELRO inside one LOAD."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from elftools.elf.elffile import ELFFile

from tests.ld.common import MODE_FLAGS, run_program, wrapper_dir
from toolchain.targets import get_target

SRC = r"""
#include <stdio.h>
#include <stdint.h>
#define A ((uintptr_t)1 << %d)
__attribute__((aligned(1 << %d))) int b;
__attribute__((aligned(1 << %d))) int d = 5;
int main(void) {
    printf("%%lu %%lu %%d\n", (unsigned long)((uintptr_t)&b %% A),
           (unsigned long)((uintptr_t)&d %% A), b + d);
    return 0;
}
"""
GCC = {"x86_64": "gcc", "aarch64": "aarch64-linux-gnu-gcc", "riscv64": "riscv64-linux-gnu-gcc"}


def _check_loads(path, align):
    with open(path, "rb") as f:
        elf = ELFFile(f)
        loads = [s for s in elf.iter_segments() if s["p_type"] == "PT_LOAD"]
        relro = [s for s in elf.iter_segments() if s["p_type"] == "PT_GNU_RELRO"]
        for s in loads:
            assert s["p_offset"] % s["p_align"] == s["p_vaddr"] % s["p_align"], s.header
        for name in (".data", ".bss"):
            sec = elf.get_section_by_name(name)
            va = sec["sh_addr"]
            owner = [s for s in loads if s["p_vaddr"] <= va < s["p_vaddr"] + s["p_memsz"]]
            assert len(owner) == 1 and owner[0]["p_align"] >= align, (name, owner)
            assert va % align == 0
        for r in relro:
            assert any(s["p_vaddr"] <= r["p_vaddr"] and r["p_vaddr"] + r["p_memsz"]
                       <= s["p_vaddr"] + s["p_memsz"] for s in loads)


@pytest.mark.parametrize("target,mode", [("x86_64", "pie"), ("x86_64", "nopie"),
                                         ("x86_64", "static"), ("aarch64", "pie"),
                                         ("riscv64", "pie")])
def test_over_aligned_sections_get_their_own_load(tmp_path, target, mode):
    gcc = GCC[target]
    if shutil.which(gcc) is None:
        pytest.skip(f"{gcc} missing")
    t = get_target(target)
    shift = 23                      # beyond every target's maximum page size, and 2 MiB THP
    src = tmp_path / "a.c"
    src.write_text(SRC % (shift, shift, shift))
    obj, exe = tmp_path / "a.o", tmp_path / "a"
    subprocess.run([gcc, "-O1", "-c", str(src), "-o", str(obj)], check=True)
    r = subprocess.run([gcc, "-B", wrapper_dir(), *MODE_FLAGS[mode], str(obj), "-o", str(exe)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    _check_loads(exe, 1 << shift)
    if not t.is_host and shutil.which(t.runner()[0]) is None:
        return
    status, out = run_program(t, str(exe), timeout=60)
    assert (status, out) == (0, b"0 0 5\n")


def test_shared_object(tmp_path):
    if shutil.which("gcc") is None:
        pytest.skip("gcc missing")
    src = tmp_path / "s.c"
    src.write_text("__attribute__((aligned(1 << 22))) int b;\n"
                   "__attribute__((aligned(1 << 22))) int d = 1;\n"
                   "long f(void) { return (long)&b % (1 << 22) + (long)&d % (1 << 22); }\n")
    subprocess.run(["gcc", "-fPIC", "-c", str(src), "-o", str(tmp_path / "s.o")], check=True)
    r = subprocess.run(["gcc", "-B", wrapper_dir(), "-shared", str(tmp_path / "s.o"), "-o",
                        str(tmp_path / "libs.so")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    _check_loads(tmp_path / "libs.so", 1 << 22)
