"""x86-64 facts for pycc -g (toolchain.cc.debug): where frame slots are relative to the
canonical frame address (DW_AT_frame_base is DW_OP_call_frame_cfa, as gcc emits)."""
from __future__ import annotations


def slot_cfa_offset(mf, slot):
    """CFA-relative offset of a frame slot: the prologue pushes %rbp below the return
    address, so %rbp = CFA - 16 and slots are %rbp-relative (emit.py)."""
    return slot.offset - 16


_DWARF_GPR = {n: i for i, n in enumerate(
    "rax rdx rcx rbx rsi rdi rbp rsp r8 r9 r10 r11 r12 r13 r14 r15".split())}


def dwarf_reg(r):
    """DWARF register number of a physical register (psABI figure 3.36): xmm0-15 are
    17-32."""
    if r.cls == "f":
        return 17 + r.id
    return _DWARF_GPR[r.name]


# -- call sites (DW_TAG_call_site_parameter: an argument's value as the caller knows it) -----

_CALLEE_SAVED = frozenset(("rbx", "rbp", "r12", "r13", "r14", "r15"))
_MOVES = frozenset(("movq", "movl"))


def call_sites(items, start):
    """The direct calls in the emitted function ``items[start:]`` (MInstr objects):
    [(index, callee name, [(DWARF register, DW_AT_call_value expression)])] for the
    integer argument registers whose value ``call_value`` knows."""
    from toolchain.cc.backend.mir import Sym
    out = []
    for k in range(start, len(items)):
        mi = items[k]
        if type(mi) is str or getattr(mi, "op", None) != "call" or \
                "c" not in mi.flags or not mi.ops or type(mi.ops[0]) is not Sym:
            continue
        params = []
        for r in mi.iuse or ():
            if getattr(r, "cls", None) == "i":
                e = call_value(items, k, r)
                if e is not None:
                    params.append((dwarf_reg(r), e))
        out.append((k, mi.ops[0].name, params))
    return out


def call_value(items, k, reg):
    """DWARF expression of the value argument register ``reg`` holds at the call
    ``items[k]``, valid in the caller's frame once the call returns (DW_AT_call_value), or
    None: the nearest instruction before the call in its block writing ``reg`` is a move of
    a constant (DW_OP_consts), of a callee-saved register nothing writes before the call
    (DW_OP_bregN 0), or a ``leaq`` of a %rsp-relative address (DW_OP_breg7 disp: %rsp is the
    same in the caller's frame after the return). Anything else, a label or a branch on the
    way: None."""
    from toolchain.cc.backend.mir import Imm, Mem, ROp
    from toolchain.cc.debug.callsites import nearest_writer
    from toolchain.cc.debug.dwarf import sleb
    found = nearest_writer(items, k, reg, _writes, lambda mi: not hasattr(mi, "defs") or
                           "b" in mi.flags or "c" in mi.flags)
    if found is None:
        return None
    mi, between = found
    written = {r.name for x in between for r in x.defs() if r.phys}
    ops = mi.ops
    if len(ops) != 2 or type(ops[1]) is not ROp or ops[1].reg.name != reg.name:
        return None
    src = ops[0]
    if mi.op in _MOVES and type(src) is Imm and type(src.value) is int:
        v = src.value if mi.op == "movq" else src.value & 0xFFFFFFFF
        return bytes((0x11,)) + sleb(v) + b"\x9f"          # DW_OP_consts; stack_value
    if mi.op == "movq" and type(src) is ROp and src.reg.phys and \
            src.reg.name in _CALLEE_SAVED and src.reg.name not in written:
        return bytes((0x70 + _DWARF_GPR[src.reg.name],)) + sleb(0) + b"\x9f"
    if mi.op == "leaq" and type(src) is Mem and src.base is not None and \
            src.base.phys and src.base.name == "rsp" and src.index is None and \
            src.sym is None and src.slot is None and type(src.disp) is int:
        return bytes((0x77,)) + sleb(src.disp) + b"\x9f"   # DW_OP_breg7 (rsp)
    return None


def _writes(mi, reg) -> bool:
    return any(r.phys and r.name == reg.name for r in mi.defs())
