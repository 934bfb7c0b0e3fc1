"""Diagnostics, exit codes and atomic output shared by pycc, pyas and pyld.

Every tool reports user errors through :class:`Diagnostics` (or raises :class:`ToolError`)
and runs its ``main`` under :func:`run_main`, which turns a Python exception that escaped
into an "internal error" message naming the input, never a traceback (set
``PYTOOLCHAIN_TRACEBACK=1`` to see one).
"""
from __future__ import annotations

import os
import re
import sys
import tempfile

EXIT_OK = 0
EXIT_ERROR = 1          # bad input, as gcc/as/ld
EXIT_INTERNAL = 4       # gcc's exit status for an internal compiler error


class ToolError(Exception):
    """A user-facing error: the message is printed as is (after the program name) and the
    tool exits with status 1."""

    def __init__(self, message: str, loc: "Location | None" = None):
        super().__init__(message)
        self.message = message
        self.loc = loc


class Location:
    __slots__ = ("file", "line", "col", "width", "start", "end", "fixit", "range2")

    def __init__(self, file: str, line: int = 0, col: int = 0, width: int | None = None,
                 start: int | None = None, end: int | None = None):
        self.file = file
        self.line = line
        self.col = col
        self.width = width      # gcc style: columns under the caret (None: the token there)
        self.start = start      # gcc style: a ~ range start..end (columns, inclusive) around
        self.end = end          # the caret, e.g. a whole expression
        self.fixit = None       # gcc style: replacement text shown under the caret
        self.range2 = None      # gcc style: (line, start, end) underlined apart from the caret

    def __str__(self) -> str:
        if self.line and self.col:
            return f"{self.file}:{self.line}:{self.col}"
        if self.line:
            return f"{self.file}:{self.line}"
        return self.file

    def __repr__(self) -> str:
        return f"Location({self.file!r}, {self.line}, {self.col})"


