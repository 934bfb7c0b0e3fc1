"""ELF layer round trip: every object GNU as makes from gcc's output of the torture execute
tests is read by toolchain.elf and written back; the copy must be byte-identical, or else
``readelf -aW`` must print the same apart from file offsets.

    python -m tests.harness.elf_roundtrip [--target T|all] [--opt=-O0|--opt=-O2] [--fast] [-j N]
"""
from __future__ import annotations

import glob
import os
import re
import subprocess
import tempfile

from toolchain.elf.objfile import read_object, write_object
from toolchain.targets import TARGETS, get_target

from . import runner, sources
from .gcc_objects import build

_OFFSETS = [
    (re.compile(r"^(\s*\[\s*\d+\]\s+\S+\s+\S+\s+[0-9a-f]+\s+)[0-9a-f]+", re.M), r"\1OFF"),
    (re.compile(r"(Start of section headers:\s+)\d+"), r"\1OFF"),
    (re.compile(r"(at offset )0x[0-9a-f]+"), r"\1OFF"),
    (re.compile(r"^File: .*$", re.M), ""),
]


def normalized_readelf(path: str, readelf: str = "readelf") -> str:
    r = subprocess.run([readelf, "-aW", path], capture_output=True, text=True)
    text = r.stdout + r.stderr
    for rx, rep in _OFFSETS:
        text = rx.sub(rep, text)
    return text


def check_object(path: str) -> str | None:
    with open(path, "rb") as f:
        data = f.read()
    out = write_object(read_object(data, path))
    if out == data:
        return None
    with tempfile.NamedTemporaryFile(suffix=".o", delete=False) as tf:
        tf.write(out)
        tmp = tf.name
    try:
        a, b = normalized_readelf(path), normalized_readelf(tmp)
    finally:
        os.unlink(tmp)
    if a == b:
        return None
    diff = [ln for ln in set(a.splitlines()) ^ set(b.splitlines())][:2]
    return f"readelf differs: {diff}"


def _work(case):
    name, target, src, opt = case
    obj = build(target, src, "o", opt)
    if obj is None:
        return "SKIP gcc rejects it"
    return check_object(obj)


def cases(targets, opts):
    srcs = sorted(glob.glob(os.path.join(sources.torture(), "execute", "*.c")))
    return [(f"{t}/{opt}/{os.path.basename(s)}", t, s, opt)
            for t in targets for opt in opts for s in srcs]


def main() -> int:
    p = runner.base_parser(__doc__)
    p.add_argument("--target", default="all")
    p.add_argument("--opt", default="-O2")
    a = p.parse_args()
    targets = list(TARGETS) if a.target == "all" else [get_target(a.target).name]
    return runner.run("elf roundtrip", cases(targets, [a.opt]), _work, a)


if __name__ == "__main__":
    runner.main_guard(main)
