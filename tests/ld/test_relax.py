"""TLS model relaxations and GOT relaxations, compared with GNU ld.

- Hand-written sequences (tests/ld/data/*.s) linked -static by GNU ld and by pyld: the
  `.text` bytes must be identical (every TLS form relaxes to LE, which depends only on the
  TLS segment, so both layouts give the same bytes).
- x86-64 GOTPCRELX: the instruction forms pyld writes (addresses masked) equal GNU ld's, in a
  non-PIC and a PIE output.
- A threaded C program using every TLS model, with a shared library defining TLS too, built
  with each TLS dialect (x86-64 gnu/gnu2, AArch64 desc/trad, RISC-V), -fPIC objects linked
  into executables (GD/LD/TLSDESC relaxed) and -static; run natively or under qemu. The
  executables must not keep dynamic TLS relocations for symbols they define.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from toolchain.targets import get_target

from .common import wrapper_dir

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")

TLS_MAIN = r"""
#include <stdio.h>
#include <pthread.h>
__thread int a_gd = 1;
static __thread int a_ld = 2;
__thread long a_big[64] = {[63] = 5};
__thread int a_bss;
__attribute__((tls_model("initial-exec"))) __thread int a_ie = 4;
__attribute__((tls_model("local-exec"))) __thread int a_le = 5;
extern __thread int b_gd;
extern __thread int b_ie __attribute__((tls_model("initial-exec")));
extern __thread int lib_gd;
extern __thread int lib_ie __attribute__((tls_model("initial-exec")));
int lib_sum(void);
int b_local(int);
int *addr_a_gd(void) { return &a_gd; }
static int sum(void) {
  return a_gd + a_ld * 10 + (int)a_big[63] * 100 + a_bss * 1000 + a_ie * 10000
         + a_le * 100000 + b_gd * 1000000 + b_ie * 10000000 + lib_gd + lib_ie + lib_sum();
}
static void *thr(void *p) {
  a_gd += 1; a_ld += 1; a_big[63] += 1; a_bss += 1; a_ie += 1; a_le += 1; b_gd++; b_ie++;
  lib_gd += 3; lib_ie += 4;
  *(long *)p = sum();
  return 0;
}
int main(void) {
  pthread_t t; long r = 0;
  if (pthread_create(&t, 0, thr, &r)) return 2;
  pthread_join(t, 0);
  printf("%d %ld %d %d\n", sum(), r, addr_a_gd() == &a_gd, b_local(5));
  return 0;
}
"""
TLS_B = r"""
__thread int b_gd = 6;
__thread int b_ie = 7;
static __thread int b_l1 = 3, b_l2 = 4;      /* local-dynamic: _TLS_MODULE_BASE_ with gnu2 */
int b_local(int k) { b_l1 += k; b_l2 += 2 * k; return b_l1 * 100 + b_l2; }
"""
TLS_LIB = r"""
__thread int lib_gd = 20;
__thread int lib_ie = 30;
static __thread int lib_loc = 40;
__thread char lib_pad[100];
int lib_sum(void) { lib_loc++; lib_pad[99]++; return lib_loc + lib_pad[99] + lib_gd; }
"""
TLS_EXPECT = b"76540633 87651754 1 814\n"


def _tool(t, name):
    p = t.gnu_tool(name)
    if p is None:
        pytest.skip(f"no {name} for {t.triple}")
    return p


def _text(path: str) -> bytes:
    from elftools.elf.elffile import ELFFile
    with open(path, "rb") as f:
        return ELFFile(f).get_section_by_name(".text").data()


def _pyld(args):
    return subprocess.run([sys.executable, "-m", "toolchain.ld", *args], capture_output=True,
                          text=True)


@pytest.mark.parametrize("tname", ["x86_64", "aarch64"])
def test_tls_sequences_match_gnu_ld(tmp_path, tname):
    """IE->LE (mov/add forms, %rsp/%r12/%r8+ on x86-64), TLSDESC->LE (x86-64 lea/call,
    AArch64 adrp/ldr/add/blr), GD->LE, LD->LE: bytes equal to GNU ld's."""
    t = get_target(tname)
    gas, gld = _tool(t, "as"), _tool(t, "ld")
    obj = str(tmp_path / "t.o")
    subprocess.run([gas, os.path.join(DATA, f"tls_{tname}.s"), "-o", obj], check=True)
    ref, out = str(tmp_path / "ref"), str(tmp_path / "out")
    subprocess.run([gld, "-static", "-e", "_start", obj, "-o", ref], check=True)
    r = _pyld(["-m", t.emulation, "-static", "-e", "_start", obj, "-o", out])
    assert r.returncode == 0, r.stderr
    assert _text(out) == _text(ref)


