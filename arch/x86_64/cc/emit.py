"""x86-64 frame layout, prologue/epilogue with CFI, and GNU as (AT&T) text for machine IR.

Frame (rbp-based; leaves without a frame skip it): [rbp+16..] stack arguments, [rbp+8] return address, [rbp] saved
rbp, below it the callee-saved registers used by the function, then locals and spill slots;
rsp is kept 16-byte aligned. Every function has a single exit block so the CFI needs no
remember/restore state.
"""
from __future__ import annotations

from toolchain.cc.backend.data import binding
from toolchain.cc.backend.frame import layout_frame
from toolchain.cc.backend.inlineasm import substitute
from toolchain.cc.backend.mir import Imm, MFunction, MInstr, Mem, ROp, Sym

from .regs import RBP, RSP, X87Op, reg_name


def fmt_op(o, for_branch: bool = False) -> str:
    if isinstance(o, ROp):
        return ("*%" if for_branch else "%") + reg_name(o.reg, o.size)
    if isinstance(o, Imm):
        return f"${o.value}"
    if isinstance(o, Sym):
        return o.name + (f"@{o.reloc}" if o.reloc else "")
    if isinstance(o, Mem):
        disp = o.disp + (o.slot.offset if o.slot is not None else 0)
        pre = "*" if for_branch else ""
        if o.sym == "%fs:0":
            return pre + "%fs:0"
        if o.sym is not None:
            s = o.sym
            if o.reloc in ("GOTPCREL", "GOTTPOFF"):
                s += "@" + o.reloc
            elif o.reloc == "tpoff":
                s += "@tpoff"
            if disp:
                s += f"{disp:+d}"
            if o.base is None:
                return f"{pre}{s}(%rip)"
            return f"{pre}{s}(%{reg_name(o.base, 8)})"
        d = str(disp) if disp else ""
        if o.base is None and o.slot is not None:
            return f"{pre}{d}(%rbp)"
        if o.index is not None:
            b = f"%{reg_name(o.base, 8)}" if o.base is not None else ""
            return f"{pre}{d}({b},%{reg_name(o.index, 8)},{o.scale})"
        return f"{pre}{d}(%{reg_name(o.base, 8)})"
    raise TypeError(o)


def _asm_operand(o, mod):
    if isinstance(o, X87Op):
        return o.name
    if isinstance(o, ROp):
        size = {"k": 4, "q": 8, "w": 2, "b": 1}.get(mod, o.size)
        if mod == "h" and o.reg.cls == "i":
            return "%" + {0: "ah", 1: "ch", 2: "dh", 3: "bh"}.get(o.reg.id, "ah")
        return "%" + reg_name(o.reg, size)
    if isinstance(o, Imm):
        v = -o.value if mod == "n" else o.value
        return str(v) if mod in ("c", "P", "n") else f"${v}"
    if isinstance(o, Sym):
        return o.name if mod in ("c", "P") else "$" + o.name
    return fmt_op(o)


def fmt_asm(mi: MInstr) -> str:
    """Substitute operands into an inline asm template (GNU operand modifiers k q w b h c P n)."""
    return "\t" + substitute(mi.extra, mi.ops, _asm_operand, escapes="%{|}")


def fmt_instr(mi: MInstr) -> str:
    if mi.op == "asm":
        return fmt_asm(mi)
    if not mi.ops:
        return "\t" + mi.op
    br = mi.op in ("call", "jmp") and not isinstance(mi.ops[0], Sym)
    return "\t" + mi.op + "\t" + ", ".join(fmt_op(o, br) for o in mi.ops)


