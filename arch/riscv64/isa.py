"""RISC-V instruction encoder: registers, the instruction table, operand parsing, pseudo
instructions, GNU as's ``li`` sequence and automatic RVC compression.

The encoder is independent of the assembler core. :meth:`Encoder.encode` turns one statement
into a list of *pieces*:

* ``Insn(data, fixups)``: fixed bytes (2 or 4 per instruction) with :class:`Fixup` s whose
  ``offset`` is relative to the start of ``data``;
* ``Branch(...)``: a relaxable branch or jump to a symbol, whose size (2, 4 or 8 bytes) the
  core's relaxation loop chooses with :func:`branch_size` and whose bytes come from
  :func:`branch_bytes`;
* ``Label()``: "define a local label here" (the ``.L0 `` label GNU as puts on ``auipc`` for a
  ``%pcrel_lo`` reference), carrying the name it must be referred to by.

Expressions are parsed by a callable ``parse(text)`` given to the encoder; it returns either
an ``int`` (a constant) or an opaque object for anything symbolic. The encoder only needs to
know which values are constants.
"""
from __future__ import annotations

import re

from .relocs import enc_b, enc_cb, enc_cj, enc_i, enc_j, enc_s

# -- registers -------------------------------------------------------------------------------

XREGS: dict[str, int] = {f"x{i}": i for i in range(32)}
for _i, _n in enumerate(["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1",
                         "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7",
                         "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11",
                         "t3", "t4", "t5", "t6"]):
    XREGS[_n] = _i
XREGS["fp"] = 8

FREGS: dict[str, int] = {f"f{i}": i for i in range(32)}
for _i, _n in enumerate(["ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7",
                         "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5", "fa6", "fa7",
                         "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11",
                         "ft8", "ft9", "ft10", "ft11"]):
    FREGS[_n] = _i


# -- operand objects (pycc hands instructions to the encoder as these; the text path parses
# operand text to the same values: a register number, an int, a (reloc_op, value) pair) ------

class Reg:
    """A register operand: ``n`` its number, ``fp`` True for f0-f31. Interned (``XR[n]``,
    ``FR[n]``) and keys of XREGS/FREGS beside the names, so the encoder's register look-ups
    take a name or the object alike."""
    __slots__ = ("n", "fp", "name")

    def __init__(self, n: int, fp: bool, name: str):
        self.n = n
        self.fp = fp
        self.name = name

    def __repr__(self):
        return self.name


class Ref:
    """A symbol operand: ``name`` (a symbol, a ``.L`` label or a numeric local label such as
    ``1f``), an optional relocation operator (``reloc``: "pcrel_lo", "tprel_hi", ...) and an
    addend. Its value is looked up (through the encoder's ``sym`` hook) when the handler reads
    the operand, at the point the text path would parse it."""
    __slots__ = ("name", "reloc", "addend")

    def __init__(self, name: str, reloc: str | None = None, addend: int = 0):
        self.name = name
        self.reloc = reloc
        self.addend = addend

    def __repr__(self):
        s = self.name
        if self.addend:
            s += f"{self.addend:+d}"
        return f"%{self.reloc}({s})" if self.reloc else s


class MemOp(tuple):
    """A memory operand ``off(base)``: (offset, base Reg); offset an int or a :class:`Ref`
    with a relocation operator. A tuple, so that constant operands make cache keys."""
    __slots__ = ()

    def __new__(cls, off, base: Reg):
        return tuple.__new__(cls, (off, base))

    def __repr__(self):
        off, base = self
        return f"({base.name})" if off is None else f"{off!r}({base.name})"


def _ops_text(ops, operand_text=None) -> str:
    """The operands as written (the statement's text, else the objects spelled)."""
    if operand_text is None:
        return ", ".join(fmt_operand(o) for o in ops)
    return operand_text


def fmt_operand(o) -> str:
    """Operand object (or text) -> its GNU as text (diagnostics, ``pycc -S``)."""
    return o if type(o) is str else repr(o) if type(o) is not int else str(o)


XR = tuple(Reg(n, False, name) for n, name in enumerate(
    ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3",
     "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11",
     "t3", "t4", "t5", "t6"]))
FR = tuple(Reg(n, True, name) for n, name in enumerate(
    ["ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1",
     "fa2", "fa3", "fa4", "fa5", "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7",
     "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"]))
for _r in XR:
    XREGS[_r] = _r.n
for _r in FR:
    FREGS[_r] = _r.n

ROUNDING = {"rne": 0, "rtz": 1, "rdn": 2, "rup": 3, "rmm": 4, "dyn": 7}

CSRS: dict[str, int] = {
    "fflags": 0x001, "frm": 0x002, "fcsr": 0x003,
    "cycle": 0xC00, "time": 0xC01, "instret": 0xC02,
    "cycleh": 0xC80, "timeh": 0xC81, "instreth": 0xC82,
    "sstatus": 0x100, "sie": 0x104, "stvec": 0x105, "scounteren": 0x106, "senvcfg": 0x10A,
    "sscratch": 0x140, "sepc": 0x141, "scause": 0x142, "stval": 0x143, "sip": 0x144,
    "satp": 0x180, "mvendorid": 0xF11, "marchid": 0xF12, "mimpid": 0xF13, "mhartid": 0xF14,
    "mconfigptr": 0xF15,
    "mstatus": 0x300, "misa": 0x301, "medeleg": 0x302, "mideleg": 0x303, "mie": 0x304,
    "mtvec": 0x305, "mcounteren": 0x306, "menvcfg": 0x30A, "mstatush": 0x310,
    "menvcfgh": 0x31A, "mcountinhibit": 0x320,
    "mscratch": 0x340, "mepc": 0x341, "mcause": 0x342, "mtval": 0x343, "mip": 0x344,
    "mtinst": 0x34A, "mtval2": 0x34B,
    "mcycle": 0xB00, "minstret": 0xB02, "mcycleh": 0xB80, "minstreth": 0xB82,
    "tselect": 0x7A0, "tdata1": 0x7A1, "tdata2": 0x7A2, "tdata3": 0x7A3,
    "dcsr": 0x7B0, "dpc": 0x7B1, "dscratch0": 0x7B2, "dscratch1": 0x7B3,
    "hstatus": 0x600, "hedeleg": 0x602, "hideleg": 0x603, "hie": 0x604, "hcounteren": 0x606,
    "hgeie": 0x607, "htval": 0x643, "hip": 0x644, "hvip": 0x645, "htinst": 0x64A,
    "hgeip": 0xE12, "henvcfg": 0x60A, "hgatp": 0x680,
    "vsstatus": 0x200, "vsie": 0x204, "vstvec": 0x205, "vsscratch": 0x240, "vsepc": 0x241,
    "vscause": 0x242, "vstval": 0x243, "vsip": 0x244, "vsatp": 0x280,
    "seed": 0x015, "vstart": 0x008, "vxsat": 0x009, "vxrm": 0x00A, "vcsr": 0x00F,
    "vl": 0xC20, "vtype": 0xC21, "vlenb": 0xC22,
}
for _i in range(3, 32):
    CSRS[f"hpmcounter{_i}"] = 0xC00 + _i
    CSRS[f"hpmcounter{_i}h"] = 0xC80 + _i
    CSRS[f"mhpmcounter{_i}"] = 0xB00 + _i
    CSRS[f"mhpmcounter{_i}h"] = 0xB80 + _i
    CSRS[f"mhpmevent{_i}"] = 0x320 + _i
for _i in range(16):
    CSRS[f"pmpaddr{_i}"] = 0x3B0 + _i
for _i in range(0, 4):
    CSRS[f"pmpcfg{_i}"] = 0x3A0 + _i


class AsmError(Exception):
    """A user error in one statement (message as GNU as words it)."""


class NoMatch(Exception):
    pass


# -- output pieces -----------------------------------------------------------------------------

class Fixup:
    __slots__ = ("offset", "rtype", "expr", "relax")

    def __init__(self, offset, rtype, expr, relax=False):
        self.offset = offset
        self.rtype = rtype      # relocation name, e.g. "R_RISCV_PCREL_HI20"
        self.expr = expr        # the parsed expression (opaque) of the target / value
        self.relax = relax      # also emit R_RISCV_RELAX at the same offset

    def __repr__(self):
        return f"Fixup({self.offset}, {self.rtype}, {self.expr!r}, relax={self.relax})"


class Insn:
    __slots__ = ("data", "fixups")

    def __init__(self, data, fixups=()):
        self.data = data
        self.fixups = fixups

    def __repr__(self):
        return f"Insn({self.data.hex()}, {list(self.fixups)})"


class Label:
    """Define the pc-relative anchor label at this point (before the next piece)."""
    __slots__ = ("key",)

    def __init__(self, key):
        self.key = key


class Branch:
    """A relaxable branch/jump to ``target`` (a symbolic expression).

    kind: "jal" (jal rd with rd=x0 or ra: c.j / jal), "b" (conditional, 4 or 8 bytes, or 2
    with c.beqz/c.bnez when ``rvc``). ``word`` is the 32-bit form with a zero offset."""
    __slots__ = ("kind", "word", "rvc", "target", "rd", "rs1", "rs2", "funct3")

    def __init__(self, kind, word, rvc, target, rd=0, rs1=0, rs2=0, funct3=0):
        self.kind = kind
        self.word = word
        self.rvc = rvc
        self.target = target
        self.rd = rd
        self.rs1 = rs1
        self.rs2 = rs2
        self.funct3 = funct3

    def __repr__(self):
        return f"Branch({self.kind}, {self.word:08x}, rvc={self.rvc}, {self.target!r})"


def branch_size(br: Branch, disp: int | None) -> int:
    """The size GNU as picks for ``br`` when the target is ``disp`` bytes away (None: not a
    defined, non-weak symbol in the same section)."""
    jump = br.kind == "jal"
    if disp is None:
        return 4 if jump else 8
    if br.rvc and -(RVC_JUMP_REACH if jump else RVC_BRANCH_REACH) <= disp < (
            RVC_JUMP_REACH if jump else RVC_BRANCH_REACH):
        return 2
    if -BRANCH_REACH <= disp < BRANCH_REACH:
        return 4
    if jump:
        return 4
    return 6 if br.rvc else 8


# reaches (bytes either way) of c.j, c.beqz/c.bnez and the 32-bit conditional branches
RVC_JUMP_REACH = 1 << 11
RVC_BRANCH_REACH = 1 << 8
BRANCH_REACH = 1 << 12


