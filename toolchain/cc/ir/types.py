"""IR types: interned scalar types plus flattened aggregate layouts for the ABI.

Scalars: ``i1 i8 i16 i32 i64 i128`` (integers carry no sign: operations do), ``f32 f64 f80 f128``
(f80 is x87 ``long double``, f128 IEEE binary128), ``ptr`` (one untyped pointer type) and ``void``.

Aggregates never appear as SSA values. They describe memory that is passed or returned by
value (``byval``/``sret``) so a back end can classify it for its calling convention:
``struct<SIZE,ALIGN>{T@OFF, ...}`` lists the scalar leaves at their byte offsets (arrays and
nested structs are flattened by the front end; unions simply overlap). A GNU vector member of
16, 32 or 64 bytes is one leaf ``v128``/``v256``/``v512`` (kind "vec": the x86-64 psABI
classes it SSE + SSEUP as a whole, AAPCS64 as one short-vector member).
"""
from __future__ import annotations


class Type:
    __slots__ = ("kind", "bits", "name", "size", "align", "fields", "vector", "zero_array",
                 "union")

    def __init__(self, kind: str, bits: int, name: str, size: int, align: int, fields=(),
                 vector: bool = False, zero_array: bool = False, union: bool = False):
        self.kind = kind        # "int" "float" "ptr" "void" "struct" "vec" (vector leaf)
        self.bits = bits
        self.name = name
        self.size = size        # bytes in memory
        self.align = align
        self.fields = fields    # struct: tuple of (offset, scalar Type)
        self.vector = vector    # struct: a GNU vector (vector_size) rather than a C aggregate
        # struct: has a member array of no length (GNU `T a[0]`, flexible `T a[]`), which no
        # leaf shows (AAPCS64: never a homogeneous aggregate); `[]` after the text form
        self.zero_array = zero_array
        # struct: is or contains a C union (the RISC-V floating-point convention never
        # flattens one); text form `union<S,A>{...}`
        self.union = union

    @property
    def is_int(self) -> bool:
        return self.kind == "int"

    @property
    def is_float(self) -> bool:
        return self.kind == "float"

    @property
    def is_ptr(self) -> bool:
        return self.kind == "ptr"

    @property
    def is_struct(self) -> bool:
        return self.kind == "struct"

    @property
    def is_vector(self) -> bool:
        """An aggregate that is a GNU vector (``vector<SIZE,ALIGN>{...}`` in the text form)."""
        return self.vector

    @property
    def is_vec_leaf(self) -> bool:
        """A whole GNU vector member inside an aggregate layout (``v128``, ``v256``, ``v512``)."""
        return self.kind == "vec"

    @property
    def is_void(self) -> bool:
        return self.kind == "void"

    @property
    def is_scalar(self) -> bool:
        return self.kind in ("int", "float", "ptr")

    @property
    def is_intlike(self) -> bool:
        """Integers and pointers: values held in general-purpose registers."""
        return self.kind in ("int", "ptr")

    @property
    def mask(self) -> int:
        return (1 << self.bits) - 1

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<Type {self.name}>"


I1 = Type("int", 1, "i1", 1, 1)
I8 = Type("int", 8, "i8", 1, 1)
I16 = Type("int", 16, "i16", 2, 2)
I32 = Type("int", 32, "i32", 4, 4)
I64 = Type("int", 64, "i64", 8, 8)
I128 = Type("int", 128, "i128", 16, 16)
F16 = Type("float", 16, "f16", 2, 2)     # IEEE binary16 (AArch64 __fp16/_Float16)
F32 = Type("float", 32, "f32", 4, 4)
F64 = Type("float", 64, "f64", 8, 8)
F80 = Type("float", 80, "f80", 16, 16)
F128 = Type("float", 128, "f128", 16, 16)   # IEEE binary128 (long double on AArch64/RISC-V)
PTR = Type("ptr", 64, "ptr", 8, 8)
VOID = Type("void", 0, "void", 0, 1)
V128 = Type("vec", 128, "v128", 16, 16)    # vector leaves of aggregate layouts (see above)
V256 = Type("vec", 256, "v256", 32, 32)
V512 = Type("vec", 512, "v512", 64, 64)
VEC_LEAF = {16: V128, 32: V256, 64: V512}

SCALARS = {t.name: t for t in (I1, I8, I16, I32, I64, I128, F16, F32, F64, F80, F128, PTR, VOID,
                               V128, V256, V512)}
INT_BY_BITS = {1: I1, 8: I8, 16: I16, 32: I32, 64: I64, 128: I128}

_structs: dict = {}


def struct(size: int, align: int, fields, vector: bool = False,
           zero_array: bool = False, union: bool = False) -> Type:
    """The (interned) aggregate of ``size`` bytes, ``align`` alignment and scalar leaves
    ``fields`` = [(offset, Type), ...]; ``vector`` marks a GNU vector (its name then starts
    with ``vector<``, which older ABI code still looks for); ``zero_array`` an aggregate with
    a member array of no length (its name then ends in ``[]``); ``union`` an aggregate that
    is or contains a union (its name then starts with ``union<``)."""
    fields = tuple(sorted(((int(o), t) for o, t in fields), key=lambda f: f[0]))
    for o, t in fields:
        if not t.is_scalar and t.kind != "vec":
            raise ValueError("struct fields must be scalar or vector leaves")
        if o < 0 or o + t.size > size and not (t is F80 and o + 10 <= size):
            raise ValueError(f"field {t}@{o} outside struct of size {size}")
    union = bool(union) and not vector
    key = (size, align, tuple((o, t.name) for o, t in fields), bool(vector), bool(zero_array),
           union)
    t = _structs.get(key)
    if t is None:
        kw = "vector" if vector else "union" if union else "struct"
        name = f"{kw}<{size},{align}>{{" + ",".join(f"{t.name}@{o}" for o, t in fields) + "}"
        if zero_array:
            name += "[]"
        t = Type("struct", size * 8, name, size, align, fields, bool(vector), bool(zero_array),
                 union)
        _structs[key] = t
    return t


def int_type(bits: int) -> Type:
    return INT_BY_BITS[bits]