def _frameless(mf: MFunction, saves) -> bool:
    """A leaf without stack frame, saved registers or uses of %rbp/%rsp runs without setting
    up %rbp; its stack-argument references become %rsp-relative."""
    if mf.frame_size or saves or mf.extra.get("dynamic_stack"):
        return False
    rbp_mems = []
    for b in mf.blocks:
        for mi in b.instrs:
            if "c" in mi.flags or mi.op == "asm":
                return False
            for o in mi.ops:
                if isinstance(o, ROp) and o.reg.phys and o.reg.cls == "i" and o.reg.id in (4, 5):
                    return False
                if isinstance(o, Mem) and o.base is not None and o.base.phys \
                        and o.base.cls == "i":
                    if o.base.id == 4 or (o.index is not None and o.index.id in (4, 5)):
                        return False
                    if o.base.id == 5:
                        if o.slot is not None:
                            return False
                        rbp_mems.append((mi, o))
    from .regs import RSP
    for mi, o in rbp_mems:
        k = mi.ops.index(o)
        mi.ops[k] = o.copy(base=RSP, disp=o.disp - 8)
    return True


def _mi(op, *ops):
    return MInstr(op, list(ops), ("u",) * len(ops))


def _slots_from_rsp(mf: MFunction) -> None:
    """Rewrite the %rbp-relative slot operands to %rsp-relative ones (the frame below an
    aligned %rsp), following the %rsp adjustments of call sequences within each block."""
    for b in mf.blocks:
        adj = 0
        for mi in b.instrs:
            for k, o in enumerate(mi.ops):
                if isinstance(o, Mem) and o.slot is not None and o.sym is None and \
                        (o.base is RBP or o.base is None):
                    mi.ops[k] = o.copy(base=RSP, disp=o.disp + o.slot.offset + mf.frame_size
                                       + adj, slot=None)
            if mi.op in ("subq", "addq") and len(mi.ops) == 2 and isinstance(mi.ops[0], Imm) \
                    and isinstance(mi.ops[1], ROp) and mi.ops[1].reg is RSP:
                adj += mi.ops[0].value if mi.op == "subq" else -mi.ops[0].value
            elif mi.op == "pushq":
                adj += 8
            elif mi.op == "popq":
                adj -= 8


def _rsp_adjust(mi) -> int:
    """How much mi moves %rsp down (call sequences: subq/addq $n, pushq/popq)."""
    op = mi.op
    if op in ("subq", "addq") and isinstance(mi.ops[0], Imm) and isinstance(mi.ops[1], ROp) \
            and mi.ops[1].reg is RSP:
        return mi.ops[0].value if op == "subq" else -mi.ops[0].value
    if op == "pushq":
        return 8
    if op == "popq":
        return -8
    return 0


def _emit_no_fp(mf: MFunction, saves, out: list) -> None:
    """The body of a function without frame pointer (frame.py). The frame keeps the layout
    of the %rbp frame (the frame base, where %rbp would point, is CFA - 16, so -g's slot
    offsets hold): one ``subq $N`` (N = frame + 8 keeps %rsp 16-byte aligned at calls)
    makes the frame base %rsp + N - 8, and every frame operand (slots, stack arguments)
    becomes %rsp-relative, following the call sequences' adjustments, each of them
    described to the unwinder (.cfi_adjust_cfa_offset)."""
    calls = any("c" in mi.flags for b in mf.blocks for mi in b.instrs)
    n = mf.frame_size + 8 if (mf.frame_size or calls) else 0
    base = n - 8
    if n:
        out.append(_mi("subq", Imm(n), ROp(RSP, 8)))
        out.append(f"\t.cfi_def_cfa_offset {n + 8}")
    for r, off in saves:
        out.append(_mi("movq", ROp(r, 8), Mem(RSP, disp=base + off)))
        out.append(f"\t.cfi_offset %{r.name}, {off - 16}")
    blocks = mf.blocks
    last = len(blocks) - 1
    for bi, b in enumerate(blocks):
        out.append(f"{b.label}:")
        adj = 0
        for mi in b.instrs:
            if mi.op == "ret":
                if bi != last:
                    out.append("\t.cfi_remember_state")
                for r, off in saves:
                    out.append(_mi("movq", Mem(RSP, disp=base + off + adj), ROp(r, 8)))
                if n:
                    out.append(_mi("addq", Imm(n), ROp(RSP, 8)))
                    out.append("\t.cfi_def_cfa_offset 8")
                out.append(_mi("ret"))
                if bi != last:
                    out.append("\t.cfi_restore_state")
                continue
            for k, o in enumerate(mi.ops):
                if isinstance(o, Mem) and o.sym is None and o.base is None \
                        and o.slot is not None:
                    mi.ops[k] = o.copy(base=RSP, slot=None, disp=o.disp + base + adj + (
                        o.slot.offset if o.slot is not None else 0))
            out.append(mi)
            d = _rsp_adjust(mi)
            if d:
                adj += d
                out.append(f"\t.cfi_adjust_cfa_offset {d}")


