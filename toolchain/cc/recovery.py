"""Syntax errors as gcc reports them (issue 16), for the parser (toolchain.cc.parser).

- A character that is no token (a stray `@`, an unterminated string or character constant) is
  reported and dropped, and parsing goes on (gcc's lexer does the same), so the syntax error
  that follows is reported too: `lexical_error`.
- An unexpected token: `unexpected_token` words the message as gcc's C parser does
  ("expected ';' before numeric constant", "expected expression at end of input") and places
  it as gcc does: a missing ';' after an expression or statement is shown with a fix-it hint
  right after the previous token and the unexpected token underlined; a list of choices
  (`',' or ';'`) is shown at the token itself.
"""
from __future__ import annotations

from ..diag import Location

_NICE = {"SEMI": "';'", "RPAREN": "')'", "LPAREN": "'('", "RBRACE": "'}'", "LBRACE": "'{'",
         "RBRACK": "']'", "COMMA": "','", "COLON": "':'", "EQ": "'='", "IDENTIFIER": "identifier",
         "STAR": "'*'"}

# words that start a declaration (the rest: typedef names, asked of the parser's scopes)
_DECL_WORDS = frozenset("""auto register static extern typedef _Thread_local __thread const
volatile restrict __restrict __restrict__ _Atomic inline __inline __inline__ _Noreturn
_Alignas void char short int long float double signed __signed__ unsigned _Bool _Complex
__complex__ struct union enum typeof __typeof__ __typeof __int128 _Float128 __float128
__auto_type __extension__ _Float16 _Float32 _Float64 _Float32x _Float64x""".split())

# terminals that can start an expression
_EXPR_START = frozenset(("IDENTIFIER", "INTEGER", "FLOATING", "STRING", "CHARCONST"))


def lexical_error(ctx, msg, tok) -> None:
    """Report a character that is no token and drop it (the parser goes on without it)."""
    ctx.diag.error(msg, _loc(tok))
    dropped = getattr(ctx, "dropped", None)
    if dropped is None:
        dropped = ctx.dropped = set()
    src = getattr(tok, "src", None)
    if src is not None:
        for i in range(max(1, len(tok.text))):
            dropped.add((src.name, tok.line, tok.col + i))


def unexpected_token(ctx, diag, tok, expected) -> None:
    """Report the syntax error at lark token ``tok`` (its ``end_pos`` is the preprocessor
    token), ``expected`` the terminal names the parser could have taken there."""
    exp = sorted(expected)
    if _missing_semicolon_at_eol(ctx, diag, ctx.last_tok if tok.type == "$END" else tok.end_pos):
        return
    if tok.type == "$END":
        at = _line_start(ctx, ctx.last_tok)
        if _EXPR_START & expected and not {"SEMI", "RBRACE"} & expected:
            diag.error("expected expression at end of input", at)
            if getattr(diag, "function", None) is None:
                return      # at file scope; in a function gcc goes on to its unclosed '{'
        diag.error("expected declaration or statement at end of input", at)
        return
    pt = tok.end_pos
    if tok.type == "RBRACE" and getattr(diag, "function", 1) is None:
        # the lexer has left the function at its '}' already: gcc's "In function" line
        name = _function_closed_by(diag, pt)
        if name is not None:
            diag.set_function(name, pt.src.name)
    closers = []
    if "SEMI" in exp:
        closers = ["','", "';'"] if "COMMA" in exp else ["';'"]
    else:
        for x in ("RPAREN", "RBRACK", "RBRACE", "COLON"):
            if x in exp:
                closers = [_NICE[x]]
                break
    want = [_NICE[x] for x in exp if x in _NICE]
    what = _token_words(tok)
    if closers == ["','", "';'"] and not _in_declaration(ctx, diag, pt):
        closers = ["';'"]       # gcc: an expression statement (return, x = ...) wants ';'
    if closers == ["';'"]:
        diag.error(f"expected ';' before {what}", _after_previous(ctx, diag, pt) or _loc(pt))
    elif closers and len(closers) <= 3:
        diag.error(f"expected {' or '.join(closers)} before {what}", _loc(pt))
    elif want and len(want) <= 4:
        diag.error(f"expected {' or '.join(want)} before {what}", _loc(pt))
    else:
        diag.error(f"expected expression or declaration before {what}", _loc(pt))


def _token_words(tok):
    """How gcc names a token in "expected X before ...": numeric/string constant, a
    character constant as written, a word in quotes, punctuation as "'x' token"."""
    if tok.type in ("INTEGER", "FLOATING"):
        return "numeric constant"
    if tok.type == "STRING":
        return "string constant"
    text = str(tok.value)
    if tok.type == "CHARCONST":
        return text
    word = text[:1].isalnum() or text[:1] == "_"
    return f"'{text}'" + ("" if word else " token")


def _loc(pt):
    if pt is None or getattr(pt, "src", None) is None:
        return None
    return Location(pt.src.name, pt.line, pt.col)


def _lines(diag, name):
    return diag.source_lines(name) if hasattr(diag, "source_lines") else None


def _line_start(ctx, pt):
    """gcc's place for "at end of input": the first token of the last line with tokens."""
    loc = _loc(pt)
    if loc is None:
        return None
    lines = _lines(ctx.diag, loc.file)
    if lines and 0 < loc.line <= len(lines):
        raw = lines[loc.line - 1]
        loc.col = len(raw) - len(raw.lstrip()) + 1
    return loc


