"""pycc: command-line entry point (gcc compatible driver).

The pipeline is in :func:`_main`, top to bottom: parse the options, then for each input file
preprocess (-E), or parse and analyse (-fsyntax-only); code generation is a later stage.
"""
from __future__ import annotations

import io
import os
import sys

from ..cli import expand_response_files, version_text
from ..diag import Diagnostics, ToolError, atomic_write, run_main
from ..targets import get_target
from .preprocessor import PPError, PPOptions, Preprocessor, builtin_include_dir

PROG = "pycc"

HELP = """Usage: pycc [options] file...
Options:
  --target=TRIPLE          compile for TRIPLE (x86_64-linux-gnu, aarch64-linux-gnu,
                           riscv64-linux-gnu); default: the host
  -E                       preprocess only; write the result to stdout or -o FILE
  -fsyntax-only            check the syntax and semantics only
  -o FILE                  place the output into FILE
  -D NAME[=VALUE], -U NAME define / undefine a macro
  -I DIR, -iquote DIR, -isystem DIR, -idirafter DIR, -include FILE, -nostdinc
                           include search path options, as gcc
  -M, -MM, -MD, -MMD, -MF FILE, -MT TARGET, -MQ TARGET, -MP
                           write make dependencies, as gcc
  -P                       no line markers in -E output
  -dM                      with -E: print the macro definitions at the end instead
  -std=STD                 language standard (c89, c99, c11, c17, gnu89, gnu99, gnu11, gnu17)
  -O LEVEL, -fpie, -fno-pie, -funsigned-char, -fsigned-char, -ffreestanding
  -Wall, -Wextra, -Werror, -w, -W...   warnings
  -print-file-name=include print the directory of pycc's own headers
  --version                display compiler version information
  --help                   show this message and exit
"""

# options that take a separate argument (or a joined one)
_WITH_ARG = ("-o", "-D", "-U", "-I", "-iquote", "-isystem", "-idirafter", "-include", "-MF",
             "-MT", "-MQ", "-x", "-target", "-imacros", "-iprefix", "-iwithprefix",
             "--sysroot", "-isysroot", "-L", "-l", "-Xlinker", "-Xassembler", "-Xpreprocessor",
             "-aux-info", "--param", "-T", "-z", "-u")


class Options:
    def __init__(self):
        self.mode = "link"          # E | syntax | S | c | link
        self.output = None
        self.inputs: list[str] = []
        self.target = None
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
        self.print_file_name = None
        self.max_errors = 0


def parse_args(argv: list[str]) -> Options:
    o = Options()
    i = 0
    n = len(argv)

    def arg_of(a, name):
        nonlocal i
        if a == name:
            i += 1
            if i >= n:
                raise ToolError(f"missing argument to '{name}'")
            return argv[i]
        return a[len(name):].lstrip("=") if name in ("--sysroot",) else a[len(name):]

    while i < n:
        a = argv[i]
        if a == "-" or not a.startswith("-"):
            o.inputs.append(a)
        elif a == "-E":
            o.mode = "E"
        elif a == "-fsyntax-only":
            o.mode = "syntax" if o.mode != "E" else "E"
        elif a == "-S":
            o.mode = "S" if o.mode == "link" else o.mode
        elif a == "-c":
            o.mode = "c" if o.mode in ("link", "S") and o.mode != "S" else o.mode
        elif a.startswith("--target="):
            o.target = a.split("=", 1)[1]
        elif a == "-target":
            o.target = arg_of(a, "-target")
        elif a == "--version":
            o.version = True
        elif a in ("--help", "-help"):
            o.help = True
        elif a.startswith("-print-file-name="):
            o.print_file_name = a.split("=", 1)[1]
        elif a.startswith("-o"):
            o.output = arg_of(a, "-o")
        elif a.startswith("-D"):
            d = arg_of(a, "-D")
            name, eq, val = d.partition("=")
            if "(" in name and not eq:
                pass
            o.pp.defines.append((name, val if eq else "1"))
        elif a.startswith("-U"):
            o.pp.defines.append((arg_of(a, "-U"), None))
        elif a.startswith("-iquote"):
            o.pp.quote_dirs.append(arg_of(a, "-iquote"))
        elif a.startswith("-isystem"):
            o.pp.system_dirs.append(arg_of(a, "-isystem"))
        elif a.startswith("-idirafter"):
            o.pp.after_dirs.append(arg_of(a, "-idirafter"))
        elif a.startswith("-include"):
            o.pp.includes.append(arg_of(a, "-include"))
        elif a.startswith("-imacros"):
            o.pp.includes.append(arg_of(a, "-imacros"))
        elif a.startswith("-I"):
            o.pp.include_dirs.append(arg_of(a, "-I"))
        elif a == "-nostdinc":
            o.pp.nostdinc = True
        elif a == "-P":
            o.line_markers = False
        elif a == "-dM":
            o.dump_macros = True
        elif a in ("-M", "-MM"):
            o.dep = a[1:]
            if o.mode == "link":
                o.mode = "E"
        elif a in ("-MD", "-MMD"):
            o.dep = a[1:-1]
            o.dep_side = True
        elif a.startswith("-MF"):
            o.dep_file = arg_of(a, "-MF")
        elif a.startswith("-MT"):
            o.dep_targets.append(arg_of(a, "-MT"))
        elif a.startswith("-MQ"):
            o.dep_targets.append(_make_quote(arg_of(a, "-MQ")))
        elif a == "-MP":
            o.dep_phony = True
        elif a in ("-MG",):
            pass
        elif a.startswith("-std="):
            o.pp.std = a[5:]
        elif a == "-ansi":
            o.pp.std = "c90"
        elif a.startswith("-O"):
            lvl = a[2:] or "1"
            o.pp.opt = lvl
        elif a == "-w":
            o.no_warnings = True
        elif a == "-Werror":
            o.werror = True
        elif a.startswith("-W"):
            o.warnings.add(a[2:])
        elif a in ("-pedantic", "-pedantic-errors", "-Wpedantic"):
            o.pedantic = True
        elif a in ("-fpie", "-fPIE", "-fpic", "-fPIC"):
            o.pp.pie = True
        elif a in ("-fno-pie", "-fno-PIE", "-fno-pic", "-fno-PIC", "-static", "-no-pie"):
            o.pp.pie = False
        elif a == "-funsigned-char":
            o.pp.unsigned_char = True
        elif a == "-fsigned-char":
            o.pp.unsigned_char = False
        elif a == "-ffreestanding":
            o.pp.hosted = False
        elif a == "-fhosted":
            o.pp.hosted = True
        elif a.startswith("-fmax-errors="):
            o.max_errors = int(a.split("=", 1)[1] or 0)
        elif a.startswith("-x"):
            lang = arg_of(a, "-x")
            if lang not in ("c", "none", "c-header", "cpp-output"):
                raise ToolError(f"language {lang} not recognized")
        elif any(a.startswith(p) for p in _WITH_ARG) and a in _WITH_ARG:
            i += 1      # an option with a separate argument we accept and ignore
        elif a.startswith(("-f", "-m", "-g", "-pipe", "-v", "-save-temps", "-pthread", "-l",
                           "-L", "-Wl,", "-Wa,", "-Wp,", "-rdynamic", "-shared", "-s",
                           "-nostdlib", "-nostartfiles", "-nodefaultlibs", "-print-", "-d",
                           "-p", "-r", "-C", "-H", "-traditional", "-trigraphs", "-undef",
                           "-Xlinker", "-z", "-u", "-T", "-e", "-B", "--")):
            pass
        else:
            raise ToolError(f"unrecognized command-line option '{a}'")
        i += 1
    return o


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