class Diagnostics:
    """Collects and prints diagnostics in one of the GNU styles.

    style "gcc":  ``file:line:col: error: msg`` followed by the source line and a caret.
    style "gas":  ``file:line: Error: msg`` preceded once by ``file: Assembler messages:``.
    style "ld":   ``prog: msg`` (ld prints its locations inside the message).
    """

    def __init__(self, prog: str, style: str = "gcc", stream=None, max_errors: int = 0):
        self.prog = prog
        self.style = style
        self.stream = stream if stream is not None else sys.stderr
        self.errors = 0
        self.warnings = 0
        self.max_errors = max_errors
        self.werror = False
        self.suppress_warnings = False
        self._gas_header_done: set[str] = set()
        self._sources: dict[str, list[str]] = {}
        self._texts: dict[str, str] = {}    # split into _sources when a caret needs it
        # gcc style only (pyas and pyld print as before):
        self.werror_opts: set[str] = set()      # -Werror=NAME
        self.no_werror_opts: set[str] = set()   # -Wno-error=NAME
        self.werrors = 0                        # warnings turned into errors
        self.color: bool | None = None          # None: decided on first use (auto)
        self.palette = dict(_GCC_DEFAULT_COLORS)
        self.utf8_quotes: bool | None = None    # None: from the locale on first use
        self.function: tuple[str, str] | None = None   # (file, name) being analysed
        self._context: tuple[str, str] | None = None   # context line last printed
        self._last_caret = None

    # -- gcc-style presentation ------------------------------------------------------
    def set_color(self, mode: str = "auto", env: dict | None = None) -> None:
        """-fdiagnostics-color=always|never|auto; GCC_COLORS overrides the palette (an empty
        GCC_COLORS disables colour, as in gcc)."""
        env = os.environ if env is None else env
        gc = env.get("GCC_COLORS")
        if mode == "never":
            self.color = False
        elif mode == "always":
            self.color = True
        else:
            isatty = getattr(self.stream, "isatty", None)
            self.color = bool(isatty and isatty()) and env.get("TERM", "") != "dumb"
        if gc is not None:
            if gc == "":
                self.color = False
            for item in gc.split(":"):
                k, eq, v = item.partition("=")
                if eq and re.fullmatch(r"[0-9;]*", v):
                    self.palette[k] = v

    def set_function(self, name: str | None, file: str | None = None) -> None:
        """The function whose body is being analysed (for gcc's "In function" lines)."""
        self.function = (file or "", name) if name else None

    def _paint(self, key: str, text: str) -> str:
        if not self.color:
            return text
        c = self.palette.get(key)
        return f"\x1b[{c}m\x1b[K{text}\x1b[m\x1b[K" if c else text

    def _quote(self, msg: str, kind: str = "warning") -> str:
        """gcc's quotes: 'x' becomes U+2018 x U+2019 in a UTF-8 locale, bold in colour."""
        if self.utf8_quotes is None:
            self.utf8_quotes = _utf8_locale()
        lq, rq = ("\u2018", "\u2019") if self.utf8_quotes else ("'", "'")

        def one(m):
            body = m.group(1)
            if len(body) > 1 and body[0] == "\\" and body[1] not in "01234567":
                return m.group(0)        # an escape such as '\q' stays as written
            return lq + self._paint("quote", body) + rq
        msg = _QUOTED.sub(one, msg)
        if self.utf8_quotes and "n't" in msg:
            msg = msg.replace("n't", "n\u2019t")      # gcc's %' apostrophe: isn't, can't
        if self.color:
            msg = _OPTION.sub(lambda m: " [" + self._paint(kind, m.group(1)) + "]", msg)
        return msg

    # -- source lines for carets ------------------------------------------------------
    def add_source(self, filename: str, text: str) -> None:
        self._texts[filename] = text
        self._sources.pop(filename, None)

    def add_source_loader(self, filename: str, load) -> None:
        """As add_source, the text coming from ``load()`` (None if it cannot) only when a
        caret first needs it, as gcc reads a line again from the file to show it."""
        self._texts[filename] = load
        self._sources.pop(filename, None)

    def source_lines(self, filename):
        """The lines of a source added with add_source (split on first use: a compile
        that prints no caret never holds a list of all its lines)."""
        lines = self._sources.get(filename)
        if lines is None:
            text = self._texts.pop(filename, None)
            if text is not None and not isinstance(text, str):
                text = text()
            if text is not None:
                lines = self._sources[filename] = text.splitlines()
        return lines

    def _caret(self, loc: Location, kind: str = "error") -> str:
        lines = self.source_lines(loc.file)
        if self.style == "gcc" and lines and 0 < loc.line <= len(lines) and loc.col == 0:
            return f" {loc.line:4d} | {_display(lines[loc.line - 1]).rstrip()}\n      | \n"
        if not lines or not (0 < loc.line <= len(lines)) or loc.col <= 0:
            return ""
        if self.style != "gcc":
            src = lines[loc.line - 1].expandtabs(1)
            return f" {loc.line:4d} | {src}\n      | {' ' * (loc.col - 1)}^\n"
        raw = lines[loc.line - 1]
        i = loc.col - 1
        if loc.start is not None and loc.end is not None and loc.start <= loc.col <= loc.end \
                and loc.end <= len(raw):
            a = len(_display(raw[:loc.start - 1]))
            c = len(_display(raw[:i]))
            b = len(_display(raw[:loc.end]))
            key = {"error": "error", "warning": "warning", "note": "note"}.get(kind, "error")
            under = "~" * (c - a) + "^" + "~" * (b - c - 1)
            src = _display(raw)
            if self.color:
                src = src[:a] + self._paint(key, src[a:b]) + src[b:]
            return (f" {loc.line:4d} | {src.rstrip()}\n      | {' ' * a}"
                    f"{self._paint(key, under)}\n")
        n = _token_length(raw, i) if loc.width is None else loc.width
        pre = _display(raw[:i])
        tok = _display(raw[i:i + n], len(pre))
        post = _display(raw[i + n:], len(pre) + len(tok))
        key = {"error": "error", "warning": "warning", "note": "note"}.get(kind, "error")
        src = pre + self._paint(key, tok) + post if tok else pre + post
        w = max(1, len(tok))
        mark = self._paint(key, "^" + "~" * (w - 1))
        fix = ""
        if loc.fixit:
            fix = f"      | {' ' * len(pre)}{self._paint('fixit-insert', loc.fixit)}\n"
        if loc.range2 is not None:
            return self._caret_range2(loc, lines, key, src, pre, mark, w, fix)
        return f" {loc.line:4d} | {src.rstrip()}\n      | {' ' * len(pre)}{mark}\n{fix}"

    def _caret_range2(self, loc, lines, key, src, pre, mark, w, fix):
        """The caret with a second range underlined (gcc: the token after a missing ';'),
        on the caret's line or on its own line after the fix-it."""
        line2, a, b = loc.range2
        if not 0 < line2 <= len(lines):
            return f" {loc.line:4d} | {src.rstrip()}\n      | {' ' * len(pre)}{mark}\n{fix}"
        raw2 = lines[line2 - 1]
        a2 = len(_display(raw2[:a - 1]))
        b2 = len(_display(raw2[:b]))
        tilde = self._paint(key, "~" * max(1, b2 - a2))
        if line2 == loc.line and a2 >= len(pre) + w:
            gap = " " * (a2 - len(pre) - w)
            return (f" {loc.line:4d} | {src.rstrip()}\n      | {' ' * len(pre)}{mark}{gap}"
                    f"{tilde}\n{fix}")
        pad = " " * max(0, len(pre) + w - b2)
        return (f" {loc.line:4d} | {src.rstrip()}\n      | {' ' * len(pre)}{mark}\n{fix}"
                f" {line2:4d} | {_display(raw2).rstrip()}\n      | {' ' * a2}{tilde}{pad}\n")

    def display_column(self, loc: Location) -> int:
        """gcc's column: tabs advance to the next multiple of 8."""
        lines = self.source_lines(loc.file)
        if not lines or not (0 < loc.line <= len(lines)) or loc.col <= 0:
            return loc.col
        raw = lines[loc.line - 1]
        if "\t" not in raw[:loc.col - 1]:
            return loc.col
        return len(_display(raw[:loc.col - 1])) + 1

    def _gcc_emit(self, kind: str, msg: str, loc: Location | None) -> None:
        out = self.stream
        if self.color is None:
            self.set_color("auto")
        msg = self._quote(msg, kind)
        label = self._paint(kind if kind in ("error", "warning", "note") else "error",
                            f"{kind}:")
        if kind == "fatal error":
            kind = "error"
        if loc is None:
            out.write(f"{self.prog}: {label} {msg}\n")
            return
        if kind != "note" and self.function != self._context:
            if self.function is not None:
                name = self._quote("'" + self.function[1] + "'")
                out.write(f"{self._paint('locus', (self.function[0] or loc.file) + ':')}"
                          f" In function {name}:\n")
            elif self._context is not None:
                out.write(f"{self._paint('locus', loc.file + ':')} At top level:\n")
            self._context = self.function
        col = self.display_column(loc)
        where = str(Location(loc.file, loc.line, col))
        out.write(f"{self._paint('locus', where + ':')} {label} {msg}\n")
        key = (loc.file, loc.line, loc.col, loc.width)
        if key != self._last_caret:     # gcc shows one place's source line once in a row
            self._last_caret = key
            out.write(self._caret(loc, kind))

    # -- reporting -----------------------------------------------------------------------
    def _emit(self, kind: str, msg: str, loc: Location | None) -> None:
        out = self.stream
        if self.style == "gas":
            if loc is not None:
                if loc.file not in self._gas_header_done:
                    self._gas_header_done.add(loc.file)
                    out.write(f"{loc.file}: Assembler messages:\n")
                gkind = {"error": "Error", "warning": "Warning", "note": "Info"}.get(kind, kind)
                where = f"{loc.file}:{loc.line}" if loc.line else loc.file
                out.write(f"{where}: {gkind}: {msg}\n")
            else:
                gkind = {"error": "Error", "warning": "Warning"}.get(kind, kind)
                out.write(f"{self.prog}: {gkind}: {msg}\n")
        elif self.style == "ld":
            out.write(f"{self.prog}: {'warning: ' if kind == 'warning' else ''}{msg}\n")
        else:
            self._gcc_emit(kind, msg, loc)

    def error(self, msg: str, loc: Location | None = None) -> None:
        self.errors += 1
        self._emit("error", msg, loc)
        if self.max_errors and self.errors >= self.max_errors:
            raise FatalStop()

    def warning(self, msg: str, loc: Location | None = None) -> None:
        if self.suppress_warnings:
            return
        if self.style == "gcc":
            m = _OPTION.search(msg)
            opt = m.group(2) if m else None
            if (self.werror and opt not in self.no_werror_opts) or opt in self.werror_opts:
                self.werrors += 1
                if m:
                    msg = msg[:m.start()] + f" [-Werror={opt}]" + msg[m.end():]
                self.error(msg, loc)
                return
        elif self.werror:
            self.error(msg, loc)
            return
        self.warnings += 1
        self._emit("warning", msg, loc)

    def note(self, msg: str, loc: Location | None = None) -> None:
        self._emit("note", msg, loc)

    def note_insert(self, msg: str, loc: Location, text: str, use_line: int = 0) -> None:
        """A note with gcc's fix-it hint: ``text`` inserted as a new line before ``loc`` (line
        1: after the last #include before line ``use_line``)."""
        self._use_line = use_line
        if self.style != "gcc":
            self.note(msg, loc)
            return
        out = self.stream
        lines = self.source_lines(loc.file)
        if lines and loc.line == 1:
            # gcc inserts after the last #include that precedes the use
            last = 0
            for k in range(min(len(lines), max(1, getattr(self, "_use_line", 1)))):
                if _INCLUDE_LINE.match(lines[k]):
                    last = k + 1
            if last and last < len(lines):
                loc = Location(loc.file, last + 1, 1)
        where = str(Location(loc.file, loc.line, loc.col))
        out.write(f"{self._paint('locus', where + ':')} {self._paint('note', 'note:')} "
                  f"{self._quote(msg, 'note')}\n")
        if lines and 0 < loc.line <= len(lines):
            if loc.line > 1:
                out.write(f" {loc.line - 1:4d} | {_display(lines[loc.line - 2]).rstrip()}\n")
            out.write(f"  +++ |+{self._paint('fixit-insert', text)}\n")
            out.write(f" {loc.line:4d} | {_display(lines[loc.line - 1]).rstrip()}\n")
        self._last_caret = (loc.file, loc.line, loc.col, "fixit")

    def fatal(self, msg: str, loc: Location | None = None) -> "NoReturn":  # noqa: F821
        if self.style == "gas":         # GNU as: ``file:line: Fatal error: msg``, then stop
            self.errors += 1
            self._emit("Fatal error", msg, loc)
            raise FatalStop()
        if self.style == "gcc":
            self.errors += 1
            self._gcc_emit("fatal error", msg, loc)
            self.stream.write("compilation terminated.\n")
            raise FatalStop()
        self.error(msg, loc)
        raise FatalStop()

    @property
    def failed(self) -> bool:
        return self.errors > 0

    def finish(self, prog: str | None = None) -> None:
        """gcc's closing line when warnings were turned into errors (call once, at the end)."""
        if self.werrors and self.style == "gcc":
            which = "all" if self.werror else "some"
            self.stream.write(f"{prog or self.prog}: {which} warnings being treated as errors\n")
            self.werrors = 0


