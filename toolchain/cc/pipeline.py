"""pycc's compile pipeline: C file -> typed tree -> IR -> optimised IR -> machine code (the
target's back end through toolchain.cc.backend.driver) -> object, and the link step through
pyld in process. The driver (toolchain.cc.main.drive_options) calls these; this module does
not import the driver.

    from toolchain.cc.pipeline import compile_c, link_args, run_pyld
    obj = compile_c("x.c", target, fo, diag, opt_level=1, output="obj")
    run_pyld(link_args(["x.o"], "a.out", target))
"""
from __future__ import annotations

from ..diag import Diagnostics, ToolError


def lower_file(path, target, fo, diag, debug=None, optimize=True):
    """Parse and lower one C file to an IR module (None if the front end reported errors).
    ``debug``: -g options (toolchain.cc.debug.DebugOptions) or None; ``optimize``: False at
    -O0 (toolchain.cc.lower.lower_unit)."""
    from .frontend import parse_file
    from .lower import LowerError, lower_unit
    tu = parse_file(path, target, fo, diag)
    if tu is None:
        return None
    from . import timing
    from .frontend import run_big_stack
    try:
        return run_big_stack(timing.phase("lowering to IR", lower_unit), tu, False,
                             path if debug else None, optimize)
    except LowerError as e:
        loc = getattr(getattr(e, "node", None), "loc", None)
        where = f"{loc.src.name}:{loc.line}:{loc.col}: " if loc is not None and getattr(loc, "src", None) else f"{path}: "
        raise ToolError(f"{where}sorry, unimplemented: {e}") from None
    except RecursionError:
        raise ToolError(f"{path}: expression nesting too deep") from None


def compile_c(path, target, fo, diag, opt_level=0, output="obj", pic=False, debug=None):
    """Compile a C file: output 'ir' (text), 'asm' (text) or 'obj' (bytes). None on errors.
    ``opt_level`` is passed as given (0, 1, 2, 3, "s", "z", "g") to the optimiser and the back
    end."""
    from .opt.manager import normalize_level
    level = normalize_level(opt_level)
    with _collector:
        if debug is None and output in ("obj", "asm") and fo.sema and STREAM:
            from .stream import Fallback
            try:
                return _compile_streaming(path, target, fo, diag, level, output, pic)
            except Fallback as e:       # compiled again the whole-unit way, quietly
                if STREAM_TRACE:
                    import sys
                    sys.stderr.write(f"pycc: {path}: not streamed: {e}\n")
                diag = Diagnostics("pycc", "gcc", stream=_NullStream())
        m = lower_file(path, target, fo, diag, debug, level != 0)
        if m is None:
            return None
        m.cmdline_macros = cmdline_macros(fo)
        return _compile_module(m, path, target, level, output, pic, debug)


STREAM = True           # per-declaration streaming (toolchain.cc.stream); tests turn it off
STREAM_TRACE = False    # say on stderr when a unit falls back to the whole-unit pipeline


class _NullStream:
    def write(self, text):
        return len(text)

    def flush(self):
        pass


def _compile_streaming(path, target, fo, diag, level, output, pic):
    """compile_c with each external declaration checked and lowered as it is parsed (and
    at -O0, on back ends that allow it, each function emitted at once): the same output in
    less memory (toolchain.cc.stream). Raises stream.Fallback when it cannot be sure."""
    from . import timing
    from .backend.driver import ModuleCodegen, join_pieces, stream_pieces
    from .backend.registry import backend_module
    from .frontend import parse_file
    from .lower import LowerError
    from .stream import Stream
    be = getattr(backend_module(target.name), "BACKEND", None)
    codegen = None
    parts = []
    writer = None
    _one_malloc_arena(path)
    try:
        with timing.instrument_backend(target.name):
            if level == 0 and be is not None and getattr(be, "streams", False):
                if output == "obj":
                    writer = be.object_writer(path)
                    sink = writer.feed
                else:
                    def sink(items):
                        if items:
                            stream_pieces(be, items, parts)
                codegen = ModuleCodegen(be, None, level, pic, None, sink, path, None,
                                        _collector.function_done)
            st = Stream(pic, level != 0, codegen, cmdline_macros(fo))
            fo.consumer = st
            tu = parse_file(path, target, fo, diag)
            if tu is None:
                return None
            try:
                result = st.finish()
            except LowerError as e:
                loc = getattr(getattr(e, "node", None), "loc", None)
                where = f"{loc.src.name}:{loc.line}:{loc.col}: " \
                    if loc is not None and getattr(loc, "src", None) else f"{path}: "
                raise ToolError(f"{where}sorry, unimplemented: {e}") from None
            except RecursionError:
                raise ToolError(f"{path}: expression nesting too deep") from None
            except Exception as e:
                _backend_error(e, path)
                raise
            if codegen is not None and output == "obj":
                try:
                    return writer.finish()
                except Exception as e:
                    _backend_error(e, path)
                    raise
    finally:
        fo.consumer = None
    if codegen is None:
        return _compile_module(result, path, target, level, output, pic, None)
    return join_pieces(be, parts)


