"""A64 operand objects: what the encoder's operand parsers produce from GNU as text, and what
pycc's AArch64 back end hands the encoder directly (``Encoder.encode_ops``), so that ``pycc -c``
reads no assembly text.

    Reg(cls, num)          a register; cls x w sp wsp (general), b h s d q (FP/SIMD scalar), v.
                           ``REGS`` (encoder.py) maps every register name to one of these.
    VReg(num, arr)         a vector register with an arrangement: v3.16b -> VReg(3, "16b")
    VElem(num, es, index)  a vector element: v0.d[1] -> VElem(0, "d", 1)
    int                    a constant immediate (#12)
    Sym(name, mod, add)    a symbol reference: bl foo, adrp x0, :got:foo, #:lo12:foo+8
    Shift(kind, amount)    lsl #3, sxtw (amount None)
    Mem(base, off, mode)   [base], [base, #off], [base, #off]!, [base], #off; off an int or a
                           Sym (#:lo12:sym); Mem(base, mode="reg", index=Reg, ext=Shift|None)
                           for [base, index{, ext}]
    str                    a name operand: condition (eq), barrier option (ish), system
                           register (tpidr_el0)

``Insn(mnemonic, ops)`` is one instruction; ``str(insn)`` is its GNU as line (pycc -S), the
encoder takes ``insn.mnem, insn.ops`` (pycc -c). Operands print in GNU as syntax (``str``).
"""
from __future__ import annotations

from typing import NamedTuple


class Reg(NamedTuple):
    cls: str
    num: int

    def __str__(self):
        return REG_NAMES[self]


REG_NAMES: dict = {}
for _i in range(31):
    REG_NAMES[Reg("x", _i)] = f"x{_i}"
    REG_NAMES[Reg("w", _i)] = f"w{_i}"
REG_NAMES.update({Reg("x", 31): "xzr", Reg("w", 31): "wzr", Reg("sp", 31): "sp",
                  Reg("wsp", 31): "wsp"})
for _i in range(32):
    for _c in "bhsdqv":
        REG_NAMES[Reg(_c, _i)] = f"{_c}{_i}"


class VReg(NamedTuple):
    num: int
    arr: str

    def __str__(self):
        return f"v{self.num}.{self.arr}"


class VElem(NamedTuple):
    num: int
    es: str
    index: int

    def __str__(self):
        return f"v{self.num}.{self.es}[{self.index}]"


class Shift(NamedTuple):
    kind: str
    amount: int | None = None

    def __str__(self):
        return self.kind if self.amount is None else f"{self.kind} #{self.amount}"


# relocation operators written without '#' (address-forming instructions: adrp)
_NO_HASH = frozenset(("got", "gottprel", "tlsdesc", "tlsgd", "tlsldm", "pg_hi21"))


class Sym:
    """A symbol reference, optionally with a relocation operator (``mod``) and an addend."""
    __slots__ = ("name", "mod", "add")

    def __init__(self, name: str, mod: str | None = None, add: int = 0):
        self.name = name
        self.mod = mod
        self.add = add

    def expr(self) -> str:
        a = self.add
        return self.name + (f"+{a}" if a > 0 else f"{a}" if a < 0 else "")

    def __str__(self):
        m = self.mod
        if m is None:
            return self.expr()
        return (f":{m}:" if m in _NO_HASH else f"#:{m}:") + self.expr()


def _imm(v) -> str:
    return f"#{v}" if type(v) is int else str(v)


class Mem:
    """A memory operand. ``mode``: "off" ([base] or [base, #off]), "pre" ([base, #off]!),
    "post" ([base], #off), "reg" ([base, index{, ext}])."""
    __slots__ = ("base", "off", "mode", "index", "ext")

    def __init__(self, base: Reg, off=None, mode: str = "off", index: Reg | None = None,
                 ext: Shift | None = None):
        self.base = base
        self.off = off
        self.mode = mode
        self.index = index
        self.ext = ext

    def __str__(self):
        b = str(self.base)
        m = self.mode
        if m == "reg":
            return f"[{b}, {self.index}" + (f", {self.ext}]" if self.ext is not None else "]")
        if m == "post":
            return f"[{b}], {_imm(self.off)}"
        if self.off is None or self.off == 0 and m == "off":
            return f"[{b}]"
        return f"[{b}, {_imm(self.off)}]" + ("!" if m == "pre" else "")


def op_text(o) -> str:
    """GNU as text of one operand object."""
    return f"#{o}" if type(o) is int else str(o)


class Insn:
    """One A64 instruction: a mnemonic and its operand objects."""
    __slots__ = ("mnem", "ops")

    def __init__(self, mnem: str, ops: list):
        self.mnem = mnem
        self.ops = ops

    def operands_text(self) -> str:
        return ", ".join(f"#{o}" if type(o) is int else str(o) for o in self.ops)

    def __str__(self):
        if not self.ops:
            return "\t" + self.mnem
        return f"\t{self.mnem}\t{self.operands_text()}"


__all__ = ["Reg", "VReg", "VElem", "Shift", "Sym", "Mem", "Insn", "op_text", "REG_NAMES"]
