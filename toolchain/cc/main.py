"""pycc: command-line entry point (a gcc-compatible driver).

The pipeline reads top to bottom in :func:`_main`: expand ``@file`` arguments, parse the
options (:func:`parse_args`, gcc's spellings and precedence), answer the query options
(``-dumpmachine``, ``-print-*``, ``-v`` alone...), then either preprocess (``-E``, ``-M``) or
check (``-fsyntax-only``) here, or hand the inputs to :mod:`toolchain.cc.pipeline` which compiles,
assembles and links them in process. See docs/driver.md.
"""
from __future__ import annotations

import importlib
import io
import os
import shlex
import sys
import tempfile

from ..cli import expand_response_files, version_text
from ..diag import Diagnostics, ToolError, atomic_write, run_main
from ..targets import get_target
from .preprocessor import PPError, PPOptions, Preprocessor, builtin_include_dir

PROG = "pycc"

HELP = """Usage: pycc [options] file...
Options (gcc's spellings; see docs/driver.md):
  --target=TRIPLE          compile for TRIPLE (x86_64-linux-gnu, aarch64-linux-gnu,
                           riscv64-linux-gnu); default: the host
  -E / -S / -c             preprocess only / compile to assembly / compile and assemble
  -fsyntax-only            check the syntax and semantics only
  -o FILE                  place the output into FILE
  -x LANG                  treat following inputs as c, c-header, cpp-output, assembler,
                           assembler-with-cpp, or by suffix again (none); '-' reads stdin
  -D NAME[=VALUE], -U NAME define / undefine a macro
  -I DIR, -iquote DIR, -isystem DIR, -idirafter DIR, -include FILE, -imacros FILE, -nostdinc
  -M, -MM, -MD, -MMD, -MF FILE, -MT TARGET, -MQ TARGET, -MP, -MG   make dependencies
  -P, -dM                  -E output without line markers / macro definitions only
  -std=STD                 c89 c99 c11 c17 c2x gnu89 gnu99 gnu11 gnu17 gnu2x (and aliases)
  -O0 -O1 -O2 -O3 -Os -Og  optimisation (the level reaches passes and back end as given;
                           -O2 -O3 -Os -Og share the -O1 passes for now)
  -g, -f..., -m...         accepted (-fPIC/-fpic/-fpie/-fno-pie and -f[un]signed-char matter)
  -Wall, -Wextra, -Werror, -w, -W...   warnings
  -Wp,OPTS -Wa,OPTS -Wl,OPTS -Xpreprocessor X -Xassembler X -Xlinker X
  -l LIB, -L DIR, -static, -shared, -pie, -no-pie, -rdynamic, -s, -pthread,
  -nostdlib, -nostartfiles, -nodefaultlibs, -u SYM, -T FILE, -z KEYWORD
  -save-temps[=cwd|obj]    keep the .i, .s and .o files
  -v, -###                 show (and with -### only show) what the driver does
  -pipe, -B DIR            accepted (nothing is piped or run outside this process)
  -dumpmachine, -dumpversion, -dumpfullversion, -print-search-dirs, -print-file-name=F,
  -print-prog-name=P, -print-libgcc-file-name, -print-multiarch, -print-sysroot
  @FILE                    read options from FILE
  --version, --help
"""

LANGS = ("c", "c-header", "cpp-output", "assembler", "assembler-with-cpp")
SUFFIX_LANG = {".c": "c", ".i": "cpp-output", ".h": "c-header", ".s": "assembler",
               ".S": "assembler-with-cpp", ".sx": "assembler-with-cpp"}

STDS = ("c89", "c90", "c99", "c9x", "c11", "c1x", "c17", "c18", "c2x", "gnu89", "gnu90",
        "gnu99", "gnu9x", "gnu11", "gnu1x", "gnu17", "gnu18", "gnu2x", "iso9899:1990",
        "iso9899:199409", "iso9899:1999", "iso9899:199x", "iso9899:2011", "iso9899:2017",
        "iso9899:2018")

# options whose argument may be separate ("-o x") or joined ("-ox")
_SEP_OR_JOINED = ("-o", "-D", "-U", "-I", "-L", "-l", "-x", "-MF", "-MT", "-MQ", "-u", "-T",
                  "-z", "-e", "-B")
# options whose argument is always the next word
_SEP_ONLY = ("-include", "-imacros", "-isystem", "-iquote", "-idirafter", "-iprefix",
             "-iwithprefix", "-iwithprefixbefore", "-isysroot", "-imultilib", "-Xlinker",
             "-Xassembler", "-Xpreprocessor", "-aux-info", "--param", "-target", "-dumpdir",
             "-dumpbase", "-dumpbase-ext")