BIG_UNIT = 4 << 20      # bytes of source from which malloc keeps one arena


def _one_malloc_arena(path) -> None:
    """For a big unit, one malloc arena for the whole process (glibc's M_ARENA_MAX): the
    compilation runs in the front end's thread, which glibc gives an arena of its own, and
    memory freed in one arena is not reused by the other; one arena is 8% less peak memory
    on a 5 MB source (docs/speed.md "A 50 MB source"). Only from BIG_UNIT bytes on (ctypes
    costs start-up time), and only where the C library has ``mallopt``."""
    import os
    try:
        if path == "-" or os.path.getsize(path) < BIG_UNIT:
            return
        import ctypes
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, ImportError):
        return
    mallopt(-8, 1)      # M_ARENA_MAX


def _backend_error(e, path):
    """Back-end 'Unsupported' and similar: an internal compiler error (ToolError)."""
    if type(e).__name__ in ("Unsupported", "NotImplementedError", "KeyError", "ValueError",
                            "AssertionError", "IRVerifyError"):
        raise ToolError(f"{path}: internal compiler error: {type(e).__name__}: {e}") from None


def cmdline_macros(fo) -> frozenset:
    """Names of the macros the command line leaves defined (-D/-U in order, the target's
    -m options included: the driver puts those first)."""
    on = set()
    for name, value in getattr(getattr(fo, "pp", None), "defines", ()) or ():
        if value is None:
            on.discard(name)
        else:
            on.add(name)
    return frozenset(on)


def _compile_module(m, path, target, level, output, pic, debug):
    from . import timing
    from .backend.driver import compile_module_for
    from .frontend import run_big_stack
    from .opt import optimize_module
    timing.phase("IR optimisation", optimize_module)(m, level, pic=pic)
    if output == "ir":
        from .ir import print_module
        return print_module(m)
    try:
        with timing.instrument_backend(target.name):
            return run_big_stack(compile_module_for, target.name, m, level, pic,
                                 "asm" if output == "asm" else "obj", path, debug,
                                 _collector.function_done)
    except Exception as e:
        _backend_error(e, path)
        raise


class _Collector:
    """Python's cyclic garbage collector during a compilation. Run as usual it took a third
    of the CPU time of sqlite3.c at -O0, walking the whole tree and IR again and again while
    they grow, so it is paused for the whole compilation (the front end and lowering keep
    almost everything they make; the back end's machine IR has its block cycles cut once a
    function is emitted, so reference counts free most of it). At the end, what is left
    (the module's IR, cyclic) is frozen out of the collector rather than walked: a
    command-line compile then exits without ever collecting it, and the next compilation in
    the same process collects it first. The collector is enabled again on exit if it was."""
    __slots__ = ("depth", "enabled", "pending")

    def __init__(self):
        self.depth = 0
        self.enabled = False
        self.pending = False    # the last compilation's leftovers are frozen, uncollected

    def __enter__(self):
        import gc
        self.depth += 1
        if self.depth == 1:
            self.enabled = gc.isenabled()
            if self.pending:
                self.pending = False
                gc.unfreeze()
                gc.collect()
            gc.disable()
        return self

    def function_done(self, f, mf):
        """``f`` has been emitted as ``mf``: cut the machine IR's block cycles (the emitted
        instructions are still to be assembled and keep their branch targets) and the IR's
        use-list and block cycles, so that reference counting frees both while the next
        functions are compiled (their memory is reused: a lower peak)."""
        # the blocks layout dropped (threaded jumps, unreachable tails) are still linked to
        # the kept ones and to each other: found through the links, cut as well
        work = list(mf.blocks)
        seen = set(work)
        while work:
            b = work.pop()
            for near in (b.succs, b.preds):
                if near:
                    for x in near:
                        if x not in seen:
                            seen.add(x)
                            work.append(x)
            b.succs = b.preds = None
            b.instrs = None
        for b in f.blocks:
            for ins in b.instrs:
                ins.users = ins.args = ins.block = ins.targets = None
            b.instrs = b.func = None
        for a in f.params:
            a.users = None

    def __exit__(self, *exc):
        import gc
        self.depth -= 1
        if self.depth == 0 and self.enabled:
            gc.freeze()
            self.pending = True
            gc.enable()
        return False


_collector = _Collector()


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
