"""pycc under the engines that scale builds: ccache, distcc (plain and pump mode), and libtool
shared libraries linked by pyld (issue 20).

    python -m tests.driver.build_farms [--only ccache,distcc,pump,libtool] [--fast] [-O0] [-j N]
                                      [--keep DIR] [--live]

Checks (one `ERROR name: reason` line per failure in tests/driver/build_farms.log):
  ccache-{direct,cpp,depend}-{sqlite,lua}  built twice with CC="ccache pycc" (a fresh
                       CCACHE_DIR each; depend: CCACHE_DEPEND=1 and -MD):
                       first build all misses, second all hits, second < 10% of the first's CPU
                       time, objects and executables equal to a plain pycc build's
  distcc-lua           `make -j4 CC="distcc pycc"` over two distccd on 127.0.0.1 (two ports):
                       distcc's log shows every object compiled on a daemon, both daemons used,
                       same objects and executable as the plain pycc build
  pump-lua             the same under `distcc-pump` (include server, sources sent with headers);
                       where Debian's include server is broken (Debian 12: its C extension lacks
                       PY_SSIZE_T_CLEAN for Python 3.11), a private copy whose extension pycc
                       rebuilt from distcc's source with that fix (`sources.distcc()`)
  distcc-cross-lua     Lua's objects by `make o CC="distcc aarch64-linux-gnu-pycc"` on the
                       daemons, equal to a local aarch64-linux-gnu-pycc build's
  libtool-configure    libbacktrace (gcc-12-source) `CC=pycc ./configure`: libtool finds pyld
                       is GNU ld and enables shared libraries
  libtool-make         `make LDFLAGS="-rpath DIR -no-install"` builds .libs/libbacktrace.so
                       (libtool makes the package's noinst libraries shared with -rpath)
  libtool-check        `make check`: the package's tests, linked against that shared library
--fast: SQLite left out, Lua ccache in direct mode only, no pump mode, no libtool.

pycc runs from a snapshot of the working tree taken at start (--live: the installed pycc), so
that concurrent edits of the tree cannot make two builds differ. Daemons listen on 127.0.0.1
only and are stopped (their process group, by id) when the harness ends. distccd only runs
compilers listed in its masquerade directory /usr/lib/distcc: the harness adds the link
`/usr/lib/distcc/pycc -> ../../bin/distcc` when it is missing (as update-distcc-symlinks does)
and removes it again afterwards.
"""
from __future__ import annotations

import argparse
import filecmp
import glob
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time

from tests.harness import sources

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LOG = os.path.join(HERE, "build_farms.log")
MASQ = "/usr/lib/distcc"

LUA_VARS = ["CFLAGS={opt} -std=c99 -DLUA_USE_LINUX", "MYLIBS=-ldl"]
SQLITE_FLAGS = "-DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION"
LIBBACKTRACE_TOP = ["libbacktrace", "config", "include", "config.guess", "config.sub",
                    "install-sh", "ltmain.sh", "missing", "compile", "depcomp", "test-driver",
                    "mkinstalldirs", "move-if-change", "config-ml.in", "config.rpath",
                    "libtool.m4", "ltoptions.m4", "ltsugar.m4", "ltversion.m4", "lt~obsolete.m4",
                    "ar-lib"]


class Run:
    def __init__(self):
        self.passed = 0
        self.errors: list[str] = []

    def ok(self, name, info=""):
        self.passed += 1
        print(f"ok {name}{': ' + info if info else ''}", flush=True)

    def fail(self, name, reason):
        line = f"ERROR {name}: {reason}"
        self.errors.append(line)
        print(line, flush=True)


def sh(cmd, cwd, env=None, timeout=1800):
    """Run ``cmd``; returns (CompletedProcess, CPU seconds of the children, wall seconds)."""
    before, t0 = os.times(), time.monotonic()
    try:
        r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, timeout=timeout,
                           shell=isinstance(cmd, str))
    except subprocess.TimeoutExpired as e:
        r = subprocess.CompletedProcess(cmd, -9, e.stdout or b"", (e.stderr or b"") + b"timeout")
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system -
                                                          before.children_system)
    return r, cpu, time.monotonic() - t0


def tail(r, n=3):
    text = ((r.stderr or b"") + (r.stdout or b"")).decode(errors="replace").strip().splitlines()
    return " | ".join(text[-n:])[:300]


# ---------------------------------------------------------------------------------------------
# pycc as a program: a snapshot of the tree and launchers in a bin directory

LAUNCHER = """#!{python}
import sys
sys.path.insert(0, {snap!r})
from toolchain.{mod} import main
sys.exit(main())
"""


