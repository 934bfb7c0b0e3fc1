"""Semantic analysis: initializers: the flat form [(offset, field, type, expr)], braces and
designators."""
from __future__ import annotations

from .. import ast as A
from .. import types as T


class Initializers:
    """Initializers: the flat form [(offset, field, type, expr)], braces and designators."""

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
