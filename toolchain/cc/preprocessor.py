"""The C preprocessor (C11 6.10 plus gcc's extensions).

Usage::

    pp = Preprocessor(target, options, diag)
    pp.push_main(path)
    while (tok := pp.next_token()) is not None: ...

Tokens come out fully macro-expanded; ``#pragma`` lines come out as one token of kind PRAGMA.
Macro expansion follows the hide-set algorithm: every token carries the set of macro names
that may not expand it again. Expanded tokens take the location of the macro invocation.
"""
from __future__ import annotations

import os
import time
from bisect import bisect_left
from functools import partial

from ..diag import Location
from . import lexer
from .lexer import (CHAR, IDENT, NUMBER, OTHER, PLACEMARKER, PRAGMA, PUNCT, STRING, Source, Tok,
                    lex_one, tokenize)
from .predefs import predefined_macros

MAX_INCLUDE_DEPTH = 200
# tokens the expansions of one top-level macro invocation may push (issue 19: a bound on memory
# per input byte), or EXPANSION_TOKENS_PER_BYTE per byte of input read, whichever is larger
MAX_EXPANSION_TOKENS = 1 << 24
EXPANSION_TOKENS_PER_BYTE = 16


class PPOptions:
    """Preprocessor options, as the driver collects them from the command line."""

    def __init__(self):
        self.defines: list[tuple[str, str | None]] = []   # in order; value None means -U
        self.include_dirs: list[str] = []      # -I
        self.quote_dirs: list[str] = []        # -iquote
        self.system_dirs: list[str] = []       # -isystem
        self.after_dirs: list[str] = []        # -idirafter
        self.includes: list[str] = []          # -include
        self.nostdinc = False
        self.std = "gnu17"
        self.opt = "0"
        self.pie = True
        self.unsigned_char: bool | None = None
        self.hosted = True
        self.builtin_include: str | None = None  # our headers (default: package include/)
        self.lang_asm = False                    # assembler-with-cpp: `$` ends identifiers


def builtin_include_dir() -> str:
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "include")


class Macro:
    __slots__ = ("name", "params", "variadic", "body", "builtin", "has_paste", "loc", "plain")

    def __init__(self, name, params, variadic, body, builtin=None, loc=None):
        self.name = name
        self.params = params        # None: object-like; else list of parameter names
        self.variadic = variadic
        self.body = body
        self.builtin = builtin
        self.has_paste = any(t.kind == PUNCT and t.text in ("##", "%:%:") for t in body)
        self.loc = loc
        # no ## and no body token with a hide set: an object-like expansion copies the body
        # with the invocation's position and hide set, nothing else
        self.plain = not self.has_paste and all(t.hide is None for t in body)

    def same_as(self, other: "Macro") -> bool:
        if self.params != other.params or self.variadic != other.variadic:
            return False
        if len(self.body) != len(other.body):
            return False
        for i, (a, b) in enumerate(zip(self.body, other.body)):
            if a.text != b.text or (i and a.ws != b.ws):
                return False
        return True


class _File:
    """A file being read. ``own``: its token list is not shared with the cache (the main
    file's), so tokens are dropped from it once read. ``more``: the main file is tokenized
    lazily, a list of whole lines at a time (lexer.line_chunks); ``more`` gives the next
    list, ``line_delta``/``line_src`` are what ``#line`` directives did to the numbering."""
    __slots__ = ("src", "toks", "pos", "n", "dirs", "cond_base", "path", "own", "more",
                 "line_delta", "line_src", "errs")

    def __init__(self, src, toks, dirs, cond_base, path):
        self.src = src
        self.toks = toks
        self.pos = 0
        self.n = len(toks)
        self.dirs = dirs
        self.cond_base = cond_base
        self.path = path
        self.own = False
        self.more = None
        self.line_delta = 0
        self.line_src = None
        self.errs = None


class _Cond:
    __slots__ = ("taken", "seen_else", "tok")

    def __init__(self, taken, tok):
        self.taken = taken
        self.seen_else = False
        self.tok = tok


_PASTE = object()   # marker for a ## operator in a substituted body
_IF_SPECIAL = ("__has_include", "__has_include_next", "__has_attribute", "__has_cpp_attribute",
               "__has_c_attribute", "__has_builtin")

from .gnu_names import GCC_ATTRIBUTES, C_ATTRIBUTES, has_builtin  # noqa: E402


class PPError(Exception):
    pass


