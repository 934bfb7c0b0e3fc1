"""The target registry: the three triples, the host default, and where linking finds glibc's
crt files and libraries and gcc's crtbegin/crtend/libgcc for each target.

GCC installations are found the way clang finds them: for each prefix (the sysroot's ``/usr``,
then ``/usr``), look in ``lib/gcc/<triple>/<version>`` and ``lib/gcc-cross/<triple>/<version>``
for a directory holding ``crtbegin.o`` and take the highest version.
"""
from __future__ import annotations

import glob
import importlib
import os
import platform
import re
import shutil

from .diag import ToolError


class Target:
    __slots__ = ("name", "triple", "aliases", "emulation", "dynamic_linker", "cross_prefix",
                 "qemu", "gcc_pkg", "libc_pkg", "binutils_pkg", "_arch")

    def __init__(self, name, triple, aliases, emulation, dynamic_linker, qemu, gcc_pkg, libc_pkg,
                 binutils_pkg):
        self.name = name                    # arch package name: toolchain.arch.<name>
        self.triple = triple
        self.aliases = aliases
        self.emulation = emulation          # ld -m
        self.dynamic_linker = dynamic_linker
        self.cross_prefix = triple + "-"
        self.qemu = qemu
        self.gcc_pkg = gcc_pkg
        self.libc_pkg = libc_pkg
        self.binutils_pkg = binutils_pkg
        self._arch = None

    @property
    def arch(self):
        """The target's package, toolchain.arch.<name> (imported on first use)."""
        if self._arch is None:
            self._arch = importlib.import_module(f"toolchain.arch.{self.name}")
        return self._arch

    @property
    def is_host(self) -> bool:
        return self is host_target()

    # -- sysroot and gcc installation ---------------------------------------------------------
    @property
    def sysroot(self) -> str:
        """Root under which the target's glibc lives: "/" for the host, /usr/<triple> for cross
        (Debian's multiarch cross layout)."""
        if self.is_host:
            return "/"
        return f"/usr/{self.triple}"

    def libc_dirs(self) -> list[str]:
        """Directories holding crt1.o, crti.o, libc.so etc."""
        if self.is_host:
            cands = [f"/usr/lib/{self.triple}", f"/lib/{self.triple}", "/usr/lib64", "/usr/lib"]
        else:
            cands = [f"/usr/{self.triple}/lib", f"/usr/{self.triple}/lib64",
                     f"/usr/lib/{self.triple}"]
        return [d for d in cands if os.path.isdir(d)]

    def include_dirs(self) -> list[str]:
        """The target's system include directories, in gcc's order (after gcc's own)."""
        if self.is_host:
            cands = ["/usr/local/include", f"/usr/include/{self.triple}", "/usr/include"]
        else:
            cands = [f"/usr/{self.triple}/include"]
        return [d for d in cands if os.path.isdir(d)]

    def gcc_install_dir(self) -> str | None:
        best = None
        prefixes = ["/usr"] if self.is_host else [f"/usr/{self.triple}", "/usr"]
        for prefix in prefixes:
            for sub in ("lib/gcc", "lib/gcc-cross", "lib64/gcc"):
                for d in glob.glob(os.path.join(prefix, sub, self.triple, "*")):
                    if not os.path.isfile(os.path.join(d, "crtbegin.o")):
                        continue
                    ver = _version_key(os.path.basename(d))
                    if best is None or ver > best[0]:
                        best = (ver, d)
        return best[1] if best else None

    def find_libc_file(self, name: str) -> str:
        for d in self.libc_dirs():
            p = os.path.join(d, name)
            if os.path.exists(p):
                return p
        raise ToolError(f"cannot find {name} for {self.triple}; install the Debian package "
                        f"{self.libc_pkg}")

    def find_gcc_file(self, name: str) -> str:
        d = self.gcc_install_dir()
        if d is None:
            raise ToolError(f"cannot find a GCC installation for {self.triple} (crtbegin.o, "
                            f"libgcc); install the Debian package {self.gcc_pkg}")
        p = os.path.join(d, name)
        if not os.path.exists(p):
            raise ToolError(f"cannot find {name} in {d}; install the Debian package "
                            f"{self.gcc_pkg}")
        return p

    def library_path(self) -> list[str]:
        """Default -L search path, as gcc passes it to ld."""
        dirs = []
        g = self.gcc_install_dir()
        if g:
            dirs.append(g)
        dirs += self.libc_dirs()
        return dirs

    def gnu_tool(self, tool: str) -> str | None:
        """The GNU tool (as, ld, gcc, objdump, readelf...) for this target, for tests."""
        for name in ((tool, self.cross_prefix + tool) if self.is_host
                     else (self.cross_prefix + tool,)):
            p = shutil.which(name)
            if p:
                return p
        return None

    def runner(self) -> list[str]:
        """Command prefix to run a program of this target on this machine."""
        if self.is_host:
            return []
        q = shutil.which(self.qemu)
        if q is None:
            raise ToolError(f"{self.qemu} not found; install the Debian package qemu-user")
        return [q, "-L", self.sysroot]

    def __repr__(self) -> str:
        return f"<Target {self.triple}>"


def _version_key(v: str):
    return tuple(int(x) for x in re.findall(r"\d+", v))


TARGETS: dict[str, Target] = {}


def _register(t: Target) -> None:
    TARGETS[t.name] = t


_register(Target("x86_64", "x86_64-linux-gnu", ("x86_64", "x86-64", "amd64", "x86_64-pc-linux-gnu",
                                                "x86_64-unknown-linux-gnu"),
                 "elf_x86_64", "/lib64/ld-linux-x86-64.so.2", "qemu-x86_64",
                 "gcc-x86-64-linux-gnu", "libc6-dev-amd64-cross", "binutils-x86-64-linux-gnu"))
_register(Target("aarch64", "aarch64-linux-gnu", ("aarch64", "arm64", "aarch64-unknown-linux-gnu"),
                 "aarch64linux", "/lib/ld-linux-aarch64.so.1", "qemu-aarch64",
                 "gcc-aarch64-linux-gnu", "libc6-dev-arm64-cross", "binutils-aarch64-linux-gnu"))
_register(Target("riscv64", "riscv64-linux-gnu", ("riscv64", "riscv64-unknown-linux-gnu"),
                 "elf64lriscv", "/lib/ld-linux-riscv64-lp64d.so.1", "qemu-riscv64",
                 "gcc-riscv64-linux-gnu", "libc6-dev-riscv64-cross", "binutils-riscv64-linux-gnu"))

EMULATIONS = {t.emulation: t for t in TARGETS.values()}


def host_target() -> Target:
    m = platform.machine().lower()
    for t in TARGETS.values():
        if m == t.name or m in t.aliases:
            return t
    return TARGETS["x86_64"]


def get_target(spec: str | None) -> Target:
    """Look up a target by triple, alias or arch name; None means the host."""
    if spec is None:
        return host_target()
    s = spec.lower()
    for t in TARGETS.values():
        if s == t.triple or s == t.name or s in t.aliases:
            return t
    # accept any <arch>-<vendor>-linux-gnu spelling
    arch = s.split("-", 1)[0]
    for t in TARGETS.values():
        if arch == t.name or arch in t.aliases:
            return t
    known = ", ".join(t.triple for t in TARGETS.values())
    raise ToolError(f"unknown target '{spec}' (known targets: {known})")
