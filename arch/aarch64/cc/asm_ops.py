"""Extended inline asm for AArch64: constraints and operand modifiers."""
from __future__ import annotations


def select_asm(isel, ins):
    from .isel import Unsupported
    raise Unsupported("inline asm is not supported by the AArch64 back end yet")


def format_asm(mi) -> str:
    return "\t" + mi.extra