def make_bindir(work: str, live: bool) -> str:
    """A directory with pycc, pyas and pyld launchers (first in PATH for every build)."""
    bindir = os.path.join(work, "bin")
    if os.path.exists(os.path.join(bindir, "pycc")):
        return bindir              # --keep DIR: the snapshot of an earlier run
    os.makedirs(bindir, exist_ok=True)
    if live:
        for p in ("pycc", "pyas", "pyld"):
            os.symlink(shutil.which(p), os.path.join(bindir, p))
        return bindir
    snap = os.path.join(work, "snapshot")
    ign = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(os.path.join(ROOT, "toolchain"), os.path.join(snap, "toolchain"), ignore=ign)
    shutil.copytree(os.path.join(ROOT, "arch"), os.path.join(snap, "toolchain", "arch"),
                    ignore=ign)
    # distccd drops root privileges: the interpreter and every module pycc imports must be
    # readable by its user, so the snapshot carries pycc's pure-Python dependencies and runs on
    # the system's python3 when that is new enough (this interpreter may live under /root)
    python = sys.executable
    syspy = "/usr/bin/python3"
    if os.path.exists(syspy) and subprocess.run(
            [syspy, "-c", "import sys; sys.exit(sys.version_info < (3, 11))"]).returncode == 0:
        python = syspy
        for mod in ("lark", "elftools"):
            m = __import__(mod)
            shutil.copytree(os.path.dirname(m.__file__), os.path.join(snap, mod), ignore=ign)
    subprocess.run([python, "-m", "compileall", "-q", snap], capture_output=True)
    for prog, mod in (("pycc", "cc.main"), ("pyas", "asm.main"), ("pyld", "ld.main")):
        path = os.path.join(bindir, prog)
        with open(path, "w") as f:
            f.write(LAUNCHER.format(python=python, snap=snap, mod=mod))
        os.chmod(path, 0o755)
    return bindir


def base_env(bindir: str, extra=None) -> dict:
    env = dict(os.environ)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    for k in list(env):
        if k.startswith(("CCACHE_", "DISTCC_", "MAKEFLAGS", "MFLAGS")):
            del env[k]
    env.update(extra or {})
    return env


# ---------------------------------------------------------------------------------------------
# the two programs

SQLITE_MAKEFILE = """\
CC = pycc
CFLAGS = {opt}
all: sqlite-demo
sqlite3.o: sqlite3.c
\t$(CC) $(CFLAGS) {flags} -c sqlite3.c -o sqlite3.o
driver.o: driver.c
\t$(CC) $(CFLAGS) -c driver.c -o driver.o
sqlite-demo: driver.o sqlite3.o
\t$(CC) -o sqlite-demo driver.o sqlite3.o -lm
clean:
\trm -f sqlite3.o driver.o sqlite-demo
"""


def prepare(work: str, prog: str, name: str, opt: str) -> str:
    """A fresh source tree of ``prog`` ("lua" or "sqlite") in work/name."""
    d = os.path.join(work, name)
    shutil.rmtree(d, ignore_errors=True)
    if prog == "lua":
        shutil.copytree(sources.lua(), d, ignore=shutil.ignore_patterns(
            "*.o", "*.a", "lua", "all", "testes", "manual"))
    else:
        from tests.ld.programs import SQLITE_DRIVER
        os.makedirs(d)
        src = sources.sqlite()
        for f in ("sqlite3.c", "sqlite3.h"):
            shutil.copy(os.path.join(src, f), d)
        with open(os.path.join(d, "driver.c"), "w") as f:
            f.write(SQLITE_DRIVER)
        with open(os.path.join(d, "Makefile"), "w") as f:
            f.write(SQLITE_MAKEFILE.format(opt=opt, flags=SQLITE_FLAGS))
    return d


def make_cmd(prog: str, cc: str, opt: str, jobs: int) -> list[str]:
    cmd = ["make", f"-j{jobs}", f"CC={cc}"]
    if prog == "lua":
        cmd += [v.format(opt=opt) for v in LUA_VARS]
    else:
        cmd += [f"CFLAGS={opt}"]
    return cmd


def outputs(d: str, prog: str) -> list[str]:
    exe = "lua" if prog == "lua" else "sqlite-demo"
    return sorted(glob.glob(os.path.join(d, "*.o"))) + [os.path.join(d, exe)]


def compare_outputs(ref: str, d: str, prog: str) -> str | None:
    """None when every object and the executable of ``d`` equal those of ``ref``."""
    a, b = outputs(ref, prog), outputs(d, prog)
    na = [os.path.basename(x) for x in a]
    nb = [os.path.basename(x) for x in b]
    if na != nb:
        return f"different output files: {sorted(set(na) ^ set(nb))[:5]}"
    for x, y in zip(a, b):
        if not os.path.exists(y) or not filecmp.cmp(x, y, shallow=False):
            return f"{os.path.basename(x)} differs from the plain pycc build's"
    return None


