"""``-g`` / ``--gdwarf-N`` for assembly sources: the debug information GNU as 2.40 makes for a
source that brings no ``.file``/``.loc`` of its own.

Rows: ``Assembler._debug_row`` asks ``LineTable.auto_row`` for one row per instruction line
(cpp ``# N "file"`` markers, ``.include`` files, macro invocations and repeat bodies as GNU as
counts them). At the end, :func:`generate` writes, in GNU as's section order:

* ``.debug_line`` (version 3 for DWARF 2 and 3, else the DWARF version; version 5 names the
  compilation directory as directory 0 and repeats file 1 as file 0 with the same string),
  ``.debug_line_str`` for version 5;
* ``.debug_info``: one ``DW_TAG_compile_unit`` (``stmt_list``; ``low_pc``/``high_pc`` when the
  code is in one section, else ``ranges``; ``name``, ``comp_dir``, ``producer``, language
  ``DW_LANG_Mips_Assembler``), with a ``DW_TAG_subprogram`` child for each defined function
  symbol with a size (``external`` as a flag, or flag_present when all are external in DWARF 4+,
  absent when none is; DWARF 3+ adds ``DW_AT_type`` to a ``DW_TAG_unspecified_type``);
* ``.debug_abbrev``, ``.debug_aranges`` (header padded to twice the address size), ``.debug_str``;
* ``.debug_ranges`` (DWARF 2-4) or ``.debug_rnglists`` (5) when the code spans sections.

Attribute forms: DWARF 2/3 use ``data4`` offsets and an address ``high_pc``; DWARF 4+ use
``sec_offset`` and ``high_pc`` as a ULEB128 length.
"""
from __future__ import annotations

import os

from ..elf import constants as C
from .assembler import leb128
from .expr import Value

PRODUCER = "GNU AS 2.40"
DW_LANG_Mips_Assembler = 0x8001

DW_TAG_compile_unit, DW_TAG_subprogram, DW_TAG_unspecified_type = 0x11, 0x2E, 0x3B
DW_AT_name, DW_AT_stmt_list, DW_AT_low_pc, DW_AT_high_pc = 0x03, 0x10, 0x11, 0x12
DW_AT_language, DW_AT_comp_dir, DW_AT_producer, DW_AT_external = 0x13, 0x1B, 0x25, 0x3F
DW_AT_type, DW_AT_ranges = 0x49, 0x55
DW_FORM_addr, DW_FORM_data2, DW_FORM_data4, DW_FORM_flag = 0x01, 0x05, 0x06, 0x0C
DW_FORM_strp, DW_FORM_udata, DW_FORM_ref_udata = 0x0E, 0x0F, 0x15
DW_FORM_sec_offset, DW_FORM_flag_present = 0x17, 0x19
DW_RLE_end_of_list, DW_RLE_start_length = 0x00, 0x07


def comp_dir() -> str:
    """The working directory as GNU as names it ($PWD when it is the same directory)."""
    cwd = os.getcwd()
    pwd = os.environ.get("PWD")
    if pwd and pwd.startswith("/"):
        try:
            a, b = os.stat(pwd), os.stat(".")
            if (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino):
                return pwd
        except OSError:
            pass
    return cwd


class _Out:
    """Bytes for one section plus the fixups to add once they are placed."""
    __slots__ = ("data", "fix")

    def __init__(self):
        self.data = bytearray()
        self.fix = []

    def ref(self, value: Value, size: int):
        self.fix.append((len(self.data), value, size))
        self.data += bytes(size)


def _place(asm, sec, out: _Out):
    asm.set_section(sec, 0)
    frag = asm.frag
    base = len(asm.data)
    asm.data += out.data
    for off, v, size in out.fix:
        asm.add_fixup(frag, base + off, size, v, False, None)


def _functions(asm):
    """(symbol, size, external) for each function DIE, in symbol-table order."""
    from .assembler import AsmError, AsmSection
    from ..elf.constants import STB_GLOBAL, STT_FUNC, STT_GNU_IFUNC
    out = []
    for s in asm.sym_order:
        if s.type not in (STT_FUNC, STT_GNU_IFUNC) or not s.defined or s.frag is None or \
                not isinstance(s.section, AsmSection) or s.expr is not None:
            continue
        if s.size_expr is not None:
            try:
                size = asm._final_const(asm.eval_expr(s.size_expr, True), None)
            except AsmError:
                continue
        else:
            size = s.size
            if size == 0:
                continue
        out.append((s, size, s.bind in (STB_GLOBAL, 10)))
    return out


