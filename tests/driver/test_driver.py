"""pycc as a gcc-compatible driver: each option checked against gcc's behaviour and exit status.

Everything here runs pycc as a subprocess (as make and configure do); programs are linked by
pyld and run natively (x86-64 host only)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from toolchain.targets import host_target

GCC = shutil.which("gcc")
HOST_X86 = host_target().name == "x86_64"
needs_gcc = pytest.mark.skipif(GCC is None, reason="gcc not installed")
needs_x86 = pytest.mark.skipif(not HOST_X86, reason="pycc generates x86-64 code only")

HELLO = '#include <stdio.h>\nint f(void);\nint main(void){printf("%d\\n", f());return 0;}\n'


def pycc(*args, cwd=None, stdin=None):
    return subprocess.run([sys.executable, "-m", "toolchain.cc", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, input=stdin, timeout=300)


def gcc(*args, cwd=None, stdin=None):
    return subprocess.run([GCC, *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          input=stdin, timeout=300)


def write(d, name, text):
    p = d / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)
    return p


# -- queries ----------------------------------------------------------------------------------

@needs_gcc
@pytest.mark.parametrize("flag", ["-dumpmachine", "-dumpversion", "-dumpfullversion",
                                  "-print-multiarch", "-print-multi-directory",
                                  "-print-multi-os-directory"])
def test_query_same_as_gcc(flag):
    ours, theirs = pycc(flag), gcc(flag)
    assert ours.returncode == theirs.returncode == 0
    assert ours.stdout == theirs.stdout


@needs_gcc
@pytest.mark.parametrize("flag", ["-print-libgcc-file-name", "-print-file-name=libc.so",
                                  "-print-file-name=crtbegin.o", "-print-file-name=Scrt1.o",
                                  "-print-file-name=no-such-file.a"])
def test_print_file_name_resolves_like_gcc(flag):
    ours, theirs = pycc(flag), gcc(flag)
    assert ours.returncode == theirs.returncode == 0
    assert os.path.realpath(ours.stdout.strip()) == os.path.realpath(theirs.stdout.strip()) \
        or ours.stdout.strip() == theirs.stdout.strip()


def test_print_prog_name_and_search_dirs():
    r = pycc("-print-prog-name=no-such-tool")
    assert r.returncode == 0 and r.stdout == "no-such-tool\n"
    r = pycc("-print-search-dirs")
    lines = r.stdout.splitlines()
    assert r.returncode == 0
    assert [ln.split(":")[0] for ln in lines] == ["install", "programs", "libraries"]
    libs = lines[2].split("=", 1)[1].split(":")
    assert any(os.path.exists(os.path.join(d, "libc.so")) or os.path.exists(
        os.path.join(d, "libc.so.6")) for d in libs)


def test_verbose_alone_and_no_inputs():
    r = pycc("-v")
    assert r.returncode == 0
    assert f"Target: {host_target().triple}" in r.stderr and "Thread model: posix" in r.stderr
    r = pycc()
    assert r.returncode == 1 and "no input files" in r.stderr
    r = pycc("-c", "no-such-file.c")
    assert r.returncode == 1 and "no-such-file.c: No such file or directory" in r.stderr


@needs_x86
def test_dry_run_prints_steps_and_writes_nothing(tmp_path):
    write(tmp_path, "a.c", "int main(void){return 0;}\n")
    r = pycc("-###", "a.c", "-o", "prog", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    steps = [ln for ln in r.stderr.splitlines() if ln.startswith(' "')]
    assert len(steps) == 2
    assert '"a.c"' in steps[0] and '"pyld"' in steps[1] and '"prog"' in steps[1]
    assert sorted(os.listdir(tmp_path)) == ["a.c"]


# -- options and errors gcc rejects too -------------------------------------------------------

@needs_gcc
@pytest.mark.parametrize("args", [["-xfoo", "a.c"], ["-std=c3", "-c", "a.c"],
                                  ["-c", "-"], ["-O", "-Ofoo", "-c", "a.c"],
                                  ["-c", "a.c", "b.c", "-o", "x.o"], ["--no-such-option", "a.c"]])
def test_errors_like_gcc(tmp_path, args):
    write(tmp_path, "a.c", "int a;\n")
    write(tmp_path, "b.c", "int b;\n")
    ours, theirs = pycc(*args, cwd=tmp_path, stdin=""), gcc(*args, cwd=tmp_path, stdin="")
    assert theirs.returncode == 1
    assert ours.returncode == 1, ours.stderr
    assert "Traceback" not in ours.stderr


@needs_gcc
def test_linker_input_unused_with_c(tmp_path):
    write(tmp_path, "a.c", "int a;\n")
    write(tmp_path, "x.o", "")
    ours, theirs = pycc("-c", "a.c", "x.o", cwd=tmp_path), gcc("-c", "a.c", "x.o", cwd=tmp_path)
    assert ours.returncode == theirs.returncode == 0
    assert "linker input file unused because linking not done" in ours.stderr


def test_cxx_only_option_warns():
    """libtool's `-fno-rtti -fno-exceptions` probe expects gcc's warning for C."""
    r = pycc("-fno-rtti", "-fsyntax-only", "-x", "c", "-", stdin="int x;\n")
    assert r.returncode == 0 and "-fno-rtti" in r.stderr and "not for C" in r.stderr


def test_std_and_pthread_and_wp(tmp_path):
    src = write(tmp_path, "s.c", "long v = __STDC_VERSION__;\n#ifndef _REENTRANT\n#error\n#endif\n"
                                 "#if FOO != 3 || BAR != 4\n#error\n#endif\n")
    r = pycc("-std=c99", "-pthread", "-Wp,-DFOO=3,-DBAR=4", "-E", src)
    assert r.returncode == 0, r.stderr
    assert "long v = 199901L;" in r.stdout
    r = pycc("-pthread", "-Xpreprocessor", "-DFOO=3", "-DBAR=4", "-fsyntax-only", src)
    assert r.returncode == 0, r.stderr
    r = pycc("-std=c11", "-E", src)
    assert r.returncode == 1


def test_werror_and_syntax_only(tmp_path):
    src = write(tmp_path, "w.c", "int f(void){ return g(); }\n")
    r = pycc("-fsyntax-only", src, cwd=tmp_path)
    assert r.returncode == 0 and "warning" in r.stderr
    r = pycc("-fsyntax-only", "-Werror", src, cwd=tmp_path)
    assert r.returncode == 1
    r = pycc("-fsyntax-only", "-w", src, cwd=tmp_path)
    assert r.returncode == 0 and r.stderr == ""
    assert sorted(os.listdir(tmp_path)) == ["w.c"]
    bad = write(tmp_path, "bad.c", "int f(void){ return }\n")
    assert pycc("-fsyntax-only", bad).returncode == 1


def test_response_file(tmp_path):
    write(tmp_path, "inc/h.h", "#define V 42\n")
    src = write(tmp_path, "r.c", "int v = V;\n")
    write(tmp_path, "opts", '-E "-I inc" -DEXTRA=1\n')
    r = subprocess.run([sys.executable, "-m", "toolchain.cc", "@opts", "-P", "r.c"],
                       cwd=tmp_path, capture_output=True, text=True)
    # "-I inc" in quotes is one word: -I with directory " inc", which does not exist (gcc
    # ignores it silently), so V stays unexpanded
    assert r.returncode == 0 and "int v = V;" in r.stdout
    write(tmp_path, "opts", "-E -I inc -P\n")
    write(tmp_path, "r2.c", '#include "h.h"\nint v = V;\n')
    r = pycc("@opts", "r2.c", cwd=tmp_path)
    assert r.returncode == 0 and "int v = 42;" in r.stdout


def test_include_imacros_and_search_dirs(tmp_path):
    write(tmp_path, "q/h.h", "#define FROM_Q 1\n")
    write(tmp_path, "s/sys.h", "#define FROM_S 1\n")
    write(tmp_path, "after/late.h", "#define FROM_AFTER 1\n")
    write(tmp_path, "pre.h", "int pre_decl;\n#define PRE 7\n")
    write(tmp_path, "mac.h", "int not_emitted;\n#define MAC 9\n")
    src = write(tmp_path, "m.c", '#include "h.h"\n#include <sys.h>\n#include <late.h>\n'
                                 "int x = PRE + MAC + FROM_Q + FROM_S + FROM_AFTER;\n")
    r = pycc("-E", "-P", "-iquote", "q", "-isystem", "s", "-idirafter", "after", "-include",
             "pre.h", "-imacros", "mac.h", src.name, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "int pre_decl;" in r.stdout and "not_emitted" not in r.stdout
    assert "int x = 7 + 9 + 1 + 1 + 1;" in r.stdout
    # -iquote directories serve only #include "..."
    write(tmp_path, "m2.c", "#include <h.h>\n")
    assert pycc("-E", "-iquote", "q", "m2.c", cwd=tmp_path).returncode == 1


# -- dependencies -----------------------------------------------------------------------------

@needs_gcc
@needs_x86
@pytest.mark.parametrize("flags", [["-MMD"], ["-MMD", "-MP"], ["-MD", "-MF", "deps.txt"],
                                   ["-MMD", "-MT", "tgt", "-MQ", "a$b c"],
                                   ["-MMD", "-MP", "-MF", ".deps/x.Tpo", "-MT", "x.o"]])
def test_dependency_files_with_c_like_gcc(tmp_path, flags):
    (tmp_path / "g").mkdir()
    (tmp_path / "p").mkdir()
    for d in ("g", "p"):
        write(tmp_path / d, "inc/one.h", '#include "two.h"\n')
        write(tmp_path / d, "inc/two.h", "int two;\n")
        write(tmp_path / d, "d.c", '#include <stdio.h>\n#include "inc/one.h"\nint x;\n')
        (tmp_path / d / ".deps").mkdir()
    theirs = gcc("-c", "d.c", "-o", "out.o", *flags, cwd=tmp_path / "g")
    ours = pycc("-c", "d.c", "-o", "out.o", *flags, cwd=tmp_path / "p")
    assert theirs.returncode == ours.returncode == 0, ours.stderr
    dfile = flags[flags.index("-MF") + 1] if "-MF" in flags else "out.d"
    want = (tmp_path / "g" / dfile).read_text()
    got = (tmp_path / "p" / dfile).read_text()
    if "-MD" in flags:      # system headers differ (pycc has its own stddef.h etc.): compare ours
        want = [w for w in want.split() if not w.startswith("/") and w != "\\"]
        got = [w for w in got.split() if not w.startswith("/") and w != "\\"]
    assert got == want


# -- inputs of every kind, -x, stdin ----------------------------------------------------------

@needs_x86
def test_mixed_inputs_and_x(tmp_path):
    write(tmp_path, "main.c", HELLO)
    write(tmp_path, "f.txt", "int g(void);\nint f(void){ return g() + h(); }\n")
    write(tmp_path, "g.s", ".globl g\n.type g,@function\ng: movl $40, %eax\n ret\n")
    write(tmp_path, "h.S", "#define VAL 2\n.globl h\n.type h,@function\nh: movl $VAL, %eax\n ret\n")
    write(tmp_path, "k.c", "int k(void){ return 0; }\n")
    assert pycc("-c", "k.c", cwd=tmp_path).returncode == 0
    assert subprocess.run(["ar", "rc", "libk.a", "k.o"], cwd=tmp_path).returncode == 0
    r = pycc("main.c", "-x", "c", "f.txt", "-x", "none", "g.s", "h.S", "-L.", "-lk", "-o", "prog",
             cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert subprocess.run([str(tmp_path / "prog")], capture_output=True, text=True).stdout == "42\n"
    # -x assembler-with-cpp on a .txt file expands VAL; -x assembler leaves the symbol VAL
    write(tmp_path, "h2.txt", "#define VAL 2\n.globl h\nh: movl $VAL, %eax\n ret\n")
    assert pycc("-c", "-x", "assembler-with-cpp", "h2.txt", "-o", "h2.o", cwd=tmp_path).returncode == 0
    assert pycc("-c", "-x", "assembler", "h2.txt", "-o", "h3.o", cwd=tmp_path).returncode == 0
    assert b"VAL" not in (tmp_path / "h2.o").read_bytes()
    assert b"VAL" in (tmp_path / "h3.o").read_bytes()


@needs_x86
def test_stdin_input(tmp_path):
    r = pycc("-x", "c", "-c", "-", cwd=tmp_path, stdin="int f(void){return 1;}\n")
    assert r.returncode == 0, r.stderr
    assert os.path.exists(tmp_path / "-.o")       # gcc's name for it
    r = pycc("-E", "-P", "-", stdin="#define A 5\nint a = A;\n")
    assert r.returncode == 0 and "int a = 5;" in r.stdout
    r = pycc("-x", "c", "-S", "-o", "-", "-", stdin="int f(void){return 7;}\n")
    assert r.returncode == 0 and "ret" in r.stdout


@needs_x86
def test_save_temps_names_like_gcc(tmp_path):
    write(tmp_path, "t.c", HELLO)
    write(tmp_path, "u.c", "int f(void){return 42;}\n")
    (tmp_path / "d").mkdir()
    assert pycc("-save-temps", "-c", "t.c", "-o", "d/y.o", cwd=tmp_path).returncode == 0
    assert sorted(os.listdir(tmp_path / "d")) == ["y.i", "y.o", "y.s"]
    r = pycc("-save-temps", "-pipe", "t.c", "u.c", "-o", "prog", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    names = sorted(os.listdir(tmp_path))
    for n in ("prog-t.i", "prog-t.s", "prog-t.o", "prog-u.i", "prog-u.s", "prog-u.o"):
        assert n in names
    assert "int f(void)" in (tmp_path / "prog-u.i").read_text()
    assert subprocess.run([str(tmp_path / "prog")], capture_output=True, text=True).stdout == "42\n"


@needs_x86
def test_wa_wl_xlinker_xassembler(tmp_path):
    write(tmp_path, "a.s", ".globl value\n.data\nvalue: .long FOO\n")
    write(tmp_path, "m.c", '#include <stdio.h>\nextern int value;\nextern char marker[];\n'
                           'int main(void){printf("%d %d\\n", value, marker == (char *)0x1234);}\n')
    r = pycc("-Wa,--defsym,FOO=7", "-c", "a.s", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    r = pycc("-Xassembler", "--defsym", "-Xassembler", "FOO=8", "-c", "a.s", "-o", "b.o",
             cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert pycc("-Wa,--no-such-flag", "-c", "a.s", cwd=tmp_path).returncode == 1
    r = pycc("-no-pie", "m.c", "a.o", "-Wl,--defsym,marker=0x1234", "-o", "p1", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert subprocess.run(["./p1"], cwd=tmp_path, capture_output=True, text=True).stdout == "7 1\n"
    r = pycc("-no-pie", "m.c", "b.o", "-Xlinker", "--defsym", "-Xlinker", "marker=0x1234",
             "-o", "p2", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert subprocess.run(["./p2"], cwd=tmp_path, capture_output=True, text=True).stdout == "8 1\n"


@needs_x86
def test_pthread_links(tmp_path):
    write(tmp_path, "t.c", "#include <pthread.h>\n#include <stdio.h>\nstatic void *run(void *p)"
          "{ return (char *)p + 1; }\nint main(void){ pthread_t t; void *r; char c[2];\n"
          " pthread_create(&t, 0, run, c); pthread_join(t, &r);\n"
          ' printf("%d\\n", (int)((char *)r - c)); return 0; }\n')
    r = pycc("-pthread", "-O1", "t.c", "-o", "t", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert subprocess.run(["./t"], cwd=tmp_path, capture_output=True, text=True).stdout == "1\n"
