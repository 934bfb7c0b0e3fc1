"""RISC-V relocation table: numbers/names from the psABI and field patchers checked against
instruction words produced by GNU as (riscv64-linux-gnu-as 2.40)."""
import struct

import pytest

from toolchain.arch.riscv64.relocs import RELOCS, hi20, lo12


def _patch(name, word, value, size=4):
    buf = bytearray(word.to_bytes(size, "little"))
    t = RELOCS[name]
    err = t.apply(buf, 0, value)
    assert err is None, err
    return int.from_bytes(buf, "little")


def test_numbers():
    expect = {0: "NONE", 1: "32", 2: "64", 3: "RELATIVE", 11: "TLS_TPREL64", 12: "TLSDESC",
              16: "BRANCH", 17: "JAL", 19: "CALL_PLT", 23: "PCREL_HI20", 24: "PCREL_LO12_I",
              32: "TPREL_ADD", 36: "ADD64", 40: "SUB64", 41: "GOT32_PCREL", 43: "ALIGN",
              44: "RVC_BRANCH", 45: "RVC_JUMP", 51: "RELAX", 52: "SUB6", 53: "SET6",
              56: "SET32", 57: "32_PCREL", 58: "IRELATIVE", 59: "PLT32", 60: "SET_ULEB128",
              61: "SUB_ULEB128", 62: "TLSDESC_HI20", 65: "TLSDESC_CALL"}
    for n, name in expect.items():
        assert RELOCS[n].name == "R_RISCV_" + name
    assert len(list(RELOCS)) == 62


@pytest.mark.parametrize("name,base,value,want", [
    # beq a0,a1,+0x472 ; bne a2,a3,-4 (from GNU as)
    ("R_RISCV_BRANCH", 0x00B50063, 0x472, 0x46B50963),
    ("R_RISCV_BRANCH", 0x00D61063, -4, 0xFED61EE3),
    ("R_RISCV_JAL", 0x000000EF, 0x46A, 0x46A000EF),
    ("R_RISCV_JAL", 0x0000006F, -12, 0xFF5FF06F),
    ("R_RISCV_HI20", 0x00000537, 0x12345FFF, 0x12346537),
    ("R_RISCV_LO12_I", 0x00050513, 0x12345FFF, 0xFFF50513),
    ("R_RISCV_LO12_S", 0x00B52023, 0x12345FFF, 0xFEB52FA3),
])
def test_insn_fields(name, base, value, want):
    assert _patch(name, base, value) == want


@pytest.mark.parametrize("name,base,value,want", [
    ("R_RISCV_RVC_BRANCH", 0xC101, 0x88 - 0x1C, 0xC535),
    ("R_RISCV_RVC_BRANCH", 0xE181, -0x1E, 0xF1ED),
    ("R_RISCV_RVC_JUMP", 0xA001, 0x88 - 0x20, 0xA0A5),
    ("R_RISCV_RVC_JUMP", 0xA001, -0x22, 0xBFF9),
])
def test_rvc_fields(name, base, value, want):
    assert _patch(name, base, value, 2) == want


def test_call_pair():
    buf = bytearray(struct.pack("<II", 0x00000097, 0x000080E7))
    assert RELOCS["R_RISCV_CALL_PLT"].apply(buf, 0, 0x12345FFF) is None
    assert struct.unpack("<II", buf) == (0x12346097, 0xFFF080E7)


def test_ranges():
    buf = bytearray(4)
    assert RELOCS["R_RISCV_BRANCH"].apply(buf, 0, 4096) is not None
    assert RELOCS["R_RISCV_BRANCH"].apply(buf, 0, 3) is not None
    assert RELOCS["R_RISCV_JAL"].apply(buf, 0, 1 << 20) is not None
    assert RELOCS["R_RISCV_HI20"].apply(buf, 0, 0x7FFFF800) is not None
    assert RELOCS["R_RISCV_HI20"].apply(buf, 0, 0x7FFFF7FF) is None
    assert hi20(0x7FF) == 0 and hi20(0x800) == 1 and lo12(0x800) == -2048


def test_data_arith():
    buf = bytearray(b"\x10\x00\x00\x00\x00\x00\x00\x00")
    RELOCS["R_RISCV_ADD32"].apply(buf, 0, 0x20)
    RELOCS["R_RISCV_SUB32"].apply(buf, 0, 0x40)
    assert buf[:4] == (0x10 + 0x20 - 0x40 & 0xFFFFFFFF).to_bytes(4, "little")
    buf = bytearray([0x45])                         # DW_CFA_advance_loc 5
    RELOCS["R_RISCV_SET6"].apply(buf, 0, 9)
    RELOCS["R_RISCV_SUB6"].apply(buf, 0, 2)
    assert buf[0] == 0x47
    buf = bytearray([0x80, 0x00, 0x55])             # 2-byte uleb 0
    RELOCS["R_RISCV_SET_ULEB128"].apply(buf, 0, 300)
    assert buf == bytearray([0xAC, 0x02, 0x55])
    RELOCS["R_RISCV_SUB_ULEB128"].apply(buf, 0, 100)
    assert buf == bytearray([0xC8, 0x01, 0x55])
    assert RELOCS["R_RISCV_SET_ULEB128"].apply(buf, 0, 1 << 14) is not None
