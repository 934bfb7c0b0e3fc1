"""The ABI compat runner (tests/compat/run.py) pointed at a cross target: pycc
--target=<triple> and <triple>-gcc objects mixed, linked by the cross gcc and run under
qemu-user. tests/cc_aarch64/compat.py and tests/cc_riscv64/compat.py are thin uses of this.

    CrossCompat(gcc, qemu, sysroot, pycc_args, drop_flags, extra_flags, env).install(R, log, ...)

``R`` is the module tests.compat.run: its compile, link/run, dg selector (and optionally
dg_directives/dg_case) functions are replaced, as its docstring allows.
"""
from __future__ import annotations

import os

from tests.compat import run

LOG_DIR = os.path.join(os.path.expanduser("~"), ".cache", "pytoolchain", "logs")


class CrossCompat:
    """How one cross target compiles, links and runs a compat case."""

    def __init__(self, gcc, qemu, sysroot, drop_flags=("-m",), extra_flags=(), env=None):
        self.gcc = gcc
        self.qemu = qemu
        self.sysroot = sysroot
        self.drop_flags = tuple(drop_flags)     # option prefixes of x86 dg-options not passed on
        self.extra_flags = list(extra_flags)    # added to every compile (-DSKIP_DECIMAL_FLOAT)
        self.env = env                          # () -> environment for pycc, or None
        self.pycc = None                        # set by install: the pycc command (R.PYCC)

    def compile_obj(self, cc, src, out, flags, incdir, pycc_opt):
        flags = [f for f in flags if not f.startswith(self.drop_flags)] + self.extra_flags
        if cc == "pycc":
            cmd = self.pycc + [pycc_opt] + flags + ["-I", incdir, "-c", src, "-o", out]
            env = self.env() if self.env else None
        else:
            cmd = [self.gcc, "-O0"] + flags + ["-Wno-psabi", "-I", incdir, "-c", src, "-o", out]
            env = None
        return run.run_compile(cmd, cc, src, env)

    def link_run(self, objs, exe, cwd):
        return run.link_and_run(self.gcc, objs, exe, [self.qemu, "-L", self.sysroot, exe], cwd, 60)

    def install(self, R, log_name, pycc, selector, dg_directives=None, dg_case=None):
        """Point tests.compat.run (``R``) at this target; the log goes to LOG_DIR/log_name."""
        self.pycc = list(pycc)
        R.PYCC = self.pycc
        R.LOG = os.path.join(LOG_DIR, log_name)
        R.HAVE_AVX = False
        R.compile_obj = self.compile_obj
        R.link_run = self.link_run
        R._selector_matches = selector
        if dg_directives is not None:
            R.dg_directives = dg_directives
        if dg_case is not None:
            R.dg_case = dg_case
