"""The front end's and allocator's fast paths (issue 18, session 8) give what the plain
algorithms give: the LALR loop's remembered runs of single-symbol reductions against a
textbook loop over the same table, the allocator's one-value-at-a-time liveness against the
iterative data flow, and the syntax tree's written-out node constructors."""
from __future__ import annotations

import pytest

from toolchain.cc import ast as A
from toolchain.cc import parser as P
from toolchain.cc.backend import regalloc as R
from toolchain.diag import Diagnostics
from toolchain.targets import get_target

SAMPLE = r"""
typedef struct node { int v; struct node *next; } node;
typedef int (*cmp)(const void *, const void *);
enum e { A = 1, B = A << 3, C };
static int sum(node *n) { int s = 0; while (n) { s += n->v ? n->v : -1; n = n->next; } return s; }
int pick(int a, int b, int c) {
  switch (a) { case 1: return b && c; case 2: return b || c; default: break; }
  for (int i = 0; i < c; i++) { if (i % 3 == 0) continue; b += i * (a - i) / (c | 1); }
  return a > b ? (a < c ? a : c) : b ^ ~c;
}
int arr[] = { [2] = 5, 1, 2 }, *pa = &arr[1];
struct s { unsigned x : 3, y : 5; char name[8]; } gs = { 1, 2, "abc" };
long fold(long x) { return (x << 2) + sizeof(struct s) + _Alignof(long) + (long)(char)x; }
int main(void) { node n = { 3, 0 }; return sum(&n) + pick(1, 2, 3) + (int)fold(4) + gs.x; }
"""


def _textbook_lalr(builder, ctx, start):
    """One action at a time over the v2 table, no remembered runs: the reference loop."""
    states, _, start_states, end_states, _ = P._tables()
    _, rules, _ = P._callbacks(builder)
    stack, values = [start_states[start]], []

    def tokens():
        last = None
        for last in P.CLexer(None).lex(ctx):   # lazily: reductions declare typedef names
            yield last
        yield P.Token("$END", "", None, last.line if last else 1, 1)
    for tok in tokens():
        while True:
            row = states[stack[-1]]
            a = row.get(tok.type)
            if a is None:
                raise P.UnexpectedToken(tok, {x for x in row if x.isupper()})
            if a >= 0:
                stack.append(a)
                values.append(tok)
                break
            size, origin, cb = rules[~a]
            args = values[len(values) - size:]
            del stack[len(stack) - size:]
            del values[len(values) - size:]
            values.append(args[0] if cb is None else cb(args))
            stack.append(states[stack[-1]][origin])
            if tok.type == "$END" and stack[-1] == end_states[start]:
                return values[-1]


def _pp(tmp_path, src):
    from toolchain.cc.preprocessor import PPOptions, Preprocessor
    path = tmp_path / "s.c"
    path.write_text(src)
    diag = Diagnostics("pycc", "gcc")
    pp = Preprocessor(get_target("x86_64"), PPOptions(), diag)
    pp.push_main(str(path))
    return pp, diag


def test_table_v2_actions_are_ints():
    states, rules, starts, ends, _ = P._tables()
    assert isinstance(states, list) and len(states) > 100
    kinds = {type(a) for row in states for a in row.values()}
    assert kinds == {int}
    shifts = sum(a >= 0 for row in states for a in row.values())
    reduces = sum(a < 0 for row in states for a in row.values())
    assert shifts and reduces
    assert all(0 <= ~a < len(rules) for row in states for a in row.values() if a < 0)


@pytest.mark.parametrize("src", [SAMPLE, "int x;", "int f(void) { return 1 +; }",
                                 "typedef int T; T f(T (T)); int g(void) { T: return 0; }"])
def test_lalr_loop_matches_textbook_loop(tmp_path, src):
    results = []
    for runner in (P._run_lalr, _textbook_lalr):
        pp, diag = _pp(tmp_path, src)
        builder = P._get_builder()
        ctx = P.ParseContext(pp, diag)
        builder.ctx = ctx
        try:
            results.append(("tree", repr(runner(builder, ctx, "start"))))
        except P.UnexpectedToken as e:
            results.append(("error", repr(e.token), e.token.type, sorted(e.expected)))
        finally:
            builder.ctx = None
    assert results[0] == results[1]
    if src is SAMPLE:
        assert results[0][0] == "tree" and "FunctionDef" in results[0][1]


