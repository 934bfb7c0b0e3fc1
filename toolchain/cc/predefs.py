"""Predefined macros: gcc's values per target (predef_data.py) adjusted for the options that
change them (-std, -O, -fpie/-fno-pie, -funsigned-char, -ffreestanding...)."""
from __future__ import annotations

from .predef_data import PREDEFS

STD_VERSIONS = {
    "c89": None, "c90": None, "iso9899:1990": None, "ansi": None, "gnu89": None, "gnu90": None,
    "iso9899:199409": "199409L",
    "c99": "199901L", "c9x": "199901L", "iso9899:1999": "199901L", "gnu99": "199901L",
    "gnu9x": "199901L",
    "c11": "201112L", "c1x": "201112L", "iso9899:2011": "201112L", "gnu11": "201112L",
    "gnu1x": "201112L",
    "c17": "201710L", "c18": "201710L", "iso9899:2017": "201710L", "iso9899:2018": "201710L",
    "gnu17": "201710L", "gnu18": "201710L",
    "c2x": "202000L", "gnu2x": "202000L",
}


def predefined_macros(target, std: str = "gnu17", opt: str = "0", pie: bool = True,
                      unsigned_char: bool | None = None, hosted: bool = True) -> list[tuple[str, str]]:
    """(name, value) pairs in gcc's order for ``target`` (a toolchain.targets.Target)."""
    std = std.lower()
    strict = not std.startswith("gnu")
    ver = STD_VERSIONS.get(std, "201710L")
    out = []
    for name, value in PREDEFS[target.name]:
        if name == "__CHAR_UNSIGNED__" and unsigned_char is False:
            continue
        if name == "__STDC_HOSTED__":
            value = "1" if hosted else "0"
        if strict and name in ("i386",):
            continue
        out.append((name, value))
    if unsigned_char and not any(n == "__CHAR_UNSIGNED__" for n, _ in out):
        out.append(("__CHAR_UNSIGNED__", "1"))
    if ver is not None:
        out.append(("__STDC_VERSION__", ver))
        if ver >= "199901L":
            out.append(("__STDC_UTF_16__", "1"))
            out.append(("__STDC_UTF_32__", "1"))
    if strict:
        out.append(("__STRICT_ANSI__", "1"))
    else:
        out.append(("linux", "1"))
        out.append(("unix", "1"))
    if ver is None or ver < "199901L":
        out.append(("__GNUC_GNU_INLINE__", "1"))
    else:
        out.append(("__GNUC_STDC_INLINE__", "1"))
    if opt in ("0", "", None):
        out.append(("__NO_INLINE__", "1"))
    else:
        out.append(("__OPTIMIZE__", "1"))
        if opt in ("s", "z"):
            out.append(("__OPTIMIZE_SIZE__", "1"))
    if pie:
        for n in ("__PIC__", "__PIE__", "__pic__", "__pie__"):
            out.append((n, "2"))
    if target.name == "riscv64":
        if pie:
            out.append(("__riscv_cmodel_medany", "1"))
            out.append(("__riscv_cmodel_pic", "1"))
        else:
            out.append(("__riscv_cmodel_medlow", "1"))
    return out


def char_is_unsigned(target) -> bool:
    return target.name != "x86_64"
