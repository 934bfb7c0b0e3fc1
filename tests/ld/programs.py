"""Real programs linked by pyld: the Lua interpreter and SQLite with a small driver, compiled
by gcc (objects cached), linked by GNU ld and by pyld, run on a workload and compared; the
link times are printed (the benchmark in docs/STATUS.md).

  python -m tests.ld.programs [--target T ...] [--mode pie|nopie|static] [-j N]
"""
from __future__ import annotations

import argparse
import glob
import hashlib
import os
import resource
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

from toolchain.targets import get_target
from tests.harness.gcc_objects import gcc_for
from tests.harness.sources import CACHE, lua, sqlite

from .common import MODE_FLAGS, run_program, wrapper_dir

SQLITE_DRIVER = r"""
#include <stdio.h>
#include "sqlite3.h"
static int cb(void *u, int n, char **v, char **c) {
  for (int i = 0; i < n; i++) printf("%s%s", i ? "|" : "", v[i] ? v[i] : "NULL");
  printf("\n"); return 0;
}
int main(void) {
  sqlite3 *db; char *err = 0;
  if (sqlite3_open(":memory:", &db)) { printf("open failed\n"); return 1; }
  const char *sql[] = {
    "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c REAL);",
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM n WHERE x<2000) "
    "INSERT INTO t SELECT x, printf('row%05d', x*7 % 1000), x*0.5 FROM n;",
    "CREATE INDEX tb ON t(b);",
    "SELECT count(*), sum(a), round(avg(c),3), min(b), max(b) FROM t;",
    "SELECT b, count(*) FROM t GROUP BY b ORDER BY count(*) DESC, b LIMIT 5;",
    "SELECT group_concat(a) FROM (SELECT a FROM t WHERE b LIKE 'row001%' ORDER BY a);",
    "SELECT sqlite_version() IS NOT NULL, json_array(1,2,'x'), upper('abc'), hex(zeroblob(3));",
    0 };
  for (int i = 0; sql[i]; i++)
    if (sqlite3_exec(db, sql[i], cb, 0, &err) != SQLITE_OK) { printf("error: %s\n", err); return 1; }
  sqlite3_close(db);
  return 0;
}
"""

LUA_SCRIPT = r"""
local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end
local t = {}
for i = 1, 20000 do t[i] = (i * 7919) % 10007 end
table.sort(t)
local s = 0
for i = 1, #t, 100 do s = s + t[i] end
local words = {}
for w in string.gmatch("the quick brown fox jumps over the lazy dog the end", "%a+") do
  words[w] = (words[w] or 0) + 1
end
local keys = {}
for k in pairs(words) do keys[#keys + 1] = k end
table.sort(keys)
local parts = {}
for _, k in ipairs(keys) do parts[#parts + 1] = k .. "=" .. words[k] end
print(fib(24), s, table.concat(parts, ","))
print(string.format("%.6f %d %s", math.sqrt(2), math.maxinteger // 3, tostring(1/0)))
local co = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i * i) end end)
print(co(), co(), co())
print(pcall(function() error({code = 42}) end), select("#", 1, 2, 3))
print(string.rep("ab", 3, "-"), ("%5.1f"):format(3.14159), utf8.char(72, 228))
"""

CFLAGS = ["-O2", "-w"]


def _obj(t, src: str, extra=()) -> str:
    gcc = gcc_for(t)
    with open(src, "rb") as f:
        h = hashlib.sha1(f.read() + repr((CFLAGS, tuple(extra))).encode()).hexdigest()[:12]
    d = os.path.join(CACHE, "ld-programs", t.name)
    os.makedirs(d, exist_ok=True)
    out = os.path.join(d, f"{os.path.splitext(os.path.basename(src))[0]}-{h}.o")
    if not os.path.exists(out):
        subprocess.run([gcc, "-c", *CFLAGS, *extra, src, "-o", out + ".tmp"], check=True,
                       capture_output=True)
        os.replace(out + ".tmp", out)
    return out


