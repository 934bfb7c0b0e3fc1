"""pyld's memory per input byte (issue 19): inputs of 1 MiB and up are mapped, section contents
are views of the map, relocations stay the file's bytes until used, pages are given back as the
link goes, and `-r` is written straight into a sparse mapped file. Each link runs in a child
process under RLIMIT_AS and reports its own peak RSS (VmHWM); the bound stated in
docs/linker.md ("Input size") is checked here:

    peak RSS <= 32 MiB + 1 x (input bytes) + 48 x (symbol table bytes)

(measured: the interpreter 20 MiB, then 0.75 x input bytes for a link and 0.95 x for -r of the
contents-and-relocations set below, where pyld before this bound took 2.9 x and 5.5 x; about
1,100 bytes a global symbol at the peak, 46 x its 24 bytes of .symtab). Also: a NOBITS
section of 2^36 bytes with 2^32 alignment links under a 512 MiB address-space limit with the
addresses GNU ld gives, a 4 GiB sparse object (GNU as's file padding of a huge `.p2align` in
`.bss`) costs no memory, and truncated mapped inputs are located errors with no output."""
from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys

import pytest

from toolchain.elf import constants as C
from toolchain.elf.objfile import ObjectFile, Reloc, Section, Symbol, write_object

MiB = 1 << 20
NOBJ = 8
NFUNC = 200
NREL = 8000
RODATA = MiB + 4096

# the child: one pyld run under an address-space limit; exit status and its own peak RSS
CHILD = """\
import json, resource, sys
lim = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (lim, lim))
from toolchain.ld.main import main
rc = main(sys.argv[2:])
with open("/proc/self/status") as f:
    hwm = [int(x.split()[1]) for x in f if x.startswith("VmHWM:")][0]
print(json.dumps([rc, hwm]))
"""


def _pyld(args, cwd, limit=512 * MiB):
    p = subprocess.run([sys.executable, "-c", CHILD, str(limit), *args], capture_output=True,
                       text=True, cwd=cwd, timeout=300)
    assert p.returncode == 0, p.stderr
    rc, hwm_kb = json.loads(p.stdout.strip().splitlines()[-1])
    return rc, hwm_kb * 1024, p.stderr


def _object(i: int, n: int) -> bytes:
    """Object ``i`` of ``n``: 1 MiB of .rodata, NFUNC functions calling the next object's,
    a .data table of NREL pointers into the next object (R_X86_64_64)."""
    obj = ObjectFile(C.EM_X86_64)
    text = obj.add_section(Section(".text", C.SHT_PROGBITS, C.SHF_ALLOC | C.SHF_EXECINSTR,
                                   align=16))
    ro = obj.add_section(Section(".rodata", C.SHT_PROGBITS, C.SHF_ALLOC,
                                 bytearray([i + 1]) * RODATA, align=32))
    data = obj.add_section(Section(".data", C.SHT_PROGBITS, C.SHF_ALLOC | C.SHF_WRITE,
                                   bytearray(8 * NREL), align=8))
    j = (i + 1) % n
    undef = [Symbol(f"f{j}_{k}", bind=C.STB_GLOBAL) for k in range(NFUNC)]
    syms = [Symbol(f"ro{i}", 0, RODATA, C.STB_GLOBAL, C.STT_OBJECT, section=ro)]
    if i == 0:
        syms.append(Symbol("_start", 0, 0, C.STB_GLOBAL, C.STT_FUNC, section=text))
        text.data += b"\xe8\0\0\0\0\xb8\x3c\0\0\0\x31\xff\x0f\x05"
        text.relocs.append(Reloc(1, 4, undef[0], -4))
    for k in range(NFUNC):
        syms.append(Symbol(f"f{i}_{k}", len(text.data), 6, C.STB_GLOBAL, C.STT_FUNC,
                           section=text))
        text.relocs.append(Reloc(len(text.data) + 1, 4, undef[(k + 1) % NFUNC], -4))
        text.data += b"\xe8\0\0\0\0\xc3"
    data.relocs = [Reloc(8 * k, 1, undef[k % NFUNC], k) for k in range(NREL)]
    obj.symbols = syms + undef
    return write_object(obj)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    d = tmp_path_factory.mktemp("ldsize")
    names = []
    for i in range(NOBJ):
        p = d / f"g{i}.o"
        p.write_bytes(_object(i, NOBJ))
        names.append(str(p))
    return d, names


