"""RISC-V 64 target: RV64GC encoder, operand syntax, relocations, ABI, instruction selection."""
from toolchain.elf.constants import EM_RISCV

NAME = "riscv64"
TRIPLE = "riscv64-linux-gnu"
EM = EM_RISCV
EF_RISCV_RVC = 0x1
EF_RISCV_FLOAT_ABI_DOUBLE = 0x4
ELF_FLAGS = EF_RISCV_RVC | EF_RISCV_FLOAT_ABI_DOUBLE   # rv64gc, lp64d