def emit_function(mf: MFunction, out: list, f=None) -> None:
    """Prologue (push %rbp; frame; callee-saved stores), the allocated blocks with every
    ``ret`` expanded to the epilogue, CFI, and the function's jump tables. Instructions go
    to ``out`` as MInstr objects, labels and directives as text lines."""
    saves = layout_frame(mf).saves
    name = mf.name
    if f is not None and f.section:
        out.append(f'\t.section\t{f.section},"ax",@progbits')
    binding(name, mf.internal, f is not None and f.weak, f is not None and f.hidden, out)
    out.append(f"\t.type\t{name}, @function")
    out.append(f"{name}:")
    out.append("\t.cfi_startproc")
    if mf.extra.get("omit_fp"):         # decided before allocation (frame.py)
        _emit_no_fp(mf, saves, out)
        _end_function(mf, name, out)
        return
    leaf = _frameless(mf, saves)
    if not leaf:
        out.append(_mi("pushq", ROp(RBP, 8)))
        out.append("\t.cfi_def_cfa_offset 16")
        out.append("\t.cfi_offset %rbp, -16")
        out.append(_mi("movq", ROp(RSP, 8), ROp(RBP, 8)))
        out.append("\t.cfi_def_cfa_register %rbp")
    realign = max((sl.align for sl in mf.slots), default=16)
    if realign > 16 and not leaf and not mf.extra.get("dynamic_stack"):
        # slots aligned beyond the ABI's 16 bytes (__m256 locals, aligned(64) arrays): the
        # stack pointer is aligned down and the slots are addressed from it
        out.append(_mi("andq", Imm(-realign), ROp(RSP, 8)))
        _slots_from_rsp(mf)
    if mf.frame_size:
        out.append(_mi("subq", Imm(mf.frame_size), ROp(RSP, 8)))
    for r, off in saves:
        out.append(_mi("movq", ROp(r, 8), Mem(RBP, disp=off)))
        out.append(f"\t.cfi_offset %{r.name}, {off - 16}")
    blocks = mf.blocks
    last = len(blocks) - 1
    for bi, b in enumerate(blocks):
        out.append(f"{b.label}:")
        for mi in b.instrs:
            if mi.op != "ret":
                out.append(mi)
            elif leaf:
                out.append(_mi("ret"))
            else:
                if bi != last:
                    out.append("\t.cfi_remember_state")
                for r, off in saves:
                    out.append(_mi("movq", Mem(RBP, disp=off), ROp(r, 8)))
                out.append(_mi("leave"))
                out.append("\t.cfi_def_cfa %rsp, 8")
                out.append(_mi("ret"))
                if bi != last:
                    out.append("\t.cfi_restore_state")
    _end_function(mf, name, out)


def _end_function(mf: MFunction, name: str, out: list) -> None:
    out.append("\t.cfi_endproc")
    out.append(f"\t.size\t{name}, .-{name}")
    tables = mf.extra.get("jumptables")
    if tables:
        out.append("\t.section\t.rodata")
        out.append("\t.align 4")
        for lab, table in tables:
            out.append(f"{lab}:")
            for x in table:
                out.append(f"\t.long\t{x}-{lab}")
        out.append("\t.text")
