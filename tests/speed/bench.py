"""Compile-speed and memory benchmarks of pycc (issue 18); measurements, not pass/fail tests.

    python -m tests.speed.bench [--fast] [-j N] [--only NAME,...]

Each figure is CPU time (user+sys) and peak RSS of one compiler process from /usr/bin/time,
pycc next to gcc in the same run (a loaded machine slows both alike):

- ``one-line``      ``pycc -c`` of a one-line file (best of 3; start-up cost)
- ``E-sqlite``      ``-E`` of sqlite3.c (ccache's preprocessor mode)
- ``sqlite-O0``     ``-c`` of sqlite3.c at -O0 (acceptance 1: at most 4x gcc, memory <= gcc)
- ``sqlite-O1/O2``  the same at -O1 and -O2 (acceptance 2: at most 1.6x pycc -O0)
- ``lua-O0/O1/O2``  Lua's 32 files, one process each, summed
- ``gen-1k/10k/100k``  generated files of small functions (acceptance 3: linear time,
                    under 400 MiB at 100k lines)

--fast runs one-line, E-sqlite, gen-1k and gen-10k. A compile that fails is an
``ERROR name: reason`` line in tests/speed/bench.log; the last line is ``N passed, M failed``
over the compiles run. -j is accepted for the harness's sake; the compiles run one at a time
so that their timings do not disturb each other.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile

from tests.bench.run import LUA_SKIP, timed
from tests.harness import sources

HERE = os.path.dirname(os.path.abspath(__file__))
LOG = os.path.join(HERE, "bench.log")
PYCC = [sys.executable, "-m", "toolchain.cc"]
FAST = ("one-line", "E-sqlite", "gen-1k", "gen-10k")
ALL = ("one-line", "E-sqlite", "sqlite-O0", "sqlite-O1", "sqlite-O2", "lua-O0", "lua-O1",
       "lua-O2", "gen-1k", "gen-10k", "gen-100k")


def generated_source(lines: int) -> str:
    """``lines`` lines of small, different functions (and a few globals they use)."""
    out = ["struct pt { int x, y; };", "int g0, g1;"]
    i = 0
    while len(out) < lines:
        k = i % 4
        if k == 0:
            out.append(f"int f{i}(int a, int b) {{ int c = a * {i % 97 + 1} + b; "
                       f"if (c > {i % 13}) c -= b; return c ^ a; }}")
        elif k == 1:
            out.append(f"static long f{i}(long *p, int n) {{ long s = 0; int j; "
                       f"for (j = 0; j < n; j++) s += p[j] << {i % 7}; return s + g0; }}")
        elif k == 2:
            out.append(f"int f{i}(struct pt *p) {{ return p->x * {i % 11} - p->y + g1++; }}")
        else:
            out.append(f"double f{i}(double x) {{ return x > 0 ? x * {i % 5}.5 : -x; }}")
        i += 1
    return "\n".join(out) + "\n"


class Bench:
    def __init__(self, tmp):
        self.tmp = tmp
        self.passed = 0
        self.failed = 0
        self.errors = []

    def run(self, name, cmd, cwd=None):
        """(cpu s, peak MiB) of cmd, or None (an ERROR line) when it fails."""
        rc, _, err, cpu, rss = timed(cmd, cwd=cwd or self.tmp)
        if rc != 0:
            self.failed += 1
            self.errors.append(f"ERROR {name}: exit {rc}: {err.strip().splitlines()[-1:]}")
            return None
        self.passed += 1
        return cpu, rss

    def pair(self, name, args, gcc_args=None, repeat=1):
        """pycc and gcc on the same arguments; prints one line."""
        best = {}
        for who, base in (("pycc", PYCC), ("gcc", ["gcc"])):
            for _ in range(repeat):
                got = self.run(f"{name} ({who})", base + (gcc_args if who == "gcc" and
                                                          gcc_args else args))
                if got is not None and (who not in best or got[0] < best[who][0]):
                    best[who] = got
        if "pycc" in best and "gcc" in best:
            (pc, pm), (gc, gm) = best["pycc"], best["gcc"]
            ratio = f"{pc / gc:5.1f}x" if gc >= 0.01 else "    -"
            print(f"{name:<12} pycc {pc:7.2f} s {pm:6.0f} MiB   gcc {gc:6.2f} s {gm:5.0f} MiB"
                  f"   ratio {ratio} cpu {pm / gm if gm else float('nan'):4.1f}x memory",
                  flush=True)
        return best.get("pycc")

    def lua(self, level):
        d = sources.lua()
        files = sorted(f for f in os.listdir(d) if f.endswith(".c") and f not in LUA_SKIP)
        tot = {"pycc": 0.0, "gcc": 0.0}
        peak = {"pycc": 0.0, "gcc": 0.0}
        for f in files:
            for who, base in (("pycc", PYCC), ("gcc", ["gcc"])):
                got = self.run(f"lua-{level} {f} ({who})", base + [f"-{level}", "-c",
                               os.path.join(d, f), "-o", os.path.join(self.tmp, "l.o")])
                if got is not None:
                    tot[who] += got[0]
                    peak[who] = max(peak[who], got[1])
        print(f"lua-{level:<8} pycc {tot['pycc']:7.2f} s {peak['pycc']:6.0f} MiB   gcc "
              f"{tot['gcc']:6.2f} s {peak['gcc']:5.0f} MiB   ratio "
              f"{tot['pycc'] / tot['gcc'] if tot['gcc'] else float('nan'):5.1f}x cpu "
              f"({len(files)} files)", flush=True)
        return tot["pycc"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fast", action="store_true")
    ap.add_argument("-j", type=int, default=1)
    ap.add_argument("--only", default="")
    a = ap.parse_args(argv)
    names = [n for n in a.only.split(",") if n] or list(FAST if a.fast else ALL)
    for n in names:
        if n not in ALL:
            ap.error(f"unknown benchmark {n!r} (one of {', '.join(ALL)})")
    # pycc runs as users have it: with its bytecode cached (PYTHONDONTWRITEBYTECODE, set in
    # some shells, made every run compile the modules edited since their .pyc was written:
    # the one-line file cost 0.21-0.23 s instead of about 0.1 s)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory(prefix="speed-bench") as tmp:
        b = Bench(tmp)
        one = os.path.join(tmp, "one.c")
        with open(one, "w") as f:
            f.write("int x;\n")
        o = os.path.join(tmp, "out.o")
        for opt in ("-O0", "-O2"):      # untimed: writes the .pyc files of what a compile uses
            timed(PYCC + [opt, "-c", one, "-o", o], cwd=tmp)
        times = {}
        for n in names:
            if n == "one-line":
                b.pair(n, ["-c", one, "-o", o], repeat=3)
            elif n == "E-sqlite":
                b.pair(n, ["-E", os.path.join(sources.sqlite(), "sqlite3.c"), "-o",
                           os.path.join(tmp, "s.i")])
            elif n.startswith("sqlite-"):
                got = b.pair(n, [f"-{n[7:]}", "-c", os.path.join(sources.sqlite(), "sqlite3.c"),
                                 "-o", o])
                if got:
                    times[n] = got[0]
            elif n.startswith("lua-"):
                times[n] = b.lua(n[4:])
            elif n.startswith("gen-"):
                lines = int(n[4:-1]) * 1000
                src = os.path.join(tmp, f"gen{lines}.c")
                with open(src, "w") as f:
                    f.write(generated_source(lines))
                got = b.pair(n, ["-O0", "-c", src, "-o", o])
                if got:
                    times[n] = got[0]
        for base, other in (("sqlite-O0", "sqlite-O1"), ("sqlite-O0", "sqlite-O2"),
                            ("lua-O0", "lua-O1"), ("lua-O0", "lua-O2")):
            if times.get(base) and times.get(other):
                print(f"{other} / {base}: {times[other] / times[base]:.2f}x")
        gens = [(int(n[4:-1]), times[n]) for n in names if n.startswith("gen-") and n in times]
        for (k1, t1), (k2, t2) in zip(gens, gens[1:]):
            print(f"gen {k2}k / {k1}k lines: {t2 / t1:.1f}x time for {k2 // k1}x input")
    with open(LOG, "w") as f:
        for e in b.errors:
            f.write(e + "\n")
        f.write(f"{b.passed} passed, {b.failed} failed\n")
    for e in b.errors:
        print(e)
    print(f"{b.passed} passed, {b.failed} failed")
    return 1 if b.failed else 0


if __name__ == "__main__":
    sys.exit(main())
