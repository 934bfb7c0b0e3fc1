"""Symbols, scopes, source locations and type spelling shared by the semantic analysis."""
from __future__ import annotations

from ...diag import Location
from .. import ast as A
from .. import types as T


# the largest alignment gcc accepts: its ELF object-file maximum, 2^28
MAX_ALIGN = 1 << 28


class Symbol:
    __slots__ = ("name", "kind", "type", "storage", "linkage", "defined", "loc", "value",
                 "node", "used", "is_static_local", "asm_name", "attrs", "align", "reads", "tls",
                 "va_arg_pack")

    def __init__(self, name, kind, type_, storage=None, loc=None):
        self.name = name
        self.kind = kind            # "var" | "func" | "typedef" | "enum" | "param"
        self.type = type_
        self.storage = storage      # None | "extern" | "static" | "auto" | "register" | "_Thread_local"
        self.linkage = "none"       # "external" | "internal" | "none"
        self.defined = False
        self.loc = loc
        self.value = None           # enum constants
        self.node = None
        self.used = False
        self.is_static_local = False
        self.asm_name = None
        self.attrs = []
        self.align = None
        self.reads = 0              # uses other than as the left operand of '='
        self.tls = False            # _Thread_local / __thread (with static or extern too)
        self.va_arg_pack = False    # a function using __builtin_va_arg_pack (_len)

    def __repr__(self):
        return f"Symbol({self.name!r}, {self.kind}, {self.type})"


class Scope:
    __slots__ = ("parent", "names", "tags", "kind")

    def __init__(self, parent, kind="block"):
        self.parent = parent
        self.names = {}
        self.tags = {}
        self.kind = kind

    def lookup(self, name):
        s = self
        while s is not None:
            r = s.names.get(name)
            if r is not None:
                return r
            s = s.parent
        return None

    def lookup_tag(self, name):
        s = self
        while s is not None:
            r = s.tags.get(name)
            if r is not None:
                return r
            s = s.parent
        return None

    # dict-like view for the attribute-argument parser's lexer
    def get(self, name):
        sym = self.lookup(name)
        return None if sym is None else sym.kind == "typedef"


class SemaError(Exception):
    pass


def _extent(e, depth=0):
    """(line, first column, last column) of an expression on one line, or None."""
    if depth > 100 or e is None:
        return None
    while isinstance(e, A.ImplicitCast):
        e = e.operand
    if getattr(e, "paren", False):
        return None
    t = e.loc
    if t is None or getattr(t, "src", None) is None:
        return None
    if isinstance(e, A.Ident):
        return (t.line, t.col, t.col + len(e.name) - 1)
    if isinstance(e, (A.IntConst, A.FloatConst, A.CharConst)) and e.text:
        return (t.line, t.col, t.col + len(e.text) - 1)
    if isinstance(e, A.Binary):
        a = _extent(e.left, depth + 1)
        b = _extent(e.right, depth + 1)
        if a is None or b is None or a[0] != b[0] or a[0] != t.line:
            return None
        return (t.line, a[1], b[2])
    if isinstance(e, A.Unary) and e.op in ("*", "-", "+", "~", "!", "&"):
        b = _extent(e.operand, depth + 1)
        if b is None or b[0] != t.line:
            return None
        return (t.line, t.col, b[2])
    return None


def _range_loc(e):
    """The Location of ``e`` with gcc's ~ range over the whole expression."""
    loc = _loc(e)
    x = _extent(e)
    if loc is not None and x is not None and x[0] == loc.line:
        loc.start, loc.end = x[1], x[2]
    return loc


def _loc(node_or_tok):
    t = node_or_tok
    if t is None:
        return None
    if isinstance(t, A.Node):
        t = t.loc
    if t is None or isinstance(t, Location):
        return t
    src = getattr(t, "src", None)
    if src is None:
        return None
    return Location(src.name, t.line, t.col)


class FuncCtx:
    def __init__(self, sym, ret):
        self.sym = sym
        self.ret = ret
        self.labels = {}
        self.gotos = []
        self.loops = 0
        self.switches = []


def gcc_type(t):
    """A type as gcc prints it in diagnostics (function types as 'int(long int,  char *)')."""
    if isinstance(t, T.FunctionType):
        if not t.prototyped:
            ps = ""
        elif not t.params:
            ps = "..." if t.variadic else "void"
        else:
            parts = [gcc_type(p) for p in t.params] + (["..."] if t.variadic else [])
            ps = parts[0]
            for prev, p in zip(parts, parts[1:]):
                ps += (",  " if prev[-1:].isalnum() or prev[-1:] == "_" else ", ") + p
        return f"{gcc_type(t.ret)}({ps})"
    return str(t)


def is_vm(t):
    """Is ``t`` a variably modified type?"""
    while isinstance(t, (T.ArrayType, T.PointerType)):
        if isinstance(t, T.ArrayType) and t.vla is not None:
            return True
        t = t.elem if isinstance(t, T.ArrayType) else t.target
    return isinstance(t, T.RecordType) and t.d.variable