# gcc 12's default GCC_COLORS
_GCC_DEFAULT_COLORS = {
    "error": "01;31", "warning": "01;35", "note": "01;36", "range1": "32", "range2": "34",
    "locus": "01", "quote": "01", "path": "01;36", "fixit-insert": "32", "fixit-delete": "31",
    "diff-filename": "01", "diff-hunk": "32", "diff-delete": "31", "diff-insert": "32",
    "type-diff": "01;32",
}
_QUOTED = re.compile(r"'([^'\n]+)'")
_OPTION = re.compile(r" \[(-W([A-Za-z0-9_=+-]+))\]$")
_TOKEN = re.compile(r"""(?:u8|[uUL])?"(?:\\.|[^"\\])*"?|(?:u8|[uUL])?'(?:\\.|[^'\\])*'?"""
                    r"""|[A-Za-z_$\x80-\ud7ff\ue000-\U0010ffff][\w$\x80-\ud7ff\ue000-\U0010ffff]*"""
                    r"""|\.?[0-9](?:[eEpP][+-]|[\w.])*"""
                    r"""|<<=|>>=|\.\.\.|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^!=<>]=|##"""
                    r"""|<:|:>|<%|%>|%:%:|%:|\S""")


_INCLUDE_LINE = re.compile(r"\s*#\s*include\b")