# -f options that carry meaning here; every other -f/-fno- option is accepted and ignored
_IGNORED_PREFIXES = ("-f", "-m", "-g", "-O")

# C++-only options: gcc accepts them for C with a warning (configure scripts look for it)
_CXX_ONLY = frozenset(("-fno-rtti", "-frtti", "-fno-threadsafe-statics", "-fthreadsafe-statics",
                       "-fvisibility-inlines-hidden", "-fno-implicit-templates", "-fpermissive",
                       "-fno-enforce-eh-specs", "-fcheck-new", "-fno-operator-names",
                       "-Wnon-virtual-dtor", "-Wold-style-cast", "-Woverloaded-virtual",
                       "-Wreorder", "-Wctor-dtor-privacy", "-Weffc++", "-Wsign-promo"))

# query options: print something and exit without compiling
_QUERIES = ("-dumpmachine", "-dumpversion", "-dumpfullversion", "-print-search-dirs",
            "-print-libgcc-file-name", "-print-multiarch", "-print-sysroot",
            "-print-multi-directory", "-print-multi-lib", "-print-multi-os-directory",
            "-print-sysroot-headers-suffix", "-dumpspecs")


def _debug_option(o, a) -> bool:
    from .debug import parse_g_option
    return parse_g_option(o.debug, a)


class Input:
    """One input file and its language (None: a linker input: object, archive, library)."""
    __slots__ = ("path", "lang")

    def __init__(self, path: str, lang: str | None):
        self.path = path
        self.lang = lang

    def __repr__(self):
        return f"Input({self.path!r}, {self.lang!r})"


class Options:
    def __init__(self):
        self.mode = "link"          # E | syntax | S | c | link (computed from the flags below)
        self.flag_E = self.flag_S = self.flag_c = self.flag_syntax = False
        self.output = None
        self.inputs: list[str] = []     # input paths, in order (all kinds)
        self.items: list = []           # Input objects and lists of linker words, in order
        self.target = None
        self.mflags: list[str] = []     # -m options in order (target ISA flags: arch/<t>/cc/isa.py)
        self.pp = PPOptions()
        self.line_markers = True
        self.dump_macros = False
        self.dep = None             # None | "M" | "MM"
        self.dep_side = False       # -MD / -MMD: dependencies as a side effect
        self.dep_file = None
        self.dep_targets: list[str] = []
        self.dep_phony = False
        self.warnings: set[str] = set()
        self.no_warnings = False
        self.werror = False
        self.pedantic = False
        self.version = False
        self.help = False
        self.verbose = False
        self.dry_run = False        # -###
        self.queries: list[tuple[str, str | None]] = []
        self.max_errors = 0
        self.save_temps = None      # None | "cwd" | "obj"
        # code generation and linking
        self.pic = False            # -fpic/-fPIC (or -shared): code for a shared object
        from .debug import DebugOptions
        self.debug = DebugOptions()     # -g, -gN, -gdwarf-N (toolchain.cc.debug)
        self.static = self.shared = self.rdynamic = self.strip = False
        self.pie = True
        self.static_pie = False
        self.nostdlib = self.nostartfiles = self.nodefaultlibs = False
        self.pthread = False
        self.libdirs: list[str] = []
        self.asm_args: list[str] = []
        self.imacros: list[str] = []
        self.cxx_only: list[str] = []   # C++-only options seen (warned about when compiling)
        self.time_report = False    # -ftime-report


