"""AArch64 relocation types (ELF for the Arm 64-bit Architecture, AAELF64, LP64 only).

``RELOCS`` is shared by pyas (to emit relocations and to resolve fixups it can resolve itself)
and pyld (to apply relocations). Each :class:`RelocType` has:

``calc``  the linker's computation (X below), one of
    "none", "abs" (S+A), "pcrel" (S+A-P), "page_pcrel" (Page(S+A)-Page(P)), "plt" (L+A-P, for
    CALL26/JUMP26/PLT32: a PLT entry when S is preemptible or an ifunc),
    "got_pcrel" (G(GDAT(S+A))-P), "got_page_pcrel" (Page(G(GDAT(S+A)))-Page(P)),
    "got_abs" (G(GDAT(S+A))), "got_gotrel" (G(GDAT(S+A))-GOT),
    "got_gotpage" (G(GDAT(S+A))-Page(GOT)), "gotrel" (S+A-GOT),
    "tlsgd_pcrel"/"tlsgd_page_pcrel"/"tlsgd_abs"/"tlsgd_gotrel" (the same forms on G(GTLSIDX(S,A))),
    "tlsld_*" (on G(GLDM(S))), "dtprel" (DTPREL(S+A)), "tprel" (TPREL(S+A)),
    "gottprel_pcrel"/"gottprel_page_pcrel"/"gottprel_abs"/"gottprel_gotrel" (on G(GTPREL(S+A))),
    "tlsdesc_pcrel"/"tlsdesc_page_pcrel"/"tlsdesc_abs"/"tlsdesc_gotrel" (on G(GTLSDESC(S+A))),
    "tlsdesc_hint" (TLSDESC_LDR/ADD/CALL: markers for relaxation, nothing to patch),
    "copy", "glob_dat", "jump_slot", "relative", "dtpmod", "tlsdesc_dyn", "irelative" (dynamic).
``apply(buf, off, X)``  patches X into the instruction or data at ``buf[off:]`` (little-endian
    A64 instructions) and returns None, or an error string on overflow / misalignment.
``extra``  a dict: ``field`` ("data", "adr", "adrp", "add", "ldst", "ld19", "b26", "b19", "b14",
    "movw", "movw_s" (MOVN/MOVZ chosen by sign), "movk"), ``shift`` (the low bit of X taken: 12
    for page and HI12 forms, 16*n for MOVW group n), ``scale`` (ldst access size log2),
    ``check`` ("signed"/"unsigned"/"either"/None: overflow check on X).
"""
from toolchain.elf.constants import EM_AARCH64
from toolchain.elf.reloc import RelocTable, RelocType, word

_w16, _w32, _w64 = word(2, "either"), word(4, "either"), word(8)
_w32s = word(4, "signed")


def _get(buf, off):
    return int.from_bytes(buf[off:off + 4], "little")


def _put(buf, off, insn):
    buf[off:off + 4] = (insn & 0xFFFFFFFF).to_bytes(4, "little")


def _ok(v, bits, check):
    if check == "signed":
        return -(1 << (bits - 1)) <= v < (1 << (bits - 1))
    if check == "unsigned":
        return 0 <= v < (1 << bits)
    if check == "either":
        return -(1 << (bits - 1)) <= v < (1 << bits)
    return True


def _overflow(v, bits):
    return f"relocation truncated to fit ({v:#x} does not fit in {bits} bits)"


def _branch(bits, lo):
    """PC-relative branch/literal field: X>>2 into ``bits`` bits at bit ``lo`` (imm26 at 0,
    imm19 at 5, imm14 at 5). X must be a multiple of 4 and fit in bits+2 signed bits."""
    mask = (1 << bits) - 1

    def apply(buf, off, v):
        if v & 3:
            return f"relocation target not aligned ({v:#x} is not a multiple of 4)"
        if not _ok(v, bits + 2, "signed"):
            return _overflow(v, bits + 2)
        _put(buf, off, (_get(buf, off) & ~(mask << lo)) | (((v >> 2) & mask) << lo))
        return None
    return apply


