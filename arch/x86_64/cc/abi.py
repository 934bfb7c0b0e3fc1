"""System V AMD64 psABI parameter classification (section 3.2.3).

Each value is split into eightbytes classed INTEGER, SSE or MEMORY. Aggregates larger than
two eightbytes, with unaligned fields, or containing long double (X87) go to MEMORY. Arguments
take rdi, rsi, rdx, rcx, r8, r9 and xmm0-xmm7 in order; an aggregate whose eightbytes do not
all fit in the remaining registers goes entirely on the stack. Results use rax/rdx and
xmm0/xmm1 (long double and struct { long double } in %st0, _Complex long double in %st0/%st1);
MEMORY results are written through a hidden pointer passed in rdi (and returned in
rax).

Vectors: a 16-byte GNU vector, and a 16-byte vector member of an aggregate (an IR ``v128``
leaf), is SSE + SSEUP: one %xmm register. 32-byte ones (``__m256``, ``v256``) are SSE + 3
SSEUP in one %ymm when AVX is enabled (``vec_max`` >= 32), else MEMORY, and 64-byte ones
likewise in %zmm under AVX-512F (``vec_max`` 64). An aggregate over 16 bytes stays in
registers only when it is one such vector: its first class SSE and all others SSEUP. An SSEUP
that does not follow SSE or SSEUP becomes SSE (the post-merger cleanup).
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


def module_vec_max(m) -> int:
    """The widest vector a module passes in a register: 32 (%ymm) when the command line
    enables AVX (``__AVX__``), else 16. (AVX-512's %zmm arguments are not implemented: a
    64-byte vector goes in memory.)"""
    return 32 if "__AVX__" in getattr(m, "cmdline_macros", ()) else 16


def vec_max(ctx) -> int:
    """The module context's widest register vector (set by ``module_ctx``; 16 otherwise)."""
    return getattr(ctx, "vec_max", 16)


def sse_width(classes: list, k: int) -> int:
    """Bytes that eightbyte k (class SSE) carries in its register: 8, or 16/32/64 when SSEUP
    eightbytes follow it (one %xmm, %ymm or %zmm)."""
    n = 1
    while k + n < len(classes) and classes[k + n] == SSEUP:
        n += 1
    return 8 * n


def classify(t: T.Type, vec_max: int = 16) -> list[str]:
    """Classes of the eightbytes of type t ([MEMORY] for memory). ``vec_max``: the widest
    vector passed in a register (16; 32 with AVX; 64 with AVX-512F)."""
    if t.is_intlike:
        return [INTEGER] * max(1, t.size // 8)
    if t.is_float:
        return [MEMORY] if t is T.F80 else [SSE]
    if not t.is_struct:
        raise ValueError(f"cannot classify {t}")
    if t.size == 0:
        return [MEMORY]
    if t.vector and t.size in (16, 32, 64):
        return [SSE] + [SSEUP] * (t.size // 8 - 1) if t.size <= vec_max else [MEMORY]
    if t.size > 16 and (t.size > vec_max or not any(ft.is_vec_leaf for _, ft in t.fields)):
        return [MEMORY]
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
        if ft.is_vec_leaf:
            if ft.size > vec_max:
                return [MEMORY]
            merge(off // 8, SSE)
            for k in range(off // 8 + 1, (off + ft.size) // 8):
                if k < n:
                    merge(k, SSEUP)
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
    out = [c or SSE for c in classes]
    for k, c in enumerate(out):
        if c == SSEUP and (k == 0 or out[k - 1] not in (SSE, SSEUP)):
            out[k] = SSE
    if t.size > 16 and (out[0] != SSE or any(c != SSEUP for c in out[1:])):
        return [MEMORY]
    return out


class ArgLoc:
    """Where one argument goes: ``regs`` is a list of (class, register name, eightbyte index)
    or empty when the argument is passed on the stack at ``stack_off``."""
    __slots__ = ("regs", "stack_off", "size", "classes")

    def __init__(self):
        self.regs = []
        self.stack_off = None
        self.size = 0
        self.classes = []


def assign_args(types: list, first_int: int = 0, vec_max: int = 16):
    """Locations for argument types (scalars, or struct Types for byval aggregates).
    Returns (locs, stack_bytes, n_int_regs_used, n_sse_regs_used)."""
    ni, ns = first_int, 0
    stack = 0
    locs = []
    for t in types:
        loc = ArgLoc()
        loc.size = t.size
        cl = classify(t, vec_max)
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


def ret_classes(t: T.Type, vec_max: int = 16):
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
    cl = classify(t, vec_max)
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
