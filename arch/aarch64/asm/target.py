"""pyas AArch64 target: plugs the A64 encoder (:mod:`.encoder`) into the assembler core.

The core (toolchain.asm.assembler) calls :func:`make_target`; the object returned implements
toolchain.asm.target.AsmTarget: GNU as AArch64 comment syntax (``//`` anywhere, ``#`` at the
start of a line), instruction encoding with fixups named by their relocation
(``R_AARCH64_*``, the kinds of ``arch/aarch64/relocs.py``), literal pools (``ldr x0, =expr``,
``.ltorg``/``.pool``), the AArch64 directives (``.arch``, ``.cpu``, ``.arch_extension``,
``.inst``, ``.xword``, ``.dword``, ``.word`` (4 bytes), ``.variant_pcs``, ``.tlsdesccall``,
``.req``/``.unreq``), CFI and line-table parameters.
"""
from __future__ import annotations

from toolchain.asm.assembler import AsmError as CoreError
from toolchain.asm.expr import Value
from toolchain.asm.target import AsmTarget
from toolchain.elf import constants as C

from ..relocs import RELOCS
from . import encoder as E
from .encoder import AsmError, Encoder

STO_AARCH64_VARIANT_PCS = 0x80
NOP = (0xD503201F).to_bytes(4, "little")

# relocations that always stay relocations, even against a local symbol of the same section
# (page-relative ones depend on the final address; GOT and TLS ones need the linker)
_FORCE = {t.num for t in RELOCS if t.calc not in ("pcrel", "plt", "abs")}
# relocations whose symbol GNU as keeps (no rewrite to section symbol + offset)
_KEEP_SYMBOL = {RELOCS[n].num for n in (
    "R_AARCH64_ADR_GOT_PAGE", "R_AARCH64_LD64_GOT_LO12_NC", "R_AARCH64_GOT_LD_PREL19",
    "R_AARCH64_LD64_GOTPAGE_LO15", "R_AARCH64_LD64_GOTOFF_LO15",
    "R_AARCH64_MOVW_GOTOFF_G0", "R_AARCH64_MOVW_GOTOFF_G0_NC", "R_AARCH64_MOVW_GOTOFF_G1",
    "R_AARCH64_MOVW_GOTOFF_G1_NC", "R_AARCH64_MOVW_GOTOFF_G2", "R_AARCH64_MOVW_GOTOFF_G2_NC",
    "R_AARCH64_MOVW_GOTOFF_G3")}
_DATA = {(8, False): "R_AARCH64_ABS64", (4, False): "R_AARCH64_ABS32",
         (2, False): "R_AARCH64_ABS16", (8, True): "R_AARCH64_PREL64",
         (4, True): "R_AARCH64_PREL32", (2, True): "R_AARCH64_PREL16"}

DWARF_REGS = {}
for _i in range(31):
    DWARF_REGS[f"x{_i}"] = _i
    DWARF_REGS[f"w{_i}"] = _i
DWARF_REGS.update({"sp": 31, "wsp": 31, "fp": 29, "lr": 30, "ip0": 16, "ip1": 17})
for _i in range(32):
    for _c in "vqdsbh":
        DWARF_REGS[f"{_c}{_i}"] = 64 + _i


class _Ctx:
    """What the encoder asks of the core: expression values and literal pools."""
    __slots__ = ("t", "asm")

    def __init__(self, target):
        self.t = target
        self.asm = target.asm

    def expr(self, text):
        asm = self.asm
        try:
            v = asm.eval_expr(asm.expr(text))
        except CoreError as e:
            raise AsmError(str(e)) from None
        if v.mod is not None:
            raise AsmError("invalid use of relocation operator")
        if v.add is None and v.sub is None:
            return v.const
        w = asm._try_fold(v, False)
        if w.add is None and w.sub is None:
            return w.const
        return v

    def literal_load(self, enc, cls, rt, text):
        return self.t.literal_load(enc, cls, rt, text)


class Pool:
    __slots__ = ("entries", "index")

    def __init__(self):
        self.entries = []        # (size, node text, Value or int, label Sym)
        self.index = {}


