"""Preprocessing tokens: one compiled regular expression turns a whole file into a list of
:class:`Tok` (C11 6.4 pp-tokens, with gcc's extensions: ``$`` in identifiers, UTF-8
identifiers, ``u8`` character prefixes are left to the parser).

Comments become whitespace, backslash-newline line splices are removed before tokenising
(the lines they join are compensated after the logical line, so line numbers stay right).
"""
from __future__ import annotations

import re
from sys import intern

# token kinds
IDENT = 1
NUMBER = 2
CHAR = 3
STRING = 4
PUNCT = 5
OTHER = 6
PRAGMA = 7        # a whole #pragma line (text = the pragma body); produced by the preprocessor
PLACEMARKER = 8   # internal to ## handling
EOF = 9

KIND_NAMES = {IDENT: "identifier", NUMBER: "number", CHAR: "character constant",
              STRING: "string literal", PUNCT: "punctuator", OTHER: "character",
              PRAGMA: "#pragma", EOF: "end of file"}

PUNCTUATORS = [
    "%:%:", "...", "<<=", ">>=",
    "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "*=", "/=", "%=", "+=",
    "-=", "&=", "^=", "|=", "##", "<:", ":>", "<%", "%>", "%:",
    "[", "]", "(", ")", "{", "}", ".", "&", "*", "+", "-", "~", "!", "/", "%", "<", ">", "^",
    "|", "?", ":", ";", "=", ",", "#",
]
DIGRAPHS = {"<:": "[", ":>": "]", "<%": "{", "%>": "}", "%:": "#", "%:%:": "##"}

_PUNCT_RE = "|".join(re.escape(p) for p in PUNCTUATORS)

# Group numbers are used by tokenize(): keep them in this order.
_TOKEN_PATTERN = (
    r"(\n)"                                                     # 1 newline
    r"|([ \t\f\v\r\0]+)"                                        # 2 whitespace (NUL: gcc ignores it)
    r"|(/\*(?s:.*?)\*/|//[^\n]*)"                               # 3 comment
    r"|((?:u8|[uUL])?\"(?:[^\"\\\n]|\\.)*\")"                   # 4 string literal
    r"|((?:u8|[uUL])?'(?:[^'\\\n]|\\.)*')"                      # 5 character constant
    r"|((?:[^\W\d]|\$|\\u[0-9a-fA-F]{4}|\\U[0-9a-fA-F]{8})(?:[\w$]|\\u[0-9a-fA-F]{4}|\\U[0-9a-fA-F]{8})*)"  # 6 ident
    r"|(\.?[0-9](?:[eEpP][+-]|[\w.$])*)"                         # 7 pp-number
    r"|(/\*(?s:.*))"                                            # 8 unterminated comment
    r"|(" + _PUNCT_RE + r")"                                    # 9 punctuator
    r"|((?:u8|[uUL])?\"(?:[^\"\\\n]|\\.)*\\?)"                  # 10 unterminated string
    r"|((?:u8|[uUL])?'(?:[^'\\\n]|\\.)*\\?)"                     # 11 unterminated char
    r"|(.)"                                                     # 12 any other character
)
TOKEN_RE = re.compile(_TOKEN_PATTERN)
# assembler-with-cpp: `$` is not part of identifiers (`$VAL` is `$` then the macro VAL), as in
# gcc's preprocessor for assembly
TOKEN_RE_ASM = re.compile(_TOKEN_PATTERN.replace(
    r"((?:[^\W\d]|\$|\\u", r"((?:[^\W\d]|\\u").replace(r"(?:[\w$]|\\u", r"(?:\w|\\u"))
assert TOKEN_RE_ASM.pattern != TOKEN_RE.pattern

# tokens per list of the main file (tokenize_chunks)
CHUNK_TOKENS = 8192

_KIND_OF_GROUP = (0, 0, 0, 0, STRING, CHAR, IDENT, NUMBER, 0, PUNCT, OTHER, OTHER, OTHER)


