"""Machine IR shared by the back ends: registers, operands, instructions, blocks, functions.

A machine instruction is a mnemonic plus operands (in the target assembler's operand order)
and a role per operand: "u" (read), "d" (written), "ud" (read and written) or "" (not a
register operand, e.g. a label). Registers in memory operands are always reads. Implicit
register reads/writes (division, calls, returns) are listed in ``iuse``/``idef``.
Before register allocation operands name virtual registers; the allocator rewrites them to
physical ones and inserts spill code through the target hooks.
"""
from __future__ import annotations


class Reg:
    """A register: virtual (``phys`` False, ``id`` unique in the function) or physical (``id``
    = hardware number). ``cls`` is "i" (integer) or "f" (floating/vector)."""
    __slots__ = ("id", "cls", "phys", "name")

    def __init__(self, id: int, cls: str, phys: bool = False, name: str | None = None):
        self.id = id
        self.cls = cls
        self.phys = phys
        self.name = name

    def __repr__(self):
        return self.name if self.phys else f"v{self.id}{self.cls}"


class ROp:
    """A register operand: register ``reg`` accessed with ``size`` bytes."""
    __slots__ = ("reg", "size")

    def __init__(self, reg: Reg, size: int):
        self.reg = reg
        self.size = size

    def __repr__(self):
        return f"{self.reg!r}:{self.size}"


class Imm:
    __slots__ = ("value",)

    def __init__(self, value: int):
        self.value = value

    def __repr__(self):
        return f"${self.value}"


class FrameSlot:
    """A stack slot; ``offset`` (from the frame pointer) is set by frame layout."""
    __slots__ = ("size", "align", "offset", "kind")

    def __init__(self, size: int, align: int, kind: str = "local"):
        self.size = size
        self.align = align
        self.offset = None
        self.kind = kind

    def __repr__(self):
        return f"slot({self.size},{self.offset})"


PHI = "phi"      # the opcode of MIR phis (no target may use it as a mnemonic)


class AddrOperand:
    """Base of operands that contain registers read as part of an address. A target may
    subclass it for its own address forms; the allocator only needs ``regs()`` and
    ``map_regs(fn)``."""
    __slots__ = ()

    def regs(self):
        return ()

    def map_regs(self, fn):
        return self


class Mem(AddrOperand):
    """A memory operand: [base + index*scale + disp (+ slot offset) (+ symbol)]; base None and
    a symbol means PC-relative; ``reloc`` is a symbol suffix such as "GOTPCREL". Load/store
    targets use base + disp (+ slot) only."""
    __slots__ = ("base", "index", "scale", "disp", "sym", "slot", "reloc", "size")

    def __init__(self, base=None, disp: int = 0, sym: str | None = None, slot=None, index=None,
                 scale: int = 1, reloc: str | None = None, size: int = 8):
        self.base = base      # Reg or None (None + sym = RIP-relative)
        self.index = index
        self.scale = scale
        self.disp = disp
        self.sym = sym
        self.slot = slot
        self.reloc = reloc
        self.size = size

    def regs(self):
        if self.base is not None:
            yield self.base
        if self.index is not None:
            yield self.index

    def map_regs(self, fn):
        b = self.base if self.base is None or self.base.phys else fn(self.base)
        i = self.index if self.index is None or self.index.phys else fn(self.index)
        if b is self.base and i is self.index:
            return self
        return self.copy(base=b, index=i)

    def copy(self, **kw):
        m = Mem(self.base, self.disp, self.sym, self.slot, self.index, self.scale, self.reloc,
                self.size)
        for k, v in kw.items():
            setattr(m, k, v)
        return m

    def __repr__(self):
        return f"[{self.base}+{self.disp}+{self.slot}+{self.sym}]"


class Sym:
    """A symbol or label used as a branch/call target."""
    __slots__ = ("name", "reloc")

    def __init__(self, name: str, reloc: str | None = None):
        self.name = name
        self.reloc = reloc

    def __repr__(self):
        return self.name


