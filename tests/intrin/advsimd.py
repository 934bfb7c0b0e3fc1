"""gcc's Advanced SIMD intrinsic tests (gcc/testsuite/gcc.target/aarch64/advsimd-intrinsics of
gcc-12-source) built by pycc for AArch64 and run under qemu-aarch64 (issue 22, acceptance 2).

    python -m tests.intrin.advsimd [--fast | --stride N] [-j N] [-O0|-O2] [names...]

The run tests are the files whose `dg-do` is `run` or absent (advsimd-intrinsics.exp makes run
the default on AArch64), built as that .exp builds them: the flags of
`add_options_for_arm_v8_2a_fp16_neon` (qemu has the fp16 hardware, so the .exp picks them), the
test's dg-options / dg-additional-options (the -O level replaced by the one given) and the
options its `dg-add-options` name. Tests skipped on every target (`dg-skip-if "" { *-*-* }`)
and those needing a big-endian target are left out. A test counts for pycc when
aarch64-linux-gnu-gcc builds it and its program passes under `qemu-aarch64 -L
/usr/aarch64-linux-gnu`; pycc passes it when `pycc --target=aarch64-linux-gnu` alone (its own
assembler and linker) builds it and the program exits 0 within 30 s. One `ERROR name: reason`
line per pycc failure goes to tests/intrin/advsimd.log; the last line printed is
`N passed, M failed`.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile

from tests.harness import sources
from tests.intrin.gcc_i386 import _level, _run, run_and_log, source_dir, summary

HERE = os.path.dirname(os.path.abspath(__file__))
LOG = os.path.join(HERE, "advsimd.log")
TRIPLE = "aarch64-linux-gnu"
GCC = TRIPLE + "-gcc"
PYCC = [sys.executable, "-m", "toolchain.cc", "--target=" + TRIPLE]
QEMU = ["qemu-aarch64", "-L", "/usr/" + TRIPLE]
# advsimd-intrinsics.exp: add_options_for_arm_v8_2a_fp16_neon on AArch64
BASE_FLAGS = ["-march=armv8.2-a+fp16"]
# dg-add-options NAME on AArch64 (target-supports.exp)
ADD_OPTIONS = {"arm_v8_2a_fp16_scalar": ["-march=armv8.2-a+fp16"],
               "arm_v8_2a_fp16_neon": ["-march=armv8.2-a+fp16"],
               "arm_v8_2a_bf16_neon": ["-march=armv8.2-a+bf16"],
               "arm_v8_2a_i8mm": ["-march=armv8.2-a+i8mm"],
               "arm_v8_3a_complex_neon": ["-march=armv8.3-a"],
               "arm_v8_2a_dotprod_neon": ["-march=armv8.2-a+dotprod"],
               "arm_v8_1a_neon": ["-march=armv8.1-a"],
               "arm_v8_neon": [], "arm_crypto": [], "arm_neon": [], "arm_neon_fp16": []}
# effective targets that do not hold for aarch64-linux-gnu little-endian
FALSE_TARGETS = {"stdint_types_mbig_endian", "arm_neon_fp16_hw"}


def advsimd_dir() -> str:
    return os.path.join(os.path.dirname(source_dir()), "aarch64",
                        "advsimd-intrinsics")


def _applies(sel: str) -> bool:
    """Whether a dg selector such as `{ target { aarch64*-*-* } }` or `{ arm*-*-* }` names us."""
    sel = sel.strip()
    if not sel:
        return True
    pats = re.findall(r"[\w*.-]+-[\w*.-]+-[\w*.-]+", sel)
    if not pats:
        return True
    return any(re.fullmatch(p.replace(".", r"\.").replace("*", ".*"), "aarch64-unknown-linux-gnu")
               or re.fullmatch(p.replace("*", ".*"), "aarch64-linux-gnu") for p in pats)


def test_spec(path: str):
    """(options, skip reason or None) for a run test, or None when it is not a run test."""
    text = open(path, encoding="utf-8", errors="replace").read()
    do = re.search(r"\{\s*dg-do\s+(\w+)\s*(.*?)\}\s*\*/", text)
    if do and do.group(1) != "run":
        if _applies(do.group(2)):
            return None
    for m in re.finditer(r"\{\s*dg-skip-if\s+\"[^\"]*\"\s*(\{[^}]*\})", text):
        if _applies(m.group(1)):
            return [], "dg-skip-if " + m.group(1)
    opts = list(BASE_FLAGS)
    for m in re.finditer(r"\{\s*dg-(options|additional-options)\s+\"([^\"]*)\"\s*(.*?)\}\s*\*/",
                         text):
        if _applies(m.group(3)):
            opts += m.group(2).split()
    for m in re.finditer(r"\{\s*dg-add-options\s+([\w.]+)", text):
        opts += ADD_OPTIONS.get(m.group(1), [])
    for m in re.finditer(r"\{\s*dg-require-effective-target\s+([\w.]+)\s*(.*?)\}\s*\*/", text):
        if m.group(1) in FALSE_TARGETS and _applies(m.group(2)):
            return opts, "effective target " + m.group(1)
    opts = [o for o in opts if o not in ("--save-temps", "-save-temps")]
    if "-mbig-endian" in opts:
        return opts, "-mbig-endian"
    return opts, None


def one(path, opts, level, workdir):
    """(gcc ok, pycc ok, reason)."""
    d = tempfile.mkdtemp(dir=workdir)
    try:
        srcdir = os.path.dirname(path)
        o = _level(opts, level)
        gexe, pexe = os.path.join(d, "g.out"), os.path.join(d, "p.out")
        rc, err = _run([GCC, *o, "-w", "-I", srcdir, path, "-o", gexe, "-lm"], 120)
        if rc != 0:
            return False, False, "gcc does not build it"
        rc, err = _run([*QEMU, gexe], 30, cwd=d)
        if rc != 0:
            return False, False, "gcc's build fails"
        rc, err = _run([*PYCC, *o, "-w", "-I", srcdir, path, "-o", pexe, "-lm"], 300)
        if rc != 0:
            first = next((ln for ln in err.splitlines() if "error" in ln), err[:200])
            return True, False, "compile: " + (first or f"exit {rc}")[:300]
        rc, err = _run([*QEMU, pexe], 30, cwd=d)
        if rc != 0:
            return True, False, f"run: exit {rc}" + (f" ({err[:150]})" if err else "")
        return True, True, ""
    finally:
        shutil.rmtree(d, ignore_errors=True)


def select(root, names, stride):
    files = sorted(f for f in os.listdir(root) if f.endswith(".c"))
    if names:
        files = [f for f in files if f in names or f[:-2] in names]
    out = []
    for f in files:
        spec = test_spec(os.path.join(root, f))
        if spec is not None:
            out.append((f, *spec))
    return out[::stride] if stride > 1 else out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fast", action="store_true", help="every 8th run test")
    ap.add_argument("--stride", type=int, default=1, help="every Nth run test")
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("-O0", dest="level", action="store_const", const="-O0")
    ap.add_argument("-O2", dest="level", action="store_const", const="-O2")
    ap.add_argument("--log", default=LOG)
    ap.add_argument("names", nargs="*")
    a = ap.parse_args(argv)
    level = a.level or "-O2"
    for tool in (GCC, QEMU[0]):
        if shutil.which(tool) is None:
            print(f"{tool} not found")
            return 1
    try:
        root = advsimd_dir()
    except sources.SourceMissing as e:
        print(e)
        return 1
    tests = select(root, set(a.names), 8 if a.fast else a.stride)
    run = [t for t in tests if t[2] is None]
    print(f"{len(tests)} run tests, {len(tests) - len(run)} skipped, level {level}")
    results, counted, t0 = run_and_log(root, tests, one, level, a.log, "advsimd-", a.j)
    return summary(results, counted, t0, a.log)


if __name__ == "__main__":
    sys.exit(main())
