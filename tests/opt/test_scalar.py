"""condprop, memfwd and the constfold additions on hand-written IR, each checked by running
the function before and after the pass."""
from toolchain.cc.opt.condprop import condprop
from toolchain.cc.opt.constfold import constfold
from toolchain.cc.opt.dce import dce
from toolchain.cc.opt.memfwd import memfwd
from toolchain.cc.opt.simplifycfg import simplifycfg
from tests.opt.helpers import calls, ops, parsed, same_results


def _run(*passes):
    def t(m):
        for f in m.functions:
            for _ in range(3):
                for p in passes:
                    p(f)
    return t


CONTRA = """
define void @link_error() {
entry:
  ret
}

define i64 @f(i64 %x, i64 %y) {
entry:
  %c = icmp slt i64 %x, %y
  br %c, a, out
a:
  %d = icmp sgt i64 %x, %y
  br %d, bad, b
b:
  %e = icmp sle i64 %y, %x
  br %e, bad, c
c:
  %g = icmp ne i64 %x, %y
  br %g, good, bad
good:
  %u = icmp ult i64 %x, %y
  %uz = zext i1 %u to i64
  ret i64 %uz
bad:
  call void @link_error()
  ret i64 99
out:
  %k = icmp eq i64 %x, 5
  br %k, five, other
five:
  %r = add i64 %x, 1
  ret i64 %r
other:
  ret i64 7
}
"""


def test_condprop_decides_implied_and_contradicted_compares(tmp_path):
    m = same_results(CONTRA, _run(condprop, constfold, simplifycfg, dce), tmp_path, "f",
                     [(1, 2), (2, 1), (5, 5), (5, 1), (-3, 4), (4, -3)])
    f = m.function("f")
    assert "link_error" not in calls(f)
    assert "ret i64 6" in __import__("toolchain.cc.ir", fromlist=["x"]).print_module(m)
    assert ops(f).count("icmp") == 3     # slt, eq and the unsigned one (not implied)


SWITCH = """
define i64 @s(i64 %x) {
entry:
  switch i64 %x, dflt [3: three, 4: four]
three:
  %a = mul i64 %x, 10
  ret i64 %a
four:
  %b = icmp eq i64 %x, 4
  %bz = zext i1 %b to i64
  ret i64 %bz
dflt:
  ret i64 0
}
"""


def test_condprop_switch_case_value(tmp_path):
    m = same_results(SWITCH, _run(condprop, constfold), tmp_path, "s", [(3,), (4,), (5,)])
    assert "mul" not in ops(m.function("s"))


MEM = """
@g = global 8, align 8 [i64 1]

define i64 @m(ptr %p, i64 %x) {
entry:
  %loc = alloca i64 16, align 8
  %esc = alloca i64 8, align 8
  store i64 %x, %loc
  %hi = ptradd %loc, i64 8
  store i64 3, %hi
  store i64 4, %esc
  call void @ext(ptr %esc)
  store i64 9, %p
  %a = load i64, %loc
  %b = load i64, %hi
  %c = load i64, %esc
  %d = load i64, %p
  %e = load i64, %p
  store i64 %x, @g
  store i64 5, %p
  %h = load i64, @g
  %v = load volatile i64, %loc
  %s1 = add i64 %a, %b
  %s2 = add i64 %s1, %c
  %s3 = add i64 %s2, %d
  %s4 = add i64 %s3, %e
  %s5 = add i64 %s4, %h
  %s6 = add i64 %s5, %v
  ret i64 %s6
}
"""


def test_memfwd_respects_escape_and_may_alias():
    m = parsed(MEM)
    f = m.function("m")
    assert memfwd(f)
    loads = [i for i in f.instructions() if i.op == "load"]
    # forwarded: %a, %b (private alloca, across the call), %d and %e (the store to %p);
    # kept: %c (escaped to the call), %h (the store to %p may alias @g), the volatile load
    assert [i.name for i in loads] == ["c", "h", "v"]
    assert sum(1 for i in loads if i.extra == "volatile") == 1


RUN = """
define i64 @r(i64 %x) {
entry:
  %loc = alloca i64 16, align 8
  store i64 %x, %loc
  %hi = ptradd %loc, i64 8
  store i64 3, %hi
  %lo4 = ptradd %loc, i64 4
  store i32 7, %lo4
  %a = load i64, %loc
  %b = load i64, %hi
  %c = load i32, %lo4
  %cz = zext i32 %c to i64
  %s = add i64 %a, %b
  %t = add i64 %s, %cz
  ret i64 %t
}
"""


