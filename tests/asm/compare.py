"""Compare two relocatable objects the way the assembler's acceptance criteria say: every
allocated section's bytes (and .eh_frame, .debug_line when asked), every relocation (offset,
type, symbol name or section, addend), every symbol (name, binding, type, section, value, size).

``compare_objects(a, b) -> list[str]`` returns human-readable differences (empty if equal).
Usable from the command line: ``python -m tests.asm.compare ours.o theirs.o``.
"""
from __future__ import annotations

import sys

from toolchain.elf import constants as C
from toolchain.elf.objfile import read_object

_SKIP_TYPES = (C.SHT_SYMTAB, C.SHT_STRTAB, C.SHT_RELA, C.SHT_REL, C.SHT_GROUP,
               C.SHT_SYMTAB_SHNDX)


def _sec_key(s):
    return s.name


def _sym_desc(sym):
    if sym is None:
        return "0"
    if sym.type == C.STT_SECTION:
        return f"[{sym.section.name if sym.section else sym.name}]"
    return sym.name


def _sym_section(sym):
    if sym.section is not None:
        return sym.section.name
    return {C.SHN_UNDEF: "UND", C.SHN_ABS: "ABS", C.SHN_COMMON: "COM"}.get(sym.shndx,
                                                                          str(sym.shndx))


def compare_objects(a_bytes, b_bytes, debug_line=False, all_sections=False, limit=20):
    """Differences between object a (ours) and b (reference)."""
    a = read_object(a_bytes, "ours")
    b = read_object(b_bytes, "gas")
    diffs = []

    def want(s):
        if s.type in _SKIP_TYPES:
            return False
        if s.flags & C.SHF_ALLOC or all_sections:
            return True
        if s.name == ".eh_frame":
            return True
        if debug_line and s.name == ".debug_line":
            return True
        return False

    # sections are compared by name and occurrence (COMDAT groups repeat names)
    def secmap(o):
        m = {}
        for s in o.sections:
            if want(s):
                m.setdefault(s.name, []).append(s)
        return m

    ma, mb = secmap(a), secmap(b)
    for name in sorted(set(ma) | set(mb)):
        la, lb = ma.get(name, []), mb.get(name, [])
        if len(la) != len(lb):
            diffs.append(f"section {name}: {len(la)} vs {len(lb)} instances")
            continue
        for sa, sb in zip(la, lb):
            if sa.type != sb.type or sa.flags != sb.flags:
                diffs.append(f"section {name}: type/flags {sa.type:#x}/{sa.flags:#x} vs "
                             f"{sb.type:#x}/{sb.flags:#x}")
            if sa.sh_size != sb.sh_size:
                diffs.append(f"section {name}: size {sa.sh_size:#x} vs {sb.sh_size:#x}")
            elif sa.type != C.SHT_NOBITS and sa.data != sb.data:
                i = next(k for k in range(len(sa.data)) if sa.data[k] != sb.data[k])
                diffs.append(f"section {name}: bytes differ at {i:#x}: "
                             f"{bytes(sa.data[i:i + 8]).hex()} vs {bytes(sb.data[i:i + 8]).hex()}")
            if sa.align != sb.align and (sa.flags & C.SHF_ALLOC):
                diffs.append(f"section {name}: align {sa.align} vs {sb.align}")
            if sa.entsize != sb.entsize:
                diffs.append(f"section {name}: entsize {sa.entsize} vs {sb.entsize}")
            ra = [(r.offset, r.type, _sym_desc(r.sym), r.addend) for r in sa.relocs]
            rb = [(r.offset, r.type, _sym_desc(r.sym), r.addend) for r in sb.relocs]
            if sorted(ra) != sorted(rb):
                sa_, sb_ = set(ra), set(rb)
                only_a = sorted(sa_ - sb_)[:3]
                only_b = sorted(sb_ - sa_)[:3]
                diffs.append(f"section {name}: relocations differ ({len(ra)} vs {len(rb)}); "
                             f"ours only {only_a}; gas only {only_b}")
    # symbols (as a multiset; section symbols and file symbols by section/name)
    def syms(o):
        out = []
        for s in o.symbols:
            if s.type == C.STT_SECTION:
                continue
            out.append((s.name, s.bind, s.type, _sym_section(s), s.value, s.size,
                        s.other & 3))
        return sorted(out)
    sa_, sb_ = syms(a), syms(b)
    if sa_ != sb_:
        x, y = set(sa_), set(sb_)
        diffs.append(f"symbols differ: ours only {sorted(x - y)[:4]}; gas only "
                     f"{sorted(y - x)[:4]}")
    if a.flags != b.flags:
        diffs.append(f"e_flags {a.flags:#x} vs {b.flags:#x}")
    return diffs[:limit]


def main(argv):
    with open(argv[0], "rb") as f:
        a = f.read()
    with open(argv[1], "rb") as f:
        b = f.read()
    d = compare_objects(a, b, debug_line="--debug-line" in argv, all_sections="--all" in argv)
    for line in d:
        print(line)
    return 1 if d else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
