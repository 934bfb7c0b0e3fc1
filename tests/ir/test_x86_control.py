"""Control flow, memory, globals, register pressure and whole programs on x86-64."""
import pytest

from tests.ir.helpers import ARENA, machine, run_native

CONTROL = """
@counter = global 8, align 8 [i64 100]
@table = internal readonly global 32, align 8 [i64 10, i64 20, i64 30, i64 40]
@gptr = global 8, align 8 [ptr @table + 16]

define i64 @fib(i64 %n) {
entry:
  %c = icmp slt i64 %n, 2
  br %c, base, rec
base:
  ret i64 %n
rec:
  %a = sub i64 %n, 1
  %b = sub i64 %n, 2
  %fa = call i64 @fib(i64 %a)
  %fb = call i64 @fib(i64 %b)
  %r = add i64 %fa, %fb
  ret i64 %r
}

; gcd with a phi swap cycle: (a, b) <- (b, a % b)
define i64 @gcd(i64 %a0, i64 %b0) {
entry:
  jmp loop
loop:
  %a = phi i64 [%a0, entry], [%b, body]
  %b = phi i64 [%b0, entry], [%r, body]
  %z = icmp eq i64 %b, 0
  br %z, done, body
body:
  %r = urem i64 %a, %b
  jmp loop
done:
  ret i64 %a
}

; pure swap cycle: returns x after n swaps of (x, y)
define i64 @swapper(i64 %x0, i64 %y0, i64 %n) {
entry:
  jmp loop
loop:
  %x = phi i64 [%x0, entry], [%y, loop]
  %y = phi i64 [%y0, entry], [%x, loop]
  %i = phi i64 [0, entry], [%i1, loop]
  %i1 = add i64 %i, 1
  %c = icmp slt i64 %i1, %n
  br %c, loop, done
done:
  ret i64 %x
}

define i32 @sw(i32 %x) {
entry:
  switch i32 %x, other [0: zero, 1: one, -5: neg, 1000000: big]
zero:
  ret i32 100
one:
  ret i32 101
neg:
  ret i32 102
big:
  ret i32 103
other:
  %r = mul i32 %x, 2
  ret i32 %r
}

define i64 @globals(i64 %k) {
entry:
  %c = load i64, @counter
  %c1 = add i64 %c, %k
  store i64 %c1, @counter
  %off = mul i64 %k, 8
  %p = ptradd @table, i64 %off
  %t = load i64, %p
  %gp = load ptr, @gptr
  %g = load i64, %gp
  %s = add i64 %t, %g
  %r = add i64 %s, %c1
  ret i64 %r
}

; sums a[0..n) of i32 (sign-extended) through a pointer argument
define i64 @sum32(ptr %a, i64 %n) {
entry:
  jmp loop
loop:
  %i = phi i64 [0, entry], [%i1, body]
  %s = phi i64 [0, entry], [%s1, body]
  %c = icmp ult i64 %i, %n
  br %c, body, done
body:
  %o = mul i64 %i, 4
  %p = ptradd %a, i64 %o
  %v = load i32, %p
  %w = sext i32 %v to i64
  %s1 = add i64 %s, %w
  %i1 = add i64 %i, 1
  jmp loop
done:
  ret i64 %s
}

; stores bytes/halves/words/quads at a pointer and reads them back combined
define i64 @mem(ptr %p, i64 %v) {
entry:
  %b = trunc i64 %v to i8
  store i8 %b, %p
  %p2 = ptradd %p, i64 2
  %h = trunc i64 %v to i16
  store i16 %h, %p2
  %p4 = ptradd %p, i64 4
  %w = trunc i64 %v to i32
  store i32 %w, %p4
  %p8 = ptradd %p, i64 8
  store i64 %v, %p8
  store i8 -1, %p
  %lb = load i8, %p
  %lh = load i16, %p2
  %lw = load i32, %p4
  %lq = load i64, %p8
  %e1 = zext i8 %lb to i64
  %e2 = zext i16 %lh to i64
  %e3 = zext i32 %lw to i64
  %x1 = xor i64 %e1, %e2
  %x2 = xor i64 %x1, %e3
  %x3 = xor i64 %x2, %lq
  ret i64 %x3
}

; dynamic alloca (VLA): fill n quads then sum them
define i64 @vla(i64 %n) {
entry:
  %sz = mul i64 %n, 8
  %a = alloca i64 %sz, align 16
  jmp fill
fill:
  %i = phi i64 [0, entry], [%i1, fill]
  %o = mul i64 %i, 8
  %p = ptradd %a, i64 %o
  %sq = mul i64 %i, %i
  store i64 %sq, %p
  %i1 = add i64 %i, 1
  %c = icmp ult i64 %i1, %n
  br %c, fill, sum
sum:
  %j = phi i64 [0, fill], [%j1, sum]
  %s = phi i64 [0, fill], [%s1, sum]
  %o2 = mul i64 %j, 8
  %q = ptradd %a, i64 %o2
  %v = load i64, %q
  %s1 = add i64 %s, %v
  %j1 = add i64 %j, 1
  %d = icmp ult i64 %j1, %n
  br %d, sum, out
out:
  ret i64 %s1
}

; computed goto: jump through a table of block addresses
define i32 @cgoto(i32 %k) {
entry:
  %t = alloca i64 16, align 8
  %a0 = blockaddr l0
  %a1 = blockaddr l1
  store ptr %a0, %t
  %t1 = ptradd %t, i64 8
  store ptr %a1, %t1
  %k1 = and i32 %k, 1
  %kk = zext i32 %k1 to i64
  %o = mul i64 %kk, 8
  %pp = ptradd %t, i64 %o
  %dest = load ptr, %pp
  indirectbr %dest, [l0, l1]
l0:
  ret i32 50
l1:
  ret i32 51
}

define i64 @sel(i64 %a, i64 %b) {
entry:
  %c = icmp sgt i64 %a, %b
  %m = select i64 %c, %a, %b
  %c2 = icmp ult i32 7, 9
  %k = select i32 %c2, 1, 2
  %kw = zext i32 %k to i64
  %r = add i64 %m, %kw
  ret i64 %r
}
"""


