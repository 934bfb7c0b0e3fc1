"""pyld: command-line entry point (GNU ld compatible) and the link pipeline.

:func:`link` reads top to bottom as the table of contents of the linker.
"""
from __future__ import annotations

import importlib
import itertools
import os
import stat
import struct
import sys

from .. import __version__
from ..cli import expand_response_files, version_text
from ..diag import Diagnostics, FatalStop, ToolError, run_main
from ..diag import atomic_write as _atomic_write
from ..elf import constants as C
from ..elf.image import ImageSection, ImageSegment, grow, write_image
from ..elf.strtab import StringTableBuilder
from ..targets import EMULATIONS, get_target
from . import dynsec
from .eh_frame import build_eh_frame_hdr, prepare_eh_frame
from .inputs import LinkState
from .layout import layout
from .model import DEF, DSO, LINKER, UNDEF, WEAK
from .options import parse_args
from .output import OutputImage, release
from .relocate import apply_all, scan
from .sections import (allocate_commons, build_output_sections, define_linker_symbols,
                       gc_sections)
from .versions import apply_version_script

PROG = "pyld"

# GNU ld's compatibility level: libtool and configure scripts look for "GNU" in `ld -v` (and
# take the last number as the version) and for option names and ": supported targets: ... elf"
# in `ld --help` before they use GNU ld's shared-library commands.
GNU_LD_LEVEL = "2.40"
TARGET_BFDS = "elf64-x86-64 elf64-littleaarch64 elf64-littleriscv"

HELP = """Usage: pyld [options] file...
Options (GNU ld compatible):
  -o FILE, --output=FILE      Set output file name
  -e ADDRESS, --entry ADDRESS Set start address
  -L DIRECTORY, --library-path DIRECTORY
                              Add DIRECTORY to library search path
  -l LIBNAME, --library LIBNAME
                              Search for library LIBNAME
  -m EMULATION                Set emulation (elf_x86_64, aarch64linux, elf64lriscv)
  -r, -i, --relocatable       Generate relocatable output
  -s, --strip-all             Strip all symbols
  -S, --strip-debug           Strip debugging symbols
  -E, --export-dynamic        Export all dynamic symbols
  --no-export-dynamic         Undo the effect of --export-dynamic
  -u SYMBOL, --undefined SYMBOL
                              Start with undefined reference to SYMBOL
  -T FILE, --script FILE      Read linker script (INPUT, GROUP, AS_NEEDED, SEARCH_DIR, ENTRY)
  -shared, -Bshareable        Create a shared library
  -pie, --pic-executable      Create a position independent executable
  -no-pie                     Create a position dependent executable (default)
  -static, -Bstatic, -dn      Do not link against shared libraries
  -Bdynamic, -dy              Link against shared libraries
  -static-pie                 Create a static position independent executable
  -Bsymbolic                  Bind global references locally
  -soname NAME, -h NAME       Set internal name of shared library
  -rpath PATH                 Set runtime shared library search path
  -rpath-link PATH            Set link time shared library search path
  -dynamic-linker PROGRAM, -I PROGRAM
                              Set PROGRAM as the dynamic linker to use
  --no-dynamic-linker         Produce an executable with no program interpreter header
  --sysroot=DIRECTORY         Override the default sysroot location
  --as-needed                 Only set DT_NEEDED for following dynamic libs if used
  --no-as-needed              Always set DT_NEEDED for dynamic libraries mentioned on
                                the command line
  --whole-archive             Include all objects from following archives
  --no-whole-archive          Turn off --whole-archive
  --push-state, --pop-state   Save and restore the state of --as-needed, --whole-archive, -Bstatic
  --start-group, -(           Start a group
  --end-group, -)             End a group
  --gc-sections               Remove unused sections (on some targets)
  --no-gc-sections            Don't remove unused sections (default)
  --print-gc-sections         List removed unused sections on stderr
  --defsym SYMBOL=EXPRESSION  Define a symbol
  -Map FILE                   Write a map file
  --version-script FILE       Read version information script
  --no-undefined              Do not allow unresolved references in object files
  --allow-shlib-undefined     Allow unresolved references in shared libraries
  --no-allow-shlib-undefined  Do not allow unresolved references in shared libs
  --build-id[=STYLE]          Generate build ID note (sha1, none)
  --eh-frame-hdr              Create .eh_frame_hdr section
  --no-eh-frame-hdr           Do not create .eh_frame_hdr section
  --hash-style=STYLE          Set hash style to sysv/gnu/both
  --fatal-warnings            Treat warnings as errors
  --relax, --no-relax         Enable or disable target-specific relaxations (RISC-V)
  --target=TRIPLE             Select the target (x86_64-linux-gnu, aarch64-linux-gnu,
                                riscv64-linux-gnu)
  -z now, -z lazy             Mark object for immediate or lazy function binding
  -z relro, -z norelro        Create (or not) a RELRO program header
  -z execstack, -z noexecstack
                              Mark executable as requiring (or not) an executable stack
  -z defs                     Report unresolved symbols in object files
  @FILE                       Read options from FILE
  -v, --version               Print version information
  -V                          Print version and emulation information
  --help                      Print option help
pyld: supported targets: """ + TARGET_BFDS + """
pyld: supported emulations: elf_x86_64 aarch64linux elf64lriscv
"""


