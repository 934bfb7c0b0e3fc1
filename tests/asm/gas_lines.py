"""One statement per line through an assembler (GNU as or pyas): the errors of each line, for
tests that compare many one-line cases against GNU as in a single run."""
from __future__ import annotations

import re
import subprocess

_ERR = re.compile(r".*\.s:(\d+): Error: (.*)")


def assemble_lines(tool: list, lines: list, tmp_path, name: str):
    """(exit status, {line number: [error, ...]}, object path) for ``lines`` assembled by
    the command ``tool`` (source and object named ``name`` in ``tmp_path``)."""
    src = tmp_path / f"{name}.s"
    src.write_text("".join(f"\t{ln}\n" for ln in lines))
    out = tmp_path / f"{name}.o"
    r = subprocess.run([*tool, str(src), "-o", str(out)], capture_output=True, text=True)
    errs: dict = {}
    for ln in r.stderr.splitlines():
        m = _ERR.match(ln)
        if m:
            errs.setdefault(int(m.group(1)), []).append(m.group(2))
    return r.returncode, errs, out


def same_errors(gas: list, pyas: list, lines: list, tmp_path) -> tuple:
    """(GNU as's exit status and stderr, ours) for one file of ``lines``, the file's path
    replaced by ``S`` in both."""
    src = tmp_path / "same.s"
    src.write_text("".join(f"\t{ln}\n" for ln in lines))
    out = []
    for i, tool in enumerate((gas, pyas)):
        r = subprocess.run([*tool, str(src), "-o", str(tmp_path / f"same{i}.o")],
                           capture_output=True, text=True)
        out.append((r.returncode, r.stderr.replace(str(src), "S")))
    return out[0], out[1]