def _pressure_ir(n=40):
    """n values live at once across a call: forces spills and callee-saved registers."""
    lines = ["define i64 @pressure(i64 %x) {", "entry:"]
    for i in range(n):
        lines.append(f"  %v{i} = mul i64 %x, {i + 3}")
    lines.append("  %c = call i64 @fib(i64 10)")
    acc = "%c"
    for i in range(n):
        lines.append(f"  %s{i} = xor i64 {acc}, %v{i}")
        lines.append(f"  %t{i} = add i64 %s{i}, %v{n - 1 - i}")
        acc = f"%t{i}"
    lines.append(f"  ret i64 {acc}")
    lines.append("}")
    # the same with floats
    lines += ["define f64 @fpressure(f64 %x) {", "entry:"]
    for i in range(24):
        lines.append(f"  %v{i} = fmul f64 %x, {i + 1}.0")
    acc = "%x"
    for i in range(24):
        lines.append(f"  %s{i} = fadd f64 {acc}, %v{i}")
        lines.append(f"  %t{i} = fmul f64 %s{i}, %v{23 - i}")
        lines.append(f"  %u{i} = fdiv f64 %t{i}, 1000.0")
        acc = f"%u{i}"
    lines.append(f"  ret f64 {acc}")
    lines.append("}")
    return "\n".join(lines)


def py_pressure(x, n=40):
    m = (1 << 64) - 1
    v = [(x * (i + 3)) & m for i in range(n)]
    acc = 55
    for i in range(n):
        acc = ((acc ^ v[i]) + v[n - 1 - i]) & m
    return acc


def py_fpressure(x):
    v = [x * (i + 1.0) for i in range(24)]
    acc = x
    for i in range(24):
        acc = ((acc + v[i]) * v[23 - i]) / 1000.0
    return acc


@pytest.mark.parametrize("opt", [0, 1, "spill"])
def test_control_memory_globals(opt, tmp_path):
    m = machine(CONTROL + _pressure_ir(), opt, tmp_path)
    fibs = [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55]
    for n in range(11):
        assert m.call("fib", n) == fibs[n]
    import math
    for a, b in [(12, 18), (17, 5), (0, 9), (1071, 462), (2 ** 40, 2 ** 20 * 3)]:
        assert m.call("gcd", a, b) == math.gcd(a, b)
    for n in range(1, 6):
        assert m.call("swapper", 7, 9, n) == (7 if n % 2 else 9)
    for x, want in [(0, 100), (1, 101), (-5, 102), (1000000, 103), (7, 14), (-9, -18)]:
        assert m.call("sw", x & 0xFFFFFFFF, signed=True) & 0xFFFFFFFF == want & 0xFFFFFFFF
    # globals: counter accumulates across calls
    assert m.call("globals", 1) == 20 + 30 + 101
    assert m.call("globals", 2) == 30 + 30 + 103
    emu = m.emu
    vals = [3, -4, 5, 2 ** 31 - 1, -(2 ** 31), 9]
    emu.write(ARENA, b"".join((v & 0xFFFFFFFF).to_bytes(4, "little") for v in vals))
    assert m.call("sum32", ARENA, len(vals), signed=True) == sum(vals)
    v = 0x1122334455667788
    got = m.call("mem", ARENA + 64, v)
    assert got == 0xFF ^ (v & 0xFFFF) ^ (v & 0xFFFFFFFF) ^ v
    assert emu.read(ARENA + 64 + 8, 8) == v.to_bytes(8, "little")
    for n in (1, 2, 5, 33):
        assert m.call("vla", n) == sum(i * i for i in range(n))
    assert m.call("cgoto", 0) == 50
    assert m.call("cgoto", 3) == 51
    assert m.call("sel", 5, 3) == 6
    assert m.call("sel", 2, 9) == 10
    for x in (1, 3, 0xFFFF, 2 ** 40 + 7):
        assert m.call("pressure", x) == py_pressure(x)
    for x in (0.5, 1.25, -3.0):
        assert m.call("fpressure", x, ret="f64") == py_fpressure(x)


