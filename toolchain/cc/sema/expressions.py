"""Semantic analysis: typing of identifiers and operators: unary, binary, assignment, calls,
members."""
from __future__ import annotations

from .. import ast as A
from .. import types as T
from .common import _loc, _range_loc, is_vm, Scope, Symbol
from .flow import _pure, _value_only
from .conversions import BITFIELD_VALUED

_PACK_NAMES = frozenset(("__builtin_va_arg_pack", "__builtin_va_arg_pack_len"))
_COMPARISONS = frozenset(("<", ">", "<=", ">=", "==", "!="))


def _coefficient(n):
    """The value of an integer constant operand of a product (possibly converted), or None."""
    c = type(n)
    if c is A.IntConst or c is A.CharConst:
        return n.value
    if c is A.ImplicitCast and n.kind == "convert" and n.type.__class__ is T.IntType:
        o = n.operand
        if type(o) is A.IntConst or type(o) is A.CharConst:
            return n.type.wrap(o.value)
    return None


def _split(n):
    """``(variable read, E, coefficient)`` for an operand that is ``E``, ``E*c`` or ``c*E`` with
    ``E`` an identifier (possibly converted), else None."""
    c = 1
    if type(n) is A.Binary:
        if n.op != "*":
            return None
        c = _coefficient(n.right)
        if c is not None:
            n = n.left
        else:
            c = _coefficient(n.left)
            if c is None:
                return None
            n = n.right
    v = n.operand if type(n) is A.ImplicitCast and n.kind == "convert" else n
    if type(v) is not A.Ident:
        return None
    return v, n, c


