"""x86-64 target: instruction tables and encoder, AT&T/Intel operand syntax, relocations, ABI,
and the compiler's instruction selection."""
from toolchain.elf.constants import EM_X86_64

NAME = "x86_64"
TRIPLE = "x86_64-linux-gnu"
EM = EM_X86_64
ELF_FLAGS = 0
