"""pyas: command-line entry point (GNU as compatible)."""
from __future__ import annotations

import os
import sys

from ..cli import expand_response_files, version_text
from ..diag import Diagnostics, FatalStop, ToolError, atomic_write, run_main
from ..targets import get_target

PROG = "pyas"

HELP = """Usage: pyas [option...] [asmfile...]
Options:
  --target=TRIPLE         assemble for TRIPLE (x86_64-linux-gnu, aarch64-linux-gnu,
                          riscv64-linux-gnu); default: from the program name, else the host
  -o OBJFILE              name the object-file output OBJFILE (default a.out)
  -I DIR                  add DIR to the search list for .include directives
  --defsym SYM=VAL        define symbol SYM to the given value
  -g, --gdwarf-N          generate debugging information for the assembly source (DWARF 2
                          for -g, N = 2..5)
  -W, --no-warn           suppress warnings
  --fatal-warnings        treat warnings as errors
  --64                    64-bit output (the only one supported)
  -march=, -mabi=, -EL, -mno-relax, -mrelax, ...   target options
  --version               print assembler version number and exit
  --help                  show this message and exit
"""

# options GNU as accepts that change nothing here (with and without an argument)
_IGNORED = {"--64", "-Qy", "-Qn", "-V", "-K", "-L", "--keep-locals", "-R", "-Z", "-w", "-x",
            "--noexecstack", "--execstack", "--statistics", "--traditional-format", "-g",
            "--gen-debug", "-EL", "-nocpp", "-k", "--warn", "-mlittle-endian", "-D",
            "--strip-local-absolute", "--nocompress-debug-sections", "--sectname-subst",
            "--elf-stt-common=no", "--generate-missing-build-notes=no", "-mrelax",
            "-mno-relax", "--no-pad-sections", "-mno-shared", "-mshared", "-n"}
_IGNORED_PREFIX = ("--gdwarf", "-a", "--MD", "-mx86-used-note", "-mrelax-relocations",
                   "--compress-debug-sections", "-mtune", "--debug-prefix-map",
                   "-mmnemonic", "-msyntax", "-mnaked-reg", "-mfence-as-lock-add",
                   "-mbranches-within", "-malign-branch", "-mlfence", "-momit-lock-prefix",
                   "-mevexrcig", "-mevexlig", "-mevexwig", "-mvexwig", "-msse2avx",
                   "-msse-check", "-moperand-check", "-mavxscalar", "-madd-bnd-prefix",
                   "-mno-", "-mpic", "-mcpu", "-mfpu", "-mverbose-error", "-mabi=",
                   "-march=", "-misa-spec", "-mbig-obj", "--size-check", "--hash-size",
                   "--reduce-memory", "--no-info", "--info", "--gsframe", "--listing",
                   "--elf-stt-common", "--generate-missing-build-notes", "--multibyte")


class Options:
    __slots__ = ("target", "output", "inputs", "include", "defsyms", "no_warn", "fatal_warnings",
                 "target_args", "listing", "gdwarf")

    def __init__(self):
        self.target = None
        self.output = "a.out"
        self.inputs = []
        self.include = []
        self.defsyms = {}
        self.no_warn = False
        self.fatal_warnings = False
        self.target_args = []
        self.listing = False
        self.gdwarf = 0


def target_from_progname(argv0: str):
    """The triple named by a program-name prefix (aarch64-linux-gnu-as, riscv64-...-pycc)."""
    base = os.path.basename(argv0 or "")
    for triple in ("x86_64-linux-gnu", "aarch64-linux-gnu", "riscv64-linux-gnu"):
        if base.startswith(triple) or base.startswith(triple.split("-")[0] + "-"):
            return triple
    return None


