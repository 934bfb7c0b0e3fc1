"""IR data structures: values, instructions, blocks, functions, globals and modules.

See docs/ir.md for the semantics. Every value has a ``type``; instructions and arguments keep
the list of instructions using them (``users``, one entry per use) so passes can replace uses
without scanning the function.
"""
from __future__ import annotations

from .types import Type, I1, PTR, VOID
from .floats import IR_FORMAT, XFloat, xfloat

# -- opcode tables -------------------------------------------------------------------------------
INT_BINOPS = frozenset("add sub mul sdiv udiv srem urem and or xor shl lshr ashr".split())
FLOAT_BINOPS = frozenset("fadd fsub fmul fdiv".split())
BINOPS = INT_BINOPS | FLOAT_BINOPS
INT_UNOPS = frozenset("neg not bswap ctpop ctlz cttz".split())   # ctlz/cttz of 0: undefined
FLOAT_UNOPS = frozenset("fneg fabs sqrt".split())
UNOPS = INT_UNOPS | FLOAT_UNOPS
ATOMIC_OPS = ("add", "sub", "and", "or", "xor", "xchg")
CASTS = frozenset("trunc zext sext fptrunc fpext fptosi fptoui sitofp uitofp bitcast ptrtoint "
                  "inttoptr".split())
ICMP_PREDS = ("eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge")
FCMP_PREDS = ("oeq", "one", "olt", "ole", "ogt", "oge", "ord",
              "ueq", "une", "ult", "ule", "ugt", "uge", "uno")
TERMINATORS = frozenset("br jmp ret switch unreachable indirectbr".split())
# target-neutral intrinsics (docs/ir.md "Intrinsics"): op -> number of ptr operands; no result
#   nonlocal_goto %fp, %sp, %addr: set the frame and stack pointers, jump to block address %addr
#   trampoline_init %code, %fn, %chain, %slot: write at %code (TRAMPOLINE_SIZE bytes, align 16)
#       code that stores %chain at %slot and jumps to %fn
INTRINSICS = {"nonlocal_goto": 3, "trampoline_init": 4}
TRAMPOLINE_SIZE = 48
# instructions with effects beyond their result (never deleted when unused)
SIDE_EFFECTS = frozenset("store call memcpy memset va_start va_end va_copy fence atomicrmw "
                         "cmpxchg asm stacksave stackrestore".split()) | TERMINATORS \
    | frozenset(INTRINSICS)
# value-producing instructions without operands
NULLARY = frozenset("stacksave frameaddress returnaddress".split())
COMMUTATIVE = frozenset("add mul and or xor fadd fmul".split())


class Value:
    __slots__ = ("type", "users")

    def __init__(self, type: Type):
        self.type = type
        self.users = None   # list of Instr for Instr/Arg; None for constants

    is_const = False

    def replace_all_uses(self, new: "Value") -> None:
        if self.users is None or new is self:
            return
        for u in list(self.users):
            u.replace_operand(self, new)


class Const(Value):
    """An integer (stored unsigned, masked to the type) or floating constant."""
    __slots__ = ("value",)
    is_const = True

    def __init__(self, type: Type, value):
        super().__init__(type)
        if type.is_int or type.is_ptr:
            value = int(value) & type.mask
        elif type.is_float:
            if type.bits <= 64:
                # an exact NaN (signalling, or with a payload) keeps its bits (floats.py)
                if value.__class__ is not XFloat or value == value \
                        or value.fmt != IR_FORMAT[type.name]:
                    value = float(value)
            elif not isinstance(value, float):
                value = float(value)
            elif isinstance(value, XFloat) and value.fmt != IR_FORMAT[type.name]:
                value = xfloat(value, IR_FORMAT[type.name])   # f80/f128: exact (floats.py)
        self.value = value

    @property
    def signed(self) -> int:
        v = self.value
        if (self.type.is_int or self.type.is_ptr) and v >> (self.type.bits - 1) & 1 and self.type.bits > 1:
            return v - (1 << self.type.bits)
        return v

    def __eq__(self, other):
        return (isinstance(other, Const) and other.type is self.type
                and (other.value == self.value
                     and (not self.type.is_float or repr(other.value) == repr(self.value))))

    def __hash__(self):
        return hash((self.type.name, self.value))

    def __repr__(self):
        return f"Const({self.type}, {self.value!r})"


