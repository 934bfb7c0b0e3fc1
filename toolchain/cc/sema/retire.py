"""What the symbol table keeps of a declaration once it is lowered (streaming, issue 18).

The parser's nodes point at preprocessing tokens for their locations, and a function's
declarator holds its parameters' declarations (specifiers, declarators, more tokens); the
symbol table keeps a defined function's ``FunctionDef`` and every function type the
parameters' declarations (``FunctionType.attrs``). After lowering, sema reads only a
defined function's name, location, function specifiers (``inline``, ``_Noreturn``) and
specifier location from them (redefinition notes, unused-static warnings, ``noreturn``,
``__builtin_va_arg_pack``): ``retire`` keeps just that, with plain ``ast.Loc`` records for
the locations, so about 3 KB less per function stays to the end of the unit.
"""
from __future__ import annotations

from .. import ast as A
from .. import types as T

_EMPTY = ()


def plain_loc(t, memo=None):
    """A token's (or node location's) position as a ``Loc`` record (others as they are);
    ``memo``: the records made so far for this declaration, by token (one per token)."""
    if t is None or type(t) is A.Loc:
        return t
    if memo is not None:
        r = memo.get(id(t))
        if r is not None:
            return r
    src = getattr(t, "src", None)
    if src is None or not hasattr(t, "col"):
        return t
    r = A.Loc(src, t.line, t.col)
    if memo is not None:
        memo[id(t)] = r
    return r


_SHARED_SPECS = {}


def _specs(sp, memo):
    """The specifiers as tuples; plain ones (keywords only, no alignment or attribute) are
    shared: nothing reads their location once the declaration is parsed."""
    if sp is None:
        return None
    if not sp.aligns and not sp.attrs and all(type(t) is str for t in sp.types):
        key = (tuple(sp.storage), tuple(sp.types), tuple(sp.quals), tuple(sp.funcspecs))
        out = _SHARED_SPECS.get(key)
        if out is None:
            out = _SHARED_SPECS[key] = A.DeclSpecs(*(k or _EMPTY for k in key), _EMPTY,
                                                   _EMPTY)
        return out
    out = A.DeclSpecs(tuple(sp.storage) or _EMPTY, tuple(sp.types) or _EMPTY,
                      tuple(sp.quals) or _EMPTY, tuple(sp.funcspecs) or _EMPTY,
                      tuple(sp.aligns) or _EMPTY, tuple(sp.attrs) or _EMPTY,
                      loc=plain_loc(sp.loc, memo))
    return out


def retire(d) -> None:
    """``d`` (an external declaration) is lowered: drop what the rest of the unit cannot
    need from what the symbol table keeps of it."""
    memo = {}
    if type(d) is A.FunctionDef:
        sym = d.sym
        dcl = d.declarator
        if dcl is not None:
            d.declarator = A.Declarator(dcl.name, _EMPTY, tuple(dcl.attrs) or _EMPTY,
                                        dcl.asm_label, loc=plain_loc(dcl.loc, memo))
        d.specs = _specs(d.specs, memo)
        d.kr_decls = _EMPTY
        d.loc = plain_loc(d.loc, memo)
        if sym is not None:
            sym.loc = plain_loc(sym.loc, memo)
            if not sym.attrs:
                sym.attrs = _EMPTY  # (sema only appends to a new symbol's list)
            _drop_param_decls(sym.type)
    elif type(d) is A.Declaration:
        for idc in d.declarators or ():
            sym = getattr(idc, "sym", None)
            if sym is not None and sym.kind == "func":
                sym.loc = plain_loc(sym.loc, memo)
                _drop_param_decls(sym.type)


def _drop_param_decls(ty) -> None:
    """A function type's parameter declarations are read only while the definition that
    made it is checked (toolchain.cc.sema.declarations)."""
    if type(ty) is T.FunctionType:
        ty.attrs = None
