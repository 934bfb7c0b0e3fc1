"""AArch64 target: A64 encoder, operand syntax, relocations, ABI, instruction selection."""
from toolchain.elf.constants import EM_AARCH64

NAME = "aarch64"
TRIPLE = "aarch64-linux-gnu"
EM = EM_AARCH64
ELF_FLAGS = 0
