"""Building the ELF object from the finished assembly: equates frozen, the symbol table
in GNU as order, sections, groups and relocations."""
from __future__ import annotations

from ..elf import constants as C
from ..elf.objfile import ObjectFile, Section, Symbol
from .evaluate import _MASK64
from .model import ABS, AsmError, AsmSection, COMMON, Sym, plain_key
from .sections import _LAZY_SECTION_SYMBOLS

_SIGN64 = 1 << 63


class ObjectMixin:
    """The ELF object of a finished assembly."""

    def _freeze_equates(self) -> None:
        """Equated symbols whose value is now a label plus a constant become labels there
        (GNU as then treats them as ordinary symbols of that section)."""
        for _ in range(4):
            changed = False
            for s in self.sym_order:
                if s.expr is None or s.weakref is not None or not s.is_set:
                    continue
                try:
                    v = self.eval_expr(s.expr)
                except AsmError:
                    continue
                if not v.is_const:
                    v = self._try_fold(v, False)
                if v.mod is not None or v.sub is not None:
                    continue
                a = v.add
                if a is None:
                    s.section = ABS
                    s.offset = v.const
                    s.expr = None
                    changed = True
                elif a.expr is None and a.frag is not None and a.defined and \
                        isinstance(a.section, AsmSection):
                    s.frag = a.frag
                    s.offset = a.offset + v.const
                    s.section = a.section
                    s.expr = None
                    changed = True
            if not changed:
                break

    def _finish_symbols(self) -> None:
        for s in self.sym_order:
            if s.size_expr is not None:
                continue
            a = s.alias
            n = 0
            while a is not None and n < 16:
                if a.size_expr is not None or a.size:
                    break
                a = a.alias
                n += 1
            if a is not None and s.size == 0:
                # GNU as gives an alias (.set x, y) the size and type of what it stands for
                if a.size_expr is not None:
                    s.size_expr = a.size_expr
                else:
                    s.size = a.size
            if s.alias is not None and s.type == C.STT_NOTYPE:
                s.type = s.alias.type if s.alias.type != C.STT_SECTION else s.type
        for s in self.sym_order:
            if s.size_expr is not None:
                self.file, self.line = "", 0
                try:
                    n = self._final_const(self.eval_expr(s.size_expr, True), None)
                    s.size = n
                except AsmError as e:
                    self.error(f".size expression for {s.name} does not evaluate to a constant")

    def build_object(self) -> ObjectFile:
        t = self.target
        obj = ObjectFile(t.elf_machine, t.elf_flags())
        if self.gnu_unique:
            obj.osabi = C.ELFOSABI_GNU
        # groups
        groups = {}
        for sec in self.section_list:
            if sec.group is not None and sec.group not in groups:
                g = Section(".group", C.SHT_GROUP, 0, align=4, entsize=4)
                g.group_flags = C.GRP_COMDAT if sec.group_comdat else 0
                g.members = []
                groups[sec.group] = g
        elf_secs = {}
        for g in groups.values():
            pass
        # gas puts each group section before its first member
        out = []
        placed = set()
        for sec in self.section_list:
            if sec.group is not None and sec.group not in placed:
                placed.add(sec.group)
                out.append(groups[sec.group])
            if sec.type == C.SHT_NOBITS:
                es = Section(sec.name, sec.type, sec.flags, None, sec.align, sec.entsize,
                             size=sec.size & _MASK64)      # (GNU as: 64-bit, wrapping)
            else:
                full = [f for f in sec.frags if f.data]
                if len(full) == 1 and type(full[0].data) is bytearray:
                    data = full[0].data     # finished code (toolchain.asm.seal): no copy
                else:
                    frags = sec.frags
                    data = bytearray()
                    for f in frags:
                        data += f.data
                es = Section(sec.name, sec.type, sec.flags, data, sec.align, sec.entsize)
            sec.elf = es
            if sec.group is not None:
                es.group = groups[sec.group]
                groups[sec.group].members.append(es)
            out.append(es)
        for sec in self.section_list:
            if sec.linked:
                ln = self.sections.get((sec.linked, None, None))
                if ln is None:
                    for k, s2 in self.sections.items():
                        if k[0] == sec.linked:
                            ln = s2
                            break
                if ln is not None:
                    sec.elf.link_to = ln.elf
                else:
                    s = self.symbols.get(sec.linked)
                    if s is not None and isinstance(s.section, AsmSection):
                        sec.elf.link_to = s.section.elf
        # GNU as puts the group sections first
        out = [x for x in out if x.type == C.SHT_GROUP] + [x for x in out
                                                             if x.type != C.SHT_GROUP]
        obj.sections = out
        # symbols
        syms = []
        keep_secsyms = getattr(t, "keep_section_symbols", False)
        for fs in self.file_syms:
            e = Symbol(fs.name, 0, 0, C.STB_LOCAL, C.STT_FILE, 0, None, C.SHN_ABS)
            syms.append(e)
        ordered = getattr(t, "ordered_section_symbols", False) and not keep_secsyms
        for sec in self.section_list:
            if keep_secsyms or (ordered and sec.name not in _LAZY_SECTION_SYMBOLS):
                continue
            if sec.sym.used_reloc or (sec.group is not None and sec.sym.extra_needed
                                      if hasattr(sec.sym, "extra_needed") else False):
                e = Symbol(sec.name, 0, 0, C.STB_LOCAL, C.STT_SECTION, 0, sec.elf)
                sec.sym.elf = e
                syms.append(e)
        globals_ = []
        order = self.sym_order
        if ordered:
            keyed = []
            for i, s in enumerate(order):
                if s.temp and s.listed is not None and s.type != C.STT_SECTION:
                    keyed.append((s.listed, s))
                else:
                    keyed.append((plain_key(i), s))
            keyed.sort(key=lambda kv: kv[0])
            order = [s for _, s in keyed]
        for s in order:
            if ordered and s.type == C.STT_SECTION and isinstance(s.section, AsmSection) \
                    and s.section.sym is s:
                # GNU as keeps section symbols where the section was made, and writes only
                # those that relocations use
                if s.used_reloc:
                    e = Symbol(s.section.name, 0, 0, C.STB_LOCAL, C.STT_SECTION, 0,
                               s.section.elf)
                    s.elf = e
                    syms.append(e)
                continue
            if (ordered or keep_secsyms) and s.temp and s.used_reloc and \
                    s.bind in (None, C.STB_LOCAL) and s.type != C.STT_SECTION and \
                    not (ordered and s.listed is not None):
                continue       # written below, in the order relocations converted them
            if keep_secsyms and s.type == C.STT_SECTION and isinstance(s.section, AsmSection) \
                    and s.section.sym is s:
                e = Symbol("", 0, 0, C.STB_LOCAL, C.STT_SECTION, 0, s.section.elf)
                s.elf = e
                syms.append(e)
                continue
            if s.temp and not s.used_reloc:
                continue
            if s.temp and s.bind in (C.STB_GLOBAL, C.STB_WEAK):
                pass
            if s.weakref is not None:
                continue
            if s.name == "" or s.type == C.STT_SECTION:
                continue
            bind = s.bind
            if bind == "weakrefd":
                bind = C.STB_WEAK if not s.defined else C.STB_LOCAL
            val = s.offset
            size = s.size
            section = None
            shndx = C.SHN_UNDEF
            if s.expr is not None and s.defined:
                try:
                    v = self._try_fold(self._resolve_value(self._eval_sym(s, True)), True)
                except AsmError as ex:
                    self.error(str(ex))
                    continue
                if v.is_const:
                    shndx = C.SHN_ABS
                    val = v.const
                elif v.add is not None and v.sub is None and v.add.frag is not None:
                    section = v.add.section.elf
                    val = self._sym_addr(v.add) + v.const
                    if s.type == C.STT_NOTYPE:
                        pass
                elif v.add is not None and v.sub is None and not v.add.defined:
                    # alias of an undefined symbol: gas drops the alias from the table
                    continue
                else:
                    self.error(f"can't resolve value for symbol `{s.name}'")
                    continue
            elif s.section is ABS:
                shndx = C.SHN_ABS
            elif s.section is COMMON:
                shndx = C.SHN_COMMON
                val = s.common_align
                if bind is None:
                    bind = C.STB_GLOBAL
            elif s.section is not None:
                section = s.section.elf
                val = self._sym_addr(s)
            if bind is None:
                bind = C.STB_LOCAL if (s.defined or s.section is not None) else C.STB_GLOBAL
            stype = s.type
            if stype in (C.STT_NOTYPE, C.STT_OBJECT) and (
                    s.tls or (section is not None and section.flags & C.SHF_TLS)):
                stype = C.STT_TLS
            if not 0 <= val <= _MASK64:      # (masking an in-range value makes a new int)
                val &= _MASK64
            e = Symbol(s.name, val, size & _MASK64, bind, stype, s.other & 0xFF,
                       section, shndx)
            s.elf = e
            if bind == C.STB_LOCAL:
                syms.append(e)
            else:
                globals_.append(e)
        if keep_secsyms:
            # GNU as (AArch64) writes .eh_frame's section symbol before the kept local labels
            for sec in self.section_list:
                if sec.name == ".eh_frame" and sec.sym.elf is None:
                    e = Symbol("", 0, 0, C.STB_LOCAL, C.STT_SECTION, 0, sec.elf)
                    sec.sym.elf = e
                    syms.append(e)
        if ordered or keep_secsyms:
            for s in self.converted:
                if s.elf is None:
                    e = self._late_symbol(s)
                    if e.bind == C.STB_LOCAL:
                        syms.append(e)
                    else:
                        globals_.append(e)
        for name, vname, mode in self.symvers:
            s = self.symbols.get(name)
            if s is None or s.elf is None:
                continue
            e = s.elf
            if e.section is not None or e.shndx == C.SHN_ABS:
                v = Symbol(vname, e.value, e.size, e.bind if e.bind != C.STB_LOCAL else
                           C.STB_GLOBAL, e.type, e.other, e.section, e.shndx)
                if mode == "remove" or "@@@" in vname:
                    v.name = vname.replace("@@@", "@@")
                    e.name = v.name
                    continue
                globals_.append(v)
            else:
                e.name = vname.replace("@@@", "@")
        obj.symbols = syms + globals_
        # relocations
        for sec in self.section_list:
            relocs = sec.info or []
            es = sec.elf
            for r in relocs:
                if r.sym is not None:
                    if isinstance(r.sym, Sym):
                        s = r.sym
                        if s.elf is None:
                            if s.type == C.STT_SECTION:
                                e = Symbol(s.name, 0, 0, C.STB_LOCAL, C.STT_SECTION, 0,
                                           s.section.elf)
                                s.elf = e
                                obj.symbols.insert(len(self.file_syms), e)
                            else:
                                # a symbol that was filtered (temp): add it
                                e = self._late_symbol(s)
                                if s.bind in (C.STB_GLOBAL, C.STB_WEAK) or not s.defined:
                                    obj.symbols.append(e)
                                else:
                                    obj.symbols.insert(len(syms), e)
                                    syms.append(e)
                        r.sym = s.elf
            for r in relocs:
                if not 0 <= r.offset <= _MASK64:
                    r.offset &= _MASK64
                if not -_SIGN64 <= r.addend < _SIGN64:
                    r.addend = ((r.addend + _SIGN64) & _MASK64) - _SIGN64
            es.relocs = relocs
        if keep_secsyms:
            # sections whose symbol GNU as makes only at the end (.eh_frame, .comment)
            for sec in sorted(self.section_list, key=lambda x: x.name == ".comment"):
                if sec.sym.elf is None and sec.name in _LAZY_SECTION_SYMBOLS:
                    e = Symbol("", 0, 0, C.STB_LOCAL, C.STT_SECTION, 0, sec.elf)
                    sec.sym.elf = e
                    obj.symbols.insert(len(syms), e)
                    syms.append(e)
        # group signatures
        for name, g in groups.items():
            s = self.symbols.get(name)
            if s is None or s.elf is None:
                # gas adds the group name as a local section-like symbol when undefined
                e = None
                for es in obj.sections:
                    if es.group is g and es.name == name:
                        e = Symbol(name, 0, 0, C.STB_LOCAL, C.STT_SECTION, 0, es)
                        break
                if e is None:
                    e = Symbol(name, 0, 0, C.STB_LOCAL, C.STT_NOTYPE, 0, None, C.SHN_UNDEF)
                    e = Symbol(name, 0, 0, C.STB_GLOBAL, C.STT_NOTYPE, 0, None, C.SHN_UNDEF)
                    obj.symbols.append(e)
                else:
                    # use (or add) the section symbol of the member named like the group
                    found = None
                    for x in obj.symbols:
                        if x.type == C.STT_SECTION and x.section is e.section:
                            found = x
                    if found is None:
                        obj.symbols.insert(len(self.file_syms), e)
                        found = e
                    e = found
                g.signature = e
            else:
                g.signature = s.elf
        t.object_built(obj)
        return obj

    def _late_symbol(self, s):
        section = s.section.elf if isinstance(s.section, AsmSection) else None
        shndx = C.SHN_UNDEF if s.section is None else C.SHN_ABS if s.section is ABS else 0
        bind = s.bind if s.bind in (C.STB_LOCAL, C.STB_GLOBAL, C.STB_WEAK) else \
            (C.STB_LOCAL if s.defined else C.STB_GLOBAL)
        e = Symbol(s.name, self._sym_addr(s) if s.frag is not None else s.offset, s.size, bind,
                   s.type, s.other, section, shndx)
        s.elf = e
        return e
