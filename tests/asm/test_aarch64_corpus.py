"""AArch64 corpus comparison: gcc -S output assembled by GNU as and by pyas, object by object.

    python -m tests.asm.test_aarch64_corpus [DIR...] [--fast] [-j N] [--log FILE] [--order]

Without DIR, compiles (cached) a deterministic sample of the torture execute tests at -O0 and
-O2 with aarch64-linux-gnu-gcc -S. Compared per file: every allocated section's bytes, every
relocation (offset, type, symbol name or section, addend), the symbol table as a set (name,
binding, type, section, value, size; with --order also its order), .eh_frame and .debug_line.
One ``ERROR name: reason`` line per mismatch goes to the log; the last line printed is
``N passed, M failed``. As a pytest file it runs a small fixed sample.
"""
from __future__ import annotations

import glob
import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

import pytest

from toolchain.elf import constants as C
from toolchain.elf.objfile import read_object

GAS = "aarch64-linux-gnu-as"


def assemble_ours(src: str) -> tuple[bytes | None, str]:
    import io
    from toolchain.asm.assembler import Assembler
    from toolchain.diag import Diagnostics
    err = io.StringIO()
    a = Assembler("aarch64", diag=Diagnostics("pyas", "gas", stream=err))
    with open(src, errors="surrogateescape") as f:
        text = f.read()
    try:
        b = a.assemble(text, src)
    except Exception as e:  # noqa: BLE001 - reported as a failure of this file
        return None, f"exception {type(e).__name__}: {e}"
    return b, err.getvalue()


def gas_object(src: str, out: str) -> bool:
    if os.path.exists(out) and os.path.getmtime(out) >= os.path.getmtime(src):
        return True
    r = subprocess.run([GAS, src, "-o", out + ".tmp"], capture_output=True)
    if r.returncode:
        return False
    os.replace(out + ".tmp", out)
    return True


def _secname(sym):
    if sym is None:
        return None
    if sym.type == C.STT_SECTION:
        return sym.section.name if sym.section else "?"
    return sym.name


def describe(obj, order=False):
    """A comparable description of an object: {key: value}."""
    d = {}
    for s in obj.sections:
        if s.type in (C.SHT_SYMTAB, C.SHT_STRTAB, C.SHT_RELA, C.SHT_REL):
            continue
        alloc = s.flags & C.SHF_ALLOC or s.name in (".eh_frame", ".debug_line")
        key = f"section {s.name}"
        if alloc or s.name.startswith(".debug") or s.name == ".comment":
            d[key] = (s.type, s.flags, s.align, s.entsize, s.sh_size,
                      bytes(s.data) if s.type != C.SHT_NOBITS and alloc or
                      s.name == ".debug_line" else None)
        else:
            d[key] = (s.type, s.flags, s.sh_size)
        if s.relocs:
            d[f"relocs {s.name}"] = [(r.offset, r.type, _secname(r.sym), r.addend)
                                     for r in s.relocs]
    syms = []
    for y in obj.symbols[1:]:
        sec = y.section.name if y.section is not None else y.shndx
        syms.append((y.name, y.bind, y.type, sec, y.value, y.size, y.other))
    d["symbols"] = syms if order else sorted(syms, key=repr)
    return d


def compare(src, gas_o, order=False):
    """None if equal, else a short reason."""
    ours, err = assemble_ours(src)
    if ours is None:
        first = err.strip().splitlines()
        return "pyas failed: " + (first[1] if len(first) > 1 else first[0] if first else "?")
    with open(gas_o, "rb") as f:
        g = describe(read_object(f.read()), order)
    o = describe(read_object(ours), order)
    for k in sorted(set(g) | set(o)):
        if g.get(k) != o.get(k):
            a, b = g.get(k), o.get(k)
            if isinstance(a, list) and isinstance(b, list):
                for x, y in zip(a, b):
                    if x != y:
                        return f"{k}: gas {x} ours {y}"
                return f"{k}: gas {len(a)} entries, ours {len(b)}"
            if isinstance(a, tuple) and isinstance(b, tuple) and a[-1] and b[-1] and \
                    isinstance(a[-1], bytes):
                da, db = a[-1], b[-1]
                i = next((i for i in range(min(len(da), len(db))) if da[i] != db[i]),
                         min(len(da), len(db)))
                return f"{k}: differs at {i:#x} (sizes gas {len(da)} ours {len(db)})"
            return f"{k}: gas {str(a)[:100]} ours {str(b)[:100]}"
    return None


def _one(args):
    src, outdir, order = args
    name = os.path.basename(src)
    gas_o = os.path.join(outdir, name[:-2] + ".gas.o")
    if not gas_object(src, gas_o):
        return name, "skip"
    try:
        r = compare(src, gas_o, order)
    except Exception as e:  # noqa: BLE001
        r = f"compare crashed: {type(e).__name__}: {e}"
    return name, r


def sample_sources(fast=False):
    from tests.harness import gcc_objects, sources
    tdir = os.path.join(sources.torture(), "execute")
    files = sorted(glob.glob(os.path.join(tdir, "*.c")))
    step = 40 if fast else 1
    out = []
    for f in files[::step]:
        for opt in ("-O0", "-O2"):
            s = gcc_objects.build("aarch64", f, "s", opt)
            if s:
                out.append(s)
    return out


def main(argv):
    fast = "--fast" in argv
    order = "--order" in argv
    jobs = int(argv[argv.index("-j") + 1]) if "-j" in argv else 1
    log = argv[argv.index("--log") + 1] if "--log" in argv else "/tmp/aarch64-corpus.log"
    dirs = [a for a in argv if os.path.isdir(a)]
    srcs = []
    for d in dirs:
        srcs += sorted(glob.glob(os.path.join(d, "*.s")))
    if not dirs:
        srcs = sample_sources(fast)
    outdir = os.path.join(os.path.expanduser("~"), ".cache", "pytoolchain", "aarch64-gas-o")
    os.makedirs(outdir, exist_ok=True)
    work = [(s, outdir, order) for s in srcs]
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as ex:
            res = list(ex.map(_one, work, chunksize=4))
    else:
        res = [_one(w) for w in work]
    passed = failed = 0
    with open(log, "w") as f:
        for name, r in res:
            if r == "skip":
                continue
            if r is None:
                passed += 1
            else:
                failed += 1
                f.write(f"ERROR {name}: {r}\n")
    print(f"log: {log}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


@pytest.mark.skipif(subprocess.run(["which", GAS], capture_output=True).returncode != 0,
                    reason="aarch64-linux-gnu-as not installed")
def test_small_sample(tmp_path):
    srcs = sample_sources(fast=True)[:12]
    bad = [(os.path.basename(s), r) for s, r in ((s, _one((s, str(tmp_path), False))[1])
                                                 for s in srcs) if r not in (None, "skip")]
    assert not bad, bad


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