@pytest.mark.parametrize("march", ["rv64gc", "rv64g"])
def test_riscv_relax_matches_gnu_ld(tmp_path, march):
    """R_RISCV_RELAX (call -> jal, local-exec TLS lui/add deleted) and R_RISCV_ALIGN (NOPs
    deleted down to the alignment): `.text` bytes and label addresses as GNU ld's; with
    --no-relax the call sequences stay."""
    t = get_target("riscv64")
    gas, gld = _tool(t, "as"), _tool(t, "ld")
    obj = str(tmp_path / "r.o")
    subprocess.run([gas, f"-march={march}", os.path.join(DATA, "relax_riscv64.s"), "-o", obj],
                   check=True)
    ref, out, nor = str(tmp_path / "ref"), str(tmp_path / "out"), str(tmp_path / "norelax")
    subprocess.run([gld, "-static", "-e", "_start", obj, "-o", ref], check=True)
    r = _pyld(["-m", t.emulation, "-static", "-e", "_start", obj, "-o", out])
    assert r.returncode == 0, r.stderr
    assert _text(out) == _text(ref)
    from elftools.elf.elffile import ELFFile
    with open(out, "rb") as fh:
        e = ELFFile(fh)
        syms = {s.name: s["st_value"] for s in e.get_section_by_name(".symtab").iter_symbols()}
    assert syms["aligned"] % 16 == 0 and syms["a8"] % 8 == 0 and syms["a32"] % 32 == 0
    r = _pyld(["-m", t.emulation, "-static", "--no-relax", "-e", "_start", obj, "-o", nor])
    assert r.returncode == 0, r.stderr
    assert len(_text(nor)) > len(_text(out))
    assert _text(nor)[:4] == b"\x97\x00\x00\x00"            # auipc ra, 0


def _forms(path: str) -> list[str]:
    """The instructions of _start with every number masked."""
    d = subprocess.run(["objdump", "-d", "--no-show-raw-insn", path], capture_output=True,
                       text=True, check=True).stdout
    body = d.split("<_start>:", 1)[1]
    lines = []
    for ln in body.splitlines():
        if "\t" not in ln:
            continue
        ins = ln.split("\t", 1)[1]
        ins = re.sub(r"\s*#.*", "", ins)
        ins = re.sub(r"<[^>]*>", "", ins)
        lines.append(re.sub(r"0x[0-9a-f]+|\b[0-9a-f]{3,}\b", "N", ins).strip())
    return lines


@pytest.mark.parametrize("mode", [[], ["-pie"]])
def test_gotpcrelx_forms_match_gnu_ld(tmp_path, mode):
    t = get_target("x86_64")
    if not t.is_host:
        pytest.skip("x86-64 host only")
    gas, gld = _tool(t, "as"), _tool(t, "ld")
    obj = str(tmp_path / "g.o")
    subprocess.run([gas, "-mrelax-relocations=yes", os.path.join(DATA, "gotpcrelx_x86_64.s"),
                    "-o", obj], check=True)
    ref, out = str(tmp_path / "ref"), str(tmp_path / "out")
    subprocess.run([gld, *mode, "-e", "_start", obj, "-o", ref], check=True)
    r = _pyld([*mode, "-e", "_start", obj, "-o", out])
    assert r.returncode == 0, r.stderr
    a, b = _forms(ref), _forms(out)
    assert a == b
    if not mode:
        assert "mov    $N,%rax" in b and "test   $N,%r10" in b and "sbb    $N,%rcx" in b
    else:
        assert "lea    N(%rip),%r9" in b


# (target, dialect flags, mode): -fPIC objects in executables exercise GD/LD/TLSDESC -> LE/IE
TLS_CASES = [
    ("x86_64", "-mtls-dialect=gnu2", "-pie"),
    ("x86_64", "-mtls-dialect=gnu2", "-static"),
    ("x86_64", "-mtls-dialect=gnu", "-pie"),
    ("aarch64", "-mtls-dialect=desc", "-static"),
    ("aarch64", "-mtls-dialect=trad", "-pie"),
    ("riscv64", "", "-pie"),
]


