"""Lowering of pycc's typed tree (toolchain.cc.ast after sema) to the SSA IR (docs/ir.md).

    from toolchain.cc.lower import lower_unit
    module = lower_unit(tu)            # -> toolchain.cc.ir.Module

Functions are lowered one at a time (``iter_functions``) so a caller can optimise and emit
each before lowering the next.
"""
from .lower import LowerError, Lowerer, lower_unit

__all__ = ["LowerError", "Lowerer", "lower_unit"]