class Source:
    """A file being read: its name as gcc would print it, and flags for -E line markers."""
    __slots__ = ("name", "path", "system", "depth", "lines", "dir_index", "text")

    def __init__(self, name: str, path: str | None = None, system: bool = False, depth: int = 0):
        self.name = name
        self.path = path
        self.system = system
        self.depth = depth
        self.dir_index = None
        self.text = None

    def __repr__(self) -> str:
        return f"Source({self.name!r})"


class Tok:
    """A preprocessing token. ``ws``: whitespace precedes it; ``bol``: first on its line;
    ``hide``: the macro names it may no longer expand (a frozenset, or None)."""
    __slots__ = ("kind", "text", "ws", "bol", "line", "col", "src", "hide", "val")

    def __init__(self, kind, text, ws, bol, line, col, src, hide=None):
        self.kind = kind
        self.text = text
        self.ws = ws
        self.bol = bol
        self.line = line
        self.col = col
        self.src = src
        self.hide = hide
        self.val = None

    def copy(self) -> "Tok":
        t = Tok(self.kind, self.text, self.ws, self.bol, self.line, self.col, self.src, self.hide)
        t.val = self.val
        return t

    def __repr__(self) -> str:
        return f"Tok({self.text!r})"


def join_splices(text: str) -> str:
    """Remove backslash-newline pairs (also backslash, blanks, newline, as gcc does), adding
    the newlines they swallowed after the logical line so later line numbers are right."""
    if "\\" not in text:
        return text
    lines = text.split("\n")
    out = []
    pending = 0
    cur = None
    for ln in lines:
        s = ln
        if s.endswith("\\") or (s.endswith((" ", "\t", "\r"))
                                and s.rstrip(" \t\r").endswith("\\")):
            s = s.rstrip(" \t\r")[:-1]
            cur = s if cur is None else cur + s
            pending += 1
            continue
        if cur is not None:
            s = cur + s
            cur = None
        out.append(s)
        if pending:
            out.extend([""] * pending)
            pending = 0
    if cur is not None:
        out.append(cur)
        out.extend([""] * (pending - 1) if pending > 1 else [])
    return "\n".join(out)


def tokenize(text: str, src: Source, first_line: int = 1, errors=None, asm=False) -> list[Tok]:
    """Turn the text of a file into pp-tokens. ``errors`` (a list) collects
    (line, col, message) for unterminated comments; ``asm``: assembler-with-cpp rules."""
    return tokenize_dirs(text, src, first_line, errors, asm)[0]


def tokenize_dirs(text: str, src: Source, first_line: int = 1, errors=None, asm=False):
    """``tokenize`` and the indices of the tokens that start a directive (``#`` or ``%:``
    first on a line), as ``(toks, dirs)``."""
    for toks, dirs in line_chunks(text, src, first_line, errors, asm, None):
        return toks, (dirs if dirs is not None else directives(toks))
    return [], []


def tokenize_chunks(text: str, src: Source, first_line: int = 1, errors=None, asm=False,
                    chunk: int | None = None):
    """``tokenize`` lazily: yields lists of about ``chunk`` tokens (``line_chunks`` without
    the directive indices)."""
    for toks, _ in line_chunks(text, src, first_line, errors, asm, chunk):
        yield toks


def directives(toks):
    """Indices of the tokens that start a directive (``#`` or ``%:`` first on a line)."""
    return [i for i, t in enumerate(toks) if t.bol and t.kind == PUNCT and t.text in ("#", "%:")]


# directives after which a group may be skipped: a list of lines ends after them, so that
# the lines of a skipped group are scanned (skip_group), not tokenized
_COND_NAMES = frozenset(("if", "ifdef", "ifndef", "elif", "else", "elifdef", "elifndef"))


