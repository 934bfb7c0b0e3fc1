"""pyld writes its output in place in a sparse temporary file (toolchain/ld/output.py): a zero
region (a NOBITS input merged into a section with contents) is never materialised, in memory
or on disk, and a failed link leaves no output and no temporary file (issue 19)."""
from __future__ import annotations

import json
import os
import struct
import subprocess
import sys

from toolchain.asm.api import assemble

GB = 1 << 30

# a NOBITS input merged between two PROGBITS inputs of .data: the output .data has contents,
# so the zeros are part of the file (GNU ld writes them as a hole)
SRC = """\
	.globl _start
	.text
_start:	ret
	.data
	.byte 1
	.section .data,"aw",@nobits,unique,1
	.zero {size}
	.section .data,"aw",@progbits,unique,2
	.byte 2
"""

# the child: one pyld run, its exit status and its own peak RSS (file-backed pages included;
# VmHWM belongs to the process's own memory, where ru_maxrss keeps the forking parent's peak)
CHILD = """\
import json, sys
from toolchain.ld.main import main
rc = main(sys.argv[1:])
with open("/proc/self/status") as f:
    hwm = [int(x.split()[1]) for x in f if x.startswith("VmHWM:")][0]
print(json.dumps([rc, hwm]))
"""


def _pyld_child(args, cwd):
    p = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True,
                       cwd=cwd, timeout=120)
    assert p.returncode == 0, p.stderr
    rc, maxrss_kb = json.loads(p.stdout.strip().splitlines()[-1])
    return rc, maxrss_kb, p.stderr


def _data_section(path):
    from elftools.elf.elffile import ELFFile
    with open(path, "rb") as f:
        s = ELFFile(f).get_section_by_name(".data")
        return s["sh_type"], s["sh_offset"], s["sh_size"]


def _with_nobits_size(obj: bytes, size: int) -> bytes:
    """``obj`` with the size of its 16-byte NOBITS section set to ``size`` (the assembler
    would build a ``.zero`` of that size in memory)."""
    obj = bytearray(obj)
    shoff, = struct.unpack_from("<Q", obj, 0x28)
    shnum, = struct.unpack_from("<H", obj, 0x3C)
    nobits = [shoff + 64 * i for i in range(shnum)
              if struct.unpack_from("<I", obj, shoff + 64 * i + 4)[0] == 8
              and struct.unpack_from("<Q", obj, shoff + 64 * i + 32)[0] == 16]
    assert len(nobits) == 1
    struct.pack_into("<Q", obj, nobits[0] + 32, size)
    return bytes(obj)


def _obj(tmp_path, size, name="z.o"):
    obj = tmp_path / name
    obj.write_bytes(_with_nobits_size(assemble(SRC.format(size=16), "z.s", "x86_64"), size))
    return obj


def _leftovers(d):
    return [n for n in os.listdir(d) if n.startswith(".tmp-")]


def test_zero_region_is_not_materialised(tmp_path):
    obj = _obj(tmp_path, GB)
    out = tmp_path / "z"
    rc, maxrss_kb, err = _pyld_child(["-o", str(out), str(obj)], tmp_path)
    assert rc == 0, err
    assert maxrss_kb < 200 * 1024, f"peak RSS {maxrss_kb} KB for a 1 GiB zero region"
    st = os.stat(out)
    assert st.st_size > GB
    assert st.st_blocks * 512 < 4 << 20, "the zero region was written to disk"
    assert st.st_mode & 0o777 == 0o755
    typ, off, size = _data_section(out)
    assert typ == "SHT_PROGBITS" and size == GB + 2
    with open(out, "rb") as f:
        for at, want in ((0, b"\x01\0"), (1 + (GB >> 1), b"\0\0"), (GB - 1, b"\0\0\x02")):
            f.seek(off + at)
            assert f.read(len(want)) == want, hex(at)
        f.seek(0)
        assert f.read(4) == b"\x7fELF"
    assert _leftovers(tmp_path) == []


def test_build_id_reads_the_hole_in_pieces(tmp_path):
    """--build-id hashes the whole image; the hole's pages read for it are given back."""
    obj = _obj(tmp_path, 256 << 20)
    out = tmp_path / "b"
    rc, maxrss_kb, err = _pyld_child(["--build-id", "-o", str(out), str(obj)], tmp_path)
    assert rc == 0, err
    assert maxrss_kb < 200 * 1024, f"peak RSS {maxrss_kb} KB hashing a 256 MiB hole"
    # the note holds SHA-1 of the image with the digest's bytes zero (as before: bytes kept)
    import hashlib
    from elftools.elf.elffile import ELFFile
    with open(out, "rb") as f:
        note = ELFFile(f).get_section_by_name(".note.gnu.build-id")["sh_offset"]
        head = bytearray(f.read(note + 36)) if f.seek(0) == 0 else None
        digest = bytes(head[note + 16:note + 36])
        head[note + 16:note + 36] = bytes(20)
        h = hashlib.sha1(head)
        while piece := f.read(16 << 20):
            h.update(piece)
    assert digest == h.digest()