def _adr(shift, check):
    """ADR/ADRP immediate: (X >> shift) as immlo:immhi (21 bits)."""
    def apply(buf, off, v):
        if check and not _ok(v, 21 + shift, check):
            return _overflow(v, 21 + shift)
        imm = (v >> shift) & 0x1FFFFF
        insn = _get(buf, off) & ~((3 << 29) | (0x7FFFF << 5))
        _put(buf, off, insn | ((imm & 3) << 29) | ((imm >> 2) << 5))
        return None
    return apply


def _imm12(shift, scale, check, bits=12):
    """ADD/LDST imm12 (bits 21:10) from X[shift+bits-1:shift+scale]; ``scale`` is the access
    size log2 of a load/store (X must then be aligned to it), ``bits`` the width checked."""
    def apply(buf, off, v):
        if check and not _ok(v, bits + shift, check):
            return _overflow(v, bits + shift)
        if scale and (v >> shift) & ((1 << scale) - 1):
            return f"relocation value {v:#x} not aligned to the {1 << scale}-byte access"
        imm = ((v >> shift) & ((1 << bits) - 1)) >> scale
        _put(buf, off, (_get(buf, off) & ~(0xFFF << 10)) | ((imm & 0xFFF) << 10))
        return None
    return apply


def _movw(shift, check, signed):
    """MOVZ/MOVK/MOVN imm16 (bits 20:5) from X[shift+15:shift]. ``signed``: a negative X turns
    the instruction into MOVN with ~X (bit 30 cleared), a non-negative one into MOVZ."""
    def apply(buf, off, v):
        if check and not _ok(v, shift + 16, check):
            return _overflow(v, shift + 16)
        insn = _get(buf, off)
        if signed:
            if v < 0:
                v = ~v
                insn &= ~(1 << 30)          # MOVN
            else:
                insn |= 1 << 30             # MOVZ
        imm = (v >> shift) & 0xFFFF
        _put(buf, off, (insn & ~(0xFFFF << 5)) | (imm << 5))
        return None
    return apply


def _none(buf, off, v):
    return None


_B26 = _branch(26, 0)
_B19 = _branch(19, 5)
_B14 = _branch(14, 5)


def _page(check="signed"):
    return _adr(12, check)


R = RelocType
_types = []


def _r(num, name, size, calc, apply, field, pcrel=False, shift=0, scale=0, check=None,
       dynamic=False):
    _types.append(R(num, "R_AARCH64_" + name, size, calc, apply, pcrel=pcrel, dynamic=dynamic,
                    extra={"field": field, "shift": shift, "scale": scale, "check": check}))


def _lo12(num, name, calc, scale, check=None):
    field = "add" if scale is None else "ldst"
    _r(num, name, 4, calc, _imm12(0, scale or 0, check), field, scale=scale or 0,
       check=check)


def _mov(num, name, calc, group, check, kind, pcrel=False):
    signed = kind == "movw_s"
    _r(num, name, 4, calc, _movw(16 * group, check, signed), kind, pcrel=pcrel,
       shift=16 * group, check=check)


_r(0, "NONE", 0, "none", _none, "none")
# -- static data --------------------------------------------------------------------------
_r(257, "ABS64", 8, "abs", _w64, "data")
_r(258, "ABS32", 4, "abs", _w32, "data", check="either")
_r(259, "ABS16", 2, "abs", _w16, "data", check="either")
_r(260, "PREL64", 8, "pcrel", _w64, "data", pcrel=True)
_r(261, "PREL32", 4, "pcrel", _w32, "data", pcrel=True, check="either")
_r(262, "PREL16", 2, "pcrel", _w16, "data", pcrel=True, check="either")
# -- MOVW absolute --------------------------------------------------------------------------
_mov(263, "MOVW_UABS_G0", "abs", 0, "unsigned", "movw")
_mov(264, "MOVW_UABS_G0_NC", "abs", 0, None, "movk")
_mov(265, "MOVW_UABS_G1", "abs", 1, "unsigned", "movw")
_mov(266, "MOVW_UABS_G1_NC", "abs", 1, None, "movk")
_mov(267, "MOVW_UABS_G2", "abs", 2, "unsigned", "movw")
_mov(268, "MOVW_UABS_G2_NC", "abs", 2, None, "movk")
_mov(269, "MOVW_UABS_G3", "abs", 3, None, "movw")
_mov(270, "MOVW_SABS_G0", "abs", 0, "signed", "movw_s")
_mov(271, "MOVW_SABS_G1", "abs", 1, "signed", "movw_s")
_mov(272, "MOVW_SABS_G2", "abs", 2, "signed", "movw_s")
# -- PC-relative addresses and branches --------------------------------------------------------
_r(273, "LD_PREL_LO19", 4, "pcrel", _B19, "ld19", pcrel=True, check="signed")
_r(274, "ADR_PREL_LO21", 4, "pcrel", _adr(0, "signed"), "adr", pcrel=True, check="signed")
_r(275, "ADR_PREL_PG_HI21", 4, "page_pcrel", _page(), "adrp", pcrel=True, shift=12,
   check="signed")