def parse_args(argv: list[str]) -> Options:
    """gcc's command line -> Options. Unknown options are errors, as in gcc."""
    o = Options()
    argv = list(argv)
    i = 0
    lang = None                 # the language set by -x (None: by suffix)

    def value(a: str, name: str) -> str:
        """The argument of option ``name`` given as ``a`` (joined) or as the next word."""
        nonlocal i
        if a == name:
            i += 1
            if i >= len(argv):
                raise ToolError(f"missing argument to '{name}'")
            return argv[i]
        return a[len(name):]

    def link(*words):
        o.items.append(list(words))

    while i < len(argv):
        a = argv[i]
        if a in _CXX_ONLY:
            o.cxx_only.append(a)
        if a == "-" or not a.startswith("-") or a == "":
            if a == "-" and lang is None:
                # gcc decides this once all options are seen: -E allows stdin as C
                o.items.append(Input(a, "?stdin"))
            else:
                o.items.append(Input(a, lang or _lang_of(a)))
            o.inputs.append(a)
        elif a == "-E":
            o.flag_E = True
        elif a == "-S":
            o.flag_S = True
        elif a == "-c":
            o.flag_c = True
        elif a == "-fsyntax-only":
            o.flag_syntax = True
        elif a.startswith("-o"):
            o.output = value(a, "-o")
        elif a.startswith("-x"):
            x = value(a, "-x")
            if x == "none":
                lang = None
            elif x in LANGS:
                lang = x
            else:
                raise ToolError(f"language {x} not recognized")
        elif a.startswith("--target="):
            o.target = a.split("=", 1)[1]
        elif a == "-target":
            o.target = value(a, "-target")
        elif a == "--version":
            o.version = True
        elif a in ("--help", "-help"):
            o.help = True
        elif a == "-v":
            o.verbose = True
        elif a == "-###":
            o.dry_run = True
        elif a in _QUERIES:
            o.queries.append((a, None))
        elif a.startswith(("-print-file-name=", "-print-prog-name=")):
            k, _, v = a.partition("=")
            o.queries.append((k, v))
        # preprocessor
        elif a.startswith("-D"):
            name, eq, val = value(a, "-D").partition("=")
            o.pp.defines.append((name, val if eq else "1"))
        elif a.startswith("-U"):
            o.pp.defines.append((value(a, "-U"), None))
        elif a.startswith("-iquote"):
            o.pp.quote_dirs.append(value(a, "-iquote"))
        elif a.startswith("-isystem"):
            o.pp.system_dirs.append(value(a, "-isystem"))
        elif a.startswith("-idirafter"):
            o.pp.after_dirs.append(value(a, "-idirafter"))
        elif a.startswith("-include"):
            o.pp.includes.append(value(a, "-include"))
        elif a.startswith("-imacros"):
            o.imacros.append(value(a, "-imacros"))
        elif a.startswith("-I"):
            d = value(a, "-I")
            if d != "-":
                o.pp.include_dirs.append(d)
        elif a == "-nostdinc":
            o.pp.nostdinc = True
        elif a == "-P":
            o.line_markers = False
        elif a == "-dM":
            o.dump_macros = True
        elif a in ("-dD", "-dN", "-dI", "-dU", "-C", "-CC", "-H", "-undef", "-trigraphs",
                   "-traditional", "-traditional-cpp", "-remap", "-MG"):
            pass
        elif a in ("-M", "-MM"):
            o.dep = a[1:]
            o.dep_side = False
        elif a in ("-MD", "-MMD"):
            o.dep = a[1:-1]
            o.dep_side = True
        elif a.startswith("-MF"):
            o.dep_file = value(a, "-MF")
        elif a.startswith("-MT"):
            o.dep_targets.append(value(a, "-MT"))
        elif a.startswith("-MQ"):
            o.dep_targets.append(_make_quote(value(a, "-MQ")))
        elif a == "-MP":
            o.dep_phony = True
        elif a.startswith("-Wp,"):
            argv[i + 1:i + 1] = [w for w in a[4:].split(",") if w]
        elif a == "-Xpreprocessor":
            argv[i + 2:i + 2] = [value(a, "-Xpreprocessor")]
        # language and warnings
        elif a.startswith("-std="):
            if a[5:] not in STDS:
                raise ToolError(f"unrecognized command-line option '{a}'")
            o.pp.std = a[5:]
        elif a == "-ansi":
            o.pp.std = "c90"
        elif a == "-w":
            o.no_warnings = True
        elif a == "-Werror":
            o.werror = True
        elif a in ("-pedantic", "-pedantic-errors", "-Wpedantic"):
            o.pedantic = True
            if a == "-pedantic-errors":
                o.warnings.add("pedantic-errors")
        elif a.startswith("-fdiagnostics-color") or a == "-fno-diagnostics-color":
            when = "never" if a.startswith("-fno-") else (a.partition("=")[2] or "always")
            if when not in ("always", "never", "auto"):
                raise ToolError(f"argument to '-fdiagnostics-color=' should be 'never', "
                                f"'auto', or 'always'")
            o.warnings.add("diagnostics-color=" + when)
        elif a.startswith("-Wa,"):
            o.asm_args += [w for w in a[4:].split(",") if w]
        elif a == "-Xassembler":
            o.asm_args.append(value(a, "-Xassembler"))
        elif a.startswith("-Wl,"):
            link(*[w for w in a[4:].split(",") if w])
        elif a == "-Xlinker":
            link(value(a, "-Xlinker"))
        elif a.startswith("-W"):
            from .gnu_names import warning_option_error
            bad = warning_option_error(a)
            if bad:
                raise ToolError(bad)
            o.warnings.add(a[2:])
        # optimisation and code generation
        elif a.startswith("-O"):
            lvl = a[2:] or "1"
            if lvl.isdigit():
                lvl = str(min(int(lvl), 3))
            elif lvl not in ("s", "g", "z", "fast"):
                raise ToolError("argument to '-O' should be a non-negative integer, 'g', 's', "
                                "'z' or 'fast'")
            o.pp.opt = lvl
        elif a in ("-fpie", "-fPIE"):
            o.pp.pie = True
            o.pic = False
        elif a in ("-fpic", "-fPIC"):
            o.pp.pie = True
            o.pic = True
        elif a in ("-fno-pie", "-fno-PIE", "-fno-pic", "-fno-PIC"):
            o.pp.pie = False
            o.pic = False
        elif a == "-funsigned-char":
            o.pp.unsigned_char = True
        elif a == "-fsigned-char":
            o.pp.unsigned_char = False
        elif a == "-ffreestanding":
            o.pp.hosted = False
        elif a == "-fhosted":
            o.pp.hosted = True
        elif a.startswith("-fmax-errors="):
            try:
                o.max_errors = int(a.split("=", 1)[1] or 0)
            except ValueError:
                raise ToolError(f"argument to '-fmax-errors=' should be a non-negative integer")
        elif a == "-ftime-report":
            o.time_report = True
        elif a in ("-m32", "-mx32", "-m16"):
            raise ToolError(f"'{a}' is not supported: pycc generates 64-bit code only")
        # linking
        elif a.startswith("-l"):
            link("-l" + value(a, "-l"))
        elif a.startswith("-L"):
            o.libdirs.append(value(a, "-L"))
        elif a in ("-u", "-T", "-z", "-e") or a.startswith(("-u", "-T", "-z")):
            name = a[:2]
            link(name, value(a, name))
        elif a == "-static":
            o.static = True
            o.pp.pie = False
        elif a == "-shared":
            o.shared = True
        elif a == "-pie":
            o.pie = True
        elif a == "-no-pie":
            o.pie = False
        elif a == "-static-pie":
            o.static_pie = True
        elif a in ("-rdynamic", "-export-dynamic"):
            o.rdynamic = True
        elif a == "-s":
            o.strip = True
        elif a == "-nostdlib":
            o.nostdlib = True
        elif a == "-nostartfiles":
            o.nostartfiles = True
        elif a in ("-nodefaultlibs", "-nolibc"):
            o.nodefaultlibs = True
        elif a in ("-pthread", "-pthreads"):
            o.pthread = True
            o.pp.defines.append(("_REENTRANT", "1"))
        elif a in ("-static-libgcc", "-shared-libgcc", "-symbolic", "-pipe", "-Q", "-time",
                   "-no-canonical-prefixes", "-pass-exit-codes", "-p", "-pg", "--coverage"):
            pass
        elif a.startswith("-B"):
            value(a, "-B")          # our assembler and linker run in this process
        elif a.startswith("-g") and _debug_option(o, a):
            pass
        elif a == "-save-temps" or a.startswith("-save-temps="):
            where = a.partition("=")[2] or "cwd"
            if where not in ("cwd", "obj"):
                raise ToolError(f"unrecognized argument '{where}' to '-save-temps'")
            o.save_temps = where
        elif a.startswith(("--sysroot=", "-isysroot", "--param=", "-specs=", "--specs=")):
            if a in ("-isysroot",):
                value(a, a)
        elif a in _SEP_ONLY:
            value(a, a)             # accepted, argument ignored
        elif a.startswith("-m"):
            o.mflags.append(a)
        elif a.startswith(_IGNORED_PREFIXES) or a.startswith("-d"):
            pass
        else:
            raise ToolError(f"unrecognized command-line option '{a}'")
        i += 1
    # gcc's precedence: -E, then -fsyntax-only, then -S, then -c; -M/-MM alone imply -E
    if o.flag_E or (o.dep is not None and not o.dep_side):
        o.mode = "E"
    elif o.flag_syntax:
        o.mode = "syntax"
    elif o.flag_S:
        o.mode = "S"
    elif o.flag_c:
        o.mode = "c"
    for it in o.items:
        if isinstance(it, Input) and it.lang == "?stdin":
            if o.mode != "E":
                raise ToolError("-E or -x required when input is from standard input")
            it.lang = "c"
    if o.shared:
        o.pic = True
    return o