class Undef(Value):
    __slots__ = ()
    is_const = True

    def __repr__(self):
        return f"Undef({self.type})"


class SymRef(Value):
    """The address of a global symbol (function or variable), type ptr."""
    __slots__ = ("name",)
    is_const = True

    def __init__(self, name: str):
        super().__init__(PTR)
        self.name = name

    def __eq__(self, other):
        return isinstance(other, SymRef) and other.name == self.name

    def __hash__(self):
        return hash(("sym", self.name))

    def __repr__(self):
        return f"SymRef({self.name})"


class Arg(Value):
    """A function parameter. ``byval`` is the aggregate Type when the parameter is a pointer to
    a callee-owned copy of a by-value aggregate."""
    __slots__ = ("name", "index", "byval")

    def __init__(self, type: Type, name: str, index: int, byval: Type | None = None):
        super().__init__(type)
        self.users = []
        self.name = name
        self.index = index
        self.byval = byval

    def __repr__(self):
        return f"Arg(%{self.name})"


class CallInfo:
    """Call details: ``nfixed`` = number of fixed arguments of a variadic callee (None when not
    variadic), ``byval`` = per-argument aggregate Type or None, ``sret`` = aggregate return
    Type (then args[1] is the destination pointer) or None, ``ext`` = how the caller extends
    each narrow integer argument to 32 bits ("signext"/"zeroext"; default zero)."""
    __slots__ = ("nfixed", "byval", "sret", "ext")

    def __init__(self, nfixed=None, byval=None, sret=None, ext=None):
        self.nfixed = nfixed
        self.byval = byval
        self.sret = sret
        self.ext = ext      # per-argument "signext" / "zeroext" / None (narrow integers)


class PackInfo(CallInfo):
    """The details of a call in the body of a variadic function that uses
    ``__builtin_va_arg_pack``, kept only to be expanded at its call sites (never emitted):
    ``kind`` "pack" for a call whose last arguments are the variadic arguments the function
    received (appended at expansion), "len" for the stand-in call of
    ``__builtin_va_arg_pack_len ()`` (replaced by their count). ``opt.inline.inline_call``
    expands both."""
    __slots__ = ("kind",)

    def __init__(self, kind, nfixed=None, byval=None, sret=None, ext=None):
        super().__init__(nfixed, byval, sret, ext)
        self.kind = kind


class AsmInfo:
    """GNU extended asm: ``template`` with %0.. operands, ``constraints`` one per argument
    (outputs first, e.g. "=r,=&r,r,m,i,0") then clobbers ("~{REGISTER}", "~{memory}", "~{cc}"),
    ``outs`` the stored Type of each output argument (the argument is a pointer to the output
    lvalue) or None for inputs. ``vec``: operand index -> size (16, 32, 64) for a GNU vector
    in a vector register ("x", "v"): its argument is the vector's address, input or output."""
    __slots__ = ("template", "constraints", "outs", "vec")

    def __init__(self, template: str, constraints: str, outs, vec=None):
        self.template = template
        self.constraints = constraints
        self.outs = list(outs)
        self.vec = vec or {}

    def split(self):
        """(operand constraints, clobbers)."""
        ops, clob = [], []
        for c in self.constraints.split(","):
            c = c.strip()
            if not c:
                continue
            if c.startswith("~"):
                clob.append(c[1:].strip("{}"))
            else:
                ops.append(c)
        return ops, clob


