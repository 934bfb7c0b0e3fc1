"""The x86-64 back end as the shared code generator sees it (toolchain.cc.backend.target):
register classes, allocator hooks, layout hooks, frame/emission and data syntax."""
from __future__ import annotations

import struct as _struct

from toolchain.cc.backend.mir import MInstr, Mem, ROp, Sym
from toolchain.cc.backend.target import Backend, RegClass
from toolchain.cc.ir import types as T

from . import emit as _emit
from .regs import CALLEE_SAVED_GPR, GPR, R10, R11, XMM

_MOVES = ("movq", "movl", "movaps")
_LEA = frozenset(("leaq", "leal"))
_PURE = _LEA | frozenset("movq movl movabsq movaps movzbl movzwl movsbl movswl movsbq movswq "
                         "movslq".split())


class X86Backend(Backend):
    name = "x86_64"
    streams = True      # -O0 functions may be emitted as they are lowered (toolchain.cc.stream)
    reg_classes = {
        "i": RegClass("i", list(GPR.values()),
                      [GPR[n] for n in "rax rcx rdx rsi rdi r8 r9 rbx r12 r13 r14 r15".split()],
                      callee_saved=CALLEE_SAVED_GPR,
                      args=[GPR[n] for n in "rdi rsi rdx rcx r8 r9".split()],
                      scratch=[R10, R11], spill_size=8),
        "f": RegClass("f", list(XMM.values()), [XMM[f"xmm{i}"] for i in range(14)],
                      args=[XMM[f"xmm{i}"] for i in range(8)],
                      scratch=[XMM["xmm14"], XMM["xmm15"]], spill_size=8),
    }
    legal_types = frozenset((T.I1, T.I8, T.I16, T.I32, T.I64, T.PTR, T.F32, T.F64))
    dwarf = "toolchain.arch.x86_64.cc.dwarf"     # -g (toolchain.cc.debug)

    # -- module ---------------------------------------------------------------------------
    def module_context(self, m, pic=False):
        from . import module_ctx
        return module_ctx(m, pic)

    def begin_module(self, ctx, m, out):
        for t in getattr(m, "asm", ()) or ():     # top-level asm, handed to the assembler as is
            out.append("\t.text")
            out.append(t)

    def end_module(self, ctx, m, out):
        out.append('\t.section\t.note.GNU-stack,"%s",@progbits'
                   % ("x" if getattr(m, "exec_stack", False) else ""))

    # -- per function ---------------------------------------------------------------------
    def select(self, ctx, f, level):
        from .isel import ISel
        return ISel(ctx, f, level not in (0, "0")).run()

    # -- allocator hooks ------------------------------------------------------------------
    def move(self, dst, src):
        if dst.cls == "f":
            return MInstr("movaps", [ROp(src, 16), ROp(dst, 16)], ("u", "d"))
        return MInstr("movq", [ROp(src, 8), ROp(dst, 8)], ("u", "d"))

    def slot_operand(self, slot, size):
        return Mem(slot=slot, size=size)

    def spill_load(self, reg, slot):
        if reg.cls == "f":
            return MInstr("movsd", [Mem(slot=slot, size=8), ROp(reg, 16)], ("u", "d"))
        return MInstr("movq", [Mem(slot=slot, size=8), ROp(reg, 8)], ("u", "d"))

    def spill_store(self, reg, slot):
        if reg.cls == "f":
            return MInstr("movsd", [ROp(reg, 16), Mem(slot=slot, size=8)], ("u", "d"))
        return MInstr("movq", [ROp(reg, 8), Mem(slot=slot, size=8)], ("u", "d"))

    def mem_ok(self, mi, k):
        from .isel import mem_ok
        return mem_ok(mi, k)

    def is_move(self, mi):
        if mi.op in _MOVES:
            ops = mi.ops
            if len(ops) == 2 and type(ops[0]) is ROp and type(ops[1]) is ROp:
                return ops[0].reg, ops[1].reg
        return None

    def dead_if_unused(self, mi):
        """mi only writes its last operand, a register (peephole.remove_dead_defs): a copy,
        constant, extension or address computation (no memory read, no flags)."""
        if mi.op not in _PURE or mi.iuse or mi.idef or mi.flags.strip("k") or len(mi.ops) != 2:
            return False
        src, dst = mi.ops
        return isinstance(dst, ROp) and mi.roles == ("u", "d") and \
            (mi.op in _LEA or not isinstance(src, Mem))

    def is_identity(self, mi):
        if "k" in mi.flags or mi.op not in _MOVES:
            return False
        a, b = mi.ops
        return (isinstance(a, ROp) and isinstance(b, ROp) and a.reg is b.reg
                and (a.size == b.size or mi.op == "movaps"))

    # -- layout hooks ---------------------------------------------------------------------
    def jump_target(self, mi):
        if mi.op == "jmp" and mi.ops and isinstance(mi.ops[0], Sym):
            return mi.ops[0].name
        return None

    def branch_target(self, mi):
        if mi.op.startswith("j") and mi.op != "jmp" and mi.ops and isinstance(mi.ops[0], Sym):
            return mi.ops[0].name
        return None

    def invert_branch(self, mi, label):
        from .isel import NEG_CC
        n = NEG_CC.get(mi.op[1:])
        if n is None:
            return None
        return MInstr("j" + n, [Sym(label)], ("",), flags="b")

    def make_jump(self, label):
        return MInstr("jmp", [Sym(label)], ("",), flags="bt")

    # -- frame and output -----------------------------------------------------------------
    def emit_function(self, ctx, mf, f, out):
        out.append("\t.text")
        out.append("\t.p2align 4")
        _emit.emit_function(mf, out, f)

    def print_instr(self, mi):
        return _emit.fmt_instr(mi)

    def object_writer(self, filename="<pycc>"):
        """pyas fed function by function (driver.compile_module_for, output "obj")."""
        from .encode import object_writer
        return object_writer(filename)

    def assemble(self, items, filename="<pycc>"):
        """Object bytes from the stream: instructions handed to pyas as objects."""
        from .encode import assemble
        return assemble(items, filename)

    def float_bytes(self, t, v):
        if t is T.F80:
            from .isel import f80_bytes
            return f80_bytes(v)
        return super().float_bytes(t, v)


BACKEND = X86Backend()
