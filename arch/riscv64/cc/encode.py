"""The RISC-V 64 object hand-off: the emitted instructions (``MInstr`` items whose operands
are pyas's RISC-V operand objects: ``isa.Reg``, int, ``isa.Ref``, ``isa.MemOp``, keyword str)
go to ``Target.encode_ops`` with no assembly text read; inline asm templates (str items) are
read as text by the same assembler. ``pycc -S`` prints the same stream (emit.fmt_asm_instr),
so ``-c`` equals ``-S`` + pyas."""
from __future__ import annotations

from toolchain.cc.backend import objwriter


def make_encoder(asm):
    encode_ops = asm.target.encode_ops

    def encode(mi):
        encode_ops(mi.op, mi.ops)
        return None
    return encode


def object_writer(filename: str = "<pycc>"):
    return objwriter.ObjectWriter("riscv64", make_encoder, filename)


def assemble(items, filename: str = "<pycc>") -> bytes:
    return objwriter.assemble("riscv64", make_encoder, items, filename)