def _dep_text(o: Options, pp, src_name: str, out_name: str | None) -> str:
    deps = pp.dependency_list(include_system=(o.dep == "M"))
    if o.dep_targets:
        targets = " ".join(o.dep_targets)
    else:
        base = os.path.splitext(os.path.basename(src_name))[0]
        if o.dep_side and out_name and o.mode != "E":
            targets = _make_quote(out_name)
        else:
            targets = _make_quote(base + ".o")
    parts = [targets + ":"]
    col = len(parts[0])
    lines = []
    cur = parts[0]
    for d in deps:
        q = _make_quote(d)
        if col + 1 + len(q) > 75:      # gcc breaks before any item that would pass column 75
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


def _main(argv: list[str]) -> int:
    argv = expand_response_files(argv)
    o = parse_args(argv)
    t = get_target(o.target)
    if o.version:
        sys.stdout.write(version_text(PROG, "C compiler", t.triple))
        return 0
    if o.help:
        sys.stdout.write(HELP)
        return 0
    if o.print_file_name is not None:
        name = o.print_file_name
        if name == "include":
            print(builtin_include_dir())
        else:
            cand = os.path.join(builtin_include_dir(), name)
            print(cand if os.path.exists(cand) else name)
        return 0
    if not o.inputs:
        raise ToolError("fatal error: no input files")
    if o.mode not in ("E", "syntax"):
        from .pipeline import drive_options     # -S, -c, linking; mixed .c/.s/.S/.o/.a inputs
        return drive_options(o, argv, t)
    if o.pp.unsigned_char is None and t.name != "x86_64":
        o.pp.unsigned_char = None   # the target default (unsigned) stays
    failed = False
    for path in o.inputs:
        diag = Diagnostics(PROG, "gcc", max_errors=o.max_errors)
        diag.suppress_warnings = o.no_warnings
        diag.werror = o.werror
        if path != "-" and not os.path.exists(path):
            sys.stderr.write(f"{PROG}: error: {path}: No such file or directory\n")
            failed = True
            continue
        if o.mode == "E":
            # 1. preprocess
            pp = Preprocessor(t, o.pp, diag)
            try:
                pp.push_main(path)
            except PPError as e:
                raise ToolError(str(e)) from None
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
            # 2. dependencies (-M, -MM, -MD, -MMD)
            if o.dep is not None:
                dtext = _dep_text(o, pp, path, o.output)
                if o.dep_side:
                    dfile = o.dep_file or (os.path.splitext(o.output or os.path.basename(path))[0]
                                           + ".d")
                    atomic_write(dfile, dtext.encode())
                elif o.dep_file:
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
        else:
            # 1-3. preprocess, parse, analyse: the front end as a library
            from .frontend import FrontendOptions, parse_file
            fo = FrontendOptions(pp=o.pp, warnings=o.warnings, pedantic=o.pedantic)
            parse_file(path, t, fo, diag)
            if o.dep is not None and o.dep_side:
                pass
        if diag.failed:
            failed = True
    return 1 if failed else 0


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


def main(argv: list[str] | None = None) -> int:
    return run_main(PROG, _main, argv)
