"""ISA strings (``-march=``, ``.attribute arch``, ``.option arch``): parsing, implied
extensions and the canonical spelling GNU as writes to ``Tag_RISCV_arch`` and ``$x`` mapping
symbols (default ISA spec 2.2, as riscv64-linux-gnu-as 2.40 uses).
"""
from __future__ import annotations

import re


class ArchError(Exception):
    pass


# default versions (ISA spec 2.2 as GNU as 2.40 defaults to); None: no version in that spec
# (the extension is accepted and then left out of the canonical string unless versioned)
DEFAULT_VERSION = {
    "i": (2, 0), "e": (1, 9), "m": (2, 0), "a": (2, 0), "f": (2, 0), "d": (2, 0), "q": (2, 0),
    "c": (2, 0), "v": (1, 0), "h": (1, 0),
    "zicsr": None, "zifencei": None, "zmmul": (1, 0), "zicond": (1, 0),
    "zba": (1, 0), "zbb": (1, 0), "zbc": (1, 0), "zbs": (1, 0),
    "zbkb": (1, 0), "zbkc": (1, 0), "zbkx": (1, 0), "zk": (1, 0), "zkn": (1, 0),
    "zkr": (1, 0), "zks": (1, 0), "zkt": (1, 0), "zknd": (1, 0), "zkne": (1, 0),
    "zknh": (1, 0), "zksed": (1, 0), "zksh": (1, 0),
    "zicbom": (1, 0), "zicbop": (1, 0), "zicboz": (1, 0), "zihintpause": (2, 0),
    "zawrs": (1, 0), "zfh": (1, 0), "zfhmin": (1, 0), "zfinx": (1, 0), "zdinx": (1, 0),
    "zhinx": (1, 0), "zhinxmin": (1, 0), "zihintntl": (1, 0), "ztso": (0, 1),
    "zve32x": (1, 0), "zve32f": (1, 0), "zve64x": (1, 0), "zve64f": (1, 0), "zve64d": (1, 0),
    "zvl32b": (1, 0), "zvl64b": (1, 0), "zvl128b": (1, 0), "zvl256b": (1, 0),
    "zvl512b": (1, 0), "zvl1024b": (1, 0),
    "svinval": (1, 0), "svnapot": (1, 0), "svpbmt": (1, 0), "smstateen": (1, 0),
    "sscofpmf": (1, 0), "sstc": (1, 0),
    "xtheadba": (1, 0), "xtheadbb": (1, 0), "xtheadbs": (1, 0), "xtheadcmo": (1, 0),
    "xtheadcondmov": (1, 0), "xtheadfmemidx": (1, 0), "xtheadfmv": (1, 0),
    "xtheadint": (1, 0), "xtheadmac": (1, 0), "xtheadmemidx": (1, 0),
    "xtheadmempair": (1, 0), "xtheadsync": (1, 0), "xventanacondops": (1, 0),
}

_BASE_VERSIONS = dict(DEFAULT_VERSION)

IMPLIES = {
    "g": ["i", "m", "a", "f", "d", "zicsr", "zifencei"],
    "m": ["zmmul"],
    "d": ["f"],
    "f": ["zicsr"],
    "q": ["d"],
    "v": ["zve64d", "zvl128b"],
    "zve64d": ["d", "zve64f"], "zve64f": ["zve32f", "zve64x"], "zve32f": ["f", "zve32x"],
    "zve64x": ["zve32x", "zvl64b"], "zve32x": ["zvl32b", "zicsr"],
    "zvl128b": ["zvl64b"], "zvl64b": ["zvl32b"],
    "zfh": ["zfhmin"], "zfhmin": ["f"],
    "zk": ["zkn", "zkr", "zkt"], "zkn": ["zbkb", "zbkc", "zbkx", "zkne", "zknd", "zknh"],
    "h": ["zicsr"],
}

STD_ORDER = "iemafdqlcbkjtpvnh"


def _ext_key(name: str):
    if len(name) == 1:
        return (0, STD_ORDER.index(name) if name in STD_ORDER else 99, name)
    c = name[0]
    cls = {"z": 1, "s": 2, "h": 3, "x": 4}.get(c, 5)
    if c == "z":
        second = name[1]
        return (cls, STD_ORDER.index(second) if second in STD_ORDER else 99, name)
    return (cls, 0, name)


