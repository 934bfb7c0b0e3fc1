"""RISC-V 64 frame layout, prologue/epilogue with CFI, and the emitted instructions: pyas
operand objects (``pycc -c`` encodes them, ``pycc -S`` prints them).

Frame (CFA = the stack pointer at entry; s0 points at the saved s0 with ra above it, the
layout __builtin_frame_address/__builtin_return_address chains expect):

    CFA+0 ...             stack arguments
    CFA-64 .. CFA         a0-a7 save area (variadic functions only: contiguous with the
                          stack arguments, so va_list is one pointer)
    s0+8                  ra
    s0+0                  caller's s0          (s0 = CFA - 16 - top, top = 64 or 0)
    below                 callee-saved registers used, then locals and spill slots
    sp                    16-byte aligned; outgoing stack arguments are pushed per call

Offsets beyond 12 bits go through t4 (reserved for the emitter). Every function has one exit
block (the epilogue restores sp from s0, so dynamic allocations need nothing special).
"""
from __future__ import annotations

from toolchain.cc.backend.mir import Imm, LocMark, MFunction, MInstr, Mem, ROp, Sym

from ..isa import FR, XR, MemOp, Ref, fmt_operand
from .regs import dwarf

_CSEL = {"csel": "mv", "fcsel": "fmv.d"}


def fits12(v):
    return -2048 <= v <= 2047


class Frame:
    def __init__(self, mf: MFunction):
        self.top = 64 if mf.extra.get("varargs") else 0
        cur = 0
        self.saves = []
        for r in mf.used_callee_saved:
            cur += 8
            self.saves.append((r, -cur))
        for s in sorted(mf.slots, key=lambda s: (-s.align, -s.size)):
            cur += s.size
            cur = (cur + s.align - 1) // s.align * s.align
            s.offset = -cur
        self.size = (cur + 15) // 16 * 16
        # the part allocated by the first `addi sp` (saves addressed from sp)
        # the part allocated by the first `addi sp`: va area, ra, s0 and the saved registers
        self.size = (self.size + self.top + 16 + 15) // 16 * 16
        first = (self.top + 16 + 8 * len(self.saves) + 15) // 16 * 16
        self.first = self.size if self.size <= 2032 else first


def _mem_parts(m: Mem, fr: Frame):
    off = m.disp + (m.slot.offset if m.slot is not None else 0)
    base = m.base.name if m.base is not None else "s0"
    return base, off


# -- machine instructions as pyas operand objects ------------------------------------------------
# The stream holds MInstr items whose operands are the assembler's operand objects (isa.Reg,
# int, isa.Ref, isa.MemOp, keyword str): ``pycc -c`` hands them to pyas's encoder as they are
# (encode.py) and ``pycc -S`` prints them (``fmt_asm_instr``).

class AsmInstr(MInstr):
    """An emitted instruction: mnemonic and assembler operand objects (a tuple); none of
    the allocator's fields (roles, implicit uses) are needed any more."""
    __slots__ = ()

    def __init__(self, op, ops):
        self.op = op
        self.ops = ops


def _I(op, *ops):
    return AsmInstr(op, ops)


def _r(reg):
    return (FR if reg.cls == "f" else XR)[reg.id]


def _o(o):
    """A machine-IR operand (register, immediate, symbol) -> the assembler's object."""
    if isinstance(o, ROp):
        return (FR if o.reg.cls == "f" else XR)[o.reg.id]
    if isinstance(o, Imm):
        return o.value
    if isinstance(o, Sym):
        return Ref(o.name, o.reloc)
    raise TypeError(o)


# A direct call's target in the machine IR: Sym(name, LATE_CALL), made a CallRef when emitted.
LATE_CALL = "call"