def link(ln) -> OutputImage:
    """The whole link, step by step; returns the output image (a temporary file, made the
    output by its ``commit``)."""
    ln.load_all()                          # inputs read, symbols resolved, archive members pulled
    decide_output_kind(ln)                 # static / dynamic executable or shared object
    define_linker_symbols(ln)              # _end, __start_SEC, _GLOBAL_OFFSET_TABLE_, ...
    apply_defsyms(ln)                      # --defsym
    apply_version_script(ln)               # --version-script: versions and local: patterns
    check_undefined(ln)                    # undefined symbols nobody references via relocs too
    if ln.opts.gc_sections:
        gc_sections(ln, gc_roots(ln))      # --gc-sections
    allocate_commons(ln)                   # COMMON symbols into .bss
    build_output_sections(ln)              # input sections -> output sections
    prepare_eh_frame(ln)                   # drop FDEs of discarded code, size .eh_frame_hdr
    scan(ln)                               # GOT/PLT/copy/dynamic relocation needs
    stop_on_errors(ln)
    dynsec.create(ln)                      # .dynsym, .plt, .got, .rela.*, .dynamic sizes
    place_copies(ln)                       # copy-relocated objects into .bss
    stop_on_errors(ln)
    layout(ln)                             # addresses, segments
    finalize_symbols(ln)                   # every symbol's final value
    relax_code(ln)                         # RISC-V: shorter sequences, bytes deleted
    out = OutputImage(ln.opts.output, ln.file_end, written_bytes(ln))   # sparse, mapped
    try:
        buf = out.buf
        copy_sections(ln, buf)             # section contents into the output image
        apply_all(ln, buf)                 # relocations
        dynsec.fill(ln, buf)               # GOT, PLT, dynamic tables
        build_eh_frame_hdr(ln, buf)        # .eh_frame_hdr binary search table
        stop_on_errors(ln)
        write_output(ln, buf)              # headers, .symtab, section headers
        write_build_id(ln, out)            # --build-id over the final bytes
    except BaseException:
        out.discard()                      # no partial output
        raise
    return out


# ----------------------------------------------------------------------------------------------

def pick_target(opts):
    if opts.emulation:
        t = EMULATIONS.get(opts.emulation)
        if t is None:
            raise ToolError(f"unrecognised emulation mode: {opts.emulation}\nSupported "
                            f"emulations: {' '.join(EMULATIONS)}")
        return t
    return get_target(opts.target)


def decide_output_kind(ln) -> None:
    """Like GNU ld: the output is dynamic when it is a shared object or PIE, or when a shared
    library took part in the link; -static-pie (--no-dynamic-linker) gets no PT_INTERP."""
    o = ln.opts
    ln.dynamic = o.shared or bool(ln.dsos) or o.pie
    ln.pic = o.pie or o.shared


def stop_on_errors(ln) -> None:
    if ln.diag.failed:
        raise FatalStop()


