"""The RISC-V 64 target of pyas (plugs into toolchain.asm.assembler).

Statement encoding is done by :mod:`.isa` (table-driven); this module adapts its pieces to the
core: fixed instruction bytes with fixups, relaxable branches (c.beqz/c.j, beq, inverted
branch + jal), the ``.L0 `` anchor labels of ``%pcrel_lo``, ``R_RISCV_RELAX`` markers, code
alignment through ``R_RISCV_ALIGN``, symbolic label differences (``R_RISCV_ADD*``/``SUB*``
pairs), mapping symbols (``$x<arch>``/``$d``), ``.option``, ``.attribute`` and the
``.riscv.attributes`` section, and the ELF header flags.
"""
from __future__ import annotations

import re
from array import array

from toolchain.asm.assembler import AsmError, FIXED, RELAX, Sym
from toolchain.asm.expr import Value
from toolchain.asm.model import Resolved
from toolchain.asm.target import AsmTarget
from toolchain.diag import ToolError
from toolchain.elf import constants as C

from . import isa
from .arch import DEFAULT_VERSION, IMPLIES, Arch, ArchError, parse_arch
from .cfi import SealedLoc
from .relocs import RELOCS

EF_RISCV_RVC = 0x1
EF_RISCV_FLOAT_ABI = {"lp64": 0x0, "lp64f": 0x2, "lp64d": 0x4, "lp64q": 0x6,
                      "ilp32": 0x0, "ilp32f": 0x2, "ilp32d": 0x4, "ilp32e": 0x8}

_RELAX_NUM = RELOCS["R_RISCV_RELAX"].num
_ALIGN_NUM = RELOCS["R_RISCV_ALIGN"].num
_BRANCHY = {"R_RISCV_BRANCH", "R_RISCV_JAL", "R_RISCV_RVC_BRANCH", "R_RISCV_RVC_JUMP"}
_BRANCHY_NUMS = frozenset(RELOCS[n].num for n in _BRANCHY)
class _Placeholder:
    __slots__ = ()


_OB_ROOM = 4040
_OB_HDR = 112

# pc-relative and TLS instruction relocations (what a constant operand gets: emit)
_PCREL_HI_LO = frozenset(("R_RISCV_PCREL_HI20", "R_RISCV_PCREL_LO12_I", "R_RISCV_PCREL_LO12_S",
                          "R_RISCV_GOT_HI20", "R_RISCV_TLS_GOT_HI20", "R_RISCV_TLS_GD_HI20"))
_TLS_HI_LO = frozenset(("R_RISCV_TPREL_HI20", "R_RISCV_TPREL_LO12_I", "R_RISCV_TPREL_LO12_S",
                        "R_RISCV_TPREL_ADD", "R_RISCV_TLS_GOT_HI20", "R_RISCV_TLS_GD_HI20"))
_SPLIT_AFTER = {"R_RISCV_HI20", "R_RISCV_PCREL_HI20", "R_RISCV_TPREL_HI20", "R_RISCV_TPREL_ADD",
                "R_RISCV_CALL", "R_RISCV_CALL_PLT"}
_ADD = {1: "R_RISCV_ADD8", 2: "R_RISCV_ADD16", 4: "R_RISCV_ADD32", 8: "R_RISCV_ADD64"}
_SUB = {1: "R_RISCV_SUB8", 2: "R_RISCV_SUB16", 4: "R_RISCV_SUB32", 8: "R_RISCV_SUB64"}
_DATA = {1: "R_RISCV_SET8", 2: "R_RISCV_SET16", 4: "R_RISCV_32", 8: "R_RISCV_64"}

# attribute tags (RISC-V ELF psABI): name -> (number, is_string)
ATTR_TAGS = {"stack_align": (4, False), "arch": (5, True), "unaligned_access": (6, False),
             "priv_spec": (8, False), "priv_spec_minor": (10, False),
             "priv_spec_revision": (12, False), "atomic_abi": (14, False)}

_IDENT_RE = re.compile(r"[A-Za-z_.$][A-Za-z0-9_.$]*")

NOP4 = (0x13).to_bytes(4, "little")
NOP2 = (0x0001).to_bytes(2, "little")

_DATA_DIRECTIVES = (".byte", ".short", ".half", ".hword", ".2byte", ".word", ".long", ".int",
                    ".4byte", ".dword", ".quad", ".8byte", ".octa", ".ascii", ".asciz",
                    ".string", ".zero", ".space", ".skip", ".fill", ".float", ".single",
                    ".double", ".uleb128", ".sleb128", ".dc.a", ".dc.b", ".dc.w", ".dc.l",
                    ".incbin", ".string8", ".dc", ".dc.d", ".dc.s")


class Options:
    """The ``.option`` state: rvc, relax, pic and the enabled extensions (``versions``:
    extension -> (major, minor) or None; ``exts`` its keys; ``arch`` the canonical string)."""
    __slots__ = ("rvc", "relax", "pic", "exts", "arch", "csr_check", "versions")

    def __init__(self, relax, pic, versions):
        self.relax = relax
        self.pic = pic
        self.csr_check = False
        self.set_versions(versions)

    def set_versions(self, versions):
        self.versions = versions
        self.exts = set(versions)
        self.rvc = "c" in versions
        self.arch = Arch(64, versions).canonical

    def copy(self):
        o = Options(self.relax, self.pic, dict(self.versions))
        o.csr_check = self.csr_check
        return o


