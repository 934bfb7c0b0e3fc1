"""The causes behind the fuzz findings of tests/fuzz/crashes/, each tested on its own and, where
the GNU tool is installed, against it (same bytes, or the same exit status).

- as-riscv64 (timeout): `.attribute unaligned_access, ~0` looped for ever writing a negative
  value as ULEB128. GNU as keeps attribute tags and integer values as 32-bit unsigned ints,
  rejects a negative tag with "expected <tag> , <value>", treats odd tags as strings and never
  writes tags 0 and 1.
- ld (out of memory): all sections of a fuzzed object read with empty names, so a 1.5 GB NOBITS
  section joined the code's output section and became file contents (plus two copies for the
  code fill). GNU ld rejects that object ("file format not recognized": its symbol table's entry
  size is wrong), keeps orphan sections with and without contents apart, places sections
  without contents after .bss, and writes a NOBITS input inside a code section as zeros.
"""
from __future__ import annotations

import os
import shutil
import struct
import subprocess

import pytest

from toolchain.asm.api import AssemblyFailed, assemble

# ---------------------------------------------------------------------------------------------
# pyas RISC-V .attribute


def _attributes(obj: bytes) -> bytes | None:
    from elftools.elf.elffile import ELFFile
    import io
    s = ELFFile(io.BytesIO(obj)).get_section_by_name(".riscv.attributes")
    return s.data() if s is not None else None


def _tags(data: bytes) -> dict:
    """The riscv subsection's tag -> value (ints and strings), read back."""
    from toolchain.arch.riscv64.relocs import read_uleb, uleb_len
    p = 1 + 4 + len(b"riscv\0") + 1 + 4
    out = {}

    def uleb(p):
        return read_uleb(data, p), p + uleb_len(data, p)
    while p < len(data):
        tag, p = uleb(p)
        if tag & 1:
            e = data.index(b"\0", p)
            out[tag], p = data[p:e].decode(), e + 1
        else:
            out[tag], p = uleb(p)
    return out


@pytest.mark.parametrize("value, want", [("~0", 0xFFFFFFFF), ("-5", 0xFFFFFFFB),
                                         ("0x123456789", 0x23456789), ("7", 7)])
def test_riscv_attribute_values_are_32_bit_unsigned(value, want):
    obj = assemble(f"\t.attribute unaligned_access, {value}\n\t.attribute 4, {value}\n"
                   f"\t.attribute 1000, {value}\n", "a.s", "riscv64")
    tags = _tags(_attributes(obj))
    assert tags[6] == tags[4] == tags[1000] == want


def test_riscv_attribute_tags():
    tags = _tags(_attributes(assemble(
        "\t.attribute 0x100000002, 7\n\t.attribute 0, 9\n\t.attribute 1, \"x\"\n"
        "\t.attribute 3, \"abc\"\n\t.attribute 0x8000000000000000, 5\n", "a.s", "riscv64")))
    assert tags[2] == 7 and tags[3] == "abc"
    assert 0 not in tags and 1 not in tags
    with pytest.raises(AssemblyFailed, match=r"expected <tag> , <value>"):
        assemble("\t.attribute -1, 7\n", "a.s", "riscv64")
    with pytest.raises(AssemblyFailed, match="bad string constant"):
        assemble("\t.attribute 7, 5\n", "a.s", "riscv64")


def test_riscv_attributes_match_gnu_as(tmp_path):
    gas = shutil.which("riscv64-linux-gnu-as")
    if gas is None:
        pytest.skip("riscv64-linux-gnu-as not installed")
    for tag in ("unaligned_access", "stack_align", "0x100000002", "34", "0x80000002", "0", "3"):
        for value in ("7", "~0", "-5", "0x123456789", "0x8000000000000000", "0", '"ab"'):
            src = f"\t.attribute {tag}, {value}\n"
            s = tmp_path / "a.s"
            s.write_text(src)
            o = tmp_path / "a.o"
            if o.exists():
                o.unlink()
            r = subprocess.run([gas, "-o", str(o), str(s)], capture_output=True, text=True)
            try:
                ours = _attributes(assemble(src, "a.s", "riscv64"))
            except AssemblyFailed:
                ours = None
            theirs = _attributes(o.read_bytes()) if r.returncode == 0 else None
            assert ours == theirs, src


# ---------------------------------------------------------------------------------------------
# pyld: sections without contents, code fill, header checks

def _pyld(args):
    import contextlib
    import io
    from toolchain.ld.main import main
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            rc = main(args)
        except SystemExit as e:
            rc = e.code
    return rc, err.getvalue()


def _sections(path):
    from elftools.elf.elffile import ELFFile
    with open(path, "rb") as f:
        e = ELFFile(f)
        secs = [(s.name, s["sh_type"], s["sh_addr"], s["sh_offset"], s["sh_size"])
                for s in e.iter_sections()]
        loads = [(p["p_offset"], p["p_vaddr"], p["p_filesz"], p["p_memsz"])
                 for p in e.iter_segments() if p["p_type"] == "PT_LOAD"]
        text = e.get_section_by_name(".text")
        text = text.data() if text is not None else None
    return secs, loads, text


