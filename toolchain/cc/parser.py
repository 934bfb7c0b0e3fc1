"""The C parser: lark's LALR(1) parser over c.lark, fed by :class:`CLexer`, which turns
preprocessor tokens into C tokens and tells typedef names from identifiers (the "lexer hack")
with a scope table that the parser's inline callbacks keep up to date. The callbacks
(:class:`Builder`) build the syntax tree of toolchain.cc.ast during parsing: no parse tree is
kept.
"""
from __future__ import annotations

import os

from . import ast as A
from .lexer import CHAR, IDENT, NUMBER, OTHER, PRAGMA, PUNCT, STRING
from .recovery import lexical_error, unexpected_token

# ---- keywords and punctuators ------------------------------------------------------------------
_TYPE_KW = {"void": "void", "char": "char", "short": "short", "int": "int", "long": "long",
            "float": "float", "double": "double", "signed": "signed", "__signed": "signed",
            "__signed__": "signed", "unsigned": "unsigned", "_Bool": "_Bool",
            "_Complex": "_Complex", "__complex__": "_Complex", "__complex": "_Complex",
            "__int128": "__int128", "_Float128": "_Float128", "_Float64": "_Float64",
            "_Float32": "_Float32", "_Float32x": "_Float32x", "_Float64x": "_Float64x",
            "__float128": "_Float128", "__fp16": "__fp16", "_Float16": "_Float16",
            "__bf16": "__bf16", "_Imaginary": "_Imaginary", "_Decimal32": "_Decimal32",
            "_Decimal64": "_Decimal64", "_Decimal128": "_Decimal128"}
KEYWORDS = {
    "typedef": ("STORAGE", "typedef"), "extern": ("STORAGE", "extern"),
    "static": ("STORAGE", "static"), "auto": ("STORAGE", "auto"),
    "register": ("STORAGE", "register"), "_Thread_local": ("STORAGE", "_Thread_local"),
    "__thread": ("STORAGE", "_Thread_local"),
    "const": ("QUALIFIER", "const"), "__const": ("QUALIFIER", "const"),
    "__const__": ("QUALIFIER", "const"), "volatile": ("QUALIFIER", "volatile"),
    "__volatile": ("QUALIFIER", "volatile"), "__volatile__": ("QUALIFIER", "volatile"),
    "restrict": ("QUALIFIER", "restrict"), "__restrict": ("QUALIFIER", "restrict"),
    "__restrict__": ("QUALIFIER", "restrict"),
    "inline": ("FUNC_SPEC", "inline"), "__inline": ("FUNC_SPEC", "inline"),
    "__inline__": ("FUNC_SPEC", "inline"), "_Noreturn": ("FUNC_SPEC", "_Noreturn"),
    "_Atomic": ("ATOMIC", "_Atomic"), "_Alignas": ("ALIGNAS", "_Alignas"),
    "_Alignof": ("ALIGNOF", "_Alignof"), "__alignof__": ("ALIGNOF", "__alignof__"),
    "__alignof": ("ALIGNOF", "__alignof__"), "sizeof": ("SIZEOF", "sizeof"),
    "typeof": ("TYPEOF", "typeof"), "__typeof__": ("TYPEOF", "typeof"),
    "__typeof": ("TYPEOF", "typeof"), "__auto_type": ("AUTO_TYPE", "__auto_type"),
    "struct": ("STRUCT_OR_UNION", "struct"), "union": ("STRUCT_OR_UNION", "union"),
    "enum": ("ENUM", "enum"), "_Static_assert": ("STATIC_ASSERT", "_Static_assert"),
    "_Generic": ("GENERIC", "_Generic"), "asm": ("ASM", "asm"), "__asm": ("ASM", "asm"),
    "__asm__": ("ASM", "asm"),
    "if": ("IF", "if"), "else": ("ELSE", "else"), "switch": ("SWITCH", "switch"),
    "while": ("WHILE", "while"), "do": ("DO", "do"), "for": ("FOR", "for"),
    "goto": ("GOTO", "goto"), "continue": ("CONTINUE", "continue"),
    "break": ("BREAK", "break"), "return": ("RETURN", "return"), "case": ("CASE", "case"),
    "default": ("DEFAULT", "default"),
    "__builtin_va_arg": ("VA_ARG", "__builtin_va_arg"),
    "__builtin_offsetof": ("OFFSETOF", "__builtin_offsetof"),
    "__builtin_types_compatible_p": ("TYPES_COMPAT", "__builtin_types_compatible_p"),
    "__real__": ("REAL", "__real__"), "__real": ("REAL", "__real__"),
    "__imag__": ("IMAG", "__imag__"), "__imag": ("IMAG", "__imag__"),
    "__label__": ("LABEL_KW", "__label__"),
    "__builtin_convertvector": ("CONVERTVECTOR", "__builtin_convertvector"),
}
for _k, _v in _TYPE_KW.items():
    KEYWORDS[_k] = ("TYPE_KW", _v)
_GNU_ONLY_KEYWORDS = ("typeof", "asm")

PUNCT_TYPES = {
    "(": "LPAREN", ")": "RPAREN", "{": "LBRACE", "}": "RBRACE", "[": "LBRACK", "]": "RBRACK",
    "<%": "LBRACE", "%>": "RBRACE", "<:": "LBRACK", ":>": "RBRACK",
    ";": "SEMI", ",": "COMMA", ":": "COLON", "=": "EQ", "*": "STAR", "&": "AMP",
    "...": "ELLIPSIS", ".": "DOT", "->": "ARROW", "++": "INC", "--": "DEC", "?": "QUESTION",
    "+": "PLUS", "-": "MINUS", "~": "TILDE", "!": "BANG", "/": "SLASH", "%": "PERCENT",
    "<<": "LSHIFT", ">>": "RSHIFT", "<": "LT", ">": "GT", "<=": "LE", ">=": "GE", "==": "EQEQ",
    "!=": "NE", "^": "CARET", "|": "PIPE", "&&": "ANDAND", "||": "OROR",
    "*=": "ASSIGN_OP", "/=": "ASSIGN_OP", "%=": "ASSIGN_OP", "+=": "ASSIGN_OP",
    "-=": "ASSIGN_OP", "<<=": "ASSIGN_OP", ">>=": "ASSIGN_OP", "&=": "ASSIGN_OP",
    "^=": "ASSIGN_OP", "|=": "ASSIGN_OP",
}
_DIGRAPH_TEXT = {"<%": "{", "%>": "}", "<:": "[", ":>": "]"}
# punctuators the C lexer's state ignores (CLexer.lex: no digraph, no bracket, not STAR)
_OPERATORS = frozenset(PUNCT_TYPES.values()) - {
    "STAR", "LPAREN", "LBRACK", "RPAREN", "RBRACK", "SEMI", "LBRACE", "RBRACE", "COMMA",
    "COLON", "DOT", "ARROW"}

