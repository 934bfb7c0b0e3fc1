"""Struct/union layout against gcc: for every complete struct/union type declared at file
scope (tagged, or named by a typedef) in a file, sizeof, _Alignof, every member's offset and
every named bit-field's bit offset must equal gcc's for the target.

    python -m tests.cc.layout_check [--fast] [-j N] [--target T] [files...]

gcc evaluates the same expressions in a probe file that includes the source; bit-field
positions come from a constant object with the field set to all ones, read back from the
object file. Failures are logged as `ERROR name: reason` to /tmp/pycc_layout_check.log.
"""
from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor

from tests.cc.common import corpus_files, gcc_flags_for
from toolchain.targets import TARGETS, get_target

LOG = "/tmp/pycc_layout_check.log"


def record_types(tu):
    """(C spelling, RecordType) for the file-scope records of an analysed unit."""
    from toolchain.cc import types as T
    from toolchain.cc.sema import is_vm
    out = []
    seen = set()
    scope = tu.scope
    for tag, r in scope.tags.items():
        if isinstance(r, T.RecordType) and r.complete:
            out.append(((("union " if r.is_union else "struct ") + tag), r))
            seen.add(id(r.d))
    for name, sym in scope.names.items():
        t = sym.type
        if sym.kind == "typedef" and isinstance(t, T.RecordType) and t.complete and \
                id(t.d) not in seen and t.align_override is None and not t.quals:
            out.append((name, t))
            seen.add(id(t.d))
    good = []
    for spelling, r in out:
        if any(is_vm(f.type) for f in r.fields):
            continue
        good.append((spelling, r))
    return good


def members(r, prefix="", base_off=0, base_bits=0, depth=0):
    """(designator, byte offset or None, bit offset or None, width) for named members."""
    from toolchain.cc import types as T
    out = []
    for f in r.fields:
        if f.name is None:
            if f.anon and isinstance(f.type, T.RecordType) and depth < 4:
                out += members(f.type, prefix, base_off + f.offset, base_bits + f.offset * 8,
                               depth + 1)
            continue
        if f.bit_width is not None:
            out.append((prefix + f.name, None, base_bits + f.bit_offset, f.bit_width))
        else:
            out.append((prefix + f.name, base_off + f.offset, None, None))
    return out


def check(args):
    path, tname = args
    from toolchain.cc.frontend import FrontendOptions, parse_file
    from toolchain.cc.preprocessor import PPOptions
    from toolchain.diag import Diagnostics
    t = get_target(tname)
    name = f"{tname}:{os.path.basename(path)}"
    err = io.StringIO()
    diag = Diagnostics("pycc", stream=err)
    diag.utf8_quotes = False
    diag.suppress_warnings = True
    po = PPOptions()
    po.std = "gnu11"
    try:
        tu = parse_file(path, t, FrontendOptions(pp=po), diag)
    except Exception as e:  # noqa: BLE001
        return name, f"traceback {type(e).__name__}: {e}", 0
    if tu is None:
        return name, "pycc rejected the file", 0
    with open(path, encoding="utf-8", errors="replace") as f:
        if "scalar_storage_order" in f.read():
            # big-endian storage order: bit positions are numbered differently in memory
            return name, None, 0
    recs = record_types(tu)
    if not recs:
        return name, None, 0
    exprs = []      # (description, C expression, our value)
    bitobjs = []    # (description, symbol, record spelling, member, our bit offset, width, size)
    for k, (sp, r) in enumerate(recs):
        exprs.append((f"sizeof({sp})", f"sizeof({sp})", r.size))
        exprs.append((f"_Alignof({sp})", f"_Alignof({sp})", r.align))
        for j, (m, off, bit, width) in enumerate(members(r)):
            if off is not None:
                exprs.append((f"offsetof({sp}, {m})", f"__builtin_offsetof({sp}, {m})", off))
            elif width:
                bitobjs.append((f"bitoffset({sp}, {m})", f"__pycc_bf_{k}_{j}", sp, m, bit,
                                width, r.size))
    lines = [f'#include "{os.path.abspath(path)}"',
             "const unsigned long __pycc_probe[] = {"]
    lines += [f"  (unsigned long)({e})," for _, e, _ in exprs]
    lines.append("};")
    for desc, sym, sp, m, bit, width, size in bitobjs:
        lines.append(f"const {sp} {sym} = {{ .{m} = -1 }};")
    gcc = t.gnu_tool("gcc")
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "probe.c")
        obj = os.path.join(tmp, "probe.o")
        with open(src, "w") as f:
            f.write("\n".join(lines) + "\n")
        r = subprocess.run([gcc, "-c", "-w", "-std=gnu11", "-O0"] + gcc_flags_for(t) +
                           ["-o", obj, src], capture_output=True, text=True)
        if r.returncode:
            # gcc cannot compile the file itself for this target (x87 asm on AArch64, decimal
            # floating point...): nothing to compare
            return name, None, 0
        values, bits = _read_probe(obj, len(exprs), bitobjs)
    fails = []
    for (desc, _, ours), theirs in zip(exprs, values):
        if ours != theirs:
            fails.append(f"{desc}: pycc {ours} gcc {theirs}")
    for (desc, sym, sp, m, ours, width, size), theirs in zip(bitobjs, bits):
        if theirs is not None and ours != theirs:
            fails.append(f"{desc}: pycc {ours} gcc {theirs}")
    n = len(exprs) + len(bitobjs)
    if fails:
        if os.environ.get("PYCC_LAYOUT_ALL"):
            return name, f"{len(fails)} of {n} differ: " + "\n  ".join(fails), n
        return name, f"{len(fails)} of {n} differ; first: {fails[0]}", n
    return name, None, n


def _read_probe(obj, n, bitobjs):
    from elftools.elf.elffile import ELFFile
    with open(obj, "rb") as f:
        elf = ELFFile(f)
        symtab = elf.get_section_by_name(".symtab")
        syms = {s.name: s for s in symtab.iter_symbols()}

        def data_of(name, size):
            s = syms.get(name)
            if s is None:
                return None
            sec = elf.get_section(s["st_shndx"])
            d = sec.data()
            return d[s["st_value"]:s["st_value"] + size]
        d = data_of("__pycc_probe", 8 * n)
        values = [int.from_bytes(d[8 * i:8 * i + 8], "little") for i in range(n)]
        bits = []
        for desc, sym, sp, m, ours, width, size in bitobjs:
            b = data_of(sym, size)
            if b is None:
                bits.append(None)
                continue
            v = int.from_bytes(b, "little")
            bits.append((v & -v).bit_length() - 1 if v else None)
    return values, bits


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fast", action="store_true")
    ap.add_argument("-j", type=int, default=1)
    ap.add_argument("--target", action="append")
    ap.add_argument("files", nargs="*")
    a = ap.parse_args(argv)
    targets = a.target or list(TARGETS)
    files = a.files or [f for f in corpus_files(a.fast)
                        if "/zlib/" not in f and "/lua" not in f]
    jobs = [(f, t) for t in targets for f in files if get_target(t).gnu_tool("gcc")]
    passed = failed = checked = 0
    with open(LOG, "w") as log:
        if a.j > 1:
            with ProcessPoolExecutor(a.j) as ex:
                results = list(ex.map(check, jobs, chunksize=2))
        else:
            results = map(check, jobs)
        for name, err, n in results:
            checked += n
            if err is None:
                passed += 1
            else:
                failed += 1
                log.write(f"ERROR {name}: {err}\n")
    print(f"layout_check: {len(jobs)} files, {checked} values compared with gcc; log {LOG}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
