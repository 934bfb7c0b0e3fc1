"""C types with each target's ABI (LP64 on all three targets).

Types are plain objects; qualifiers are a bit mask in ``quals`` (a qualified type is a copy
that shares everything else). Struct/union types are identified by object identity.
Struct layout follows gcc (PCC_BITFIELD_TYPE_MATTERS targets): see :func:`layout_record`.
"""
from __future__ import annotations

CONST = 1
VOLATILE = 2
RESTRICT = 4
ATOMIC = 8
QUAL_NAMES = {"const": CONST, "volatile": VOLATILE, "restrict": RESTRICT, "_Atomic": ATOMIC}


class Type:
    __slots__ = ("quals", "align_override")
    kind = "?"

    def __init__(self):
        self.quals = 0
        self.align_override = None

    # properties every type answers
    @property
    def size(self):
        return None

    @property
    def align(self):
        return self.align_override or 1

    def qualified(self, quals: int) -> "Type":
        if quals == self.quals:
            return self
        c = self._copy()
        c.quals = quals
        return c

    def with_align(self, align) -> "Type":
        c = self._copy()
        c.align_override = align
        return c

    def unqual(self) -> "Type":
        return self.qualified(0) if self.quals else self

    def _copy(self):
        c = object.__new__(type(self))
        for k in _all_slots(type(self)):
            setattr(c, k, getattr(self, k))
        return c

    def is_integer(self):
        return False

    def is_arith(self):
        return False

    def is_scalar(self):
        return False

    def is_complete(self):
        return self.size is not None

    def qual_str(self):
        return " ".join(n for n, b in (("const", CONST), ("volatile", VOLATILE),
                                        ("restrict", RESTRICT)) if self.quals & b)

    def __str__(self):
        return self.spell("")

    def spell(self, inner: str) -> str:
        q = self.qual_str()
        base = self.name_str()
        s = (q + " " + base) if q else base
        return s + (" " + inner if inner else "")

    def name_str(self):
        return self.kind


_slot_cache = {}


def _all_slots(cls):
    r = _slot_cache.get(cls)
    if r is None:
        r = []
        for k in cls.__mro__:
            r.extend(getattr(k, "__slots__", ()))
        _slot_cache[cls] = r
    return r


class VoidType(Type):
    __slots__ = ()
    kind = "void"

    def name_str(self):
        return "void"


class IntType(Type):
    __slots__ = ("name", "_size", "_align", "signed", "rank")
    kind = "int"

    def __init__(self, name, size, align, signed, rank):
        super().__init__()
        self.name = name
        self._size = size
        self._align = align
        self.signed = signed
        self.rank = rank

    @property
    def size(self):
        return self._size

    @property
    def align(self):
        return self.align_override or self._align

    def is_integer(self):
        return True

    def is_arith(self):
        return True

    def is_scalar(self):
        return True

    def name_str(self):
        return _GCC_INT_NAMES.get(self.name, self.name)

    @property
    def bits(self):
        return self._size * 8

    def min_max(self):
        b = self._size * 8
        if self.name == "_Bool":
            return 0, 1
        if self.signed:
            return -(1 << (b - 1)), (1 << (b - 1)) - 1
        return 0, (1 << b) - 1

    def wrap(self, v: int) -> int:
        if self.name == "_Bool":
            return 1 if v else 0
        b = self._size * 8
        v &= (1 << b) - 1
        if self.signed and v >> (b - 1):
            v -= 1 << b
        return v


class BitIntType(IntType):
    """The type of a bit-field wider than int (gcc: e.g. 'long long unsigned int:40'):
    arithmetic on it is reduced to ``prec`` bits."""
    __slots__ = ("prec",)

    def __init__(self, base: IntType, prec: int):
        super().__init__(base.name, base.size, base.align, base.signed, base.rank)
        self.prec = prec

    def name_str(self):
        return f"{_GCC_INT_NAMES.get(self.name, self.name)}:{self.prec}"

    def min_max(self):
        b = self.prec
        if self.signed:
            return -(1 << (b - 1)), (1 << (b - 1)) - 1
        return 0, (1 << b) - 1

    def wrap(self, v: int) -> int:
        b = self.prec
        v &= (1 << b) - 1
        if self.signed and v >> (b - 1):
            v -= 1 << b
        return v


_BITINT = {}


