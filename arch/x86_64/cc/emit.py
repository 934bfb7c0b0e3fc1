"""x86-64 frame layout, prologue/epilogue with CFI, and GNU as (AT&T) text for machine IR.

Frame (rbp-based; leaves without a frame skip it): [rbp+16..] stack arguments, [rbp+8] return address, [rbp] saved
rbp, below it the callee-saved registers used by the function, then locals and spill slots;
rsp is kept 16-byte aligned. Every function has a single exit block so the CFI needs no
remember/restore state.
"""
from __future__ import annotations

import struct as _struct

from toolchain.cc.backend.mir import Imm, MFunction, MInstr, Mem, ROp, Sym
from toolchain.cc.backend.regalloc import TargetHooks

from .regs import RBP, reg_name

_DWARF_NAME = {"rbx": "%rbx", "r12": "%r12", "r13": "%r13", "r14": "%r14", "r15": "%r15"}


class X86Hooks(TargetHooks):
    def is_move(self, mi):
        if mi.op in ("movq", "movl", "movaps") and len(mi.ops) == 2 and \
                all(isinstance(o, ROp) for o in mi.ops):
            return mi.ops[0].reg, mi.ops[1].reg
        return None

    def mem_ok(self, mi, k):
        from .isel import mem_ok
        return mem_ok(mi, k)

    def spill_load(self, reg, mem):
        if reg.cls == "f":
            return MInstr("movsd", [mem.copy(size=8), ROp(reg, 16)], ("u", "d"))
        return MInstr("movq", [mem, ROp(reg, 8)], ("u", "d"))

    def spill_store(self, reg, mem):
        if reg.cls == "f":
            return MInstr("movsd", [ROp(reg, 16), mem.copy(size=8)], ("u", "d"))
        return MInstr("movq", [ROp(reg, 8), mem], ("u", "d"))

    def is_identity(self, mi):
        if "k" in mi.flags or mi.op not in ("movq", "movl", "movaps"):
            return False
        a, b = mi.ops
        return (isinstance(a, ROp) and isinstance(b, ROp) and a.reg is b.reg
                and (a.size == b.size or mi.op == "movaps"))


def layout_frame(mf: MFunction) -> list:
    """Assign slot offsets; returns [(Reg, offset)] for the callee-saved registers."""
    cur = 0
    saves = []
    for r in mf.used_callee_saved:
        cur += 8
        saves.append((r, -cur))
    for s in sorted(mf.slots, key=lambda s: (-s.align, -s.size)):
        cur += s.size
        cur = (cur + s.align - 1) // s.align * s.align
        s.offset = -cur
    mf.frame_size = (cur + 15) // 16 * 16
    return saves


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


def fmt_asm(mi: MInstr) -> str:
    """Substitute operands into an inline asm template (GNU operand modifiers k q w b h c P n)."""
    t = mi.extra
    out = []
    i = 0
    n = len(t)
    while i < n:
        ch = t[i]
        if ch != "%" or i + 1 >= n:
            out.append(ch)
            i += 1
            continue
        nxt = t[i + 1]
        if nxt == "%":
            out.append("%")
            i += 2
            continue
        j = i + 1
        mod = ""
        while j < n and t[j].isalpha():
            mod += t[j]
            j += 1
        k = j
        while k < n and t[k].isdigit():
            k += 1
        if k == j or len(mod) > 1:
            out.append(ch)
            i += 1
            continue
        idx = int(t[j:k])
        if idx >= len(mi.ops):
            raise ValueError(f"inline asm operand %{idx} out of range")
        o = mi.ops[idx]
        if isinstance(o, ROp):
            size = {"k": 4, "q": 8, "w": 2, "b": 1}.get(mod, o.size)
            if mod == "h" and o.reg.cls == "i":
                out.append("%" + {0: "ah", 1: "ch", 2: "dh", 3: "bh"}.get(o.reg.id, "ah"))
            else:
                out.append("%" + reg_name(o.reg, size))
        elif isinstance(o, Imm):
            v = -o.value if mod == "n" else o.value
            out.append(str(v) if mod in ("c", "P", "n") else f"${v}")
        elif isinstance(o, Sym):
            out.append(o.name if mod in ("c", "P") else "$" + o.name)
        else:
            out.append(fmt_op(o))
        i = k
    return "\t" + "".join(out)


def fmt_instr(mi: MInstr) -> str:
    if mi.op == "asm":
        return fmt_asm(mi)
    if not mi.ops:
        return "\t" + mi.op
    br = mi.op in ("call", "jmp") and not isinstance(mi.ops[0], Sym)
    return "\t" + mi.op + "\t" + ", ".join(fmt_op(o, br) for o in mi.ops)


def _invert(op: str) -> str | None:
    from .isel import NEG_CC
    cc = op[1:]
    n = NEG_CC.get(cc)
    return "j" + n if n else None


