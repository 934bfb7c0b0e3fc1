"""pycc's compile pipeline: C file -> typed tree -> IR -> optimised IR -> assembly / object,
and the link step through pyld in-process.

    from toolchain.cc.pipeline import compile_c, link
    obj = compile_c("x.c", target, opt_level=1, output="obj", pp=PPOptions(...))
    link(["x.o"], "a.out", target)
"""
from __future__ import annotations

import os
import tempfile

from ..diag import Diagnostics, ToolError, atomic_write


def lower_file(path, target, fo, diag):
    """Parse and lower one C file to an IR module (None if the front end reported errors)."""
    from .frontend import parse_file
    from .lower import LowerError, lower_unit
    tu = parse_file(path, target, fo, diag)
    if tu is None:
        return None
    try:
        return lower_unit(tu)
    except LowerError as e:
        loc = getattr(getattr(e, "node", None), "loc", None)
        where = f"{loc.src.name}:{loc.line}:{loc.col}: " if loc is not None and getattr(loc, "src", None) else f"{path}: "
        raise ToolError(f"{where}sorry, unimplemented: {e}") from None
    except RecursionError:
        raise ToolError(f"{path}: expression nesting too deep") from None


def compile_c(path, target, fo, diag, opt_level=0, output="obj", pic=False):
    """Compile a C file: output 'ir' (text), 'asm' (text) or 'obj' (bytes). None on errors."""
    from .opt import optimize_module
    m = lower_file(path, target, fo, diag)
    if m is None:
        return None
    lvl = 0 if opt_level in (0, "0") else 1
    if lvl:
        optimize_module(m, lvl)
    if output == "ir":
        from .ir import print_module
        return print_module(m)
    from .backend import target_backend
    be = target_backend(target.name)
    from .ir.core import Module  # noqa: F401
    try:
        asm = be.compile_module(m, lvl, pic=pic) if pic else be.compile_module(m, lvl)
    except Exception as e:     # back-end 'Unsupported' and similar
        if type(e).__name__ in ("Unsupported", "NotImplementedError", "KeyError", "ValueError",
                                "AssertionError", "IRVerifyError"):
            raise ToolError(f"{path}: internal compiler error: {type(e).__name__}: {e}") from None
        raise
    if output == "asm":
        return asm
    from ..asm.api import assemble
    return assemble(asm, path, target=target.name)


def assemble_file(path, target, extra_args=()):
    from ..asm.api import assemble
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        text = f.read()
    return assemble(text, path, target=target.name)


def link_args(objs, out, target, libs=(), libdirs=(), static=False, shared=False, pie=True,
              nostdlib=False, nostartfiles=False, extra=()):
    """The pyld argument list gcc's driver would use."""
    t = target
    args = []
    if t.name == "x86_64":
        args += ["-m", "elf_x86_64"]
    if shared:
        args.append("-shared")
    elif static:
        args.append("-static")
    elif pie:
        args.append("-pie")
    else:
        args.append("-no-pie")
    if not static and not shared:
        args += ["-dynamic-linker", t.dynamic_linker]
    args += ["-z", "relro", "--hash-style=gnu", "--build-id", "--eh-frame-hdr"] if not static else ["--build-id"]
    args += ["-o", out]
    if not nostdlib and not nostartfiles:
        if shared:
            crt = [t.find_libc_file("crti.o"), t.find_gcc_file("crtbeginS.o")]
        elif static:
            crt = [t.find_libc_file("crt1.o"), t.find_libc_file("crti.o"), t.find_gcc_file("crtbeginT.o")]
        elif pie:
            crt = [t.find_libc_file("Scrt1.o"), t.find_libc_file("crti.o"), t.find_gcc_file("crtbeginS.o")]
        else:
            crt = [t.find_libc_file("crt1.o"), t.find_libc_file("crti.o"), t.find_gcc_file("crtbegin.o")]
        args += crt
    for d in libdirs:
        args.append("-L" + d)
    for d in t.library_path():
        args.append("-L" + d)
    args += list(extra)
    args += list(objs)
    if not nostdlib:
        if static:
            args += ["--start-group", "-lgcc", "-lgcc_eh", "-lc", "--end-group"]
        else:
            args += ["-lgcc", "--push-state", "--as-needed", "-lgcc_s", "--pop-state", "-lc",
                     "-lgcc", "--push-state", "--as-needed", "-lgcc_s", "--pop-state"]
        if not nostartfiles:
            if shared or pie:
                args += [t.find_gcc_file("crtendS.o"), t.find_libc_file("crtn.o")]
            else:
                args += [t.find_gcc_file("crtend.o"), t.find_libc_file("crtn.o")]
    return args


