"""pycc's RISC-V 64 back end (RV64GC, LP64D, medany, PIE by default): IR module -> GNU as text.

    from toolchain.arch.riscv64.cc import compile_module
    asm_text = compile_module(ir_module, opt_level=1)

Per function: instruction selection (isel.py, LP64D calling convention in abi.py) on virtual
registers, register allocation (toolchain.cc.backend.regalloc: linear scan at -O1+, block-local
at -O0), frame layout and prologue/epilogue with CFI (emit.py). See docs/backend-riscv64.md.
"""
from __future__ import annotations

from toolchain.cc.backend.regalloc import allocate
from toolchain.cc.ir.core import Module

from .emit import RVHooks, emit_function, emit_global, emit_literals
from .isel import ISel, ModuleCtx, Unsupported
from .regs import INFO

__all__ = ["compile_module", "compile_to_object", "select_function", "Unsupported"]


def module_ctx(m: Module, pic: bool = False) -> ModuleCtx:
    defs = list(m.functions) + list(m.globals)
    if pic:
        local = {d.name for d in defs if d.internal or d.hidden}
    else:
        local = {d.name for d in defs if not getattr(d, "weak", False) or d.internal}
        local |= {d.name for d in defs}
    for name, target, _k, internal_, _w in getattr(m, "aliases", ()) or ():
        if target in local and (not pic or internal_):
            local.add(name)
    internal = {d.name for d in defs if d.internal}
    tls = {g.name for g in m.globals if g.tls} | {n for n, k in m.externs.items() if k == "tls"}
    return ModuleCtx(local, internal, tls, pic)


def select_function(ctx: ModuleCtx, f, optimize: bool, regalloc: str | None = None):
    mf = ISel(ctx, f, optimize).run()
    allocate(mf, INFO, RVHooks(), regalloc or ("linear" if optimize else "local"))
    return mf


def compile_module(m: Module, opt_level=1, regalloc: str | None = None, pic: bool = False) -> str:
    optimize = opt_level not in (0, "0")
    ctx = module_ctx(m, pic)
    out = ["\t.option pic",
           '\t.attribute arch, "rv64i2p1_m2p0_a2p1_f2p2_d2p2_c2p0_zicsr2p0_zifencei2p0"',
           "\t.attribute unaligned_access, 0",
           "\t.attribute stack_align, 16"]
    for t in getattr(m, "asm", ()) or ():
        out.append("\t.text")
        out.append(t)
    for f in m.functions:
        opt = optimize and "nonlocal_target" not in f.attrs
        mf = select_function(ctx, f, opt, regalloc)
        emit_function(mf, out, f)
        del mf
        f.blocks = []
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
    from toolchain.asm.api import assemble
    return assemble(compile_module(m, opt_level, pic=pic), filename, target="riscv64")
