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
              nostdlib=False, nostartfiles=False, extra=(), static_pie=False):
    """The pyld argument list gcc's driver would use. ``nostdlib``: no default libraries
    (-nodefaultlibs; -nostdlib is both flags); ``objs`` may hold -l and linker words in order."""
    t = target
    args = []
    args += ["-m", t.emulation]
    if shared:
        args.append("-shared")
    elif static_pie:
        args += ["-static", "-pie", "--no-dynamic-linker", "-z", "text"]
    elif static:
        args.append("-static")
    elif pie:
        args.append("-pie")
    else:
        args.append("-no-pie")
    if not static and not shared and not static_pie:
        args += ["-dynamic-linker", t.dynamic_linker]
    args += ["-z", "relro", "--hash-style=gnu", "--build-id", "--eh-frame-hdr"] if not static else ["--build-id"]
    args += ["-o", out]
    pic_crt = shared or static_pie or (pie and not static)
    if not nostartfiles:
        if shared:
            crt = [t.find_libc_file("crti.o"), t.find_gcc_file("crtbeginS.o")]
        elif static_pie:
            crt = [t.find_libc_file("rcrt1.o"), t.find_libc_file("crti.o"), t.find_gcc_file("crtbeginS.o")]
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
    args += list(libs)
    if not nostdlib:
        if static or static_pie:
            args += ["--start-group", "-lgcc", "-lgcc_eh", "-lc", "--end-group"]
        else:
            args += ["-lgcc", "--push-state", "--as-needed", "-lgcc_s", "--pop-state", "-lc",
                     "-lgcc", "--push-state", "--as-needed", "-lgcc_s", "--pop-state"]
    if not nostartfiles:
        if pic_crt:
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


def assemble_text(text, name, target, asm_args=()):
    """Assemble ``text`` with pyas in process (``-Wa,`` options as GNU as takes them).
    Returns object bytes, or None after printing the assembler's errors."""
    import sys
    from ..asm.assembler import Assembler
    from ..asm.main import parse_args as as_parse_args
    from ..elf.objfile import write_object
    ao = as_parse_args(list(asm_args))
    if isinstance(ao, int):
        return None
    diag = Diagnostics("pycc", style="gas")
    diag.suppress_warnings = ao.no_warn
    diag.werror = ao.fatal_warnings
    asm = Assembler(target.name, diag, ao.include, ao.defsyms)
    for a in ao.target_args:
        asm.target.handle_option(a, None)
    asm.assemble_text(text, name)
    obj = asm.finish()
    if obj is None or asm.errors:
        sys.stderr.flush()
        return None
    return write_object(obj)


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
    from . import main as M
    from .frontend import FrontendOptions
    lvl = 0 if o.pp.opt in ("0", "", None) else 1
    fo = FrontendOptions(pp=o.pp, warnings=o.warnings, pedantic=o.pedantic)
    fo.make_preprocessor = lambda path, diag: M.make_preprocessor(o, target, o.pp, diag, path)
    inputs = [it for it in o.items if isinstance(it, M.Input)]
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
        M.show_command(o, ["(save-temps)", "-o", path])
        atomic_write(path, data if isinstance(data, (bytes, bytearray)) else
                     data.encode("utf-8", "surrogateescape"))

    def write_deps(it, pp, out):
        if o.dep is not None and o.dep_side and pp is not None:
            dfile, tgt = M.side_dep_file(o, it.path, out)
            atomic_write(dfile, M.dep_text(o, pp, it.path, tgt).encode())

    def compile_one(it, kind, out):
        """One source -> object bytes (kind 'obj') or assembly text ('asm'); None on errors,
        False when there is nothing to produce (an assembly source under -S)."""
        path = it.path
        stem = _temp_stem(o, path, o.mode) if o.save_temps else None
        if it.lang in ("assembler", "assembler-with-cpp"):
            if kind == "asm":
                return False
            M.show_command(o, ["pyas"] + list(o.asm_args) + [path, "-o", out])
            if o.dry_run:
                return b""
            if it.lang == "assembler-with-cpp":
                diag = M.new_diag(o)
                text, pp = M.preprocess_to_text(o, target, path, diag, M._asm_pp_options(o.pp))
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
        M.show_command(o, ["pycc", "-cc1", f"-O{o.pp.opt}", f"-std={o.pp.std}"]
                       + (["-fPIC"] if o.pic else []) + [path, "-o", out])
        if o.dry_run:
            return b""
        diag = M.new_diag(o)
        src = path
        if stem:
            text, pp = M.preprocess_to_text(o, target, path, diag)
            if diag.failed:
                return None
            write_deps(it, pp, out)
            src = stem + ".i"
            save(src, text)
        want = "asm" if (kind == "asm" or stem) else "obj"
        data = compile_c(src, target, fo, diag, lvl, want, pic=o.pic)
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
        M.show_command(o, ["pyld"] + args)
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
