"""The code generation driver, target independent.

    compile_module(backend, module, level, pic=False) -> list of stream items
    codegen_function(backend, ctx, f, level) -> allocated MFunction

Per function: prepare (prepare.py) -> instruction selection (``backend.select``) -> register
allocation with phi resolution (regalloc.py) -> block layout (layout.py) -> frame and emission
(``backend.emit_function``, which uses frame.py). Per module: ``begin_module``, the functions,
data (data.py), ``end_module``.

The output stream is a list of items: ``str`` (a label or directive line of GNU as text) or
``MInstr`` (a machine instruction; ``backend.print_instr`` prints it for -S, the target's
encoder assembles it for -c), or a target's own instruction object (AArch64: an encoder-ready
``Insn``, printed by ``backend.print_instr`` too). ``stream_text`` prints a stream.
"""
from __future__ import annotations

from . import data as _data
from .layout import layout_blocks
from .prepare import prepare_function
from .regalloc import allocate


def codegen_function(backend, ctx, f, level, regalloc: str | None = None):
    legalize = getattr(backend, "legalize_function", None)
    if legalize is not None:        # RISC-V: binary128 -> libgcc calls, a function at a time
        legalize(f)
    prepare_function(backend, ctx, f, level)
    if "nonlocal_target" in f.attrs:
        level = 0       # entered by non-local gotos: no value in a register across blocks
    mf = backend.select(ctx, f, level)
    allocate(mf, backend, regalloc or backend.regalloc_mode(f, level))
    layout_blocks(mf, backend)
    return mf


def compile_module(backend, m, level=1, pic: bool = False, regalloc: str | None = None,
                   sink=None, filename: str = "<pycc>", debug=None, each_function=None) -> list:
    """IR module -> output stream. The module is consumed (each function's IR is freed once
    it is emitted). With ``sink``, the items are handed to ``sink(items)`` function by
    function (and the returned list is empty), so a whole module's machine code is never
    held at once. ``each_function(f, mf)`` is called once f is emitted as mf, before both are
    dropped (the pipeline frees memory there)."""
    mc = ModuleCodegen(backend, m, level, pic, regalloc, sink, filename, debug, each_function)
    mc.begin()
    for f in m.functions:
        mc.function(f)
    return mc.finish()


class ModuleCodegen:
    """One module's code generation, a function at a time: ``begin()``, ``function(f)`` for
    each function in text order, ``finish()`` (data, the module's end) -> the stream (empty
    with a ``sink``). The streaming pipeline (toolchain.cc.stream) calls ``function`` while
    the module is still being lowered."""
    __slots__ = ("backend", "m", "level", "pic", "regalloc", "sink", "filename", "debug",
                 "each_function", "ctx", "out", "dbg")

    def __init__(self, backend, m, level=1, pic=False, regalloc=None, sink=None,
                 filename="<pycc>", debug=None, each_function=None):
        self.backend = backend
        self.m = m
        self.level = level
        self.pic = pic
        self.regalloc = regalloc
        self.sink = sink
        self.filename = filename
        self.debug = debug
        self.each_function = each_function
        self.ctx = None
        self.out = []
        self.dbg = None

    def begin(self, ctx=None):
        m = self.m
        self.ctx = ctx if ctx is not None else self.backend.module_context(m, self.pic)
        if getattr(m, "debug", None) is not None:     # -g (toolchain.cc.debug)
            from ..debug.info import DebugModule
            self.dbg = DebugModule(self.backend, m, self.filename, self.debug, self.level)
            self.dbg.begin(self.out)
        self.backend.begin_module(self.ctx, m, self.out)

    def function(self, f):
        backend = self.backend
        out = self.out
        mf = codegen_function(backend, self.ctx, f, self.level, self.regalloc)
        start = len(out)
        backend.emit_function(self.ctx, mf, f, out)
        if self.dbg is not None:
            self.dbg.function(mf, f, out, start)
        if self.each_function is not None:
            self.each_function(f, mf)
        del mf
        f.blocks = []
        if self.sink is not None:
            self.sink(out)
            self.out = []

    def finish(self) -> list:
        m = self.m
        flush = self._flush if self.sink is not None and self.dbg is None else None
        out = self.out = _data.emit_data(self.backend, self.ctx, m, self.out, flush)
        if self.dbg is not None:
            self.dbg.finish(out)
        self.backend.end_module(self.ctx, m, out)
        if self.sink is not None:
            self.sink(out)
            out = self.out = []
        return out


    def _flush(self, out: list) -> list:
        self.sink(out)
        self.out = []
        return self.out


def stream_text(backend, items) -> str:
    pr = backend.print_instr
    return "\n".join(x if type(x) is str else pr(x) for x in items) + "\n"


def stream_pieces(backend, items, parts: list) -> None:
    """stream_text of items emitted while the unit is still being compiled, appended to
    ``parts``: the items the back end can print only once the unit is complete
    (``backend.late_text``) are kept as they are; join_pieces prints them at the end."""
    late = backend.late_text
    if late is None:
        parts.append(stream_text(backend, items))
        return
    pr = backend.print_instr
    run = []
    for x in items:
        if type(x) is str:
            run.append(x)
        elif late(x):
            if run:
                parts.append("\n".join(run) + "\n")
                run = []
            parts.append(x)
        else:
            run.append(pr(x))
    if run:
        parts.append("\n".join(run) + "\n")


def join_pieces(backend, parts) -> str:
    """The text of stream_pieces' parts, once the unit is complete."""
    pr = backend.print_instr
    return "".join([p if type(p) is str else pr(p) + "\n" for p in parts])


def compile_module_for(target: str, m, level=1, pic: bool = False, output: str = "asm",
                       filename: str = "<pycc>", debug=None, each_function=None):
    """Compile for a target name: "asm" -> text, "obj" -> ELF bytes, "stream" -> items.
    ``debug``: the -g options (toolchain.cc.debug.DebugOptions) when ``m.debug`` was
    recorded by lowering."""
    from .registry import backend_module
    mod = backend_module(target)
    be = getattr(mod, "BACKEND", None)
    if be is None:      # older convention: compile_module returns text
        text = mod.compile_module(m, level, pic=pic) if pic else mod.compile_module(m, level)
        if output == "asm":
            return text
        from ...asm.api import assemble
        return assemble(text, filename, target=target)
    if output == "obj" and hasattr(be, "object_writer"):
        w = be.object_writer(filename)
        compile_module(be, m, level, pic, sink=w.feed, filename=filename, debug=debug,
                       each_function=each_function)
        return w.finish()
    items = compile_module(be, m, level, pic, filename=filename, debug=debug,
                           each_function=each_function)
    if output == "stream":
        return items
    if output == "obj":
        return assemble_stream(be, items, filename)
    return stream_text(be, items)


def assemble_stream(backend, items, filename: str = "<pycc>") -> bytes:
    """Object bytes of a stream: handed to pyas's core as instruction objects where the
    target has an encoder for them (``backend.assemble``), else as text."""
    asm = getattr(backend, "assemble", None)
    if asm is not None:
        return asm(items, filename)
    from ...asm.api import assemble
    return assemble(stream_text(backend, items), filename, target=backend.name)
