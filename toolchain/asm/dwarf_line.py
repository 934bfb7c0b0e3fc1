"""The .debug_line program GNU as writes from .file/.loc (DWARF 5 header with
.debug_line_str strings, one sequence per section, special opcodes as GNU as chooses them)."""
from __future__ import annotations

from ..elf import constants as C
from .assembler import ABS, RELAX, AsmError, leb128
from .expr import Value

LINE_BASE = -5
LINE_RANGE = 14
OPCODE_BASE = 13
MAX_SPECIAL_ADDR_DELTA = (255 - OPCODE_BASE) // LINE_RANGE

DW_LNS_copy, DW_LNS_advance_pc, DW_LNS_advance_line, DW_LNS_set_file = 1, 2, 3, 4
DW_LNS_set_column, DW_LNS_negate_stmt, DW_LNS_set_basic_block, DW_LNS_const_add_pc = 5, 6, 7, 8
DW_LNS_set_prologue_end, DW_LNS_set_epilogue_begin, DW_LNS_set_isa = 10, 11, 12
DW_LNE_end_sequence, DW_LNE_set_address, DW_LNE_set_discriminator = 1, 2, 4


def _uleb(v):
    return leb128(v, False)


def _sleb(v):
    return leb128(v, True)


def inc_line_addr(line_delta, addr_delta, end=False):
    """Bytes advancing the line by ``line_delta`` and the address by ``addr_delta``."""
    out = bytearray()
    if end:
        if addr_delta == MAX_SPECIAL_ADDR_DELTA:
            out.append(DW_LNS_const_add_pc)
        elif addr_delta:
            out.append(DW_LNS_advance_pc)
            out += _uleb(addr_delta)
        out += bytes([0, 1, DW_LNE_end_sequence])
        return bytes(out)
    tmp = line_delta - LINE_BASE
    need_copy = False
    if tmp >= LINE_RANGE or tmp < 0:
        out.append(DW_LNS_advance_line)
        out += _sleb(line_delta)
        line_delta = 0
        tmp = -LINE_BASE
        need_copy = True
    if line_delta == 0 and addr_delta == 0:
        out.append(DW_LNS_copy)
        return bytes(out)
    tmp += OPCODE_BASE
    if addr_delta < 256 + MAX_SPECIAL_ADDR_DELTA:
        op = tmp + addr_delta * LINE_RANGE
        if op <= 255:
            out.append(op)
            return bytes(out)
        op = tmp + (addr_delta - MAX_SPECIAL_ADDR_DELTA) * LINE_RANGE
        if op <= 255:
            out += bytes([DW_LNS_const_add_pc, op])
            return bytes(out)
    out.append(DW_LNS_advance_pc)
    out += _uleb(addr_delta)
    out.append(DW_LNS_copy if need_copy else tmp)
    return bytes(out)


def assign_views(lt):
    """Give .loc ``view`` symbols their numbers (addresses are known after a first layout)."""
    asm = lt.asm
    for sec, rows in lt.rows.items():
        prev = None
        view = 0
        for frag, off, p in rows:
            addr = frag.addr + off
            v = p[3].get("view")
            if prev is None or addr != prev:
                view = 0
            else:
                view += 1
            if v is not None:
                if v in ("0", "-0"):
                    view = 0
                elif not v[0].isdigit() and v[0] != "-":
                    s = asm.symbol(v)
                    if not s.defined:
                        s.section = ABS
                        s.offset = view
                        s.defined = True
                        s.is_set = True
            prev = addr


def _split(path):
    j = path.rfind("/")
    if j < 0:
        return "", path
    return path[:j] if j > 0 else "/", path[j + 1:]


