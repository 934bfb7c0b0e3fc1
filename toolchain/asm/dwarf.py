"""DWARF the assembler writes itself: ``.cfi_*`` -> ``.eh_frame`` and ``.file``/``.loc`` ->
``.debug_line``, laid out as GNU as does.

Both are generated after the other sections are relaxed (their contents depend on code
addresses, never the other way round), as fixed fragments plus fixups that the core resolves
like any other (pc-relative references to the code become relocations against the section).
"""
from __future__ import annotations

from ..elf import constants as C
from .assembler import AsmError, Frag, Fixup, Sym, leb128
from .expr import Value, parse_string

DW_CFA_advance_loc = 0x40
DW_CFA_offset = 0x80
DW_CFA_restore = 0xC0
DW_CFA_nop = 0
DW_CFA_set_loc = 1
DW_CFA_advance_loc1 = 2
DW_CFA_advance_loc2 = 3
DW_CFA_advance_loc4 = 4
DW_CFA_offset_extended = 5
DW_CFA_restore_extended = 6
DW_CFA_undefined = 7
DW_CFA_same_value = 8
DW_CFA_register = 9
DW_CFA_remember_state = 0xA
DW_CFA_restore_state = 0xB
DW_CFA_def_cfa = 0xC
DW_CFA_def_cfa_register = 0xD
DW_CFA_def_cfa_offset = 0xE
DW_CFA_def_cfa_expression = 0xF
DW_CFA_expression = 0x10
DW_CFA_offset_extended_sf = 0x11
DW_CFA_def_cfa_sf = 0x12
DW_CFA_def_cfa_offset_sf = 0x13
DW_CFA_val_offset = 0x14
DW_CFA_val_offset_sf = 0x15
DW_CFA_val_expression = 0x16
DW_CFA_GNU_window_save = 0x2D
DW_CFA_GNU_args_size = 0x2E

# instructions after which a CIE can no longer absorb an FDE's leading instructions
_CIE_STOP = ("advance", "advance_by", "remember_state", "escape", "label",
             "val_encoded_addr")


# an FDE's (.eh_frame?, .debug_frame?) pair, shared
_SECTION_PAIRS = {(a, b): (a, b) for a in (False, True) for b in (False, True)}


def _uleb(v):
    return leb128(v, False)


def _sleb(v):
    return leb128(v, True)


class _Loc:
    """A code position: fragment + offset (an address after layout)."""
    __slots__ = ("frag", "offset")

    def __init__(self, frag, offset):
        self.frag = frag
        self.offset = offset

    @property
    def addr(self):
        return self.frag.addr + self.offset


class FDE:
    __slots__ = ("start", "end", "insns", "personality", "per_enc", "lsda", "lsda_enc",
                 "signal", "ra_column", "section", "last", "cfa_offset", "state_stack",
                 "sections", "loc", "b_key")

    def __init__(self):
        self.insns = []
        self.personality = None
        self.per_enc = 0xFF
        self.lsda = None
        self.lsda_enc = 0xFF
        self.signal = False
        self.b_key = False         # AArch64 .cfi_b_key_frame: "B" in the CIE augmentation
        self.ra_column = None
        self.end = None
        self.state_stack = []
        self.cfa_offset = 0


class SealedFDE:
    """The CFI record of finished code (toolchain.asm.seal): the code range as offsets in
    its section's fixed fragment, the instructions with distances as numbers, and what it
    shares with FDEs like it (CIE choice: return column, personality, LSDA...) in one
    interned tuple. Read by ``CFI.generate`` as an FDE: 80 bytes instead of about 260."""
    __slots__ = ("frag", "start_off", "end_off", "insns", "attrs")

    def __init__(self, frag, start_off, end_off, insns, attrs):
        self.frag = frag
        self.start_off = start_off
        self.end_off = end_off
        self.insns = insns
        self.attrs = attrs

    @staticmethod
    def attrs_of(f) -> tuple:
        return (f.ra_column, f.signal, f.b_key, f.per_enc, f.personality, f.lsda_enc, f.lsda,
                f.sections)

    start = property(lambda self: _Loc(self.frag, self.start_off))
    end = property(lambda self: _Loc(self.frag, self.end_off))
    section = property(lambda self: self.frag.section)
    ra_column = property(lambda self: self.attrs[0])
    signal = property(lambda self: self.attrs[1])
    b_key = property(lambda self: self.attrs[2])
    per_enc = property(lambda self: self.attrs[3])
    personality = property(lambda self: self.attrs[4])
    lsda_enc = property(lambda self: self.attrs[5])
    lsda = property(lambda self: self.attrs[6])
    sections = property(lambda self: self.attrs[7])


