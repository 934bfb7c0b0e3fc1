"""mem2reg builds pruned SSA: a phi for a promoted alloca only where the variable is live on
entry (read before being stored again), even at blocks in the iterated dominance frontier of
its stores."""
from __future__ import annotations

from toolchain.cc.ir import parse_module, print_module, verify
from toolchain.cc.opt import mem2reg, optimize_module

# %t is a temporary stored and read again inside each arm and inside the loop body: it is dead
# at the join block j and at the loop header h, both in the dominance frontier of its stores.
# %x is read after the join and around the loop, so it needs phis at j and h.
DEAD_AT_JOIN = """
define i32 @f(i1 %c, i32 %n) {
entry:
  %t = alloca i32 4, align 4
  %x = alloca i32 4, align 4
  br %c, a, b
a:
  store i32 1, %t
  %1 = load i32, %t
  store i32 %1, %x
  jmp j
b:
  store i32 2, %t
  %2 = load i32, %t
  %3 = add i32 %2, 5
  store i32 %3, %x
  jmp j
j:
  jmp h
h:
  %4 = load i32, %x
  %5 = icmp slt i32 %4, %n
  br %5, body, out
body:
  store i32 %4, %t
  %6 = load i32, %t
  %7 = add i32 %6, 1
  store i32 %7, %x
  jmp h
out:
  %8 = load i32, %x
  ret i32 %8
}"""


def _phis(f):
    return {b.name: [(p, list(p.args)) for p in b.phis()] for b in f.blocks}


def test_no_phi_where_variable_is_dead():
    m = parse_module(DEAD_AT_JOIN)
    f = m.functions[0]
    assert mem2reg(f)
    verify(m)
    phis = _phis(f)
    # one phi (for %x) at the join and one at the loop header; none for %t anywhere
    assert len(phis["j"]) == 1 and len(phis["h"]) == 1, print_module(m)
    assert sum(len(v) for v in phis.values()) == 2, print_module(m)
    ops = [i.op for i in f.instructions()]
    assert "alloca" not in ops and "load" not in ops and "store" not in ops
    (jphi, jargs), = phis["j"]
    assert {getattr(a, "value", None) for a in jargs} >= {1}
    (hphi, hargs), = phis["h"]
    assert jphi in hargs                    # the loop header merges the join's value
    assert all(a.block is not None for a in hargs if hasattr(a, "block"))


def test_phi_kept_when_live_through_blocks_without_uses():
    # %x is stored in both arms, passes through j and k without being touched and is read in r:
    # live-in at j (a non-storing predecessor of a live-in block), so its phi stays there.
    m = parse_module("""
define i32 @g(i1 %c) {
entry:
  %x = alloca i32 4, align 4
  br %c, a, b
a:
  store i32 1, %x
  jmp j
b:
  store i32 2, %x
  jmp j
j:
  jmp k
k:
  jmp r
r:
  %v = load i32, %x
  ret i32 %v
}""")
    f = m.functions[0]
    mem2reg(f)
    verify(m)
    phis = _phis(f)
    assert len(phis["j"]) == 1 and sum(len(v) for v in phis.values()) == 1
    text = print_module(m)
    assert "[1, a]" in text and "[2, b]" in text


def test_store_only_and_local_only_variables_get_no_phis():
    # %s is only stored; %l is always stored before being read in the same block
    m = parse_module("""
define i32 @h(i1 %c, i32 %a) {
entry:
  %s = alloca i32 4, align 4
  %l = alloca i32 4, align 4
  br %c, a, b
a:
  store i32 %a, %s
  store i32 3, %l
  %1 = load i32, %l
  jmp j
b:
  store i32 4, %s
  jmp j
j:
  store i32 %a, %l
  %2 = load i32, %l
  ret i32 %2
}""")
    f = m.functions[0]
    mem2reg(f)
    verify(m)
    assert not any(i.op == "phi" for i in f.instructions())
    assert not any(i.op in ("alloca", "load", "store") for i in f.instructions())


def test_pruned_loop_still_verifies_through_o1():
    # the whole -O1 pipeline runs on the pruned form with the verifier after every pass
    m = parse_module(DEAD_AT_JOIN)
    optimize_module(m, 1, verify=True)
    text = print_module(m)
    assert "alloca" not in text and "phi" in text