_r(276, "ADR_PREL_PG_HI21_NC", 4, "page_pcrel", _page(None), "adrp", pcrel=True, shift=12)
_lo12(277, "ADD_ABS_LO12_NC", "abs", None)
_lo12(278, "LDST8_ABS_LO12_NC", "abs", 0)
_r(279, "TSTBR14", 4, "pcrel", _B14, "b14", pcrel=True, check="signed")
_r(280, "CONDBR19", 4, "pcrel", _B19, "b19", pcrel=True, check="signed")
_r(282, "JUMP26", 4, "plt", _B26, "b26", pcrel=True, check="signed")
_r(283, "CALL26", 4, "plt", _B26, "b26", pcrel=True, check="signed")
_lo12(284, "LDST16_ABS_LO12_NC", "abs", 1)
_lo12(285, "LDST32_ABS_LO12_NC", "abs", 2)
_lo12(286, "LDST64_ABS_LO12_NC", "abs", 3)
_mov(287, "MOVW_PREL_G0", "pcrel", 0, "signed", "movw_s", pcrel=True)
_mov(288, "MOVW_PREL_G0_NC", "pcrel", 0, None, "movk", pcrel=True)
_mov(289, "MOVW_PREL_G1", "pcrel", 1, "signed", "movw_s", pcrel=True)
_mov(290, "MOVW_PREL_G1_NC", "pcrel", 1, None, "movk", pcrel=True)
_mov(291, "MOVW_PREL_G2", "pcrel", 2, "signed", "movw_s", pcrel=True)
_mov(292, "MOVW_PREL_G2_NC", "pcrel", 2, None, "movk", pcrel=True)
_mov(293, "MOVW_PREL_G3", "pcrel", 3, None, "movw_s", pcrel=True)
_lo12(299, "LDST128_ABS_LO12_NC", "abs", 4)
# -- GOT ----------------------------------------------------------------------------------------
_mov(300, "MOVW_GOTOFF_G0", "got_gotrel", 0, "signed", "movw_s")
_mov(301, "MOVW_GOTOFF_G0_NC", "got_gotrel", 0, None, "movk")
_mov(302, "MOVW_GOTOFF_G1", "got_gotrel", 1, "signed", "movw_s")
_mov(303, "MOVW_GOTOFF_G1_NC", "got_gotrel", 1, None, "movk")
_mov(304, "MOVW_GOTOFF_G2", "got_gotrel", 2, "signed", "movw_s")
_mov(305, "MOVW_GOTOFF_G2_NC", "got_gotrel", 2, None, "movk")
_mov(306, "MOVW_GOTOFF_G3", "got_gotrel", 3, None, "movw_s")
_r(307, "GOTREL64", 8, "gotrel", _w64, "data")
_r(308, "GOTREL32", 4, "gotrel", _w32, "data", check="either")
_r(309, "GOT_LD_PREL19", 4, "got_pcrel", _B19, "ld19", pcrel=True, check="signed")
_r(310, "LD64_GOTOFF_LO15", 4, "got_gotrel", _imm12(0, 3, "unsigned", 15), "ldst", scale=3,
   check="unsigned")
_r(311, "ADR_GOT_PAGE", 4, "got_page_pcrel", _page(), "adrp", pcrel=True, shift=12,
   check="signed")
