"""pyas AArch64 target package.

``encoder``  the A64 instruction encoder (GNU as syntax -> words + relocation-named fixups)
``target``   the AsmTarget the assembler core drives (directives, literal pools, fixups, CFI)

The core calls :func:`make_target`; the target module is imported on first use so that the
encoder can be used (and tested) on its own.
"""


def make_target(asm):
    from .target import AArch64Target
    return AArch64Target(asm)
