"""Writing or checking generated headers (arm_neon.h, arm_fp16.h, avx512fintrin.h).

A generator hands its ``(path, text)`` outputs to :func:`write_or_check`: with ``--check`` it
reports a committed header that differs from what the generator writes (exit status 1),
otherwise it writes them and prints a line per file.
"""
from __future__ import annotations

import os


def write_or_check(outputs, argv, generator: str, summary=lambda text: "") -> int:
    if "--check" in argv:
        for path, text in outputs:
            try:
                with open(path) as f:
                    old = f.read()
            except OSError:
                old = ""
            if old != text:
                print(f"{os.path.relpath(path)} is not what {generator} writes")
                return 1
        return 0
    for path, text in outputs:
        with open(path, "w") as f:
            f.write(text)
        print(f"{os.path.relpath(path)}: {text.count(chr(10))} lines{summary(text)}")
    return 0
