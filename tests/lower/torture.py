"""GCC torture execute tests compiled, assembled and linked by pycc alone, then run.

    python -m tests.lower.torture [--fast] [-j N] [-O0|-O1] [names...]

Tests gcc itself fails (compile or run, same flags) are skipped. The PATH given to pycc has
`as` and `ld` that fail, so nothing GNU can be used behind our back. gcc's results are cached
under ~/.cache/pytoolchain/lower/.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

from tests.harness import runner, sources

CACHE = os.path.join(os.path.expanduser("~"), ".cache", "pytoolchain", "lower")
TIMEOUT_CC = 120
TIMEOUT_RUN = 10
SUBPROCESS = False


def _fake_bin():
    d = os.path.join(CACHE, "failbin")
    os.makedirs(d, exist_ok=True)
    for t in ("as", "ld", "gcc", "cc", "x86_64-linux-gnu-as", "x86_64-linux-gnu-ld"):
        p = os.path.join(d, t)
        if not os.path.exists(p):
            with open(p, "w") as f:
                f.write("#!/bin/sh\necho \"$0 must not be used\" >&2\nexit 1\n")
            os.chmod(p, 0o755)
    return d


def gcc_result(src, opt):
    """True when gcc compiles and runs the test successfully (cached per file and level)."""
    key = f"{os.path.basename(src)}:{opt}"
    path = os.path.join(CACHE, "gcc", key.replace(":", "_") + ".txt")
    if os.path.exists(path):
        with open(path) as f:
            return f.read().strip() == "ok"
    os.makedirs(os.path.dirname(path), exist_ok=True)
    ok = False
    with tempfile.TemporaryDirectory() as td:
        exe = os.path.join(td, "a.out")
        try:
            r = subprocess.run(["gcc", opt, "-w", "-o", exe, src, "-lm"], capture_output=True,
                               timeout=60)
            if r.returncode == 0:
                r = subprocess.run([exe], capture_output=True, timeout=TIMEOUT_RUN, cwd=td)
                ok = r.returncode == 0
        except subprocess.TimeoutExpired:
            ok = False
    with open(path, "w") as f:
        f.write("ok" if ok else "fail")
    return ok


_WARM = False


def _warm_up():
    """Import the whole compiler and build the parser once per worker process (by checking a
    tiny file in process); the forked compiles inherit all of it."""
    global _WARM
    if _WARM:
        return
    _WARM = True
    import importlib
    for m in ("toolchain.cc.main", "toolchain.cc.pipeline", "toolchain.cc.frontend",
              "toolchain.cc.lower", "toolchain.cc.opt", "toolchain.cc.backend",
              "toolchain.arch.x86_64.cc.isel", "toolchain.asm.api", "toolchain.ld.main"):
        try:
            importlib.import_module(m)
        except ImportError:
            pass
    from toolchain.cc.main import main as cc_main
    with tempfile.TemporaryDirectory() as td:
        src = os.path.join(td, "w.c")
        with open(src, "w") as f:
            f.write("int main(void) { return 0; }\n")
        devnull = os.open(os.devnull, os.O_WRONLY)
        saved = os.dup(2)
        os.dup2(devnull, 2)
        try:
            cc_main(["-fsyntax-only", src])
        except BaseException:   # noqa: BLE001 - only a warm-up
            pass
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            os.close(devnull)


def run_forked(entry, argv, env, log, timeout):
    """Run ``entry(argv)`` (a tool's main function, imported lazily from its module path
    "module:function") in a forked child of this warmed-up process, with environment ``env``
    (None keeps this one) and stdout/stderr to ``log``; return its exit status (None on
    timeout)."""
    _warm_up()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        try:
            import importlib
            import signal
            signal.alarm(timeout)
            if env is not None:
                os.environ.clear()
                os.environ.update(env)
            fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            module, func = entry.split(":")
            rc = getattr(importlib.import_module(module), func)(argv)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(rc if isinstance(rc, int) else 1)
        except BaseException:   # noqa: BLE001 - the child must never return into the harness
            os._exit(99)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return None if os.WTERMSIG(status) == 14 else 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


def compile_forked(argv, env, log, timeout):
    """pycc's main(argv) in a forked child (see run_forked)."""
    return run_forked("toolchain.cc.main:main", argv, env, log, timeout)


def worker(case):
    name, src, opt = case
    with open(src, errors="replace") as f:
        text = f.read()
    for line in text.splitlines():
        if "dg-skip-if" in line and f'"{opt}"' in line:
            return "SKIP dg-skip-if"
    if not gcc_result(src, opt):
        return "SKIP gcc fails"
    env = dict(os.environ)
    env["PATH"] = _fake_bin() + os.pathsep + env.get("PATH", "")
    with tempfile.TemporaryDirectory() as td:
        exe = os.path.join(td, "a.out")
        log = os.path.join(td, "cc.log")
        if SUBPROCESS:
            try:
                r = subprocess.run([sys.executable, "-m", "toolchain.cc", opt, "-w", "-o", exe,
                                    src, "-lm"], capture_output=True, timeout=TIMEOUT_CC,
                                   env=env, text=True, errors="replace")
            except subprocess.TimeoutExpired:
                return "compile timeout"
            rc, err = r.returncode, r.stderr
        else:
            rc = compile_forked([opt, "-w", "-o", exe, src, "-lm"], env, log, TIMEOUT_CC)
            if rc is None:
                return "compile timeout"
            with open(log, errors="replace") as f:
                err = f.read()
        if rc != 0:
            msg = (err.strip().splitlines() or [f"exit status {rc}"])
            err = [m for m in msg if "error" in m or "sorry" in m or "Error" in m]
            return "compile: " + (err[0] if err else msg[-1])[:300]
        try:
            r = subprocess.run([exe], capture_output=True, timeout=TIMEOUT_RUN, cwd=td)
        except subprocess.TimeoutExpired:
            return "run timeout"
        if r.returncode != 0:
            return f"run: exit status {r.returncode}"
    return None


def main():
    p = runner.base_parser(__doc__.splitlines()[0])
    p.add_argument("-O", dest="opt", default="0", help="optimisation level (0 or 1)")
    p.add_argument("--subprocess", action="store_true",
                   help="run each compile as a new `python -m toolchain.cc` (default: a fork "
                        "of a warmed-up worker, same PATH guarantee)")
    args = p.parse_args()
    global SUBPROCESS
    SUBPROCESS = args.subprocess
    opt = "-O" + args.opt
    d = os.path.join(sources.torture(), "execute")
    files = sorted(f for f in os.listdir(d) if f.endswith(".c"))
    cases = [(f"{opt}/{f[:-2]}", os.path.join(d, f), opt) for f in files]
    return runner.run(f"lower torture {opt}", cases, worker, args)


if __name__ == "__main__":
    runner.main_guard(main)
