"""pyld tests: real links through `gcc -B` on each target (PIE, -no-pie, -static), shared
libraries (DT_NEEDED and dlopen), readelf cleanliness, determinism, GNU-style errors, archive
and shared-object readers, and a small mutation sample."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from toolchain.elf.archive import Archive
from toolchain.elf.dynamic import read_shared_object
from toolchain.targets import get_target

from .common import wrapper_dir

HELLO = r"""
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
__thread int tv = 40;
static __thread int tv2;
int data[3] = {1, 2, 3};
int *pd = &data[1];
int bss_arr[100];
static int cmp(const void *a, const void *b) { return *(int *)a - *(int *)b; }
int main(int argc, char **argv) {
  int v[5] = {5, 3, 9, 1, 7};
  qsort(v, 5, sizeof v[0], cmp);
  tv2 = argc;
  bss_arr[99] = *pd;
  printf("%d %d %d %s %d\n", v[0], v[4], tv + tv2, strchr("hello", 'l'), bss_arr[99]);
  fflush(stdout);
  return 0;
}
"""
EXPECT = b"1 9 41 llo 2\n"

LIB = r"""
int counter = 10;
static __thread int tl = 3;
__thread int gtl = 7;
int get_counter(void) { return counter; }
int bump(int x) { counter += x; tl += x; gtl += 1; return counter + tl + gtl; }
"""
MAIN = r"""
#include <stdio.h>
#include <dlfcn.h>
extern int counter;
extern __thread int gtl;
int bump(int); int get_counter(void);
int main(void) {
  counter += 5;
  int r = bump(2);
  printf("%d %d %d %d\n", counter, get_counter(), r, gtl);
  void *h = dlopen("libdl2.so", RTLD_NOW);
  if (!h) { printf("dlopen: %s\n", dlerror()); return 1; }
  int (*f)(int) = (int (*)(int))dlsym(h, "bump");
  printf("dl %d\n", f(1));
  return 0;
}
"""
LIB_EXPECT = b"17 17 30 8\ndl 31\n"

TARGETS = ["x86_64", "aarch64", "riscv64"]

FEATURES = r"""
#include <stdio.h>
int common_var;
extern int weak_missing(void) __attribute__((weak));
extern int weak_var __attribute__((weak));
static int impl1(void) { return 11; }
static void *resolve(void) { return (void *)impl1; }
int ifn(void) __attribute__((ifunc("resolve")));
int (*fp)(void) = ifn;
static int impl2(void) { return 12; }
static void *resolve2(void) { return (void *)impl2; }
static int sifn(void) __attribute__((ifunc("resolve2")));   /* a local IFUNC symbol */
static int (*sfp)(void) = sifn;
__attribute__((section("mysec"), used)) static int s1 = 5;
__attribute__((section("mysec"), used)) static int s2 = 6;
extern int __start_mysec[], __stop_mysec[];
static int order[4], no;
__attribute__((constructor(200))) static void c200(void) { order[no++] = 200; }
__attribute__((constructor(101))) static void c101(void) { order[no++] = 101; }
__attribute__((constructor)) static void cdef(void) { order[no++] = 1; }
int main(void) {
  common_var = 3;
  printf("%d %d %d %d %d %ld %d %d %d %d %d\n", common_var, weak_missing ? 1 : 0,
         &weak_var ? 1 : 0, ifn(), fp(), (long)(__stop_mysec - __start_mysec), order[0],
         order[1], order[2], sifn(), sfp());
  return 0;
}
"""


def _gcc(t):
    g = t.gnu_tool("gcc")
    if g is None:
        pytest.skip(f"no gcc for {t.triple}")
    if not t.is_host and shutil.which(t.qemu) is None:
        pytest.skip(f"no {t.qemu}")
    return g


def _lib_and_main(gcc, w, t, tmp_path, lib_src, main_src, libs, flags):
    """Build ``lib_src`` as each of ``libs`` (shared, -fPIC) and ``main_src`` against the
    first, run it; the completed process."""
    (tmp_path / "lib.c").write_text(lib_src)
    (tmp_path / "main.c").write_text(main_src)
    for so in libs:
        r = subprocess.run([gcc, "-B", w, "-shared", "-fPIC", *flags, str(tmp_path / "lib.c"),
                            "-o", str(tmp_path / so)], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
    out = str(tmp_path / "main")
    r = subprocess.run([gcc, "-B", w, str(tmp_path / "main.c"), f"-L{tmp_path}",
                        f"-l{libs[0][3:-3]}", "-o", out], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return _run_with_libs(t, out, tmp_path)


def _run_with_libs(t, path, libdir):
    """Run ``path`` with shared libraries found in ``libdir``."""
    if t.is_host:
        env = dict(os.environ, LD_LIBRARY_PATH=str(libdir))
        return subprocess.run([path], capture_output=True, timeout=60, env=env, cwd=libdir)
    return subprocess.run(t.runner() + ["-E", f"LD_LIBRARY_PATH={libdir}", path],
                          capture_output=True, timeout=60, cwd=libdir)


def _run(t, path, env=None):
    return subprocess.run(t.runner() + [path], capture_output=True, timeout=60, env=env,
                          cwd=os.path.dirname(path))


@pytest.mark.parametrize("tname", TARGETS)
@pytest.mark.parametrize("mode", ["-pie", "-no-pie", "-static"])
def test_hello(tmp_path, tname, mode):
    t = get_target(tname)
    gcc = _gcc(t)
    src = tmp_path / "h.c"
    src.write_text(HELLO)
    out = str(tmp_path / "h")
    r = subprocess.run([gcc, "-B", wrapper_dir(), "-O1", mode, str(src), "-o", out],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    p = _run(t, out)
    assert p.returncode == 0 and p.stdout == EXPECT
    ro = subprocess.run(["readelf", "-a", "-W", out], capture_output=True, text=True)
    assert ro.returncode == 0
    assert "warning" not in ro.stderr.lower() and "error" not in ro.stderr.lower(), ro.stderr


@pytest.mark.parametrize("tname", TARGETS)
@pytest.mark.parametrize("mode", ["-pie", "-static"])
def test_features(tmp_path, tname, mode):
    """COMMON, weak undefined, IFUNC (IRELATIVE; global and local), __start_/__stop_,
    constructor priorities; an output with IFUNC symbols is a GNU OS/ABI file as GNU ld's."""
    t = get_target(tname)
    gcc = _gcc(t)
    src = tmp_path / "f.c"
    src.write_text(FEATURES)
    out = str(tmp_path / "f")
    r = subprocess.run([gcc, "-B", wrapper_dir(), "-fcommon", mode, str(src), "-o", out],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    p = _run(t, out)
    assert p.stdout == b"3 0 0 11 11 2 101 200 1 12 12\n", p
    with open(out, "rb") as f:
        assert f.read(8)[7] == 3          # EI_OSABI: ELFOSABI_GNU


@pytest.mark.parametrize("tname", TARGETS)
def test_shared_library(tmp_path, tname):
    t = get_target(tname)
    gcc = _gcc(t)
    w = wrapper_dir()
    p = _lib_and_main(gcc, w, t, tmp_path, LIB, MAIN, ("libfoo.so", "libdl2.so"), [])
    assert p.stdout == LIB_EXPECT, p
    so = read_shared_object((tmp_path / "libfoo.so").read_bytes(), "libfoo.so")
    assert {"bump", "get_counter", "counter", "gtl"} <= set(so.defined)


IFUNC_LIB = r"""
static int impl(void) { return 42; }
static int impl2(void) { return 7; }
static void *res(void) { return (void *)impl; }
static void *res2(void) { return (void *)impl2; }
int api(void) __attribute__((ifunc("res")));
__attribute__((visibility("hidden"))) int hid(void) __attribute__((ifunc("res2")));
int both(void) { return api() + hid(); }
"""


@pytest.mark.parametrize("tname", TARGETS)
def test_shared_library_exports_ifunc(tmp_path, tname):
    """A shared library's IFUNC is exported as an IFUNC at its resolver (as GNU ld): the
    loader calls the resolver. pyld used to export it as FUNC at the resolver, so a caller
    ran the resolver itself."""
    t = get_target(tname)
    gcc = _gcc(t)
    w = wrapper_dir()
    p = _lib_and_main(gcc, w, t, tmp_path, IFUNC_LIB, "int api(void); int both(void);\n"
                      "int main(void) { return api() * 100 + both(); }\n", ("libif.so",),
                      ["-O2"])
    assert p.returncode == (42 * 100 + 49) & 0xFF, p
    so = read_shared_object((tmp_path / "libif.so").read_bytes(), "libif.so")
    assert so.defined["api"].type == 10 and "hid" not in so.defined


@pytest.mark.parametrize("tname", TARGETS)
@pytest.mark.parametrize("mode", ["-pie", "-static"])
def test_tls_relaxation(tmp_path, tname, mode):
    """-fPIC TLS code (GD/LD on x86-64, TLSDESC on AArch64) linked into executables."""
    t = get_target(tname)
    gcc = _gcc(t)
    (tmp_path / "lib.c").write_text(LIB)
    (tmp_path / "m.c").write_text(
        "#include <stdio.h>\nint bump(int); extern __thread int gtl;\n"
        "int main(void){ int r = bump(2); printf(\"%d %d\\n\", r, gtl); return 0; }\n")
    obj = str(tmp_path / "lib.o")
    subprocess.run([gcc, "-fPIC", "-O1", "-c", str(tmp_path / "lib.c"), "-o", obj], check=True)
    out = str(tmp_path / "m")
    r = subprocess.run([gcc, "-B", wrapper_dir(), mode, str(tmp_path / "m.c"), obj, "-o", out],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    p = _run(t, out)
    assert p.stdout == b"25 8\n", p


def test_deterministic(tmp_path):
    t = get_target(None)
    gcc = _gcc(t)
    (tmp_path / "h.c").write_text(HELLO)
    subprocess.run([gcc, "-c", "-O1", str(tmp_path / "h.c"), "-o", str(tmp_path / "h.o")],
                   check=True)
    outs = []
    for i in range(2):
        o = str(tmp_path / f"o{i}")
        subprocess.run([gcc, "-B", wrapper_dir(), str(tmp_path / "h.o"), "-o", o], check=True)
        outs.append(open(o, "rb").read())
    assert outs[0] == outs[1]


def test_errors(tmp_path):
    t = get_target(None)
    gcc = _gcc(t)
    w = wrapper_dir()
    (tmp_path / "u.c").write_text("extern int foo(void);\nint main(void){return foo();}\n")
    out = tmp_path / "u"
    r = subprocess.run([gcc, "-B", w, str(tmp_path / "u.c"), "-o", str(out)],
                       capture_output=True, text=True)
    assert r.returncode != 0
    assert "in function `main':" in r.stderr
    assert "u.c:(.text+0x" in r.stderr and "undefined reference to `foo'" in r.stderr
    assert not out.exists()
    (tmp_path / "a.c").write_text("int dup = 1;\nint main(void){return 0;}\n")
    (tmp_path / "b.c").write_text("int dup = 2;\n")
    r = subprocess.run([gcc, "-B", w, str(tmp_path / "a.c"), str(tmp_path / "b.c"), "-o",
                        str(out)], capture_output=True, text=True)
    assert "multiple definition of `dup'" in r.stderr and not out.exists()
    # truncated and garbage inputs: named, clean, no output
    subprocess.run([gcc, "-c", str(tmp_path / "a.c"), "-o", str(tmp_path / "a.o")], check=True)
    data = (tmp_path / "a.o").read_bytes()
    (tmp_path / "t.o").write_bytes(data[:300])
    from toolchain.ld.main import main
    rc = main([str(tmp_path / "t.o"), "-o", str(out)])
    assert rc == 1 and not out.exists()
    r = subprocess.run([gcc, "-B", w, str(tmp_path / "t.o"), "-o", str(out)],
                       capture_output=True, text=True)
    assert "t.o" in r.stderr and "internal error" not in r.stderr and r.returncode != 0
    r = subprocess.run([gcc, "-B", w, str(tmp_path / "a.c"), "-lnosuchlib", "-o", str(out)],
                       capture_output=True, text=True)
    assert "cannot find -lnosuchlib" in r.stderr


def test_archive_reader():
    t = get_target(None)
    path = os.path.join(t.libc_dirs()[0], "libc_nonshared.a")
    if not os.path.exists(path):
        pytest.skip("no libc_nonshared.a")
    ar = Archive(path, open(path, "rb").read())
    assert ar.has_index and ar.members
    assert "atexit" in ar.symbols
    m = ar.member_at(ar.symbols["atexit"][0])
    assert ar.member_data(m)[:4] == b"\x7fELF"


def test_archive_long_names_and_thin(tmp_path):
    gcc = _gcc(get_target(None))
    names = []
    for i in range(3):
        n = tmp_path / f"a_rather_long_member_file_name_number_{i}.c"
        n.write_text(f"int sym{i}(void) {{ return {i}; }}\n")
        o = str(n)[:-2] + ".o"
        subprocess.run([gcc, "-c", str(n), "-o", o], check=True)
        names.append(o)
    for flags, ar_name in (("rcs", "lib.a"), ("rcsT", "thin.a")):
        path = str(tmp_path / ar_name)
        subprocess.run(["ar", flags, path] + names, check=True)
        ar = Archive(path, open(path, "rb").read())
        assert ar.thin == (ar_name == "thin.a")
        assert [os.path.basename(m.name) for m in ar.members] == [os.path.basename(n) for n in names]
        m = ar.member_at(ar.symbols["sym2"][0])
        assert m.name.endswith("number_2.o")
        assert ar.member_data(m) == open(names[2], "rb").read()


def test_shared_object_reader():
    t = get_target(None)
    path = t.find_libc_file("libc.so.6")
    so = read_shared_object(open(path, "rb").read(), path)
    assert so.soname == "libc.so.6"
    assert so.defined["printf"].version.startswith("GLIBC_")
    assert not so.defined["printf"].hidden


def test_mutations():
    from . import mutate
    ok, failures = mutate.run(150, 7)
    assert not failures, failures[:3]


def test_relocatable_with_ifunc_is_gnu_osabi(tmp_path):
    """`-r` output holding an IFUNC symbol is ELFOSABI_GNU, as `ld -r` writes it."""
    from toolchain.asm.api import assemble
    from toolchain.ld.main import main
    obj = tmp_path / "a.o"
    obj.write_bytes(assemble("\t.text\n\t.type f, @gnu_indirect_function\nf:\tret\n", "a.s",
                             "x86_64"))
    plain = tmp_path / "b.o"
    plain.write_bytes(assemble("\t.text\nf:\tret\n", "b.s", "x86_64"))
    for src, want in ((obj, 3), (plain, 0)):
        out = tmp_path / "r.o"
        assert main(["-m", "elf_x86_64", "-r", "-o", str(out), str(src)]) == 0
        assert out.read_bytes()[7] == want
