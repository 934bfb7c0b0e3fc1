"""Semantic analysis: types from declaration specifiers and declarators: base types, attributes,
struct/union/enum specifiers."""
from __future__ import annotations

from collections import Counter

from .. import ast as A
from .. import types as T
from .common import MAX_ALIGN, Scope, Symbol


class TypeSpecs:
    """Types from declaration specifiers and declarators: base types, attributes,
    struct/union/enum specifiers."""

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
        elif base == "_Float16":
            t = tt.float16
        elif base == "__fp16":
            if not tt.info.half_float:      # ARM only (gcc: an unknown type name elsewhere)
                self.error("'__fp16' is not supported on this target", where)
            t = tt.fp16
        elif base == "__bf16":              # storage only; no conversions yet: "unsupported"
            t = self.__dict__.get("_bf16") or self.__dict__.setdefault(
                "_bf16", T.FloatType("__bf16", 2, 2, "bfloat16", 0))
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
        tn.type = t
        return t

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
        from ..parser import parse_expression_tokens
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
                        elif v > MAX_ALIGN:
                            # ELF's largest section alignment gcc writes (2^28)
                            self.error(f"requested alignment '{v}' exceeds object file maximum "
                                       f"{MAX_ALIGN}", a)
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
                        vt = T.VectorType(t, v // t.size)
                        if vt.size > 16 and self.tt.info.vector_align_max > 16:
                            # aligned to its size (gcc), not the 16 bytes of VectorType.align
                            vt = vt.with_align(min(vt.size, self.tt.info.vector_align_max))
                        t = vt.qualified(t.quals)
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
                        aligns.append(self.align_attr(m_attrs))
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
        if s.no_semi is not None:
            self.pedwarn("no semicolon at end of struct or union", s.no_semi)
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