def _iterative_liveness(mf, phis):
    """The data flow iterated over every block until nothing changes (session 7's)."""
    use, defs, phi_out = {}, {}, {}
    modes = phis.mode if phis is not None else {}
    for b in mf.blocks:
        u, d = set(), set()
        for mi in b.instrs:
            if mi.op == R.PHI:
                for k, p in enumerate(mi.targets):
                    r = mi.ops[k + 1].reg
                    if r.phys:
                        continue
                    if modes.get((p, b)) == "start":
                        if r.id not in d:
                            u.add(r.id)
                    else:
                        phi_out.setdefault(p, set()).add(r.id)
                d.add(mi.ops[0].reg.id)
                continue
            for r in mi.uses():
                if not r.phys and r.id not in d:
                    u.add(r.id)
            for r in mi.defs():
                if not r.phys:
                    d.add(r.id)
        use[b], defs[b] = u, d
    live_in = {b: set() for b in mf.blocks}
    live_out = {b: set() for b in mf.blocks}
    changed = True
    while changed:
        changed = False
        for b in reversed(mf.blocks):
            out = set(phi_out.get(b, ()))
            for s in b.succs:
                out |= live_in[s]
            live_out[b] = out
            new_in = use[b] | (out - defs[b])
            if new_in != live_in[b]:
                live_in[b] = new_in
                changed = True
    return live_in, live_out


_LIVENESS_CHECK = """
import sys
from tests.speed import test_cpu_paths as T
from toolchain.cc.backend import driver, regalloc as R
from toolchain.cc.main import main
checked = []
orig = driver.allocate

def check(mf, be, mode=None, *rest):
    mf.link()
    phis = R._Phis(mf, be)
    phis = phis if phis.by_block else None
    live_in, live_out, _ = R.liveness(mf, phis)
    ref_in, ref_out = T._iterative_liveness(mf, phis)
    assert live_in == ref_in and live_out == ref_out, mf.name
    checked.append(sum(len(s) for s in live_in.values()))
    return orig(mf, be, mode, *rest)

driver.allocate = check
assert main(sys.argv[1:]) == 0
print(len(checked), sum(checked))
"""


@pytest.mark.parametrize("level", [0, 2])
def test_liveness_matches_iterative_data_flow(tmp_path, level):
    """In a child process: the check wraps the allocator of a whole compilation."""
    import os
    import subprocess
    import sys
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    c = tmp_path / "s.c"
    c.write_text(SAMPLE)
    env = dict(os.environ)
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    r = subprocess.run([sys.executable, "-c", _LIVENESS_CHECK, f"-O{level}", "-c", str(c), "-o",
                        str(tmp_path / "s.o")], cwd=root, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    functions, live = map(int, r.stdout.split())
    assert functions >= 3
    assert live                 # some value is live across blocks


def test_node_constructors():
    m = A.Member("b", "n")
    assert (m.base, m.name, m.arrow, m.field, m.loc) == ("b", "n", None, None, None)
    assert (m.type, m.lvalue, m.paren) == (None, False, False)
    d = A.DeclSpecs(1, 2, 3, loc="L")
    assert (d.storage, d.types, d.quals, d.funcspecs, d.aligns, d.attrs, d.loc) == \
        (1, 2, 3, None, None, None, "L")
    s = A.Switch("c", "b")
    assert (s.cases, s.case_values, s.case_ranges, s.has_default) == (None,) * 4
    assert A.Break(loc=7).loc == 7 and A.Break.fields == ()
    assert A.Ident("x", "surplus").name == "x"      # surplus arguments ignored, as before
    f = A.For(1, 2, 3, 4, loc=5)
    assert (f.init, f.cond, f.step, f.body, f.loc) == (1, 2, 3, 4, 5)
    with pytest.raises(TypeError):
        A.Ident(name="x")                           # fields are positional only
