"""Run machine code in unicorn from Python (tests and the Python API).

    from toolchain.emu import Emulator
    emu = Emulator("x86_64")
    emu.load(code)                 # maps the code at emu.code_base
    emu.call(emu.code_base, 2, 3)  # integer arguments per the target's C ABI; returns the result

The callee returns to a sentinel address, which stops the emulation. Memory for data can be
mapped with :meth:`map`, read with :meth:`read` and written with :meth:`write`; registers are
read and written by their assembler names (``rax``, ``x0``, ``a0``...).
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
        name = self.target.name
        if name == "x86_64":
            from unicorn import x86_const as k
            self.uc = unicorn.Uc(unicorn.UC_ARCH_X86, unicorn.UC_MODE_64)
            self._regs = {n: getattr(k, "UC_X86_REG_" + n.upper()) for n in (
                "rax rbx rcx rdx rsi rdi rbp rsp r8 r9 r10 r11 r12 r13 r14 r15 rip eflags".split())}
            for i in range(16):
                self._regs[f"xmm{i}"] = getattr(k, f"UC_X86_REG_XMM{i}")
            self.arg_regs = ["rdi", "rsi", "rdx", "rcx", "r8", "r9"]
            self.float_regs = [f"xmm{i}" for i in range(8)]
            self.ret_reg, self.sp, self.pc = "rax", "rsp", "rip"
        elif name == "aarch64":
            from unicorn import arm64_const as k
            self.uc = unicorn.Uc(unicorn.UC_ARCH_ARM64, unicorn.UC_MODE_ARM)
            self._regs = {f"x{i}": getattr(k, f"UC_ARM64_REG_X{i}") for i in range(29)}
            self._regs.update(x29=k.UC_ARM64_REG_X29, x30=k.UC_ARM64_REG_X30,
                              fp=k.UC_ARM64_REG_X29, lr=k.UC_ARM64_REG_X30,
                              sp=k.UC_ARM64_REG_SP, pc=k.UC_ARM64_REG_PC, nzcv=k.UC_ARM64_REG_NZCV)
            for i in range(32):
                self._regs[f"d{i}"] = getattr(k, f"UC_ARM64_REG_D{i}")
                self._regs[f"q{i}"] = getattr(k, f"UC_ARM64_REG_Q{i}")
            self.arg_regs = [f"x{i}" for i in range(8)]
            self.float_regs = [f"d{i}" for i in range(8)]
            self.ret_reg, self.sp, self.pc = "x0", "sp", "pc"
            # enable FP/SIMD (CPACR_EL1.FPEN)
            try:
                self.uc.reg_write(k.UC_ARM64_REG_CPACR_EL1, 3 << 20)
            except Exception:  # noqa: BLE001 - older unicorn versions enable it by default
                pass
        elif name == "riscv64":
            from unicorn import riscv_const as k
            self.uc = unicorn.Uc(unicorn.UC_ARCH_RISCV, unicorn.UC_MODE_RISCV64)
            abi = ("zero ra sp gp tp t0 t1 t2 s0 s1 a0 a1 a2 a3 a4 a5 a6 a7 s2 s3 s4 s5 s6 s7 "
                   "s8 s9 s10 s11 t3 t4 t5 t6").split()
            self._regs = {}
            for i, n in enumerate(abi):
                r = getattr(k, f"UC_RISCV_REG_X{i}")
                self._regs[n] = r
                self._regs[f"x{i}"] = r
            self._regs["fp"] = self._regs["s0"]
            self._regs["pc"] = k.UC_RISCV_REG_PC
            for i in range(32):
                self._regs[f"f{i}"] = getattr(k, f"UC_RISCV_REG_F{i}")
            for i, n in enumerate(("ft0 ft1 ft2 ft3 ft4 ft5 ft6 ft7 fs0 fs1 fa0 fa1 fa2 fa3 fa4 "
                                   "fa5 fa6 fa7 fs2 fs3 fs4 fs5 fs6 fs7 fs8 fs9 fs10 fs11 ft8 "
                                   "ft9 ft10 ft11").split()):
                self._regs[n] = self._regs[f"f{i}"]
            self.arg_regs = [f"a{i}" for i in range(8)]
            self.float_regs = [f"fa{i}" for i in range(8)]
            # enable the F/D extensions' state (mstatus.FS = dirty)
            try:
                self.uc.reg_write(k.UC_RISCV_REG_MSTATUS,
                                  self.uc.reg_read(k.UC_RISCV_REG_MSTATUS) | (3 << 13))
            except Exception:  # noqa: BLE001
                pass
            self.ret_reg, self.sp, self.pc = "a0", "sp", "pc"
        else:  # pragma: no cover
            raise EmulationError(f"no emulator for {self.target.triple}")
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
                if self.target.name == "riscv64":
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
        if self.target.name == "x86_64":
            sp -= 8
            self.write(sp, _RETURN_SENTINEL.to_bytes(8, "little"))
        elif self.target.name == "aarch64":
            self.set_reg("x30", _RETURN_SENTINEL)
        else:
            self.set_reg("ra", _RETURN_SENTINEL)
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
