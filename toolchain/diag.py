"""Diagnostics, exit codes and atomic output shared by pycc, pyas and pyld.

Every tool reports user errors through :class:`Diagnostics` (or raises :class:`ToolError`)
and runs its ``main`` under :func:`run_main`, which turns a Python exception that escaped
into an "internal error" message naming the input, never a traceback (set
``PYTOOLCHAIN_TRACEBACK=1`` to see one).
"""
from __future__ import annotations

import os
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
    __slots__ = ("file", "line", "col")

    def __init__(self, file: str, line: int = 0, col: int = 0):
        self.file = file
        self.line = line
        self.col = col

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

    # -- source lines for carets ------------------------------------------------------
    def add_source(self, filename: str, text: str) -> None:
        self._sources[filename] = text.splitlines()

    def _caret(self, loc: Location) -> str:
        lines = self._sources.get(loc.file)
        if not lines or not (0 < loc.line <= len(lines)) or loc.col <= 0:
            return ""
        src = lines[loc.line - 1].expandtabs(1)
        return f" {loc.line:4d} | {src}\n      | {' ' * (loc.col - 1)}^\n"

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
            if loc is not None:
                out.write(f"{loc}: {kind}: {msg}\n")
                out.write(self._caret(loc))
            else:
                out.write(f"{self.prog}: {kind}: {msg}\n")

    def error(self, msg: str, loc: Location | None = None) -> None:
        self.errors += 1
        self._emit("error", msg, loc)
        if self.max_errors and self.errors >= self.max_errors:
            raise FatalStop()

    def warning(self, msg: str, loc: Location | None = None) -> None:
        if self.suppress_warnings:
            return
        if self.werror:
            self.error(msg, loc)
            return
        self.warnings += 1
        self._emit("warning", msg, loc)

    def note(self, msg: str, loc: Location | None = None) -> None:
        self._emit("note", msg, loc)

    def fatal(self, msg: str, loc: Location | None = None) -> "NoReturn":  # noqa: F821
        self.error(msg, loc)
        raise FatalStop()

    @property
    def failed(self) -> bool:
        return self.errors > 0


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
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=d)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
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
