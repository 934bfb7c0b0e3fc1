"""An output file built in place: a link's image (pyld) or an object (pyas, pyld -r).

The image is a shared memory map of a temporary file in the output's directory, sized to the
layout's file end with ``ftruncate``: what the link never writes (zero-filled sections, NOBITS
inputs merged into sections with contents, alignment gaps) stays a hole of the sparse file and
takes neither memory nor disk. Section contents, relocations, dynamic tables and headers are
written into the map at their offsets; the headers appended at the end grow it. Peak memory is
bounded by the bytes written, not by the file's size.

On success the temporary file is renamed over the output (or, for an existing non-regular
output such as ``/dev/null`` or a FIFO, copied into it in bounded pieces); on any failure it is
removed, so no partial output is ever left.
"""
from __future__ import annotations

import errno
import hashlib
import mmap
import os
import stat
import tempfile

from ..diag import ToolError

PIECE = 64 << 20        # bytes read at a time when hashing or copying the image


class OutputImage:
    """A temporary file and its memory map (``buf``: supports slicing, ``len``, the buffer
    protocol for ``struct.pack_into`` and growth through :func:`toolchain.elf.image.grow`)."""
    __slots__ = ("path", "dest", "tmp", "fd", "buf", "device")

    def __init__(self, path: str, size: int, written: int, fail: str = "final link failed"):
        """``size``: the image's size up to the section contents; ``written``: about how many
        of its bytes the link writes (contents and code fill: the blocks the file will take);
        ``size`` None: no map, the caller writes through ``fd`` (a map counts whole against an
        address-space limit, writes do not);
        ``fail``: what a full disk, a file too big or exhausted memory is reported as."""
        self.path = path
        self.buf = None
        self.fd = -1
        try:
            st = os.stat(path)
        except OSError:
            st = None
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise ToolError(f"cannot open output file {path}: Is a directory")
        # an existing device or FIFO is written in place at the end: never renamed over
        self.device = st is not None and not stat.S_ISREG(st.st_mode)
        # a symbolic link (``-o /dev/stdout`` onto a file) is written through: the file it
        # names is replaced, never the link itself
        self.dest = os.path.realpath(path) if os.path.islink(path) else path
        d = None if self.device else os.path.dirname(os.path.abspath(self.dest))
        try:
            self.fd, self.tmp = tempfile.mkstemp(prefix=".tmp-", dir=d)
        except OSError as e:
            raise ToolError(f"cannot open output file {path}: {e.strerror or e}") from None
        try:
            fs = os.fstatvfs(self.fd)
            if written > fs.f_bavail * fs.f_frsize:
                # a write into a hole of a full file system would be SIGBUS through the map
                self.discard()
                raise ToolError(f"{fail}: No space left on device")
            if size is not None:
                os.ftruncate(self.fd, size)
                self.buf = mmap.mmap(self.fd, size, mmap.MAP_SHARED,
                                     mmap.PROT_READ | mmap.PROT_WRITE)
        except (OSError, ValueError, OverflowError, MemoryError) as e:
            self.discard()
            if isinstance(e, OSError) and e.errno == errno.EFBIG:
                raise ToolError(f"{fail}: file too big") from None
            if isinstance(e, OSError) and e.errno not in (errno.ENOMEM, errno.EOVERFLOW,
                                                          errno.EINVAL):
                raise ToolError(f"cannot open output file {path}: {e.strerror or e}") from None
            raise ToolError(f"{fail}: memory exhausted") from None

    def digest(self, algorithm: str) -> bytes:
        """The hash of the whole image, read a piece at a time (the pages of a hole read here
        are given back after each piece)."""
        h = hashlib.new(algorithm)
        buf = self.buf
        mv = memoryview(buf)
        try:
            for start in range(0, len(buf), PIECE):
                end = min(start + PIECE, len(buf))
                h.update(mv[start:end])
                release(buf, start, end)
        finally:
            mv.release()
        return h.digest()

    def commit(self, mode: int) -> None:
        """The image becomes the output file."""
        buf, self.buf = self.buf, None
        try:
            if buf is not None:
                buf.flush()
                buf.close()
            if self.device:
                self._copy_to_device()
                os.close(self.fd)
                self.fd = -1
                os.unlink(self.tmp)
                return
            os.fchmod(self.fd, mode)
            os.close(self.fd)
            self.fd = -1
            os.replace(self.tmp, self.dest)
        except OSError as e:
            self.discard()
            raise ToolError(f"cannot open output file {self.path}: {e.strerror or e}") from None
        except BaseException:
            self.discard()
            raise

    def _copy_to_device(self) -> None:
        with open(self.path, "wb") as out:
            os.lseek(self.fd, 0, os.SEEK_SET)
            while True:
                piece = os.read(self.fd, PIECE)
                if not piece:
                    break
                out.write(piece)

    def discard(self) -> None:
        """Remove the temporary file (after an error); harmless when done already."""
        if self.buf is not None:
            try:
                self.buf.close()
            except BufferError:
                pass
            self.buf = None
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
            try:
                os.unlink(self.tmp)
            except OSError:
                pass


def release(buf, start: int, end: int) -> None:
    """Drop the process's pages of ``[start, end)`` of the image when ``buf`` is the shared
    map (the file keeps its contents; a later access maps them again); nothing for a
    bytearray."""
    if not isinstance(buf, mmap.mmap):
        return
    start -= start % mmap.PAGESIZE
    if end > start:
        buf.madvise(mmap.MADV_DONTNEED, start, end - start)


def write_object_file(obj, path: str, omit_empty_symtab: bool = False, release_obj: bool = False,
                      fail: str = "final link failed") -> OutputImage:
    """``obj`` (a :class:`toolchain.elf.objfile.ObjectFile`) written by
    :func:`~toolchain.elf.objfile.write_object` into a new unmapped :class:`OutputImage` for
    ``path``, section by section at its offset: the padding of file offsets to section
    alignments is skipped (a hole of the sparse file, as GNU as's), so memory and disk follow
    the contents, not the file's size. The caller commits the image; it is removed on any
    error here."""
    from .objfile import write_object
    image = OutputImage(path, None, 0, fail)
    try:
        with open(image.fd, "wb", closefd=False) as f:
            write_object(obj, omit_empty_symtab, release_obj, file=f)
    except OSError as e:
        image.discard()
        if e.errno == errno.EFBIG:
            raise ToolError(f"{fail}: file too big") from None
        raise ToolError(f"{fail}: {e.strerror or e}") from None
    except BaseException:
        image.discard()
        raise
    return image
