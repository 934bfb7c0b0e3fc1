"""The lowering side of ``pycc -g``: called by toolchain.cc.lower (only when debug
information is asked for) to put source positions on IR instructions and to record
functions, scopes and variables (toolchain.cc.debug.record)."""
from __future__ import annotations

from .. import ast as A
from .record import FuncDebug, Scope, SrcLoc, VarRec


def _loc(loc, scope):
    """A SrcLoc from a syntax node's position (a token: ``src.name``, or a diag Location)."""
    if loc is None or not getattr(loc, "line", 0):
        return None
    src = getattr(loc, "src", None)
    return SrcLoc(src.name if src is not None else loc.file, loc.line, loc.col, scope)


def decl_loc(loc):
    """(file, line, col) of a declaration's position, or None."""
    if loc is None or not getattr(loc, "line", 0):
        return None
    src = getattr(loc, "src", None)
    return SrcLoc(src.name if src is not None else loc.file, loc.line, loc.col, None)


def begin_function(fl, sym, name):
    """Start the function's record (FuncLower ``fl`` is positioned in its body block)."""
    fd = fl.fd
    body = fd.body
    root_open = getattr(body, "loc", None)
    close = getattr(body, "end", None)
    d = FuncDebug(sym.name, sym.type,
                  decl_loc(getattr(fd.declarator, "loc", None) or sym.loc or fd.loc),
                  None, None, sym.linkage != "internal")
    d.open = _loc(root_open, d.root)
    d.close = _loc(close, d.root)
    fl.f.debug = d
    fl.scope = d.root
    locate_calls(fl)


def record_param(fl, p, home):
    d = fl.f.debug
    d.params.append(VarRec(p.name, p.type, "param", home, decl_loc(p.loc),
                           tdef=_param_typedef(fl.fd, p.name)))


def record_local(fl, sym, home, idc, specs=None):
    """A block-scope object: ``home`` the alloca, the static's symbol name, or None."""
    kind = "static" if isinstance(home, str) else "local"
    fl.scope.vars.append(VarRec(sym.name, sym.type, kind, home,
                                decl_loc(sym.loc or getattr(idc, "loc", None)),
                                tdef=typedef_name(specs)))


def converted_call_init(fl, idc, n0):
    """``T x = f (...)`` where f's result is converted to T: gcc makes the conversion and
    the store a statement at the declarator (a new row after the call: stepping out of f
    stops on the line again). The instructions after the call's get that position."""
    e = idc.init
    while type(e) is A.ImplicitCast:
        e = e.operand
    sym = getattr(idc, "sym", None)
    if type(e) is not A.Call or sym is None or e.type is None or \
            e.type.unqual() == sym.type.unqual():
        return
    loc = _loc(getattr(idc.declarator, "loc", None) or idc.loc, fl.scope)
    instrs = fl.b.block.instrs
    last = None
    for k in range(n0, len(instrs)):
        if instrs[k].op == "call":
            last = k
    if loc is None or last is None or \
            all(ins.op == "store" for ins in instrs[last + 1:]):
        return      # no conversion made: the store is part of the call's statement
    for k in range(last + 1, len(instrs)):
        instrs[k].loc = loc


def typedef_name(specs):
    """The typedef name declaration specifiers use (``P_t x``), or None."""
    for t in getattr(specs, "types", None) or ():
        if type(t) is A.TypedefRef:
            return t.name
    return None


def _param_typedef(fdef, name):
    """The typedef name of parameter ``name``'s declaration specifiers in a definition
    (prototype parameter list or K&R declarations)."""
    for op in getattr(fdef.declarator, "ops", None) or ():
        if op and op[0] == "func":
            for pd in op[1] or ():
                dcl = getattr(pd, "declarator", None)
                if type(pd) is A.ParamDecl and dcl is not None and dcl.name == name:
                    return typedef_name(pd.specs)
            break
    for d in getattr(fdef, "kr_decls", None) or ():
        for idc in getattr(d, "declarators", None) or ():
            dcl = getattr(idc, "declarator", idc)
            if getattr(dcl, "name", None) == name:
                return typedef_name(d.specs)
    return None


def record_specs(u, d):
    """Typedefs a declaration defines and the typedef names its struct/union members use
    (file or block scope): what the DWARF writer needs to name types as written."""
    specs = getattr(d, "specs", None)
    _record_members(u, specs)
    inner = typedef_name(specs)
    for sym in getattr(d, "syms", None) or ():
        if sym is not None and sym.kind == "typedef":
            u.tdefs.setdefault(sym.name, []).append((sym.type, inner, decl_loc(sym.loc)))


