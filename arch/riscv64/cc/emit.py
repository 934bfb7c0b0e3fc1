"""RISC-V 64 frame layout, prologue/epilogue with CFI, and GNU as text for machine IR.

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

from toolchain.cc.backend.mir import Imm, MFunction, MInstr, Mem, ROp, Sym

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


class _NoFrame:
    top = 0


NO_FRAME = _NoFrame()


def _mem_parts(m: Mem, fr: Frame):
    off = m.disp + (m.slot.offset if m.slot is not None else 0)
    base = m.base.name if m.base is not None else "s0"
    return base, off


def _op(o) -> str:
    if isinstance(o, ROp):
        return o.reg.name
    if isinstance(o, Imm):
        return str(o.value)
    if isinstance(o, Sym):
        if o.reloc:
            return f"%{o.reloc}({o.name})"
        return o.name
    raise TypeError(o)


def fmt_instr(mi: MInstr, fr: Frame, out: list, nlab: list) -> None:
    op = mi.op
    ops = mi.ops
    if op == "asm":
        from .inlineasm import fmt_asm
        out.append(fmt_asm(mi, fr))
        return
    if op == "addr":
        base, off = _mem_parts(ops[1], fr)
        d = ops[0].reg.name
        if fits12(off):
            out.append(f"\taddi\t{d},{base},{off}")
        else:
            out.append(f"\tli\tt4,{off}")
            out.append(f"\tadd\t{d},{base},t4")
        return
    if op == "lla" and isinstance(ops[1], Mem):
        out.append(f"\tlla\t{ops[0].reg.name},{ops[1].sym}")
        return
    if op in _CSEL:
        d, c, a = (o.reg.name for o in ops)
        out.append(f"\tbeqz\t{c},1f")
        out.append(f"\t{_CSEL[op]}\t{d},{a}")
        out.append("1:")
        return
    if op == "add.tprel":
        out.append(f"\tadd\t{ops[0].reg.name},{ops[1].reg.name},{ops[2].reg.name},"
                   f"%tprel_add({ops[3].name})")
        return
    if op == "cas":
        _cas(ops[0].value, out)
        return
    if op == "amosub":
        _amosub(ops[0].value, ops[1].name, out)
        return
    if op == "jalr":
        out.append(f"\tjalr\t{ops[0].reg.name}")
        return
    if op.startswith(("amo", "lr.", "sc.")):
        out.append(f"\t{op}\t" + ",".join(_op(o) for o in ops[:-1]) + f",({ops[-1].reg.name})")
        return
    if ops and isinstance(ops[-1], Mem):
        base, off = _mem_parts(ops[-1], fr)
        head = ",".join(_op(o) for o in ops[:-1])
        if fits12(off):
            out.append(f"\t{op}\t{head},{off}({base})")
        else:
            out.append(f"\tli\tt4,{off}")
            out.append(f"\tadd\tt4,t4,{base}")
            out.append(f"\t{op}\t{head},0(t4)")
        return
    if not ops:
        out.append("\t" + op)
        return
    out.append(f"\t{op}\t" + ",".join(_op(o) for o in ops))


def _cas(size, out):
    if size in (4, 8):
        s = "w" if size == 4 else "d"
        out += [f"1:\tlr.{s}.aqrl\tt3,(t0)", "\tbne\tt3,t1,2f", f"\tsc.{s}.aqrl\tt5,t2,(t0)",
                "\tbnez\tt5,1b", "2:\tmv\tt1,t3"]
        return
    out += _subword_setup(size)
    out += ["\tsll\tt1,t1,t3", "\tsll\tt2,t2,t3",
            "1:\tlr.w.aqrl\tt6,(t4)", "\tand\tt0,t6,t5", "\tbne\tt0,t1,2f",
            "\txor\tt0,t6,t0", "\tor\tt0,t0,t2", "\tsc.w.aqrl\tt0,t0,(t4)", "\tbnez\tt0,1b",
            "2:\tand\tt0,t6,t5", "\tsrl\tt1,t0,t3"]


def _subword_setup(size):
    z = ["\tandi\tt1,t1,255", "\tandi\tt2,t2,255"] if size == 1 else \
        ["\tslli\tt1,t1,48", "\tsrli\tt1,t1,48", "\tslli\tt2,t2,48", "\tsrli\tt2,t2,48"]
    return ["\tandi\tt3,t0,3", "\tslli\tt3,t3,3", "\tandi\tt4,t0,-4",
            f"\tli\tt5,{(1 << (8 * size)) - 1}", "\tsll\tt5,t5,t3"] + z


def _amosub(size, op, out):
    out += _subword_setup(size)[:-2 if size == 1 else -4]
    out += (["\tandi\tt1,t1,255"] if size == 1 else ["\tslli\tt1,t1,48", "\tsrli\tt1,t1,48"])
    out.append("\tsll\tt1,t1,t3")
    body = {"add": "\tadd\tt0,t6,t1", "sub": "\tsub\tt0,t6,t1", "and": "\tand\tt0,t6,t1",
            "or": "\tor\tt0,t6,t1", "xor": "\txor\tt0,t6,t1", "xchg": "\tmv\tt0,t1"}[op]
    if op == "and":         # keep the other bytes: and with (value | ~mask)
        body = "\tnot\tt2,t5\n\tor\tt2,t2,t1\n\tand\tt0,t6,t2"
    out += ["1:\tlr.w.aqrl\tt6,(t4)", body, "\tand\tt0,t0,t5", "\tand\tt2,t6,t5",
            "\txor\tt2,t6,t2", "\tor\tt0,t0,t2", "\tsc.w.aqrl\tt2,t0,(t4)", "\tbnez\tt2,1b",
            "\tand\tt2,t6,t5", "\tsrl\tt2,t2,t3"]


def emit_function(mf: MFunction, out: list, f=None) -> None:
    fr = Frame(mf)
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
    out.append(f"\taddi\tsp,sp,-{S}")
    out.append(f"\t.cfi_def_cfa_offset {S}")
    ra_off, s0_off = -(fr.top + 8), -(fr.top + 16)
    out.append(f"\tsd\tra,{S + ra_off}(sp)")
    out.append(f"\tsd\ts0,{S + s0_off}(sp)")
    for r, off in fr.saves:
        out.append(f"\t{'fsd' if r.cls == 'f' else 'sd'}\t{r.name},{S + off - fr.top - 16}(sp)")
    out.append(f"\t.cfi_offset 1, {ra_off}")
    out.append(f"\t.cfi_offset 8, {s0_off}")
    for r, off in fr.saves:
        out.append(f"\t.cfi_offset {dwarf(r)}, {off - fr.top - 16}")
    out.append(f"\taddi\ts0,sp,{S - fr.top - 16}")
    out.append(f"\t.cfi_def_cfa 8, {fr.top + 16}")
    rest = fr.size - S
    if rest:
        if fits12(-rest):
            out.append(f"\taddi\tsp,sp,{-rest}")
        else:
            out.append(f"\tli\tt0,{rest}")
            out.append("\tsub\tsp,sp,t0")
    blocks = mf.blocks
    nlab = [0]
    for bi, b in enumerate(blocks):
        out.append(f"{b.label}:")
        ins = b.instrs
        n = len(ins)
        k = 0
        while k < n:
            mi = ins[k]
            if mi.op == "ret":
                inner = bi != len(blocks) - 1
                if inner:
                    out.append("\t.cfi_remember_state")
                out.append(f"\taddi\tsp,s0,-{S - fr.top - 16}")
                out.append(f"\t.cfi_def_cfa 2, {S}")
                for r, off in fr.saves:
                    out.append(f"\t{'fld' if r.cls == 'f' else 'ld'}\t{r.name},{S + off - fr.top - 16}(sp)")
                    out.append(f"\t.cfi_restore {dwarf(r)}")
                out.append(f"\tld\tra,{S + ra_off}(sp)")
                out.append("\t.cfi_restore 1")
                out.append(f"\tld\ts0,{S + s0_off}(sp)")
                out.append("\t.cfi_restore 8")
                out.append(f"\taddi\tsp,sp,{S}")
                out.append("\t.cfi_def_cfa_offset 0")
                out.append("\tret")
                if inner:
                    out.append("\t.cfi_restore_state")
                k += 1
                continue
            fmt_instr(mi, fr, out, nlab)
            k += 1
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




def _binding(sym, internal, weak, hidden, out: list) -> None:
    from toolchain.cc.backend.data import binding
    binding(sym, internal, weak, hidden, out)