def bitint_type(base: IntType, prec: int) -> BitIntType:
    """The (shared) bit-field type of ``prec`` bits on ``base``."""
    k = (base.name, prec)
    t = _BITINT.get(k)
    if t is None:
        t = _BITINT[k] = BitIntType(base, prec)
    return t


_GCC_INT_NAMES = {"short": "short int", "unsigned short": "short unsigned int",
                  "long": "long int", "unsigned long": "long unsigned int",
                  "long long": "long long int", "unsigned long long": "long long unsigned int"}


class FloatType(Type):
    __slots__ = ("name", "_size", "_align", "fmt", "complex", "rank")
    kind = "float"

    def __init__(self, name, size, align, fmt, rank, complex_=False):
        super().__init__()
        self.name = name
        self._size = size
        self._align = align
        self.fmt = fmt          # "binary16" | "binary32" | "binary64" | "x87" | "binary128"
        self.rank = rank
        self.complex = complex_

    @property
    def size(self):
        return self._size

    @property
    def align(self):
        return self.align_override or self._align

    def is_arith(self):
        return True

    def is_scalar(self):
        return not self.complex or True

    def name_str(self):
        return ("_Complex " if self.complex else "") + self.name


class ComplexIntType(Type):
    """GNU _Complex int and friends."""
    __slots__ = ("base",)
    kind = "cint"

    def __init__(self, base):
        super().__init__()
        self.base = base

    @property
    def size(self):
        return self.base.size * 2

    @property
    def align(self):
        return self.align_override or self.base.align

    def is_arith(self):
        return True

    def is_scalar(self):
        return True

    def name_str(self):
        return "_Complex " + self.base.name


class PointerType(Type):
    __slots__ = ("target", "decayed_from")
    kind = "ptr"

    def __init__(self, target):
        super().__init__()
        self.target = target
        self.decayed_from = None    # a parameter's declared array type (its size expression
                                    # is still evaluated on entry when it is variable)

    @property
    def size(self):
        return 8

    @property
    def align(self):
        return self.align_override or 8

    def is_scalar(self):
        return True

    def spell(self, inner):
        q = self.qual_str()
        s = "*" + (" " + q if q else "") + (" " + inner if inner and q else inner)
        if isinstance(self.target, (ArrayType, FunctionType)):
            s = "(" + s + ")"
        return self.target.spell(s)


class ArrayType(Type):
    __slots__ = ("elem", "length", "vla")
    kind = "array"

    def __init__(self, elem, length, vla=None):
        super().__init__()
        self.elem = elem
        self.length = length    # None: incomplete ([] or flexible)
        self.vla = vla          # the size expression of a variable length array

    @property
    def size(self):
        if self.length is None or self.vla is not None:
            return None
        es = self.elem.size
        return None if es is None else es * self.length

    @property
    def align(self):
        return self.align_override or self.elem.align

    def is_complete(self):
        return self.length is not None and self.vla is None and self.elem.size is not None

    def spell(self, inner):
        n = "" if self.length is None else str(self.length)
        return self.elem.spell(f"{inner}[{n}]")


class FunctionType(Type):
    __slots__ = ("ret", "params", "variadic", "prototyped", "attrs")
    kind = "func"

    def __init__(self, ret, params, variadic, prototyped):
        super().__init__()
        self.ret = ret
        self.params = params        # list of Type (adjusted)
        self.variadic = variadic
        self.prototyped = prototyped
        self.attrs = None

    @property
    def size(self):
        return 1        # GNU: sizeof a function is 1

    @property
    def align(self):
        return 1

    def is_complete(self):
        return False

    def spell(self, inner):
        if self.prototyped:
            ps = ", ".join(str(p) for p in self.params) or "void"
            if self.variadic:
                ps += ", ..."
        else:
            ps = ""
        return self.ret.spell(f"{inner}({ps})")


class Field:
    __slots__ = ("name", "type", "offset", "bit_offset", "bit_width", "loc", "anon")

    def __init__(self, name, type_, offset=0, bit_offset=None, bit_width=None, loc=None):
        self.name = name            # None for unnamed bit-fields and anonymous members
        self.type = type_
        self.offset = offset        # byte offset (of the storage unit for bit-fields)
        self.bit_offset = bit_offset  # bit-fields: offset in bits from the record start
        self.bit_width = bit_width
        self.loc = loc
        self.anon = False

    def __repr__(self):
        return f"Field({self.name!r}, {self.type}, off={self.offset}, bit={self.bit_offset})"