NOBITS_SRC = """\
	.text
	.byte 1
	.section .text,"ax",@nobits,unique,1
	.zero 0x20
	.section .text,"ax",@progbits,unique,2
	.balign 16
	.byte 2
	.section .foo,"ax",@progbits
	.byte 3
	.section .foo,"ax",@nobits,unique,3
	.zero 0x4000000
	.section .bar,"a",@nobits
	.zero 0x10
	.section .rodata
	.byte 7
	.section .qux,"a",@progbits
	.byte 8
"""


def test_sections_without_contents(tmp_path):
    obj = tmp_path / "nb.o"
    obj.write_bytes(assemble(NOBITS_SRC, "nb.s", "x86_64"))
    out = tmp_path / "nb.so"
    rc, err = _pyld(["-shared", "-o", str(out), str(obj)])
    assert rc == 0, err
    assert os.path.getsize(out) < 1 << 20          # the 64 MiB .foo stays NOBITS
    secs, loads, text = _sections(out)
    # the NOBITS input inside .text is zeros, the gaps between code inputs are nops
    assert text == b"\x01" + b"\0" * 0x20 + b"\x90" * 15 + b"\x02"
    foo = [s for s in secs if s[0] == ".foo"]
    assert sorted(t for _, t, *_ in foo) == ["SHT_NOBITS", "SHT_PROGBITS"]
    bss_like = [s for s in secs if s[1] == "SHT_NOBITS"]
    last_progbits = max(s[2] for s in secs if s[1] == "SHT_PROGBITS" and s[2])
    assert all(s[2] > last_progbits for s in bss_like)
    # every section with contents is where its segment maps it
    for name, typ, addr, off, size in secs:
        if typ == "SHT_PROGBITS" and addr:
            seg = [p for p in loads if p[1] <= addr < p[1] + max(p[2], 1)]
            assert seg and addr - seg[0][1] == off - seg[0][0], name
    ld = shutil.which("ld")
    if ld is not None and os.uname().machine == "x86_64":
        g = tmp_path / "g.so"
        subprocess.run([ld, "-shared", "-o", str(g), str(obj)], check=True, capture_output=True)
        gsecs = _sections(g)[0]
        assert sorted((n, t) for n, t, *_ in gsecs if n in (".foo", ".bar", ".qux")) == \
            sorted((n, t) for n, t, *_ in secs if n in (".foo", ".bar", ".qux"))


def _mutated(obj: bytes, index: int, field: str, value: int) -> bytes:
    fields = {"link": (40, "I"), "info": (44, "I"), "entsize": (56, "Q")}
    d = bytearray(obj)
    shoff = struct.unpack_from("<Q", d, 0x28)[0]
    off, fmt = fields[field]
    struct.pack_into("<" + fmt, d, shoff + 64 * index + off, value)
    return bytes(d)


@pytest.mark.parametrize("kind, field, value", [
    ("SHT_SYMTAB", "entsize", 0), ("SHT_SYMTAB", "entsize", 0x2018), ("SHT_SYMTAB", "info", 99),
    ("SHT_RELA", "entsize", 0x30), ("SHT_RELA", "link", 99)])
def test_bad_tables_are_not_recognized(tmp_path, kind, field, value):
    from toolchain.elf.objfile import read_object
    obj = assemble("\t.text\n\t.globl f\nf:\tcall g@PLT\n\tret\n", "a.s", "x86_64")
    index = next(s.index for s in read_object(obj, "a.o").sections
                 if s.type == {"SHT_SYMTAB": 2, "SHT_RELA": 4}[kind])
    bad = tmp_path / "bad.o"
    bad.write_bytes(_mutated(obj, index, field, value))
    out = tmp_path / "bad.so"
    rc, err = _pyld(["-shared", "-o", str(out), str(bad)])
    assert rc == 1 and f"{bad}: file format not recognized" in err and not out.exists()
    ld = shutil.which("ld")
    if ld is not None and os.uname().machine == "x86_64":
        r = subprocess.run([ld, "-shared", "-o", str(out), str(bad)], capture_output=True,
                           text=True)
        assert r.returncode == 1 and "file format not recognized" in r.stderr


