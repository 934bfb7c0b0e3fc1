"""DWARF encoding for pycc -g: DIE trees, the abbreviation table and the sections as
assembler data directives (the stream items the back end hands to pyas).

Numbers come from the DWARF 5 standard (tags, attributes, forms, operations). Offsets inside
.debug_info are computed here, so references are plain numbers; addresses, string offsets and
section offsets are symbolic (relocations written by the assembler).
"""
from __future__ import annotations

from ...asm.assembler import leb128

# tags
TAG_array_type = 0x01
TAG_enumeration_type = 0x04
TAG_formal_parameter = 0x05
TAG_lexical_block = 0x0b
TAG_member = 0x0d
TAG_pointer_type = 0x0f
TAG_compile_unit = 0x11
TAG_structure_type = 0x13
TAG_subroutine_type = 0x15
TAG_typedef = 0x16
TAG_union_type = 0x17
TAG_unspecified_parameters = 0x18
TAG_variable = 0x34
TAG_volatile_type = 0x35
TAG_restrict_type = 0x37
TAG_base_type = 0x24
TAG_const_type = 0x26
TAG_enumerator = 0x28
TAG_subprogram = 0x2e
TAG_subrange_type = 0x21
TAG_unspecified_type = 0x3b
TAG_atomic_type = 0x47
TAG_inlined_subroutine = 0x1d
TAG_call_site = 0x48
TAG_call_site_parameter = 0x49

# attributes
AT_sibling = 0x01
AT_location = 0x02
AT_name = 0x03
AT_byte_size = 0x0b
AT_stmt_list = 0x10
AT_low_pc = 0x11
AT_high_pc = 0x12
AT_language = 0x13
AT_comp_dir = 0x1b
AT_const_value = 0x1c
AT_producer = 0x25
AT_prototyped = 0x27
AT_upper_bound = 0x2f
AT_count = 0x37
AT_data_member_location = 0x38
AT_decl_column = 0x39
AT_decl_file = 0x3a
AT_decl_line = 0x3b
AT_declaration = 0x3c
AT_artificial = 0x34
AT_encoding = 0x3e
AT_external = 0x3f
AT_frame_base = 0x40
AT_type = 0x49
AT_ranges = 0x55
AT_data_bit_offset = 0x6b
AT_bit_size = 0x0d
AT_GNU_vector = 0x2107
AT_inline = 0x20
AT_abstract_origin = 0x31
AT_call_column = 0x57
AT_call_all_tail_calls = 0x7b
AT_call_return_pc = 0x7d
AT_call_value = 0x7e
AT_call_origin = 0x7f
AT_call_file = 0x58
AT_call_line = 0x59
INL_declared_inlined = 3
INL_inlined = 1

# forms
FORM_addr = 0x01
FORM_data2 = 0x05
FORM_data4 = 0x06
FORM_data8 = 0x07
FORM_data1 = 0x0b
FORM_flag = 0x0c
FORM_sdata = 0x0d
FORM_strp = 0x0e
FORM_udata = 0x0f
FORM_ref4 = 0x13
FORM_sec_offset = 0x17
FORM_exprloc = 0x18
FORM_flag_present = 0x19
FORM_line_strp = 0x1f

# base type encodings
ATE_boolean = 0x02
ATE_complex_float = 0x03
ATE_float = 0x04
ATE_signed = 0x05
ATE_signed_char = 0x06
ATE_unsigned = 0x07
ATE_unsigned_char = 0x08
ATE_UTF = 0x10

# location operations
OP_addr = 0x03
OP_fbreg = 0x91
OP_call_frame_cfa = 0x9c

LANG_C11 = 0x1d
LANG_C99 = 0x0c
LANG_C89 = 0x01


def uleb(v: int) -> bytes:
    return leb128(v, False)


def sleb(v: int) -> bytes:
    return leb128(v, True)


