"""The back-end contract: what a target fills in so that the shared code generator
(``toolchain.cc.backend.driver``) compiles IR modules for it.

A target lives in ``arch/<t>/cc/`` (imported as ``toolchain.arch.<t>.cc``) and exposes
``BACKEND``, an instance of a ``Backend`` subclass. Per function the driver runs

    prepare (shared: unreachable blocks, critical edges, target hook ``prepare``)
      -> ``select``            instruction selection: IR function -> MFunction on virtual regs,
                               phis kept as MIR ``phi`` instructions (mir.PHI)
      -> allocate              shared linear scan (regalloc.py): coalesces phis, assigns
                               registers or spill slots, rewrites operands through the spill
                               hooks, places the phi moves on the edges (one parallel-move
                               resolver, cycles broken through a scratch register)
      -> layout                shared block layout (layout.py): jump threading, tail
                               duplication, branch inversion through ``invert_branch``
      -> frame                 shared abstract frame (frame.py): slot offsets from the frame
                               pointer or the stack pointer, only the callee-saved registers
                               used; the target writes prologue/epilogue (``emit_function``)
      -> emit                  ``emit_function`` appends the function to the output stream

and once per module ``begin_module``/``end_module`` plus the shared data emission
(data.py: globals, literals, aliases) through a few syntax attributes.

Nothing in this file knows a register name or an instruction: everything target specific is
an attribute or a method below. See docs/backend.md for a walk through the x86-64 back end.
"""
from __future__ import annotations

from .mir import FrameSlot, MFunction, MInstr, Reg


class RegClass:
    """One register class (e.g. "i" general registers, "f" floating/SIMD).

    ``regs``: every physical register of the class (``Reg(id, name, phys=True)``).
    ``allocatable``: the ones the allocator may hand out, in preference order (caller-saved
    first is usually best: callee-saved ones cost a save/restore).
    ``callee_saved``: preserved across calls by the ABI (saved by the prologue when used).
    ``args``: argument registers in ABI order (informational, used by ABI code and tests).
    ``scratch``: at least two registers never allocated, reserved for spill reloads and the
    parallel-move resolver (memory-to-memory moves and cycles).
    ``spill_size``/``spill_align``: bytes of a stack slot holding one spilled value of this
    class (8 for a 64-bit GPR; 8 for a d register, 16 if q/vector values live in the class).
    """
    __slots__ = ("name", "regs", "allocatable", "callee_saved", "args", "scratch",
                 "spill_size", "spill_align")

    def __init__(self, name: str, regs, allocatable, callee_saved=(), args=(), scratch=(),
                 spill_size: int = 8, spill_align: int | None = None):
        self.name = name
        self.regs = list(regs)
        self.allocatable = list(allocatable)
        self.callee_saved = list(callee_saved)
        self.args = list(args)
        self.scratch = list(scratch)
        self.spill_size = spill_size
        self.spill_align = spill_align or spill_size
        if len(self.scratch) < 2:
            raise ValueError(f"register class {name}: at least two scratch registers needed")
        if set(self.scratch) & set(self.allocatable):
            raise ValueError(f"register class {name}: scratch registers must not be allocatable")


