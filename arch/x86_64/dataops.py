"""x86-64 relocation operators in data values (``.long sym@GOTPCREL``), read as GNU as 2.40
reads them.

GNU as finds the first ``@`` of a 4- or 8-byte data operand, takes the longest operator name
that starts the word after it, and puts a space in the operator's place: the operator then
applies to the whole expression (``4+ext+4@PLT+1`` is ``ext@PLT`` with addend 9, ``(ext+4)@PLT``
works too) and what follows a shorter match is left as junk (``ext@PLTX``). In 1- and 2-byte
fields ``@`` is not an operator at all. Each operator has its relocation's field sizes; another
size is "N-byte relocation cannot be applied to M-byte field". ``sym@OP - label`` (a label of
the same section) adds ``P - label`` to the addend, and the 4-byte GOTPCREL/GOT/TLS operators
take the field's size off it too; ``@PLT`` allows only ``sym + constant``.
"""
from __future__ import annotations

import re

from toolchain.asm.assembler import AsmError

# operator -> the field sizes its relocations have (the first is the one named in errors)
OP_SIZES = {"PLT": (4,), "GOTPCREL": (4, 8), "GOT": (4, 8), "GOTOFF": (8,), "GOTPLT": (8,),
            "PLTOFF": (8,), "GOTTPOFF": (4,), "TPOFF": (4, 8), "DTPOFF": (4, 8),
            "TLSGD": (4,), "TLSLD": (4,), "TLSDESC": (4,), "TLSCALL": (0,), "SIZE": (4, 8)}
# the operators whose 4-byte relocation ``sym@OP - label`` also loses the field's size
_PCREL_OPS = ("GOTPCREL", "GOT", "GOTTPOFF", "TLSGD", "TLSLD", "TLSDESC")
# i386 operators GNU as knows and refuses for 64-bit output
_I386_ONLY = ("GOTNTPOFF", "INDNTPOFF", "NTPOFF")
_NAMES = sorted(list(OP_SIZES) + list(_I386_ONLY), key=len, reverse=True)
_WORD = re.compile(r"[A-Za-z0-9_]*")


def _junk(ch: str) -> AsmError:
    return AsmError(f"junk at end of line, first unrecognized character is `{ch}'")


def data_operand(asm, size: int, text: str):
    """The expression tree of data operand ``text`` (it contains ``@``) for a ``size``-byte
    field, or None to read it as a plain expression (a quoted symbol name)."""
    if '"' in text:
        return None
    at = text.index("@")
    if not text[:at].strip():
        return None         # no expression before it: GNU as's "bad expression"
    if size not in (4, 8):
        raise _junk("@")
    word = _WORD.match(text, at + 1).group(0)
    up = word.upper()
    op = next((n for n in _NAMES if up.startswith(n)), None)
    if op is None:
        raise _junk("@")
    if op in _I386_ONLY:
        asm.error(f"@{word[:len(op)]} reloc is not supported with 64-bit output format")
        raise _junk("@")
    asm.target._got_check(op)     # GNU as makes _GLOBAL_OFFSET_TABLE_ on seeing the operator
    rest = text[:at] + " " + text[at + 1 + len(op):]
    tree = asm.expr(rest.strip())
    v = asm.eval_expr(tree)
    if v.mod is not None:
        raise _junk("@")
    if v.add is None or v.add is v.sub:
        raise AsmError(f"missing or invalid expression `{text.strip()}'")
    sizes = OP_SIZES[op]
    bad_plt = op == "PLT" and v.sub is not None
    if bad_plt:
        asm.error(f"invalid PLT expression `{text.strip()}'")
    if size not in sizes:
        raise AsmError(f"{sizes[0]}-byte relocation cannot be applied to {size}-byte field")
    if bad_plt:
        return tree         # (the value as it stands, for the errors it has)
    node = ("s", v.add, op)
    const = v.const
    sub = v.sub
    if sub is not None and size == 4 and op in _PCREL_OPS:
        # sym@OP - label: the label's distance goes into the addend when the fixup is
        # resolved (a label of this section); these operators also lose the field's size
        const -= 4
    if const:
        node = ("b", "+", node, ("n", const))
    if sub is not None:
        node = ("b", "-", node, ("s", sub, None))
    return node