class Addr:
    """A symbolic value written with ``size`` bytes (an address, a label difference, a
    section offset)."""
    __slots__ = ("expr", "size")

    def __init__(self, expr: str, size: int):
        self.expr = expr
        self.size = size


class Die:
    __slots__ = ("tag", "attrs", "children", "offset", "code")

    def __init__(self, tag: int, attrs=None):
        self.tag = tag
        self.attrs = attrs if attrs is not None else []     # [(AT, FORM, value)]
        self.children: list[Die] = []
        self.offset = 0
        self.code = 0

    def add(self, at: int, form: int, value=None) -> "Die":
        self.attrs.append((at, form, value))
        return self

    def child(self, d: "Die") -> "Die":
        self.children.append(d)
        return d


def const_form(v: int) -> int:
    if v < 0:
        return FORM_sdata
    if v < 0x100:
        return FORM_data1
    if v < 0x10000:
        return FORM_data2
    if v < 0x100000000:
        return FORM_data4
    return FORM_data8


class StrTable:
    """A string section (.debug_str or .debug_line_str): string -> label."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.labels: dict[str, str] = {}

    def label(self, s: str) -> str:
        lab = self.labels.get(s)
        if lab is None:
            lab = self.labels[s] = f"{self.prefix}{len(self.labels)}"
        return lab

    def emit(self, section: str, out: list) -> None:
        if not self.labels:
            return
        out.append(f'\t.section\t{section},"MS",@progbits,1')
        for s, lab in self.labels.items():
            out.append(f"{lab}:")
            out.append("\t.string\t" + quote(s))


def quote(s: str) -> str:
    b = s.encode("utf-8", "surrogateescape")
    r = ['"']
    for c in b:
        if c in (0x22, 0x5C):
            r.append("\\" + chr(c))
        elif 0x20 <= c < 0x7F:
            r.append(chr(c))
        else:
            r.append("\\%03o" % c)
    r.append('"')
    return "".join(r)


class ByteOut:
    """Section contents as directives: constant bytes gathered into ``.byte`` lines,
    symbolic values as ``.long``/``.quad``."""

    def __init__(self, out: list):
        self.out = out
        self.buf = bytearray()

    def bytes(self, b) -> None:
        self.buf += b

    def sym(self, expr: str, size: int) -> None:
        self.flush()
        self.out.append(("\t.long\t" if size == 4 else "\t.quad\t") + expr)

    def label(self, name: str) -> None:
        self.flush()
        self.out.append(f"{name}:")

    def flush(self) -> None:
        b = self.buf
        for i in range(0, len(b), 32):
            self.out.append("\t.byte\t" + ",".join(map(str, b[i:i + 32])))
        self.buf = bytearray()


def expr_size(parts) -> int:
    return sum(p.size if isinstance(p, Addr) else len(p) for p in parts)


class InfoWriter:
    """Lays out a DIE tree (offsets, abbreviation codes) and writes .debug_info and
    .debug_abbrev. Attribute values by form: ints for constants, ``Die`` for ref4, ``str``
    for strp/line_strp (the string), ``Addr`` for addr/data8/sec_offset symbolic values, a
    list of bytes/Addr parts for exprloc, None for flag_present."""

    def __init__(self, strs: StrTable, line_strs: StrTable, version: int = 5):
        self.strs = strs
        self.line_strs = line_strs
        self.version = version
        self.abbrevs: dict[tuple, int] = {}

    def _attr_size(self, form, v) -> int:
        if form in (FORM_data1, FORM_flag):
            return 1
        if form == FORM_data2:
            return 2
        if form in (FORM_data4, FORM_ref4, FORM_strp, FORM_line_strp, FORM_sec_offset):
            return 4
        if form in (FORM_data8, FORM_addr):
            return 8
        if form == FORM_udata:
            return len(uleb(v))
        if form == FORM_sdata:
            return len(sleb(v))
        if form == FORM_exprloc:
            n = expr_size(v)
            return len(uleb(n)) + n
        if form == FORM_flag_present:
            return 0
        raise ValueError(f"form {form:#x}")

    def layout(self, root: Die, start: int) -> int:
        abbrevs = self.abbrevs
        stack = [root]
        # iterative pre-order walk with explicit end markers (deep type chains)
        off = start
        work = [(root, False)]
        while work:
            d, done = work.pop()
            if done:
                off += 1            # the children's terminating 0
                continue
            key = (d.tag, bool(d.children), tuple((a, f) for a, f, _ in d.attrs))
            code = abbrevs.get(key)
            if code is None:
                code = abbrevs[key] = len(abbrevs) + 1
            d.code = code
            d.offset = off
            off += len(uleb(code))
            for _, f, v in d.attrs:
                off += self._attr_size(f, v)
            if d.children:
                work.append((d, True))
                for c in reversed(d.children):
                    work.append((c, False))
        del stack
        return off

    def write(self, root: Die, out: list, abbrev_label: str, info_label: str) -> None:
        hdr = 12 if self.version >= 5 else 11
        end = self.layout(root, hdr)
        bo = ByteOut(out)
        out.append('\t.section\t.debug_info,"",@progbits')
        bo.label(info_label)
        bo.bytes((end - 4).to_bytes(4, "little"))
        if self.version >= 5:
            bo.bytes(bytes((5, 0, 1, 8)))       # version, DW_UT_compile, address size
            bo.sym(abbrev_label, 4)
        else:
            bo.bytes(self.version.to_bytes(2, "little"))
            bo.sym(abbrev_label, 4)
            bo.bytes(b"\x08")
        work = [(root, False)]
        while work:
            d, done = work.pop()
            if done:
                bo.bytes(b"\x00")
                continue
            bo.bytes(uleb(d.code))
            for _, f, v in d.attrs:
                self._write_attr(bo, f, v)
            if d.children:
                work.append((d, True))
                for c in reversed(d.children):
                    work.append((c, False))
        bo.flush()
        # abbreviations
        ab = ByteOut(out)
        out.append('\t.section\t.debug_abbrev,"",@progbits')
        ab.label(abbrev_label)
        for (tag, has_children, attrs), code in self.abbrevs.items():
            ab.bytes(uleb(code) + uleb(tag) + bytes((1 if has_children else 0,)))
            for a, f in attrs:
                ab.bytes(uleb(a) + uleb(f))
            ab.bytes(b"\x00\x00")
        ab.bytes(b"\x00")
        ab.flush()

    def _write_attr(self, bo: ByteOut, form, v) -> None:
        if form == FORM_data1 or form == FORM_flag:
            bo.bytes(bytes((v & 0xFF,)))
        elif form == FORM_data2:
            bo.bytes((v & 0xFFFF).to_bytes(2, "little"))
        elif form == FORM_data4:
            bo.bytes((v & 0xFFFFFFFF).to_bytes(4, "little"))
        elif form in (FORM_data8, FORM_addr):
            if isinstance(v, Addr):
                bo.sym(v.expr, 8)
            else:
                bo.bytes((v & (1 << 64) - 1).to_bytes(8, "little"))
        elif form == FORM_ref4:
            bo.bytes(v.offset.to_bytes(4, "little"))
        elif form == FORM_strp:
            bo.sym(self.strs.label(v), 4)
        elif form == FORM_line_strp:
            bo.sym(self.line_strs.label(v), 4)
        elif form == FORM_sec_offset:
            bo.sym(v.expr, 4)
        elif form == FORM_udata:
            bo.bytes(uleb(v))
        elif form == FORM_sdata:
            bo.bytes(sleb(v))
        elif form == FORM_exprloc:
            bo.bytes(uleb(expr_size(v)))
            for p in v:
                if isinstance(p, Addr):
                    bo.sym(p.expr, p.size)
                else:
                    bo.bytes(p)
        elif form == FORM_flag_present:
            pass
        else:
            raise ValueError(f"form {form:#x}")