def test_failed_link_leaves_no_output_and_no_temporary(tmp_path):
    """An error found after the image was opened (a relocation that does not fit) removes
    the temporary file; nothing is written at the output's name."""
    obj = tmp_path / "r.o"
    obj.write_bytes(assemble("\t.globl _start\n_start:\tret\n\t.data\n\t.long far\n", "r.s",
                             "x86_64"))
    out = tmp_path / "r"
    rc, _, err = _pyld_child(["--defsym", "far=0x123456789", "-o", str(out), str(obj)],
                             tmp_path)
    assert rc == 1 and "relocation truncated to fit" in err, err
    assert not out.exists()
    assert _leftovers(tmp_path) == []


def test_device_output_is_written_in_place(tmp_path):
    """-o /dev/null: the device is written, never renamed over; the temporary goes away."""
    obj = _obj(tmp_path, 1 << 20)
    rc, _, err = _pyld_child(["-o", os.devnull, str(obj)], tmp_path)
    assert rc == 0, err
    assert os.path.exists(os.devnull) and not os.path.isfile(os.devnull)
    # and a FIFO gets the same bytes a regular file does
    reg = tmp_path / "reg"
    rc, _, err = _pyld_child(["-o", str(reg), str(obj)], tmp_path)
    assert rc == 0, err
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got = tmp_path / "got"
    with open(got, "wb") as sink:
        reader = subprocess.Popen(["cat", str(fifo)], stdout=sink)
        rc, _, err = _pyld_child(["-o", str(fifo), str(obj)], tmp_path)
        reader.wait(timeout=60)
    assert rc == 0, err
    assert got.read_bytes() == reg.read_bytes()
    assert _leftovers(tmp_path) == []


def test_huge_image_is_a_clean_error(tmp_path):
    """An image past what the file system or address space takes: 'final link failed', exit 1,
    no output and no temporary."""
    obj = _obj(tmp_path, 1 << 58, "h.o")
    out = tmp_path / "h"
    rc, _, err = _pyld_child(["-o", str(out), str(obj)], tmp_path)
    assert rc == 1 and "final link failed" in err, err
    assert "Traceback" not in err and not out.exists()
    assert _leftovers(tmp_path) == []


def test_code_fill_pages_are_given_back(tmp_path):
    """A code section's alignment gap is written (nops, as GNU ld does) a piece at a time, and
    each piece's pages are given back: peak memory stays bounded by the pieces."""
    a = tmp_path / "a.o"
    a.write_bytes(assemble("\t.globl _start\n\t.text\n_start:\tret\n", "a.s", "x86_64"))
    b = bytearray(assemble("\t.text\n\t.byte 0xcc\n", "b.s", "x86_64"))
    shoff, = struct.unpack_from("<Q", b, 0x28)
    shnum, = struct.unpack_from("<H", b, 0x3C)
    text = [shoff + 64 * i for i in range(shnum)
            if struct.unpack_from("<IQ", b, shoff + 64 * i + 4) == (1, 6)]
    assert len(text) == 1
    struct.pack_into("<Q", b, text[0] + 48, 256 << 20)        # sh_addralign
    (tmp_path / "b.o").write_bytes(b)
    out = tmp_path / "f"
    rc, maxrss_kb, err = _pyld_child(["-o", str(out), str(a), str(tmp_path / "b.o")], tmp_path)
    assert rc == 0, err
    assert maxrss_kb < 200 * 1024, f"peak RSS {maxrss_kb} KB for a 256 MiB code fill"
    from elftools.elf.elffile import ELFFile
    with open(out, "rb") as f:
        s = ELFFile(f).get_section_by_name(".text")
        off, size = s["sh_offset"], s["sh_size"]
        assert size == (256 << 20) + 1
        for at, want in ((0, b"\xc3\x90"), (size >> 1, b"\x90\x90"), (size - 2, b"\x90\xcc")):
            f.seek(off + at)
            assert f.read(2) == want, hex(at)


def test_no_space_for_the_contents_is_a_clean_error(tmp_path):
    """More bytes to write than the file system has free: GNU ld's message, no temporary."""
    from toolchain.diag import ToolError
    from toolchain.ld.output import OutputImage
    out = tmp_path / "n"
    try:
        OutputImage(str(out), 4096, 1 << 62)
    except ToolError as e:
        assert e.message == "final link failed: No space left on device"
    else:
        raise AssertionError("no error")
    assert not out.exists() and _leftovers(tmp_path) == []
