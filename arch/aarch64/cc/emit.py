"""AArch64 frame layout, prologue/epilogue with CFI, and GNU as text for machine IR.

Frame (x29 = sp after the prologue, frame record at its bottom like gcc):

    [x29 + FS ...]        incoming stack arguments (the "in" slot)
    [x29 + 16 ...]        callee-saved registers, then locals and spill slots (small first)
    [x29], [x29 + 8]      saved x29, x30

Outgoing stack arguments are pushed below sp around each call, dynamic allocas move sp
below the frame, and the epilogue restores sp from x29. Offsets that no load/store form
encodes, and large immediates, are built in x16/x17 (IP0/IP1) here.
"""
from __future__ import annotations


from toolchain.arch.aarch64.asm import operands as A
from toolchain.cc.backend.data import binding as _binding
from toolchain.cc.backend.mir import Imm, LocMark, MFunction, MInstr, Mem, ROp, Sym
from toolchain.cc.backend.regalloc import TargetHooks

from .isel import INV, LabelRef, fits_imm12, mov_imm_seq



class A64Hooks(TargetHooks):
    def is_move(self, mi):
        if mi.op in ("mov", "fmov") and len(mi.ops) == 2 and all(
                isinstance(o, ROp) for o in mi.ops) and mi.ops[0].reg.cls == mi.ops[1].reg.cls:
            return mi.ops[1].reg, mi.ops[0].reg
        return None

    def spill_load(self, reg, mem):
        return MInstr("ldr", [ROp(reg, 8), mem.copy(size=8)], ("d", "u"))

    def spill_store(self, reg, mem):
        return MInstr("str", [ROp(reg, 8), mem.copy(size=8)], ("u", "u"))

    def is_identity(self, mi):
        if "k" in mi.flags or mi.op not in ("mov", "fmov") or len(mi.ops) != 2:
            return False
        a, b = mi.ops
        return (isinstance(a, ROp) and isinstance(b, ROp) and a.reg is b.reg
                and a.size == b.size and (a.size == 8 or mi.op == "fmov"))


def layout_frame(mf: MFunction):
    """Slot offsets from x29; returns [(Reg, offset)] of the callee-saved registers."""
    cur = 16
    saves = []
    for r in mf.used_callee_saved:
        saves.append((r, cur))
        cur += 8
    slots = [s for s in mf.slots if s.kind != "in"]
    for s in sorted(slots, key=lambda s: (s.size > 64, s.size, -s.align)):
        cur = (cur + s.align - 1) // s.align * s.align
        s.offset = cur
        cur += s.size
    mf.frame_size = (cur + 15) // 16 * 16
    ins = mf.extra.get("in_slot")
    if ins is not None:
        ins.offset = mf.frame_size
    return saves


_LDST = {"ldr", "str", "ldrb", "strb", "ldrh", "strh", "ldrsb", "ldrsh", "ldrsw"}
_FP_PREFIX = {1: "b", 2: "h", 4: "s", 8: "d", 16: "q"}
_REGS: dict = {}        # (id, cls, size) -> operands.Reg


def reg_op(r, size: int) -> A.Reg:
    """The assembler's register object for machine register r read at ``size`` bytes."""
    k = (r.id, r.cls, size)
    x = _REGS.get(k)
    if x is None:
        if r.cls == "f":
            x = A.Reg(_FP_PREFIX[size], r.id)
        elif r.id == 31:
            x = A.Reg("sp" if size == 8 else "wsp", 31)
        elif r.id == 32:
            x = A.Reg("x" if size == 8 else "w", 31)
        else:
            x = A.Reg("x" if size == 8 else "w", r.id)
        _REGS[k] = x
    return x


X0, X1, X16, X17, X29, X30 = (A.Reg("x", n) for n in (0, 1, 16, 17, 29, 30))
W17 = A.Reg("w", 17)
SPR = A.Reg("sp", 31)
# relocation operators the printer writes (others print as the plain symbol)
_SYM_RELOCS = frozenset(("lo12", "tprel_lo12_nc", "tprel_hi12", "got", "gottprel", "tlsdesc"))
# mnemonics whose symbol operands are names: conditions, barrier options, system registers
_NAME_OPS = frozenset(("cset", "csetm", "csel", "csinc", "csinv", "csneg", "fcsel", "cinc",
                       "ccmp", "ccmn", "mrs", "msr", "dmb", "dsb", "isb"))
# fixed SIMD forms written by instruction selection ("fmt"): operand objects from registers
_FIXED = {
    "cnt8b": lambda o: ("cnt", [A.VReg(o[0].reg.id, "8b"), A.VReg(o[0].reg.id, "8b")]),
    "addv8b": lambda o: ("addv", [A.Reg("b", o[0].reg.id), A.VReg(o[0].reg.id, "8b")]),
    "ins_d1": lambda o: ("mov", [A.VElem(o[0].reg.id, "d", 1), A.Reg("x", o[1].reg.id)]),
    "umov_d1": lambda o: ("mov", [A.Reg("x", o[0].reg.id), A.VElem(o[1].reg.id, "d", 1)]),
}


