"""GNU as expressions: parsing into small tuple trees and evaluation to a :class:`Value`.

A parsed expression is a tuple tree:

  ("n", int)                 a number
  ("s", Sym, mod)            a symbol, ``mod`` its relocation operator (``@PLT`` -> "PLT") or None
  ("u", op, node)            unary ``-``, ``~``, ``!``, ``+``
  ("b", op, left, right)     binary operator

Evaluation gives a :class:`Value`: ``const + add - sub`` where ``add``/``sub`` are symbols or
None, plus the relocation operator. Label differences are folded when the assembler can tell
the distance (same fragment chain while parsing, same section after layout).

Precedence follows GNU as (highest first): unary; ``* / % << >>``; ``| & ^ !``;
``+ - == <> != < > <= >=``; ``&& ||``. Comparisons give -1 for true, 0 for false.
"""
from __future__ import annotations

import re


class ExprError(Exception):
    pass


class Value:
    __slots__ = ("const", "add", "sub", "mod")

    def __init__(self, const=0, add=None, sub=None, mod=None):
        self.const = const
        self.add = add
        self.sub = sub
        self.mod = mod

    @property
    def is_const(self) -> bool:
        return self.add is None and self.sub is None

    def __repr__(self):
        s = str(self.const)
        if self.add is not None:
            s = f"{self.add.name}+{s}"
        if self.sub is not None:
            s += f"-{self.sub.name}"
        if self.mod:
            s += f"@{self.mod}"
        return f"<Value {s}>"


_NUM_RE = re.compile(r"0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+")
_SYM_RE = re.compile(r"[A-Za-z_.$][A-Za-z0-9_.$]*")
_LOCAL_REF_RE = re.compile(r"([0-9]+)([fb])(?![0-9A-Za-z_.$])")
_WS = " \t"

_BINOPS = {
    "*": 4, "/": 4, "%": 4, "<<": 4, ">>": 4,
    "|": 3, "&": 3, "^": 3, "!": 3,
    "+": 2, "-": 2, "==": 2, "<>": 2, "!=": 2, "<": 2, ">": 2, "<=": 2, ">=": 2,
    "&&": 1, "||": 1,
}
_OP2 = ("<<", ">>", "==", "<>", "!=", "<=", ">=", "&&", "||")

_ESC = {"n": 10, "t": 9, "b": 8, "f": 12, "r": 13, "v": 11, "a": 7, "e": 27, "\\": 92,
        "'": 39, '"': 34, "0": 0}


class Parser:
    """Parses one expression from ``text`` starting at ``pos``. ``lookup(name)`` returns the
    symbol for a name, ``local_ref(n, dir)`` the symbol for ``1b``/``1f`` and ``dot()`` a
    symbol for the current location. ``reloc_ops`` enables ``sym@OP``."""
    __slots__ = ("text", "pos", "asm", "reloc_ops")

    def __init__(self, asm, text: str, pos: int = 0, reloc_ops: bool = True):
        self.asm = asm
        self.text = text
        self.pos = pos
        self.reloc_ops = reloc_ops

    def skip(self):
        t, p = self.text, self.pos
        n = len(t)
        while p < n and t[p] in _WS:
            p += 1
        self.pos = p

    def parse(self, minprec: int = 1):
        left = self.unary()
        t = self.text
        while True:
            self.skip()
            p = self.pos
            if p >= len(t):
                return left
            op = t[p:p + 2]
            if op not in _OP2:
                op = t[p]
                if op not in _BINOPS:
                    return left
            prec = _BINOPS[op]
            if prec < minprec:
                return left
            self.pos = p + len(op)
            self.skip()
            if self.pos >= len(t) or t[self.pos] in ",)":
                # GNU as: "missing operand; zero assumed"
                self.asm.warning("missing operand; zero assumed")
                right = ("n", 0)
            else:
                right = self.parse(prec + 1)
            left = ("b", op, left, right)

    def unary(self):
        self.skip()
        t, p = self.text, self.pos
        if p >= len(t):
            raise ExprError("missing operand")
        c = t[p]
        if c in "-~!+":
            self.pos = p + 1
            e = self.unary()
            if e[0] == "n":
                v = e[1]
                if c == "-":
                    return ("n", -v)
                if c == "~":
                    return ("n", ~v)
                if c == "!":
                    return ("n", 0 if v else 1)
                return e
            return ("u", c, e)
        if c == "(":
            self.pos = p + 1
            e = self.parse()
            self.skip()
            if self.pos >= len(t) or t[self.pos] != ")":
                found = t[self.pos] if self.pos < len(t) else "\n"
                raise ExprError(f"found '{found}', expected: ')'")
            self.pos += 1
            return e
        if c.isdigit():
            m = _LOCAL_REF_RE.match(t, p)
            if m:
                self.pos = m.end()
                return ("s", self.asm.local_ref(int(m.group(1)), m.group(2)), None)
            m = _NUM_RE.match(t, p)
            s = m.group(0)
            self.pos = m.end()
            if len(s) > 1 and s[0] == "0":
                if s[1] in "xX":
                    v = int(s[2:], 16)
                elif s[1] in "bB":
                    v = int(s[2:], 2)
                else:
                    try:
                        v = int(s, 8)
                    except ValueError:
                        raise ExprError(f"bad octal number '{s}'") from None
            else:
                v = int(s)
            # a trailing identifier character means junk like 123abc
            q = self.pos
            if q < len(t) and (t[q].isalnum() or t[q] in "_$"):
                raise ExprError(f"junk at end of number '{t[p:q + 1]}'")
            return ("n", v)
        if c == "'":
            # character constant: 'c  (GNU as also accepts a closing quote)
            if p + 1 >= len(t):
                raise ExprError("missing character after '")
            ch = t[p + 1]
            q = p + 2
            if ch == "\\" and p + 2 < len(t):
                e = t[p + 2]
                q = p + 3
                if e in "01234567":
                    j = p + 2
                    while j < len(t) and j < p + 5 and t[j] in "01234567":
                        j += 1
                    v = int(t[p + 2:j], 8) & 0xFF
                    q = j
                elif e == "x":
                    j = p + 3
                    while j < len(t) and t[j] in "0123456789abcdefABCDEF":
                        j += 1
                    v = int(t[p + 3:j] or "0", 16) & 0xFF
                    q = j
                else:
                    v = _ESC.get(e, ord(e))
            else:
                v = ord(ch)
            if q < len(t) and t[q] == "'":
                q += 1
            self.pos = q
            return ("n", v)
        if c == '"':
            j = t.find('"', p + 1)
            if j < 0:
                raise ExprError("missing closing '\"'")
            name = t[p + 1:j]
            self.pos = j + 1
            return self._symref(name)
        m = _SYM_RE.match(t, p)
        if m:
            name = m.group(0)
            self.pos = m.end()
            if name == ".":
                return ("s", self.asm.dot_symbol(), None)
            return self._symref(name)
        # GNU as: "bad expression" for the character, then the rest of the line is junk
        rest = t[p + 1:].lstrip()
        if rest:
            err = ExprError(f"junk at end of line, first unrecognized character is `{rest[0]}'")
            err.before = "bad expression"
            raise err
        raise ExprError("bad expression")

    def _symref(self, name):
        asm = self.asm
        c = asm.constants.get(name) if asm.constants else None
        t, p = self.text, self.pos
        mod = None
        if self.reloc_ops and p < len(t) and t[p] == "@":
            m = _SYM_RE.match(t, p + 1)
            if m:
                mod = m.group(0).upper()
                self.pos = m.end()
        if c is not None and mod is None:
            return ("n", c)
        return ("s", asm.symbol_ref(name), mod)


