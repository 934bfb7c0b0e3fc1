"""What a statement or expression does: whether a body ends in a jump, whether an expression
has an effect (for -Wreturn-type and -Wunused-value)."""
from __future__ import annotations

from .. import ast as A
from .. import types as T


def _ends_in_jump(body):
    items = body.items
    if not items:
        return False
    last = items[-1]
    while isinstance(last, (A.Label, A.Case, A.Default)):
        last = last.stmt
    if isinstance(last, (A.Return, A.Goto, A.GotoIndirect)):
        return True
    if isinstance(last, A.Compound):
        return _ends_in_jump(last)
    if isinstance(last, A.If) and last.other is not None:
        return _ends_in_jump(A.Compound([last.then])) and _ends_in_jump(A.Compound([last.other]))
    if isinstance(last, A.ExprStmt) and isinstance(last.expr, A.Comma):
        # `_serverPanic(...), __builtin_unreachable();` (a macro's comma expression)
        e = last.expr
        while isinstance(e, A.Comma):
            if _ends_in_jump(A.Compound([A.ExprStmt(e.left)])):
                return True
            e = e.right
        return _ends_in_jump(A.Compound([A.ExprStmt(e)]))
    if isinstance(last, A.ExprStmt) and isinstance(last.expr, A.Call):
        f = last.expr.func
        f = f.operand if isinstance(f, A.ImplicitCast) else f
        if isinstance(f, A.Ident) and (f.name in ("abort", "exit", "_exit", "__builtin_abort",
                                                  "__builtin_unreachable", "__builtin_trap",
                                                  "longjmp", "__builtin_exit", "_Exit",
                                                  "quick_exit", "siglongjmp") or
                                       _is_noreturn(f.sym)):
            return True
    if isinstance(last, (A.While, A.For, A.DoWhile, A.Switch, A.AsmStmt)):
        return True     # loops may not terminate: gcc's flow analysis decides; stay quiet
    return False


def _is_noreturn(sym):
    if sym is None or sym.kind != "func":
        return False
    if any(a.name == "noreturn" for a in sym.attrs):
        return True
    node = sym.node
    return node is not None and hasattr(node, "specs") and "_Noreturn" in node.specs.funcspecs


_EFFECTLESS_OPS = frozenset(("+", "-", "*", "/", "%", "<<", ">>", "<", ">", "<=", ">=", "==",
                             "!=", "&", "|", "^"))


def _value_only(e):
    """An operator whose result is all it does (gcc: "value computed is not used" when an
    expression statement throws it away although an operand has side effects)."""
    while isinstance(e, A.ImplicitCast):
        e = e.operand
    if isinstance(e, A.Binary):
        return e.op in _EFFECTLESS_OPS or e.op in ("&&", "||")
    return isinstance(e, A.Unary) and e.op in ("-", "+", "~", "!", "*") and \
        not isinstance(e.type, T.VoidType)


def _no_effect(e):
    """An expression statement that computes a value and throws it away (-Wunused-value)."""
    while isinstance(e, A.ImplicitCast):
        e = e.operand
    if isinstance(e, A.Binary):
        return e.op in _EFFECTLESS_OPS and _pure(e.left) and _pure(e.right)
    return False


def _pure(e, depth=0):
    if depth > 50:
        return False
    while isinstance(e, A.ImplicitCast):
        e = e.operand
    if isinstance(e, (A.IntConst, A.FloatConst, A.CharConst)):
        return True
    if isinstance(e, A.Ident):
        return e.type is not None and not (e.type.quals & T.VOLATILE)
    if isinstance(e, A.Binary):
        return e.op in _EFFECTLESS_OPS and _pure(e.left, depth + 1) and _pure(e.right, depth + 1)
    return False


def _last_loc_of(body):
    return body.end or body.loc