def smoke(d: str, prog: str, env) -> str | None:
    if prog == "lua":
        r = subprocess.run([os.path.join(d, "lua"), "-e", "print(string.format('%d %s', 6*7, "
                            "table.concat({1,2,3}, ',')))"], capture_output=True, env=env,
                           timeout=60)
        return None if r.stdout == b"42 1,2,3\n" else f"lua prints {r.stdout[:80]!r}"
    r = subprocess.run([os.path.join(d, "sqlite-demo")], capture_output=True, env=env, timeout=60)
    return None if r.returncode == 0 and r.stdout else f"sqlite-demo exit {r.returncode}"


def plain_build(run: Run, work: str, prog: str, bindir: str, opt: str, jobs: int, cache: dict):
    """The reference: the same tree built with CC=pycc alone (once per program)."""
    if prog in cache:
        return cache[prog]
    d = os.path.join(work, f"{prog}-plain")
    env = base_env(bindir)
    if os.path.exists(os.path.join(d, "lua" if prog == "lua" else "sqlite-demo")):
        cache[prog] = d            # --keep DIR: an earlier run's reference build
        return d
    d = prepare(work, prog, f"{prog}-plain", opt)
    r, cpu, wall = sh(make_cmd(prog, "pycc", opt, jobs), d, env)
    if r.returncode:
        run.fail(f"plain-{prog}", f"make CC=pycc: exit {r.returncode}: {tail(r)}")
        cache[prog] = None
        return None
    err = smoke(d, prog, env)
    if err:
        run.fail(f"plain-{prog}", err)
        cache[prog] = None
        return None
    n = len(outputs(d, prog)) - 1
    print(f"  plain pycc build of {prog}: {n} objects, {cpu:.1f} s CPU, {wall:.1f} s wall",
          flush=True)
    cache[prog] = d
    return d


# ---------------------------------------------------------------------------------------------
# ccache

def ccache_stats(env) -> dict[str, int]:
    r = subprocess.run(["ccache", "--print-stats"], capture_output=True, text=True, env=env)
    out = {}
    for ln in r.stdout.splitlines():
        k, _, v = ln.partition("\t")
        if v.strip().isdigit():
            out[k] = int(v)
    return out


def check_ccache(run: Run, work: str, prog: str, mode: str, bindir: str, opt: str, jobs: int,
                 ref: str | None):
    name = f"ccache-{mode}-{prog}"
    cdir = os.path.join(work, f"ccache-{mode}-{prog}")
    extra = {"CCACHE_DIR": cdir, "CCACHE_TEMPDIR": os.path.join(cdir, "tmp")}
    if mode == "cpp":
        extra["CCACHE_NODIRECT"] = "1"
    if mode == "depend":
        extra["CCACHE_DEPEND"] = "1"    # hash pycc's -MD dependency file, no `pycc -E` run
    env = base_env(bindir, extra)
    d = prepare(work, prog, name, opt)
    cmd = make_cmd(prog, "ccache pycc", opt + (" -MD" if mode == "depend" else ""), jobs)
    runs = []
    for i in (1, 2):
        if i == 2:
            sh(["make", "clean"] if prog == "sqlite" else
               "rm -f *.o *.a lua all", d, env)
        subprocess.run(["ccache", "--zero-stats"], capture_output=True, env=env)
        r, cpu, wall = sh(cmd, d, env)
        if r.returncode:
            run.fail(name, f"build {i}: exit {r.returncode}: {tail(r)}")
            return
        runs.append((cpu, wall, ccache_stats(env)))
    nobj = len(outputs(d, prog)) - 1
    (cpu1, wall1, s1), (cpu2, wall2, s2) = runs
    hit_key = "preprocessed_cache_hit" if mode == "cpp" else "direct_cache_hit"
    hits2 = s2.get(hit_key, 0)
    miss1 = s1.get("cache_miss", 0)
    print(f"  {name}: build 1 {cpu1:.1f} s CPU / {wall1:.1f} s wall, {miss1} misses; build 2 "
          f"{cpu2:.2f} s CPU / {wall2:.2f} s wall, {hits2} {hit_key}s "
          f"({100 * cpu2 / max(cpu1, 1e-9):.1f}% of build 1's CPU)", flush=True)
    if miss1 != nobj:
        run.fail(name, f"first build: {miss1} cache misses for {nobj} objects")
        return
    if hits2 != nobj or s2.get("cache_miss", 0):
        run.fail(name, f"second build: {hits2} {hit_key}s, {s2.get('cache_miss', 0)} misses "
                       f"for {nobj} objects ({s2})")
        return
    if cpu2 >= 0.1 * cpu1:
        run.fail(name, f"second build took {cpu2:.2f} s CPU, first {cpu1:.2f} s (>= 10%)")
        return
    err = smoke(d, prog, env)
    if err:
        run.fail(name, err)
        return
    if ref is not None:
        err = compare_outputs(ref, d, prog)
        if err:
            run.fail(name, err)
            return
    run.ok(name, f"{nobj} hits, second build {100 * cpu2 / cpu1:.1f}% of the first's CPU "
                 f"({cpu2:.2f} s / {cpu1:.1f} s), outputs equal to plain pycc's")