def parse_expr(asm, text: str, pos: int = 0, reloc_ops: bool = True):
    """Parse one expression; returns (tree, end position)."""
    p = Parser(asm, text, pos, reloc_ops)
    e = p.parse()
    p.skip()
    return e, p.pos


def fold(node):
    """Constant folding of a tree whose leaves are numbers; returns int or None."""
    if node[0] == "n":
        return node[1]
    return None


def _wrap128(v: int) -> int:
    """A product or shift kept to 128 bits (what `.octa` can hold; the low bits every field
    takes are unchanged): `.set` chains that square a value each line would otherwise double
    its size per line (GNU as wraps at 64 bits)."""
    if -(1 << 127) <= v < (1 << 128):
        return v
    return ((v + (1 << 127)) & ((1 << 128) - 1)) - (1 << 127)


def binop_const(op: str, a: int, b: int) -> int:
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return _wrap128(a * b)
    if op == "/" or op == "%":
        if b == 0:
            raise ExprError("division by zero")
        q = abs(a) // abs(b)
        if (a < 0) != (b < 0):
            q = -q
        return q if op == "/" else a - q * b
    if op == "<<":
        return _wrap128(a << b) if 0 <= b < 128 else 0
    if op == ">>":
        return (a & 0xFFFFFFFFFFFFFFFF) >> b if 0 <= b < 128 else 0
    if op == "|":
        return a | b
    if op == "&":
        return a & b
    if op == "^":
        return a ^ b
    if op == "!":
        return a | ~b
    if op == "==":
        return -1 if a == b else 0
    if op in ("!=", "<>"):
        return -1 if a != b else 0
    if op == "<":
        return -1 if a < b else 0
    if op == ">":
        return -1 if a > b else 0
    if op == "<=":
        return -1 if a <= b else 0
    if op == ">=":
        return -1 if a >= b else 0
    if op == "&&":
        return 1 if (a and b) else 0
    if op == "||":
        return 1 if (a or b) else 0
    raise ExprError(f"unknown operator {op}")


def parse_string(text: str, pos: int):
    """Parse a C-style string literal at ``text[pos] == '"'``; returns (bytes, end)."""
    out = bytearray()
    i = pos + 1
    n = len(text)
    while i < n:
        c = text[i]
        if c == '"':
            return bytes(out), i + 1
        if c == "\\" and i + 1 < n:
            e = text[i + 1]
            if e in "01234567":
                j = i + 1
                while j < n and j < i + 4 and text[j] in "01234567":
                    j += 1
                out.append(int(text[i + 1:j], 8) & 0xFF)
                i = j
                continue
            if e in "xX":
                j = i + 2
                while j < n and text[j] in "0123456789abcdefABCDEF":
                    j += 1
                out.append(int(text[i + 2:j] or "0", 16) & 0xFF)
                i = j
                continue
            out.append(_ESC.get(e, ord(e) & 0xFF) if e != "0" else 0)
            i += 2
            continue
        o = ord(c)
        if o < 0x80:
            out.append(o)
        else:
            out += c.encode("utf-8", "surrogateescape")
        i += 1
    raise ExprError("missing closing '\"'")