def line_chunks(text: str, src: Source, first_line: int = 1, errors=None, asm=False,
                chunk: int | None = None):
    """A generator of ``(toks, dirs)``: lists of about ``chunk`` tokens (all of them in one
    list when ``chunk`` is None), each ending at the end of a logical line, so that a
    directive line never spans two lists and the next list's first token is first on its
    line, and the indices of the directives' ``#`` in each (None in assembler-with-cpp mode:
    ``directives`` finds them). The main file is read this way, so its tokens are never all
    alive at once. ``errors`` grows as the lists are made.

    With ``chunk``, a list also ends after the line of a conditional directive (``#if``,
    ``#else``...). ``send(depth)`` in place of ``next()`` asks for the lines of a skipped
    group not to be tokenized: ``depth`` conditionals are open inside the group where the
    last list ended; the next list starts at the ``#`` of the directive that ends the group
    (``#elif``/``#else``/``#endif`` at depth 0), found by ``skip_group``."""
    text = join_splices(text)
    toks: list[Tok] = []
    dirs: list[int] | None = None if asm else []
    append = toks.append
    line = first_line
    line_start = 0
    ws = False
    bol = True
    kinds = _KIND_OF_GROUP
    regex = TOKEN_RE_ASM if asm else TOKEN_RE
    dl = -1                 # index of the '#' of a directive on the current line
    pos = 0
    skip = None
    while True:
        if skip is not None:
            r = skip_group(text, pos, line, skip, errors)
            skip = None
            if r is None:
                break
            pos, line, line_start, ws = r
            bol = True
        for m in regex.finditer(text, pos):
            g = m.lastindex
            if g == 1:
                line += 1
                line_start = m.end()
                bol = True
                ws = False
                if chunk is not None:
                    if len(toks) >= chunk or (dl >= 0 and dl + 1 < len(toks)
                                              and toks[dl + 1].text in _COND_NAMES):
                        req = yield toks, dirs
                        toks = []
                        dirs = None if asm else []
                        append = toks.append
                        if req is not None and not asm:
                            skip = req
                            pos = line_start
                            dl = -1
                            break
                dl = -1
            elif g == 2:
                ws = True
                if errors is not None and "\0" in m.group():
                    _null_chars(m, line, line_start, errors)
            elif g == 3 or g == 8:
                line, line_start = _comment(m, g, line, line_start, errors)
                ws = True
            else:
                col = m.start() - line_start + 1
                if (g == 10 or g == 11) and asm:
                    # assembler-with-cpp: a lone quote is just a character (GNU as 'c syntax)
                    t = m.group()
                    q = t.index("'" if g == 11 else '"')
                    if q:
                        append(Tok(IDENT, t[:q], ws, bol, line, col, src))
                        ws = False
                        col += q
                    append(Tok(OTHER, t[q], ws, False if q else bol, line, col, src))
                    rest = t[q + 1:]
                    if rest:
                        toks.extend(_retokenize(rest, src, line, col + 1, asm))
                    ws = False
                    bol = False
                    continue
                if (g == 10 or g == 11) and errors is not None:
                    _missing_quote(g, line, col, errors)
                if bol and g == 9 and dirs is not None:
                    t = m.group()
                    if t == "#" or t == "%:":
                        dl = len(toks)
                        dirs.append(dl)
                # names, numbers and punctuators shared: the tree keeps many tokens
                append(Tok(kinds[g], intern(m.group()) if g >= 6 else m.group(), ws, bol, line,
                           col, src))
                ws = False
                bol = False
        else:
            break
    yield toks, dirs


# a line without quotes, slashes (comments) or NUL characters: nothing in it reaches past
# its end, and it is a directive only if it starts with '#' or '%:'
_PLAIN_LINE = re.compile(r"[^\n\"'/\0]*\n")
_PLAIN_HASH = re.compile(r"([ \t\f\v\r]*)(?:#(?!#)|%:(?!%:))[ \t\f\v\r]*")