def _symtab_bytes(path) -> int:
    with open(path, "rb") as f:
        data = f.read()
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shnum, = struct.unpack_from("<H", data, 0x3C)
    return sum(struct.unpack_from("<Q", data, shoff + 64 * i + 32)[0] for i in range(shnum)
               if struct.unpack_from("<I", data, shoff + 64 * i + 4)[0] == C.SHT_SYMTAB)


def _bound(names) -> int:
    size = sum(os.path.getsize(p) for p in names)
    return 32 * MiB + size + 48 * sum(_symtab_bytes(p) for p in names)


def test_inputs_are_mapped(inputs):
    """The generated inputs are big enough to take the mapped path."""
    from toolchain.ld.inputs import MAP_MIN
    assert all(os.path.getsize(p) >= MAP_MIN for p in inputs[1])


def test_link_peak_within_bound(inputs):
    d, names = inputs
    rc, peak, err = _pyld(["-static", "-e", "_start", *names, "-o", "a.out"], d)
    assert rc == 0, err
    size = sum(os.path.getsize(p) for p in names)
    assert peak <= _bound(names), (peak, size)
    # every input's .rodata is in the output (the copy made from the views)
    out = (d / "a.out").read_bytes()
    for i in range(NOBJ):
        assert bytes([i + 1]) * 4096 in out


def _symbol_heavy(d, n=2, count=50000):
    """``n`` objects of ``count`` global data symbols each (names of a usual length)."""
    names = []
    for i in range(n):
        obj = ObjectFile(C.EM_X86_64)
        data = obj.add_section(Section(".data", C.SHT_PROGBITS, C.SHF_ALLOC | C.SHF_WRITE,
                                       bytearray(8 * count), align=8))
        text = obj.add_section(Section(".text", C.SHT_PROGBITS,
                                       C.SHF_ALLOC | C.SHF_EXECINSTR, bytearray(b"\xc3")))
        obj.symbols = [Symbol(f"a_fairly_usual_symbol_name_{i}_{k}", 8 * k, 8, C.STB_GLOBAL,
                              C.STT_OBJECT, section=data) for k in range(count)]
        if i == 0:
            obj.symbols.append(Symbol("_start", 0, 0, C.STB_GLOBAL, C.STT_FUNC, section=text))
        p = d / f"sym{i}.o"
        p.write_bytes(write_object(obj))
        names.append(str(p))
    return names


def test_symbol_heavy_link_within_bound(tmp_path):
    names = _symbol_heavy(tmp_path)
    rc, peak, err = _pyld(["-static", "-e", "_start", *names, "-o", "a.out"], tmp_path)
    assert rc == 0, err
    assert peak <= _bound(names), peak


def test_relocatable_peak_within_bound(inputs):
    d, names = inputs
    rc, peak, err = _pyld(["-r", *names, "-o", "r.o"], d)
    assert rc == 0, err
    assert peak <= _bound(names), peak
    from toolchain.elf.objfile import read_object
    r = read_object((d / "r.o").read_bytes())
    ro = r.section(".rodata")
    assert len(ro.data) == NOBJ * RODATA
    assert ro.data[RODATA * 3:RODATA * 3 + 8] == bytes([4]) * 8
    data = r.section(".data")
    assert len(data.relocs) == NOBJ * NREL
    assert data.relocs[NREL + 5].offset == 8 * NREL + 40 and data.relocs[NREL + 5].addend == 5


def test_mapped_and_read_inputs_link_alike(inputs, tmp_path, monkeypatch):
    """The same link with every input read instead of mapped (views of bytes): same output,
    for an executable and for -r."""
    from toolchain.ld import inputs as mod
    from toolchain.ld.main import main
    d, names = inputs
    for args in (["-static", "-e", "_start"], ["-r"]):
        outs = []
        for map_min in (mod.MAP_MIN, 1 << 40):
            monkeypatch.setattr(mod, "MAP_MIN", map_min)
            out = tmp_path / f"o{map_min}"
            assert main([*args, *names, "-o", str(out)]) == 0
            outs.append(out.read_bytes())
        assert outs[0] == outs[1]


# a NOBITS section of 2^36 bytes aligned to 2^32 after .data, another NOBITS aligned to 2^32
HUGE = """\
	.text
	.globl _start
_start:	mov $60,%eax
	xor %edi,%edi
	syscall
	.data
	.quad big
	.bss
	.globl big
big:	.zero 1<<36
	.p2align 30
	.globl after
after:	.zero 16
	.section .bss.two,"aw",@nobits
	.p2align 32
	.zero 1<<20
"""