# typedef names the compiler provides
BUILTIN_TYPEDEFS = ("__builtin_va_list", "__int128_t", "__uint128_t", "__gnuc_va_list_builtin")


class _LastMember(list):
    """The members of a struct's last declaration written without ';' before '}' (GNU)."""
    __slots__ = ()


class ParseError(Exception):
    def __init__(self, msg, tok):
        super().__init__(msg)
        self.msg = msg
        self.tok = tok


class ParseContext:
    """Per-parse state shared by the lexer and the callbacks."""

    def __init__(self, pp, diag, gnu_keywords=True):
        self.pp = pp
        self.diag = diag
        self.scopes = [dict.fromkeys(BUILTIN_TYPEDEFS, True)]
        self.spec_stack = []
        self.last_params = None
        self.pack_stack = []
        self.pack = None             # current #pragma pack value (None: natural)
        self.struct_packs = []       # pack value at each struct/union '}' (FIFO)
        self.gnu_keywords = gnu_keywords
        self.pragmas = []
        self.last_tok = None
        self.consumer = None         # called with each external declaration (parse())

    # scope table
    def is_typedef(self, name):
        for s in reversed(self.scopes):
            v = s.get(name)
            if v is not None:
                return v
        return False

    def declare(self, name, is_typedef):
        self.scopes[-1][name] = is_typedef


def _classify_number(text):
    t = text.lower()
    if t.startswith("0x"):
        return "FLOATING" if ("." in t or "p" in t) else "INTEGER"
    if "." in t or "e" in t:
        return "FLOATING"
    return "INTEGER"


class Token(str):
    """A C token as the parser's callbacks see it: the text, with lark's Token attributes
    (``type``; ``value``; ``line``/``column``; ``start_pos``/``end_line``/``end_column``/
    ``end_pos`` carry the lexer's extra data, see CLexer.lex)."""
    __slots__ = ("type", "start_pos", "value", "line", "column", "end_line", "end_column",
                 "end_pos")

    def __new__(cls, type, value, start_pos=None, line=None, column=None, end_line=None,
                end_column=None, end_pos=None):
        return _new_token(cls, type, value, start_pos, line, column, end_line, end_column,
                          end_pos)

    def __repr__(self):
        return f"Token({self.type!r}, {self.value!r})"


class Tree:
    """A node for a grammar rule that has no Builder method (lark's default)."""
    __slots__ = ("data", "children")

    def __init__(self, data, children):
        self.data = data
        self.children = children

    def __repr__(self):
        return f"Tree({self.data!r}, {self.children!r})"


class UnexpectedToken(Exception):
    """A token the LALR table has no action for: ``expected`` holds the terminals it has."""

    def __init__(self, token, expected):
        super().__init__(f"unexpected token {token!r}")
        self.token = token
        self.expected = expected


_str_new = str.__new__


def _new_token(cls, type, value, start_pos, line, column, end_line, end_column, end_pos):
    """lark's Token.__new__ without its keyword handling: the same attributes, set directly."""
    inst = _str_new(cls, value)
    inst.type = type
    inst.start_pos = start_pos
    inst.value = value
    inst.line = line
    inst.column = column
    inst.end_line = end_line
    inst.end_column = end_column
    inst.end_pos = end_pos
    return inst


