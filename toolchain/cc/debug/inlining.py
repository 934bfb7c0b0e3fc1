"""pycc -g and the inliner: the code cloned from a callee into a caller keeps the callee's
lines, inside a scope of the caller that records "inlined from" (``Scope.inl``: the callee's
FuncDebug and the call's position). The DWARF writer makes it a DW_TAG_inlined_subroutine
(abstract origin, call file/line/column, address ranges) holding the callee's parameters and
locals where their homes were cloned too.

``inlined(caller, callee, call_loc, blocks, vmap)`` is called by toolchain.cc.opt.inline once
a call is replaced by the callee's blocks (only when the caller has debug information).
"""
from __future__ import annotations

from ..ir.core import Arg, Instr
from .record import Scope, SrcLoc, VarRec
from .values import _REACH, _neighbours


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
    vars_map: dict = {}     # id(the callee's VarRec) -> its copy here
    top.vars = [_var(v, vmap, vars_map) for v in cd.params] + \
        [_var(v, vmap, vars_map) for v in cd.root.vars]
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
            m.vars = [_var(v, vmap, vars_map) for v in s.vars]
            if s.inl is not None:       # a call the callee had inlined itself
                m.inl = (s.inl[0], loc_of(s.inl[1]))
        return m

    _copy_tree(cd.root, scope_of)
    for b in blocks:
        for ins in b.instrs:
            if ins.loc is not None:
                ins.loc = loc_of(ins.loc)
    if cd.values:
        _map_values(fd, cd, vmap, vars_map, blocks, caller)


def _copy_tree(s, scope_of) -> None:
    """Map the callee's scopes in source order (their copies keep that order)."""
    work = list(reversed(s.children))
    while work:
        c = work.pop()
        scope_of(c)
        work.extend(reversed(c.children))


def _map_values(fd, cd, vmap, vars_map, blocks, caller) -> None:
    """The callee's promoted variables (``FuncDebug.values``, toolchain.cc.debug.values)
    as versions of their copies here, their values and anchors mapped through the clone's
    value map. A parameter's incoming value becomes the argument's, taken where the
    inlined body starts (the instructions of its entry block after, the caller's before
    the jump into it); a value the callee's optimiser erased (not cloned) is unknown from
    its store's place on, or, with no place, drops the variable."""
    cent = blocks[0]
    pre = [b for b in caller.blocks if cent in b.succs]
    caller_b = pre[0] if len(pre) == 1 and pre[0].instrs[-1].op == "jmp" else None
    start = None            # where the inlined body starts: the caller's jump into it
    if caller_b is not None:
        start = _neighbours(caller_b.instrs[-1], _Preds(caller))
    for vs, gens in cd.values.values():
        nvs = [vars_map[id(v)] for v in vs if id(v) in vars_map]
        if not nvs:
            continue
        out = []
        for g in gens:
            kind, v = g[0], g[1]
            if isinstance(v, (Instr, Arg)):
                nv = vmap.get(v)
                if nv is None and g[2] is not None:
                    nv = v      # erased in the callee: unknown from the store's place
                elif nv is None:
                    out = None
                    break
            else:
                nv = v
            if kind == "def" and isinstance(v, Arg):
                if start is None:
                    out = None
                    break
                out.append(("in", nv, start[0], caller_b, start[1], start[2], start[3],
                            [i for i in start[0] if i.block is cent]))
            elif g[2] is not None:      # "at", or "def" with the store's place
                after = [vmap.get(i, i) for i in g[2]]
                before = [vmap.get(i, i) for i in g[4]]
                # (final jump, its targets then, the removed block's target): the clone's
                jumps = [(vmap.get(t), tuple(vmap.get(x, x) for x in was),
                          None if tgt is None else vmap.get(tgt))
                         for t, was, tgt in g[6]] if g[6] else None
                if jumps and any(j[0] is None for j in jumps):
                    jumps = None
                whole = False
                if g[5]:        # back to the callee's start: on into the caller's
                    if start is None:
                        out = None
                        break
                    before += start[1]
                    whole, jumps = start[2], start[3]
                    if len(before) > _REACH:
                        before, whole, jumps = before[:_REACH], False, None
                out.append((kind, nv, after, vmap.get(g[3]), before, whole, jumps or None)
                           + ((g[7] and [vmap.get(i, i) for i in g[7]],) if kind == "in" else ()))
            else:
                out.append((kind, nv, None, vmap.get(g[3])))
        if out:
            fd.values[object()] = (nvs, out)


class _Preds:
    """A function's blocks' predecessors, found when asked (the few _neighbours walks)."""
    __slots__ = ("f",)

    def __init__(self, f):
        self.f = f

    def get(self, b, default=()):
        return [p for p in self.f.blocks if b in p.succs] or default


def _var(v, vmap, vars_map) -> VarRec:
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
    vars_map[id(v)] = n
    return n
