"""Semantic analysis: gNU builtins and implicitly declared library functions, va_arg, offsetof,
_Generic."""
from __future__ import annotations

from ...diag import Location
from .. import types as T
from ..gnu_names import LIB_PROTOS
from .common import _loc, Symbol


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
    "__builtin_nans": "double", "__builtin_nansf": "float", "__builtin_nansl": "ldouble",
    "__builtin_nansf32": "float", "__builtin_nansf64": "double", "__builtin_nansf32x": "double",
    "__builtin_nansf64x": "ldouble", "__builtin_nansf128": "float128", "__builtin_nansq": "float128",
    "__builtin_nanf128": "float128", "__builtin_nanq": "float128",
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


class Builtins:
    """GNU builtins and implicitly declared library functions, va_arg, offsetof, _Generic."""

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
        n = self.diag.warnings + self.diag.errors
        self.warning(f"incompatible implicit declaration of built-in function '{name}' "
                     "[-Wbuiltin-declaration-mismatch]", where)
        if info[0] and self.diag.warnings + self.diag.errors > n:
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
             "charp": T.PointerType(tt.char), "float128": tt.float128}
        if r is not None:
            return m[r]
        if name.startswith(("__builtin_clz", "__builtin_ctz", "__builtin_popcount",
                            "__builtin_parity", "__builtin_ffs", "__builtin_clrsb")):
            return tt.int
        if name.startswith(("__sync_", "__atomic_")):
            return tt.long
        return tt.int

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
        steps = []          # byte offsets and (index, element type): see lower's e_Offsetof
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
                    steps.append(f.offset)
                cur = path[-1].type
            else:
                x = self.expr(d)
                e.designator[k] = x
                if not isinstance(cur, T.ArrayType):
                    self.error("subscripted value is neither array nor pointer nor vector", e)
                    e.value = 0
                    return self.mk(e, self.tt.ulong)
                v = self.const_int(x)
                cur = cur.elem
                if v is None or cur.size is None:
                    const = False       # a variable index, or into a variable length array
                    steps.append((x, cur))
                    v = 0
                else:
                    steps.append(v * cur.size)
                off += v * (cur.size or 0)
        e.value = off if const else None
        if not const:
            e.designator = steps
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