class CLexer:
    """Preprocessor tokens -> parser tokens; see the module docstring."""

    def __init__(self, lexer_conf=None):
        pass

    def lex(self, ctx):  # noqa: C901 - one loop on purpose (speed)
        pp = ctx.pp
        nxt = pp.next_token
        kw = dict(KEYWORDS)
        if not ctx.gnu_keywords:
            for k in _GNU_ONLY_KEYWORDS:
                kw.pop(k, None)
        punct = PUNCT_TYPES
        scopes = ctx.scopes
        type_seen = False
        paren_stack = []        # saved type_seen for ( and [
        brace_stack = []        # "tag" | "block"
        tag_pending = False
        force_ident = False
        typeof_pending = False
        after_asm = False
        pending = None          # a token read ahead
        new = _new_token
        prev_comma = False
        last_text = cur_text = ""
        paren_decl = False      # '(' right after declaration specifiers: int (*x)(void)
        diag = ctx.diag
        set_function = getattr(diag, "set_function", None)
        fname = None            # the identifier before the last top-level '(' (function name)
        last_ident = None

        def attribute(first):
            """Read __attribute__((...)): returns a list of A.Attribute."""
            toks = []
            depth = 0
            while True:
                t = nxt()
                if t is None:
                    raise ParseError("unterminated __attribute__", first)
                if t.kind == PUNCT:
                    if t.text == "(":
                        depth += 1
                        if depth <= 2:
                            continue
                    elif t.text == ")":
                        depth -= 1
                        if depth == 0:
                            break
                        if depth == 1:
                            continue
                if depth < 2:
                    raise ParseError("expected '(' after __attribute__", t)
                toks.append(t)
            # split at top-level commas: name [ (args) ]
            attrs = []
            cur = []
            d = 0
            for t in toks + [None]:
                if t is None or (t.text == "," and d == 0 and t.kind == PUNCT):
                    if cur:
                        name = cur[0].text
                        args = None
                        if len(cur) > 1 and cur[1].text == "(":
                            args = []
                            a = []
                            dd = 0
                            for u in cur[2:-1]:
                                if u.text == "," and dd == 0:
                                    args.append(a)
                                    a = []
                                    continue
                                if u.text in ("(", "[", "{"):
                                    dd += 1
                                elif u.text in (")", "]", "}"):
                                    dd -= 1
                                a.append(u)
                            if a or args:
                                args.append(a)
                        n = name[2:-2] if name.startswith("__") and name.endswith("__") \
                            and len(name) > 4 else name
                        attrs.append(A.Attribute(n, args, loc=cur[0]))
                    cur = []
                    continue
                if t.text == "(":
                    d += 1
                elif t.text == ")":
                    d -= 1
                cur.append(t)
            return attrs

        while True:
            if pending is not None:
                t = pending
                pending = None
            else:
                t = nxt()
                if t is None:
                    return
            k = t.kind
            ctx.last_tok = t
            pc = prev_comma
            prev_comma = k == PUNCT and t.text == ","
            last_text = cur_text
            cur_text = t.text
            pdc = paren_decl
            paren_decl = False
            if k == IDENT:
                text = t.text
                e = kw.get(text)
                if e is not None and not force_ident:
                    typ, val = e
                    if typ == "TYPE_KW":
                        type_seen = True
                    elif typ == "STRUCT_OR_UNION" or typ == "ENUM":
                        type_seen = True
                        tag_pending = True
                        yield new(Token, typ, val, None, t.line, t.col, None, None, t)
                        continue
                    elif typ == "TYPEOF" or typ == "ATOMIC" and False:
                        typeof_pending = True
                    elif typ == "AUTO_TYPE":
                        type_seen = True
                    elif typ == "ASM":
                        after_asm = True
                        yield new(Token, typ, val, None, t.line, t.col, None, None, t)
                        continue
                    elif typ == "GOTO":
                        if after_asm:
                            yield new(Token, "ASM_QUAL", "goto", None, t.line, t.col, None, None, t)
                            continue
                        force_ident = True
                        yield new(Token, typ, val, None, t.line, t.col, None, None, t)
                        continue
                    elif typ == "FUNC_SPEC" and after_asm:
                        yield new(Token, "ASM_QUAL", val, None, t.line, t.col, None, None, t)
                        continue
                    yield new(Token, typ, val, None, t.line, t.col, None, None, t)
                    continue
                if text == "__extension__" and not force_ident:
                    continue
                if (text == "__attribute__" or text == "__attribute") and not force_ident:
                    attrs = attribute(t)
                    # an attribute list followed by ';' in statement position: a null
                    # statement with attributes (fallthrough)
                    p = nxt()
                    pending = p
                    typ = "ATTRIBUTE"
                    if pc and not paren_stack:
                        # `int a, __attribute__((x)) b;`: the grammar has no place for it
                        continue
                    if last_text == "(" and p is not None and p.kind == PUNCT and p.text == "*":
                        # `int (__attribute__((x)) *)(void)`: attributes of a parenthesized
                        # (abstract) declarator; none of them changes the type here
                        cur_text = last_text
                        paren_decl = pdc
                        continue
                    if p is not None and p.kind == PUNCT and p.text == ";" and not type_seen \
                            and brace_stack and brace_stack[-1] == "block" and not paren_stack \
                            and last_text in (";", "{", "}", ":"):
                        typ = "ATTR_STMT"
                    yield new(Token, typ, "__attribute__", attrs, t.line, t.col, None, None, t)
                    continue
                if force_ident or tag_pending:
                    force_ident = False
                    tag_pending = tag_pending  # the tag keeps the struct head open
                    yield new(Token, "IDENTIFIER", text, None, t.line, t.col, None, None, t)
                    continue
                # typedef name or identifier?
                isT = False
                for s in reversed(scopes):
                    v = s.get(text)
                    if v is not None:
                        isT = v
                        break
                if isT and not type_seen:
                    type_seen = True
                    yield new(Token, "TYPE_NAME", text, None, t.line, t.col, None, None, t)
                else:
                    last_ident = text
                    yield new(Token, "IDENTIFIER", text, None, t.line, t.col, None, None, t)
                continue
            after_asm = after_asm and k == IDENT
            prev_ident = last_ident
            last_ident = None
            if k == PUNCT:
                force_ident = False
                text = t.text
                typ = punct.get(text)
                if typ is None:     # reported and dropped; parsing goes on (gcc)
                    lexical_error(ctx, f"stray '{text}' in program", t)
                    continue
                if typ in _OPERATORS:   # nothing below tracks them
                    tag_pending = False
                    yield new(Token, typ, text, None, t.line, t.col, None, None, t)
                    continue
                if typ == "STAR" and pdc:
                    type_seen = True
                    paren_decl = True
                elif typ == "LPAREN" or typ == "LBRACK":
                    if not paren_stack and not brace_stack and typ == "LPAREN" and \
                            prev_ident is not None:
                        fname = prev_ident
                    paren_decl = typ == "LPAREN" and type_seen and last_text not in ("=",)
                    paren_stack.append((type_seen, typeof_pending))
                    type_seen = False
                    typeof_pending = False
                    tag_pending = False
                elif typ == "RPAREN" or typ == "RBRACK":
                    if paren_stack:
                        type_seen, was_typeof = paren_stack.pop()
                        if was_typeof:
                            type_seen = True
                        elif typ == "RPAREN" and not paren_stack:
                            type_seen = False
                elif typ == "SEMI":
                    type_seen = False
                    tag_pending = False
                    if not paren_stack:
                        ctx.last_params = None
                elif typ == "LBRACE":
                    if tag_pending:
                        brace_stack.append("tag")
                    else:
                        if not brace_stack and fname is not None and set_function is not None:
                            # a function body: diagnostics from here on are "In function"
                            set_function(fname, t.src.name if t.src is not None else None)
                        brace_stack.append("block")
                        sc = {}
                        lp = ctx.last_params
                        if lp:
                            for n in lp:
                                sc[n] = False
                        ctx.last_params = None
                        scopes.append(sc)
                    tag_pending = False
                    type_seen = False
                elif typ == "RBRACE":
                    if brace_stack:
                        kind = brace_stack.pop()
                        if kind == "tag":
                            type_seen = True
                            ctx.struct_packs.append(ctx.pack)
                        else:
                            type_seen = False
                            if len(scopes) > 1:
                                scopes.pop()
                            if not brace_stack and set_function is not None:
                                set_function(None)
                                fname = None
                    else:
                        type_seen = False
                elif typ == "COMMA":
                    if paren_stack:
                        type_seen = False
                elif typ == "COLON":
                    type_seen = False
                elif typ == "DOT" or typ == "ARROW":
                    force_ident = True
                if text in _DIGRAPH_TEXT:
                    text = _DIGRAPH_TEXT[text]
                if typ != "LBRACE":
                    tag_pending = tag_pending and False
                yield new(Token, typ, text, None, t.line, t.col, None, None, t)
                continue
            if k == NUMBER:
                yield new(Token, _classify_number(t.text), t.text, None, t.line, t.col, None,
                          None, t)
                continue
            if k == STRING:
                parts = [t]
                while True:
                    p = nxt()
                    if p is not None and p.kind == STRING:
                        parts.append(p)
                        continue
                    pending = p
                    break
                # end_line: the token after the literal (gcc locates escape warnings there)
                yield new(Token, "STRING", t.text, parts, t.line, t.col, pending, None, t)
                continue
            if k == CHAR:
                yield new(Token, "CHARCONST", t.text, None, t.line, t.col, None, None, t)
                continue
            if k == PRAGMA:
                self._pragma(ctx, t)
                continue
            lexical_error(ctx, _stray_message(t.text), t)

    @staticmethod
    def _pragma(ctx, t):
        toks, ident = t.val
        if ident or not toks:
            return
        if toks[0].text == "pack":
            args = [x.text for x in toks[2:-1]] if len(toks) >= 3 and toks[1].text == "(" else []
            args = [a for a in args if a != ","]
            if not args:
                ctx.pack = None
            elif args[0] == "push":
                ctx.pack_stack.append(ctx.pack)
                nums = [a for a in args[1:] if a.isdigit()]
                if nums:
                    ctx.pack = int(nums[0]) or None
            elif args[0] == "pop":
                ctx.pack = ctx.pack_stack.pop() if ctx.pack_stack else None
            elif args[0].isdigit():
                ctx.pack = int(args[0]) or None
        ctx.pragmas.append(t)


