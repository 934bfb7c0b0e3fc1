"""pycc's RISC-V 64 back end (RV64GC, LP64D, medany, PIE by default): IR module -> GNU as text.

    from toolchain.arch.riscv64.cc import compile_module
    asm_text = compile_module(ir_module, opt_level=1)

``BACKEND`` (backend.py) is what the shared driver (toolchain.cc.backend.driver) uses: per
function instruction selection (isel.py, LP64D calling convention in abi.py) on virtual
registers, shared register allocation and block layout, frame layout and prologue/epilogue
with CFI (emit.py). See docs/backend-riscv64.md.
"""
from __future__ import annotations

from toolchain.cc.backend import driver as _driver
from toolchain.cc.ir.core import Module

from .isel import ModuleCtx, Unsupported

__all__ = ["BACKEND", "compile_module", "compile_to_object", "select_function", "Unsupported"]


def module_ctx(m: Module, pic: bool = False) -> ModuleCtx:
    """The shared module context (toolchain.cc.backend.isel.module_ctx); first the f128
    constants of global initialisers become i128 (LP64D passes both in a GPR pair). The
    functions' binary128 (long double) operations become libgcc calls one function at a
    time, before anything else the back end does with it (``legalize_function``), so
    functions can be compiled while the module is still being lowered (streaming)."""
    from toolchain.cc.backend.isel import module_ctx as shared_module_ctx
    from toolchain.cc.ir import types as T
    from toolchain.cc.opt.softfloat import legalize_globals
    legalize_globals(m, T.I128)
    return shared_module_ctx(m, pic)


def legalize_function(f) -> None:
    """binary128 operations of one function -> libgcc calls, the remaining f128 values
    carried as i128 (the driver calls it first for each function)."""
    from toolchain.cc.ir import types as T
    from toolchain.cc.opt.softfloat import legalize_function as legalize
    legalize(f, carrier=T.I128)


def select_function(ctx: ModuleCtx, f, optimize, regalloc: str | None = None):
    """Instruction selection and register allocation for one function: an MFunction."""
    level = optimize if not isinstance(optimize, bool) else int(optimize)
    return _driver.codegen_function(BACKEND, ctx, f, level, regalloc)


def compile_module(m: Module, opt_level=1, regalloc: str | None = None, pic: bool = False) -> str:
    """IR module -> GNU as text (the module is consumed)."""
    return _driver.stream_text(BACKEND, _driver.compile_module(BACKEND, m, opt_level, pic,
                                                               regalloc))


def compile_to_object(m: Module, opt_level=1, filename: str = "<pycc>", pic: bool = False) -> bytes:
    """IR module -> ELF relocatable object bytes, assembled in memory by pyas."""
    items = _driver.compile_module(BACKEND, m, opt_level, pic)
    return _driver.assemble_stream(BACKEND, items, filename)


from .backend import BACKEND, RISCV64Backend  # noqa: E402