# ---------------------------------------------------------------------------------------------
# distcc

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Daemons:
    """Two distccd on 127.0.0.1 in their own process groups; stop() ends exactly those."""

    def __init__(self, work: str, env: dict, n: int = 2, jobs: int = 2):
        self.procs = []
        self.ports = []
        self.logs = []
        for i in range(n):
            port = free_port()
            log = os.path.join(work, f"distccd-{i}.log")
            # run by root, distccd becomes an unprivileged user: its log goes to a file we
            # opened (--log-stderr) and the work directory must be readable for pycc
            with open(log, "wb") as logf:
                p = subprocess.Popen(
                    ["distccd", "--no-detach", "--daemon", "--listen", "127.0.0.1", "--allow",
                     "127.0.0.1", "--port", str(port), "--jobs", str(jobs), "--log-stderr",
                     "--log-level", "info", "--nice", "5"],
                    env=env, stdout=subprocess.DEVNULL, stderr=logf, start_new_session=True)
            self.procs.append(p)
            self.ports.append(port)
            self.logs.append(log)
        deadline = time.monotonic() + 20
        for port in self.ports:
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"distccd on port {port} did not start")
                    time.sleep(0.2)

    def stop(self):
        for p in self.procs:
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for p in self.procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()

    def served(self, expect: int | None = None, timeout: float = 10.0) -> list[int]:
        """Compile jobs each daemon finished successfully (its log's COMPILE_OK lines).

        A daemon logs COMPILE_OK after it has sent the result, so the client can be done
        first: with ``expect``, wait up to ``timeout`` seconds for that many in all."""
        deadline = time.monotonic() + timeout
        while True:
            out = []
            for log in self.logs:
                try:
                    text = open(log, errors="replace").read()
                except OSError:
                    text = ""
                out.append(len(re.findall(r"COMPILE_OK", text)))
            if expect is None or sum(out) >= expect or time.monotonic() > deadline:
                return out
            time.sleep(0.1)


class Masquerade:
    """/usr/lib/distcc/NAME -> ../../bin/distcc while the harness runs (distccd's whitelist)."""

    def __init__(self, names):
        self.added = []
        self.add(names)

    def add(self, names):
        for n in names:
            p = os.path.join(MASQ, n)
            if os.path.lexists(p):
                continue
            if not os.path.isdir(MASQ) or not os.access(MASQ, os.W_OK):
                raise RuntimeError(f"{p} missing and {MASQ} not writable: run "
                                   f"`ln -s ../../bin/distcc {p}` as root")
            os.symlink("../../bin/distcc", p)
            self.added.append(p)

    def remove(self):
        for p in self.added:
            try:
                os.unlink(p)
            except OSError:
                pass


def client_remote_count(log: str) -> tuple[set, set]:
    """(sources a daemon compiled, sources compiled on localhost) from the client's DISTCC_LOG."""
    try:
        text = open(log, errors="replace").read()
    except OSError:
        return set(), set()
    remote = set(re.findall(r"\bcompile (\S+) on 127\.0\.0\.1:\d+\S* completed ok", text))
    local = set(re.findall(r"\bcompile (\S+) on localhost", text)) - {"(null)"}  # (null): link
    return remote, local


