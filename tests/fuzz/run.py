"""Run one atheris (libFuzzer) fuzz target in this process.

    python -m tests.fuzz.run TARGET [--seconds N] [--work DIR] [--max-len N]

TARGET is one of tests.fuzz.targets.TARGETS. The committed seed corpus is
tests/fuzz/corpus/TARGET/; new inputs go to WORK/corpus/TARGET (default
~/.cache/pytoolchain/fuzz) and crashing inputs to WORK/crashes/TARGET/. Use
``python -m tests.fuzz`` to run several targets and get a summary.
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
    a = p.parse_args(argv)
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
    seeds = os.path.join(HERE, "corpus", a.target)
    args = [sys.argv[0], corpus] + ([seeds] if os.path.isdir(seeds) else []) + [
        f"-max_total_time={a.seconds}", f"-max_len={a.max_len}", f"-timeout={a.timeout}",
        "-rss_limit_mb=4096", f"-artifact_prefix={crashes}/", "-print_final_stats=1"]
    atheris.Setup(args, fn)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main())
