"""The RISC-V 64 back end as the shared code generator sees it (toolchain.cc.backend.target):
register classes, allocator hooks, block layout hooks, frame/emission and data syntax."""
from __future__ import annotations

from toolchain.cc.backend.mir import MInstr, Mem, ROp, Sym
from toolchain.cc.backend.target import Backend, RegClass
from toolchain.cc.ir import types as T

from . import emit as _emit
from .regs import A, CALLEE_SAVED, F, FA, INFO, X

_INV = {"beq": "bne", "bne": "beq", "blt": "bge", "bge": "blt", "bltu": "bgeu",
        "bgeu": "bltu", "beqz": "bnez", "bnez": "beqz"}


class RISCV64Backend(Backend):
    name = "riscv64"
    dwarf = "toolchain.arch.riscv64.cc.dwarf"     # -g (toolchain.cc.debug)
    reg_classes = {
        "i": RegClass("i", list(X.values()), INFO.allocatable["i"],
                      callee_saved=[r for r in CALLEE_SAVED if r.cls == "i"], args=A,
                      scratch=INFO.scratch["i"], spill_size=8),
        "f": RegClass("f", list(F.values()), INFO.allocatable["f"],
                      callee_saved=[r for r in CALLEE_SAVED if r.cls == "f"], args=FA,
                      scratch=INFO.scratch["f"], spill_size=8),
    }
    legal_types = frozenset((T.I1, T.I8, T.I16, T.I32, T.I64, T.PTR, T.F32, T.F64))
    pointer_directive = ".dword"
    int_directives = {1: ".byte", 2: ".half", 4: ".word", 8: ".dword"}
    align_directive = ".balign"     # `.align N` is 2**N bytes to RISC-V gas

    # -- module ---------------------------------------------------------------------------
    # -O0 functions are emitted as they are lowered (toolchain.cc.stream). A call's text,
    # `call f` when f binds locally in the unit, else `call f@plt`, is decided when printed
    # (emit.CallRef; the object's bytes are the same either way); binary128 is legalised a
    # function at a time (legalize_function).
    streams = True
    late_text = staticmethod(_emit.late_text)

    def module_context(self, m, pic=False):
        from . import module_ctx
        return module_ctx(m, pic)

    def legalize_function(self, f):
        """First of all for each function (toolchain.cc.backend.driver.codegen_function)."""
        from . import legalize_function
        legalize_function(f)

    def begin_module(self, ctx, m, out):
        out += ["\t.option pic",
                '\t.attribute arch, "rv64i2p1_m2p0_a2p1_f2p2_d2p2_c2p0_zicsr2p0_zifencei2p0"',
                "\t.attribute unaligned_access, 0",
                "\t.attribute stack_align, 16"]
        for t in getattr(m, "asm", ()) or ():
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
        return MInstr("fmv.d" if dst.cls == "f" else "mv", [ROp(dst, 8), ROp(src, 8)], ("d", "u"))

    def spill_load(self, reg, slot):
        return MInstr("fld" if reg.cls == "f" else "ld", [ROp(reg, 8), Mem(None, slot=slot)],
                      ("d", "u"))

    def spill_store(self, reg, slot):
        return MInstr("fsd" if reg.cls == "f" else "sd", [ROp(reg, 8), Mem(None, slot=slot)],
                      ("u", "u"))

    def is_move(self, mi):
        if mi.op in ("mv", "fmv.d") and len(mi.ops) == 2 and isinstance(mi.ops[1], ROp):
            return mi.ops[1].reg, mi.ops[0].reg
        return None

    def is_identity(self, mi):
        if mi.op not in ("mv", "fmv.d") or "k" in mi.flags:
            return False
        a, b = mi.ops
        return isinstance(b, ROp) and a.reg is b.reg

    # -- layout hooks ---------------------------------------------------------------------
    def jump_target(self, mi):
        if mi.op == "j" and mi.ops and isinstance(mi.ops[0], Sym):
            return mi.ops[0].name
        return None

    def branch_target(self, mi):
        if mi.op in _INV and "b" in mi.flags and isinstance(mi.ops[-1], Sym):
            return mi.ops[-1].name
        return None

    def invert_branch(self, mi, label):
        return MInstr(_INV[mi.op], mi.ops[:-1] + [Sym(label)], mi.roles, flags="b")

    def make_jump(self, label):
        return MInstr("j", [Sym(label)], ("",), flags="bt")

    # -- frame and output -----------------------------------------------------------------
    def emit_function(self, ctx, mf, f, out):
        _emit.emit_function(mf, out, f, ctx)

    def print_instr(self, mi):
        return _emit.fmt_asm_instr(mi)

    def object_writer(self, filename="<pycc>"):
        """pyas fed function by function with instruction objects (pycc -c)."""
        from .encode import object_writer
        return object_writer(filename)

    def assemble(self, items, filename="<pycc>"):
        from .encode import assemble
        return assemble(items, filename)

    def float_bytes(self, t, v):
        if t is T.F128:
            from .isel import f128_bytes
            return getattr(v, "to_bytes128", None)() if hasattr(v, "to_bytes128") \
                else f128_bytes(float(v))
        return super().float_bytes(t, v)


BACKEND = RISCV64Backend()