def _stray_message(text):
    """gcc's message for a character that is no token: an unterminated literal, or a stray
    character (bytes that are not UTF-8 and control characters as octal escapes)."""
    q = text.lstrip("uUL8")
    if q[:1] in ('"', "'") and (len(q) > 1 or q == text or True):
        return f"missing terminating {q[0]} character"
    c = text[:1]
    o = ord(c) if c else 0
    if 0xDC80 <= o <= 0xDCFF:
        return f"stray '\\{o - 0xDC00:o}' in program"
    if o < 0x20 or o == 0x7F:
        return f"stray '\\{o:o}' in program"
    return f"stray '{text}' in program"


def _is_tok(x, typ=None):
    return isinstance(x, Token) and (typ is None or x.type == typ)


def _specs_has_typedef(specs):
    return specs is not None and "typedef" in specs.storage


_PREC = {"||": 1, "&&": 2, "|": 3, "^": 4, "&": 5, "==": 6, "!=": 6, "<": 7, ">": 7, "<=": 7,
         ">=": 7, "<<": 8, ">>": 8, "+": 9, "-": 9, "*": 10, "/": 10, "%": 10}


class Builder:
    """The LALR callbacks: one method per rule/alias, building toolchain.cc.ast nodes."""

    def __init__(self):
        self.ctx = None

    # -- helpers
    @staticmethod
    def _specs(children, push):
        storage = []
        types = []
        quals = []
        funcs = []
        aligns = []
        attrs = []
        for c in children:
            if isinstance(c, Token):
                t = c.type
                if t == "STORAGE":
                    storage.append(c.value)
                elif t == "QUALIFIER":
                    quals.append(c.value)
                elif t == "ATOMIC":
                    quals.append("_Atomic")
                elif t == "FUNC_SPEC":
                    funcs.append(c.value)
                elif t == "ATTRIBUTE":
                    attrs.extend(c.start_pos)
                elif t == "TYPE_KW" or t == "AUTO_TYPE":
                    types.append(c.value)
                elif t == "TYPE_NAME":
                    types.append(A.TypedefRef(c.value, loc=c.end_pos))
            elif isinstance(c, tuple):
                aligns.append(c[1])
            else:
                types.append(c)
        first = children[0]
        loc = first.end_pos if isinstance(first, Token) else \
            (first[1].loc if isinstance(first, tuple) else first.loc)
        return A.DeclSpecs(storage, types, quals, funcs, aligns, attrs, loc=loc)

    # -- external definitions
    def attr_expr(self, c):
        return c[0]

    def start(self, c):
        return A.TranslationUnit([x for x in c if x is not None])

    def external_list(self, c):
        """The list of external declarations (lark's ``__start_star_0``: the list so far,
        spliced, then the new one). With a consumer (``parse(consumer=)``), each declaration
        is handed over as soon as it is reduced and the list stays empty, so the tree of the
        whole unit is never held."""
        consumer = self.ctx.consumer
        if consumer is None:
            return Tree("__start_star_0", c)
        d = c[-1]
        if d is not None:
            consumer(d)
        return Tree("__start_star_0", [])

    def function_definition(self, c):
        specs = c[0]
        self.ctx.spec_stack.pop()
        return A.FunctionDef(specs, c[1], list(c[2:-1]), c[-1], loc=c[1].loc)

    def nested_function(self, c):
        return self.function_definition(c)

    def function_definition_implicit(self, c):
        specs = A.DeclSpecs([], [], [], [], [], [], loc=c[0].loc)
        return A.FunctionDef(specs, c[0], list(c[1:-1]), c[-1], loc=c[0].loc)

    def declaration(self, c):
        if len(c) == 1:
            return c[0]
        specs = c[0]
        if self.ctx.spec_stack:
            self.ctx.spec_stack.pop()
        decls = c[1] if len(c) == 3 else []
        return A.Declaration(specs, decls, loc=specs.loc)

    def implicit_declaration(self, c):
        decls = c[0]
        specs = A.DeclSpecs([], [], [], [], [], [], loc=decls[0].declarator.loc)
        return A.Declaration(specs, decls, loc=specs.loc)

    def empty_external(self, c):
        return None

    def toplevel_asm(self, c):
        return A.TopAsm(c[2], loc=c[0].end_pos)

    def local_labels(self, c):
        return A.LocalLabels([n for n, _ in c[1]], loc=c[0].end_pos)

    def static_assert_declaration(self, c):
        msg = c[4] if len(c) > 5 and not _is_tok(c[4]) else None
        return A.StaticAssert(c[2], msg, loc=c[0].end_pos)

    def declaration_specifiers(self, c):
        s = self._specs(c, True)
        self.ctx.spec_stack.append(s)
        return s

    def specifier_qualifier_list(self, c):
        return self._specs(c, False)

    def init_declarator_list(self, c):
        out = []
        pending_attrs = []
        for x in c:
            if isinstance(x, Token):
                if x.type == "ATTRIBUTE":
                    pending_attrs.extend(x.start_pos)
                continue
            if pending_attrs:
                x.declarator.attrs = pending_attrs + x.declarator.attrs
                pending_attrs = []
            out.append(x)
        return out

    def declarator_eq(self, c):
        d = c[0]
        st = self.ctx.spec_stack
        if d.name is not None:
            self.ctx.declare(d.name, bool(st) and "typedef" in st[-1].storage)
        return d

    def init_declarator(self, c):
        d = c[0]
        init = c[1] if len(c) == 2 else None
        if init is None:
            st = self.ctx.spec_stack
            if d.name is not None:
                self.ctx.declare(d.name, bool(st) and "typedef" in st[-1].storage)
        return A.InitDeclarator(d, init, loc=d.loc)

    # -- struct / union / enum
    def struct_or_union_specifier(self, c):
        kind = c[0].value
        attrs = []
        tag = None
        members = []
        i = 1
        while isinstance(c[i], Token) and c[i].type == "ATTRIBUTE":
            attrs.extend(c[i].start_pos)
            i += 1
        if isinstance(c[i], Token) and c[i].type == "IDENTIFIER":
            tag = c[i].value
            i += 1
        j = len(c) - 1
        while isinstance(c[j], Token) and c[j].type == "ATTRIBUTE":
            attrs.extend(c[j].start_pos)
            j -= 1
        for x in c[i + 1:j]:
            members.extend(x)
        s = A.StructSpec(kind, tag, members, attrs, loc=c[0].end_pos)
        if j > i + 1 and isinstance(c[j - 1], _LastMember):
            s.no_semi = c[j].end_pos        # the '}' (sema's pedwarn)
        s.pack = self.ctx.struct_packs.pop(0) if self.ctx.struct_packs else self.ctx.pack
        return s

    def struct_ref(self, c):
        attrs = []
        for x in c[1:-1]:
            attrs.extend(x.start_pos)
        s = A.StructSpec(c[0].value, c[-1].value, None, attrs, loc=c[0].end_pos)
        s.pack = None
        return s

    def struct_declaration(self, c):
        specs = c[0]
        if len(c) == 2:
            return [A.StructMember(specs, None, None, loc=specs.loc)]
        return [A.StructMember(specs, d, w, loc=(d.loc if d is not None else w.loc))
                for d, w in c[1]]

    def struct_last(self, c):
        return _LastMember(self.struct_declaration(c + [None]))

    def struct_static_assert(self, c):
        return [c[0]]

    def struct_empty(self, c):
        return []

    def struct_declarator_list(self, c):
        out = []
        pending_attrs = []
        for x in c:
            if isinstance(x, Token):
                if x.type == "ATTRIBUTE":
                    pending_attrs.extend(x.start_pos)
                continue
            if pending_attrs and x[0] is not None:
                x[0].attrs = pending_attrs + x[0].attrs
            pending_attrs = []
            out.append(x)
        return out

    def struct_declarator(self, c):
        return (c[0], None)

    def bitfield_declarator(self, c):
        if isinstance(c[0], Token):       # unnamed: COLON expr attrs
            d = None
            width = c[1]
            rest = c[2:]
        else:
            d = c[0]
            width = c[2]
            rest = c[3:]
        if d is not None:
            for a in rest:
                d.attrs.extend(a.start_pos)
        return (d, width)

    def enum_specifier(self, c):
        attrs = []
        tag = None
        i = 1
        while isinstance(c[i], Token) and c[i].type == "ATTRIBUTE":
            attrs.extend(c[i].start_pos)
            i += 1
        if isinstance(c[i], Token) and c[i].type == "IDENTIFIER":
            tag = c[i].value
            i += 1
        enums = c[i + 1]
        if self.ctx.struct_packs:
            self.ctx.struct_packs.pop(0)      # the '}' of this enum body
        for x in c[i + 2:]:
            if isinstance(x, Token) and x.type == "ATTRIBUTE":
                attrs.extend(x.start_pos)
        return A.EnumSpec(tag, enums, attrs, loc=c[0].end_pos)

    def enum_ref(self, c):
        attrs = []
        for x in c[1:-1]:
            attrs.extend(x.start_pos)
        return A.EnumSpec(c[-1].value, None, attrs, loc=c[0].end_pos)

    def enumerator_list(self, c):
        if len(c) == 1:
            return [c[0]]
        c[0].append(c[2])
        return c[0]

    def enumerator(self, c):
        name = c[0].value
        self.ctx.declare(name, False)
        val = c[-1] if len(c) >= 3 and _is_tok(c[-2], "EQ") else None
        return (name, val, c[0].end_pos)

    def typeof_specifier(self, c):
        return A.TypeofSpec(c[2], None, loc=c[0].end_pos)

    def typeof_type(self, c):
        return A.TypeofSpec(None, c[2], loc=c[0].end_pos)

    def atomic_type_specifier(self, c):
        return A.AtomicSpec(c[2], loc=c[0].end_pos)

    def alignment_specifier(self, c):
        return ("alignas", c[2])

    def alignas_expr(self, c):
        return ("alignas", c[2])

    # -- declarators
    def declarator(self, c):
        i = 0
        ptr = None
        if isinstance(c[0], list):
            ptr = c[0]
            i = 1
        d = c[i]
        i += 1
        for x in c[i:]:
            if isinstance(x, Token):
                d.attrs.extend(x.start_pos)
            else:
                d.asm_label = x
        if ptr:
            d.ops.extend(ptr)
        return d

    def asm_label(self, c):
        return c[2]

    def name_declarator(self, c):
        t = c[0]
        return A.Declarator(t.value, [], [], None, loc=t.end_pos)

    def paren_declarator(self, c):
        d = c[-2]
        for x in c[1:-2]:
            d.attrs.extend(x.start_pos)
        return d

    def array_declarator(self, c):
        d = c[0]
        d.ops.append(("array",) + c[2])
        return d

    def func_declarator(self, c):
        d = c[0]
        params, variadic = c[2]
        d.ops.append(("func", params, variadic, None))
        return d

    def oldfunc_declarator(self, c):
        d = c[0]
        names = c[2] if len(c) == 4 else []
        d.ops.append(("func", None, False, names))
        if names:
            self.ctx.last_params = [n for n, _ in names]
        return d

    def array_quals(self, c):
        quals = [x.value for x in c if isinstance(x, Token) and x.type in ("QUALIFIER", "ATOMIC")]
        size = c[-1] if c and not isinstance(c[-1], Token) else None
        return (size, quals, False, False)

    def array_quals_static(self, c):
        quals = [x.value for x in c if isinstance(x, Token) and x.type in ("QUALIFIER", "ATOMIC")]
        return (c[-1], quals, True, False)

    array_quals_static2 = array_quals_static

    def array_quals_star(self, c):
        quals = [x.value for x in c if isinstance(x, Token) and x.type in ("QUALIFIER", "ATOMIC")]
        return (None, quals, False, True)

    def pointer(self, c):
        quals = []
        attrs = []
        inner = []
        for x in c[1:]:
            if isinstance(x, list):
                inner = x
            elif x.type == "ATTRIBUTE":
                attrs.extend(x.start_pos)
            elif x.type == "ATOMIC":
                quals.append("_Atomic")
            else:
                quals.append(x.value)
        return inner + [("ptr", quals, attrs)]

    def parameter_type_list(self, c):
        params = [x for x in c if not isinstance(x, Token)]
        variadic = isinstance(c[-1], Token) and c[-1].type == "ELLIPSIS"
        self.ctx.last_params = [p.declarator.name for p in params
                                if p.declarator is not None and p.declarator.name]
        return (params, variadic)

    def parameter_declaration(self, c):
        st = self.ctx.spec_stack
        if st:
            st.pop()
        return A.ParamDecl(c[0], c[1], loc=c[1].loc)

    def abstract_parameter(self, c):
        st = self.ctx.spec_stack
        if st:
            st.pop()
        d = c[1] if len(c) > 1 else A.Declarator(None, [], [], None, loc=c[0].loc)
        return A.ParamDecl(c[0], d, loc=c[0].loc)

    def identifier_list(self, c):
        return [(x.value, x.end_pos) for x in c if x.type == "IDENTIFIER"]

    def type_name(self, c):
        d = c[1] if len(c) > 1 else A.Declarator(None, [], [], None, loc=c[0].loc)
        return A.TypeName(c[0], d, loc=c[0].loc)

    def abstract_declarator(self, c):
        ptr = None
        d = None
        attrs = []
        for x in c:
            if isinstance(x, list):
                ptr = x
            elif isinstance(x, Token):
                attrs.extend(x.start_pos)
            else:
                d = x
        if d is None:
            d = A.Declarator(None, [], [], None, loc=None)
        if ptr:
            d.ops.extend(ptr)
        d.attrs.extend(attrs)
        return d

    def paren_abstract(self, c):
        d = c[-2]
        for x in c[1:-2]:
            d.attrs.extend(x.start_pos)
        return d

    def array_abstract(self, c):
        if isinstance(c[0], Token):
            d = A.Declarator(None, [], [], None, loc=c[0].end_pos)
            q = c[1]
        else:
            d = c[0]
            q = c[2]
        d.ops.append(("array",) + q)
        return d

    def func_abstract(self, c):
        if isinstance(c[0], Token):
            d = A.Declarator(None, [], [], None, loc=c[0].end_pos)
            rest = c[1:]
        else:
            d = c[0]
            rest = c[2:]
        if len(rest) == 2:
            params, variadic = rest[0]
            d.ops.append(("func", params, variadic, None))
        else:
            d.ops.append(("func", None, False, []))
        return d

    # -- initializers
    def initializer(self, c):
        return c[0]

    def init_list(self, c):
        items = c[1] if len(c) > 2 and isinstance(c[1], list) else []
        return A.InitList(items, loc=c[0].end_pos)

    def initializer_list(self, c):
        if len(c) == 1:
            return [c[0]]
        c[0].append(c[2])
        return c[0]

    def init_item(self, c):
        if len(c) == 2:
            return (c[0], c[1])
        return ([], c[0])

    def designation(self, c):
        return [x for x in c if not isinstance(x, Token)]

    def old_designation(self, c):
        return [("field", c[0].value, c[0].end_pos)]

    def index_designator(self, c):
        return ("index", c[1], c[0].end_pos)

    def range_designator(self, c):
        return ("range", c[1], c[3], c[0].end_pos)

    def field_designator(self, c):
        return ("field", c[1].value, c[1].end_pos)

    # -- statements
    def attr_statement(self, c):
        return A.AttrStmt(c[0].start_pos, loc=c[0].end_pos)

    def label_statement(self, c):
        return A.Label(c[0].value, c[-1], loc=c[0].end_pos)

    def case_statement(self, c):
        return A.Case(c[1], None, c[3], loc=c[0].end_pos)

    def case_range_statement(self, c):
        return A.Case(c[1], c[3], c[5], loc=c[0].end_pos)

    def default_statement(self, c):
        return A.Default(c[2], loc=c[0].end_pos)

    def compound_statement(self, c):
        n = A.Compound(c[1:-1], loc=c[0])
        n.end = c[-1].end_pos
        return n

    def block_open(self, c):
        return c[0].end_pos

    def expression_statement(self, c):
        if len(c) == 1:
            return A.ExprStmt(None, loc=c[0].end_pos)
        return A.ExprStmt(c[0], loc=c[0].loc)

    def if_statement(self, c):
        return A.If(c[2], c[4], c[6] if len(c) > 5 else None, loc=c[0].end_pos)

    def switch_statement(self, c):
        return A.Switch(c[2], c[4], loc=c[0].end_pos)

    def while_statement(self, c):
        return A.While(c[2], c[4], loc=c[0].end_pos)

    def do_statement(self, c):
        return A.DoWhile(c[1], c[4], loc=c[0].end_pos)

    def for_statement(self, c):
        parts = [None, None, None]
        k = 0
        for x in c[2:-2]:
            if isinstance(x, Token):
                k += 1
            else:
                parts[k] = x
        return A.For(parts[0], parts[1], parts[2], c[-1], loc=c[0].end_pos)

    def for_decl_statement(self, c):
        decl = c[2]
        parts = [None, None]
        k = 0
        for x in c[3:-2]:
            if isinstance(x, Token):
                k += 1
            else:
                parts[k] = x
        return A.For(decl, parts[0], parts[1], c[-1], loc=c[0].end_pos)

    def goto_statement(self, c):
        return A.Goto(c[1].value, loc=c[0].end_pos)

    def goto_indirect(self, c):
        return A.GotoIndirect(c[2], loc=c[0].end_pos)

    def continue_statement(self, c):
        return A.Continue(loc=c[0].end_pos)

    def break_statement(self, c):
        return A.Break(loc=c[0].end_pos)

    def return_statement(self, c):
        return A.Return(c[1] if len(c) == 3 else None, loc=c[0].end_pos)

    def asm_statement(self, c):
        quals = []
        i = 1
        while isinstance(c[i], str) and not _is_tok(c[i], "LPAREN"):
            quals.append(c[i])
            i += 1
        template = c[i + 1]
        sections = c[i + 2] if not isinstance(c[i + 2], Token) else [None, None, None, None]
        outs, ins, clob, labels = sections
        return A.AsmStmt(quals, template, outs or [], ins or [], clob or [], labels or [],
                         loc=c[0].end_pos)

    def asm_qual(self, c):
        return str(c[0].value)

    def asm_sections(self, c):
        secs = [None, None, None, None]
        k = -1
        for x in c:
            if isinstance(x, Token) and x.type == "COLON":
                k += 1
            else:
                secs[k] = x
        if secs[3]:
            secs[3] = [n for n, _ in secs[3]]
        return secs

    def asm_operands(self, c):
        return [x for x in c if not isinstance(x, Token)]

    def asm_operand(self, c):
        name = c[1].value if _is_tok(c[0], "LBRACK") else None
        return (name, c[-4], c[-2])

    def asm_clobbers(self, c):
        return [x for x in c if not isinstance(x, Token)]

    # -- expressions
    def comma_expr(self, c):
        return A.Comma(c[0], c[2], loc=c[1].end_pos)

    def assign_expr(self, c):
        return A.Assign(c[1].value, c[0], c[2], loc=c[1].end_pos)

    def cond_expr(self, c):
        return A.Cond(c[0], c[2], c[4], loc=c[1].end_pos)

    def elvis_expr(self, c):
        return A.Cond(c[0], None, c[3], loc=c[1].end_pos)

    def binary(self, c):
        return A.Binary(c[1].value, c[0], c[2], loc=c[1].end_pos)

    def binop_chain(self, c):
        prec = _PREC
        Binary = A.Binary
        operands = [c[0]]
        ops = []
        for i in range(1, len(c), 2):
            op = c[i]
            p = prec[op.value]
            while ops and prec[ops[-1].value] >= p:
                o = ops.pop()
                r = operands.pop()
                operands[-1] = Binary(o.value, operands[-1], r, loc=o.end_pos)
            ops.append(op)
            operands.append(c[i + 1])
        while ops:
            o = ops.pop()
            r = operands.pop()
            operands[-1] = Binary(o.value, operands[-1], r, loc=o.end_pos)
        return operands[0]

    def cast_expr(self, c):
        return A.Cast(c[1], c[3], loc=c[0].end_pos)

    def preinc(self, c):
        return A.Unary("++", c[1], loc=c[0].end_pos)

    def predec(self, c):
        return A.Unary("--", c[1], loc=c[0].end_pos)

    def unary_expr(self, c):
        return A.Unary(c[0].value, c[1], loc=c[0].end_pos)

    def sizeof_expr(self, c):
        return A.SizeofExpr(c[1], loc=c[0].end_pos)

    def sizeof_type(self, c):
        return A.SizeofType(c[2], loc=c[0].end_pos)

    def alignof_expr(self, c):
        return A.AlignofExpr(c[1], loc=c[0].end_pos)

    def alignof_type(self, c):
        return A.AlignofType(c[2], loc=c[0].end_pos)

    def label_addr(self, c):
        return A.LabelAddr(c[1].value, loc=c[0].end_pos)

    def index_expr(self, c):
        return A.Index(c[0], c[2], loc=c[1].end_pos)

    def call_expr(self, c):
        args = c[2] if len(c) == 4 else []
        return A.Call(c[0], args, loc=getattr(c[0], "loc", None) or c[1].end_pos)

    def member_expr(self, c):
        return A.Member(c[0], c[2].value, False, loc=c[1].end_pos)

    def arrow_expr(self, c):
        return A.Member(c[0], c[2].value, True, loc=c[1].end_pos)

    def postinc(self, c):
        return A.Postfix("++", c[0], loc=c[1].end_pos)

    def postdec(self, c):
        return A.Postfix("--", c[0], loc=c[1].end_pos)

    def compound_literal(self, c):
        items = c[4] if isinstance(c[4], list) else []
        return A.CompoundLiteral(c[1], A.InitList(items, loc=c[3].end_pos), loc=c[0].end_pos)

    def argument_list(self, c):
        return [x for x in c if not isinstance(x, Token)]

    def ident(self, c):
        return A.Ident(c[0].value, loc=c[0].end_pos)

    def int_const(self, c):
        return A.IntConst(c[0].value, None, loc=c[0].end_pos)

    def float_const(self, c):
        return A.FloatConst(c[0].value, None, loc=c[0].end_pos)

    def char_const(self, c):
        return A.CharConst(c[0].value, None, loc=c[0].end_pos)

    def string(self, c):
        t = c[0]
        s = A.StringLit([p.text for p in t.start_pos], None, None, loc=t.end_pos)
        s.after = t.end_line
        return s

    def paren_expr(self, c):
        e = c[1]
        if isinstance(e, A.Expr):
            e.paren = True
        return e

    def stmt_expr(self, c):
        return A.StmtExpr(c[1], loc=c[0].end_pos)

    def generic_selection(self, c):
        assocs = [x for x in c[3:] if not isinstance(x, Token)]
        return A.Generic(c[2], assocs, loc=c[0].end_pos)

    def generic_assoc(self, c):
        return (c[0], c[2])

    def generic_default(self, c):
        return (None, c[2])

    def convertvector_expr(self, c):
        return A.BuiltinCall("__builtin_convertvector", [c[2], c[4]], loc=c[0].end_pos)

    def va_arg_expr(self, c):
        return A.VaArg(c[2], c[4], loc=c[0].end_pos)

    def offsetof_expr(self, c):
        return A.Offsetof(c[2], c[4], loc=c[0].end_pos)

    def offsetof_designator(self, c):
        return [c[0].value]

    def offsetof_field(self, c):
        return c[0] + [c[2].value]

    def offsetof_index(self, c):
        return c[0] + [c[2]]

    def types_compat_expr(self, c):
        return A.TypesCompatible(c[2], c[4], loc=c[0].end_pos)