def replaces_device(work: str, bindir: str) -> bool | None:
    """Does ``pycc -c x.c -o DEV`` replace the device node DEV by a regular file?  (distcc-pump's
    include server runs ``pycc -x c -v -c /dev/null -o /dev/null``.)  None: cannot tell."""
    dev = os.path.join(work, "null-device")
    src = os.path.join(work, "empty.c")
    with open(src, "w") as f:
        f.write("int x;\n")
    try:
        if not os.path.exists(dev):
            os.mknod(dev, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except OSError:
        return None
    subprocess.run(["pycc", "-c", src, "-o", dev], capture_output=True, env=base_env(bindir))
    bad = not stat.S_ISCHR(os.lstat(dev).st_mode)
    os.unlink(dev)
    return bad


def cross_reference(run: Run, work: str, bindir: str, opt: str, triple: str) -> str | None:
    """Lua's objects built locally by ``TRIPLE-pycc`` (the launcher under that name)."""
    link = os.path.join(bindir, f"{triple}-pycc")
    if not os.path.lexists(link):
        os.symlink("pycc", link)
    d = prepare(work, "lua", f"lua-{triple}", opt)
    r, cpu, wall = sh(make_cmd("lua", f"{triple}-pycc", opt, 2) + ["o"], d, base_env(bindir))
    if r.returncode:
        run.fail(f"distcc-cross-lua", f"local {triple}-pycc build: exit {r.returncode}: "
                                      f"{tail(r)}")
        return None
    return d


def pump_broken_with_gcc(work: str, bindir: str, pump: str = "distcc-pump") -> str | None:
    """The include server's complaint when it cannot analyse a trivial file for gcc (Debian
    12's distcc 3.4 include server fails on Python 3.11: "PY_SSIZE_T_CLEAN macro must be
    defined for '#' formats"), else None."""
    d = os.path.join(work, "pump-probe-" + os.path.basename(os.path.dirname(pump) or "system"))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "p.c"), "w") as f:
        f.write("#include <stdio.h>\nint main(void) { return puts(\"x\"); }\n")
    env = base_env(bindir, {"DISTCC_HOSTS": "127.0.0.1:1/1,cpp,lzo", "DISTCC_FALLBACK": "1",
                            "DISTCC_DIR": os.path.join(d, "state")})
    os.makedirs(env["DISTCC_DIR"], exist_ok=True)
    r, _, _ = sh([pump, "distcc", "gcc", "-c", "p.c", "-o", "p.o"], d, env, timeout=120)
    text = (r.stdout + r.stderr).decode(errors="replace")
    m = re.search(r"Include server internal error: (.*)", text)
    if m:
        return m.group(1)[:200]
    if "include server gave up" in text:
        return "the include server gave up on a file including <stdio.h>"
    return None


# The sources of the include server's C extension, as distcc's include_server/setup.py lists them.
PUMP_EXT_SOURCES = ["src/clirpc.c", "src/clinet.c", "src/state.c", "src/srvrpc.c", "src/pump.c",
                    "src/rpc.c", "src/io.c", "src/include_server_if.c", "src/trace.c",
                    "src/snprintf.c", "src/util.c", "src/tempfile.c", "src/filename.c",
                    "src/bulk.c", "src/sendfile.c", "src/compress.c", "src/argutil.c",
                    "src/cleanup.c", "src/emaillog.c", "src/timeval.c", "src/netutil.c",
                    "lzo/minilzo.c",
                    "include_server/c_extensions/distcc_pump_c_extensions_module.c"]
PUMP_MODULE = "include_server/c_extensions/distcc_pump_c_extensions_module.c"


def repaired_pump(run: Run, work: str, bindir: str, name: str) -> str | None:
    """A private copy of distcc-pump whose include-server extension pycc rebuilt from the
    installed release's source, with the fix Debian 12 lacks: Python 3.10 and later require
    PY_SSIZE_T_CLEAN for the extension's "s#" arguments, so the macro is defined and the three
    lengths are declared Py_ssize_t.  distcc's own ./configure runs with CC=pycc, and pycc
    compiles and links the extension (-shared -fPIC).  Returns the script's path, or None
    after logging why not."""
    system = shutil.which("distcc-pump")
    text = open(system).read()
    m_py = re.search(r"^PYTHON=(\S+)", text, re.M)
    m_is = re.search(r"^include_server='([^']+)'", text, re.M)
    if not (m_py and m_is):
        run.fail(name, f"{system}: no PYTHON= or include_server= line to repoint")
        return None
    python, server_dir = m_py.group(1), os.path.dirname(m_is.group(1))
    try:
        src0 = sources.distcc()
    except sources.SourceMissing as e:
        run.fail(name, f"Debian's include server is broken and its source is missing: {e}")
        return None
    src = os.path.join(work, "distcc-src")
    shutil.rmtree(src, ignore_errors=True)
    shutil.copytree(src0, src)
    env = base_env(bindir)
    for cmd in (["sh", "./autogen.sh"],
                ["./configure", "CC=pycc", "--without-libiberty", "--without-avahi",
                 "--without-gtk", "--without-gnome", "--disable-Werror"]):
        r, _, _ = sh(cmd, src, env, timeout=1200)
        if r.returncode:
            run.fail(name, f"distcc {' '.join(cmd[:2])} with CC=pycc: exit {r.returncode}: "
                           f"{tail(r)}")
            return None
    module = os.path.join(src, PUMP_MODULE)
    code = open(module).read()
    fixed = code.replace('#include "Python.h"', '#define PY_SSIZE_T_CLEAN\n#include "Python.h"', 1)
    fixed = fixed.replace("  int in_len;\n", "  Py_ssize_t in_len;\n", 1)
    fixed = fixed.replace("  const char *in;\n  int len;\n", "  const char *in;\n  Py_ssize_t len;\n")
    if fixed.count("Py_ssize_t") - code.count("Py_ssize_t") != 3:
        run.fail(name, f"{PUMP_MODULE}: not the three '#' lengths this repair expects")
        return None
    with open(module, "w") as f:
        f.write(fixed)
    r = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['include']);"
                        "print(sysconfig.get_config_var('EXT_SUFFIX'))"],
                       capture_output=True, text=True)
    if r.returncode:
        run.fail(name, f"{python}: cannot find its include directory: {r.stderr.strip()}")
        return None
    include, suffix = r.stdout.split()
    pump = os.path.join(work, "pump")
    shutil.rmtree(pump, ignore_errors=True)
    shutil.copytree(server_dir, os.path.join(pump, "include_server"))
    ext = os.path.join(pump, "include_server", "distcc_pump_c_extensions" + suffix)
    r, _, _ = sh(["pycc", "-shared", "-fPIC", "-O1", "-D_GNU_SOURCE", f"-I{include}", "-Isrc",
                  "-Ilzo", "-I."] + PUMP_EXT_SOURCES + ["-o", ext], src, env, timeout=1200)
    if r.returncode:
        run.fail(name, f"pycc building the include-server extension: exit {r.returncode}: "
                       f"{tail(r)}")
        return None
    script = os.path.join(pump, "distcc-pump")
    with open(script, "w") as f:
        f.write(text.replace(m_is.group(0), "include_server='%s'" % os.path.join(
            pump, "include_server", os.path.basename(m_is.group(1))), 1))
    os.chmod(script, 0o755)
    for tool in ("distcc", "lsdistcc"):  # the script looks for its client next to itself
        if shutil.which(tool):
            os.symlink(shutil.which(tool), os.path.join(pump, tool))
    return script