def debug_stmt(fl, s, lower):
    """Lower statement ``s`` with ``lower(s)``; its instructions without a position get the
    statement's. A compound statement opens a scope (the function body is the root)."""
    if type(s) is A.Declaration:
        record_specs(fl.L.dbg, s)
    if type(s) is A.Compound:
        if s is fl.fd.body:
            lower(s)
            return
        outer = fl.scope
        fl.scope = Scope(outer, outer.func)
        try:
            lower(s)
        finally:
            fl.scope = outer
        return
    if type(s) is A.For and isinstance(s.init, A.Declaration):
        outer = fl.scope            # C99: the for statement is a block of its own
        fl.scope = Scope(outer, outer.func)
        try:
            _located(fl, s, lower, s)
        finally:
            fl.scope = outer
        return
    if type(s) is A.If:
        b0 = fl.b.block
        n0 = len(b0.instrs)
        _located(fl, s, lower, s)
        if len(b0.instrs) > n0 and b0.instrs[n0].op == "jmp":
            # a constant condition: only the jump to the taken side was made, and gcc makes
            # no code for the line (the jump continues the position before it)
            b0.instrs[n0].loc = b0.instrs[n0 - 1].loc if n0 else None
        return
    _located(fl, s, lower, s)


def _located(fl, node, lower, arg):
    """Run ``lower(arg)``; the new instructions without a position take node's, or within a
    block the position of the located instruction before them (a call's line continues
    after it returns, as gcc's expression positions do)."""
    f = fl.f
    nb = len(f.blocks)
    b0 = fl.b.block
    n0 = len(b0.instrs)
    loc = _loc(node.loc, fl.scope)
    if not isinstance(node, A.Expr):
        outer, fl.dbg_stmt = getattr(fl, "dbg_stmt", None), loc
        try:
            r = lower(arg)
        finally:
            fl.dbg_stmt = outer
    else:
        r = lower(arg)
    if loc is None:
        return r
    _fill(b0.instrs, n0, loc)
    for b in f.blocks[nb:]:
        _fill(b.instrs, 0, loc)
    return r


def _fill(instrs, start, loc):
    cur = loc
    for k in range(start, len(instrs)):
        ins = instrs[k]
        if ins.loc is None:
            ins.loc = cur
        else:
            cur = ins.loc


def locate_calls(fl):
    """-g: calls get their own position (a condition spanning lines steps like gcc's), and
    the instructions of an operator, cast, member access, assignment or condition take
    its position unless an operand's gave them one (gcc's expression positions: an
    assignment whose value is written on the next lines steps there first)."""
    orig = fl.e_Call

    def e_Call(e):
        return _located(fl, e, orig, e)
    fl.e_Call = e_Call
    for name in ("rval", "cond_br"):
        setattr(fl, name, _expr_located(fl, getattr(fl, name)))


_EXPR_LOCATED = frozenset((A.Binary, A.Assign, A.Cond, A.Cast, A.Unary, A.Postfix, A.Index,
                           A.Member))


_CONST_LEAVES = (A.IntConst, A.CharConst, A.FloatConst, A.SizeofExpr, A.SizeofType,
                 A.AlignofExpr, A.AlignofType, A.Offsetof)


def _const(e, depth=0) -> bool:
    """An arithmetic constant expression (gcc folds it: no position of its own)."""
    c = type(e)
    if c in _CONST_LEAVES:
        return True
    if depth > 20:
        return False
    if c is A.Ident:
        return e.sym is not None and e.sym.kind == "enum"
    if c is A.Binary:
        return _const(e.left, depth + 1) and _const(e.right, depth + 1)
    if c is A.Unary:
        return e.op in ("-", "+", "~", "!") and _const(e.operand, depth + 1)
    if c is A.Cast or (c is A.ImplicitCast and e.kind == "convert"):
        return _const(e.operand, depth + 1)
    if c is A.Cond:
        return e.then is not None and all(_const(x, depth + 1)
                                          for x in (e.cond, e.then, e.other))
    return False


def _unconverted(r):
    """r without the implicit casts that convert nothing."""
    while type(r) is A.ImplicitCast and r.kind != "convert":
        r = r.operand
    if type(r) is A.ImplicitCast and r.type is not None and r.operand.type is not None \
            and r.type.unqual() == r.operand.type.unqual():
        r = r.operand
    return r


def _call_result(e) -> bool:
    """``x = f(...)`` with no conversion: gcc makes the call and the store one statement
    (one position: the store continues the call's line)."""
    if type(e) is not A.Assign or e.op != "=":
        return False
    r = _unconverted(e.right)
    return type(r) is A.Call


def _converted_call(e):
    """The call whose result implicit conversion ``e`` converts, or None."""
    while type(e) is A.ImplicitCast:
        e = e.operand
    return e if type(e) is A.Call and e.loc is not None else None


_MERGED_OPS = frozenset(("+", "-", "*", "/", "%", "<<", ">>", "&", "|", "^",
                         "<", ">", "<=", ">=", "==", "!="))


