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

from toolchain.asm import assembler as core
from toolchain.asm.assembler import AsmError as CoreError
from toolchain.asm.expr import Value
from toolchain.asm.target import AsmTarget
from toolchain.elf import constants as C

from ..relocs import RELOCS
from . import encoder as E
from .encoder import AsmError, Encoder
from .operands import Insn

STO_AARCH64_VARIANT_PCS = 0x80
NOP = (0xD503201F).to_bytes(4, "little")

# relocations that always stay relocations, even against a local symbol of the same section
# (page-relative ones depend on the final address; GOT and TLS ones need the linker)
_FORCE = {t.num for t in RELOCS if t.calc not in ("pcrel", "plt", "abs")}
# relocations whose symbol GNU as keeps (no rewrite to section symbol + offset)
_TLS = {t.num for t in RELOCS if t.calc.startswith(("tls", "dtprel", "tprel", "gottprel"))}
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
        try:
            return self._value(self.asm.expr(text), True)
        except CoreError as e:
            raise AsmError(str(e)) from None

    def sym_value(self, s):
        """The value of a symbol reference object (operands.Sym): what ``expr`` gives for its
        text, with the symbol looked up (or created) in the core's table the same way."""
        node = ("s", self.asm.symbol_ref(s.name), None)
        a = s.add
        if a:
            node = ("b", "+" if a > 0 else "-", node, ("n", abs(a)))
        try:
            return self._value(node, False)
        except CoreError as e:
            raise AsmError(str(e)) from None

    def _value(self, node, check_mod):
        """An expression node's value: an int when constant (folded), else the core's Value."""
        asm = self.asm
        v = asm.eval_expr(node)
        if check_mod and v.mod is not None:
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
    eh_frame_entry_align = 4
    keep_section_symbols = True
    tls_relocs = _TLS       # a symbol they name becomes STT_TLS (core)
    tls_access_names_section = True
    seals_functions = True       # toolchain.asm.seal (no relaxable fragments to answer for)

    def __init__(self, asm):
        super().__init__(asm)
        self.ctx = _Ctx(self)
        self.enc = Encoder(self.ctx)
        self.pools: dict = {}        # (section, subsection) -> Pool
        self.pool_count = 0
        self.aliases: dict[str, str] = {}
        self.arch = "armv8-a"
        self.features = set(E.ARCH_FEATURES["armv8-a"])
        self.fp_simd = True              # both FP and SIMD enabled (fast path)
        self.mapstate: dict = {}         # section -> "x" / "d" (GNU as mapping state)
        self.mapsyms: list = []          # (section, Sym) in creation order
        self.callback_added = False
        self.deferred: list = []         # data values evaluated after layout
        self.code_aligns: list = []      # (section, fragment, padding offset) in code
        self.late_errors: list = []      # (file, line, message) found "at fixup time"
        self.retry: list = []            # instructions waiting for a later-defined constant
        self.finishing = False

    # -- mapping symbols ($x before code, $d before data), as GNU as places them ------------------
    def _mapsym(self, state, sec, frag, offset):
        s = core.Sym("$" + state)
        s.frag = frag
        s.offset = offset
        s.section = sec
        s.defined = True
        s.bind = C.STB_LOCAL
        if sec.flags & C.SHF_TLS:
            s.type = C.STT_TLS
        self.asm.sym_order.append(s)
        self.mapsyms.append((sec, s))
        return s

    def map_state(self, state, force=False):
        """GNU as's mapping_state (force=False: instructions and data directives) and
        mapping_state_2 (force=True: fill and alignment fragments)."""
        asm = self.asm
        sec = asm.sec
        if state == "x" and sec.align < 4:
            asm.record_alignment(4)
        cur = self.mapstate.get(sec)
        if cur == state or sec.name.startswith(".debug"):
            return
        if not force and cur is None:
            if state == "d" and not sec.is_code:
                return
            if state == "x":
                first = sec.subsecs[min(sec.subsecs)][0] if sec.subsecs else asm.frag
                if first is not asm.frag or len(asm.data) > 0:
                    self._mapsym("d", sec, first, 0)
        self.mapstate[sec] = state
        self._mapsym(state, sec, asm.frag, len(asm.data))

    def finish_callback(self, asm, frag):
        for f, off, size, node, loc in self.deferred:
            asm.file, asm.line = loc
            try:
                v = asm.eval_expr(node, True)
            except CoreError as e:
                asm.error(str(e))
                continue
            asm.add_fixup(f, off, size, v, False, None)
        for sec, f, off in self.code_aligns:
            start = f.addr + off
            size = len(f.data) - off + f.varsize
            if size > 0 and start & 3:
                self._mapsym("d", sec, f, off)
                k = -start & 3
                if k < size:
                    self._mapsym("x", sec, f, off + k)
        self._eh_frame_mapsym()
        self._prune_mapsyms()

    def _eh_frame_mapsym(self):
        """GNU as's CIE ends with an alignment fragment: a $d at the CIE's unpadded end."""
        asm = self.asm
        for sec in asm.section_list:
            if sec.name != ".eh_frame" or not sec.frags:
                continue
            for f in sec.frags:
                if f.data:
                    end = _cie_unpadded_end(bytes(f.data))
                    if end is not None:
                        self._mapsym("d", sec, f, end)
                    return
            return

    def _prune_mapsyms(self):
        asm = self.asm
        last_at = {}
        for i, (sec, s) in enumerate(self.mapsyms):
            last_at[(id(sec), s.frag.addr + s.offset)] = i
        drop = set()
        for i, (sec, s) in enumerate(self.mapsyms):
            a = s.frag.addr + s.offset
            if last_at[(id(sec), a)] != i or (a >= sec.size and sec.type != C.SHT_NOBITS):
                drop.add(id(s))
            elif sec.type == C.SHT_NOBITS and a >= sec.size:
                drop.add(id(s))
        if drop:
            asm.sym_order[:] = [s for s in asm.sym_order if id(s) not in drop]

    # -- input ------------------------------------------------------------------------------------
    @staticmethod
    def preprocess(text: str) -> str:
        """Remove /* */ comments as GNU as's scrubber does (newlines kept for line numbers)."""
        if "/*" not in text:
            return text
        out = []
        i = 0
        n = len(text)
        while i < n:
            j = text.find("/*", i)
            if j < 0:
                out.append(text[i:])
                break
            # a "/*" inside a string or after a // or line comment on its line is not a comment
            ls = text.rfind("\n", 0, j) + 1
            line = text[ls:j]
            if line.count('"') % 2 == 1 or "//" in line or line.lstrip().startswith("#"):
                out.append(text[i:j + 2])
                i = j + 2
                continue
            out.append(text[i:j])
            k = text.find("*/", j + 2)
            if k < 0:
                out.append("\n" * text.count("\n", j))
                break
            out.append(" " + "\n" * text.count("\n", j, k))
            i = k + 2
        return "".join(out)

    # -- options ------------------------------------------------------------------------------
    def handle_option(self, arg: str, argv_iter) -> bool:
        if arg.startswith("-march="):
            spec = arg.split("=", 1)[1]
            if not self.set_arch(spec):
                from toolchain.diag import ToolError
                raise ToolError(f"unknown architecture `{spec}'")
            return True
        if arg.startswith("-mcpu="):
            self.d_cpu(self.asm, arg.split("=", 1)[1])
            return True
        if arg.startswith("-mabi="):
            abi = arg.split("=", 1)[1]
            if abi != "lp64":
                from toolchain.diag import ToolError
                raise ToolError(f"unsupported ABI `{abi}': pyas supports lp64 only")
            return True
        if arg in ("-EL", "-mlittle-endian", "-mverbose-error", "-mno-verbose-error") or \
                arg.startswith("-mcpu=") or arg.startswith("-mno-"):
            return True
        return False

    # -- directives -------------------------------------------------------------------------
    def directives(self) -> dict:
        from toolchain.asm.assembler import Assembler
        d = self._directives(Assembler)
        generic = self.asm.directives if hasattr(self.asm, "directives") else {}
        gen = Assembler._generic_directives(self.asm) if not generic else generic
        gen = dict(gen)
        gen.update(d)
        out = dict(d)
        for name in _CONS:
            h = gen.get(name)
            if h is not None:
                if name in _INT_DATA:
                    out[name] = self._wrap_int(h)
                else:
                    out[name] = self._wrap(h, "d", False)
        for name in (".comm", ".lcomm"):
            h = gen.get(name)
            if h is not None:
                out[name] = self._wrap_comm(h)
        for name in _FILL:
            h = gen.get(name)
            if h is not None:
                out[name] = self._wrap(h, "d", True)
        for name in _ALIGN:
            h = gen.get(name)
            if h is not None:
                out[name] = self._wrap_align(h)
        return out

    def _wrap(self, h, state, force):
        def run(asm, args):
            self.map_state(state or ("x" if asm.sec.is_code else "d"), force)
            return h(asm, args)
        return run

    def _wrap_align(self, h):
        """Alignment: a mapping symbol at the padding ($x in code, $d elsewhere); in code,
        NOP padding that starts unaligned gets $d for its zero bytes, $x for the NOPs."""
        def run(asm, args):
            sec = asm.sec
            code = sec.is_code
            self.map_state("x" if code else "d", True)
            f, off = asm.frag, len(asm.data)
            h(asm, args)
            if code and f.kind == core.ALIGN and f.var is not None and f.var[1] is None:
                self.code_aligns.append((sec, f, off))
        return run

    def _wrap_int(self, h):
        """Integer data: values that are not constant while parsing (label differences
        divided by 4 in switch tables, forward references) are evaluated after layout."""
        def run(asm, args):
            self.map_state("d")
            if not args:
                return h(asm, args)
            parts = asm.split_args(args) if "," in args else [args]
            for a in parts:
                a = a.strip()
                if a[:1] == '"':
                    h(asm, a)
                    continue
                frag, off = asm.frag, len(asm.data)
                try:
                    h(asm, a)
                except CoreError as e:
                    m = str(e)
                    if "not constant" not in m and "invalid operands" not in m:
                        raise
                    if asm.frag is not frag or len(asm.data) != off:
                        raise
                    size = self._size_of(h, asm, off)
                    node = asm.expr(a)
                    self.deferred.append((asm.frag, off, size, node, (asm.file, asm.line)))
                    asm.emit(bytes(size))
        run.size_probe = h
        return run

    def _size_of(self, h, asm, off):
        # probe the handler with a constant to learn its size
        frag = asm.frag
        before = len(asm.data)
        h(asm, "0")
        n = len(asm.data) - before
        del asm.data[before:]
        return n

    def _wrap_comm(self, h):
        def run(asm, args):
            bss = asm.bss_sec
            chain = bss.subsecs.get(1)
            frag = chain[-1] if chain else None
            off = len(frag.data) if frag is not None else 0
            h(asm, args)
            parts = asm.split_args(args) if args else []
            name = parts[0].strip() if parts else ""
            sym = asm.symbols.get(name)
            try:
                align = asm.abs_expr(parts[2]) if len(parts) > 2 else None
            except CoreError:
                align = None
            if align is None and sym is not None and frag is not None:
                align = 2 if sym.frag is not frag or sym.offset != off else 1
            if sym is not None and sym.section is bss and self.mapstate.get(bss) != "d" \
                    and align is not None and align > 1:
                if frag is None:
                    frag = bss.subsecs[1][0]
                    off = 0
                self.mapstate[bss] = "d"
                self._mapsym("d", bss, frag, off)
        return run

    def _directives(self, Assembler) -> dict:
        return {
            ".arch": self.d_arch, ".cpu": self.d_cpu, ".arch_extension": self.d_arch_extension,
            ".inst": self.d_inst, ".xword": self.d_xword, ".dword": self.d_xword,
            ".word": Assembler.d_long, ".ltorg": self.d_ltorg, ".pool": self.d_ltorg,
            ".variant_pcs": self.d_variant_pcs, ".tlsdesccall": self.d_tlsdesccall,
            ".tlsdescadd": self.d_tlsdescadd, ".tlsdescldr": self.d_tlsdescldr,
            ".req": self.d_ignore, ".unreq": self.d_unreq, ".even": self.d_even,
            ".bss": self.d_bss, ".float16": self.d_float16, ".bfloat16": self.d_bfloat16, ".align": Assembler.d_p2align,
        }

    @staticmethod
    def d_ignore(asm, args):
        pass

    def set_arch(self, spec):
        f = E.arch_features(spec)
        if f is None:
            return False
        self.arch = spec.strip()
        self.features = f
        self.fp_simd = "fp" in f and "simd" in f
        return True

    def d_arch(self, asm, args):
        name = args.strip()
        if not self.set_arch(name):
            raise CoreError(f"unknown architecture `{name}'" if "+" not in name else
                            f"unknown architectural extension `{name.split('+', 1)[1]}'")

    def d_arch_extension(self, asm, args):
        name = args.strip()
        if not E.apply_extension(self.features, name):
            raise CoreError(f"unknown architectural extension `{name}'")
        self.fp_simd = "fp" in self.features and "simd" in self.features

    def d_cpu(self, asm, args):
        parts = args.strip().lower().split("+")
        cpu = E.CPUS.get(parts[0])
        if cpu is None:
            # an unknown CPU: accept everything rather than reject valid code
            self.features = set().union(*E.ARCH_FEATURES.values(), *E.EXT_FEATURES.values())
        else:
            self.set_arch("+".join((cpu[0],) + cpu[1]))
        for ext in parts[1:]:
            E.apply_extension(self.features, ext)
        self.fp_simd = "fp" in self.features and "simd" in self.features

    def d_bss(self, asm, args):
        asm.set_section(asm.bss_sec, asm.abs_expr(args) if args.strip() else 0)

    def d_even(self, asm, args):
        asm.align(2)

    def d_unreq(self, asm, args):
        name = args.strip()
        if self.aliases.pop(name, None) is None:
            raise CoreError(f"unknown register alias '{name}'" if name else "invalid syntax for .unreq directive")
        for k in (name, name.lower(), name.upper()):
            E.REGS.pop(k, None)

    def define_alias(self, name, text):
        reg = text.strip()
        r = E.REGS.get(reg) or E.REGS.get(reg.lower())
        if r is None:
            raise CoreError(f"unknown register '{reg}' -- .req ignored" if False else
                            f"register name expected")
        old = E.REGS.get(name)
        if old is not None and name not in self.aliases:
            if old != r:
                raise CoreError(f"ignoring attempt to redefine built-in register '{name}'")
            return
        self.aliases[name] = r
        for k in {name, name.lower(), name.upper()}:
            E.REGS[k] = r

    def _floats16(self, asm, args, bf):
        import struct
        self.map_state("d")
        for a in asm.split_args(args):
            a = a.strip()
            try:
                v = float(a)
            except ValueError:
                raise CoreError(f"bad floating literal: {a}") from None
            if v != v:
                asm.emit(b"\xff\x7f")          # GNU as's NaN
            elif bf:
                b = struct.unpack("<I", struct.pack("<f", v))[0]
                b = (b + 0x7FFF + ((b >> 16) & 1)) >> 16
                asm.emit((b & 0xFFFF).to_bytes(2, "little"))
            else:
                try:
                    asm.emit(struct.pack("<e", v))
                except OverflowError:
                    asm.emit(struct.pack("<e", float("inf") if v > 0 else float("-inf")))

    def d_float16(self, asm, args):
        self._floats16(asm, args, False)

    def d_bfloat16(self, asm, args):
        self._floats16(asm, args, True)

    def d_inst(self, asm, args):
        self.map_state("x")
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
        """``ldr Rt, =expr``: a literal pool entry of the register's size (GNU as never turns
        these into MOVs), loaded pc-relative; pools are dumped at .ltorg/.pool and at the end."""
        asm = self.asm
        size = {"w": 4, "s": 4, "x": 8, "d": 8, "q": 16}.get(cls)
        if size is None:
            raise enc.bad()
        v = self.ctx.expr(text)
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
        for size in (4, 8, 16):
            ents = [e for e in pool.entries if e[0] == size]
            if not ents:
                continue
            # the alignment fragment is code-mapped in a code section, as GNU as does
            self.map_state("x" if asm.sec.is_code else "d", True)
            asm.align(size, 0)
            self.map_state("d", True)
            for _, text, lab in ents:
                asm.define_label(lab.name)
                try:
                    if size == 16:
                        v = asm.abs_expr(text)
                        asm.emit((v & ((1 << 128) - 1)).to_bytes(16, "little"))
                    else:
                        asm.emit_value(size, asm.expr(text))
                except (AsmError, CoreError) as e:   # e.g. a pool in a NOBITS section
                    asm.error(str(e))

    def d_ltorg(self, asm, args):
        self._dump_pool((asm.sec, asm.subsec))

    def finish(self) -> None:
        asm = self.asm
        self.finishing = True
        for f, off, mnemonic, operands, file, line in self.retry:
            asm.file, asm.line = file, line
            try:
                w = self.enc.encode(mnemonic, operands)
            except AsmError as e:
                asm.error(str(e))
                continue
            f.data[off:off + 4] = w.to_bytes(4, "little")
            for rname, v in self.enc.fixups:
                if isinstance(v, int):
                    v = Value(v)
                asm.add_fixup(f, off, 4, v, RELOCS.by_name[rname].pcrel, rname)
        for file, line, msg in self.late_errors:
            asm.file, asm.line = file, line
            asm.error(msg)
        for name in list(self.aliases):
            for k in (name, name.lower(), name.upper()):
                E.REGS.pop(k, None)
        self.aliases.clear()
        for key in list(self.pools):
            sec, sub = key
            asm.set_section(sec, sub)
            self._dump_pool(key)
        # a zero-sized callback fragment: runs after layout to place/prune mapping symbols
        if not self.callback_added:
            self.callback_added = True
            cur = (asm.sec, asm.subsec)
            asm.set_section(asm.text_sec, 0)
            f = asm.frag
            f.kind = core.CALLBACK
            f.var = _Callback(self)
            asm.new_frag()
            asm.set_section(*cur)

    # -- instructions ---------------------------------------------------------------------------
    def encode(self, mnemonic: str, operands: str) -> None:
        enc = self.enc
        asm = self.asm
        if operands[:4].lower() == ".req" and operands[4:5] in (" ", "\t"):
            self.define_alias(mnemonic, operands[4:])
            return
        if self.mapstate.get(asm.sec) != "x" or asm.sec.align < 4:
            self.map_state("x")
        m = mnemonic.lower()
        if m in E.REQUIRES or not self.fp_simd or m in ("msr", "mrs"):
            if E.missing_feature(m, operands, self.features) is not None:
                t = E._SCRUB_COMMA.sub(",", f"{mnemonic} {operands.strip()}".rstrip())
                raise CoreError(f"selected processor does not support `{t}'")
        try:
            w = enc.encode(mnemonic, operands)
        except AsmError as e:
            self._encode_error(e, mnemonic, operands)
            return
        self._emit(w, enc.fixups)

    def encode_ops(self, mnemonic: str, ops: list) -> None:
        """Encode one instruction given as a mnemonic and operand objects (operands.py), as
        pycc's back end hands them over: the same encoder as ``encode``, no text read."""
        asm = self.asm
        if self.mapstate.get(asm.sec) != "x" or asm.sec.align < 4:
            self.map_state("x")
        if mnemonic in E.REQUIRES or not self.fp_simd or mnemonic in ("msr", "mrs"):
            text = Insn(mnemonic, ops).operands_text()
            if E.missing_feature(mnemonic, text, self.features) is not None:
                t = E._SCRUB_COMMA.sub(",", f"{mnemonic} {text}".rstrip())
                raise CoreError(f"selected processor does not support `{t}'")
        enc = self.enc
        try:
            w = enc.encode_ops(mnemonic, ops)
        except AsmError as e:
            self._encode_error(e, mnemonic, Insn(mnemonic, ops).operands_text())
            return
        self._emit(w, enc.fixups)

    def _encode_error(self, e, mnemonic, operands):
        """An encoder error: retried at the end (a constant defined further on), reported at
        the end (GNU as finds it at fixup time), or now."""
        asm = self.asm
        if getattr(e, "deferrable", False) and not self.finishing:
            # a symbol defined further on: encode again at the end of the input
            f, off = asm.frag, len(asm.data)
            asm.emit_insn(bytes(4))
            self.retry.append((f, off, mnemonic, operands, asm.file, asm.line))
            return
        if getattr(e, "late", False):
            # reported after the whole file, as GNU as does for fixup-time range errors
            self.late_errors.append((asm.file, asm.line, str(e)))
            asm.emit_insn(bytes(4))
            return
        raise CoreError(str(e)) from None

    def _emit(self, w, fx):
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
        if rtype in _TLS:
            return False
        a = fix.value.add
        if a is not None and (a.type == C.STT_TLS or (
                isinstance(a.section, core.AsmSection) and a.section.flags & C.SHF_TLS)):
            return False
        return True

    def apply_fixup(self, fix, value: int):
        if (fix.kind is None or fix.kind == "data") and (fix.size, bool(fix.pcrel)) not in _DATA:
            n = fix.size
            if n == 0:
                return None
            if not -(1 << (8 * n - 1)) <= value < (1 << (8 * n)):
                return f"value of {value} too large for field of {n} byte{'s' if n > 1 else ''}"
            fix.frag.data[fix.off:fix.off + n] = (value & ((1 << (8 * n)) - 1)).to_bytes(n, "little")
            return None
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


