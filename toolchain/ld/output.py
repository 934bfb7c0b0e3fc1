"""pyld's output file: the sparse mapped temporary file of :mod:`toolchain.elf.output`
(shared with pyas, which writes its object the same way)."""
from ..elf.output import PIECE, OutputImage, release

__all__ = ["PIECE", "OutputImage", "release"]
