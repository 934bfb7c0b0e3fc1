"""pyas fed with a back end's output stream, function by function (``pycc -c``).

``ObjectWriter(target, make_encoder, filename)``: an assembler for ``target`` and the target's
object encoder (``make_encoder(asm)`` -> a callable taking one ``MInstr`` and returning None
when it encoded it, or assembly text to read, such as an inline asm template). ``feed(items)``
hands labels and directives to the core's handlers and instructions to the encoder
(``Assembler.assemble_items``); ``finish()`` returns the object's bytes (a bytearray; ToolError
on assembler errors); the writer cannot be used after it.
"""
from __future__ import annotations


SEAL = True     # finish each function's code as it is fed (tests turn it off)


class ObjectWriter:
    def __init__(self, target: str, make_encoder, filename: str = "<pycc>"):
        from toolchain.asm.assembler import Assembler
        from toolchain.diag import Diagnostics
        self.filename = filename
        self.asm = Assembler(target, Diagnostics("pycc", style="gas"))
        self.enc = make_encoder(self.asm)
        self.sealer = None
        if SEAL and self.asm.target.seals_functions:
            from toolchain.asm.seal import Sealer
            self.sealer = self.asm.sealer = Sealer(self.asm)

    def feed(self, items) -> None:
        """One function's items (the first call also has the module's start): once they
        are assembled, the code is finished where it can be (toolchain.asm.seal), so the
        assembler keeps bytes and relocations rather than fragments and labels."""
        line = self.asm.line
        self.asm.assemble_items(items, self.filename, self.enc)
        self.asm.line = max(self.asm.line, line)
        if self.sealer is not None:
            self.sealer.seal()

    def finish(self) -> bytes:
        from toolchain.diag import ToolError
        from toolchain.elf.objfile import write_object
        asm = self.asm
        obj = asm.finish()
        if obj is None or asm.errors:
            raise ToolError(f"{self.filename}: assembler errors in generated code")
        asm.release()
        return write_object(obj, release=True)


def assemble(target: str, make_encoder, items, filename: str = "<pycc>") -> bytes:
    """Object bytes of a whole stream."""
    w = ObjectWriter(target, make_encoder, filename)
    w.feed(items)
    return w.finish()