def _lang_of(path: str) -> str | None:
    return SUFFIX_LANG.get(os.path.splitext(path)[1])


def _make_quote(s: str) -> str:
    out = []
    for i, c in enumerate(s):
        if c == "$":
            out.append("$$")
        elif c in " \t":
            j = i - 1
            while j >= 0 and s[j] == "\\":
                out.append("\\")
                j -= 1
            out.append("\\" + c)
        elif c == "#":
            out.append("\\#")
        else:
            out.append(c)
    return "".join(out)


def dep_text(o: Options, pp, src_name: str, target_name: str | None) -> str:
    """Make rules for the files ``pp`` read (-M/-MM/-MD/-MMD with -MT/-MQ/-MP)."""
    deps = pp.dependency_list(include_system=(o.dep == "M"))
    if o.dep_targets:
        targets = " ".join(o.dep_targets)
    elif target_name:
        targets = _make_quote(target_name)
    else:
        base = os.path.splitext(os.path.basename(src_name))[0]
        targets = _make_quote(base + ".o")
    col = len(targets) + 1
    lines = []
    cur = targets + ":"
    for d in deps:
        q = _make_quote(d)
        if col + 1 + len(q) > 73:      # gcc breaks before an item that would end past column 73
            lines.append(cur + " \\")
            cur = " " + q
            col = len(cur)
        else:
            cur += " " + q
            col += 1 + len(q)
    lines.append(cur)
    text = "\n".join(lines) + "\n"
    if o.dep_phony:
        for d in deps[1:]:
            text += _make_quote(d) + ":\n"
    return text


