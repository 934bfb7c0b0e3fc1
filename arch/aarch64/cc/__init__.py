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

from toolchain.cc.backend.isel import module_ctx as shared_module_ctx
from toolchain.cc.ir.core import Module

from .isel import ISel, ModuleCtx, Unsupported

__all__ = ["compile_module", "compile_to_object", "select_function", "Unsupported"]


def module_ctx(m: Module, pic: bool = False) -> ModuleCtx:
    """The shared module context (toolchain.cc.backend.isel.module_ctx), except that weak
    definitions never bind locally: they may be overridden at link time, and undefined weak
    ones may be 0."""
    ctx = shared_module_ctx(m, pic, ModuleCtx)
    ctx.local -= {d.name for d in list(m.functions) + list(m.globals) if getattr(d, "weak", False)}
    return ctx


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
