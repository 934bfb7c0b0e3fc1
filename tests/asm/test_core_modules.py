"""The assembler core is split by concern (toolchain/asm/<concern>.py mixins composed by
toolchain/asm/assembler.py): each directive resolves to one method, no module grows back into
a 2,000-line class, and the names other packages import from toolchain.asm.assembler stay."""
import inspect
from pathlib import Path

from toolchain.asm import assembler as A

CORE = Path(A.__file__).parent
MIXIN_MODULES = ("sections", "symbols", "evaluate", "data", "conditionals", "macros", "reader",
                 "relax", "objbuild")


def test_every_generic_directive_is_a_method_of_one_concern_module():
    asm = A.Assembler("x86_64")
    for name, fn in asm.directives.items():
        mod = inspect.getmodule(fn).__name__.rsplit(".", 1)[-1]
        assert mod in MIXIN_MODULES + ("assembler", "dwarf") or mod.startswith("arch") or \
            "arch" in inspect.getmodule(fn).__name__, (name, mod)


def test_core_modules_stay_small():
    for m in MIXIN_MODULES + ("assembler", "model"):
        n = len((CORE / f"{m}.py").read_text().splitlines())
        assert n < 800, f"toolchain/asm/{m}.py has {n} lines: split it by concern"


def test_names_imported_from_assembler_remain():
    for n in ("Assembler", "AsmError", "AsmSection", "Sym", "Frag", "Fixup", "FIXED", "ALIGN",
              "RELAX", "CALLBACK", "ABS", "COMMON", "leb128", "split_top"):
        assert hasattr(A, n), n


def test_mixins_compose_without_overlap():
    seen = {}
    for base in A.Assembler.__mro__[1:-1]:
        for k, v in vars(base).items():
            if k.startswith("__"):
                continue
            assert k not in seen, f"{k} defined in both {seen[k]} and {base.__name__}"
            seen[k] = base.__name__
