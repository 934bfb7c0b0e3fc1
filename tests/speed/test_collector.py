"""The pipeline pauses Python's cyclic collector while compiling and restores it after."""
import gc

from toolchain.cc import pipeline
from toolchain.cc.frontend import FrontendOptions
from toolchain.targets import get_target


def _compile(tmp_path, name, src):
    c = tmp_path / name
    c.write_text(src)
    return pipeline.compile_c(str(c), get_target("x86_64"), FrontendOptions(), None,
                              opt_level=0, output="obj")


def test_collector_restored_and_leftovers_collected_next_time(tmp_path):
    assert gc.isenabled()
    src = "struct n { struct n *next; int v; };\nint sum(struct n *p) {\n" \
          "  int s = 0; while (p) { s += p->v; p = p->next; } return s; }\n"
    a = _compile(tmp_path, "a.c", src)
    assert gc.isenabled()
    assert pipeline._collector.pending and gc.get_freeze_count() > 0
    b = _compile(tmp_path, "b.c", src)
    assert a == b                       # same object both times
    assert gc.isenabled() and pipeline._collector.depth == 0


def test_collector_left_alone_when_disabled(tmp_path):
    gc.disable()
    try:
        _compile(tmp_path, "c.c", "int g(int x) { return x * 3; }\n")
        assert not gc.isenabled()
    finally:
        gc.enable()