class CallRef(Ref):
    """The target of ``call f``. GNU as reads ``call f`` and ``call f@plt`` alike (the same
    bytes, R_RISCV_CALL_PLT against f either way), so only the text depends on the form:
    ``f`` when f binds locally in the unit, ``f@plt`` otherwise, as riscv64 gcc writes it.
    A function emitted while the unit is still being lowered (toolchain.cc.stream) may call
    one defined later, so the module context is asked when the text is printed, after the
    unit's end (``late_text``: a streamed ``-S`` keeps these instructions until then); the
    object hand-off encodes the plain name (isa.strip_call_suffix)."""
    __slots__ = ("ctx",)

    def __init__(self, name: str, ctx):
        Ref.__init__(self, name)
        self.ctx = ctx

    def __repr__(self):
        return self.name if self.name in self.ctx.local else self.name + "@plt"


def late_text(mi) -> bool:
    """An emitted instruction whose text only the unit's end knows (a call, CallRef)."""
    return mi.op == "call" and type(mi.ops[0]) is CallRef


def fmt_asm_instr(mi: MInstr) -> str:
    """GNU as text of an emitted instruction (``pycc -S``)."""
    if not mi.ops:
        return "\t" + mi.op
    return f"\t{mi.op}\t" + ",".join([fmt_operand(o) for o in mi.ops])


S0, SP_, T4_, T0_ = XR[8], XR[2], XR[29], XR[5]
_SP, _RA, _T3, _T5, _T6 = XR[2], XR[1], XR[28], XR[30], XR[31]
_T1, _T2, _ZERO = XR[6], XR[7], XR[0]
_KEYWORD_OPS = ("fence",)


def fmt_instr(mi: MInstr, fr: Frame, out: list) -> None:
    """Append the instructions (and local labels) a machine instruction becomes."""
    op = mi.op
    ops = mi.ops
    if op == "asm":
        from .inlineasm import fmt_asm
        out.append(fmt_asm(mi, fr))       # inline asm: text, read by the same assembler
        return
    if op == "addr":
        off = ops[1].disp + (ops[1].slot.offset if ops[1].slot is not None else 0)
        base = _r(ops[1].base) if ops[1].base is not None else S0
        d = _r(ops[0].reg)
        if fits12(off):
            out.append(_I("addi", d, base, off))
        else:
            out.append(_I("li", T4_, off))
            out.append(_I("add", d, base, T4_))
        return
    if op == "lla" and isinstance(ops[1], Mem):
        out.append(_I("lla", _r(ops[0].reg), Ref(ops[1].sym)))
        return
    if op in _CSEL:
        d, c, a = (_r(o.reg) for o in ops)
        out.append(_I("beqz", c, Ref("1f")))
        out.append(_I(_CSEL[op], d, a))
        out.append("1:")
        return
    if op == "add.tprel":
        out.append(_I("add", _r(ops[0].reg), _r(ops[1].reg), _r(ops[2].reg),
                      Ref(ops[3].name, "tprel_add")))
        return
    if op == "cas":
        _cas(ops[0].value, out)
        return
    if op == "amosub":
        _amosub(ops[0].value, ops[1].name, out)
        return
    if op == "jalr":
        out.append(_I("jalr", _r(ops[0].reg)))
        return
    if op == "call" and ops[0].reloc == LATE_CALL:
        out.append(_I("call", CallRef(ops[0].name, fr.ctx)))
        return
    if op.startswith(("amo", "lr.", "sc.")):
        out.append(_I(op, *[_o(o) for o in ops[:-1]], MemOp(None, _r(ops[-1].reg))))
        return
    if ops and isinstance(ops[-1], Mem):
        m = ops[-1]
        off = m.disp + (m.slot.offset if m.slot is not None else 0)
        base = _r(m.base) if m.base is not None else S0
        head = [_o(o) for o in ops[:-1]]
        if fits12(off):
            out.append(_I(op, *head, MemOp(off, base)))
        else:
            out.append(_I("li", T4_, off))
            out.append(_I("add", T4_, T4_, base))
            out.append(_I(op, *head, MemOp(0, T4_)))
        return
    if op in _KEYWORD_OPS or op.startswith("fcvt"):
        # fence sets and rounding modes are keywords (written as Sym by isel)
        kw = []
        for o in ops:
            if isinstance(o, Sym):
                kw += o.name.split(",")
            else:
                kw.append(_o(o))
        out.append(_I(op, *kw))
        return
    out.append(_I(op, *[_o(o) for o in ops]))


