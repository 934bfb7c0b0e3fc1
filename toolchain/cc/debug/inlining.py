"""pycc -g and the inliner: the code cloned from a callee into a caller keeps the callee's
lines, inside a scope of the caller that records "inlined from" (``Scope.inl``: the callee's
FuncDebug and the call's position). The DWARF writer makes it a DW_TAG_inlined_subroutine
(abstract origin, call file/line/column, address ranges) holding the callee's parameters and
locals where their homes were cloned too.

``inlined(caller, callee, call_loc, blocks, vmap)`` is called by toolchain.cc.opt.inline once
a call is replaced by the callee's blocks (only when the caller has debug information).
"""
from __future__ import annotations

from .record import Scope, SrcLoc, VarRec


def inlined(caller, callee, call_loc, blocks, vmap) -> None:
    fd = caller.debug
    cd = getattr(callee, "debug", None)
    if fd is None:
        return
    if cd is None:
        for b in blocks:                # no positions of a function without them
            for ins in b.instrs:
                ins.loc = None
        return
    parent = fd.root
    if call_loc is not None and call_loc.scope is not None and call_loc.scope.func is fd:
        parent = call_loc.scope
    top = Scope(parent, fd)
    top.inl = (cd, call_loc)
    smap = {cd.root: top}
    top.vars = [_var(v, vmap) for v in cd.params] + [_var(v, vmap) for v in cd.root.vars]
    lmap: dict = {}

    def loc_of(l):
        if l is None:
            return None
        n = lmap.get(id(l))
        if n is None:
            n = lmap[id(l)] = SrcLoc(l.file, l.line, l.col, scope_of(l.scope))
        return n

    def scope_of(s):
        if s is None or s.func is not cd:
            return top
        m = smap.get(s)
        if m is None:
            m = smap[s] = Scope(scope_of(s.parent), fd)
            m.vars = [_var(v, vmap) for v in s.vars]
            if s.inl is not None:       # a call the callee had inlined itself
                m.inl = (s.inl[0], loc_of(s.inl[1]))
        return m

    _copy_tree(cd.root, scope_of)
    for b in blocks:
        for ins in b.instrs:
            if ins.loc is not None:
                ins.loc = loc_of(ins.loc)


def _copy_tree(s, scope_of) -> None:
    """Map the callee's scopes in source order (their copies keep that order)."""
    work = list(reversed(s.children))
    while work:
        c = work.pop()
        scope_of(c)
        work.extend(reversed(c.children))


def _var(v, vmap) -> VarRec:
    """The callee's variable in the inlined copy: a local's home mapped to the clone's (an
    alloca the inliner copied), or none (shown optimised out; parameters always)."""
    value = v.value
    if v.kind == "param":
        # its cloned home is written by the inlined parameter store, which the inlined
        # scope's first row may precede: never show the slot's earlier bytes
        value = None
    elif v.kind != "static":
        value = vmap.get(value) if value is not None else None
        if value is not None and getattr(value, "op", None) != "alloca":
            value = None
    n = VarRec(v.name, v.ctype, v.kind, value, v.loc, v.external, v.tdef)
    return n
