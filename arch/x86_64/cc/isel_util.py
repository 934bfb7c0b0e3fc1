"""x86-64 instruction selection: the tables and helpers every selection module shares
(condition codes, operand roles, which operands may be memory, sizes, constants)."""
from __future__ import annotations

from toolchain.cc.backend.mir import MInstr
from toolchain.cc.ir import types as T
from toolchain.diag import ToolError

SFX = {1: "b", 2: "w", 4: "l", 8: "q"}
CC = {"eq": "e", "ne": "ne", "slt": "l", "sle": "le", "sgt": "g", "sge": "ge",
      "ult": "b", "ule": "be", "ugt": "a", "uge": "ae"}
SWAP = {"eq": "eq", "ne": "ne", "slt": "sgt", "sle": "sge", "sgt": "slt", "sge": "sle",
        "ult": "ugt", "ule": "uge", "ugt": "ult", "uge": "ule"}
NEG_CC = {"e": "ne", "ne": "e", "l": "ge", "ge": "l", "le": "g", "g": "le", "b": "ae",
          "ae": "b", "be": "a", "a": "be", "p": "np", "np": "p"}
# fcmp: (swap operands?, condition) after ucomis; None = needs two flags
FCC = {"ogt": (False, "a"), "oge": (False, "ae"), "olt": (True, "a"), "ole": (True, "ae"),
       "one": (False, "ne"), "ueq": (False, "e"), "ult": (False, "b"), "ule": (False, "be"),
       "ugt": (True, "b"), "uge": (True, "be"), "ord": (False, "np"), "uno": (False, "p"),
       "oeq": None, "une": None}

_X87_STORE = {4: "fstps", 8: "fstpl", 16: "fstpt"}
SSE_ARITH = {"addss", "addsd", "subss", "subsd", "mulss", "mulsd", "divss", "divsd", "sqrtss",
             "sqrtsd", "minss", "minsd", "maxss", "maxsd"}
ALU2 = {p + s for p in ("add", "sub", "and", "or", "xor", "adc", "sbb", "cmp", "test")
        for s in "bwlq"}
MEM_EITHER = {"movb", "movw", "movl", "movq", "movss", "movsd", "movd"} | ALU2
MEM_SRC = {"movzbl", "movzwl", "movsbl", "movsbq", "movswl", "movswq", "movslq", "ucomiss",
           "ucomisd", "cvtss2sd", "cvtsd2ss", "cvtsi2ssl", "cvtsi2ssq", "cvtsi2sdl", "cvtsi2sdq",
           "cvttss2sil", "cvttss2siq", "cvttsd2sil", "cvttsd2siq"} | SSE_ARITH


_ROLES = {}


def roles_for(op: str, n: int) -> tuple:
    """The roles of the ``n`` operands of ``op`` (remembered: selection asks for each
    instruction it makes)."""
    r = _ROLES.get((op, n))
    if r is None:
        r = _ROLES[(op, n)] = _roles_for(op, n)
    return r


def _roles_for(op: str, n: int) -> tuple:
    if n == 0:
        return ()
    if op.startswith(("lock xadd", "xchg")):
        return ("ud", "u")
    if op.startswith("lock"):
        return ("u", "u")
    if op.startswith(("sqrt", "bsr", "bsf")):
        return ("u", "d")
    if op in SSE_ARITH or op in ("xorps", "andps", "orps", "pxor"):
        return ("u", "ud")
    if op.startswith(("mov", "lea", "cvt")):
        return ("u", "d")
    if op.startswith("set"):
        return ("d",)
    if op.startswith(("cmp", "test", "ucomis", "comis")) and not op.startswith("cmov"):
        return ("u", "u")
    if op in ("negl", "negq", "notl", "notq", "bswapl", "bswapq"):
        return ("ud",)
    if op.startswith("imul") and n == 3:
        return ("u", "u", "d")
    if op.startswith(("shld", "shrd")):
        return ("u", "u", "ud")
    if n == 1:
        return ("u",)
    return ("u", "ud")


def mem_ok(mi: MInstr, k: int) -> bool:
    op = mi.op
    if op.startswith(("lock", "xchg")):
        return False
    if op.startswith(("bsr", "bsf")):
        return k == 0
    if op.startswith(("shld", "shrd")):
        return k == 2
    if "k" in mi.flags and k == len(mi.ops) - 1:
        return False        # a 32-bit write whose zero-extension to 64 bits matters
    if op in MEM_EITHER:
        return True
    if op in MEM_SRC or op.startswith("cmov"):
        return k == 0
    if op.startswith("imul"):
        return k == (1 if len(mi.ops) == 3 else 0)
    if op.startswith(("shl", "shr", "sar")):
        return k == 1
    if op in ("negl", "negq", "notl", "notq", "idivl", "idivq", "divl", "divq", "call", "jmp") \
            or op.startswith("set"):
        return True
    return False


def isz(t: T.Type) -> int:
    if t is T.I1:
        return 1
    return t.size


def osz(t: T.Type) -> int:
    """Operation size for an integer type: 4 or 8."""
    return 8 if t.size >= 8 else 4


def att_dialect(tmpl: str) -> str:
    """An inline asm template with GNU dialect alternatives ``{att|intel}`` reduced to the AT&T
    ones (``%{``, ``%|``, ``%}`` stay: they are escapes for the operand substitution)."""
    out = []
    i, n = 0, len(tmpl)
    while i < n:
        c = tmpl[i]
        if c == "%" and i + 1 < n:
            out.append(tmpl[i:i + 2])
            i += 2
        elif c == "{":
            j = i + 1
            alt, depth, keep = [], 0, True
            while j < n and not (tmpl[j] == "}" and depth == 0):
                if tmpl[j] == "%" and j + 1 < n:
                    if keep:
                        alt.append(tmpl[j:j + 2])
                    j += 2
                    continue
                if tmpl[j] == "|" and depth == 0:
                    keep = False
                elif keep:
                    alt.append(tmpl[j])
                j += 1
            out.append("".join(alt))
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def fits32(v: int) -> bool:
    return -(1 << 31) <= v < (1 << 31)


def fsfx(t: T.Type) -> str:
    return "ss" if t is T.F32 else "sd"


def f80_bytes(x: float) -> bytes:
    """The x87 extended-precision encoding of x, padded to 16 bytes."""
    import math
    from toolchain.cc.ir.floats import XFloat
    if type(x) is XFloat and x.fmt == "x87":        # exact (a signalling NaN's bits)
        return x.bits.to_bytes(10, "little") + bytes(6)
    sign = 1 if math.copysign(1.0, x) < 0 else 0
    if math.isnan(x):
        mant, exp = 0xC000000000000000, 0x7FFF
    elif math.isinf(x):
        mant, exp = 1 << 63, 0x7FFF
    elif x == 0:
        mant, exp = 0, 0
    else:
        m, e = math.frexp(abs(x))
        mant, exp = int(m * 2.0 ** 64), e - 1 + 16383
    return mant.to_bytes(8, "little") + ((sign << 15) | exp).to_bytes(2, "little") + bytes(6)


_MEM_WRITERS = frozenset("store call memcpy memset atomicrmw cmpxchg asm va_start va_arg va_copy "
                         "va_end fence".split())


class Unsupported(ToolError):
    pass


class _RegValue:
    """A pseudo IR value standing for a temporary register (phi copies, helper calls)."""
    __slots__ = ("type", "reg")
    users = None

    def __init__(self, reg, type):
        self.reg = reg
        self.type = type