@pytest.mark.parametrize("tname,dialect,mode", TLS_CASES)
def test_tls_program(tmp_path, tname, dialect, mode):
    t = get_target(tname)
    gcc = _tool(t, "gcc")
    if not t.is_host and shutil.which(t.qemu) is None:
        pytest.skip(f"no {t.qemu}")
    fl = [dialect] if dialect else []
    for n, text in (("m.c", TLS_MAIN), ("b.c", TLS_B), ("lib.c", TLS_LIB)):
        (tmp_path / n).write_text(text)
    objs = []
    for n in ("m", "b"):
        o = str(tmp_path / f"{n}.o")
        subprocess.run([gcc, "-O2", "-fPIC", *fl, "-c", str(tmp_path / f"{n}.c"), "-o", o],
                       check=True)
        objs.append(o)
    w = wrapper_dir()
    out = str(tmp_path / "m")
    if mode == "-static":
        lo = str(tmp_path / "lib.o")
        subprocess.run([gcc, "-O2", *fl, "-c", str(tmp_path / "lib.c"), "-o", lo], check=True)
        link = [gcc, "-B", w, "-static", *objs, lo, "-o", out, "-pthread"]
    else:
        so = str(tmp_path / "libtl.so")
        r = subprocess.run([gcc, "-B", w, "-shared", "-fPIC", "-O2", *fl,
                            str(tmp_path / "lib.c"), "-o", so], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        link = [gcc, "-B", w, mode, *objs, f"-L{tmp_path}", "-ltl", "-o", out, "-pthread"]
        rel = subprocess.run(["readelf", "-rW", so], capture_output=True, text=True).stdout
        if "gnu2" in dialect or "desc" in dialect:
            assert "TLSDESC" in rel                   # the library keeps its descriptors
    r = subprocess.run(link, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    if t.is_host:
        p = subprocess.run([out], capture_output=True, timeout=60,
                           env=dict(os.environ, LD_LIBRARY_PATH=str(tmp_path)))
    else:
        p = subprocess.run(t.runner() + ["-E", f"LD_LIBRARY_PATH={tmp_path}", out],
                           capture_output=True, timeout=60)
    assert p.stdout == TLS_EXPECT, p
    rel = subprocess.run(["readelf", "-rW", out], capture_output=True, text=True).stdout
    if tname != "riscv64":          # GNU ld does not relax RISC-V GD either
        assert "TLSDESC" not in rel and "DTPMOD" not in rel, rel
        dyn = subprocess.run(["readelf", "--dyn-syms", "-W", out], capture_output=True,
                             text=True).stdout
        assert "__tls_get_addr" not in dyn


def test_riscv_gp_relax(tmp_path):
    """Non-PIC: lui/%lo and auipc/%pcrel_lo pairs of data near __global_pointer$ become
    gp-relative (the lui/auipc deleted); the program computes what GNU ld's build does."""
    t = get_target("riscv64")
    gas, gld = _tool(t, "as"), _tool(t, "ld")
    if shutil.which(t.qemu) is None:
        pytest.skip(f"no {t.qemu}")
    obj = str(tmp_path / "gp.o")
    subprocess.run([gas, os.path.join(DATA, "relax_gp_riscv64.s"), "-o", obj], check=True)
    ref, out, nor = str(tmp_path / "ref"), str(tmp_path / "out"), str(tmp_path / "norelax")
    subprocess.run([gld, "-e", "_start", obj, "-o", ref], check=True)
    for extra, path in (([], out), (["--no-relax"], nor)):
        r = _pyld(["-m", t.emulation, *extra, "-e", "_start", obj, "-o", path])
        assert r.returncode == 0, r.stderr
    codes = [subprocess.run(t.runner() + [p], capture_output=True, timeout=60).returncode
             for p in (ref, out, nor)]
    assert codes == [1, 1, 1]
    dis = subprocess.run([t.gnu_tool("objdump"), "-d", out], capture_output=True, text=True,
                         check=True).stdout
    assert dis.count("(gp)") >= 1 and "gp,-" in dis
    assert len(_text(nor)) - len(_text(out)) == 16      # 2 lui + 2 auipc