class CFI:
    def __init__(self, asm):
        self.asm = asm
        self.cur = None
        self.fdes = []
        self.sections_eh = True
        self.sections_debug = False

    @staticmethod
    def directive_table():
        names = ["startproc", "endproc", "def_cfa", "def_cfa_offset", "adjust_cfa_offset",
                 "def_cfa_register", "offset", "rel_offset", "restore", "undefined",
                 "same_value", "register", "remember_state", "restore_state", "escape",
                 "personality", "lsda", "signal_frame", "window_save", "return_column",
                 "sections", "val_offset", "negate_ra_state", "label", "val_encoded_addr",
                 "b_key_frame", "mte_tagged_frame", "gnu_args_size", "fde_data",
                 "personality_id", "inline_lsda", "llvm_def_aspace_cfa", "offset_extended"]
        d = {}
        for n in names:
            fn = getattr(CFI, "d_" + n, None)
            if fn is None:
                continue

            def h(asm, args, _fn=fn):
                _fn(asm.cfi, args)
            d[".cfi_" + n] = h
        return d

    # -- recording ---------------------------------------------------------------------------
    def _need(self):
        if self.cur is None:
            raise AsmError("CFI instruction used without previous .cfi_startproc")
        return self.cur

    def _here(self):
        a = self.asm
        return _Loc(a.frag, len(a.data))

    def _add(self, *insn):
        f = self._need()
        a = self.asm
        last = f.last
        if last.frag is not a.frag or last.offset != len(a.data):
            here = self._here()
            f.insns.append(("advance", last, here))
            f.last = here
        f.insns.append(insn)

    def _reg(self, text):
        t = text.strip()
        if not t:
            raise AsmError("missing register")
        try:
            return self.asm.target.dwarf_regno(t)
        except AsmError:
            raise
        except Exception:
            raise AsmError(f"bad register expression") from None

    def _args(self, args, n):
        parts = self.asm.split_args(args)
        if len(parts) != n or any(not p for p in parts):
            raise AsmError("missing separator" if len(parts) < n else
                           "junk at end of line")
        return parts

    def d_startproc(self, args):
        if self.cur is not None:
            raise AsmError("previous CFI entry not closed (missing .cfi_endproc)")
        f = FDE()
        f.start = self._here()
        f.last = f.start
        f.section = self.asm.sec
        f.loc = (self.asm.file, self.asm.line)
        f.sections = _SECTION_PAIRS[self.sections_eh, self.sections_debug]
        self.cur = f
        if args.strip() != "simple":
            for insn in self.asm.target.cfi_initial_instructions():
                f.insns.append(insn)
                if insn[0] == "def_cfa":
                    f.cfa_offset = insn[2]

    def d_endproc(self, args):
        f = self._need()
        f.end = self._here()
        self.fdes.append(f)
        self.cur = None

    def d_def_cfa(self, args):
        r, o = self._args(args, 2)
        f = self._need()
        off = self.asm.abs_expr(o)
        self._add("def_cfa", self._reg(r), off)
        f.cfa_offset = off

    def d_def_cfa_offset(self, args):
        f = self._need()
        off = self.asm.abs_expr(args)
        self._add("def_cfa_offset", off)
        f.cfa_offset = off

    def d_adjust_cfa_offset(self, args):
        f = self._need()
        off = f.cfa_offset + self.asm.abs_expr(args)
        self._add("def_cfa_offset", off)
        f.cfa_offset = off

    def d_def_cfa_register(self, args):
        self._add("def_cfa_register", self._reg(args))

    def d_offset(self, args):
        r, o = self._args(args, 2)
        self._add("offset", self._reg(r), self.asm.abs_expr(o))

    def d_val_offset(self, args):
        r, o = self._args(args, 2)
        self._add("val_offset", self._reg(r), self.asm.abs_expr(o))

    def d_rel_offset(self, args):
        r, o = self._args(args, 2)
        f = self._need()
        self._add("offset", self._reg(r), self.asm.abs_expr(o) - f.cfa_offset)

    def d_restore(self, args):
        for r in self.asm.split_args(args):
            self._add("restore", self._reg(r))

    def d_undefined(self, args):
        for r in self.asm.split_args(args):
            self._add("undefined", self._reg(r))

    def d_same_value(self, args):
        self._add("same_value", self._reg(args))

    def d_register(self, args):
        r1, r2 = self._args(args, 2)
        self._add("register", self._reg(r1), self._reg(r2))

    def d_remember_state(self, args):
        f = self._need()
        self._add("remember_state")
        f.state_stack.append(f.cfa_offset)

    def d_restore_state(self, args):
        f = self._need()
        if not f.state_stack:
            raise AsmError("CFI state restore without previous remember")
        self._add("restore_state")
        f.cfa_offset = f.state_stack.pop()

    def d_window_save(self, args):
        self._add("window_save")

    d_negate_ra_state = d_window_save

    def d_gnu_args_size(self, args):
        self._add("escape", bytes([DW_CFA_GNU_args_size]) + _uleb(self.asm.abs_expr(args)))

    def d_escape(self, args):
        b = bytes(self.asm.abs_expr(p) & 0xFF for p in self.asm.split_args(args))
        self._add("escape", b)

    def d_label(self, args):
        self._need()
        self.asm.define_label(args.strip())

    def d_signal_frame(self, args):
        self._need().signal = True

    def d_b_key_frame(self, args):
        self._need().b_key = True

    def d_return_column(self, args):
        self._need().ra_column = self._reg(args)

    def d_mte_tagged_frame(self, args):
        self._need()

    def _enc_sym(self, args):
        parts = self.asm.split_args(args)
        enc = self.asm.abs_expr(parts[0])
        if enc == 0xFF:
            return enc, None
        if len(parts) < 2:
            raise AsmError("missing separator")
        if (enc & 0x0F) not in (0, 2, 3, 4, 0xA, 0xB, 0xC) or enc & 0x60 not in (0, 0x10) \
                and enc & 0x70 != 0x10:
            raise AsmError("invalid or unsupported encoding in .cfi_personality")
        return enc, self.asm.eval_expr(self.asm.expr(parts[1]))

    def d_personality(self, args):
        f = self._need()
        f.per_enc, f.personality = self._enc_sym(args)

    def d_lsda(self, args):
        f = self._need()
        f.lsda_enc, f.lsda = self._enc_sym(args)

    def d_sections(self, args):
        parts = [p.strip() for p in self.asm.split_args(args)]
        self.sections_eh = ".eh_frame" in parts
        self.sections_debug = ".debug_frame" in parts

    def d_val_encoded_addr(self, args):
        raise AsmError(".cfi_val_encoded_addr is not supported")

    def d_fde_data(self, args):
        raise AsmError(".cfi_fde_data is not supported")

    def d_personality_id(self, args):
        raise AsmError(".cfi_personality_id is not supported")

    def d_inline_lsda(self, args):
        raise AsmError(".cfi_inline_lsda is not supported")

    def check_open(self):
        if self.cur is not None:
            f = self.cur
            self.asm.file, self.asm.line = f.loc
            self.asm.error("open CFI at the end of file; missing .cfi_endproc directive")
            self.cur = None

    # -- output ------------------------------------------------------------------------------
    def _insn_bytes(self, insn, data_align, code_align):
        op = insn[0]
        if op == "advance" or op == "advance_by":
            # ("advance", from, to): code positions; ("advance_by", distance): the same
            # once the code is finished (toolchain.asm.seal)
            delta = (insn[2].addr - insn[1].addr if op == "advance" else insn[1]) // code_align
            if delta == 0:
                return b""
            if delta < 0x40:
                return bytes([DW_CFA_advance_loc | delta])
            if delta < 0x100:
                return bytes([DW_CFA_advance_loc1, delta])
            if delta < 0x10000:
                return bytes([DW_CFA_advance_loc2]) + delta.to_bytes(2, "little")
            return bytes([DW_CFA_advance_loc4]) + (delta & 0xFFFFFFFF).to_bytes(4, "little")
        if op == "def_cfa":
            reg, off = insn[1], insn[2]
            if off < 0:
                return bytes([DW_CFA_def_cfa_sf]) + _uleb(reg) + _sleb(off // data_align)
            return bytes([DW_CFA_def_cfa]) + _uleb(reg) + _uleb(off)
        if op == "def_cfa_offset":
            off = insn[1]
            if off < 0:
                return bytes([DW_CFA_def_cfa_offset_sf]) + _sleb(off // data_align)
            return bytes([DW_CFA_def_cfa_offset]) + _uleb(off)
        if op == "def_cfa_register":
            return bytes([DW_CFA_def_cfa_register]) + _uleb(insn[1])
        if op == "offset":
            reg = insn[1]
            off = int(insn[2] / data_align)
            if off < 0:
                return bytes([DW_CFA_offset_extended_sf]) + _uleb(reg) + _sleb(off)
            if reg < 64:
                return bytes([DW_CFA_offset | reg]) + _uleb(off)
            return bytes([DW_CFA_offset_extended]) + _uleb(reg) + _uleb(off)
        if op == "val_offset":
            reg = insn[1]
            off = int(insn[2] / data_align)
            if off < 0:
                return bytes([DW_CFA_val_offset_sf]) + _uleb(reg) + _sleb(off)
            return bytes([DW_CFA_val_offset]) + _uleb(reg) + _uleb(off)
        if op == "restore":
            reg = insn[1]
            if reg < 64:
                return bytes([DW_CFA_restore | reg])
            return bytes([DW_CFA_restore_extended]) + _uleb(reg)
        if op == "undefined":
            return bytes([DW_CFA_undefined]) + _uleb(insn[1])
        if op == "same_value":
            return bytes([DW_CFA_same_value]) + _uleb(insn[1])
        if op == "register":
            return bytes([DW_CFA_register]) + _uleb(insn[1]) + _uleb(insn[2])
        if op == "remember_state":
            return bytes([DW_CFA_remember_state])
        if op == "restore_state":
            return bytes([DW_CFA_restore_state])
        if op == "window_save":
            return bytes([DW_CFA_GNU_window_save])
        if op == "escape":
            return insn[1]
        raise AsmError(f"unsupported CFI instruction {op}")

    @staticmethod
    def _same_insn(i, j):
        if i[0] != j[0]:
            return False
        return i[1:] == j[1:]

    def generate(self):
        fdes = [f for f in self.fdes if f.sections[0]]
        if not fdes:
            return
        asm = self.asm
        t = asm.target
        sec = asm.sections.get((".eh_frame", None, None))
        if sec is None:
            flags = C.SHF_ALLOC | (C.SHF_WRITE if getattr(t, "eh_frame_writable", False) else 0)
            sec = asm.get_section(".eh_frame", getattr(t, "eh_frame_type", C.SHT_PROGBITS),
                                  flags)
        asm.set_section(sec, 0)
        # eh_frame is 8-aligned on 64-bit targets (4 on 32-bit)
        align = 8 if t.address_size == 8 else 4
        asm.align(align)
        # GNU as pads each CIE/FDE to 4 bytes and the last FDE's end to 8 (targets opt in
        # with eh_frame_entry_align; the position is tracked from the aligned start)
        entry_align = getattr(t, "eh_frame_entry_align", None)
        self._eh_pos = 0 if entry_align else None
        last_align = align
        if entry_align:
            align = entry_align
        data_align = t.cfi_data_align
        code_align = t.cfi_code_align
        cies = []      # (key, first_insns, cie_loc_sym)
        for f in fdes:
            ra = f.ra_column if f.ra_column is not None else t.cfi_ra_column
            # select or make a CIE
            chosen = None
            start_idx = 0
            for cie in reversed(cies):
                (cra, csig, cper_enc, cper, clsda_enc), cinsns, csym = cie
                if (cra, csig, cper_enc, clsda_enc) != (ra, (f.signal, f.b_key), f.per_enc,
                                                        f.lsda_enc):
                    continue
                if not _same_personality(cper, f.personality):
                    continue
                if len(cinsns) > len(f.insns):
                    continue
                ok = True
                for k, j in enumerate(cinsns):
                    i = f.insns[k]
                    if i[0] in _CIE_STOP or not self._same_insn(i, j):
                        ok = False
                        break
                if not ok:
                    continue
                chosen = cie
                start_idx = len(cinsns)
                break
            if chosen is None:
                n = 0
                while n < len(f.insns) and f.insns[n][0] not in _CIE_STOP:
                    n += 1
                csym = self._emit_cie(ra, f, f.insns[:n], data_align, code_align, 4)
                chosen = ((ra, (f.signal, f.b_key), f.per_enc, f.personality, f.lsda_enc),
                          f.insns[:n],
                          csym)
                cies.append(chosen)
                start_idx = n
            self._emit_fde(f, chosen[2], f.insns[start_idx:], data_align, code_align,
                           last_align if entry_align and f is fdes[-1] else align)

    def _emit_cie(self, ra, f, insns, data_align, code_align, align):
        asm = self.asm
        start = asm.define_label_temp()
        body = bytearray()
        body += b"\0\0\0\0"      # CIE id
        version = 1 if ra < 256 else 3
        body.append(version)
        aug = "z"
        if f.per_enc != 0xFF:
            aug += "P"
        if f.lsda_enc != 0xFF:
            aug += "L"
        aug += "R"
        if f.signal:
            aug += "S"
        if f.b_key:
            aug += "B"
        body += aug.encode() + b"\0"
        body += _uleb(code_align)
        body += _sleb(data_align)
        if version == 1:
            body.append(ra)
        else:
            body += _uleb(ra)
        augdata = bytearray()
        per_fix = None
        if f.per_enc != 0xFF:
            augdata.append(f.per_enc)
            per_fix = len(augdata)
            augdata += bytes(_enc_size(f.per_enc))
        if f.lsda_enc != 0xFF:
            augdata.append(f.lsda_enc)
        augdata.append(asm.target.fde_encoding if hasattr(asm.target, "fde_encoding") else 0x1B)
        body += _uleb(len(augdata))
        aug_off = len(body)
        body += augdata
        for insn in insns:
            body += self._insn_bytes(insn, data_align, code_align)
        total = 4 + len(body)
        pad = (-total) % align
        if getattr(self, "_eh_pos", None) is not None:
            pad = (-(self._eh_pos + total)) % align
            self._eh_pos += total + pad
        body += bytes(pad)
        out = (len(body)).to_bytes(4, "little") + bytes(body)
        base = len(asm.data)
        asm.data += out
        if per_fix is not None:
            self._enc_fixup(base + 4 + aug_off + per_fix, f.per_enc, f.personality)
        return start

    def _enc_fixup(self, off, enc, value):
        asm = self.asm
        size = _enc_size(enc)
        pcrel = (enc & 0x70) == 0x10
        v = Value(value.const, value.add, value.sub, value.mod)
        asm.add_fixup(asm.frag, off, size, v, pcrel, asm.target.data_fixup_kind(size, v)
                      if not pcrel else None)

    def _emit_fde(self, f, cie_sym, insns, data_align, code_align, align):
        asm = self.asm
        t = asm.target
        base = len(asm.data)
        frag = asm.frag
        body = bytearray()
        # CIE pointer: distance from this field to the CIE start
        cie_ptr_addr_off = base + 4
        body += bytes(4)
        body += bytes(4)      # pc begin (pcrel sdata4)
        body += bytes(4)      # pc range
        augdata = bytearray()
        if f.lsda_enc != 0xFF:
            augdata += bytes(_enc_size(f.lsda_enc))
        body += _uleb(len(augdata))
        aug_off = len(body)
        body += augdata
        for insn in insns:
            body += self._insn_bytes(insn, data_align, code_align)
        total = 4 + len(body)
        if getattr(self, "_eh_pos", None) is not None:
            pad = (-(self._eh_pos + total)) % align
            self._eh_pos += total + pad
            body += bytes(pad)
        else:
            body += bytes((-total) % align)
        asm.data += len(body).to_bytes(4, "little") + bytes(body)
        # fixups: CIE pointer (resolved), pc begin, pc range. A difference within one
        # fragment (the CIE and this FDE; a function's code finished as a whole,
        # toolchain.asm.seal) is known now: patched at once, as the end would (no symbols
        # or fixups kept per function)
        if cie_sym.frag is frag:
            self._patch(frag, cie_ptr_addr_off, cie_ptr_addr_off - cie_sym.offset)
        else:
            here = Sym(".L0\x01", temp=True)
            here.frag = frag
            here.offset = cie_ptr_addr_off
            here.section = asm.sec
            here.defined = True
            asm.add_fixup(frag, cie_ptr_addr_off, 4, Value(0, here, cie_sym), False, None)
        sealer = asm.sealer
        if sealer is not None and sealer.fixed.get(f.section) is f.start.frag:
            # finished code, at address 0 of its fragment: the section symbol plus the
            # offset is the relocation a label there is adjusted to
            asm.add_fixup(frag, base + 8, 4, Value(f.start.offset, f.section.sym), True, None)
        else:
            startsym = _loc_sym(f.start, f.section)
            asm.add_fixup(frag, base + 8, 4, Value(0, startsym), True, None)
        if f.end.frag is f.start.frag:
            self._patch(frag, base + 12, f.end.offset - f.start.offset)
        else:
            endsym = _loc_sym(f.end, f.section)
            asm.add_fixup(frag, base + 12, 4, Value(0, endsym, _loc_sym(f.start, f.section)),
                          False, None)
        if f.lsda_enc != 0xFF:
            self._enc_fixup(base + 4 + aug_off, f.lsda_enc, f.lsda)


    def _patch(self, frag, off, value):
        """A 4-byte label difference known now, applied as fixup resolution applies it."""
        asm = self.asm
        err = asm.target.apply_fixup(Fixup(frag, off, 4, Value(value), False, None,
                                           (asm.file, asm.line)), value)
        if err:
            asm.error(err)


def _loc_sym(loc, section):
    s = Sym(".L0\x01", temp=True)
    s.frag = loc.frag
    s.offset = loc.offset
    s.section = section
    s.defined = True
    return s


def _same_personality(a, b):
    if a is None or b is None:
        return a is b
    return a.add is b.add and a.const == b.const and a.sub is b.sub


def _enc_size(enc):
    fmt = enc & 0x0F
    if fmt in (0x02, 0x0A):
        return 2
    if fmt in (0x03, 0x0B):
        return 4
    if fmt in (0x04, 0x0C):
        return 8
    return 8


class LineTable:
    """.file/.loc bookkeeping and the .debug_line program."""

    def __init__(self, asm):
        self.asm = asm
        self.files = {}          # number -> (dir, name, md5)
        self.pending = None      # (file, line, col, flags...) waiting for the next instruction
        self.rows = {}           # section -> list of rows
        self.loc_seen = False
        self.current = None
        self.used = False
        self.version = 5
        self.stmt = True
        self.auto_files = {}     # -g: file name -> number
        self.auto_last = None    # -g: (file, line) of the last instruction seen
        self.auto_version = 0    # -g: the line table's version (0: from .file 0)

    def auto_row(self, fname, line, code):
        """-g: a row for the instruction about to be emitted, at ``fname``:``line``. GNU as
        skips an instruction on the same line of the same file as the previous one (in any
        section) and rows outside code sections."""
        num = self.auto_files.get(fname)
        if num is None:
            num = self.auto_files[fname] = len(self.auto_files) + 1
            self.files[num] = (None, fname, None)
        key = (fname, line)
        if key == self.auto_last:
            return
        self.auto_last = key
        if not code:
            return
        if self.pending is not None:
            self.emit_row()
        self.pending = (num, line, 0, {"_stmt": True, "_gen": True})

    def label_hook(self, sym):
        pass

    def d_file(self, args):
        a = self.asm
        s = args.strip()
        if s.startswith('"'):
            name = parse_string(s, 0)[0].decode("utf-8", "surrogateescape")
            if a.gen_debug and a.inputs and not a.inputs[-1].macro:
                # GNU as: the logical file name (it counts once a line marker set the line)
                a.inputs[-1].dfile = name
            fs = Sym(name)
            fs.file = True
            a.file_syms.append(fs)
            return
        parts = s.split(None, 1)
        try:
            num = int(parts[0], 0)
        except ValueError:
            raise AsmError("file number invalid") from None
        if num < 0:
            raise AsmError("file number less than one")
        rest = parts[1] if len(parts) > 1 else ""
        strs = []
        pos = 0
        rest = rest.strip()
        md5 = None
        while rest:
            if rest.startswith('"'):
                b, end = parse_string(rest, 0)
                strs.append(b.decode("utf-8", "surrogateescape"))
                rest = rest[end:].strip()
            elif rest.startswith("md5"):
                rest = rest[3:].strip()
                j = 0
                while j < len(rest) and rest[j] not in " \t":
                    j += 1
                md5 = a.abs_expr(rest[:j])
                rest = rest[j:].strip()
            else:
                break
        if not strs:
            raise AsmError("missing string")
        if len(strs) == 1:
            d, n = None, strs[0]
        else:
            d, n = strs[0], strs[1]
        if a.gen_debug:
            # the source brings its own line info: GNU as drops what -g made so far
            a.gen_debug = 0
            self.files = {}
            self.rows = {}
            self.auto_files = {}
            self.pending = None
        self.files[num] = (d, n, md5)
        self.used = True

    def d_loc(self, args):
        a = self.asm
        parts = args.split()
        if not parts:
            raise AsmError("missing file number")
        try:
            fnum = int(parts[0], 0)
            line = int(parts[1], 0) if len(parts) > 1 else 0
        except ValueError:
            raise AsmError("bad .loc arguments") from None
        if fnum not in self.files and not (fnum == 0 and 1 in self.files):
            raise AsmError(f"unassigned file number {fnum}")
        col = 0
        i = 2
        if len(parts) > 2 and parts[2][0].isdigit():
            col = int(parts[2], 0)
            i = 3
        flags = {}
        while i < len(parts):
            k = parts[i]
            if k in ("basic_block", "prologue_end", "epilogue_begin"):
                flags[k] = 1
                i += 1
            elif k in ("is_stmt", "isa", "discriminator", "view"):
                if i + 1 >= len(parts):
                    raise AsmError(f"missing value for {k}")
                flags[k] = parts[i + 1]
                i += 2
            else:
                raise AsmError(f"unknown .loc sub-directive `{k}'")
        if "is_stmt" in flags:
            try:
                self.stmt = int(flags["is_stmt"], 0) != 0
            except ValueError:
                raise AsmError("bad is_stmt value") from None
        flags["_stmt"] = self.stmt
        if self.pending is not None:
            self.emit_row()
        self.pending = (fnum, line, col, flags)
        if "view" in flags:
            # GNU as emits a row with a view right away, where the directive is
            self.emit_row()
        self.used = True

    def emit_row(self):
        a = self.asm
        p = self.pending
        self.pending = None
        self.rows.setdefault(a.sec, []).append((a.frag, len(a.data), p))
        a.target.line_row_added(a.sec)

    def generate(self):
        if not self.rows and not self.files:
            return
        from . import dwarf_line
        dwarf_line.generate(self)
