"""`pycc -E` output: tokens laid out on their source lines with gcc-style line markers
(``# LINE "FILE" FLAGS``), a space wherever the source had one or where two tokens would
otherwise lex as different tokens."""
from __future__ import annotations

from .lexer import IDENT, NUMBER, PRAGMA, PUNCT, STRING, CHAR, TOKEN_RE


def _quote(name: str) -> str:
    return name.replace("\\", "\\\\").replace('"', '\\"')


def _needs_space(prev, tok) -> bool:
    pk = prev.kind
    tk = tok.kind
    if pk in (IDENT, NUMBER) and tk in (IDENT, NUMBER, STRING, CHAR):
        return True
    if pk == NUMBER and tk == PUNCT and tok.text[0] in ".+-":
        return True
    if pk == PUNCT and tk == PUNCT or pk == PUNCT and tk == NUMBER and tok.text[0] == ".":
        s = prev.text + tok.text
        m = TOKEN_RE.match(s)
        return m is None or m.end() != len(prev.text)
    if pk == PUNCT and prev.text in ("/",) and tok.text[:1] in ("/", "*"):
        return True
    return False


def write_preprocessed(pp, out, line_markers: bool = True) -> None:
    """Drive ``pp`` to the end, writing gcc -E style text with ``out.write``."""
    w = out.write
    main_src = pp.cur.src if pp.cur is not None else None
    if line_markers and main_src is not None:
        w(f'# 0 "{_quote(main_src.name)}"\n# 0 "<built-in>"\n# 0 "<command-line>"\n'
          f'# 1 "{_quote(main_src.name)}"\n')
    cur_src = main_src
    cur_line = 1
    prev = None          # previous token on the current output line
    depth = {main_src: 0} if main_src is not None else {}
    buf = []
    app = buf.append
    for tok in iter(pp.next_token, None):
        src = tok.src
        if tok.kind == PRAGMA:
            toks, ident = tok.val
            if prev is not None:
                app("\n")
                cur_line += 1
                prev = None
            if src is not cur_src or tok.line != cur_line:
                if line_markers and src is not None:
                    app(f'# {tok.line} "{_quote(src.name)}"\n')
                cur_src = src
                cur_line = tok.line
            app(("#" if ident else "#pragma ") + _spell(toks) + "\n")
            cur_line += 1
            continue
        line = tok.line
        if src is not cur_src:
            if prev is not None:
                app("\n")
            if line_markers and src is not None:
                flag = ""
                if cur_src is not None and src.depth > cur_src.depth:
                    flag = " 1"
                elif cur_src is not None and src.depth < cur_src.depth:
                    flag = " 2"
                if src.system:
                    flag += " 3"
                app(f'# {line} "{_quote(src.name)}"{flag}\n')
            cur_src = src
            cur_line = line
            prev = None
        elif line != cur_line:
            if line > cur_line and line - cur_line <= 8:
                app("\n" * (line - cur_line))
            else:
                if prev is not None:
                    app("\n")
                if line_markers:
                    app(f'# {line} "{_quote(src.name)}"' + (" 3" if src.system else "") + "\n")
            cur_line = line
            prev = None
        if prev is None:
            if tok.col > 1:
                app(" " * min(tok.col - 1, 40) if tok.bol else " ")
        elif tok.ws or _needs_space(prev, tok):
            app(" ")
        app(tok.text)
        prev = tok
        if len(buf) > 4096:
            w("".join(buf))
            buf.clear()
    if prev is not None:
        app("\n")
    w("".join(buf))


def _spell(toks) -> str:
    parts = []
    for i, t in enumerate(toks):
        if i and t.ws:
            parts.append(" ")
        parts.append(t.text)
    return "".join(parts)
