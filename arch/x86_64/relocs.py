"""x86-64 relocation types (System V AMD64 psABI, table 4.9 and the TLS supplement)."""
from toolchain.elf.constants import EM_X86_64
from toolchain.elf.reloc import RelocTable, RelocType, word

_w8u, _w8s = word(1, "either"), word(1, "signed")
_w16, _w16s = word(2, "either"), word(2, "signed")
_w32u, _w32s, _w32 = word(4, "unsigned"), word(4, "signed"), word(4, "either")
_w64 = word(8)

R = RelocType
RELOCS = RelocTable(EM_X86_64, [
    R(0, "R_X86_64_NONE", 0, "none"),
    R(1, "R_X86_64_64", 8, "abs", _w64),
    R(2, "R_X86_64_PC32", 4, "pcrel", _w32s, pcrel=True),
    R(3, "R_X86_64_GOT32", 4, "got", _w32s),
    R(4, "R_X86_64_PLT32", 4, "plt", _w32s, pcrel=True),
    R(5, "R_X86_64_COPY", 0, "copy", dynamic=True),
    R(6, "R_X86_64_GLOB_DAT", 8, "abs", _w64, dynamic=True),
    R(7, "R_X86_64_JUMP_SLOT", 8, "abs", _w64, dynamic=True),
    R(8, "R_X86_64_RELATIVE", 8, "relative", _w64, dynamic=True),
    R(9, "R_X86_64_GOTPCREL", 4, "gotpcrel", _w32s, pcrel=True),
    R(10, "R_X86_64_32", 4, "abs", _w32u),
    R(11, "R_X86_64_32S", 4, "abs", _w32s),
    R(12, "R_X86_64_16", 2, "abs", _w16),
    R(13, "R_X86_64_PC16", 2, "pcrel", _w16s, pcrel=True),
    R(14, "R_X86_64_8", 1, "abs", _w8u),
    R(15, "R_X86_64_PC8", 1, "pcrel", _w8s, pcrel=True),
    R(16, "R_X86_64_DTPMOD64", 8, "dtpmod", _w64, dynamic=True),
    R(17, "R_X86_64_DTPOFF64", 8, "dtprel", _w64),
    R(18, "R_X86_64_TPOFF64", 8, "tprel", _w64),
    R(19, "R_X86_64_TLSGD", 4, "tlsgd", _w32s, pcrel=True),
    R(20, "R_X86_64_TLSLD", 4, "tlsld", _w32s, pcrel=True),
    R(21, "R_X86_64_DTPOFF32", 4, "dtprel", _w32s),
    R(22, "R_X86_64_GOTTPOFF", 4, "gottprel", _w32s, pcrel=True),
    R(23, "R_X86_64_TPOFF32", 4, "tprel", _w32s),
    R(24, "R_X86_64_PC64", 8, "pcrel", _w64, pcrel=True),
    R(25, "R_X86_64_GOTOFF64", 8, "gotoff", _w64),
    R(26, "R_X86_64_GOTPC32", 4, "gotpc", _w32s, pcrel=True),
    R(27, "R_X86_64_GOT64", 8, "got", _w64),
    R(28, "R_X86_64_GOTPCREL64", 8, "gotpcrel", _w64, pcrel=True),
    R(29, "R_X86_64_GOTPC64", 8, "gotpc", _w64, pcrel=True),
    R(30, "R_X86_64_GOTPLT64", 8, "got", _w64),
    R(31, "R_X86_64_PLTOFF64", 8, "pltoff", _w64),
    R(32, "R_X86_64_SIZE32", 4, "size", _w32),
    R(33, "R_X86_64_SIZE64", 8, "size", _w64),
    R(34, "R_X86_64_GOTPC32_TLSDESC", 4, "tlsdesc_gotpc", _w32s, pcrel=True),
    R(35, "R_X86_64_TLSDESC_CALL", 0, "tlsdesc_call"),
    R(36, "R_X86_64_TLSDESC", 16, "tlsdesc", dynamic=True),
    R(37, "R_X86_64_IRELATIVE", 8, "irelative", _w64, dynamic=True),
    R(38, "R_X86_64_RELATIVE64", 8, "relative", _w64, dynamic=True),
    R(41, "R_X86_64_GOTPCRELX", 4, "gotpcrel", _w32s, pcrel=True),
    R(42, "R_X86_64_REX_GOTPCRELX", 4, "gotpcrel", _w32s, pcrel=True),
])