HELLO = r"""
@fmt = internal readonly global 26, align 1 [bytes "fib(%d) = %ld, %.3f %s\0a\00"]
@word = internal readonly global 3, align 1 [bytes "ok\00"]

define i64 @fib(i64 %n) {
entry:
  %c = icmp slt i64 %n, 2
  br %c, base, rec
base:
  ret i64 %n
rec:
  %a = sub i64 %n, 1
  %b = sub i64 %n, 2
  %fa = call i64 @fib(i64 %a)
  %fb = call i64 @fib(i64 %b)
  %r = add i64 %fa, %fb
  ret i64 %r
}

define i32 @main() {
entry:
  %i = alloca i64 4, align 4
  store i32 0, %i
  jmp cond
cond:
  %iv = load i32, %i
  %c = icmp sle i32 %iv, 20
  br %c, body, done
body:
  %n = sext i32 %iv to i64
  %f = call i64 @fib(i64 %n)
  %d = sitofp i64 %f to f64
  %h = fdiv f64 %d, 7.0
  %x = call i32 @printf(ptr @fmt, ..., i32 %iv, i64 %f, f64 %h, ptr @word)
  %iv1 = add i32 %iv, 5
  store i32 %iv1, %i
  jmp cond
done:
  %e = load ptr, @stdout
  %z = call i32 @fflush(ptr %e)
  ret i32 0
}
"""


@pytest.mark.parametrize("opt", [0, 1, "spill"])
def test_program_with_printf(opt, tmp_path):
    out = run_native(HELLO, opt, tmp_path)
    fib = [0, 1]
    while len(fib) < 21:
        fib.append(fib[-1] + fib[-2])
    want = "".join(f"fib({i}) = {fib[i]}, {fib[i] / 7.0:.3f} ok\n" for i in range(0, 21, 5))
    assert out == want


def switch_ir():
    cases = ", ".join(f"{c}: c{c & 0xFF}" for c in (-3, -2, 0, 1, 2, 4, 5, 7, 9))
    blocks = "\n".join(f"c{c & 0xFF}:\n  %r{c & 0xFF} = add {{t}} %x, {c * 10}\n  ret {{t}} %r{c & 0xFF}"
                       for c in (-3, -2, 0, 1, 2, 4, 5, 7, 9))
    out = []
    for t in ("i8", "i32", "i64"):
        out.append(f"define {t} @jt_{t}({t} %x) {{\nentry:\n  switch {t} %x, dflt [{cases}]\n"
                   + blocks.format(t=t) + f"\ndflt:\n  ret {t} -1\n}}")
    return "\n".join(out)


@pytest.mark.parametrize("opt", [0, 1, "spill"])
def test_switch_jump_table(opt, tmp_path):
    m = machine(switch_ir(), opt, tmp_path)
    table = {-3, -2, 0, 1, 2, 4, 5, 7, 9}
    for t, bits in (("i8", 8), ("i32", 32), ("i64", 64)):
        mask = (1 << bits) - 1
        for x in range(-6, 13):
            want = x + x * 10 if x in table else -1
            garbage = (x & mask) | (0x5A5A << bits if bits < 64 else 0)
            assert m.call(f"jt_{t}", garbage) & mask == want & mask, (t, x)


