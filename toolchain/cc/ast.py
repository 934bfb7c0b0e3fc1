"""The syntax tree built during parsing, and typed in place by toolchain.cc.sema.

Every node has ``loc`` (a toolchain.diag.Location or None). Expression nodes also have
``type`` (a toolchain.cc.types.Type, set by sema) and ``lvalue`` (bool). After sema, implicit
conversions are explicit ``ImplicitCast`` nodes. See docs/frontend.md.
"""
from __future__ import annotations


class Loc:
    """A source position kept after its tokens are dropped (toolchain.cc.sema.retire): the
    file (the preprocessor's shared ``Source``, so its name is stored once), line, column;
    read as a pp token's ``src``/``line``/``col`` are."""
    __slots__ = ("src", "line", "col")

    def __init__(self, src, line, col):
        self.src = src
        self.line = line
        self.col = col

    def __repr__(self) -> str:
        return f"Loc({getattr(self.src, 'name', None)!r}, {self.line}, {self.col})"


class Node:
    __slots__ = ("loc",)
    fields: tuple = ()

    def __repr__(self) -> str:
        inner = ", ".join(f"{f}={getattr(self, f, None)!r}" for f in self.fields)
        return f"{type(self).__name__}({inner})"


def _node(name, fields, base=Node, *, extra=()):
    slots = tuple(fields) + tuple(extra)
    cls = type(name, (base,), {"__slots__": slots, "fields": tuple(fields)})
    cls.__init__ = _make_init(tuple(fields), tuple(extra), base is Expr)
    return cls


def _make_init(fields, extra, expr):
    """``__init__(self, *fields, loc=None)`` of a node class: the fields in order (missing
    ones None, surplus ones ignored), ``extra`` slots None, an expression's ``type`` None and
    ``lvalue``/``paren`` False. Written out per number of fields: the tree has about a million
    nodes, and a loop over the field names cost three times as much."""
    n = len(fields)
    if n > 4:
        def init(self, *args, loc=None):
            for f, a in zip(fields, args):
                setattr(self, f, a)
            for f in fields[len(args):]:
                setattr(self, f, None)
            rest(self, loc)
    elif n == 4:
        f0, f1, f2, f3 = fields

        def init(self, a=None, b=None, c=None, d=None, *_, loc=None):
            setattr(self, f0, a)
            setattr(self, f1, b)
            setattr(self, f2, c)
            setattr(self, f3, d)
            rest(self, loc)
    elif n == 3:
        f0, f1, f2 = fields

        def init(self, a=None, b=None, c=None, *_, loc=None):
            setattr(self, f0, a)
            setattr(self, f1, b)
            setattr(self, f2, c)
            rest(self, loc)
    elif n == 2:
        f0, f1 = fields

        def init(self, a=None, b=None, *_, loc=None):
            setattr(self, f0, a)
            setattr(self, f1, b)
            rest(self, loc)
    elif n == 1:
        f0, = fields

        def init(self, a=None, *_, loc=None):
            setattr(self, f0, a)
            rest(self, loc)
    else:
        def init(self, *_, loc=None):
            rest(self, loc)
    rest = _rest_init(extra, expr)
    return init


def _rest_init(extra, expr):
    """What a node's ``__init__`` sets after its fields: ``loc``, the ``extra`` slots, an
    expression's own slots."""
    if expr and not extra:
        def rest(self, loc):
            self.loc = loc
            self.type = None
            self.lvalue = False
            self.paren = False
    elif expr and len(extra) == 1:
        e0, = extra

        def rest(self, loc):
            self.loc = loc
            self.type = None
            self.lvalue = False
            self.paren = False
            setattr(self, e0, None)
    else:
        def rest(self, loc):
            self.loc = loc
            for f in extra:
                setattr(self, f, None)
            if expr:
                self.type = None
                self.lvalue = False
                self.paren = False
    return rest


class Expr(Node):
    __slots__ = ("type", "lvalue", "paren")     # paren: written in parentheses


def _expr(name, fields, *, extra=()):
    return _node(name, fields, Expr, extra=extra)