def _previous_end(ctx, diag, pt):
    """(line, col) of the last character of the token before ``pt`` in its source text, not
    counting dropped characters; None when unknown (e.g. a macro expansion)."""
    loc = _loc(pt)
    if loc is None:
        return None
    lines = _lines(diag, loc.file)
    if not lines or not 0 < loc.line <= len(lines):
        return None
    dropped = getattr(ctx, "dropped", ())
    line, col = loc.line, loc.col - 1
    while line >= 1:
        raw = lines[line - 1]
        col = min(col, len(raw))
        while col >= 1:
            if not raw[col - 1].isspace() and (loc.file, line, col) not in dropped:
                return line, col
            col -= 1
        line -= 1
        col = 1 << 30
    return None


def _after_previous(ctx, diag, pt):
    """gcc's fix-it place for a missing ';': right after the previous token, the caret alone,
    the ';' to insert under it and the unexpected token underlined."""
    prev = _previous_end(ctx, diag, pt)
    if prev is None or (prev[0], prev[1] + 1) == (pt.line, pt.col):
        return None
    loc = Location(pt.src.name, prev[0], prev[1] + 1, width=1)
    loc.fixit = ";"
    n = max(1, len(getattr(pt, "text", "") or ""))
    loc.range2 = (pt.line, pt.col, pt.col + n - 1)
    return loc


def _in_declaration(ctx, diag, pt):
    """Whether the statement around ``pt`` is a declaration: its first word (after the last
    ';', '{' or '}' at the same level) is a declaration keyword or a typedef name."""
    loc = _loc(pt)
    lines = _lines(diag, loc.file) if loc is not None else None
    if not lines or not 0 < loc.line <= len(lines):
        return True
    text = "\n".join(lines[max(0, loc.line - 40):loc.line - 1] +
                     [lines[loc.line - 1][:loc.col - 1]])
    depth = 0
    i = len(text)
    while i > 0:
        c = text[i - 1]
        if c in ")]":
            depth += 1
        elif c in "([":
            if depth == 0:
                break       # inside parentheses: `for (int i = 0 ...`, a call's arguments
            depth -= 1
        elif c in ";{}" and depth == 0:
            break
        i -= 1
    words = text[i:].split()
    first = words[0].split("(")[0].split("*")[0] if words else ""
    return first in _DECL_WORDS or bool(first and ctx.is_typedef(first))


def _missing_semicolon_at_eol(ctx, diag, pt):
    """gcc: a declaration that starts a line right after a declarator at file scope (`int a`
    newline `int b;`) means a ';' is missing at the end of the line before; pycc's grammar
    would take the second declaration as an old-style parameter declaration and fail later.
    Reports "expected ';' before 'int'" there and returns True, or returns False."""
    loc = _loc(pt)
    lines = _lines(diag, loc.file) if loc is not None else None
    if not lines or not 0 < loc.line <= len(lines):
        return False
    # the top-level construct the error is in: from the last ';' or '}' at brace depth 0
    depth = 0
    start = 0
    for n in range(loc.line):
        raw = lines[n] if n < loc.line - 1 else lines[n][:loc.col - 1]
        if raw.lstrip().startswith("#"):
            continue
        for c in raw:
            if c == "{":
                depth += 1
            elif c == "}":
                depth = max(0, depth - 1)
                if depth == 0:
                    start = n + 1
            elif c == ";" and depth == 0:
                start = n + 1
    if depth:
        return False
    prev_word = None
    for n in range(start, loc.line):
        words = lines[n].split("//")[0].replace("(", " ( ").replace(")", " ) ").split()
        if not words or words[0].startswith("#"):
            continue
        first = words[0]
        if n > start and prev_word is not None and (first in _DECL_WORDS or
                                                    ctx.is_typedef(first)):
            last = prev_word
            if (last[-1:].isalnum() or last[-1:] in "_]") and last not in _DECL_WORDS and \
                    not ctx.is_typedef(last):
                raw = lines[n]
                col = len(raw) - len(raw.lstrip()) + 1
                prev = lines[n - 1].rstrip()
                at = Location(loc.file, n, len(prev) + 1, width=1)
                at.fixit = ";"
                at.range2 = (n + 1, col, col + len(first) - 1)
                diag.error(f"expected ';' before '{first}'", at)
                return True
        prev_word = words[-1]
    return False


def _function_closed_by(diag, pt):
    """The name of the function whose body the '}' at ``pt`` closes (from the source text: the
    matching top-level '{' follows a declarator ending in ')'), or None."""
    loc = _loc(pt)
    lines = _lines(diag, loc.file) if loc is not None else None
    if not lines or not 0 < loc.line <= len(lines):
        return None
    text = "\n".join(lines[:loc.line - 1] + [lines[loc.line - 1][:loc.col - 1]])
    depth = 0
    i = len(text)
    while i > 0:
        i -= 1
        if text[i] == "}":
            depth += 1
        elif text[i] == "{":
            if depth == 0:
                break
            depth -= 1
    else:
        return None
    head = text[:i].rstrip()
    if not head.endswith(")"):
        return None
    depth = 0
    j = len(head)
    while j > 0:
        j -= 1
        if head[j] == ")":
            depth += 1
        elif head[j] == "(":
            depth -= 1
            if depth == 0:
                break
    words = head[:j].replace("*", " ").split()
    name = words[-1] if words else ""
    return name if name.isidentifier() else None
