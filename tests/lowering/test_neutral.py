"""The lowering, the IR and the optimiser are target-neutral: no x86 register names, AT&T
syntax, x87 encodings or trampoline bytes in their code (issue 12, acceptance 4)."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "toolchain" / "cc"
PATTERNS = [
    re.compile(r"%%?(r[abcd]x|r[sd]i|r[sb]p|r\d+|e[abcd]x|xmm\d|st\(?\d)"),   # registers
    re.compile(r"\b(movq|movl|leaq|jmp\s+\*|pushq|popq)\b"),                     # AT&T mnemonics
    re.compile(r"0x(B848|BB49|FF41|8949)\b", re.I),                                # trampoline bytes
]


def test_no_x86_in_lowering_ir_opt():
    bad = []
    for d in ("lower", "ir", "opt"):
        for p in sorted((ROOT / d).glob("*.py")):
            for k, line in enumerate(p.read_text().splitlines(), 1):
                code = line.split("#", 1)[0]
                if any(r.search(code) for r in PATTERNS):
                    bad.append(f"{p.relative_to(ROOT)}:{k}: {line.strip()}")
    assert not bad, "\n".join(bad)
