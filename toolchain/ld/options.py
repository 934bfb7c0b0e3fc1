"""GNU ld command-line parsing.

The result is an :class:`Options` holding the global settings and ``inputs``: the ordered list
of input items, each a :class:`InputSpec` carrying the position-dependent state in effect where
it appeared (``--as-needed``, ``--whole-archive``, ``-Bstatic``) and its group number.
"""
from __future__ import annotations

from ..diag import ToolError


class InputSpec:
    __slots__ = ("kind", "name", "as_needed", "whole_archive", "static", "group")

    def __init__(self, kind, name, as_needed, whole_archive, static, group):
        self.kind = kind                  # "file" or "lib" (-l)
        self.name = name
        self.as_needed = as_needed
        self.whole_archive = whole_archive
        self.static = static              # -Bstatic in effect: -l finds only archives
        self.group = group                # group number (0 = not in a group)

    def __repr__(self) -> str:
        return f"<InputSpec {self.kind} {self.name} g={self.group}>"


class Options:
    def __init__(self):
        self.output = "a.out"
        self.emulation = None
        self.entry = None
        self.lib_dirs: list[str] = []
        self.inputs: list[InputSpec] = []
        self.dynamic_linker = None
        self.no_dynamic_linker = False
        self.pie = False
        self.shared = False
        self.static = False            # -static given (no shared libraries at all)
        self.rpath: list[str] = []
        self.soname = None
        self.gc_sections = False
        self.print_gc = False
        self.defsyms: list[tuple[str, str]] = []
        self.undefined: list[str] = []
        self.map_file = None
        self.version_script = None
        self.strip_all = False
        self.strip_debug = False
        self.build_id = None
        self.eh_frame_hdr = False
        self.hash_style = "gnu"
        self.z_now = False
        self.z_relro = True
        self.z_execstack = None        # None: from the inputs' .note.GNU-stack
        self.z_defs = False
        self.export_dynamic = False
        self.verbose = False
        self.version = False
        self.version_form = "v"      # -v: one line; --version: GNU ld's block; -V: + emulations
        self.help = False
        self.bsymbolic = False
        self.relax = True            # --no-relax: no RISC-V linker relaxation
        self.relocatable = False     # -r: a relocatable object out
        self.no_undefined = False
        self.allow_shlib_undefined = None
        self.fatal_warnings = False
        self.sysroot = None
        self.target = None
        self.threads = None


# options taking an argument: canonical name -> attribute handler key
_WITH_ARG = {
    "o", "output", "m", "e", "entry", "L", "library-path", "l", "library", "dynamic-linker",
    "I", "rpath", "R", "rpath-link", "soname", "h", "version-script", "Map", "defsym", "u",
    "undefined", "z", "plugin", "plugin-opt", "T", "script", "hash-style", "O", "y",
    "trace-symbol", "sysroot", "target", "a", "b", "format", "A", "architecture", "F", "f",
    "filter", "auxiliary", "G", "init", "fini", "exclude-libs", "Y", "dynamic-list",
    "wrap", "Ttext", "Tdata", "Tbss", "section-start", "image-base", "retain-symbols-file",
    "compress-debug-sections", "build-id-style", "threads", "thread-count", "error-limit",
    "hash-size", "oformat", "sort-section", "unresolved-symbols", "package-metadata",
    "dependency-file", "max-page-size", "common-page-size",
}

_IGNORED_FLAGS = {
    "O1", "O2", "O0", "X", "discard-locals", "x", "discard-all", "sort-common", "warn-common",
    "no-warn-mismatch", "g", "nostdlib", "no-keep-memory",
    "warn-shared-textrel", "enable-new-dtags", "disable-new-dtags", "no-copy-dt-needed-entries",
    "copy-dt-needed-entries", "allow-multiple-definition", "no-ld-generated-unwind-info",
    "ld-generated-unwind-info", "warn-once", "demangle", "no-demangle", "color-diagnostics",
    "no-undefined-version", "undefined-version", "no-warn-rwx-segments", "warn-rwx-segments",
    "no-warn-execstack", "warn-execstack", "fix-cortex-a53-843419", "fix-cortex-a53-835769",
    "no-fix-cortex-a53-843419", "Qy", "EL", "no-gc-sections", "no-print-gc-sections",
    "check-sections", "no-check-sections", "stats", "no-export-dynamic", "traditional-format",
    "reduce-memory-overheads", "no-fatal-warnings", "eh-frame-hdr-no", "cref", "trace",
    "t", "N", "n", "omagic", "nmagic", "no-omagic", "dc", "dp", "d", "p", "P",
    "embedded-relocs", "fatal-warnings-no",
}


