"""Microbenchmark: kernels written in IR the way the front end lowers C (locals in allocas),
compiled by pycc's back end at -O0/-O1, against the same kernels in C compiled by gcc -O0/-O2.

    python -m tests.ir.bench [--fast]

Each variant links the kernel object with one driver (gcc -O2) that times repeated calls;
prints the best of 7 runs in milliseconds per kernel and `N passed, M failed` (a variant fails
if its results differ from gcc -O2's).
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile

SIEVE_IR = """
define i64 @sieve(ptr %flags.arg, i64 %n.arg) {
entry:
  %flags = alloca i64 8, align 8
  %n = alloca i64 8, align 8
  %count = alloca i64 8, align 8
  %i = alloca i64 8, align 8
  %j = alloca i64 8, align 8
  store ptr %flags.arg, %flags
  store i64 %n.arg, %n
  store i64 0, %count
  store i64 0, %i
  jmp c1
c1:
  %1 = load i64, %i
  %2 = load i64, %n
  %3 = icmp slt i64 %1, %2
  br %3, b1, e1
b1:
  %4 = load ptr, %flags
  %5 = load i64, %i
  %6 = ptradd %4, i64 %5
  store i8 1, %6
  %7 = load i64, %i
  %8 = add i64 %7, 1
  store i64 %8, %i
  jmp c1
e1:
  store i64 2, %i
  jmp c2
c2:
  %9 = load i64, %i
  %10 = load i64, %n
  %11 = icmp slt i64 %9, %10
  br %11, b2, e2
b2:
  %12 = load ptr, %flags
  %13 = load i64, %i
  %14 = ptradd %12, i64 %13
  %15 = load i8, %14
  %16 = icmp ne i8 %15, 0
  br %16, t2, inc2
t2:
  %17 = load i64, %count
  %18 = add i64 %17, 1
  store i64 %18, %count
  %19 = load i64, %i
  %20 = add i64 %19, %19
  store i64 %20, %j
  jmp c3
c3:
  %21 = load i64, %j
  %22 = load i64, %n
  %23 = icmp slt i64 %21, %22
  br %23, b3, inc2
b3:
  %24 = load ptr, %flags
  %25 = load i64, %j
  %26 = ptradd %24, i64 %25
  store i8 0, %26
  %27 = load i64, %j
  %28 = load i64, %i
  %29 = add i64 %27, %28
  store i64 %29, %j
  jmp c3
inc2:
  %30 = load i64, %i
  %31 = add i64 %30, 1
  store i64 %31, %i
  jmp c2
e2:
  %32 = load i64, %count
  ret i64 %32
}

define i64 @fib(i64 %n.arg) {
entry:
  %n = alloca i64 8, align 8
  store i64 %n.arg, %n
  %1 = load i64, %n
  %2 = icmp slt i64 %1, 2
  br %2, base, rec
base:
  %3 = load i64, %n
  ret i64 %3
rec:
  %4 = load i64, %n
  %5 = sub i64 %4, 1
  %6 = call i64 @fib(i64 %5)
  %7 = load i64, %n
  %8 = sub i64 %7, 2
  %9 = call i64 @fib(i64 %8)
  %10 = add i64 %6, %9
  ret i64 %10
}