def _sections(path):
    from elftools.elf.elffile import ELFFile
    with open(path, "rb") as f:
        e = ELFFile(f)
        secs = {s.name: (s["sh_type"], s["sh_addr"], s["sh_size"], s["sh_addralign"])
                for s in e.iter_sections()}
        st = e.get_section_by_name(".symtab")
        syms = {s.name: s["st_value"] for s in st.iter_symbols()}
    return secs, syms


def _gnu_as(tmp_path, text, name):
    if shutil.which("as") is None or shutil.which("ld") is None:
        pytest.skip("GNU as/ld not installed")
    (tmp_path / f"{name}.s").write_text(text)
    subprocess.run(["as", f"{name}.s", "-o", f"{name}.o"], cwd=tmp_path, check=True)
    return tmp_path / f"{name}.o"


def test_sparse_4gib_object(tmp_path):
    """GNU as gives the object a 4 GiB file (the 2^32 alignment of .bss.two's file offset):
    mapped, it costs nothing; .bss placed and sized as GNU ld does."""
    obj = _gnu_as(tmp_path, HUGE, "huge")
    assert obj.stat().st_size > 4 << 30
    rc, peak, err = _pyld(["-static", "-e", "_start", "huge.o", "-o", "a.out"], tmp_path,
                          limit=16 << 30)
    assert rc == 0, err
    assert peak < 100 * MiB, peak
    subprocess.run(["ld", "-static", "-e", "_start", "huge.o", "-o", "gnu.out"], cwd=tmp_path,
                   check=True)
    ours, our_syms = _sections(tmp_path / "a.out")
    gnu, gnu_syms = _sections(tmp_path / "gnu.out")
    assert ours[".bss"] == gnu[".bss"] == (C_NOBITS, 1 << 32, (1 << 36) + (1 << 32) + (1 << 20),
                                           1 << 32)
    assert our_syms["big"] == gnu_syms["big"] and our_syms["after"] == gnu_syms["after"]
    assert (tmp_path / "a.out").stat().st_blocks * 512 < MiB
    # -r: the 2^32 alignment is a 4 GiB hole of the sparse output, as GNU ld -r writes it
    # (was 'unsupported alignment')
    rc, peak, err = _pyld(["-r", "huge.o", "-o", "r.o"], tmp_path, limit=16 << 30)
    assert rc == 0, err
    assert peak < 100 * MiB, peak
    subprocess.run(["ld", "-r", "huge.o", "-o", "gnu.o"], cwd=tmp_path, check=True)
    assert (tmp_path / "r.o").stat().st_size == (tmp_path / "gnu.o").stat().st_size
    assert (tmp_path / "r.o").stat().st_blocks * 512 < MiB
    ours = subprocess.run(["readelf", "-SW", "r.o"], cwd=tmp_path, capture_output=True,
                          text=True).stdout
    gnu = subprocess.run(["readelf", "-SW", "gnu.o"], cwd=tmp_path, capture_output=True,
                         text=True).stdout
    pick = lambda t: [ln for ln in t.splitlines() if "bss" in ln or "data" in ln]   # noqa: E731
    assert pick(ours) == pick(gnu) and len(pick(ours)) == 4


C_NOBITS = "SHT_NOBITS"


def test_huge_nobits_under_512mib(tmp_path):
    """The same sizes in a small object (.bss of 2^36 bytes, .bss.two aligned to 2^32, set
    in the section headers: no file padding): linked under a 512 MiB address-space limit,
    with GNU ld's .bss address, size and alignment."""
    from toolchain.asm.api import assemble
    src = ("\t.text\n\t.globl _start\n_start:\tret\n\t.data\n\t.quad big\n"
           "\t.bss\n\t.globl big\nbig:\t.zero 16\n"
           "\t.section .bss.two,\"aw\",@nobits\n\t.zero 32\n")
    obj = bytearray(assemble(src, "h.s", "x86_64"))
    shoff, = struct.unpack_from("<Q", obj, 0x28)
    shnum, = struct.unpack_from("<H", obj, 0x3C)
    for i in range(shnum):
        h = shoff + 64 * i
        if struct.unpack_from("<I", obj, h + 4)[0] != C.SHT_NOBITS:
            continue
        size, = struct.unpack_from("<Q", obj, h + 32)
        if size == 16:                                          # .bss
            struct.pack_into("<Q", obj, h + 32, 1 << 36)
        else:                                                   # .bss.two
            struct.pack_into("<Q", obj, h + 32, 1 << 20)
            struct.pack_into("<Q", obj, h + 48, 1 << 32)
    (tmp_path / "h.o").write_bytes(bytes(obj))
    rc, peak, err = _pyld(["-static", "-e", "_start", "h.o", "-o", "a.out"], tmp_path)
    assert rc == 0, err
    assert peak < 100 * MiB, peak
    ours, _ = _sections(tmp_path / "a.out")
    assert ours[".bss"] == (C_NOBITS, 1 << 32, (1 << 36) + (1 << 20), 1 << 32)
    if shutil.which("ld") is not None:
        subprocess.run(["ld", "-static", "-e", "_start", "h.o", "-o", "gnu.out"],
                       cwd=tmp_path, check=True)
        gnu, _ = _sections(tmp_path / "gnu.out")
        assert ours[".bss"] == gnu[".bss"]


