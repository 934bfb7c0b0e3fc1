"""The call graph, IR cloning and the inliner on hand-written IR."""
from toolchain.cc.ir import print_module, verify
from toolchain.cc.ir.clone import clone_blocks
from toolchain.cc.ir.core import Function
from toolchain.cc.opt import optimize_module
from toolchain.cc.opt.callgraph import CallGraph
from toolchain.cc.opt.inline import inline_call, inlinable, size_of
from tests.opt.helpers import calls, ops, parsed, same_results

CHAIN = """
define internal i64 @leaf(i64 %x) {
entry:
  %r = mul i64 %x, 3
  ret i64 %r
}

define internal i64 @mid(i64 %x) {
entry:
  %a = call i64 @leaf(i64 %x)
  %b = add i64 %a, 1
  ret i64 %b
}

define i64 @rec(i64 %n) {
entry:
  %c = icmp eq i64 %n, 0
  br %c, done, more
more:
  %m = sub i64 %n, 1
  %r = call i64 @rec(i64 %m)
  %s = add i64 %r, %n
  ret i64 %s
done:
  ret i64 0
}

define i64 @top(i64 %x) {
entry:
  %a = call i64 @mid(i64 %x)
  %b = call i64 @rec(i64 %a)
  ret i64 %b
}
"""


def test_callgraph_bottom_up_and_cycles():
    m = parsed(CHAIN)
    cg = CallGraph(m)
    order = [c[0] for c in cg.bottom_up()]
    assert order.index("leaf") < order.index("mid") < order.index("top")
    assert order.index("rec") < order.index("top")
    assert cg.recursive(["rec"]) and not cg.recursive(["leaf"])
    assert cg.direct_uses["leaf"] == 1 and cg.other_uses["leaf"] == 0


def test_inliner_bottom_up_keeps_recursion(tmp_path):
    def opt(m):
        optimize_module(m, 2, verify=True)
    m = same_results(CHAIN, opt, tmp_path, "top", [(0,), (1,), (5,), (100,)])
    top = m.function("top")
    assert calls(top) == ["rec"]        # mid, leaf and one level of rec inlined
    assert m.function("leaf") is None and m.function("mid") is None   # removed once unused
    assert "rec" in calls(m.function("rec"))


DIAMOND = """
define internal i64 @absdiff(i64 %a, i64 %b) {
entry:
  %c = icmp slt i64 %a, %b
  br %c, lt, ge
lt:
  %d1 = sub i64 %b, %a
  ret i64 %d1
ge:
  %d2 = sub i64 %a, %b
  ret i64 %d2
}

define i64 @f(i64 %x, i64 %y) {
entry:
  %s = alloca i64 8, align 8
  store i64 %x, %s
  %v = load i64, %s
  %r = call i64 @absdiff(i64 %v, i64 %y)
  %t = call i64 @absdiff(i64 %r, i64 7)
  %u = add i64 %t, 1
  ret i64 %u
}
"""


def test_inline_call_splices_two_returns_into_a_phi(tmp_path):
    def one(m):
        f = m.function("f")
        call = next(i for i in f.instructions() if i.op == "call")
        inline_call(f, call, m.function("absdiff"))
    m = same_results(DIAMOND, one, tmp_path, "f", [(1, 9), (9, 1), (-5, 3), (7, 7)])
    f = m.function("f")
    assert calls(f) == ["absdiff"]
    assert ops(f).count("phi") == 1


def test_clone_copies_slots_and_keeps_the_source():
    m = parsed(DIAMOND)
    src = m.function("absdiff")
    dst = Function("copy", src.ret_type, [])
    vmap = {p: p for p in src.params}
    blocks = clone_blocks(src, dst, vmap)
    assert len(blocks) == len(src.blocks) == len(dst.blocks)
    a = [(i.op, i.pred, len(i.args)) for i in src.instructions()]
    b = [(i.op, i.pred, len(i.args)) for i in dst.instructions()]
    assert a == b
    assert all(i.block in dst.blocks for i in dst.instructions())
    br = dst.blocks[0].terminator
    assert all(t in dst.blocks for t in br.targets)
    verify(m)


