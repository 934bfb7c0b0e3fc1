"""pycc's AArch64 back end: IR module -> GNU as text (or an object through pyas).

    from toolchain.arch.aarch64.cc import compile_module
    asm_text = compile_module(ir_module, opt_level=1)

``BACKEND`` (backend.py) is what the shared driver (toolchain.cc.backend.driver) runs: per
function instruction selection (isel.py, AAPCS64 in abi.py) on virtual registers, the shared
register allocation and block layout, frame layout and prologue/epilogue with CFI (emit.py);
static data through the shared toolchain.cc.backend.data.
See docs/backend-aarch64.md.
"""
from __future__ import annotations

from toolchain.cc.ir.core import Module

from .isel import ISel, ModuleCtx, Unsupported

__all__ = ["compile_module", "compile_to_object", "select_function", "Unsupported"]


def module_ctx(m: Module, pic: bool = False) -> ModuleCtx:
    """pic=False: PIE (Debian's default): every symbol defined in the module binds locally.
    pic=True (-fPIC): only internal and hidden ones; TLS uses TLSDESC."""
    defs = list(m.functions) + list(m.globals)
    if pic:
        local = {d.name for d in defs if d.internal or d.hidden}
    else:
        local = {d.name for d in defs}
    for name, target, _k, internal_, _w in getattr(m, "aliases", ()) or ():
        if target in local and (not pic or internal_):
            local.add(name)
    # weak definitions may be overridden at link time, undefined weak ones may be 0
    local -= {d.name for d in defs if getattr(d, "weak", False)}
    internal = {d.name for d in defs if d.internal}
    tls = {g.name for g in m.globals if g.tls} | {n for n, k in m.externs.items() if k == "tls"}
    return ModuleCtx(local, internal, tls, pic)


def select_function(ctx: ModuleCtx, f, optimize: bool, regalloc: str | None = None):
    """Preparation, instruction selection, register allocation and block layout of one
    function through the shared driver: an allocated MFunction."""
    from toolchain.cc.backend.driver import codegen_function
    from .backend import BACKEND
    return codegen_function(BACKEND, ctx, f, 1 if optimize else 0, regalloc)


def compile_module(m: Module, opt_level=1, regalloc: str | None = None, pic: bool = False) -> str:
    """IR module -> GNU as text through the shared driver (toolchain.cc.backend.driver)."""
    from toolchain.cc.backend.driver import compile_module as drive, stream_text
    return stream_text(BACKEND, drive(BACKEND, m, opt_level, pic, regalloc))


def compile_to_object(m: Module, opt_level=1, filename: str = "<pycc>", pic: bool = False) -> bytes:
    from toolchain.cc.backend.driver import compile_module as drive, assemble_stream
    return assemble_stream(BACKEND, drive(BACKEND, m, opt_level, pic), filename)


from .backend import BACKEND  # noqa: E402  (the registry's entry; backend.py imports this module)