def generate(lt):
    asm = lt.asm
    if not lt.rows:
        # no rows: GNU as still writes the header (directories and files) into an empty
        # .debug_line the source made
        sec = asm.sections.get((".debug_line", None, None))
        if not lt.files or sec is None or any(f.data or f.fixups for f in sec.frags):
            return
    files = lt.files
    maxf = max(files) if files else 1
    # directory and file tables as GNU as builds them (DWARF 5)
    dirs = []
    if 0 in files:
        d0 = files[0][0] or ""
    else:
        import os
        d0 = os.getcwd()
    dirs.append(d0)
    fentries = []
    for n in range(0, maxf + 1):
        ent = files.get(n)
        if ent is None and n == 0:
            ent = files.get(1)
        if ent is None:
            fentries.append(("", 0))
            continue
        d, name, md5 = ent
        dpart, base = _split(name)
        if dpart:
            if dpart in dirs[1:]:
                di = dirs.index(dpart, 1)
            else:
                dirs.append(dpart)
                di = len(dirs) - 1
        else:
            di = 0
        fentries.append((base, di))
    # a '.file 0' means DWARF 5, else the version --gdwarf-N asked for (at least 3)
    version = lt.auto_version or (5 if 0 in files else max(3, asm.dwarf_level))
    if version < 5:
        fentries = fentries[1:]
    # strings go to .debug_line_str (DWARF 5) or inline (DWARF 3)
    cur = (asm.sec, asm.subsec)
    prev = asm.prev_section
    strsec = asm.sections.get((".debug_line_str", None, None))
    if version < 5:
        strsec = None
    elif strsec is None:
        strsec = asm.get_section(".debug_line_str", C.SHT_PROGBITS, C.SHF_MERGE | C.SHF_STRINGS,
                                 1)
    dir_syms = []
    file_syms = []
    if strsec is not None:
        asm.set_section(strsec, 0)
        for d in dirs:
            dir_syms.append(asm.dot_symbol())
            asm.data += d.encode("utf-8", "surrogateescape") + b"\0"
        share0 = 0 not in files
        for n, (name, di) in enumerate(fentries):
            if n == 0 and share0:
                # -g: entry 0 is entry 1, one string for both
                file_syms.append(None)
                continue
            file_syms.append(asm.dot_symbol())
            asm.data += name.encode("utf-8", "surrogateescape") + b"\0"
        if share0 and len(file_syms) > 1:
            file_syms[0] = file_syms[1]
    sec = asm.sections.get((".debug_line", None, None))
    if sec is None:
        sec = asm.get_section(".debug_line", C.SHT_PROGBITS, 0)
    asm.set_section(sec, 0)
    frag = asm.frag
    base = len(asm.data)
    out = bytearray()
    fix = []     # (offset in out, Value, size)
    out += b"\0\0\0\0"                        # unit length
    out += version.to_bytes(2, "little")
    if version >= 5:
        out += bytes([asm.target.address_size, 0])
    hl_off = len(out)
    out += b"\0\0\0\0"                        # header length
    if version >= 4:
        out += bytes([asm.target.line_min_insn_length, 1, 1, LINE_BASE & 0xFF, LINE_RANGE,
                      OPCODE_BASE])
    else:
        out += bytes([asm.target.line_min_insn_length, 1, LINE_BASE & 0xFF, LINE_RANGE,
                      OPCODE_BASE])
    out += bytes([0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1])
    if version < 5:
        for d in dirs[1:]:
            out += d.encode("utf-8", "surrogateescape") + b"\0"
        out.append(0)
        for name, di in fentries:
            out += name.encode("utf-8", "surrogateescape") + b"\0" + _uleb(di) + b"\0\0"
        out.append(0)
    if version >= 5:
        out += bytes([1]) + _uleb(1) + _uleb(0x1F)    # DW_LNCT_path, DW_FORM_line_strp
        out += _uleb(len(dirs))
        for s in dir_syms:
            fix.append((len(out), Value(0, s), 4))
            out += b"\0\0\0\0"
        out += bytes([2]) + _uleb(1) + _uleb(0x1F) + _uleb(2) + _uleb(0x0F)
        out += _uleb(len(fentries))
        for (name, di), s in zip(fentries, file_syms):
            fix.append((len(out), Value(0, s), 4))
            out += b"\0\0\0\0"
            out += _uleb(di)
    hdr_len = len(out) - hl_off - 4
    out[hl_off:hl_off + 4] = hdr_len.to_bytes(4, "little")
    asz = asm.target.address_size
    fixed_adv = getattr(asm.target, "line_fixed_advance", False)
    # address advances count minimum instruction lengths (4 on AArch64), as GNU as scales them
    mil = asm.target.line_min_insn_length or 1
    for lsec, rows in lt.rows.items():
        filenum = 1
        line = 1
        column = 0
        is_stmt = True
        last = None
        for frag_r, off, p in rows:
            fnum, lno, col, flags = p
            if fnum != filenum:
                filenum = fnum
                out.append(DW_LNS_set_file)
                out += _uleb(fnum)
            if col != column:
                column = col
                out.append(DW_LNS_set_column)
                out += _uleb(col)
            disc = flags.get("discriminator")
            if disc is not None and int(disc, 0) != 0:
                dv = _uleb(int(disc, 0))
                out += bytes([0]) + _uleb(1 + len(dv)) + bytes([DW_LNE_set_discriminator]) + dv
            want = flags.get("_stmt", True)
            if want != is_stmt:
                is_stmt = want
                out.append(DW_LNS_negate_stmt)
            if "basic_block" in flags:
                out.append(DW_LNS_set_basic_block)
            if "prologue_end" in flags:
                out.append(DW_LNS_set_prologue_end)
            if "epilogue_begin" in flags:
                out.append(DW_LNS_set_epilogue_begin)
            addr = frag_r.addr + off
            force = False
            if last is not None and flags.get("view") == "-0":
                if frag_r is last_frag:
                    force = off == last_off
                else:
                    fixlen = len(last_frag.data)
                    if last_frag.kind == RELAX and hasattr(asm.target, "relax_fixed_size"):
                        # GNU as keeps part of a relaxable instruction in the fixed part
                        fixlen += asm.target.relax_fixed_size(last_frag)
                    force = off == 0 and last_off >= fixlen
            if last is None or force:
                out += bytes([0]) + _uleb(1 + asz) + bytes([DW_LNE_set_address])
                sym = asm.dot_symbol()
                sym.frag = frag_r
                sym.offset = off
                sym.section = lsec
                fix.append((len(out), Value(0, sym), asz))
                last_sym = sym
                out += bytes(asz)
                out += inc_line_addr(lno - line, 0)
            elif fixed_adv:
                # targets with linker relaxation (RISC-V): DW_LNS_advance_line, then
                # DW_LNS_fixed_advance_pc with a relocatable 2-byte difference, DW_LNS_copy
                out.append(DW_LNS_advance_line)
                out += _sleb(lno - line)
                out.append(9)      # DW_LNS_fixed_advance_pc
                row_sym = _row_sym(asm, frag_r, off, lsec)
                fix.append((len(out), Value(0, row_sym, last_sym), 2))
                last_sym = row_sym
                out += b"\0\0"
                out.append(DW_LNS_copy)
            else:
                out += inc_line_addr(lno - line, (addr - last) // mil)
            line = lno
            last = addr
            last_frag = frag_r
            last_off = off
        end = lsec.size
        if fixed_adv:
            end_frag = lsec.frags[-1]
            out.append(9)          # DW_LNS_fixed_advance_pc to the end of the section
            fix.append((len(out), Value(0, _row_sym(asm, end_frag, len(end_frag.data), lsec),
                                        last_sym), 2))
            out += b"\0\0" + bytes([0, 1, 1])     # DW_LNE_end_sequence
            continue
        out += inc_line_addr(0, (end - last) // mil, end=True)
    out[0:4] = (len(out) - 4).to_bytes(4, "little")
    asm.data += out
    for off, v, size in fix:
        asm.add_fixup(frag, base + off, size, v, False, None)
    asm.set_section(*cur)
    asm.prev_section = prev


def _row_sym(asm, frag, off, sec):
    """A temporary label at ``frag``+``off`` (for targets whose line-table address advances
    stay symbolic)."""
    sym = asm.dot_symbol()
    sym.frag = frag
    sym.offset = off
    sym.section = sec
    return sym