def parse_args(argv: list[str], progname: str = "") -> Options | int:
    o = Options()
    o.target = target_from_progname(progname)
    it = iter(argv)
    for a in it:
        if a.startswith("--target="):
            o.target = a.split("=", 1)[1]
        elif a == "--version":
            sys.stdout.write(version_text(PROG, "assembler", get_target(o.target).triple))
            return 0
        elif a == "--help":
            sys.stdout.write(HELP)
            return 0
        elif a == "-o":
            o.output = next(it, None)
            if o.output is None:
                raise ToolError("option requires an argument -- 'o'")
        elif a.startswith("-o") and len(a) > 2:
            o.output = a[2:]
        elif a == "-I":
            d = next(it, None)
            if d is None:
                raise ToolError("option requires an argument -- 'I'")
            o.include.append(d)
        elif a.startswith("-I"):
            o.include.append(a[2:])
        elif a == "--defsym" or a.startswith("--defsym="):
            d = a.split("=", 1)[1] if a.startswith("--defsym=") else next(it, None)
            if d is None or "=" not in d:
                raise ToolError(f"bad defsym; format is --defsym name=value")
            name, val = d.split("=", 1)
            try:
                o.defsyms[name] = int(val, 0)
            except ValueError:
                raise ToolError(f"bad defsym; format is --defsym name=value") from None
        elif a in ("-W", "--no-warn"):
            o.no_warn = True
        elif a == "--fatal-warnings":
            o.fatal_warnings = True
        elif a == "--32" or a == "--x32":
            raise ToolError(f"{a[2:]}-bit output is not supported")
        elif a in ("-g", "--gen-debug", "--gdwarf2"):
            o.gdwarf = o.gdwarf or 2
        elif a.startswith("--gdwarf-") and a[9:] in ("2", "3", "4", "5"):
            o.gdwarf = int(a[9:])
        elif a == "--MD":
            next(it, None)
        elif a == "-" or not a.startswith("-"):
            o.inputs.append(a)
        elif a in _IGNORED or a.startswith(_IGNORED_PREFIX):
            if a.startswith(("-march=", "-mabi=", "-mcpu", "-mfpu", "-misa-spec", "-mno-",
                             "-mpic")):
                o.target_args.append(a)
            if a in ("-mrelax", "-mno-relax", "-mno-shared", "-mshared", "-EL"):
                o.target_args.append(a)
        elif a in ("-march-attr", "-mno-arch-attr", "-mcsr-check", "-mno-csr-check",
                   "-mbig-endian") or a.startswith("-mpriv-spec="):
            o.target_args.append(a)
        elif a in ("-fpic", "-fPIC", "-fno-pic"):
            # RISC-V (and MIPS) as: default to PIC code model for la
            o.target_args.append(a)
        else:
            raise ToolError(f"unrecognized option '{a}'")
    return o


def _read_inputs(o: Options) -> list[tuple[str, str]]:
    from .reader import read_input
    files = o.inputs or ["-"]
    out = []
    for f in files:
        try:
            if f == "-":
                data = read_input(sys.stdin.buffer, "-")
                name = "{standard input}"
            else:
                with open(f, "rb") as fh:
                    data = read_input(fh, f)
                name = f
        except OSError as e:
            raise ToolError(f"can't open {f} for reading: {e.strerror}") from None
        out.append((name, data.decode("utf-8", "surrogateescape")))
    return out


def _main(argv: list[str], progname: str = "") -> int:
    from .assembler import Assembler
    from ..elf.objfile import write_object
    from ..elf.output import write_object_file

    o = parse_args(expand_response_files(argv), progname)      # 1. options
    if isinstance(o, int):
        return o
    target = get_target(o.target)                               # 2. target
    diag = Diagnostics(PROG, style="gas")
    diag.suppress_warnings = o.no_warn
    diag.werror = o.fatal_warnings
    asm = Assembler(target.name, diag, o.include, o.defsyms,    # 3. core + target hooks
                    {"gdwarf": o.gdwarf} if o.gdwarf else None)
    for a in o.target_args:
        asm.target.handle_option(a, None)
    image = None
    try:
        for name, text in _read_inputs(o):                      # 4. read, parse, encode
            asm.assemble_text(text, name)
        obj = asm.finish()                                      # 5. relax, CFI, lines, fixups
        if obj is not None and not asm.errors:                  # 6. the ELF object
            asm.release()       # the object has the contents: written as they are let go
            if o.output == "-":
                image = write_object(obj, omit_empty_symtab=True, release=True)
            else:               # a sparse file: alignment padding is a hole, as GNU as's
                image = write_object_file(obj, o.output, omit_empty_symtab=True,
                                          release_obj=True, fail=f"can't write {o.output}")
    except FatalStop:                                           # (reported)
        pass
    except ToolError:                                           # the output file could not
        _remove_output(o.output)                                # be written
        raise
    except MemoryError:
        asm = obj = None
        sys.stderr.write(f"{PROG}: Fatal error: out of memory\n")
    if image is None:                                           # 7. errors: no output (GNU
        _remove_output(o.output)                                #    as removes an old one)
        return 1
    if o.output == "-":                                         # 8. write it
        atomic_write(o.output, image)
    else:
        umask = os.umask(0)
        os.umask(umask)
        image.commit(0o666 & ~umask)
    return 0


def _remove_output(path: str) -> None:
    """An output file left from an earlier run is removed when assembly fails (as GNU as
    does), so a build never picks up a stale object; only a regular file."""
    try:
        if path != "-" and os.path.isfile(path) and not os.path.islink(path):
            os.unlink(path)
    except OSError:
        pass


def main(argv: list[str] | None = None) -> int:
    prog = sys.argv[0] if argv is None else ""
    return run_main(PROG, lambda a: _main(a, prog), argv)


_target_from_progname = target_from_progname
