"""pycc's x86-64 back end: IR module -> GNU as (AT&T) text.

    from toolchain.arch.x86_64.cc import compile_module
    asm_text = compile_module(ir_module, opt_level=1)

Pipeline per function: instruction selection (isel.py) on virtual registers, register
allocation (toolchain.cc.backend.regalloc: linear scan at -O1+; at -O0 only block-local
values get registers), frame
layout and prologue/epilogue with CFI (emit.py).
"""
from __future__ import annotations

from toolchain.cc.backend.regalloc import allocate
from toolchain.cc.ir.core import Module

from .emit import X86Hooks, emit_function, emit_global, emit_literals
from .isel import ISel, ModuleCtx, Unsupported
from .regs import INFO

__all__ = ["compile_module", "select_function", "Unsupported"]


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


def select_function(ctx: ModuleCtx, f, optimize: bool, regalloc: str | None = None):
    """Instruction selection and register allocation for one function: an MFunction.
    ``regalloc``: "linear" (default at -O1+), "local" (default at -O0) or "spill"."""
    mf = ISel(ctx, f, optimize).run()
    allocate(mf, INFO, X86Hooks(), regalloc or ("linear" if optimize else "local"))
    return mf


def compile_module(m: Module, opt_level=1, regalloc: str | None = None, pic: bool = False) -> str:
    optimize = opt_level not in (0, "0")
    ctx = module_ctx(m, pic)
    out = []
    for t in getattr(m, "asm", ()) or ():     # top-level asm, handed to the assembler as is
        out.append("\t.text")
        out.append(t)
    for f in m.functions:
        if "nonlocal_target" in f.attrs:    # entered by non-local gotos: -O0 code
            mf = select_function(ctx, f, False, regalloc)
        else:
            mf = select_function(ctx, f, optimize, regalloc)
        out.append("\t.text")
        out.append("\t.p2align 4")
        emit_function(mf, out, f)
        del mf
        f.blocks = []       # the module is consumed: each function's IR is freed once emitted
    for g in m.globals:
        emit_global(g, out)
    for name, target, kind, internal, weak in getattr(m, "aliases", ()) or ():
        if weak:
            out.append(f"\t.weak\t{name}")
        elif not internal:
            out.append(f"\t.globl\t{name}")
        out.append(f"\t.type\t{name}, @{'function' if kind == 'func' else 'object'}")
        out.append(f"\t.set\t{name},{target}")
    emit_literals(ctx.literals, out)
    out.append('\t.section\t.note.GNU-stack,"%s",@progbits'
               % ("x" if getattr(m, "exec_stack", False) else ""))
    return "\n".join(out) + "\n"


def compile_to_object(m: Module, opt_level=1, filename: str = "<pycc>", pic: bool = False) -> bytes:
    """IR module -> ELF relocatable object bytes, assembled in memory by pyas."""
    from toolchain.asm.api import assemble
    return assemble(compile_module(m, opt_level, pic=pic), filename, target="x86_64")
