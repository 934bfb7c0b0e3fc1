"""Static data as GNU as directives, shared by every target: globals (sections, binding,
alignment, initialisers), aliases and the literal pool of a module.

Target specifics come from the Backend: ``type_prefix`` (``@function``), ``section_type_prefix``
(``@progbits``), ``pointer_directive`` (``.quad``), ``int_directives`` (by size: ``.byte``,
``.value``/``.hword``, ``.long``, ``.quad``), ``align_directive`` (``.align N`` counts bytes
on x86-64; ``.balign`` means bytes on every target) and ``float_bytes`` (the bytes of a float
constant in the target's format, e.g. x87 extended or IEEE binary128).
"""
from __future__ import annotations

_INT_DIR = {1: ".byte", 2: ".value", 4: ".long", 8: ".quad"}


def ascii_literal(data: bytes) -> str:
    out = []
    for c in data:
        if 32 <= c < 127 and c not in (34, 92):
            out.append(chr(c))
        else:
            out.append(f"\\{c:03o}")
    return '"' + "".join(out) + '"'


def binding(sym, internal, weak, hidden, out: list) -> None:
    if weak:
        out.append(f"\t.weak\t{sym}")
    elif not internal:
        out.append(f"\t.globl\t{sym}")
    if hidden:
        out.append(f"\t.hidden\t{sym}")


def bytes_items(b: bytes, out: list, dirs=None) -> None:
    """Raw bytes as .quad/.long/.value/.byte words (little endian) and a trailing .zero."""
    dirs = dirs or _INT_DIR
    n = len(b)
    z = 0
    while z < n and b[n - 1 - z] == 0:
        z += 1
    body = b[:n - z]
    i = 0
    while i < len(body):
        for w in (8, 4, 2, 1):
            if len(body) - i >= w:
                out.append(f"\t{dirs[w]}\t{int.from_bytes(body[i:i + w], 'little')}")
                i += w
                break
    if z:
        out.append(f"\t.zero\t{z}")


def emit_global(backend, g, out: list) -> None:
    tp = backend.type_prefix
    dirs = getattr(backend, "int_directives", None) or _INT_DIR
    align = getattr(backend, "align_directive", ".align")
    sp = backend.section_type_prefix
    if g.common and g.init is None and not g.tls and not g.section:
        if g.internal:
            out.append(f"\t.local\t{g.name}")
        out.append(f"\t.comm\t{g.name},{g.size},{g.align}")
        return
    has_relocs = g.init is not None and any(it[0] == "sym" for it in g.init)
    if g.section:
        flags = "awT" if g.tls else ("a" if g.readonly and not has_relocs else "aw")
        kind = sp + "nobits" if g.init is None and (g.section.startswith((".bss", ".tbss"))) \
            else sp + "progbits"
        if g.section in (".init_array", ".fini_array", ".preinit_array"):
            kind = sp + g.section[1:]
        sec = f'.section\t{g.section},"{flags}",{kind}'
    elif g.tls:
        sec = f'.section\t.tdata,"awT",{sp}progbits' if g.init else \
            f'.section\t.tbss,"awT",{sp}nobits'
    elif g.init is None:
        sec = ".bss"
    elif g.readonly:
        # pointers need load-time relocation in a PIE: keep them out of .rodata
        sec = '.section\t.data.rel.ro,"aw"' if has_relocs else ".section\t.rodata"
    else:
        sec = ".data"
    out.append("\t" + sec)
    binding(g.name, g.internal, g.weak, g.hidden, out)
    if g.align > 1:
        out.append(f"\t{align} {g.align}")
    out.append(f"\t.type\t{g.name}, {tp}{'tls_object' if g.tls else 'object'}")
    out.append(f"\t.size\t{g.name}, {g.size}")
    out.append(f"{g.name}:")
    if g.init is None:
        out.append(f"\t.zero\t{g.size}")
        return
    n = 0
    for it in g.init:
        k = it[0]
        if k == "int":
            t, v = it[1], it[2]
            out.append(f"\t{dirs[t.size]}\t{v}")
            n += t.size
        elif k == "float":
            t, v = it[1], it[2]
            b = backend.float_bytes(t, v)
            if t.bits in (32, 64):
                out.append(f"\t{dirs[len(b)]}\t{int.from_bytes(b, 'little')}")
            else:
                bytes_items(b, out, dirs)
            n += t.size
        elif k == "sym":
            out.append(f"\t{backend.pointer_directive}\t{it[1]}" + (f"{it[2]:+d}" if it[2] else ""))
            n += 8
        elif k == "zero":
            out.append(f"\t.zero\t{it[1]}")
            n += it[1]
        elif k == "bytes":
            out.append(f"\t.ascii\t{ascii_literal(it[1])}")
            n += len(it[1])
    if n < g.size:
        out.append(f"\t.zero\t{g.size - n}")


def emit_aliases(backend, m, out: list) -> None:
    tp = backend.type_prefix
    for name, target, kind, internal, weak in getattr(m, "aliases", ()) or ():
        if weak:
            out.append(f"\t.weak\t{name}")
        elif not internal:
            out.append(f"\t.globl\t{name}")
        what = {"func": "function", "ifunc": "gnu_indirect_function"}.get(kind, "object")
        out.append(f"\t.type\t{name}, {tp}{what}")
        out.append(f"\t.set\t{name},{target}")


def emit_literals(literals: dict, out: list, align_directive: str = ".align") -> None:
    """The module's constant pool: {(bytes, align): label}, in label order, as .long words."""
    if not literals:
        return
    out.append("\t.section\t.rodata")
    for (data, align), lab in sorted(literals.items(), key=lambda kv: kv[1]):
        out.append(f"\t{align_directive} {align}")
        out.append(f"{lab}:")
        for i in range(0, len(data), 4):
            out.append(f"\t.long\t{int.from_bytes(data[i:i + 4], 'little')}")


def emit_data(backend, ctx, m, out: list, flush=None) -> list:
    """The module's data after its code; returns the list the items are in now. With
    ``flush`` (a sink taking a list of items and returning an empty one) the globals are
    handed on a batch at a time and each is dropped from the module once emitted, so that
    neither every global's text nor the globals themselves are held to the end."""
    if flush is None:
        for g in m.globals:
            emit_global(backend, g, out)
    else:
        gs = m.globals
        for i in range(len(gs)):
            g = gs[i]
            gs[i] = None
            emit_global(backend, g, out)
            if len(out) >= 4096:
                out = flush(out)
        m.globals = []
    emit_aliases(backend, m, out)
    emit_literals(getattr(ctx, "literals", None), out,
                  getattr(backend, "align_directive", ".align"))
    return out
