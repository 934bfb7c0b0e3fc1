"""Sections and subsections: the section table, switching sections, fragments, and the
section directives (``.text``, ``.section``, ``.pushsection``...)."""
from __future__ import annotations

from ..elf import constants as C
from .model import AsmError, AsmSection, BREAK, Frag, Sym


# sections whose symbol a keep_section_symbols target adds at the end (GNU as makes them late)
_LAZY_SECTION_SYMBOLS = (".eh_frame", ".comment")


# default attributes for well-known section names (type, flags)
_SPECIAL = [
    (".text", C.SHT_PROGBITS, C.SHF_ALLOC | C.SHF_EXECINSTR),
    (".data", C.SHT_PROGBITS, C.SHF_ALLOC | C.SHF_WRITE),
    (".bss", C.SHT_NOBITS, C.SHF_ALLOC | C.SHF_WRITE),
    (".rodata", C.SHT_PROGBITS, C.SHF_ALLOC),
    (".tdata", C.SHT_PROGBITS, C.SHF_ALLOC | C.SHF_WRITE | C.SHF_TLS),
    (".tbss", C.SHT_NOBITS, C.SHF_ALLOC | C.SHF_WRITE | C.SHF_TLS),
    (".init_array", C.SHT_INIT_ARRAY, C.SHF_ALLOC | C.SHF_WRITE),
    (".fini_array", C.SHT_FINI_ARRAY, C.SHF_ALLOC | C.SHF_WRITE),
    (".preinit_array", C.SHT_PREINIT_ARRAY, C.SHF_ALLOC | C.SHF_WRITE),
    (".init", C.SHT_PROGBITS, C.SHF_ALLOC | C.SHF_EXECINSTR),
    (".fini", C.SHT_PROGBITS, C.SHF_ALLOC | C.SHF_EXECINSTR),
    (".note", C.SHT_NOTE, 0),
    (".comment", C.SHT_PROGBITS, 0),
    (".debug", C.SHT_PROGBITS, 0),
    (".eh_frame", C.SHT_PROGBITS, C.SHF_ALLOC),
    (".gcc_except_table", C.SHT_PROGBITS, C.SHF_ALLOC),
    (".ctors", C.SHT_PROGBITS, C.SHF_ALLOC | C.SHF_WRITE),
    (".dtors", C.SHT_PROGBITS, C.SHF_ALLOC | C.SHF_WRITE),
    (".data.rel.ro", C.SHT_PROGBITS, C.SHF_ALLOC | C.SHF_WRITE),
    (".sdata", C.SHT_PROGBITS, C.SHF_ALLOC | C.SHF_WRITE),
    (".sbss", C.SHT_NOBITS, C.SHF_ALLOC | C.SHF_WRITE),
    (".srodata", C.SHT_PROGBITS, C.SHF_ALLOC),
]


def special_section(name: str):
    for pfx, t, f in _SPECIAL:
        if name == pfx or name.startswith(pfx + "."):
            return t, f
    if name.startswith(".note"):
        return C.SHT_NOTE, 0
    if name.startswith(".debug_") or name.startswith(".zdebug"):
        return C.SHT_PROGBITS, 0
    if name.startswith(".gnu.linkonce.t"):
        return C.SHT_PROGBITS, C.SHF_ALLOC | C.SHF_EXECINSTR
    return None


_SECTION_TYPES = {"progbits": C.SHT_PROGBITS, "nobits": C.SHT_NOBITS, "note": C.SHT_NOTE,
                  "init_array": C.SHT_INIT_ARRAY, "fini_array": C.SHT_FINI_ARRAY,
                  "preinit_array": C.SHT_PREINIT_ARRAY, "unwind": C.SHT_X86_64_UNWIND}


