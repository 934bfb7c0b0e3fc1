"""The AArch64 object hand-off: pycc's instructions encoded by pyas's A64 encoder from operand
objects, with no assembly text read (``pycc -c``).

The emitter (emit.py) writes each function as ``operands.Insn`` objects (mnemonic + register,
immediate, symbol, shift and memory objects) between text labels and directives. The shared
``toolchain.cc.backend.objwriter.ObjectWriter`` hands that stream to pyas's core
(``Assembler.assemble_items``) function by function: labels and directives go to the core's
handlers, each ``Insn`` to ``AArch64Target.encode_ops`` (the encoder the text path uses, its
handlers taking the objects in place of operand text). Inline asm templates stay text and are
read by the same Assembler. ``pycc -S`` prints the same stream (``str(insn)``), so ``-c``
equals ``-S`` + pyas.
"""
from __future__ import annotations

from toolchain.cc.backend import objwriter

from ..asm.operands import Insn


def make_encoder(asm):
    """The object encoder for ``Assembler.assemble_items``: one ``Insn`` -> pyas."""
    encode_ops = asm.target.encode_ops

    def encode(item):
        if type(item) is not Insn:
            raise TypeError(f"not an AArch64 instruction object: {item!r}")
        encode_ops(item.mnem, item.ops)
        return None
    return encode


def object_writer(filename: str = "<pycc>") -> objwriter.ObjectWriter:
    return objwriter.ObjectWriter("aarch64", make_encoder, filename)


def assemble(items, filename: str = "<pycc>") -> bytes:
    """Object bytes of a driver stream (raises ToolError on assembler errors)."""
    return objwriter.assemble("aarch64", make_encoder, items, filename)


__all__ = ["make_encoder", "object_writer", "assemble"]
