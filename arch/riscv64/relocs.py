"""RISC-V relocation types (RISC-V ELF psABI, "Relocations" table) and their field patchers.

Every entry's ``apply(buf, off, value)`` writes an already computed ``value`` into the field at
``buf[off:]`` (little-endian) and returns None, or an error string (overflow / misalignment).

Instruction-field patchers (the immediates of the base and compressed formats):

* U-type (``lui``/``auipc``, ``*_HI20``): bits 31:12 = ``(value + 0x800) >> 12``; the value must
  lie in the signed 32-bit range after rounding (RV64: ``-0x80000800 <= v < 0x7ffff800``).
* I-type (``*_LO12_I``): bits 31:20 = ``value & 0xfff``.
* S-type (``*_LO12_S``): bits 31:25 = value[11:5], bits 11:7 = value[4:0].
* B-type (``BRANCH``): 13-bit signed, even: bit 31 = v[12], 30:25 = v[10:5], 11:8 = v[4:1],
  7 = v[11].
* J-type (``JAL``): 21-bit signed, even: bit 31 = v[20], 30:21 = v[10:1], 20 = v[11],
  19:12 = v[19:12].
* ``CALL``/``CALL_PLT``: an ``auipc`` + ``jalr`` pair (U-type at off, I-type at off + 4).
* CB (``RVC_BRANCH``): 9-bit signed, even: bit 12 = v[8], 11:10 = v[4:3], 6:5 = v[7:6],
  4:3 = v[2:1], 2 = v[5].
* CJ (``RVC_JUMP``): 12-bit signed, even: bit 12 = v[11], 11 = v[4], 10:9 = v[9:8], 8 = v[10],
  7 = v[6], 6 = v[7], 5:3 = v[3:1], 2 = v[5].
* ``RVC_LUI``: ``c.lui`` nzimm: bit 12 = hi20[5], 6:2 = hi20[4:0] of the rounded upper part.

Data arithmetic: ``ADD*``/``SUB*`` add to / subtract from the word already in place (value is
S + A); ``SET*`` overwrite (truncating); ``SUB6``/``SET6`` touch the low 6 bits of a byte only
(DW_CFA_advance_loc); ``SET_ULEB128``/``SUB_ULEB128`` rewrite the ULEB128 in place keeping its
length (continuation bits kept, the value truncated to the available bits).

Markers with no field (``NONE``, ``RELAX``, ``ALIGN``, ``TPREL_ADD``, ``TLSDESC_CALL``) have
``apply`` None and size 0. ``calc`` names the linker computation (see toolchain.elf.reloc);
RISC-V specific names: "add" / "sub" / "set" (S + A read-modify-write), "uleb_set",
"uleb_sub", "pcrel_lo" (value of the matching ``%pcrel_hi`` at the symbol's address),
"align" and "relax" (linker relaxation markers), "tprel_add" (marker), "gotpcrel32".
``extra`` holds the instruction format letter ("U", "I", "S", "B", "J", "CB", "CJ", "CALL",
"CLUI") for instruction relocations, or None.
"""
from toolchain.elf.constants import EM_RISCV
from toolchain.elf.reloc import RelocTable, RelocType, word


def _rd32(buf, off):
    return buf[off] | (buf[off + 1] << 8) | (buf[off + 2] << 16) | (buf[off + 3] << 24)


def _wr32(buf, off, v):
    buf[off:off + 4] = (v & 0xFFFFFFFF).to_bytes(4, "little")


def _rd16(buf, off):
    return buf[off] | (buf[off + 1] << 8)


def _wr16(buf, off, v):
    buf[off:off + 2] = (v & 0xFFFF).to_bytes(2, "little")


# -- immediate encoders (value -> bits, no range check) -----------------------------------------

def hi20(v: int) -> int:
    """The upper 20 bits as lui/auipc take them, rounded so that adding the sign-extended low
    12 bits gives back ``v``."""
    return ((v + 0x800) >> 12) & 0xFFFFF


def lo12(v: int) -> int:
    """The low 12 bits, as a signed value (-2048..2047)."""
    v &= 0xFFF
    return v - 0x1000 if v & 0x800 else v


def enc_i(v: int) -> int:
    return (v & 0xFFF) << 20


def enc_s(v: int) -> int:
    return ((v & 0xFE0) << 20) | ((v & 0x1F) << 7)


def enc_b(v: int) -> int:
    return (((v >> 12) & 1) << 31) | (((v >> 5) & 0x3F) << 25) | (((v >> 1) & 0xF) << 8) | \
        (((v >> 11) & 1) << 7)