def thread_jumps(mf: MFunction) -> None:
    """Retarget branches to blocks that only jump elsewhere, and drop those blocks."""
    blocks = mf.blocks
    fwd = {}
    for b in blocks[1:]:
        if len(b.instrs) == 1 and b.instrs[0].op == "jmp" and isinstance(b.instrs[0].ops[0], Sym):
            fwd[b.label] = b.instrs[0].ops[0].name
    if not fwd:
        return

    def final(lab):
        seen = set()
        while lab in fwd and lab not in seen:
            seen.add(lab)
            lab = fwd[lab]
        return lab

    referenced = set()
    for lab, table in mf.extra.get("jumptables", ()):
        table[:] = [final(x) for x in table]
        referenced.update(table)
    for b in blocks:
        for mi in b.instrs:
            for k, o in enumerate(mi.ops):
                if isinstance(o, Sym) and mi.op.startswith("j"):
                    mi.ops[k] = o = Sym(final(o.name), o.reloc)
                    referenced.add(o.name)
                elif isinstance(o, Mem) and o.sym is not None:
                    referenced.add(o.sym)
    mf.blocks = [b for i, b in enumerate(blocks)
                 if i == 0 or b.label not in fwd or b.label in referenced]


def duplicate_small_tails(mf: MFunction, limit: int = 4) -> None:
    """Replace ``jmp X`` by a copy of X when X is a few instructions ending in jumps or the
    return (loop conditions, the epilogue): one taken branch less on the path. Blocks no
    longer reached are dropped."""
    orig = {b.label: b.instrs for b in mf.blocks}
    for b in mf.blocks:
        if not b.instrs:
            continue
        last = b.instrs[-1]
        if last.op != "jmp" or not isinstance(last.ops[0], Sym):
            continue
        xi = orig.get(last.ops[0].name)
        if xi is None or xi is orig[b.label] or not xi or len(xi) > limit:
            continue
        if "t" not in xi[-1].flags or any("c" in mi.flags or mi.op == "asm" for mi in xi):
            continue
        b.instrs = b.instrs[:-1] + list(xi)
    # keep the blocks reachable from the entry (and every address-taken label)
    by_label = {b.label: b for b in mf.blocks}
    roots = {mf.blocks[0].label}
    for _, table in mf.extra.get("jumptables", ()):
        roots.update(table)
    for b in mf.blocks:
        for mi in b.instrs:
            for o in mi.ops:
                if isinstance(o, Mem) and o.sym in by_label:
                    roots.add(o.sym)
    seen = set()
    work = list(roots)
    while work:
        lab = work.pop()
        if lab in seen or lab not in by_label:
            continue
        seen.add(lab)
        blk = by_label[lab]
        for mi in blk.instrs:
            for o in mi.ops:
                if isinstance(o, Sym) and o.name in by_label:
                    work.append(o.name)
        if not blk.instrs or "t" not in blk.instrs[-1].flags:
            i = mf.blocks.index(blk)
            if i + 1 < len(mf.blocks):
                work.append(mf.blocks[i + 1].label)
    mf.blocks = [b for b in mf.blocks if b.label in seen]


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


def emit_function(mf: MFunction, out: list, f=None) -> None:
    thread_jumps(mf)
    duplicate_small_tails(mf)
    saves = layout_frame(mf)
    name = mf.name
    if f is not None and f.section:
        out.append(f'\t.section\t{f.section},"ax",@progbits')
    _binding(name, mf.internal, f is not None and f.weak, f is not None and f.hidden, out)
    out.append(f"\t.type\t{name}, @function")
    out.append(f"{name}:")
    out.append("\t.cfi_startproc")
    leaf = _frameless(mf, saves)
    if not leaf:
        out.append("\tpushq\t%rbp")
        out.append("\t.cfi_def_cfa_offset 16")
        out.append("\t.cfi_offset %rbp, -16")
        out.append("\tmovq\t%rsp, %rbp")
        out.append("\t.cfi_def_cfa_register %rbp")
    if mf.frame_size:
        out.append(f"\tsubq\t${mf.frame_size}, %rsp")
    for r, off in saves:
        out.append(f"\tmovq\t%{r.name}, {off}(%rbp)")
        out.append(f"\t.cfi_offset %{r.name}, {off - 16}")
    blocks = mf.blocks
    for bi, b in enumerate(blocks):
        nxt = blocks[bi + 1].label if bi + 1 < len(blocks) else None
        out.append(f"{b.label}:")
        ins = b.instrs
        n = len(ins)
        k = 0
        while k < n:
            mi = ins[k]
            if mi.op == "ret" and leaf:
                out.append("\tret")
                k += 1
                continue
            if mi.op == "ret":
                inner = bi != len(blocks) - 1
                if inner:
                    out.append("\t.cfi_remember_state")
                for r, off in saves:
                    out.append(f"\tmovq\t{off}(%rbp), %{r.name}")
                out.append("\tleave")
                out.append("\t.cfi_def_cfa %rsp, 8")
                out.append("\tret")
                if inner:
                    out.append("\t.cfi_restore_state")
                k += 1
                continue
            if mi.op == "jmp" and isinstance(mi.ops[0], Sym) and mi.ops[0].name == nxt \
                    and k == n - 1:
                k += 1
                continue
            if mi.op.startswith("j") and mi.op != "jmp" and k == n - 2 and \
                    ins[k + 1].op == "jmp" and isinstance(ins[k + 1].ops[0], Sym) and \
                    mi.ops[0].name == nxt:
                inv = _invert(mi.op)
                if inv:
                    out.append(f"\t{inv}\t{ins[k + 1].ops[0].name}")
                    k += 2
                    continue
            out.append(fmt_instr(mi))
            k += 1
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