def branch_bytes(br: Branch, size: int, disp: int = 0):
    """(bytes, [(offset, reloc name)]) for ``br`` assembled at ``size`` bytes. ``disp`` is the
    value GNU as leaves in the instruction: target - address of the branch (for a target it
    cannot resolve, 0 - address of the branch in its section). The relocation, when one is
    emitted, is at the returned offset."""
    if size == 2:
        if br.kind == "jal":
            return (0xA001 | enc_cj(disp)).to_bytes(2, "little"), [(0, "R_RISCV_RVC_JUMP")]
        op = 0xC001 if br.funct3 == 0 else 0xE001
        return ((op | ((br.rs1 - 8) << 7) | enc_cb(disp)).to_bytes(2, "little"),
                [(0, "R_RISCV_RVC_BRANCH")])
    if size == 4:
        if br.kind == "jal":
            return (br.word | enc_j(disp)).to_bytes(4, "little"), [(0, "R_RISCV_JAL")]
        return (br.word | enc_b(disp)).to_bytes(4, "little"), [(0, "R_RISCV_BRANCH")]
    if size == 6:
        # inverted compressed branch over a jal
        op = 0xE001 if br.funct3 == 0 else 0xC001
        return ((op | ((br.rs1 - 8) << 7) | enc_cb(6)).to_bytes(2, "little") +
                (0x6F | enc_j(disp - 2)).to_bytes(4, "little"), [(2, "R_RISCV_JAL")])
    # inverted branch over a jal
    inv = (br.word & ~(7 << 12)) | ((br.funct3 ^ 1) << 12) | enc_b(8)
    return (inv.to_bytes(4, "little") + (0x6F | enc_j(disp - 4)).to_bytes(4, "little"),
            [(4, "R_RISCV_JAL")])


# -- small helpers -----------------------------------------------------------------------------

def _u32(w):
    return (w & 0xFFFFFFFF).to_bytes(4, "little")


def _fits(v, bits):
    return -(1 << (bits - 1)) <= v < (1 << (bits - 1))


_RELOC_OP_RE = re.compile(r"\s*%([A-Za-z_0-9]+)\s*\(", re.S)


# operand errors that a misplaced or unknown relocation operator causes
_OPERATOR_ERRORS = ("unknown relocation operator", "bad relocation operator", "improper immediate")


def _reloc_op_split(t: str):
    """``%op(expr) tail`` -> (op, "(expr) tail"): GNU as applies the operator to the whole
    value (``%lo(s)+4`` is LO12 against s+4); None if it is no ``%op(``."""
    m = _RELOC_OP_RE.match(t)
    if m is None:
        return None
    depth = 0
    for i in range(m.end() - 1, len(t)):
        depth += (t[i] == "(") - (t[i] == ")")
        if not depth:
            return m.group(1).lower(), t[m.end() - 1:]
    raise AsmError("missing ')'")
_MEM_RE = re.compile(r"^(.*?)\s*\(\s*([A-Za-z0-9]+)\s*\)\s*$", re.S)

# %operator -> (I-type reloc, S-type reloc, U-type reloc)
RELOC_OPS = {
    "lo": "R_RISCV_LO12_I",
    "hi": "R_RISCV_HI20",
    "pcrel_lo": "R_RISCV_PCREL_LO12_I",
    "pcrel_hi": "R_RISCV_PCREL_HI20",
    "got_pcrel_hi": "R_RISCV_GOT_HI20",
    "tprel_lo": "R_RISCV_TPREL_LO12_I",
    "tprel_hi": "R_RISCV_TPREL_HI20",
    "tprel_add": "R_RISCV_TPREL_ADD",
    "tls_ie_pcrel_hi": "R_RISCV_TLS_GOT_HI20",
    "tls_gd_pcrel_hi": "R_RISCV_TLS_GD_HI20",
    "tlsdesc_hi": "R_RISCV_TLSDESC_HI20",
    "tlsdesc_load_lo": "R_RISCV_TLSDESC_LOAD_LO12",
    "tlsdesc_add_lo": "R_RISCV_TLSDESC_ADD_LO12",
    "tlsdesc_call": "R_RISCV_TLSDESC_CALL",
}
_I_TO_S = {"R_RISCV_LO12_I": "R_RISCV_LO12_S", "R_RISCV_PCREL_LO12_I": "R_RISCV_PCREL_LO12_S",
           "R_RISCV_TPREL_LO12_I": "R_RISCV_TPREL_LO12_S"}
_HI_OPS = {"hi", "pcrel_hi", "got_pcrel_hi", "tprel_hi", "tls_ie_pcrel_hi", "tls_gd_pcrel_hi",
           "tlsdesc_hi"}
_LO_OPS = {"lo", "pcrel_lo", "tprel_lo", "tlsdesc_load_lo", "tlsdesc_add_lo"}
# relocations that GNU as marks with R_RISCV_RELAX
RELAXABLE = {"R_RISCV_HI20", "R_RISCV_LO12_I", "R_RISCV_LO12_S", "R_RISCV_PCREL_HI20",
             "R_RISCV_PCREL_LO12_I", "R_RISCV_PCREL_LO12_S", "R_RISCV_TPREL_HI20",
             "R_RISCV_TPREL_LO12_I", "R_RISCV_TPREL_LO12_S", "R_RISCV_TPREL_ADD",
             "R_RISCV_CALL", "R_RISCV_CALL_PLT", "R_RISCV_TLSDESC_HI20",
             "R_RISCV_TLSDESC_LOAD_LO12", "R_RISCV_TLSDESC_ADD_LO12", "R_RISCV_TLSDESC_CALL"}


# -- the instruction table -----------------------------------------------------------------------
# Each mnemonic maps to (handler name, match bits, extension); handlers parse the operand list.

OP, OPIMM, OP32, OPIMM32 = 0x33, 0x13, 0x3B, 0x1B
LOAD, STORE, BRANCH, JALR, JAL, LUI, AUIPC = 0x03, 0x23, 0x63, 0x67, 0x6F, 0x37, 0x17
SYSTEM, MISC_MEM, AMO, LOADFP, STOREFP, OPFP = 0x73, 0x0F, 0x2F, 0x07, 0x27, 0x53


def _r(f7, f3, op):
    return (f7 << 25) | (f3 << 12) | op


TABLE: dict[str, tuple] = {}


def _def(kind, ext, **kw):
    for name, match in kw.items():
        TABLE[name.replace("_", ".")] = (kind, match, ext)


# RV64I
for _n, _f3 in (("add", 0), ("sll", 1), ("slt", 2), ("sltu", 3), ("xor", 4), ("srl", 5),
                ("or", 6), ("and", 7)):
    TABLE[_n] = ("R", _r(0, _f3, OP), "i")
TABLE["sub"] = ("R", _r(0x20, 0, OP), "i")
TABLE["sra"] = ("R", _r(0x20, 5, OP), "i")
for _n, _f7, _f3 in (("addw", 0, 0), ("subw", 0x20, 0), ("sllw", 0, 1), ("srlw", 0, 5),
                     ("sraw", 0x20, 5)):
    TABLE[_n] = ("R", _r(_f7, _f3, OP32), "i")
for _n, _f3 in (("addi", 0), ("slti", 2), ("sltiu", 3), ("xori", 4), ("ori", 6), ("andi", 7)):
    TABLE[_n] = ("I", (_f3 << 12) | OPIMM, "i")
TABLE["addiw"] = ("I", OPIMM32, "i")
TABLE["slli"] = ("SH6", (1 << 12) | OPIMM, "i")
TABLE["srli"] = ("SH6", (5 << 12) | OPIMM, "i")
TABLE["srai"] = ("SH6", (0x10 << 26) | (5 << 12) | OPIMM, "i")
TABLE["slliw"] = ("SH5", (1 << 12) | OPIMM32, "i")
TABLE["srliw"] = ("SH5", (5 << 12) | OPIMM32, "i")
TABLE["sraiw"] = ("SH5", (0x20 << 25) | (5 << 12) | OPIMM32, "i")
for _n, _f3 in (("lb", 0), ("lh", 1), ("lw", 2), ("ld", 3), ("lbu", 4), ("lhu", 5), ("lwu", 6)):
    TABLE[_n] = ("L", (_f3 << 12) | LOAD, "i")
for _n, _f3 in (("sb", 0), ("sh", 1), ("sw", 2), ("sd", 3)):
    TABLE[_n] = ("S", (_f3 << 12) | STORE, "i")
for _n, _f3 in (("beq", 0), ("bne", 1), ("blt", 4), ("bge", 5), ("bltu", 6), ("bgeu", 7)):
    TABLE[_n] = ("B", (_f3 << 12) | BRANCH, "i")
# swapped-operand branch pseudos
for _n, _f3 in (("bgt", 4), ("ble", 5), ("bgtu", 6), ("bleu", 7)):
    TABLE[_n] = ("BSWAP", (_f3 << 12) | BRANCH, "i")
# compare-with-zero branch pseudos: (funct3, zero position: 2 means rs2=x0, 1 means rs1=x0)
for _n, _f3, _pos in (("beqz", 0, 2), ("bnez", 1, 2), ("bltz", 4, 2), ("bgez", 5, 2),
                      ("blez", 5, 1), ("bgtz", 4, 1)):
    TABLE[_n] = ("BZ", ((_f3 << 12) | BRANCH, _pos), "i")
TABLE["lui"] = ("U", LUI, "i")
TABLE["auipc"] = ("U", AUIPC, "i")
TABLE["jal"] = ("JAL", JAL, "i")
TABLE["j"] = ("J", JAL, "i")
TABLE["jalr"] = ("JALR", JALR, "i")
TABLE["jr"] = ("JR", JALR, "i")
TABLE["ret"] = ("RET", 0x00008067, "i")
TABLE["nop"] = ("FIXED", 0x00000013, "i")
TABLE["ecall"] = ("FIXED", 0x00000073, "i")
TABLE["scall"] = ("FIXED", 0x00000073, "i")
TABLE["ebreak"] = ("FIXED", 0x00100073, "i")
TABLE["sbreak"] = ("FIXED", 0x00100073, "i")
TABLE["uret"] = ("FIXED", 0x00200073, "i")
TABLE["sret"] = ("FIXED", 0x10200073, "i")
TABLE["mret"] = ("FIXED", 0x30200073, "i")
TABLE["wfi"] = ("FIXED", 0x10500073, "i")
TABLE["pause"] = ("FIXED", 0x0100000F, "i")
TABLE["fence.i"] = ("FIXED", 0x0000100F, "zifencei")
TABLE["fence.tso"] = ("FIXED", 0x8330000F, "i")
TABLE["fence"] = ("FENCE", MISC_MEM, "i")
TABLE["sfence.vma"] = ("SFENCE", 0x12000073, "i")
TABLE["unimp"] = ("FIXED", 0xC0001073, "i")
# pseudos
for _n in ("li", "la", "lla", "lga", "call", "tail", "mv", "not", "neg", "negw", "sext.w",
           "seqz", "snez", "sltz", "sgtz", "sgt", "sgtu", "la.tls.ie", "la.tls.gd", "jump",
           "fmv.s", "fmv.d", "fabs.s", "fabs.d", "fneg.s", "fneg.d", "fmv.q", "fabs.q",
           "fneg.q", "csrr", "csrw", "csrs", "csrc", "csrwi", "csrsi", "csrci", "frcsr", "fscsr",
           "frrm", "fsrm", "frflags", "fsflags", "fsrmi", "fsflagsi", "rdcycle", "rdtime",
           "rdinstret", "rdcycleh", "rdtimeh", "rdinstreth", "zext.b", "lpad"):
    TABLE[_n] = ("PSEUDO", 0, "i")
