"""pycc -O2 -g never shows a wrong value: gdb stops at each line marked /* Pn */ (a printf of
variables), prints those variables, and every value it shows must be the one the program
itself prints there, or <optimized_out>. Breakpoints on those lines and bt must work."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

PROG = r"""
#include <stdio.h>
struct pt { int x, y; };
static void touch(int *p) { *p += 1; }
__attribute__((noinline)) int work(int n, struct pt q, int *arr) {
  int acc = 0, k = 3;
  touch(&k);
  for (int i = 0; i < n; i++) {
    acc += arr[i] * q.x + k;
    printf("P1 n=%d acc=%d k=%d i=%d\n", n, acc, k, i); /* P1 */
  }
  k = acc - q.y;
  touch(&k);
  printf("P2 n=%d acc=%d k=%d\n", n, acc, k); /* P2 */
  return acc + k;
}
__attribute__((noinline)) long mix(long a, long b) {
  long s = a * 3 + b;
  long t = s ^ (a << 2);
  printf("P4 a=%ld b=%ld s=%ld t=%ld\n", a, b, s, t); /* P4 */
  return s - t;
}
int main(void) {
  int arr[5] = {3, 1, 4, 1, 5};
  struct pt q = {2, 7};
  int total = 0;
  for (int r = 0; r < 2; r++) {
    total += work(4 + r, q, arr);
    q.x++;
    total += (int)mix(total, r);
    printf("P3 r=%d total=%d\n", r, total); /* P3 */
  }
  return total == 0;
}
"""

SESSION = r"""
import re
import gdb
out = []
lines = open("t.c").read().splitlines()
marks = {}
for n, ln in enumerate(lines, 1):
    m = re.search(r"/\* (P\d) \*/", ln)
    if m:
        marks[n] = re.findall(r"(\w+)=%", ln)
        gdb.execute(f"break t.c:{n}", to_string=True)
for fn in ("work", "mix"):
    gdb.execute(f"break {fn}", to_string=True)
gdb.execute("run > prog.out", to_string=True)
while True:
    try:
        f = gdb.selected_frame()
    except gdb.error:
        break
    if not gdb.selected_inferior().pid:
        break
    line = f.find_sal().line
    if f.name() in ("work", "mix") and line not in marks:
        args = []
        blk = f.block()
        while blk.function is None:
            blk = blk.superblock
        for sym in blk:
            if not sym.is_argument:
                continue
            v = f.read_var(sym)
            if v.type.code == gdb.TYPE_CODE_INT:
                args.append(f"{sym.name}=" + (str(int(v)) if not v.is_optimized_out
                                              else "<optimized_out>"))
        out.append(f"ENTRY {f.name()} " + " ".join(args))
        gdb.execute("continue", to_string=True)
        continue
    if line not in marks:
        out.append(f"STRAY {line}")
        break
    out.append(f"BT {f.name()} " + str(bool(f.older())))
    vals = []
    for name in marks[line]:
        try:
            v = gdb.parse_and_eval(name)
            vals.append(f"{name}=" + str(int(v)) if not v.is_optimized_out
                        else f"{name}=<optimized_out>")
        except gdb.error as e:
            vals.append(f"{name}=<error {e}>")
    out.append(lines[line - 1].split('"')[1].split()[0] + " " + " ".join(vals))
    try:
        gdb.execute("continue", to_string=True)
    except gdb.error:
        break