def program_objects(t, name: str, jobs: int = 2) -> tuple[list[str], list[str]]:
    """(objects, extra link args) for "lua", "lua-shared" (PIC objects) or "sqlite"."""
    if name in ("lua", "lua-shared"):
        src = lua()
        if os.path.isdir(os.path.join(src, "src")):
            src = os.path.join(src, "src")
        files = [f for f in sorted(glob.glob(os.path.join(src, "*.c")))
                 if os.path.basename(f) not in ("luac.c", "onelua.c", "ltests.c")]
        extra = ["-DLUA_USE_POSIX"] + (["-fPIC"] if name == "lua-shared" else [])
        with ThreadPoolExecutor(jobs) as ex:
            objs = list(ex.map(lambda f: _obj(t, f, extra), files))
        return objs, []
    d = sqlite()
    drv = os.path.join(CACHE, "ld-programs", "sqlite_driver.c")
    os.makedirs(os.path.dirname(drv), exist_ok=True)
    if not os.path.exists(drv) or open(drv).read() != SQLITE_DRIVER:
        with open(drv, "w") as f:
            f.write(SQLITE_DRIVER)
    flags = ["-DSQLITE_THREADSAFE=0", "-DSQLITE_OMIT_LOAD_EXTENSION", f"-I{d}"]
    with ThreadPoolExecutor(jobs) as ex:
        objs = list(ex.map(lambda f: _obj(t, f, flags),
                           [os.path.join(d, "sqlite3.c"), drv]))
    return objs, []


REPEAT = 1


def _child_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def link(t, objs, out, mode, pyld: bool) -> tuple[float, subprocess.CompletedProcess]:
    """Link with gcc's driver (GNU ld, or pyld through -B); the best of REPEAT CPU times
    (user + system of the driver, collect2 and the linker)."""
    flags = ["-shared"] if mode == "shared" else MODE_FLAGS[mode]
    cmd = [gcc_for(t), *flags, *objs, "-o", out, "-lm"]
    if pyld:
        cmd[1:1] = ["-B", wrapper_dir()]
    best = None
    for _ in range(REPEAT):
        t0 = _child_cpu()
        r = subprocess.run(cmd, capture_output=True, text=True)
        dt = _child_cpu() - t0
        best = dt if best is None or dt < best else best
        if r.returncode:
            break
    return best, r


def check(t, name: str, mode: str, jobs: int = 2) -> tuple[str | None, float, float]:
    """Returns (failure reason or None, GNU ld seconds, pyld seconds)."""
    objs, _ = program_objects(t, name, jobs)
    with tempfile.TemporaryDirectory(prefix="pyld-prog-") as d:
        ref, out = os.path.join(d, "ref"), os.path.join(d, "out")
        if name == "lua-shared":
            # liblua.so linked by pyld (-shared), the interpreter by pyld against it
            main_o = [o for o in objs if os.path.basename(o).startswith("lua-")]
            lib_o = [o for o in objs if o not in main_o]
            so = os.path.join(d, "liblua.so")
            tg, r1 = link(t, lib_o, so, "shared", False)
            tp, r2 = link(t, lib_o, so, "shared", True)
            if r2.returncode:
                return f"pyld -shared failed: {r2.stderr[:300]}", tg, tp
            _, r1 = link(t, main_o + [so], ref, mode, False)
            _, r2 = link(t, main_o + [so], out, mode, True)
        else:
            tg, r1 = link(t, objs, ref, mode, False)
            tp, r2 = link(t, objs, out, mode, True)
        if r1.returncode:
            return f"GNU ld failed: {r1.stderr[:200]}", tg, tp
        if r2.returncode:
            return f"pyld failed: {r2.stderr[:300]}", tg, tp
        args, stdin = (), None
        if name.startswith("lua"):
            script = os.path.join(d, "w.lua")
            with open(script, "w") as f:
                f.write(LUA_SCRIPT)
            args = (script,)
        a = run_program(t, ref, 120, args, stdin)
        b = run_program(t, out, 120, args, stdin)
        if a != b:
            return f"output differs: {a!r:.200} vs {b!r:.200}", tg, tp
        if a[0] != 0 or not a[1]:
            return f"workload failed even with GNU ld: {a!r:.200}", tg, tp
    return None, tg, tp


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--target", action="append")
    p.add_argument("--mode", default="pie", choices=list(MODE_FLAGS))
    p.add_argument("-j", "--jobs", type=int, default=2)
    p.add_argument("--programs", default="lua,sqlite,lua-shared")
    p.add_argument("--repeat", type=int, default=1, help="time each link N times, keep the best")
    args = p.parse_args()
    global REPEAT
    REPEAT = max(1, args.repeat)
    targets = args.target or ["x86_64", "aarch64", "riscv64"]
    passed = failed = 0
    for tn in targets:
        t = get_target(tn)
        for name in args.programs.split(","):
            err, tg, tp = check(t, name, args.mode, args.jobs)
            print(f"{t.name:8} {name:7} {args.mode:6} link CPU: GNU ld {tg:.2f}s  pyld {tp:.2f}s  "
                  f"{'ok' if err is None else 'ERROR ' + err}", flush=True)
            if err is None:
                passed += 1
            else:
                failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