class Instr(Value):
    __slots__ = ("op", "args", "name", "block", "pred", "targets", "extra", "loc")

    def __init__(self, op: str, type: Type, args=(), name: str | None = None, pred=None,
                 targets=None, extra=None):
        super().__init__(type)
        self.users = []
        self.op = op
        self.args = []
        self.name = name
        self.block = None
        self.pred = pred          # icmp/fcmp predicate
        self.targets = targets if targets is not None else []   # successor/incoming Blocks
        self.extra = extra        # alloca: align; call: CallInfo; switch: case values; ...
        self.loc = None           # -g: source position (toolchain.cc.debug.record.SrcLoc)
        for a in args:
            self.add_operand(a)

    # -- operands and use lists -----------------------------------------------------------------
    def add_operand(self, v: Value) -> None:
        self.args.append(v)
        if v.users is not None:
            v.users.append(self)

    def set_operand(self, i: int, v: Value) -> None:
        old = self.args[i]
        if old.users is not None:
            old.users.remove(self)
        self.args[i] = v
        if v.users is not None:
            v.users.append(self)

    def replace_operand(self, old: Value, new: Value) -> None:
        for i, a in enumerate(self.args):
            if a is old:
                self.set_operand(i, new)

    def drop_operands(self) -> None:
        for a in self.args:
            if a.users is not None:
                try:
                    a.users.remove(self)
                except ValueError:
                    pass
        self.args = []

    def erase(self) -> None:
        """Remove from the block and drop the operand uses (the result must be unused)."""
        self.drop_operands()
        if self.block is not None:
            self.block.instrs.remove(self)
            self.block = None

    # -- classification -------------------------------------------------------------------------
    @property
    def is_terminator(self) -> bool:
        return self.op in TERMINATORS

    @property
    def has_side_effects(self) -> bool:
        return self.op in SIDE_EFFECTS or (self.op == "load" and self.extra is not None)

    # phi helpers: args[i] comes from targets[i]
    def incoming(self):
        return zip(self.args, self.targets)

    def add_incoming(self, v: Value, block: "Block") -> None:
        self.add_operand(v)
        self.targets.append(block)

    def remove_incoming(self, block: "Block") -> None:
        i = self.targets.index(block)
        old = self.args.pop(i)
        if old.users is not None:
            old.users.remove(self)
        self.targets.pop(i)

    def __repr__(self):
        return f"Instr(%{self.name} = {self.op})"


class Block:
    __slots__ = ("name", "instrs", "func")

    def __init__(self, name: str):
        self.name = name
        self.instrs: list[Instr] = []
        self.func = None

    def append(self, ins: Instr) -> Instr:
        ins.block = self
        self.instrs.append(ins)
        return ins

    def insert(self, idx: int, ins: Instr) -> Instr:
        ins.block = self
        self.instrs.insert(idx, ins)
        return ins

    def insert_before_terminator(self, ins: Instr) -> Instr:
        if self.instrs and self.instrs[-1].is_terminator:
            return self.insert(len(self.instrs) - 1, ins)
        return self.append(ins)

    @property
    def terminator(self) -> Instr | None:
        ins = self.instrs
        if ins and ins[-1].op in TERMINATORS:
            return ins[-1]
        return None

    @property
    def succs(self) -> list["Block"]:
        ins = self.instrs
        if not ins or ins[-1].op not in TERMINATORS:
            return []
        tg = ins[-1].targets
        n = len(tg)
        if n < 2:
            return list(tg)
        if n == 2:
            return [tg[0]] if tg[0] is tg[1] else [tg[0], tg[1]]
        return list(dict.fromkeys(tg))      # each once, in first-seen order (O(n): switches)

    def phis(self):
        for i in self.instrs:
            if i.op != "phi":
                break
            yield i

    def __repr__(self):
        return f"Block({self.name})"