# ---- the LALR table ----------------------------------------------------------------------------
# lark builds the LALR(1) table from c.lark once; the table and what the parse needs of each rule
# are kept in a marshal file (~/.cache/pytoolchain), so compiling does not import lark at all.
# Each rule's callback is made here the way lark makes it for an LALR parser without
# placeholders: drop filtered-out tokens and splice in the children of `_rule`s, return a lone
# child of a `?rule`, then call the Builder method named after the rule (or its alias), or
# build a Tree when there is none.

_TABLE_FORMAT = 2
_TABLES = None          # (states, rules, start states, end states, terminal callback names)
_CALLBACKS = {}         # id(builder) -> (builder, rule callbacks, terminal callbacks)
_BUILDER = None


def _grammar_text():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "c.lark")
    with open(path) as f:
        return f.read()


def _cache_path():
    cache_dir = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"),
                                                                ".cache")
    return os.path.join(cache_dir, "pytoolchain", f"c_parse_table_v{_TABLE_FORMAT}.marshal")


def _tables():
    global _TABLES
    if _TABLES is None:
        import marshal
        grammar = _grammar_text()
        path = _cache_path()
        try:
            with open(path, "rb") as f:
                fmt, text, tables = marshal.load(f)
            if fmt != _TABLE_FORMAT or text != grammar:
                tables = None
        except (OSError, EOFError, ValueError, TypeError):
            tables = None
        if tables is None:
            tables = _build_tables(grammar)
            try:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                tmp = f"{path}.{os.getpid()}.tmp"
                with open(tmp, "wb") as f:
                    marshal.dump((_TABLE_FORMAT, grammar, tables), f)
                os.replace(tmp, path)
            except (OSError, ValueError):  # no writable cache: the table is built each time
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
        _TABLES = tables
    return _TABLES