def side_dep_file(o: Options, src: str, out: str | None) -> tuple[str, str | None]:
    """(file to write, rule target) for -MD/-MMD: -MF, else the output's name with .d."""
    if out and out != "-":
        return o.dep_file or os.path.splitext(out)[0] + ".d", out
    base = os.path.splitext(os.path.basename(src))[0]
    return o.dep_file or base + ".d", None


def gcc_version(target) -> tuple[str, str]:
    """(major, major.minor.patch) of the gcc whose predefined macros pycc reproduces."""
    from .predef_data import PREDEFS
    vals = dict(PREDEFS[target.name])
    major = vals.get("__GNUC__", "12")
    return major, f"{major}.{vals.get('__GNUC_MINOR__', '0')}.{vals.get('__GNUC_PATCHLEVEL__', '0')}"


def _find_file(t, name: str) -> str:
    """-print-file-name: the first of our headers dir, gcc's library dir and the libc dirs
    holding ``name``; ``name`` itself when none does (as gcc)."""
    if name == "include":
        return builtin_include_dir()
    dirs = [os.path.dirname(builtin_include_dir())]
    g = t.gcc_install_dir()
    if g:
        dirs.append(g)
    dirs += t.libc_dirs()
    for d in dirs:
        p = os.path.join(d, name)
        if os.path.exists(p):
            return p
    return name


def _prog_name(name: str) -> str:
    import shutil
    mine = {"as": "pyas", "ld": "pyld", "cc": "pycc", "gcc": "pycc", "cpp": "pycc"}.get(name)
    if mine:
        p = shutil.which(mine)
        if p:
            return p
    return name


def _answer_query(q: str, v: str | None, t) -> str:
    major, full = gcc_version(t)
    if q == "-dumpmachine":
        return t.triple
    if q == "-dumpversion":
        return major
    if q == "-dumpfullversion":
        return full
    if q == "-print-multiarch":
        return t.triple
    if q == "-print-file-name":
        return _find_file(t, v or "")
    if q == "-print-prog-name":
        return _prog_name(v or "")
    if q == "-print-libgcc-file-name":
        return _find_file(t, "libgcc.a")
    if q in ("-print-sysroot", "-print-sysroot-headers-suffix"):
        return "" if t.is_host else t.sysroot
    if q == "-print-multi-directory":
        return "."
    if q == "-print-multi-lib":
        return ".;"
    if q == "-print-multi-os-directory":
        return "../lib"
    if q == "-dumpspecs":
        return "*pycc:\npycc has no spec file; see docs/driver.md\n"
    # -print-search-dirs
    g = t.gcc_install_dir()
    progs = [os.path.dirname(os.path.abspath(sys.argv[0] or "pycc"))]
    libs = t.library_path()
    return (f"install: {(g or os.path.dirname(builtin_include_dir())) + '/'}\n"
            f"programs: ={':'.join(d.rstrip('/') + '/' for d in progs)}\n"
            f"libraries: ={':'.join(d.rstrip('/') + '/' for d in libs)}")


def verbose_header(t) -> str:
    from .. import __version__
    _, full = gcc_version(t)
    return (f"Using built-in specs.\nCOLLECT_GCC={PROG}\nTarget: {t.triple}\n"
            f"Thread model: posix\n"
            f"{PROG} version {__version__} (pytoolchain; compatible with gcc version {full})\n")


def show_command(o: Options, words: list[str]) -> None:
    """-v prints each step before running it; -### prints it quoted instead of running it."""
    if o.dry_run:
        sys.stderr.write(" " + " ".join('"' + w.replace("\\", "\\\\").replace('"', '\\"') + '"'
                                        for w in words) + "\n")
    elif o.verbose:
        sys.stderr.write(" " + " ".join(shlex.quote(w) for w in words) + "\n")