def _assigned_op(e):
    """``x = a OP b`` (or ``x = -a``, ``~a``, ``!a``) with x an automatic variable and no
    conversion of the result: gcc makes the operation and the store one statement at the
    assignment's position. The operation's node, or None."""
    if e.op != "=" or type(e.left) is not A.Ident:
        return None
    sym = e.left.sym        # an automatic variable (gcc's register); memory takes a temporary
    if sym is None or sym.kind not in ("var", "param") or sym.linkage != "none" or \
            sym.is_static_local or sym.storage in ("static", "extern", "_Thread_local"):
        return None
    r = _unconverted(e.right)
    c = type(r)
    if (c is A.Binary and r.op in _MERGED_OPS) or (c is A.Unary and r.op in ("-", "~", "!")):
        return r
    return None


def _expr_located(fl, orig):
    def lower(e, *args):
        if _const(e) or _call_result(e):
            return orig(e, *args)
        if not args and type(e) is A.ImplicitCast:
            c = _converted_call(e)
            if c is not None:
                # an operand's promotion of a call's result continues the call's row (as
                # gcc's): stepping out of the call goes on to the rest of the line
                return _located(fl, c, orig, e)
        own = type(e) in _EXPR_LOCATED and e.loc is not None
        if not own and (not args or getattr(fl, "dbg_stmt", None) is None):
            return orig(e, *args)
        merged = None
        if own and type(e) is A.Assign:
            m = _assigned_op(e)
            if m is not None:
                merged = fl.dbg_merged = getattr(fl, "dbg_merged", None) or {}
                merged[id(m)] = e
        f = fl.f
        nb = len(f.blocks)
        b0 = fl.b.block
        n0 = len(b0.instrs)
        try:
            r = orig(e, *args)
        finally:
            if merged is not None:
                merged.pop(id(m), None)
        # a condition that is a call or a plain value: its test takes the statement's
        # position (gcc's `if (f ())` tests the result as a statement of its own)
        node = e
        if own and getattr(fl, "dbg_merged", None):
            node = fl.dbg_merged.get(id(e), e)
        loc = _loc(node.loc, fl.scope) if own else fl.dbg_stmt
        if loc is not None:
            for k in range(n0, len(b0.instrs)):
                ins = b0.instrs[k]
                if ins.loc is None:
                    ins.loc = loc
            for b in f.blocks[nb:]:
                for ins in b.instrs:
                    if ins.loc is None:
                        ins.loc = loc
        return r
    return lower


def end_function(fl, body):
    """Positions of the code outside statements: parameter stores (the opening brace) and
    the implicit return (the closing brace)."""
    d = fl.f.debug
    _unassigned_params(fl.f, d)
    if d.open is not None:
        for ins in body.instrs:
            if ins.loc is not None:
                break
            ins.loc = d.open
    if d.close is not None:
        for b in fl.f.blocks:
            t = b.instrs[-1] if b.instrs else None
            if t is not None and t.op == "ret" and t.loc is None:
                t.loc = d.close


def record_global(u, sym, name, idc, specs=None):
    for g in u.globals:
        if g.value == name:
            u.globals.remove(g)
            break
    u.globals.append(VarRec(sym.name, sym.type, "global", name,
                            decl_loc(sym.loc or getattr(idc, "loc", None)),
                            external=sym.linkage != "internal", tdef=typedef_name(specs)))


def record_typedefs(u, d):
    record_specs(u, d)
    inner = typedef_name(getattr(d, "specs", None))
    for sym in getattr(d, "syms", None) or ():
        if sym is not None and sym.kind == "typedef":
            u.typedefs.append((sym.name, sym.type, decl_loc(sym.loc), inner))


def _record_members(u, specs):
    for t in getattr(specs, "types", None) or ():
        if type(t) is not A.StructSpec or t.members is None:
            continue
        r = getattr(t, "type", None)
        names = {}
        for m in t.members:
            if type(m) is not A.StructMember:
                continue
            _record_members(u, m.specs)
            td = typedef_name(m.specs)
            dcl = m.declarator
            if td is not None and dcl is not None and dcl.name:
                names[dcl.name] = td
        if names and r is not None and hasattr(r, "d"):
            u.field_tdefs[id(r.d)] = names


def _unassigned_params(f, d):
    """Mark the parameters whose home is written once, by the parameter store, and only
    read otherwise (``VarRec.entry``: the stored IR Arg)."""
    homes = {id(v.value): v for v in d.params if v.value is not None}
    if not homes:
        return
    stores: dict = {}
    bad = set()
    for b in f.blocks:
        for ins in b.instrs:
            op = ins.op
            for k, a in enumerate(ins.args):
                h = id(a)
                if h not in homes:
                    continue
                if op == "load" and k == 0:
                    continue
                if op == "store" and k == 1 and id(ins.args[0]) not in homes:
                    stores.setdefault(h, []).append(ins.args[0])
                    continue
                bad.add(h)
    for h, v in homes.items():
        s = stores.get(h)
        if h not in bad and s is not None and len(s) == 1 and type(s[0]).__name__ == "Arg":
            v.entry = s[0]