def enc_j(v: int) -> int:
    return (((v >> 20) & 1) << 31) | (((v >> 1) & 0x3FF) << 21) | (((v >> 11) & 1) << 20) | \
        (((v >> 12) & 0xFF) << 12)


def enc_u(v: int) -> int:
    """U-type field for a full value (applies the hi20 rounding)."""
    return hi20(v) << 12


def enc_cb(v: int) -> int:
    return (((v >> 8) & 1) << 12) | (((v >> 3) & 3) << 10) | (((v >> 6) & 3) << 5) | \
        (((v >> 1) & 3) << 3) | (((v >> 5) & 1) << 2)


def enc_cj(v: int) -> int:
    return (((v >> 11) & 1) << 12) | (((v >> 4) & 1) << 11) | (((v >> 8) & 3) << 9) | \
        (((v >> 10) & 1) << 8) | (((v >> 6) & 1) << 7) | (((v >> 7) & 1) << 6) | \
        (((v >> 1) & 7) << 3) | (((v >> 5) & 1) << 2)


# field masks cleared before or-ing the new immediate in
_MASK_I = 0xFFF00000
_MASK_S = 0xFE000F80
_MASK_B = 0xFE000F80
_MASK_J = 0xFFFFF000
_MASK_U = 0xFFFFF000
_MASK_CB = 0x1C7C
_MASK_CJ = 0x1FFC
_MASK_CLUI = 0x107C


def _fits(v, bits):
    return -(1 << (bits - 1)) <= v < (1 << (bits - 1))


def _hi20_ok(v):
    # RV64: auipc/lui + 12-bit low part reach [-2^31 - 2^11, 2^31 - 2^11)
    return -0x80000800 <= v < 0x7FFFF800


def _ap_u(buf, off, v):
    if not _hi20_ok(v):
        return f"relocation truncated to fit: {v:#x} out of range for a 20-bit upper immediate"
    _wr32(buf, off, (_rd32(buf, off) & ~_MASK_U) | enc_u(v))
    return None


def _ap_i(buf, off, v):
    _wr32(buf, off, (_rd32(buf, off) & ~_MASK_I) | enc_i(v))
    return None


def _ap_s(buf, off, v):
    _wr32(buf, off, (_rd32(buf, off) & ~_MASK_S) | enc_s(v))
    return None


def _ap_b(buf, off, v):
    if v & 1:
        return f"misaligned branch target offset {v:#x}"
    if not _fits(v, 13):
        return f"relocation truncated to fit: R_RISCV_BRANCH offset {v:#x} out of range"
    _wr32(buf, off, (_rd32(buf, off) & ~_MASK_B) | enc_b(v))
    return None


def _ap_j(buf, off, v):
    if v & 1:
        return f"misaligned jump target offset {v:#x}"
    if not _fits(v, 21):
        return f"relocation truncated to fit: R_RISCV_JAL offset {v:#x} out of range"
    _wr32(buf, off, (_rd32(buf, off) & ~_MASK_J) | enc_j(v))
    return None


def _ap_call(buf, off, v):
    if not _hi20_ok(v):
        return f"relocation truncated to fit: R_RISCV_CALL offset {v:#x} out of range"
    _wr32(buf, off, (_rd32(buf, off) & ~_MASK_U) | enc_u(v))
    _wr32(buf, off + 4, (_rd32(buf, off + 4) & ~_MASK_I) | enc_i(v))
    return None


def _ap_cb(buf, off, v):
    if v & 1:
        return f"misaligned branch target offset {v:#x}"
    if not _fits(v, 9):
        return f"relocation truncated to fit: R_RISCV_RVC_BRANCH offset {v:#x} out of range"
    _wr16(buf, off, (_rd16(buf, off) & ~_MASK_CB) | enc_cb(v))
    return None


def _ap_cj(buf, off, v):
    if v & 1:
        return f"misaligned jump target offset {v:#x}"
    if not _fits(v, 12):
        return f"relocation truncated to fit: R_RISCV_RVC_JUMP offset {v:#x} out of range"
    _wr16(buf, off, (_rd16(buf, off) & ~_MASK_CJ) | enc_cj(v))
    return None


def _ap_clui(buf, off, v):
    h = (v + 0x800) >> 12
    if not _fits(h, 6) or h == 0:
        return f"relocation truncated to fit: R_RISCV_RVC_LUI value {v:#x} out of range"
    _wr16(buf, off, (_rd16(buf, off) & ~_MASK_CLUI) | (((h >> 5) & 1) << 12) | ((h & 0x1F) << 2))
    return None


