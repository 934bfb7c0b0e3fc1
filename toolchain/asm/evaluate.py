"""Expression evaluation against the assembly's symbols and fragments (the parser is
:mod:`toolchain.asm.expr`): folding, label differences, absolute expressions."""
from __future__ import annotations

from .expr import binop_const, ExprError, Parser, Value
from ..elf.constants import STT_GNU_IFUNC
from .model import ABS, AsmError, FIXED, Sym


_MASK64 = (1 << 64) - 1


class EvalMixin:
    """Evaluating expressions in the current state of the assembly."""

    # ------------------------------------------------------------------------------------------
    # expressions
    def parse_expr(self, text: str, pos: int = 0, reloc_ops: bool = True):
        try:
            p = Parser(self, text, pos, reloc_ops)
            e = p.parse()
            p.skip()
            return e, p.pos
        except ExprError as e:
            err = AsmError(str(e))
            err.before = getattr(e, "before", None)
            raise err from None

    def expr(self, text: str):
        """Parse a whole operand text as one expression tree."""
        e, pos = self.parse_expr(text)
        if pos != len(text):
            raise AsmError(f"junk at end of line, first unrecognized character is "
                           f"`{text[pos]}'")
        return e

    def eval_expr(self, node, final: bool = False) -> Value:
        k = node[0]
        if k == "n":
            return Value(node[1])
        if k == "s":
            v = self._eval_sym(node[1], final)
            if node[2] is not None:
                if v.mod is not None:
                    raise AsmError("invalid use of relocation operator")
                v = Value(v.const, v.add, v.sub, node[2])
                if v.add is None:
                    v.add = node[1]
                    v.const = 0
            return v
        if k == "u":
            v = self.eval_expr(node[2], final)
            op = node[1]
            if op == "+":
                return v
            if op == "-" and v.sub is None and v.add is None:
                return Value(-v.const)
            if op == "-" and v.add is not None and v.sub is not None:
                return Value(-v.const, v.sub, v.add)
            if not v.is_const:
                v = self._try_fold(v, final)
                if not v.is_const:
                    raise AsmError("invalid operand to unary operator")
            c = v.const
            return Value(-c if op == "-" else ~c if op == "~" else (0 if c else 1))
        # binary
        op = node[1]
        a = self.eval_expr(node[2], final)
        b = self.eval_expr(node[3], final)
        if op == "+":
            if b.is_const and b.mod is None:
                return Value(a.const + b.const, a.add, a.sub, a.mod)
            if a.is_const and a.mod is None:
                return Value(a.const + b.const, b.add, b.sub, b.mod)
            if a.sub is None and b.sub is not None and a.add is not None and b.add is None:
                return self._try_fold(Value(a.const + b.const, a.add, b.sub), final)
            if b.sub is None and a.sub is not None and b.add is not None and a.add is None:
                return self._try_fold(Value(a.const + b.const, b.add, a.sub), final)
            a = self._try_fold(a, final)
            b = self._try_fold(b, final)
            if a.is_const or b.is_const:
                return self.eval_expr(("b", "+", ("n", 0), ("n", 0)), final) if False else \
                    Value(a.const + b.const, a.add or b.add, a.sub or b.sub, a.mod or b.mod)
            raise AsmError("invalid operands for '+'")
        if op == "-":
            if b.is_const and b.mod is None:
                return Value(a.const - b.const, a.add, a.sub, a.mod)
            if b.sub is None and a.sub is None and b.mod is None:
                v = Value(a.const - b.const, a.add, b.add, a.mod)
                return self._try_fold(v, final)
            if b.sub is not None and b.add is not None and a.sub is None:
                b = self._try_fold(b, final)
                if b.is_const:
                    return Value(a.const - b.const, a.add, a.sub, a.mod)
                if a.add is None:
                    return Value(a.const - b.const, b.sub, b.add)
            a = self._try_fold(a, final)
            b = self._try_fold(b, final)
            if b.is_const:
                return Value(a.const - b.const, a.add, a.sub, a.mod)
            raise AsmError("invalid operands for '-'")
        if not a.is_const:
            a = self._try_fold(a, final)
        if not b.is_const:
            b = self._try_fold(b, final)
        if not (a.is_const and b.is_const):
            # symbol compared/used with an undefined value
            raise AsmError(f"invalid operands for '{op}'" if final else
                           "expression is not constant")
        if op in ("<<", ">>") and not 0 <= b.const <= 63:
            # GNU as computes in 64 bits
            self.warning(f"shift count out of range ({b.const} is not between 0 and 63)")
            return Value(0)
        try:
            return Value(binop_const(op, a.const, b.const))
        except ExprError as e:
            raise AsmError(str(e)) from None

    def _eval_sym(self, s: Sym, final: bool) -> Value:
        if s.expr is not None:
            if s.resolving:
                raise AsmError(f"symbol definition loop encountered at `{s.name}'")
            s.resolving = True
            try:
                v = self.eval_expr(s.expr, final)
            finally:
                s.resolving = False
            if v.add is None and v.sub is None:
                return v
            if v.sub is None and v.add is not None and not v.add.defined and v.const == 0:
                return Value(0, v.add) if not s.is_global else Value(0, s)
            if final and v.sub is None and v.add is not None and v.add.defined:
                return Value(v.const, v.add)
            return v
        if s.section is ABS:
            return Value(s.offset)
        return Value(0, s)

    keep_ifunc_diff = False     # while a data value is read (emit_value)

    def _try_fold(self, v: Value, final: bool) -> Value:
        """Fold add - sub when the distance is known."""
        a, b = v.add, v.sub
        if b is None:
            if a is not None and a.section is ABS and a.expr is None:
                return Value(v.const + a.offset, None, None, v.mod)
            return v
        if a is None:
            return v
        if a.expr is not None or b.expr is not None:
            return v
        if not (a.defined and b.defined):
            return v
        if self.keep_ifunc_diff and (a.type == STT_GNU_IFUNC or b.type == STT_GNU_IFUNC):
            return v
        if a.section is ABS and b.section is ABS:
            return Value(v.const + a.offset - b.offset)
        if a.section is not b.section:
            return v
        if final:
            if self.target.keep_label_differences and self._diff_crosses_relax(a, b, True):
                return v
            return Value(v.const + a.frag.addr + a.offset - b.frag.addr - b.offset)
        d = self._frag_distance(b, a)
        if d is None:
            return v
        return Value(v.const + d)

    def _diff_crosses_relax(self, a, b, final):
        return self.target.diff_needs_reloc(a, b, final)

    def _frag_distance(self, b: Sym, a: Sym):
        """a - b if both are in one chain of fixed fragments (while parsing)."""
        if a.frag is b.frag:
            if self.target.keep_label_differences:
                if a.offset != b.offset:
                    if self._diff_crosses_relax(a, b, False):
                        return None
                elif self.target.zero_diff_needs_reloc(a):
                    return None
            return a.offset - b.offset
        for first, second, sign in ((b, a, 1), (a, b, -1)):
            f = first.frag
            d = -first.offset
            n = 0
            while f is not None and n < 64:
                if f is second.frag:
                    return sign * (d + second.offset)
                if f.kind != FIXED:
                    break
                d += len(f.data)
                f = f.next
                n += 1
        return None

    def abs_expr(self, text: str) -> int:
        """Evaluate an operand text that must be an absolute constant now."""
        v = self.eval_expr(self.expr(text.strip()))
        if not v.is_const:
            v = self._try_fold(v, False)
            if not v.is_const:
                raise AsmError("expression is not absolute" if v.add and v.add.defined else
                               "non-constant expression")
        return v.const