LINKAGE = r"""
@names = internal readonly global 24, align 8 [ptr @s1, ptr @s2, ptr null]
@s1 = internal readonly global 4, align 1 [bytes "one\00"]
@s2 = internal readonly global 4, align 1 [bytes "two\00"]
@fmt = internal readonly global 32, align 1 [bytes "%s %s %d %d %d %ld %d\0a\00"]
@counter = internal global 4, align 4 [i32 0]
@ctor = internal global 8, align 8 section ".init_array" [ptr @init]
@shared_c = common global 8, align 8
@hid = hidden global 4, align 4 [i32 9]

define internal void @init() section ".text.startup" {
entry:
  store i32 41, @counter
  ret
}

define weak i32 @maybe() {
entry:
  ret i32 5
}

define hidden i32 @main() {
entry:
  %buf = alloca i64 40, align 16
  memset %buf, i8 -1, i64 40, align 16
  memset %buf, i8 0, i64 13, align 16
  %p12 = ptradd %buf, i64 12
  %b12 = load i8, %p12
  %p13 = ptradd %buf, i64 13
  %b13 = load i8, %p13
  %z = zext i8 %b12 to i32
  %o = zext i8 %b13 to i32
  %n1 = load ptr, @names
  %pn2 = ptradd @names, i64 8
  %n2 = load ptr, %pn2
  %c = load i32, @counter
  %c1 = add i32 %c, 1
  %m = call i32 @maybe()
  store i64 77, @shared_c
  %sc = load i64, @shared_c
  %h = load i32, @hid
  %r = call i32 @printf(ptr @fmt, ..., ptr %n1, ptr %n2, i32 %c1, i32 %z, i32 %o, i64 %sc, i32 %m)
  ret i32 0
}
"""


@pytest.mark.parametrize("opt", [0, 1])
def test_linkage_sections_memset(opt, tmp_path):
    out = run_native(LINKAGE, opt, tmp_path)
    assert out == "one two 42 0 255 77 5\n"


LOST_COPY = """
define i64 @lc(i64 %n) {
entry:
  %t = blockaddr head
  %u = blockaddr exit
  jmp head
head:
  %p = phi i64 [0, entry], [%p1, head]
  %q = phi f64 [0.5, entry], [%q1, head]
  %p1 = add i64 %p, 1
  %q1 = fadd f64 %q, 1.0
  %c = icmp slt i64 %p1, %n
  %dest = select ptr %c, %t, %u
  indirectbr %dest, [head, exit]
exit:
  %qi = fptosi f64 %q to i64
  %r = mul i64 %qi, 1000
  %s = add i64 %r, %p
  ret i64 %s
}
"""


@pytest.mark.parametrize("opt", [0, 1, "spill"])
def test_indirectbr_phis_no_lost_copy(opt, tmp_path):
    m = machine(LOST_COPY, opt, tmp_path)
    for n in (1, 2, 5):
        # exit sees the values of the last iteration's phis: p = n-1, q = n-1+0.5
        assert m.call("lc", n) == int(n - 1 + 0.5) * 1000 + n - 1


VLA_LOOP = """
; a VLA inside a loop body: without stackrestore the stack would grow every iteration
define i64 @vla_loop(i64 %n, i64 %iters) {
entry:
  %sp0 = stacksave
  jmp loop
loop:
  %i = phi i64 [0, entry], [%i1, body_end]
  %acc = phi i64 [0, entry], [%acc1, body_end]
  %c = icmp ult i64 %i, %iters
  br %c, body, done
body:
  %sp = stacksave
  %sz = mul i64 %n, 8
  %a = alloca i64 %sz, align 16
  store i64 %i, %a
  %v = load i64, %a
  %acc1 = add i64 %acc, %v
  stackrestore %sp
  jmp body_end
body_end:
  %i1 = add i64 %i, 1
  jmp loop
done:
  %sp1 = stacksave
  %d = ptrtoint ptr %sp1 to i64
  %e = ptrtoint ptr %sp0 to i64
  %diff = sub i64 %e, %d
  %fa = frameaddress
  %ra = returnaddress
  %fi = ptrtoint ptr %fa to i64
  %x = sub i64 %fi, %e
  %big = icmp ugt i64 %x, 4096
  %bz = zext i1 %big to i64
  %r1 = mul i64 %diff, 1000000
  %r2 = add i64 %r1, %acc
  %r3 = mul i64 %bz, 7000000000
  %r = add i64 %r2, %r3
  ret i64 %r
}
"""


@pytest.mark.parametrize("opt", [0, 1])
def test_vla_stacksave_restore(opt, tmp_path):
    m = machine(VLA_LOOP, opt, tmp_path)
    # 100000 iterations of a 8 KB VLA fit in the 1 MB emulator stack only if freed each time
    assert m.call("vla_loop", 1024, 100000) == sum(range(100000))
