"""RISC-V 64 facts for pycc -g (toolchain.cc.debug): where frame slots are relative to the
canonical frame address (DW_AT_frame_base is DW_OP_call_frame_cfa, as gcc emits)."""
from __future__ import annotations


def slot_cfa_offset(mf, slot):
    """CFA-relative offset of a frame slot: slots are s0-relative and s0 = CFA - 16 - top,
    top being the a0-a7 save area of a variadic function (emit.Frame)."""
    top = 64 if mf.extra.get("varargs") else 0
    return slot.offset - 16 - top


def dwarf_reg(r):
    """DWARF register number (RISC-V psABI: x0-x31 are 0-31, f0-f31 32-63)."""
    return r.id + 32 if r.cls == "f" else r.id


_CALLS = ("call", "jal", "tail", "ret", "ecall", "ebreak")


def clobbers(item, n) -> bool:
    """An emitted instruction that may write DWARF register n: a call (or return), any
    instruction mentioning the register (conservative: a mention may only read), anything
    not an instruction object. Branches themselves do not (toolchain.cc.debug.lines follows
    them)."""
    op = getattr(item, "op", None)
    if type(op) is not str or op.startswith(_CALLS):
        return True
    fp = n >= 32
    k = n - 32 if fp else n
    return any(_mentions(o, fp, k) for o in item.ops)


def _mentions(o, fp, k) -> bool:
    if hasattr(o, "fp") and hasattr(o, "n"):       # isa.Reg
        return o.n == k and o.fp == fp
    if isinstance(o, tuple):                        # isa.MemOp (offset, base)
        return any(_mentions(x, fp, k) for x in o)
    return type(o) is str and not o.isdigit()       # register text: be conservative


# gcc -O0 copies a call's result (``mv a5,a0``, ``sext.w`` for int) in the call's row: the
# position that starts after a call begins one instruction late (toolchain.cc.debug.lines)
CALL_RESULT_ROW = True


# -- call sites (DW_TAG_call_site_parameter: an argument's value as the caller knows it) -----

_SAVED = frozenset((9,) + tuple(range(18, 28)))     # s1-s11 (s0 is the frame pointer)


def call_sites(items, start):
    """The direct calls (``call f``) in the emitted function ``items[start:]``:
    [(index, callee name, [(DWARF register, DW_AT_call_value expression)])] for the
    argument registers a0-a7 whose value at the call the caller still knows after the
    return: the nearest instruction mentioning the register (no label, branch or call
    between) is ``li aN, imm`` (DW_OP_consts), ``mv aN, sK`` with sK callee-saved and not
    mentioned afterwards (DW_OP_bregK 0) or ``addi aN, sp, imm`` (DW_OP_breg2 imm)."""
    from toolchain.arch.riscv64.isa import Ref
    out = []
    for k in range(start, len(items)):
        it = items[k]
        if getattr(it, "op", None) != "call" or len(it.ops) != 1 or \
                not isinstance(it.ops[0], Ref) or it.ops[0].addend:
            continue
        params = []
        for n in range(10, 18):
            e = _call_value(items, k, n)
            if e is not None:
                params.append((n, e))
        out.append((k, it.ops[0].name.split("@")[0], params))
    return out


def _call_value(items, k, n):
    from toolchain.arch.riscv64.isa import Reg
    from toolchain.cc.debug.callsites import nearest_writer
    from toolchain.cc.debug.dwarf import sleb
    found = nearest_writer(items, k, n, clobbers, lambda it: type(getattr(it, "op", None))
                           is not str or it.op.startswith(_CALLS) or it.op.startswith("b")
                           or it.op in ("j", "jr"))
    if found is None:
        return None
    it, between = found
    op = it.op
    ops = it.ops
    if not ops or type(ops[0]) is not Reg or ops[0].fp or ops[0].n != n:
        return None
    if op == "li" and len(ops) == 2 and type(ops[1]) is int:
        return bytes((0x11,)) + sleb(ops[1]) + b"\x9f"      # DW_OP_consts; stack_value
    if op == "mv" and len(ops) == 2 and type(ops[1]) is Reg and not ops[1].fp and \
            ops[1].n in _SAVED and not any(clobbers(x, ops[1].n) for x in between):
        return bytes((0x70 + ops[1].n,)) + sleb(0) + b"\x9f"   # DW_OP_bregN 0
    if op == "addi" and len(ops) == 3 and type(ops[1]) is Reg and ops[1].n == 2 and \
            not ops[1].fp and type(ops[2]) is int:
        return bytes((0x72,)) + sleb(ops[2]) + b"\x9f"         # DW_OP_breg2 (sp)
    return None