class Emitter:
    """Appends the function's instructions to ``out`` as ``operands.Insn`` objects (printed
    for -S, encoded by pyas from the objects for -c); labels and directives as text lines."""

    def __init__(self, out: list):
        self.out = out

    def i(self, mnem: str, *ops):
        self.out.append(A.Insn(mnem, list(ops)))

    def imm_to(self, reg: A.Reg, v: int, is64: bool = True):
        """Build constant v in reg (x16 / x17)."""
        bits = 64 if is64 else 32
        for mn, c, sh in mov_imm_seq(v, bits):
            if sh:
                self.i(mn, reg, c, A.Shift("lsl", sh))
            else:
                self.i(mn, reg, c)

    def add_imm(self, d: A.Reg, b: A.Reg, v: int, tmp: A.Reg = X16):
        """d = b + v (64-bit; b may be sp)."""
        if v == 0:
            if d != b:
                self.i("mov", d, b)
            return
        if fits_imm12(v):
            self.i("add", d, b, v)
        elif fits_imm12(-v):
            self.i("sub", d, b, -v)
        elif 0 < v < (1 << 24):
            self.i("add", d, b, v & ~0xFFF)
            self.i("add", d, d, v & 0xFFF)
        elif 0 < -v < (1 << 24):
            self.i("sub", d, b, -v & ~0xFFF)
            self.i("sub", d, d, -v & 0xFFF)
        else:
            self.imm_to(tmp, v)
            self.i("add", d, b, tmp)

    def mem_op(self, op: str, m: Mem, tmp: A.Reg = X16):
        """(mnemonic, memory operand) for a load/store of m, emitting address set-up first."""
        base = X29 if m.base is None else reg_op(m.base, 8)
        off = m.disp + (m.slot.offset if m.slot is not None else 0)
        if m.sym is not None:
            return op, A.Mem(base, A.Sym(m.sym, m.reloc, off))
        if m.index is not None:
            idx = reg_op(m.index, 8)
            if off:
                self.add_imm(tmp, base, off, tmp)
                base = tmp
            return op, A.Mem(base, mode="reg", index=idx,
                             ext=A.Shift("lsl", m.scale) if m.scale else None)
        sz = m.size or 8
        if off == 0:
            return op, A.Mem(base)
        if op in _LDST or op in ("ldur", "stur"):
            if off % sz == 0 and 0 <= off // sz < 4096:
                return op, A.Mem(base, off)
            if -256 <= off < 256:
                return op[:2] + "ur" + op[3:], A.Mem(base, off)
            self.imm_to(tmp, off)
            return op, A.Mem(base, mode="reg", index=tmp)
        # instructions that take only [xN]
        self.add_imm(tmp, base, off, tmp)
        return op, A.Mem(tmp)

    def operand(self, o, mi):
        if isinstance(o, ROp):
            if o.reg.cls == "f" and mi.op == "mov":
                return A.VReg(o.reg.id, "16b")
            return reg_op(o.reg, o.size)
        if isinstance(o, Imm):
            return o.value
        if isinstance(o, (Sym, LabelRef)):
            name, reloc = (o.sym, o.reloc) if isinstance(o, LabelRef) else (o.name, o.reloc)
            if mi.op in _NAME_OPS and reloc is None:
                return name
            return A.Sym(name, reloc if reloc in _SYM_RELOCS else None)
        raise TypeError(o)

    def instr(self, mi: MInstr):
        op = mi.op
        if op == "asm":
            from .asm_ops import format_asm
            self.out.append(format_asm(mi))     # inline asm: text, read by the same pyas
            return
        if op == "fmt":
            mn, objs = _FIXED[mi.extra](mi.ops)
            self.out.append(A.Insn(mn, objs))
            return
        if op == "lea":
            d = reg_op(mi.ops[0].reg, 8)
            m = mi.ops[1]
            base = X29 if m.base is None else reg_op(m.base, 8)
            off = m.disp + (m.slot.offset if m.slot is not None else 0)
            self.add_imm(d, base, off)
            return
        if op == "tlsdesc":
            s = mi.ops[1].name
            self.i("adrp", X0, A.Sym(s, "tlsdesc"))
            self.i("ldr", X1, A.Mem(X0, A.Sym(s, "tlsdesc_lo12")))
            self.i("add", X0, X0, A.Sym(s, "tlsdesc_lo12"))
            self.out.append(f"\t.tlsdesccall\t{s}")
            self.i("blr", X1)
            return
        ops = mi.ops
        mem = next((o for o in ops if isinstance(o, Mem)), None)
        if mem is not None:
            k = ops.index(mem)
            op2, mo = self.mem_op(op, mem)
            self.out.append(A.Insn(op2, [self.operand(o, mi) if i != k else mo
                                         for i, o in enumerate(ops)]))
            return
        # immediates out of range for add/sub/cmp
        if op in ("add", "sub", "cmp", "cmn") and isinstance(ops[-1], Imm) and mi.extra is None:
            v = ops[-1].value
            if not fits_imm12(v):
                regs = [reg_op(o.reg, o.size) for o in ops[:-1]]
                is64 = ops[0].size == 8
                if op in ("add", "sub") and fits_imm12(-v):
                    self.i("sub" if op == "add" else "add", regs[0], regs[1], -v)
                    return
                if op in ("cmp", "cmn") and fits_imm12(-v):
                    self.i("cmn" if op == "cmp" else "cmp", regs[0], -v)
                    return
                self.imm_to(X17 if is64 else W17, v, is64)
                t = X17 if is64 or any(r.cls in ("sp", "wsp") for r in regs[:2]) else W17
                self.i(op, *regs, t)
                return
        x = mi.extra
        if x == "lsl":
            # the last operand is the shift amount
            objs = [self.operand(o, mi) for o in ops[:-1]]
            objs.append(A.Shift("lsl", ops[-1].value))
        else:
            objs = [self.operand(o, mi) for o in ops]
            if x == "lsl12":
                objs.append(A.Shift("lsl", 12))
            elif x in ("uxtb", "uxth", "sxtb", "sxth", "sxtw", "uxtw"):
                objs.append(A.Shift(x))
        self.out.append(A.Insn(op, objs))


