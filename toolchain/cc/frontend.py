"""The C front end as a library: preprocess, parse, analyse.

    from toolchain.cc.frontend import parse_file, FrontendOptions
    tu = parse_file("x.c", get_target("aarch64"), FrontendOptions())

returns the typed toolchain.cc.ast.TranslationUnit (see docs/frontend.md), or raises
toolchain.diag.FatalStop after printing diagnostics when the program is invalid.
"""
from __future__ import annotations

from ..diag import Diagnostics, FatalStop, ToolError
from .preprocessor import PPError, PPOptions, Preprocessor


class FrontendOptions:
    def __init__(self, pp: PPOptions | None = None, warnings=(), pedantic=False, sema=True,
                 pedantic_errors=False):
        self.pp = pp or PPOptions()
        self.warnings = set(warnings)
        self.pedantic = pedantic
        # -pedantic-errors (the driver may also pass it as "pedantic-errors" in warnings)
        self.pedantic_errors = pedantic_errors or "pedantic-errors" in self.warnings
        self.sema = sema
        self.preprocessor = None        # set by parse_file: the Preprocessor used (for -MD)
        self.make_preprocessor = None   # optional factory (path, diag) -> Preprocessor
        # optional per-declaration consumer (toolchain.cc.stream.Stream): begin(sema, tu),
        # then external(d) for each external declaration once parsed; the unit returned
        # then holds none of them
        self.consumer = None


def parse_file(path: str, target, options: FrontendOptions | None = None,
               diag: Diagnostics | None = None):
    """Preprocess, parse and analyse ``path`` for ``target``. Returns the TranslationUnit
    (None when errors were reported through ``diag``).

    Runs in a thread with a large stack so that deeply nested programs are analysed rather
    than overflowing Python's recursion limit."""
    return _big_stack(_parse_file, path, target, options, diag)


def run_big_stack(fn, *args):
    """Call ``fn(*args)`` in a thread with a 512 MiB stack and a high recursion limit (for
    walking the trees of deeply nested programs); exceptions are re-raised here."""
    return _big_stack(fn, *args)


def _big_stack(fn, *args):
    import sys
    import threading
    result = []
    error = []

    def run():
        try:
            result.append(fn(*args))
        except BaseException as e:  # noqa: BLE001 - re-raised in the caller's thread
            error.append(e)
    old_limit = sys.getrecursionlimit()
    old_size = threading.stack_size()
    try:
        threading.stack_size(512 * 1024 * 1024)
        sys.setrecursionlimit(max(old_limit, 60000))
        t = threading.Thread(target=run)
        t.start()
        t.join()
    finally:
        threading.stack_size(old_size)
        sys.setrecursionlimit(old_limit)
    if error:
        raise error[0]
    return result[0] if result else None


def _parse_file(path, target, options, diag):
    from . import parser
    options = options or FrontendOptions()
    if diag is None:
        diag = Diagnostics("pycc", "gcc")
    configure_diagnostics(diag, options.warnings)
    try:
        return _parse_checked(path, target, options, diag)
    finally:
        diag.set_function(None)
        diag.finish()


def configure_diagnostics(diag, warnings):
    """-Werror=NAME / -Wno-error=NAME (as NAME entries "error=NAME", "no-error=NAME" of the
    driver's warning set) and -fdiagnostics-color (entries "diagnostics-color=WHEN")."""
    for w in warnings:
        if w.startswith("error="):
            diag.werror_opts.add(w[6:])
        elif w.startswith("no-error="):
            diag.no_werror_opts.add(w[9:])
        elif w.startswith("diagnostics-color="):
            diag.set_color(w.split("=", 1)[1])


def _parse_checked(path, target, options, diag):
    from . import parser, timing
    if options.make_preprocessor is not None:
        pp = timing.phase("preprocessing", options.make_preprocessor)(path, diag)
    else:
        pp = Preprocessor(target, options.pp, diag)
        try:
            timing.phase("preprocessing", pp.push_main)(path)
        except PPError as e:
            raise ToolError(str(e)) from None
    options.preprocessor = pp
    gnu = options.pp.std.startswith("gnu")
    if timing.REPORT is not None:       # -ftime-report: the parser pulls tokens one by one
        pp.next_token = timing.phase("preprocessing", pp.next_token)
    consumer = options.consumer if options.sema else None
    sema = None
    if consumer is not None:
        from . import ast as A
        from .sema.core import Sema
        tu = A.TranslationUnit([])
        tu.target = target
        sema = Sema(tu, target, options, diag)
        tu.types = sema.tt
        consumer.begin(sema, tu)
    try:
        tu = timing.phase("lexing and parsing", parser.parse)(
            pp, diag, gnu_keywords=gnu, consumer=consumer and consumer.external)
    except FatalStop:
        return None
    if tu is None:
        return None
    tu.target = target
    if sema is not None:            # the declarations are checked: the unit's end
        sema.tu = tu
        tu.types = sema.tt
        try:
            timing.phase("semantic analysis", sema.run)()
        except FatalStop:
            return None
    elif options.sema:
        from .sema import analyse
        try:
            timing.phase("semantic analysis", analyse)(tu, target, options, diag)
        except FatalStop:
            return None
    return None if diag.failed else tu