for _n in ("fle.s", "flt.s", "fle.d", "flt.d"):
    pass
TABLE["fgt.s"] = ("FCMPSWAP", _r(0x50, 1, OPFP), "f")
TABLE["fge.s"] = ("FCMPSWAP", _r(0x50, 0, OPFP), "f")
TABLE["fgt.d"] = ("FCMPSWAP", _r(0x51, 1, OPFP), "d")
TABLE["fge.d"] = ("FCMPSWAP", _r(0x51, 0, OPFP), "d")

# M
for _n, _f3 in (("mul", 0), ("mulh", 1), ("mulhsu", 2), ("mulhu", 3), ("div", 4), ("divu", 5),
                ("rem", 6), ("remu", 7)):
    TABLE[_n] = ("R", _r(1, _f3, OP), "m")
for _n, _f3 in (("mulw", 0), ("divw", 4), ("divuw", 5), ("remw", 6), ("remuw", 7)):
    TABLE[_n] = ("R", _r(1, _f3, OP32), "m")

# A
for _base, _f5 in (("amoswap", 1), ("amoadd", 0), ("amoxor", 4), ("amoand", 0xC),
                   ("amoor", 8), ("amomin", 0x10), ("amomax", 0x14), ("amominu", 0x18),
                   ("amomaxu", 0x1C), ("lr", 2), ("sc", 3)):
    for _w, _f3 in (("w", 2), ("d", 3)):
        for _sfx, _bits in (("", 0), (".aq", 2), (".rl", 1), (".aqrl", 3)):
            TABLE[f"{_base}.{_w}{_sfx}"] = ("LR" if _base == "lr" else "AMO",
                                            (_f5 << 27) | (_bits << 25) | (_f3 << 12) | AMO, "a")

# F / D (and Zfh-less)
for _fmt, _fb, _ext in (("s", 0, "f"), ("d", 1, "d")):
    for _n, _f5 in (("fadd", 0), ("fsub", 1), ("fmul", 2), ("fdiv", 3)):
        TABLE[f"{_n}.{_fmt}"] = ("FR_RM", ((_f5 << 2 | _fb) << 25) | OPFP, _ext)
    TABLE[f"fsqrt.{_fmt}"] = ("F2_RM", ((0x0B << 2 | _fb) << 25) | OPFP, _ext)
    for _n, _f3 in (("fsgnj", 0), ("fsgnjn", 1), ("fsgnjx", 2)):
        TABLE[f"{_n}.{_fmt}"] = ("FR", ((0x04 << 2 | _fb) << 25) | (_f3 << 12) | OPFP, _ext)
    for _n, _f3 in (("fmin", 0), ("fmax", 1)):
        TABLE[f"{_n}.{_fmt}"] = ("FR", ((0x05 << 2 | _fb) << 25) | (_f3 << 12) | OPFP, _ext)
    for _n, _f3 in (("feq", 2), ("flt", 1), ("fle", 0)):
        TABLE[f"{_n}.{_fmt}"] = ("FCMP", ((0x14 << 2 | _fb) << 25) | (_f3 << 12) | OPFP, _ext)
    TABLE[f"fclass.{_fmt}"] = ("FX", ((0x1C << 2 | _fb) << 25) | (1 << 12) | OPFP, _ext)
    for _n, _op in (("fmadd", 0x43), ("fmsub", 0x47), ("fnmsub", 0x4B), ("fnmadd", 0x4F)):
        TABLE[f"{_n}.{_fmt}"] = ("F4_RM", (_fb << 25) | _op, _ext)
    for _i, _t in enumerate(("w", "wu", "l", "lu")):
        # float -> int: rm default dyn; int -> float: w/wu exact for d (rm 0)
        TABLE[f"fcvt.{_t}.{_fmt}"] = ("FCVT_XF", ((0x18 << 2 | _fb) << 25) | (_i << 20) | OPFP,
                                      _ext)
        exact = _fmt == "d" and _t in ("w", "wu")
        TABLE[f"fcvt.{_fmt}.{_t}"] = ("FCVT_FX0" if exact else "FCVT_FX",
                                      ((0x1A << 2 | _fb) << 25) | (_i << 20) | OPFP, _ext)
TABLE["flw"] = ("FL", (2 << 12) | LOADFP, "f")
TABLE["fld"] = ("FL", (3 << 12) | LOADFP, "d")
TABLE["fsw"] = ("FS", (2 << 12) | STOREFP, "f")
TABLE["fsd"] = ("FS", (3 << 12) | STOREFP, "d")
TABLE["fcvt.s.d"] = ("F2_RM", (0x20 << 25) | (1 << 20) | OPFP, "d")
TABLE["fcvt.d.s"] = ("F2_RM0", (0x21 << 25) | (0 << 20) | OPFP, "d")
TABLE["fmv.x.w"] = ("FX", (0x70 << 25) | OPFP, "f")
TABLE["fmv.x.s"] = ("FX", (0x70 << 25) | OPFP, "f")
TABLE["fmv.w.x"] = ("XF", (0x78 << 25) | OPFP, "f")
TABLE["fmv.s.x"] = ("XF", (0x78 << 25) | OPFP, "f")
TABLE["fmv.x.d"] = ("FX", (0x71 << 25) | OPFP, "d")
TABLE["fmv.d.x"] = ("XF", (0x79 << 25) | OPFP, "d")

# Zicsr
for _n, _f3 in (("csrrw", 1), ("csrrs", 2), ("csrrc", 3)):
    TABLE[_n] = ("CSR", (_f3 << 12) | SYSTEM, "zicsr")
for _n, _f3 in (("csrrwi", 5), ("csrrsi", 6), ("csrrci", 7)):
    TABLE[_n] = ("CSRI", (_f3 << 12) | SYSTEM, "zicsr")

# Zba
for _n, _f3 in (("sh1add", 2), ("sh2add", 4), ("sh3add", 6)):
    TABLE[_n] = ("R", _r(0x10, _f3, OP), "zba")
    TABLE[_n + ".uw"] = ("R", _r(0x10, _f3, OP32), "zba")
TABLE["add.uw"] = ("R", _r(0x04, 0, OP32), "zba")
TABLE["slli.uw"] = ("SH6", (0x02 << 26) | (1 << 12) | OPIMM32, "zba")
# Zbb
for _n, _f7, _f3 in (("andn", 0x20, 7), ("orn", 0x20, 6), ("xnor", 0x20, 4), ("max", 5, 6),
                     ("maxu", 5, 7), ("min", 5, 4), ("minu", 5, 5), ("rol", 0x30, 1),
                     ("ror", 0x30, 5)):
    TABLE[_n] = ("R", _r(_f7, _f3, OP), "zbb")
TABLE["rolw"] = ("R", _r(0x30, 1, OP32), "zbb")
TABLE["rorw"] = ("R", _r(0x30, 5, OP32), "zbb")
TABLE["rori"] = ("SH6", (0x18 << 26) | (5 << 12) | OPIMM, "zbb")
TABLE["roriw"] = ("SH5", (0x30 << 25) | (5 << 12) | OPIMM32, "zbb")
for _n, _imm, _op in (("clz", 0x600, OPIMM), ("ctz", 0x601, OPIMM), ("cpop", 0x602, OPIMM),
                      ("sext.b", 0x604, OPIMM), ("sext.h", 0x605, OPIMM),
                      ("clzw", 0x600, OPIMM32), ("ctzw", 0x601, OPIMM32),
                      ("cpopw", 0x602, OPIMM32)):
    TABLE[_n] = ("R2", (_imm << 20) | (1 << 12) | _op, "zbb")
TABLE["orc.b"] = ("R2", (0x287 << 20) | (5 << 12) | OPIMM, "zbb")
TABLE["rev8"] = ("R2", (0x6B8 << 20) | (5 << 12) | OPIMM, "zbb")
TABLE["zext.h"] = ("R2", _r(0x04, 4, OP32), "zbb")
TABLE["zext.w"] = ("R2", _r(0x04, 0, OP32), "zba")
# Zbs
for _n, _f7, _f3 in (("bclr", 0x24, 1), ("bext", 0x24, 5), ("binv", 0x34, 1), ("bset", 0x14, 1)):
    TABLE[_n] = ("R", _r(_f7, _f3, OP), "zbs")
    TABLE[_n + "i"] = ("SH6", ((_f7 >> 1) << 26) | (_f3 << 12) | OPIMM, "zbs")
# Zicond
TABLE["czero.eqz"] = ("R", _r(0x07, 5, OP), "zicond")
TABLE["czero.nez"] = ("R", _r(0x07, 7, OP), "zicond")

# Zbc, Zbkb, Zbkx, Zknh, Zksh, Zicbo*, Zawrs, Svinval
for _n, _f3 in (("clmul", 1), ("clmulr", 2), ("clmulh", 3)):
    TABLE[_n] = ("R", _r(0x05, _f3, OP), "zbc" if _n == "clmulr" else "zbc|zbkc")
TABLE["pack"] = ("R", _r(0x04, 4, OP), "zbkb")
TABLE["packh"] = ("R", _r(0x04, 7, OP), "zbkb")
TABLE["packw"] = ("R", _r(0x04, 4, OP32), "zbkb")
TABLE["brev8"] = ("R2", (0x687 << 20) | (5 << 12) | OPIMM, "zbkb")
TABLE["xperm4"] = ("R", _r(0x14, 2, OP), "zbkx")
TABLE["xperm8"] = ("R", _r(0x14, 4, OP), "zbkx")
for _n, _imm in (("sha256sum0", 0x100), ("sha256sum1", 0x101), ("sha256sig0", 0x102),
                 ("sha256sig1", 0x103), ("sha512sum0", 0x104), ("sha512sum1", 0x105),
                 ("sha512sig0", 0x106), ("sha512sig1", 0x107)):
    TABLE[_n] = ("R2", (_imm << 20) | (1 << 12) | OPIMM, "zknh|zkn|zk")
