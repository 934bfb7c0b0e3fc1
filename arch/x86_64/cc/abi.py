"""System V AMD64 psABI parameter classification (section 3.2.3).

Each value is split into eightbytes classed INTEGER, SSE or MEMORY. Aggregates larger than
two eightbytes, with unaligned fields, or containing long double (X87) go to MEMORY. Arguments
take rdi, rsi, rdx, rcx, r8, r9 and xmm0-xmm7 in order; an aggregate whose eightbytes do not
all fit in the remaining registers goes entirely on the stack. Results use rax/rdx and
xmm0/xmm1 (long double and struct { long double } in %st0, _Complex long double in %st0/%st1);
MEMORY results are written through a hidden pointer passed in rdi (and returned in
rax).
"""
from __future__ import annotations

from toolchain.cc.ir import types as T

INT_ARG_REGS = ["rdi", "rsi", "rdx", "rcx", "r8", "r9"]
SSE_ARG_REGS = [f"xmm{i}" for i in range(8)]
INTEGER, SSE, MEMORY = "INTEGER", "SSE", "MEMORY"
SSEUP = "SSEUP"   # the upper half of a 16-byte vector, in the same xmm register as the SSE half


def is_vec16(t: T.Type) -> bool:
    """A 16-byte GNU vector (the lowering names its aggregate type `vector<16,A>`)."""
    return t.is_struct and t.size == 16 and t.name.startswith("vector<")


def classify(t: T.Type) -> list[str]:
    """Classes of the eightbytes of type t ([MEMORY] for memory)."""
    if t.is_intlike:
        return [INTEGER] * max(1, t.size // 8)
    if t.is_float:
        return [MEMORY] if t is T.F80 else [SSE]
    if not t.is_struct:
        raise ValueError(f"cannot classify {t}")
    if t.size > 16 or t.size == 0:
        return [MEMORY]
    if is_vec16(t):
        return [SSE, SSEUP]
    n = (t.size + 7) // 8
    classes = [None] * n

    def merge(k, c):
        # psABI 3.2.3 merge rules, in order: equal, NO_CLASS, MEMORY, INTEGER, X87*, SSE
        a = classes[k]
        if a is None or a == c:
            classes[k] = c
        elif MEMORY in (a, c):
            classes[k] = MEMORY
        elif INTEGER in (a, c):
            classes[k] = INTEGER
        elif a in ("X87", "X87UP") or c in ("X87", "X87UP"):
            classes[k] = MEMORY
        else:
            classes[k] = SSE

    for off, ft in t.fields:
        if off % ft.align:
            return [MEMORY]
        if ft is T.F80:
            merge(off // 8, "X87")
            if off // 8 + 1 < n:
                merge(off // 8 + 1, "X87UP")
            continue
        c = SSE if ft.is_float else INTEGER
        for k in range(off // 8, (off + ft.size - 1) // 8 + 1):
            if k < n:
                merge(k, c)
    # X87 (a long double member) is passed in memory; the all-long-double results that go in
    # %st0/%st1 are recognised by ret_classes. `union { long double d; __int128 i; }` merges
    # to INTEGER, INTEGER (registers); `union { long double d; long l; }` leaves an X87UP
    # after an INTEGER: MEMORY.
    if MEMORY in classes or "X87" in classes or "X87UP" in classes:
        return [MEMORY]
    return [c or SSE for c in classes]


class ArgLoc:
    """Where one argument goes: ``regs`` is a list of (class, register name, eightbyte index)
    or empty when the argument is passed on the stack at ``stack_off``."""
    __slots__ = ("regs", "stack_off", "size", "classes")

    def __init__(self):
        self.regs = []
        self.stack_off = None
        self.size = 0
        self.classes = []


def assign_args(types: list, first_int: int = 0):
    """Locations for argument types (scalars, or struct Types for byval aggregates).
    Returns (locs, stack_bytes, n_int_regs_used, n_sse_regs_used)."""
    ni, ns = first_int, 0
    stack = 0
    locs = []
    for t in types:
        loc = ArgLoc()
        loc.size = t.size
        cl = classify(t)
        loc.classes = cl
        need_i = cl.count(INTEGER)
        need_s = cl.count(SSE)
        if t.size == 0:
            # an empty struct (GNU C) takes no register and no stack space, whatever its
            # alignment (gcc; gcc.dg/compat pr83487)
            loc.stack_off = stack
        elif MEMORY not in cl and ni + need_i <= 6 and ns + need_s <= 8:
            for k, c in enumerate(cl):
                if c == SSEUP:
                    continue
                if c == INTEGER:
                    loc.regs.append((c, INT_ARG_REGS[ni], k))
                    ni += 1
                else:
                    loc.regs.append((c, SSE_ARG_REGS[ns], k))
                    ns += 1
        else:
            align = max(8, t.align)
            stack = (stack + align - 1) // align * align
            loc.stack_off = stack
            stack += (t.size + 7) // 8 * 8
        locs.append(loc)
    return locs, stack, ni, ns


def ret_classes(t: T.Type):
    """[(class, register name, eightbyte index)] for a result, or None for MEMORY (sret)."""
    if t.is_void or t.is_struct and t.size == 0:
        # an empty struct (GNU C) is returned in no register and with no hidden pointer (gcc)
        return []
    if t.is_struct and t.fields and all(ft is T.F80 for _, ft in t.fields):
        # X87 / COMPLEX_X87: struct { long double } in %st0, _Complex long double in st0/st1
        if t.size == 16 and [o for o, _ in t.fields] == [0]:
            return [("X87", "st0", 0)]
        if t.size == 32 and [o for o, _ in t.fields] == [0, 16]:
            return [("X87", "st0", 0), ("X87", "st1", 1)]
    cl = classify(t)
    if MEMORY in cl:
        return None
    out = []
    ni = ns = 0
    for k, c in enumerate(cl):
        if c == SSEUP:
            continue
        if c == INTEGER:
            out.append((c, ["rax", "rdx"][ni], k))
            ni += 1
        else:
            out.append((c, ["xmm0", "xmm1"][ns], k))
            ns += 1
    return out
