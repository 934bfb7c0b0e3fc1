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
"""
from __future__ import annotations

from collections import Counter

from ..diag import Location
from . import ast as A
from . import types as T
from .preprocessor import char_value, decode_escapes, escape_problems
from .gnu_names import LIB_PROTOS

_BUILTIN_RET = {
    "__builtin_expect": "long", "__builtin_expect_with_probability": "long",
    "__builtin_alloca": "voidp", "__builtin_memcpy": "voidp", "__builtin_memset": "voidp",
    "__builtin_memmove": "voidp", "__builtin_strlen": "size_t", "__builtin_huge_val": "double",
    "__builtin_huge_valf": "float", "__builtin_huge_vall": "ldouble", "__builtin_inf": "double",
    "__builtin_inff": "float", "__builtin_infl": "ldouble", "__builtin_nan": "double",
    "__builtin_nanf": "float", "__builtin_nanl": "ldouble", "__builtin_fabs": "double",
    "__builtin_fabsf": "float", "__builtin_fabsl": "ldouble", "__builtin_frame_address": "voidp",
    "__builtin_return_address": "voidp", "__builtin_va_start": "void",
    "__builtin_va_end": "void", "__builtin_va_copy": "void", "__builtin_unreachable": "void",
    "__builtin_trap": "void", "__builtin_abort": "void", "__builtin_exit": "void",
    "__builtin_object_size": "size_t", "__builtin_bswap16": "ushort",
    "__builtin_bswap32": "uint", "__builtin_bswap64": "ulong", "__builtin_malloc": "voidp",
    "__builtin_copysign": "double", "__builtin_sqrt": "double", "__builtin_prefetch": "void",
    "__builtin_longjmp": "void", "__builtin_strcpy": "charp", "__builtin_strchr": "charp",
    "__builtin_stack_save": "voidp", "__builtin_stack_restore": "void",
    "__builtin_extract_return_addr": "voidp", "__builtin_apply_args": "voidp",
    "__builtin_apply": "voidp", "__builtin_return": "void", "__builtin_clear_cache": "void",
    "__builtin_assume_aligned": "voidp", "__builtin_powi": "double", "__builtin_powif": "float",
    "__builtin_ctzll": "int", "__builtin_popcountll": "int",
}


# C library functions whose implicit declaration takes gcc's built-in prototype (return type,
# then parameter types: p void*, c char*, s size_t, i int, l long, L long long, d double,
# f float), so that e.g. an undeclared memset keeps its 64-bit pointer result
_IMPLICIT_LIB = {
    "memset": "p:pis", "memcpy": "p:pps", "memmove": "p:pps", "memchr": "p:pis",
    "malloc": "p:s", "calloc": "p:ss", "realloc": "p:ps", "alloca": "p:s",
    "strcpy": "c:cc", "strncpy": "c:ccs", "strcat": "c:cc", "strncat": "c:ccs",
    "strchr": "c:ci", "strrchr": "c:ci", "strstr": "c:cc", "strdup": "c:c", "strlen": "s:c",
    "labs": "l:l", "llabs": "L:L",
    "fabs": "d:d", "sqrt": "d:d", "sin": "d:d", "cos": "d:d", "tan": "d:d", "exp": "d:d",
    "log": "d:d", "floor": "d:d", "ceil": "d:d", "pow": "d:dd", "fmod": "d:dd",
    "copysign": "d:dd", "fabsf": "f:f", "sqrtf": "f:f", "floorf": "f:f", "ceilf": "f:f",
}


# gcc's built-in library functions: header, and whether an implicit `int f()` is compatible
# with the built-in's type (no -Wbuiltin-declaration-mismatch then)
_LIB_HEADERS = {}
for _h, _names in (
        ("stdlib.h", "abort exit _Exit malloc calloc realloc free labs llabs strtol strtoul "
                     "strtod atof qsort bsearch getenv aligned_alloc"),
        ("stdio.h", "printf fprintf sprintf snprintf scanf sscanf fscanf vprintf vfprintf "
                    "vsprintf vsnprintf fputs fwrite fopen fclose"),
        ("string.h", "memcpy memmove memset memchr strlen strcpy strncpy strcat strncat strchr "
                     "strrchr strstr strdup strndup strnlen strpbrk strspn strcspn"),
        ("math.h", "sqrt sin cos tan exp log log10 pow floor ceil fabs fmod round trunc "
                   "sqrtf fabsf floorf ceilf sinf cosf expf logf powf atan atan2 hypot "
                   "fmin fmax ldexp frexp copysign nan")):
    for _n in _names.split():
        _LIB_HEADERS[_n] = (_h, False)
for _n in ("alloca", "__builtin_alloca_hint"):
    _LIB_HEADERS[_n] = (None, False)
for _n, _sig in LIB_PROTOS.items():
    # the math families (sinl, cabs, ilogbf...): `int f()` is compatible only with an int
    # result and no float parameter (the only one default promotions change)
    if "/" in _sig and _n not in _LIB_HEADERS:
        _r, _p = _sig.split("/")[0].split(":")
        _LIB_HEADERS[_n] = ("complex.h" if "z" in _sig else "math.h",
                            _r == "i" and not ("x" in _p and _sig.endswith("/f")))
for _h, _names in (("stdlib.h", "abs atoi atol"), ("stdio.h", "puts putchar fputc putc getchar"),
                   ("string.h", "memcmp strcmp strncmp"), ("ctype.h", "isalpha isdigit isspace "
                   "isupper islower isalnum isxdigit toupper tolower isprint ispunct")):
    for _n in _names.split():
        _LIB_HEADERS[_n] = (_h, True)


def _ucn_body(body: str) -> str:
    """A wide literal's body with every non-ASCII source character written as a \\U escape,
    so that it decodes to one code point rather than its UTF-8 bytes."""
    if body.isascii():
        return body
    return "".join(c if ord(c) < 0x80 or 0xDC80 <= ord(c) <= 0xDCFF else f"\\U{ord(c):08x}"
                   for c in body)


class Symbol:
    __slots__ = ("name", "kind", "type", "storage", "linkage", "defined", "loc", "value",
                 "node", "used", "is_static_local", "asm_name", "attrs", "align", "reads", "tls")

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


class Sema:
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

    # ---------------------------------------------------------------- diagnostics
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

    # ---------------------------------------------------------------- entry
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
        if isinstance(d, A.FunctionDef):
            self.function_def(d)
        elif isinstance(d, A.Declaration):
            self.declaration(d, True)
        elif isinstance(d, A.StaticAssert):
            self.static_assert(d)
        elif isinstance(d, A.TopAsm):
            self.expr(d.template)

    # ---------------------------------------------------------------- types from syntax
    def base_type(self, specs: A.DeclSpecs, declaring=False):
        tt = self.tt
        words = []
        ty = None
        for x in specs.types:
            if isinstance(x, str):
                words.append(x)
            elif isinstance(x, A.TypedefRef):
                sym = self.scope.lookup(x.name)
                if sym is None or sym.kind != "typedef":
                    self.error(f"unknown type name '{x.name}'", x)
                    ty = tt.int
                else:
                    ty = sym.type
            elif isinstance(x, A.StructSpec):
                ty = self.struct_spec(x, declaring and len(specs.types) == 1)
            elif isinstance(x, A.EnumSpec):
                ty = self.enum_spec(x)
            elif isinstance(x, A.TypeofSpec):
                if x.expr is not None:
                    e = self.expr(x.expr, decay=False)
                    ty = e.type
                    if isinstance(e, A.Member) and e.field and e.field[-1].bit_width is not None:
                        self.error("'typeof' applied to a bit-field", x.expr)
                else:
                    ty = self.type_name(x.type_name)
            elif isinstance(x, A.AtomicSpec):
                ty = self.type_name(x.type_name).qualified(T.ATOMIC)
        if words:
            wt = self.words_type(words, specs)
            if ty is not None and wt is not None:
                self.error("two or more data types in declaration specifiers", specs)
            ty = wt if wt is not None else ty
        if ty is None:
            if specs.types == [] and not words:
                ty = tt.int     # implicit int
            else:
                ty = tt.int
        q = 0
        for name in specs.quals:
            q |= T.QUAL_NAMES.get(name, 0)
        if q & T.RESTRICT and not isinstance(ty, T.PointerType) and \
                not (isinstance(ty, T.ArrayType) and isinstance(ty.elem, T.PointerType)):
            self.error("invalid use of 'restrict'", specs)
            q &= ~T.RESTRICT
        if q:
            ty = ty.qualified(ty.quals | q)
        return ty

    def float_n(self, name):
        """_Float32, _Float64, _Float32x, _Float64x: distinct types (not compatible with
        float, double or long double, as in gcc) with the same format as those."""
        cache = self.__dict__.setdefault("_float_n", {})
        t = cache.get(name)
        if t is None:
            tt = self.tt
            like = {"_Float32": tt.float, "_Float64": tt.double, "_Float32x": tt.double,
                    "_Float64x": tt.ldouble}[name]
            t = cache[name] = T.FloatType(name, like.size, like._align, like.fmt, like.rank)
        return t

    def words_type(self, words, where):
        tt = self.tt
        c = Counter(words)
        if c.get("__auto_type"):
            return None
        signed = c.pop("signed", 0)
        unsigned = c.pop("unsigned", 0)
        cplx = c.pop("_Complex", 0) + c.pop("_Imaginary", 0)
        nlong = c.pop("long", 0)
        short = c.pop("short", 0)
        c_int = c.pop("int", 0)
        rest = [k for k in c if c[k]]
        if nlong > 2:
            self.error("'long long long' is too long for GCC", where)
            return tt.int
        if signed and unsigned:
            self.error("both 'signed' and 'unsigned' in declaration specifiers", where)
            return tt.int
        if short and nlong:
            self.error("both 'long' and 'short' in declaration specifiers", where)
            return tt.int
        if len(rest) > 1 or c_int > 1 or any(c[k] > 1 for k in rest):
            self.error("two or more data types in declaration specifiers", where)
            return tt.int
        base = rest[0] if rest else None
        if base is not None and base != "__int128" and (
                c_int or short or (nlong and base != "double") or nlong > 1):
            if c_int:
                self.error("two or more data types in declaration specifiers", where)
            else:
                other = "short" if short else "long"
                self.error(f"both '{other}' and '{base}' in declaration specifiers", where)
            return tt.int
        if base in ("void", "_Bool", "float", "double") and (signed or unsigned):
            self.error(f"both '{'signed' if signed else 'unsigned'}' and '{base}' in "
                       f"declaration specifiers", where)
            return tt.int
        t = None
        if base is None:
            if short:
                t = tt.ushort if unsigned else tt.short
            elif nlong == 2:
                t = tt.ullong if unsigned else tt.llong
            elif nlong == 1:
                t = tt.ulong if unsigned else tt.long
            else:
                if cplx and not (signed or unsigned or "int" in words):
                    return tt.complex_of(tt.double)
                t = tt.uint if unsigned else tt.int
        elif base == "char":
            t = tt.uchar if unsigned else (tt.schar if signed else tt.char)
        elif base == "__int128":
            t = tt.uint128 if unsigned else tt.int128
        elif base == "void":
            t = tt.void
        elif base == "_Bool":
            t = tt.bool
        elif base == "float":
            t = tt.float
        elif base == "double":
            t = tt.ldouble if nlong else tt.double
        elif base in ("_Float128",):
            t = tt.float128
        elif base in ("_Float64", "_Float32x", "_Float32", "_Float64x"):
            t = self.float_n(base)
        elif base in ("_Float16", "__fp16", "__bf16"):
            t = tt.float16
        elif base == "_Decimal32":
            t = T.FloatType("_Decimal32", 4, 4, "decimal32", 1)
        elif base == "_Decimal64":
            t = T.FloatType("_Decimal64", 8, 8, "decimal64", 2)
        elif base == "_Decimal128":
            t = T.FloatType("_Decimal128", 16, 16, "decimal128", 3)
        else:
            t = tt.int
        if cplx:
            t = tt.complex_of(t)
        return t

    def declarator_type(self, base, d: A.Declarator, params_scope_out=None):
        """Apply the declarator's derivations (stored from the identifier outward)."""
        ty = base
        for op in reversed(d.ops):
            k = op[0]
            if k == "ptr":
                q = 0
                for n in op[1]:
                    q |= T.QUAL_NAMES.get(n, 0)
                ty = T.PointerType(ty).qualified(q)
                if op[2]:
                    ty = self.apply_type_attrs(ty, op[2])
            elif k == "array":
                size_e, quals, static, star = op[1], op[2], op[3], op[4]
                if isinstance(ty, T.FunctionType):
                    self.error(f"declaration of '{d.name or 'type name'}' as array of functions", d)
                    ty = self.tt.int
                elif isinstance(ty, T.VoidType):
                    self.error(f"declaration of '{d.name or 'type name'}' as array of voids", d)
                    ty = self.tt.char
                elif (isinstance(ty, T.RecordType) and not ty.complete) or \
                        (isinstance(ty, T.ArrayType) and ty.length is None and ty.vla is None):
                    self.error(f"array type has incomplete element type '{ty}'", d)
                length = None
                vla = None
                if size_e is not None:
                    e = self.expr(size_e)
                    if not e.type.is_integer():
                        self.error(f"size of array '{d.name or 'type name'}' has non-integer type", size_e)
                        length = 1
                    else:
                        v = self.const_int(e)
                        if v is None:
                            vla = e
                            length = 0
                        elif v < 0:
                            self.error(f"size of array '{d.name or 'type name'}' is negative", size_e)
                            length = 1
                        else:
                            length = v
                elif star:
                    vla = True
                    length = 0
                at = T.ArrayType(ty, length, vla)
                q = 0
                for n in quals:
                    q |= T.QUAL_NAMES.get(n, 0)
                at.quals = q  # qualifiers in [] apply to the adjusted pointer (parameters)
                ty = at
            elif k == "func":
                params, variadic, names = op[1], op[2], op[3]
                if isinstance(ty, (T.FunctionType,)):
                    self.error(f"'{d.name or 'type name'}' declared as function returning a function", d)
                    ty = self.tt.int
                elif isinstance(ty, T.ArrayType):
                    self.error(f"'{d.name or 'type name'}' declared as function returning an array", d)
                    ty = self.tt.int
                if params is None:
                    ft = T.FunctionType(ty, [], False, False)
                    ft.attrs = names
                else:
                    ptypes = []
                    pdecls = []
                    self.scope = Scope(self.scope, "prototype")
                    for p in params:
                        psc = [x for x in p.specs.storage if x != "register"]
                        if psc:
                            pn = p.declarator.name
                            self.error(f"storage class specified for parameter '{pn}'" if pn else
                                       "storage class specified for unnamed parameter",
                                       p.declarator if pn else p)
                        pt = self.base_type(p.specs)
                        pt = self.apply_type_attrs(pt, p.specs.attrs)
                        pt = self.declarator_type(pt, p.declarator)
                        pt = self.adjust_param(pt)
                        ptypes.append(pt)
                        pdecls.append(p)
                        if p.declarator.name:
                            self.scope.names[p.declarator.name] = Symbol(
                                p.declarator.name, "param", pt, None, p.declarator.loc)
                    self.scope = self.scope.parent
                    if len(ptypes) == 1 and isinstance(ptypes[0], T.VoidType) and \
                            params[0].declarator.name is None and not params[0].declarator.ops:
                        ptypes = []
                    else:
                        for pt, p in zip(ptypes, params):
                            if isinstance(pt, T.VoidType):
                                self.error("'void' must be the only parameter", p)
                    ft = T.FunctionType(ty, ptypes, variadic, True)
                    ft.attrs = params
                ty = ft
        return ty

    def adjust_param(self, t):
        if isinstance(t, T.ArrayType):
            p = T.PointerType(t.elem)
            if t.vla is not None:
                p.decayed_from = t
            return p.qualified(t.quals)
        if isinstance(t, T.FunctionType):
            return T.PointerType(t)
        return t

    def type_name(self, tn: A.TypeName):
        base = self.base_type(tn.specs)
        base = self.apply_type_attrs(base, tn.specs.attrs)
        t = self.declarator_type(base, tn.declarator)
        if tn.declarator.attrs:
            t = self.apply_type_attrs(t, tn.declarator.attrs)
        return t

    # ---------------------------------------------------------------- attributes
    def attr_int(self, attr, idx=0):
        if not attr.args or len(attr.args) <= idx:
            return None
        arg = attr.args[idx]
        if isinstance(arg, A.Node):
            e = arg
        else:
            e = self.parse_tokens_expr(arg, attr)
            if e is None:
                return None
            attr.args[idx] = e
        e = self.expr(e)
        v = self.const_int(e)
        if v is None:
            self.error(f"requested alignment is not an integer constant"
                       if attr.name == "aligned" else
                       f"'{attr.name}' attribute argument is not an integer constant", attr)
        return v

    def parse_tokens_expr(self, toks, where):
        from .parser import parse_expression_tokens
        return parse_expression_tokens(toks, self.scope, self.diag)

    def align_attr(self, attrs):
        """(aligned value or None, packed flag) from an attribute list."""
        al = None
        packed = False
        for a in attrs:
            if a.name == "aligned":
                if a.args:
                    v = self.attr_int(a)
                    if v is not None:
                        if v <= 0 or v & (v - 1):
                            self.error(f"requested alignment '{v}' is not a positive power of 2",
                                       a)
                        else:
                            al = max(al or 0, v)
                else:
                    al = max(al or 0, self.tt.biggest_align)
            elif a.name == "packed":
                packed = True
        return al, packed

    def apply_type_attrs(self, t, attrs, typedef=False):
        if not attrs:
            return t
        for a in attrs:
            n = a.name
            if n == "transparent_union" and isinstance(t, T.RecordType) and t.is_union:
                t.d.transparent = True
            elif n == "vector_size":
                v = self.attr_int(a)
                if v and t.size:
                    if v % t.size:
                        self.error("vector size not an integral multiple of component size", a)
                    elif v & (v - 1):
                        self.error(f"number of vector components {v // t.size} not a power of "
                                   "two", a)
                    else:
                        t = T.VectorType(t, v // t.size).qualified(t.quals)
            elif n == "mode" and a.args and a.args[0]:
                m = a.args[0][0].text.strip("_")
                t = self.mode_type(t, m, a)
            elif n == "aligned" and typedef:
                al, _ = self.align_attr([a])
                if al:
                    t = t.with_align(al)
        return t

    def mode_type(self, t, m, where):
        tt = self.tt
        uns = isinstance(t, (T.IntType, T.EnumType)) and not t.signed
        table = {"QI": (tt.uchar if uns else tt.schar), "HI": (tt.ushort if uns else tt.short),
                 "SI": (tt.uint if uns else tt.int), "DI": (tt.ulong if uns else tt.long),
                 "TI": (tt.uint128 if uns else tt.int128), "SF": tt.float, "DF": tt.double,
                 "XF": tt.ldouble, "TF": tt.float128,
                 "word": (tt.ulong if uns else tt.long), "pointer": (tt.ulong if uns else tt.long),
                 "unwind_word": (tt.ulong if uns else tt.long),     # <unwind.h>: word mode
                 "byte": (tt.uchar if uns else tt.schar)}
        r = table.get(m)
        if r is None:
            if m in ("SC", "DC", "XC", "TC"):
                return tt.complex_of({"SC": tt.float, "DC": tt.double, "XC": tt.ldouble,
                                      "TC": tt.float128}[m])
            if m in ("V4SI", "V2DI", "V4SF", "V2DF", "V8HI", "V16QI"):
                return t
            self.error(f"unknown machine mode '{m}'", where)
            return t
        if isinstance(t, T.EnumType) and isinstance(r, T.IntType):
            # an enum narrowed by mode stays an enum (its constants name the values)
            e = T.EnumType(t.tag, r)
            e.d.complete, e.d.consts = t.complete, t.consts
            return e.qualified(t.quals)
        return r.qualified(t.quals)

    # ---------------------------------------------------------------- struct / enum
    def struct_spec(self, s: A.StructSpec, alone):
        is_union = s.kind == "union"
        if s.members is None:
            # reference: struct tag (declares it if unknown)
            r = self.scope.lookup_tag(s.tag)
            if r is None or (alone and s.tag not in self.scope.tags):
                # a new incomplete type; `struct s;` alone declares it in this scope even when
                # an outer scope has the tag (C11 6.7.2.3p7)
                r = T.RecordType(is_union, s.tag, s.loc)
                sc = self.scope
                while sc.kind == "prototype" and sc.parent is not None:
                    sc = sc.parent      # lenient: a tag first seen in a prototype
                sc.tags[s.tag] = r
                self.scope.tags[s.tag] = r
            elif isinstance(r, T.RecordType) and r.is_union != is_union:
                self.error(f"'{s.tag}' defined as wrong kind of tag", s)
            elif isinstance(r, T.EnumType):
                self.error(f"'{s.tag}' defined as wrong kind of tag", s)
                r = T.RecordType(is_union, s.tag, s.loc)
            s.type = r
            return r
        r = None
        if s.tag is not None:
            r = self.scope.tags.get(s.tag)
            if r is not None:
                if not isinstance(r, T.RecordType) or r.is_union != is_union:
                    self.error(f"'{s.tag}' defined as wrong kind of tag", s)
                    r = None
                elif r.complete:
                    self.error(f"redefinition of '{s.kind} {s.tag}'", s)
                    r = None
        if r is None:
            r = T.RecordType(is_union, s.tag, s.loc)
            if s.tag is not None:
                self.scope.tags[s.tag] = r
        s.type = r
        fields = []
        aligns = []
        s_al, s_packed = self.align_attr(s.attrs)
        seen = {}
        n = len(s.members)
        for i, m in enumerate(s.members):
            if isinstance(m, A.StaticAssert):
                self.static_assert(m)
                continue
            base = self.base_type(m.specs)
            base = self.apply_type_attrs(base, m.specs.attrs)
            m_attrs = list(m.specs.attrs)
            if m.declarator is None and m.width is None:
                # anonymous struct/union member (or a useless declaration)
                if isinstance(base, T.RecordType) and any(
                        isinstance(x, A.StructSpec) and x.tag is None for x in m.specs.types) \
                        or isinstance(base, T.RecordType):
                    f = T.Field(None, base, loc=m.loc)
                    f.anon = True
                    fields.append(f)
                    al, pk = self.align_attr(m_attrs)
                    aligns.append((al, pk))
                    for nm in base.names:
                        if nm in seen:
                            self.error(f"duplicate member '{nm}'", m)
                        seen[nm] = True
                continue
            d = m.declarator
            ft = base
            if d is not None:
                ft = self.declarator_type(base, d)
                ft = self.apply_type_attrs(ft, d.attrs)
                m_attrs += d.attrs
            width = None
            if m.width is not None:
                we = self.expr(m.width)
                width = self.const_int(we)
                name = d.name if d is not None else None
                if width is None or not we.type.is_integer():
                    self.error(f"bit-field '{name or '<anonymous>'}' width not an integer constant", m.width)
                    width = 1
                elif not (ft.is_integer()):
                    self.error(f"bit-field '{name or '<anonymous>'}' has invalid type", m)
                    width = None
                elif width < 0:
                    self.error(f"negative width in bit-field '{name or '<anonymous>'}'", m.width)
                    width = 1
                elif width > ft.size * 8:
                    self.error(f"width of '{name or '<anonymous>'}' exceeds its type", m.width)
                    width = ft.size * 8
                elif width == 0 and name is not None:
                    self.error(f"zero width for bit-field '{name}'", m.width)
                    width = 1
            name = d.name if d is not None else None
            if isinstance(ft, T.FunctionType):
                self.error(f"field '{name}' declared as a function", m)
                continue
            if not ft.is_complete() and not (isinstance(ft, T.ArrayType) and ft.length is None):
                if isinstance(ft, T.ArrayType) and ft.vla is not None:
                    if self.func is None and not self._in_prototype():
                        self.error("a member of a structure or union cannot have a variably "
                                   "modified type", m)
                    else:
                        fields.append(T.Field(d.name if d else None, ft, 0, None, None, m.loc))
                        aligns.append((None, False))
                else:
                    self.error(f"field '{name}' has incomplete type", m)
                continue
            if isinstance(ft, T.ArrayType) and ft.length is None:
                if i != n - 1 and any(not isinstance(x, A.StaticAssert) for x in s.members[i + 1:]):
                    self.error(f"flexible array member not at end of struct", m)
                elif is_union:
                    self.error("flexible array member in union", m)
                elif not any(f.name is not None or f.anon for f in fields):
                    self.error("flexible array member in a struct with no named members", m)
                r.has_flex = True
            if name is not None:
                if name in seen:
                    self.error(f"duplicate member '{name}'", m)
                seen[name] = True
            fields.append(T.Field(name, ft, 0, None, width, loc=m.loc))
            al, pk = self.align_attr(m_attrs)
            aligns.append((al, pk))
        pack = s.pack
        T.layout_record(r, fields, self.tt, packed=s_packed, pack=pack, aligns=aligns)
        if s_al:
            r._align = max(r._align, s_al)
            r._size = (r._size + r._align - 1) // r._align * r._align
        r.packed = s_packed
        if any(a.name == "transparent_union" for a in s.attrs) and is_union:
            r.d.transparent = True
        return r

    def _in_prototype(self):
        s = self.scope
        while s is not None:
            if s.kind == "prototype":
                return True
            s = s.parent
        return False

    def enum_spec(self, s: A.EnumSpec):
        tt = self.tt
        if s.enumerators is None:
            e = self.scope.lookup_tag(s.tag)
            if e is None:
                e = T.EnumType(s.tag, tt.uint)
                self.scope.tags[s.tag] = e
            elif not isinstance(e, T.EnumType):
                self.error(f"'{s.tag}' defined as wrong kind of tag", s)
                e = T.EnumType(s.tag, tt.uint)
            s.type = e
            return e
        e = None
        if s.tag is not None:
            old = self.scope.tags.get(s.tag)
            if old is not None:
                if not isinstance(old, T.EnumType):
                    self.error(f"'{s.tag}' defined as wrong kind of tag", s)
                elif old.complete:
                    self.error(f"redeclaration of 'enum {s.tag}'", s)
                else:
                    e = old
        if e is None:
            e = T.EnumType(s.tag, tt.uint)
            if s.tag is not None:
                self.scope.tags[s.tag] = e
        s.type = e
        val = 0
        syms = []
        for name, ve, loc in s.enumerators:
            if ve is not None:
                x = self.expr(ve)
                v = self.const_int(x)
                if v is None or not x.type.is_integer():
                    self.error(f"enumerator value for '{name}' is not an integer constant", ve)
                    v = val
                val = v
            old = self.scope.names.get(name)
            if old is not None:
                self.error(f"redeclaration of enumerator '{name}'" if old.kind == "enum" else
                           f"'{name}' redeclared as different kind of symbol", loc)
            sym = Symbol(name, "enum", tt.int, loc=loc)
            sym.value = val
            self.scope.names[name] = sym
            e.consts[name] = val
            syms.append(sym)
            val += 1
        vals = [x.value for x in syms] or [0]
        lo, hi = min(vals), max(vals)
        _, pk = self.align_attr(s.attrs)
        if pk:
            cands = [tt.schar, tt.uchar, tt.short, tt.ushort, tt.int, tt.uint, tt.long, tt.ulong]
            base = next((c for c in cands if c.min_max()[0] <= lo and hi <= c.min_max()[1]), tt.ulong)
        elif lo < 0:
            base = tt.int if hi <= 0x7fffffff and lo >= -0x80000000 else tt.long
        else:
            base = tt.uint if hi <= 0xffffffff else (tt.ulong if hi > 0x7fffffffffffffff else tt.long)
        e.base = base
        e.complete = True
        for sym in syms:
            # constants have type int when they fit (C11), else the enum's type (GNU)
            if not (-0x80000000 <= sym.value <= 0x7fffffff):
                sym.type = e
        return e

    # ---------------------------------------------------------------- declarations
    def declaration(self, d: A.Declaration, file_scope: bool):
        if isinstance(d, A.StaticAssert):
            self.static_assert(d)
            return
        if isinstance(d, A.LocalLabels):
            return
        specs = d.specs
        storage = specs.storage
        if len(storage) > 1 and not (set(storage) == {"_Thread_local", "static"} or
                                     set(storage) == {"_Thread_local", "extern"}):
            self.error("multiple storage classes in declaration specifiers", specs)
        sc = storage[0] if storage else None
        if "_Thread_local" in storage and len(storage) > 1:
            sc = [x for x in storage if x != "_Thread_local"][0]
        is_typedef = "typedef" in storage
        if not file_scope and "_Thread_local" in storage and not (
                "static" in storage or "extern" in storage):
            for idecl in d.declarators:
                self.error(f"function-scope '{idecl.declarator.name}' implicitly auto and "
                           "declared '_Thread_local'", idecl.declarator)
        base = self.base_type(specs, declaring=not d.declarators)
        base = self.apply_type_attrs(base, specs.attrs, typedef=is_typedef)
        d.syms = []
        if not d.declarators:
            return
        if not specs.types:
            if file_scope and not storage and not specs.quals:
                self.pedwarn("data definition has no type or storage class", d)
            if not self.c89:
                for idecl in d.declarators:
                    if idecl.declarator.name:
                        self.pedwarn(f"type defaults to 'int' in declaration of "
                                     f"'{idecl.declarator.name}' [-Wimplicit-int]",
                                     idecl.declarator)
        if file_scope and sc in ("auto", "register") and not (
                sc == "register" and d.declarators[0].declarator.asm_label is not None):
            self.error("file-scope declaration of '" + (d.declarators[0].declarator.name or "")
                       + f"' specifies '{sc}'", specs)
        for idecl in d.declarators:
            dd = idecl.declarator
            ty = self.declarator_type(base, dd)
            ty = self.apply_type_attrs(ty, dd.attrs, typedef=is_typedef)
            name = dd.name
            if is_typedef:
                if idecl.init is not None:
                    self.error(f"typedef '{name}' is initialized (use __typeof__ instead)", dd)
                old = self.scope.names.get(name)
                if old is not None and not (old.kind == "typedef" and T.compatible(old.type, ty)):
                    if old.kind == "typedef":
                        self.error(f"conflicting types for '{name}'", dd)
                    else:
                        self.error(f"'{name}' redeclared as different kind of symbol", dd)
                sym = Symbol(name, "typedef", ty, "typedef", dd.loc)
                self.scope.names[name] = sym
                d.syms.append(sym)
                continue
            if "__auto_type" in specs.types and idecl.init is not None:
                init = self.expr(idecl.init) if not isinstance(idecl.init, A.InitList) else None
                if init is not None:
                    ty = init.type.unqual()
            sym = self.declare_object(name, ty, sc, dd, file_scope, idecl.init is not None, specs)
            d.syms.append(sym)
            idecl.sym = sym
            if idecl.init is not None:
                if sym.kind == "func":
                    self.error(f"function '{name}' is initialized like a variable", dd)
                    continue
                if sc == "extern" and not file_scope:
                    self.error(f"'{name}' has both 'extern' and initializer", dd)
                flat = []
                self._init_name = name
                self._init_nest = 0
                sym.type = self.initializer(sym.type, idecl.init, flat,
                                            static=(file_scope or sc == "static"))
                self._init_name = None
                idecl.flat = flat
            if sym.kind == "var" and (file_scope or sc in ("static", "extern")) and \
                    is_vm(sym.type) and not (isinstance(sym.type, T.PointerType)):
                self.error(f"variably modified '{name}' at file scope" if file_scope else
                           f"storage size of '{name}' isn't constant", dd)
                continue
            if sym.kind == "var" and sc != "extern" and file_scope and idecl.init is None and \
                    not sym.type.is_complete() and not isinstance(sym.type, T.ArrayType):
                self.tentative.append((sym, dd))
            if sym.kind == "var" and sc != "extern" and not (file_scope and idecl.init is None) \
                    and not sym.type.is_complete() and not isinstance(sym.type, T.FunctionType):
                if is_vm(sym.type):
                    if file_scope or sc == "static":
                        self.error(f"storage size of '{name}' isn't constant", dd)
                elif not (isinstance(sym.type, T.ArrayType) and sym.type.length is None
                          and file_scope):
                    self.error(f"storage size of '{name}' isn't known" if not
                               isinstance(sym.type, T.VoidType) else
                               f"variable or field '{name}' declared void", dd)

    def declare_object(self, name, ty, sc, dd, file_scope, has_init, specs):
        is_func = isinstance(ty, T.FunctionType)
        scope = self.scope
        old = scope.names.get(name)
        if is_func and not file_scope and sc not in (None, "extern"):
            if sc == "static":
                self.error(f"invalid storage class for function '{name}'", dd)
        kind = "func" if is_func else "var"
        if old is None and (sc == "extern" or is_func) and not file_scope:
            # block-scope extern: link to the file-scope one
            fo = self.scope.parent.lookup(name) if self.scope.parent else None
            if fo is not None and (fo.kind not in ("var", "func") or fo.linkage == "none"):
                fo = self.file_scope.names.get(name)
            if fo is not None and fo.kind in ("var", "func"):
                if not T.compatible(fo.type.unqual(), ty.unqual(), True) and \
                        not self._lenient_compat(fo.type, ty):
                    self.error(f"conflicting types for '{name}'", dd)
                scope.names[name] = fo
                return fo
        if old is not None:
            if old.kind in ("var", "func") and old.kind != kind and \
                    (file_scope or sc == "extern" or is_func):
                self.error(f"'{name}' redeclared as different kind of symbol", dd)
                if old.loc is not None:
                    self.note(f"previous declaration of '{name}' with type "
                              f"'{gcc_type(old.type)}'", old.loc)
                return old
            if old.kind in ("var", "func") and (file_scope or sc == "extern" or is_func):
                tls = "_Thread_local" in specs.storage
                if kind == "var" and tls != old.tls:
                    self.error(f"thread-local declaration of '{name}' follows non-thread-local "
                               "declaration" if tls else f"non-thread-local declaration of "
                               f"'{name}' follows thread-local declaration", dd)
                    if old.loc is not None:
                        self.note(f"previous declaration of '{name}' with type "
                                  f"'{gcc_type(old.type)}'", old.loc)
                if not T.compatible(old.type.unqual(), ty.unqual(), True) and \
                        not self._lenient_compat(old.type, ty):
                    self._conflict(name, ty, old, dd)
                elif kind == "var" and (old.type.quals & ~T.RESTRICT) != \
                        (ty.quals & ~T.RESTRICT):
                    self.error(f"conflicting type qualifiers for '{name}'", dd)
                else:
                    old.type = T.composite(ty, old.type) if not isinstance(ty, T.FunctionType) \
                        else T.composite(old.type, ty) if old.type.prototyped else ty
                if has_init and old.defined and old.kind == "var":
                    self.error(f"redefinition of '{name}'", dd)
                if has_init:
                    old.defined = True
                if sc == "static" and old.linkage == "external" and file_scope:
                    self.error(f"static declaration of '{name}' follows non-static declaration", dd)
                elif sc is None and not is_func and old.linkage == "internal" and file_scope:
                    self.error(f"non-static declaration of '{name}' follows static declaration",
                               dd)
                elif sc == "extern" and not file_scope and old.linkage == "none":
                    self.error(f"extern declaration of '{name}' follows declaration with no "
                               f"linkage", dd)
                return old
            if old.kind == "typedef" or old.kind == "enum":
                self.error(f"'{name}' redeclared as different kind of symbol", dd)
                if old.kind == "typedef" and old.loc is not None:
                    self.note(f"previous declaration of '{name}' with type '{name}' "
                              f"{{aka '{gcc_type(old.type)}'}}", old.loc)
            elif not file_scope:
                self.error(f"redeclaration of '{name}' with no linkage" if sc != "extern" else
                           f"conflicting types for '{name}'", dd)
        if old is None and file_scope:
            bx = self.block_externs.get(name)
            if bx is not None:
                if sc == "static":
                    self.error(f"static declaration of '{name}' follows non-static declaration",
                               dd)
                elif not T.compatible(bx.type.unqual(), ty.unqual(), True) and \
                        not self._lenient_compat(bx.type, ty):
                    self.error(f"conflicting types for '{name}'", dd)
        sym = Symbol(name, kind, ty, sc, dd.loc)
        sym.tls = "_Thread_local" in specs.storage
        if file_scope or sc == "extern" or is_func:
            sym.linkage = "internal" if sc == "static" else "external"
            if not file_scope and sym.linkage == "external":
                self.block_externs.setdefault(name, sym)
        if not file_scope and sc == "static":
            sym.is_static_local = True
        if has_init:
            sym.defined = True
        if dd.asm_label is not None:
            self.expr(dd.asm_label)
            sym.asm_name = "".join(p[1:-1] for p in dd.asm_label.parts)
        sym.attrs = list(specs.attrs) + list(dd.attrs)
        if "_Noreturn" in specs.funcspecs:
            sym.attrs.append(A.Attribute("noreturn", None, loc=dd.loc))
        al, _ = self.align_attr(sym.attrs) if sym.attrs else (None, False)
        for a in specs.aligns:
            v = self._alignas(a)
            if v:
                al = max(al or 0, v)
        sym.align = al
        scope.names[name] = sym
        return sym

    def _alignas(self, a):
        if isinstance(a, A.TypeName):
            return self.type_name(a).align
        e = self.expr(a)
        v = self.const_int(e)
        if v is None:
            self.error("requested alignment is not an integer constant", a)
            return None
        if v and v & (v - 1):
            self.error(f"requested alignment '{v}' is not a positive power of 2", a)
            return None
        return v

    @staticmethod
    def _lenient_compat(a, b):
        # unprototyped vs prototyped functions with promoted parameters, etc.
        if isinstance(a, T.FunctionType) and isinstance(b, T.FunctionType):
            if a.prototyped and b.prototyped:
                if not T.compatible(a.ret, b.ret) or a.variadic != b.variadic or \
                        len(a.params) != len(b.params):
                    return False
                # GNU: a transparent union parameter matches its members' types
                for x, y in zip(a.params, b.params):
                    if T.compatible(x, y, True):
                        continue
                    u, o = (x, y) if isinstance(x, T.RecordType) else (y, x)
                    if not (isinstance(u, T.RecordType) and u.transparent and any(
                            T.compatible(f.type.unqual(), o.unqual(), True) for f in u.fields)):
                        return False
                return True
            return T.compatible(a.ret.unqual(), b.ret.unqual(), True)
        if isinstance(a, T.ArrayType) and isinstance(b, T.ArrayType):
            if a.length is not None and b.length is not None and a.length != b.length and \
                    a.vla is None and b.vla is None:
                return False
            return T.compatible(a.elem, b.elem, True)
        return False

    def static_assert(self, s: A.StaticAssert):
        e = self.expr(s.cond)
        v = self.const_int(e)
        if v is None:
            self.error("expression in static assertion is not an integer constant expression"
                       if e.type.is_integer() else
                       "expression in static assertion is not an integer", s.cond)
        elif v == 0:
            msg = ""
            if s.message is not None:
                msg = " " + "".join(p for p in s.message.parts)
            self.error(f"static assertion failed:{msg}" if msg else "static assertion failed", s)

    # ---------------------------------------------------------------- functions
    def function_def(self, fd: A.FunctionDef):
        specs = fd.specs
        sc = specs.storage[0] if specs.storage else None
        base = self.base_type(specs)
        base = self.apply_type_attrs(base, specs.attrs)
        d = fd.declarator
        if not specs.types and not self.c89:
            self.pedwarn("return type defaults to 'int' [-Wimplicit-int]", d)
        if not specs.types and not specs.storage and not specs.quals:
            # implicit int: a previous declaration's return type wins (as gcc does)
            old = self.scope.lookup(d.name)
            if old is not None and isinstance(old.type, T.FunctionType):
                base = old.type.ret
        ty = self.declarator_type(base, d)
        if not isinstance(ty, T.FunctionType):
            self.error("expected '=', ',', ';', 'asm' or '__attribute__' before '{' token", d)
            return
        nested = self.scope is not self.file_scope
        # K&R parameter declarations
        kr_types = {}
        kr_names = {n for n, _ in ty.attrs} if not ty.prototyped and ty.attrs else set()
        for kd in fd.kr_decls:
            kb = self.base_type(kd.specs)
            for idl in kd.declarators:
                if idl.declarator.name not in kr_names:
                    self.error(f"declaration for parameter '{idl.declarator.name}' but no such "
                               "parameter", idl.declarator)
                kr_types[idl.declarator.name] = self.adjust_param(
                    self.declarator_type(kb, idl.declarator))
        if not ty.prototyped and ty.attrs:
            names = [n for n, _ in ty.attrs]
            ty.params = [kr_types.get(n, self.tt.int) for n in names]
            kr_implicit = [n for n in names if n not in kr_types]
        else:
            kr_implicit = []
        sym = self.declare_object(d.name, ty, sc, d, not nested, True, specs)
        if sym.kind == "func" and getattr(sym, "node", None) is not None and sym.defined \
                and sym.node is not fd and isinstance(sym.node, A.FunctionDef):
            self.error(f"redefinition of '{d.name}'", d)
            self.note(f"previous definition of '{d.name}' with type '{gcc_type(sym.type)}'",
                      sym.node.declarator)
        sym.defined = True
        sym.node = fd
        fd.sym = sym
        outer_func = self.func
        self.func = FuncCtx(sym, ty.ret)
        outer_ctx = self.diag.function
        floc = _loc(d)
        self.diag.set_function(d.name, floc.file if floc is not None else None)
        if not self.c89:
            for n in kr_implicit:
                self.pedwarn(f"type of '{n}' defaults to 'int' [-Wimplicit-int]", d)
        self.scope = Scope(self.scope, "function")
        # parameters
        fop = next((op for op in d.ops if op[0] == "func"), None)
        fop = [op for op in d.ops if op[0] == "func"][0] if fop else None
        params = []
        if ty.prototyped and ty.attrs:
            for p, pt in zip(ty.attrs, ty.params):
                n = p.declarator.name
                if n is None:
                    if not isinstance(pt, T.VoidType):
                        # an unnamed parameter (C2x) still takes its place in the call
                        params.append(Symbol("", "param", pt, None, p.declarator.loc))
                    continue
                ps = Symbol(n, "param", pt, None, p.declarator.loc)
                if n in self.scope.names:
                    self.error(f"redefinition of parameter '{n}'", p.declarator)
                self.scope.names[n] = ps
                params.append(ps)
        elif not ty.prototyped and ty.attrs:
            for (n, loc), pt in zip(ty.attrs, ty.params):
                ps = Symbol(n, "param", pt, None, loc)
                self.scope.names[n] = ps
                params.append(ps)
        fd.params = params
        for i, ps in enumerate(params):
            if not ps.type.is_complete() and not isinstance(ps.type, T.ArrayType):
                self.error(f"parameter {i + 1} ('{ps.name}') has incomplete type" if ps.name else
                           f"parameter {i + 1} has incomplete type", ps.loc)
        if not isinstance(ty.ret, T.VoidType) and not ty.ret.is_complete():
            self.error("return type is an incomplete type", d)
        fsym = Symbol("__func__", "var", T.ArrayType(self.tt.char.qualified(T.CONST),
                                                     len(d.name) + 1), "static")
        for n in ("__func__", "__FUNCTION__", "__PRETTY_FUNCTION__"):
            self.scope.names[n] = fsym
        self.compound(fd.body, new_scope=False)
        if not isinstance(ty.ret, T.VoidType) and d.name != "main" and specs.types and \
                not _ends_in_jump(fd.body) and not any(
                    a.name == "noreturn" for a in specs.attrs + d.attrs) and \
                "_Noreturn" not in specs.funcspecs:
            self.warning("control reaches end of non-void function [-Wreturn-type]",
                         _last_loc_of(fd.body), flag="return-type")
        used_labels = {name for name, _ in self.func.gotos}
        if self._wall("unused-label"):
            for name, lab in self.func.labels.items():
                if name not in used_labels:
                    self.warning(f"label '{name}' defined but not used [-Wunused-label]", lab)
        for name, g in self.func.gotos:
            if name not in self.func.labels:
                if outer_func is not None:
                    outer_func.gotos.append((name, g))    # a nonlocal goto (GNU)
                else:
                    self.error(f"label '{name}' used but not defined", g)
        self.scope = self.scope.parent
        self.func = outer_func
        self.diag.function = outer_ctx

    # ---------------------------------------------------------------- statements
    def compound(self, c: A.Compound, new_scope=True):
        if new_scope:
            self.scope = Scope(self.scope)
        for it in c.items:
            try:
                self.stmt(it)
            except SemaError:
                pass
        self.check_unused(self.scope)
        if new_scope:
            self.scope = self.scope.parent

    def check_unused(self, scope):
        if "all" not in self.warn and "unused-variable" not in self.warn and \
                "unused" not in self.warn:
            return
        for name, sym in reversed(scope.names.items()):     # gcc's order: last first
            if sym.kind == "var" and not sym.used and sym.linkage == "none" and \
                    sym.loc is not None and not any(a.name in ("unused", "cleanup")
                                                    for a in sym.attrs) and \
                    not name.startswith("__"):
                self.warning(f"unused variable '{name}' [-Wunused-variable]", sym.loc)
            elif sym.kind == "var" and sym.used and not sym.reads and sym.linkage == "none" and \
                    sym.loc is not None and not sym.is_static_local and \
                    not any(a.name in ("unused", "cleanup") for a in sym.attrs):
                self.warning(f"variable '{name}' set but not used "
                             "[-Wunused-but-set-variable]", sym.loc)

    def stmt(self, s):
        # chains of labels (case 1: case 2: ...) are walked iteratively
        while isinstance(s, (A.Case, A.Default, A.Label)):
            self.label_part(s)
            s = s.stmt
        self.stmt1(s)

    def label_part(self, s):
        f = self.func
        if isinstance(s, A.Case):
            if not f.switches:
                self.error("case label not within a switch statement", s)
                return
            sw = f.switches[-1]
            lo = self.const_int(self.expr(s.low))
            hi = self.const_int(self.expr(s.high)) if s.high is not None else lo
            if lo is None or (s.high is not None and hi is None):
                self.error("case label does not reduce to an integer constant", s)
                return
            ct = sw.cond.type if sw.cond.type is not None else self.tt.int
            if ct.is_integer():
                lo = ct.wrap(lo)
                hi = ct.wrap(hi)
            seen = sw.case_values
            dup = False
            if lo == hi:
                dup = lo in seen
                if not dup:
                    for a, b in sw.case_ranges:
                        if a <= lo <= b:
                            dup = True
                            break
            else:
                dup = any(lo <= v <= hi for v in seen) if len(seen) < 100000 else False
                dup = dup or any(not (hi < a or lo > b) for a, b in sw.case_ranges)
            if dup:
                self.error("duplicate case value", s)
                prev = seen.get(lo) if lo == hi else None
                if prev is not None:
                    self.note("previously used here", prev)
            elif lo == hi:
                seen[lo] = s
            else:
                sw.case_ranges.append((lo, hi))
            sw.cases.append((lo, hi, s))
            s.value = (lo, hi)
        elif isinstance(s, A.Default):
            if not f.switches:
                self.error("'default' label not within a switch statement", s)
            else:
                sw = f.switches[-1]
                if sw.has_default:
                    self.error("multiple default labels in one switch", s)
                sw.has_default = True
                sw.cases.append((None, None, s))
        else:
            if s.name in f.labels:
                self.error(f"duplicate label '{s.name}'", s)
            f.labels[s.name] = s

    def stmt1(self, s):
        f = self.func
        if isinstance(s, A.ExprStmt):
            if s.expr is not None:
                s.expr = self.void_expr(s.expr)
                if self._wall("unused-value"):
                    if _no_effect(s.expr):
                        self.warning("statement with no effect [-Wunused-value]",
                                     _range_loc(s.expr))
                    elif isinstance(s.expr, A.Cast) and not isinstance(s.expr.type, T.VoidType) \
                            and _pure(s.expr.operand):
                        self.warning("value computed is not used [-Wunused-value]", s.expr)
                    else:
                        self._unused_value(s.expr)
        elif isinstance(s, A.Declaration):
            self.declaration(s, False)
        elif isinstance(s, A.FunctionDef):
            self.function_def(s)
        elif isinstance(s, A.StaticAssert):
            self.static_assert(s)
        elif isinstance(s, A.Compound):
            self.compound(s)
        elif isinstance(s, (A.If, A.While, A.DoWhile, A.For, A.Switch)):
            # C99 6.8.4p3, 6.8.5p5: the statement and its substatements are blocks
            self.scope = Scope(self.scope)
            try:
                self.stmt2(s)
            finally:
                self.scope = self.scope.parent
        else:
            self.stmt2(s)

    def substmt(self, s):
        if isinstance(s, A.Compound):
            self.stmt(s)
            return
        self.scope = Scope(self.scope)
        try:
            self.stmt(s)
        finally:
            self.scope = self.scope.parent

    def stmt2(self, s):
        f = self.func
        if isinstance(s, A.ExprStmt):
            pass
        elif isinstance(s, A.If):
            s.cond = self.cond(s.cond)
            self._truth_assign(s.cond)
            if s.other is None and isinstance(s.then, A.If) and s.then.other is not None \
                    and self._wall("dangling-else"):
                c = _loc(s.cond)
                if c is not None and c.col > 1:
                    c = Location(c.file, c.line, c.col - 1)
                self.warning("suggest explicit braces to avoid ambiguous 'else' "
                             "[-Wdangling-else]", c or s)
            self.substmt(s.then)
            if s.other is not None:
                self.substmt(s.other)
        elif isinstance(s, A.While):
            s.cond = self.cond(s.cond)
            self._truth_assign(s.cond)
            f.loops += 1
            self.substmt(s.body)
            f.loops -= 1
        elif isinstance(s, A.DoWhile):
            f.loops += 1
            self.substmt(s.body)
            f.loops -= 1
            s.cond = self.cond(s.cond)
            self._truth_assign(s.cond)
        elif isinstance(s, A.For):
            self.scope = Scope(self.scope)
            if isinstance(s.init, A.Declaration):
                self.declaration(s.init, False)
            elif s.init is not None:
                s.init = self.void_expr(s.init)
            if s.cond is not None:
                s.cond = self.cond(s.cond)
                self._truth_assign(s.cond)
            if s.step is not None:
                s.step = self.void_expr(s.step)
            f.loops += 1
            self.substmt(s.body)
            f.loops -= 1
            self.scope = self.scope.parent
        elif isinstance(s, A.Switch):
            s.cond = self.expr(s.cond)
            if not s.cond.type.is_integer():
                self.error("switch quantity not an integer", s.cond)
            else:
                s.cond = self.convert(self.promote(s.cond), self.promoted(s.cond.type))
            s.cases = []
            s.case_values = {}
            s.case_ranges = []
            s.has_default = False
            f.switches.append(s)
            f.loops += 0
            self.switch_depth_loops = getattr(self, "switch_depth_loops", 0)
            self.stmt(s.body)
            f.switches.pop()
        elif isinstance(s, A.Case):
            if not f.switches:
                self.error("case label not within a switch statement", s)
                self.stmt(s.stmt)
                return
            sw = f.switches[-1]
            lo = self.const_int(self.expr(s.low))
            hi = self.const_int(self.expr(s.high)) if s.high is not None else lo
            if lo is None or (s.high is not None and hi is None):
                self.error("case label does not reduce to an integer constant", s)
            else:
                ct = sw.cond.type if sw.cond.type is not None else self.tt.int
                if ct.is_integer():
                    lo = ct.wrap(lo) if hasattr(ct, "wrap") else lo
                    hi = ct.wrap(hi) if hasattr(ct, "wrap") else hi
                for (a, b, where) in sw.cases:
                    if a is not None and not (hi < a or lo > b):
                        self.error("duplicate case value", s)
                        break
                sw.cases.append((lo, hi, s))
                s.value = (lo, hi)
            self.stmt(s.stmt)
        elif isinstance(s, A.Default):
            if not f.switches:
                self.error("'default' label not within a switch statement", s)
            else:
                sw = f.switches[-1]
                if any(a is None for a, _, _ in sw.cases):
                    self.error("multiple default labels in one switch", s)
                sw.cases.append((None, None, s))
            self.stmt(s.stmt)
        elif isinstance(s, A.Label):
            if s.name in f.labels:
                self.error(f"duplicate label '{s.name}'", s)
            f.labels[s.name] = s
            self.stmt(s.stmt)
        elif isinstance(s, A.Goto):
            f.gotos.append((s.label, s))
        elif isinstance(s, A.GotoIndirect):
            s.target = self.expr(s.target)
        elif isinstance(s, A.Break):
            if f.loops == 0 and not f.switches:
                self.error("break statement not within loop or switch", s)
        elif isinstance(s, A.Continue):
            if f.loops == 0:
                self.error("continue statement not within a loop", s)
        elif isinstance(s, A.Return):
            rt = f.ret
            if s.value is not None:
                e = self.expr(s.value)
                if isinstance(rt, T.VoidType):
                    if not isinstance(e.type, T.VoidType):
                        self.warning("'return' with a value, in function returning void",
                                     s.value)
                        if self.func.sym is not None and self.func.sym.loc is not None:
                            self.note("declared here", self.func.sym.node.declarator
                                      if self.func.sym.node is not None else self.func.sym.loc)
                    s.value = e
                else:
                    s.value = self.assign_convert(rt, e, "return")
            elif not isinstance(rt, T.VoidType):
                self.warning("'return' with no value, in function returning non-void "
                             "[-Wreturn-type]", s)
        elif isinstance(s, A.AsmStmt):
            for lst in (s.outputs, s.inputs):
                for k, (nm, cons, e) in enumerate(lst):
                    lst[k] = (nm, cons, self.expr(e, decay=False))
            for lbl in s.labels:
                f.gotos.append((lbl, s))
        elif isinstance(s, (A.AttrStmt, A.LocalLabels)):
            pass

    def _wall(self, flag):
        w = self.warn
        return ("all" in w or flag in w or "error=" + flag in w) and "no-" + flag not in w

    def _truth_assign(self, e):
        while isinstance(e, A.ImplicitCast):
            e = e.operand
        if isinstance(e, A.Assign) and e.op == "=" and not e.paren and self._wall("parentheses"):
            self.warning("suggest parentheses around assignment used as truth value "
                         "[-Wparentheses]", e.left)

    def _paren_warnings(self, e, l, r):
        """-Wparentheses on a binary operator whose operands were not parenthesized."""
        op = e.op
        if not self._wall("parentheses"):
            return

        def strip(x):
            while isinstance(x, A.ImplicitCast) and not x.paren:
                x = x.operand
            return x
        l, r = strip(l), strip(r)
        cmp_ops = ("<", ">", "<=", ">=", "==", "!=")
        for x in (l, r):
            if not isinstance(x, A.Binary) or x.paren:
                continue
            if op in ("&", "|", "^") and x.op in cmp_ops:
                self.warning(f"suggest parentheses around comparison in operand of '{op}' "
                             "[-Wparentheses]", _range_loc(x))
            elif op in ("&", "|", "^") and x.op in ("+", "-"):
                self.warning(f"suggest parentheses around arithmetic in operand of '{op}' "
                             "[-Wparentheses]", _range_loc(x))
            elif op == "|" and x.op in ("&", "^") or op == "^" and x.op == "&":
                self.warning(f"suggest parentheses around arithmetic in operand of '{op}' "
                             "[-Wparentheses]", _range_loc(x))
            elif op == "||" and x.op == "&&":
                self.warning("suggest parentheses around '&&' within '||' [-Wparentheses]", _range_loc(x))
            elif op in ("<<", ">>") and x.op in ("+", "-"):
                self.warning(f"suggest parentheses around '{x.op}' inside '{op}' "
                             "[-Wparentheses]", _range_loc(x))
        if op in cmp_ops and isinstance(l, A.Binary) and not l.paren and l.op in cmp_ops \
                and op not in ("==", "!=") and l.op not in ("==", "!="):
            self.warning(f"comparisons like 'X<=Y<=Z' do not have their mathematical meaning "
                         "[-Wparentheses]", _range_loc(l))

    def cond(self, e):
        e = self.expr(e)
        if not (e.type.is_scalar() or isinstance(e.type, T.VectorType)):
            self.error("used struct type value where scalar is required"
                       if isinstance(e.type, T.RecordType) else
                       "void value not ignored as it ought to be"
                       if isinstance(e.type, T.VoidType) else "used value where scalar is required",
                       e)
        return e

    # ---------------------------------------------------------------- expressions
    def mk(self, node, ty, lvalue=False):
        node.type = ty
        node.lvalue = lvalue
        return node

    def expr(self, e, decay=True):
        """Type ``e`` and return it (or its replacement); with ``decay``, arrays and functions
        are converted to pointers (C11 6.3.2.1)."""
        m = getattr(self, "e_" + type(e).__name__, None)
        if m is None:
            return self.mk(e, self.tt.int)
        r = m(e)
        if r.type is None:
            r.type = self.tt.int
        if decay:
            t = r.type
            if isinstance(t, T.ArrayType):
                c = A.ImplicitCast("decay", r, loc=r.loc)
                return self.mk(c, T.PointerType(t.elem))
            if isinstance(t, T.FunctionType):
                c = A.ImplicitCast("func_decay", r, loc=r.loc)
                return self.mk(c, T.PointerType(t))
        return r

    def convert(self, e, ty):
        if e.type is ty or (e.type is not None and T.compatible(e.type.unqual(), ty.unqual(), True)
                            and type(e.type) is type(ty) and not isinstance(ty, T.RecordType)
                            and getattr(e.type, "name", None) == getattr(ty, "name", None)):
            return e
        c = A.ImplicitCast("convert", e, loc=e.loc)
        return self.mk(c, ty.unqual())

    def promoted(self, t):
        tt = self.tt
        if isinstance(t, T.EnumType):
            t = t.base
        if isinstance(t, T.IntType) and t.rank < 3:
            return tt.int
        return t.unqual()

    def promote(self, e):
        b = self.bitfield_promote(e)
        if b is not e:
            return b
        p = self.promoted(e.type)
        return self.convert(e, p) if p is not e.type else e

    def bitfield_promote(self, e):
        """A bit-field narrower than int promotes to int even when its type is unsigned (or
        wider than int); one of exactly int's width to int or unsigned int (C11 6.3.1.1)."""
        if type(e) is not A.Member or e.field is None or e.field[-1].bit_width is None:
            return e
        t = e.type
        if isinstance(t, T.EnumType):
            t = t.base
        if not isinstance(t, T.IntType):
            return e
        w = e.field[-1].bit_width
        if w < 32:
            p = self.tt.int
        elif w == 32:
            p = self.tt.int if t.signed else self.tt.uint
        else:
            return e
        return self.convert(e, p) if p is not t else e

    def arith_conv(self, a, b):
        tt = self.tt
        if isinstance(a, T.VectorType):
            return a
        if isinstance(b, T.VectorType):
            return b
        fa = isinstance(a, (T.FloatType,))
        fb = isinstance(b, (T.FloatType,))
        ca = getattr(a, "complex", False) or isinstance(a, T.ComplexIntType)
        cb = getattr(b, "complex", False) or isinstance(b, T.ComplexIntType)
        if fa or fb:
            ra = a.rank if fa else -1
            rb = b.rank if fb else -1
            r = a if ra >= rb else b
            if (ca or cb) and not getattr(r, "complex", False):
                return tt.complex_of(T.FloatType(r.name, r.size, r.align, r.fmt, r.rank))
            return r.unqual()
        if isinstance(a, T.ComplexIntType) or isinstance(b, T.ComplexIntType):
            return a if isinstance(a, T.ComplexIntType) else b
        a = self.promoted(a)
        b = self.promoted(b)
        if isinstance(a, T.BitIntType) or isinstance(b, T.BitIntType):
            pa = a.prec if isinstance(a, T.BitIntType) else a.size * 8
            pb = b.prec if isinstance(b, T.BitIntType) else b.size * 8
            if pa != pb:
                return a if pa > pb else b
            if a.signed != b.signed:
                return b if a.signed else a
            return a
        if a.name == b.name:
            return a
        if a.signed == b.signed:
            return a if a.rank > b.rank else b
        u, s = (a, b) if not a.signed else (b, a)
        if u.rank >= s.rank:
            return u
        if s.size > u.size:
            return s
        return {"long": tt.ulong, "long long": tt.ullong, "__int128": tt.uint128}.get(s.name, u)

    def is_null_const(self, e):
        t = e.type
        inner = e
        while isinstance(inner, (A.ImplicitCast, A.Cast)) and inner.type is not None and (
                inner.type.is_integer() or (isinstance(inner.type, T.PointerType) and
                                            isinstance(inner.type.target, T.VoidType))):
            inner = inner.operand
        if t.is_integer() or (isinstance(t, T.PointerType) and isinstance(t.target, T.VoidType)):
            v = self.const_int(inner if inner.type.is_integer() else e)
            return v == 0 and inner.type.is_integer()
        return False

    def assign_convert(self, ty, e, ctx="assignment"):
        """Convert ``e`` for assignment to ``ty`` (C11 6.5.16.1)."""
        lt = ty.unqual()
        rt = e.type
        if isinstance(lt, T.RecordType) or isinstance(rt, T.RecordType):
            if isinstance(lt, T.RecordType) and isinstance(rt, T.RecordType) and \
                    T.compatible(lt, rt.unqual(), True):
                return e
            if isinstance(lt, T.RecordType) and lt.is_union and ctx == "argument" and any(
                    T.compatible(f.type.unqual(), rt.unqual(), True) or
                    (isinstance(f.type, T.PointerType) and (isinstance(rt, T.PointerType) or
                                                           rt.is_integer()))
                    for f in lt.fields):
                return self.convert(e, lt)   # GNU transparent union / cast to union
            what = {"assignment": "assigning to type", "return": "returning",
                    "initialization": "initializing type", "argument": "passing"}[ctx]
            an = getattr(self, "_argno", None)
            if ctx == "argument" and an is not None:
                self.error(f"incompatible type for argument {an[0]} of '{an[1]}'" if an[1] else
                           f"incompatible type for argument {an[0]}", e)
                return e
            self.error(f"incompatible types when {what} '{lt}' from type '{rt}'"
                       if ctx != "return" else
                       f"incompatible types when returning type '{rt}' but '{lt}' was expected",
                       e)
            return e
        if isinstance(rt, T.VoidType):
            self.error("void value not ignored as it ought to be", e)
            return e
        if isinstance(lt, T.VoidType):
            return e
        def what():     # spelled only for a warning (type spelling is slow)
            return {"assignment": f"assignment to '{lt}' from '{rt}'",
                    "return": f"returning '{rt}' from a function with return type '{lt}'",
                    "initialization": f"initialization of '{lt}' from '{rt}'",
                    "argument": f"passing argument of type '{rt}' to parameter of type "
                                f"'{lt}'"}[ctx]
        if isinstance(lt, T.PointerType) and rt.is_integer() and not self.is_null_const(e):
            self.warning(f"{what()} makes pointer from integer without a cast "
                         "[-Wint-conversion]", e)
        elif lt.is_integer() and isinstance(rt, T.PointerType) and lt.name != "_Bool":
            self.warning(f"{what()} makes integer from pointer without a cast "
                         "[-Wint-conversion]", e)
        elif isinstance(lt, T.PointerType) and isinstance(rt, T.PointerType):
            a, b = lt.target, rt.target
            if not (isinstance(a, T.VoidType) or isinstance(b, T.VoidType) or
                    T.compatible(a.unqual(), b.unqual(), True) or
                    (a.is_integer() and b.is_integer() and a.size == b.size)):
                self.warning(f"{what().split(' from ')[0]} from incompatible pointer type "
                             f"'{rt}' [-Wincompatible-pointer-types]" if ctx != "argument" else
                             f"passing argument from incompatible pointer type "
                             f"[-Wincompatible-pointer-types]", e)
            elif b.quals & ~a.quals & (T.CONST | T.VOLATILE):
                self.warning(f"{what()} discards '{T.Type.qual_str(b)}' qualifier from pointer "
                             "target type [-Wdiscarded-qualifiers]", e)
        return self.convert(e, lt)

    # expression kinds
    def e_Ident(self, e):
        sym = self.scope.lookup(e.name)
        if sym is None and e.name.startswith("__builtin_"):
            sym = self.target_builtin(e.name)
        if sym is None:
            if e.name.startswith("__builtin_") or e.name.startswith("__sync_") or \
                    e.name.startswith("__atomic_"):
                ft = self.lib_proto(e.name[10:]) if e.name.startswith("__builtin_") else None
                if ft is None:
                    ft = T.FunctionType(self.builtin_ret(e.name), [], False, False)
                sym = Symbol(e.name, "func", ft, "extern")
                sym.linkage = "external"
                self.file_scope.names[e.name] = sym
            else:
                self.error(f"'{e.name}' undeclared" + (" here (not in a function)" if self.func
                                                        is None else " (first use in this function)"),
                           e)
                sym = Symbol(e.name, "var", self.tt.int)
                sc = self.scope
                if self.func is None:
                    sym.kind = "enum"       # no follow-up "not constant" errors
                    sym.value = 0
                else:
                    if not getattr(self, "_undeclared_note", False):
                        self._undeclared_note = True
                        self.note("each undeclared identifier is reported only once for each "
                                  "function it appears in", e)
                    while sc.kind != "function" and sc.parent is not None:
                        sc = sc.parent      # reported once per function
                sc.names[e.name] = sym
        if sym.kind == "typedef":
            self.error(f"expected expression before '{e.name}'", e)
            sym = Symbol(e.name, "var", self.tt.int)
        e.sym = sym
        sym.used = True
        sym.reads += 1
        if sym.kind == "enum":
            return self.mk(e, sym.type)
        return self.mk(e, sym.type, sym.kind in ("var", "param"))

    def _header_hint(self, name, where):
        info = _LIB_HEADERS.get(name)
        if info is None or self.c89 or not info[0]:
            return
        hdr = info[0]
        msg = f"include '<{hdr}>' or provide a declaration of '{name}'"
        loc = _loc(where)
        if hdr not in self.hinted and loc is not None:
            self.hinted.add(hdr)
            self.diag.note_insert(msg, Location(loc.file, 1, 1), f"#include <{hdr}>", loc.line)
        else:
            self.note(msg, where)

    def _builtin_mismatch(self, name, where):
        info = _LIB_HEADERS.get(name)
        if info is None or info[1] or self.c89:
            return
        src = getattr(where.loc, "src", None)
        if src is not None and getattr(src, "system", False):
            return
        if "no-builtin-declaration-mismatch" in self.warn:
            return
        self.warning(f"incompatible implicit declaration of built-in function '{name}' "
                     "[-Wbuiltin-declaration-mismatch]", where)
        if info[0]:
            self.note(f"include '<{info[0]}>' or provide a declaration of '{name}'", where)

    def implicit_libfunc(self, name):
        """The type gcc gives an implicitly declared C library function (its built-in
        prototype), or None for an ordinary implicit ``int f()``."""
        sig = _IMPLICIT_LIB.get(name)
        if sig is None:
            # the math families: gcc's built-in prototype (sinl returns long double)
            return self.lib_proto(name) if "/" in LIB_PROTOS.get(name, "") else None
        tt = self.tt
        m = {"p": T.PointerType(tt.void), "s": tt.ulong, "i": tt.int, "l": tt.long,
             "L": tt.llong, "d": tt.double, "f": tt.float, "c": T.PointerType(tt.char)}
        ret, params = sig.split(":")
        ps = [m[c] for c in params]
        dest = name.startswith(("mem", "str")) and ret in "pc" and name not in (
            "memchr", "strchr", "strrchr", "strstr", "strdup")
        for i, (c, p) in enumerate(zip(params, ps)):
            if c in "pc" and not (i == 0 and (dest or name == "realloc")):
                ps[i] = T.PointerType(p.target.qualified(T.CONST))   # const char *, const void *
        return T.FunctionType(m[ret], ps, False, True)

    def lib_proto(self, name):
        """gcc's prototype of the library function ``name`` that ``__builtin_<name>`` calls
        (gnu_names.LIB_PROTOS), or None."""
        sig = LIB_PROTOS.get(name)
        if sig is None:
            return None
        tt = self.tt
        sig, _, fam = sig.partition("/")
        x = {"d": tt.double, "f": tt.float, "D": tt.ldouble}.get(fam, tt.double)
        m = {"v": tt.void, "i": tt.int, "u": tt.uint, "l": tt.long, "L": tt.llong,
             "s": tt.ulong, "p": T.PointerType(tt.void),
             "P": T.PointerType(tt.void.qualified(T.CONST)), "c": T.PointerType(tt.char),
             "C": T.PointerType(tt.char.qualified(T.CONST)), "n": T.PointerType(tt.int),
             "x": x, "q": T.PointerType(x), "z": tt.complex_of(x), "D": tt.ldouble}
        ret, params = sig.split(":")
        variadic = params.endswith(".")
        return T.FunctionType(m[ret], [m[c] for c in params.rstrip(".")], variadic, True)

    def target_builtin(self, name):
        """The symbol of target builtin ``name`` (``__builtin_ia32_*``...) with the prototype
        from the target's table ``toolchain.arch.<t>.cc.builtins.builtin_type``, or None. It is
        called by its own name; the target's back end selects its instructions."""
        import importlib
        try:
            mod = importlib.import_module(f"toolchain.arch.{getattr(self.tt.target, 'name', self.tt.target)}.cc.builtins")
        except ImportError:
            return None
        ft = mod.builtin_type(name, self.tt)
        if ft is None:
            return None
        sym = Symbol(name, "func", ft, "extern")
        sym.linkage = "external"
        sym.asm_name = name
        self.file_scope.names[name] = sym
        return sym

    def builtin_ret(self, name):
        tt = self.tt
        r = _BUILTIN_RET.get(name)
        m = {"long": tt.long, "voidp": T.PointerType(tt.void), "size_t": tt.ulong,
             "double": tt.double, "float": tt.float, "ldouble": tt.ldouble, "void": tt.void,
             "ushort": tt.ushort, "uint": tt.uint, "ulong": tt.ulong, "int": tt.int,
             "charp": T.PointerType(tt.char)}
        if r is not None:
            return m[r]
        if name.startswith(("__builtin_clz", "__builtin_ctz", "__builtin_popcount",
                            "__builtin_parity", "__builtin_ffs", "__builtin_clrsb")):
            return tt.int
        if name.startswith(("__sync_", "__atomic_")):
            return tt.long
        return tt.int

    def e_IntConst(self, e):
        tt = self.tt
        text = e.text
        s = text.lower()
        # GNU imaginary constants: one `i`/`j` among the suffix letters (`567i`, `2li`, `3ui`)
        stem = s.rstrip("uilj")
        imag = (s[len(stem):].count("i") + s[len(stem):].count("j")) == 1
        if imag:
            tail = s[len(stem):]
            s = stem + tail.replace("i", "").replace("j", "")
        body = s.rstrip("ul")
        suffix = s[len(body):]
        try:
            if body.startswith("0x"):
                v = int(body[2:], 16)
            elif body.startswith("0b"):
                v = int(body[2:], 2)
            elif body.startswith("0") and len(body) > 1:
                v = int(body, 8)
            else:
                v = int(body, 10)
            if suffix not in ("", "u", "l", "ul", "lu", "ll", "ull", "llu") or \
                    ("ll" in suffix and "ll" not in text.lower().replace("LL", "ll")
                     and False):
                raise ValueError
        except ValueError:
            if body.endswith(("i", "j")) or suffix and body[-1:] in ("i", "j"):
                e.value = 0
                return self.mk(e, tt.complex_of(tt.int))
            bad8 = next((ch for ch in body if ch in "89"), None) \
                if body[:1] == "0" and body.isdigit() else None
            self.error(f"invalid digit \"{bad8}\" in octal constant" if bad8 else
                       f"invalid suffix \"{text[len(body):]}\" on integer constant"
                       if body.isdigit() or body.startswith("0x") else
                       f"invalid digit in constant '{text}'" if body[:1] == "0" and body.isdigit()
                       else f"invalid suffix on integer constant '{text}'", e)
            e.value = 0
            return self.mk(e, tt.int)
        dec = not (body.startswith("0") and len(body) > 1)
        uns = "u" in suffix
        nl = suffix.count("l")
        cands = []
        if nl == 0:
            cands = [tt.int, tt.uint, tt.long, tt.ulong] if not dec else [tt.int, tt.long]
        elif nl == 1:
            cands = [tt.long, tt.ulong] if not dec else [tt.long]
        else:
            cands = [tt.llong, tt.ullong] if not dec else [tt.llong]
        if uns:
            cands = [c for c in ({tt.int: tt.uint, tt.long: tt.ulong, tt.llong: tt.ullong}.get(c, c)
                                 for c in cands)]
        ty = next((c for c in cands if c.min_max()[0] <= v <= c.min_max()[1]), None)
        if ty is None:
            ty = tt.ulong if v <= 0xFFFFFFFFFFFFFFFF else tt.uint128
            if v > 0xFFFFFFFFFFFFFFFF:
                self.warning("integer constant is too large for its type", e)
                v &= 0xFFFFFFFFFFFFFFFF
                ty = tt.ulong
        e.value = v
        return self.mk(e, tt.complex_of(ty) if imag else ty)

    def e_FloatConst(self, e):
        tt = self.tt
        s = e.text.lower()
        ty = tt.double
        imag = False
        while s and s[-1] in "ij":
            imag = True
            s = s[:-1]
        for suf, t in (("f128", tt.float128), ("f64x", tt.ldouble), ("f32x", tt.double),
                       ("f64", tt.double), ("f32", tt.float), ("f16", tt.float16),
                       ("df", None), ("dd", None), ("dl", None), ("f", tt.float),
                       ("l", tt.ldouble), ("q", tt.float128), ("w", tt.ldouble)):
            if s.endswith(suf) and not (suf in ("f",) and s.startswith("0x") and "p" not in s):
                s = s[:-len(suf)]
                ty = t if t is not None else tt.double
                break
        while s and s[-1] in "ij":
            imag = True
            s = s[:-1]
        if s.lower().startswith("0x") and "p" not in s.lower():
            self.error("hexadecimal floating constants require an exponent", e)
        try:
            v = float.fromhex(s) if s.startswith("0x") else float(s)
        except (ValueError, OverflowError):
            self.error(f"invalid suffix on floating constant '{e.text}'"
                       if s[:1].isdigit() or s[:1] == "." else f"invalid constant '{e.text}'", e)
            v = 0.0
        e.value = v
        if imag:
            ty = tt.complex_of(ty)
        return self.mk(e, ty)

    def _escapes(self, body, where):
        if "\\" not in body:
            return
        for kind, msg in escape_problems(body):
            if kind == "error":
                self.error(msg, where)
            else:
                self.pedwarn(msg, where, pedantic_only=(kind == "pedantic"))

    def e_CharConst(self, e):
        tt = self.tt
        text = e.text
        prefix = text[:text.index("'")]
        self._escapes(text[len(prefix) + 1:-1], e)
        if len(text) - len(prefix) <= 2:
            self.error("empty character constant", e)
            e.value = 0
            return self.mk(e, tt.int)
        if prefix in ("L", "u", "U"):
            text = prefix + _ucn_body(text[len(prefix):])
        e.value = char_value(text, self.target) if prefix or not isinstance(tt.char, T.IntType) \
            else self._char_val(text)
        ty = {"": tt.int, "L": tt.wchar_t, "u": tt.char16_t, "U": tt.char32_t,
              "u8": tt.uchar}.get(prefix, tt.int)
        return self.mk(e, ty)

    def _char_val(self, text):
        units = decode_escapes(text[1:-1])
        bs = []
        for u in units:
            if u < 0:
                bs.extend(chr(-u - 1).encode("utf-8", "surrogatepass"))
            else:
                bs.append(u & 0xFF)
        if len(bs) == 1:
            v = bs[0]
            if self.tt.char.signed and v >= 128:
                v -= 256
            return v
        v = 0
        for b in bs[-4:]:
            v = ((v << 8) | b) & 0xFFFFFFFF
        return v - (1 << 32) if v >= 1 << 31 else v

    def e_StringLit(self, e):
        tt = self.tt
        prefix = ""
        units = []
        for p in e.parts:
            pf = p[:p.index('"')]
            if pf:
                if prefix and pf != prefix:
                    self.error("unsupported non-standard concatenation of string literals", e)
                prefix = pf
        for p in e.parts:
            q = p.index('"')
            body = p[q + 1:-1]
            self._escapes(body, getattr(e, "after", None) or e)
            if prefix in ("L", "u", "U"):
                body = _ucn_body(body)      # source characters are code points, not bytes
            units.extend(decode_escapes(body))
        elem = {"": tt.char, "u8": tt.char, "L": tt.wchar_t, "u": tt.char16_t,
                "U": tt.char32_t}[prefix]
        vals = []
        if prefix in ("", "u8"):
            for u in units:
                if u < 0:
                    vals.extend(chr(-u - 1).encode("utf-8", "surrogatepass"))
                else:
                    vals.append(u & 0xFF)
        else:
            # re-decode multi-byte UTF-8 sequences of the source into code points
            raw = bytearray()
            out = []
            for u in units:
                if u < 0:
                    out.append(-u - 1)
                else:
                    out.append(u)
            if prefix == "u":
                for cp in out:
                    if cp > 0xFFFF:
                        cp -= 0x10000
                        vals += [0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF)]
                    else:
                        vals.append(cp)
            else:
                vals = out
            del raw
        vals.append(0)
        e.value = vals
        e.prefix = prefix
        return self.mk(e, T.ArrayType(elem, len(vals)), True)

    def e_Binary(self, e):
        op = e.op
        if op in ("&&", "||"):
            e.left = self.cond(e.left)
            e.right = self.cond(e.right)
            if op == "||":
                self._paren_warnings(e, e.left, e.right)
            return self.mk(e, self.tt.int)
        pre = self._pre
        k = id(e.left)
        if k in pre:
            l = pre.pop(k)
        else:
            x = e.left
            if type(x) is A.Binary and type(x.left) is A.Binary:
                # a long left-leaning chain (a+b+c+...: generated code, macro expansions):
                # type it from the bottom up instead of recursing once per operator
                spine = []
                while type(x) is A.Binary and x.op not in ("&&", "||") and id(x) not in pre:
                    spine.append(x)
                    x = x.left
                if len(spine) > 64:
                    for node in reversed(spine[1:]):
                        pre[id(node)] = self.expr(node)
            l = self.expr(e.left)
        r = self.expr(e.right)
        self._paren_warnings(e, l, r)
        lt, rt = l.type, r.type
        if isinstance(lt, T.VoidType) or isinstance(rt, T.VoidType):
            self.error("void value not ignored as it ought to be",
                       l if isinstance(lt, T.VoidType) else r)
            e.left, e.right = l, r
            return self.mk(e, self.tt.int)
        tt = self.tt
        if op in ("+", "-"):
            lp = isinstance(lt, T.PointerType)
            rp = isinstance(rt, T.PointerType)
            if lp and rt.is_integer():
                self._check_ptr_arith(lt, e)
                e.left, e.right = l, self.convert(r, tt.long)
                return self.mk(e, lt.unqual())
            if rp and lt.is_integer() and op == "+":
                self._check_ptr_arith(rt, e)
                e.left, e.right = self.convert(l, tt.long), r
                return self.mk(e, rt.unqual())
            if lp and rp and op == "-":
                if not T.compatible(lt.target.unqual(), rt.target.unqual(), True):
                    self.error("invalid operands to binary - (have '%s' and '%s')" % (lt, rt), e)
                e.left, e.right = l, r
                return self.mk(e, tt.long)
        if op in ("<", ">", "<=", ">=", "==", "!="):
            lp = isinstance(lt, T.PointerType)
            rp = isinstance(rt, T.PointerType)
            if lp or rp:
                if lp and rp:
                    pass
                elif (lp and rt.is_integer()) or (rp and lt.is_integer()):
                    pass
                else:
                    self.error(f"invalid operands to binary {op} (have '{lt}' and '{rt}')", e)
                e.left, e.right = l, r
                return self.mk(e, tt.int)
        if isinstance(lt, T.VectorType) or isinstance(rt, T.VectorType):
            e.left, e.right = l, r
            return self.mk(e, lt if isinstance(lt, T.VectorType) else rt)
        if not (lt.is_arith() and rt.is_arith()):
            self.error(f"invalid operands to binary {op} (have '{lt}' and '{rt}')", e)
            e.left, e.right = l, r
            return self.mk(e, tt.int)
        if op in ("%", "<<", ">>", "&", "|", "^") and not (lt.is_integer() and rt.is_integer()) \
                and not (isinstance(lt, T.ComplexIntType) or isinstance(rt, T.ComplexIntType)):
            self.error(f"invalid operands to binary {op} (have '{lt}' and '{rt}')", e)
            e.left, e.right = l, r
            return self.mk(e, tt.int)
        if op in ("<<", ">>"):
            e.left = self.promote(l)
            e.right = self.promote(r)
            return self.mk(e, e.left.type)
        l = self.bitfield_promote(l)
        r = self.bitfield_promote(r)
        ct = self.arith_conv(l.type, r.type)
        e.left = self.convert(l, ct)
        e.right = self.convert(r, ct)
        if op in ("<", ">", "<=", ">=", "==", "!="):
            return self.mk(e, tt.int)
        return self.mk(e, ct)

    def _check_ptr_arith(self, pt, where):
        t = pt.target
        if isinstance(t, T.RecordType) and not t.complete or \
                isinstance(t, T.ArrayType) and not t.is_complete() and not is_vm(t):
            self.error("invalid use of undefined type '%s'" % t if isinstance(t, T.RecordType)
                       else "arithmetic on pointer to an incomplete type", where)

    def check_modifiable(self, e, what, where=None):
        if where is not None:
            self._mod_where = where
            try:
                return self.check_modifiable(e, what)
            finally:
                self._mod_where = None
        W = getattr(self, "_mod_where", None) or e
        if not e.lvalue:
            self.error(f"lvalue required as {what}", W)
            return
        t = e.type
        if isinstance(t, T.ArrayType):
            self.error(f"assignment to expression with array type" if what.startswith("left")
                       else f"lvalue required as {what}", W)
            return
        if t.quals & T.CONST:
            name = self._name_of(e)
            if isinstance(e, A.Member):
                self.error(f"assignment of read-only member '{e.name}'" if what.startswith("left")
                           else f"{'increment' if 'incr' in what else 'decrement'} of read-only member '{e.name}'", W)
            elif name is not None:
                kind = "parameter" if isinstance(e, A.Ident) and e.sym is not None and \
                    e.sym.kind == "param" else "variable"
                if what.startswith("left"):
                    self.error(f"assignment of read-only {kind} '{name}'", W)
                else:
                    self.error(f"{'increment' if 'incr' in what else 'decrement'} of read-only {kind} '{name}'", W)
            else:
                self.error("assignment of read-only location" if what.startswith("left") else
                           f"{'increment' if 'incr' in what else 'decrement'} of read-only location", W)
        elif isinstance(t, T.RecordType) and self._has_const_member(t):
            self.error(f"assignment of read-only location", W)

    def _has_const_member(self, r, depth=0):
        if depth > 8:
            return False
        for f in r.fields:
            if f.type.quals & T.CONST:
                return True
            if isinstance(f.type, T.RecordType) and self._has_const_member(f.type, depth + 1):
                return True
        return False

    @staticmethod
    def _name_of(e):
        if isinstance(e, A.Ident):
            return e.name
        return None

    def e_Assign(self, e):
        l = self.expr(e.left, decay=False)
        if e.op == "=" and type(l) is A.Ident and l.sym is not None and id(e) in self.discarded:
            l.sym.reads -= 1        # a store, not a read (-Wunused-but-set-variable)
        r = self.expr(e.right)
        self.check_modifiable(l, "left operand of assignment", e)
        e.left = l
        lt = l.type
        if isinstance(lt, T.RecordType) and not lt.complete:
            self.error(f"invalid use of undefined type '{lt.unqual()}'", r)
            self.error(f"invalid use of undefined type '{lt.unqual()}'", e)
            e.right = r
            return self.mk(e, lt.unqual())
        if e.op == "=":
            e.right = self.assign_convert(lt, r)
        else:
            op = e.op[:-1]
            rt = r.type
            intop = op in ("%", "<<", ">>", "&", "|", "^")
            if op in ("+", "-") and isinstance(lt, T.PointerType) and rt.is_integer():
                e.right = self.convert(r, self.tt.long)
            elif isinstance(lt, T.VectorType) or isinstance(rt, T.VectorType):
                e.right = r
            elif not (lt.is_arith() and rt.is_arith()) or \
                    (intop and not (self._intlike(lt) and self._intlike(rt))):
                self.error(f"invalid operands to binary {op} (have '{lt}' and '{rt}')", e)
                e.right = r
            else:
                e.right = r
        return self.mk(e, lt.unqual())

    @staticmethod
    def _intlike(t):
        return t.is_integer() or isinstance(t, T.ComplexIntType) and False

    def e_Cond(self, e):
        c = self.cond(e.cond)
        e.cond = c
        a = self.expr(e.then) if e.then is not None else c
        b = self.expr(e.other)
        if e.then is not None:
            e.then = a
        at, bt = a.type, b.type
        tt = self.tt
        if at.is_arith() and bt.is_arith():
            a = self.bitfield_promote(a)
            b = self.bitfield_promote(b)
            ct = self.arith_conv(a.type, b.type)
            if e.then is not None:
                e.then = self.convert(a, ct)
            e.other = self.convert(b, ct)
            return self.mk(e, ct)
        e.other = b
        if isinstance(at, T.VoidType) or isinstance(bt, T.VoidType):
            return self.mk(e, tt.void)
        if isinstance(at, T.PointerType) and isinstance(bt, T.PointerType):
            if isinstance(at.target, T.VoidType):
                return self.mk(e, T.PointerType(at.target.qualified(at.target.quals | bt.target.quals)))
            if isinstance(bt.target, T.VoidType):
                return self.mk(e, T.PointerType(bt.target.qualified(at.target.quals | bt.target.quals)))
            return self.mk(e, at.unqual())
        if isinstance(at, T.PointerType) and bt.is_integer():
            return self.mk(e, at.unqual())
        if isinstance(bt, T.PointerType) and at.is_integer():
            return self.mk(e, bt.unqual())
        if isinstance(at, T.RecordType) and isinstance(bt, T.RecordType) and \
                T.compatible(at.unqual(), bt.unqual(), True):
            return self.mk(e, at.unqual())
        if isinstance(at, T.VectorType):
            return self.mk(e, at)
        self.error("type mismatch in conditional expression", e)
        return self.mk(e, at)

    def _unused_value(self, e):
        """-Wunused-value for an expression statement with side effects (gcc 12's cases)."""
        while isinstance(e, A.ImplicitCast):
            e = e.operand
        if _value_only(e):
            self.warning("value computed is not used [-Wunused-value]", e)
        elif isinstance(e, A.Comma):
            r = e.right
            while isinstance(r, A.ImplicitCast):
                r = r.operand
            if _pure(r) and not isinstance(r, A.Comma):
                self.warning("right-hand operand of comma expression has no effect "
                             "[-Wunused-value]", e)

    def void_expr(self, e):
        """An expression whose value is discarded (an expression statement, a for clause, the
        left operand of a comma)."""
        self.discarded.add(id(e))
        try:
            return self.expr(e)
        finally:
            self.discarded.discard(id(e))

    def e_Comma(self, e):
        e.left = self.void_expr(e.left)
        e.right = self.void_expr(e.right) if id(e) in self.discarded else self.expr(e.right)
        return self.mk(e, e.right.type)

    def e_Unary(self, e):
        op = e.op
        tt = self.tt
        if op == "&":
            x = self.expr(e.operand, decay=False)
            e.operand = x
            if isinstance(x.type, T.FunctionType) or x.lvalue or isinstance(x, A.CompoundLiteral):
                if isinstance(x, A.Member) and x.field is not None and \
                        x.field[-1].bit_width is not None:
                    self.error(f"cannot take address of bit-field '{x.name}'", e)
                if isinstance(x, A.Ident) and x.sym is not None and x.sym.storage == "register":
                    self.error(f"address of register variable '{x.name}' requested", e)
                return self.mk(e, T.PointerType(x.type))
            if isinstance(x, A.StmtExpr) or isinstance(x.type, T.VoidType):
                return self.mk(e, T.PointerType(x.type))
            self.error("lvalue required as unary '&' operand", e)
            return self.mk(e, T.PointerType(x.type))
        if op == "*":
            x = self.expr(e.operand)
            e.operand = x
            t = x.type
            if isinstance(t, T.PointerType):
                tg = t.target
                if isinstance(tg, T.FunctionType):
                    return self.mk(e, tg)
                return self.mk(e, tg, True)
            self.error("invalid type argument of unary '*' (have '%s')" % t, _range_loc(e))
            return self.mk(e, tt.int, True)
        if op in ("++", "--"):
            x = self.expr(e.operand, decay=False)
            e.operand = x
            self.check_modifiable(x, "increment operand" if op == "++" else "decrement operand",
                                  e)
            if not (x.type.is_scalar()):
                self.error(f"wrong type argument to {'increment' if op == '++' else 'decrement'}", e)
            return self.mk(e, x.type.unqual())
        if op in ("__real__", "__imag__"):
            x = self.expr(e.operand)
            e.operand = x
            t = x.type
            if isinstance(t, T.FloatType) and t.complex:
                return self.mk(e, T.FloatType(t.name, t.size // 2, t.align, t.fmt, t.rank),
                               x.lvalue)
            if isinstance(t, T.ComplexIntType):
                return self.mk(e, t.base, x.lvalue)
            return self.mk(e, t, x.lvalue)
        x = self.expr(e.operand)
        t = x.type
        if op == "!":
            if not t.is_scalar():
                self.error("wrong type argument to unary exclamation mark", e)
            e.operand = x
            return self.mk(e, tt.int)
        if op == "~":
            if not (t.is_integer() or isinstance(t, (T.VectorType, T.ComplexIntType)) or
                    (isinstance(t, T.FloatType) and t.complex)):
                self.error("wrong type argument to bit-complement", e)
                e.operand = x
                return self.mk(e, tt.int)
        elif not (t.is_arith() or isinstance(t, T.VectorType)):
            self.error(f"wrong type argument to unary {'minus' if op == '-' else 'plus'}", e)
            e.operand = x
            return self.mk(e, tt.int)
        e.operand = self.promote(x) if t.is_integer() else x
        return self.mk(e, e.operand.type)

    def e_Postfix(self, e):
        x = self.expr(e.operand, decay=False)
        e.operand = x
        self.check_modifiable(x, "increment operand" if e.op == "++" else "decrement operand", e)
        if not x.type.is_scalar():
            self.error(f"wrong type argument to {'increment' if e.op == '++' else 'decrement'}", e)
        return self.mk(e, x.type.unqual())

    def e_Cast(self, e):
        ty = self.type_name(e.type_name)
        x = self.expr(e.operand)
        e.operand = x
        st = x.type
        if isinstance(ty, T.VoidType):
            return self.mk(e, ty)
        if isinstance(ty, T.RecordType) and ty.is_union and not isinstance(st, T.RecordType):
            if not any(T.compatible(f.type.unqual(), st.unqual(), True) for f in ty.fields):
                self.error("cast to union type from type not present in union", e)
            else:
                self.pedwarn("ISO C forbids casts to union type [-Wpedantic]", e,
                             pedantic_only=True)
            return self.mk(e, ty.unqual())
        if isinstance(ty, (T.RecordType, T.ArrayType, T.FunctionType)):
            if isinstance(ty, T.RecordType) and T.compatible(ty.unqual(), st.unqual(), True):
                self.pedwarn("ISO C forbids casting nonscalar to the same type [-Wpedantic]", e,
                             pedantic_only=True)
                return self.mk(e, ty.unqual())
            self.error("conversion to non-scalar type requested" if not isinstance(
                ty, (T.ArrayType, T.FunctionType)) else
                f"cast specifies {'array' if isinstance(ty, T.ArrayType) else 'function'} type", e)
            return self.mk(e, ty)
        if isinstance(ty, T.VectorType) or isinstance(st, T.VectorType):
            return self.mk(e, ty)
        if not st.is_scalar():
            self.error("aggregate value used where an integer was expected"
                       if ty.is_integer() else
                       "aggregate value used where a floating-point was expected"
                       if isinstance(ty, T.FloatType) else "cannot convert to a pointer type", e)
            return self.mk(e, ty.unqual())
        if isinstance(ty, T.PointerType) and isinstance(st, T.FloatType):
            self.error("cannot convert to a pointer type", e)
        if isinstance(ty, T.FloatType) and isinstance(st, T.PointerType):
            self.error("pointer value used where a floating-point was expected", e)
        return self.mk(e, ty.unqual())

    def e_ImplicitCast(self, e):
        return e

    def e_SizeofExpr(self, e):
        x = self.expr(e.operand, decay=False)
        e.operand = x
        return self._sizeof(e, x.type, x)

    def e_SizeofType(self, e):
        t = self.type_name(e.type_name)
        r = self._sizeof(e, t, None)
        if e.value is None and isinstance(t, T.ArrayType):
            # sizeof of a variable length array type name: the product of its lengths
            x = self._vla_size(t, e)
            if x is not None:
                return x
        return r

    def _vla_size(self, t, where):
        ul = self.tt.ulong
        if isinstance(t, T.ArrayType) and t.vla is not None:
            if not isinstance(t.vla, A.Expr):
                return None
            n = self.convert(t.vla, ul)
        elif isinstance(t, T.ArrayType):
            n = self.mk(A.IntConst(str(t.length), t.length, loc=where.loc), ul)
        else:
            if t.size is None:
                return None
            return self.mk(A.IntConst(str(t.size), t.size, loc=where.loc), ul)
        inner = self._vla_size(t.elem, where)
        if inner is None:
            return None
        return self.mk(A.Binary("*", n, inner, loc=where.loc), ul)

    def _sizeof(self, e, t, x):
        if isinstance(x, A.Member) and x.field is not None and x.field[-1].bit_width is not None:
            self.error("'sizeof' applied to a bit-field", e)
        if isinstance(t, T.FunctionType) or isinstance(t, T.VoidType):
            what = "a function type" if isinstance(t, T.FunctionType) else "a void type"
            where = getattr(e, "type_name", None) or getattr(e, "operand", None) or e
            if "pointer-arith" in self.warn or self.pedantic or self.pedantic_errors:
                self.pedwarn(f"invalid application of 'sizeof' to {what} [-Wpointer-arith]",
                             where)
            e.value = 1
        elif is_vm(t):
            e.value = None if isinstance(t, T.ArrayType) else t.size
        elif not t.is_complete():
            tn = getattr(e, "type_name", None)
            self.error(f"invalid application of 'sizeof' to incomplete type '{t}'",
                       tn if tn is not None and tn.loc is not None else e)
            e.value = 1
        else:
            e.value = t.size
        return self.mk(e, self.tt.ulong)

    def e_AlignofExpr(self, e):
        x = self.expr(e.operand, decay=False)
        e.operand = x
        al = x.type.align
        if isinstance(x, A.Ident) and x.sym is not None and x.sym.align:
            al = max(al, x.sym.align)
        e.value = al
        return self.mk(e, self.tt.ulong)

    def e_AlignofType(self, e):
        t = self.type_name(e.type_name)
        if not t.is_complete() and not isinstance(t, (T.VoidType, T.FunctionType)) and \
                not (isinstance(t, T.ArrayType) and t.elem.is_complete()):
            self.error(f"invalid application of '__alignof__' to incomplete type '{t}'", e)
        e.value = t.align
        return self.mk(e, self.tt.ulong)

    def e_Call(self, e):
        f = e.func
        if isinstance(f, A.Ident) and self.scope.lookup(f.name) is None and \
                not f.name.startswith(("__builtin_", "__sync_", "__atomic_")):
            # implicit declaration (C90; gcc warns)
            if not self.c89:
                self.pedwarn(f"implicit declaration of function '{f.name}' "
                             "[-Wimplicit-function-declaration]", f)
                self._header_hint(f.name, f)
            ft = self.implicit_libfunc(f.name) or T.FunctionType(self.tt.int, [], False, False)
            sym = Symbol(f.name, "func", ft, "extern", f.loc)
            sym.linkage = "external"
            self.file_scope.names[f.name] = sym
            self.implicit[f.name] = sym
            if self.scope is not self.file_scope:
                self.scope.names[f.name] = sym
            self._builtin_mismatch(f.name, f)
        elif isinstance(f, A.Ident) and f.name in self.implicit and \
                self.scope is not self.file_scope:
            # an implicit declaration has block scope: a use outside it declares again
            sym = self.implicit[f.name]
            sc = self.scope
            while sc is not self.file_scope and sc.names.get(f.name) is not sym:
                sc = sc.parent
            if sc is self.file_scope and self.file_scope.names.get(f.name) is sym:
                self.scope.names[f.name] = sym
                self._builtin_mismatch(f.name, f)
        if isinstance(f, A.Ident) and f.name == "__builtin_choose_expr" and len(e.args) == 3:
            c = self.const_int(self.expr(e.args[0]))
            chosen = self.expr(e.args[1] if c else e.args[2])
            e.args = [e.args[0], chosen]
            e.func = self.expr(f)
            return self.mk(e, chosen.type, chosen.lvalue)
        fn = self.expr(f)
        e.func = fn
        t = fn.type
        if isinstance(t, T.PointerType) and isinstance(t.target, T.FunctionType):
            ft = t.target
        else:
            self.error(f"called object is not a function or function pointer"
                       if not isinstance(f, A.Ident) else
                       f"called object '{f.name}' is not a function or function pointer", e)
            e.args = [self.expr(a) for a in e.args]
            return self.mk(e, self.tt.int)
        args = [self.expr(a) for a in e.args]
        name = f.name if isinstance(f, A.Ident) else None
        if ft.prototyped:
            n = len(ft.params)
            if len(args) < n:
                self.error(f"too few arguments to function '{name}'" if name else
                           "too few arguments to function", e)
                self._declared_here(f)
            elif len(args) > n and not ft.variadic:
                self.error(f"too many arguments to function '{name}'" if name else
                           "too many arguments to function", e)
                self._declared_here(f)
            for i, a in enumerate(args):
                if i < n:
                    self._argno = (i + 1, name)
                    args[i] = self.assign_convert(ft.params[i], a, "argument")
                    self._argno = None
                else:
                    args[i] = self.default_promote(a)
        else:
            args = [self.default_promote(a) for a in args]
        e.args = args
        rt = ft.ret
        if name and name.startswith(("__sync_", "__atomic_")) and args and \
                isinstance(args[0].type, T.PointerType) and "compare_exchange" not in name and \
                not name.endswith(("_test_and_set", "_clear", "_store", "_thread_fence",
                                   "_signal_fence", "_synchronize", "_release", "_is_lock_free",
                                   "_always_lock_free", "_load", "_exchange")) and \
                "bool_compare" not in name:
            rt = args[0].type.target.unqual()
        if name in ("__builtin_va_arg_pack",):
            rt = self.tt.int
        if name == "__builtin_shuffle" and len(args) in (2, 3):
            vt, mt = args[0].type, args[-1].type
            if isinstance(vt, T.VectorType) and isinstance(mt, T.VectorType):
                rt = T.VectorType(vt.elem, mt.length)   # the vector's elements, the mask's count
            else:
                self.error("'__builtin_shuffle' arguments must be vectors", e)
        return self.mk(e, rt.unqual() if not isinstance(rt, T.RecordType) else rt.unqual())

    def default_promote(self, a):
        t = a.type
        if isinstance(t, T.FloatType) and t.name == "float" and not t.complex:
            return self.convert(a, self.tt.double)
        if t.is_integer():
            return self.promote(a)
        return a

    def e_Index(self, e):
        b = self.expr(e.base)
        i = self.expr(e.index)
        if i.type is self.tt.char and self._wall("char-subscripts") and \
                isinstance(b.type, T.PointerType):
            self.warning("array subscript has type 'char' [-Wchar-subscripts]", i)
        if isinstance(b.type, T.PointerType) and i.type.is_integer():
            e.base, e.index = b, self.convert(i, self.tt.long)
            pt = b.type
        elif isinstance(i.type, T.PointerType) and b.type.is_integer():
            e.base, e.index = i, self.convert(b, self.tt.long)
            pt = i.type
        elif isinstance(b.type, T.VectorType):
            e.base, e.index = b, i
            return self.mk(e, b.type.elem, b.lvalue)
        else:
            if not i.type.is_integer() and (isinstance(b.type, T.PointerType) or
                                            isinstance(i.type, T.PointerType)):
                self.error("array subscript is not an integer", e)
            else:
                self.error("subscripted value is neither array nor pointer nor vector", e)
            e.base, e.index = b, i
            return self.mk(e, self.tt.int, True)
        tg = pt.target
        if not tg.is_complete() and not isinstance(tg, (T.FunctionType, T.VoidType)) and \
                not is_vm(tg):
            self.error(f"invalid use of undefined type '{tg}'" if isinstance(tg, T.RecordType)
                       else "invalid use of array with unspecified bounds", e)
        return self.mk(e, tg, True)

    def e_Member(self, e):
        b = self.expr(e.base, decay=e.arrow)
        e.base = b
        t = b.type
        if e.arrow:
            if not isinstance(t, T.PointerType):
                self.error(f"invalid type argument of '->' (have '{t}')", e)
                return self.mk(e, self.tt.int, True)
            rt = t.target
        else:
            rt = t
        if not isinstance(rt, T.RecordType):
            if isinstance(rt, T.PointerType) and not e.arrow:
                what = e.base.name if isinstance(e.base, A.Ident) else str(rt)
                loc = _loc(e)
                if loc is not None:
                    loc.fixit = "->"
                self.error(f"'{what}' is a pointer; did you mean to use '->'?", loc or e)
            else:
                self.error(f"request for member '{e.name}' in something not a structure or union",
                           e)
            return self.mk(e, self.tt.int, True)
        if not rt.complete:
            self.error(f"invalid use of undefined type '{rt}'", e)
            return self.mk(e, self.tt.int, True)
        path = rt.lookup(e.name)
        if path is None:
            self.error(f"'{rt}' has no member named '{e.name}'", e)
            return self.mk(e, self.tt.int, True)
        e.field = path
        ft = path[-1].type
        w = path[-1].bit_width
        if w is not None and 32 < w < 64 and type(ft) is T.IntType and ft.size == 8:
            ft = T.bitint_type(ft, w).qualified(ft.quals)   # gcc: arithmetic in w bits
        q = rt.quals
        if q:
            ft = ft.qualified(ft.quals | q)
        return self.mk(e, ft, e.arrow or b.lvalue)

    def e_CompoundLiteral(self, e):
        ty = self.type_name(e.type_name)
        if is_vm(ty) and isinstance(ty, T.ArrayType):
            self.error("compound literal has variable size", e)
            return self.mk(e, ty, True)
        flat = []
        ty = self.initializer(ty, e.init, flat, static=self.func is None)
        e.flat = flat
        return self.mk(e, ty, True)

    def e_StmtExpr(self, e):
        if self.func is None:
            self.error("braced-group within expression allowed only inside a function", e)
            return self.mk(e, self.tt.int)
        self.scope = Scope(self.scope)
        items = e.body.items
        ty = self.tt.void
        lv = False
        for i, it in enumerate(items):
            self.stmt(it)
            if i == len(items) - 1 and isinstance(it, A.ExprStmt) and it.expr is not None:
                ty = it.expr.type
        self.scope = self.scope.parent
        return self.mk(e, ty.unqual() if ty is not None else self.tt.void)

    def e_LabelAddr(self, e):
        if self.func is not None:
            self.func.gotos.append((e.label, e))
        return self.mk(e, T.PointerType(self.tt.void))

    def e_BuiltinCall(self, e):
        if e.name == "__builtin_convertvector":
            e.args[0] = self.expr(e.args[0])
            return self.mk(e, self.type_name(e.args[1]))
        e.args = [self.expr(a) for a in e.args]
        return self.mk(e, self.tt.int)

    def e_VaArg(self, e):
        e.ap = self.expr(e.ap)
        return self.mk(e, self.type_name(e.type_name))

    def e_Offsetof(self, e):
        t = self.type_name(e.type_name)
        off = 0
        cur = t
        const = True
        for k, d in enumerate(e.designator):
            if isinstance(d, str):
                if not isinstance(cur, T.RecordType) or not cur.complete:
                    self.error(f"request for member '{d}' in something not a structure or union"
                               if not isinstance(cur, T.RecordType) else
                               f"invalid use of undefined type '{cur}'", e)
                    e.value = 0
                    return self.mk(e, self.tt.ulong)
                path = cur.lookup(d)
                if path is None:
                    self.error(f"'{cur}' has no member named '{d}'", e)
                    e.value = 0
                    return self.mk(e, self.tt.ulong)
                if path[-1].bit_width is not None:
                    self.error(f"attempt to take address of bit-field structure member '{d}'", e)
                for f in path:
                    off += f.offset
                cur = path[-1].type
            else:
                x = self.expr(d)
                e.designator[k] = x
                if not isinstance(cur, T.ArrayType):
                    self.error("subscripted value is neither array nor pointer nor vector", e)
                    e.value = 0
                    return self.mk(e, self.tt.ulong)
                v = self.const_int(x)
                if v is None:
                    const = False
                    v = 0
                cur = cur.elem
                off += v * (cur.size or 0)
        e.value = off if const else None
        return self.mk(e, self.tt.ulong)

    def e_TypesCompatible(self, e):
        a = self.type_name(e.t1)
        b = self.type_name(e.t2)
        e.value = 1 if T.compatible(a.unqual(), b.unqual(), True) else 0
        return self.mk(e, self.tt.int)

    def e_Generic(self, e):
        c = self.expr(e.control)
        ct = c.type.unqual()
        chosen = None
        default = None
        seen = []
        for k, (tn, x) in enumerate(e.assocs):
            if tn is None:
                if default is not None:
                    self.error("duplicate 'default' case in '_Generic'", x)
                default = x
                continue
            t = self.type_name(tn)
            if isinstance(t, T.FunctionType):
                self.error("'_Generic' association has function type", tn)
            elif not t.is_complete() and not isinstance(t, T.ArrayType):
                self.error(f"'_Generic' association has incomplete type", tn)
            for s in seen:
                if T.compatible(s, t):
                    self.error(f"'_Generic' specifies two compatible types", x)
            seen.append(t)
            if T.compatible(ct, t):
                chosen = x
        if chosen is None:
            chosen = default
        if chosen is None:
            self.error(f"'_Generic' selector of type '{ct}' is not compatible with any association", e)
            return self.mk(e, self.tt.int)
        r = self.expr(chosen)
        e.selected = r
        return self.mk(e, r.type, r.lvalue)

    # ---------------------------------------------------------------- constants
    def const_int(self, e):
        v = self.const_value(e)
        if isinstance(v, bool):
            return int(v)
        return v if isinstance(v, int) else None

    def const_value(self, e):  # noqa: C901
        """Value of an integer (or arithmetic) constant expression, or None."""
        if isinstance(e, (A.IntConst, A.CharConst)):
            return e.value
        if isinstance(e, A.FloatConst):
            return e.value
        if isinstance(e, (A.SizeofExpr, A.SizeofType, A.AlignofExpr, A.AlignofType,
                          A.Offsetof, A.TypesCompatible)):
            return e.value
        if isinstance(e, A.Ident):
            if e.sym is not None and e.sym.kind == "enum":
                return e.sym.value
            return None
        if isinstance(e, (A.ImplicitCast, A.Cast)):
            if isinstance(e, A.ImplicitCast) and e.kind != "convert":
                return None
            v = self.const_value(e.operand)
            if v is None:
                return None
            t = e.type
            if t is None:
                return v
            if t.is_integer():
                if isinstance(v, float):
                    if v != v or v in (float("inf"), float("-inf")):
                        return None
                    v = int(v)
                return t.wrap(v)
            if isinstance(t, T.FloatType) and not t.complex:
                return float(v) if not isinstance(v, complex) else None
            if isinstance(t, T.PointerType) and isinstance(v, int):
                return None
            return None
        if isinstance(e, A.Unary):
            v = self.const_value(e.operand)
            if v is None or e.op in ("&", "*", "++", "--", "__real__", "__imag__"):
                return None
            t = e.type
            if e.op == "-":
                v = -v
            elif e.op == "~":
                if not isinstance(v, int):
                    return None
                v = ~v
            elif e.op == "!":
                return 0 if v else 1
            return t.wrap(v) if t is not None and t.is_integer() and isinstance(v, int) else v
        if isinstance(e, A.Binary):
            op = e.op
            a = self.const_value(e.left)
            if op == "&&":
                if a is not None and not a:
                    return 0
                b = self.const_value(e.right)
                return None if a is None or b is None else (1 if b else 0)
            if op == "||":
                if a is not None and a:
                    return 1
                b = self.const_value(e.right)
                return None if a is None or b is None else (1 if b else 0)
            b = self.const_value(e.right)
            if a is None or b is None:
                return None
            t = e.type
            try:
                if op == "+":
                    r = a + b
                elif op == "-":
                    r = a - b
                elif op == "*":
                    r = a * b
                elif op == "/":
                    if b == 0 and (isinstance(a, float) or isinstance(b, float)) \
                            and not isinstance(a, complex):
                        import math
                        if a != a:
                            r = a
                        elif a == 0:
                            r = math.copysign(float("nan"), math.copysign(1.0, float(a))
                                              * math.copysign(1.0, float(b)))
                        else:
                            r = math.copysign(float("inf"), a) * math.copysign(1.0, float(b))
                        return r
                    if b == 0:
                        return None
                    if isinstance(a, int) and isinstance(b, int):
                        q = abs(a) // abs(b)
                        r = q if (a < 0) == (b < 0) else -q
                    else:
                        r = a / b
                elif op == "%":
                    if b == 0 or not isinstance(a, int):
                        return None
                    q = abs(a) // abs(b)
                    q = q if (a < 0) == (b < 0) else -q
                    r = a - q * b
                elif op == "<<":
                    if b < 0 or b > 256:
                        return None
                    r = a << b
                elif op == ">>":
                    if b < 0:
                        return None
                    r = a >> min(b, 256)
                elif op == "<":
                    return int(a < b)
                elif op == ">":
                    return int(a > b)
                elif op == "<=":
                    return int(a <= b)
                elif op == ">=":
                    return int(a >= b)
                elif op == "==":
                    return int(a == b)
                elif op == "!=":
                    return int(a != b)
                elif op == "&":
                    r = a & b
                elif op == "|":
                    r = a | b
                elif op == "^":
                    r = a ^ b
                else:
                    return None
            except (TypeError, OverflowError, ZeroDivisionError):
                return None
            if t is not None and t.is_integer() and isinstance(r, int):
                return t.wrap(r)
            return r
        if isinstance(e, A.Cond):
            c = self.const_value(e.cond)
            if c is None:
                return None
            if e.then is None:
                return c if c else self.const_value(e.other)
            return self.const_value(e.then) if c else self.const_value(e.other)
        if isinstance(e, A.Comma):
            return None
        if isinstance(e, A.Call) and isinstance(e.func, (A.ImplicitCast,)) and \
                isinstance(e.func.operand, A.Ident):
            n = e.func.operand.name
            if n == "__builtin_constant_p":
                return 1 if e.args and self.const_value(e.args[0]) is not None else 0
            if n == "__builtin_choose_expr" and len(e.args) == 2:
                return self.const_value(e.args[1])
            if n in ("__builtin_expect",) and e.args:
                return self.const_value(e.args[0])
            if n in ("__builtin_inf", "__builtin_huge_val", "__builtin_inff",
                     "__builtin_huge_valf", "__builtin_infl", "__builtin_huge_vall"):
                return float("inf")
            if n in ("__builtin_nan", "__builtin_nanf", "__builtin_nanl"):
                return float("nan")
            if n.startswith(("__builtin_clz", "__builtin_ctz", "__builtin_popcount",
                             "__builtin_bswap", "__builtin_ffs", "__builtin_parity")) and e.args:
                v = self.const_value(e.args[0])
                if isinstance(v, int):
                    return _fold_bitop(n, v, e.args[0].type)
            return None
        if isinstance(e, A.Generic):
            r = e.selected
            return self.const_value(r) if r is not None else None
        return None

    # ---------------------------------------------------------------- initializers
    def initializer(self, ty, init, flat, static=False, off=0):
        """Check ``init`` for an object of type ``ty`` and append its scalar pieces to
        ``flat``; returns the completed type (arrays of unknown size get their length)."""
        if isinstance(init, A.InitList):
            self._init_nest = getattr(self, "_init_nest", 0) + 1
            try:
                return self._initializer_list(ty, init, flat, static, off)
            finally:
                self._init_nest -= 1
        return self._initializer_expr(ty, init, flat, static, off)

    def _initializer_list(self, ty, init, flat, static, off):
        if True:
            if isinstance(ty, T.ArrayType) and len(init.items) == 1 and not init.items[0][0] \
                    and isinstance(init.items[0][1], A.StringLit) \
                    and isinstance(ty.elem, (T.IntType, T.EnumType)):
                # char s[] = { "str" } (C11 6.7.9p14: optionally enclosed in braces)
                return self.initializer(ty, init.items[0][1], flat, static, off)
            if isinstance(ty, (T.ArrayType, T.RecordType, T.VectorType)):
                if isinstance(ty, T.ArrayType) and ty.vla is not None and init.items:
                    self.error("variable-sized object may not be initialized", init)
                    return ty
                n = self.init_list(ty, init.items, 0, flat, static, off, True)
                if isinstance(ty, T.ArrayType) and ty.length is None:
                    return T.ArrayType(ty.elem, self._max_index).qualified(ty.quals)
                return ty
            # scalar in braces
            if not init.items:
                if not isinstance(ty, T.VoidType):
                    return ty
            if len(init.items) > 1:
                self.warning("excess elements in scalar initializer", init)
            if init.items:
                desig, val = init.items[0]
                if desig:
                    self.error("array index in non-array initializer" if desig[0][0] in
                               ("index", "range") else
                               "field name not in record or union initializer", val)
                    return ty
                return self.initializer(ty, val, flat, static, off) or ty
            return ty

    def _initializer_expr(self, ty, init, flat, static, off):
        if isinstance(ty, T.ArrayType):
            e = self.expr(init, decay=False)
            if isinstance(e, A.StringLit) and isinstance(ty.elem, (T.IntType, T.EnumType)) and \
                    ty.elem.size == e.type.elem.size:
                n = len(e.value)
                if ty.length is not None and n - 1 > ty.length:
                    self.warning("initializer-string for array of 'char' is too long", e)
                if ty.length is None:
                    ty = T.ArrayType(ty.elem, n).qualified(ty.quals)
                flat.append((off, None, ty, e))
                return ty
            if isinstance(e, A.StringLit):
                self.error("array of inappropriate type initialized from string constant", e)
                return ty
            if isinstance(e, A.CompoundLiteral) and isinstance(e.type, T.ArrayType):
                flat.append((off, None, ty, e))
                return ty if ty.length is not None else e.type
            self.error("invalid initializer", init)
            return ty
        e = self.expr(init)
        if isinstance(ty, T.RecordType) and not (isinstance(e.type, T.RecordType)):
            self.error("invalid initializer", init)
            return ty
        e = self.assign_convert(ty, e, "initialization")
        if static:
            e = self.static_scalar(ty, e)
        flat.append((off, None, ty, e))
        return ty

    def static_scalar(self, ty, e):
        """Check a static-storage scalar initializer; floating constant expressions (also
        infinities and NaNs: NAN, INFINITY, 1.0/0.0) are folded into one FloatConst."""
        if not self.is_constant_init(e):
            self.error("initializer element is not constant", e)
            return e
        if isinstance(ty, T.FloatType) and not ty.complex and ty.fmt in ("binary32", "binary64") \
                and not isinstance(e, A.FloatConst):
            v = self.const_value(e)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                try:
                    v = float(v)
                except OverflowError:
                    return e
                if ty.fmt == "binary32" and v == v and abs(v) != float("inf"):
                    import struct
                    try:
                        v = struct.unpack("<f", struct.pack("<f", v))[0]
                    except OverflowError:
                        v = float("inf") if v > 0 else float("-inf")
                f = A.FloatConst(None, v, loc=e.loc)
                f.type = ty
                return f
        return e

    _max_index = 0

    def init_list(self, ty, items, i, flat, static, off, braced):
        """Initialize an aggregate from items[i:]; returns the index after the items used."""
        n_items = len(items)
        if isinstance(ty, T.ArrayType) or isinstance(ty, T.VectorType):
            elem = ty.elem
            length = ty.length
            esz = elem.size or 0
            idx = 0
            maxi = 0
            while i < n_items:
                desig, val = items[i]
                if desig:
                    if not braced:
                        break
                    d0 = desig[0]
                    if d0[0] == "index" or d0[0] == "range":
                        lo = self.const_int(self.expr(d0[1]))
                        hi = lo
                        if d0[0] == "range":
                            hi = self.const_int(self.expr(d0[2]))
                        if lo is None or hi is None:
                            self.error("nonconstant array index in initializer", val)
                            i += 1
                            continue
                        if lo < 0 or (length is not None and hi >= length and ty.vla is None):
                            self.error("array index in initializer exceeds array bounds"
                                       if lo >= 0 else "array index in initializer exceeds array bounds", val)
                            i += 1
                            continue
                        for k in range(lo, hi + 1) if hi - lo < 4096 else (lo, hi):
                            self.init_designated(elem, desig[1:], val, flat, static,
                                                 off + k * esz)
                        idx = hi + 1
                        maxi = max(maxi, idx)
                        i += 1
                        continue
                    self.error(f"field name not in record or union initializer", val)
                    i += 1
                    continue
                if length is not None and idx >= length and ty.vla is None:
                    if braced:
                        self.warning("excess elements in array initializer", val)
                        if getattr(self, "_init_name", None) and self._init_nest == 1:
                            self.note(f"(near initialization for '{self._init_name}')", val)
                        i += 1
                        continue
                    break
                i = self.init_element(elem, items, i, flat, static, off + idx * esz)
                idx += 1
                maxi = max(maxi, idx)
            self._max_index = maxi
            return i
        rec = ty
        if not rec.complete:
            self.error(f"variable has incomplete type '{rec}'" if False else
                       "invalid use of undefined type '%s'" % rec, items[0][1] if items else None)
            return n_items
        fields = [f for f in rec.fields if f.name is not None or f.anon]
        fi = 0
        while i < n_items:
            desig, val = items[i]
            if desig:
                if not braced:
                    break
                d0 = desig[0]
                if d0[0] != "field":
                    self.error("array index in non-array initializer", val)
                    i += 1
                    continue
                path = rec.lookup(d0[1])
                if path is None:
                    self.error(f"'{rec}' has no member named '{d0[1]}'" if False else
                               f"unknown field '{d0[1]}' specified in initializer", val)
                    i += 1
                    continue
                foff = off + sum(f.offset for f in path)
                self.init_designated(path[-1].type, desig[1:], val, flat, static, foff,
                                     path[-1])
                top = path[0]
                fi = fields.index(top) + 1 if top in fields else fi
                if rec.is_union:
                    fi = len(fields)
                i += 1
                continue
            if fi >= len(fields) or (rec.is_union and fi >= 1):
                if braced:
                    self.warning("excess elements in struct initializer"
                                 if not rec.is_union else "excess elements in union initializer",
                                 val)
                    i += 1
                    continue
                break
            f = fields[fi]
            i = self.init_element(f.type, items, i, flat, static, off + f.offset, f)
            fi += 1
        return i

    def init_designated(self, ty, rest, val, flat, static, off, field=None):
        if rest:
            self.init_list(ty, [(rest, val)], 0, flat, static, off, True)
        else:
            self.init_element(ty, [([], val)], 0, flat, static, off, field)

    def init_element(self, ty, items, i, flat, static, off, field=None):
        desig, val = items[i]
        if isinstance(val, A.InitList):
            self.initializer(ty, val, flat, static, off)
            return i + 1
        if isinstance(ty, (T.ArrayType, T.RecordType)):
            # a string for a char array, or a struct expression: no elision
            e = self.expr(val, decay=False)
            items[i] = (desig, e)
            if isinstance(ty, T.ArrayType) and isinstance(e, A.StringLit):
                self.initializer(ty, e, flat, static, off)
                return i + 1
            if isinstance(ty, T.RecordType) and isinstance(e.type, T.RecordType) and \
                    T.compatible(ty.unqual(), e.type.unqual(), True):
                flat.append((off, field, ty, e))
                return i + 1
            # brace elision
            save = self._max_index
            j = self.init_list(ty, items, i, flat, static, off, False)
            self._max_index = save
            return j if j > i else i + 1
        e = self.expr(val)
        e = self.assign_convert(ty, e, "initialization")
        if static:
            e = self.static_scalar(ty, e)
        flat.append((off, field, ty, e))
        return i + 1

    def is_constant_init(self, e):
        """Arithmetic constant or address constant (C11 6.6p7-9), leniently."""
        if self.const_value(e) is not None:
            return True
        return self._addr_const(e)

    def _addr_const(self, e, depth=0):
        if depth > 64:
            return False
        if isinstance(e, (A.StringLit, A.LabelAddr, A.CompoundLiteral)):
            return True
        if isinstance(e, (A.IntConst, A.CharConst, A.FloatConst, A.SizeofType, A.SizeofExpr,
                          A.AlignofType, A.AlignofExpr, A.Offsetof, A.TypesCompatible)):
            return True
        if isinstance(e, A.ImplicitCast):
            if e.kind in ("decay", "func_decay"):
                return self._static_lvalue(e.operand)
            return self._addr_const(e.operand, depth + 1)
        if isinstance(e, A.Cast):
            return self._addr_const(e.operand, depth + 1)
        if isinstance(e, A.Unary) and e.op == "&":
            return self._static_lvalue(e.operand)
        if isinstance(e, A.Binary) and e.op in ("+", "-"):
            return (self._addr_const(e.left, depth + 1) and self._addr_const(e.right, depth + 1))
        if isinstance(e, A.Binary):
            return self._addr_const(e.left, depth + 1) and self._addr_const(e.right, depth + 1)
        if isinstance(e, A.Cond):
            return self.const_value(e.cond) is not None and \
                (e.then is None or self._addr_const(e.then, depth + 1)) and \
                self._addr_const(e.other, depth + 1)
        if isinstance(e, A.Ident):
            return e.sym is not None and (e.sym.kind == "enum" or e.sym.kind == "func")
        if isinstance(e, A.Call):
            f = e.func.operand if isinstance(e.func, A.ImplicitCast) else e.func
            return isinstance(f, A.Ident) and f.name.startswith("__builtin_") and \
                all(self._addr_const(a, depth + 1) for a in e.args)
        if isinstance(e, (A.Unary,)) and e.op in ("-", "+", "~", "!"):
            return self._addr_const(e.operand, depth + 1)
        if isinstance(e, A.Comma):
            return False
        if isinstance(e, A.Generic):
            return True
        return False

    def _static_lvalue(self, e, depth=0):
        if depth > 64:
            return False
        if isinstance(e, A.Ident):
            s = e.sym
            return s is not None and (s.kind == "func" or s.linkage != "none" or
                                      s.is_static_local or s.storage in ("static", "extern"))
        if isinstance(e, (A.StringLit, A.CompoundLiteral)):
            return True
        if isinstance(e, A.Member):
            if e.arrow:
                return self._addr_const(e.base, depth + 1)
            return self._static_lvalue(e.base, depth + 1)
        if isinstance(e, A.Index):
            return self._addr_const(e.base, depth + 1) and self.const_value(e.index) is not None \
                or self._addr_const(e.index, depth + 1) and self.const_value(e.base) is not None
        if isinstance(e, A.Unary) and e.op == "*":
            return self._addr_const(e.operand, depth + 1)
        if isinstance(e, A.ImplicitCast):
            return self._static_lvalue(e.operand, depth + 1)
        return False


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


def is_vm(t):
    """Is ``t`` a variably modified type?"""
    while isinstance(t, (T.ArrayType, T.PointerType)):
        if isinstance(t, T.ArrayType) and t.vla is not None:
            return True
        t = t.elem if isinstance(t, T.ArrayType) else t.target
    return False


def _fold_bitop(n, v, t):
    bits = (t.size * 8) if t is not None and t.size else 32
    v &= (1 << bits) - 1
    if "clz" in n:
        return bits - v.bit_length() if v else None
    if "ctz" in n:
        return (v & -v).bit_length() - 1 if v else None
    if "popcount" in n:
        return bin(v).count("1")
    if "parity" in n:
        return bin(v).count("1") & 1
    if "ffs" in n:
        return (v & -v).bit_length()
    if "bswap" in n:
        nb = int(n.rsplit("bswap", 1)[1] or 32) // 8
        return int.from_bytes((v & ((1 << (nb * 8)) - 1)).to_bytes(nb, "little"), "big")
    return None


def analyse(tu, target, options, diag):
    s = Sema(tu, target, options, diag)
    s.run()
    tu.types = s.tt
    return s