_r(312, "LD64_GOT_LO12_NC", 4, "got_abs", _imm12(0, 3, None), "ldst", scale=3)
_r(313, "LD64_GOTPAGE_LO15", 4, "got_gotpage", _imm12(0, 3, "unsigned", 15), "ldst", scale=3,
   check="unsigned")
_r(314, "PLT32", 4, "plt", _w32s, "data", pcrel=True, check="signed")
_r(315, "GOTPCREL32", 4, "got_pcrel", _w32s, "data", pcrel=True, check="signed")
# -- TLS general dynamic ------------------------------------------------------------------------
_r(512, "TLSGD_ADR_PREL21", 4, "tlsgd_pcrel", _adr(0, "signed"), "adr", pcrel=True,
   check="signed")
_r(513, "TLSGD_ADR_PAGE21", 4, "tlsgd_page_pcrel", _page(), "adrp", pcrel=True, shift=12,
   check="signed")
_r(514, "TLSGD_ADD_LO12_NC", 4, "tlsgd_abs", _imm12(0, 0, None), "add")
_mov(515, "TLSGD_MOVW_G1", "tlsgd_gotrel", 1, "signed", "movw_s")
_mov(516, "TLSGD_MOVW_G0_NC", "tlsgd_gotrel", 0, None, "movk")
# -- TLS local dynamic ----------------------------------------------------------------------------
_r(517, "TLSLD_ADR_PREL21", 4, "tlsld_pcrel", _adr(0, "signed"), "adr", pcrel=True,
   check="signed")
_r(518, "TLSLD_ADR_PAGE21", 4, "tlsld_page_pcrel", _page(), "adrp", pcrel=True, shift=12,
   check="signed")
_r(519, "TLSLD_ADD_LO12_NC", 4, "tlsld_abs", _imm12(0, 0, None), "add")
_mov(520, "TLSLD_MOVW_G1", "tlsld_gotrel", 1, "signed", "movw_s")
_mov(521, "TLSLD_MOVW_G0_NC", "tlsld_gotrel", 0, None, "movk")
_r(522, "TLSLD_LD_PREL19", 4, "tlsld_pcrel", _B19, "ld19", pcrel=True, check="signed")
_mov(523, "TLSLD_MOVW_DTPREL_G2", "dtprel", 2, "signed", "movw_s")
_mov(524, "TLSLD_MOVW_DTPREL_G1", "dtprel", 1, "signed", "movw_s")
_mov(525, "TLSLD_MOVW_DTPREL_G1_NC", "dtprel", 1, None, "movk")
_mov(526, "TLSLD_MOVW_DTPREL_G0", "dtprel", 0, "signed", "movw_s")
_mov(527, "TLSLD_MOVW_DTPREL_G0_NC", "dtprel", 0, None, "movk")
_r(528, "TLSLD_ADD_DTPREL_HI12", 4, "dtprel", _imm12(12, 0, "unsigned"), "add", shift=12,
   check="unsigned")
_lo12(529, "TLSLD_ADD_DTPREL_LO12", "dtprel", None, "unsigned")
_lo12(530, "TLSLD_ADD_DTPREL_LO12_NC", "dtprel", None)
for _i, _sz in enumerate((8, 16, 32, 64)):
    _lo12(531 + 2 * _i, f"TLSLD_LDST{_sz}_DTPREL_LO12", "dtprel", _i, "unsigned")
    _lo12(532 + 2 * _i, f"TLSLD_LDST{_sz}_DTPREL_LO12_NC", "dtprel", _i)
# -- TLS initial exec ------------------------------------------------------------------------------
_mov(539, "TLSIE_MOVW_GOTTPREL_G1", "gottprel_gotrel", 1, "signed", "movw_s")
_mov(540, "TLSIE_MOVW_GOTTPREL_G0_NC", "gottprel_gotrel", 0, None, "movk")
_r(541, "TLSIE_ADR_GOTTPREL_PAGE21", 4, "gottprel_page_pcrel", _page(), "adrp", pcrel=True,
   shift=12, check="signed")
_r(542, "TLSIE_LD64_GOTTPREL_LO12_NC", 4, "gottprel_abs", _imm12(0, 3, None), "ldst", scale=3)
_r(543, "TLSIE_LD_GOTTPREL_PREL19", 4, "gottprel_pcrel", _B19, "ld19", pcrel=True,
   check="signed")