class AArch64Target(AsmTarget):
    name = "aarch64"
    elf_machine = C.EM_AARCH64
    comment_chars = ("//",)
    line_comment_chars = "#"
    separators = ";"
    cfi_code_align = 4
    cfi_data_align = -8
    cfi_ra_column = 30
    line_min_insn_length = 4
    address_size = 8
    rela = True
    keep_label_differences = False
    reloc_prefix = "R_AARCH64_"
    no_pcrel_merge_adjust = False

    def __init__(self, asm):
        super().__init__(asm)
        self.ctx = _Ctx(self)
        self.enc = Encoder(self.ctx)
        self.pools: dict = {}        # (section, subsection) -> Pool
        self.pool_count = 0
        self.aliases: dict[str, str] = {}
        self.arch = "armv8-a"

    # -- directives -------------------------------------------------------------------------
    def directives(self) -> dict:
        from toolchain.asm.assembler import Assembler
        return {
            ".arch": self.d_arch, ".cpu": self.d_ignore, ".arch_extension": self.d_ignore,
            ".inst": self.d_inst, ".xword": self.d_xword, ".dword": self.d_xword,
            ".word": Assembler.d_long, ".ltorg": self.d_ltorg, ".pool": self.d_ltorg,
            ".variant_pcs": self.d_variant_pcs, ".tlsdesccall": self.d_tlsdesccall,
            ".tlsdescadd": self.d_tlsdescadd, ".tlsdescldr": self.d_tlsdescldr,
            ".req": self.d_ignore, ".unreq": self.d_unreq, ".even": self.d_even,
            ".bss": self.d_bss, ".float16": self.d_ignore, ".align": Assembler.d_p2align,
        }

    @staticmethod
    def d_ignore(asm, args):
        pass

    def d_arch(self, asm, args):
        self.arch = args.strip()

    def d_bss(self, asm, args):
        asm.set_section(asm.bss_sec, asm.abs_expr(args) if args.strip() else 0)

    def d_even(self, asm, args):
        asm.align(2)

    def d_unreq(self, asm, args):
        self.aliases.pop(args.strip().lower(), None)

    def d_inst(self, asm, args):
        for a in asm.split_args(args):
            v = asm.abs_expr(a)
            asm.emit_insn((v & 0xFFFFFFFF).to_bytes(4, "little"))

    def d_xword(self, asm, args):
        asm._data(args, 8)

    def d_variant_pcs(self, asm, args):
        s = asm.symbol(asm.sym_name(args.strip()))
        s.other |= STO_AARCH64_VARIANT_PCS

    def _marker(self, asm, args, rname):
        v = asm.eval_expr(asm.expr(args.strip()))
        asm.add_fixup(asm.frag, len(asm.data), 0, v, False, rname)

    def d_tlsdesccall(self, asm, args):
        self._marker(asm, args, "R_AARCH64_TLSDESC_CALL")

    def d_tlsdescadd(self, asm, args):
        self._marker(asm, args, "R_AARCH64_TLSDESC_ADD")

    def d_tlsdescldr(self, asm, args):
        self._marker(asm, args, "R_AARCH64_TLSDESC_LDR")

    # -- literal pools ---------------------------------------------------------------------------
    def literal_load(self, enc, cls, rt, text):
        asm = self.asm
        size = {"w": 4, "s": 4, "x": 8, "d": 8, "q": 16}.get(cls)
        if size is None:
            raise enc.bad()
        v = self.ctx.expr(text)
        if isinstance(v, int) and cls in ("w", "x"):
            # GNU as uses a single MOVZ/MOVN when the constant allows
            bits = 64 if cls == "x" else 32
            m = v & ((1 << bits) - 1)
            sf = 1 if cls == "x" else 0
            z = E.movz_shift(m, bits)
            if z is not None:
                return 0x52800000 | (sf << 31) | (z[1] << 21) | (z[0] << 5) | rt
            z = E.movz_shift(~m & ((1 << bits) - 1), bits)
            if z is not None:
                return 0x12800000 | (sf << 31) | (z[1] << 21) | (z[0] << 5) | rt
        key = (asm.sec, asm.subsec)
        pool = self.pools.get(key)
        if pool is None:
            pool = self.pools[key] = Pool()
        ident = (size, v if isinstance(v, int) else text.strip())
        lab = pool.index.get(ident)
        if lab is None:
            self.pool_count += 1
            lab = asm.symbol(f".Lpool\x03{self.pool_count}")
            pool.index[ident] = lab
            pool.entries.append((size, text.strip(), lab))
        enc.fixups.append(("R_AARCH64_LD_PREL_LO19", Value(0, lab)))
        return E.LDLIT[cls] | rt

    def _dump_pool(self, key):
        asm = self.asm
        pool = self.pools.pop(key, None)
        if not pool or not pool.entries:
            return
        for size, text, lab in pool.entries:
            asm.align(size if size <= 8 else 16)
            asm.define_label(lab.name)
            if size == 16:
                v = asm.abs_expr(text)
                asm.emit((v & ((1 << 128) - 1)).to_bytes(16, "little"))
            else:
                asm.emit_value(size, asm.expr(text))

    def d_ltorg(self, asm, args):
        self._dump_pool((asm.sec, asm.subsec))

    def finish(self) -> None:
        asm = self.asm
        for key in list(self.pools):
            sec, sub = key
            asm.set_section(sec, sub)
            self._dump_pool(key)

    # -- instructions ---------------------------------------------------------------------------
    def encode(self, mnemonic: str, operands: str) -> None:
        enc = self.enc
        try:
            w = enc.encode(mnemonic, operands)
        except AsmError as e:
            raise CoreError(str(e)) from None
        fx = enc.fixups
        b = w.to_bytes(4, "little")
        if not fx:
            self.asm.emit_insn(b)
            return
        out = []
        for rname, v in fx:
            if isinstance(v, int):
                v = Value(v)
            out.append((0, 4, v, RELOCS.by_name[rname].pcrel, rname))
        self.asm.emit_insn(b, out)

    def nop_fill(self, n: int, addr: int = 0, nops_directive=False) -> bytes:
        pad = (-addr) & 3 if not nops_directive else n & 3
        pad = min(pad, n)
        rest = n - pad
        return bytes(pad) + NOP * (rest // 4) + bytes(rest & 3)

    # -- fixups --------------------------------------------------------------------------------------
    def data_fixup_kind(self, size, value):
        return None

    def _kind(self, fix):
        k = fix.kind
        if k is None or k == "data":
            name = _DATA.get((fix.size, bool(fix.pcrel)))
            if name is None:
                raise CoreError(f"cannot represent a {fix.size}-byte "
                                f"{'pc-relative ' if fix.pcrel else ''}relocation")
            return RELOCS.by_name[name]
        return RELOCS.by_name[k]

    def pcrel_local_resolvable(self, fix, sym) -> bool:
        if sym.bind not in (None, C.STB_LOCAL):
            return False
        t = self._kind(fix)
        if t.num in _FORCE:
            return False
        return sym.type != C.STT_GNU_IFUNC if hasattr(C, "STT_GNU_IFUNC") else True

    def reloc_type(self, fix, value) -> int:
        if value.mod is not None:
            raise CoreError("invalid use of relocation operator")
        return self._kind(fix).num

    def fix_adjustable(self, fix, rtype: int) -> bool:
        if rtype in _KEEP_SYMBOL:
            return False
        a = fix.value.add
        if a is not None and a.type == C.STT_TLS:
            return False
        return True

    def apply_fixup(self, fix, value: int):
        t = self._kind(fix)
        if t.apply is None:
            return None
        if t.calc == "page_pcrel":
            return "unsupported relocation: page-relative address of an absolute value"
        return t.apply(fix.frag.data, fix.off, value)

    # -- CFI -------------------------------------------------------------------------------------------
    def cfi_initial_instructions(self) -> list:
        return [("def_cfa", 31, 0)]

    def dwarf_regno(self, text: str) -> int:
        t = text.strip().lower()
        r = DWARF_REGS.get(t)
        if r is not None:
            return r
        try:
            return int(t, 0)
        except ValueError:
            raise CoreError(f"bad register expression") from None


def make_target(asm):
    return AArch64Target(asm)


Target = AArch64Target
