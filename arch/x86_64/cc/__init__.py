"""pycc's x86-64 back end on the shared code generator (toolchain.cc.backend).

    from toolchain.arch.x86_64.cc import compile_module
    asm_text = compile_module(ir_module, opt_level=1)

``BACKEND`` (backend.py) is what the driver uses: instruction selection (isel.py, abi.py),
the register file (regs.py), frame lowering and AT&T printing (emit.py). The shared driver
runs prepare -> isel -> register allocation -> block layout -> frame -> emit per function.
"""
from __future__ import annotations

from toolchain.cc.backend import driver as _driver
from toolchain.cc.backend.isel import module_ctx as _module_ctx
from toolchain.cc.ir.core import Module

from . import abi
from .backend import BACKEND, X86Backend
from .isel import ModuleCtx, Unsupported

__all__ = ["BACKEND", "X86Backend", "compile_module", "compile_to_object", "select_function",
           "Unsupported"]


def module_ctx(m: Module, pic: bool = False) -> ModuleCtx:
    """The module context (toolchain.cc.backend.isel.module_ctx), with ``vec_max``: the
    widest vector passed in a register (abi.module_vec_max: 32 under -mavx)."""
    ctx = _module_ctx(m, pic)
    ctx.vec_max = abi.module_vec_max(m)
    return ctx


def select_function(ctx: ModuleCtx, f, optimize, regalloc: str | None = None):
    """Instruction selection and register allocation for one function: an MFunction.
    ``regalloc``: "linear" (default at -O1+), "local" (default at -O0) or "spill"."""
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