def emit_function(mf: MFunction, out: list, f=None) -> None:
    saves = layout_frame(mf)
    fs = mf.frame_size
    name = mf.name
    if f is not None and f.section:
        out.append(f'\t.section\t{f.section},"ax",@progbits')
    else:
        out.append("\t.text")
    out.append("\t.align\t2")
    _binding(name, mf.internal, f is not None and f.weak, f is not None and f.hidden, out)
    out.append(f"\t.type\t{name}, %function")
    out.append(f"{name}:")
    out.append("\t.cfi_startproc")
    e = Emitter(out)
    if fs <= 504:
        e.i("stp", X29, X30, A.Mem(SPR, -fs, "pre"))
    else:
        e.add_imm(SPR, SPR, -fs)
        e.i("stp", X29, X30, A.Mem(SPR))
    out.append(f"\t.cfi_def_cfa_offset {fs}")
    out.append(f"\t.cfi_offset 29, -{fs}")
    out.append(f"\t.cfi_offset 30, -{fs - 8}")
    e.i("mov", X29, SPR)
    out.append("\t.cfi_def_cfa_register 29")
    for r, off in saves:
        _, mo = e.mem_op("str", Mem(None, disp=off, size=8))
        e.i("str", reg_op(r, 8), mo)
        out.append(f"\t.cfi_offset {r.id + (64 if r.cls == 'f' else 0)}, {off - fs}")
    blocks = mf.blocks
    marks = bool(mf.extra.get("debug_values"))
    for bi, b in enumerate(blocks):
        nxt = blocks[bi + 1].label if bi + 1 < len(blocks) else None
        out.append(f"{b.label}:")
        ins = b.instrs
        n = len(ins)
        k = 0
        while k < n:
            mi = ins[k]
            if mi.loc is not None or marks:     # -g (toolchain.cc.debug.lines, values)
                out.append(LocMark(mi))
            if mi.op == "ret":
                inner = bi != len(blocks) - 1
                if inner:
                    out.append("\t.cfi_remember_state")
                for r, off in saves:
                    _, mo = e.mem_op("ldr", Mem(None, disp=off, size=8))
                    e.i("ldr", reg_op(r, 8), mo)
                if mf.extra.get("dynamic_stack"):
                    e.i("mov", SPR, X29)
                if fs <= 504:
                    e.i("ldp", X29, X30, A.Mem(SPR, fs, "post"))
                else:
                    e.i("ldp", X29, X30, A.Mem(SPR))
                    e.add_imm(SPR, SPR, fs)
                out.append("\t.cfi_restore 29")
                out.append("\t.cfi_restore 30")
                out.append("\t.cfi_def_cfa 31, 0")
                e.i("ret")
                if inner:
                    out.append("\t.cfi_restore_state")
                k += 1
                continue
            if mi.op == "b" and mi.ops[0].name == nxt and k == n - 1:
                k += 1
                continue
            if mi.op.startswith("b.") and k == n - 2 and ins[k + 1].op == "b" \
                    and mi.ops[0].name == nxt:
                inv = INV.get(mi.op[2:])
                if inv:
                    e.i("b." + inv, A.Sym(ins[k + 1].ops[0].name))
                    k += 2
                    continue
            if mi.op in ("tbz", "tbnz") and k == n - 2 and ins[k + 1].op == "b" \
                    and mi.ops[2].name == nxt:
                o = mi.ops
                e.i("tbnz" if mi.op == "tbz" else "tbz", reg_op(o[0].reg, o[0].size), o[1].value,
                    A.Sym(ins[k + 1].ops[0].name))
                k += 2
                continue
            e.instr(mi)
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