def check_distcc(run: Run, work: str, bindir: str, opt: str, ref: str | None, pump: bool,
                 cross: str | None = None):
    name = "pump-lua" if pump else "distcc-cross-lua" if cross else "distcc-lua"
    script = "distcc-pump"
    if pump:
        broken = pump_broken_with_gcc(work, bindir)
        if broken:
            print(f"  {name}: Debian's distcc-pump include server fails with gcc too ({broken}); "
                  f"rebuilding its extension with pycc from distcc's source", flush=True)
            script = repaired_pump(run, work, bindir, name)
            if script is None:
                return
            broken = pump_broken_with_gcc(work, bindir, script)
            if broken:
                run.fail(name, f"the repaired include server still fails with gcc: {broken}")
                return
    if pump and replaces_device(work, bindir) is not False:
        run.fail(name, "not run: `pycc -c x.c -o DEV` replaces a device node by a regular file "
                       "(toolchain/diag.py atomic_write), and distcc-pump's include server runs "
                       "`pycc -x c -v -c /dev/null -o /dev/null`")
        return
    dd_env = base_env(bindir, {"TMPDIR": os.path.join(work, "distccd-tmp"),
                               "XDG_CACHE_HOME": os.path.join(work, "distccd-cache")})
    for k in ("TMPDIR", "XDG_CACHE_HOME"):
        os.makedirs(dd_env[k], exist_ok=True)
        os.chmod(dd_env[k], 0o1777)
    os.chmod(work, 0o755)
    try:
        daemons = Daemons(work, dd_env)
    except (RuntimeError, OSError) as e:
        run.fail(name, str(e))
        return
    try:
        opts = ",cpp,lzo" if pump else ""
        hosts = " ".join(f"127.0.0.1:{p}/2{opts}" for p in daemons.ports)
        clog = os.path.join(work, f"{name}-client.log")
        if os.path.exists(clog):
            os.unlink(clog)
        env = base_env(bindir, {"DISTCC_HOSTS": hosts, "DISTCC_LOG": clog, "DISTCC_VERBOSE": "1",
                                "DISTCC_FALLBACK": "0", "DISTCC_SKIP_LOCAL_RETRY": "1",
                                "DISTCC_DIR": os.path.join(work, f"{name}-state"),
                                "DISTCC_IO_TIMEOUT": "600"})
        os.makedirs(env["DISTCC_DIR"], exist_ok=True)
        d = prepare(work, "lua", name, opt)
        cc = f"{cross}-pycc" if cross else "pycc"
        cmd = make_cmd("lua", f"distcc {cc}", opt, 4) + (["o"] if cross else [])
        if pump:
            cmd = [script] + cmd
        r, cpu, wall = sh(cmd, d, env, timeout=1800)
        if r.returncode:
            run.fail(name, f"exit {r.returncode}: {tail(r, 5)}")
            return
        nobj = len(glob.glob(os.path.join(d, "*.o")))
        remote, local = client_remote_count(clog)
        served = daemons.served()
        print(f"  {name}: {nobj} objects, client log: {len(remote)} compiled on a daemon, "
              f"{len(local)} locally; daemons served {served}; {wall:.1f} s wall", flush=True)
        clog_text = open(clog, errors="replace").read()
        gave_up = len(re.findall(r"include server gave up", clog_text))
        if pump and not re.search(r"\.include_server-[^/]*/.*\.c\.lzo", clog_text):
            run.fail(name, "the client log shows no source sent from the include server's "
                           "file set: not pump mode")
            return
        if pump and gave_up:
            run.fail(name, f"the include server gave up on {gave_up} of {nobj} files (pycc -v "
                           f"prints no '#include <...> search starts here:' list), so they were "
                           f"preprocessed locally, not in pump mode")
            return
        if len(remote) != nobj or local:
            run.fail(name, f"{len(remote)}/{nobj} objects compiled remotely, locally: "
                           f"{sorted(local)[:5]}")
            return
        if len(served) < 2 or min(served) == 0 or sum(served) != nobj:
            run.fail(name, f"daemons served {served} for {nobj} objects")
            return
        err = None if cross else smoke(d, "lua", env)
        if err:
            run.fail(name, err)
            return
        if cross:
            for o in sorted(glob.glob(os.path.join(ref, "*.o"))):
                other = os.path.join(d, os.path.basename(o))
                if not os.path.exists(other) or not filecmp.cmp(o, other, shallow=False):
                    run.fail(name, f"{os.path.basename(o)} differs from the local {cc} build's")
                    return
        elif ref is not None:
            err = compare_outputs(ref, d, "lua")
            if err:
                run.fail(name, err)
                return
        run.ok(name, f"{nobj}/{nobj} objects compiled by the daemons ({'/'.join(map(str, served))})"
                     f", outputs equal to a local {cc} build's")
    finally:
        daemons.stop()