def run_pyld(args):
    from ..ld.main import main as ld_main
    rc = ld_main(args)
    if rc:
        raise ToolError("ld returned 1 exit status")


def build_executable(c_files, out, target, fo, diag, opt_level=0, objs=(), link_extra=()):
    """Compile C files and link them (with extra objects) into an executable."""
    tmp = tempfile.mkdtemp(prefix="pycc")
    paths = []
    try:
        for i, c in enumerate(c_files):
            data = compile_c(c, target, fo, diag, opt_level, "obj")
            if data is None:
                return 1
            p = os.path.join(tmp, f"{i}.o")
            with open(p, "wb") as f:
                f.write(data)
            paths.append(p)
        run_pyld(link_args(paths + list(objs), out, target, extra=link_extra))
        return 0
    finally:
        for p in paths:
            try:
                os.unlink(p)
            except OSError:
                pass
        try:
            os.rmdir(tmp)
        except OSError:
            pass


def drive(argv, target=None, fo=None, diag=None):
    """Minimal driver: ``[-O0|-O1..] [-c|-S] [-o OUT] [-lX] [-LDIR] FILES``; .c files are
    compiled, .s assembled, .o/.a passed to the linker. Returns the exit status."""
    from ..targets import get_target
    from .frontend import FrontendOptions
    from .preprocessor import PPOptions
    target = target or get_target("x86_64")
    mode = "link"
    out = None
    opt = 0
    files = []
    libs = []
    pp = PPOptions()
    it = iter(argv)
    for a in it:
        if a == "-c":
            mode = "obj"
        elif a == "-S":
            mode = "asm"
        elif a == "-o":
            out = next(it)
        elif a.startswith("-O"):
            v = a[2:] or "1"
            opt = 0 if v == "0" else 1
            pp.opt = v
        elif a.startswith("-l") or a.startswith("-L"):
            libs.append(a)
        elif a.startswith("-I"):
            pp.include_dirs.append(a[2:] or next(it))
        elif a.startswith("-D"):
            d = a[2:] or next(it)
            n, _, v = d.partition("=")
            pp.defines.append((n, v if "=" in d else "1"))
        elif a.startswith("-"):
            continue
        else:
            files.append(a)
    fo = fo or FrontendOptions(pp)
    diag = diag or Diagnostics("pycc", "gcc")
    if mode != "link":
        for f in files:
            data = compile_c(f, target, fo, diag, opt, mode)
            if data is None:
                return 1
            o = out or os.path.splitext(os.path.basename(f))[0] + (".o" if mode == "obj" else ".s")
            atomic_write(o, data if isinstance(data, bytes) else data.encode())
        return 0
    tmp = tempfile.mkdtemp(prefix="pycc")
    objs = []
    made = []
    try:
        for i, f in enumerate(files):
            if f.endswith(".c"):
                data = compile_c(f, target, fo, diag, opt, "obj")
                if data is None:
                    return 1
            elif f.endswith((".s", ".S")) and f.endswith(".s"):
                data = assemble_file(f, target)
            else:
                objs.append(f)
                continue
            p = os.path.join(tmp, f"{i}.o")
            with open(p, "wb") as fh:
                fh.write(data)
            made.append(p)
            objs.append(p)
        run_pyld(link_args(objs, out or "a.out", target, extra=[x for x in libs if x.startswith("-L")])
                 + [x for x in libs if x.startswith("-l")])
        return 0
    finally:
        for p in made:
            try:
                os.unlink(p)
            except OSError:
                pass
        try:
            os.rmdir(tmp)
        except OSError:
            pass


if __name__ == "__main__":
    import sys
    from ..diag import run_main
    sys.exit(run_main("pycc", drive, sys.argv[1:]))


def _preprocess_asm(path, target, pp_opts, diag):
    import io
    from .preprocessor import PPError, Preprocessor
    from .ppoutput import write_preprocessed
    pp_opts.defines.append(("__ASSEMBLER__", "1"))
    pp = Preprocessor(target, pp_opts, diag)
    try:
        pp.push_main(path)
    except PPError as e:
        raise ToolError(str(e)) from None
    buf = io.StringIO()
    write_preprocessed(pp, buf, False)
    pp_opts.defines.pop()
    return buf.getvalue()


