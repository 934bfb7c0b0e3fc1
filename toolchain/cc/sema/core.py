"""Semantic analysis: the Sema class (diagnostics, the walk over external declarations)
assembled from one mixin per concern."""
from __future__ import annotations

import sys

from .. import ast as A
from .. import types as T
from .common import _loc, gcc_type, Scope, SemaError, Symbol
from .typespec import TypeSpecs
from .declarations import Declarations
from .statements import Statements
from .conversions import Conversions
from .builtins import Builtins
from .literals import Literals
from .expressions import Expressions
from .constants import Constants
from .initializers import Initializers


class Sema(TypeSpecs, Declarations, Statements, Conversions, Builtins, Literals, Expressions,
           Constants, Initializers):
    """The analysis of one translation unit; each concern is a mixin of its own module."""

    def __init__(self, tu, target, options, diag):
        self.tu = tu
        self.target = target
        self.diag = diag
        uc = getattr(options.pp, "unsigned_char", None)
        self.tt = T.TargetTypes(target, uc)
        self.file_scope = Scope(None, "file")
        self.scope = self.file_scope
        self.func = None
        self.warn = options.warnings if options else set()
        self.pedantic = bool(getattr(options, "pedantic", False))
        self.pedantic_errors = bool(getattr(options, "pedantic_errors", False)) or \
            "pedantic-errors" in self.warn
        self.std = getattr(getattr(options, "pp", None), "std", "gnu17") or "gnu17"
        # _Float16 arithmetic in half precision (-march=...+fp16), else evaluated in float
        self.f16_native = False
        for name, value in getattr(getattr(options, "pp", None), "defines", ()) or ():
            if name == "__ARM_FEATURE_FP16_SCALAR_ARITHMETIC":
                self.f16_native = value is not None
        self.c89 = self.std in ("c89", "c90", "gnu89", "gnu90", "iso9899:1990", "ansi")
        self.implicit = {}          # implicitly declared functions (name -> Symbol)
        self.hinted = set()         # headers already suggested with a fix-it
        self._pre = {}              # id(Binary) -> typed result (long chains, see e_Binary)
        self.block_externs = {}     # block-scope extern declarations with no file-scope one
        self.discarded = set()      # ids of assignments whose value is not used (gcc: a
                                    # store; a used `x = ...` value counts as reading x)
        self.tentative = []         # file-scope (Symbol, declarator) without initializer
        tt = self.tt
        for name, ty in (("__builtin_va_list", tt.va_list), ("__int128_t", tt.int128),
                         ("__uint128_t", tt.uint128)):
            self.file_scope.names[name] = Symbol(name, "typedef", ty)

    def error(self, msg, where):
        self.diag.error(msg, _loc(where))

    def warning(self, msg, where, flag=None):
        if flag is not None and flag not in self.warn and "all" not in self.warn and \
                "error=" + flag not in self.warn:
            return
        if msg.endswith("]") and "[-W" in msg:
            opt = msg[msg.rindex("[-W") + 3:-1]
            if "no-" + opt in self.warn:
                return
        loc = _loc(where)
        src = getattr(where.loc if isinstance(where, A.Node) else where, "src", None)
        if src is not None and getattr(src, "system", False):
            return
        self.diag.warning(msg, loc)

    def pedwarn(self, msg, where, pedantic_only=False):
        """A diagnostic the standard requires: a warning (only under -pedantic when
        ``pedantic_only``), an error under -pedantic-errors."""
        if pedantic_only and not (self.pedantic or self.pedantic_errors):
            return
        src = getattr(where.loc if isinstance(where, A.Node) else where, "src", None)
        if src is not None and getattr(src, "system", False):
            return
        if self.pedantic_errors:
            self.error(msg, where)
        else:
            self.warning(msg, where)

    def note(self, msg, where):
        self.diag.note(msg, _loc(where))

    def _conflict(self, name, ty, old, where):
        self.error(f"conflicting types for '{name}'; have '{gcc_type(ty)}'", where)
        if old.loc is not None:
            what = "definition" if old.defined else "declaration"
            self.note(f"previous {what} of '{name}' with type '{gcc_type(old.type)}'",
                      old.node.declarator if isinstance(old.node, A.FunctionDef) else old.loc)

    def _declared_here(self, f):
        while isinstance(f, A.ImplicitCast):
            f = f.operand
        sym = getattr(f, "sym", None)
        if isinstance(f, A.Ident) and sym is not None and sym.loc is not None and \
                sym.kind == "func" and not self.diag.suppress_warnings:
            src = getattr(sym.loc, "src", None)
            self.note("declared here", sym.loc)

    def run(self):
        for d in self.tu.decls:
            try:
                self.external(d)
            except SemaError:
                pass
        if self._wall("unused-function"):
            for name, sym in self.file_scope.names.items():
                if sym.kind == "func" and sym.linkage == "internal" and sym.defined and \
                        not sym.used and isinstance(sym.node, A.FunctionDef) and \
                        "inline" not in sym.node.specs.funcspecs and \
                        "__inline" not in sym.node.specs.funcspecs and \
                        "__inline__" not in sym.node.specs.funcspecs and \
                        not any(a.name in ("unused", "used", "constructor", "destructor")
                                for a in sym.attrs):
                    self.warning(f"'{name}' defined but not used [-Wunused-function]", sym.loc)
        for sym, dd in self.tentative:
            if not sym.type.is_complete() and self.file_scope.names.get(sym.name) is sym:
                self.error(f"storage size of '{sym.name}' isn't known", dd)
        self.tu.scope = self.file_scope

    def external(self, d):
        try:
            self._external(d)
        except RecursionError:
            # deeper than the front end's recursion limit (frontend.run_big_stack): a located
            # error, not a crash (issue 19); the tree walk is abandoned, so it is fatal
            name = getattr(getattr(d, "declarator", None), "name", None)
            what = f"'{name}'" if isinstance(d, A.FunctionDef) and name else "declaration"
            limit = sys.getrecursionlimit()
            self.diag.fatal(f"{what} is nested too deeply to compile (recursion limit {limit}: "
                            f"about {limit // 3} nested blocks or {limit // 2} nested "
                            "operators)", _loc(d))

    def _external(self, d):
        if isinstance(d, A.FunctionDef):
            self.function_def(d)
        elif isinstance(d, A.Declaration):
            self.declaration(d, True)
        elif isinstance(d, A.StaticAssert):
            self.static_assert(d)
        elif isinstance(d, A.TopAsm):
            self.expr(d.template)


def analyse(tu, target, options, diag):
    s = Sema(tu, target, options, diag)
    s.run()
    tu.types = s.tt
    return s