def _seq(out, items):
    """A fixed instruction sequence: (label or None, mnemonic, operands...) rows."""
    for lab, op, *ops in items:
        if lab is not None:
            out.append(lab)
        out.append(_I(op, *ops))


_T = {"t0": T0_, "t1": _T1, "t2": _T2, "t3": _T3, "t4": T4_, "t5": _T5, "t6": _T6}


def _cas(size, out):
    t0, t1, t2, t3, t4, t5, t6 = (_T[f"t{i}"] for i in range(7))
    if size in (4, 8):
        s = "w" if size == 4 else "d"
        _seq(out, [("1:", f"lr.{s}.aqrl", t3, MemOp(None, t0)), (None, "bne", t3, t1, Ref("2f")),
                   (None, f"sc.{s}.aqrl", t5, t2, MemOp(None, t0)),
                   (None, "bnez", t5, Ref("1b")), ("2:", "mv", t1, t3)])
        return
    _subword_setup(size, out, True)
    _seq(out, [(None, "sll", t1, t1, t3), (None, "sll", t2, t2, t3),
               ("1:", "lr.w.aqrl", t6, MemOp(None, t4)), (None, "and", t0, t6, t5),
               (None, "bne", t0, t1, Ref("2f")), (None, "xor", t0, t6, t0),
               (None, "or", t0, t0, t2), (None, "sc.w.aqrl", t0, t0, MemOp(None, t4)),
               (None, "bnez", t0, Ref("1b")), ("2:", "and", t0, t6, t5),
               (None, "srl", t1, t0, t3)])


def _zext(size, r, out):
    if size == 1:
        out.append(_I("andi", r, r, 255))
    else:
        out.append(_I("slli", r, r, 48))
        out.append(_I("srli", r, r, 48))


def _subword_setup(size, out, both):
    t0, t1, t2, t3, t4, t5 = (_T[f"t{i}"] for i in range(6))
    _seq(out, [(None, "andi", t3, t0, 3), (None, "slli", t3, t3, 3), (None, "andi", t4, t0, -4),
               (None, "li", t5, (1 << (8 * size)) - 1), (None, "sll", t5, t5, t3)])
    if both:
        _zext(size, t1, out)
        _zext(size, t2, out)


_AMO_BODY = {"add": "add", "sub": "sub", "and": "and", "or": "or", "xor": "xor"}


def _amosub(size, op, out):
    t0, t1, t2, t3, t4, t5, t6 = (_T[f"t{i}"] for i in range(7))
    _subword_setup(size, out, False)
    _zext(size, t1, out)
    out.append(_I("sll", t1, t1, t3))
    out.append("1:")
    out.append(_I("lr.w.aqrl", t6, MemOp(None, t4)))
    if op == "and":         # keep the other bytes: and with (value | ~mask)
        _seq(out, [(None, "not", t2, t5), (None, "or", t2, t2, t1), (None, "and", t0, t6, t2)])
    elif op == "xchg":
        out.append(_I("mv", t0, t1))
    else:
        out.append(_I(_AMO_BODY[op], t0, t6, t1))
    _seq(out, [(None, "and", t0, t0, t5), (None, "and", t2, t6, t5), (None, "xor", t2, t6, t2),
               (None, "or", t0, t0, t2), (None, "sc.w.aqrl", t2, t0, MemOp(None, t4)),
               (None, "bnez", t2, Ref("1b")), (None, "and", t2, t6, t5),
               (None, "srl", t2, t2, t3)])