define void @matmul(i64 %n.arg, ptr %a.arg, ptr %b.arg, ptr %c.arg) {
entry:
  %n = alloca i64 8, align 8
  %a = alloca i64 8, align 8
  %b = alloca i64 8, align 8
  %c = alloca i64 8, align 8
  %i = alloca i64 8, align 8
  %j = alloca i64 8, align 8
  %k = alloca i64 8, align 8
  %s = alloca i64 8, align 8
  store i64 %n.arg, %n
  store ptr %a.arg, %a
  store ptr %b.arg, %b
  store ptr %c.arg, %c
  store i64 0, %i
  jmp ci
ci:
  %1 = load i64, %i
  %2 = load i64, %n
  %3 = icmp slt i64 %1, %2
  br %3, bi, ei
bi:
  store i64 0, %j
  jmp cj
cj:
  %4 = load i64, %j
  %5 = load i64, %n
  %6 = icmp slt i64 %4, %5
  br %6, bj, ej
bj:
  store f64 0.0, %s
  store i64 0, %k
  jmp ck
ck:
  %7 = load i64, %k
  %8 = load i64, %n
  %9 = icmp slt i64 %7, %8
  br %9, bk, ek
bk:
  %10 = load ptr, %a
  %11 = load i64, %i
  %12 = load i64, %n
  %13 = mul i64 %11, %12
  %14 = load i64, %k
  %15 = add i64 %13, %14
  %16 = mul i64 %15, 8
  %17 = ptradd %10, i64 %16
  %18 = load f64, %17
  %19 = load ptr, %b
  %20 = load i64, %k
  %21 = load i64, %n
  %22 = mul i64 %20, %21
  %23 = load i64, %j
  %24 = add i64 %22, %23
  %25 = mul i64 %24, 8
  %26 = ptradd %19, i64 %25
  %27 = load f64, %26
  %28 = fmul f64 %18, %27
  %29 = load f64, %s
  %30 = fadd f64 %29, %28
  store f64 %30, %s
  %31 = load i64, %k
  %32 = add i64 %31, 1
  store i64 %32, %k
  jmp ck
ek:
  %33 = load f64, %s
  %34 = load ptr, %c
  %35 = load i64, %i
  %36 = load i64, %n
  %37 = mul i64 %35, %36
  %38 = load i64, %j
  %39 = add i64 %37, %38
  %40 = mul i64 %39, 8
  %41 = ptradd %34, i64 %40
  store f64 %33, %41
  %42 = load i64, %j
  %43 = add i64 %42, 1
  store i64 %43, %j
  jmp cj
ej:
  %44 = load i64, %i
  %45 = add i64 %44, 1
  store i64 %45, %i
  jmp ci
ei:
  ret
}
"""

KERNELS_C = r"""
long sieve(char *flags, long n) {
  long count = 0;
  for (long i = 0; i < n; i++) flags[i] = 1;
  for (long i = 2; i < n; i++)
    if (flags[i]) { count++; for (long j = i + i; j < n; j += i) flags[j] = 0; }
  return count;
}
long fib(long n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
void matmul(long n, double *a, double *b, double *c) {
  for (long i = 0; i < n; i++)
    for (long j = 0; j < n; j++) {
      double s = 0;
      for (long k = 0; k < n; k++) s += a[i * n + k] * b[k * n + j];
      c[i * n + j] = s;
    }
}
"""

DRIVER = r"""
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
long sieve(char *, long); void matmul(long, double *, double *, double *); long fib(long);
static double now(void) { struct timespec t; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }
int main(int argc, char **argv) {
  long reps = argc > 1 ? atol(argv[1]) : 5;
  long n = 2000000, m = 120;
  char *fl = malloc(n);
  double *a = malloc(m * m * 8), *b = malloc(m * m * 8), *c = malloc(m * m * 8);
  for (long i = 0; i < m * m; i++) { a[i] = (i % 17) * 0.5; b[i] = (i % 13) - 6.0; }
  long cnt = 0; double t0 = now();
  for (long r = 0; r < reps; r++) cnt += sieve(fl, n);
  double t1 = now();
  for (long r = 0; r < reps; r++) matmul(m, a, b, c);
  double t2 = now(); double chk = 0;
  for (long r = 0; r < reps; r++) cnt += fib(30);
  double t3 = now();
  for (long i = 0; i < m * m; i++) chk += c[i] * (i % 7);
  printf("%ld %.17g\n%.1f %.1f %.1f\n", cnt, chk, t1 - t0, t2 - t1, t3 - t2);
  return 0;
}
"""


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    fast = "--fast" in argv
    reps = "2" if fast else "5"
    sys.path.insert(0, os.getcwd())
    from tests.ir.helpers import compile_ir
    tmp = tempfile.mkdtemp(prefix="irbench-")
    log = os.path.join(tmp, "bench.log")
    drv = os.path.join(tmp, "driver.c")
    kc = os.path.join(tmp, "kern.c")
    with open(drv, "w") as f:
        f.write(DRIVER)
    with open(kc, "w") as f:
        f.write(KERNELS_C)
    variants = {}
    for opt in (0, 1):
        s = os.path.join(tmp, f"pycc_O{opt}.s")
        with open(s, "w") as f:
            f.write(compile_ir(SIEVE_IR, opt))
        variants[f"pycc -O{opt}"] = s
    variants["gcc -O0"] = (kc, "-O0")
    variants["gcc -O2"] = (kc, "-O2")
    results = {}
    failed = 0
    with open(log, "w") as lg:
        for name, src in variants.items():
            exe = os.path.join(tmp, name.replace(" ", "_").replace("-", ""))
            cmd = ["gcc", "-O2", "-o", exe, drv]
            if isinstance(src, tuple):
                obj = exe + ".o"
                subprocess.run(["gcc", src[1], "-c", "-o", obj, src[0]], check=True)
                cmd.append(obj)
            else:
                cmd.append(src)
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode:
                lg.write(f"ERROR {name}: link failed: {r.stderr}\n")
                failed += 1
                continue
            best = None
            out = None
            for _ in range(1 if fast else 7):
                p = subprocess.run([exe, reps], capture_output=True, text=True, timeout=300)
                lines = p.stdout.split("\n")
                out = lines[0]
                t = [float(x) for x in lines[1].split()]
                best = t if best is None else [min(a, b) for a, b in zip(best, t)]
            results[name] = (out, best)
    ref = results.get("gcc -O2", (None,))[0]
    print(f"kernels: sieve(2e6), matmul(120x120 f64), fib(30); {reps} reps each; CPU time, best of "
          f"{1 if fast else 7} runs, ms")
    print(f"{'variant':10s} {'sieve':>8s} {'matmul':>8s} {'fib':>8s}  result")
    passed = 0
    for name, (out, t) in results.items():
        ok = out == ref
        print(f"{name:10s} {t[0]:8.1f} {t[1]:8.1f} {t[2]:8.1f}  {'ok' if ok else 'MISMATCH ' + out}")
        if ok:
            passed += 1
        else:
            failed += 1
            with open(log, "a") as lg:
                lg.write(f"ERROR {name}: result {out} != {ref}\n")
    print(f"{passed} passed, {failed} failed (log: {log})")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
