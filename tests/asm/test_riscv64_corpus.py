"""RISC-V corpus comparison: pyas vs riscv64-linux-gnu-as on gcc -S output.

As a script: ``python -m tests.asm.test_riscv64_corpus [--fast] [-j N] [names...]`` compiles
(cached) the torture execute tests, SQLite and Lua at -O0 and -O2 (plus a -g sample) with
riscv64-linux-gnu-gcc -S, assembles each with both assemblers and compares allocated section
bytes, relocations, symbols and .riscv.attributes; one ``ERROR name: reason`` line per
mismatch goes to the log. As a pytest file it checks a small fixed sample.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile

import pytest

from toolchain.elf import constants as C
from toolchain.elf.objfile import read_object

GAS = shutil.which("riscv64-linux-gnu-as")
GCC = shutil.which("riscv64-linux-gnu-gcc")


def pyas_object(text: str, name: str = "<stdin>", options=None) -> bytes | None:
    from toolchain.asm.assembler import Assembler
    from toolchain.diag import Diagnostics
    import io
    diag = Diagnostics("pyas", "gas", stream=io.StringIO())
    a = Assembler("riscv64", diag=diag, options=options or {})
    out = a.assemble(text, name)
    if out is None:
        raise RuntimeError(diag.stream.getvalue().strip().splitlines()[-1]
                           if diag.stream.getvalue() else "errors")
    return out


def gas_object(path: str, extra=()) -> bytes:
    with tempfile.TemporaryDirectory() as d:
        o = os.path.join(d, "g.o")
        r = subprocess.run([GAS, *extra, path, "-o", o], capture_output=True, text=True)
        if r.returncode:
            raise RuntimeError("gas failed: " + r.stderr.strip()[-200:])
        return open(o, "rb").read()


def _secname(s):
    return s.section.name if s.section is not None else {0: "UND", C.SHN_ABS: "ABS",
                                                         C.SHN_COMMON: "COM"}.get(s.shndx,
                                                                                  str(s.shndx))


def describe(obj):
    secs = {}
    for s in obj.sections:
        if s.type in (C.SHT_SYMTAB, C.SHT_STRTAB, C.SHT_RELA, C.SHT_GROUP):
            continue
        key = s.name
        data = bytes(s.data) if (s.flags & C.SHF_ALLOC or s.type == C.SHT_RISCV_ATTRIBUTES or
                                 s.name.startswith(".debug")) and s.data is not None else None
        rel = [(r.offset, r.type, (r.sym.name or _secname(r.sym)) if r.sym else "", r.addend)
               for r in s.relocs]
        secs[key] = (s.type, s.flags, s.sh_size, data, rel, s.align)
    syms = [(s.name or _secname(s), s.bind, s.type, _secname(s), s.value, s.size, s.other)
            for s in obj.symbols]
    return secs, syms, obj.flags


def compare(ours: bytes, theirs: bytes) -> str | None:
    a = describe(read_object(ours))
    b = describe(read_object(theirs))
    if a[2] != b[2]:
        return f"e_flags {a[2]:#x} != {b[2]:#x}"
    sa, sb = a[0], b[0]
    if list(sa) != list(sb):
        return f"sections {list(sa)} != {list(sb)}"
    for name in sb:
        x, y = sa[name], sb[name]
        if x[:3] != y[:3]:
            return f"section {name} header {x[:3]} != {y[:3]}"
        if x[3] != y[3]:
            d = x[3] or b""
            e = y[3] or b""
            i = next((k for k in range(min(len(d), len(e))) if d[k] != e[k]), min(len(d), len(e)))
            return f"section {name} bytes differ at {i:#x}: {d[i:i+8].hex()} != {e[i:i+8].hex()}"
        if x[4] != y[4]:
            for i, (p, q) in enumerate(zip(x[4], y[4])):
                if p != q:
                    return f"section {name} reloc {i}: {p} != {q}"
            return f"section {name} {len(x[4])} relocs != {len(y[4])}"
        if x[5] != y[5]:
            return f"section {name} align {x[5]} != {y[5]}"
    if sorted(a[1]) != sorted(b[1]):
        extra = sorted(set(a[1]) - set(b[1]))[:3]
        missing = sorted(set(b[1]) - set(a[1]))[:3]
        return f"symbols differ: extra {extra} missing {missing}"
    if a[1] != b[1]:
        for i, (p, q) in enumerate(zip(a[1], b[1])):
            if p != q:
                return f"symbol order differs at {i}: {p[0]!r} != {q[0]!r}"
    return None


def check_file(path: str) -> str | None:
    text = open(path, encoding="latin-1").read()
    theirs = gas_object(path)
    try:
        ours = pyas_object(text, path)
    except RuntimeError as e:
        return f"pyas error: {e}"
    return compare(ours, theirs)


# -- corpus ------------------------------------------------------------------------------------

def corpus_sources(fast: bool):
    from tests.harness.sources import lua, sqlite, torture
    from tests.harness.runner import fast_sample
    ex = sorted(glob.glob(os.path.join(torture(), "execute", "*.c")))
    if fast:
        ex = fast_sample(ex, 0.05, 40)
    cases = []
    for opt in ("-O0", "-O2"):
        for s in ex:
            cases.append((s, opt, ()))
        for s in [os.path.join(sqlite(), "sqlite3.c")] + sorted(glob.glob(os.path.join(lua(),
                                                                                   "*.c"))):
            if fast and "sqlite" in s:
                continue
            cases.append((s, opt, ()))
    g = ex[:: max(1, len(ex) // 40)]
    for s in g:
        cases.append((s, "-O1", ("-g",)))
    if not fast:
        for s in sorted(glob.glob(os.path.join(lua(), "*.c"))):
            cases.append((s, "-O2", ("-g",)))
    return cases


def _worker(case):
    from tests.harness.gcc_objects import build
    src, opt, extra = case
    s = build("riscv64", src, "s", opt, extra)
    if s is None:
        return "skip"
    try:
        return check_file(s)
    except Exception as e:  # noqa: BLE001
        import traceback
        return f"exception {type(e).__name__}: {e} @ {traceback.format_exc().splitlines()[-3].strip()}"


def main(argv=None):
    from concurrent.futures import ProcessPoolExecutor
    from tests.harness.runner import base_parser
    p = base_parser("pyas riscv64 corpus comparison with GNU as")
    args = p.parse_args(argv)
    cases = corpus_sources(args.fast)
    if args.names:
        cases = [c for c in cases if any(n in os.path.basename(c[0]) for n in args.names)]
    if args.limit:
        cases = cases[:args.limit]
    log = args.log or os.path.join(os.path.expanduser("~"), ".cache", "pytoolchain", "logs",
                                   "riscv64-corpus.log")
    os.makedirs(os.path.dirname(log), exist_ok=True)
    npass = nfail = nskip = 0
    with open(log, "w") as lf, ProcessPoolExecutor(max(1, args.jobs)) as ex:
        for case, r in zip(cases, ex.map(_worker, cases, chunksize=2)):
            name = f"{os.path.basename(case[0])}{case[1]}{''.join(case[2])}"
            if r == "skip":
                nskip += 1
            elif r is None:
                npass += 1
            else:
                nfail += 1
                lf.write(f"ERROR {name}: {r}\n")
    print(f"log: {log}")
    print(f"{npass} passed, {nfail} failed, {nskip} skipped")
    return 0


SAMPLE = ["pr100453.c", "20000112-1.c", "strct-varg-1.c"]


@pytest.mark.skipif(GAS is None or GCC is None, reason="riscv64 GNU tools not installed")
@pytest.mark.parametrize("name", SAMPLE)
@pytest.mark.parametrize("opt", ["-O0", "-O2"])
def test_sample(name, opt):
    from tests.harness.gcc_objects import build
    from tests.harness.sources import SourceMissing, torture
    try:
        src = os.path.join(torture(), "execute", name)
    except SourceMissing:
        pytest.skip("torture tests not available")
    s = build("riscv64", src, "s", opt)
    assert s is not None
    assert check_file(s) is None


if __name__ == "__main__":
    sys.exit(main())