class SectionsMixin:
    """Sections, subsections and fragment boundaries."""

    # ------------------------------------------------------------------------------------------
    # sections
    def get_section(self, name, type_=None, flags=None, entsize=0, group=None, comdat=False,
                    linked=None, unique=None, lazy_sym=False) -> AsmSection:
        """The section ``name`` (created if new). ``lazy_sym``: a section the assembler makes
        itself, whose symbol GNU as creates only when something refers to it (the caller
        places ``sec.sym`` in ``sym_order``)."""
        key = (name, group, unique)
        sec = self.sections.get(key)
        if sec is not None:
            return sec
        if type_ is None or flags is None:
            sp = special_section(name)
            if sp is not None:
                if type_ is None:
                    type_ = sp[0]
                if flags is None:
                    flags = sp[1]
            if type_ is None:
                type_ = C.SHT_PROGBITS
            if flags is None:
                flags = 0
        if group is not None:
            flags |= C.SHF_GROUP
        if not entsize and type_ in (C.SHT_INIT_ARRAY, C.SHT_FINI_ARRAY, C.SHT_PREINIT_ARRAY):
            entsize = self.target.address_size
        sec = AsmSection(name, type_, flags, entsize, group, comdat, linked, unique)
        sym = Sym(name, temp=True)
        sym.section = sec
        sym.defined = True
        sym.type = C.STT_SECTION
        sym.bind = C.STB_LOCAL
        sec.sym = sym
        if (getattr(self.target, "keep_section_symbols", False) or
                getattr(self.target, "ordered_section_symbols", False)) and \
                name not in _LAZY_SECTION_SYMBOLS and not lazy_sym:
            # targets whose GNU as keeps every section symbol (AArch64): in creation order
            self.sym_order.append(sym)
        self.sections[key] = sec
        self.section_list.append(sec)
        self.target.section_created(sec, lazy_sym)
        return sec

    def set_section(self, sec: AsmSection, subsec: int = 0) -> None:
        if self.sec is not None:
            self.prev_section = (self.sec, self.subsec)
            if self.dwarf.pending is not None and (sec is not self.sec or
                                                   subsec != self.subsec):
                # GNU as emits a pending .loc where it was when the section changes
                self.dwarf.emit_row()
        self.sec = sec
        self.subsec = subsec
        if self.sealer is not None:
            self.sealer.touched.add(sec)
        chain = sec.subsecs.get(subsec)
        if chain is None:
            f = Frag(sec)
            chain = sec.subsecs[subsec] = [f]
        self.frag = chain[-1]
        self.data = self.frag.data

    def close_frag(self) -> Frag:
        """End the current fragment with an empty variable part that never takes room: label
        differences across the boundary are not folded while parsing (GNU as's fragment
        boundaries). Returns the new current fragment."""
        self.frag.kind = BREAK
        return self.new_frag()

    def new_frag(self) -> Frag:
        f = Frag(self.sec)
        self.frag.next = f
        self.sec.subsecs[self.subsec].append(f)
        self.frag = f
        self.data = f.data
        return f

    def record_alignment(self, align: int) -> None:
        if align > self.sec.align:
            self.sec.align = align

    # -- sections --
    def d_text(self, args):
        self.set_section(self.text_sec, self.abs_expr(args) if args else 0)

    def d_data(self, args):
        self.set_section(self.data_sec, self.abs_expr(args) if args else 0)

    def d_bss(self, args):
        self.set_section(self.bss_sec, self.abs_expr(args) if args else 0)

    def d_subsection(self, args):
        self.set_section(self.sec, self.abs_expr(args))

    def d_previous(self, args):
        if self.prev_section is None:
            raise AsmError(".previous without corresponding .section; ignored")
        sec, sub = self.prev_section
        self.set_section(sec, sub)

    def d_pushsection(self, args):
        self.section_stack.append((self.sec, self.subsec, self.prev_section))
        self.d_section(args)

    def d_popsection(self, args):
        if not self.section_stack:
            raise AsmError(".popsection without corresponding .pushsection; ignored")
        sec, sub, prev = self.section_stack.pop()
        self.set_section(sec, sub)
        self.prev_section = prev

    def d_section(self, args):
        parts = self.split_args(args)
        if not parts or not parts[0]:
            raise AsmError("missing name")
        name = parts[0]
        subsec = 0
        if name.startswith('"'):
            name = name[1:-1]
        else:
            # ".section name N" (subsection)
            sp = name.split()
            if len(sp) == 2 and sp[1].isdigit():
                name, subsec = sp[0], int(sp[1])
        type_ = flags = None
        entsize = 0
        group = None
        comdat = False
        linked = None
        unique = None
        if len(parts) > 1:
            fl = parts[1].strip()
            if fl.startswith('"'):
                fl = fl.strip('"')
                flags = 0
                for ch in fl:
                    if ch == "a":
                        flags |= C.SHF_ALLOC
                    elif ch == "w":
                        flags |= C.SHF_WRITE
                    elif ch == "x":
                        flags |= C.SHF_EXECINSTR
                    elif ch == "M":
                        flags |= C.SHF_MERGE
                    elif ch == "S":
                        flags |= C.SHF_STRINGS
                    elif ch == "G":
                        flags |= C.SHF_GROUP
                    elif ch == "T":
                        flags |= C.SHF_TLS
                    elif ch == "o":
                        flags |= C.SHF_LINK_ORDER
                    elif ch == "R":
                        flags |= C.SHF_GNU_RETAIN
                    elif ch == "e":
                        flags |= C.SHF_EXCLUDE
                    elif ch == "?":
                        if self.sec.group is not None:
                            flags |= C.SHF_GROUP
                            group = self.sec.group
                            comdat = self.sec.group_comdat
                    elif ch == "d":
                        flags |= 0x10000000
                    elif ch in "y":
                        flags |= 0x20000000
                    else:
                        raise AsmError(f"unknown section attribute '{ch}'" if True else "")
                rest = parts[2:]
                if rest:
                    t = rest[0].strip()
                    if t and t[0] in "@%":
                        tn = t[1:].lower()
                        if tn in _SECTION_TYPES:
                            type_ = _SECTION_TYPES[tn]
                        elif tn.isdigit() or tn.startswith("0x"):
                            type_ = int(tn, 0)
                        else:
                            raise AsmError(f"unrecognized section type `{t[1:]}'")
                        rest = rest[1:]
                    elif t.startswith('"'):
                        rest = rest[1:]
                if flags & C.SHF_MERGE:
                    if not rest:
                        raise AsmError("entity size for SHF_MERGE not specified")
                    entsize = self.abs_expr(rest[0])
                    rest = rest[1:]
                if flags & C.SHF_LINK_ORDER:
                    if rest:
                        linked = rest[0].strip()
                        rest = rest[1:]
                if flags & C.SHF_GROUP and group is None:
                    if not rest:
                        raise AsmError("group name for SHF_GROUP not specified")
                    group = rest[0].strip().strip('"')
                    rest = rest[1:]
                    if rest and rest[0].strip() == "comdat":
                        comdat = True
                        rest = rest[1:]
                if rest and rest[0].startswith("unique"):
                    u = rest[0].split(",")
                    unique = self.abs_expr(rest[1] if len(rest) > 1 else "0") \
                        if len(rest) > 1 else 0
                    rest = rest[2:]
            else:
                # old-style #alloc etc. or a numeric type
                flags = 0
                for p in parts[1:]:
                    p = p.strip()
                    if p == "#alloc":
                        flags |= C.SHF_ALLOC
                    elif p == "#write":
                        flags |= C.SHF_WRITE
                    elif p == "#execinstr":
                        flags |= C.SHF_EXECINSTR
                    elif p == "#tls":
                        flags |= C.SHF_TLS
                    elif p == "#exclude":
                        flags |= C.SHF_EXCLUDE
                    elif p and p[0] in "@%":
                        type_ = _SECTION_TYPES.get(p[1:].lower(), C.SHT_PROGBITS)
        if flags is not None and type_ is None:
            sp = special_section(name)
            type_ = sp[0] if sp else C.SHT_PROGBITS
            if name.startswith(".note"):
                type_ = C.SHT_NOTE
        if flags is not None and flags & C.SHF_GROUP and group is None:
            flags &= ~C.SHF_GROUP
        key = (name, group, unique)
        sec = self.sections.get(key)
        if sec is None:
            if flags is not None:
                flags_ = flags
                sp = special_section(name)
                if sp is not None and type_ == C.SHT_PROGBITS and sp[0] == C.SHT_NOBITS and \
                        not any(p.strip().startswith(("@", "%")) for p in parts[2:3]):
                    type_ = C.SHT_NOBITS
            else:
                flags_ = None
            sec = self.get_section(name, type_, flags_, entsize, group, comdat, linked, unique)
        else:
            if flags is not None and flags != (sec.flags & ~C.SHF_GROUP if group is None
                                               else sec.flags) and flags & ~C.SHF_GROUP != \
                    sec.flags & ~C.SHF_GROUP:
                self.warning(f"ignoring changed section attributes for {name}")
        self.set_section(sec, subsec)