def _token_length(line: str, i: int) -> int:
    m = _TOKEN.match(line, i)
    return m.end() - i if m else 0


def _display(text: str, start: int = 0) -> str:
    """``text`` as gcc shows source lines: tabs expanded to 8-column stops, bytes that are not
    UTF-8 as <ff>, control characters as <U+0001>."""
    if text.isprintable() and "\t" not in text:
        return text
    out = []
    col = start
    for c in text:
        o = ord(c)
        if c == "\t":
            k = 8 - col % 8
            out.append(" " * k)
            col += k
            continue
        if 0xDC80 <= o <= 0xDCFF:
            c = f"<{o - 0xDC00:02x}>"
        elif o < 0x20 or o == 0x7F:
            c = f"<U+{o:04X}>"
        out.append(c)
        col += len(c)
    return "".join(out)


def _utf8_locale() -> bool:
    env = os.environ
    for var in ("LC_ALL", "LC_CTYPE", "LANG"):
        v = env.get(var)
        if var == "LC_CTYPE" and v in ("C.UTF-8", "C.utf8") and not env.get("LC_ALL") and \
                env.get("LANG", "C") in ("C", "POSIX", ""):
            continue        # set by Python's C-locale coercion (PEP 538), not by the user
        if v:
            v = v.lower().replace("-", "")
            return "utf8" in v
    return False


