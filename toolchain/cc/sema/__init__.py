"""Semantic analysis: types every declaration and expression of the tree in place.

After :func:`analyse`:
  * every Declaration has ``syms`` (one Symbol per declarator), every FunctionDef ``sym``;
  * every expression has ``type`` and ``lvalue``; array/function decay, integer promotions,
    usual arithmetic conversions, assignment/argument/return conversions are explicit
    ImplicitCast nodes (kind "decay", "func_decay", "convert", "to_bool");
  * integer constants have ``value``; string literals ``value`` (code units, with the 0);
  * every initializer of an object has a flat form: ``InitDeclarator.flat`` / ``CompoundLiteral``
    ``.flat`` = [(byte offset, Field|None, Type, Expr)];
  * struct/union types carry their gcc layout (types.layout_record).
The C constraints gcc enforces as errors are diagnosed; the analysis is lenient where gcc is.

The package: ``core`` (the Sema class and :func:`analyse`) is assembled from one mixin per
concern (``typespec``, ``declarations``, ``statements``, ``conversions``, ``expressions``,
``builtins``, ``literals``, ``constants``, ``initializers``); ``common`` holds symbols, scopes
and locations, ``flow`` what statements and expressions do.
"""
from .common import FuncCtx, Scope, SemaError, Symbol, gcc_type, is_vm
from .core import Sema, analyse

__all__ = ["FuncCtx", "Scope", "Sema", "SemaError", "Symbol", "analyse", "gcc_type", "is_vm"]
