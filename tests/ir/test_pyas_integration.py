"""The back end's assembly is accepted by pyas and gives the same object contents as GNU as
(allocated sections' bytes, relocations by offset/type/symbol/addend)."""
import io
import subprocess

import pytest

from tests.ir.helpers import compile_ir, need
from tests.ir.test_x86_abi import IR as ABI_IR
from tests.ir.test_x86_control import CONTROL, switch_ir
from tests.ir.test_x86_more import ASM_IR, LD_IR, NATIVE, SHLIB_IR, i128_ir, intrinsics_ir


def summary(data: bytes):
    from elftools.elf.elffile import ELFFile
    from elftools.elf.relocation import RelocationSection
    ef = ELFFile(io.BytesIO(data))
    symtab = ef.get_section_by_name(".symtab")
    secs = {}
    for s in ef.iter_sections():
        if s["sh_flags"] & 2 and s["sh_type"] != "SHT_NOBITS":     # SHF_ALLOC
            secs[s.name] = s.data()
    rels = {}
    for s in ef.iter_sections():
        if isinstance(s, RelocationSection):
            out = []
            for r in s.iter_relocations():
                sym = symtab.get_symbol(r["r_info_sym"])
                name = sym.name or ef.get_section(sym["st_shndx"]).name
                out.append((r["r_offset"], r["r_info_type"], name, r["r_addend"]))
            rels[s.name] = sorted(out)
    return secs, rels


@pytest.mark.parametrize("name,text", [("control", CONTROL), ("abi", ABI_IR), ("switch", switch_ir()),
                                       ("bits", intrinsics_ir()), ("x87", LD_IR), ("i128", i128_ir()),
                                       ("asm", ASM_IR), ("tls", NATIVE),
                                       ("pic", SHLIB_IR)])
def test_pyas_matches_gas(name, text, tmp_path):
    need("as")
    from toolchain.asm.api import assemble
    asm = compile_ir(text, 1)
    if name == "pic":       # -fPIC: GOT/PLT for global symbols, TLS general dynamic
        from toolchain.arch.x86_64.cc import compile_module
        from toolchain.cc.ir import parse_module
        asm = compile_module(parse_module(text), 1, pic=True)
    s = tmp_path / "t.s"
    o = tmp_path / "t.o"
    s.write_text(asm)
    subprocess.run(["as", "--64", "-o", str(o), str(s)], check=True)
    gas = summary(o.read_bytes())
    ours = summary(assemble(asm, "t.s"))
    assert ours == gas
