"""AAPCS64 parameter passing as GNU/Linux uses it (variadic arguments like named ones).

Each argument is classified as integer (x registers), FP/SIMD (v registers: f32, f64, f128,
homogeneous floating-point/vector aggregates of 1-4 members) or memory. Composites over 16
bytes that are not HFA/HVA are copied by the caller and passed by reference; 16-byte aligned
values (``__int128``, such composites) start at an even x register; what does not fit goes
to the stack in 8-byte units (16-byte aligned where the type is), and once an argument of a
class went to the stack, no later one of that class takes a register (NGRN/NSRN = 8).
"""
from __future__ import annotations

from toolchain.cc.ir import types as T

INT, FP, REF = "INT", "FP", "REF"


def hfa(t: T.Type):
    """(member type, count) when t is a homogeneous floating-point or short-vector
    aggregate of 1-4 members, else None. A 16-byte GNU vector is one q-register member."""
    if not t.is_struct or t.size == 0 or t.zero_array:
        return None     # (an array of no length disqualifies, as in GCC's aapcs_vfp_sub_candidate)
    if t.vector:
        # a GNU vector is a short vector (one v register) only at 8 or 16 bytes; other
        # sizes are plain composites (by reference over 16 bytes), never HFA members
        if t.size == 16:
            return ("v16", 1)
        if t.size != 8:
            return None
    fields = sorted(set(t.fields), key=lambda f: f[0])
    if not fields:
        return None
    ft = fields[0][1]
    if ft is T.V128:
        # 16-byte vector members (IR `v128` leaves): a homogeneous short-vector aggregate
        n = t.size // 16
        if t.size % 16 or not 1 <= n <= 4 or \
                fields != [(16 * k, ft) for k in range(n)]:
            return None
        return ("v16", n)
    if not ft.is_float:
        return None
    n = t.size // ft.size
    if n < 1 or n > 4 or t.size % ft.size:
        return None
    offs = set()
    for off, f in fields:
        if f is not ft or off % ft.size:
            return None
        offs.add(off)
    if offs != {k * ft.size for k in range(n)}:
        return None
    return (ft, n)


def member_size(m) -> int:
    return 16 if m == "v16" else m.size


class ArgLoc:
    """``kind`` INT/FP/REF; ``regs`` register numbers (x or v) or empty for the stack at
    ``stack_off``; ``hfa`` (member type, count) for FP aggregates."""
    __slots__ = ("kind", "regs", "stack_off", "size", "hfa")

    def __init__(self, kind, size):
        self.kind = kind
        self.regs = []
        self.stack_off = None
        self.size = size
        self.hfa = None


def assign_args(types: list):
    """Locations for argument types (scalars or struct Types for byval aggregates).
    Returns (locs, stack_bytes, ngrn, nsrn)."""
    ngrn = nsrn = 0
    nsaa = 0
    locs = []
    for t in types:
        if t.is_struct:
            h = hfa(t)
            if t.size == 0:
                loc = ArgLoc(INT, 0)
                loc.stack_off = nsaa
                locs.append(loc)
                continue
            if h is not None:
                loc = ArgLoc(FP, t.size)
                loc.hfa = h
                if nsrn + h[1] <= 8:
                    loc.regs = list(range(nsrn, nsrn + h[1]))
                    nsrn += h[1]
                else:
                    nsrn = 8
                    al = 16 if t.align >= 16 else 8
                    nsaa = (nsaa + al - 1) // al * al
                    loc.stack_off = nsaa
                    nsaa += (t.size + 7) // 8 * 8
                locs.append(loc)
                continue
            if t.size > 16:
                loc = ArgLoc(REF, 8)
                if ngrn < 8:
                    loc.regs = [ngrn]
                    ngrn += 1
                else:
                    loc.stack_off = nsaa
                    nsaa += 8
                locs.append(loc)
                continue
            loc = ArgLoc(INT, t.size)
            n = (t.size + 7) // 8
            if t.align >= 16:
                ngrn = (ngrn + 1) // 2 * 2
            if ngrn + n <= 8:
                loc.regs = list(range(ngrn, ngrn + n))
                ngrn += n
            else:
                ngrn = 8
                al = 16 if t.align >= 16 else 8
                nsaa = (nsaa + al - 1) // al * al
                loc.stack_off = nsaa
                nsaa += n * 8
            locs.append(loc)
            continue
        if t.is_float:
            loc = ArgLoc(FP, t.size)
            if nsrn < 8:
                loc.regs = [nsrn]
                nsrn += 1
            else:
                al = 16 if t.size == 16 else 8
                nsaa = (nsaa + al - 1) // al * al
                loc.stack_off = nsaa
                nsaa += max(8, t.size)
            locs.append(loc)
            continue
        loc = ArgLoc(INT, t.size)
        if t.size == 16:            # __int128: an even-numbered register pair
            ngrn = (ngrn + 1) // 2 * 2
            if ngrn + 2 <= 8:
                loc.regs = [ngrn, ngrn + 1]
                ngrn += 2
            else:
                ngrn = 8
                nsaa = (nsaa + 15) // 16 * 16
                loc.stack_off = nsaa
                nsaa += 16
        elif ngrn < 8:
            loc.regs = [ngrn]
            ngrn += 1
        else:
            loc.stack_off = nsaa
            nsaa += 8
        locs.append(loc)
    return locs, nsaa, ngrn, nsrn


def ret_loc(t: T.Type):
    """How a result comes back: None (void or empty), ("x", n) in x0..x(n-1), ("v", hfa) in
    v0..v3, ("mem",) through the address passed in x8."""
    if t.is_void or (t.is_struct and t.size == 0):
        return None
    if t.is_struct:
        h = hfa(t)
        if h is not None:
            return ("v", h)
        if t.size > 16:
            return ("mem",)
        return ("x", (t.size + 7) // 8)
    if t.is_float:
        return ("v", (t, 1))
    return ("x", 2 if t.size == 16 else 1)
