"""Fuzz targets: one function per reader, taking bytes. A clean diagnostic (the tool's
ToolError/FatalStop/AssemblyFailed, or exit status 1) is a normal outcome; anything else
(a Python exception escaping the tool, an "internal error", exit status other than 0/1)
raises :class:`Crash` or propagates, which the fuzzer reports as a crash."""
from __future__ import annotations

import contextlib
import io
import os
import tempfile

TARGETS = ("cc", "as-x86_64", "as-aarch64", "as-riscv64", "ld")
_TMP = None


class Crash(Exception):
    pass


def _tmpdir() -> str:
    global _TMP
    if _TMP is None:
        _TMP = tempfile.mkdtemp(prefix="pytoolchain-fuzz-")
    return _TMP


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def fuzz_cc(data: bytes) -> None:
    """Preprocessor, parser and semantic analysis on one source file (x86-64)."""
    from toolchain.cc.frontend import FrontendOptions, parse_file
    from toolchain.diag import Diagnostics, FatalStop, ToolError
    from toolchain.targets import get_target
    path = os.path.join(_tmpdir(), "fuzz.c")
    with open(path, "wb") as f:
        f.write(data)
    diag = Diagnostics("pycc", stream=io.StringIO())
    try:
        parse_file(path, get_target("x86_64"), FrontendOptions(), diag)
    except (FatalStop, ToolError):
        pass


# the object size limit while fuzzing (pyas's own is 1 GiB, ~2 GiB of peak RSS): a fuzzed
# `.space 999999999` is then the located error at 64 MiB, not a slow or out-of-memory run
FUZZ_OBJECT_LIMIT = 64 << 20


def _fuzz_as(target: str, data: bytes) -> None:
    from toolchain.asm.api import AssemblyFailed, assemble
    from toolchain.asm.data import DataMixin
    DataMixin.object_limit = FUZZ_OBJECT_LIMIT
    try:
        assemble(_text(data), "fuzz.s", target)
    except AssemblyFailed:
        pass


def fuzz_as_x86_64(data: bytes) -> None:
    _fuzz_as("x86_64", data)


def fuzz_as_aarch64(data: bytes) -> None:
    _fuzz_as("aarch64", data)


def fuzz_as_riscv64(data: bytes) -> None:
    _fuzz_as("riscv64", data)


LD_MODES = (["-r"], ["-shared"], ["-static", "-e", "0"], ["-pie", "--gc-sections"])


def fuzz_ld(data: bytes) -> None:
    """pyld on one input file: the object, archive, shared-object and linker-script readers
    (an input that is neither ELF nor an archive is read as a script, as GNU ld does). The
    first byte picks the kind of link."""
    from toolchain.ld.main import main
    if not data:
        return
    mode = LD_MODES[data[0] % len(LD_MODES)]
    inp = os.path.join(_tmpdir(), "in")
    out = os.path.join(_tmpdir(), "out")
    with open(inp, "wb") as f:
        f.write(data[1:])
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            rc = main(mode + ["-o", out, inp])
        except SystemExit as e:
            rc = e.code if isinstance(e.code, int) else 99
    if rc not in (0, 1) or "internal error" in err.getvalue():
        raise Crash(f"pyld {' '.join(mode)}: exit {rc}: {err.getvalue()[-300:]}")


FUNCS = {"cc": fuzz_cc, "as-x86_64": fuzz_as_x86_64, "as-aarch64": fuzz_as_aarch64,
         "as-riscv64": fuzz_as_riscv64, "ld": fuzz_ld}