@pytest.mark.parametrize("target", ["SHT_PROGBITS", "SHT_RELA", "SHT_NOBITS", "SHT_SYMTAB"])
def test_symbol_strings_not_in_a_string_table(tmp_path, target):
    """The fuzzer's ld finding: a symbol table linked to a NOBITS section (no bytes) raised a
    TypeError; any non-STRTAB link is BFD's "attempt to load strings from a non-string
    section"."""
    from toolchain.elf.objfile import read_object
    obj = assemble("\t.text\n\t.globl f\nf:\tcall g@PLT\n\tret\n\t.data\n\t.quad 1\n"
                   "\t.bss\n\t.zero 8\n", "a.s", "x86_64")
    secs = read_object(obj, "a.o").sections
    symtab = next(s.index for s in secs if s.type == 2)
    index = next(s.index for s in secs if s.type == {"SHT_PROGBITS": 1, "SHT_RELA": 4,
                                                      "SHT_NOBITS": 8, "SHT_SYMTAB": 2}[target])
    bad = tmp_path / "bad.o"
    bad.write_bytes(_mutated(obj, symtab, "link", index))
    want = f"{bad}: attempt to load strings from a non-string section (number {index})"
    for mode in (["-shared"], ["-r"]):
        out = tmp_path / "bad.out"
        rc, err = _pyld(mode + ["-o", str(out), str(bad)])
        assert rc == 1 and want in err and not out.exists()
        ld = shutil.which("ld")
        if ld is not None and os.uname().machine == "x86_64":
            r = subprocess.run([ld, *mode, "-o", str(out), str(bad)], capture_output=True,
                               text=True)
            assert r.returncode == 1 and want in r.stderr


@pytest.mark.parametrize("field, value", [("entsize", 0), ("entsize", 0x30), ("link", 99),
                                          ("info", 99)])
def test_bad_dynamic_symbol_table_is_not_recognized(tmp_path, field, value):
    from toolchain.elf.dynamic import read_shared_object
    lib = tmp_path / "lib.o"
    lib.write_bytes(assemble("\t.text\n\t.globl f\n\t.type f,@function\nf:\tret\n", "l.s"))
    so = tmp_path / "libl.so"
    assert _pyld(["-shared", "-o", str(so), str(lib)])[0] == 0
    data = so.read_bytes()
    shoff = struct.unpack_from("<Q", data, 0x28)[0]
    shnum = struct.unpack_from("<H", data, 0x3c)[0]
    index = next(i for i in range(shnum)
                 if struct.unpack_from("<I", data, shoff + 64 * i + 4)[0] == 11)   # DYNSYM
    read_shared_object(data, "libl.so")
    bad = tmp_path / "libbad.so"
    bad.write_bytes(_mutated(data, index, field, value))
    main = tmp_path / "m.o"
    main.write_bytes(assemble("\t.text\n\t.globl _start\n_start:\tcall f@PLT\n", "m.s"))
    out = tmp_path / "m"
    rc, err = _pyld(["-o", str(out), str(main), str(bad)])
    assert rc == 1 and f"{bad}: file format not recognized" in err and not out.exists()


def test_code_fill_in_pieces_keeps_the_pattern(monkeypatch):
    """The code fill written piece by piece equals the pattern repeated from the section's
    start (what a whole-section fill gave), for every target's nop and any gap."""
    import random
    import toolchain.ld.main as M
    monkeypatch.setattr(M, "_FILL_CHUNK", 64)
    rnd = random.Random(1)
    for nop in (b"\x90", bytes.fromhex("1f2003d5"), bytes.fromhex("13000000"), b"\x01\x00"):
        for _ in range(500):
            size = rnd.randint(1, 600)
            a = rnd.randint(0, size)
            b = rnd.randint(a, size)
            buf = bytearray(size + 10)
            M._fill_nops(buf, 5, a, b, nop)
            assert bytes(buf[5 + a:5 + b]) == (nop * (size // len(nop) + 1))[a:b]
            assert buf[:5 + a] == bytes(5 + a) and buf[5 + b:] == bytes(size + 5 - b)


@pytest.mark.parametrize("addend", [8, (1 << 63) - 4])
def test_relocatable_section_symbol_value_and_addend(tmp_path, addend):
    """The fuzzer's second ld finding: `-r` added a section symbol's st_value (0xffff...0000)
    to the addend and failed to pack the result. BFD ignores that value in `-r` and keeps
    addends to 64 bits."""
    from toolchain.elf.objfile import read_object
    obj = bytearray(assemble(f"\t.text\nf:\tret\n\t.data\n\t.quad f+{addend}\n", "w.s",
                             "x86_64"))
    symtab = next(s for s in read_object(bytes(obj), "w.o").sections if s.type == 2)
    for j in range(len(symtab.data) // 24):
        o = symtab.offset + 24 * j
        if obj[o + 4] & 0xF == 3 and struct.unpack_from("<H", obj, o + 6)[0] == 1:
            struct.pack_into("<Q", obj, o + 8, 0xFFFFFFFFFFFF0000)      # .text's symbol
    src = tmp_path / "w.o"
    src.write_bytes(bytes(obj))
    out = tmp_path / "r.o"
    rc, err = _pyld(["-r", "-o", str(out), str(src)])
    assert rc == 0, err
    got = [r.addend for s in read_object(out.read_bytes(), "r.o").sections for r in s.relocs]
    ld = shutil.which("ld")
    if ld is not None and os.uname().machine == "x86_64":
        g = tmp_path / "g.o"
        subprocess.run([ld, "-r", "-o", str(g), str(src)], check=True)
        want = [r.addend for s in read_object(g.read_bytes(), "g.o").sections
                for r in s.relocs]
        assert got == want
    assert got == [addend]
