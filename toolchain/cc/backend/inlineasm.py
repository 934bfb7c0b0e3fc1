"""GNU inline asm templates, target independent: ``%N`` / ``%<modifier>N`` operand references,
``%%`` and ``%=`` are found here; the target formats each operand.

    text = substitute(template, operands, fmt)   # fmt(operand, modifier) -> str
"""
from __future__ import annotations


def substitute(t: str, ops, fmt, max_modifier: int = 1, escapes: str = "%") -> str:
    """The template with every operand reference replaced by ``fmt(ops[N], modifier)``
    (modifier "" when absent; at most ``max_modifier`` letters). ``%c`` for a character c in
    ``escapes`` stands for c (AArch64 also takes ``%{``, ``%|``, ``%}``)."""
    out = []
    i = 0
    n = len(t)
    while i < n:
        ch = t[i]
        if ch != "%" or i + 1 >= n:
            out.append(ch)
            i += 1
            continue
        if t[i + 1] in escapes:
            out.append(t[i + 1])
            i += 2
            continue
        j = i + 1
        mod = ""
        while j < n and t[j].isalpha():
            mod += t[j]
            j += 1
        k = j
        while k < n and t[k].isdigit():
            k += 1
        if k == j or len(mod) > max_modifier:
            out.append(ch)
            i += 1
            continue
        idx = int(t[j:k])
        if idx >= len(ops):
            raise ValueError(f"inline asm operand %{idx} out of range")
        out.append(fmt(ops[idx], mod))
        i = k
    return "".join(out)