class _RecordData:
    __slots__ = ("fields", "size", "align", "complete", "packed", "has_flex", "names",
                 "transparent", "variable", "faligns")

    def __init__(self):
        self.transparent = False
        self.variable = False       # GNU: a member of variable size (a VLA) in a function
        self.faligns = None         # each member's alignment (variable records: lowering)
        self.fields = []
        self.size = None
        self.align = 1
        self.complete = False
        self.packed = False
        self.has_flex = False
        self.names = {}


def _fwd(name):
    return property(lambda self: getattr(self.d, name),
                    lambda self, v: setattr(self.d, name, v))


class RecordType(Type):
    """struct or union. Qualified copies share ``d`` (the layout), so completing the type
    completes every copy."""
    __slots__ = ("is_union", "tag", "loc", "d")
    kind = "record"
    fields = _fwd("fields")
    _size = _fwd("size")
    _align = _fwd("align")
    complete = _fwd("complete")
    packed = _fwd("packed")
    has_flex = _fwd("has_flex")
    transparent = _fwd("transparent")   # GNU transparent_union
    names = _fwd("names")   # member name -> [Field, ...] path (through anonymous members)
    variable = _fwd("variable")

    def __init__(self, is_union, tag, loc=None):
        super().__init__()
        self.is_union = is_union
        self.tag = tag
        self.loc = loc
        self.d = _RecordData()

    @property
    def size(self):
        return self._size if self.complete and not self.d.variable else None

    @property
    def align(self):
        return self.align_override or self._align

    def is_complete(self):
        return self.complete

    def name_str(self):
        return ("union " if self.is_union else "struct ") + (self.tag or "<anonymous>")

    def lookup(self, name):
        """[Field, ...] path to member ``name`` (through anonymous members), or None."""
        return self.names.get(name)


class _EnumData:
    __slots__ = ("base", "complete", "consts")

    def __init__(self, base):
        self.base = base
        self.complete = False
        self.consts = {}


class EnumType(Type):
    __slots__ = ("tag", "d")
    kind = "enum"
    base = _fwd("base")         # the compatible integer type
    complete = _fwd("complete")
    consts = _fwd("consts")

    def __init__(self, tag, base):
        super().__init__()
        self.tag = tag
        self.d = _EnumData(base)

    @property
    def size(self):
        return self.base.size

    @property
    def align(self):
        return self.align_override or self.base.align

    @property
    def signed(self):
        return self.base.signed

    @property
    def rank(self):
        return self.base.rank

    def is_integer(self):
        return True

    def is_arith(self):
        return True

    def is_scalar(self):
        return True

    def is_complete(self):
        return True

    def name_str(self):
        return "enum " + (self.tag or "<anonymous>")

    def wrap(self, v):
        return self.base.wrap(v)

    def min_max(self):
        return self.base.min_max()


class VectorType(Type):
    """GNU vector_size vectors."""
    __slots__ = ("elem", "length")
    kind = "vector"

    def __init__(self, elem, length):
        super().__init__()
        self.elem = elem
        self.length = length

    @property
    def size(self):
        return self.elem.size * self.length

    @property
    def align(self):
        return self.align_override or min(self.size, 16) or 1

    def is_scalar(self):
        return False

    def name_str(self):
        return f"__attribute__((vector_size({self.size}))) {self.elem}"