TABLE["sm3p0"] = ("R2", (0x108 << 20) | (1 << 12) | OPIMM, "zksh|zks")
TABLE["sm3p1"] = ("R2", (0x109 << 20) | (1 << 12) | OPIMM, "zksh|zks")
for _n, _imm in (("cbo.inval", 0), ("cbo.clean", 1), ("cbo.flush", 2)):
    TABLE[_n] = ("CBO", (_imm << 20) | (2 << 12) | MISC_MEM, "zicbom")
TABLE["cbo.zero"] = ("CBO", (4 << 20) | (2 << 12) | MISC_MEM, "zicboz")
for _n, _t in (("prefetch.i", 0), ("prefetch.r", 1), ("prefetch.w", 3)):
    TABLE[_n] = ("PREFETCH", (_t << 20) | (6 << 12) | OPIMM, "zicbop")
TABLE["wrs.nto"] = ("FIXED", 0x00D00073, "zawrs")
TABLE["wrs.sto"] = ("FIXED", 0x01D00073, "zawrs")
TABLE["sinval.vma"] = ("SFENCE", 0x16000073, "svinval")
TABLE["sfence.w.inval"] = ("FIXED", 0x18000073, "svinval")
TABLE["sfence.inval.ir"] = ("FIXED", 0x18100073, "svinval")
TABLE["hinval.vvma"] = ("SFENCE", 0x26000073, "svinval")
TABLE["hinval.gvma"] = ("SFENCE", 0x66000073, "svinval")
TABLE["rev8"] = ("R2", (0x6B8 << 20) | (5 << 12) | OPIMM, "zbb|zbkb")
for _n, _f7, _e in (("aes64ds", 0x1D, "zknd"), ("aes64dsm", 0x1F, "zknd"), ("aes64es", 0x19, "zkne"),
                    ("aes64esm", 0x1B, "zkne"), ("aes64ks2", 0x3F, "zknd|zkne")):
    TABLE[_n] = ("R", _r(_f7, 0, OP), _e + "|zkn|zk")
TABLE["aes64im"] = ("R2", (0x300 << 20) | (1 << 12) | OPIMM, "zknd|zkn|zk")
TABLE["aes64ks1i"] = ("KS1I", (0x310 << 20) | (1 << 12) | OPIMM, "zknd|zkne|zkn|zk")
for _n in ("andn", "orn", "xnor", "rol", "ror", "rolw", "rorw", "rori", "roriw"):
    TABLE[_n] = TABLE[_n][:2] + ("zbb|zbkb",)

# explicit compressed mnemonics
for _n in ("c.nop", "c.addi", "c.addiw", "c.li", "c.lui", "c.addi16sp", "c.addi4spn", "c.slli",
           "c.srli", "c.srai", "c.andi", "c.mv", "c.add", "c.sub", "c.xor", "c.or", "c.and",
           "c.subw", "c.addw", "c.lw", "c.ld", "c.sw", "c.sd", "c.lwsp", "c.ldsp", "c.swsp",
           "c.sdsp", "c.fld", "c.fsd", "c.fldsp", "c.fsdsp", "c.j", "c.jr", "c.jalr",
           "c.beqz", "c.bnez", "c.ebreak", "c.unimp"):
    TABLE[_n] = ("CEXPL", 0, "c")

# extension of each mnemonic's requirement, and the implied-by relation for "g"
_EXT_NEEDS = {"i": None}


# register-register mnemonics GNU as also takes with an immediate third operand
_IMM_ALIAS = {"add": "addi", "and": "andi", "or": "ori", "xor": "xori", "slt": "slti",
              "sltu": "sltiu", "sll": "slli", "srl": "srli", "sra": "srai", "addw": "addiw",
              "sllw": "slliw", "srlw": "srliw", "sraw": "sraiw", "ror": "rori", "rorw": "roriw",
              "bclr": "bclri", "bext": "bexti", "binv": "binvi", "bset": "bseti"}

# -- RVC compression ------------------------------------------------------------------------------

def _creg(r):
    return 8 <= r <= 15


def compress(w: int, form: str = "") -> int | None:
    """The 16-bit RVC form of the 32-bit instruction ``w`` (all immediates known), as GNU as
    compresses automatically, or None. ``form`` distinguishes syntactic forms GNU as treats
    differently (e.g. "jalr1" for the one-operand ``jalr``)."""
    if form == "mv":
        return None
    op = w & 0x7F
    rd = (w >> 7) & 31
    f3 = (w >> 12) & 7
    rs1 = (w >> 15) & 31
    rs2 = (w >> 20) & 31
    f7 = w >> 25
    if op == OPIMM:
        imm = w >> 20
        if imm & 0x800:
            imm -= 0x1000
        if f3 == 0:  # addi
            if rd == 0:
                if rs1 == 0 and imm == 0:
                    return 0x0001
                return None
            if imm == 0 and rs1 != 0:
                return 0x8002 | (rd << 7) | (rs1 << 2)             # c.mv
            if rs1 == 0 and -32 <= imm < 32:
                return 0x4001 | (rd << 7) | ((imm & 0x20) << 7) | ((imm & 0x1F) << 2)  # c.li
            if rd == rs1 and imm and -32 <= imm < 32:
                return 0x0001 | (rd << 7) | ((imm & 0x20) << 7) | ((imm & 0x1F) << 2)  # c.addi
            if rd == rs1 == 2 and imm and imm % 16 == 0 and -512 <= imm < 512:
                i = imm & 0x3FF
                return (0x6101 | (((i >> 9) & 1) << 12) | (((i >> 4) & 1) << 6) |
                        (((i >> 6) & 1) << 5) | (((i >> 7) & 3) << 3) | (((i >> 5) & 1) << 2))
            if rs1 == 2 and _creg(rd) and imm > 0 and imm % 4 == 0 and imm < 1024:
                return (0x0000 | ((rd - 8) << 2) | (((imm >> 4) & 3) << 11) |
                        (((imm >> 6) & 15) << 7) | (((imm >> 2) & 1) << 6) |
                        (((imm >> 3) & 1) << 5))                      # c.addi4spn
            return None
        if f3 == 1:  # slli
            sh = imm & 0x3F
            if rd == rs1 and rd != 0 and (w >> 26) == 0 and sh:
                return 0x0002 | (rd << 7) | ((sh & 0x20) << 7) | ((sh & 0x1F) << 2)
            return None
        if f3 == 5:
            sh = (w >> 20) & 0x3F
            top = w >> 26
            if rd == rs1 and _creg(rd) and sh and top in (0, 0x10):
                base = 0x8001 if top == 0 else 0x8401
                return base | ((rd - 8) << 7) | ((sh & 0x20) << 7) | ((sh & 0x1F) << 2)
            return None
        if f3 == 7:  # andi
            if rd == rs1 and _creg(rd) and -32 <= imm < 32:
                return 0x8801 | ((rd - 8) << 7) | ((imm & 0x20) << 7) | ((imm & 0x1F) << 2)
        return None
    if op == OPIMM32:
        if f3 == 0 and rd == rs1 and rd != 0:
            imm = w >> 20
            if imm & 0x800:
                imm -= 0x1000
            if -32 <= imm < 32:
                return 0x2001 | (rd << 7) | ((imm & 0x20) << 7) | ((imm & 0x1F) << 2)
        return None
    if op == OP:
        if f7 == 0 and f3 == 0:  # add
            if rd == 0:
                return None
            if rs1 == 0 and rs2 != 0:
                return 0x8002 | (rd << 7) | (rs2 << 2)
            if rs2 != 0 and rd == rs1:
                return 0x9002 | (rd << 7) | (rs2 << 2)
            if rs1 != 0 and rd == rs2:
                return 0x9002 | (rd << 7) | (rs1 << 2)
            return None
        if _creg(rd):
            if f7 == 0x20 and f3 == 0:
                if rd == rs1 and _creg(rs2):
                    return 0x8C01 | ((rd - 8) << 7) | ((rs2 - 8) << 2)
                return None
            if f7 == 0 and f3 in (4, 6, 7):
                other = rs2 if rd == rs1 else (rs1 if rd == rs2 else None)
                if other is not None and _creg(other):
                    base = {4: 0x8C21, 6: 0x8C41, 7: 0x8C61}[f3]
                    return base | ((rd - 8) << 7) | ((other - 8) << 2)
        return None
    if op == OP32:
        if _creg(rd) and f3 == 0:
            if f7 == 0:
                other = rs2 if rd == rs1 else (rs1 if rd == rs2 else None)
                if other is not None and _creg(other):
                    return 0x9C21 | ((rd - 8) << 7) | ((other - 8) << 2)
            elif f7 == 0x20 and rd == rs1 and _creg(rs2):
                return 0x9C01 | ((rd - 8) << 7) | ((rs2 - 8) << 2)
        return None
    if op == LUI:
        if rd not in (0, 2):
            imm = w >> 12
            if 1 <= imm < 32 or 0xFFFE0 <= imm <= 0xFFFFF:
                return 0x6001 | (rd << 7) | (((imm >> 5) & 1) << 12) | ((imm & 0x1F) << 2)
        return None
    if op in (LOAD, LOADFP):
        imm = w >> 20
        if imm & 0x800:
            return None
        kind = (op, f3)
        if kind == (LOAD, 2):
            scale, csp, cmem = 4, 0x4002, 0x4000
        elif kind == (LOAD, 3):
            scale, csp, cmem = 8, 0x6002, 0x6000
        elif kind == (LOADFP, 3):
            scale, csp, cmem = 8, 0x2002, 0x2000
        else:
            return None
        if imm % scale:
            return None
        if rs1 == 2:
            if op == LOAD and rd == 0:
                return None
            if imm < 64 * scale:
                if scale == 4:
                    return csp | (rd << 7) | (((imm >> 5) & 1) << 12) | (((imm >> 2) & 7) << 4) \
                        | (((imm >> 6) & 3) << 2)
                return csp | (rd << 7) | (((imm >> 5) & 1) << 12) | (((imm >> 3) & 3) << 5) | \
                    (((imm >> 6) & 7) << 2)
            return None
        if _creg(rd) and _creg(rs1) and imm < 32 * scale:
            if scale == 4:
                return cmem | ((rs1 - 8) << 7) | ((rd - 8) << 2) | (((imm >> 3) & 7) << 10) | \
                    (((imm >> 2) & 1) << 6) | (((imm >> 6) & 1) << 5)
            return cmem | ((rs1 - 8) << 7) | ((rd - 8) << 2) | (((imm >> 3) & 7) << 10) | \
                (((imm >> 6) & 3) << 5)
        return None
    if op in (STORE, STOREFP):
        imm = ((w >> 25) << 5) | ((w >> 7) & 31)
        if imm & 0x800:
            return None
        kind = (op, f3)
        if kind == (STORE, 2):
            scale, csp, cmem = 4, 0xC002, 0xC000
        elif kind == (STORE, 3):
            scale, csp, cmem = 8, 0xE002, 0xE000
        elif kind == (STOREFP, 3):
            scale, csp, cmem = 8, 0xA002, 0xA000
        else:
            return None
        if imm % scale:
            return None
        if rs1 == 2:
            if imm < 64 * scale:
                if scale == 4:
                    return csp | (rs2 << 2) | (((imm >> 2) & 15) << 9) | (((imm >> 6) & 3) << 7)
                return csp | (rs2 << 2) | (((imm >> 3) & 7) << 10) | (((imm >> 6) & 7) << 7)
            return None
        if _creg(rs2) and _creg(rs1) and imm < 32 * scale:
            if scale == 4:
                return cmem | ((rs1 - 8) << 7) | ((rs2 - 8) << 2) | (((imm >> 3) & 7) << 10) | \
                    (((imm >> 2) & 1) << 6) | (((imm >> 6) & 1) << 5)
            return cmem | ((rs1 - 8) << 7) | ((rs2 - 8) << 2) | (((imm >> 3) & 7) << 10) | \
                (((imm >> 6) & 3) << 5)
        return None
    if op == JALR:
        if form == "jalr1" and (w >> 20) == 0 and rs1 != 0 and rd in (0, 1):
            return (0x9002 if rd == 1 else 0x8002) | (rs1 << 7)
        return None
    if op == SYSTEM:
        if w == 0x00100073:
            return 0x9002
        return None
    return None