@pytest.mark.parametrize("cut", ["sections", "headers"])
def test_truncated_mapped_object(inputs, tmp_path, cut):
    """A mapped object cut short: GNU ld's kind of message, exit 1, no output."""
    d, names = inputs
    data = open(names[1], "rb").read()
    shoff, = struct.unpack_from("<Q", data, 0x28)
    n = shoff - 4096 if cut == "sections" else shoff + 100
    bad = tmp_path / "bad.o"
    bad.write_bytes(data[:n] if cut == "headers" else
                    data[:0x28] + struct.pack("<Q", n) + data[0x30:n] + data[shoff:])
    p = subprocess.run([sys.executable, "-m", "toolchain.ld", "-static", "-e", "_start",
                        names[0], str(bad), "-o", "a.out"], capture_output=True, text=True,
                       cwd=tmp_path)
    assert p.returncode == 1, p.stderr
    assert p.stderr.startswith(f"pyld: error: {bad}") or f"pyld: {bad}" in p.stderr, p.stderr
    assert "Traceback" not in p.stderr and "internal error" not in p.stderr
    assert not (tmp_path / "a.out").exists()
    assert not [x for x in os.listdir(tmp_path) if x.startswith(".tmp-")]


def test_truncated_mapped_archive(inputs, tmp_path):
    """An archive of mapped size cut inside a member: located error, exit 1, no output."""
    if shutil.which("ar") is None:
        pytest.skip("ar not installed")
    d, names = inputs
    subprocess.run(["ar", "rcs", str(tmp_path / "full.a"), *names[1:]], check=True)
    data = (tmp_path / "full.a").read_bytes()
    (tmp_path / "lib.a").write_bytes(data[:len(data) - 5000])
    p = subprocess.run([sys.executable, "-m", "toolchain.ld", "-static", "-e", "_start",
                        names[0], "lib.a", "-o", "a.out"], capture_output=True, text=True,
                       cwd=tmp_path)
    assert p.returncode == 1, p.stderr
    assert "lib.a" in p.stderr and "Traceback" not in p.stderr, p.stderr
    assert not (tmp_path / "a.out").exists()


def test_endless_device_input(tmp_path):
    """/dev/zero as an input: not read without end (it was read until memory ran out): a
    located 'file format not recognized', exit 1, in bounded memory, no output."""
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    p = subprocess.run([sys.executable, "-c", CHILD, str(512 * MiB), "/dev/zero", "-o",
                        "a.out"], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert "pyld: error: /dev/zero: file format not recognized" in p.stderr, p.stderr
    rc, hwm_kb = json.loads(p.stdout.strip().splitlines()[-1])
    assert rc == 1 and hwm_kb * 1024 < 100 * MiB
    assert not (tmp_path / "a.out").exists()


def test_big_object_through_a_pipe(tmp_path):
    """An object bigger than a linker script may be, given as a FIFO (`pyld <(cat big.o)`), is
    read to its end, as GNU ld reads it (the device limit is for what is not ELF or ar)."""
    big = ObjectFile(machine=C.EM_X86_64)
    big.sections.append(Section(".rodata", C.SHT_PROGBITS, C.SHF_ALLOC,
                                data=bytearray(b"\1" * (17 * MiB))))
    obj = tmp_path / "big.o"
    obj.write_bytes(write_object(big))
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    writer = subprocess.Popen(["sh", "-c", f"cat {obj} > {fifo}"])
    p = subprocess.run([sys.executable, "-m", "toolchain.ld", "-r", str(fifo), "-o", "r.o"],
                       capture_output=True, text=True, cwd=tmp_path, timeout=120)
    writer.wait(timeout=60)
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "r.o").stat().st_size > 17 * MiB