class Function:
    __slots__ = ("name", "ret_type", "params", "blocks", "internal", "varargs", "_counter",
                 "attrs", "weak", "hidden", "section", "debug")

    def __init__(self, name: str, ret_type: Type, params=(), internal: bool = False,
                 varargs: bool = False):
        self.name = name
        self.ret_type = ret_type      # a scalar, void, or a struct Type (returned via sret/regs)
        self.params: list[Arg] = list(params)
        self.blocks: list[Block] = []
        self.internal = internal
        self.varargs = varargs
        self._counter = 0
        self.attrs: set[str] = set()
        self.weak = False
        self.hidden = False
        self.section = None     # output section name (None: .text)
        self.debug = None       # -g: toolchain.cc.debug.record.FuncDebug

    @property
    def entry(self) -> Block:
        return self.blocks[0]

    def add_block(self, name: str | None = None) -> Block:
        b = Block(name or self.fresh("bb"))
        b.func = self
        self.blocks.append(b)
        return b

    def fresh(self, prefix: str = "t") -> str:
        self._counter += 1
        return f"{prefix}{self._counter}"

    def instructions(self):
        for b in self.blocks:
            yield from b.instrs

    def preds(self) -> dict:
        """Block -> list of predecessor blocks (each listed once), in block order."""
        p = {b: [] for b in self.blocks}
        for b in self.blocks:
            ins = b.instrs          # b.succs inlined: each successor once
            if not ins or ins[-1].op not in TERMINATORS:
                continue
            tg = ins[-1].targets
            n = len(tg)
            if n == 1:
                p[tg[0]].append(b)
            elif n == 2:
                p[tg[0]].append(b)
                if tg[1] is not tg[0]:
                    p[tg[1]].append(b)
            elif n:
                for s in dict.fromkeys(tg):
                    p[s].append(b)
        return p

    def __repr__(self):
        return f"Function(@{self.name})"


class GlobalVar:
    """A global variable. ``init`` is a list of items: ("int", Type, value), ("float", Type,
    value), ("sym", name, addend), ("zero", nbytes), ("bytes", b"..."); None means
    zero-initialised (.bss). ``tls`` puts it in .tdata/.tbss; ``readonly`` in .rodata."""
    __slots__ = ("name", "size", "align", "init", "internal", "readonly", "tls", "common", "weak",
                 "hidden", "section")

    def __init__(self, name, size, align, init=None, internal=False, readonly=False, tls=False):
        self.name = name
        self.size = size
        self.align = align
        self.init = init
        self.internal = internal
        self.readonly = readonly
        self.tls = tls
        self.common = False
        self.weak = False
        self.hidden = False
        self.section = None     # explicit output section (e.g. ".init_array")


class Module:
    __slots__ = ("functions", "globals", "externs", "asm", "keep", "aliases", "exec_stack",
                 "debug", "cmdline_macros")

    def __init__(self):
        self.functions: list[Function] = []
        self.globals: list[GlobalVar] = []
        self.externs: dict[str, str] = {}    # declared symbol -> "func" | "data" | "tls"
        self.asm: list[str] = []             # top-level asm statements, in order
        self.keep: set[str] = set()          # definitions to emit even when unreferenced
        # alias attribute: (name, target, kind "func"|"data", internal, weak)
        self.aliases: list[tuple] = []
        self.exec_stack = False             # trampolines: the stack must be executable
        self.debug = None                   # -g: toolchain.cc.debug.record.UnitDebug
        # macros the command line defines (-D, and the target's -m options: -mavx -> __AVX__),
        # for a back end whose calling convention depends on an ISA option (x86-64: __m256
        # arguments in %ymm under AVX); set by toolchain.cc.pipeline
        self.cmdline_macros: frozenset = frozenset()

    def function(self, name: str) -> Function | None:
        for f in self.functions:
            if f.name == name:
                return f
        return None

    def defined(self) -> dict:
        d = {f.name: ("func", f) for f in self.functions}
        for g in self.globals:
            d[g.name] = ("data", g)
        return d
