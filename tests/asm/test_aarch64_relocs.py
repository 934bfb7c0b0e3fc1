"""The AArch64 relocation table's field patchers, checked against instructions GNU as encodes
with the same immediate (the linker applies relocations through the same functions)."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

import pytest

from toolchain.arch.aarch64.relocs import RELOCS
from toolchain.elf.objfile import read_object

GAS = shutil.which("aarch64-linux-gnu-as")

# (relocation, template instruction with a zero field, value applied, GNU as equivalent)
CASES = [
    ("R_AARCH64_CALL26", "bl .", 0x1000, "bl .+0x1000"),
    ("R_AARCH64_JUMP26", "b .", -0x2000, "b .-0x2000"),
    ("R_AARCH64_CONDBR19", "b.ne .", 0x100, "b.ne .+0x100"),
    ("R_AARCH64_CONDBR19", "cbz x3, .", -8, "cbz x3, .-8"),
    ("R_AARCH64_TSTBR14", "tbz x0, #3, .", 0x40, "tbz x0, #3, .+0x40"),
    ("R_AARCH64_LD_PREL_LO19", "ldr x0, .", 0x80, "ldr x0, .+0x80"),
    ("R_AARCH64_ADR_PREL_LO21", "adr x0, .", 0x12345, "adr x0, .+0x12345"),
    ("R_AARCH64_ADD_ABS_LO12_NC", "add x0, x1, #0", 0x12345678, "add x0, x1, #0x678"),
    ("R_AARCH64_LDST8_ABS_LO12_NC", "ldrb w0, [x1]", 0x1fff, "ldrb w0, [x1, #0xfff]"),
    ("R_AARCH64_LDST16_ABS_LO12_NC", "ldrh w0, [x1]", 0x1ffe, "ldrh w0, [x1, #0xffe]"),
    ("R_AARCH64_LDST32_ABS_LO12_NC", "ldr w0, [x1]", 0x1ffc, "ldr w0, [x1, #0xffc]"),
    ("R_AARCH64_LDST64_ABS_LO12_NC", "ldr x0, [x1]", 0x12345678, "ldr x0, [x1, #0x678]"),
    ("R_AARCH64_LDST128_ABS_LO12_NC", "ldr q0, [x1]", 0x10, "ldr q0, [x1, #0x10]"),
    ("R_AARCH64_MOVW_UABS_G0", "movz x0, #0", 0x1234, "movz x0, #0x1234"),
    ("R_AARCH64_MOVW_UABS_G1_NC", "movk x0, #0, lsl #16", 0x12345678, "movk x0, #0x1234, lsl #16"),
    ("R_AARCH64_MOVW_UABS_G2", "movz x0, #0, lsl #32", 0xabcd12345678, "movz x0, #0xabcd, lsl #32"),
    ("R_AARCH64_MOVW_UABS_G3", "movz x0, #0, lsl #48", 0xfedc << 48, "movz x0, #0xfedc, lsl #48"),
    ("R_AARCH64_MOVW_SABS_G0", "movz x0, #0", -5, "movn x0, #4"),
    ("R_AARCH64_MOVW_SABS_G1", "movz x0, #0, lsl #16", 0x20000, "movz x0, #2, lsl #16"),
    ("R_AARCH64_TLSLE_ADD_TPREL_HI12", "add x0, x0, #0, lsl #12", 0x123456,
     "add x0, x0, #0x123, lsl #12"),
    ("R_AARCH64_TLSLE_ADD_TPREL_LO12_NC", "add x0, x0, #0", 0x123456, "add x0, x0, #0x456"),
    ("R_AARCH64_TLSLE_MOVW_TPREL_G1", "movz x0, #0, lsl #16", 0x50000, "movz x0, #5, lsl #16"),
    ("R_AARCH64_TLSIE_LD64_GOTTPREL_LO12_NC", "ldr x0, [x0]", 0x1008, "ldr x0, [x0, #8]"),
    ("R_AARCH64_TLSDESC_LD64_LO12", "ldr x1, [x0]", 0x10, "ldr x1, [x0, #0x10]"),
    ("R_AARCH64_LD64_GOT_LO12_NC", "ldr x0, [x0]", 0x2ff8, "ldr x0, [x0, #0xff8]"),
]


def _assemble(lines):
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "t.s")
        with open(src, "w") as f:
            f.write(".text\n" + "".join(ln + "\n" for ln in lines))
        subprocess.run([GAS, src, "-o", src + ".o"], check=True, capture_output=True)
        with open(src + ".o", "rb") as f:
            data = read_object(f.read()).section(".text").data
    return [bytes(data[4 * i:4 * i + 4]) for i in range(len(lines))]


@pytest.mark.skipif(GAS is None, reason="aarch64-linux-gnu-as not installed")
def test_field_patchers_match_gas():
    words = _assemble([c[1] for c in CASES] + [c[3] for c in CASES])
    n = len(CASES)
    bad = []
    for i, (rname, tmpl, value, _) in enumerate(CASES):
        buf = bytearray(words[i])
        err = RELOCS[rname].apply(buf, 0, value)
        if err is not None or bytes(buf) != words[n + i]:
            bad.append((rname, value, err, bytes(buf).hex(), words[n + i].hex()))
    assert not bad, bad


def test_adrp_page_field():
    buf = bytearray((0x90000000).to_bytes(4, "little"))
    assert RELOCS["R_AARCH64_ADR_PREL_PG_HI21"].apply(buf, 0, 0x12345000) is None
    assert int.from_bytes(buf, "little") == 0xB0091A20     # adrp x0, .+0x12345000


def test_overflow_and_alignment_are_reported():
    buf = bytearray(4)
    assert RELOCS["R_AARCH64_CALL26"].apply(buf, 0, 1 << 28) is not None
    assert RELOCS["R_AARCH64_CALL26"].apply(buf, 0, 2) is not None
    assert RELOCS["R_AARCH64_CONDBR19"].apply(buf, 0, -(1 << 20) - 4) is not None
    assert RELOCS["R_AARCH64_LDST64_ABS_LO12_NC"].apply(buf, 0, 4) is not None
    assert RELOCS["R_AARCH64_MOVW_UABS_G0"].apply(buf, 0, 0x10000) is not None
    assert RELOCS["R_AARCH64_ABS32"].apply(bytearray(4), 0, 1 << 32) is not None


def test_table_is_complete():
    names = {t.name for t in RELOCS}
    for n in ("R_AARCH64_ABS64", "R_AARCH64_PREL32", "R_AARCH64_ADR_GOT_PAGE",
              "R_AARCH64_TLSDESC_CALL", "R_AARCH64_TLSGD_ADD_LO12_NC", "R_AARCH64_IRELATIVE",
              "R_AARCH64_TLS_TPREL", "R_AARCH64_TLSLD_LDST128_DTPREL_LO12_NC"):
        assert n in names
    assert RELOCS[257].name == "R_AARCH64_ABS64"