def apply_defsyms(ln) -> None:
    for name, expr in ln.opts.defsyms:
        g = ln.gsym(name)
        try:
            v = int(expr, 0)
            g.kind = LINKER
            g.linker = ("abs", v)
        except ValueError:
            if expr in ln.symbols or expr.replace("_", "a").isalnum():
                g.kind = LINKER
                g.linker = ("alias", expr)
                ln.gsym(expr)
            else:
                raise ToolError(f"--defsym:1: syntax error in expression '{expr}'") from None
        ln.undefs.pop(name, None)


def check_undefined(ln) -> None:
    """-u symbols and the entry symbol must not stay undefined when asked (-z defs etc.)."""
    if ln.opts.shared and (ln.opts.z_defs or ln.opts.no_undefined):
        for g in ln.symbols.values():
            if g.kind == UNDEF and g.strong_ref:
                ln.diag.error(f"undefined reference to `{g.name}'")


def gc_roots(ln):
    roots = []
    entry = ln.opts.entry or ("_start" if not ln.opts.shared else None)
    if entry:
        roots.append(ln.symbols.get(entry))
    for name in ln.opts.undefined:
        roots.append(ln.symbols.get(name))
    for name in ("_init", "_fini"):
        roots.append(ln.symbols.get(name))
    for g in ln.symbols.values():
        if ln.opts.shared or ln.opts.export_dynamic:
            if g.kind in (DEF, WEAK) and g.vis in (C.STV_DEFAULT, C.STV_PROTECTED):
                roots.append(g)
        elif g.kind in (DEF, WEAK):
            for so in ln.dsos:
                if g.name in so.undefined:
                    roots.append(g)
                    break
    return roots


def relax_code(ln) -> None:
    """Linker relaxation (RISC-V): the target rewrites and shortens code once addresses are
    known, then everything is laid out again."""
    hook = getattr(ln.arch, "relax", None)
    if hook is None or not ln.opts.relax:
        return

    def relayout():
        layout(ln)
        finalize_symbols(ln)
    hook(ln, relayout)


def place_copies(ln) -> None:
    if not ln.copies:
        return
    from .model import OutSec
    from .sections import rank_of
    bss = ln.outs.get(".bss")
    if bss is None:
        bss = OutSec(".bss", C.SHT_NOBITS, C.SHF_ALLOC | C.SHF_WRITE,
                     rank_of(".bss", C.SHT_NOBITS, C.SHF_WRITE) + (0,))
        ln.outs[".bss"] = bss
    for g in ln.copies:
        bss.inputs.append(g.copy)
        bss.align = max(bss.align, g.copy.align)
        ln.copy_file.out_of[g.copy] = bss