class Arch:
    __slots__ = ("xlen", "exts", "versions", "canonical")

    def __init__(self, xlen, versions):
        self.xlen = xlen
        self.versions = versions
        self.exts = set(versions)
        parts = []
        for e in sorted(versions, key=_ext_key):
            v = versions[e]
            if v is None:
                continue
            parts.append(f"{e}{v[0]}p{v[1]}")
        self.canonical = f"rv{xlen}" + "_".join(parts)


_VER_RE = re.compile(r"(\d+)(?:p(\d+))?$")


SPEC_VERSIONS = {
    "2.2": {},
    "20190608": {"i": (2, 1), "f": (2, 2), "d": (2, 2), "zicsr": (2, 0), "zifencei": (2, 0)},
    "20191213": {"i": (2, 1), "a": (2, 1), "f": (2, 2), "d": (2, 2), "zicsr": (2, 0),
                 "zifencei": (2, 0)},
}


def set_isa_spec(spec: str) -> None:
    """Select the default extension versions of an ISA spec (``-misa-spec=``)."""
    if spec not in SPEC_VERSIONS:
        raise ArchError(f"unknown default ISA spec `{spec}' set by -misa-spec")
    DEFAULT_VERSION.update(_BASE_VERSIONS)
    DEFAULT_VERSION.update(SPEC_VERSIONS[spec])


def parse_arch(s: str, default: bool = False) -> Arch:
    """Parse an ISA string such as ``rv64gc`` or ``rv64i2p1_m2p0_zicsr2p0``."""
    text = s.strip().lower()
    m = re.match(r"rv(32|64)", text)
    if not m:
        raise ArchError(f"-march={s}: ISA string must begin with rv32 or rv64")
    xlen = int(m.group(1))
    rest = text[m.end():]
    if not rest or rest[0] not in "ieg":
        raise ArchError(f"-march={s}: first ISA extension must be `e', `i' or `g'")
    versions: dict = {}
    explicit: set = set()
    # single-letter part: up to the first '_' followed by a multi-letter extension
    i = 0
    n = len(rest)
    while i < n:
        ch = rest[i]
        if ch == "_":
            i += 1
            continue
        if ch in "zsxh" and i + 1 < n and rest[i + 1].isalpha() and (ch != "h" or True):
            # multi-letter extension up to '_' (or end)
            j = rest.find("_", i)
            if j < 0:
                j = n
            tok = rest[i:j]
            mm = re.match(r"([a-z]+?)(\d+(?:p\d+)?)?$", tok)
            name = tok
            ver = None
            if mm and mm.group(2) and not re.match(r"(zvl\d+b|zve\d+[xfd])$", tok):
                name = mm.group(1)
                vm = _VER_RE.match(mm.group(2))
                ver = (int(vm.group(1)), int(vm.group(2) or 0))
            if name not in DEFAULT_VERSION:
                if name[0] != "x":
                    raise ArchError(f"-march={s}: unknown prefixed ISA extension `{name}'")
                versions[name] = ver if ver is not None else (1, 0)
            else:
                versions[name] = ver if ver is not None else DEFAULT_VERSION[name]
            explicit.add(name)
            i = j
            continue
        if not ch.isalpha():
            raise ArchError(f"-march={s}: unexpected ISA string at end: `{rest[i:]}'")
        i += 1
        mm = re.match(r"\d+(?:p\d+)?", rest[i:])
        ver = None
        if mm:
            vm = _VER_RE.match(mm.group(0))
            ver = (int(vm.group(1)), int(vm.group(2) or 0))
            i += mm.end()
        if ch == "g":
            for e in IMPLIES["g"]:
                versions.setdefault(e, DEFAULT_VERSION[e])
            continue
        if ch not in DEFAULT_VERSION:
            raise ArchError(f"-march={s}: unknown standard ISA extension `{ch}'")
        versions[ch] = ver if ver is not None else DEFAULT_VERSION[ch]
        explicit.add(ch)
    # implied extensions
    changed = True
    while changed:
        changed = False
        for e in list(versions):
            for imp in IMPLIES.get(e, ()):
                if imp not in versions:
                    versions[imp] = DEFAULT_VERSION[imp]
                    changed = True
    return Arch(xlen, versions)