ATTRS = """
define i64 @big(i64 %x) {
entry:
  %a = mul i64 %x, %x
  %b = add i64 %a, 1
  %c = mul i64 %b, %a
  %d = add i64 %c, %x
  %e = mul i64 %d, %d
  %g = xor i64 %e, %a
  %h = mul i64 %g, 3
  %i = add i64 %h, %b
  %j = mul i64 %i, %i
  %k = sub i64 %j, %c
  %l = mul i64 %k, 5
  %n = xor i64 %l, %d
  %o = mul i64 %n, %n
  %p = add i64 %o, %e
  %q = mul i64 %p, 7
  %r = sub i64 %q, %g
  %s = mul i64 %r, %r
  %t = add i64 %s, %h
  %u = mul i64 %t, 11
  %v = xor i64 %u, %i
  %w = mul i64 %v, %v
  %y = add i64 %w, %j
  ret i64 %y
}

define i64 @tiny(i64 %x) {
entry:
  %r = add i64 %x, 1
  ret i64 %r
}

define i64 @va(i64 %x, ...) {
entry:
  ret i64 %x
}

define i64 @g(i64 %x) {
entry:
  %a = call i64 @big(i64 %x)
  %b = call i64 @tiny(i64 %a)
  %c = call i64 @va(i64 %b, ..., i64 1)
  ret i64 %c
}
"""


def test_policy_attributes_and_levels():
    m = parsed(ATTRS)
    optimize_module(m, 2, verify=True)
    assert calls(m.function("g")) == ["big", "va"]      # too big; variadic
    m = parsed(ATTRS)
    m.function("big").attrs.add("always_inline")
    m.function("tiny").attrs.add("noinline")
    optimize_module(m, 2, verify=True)
    assert calls(m.function("g")) == ["tiny", "va"]
    m = parsed(ATTRS)
    optimize_module(m, "g", verify=True)                # -Og: only always_inline
    assert calls(m.function("g")) == ["big", "tiny", "va"]
    m = parsed(ATTRS)
    optimize_module(m, 1, verify=True)                  # -O1: exported functions stay
    assert calls(m.function("g")) == ["big", "tiny", "va"]
    m = parsed(ATTRS)
    optimize_module(m, 2, verify=True, pic=True)        # -fPIC: interposable
    assert calls(m.function("g")) == ["big", "tiny", "va"]
    assert not inlinable(m.function("va"))
    assert size_of(m.function("big")) > 20


BYVAL = """
define internal i64 @sum(byval struct<16, 8> { i64@0, i64@8 } %p) {
entry:
  %a = load i64, %p
  %q = ptradd %p, i64 8
  %b = load i64, %q
  store i64 0, %p
  %s = add i64 %a, %b
  ret i64 %s
}

define i64 @h(i64 %x) {
entry:
  %s = alloca i64 16, align 8
  store i64 %x, %s
  %q = ptradd %s, i64 8
  store i64 5, %q
  %r = call i64 @sum(byval struct<16, 8> { i64@0, i64@8 } %s)
  %a = load i64, %s
  %t = add i64 %r, %a
  ret i64 %t
}
"""


def test_byval_argument_is_copied(tmp_path):
    def opt(m):
        optimize_module(m, 2, verify=True)
    m = same_results(BYVAL, opt, tmp_path, "h", [(1,), (40,)])
    assert calls(m.function("h")) == []
    print_module(m)


IPCP = """
define internal i64 @scale(i64 %x, i64 %k) {
entry:
  %a = mul i64 %x, %k
  %b = add i64 %a, %k
  %c = mul i64 %b, %x
  %d = add i64 %c, %k
  %e = mul i64 %d, %x
  %f = add i64 %e, %k
  %g = mul i64 %f, %x
  %h = add i64 %g, %k
  %i = mul i64 %h, %x
  %j = add i64 %i, %k
  %l = mul i64 %j, %x
  %n = add i64 %l, %k
  %o = mul i64 %n, %x
  %p = add i64 %o, %k
  %q = mul i64 %p, %x
  %r = add i64 %q, %k
  %s = mul i64 %r, %x
  %t = add i64 %s, %k
  %u = mul i64 %t, %x
  %v = add i64 %u, %k
  %w = mul i64 %v, %x
  %y = add i64 %w, %k
  store i64 %y, @out
  ret i64 0
}

@out = global 8, align 8 [i64 0]

define i64 @caller(i64 %x) {
entry:
  %a = call i64 @scale(i64 %x, i64 3)
  %y = add i64 %x, 1
  %b = call i64 @scale(i64 %y, i64 3)
  %s = add i64 %a, %b
  ret i64 %s
}
"""


def test_ipcp_constant_argument_and_result():
    m = parsed(IPCP)
    optimize_module(m, "s", verify=True)
    assert calls(m.function("caller")) == ["scale", "scale"]     # too big to inline at -Os
    assert m.function("scale").params[1].users == []             # %k is 3 everywhere
    assert ops(m.function("caller"))[-1] == "ret"
    assert m.function("caller").blocks[-1].instrs[-1].args[0].value == 0
