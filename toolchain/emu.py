"""Run machine code in unicorn from Python (tests and the Python API).

    from toolchain.emu import Emulator
    emu = Emulator("aarch64")
    emu.load(code)                 # maps the code at emu.code_base
    emu.call(emu.code_base, 2, 3)  # integer arguments per the target's C ABI; returns the result

The callee returns to a sentinel address, which stops the emulation. Memory for data can be
mapped with :meth:`map`, read with :meth:`read` and written with :meth:`write`; registers are
read and written by their assembler names (arch/<target>/emu.py lists them).
"""
from __future__ import annotations

from .targets import get_target

PAGE = 0x1000
_RETURN_SENTINEL = 0x7FFF0000


def _page_up(n: int) -> int:
    return (n + PAGE - 1) & ~(PAGE - 1)


class EmulationError(Exception):
    pass


class Emulator:
    """A unicorn instance for one target with a stack, a code area and helpers to call code."""

    def __init__(self, target=None, code_base: int = 0x100000, stack_base: int = 0x7FF00000,
                 stack_size: int = 0x100000):
        try:
            import unicorn
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise EmulationError("unicorn is not installed (pip install unicorn)") from e
        self._uc_mod = unicorn
        self.target = get_target(target) if isinstance(target, str) or target is None else target
        try:        # the target's registers and ABI: arch/<target>/emu.py
            import importlib
            spec = importlib.import_module(f"toolchain.arch.{self.target.name}.emu")
        except ImportError:  # pragma: no cover
            raise EmulationError(f"no emulator for {self.target.triple}") from None
        e = spec.open_unicorn(unicorn)
        self.uc, self._regs = e["uc"], e["regs"]
        self.arg_regs, self.float_regs = e["arg_regs"], e["float_regs"]
        self.ret_reg, self.sp, self.pc = e["ret_reg"], e["sp"], e["pc"]
        self._link_reg, self._nan_box_single = e["link_reg"], e["nan_box_single"]
        self.code_base = code_base
        self.stack_base = stack_base
        self.stack_size = stack_size
        self._mapped: list[tuple[int, int]] = []
        self.map(stack_base, stack_size)
        self.map(_RETURN_SENTINEL, PAGE)
        self._code_end = code_base

    # -- memory ---------------------------------------------------------------------------------
    def map(self, addr: int, size: int, data: bytes | None = None) -> int:
        start = addr & ~(PAGE - 1)
        end = _page_up(addr + max(size, 1))
        # map only the pages not mapped yet
        page = start
        while page < end:
            if not any(a <= page < b for a, b in self._mapped):
                run_end = page
                while run_end < end and not any(a <= run_end < b for a, b in self._mapped):
                    run_end += PAGE
                self.uc.mem_map(page, run_end - page)
                self._mapped.append((page, run_end))
                page = run_end
            else:
                page += PAGE
        if data:
            self.uc.mem_write(addr, bytes(data))
        return addr

    def load(self, code: bytes, addr: int | None = None) -> int:
        """Map and write ``code``; returns its address (after previously loaded code by default)."""
        if addr is None:
            addr = (self._code_end + 15) & ~15
        self.map(addr, len(code), code)
        self._code_end = max(self._code_end, addr + len(code))
        return addr

    def read(self, addr: int, size: int) -> bytes:
        return bytes(self.uc.mem_read(addr, size))

    def write(self, addr: int, data: bytes) -> None:
        self.uc.mem_write(addr, bytes(data))

    def read_u64(self, addr: int) -> int:
        return int.from_bytes(self.read(addr, 8), "little")

    # -- registers ------------------------------------------------------------------------------
    def reg(self, name: str) -> int:
        return self.uc.reg_read(self._regs[name])

    def set_reg(self, name: str, value: int) -> None:
        self.uc.reg_write(self._regs[name], value)

    # -- calling --------------------------------------------------------------------------------
    def call(self, addr: int, *args: int, max_instructions: int = 10_000_000,
             signed: bool = False) -> int:
        """Call the function at ``addr`` with integer/pointer arguments (register arguments only)
        and return the integer result register (as unsigned 64-bit unless ``signed``)."""
        if len(args) > len(self.arg_regs):
            raise EmulationError("too many arguments for register passing")
        for r, v in zip(self.arg_regs, args):
            self.set_reg(r, v & 0xFFFFFFFFFFFFFFFF)
        return self._run(addr, max_instructions, signed)

    def call_abi(self, addr: int, ints=(), floats=(), returns: str | None = "int",
                 max_instructions: int = 10_000_000):
        """Call with integer/pointer arguments ``ints`` and double arguments ``floats`` in the
        C ABI's argument registers (in their own order: on all three targets integer and
        floating arguments take separate register sequences; a float whose ``single``
        attribute is true is passed as a C ``float``). ``returns``: "int" (signed),
        "uint", "ptr", "double", "float" or None."""
        import struct
        if len(ints) > len(self.arg_regs) or len(floats) > len(self.float_regs):
            raise EmulationError(f"too many arguments: at most {len(self.arg_regs)} integer and "
                                 f"{len(self.float_regs)} floating arguments (registers only)")
        for r, v in zip(self.arg_regs, ints):
            self.set_reg(r, int(v) & 0xFFFFFFFFFFFFFFFF)
        for r, v in zip(self.float_regs, floats):
            if getattr(v, "single", False):         # a C float: low 32 bits (NaN-boxed on RISC-V)
                bits = struct.unpack("<I", struct.pack("<f", float(v)))[0]
                if self._nan_box_single:
                    bits |= 0xFFFFFFFF00000000
            else:
                bits = struct.unpack("<Q", struct.pack("<d", float(v)))[0]
            self.set_reg(r, bits)
        v = self._run(addr, max_instructions, returns == "int")
        if returns in ("double", "float"):
            raw = self.reg(self.float_regs[0])
            if returns == "double":
                return struct.unpack("<d", (raw & 0xFFFFFFFFFFFFFFFF).to_bytes(8, "little"))[0]
            return struct.unpack("<f", (raw & 0xFFFFFFFF).to_bytes(4, "little"))[0]
        if returns is None:
            return None
        return v

    def _run(self, addr: int, max_instructions: int, signed: bool) -> int:
        sp = self.stack_base + self.stack_size - 0x100
        if self._link_reg is None:      # the return address on the stack
            sp -= 8
            self.write(sp, _RETURN_SENTINEL.to_bytes(8, "little"))
        else:
            self.set_reg(self._link_reg, _RETURN_SENTINEL)
        self.set_reg(self.sp, sp)
        try:
            self.uc.emu_start(addr, _RETURN_SENTINEL, count=max_instructions)
        except self._uc_mod.UcError as e:
            raise EmulationError(f"emulation failed at pc={self.reg(self.pc):#x}: {e}") from None
        if self.reg(self.pc) != _RETURN_SENTINEL:
            raise EmulationError(f"did not return within {max_instructions} instructions "
                                 f"(pc={self.reg(self.pc):#x})")
        v = self.reg(self.ret_reg)
        if signed and v >= 1 << 63:
            v -= 1 << 64
        return v
