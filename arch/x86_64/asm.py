"""x86-64 assembler target: AT&T (and Intel) operand syntax, instruction encoding, jump
relaxation, relocation choice; plugs into toolchain.asm (see toolchain/asm/target.py)."""
from __future__ import annotations

import re

from toolchain.asm.assembler import AsmError, Frag, ABS
from toolchain.asm.expr import Value
from toolchain.asm.target import AsmTarget
from toolchain.elf.constants import (EM_X86_64, SHF_TLS, STB_WEAK, STT_GNU_IFUNC, STT_TLS,
                                     STV_DEFAULT)

from . import dataops as _dataops
from . import relocs as _relocs
from .registers import DWARF, REGS, Reg
from .tables import build_table, CC
from . import evex as _evex

R = _relocs.RELOCS.by_name
R_64 = R["R_X86_64_64"].num
R_PC32 = R["R_X86_64_PC32"].num
R_PLT32 = R["R_X86_64_PLT32"].num
R_32 = R["R_X86_64_32"].num
R_32S = R["R_X86_64_32S"].num
R_16 = R["R_X86_64_16"].num
R_PC16 = R["R_X86_64_PC16"].num
R_8 = R["R_X86_64_8"].num
R_PC8 = R["R_X86_64_PC8"].num
R_PC64 = R["R_X86_64_PC64"].num
R_GOTPCREL = R["R_X86_64_GOTPCREL"].num
R_GOTPCRELX = R["R_X86_64_GOTPCRELX"].num
R_REX_GOTPCRELX = R["R_X86_64_REX_GOTPCRELX"].num
R_GOTPC32 = R["R_X86_64_GOTPC32"].num
R_GOTPC64 = R["R_X86_64_GOTPC64"].num

BRANCH = "branch"      # fixup kind: PLT32 or PC32 decided from the symbol at the end
BRANCH_PARSED = "pc32"  # a call GNU as decided PC32 when it read it

# relocation operator -> {(size, pcrel): type}
_MOD_RELOCS = {
    "PLT": {(4, True): R_PLT32, (4, False): R_PLT32},
    "GOTPCREL": {(4, True): R_GOTPCREL, (8, True): R["R_X86_64_GOTPCREL64"].num,
                 (4, False): R_GOTPCREL},
    "GOT": {(4, False): R["R_X86_64_GOT32"].num, (8, False): R["R_X86_64_GOT64"].num,
            (4, True): R["R_X86_64_GOT32"].num},
    "GOTOFF": {(8, False): R["R_X86_64_GOTOFF64"].num, (4, False): R["R_X86_64_GOTOFF64"].num},
    "GOTPLT": {(8, False): R["R_X86_64_GOTPLT64"].num},
    "PLTOFF": {(8, False): R["R_X86_64_PLTOFF64"].num},
    "GOTTPOFF": {(4, True): R["R_X86_64_GOTTPOFF"].num, (4, False): R["R_X86_64_GOTTPOFF"].num},
    "TPOFF": {(4, False): R["R_X86_64_TPOFF32"].num, (8, False): R["R_X86_64_TPOFF64"].num},
    "NTPOFF": {(4, False): R["R_X86_64_TPOFF32"].num, (8, False): R["R_X86_64_TPOFF64"].num},
    "DTPOFF": {(4, False): R["R_X86_64_DTPOFF32"].num, (8, False): R["R_X86_64_DTPOFF64"].num},
    "TLSGD": {(4, True): R["R_X86_64_TLSGD"].num, (4, False): R["R_X86_64_TLSGD"].num},
    "TLSLD": {(4, True): R["R_X86_64_TLSLD"].num, (4, False): R["R_X86_64_TLSLD"].num},
    "TLSDESC": {(4, True): R["R_X86_64_GOTPC32_TLSDESC"].num,
                (4, False): R["R_X86_64_GOTPC32_TLSDESC"].num},
    "TLSCALL": {(0, False): R["R_X86_64_TLSDESC_CALL"].num},
    "SIZE": {(4, False): R["R_X86_64_SIZE32"].num, (8, False): R["R_X86_64_SIZE64"].num},
}
_KEEP_SYM_RELOCS = {R_PLT32, R_GOTPCREL, R_GOTPCRELX, R_REX_GOTPCRELX} | {
    t for m in ("GOT", "GOTOFF", "GOTTPOFF", "TPOFF", "DTPOFF", "TLSGD", "TLSLD", "TLSDESC",
                "TLSCALL", "NTPOFF", "SIZE") for t in _MOD_RELOCS[m].values()} - {
    R["R_X86_64_GOT64"].num}       # GNU as: GOT64, GOTPLT64 and PLTOFF64 use the section

# nop patterns GNU as uses for code alignment (1..11 bytes)
_NOPS = [b"",
         b"\x90",
         b"\x66\x90",
         b"\x0f\x1f\x00",
         b"\x0f\x1f\x40\x00",
         b"\x0f\x1f\x44\x00\x00",
         b"\x66\x0f\x1f\x44\x00\x00",
         b"\x0f\x1f\x80\x00\x00\x00\x00",
         b"\x0f\x1f\x84\x00\x00\x00\x00\x00",
         b"\x66\x0f\x1f\x84\x00\x00\x00\x00\x00",
         b"\x66\x2e\x0f\x1f\x84\x00\x00\x00\x00\x00",
         b"\x66\x66\x2e\x0f\x1f\x84\x00\x00\x00\x00\x00"]

_SUFFIX_SIZE = {"b": 1, "w": 2, "l": 4, "q": 8}
_PSEUDO_PFX = {"{evex}": ("force_evex", True), "{vex}": ("force_vex", True),
               "{vex2}": ("force_vex", True), "{vex3}": ("force_vex3", True),
               "{load}": ("swap", False), "{store}": ("swap", True),
               "{disp8}": ("disp_force", 8), "{disp32}": ("disp_force", 32),
               "{rex}": ("force_rex", True), "{nooptimize}": ("force_rex", False)}


def _default_seg(m):
    """The segment a memory operand uses without an override (GNU as drops an override that
    names it): SS with an rSP/rBP base, DS otherwise."""
    b = m.base
    if b is not None and b.name in ("rsp", "rbp", "esp", "ebp"):
        return 2
    return 3


