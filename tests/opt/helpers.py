"""Shared helpers of the optimiser tests: parse, run a pass, count operations, and run a
module's functions in unicorn (x86-64) before and after a transformation."""
from __future__ import annotations

from toolchain.cc.ir import parse_module, print_module, verify


def ops(f) -> list[str]:
    return [i.op for i in f.instructions()]


def calls(f) -> list[str]:
    return [i.args[0].name for i in f.instructions()
            if i.op == "call" and hasattr(i.args[0], "name")]


def parsed(text: str):
    m = parse_module(text)
    verify(m)
    return m


def machine_of(m, tmp_path):
    """Compile the (already transformed) module at -O0 into a unicorn machine."""
    from tests.ir.helpers import Machine, assemble_link_static
    from toolchain.arch.x86_64.cc import compile_module
    return Machine(assemble_link_static(compile_module(m, 0), str(tmp_path)))


def same_results(text: str, transform, tmp_path, name, inputs):
    """``name`` gives the same result on every input before and after ``transform(module)``."""
    after = parsed(text)
    transform(after)
    verify(after)
    shown = print_module(after)
    ma = machine_of(parsed(text), tmp_path / "before")
    mb = machine_of(after, tmp_path / "after")      # compiling consumes the module
    for args in inputs:
        a, b = ma.call(name, *args), mb.call(name, *args)
        assert a == b, (args, a, b, shown)
    kept = parsed(text)
    transform(kept)
    return kept
