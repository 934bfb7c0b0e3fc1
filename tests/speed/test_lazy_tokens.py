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
