"""The LALR table kept as plain data (toolchain.cc.parser): built by lark once, loaded from a
marshal cache after that; compiling imports no lark."""
import os
import subprocess
import sys

from toolchain.cc import parser

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


SAMPLE = """typedef struct s { int a : 3; unsigned *p[4]; } S;
static int g(S *s, int n, ...) { int i; for (i = 0; i < n; i++) s->a += s->p[i] ? *s->p[i] : 1;
  return n > 1 ? (int)sizeof(S) : _Generic(n, int: 2, default: 3); }
"""


def _tree(tmp_path):
    from toolchain.cc.frontend import FrontendOptions, parse_file
    from toolchain.targets import get_target
    c = tmp_path / "s.c"
    c.write_text(SAMPLE)
    fo = FrontendOptions()
    fo.sema = False
    return repr(parse_file(str(c), get_target("x86_64"), fo).decls)


def test_table_rebuilt_parses_the_same(tmp_path, monkeypatch):
    cached = parser._tables()
    before = _tree(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(parser, "_TABLES", None)
    monkeypatch.setattr(parser, "_CALLBACKS", {})
    built = parser._tables()            # no cache file there: built with lark, then written
    assert os.path.exists(parser._cache_path())
    # lark numbers its states in no fixed order; the rules and the table's size are the same
    assert sorted(map(repr, built[1])) == sorted(map(repr, cached[1]))
    assert len(built[0]) == len(cached[0])
    assert _tree(tmp_path) == before
    monkeypatch.setattr(parser, "_TABLES", None)
    assert parser._tables() == built    # read back from the new file


def test_stale_cache_is_rebuilt(tmp_path, monkeypatch):
    import marshal
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = parser._cache_path()
    os.makedirs(os.path.dirname(path))
    with open(path, "wb") as f:
        marshal.dump((parser._TABLE_FORMAT, "not the grammar", ({}, [], {}, {}, [])), f)
    monkeypatch.setattr(parser, "_TABLES", None)
    states, rules, starts, ends, _ = parser._tables()
    assert states and rules and "start" in starts and "attr_expr" in ends


def test_compile_imports_no_lark(tmp_path):
    c = tmp_path / "a.c"
    c.write_text("int x;\nint f(int a) { return a ? x : -a; }\n")
    code = ("import sys\nfrom toolchain.cc.main import main\n"
            f"rc = main(['-c', {str(c)!r}, '-o', {str(tmp_path / 'a.o')!r}])\n"
            "assert rc == 0\nassert 'lark' not in sys.modules, 'lark imported'\n")
    parser._tables()                    # make sure the cache file exists
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stderr


def test_syntax_error_still_reported(tmp_path):
    from toolchain.cc.main import main
    c = tmp_path / "bad.c"
    c.write_text("int f(void) { return 1 }\n")
    assert main(["-fsyntax-only", str(c)]) == 1


def test_tokens_keep_lark_attributes():
    t = parser.Token("IDENTIFIER", "abc", None, 3, 7)
    assert t == "abc" and t.type == "IDENTIFIER" and t.value == "abc"
    assert (t.line, t.column) == (3, 7)
