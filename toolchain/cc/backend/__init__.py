"""The target-independent back end of pycc, read top to bottom:

- ``target.py``   the contract a target fills in (``Backend``, ``RegClass``)
- ``registry.py`` target name -> ``toolchain.arch.<t>.cc``
- ``driver.py``   per module and per function: prepare -> isel -> allocate -> layout -> frame
                  -> emit
- ``prepare.py``  IR preparation shared by every target (unreachable blocks, critical edges)
- ``mir.py``      machine IR: registers, operands, instructions, blocks, frame slots
- ``regalloc.py`` liveness, phi coalescing, linear scan, spill rewriting, edge moves
- ``parmove.py``  the one parallel-move resolver
- ``layout.py``   block layout: jump threading, tail duplication, branch inversion
- ``frame.py``    abstract frame slots finalised against FP or SP
- ``data.py``     globals, literals and aliases as assembler directives

    from toolchain.cc.backend import compile_ir
    text = compile_ir(module, "x86_64", opt_level=1)              # GNU as text (-S)
    obj = compile_ir(module, "x86_64", opt_level=1, output="obj")  # ELF object via pyas

See docs/backend.md.
"""
from __future__ import annotations

from .registry import BACKENDS, backend_module, get_backend


def target_backend(target: str):
    """The code generator module of a target (older name of registry.backend_module)."""
    return backend_module(target)


def compile_ir(module, target: str = "x86_64", opt_level=1, output: str = "asm", pic=False,
               filename: str = "<pycc>"):
    """Compile an IR module: output "asm" (GNU as text) or "obj" (ELF object bytes)."""
    from . import driver
    return driver.compile_module_for(target, module, opt_level, pic=pic, output=output,
                                     filename=filename)


__all__ = ["BACKENDS", "backend_module", "get_backend", "target_backend", "compile_ir"]