def _build_tables(grammar):
    """lark's LALR table for c.lark, as plain data: states, a list indexed by state number of
    {symbol: action}, where an action is the next state (>= 0: shift a terminal, or the goto
    of a nonterminal) or ``~k`` (< 0: reduce by rule k); rules [(length, origin, callback
    name, expand a single child, children to keep [(index, splice)] or None)], start and end
    states by start symbol, and the terminals that have Builder callbacks."""
    from lark import Lark
    from lark.lexer import Lexer
    from lark.parsers.lalr_analysis import Shift

    class _TableLexer(Lexer):
        def __init__(self, conf):
            pass

        def lex(self, data):
            return iter(())

    lk = Lark(grammar, parser="lalr", lexer=_TableLexer, transformer=Builder(),
              start=["start", "attr_expr"], maybe_placeholders=False, propagate_positions=False)
    inner = lk.parser.parser.parser
    table = inner.parse_table
    rule_index = {}
    rules = []
    states = [None] * (max(int(sid) for sid in table.states) + 1)
    for sid, st in table.states.items():
        row = states[int(sid)] = {}
        for sym, (action, arg) in st.items():
            if action is Shift:
                row[str(sym)] = int(arg)
                continue
            k = rule_index.get(arg)
            if k is None:
                k = rule_index[arg] = len(rules)
                rules.append(_rule_info(arg))
            row[str(sym)] = ~k
    term_cbs = sorted(str(k) for k in inner.callbacks if isinstance(k, str))
    return (states, rules, {str(k): int(v) for k, v in table.start_states.items()},
            {str(k): int(v) for k, v in table.end_states.items()}, term_cbs)