# -- TLS local exec -----------------------------------------------------------------------------
_mov(544, "TLSLE_MOVW_TPREL_G2", "tprel", 2, "signed", "movw_s")
_mov(545, "TLSLE_MOVW_TPREL_G1", "tprel", 1, "signed", "movw_s")
_mov(546, "TLSLE_MOVW_TPREL_G1_NC", "tprel", 1, None, "movk")
_mov(547, "TLSLE_MOVW_TPREL_G0", "tprel", 0, "signed", "movw_s")
_mov(548, "TLSLE_MOVW_TPREL_G0_NC", "tprel", 0, None, "movk")
_r(549, "TLSLE_ADD_TPREL_HI12", 4, "tprel", _imm12(12, 0, "unsigned"), "add", shift=12,
   check="unsigned")
_lo12(550, "TLSLE_ADD_TPREL_LO12", "tprel", None, "unsigned")
_lo12(551, "TLSLE_ADD_TPREL_LO12_NC", "tprel", None)
for _i, _sz in enumerate((8, 16, 32, 64)):
    _lo12(552 + 2 * _i, f"TLSLE_LDST{_sz}_TPREL_LO12", "tprel", _i, "unsigned")
    _lo12(553 + 2 * _i, f"TLSLE_LDST{_sz}_TPREL_LO12_NC", "tprel", _i)
# -- TLS descriptors ---------------------------------------------------------------------------
_r(560, "TLSDESC_LD_PREL19", 4, "tlsdesc_pcrel", _B19, "ld19", pcrel=True, check="signed")
_r(561, "TLSDESC_ADR_PREL21", 4, "tlsdesc_pcrel", _adr(0, "signed"), "adr", pcrel=True,
   check="signed")
_r(562, "TLSDESC_ADR_PAGE21", 4, "tlsdesc_page_pcrel", _page(), "adrp", pcrel=True, shift=12,
   check="signed")
_r(563, "TLSDESC_LD64_LO12", 4, "tlsdesc_abs", _imm12(0, 3, None), "ldst", scale=3)
_r(564, "TLSDESC_ADD_LO12", 4, "tlsdesc_abs", _imm12(0, 0, None), "add")
_mov(565, "TLSDESC_OFF_G1", "tlsdesc_gotrel", 1, "signed", "movw_s")
_mov(566, "TLSDESC_OFF_G0_NC", "tlsdesc_gotrel", 0, None, "movk")
_r(567, "TLSDESC_LDR", 0, "tlsdesc_hint", _none, "none")
_r(568, "TLSDESC_ADD", 0, "tlsdesc_hint", _none, "none")
_r(569, "TLSDESC_CALL", 0, "tlsdesc_hint", _none, "none")
_lo12(570, "TLSLE_LDST128_TPREL_LO12", "tprel", 4, "unsigned")
_lo12(571, "TLSLE_LDST128_TPREL_LO12_NC", "tprel", 4)
_lo12(572, "TLSLD_LDST128_DTPREL_LO12", "dtprel", 4, "unsigned")
_lo12(573, "TLSLD_LDST128_DTPREL_LO12_NC", "dtprel", 4)
# -- dynamic ----------------------------------------------------------------------------------
_r(1024, "COPY", 0, "copy", None, "none", dynamic=True)
_r(1025, "GLOB_DAT", 8, "glob_dat", _w64, "data", dynamic=True)
_r(1026, "JUMP_SLOT", 8, "jump_slot", _w64, "data", dynamic=True)
_r(1027, "RELATIVE", 8, "relative", _w64, "data", dynamic=True)
_r(1028, "TLS_DTPMOD", 8, "dtpmod", _w64, "data", dynamic=True)
_r(1029, "TLS_DTPREL", 8, "dtprel", _w64, "data", dynamic=True)
_r(1030, "TLS_TPREL", 8, "tprel", _w64, "data", dynamic=True)
_r(1031, "TLSDESC", 16, "tlsdesc_dyn", None, "none", dynamic=True)
_r(1032, "IRELATIVE", 8, "irelative", _w64, "data", dynamic=True)

RELOCS = RelocTable(EM_AARCH64, _types)
del _types