def drive_options(o, argv, target):
    """The code-generating half of the pycc driver (-S, -c, linking), called by
    toolchain.cc.main with its parsed Options and the full argument list."""
    from ..asm.api import assemble
    from .frontend import FrontendOptions
    lvl = 0 if o.pp.opt in ("0", "", None) else 1
    pic = False
    static = shared = nostdlib = nostartfiles = False
    pie = True
    libs = []        # -l/-L/-Wl items in order, after the objects
    libdirs = []
    ld_extra = []
    n = len(argv)
    i = 0
    while i < n:
        a = argv[i]
        if a in ("-l", "-L", "-Xlinker", "-o", "-x", "-D", "-U", "-I", "-include", "-isystem",
                 "-iquote", "-idirafter", "-MF", "-MT", "-MQ", "-imacros", "-u", "-T", "-z"):
            val = argv[i + 1] if i + 1 < n else ""
            if a == "-l":
                libs.append("-l" + val)
            elif a == "-L":
                libdirs.append(val)
            elif a == "-Xlinker":
                ld_extra.append(val)
            elif a in ("-u", "-T", "-z"):
                ld_extra += [a, val]
            i += 2
            continue
        if a.startswith("-l"):
            libs.append(a)
        elif a.startswith("-L"):
            libdirs.append(a[2:])
        elif a.startswith("-Wl,"):
            ld_extra += [x for x in a[4:].split(",") if x]
        elif a in ("-fPIC", "-fpic"):
            pic = True
        elif a == "-static":
            static = True
        elif a == "-shared":
            shared = True
        elif a == "-no-pie":
            pie = False
        elif a == "-pie":
            pie = True
        elif a == "-nostdlib":
            nostdlib = True
        elif a == "-nostartfiles":
            nostartfiles = True
        elif a == "-rdynamic":
            ld_extra.append("-E")
        elif a == "-s":
            ld_extra.append("-s")
        i += 1
    if shared:
        pic = True
    fo = FrontendOptions(pp=o.pp, warnings=o.warnings, pedantic=o.pedantic)

    def new_diag():
        d = Diagnostics("pycc", "gcc", max_errors=o.max_errors)
        d.suppress_warnings = o.no_warnings
        d.werror = o.werror
        return d

    def compile_one(path, kind):
        """-> object bytes or asm text (kind 'obj'/'asm'); None on errors."""
        if not os.path.exists(path):
            raise ToolError(f"{path}: No such file or directory")
        if path.endswith((".s", ".S")):
            if kind == "asm":
                return None
            text = (_preprocess_asm(path, target, o.pp, new_diag()) if path.endswith(".S")
                    else open(path, encoding="utf-8", errors="surrogateescape").read())
            return assemble(text, path, target=target.name)
        return compile_c(path, target, fo, new_diag(), lvl, kind, pic=pic)

    if o.mode in ("c", "S"):
        kind = "obj" if o.mode == "c" else "asm"
        srcs = [p for p in o.inputs if not p.endswith((".o", ".a", ".so"))]
        if o.output and len(srcs) > 1:
            raise ToolError("cannot specify '-o' with '-c', '-S' or '-E' with multiple files")
        failed = False
        for p in srcs:
            data = compile_one(p, kind)
            if data is None:
                failed = True
                continue
            out = o.output or os.path.splitext(os.path.basename(p))[0] + (".o" if kind == "obj" else ".s")
            atomic_write(out, data if isinstance(data, (bytes, bytearray)) else data.encode())
        return 1 if failed else 0
    tmp = tempfile.mkdtemp(prefix="pycc")
    made = []
    objs = []
    try:
        for k, p in enumerate(o.inputs):
            if p.endswith((".c", ".s", ".S", ".i")):
                data = compile_one(p, "obj")
                if data is None:
                    return 1
                q = os.path.join(tmp, f"{k}.o")
                with open(q, "wb") as fh:
                    fh.write(data)
                made.append(q)
                objs.append(q)
            else:
                objs.append(p)
        args = link_args(objs + libs, o.output or "a.out", target, libdirs=libdirs, static=static,
                         shared=shared, pie=pie, nostdlib=nostdlib, nostartfiles=nostartfiles,
                         extra=ld_extra)
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
