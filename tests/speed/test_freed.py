"""What a compilation frees as it goes while the cyclic collector is paused (pipeline
._Collector): an emitted function's IR, a function-like macro's substitution closure."""
import gc

from toolchain.cc import pipeline
from toolchain.cc.frontend import FrontendOptions
from toolchain.cc.ir.cfg import forget_dom_tree
from toolchain.cc.ir.core import Instr
from toolchain.targets import get_target

SRC = """#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define SUM(...) sum3(__VA_ARGS__)
static int sum3(int a, int b, int c) { return a + b + c; }
int f(int *p, int n) { int s = 0, i; for (i = 0; i < n; i++) s = MAX(s, p[i]); return s; }
int g(int x) { return SUM(x, MAX(x, 2), 3) * f(&x, 1); }
"""


def _garbage_after_compile(tmp_path, level):
    """Objects a compilation left for the collector: (IR instructions, macro closures)."""
    c = tmp_path / "f.c"
    c.write_text(SRC)
    forget_dom_tree()   # a tree remembered by an earlier test's direct pass call is not ours
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.unfreeze()
        gc.collect()
        gc.garbage.clear()
        obj = pipeline.compile_c(str(c), get_target("x86_64"), FrontendOptions(), None,
                                 opt_level=level, output="obj")
        assert obj
        gc.unfreeze()
        pipeline._collector.pending = False
        gc.collect()
        ir = sum(1 for o in gc.garbage if isinstance(o, Instr))
        closures = sum(1 for o in gc.garbage if type(o).__name__ == "function"
                       and o.__name__ == "sub_range")
        return ir, closures
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was:
            gc.enable()


def test_emitted_ir_and_macro_closures_freed_without_the_collector(tmp_path):
    ir, closures = _garbage_after_compile(tmp_path, 0)
    assert closures == 0
    assert ir == 0, f"{ir} IR instructions left for the collector"
    ir, closures = _garbage_after_compile(tmp_path, 2)
    assert ir < 10      # only what the optimiser dropped (sum3, inlined then pruned)