class Preprocessor:
    def __init__(self, target, options: PPOptions, diag):
        self.target = target
        self.opts = options
        self.diag = diag
        self.macros: dict[str, Macro] = {}
        self.stack: list[Tok] = []
        self.nofile = False
        self.in_if = False
        self.files: list[_File] = []
        self.cur: _File | None = None
        self.conds: list[_Cond] = []
        self.cache: dict[str, tuple] = {}      # path -> (toks, dirs, guard)
        self.once: set[str] = set()
        self.isfile_cache: dict[str, bool] = {}
        self.counter = 0
        self.pushed: dict[str, list] = {}
        self.deps: list[str] = []              # every file opened, in order (for -M)
        self.dep_system: set[str] = set()
        self.base_file = ""
        self.poisoned: set[str] = set()
        self.predef_include = None
        self._hides = {}                        # shared hide sets (_hide_with)
        self._produced = 0          # tokens pushed since the last token read from a file
        self._top = None            # the first macro expanded since then
        self.input_bytes = 0
        self._setup_dirs()
        t = os.environ.get("SOURCE_DATE_EPOCH")
        now = time.gmtime(int(t)) if t and t.isdigit() else time.localtime()
        self.date = time.strftime("%b %d %Y", now)
        if self.date[4] == "0":
            self.date = self.date[:4] + " " + self.date[5:]
        self.time = time.strftime("%H:%M:%S", now)
        self._builtin_src = Source("<built-in>")
        self._cmdline_src = Source("<command-line>")
        self._define_builtins()

    # ------------------------------------------------------------------ setup
    def _setup_dirs(self):
        o = self.opts
        seen = set()
        chain = []          # (dir, system)
        sysdirs = list(o.system_dirs)
        if not o.nostdinc:
            sysdirs.append(o.builtin_include or builtin_include_dir())
            sysdirs.extend(self.target.include_dirs())
        sysset = set(os.path.normpath(d) for d in sysdirs)
        for d in o.include_dirs:
            k = os.path.normpath(d)
            if k in seen or k in sysset:
                continue
            seen.add(k)
            chain.append((d, False))
        for d in sysdirs + list(o.after_dirs):
            k = os.path.normpath(d)
            if k in seen:
                continue
            seen.add(k)
            chain.append((d, True))
        self.chain = chain
        self.quote_dirs = list(o.quote_dirs)

    def _define_builtins(self):
        o = self.opts
        src = self._builtin_src
        for name in ("__FILE__", "__LINE__", "__COUNTER__", "__INCLUDE_LEVEL__", "__BASE_FILE__",
                     "__FILE_NAME__", "__DATE__", "__TIME__", "__TIMESTAMP__", "_Pragma"):
            self.macros[name] = Macro(name, None, False, [], builtin=name)
        for name in _IF_SPECIAL:
            self.macros[name] = Macro(name, None, False, [], builtin=name)
        for name, value in predefined_macros(self.target, o.std, o.opt, o.pie, o.unsigned_char,
                                             o.hosted):
            self.define_text(name, value, src)
        for name, value in o.defines:
            if value is None:
                self.macros.pop(name, None)
            else:
                self.define_text(name, value, self._cmdline_src)

    def define_text(self, name: str, value: str, src: Source):
        """Define from a -D style NAME / NAME(args) and value."""
        toks = tokenize(f"{name} {value}", src)
        for t in toks:
            t.line = 0
        self._do_define(toks, None)

    # ------------------------------------------------------------------ diagnostics
    def _loc(self, tok) -> Location | None:
        if tok is None or tok.src is None:
            return None
        return Location(tok.src.name, tok.line, tok.col)

    def error(self, msg, tok=None):
        self.diag.error(msg, self._loc(tok))

    def _macro_defined_here(self, m):
        loc = m.loc
        if isinstance(loc, Tok) and loc.src is not None:
            loc = Location(loc.src.name, loc.line, 0)
        elif isinstance(loc, Location):
            loc = Location(loc.file, loc.line, 0)
        else:
            return
        self.diag.note(f'macro "{m.name}" defined here', loc)

    def warning(self, msg, tok=None):
        if tok is not None and tok.src is not None and tok.src.system:
            return
        self.diag.warning(msg, self._loc(tok))

    # ------------------------------------------------------------------ files
    def _isfile(self, p: str) -> bool:
        r = self.isfile_cache.get(p)
        if r is None:
            r = self.isfile_cache[p] = os.path.isfile(p)
        return r

    def _read(self, path: str, src: Source) -> str:
        try:
            text = _read_text(path)
        except OSError as e:
            raise PPError(f"{path}: {e.strerror}") from None
        self.input_bytes += len(text)
        if self.diag is not None:
            loader = getattr(self.diag, "add_source_loader", None)
            if loader is not None:      # read again for a caret (the text is not kept)
                loader(src.name, partial(_read_text, path, True))
            else:
                self.diag.add_source(src.name, text)
        return text

    def _lex_errors(self, errs, src):
        """Report the tokenizer's (line, col, message[, "warning"]) entries."""
        for e in errs:
            if len(e) > 3 and e[3] == "warning":
                if not src.system:
                    self.diag.warning(e[2], Location(src.name, e[0], e[1], 1 if "terminating"
                                                     in e[2] else None))
            else:
                self.diag.error(e[2], Location(src.name, e[0], e[1]))
        errs.clear()

    def _load(self, path: str, src: Source):
        ent = self.cache.get(path)
        if ent is not None:
            return ent
        text = self._read(path, src)
        errs = []
        toks, dirs = lexer.tokenize_dirs(text, src, errors=errs, asm=self.opts.lang_asm)
        self._lex_errors(errs, src)
        guard = self._find_guard(toks, dirs)
        ent = (toks, dirs, guard)
        self.cache[path] = ent
        return ent

    @staticmethod
    def _find_guard(toks, dirs):
        if not dirs or dirs[0] != 0 or len(toks) < 3:
            return None
        if toks[1].text != "ifndef" or toks[2].kind != IDENT or toks[1].bol or toks[2].bol:
            return None
        depth = 0
        last = len(dirs) - 1
        for k, d in enumerate(dirs):
            if d + 1 >= len(toks) or toks[d + 1].bol:
                continue
            name = toks[d + 1].text
            if name in ("if", "ifdef", "ifndef"):
                depth += 1
            elif name == "endif":
                depth -= 1
                if depth == 0:
                    if k != last:
                        return None
                    # nothing may follow the #endif line
                    j = d + 2
                    while j < len(toks) and not toks[j].bol:
                        j += 1
                    return toks[2].text if j == len(toks) else None
            elif name in ("else", "elif", "elifdef", "elifndef") and depth == 1:
                return None
        return None

    def push_main(self, path: str, name: str | None = None):
        src = Source(name or path, path, False, 0)
        self.base_file = src.name
        errs = None
        if path == "-":
            import sys
            text = sys.stdin.buffer.read().decode("utf-8", "surrogateescape")
            src.name = "<stdin>"
            self.base_file = "<stdin>"
            self.diag.add_source(src.name, text)
        else:
            text = self._read(path, src)     # not cached: read again if it includes itself
            self.deps.append(path)
            errs = []
        # tokenized a list of lines at a time (_refill), dropped as read
        more = lexer.line_chunks(text, src, 1, errs, self.opts.lang_asm, lexer.CHUNK_TOKENS)
        del text
        self._enter(src, ([], [], None), path)
        f = self.cur
        f.own = True
        f.more = more
        f.errs = errs
        self._refill(f)
        # gcc pre-includes stdc-predef.h when the search path has one (as -include would)
        if not self.opts.nostdinc and not getattr(self.opts, "no_predef_include", False):
            found = self._find_include("stdc-predef.h", True, False)
            if found is not None:
                p, idx, system = found
                isrc = Source(p, p, True, 1)
                isrc.dir_index = idx
                self.predef_include = (isrc, self._load(p, isrc), p)
                self.deps.append(p)
                self.dep_system.add(p)
        # -include files are read before the main file's first line, as if included by it
        for inc in reversed(self.opts.includes):
            p = inc if os.path.isabs(inc) or self._isfile(inc) else None
            if p is None:
                for d, sysf in self.chain:
                    q = os.path.join(d, inc)
                    if self._isfile(q):
                        p = q
                        break
            if p is None:
                raise PPError(f"{inc}: No such file or directory")
            isrc = Source(p, p, False, 1)
            self.deps.append(p)
            self._enter(isrc, self._load(p, isrc), p)
        if self.predef_include is not None:
            self._enter(*self.predef_include)

    def _enter(self, src, ent, path):
        toks, dirs, guard = ent
        if toks and toks[0].src is not src:
            # a cached token list read under another Source: the tokens keep their first
            # Source (its name is the same path); make a fresh list for the new one only when
            # the names differ
            if toks[0].src.name != src.name or toks[0].src.system != src.system:
                toks = [t.copy() for t in toks]
                for t in toks:
                    t.src = src
        f = _File(src, toks, dirs, len(self.conds), path)
        self.files.append(f)
        self.cur = f

    def _pop_file(self) -> bool:
        f = self.cur
        if len(self.conds) > f.cond_base:
            c = self.conds[f.cond_base]
            self.error("unterminated #" + (c.tok.text if c.tok else "if"), c.tok)
            del self.conds[f.cond_base:]
        self.files.pop()
        if not self.files:
            self.cur = None
            return False
        self.cur = self.files[-1]
        return True

    # ------------------------------------------------------------------ token stream
    def next_token(self):
        """The next fully expanded token, or None at the end of the input."""
        macros = self.macros
        stack = self.stack
        while True:
            if stack:
                t = stack.pop()
            else:
                t = self._next_file_tok()
                if t is None:
                    return None
                self._produced = 0
            if t.kind != IDENT:
                return t
            m = macros.get(t.text)
            if m is None:
                if self.in_if and t.text == "defined":
                    return self._defined(t)
                return t
            h = t.hide
            if h is not None and t.text in h:
                return t
            if self._expand(t, m):
                continue
            return t

    def _next_raw(self):
        if self.stack:
            return self.stack.pop()
        if self.nofile:
            return None
        return self._next_file_tok()

    def _next_file_tok(self):
        if self.nofile:
            return None
        while True:
            f = self.cur
            if f is None:
                return None
            if f.pos < f.n:
                t = f.toks[f.pos]
                if f.own:               # read once: frees what the parser does not keep
                    f.toks[f.pos] = None
                f.pos += 1
                if t.bol and t.kind == PUNCT and (t.text == "#" or t.text == "%:"):
                    self._directive(t)
                    if self.stack:
                        return self.stack.pop()
                    continue
                return t
            if f.more is not None and self._refill(f):
                continue
            if not self._pop_file():
                return None

    def _refill(self, f, skip=None) -> bool:
        """The next list of the lazily tokenized file ``f`` (False at its end). ``skip``:
        the list ended inside a skipped group with ``skip`` conditionals open in it; its
        lines are scanned, not tokenized, and the next list starts where it ends."""
        try:
            toks, dirs = f.more.send(skip)
        except StopIteration:
            toks = None
        if f.errs:
            self._lex_errors(f.errs, f.src)
        if toks is None:
            f.more = None
            return False
        if f.line_src is not None:      # renumbered by #line
            d = f.line_delta
            s = f.line_src
            for t in toks:
                t.line += d
                t.src = s
        f.toks = toks
        f.pos = 0
        f.n = len(toks)
        f.dirs = dirs if dirs is not None else lexer.directives(toks)
        return True

    # ------------------------------------------------------------------ directives
    def _line_rest(self) -> list[Tok]:
        """The tokens up to the end of the current directive line."""
        f = self.cur
        toks = f.toks
        i = f.pos
        n = f.n
        j = i
        while j < n and not toks[j].bol:
            j += 1
        f.pos = j
        return toks[i:j]

    def _skip_line(self):
        f = self.cur
        toks = f.toks
        j = f.pos
        while j < f.n and not toks[j].bol:
            j += 1
        f.pos = j

    def _directive(self, hash_tok):
        self._produced = 0          # a directive's expansions (#if, #include) bounded apart
        f = self.cur
        if f.pos >= f.n or f.toks[f.pos].bol:
            return  # null directive
        name_tok = f.toks[f.pos]
        f.pos += 1
        name = name_tok.text
        if name_tok.kind == NUMBER:      # GNU line marker: # 33 "file" flags
            f.pos -= 1
            self._do_line(self._line_rest(), hash_tok, marker=True)
            return
        h = getattr(self, "_d_" + name, None) if name_tok.kind == IDENT else None
        if h is None:
            if self.nofile:
                return
            self.error(f"invalid preprocessing directive #{name}", name_tok)
            self._skip_line()
            return
        h(name_tok)

    def _d_define(self, tok):
        self._do_define(self._line_rest(), tok)

    def _do_define(self, toks, dtok):
        if not toks or toks[0].kind != IDENT:
            self.error("macro names must be identifiers" if toks else "no macro name given in "
                       "#define directive", toks[0] if toks else dtok)
            return
        name_tok = toks[0]
        name = name_tok.text
        if name == "defined":
            self.error('"defined" cannot be used as a macro name', name_tok)
            return
        params = None
        variadic = False
        i = 1
        if len(toks) > 1 and toks[1].text == "(" and not toks[1].ws:
            params = []
            i = 2
            ok = False
            while i < len(toks):
                t = toks[i]
                if t.text == ")" and not params:
                    ok = True
                    i += 1
                    break
                if t.text == "...":
                    variadic = True
                    params.append("__VA_ARGS__")
                    i += 1
                    if i < len(toks) and toks[i].text == ")":
                        ok = True
                        i += 1
                    break
                if t.kind != IDENT:
                    break
                if t.text in params:
                    self.error(f'duplicate macro parameter "{t.text}"', t)
                    return
                params.append(t.text)
                i += 1
                if i < len(toks) and toks[i].text == "...":
                    variadic = True
                    i += 1
                    if i < len(toks) and toks[i].text == ")":
                        ok = True
                        i += 1
                    break
                if i < len(toks) and toks[i].text == ",":
                    i += 1
                    continue
                if i < len(toks) and toks[i].text == ")":
                    ok = True
                    i += 1
                    break
                break
            if not ok:
                self.error("expected parameter name, found \"" + (toks[i].text if i < len(toks)
                           else "end of line") + "\"" if i < len(toks) else
                           "missing ')' in macro parameter list", toks[min(i, len(toks) - 1)])
                return
        elif len(toks) > 1 and not toks[1].ws and dtok is not None:
            self.warning(f"missing whitespace after the macro name", toks[1])
        body = []
        for t in toks[i:]:
            if params is not None and t.kind == IDENT and t.text in params:
                t = t.copy()
                t.val = params.index(t.text)
            body.append(t)
        if body:
            body[0] = body[0].copy()
            body[0].ws = False
            if body[0].kind == PUNCT and body[0].text in ("##", "%:%:"):
                self.error("'##' cannot appear at either end of a macro expansion", body[0])
                return
            if body[-1].kind == PUNCT and body[-1].text in ("##", "%:%:"):
                self.error("'##' cannot appear at either end of a macro expansion", body[-1])
                return
        if params is not None:
            for k, t in enumerate(body):
                if t.kind == PUNCT and t.text in ("#", "%:"):
                    nxt = body[k + 1] if k + 1 < len(body) else None
                    if nxt is None or (nxt.val is None and nxt.text != "__VA_OPT__"):
                        self.error("'#' is not followed by a macro parameter", t)
                        return
        m = Macro(name, params, variadic, body, loc=self._loc(name_tok))
        old = self.macros.get(name)
        if old is not None and dtok is not None:
            if old.builtin:
                self.warning(f'"{name}" redefined', name_tok)
            elif not old.same_as(m):
                self.warning(f'"{name}" redefined', name_tok)
        self.macros[name] = m

    def _d_undef(self, tok):
        toks = self._line_rest()
        if not toks or toks[0].kind != IDENT:
            self.error("no macro name given in #undef directive", tok)
            return
        self.macros.pop(toks[0].text, None)

    def _d_include(self, tok, next_=False, import_=False):
        toks = self._line_rest()
        if not toks:
            self.error(f"#{tok.text} expects \"FILENAME\" or <FILENAME>", tok)
            return
        if toks[0].kind == STRING and toks[0].text.startswith('"'):
            spec, angled = toks[0].text[1:-1], False
        elif toks[0].text == "<":
            spec = self._angle_name(toks, 1)
            angled = True
        else:
            exp = self._expand_list(toks)
            if exp and exp[0].kind == STRING and exp[0].text.startswith('"'):
                spec, angled = exp[0].text[1:-1], False
            elif exp and exp[0].text == "<":
                spec = self._angle_name(exp, 1)
                angled = True
            else:
                spec = None
        if spec is None:
            self.error(f"#{tok.text} expects \"FILENAME\" or <FILENAME>", tok)
            return
        if not spec:
            self.error("empty filename in #include", tok)
            return
        if len(self.files) >= MAX_INCLUDE_DEPTH:
            self.error(f"#include nested depth {len(self.files)} exceeds maximum of "
                       f"{MAX_INCLUDE_DEPTH} (use -fmax-include-depth=DEPTH to increase the "
                       "maximum)", tok)
            return
        found = self._find_include(spec, angled, next_)
        if found is None:
            self.diag.fatal(f"{spec}: No such file or directory",
                            self._loc(toks[0] if toks and toks[0].src is not None else tok))
            return
        path, idx, system = found
        real = os.path.realpath(path)
        if real in self.once:
            return
        if import_:
            self.once.add(real)
        ent = self.cache.get(path)
        if ent is not None and ent[2] is not None and ent[2] in self.macros:
            return
        src = Source(path, path, system or self.cur.src.system, len(self.files))
        src.dir_index = idx
        try:
            ent = self._load(path, src)
        except PPError as e:
            self.diag.fatal(str(e), self._loc(tok))
            return
        self.deps.append(path)
        if system:
            self.dep_system.add(path)
        self._enter(src, ent, path)

    def _d_include_next(self, tok):
        self._d_include(tok, next_=True)

    def _d_import(self, tok):
        self._d_include(tok, import_=True)

    @staticmethod
    def _angle_name(toks, i):
        parts = []
        first = True
        while i < len(toks):
            t = toks[i]
            if t.text == ">":
                return "".join(parts)
            if t.ws and not first:
                parts.append(" ")
            parts.append(t.text)
            first = False
            i += 1
        return None

    def _find_include(self, spec, angled, next_):
        """(path, chain index, system) or None."""
        if os.path.isabs(spec):
            return (spec, None, False) if self._isfile(spec) else None
        start = 0
        if next_ and self.cur is not None and self.cur.src.dir_index is not None:
            start = self.cur.src.dir_index + 1
        elif not angled:
            cur = self.cur
            d = os.path.dirname(cur.src.name) if cur is not None and cur.src.path else ""
            p = os.path.join(d, spec) if d else spec
            if self._isfile(p):
                return p, None, False
            for d in self.quote_dirs:
                p = os.path.join(d, spec)
                if self._isfile(p):
                    return p, None, False
        chain = self.chain
        for i in range(start, len(chain)):
            d, system = chain[i]
            p = d + "/" + spec if not d.endswith("/") else d + spec
            if self._isfile(p):
                return p, i, system
        return None

    # conditionals
    def _d_ifdef(self, tok, negate=False):
        toks = self._line_rest()
        if not toks or toks[0].kind != IDENT:
            self.error(f"no macro name given in #{tok.text} directive", tok)
            val = False
        else:
            val = toks[0].text in self.macros
        if negate:
            val = not val
        self._push_cond(val, tok)

    def _d_ifndef(self, tok):
        self._d_ifdef(tok, negate=True)

    def _d_if(self, tok):
        self._push_cond(self._eval_if(self._line_rest(), tok), tok)

    def _push_cond(self, val, tok):
        self.conds.append(_Cond(val, tok))
        if not val:
            self._skip_group()

    def _check_cond(self, tok):
        if len(self.conds) <= self.cur.cond_base:
            self.error(f"#{tok.text} without #if", tok)
            self._skip_line()
            return None
        return self.conds[-1]

    def _d_elif(self, tok, kind="elif"):
        c = self._check_cond(tok)
        if c is None:
            return
        if c.seen_else:
            self.error(f"#{tok.text} after #else", tok)
        if c.taken:
            self._skip_line()
            self._skip_group()
            return
        toks = self._line_rest()
        if kind == "elif":
            val = self._eval_if(toks, tok)
        else:
            val = bool(toks) and toks[0].text in self.macros
            if kind == "elifndef":
                val = not val
        if val:
            c.taken = True
        else:
            self._skip_group()

    def _d_elifdef(self, tok):
        self._d_elif(tok, "elifdef")

    def _d_elifndef(self, tok):
        self._d_elif(tok, "elifndef")

    def _d_else(self, tok):
        c = self._check_cond(tok)
        if c is None:
            return
        if c.seen_else:
            self.error("#else after #else", tok)
        c.seen_else = True
        self._skip_line()
        if c.taken:
            self._skip_group()
        else:
            c.taken = True

    def _d_endif(self, tok):
        if self._check_cond(tok) is None:
            return
        self.conds.pop()
        self._skip_line()

    def _skip_group(self):
        """Skip to the next #elif/#else/#endif of the current conditional (leaving the file
        position on its '#')."""
        f = self.cur
        toks = f.toks
        dirs = f.dirs
        k = bisect_left(dirs, f.pos)
        depth = 0
        n = f.n
        while True:
            while k < len(dirs):
                d = dirs[k]
                k += 1
                if d + 1 >= n or toks[d + 1].bol:
                    continue
                name = toks[d + 1].text
                if name in ("if", "ifdef", "ifndef"):
                    depth += 1
                elif name == "endif":
                    if depth == 0:
                        f.pos = d
                        return
                    depth -= 1
                elif name in ("elif", "else", "elifdef", "elifndef") and depth == 0:
                    f.pos = d
                    return
            if f.more is None or not self._refill(f, depth):
                break
            toks = f.toks               # the group goes on in the next list of lines, which
            dirs = f.dirs               # starts at its end when the lines were scanned
            n = f.n
            k = 0
        f.pos = n   # unterminated: reported at end of file

    def _d_line(self, tok):
        toks = self._expand_list(self._line_rest())
        self._do_line(toks, tok, False)

    def _do_line(self, toks, tok, marker):
        if not toks or toks[0].kind != NUMBER or not toks[0].text.isdigit():
            self.error(f'"{toks[0].text if toks else ""}" after #line is not a positive integer'
                       if not marker else "invalid line marker", tok)
            return
        newline = int(toks[0].text)
        f = self.cur
        src = f.src
        if len(toks) > 1:
            if toks[1].kind != STRING or not toks[1].text.startswith('"'):
                self.error(f'invalid filename "{toks[1].text}"', toks[1])
                return
            src = Source(_unescape_str(toks[1].text[1:-1]), f.src.path, f.src.system, f.src.depth)
            src.dir_index = f.src.dir_index
            if marker and any(t.text == "3" for t in toks[2:]):
                src.system = True
        # renumber the rest of the file: the next line gets number ``newline``
        pos = f.pos
        # the next physical line follows the directive line
        delta = newline - (tok.line + 1)
        if f.more is not None:          # the lines not tokenized yet
            f.line_delta += delta
            f.line_src = src
            f.src = src
        if pos >= f.n:
            return
        rest = []
        for t in f.toks[pos:]:
            t = t.copy()
            t.line += delta
            t.src = src
            rest.append(t)
        f.toks = f.toks[:pos] + rest
        f.src = src
        if self.diag is not None and src.name != f.src.name:
            pass

    def _d_error(self, tok):
        toks = self._line_rest()
        self.error("#error " + lexer.spell(toks), tok)

    def _d_warning(self, tok):
        toks = self._line_rest()
        self.warning("#warning " + lexer.spell(toks), tok)

    def _d_ident(self, tok):
        toks = self._line_rest()
        self.stack.append(self._pragma_tok(tok, [tok] + toks, ident=True))

    _d_sccs = _d_ident

    def _d_assert(self, tok):
        self._skip_line()

    _d_unassert = _d_assert

    def _d_pragma(self, tok):
        toks = self._line_rest()
        self._pragma(toks, tok)

    def _pragma_tok(self, at, toks, ident=False):
        t = Tok(PRAGMA, lexer.spell(toks), True, True, at.line, at.col, at.src)
        t.val = (toks, ident)
        return t

    def _pragma(self, toks, tok):
        """Handle a pragma; the ones that stay in the output are pushed as a PRAGMA token."""
        words = [t.text for t in toks[:2]]
        if words[:1] == ["once"]:
            if self.cur is not None and self.cur.path:
                self.once.add(os.path.realpath(self.cur.path))
            return
        if words[:1] == ["GCC"] and len(words) > 1:
            w = words[1]
            if w == "system_header":
                if self.cur is not None and len(self.files) > 1:
                    self.cur.src.system = True
                return
            if w == "poison":
                for t in toks[2:]:
                    if t.kind == IDENT:
                        self.poisoned.add(t.text)
                        self.macros.pop(t.text, None)
                return
            if w in ("warning", "error"):
                msg = toks[2].text[1:-1] if len(toks) > 2 and toks[2].kind == STRING else ""
                (self.error if w == "error" else self.warning)(msg, tok)
                return
            if w == "dependency":
                return
            if w in ("push_options", "pop_options"):
                pass
        if words[:1] in (["push_macro"], ["pop_macro"]) and len(toks) >= 4 \
                and toks[2].kind == STRING:
            name = toks[2].text[1:-1]
            if words[0] == "push_macro":
                self.pushed.setdefault(name, []).append(self.macros.get(name))
            else:
                lst = self.pushed.get(name)
                if lst:
                    m = lst.pop()
                    if m is None:
                        self.macros.pop(name, None)
                    else:
                        self.macros[name] = m
            return
        self.stack.append(self._pragma_tok(tok, toks))

    # ------------------------------------------------------------------ macro expansion
    def _expand(self, t: Tok, m: Macro) -> bool:
        """Expand the macro invocation starting at ``t``; push the result and return True,
        or return False when ``t`` is not an invocation."""
        if m.builtin is not None:
            return self._expand_builtin(t, m)
        if m.params is None:
            hs = self._hides.get((t.hide, m.name))
            if hs is None:
                hs = self._hide_with(t.hide, m.name)
            line, col, src = t.line, t.col, t.src
            if m.plain:         # the common case (x+x+...+x: 2M expansions), without _count
                res = [Tok(b.kind, b.text, b.ws, False, line, col, src, hs) for b in m.body]
                if res:
                    res[0].ws = t.ws
                    res.reverse()
                    if self._produced == 0:
                        self._top = t
                    n = self._produced = self._produced + len(res)
                    if n > MAX_EXPANSION_TOKENS:
                        self._count(t, 0)
                    self.stack.extend(res)
                else:
                    self._carry_ws(t)
                    self._count(t, 0)
                return True
            body = m.body
            if m.has_paste:
                out = self._paste_all([_PASTE if (b.kind == PUNCT and b.text in ("##", "%:%:"))
                                       else b for b in body], t)
            else:
                out = body
            res = [Tok(b.kind, b.text, b.ws, False, line, col, src,
                       hs if b.hide is None else self._hide_union(b.hide, hs)) for b in out]
            if res:
                res[0].ws = t.ws
            else:
                # keep the whitespace of the invocation for the following token
                self._carry_ws(t)
            res.reverse()
            self._count(t, len(res))
            self.stack.extend(res)
            return True
        # function-like: the next token must be '('
        nxt = self._next_raw()
        while nxt is not None and nxt.kind == PRAGMA and not self.nofile:
            # a #pragma between the name and '(' is not possible in our model; treat as end
            break
        if nxt is None or nxt.text != "(" or nxt.kind != PUNCT:
            if nxt is not None:
                self.stack.append(nxt)
            return False
        args, rparen = self._collect_args(t, m)
        if args is None:
            if rparen is not None:
                # wrong number of arguments: gcc keeps the macro's name (no longer a
                # macro here) and drops the arguments
                nt = t.copy()
                nt.hide = (t.hide or frozenset()) | {m.name}
                self.stack.append(nt)
            return True   # error reported
        if t.hide and rparen.hide:
            hs = self._hide_with(t.hide & rparen.hide, m.name)
        else:
            hs = self._hide_with(None, m.name)
        out = self._subst(m, args, t)
        line, col, src = t.line, t.col, t.src
        res = []
        cache = {}
        for b in out:
            h = b.hide
            if h is None or h is hs:
                nh = hs
            else:
                nh = cache.get(id(h))
                if nh is None:
                    nh = cache[id(h)] = self._hide_union(h, hs)
            c = Tok(b.kind, b.text, b.ws, False, line, col, src, nh)
            if b.kind == PRAGMA:
                c.val = b.val
            res.append(c)
        if res:
            res[0].ws = t.ws
        else:
            self._carry_ws(t)
        res.reverse()
        self._count(t, len(res))
        self.stack.extend(res)
        return True

    def _count(self, t, n):
        """``n`` more tokens pushed by the expansion of ``t``: the expansions of one top-level
        invocation may push MAX_EXPANSION_TOKENS (or EXPANSION_TOKENS_PER_BYTE per input byte,
        if more); past that a fatal error at the first macro expanded."""
        if self._produced == 0:
            self._top = t
        self._produced += n
        if self._produced > MAX_EXPANSION_TOKENS and \
                self._produced > EXPANSION_TOKENS_PER_BYTE * self.input_bytes:
            top = self._top
            limit = max(MAX_EXPANSION_TOKENS, EXPANSION_TOKENS_PER_BYTE * self.input_bytes)
            self.diag.fatal(f"expansion of macro '{top.text}' exceeds {limit} tokens",
                            self._loc(top))

    def _hide_with(self, h, name):
        """``h | {name}`` (h a hide set or None), one frozenset for equal results: the tree
        keeps many expanded tokens."""
        key = (h, name)
        r = self._hides.get(key)
        if r is None:
            r = self._hides[key] = (h | {name}) if h else frozenset((name,))
        return r

    def _hide_union(self, a, b):
        key = (a, b)
        r = self._hides.get(key)
        if r is None:
            r = self._hides[key] = a | b
        return r

    def _carry_ws(self, t):
        """An expansion to nothing: the next token inherits the invocation's spacing (only
        matters for -E output)."""
        pass

    def _collect_args(self, name_tok, m):
        args = [[]]
        depth = 0
        nparams = len(m.params)
        seen = []       # the raw tokens read, for passing a bad invocation through
        while True:
            t = self._next_raw()
            if t is not None:
                seen.append(t)
            if t is None:
                self.error(f'unterminated argument list invoking macro "{m.name}"', name_tok)
                return None, None
            if t.kind == PUNCT:
                tx = t.text
                if tx == "(":
                    depth += 1
                elif tx == ")":
                    if depth == 0:
                        break
                    depth -= 1
                elif tx == "," and depth == 0 and not (m.variadic and len(args) == nparams):
                    args.append([])
                    continue
            elif t.kind == PRAGMA:
                continue
            args[-1].append(t)
        if nparams == 0:
            if len(args) == 1 and not args[0]:
                return [], t
            self.error(f'macro "{m.name}" passed {len(args)} arguments, but takes just 0',
                       t)
            self._macro_defined_here(m)
            return None, seen
        if len(args) < nparams:
            if m.variadic and len(args) == nparams - 1:
                args.append([])
            elif nparams == 1 and not args:
                args = [[]]
            else:
                self.error(f'macro "{m.name}" requires {nparams} arguments, but only '
                           f'{len(args)} given', t if t is not None else name_tok)
                self._macro_defined_here(m)
                return None, seen
        elif len(args) > nparams:
            self.error(f'macro "{m.name}" passed {len(args)} arguments, but takes just '
                       f'{nparams}', t if t is not None else name_tok)
            self._macro_defined_here(m)
            return None, seen
        return args, t

    def _subst(self, m, args, name_tok):
        body = m.body
        n = len(body)
        expanded = {}
        out = []
        i = 0
        va_index = len(m.params) - 1 if m.variadic else -1

        def exp_arg(k):
            r = expanded.get(k)
            if r is None:
                r = expanded[k] = self._expand_list(args[k])
            return r

        def sub_range(lo, hi, out):
            i = lo
            while i < hi:
                t = body[i]
                k = t.kind
                if k == PUNCT and t.text in ("#", "%:") and i + 1 < hi:
                    nt = body[i + 1]
                    if nt.val is not None:
                        out.append(self._stringize(args[nt.val], t))
                        i += 2
                        continue
                if k == PUNCT and t.text in ("##", "%:%:"):
                    # GNU: , ## __VA_ARGS__
                    if (i + 1 < hi and body[i + 1].val == va_index and va_index >= 0 and out
                            and out[-1] is not _PASTE and out[-1].text == ","):
                        if not args[va_index]:
                            out.pop()
                        else:
                            for a in args[va_index]:
                                out.append(a)
                        i += 2
                        continue
                    out.append(_PASTE)
                    i += 1
                    continue
                if k == IDENT and t.text == "__VA_OPT__" and m.variadic and i + 1 < hi \
                        and body[i + 1].text == "(":
                    # find the matching ')'
                    depth = 0
                    j = i + 1
                    while j < hi:
                        if body[j].text == "(":
                            depth += 1
                        elif body[j].text == ")":
                            depth -= 1
                            if depth == 0:
                                break
                        j += 1
                    if args[va_index] and any(True for _ in exp_arg(va_index)):
                        sub = []
                        sub_range(i + 2, j, sub)
                        if sub and sub[0] is not _PASTE:
                            sub[0] = _ws_copy(sub[0], t.ws)
                        out.extend(sub)
                    else:
                        out.append(Tok(PLACEMARKER, "", False, False, 0, 0, None))
                    i = j + 1
                    continue
                if t.val is not None and k == IDENT:
                    a = t.val
                    prev_paste = out and out[-1] is _PASTE
                    next_paste = i + 1 < hi and body[i + 1].kind == PUNCT and \
                        body[i + 1].text in ("##", "%:%:")
                    toks = args[a] if (prev_paste or next_paste) else exp_arg(a)
                    if not toks:
                        out.append(Tok(PLACEMARKER, "", t.ws, False, 0, 0, None))
                    else:
                        first = True
                        for x in toks:
                            if first:
                                x = _ws_copy(x, t.ws)
                                first = False
                            out.append(x)
                    i += 1
                    continue
                out.append(t)
                i += 1

        try:
            sub_range(0, n, out)
        finally:
            # sub_range refers to itself (a cycle through its closure, which holds the
            # arguments): freed now rather than kept while the collector is paused
            sub_range = None    # noqa: F841
        if m.has_paste or any(x is _PASTE for x in out):
            out = self._paste_all(out, name_tok)
        return [x for x in out if x.kind != PLACEMARKER]

    def _paste_all(self, items, at):
        res = []
        i = 0
        n = len(items)
        while i < n:
            x = items[i]
            if x is _PASTE and res and i + 1 < n:
                lhs = res.pop()
                rhs = items[i + 1]
                i += 2
                if rhs is _PASTE:
                    res.append(lhs)
                    continue
                if lhs.kind == PLACEMARKER:
                    res.append(rhs)
                    continue
                if rhs.kind == PLACEMARKER:
                    res.append(lhs)
                    continue
                text = lhs.text + rhs.text
                kind = lex_one(text)
                if kind is None:
                    if lhs.text != "," or True:
                        self.error(f'pasting "{lhs.text}" and "{rhs.text}" does not give a valid '
                                   'preprocessing token', at)
                    res.append(lhs)
                    res.append(_ws_copy(rhs, False))
                    continue
                t = Tok(kind, text, lhs.ws, False, lhs.line, lhs.col, lhs.src, lhs.hide)
                res.append(t)
                continue
            if x is _PASTE:
                i += 1
                continue
            res.append(x)
            i += 1
        return res

    def _stringize(self, toks, at):
        parts = []
        first = True
        for t in toks:
            if t.kind == PLACEMARKER:
                continue
            if t.ws and not first:
                parts.append(" ")
            s = t.text
            if t.kind in (STRING, CHAR):
                s = s.replace("\\", "\\\\").replace('"', '\\"')
            parts.append(s)
            first = False
        return Tok(STRING, '"' + "".join(parts) + '"', at.ws, False, at.line, at.col, at.src)

    def _expand_list(self, toks, in_if=False):
        saved = (self.stack, self.nofile, self.in_if)
        self.stack = list(reversed(toks))
        self.nofile = True
        self.in_if = in_if or self.in_if
        out = []
        try:
            while True:
                t = self.next_token()
                if t is None:
                    break
                out.append(t)
        finally:
            self.stack, self.nofile, self.in_if = saved
        return out

    def _expand_builtin(self, t, m) -> bool:
        b = m.builtin
        src = t.src
        if b == "__LINE__":
            r = Tok(NUMBER, str(t.line), t.ws, False, t.line, t.col, src)
        elif b == "__FILE__":
            name = src.name if src is not None else ""
            r = Tok(STRING, _quote(name), t.ws, False, t.line, t.col, src)
        elif b == "__BASE_FILE__":
            r = Tok(STRING, _quote(self.base_file), t.ws, False, t.line, t.col, src)
        elif b == "__FILE_NAME__":
            name = src.name if src is not None else ""
            r = Tok(STRING, _quote(os.path.basename(name)), t.ws, False, t.line, t.col, src)
        elif b == "__COUNTER__":
            r = Tok(NUMBER, str(self.counter), t.ws, False, t.line, t.col, src)
            self.counter += 1
        elif b == "__INCLUDE_LEVEL__":
            r = Tok(NUMBER, str(max(len(self.files) - 1, 0)), t.ws, False, t.line, t.col, src)
        elif b == "__DATE__":
            r = Tok(STRING, f'"{self.date}"', t.ws, False, t.line, t.col, src)
        elif b == "__TIME__":
            r = Tok(STRING, f'"{self.time}"', t.ws, False, t.line, t.col, src)
        elif b == "__TIMESTAMP__":
            try:
                st = os.stat(src.path).st_mtime if src and src.path else time.time()
            except OSError:
                st = time.time()
            r = Tok(STRING, '"' + time.strftime("%a %b %d %H:%M:%S %Y", time.localtime(st))
                    + '"', t.ws, False, t.line, t.col, src)
            if r.text[9] == "0":
                r.text = r.text[:9] + " " + r.text[10:]
        elif b == "_Pragma":
            return self._do_Pragma(t)
        elif b in _IF_SPECIAL:
            if not self.in_if:
                return False
            r = self._has_special(t, b)
        else:
            return False
        r.hide = t.hide
        self.stack.append(r)
        return True

    def _do_Pragma(self, t):
        toks = []
        for _ in range(3):
            x = self.next_token() if _ == 1 else self._next_raw()
            if x is None:
                break
            toks.append(x)
        if len(toks) < 3 or toks[0].text != "(" or toks[1].kind != STRING or toks[2].text != ")":
            self.error("_Pragma takes a parenthesized string literal", t)
            for x in reversed(toks):
                if x.text not in ("(", ")"):
                    pass
            return True
        s = toks[1].text
        if s.startswith(("L", "u8", "u", "U")):
            s = s[s.index('"'):]
        body = s[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        ptoks = tokenize(body, t.src, t.line)
        for p in ptoks:
            p.line = t.line
        if self.in_if:
            return True
        self._pragma(ptoks, t)
        return True

    def _defined(self, t):
        x = self._next_raw()
        paren = False
        if x is not None and x.text == "(":
            paren = True
            x = self._next_raw()
        if x is None or x.kind != IDENT:
            self.error('operator "defined" requires an identifier', t)
            return Tok(NUMBER, "0", t.ws, False, t.line, t.col, t.src)
        val = x.text in self.macros
        if paren:
            y = self._next_raw()
            if y is None or y.text != ")":
                self.error('missing \')\' after "defined"', t)
                if y is not None:
                    self.stack.append(y)
        return Tok(NUMBER, "1" if val else "0", t.ws, False, t.line, t.col, t.src)

    def _has_special(self, t, b):
        def num(v):
            return Tok(NUMBER, str(v), t.ws, False, t.line, t.col, t.src)
        x = self._next_raw()
        if x is None or x.text != "(":
            self.error(f'missing \'(\' after "{b}"', t)
            if x is not None:
                self.stack.append(x)
            return num(0)
        inner = []
        depth = 0
        while True:
            x = self._next_raw()
            if x is None:
                self.error(f'missing \')\' after "{b}" operand', t)
                break
            if x.text == "(":
                depth += 1
            elif x.text == ")":
                if depth == 0:
                    break
                depth -= 1
            inner.append(x)
        if b in ("__has_include", "__has_include_next"):
            if inner and inner[0].kind == STRING and inner[0].text.startswith('"'):
                spec, angled = inner[0].text[1:-1], False
            else:
                if inner and inner[0].text != "<":
                    inner = self._expand_list(inner)
                if inner and inner[0].kind == STRING:
                    spec, angled = inner[0].text[1:-1], False
                elif inner and inner[0].text == "<":
                    spec, angled = self._angle_name(inner, 1), True
                else:
                    self.error(f'operator "{b}" requires a header-name', t)
                    return num(0)
            if not spec:
                return num(0)
            return num(1 if self._find_include(spec, angled, b.endswith("next")) else 0)
        inner = [y for y in inner if y.kind != PLACEMARKER]
        if not inner or inner[0].kind != IDENT:
            self.error(f"macro \"{b}\" requires an identifier", t)
            return num(0)
        name = inner[0].text
        if b == "__has_builtin":
            return num(1 if has_builtin(name) else 0)
        # attributes: [[gnu::x]] / [[x]]
        scoped = len(inner) >= 3 and inner[1].text == ":" or (len(inner) >= 2 and
                                                                inner[1].text == "::")
        if scoped:
            ns = name
            name = inner[-1].text
            if ns not in ("gnu", "__gnu__"):
                return num(0)
            key = name.strip("_") if name.startswith("__") and name.endswith("__") else name
            return num(1 if key in GCC_ATTRIBUTES else 0)
        key = name[2:-2] if name.startswith("__") and name.endswith("__") and len(name) > 4 \
            else name
        if b == "__has_c_attribute":
            return num(C_ATTRIBUTES.get(key, 0))
        if b == "__has_cpp_attribute":
            return num(1 if key in GCC_ATTRIBUTES else 0)
        if key in C_ATTRIBUTES and key not in GCC_ATTRIBUTES:
            return num(C_ATTRIBUTES[key])
        return num(1 if key in GCC_ATTRIBUTES else 0)

    # ------------------------------------------------------------------ #if evaluation
    def _eval_if(self, toks, tok) -> bool:
        if not toks:
            self.error(f"#{tok.text} with no expression", tok)
            return False
        exp = self._expand_list(toks, in_if=True)
        ev = _IfEval(exp, self, tok)
        try:
            v, _ = ev.expr(True)
            if ev.i < len(ev.toks):
                t = ev.toks[ev.i]
                if t.text == ")":
                    raise PPError("missing '(' in expression")
                raise PPError(f"missing binary operator before token \"{t.text}\"")
        except PPError as e:
            self.error(str(e), tok)
            return False
        return v != 0

    # ------------------------------------------------------------------ dependencies
    def dependency_list(self, include_system=True):
        seen = set()
        out = []
        for p in self.deps:
            if p in seen:
                continue
            if not include_system and p in self.dep_system:
                continue
            seen.add(p)
            out.append(p)
        return out


def _read_text(path: str, quiet: bool = False):
    """A source file's text (UTF-8, undecodable bytes kept as surrogates, no BOM); with
    ``quiet``, None when it cannot be read."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        if quiet:
            return None
        raise
    text = data.decode("utf-8", "surrogateescape")
    return text[1:] if text.startswith("\ufeff") else text


def _ws_copy(t, ws):
    if t.ws == ws:
        return t
    c = t.copy()
    c.ws = ws
    return c


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unescape_str(s: str) -> str:
    return s.replace('\\"', '"').replace("\\\\", "\\")


_MASK = (1 << 64) - 1


def _wrap(v, uns):
    v &= _MASK
    if not uns and v >= 1 << 63:
        v -= 1 << 64
    return v


class _IfEval:
    """#if expressions, evaluated in intmax_t / uintmax_t (64-bit) arithmetic."""

    BIN_PREC = {"*": 10, "/": 10, "%": 10, "+": 9, "-": 9, "<<": 8, ">>": 8, "<": 7, ">": 7,
                "<=": 7, ">=": 7, "==": 6, "!=": 6, "&": 5, "^": 4, "|": 3, "&&": 2, "||": 1}

    def __init__(self, toks, pp, tok):
        self.toks = toks
        self.i = 0
        self.pp = pp
        self.tok = tok

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else None

    def expr(self, ev):
        v = self.cond(ev)
        while True:
            t = self.peek()
            if t is not None and t.text == ",":
                self.i += 1
                v = self.cond(ev)
            else:
                return v

    def cond(self, ev):
        c = self.binary(1, ev)
        t = self.peek()
        if t is not None and t.text == "?":
            self.i += 1
            a = self.expr(ev and c[0] != 0)
            t = self.peek()
            if t is None or t.text != ":":
                raise PPError("'?' without following ':'")
            self.i += 1
            b = self.cond(ev and c[0] == 0)
            uns = a[1] or b[1]
            r = a if c[0] != 0 else b
            return _wrap(r[0], uns), uns
        return c

    def binary(self, minprec, ev):
        lhs = self.unary(ev)
        while True:
            t = self.peek()
            if t is None or t.kind != PUNCT:
                return lhs
            op = t.text
            p = self.BIN_PREC.get(op)
            if p is None or p < minprec:
                return lhs
            self.i += 1
            if op == "&&":
                rhs = self.binary(p + 1, ev and lhs[0] != 0)
                lhs = (1 if (lhs[0] and rhs[0]) else 0, False)
                continue
            if op == "||":
                rhs = self.binary(p + 1, ev and lhs[0] == 0)
                lhs = (1 if (lhs[0] or rhs[0]) else 0, False)
                continue
            rhs = self.binary(p + 1, ev)
            lhs = self.apply(op, lhs, rhs, ev)

    def apply(self, op, a, b, ev):
        x, ux = a
        y, uy = b
        if op in ("<<", ">>"):
            uns = ux
        else:
            uns = ux or uy
        if uns:
            x &= _MASK
            y &= _MASK if op not in ("<<", ">>") else y
        if op == "+":
            r = x + y
        elif op == "-":
            r = x - y
        elif op == "*":
            r = x * y
        elif op in ("/", "%"):
            if y == 0:
                if ev:
                    raise PPError("division by zero in #if")
                return 0, uns
            q = abs(x) // abs(y)
            if (x < 0) != (y < 0):
                q = -q
            r = q if op == "/" else x - q * y
        elif op == "<<" or op == ">>":
            if op == ">>":
                y = -y
            if y >= 0:
                r = x << min(y, 128)
            else:
                r = x >> min(-y, 128)
        elif op == "<":
            return (1 if x < y else 0), False
        elif op == ">":
            return (1 if x > y else 0), False
        elif op == "<=":
            return (1 if x <= y else 0), False
        elif op == ">=":
            return (1 if x >= y else 0), False
        elif op == "==":
            return (1 if x == y else 0), False
        elif op == "!=":
            return (1 if x != y else 0), False
        elif op == "&":
            r = x & y
        elif op == "^":
            r = x ^ y
        elif op == "|":
            r = x | y
        else:
            raise PPError(f"token \"{op}\" is not valid in preprocessor expressions")
        return _wrap(r, uns), uns

    def unary(self, ev):
        t = self.peek()
        if t is None:
            raise PPError("#if with no expression" if self.i == 0 else
                          "operator '" + self.toks[self.i - 1].text + "' has no right operand")
        self.i += 1
        tx = t.text
        if t.kind == PUNCT:
            if tx == "(":
                v = self.expr(ev)
                c = self.peek()
                if c is None or c.text != ")":
                    raise PPError("missing ')' in expression")
                self.i += 1
                return v
            if tx == "#":
                # an obsolete assertion test (#cpu(x), #machine(y)): never asserted here
                t2 = self.peek()
                if t2 is not None and t2.kind == IDENT:
                    self.i += 1
                    t3 = self.peek()
                    if t3 is not None and t3.text == "(":
                        depth = 0
                        while self.i < len(self.toks):
                            x = self.toks[self.i].text
                            self.i += 1
                            if x == "(":
                                depth += 1
                            elif x == ")":
                                depth -= 1
                                if depth == 0:
                                    break
                    return 0, False
            if tx in ("+", "-", "~", "!"):
                v, u = self.unary(ev)
                if tx == "-":
                    return _wrap(-v, u), u
                if tx == "~":
                    return _wrap(~v, u), u
                if tx == "!":
                    return (0 if v else 1), False
                return v, u
            raise PPError(f"token \"{tx}\" is not valid in preprocessor expressions")
        if t.kind == NUMBER:
            return parse_pp_number(tx)
        if t.kind == IDENT:
            if tx in ("true", "false") and False:
                return (1 if tx == "true" else 0), False
            nxt = self.peek()
            if nxt is not None and nxt.text == "(" and tx in ("__has_feature", "__has_extension"):
                raise PPError(f"function-like macro \"{tx}\" is not defined")
            if nxt is not None and nxt.text == "(" and not nxt.ws and False:
                raise PPError(f"missing binary operator before token \"(\"")
            return 0, False
        if t.kind == CHAR:
            return char_value(tx, self.pp.target), False
        if t.kind == STRING:
            raise PPError(f"token \"{tx}\" is not valid in preprocessor expressions")
        raise PPError(f"token \"{tx}\" is not valid in preprocessor expressions")


def parse_pp_number(tx: str):
    s = tx.lower()
    body = s.rstrip("ul")
    suffix = s[len(body):]
    if suffix and suffix not in ("u", "l", "ul", "lu", "ll", "ull", "llu"):
        raise PPError(f'invalid suffix "{tx[len(body):]}" on integer constant')
    try:
        if body.startswith("0x"):
            v = int(body[2:], 16)
        elif body.startswith("0b"):
            v = int(body[2:], 2)
        elif body.startswith("0") and len(body) > 1:
            v = int(body, 8)
        else:
            v = int(body, 10)
    except ValueError:
        if "." in s or ("e" in s and not s.startswith("0x")) or "p" in s:
            raise PPError("floating constant in preprocessor expression") from None
        raise PPError(f'invalid integer constant "{tx}" in #if') from None
    uns = "u" in suffix
    if v > _MASK:
        raise PPError("integer constant is too large for its type")
    if v >= 1 << 63 and not uns:
        uns = True
    return v, uns


_ESCAPES = {"n": 10, "t": 9, "r": 13, "a": 7, "b": 8, "f": 12, "v": 11, "e": 27, "E": 27,
            "\\": 92, "'": 39, '"': 34, "?": 63}


def escape_problems(body: str) -> list[str]:
    """gcc's diagnostics for the escape sequences of a literal body: ("warning"|"pedantic"|
    "error", message) pairs."""
    out = []
    i = 0
    n = len(body)
    while i < n:
        if body[i] != "\\" or i + 1 >= n:
            i += 1
            continue
        e = body[i + 1]
        if e == "x" and (i + 2 >= n or body[i + 2] not in "0123456789abcdefABCDEF"):
            out.append(("error", "\\x used with no following hex digits"))
        elif e in "eE":
            out.append(("pedantic", f"non-ISO-standard escape sequence, '\\{e}'"))
        elif e not in _ESCAPES and e not in "x01234567uU":
            if e.isprintable() and ord(e) < 0x80:
                out.append(("warning", f"unknown escape sequence: '\\{e}'"))
            else:
                out.append(("warning", f"unknown escape sequence: '\\{ord(e) & 0xff:03o}'"))
        i += 2
    return out


def decode_escapes(body: str) -> list[int]:
    """Code units of a char/string literal body (without quotes and prefix)."""
    out = []
    i = 0
    n = len(body)
    while i < n:
        c = body[i]
        if c != "\\" or i + 1 >= n:
            if ord(c) >= 0x80 and not (0xDC80 <= ord(c) <= 0xDCFF):
                out.extend(c.encode("utf-8"))
            elif 0xDC80 <= ord(c) <= 0xDCFF:
                out.append(ord(c) - 0xDC00)
            else:
                out.append(ord(c))
            i += 1
            continue
        e = body[i + 1]
        if e in _ESCAPES:
            out.append(_ESCAPES[e])
            i += 2
        elif e == "x":
            j = i + 2
            while j < n and body[j] in "0123456789abcdefABCDEF":
                j += 1
            out.append(int(body[i + 2:j] or "0", 16))
            i = j
        elif e in "01234567":
            j = i + 1
            while j < n and j < i + 4 and body[j] in "01234567":
                j += 1
            out.append(int(body[i + 1:j], 8))
            i = j
        elif e in "uU":
            ln = 4 if e == "u" else 8
            cp = int(body[i + 2:i + 2 + ln] or "0", 16)
            out.append(-cp - 1)   # marker: a code point (encoded by the caller)
            i += 2 + ln
        else:
            out.append(ord(e))
            i += 2
    return out


def char_value(tx: str, target) -> int:
    prefix = tx[:tx.index("'")]
    units = decode_escapes(tx[len(prefix) + 1:-1])
    if prefix:
        cps = [(-u - 1) if u < 0 else u for u in units]
        v = cps[-1] if cps else 0
        if prefix == "L" and target.name == "x86_64" or prefix == "L" and target.name == "riscv64":
            v &= 0xFFFFFFFF
            if v >= 1 << 31:
                v -= 1 << 32
        return v
    bs = []
    for u in units:
        if u < 0:
            bs.extend(chr(-u - 1).encode("utf-8", "surrogatepass"))
        else:
            bs.append(u & 0xFF)
    if not bs:
        return 0
    if len(bs) == 1:
        v = bs[0]
        if target.name == "x86_64" and v >= 128:
            v -= 256
        return v
    v = 0
    for b in bs[-4:]:
        v = ((v << 8) | b) & 0xFFFFFFFF
    if v >= 1 << 31:
        v -= 1 << 32
    return v
