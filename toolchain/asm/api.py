"""The assembler's Python API.

    from toolchain.asm.api import assemble, encode, assemble_object

    obj_bytes = assemble(text, "file.s", target="x86_64")      # ELF bytes (AsmError on errors)
    obj = assemble_object(text)                                 # toolchain.elf.objfile.ObjectFile
    encode("mov x29, sp", target="aarch64")                     # b'\\xfd\\x03\\x00\\x91'
    encode(("mov", "x29", "sp"), target="aarch64")              # structured form
"""
from __future__ import annotations

import io

from ..diag import Diagnostics, FatalStop
from .assembler import Assembler, AsmError


class AssemblyFailed(AsmError):
    """Errors were reported; ``.messages`` holds the GNU-as-style lines."""

    def __init__(self, messages: str):
        super().__init__(messages.strip())
        self.messages = messages


def _new(target: str, gdwarf: int = 0):
    err = io.StringIO()
    return Assembler(target, Diagnostics("pyas", style="gas", stream=err),
                     options={"gdwarf": gdwarf} if gdwarf else None), err


def assemble_object(text: str, filename: str = "<stdin>", target: str = "x86_64",
                    gdwarf: int = 0):
    """``gdwarf``: DWARF version of the debug info for the source itself (as -g/--gdwarf-N)."""
    asm, err = _new(target, gdwarf)
    try:
        asm.assemble_text(text, filename)
    except FatalStop:           # a fatal error (already reported): nothing more is read
        raise AssemblyFailed(err.getvalue()) from None
    obj = asm.finish()
    if obj is None or asm.errors:
        raise AssemblyFailed(err.getvalue())
    return obj


def assemble(text: str, filename: str = "<stdin>", target: str = "x86_64",
             gdwarf: int = 0) -> bytes:
    """Assemble a whole text to ELF relocatable object bytes (``gdwarf``: as -g/--gdwarf-N)."""
    from ..elf.objfile import write_object
    return write_object(assemble_object(text, filename, target, gdwarf),
                        omit_empty_symtab=True)


def encode(insn, target: str = "x86_64") -> bytes:
    """Encode one instruction, given as text (``"add x0, x0, #1"``) or structured as
    ``(mnemonic, operand, ...)`` with operands in the target's syntax order. Branches to
    labels and symbolic operands are resolved as in a one-instruction object at address 0
    (relocated fields read as zero: the encoding sweeps rely on that).

    For an encoder that places the instruction at an address, resolves symbols from a
    mapping and rejects undefined labels, use :func:`toolchain.encode` (docs/api.md)."""
    if not isinstance(insn, str):
        mnem, *ops = insn
        insn = f"{mnem} {', '.join(ops)}" if ops else mnem
    asm, err = _new(target)
    asm.assemble_text(insn + "\n", "<insn>")
    if asm.errors:
        raise AssemblyFailed(err.getvalue())
    obj = asm.finish()
    if obj is None:
        raise AssemblyFailed(err.getvalue())
    sec = next(s for s in obj.sections if s.name == ".text")
    return bytes(sec.data)