def skip_group(text: str, pos: int, line: int, depth: int, errors=None):
    """Scan the lines of a skipped conditional group from ``pos`` (the start of line number
    ``line``) without making tokens, as the preprocessor would skip them token by token:
    ``depth`` conditionals are open inside the group. Returns ``(pos, line, line_start, ws)``
    of the ``#`` of the directive that ends the group (``#elif``/``#else``/``#endif`` at depth
    0; ``ws``: blanks precede it), or None at the end of the text. Plain lines are matched
    whole; a line with quotes or comments is matched token by token with the tokenizer's
    regular expression, with its warnings (unterminated literals and comments, NULs)."""
    n = len(text)
    plain = _PLAIN_LINE.match
    regex = TOKEN_RE
    while pos < n:
        m = plain(text, pos)
        if m is not None:
            c = text[pos]
            if c == "#" or c == "%" or c == " " or c == "\t" or c == "\f" or c == "\v" \
                    or c == "\r":
                h = _PLAIN_HASH.match(text, pos)
                if h is not None:
                    t = regex.match(text, h.end())
                    if t is not None and t.lastindex != 1:
                        stop = _skip_step(t.group(), depth)
                        if stop is None:
                            lead = h.end(1) - pos
                            return pos + lead, line, pos, lead > 0
                        depth = stop
            pos = m.end()
            line += 1
            continue
        # token by token up to the end of the line (a comment may run over lines)
        line_start, ws, bol = pos, False, True
        hash_at = None          # (pos, ws, line, line_start) of a directive's '#'
        name_next = False
        for m in regex.finditer(text, pos):
            g = m.lastindex
            if g == 1:          # the next line is matched whole again if it can be
                pos, line = m.end(), line + 1
                break
            if g == 2:
                ws = True
                if errors is not None and "\0" in m.group():
                    _null_chars(m, line, line_start, errors)
                continue
            if g == 3 or g == 8:
                line, line_start = _comment(m, g, line, line_start, errors)
                ws = True
                continue
            if (g == 10 or g == 11) and errors is not None:
                _missing_quote(g, line, m.start() - line_start + 1, errors)
            t = m.group()
            if name_next:
                name_next = False
                stop = _skip_step(t, depth)
                if stop is None:
                    return hash_at[0], hash_at[2], hash_at[3], hash_at[1]
                depth = stop
            elif bol and g == 9 and (t == "#" or t == "%:"):
                hash_at = (m.start(), ws, line, line_start)
                name_next = True
            ws = False
            bol = False
        else:
            return None
    return None


def _null_chars(m, line, line_start, errors):
    """The warning for NUL characters in the blanks matched by ``m``."""
    errors.append((line, m.start() + m.group().index("\0") - line_start + 1,
                   "null character(s) ignored", "warning"))


def _comment(m, g, line, line_start, errors):
    """``(line, line_start)`` after the comment matched by ``m`` (group 8: unterminated,
    an error)."""
    s = m.group()
    n = s.count("\n")
    if g == 8 and errors is not None:
        errors.append((line, m.start() - line_start + 1, "unterminated comment"))
    if n:
        return line + n, m.start() + s.rfind("\n") + 1
    return line, line_start


def _missing_quote(g, line, col, errors):
    errors.append((line, col, "missing terminating %s character" % ('"' if g == 10 else "'"),
                   "warning"))


def _skip_step(name, depth):
    """The nesting depth after directive ``name`` in a skipped group, or None when it ends
    the group."""
    if name == "if" or name == "ifdef" or name == "ifndef":
        return depth + 1
    if name == "endif":
        return None if depth == 0 else depth - 1
    if depth == 0 and (name == "elif" or name == "else" or name == "elifdef"
                       or name == "elifndef"):
        return None
    return depth


def _retokenize(text, src, line, col, asm):
    """Tokens of ``text`` (part of one line) starting at column ``col``."""
    out = tokenize(text, src, line, None, asm)
    for t in out:
        t.col += col - 1
    return out


def lex_one(text: str):
    """The kind of ``text`` if it is exactly one pp-token, else None (for ## pasting)."""
    m = TOKEN_RE.fullmatch(text)
    if m is None:
        return None
    k = _KIND_OF_GROUP[m.lastindex]
    return k or None


def spell(toks, start_ws=False) -> str:
    """Spell a token list as text, with a space where whitespace separated tokens."""
    parts = []
    first = True
    for t in toks:
        if t.ws and not first:
            parts.append(" ")
        parts.append(t.text)
        first = False
    return "".join(parts)