def new_diag(o: Options) -> Diagnostics:
    d = Diagnostics(PROG, "gcc", max_errors=o.max_errors)
    d.suppress_warnings = o.no_warnings
    d.werror = o.werror
    from .frontend import configure_diagnostics
    configure_diagnostics(d, o.warnings)
    return d


def make_preprocessor(o: Options, t, pp_opts: PPOptions, diag, path: str, name=None):
    """A Preprocessor on ``path`` with -imacros files read first (their macros only)."""
    pp = Preprocessor(t, pp_opts, diag)
    if o.verbose:
        from .searchlist import search_list_text
        sys.stderr.write(search_list_text(pp))
    try:
        if o.imacros:
            for m in o.imacros:
                pre = Preprocessor(t, pp_opts, diag)
                pre.push_main(m)
                for _ in iter(pre.next_token, None):
                    pass
                for mname, mac in pre.macros.items():
                    if not mac.builtin:
                        pp.macros[mname] = mac
        pp.push_main(path, name)
    except PPError as e:
        raise ToolError(str(e)) from None
    return pp


def preprocess_to_text(o: Options, t, path: str, diag, pp_opts=None) -> tuple[str, object]:
    """Run the preprocessor on ``path``: (-E text, the Preprocessor, for its dependencies)."""
    from .ppoutput import write_preprocessed
    pp = make_preprocessor(o, t, pp_opts or o.pp, diag, path)
    buf = io.StringIO()
    write_preprocessed(pp, buf, o.line_markers)
    return buf.getvalue(), pp


def _isa_defines(t, mflags) -> list:
    """Predefined-macro changes implied by the target's -m options (-mavx2 -> __AVX2__...), from
    ``toolchain.arch.<t>.cc.isa.defines``; other -m options are accepted and ignored."""
    try:
        mod = importlib.import_module(f"toolchain.arch.{t.name}.cc.isa")
    except ImportError:
        return []
    return mod.defines(mflags)


def _main(argv: list[str], prog: str = "") -> int:
    argv = expand_response_files(argv)
    o = parse_args(argv)
    if o.target is None and prog:
        from ..asm.main import target_from_progname
        o.target = target_from_progname(prog)
    t = get_target(o.target)
    o.pp.defines[:0] = _isa_defines(t, o.mflags)
    if o.help:
        sys.stdout.write(HELP)
        return 0
    if o.version:
        sys.stdout.write(version_text(PROG, "C compiler", t.triple))
        return 0
    if o.queries:
        for q, v in o.queries:
            sys.stdout.write(_answer_query(q, v, t) + "\n")
        return 0
    if o.verbose or o.dry_run:
        sys.stderr.write(verbose_header(t))
        if not o.inputs:
            return 0
    missing = [p for p in o.inputs if p != "-" and not os.path.exists(p)]
    for p in missing:
        sys.stderr.write(f"{PROG}: error: {p}: No such file or directory\n")
    if not o.inputs or len(missing) == len(o.inputs):
        sys.stderr.write(f"{PROG}: fatal error: no input files\ncompilation terminated.\n")
        return 1
    if missing:
        return 1
    if not o.no_warnings and any(isinstance(it, Input) and it.lang in ("c", "cpp-output")
                                 for it in o.items):
        for a in o.cxx_only:
            sys.stderr.write(f"{PROG}: warning: command-line option '{a}' is valid for "
                             f"C++/ObjC++ but not for C\n")
    if o.mode not in ("E", "syntax"):
        if not o.time_report:
            return drive_options(o, t)     # -S, -c, linking; mixed .c/.s/.S/.o/.a inputs
        from . import timing
        timing.start()
        try:
            return drive_options(o, t)
        finally:
            sys.stderr.write(timing.finish())
    if o.output and o.mode == "E" and len(o.inputs) > 1:
        raise ToolError("cannot specify '-o' with '-c', '-S' or '-E' with multiple files")
    failed = False
    for it in o.items:
        if not isinstance(it, Input):
            continue
        path = it.path
        diag = new_diag(o)
        if it.lang == "assembler" and o.mode == "E":
            continue            # gcc -E passes over assembly without a preprocessing step
        if it.lang is None:
            if o.mode == "E":
                sys.stderr.write(f"{PROG}: warning: {path}: linker input file unused because "
                                 f"linking not done\n")
            continue
        show_command(o, [PROG, "-cc1", "-E" if o.mode == "E" else "-fsyntax-only", path]
                     + (["-o", o.output] if o.output and o.mode == "E" else []))
        if o.dry_run:
            continue
        if o.mode == "E":
            pp_opts = o.pp
            if it.lang == "assembler-with-cpp":
                pp_opts = _asm_pp_options(o.pp)
            pp = make_preprocessor(o, t, pp_opts, diag, path)
            buf = io.StringIO()
            if o.dump_macros:
                for _ in iter(pp.next_token, None):
                    pass
                buf.write(_dump_macros(pp))
            elif o.dep is None or o.dep_side:
                from .ppoutput import write_preprocessed
                write_preprocessed(pp, buf, o.line_markers)
            else:
                for _ in iter(pp.next_token, None):
                    pass
            if o.dep is not None:
                if o.dep_side:
                    dfile, _ = side_dep_file(o, path, o.output)
                    atomic_write(dfile, dep_text(o, pp, path, None).encode())
                else:
                    dtext = dep_text(o, pp, path, None)
                    if o.dep_file:
                        atomic_write(o.dep_file, dtext.encode())
                    else:
                        buf.write(dtext)
            data = buf.getvalue().encode("utf-8", "surrogateescape")
            if o.output and o.output != "-":
                if not diag.failed:
                    atomic_write(o.output, data)
            else:
                sys.stdout.buffer.write(data)
                sys.stdout.buffer.flush()
        elif it.lang in ("c", "cpp-output", "c-header"):
            from .frontend import FrontendOptions, parse_file
            fo = FrontendOptions(pp=o.pp, warnings=o.warnings, pedantic=o.pedantic)
            fo.make_preprocessor = lambda p, d: make_preprocessor(o, t, o.pp, d, p)
            parse_file(path, t, fo, diag)
            if o.dep is not None and o.dep_side and fo.preprocessor is not None:
                dfile, tgt = side_dep_file(o, path, None)
                atomic_write(dfile, dep_text(o, fo.preprocessor, path, tgt).encode())
        if diag.failed:
            failed = True
    return 1 if failed else 0


