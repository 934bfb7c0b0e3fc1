"""Dropping definitions nothing refers to (internal functions and data), as gcc does: unused
``static inline`` functions at every level, every unused internal definition from -O1.

Roots are the external and weak definitions, those with an explicit section (constructors'
``.init_array`` entries, ``section`` attributes) or the ``used`` attribute (``"used"`` in
``attrs`` for functions, ``Module.keep`` for any name), and every identifier that appears in
an asm template (inline or top-level), since asm text may name a symbol."""
from __future__ import annotations

import re

from ..ir.core import AsmInfo, Module, SymRef

_IDENT = re.compile(r"[A-Za-z_.$][A-Za-z0-9_.$]*")


def _refs_of_function(f, out: set, asm_words: set) -> None:
    for b in f.blocks:
        for ins in b.instrs:
            for a in ins.args:
                if type(a) is SymRef:
                    out.add(a.name)
            if isinstance(ins.extra, AsmInfo):
                asm_words.update(_IDENT.findall(ins.extra.template))


def prune(m: Module, candidates=None) -> int:
    """Remove the internal functions/globals (restricted to ``candidates`` names when given)
    that no root reaches; return how many were removed."""
    funcs = {f.name: f for f in m.functions}
    globs = {g.name: g for g in m.globals}
    refs = {}
    asm_words = set()
    for t in getattr(m, "asm", ()) or ():
        asm_words.update(_IDENT.findall(t))
    for f in m.functions:
        s = set()
        _refs_of_function(f, s, asm_words)
        refs[f.name] = s
    for g in m.globals:
        refs[g.name] = {it[1] for it in g.init or () if it[0] == "sym"}
    keep = set(getattr(m, "keep", ()) or ())

    def removable(d):
        if not d.internal or d.weak or d.section is not None or d.name in keep:
            return False
        if d.name in asm_words or "used" in (getattr(d, "attrs", None) or ()):
            return False
        return candidates is None or d.name in candidates

    live = set()
    work = [n for n, d in list(funcs.items()) + list(globs.items()) if not removable(d)]
    while work:
        n = work.pop()
        if n in live:
            continue
        live.add(n)
        work.extend(r for r in refs.get(n, ()) if r not in live and r in refs)
    before = len(m.functions) + len(m.globals)
    m.functions = [f for f in m.functions if f.name in live]
    m.globals = [g for g in m.globals if g.name in live]
    return before - len(m.functions) - len(m.globals)