class Target(AsmTarget):
    name = "riscv64"
    elf_machine = C.EM_RISCV
    comment_chars = "#"
    line_comment_chars = "#"
    separators = ";"
    cfi_code_align = 1
    cfi_data_align = -4
    cfi_ra_column = 1
    line_min_insn_length = 1
    address_size = 8
    keep_label_differences = True

    @property
    def line_fixed_advance(self):
        """.debug_line address advances stay symbolic (DW_LNS_fixed_advance_pc with
        ADD16/SUB16) while linker relaxation is on."""
        return self.linkrelax
    no_pcrel_merge_adjust = False
    # relocations that make the symbol they name thread-local (STT_TLS) in the object
    tls_relocs = frozenset(RELOCS[n].num for n in _TLS_HI_LO | {"R_RISCV_TLS_DTPREL32",
                                                                 "R_RISCV_TLS_DTPREL64"})

    def __init__(self, asm):
        super().__init__(asm)
        opts = getattr(asm, "options", None) or {}
        march = opts.get("march") or opts.get("-march")
        self.abi = opts.get("mabi") or opts.get("-mabi") or "lp64d"
        if self.abi not in EF_RISCV_FLOAT_ABI:
            raise ToolError(f"-mabi={self.abi}: unknown ABI")
        try:
            arch = parse_arch(march or "rv64g", default=march is None)
        except ArchError as e:
            raise ToolError(str(e)) from None
        relax = not (opts.get("no_relax") or opts.get("mno-relax"))
        self.opt = Options(relax, False, dict(arch.versions))
        # linker relaxation for the whole file (-mrelax/-mno-relax; .option norelax only
        # changes what the instructions after it get)
        self.linkrelax = relax
        self.rvc_seen = self.opt.rvc
        self.initial_rvc = self.opt.rvc
        self.opt_stack: list[Options] = []
        self.attrs: dict[int, object] = {}
        self.arch_attr = arch.canonical
        self.enc = isa.Encoder(self._parse, self.opt)
        self.enc.sym = self._sym_value
        self.map_state: dict = {}        # section -> "x" | "d"
        self.map_arch: dict = {}         # section -> arch string of its last $x
        self._anchor = {}
        self.float_abi = EF_RISCV_FLOAT_ABI[self.abi]
        self._cache: dict = {}
        self._ob: dict = {}
        self._used_expr = False
        self._init_symbol_order()

    # -- symbol table order ------------------------------------------------------------------
    # GNU as writes symbols in the order they enter its symbol chain: section symbols when the
    # section is created (.comment and .riscv.attributes at the end), ordinary symbols when
    # first seen, .set symbols at the .set, mapping symbols and .L0 anchors when made, and
    # other .L labels when a fixup against them is created: at the instruction for operands,
    # when branches are converted (after parsing) for branch targets, and when label
    # differences become ADD/SUB pairs (at the end) for those. ``self.chain`` records that.
    def _init_symbol_order(self):
        # the chain: a list, a symbol's membership marked in its (otherwise unused) ``index``
        # (``_in``: 1 while reading, 2 once the end rebuilt it): a dict entry costs 100-180
        # bytes, a list's 8, and a big unit's object has 40k symbols per MB of source
        self.chain: list = []
        self._in = 1
        # .loc rows and CFI positions get their labels where GNU as makes them (parse time);
        # the labels themselves are made later, so placeholders hold their places
        self.row_ph: dict = {}
        self.loc_ph: dict = {}
        # CFI positions' places in the chain: SealedLoc records and the chain's length when
        # each was made (it goes before that entry), kept apart from the chain: a dict entry
        # costs 100-180 bytes, these 16 (a function has 4-10)
        self.cfi_marks: list = []
        self.cfi_at = array("q")
        self.cfi_marks_done = 0
        self.cfi_loc_syms: dict = {}
        self.cfi_cie_syms: list = []
        self.debug_chain: list = []
        self._scanned = False

    # core hooks (toolchain.asm.target.AsmTarget)
    def _chain_add(self, sym):
        if sym.index != self._in:
            sym.index = self._in
            self.chain.append(sym)

    def symbol_created(self, sym):
        if not sym.temp:
            self._chain_add(sym)

    def section_created(self, sec, lazy):
        if not lazy and sec.name not in (".comment", ".riscv.attributes", ".debug_frame",
                                          ".eh_frame"):
            self._chain_add(sec.sym)

    def line_row_added(self, sec):
        ph = _Placeholder()
        self.chain.append(ph)
        self.row_ph.setdefault(sec, []).append(ph)

    def object_built(self, obj):
        self._reorder_symbols(obj)

    def debug_info_symbols(self, events, sections):
        # -g: GNU as makes these labels after the line table's and before the CIEs; every
        # section symbol is written; the debug sections come before the ones GNU as makes
        # after them (.eh_frame/.debug_frame by CFI, .riscv.attributes at the very end)
        self.debug_chain = list(events)
        for sec in sections:
            sec.sym.used_reloc = True
        sl = self.asm.section_list
        moved = [sec for sec in sl if sec in sections]      # in creation order
        for sec in moved:
            sl.remove(sec)
        at = len(sl)
        for i, sec in enumerate(sl):
            if sec.name in (".eh_frame", ".debug_frame", ".riscv.attributes"):
                at = i
                break
        sl[at:at] = moved

    def zero_diff_needs_reloc(self, a):
        # with linker relaxation every difference of two code labels stays symbolic, even a
        # zero one
        if not self.linkrelax:
            return False
        sec = a.section
        return sec is not None and not isinstance(sec, str) and bool(sec.flags &
                                                                    C.SHF_EXECINSTR)

    # -- finished functions (toolchain.asm.seal) -----------------------------------------------
    # pycc's object hand-off finishes each function's code once fed: a branch's size depends
    # only on its target label; fixups naming only labels of the finished code become their
    # relocations at once (with linker relaxation they all stay relocations); the CFI record
    # keeps its positions as numbers, the advances across GNU as's fragments as label pairs
    seals_functions = True
    seal_label_relocs = True

    def relax_depends(self, frag):
        v = frag.var.target
        if type(v) is not Value or v.sub is not None or v.mod is not None or \
                v.add is None or v.add.expr is not None:
            return None
        return (v.add,)

    def seal_frame(self, fde, where, interned):
        from . import cfi
        return cfi.seal_frame(self, fde, where, interned)

    # RISC-V GNU as writes the relocations of relaxed branches in place (address order)
    late_relax_fixups = False
    # branch sizes follow the target's address from the previous pass (as GNU as's)
    relax_uses_stretch = False

    def _enter(self, s):
        if s is not None:
            self._chain_add(s)

    def _resolve_placeholders(self):
        """Replace the placeholders of .loc rows and CFI positions by the labels the line
        table and .debug_frame made; returns the labels GNU as makes at the end of parsing
        (line table header strings and sequence ends, CIEs)."""
        asm = self.asm
        ph_sym = {}
        for loc, ph in self.loc_ph.items():
            s = self.cfi_loc_syms.get(loc)
            if s is not None:
                ph_sym[ph] = s
        late = []
        line = asm.sections.get((".debug_line", None, None))
        lt = asm.dwarf
        if line is not None and (lt.rows or lt.files):
            row_syms = []
            for f in _frags(line):
                for fx in f.fixups:
                    a = fx.value.add
                    if a is None or (fx.kind or "").startswith("R_RISCV_SUB"):
                        continue
                    if a.section is not None and not isinstance(a.section, str) and \
                            a.section.flags & C.SHF_EXECINSTR:
                        row_syms.append(a)
                    elif a.temp and a not in late:
                        late.append(a)
            i = 0
            ends = []
            for lsec, rows in lt.rows.items():
                phs = self.row_ph.get(lsec, [])
                for k in range(len(rows)):
                    if i < len(row_syms) and k < len(phs):
                        ph_sym[phs[k]] = row_syms[i]
                    i += 1
                if i < len(row_syms):
                    ends.append(row_syms[i])
                i += 1
            late += ends
        late += self.debug_chain
        late += self.cfi_cie_syms
        new = []
        marks = self.cfi_marks
        at = self.cfi_at
        m = 0
        for i, k in enumerate(self.chain):
            while m < len(marks) and at[m] <= i:
                _place(new, marks[m], ph_sym)
                m += 1
            _place(new, k, ph_sym)
        while m < len(marks):
            _place(new, marks[m], ph_sym)
            m += 1
        self.cfi_marks = []
        self.cfi_at = array("q")
        for s in late:
            if s.index != 2:
                s.index = 2
                new.append(s)
        self.chain = new
        self._in = 2

    def _scan_fixups(self):
        """The temporaries the fixups name join the symbol chain (at the end of
        ``generate_frames``: every fixup is made but those of branches not finished yet,
        which name their fragment's target; pycc's object hand-off lets fixups go as they
        become relocations)."""
        if self._scanned:
            return
        self._scanned = True
        if self.asm.sealer is not None:
            self.asm.sealer.unpack()
        self._resolve_placeholders()
        # temporaries enter at write time, section by section, in fixup order (instruction and
        # data fixups as parsed, then the fixups of converted branches); the fixups of sealed
        # code (toolchain.asm.seal) are relocations already, in the same order
        add = self._chain_add
        for sec in self.asm.section_list:
            late = []
            for f in _frags(sec):
                for fx in f.fixups:
                    if type(fx) is Resolved:
                        r = fx.reloc
                        sym = r.sym
                        if r.type in _BRANCHY_NUMS:
                            late.append(sym)
                        elif sym is not None and sym.temp:
                            add(sym)
                        continue
                    if fx.kind in _BRANCHY:
                        late.append(fx.value.add)
                        continue
                    v = fx.value
                    for sym in (v.add, v.sub):
                        if sym is not None and sym.temp:
                            add(sym)
                if f.kind == RELAX:         # relax_finish: branch fixups against the target
                    t = f.var.target
                    late.append(t.add if type(t) is Value else None)
            for sym in late:
                if sym is not None and sym.temp:
                    add(sym)

    def _reorder_symbols(self, obj):
        self._scan_fixups()
        # each ELF symbol's place in the chain as its sort key (in ``index``, which the
        # writer assigns later; no dict of 100-200 bytes an entry); sorting is stable, so
        # the symbols not in the chain keep their order after those in it
        syms = obj.symbols
        big = len(self.chain) + 1
        for e in syms:
            e.index = big
        for i, s in enumerate(self.chain):
            e = s.elf
            if e is not None and e.index > i:
                e.index = i
        key = _index_key
        files = [e for e in syms if e.type == C.STT_FILE]
        locs = [e for e in syms if e.type != C.STT_FILE and e.bind == C.STB_LOCAL]
        locs.sort(key=key)
        globs = [e for e in syms if e.type != C.STT_FILE and e.bind != C.STB_LOCAL]
        globs.sort(key=key)
        obj.symbols = files + locs + globs
        del files, locs, globs
        for e in obj.symbols:
            e.index = 0
        for e in obj.symbols:
            if e.name == ".L0\x01":
                e.name = ".L0 "       # GNU as's name for its fake labels

    # -- command-line options -------------------------------------------------------------------
    def handle_option(self, arg, argv_iter=None):
        """-march=, -mabi=, -misa-spec=, -mrelax/-mno-relax, -fpic/-fPIC/-fno-pic."""
        self._cache.clear()
        if arg.startswith("-march="):
            self._march = arg[7:]
            self._apply_march()
            return True
        if arg.startswith("-misa-spec="):
            from .arch import set_isa_spec
            try:
                set_isa_spec(arg[11:])
            except ArchError as e:
                raise ToolError(str(e)) from None
            if getattr(self, "_march", None):
                self._apply_march()
            return True
        if arg.startswith("-mabi="):
            abi = arg[6:]
            if abi not in EF_RISCV_FLOAT_ABI:
                raise ToolError(f"-mabi={abi}: unknown ABI")
            self.abi = abi
            self.float_abi = EF_RISCV_FLOAT_ABI[abi]
            return True
        if arg == "-mrelax":
            self.opt.relax = self.linkrelax = True
            return True
        if arg == "-mno-relax":
            self.opt.relax = self.linkrelax = False
            return True
        if arg in ("-fpic", "-fPIC", "-mpic"):
            self.opt.pic = True
            return True
        if arg in ("-fno-pic", "-mno-pic"):
            self.opt.pic = False
            return True
        if arg.startswith("-mpriv-spec="):
            return True
        if arg in ("-mno-arch-attr", "-march-attr"):
            self.emit_arch_attr = arg == "-march-attr"
            return True
        if arg in ("-mcsr-check", "-mno-csr-check",
                   "-mbig-endian", "-mlittle-endian", "-EL"):
            return True
        return False

    def _apply_march(self):
        try:
            arch = parse_arch(self._march)
        except ArchError as e:
            raise ToolError(str(e)) from None
        o = self.opt
        o.set_versions(dict(arch.versions))
        self.arch_attr = arch.canonical
        self.rvc_seen = o.rvc
        self.initial_rvc = o.rvc

    # -- expressions -------------------------------------------------------------------------
    def _parse(self, text):
        asm = self.asm
        text = text.strip()
        if not text:
            raise isa.NoMatch
        c = text[0]
        if c.isdigit() or (c == "-" and text[1:].isdigit()):
            try:
                return int(text, 0)
            except ValueError:
                pass
        self._used_expr = True
        v = asm.eval_expr(asm.expr(text))
        if v.mod is None:
            if v.add is None and v.sub is None:
                return v.const
            if v.sub is not None:
                w = asm._try_fold(v, False)
                if w.add is None and w.sub is None:
                    return w.const
        return v

    def _sym_value(self, ref):
        """The value of an operand object's symbol (``isa.Ref``), as :meth:`_parse` gives it
        for the same text: the symbol is looked up when the handler reads the operand."""
        asm = self.asm
        self._used_expr = True
        name = ref.name
        if name[-1:] in "fb" and name[:-1].isdigit():
            node = ("s", asm.local_ref(int(name[:-1]), name[-1]), None)
        else:
            node = ("s", asm.symbol_ref(name), None)
        if ref.addend:
            node = ("b", "+" if ref.addend > 0 else "-", node, ("n", abs(ref.addend)))
        v = asm.eval_expr(node)
        if v.mod is None:
            if v.add is None and v.sub is None:
                return v.const
            if v.sub is not None:
                w = asm._try_fold(v, False)
                if w.add is None and w.sub is None:
                    return w.const
        return v

    # -- directives ----------------------------------------------------------------------------
    def directives(self) -> dict:
        asm = self.asm
        generic = asm.directives
        d = {
            ".option": self.d_option,
            ".attribute": self.d_attribute,
            ".align": self.d_p2align,
            ".p2align": self.d_p2align,
            ".balign": self.d_balign,
            ".half": lambda a, args: generic[".short"](a, args),
            ".word": lambda a, args: generic[".long"](a, args),
            ".dword": lambda a, args: generic[".quad"](a, args),
            ".insn": self.d_insn,
            ".dtprelword": lambda a, args: self._dtprel(a, args, 4),
            ".dtpreldword": lambda a, args: self._dtprel(a, args, 8),
            ".variant_cc": self.d_variant_cc,
            ".bss": generic.get(".bss"),
            ".set": self._wrap_set(generic[".set"]),
            ".equ": self._wrap_set(generic[".equ"]),
            ".type": self._wrap_typed(generic[".type"]),
            ".size": self._wrap_typed(generic[".size"]),
        }
        d = {k: v for k, v in d.items() if v is not None}
        for name, fn in list(generic.items()):
            if name.startswith(".cfi_"):
                d[name] = self._wrap_cfi(fn)
        # data in code sections gets a $d mapping symbol
        for name in _DATA_DIRECTIVES:
            fn = d.get(name) or generic.get(name)
            if fn is None:
                continue
            d[name] = self._wrap_data(fn)
        return d

    def _wrap_cfi(self, fn):
        def handler(asm, args, _fn=fn):
            cfi = asm.cfi
            cur = cfi.cur
            last = cur.last if cur is not None else None
            nf = len(cfi.fdes)
            r = _fn(asm, args)
            new = cfi.cur
            locs = []
            if cur is None and new is not None:
                locs.append(new.start)
            elif len(cfi.fdes) != nf and cfi.fdes:
                f = cfi.fdes[-1]
                if f.last is not last:
                    locs.append(f.last)
                locs.append(f.end)
            elif new is not None and new.last is not last:
                locs.append(new.last)
            for loc in locs:
                if loc not in self.loc_ph:
                    ph = SealedLoc()
                    self.cfi_marks.append(ph)
                    self.cfi_at.append(len(self.chain))
                    self.loc_ph[loc] = ph
            return r
        return handler

    def _wrap_set(self, fn):
        def handler(asm, args, _fn=fn):
            r = _fn(asm, args)
            name, _, rest = args.partition(",")
            sym = asm.symbols.get(name.strip())
            if sym is not None:
                self._chain_add(sym)
            # temporaries the value refers to enter the chain after the symbol
            for ident in _IDENT_RE.findall(rest):
                t = asm.symbols.get(ident)
                if t is not None and t.temp:
                    self._chain_add(t)
            return r
        return handler

    def _wrap_typed(self, fn):
        def handler(asm, args, _fn=fn):
            r = _fn(asm, args)
            # GNU as makes a local label a full symbol at its .type/.size: it joins the chain
            sym = asm.symbols.get(asm.sym_name(asm.split_args(args)[0]))
            if sym is not None and sym.temp:
                self._chain_add(sym)
            return r
        return handler

    def _wrap_data(self, fn):
        def handler(asm, args, _fn=fn):
            if asm.sec.flags & C.SHF_EXECINSTR and args.strip():
                self._map("d")
                frag, n = asm.frag, len(asm.data)
                r = _fn(asm, args)
                if asm.frag is frag:
                    self._ob_grow(len(asm.data) - n)
                return r
            return _fn(asm, args)
        return handler

    def d_option(self, asm, args):
        self._cache.clear()
        a = args.strip()
        o = self.opt
        if a == "rvc":
            v = dict(o.versions)
            v.setdefault("c", DEFAULT_VERSION["c"])
            o.set_versions(v)
            self.rvc_seen = True
        elif a == "norvc":
            v = dict(o.versions)
            v.pop("c", None)
            o.set_versions(v)
        elif a == "relax":
            o.relax = True
        elif a == "norelax":
            o.relax = False
        elif a == "pic":
            o.pic = True
        elif a == "nopic":
            o.pic = False
        elif a == "push":
            self.opt_stack.append(o.copy())
        elif a == "pop":
            if not self.opt_stack:
                raise AsmError(".option pop with no .option push")
            self._set_opts(self.opt_stack.pop())
        elif a in ("csr-check", "no-csr-check"):
            o.csr_check = a == "csr-check"
        elif a.startswith("arch"):
            rest = a[4:].lstrip()
            if not rest.startswith(","):
                raise AsmError(f"unknown option `{a}'" if False else
                               "expected comma after arch")
            self._option_arch(rest[1:].strip())
        else:
            asm.warning(f"unrecognized .option directive: {a}")

    def _set_opts(self, o):
        self.opt = o
        self.enc.opt = o
        if o.rvc:
            self.rvc_seen = True

    def _option_arch(self, spec):
        o = self.opt
        if spec and spec[0] in "+-":
            v = dict(o.versions)
            for item in spec.split(","):
                item = item.strip()
                if not item:
                    continue
                if item[0] not in "+-":
                    raise AsmError(f"unknown ISA extension `{item}'")
                tok = item[1:].lower()
                m = re.fullmatch(r"(.*?[a-z])(\d+)p(\d+)", tok) or \
                    re.fullmatch(r"(.*?[a-z])(\d+)()", tok) or re.fullmatch(r"(.*?[a-z])()()", tok)
                if m is None:
                    raise AsmError(f"unknown ISA extension `{tok}'")
                name = m.group(1)
                if item[0] == "-":
                    v.pop(name, None)
                    continue
                if name not in DEFAULT_VERSION and name[0] != "x":
                    raise AsmError(f"unknown ISA extension `{name}'")
                v[name] = ((int(m.group(2)), int(m.group(3) or 0)) if m.group(2) else
                           DEFAULT_VERSION.get(name, (1, 0)))
                if v[name] is None:
                    v[name] = (2, 0)       # zicsr/zifencei named explicitly
                todo = [name]
                while todo:
                    for imp in IMPLIES.get(todo.pop(), ()):
                        if imp not in v:
                            v[imp] = DEFAULT_VERSION[imp]
                            todo.append(imp)
            o.set_versions(v)
        else:
            try:
                arch = parse_arch(spec)
            except ArchError as e:
                raise AsmError(str(e)) from None
            o.set_versions(dict(arch.versions))
        if o.rvc:
            self.rvc_seen = True

    def d_attribute(self, asm, args):
        self._cache.clear()
        parts = asm.split_args(args)
        if len(parts) != 2:
            raise AsmError("expected comma after attribute name" if len(parts) < 2 else
                           "junk at end of line")
        name = parts[0].strip()
        low = name.lower()
        if low.startswith("tag_riscv_"):
            low = low[10:]
        if low in ATTR_TAGS:
            tag, is_str = ATTR_TAGS[low]
        else:
            try:
                tag = asm.abs_expr(name)
            except AsmError:
                raise AsmError(f"attribute name not recognised: {name}") from None
            if tag < 0:
                raise AsmError("expected <tag> , <value>")
            # GNU as keeps tags and integer values as 32-bit unsigned ints; odd tags are strings
            tag &= 0xFFFFFFFF
            is_str = (tag & 1) == 1
        val = parts[1].strip()
        if is_str:
            if not val.startswith('"'):
                raise AsmError("bad string constant")
            from toolchain.asm.expr import parse_string
            b, _ = parse_string(val, 0)
            s = b.decode("latin-1")
            if tag == 5:
                try:
                    arch = parse_arch(s)
                except ArchError as e:
                    raise AsmError(str(e)) from None
                s = arch.canonical
                self.arch_attr = s
                o = self.opt
                o.set_versions(dict(arch.versions))
                if o.rvc:
                    self.rvc_seen = True
            self.attrs[tag] = s
        else:
            self.attrs[tag] = asm.abs_expr(val) & 0xFFFFFFFF

    def _dtprel(self, asm, args, size):
        kind = "R_RISCV_TLS_DTPREL32" if size == 4 else "R_RISCV_TLS_DTPREL64"
        for a in asm.split_args(args):
            asm.emit_value(size, asm.expr(a), kind)

    def d_variant_cc(self, asm, args):
        s = asm.symbol(args.strip())
        s.other |= 0x80     # STO_RISCV_VARIANT_CC

    def d_insn(self, asm, args):
        # .insn with a raw value: ".insn 0x13" / ".insn 4, 0x13"
        parts = asm.split_args(args)
        if len(parts) == 1 or (len(parts) == 2 and parts[0].strip().isdigit()):
            v = asm.abs_expr(parts[-1])
            n = int(parts[0]) if len(parts) == 2 else (2 if (v & 3) != 3 else 4)
            self._map("x")
            asm.emit_insn((v & ((1 << (8 * n)) - 1)).to_bytes(n, "little"))
            return
        raise AsmError(f"unrecognized .insn format")

    # -- alignment ----------------------------------------------------------------------------
    def d_p2align(self, asm, args):
        self._align(asm, args, True)

    def d_balign(self, asm, args):
        self._align(asm, args, False)

    def _align(self, asm, args, p2):
        align, fill, maxskip = asm.parse_align(args, p2)
        sec = asm.sec
        o = self.opt
        min_insn = 2 if o.rvc else 4
        if sec.flags & C.SHF_EXECINSTR and fill is None and align > min_insn:
            self._map("x")
        if sec.flags & C.SHF_EXECINSTR and o.relax and fill is None and align > min_insn \
                and not maxskip:
            worst = align - min_insn
            asm.fill_room(worst)        # the object size limit before any byte is built
            asm.record_alignment(align)
            pad = (NOP2 if worst % 4 else b"") + NOP4 * (worst // 4)
            self._ob_grow(len(pad))
            frag = asm.frag
            off = len(asm.data)
            asm.emit(bytes(pad))
            asm.add_fixup(frag, off, 0, Value(worst), True, "R_RISCV_ALIGN")
            # GNU as starts a new frag after the padding the linker may remove
            self._split()
            return
        asm.align(align, fill, maxskip, 1)

    def nop_fill(self, n, addr=0, nops_directive=False):
        out = bytearray()
        if n % 2:
            out += bytes(n % 2)
            n -= n % 2
        if n % 4:
            out += NOP2
            n -= 2
        out += NOP4 * (n // 4)
        return bytes(out)

    # -- mapping symbols ------------------------------------------------------------------------
    def _map(self, kind):
        asm = self.asm
        sec = asm.sec
        st = self.map_state.get(sec)
        if kind == "x":
            arch = self.opt.arch
            if st == "x" and self.map_arch.get(sec) == arch:
                return
            name = "$x" + arch if self.map_arch.get(sec) != arch else "$x"
            self.map_arch[sec] = arch
        else:
            if st == "d" or st is None and False:
                return
            if st == "d":
                return
            name = "$d"
        self.map_state[sec] = kind
        s = Sym(name, temp=False)
        s.frag = asm.frag
        s.offset = len(asm.data)
        s.section = sec
        s.defined = True
        s.bind = C.STB_LOCAL
        asm.sym_order.append(s)
        self._chain_add(s)

    # -- instructions -------------------------------------------------------------------------------
    def encode(self, mnemonic, operands):
        """One statement from its text (the core's line reader)."""
        self._encode((mnemonic, operands), mnemonic, operands, None)

    def encode_ops(self, mnemonic, ops):
        """One instruction from its mnemonic and operand objects (``isa.Reg``, int,
        ``isa.Ref``, ``isa.MemOp``, keyword str): pycc's object hand-off. The same encoder,
        RVC compression, relaxable branches and fixups as the text path."""
        self._encode((mnemonic, tuple(ops)), mnemonic, None, ops)

    def _encode(self, key, mnemonic, operands, objs):
        asm = self.asm
        hit = self._cache.get(key)
        if hit is not None:
            # a statement seen before whose bytes depend only on its text and the options
            if self.map_state.get(asm.sec) != "x" or \
                    self.map_arch.get(asm.sec) != self.opt.arch:
                self._map("x")
            for b in hit[0]:
                self._ob_grow(len(b))
                asm.emit_insn(b)
                if hit[1] and len(b) == 4 and b[0] & 0x5F == 0x17:
                    self._split()
            return
        self._used_expr = False
        # the mapping symbol comes before the symbols the operands mention (as in GNU as)
        if self.map_state.get(asm.sec) != "x" or self.map_arch.get(asm.sec) != self.opt.arch:
            self._map("x")
        try:
            if objs is None:
                pieces = self.enc.encode(mnemonic, operands)
            else:
                pieces = self.enc.encode_ops(mnemonic, objs)
        except isa.AsmError as e:
            if getattr(e, "bad_expression", False):
                asm.error("bad expression")
            raise AsmError(str(e)) from None
        except isa.NoMatch:
            if operands is None:
                operands = ",".join(isa.fmt_operand(o) for o in objs)
            raise AsmError(f"illegal operands `{mnemonic} {operands}'") from None
        if not self._used_expr and len(self._cache) < 200000:
            for p in pieces:
                if type(p) is not isa.Insn or p.fixups:
                    break
            else:
                datas = tuple(p.data for p in pieces)
                split = any(len(b) == 4 and b[0] & 0x5F == 0x17 for b in datas)
                self._cache[key] = (datas, split)
                for b in datas:
                    self._ob_grow(len(b))
                    asm.emit_insn(b)
                    if split and len(b) == 4 and b[0] & 0x5F == 0x17:
                        self._split()
                return
        pending = None
        for p in pieces:
            if type(p) is isa.Insn:
                fx = None
                if p.fixups:
                    fx = []
                    for f in p.fixups:
                        v = f.expr
                        if type(v) is object:
                            v = Value(0, pending)
                        elif isinstance(v, int):
                            # a constant: GNU as resolves an absolute %hi/%lo; a pc-relative
                            # operator keeps a relocation without symbol; a TLS one is wrong
                            if f.rtype in _TLS_HI_LO:
                                raise AsmError("TLS relocation against a constant")
                            pc = f.rtype in _PCREL_HI_LO
                            fx.append((f.offset, 4, Value(v), pc, f.rtype))
                            continue
                        fx.append((f.offset, 4, v, False, f.rtype))
                        if f.relax:
                            # GNU as gives the marker the addend of the relocation it marks
                            fx.append((f.offset, 0, Value(v.const if v.add is not None else 0),
                                       True, "R_RISCV_RELAX"))
                self._ob_grow(len(p.data))
                asm.emit_insn(p.data, fx)
                if fx is not None and p.fixups[0].rtype in _SPLIT_AFTER or \
                        fx is None and len(p.data) == 4 and p.data[0] & 0x5F == 0x17:
                    self._split()
            elif type(p) is isa.Label:
                s = Sym(".L0 ", temp=True)
                s.frag = asm.frag
                s.offset = len(asm.data)
                s.section = asm.sec
                s.defined = True
                s.bind = C.STB_LOCAL
                asm.sym_order.append(s)
                pending = s
            else:
                t = p.target
                if isinstance(t, int):
                    t = Value(t)
                p.target = t
                if asm.dwarf.pending is not None:
                    asm.dwarf.emit_row()
                self._ob_grow(8)       # GNU as reserves the worst case of any branch
                asm.emit_relax(b"", None, p)
                self._ob_newfrag()

    def _split(self, model=True):
        """GNU as starts a new frag after instructions the linker may relax away (and after
        any 4-byte lui/auipc, whose operand carries a HI20 relocation type even when
        constant), so that nothing (CFI advances) is computed statically across them."""
        self.asm.close_frag()
        if model:
            self._ob_newfrag()

    # GNU as keeps the fragments of a section in obstack chunks: a fragment (a 112-byte
    # header, then its bytes; the next one starts 8 bytes on, 8-aligned) that would not fit in
    # the 4040 bytes of its chunk is closed and a new one starts in a new chunk (constants
    # measured on riscv64-linux-gnu-as 2.40). Those boundaries decide which CFI advances stay
    # symbolic, so the same boundaries are made here (in code sections).
    def _ob_grow(self, n):
        asm = self.asm
        k = (asm.sec, asm.subsec)
        used = self._ob.get(k)
        if used is None:
            used = _OB_HDR
        if _OB_ROOM - used < n:
            if asm.sec.flags & C.SHF_EXECINSTR:
                self._split(False)
            used = _OB_HDR
        self._ob[k] = used + n

    def _ob_newfrag(self):
        asm = self.asm
        k = (asm.sec, asm.subsec)
        used = (self._ob.get(k, _OB_HDR) + 15) & ~7
        if used + _OB_HDR > _OB_ROOM:
            used = 0
        self._ob[k] = used + _OB_HDR

    def _branch_disp(self, br, frag, addr):
        """Displacement to the branch target if it is a defined, non-weak symbol of the same
        section, else None."""
        v = br.target
        asm = self.asm
        if v.sub is not None or v.mod is not None:
            return None
        a = v.add
        if a is None:
            return None
        if a.expr is not None:
            v = asm._resolve_value(v)
            a = v.add
            if a is None or v.sub is not None:
                return None
        if not a.defined or a.frag is None or a.section is not frag.section or \
                a.bind == C.STB_WEAK:
            return None
        return a.frag.addr + a.offset + v.const - addr

    def relax_initial(self, frag):
        """GNU as's first size estimate: made in address order, when fragments after this one
        still have address 0 (so a forward target looks like it is at its offset in its
        fragment). Branches that have two consistent sizes end up as GNU as picks them."""
        br = frag.var
        addr = frag.addr + len(frag.data)
        v = br.target
        a = v.add
        if a is not None and a.expr is not None:
            v = self.asm._resolve_value(v)
            a = v.add
        if a is None or v.sub is not None or v.mod is not None or not a.defined or \
                a.frag is None or a.section is not frag.section or a.bind == C.STB_WEAK:
            return isa.branch_size(br, None)
        tf = a.frag
        base = tf.addr if (tf is frag or tf.seq < frag.seq) else 0
        return isa.branch_size(br, base + a.offset + v.const - addr)

    def relax_size(self, frag, addr):
        return isa.branch_size(frag.var, self._branch_disp(frag.var, frag, addr))

    def relax_plan(self, frag):
        """isa.branch_size's rule for the relaxation loop: a constant when the target is not a
        defined local label of this section, else its two reaches and the far size."""
        br = frag.var
        t = self._branch_target(frag)
        if t is False:
            return isa.branch_size(br, None)
        jump = br.kind == "jal"
        reach = (isa.RVC_JUMP_REACH if jump else isa.RVC_BRANCH_REACH) if br.rvc else 0
        far = 4 if jump else 6 if br.rvc else 8
        return (t[0], t[1], -reach, reach, 2, -isa.BRANCH_REACH, isa.BRANCH_REACH, 4, far)

    def _branch_target(self, frag):
        """(fragment, offset) of a relaxable branch's target, or False when _branch_disp
        gives None."""
        v = frag.var.target
        if v.sub is not None or v.mod is not None:
            return False
        a = v.add
        if a is None:
            return False
        if a.expr is not None:
            v = self.asm._resolve_value(v)
            a = v.add
            if a is None or v.sub is not None:
                return False
        if not a.defined or a.frag is None or a.section is not frag.section or \
                a.bind == C.STB_WEAK:
            return False
        return (a.frag, a.offset + v.const)

    def relax_finish(self, frag):
        br = frag.var
        size = frag.varsize
        P = frag.addr + len(frag.data)
        v = br.target
        d = self._branch_disp(br, frag, P)
        if d is None:
            # GNU as leaves S + A - P in the field, with S = 0 for a symbol it cannot resolve
            w = self.asm._resolve_value(v) if v.add is not None and v.add.expr is not None else v
            d = w.const - P
            if w.add is not None and w.add.defined and w.add.frag is not None and \
                    w.add.section is frag.section:
                d += w.add.frag.addr + w.add.offset
        b, fixes = isa.branch_bytes(br, size, d)
        off = len(frag.data)
        frag.data += b
        for o, name in fixes:
            self.asm.add_fixup(frag, off + o, 4 if name in ("R_RISCV_BRANCH", "R_RISCV_JAL")
                               else 2, v, True, name)

    # -- fixups --------------------------------------------------------------------------------
    def data_fixup_kind(self, size, value):
        return _DATA.get(size, "R_RISCV_64")

    def pcrel_local_resolvable(self, fix, sym):
        k = fix.kind
        if k in ("R_RISCV_RELAX", "R_RISCV_ALIGN"):
            return False
        if k in _BRANCHY:
            return False
        # GNU as keeps pc-relative relocations even under .option norelax
        return False

    def reloc_type(self, fix, value):
        k = fix.kind
        if k is None:
            k = fix.kind = _DATA.get(fix.size, "R_RISCV_64")
        if k == "R_RISCV_32" and fix.pcrel:
            return RELOCS["R_RISCV_32_PCREL"].num
        t = RELOCS.by_name.get(k)
        if t is None:
            raise AsmError(f"internal: unknown fixup kind {k}")
        return t.num

    def fix_adjustable(self, fix, rtype):
        return False

    def inplace_addend(self, fix, rtype, addend):
        """What GNU as leaves in the field of a relocated instruction: the addend's %hi/%lo
        part for absolute HI20/LO12, addend >> 12 for TPREL_HI20, nothing otherwise."""
        k = fix.kind
        if k in ("R_RISCV_HI20", "R_RISCV_LO12_I", "R_RISCV_LO12_S", "R_RISCV_TLS_DTPREL32",
                 "R_RISCV_TLS_DTPREL64"):
            return addend
        if k == "R_RISCV_TPREL_HI20":
            return (addend >> 12) << 12
        return None

    def apply_fixup(self, fix, value):
        if value is None:
            return None
        k = fix.kind
        if k is None:
            if fix.pcrel:
                size = fix.size
                lim = 1 << (8 * size)
                fix.frag.data[fix.off:fix.off + size] = (value & (lim - 1)).to_bytes(size,
                                                                                     "little")
                return None
            k = fix.kind = _DATA.get(fix.size, "R_RISCV_64")
        if k in ("R_RISCV_RELAX", "R_RISCV_ALIGN"):
            return None
        t = RELOCS.by_name.get(k)
        if t is None or t.apply is None:
            return None
        if k in ("R_RISCV_SET8", "R_RISCV_SET16") or k == "R_RISCV_32" or k == "R_RISCV_64":
            size = t.size
            lim = 1 << (8 * size)
            if not -lim // 2 <= value < lim:
                self.asm.warning(f"value 0x{value & 0xFFFFFFFFFFFFFFFF:x} truncated to "
                                 f"0x{value & (lim - 1):x}")
            fix.frag.data[fix.off:fix.off + size] = (value & (lim - 1)).to_bytes(size, "little")
            return None
        return t.apply(fix.frag.data, fix.off, value)

    def diff_needs_reloc(self, a, b, final):
        # Only data fixups keep label differences symbolic; .size/.org/.space and other
        # end-of-assembly evaluations fold.
        if final:
            return False
        sec = a.section
        return bool(self.linkrelax and sec is not None and not isinstance(sec, str) and
                    sec.flags & C.SHF_EXECINSTR)

    def symbolic_difference(self, fix, value, sec):
        from toolchain.elf.objfile import Reloc
        size = fix.size
        add = _ADD.get(size)
        sub = _SUB.get(size)
        if add is None:
            raise AsmError("can't resolve difference of symbols")
        a, b = value.add, value.sub
        a.used_reloc = True
        b.used_reloc = True
        P = fix.frag.addr + fix.off
        return [Reloc(P, RELOCS[add].num, a, value.const), Reloc(P, RELOCS[sub].num, b, 0)]

    # -- the end ---------------------------------------------------------------------------------
    def finish(self):
        asm = self.asm
        # every section gets its section symbol, as GNU as does for RISC-V
        cur = (asm.sec, asm.subsec)
        asm.text_sec.align = max(asm.text_sec.align, 2 if self.initial_rvc else 4)
        from . import cfi
        cfi.create_section(asm)
        sec = asm.get_section(".riscv.attributes", C.SHT_RISCV_ATTRIBUTES, 0)
        asm.set_section(sec, 0)
        asm.emit(self.attributes_bytes())
        asm.set_section(*cur)
        for s in asm.section_list:
            s.sym.used_reloc = True

    def attributes_bytes(self) -> bytes:
        attrs = dict(self.attrs)
        if self.enc.priv_used and 8 not in attrs and 10 not in attrs:
            # a privileged CSR was named: GNU as records its default privileged spec, 1.11
            attrs[8] = 1
            attrs[10] = 11
        if getattr(self, "emit_arch_attr", True) or 5 in attrs:
            # GNU as records the ISA in effect at the end of the file
            attrs[5] = self.opt.arch
        body = bytearray()
        for tag in sorted(attrs):
            v = attrs[tag]
            if tag < 2 or (v == 0 and not isinstance(v, str)):
                continue        # GNU as never writes tags 0 and 1 (Tag_File)
            body += _uleb(tag)
            if isinstance(v, str):
                body += v.encode("latin-1") + b"\0"
            else:
                body += _uleb(v)
        sub = bytearray(b"\x01") + (len(body) + 5).to_bytes(4, "little") + body
        vendor = b"riscv\0"
        sec = bytearray(b"A") + (len(sub) + len(vendor) + 4).to_bytes(4, "little") + vendor + sub
        return bytes(sec)

    def elf_flags(self) -> int:
        return self.float_abi | (EF_RISCV_RVC if self.rvc_seen else 0)

    def generate_frames(self):
        from . import cfi
        asm = self.asm
        eh = cfi.take_eh_fdes(asm)
        asm.cfi.generate()
        cfi.generate(asm, self, eh)
        # GNU as pads the end of code sections with zeros to their alignment (after the
        # line table took the end of each sequence)
        cur2 = (asm.sec, asm.subsec)
        prev = asm.prev_section
        for s in asm.section_list:
            if s.flags & C.SHF_EXECINSTR and s.align > 1 and s.subsecs:
                asm.set_section(s, max(s.subsecs))
                # zeros with linker relaxation, nops without
                asm.align(s.align, 0 if self.opt.relax else None, 0, 1)
        asm.set_section(*cur2)
        asm.prev_section = prev
        self._scan_fixups()

    # -- CFI -------------------------------------------------------------------------------------
    def cfi_initial_instructions(self):
        # GNU as: DW_CFA_def_cfa_register sp (the CFA offset starts at 0)
        return [("def_cfa_register", 2)]

    def dwarf_regno(self, text):
        t = text.strip()
        if t in isa.XREGS:
            return isa.XREGS[t]
        if t in isa.FREGS:
            return 32 + isa.FREGS[t]
        return int(t, 0)


def _index_key(e):
    return e.index


def _place(new, k, ph_sym):
    """Put a chain entry in the new chain: a placeholder as the label made where it stands
    (a sealed function's CFI position: the one the frame writer made), if any."""
    t = type(k)
    if t is _Placeholder or t is SealedLoc:
        k = k.sym if t is SealedLoc and k.frag is not None else ph_sym.get(k)
        if k is None:
            return
    if k.index != 2:          # (the rebuilt chain's mark)
        k.index = 2
        new.append(k)


def _frags(sec):
    """A section's fragments in order (``sec.frags`` is made only at layout)."""
    return [f for k in sorted(sec.subsecs) for f in sec.subsecs[k]]


def _uleb(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def make_target(asm):
    return Target(asm)