def _asm_pp_options(pp: PPOptions) -> PPOptions:
    import copy
    q = copy.copy(pp)
    q.defines = list(pp.defines) + [("__ASSEMBLER__", "1")]
    q.lang_asm = True
    return q


def _dump_macros(pp) -> str:
    out = []
    for name, m in pp.macros.items():
        if m.builtin:
            continue
        if m.params is not None:
            ps = ", ".join("..." if (p == "__VA_ARGS__" and m.variadic) else p for p in m.params)
            ps = ",".join(p for p in ps.split(", "))
            head = f"{name}({ps})"
        else:
            head = name
        body = []
        for i, tk in enumerate(m.body):
            if i and tk.ws:
                body.append(" ")
            body.append(tk.text)
        out.append(f"#define {head} {''.join(body)}".rstrip(" ") if body else f"#define {head} ")
    return "\n".join(out) + "\n"


def _temp_stem(o, src, mode):
    """Base name (without suffix) of the -save-temps files of ``src``, as gcc 12 names them:
    with -c/-S and -o, the output's; when linking with -o OUT, OUT-<stem>; else <stem> in the
    current directory (or the output's directory for -save-temps=obj)."""
    stem = os.path.splitext(os.path.basename(src))[0] if src != "-" else "-"
    if mode in ("c", "S"):
        if o.output and o.output != "-":
            return os.path.splitext(o.output)[0]
        return stem
    if o.output:
        base = o.output
        if o.save_temps == "cwd":
            base = os.path.basename(base)
        return f"{base}-{stem}"
    return f"a-{stem}"