def finalize_symbols(ln) -> None:
    outs = ln.outs
    olist = ln.out_list
    arch = ln.arch
    base = 0 if ln.pic else arch.image_base
    nontls = [o for o in olist if not o.flags & C.SHF_TLS]
    end = max((o.addr + o.size for o in nontls), default=base)
    prog = [o for o in nontls if o.type != C.SHT_NOBITS]
    edata = max((o.addr + o.size for o in prog if o.flags & C.SHF_WRITE), default=end)
    nob = [o for o in nontls if o.type == C.SHT_NOBITS]
    bss_start = min((o.addr for o in nob), default=edata)
    etext = max((o.addr + o.size for o in nontls if o.flags & C.SHF_EXECINSTR), default=base)
    if arch.got_symbol == "gotplt" and ln.gotplt_sec is not None:
        gotsym = ln.gotplt_sec.addr
    elif ln.got_sec is not None:
        gotsym = ln.got_sec.addr
    elif ln.gotplt_sec is not None:
        gotsym = ln.gotplt_sec.addr
    else:
        gotsym = 0
    ln.got_base = gotsym
    data_start = min((o.addr for o in nontls if o.flags & C.SHF_WRITE), default=end)
    # __global_pointer$ (RISC-V) where GNU ld's default script puts it:
    # min(small data start + 0x800, max(.data start + 0x800, end of .bss - 0x800))
    data = outs.get(".data")
    data = data if data is not None and data in olist else None
    small = [o.addr for o in olist if o.name in (".srodata", ".sdata") and o.size]
    data_begin = data.addr if data is not None else data_start
    sdata_begin = min(small) if small else (data.addr + data.size if data is not None
                                            else data_start)
    gp = min(sdata_begin + 0x800, max(data_begin + 0x800, end - 0x800))
    ln.gp = gp

    def linker_value(g):
        spec = g.linker
        k = spec[0]
        if k == "end":
            return end
        if k == "edata":
            return edata
        if k == "bss_start":
            return bss_start
        if k == "etext":
            return etext
        if k == "ehdr":
            return base
        if k == "got":
            return gotsym
        if k == "dynamic":
            return ln.dynamic_sec.addr if ln.dynamic_sec is not None else 0
        if k in ("start", "stop"):
            o = outs.get(spec[1])
            if o is None or o not in olist:
                if spec[1] in (".init_array", ".fini_array", ".preinit_array"):
                    return base
                return 0
            return o.addr if k == "start" else o.addr + o.size
        if k in ("iplt_start", "iplt_end"):
            if ln.dynamic or ln.relaplt_sec is None:
                return 0
            r = ln.relaplt_sec
            return r.addr if k == "iplt_start" else r.addr + r.size
        if k == "gp":
            return gp
        if k == "tls_base":
            return ln.tls[0]
        if k == "abs":
            return spec[1]
        if k == "alias":
            t = ln.symbols.get(spec[1])
            return t.value if t is not None else 0
        return 0

    aliases = []
    for g in itertools.chain(ln.symbols.values(), ln.local_ifuncs):
        k = g.kind
        if k in (DEF, WEAK):
            d = g.defn
            sec = d.section
            if sec is None:
                v = d.value if d.shndx == C.SHN_ABS else 0
            elif sec.extra is None:
                v = 0
            else:
                v = sec.addr + d.value
            if g.plt >= 0 and g.plt_canonical:
                v = ln.plt_entry_addr(g)
            g.value = v
        elif k == LINKER:
            if g.linker[0] == "alias":
                aliases.append(g)
            else:
                g.value = linker_value(g)
        elif k == DSO:
            if g.copy is not None:
                g.value = g.copy.addr
            elif g.plt >= 0 and g.plt_canonical:
                g.value = ln.plt_entry_addr(g)
            else:
                g.value = 0
        else:
            g.value = 0
    for g in aliases:
        g.value = linker_value(g)


def copy_sections(ln, buf) -> None:
    """Each output section's inputs at their offsets in ``buf`` (the zero-filled image); zeros
    (NOBITS inputs, gaps of data sections) are left unwritten, code gaps get the nop fill."""
    for o in ln.out_list:
        if o.synth or o.type == C.SHT_NOBITS:
            continue
        base = o.offset
        nop = ln.arch.nop if o.flags & C.SHF_EXECINSTR else None
        pos = 0
        for sec in o.inputs:
            if nop is not None and sec.offset > pos:
                _fill_nops(buf, base, pos, sec.offset, nop)
            if sec.type == C.SHT_NOBITS:
                pos = sec.offset + sec.size      # zeros, as GNU ld writes them
                continue
            d = sec.data
            if d:
                p = base + sec.offset
                buf[p:p + len(d)] = d
                if len(d) >= _RELEASE_MIN:     # a big input: its pages and the copy's back
                    sec.extra.release()
                    release(buf, p, p + len(d))
            pos = sec.offset + len(d)
        if nop is not None and o.size > pos:
            _fill_nops(buf, base, pos, o.size, nop)
        release(buf, base, base + o.size)     # written: the file has it (pages given back)


def written_bytes(ln) -> int:
    """The bytes of the image the link writes: section contents and code fill (a data
    section's gaps and NOBITS inputs stay holes)."""
    n = C.EHDR_SIZE
    for o in ln.out_list:
        if o.type == C.SHT_NOBITS:
            continue
        if o.synth or o.flags & C.SHF_EXECINSTR:
            n += o.size
        else:
            n += sum(len(sec.data or b"") for sec in o.inputs if sec.type != C.SHT_NOBITS)
    return n