class FatalStop(Exception):
    """Raised to stop a tool after errors were already reported."""


def atomic_write(path: str, data: bytes | bytearray | memoryview, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory and a rename,
    so that a failure never leaves a partial output. ``mode`` sets permissions (e.g. 0o755)."""
    if path == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    d = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise ToolError(f"cannot open output file {path}: Is a directory")
    if os.path.exists(path) and not os.path.isfile(path):
        # /dev/null, a FIFO, a terminal: write in place (never rename over a device)
        try:
            with open(path, "wb") as f:
                f.write(data)
        except OSError as e:
            raise ToolError(f"cannot open output file {path}: {e.strerror or e}") from None
        return
    # a symbolic link (-o /dev/stdout onto a file) is written through, never replaced
    dest = os.path.realpath(path) if os.path.islink(path) else path
    d = os.path.dirname(os.path.abspath(dest))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=d)
    except OSError as e:
        raise ToolError(f"cannot open output file {path}: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, dest)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise ToolError(f"cannot open output file {path}: {e.strerror or e}") from None
        raise


def run_main(prog: str, func, argv: list[str] | None = None, input_name=None) -> int:
    """Run ``func(argv)`` and turn every outcome into an exit status.

    ``input_name`` is a callable returning the name of the input being processed (for the
    internal-error message), or None.
    """
    if argv is None:
        argv = sys.argv[1:]
    try:
        rc = func(argv)
        return EXIT_OK if rc is None else rc
    except ToolError as e:
        if e.loc is not None:
            sys.stderr.write(f"{e.loc}: error: {e.message}\n")
        else:
            sys.stderr.write(f"{prog}: error: {e.message}\n")
        return EXIT_ERROR
    except FatalStop:
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_ERROR
    except RecursionError:
        where = _input(input_name)
        sys.stderr.write(f"{prog}: error: {where}input nests too deeply to process\n")
        return EXIT_ERROR
    except Exception as e:  # noqa: BLE001 - this is the one place that catches everything
        if os.environ.get("PYTOOLCHAIN_TRACEBACK"):
            raise
        where = _input(input_name)
        sys.stderr.write(f"{prog}: internal error: {where}{type(e).__name__}: {e}\n"
                         f"{prog}: please report this; set PYTOOLCHAIN_TRACEBACK=1 for details\n")
        return EXIT_INTERNAL


def _input(input_name) -> str:
    try:
        n = input_name() if callable(input_name) else input_name
    except Exception:  # noqa: BLE001
        n = None
    return f"while processing {n}: " if n else ""