class MInstr:
    __slots__ = ("op", "ops", "roles", "iuse", "idef", "flags", "targets", "extra", "loc")

    def __init__(self, op: str, ops, roles, iuse=(), idef=(), flags: str = "", targets=(),
                 extra=None):
        self.op = op
        self.ops = list(ops)
        self.roles = roles
        self.iuse = iuse
        self.idef = idef
        self.flags = flags        # "c" call, "b" branch, "t" ends the block, "k" keep identity
        self.targets = targets    # MBlocks for branches
        self.extra = extra        # target data (e.g. an inline asm template)
        self.loc = None           # -g: source position of the IR instruction it starts

    def uses(self):
        """The registers read, in operand order (a list: the allocator walks it often)."""
        out = []
        for o, r in zip(self.ops, self.roles):
            t = type(o)
            if t is ROp:
                if "u" in r:
                    out.append(o.reg)
            elif t is Mem:
                if o.base is not None:
                    out.append(o.base)
                if o.index is not None:
                    out.append(o.index)
            elif isinstance(o, AddrOperand):
                out.extend(o.regs())
        if self.iuse:
            out.extend(self.iuse)
        return out

    def defs(self):
        """The registers written, in operand order."""
        out = [o.reg for o, r in zip(self.ops, self.roles) if type(o) is ROp and "d" in r]
        if self.idef:
            out.extend(self.idef)
        return out

    def __repr__(self):
        return f"{self.op} {', '.join(map(repr, self.ops))}"


class LocMark:
    """-g: a stream item a target's emitter puts before the instructions it emits for ``mi``
    when ``mi.loc`` is set (targets whose emitted items are their own instruction objects);
    toolchain.cc.debug.lines turns it into a ``.loc`` and removes it."""
    __slots__ = ("mi",)

    def __init__(self, mi: MInstr):
        self.mi = mi


_UNDEF = {}


def undef_reg(cls: str) -> Reg:
    """The phi source standing for an undefined value of class ``cls`` (no move is made)."""
    r = _UNDEF.get(cls)
    if r is None:
        r = _UNDEF[cls] = Reg(-1, cls, True, "undef")
    return r


def is_undef(r: Reg) -> bool:
    return r.id == -1 and r.phys


def make_phi(dst: Reg, size: int, srcs, preds) -> MInstr:
    """A MIR phi: dst = src_k when entered from preds[k] (sources are registers)."""
    return MInstr(PHI, [ROp(dst, size)] + [ROp(r, size) for r in srcs],
                  ("d",) + ("u",) * len(srcs), targets=tuple(preds))


class MBlock:
    __slots__ = ("label", "instrs", "succs", "preds", "align")

    def __init__(self, label: str):
        self.label = label
        self.instrs: list[MInstr] = []
        self.succs: list["MBlock"] = []
        self.preds: list["MBlock"] = []
        self.align = 0

    def __repr__(self):
        return f"MBlock({self.label})"


class MFunction:
    __slots__ = ("name", "blocks", "slots", "nvregs", "internal", "used_callee_saved",
                 "frame_size", "extra", "vregs")

    def __init__(self, name: str, internal: bool = False):
        self.name = name
        self.blocks: list[MBlock] = []
        self.slots: list[FrameSlot] = []
        self.nvregs = 0
        self.vregs: list[Reg] = []
        self.internal = internal
        self.used_callee_saved: list[Reg] = []
        self.frame_size = 0
        self.extra = {}

    def new_vreg(self, cls: str) -> Reg:
        r = Reg(self.nvregs, cls)
        self.nvregs += 1
        self.vregs.append(r)
        return r

    def new_slot(self, size: int, align: int, kind: str = "local") -> FrameSlot:
        s = FrameSlot(size, align, kind)
        self.slots.append(s)
        return s

    def link(self) -> None:
        for b in self.blocks:
            b.preds = []
        for b in self.blocks:
            for s in b.succs:
                s.preds.append(b)