def _ascii(data: bytes) -> str:
    out = []
    for c in data:
        if 32 <= c < 127 and c not in (34, 92):
            out.append(chr(c))
        else:
            out.append(f"\\{c:03o}")
    return '"' + "".join(out) + '"'


def _binding(sym, internal, weak, hidden, out: list) -> None:
    if weak:
        out.append(f"\t.weak\t{sym}")
    elif not internal:
        out.append(f"\t.globl\t{sym}")
    if hidden:
        out.append(f"\t.hidden\t{sym}")


def emit_global(g, out: list) -> None:
    if g.common and g.init is None and not g.tls and not g.section:
        if g.internal:
            out.append(f"\t.local\t{g.name}")
        out.append(f"\t.comm\t{g.name},{g.size},{g.align}")
        return
    has_relocs = g.init is not None and any(it[0] == "sym" for it in g.init)
    if g.section:
        flags = "awT" if g.tls else ("a" if g.readonly and not has_relocs else "aw")
        kind = "@nobits" if g.init is None and (g.section.startswith((".bss", ".tbss"))) \
            else "@progbits"
        if g.section in (".init_array", ".fini_array", ".preinit_array"):
            kind = "@" + g.section[1:]
        sec = f'.section\t{g.section},"{flags}",{kind}'
    elif g.tls:
        sec = '.section\t.tdata,"awT",@progbits' if g.init else '.section\t.tbss,"awT",@nobits'
    elif g.init is None:
        sec = ".bss"
    elif g.readonly:
        # pointers need load-time relocation in a PIE: keep them out of .rodata
        sec = '.section\t.data.rel.ro,"aw"' if has_relocs else ".section\t.rodata"
    else:
        sec = ".data"
    out.append("\t" + sec)
    _binding(g.name, g.internal, g.weak, g.hidden, out)
    if g.align > 1:
        out.append(f"\t.align {g.align}")
    out.append(f"\t.type\t{g.name}, @{'tls_object' if g.tls else 'object'}")
    out.append(f"\t.size\t{g.name}, {g.size}")
    out.append(f"{g.name}:")
    if g.init is None:
        out.append(f"\t.zero\t{g.size}")
        return
    n = 0
    for it in g.init:
        k = it[0]
        if k == "int":
            t, v = it[1], it[2]
            d = {1: ".byte", 2: ".value", 4: ".long", 8: ".quad"}[t.size]
            out.append(f"\t{d}\t{v}")
            n += t.size
        elif k == "float":
            t, v = it[1], it[2]
            if t.bits == 32:
                out.append(f"\t.long\t{_struct.unpack('<I', _struct.pack('<f', v))[0]}")
            elif t.bits == 64:
                out.append(f"\t.quad\t{_struct.unpack('<Q', _struct.pack('<d', v))[0]}")
            else:
                from .isel import f80_bytes
                b = f80_bytes(v)
                out.append(f"\t.quad\t{int.from_bytes(b[:8], 'little')}")
                out.append(f"\t.value\t{int.from_bytes(b[8:10], 'little')}")
                out.append("\t.zero\t6")
            n += t.size
        elif k == "sym":
            out.append(f"\t.quad\t{it[1]}" + (f"{it[2]:+d}" if it[2] else ""))
            n += 8
        elif k == "zero":
            out.append(f"\t.zero\t{it[1]}")
            n += it[1]
        elif k == "bytes":
            out.append(f"\t.ascii\t{_ascii(it[1])}")
            n += len(it[1])
    if n < g.size:
        out.append(f"\t.zero\t{g.size - n}")


def emit_literals(literals: dict, out: list) -> None:
    if not literals:
        return
    out.append("\t.section\t.rodata")
    for (data, align), lab in sorted(literals.items(), key=lambda kv: kv[1]):
        out.append(f"\t.align {align}")
        out.append(f"{lab}:")
        for i in range(0, len(data), 4):
            out.append(f"\t.long\t{int.from_bytes(data[i:i + 4], 'little')}")
