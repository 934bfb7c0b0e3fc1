"""x86-64 instruction selection of the target-neutral IR intrinsics (non-local goto,
``__builtin_setjmp``/``longjmp``, trampoline initialisation, ...; see docs/ir.md).

``SELECTORS`` maps an IR op name to ``fn(isel, ins)``; ``ISel.lower`` calls it for ops it has
no ``i_<op>`` method for.
"""
from __future__ import annotations

SELECTORS: dict = {}
