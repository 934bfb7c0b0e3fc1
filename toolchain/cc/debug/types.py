"""C types (toolchain.cc.types) -> DWARF type DIEs, each distinct type once per unit."""
from __future__ import annotations

from .. import types as CT
from .dwarf import (AT_artificial, ATE_boolean, ATE_complex_float, ATE_float, ATE_signed, ATE_signed_char,
                    ATE_unsigned, ATE_unsigned_char, AT_GNU_vector, AT_bit_size, AT_byte_size,
                    AT_const_value, AT_count, AT_data_bit_offset, AT_data_member_location,
                    AT_declaration, AT_encoding, AT_name, AT_prototyped, AT_type, AT_upper_bound,
                    FORM_flag_present, FORM_ref4, FORM_sdata, FORM_strp, FORM_udata, Die,
                    TAG_array_type, TAG_atomic_type, TAG_base_type, TAG_const_type,
                    TAG_enumeration_type, TAG_enumerator, TAG_formal_parameter, TAG_member,
                    TAG_pointer_type, TAG_restrict_type, TAG_structure_type, TAG_subrange_type,
                    TAG_subroutine_type, TAG_typedef, TAG_union_type, TAG_unspecified_parameters,
                    TAG_volatile_type, const_form)

_QUAL_TAGS = ((CT.CONST, TAG_const_type), (CT.VOLATILE, TAG_volatile_type),
              (CT.RESTRICT, TAG_restrict_type))