_CONS = (".byte", ".2byte", ".4byte", ".8byte", ".hword", ".short", ".value", ".word", ".long",
         ".int", ".quad", ".xword", ".dword", ".octa", ".ascii", ".asciz", ".string",
         ".string8", ".string16", ".string32", ".string64", ".float", ".single", ".double",
         ".uleb128", ".sleb128", ".dc.b", ".dc.w", ".dc.l", ".dc.a", ".dc.d", ".dc.s")
_INT_DATA = {".byte": 1, ".2byte": 2, ".4byte": 4, ".8byte": 8, ".hword": 2, ".short": 2,
             ".value": 2, ".word": 4, ".long": 4, ".int": 4, ".quad": 8, ".xword": 8,
             ".dword": 8, ".dc.b": 1, ".dc.w": 2, ".dc.l": 4, ".dc.a": 8}
_FILL = (".zero", ".space", ".skip", ".fill", ".ds", ".ds.b")
_ALIGN = (".align", ".p2align", ".balign", ".p2alignw", ".p2alignl", ".balignw", ".balignl")


class _Callback:
    __slots__ = ("t",)

    def __init__(self, t):
        self.t = t

    def size(self, asm, frag, addr):
        return 0

    def finish(self, asm, frag):
        self.t.finish_callback(asm, frag)