class Backend:
    """Base class of a target's back end. Class attributes describe the target; methods are
    the hooks. Methods raising NotImplementedError must be provided."""

    name = ""                   # toolchain.targets name: "x86_64", "aarch64", "riscv64"
    reg_classes: dict = {}      # class name -> RegClass
    legal_types = frozenset()   # IR types held in registers (others are legalised by select)
    stack_align = 16            # stack pointer alignment at calls
    # data emission syntax (data.py)
    type_prefix = "@"           # `.type sym, @function` (AArch64 gas also accepts "%")
    pointer_directive = ".quad"
    int_directives = {1: ".byte", 2: ".value", 4: ".long", 8: ".quad"}   # AArch64: 2 -> ".hword"
    align_directive = ".align"  # byte count on x86-64; AArch64/RISC-V: ".balign" (or ".p2align")
    section_type_prefix = "@"   # `.section name,"aw",@progbits`
    dwarf = None                # -g: module path of arch/<t>/cc/dwarf.py (frame slots vs CFA)
    # an emitted instruction -> True when its text depends on the whole unit, so a unit
    # printed while it is compiled (toolchain.cc.stream) prints it only at the end
    # (driver.stream_pieces); None: every instruction's text is known when it is emitted
    late_text = None

    # -- module ----------------------------------------------------------------------------
    def module_context(self, module, pic: bool = False):
        """Per-module state handed to every other hook (symbols binding locally, literal
        pool, label counter...)."""
        raise NotImplementedError

    def begin_module(self, ctx, module, out: list) -> None:
        """Stream items before the first function (top-level asm...)."""

    def end_module(self, ctx, module, out: list) -> None:
        """Stream items after the data (literal pools, .note.GNU-stack...)."""

    # -- per function ----------------------------------------------------------------------
    def prepare(self, ctx, f, level) -> None:
        """Target IR preparation after the shared one (legalisation to library calls...)."""

    def select(self, ctx, f, level) -> MFunction:
        """Instruction selection: IR function -> MFunction on virtual registers. ``level`` is
        the optimisation level as given (0, 1, 2, 3, "s", "g")."""
        raise NotImplementedError

    def regalloc_mode(self, f, level) -> str:
        """"linear" (every value competes for registers), "local" (values crossing blocks
        live in stack slots: -O0), "spill" (every value in a slot: tests)."""
        if "nonlocal_target" in getattr(f, "attrs", ()):
            return "local"
        return "local" if level in (0, "0") else "linear"

    # -- register allocator hooks ----------------------------------------------------------
    def move(self, dst: Reg, src: Reg) -> MInstr:
        """A register-to-register copy of a whole register of dst's class."""
        raise NotImplementedError

    def spill_load(self, reg: Reg, slot: FrameSlot) -> MInstr:
        """Load ``reg`` from a spill slot (the slot's size is the class's spill_size)."""
        raise NotImplementedError

    def spill_store(self, reg: Reg, slot: FrameSlot) -> MInstr:
        raise NotImplementedError

    def slot_operand(self, slot: FrameSlot, size: int):
        """A memory operand naming a spill slot, used when ``mem_ok`` allows an instruction
        to take the spilled value directly (None: never)."""
        return None

    def mem_ok(self, mi: MInstr, k: int) -> bool:
        """Operand k of mi may be replaced by ``slot_operand`` (x86 memory operands)."""
        return False

    def is_move(self, mi: MInstr):
        """(src Reg, dst Reg) if mi is a plain register copy (allocation hints), else None."""
        return None

    def is_identity(self, mi: MInstr) -> bool:
        """mi is a copy of a register to itself after allocation (deleted)."""
        return False

    # -- block layout hooks ----------------------------------------------------------------
    def jump_target(self, mi: MInstr):
        """The label name if mi is an unconditional direct jump, else None."""
        return None

    def branch_target(self, mi: MInstr):
        """The label name if mi is a conditional direct branch, else None."""
        return None

    def invert_branch(self, mi: MInstr, label: str):
        """A conditional branch with the opposite condition to ``label`` (None: cannot)."""
        return None

    def make_jump(self, label: str) -> MInstr:
        raise NotImplementedError

    # -- frame and output ------------------------------------------------------------------
    def emit_function(self, ctx, mf: MFunction, f, out: list) -> None:
        """Frame lowering (prologue/epilogue around the allocated code, using
        frame.layout_frame) and the function's items appended to ``out``."""
        raise NotImplementedError

    def print_instr(self, mi: MInstr) -> str:
        """Assembly text of one instruction (-S)."""
        raise NotImplementedError

    def float_bytes(self, type_, value) -> bytes:
        """Bytes of a float constant in static data (f80/f128 need the target's format)."""
        from ..ir.floats import pack
        if type_.bits == 32:
            return pack(value, "binary32")      # exact for an XFloat (a signalling NaN)
        if type_.bits == 64:
            return pack(value, "binary64")
        raise NotImplementedError(f"{type_} constants")

    # -- derived ---------------------------------------------------------------------------
    def reg_info(self):
        """The allocator's view of the register classes (cached)."""
        ri = self.__dict__.get("_reg_info")
        if ri is None:
            from .regalloc import RegInfo
            ri = RegInfo({c: rc.allocatable for c, rc in self.reg_classes.items()},
                         [r for rc in self.reg_classes.values() for r in rc.callee_saved],
                         {c: rc.scratch for c, rc in self.reg_classes.items()})
            ri.classes = self.reg_classes
            self.__dict__["_reg_info"] = ri
        return ri

    def spill_slot(self, mf: MFunction, cls: str) -> FrameSlot:
        rc = self.reg_classes.get(cls)
        size, align = (rc.spill_size, rc.spill_align) if rc is not None else (8, 8)
        return mf.new_slot(size, align, "spill")
