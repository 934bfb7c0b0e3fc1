"""Random-program differential testing of pycc against gcc -O0 (issue 19).

    python -m tests.random --seeds A-B [--levels 0,1,2] [--target T] [--gen csmith|own|both]
                           [-j N] [--timeout S] [--reduce] [--keep DIR]

For every seed a program is generated (csmith's, or tests/random/gen.py's, which covers what
csmith does not: floating point, long double, __int128, bit-fields, structs by value, varargs,
VLAs, computed goto, atomics), built by gcc -O0 for the target and run (under qemu for AArch64
and RISC-V): that output is the reference. pycc then builds it at each level; a different
output, a crash or a time-out of the pycc build, or a pycc compile failure is a failure, logged
as `ERROR gen-seed-Ol: reason` in tests/random/random.log. Programs whose gcc build fails or
times out are skipped. With --reduce, each failing program is reduced by cvise (or creduce)
and stored as tests/random/found/<gen>-<seed>-O<l>.c with its expected output, which
tests/random/test_random.py turns into a regression test. A target for which pycc has no code
generator yet is skipped with one line.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
FOUND = os.path.join(HERE, "found")
LOG = os.path.join(HERE, "random.log")
CSMITH_INC = "/usr/include/csmith"
# csmith: a fixed option set, so a seed names one program for good
CSMITH_OPTS = ["--no-packed-struct"]
SMALL_CSMITH_OPTS = ["--max-funcs", "3", "--max-block-depth", "3", "--max-expr-complexity", "5",
                     "--max-array-dim", "2", "--max-struct-fields", "5"]

TARGETS = {
    "x86_64": ("x86_64-linux-gnu", "gcc", []),
    "aarch64": ("aarch64-linux-gnu", "aarch64-linux-gnu-gcc",
                ["qemu-aarch64", "-L", "/usr/aarch64-linux-gnu"]),
    "riscv64": ("riscv64-linux-gnu", "riscv64-linux-gnu-gcc",
                ["qemu-riscv64", "-L", "/usr/riscv64-linux-gnu"]),
}
NO_CODEGEN = "has no code generator"


class Result:
    __slots__ = ("name", "status", "detail", "seconds")

    def __init__(self, name, status, detail="", seconds=0.0):
        self.name, self.status, self.detail, self.seconds = name, status, detail, seconds


def generate(gen: str, seed: int, path: str, small: bool = False) -> None:
    """Write program ``seed`` of generator ``gen`` ("csmith" or "own") to ``path``."""
    if gen == "csmith":
        opts = CSMITH_OPTS + (SMALL_CSMITH_OPTS if small else [])
        r = subprocess.run(["csmith", "--seed", str(seed), "-o", path] + opts,
                           capture_output=True, timeout=120)
        if r.returncode:
            raise RuntimeError(f"csmith --seed {seed} failed: {r.stderr[-200:]!r}")
    else:
        from tests.random.gen import generate_program
        with open(path, "w") as f:
            f.write(generate_program(seed, small=small))


def libs(target: str) -> list[str]:
    """Libraries every build links: libm, and on RISC-V libatomic (gcc 12 calls
    __atomic_fetch_add_1 and the other sub-word atomics there; without it every program of ours
    with a char or short atomic was skipped as 'gcc rejects the program')."""
    return ["-lm", "-latomic"] if target == "riscv64" else ["-lm"]


def cflags(gen: str) -> list[str]:
    return ["-w", f"-I{CSMITH_INC}"] if gen == "csmith" else ["-w"]


# Time limits are CPU seconds of the child (RLIMIT_CPU), not wall seconds: a campaign runs
# under `nice -n 15` on a shared machine, where a nice'd child can wait minutes for a core (at
# load 17 a pycc -O2 of 1.5 CPU s was still waiting after 300 s, reported as a "timeout").
# The wall clock is only a backstop (a child blocked without using CPU), WALL_FACTOR times longer.
WALL_FACTOR = 20


def cpu_limited(seconds):
    """A preexec_fn putting a CPU-time limit of ``seconds`` on the child (SIGXCPU, then SIGKILL
    a second later)."""
    import resource
    lim = max(1, int(seconds))

    def limit():
        resource.setrlimit(resource.RLIMIT_CPU, (lim, lim + 1))
    return limit


def over_cpu_limit(returncode) -> bool:
    import signal
    return returncode in (-signal.SIGXCPU, -signal.SIGKILL, 128 + signal.SIGXCPU)


def run_limited(cmd, seconds, **kw):
    """subprocess.run with ``seconds`` of CPU time; raises subprocess.TimeoutExpired when the
    limit (or the wall-clock backstop) is exceeded."""
    r = subprocess.run(cmd, preexec_fn=cpu_limited(seconds), timeout=WALL_FACTOR * seconds,
                       **kw)
    if over_cpu_limit(r.returncode):
        raise subprocess.TimeoutExpired(cmd, seconds)
    return r


def run_exe(runner, exe, timeout):
    """(status, output): status "ok", "timeout" (over ``timeout`` CPU seconds) or "exit N"."""
    try:
        r = run_limited(runner + [exe], timeout, capture_output=True)
    except subprocess.TimeoutExpired:
        return "timeout", b""
    if r.returncode:
        return f"exit {r.returncode}", r.stdout
    return "ok", r.stdout


def pycc_cmd(target: str) -> list[str]:
    return ["pycc"] + ([f"--target={TARGETS[target][0]}"] if target != "x86_64" else [])


def compile_pycc(src, exe, level, gen, target, timeout):
    """None on success, else (kind, detail): kind "nocodegen", "crash", "error", "timeout"."""
    cmd = pycc_cmd(target) + [f"-O{level}"] + cflags(gen) + [src, "-o", exe] + libs(target)
    if target != "x86_64":
        cmd.append("-static")
    try:
        r = run_limited(cmd, timeout, capture_output=True)
    except subprocess.TimeoutExpired:
        return "timeout", f"pycc -O{level} took more than {timeout} CPU s"
    if r.returncode == 0:
        return None
    err = r.stderr.decode(errors="replace")
    if NO_CODEGEN in err:
        return "nocodegen", err.strip().splitlines()[-1]
    kind = "crash" if ("internal error" in err or "Traceback" in err or r.returncode >= 4
                       or r.returncode < 0) else "error"
    last = [ln for ln in err.strip().splitlines() if ln.strip()][-2:]
    return kind, f"pycc -O{level} exit {r.returncode}: {' | '.join(last)[:300]}"


def check_one(args) -> list[Result]:
    """Generate one program, build the gcc reference and every pycc level; one Result each."""
    gen, seed, levels, target, timeout, work, small = args
    name = f"{gen}-{seed}"
    d = tempfile.mkdtemp(prefix=f"{name}-", dir=work)
    src = os.path.join(d, f"{name}.c")
    out = []
    try:
        try:
            generate(gen, seed, src, small)
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            return [Result(name, "skip", f"generator: {e}")]
        triple, gcc, runner = TARGETS[target]
        ref = os.path.join(d, "ref")
        r = subprocess.run([gcc, "-O0"] + cflags(gen) + [src, "-o", ref] + libs(target)
                           + (["-static"] if runner else []), capture_output=True, timeout=600)
        if r.returncode:
            return [Result(name, "skip", "gcc rejects the program")]
        st, want = run_exe(runner, ref, timeout)
        if st != "ok":
            return [Result(name, "skip", f"gcc -O0 build: {st}")]
        for lv in levels:
            t0 = time.monotonic()
            rname = f"{name}-O{lv}"
            exe = os.path.join(d, f"pycc-O{lv}")
            err = compile_pycc(src, exe, lv, gen, target, max(300, 20 * timeout))
            if err:
                kind, detail = err
                out.append(Result(rname, "skip" if kind == "nocodegen" else kind, detail,
                                  time.monotonic() - t0))
                if kind == "nocodegen":
                    break
                continue
            st, got = run_exe(runner, exe, max(3 * timeout, 10))
            if st == "timeout":
                out.append(Result(rname, "timeout", "pycc's build runs longer than gcc's x3"))
            elif st != "ok":
                out.append(Result(rname, "wrong", f"pycc's build: {st}, gcc's: exit 0"))
            elif got != want:
                out.append(Result(rname, "wrong", f"output {first_diff(want, got)}"))
            else:
                out.append(Result(rname, "pass", "", time.monotonic() - t0))
    finally:
        if not any(r.status not in ("pass", "skip") for r in out):
            shutil.rmtree(d, ignore_errors=True)
        else:
            for r in out:
                r.detail += f" [{src}]" if r.status not in ("pass", "skip") else ""
    return out


def first_diff(a: bytes, b: bytes) -> str:
    la, lb = a.splitlines(), b.splitlines()
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return f"line {i + 1}: gcc {x[:60]!r}, pycc {y[:60]!r}"
    return f"gcc {len(la)} lines, pycc {len(lb)} lines"


# ---------------------------------------------------------------------------------------------
# reduction

INTERESTING = """#!/bin/sh
# cvise interestingness test: gcc -O0 builds and runs {name} cleanly, pycc -O{level} differs
ulimit -t {limit}
{gcc} -O0 -w {inc} -Wall -Werror=uninitialized -Werror=implicit-int \\
  -Werror=implicit-function-declaration -Werror=return-type -fsanitize=undefined \\
  -fno-sanitize-recover=all {name} -o ref.exe -lm {static} >/dev/null 2>&1 || exit 1
