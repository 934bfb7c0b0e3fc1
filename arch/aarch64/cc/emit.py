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


from toolchain.cc.backend.data import binding as _binding
from toolchain.cc.backend.mir import Imm, MFunction, MInstr, Mem, ROp, Sym
from toolchain.cc.backend.regalloc import TargetHooks

from .isel import INV, LabelRef, fits_imm12, mov_imm_seq
from .regs import IP0, IP1, reg_name


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


class Emitter:
    def __init__(self, out: list):
        self.out = out

    def w(self, s: str):
        self.out.append("\t" + s)

    def imm_to(self, reg_text: str, v: int, is64: bool = True):
        """Build constant v in the register named reg_text (x16 / x17)."""
        bits = 64 if is64 else 32
        for mn, c, sh in mov_imm_seq(v, bits):
            self.w(f"{mn}\t{reg_text}, #{c}" + (f", lsl #{sh}" if sh else ""))

    def add_imm(self, d: str, b: str, v: int, tmp: str = "x16"):
        """d = b + v (64-bit; b may be sp)."""
        if v == 0:
            if d != b:
                self.w(f"mov\t{d}, {b}")
            return
        if fits_imm12(v):
            self.w(f"add\t{d}, {b}, #{v}")
        elif fits_imm12(-v):
            self.w(f"sub\t{d}, {b}, #{-v}")
        elif 0 < v < (1 << 24):
            self.w(f"add\t{d}, {b}, #{v & ~0xFFF}")
            self.w(f"add\t{d}, {d}, #{v & 0xFFF}")
        elif 0 < -v < (1 << 24):
            self.w(f"sub\t{d}, {b}, #{-v & ~0xFFF}")
            self.w(f"sub\t{d}, {d}, #{-v & 0xFFF}")
        else:
            self.imm_to(tmp, v)
            self.w(f"add\t{d}, {b}, {tmp}")

    def mem_text(self, op: str, m: Mem, tmp: str = "x16"):
        """(mnemonic, operand text) for a load/store of m, emitting address set-up first."""
        base = "x29" if m.base is None else reg_name(m.base, 8)
        off = m.disp + (m.slot.offset if m.slot is not None else 0)
        if m.sym is not None:
            s = m.sym + (f"+{off}" if off > 0 else f"{off}" if off < 0 else "")
            return op, f"[{base}, #:{m.reloc}:{s}]"
        if m.index is not None:
            idx = reg_name(m.index, 8)
            sh = f", lsl #{m.scale}" if m.scale else ""
            if off:
                self.add_imm(tmp, base, off, tmp)
                base = tmp
            return op, f"[{base}, {idx}{sh}]"
        sz = m.size or 8
        if off == 0:
            return op, f"[{base}]"
        if op in _LDST or op in ("ldur", "stur"):
            if off % sz == 0 and 0 <= off // sz < 4096:
                return op, f"[{base}, #{off}]"
            if -256 <= off < 256:
                return op[:2] + "ur" + op[3:], f"[{base}, #{off}]"
            self.imm_to(tmp, off)
            return op, f"[{base}, {tmp}]"
        # instructions that take only [xN]
        self.add_imm(tmp, base, off, tmp)
        return op, f"[{tmp}]"

    def op_text(self, o, mi) -> str:
        if isinstance(o, ROp):
            if o.reg.cls == "f" and mi.op == "mov":
                return f"v{o.reg.id}.16b"
            return reg_name(o.reg, o.size)
        if isinstance(o, Imm):
            return f"#{o.value}"
        if isinstance(o, (Sym, LabelRef)):
            o = Sym(o.sym, o.reloc) if isinstance(o, LabelRef) else o
            if o.reloc in ("lo12", "tprel_lo12_nc", "tprel_hi12"):
                return f"#:{o.reloc}:{o.name}"
            if o.reloc in ("got", "gottprel", "tlsdesc"):
                return f":{o.reloc}:{o.name}"
            return o.name
        raise TypeError(o)

    def instr(self, mi: MInstr):
        op = mi.op
        if op == "asm":
            from .asm_ops import format_asm
            self.out.append(format_asm(mi))
            return
        if op == "fmt":
            text = mi.extra
            for k, o in enumerate(mi.ops):
                text = text.replace("{%d}" % k, str(o.reg.id))
            self.w(text)
            return
        if op == "lea":
            d = reg_name(mi.ops[0].reg, 8)
            m = mi.ops[1]
            base = "x29" if m.base is None else reg_name(m.base, 8)
            off = m.disp + (m.slot.offset if m.slot is not None else 0)
            self.add_imm(d, base, off)
            return
        if op == "tlsdesc":
            s = mi.ops[1].name
            self.w(f"adrp\tx0, :tlsdesc:{s}")
            self.w(f"ldr\tx1, [x0, #:tlsdesc_lo12:{s}]")
            self.w(f"add\tx0, x0, #:tlsdesc_lo12:{s}")
            self.w(f".tlsdesccall\t{s}")
            self.w("blr\tx1")
            return
        ops = mi.ops
        mem = next((o for o in ops if isinstance(o, Mem)), None)
        if mem is not None:
            k = ops.index(mem)
            op2, mt = self.mem_text(op, mem)
            parts = [self.op_text(o, mi) if i != k else mt for i, o in enumerate(ops)]
            self.w(op2 + "\t" + ", ".join(parts))
            return
        # immediates out of range for add/sub/cmp
        if op in ("add", "sub", "cmp", "cmn") and isinstance(ops[-1], Imm) and mi.extra is None:
            v = ops[-1].value
            if not fits_imm12(v):
                regs = [reg_name(o.reg, o.size) for o in ops[:-1]]
                is64 = ops[0].size == 8
                if op in ("add", "sub") and fits_imm12(-v):
                    self.w(f"{'sub' if op == 'add' else 'add'}\t{regs[0]}, {regs[1]}, #{-v}")
                    return
                if op in ("cmp", "cmn") and fits_imm12(-v):
                    self.w(f"{'cmn' if op == 'cmp' else 'cmp'}\t{regs[0]}, #{-v}")
                    return
                t = "x17" if is64 else "w17"
                self.imm_to("x17" if is64 else "w17", v, is64)
                if "sp" in regs[:2] or "wsp" in regs[:2]:
                    t = "x17"
                self.w(f"{op}\t{', '.join(regs)}, {t}")
                return
        text = ", ".join(self.op_text(o, mi) for o in ops)
        if mi.extra in ("lsl", "lsl12"):
            if mi.extra == "lsl12":
                text += ", lsl #12"
            else:
                # the last operand is the shift amount
                head = ", ".join(self.op_text(o, mi) for o in ops[:-1])
                text = f"{head}, lsl #{ops[-1].value}"
        elif mi.extra in ("uxtb", "uxth", "sxtb", "sxth", "sxtw", "uxtw"):
            text += ", " + mi.extra
        self.w(op + ("\t" + text if text else ""))


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
        e.w(f"stp\tx29, x30, [sp, #-{fs}]!")
    else:
        e.add_imm("sp", "sp", -fs)
        e.w("stp\tx29, x30, [sp]")
    out.append(f"\t.cfi_def_cfa_offset {fs}")
    out.append(f"\t.cfi_offset 29, -{fs}")
    out.append(f"\t.cfi_offset 30, -{fs - 8}")
    e.w("mov\tx29, sp")
    out.append("\t.cfi_def_cfa_register 29")
    for r, off in saves:
        rn = reg_name(r, 8)
        _, mt = e.mem_text("str", Mem(None, disp=off, size=8))
        e.w(f"str\t{rn}, {mt}")
        out.append(f"\t.cfi_offset {r.id + (64 if r.cls == 'f' else 0)}, {off - fs}")
    blocks = mf.blocks
    for bi, b in enumerate(blocks):
        nxt = blocks[bi + 1].label if bi + 1 < len(blocks) else None
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
                for r, off in saves:
                    _, mt = e.mem_text("ldr", Mem(None, disp=off, size=8))
                    e.w(f"ldr\t{reg_name(r, 8)}, {mt}")
                if mf.extra.get("dynamic_stack"):
                    e.w("mov\tsp, x29")
                if fs <= 504:
                    e.w(f"ldp\tx29, x30, [sp], #{fs}")
                else:
                    e.w("ldp\tx29, x30, [sp]")
                    e.add_imm("sp", "sp", fs)
                out.append("\t.cfi_restore 29")
                out.append("\t.cfi_restore 30")
                out.append("\t.cfi_def_cfa 31, 0")
                e.w("ret")
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
                    e.w(f"b.{inv}\t{ins[k + 1].ops[0].name}")
                    k += 2
                    continue
            if mi.op in ("tbz", "tbnz") and k == n - 2 and ins[k + 1].op == "b" \
                    and mi.ops[2].name == nxt:
                o = mi.ops
                e.w(f"{'tbnz' if mi.op == 'tbz' else 'tbz'}\t{reg_name(o[0].reg, o[0].size)}, "
                    f"#{o[1].value}, {ins[k + 1].ops[0].name}")
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