# ---------------------------------------------------------------------------------------------
# libtool: libbacktrace from gcc-12-source

def libbacktrace_source() -> str:
    """libbacktrace with GCC's config/, include/ and top-level helper scripts, in the cache."""
    d = os.path.join(sources.CACHE, "libbacktrace-src")
    if not os.path.isdir(d):
        os.makedirs(sources.CACHE, exist_ok=True)
        sources._extract_members(sources._gcc_tarball(), LIBBACKTRACE_TOP, d)
    return d


def check_libtool(run: Run, work: str, bindir: str, jobs: int):
    try:
        src = libbacktrace_source()
    except sources.SourceMissing as e:
        run.fail("libtool-configure", str(e))
        return
    top = os.path.join(work, "gcc-src")
    shutil.rmtree(top, ignore_errors=True)
    shutil.copytree(src, top)
    build = os.path.join(top, "build")
    os.makedirs(build)
    env = base_env(bindir, {"CC": "pycc"})
    r, cpu, wall = sh(["../libbacktrace/configure"], build, env)
    out = r.stdout.decode(errors="replace")
    if r.returncode:
        run.fail("libtool-configure", f"exit {r.returncode}: {tail(r)}")
        return
    want = {r"if the linker \(.*\) is GNU ld": "yes",
            r"whether the pycc linker \(.*\) supports shared libraries": "yes",
            "if libtool supports shared libraries": "yes",
            "whether to build shared libraries": "yes"}
    for q, a in want.items():
        m = re.search(r"checking " + q + r"\.\.\. (.*)", out)
        if not m or m.group(1).strip() != a:
            run.fail("libtool-configure", f"'{q}' answered {m.group(1) if m else 'nothing'}")
            return
    run.ok("libtool-configure", f"libtool: GNU ld, shared libraries enabled ({cpu:.0f} s CPU)")
    rpath = os.path.join(work, "lib")
    # -rpath turns the package's uninstalled libtool libraries into shared libraries;
    # -no-install links the test programs with that rpath and no wrapper script (the
    # package's *_buildid/*_gnudebuglink rules run objcopy/readelf on the programs)
    mk = ["make", f"-j{jobs}", f"LDFLAGS=-rpath {rpath} -no-install"]
    r, cpu, wall = sh(mk, build, env)
    so = os.path.join(build, ".libs", "libbacktrace.so")
    if r.returncode or not os.path.exists(so):
        run.fail("libtool-make", f"exit {r.returncode}, libbacktrace.so "
                                 f"{'made' if os.path.exists(so) else 'missing'}: {tail(r)}")
        return
    ro = subprocess.run(["readelf", "-dW", so], capture_output=True, text=True)
    soname = re.search(r"\(SONAME\).*\[(.*)\]", ro.stdout)
    if not soname:
        run.fail("libtool-make", "libbacktrace.so has no DT_SONAME")
        return
    run.ok("libtool-make", f"{os.path.basename(os.path.realpath(so))} (SONAME {soname.group(1)}) "
                           f"linked by pyld through libtool ({cpu:.0f} s CPU)")
    r, cpu, wall = sh(mk + ["check"], build, env, timeout=2400)
    text = r.stdout.decode(errors="replace")
    summary = {k: int(v) for k, v in re.findall(r"^# (PASS|FAIL|XFAIL|XPASS|SKIP|ERROR):\s+(\d+)",
                                                 text, re.M)}
    shared_tests = 0
    for exe in glob.glob(os.path.join(build, "*")) + glob.glob(os.path.join(build, ".libs", "*")):
        if not os.path.isfile(exe) or not os.access(exe, os.X_OK) or ".so" in exe:
            continue
        with open(exe, "rb") as f:
            if f.read(4) != b"\x7fELF":
                continue
        ro = subprocess.run(["readelf", "-dW", exe], capture_output=True, text=True)
        if re.search(r"\(NEEDED\).*\[libbacktrace", ro.stdout):
            shared_tests += 1
    info = ", ".join(f"{k} {v}" for k, v in sorted(summary.items()))
    sup = os.path.join(build, "backtrace-supported.h")
    if os.path.exists(sup) and "#define BACKTRACE_SUPPORTED 0" in open(sup).read():
        info += " (BACKTRACE_SUPPORTED 0: configure found no usable <unwind.h>)"
    print(f"  libtool-check: {info}; {shared_tests} test programs need a libbacktrace*.so",
          flush=True)
    if r.returncode or not summary.get("PASS") or summary.get("FAIL") or summary.get("ERROR"):
        fails = re.findall(r"^(?:FAIL|ERROR): (\S+)", text, re.M)
        run.fail("libtool-check", f"exit {r.returncode}: {info}; failing: {fails[:8]} "
                                  f"{tail(r) if not summary else ''}")
        return
    if not shared_tests:
        run.fail("libtool-check", "no test program is linked against a libtool shared library")
        return
    run.ok("libtool-check", f"make check: {info} ({shared_tests} test programs against the "
                            f"shared libraries, {cpu:.0f} s CPU)")