class TypeTable:
    """Type DIEs appended to the compile unit ``cu`` as they are first needed."""

    def __init__(self, cu: Die, unit=None, decl=None, artificial=()):
        self.cu = cu
        self.artificial = artificial    # tags of compiler-made records (members artificial)
        self.by_key: dict = {}
        self.named: dict = {}       # id(record/enum data) -> typedef Die naming it (anonymous)
        self.tdefs = unit.tdefs if unit is not None else {}
        self.field_tdefs = unit.field_tdefs if unit is not None else {}
        self.decl = decl            # decl(die, loc): DW_AT_decl_file/line of a typedef

    def ref(self, d: Die, t, tdef: str | None = None) -> None:
        """Add DW_AT_type for C type t to d (nothing for void); ``tdef``: the typedef name
        the declaration's specifiers used, so the type is named as written."""
        td = self.die(t) if tdef is None else self.sugared(t, tdef)
        if td is not None:
            d.add(AT_type, FORM_ref4, td)

    def die(self, t):
        """The DIE of C type t, or None for void."""
        if t is None:
            return None
        quals = _quals(t)
        if quals:
            base = t.unqual()
            key = ("q", quals, self._key(base))
            d = self.by_key.get(key)
            if d is not None:
                return d
            return self._qualify(self.die(base), quals, key)
        key = self._key(t)
        d = self.by_key.get(key)
        if d is not None:
            return d
        return self._make(t, key)

    def _qualify(self, inner, quals, key):
        # innermost first: const, then volatile (gcc's order), restrict, _Atomic
        for bit, tag in _QUAL_TAGS + (((_ATOMIC, TAG_atomic_type),) if _ATOMIC else ()):
            if quals & bit:
                q = self.cu.child(Die(tag))
                if inner is not None:
                    q.add(AT_type, FORM_ref4, inner)
                inner = q
        self.by_key[key] = inner
        return inner

    # -- types named through a typedef -----------------------------------------------------------
    def sugared(self, t, name: str):
        """The DIE of C type t as declared with specifiers naming typedef ``name``: the
        part of t that is the typedef's type refers to the typedef DIE (pointers, arrays
        and qualifiers derived from it are built around it); otherwise t's plain DIE."""
        cands = self.tdefs.get(name)
        if not cands or t is None:
            return self.die(t)
        m = self._match(t, cands)
        if m is None:
            return self.die(t)
        return self._sug(t, name, m)

    def _match(self, t, cands):
        """The typedef entry whose type t is or is derived from (pointer/array), or None."""
        while t is not None:
            tu = t.unqual()
            for c in cands:
                ct = c[0]
                if ct is not None and self._same(tu, ct.unqual()) and \
                        _quals(ct) & ~_quals(t) == 0:
                    return c
            if isinstance(t, CT.PointerType):
                t = t.target
            elif isinstance(t, CT.ArrayType):
                t = t.elem
            else:
                return None
        return None

    def _same(self, t, ct) -> bool:
        """t is typedef type ct (unqualified both), or ct's enum narrowed by a mode
        attribute (same constants): gcc names such a declaration by the typedef too, so
        gdb reads the member at the typedef's size as gcc's build shows it."""
        if self._key(t) == self._key(ct):
            return True
        return isinstance(t, CT.EnumType) and isinstance(ct, CT.EnumType) and \
            bool(t.consts) and t.consts is ct.consts

    def _sug(self, t, name, c):
        ct, inner, loc = c
        key = ("sug", name, self._key(t))
        d = self.by_key.get(key)
        if d is not None:
            return d
        extra = _quals(t) & ~_quals(ct)
        if self._same(t.unqual(), ct.unqual()):
            td = self.typedef(name, ct, loc, inner)
            return self._qualify(td, extra, key) if extra else td
        quals = _quals(t)
        if quals:
            return self._qualify(self._sug(t.unqual(), name, c), quals, key)
        if isinstance(t, CT.PointerType):
            d = self.cu.child(Die(TAG_pointer_type))
            self.by_key[key] = d
            d.add(AT_byte_size, const_form(8), 8)
            td = self._sug(t.target, name, c)
            if td is not None:
                d.add(AT_type, FORM_ref4, td)
            return d
        d = self._array(t, key, self._sug(t.elem, name, c))
        return d

    def _key(self, t):
        if isinstance(t, (CT.RecordType, CT.EnumType)):
            return (type(t).__name__, id(t.d), t.quals)
        if isinstance(t, CT.PointerType):
            return ("p", self._key(t.target), t.quals)
        if isinstance(t, CT.ArrayType):
            return ("a", self._key(t.elem), t.length, t.vla is not None, t.quals)
        if isinstance(t, CT.VectorType):
            return ("v", self._key(t.elem), t.length, t.quals)
        if isinstance(t, CT.FunctionType):
            return ("f", self._key(t.ret), tuple(self._key(getattr(p, "type", p))
                                                 for p in (t.params or ())),
                    bool(t.variadic), bool(t.prototyped), t.quals)
        if isinstance(t, CT.IntType):
            return ("i", t.name_str(), t.size, t.signed, t.quals,
                    getattr(t, "prec", None))
        if isinstance(t, CT.FloatType):
            return ("fl", t.name, t.size, t.fmt, t.complex, t.quals)
        if isinstance(t, CT.ComplexIntType):
            return ("ci", self._key(t.base), t.quals)
        return (type(t).__name__, str(t), t.quals)

    def _make(self, t, key):
        cu = self.cu
        if isinstance(t, CT.VoidType):
            self.by_key[key] = None
            return None
        if isinstance(t, CT.IntType):
            d = cu.child(Die(TAG_base_type))
            self.by_key[key] = d
            name = t.name_str()
            if t.name == "_Bool":
                enc = ATE_boolean
            elif t.size == 1 and t.name in ("char", "signed char", "unsigned char"):
                enc = ATE_signed_char if t.signed else ATE_unsigned_char
            else:
                enc = ATE_signed if t.signed else ATE_unsigned
            d.add(AT_byte_size, const_form(t.size), t.size)
            d.add(AT_encoding, const_form(enc), enc)
            d.add(AT_name, FORM_strp, name)
            return d
        if isinstance(t, CT.FloatType):
            d = cu.child(Die(TAG_base_type))
            self.by_key[key] = d
            name = t.name
            if t.complex:
                name = "complex " + name
            d.add(AT_byte_size, const_form(t.size), t.size)
            enc = ATE_complex_float if t.complex else ATE_float
            d.add(AT_encoding, const_form(enc), enc)
            d.add(AT_name, FORM_strp, name)
            return d
        if isinstance(t, CT.ComplexIntType):
            d = cu.child(Die(TAG_base_type))
            self.by_key[key] = d
            d.add(AT_byte_size, const_form(t.size), t.size)
            d.add(AT_encoding, const_form(0x80), 0x80)      # DW_ATE_lo_user: gcc's complex int
            d.add(AT_name, FORM_strp, "complex " + t.base.name_str())
            return d
        if isinstance(t, CT.PointerType):
            d = cu.child(Die(TAG_pointer_type))
            self.by_key[key] = d
            d.add(AT_byte_size, const_form(8), 8)
            self.ref(d, t.target)
            return d
        if isinstance(t, (CT.ArrayType, CT.VectorType)):
            return self._array(t, key, self.die(t.elem))
            self.ref(sr, self._sizetype())
        if isinstance(t, CT.RecordType):
            d = cu.child(Die(TAG_union_type if t.is_union else TAG_structure_type))
            self.by_key[key] = d
            if t.tag:
                d.add(AT_name, FORM_strp, t.tag)
            if not t.complete:
                d.add(AT_declaration, FORM_flag_present)
                return d
            if t.size is not None:      # a struct with a VLA member (GNU) has no constant size
                d.add(AT_byte_size, const_form(t.size), t.size)
            names = self.field_tdefs.get(id(t.d)) or {}
            for f in t.fields:
                if f.name is None and f.bit_width is not None:
                    continue        # unnamed bit-fields are padding (gcc omits them)
                m = self._member(d, f, names.get(f.name))
                if t.tag in self.artificial:
                    m.add(AT_artificial, FORM_flag_present)
            return d
        if isinstance(t, CT.EnumType):
            d = cu.child(Die(TAG_enumeration_type))
            self.by_key[key] = d
            if t.tag:
                d.add(AT_name, FORM_strp, t.tag)
            b = t.base
            enc = ATE_signed if b.signed else ATE_unsigned
            d.add(AT_encoding, const_form(enc), enc)
            d.add(AT_byte_size, const_form(t.size), t.size)
            self.ref(d, b)
            for name, val in (t.consts or {}).items():
                e = d.child(Die(TAG_enumerator))
                e.add(AT_name, FORM_strp, name)
                v = val if isinstance(val, int) else getattr(val, "value", 0)
                e.add(AT_const_value, FORM_sdata if v < 0 else const_form(v), v)
            return d
        if isinstance(t, CT.FunctionType):
            d = cu.child(Die(TAG_subroutine_type))
            self.by_key[key] = d
            if t.prototyped:
                d.add(AT_prototyped, FORM_flag_present)
            self.ref(d, t.ret)
            for p in t.params or ():
                pd = d.child(Die(TAG_formal_parameter))
                self.ref(pd, getattr(p, "type", p))
            if t.variadic:
                d.child(Die(TAG_unspecified_parameters))
            return d
        # anything else: an unnamed base type of the right size (never a wrong layout)
        d = cu.child(Die(TAG_base_type))
        self.by_key[key] = d
        size = t.size or 0
        d.add(AT_byte_size, const_form(size), size)
        d.add(AT_encoding, const_form(ATE_unsigned), ATE_unsigned)
        d.add(AT_name, FORM_strp, str(t))
        return d

    def _array(self, t, key, elem):
        d = self.cu.child(Die(TAG_array_type))
        self.by_key[key] = d
        if isinstance(t, CT.VectorType):
            d.add(AT_GNU_vector, FORM_flag_present)
        if elem is not None:
            d.add(AT_type, FORM_ref4, elem)
        sr = d.child(Die(TAG_subrange_type))
        self.ref(sr, self._sizetype())
        n = t.length
        if n is not None and (not isinstance(t, CT.ArrayType) or t.vla is None):
            if n > 0:
                sr.add(AT_upper_bound, const_form(n - 1), n - 1)
            else:
                sr.add(AT_count, const_form(0), 0)
        return d

    def _sizetype(self):
        return CT.IntType("unsigned long", 8, 8, False, 4)

    def _member(self, rec: Die, f, tdef=None) -> None:
        m = rec.child(Die(TAG_member))
        if f.name:
            m.add(AT_name, FORM_strp, f.name)
        self.ref(m, f.type, tdef)
        if f.bit_width is not None:
            m.add(AT_bit_size, const_form(f.bit_width), f.bit_width)
            m.add(AT_data_bit_offset, const_form(f.bit_offset), f.bit_offset)
        elif not rec.tag == TAG_union_type:
            m.add(AT_data_member_location, const_form(f.offset), f.offset)
        return m

    def typedef(self, name: str, t, loc=None, inner: str | None = None) -> Die:
        """The typedef DIE ``name`` for type t (once per name and type); ``inner``: the
        typedef name its own specifiers used (``typedef __gnuc_va_list va_list``)."""
        key = ("td", name, self._key(t))
        d = self.by_key.get(key)
        if d is not None:
            return d
        d = self.cu.child(Die(TAG_typedef))
        self.by_key[key] = d
        d.add(AT_name, FORM_strp, name)
        if self.decl is not None:
            self.decl(d, loc)
        self.ref(d, t, inner if inner != name else None)
        return d


_ATOMIC = getattr(CT, "ATOMIC", 0)


def _quals(t) -> int:
    return t.quals & (CT.CONST | CT.VOLATILE | CT.RESTRICT | _ATOMIC)
