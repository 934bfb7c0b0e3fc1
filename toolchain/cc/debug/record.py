"""What lowering records for ``pycc -g``: source positions on IR instructions, the scopes of
a function with their variables, and the file-scope variables of the unit.

Lowering (toolchain.cc.lower) fills these in only when debug information is asked for; the
back end carries ``SrcLoc`` from IR to machine instructions (``MInstr.loc``) and the DWARF
writer (toolchain.cc.debug.info) reads the rest after code generation.
"""
from __future__ import annotations


class SrcLoc:
    """A statement's position: file name, line, column and the innermost lexical scope."""
    __slots__ = ("file", "line", "col", "scope")

    def __init__(self, file: str, line: int, col: int, scope: "Scope | None"):
        self.file = file
        self.line = line
        self.col = col
        self.scope = scope

    def same_line(self, o: "SrcLoc") -> bool:
        return o is not None and o.line == self.line and o.col == self.col and o.file == self.file

    def __repr__(self):
        return f"SrcLoc({self.file}:{self.line}:{self.col})"


class VarRec:
    """A named object: ``kind`` "param", "local", "static" (a static local) or "global".
    ``value``: the IR alloca holding it (param/local; None when it has no fixed home, e.g. a
    VLA), the IR Arg of a by-value aggregate parameter, or the symbol name (static/global)."""
    __slots__ = ("name", "ctype", "kind", "value", "loc", "external", "tdef", "entry")

    def __init__(self, name, ctype, kind, value, loc, external=False, tdef=None):
        self.name = name
        self.ctype = ctype
        self.kind = kind
        self.value = value
        self.loc = loc          # toolchain.diag.Location of the declarator (or None)
        self.external = external
        self.tdef = tdef        # the typedef name the declaration specifiers used (or None)
        # a parameter the body never assigns: its IR Arg (optimised builds locate it in the
        # incoming register until that register is written)
        self.entry = None


class Scope:
    """A block of a function (the function body is the root)."""
    __slots__ = ("parent", "vars", "children", "func", "inl")

    def __init__(self, parent: "Scope | None", func: "FuncDebug"):
        self.parent = parent
        self.vars: list[VarRec] = []
        self.children: list[Scope] = []
        self.func = func
        # the body of an inlined call (DW_TAG_inlined_subroutine): (the inlined function's
        # FuncDebug, the call's SrcLoc in this function), else None
        self.inl: tuple | None = None
        if parent is not None:
            parent.children.append(self)


class FuncDebug:
    """One function definition: its C type, name, positions (declarator, body braces) and
    the root scope holding the parameters and the outermost locals."""
    __slots__ = ("name", "ctype", "loc", "open", "close", "external", "root", "params",
                 "values")

    def __init__(self, name, ctype, loc, open_, close, external):
        self.name = name
        self.ctype = ctype
        self.loc = loc
        self.open = open_       # SrcLoc of the body's "{" (prologue and parameter stores)
        self.close = close      # SrcLoc of the body's "}" (the epilogue)
        self.external = external
        self.params: list[VarRec] = []
        self.root = Scope(None, self)
        # optimised builds: an SSA value -> the variables it is the only value of (mem2reg;
        # toolchain.cc.debug.values locates them where the allocator keeps the value)
        self.values: dict = {}


class UnitDebug:
    """The translation unit: the primary source file, file-scope variables and typedefs."""
    __slots__ = ("path", "globals", "typedefs", "tdefs", "field_tdefs")

    def __init__(self, path: str):
        self.path = path
        self.globals: list[VarRec] = []
        self.typedefs: list[tuple] = []     # (name, ctype, Location, typedef name it used)
        # every typedef seen: name -> [(ctype, the typedef name its specifiers used, loc)]
        # (block-scope typedefs may reuse a name: the one whose type matches is taken)
        self.tdefs: dict = {}
        # struct/union members declared through a typedef: id(record data) -> {field: name}
        self.field_tdefs: dict = {}