def _rule_info(rule):
    opts = rule.options
    exp = rule.expansion
    keep = [(i, not sym.is_term and sym.name.startswith("_")) for i, sym in enumerate(exp)
            if opts.keep_all_tokens or not (sym.is_term and sym.filter_out)]
    if len(keep) == len(exp) and not any(x for _, x in keep):
        keep = None
    name = str(rule.alias or opts.template_source or rule.origin.name)
    return (len(exp), str(rule.origin.name), name, bool(opts.expand1 and not rule.alias),
            tuple(keep) if keep is not None else None)


def _make_callback(builder, name, expand1, keep):
    f = getattr(builder, "external_list" if name == "__start_star_0" else name, None)
    if f is None:
        if keep is not None and not expand1 and keep[0] == (0, True) \
                and not any(splice for _, splice in keep[1:]):
            return _list_callback(name, tuple(i for i, _ in keep[1:]))

        def f(children, _name=name):
            return Tree(_name, children)
    if expand1:
        g = f

        def f(children):
            return children[0] if len(children) == 1 else g(children)
    if keep is not None:
        h = f

        def f(children):
            kept = []
            for i, splice in keep:
                if splice:
                    if kept:
                        kept += children[i].children
                    else:
                        kept = children[i].children
                else:
                    kept.append(children[i])
            return h(kept)
    return f


