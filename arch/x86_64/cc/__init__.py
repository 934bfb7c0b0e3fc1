"""pycc's x86-64 back end on the shared code generator (toolchain.cc.backend).

    from toolchain.arch.x86_64.cc import compile_module
    asm_text = compile_module(ir_module, opt_level=1)

``BACKEND`` (backend.py) is what the driver uses: instruction selection (isel.py, abi.py),
the register file (regs.py), frame lowering and AT&T printing (emit.py). The shared driver
runs prepare -> isel -> register allocation -> block layout -> frame -> emit per function.
"""
from __future__ import annotations

from toolchain.cc.backend import driver as _driver
from toolchain.cc.ir.core import Module

from .backend import BACKEND, X86Backend
from .isel import ModuleCtx, Unsupported

__all__ = ["BACKEND", "X86Backend", "compile_module", "compile_to_object", "select_function",
           "Unsupported"]


def module_ctx(m: Module, pic: bool = False) -> ModuleCtx:
    """pic=False: position-independent executable (default, like Debian's gcc): every symbol
    defined in the module binds locally. pic=True (-fPIC): only internal and hidden ones do;
    the others may be preempted, so they go through the GOT/PLT, and TLS uses the general
    dynamic model."""
    defs = list(m.functions) + list(m.globals)
    if pic:
        local = {d.name for d in defs if d.internal or d.hidden}
    else:
        local = {d.name for d in defs}
    for name, target, _k, internal_, _w in getattr(m, "aliases", ()) or ():
        if target in local and (not pic or internal_):
            local.add(name)
    internal = {d.name for d in defs if d.internal}
    tls = {g.name for g in m.globals if g.tls} | {n for n, k in m.externs.items() if k == "tls"}
    return ModuleCtx(local, internal, tls, pic)


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