def _split(arg: str):
    """('name', attached value or None) for an option argument."""
    if arg.startswith("--"):
        body = arg[2:]
    else:
        body = arg[1:]
    if "=" in body:
        n, v = body.split("=", 1)
        return n, v
    return body, None


def parse_args(argv: list[str]) -> Options:
    o = Options()
    as_needed = False
    whole = False
    static = False
    group = 0
    group_counter = 0
    in_group = False
    stack = []
    i = 0
    n = len(argv)

    def add(kind, name):
        o.inputs.append(InputSpec(kind, name, as_needed, whole, static, group if in_group else 0))

    while i < n:
        a = argv[i]
        i += 1
        if not a.startswith("-") or a == "-":
            add("file", a)
            continue
        # short options with attached values
        if len(a) > 2 and a[1] in "lLomeuzhTyIRO" and not a.startswith("--"):
            key = a[1]
            full = a[1:]
            if key == "l" and not full.startswith("library"):
                add("lib", a[2:])
                continue
            if key == "L" and not full.startswith("library-path"):
                o.lib_dirs.append(a[2:])
                continue
            if key == "o" and not full.startswith(("output", "oformat")):
                o.output = a[2:]
                continue
            if key == "m" and full not in ("m",):
                o.emulation = a[2:]
                continue
            if key == "e" and full not in ("entry", "eh-frame-hdr", "export-dynamic",
                                            "error-limit", "embedded-relocs",
                                            "enable-new-dtags", "exclude-libs") \
                    and not full.startswith(("entry=", "eh-", "export", "error", "enable", "exclude",
                                             "embedded", "end-group", "no")):
                o.entry = a[2:]
                continue
            if key == "u" and not full.startswith(("undefined", "unresolved")):
                o.undefined.append(a[2:])
                continue
            if key == "z" and not full.startswith("z"):
                _zopt(o, a[2:])
                continue
            if key == "h" and not full.startswith(("hash", "help")):
                o.soname = a[2:]
                continue
            if key == "O" and full[1:].isdigit():
                continue
        name, val = _split(a)

        def arg():
            nonlocal i
            if val is not None:
                return val
            if i >= n:
                raise ToolError(f"option requires an argument -- '{name}'")
            v = argv[i]
            i += 1
            return v

        if name in ("o", "output"):
            o.output = arg()
        elif name == "m":
            o.emulation = arg()
        elif name in ("e", "entry"):
            o.entry = arg()
        elif name in ("L", "library-path"):
            o.lib_dirs.append(arg())
        elif name in ("l", "library"):
            add("lib", arg())
        elif name in ("dynamic-linker", "I"):
            o.dynamic_linker = arg()
        elif name == "no-dynamic-linker":
            o.no_dynamic_linker = True
        elif name in ("pie", "pic-executable"):
            o.pie = True
        elif name in ("no-pie", "no-pic-executable"):
            o.pie = False
        elif name in ("shared", "Bshareable"):
            o.shared = True
        elif name in ("static", "Bstatic", "dn", "non_shared"):
            static = True
            if name == "static":
                o.static = True
        elif name in ("Bdynamic", "dy", "call_shared"):
            static = False
        elif name == "static-pie":
            o.static = True
            static = True
            o.pie = True
            o.no_dynamic_linker = True
        elif name in ("rpath", "R"):
            o.rpath.append(arg())
        elif name == "rpath-link":
            arg()
        elif name in ("soname", "h"):
            o.soname = arg()
        elif name == "version-script":
            o.version_script = arg()
        elif name in ("Map",):
            o.map_file = arg()
        elif name == "defsym":
            d = arg()
            if "=" not in d:
                raise ToolError(f"invalid --defsym argument '{d}'")
            s, e = d.split("=", 1)
            o.defsyms.append((s.strip(), e.strip()))
        elif name in ("u", "undefined"):
            o.undefined.append(arg())
        elif name == "z":
            _zopt(o, arg())
        elif name in ("plugin", "plugin-opt"):
            arg()
        elif name == "hash-style":
            v = arg()
            if v not in ("gnu", "sysv", "both"):
                raise ToolError(f"invalid hash style `{v}'")
            o.hash_style = v
        elif name == "build-id":
            o.build_id = val if val is not None else "sha1"
            if o.build_id == "none":
                o.build_id = None
        elif name == "eh-frame-hdr":
            o.eh_frame_hdr = True
        elif name == "no-eh-frame-hdr":
            o.eh_frame_hdr = False
        elif name == "as-needed":
            as_needed = True
        elif name == "no-as-needed":
            as_needed = False
        elif name == "whole-archive":
            whole = True
        elif name == "no-whole-archive":
            whole = False
        elif name == "push-state":
            stack.append((as_needed, whole, static))
        elif name == "pop-state":
            if not stack:
                raise ToolError("no state pushed before popping")
            as_needed, whole, static = stack.pop()
        elif name in ("start-group", "("):
            if in_group:
                raise ToolError("may not nest groups (--help for usage)")
            in_group = True
            group_counter += 1
            group = group_counter
        elif name in ("end-group", ")"):
            if not in_group:
                raise ToolError("group ended before it began (--help for usage)")
            in_group = False
        elif name == "gc-sections":
            o.gc_sections = True
        elif name == "no-gc-sections":
            o.gc_sections = False
        elif name == "print-gc-sections":
            o.print_gc = True
        elif name in ("s", "strip-all"):
            o.strip_all = True
        elif name in ("S", "strip-debug"):
            o.strip_debug = True
        elif name in ("E", "export-dynamic"):
            o.export_dynamic = True
        elif name in ("v", "V", "version"):
            o.version = True
            o.version_form = name
            if name == "V":
                o.verbose = True
        elif name == "verbose":
            o.verbose = True
        elif name == "help":
            o.help = True
        elif name in ("Bsymbolic", "Bsymbolic-functions"):
            o.bsymbolic = True
        elif name in ("r", "relocatable", "i"):
            o.relocatable = True
        elif name in ("relax", "no-relax"):
            o.relax = name == "relax"
        elif name == "no-undefined":
            o.no_undefined = True
        elif name == "allow-shlib-undefined":
            o.allow_shlib_undefined = True
        elif name == "no-allow-shlib-undefined":
            o.allow_shlib_undefined = False
        elif name == "fatal-warnings":
            o.fatal_warnings = True
        elif name == "sysroot":
            o.sysroot = arg()
        elif name == "target":
            o.target = arg()
        elif name in ("T", "script"):
            add("file", arg())
        elif name in ("threads", "thread-count", "error-limit", "max-page-size",
                      "common-page-size", "compress-debug-sections", "exclude-libs",
                      "hash-size", "sort-section", "unresolved-symbols", "package-metadata",
                      "dependency-file", "y", "trace-symbol", "a", "Y", "A", "architecture",
                      "b", "format", "oformat"):
            if name not in ("threads",) or val is not None:
                arg() if name not in ("threads",) else None
        elif name in ("init", "fini", "dynamic-list", "wrap", "Ttext", "Tdata", "Tbss",
                      "section-start", "image-base", "retain-symbols-file", "F", "f",
                      "filter", "auxiliary"):
            raise ToolError(f"option '{a}' is not supported")
        elif name in _IGNORED_FLAGS or name.startswith(("plugin-opt", "O")):
            pass
        else:
            raise ToolError(f"unrecognized option '{a}'")
    if in_group:
        raise ToolError("missing --end-group")
    return o


def _zopt(o: Options, kw: str) -> None:
    if kw == "now":
        o.z_now = True
    elif kw == "lazy":
        o.z_now = False
    elif kw == "relro":
        o.z_relro = True
    elif kw == "norelro":
        o.z_relro = False
    elif kw == "execstack":
        o.z_execstack = True
    elif kw == "noexecstack":
        o.z_execstack = False
    elif kw == "defs":
        o.z_defs = True
    # everything else (separate-code, text, notext, max-page-size=..., ibt, shstk, nodelete,
    # origin, combreloc, ...) is accepted and ignored