_FILL_CHUNK = 1 << 20
_RELEASE_MIN = 1 << 18


def _fill_nops(buf, base: int, start: int, end: int, nop: bytes) -> None:
    """The code fill between input sections: ``nop`` repeated from the output section's start
    (``base``), written over ``[start, end)`` in bounded pieces (a huge alignment gap needs no
    copy of its size)."""
    n = len(nop)
    pattern = nop * (_FILL_CHUNK // n)
    while start < end:
        k = min(end - start, len(pattern) - n)
        r = start % n
        buf[base + start:base + start + k] = pattern[r:r + k]
        if k == len(pattern) - n:
            release(buf, base + start, base + start + k)     # a huge fill's pages given back
        start += k


def _entry(ln) -> int:
    opts = ln.opts
    name = opts.entry
    if name is None and opts.shared:
        return 0
    name = name or "_start"
    g = ln.symbols.get(name)
    if g is not None and (g.kind in (DEF, WEAK, LINKER) or g.copy is not None):
        return g.value
    try:
        return int(name, 0)
    except ValueError:
        pass
    text = ln.outs.get(".text")
    addr = text.addr if text is not None and text in ln.out_list else 0
    ln.diag.warning(f"cannot find entry symbol {name}; defaulting to {addr:016x}")
    return addr


def write_output(ln, buf) -> bytearray:
    opts = ln.opts
    secs = []
    for o in ln.out_list:
        link = 0
        if o.name in (".dynsym", ".gnu.version_r", ".gnu.version_d", ".dynamic"):
            link = ln.dynstr_sec.index if ln.dynstr_sec is not None else 0
        elif o.name in (".gnu.hash", ".hash", ".gnu.version", ".rela.dyn", ".rela.plt"):
            link = ln.dynsym_sec.index if ln.dynsym_sec is not None else 0
        info = o.info
        if o.name == ".rela.plt" and ln.dynamic and ln.gotplt_sec is not None:
            info = ln.gotplt_sec.index
        if o.name == ".dynsym":
            info = 1
        secs.append(ImageSection(o.name, o.type, o.flags, o.addr, o.offset, o.size, link, info,
                                 o.align, o.entsize))
    infos = set()
    ds = ln.dynsym_sec
    if ds is not None and ds in ln.out_list:
        infos.update(buf[ds.offset + 4:ds.offset + ds.size:C.SYM_SIZE])
    if not opts.strip_all:
        symtab, strtab, nlocal = build_symtab(ln)
        infos.update(symtab[4::C.SYM_SIZE])
        off = len(buf) + ((-len(buf)) % 8)
        stoff = off + len(symtab)
        grow(buf, bytes(off - len(buf)))
        grow(buf, symtab)
        del symtab
        grow(buf, strtab)
        n = len(secs)
        secs.append(ImageSection(".symtab", C.SHT_SYMTAB, 0, 0, off, stoff - off, n + 2,
                                 nlocal, 8, C.SYM_SIZE))
        secs.append(ImageSection(".strtab", C.SHT_STRTAB, 0, 0, stoff, len(strtab), 0, 0, 1))
    segs = [ImageSegment(s.type, s.flags, s.offset, s.vaddr, s.filesz, s.memsz, s.align)
            for s in ln.segments]
    etype = C.ET_DYN if ln.pic else C.ET_EXEC
    entry = _entry(ln)
    flags = ln.first_flags or ln.target.arch.ELF_FLAGS
    return write_image(buf, etype, ln.machine, flags, entry, segs, secs, osabi_for(infos))


def osabi_for(infos) -> int:
    """ELFOSABI_GNU when the output's symbol tables hold an IFUNC or GNU_UNIQUE symbol (given
    their ``st_info`` bytes), as GNU ld writes it; else ELFOSABI_NONE."""
    gnu = any(i & 0xF == C.STT_GNU_IFUNC or i >> 4 == C.STB_GNU_UNIQUE for i in infos)
    return C.ELFOSABI_GNU if gnu else C.ELFOSABI_NONE


_SYM = struct.Struct("<IBBHQQ")


def build_symtab(ln):
    """``.symtab`` (locals, hidden globals, then globals), ``.strtab`` and the count of local
    entries. Each entry is packed as it is found, its name offset filled in once the string
    table is laid out (no list of entry tuples: a symbol costs its 24 bytes and a reference
    to its name while the table is built)."""
    index_of = ln.index_of_addr
    m64 = 0xFFFFFFFFFFFFFFFF
    pack = _SYM.pack_into
    size = C.SYM_SIZE
    loc = bytearray(size)              # the null symbol, then the locals
    loc_names = [None]
    for f in ln.files:
        out_of = f.out_of
        for s in f.obj.symbols:
            if s.bind != C.STB_LOCAL or s.type in (C.STT_SECTION, C.STT_FILE) or not s.name:
                continue
            sec = s.section
            if sec is None or sec.extra is None or s.name.startswith(".L"):
                continue
            o = out_of.get(sec)
            if o is None:
                continue
            v = sec.addr + s.value
            if s.type == C.STT_TLS:
                v -= ln.tls[0]
            loc_names.append(s.name)
            loc += bytes(size)
            pack(loc, len(loc) - size, 0, s.type & 0xF, s.other, o.index & 0xFFFF, v & m64,
                 s.size & m64)
    hidden, hidden_names = bytearray(), []
    glob, glob_names = bytearray(), []
    for g in sorted(ln.symbols.values(), key=lambda g: g.name):
        e = _global_entry(ln, g, index_of)
        if e is None:
            continue
        name, bind, typ, vis, shndx, value, sz = e
        if bind == C.STB_LOCAL:
            tab, names = hidden, hidden_names
        else:
            tab, names = glob, glob_names
        names.append(name)
        tab += bytes(size)
        pack(tab, len(tab) - size, 0, (bind << 4) | (typ & 0xF), vis, shndx & 0xFFFF,
             value & m64, sz & m64)
    st = StringTableBuilder()
    for names in (loc_names, hidden_names, glob_names):
        for name in names:
            if name is not None:
                st.add(name)
    strtab = st.finalize()
    off = st.offset
    nlocal = len(loc_names) + len(hidden_names)
    out = loc
    del loc
    out += hidden
    del hidden
    out += glob
    del glob
    i = 0
    for names in (loc_names, hidden_names, glob_names):
        for name in names:
            if name is not None:
                struct.pack_into("<I", out, i, off(name))
            i += size
    return out, strtab, nlocal


def _global_entry(ln, g, index_of):
    """(name, binding, type, visibility, section index, value, size) of global symbol ``g``
    in ``.symtab``, or None when it has no entry."""
    k = g.kind
    if k in (DEF, WEAK):
        d = g.defn
        if d.section is None:
            shndx = C.SHN_ABS if d.shndx == C.SHN_ABS else 0
        elif d.section.extra is None:
            return None
        else:
            o = (d.section.extra.out_of.get(d.section) if hasattr(d.section.extra, "out_of")
                 else None)
            shndx = o.index if o is not None else index_of(g.value)
        bind = C.STB_WEAK if d.bind == C.STB_WEAK else C.STB_GLOBAL
        if g.vis in (C.STV_HIDDEN, C.STV_INTERNAL):
            bind = C.STB_LOCAL
        typ = g.type
        v = g.value
        if typ == C.STT_TLS:
            v -= ln.tls[0]
            shndx = ln.tls_index
        return (g.name, bind, typ, g.vis, shndx, v, g.size)
    if k == LINKER:
        return (g.name, C.STB_GLOBAL if g.vis not in (2, 3) else C.STB_LOCAL,
                C.STT_NOTYPE, g.vis, index_of(g.value), g.value, 0)
    if k == DSO:
        if g.copy is not None:
            return (g.name, C.STB_GLOBAL, g.type, 0, index_of(g.value), g.value, g.size)
        nm = g.name + (f"@{g.version}" if g.version else "")
        return (nm, C.STB_GLOBAL, g.type, 0, 0, g.value if g.plt_canonical else 0, 0)
    if g.weak_ref or g.strong_ref:
        return (g.name, C.STB_WEAK if not g.strong_ref else C.STB_GLOBAL, C.STT_NOTYPE, 0, 0,
                0, 0)
    return None


def write_build_id(ln, out) -> None:
    sec = ln.buildid_sec
    if sec is None:
        return
    style = ln.opts.build_id
    n = sec.size - 16
    struct.pack_into("<III4s", out.buf, sec.offset, 4, n, C.NT_GNU_BUILD_ID, b"GNU\0")
    if style.startswith("0x"):
        digest = bytes.fromhex(style[2:])
    elif style in ("md5", "uuid"):
        digest = out.digest("md5")
    else:
        digest = out.digest("sha1")
    out.buf[sec.offset + 16:sec.offset + 16 + n] = digest[:n]


def write_map(ln, path: str) -> None:
    lines = ["Memory map", ""]
    for o in ln.out_list:
        lines.append(f"{o.name:<24} 0x{o.addr:016x} 0x{o.size:x}")
        for sec in o.inputs:
            f = sec.extra
            label = f.label if f is not None and hasattr(f, "label") else ""
            size = sec.size if sec.type == C.SHT_NOBITS else len(sec.data or b"")
            lines.append(f" {sec.name:<23} 0x{sec.addr:016x} 0x{size:x} {label}")
    atomic_write(path, ("\n".join(lines) + "\n").encode())


# ----------------------------------------------------------------------------------------------

def atomic_write(path: str, data, mode: int | None = None) -> None:
    """diag.atomic_write, except that an existing non-regular output (``-o /dev/null``, a FIFO,
    a terminal) is written in place: renaming a temporary file over it would replace the device
    node itself."""
    try:
        st = os.stat(path)
    except OSError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        try:
            with open(path, "wb") as f:
                f.write(data)
        except OSError as e:
            raise ToolError(f"cannot open output file {path}: {e.strerror}")
        return
    _atomic_write(path, data, mode)


def version_banner(form: str, triple: str) -> str:
    """``-v`` (one line, GNU ld's shape ``NAME (PACKAGE) VERSION``), ``--version`` (that line and
    the usual notice) or ``-V`` (that line and the emulations)."""
    first = f"{PROG} (pytoolchain {__version__}, compatible with GNU ld) {GNU_LD_LEVEL}\n"
    if form == "v":
        return first
    if form == "V":
        return first + "  Supported emulations:\n" + "".join(f"   {e}\n" for e in EMULATIONS)
    return first + version_text(PROG, "linker", triple).split("\n", 1)[1]


def _main(argv: list[str]) -> int:
    argv = expand_response_files(argv)
    opts = parse_args(argv)
    if opts.help:
        sys.stdout.write(HELP)
        return 0
    t = pick_target(opts)
    if opts.version:
        sys.stdout.write(version_banner(opts.version_form, t.triple))
        if not opts.inputs:
            return 0
    if not opts.inputs:
        raise ToolError("no input files")
    diag = Diagnostics(PROG, "ld")
    diag.werror = opts.fatal_warnings
    ln = LinkState(opts, t, diag)
    ln.arch = importlib.import_module(f"toolchain.arch.{t.name}.link").LINK
    ln.relocs = importlib.import_module(f"toolchain.arch.{t.name}.relocs").RELOCS
    # a target that relaxes rewrites code and relocations in place: writable copies
    ln.edit_code = bool(opts.relax and getattr(ln.arch, "relax", None) is not None
                        and not opts.relocatable)
    if opts.relocatable:
        if opts.shared:
            raise ToolError("-r and -shared may not be used together")
        from .relocatable import link_relocatable
        link_relocatable(ln).commit(0o644)
        return 0
    link(ln).commit(0o755)
    if opts.map_file:
        write_map(ln, opts.map_file)
    return 0


def _main_bounded(argv: list[str]) -> int:
    """_main, with running out of memory (an address-space limit, a huge input) a located
    error and exit 1 like GNU ld's, not an internal error (the output image was removed on
    the way out)."""
    try:
        return _main(argv)
    except MemoryError:
        raise ToolError("final link failed: memory exhausted") from None


def main(argv: list[str] | None = None) -> int:
    return run_main(PROG, _main_bounded, argv)
