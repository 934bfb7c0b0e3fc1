"""Run one atheris (libFuzzer) fuzz target in this process.

    python -m tests.fuzz.run TARGET [--seconds N] [--work DIR] [--max-len N]
    python -m tests.fuzz.run TARGET --merge-into OUT DIR...    # libFuzzer -merge=1

TARGET is one of tests.fuzz.targets.TARGETS. The committed seed corpus is
tests/fuzz/corpus/TARGET/ and the committed corpus earlier runs grew is tests/fuzz/grown/TARGET/
(tests/fuzz/ledger.py); new inputs go to WORK/corpus/TARGET (default
~/.cache/pytoolchain/fuzz) and crashing inputs to WORK/crashes/TARGET/. Use
``python -m tests.fuzz`` to run several targets, get a summary and record the CPU time in the
ledger.
"""
from __future__ import annotations

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.environ.get("PYTOOLCHAIN_CACHE") or os.path.join(os.path.expanduser("~"), ".cache",
                                                            "pytoolchain")


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("target")
    p.add_argument("--seconds", type=int, default=60)
    p.add_argument("--work", default=os.path.join(CACHE, "fuzz"))
    p.add_argument("--max-len", type=int, default=4096)
    p.add_argument("--timeout", type=int, default=20, help="seconds per input (a hang)")
    p.add_argument("--merge-into", metavar="OUT",
                   help="minimise the corpus directories given after it into OUT")
    a, dirs = p.parse_known_args(argv)
    # libFuzzer's -merge=1 runs its inner passes as `sh -c "ARGV0 -flag=..."`: ARGV0 is this
    # module's command line, and the inner pass hands its flags straight back to libFuzzer
    inner = [d for d in dirs if d.startswith("-")]
    if dirs and not a.merge_into and not inner:
        p.error(f"unrecognized arguments: {' '.join(dirs)}")
    import atheris
    with atheris.instrument_imports(include=["toolchain"]):
        from tests.fuzz import targets
        import toolchain.asm.api  # noqa: F401
        import toolchain.cc.frontend  # noqa: F401
        import toolchain.ld.main  # noqa: F401
    if a.target not in targets.FUNCS:
        print(f"unknown target {a.target}; one of {', '.join(targets.TARGETS)}")
        return 2
    fn = targets.FUNCS[a.target]
    corpus = os.path.join(a.work, "corpus", a.target)
    crashes = os.path.join(a.work, "crashes", a.target)
    os.makedirs(corpus, exist_ok=True)
    os.makedirs(crashes, exist_ok=True)
    argv0 = f"{sys.executable} -m tests.fuzz.run {a.target}"
    if inner:
        atheris.Setup([argv0] + dirs, fn)
        atheris.Fuzz()
        return 0
    if a.merge_into:
        os.makedirs(a.merge_into, exist_ok=True)
        atheris.Setup([argv0, "-merge=1", f"-max_len={a.max_len}",
                       f"-timeout={a.timeout}", f"-artifact_prefix={crashes}/", a.merge_into]
                      + dirs, fn)
        atheris.Fuzz()
        return 0
    seeds = [d for d in (os.path.join(HERE, "corpus", a.target),
                         os.path.join(HERE, "grown", a.target)) if os.path.isdir(d)]
    args = [sys.argv[0], corpus] + seeds + [
        f"-max_total_time={a.seconds}", f"-max_len={a.max_len}", f"-timeout={a.timeout}",
        "-rss_limit_mb=4096", f"-artifact_prefix={crashes}/", "-print_final_stats=1"]
    atheris.Setup(args, fn)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main())