# ---- expressions ---------------------------------------------------------------------------
Ident = _expr("Ident", ("name",), extra=("sym",))                 # sym: sema's Symbol
IntConst = _expr("IntConst", ("text", "value"))            # value: int (after sema)
FloatConst = _expr("FloatConst", ("text", "value"))        # value: float (after sema)
CharConst = _expr("CharConst", ("text", "value"))
StringLit = _expr("StringLit", ("parts", "value", "prefix"), extra=("after",))  # parts: source spellings; value: list of code units
Binary = _expr("Binary", ("op", "left", "right"))          # + - * / % << >> < > <= >= == != & ^ | && ||
Assign = _expr("Assign", ("op", "left", "right"))          # = += -= ...
Unary = _expr("Unary", ("op", "operand"))                  # & * + - ~ ! ++pre --pre __real__ __imag__
Postfix = _expr("Postfix", ("op", "operand"))              # ++ --
Cast = _expr("Cast", ("type_name", "operand"))
ImplicitCast = _expr("ImplicitCast", ("kind", "operand"))  # inserted by sema
SizeofExpr = _expr("SizeofExpr", ("operand",), extra=("value",))
SizeofType = _expr("SizeofType", ("type_name",), extra=("value",))
AlignofExpr = _expr("AlignofExpr", ("operand",), extra=("value",))
AlignofType = _expr("AlignofType", ("type_name",), extra=("value",))
Call = _expr("Call", ("func", "args"))
Index = _expr("Index", ("base", "index"))
Member = _expr("Member", ("base", "name", "arrow"), extra=("field",))
Cond = _expr("Cond", ("cond", "then", "other"))            # then None: GNU a ?: b
Comma = _expr("Comma", ("left", "right"))
CompoundLiteral = _expr("CompoundLiteral", ("type_name", "init"), extra=("flat",))
StmtExpr = _expr("StmtExpr", ("body",))
LabelAddr = _expr("LabelAddr", ("label",))
VaArg = _expr("VaArg", ("ap", "type_name"))
Offsetof = _expr("Offsetof", ("type_name", "designator"), extra=("value",))  # designator: list of str | Expr
TypesCompatible = _expr("TypesCompatible", ("t1", "t2"), extra=("value",))
Generic = _expr("Generic", ("control", "assocs"), extra=("selected",))          # assocs: list of (TypeName|None, Expr)
BuiltinCall = _expr("BuiltinCall", ("name", "args"))       # __builtin_* needing type arguments

# ---- initializers ----------------------------------------------------------------------------
InitList = _node("InitList", ("items",))                   # items: list of (designators, init)
# designators: list of ("field", name) | ("index", Expr) | ("range", Expr, Expr)

# ---- statements ------------------------------------------------------------------------------
Compound = _node("Compound", ("items",), extra=("end",))
ExprStmt = _node("ExprStmt", ("expr",))                    # expr None: empty statement
If = _node("If", ("cond", "then", "other"))
Switch = _node("Switch", ("cond", "body"), extra=("cases", "case_values", "case_ranges", "has_default"))
While = _node("While", ("cond", "body"))
DoWhile = _node("DoWhile", ("body", "cond"))
For = _node("For", ("init", "cond", "step", "body"))       # init: Declaration | Expr | None
Goto = _node("Goto", ("label",))
GotoIndirect = _node("GotoIndirect", ("target",))
Continue = _node("Continue", ())
Break = _node("Break", ())
Return = _node("Return", ("value",))
Label = _node("Label", ("name", "stmt"))
Case = _node("Case", ("low", "high", "stmt"), extra=("value",))              # high: GNU case range or None
Default = _node("Default", ("stmt",))
AsmStmt = _node("AsmStmt", ("qualifiers", "template", "outputs", "inputs", "clobbers", "labels"))
AttrStmt = _node("AttrStmt", ("attrs",))                   # __attribute__((fallthrough));
LocalLabels = _node("LocalLabels", ("names",))             # __label__ a, b;

# ---- declarations ------------------------------------------------------------------------
DeclSpecs = _node("DeclSpecs", ("storage", "types", "quals", "funcspecs", "aligns", "attrs"))
# types: list of str keywords | StructSpec | EnumSpec | TypedefRef | TypeofSpec | AtomicSpec
StructSpec = _node("StructSpec", ("kind", "tag", "members", "attrs"),
                   extra=("pack", "type", "no_semi"))   # members None: no body; no_semi: the
                   # Location of a '}' with no ';' before it (GNU)
StructMember = _node("StructMember", ("specs", "declarator", "width"))  # declarator may be None
EnumSpec = _node("EnumSpec", ("tag", "enumerators", "attrs"), extra=("type",))           # enumerators: [(name, Expr|None, loc)]
TypedefRef = _node("TypedefRef", ("name",))
TypeofSpec = _node("TypeofSpec", ("expr", "type_name"))
AtomicSpec = _node("AtomicSpec", ("type_name",))
Declarator = _node("Declarator", ("name", "ops", "attrs", "asm_label"))
# ops, from the identifier outward: ("ptr", quals, attrs) | ("array", size Expr|None, quals,
# static, star) | ("func", params, variadic, identifier_list|None)
ParamDecl = _node("ParamDecl", ("specs", "declarator"))
TypeName = _node("TypeName", ("specs", "declarator"), extra=("type",))  # type: set by sema
InitDeclarator = _node("InitDeclarator", ("declarator", "init"), extra=("sym", "flat"))
Declaration = _node("Declaration", ("specs", "declarators"), extra=("syms",))
StaticAssert = _node("StaticAssert", ("cond", "message"))
FunctionDef = _node("FunctionDef", ("specs", "declarator", "kr_decls", "body"), extra=("sym", "params"))
TopAsm = _node("TopAsm", ("template",))
TranslationUnit = _node("TranslationUnit", ("decls",), extra=("scope", "target", "types"))
Attribute = _node("Attribute", ("name", "args"))           # args: list of pp tokens lists
