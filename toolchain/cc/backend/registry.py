"""The registry of pycc's code generators: target name -> module ``toolchain.arch.<t>.cc``.

A module registered here exposes ``BACKEND`` (a ``target.Backend`` instance driven by the
shared driver), or, until it switches to the contract, the older convention
``compile_module(module, opt_level, pic=...)`` returning GNU as text.
"""
from __future__ import annotations

import importlib

from ...diag import ToolError

BACKENDS = {
    "x86_64": "toolchain.arch.x86_64.cc",
    "aarch64": "toolchain.arch.aarch64.cc",
    "riscv64": "toolchain.arch.riscv64.cc",
}


def backend_module(target: str):
    """The code generator module for a target name or triple (ToolError if none yet)."""
    from ...targets import get_target
    t = get_target(target)
    modname = BACKENDS.get(t.name)
    if modname is None:
        raise ToolError(f"pycc has no code generator for {t.triple} yet")
    try:
        mod = importlib.import_module(modname)
    except ImportError as e:
        if e.name is not None and modname.startswith(e.name):
            raise ToolError(f"pycc has no code generator for {t.triple} yet") from None
        raise
    if getattr(mod, "BACKEND", None) is None and not hasattr(mod, "compile_module"):
        raise ToolError(f"pycc has no code generator for {t.triple} yet")
    return mod


def get_backend(target: str):
    """The target's ``Backend`` instance, or None if its module only has ``compile_module``."""
    return getattr(backend_module(target), "BACKEND", None)