class Expressions:
    """Typing of identifiers and operators: unary, binary, assignment, calls, members."""

    _wparen = None          # -Wparentheses on (decided at the first binary operator)

    # expression kinds
    def e_Ident(self, e):
        s = self.scope
        name = e.name
        while s is not None:
            sym = s.names.get(name)
            if sym is not None:
                break
            s = s.parent
        else:
            sym = None
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
        k = sym.kind
        e.type = sym.type
        e.lvalue = k == "var" or k == "param"
        return e

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
                    typed = self.e_Binary      # (a binary operator's value never decays)
                    for node in reversed(spine[1:]):
                        pre[id(node)] = typed(node)
            l = self.expr(e.left)
        r = self.expr(e.right)
        wp = self._wparen
        if wp is None:
            wp = self._wparen = self._wall("parentheses")
        if wp:
            self._paren_warnings(e, l, r)
        lt, rt = l.type, r.type
        if lt.__class__ is T.IntType and rt.__class__ is T.IntType:
            # two plain integers (the common case): no pointer, vector or void to consider
            if op == "<<" or op == ">>":
                e.left = self.promote(l)
                e.right = self.promote(r)
                return self.mk(e, e.left.type)
            return self._arith_binary(e, op, l, r)
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
            vt = lt if isinstance(lt, T.VectorType) else rt
            if op in ("<", ">", "<=", ">=", "==", "!=") and not vt.elem.is_integer():
                # comparing floating vectors gives the signed integer vector of the same
                # element size (0 or -1 per element), as in GNU C
                et = next((x for x in (tt.short, tt.int, tt.long, tt.int128)
                           if x.size == vt.elem.size),
                          None)
                if et is not None:
                    ct = T.VectorType(et, vt.length)
                    vt = ct.with_align(vt.align) if vt.align != ct.align else ct
            return self.mk(e, vt)
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
        return self._arith_binary(e, op, l, r)

    def _arith_binary(self, e, op, l, r):
        """The usual arithmetic conversions on both operands of an arithmetic or comparison
        operator; like terms of integer sums combined."""
        if type(l) in BITFIELD_VALUED:
            l = self.bitfield_promote(l)
        if type(r) in BITFIELD_VALUED:
            r = self.bitfield_promote(r)
        ct = l.type
        if ct is not r.type or ct.__class__ is not T.IntType or ct.rank < 3 or ct.quals:
            ct = self.arith_conv(ct, r.type)
        e.left = l if l.type is ct else self.convert(l, ct)
        e.right = r if r.type is ct else self.convert(r, ct)
        e.lvalue = False
        if op in _COMPARISONS:
            e.type = self.tt.int
            return e
        if (op == "+" or op == "-") and ct.__class__ is T.IntType:
            self._like_terms(e, ct)
        e.type = ct
        return e

    def _like_terms(self, e, ct):
        """Like terms combined, as C compilers' constant folders do: ``E + E`` -> ``E * 2``,
        ``E*c + E`` -> ``E * (c+1)``, ``E*c1 +/- E*c2`` -> ``E * (c1 +/- c2)``, in place, when
        both operands are the same plain read of one non-volatile, non-atomic integer variable
        (no side effect, one value) converted to the operation's type ``ct`` (integer only:
        floating point would round differently). The coefficient is wrapped to ``ct``, so the
        product equals the unfolded sum modulo 2^bits: unsigned arithmetic and two's
        complement give the same result (a macro of x+x+...+x, 2^20 terms, is one multiply,
        as with gcc)."""
        b = _split(e.right)
        if b is None:
            return
        a = _split(e.left)
        if a is None:
            return
        sym = a[0].sym
        if sym is not b[0].sym or sym is None or (sym.kind != "var" and sym.kind != "param"):
            return
        t = a[0].type
        if (t.__class__ is not T.IntType and t.__class__ is not T.EnumType) or \
                t.quals & (T.VOLATILE | T.ATOMIC):
            return      # a volatile or atomic object is read as many times as written
        c = a[2] + b[2] if e.op == "+" else a[2] - b[2]
        if not 0 <= c < 0x80000000:
            c = ct.wrap(c)
        k = e.left.right if type(e.left) is A.Binary else None
        if type(k) is A.IntConst and k.type is ct:
            k.text, k.value = str(c), c         # the left product's own constant, reused
        else:
            k = A.IntConst(str(c), c, loc=e.right.loc)
            k.type = ct
        e.op = "*"
        e.left = a[1]
        e.right = k

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
                n = self.diag.warnings + self.diag.errors
                self.pedwarn(f"implicit declaration of function '{f.name}' "
                             "[-Wimplicit-function-declaration]", f)
                if self.diag.warnings + self.diag.errors > n:     # not under -w
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
        if self._name_of(f) in _PACK_NAMES:
            self._va_arg_pack_use(e, f.name)
        elif any(self._name_of(getattr(a, "func", None)) == "__builtin_va_arg_pack"
                 for a in e.args):
            self._va_arg_pack_args(e, ft)
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

    def _va_arg_pack_args(self, call, ft):
        """A call with __builtin_va_arg_pack () among its arguments: only as the last one
        (gcc's error is at the call otherwise), in a variadic function never emitted out of
        line (static or inline: its calls are expanded, lower.lower.Lowerer.external), after
        every fixed parameter of a variadic callee (gcc's error is at the builtin when the
        callee is not variadic)."""
        ok = getattr(self, "_pack_ok", None)
        if ok is None:
            ok = self._pack_ok = set()
        packs = [a for a in call.args if self._name_of(getattr(a, "func", None)) ==
                 "__builtin_va_arg_pack"]
        ok.update(map(id, packs))
        if self._name_of(getattr(call.args[-1], "func", None)) != "__builtin_va_arg_pack" or \
                len(packs) > 1 or not self._va_arg_pack_context():
            self.error("invalid use of '__builtin_va_arg_pack ()'", call)
        elif ft.prototyped and not ft.variadic:
            self.error("invalid use of '__builtin_va_arg_pack ()'", call.args[-1])
        elif ft.prototyped and len(call.args) - 1 < len(ft.params):
            self.error("invalid use of '__builtin_va_arg_pack ()'", call)

    def _va_arg_pack_use(self, e, name):
        """__builtin_va_arg_pack () itself (valid only as a call's last argument, checked
        there) or __builtin_va_arg_pack_len ()."""
        if id(e) in (getattr(self, "_pack_ok", None) or ()):
            return
        if name == "__builtin_va_arg_pack" or not self._va_arg_pack_context():
            self.error(f"invalid use of '{name} ()'", e)

    def _va_arg_pack_context(self) -> bool:
        """Is the current function one whose __builtin_va_arg_pack uses can be expanded (a
        variadic static or inline definition)? Marks it so (Symbol.va_arg_pack)."""
        fs = self.func.sym if self.func is not None else None
        if fs is None or not isinstance(fs.type, T.FunctionType) or not fs.type.variadic:
            return False
        fd = fs.node
        inline = "inline" in (getattr(getattr(fd, "specs", None), "funcspecs", None) or ())
        if fs.linkage != "internal" and not inline:
            return False
        fs.va_arg_pack = True
        return True

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
