"""Bit intrinsics, atomics, TLS, setjmp/longjmp and thread safety on x86-64."""
import math
import random

import pytest

from tests.ir.helpers import ARENA, machine, run_native

BITS = {"i8": 8, "i16": 16, "i32": 32, "i64": 64}


def intrinsics_ir():
    fs = []
    for t in BITS:
        for op in ("ctpop", "ctlz", "cttz", "bswap"):
            if op == "bswap" and t == "i8":
                continue
            fs.append(f"define i64 @{op}_{t}({t} %a) {{\nentry:\n  %r = {op} {t} %a\n"
                      f"  %w = zext {t} %r to i64\n  ret i64 %w\n}}" if t != "i64" else
                      f"define i64 @{op}_{t}({t} %a) {{\nentry:\n  %r = {op} {t} %a\n"
                      f"  ret i64 %r\n}}")
    fs.append("define f64 @fabs(f64 %a) {\nentry:\n  %r = fabs f64 %a\n  ret f64 %r\n}")
    fs.append("define f64 @sqrt(f64 %a) {\nentry:\n  %r = sqrt f64 %a\n  ret f64 %r\n}")
    fs.append("define f32 @sqrt32(f32 %a) {\nentry:\n  %r = sqrt f32 %a\n  ret f32 %r\n}")
    for kind in ("add", "sub", "and", "or", "xor", "xchg"):
        for t in ("i32", "i64", "i8"):
            fs.append(f"define i64 @rmw_{kind}_{t}(ptr %p, {t} %v) {{\nentry:\n"
                      f"  %r = atomicrmw {kind} {t} %p, %v\n  %w = zext {t} %r to i64\n"
                      f"  ret i64 %w\n}}" if t != "i64" else
                      f"define i64 @rmw_{kind}_{t}(ptr %p, {t} %v) {{\nentry:\n"
                      f"  %r = atomicrmw {kind} {t} %p, %v\n  ret i64 %r\n}}")
    fs.append("define void @rmw_void(ptr %p, i64 %v) {\nentry:\n"
              "  %r = atomicrmw or i64 %p, %v\n  ret\n}")
    fs.append("define i64 @cas(ptr %p, i64 %e, i64 %n) {\nentry:\n"
              "  %r = cmpxchg i64 %p, %e, %n\n  ret i64 %r\n}")
    fs.append("define void @astore(ptr %p, i32 %v) {\nentry:\n"
              "  store atomic i32 %v, %p\n  fence\n  ret\n}")
    return "\n".join(fs)


@pytest.mark.parametrize("opt", [0, 1, "spill"])
def test_intrinsics_and_atomics(opt, tmp_path):
    m = machine(intrinsics_ir(), opt, tmp_path)
    rnd = random.Random(11)
    for t, bits in BITS.items():
        vals = [1, (1 << bits) - 1, 1 << (bits - 1), 0x5A & ((1 << bits) - 1)] + \
            [rnd.getrandbits(bits) | 1 for _ in range(8)]
        for v in vals:
            garbage = v | (0xF00D << bits if bits < 64 else 0)
            assert m.call(f"ctpop_{t}", garbage) == bin(v).count("1"), (t, v)
            assert m.call(f"ctlz_{t}", garbage) == bits - v.bit_length(), (t, v)
            assert m.call(f"cttz_{t}", garbage) == (v & -v).bit_length() - 1, (t, v)
            if bits > 8:
                want = int.from_bytes(v.to_bytes(bits // 8, "little"), "big")
                assert m.call(f"bswap_{t}", garbage) == want, (t, v)
    assert m.call("fabs", -2.5, ret="f64") == 2.5
    assert math.copysign(1, m.call("fabs", -0.0, ret="f64")) == 1
    assert m.call("sqrt", 2.0, ret="f64") == math.sqrt(2.0)
    assert m.call("sqrt32", ("f32", 16.0), ret="f32") == 4.0
    emu = m.emu
    p = ARENA + 256
    py = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "and": lambda a, b: a & b,
          "or": lambda a, b: a | b, "xor": lambda a, b: a ^ b, "xchg": lambda a, b: b}
    for kind, f in py.items():
        for t, bits in (("i32", 32), ("i64", 64), ("i8", 8)):
            mask = (1 << bits) - 1
            old, v = 0x1234567890ABCDEF & mask, 0x0F0F0F0F0F0F0F33 & mask
            emu.write(p, (old | (0xAA << bits if bits < 64 else 0)).to_bytes(8, "little"))
            assert m.call(f"rmw_{kind}_{t}", p, v) == old, (kind, t)
            got = int.from_bytes(emu.read(p, 8), "little")
            assert got & mask == f(old, v) & mask, (kind, t)
            if bits < 64:
                assert got >> bits == 0xAA, (kind, t)      # neighbours untouched
    emu.write(p, (6).to_bytes(8, "little"))
    m.call("rmw_void", p, 9)
    assert int.from_bytes(emu.read(p, 8), "little") == 15
    assert m.call("cas", p, 15, 100) == 15
    assert int.from_bytes(emu.read(p, 8), "little") == 100
    assert m.call("cas", p, 15, 7) == 100
    assert int.from_bytes(emu.read(p, 8), "little") == 100
    m.call("astore", p, 0xDEAD)
    assert int.from_bytes(emu.read(p, 4), "little") == 0xDEAD


NATIVE = r"""
extern @ext_tls tls
@tcount = internal tls global 8, align 8 [i64 5]
@fmt = internal readonly global 32, align 1 [bytes "tls %ld ext %d jmp %d shared %ld\0a\00"]

define i64 @bump(i64 %k) {
entry:
  %v = load i64, @tcount
  %w = add i64 %v, %k
  store i64 %w, @tcount
  %e = load i32, @ext_tls
  %e1 = add i32 %e, 1
  store i32 %e1, @ext_tls
  ret i64 %w
}

define i32 @jumper(ptr %buf) {
entry:
  %x = alloca i64 4, align 4
  store volatile i32 10, %x
  %r = call i32 @_setjmp(ptr %buf)
  %z = icmp eq i32 %r, 0
  br %z, first, second
first:
  store volatile i32 20, %x
  call void @longjmp(ptr %buf, i32 3)
  unreachable
second:
  %v = load volatile i32, %x
  %s = add i32 %v, %r
  ret i32 %s
}

define i32 @main() {
entry:
  %buf = alloca i64 200, align 16
  %a = call i64 @bump(i64 2)
  %b = call i64 @bump(i64 3)
  %e = load i32, @ext_tls
  %j = call i32 @jumper(ptr %buf)
  %s = call i64 @threads()
  %p = call i32 @printf(ptr @fmt, ..., i64 %b, i32 %e, i32 %j, i64 %s)
  ret i32 0
}

define ptr @worker(ptr %arg) {
entry:
  jmp loop
loop:
  %i = phi i32 [0, entry], [%i1, loop]
  %o = atomicrmw add i64 @shared, 1
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, 100000
  br %c, loop, done
done:
  ret ptr null
}
"""

NATIVE_C = r"""
#include <pthread.h>
__thread int ext_tls = 40;
long shared;
void *worker(void *);
long threads(void) {
  pthread_t t[4];
  for (int i = 0; i < 4; i++) pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < 4; i++) pthread_join(t[i], 0);
  return shared;
}
"""


@pytest.mark.parametrize("opt", [0, 1])
def test_tls_setjmp_atomics_native(opt, tmp_path):
    out = run_native(NATIVE, opt, tmp_path, extra_c=NATIVE_C, libs=["-pthread"])
    assert out == "tls 10 ext 42 jmp 23 shared 400000\n"