def _list_callback(name, more):
    """The callback of a list rule without a Builder method (lark's ``x+``/``x*``): the list so
    far, its first child, grows by the children at ``more`` (lark's splice into a new Tree
    sharing the children, which drops the old one: the old one is kept instead)."""
    if len(more) == 1:
        j, = more

        def f(children):
            t = children[0]
            if t.data != name:
                return Tree(name, t.children + [children[j]])
            t.children.append(children[j])
            return t
    else:
        def f(children):
            t = children[0]
            kept = t.children if t.data == name else list(t.children)
            for j in more:
                kept.append(children[j])
            return t if t.data == name else Tree(name, kept)
    return f


def _callbacks(builder):
    got = _CALLBACKS.get(id(builder))
    if got is None or got[0] is not builder:
        states, rules, _, _, term_names = _tables()
        # a `?rule` over one symbol passes that symbol's value on: no callback (None)
        infos = [(size, origin, None if expand1 and size == 1 and keep is None else
                  _make_callback(builder, name, expand1, keep))
                 for size, origin, name, expand1, keep in rules]
        term_cbs = {n: getattr(builder, n) for n in term_names if hasattr(builder, n)}
        got = _CALLBACKS[id(builder)] = (builder, infos, term_cbs)
    return got


def _get_builder():
    global _BUILDER
    if _BUILDER is None:
        _BUILDER = Builder()
    return _BUILDER


def _run_lalr(builder, ctx, start):
    """The LALR(1) parse loop over the table, with the Builder's callbacks.

    A run of reductions by `?rule`s over one symbol (no callback: the value on the stack
    stays; about 15 of them between an identifier and the expression statement it makes)
    replaces only the top state, and where it ends depends on the state below, the top state
    and the lookahead alone: it is followed once and remembered in ``units``."""
    states, _, start_states, end_states, _ = _tables()
    _, rules, tok_cbs = _callbacks(builder)
    end_state = end_states[start]
    s = start_states[start]
    state_stack = [s]
    value_stack = []
    push_state = state_stack.append
    push_value = value_stack.append
    units = {}
    tok = None
    for tok in CLexer(None).lex(ctx):
        ttype = tok.type
        a = states[s].get(ttype)
        while True:
            if a is None:
                raise UnexpectedToken(tok, {x for x in states[s] if x.isupper()})
            if a >= 0:
                s = a
                push_state(s)
                if tok_cbs and ttype in tok_cbs:
                    push_value(tok_cbs[ttype](tok))
                else:
                    push_value(tok)
                break
            size, origin, cb = rules[~a]
            if cb is None:          # the value on the stack stays
                key = (state_stack[-2], s, ttype)
                t = units.get(key)
                if t is None:
                    t = units[key] = _unit_run(states, rules, state_stack[-2], s, ttype)
                s = state_stack[-1] = t
            elif size:
                args = value_stack[-size:]
                del state_stack[-size:]
                del value_stack[-size:]
                push_value(cb(args))
                s = states[state_stack[-1]][origin]
                push_state(s)
            else:
                push_value(cb([]))
                s = states[s][origin]
                push_state(s)
            a = states[s].get(ttype)
    if tok is not None:
        end = _new_token(Token, "$END", "", tok.start_pos, tok.line, tok.column, tok.end_line,
                         tok.end_column, tok.end_pos)
    else:
        end = Token("$END", "", 0, 1, 1)
    while True:
        row = states[state_stack[-1]]
        a = row.get("$END")
        if a is None:
            raise UnexpectedToken(end, {x for x in row if x.isupper()})
        if a >= 0:                  # cannot happen for $END in an LALR table
            raise UnexpectedToken(end, set())
        size, origin, cb = rules[~a]
        if cb is None:
            del state_stack[-1]
        else:
            if size:
                args = value_stack[-size:]
                del state_stack[-size:]
                del value_stack[-size:]
            else:
                args = []
            push_value(cb(args))
        push_state(states[state_stack[-1]][origin])
        if state_stack[-1] == end_state:
            return value_stack[-1]


def _unit_run(states, rules, below, s, ttype):
    """The top state after the run of callback-free single-symbol reductions that state
    ``s``, over state ``below``, makes on lookahead ``ttype``."""
    goto = states[below]
    while True:
        a = states[s].get(ttype)
        if a is None or a >= 0:
            return s
        _, origin, cb = rules[~a]
        if cb is not None:
            return s
        s = goto[origin]


def parse(pp, diag, gnu_keywords=True, consumer=None) -> A.TranslationUnit | None:
    """Parse the token stream of ``pp``; report a syntax error through ``diag`` and return
    None when there is one. ``consumer``: called with each external declaration as it is
    parsed (the returned unit then has no declarations)."""
    builder = _get_builder()
    ctx = ParseContext(pp, diag, gnu_keywords)
    ctx.consumer = consumer
    builder.ctx = ctx
    try:
        return _run_lalr(builder, ctx, "start")
    except ParseError as e:
        diag.error(e.msg, _loc(e.tok))
    except UnexpectedToken as e:
        unexpected_token(ctx, diag, e.token, e.expected)
    finally:
        builder.ctx = None
    return None


def _loc(pt):
    from ..diag import Location
    if pt is None or getattr(pt, "src", None) is None:
        return None
    return Location(pt.src.name, pt.line, pt.col)


def _last_loc(pp):
    return None


class _ListPP:
    """A token source over a fixed list (attribute arguments parsed during sema)."""

    def __init__(self, toks):
        self._it = iter(toks)

    def next_token(self):
        return next(self._it, None)


def parse_expression_tokens(toks, scope, diag):
    """Parse pp tokens as one assignment-expression; ``scope`` answers ``get(name)`` with
    True for typedef names. Returns the expression node or None (error reported)."""
    builder = _get_builder()
    ctx = ParseContext(_ListPP(toks), diag)
    ctx.scopes = [scope]
    saved = builder.ctx
    builder.ctx = ctx
    try:
        return _run_lalr(builder, ctx, "attr_expr")
    except ParseError as e:
        diag.error(e.msg, _loc(e.tok))
    except UnexpectedToken:
        diag.error("expected expression in attribute argument", _loc(toks[0]) if toks else None)
    finally:
        builder.ctx = saved
    return None
