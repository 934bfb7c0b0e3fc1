"""Target-independent back-end parts: machine IR (mir.py), liveness and register allocation
(regalloc.py), and the entry point that picks a target's back end.

    from toolchain.cc.backend import compile_ir
    text = compile_ir(module, "x86_64", opt_level=1)              # GNU as text (-S)
    obj = compile_ir(module, "x86_64", opt_level=1, output="obj")  # ELF object via pyas

A target plugs in as ``toolchain.arch.<name>.cc`` exposing ``compile_module(module, opt_level)``
(and optionally ``compile_to_object``).
"""
from __future__ import annotations

import importlib

from ...diag import ToolError


def target_backend(target: str):
    from ...targets import get_target
    t = get_target(target)
    try:
        return importlib.import_module(f"toolchain.arch.{t.name}.cc")
    except ImportError:
        raise ToolError(f"pycc has no code generator for {t.triple} yet") from None


def compile_ir(module, target: str = "x86_64", opt_level=1, output: str = "asm"):
    be = target_backend(target)
    if output == "obj":
        if hasattr(be, "compile_to_object"):
            return be.compile_to_object(module, opt_level)
        from ...asm.api import assemble
        return assemble(be.compile_module(module, opt_level), target=target)
    return be.compile_module(module, opt_level)
