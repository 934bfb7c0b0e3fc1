"""The module's call graph: direct calls between functions defined in the module.

``CallGraph(m)`` records, for each defined function, its direct call sites (``call`` whose
callee operand is a ``SymRef`` naming a function of the module), how many times each function
is referenced other than as a direct callee (address taken, data initialisers, aliases, asm
text), and ``bottom_up()``: the strongly connected components in callee-first order (Tarjan),
so a function's callees outside its own cycle are visited before it.
"""
from __future__ import annotations

import re

from ..ir.core import AsmInfo, Module, SymRef

_IDENT = re.compile(r"[A-Za-z_.$][A-Za-z0-9_.$]*")


class CallGraph:
    __slots__ = ("funcs", "callees", "sites", "direct_uses", "other_uses")

    def __init__(self, m: Module):
        self.funcs = {f.name: f for f in m.functions}
        self.callees = {n: [] for n in self.funcs}     # name -> callee names (with repeats)
        self.direct_uses = {n: 0 for n in self.funcs}  # direct call sites naming it
        self.other_uses = {n: 0 for n in self.funcs}   # any other reference
        for f in m.functions:
            cs = self.callees[f.name]
            for b in f.blocks:
                for ins in b.instrs:
                    for i, a in enumerate(ins.args):
                        if type(a) is not SymRef or a.name not in self.funcs:
                            continue
                        if i == 0 and ins.op == "call":
                            cs.append(a.name)
                            self.direct_uses[a.name] += 1
                        else:
                            self.other_uses[a.name] += 1
                    if isinstance(ins.extra, AsmInfo):
                        self._words(ins.extra.template)
        for g in m.globals:
            for it in g.init or ():
                if it[0] == "sym" and it[1] in self.funcs:
                    self.other_uses[it[1]] += 1
        for t in m.asm or ():
            self._words(t)
        for al in m.aliases or ():
            if al[1] in self.other_uses:
                self.other_uses[al[1]] += 1
        for n in getattr(m, "keep", ()) or ():
            if n in self.other_uses:
                self.other_uses[n] += 1

    def _words(self, text):
        for w in _IDENT.findall(text):
            if w in self.other_uses:
                self.other_uses[w] += 1

    def bottom_up(self) -> list[list[str]]:
        """SCCs in callee-first order (iterative Tarjan; deterministic: module order)."""
        index, low, on, stack, out = {}, {}, set(), [], []
        counter = 0
        for root in self.funcs:
            if root in index:
                continue
            work = [(root, 0)]
            while work:
                v, i = work.pop()
                if i == 0:
                    index[v] = low[v] = counter
                    counter += 1
                    stack.append(v)
                    on.add(v)
                cs = self.callees[v]
                recurse = False
                while i < len(cs):
                    w = cs[i]
                    i += 1
                    if w not in index:
                        work.append((v, i))
                        work.append((w, 0))
                        recurse = True
                        break
                    if w in on:
                        low[v] = min(low[v], index[w])
                if recurse:
                    continue
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on.discard(w)
                        comp.append(w)
                        if w == v:
                            break
                    out.append(comp)
                if work:
                    u = work[-1][0]
                    low[u] = min(low[u], low[v])
        return out

    def recursive(self, comp: list[str]) -> bool:
        """Does the SCC hold a cycle (more than one function, or a self call)?"""
        return len(comp) > 1 or comp[0] in self.callees[comp[0]]
