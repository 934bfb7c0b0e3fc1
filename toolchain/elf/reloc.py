"""The shape of a target's relocation table.

Each target defines ``RELOCS`` (a :class:`RelocTable`) in ``arch/<target>/relocs.py``. The same
table is used by the assembler (to pick and emit relocations, and to resolve fixups it can
resolve itself) and by the linker (to compute and apply relocations), so a relocation's
encoding into instruction bits lives in exactly one place: :attr:`RelocType.apply`.

``apply(buf, offset, value)`` patches ``value`` (already computed: S+A, S+A-P, ...) into the
field at ``buf[offset:]`` and returns None on success or an error string (overflow, alignment)
for the caller to report with its own location.

``calc`` names the linker's computation, e.g. "abs" (S+A), "pcrel" (S+A-P), "plt" (L+A-P),
"gotpcrel" (G+GOT+A-P), "page_pcrel" (Page(S+A)-Page(P)), "tprel", "dtprel", "gottprel",
"tlsgd", "tlsld", "tlsdesc", "size" (Z+A), "none", or a target-specific name; the linker
dispatches on it.
"""
from __future__ import annotations


class RelocType:
    __slots__ = ("num", "name", "size", "pcrel", "calc", "apply", "dynamic", "extra")

    def __init__(self, num: int, name: str, size: int, calc: str, apply=None, pcrel: bool = False,
                 dynamic: bool = False, extra=None):
        self.num = num
        self.name = name
        self.size = size          # bytes of the field the relocation touches (0 for none/markers)
        self.calc = calc
        self.apply = apply
        self.pcrel = pcrel
        self.dynamic = dynamic    # a dynamic relocation (COPY, GLOB_DAT, JUMP_SLOT, RELATIVE...)
        self.extra = extra        # target-specific data

    def __repr__(self) -> str:
        return f"<RelocType {self.name} ({self.num})>"


class RelocTable:
    __slots__ = ("machine", "by_num", "by_name")

    def __init__(self, machine: int, types):
        self.machine = machine
        self.by_num = {}
        self.by_name = {}
        for t in types:
            self.by_num[t.num] = t
            self.by_name[t.name] = t

    def __getitem__(self, key):
        if isinstance(key, int):
            return self.by_num[key]
        return self.by_name[key]

    def name(self, num: int) -> str:
        t = self.by_num.get(num)
        return t.name if t else f"<unknown relocation {num}>"

    def __iter__(self):
        return iter(self.by_num.values())


# -- field patchers shared by targets (little-endian) -----------------------------------------

def _fits_signed(v: int, bits: int) -> bool:
    return -(1 << (bits - 1)) <= v < (1 << (bits - 1))


def _fits_unsigned(v: int, bits: int) -> bool:
    return 0 <= v < (1 << bits)


def _fits_either(v: int, bits: int) -> bool:
    return -(1 << (bits - 1)) <= v < (1 << bits)


def word(size: int, check: str = "none"):
    """A patcher writing ``size`` bytes little-endian. ``check`` is "signed", "unsigned",
    "either" (signed or unsigned fits) or "none" (truncate)."""
    bits = size * 8
    mask = (1 << bits) - 1
    fits = {"signed": _fits_signed, "unsigned": _fits_unsigned, "either": _fits_either}.get(check)

    def apply(buf, off, value, _size=size, _mask=mask, _bits=bits, _fits=fits):
        if _fits is not None and not _fits(value, _bits):
            return f"relocation truncated to fit ({value:#x} in {_bits} bits)"
        buf[off:off + _size] = (value & _mask).to_bytes(_size, "little")
        return None
    return apply