def test_memfwd_partial_overwrite_runs_the_same(tmp_path):
    m = same_results(RUN, _run(memfwd), tmp_path, "r", [(0,), (0x1234567812345678,), (5,)])
    # %b and %c forwarded; %a not (its bytes 4-7 were overwritten by the i32 store)
    assert sum(1 for i in m.function("r").instructions() if i.op == "load") == 1


FOLDS = """
define i64 @k(i64 %x, f64 %d) {
entry:
  %a = shl i64 0, %x
  %b = ashr i64 -1, %x
  %c = udiv i64 0, %x
  %fa = call f64 @fabs(f64 %d)
  %lt = fcmp olt f64 %fa, 0.0
  %gt = fcmp ogt f64 -1.0, %fa
  %z1 = zext i1 %lt to i64
  %z2 = zext i1 %gt to i64
  %s = add i64 %a, %b
  %t = add i64 %s, %c
  %u = add i64 %t, %z1
  %v = add i64 %u, %z2
  ret i64 %v
}
"""


def test_constfold_shift_of_constants_and_fabs_compares():
    from toolchain.cc.opt.libcalls import inline_math
    m = parsed(FOLDS)
    f = m.function("k")
    assert inline_math(f, set())
    assert "fabs" in ops(f) and not calls(f)
    constfold(f)
    dce(f)
    assert [i.op for i in f.instructions()] == ["ret"]
    assert f.blocks[0].instrs[-1].args[0].signed == -1


GCD = """
define i64 @gcd(i64 %a, i64 %b) {
entry:
  %z = icmp eq i64 %b, 0
  br %z, done, more
more:
  %r = urem i64 %a, %b
  %g = call i64 @gcd(i64 %b, i64 %r)
  ret i64 %g
done:
  ret i64 %a
}

define i64 @walk(i64 %n, i64 %acc) {
entry:
  %slot = alloca i64 8, align 8
  store i64 %n, %slot
  call void @ext(ptr %slot)
  %c = icmp eq i64 %n, 0
  br %c, done, more
more:
  %m = sub i64 %n, 1
  %r = call i64 @walk(i64 %m, i64 %acc)
  ret i64 %r
done:
  ret i64 %acc
}
"""


def test_tailrec_turns_self_tail_calls_into_a_loop(tmp_path):
    from toolchain.cc.opt.tailrec import tailrec
    text = GCD[:GCD.index("define i64 @walk")]
    m = same_results(text, _run(tailrec), tmp_path, "gcd",
                     [(12, 18), (17, 5), (0, 9), (1 << 40, 6 << 20)])
    assert calls(m.function("gcd")) == [] and "phi" in ops(m.function("gcd"))
    m = parsed(GCD)
    assert not tailrec(m.function("walk"))     # its frame escapes to a call


LOOPLOAD = """
@n = global 8, align 8 [i64 5]
@m = global 8, align 8 [i64 7]

define i64 @sum(i64 %k) {
entry:
  %acc = alloca i64 8, align 8
  store i64 0, %acc
  jmp head
head:
  %i = phi i64 [0, entry], [%i1, body]
  %lim = load i64, @n
  %c = icmp slt i64 %i, %lim
  br %c, body, out
body:
  %v = load i64, @m
  %a = load i64, %acc
  %a1 = add i64 %a, %v
  store i64 %a1, %acc
  %i1 = add i64 %i, %k
  jmp head
out:
  %r = load i64, %acc
  ret i64 %r
}

define i64 @clobbered(ptr %p, ptr %q) {
entry:
  jmp head
head:
  %i = phi i64 [0, entry], [%i1, body]
  %lim = load i64, %q
  %c = icmp slt i64 %i, %lim
  br %c, body, out
body:
  store i64 1, %p
  %i1 = add i64 %i, 1
  jmp head
out:
  ret i64 %i
}
"""


def test_licm_hoists_invariant_loads_only_when_nothing_writes_them(tmp_path):
    from toolchain.cc.opt.licm import licm_loads
    m = parsed(LOOPLOAD)
    assert licm_loads(m.function("sum"))
    head = [b for b in m.function("sum").blocks if b.name == "head"][0]
    assert "load" not in [i.op for i in head.instrs]        # @n's load left the loop
    body = [b for b in m.function("sum").blocks if b.name == "body"][0]
    assert [i.op for i in body.instrs].count("load") == 2   # not in every pass: stays
    assert not licm_loads(m.function("clobbered"))          # the store to %p may alias %q
    same_results(LOOPLOAD, _run(licm_loads), tmp_path, "sum", [(1,), (2,), (7,)])