open("gdb.out", "w").write("\n".join(out) + "\n")
"""


def check(tmp_path):
    """Compare gdb's values with the program's own prints; returns (shown, optimised)."""
    prog = [ln.split() for ln in (tmp_path / "prog.out").read_text().splitlines()]
    seen = (tmp_path / "gdb.out").read_text().splitlines()
    stops = [ln.split() for ln in seen if not ln.startswith(("BT ", "STRAY", "ENTRY"))]
    # a parameter shown at a function's entry equals what the function prints next (the
    # functions never assign their parameters)
    entries = 0
    for k, ln in enumerate(seen):
        if ln.startswith("ENTRY"):
            nxt = next(x for x in seen[k + 1:] if x.startswith("P"))
            want = dict(w.split("=", 1) for w in nxt.split()[1:])
            for w in ln.split()[2:]:
                name, val = w.split("=", 1)
                if val != "<optimized_out>":
                    entries += 1
                    if want.get(name, "<optimized_out>") != "<optimized_out>":
                        assert val == want[name], (ln, nxt)
    assert entries or "O0" in str(tmp_path), seen
    assert not any(ln.startswith("STRAY") for ln in seen), seen
    assert all(ln.endswith("True") for ln in seen if ln.startswith("BT ") and
               not ln.startswith("BT main")), seen
    assert len(stops) == len(prog) > 0, (stops, prog)
    shown = optimised = 0
    for got, want in zip(stops, prog):
        assert got[0] == want[0]
        expect = dict(w.split("=", 1) for w in want[1:])
        for w in got[1:]:
            name, val = w.split("=", 1)
            if val == "<optimized_out>":
                optimised += 1
                continue
            shown += 1
            assert val == expect[name], f"{want[0]}: gdb shows {name}={val}, program {expect[name]}"
    return shown, optimised


@pytest.mark.parametrize("opt", ["-O1", "-O2"])
def test_no_wrong_value_when_optimised(tmp_path, opt):
    if shutil.which("gdb") is None:
        pytest.skip("gdb not installed")
    (tmp_path / "t.c").write_text(PROG)
    (tmp_path / "s.py").write_text(SESSION)
    subprocess.run(["pycc", "-g", opt, "t.c", "-o", "t"], cwd=tmp_path, check=True)
    subprocess.run(["gdb", "-q", "-batch", "-nx", "-x", "s.py", "./t"], cwd=tmp_path,
                   capture_output=True, text=True, timeout=120)
    shown, optimised = check(tmp_path)
    assert shown + optimised > 0
    assert re.search(r"P1 ", (tmp_path / "gdb.out").read_text())
    _located(tmp_path)


# variables held in registers that the location lists must show (debug/values.py): a value
# computed for its only assignment (s, t), loop counters and accumulators (constant start,
# phis: i, r, acc, total), a parameter live across the loop (n)
LOCATED = {"s", "t", "i", "r", "acc", "total", "n"}


def _located(tmp_path):
    seen = (tmp_path / "gdb.out").read_text().split()
    names = {w.split("=")[0] for w in seen if "=" in w and "<optimized_out>" not in w}
    assert LOCATED <= names, sorted(LOCATED - names)


CROSS = {"aarch64": ("qemu-aarch64", "/usr/aarch64-linux-gnu"),
         "riscv64": ("qemu-riscv64", "/usr/riscv64-linux-gnu")}


@pytest.mark.parametrize("t", sorted(CROSS))
def test_no_wrong_value_when_optimised_cross(tmp_path, t):
    """The same under qemu with gdb-multiarch (the program's prints go to qemu's output)."""
    import os
    qemu, sysroot = CROSS[t]
    if not all(shutil.which(x) for x in (qemu, "gdb-multiarch")):
        pytest.skip("qemu or gdb-multiarch not installed")
    (tmp_path / "t.c").write_text(PROG)
    (tmp_path / "s.py").write_text(SESSION.replace('gdb.execute("run > prog.out", to_string=True)',
                                                   'gdb.execute("continue", to_string=True)'))
    subprocess.run(["pycc", f"--target={t}-linux-gnu", "-g", "-O2", "t.c", "-o", "t"],
                   cwd=tmp_path, check=True)
    port = 20000 + os.getpid() % 20000
    with open(tmp_path / "prog.out", "w") as po:
        q = subprocess.Popen([qemu, "-L", sysroot, "-g", str(port), "./t"], cwd=tmp_path,
                             stdout=po, stderr=subprocess.DEVNULL)
        try:
            subprocess.run(["gdb-multiarch", "-q", "-batch", "-nx", "-ex",
                            f"set sysroot {sysroot}", "-ex", "file ./t", "-ex",
                            f"target remote localhost:{port}", "-x", "s.py"], cwd=tmp_path,
                           capture_output=True, text=True, timeout=180)
        finally:
            q.kill()
            q.wait()
    shown, optimised = check(tmp_path)
    assert shown > 0
    _located(tmp_path)
