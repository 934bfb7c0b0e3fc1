"""Semantic analysis: declarations and function definitions: linkage, redeclaration, tentative
definitions."""
from __future__ import annotations

from .. import ast as A
from .. import types as T
from .common import _loc, FuncCtx, MAX_ALIGN, gcc_type, is_vm, Scope, Symbol
from .flow import _ends_in_jump, _last_loc_of



# declaration attributes gcc takes from a pointer declarator (`char * __attribute__((noinline))
# f(int)` is a noinline f): they say nothing about the pointer type
_DECL_ATTRS = frozenset((
    "noinline", "noipa", "noclone", "always_inline", "flatten", "noreturn", "used", "unused",
    "cold", "hot", "weak", "section", "visibility", "constructor", "destructor", "alias", "ifunc",
    "malloc", "pure", "const", "warn_unused_result", "returns_nonnull", "deprecated"))


def _pointer_decl_attrs(dd) -> list:
    return [a for op in dd.ops if op[0] == "ptr" and op[2] for a in op[2]
            if a.name.strip("_") in _DECL_ATTRS]


class Declarations:
    """Declarations and function definitions: linkage, redeclaration, tentative definitions."""

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
        sym.attrs = list(specs.attrs) + list(dd.attrs) + _pointer_decl_attrs(dd)
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
        if v > MAX_ALIGN:
            self.error(f"requested alignment '{v}' exceeds maximum {MAX_ALIGN}", a)
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