class TargetTypes:
    """The basic types of one target."""

    def __init__(self, target, unsigned_char=None):
        from .targetinfo import target_info
        self.target = target
        self.info = ti = target_info(target)    # the target's C facts (targetinfo.py)
        if unsigned_char is None:
            unsigned_char = not ti.char_signed
        self.void = VoidType()
        self.bool = IntType("_Bool", 1, 1, False, 0)
        self.char = IntType("char", 1, 1, not unsigned_char, 1)
        self.schar = IntType("signed char", 1, 1, True, 1)
        self.uchar = IntType("unsigned char", 1, 1, False, 1)
        self.short = IntType("short", 2, 2, True, 2)
        self.ushort = IntType("unsigned short", 2, 2, False, 2)
        self.int = IntType("int", 4, 4, True, 3)
        self.uint = IntType("unsigned int", 4, 4, False, 3)
        self.long = IntType("long", 8, 8, True, 4)
        self.ulong = IntType("unsigned long", 8, 8, False, 4)
        self.llong = IntType("long long", 8, 8, True, 5)
        self.ullong = IntType("unsigned long long", 8, 8, False, 5)
        self.int128 = IntType("__int128", 16, 16, True, 6)
        self.uint128 = IntType("unsigned __int128", 16, 16, False, 6)
        self.float = FloatType("float", 4, 4, "binary32", 1)
        self.double = FloatType("double", 8, 8, "binary64", 2)
        ld_fmt = ti.long_double_fmt
        self.ldouble = FloatType("long double", 16, 16, ld_fmt, 3)
        self.float128 = FloatType("_Float128", 16, 16, "binary128", 4 if ld_fmt == "x87" else 3)
        # binary16: _Float16 (an arithmetic type) and ARM's __fp16 (storage only: promoted
        # to float in arithmetic, to double through "..."); lowered only where the target
        # has half-precision scalars (TargetInfo.half_float), else "unsupported" when used
        f16 = "binary16" if ti.half_float else "binary16-unsupported"
        self.float16 = FloatType("_Float16", 2, 2, f16, 0)
        self.fp16 = FloatType("__fp16", 2, 2, f16, 0)
        self.size_t = self.ulong
        self.ptrdiff_t = self.long
        self.wchar_t = self.int if ti.wchar_signed else self.uint
        self.char16_t = self.ushort
        self.char32_t = self.uint
        self.biggest_align = ti.biggest_align
        # AAPCS64: unnamed (and zero-width) bit-fields still align the record
        self.anon_bitfield_align = ti.anon_bitfield_align
        self.va_list = self._va_list()

    def _va_list(self):
        kind = self.info.va_list_kind
        if kind == "sysv_x86_64":
            r = RecordType(False, "__va_list_tag")
            layout_record(r, [Field("gp_offset", self.uint), Field("fp_offset", self.uint),
                              Field("overflow_arg_area", PointerType(self.void)),
                              Field("reg_save_area", PointerType(self.void))], self)
            return ArrayType(r, 1)
        if kind == "aapcs64":
            r = RecordType(False, "__va_list")
            vp = PointerType(self.void)
            layout_record(r, [Field("__stack", vp), Field("__gr_top", vp), Field("__vr_top", vp),
                              Field("__gr_offs", self.int), Field("__vr_offs", self.int)], self)
            return r
        return PointerType(self.void)

    def complex_of(self, t):
        if isinstance(t, FloatType):
            c = FloatType(t.name, t.size * 2, t.align, t.fmt, t.rank, True)
            return c
        return ComplexIntType(t)


def _round(x, a):
    return (x + a - 1) // a * a


