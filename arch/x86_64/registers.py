"""x86-64 register names: kind, number (0-15/31), size in bytes, DWARF number."""

GPR8 = ["al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil"] + [f"r{i}b" for i in range(8, 16)]
GPR8_HIGH = ["ah", "ch", "dh", "bh"]
GPR16 = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"] + [f"r{i}w" for i in range(8, 16)]
GPR32 = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"] + [f"r{i}d" for i in range(8, 16)]
GPR64 = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi"] + [f"r{i}" for i in range(8, 16)]
SEGS = ["es", "cs", "ss", "ds", "fs", "gs"]


class Reg:
    __slots__ = ("name", "kind", "num", "size", "rex8", "high8")

    def __init__(self, name, kind, num, size, rex8=False, high8=False):
        self.name = name
        self.kind = kind      # "gpr", "seg", "xmm", "ymm", "zmm", "mm", "st", "cr", "dr", "k", "rip"
        self.num = num
        self.size = size
        self.rex8 = rex8      # spl/bpl/sil/dil need a REX prefix
        self.high8 = high8    # ah/ch/dh/bh cannot be used with REX

    def __repr__(self):
        return f"%{self.name}"


REGS: dict[str, Reg] = {}
for i, n in enumerate(GPR8):
    REGS[n] = Reg(n, "gpr", i, 1, rex8=(4 <= i < 8))
for i in range(8, 16):
    REGS[f"r{i}l"] = Reg(f"r{i}l", "gpr", i, 1)
for i, n in enumerate(GPR8_HIGH):
    REGS[n] = Reg(n, "gpr", i + 4, 1, high8=True)
for i, n in enumerate(GPR16):
    REGS[n] = Reg(n, "gpr", i, 2)
for i, n in enumerate(GPR32):
    REGS[n] = Reg(n, "gpr", i, 4)
for i, n in enumerate(GPR64):
    REGS[n] = Reg(n, "gpr", i, 8)
for i, n in enumerate(SEGS):
    REGS[n] = Reg(n, "seg", i, 2)
for i in range(32):
    REGS[f"xmm{i}"] = Reg(f"xmm{i}", "xmm", i, 16)
    REGS[f"ymm{i}"] = Reg(f"ymm{i}", "ymm", i, 32)
    REGS[f"zmm{i}"] = Reg(f"zmm{i}", "zmm", i, 64)
for i in range(8):
    REGS[f"mm{i}"] = Reg(f"mm{i}", "mm", i, 8)
    REGS[f"st({i})"] = Reg(f"st({i})", "st", i, 10)
    REGS[f"k{i}"] = Reg(f"k{i}", "k", i, 8)
REGS["st"] = REGS["st(0)"]
for i in range(16):
    REGS[f"cr{i}"] = Reg(f"cr{i}", "cr", i, 8)
    REGS[f"db{i}"] = REGS[f"dr{i}"] = Reg(f"dr{i}", "dr", i, 8)
# %riz/%eiz: "no index" written out (SIB.index = 100)
REGS["riz"] = Reg("riz", "riz", 4, 8)
REGS["eiz"] = Reg("eiz", "riz", 4, 4)
for i in range(8):
    REGS[f"tmm{i}"] = Reg(f"tmm{i}", "tmm", i, 1024)
for i in range(4):
    REGS[f"bnd{i}"] = Reg(f"bnd{i}", "bnd", i, 16)
REGS["rip"] = Reg("rip", "rip", 0, 8)
REGS["eip"] = Reg("eip", "rip", 0, 4)

# DWARF register numbers (System V AMD64 psABI, figure 3.36)
DWARF = {"rax": 0, "rdx": 1, "rcx": 2, "rbx": 3, "rsi": 4, "rdi": 5, "rbp": 6, "rsp": 7,
         "rip": 16, "eflags": 49, "es": 50, "cs": 51, "ss": 52, "ds": 53, "fs": 54, "gs": 55,
         "fs.base": 58, "gs.base": 59, "tr": 62, "ldtr": 63, "mxcsr": 64, "fcw": 65, "fsw": 66}
for _i in range(8, 16):
    DWARF[f"r{_i}"] = _i
for _i in range(16):
    DWARF[f"xmm{_i}"] = 17 + _i
for _i in range(16, 32):
    DWARF[f"xmm{_i}"] = 67 + _i - 16
for _i in range(8):
    DWARF[f"st({_i})"] = 33 + _i
    DWARF[f"st{_i}"] = 33 + _i
    DWARF[f"mm{_i}"] = 41 + _i
    DWARF[f"k{_i}"] = 118 + _i
DWARF["st"] = 33
# 32-bit names map to the same DWARF numbers as GNU as accepts them in .cfi directives
for _n64, _n32 in zip(GPR64, GPR32):
    DWARF.setdefault(_n32, DWARF[_n64])