# ---------------------------------------------------------------------------------------------

def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--only", default="ccache,distcc,pump,cross,libtool")
    p.add_argument("--fast", action="store_true")
    p.add_argument("--ccache-modes", default="direct,cpp,depend")
    p.add_argument("-O", dest="opt", default="0", help="pycc optimisation level (default 0)")
    p.add_argument("-j", dest="jobs", type=int, default=2)
    p.add_argument("--keep", help="work in this directory and keep it")
    p.add_argument("--live", action="store_true", help="the installed pycc, no snapshot")
    a = p.parse_args(argv)
    only = set(a.only.split(","))
    opt = f"-O{a.opt}"
    missing = [t for t, need in (("ccache", "ccache"), ("distccd", "distcc"),
                                 ("distcc-pump", "pump"), ("make", "ccache"))
               if need in only and shutil.which(t) is None]
    run = Run()
    work = a.keep or tempfile.mkdtemp(prefix="build_farms")
    os.makedirs(work, exist_ok=True)
    masq = None
    try:
        bindir = make_bindir(work, a.live)
        print(f"work directory {work}; pycc {'installed' if a.live else 'snapshot'}", flush=True)
        for t in missing:
            run.fail(t, f"{t} not installed (apt-get install ccache distcc distcc-pump)")
        cache: dict = {}
        progs = ["lua"] if a.fast else ["sqlite", "lua"]
        if "ccache" in only and shutil.which("ccache"):
            modes = ["direct"] if a.fast else a.ccache_modes.split(",")
            for prog in progs:
                ref = plain_build(run, work, prog, bindir, opt, a.jobs, cache)
                for mode in modes:
                    check_ccache(run, work, prog, mode, bindir, opt, a.jobs, ref)
        want_pump = "pump" in only and not a.fast and shutil.which("distcc-pump")
        if ("distcc" in only or "cross" in only or want_pump) and shutil.which("distccd"):
            try:
                masq = Masquerade(["pycc"])
            except (RuntimeError, OSError) as e:
                run.fail("distcc", str(e))
            else:
                ref = plain_build(run, work, "lua", bindir, opt, a.jobs, cache) \
                    if "distcc" in only or want_pump else None
                if "distcc" in only:
                    check_distcc(run, work, bindir, opt, ref, pump=False)
                if want_pump:
                    check_distcc(run, work, bindir, opt, ref, pump=True)
                if "cross" in only and not a.fast:
                    triple = "aarch64-linux-gnu"
                    masq.add([f"{triple}-pycc"])
                    cref = cross_reference(run, work, bindir, opt, triple)
                    if cref:
                        check_distcc(run, work, bindir, opt, cref, pump=False, cross=triple)
        if "libtool" in only and not a.fast:
            check_libtool(run, work, bindir, a.jobs)
    finally:
        if masq is not None:
            masq.remove()
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    with open(LOG, "w") as f:
        f.write("".join(e + "\n" for e in run.errors))
    print(f"{run.passed} passed, {len(run.errors)} failed")
    return 1 if run.errors else 0


if __name__ == "__main__":
    sys.exit(main())
