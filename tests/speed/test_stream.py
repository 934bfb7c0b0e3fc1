"""Streaming by declaration (toolchain.cc.stream): the same object as the whole-unit pipeline,
functions emitted while the unit is parsed, and a fallback for what a later declaration
changes."""
from __future__ import annotations

import pytest

from toolchain.cc import pipeline, stream
from toolchain.diag import Diagnostics
from toolchain.targets import get_target

HAZARDS = r"""
static inline int unused_helper(int x) { return x + 1; }
static inline int used_helper(int x) { return x * 3; }
static int later(int);
extern int defined_later;
int tentative_incomplete[];
int g = 4;
int use_helper(int a) { return used_helper(a) + later(a); }
static int later(int x) { return x - 1; }
static double abs_it(double d) { return __builtin_fabs(d) + 1.5; }
int use_later(void) { return defined_later + tentative_incomplete[0]; }
int defined_later = 7;
int tentative_incomplete[3] = {1, 2, 3};
const char *s(void) { static const char *p = "abc"; return p; }
int main(void) { return use_helper(g) + use_later() + (int)abs_it(-2.0) + *s(); }
"""


def _compile(tmp_path, src, streaming, target="x86_64", level=0, output="obj", trace=None):
    from toolchain.cc.frontend import FrontendOptions
    path = tmp_path / "t.c"
    path.write_text(src)
    old = pipeline.STREAM
    pipeline.STREAM = streaming
    fin = stream.Stream.finish

    def finish(self):
        r = fin(self)
        if trace is not None:
            trace.append(self)
        return r
    stream.Stream.finish = finish
    try:
        return pipeline.compile_c(str(path), get_target(target), FrontendOptions(),
                                  Diagnostics("pycc", "gcc"), level, output)
    finally:
        pipeline.STREAM = old
        stream.Stream.finish = fin


@pytest.mark.parametrize("target", ["x86_64", "aarch64", "riscv64"])
@pytest.mark.parametrize("level", [0, 2])
def test_same_object(tmp_path, target, level):
    a = _compile(tmp_path, HAZARDS, True, target, level)
    b = _compile(tmp_path, HAZARDS, False, target, level)
    assert a == b and a


def test_same_asm(tmp_path):
    assert _compile(tmp_path, HAZARDS, True, output="asm") == \
        _compile(tmp_path, HAZARDS, False, output="asm")


def _small(n):
    return "int g;\n" + "".join(f"int f{i}(int a) {{ return a * {i} + g; }}\n" for i in range(n))


def test_functions_emitted_while_parsing(tmp_path):
    seen = []
    pipeline.STREAM_TRACE = False
    obj = _compile(tmp_path, _small(50), True, trace=seen)
    assert obj == _compile(tmp_path, _small(50), False)
    st = seen[0]
    assert len(st.emitted) == 50 and not st.queue and st.mode == "stream"


def test_unused_static_inline_holds_back_then_window(tmp_path, monkeypatch):
    src = "static inline int h(int x) { return x; }\n" + _small(20)
    monkeypatch.setattr(stream, "WINDOW", 5)
    seen = []
    assert _compile(tmp_path, src, True, trace=seen) == _compile(tmp_path, src, False)
    assert len(seen[0].emitted) == 20 and seen[0].skipped == {"h"}


def test_static_inline_used_after_window_falls_back(tmp_path, monkeypatch, capsys):
    src = "static inline int h(int x) { return x; }\n" + _small(20) + \
        "int user(void) { return h(3); }\n"
    monkeypatch.setattr(stream, "WINDOW", 5)
    monkeypatch.setattr(pipeline, "STREAM_TRACE", True)
    assert _compile(tmp_path, src, True) == _compile(tmp_path, src, False)
    assert "not streamed: a static inline function taken as unused is used" in \
        capsys.readouterr().err


@pytest.mark.parametrize("src,reason", [
    ("extern int v;\nint f(void) { return v; }\nint v = 3;\n", "binding (local)"),
    ("int k();\nint f(void) { return k(1); }\nint k(int a) { return a; }\n", "the type of 'k'"),
    ("int f(void) { return 1; }\n__asm__(\".globl zz\\nzz:\");\n", "top-level asm"),
])
def test_fallback_same_object(tmp_path, capsys, monkeypatch, src, reason):
    monkeypatch.setattr(pipeline, "STREAM_TRACE", True)
    assert _compile(tmp_path, src, True) == _compile(tmp_path, src, False)
    assert reason in capsys.readouterr().err


def test_errors_in_source_order(tmp_path, capsys):
    """Declarations are checked as they are parsed: an error before a syntax error is
    reported first, as gcc does (the whole-unit pipeline reported only the syntax error)."""
    src = "int f(void) { return x; }\nint g(void) { return 1 }\n"
    assert _compile(tmp_path, src, True) is None
    err = capsys.readouterr().err
    assert "'x' undeclared" in err.replace("\u2018", "'").replace("\u2019", "'")
    assert err.index("undeclared") < err.index("expected")