def generate(asm) -> None:
    """Write the -g debug sections (called after layout, before CFI)."""
    lt = asm.dwarf
    # -g: the DWARF version asked for (2 for -g); line info of the source's: version 5 with a
    # '.file 0', else the one asked for, else 3
    level = asm.gen_debug or (5 if 0 in lt.files else asm.dwarf_level or 3)
    segs = list(lt.rows)
    if not segs:
        return
    cur = (asm.sec, asm.subsec)
    prev = asm.prev_section
    target = asm.target
    asz = target.address_size
    lazy = {"lazy_sym": True}
    line_sec = asm.get_section(".debug_line", C.SHT_PROGBITS, 0, **lazy)
    line_str = None
    if level >= 5:
        line_str = asm.get_section(".debug_line_str", C.SHT_PROGBITS,
                                   C.SHF_MERGE | C.SHF_STRINGS, 1, **lazy)
    lt.auto_version = max(3, level)
    gen = bool(asm.gen_debug)
    lt.generate()
    info = asm.get_section(".debug_info", C.SHT_PROGBITS, 0, **lazy)
    abbrev = asm.get_section(".debug_abbrev", C.SHT_PROGBITS, 0, **lazy)
    aranges = asm.get_section(".debug_aranges", C.SHT_PROGBITS, 0, **lazy)
    strs = asm.get_section(".debug_str", C.SHT_PROGBITS, C.SHF_MERGE | C.SHF_STRINGS, 1, **lazy)
    ranges = None
    if len(segs) > 1:
        ranges = asm.get_section(".debug_rnglists" if level >= 5 else ".debug_ranges",
                                 C.SHT_PROGBITS, 0, **lazy)

    # where each code section starts and ends (its end before any final padding); GNU as
    # makes one pair of labels for the ranges and another for the address ranges (which
    # .debug_info uses too)
    def make_bounds():
        out = []
        for sec in segs:
            first, last = sec.frags[0], sec.frags[-1]
            beg = _label(asm, first, 0, sec)
            end = _label(asm, last, len(last.data), sec)
            out.append((beg, end, last.addr + len(last.data)))
        return out

    events = []        # the symbols in the order GNU as makes them (after the line table)
    rbounds = None
    if ranges is not None:
        if level < 5:
            events.append(None)            # ranges_sym, made before the pairs
        rbounds = make_bounds()
        for beg, end, _ in rbounds:
            events += (beg, end)
    bounds = make_bounds()

    # .debug_aranges
    events.append(info.sym)
    for beg, end, _ in bounds:
        events += (beg, end)
    out = _Out()
    out.data += b"\0\0\0\0" + (2).to_bytes(2, "little")
    out.ref(Value(0, info.sym), 4)
    out.data += bytes([asz, 0])
    while len(out.data) % (2 * asz):
        out.data.append(0)
    for beg, end, length in bounds:
        out.ref(Value(0, beg), asz)
        out.ref(Value(0, end, beg), asz)
    out.data += bytes(2 * asz)
    out.data[0:4] = (len(out.data) - 4).to_bytes(4, "little")
    asm.set_section(aranges, 0)
    asm.record_alignment(2 * asz)
    _place(asm, aranges, out)

    funcs = _functions(asm)
    n_ext = sum(1 for f in funcs if f[2])
    if not funcs or n_ext == 0:
        ext_form = None
    elif n_ext == len(funcs) and level >= 4:
        ext_form = DW_FORM_flag_present
    else:
        ext_form = DW_FORM_flag
    off_form = DW_FORM_data4 if level < 4 else DW_FORM_sec_offset
    hi_form = DW_FORM_addr if level < 4 else DW_FORM_udata

    # .debug_abbrev
    ab = bytearray([1, DW_TAG_compile_unit, 1 if funcs else 0, DW_AT_stmt_list, off_form])
    if ranges is None:
        ab += bytes([DW_AT_low_pc, DW_FORM_addr, DW_AT_high_pc, hi_form])
    else:
        ab += bytes([DW_AT_ranges, off_form])
    ab += bytes([DW_AT_name, DW_FORM_strp, DW_AT_comp_dir, DW_FORM_strp,
                 DW_AT_producer, DW_FORM_strp, DW_AT_language, DW_FORM_data2, 0, 0])
    if funcs:
        ab += bytes([2, DW_TAG_subprogram, 0, DW_AT_name, DW_FORM_strp])
        if ext_form is not None:
            ab += bytes([DW_AT_external, ext_form])
        if level >= 3:
            ab += bytes([DW_AT_type, DW_FORM_ref_udata])
        ab += bytes([DW_AT_low_pc, DW_FORM_addr, DW_AT_high_pc, hi_form, 0, 0])
        if level >= 3:
            ab += bytes([3, DW_TAG_unspecified_type, 0, 0, 0])
    ab.append(0)
    o = _Out()
    o.data += ab
    _place(asm, abbrev, o)

    # .debug_str
    so = _Out()
    asm.set_section(strs, 0)
    str_syms = []

    def add_str(text):
        str_syms.append(_label(asm, asm.frag, len(asm.data) + len(so.data), strs))
        so.data += text.encode("utf-8", "surrogateescape") + b"\0"
        return str_syms[-1]

    first = lt.files.get(1 if gen or level < 5 else 0) or lt.files.get(1)
    name_sym = add_str(first[1] if first else "")
    dir_sym = add_str(comp_dir())
    prod_sym = add_str(PRODUCER)
    events += (name_sym, dir_sym, prod_sym, abbrev.sym, line_sec.sym)
    fn_syms = [add_str(s.name) for s, _, _ in funcs]
    events += fn_syms
    _place(asm, strs, so)

    # .debug_ranges / .debug_rnglists
    ranges_sym = None
    if ranges is not None:
        ro = _Out()
        asm.set_section(ranges, 0)
        if level >= 5:
            ro.data += b"\0\0\0\0" + (5).to_bytes(2, "little") + bytes([asz, 0]) + b"\0\0\0\0"
            ranges_sym = _label(asm, asm.frag, len(asm.data) + len(ro.data), ranges)
            events.insert(0, ranges_sym)
            for beg, end, length in rbounds:
                ro.data.append(DW_RLE_start_length)
                ro.ref(Value(0, beg), asz)
                ro.data += leb128(length, False)
            ro.data.append(DW_RLE_end_of_list)
            ro.data[0:4] = (len(ro.data) - 4).to_bytes(4, "little")
        else:
            asm.record_alignment(2 * asz)
            ranges_sym = _label(asm, asm.frag, len(asm.data), ranges)
            events[0] = ranges_sym
            ro.data += b"\xff" * asz + bytes(asz)
            for beg, end, length in rbounds:
                ro.ref(Value(0, beg), asz)
                ro.ref(Value(0, end), asz)
            ro.data += bytes(2 * asz)
        _place(asm, ranges, ro)

    # .debug_info
    io = _Out()
    io.data += b"\0\0\0\0" + level.to_bytes(2, "little")
    if level >= 5:
        io.data += bytes([1, asz])           # DW_UT_compile, address size
        io.ref(Value(0, abbrev.sym), 4)
    else:
        io.ref(Value(0, abbrev.sym), 4)
        io.data.append(asz)
    io.data.append(1)
    io.ref(Value(0, line_sec.sym), 4)
    if ranges is None:
        beg, end, length = bounds[0]
        io.ref(Value(0, beg), asz)
        if level < 4:
            io.ref(Value(0, end), asz)
        else:
            io.data += leb128(length, False)
    else:
        io.ref(Value(0, ranges_sym), 4)
    io.ref(Value(0, name_sym), 4)
    io.ref(Value(0, dir_sym), 4)
    io.ref(Value(0, prod_sym), 4)
    io.data += DW_LANG_Mips_Assembler.to_bytes(2, "little")
    if funcs:
        # the unspecified type DIE follows the subprograms: its offset is known up front
        size = 0
        for s, fsize, ext in funcs:
            size += 1 + 4 + (1 if ext_form == DW_FORM_flag else 0) + asz
            if level >= 3:
                size += 1          # ref_udata, patched below
            size += asz if level < 4 else len(leb128(fsize, False))
        type_off = len(io.data) + size
        if level >= 3 and type_off >= 0x80:
            # a longer ref_udata moves the target: settle the width
            width = len(leb128(type_off, False))
            while True:
                t2 = type_off + len(funcs) * (width - 1)
                w2 = len(leb128(t2, False))
                if w2 == width:
                    type_off = t2
                    break
                width = w2
        for (s, fsize, ext), nsym in zip(funcs, fn_syms):
            io.data.append(2)
            io.ref(Value(0, nsym), 4)
            if ext_form == DW_FORM_flag:
                io.data.append(1 if ext else 0)
            if level >= 3:
                io.data += leb128(type_off, False)
            io.ref(Value(0, s), asz)
            if level < 4:
                io.ref(Value(fsize, s), asz)
            else:
                io.data += leb128(fsize, False)
        if level >= 3:
            io.data.append(3)
        io.data.append(0)
    io.data[0:4] = (len(io.data) - 4).to_bytes(4, "little")
    _place(asm, info, io)

    # section symbols where GNU as makes them: .debug_info/.debug_abbrev/.debug_line when
    # first referred to, the others when relocations are converted, .debug_aranges last
    order = [info, abbrev, line_sec]
    if line_str is not None:
        order.append(line_str)
    if ranges is not None:
        order.append(ranges)
    order += [strs, aranges]
    target.debug_info_symbols(events, order)
    asm.set_section(*cur)
    asm.prev_section = prev


def _label(asm, frag, off, sec):
    s = asm.dot_symbol()
    s.frag = frag
    s.offset = off
    s.section = sec
    return s
