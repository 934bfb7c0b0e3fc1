"""pycc's AArch64 back end: IR module -> GNU as text (or an object through pyas).

    from toolchain.arch.aarch64.cc import compile_module
    asm_text = compile_module(ir_module, opt_level=1)

Per function: instruction selection (isel.py, AAPCS64 in abi.py) on virtual registers,
register allocation (toolchain.cc.backend.regalloc: linear scan at -O1, block-local values in
registers at -O0), frame layout and prologue/epilogue with CFI (emit.py).
See docs/backend-aarch64.md.
"""
from __future__ import annotations

from toolchain.cc.ir.core import Module

from .emit import emit_global
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
    """IR module -> GNU as text. Functions go through the shared driver
    (toolchain.cc.backend.driver.codegen_function); static data is emitted here because the
    shared data.py writes `.align N` (a power of two for AArch64 gas) and `.value`."""
    from .backend import BACKEND
    level = opt_level
    ctx = module_ctx(m, pic)
    out = []
    BACKEND.begin_module(ctx, m, out)
    for f in m.functions:
        mf = select_function(ctx, f, level not in (0, "0"), regalloc)
        BACKEND.emit_function(ctx, mf, f, out)
        del mf
        f.blocks = []
    for g in m.globals:
        emit_global(g, out)
    for name, target, kind, internal, weak in getattr(m, "aliases", ()) or ():
        if weak:
            out.append(f"\t.weak\t{name}")
        elif not internal:
            out.append(f"\t.global\t{name}")
        out.append(f"\t.type\t{name}, %{'function' if kind == 'func' else 'object'}")
        out.append(f"\t.set\t{name},{target}")
    BACKEND.end_module(ctx, m, out)
    return "\n".join(out) + "\n"


def compile_to_object(m: Module, opt_level=1, filename: str = "<pycc>", pic: bool = False) -> bytes:
    from toolchain.asm.api import assemble
    return assemble(compile_module(m, opt_level, pic=pic), filename, target="aarch64")

# The Backend instance is toolchain.arch.aarch64.cc.backend.BACKEND. It is not exported here
# yet: the registry would then send modules through the shared data emission (data.py), whose
# `.align N` means 2**N bytes to AArch64 gas and whose `.value` GNU as rejects for AArch64, so
# compile_module above (shared per-function driver, data from emit.py) stays the entry point.