def layout_record(rec: RecordType, members: list, tt: TargetTypes, packed=False, pack=None,
                  min_align=1, aligns=None):
    """Lay out ``members`` (Field objects with name/type/bit_width set) as gcc does.

    ``aligns[i]``: the member's aligned attribute (or None), ``packed``: the record is packed
    (or per member: ``aligns`` entries may be ("packed", n)); ``pack``: #pragma pack value.
    """
    bitpos = 0
    max_align = min_align
    size_bits = 0
    aligns = aligns or [None] * len(members)
    faligns = []
    for i, f in enumerate(members):
        t = f.type
        faligns.append(1)
        user_align, mpacked = aligns[i] if isinstance(aligns[i], tuple) else (aligns[i], False)
        fpacked = packed or mpacked
        tsize = t.size if t.size is not None else 0
        talign = t.align
        if f.bit_width is not None:
            w = f.bit_width
            a = talign
            if fpacked:
                a = 1
            if user_align:
                a = max(a, user_align)
            if pack:
                a = min(a, pack)
            if rec.is_union:
                f.offset = 0
                f.bit_offset = 0
                size_bits = max(size_bits, w)
                if f.name is not None or tt.anon_bitfield_align:
                    max_align = max(max_align, a)
                continue
            if w == 0:
                # a zero-width bit-field pads to the next unit of its type
                unit = (talign if not pack else min(talign, pack)) * 8
                bitpos = _round(bitpos, unit)
                size_bits = max(size_bits, bitpos)
                f.bit_offset = bitpos
                f.offset = bitpos // 8
                if tt.anon_bitfield_align:
                    max_align = max(max_align, unit // 8)
                continue
            unit_bits = tsize * 8
            if not fpacked and unit_bits and not pack:
                # a bit-field may not straddle a unit of its type (under #pragma pack it may)
                if (bitpos % unit_bits) + w > unit_bits:
                    bitpos = _round(bitpos, talign * 8)
            if user_align:
                bitpos = _round(bitpos, user_align * 8)
            f.bit_offset = bitpos
            f.offset = bitpos // 8
            bitpos += w
            size_bits = max(size_bits, bitpos)
            if f.name is not None or tt.anon_bitfield_align:
                max_align = max(max_align, a)
            continue
        a = talign
        if fpacked:
            a = 1
        if user_align:
            a = max(a, user_align)
        if pack:
            a = min(a, pack)
        if rec.is_union:
            f.offset = 0
            size_bits = max(size_bits, tsize * 8)
        else:
            bitpos = _round(bitpos, a * 8)
            f.offset = bitpos // 8
            bitpos += tsize * 8
            size_bits = max(size_bits, bitpos)
        max_align = max(max_align, a)
        faligns[-1] = a
    rec.d.faligns = faligns
    rec.d.variable = any(f.bit_width is None and f.type.size is None and (
        isinstance(f.type, ArrayType) and (f.type.vla is not None or f.type.length is not None)
        or isinstance(f.type, RecordType) and f.type.d.variable) for f in members)
    rec._align = max_align
    rec._size = _round((size_bits + 7) // 8, max_align) if size_bits else 0
    rec.fields = members
    rec.complete = True
    rec.names = {}
    for f in members:
        if f.name is not None:
            rec.names[f.name] = [f]
        elif f.anon and isinstance(f.type, RecordType):
            for n, path in f.type.names.items():
                rec.names.setdefault(n, [f] + path)
    return rec


# ---- type relations --------------------------------------------------------------------------
def strip(t):
    """The unqualified type with enum -> its integer type kept (enums stay enums)."""
    return t.unqual()


def compatible(a: Type, b: Type, ignore_quals=False) -> bool:
    """C11 6.2.7 compatible types (qualifiers must match unless ignore_quals)."""
    if a is b:
        return True
    if not ignore_quals and (a.quals & ~RESTRICT) != (b.quals & ~RESTRICT):
        return False
    if isinstance(a, EnumType) and isinstance(b, IntType):
        return a.base.name == b.name
    if isinstance(b, EnumType) and isinstance(a, IntType):
        return b.base.name == a.name
    if type(a) is not type(b):
        return False
    if isinstance(a, IntType):
        return a.name == b.name
    if isinstance(a, FloatType):
        return a.name == b.name and a.complex == b.complex
    if isinstance(a, VoidType):
        return True
    if isinstance(a, PointerType):
        return compatible(a.target, b.target)
    if isinstance(a, ArrayType):
        if a.length is not None and b.length is not None and a.length != b.length \
                and a.vla is None and b.vla is None:
            return False
        return compatible(a.elem, b.elem)
    if isinstance(a, FunctionType):
        if not compatible(a.ret, b.ret):
            return False
        if a.prototyped and b.prototyped:
            if a.variadic != b.variadic or len(a.params) != len(b.params):
                return False
            return all(compatible(x, y, True) for x, y in zip(a.params, b.params))
        return True
    if isinstance(a, RecordType) or isinstance(a, EnumType):
        return a.d is b.d
    if isinstance(a, VectorType):
        return a.length == b.length and compatible(a.elem, b.elem)
    if isinstance(a, ComplexIntType):
        return a.base.name == b.base.name
    return False


def _same_record(a, b):
    # qualified copies of one record share fields
    return getattr(a, "fields", 1) is getattr(b, "fields", 2) and a.tag == b.tag and \
        type(a) is type(b)


def composite(a: Type, b: Type) -> Type:
    """C11 6.2.7p3 composite type of two compatible types."""
    if isinstance(a, ArrayType) and isinstance(b, ArrayType):
        if a.length is None and b.length is not None:
            return ArrayType(composite(a.elem, b.elem), b.length).qualified(a.quals)
        return a
    if isinstance(a, FunctionType) and isinstance(b, FunctionType):
        if not a.prototyped and b.prototyped:
            return b
        return a
    return a
