"""The AArch64 object hand-off: pycc's instructions encoded by pyas's A64 encoder from operand
objects, with no assembly text read (``pycc -c``).

The emitter (emit.py) writes each function as ``operands.Insn`` objects (mnemonic + register,
immediate, symbol, shift and memory objects) between text labels and directives.
``ObjectWriter.feed`` hands that stream to pyas's core (``Assembler.assemble_items``): labels
and directives go to the core's handlers, each ``Insn`` to ``AArch64Target.encode_ops`` (the
encoder the text path uses, its handlers taking the objects in place of operand text). Inline
asm templates stay text and are read by the same Assembler. ``pycc -S`` prints the same
stream (``str(insn)``), so ``-c`` equals ``-S`` + pyas.
"""
from __future__ import annotations

from toolchain.diag import ToolError

from ..asm.operands import Insn


class ObjectWriter:
    """pyas fed with the driver's stream function by function (``feed``), then ``finish()``
    -> the object's bytes (ToolError on assembler errors)."""

    def __init__(self, filename: str = "<pycc>"):
        from toolchain.asm.assembler import Assembler
        from toolchain.diag import Diagnostics
        self.filename = filename
        self.asm = Assembler("aarch64", Diagnostics("pycc", style="gas"))
        encode_ops = self.asm.target.encode_ops

        def encode(item):
            if type(item) is not Insn:
                raise TypeError(f"not an AArch64 instruction object: {item!r}")
            encode_ops(item.mnem, item.ops)
            return None
        self.encode = encode

    def feed(self, items) -> None:
        line = self.asm.line
        self.asm.assemble_items(items, self.filename, self.encode)
        self.asm.line = max(self.asm.line, line)

    def finish(self) -> bytes:
        from toolchain.elf.objfile import write_object
        asm = self.asm
        obj = asm.finish()
        if obj is None or asm.errors:
            raise ToolError(f"{self.filename}: assembler errors in generated code")
        return write_object(obj)


def assemble(items, filename: str = "<pycc>") -> bytes:
    """Object bytes of a driver stream (raises ToolError on assembler errors)."""
    w = ObjectWriter(filename)
    w.feed(items)
    return w.finish()


__all__ = ["ObjectWriter", "assemble"]