def _uleb_at(b, i):
    v = sh = 0
    while True:
        c = b[i]
        i += 1
        v |= (c & 0x7F) << sh
        sh += 7
        if not c & 0x80:
            return v, i


def _cie_unpadded_end(b):
    """Offset of the first DW_CFA_nop padding byte of the first CIE in .eh_frame bytes."""
    try:
        length = int.from_bytes(b[0:4], "little")
        end = 4 + length
        i = 9
        z = b.index(0, i)
        aug = b[i:z].decode()
        i = z + 1
        _, i = _uleb_at(b, i)          # code alignment
        _, i = _uleb_at(b, i)          # data alignment (sleb: same length)
        if b[8] == 1:
            i += 1
        else:
            _, i = _uleb_at(b, i)
        if aug.startswith("z"):
            n, i = _uleb_at(b, i)
            i += n
        while i < end:
            op = b[i]
            if op == 0:
                return i
            hi = op & 0xC0
            i += 1
            if hi == 0x80:
                _, i = _uleb_at(b, i)
            elif hi in (0x40, 0xC0):
                pass
            elif op in (0x0C, 0x10, 0x11, 0x12, 0x14, 0x15, 0x16, 0x05):
                _, i = _uleb_at(b, i)
                if op == 0x10 or op == 0x16:
                    n = _
                    i += n
                else:
                    _, i = _uleb_at(b, i)
            elif op in (0x0D, 0x0E, 0x06, 0x07, 0x08, 0x13):
                _, i = _uleb_at(b, i)
            elif op == 0x0F:
                n, i = _uleb_at(b, i)
                i += n
            elif op == 0x02:
                i += 1
            elif op == 0x03:
                i += 2
            elif op == 0x04:
                i += 4
            elif op in (0x0A, 0x0B, 0x2D, 0x2E):
                pass
            else:
                return None
        return end
    except (IndexError, ValueError, UnicodeDecodeError):
        return None


def make_target(asm):
    return AArch64Target(asm)


Target = AArch64Target
