"""Random SSA programs (phis, floats, calls, selects under register pressure): -O0, -O1 and
spill-everything code must agree."""
import random

import pytest

from tests.ir.helpers import machine


def gen(rnd, name):
    L = [f"define i64 @{name}(i64 %a, i64 %b, f64 %x) {{", "entry:", "  jmp loop", "loop:",
         "  %k = phi i64 [0, entry], [%k1, loop]",
         "  %acc = phi i64 [%a, entry], [%accN, loop]",
         "  %acc2 = phi i64 [%b, entry], [%acc2N, loop]",
         "  %facc = phi f64 [%x, entry], [%faccN, loop]"]
    ints = ["%a", "%b", "%k", "%acc", "%acc2"]
    flts = ["%x", "%facc"]
    n = 0
    for _ in range(rnd.randint(10, 60)):
        n += 1
        v = f"%v{n}"
        r = rnd.random()
        if r < 0.5:
            op = rnd.choice(["add", "sub", "mul", "xor", "and", "or"])
            L.append(f"  {v} = {op} i64 {rnd.choice(ints)}, {rnd.choice(ints + ['7', '-3'])}")
            ints.append(v)
        elif r < 0.75:
            op = rnd.choice(["fadd", "fsub", "fmul"])
            L.append(f"  {v} = {op} f64 {rnd.choice(flts)}, {rnd.choice(flts + ['0.5', '-2.0'])}")
            flts.append(v)
        elif r < 0.85:
            L.append(f"  {v} = sitofp i64 {rnd.choice(ints)} to f64")
            flts.append(v)
        elif r < 0.93:
            L.append(f"  {v} = call i64 @h(i64 {rnd.choice(ints)}, f64 {rnd.choice(flts)})")
            ints.append(v)
        else:
            c = f"%c{n}"
            L.append(f"  {c} = icmp slt i64 {rnd.choice(ints)}, {rnd.choice(ints)}")
            L.append(f"  {v} = select i64 {c}, {rnd.choice(ints)}, {rnd.choice(ints)}")
            ints.append(v)
    L.append(f"  %accN = add i64 {rnd.choice(ints[4:] or ints)}, {rnd.choice(ints)}")
    L.append(f"  %acc2N = xor i64 {rnd.choice(ints)}, {rnd.choice(ints)}")
    L.append(f"  %faccN = fmul f64 {rnd.choice(flts)}, 0.75")
    L += ["  %k1 = add i64 %k, 1", "  %cc = icmp slt i64 %k1, 4", "  br %cc, loop, exit", "exit:",
          "  %fb = bitcast f64 %faccN to i64", "  %r1 = xor i64 %accN, %fb",
          "  %r = add i64 %r1, %acc2N", "  ret i64 %r", "}"]
    return "\n".join(L)

H = """define internal i64 @h(i64 %p, f64 %q) {
entry:
  %t = fptosi f64 %q to i64
  %r = add i64 %p, %t
  %s = mul i64 %r, 3
  ret i64 %s
}
"""


@pytest.mark.parametrize("seed", [101, 102])
def test_random_ssa_programs(seed, tmp_path):
    rnd = random.Random(seed)
    text = H + "\n".join(gen(rnd, f"s{i}") for i in range(8))
    ms = {o: machine(text, o, tmp_path / str(o)) for o in (0, 1, "spill")}
    for i in range(8):
        for args in [(1, 2, 0.5), (-5, 99, 3.25), (1 << 40, 7, -1.5)]:
            r = [ms[o].call(f"s{i}", *args) for o in (0, 1, "spill")]
            assert len(set(r)) == 1, (seed, i, args, r)
