"""Reading ar archives (System V / GNU format) lazily.

Supports the GNU symbol index (``/``, 32-bit offsets) and ``/SYM64/`` (64-bit offsets), the
long-name table ``//``, and thin archives (``!<thin>\\n``: members live in files named
relative to the archive). Opening an archive only walks the member headers and parses the
index; member contents are sliced out on demand.
"""
from __future__ import annotations

import os
import struct

AR_MAGIC = b"!<arch>\n"
THIN_MAGIC = b"!<thin>\n"


class ArchiveError(Exception):
    """A malformed or truncated archive; the message names the file."""


class Member:
    __slots__ = ("name", "offset", "size", "path")

    def __init__(self, name: str, offset: int, size: int, path: str | None = None):
        self.name = name          # member name (long names resolved)
        self.offset = offset      # offset of the member header in the archive
        self.size = size
        self.path = path          # for thin archives: the file holding the member

    def __repr__(self) -> str:
        return f"<Member {self.name!r} @{self.offset:#x} size={self.size}>"


def is_archive(data) -> bool:
    head = bytes(data[:8])
    return head == AR_MAGIC or head == THIN_MAGIC


class Archive:
    """An ar archive. ``symbols`` maps a symbol name to the header offsets of the members
    defining it (from the archive's index); :meth:`member_at` gives a :class:`Member` and
    :meth:`data` its bytes."""

    __slots__ = ("path", "data", "thin", "members", "by_offset", "symbols", "has_index")

    def __init__(self, path: str, data: bytes):
        self.path = path
        self.data = data
        self.thin = data[:8] == THIN_MAGIC
        self.members: list[Member] = []
        self.by_offset: dict[int, Member] = {}
        self.symbols: dict[str, list[int]] = {}
        self.has_index = False
        try:
            self._parse()
        except ArchiveError:
            raise
        except (struct.error, ValueError, IndexError, UnicodeError) as e:
            raise ArchiveError(f"{path}: malformed archive ({e})") from None

    def _parse(self) -> None:
        data, path = self.data, self.path
        if data[:8] not in (AR_MAGIC, THIN_MAGIC):
            raise ArchiveError(f"{path}: file format not recognized")
        n = len(data)
        pos = 8
        longnames = b""
        index_raw = None
        index64 = False
        while pos < n:
            if pos + 60 > n:
                if data[pos:].strip(b"\n") == b"":
                    break
                raise ArchiveError(f"{path}: truncated archive member header")
            hdr = data[pos:pos + 60]
            if hdr[58:60] != b"`\n":
                raise ArchiveError(f"{path}: malformed archive member header at {pos:#x}")
            raw_name = hdr[0:16].rstrip(b" ")
            try:
                size = int(hdr[48:58].strip() or b"0")
            except ValueError:
                raise ArchiveError(f"{path}: bad member size at {pos:#x}") from None
            body = pos + 60
            special = raw_name in (b"/", b"/SYM64/", b"//")
            stored = size if (not self.thin or special) else 0
            if body + stored > n:
                raise ArchiveError(f"{path}: truncated archive (member at {pos:#x} extends past "
                                   f"end of file)")
            if raw_name == b"/":
                index_raw, index64 = data[body:body + size], False
            elif raw_name == b"/SYM64/":
                index_raw, index64 = data[body:body + size], True
            elif raw_name == b"//":
                longnames = data[body:body + size]
            else:
                if raw_name.startswith(b"/") and raw_name[1:].isdigit():
                    off = int(raw_name[1:])
                    if off >= len(longnames):
                        raise ArchiveError(f"{path}: bad long member name offset {off}")
                    end = longnames.find(b"\n", off)
                    if end < 0:
                        end = len(longnames)
                    nm = longnames[off:end]
                    if nm.endswith(b"/"):
                        nm = nm[:-1]
                elif raw_name.startswith(b"#1/"):
                    raise ArchiveError(f"{path}: BSD archives are not supported")
                else:
                    nm = raw_name[:-1] if raw_name.endswith(b"/") else raw_name
                name = nm.decode("utf-8", "surrogateescape")
                mpath = None
                if self.thin:
                    mpath = name if os.path.isabs(name) else os.path.join(
                        os.path.dirname(path), name)
                m = Member(name, pos, size, mpath)
                self.members.append(m)
                self.by_offset[pos] = m
            pos = body + stored
            pos += pos & 1
        if index_raw is not None:
            self._parse_index(index_raw, index64)

    def _parse_index(self, raw: bytes, is64: bool) -> None:
        w = 8 if is64 else 4
        fmt = ">Q" if is64 else ">I"
        if len(raw) < w:
            raise ArchiveError(f"{self.path}: truncated archive symbol index")
        (count,) = struct.unpack_from(fmt, raw, 0)
        if w + count * w > len(raw):
            raise ArchiveError(f"{self.path}: truncated archive symbol index")
        offs = struct.unpack_from(f">{count}{'Q' if is64 else 'I'}", raw, w)
        names = raw[w + count * w:].split(b"\0")
        if len(names) < count:
            raise ArchiveError(f"{self.path}: truncated archive symbol index")
        syms = self.symbols
        by_off = self.by_offset
        for i in range(count):
            o = offs[i]
            if o not in by_off:
                raise ArchiveError(f"{self.path}: archive symbol index points to a bad member "
                                   f"offset {o:#x}")
            nm = names[i].decode("utf-8", "surrogateescape")
            lst = syms.get(nm)
            if lst is None:
                syms[nm] = [o]
            elif o not in lst:
                lst.append(o)
        self.has_index = True

    def member_at(self, offset: int) -> Member:
        return self.by_offset[offset]

    def member_data(self, m: Member):
        if m.path is not None:
            try:
                with open(m.path, "rb") as f:
                    return f.read()
            except OSError as e:
                raise ArchiveError(f"{self.path}: cannot read thin archive member {m.path}: "
                                   f"{e.strerror}") from None
        start = m.offset + 60
        return memoryview(self.data)[start:start + m.size]     # a view: no copy

    def member_label(self, m: Member) -> str:
        """``archive(member)`` as ld names archive members in messages."""
        return f"{self.path}({m.name})"
