"""The main file is tokenized lazily, a list of whole lines at a time
(lexer.tokenize_chunks, Preprocessor._refill): the output must not depend on where the lists
end, whatever crosses their ends (skipped #if groups, #line, comments, macro arguments)."""
import io

import pytest

from toolchain.cc import lexer
from toolchain.cc.frontend import FrontendOptions
from toolchain.cc.ppoutput import write_preprocessed
from toolchain.cc.preprocessor import Preprocessor
from toolchain.diag import Diagnostics
from toolchain.targets import get_target

SAMPLE = """#define F(a, b) ((a) + (b))
#define EMPTY
int x = F(1,
          2);   /* a comment
                   over lines */ int y;
#if 0
int skipped;
# if 1
int nested_skipped;
# endif
#else
int taken;
#endif
#ifdef NOPE
int a1;
#elif defined(F)
int a2;
#endif
#line 100 "other.c"
int at_100 = __LINE__;
const char *file = __FILE__;
#
EMPTY int z;
#if 1
#line 200
int at_200 = __LINE__;
#endif
int last = F(x,
  y);
"""


def _preprocess(path, chunk, monkeypatch):
    monkeypatch.setattr(lexer, "CHUNK_TOKENS", chunk)
    diag = Diagnostics("pycc", "gcc")
    pp = Preprocessor(get_target("x86_64"), FrontendOptions().pp, diag)
    pp.push_main(str(path))
    out = io.StringIO()
    write_preprocessed(pp, out)
    return out.getvalue(), diag


@pytest.mark.parametrize("chunk", [1, 2, 5, 13])
def test_output_does_not_depend_on_the_lists(tmp_path, monkeypatch, chunk):
    c = tmp_path / "s.c"
    c.write_text(SAMPLE)
    whole, _ = _preprocess(c, 1 << 30, monkeypatch)
    assert "int taken;" in whole and "skipped" not in whole and "int a2;" in whole
    assert "at_100 = 100" in whole and "at_200 = 200" in whole
    assert '"other.c"' in whole
    got, _ = _preprocess(c, chunk, monkeypatch)
    assert got == whole


def test_chunks_end_at_line_ends():
    text = "a b\nc /* x\n y */ d\n#define Q 1\ne\n"
    chunks = list(lexer.tokenize_chunks(text, lexer.Source("s"), chunk=1))
    assert len(chunks) > 2
    assert all(c[0].bol for c in chunks if c)
    flat = [t.text for c in chunks for t in c]
    assert flat == [t.text for t in lexer.tokenize(text, lexer.Source("s"))]


def test_lexer_warnings_of_later_lists(tmp_path, monkeypatch, capsys):
    c = tmp_path / "s.c"
    c.write_text("int a;\nint b;\n#if 0\nchar *s = \"abc;\n#endif\n/* open")
    _, diag = _preprocess(c, 1, monkeypatch)
    err = capsys.readouterr().err
    assert "missing terminating" in err and "unterminated comment" in err
    assert diag.failed


# Skipped #if groups of the main file are scanned line by line (lexer.skip_group), not
# tokenized: what the preprocessor sees must be what token-by-token skipping saw.
SKIPPED = [
    "#if 0\n/* a comment\n#endif\n*/ int hidden;\n#endif\nint after;\n",
    "#if 0\nchar *s = \"/*\"; int no_comment;\n#else\nint taken;\n#endif\n",
    "#if 0\nchar c = 'x /* ; int q;\n#elif 1\nint second;\n#endif\n",
    "#ifdef NOPE\n%:%:x\n## y\n %: endif\n#else\nint digraph;\n%:endif\nint z;\n",
    "#if 0\n# /* over\n lines */ endif\nint still_skipped;\n#endif\nint out;\n",
    "#if 0\n#if 1\n#else\n#endif\n  #  elif 1\nint nested_done;\n#endif\n",
    "#if 0\nint a\0b;\n#endif\nint nul;\n",
    "#if 0\n#\n#endif\nint null_directive;\n",
    "#if 0\n#if$x\n#endif\nint dollar;\n",
    "#if 0\nint x; // comment #endif\n  \t#endif /* c */ junk\nint tail;\n",
    "#if 0\n\"unterminated\n#elifdef F\n#elifndef G\nint g;\n#endif\n",
    "#if 0\nint open;\n",
    "#if 0\n/* open comment\n",
    "#if 0\nx\n#endif",
    "#if 0\n#else\n#if 0\n'q\n#else\nint deep;\n#endif\n#endif\n",
]


def _no_skip(orig):
    def chunks(*a):
        for item in orig(*a):       # send() values are not passed on: token-by-token skip
            yield item
    return chunks


@pytest.mark.parametrize("k", range(len(SKIPPED)))
@pytest.mark.parametrize("chunk", [1, 3, 8192])
def test_skipped_groups_scanned_as_tokenized(tmp_path, monkeypatch, capsys, k, chunk):
    c = tmp_path / "s.c"
    c.write_text(SKIPPED[k])
    got, diag = _preprocess(c, chunk, monkeypatch)
    err = capsys.readouterr().err
    monkeypatch.setattr(lexer, "line_chunks", _no_skip(lexer.line_chunks))
    want, wdiag = _preprocess(c, chunk, monkeypatch)
    werr = capsys.readouterr().err
    assert got == want
    assert sorted(err.splitlines()) == sorted(werr.splitlines())
    assert diag.failed == wdiag.failed


def test_skip_group_finds_the_end():
    text = "int a;\n/* x\n#endif */\n #if 1\n#endif\n  %:  else\nint b;\n"
    pos, line, line_start, ws = lexer.skip_group(text, 7, 2, 0)
    assert text[pos:pos + 2] == "%:" and line == 6 and line_start == text.index("  %:")
    assert ws
    assert lexer.skip_group("x\n#if 0\n", 0, 1, 0) is None


def test_conditional_lines_end_lists():
    text = "a\n#if 0\nb\n#endif\nc\n"
    lists = [[t.text for t in toks] for toks, _ in
             lexer.line_chunks(text, lexer.Source("s"), 1, None, False, 1 << 20)]
    assert lists[0] == ["a", "#", "if", "0"]
    gen = lexer.line_chunks(text, lexer.Source("s"), 1, None, False, 1 << 20)
    toks, dirs = next(gen)
    assert dirs == [1]
    toks, dirs = gen.send(0)                # skip the group: 'b' is never tokenized
    assert [t.text for t in toks] == ["#", "endif", "c"] and toks[0].line == 4 and dirs == [0]