_INT_RE = re.compile(r"-?(?:0[xX][0-9a-fA-F]+|[0-9]+)\Z")
_NUMCACHE: dict = {}
_RELOP_RE = re.compile(r"@([A-Za-z_]+)")


class Op:
    """A parsed operand. kind: 'r' register, 'i' immediate, 'm' memory."""
    __slots__ = ("kind", "reg", "value", "base", "index", "scale", "seg", "rip", "indirect",
                 "addr32", "has_disp", "text", "ptrsize", "deco")

    def __init__(self, kind):
        self.kind = kind
        self.reg = None
        self.value = None
        self.base = None
        self.index = None
        self.scale = 1
        self.seg = None
        self.rip = False
        self.indirect = False
        self.addr32 = False
        self.has_disp = False
        self.text = ""
        self.ptrsize = None
        self.deco = None

    @property
    def is_const(self):
        v = self.value
        return v is not None and v.add is None and v.sub is None and v.mod is None

    def __repr__(self):
        if self.kind == "r":
            return f"Op(%{self.reg.name})"
        if self.kind == "i":
            return f"Op(${self.value})"
        if self.kind == "rc":
            return f"Op(rc {self.value})"
        return f"Op(mem {self.value} {self.base} {self.index} {self.scale})"


class JumpState:
    __slots__ = ("short", "long", "value", "pfx", "resolvable", "plt", "kind", "tgt")

    def __init__(self, short, long_, value, pfx, kind):
        self.short = short      # opcode byte(s) of the rel8 form
        self.long = long_       # opcode bytes of the rel32 form
        self.value = value      # target Value
        self.pfx = pfx
        self.resolvable = None
        self.plt = False
        self.kind = kind
        self.tgt = None         # (label, addend) once resolved


def _fits8(v):
    return -128 <= v <= 127


def _fits32s(v):
    return -0x80000000 <= v <= 0x7FFFFFFF