# -- operand parsing helpers ---------------------------------------------------------------------

_IDENT_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_COMMA_RE = re.compile(r"\s*,\s*")


def _stmt_text(mnem: str, operands: str) -> str:
    """The statement as GNU as quotes it in diagnostics (blanks around commas removed)."""
    ops = _COMMA_RE.sub(",", operands.strip())
    return f"{mnem} {ops}" if ops else mnem


def split_operands(text: str) -> list[str]:
    text = text.strip()
    if not text:
        return []
    if "(" not in text and '"' not in text and "'" not in text:
        return [t.strip() for t in text.split(",")]
    out, depth, cur, q = [], 0, [], None
    for ch in text:
        if q:
            cur.append(ch)
            if ch == q:
                q = None
            continue
        if ch in "\"'":
            q = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append("".join(cur).strip())
            cur = []
            continue
        cur.append(ch)
    out.append("".join(cur).strip())
    return out


_FENCE_BITS = {"i": 8, "o": 4, "r": 2, "w": 1}


class Encoder:
    """Encodes statements for one assembly. ``parse(text)`` parses an expression (int for a
    constant). ``options`` is an object with attributes ``rvc`` (bool), ``relax`` (bool),
    ``pic`` (bool) and ``exts`` (set of enabled extension names: "m", "a", "f", "d", "c",
    "zicsr", "zifencei", "zba", "zbb", "zbs", "zicond", ...)."""

    def __init__(self, parse, options):
        self.parse = parse
        self.opt = options
        self.priv_used = False     # a CSR of the privileged spec was named
        self._handlers = {name[2:]: getattr(self, name) for name in dir(self)
                          if name.startswith("h_")}

    # -- operands --------------------------------------------------------------------------
    @staticmethod
    def xreg(t: str) -> int:
        r = XREGS.get(t)
        if r is None:
            r = XREGS.get(t.strip().lower()) if t else None
            if r is None:
                raise NoMatch(f"illegal operands")
        return r

    @staticmethod
    def freg(t: str) -> int:
        r = FREGS.get(t)
        if r is None:
            raise NoMatch("illegal operands")
        return r

    def imm(self, t: str, sym_ok: bool = False):
        """An immediate: int, or (reloc_op, expr) for %op(...), or ("sym", expr).
        ``sym_ok``: a register name is taken as a symbol (branch/call targets)."""
        if type(t) is not str:
            return self._imm_obj(t, sym_ok)
        if not t:
            raise NoMatch("illegal operands")
        if t[0] == "%" or (t[0] in " \t" and t.strip().startswith("%")):
            m = _reloc_op_split(t)
            if m is None:
                raise AsmError(f"bad relocation operator in `{t}'")
            op = m[0]
            if op not in RELOC_OPS:
                raise AsmError(f"unknown relocation operator `%{op}'")
            return (op, self.parse(m[1]))
        if not sym_ok and (t in XREGS or t in FREGS):
            raise NoMatch("illegal operands")
        v = self.parse(t)
        if isinstance(v, int):
            return v
        return ("sym", v)

    def _imm_obj(self, t, sym_ok):
        """imm() of an operand object: the values the text path gives."""
        if type(t) is int:
            return t
        if type(t) is Ref:
            v = self.sym(t)
            op = t.reloc
            if op is not None:
                if op not in RELOC_OPS:
                    raise AsmError(f"unknown relocation operator `%{op}'")
                return (op, v)
            return v if isinstance(v, int) else ("sym", v)
        raise NoMatch("illegal operands")

    def sym(self, ref: Ref):
        """The value of a symbol operand (int or opaque); the assembler supplies this."""
        raise NoMatch("illegal operands")

    def mem(self, t: str):
        """offset(reg) -> (offset imm, reg)."""
        if type(t) is MemOp:
            off, base = t
            if base.fp:
                raise NoMatch("illegal operands")
            return (off if type(off) is int else 0 if off is None else self.imm(off)), base.n
        if type(t) is not str:
            raise NoMatch("illegal operands")
        m = _MEM_RE.match(t)
        if m is None:
            raise NoMatch("illegal operands")
        r = m.group(2)
        if r not in XREGS:
            raise NoMatch("illegal operands")
        off = m.group(1)
        return (self.imm(off) if off else 0), XREGS[r]

    # -- encoding utilities ------------------------------------------------------------------
    def _i_imm(self, w, v, what="I"):
        """Add an I-type immediate (int or reloc op) to w; returns (word, fixups)."""
        if isinstance(v, int):
            if not -2048 <= v <= 2047:
                raise AsmError(f"illegal operands")
            return w | enc_i(v), ()
        op, e = v
        if op == "sym":
            raise AsmError("illegal operands")
        if op not in _LO_OPS:
            raise AsmError(f"illegal operands")
        rt = RELOC_OPS[op]
        if what == "S":
            rt = _I_TO_S.get(rt, rt)
        return w, (Fixup(0, rt, e, self.opt.relax and rt in RELAXABLE),)

    def _one(self, w, fixups=(), form=""):
        if not fixups and self.opt.rvc:
            c = compress(w, form)
            if c is not None:
                return [Insn(c.to_bytes(2, "little"))]
        return [Insn(_u32(w), fixups)]

    # -- entry ------------------------------------------------------------------------------
    def encode(self, mnem: str, operand_text: str) -> list:
        """One statement from its text: the operands are split and handed to the handlers
        as text, which they parse to the values :meth:`encode_ops` objects carry."""
        return self.encode_ops(mnem, split_operands(operand_text), operand_text)

    def encode_ops(self, mnem: str, ops: list, operand_text: str | None = None) -> list:
        """One statement from its mnemonic and operands: text, or operand objects (``Reg``,
        int, ``Ref``, ``MemOp``; keywords such as rounding modes and fence sets as str).
        Objects are spelled as text only for a diagnostic."""
        ent = TABLE.get(mnem)
        if ent is None:
            ent = TABLE.get(mnem.lower())
            if ent is None:
                text = _ops_text(ops, operand_text)
                raise AsmError(f"unrecognized opcode `{(mnem + ' ' + text).strip()}'")
        kind, match, ext = ent
        if ext not in ("i", "zicsr", "zifencei") and ext not in self.opt.exts:
            alts = ext.split("|")
            if not any(e in self.opt.exts for e in alts):
                need = f"`{alts[0]}'" if len(alts) == 1 else \
                    "`" + "' or `".join(alts) + "'"
                raise AsmError(f"unrecognized opcode "
                               f"`{_stmt_text(mnem, _ops_text(ops, operand_text))}'"
                               f", extension {need} required")
        try:
            return self._handlers[kind](mnem, match, ops)
        except NoMatch:
            raise self._illegal(mnem, ops, operand_text) from None
        except AsmError as e:
            msg = str(e)
            if msg == "illegal operands" or msg.startswith(_OPERATOR_ERRORS) and \
                    "%" in _ops_text(ops, operand_text):
                raise self._illegal(mnem, ops, operand_text) from None
            raise

    @staticmethod
    def _illegal(mnem, ops, operand_text) -> AsmError:
        """"illegal operands `stmt'"; with a relocation operator in it GNU as says "bad
        expression" first (``bad_expression``: the assembler reports that line too)."""
        text = _ops_text(ops, operand_text)
        e = AsmError(f"illegal operands `{_stmt_text(mnem, text)}'")
        e.bad_expression = "%" in text
        return e

    # -- handlers -----------------------------------------------------------------------------
    def h_R(self, mn, m, ops):
        if len(ops) == 4 and mn == "add":
            v = self.imm(ops[3])
            if not isinstance(v, tuple) or v[0] != "tprel_add":
                raise NoMatch
            x = self.xreg
            w = m | (x(ops[0]) << 7) | (x(ops[1]) << 15) | (x(ops[2]) << 20)
            return [Insn(_u32(w), (Fixup(0, "R_RISCV_TPREL_ADD", v[1], self.opt.relax),))]
        if len(ops) != 3:
            raise NoMatch
        x = self.xreg
        if ops[2] not in XREGS:
            alt = _IMM_ALIAS.get(mn)
            if alt is not None and (type(ops[2]) is not str or
                                    ops[2].strip().lower() not in XREGS):
                return self.encode_ops(alt, ops)
        return self._one(m | (x(ops[0]) << 7) | (x(ops[1]) << 15) | (x(ops[2]) << 20))

    def h_R2(self, mn, m, ops):
        if len(ops) != 2:
            raise NoMatch
        return self._one(m | (self.xreg(ops[0]) << 7) | (self.xreg(ops[1]) << 15))

    def h_I(self, mn, m, ops):
        if len(ops) == 2 and mn in ("addi", "addiw", "andi", "ori", "xori", "slti", "sltiu"):
            # GNU as accepts "addi rd, imm" meaning rd = rd + imm? no: keep strict
            raise NoMatch
        if len(ops) != 3:
            raise NoMatch
        rd, rs = self.xreg(ops[0]), self.xreg(ops[1])
        w, fx = self._i_imm(m | (rd << 7) | (rs << 15), self.imm(ops[2]))
        return self._one(w, fx)

    def _shamt(self, t, bits):
        v = self.imm(t)
        if not isinstance(v, int):
            raise AsmError("illegal operands")
        if not 0 <= v < (1 << bits):
            raise AsmError(f"improper shift amount ({v})")
        return v

    def h_SH6(self, mn, m, ops):
        if len(ops) != 3:
            raise NoMatch
        sh = self._shamt(ops[2], 6)
        return self._one(m | (self.xreg(ops[0]) << 7) | (self.xreg(ops[1]) << 15) | (sh << 20))

    def h_SH5(self, mn, m, ops):
        if len(ops) != 3:
            raise NoMatch
        sh = self._shamt(ops[2], 5)
        return self._one(m | (self.xreg(ops[0]) << 7) | (self.xreg(ops[1]) << 15) | (sh << 20))

    def _load_store_sym(self, mn, rd_text, sym_text, tmp_text, store, fp):
        """``ld rd, sym`` / ``sd rs, sym, tmp``: auipc + load/store with %pcrel_lo."""
        raise NotImplementedError

    def h_L(self, mn, m, ops, fp=False):
        if len(ops) == 2 and not fp and (type(ops[1]) is Ref if type(ops[1]) is not str
                                         else "(" not in ops[1]):
            return self._pcrel_access(m, ops[0], ops[1], None, store=False, fp=fp)
        if len(ops) == 3 and fp:
            return self._pcrel_access(m, ops[0], ops[1], ops[2], store=False, fp=fp)
        if len(ops) != 2:
            raise NoMatch
        rd = self.freg(ops[0]) if fp else self.xreg(ops[0])
        off, rs = self.mem(ops[1])
        w, fx = self._i_imm(m | (rd << 7) | (rs << 15), off)
        return self._one(w, fx)

    def h_S(self, mn, m, ops, fp=False):
        if len(ops) == 3:
            return self._pcrel_access(m, ops[0], ops[1], ops[2], store=True, fp=fp)
        if len(ops) != 2:
            raise NoMatch
        rs2 = self.freg(ops[0]) if fp else self.xreg(ops[0])
        off, rs1 = self.mem(ops[1])
        w = m | (rs2 << 20) | (rs1 << 15)
        if isinstance(off, int):
            if not -2048 <= off <= 2047:
                raise AsmError("illegal operands")
            return self._one(w | enc_s(off))
        w, fx = self._i_imm(w, off, "S")
        return self._one(w, fx)

    def h_FL(self, mn, m, ops):
        return self.h_L(mn, m, ops, fp=True)

    def h_FS(self, mn, m, ops):
        return self.h_S(mn, m, ops, fp=True)

    def _pcrel_access(self, m, reg_text, sym_text, tmp_text, store, fp):
        v = self.imm(sym_text, True)
        if isinstance(v, tuple) and v[0] != "sym":
            raise NoMatch
        e = v[1] if isinstance(v, tuple) else v
        r = self.freg(reg_text) if fp else self.xreg(reg_text)
        base = self.xreg(tmp_text) if tmp_text is not None else r
        return self._pcrel_pair(base, e, "R_RISCV_PCREL_HI20",
                                m | (r << (20 if store else 7)) | (base << 15),
                                "R_RISCV_PCREL_LO12_S" if store else "R_RISCV_PCREL_LO12_I")

    def _pcrel_pair(self, rd, expr, hi_rel, second, lo_rel, hi_relax=True):
        key = object()
        relax = self.opt.relax
        return [Label(key),
                Insn(_u32(AUIPC | (rd << 7)), (Fixup(0, hi_rel, expr, relax and hi_relax),)),
                Insn(_u32(second), (Fixup(0, lo_rel, key, relax),))]

    def h_B(self, mn, m, ops):
        if len(ops) != 3:
            raise NoMatch
        rs1, rs2 = self.xreg(ops[0]), self.xreg(ops[1])
        return self._branch(m, rs1, rs2, ops[2])

    def h_BSWAP(self, mn, m, ops):
        if len(ops) != 3:
            raise NoMatch
        rs1, rs2 = self.xreg(ops[1]), self.xreg(ops[0])
        return self._branch(m, rs1, rs2, ops[2])

    def h_BZ(self, mn, m, ops):
        if len(ops) != 2:
            raise NoMatch
        m, pos = m
        r = self.xreg(ops[0])
        if pos == 2:
            return self._branch(m, r, 0, ops[1])
        return self._branch(m, 0, r, ops[1])

    def _branch(self, m, rs1, rs2, target):
        v = self.imm(target, True)
        f3 = (m >> 12) & 7
        w = m | (rs1 << 15) | (rs2 << 20)
        if isinstance(v, int):
            # absolute target: GNU as emits a relocation against *ABS*; keep as a branch to a
            # constant (the core resolves or relocates)
            return [Branch("b", w, False, v, rs1=rs1, rs2=rs2, funct3=f3)]
        if v[0] != "sym":
            raise NoMatch
        rvc = self.opt.rvc and f3 in (0, 1) and rs2 == 0 and _creg(rs1)
        return [Branch("b", w, rvc, v[1], rs1=rs1, rs2=rs2, funct3=f3)]

    def _jal(self, rd, target):
        v = self.imm(target, True)
        w = JAL | (rd << 7)
        if isinstance(v, tuple):
            if v[0] != "sym":
                raise NoMatch
            v = v[1]
        rvc = self.opt.rvc and rd == 0
        return [Branch("jal", w, rvc, v, rd=rd)]

    def h_JAL(self, mn, m, ops):
        if len(ops) == 1:
            return self._jal(1, ops[0])
        if len(ops) == 2:
            return self._jal(self.xreg(ops[0]), ops[1])
        raise NoMatch

    def h_J(self, mn, m, ops):
        if len(ops) != 1:
            raise NoMatch
        return self._jal(0, ops[0])

    def h_JALR(self, mn, m, ops):
        if len(ops) == 1:
            if ops[0] in XREGS:
                return self._one(JALR | (1 << 7) | (XREGS[ops[0]] << 15), form="jalr1")
            off, rs = self.mem(ops[0])
            w, fx = self._i_imm(JALR | (1 << 7) | (rs << 15), off)
            return self._one(w, fx)
        if len(ops) == 2:
            rd = self.xreg(ops[0])
            if ops[1] in XREGS:
                return self._one(JALR | (rd << 7) | (XREGS[ops[1]] << 15))
            off, rs = self.mem(ops[1])
            w, fx = self._i_imm(JALR | (rd << 7) | (rs << 15), off)
            return self._one(w, fx)
        if len(ops) == 3:
            rd, rs = self.xreg(ops[0]), self.xreg(ops[1])
            w, fx = self._i_imm(JALR | (rd << 7) | (rs << 15), self.imm(ops[2]))
            return self._one(w, fx)
        raise NoMatch

    def h_JR(self, mn, m, ops):
        if len(ops) != 1:
            raise NoMatch
        if ops[0] in XREGS:
            return self._one(JALR | (XREGS[ops[0]] << 15), form="jalr1")
        off, rs = self.mem(ops[0])
        w, fx = self._i_imm(JALR | (rs << 15), off)
        return self._one(w, fx)

    def h_U(self, mn, m, ops):
        if len(ops) != 2:
            raise NoMatch
        rd = self.xreg(ops[0])
        v = self.imm(ops[1])
        w = m | (rd << 7)
        if isinstance(v, int):
            if not 0 <= v <= 0xFFFFF:
                raise AsmError("lui expression not in range 0..1048575")
            return self._one(w | (v << 12))
        op, e = v
        if op not in _HI_OPS:
            raise AsmError("illegal operands")
        rt = RELOC_OPS[op]
        return [Insn(_u32(w), (Fixup(0, rt, e, self.opt.relax and rt in RELAXABLE),))]

    def h_FIXED(self, mn, m, ops):
        if ops:
            raise NoMatch
        return self._one(m)

    def h_RET(self, mn, m, ops):
        if ops:
            raise NoMatch
        return self._one(m, form="jalr1")

    def h_FENCE(self, mn, m, ops):
        if not ops:
            return self._one(0x0FF0000F)
        if len(ops) != 2:
            raise NoMatch
        p, s = self._fence_set(ops[0]), self._fence_set(ops[1])
        return self._one(m | (p << 24) | (s << 20))

    @staticmethod
    def _fence_set(t):
        v = 0
        for ch in t.strip().lower():
            if ch not in _FENCE_BITS:
                raise NoMatch
            v |= _FENCE_BITS[ch]
        return v

    def h_KS1I(self, mn, m, ops):
        if len(ops) != 3:
            raise NoMatch
        rnum = self.imm(ops[2])
        if not isinstance(rnum, int) or not 0 <= rnum <= 10:
            raise AsmError("improper immediate value")
        return self._one(m | (self.xreg(ops[0]) << 7) | (self.xreg(ops[1]) << 15) |
                         (rnum << 20))

    def h_CBO(self, mn, m, ops):
        if len(ops) != 1:
            raise NoMatch
        off, rs = self.mem(ops[0])
        if off != 0:
            raise NoMatch
        return self._one(m | (rs << 15))

    def h_PREFETCH(self, mn, m, ops):
        if len(ops) != 1:
            raise NoMatch
        off, rs = self.mem(ops[0])
        if not isinstance(off, int) or off % 32 or not -2048 <= off < 2048:
            raise AsmError("improper offset value" if isinstance(off, int) else
                           "illegal operands")
        return self._one(m | (rs << 15) | ((off & 0xFE0) << 20))

    def h_SFENCE(self, mn, m, ops):
        rs1 = self.xreg(ops[0]) if len(ops) > 0 else 0
        rs2 = self.xreg(ops[1]) if len(ops) > 1 else 0
        return self._one(m | (rs1 << 15) | (rs2 << 20))

    # atomics
    def _amo_addr(self, t):
        off, rs = self.mem(t)
        if off != 0:
            raise NoMatch
        return rs

    def h_AMO(self, mn, m, ops):
        if len(ops) != 3:
            raise NoMatch
        return self._one(m | (self.xreg(ops[0]) << 7) | (self.xreg(ops[1]) << 20) |
                         (self._amo_addr(ops[2]) << 15))

    def h_LR(self, mn, m, ops):
        if len(ops) != 2:
            raise NoMatch
        return self._one(m | (self.xreg(ops[0]) << 7) | (self._amo_addr(ops[1]) << 15))

    # floating point
    def _rm(self, ops, n, default):
        if len(ops) == n + 1:
            r = ROUNDING.get(ops[n].strip())
            if r is None:
                raise NoMatch
            return r << 12
        if len(ops) != n:
            raise NoMatch
        return default << 12

    def h_FR_RM(self, mn, m, ops):
        rm = self._rm(ops, 3, 7)
        f = self.freg
        return self._one(m | rm | (f(ops[0]) << 7) | (f(ops[1]) << 15) | (f(ops[2]) << 20))

    def h_FR(self, mn, m, ops):
        if len(ops) != 3:
            raise NoMatch
        f = self.freg
        return self._one(m | (f(ops[0]) << 7) | (f(ops[1]) << 15) | (f(ops[2]) << 20))

    def h_F4_RM(self, mn, m, ops):
        rm = self._rm(ops, 4, 7)
        f = self.freg
        return self._one(m | rm | (f(ops[0]) << 7) | (f(ops[1]) << 15) | (f(ops[2]) << 20) |
                         (f(ops[3]) << 27))

    def h_F2_RM(self, mn, m, ops):
        rm = self._rm(ops, 2, 7)
        return self._one(m | rm | (self.freg(ops[0]) << 7) | (self.freg(ops[1]) << 15))

    def h_F2_RM0(self, mn, m, ops):
        rm = self._rm(ops, 2, 0)
        return self._one(m | rm | (self.freg(ops[0]) << 7) | (self.freg(ops[1]) << 15))

    def h_FCMP(self, mn, m, ops):
        if len(ops) != 3:
            raise NoMatch
        return self._one(m | (self.xreg(ops[0]) << 7) | (self.freg(ops[1]) << 15) |
                         (self.freg(ops[2]) << 20))

    def h_FCMPSWAP(self, mn, m, ops):
        if len(ops) != 3:
            raise NoMatch
        return self._one(m | (self.xreg(ops[0]) << 7) | (self.freg(ops[2]) << 15) |
                         (self.freg(ops[1]) << 20))

    def h_FX(self, mn, m, ops):
        if len(ops) != 2:
            raise NoMatch
        return self._one(m | (self.xreg(ops[0]) << 7) | (self.freg(ops[1]) << 15))

    def h_XF(self, mn, m, ops):
        if len(ops) != 2:
            raise NoMatch
        return self._one(m | (self.freg(ops[0]) << 7) | (self.xreg(ops[1]) << 15))

    def h_FCVT_XF(self, mn, m, ops):
        rm = self._rm(ops, 2, 7)
        return self._one(m | rm | (self.xreg(ops[0]) << 7) | (self.freg(ops[1]) << 15))

    def h_FCVT_FX(self, mn, m, ops):
        rm = self._rm(ops, 2, 7)
        return self._one(m | rm | (self.freg(ops[0]) << 7) | (self.xreg(ops[1]) << 15))

    def h_FCVT_FX0(self, mn, m, ops):
        rm = self._rm(ops, 2, 0)
        return self._one(m | rm | (self.freg(ops[0]) << 7) | (self.xreg(ops[1]) << 15))

    # CSR
    def csr(self, t):
        if type(t) is not str:
            t = str(t) if type(t) is int else t.name
        c = CSRS.get(t.strip().lower())
        if c is not None:
            if c > 3:
                self.priv_used = True
            return c
        if _IDENT_RE.fullmatch(t.strip()):
            raise AsmError(f"unknown CSR `{t.strip()}'")
        v = self.imm(t)
        if not isinstance(v, int) or not 0 <= v < 4096:
            raise AsmError("improper CSR address")
        return v

    def _uimm5(self, t):
        v = self.imm(t)
        if not isinstance(v, int) or not 0 <= v < 32:
            raise AsmError("improper immediate value")
        return v

    def h_CSR(self, mn, m, ops):
        if len(ops) != 3:
            raise NoMatch
        return self._one(m | (self.xreg(ops[0]) << 7) | (self.csr(ops[1]) << 20) |
                         (self.xreg(ops[2]) << 15))

    def h_CSRI(self, mn, m, ops):
        if len(ops) != 3:
            raise NoMatch
        return self._one(m | (self.xreg(ops[0]) << 7) | (self.csr(ops[1]) << 20) |
                         (self._uimm5(ops[2]) << 15))

    def h_CEXPL(self, mn, m, ops):
        """Explicit c.* mnemonics: assemble the 32-bit equivalent and require compression."""
        if "c" not in self.opt.exts:
            raise AsmError(f"unrecognized opcode `{mn}', extension `c' required")
        base = mn[2:]
        if base in ("j", "beqz", "bnez"):
            if base == "j":
                if len(ops) != 1:
                    raise NoMatch
                v = self.imm(ops[0])
                e = v[1] if isinstance(v, tuple) else v
                return [Insn(b"\x01\xa0", (Fixup(0, "R_RISCV_RVC_JUMP", e),))]
            if len(ops) != 2:
                raise NoMatch
            r = self.xreg(ops[0])
            if not _creg(r):
                raise NoMatch
            v = self.imm(ops[1])
            e = v[1] if isinstance(v, tuple) else v
            op = 0xC001 if base == "beqz" else 0xE001
            return [Insn((op | ((r - 8) << 7)).to_bytes(2, "little"),
                         (Fixup(0, "R_RISCV_RVC_BRANCH", e),))]
        if base == "nop":
            return [Insn(b"\x01\x00")]
        if base == "ebreak":
            return [Insn(b"\x02\x90")]
        if base == "unimp":
            return [Insn(b"\x00\x00")]
        if base in ("jr", "jalr"):
            w = JALR | ((1 if base == "jalr" else 0) << 7) | (self.xreg(ops[0]) << 15)
            form = "jalr1"
        elif base in ("addi", "addiw", "andi", "slli", "srli", "srai") and len(ops) == 2:
            w = self._explicit(base, [ops[0], ops[0], ops[1]])
            form = ""
        elif base == "li":
            w = self._explicit("addi", [ops[0], "zero", ops[1]])
            form = ""
        elif base == "lui":
            w = self._explicit("lui", ops)
            form = ""
        elif base == "mv":
            w = self._explicit("add", [ops[0], "zero", ops[1]])
            form = ""
        elif base in ("add", "sub", "xor", "or", "and", "subw", "addw"):
            w = self._explicit(base, [ops[0], ops[0], ops[1]])
            form = ""
        elif base == "addi16sp":
            w = self._explicit("addi", ["sp", "sp", ops[-1]])
            form = ""
        elif base == "addi4spn":
            w = self._explicit("addi", ops)
            form = ""
        elif base.endswith("sp"):
            w = self._explicit(base[:-2], ops)
            form = ""
        else:
            w = self._explicit(base, ops)
            form = ""
        c = compress(w, form)
        if c is None:
            raise NoMatch
        return [Insn(c.to_bytes(2, "little"))]

    def _explicit(self, mn, ops):
        save = self.opt.rvc
        self.opt.rvc = False
        try:
            res = self.encode_ops(mn, ops)
        finally:
            self.opt.rvc = save
        if len(res) != 1 or not isinstance(res[0], Insn) or res[0].fixups:
            raise NoMatch
        return int.from_bytes(res[0].data, "little")

    # -- pseudo instructions ----------------------------------------------------------------------
    def h_PSEUDO(self, mn, m, ops):
        f = getattr(self, "p_" + mn.replace(".", "_"))
        return f(ops)

    def _enc(self, mn, text):
        return self.encode(mn, text)

    def p_nop(self, ops):
        return self._one(0x13)

    def p_mv(self, ops):
        if len(ops) != 2:
            raise NoMatch
        rs = self.xreg(ops[1])
        # GNU as compresses mv only to c.mv (rs != x0)
        return self._one(OPIMM | (self.xreg(ops[0]) << 7) | (rs << 15), form="mv" if rs == 0
                         else "")

    def p_not(self, ops):
        if len(ops) != 2:
            raise NoMatch
        return self._one(OPIMM | (4 << 12) | (self.xreg(ops[0]) << 7) |
                         (self.xreg(ops[1]) << 15) | (0xFFF << 20))

    def p_neg(self, ops):
        if len(ops) != 2:
            raise NoMatch
        return self._one(_r(0x20, 0, OP) | (self.xreg(ops[0]) << 7) | (self.xreg(ops[1]) << 20))

    def p_negw(self, ops):
        if len(ops) != 2:
            raise NoMatch
        return self._one(_r(0x20, 0, OP32) | (self.xreg(ops[0]) << 7) |
                         (self.xreg(ops[1]) << 20))

    def p_sext_w(self, ops):
        if len(ops) != 2:
            raise NoMatch
        return self._one(OPIMM32 | (self.xreg(ops[0]) << 7) | (self.xreg(ops[1]) << 15))

    def p_zext_b(self, ops):
        if len(ops) != 2:
            raise NoMatch
        return self._one(OPIMM | (7 << 12) | (self.xreg(ops[0]) << 7) |
                         (self.xreg(ops[1]) << 15) | (0xFF << 20))

    def p_seqz(self, ops):
        if len(ops) != 2:
            raise NoMatch
        return self._one(OPIMM | (3 << 12) | (self.xreg(ops[0]) << 7) |
                         (self.xreg(ops[1]) << 15) | (1 << 20))

    def p_snez(self, ops):
        if len(ops) != 2:
            raise NoMatch
        return self._one(_r(0, 3, OP) | (self.xreg(ops[0]) << 7) | (self.xreg(ops[1]) << 20))

    def p_sltz(self, ops):
        if len(ops) != 2:
            raise NoMatch
        return self._one(_r(0, 2, OP) | (self.xreg(ops[0]) << 7) | (self.xreg(ops[1]) << 15))

    def p_sgtz(self, ops):
        if len(ops) != 2:
            raise NoMatch
        return self._one(_r(0, 2, OP) | (self.xreg(ops[0]) << 7) | (self.xreg(ops[1]) << 20))

    def p_sgt(self, ops):
        if len(ops) != 3:
            raise NoMatch
        return self._one(_r(0, 2, OP) | (self.xreg(ops[0]) << 7) | (self.xreg(ops[2]) << 15) |
                         (self.xreg(ops[1]) << 20))

    def p_sgtu(self, ops):
        if len(ops) != 3:
            raise NoMatch
        return self._one(_r(0, 3, OP) | (self.xreg(ops[0]) << 7) | (self.xreg(ops[2]) << 15) |
                         (self.xreg(ops[1]) << 20))

    def _fsgnj(self, ops, fmt, f3):
        if len(ops) != 2:
            raise NoMatch
        d, s = self.freg(ops[0]), self.freg(ops[1])
        return self._one(((0x10 | fmt) << 25) | (f3 << 12) | OPFP | (d << 7) | (s << 15) |
                         (s << 20))

    def p_fmv_s(self, ops):
        return self._fsgnj(ops, 0, 0)

    def p_fmv_d(self, ops):
        return self._fsgnj(ops, 1, 0)

    def p_fneg_s(self, ops):
        return self._fsgnj(ops, 0, 1)

    def p_fneg_d(self, ops):
        return self._fsgnj(ops, 1, 1)

    def p_fabs_s(self, ops):
        return self._fsgnj(ops, 0, 2)

    def p_fabs_d(self, ops):
        return self._fsgnj(ops, 1, 2)

    def p_fmv_q(self, ops):
        return self._fsgnj(ops, 3, 0)

    def p_fneg_q(self, ops):
        return self._fsgnj(ops, 3, 1)

    def p_fabs_q(self, ops):
        return self._fsgnj(ops, 3, 2)

    # CSR pseudos
    def _csr(self, f3, rd, csr, rs):
        return self._one((f3 << 12) | SYSTEM | (rd << 7) | (csr << 20) | (rs << 15))

    def p_csrr(self, ops):
        if len(ops) != 2:
            raise NoMatch
        return self._csr(2, self.xreg(ops[0]), self.csr(ops[1]), 0)

    def p_csrw(self, ops):
        if len(ops) != 2:
            raise NoMatch
        if ops[1] not in XREGS:
            return self._csr(5, 0, self.csr(ops[0]), self._uimm5(ops[1]))
        return self._csr(1, 0, self.csr(ops[0]), self.xreg(ops[1]))

    def p_csrs(self, ops):
        if len(ops) != 2:
            raise NoMatch
        if ops[1] not in XREGS:
            return self._csr(6, 0, self.csr(ops[0]), self._uimm5(ops[1]))
        return self._csr(2, 0, self.csr(ops[0]), self.xreg(ops[1]))

    def p_csrc(self, ops):
        if len(ops) != 2:
            raise NoMatch
        if ops[1] not in XREGS:
            return self._csr(7, 0, self.csr(ops[0]), self._uimm5(ops[1]))
        return self._csr(3, 0, self.csr(ops[0]), self.xreg(ops[1]))

    def p_csrwi(self, ops):
        return self._csr(5, 0, self.csr(ops[0]), self._uimm5(ops[1]))

    def p_csrsi(self, ops):
        return self._csr(6, 0, self.csr(ops[0]), self._uimm5(ops[1]))

    def p_csrci(self, ops):
        return self._csr(7, 0, self.csr(ops[0]), self._uimm5(ops[1]))

    def _csr_read(self, ops, csr):
        if len(ops) != 1:
            raise NoMatch
        return self._csr(2, self.xreg(ops[0]), csr, 0)

    def p_rdcycle(self, ops):
        return self._csr_read(ops, 0xC00)

    def p_rdtime(self, ops):
        return self._csr_read(ops, 0xC01)

    def p_rdinstret(self, ops):
        return self._csr_read(ops, 0xC02)

    def p_rdcycleh(self, ops):
        return self._csr_read(ops, 0xC80)

    def p_rdtimeh(self, ops):
        return self._csr_read(ops, 0xC81)

    def p_rdinstreth(self, ops):
        return self._csr_read(ops, 0xC82)

    def _fcsr_rw(self, ops, csr):
        # frcsr rd / fscsr rd, rs / fscsr rs
        if len(ops) == 1:
            return self._csr(1, 0, csr, self.xreg(ops[0]))
        if len(ops) == 2:
            return self._csr(1, self.xreg(ops[0]), csr, self.xreg(ops[1]))
        raise NoMatch

    def p_frcsr(self, ops):
        return self._csr_read(ops, 3)

    def p_fscsr(self, ops):
        return self._fcsr_rw(ops, 3)

    def p_frrm(self, ops):
        return self._csr_read(ops, 2)

    def p_fsrm(self, ops):
        return self._fcsr_rw(ops, 2)

    def p_frflags(self, ops):
        return self._csr_read(ops, 1)

    def p_fsflags(self, ops):
        return self._fcsr_rw(ops, 1)

    def p_fsrmi(self, ops):
        if len(ops) == 1:
            return self._csr(5, 0, 2, self._uimm5(ops[0]))
        return self._csr(5, self.xreg(ops[0]), 2, self._uimm5(ops[1]))

    def p_fsflagsi(self, ops):
        if len(ops) == 1:
            return self._csr(5, 0, 1, self._uimm5(ops[0]))
        return self._csr(5, self.xreg(ops[0]), 1, self._uimm5(ops[1]))

    def p_lpad(self, ops):
        return self._one(AUIPC | (self._uimm20(ops[0]) << 12))

    def _uimm20(self, t):
        v = self.imm(t)
        if not isinstance(v, int) or not 0 <= v < (1 << 20):
            raise AsmError("illegal operands")
        return v

    # li
    def p_li(self, ops):
        if len(ops) != 2:
            raise NoMatch
        rd = self.xreg(ops[0])
        v = self.imm(ops[1])
        if not isinstance(v, int):
            if v[0] == "sym":
                # li rd, symbol -> lui + addi with %hi/%lo (as GNU as does for non-constants)
                return self._hi_lo(rd, v[1])
            if v[0] in _LO_OPS:         # li rd, %lo(x): addi rd, zero, %lo(x)
                w, fx = self._i_imm(OPIMM | (rd << 7), v)
                return self._one(w, fx)
            raise NoMatch
        v &= 0xFFFFFFFFFFFFFFFF
        if v >> 63:
            v -= 1 << 64
        out: list = []
        self._load_const(out, rd, v, True)
        return out

    def _load_const(self, out, rd, v, top):
        lower = ((v & 0xFFF) ^ 0x800) - 0x800
        upper = ((v - lower + (1 << 63)) & 0xFFFFFFFFFFFFFFFF) - (1 << 63)  # 64-bit wrap
        if not -(1 << 31) <= v < (1 << 31):
            shift = 12
            while not (upper >> shift) & 1:
                shift += 1
            self._load_const(out, rd, upper >> shift, False)
            out += self._one(OPIMM | (1 << 12) | (rd << 7) | (rd << 15) | (shift << 20))
            if lower:
                out += self._one(OPIMM | (rd << 7) | (rd << 15) | ((lower & 0xFFF) << 20))
            return
        hi = 0
        if upper:
            out += self._one(LUI | (rd << 7) | (((upper >> 12) & 0xFFFFF) << 12))
            hi = rd
        if lower or not hi:
            op = OPIMM32 if (hi or not top) else OPIMM
            out += self._one(op | (rd << 7) | (hi << 15) | ((lower & 0xFFF) << 20))

    def _hi_lo(self, rd, e):
        relax = self.opt.relax
        return [Insn(_u32(LUI | (rd << 7)), (Fixup(0, "R_RISCV_HI20", e, relax),)),
                Insn(_u32(OPIMM | (rd << 7) | (rd << 15)), (Fixup(0, "R_RISCV_LO12_I", e, relax),))]

    def _sym_operand(self, t):
        v = self.imm(t, True)
        if isinstance(v, int):
            return v
        if v[0] != "sym":
            raise NoMatch
        return v[1]

    def p_lla(self, ops):
        if len(ops) != 2:
            raise NoMatch
        rd = self.xreg(ops[0])
        e = self._sym_operand(ops[1])
        if isinstance(e, int):
            # a constant goes through GNU as's constant builder (addiw when no lui)
            e &= 0xFFFFFFFFFFFFFFFF
            if e >> 63:
                e -= 1 << 64
            out: list = []
            self._load_const(out, rd, e, False)
            return out
        return self._pcrel_pair(rd, e, "R_RISCV_PCREL_HI20", OPIMM | (rd << 7) | (rd << 15),
                                "R_RISCV_PCREL_LO12_I")

    def p_lga(self, ops):
        if len(ops) != 2:
            raise NoMatch
        rd = self.xreg(ops[0])
        e = self._sym_operand(ops[1])
        return self._pcrel_pair(rd, e, "R_RISCV_GOT_HI20",
                                LOAD | (3 << 12) | (rd << 7) | (rd << 15),
                                "R_RISCV_PCREL_LO12_I", hi_relax=False)

    def p_la(self, ops):
        if self.opt.pic:
            return self.p_lga(ops)
        return self.p_lla(ops)

    def p_la_tls_ie(self, ops):
        if len(ops) != 2:
            raise NoMatch
        rd = self.xreg(ops[0])
        e = self._sym_operand(ops[1])
        return self._pcrel_pair(rd, e, "R_RISCV_TLS_GOT_HI20",
                                LOAD | (3 << 12) | (rd << 7) | (rd << 15),
                                "R_RISCV_PCREL_LO12_I", hi_relax=False)

    def p_la_tls_gd(self, ops):
        if len(ops) != 2:
            raise NoMatch
        rd = self.xreg(ops[0])
        e = self._sym_operand(ops[1])
        return self._pcrel_pair(rd, e, "R_RISCV_TLS_GD_HI20", OPIMM | (rd << 7) | (rd << 15),
                                "R_RISCV_PCREL_LO12_I", hi_relax=False)

    def _call(self, link, tmp, target):
        e = self._sym_operand(strip_call_suffix(target))
        return [Insn(_u32(AUIPC | (tmp << 7)) + _u32(JALR | (link << 7) | (tmp << 15)),
                     (Fixup(0, "R_RISCV_CALL_PLT", e, self.opt.relax),))]

    def p_call(self, ops):
        if len(ops) == 1:
            return self._call(1, 1, ops[0])
        if len(ops) == 2:
            r = self.xreg(ops[0])
            return self._call(r, r if r == 1 else 6, ops[1])
        raise NoMatch

    def p_tail(self, ops):
        if len(ops) != 1:
            raise NoMatch
        return self._call(0, 6, ops[0])

    def p_jump(self, ops):
        if len(ops) != 2:
            raise NoMatch
        return self._call(0, self.xreg(ops[1]), ops[0])


def strip_call_suffix(t: str) -> str:
    """``call foo@plt`` is accepted by GNU as and means the same as ``call foo``; pycc's
    call target whose text form is decided when printed (a Ref subclass) is the plain name."""
    if type(t) is Ref:
        return Ref(t.name[:-4], t.reloc, t.addend) if t.name.endswith("@plt") else t
    if isinstance(t, Ref):
        return Ref(t.name, t.reloc, t.addend)
    return t[:-4] if t.endswith("@plt") else t