def _add(size):
    mask = (1 << (size * 8)) - 1

    def apply(buf, off, v, _size=size, _mask=mask):
        cur = int.from_bytes(buf[off:off + _size], "little")
        buf[off:off + _size] = ((cur + v) & _mask).to_bytes(_size, "little")
        return None
    return apply


def _sub(size):
    mask = (1 << (size * 8)) - 1

    def apply(buf, off, v, _size=size, _mask=mask):
        cur = int.from_bytes(buf[off:off + _size], "little")
        buf[off:off + _size] = ((cur - v) & _mask).to_bytes(_size, "little")
        return None
    return apply


def _sub6(buf, off, v):
    b = buf[off]
    buf[off] = (b & 0xC0) | ((b - v) & 0x3F)
    return None


def _set6(buf, off, v):
    buf[off] = (buf[off] & 0xC0) | (v & 0x3F)
    return None


def uleb_len(buf, off) -> int:
    """Length in bytes of the ULEB128 at ``buf[off:]``."""
    n = off
    while n < len(buf) and buf[n] & 0x80:
        n += 1
    return n - off + 1


def read_uleb(buf, off) -> int:
    v = shift = 0
    n = off
    while True:
        b = buf[n]
        v |= (b & 0x7F) << shift
        shift += 7
        n += 1
        if not b & 0x80 or n >= len(buf):
            return v


def write_uleb_fixed(buf, off, v, length) -> None:
    """Overwrite the ``length``-byte ULEB128 at ``off`` with ``v`` (truncated to 7*length bits),
    keeping the continuation bits of a ``length``-byte encoding."""
    for i in range(length):
        b = v & 0x7F
        v >>= 7
        if i != length - 1:
            b |= 0x80
        buf[off + i] = b


def _set_uleb(buf, off, v):
    n = uleb_len(buf, off)
    if v < 0 or v >> (7 * n):
        write_uleb_fixed(buf, off, v & ((1 << (7 * n)) - 1), n)
        return f"R_RISCV_SET_ULEB128 value {v:#x} does not fit in {n} byte(s)"
    write_uleb_fixed(buf, off, v, n)
    return None


def _sub_uleb(buf, off, v):
    n = uleb_len(buf, off)
    r = read_uleb(buf, off) - v
    if r < 0 or r >> (7 * n):
        write_uleb_fixed(buf, off, r & ((1 << (7 * n)) - 1), n)
        return f"R_RISCV_SUB_ULEB128 result {r:#x} does not fit in {n} byte(s)"
    write_uleb_fixed(buf, off, r, n)
    return None


_w8, _w16, _w32, _w64 = word(1), word(2), word(4), word(8)
_w32s = word(4, "signed")
_w32e = word(4, "either")