@pytest.mark.parametrize("relocatable", [False, True])
def test_output_through_symlink(inputs, tmp_path, relocatable):
    """An output path that is a symbolic link is written through (``-o /dev/stdout`` with
    stdout a file): the file it names gets the output, the link stays a link."""
    d, names = inputs
    (tmp_path / "real").write_bytes(b"old")
    os.symlink("real", tmp_path / "link")
    args = ["-r"] if relocatable else ["-static", "-e", "_start"]
    files = names[:2] if relocatable else names
    p = subprocess.run([sys.executable, "-m", "toolchain.ld", *args, *files, "-o", "link"],
                       capture_output=True, text=True, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert os.path.islink(tmp_path / "link")
    assert (tmp_path / "real").read_bytes()[:4] == b"\x7fELF"
    assert not [x for x in os.listdir(tmp_path) if x.startswith(".tmp-")]


def test_many_kept_fdes_after_gc(tmp_path):
    """--gc-sections that drops one function of 12,000: the kept .eh_frame records and their
    relocations are moved in one walk (moving them took CPU time quadratic in the count:
    3.5 s here, 0.35 s now; 9.6 s for 20,000), and the table holds every kept function."""
    import resource
    if shutil.which("gcc") is None:
        pytest.skip("gcc not installed")
    n = 12000
    src = "".join(f"int f{i}(int x){{ return x*{i}+1; }}\n" for i in range(n))
    src += "int (*tab[])(int) = {" + ",".join(f"f{i}" for i in range(1, n)) + "};\n"
    src += "int main(void){ return tab[5](2); }\n"
    (tmp_path / "m.c").write_text(src)
    subprocess.run(["gcc", "-c", "-O0", "-ffunction-sections", "m.c"], cwd=tmp_path,
                   check=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run([sys.executable, "-m", "toolchain.ld", "-static", "-e", "main",
                        "--gc-sections", "--eh-frame-hdr", "m.o", "-o", "a.out"],
                       capture_output=True, text=True, cwd=tmp_path, timeout=300)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert p.returncode == 0, p.stderr
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    assert cpu < 2.0, cpu
    from elftools.elf.elffile import ELFFile
    with open(tmp_path / "a.out", "rb") as f:
        hdr = ELFFile(f).get_section_by_name(".eh_frame_hdr").data()
    assert struct.unpack_from("<I", hdr, 8)[0] == n      # FDE count: f1..f11999 and main


def test_few_file_descriptors(inputs, tmp_path):
    """Each map holds a file descriptor: under a limit of 12 open files (none left for maps
    past the reserve) the inputs are read, and the output is the same (the output file could
    not be opened once maps had taken every descriptor)."""
    d, names = inputs
    child = ("import resource, sys\n"
             "resource.setrlimit(resource.RLIMIT_NOFILE, (12, 12))\n"
             "from toolchain.ld.main import main\n"
             "sys.exit(main(sys.argv[1:]))\n")
    outs = []
    for k, pre in enumerate(([sys.executable, "-c", child], [sys.executable, "-m",
                                                                "toolchain.ld"])):
        p = subprocess.run([*pre, "-static", "-e", "_start", *names, "-o", f"fd{k}"],
                           capture_output=True, text=True, cwd=tmp_path)
        assert p.returncode == 0, p.stderr
        outs.append((tmp_path / f"fd{k}").read_bytes())
    assert outs[0] == outs[1]


def test_out_of_address_space(inputs, tmp_path):
    """A link that runs out of memory (an address-space limit 8 MiB above what the loaded
    linker takes; the inputs alone need more) stops with 'memory exhausted', exit 1, and
    leaves neither output nor temporary file (was an internal error when the limit struck
    past the reading of the inputs)."""
    d, names = inputs
    child = ("import resource, sys\n"
             "from toolchain.ld.main import main\n"
             "import toolchain.ld.relocatable, toolchain.ld.relocate, toolchain.ld.layout\n"
             "size = [int(x.split()[1]) for x in open('/proc/self/status')\n"
             "        if x.startswith('VmSize:')][0] * 1024\n"
             "resource.setrlimit(resource.RLIMIT_AS, (size + (8 << 20),) * 2)\n"
             "sys.exit(main(sys.argv[1:]))\n")
    for args in (["-static", "-e", "_start"], ["-r"]):
        p = subprocess.run([sys.executable, "-c", child, *args, *names, "-o", "a.out"],
                           capture_output=True, text=True, cwd=tmp_path, timeout=120)
        assert p.returncode == 1, p.stderr
        assert "memory exhausted" in p.stderr and p.stderr.startswith("pyld: error: "), \
            p.stderr
        assert "internal error" not in p.stderr and "Traceback" not in p.stderr
        assert not [x for x in os.listdir(tmp_path) if x in ("a.out",) or
                    x.startswith(".tmp-")]