def emit_function(mf: MFunction, out: list, f=None, ctx=None) -> None:
    """``ctx``: the module context (the calls' text form, CallRef)."""
    fr = Frame(mf)
    fr.ctx = ctx
    name = mf.name
    if f is not None and f.section:
        out.append(f'\t.section\t{f.section},"ax",@progbits')
    else:
        out.append("\t.text")
    out.append("\t.align\t1")
    _binding(name, mf.internal, f is not None and f.weak, f is not None and f.hidden, out)
    out.append(f"\t.type\t{name}, @function")
    out.append(f"{name}:")
    out.append("\t.cfi_startproc")
    S = fr.first
    out.append(_I("addi", SP_, SP_, -S))
    out.append(f"\t.cfi_def_cfa_offset {S}")
    ra_off, s0_off = -(fr.top + 8), -(fr.top + 16)
    out.append(_I("sd", _RA, MemOp(S + ra_off, SP_)))
    out.append(_I("sd", S0, MemOp(S + s0_off, SP_)))
    for r, off in fr.saves:
        out.append(_I("fsd" if r.cls == "f" else "sd", _r(r),
                      MemOp(S + off - fr.top - 16, SP_)))
    out.append(f"\t.cfi_offset 1, {ra_off}")
    out.append(f"\t.cfi_offset 8, {s0_off}")
    for r, off in fr.saves:
        out.append(f"\t.cfi_offset {dwarf(r)}, {off - fr.top - 16}")
    out.append(_I("addi", S0, SP_, S - fr.top - 16))
    out.append(f"\t.cfi_def_cfa 8, {fr.top + 16}")
    rest = fr.size - S
    if rest:
        if fits12(-rest):
            out.append(_I("addi", SP_, SP_, -rest))
        else:
            out.append(_I("li", T0_, rest))
            out.append(_I("sub", SP_, SP_, T0_))
    blocks = mf.blocks
    last = len(blocks) - 1
    marks = bool(mf.extra.get("debug_values"))
    for bi, b in enumerate(blocks):
        out.append(f"{b.label}:")
        for mi in b.instrs:
            if mi.loc is not None or marks:     # -g (toolchain.cc.debug.lines, values)
                out.append(LocMark(mi))
            if mi.op == "ret":
                _epilogue(fr, S, ra_off, s0_off, bi != last, out)
            else:
                fmt_instr(mi, fr, out)
    out.append("\t.cfi_endproc")
    out.append(f"\t.size\t{name}, .-{name}")
    tables = mf.extra.get("jumptables")
    if tables:
        out.append("\t.section\t.rodata")
        out.append("\t.align\t2")
        for lab, table in tables:
            out.append(f"{lab}:")
            for x in table:
                out.append(f"\t.word\t{x}-{lab}")
        out.append("\t.text")


def _epilogue(fr, S, ra_off, s0_off, inner, out):
    if inner:
        out.append("\t.cfi_remember_state")
    out.append(_I("addi", SP_, S0, -(S - fr.top - 16)))
    out.append(f"\t.cfi_def_cfa 2, {S}")
    for r, off in fr.saves:
        out.append(_I("fld" if r.cls == "f" else "ld", _r(r),
                      MemOp(S + off - fr.top - 16, SP_)))
        out.append(f"\t.cfi_restore {dwarf(r)}")
    out.append(_I("ld", _RA, MemOp(S + ra_off, SP_)))
    out.append("\t.cfi_restore 1")
    out.append(_I("ld", S0, MemOp(S + s0_off, SP_)))
    out.append("\t.cfi_restore 8")
    out.append(_I("addi", SP_, SP_, S))
    out.append("\t.cfi_def_cfa_offset 0")
    out.append(_I("ret"))
    if inner:
        out.append("\t.cfi_restore_state")


def _binding(sym, internal, weak, hidden, out: list) -> None:
    from toolchain.cc.backend.data import binding
    binding(sym, internal, weak, hidden, out)
