"""The AArch64 back end as the shared code generator sees it (toolchain.cc.backend.target):
register classes, allocator hooks, layout hooks, frame/emission and data syntax."""
from __future__ import annotations

from toolchain.cc.backend.mir import MInstr, Mem, ROp, Sym
from toolchain.cc.backend.target import Backend, RegClass
from toolchain.cc.ir import types as T

from . import emit as _emit
from .isel import INV
from .regs import CALLEE_SAVED_FPR, CALLEE_SAVED_GPR, INFO, V, X


class A64Backend(Backend):
    name = "aarch64"
    streams = True      # -O0 functions may be emitted as they are lowered (toolchain.cc.stream)
    dwarf = "toolchain.arch.aarch64.cc.dwarf"     # -g (toolchain.cc.debug)
    reg_classes = {
        "i": RegClass("i", X, INFO.allocatable["i"], callee_saved=CALLEE_SAVED_GPR,
                      args=X[0:8], scratch=INFO.scratch["i"], spill_size=8),
        "f": RegClass("f", V, INFO.allocatable["f"], callee_saved=CALLEE_SAVED_FPR,
                      args=V[0:8], scratch=INFO.scratch["f"], spill_size=8),
    }
    legal_types = frozenset((T.I1, T.I8, T.I16, T.I32, T.I64, T.PTR, T.F32, T.F64))
    type_prefix = "%"
    pointer_directive = ".xword"
    int_directives = {1: ".byte", 2: ".hword", 4: ".word", 8: ".xword"}
    align_directive = ".balign"     # `.align N` is 2**N bytes to AArch64 gas
    section_type_prefix = "@"

    # -- module ---------------------------------------------------------------------------
    def module_context(self, m, pic=False):
        from . import module_ctx
        return module_ctx(m, pic)

    def begin_module(self, ctx, m, out):
        out.append("\t.arch armv8-a")
        for t in getattr(m, "asm", ()) or ():
            out.append("\t.text")
            out.append(t)

    def end_module(self, ctx, m, out):
        out.append('\t.section\t.note.GNU-stack,"%s",@progbits'
                   % ("x" if getattr(m, "exec_stack", False) else ""))

    # -- per function ---------------------------------------------------------------------
    def prepare(self, ctx, f, level):
        # binary128 arithmetic -> libgcc calls; the remaining f128 moves live in x pairs
        from toolchain.cc.opt.softfloat import legalize_function
        legalize_function(f)

    def select(self, ctx, f, level):
        from .isel import ISel
        return ISel(ctx, f, level not in (0, "0")).run()

    # -- allocator hooks ------------------------------------------------------------------
    def move(self, dst, src):
        if dst.cls == "f":
            return MInstr("fmov", [ROp(dst, 8), ROp(src, 8)], ("d", "u"))
        return MInstr("mov", [ROp(dst, 8), ROp(src, 8)], ("d", "u"))

    def spill_load(self, reg, slot):
        return MInstr("ldr", [ROp(reg, 8), Mem(slot=slot, size=8)], ("d", "u"))

    def spill_store(self, reg, slot):
        return MInstr("str", [ROp(reg, 8), Mem(slot=slot, size=8)], ("u", "u"))

    def is_move(self, mi):
        return _emit.A64Hooks().is_move(mi)

    def is_identity(self, mi):
        return _emit.A64Hooks().is_identity(mi)

    # -- layout hooks ---------------------------------------------------------------------
    def jump_target(self, mi):
        if mi.op == "b" and mi.ops and isinstance(mi.ops[0], Sym):
            return mi.ops[0].name
        return None

    def branch_target(self, mi):
        if mi.op.startswith("b.") or mi.op in ("cbz", "cbnz", "tbz", "tbnz"):
            o = mi.ops[-1]
            if isinstance(o, Sym):
                return o.name
        return None

    def invert_branch(self, mi, label):
        if mi.op.startswith("b."):
            n = INV.get(mi.op[2:])
            if n is None:
                return None
            return MInstr("b." + n, [Sym(label)], ("",), flags="b")
        inv = {"cbz": "cbnz", "cbnz": "cbz", "tbz": "tbnz", "tbnz": "tbz"}.get(mi.op)
        if inv is None:
            return None
        return MInstr(inv, list(mi.ops[:-1]) + [Sym(label)], mi.roles, flags="b")

    def make_jump(self, label):
        return MInstr("b", [Sym(label)], ("",), flags="bt")

    # -- frame and output -----------------------------------------------------------------
    def emit_function(self, ctx, mf, f, out):
        _emit.emit_function(mf, out, f)

    def print_instr(self, mi):
        """GNU as text of a stream item: an emitted ``operands.Insn``, or a machine instruction
        (printed as the emitter would write it)."""
        if isinstance(mi, MInstr):
            lines = []
            _emit.Emitter(lines).instr(mi)
            return "\n".join(map(str, lines))
        return str(mi)

    def object_writer(self, filename="<pycc>"):
        """pyas fed function by function with instruction objects (driver.compile_module_for,
        output "obj")."""
        from .encode import object_writer
        return object_writer(filename)

    def assemble(self, items, filename="<pycc>"):
        """Object bytes from the stream: instructions handed to pyas as objects."""
        from .encode import assemble
        return assemble(items, filename)

    def float_bytes(self, t, v):
        if t is T.F128 or t is T.F16:
            from toolchain.cc.ir.floats import const_bytes
            return const_bytes(v, t)
        return super().float_bytes(t, v)


BACKEND = A64Backend()
