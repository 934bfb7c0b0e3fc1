"""-g for assembly sources: pyas against GNU as on gcc -S output with its own debug lines
removed.

  python -m tests.asm.gdebug_corpus --target T [--fast] [-j N] [--only SUBSTR] [--log FILE]

Takes the corpus files of tests.asm.corpus (gcc -S of the torture execute tests at -O0/-O2 and
Lua), strips numbered ``.file`` and ``.loc`` lines (and ``.cfi_*`` from three files in four), adds cpp line markers (``# 1 "x.S"``, an
"included" stretch ``# 1 "sub/inc.h" 1`` ... ``# N "x.S" 2``) to every other file, and
assembles each with GNU as and pyas under -g, --gdwarf-3, --gdwarf-4 or --gdwarf-5 (in turn).
A file passes when the two objects are byte-identical (else the log names the first
differences in sections, relocations and symbols). One ``ERROR name: reason``
line per failure goes to the log; ends with ``N passed, M failed``.
"""
from __future__ import annotations

import argparse
import io
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor

from tests.asm import corpus

LEVELS = (("-g", 2), ("--gdwarf-3", 3), ("--gdwarf-4", 4), ("--gdwarf-5", 5))
# numbered .file lines go (a plain '.file "x.c"' stays: it names the STT_FILE symbol only)
_STRIP = re.compile(r"^\s*\.(file\s+\d|loc\b|loc_mark_labels\b|cfi_\w+)")
_STRIP_LINES = re.compile(r"^\s*\.(file\s+\d|loc\b|loc_mark_labels\b)")


def transform(text: str, index: int, stem: str) -> str:
    """The source without its own line info (and without its CFI unless ``index`` % 4 == 2);
    odd ``index``: with cpp line markers."""
    strip = _STRIP_LINES if index % 4 == 2 else _STRIP
    lines = [ln for ln in text.split("\n") if not strip.match(ln)]
    if index % 2:
        n = len(lines)
        a, b = n * 2 // 5, n * 3 // 5
        name = stem + ".S"
        lines = ([f'# 1 "{name}"', '# 1 "<built-in>"', f'# 1 "{name}"'] + lines[:a] +
                 ['# 1 "sub/inc.h" 1'] + lines[a:b] + [f'# {a + 1} "{name}" 2'] + lines[b:])
    return "\n".join(lines)


def _jobs(target, fast):
    jobs = [j for j in corpus._jobs(target, fast) if "/O2g/" not in j[0] and
            not j[0].startswith("sqlite")]
    step = 8 if fast else 2
    return jobs[::step]


def _one(args):
    target, index, name, s_path = args
    from toolchain.asm.assembler import Assembler
    from toolchain.diag import Diagnostics
    from tests.asm.compare import compare_objects
    _, gas, t = corpus._gcc(target)
    flag, level = LEVELS[(index + index // 4) % len(LEVELS)]
    with open(s_path, encoding="utf-8", errors="surrogateescape") as f:
        text = transform(f.read(), index, os.path.basename(name))
    out = os.path.join(corpus.CORPUS, t.name, "gdebug", name + ".s")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8", errors="surrogateescape") as f:
        f.write(text)
    ref_path = out[:-2] + ".gas.o"
    r = subprocess.run([gas, flag, "-o", ref_path, out], capture_output=True, text=True)
    if r.returncode != 0:
        return name, flag, None, False
    with open(ref_path, "rb") as f:
        ref = f.read()
    err = io.StringIO()
    try:
        asm = Assembler(target, Diagnostics("pyas", style="gas", stream=err),
                        options={"gdwarf": level})
        data = asm.assemble(text, out)
    except Exception as e:  # noqa: BLE001 - a crash is a failure to report
        return name, flag, f"crash: {type(e).__name__}: {e}", False
    if data is None:
        return name, flag, "assembly failed: " + err.getvalue().strip().split("\n")[0], False
    if data == ref:
        return name, flag, "", True
    diffs = compare_objects(data, ref, all_sections=True)
    return name, flag, "; ".join(diffs[:3]) or "not byte-identical (symbol order or layout)", \
        False


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--target", default="x86_64")
    ap.add_argument("--fast", action="store_true")
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--only", default=None)
    ap.add_argument("--log", default=None)
    a = ap.parse_args(argv)
    gcc, gas, t = corpus._gcc(a.target)
    if gcc is None or gas is None:
        print(f"gcc or as for {t.triple} not found; nothing to do")
        print("0 passed, 0 failed")
        return 0
    jobs = _jobs(t.name, a.fast)
    if a.only:
        jobs = [j for j in jobs if a.only in j[0]]
    log_path = a.log or os.path.join(corpus.CORPUS,
                                     f"{t.name}-gdebug-{'fast' if a.fast else 'full'}.log")
    t0 = time.time()
    with ProcessPoolExecutor(max_workers=a.j) as ex:
        prepared = list(ex.map(corpus._prepare, [(t.name,) + j for j in jobs], chunksize=4))
        ready = [(t.name, i, n, p[0]) for i, (n, p) in enumerate(prepared) if p is not None]
        results = list(ex.map(_one, ready, chunksize=2))
    results = [r for r in results if r[2] is not None]
    passed = sum(1 for r in results if r[2] == "")
    ident = sum(1 for r in results if r[3])
    with open(log_path, "w") as log:
        for name, flag, why, _same in results:
            if why:
                log.write(f"ERROR {name} {flag}: {why}\n")
    print(f"target {t.triple}: {len(results)} files (-g/--gdwarf-3/4/5 in turn, markers in "
          f"every other one), wall {time.time() - t0:.0f}s")
    print(f"byte-identical {ident}; log: {log_path}")
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
