"""AArch64 facts for pycc -g (toolchain.cc.debug): where frame slots are relative to the
canonical frame address (DW_AT_frame_base is DW_OP_call_frame_cfa, as gcc emits)."""
from __future__ import annotations


def slot_cfa_offset(mf, slot):
    """CFA-relative offset of a frame slot: the prologue's ``stp x29, x30, [sp, -FS]!`` and
    ``mov x29, sp`` leave x29 = CFA - FS, and slots are x29-relative (emit.layout_frame)."""
    return slot.offset - mf.frame_size


# the AAPCS64 va_list record is made by the compiler: gcc marks its members artificial
# (gdb's ptype shows none of them)
ARTIFICIAL_RECORDS = frozenset(("__va_list",))


def dwarf_reg(r):
    """DWARF register number (AAPCS64 DWARF: x0-x30 are 0-30, v0-v31 64-95)."""
    return r.id + 64 if r.cls == "f" else r.id


_CALLS = frozenset(("bl", "blr", "svc", "hvc", "brk", "ret"))


def clobbers(item, n) -> bool:
    """An emitted instruction that may write DWARF register n: a call (or return), any
    instruction mentioning the register (conservative: a mention may only read), anything
    not an instruction object. Branches themselves do not (toolchain.cc.debug.lines follows
    them)."""
    from toolchain.arch.aarch64.asm.operands import Insn
    if type(item) is not Insn or item.mnem in _CALLS:
        return True
    fp = n >= 64
    k = n - 64 if fp else n
    return any(_mentions(o, fp, k) for o in item.ops)


def _mentions(o, fp, k) -> bool:
    num = getattr(o, "num", None)
    if num is not None:             # Reg(cls, num), VReg, VElem
        cls = getattr(o, "cls", "v")
        return num == k and ((cls in ("x", "w")) != fp)
    if isinstance(o, (tuple, list)) and not hasattr(o, "_fields"):
        return any(_mentions(x, fp, k) for x in o)
    base = getattr(o, "base", None)
    if base is not None or hasattr(o, "index"):
        return any(r is not None and _mentions(r, fp, k) for r in (base, o.index))
    return False


# -- call sites (DW_TAG_call_site_parameter: an argument's value as the caller knows it) -----

def call_sites(items, start):
    """The direct calls (``bl sym``) in the emitted function ``items[start:]``:
    [(index, callee name, [(DWARF register, DW_AT_call_value expression)])] for the
    argument registers x0-x7 whose value at the call the caller still knows after the
    return: the nearest instruction mentioning the register (in the call's block, no label,
    branch or call between) sets it to a constant (``movz``/``mov #imm``: DW_OP_consts), to
    a callee-saved register x19-x28 nothing mentions afterwards (``mov``: DW_OP_bregN 0) or
    to an sp-relative address (``add xN, sp, #imm``: DW_OP_breg31 imm)."""
    from toolchain.arch.aarch64.asm.operands import Insn, Sym
    out = []
    for k in range(start, len(items)):
        it = items[k]
        if type(it) is not Insn or it.mnem != "bl" or len(it.ops) != 1 or \
                type(it.ops[0]) is not Sym or it.ops[0].add:
            continue
        params = []
        for n in range(8):
            e = _call_value(items, k, n, Insn)
            if e is not None:
                params.append((n, e))
        out.append((k, it.ops[0].name, params))
    return out


def _call_value(items, k, n, Insn):
    from toolchain.cc.debug.callsites import nearest_writer
    from toolchain.cc.debug.dwarf import sleb
    found = nearest_writer(items, k, n, clobbers, lambda it: type(it) is not Insn or
                           it.mnem in _CALLS or it.mnem.startswith("b") or
                           it.mnem in ("cbz", "cbnz", "tbz", "tbnz"))
    if found is None:
        return None
    it, between = found
    ops = it.ops
    d = ops[0] if ops else None
    if getattr(d, "num", None) != n or getattr(d, "cls", None) not in ("x", "w"):
        return None
    if it.mnem in ("movz", "mov") and len(ops) == 2 and type(ops[1]) is int:
        v = ops[1] & (0xFFFFFFFF if d.cls == "w" else (1 << 64) - 1)
        return bytes((0x11,)) + sleb(v) + b"\x9f"          # DW_OP_consts; stack_value
    src = ops[1] if len(ops) == 2 else None
    if it.mnem == "mov" and d.cls == "x" and getattr(src, "cls", None) == "x" and \
            19 <= src.num <= 28 and not any(clobbers(x, src.num) for x in between):
        return bytes((0x70 + src.num,)) + sleb(0) + b"\x9f"     # DW_OP_bregN 0
    if it.mnem == "add" and d.cls == "x" and len(ops) == 3 and \
            getattr(ops[1], "cls", None) == "sp" and type(ops[2]) is int:
        return bytes((0x8F,)) + sleb(ops[2]) + b"\x9f"         # DW_OP_breg31 (sp)
    return None