timeout {timeout} {runner} ./ref.exe > ref.out 2>/dev/null || exit 1
{gcc} -O0 -w {inc} {name} -o ref2.exe -lm {static} >/dev/null 2>&1 || exit 1
timeout {timeout} {runner} ./ref2.exe > ref2.out 2>/dev/null || exit 1
cmp -s ref.out ref2.out || exit 1
{pycc} -O{level} -w {inc} {name} -o p.exe -lm {static} > p.err 2>&1
rc=$?
{mode}
"""
MODE_WRONG = """[ $rc -eq 0 ] || exit 1
timeout {timeout} {runner} ./p.exe > p.out 2>/dev/null
cmp -s ref.out p.out && exit 1
exit 0"""
MODE_CRASH = """[ $rc -ne 0 ] || exit 1
grep -q {pattern} p.err"""


def reduce_failure(res: Result, gen: str, target: str, timeout: int, budget: int) -> str | None:
    """Reduce the program of a failing Result with cvise/creduce into tests/random/found/;
    returns the stored path or None."""
    m = re.search(r"\[(\S+\.c)\]$", res.detail)
    lvm = re.search(r"-O(\d)$", res.name)
    tool = shutil.which("cvise") or shutil.which("creduce")
    if not (m and lvm and tool and res.status in ("wrong", "crash")):
        return None
    src, level = m.group(1), lvm.group(1)
    triple, gcc, runner = TARGETS[target]
    wd = tempfile.mkdtemp(prefix="reduce-")
    name = os.path.basename(src)
    shutil.copy(src, os.path.join(wd, name))
    if res.status == "wrong":
        mode = MODE_WRONG.format(timeout=timeout, runner=" ".join(runner))
    else:
        pat = "'internal error'" if "internal error" in res.detail else "."
        mode = MODE_CRASH.format(pattern=pat)
    script = os.path.join(wd, "test.sh")
    with open(script, "w") as f:
        f.write(INTERESTING.format(
            name=name, level=level, limit=60, gcc=gcc, timeout=timeout,
            inc=f"-I{CSMITH_INC}" if gen == "csmith" else "", runner=" ".join(runner),
            static=" ".join(libs(target)[1:] + (["-static"] if runner else [])),
            pycc=" ".join(pycc_cmd(target)), mode=mode))
    os.chmod(script, 0o755)
    if subprocess.run([script], cwd=wd, capture_output=True).returncode != 0:
        shutil.rmtree(wd, ignore_errors=True)
        return None       # not reproducible under the stricter (UBSan) reference
    cmd = [tool, "--n", "1", "--timeout", "120", script, name] if "cvise" in tool else \
        [tool, "--n", "1", script, name]
    try:
        subprocess.run(cmd, cwd=wd, capture_output=True, timeout=budget)
    except subprocess.TimeoutExpired:
        pass              # keep what was reduced so far (cvise rewrites the file in place)
    if subprocess.run([script], cwd=wd, capture_output=True).returncode != 0:
        shutil.rmtree(wd, ignore_errors=True)
        return None
    os.makedirs(FOUND, exist_ok=True)
    base = f"{res.name}" + (f"-{target}" if target != "x86_64" else "")
    dst = os.path.join(FOUND, base + ".c")
    with open(os.path.join(wd, name)) as f:
        text = f.read()
    with open(dst, "w") as f:
        f.write(f"/* {res.name} ({target}): {res.status}: {res.detail.split(' [')[0]}\n"
                f"   reduced by {os.path.basename(tool)}; options: -O{level}"
                f"{' -I' + CSMITH_INC if gen == 'csmith' else ''} */\n" + text)
    expected = subprocess.run(["sh", "-c", f"cat ref.out"], cwd=wd, capture_output=True).stdout
    with open(os.path.join(FOUND, base + ".expected"), "wb") as f:
        f.write(expected if res.status == "wrong" else b"")
    shutil.rmtree(wd, ignore_errors=True)
    return dst


# ---------------------------------------------------------------------------------------------

def parse_seeds(text: str) -> list[int]:
    out = []
    for part in text.split(","):
        a, _, b = part.partition("-")
        out.extend(range(int(a), int(b or a) + 1))
    return out


class BrokenTree(Exception):
    pass


def codegen_available(target: str, levels=(0,)) -> str | None:
    """None when pycc compiles for ``target``, else pycc's message. Raises BrokenTree when
    pycc cannot compile a one-line program at one of ``levels`` for another reason (the shared
    tree in the middle of an edit): a run would only report that."""
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "t.c")
        with open(src, "w") as f:
            f.write("int g(int x) { return x * 3; }\nint main(void) { return g(0); }\n")
        for lv in levels:
            r = subprocess.run(pycc_cmd(target) + [f"-O{lv}", "-c", src, "-o",
                                                   os.path.join(d, "t.o")],
                               capture_output=True, text=True)
            if r.returncode and NO_CODEGEN in r.stderr:
                return r.stderr.strip().splitlines()[-1]
            if r.returncode:
                raise BrokenTree(f"pycc -O{lv} fails on a one-line program: "
                                 f"{r.stderr.strip()[-300:]}")
    return None


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--seeds", default="1-20", help="A-B[,C-D...]")
    p.add_argument("--levels", default="0,1,2")
    p.add_argument("--target", default="x86_64", choices=sorted(TARGETS))
    p.add_argument("--gen", default="csmith", choices=["csmith", "own", "both"])
    p.add_argument("-j", dest="jobs", type=int, default=1)
    p.add_argument("--timeout", type=int, default=10,
                   help="run time limit of gcc's build (CPU s; pycc's build gets 3x)")
    p.add_argument("--small", action="store_true", help="smaller programs")
    p.add_argument("--reduce", action="store_true", help="reduce failures into found/")
    p.add_argument("--reduce-budget", type=int, default=900, help="seconds per reduction")
    p.add_argument("--keep", help="work directory (kept)")
    p.add_argument("--log", default=LOG)
    p.add_argument("--live", action="store_true",
                   help="the installed pycc (default: a snapshot of the tree, see build_farms)")
    a = p.parse_args(argv)
    levels = [int(x) for x in a.levels.split(",")]
    gens = ["csmith", "own"] if a.gen == "both" else [a.gen]
    if "csmith" in gens and not shutil.which("csmith"):
        print("csmith not installed (apt-get install csmith libcsmith-dev)")
        return 1
    triple, gcc, runner = TARGETS[a.target]
    for tool in [gcc] + runner[:1]:
        if not shutil.which(tool):
            print(f"{tool} not installed: target {a.target} skipped")
            return 0
    work = a.keep or tempfile.mkdtemp(prefix="random-")
    os.makedirs(work, exist_ok=True)
    if not a.live:
        # pycc from a snapshot of the tree taken now: concurrent edits of the shared tree must
        # not turn into "crashes" half way through a run
        from tests.driver.build_farms import make_bindir
        bindir = make_bindir(work, live=False)
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")
    try:
        msg = codegen_available(a.target, levels)
    except BrokenTree as e:
        print(f"not run: {e}")
        print("0 passed, 1 failed")
        return 2
    if msg:
        print(f"target {a.target} skipped: {msg}")
        print("0 passed, 0 failed")
        return 0
    jobs = [(g, s, levels, a.target, a.timeout, work, a.small) for g in gens
            for s in parse_seeds(a.seeds)]
    counts: dict[int, dict[str, int]] = {lv: {} for lv in levels}
    errors: list[Result] = []
    skipped = 0
    t0 = time.monotonic()
    print(f"{len(jobs)} programs ({'+'.join(gens)}), target {a.target}, levels {levels}, "
          f"-j{a.jobs}, work {work}", flush=True)

    def take(results):
        nonlocal skipped
        for r in results:
            lv = re.search(r"-O(\d)$", r.name)
            if not lv:
                skipped += 1
                continue
            c = counts[int(lv.group(1))]
            c[r.status] = c.get(r.status, 0) + 1
            if r.status not in ("pass", "skip"):
                errors.append(r)
                print(f"ERROR {r.name}: {r.status}: {r.detail}", flush=True)

    def progress(i):
        per = "; ".join(f"-O{lv} " + ",".join(f"{k} {v}" for k, v in sorted(counts[lv].items()))
                        for lv in levels)
        print(f"  {i}/{len(jobs)} programs, {time.monotonic() - t0:.0f} s: {per}; "
              f"{skipped} skipped", flush=True)

    if a.jobs > 1:
        with ProcessPoolExecutor(a.jobs) as ex:
            for i, res in enumerate(ex.map(check_one, jobs), 1):
                take(res)
                if i % 5 == 0:
                    progress(i)
    else:
        for i, j in enumerate(jobs, 1):
            take(check_one(j))
            if i % 5 == 0:
                progress(i)
    for lv in levels:
        c = counts[lv]
        print(f"  -O{lv}: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())), flush=True)
    if skipped:
        print(f"  {skipped} programs skipped (gcc's build failed or timed out)")
    if a.reduce:
        done = set()
        for r in errors:
            key = r.name.rsplit("-O", 1)[0]
            if key in done:
                continue
            done.add(key)
            g = r.name.split("-")[0]
            path = reduce_failure(r, g, a.target, a.timeout, a.reduce_budget)
            print(f"  reduced {r.name} -> {path}" if path else f"  {r.name}: not reduced",
                  flush=True)
    with open(a.log, "w") as f:
        f.write("".join(f"ERROR {r.name}: {r.status}: {r.detail}\n" for r in errors))
    if not a.keep and not errors:
        shutil.rmtree(work, ignore_errors=True)
    npass = sum(c.get("pass", 0) for c in counts.values())
    print(f"{npass} passed, {len(errors)} failed ({time.monotonic() - t0:.0f} s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
