"""The RISC-V LP64D calling convention (psABI "Hardware floating-point calling convention").

``assign_args(types, nfixed, first_gpr)`` places each argument; ``ret_loc(type)`` places a
return value. A location is a ``Loc``: ``ref`` (aggregates over 16 bytes: a pointer to a copy
is passed instead), ``ignored`` (empty aggregates) and ``parts``, each a ``Part`` saying which
bytes of the value (``off``, ``size``) travel in which register (``reg``, class "i"/"f" with
``ftype`` f32/f64 for floating registers) or at which offset of the outgoing argument area
(``stack``).

Rules: integers and pointers up to 8 bytes take one GPR; 16-byte scalars (``__int128``,
binary128 ``long double``) take two GPRs (an even/odd aligned pair when variadic), split
between a7 and the stack when only one is left; floats up to 8 bytes take an FPR when one is
left and the argument is not variadic, else go by the integer rules. Aggregates of at most
16 bytes whose flattened leaves are one float, two floats, or a float and an integer take
FPRs/GPRs accordingly when enough are left (never when variadic); otherwise they go by the
integer rules in 8-byte pieces. Stack slots are 8 bytes, 16-byte aligned for 16-byte aligned
values.
"""
from __future__ import annotations

from toolchain.cc.ir import types as T

from .regs import A, FA


class Part:
    __slots__ = ("off", "size", "cls", "reg", "stack", "ftype")

    def __init__(self, off, size, cls, reg=None, stack=None, ftype=None):
        self.off = off
        self.size = size
        self.cls = cls
        self.reg = reg
        self.stack = stack
        self.ftype = ftype

    def __repr__(self):
        where = self.reg.name if self.reg is not None else f"stack+{self.stack}"
        return f"Part({self.off},{self.size},{self.cls},{where})"


class Loc:
    __slots__ = ("parts", "ref", "ignored")

    def __init__(self, parts=(), ref=False, ignored=False):
        self.parts = list(parts)
        self.ref = ref
        self.ignored = ignored

    def __repr__(self):
        return f"Loc({self.parts}{', ref' if self.ref else ''})"


def is_vector(t) -> bool:
    return t.is_struct and t.name.startswith("vector<")


def flatten(t):
    """The floating-point calling convention's view of an aggregate: [(off, Type)] of one or
    two leaves (one float, two floats, or float + integer), or None (integer convention)."""
    if not t.is_struct or is_vector(t) or getattr(t, "union", False):
        return None                     # a union anywhere: the integer convention (as gcc)
    leaves = list(t.fields)
    if not leaves or len(leaves) > 2:
        return None
    end = -1
    for o, ft in leaves:
        if o < end:
            return None                 # overlapping leaves: a union
        end = o + ft.size
    fl = [ft for _, ft in leaves if ft.is_float]
    if not fl or any(ft.size > 8 for ft in fl):
        return None
    if len(leaves) == 2 and len(fl) == 1:
        it = [ft for _, ft in leaves if not ft.is_float][0]
        if it.size > 8 or it is T.I1 or it.is_ptr:
            return None                 # gcc pairs a float only with an integral type
    return leaves


class _State:
    def __init__(self, first_gpr=0):
        self.gpr = first_gpr
        self.fpr = 0
        self.stack = 0

    def take_stack(self, size, align):
        align = min(max(align, 8), 16)
        self.stack = (self.stack + align - 1) // align * align
        off = self.stack
        self.stack += (size + 7) // 8 * 8
        return off


def _int_conv(st: _State, size, align, variadic, parts_off=0):
    """Integer calling convention for ``size`` bytes (at most 16)."""
    parts = []
    if size <= 8:
        if st.gpr < 8:
            parts.append(Part(0, size, "i", reg=A[st.gpr]))
            st.gpr += 1
        else:
            parts.append(Part(0, size, "i", stack=st.take_stack(size, align)))
        return parts
    if variadic and align == 16 and st.gpr % 2:
        st.gpr += 1
    if st.gpr <= 6:
        parts.append(Part(0, 8, "i", reg=A[st.gpr]))
        parts.append(Part(8, size - 8, "i", reg=A[st.gpr + 1]))
        st.gpr += 2
    elif st.gpr == 7:
        parts.append(Part(0, 8, "i", reg=A[7]))
        parts.append(Part(8, size - 8, "i", stack=st.take_stack(size - 8, 8)))
        st.gpr = 8
    else:
        off = st.take_stack(size, align)
        parts.append(Part(0, 8, "i", stack=off))
        parts.append(Part(8, size - 8, "i", stack=off + 8))
    return parts


def _place(st: _State, t, variadic, nf=8) -> Loc:
    if t.is_struct:
        if t.size == 0:
            return Loc(ignored=True)
        fl = None if variadic else flatten(t)
        if fl is not None:
            nfp = sum(1 for _, ft in fl if ft.is_float)
            nint = len(fl) - nfp
            if st.fpr + nfp <= nf and st.gpr + nint <= 8:
                parts = []
                for o, ft in fl:
                    if ft.is_float:
                        parts.append(Part(o, ft.size, "f", reg=FA[st.fpr], ftype=ft))
                        st.fpr += 1
                    else:
                        parts.append(Part(o, ft.size, "i", reg=A[st.gpr]))
                        st.gpr += 1
                return Loc(parts)
        if t.size > 16:
            return Loc(_int_conv(st, 8, 8, variadic), ref=True)
        return Loc(_int_conv(st, t.size, t.align, variadic))
    if t.is_float and t.size <= 8 and not variadic and st.fpr < nf:
        p = Part(0, t.size, "f", reg=FA[st.fpr], ftype=t)
        st.fpr += 1
        return Loc([p])
    return Loc(_int_conv(st, t.size, t.align, variadic))


def assign_args(types, nfixed=None, first_gpr=0):
    """Locations of arguments of ``types``; ``nfixed`` = number of named arguments of a
    variadic call (None: not variadic). Returns (locs, stack bytes used)."""
    st = _State(first_gpr)
    locs = []
    for i, t in enumerate(types):
        locs.append(_place(st, t, nfixed is not None and i >= nfixed))
    return locs, st.stack, st


def ret_loc(t):
    """Location of a return value of type ``t`` (registers a0/a1, fa0/fa1), or None when it
    is returned in memory (the caller passes the address in a0)."""
    if t.is_void:
        return Loc()
    st = _State()
    loc = _place(st, t, False, nf=2)
    if loc.ref or any(p.reg is None for p in loc.parts) or st.gpr > 2:
        return None
    return loc
