"""String tables: building (with suffix merging, as the GNU tools size them) and reading."""
from __future__ import annotations


class StringTableBuilder:
    """Collects strings and lays them out with tail merging: a string that is a suffix of
    another one in the table shares its bytes (".text" inside ".rela.text"). Kept strings are
    placed in first-added order, after the leading NUL."""

    __slots__ = ("_index", "_offsets", "_data")

    def __init__(self):
        # the strings in first-added order; after finalize, each one's offset (one dict
        # serves both: a table of many symbol names keeps no second copy of them)
        self._index: dict[bytes, int] = {}
        self._offsets: dict[bytes, int] | None = None
        self._data: bytes | None = None

    def add(self, s: str | bytes) -> None:
        b = s.encode("utf-8", "surrogateescape") if isinstance(s, str) else s
        if b and b not in self._index:
            self._index[b] = 0
            self._offsets = None

    def finalize(self) -> bytes:
        strings = self._index
        strings.pop(b"", None)
        # sort by reversed string: a string that is a suffix of another lands right before
        # the longer ones that end with it
        rev = sorted(strings, key=lambda s: s[::-1])
        parent: dict[bytes, bytes] = {}
        longest = None
        for s in reversed(rev):
            if longest is not None and longest.endswith(s):
                parent[s] = longest
            else:
                longest = s
        del rev
        out = bytearray(b"\0")
        for s in strings:
            if s not in parent:
                strings[s] = len(out)
                out += s
                out += b"\0"
        for s, p in parent.items():
            strings[s] = strings[p] + len(p) - len(s)
        strings[b""] = 0
        self._offsets = strings
        self._data = bytes(out)
        return self._data

    def offset(self, s: str | bytes) -> int:
        if self._offsets is None:
            self.finalize()
        b = s.encode("utf-8", "surrogateescape") if isinstance(s, str) else s
        return self._offsets[b]


def read_cstr(data, off: int) -> str:
    """The NUL-terminated string at ``off`` in ``data`` (bytes or memoryview)."""
    end = data.find(b"\0", off) if isinstance(data, (bytes, bytearray)) else bytes(data).find(b"\0", off)
    if end < 0:
        end = len(data)
    return bytes(data[off:end]).decode("utf-8", "surrogateescape")


class StringTableReader:
    """Decodes names from a string table lazily, caching by offset."""
    __slots__ = ("data", "_cache")

    def __init__(self, data: bytes):
        self.data = bytes(data)
        self._cache: dict[int, str] = {}

    def get(self, off: int) -> str:
        s = self._cache.get(off)
        if s is None:
            d = self.data
            if off >= len(d) and off != 0:
                raise ValueError(f"string table offset {off:#x} out of range")
            end = d.find(b"\0", off)
            if end < 0:
                end = len(d)
            s = d[off:end].decode("utf-8", "surrogateescape")
            self._cache[off] = s
        return s