def drive_options(o, target):
    """The code-generating half of the pycc driver (-S, -c, linking): compile each input by its
    language (-x or suffix), keep linker inputs and -l/-Wl words in command-line order, link
    with pyld in process. ``o`` is toolchain.cc.main.Options."""
    import sys
    from .frontend import FrontendOptions
    from .opt.manager import normalize_level
    from .pipeline import assemble_text, compile_c, link_args, run_pyld
    lvl = normalize_level(o.pp.opt)
    fo = FrontendOptions(pp=o.pp, warnings=o.warnings, pedantic=o.pedantic)
    fo.make_preprocessor = lambda path, diag: make_preprocessor(o, target, o.pp, diag, path)
    inputs = [it for it in o.items if isinstance(it, Input)]
    srcs = [it for it in inputs if it.lang is not None]
    if o.asm_args:      # check -Wa, options once, before doing anything
        from ..asm.main import parse_args as as_parse_args
        as_parse_args(list(o.asm_args))
    linking = o.mode == "link"
    if not linking:
        if o.output and len(srcs) > 1:
            raise ToolError("cannot specify '-o' with '-c', '-S' or '-E' with multiple files")
        for it in inputs:
            if it.lang is None:
                sys.stderr.write(f"pycc: warning: {it.path}: linker input file unused because "
                                 f"linking not done\n")

    def save(path, data):
        show_command(o, ["(save-temps)", "-o", path])
        atomic_write(path, data if isinstance(data, (bytes, bytearray)) else
                     data.encode("utf-8", "surrogateescape"))

    def write_deps(it, pp, out):
        if o.dep is not None and o.dep_side and pp is not None:
            dfile, tgt = side_dep_file(o, it.path, out)
            atomic_write(dfile, dep_text(o, pp, it.path, tgt).encode())

    def compile_one(it, kind, out):
        """One source -> object bytes (kind 'obj') or assembly text ('asm'); None on errors,
        False when there is nothing to produce (an assembly source under -S)."""
        path = it.path
        stem = _temp_stem(o, path, o.mode) if o.save_temps else None
        if it.lang in ("assembler", "assembler-with-cpp"):
            if kind == "asm":
                return False
            show_command(o, ["pyas"] + list(o.asm_args) + [path, "-o", out])
            if o.dry_run:
                return b""
            if it.lang == "assembler-with-cpp":
                diag = new_diag(o)
                text, pp = preprocess_to_text(o, target, path, diag, _asm_pp_options(o.pp))
                if diag.failed:
                    return None
                write_deps(it, pp, out)
                if stem:
                    save(stem + ".s", text)
            else:
                with open(path, encoding="utf-8", errors="surrogateescape") as f:
                    text = f.read()
            return assemble_text(text, path, target, o.asm_args)
        # C (and preprocessed C)
        show_command(o, ["pycc", "-cc1", f"-O{o.pp.opt}", f"-std={o.pp.std}"]
                       + (["-fPIC"] if o.pic else []) + [path, "-o", out])
        if o.dry_run:
            return b""
        diag = new_diag(o)
        src = path
        if stem:
            text, pp = preprocess_to_text(o, target, path, diag)
            if diag.failed:
                return None
            write_deps(it, pp, out)
            src = stem + ".i"
            save(src, text)
        want = "asm" if (kind == "asm" or stem) else "obj"
        data = compile_c(src, target, fo, diag, lvl, want, pic=o.pic,
                         debug=o.debug if o.debug.enabled else None)
        if data is None:
            return None
        if not stem:
            write_deps(it, fo.preprocessor, out)
        if want == "asm" and kind == "obj":
            save(stem + ".s", data)
            data = assemble_text(data, path, target, o.asm_args)
        return data

    if not linking:
        kind = "obj" if o.mode == "c" else "asm"
        failed = False
        for it in srcs:
            stem = os.path.splitext(os.path.basename(it.path))[0]
            out = o.output or stem + (".o" if kind == "obj" else ".s")
            data = compile_one(it, kind, out)
            if data is False or o.dry_run:
                continue
            if data is None:
                failed = True
                continue
            if out == "-" and kind == "asm":
                sys.stdout.write(data)
                sys.stdout.flush()
            else:
                atomic_write(out, data if isinstance(data, (bytes, bytearray)) else data.encode())
        return 1 if failed else 0
    tmp = tempfile.mkdtemp(prefix="pycc")
    made = []
    objs = []
    failed = False
    try:
        for k, it in enumerate(o.items):
            if isinstance(it, list):
                objs += it
                continue
            if it.lang is None:
                objs.append(it.path)
                continue
            if o.save_temps:
                q = _temp_stem(o, it.path, "link") + ".o"
            else:
                q = os.path.join(tmp, f"{k}.o")
                made.append(q)
            data = compile_one(it, "obj", q)
            if data is None:
                failed = True
                continue
            if not o.dry_run:
                with open(q, "wb") as fh:
                    fh.write(data)
            objs.append(q)
        if failed:
            return 1
        extra = []
        if o.rdynamic:
            extra.append("-E")
        if o.strip:
            extra.append("-s")
        if o.pthread:
            objs.append("-lpthread")
        args = link_args(objs, o.output or "a.out", target, libdirs=o.libdirs,
                         static=o.static or o.static_pie, shared=o.shared, pie=o.pie,
                         nostdlib=o.nostdlib or o.nodefaultlibs,
                         nostartfiles=o.nostdlib or o.nostartfiles, extra=extra,
                         static_pie=o.static_pie and not o.shared)
        show_command(o, ["pyld"] + args)
        if o.dry_run:
            return 0
        run_pyld(args)
        return 0
    finally:
        for q in made:
            try:
                os.unlink(q)
            except OSError:
                pass
        try:
            os.rmdir(tmp)
        except OSError:
            pass


def main(argv: list[str] | None = None) -> int:
    """Entry point; invoked as ``<triple>-pycc`` (e.g. aarch64-linux-gnu-pycc) the program
    name selects the target, like pyas and GNU tools."""
    prog = sys.argv[0] if argv is None else ""
    return run_main(PROG, lambda a: _main(a, prog), argv)