R = RelocType
RELOCS = RelocTable(EM_RISCV, [
    R(0, "R_RISCV_NONE", 0, "none"),
    R(1, "R_RISCV_32", 4, "abs", _w32e),
    R(2, "R_RISCV_64", 8, "abs", _w64),
    R(3, "R_RISCV_RELATIVE", 8, "relative", _w64, dynamic=True),
    R(4, "R_RISCV_COPY", 0, "copy", dynamic=True),
    R(5, "R_RISCV_JUMP_SLOT", 8, "abs", _w64, dynamic=True),
    R(6, "R_RISCV_TLS_DTPMOD32", 4, "dtpmod", _w32, dynamic=True),
    R(7, "R_RISCV_TLS_DTPMOD64", 8, "dtpmod", _w64, dynamic=True),
    R(8, "R_RISCV_TLS_DTPREL32", 4, "dtprel", _w32),
    R(9, "R_RISCV_TLS_DTPREL64", 8, "dtprel", _w64),
    R(10, "R_RISCV_TLS_TPREL32", 4, "tprel", _w32),
    R(11, "R_RISCV_TLS_TPREL64", 8, "tprel", _w64),
    R(12, "R_RISCV_TLSDESC", 16, "tlsdesc", dynamic=True),
    R(16, "R_RISCV_BRANCH", 4, "pcrel", _ap_b, pcrel=True, extra="B"),
    R(17, "R_RISCV_JAL", 4, "pcrel", _ap_j, pcrel=True, extra="J"),
    R(18, "R_RISCV_CALL", 8, "plt", _ap_call, pcrel=True, extra="CALL"),
    R(19, "R_RISCV_CALL_PLT", 8, "plt", _ap_call, pcrel=True, extra="CALL"),
    R(20, "R_RISCV_GOT_HI20", 4, "gotpcrel", _ap_u, pcrel=True, extra="U"),
    R(21, "R_RISCV_TLS_GOT_HI20", 4, "gottprel", _ap_u, pcrel=True, extra="U"),
    R(22, "R_RISCV_TLS_GD_HI20", 4, "tlsgd", _ap_u, pcrel=True, extra="U"),
    R(23, "R_RISCV_PCREL_HI20", 4, "pcrel", _ap_u, pcrel=True, extra="U"),
    R(24, "R_RISCV_PCREL_LO12_I", 4, "pcrel_lo", _ap_i, extra="I"),
    R(25, "R_RISCV_PCREL_LO12_S", 4, "pcrel_lo", _ap_s, extra="S"),
    R(26, "R_RISCV_HI20", 4, "abs", _ap_u, extra="U"),
    R(27, "R_RISCV_LO12_I", 4, "abs", _ap_i, extra="I"),
    R(28, "R_RISCV_LO12_S", 4, "abs", _ap_s, extra="S"),
    R(29, "R_RISCV_TPREL_HI20", 4, "tprel", _ap_u, extra="U"),
    R(30, "R_RISCV_TPREL_LO12_I", 4, "tprel", _ap_i, extra="I"),
    R(31, "R_RISCV_TPREL_LO12_S", 4, "tprel", _ap_s, extra="S"),
    R(32, "R_RISCV_TPREL_ADD", 0, "tprel_add"),
    R(33, "R_RISCV_ADD8", 1, "add", _add(1)),
    R(34, "R_RISCV_ADD16", 2, "add", _add(2)),
    R(35, "R_RISCV_ADD32", 4, "add", _add(4)),
    R(36, "R_RISCV_ADD64", 8, "add", _add(8)),
    R(37, "R_RISCV_SUB8", 1, "sub", _sub(1)),
    R(38, "R_RISCV_SUB16", 2, "sub", _sub(2)),
    R(39, "R_RISCV_SUB32", 4, "sub", _sub(4)),
    R(40, "R_RISCV_SUB64", 8, "sub", _sub(8)),
    R(41, "R_RISCV_GOT32_PCREL", 4, "gotpcrel32", _w32s, pcrel=True),
    R(43, "R_RISCV_ALIGN", 0, "align"),
    R(44, "R_RISCV_RVC_BRANCH", 2, "pcrel", _ap_cb, pcrel=True, extra="CB"),
    R(45, "R_RISCV_RVC_JUMP", 2, "pcrel", _ap_cj, pcrel=True, extra="CJ"),
    R(46, "R_RISCV_RVC_LUI", 2, "abs", _ap_clui, extra="CLUI"),
    R(47, "R_RISCV_GPREL_I", 4, "gprel", _ap_i, extra="I"),
    R(48, "R_RISCV_GPREL_S", 4, "gprel", _ap_s, extra="S"),
    R(49, "R_RISCV_TPREL_I", 4, "tprel", _ap_i, extra="I"),
    R(50, "R_RISCV_TPREL_S", 4, "tprel", _ap_s, extra="S"),
    R(51, "R_RISCV_RELAX", 0, "relax"),
    R(52, "R_RISCV_SUB6", 1, "sub", _sub6),
    R(53, "R_RISCV_SET6", 1, "set", _set6),
    R(54, "R_RISCV_SET8", 1, "set", _w8),
    R(55, "R_RISCV_SET16", 2, "set", _w16),
    R(56, "R_RISCV_SET32", 4, "set", _w32),
    R(57, "R_RISCV_32_PCREL", 4, "pcrel", _w32s, pcrel=True),
    R(58, "R_RISCV_IRELATIVE", 8, "irelative", _w64, dynamic=True),
    R(59, "R_RISCV_PLT32", 4, "plt", _w32s, pcrel=True),
    R(60, "R_RISCV_SET_ULEB128", 0, "uleb_set", _set_uleb),
    R(61, "R_RISCV_SUB_ULEB128", 0, "uleb_sub", _sub_uleb),
    R(62, "R_RISCV_TLSDESC_HI20", 4, "tlsdesc", _ap_u, pcrel=True, extra="U"),
    R(63, "R_RISCV_TLSDESC_LOAD_LO12", 4, "pcrel_lo", _ap_i, extra="I"),
    R(64, "R_RISCV_TLSDESC_ADD_LO12", 4, "pcrel_lo", _ap_i, extra="I"),
    R(65, "R_RISCV_TLSDESC_CALL", 0, "tlsdesc_call"),
])