CASTS = """
define i64 @cc(i8 %b, i32 %w) {
entry:
  %z1 = zext i8 %b to i16
  %z2 = zext i16 %z1 to i64
  %s1 = zext i8 %b to i32
  %s2 = sext i32 %s1 to i64
  %t1 = trunc i32 %w to i16
  %t2 = trunc i16 %t1 to i8
  %t3 = zext i8 %t2 to i64
  %e1 = sext i8 %b to i32
  %e2 = trunc i32 %e1 to i8
  %e3 = zext i8 %e2 to i64
  %e4 = trunc i32 %e1 to i16
  %e5 = zext i16 %e4 to i64
  %m = and i64 %z2, 511
  %a = add i64 %z2, %s2
  %c = add i64 %a, %t3
  %d = add i64 %c, %e3
  %e = add i64 %d, %e5
  %f = add i64 %e, %m
  ret i64 %f
}
"""


def test_constfold_cast_chains(tmp_path):
    m = same_results(CASTS, _run(constfold, dce), tmp_path, "cc",
                     [(0, 0), (0x7f, 0x12345), (0x80, -1), (0xff, 0x80)])
    f = m.function("cc")
    assert ops(f).count("zext") + ops(f).count("sext") == 6 and "and" not in ops(f)


BOOLS = """
define i64 @bb(i64 %x, i64 %y) {
entry:
  %a = and i64 %x, 15
  %c = icmp eq i64 %a, 0
  %z = zext i1 %c to i32
  %n = icmp ne i32 %z, 0
  %z2 = zext i1 %n to i32
  %m = icmp eq i32 %z2, 0
  %d = icmp slt i64 %x, %y
  %zd = zext i1 %d to i8
  %nd = icmp eq i8 %zd, 0
  %r1 = zext i1 %m to i64
  %r2 = zext i1 %nd to i64
  %r3 = shl i64 %r2, 1
  %r = or i64 %r1, %r3
  ret i64 %r
}
"""


def test_constfold_boolean_round_trips(tmp_path):
    m = same_results(BOOLS, _run(constfold, dce), tmp_path, "bb",
                     [(0, 0), (16, 3), (5, 9), (-1, 2), (9, -2)])
    f = m.function("bb")
    assert [i.pred for i in f.instructions() if i.op == "icmp"] == ["ne", "sge"]


THREAD = """
define i64 @jt(i64 %x, i64 %y) {
entry:
  %c = icmp eq i64 %x, 0
  br %c, zero, nonzero
zero:
  jmp join
nonzero:
  %q = sdiv i64 %y, %x
  jmp join
join:
  %v = phi i64 [0, zero], [%q, nonzero]
  %t = icmp ne i64 %v, 0
  br %t, yes, no
yes:
  %w = phi i64 [%v, join]
  %r = add i64 %w, 100
  ret i64 %r
no:
  ret i64 7
}
"""


def test_jumpthread_routes_a_constant_incoming_edge_past_the_test(tmp_path):
    from toolchain.cc.opt.jumpthread import jumpthread
    m = same_results(THREAD, _run(jumpthread, simplifycfg), tmp_path, "jt",
                     [(0, 5), (2, 5), (10, 5), (-1, 3)])
    f = m.function("jt")
    no = [b for b in f.blocks if b.name == "no"][0]
    preds = f.preds()[no]
    assert any(p.name in ("zero", "entry") for p in preds)     # the x == 0 path skips join


THREAD_USE = """
define i64 @ju(i64 %x) {
entry:
  %c = icmp eq i64 %x, 0
  br %c, zero, nonzero
zero:
  jmp join
nonzero:
  jmp join
join:
  %v = phi i64 [0, zero], [%x, nonzero]
  %t = icmp ne i64 %v, 0
  br %t, yes, no
no:
  jmp yes
yes:
  %w = phi i64 [%v, join], [%v, no]
  %r = add i64 %w, 1
  ret i64 %r
}
"""


def test_jumpthread_keeps_a_value_a_successor_takes_from_another_edge(tmp_path):
    from toolchain.cc.ir import verify
    from toolchain.cc.opt.jumpthread import jumpthread
    m = parsed(THREAD_USE)
    assert not jumpthread(m.function("ju"))     # %v reaches yes through no: B stays
    verify(m)
    same_results(THREAD_USE, _run(jumpthread, simplifycfg), tmp_path, "ju", [(0,), (3,)])