class X86Target(AsmTarget):
    name = "x86_64"
    elf_machine = EM_X86_64
    comment_chars = ("#",)
    line_comment_chars = "#"
    separators = ";"
    cfi_code_align = 1
    cfi_data_align = -8
    cfi_ra_column = 16
    line_min_insn_length = 1
    address_size = 8
    no_pcrel_merge_adjust = True
    eh_frame_entry_align = 4
    ordered_section_symbols = True
    tls_relocs = frozenset(R[n].num for n in (
        "R_X86_64_TLSGD", "R_X86_64_TLSLD", "R_X86_64_GOTTPOFF", "R_X86_64_TPOFF32",
        "R_X86_64_TPOFF64", "R_X86_64_DTPOFF32", "R_X86_64_DTPOFF64", "R_X86_64_DTPMOD64",
        "R_X86_64_GOTPC32_TLSDESC", "R_X86_64_TLSDESC_CALL"))

    def __init__(self, asm):
        super().__init__(asm)
        self.table = build_table()
        self.intel = False
        self.intel_mnemonic = False
        self.cache = {}
        self.got_sym = None
        self.code16 = False
        self.prefixes = []

    # -- options ---------------------------------------------------------------------------
    def handle_option(self, arg, argv_iter=None):
        if arg.startswith("-mrelax-relocations="):
            self.relax_relocs = arg.split("=", 1)[1] != "no"
            return True
        if arg.startswith("-mavxscalar="):
            self.avxscalar = 1 if arg.endswith("256") else 0
            return True
        if arg.startswith("-mvexwig="):
            self.vexwig = 1 if arg.endswith("1") else 0
            return True
        if arg.startswith("-mlfence-before-ret="):
            v = arg.split("=", 1)[1]
            if v not in ("or", "not", "shl", "yes", "none"):
                return False
            self.lfence_ret = None if v == "none" else ("or" if v == "yes" else v)
            self.lfence_on = bool(self.lfence_ret or self.lfence_indbr)
            self.cache = _NoCache()
            return True
        if arg.startswith("-mlfence-before-indirect-branch="):
            v = arg.split("=", 1)[1]
            if v not in ("all", "register", "memory", "none"):
                return False
            self.lfence_indbr = v in ("all", "register")
            self.lfence_on = bool(self.lfence_ret or self.lfence_indbr)
            self.cache = _NoCache()
            return True
        if arg.startswith("-mevexwig="):
            self.evexwig = 1 if arg.endswith("1") else 0
            return True
        if arg.startswith("-mevexlig="):
            self.evexlig = {"128": 0, "256": 1, "512": 2}.get(arg.split("=", 1)[1], 0)
            return True
        if arg.startswith("-mevexrcig="):
            self.evexrcig = {"rne": 0, "rd": 1, "ru": 2, "rz": 3}.get(arg.split("=", 1)[1], 0)
            return True
        return arg.startswith(("-march=", "-mtune=", "-m"))

    relax_relocs = True
    lfence_ret = None
    lfence_indbr = False
    lfence_on = False
    avxscalar = 0
    vexwig = 0

    # -- directives ------------------------------------------------------------------------
    def directives(self):
        def intel(asm, args):
            a = args.strip()
            if a and a not in ("noprefix", "prefix"):
                raise AsmError("bad argument to syntax directive.")
            self.intel = True
            self.cache = _NoCache() if self.lfence_on else {}

        def att(asm, args):
            self.intel = False
            self.cache = _NoCache() if self.lfence_on else {}

        def ignore(asm, args):
            pass

        def code(asm, args, bits=64):
            if bits != 64:
                raise AsmError(f".code{bits} is not supported")

        def arch(asm, args):
            pass

        d = {".intel_syntax": intel, ".att_syntax": att, ".code64": ignore,
                ".code32": lambda a, s: code(a, s, 32), ".code16": lambda a, s: code(a, s, 16),
                ".arch": arch, ".intel_mnemonic": ignore, ".att_mnemonic": ignore,
                ".largecomm": self._largecomm, ".allow_index_reg": ignore,
                ".disallow_index_reg": ignore, ".sse_check": ignore, ".operand_check": ignore,
                ".nojumps": ignore, ".jump": ignore, ".bss": None, ".value": None and None or
                asm_directive_value, ".slong": asm_directive_long}
        return {k: v for k, v in d.items() if v is not None}

    def _largecomm(self, asm, args):
        asm.d_comm(args)

    # -- CFI -----------------------------------------------------------------------------------
    def cfi_initial_instructions(self):
        return [("def_cfa", 7, 8), ("offset", 16, -8)]

    def dwarf_regno(self, text):
        t = text.strip()
        if t.startswith("%"):
            n = t[1:].lower().replace(" ", "")
            if n in DWARF:
                return DWARF[n]
            raise AsmError(f"bad register expression")
        try:
            return int(t, 0)
        except ValueError:
            n = t.lower()
            if n in DWARF:
                return DWARF[n]
            raise AsmError("bad register expression") from None

    # -- fill --------------------------------------------------------------------------------
    def nop_fill(self, n, addr=0, nops_directive=False):
        if n <= 11:
            return _NOPS[n]
        q, r = divmod(n, 11)
        return _NOPS[11] * q + _NOPS[r]

    # -- fixups ------------------------------------------------------------------------------
    def data_fixup_kind(self, size, value):
        return None

    def data_operand(self, asm, size, text):
        return _dataops.data_operand(asm, size, text)

    def pcrel_local_resolvable(self, fix, sym):
        # a local IFUNC is called through the PLT (GNU as: R_X86_64_PLT32)
        return sym.bind in (None, 0) and sym.type != STT_GNU_IFUNC

    def fix_adjustable(self, fix, rtype):
        return rtype not in _KEEP_SYM_RELOCS

    def reloc_type(self, fix, v):
        rtype = self._reloc_type(fix, v)
        a = v.add
        if a is None or not a.defined or a.bind not in (None, 0) or a.frag is None:
            return rtype
        # a local symbol defined here
        if rtype == R_PLT32 and a.type != STT_GNU_IFUNC:
            # no PLT for it: GNU as writes the plain relocation, against the section
            return R_PC32 if fix.pcrel else R_32
        if v.mod == "SIZE":
            if fix.pcrel:
                raise AsmError("unsupported expression involving @size")
            size = a.size if a.size_expr is None else \
                self.asm._final_const(self.asm.eval_expr(a.size_expr, True), None)
            err = self.apply_fixup(fix, size + v.const)
            if err:
                raise AsmError(err)
            return None
        return rtype

    def _reloc_type(self, fix, v):
        mod = v.mod
        size = fix.size
        pcrel = fix.pcrel
        if mod is None:
            k = fix.kind
            if k == BRANCH:
                # GNU as: PLT32 only for `sym` itself (addend 0 before the field's -4)
                return R_PLT32 if self._need_plt32(v.add) and v.const == -4 else R_PC32
            if k == BRANCH_PARSED:
                return R_PC32
            if v.add is not None and v.add.name == "_GLOBAL_OFFSET_TABLE_" and pcrel:
                return R_GOTPC32 if size == 4 else R_GOTPC64
            if k is not None:
                return k
            if size == 8:
                return R_PC64 if pcrel else R_64
            if size == 4:
                return R_PC32 if pcrel else R_32
            if size == 2:
                return R_PC16 if pcrel else R_16
            if size == 1:
                return R_PC8 if pcrel else R_8
            raise AsmError(f"cannot represent relocation of {size} bytes")
        tbl = _MOD_RELOCS.get(mod)
        if tbl is None:
            raise AsmError(f"bad reloc specifier '{mod}' in expression" if False else
                           f"unknown relocation operator @{mod}" if False else
                           f"bad relocation specifier @{mod.lower()}")
        if mod == "GOTPCREL" and fix.extra is not None:
            return fix.extra
        t = tbl.get((size, pcrel))
        if t is None:
            t = tbl.get((size, not pcrel))
        if t is None:
            raise AsmError(f"relocated field and relocation type differ in signedness" if False
                           else f"cannot represent relocation type @{mod.lower()} in a "
                                f"{size}-byte field")
        return t

    def _need_plt32(self, s):
        if s is None:
            return False
        if s.bind == STB_WEAK or not s.defined:
            return True
        if s.bind in (None, 0):
            return False
        return True

    def apply_fixup(self, fix, value):
        size = fix.size
        f = fix.frag
        if size == 0:
            return None
        bits = size * 8
        if size < 8:
            if fix.pcrel or fix.kind == R_32S:
                if not (-(1 << (bits - 1)) <= value < (1 << (bits - 1))):
                    return (f"value of {value} too large for field of {size} byte"
                            f"{'s' if size > 1 else ''} at {fix.frag.addr + fix.off:#x}")
            elif not (-(1 << (bits - 1)) <= value < (1 << bits)):
                return (f"value of {value} too large for field of {size} byte"
                        f"{'s' if size > 1 else ''} at {fix.frag.addr + fix.off:#x}")
        f.data[fix.off:fix.off + size] = (value & ((1 << bits) - 1)).to_bytes(size, "little")
        return None

    # -- relaxation ------------------------------------------------------------------------------
    def _jump_resolvable(self, st, frag):
        v = st.value
        s = v.add
        if v.sub is not None or v.mod is not None or s is None:
            return False
        if s.expr is not None:
            w = self.asm._resolve_value(Value(v.const, s))
            if w.sub is not None or w.add is None:
                return False
            s = w.add
        if s.frag is None or s.section is not frag.section:
            return False
        if s.bind == STB_WEAK:
            return False
        if s.type == 10:
            return False
        if s.bind not in (None, 0) and st.plt and (s.other & 3) == STV_DEFAULT:
            return False
        return True

    def _target_addr(self, st):
        t = st.tgt
        if t is not None:
            s, const = t
        else:
            v = st.value
            s = v.add
            const = v.const
            if s.expr is not None:
                w = self.asm._resolve_value(Value(v.const, s))
                s = w.add
                const = w.const
            st.tgt = (s, const)
        return s, s.frag.addr + s.offset + const

    def relax_fixed_size(self, frag):
        """Bytes of a relaxable jump GNU as keeps in the fragment's fixed part (prefixes and
        the first opcode byte)."""
        return len(frag.var.pfx) + 1

    seals_functions = True      # toolchain.asm.seal: relax_depends answers for every jump

    def relax_depends(self, frag):
        v = frag.var.value
        if v.sub is not None or v.mod is not None or v.add is None or v.add.expr is not None:
            return None
        return (v.add,)

    def relax_initial(self, frag):
        st = frag.var
        if st.resolvable is None:
            st.resolvable = self._jump_resolvable(st, frag)
        if not st.resolvable or st.short is None:
            return len(st.pfx) + len(st.long) + 4
        return len(st.pfx) + len(st.short) + 1

    def relax_size(self, frag, addr):
        st = frag.var
        if st.resolvable is None:
            st.resolvable = self._jump_resolvable(st, frag)
        npfx = len(st.pfx)
        if not st.resolvable:
            return npfx + len(st.long) + 4
        longsize = npfx + len(st.long) + 4
        if frag.varsize == longsize:
            return longsize
        s, taddr = self._target_addr(st)
        # forward targets (not yet laid out in this pass): GNU as adds the growth so far only
        # when no alignment lies in between
        stretch = self.asm.stretch
        if stretch and s.frag.seq > frag.seq:
            if stretch < 0 or s.frag.region == frag.region:
                taddr += stretch
            elif taddr < addr:
                return frag.varsize
        if st.short is None:
            return longsize
        disp = taddr - (addr + npfx + len(st.short) + 1)
        if _fits8(disp):
            return npfx + len(st.short) + 1
        return longsize

    def relax_finish(self, frag):
        st = frag.var
        asm = self.asm
        n = frag.varsize
        data = frag.data
        data += st.pfx
        npfx = len(st.pfx)
        if st.resolvable:
            s, taddr = self._target_addr(st)
            start = frag.addr + len(frag.data) - npfx
            if n == npfx + len(st.short) + 1:
                data += st.short
                disp = taddr - (start + n)
                data.append(disp & 0xFF)
            else:
                data += st.long
                disp = taddr - (start + n)
                data += (disp & 0xFFFFFFFF).to_bytes(4, "little")
            return
        data += st.long
        off = len(data)
        data += bytes(4)
        v = st.value
        kind = R_PLT32 if st.plt else BRANCH
        asm.add_fixup(frag, off, 4, Value(v.const - 4, v.add, v.sub, None if st.plt else v.mod),
                      True, kind)

    # -- instruction entry ---------------------------------------------------------------------
    def encode(self, mnemonic, operands):
        key = None
        if not self.intel:
            key = mnemonic + "\0" + operands
            hit = self.cache.get(key)
            if hit is not None:
                asm = self.asm
                if asm.dwarf.pending is None and asm.sec.type != 8:
                    asm.data += hit
                else:
                    asm.emit_insn(hit)
                return
        m = mnemonic.lower()
        # prefixes written as separate words: "lock addl ...", "rep stosq", "rex.W ..."
        pfx = []
        while m in _PREFIX_WORDS:
            pfx.append(_PREFIX_WORDS[m])
            if not operands:
                # a prefix alone on a line: emit it as a byte
                self.asm.emit_insn(bytes(p for p in pfx if p < 0x100))
                return
            parts = operands.split(None, 1)
            m = parts[0].lower()
            operands = parts[1] if len(parts) > 1 else ""
        if m[:1] == "{":
            return self._pseudo_prefix(m, operands)
        self.cur_mnem = m
        ops = self.parse_operands(operands) if operands else []
        isize = None
        if self.intel:
            m, ops, isize = self._intel_fix(m, ops)
        return self.encode_ops(m, ops, pfx, key, mnemonic, operands, isize)

    def encode_ops(self, m, ops, pfx=(), key=None, mnemonic=None, operands="", isize=None):
        """Encode one instruction from operands already in ``Op`` form (the text path parses
        them; pycc's object hand-off builds them from machine instructions). ``m`` is the
        lower-case mnemonic, ``pfx`` prefix bytes, ``key`` the encoding-cache key (None: do
        not cache)."""
        pfx = list(pfx)
        if mnemonic is None:
            mnemonic = m
            self.cur_mnem = m
        ent, size = self.lookup(m)
        if self.lfence_on and ent is not None:
            self._lfence(m, ent, ops, pfx)
        if ent is None and m[-2:] == ".s":
            # `mov.s': the other (store-form) encoding of a register-to-register move
            self.swap = True
            cache = self.cache
            self.cache = {}
            try:
                return self.encode(m[:-2], operands)
            finally:
                self.swap = False
                self.cache = cache
        if m[:1] == "v" and (ent is None or self.force_evex or _evex.needs_evex(ops)):
            out = self._encode_evex(m, ops)
            if out is not None:
                self.cur_pfx = pfx
                b, fixups = out
                if pfx:
                    b = _merge_prefixes(pfx, b)
                    if fixups:
                        fixups = [(f[0] + (len(b) - len(out[0])),) + tuple(f[1:])
                                  for f in fixups]
                self.asm.emit_insn(b, fixups)
                return
        if size is not None:
            self.cur_mnem = m[:-1]      # GNU as names the instruction without its suffix
        if self.intel and size is None and isize and ent is not None and ent[2] & _SUFFIX_OK \
                and m not in ("movzx", "movsx", "movsxd") and not m.endswith("2si"):
            size = isize
        if ent is None:
            raise AsmError(f"no such instruction: `{(mnemonic + ' ' + operands).strip()}'")
        self.cur_pfx = pfx
        self.cur_cacheable = key is not None
        try:
            out = ent[0](self, ent, size, ops)
        except AsmError:
            # a form only EVEX has (vpermq with three registers): GNU as takes it
            if m[:1] != "v" or m not in _evex.EVEX:
                raise
            try:
                out = self._encode_evex(m, ops)
            except AsmError:
                out = None
            if out is None:
                raise
        if out is not None:
            b, fixups = out
            if pfx:
                b = _merge_prefixes(pfx, b)
                if fixups:
                    fixups = [(f[0] + (len(b) - len(out[0])),) + tuple(f[1:]) for f in fixups]
            self.asm.emit_insn(b, fixups)
            if not fixups and self.cur_cacheable and not pfx:
                if len(self.cache) > 200000:
                    self.cache.clear()
                self.cache[key] = bytes(b)

    force_evex = False
    force_vex = False
    force_rex = False
    force_vex3 = False
    disp_force = None
    evexwig = 0
    evexlig = 0
    evexrcig = 0
    cur_size = None

    def _lfence(self, m, ent, ops, pfx):
        """-mlfence-before-ret / -mlfence-before-indirect-branch: the LVI mitigations."""
        from .tables import h_ret, h_jmp
        h = ent[0]
        if h is h_ret and ent[1][0] == b"\xc3" and self.lfence_ret:
            p = b"\x48"
            seq = {"or": p + b"\x83\x0c\x24\x00", "not": (p + b"\xf7\x14\x24") * 2,
                   "shl": p + b"\xc1\x24\x24\x00"}[self.lfence_ret]
            self.asm.emit_insn(seq + b"\x0f\xae\xe8")
        elif h is h_jmp and self.lfence_indbr and ops and ops[0].indirect and \
                ops[0].kind == "r":
            self.asm.emit_insn(b"\x0f\xae\xe8")

    def _pseudo_prefix(self, m, operands):
        """``{evex}``, ``{vex}``, ``{vex3}``, ``{load}``, ``{store}``, ``{disp8}``,
        ``{disp32}`` before an instruction: encoding choices for the one that follows."""
        if m not in _PSEUDO_PFX:
            raise AsmError(f"unknown pseudo prefix `{m}'" if False else
                           f"no such instruction: `{m}'")
        parts = operands.split(None, 1)
        if not parts:
            raise AsmError(f"expecting valid instruction after `{m}'" if False else
                           f"no instruction after pseudo prefix `{m}'")
        attr, val = _PSEUDO_PFX[m]
        if m in ("{vex}", "{vex3}") and parts[0].lower() + "{vex}" in self.table:
            parts[0] = parts[0].lower() + "{vex}"
        old = getattr(self, attr)
        setattr(self, attr, val)
        cache = self.cache
        self.cache = {}     # the encoding differs from the unprefixed one: no caching
        try:
            self.encode(parts[0], parts[1] if len(parts) > 1 else "")
        finally:
            setattr(self, attr, old)
            self.cache = cache
        return None

    swap = False

    def _encode_evex(self, m, ops):
        """EVEX (AVX-512) form of ``m`` when the table has one; None otherwise."""
        ents = _evex.EVEX.get(m)
        hint = None
        self.cur_size = None
        if ents is None:
            ps = _evex.PSEUDO.get(m)
            if ps is not None:
                ents = _evex.EVEX.get(ps[0])
                o = Op("i")
                o.value = Value(ps[1])
                ops = [o] + list(ops)
            elif m[-1] in "xyz" and m[:-1] in _evex.EVEX:
                ents = _evex.EVEX[m[:-1]]
                hint = {"x": 16, "y": 32, "z": 64}[m[-1]]
            elif m[-1] in "lq" and m[:-1] in _evex.EVEX:
                ents = _evex.EVEX[m[:-1]]
                self.cur_size = 4 if m[-1] == "l" else 8
            if ents is None:
                return None
            self.cur_mnem = m
        e = _evex.select(self, ents, ops)
        return _evex.h_evex(self, e, ops, hint)

    def _intel_fix(self, m, ops):
        """Intel syntax: bare symbols are memory, branch operands are targets or indirect,
        the operand size comes from `ptr`, x87 memory forms take AT&T suffixes."""
        branch = m in ("jmp", "call") or (m.startswith("j") and m[1:] in _CCS) or \
            m.startswith("loop") or m in ("jrcxz", "jecxz")
        isize = None
        out = []
        for o in ops:
            if o.kind == "i" and o.text == "bare":
                if branch or not o.is_const:
                    mo = Op("m")
                    mo.value = o.value
                    mo.has_disp = True
                    o = mo
            elif o.kind == "m" and branch:
                o.indirect = True
            if o.kind == "m" and o.ptrsize:
                isize = o.ptrsize
            out.append(o)
        if isize is not None and m in _X87_SIZES:
            sfx = _X87_SIZES[m].get(isize)
            if sfx is not None:
                m = m + sfx
            isize = None
        if isize in (16, 32) and m[:1] == "v" and (m + "x") in self.table:
            m += "x" if isize == 16 else "y"     # vcvtpd2dq xmm, YMMWORD PTR [mem]
        if isize not in (1, 2, 4, 8):
            isize = None
        return m, out, isize

    def lookup(self, m):
        t = self.table
        ent = t.get(m)
        if ent is not None:
            return ent, None
        if len(m) > 1:
            sfx = m[-1]
            if sfx in _SUFFIX_SIZE:
                ent = t.get(m[:-1])
                if ent is not None and ent[2] & _SUFFIX_OK:
                    return ent, _SUFFIX_SIZE[sfx]
        return None, None

    # -- operands ----------------------------------------------------------------------------
    def split_operands(self, text):
        if "(" not in text and '"' not in text:
            return [p.strip() for p in text.split(",")]
        out = []
        depth = 0
        start = 0
        for i, ch in enumerate(text):
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
            elif ch == "," and depth == 0:
                out.append(text[start:i].strip())
                start = i + 1
        out.append(text[start:].strip())
        return out

    def parse_operands(self, text):
        if self.intel:
            from .intel import parse_intel_operands
            return parse_intel_operands(self, text)
        return [self.parse_operand(p) for p in self.split_operands(text)]

    def reg(self, name):
        r = REGS.get(name.lower())
        if r is None:
            n = name.lower().replace(" ", "")
            r = REGS.get(n)
            if r is None:
                raise AsmError(f"bad register name `%{name}'")
        return r

    def _scale(self, text):
        """The scale factor of a memory operand (empty: 1), checked as GNU as checks it."""
        try:
            sc = int(text, 0) if text else 1
        except ValueError:
            sc = self.asm.abs_expr(text)
        if sc not in (1, 2, 4, 8):
            raise AsmError(f"expecting scale factor of 1, 2, 4, or 8: got `{text}'")
        return sc

    def value(self, text):
        v = _NUMCACHE.get(text)
        if v is not None:
            return Value(v)
        if _INT_RE.match(text):
            neg = text[0] == "-"
            body = text[1:] if neg else text
            if body[:2] in ("0x", "0X"):
                n = int(body[2:], 16)
            elif len(body) > 1 and body[0] == "0":
                n = int(body, 8) if "8" not in body and "9" not in body else None
            else:
                n = int(body)
            if n is not None:
                n = -n if neg else n
                if len(_NUMCACHE) < 10000:
                    _NUMCACHE[text] = n
                return Value(n)
        asm = self.asm
        if "@" in text and self.got_sym is None:
            # GNU as makes _GLOBAL_OFFSET_TABLE_ when it sees the operator, before the symbol
            m = _RELOP_RE.search(text)
            if m:
                self._got_check(m.group(1).upper())
        e = asm.expr(text)
        if e[0] != "n":
            self.cur_cacheable = False
            if self.cur_mnem == "movq":
                # GNU as reads movq's operands twice: its local labels become symbols now
                self._note_refs(e)
            if e[0] == "s" and e[2] is not None:
                self._got_check(e[2])
            elif e[0] != "s":
                self._scan_mods(e)
        v = asm.eval_expr(e)
        if not v.is_const and v.mod is None:
            v = asm._try_fold(v, False)
        return v

    def _note_refs(self, e):
        k = e[0]
        if k == "s":
            self.asm.note_ref(e[1], True)
        elif k == "u":
            self._note_refs(e[2])
        elif k == "b":
            self._note_refs(e[2])
            self._note_refs(e[3])

    def _scan_mods(self, e):
        k = e[0]
        if k == "s":
            if e[2] is not None:
                self._got_check(e[2])
        elif k == "u":
            self._scan_mods(e[2])
        elif k == "b":
            self._scan_mods(e[2])
            self._scan_mods(e[3])

    def _got_check(self, mod):
        if self.got_sym is None and mod not in ("PLT", "SIZE"):
            self.got_sym = self.asm.symbol("_GLOBAL_OFFSET_TABLE_")

    def parse_operand(self, s):
        op_text = s
        if not s:
            raise AsmError("missing operand")
        if s[-1] == "}":
            return self._parse_decorated(s)
        indirect = False
        if s[0] == "*":
            indirect = True
            s = s[1:].lstrip()
        c = s[0]
        if c == "%":
            colon = s.find(":")
            if colon < 0:
                o = Op("r")
                name = s[1:].strip()
                if (" " in name or "\t" in name) and not name.startswith("st"):
                    nm, junk = name.split(None, 1)
                    raise AsmError(f"junk `{junk}' after register")
                o.reg = self.reg(name)
                o.indirect = indirect
                return o
            seg = self.reg(s[1:colon].strip())
            if seg.kind != "seg":
                raise AsmError(f"`%{seg.name}' is not a valid segment register")
            o = self.parse_mem(s[colon + 1:].strip())
            o.seg = seg
            o.indirect = indirect
            return o
        if c == "$":
            o = Op("i")
            t = s[1:].strip()
            if not t:
                raise AsmError("missing immediate expression" if False else
                               f"missing or invalid immediate expression `'")
            o.value = self.value(t)
            return o
        o = self.parse_mem(s)
        o.indirect = indirect
        return o

    def _parse_decorated(self, s):
        """An operand with AVX-512 decorators ({%k1}, {z}, {1to16}) or a rounding operand."""
        rc = _evex.rc_operand(s)
        if rc is not None:
            o = Op("rc")
            o.value = rc
            return o
        s2, deco = _evex.strip_decorators(s)
        if not s2:
            raise AsmError(f"missing operand")
        o = self.parse_operand(s2)
        o.deco = deco
        return o

    def parse_mem(self, s):
        o = Op("m")
        if s.endswith(")"):
            depth = 0
            j = len(s) - 1
            while j >= 0:
                ch = s[j]
                if ch == ")":
                    depth += 1
                elif ch == "(":
                    depth -= 1
                    if depth == 0:
                        break
                j -= 1
            inner = s[j + 1:-1].strip()
            if inner and (inner[0] == "%" or inner[0] == ","):
                parts = [p.strip() for p in inner.split(",")]
                if len(parts) > 3:
                    raise AsmError(f"bad memory operand `{s}'")
                if parts[0]:
                    if parts[0][0] != "%":
                        raise AsmError(f"bad memory operand `{s}'")
                    b = self.reg(parts[0][1:])
                    if b.kind == "rip":
                        o.rip = True
                        if b.size == 4:
                            o.addr32 = True
                    elif b.kind != "gpr" or b.size < 4:
                        raise AsmError(f"`{s}' is not a valid base/index expression")
                    else:
                        o.base = b
                        if b.size == 4:
                            o.addr32 = True
                if len(parts) == 2 and parts[1][:1].isdigit() and o.base is not None:
                    # `(%rsp,1)': a scale without an index
                    parts = parts[:1]
                if len(parts) > 1 and parts[1]:
                    if parts[1][0] != "%":
                        raise AsmError(f"bad memory operand `{s}'")
                    x = self.reg(parts[1][1:])
                    if x.kind in ("xmm", "ymm", "zmm") and not o.rip:
                        # VSIB (gathers/scatters): a vector index register
                        o.index = x
                        if len(parts) > 2:
                            o.scale = self._scale(parts[2])
                        d = s[:j].strip()
                        o.value = self.value(d) if d else Value(0)
                        o.has_disp = bool(d)
                        return o
                    if x.kind == "riz":
                        pass
                    elif x.kind != "gpr" or x.size < 4 or x.num == 4 and x.kind == "gpr" and \
                            x.name in ("rsp", "esp"):
                        raise AsmError(f"`{s}' is not a valid base/index expression")
                    if o.rip:
                        raise AsmError(f"`{s}' is not a valid base/index expression")
                    o.index = x
                    if x.size == 4:
                        o.addr32 = True
                    if o.base is not None and o.base.size != x.size:
                        raise AsmError(f"`{s}' is not a valid base/index expression")
                if len(parts) > 2:
                    o.scale = self._scale(parts[2])
                d = s[:j].strip()
                if d:
                    o.value = self.value(d)
                    o.has_disp = True
                else:
                    o.value = Value(0)
                return o
        o.value = self.value(s)
        o.has_disp = True
        return o

    # -- encoding helpers ------------------------------------------------------------------------
    def encode_rm(self, opcode, reg, rm, size, imm=None, imm_size=0, mand=0, w=None,
                  rexw_ok=True, gotx=False, imm_kind=None, extra_rex=0, no66=False, vex=None):
        """Build one instruction with a ModRM operand.

        opcode: bytes (after prefixes and REX); reg: the ModRM.reg value (register number or
        /digit); rm: Op (register or memory) or Reg; size: operand size (1,2,4,8 or None);
        imm: Value for the immediate of ``imm_size`` bytes; mand: a mandatory prefix
        (0x66/0xF2/0xF3); w: force REX.W.
        """
        pfx = bytearray()
        rex = extra_rex
        if w is None:
            w = size == 8 and rexw_ok
        if w:
            rex |= 8
        if isinstance(reg, Reg):
            rn = reg.num
            if reg.kind == "gpr" and reg.size == 1:
                if reg.rex8:
                    rex |= 0x40
                elif reg.high8:
                    rex |= 0x100
        else:
            rn = reg
        if rn >= 8:
            rex |= 4
        if rn >= 16:
            raise AsmError("register out of range for this instruction")
        fix = []
        if isinstance(rm, Op) and rm.kind == "m" and rm.value is not None and \
                rm.value.mod == "TLSCALL":
            # call *sym@TLSCALL(%rax): no displacement; a marker relocation at the opcode
            tv = rm.value
            m2 = Op("m")
            m2.base, m2.index, m2.scale, m2.seg = rm.base, rm.index, rm.scale, rm.seg
            m2.addr32 = rm.addr32
            m2.value = Value(0)
            out, f2 = self.encode_rm(opcode, reg, m2, size, imm, imm_size, mand, w, rexw_ok,
                                     gotx, imm_kind, extra_rex, no66)
            return out, [(0, 0, Value(tv.const, tv.add, tv.sub, tv.mod), False, None)] + \
                list(f2 or [])
        if isinstance(rm, Op) and rm.kind == "m":
            if rm.index is not None and rm.index.size > 8:
                raise AsmError(f"operand type mismatch for `{self.cur_mnem}'")
            seg = rm.seg
            if seg is not None and seg.num != _default_seg(rm):
                pfx.append((0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65)[seg.num])
            if rm.addr32:
                pfx.append(0x67)
            body, rexb, dfix = self._modrm_mem(rm, rn & 7)
            rex |= rexb
        else:
            r = rm.reg if isinstance(rm, Op) else rm
            if r.kind == "gpr" and r.size == 1:
                if r.rex8:
                    rex |= 0x40
                elif r.high8:
                    rex |= 0x100
            if r.num >= 8:
                rex |= 1
            if r.num >= 16:
                raise AsmError("register out of range for this instruction")
            body = bytes([0xC0 | ((rn & 7) << 3) | (r.num & 7)])
            dfix = None
        if size == 2 and not no66:
            pfx.append(0x66)
        if mand:
            if mand == 0x66:
                if 0x66 not in pfx:
                    pfx.append(0x66)
            else:
                pfx.append(mand)
        if rex & 0x100:
            if rex & 0xFF:
                raise AsmError("can't encode register '%ah' (or ch, dh, bh) in an instruction "
                               "requiring REX prefix")
            rex = 0
        if rex:
            pfx.append(0x40 | (rex & 0xF))
        out = pfx + opcode + body
        if dfix is not None:
            off, v, pcrel = dfix
            off += len(pfx) + len(opcode)
            kind = None if pcrel else R_32S
            extra = None
            if pcrel:
                # pc-relative: the field is followed by the immediate
                v = Value(v.const - 4 - imm_size, v.add, v.sub, v.mod)
                if v.mod == "GOTPCREL" and gotx and self.relax_relocs:
                    extra = R_REX_GOTPCRELX if rex else R_GOTPCRELX
            fix.append((off, 4, v, pcrel, kind, extra))
        if imm is not None:
            self._imm(out, fix, imm, imm_size, imm_kind)
        return out, fix

    def _imm(self, out, fix, imm, size, kind=None):
        if imm.add is None and imm.sub is None and imm.mod is None:
            c = imm.const
            if size < 8 and not (-(1 << (size * 8)) < c < (1 << (size * 8))):
                self.asm.warning(f"{c & ((1 << 64) - 1):#x} shortened to "
                                 f"{c & ((1 << (size * 8)) - 1):#x}")
            out += (c & ((1 << (size * 8)) - 1)).to_bytes(size, "little")
        else:
            if kind is None:
                kind = {1: R_8, 2: R_16, 4: R_32, 8: R_64}[size]
            fix.append((len(out), size, imm, False, kind))
            out += bytes(size)

    def _modrm_mem(self, m, rn, n=1, force=None):
        """ModRM + SIB + displacement for a memory operand; returns (bytes, rex bits, fixup)."""
        v = m.value
        base = m.base
        index = m.index
        rex = 0
        if m.rip:
            b = bytes([(rn << 3) | 5]) + b"\0\0\0\0"
            if v.add is None and v.sub is None and v.mod is None:
                # constant displacement from rip: still a plain disp32
                b = bytes([(rn << 3) | 5]) + (v.const & 0xFFFFFFFF).to_bytes(4, "little")
                return b, 0, None
            return b, 0, (1, v, True)
        const = v.add is None and v.sub is None and v.mod is None
        disp = v.const if const else 0
        if index is not None:
            if index.num >= 8:
                rex |= 2
            ss = (0, 0, 1, 1, 2, 2, 2, 2, 3)[m.scale]
            if base is None:
                sib = bytes([(ss << 6) | ((index.num & 7) << 3) | 5])
                body = bytes([(rn << 3) | 4]) + sib
                if const:
                    if not _fits32s(disp) and not (m.addr32 and disp < (1 << 32)):
                        raise AsmError(f"{disp:#x} shortened to {disp & 0xffffffff:#x}"
                                       if False else "displacement out of range")
                    return body + (disp & 0xFFFFFFFF).to_bytes(4, "little"), rex, None
                return body + b"\0\0\0\0", rex, (len(body), v, False)
            if base.num >= 8:
                rex |= 1
            sibbyte = (ss << 6) | ((index.num & 7) << 3) | (base.num & 7)
            return self._disp_r(rn, 4, v, const, disp, base, bytes([sibbyte]), rex, n, force)
        if base is None:
            body = bytes([(rn << 3) | 4, 0x25])
            if const:
                if not (-0x80000000 <= disp < 0x100000000):
                    raise AsmError("displacement out of range" if False else
                                   f"{disp:#x} shortened to {disp & 0xffffffff:#x}")
                return body + (disp & 0xFFFFFFFF).to_bytes(4, "little"), 0, None
            return body + b"\0\0\0\0", 0, (2, v, False)
        if base.num >= 8:
            rex |= 1
        if (base.num & 7) == 4:
            return self._disp_r(rn, 4, v, const, disp, base, b"\x24", rex, n, force)
        return self._disp_r(rn, base.num & 7, v, const, disp, base, b"", rex, n, force)

    def _disp_r(self, rn, rm, v, const, disp, base, sib, rex, n=1, force=None):
        if const:
            if force is None:
                if disp == 0 and (base.num & 7) != 5:
                    return bytes([(rn << 3) | rm]) + sib, rex, None
                if n == 1:
                    if _fits8(disp):
                        return (bytes([0x40 | (rn << 3) | rm]) + sib + bytes([disp & 0xFF]),
                                rex, None)
                elif disp % n == 0 and _fits8(disp // n):
                    return (bytes([0x40 | (rn << 3) | rm]) + sib + bytes([(disp // n) & 0xFF]),
                            rex, None)
            elif force == 8 and (disp % n == 0 and _fits8(disp // n)):
                return (bytes([0x40 | (rn << 3) | rm]) + sib + bytes([(disp // n) & 0xFF]),
                        rex, None)
            if not (-0x80000000 <= disp < 0x100000000):
                raise AsmError("displacement out of range")
            return (bytes([0x80 | (rn << 3) | rm]) + sib +
                    (disp & 0xFFFFFFFF).to_bytes(4, "little"), rex, None)
        body = bytes([0x80 | (rn << 3) | rm]) + sib
        return body + b"\0\0\0\0", rex, (len(body), v, False)

    def simple(self, opcode, size=None, w=False, mand=0):
        pfx = bytearray()
        if size == 2:
            pfx.append(0x66)
        if mand:
            pfx.append(mand)
        if w or size == 8:
            pfx.append(0x48)
        return pfx + opcode, None

    def finish(self):
        pass

    def elf_flags(self):
        return 0


_SUFFIX_OK = 1
_CCS = set(CC)
_FP = {4: "s", 8: "l"}
_FI = {2: "s", 4: "l", 8: "ll"}
_X87_SIZES = {"fld": {4: "s", 8: "l", 10: "t"}, "fst": _FP, "fstp": {4: "s", 8: "l", 10: "t"},
              "fild": _FI, "fist": {2: "s", 4: "l"}, "fistp": _FI, "fisttp": _FI,
              "fadd": _FP, "fsub": _FP, "fsubr": _FP, "fmul": _FP, "fdiv": _FP, "fdivr": _FP,
              "fcom": _FP, "fcomp": _FP, "fiadd": {2: "s", 4: "l"}, "fisub": {2: "s", 4: "l"},
              "fisubr": {2: "s", 4: "l"}, "fimul": {2: "s", 4: "l"}, "fidiv": {2: "s", 4: "l"},
              "fidivr": {2: "s", 4: "l"}, "ficom": {2: "s", 4: "l"},
              "ficomp": {2: "s", 4: "l"}}

_PREFIX_WORDS = {"lock": 0xF0, "rep": 0xF3, "repe": 0xF3, "repz": 0xF3, "repne": 0xF2,
                 "repnz": 0xF2, "data16": 0x66, "addr32": 0x67, "data32": 0x166,
                 "rex": 0x40, "rex64": 0x48, "rex.w": 0x48, "rex.b": 0x41, "rex.x": 0x42,
                 "rex.r": 0x44, "rex.wb": 0x49, "rex.wr": 0x4C, "rex.wx": 0x4A,
                 "rex.rb": 0x45, "rex.rx": 0x46, "rex.xb": 0x43, "rex.rxb": 0x47,
                 "rex.wrxb": 0x4F, "rex.wrb": 0x4D, "rex.wxb": 0x4B, "rex.wrx": 0x4E,
                 "notrack": 0x3E, "bnd": 0xF2, "xacquire": 0xF2, "xrelease": 0xF3,
                 "cs": 0x2E, "ds": 0x3E, "es": 0x26, "ss": 0x36, "fs": 0x64, "gs": 0x65,
                 "wait": 0x9B, "fwait_pfx": 0x9B}

# prefix slots, in GNU as's output order
_SLOT = {0x9B: 0, 0x26: 1, 0x2E: 1, 0x36: 1, 0x3E: 1, 0x64: 1, 0x65: 1, 0x67: 2, 0x66: 3,
         0xF3: 4, 0xF2: 4, 0xF0: 5}


class _NoCache(dict):
    """The encoding cache when options make an encoding depend on more than its text."""
    __slots__ = ()

    def get(self, key, default=None):
        return None

    def __setitem__(self, key, value):
        pass


def _merge_prefixes(pfx, b):
    """Insert explicit prefixes into an encoded instruction in GNU as's prefix order."""
    b = bytes(b)
    i = 0
    have = []
    while i < len(b) and b[i] in _SLOT:
        have.append(b[i])
        i += 1
    rex = None
    if i < len(b) and 0x40 <= b[i] <= 0x4F:
        rex = b[i]
        i += 1
    rest = b[i:]
    for p in pfx:
        if p == 0x166:
            continue
        if 0x40 <= p <= 0x4F:
            rex = (rex or 0x40) | p
            continue
        if p in have:
            raise AsmError("same type of prefix used twice")
        have.append(p)
    have.sort(key=lambda p: _SLOT.get(p, 9))
    return bytes(have) + (bytes([rex]) if rex is not None else b"") + rest


def asm_directive_value(asm, args):
    asm.d_value(args)


def asm_directive_long(asm, args):
    asm.d_long(args)


def make_target(asm):
    return X86Target(asm)


# the structured Python API: toolchain.arch.x86_64.encode_instruction uses these
__all__ = ["X86Target", "make_target", "Op", "REGS", "CC"]
