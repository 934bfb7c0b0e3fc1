"""Loading the inputs: relocatable objects, archives (members pulled in by need, groups
iterated until nothing new is needed), shared objects and glibc's linker scripts; symbol
resolution happens as each file is added, in command-line order, like GNU ld."""
from __future__ import annotations

import errno
import mmap
import os
import resource
import stat

from ..diag import ToolError
from ..elf import constants as C
from ..elf.archive import Archive, ArchiveError, is_archive
from ..elf.dynamic import is_shared_object, read_shared_object
from ..elf.objfile import ElfError, parse_header, read_object, read_section_headers
from .model import COMMON, DEF, DSO, UNDEF, WEAK, GSym, InputFile


_ENTSIZE = {C.SHT_SYMTAB: C.SYM_SIZE, C.SHT_DYNSYM: C.SYM_SIZE, C.SHT_RELA: C.RELA_SIZE,
            C.SHT_REL: C.REL_SIZE}


def check_tables(data: bytes, label: str) -> None:
    """The header checks that make GNU ld (BFD) say "file format not recognized" for an object
    or shared object: a symbol or relocation table whose entry size is not its ELF64 entry's
    or whose link is past the section table, a symbol table whose first global (``sh_info``)
    is past its end; and BFD's error for a symbol table whose strings are not a string table."""
    try:
        shdrs, _ = read_section_headers(data, label, parse_header(data, label))
    except ElfError as e:
        raise ToolError(str(e)) from None
    n = len(shdrs)
    for sh in shdrs:
        want = _ENTSIZE.get(sh[1])
        if want is not None and (sh[9] != want or sh[6] >= n or
                                 (sh[1] != C.SHT_RELA and sh[1] != C.SHT_REL and
                                  sh[7] > sh[5] // want)):
            raise ToolError(f"{label}: file format not recognized")
        if sh[1] == C.SHT_SYMTAB and shdrs[sh[6]][1] != C.SHT_STRTAB:
            raise ToolError(f"{label}: attempt to load strings from a non-string section "
                            f"(number {sh[6]})")


def read_input_object(data, label: str, lazy_relocs: bool = True):
    """A relocatable object for the link (``check_tables`` first): section contents are views
    of ``data`` (the mapped file, not copied), relocations stay the file's bytes until used
    (``lazy_relocs``)."""
    check_tables(data, label)
    try:
        return read_object(data, label, views=True, lazy_relocs=lazy_relocs)
    except ElfError as e:
        raise ToolError(str(e)) from None


# Inputs from this size on are mapped (read-only) rather than read: a mapped file's pages are
# the page cache's, taken when touched and given back after the copy into the output. Smaller
# ones are read (a map holds a file descriptor: tens of thousands of small objects would run
# out of them).
MAP_MIN = 1 << 20
# File descriptors kept free of maps (the output, its temporary file, shared objects read).
FD_RESERVE = 64


def map_budget() -> int:
    """How many inputs may be mapped: each map holds a file descriptor, so the soft limit on
    open files is raised to the hard one first (as other linkers do), and FD_RESERVE stay
    free; inputs past the budget are read."""
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft != hard and soft != resource.RLIM_INFINITY:
            try:
                resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
                soft = hard
            except (ValueError, OSError):
                pass
    except (ValueError, OSError):
        return 0
    if soft == resource.RLIM_INFINITY:
        soft = 1 << 20
    return max(0, min(soft, 1 << 20) - FD_RESERVE)


# A file that is neither ELF nor an archive is read as a linker script only up to this size
# (a bigger one is not a script: "file format not recognized" without reading it whole).
SCRIPT_MAX = 16 << 20


class Linker:
    """State shared by the link steps."""

    def __init__(self, opts, target, diag):
        self.opts = opts
        self.target = target
        self.diag = diag
        self.machine = target.arch.EM
        self.files: list[InputFile] = []
        self.dsos = []
        self.dso_as_needed = {}
        self.symbols: dict[str, GSym] = {}
        self.undefs: dict[str, GSym] = {}      # strongly referenced, still undefined
        self.comdat: dict[str, object] = {}
        self.loaded_members = set()
        self.seen_files = set()
        self.dynamic = not opts.static and not opts.no_dynamic_linker or opts.shared
        self.pic = opts.pie or opts.shared
        self.first_flags = None
        self.arch = None
        self.gc_roots = []
        self.maps: list[mmap.mmap] = []        # the mapped inputs (read-only)
        self.map_budget = None                 # how many may be (map_budget, when needed)
        # the target rewrites code and relocations in place (RISC-V relaxation): code
        # sections are writable copies and relocations lists (set before loading)
        self.edit_code = False

    # -- symbol table --------------------------------------------------------------------------
    def gsym(self, name: str) -> GSym:
        g = self.symbols.get(name)
        if g is None:
            g = GSym(name)
            self.symbols[name] = g
        return g

    def _resolve_dso(self, g: GSym) -> bool:
        name = g.name
        base, _, ver = name.partition("@")
        for so in self.dsos:
            d = so.defined.get(base) if not ver else _versioned(so, base, ver.lstrip("@"))
            if d is not None:
                g.kind = DSO
                g.dso = so
                g.dsym = d
                g.type = d.type
                g.size = d.size
                g.version = d.version
                return True
        return False

    def add_object(self, obj, label: str) -> None:
        if obj.machine != self.machine:
            raise ToolError(f"{label}: file in wrong format (machine {obj.machine}, expected "
                            f"{self.machine})")
        f = InputFile(obj, label, len(self.files))
        self.files.append(f)
        if self.edit_code:
            for sec in obj.sections:
                if sec.flags & C.SHF_EXECINSTR and sec.data is not None:
                    sec.data = bytearray(sec.data)
        if self.first_flags is None:
            self.first_flags = obj.flags
        # COMDAT groups: the first group with a signature wins
        for sec in obj.sections:
            sec.extra = f
        for sec in obj.sections:
            if sec.type == C.SHT_GROUP and sec.group_flags & C.GRP_COMDAT:
                sig = sec.signature.name if sec.signature is not None else sec.name
                if sig in self.comdat:
                    for m in sec.members:
                        m.extra = None
                    sec.extra = None
                else:
                    self.comdat[sig] = f
        gsym = self.gsym
        undefs = self.undefs
        for s in obj.symbols:
            if s.bind == C.STB_LOCAL:
                continue
            g = gsym(s.name)
            s.extra = g
            vis = s.other & 3
            if vis and (g.vis == 0 or vis < g.vis):
                g.vis = vis
            shndx = s.shndx
            if shndx == C.SHN_UNDEF:
                if s.bind == C.STB_WEAK:
                    g.weak_ref = True
                else:
                    g.strong_ref = True
                if g.kind == UNDEF:
                    if self._resolve_dso(g):
                        continue
                    if s.bind != C.STB_WEAK:
                        undefs[g.name] = g
                continue
            if s.section is not None and s.section.extra is None:
                # defined in a discarded COMDAT member: the kept group's definition stands
                if g.kind == UNDEF and s.bind != C.STB_WEAK:
                    undefs.setdefault(g.name, g)
                continue
            if shndx == C.SHN_COMMON:
                kind = COMMON
            elif s.bind == C.STB_WEAK:
                kind = WEAK
            else:
                kind = DEF
            if g.kind == DEF and kind == DEF:
                self._multiple(g, f, s)
                continue
            if g.kind == COMMON and kind == COMMON:
                if s.size > g.size:
                    g.size = s.size
                    g.defn = s
                    g.file = f
                g.align = max(g.align, s.value)
                continue
            if kind > g.kind or (g.kind == DSO and kind >= WEAK):
                if kind == COMMON and g.kind in (WEAK,):
                    pass
                g.kind = kind
                g.defn = s
                g.file = f
                g.dso = None
                g.dsym = None
                g.type = s.type
                g.size = s.size
                if kind == COMMON:
                    g.align = max(g.align, s.value)
                undefs.pop(g.name, None)
            elif kind == COMMON and g.kind == DEF:
                pass

    def _multiple(self, g: GSym, f: InputFile, s) -> None:
        first = g.file
        sec = s.section.name if s.section is not None else "*ABS*"
        fsec = g.defn.section.name if g.defn.section is not None else "*ABS*"
        code = s.section is not None and s.section.flags & C.SHF_EXECINSTR
        if code:
            where = f"{f.label}: in function `{s.name}':\n{f.source_name()}:({sec}+{s.value:#x})"
            there = f"{first.label}:{first.source_name()}:({fsec}+{g.defn.value:#x})"
        else:
            where = f"{f.label}:({sec}+{s.value:#x})"
            there = f"{first.label}:({fsec}+{g.defn.value:#x})"
        self.diag.error(f"{where}: multiple definition of `{g.name}'; {there}: first defined "
                        f"here")

    def add_dso(self, so, as_needed: bool) -> None:
        if so.machine != self.machine:
            raise ToolError(f"{so.path}: file in wrong format")
        key = so.soname or os.path.basename(so.path)
        for o in self.dsos:
            if (o.soname or os.path.basename(o.path)) == key:
                return
        self.dsos.append(so)
        self.dso_as_needed[id(so)] = as_needed
        defined = so.defined
        for name in list(self.undefs):
            if name in defined or ("@" in name and _versioned(so, *_split_ver(name))):
                g = self.undefs.pop(name)
                self._resolve_dso(g)
        for g in self.symbols.values():
            if g.kind == UNDEF and g.weak_ref and g.name in defined:
                self._resolve_dso(g)
        for name in so.undefined:
            g = self.symbols.get(name)
            if g is not None:
                g.dso_ref = True

    # -- files -----------------------------------------------------------------------------
    def find_lib(self, name: str, static: bool) -> str:
        dirs = self.opts.lib_dirs + self.target.library_path()
        if name.startswith(":"):
            cands = [name[1:]]
        elif static:
            cands = [f"lib{name}.a"]
        else:
            cands = [f"lib{name}.so", f"lib{name}.a"]
        for d in dirs:
            for c in cands:
                p = os.path.join(d, c)
                if os.path.isfile(p):
                    return p
        raise ToolError(f"cannot find -l{name}: No such file or directory")

    def read_file(self, path: str):
        """The file's bytes: a read-only map (``MAP_MIN`` and up) or ``bytes``."""
        try:
            with open(path, "rb") as fh:
                st = os.fstat(fh.fileno())
                size = st.st_size
                if not stat.S_ISREG(st.st_mode):
                    # a device or FIFO: an object or archive (`<(cat big.o)`) is read to
                    # its end; anything else as far as a linker script may go, beyond that
                    # it is not one (/dev/zero never ends)
                    data = fh.read(SCRIPT_MAX + 1)
                    if data[:4] == b"\x7fELF" or data[:8] in (b"!<arch>\n", b"!<thin>\n"):
                        return data + fh.read()
                    if len(data) > SCRIPT_MAX:
                        raise ToolError(f"{path}: file format not recognized")
                    return data
                if size >= MAP_MIN and size and self.map_budget is None:
                    self.map_budget = map_budget()
                if size >= MAP_MIN and size and len(self.maps) < self.map_budget:
                    try:
                        m = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
                    except OSError as e:
                        if e.errno not in (errno.EMFILE, errno.ENFILE, errno.ENOMEM,
                                           errno.ENODEV, errno.EACCES):
                            raise
                    else:
                        self.maps.append(m)
                        return m
                return fh.read()
        except FileNotFoundError:
            raise ToolError(f"cannot find {path}: No such file or directory") from None
        except IsADirectoryError:
            raise ToolError(f"{path}: file format not recognized") from None
        except OSError as e:
            raise ToolError(f"cannot open {path}: {e.strerror}") from None
        except (MemoryError, OverflowError, ValueError):
            raise ToolError(f"{path}: memory exhausted") from None

    def release_inputs(self) -> None:
        """Give back the pages of the mapped inputs read so far (a later access maps them
        again from the file)."""
        for m in self.maps:
            m.madvise(mmap.MADV_DONTNEED)

    def load(self, path: str, spec, group_archives: list) -> None:
        data = self.read_file(path)
        if data[:4] == C.ELFMAG:
            if len(data) >= 18 and is_shared_object(data):
                if self.opts.static and not self.opts.shared and spec.static:
                    raise ToolError(f"attempted static link of dynamic object `{path}'")
                check_tables(data, path)
                try:
                    so = read_shared_object(data, path)
                except ElfError as e:
                    raise ToolError(str(e)) from None
                self.add_dso(so, spec.as_needed)
                return
            self.add_object(read_input_object(data, path, not self.edit_code), path)
            self._mapped(data, 0, len(data))
            return
        if is_archive(data):
            try:
                ar = Archive(path, data)
            except ArchiveError as e:
                raise ToolError(str(e)) from None
            if spec.whole_archive:
                for m in ar.members:
                    self._load_member(ar, m)
            else:
                self.pull_from_archive(ar)
                group_archives.append(ar)
            return
        # a linker script (glibc's libc.so, libgcc_s.so...)
        if len(data) > SCRIPT_MAX:
            raise ToolError(f"{path}: file format not recognized")
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            raise ToolError(f"{path}: file format not recognized") from None
        from .script import parse_script
        items = parse_script(text, path)
        self._load_script(items, path, spec, group_archives)

    def _load_script(self, items, path, spec, group_archives) -> None:
        from .options import InputSpec
        for kind, arg in items:
            if kind in ("GROUP", "INPUT"):
                archives = [] if kind == "GROUP" else group_archives
                for fname, as_needed in arg:
                    sub = InputSpec("file", fname, spec.as_needed or as_needed,
                                    spec.whole_archive, spec.static, spec.group)
                    if fname.startswith("-l"):
                        p = self.find_lib(fname[2:], spec.static)
                    else:
                        p = self._script_path(fname, path)
                    self.load(p, sub, archives)
                if kind == "GROUP":
                    self.iterate_group(archives)
                    group_archives.extend(archives)
            elif kind == "ENTRY":
                if self.opts.entry is None:
                    self.opts.entry = arg
            elif kind == "SEARCH_DIR":
                self.opts.lib_dirs.append(arg)
            elif kind == "UNSUPPORTED":
                raise ToolError(f"{path}: linker script command {arg} is not supported")

    def _script_path(self, fname: str, script: str) -> str:
        if os.path.isabs(fname):
            if self.opts.sysroot and os.path.isfile(self.opts.sysroot + fname):
                return self.opts.sysroot + fname
            if os.path.isfile(fname):
                return fname
            # cross libc.so scripts name paths under the target's sysroot
            alt = os.path.join(self.target.sysroot, fname.lstrip("/"))
            if os.path.isfile(alt):
                return alt
            return fname
        if os.path.isfile(fname):
            return fname
        for d in [os.path.dirname(script)] + self.opts.lib_dirs + self.target.library_path():
            p = os.path.join(d, fname)
            if os.path.isfile(p):
                return p
        return fname

    def _load_member(self, ar: Archive, m) -> bool:
        key = (ar.path, m.offset)
        if key in self.loaded_members:
            return False
        self.loaded_members.add(key)
        label = ar.member_label(m)
        try:
            data = ar.member_data(m)
        except ArchiveError as e:
            raise ToolError(str(e)) from None
        if data[:4] != C.ELFMAG:
            if m.name.endswith(".o"):
                raise ToolError(f"{label}: file format not recognized")
            return False
        self.add_object(read_input_object(data, label, not self.edit_code), label)
        if m.path is None:
            self._mapped(ar.data, m.offset + 60, m.size)
        return True

    def _mapped(self, data, offset: int, size: int) -> None:
        """The object just added is views of a mapped file: remember where, and give back
        the pages its reading touched."""
        if isinstance(data, mmap.mmap):
            f = self.files[-1]
            f.map = data
            f.span = (offset, size)
            f.release()

    def pull_from_archive(self, ar: Archive) -> bool:
        if not ar.has_index and ar.members:
            self._build_index(ar)
        pulled = False
        syms = ar.symbols
        while True:
            progress = False
            for name in list(self.undefs):
                offs = syms.get(name)
                if offs is None:
                    continue
                g = self.undefs.get(name)
                if g is None or g.kind != UNDEF:
                    continue
                for o in offs:
                    if self._load_member(ar, ar.member_at(o)):
                        progress = pulled = True
                        break
            if not progress:
                return pulled

    def _build_index(self, ar: Archive) -> None:
        for m in ar.members:
            try:
                obj = read_object(ar.member_data(m), ar.member_label(m), views=True,
                                  lazy_relocs=True)
            except (ElfError, ArchiveError):
                continue
            for s in obj.symbols:
                if s.bind != C.STB_LOCAL and s.shndx != C.SHN_UNDEF:
                    ar.symbols.setdefault(s.name, []).append(m.offset)
        ar.has_index = True

    def iterate_group(self, archives: list) -> None:
        while True:
            any_new = False
            for ar in archives:
                if self.pull_from_archive(ar):
                    any_new = True
            if not any_new:
                return

    def load_all(self) -> None:
        opts = self.opts
        for name in opts.undefined:
            g = self.gsym(name)
            g.strong_ref = True
            self.undefs[name] = g
        if opts.entry:
            g = self.gsym(opts.entry)
        specs = opts.inputs
        i = 0
        while i < len(specs):
            spec = specs[i]
            if spec.group:
                archives = []
                j = i
                while j < len(specs) and specs[j].group == spec.group:
                    self._load_spec(specs[j], archives)
                    j += 1
                self.iterate_group(archives)
                i = j
            else:
                self._load_spec(spec, [])
                i += 1

    def _load_spec(self, spec, archives) -> None:
        if spec.kind == "lib":
            path = self.find_lib(spec.name, spec.static or self.opts.static)
        else:
            path = spec.name
        self.load(path, spec, archives)


def _split_ver(name: str):
    base, _, ver = name.partition("@")
    return base, ver.lstrip("@")


def _versioned(so, base: str, ver: str):
    for s in so.symbols:
        if s.name == base and s.version == ver and s.shndx != C.SHN_UNDEF:
            return s
    return None


class LinkState(Linker):
    """The Linker plus the helpers the output steps use."""

    def __init__(self, opts, target, diag):
        super().__init__(opts, target, diag)
        self.dynsyms = {}
        self.verdefs = {}          # version name -> index (from --version-script)
        self.version_locals = None
        self.version_globals = None
        self.textrel = False
        self.has_static_tls = False
        self.dyn_addend_only = True
        self.got_base = 0
        self.gp = 0
        self.execstack = False
        self.tls_index = 0
        self.riscv_hi = {}
        self.tls = (0, 0, 1)
        self.outs = {}
        self.resolvers = {}
        from ..elf.objfile import ObjectFile
        self.copy_file = InputFile(ObjectFile(self.machine, name="<copy>"), "<copy relocs>", -1)

    def need_dynsym(self, g) -> None:
        if g.name not in self.dynsyms:
            self.dynsyms[g.name] = g

    def local_by_version(self, g) -> bool:
        """True when a version script makes ``g`` local."""
        loc = self.version_locals
        if loc is None:
            return False
        glob = self.version_globals
        if glob is not None and glob(g.name):
            return False
        return loc(g.name)

    def version_of(self, g) -> int:
        if self.verdefs:
            v = self.version_globals_index(g.name) if self.version_globals_index else None
            if v:
                return v
        return 1

    version_globals_index = None

    def plt_entry_addr(self, g) -> int:
        a = self.arch
        return (self.plt_sec.addr + (a.plt_header_size if self.plt_lazy else 0)
                + g.plt * a.plt_entry_size)

    def ifunc_resolver(self, g) -> int:
        d = g.defn
        if d is None:
            return 0
        if d.section is None:
            return d.value
        return d.section.addr + d.value

    def index_of_addr(self, addr: int) -> int:
        best = 0
        for o in self.out_list:
            if o.addr <= addr < o.addr + max(o.size, 1) and not o.flags & C.SHF_TLS:
                return o.index
            if o.addr + o.size == addr and not o.flags & C.SHF_TLS:
                best = o.index
        return best or C.SHN_ABS
