"""x86-64 instruction selection: IR function -> machine IR on virtual registers.

Conventions: integer values live in general registers (i1/i8/i16/i32 use 32-bit operations;
bits above the type's width are undefined and every operation that cares re-extends), f32/f64
live in xmm registers. Static allocas become frame slots addressed from %rbp and are folded
into load/store addresses, as are constant ``ptradd`` offsets and locally defined symbols
(RIP-relative). Phis become MIR phis whose sources are materialised in the predecessors; the
shared allocator places the moves (critical edges are split by the shared prepare pass). Code is PIC: local symbols are RIP-relative, external data goes through the GOT
and calls to non-local functions through the PLT.
"""
from __future__ import annotations

import struct as _struct

from toolchain.cc.backend.isel import ISelBase, ModuleCtx
from toolchain.cc.backend.mir import FrameSlot, Imm, MBlock, MFunction, MInstr, Mem, ROp, Reg, Sym
from toolchain.cc.ir import types as T
from toolchain.cc.ir.core import Arg, BINOPS, Block, Const, Function, Instr, SymRef, Undef
from toolchain.diag import ToolError

from . import abi, builtins, intrinsics
from .regs import CALL_CLOBBERS, GPR, RAX, RBP, RCX, RDX, RSP, X87Op, XMM

SFX = {1: "b", 2: "w", 4: "l", 8: "q"}
CC = {"eq": "e", "ne": "ne", "slt": "l", "sle": "le", "sgt": "g", "sge": "ge",
      "ult": "b", "ule": "be", "ugt": "a", "uge": "ae"}
SWAP = {"eq": "eq", "ne": "ne", "slt": "sgt", "sle": "sge", "sgt": "slt", "sge": "sle",
        "ult": "ugt", "ule": "uge", "ugt": "ult", "uge": "ule"}
NEG_CC = {"e": "ne", "ne": "e", "l": "ge", "ge": "l", "le": "g", "g": "le", "b": "ae",
          "ae": "b", "be": "a", "a": "be", "p": "np", "np": "p"}
# fcmp: (swap operands?, condition) after ucomis; None = needs two flags
FCC = {"ogt": (False, "a"), "oge": (False, "ae"), "olt": (True, "a"), "ole": (True, "ae"),
       "one": (False, "ne"), "ueq": (False, "e"), "ult": (False, "b"), "ule": (False, "be"),
       "ugt": (True, "b"), "uge": (True, "be"), "ord": (False, "np"), "uno": (False, "p"),
       "oeq": None, "une": None}

_X87_STORE = {4: "fstps", 8: "fstpl", 16: "fstpt"}
SSE_ARITH = {"addss", "addsd", "subss", "subsd", "mulss", "mulsd", "divss", "divsd", "sqrtss",
             "sqrtsd", "minss", "minsd", "maxss", "maxsd"}
ALU2 = {p + s for p in ("add", "sub", "and", "or", "xor", "adc", "sbb", "cmp", "test")
        for s in "bwlq"}
MEM_EITHER = {"movb", "movw", "movl", "movq", "movss", "movsd", "movd"} | ALU2
MEM_SRC = {"movzbl", "movzwl", "movsbl", "movsbq", "movswl", "movswq", "movslq", "ucomiss",
           "ucomisd", "cvtss2sd", "cvtsd2ss", "cvtsi2ssl", "cvtsi2ssq", "cvtsi2sdl", "cvtsi2sdq",
           "cvttss2sil", "cvttss2siq", "cvttsd2sil", "cvttsd2siq"} | SSE_ARITH


def roles_for(op: str, n: int) -> tuple:
    if n == 0:
        return ()
    if op.startswith(("lock xadd", "xchg")):
        return ("ud", "u")
    if op.startswith("lock"):
        return ("u", "u")
    if op.startswith(("sqrt", "bsr", "bsf")):
        return ("u", "d")
    if op in SSE_ARITH or op in ("xorps", "andps", "orps", "pxor"):
        return ("u", "ud")
    if op.startswith(("mov", "lea", "cvt")):
        return ("u", "d")
    if op.startswith("set"):
        return ("d",)
    if op.startswith(("cmp", "test", "ucomis", "comis")) and not op.startswith("cmov"):
        return ("u", "u")
    if op in ("negl", "negq", "notl", "notq", "bswapl", "bswapq"):
        return ("ud",)
    if op.startswith("imul") and n == 3:
        return ("u", "u", "d")
    if op.startswith(("shld", "shrd")):
        return ("u", "u", "ud")
    if n == 1:
        return ("u",)
    return ("u", "ud")


def mem_ok(mi: MInstr, k: int) -> bool:
    op = mi.op
    if op.startswith(("lock", "xchg")):
        return False
    if op.startswith(("bsr", "bsf")):
        return k == 0
    if op.startswith(("shld", "shrd")):
        return k == 2
    if "k" in mi.flags and k == len(mi.ops) - 1:
        return False        # a 32-bit write whose zero-extension to 64 bits matters
    if op in MEM_EITHER:
        return True
    if op in MEM_SRC or op.startswith("cmov"):
        return k == 0
    if op.startswith("imul"):
        return k == (1 if len(mi.ops) == 3 else 0)
    if op.startswith(("shl", "shr", "sar")):
        return k == 1
    if op in ("negl", "negq", "notl", "notq", "idivl", "idivq", "divl", "divq", "call", "jmp") \
            or op.startswith("set"):
        return True
    return False


def isz(t: T.Type) -> int:
    if t is T.I1:
        return 1
    return t.size


def osz(t: T.Type) -> int:
    """Operation size for an integer type: 4 or 8."""
    return 8 if t.size >= 8 else 4


def att_dialect(tmpl: str) -> str:
    """An inline asm template with GNU dialect alternatives ``{att|intel}`` reduced to the AT&T
    ones (``%{``, ``%|``, ``%}`` stay: they are escapes for the operand substitution)."""
    out = []
    i, n = 0, len(tmpl)
    while i < n:
        c = tmpl[i]
        if c == "%" and i + 1 < n:
            out.append(tmpl[i:i + 2])
            i += 2
        elif c == "{":
            j = i + 1
            alt, depth, keep = [], 0, True
            while j < n and not (tmpl[j] == "}" and depth == 0):
                if tmpl[j] == "%" and j + 1 < n:
                    if keep:
                        alt.append(tmpl[j:j + 2])
                    j += 2
                    continue
                if tmpl[j] == "|" and depth == 0:
                    keep = False
                elif keep:
                    alt.append(tmpl[j])
                j += 1
            out.append("".join(alt))
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def fits32(v: int) -> bool:
    return -(1 << 31) <= v < (1 << 31)


def fsfx(t: T.Type) -> str:
    return "ss" if t is T.F32 else "sd"


def f80_bytes(x: float) -> bytes:
    """The x87 extended-precision encoding of x, padded to 16 bytes."""
    import math
    sign = 1 if math.copysign(1.0, x) < 0 else 0
    if math.isnan(x):
        mant, exp = 0xC000000000000000, 0x7FFF
    elif math.isinf(x):
        mant, exp = 1 << 63, 0x7FFF
    elif x == 0:
        mant, exp = 0, 0
    else:
        m, e = math.frexp(abs(x))
        mant, exp = int(m * 2.0 ** 64), e - 1 + 16383
    return mant.to_bytes(8, "little") + ((sign << 15) | exp).to_bytes(2, "little") + bytes(6)


_MEM_WRITERS = frozenset("store call memcpy memset atomicrmw cmpxchg asm va_start va_arg va_copy "
                         "va_end fence".split())


class Unsupported(ToolError):
    pass


class ISel(ISelBase):
    def __init__(self, ctx: ModuleCtx, f: Function, optimize: bool):
        self.ctx = ctx
        self.f = f
        self.opt = optimize
        self.mf = MFunction(f.name, f.internal)
        self.vr = {}            # IR value -> Reg
        self.slot_of = {}       # static alloca -> FrameSlot
        self.mb = None
        self.mblock = {}        # IR Block -> first MBlock
        self.ret_block = None
        self.fused = set()
        self.va = None          # (save-area slot, gp used, fp used, stack bytes)
        self.sret_ptr = None
        self.f80loc = {}
        self._x87tmp = None
        self.vr128 = {}

    # -- emission helpers ---------------------------------------------------------------------
    def emit(self, op, *ops, iuse=(), idef=(), flags="", targets=()):
        mi = MInstr(op, ops, roles_for(op, len(ops)), iuse, idef, flags, targets)
        self.mb.instrs.append(mi)
        return mi

    def new_mblock(self, label=None) -> MBlock:
        b = MBlock(label or self.ctx.label())
        self.mf.blocks.append(b)
        return b

    def vreg(self, cls) -> Reg:
        return self.mf.new_vreg(cls)

    @staticmethod
    def cls_of(t: T.Type) -> str:
        if t is T.F80 or t is T.I128 or t.is_struct:
            raise Unsupported(f"the x86-64 back end does not support {t} values yet")
        return "f" if t.is_float else "i"

    def reg_for(self, v) -> Reg:
        r = self.vr.get(v)
        if r is None:
            r = self.vreg(self.cls_of(v.type))
            self.vr[v] = r
        return r

    # -- operands -----------------------------------------------------------------------------
    def val(self, v, size=None) -> Reg:
        """A register holding IR value v."""
        if isinstance(v, _RegValue):
            return v.reg
        if isinstance(v, (Instr, Arg)):
            if isinstance(v, Instr) and v.op == "alloca" and v in self.slot_of:
                r = self.vreg("i")
                self.emit("leaq", Mem(RBP, slot=self.slot_of[v]), ROp(r, 8))
                return r
            if isinstance(v, Instr) and v in self.folded_ptradd:
                r = self.vreg("i")
                self.emit("leaq", self.addr(v), ROp(r, 8))
                return r
            return self.reg_for(v)
        t = v.type
        if isinstance(v, Const):
            if t.is_float:
                r = self.vreg("f")
                if v.value == 0.0 and repr(v.value) == "0.0":
                    self.emit("xorps", ROp(r, 16), ROp(r, 16))
                else:
                    self.emit("movs" + ("s" if t is T.F32 else "d"),
                              Mem(None, sym=self.float_lit(t, v.value), size=t.size), ROp(r, 16))
                return r
            r = self.vreg("i")
            c = v.signed
            if t.size <= 4:
                c32 = v.value & 0xFFFFFFFF
                self.emit("movl", Imm(c32 - (1 << 32) if c32 >> 31 else c32), ROp(r, 4))
            elif fits32(c):
                self.emit("movq", Imm(c), ROp(r, 8))
            elif 0 <= c < (1 << 32):
                self.emit("movl", Imm(c), ROp(r, 4), flags="k")
            else:
                self.emit("movabsq", Imm(c), ROp(r, 8))
            return r
        if isinstance(v, SymRef):
            r = self.vreg("i")
            if v.name in self.ctx.tls and self.ctx.pic:
                # general dynamic: __tls_get_addr(&tls_index) (the linker may relax it)
                mi = MInstr(f"data16 leaq\t{v.name}@tlsgd(%rip), %rdi\n\t.value\t0x6666\n"
                            f"\trex64 call\t__tls_get_addr@PLT", [], (), (),
                            tuple(CALL_CLOBBERS), flags="c")
                self.mb.instrs.append(mi)
                self.emit("movq", ROp(RAX, 8), ROp(r, 8))
            elif v.name in self.ctx.tls:
                self.emit("movq", Mem(None, sym="%fs:0", size=8), ROp(r, 8))
                if v.name in self.ctx.local:
                    self.emit("leaq", Mem(r, sym=v.name, reloc="tpoff"), ROp(r, 8))
                else:
                    t2 = self.vreg("i")
                    self.emit("movq", Mem(None, sym=v.name, reloc="GOTTPOFF"), ROp(t2, 8))
                    self.emit("addq", ROp(t2, 8), ROp(r, 8))
            elif v.name in self.ctx.local:
                self.emit("leaq", Mem(None, sym=v.name), ROp(r, 8))
            else:
                self.emit("movq", Mem(None, sym=v.name, reloc="GOTPCREL"), ROp(r, 8))
            return r
        if isinstance(v, Undef):
            r = self.vreg(self.cls_of(t))
            if r.cls == "i":
                self.emit("movl", Imm(0), ROp(r, 4))
            else:
                self.emit("xorps", ROp(r, 16), ROp(r, 16))
            return r
        raise TypeError(v)

    def ival(self, v, size):
        """Imm if v is a small integer constant, else a register operand of ``size``."""
        if isinstance(v, Const) and not v.type.is_float:
            c = v.signed
            if fits32(c):
                return Imm(c)
        return ROp(self.val(v), size)

    def float_lit(self, t, value) -> str:
        data = _struct.pack("<f" if t is T.F32 else "<d", value)
        return self.ctx.literal(data, t.size)

    def addr(self, p) -> Mem:
        """A memory operand for the address in IR value p."""
        disp = 0
        while isinstance(p, Instr) and p.op == "ptradd" and isinstance(p.args[1], Const) \
                and fits32(disp + p.args[1].signed):
            disp += p.args[1].signed
            p = p.args[0]
        if isinstance(p, Instr) and p in self.slot_of:
            return Mem(RBP, disp=disp, slot=self.slot_of[p])
        if isinstance(p, Instr) and p.op == "ptradd" and p in self.folded_ptradd:
            base, off = p.args
            if off in self.folded_scale:
                k = off.args[1].value
                scale = k if off.op == "mul" else 1 << k
                return Mem(self.val(base), disp=disp, index=self.val(off.args[0]), scale=scale)
            return Mem(self.val(base), disp=disp, index=self.val(off), scale=1)
        if isinstance(p, SymRef) and p.name in self.ctx.local and p.name not in self.ctx.tls:
            return Mem(None, disp=disp, sym=p.name)
        return Mem(self.val(p), disp=disp)

    # -- function -------------------------------------------------------------------------------
    def run(self) -> MFunction:
        f = self.f
        # constant-size allocas (in any block: C block-scope objects) -> frame slots
        for ins in f.instructions():
            if ins.op == "alloca" and isinstance(ins.args[0], Const):
                self.slot_of[ins] = self.mf.new_slot(max(ins.args[0].value, 1), ins.extra)
        # address arithmetic folded into the memory operands of its loads and stores
        self.folded_ptradd = set()
        self.folded_scale = set()
        for ins in f.instructions():
            if ins.op != "ptradd" or not ins.users:
                continue
            off = ins.args[1]
            if isinstance(off, Const):
                if fits32(off.signed) and all(
                        u.op in ("load", "store") and u.args[-1] is ins and
                        (u.op == "load" or u.args[0] is not ins) for u in ins.users):
                    self.folded_ptradd.add(ins)
                continue
            # base + index: stores only of constants or floats (at most two general
            # registers per instruction, so spill code always has a scratch register)
            if all(u.op == "load" and u.args[0] is ins or
                   u.op == "store" and u.args[1] is ins and u.args[0] is not ins and
                   (isinstance(u.args[0], Const) or u.args[0].type.is_float)
                   for u in ins.users):
                self.folded_ptradd.add(ins)
                if isinstance(off, Instr) and off.op in ("mul", "shl") and len(off.users) == 1 \
                        and off.block is ins.block and isinstance(off.args[1], Const):
                    k = off.args[1].value
                    if (off.op == "mul" and k in (1, 2, 4, 8)) or (off.op == "shl" and k <= 3):
                        self.folded_scale.add(off)
        # loads folded into the memory operand of their only user
        self.folded_load = set()
        if True:
            for b in f.blocks:
                pos = {ins: k for k, ins in enumerate(b.instrs)}
                for ins in b.instrs:
                    if ins.op != "load" or ins.extra is not None or len(ins.users) != 1:
                        continue
                    t = ins.type
                    if not (t in (T.I32, T.I64, T.PTR, T.F32, T.F64)):
                        continue
                    u = ins.users[0]
                    if u.block is not b or not self._load_fold_ok(u, ins):
                        continue
                    # base+index addresses would need three registers in one instruction
                    q = ins.args[0]
                    while isinstance(q, Instr) and q.op == "ptradd" and isinstance(q.args[1], Const):
                        q = q.args[0]
                    if isinstance(q, Instr) and q in self.folded_ptradd and not t.is_float:
                        continue
                    if any(x.op in _MEM_WRITERS for x in b.instrs[pos[ins] + 1:pos[u]]):
                        continue
                    self.folded_load.add(ins)
        # store(op(load p, x), p) becomes a read-modify-write instruction on memory
        self.rmw = {}
        for b in f.blocks:
            pos = {ins: k for k, ins in enumerate(b.instrs)}
            for st in b.instrs:
                if st.op != "store" or st.extra is not None:
                    continue
                v, p = st.args
                if not (isinstance(v, Instr) and v.op in ("add", "sub", "and", "or", "xor")
                        and v.block is b and len(v.users) == 1 and v.type.size <= 8
                        and v.type is not T.I1):
                    continue
                ld = v.args[0]
                if not (isinstance(ld, Instr) and ld.op == "load" and ld.extra is None
                        and ld.args[0] is p and ld.block is b and len(ld.users) == 1
                        and v.args[1] is not ld and ld not in self.folded_load):
                    continue
                x = v.args[1]
                if isinstance(x, Instr) and x.block is b and pos.get(x, -1) > pos[ld]:
                    continue        # the operand must be computed before the load
                if x in self.folded_load:
                    continue        # a memory operand cannot be the source of a memory RMW
                if any(y.op in _MEM_WRITERS for y in b.instrs[pos[ld] + 1:pos[st]]):
                    continue
                q = p
                while isinstance(q, Instr) and q.op == "ptradd" and isinstance(q.args[1], Const):
                    q = q.args[0]
                if isinstance(q, Instr) and q in self.folded_ptradd and not isinstance(x, Const):
                    continue        # base+index plus a register operand: too many registers
                self.rmw[st] = v
                self.rmw[v] = st
                self.rmw[ld] = st
        # `icmp eq|ne (and x, y), 0` becomes `test`
        self.folded_and = set()
        for ins in f.instructions():
            if ins.op == "icmp" and ins.pred in ("eq", "ne") and isinstance(ins.args[1], Const) \
                    and ins.args[1].value == 0:
                a = ins.args[0]
                if isinstance(a, Instr) and a.op == "and" and len(a.users) == 1 \
                        and a.block is ins.block and a.type.size in (4, 8) \
                        and a.type is not T.I128:
                    self.folded_and.add(a)
        # icmp feeding the select right after it: cmp + cmov
        self.fused_sel = set()
        for b in f.blocks:
            for k in range(len(b.instrs) - 1):
                c, sel = b.instrs[k], b.instrs[k + 1]
                if c.op == "icmp" and sel.op == "select" and sel.args[0] is c \
                        and len(c.users) == 1 and c.args[0].type is not T.I128 \
                        and sel.type.is_intlike and sel.type is not T.I128:
                    self.fused_sel.add(c)
        # icmp/fcmp feeding the next instruction's branch
        for b in f.blocks:
            t = b.terminator
            if t is not None and t.op == "br" and len(b.instrs) >= 2:
                c = b.instrs[-2]
                if c is t.args[0] and c.op in ("icmp", "fcmp") and len(c.users) == 1 \
                        and (c.op == "icmp" or FCC[c.pred] is not None):
                    self.fused.add(c)
        return self.select_blocks(self.ctx.label)     # ISelBase: blocks, phis, return block

    @staticmethod
    def _load_fold_ok(u, ld) -> bool:
        if u.op in ("add", "sub", "and", "or", "xor", "mul") and u.type.size >= 4:
            return u.args[1] is ld and u.args[0] is not ld and u.type.size == ld.type.size
        if u.op in ("fadd", "fsub", "fmul", "fdiv"):
            return u.args[1] is ld and u.args[0] is not ld
        if u.op == "icmp" and ld.type.size >= 4:
            return u.args[1] is ld and u.args[0] is not ld and not isinstance(u.args[0], Const)
        return False

    def mem_of(self, v, size):
        """The memory operand of a folded load."""
        m = self.addr(v.args[0])
        m.size = size
        return m

    def ret_regs(self):
        rt = self.f.ret_type
        if rt.is_void:
            return []
        rc = abi.ret_classes(rt)
        if rc is None:
            return [RAX]
        return [GPR[r] if c == abi.INTEGER else XMM[r] for c, r, _ in rc if c != "X87"]

    def lower_params(self):
        f = self.f
        types = [p.byval if p.byval is not None else p.type for p in f.params]
        first = 0
        if f.ret_type.is_struct and abi.ret_classes(f.ret_type) is None:
            first = 1
            self.sret_ptr = self.vreg("i")
            self.emit("movq", ROp(GPR["rdi"], 8), ROp(self.sret_ptr, 8))
        locs, stack, ni, ns = abi.assign_args(types, first)
        if f.varargs:
            sa = self.mf.new_slot(176, 16, "va")
            self.va = (sa, ni * 8, 48 + ns * 16, stack)
            for k, r in enumerate(abi.INT_ARG_REGS):
                self.emit("movq", ROp(GPR[r], 8), Mem(RBP, disp=8 * k, slot=sa))
            for k in range(8):
                self.emit("movaps", ROp(XMM[f"xmm{k}"], 16), Mem(RBP, disp=48 + 16 * k, slot=sa))
        for p, loc, t in zip(f.params, locs, types):
            if p.byval is not None:
                if loc.regs:
                    s = self.mf.new_slot((t.size + 7) // 8 * 8, max(8, t.align))
                    for c, rn, k in loc.regs:
                        if c == abi.INTEGER:
                            self.emit("movq", ROp(GPR[rn], 8), Mem(RBP, disp=8 * k, slot=s))
                        else:
                            self.emit("movups" if abi.is_vec16(t) else "movsd", ROp(XMM[rn], 16),
                                      Mem(RBP, disp=8 * k, slot=s))
                    self.emit("leaq", Mem(RBP, slot=s), ROp(self.reg_for(p), 8))
                else:
                    self.emit("leaq", Mem(RBP, disp=16 + loc.stack_off), ROp(self.reg_for(p), 8))
                # -g: where the aggregate lives (its slot, or its CFA offset on the stack)
                self.mf.extra.setdefault("byval_homes", {})[p] = s if loc.regs else loc.stack_off
                continue
            if p.type is T.F80:
                self.f80loc[p] = Mem(RBP, disp=16 + loc.stack_off)
                continue
            if p.type is T.I128:
                lo, hi = self.pair_for(p)
                if loc.regs:
                    self.emit("movq", ROp(GPR[loc.regs[0][1]], 8), ROp(lo, 8))
                    self.emit("movq", ROp(GPR[loc.regs[1][1]], 8), ROp(hi, 8))
                else:
                    self.emit("movq", Mem(RBP, disp=16 + loc.stack_off), ROp(lo, 8))
                    self.emit("movq", Mem(RBP, disp=24 + loc.stack_off), ROp(hi, 8))
                continue
            r = self.reg_for(p)
            if loc.regs:
                c, rn, _ = loc.regs[0]
                # -g: the incoming register (toolchain.cc.debug locates unassigned parameters)
                self.mf.extra.setdefault("param_regs", {})[p] = \
                    GPR[rn] if c == abi.INTEGER else XMM[rn]
                if c == abi.INTEGER:
                    self.emit("movq", ROp(GPR[rn], 8), ROp(r, 8))
                else:
                    self.emit("movaps", ROp(XMM[rn], 16), ROp(r, 16))
            else:
                if r.cls == "i":
                    self.emit("movq", Mem(RBP, disp=16 + loc.stack_off), ROp(r, 8))
                else:
                    self.emit("movsd", Mem(RBP, disp=16 + loc.stack_off), ROp(r, 16))

    # -- instructions ---------------------------------------------------------------------------
    def lower(self, ins: Instr):
        op = ins.op
        if ins in self.fused or ins in self.fused_sel:
            return
        if op not in ("call", "ret", "phi", "br", "switch") and (
                ins.type is T.I128 or any(a.type is T.I128 for a in ins.args)):
            m = getattr(self, "w_" + op, None)
            if m is None:
                raise Unsupported(f"the x86-64 back end cannot lower '{op}' on i128 yet")
            return m(ins)
        if op not in ("call", "ret", "phi", "fcmp", "br") and (
                ins.type is T.F80 or any(a.type is T.F80 for a in ins.args)):
            m = getattr(self, "x87_" + op, None)
            if m is None:
                raise Unsupported(f"the x86-64 back end cannot lower '{op}' on long double yet")
            return m(ins)
        if ins.type is T.F128 or any(a.type is T.F128 for a in ins.args):
            raise Unsupported(f"the x86-64 back end cannot lower '{op}' on __float128 yet")
        m = getattr(self, "i_" + op, None)
        if m is None:
            sel = intrinsics.SELECTORS.get(op)
            if sel is not None:             # target-neutral IR intrinsics (intrinsics.py)
                return sel(self, ins)
            if op in BINOPS:
                return self.binop(ins)
            raise Unsupported(f"the x86-64 back end cannot lower '{op}' yet")
        m(ins)

    def copy_to(self, dst: Reg, v, t: T.Type):
        """dst = v (v an IR value)."""
        if t.is_float:
            if isinstance(v, Const):
                if v.value == 0.0 and repr(v.value) == "0.0":
                    self.emit("xorps", ROp(dst, 16), ROp(dst, 16))
                else:
                    self.emit("movs" + ("s" if t is T.F32 else "d"),
                              Mem(None, sym=self.float_lit(t, v.value), size=t.size), ROp(dst, 16))
                return
            self.emit("movaps", ROp(self.val(v), 16), ROp(dst, 16))
            return
        if isinstance(v, Const) and fits32(v.signed):
            if v.signed == 0 or t.size <= 4:
                self.emit("movl", Imm(v.signed & 0xFFFFFFFF if t.size <= 4 else 0), ROp(dst, 4),
                          flags="k" if t.size == 8 else "")
            else:
                self.emit("movq", Imm(v.signed), ROp(dst, 8))
            return
        src = self.val(v)
        self.emit("movq" if t.size == 8 else "movl", ROp(src, osz(t)), ROp(dst, osz(t)))

    def binop(self, ins: Instr):
        if ins in self.folded_scale or ins in self.folded_and or ins in self.rmw:
            return
        op, t = ins.op, ins.type
        a, b = ins.args
        d = self.reg_for(ins)
        if t.is_float:
            s = fsfx(t)
            self.copy_to(d, a, t)
            src = self.mem_of(b, t.size) if b in self.folded_load else ROp(self.val(b), 16)
            self.emit({"fadd": "add", "fsub": "sub", "fmul": "mul", "fdiv": "div"}[op] + s,
                      src, ROp(d, 16))
            return
        if t is T.I128 or t is T.F80:
            raise Unsupported(f"{t} arithmetic is not supported by the x86-64 back end yet")
        sz = osz(t)
        sf = SFX[sz]
        if op in ("add", "sub", "and", "or", "xor"):
            if op in ("add", "and", "or", "xor") and isinstance(a, Const) and not isinstance(b, Const) \
                    and b not in self.folded_load:
                a, b = b, a
            if b in self.folded_load:
                self.copy_to(d, a, t)
                self.emit(op + sf, self.mem_of(b, sz), ROp(d, sz))
                return
            if op == "add" and self.opt and not isinstance(b, Const):
                # three-address add via lea
                self.emit("lea" + sf, Mem(self.val(a), index=self.val(b), scale=1), ROp(d, sz))
                return
            self.copy_to(d, a, t)
            self.emit(op + sf, self.ival(b, sz), ROp(d, sz))
            return
        if op == "mul":
            if b in self.folded_load:
                self.copy_to(d, a, t)
                self.emit("imul" + sf, self.mem_of(b, sz), ROp(d, sz))
                return
            if isinstance(a, Const) and not isinstance(b, Const):
                a, b = b, a
            if isinstance(b, Const) and fits32(b.signed):
                self.emit("imul" + sf, Imm(b.signed), ROp(self.val(a), sz), ROp(d, sz))
            else:
                self.copy_to(d, a, t)
                self.emit("imul" + sf, ROp(self.val(b), sz), ROp(d, sz))
            return
        if op in ("shl", "lshr", "ashr"):
            mn = {"shl": "shl", "lshr": "shr", "ashr": "sar"}[op]
            if t.size < 4 and op != "shl":
                src = self.extend(a, t, op == "ashr")
                self.emit("movl", ROp(src, 4), ROp(d, 4))
            else:
                self.copy_to(d, a, t)
            if isinstance(b, Const):
                self.emit(mn + sf, Imm(b.value & (t.bits - 1 if t.bits >= 8 else 31)), ROp(d, sz))
            else:
                self.emit("movl", ROp(self.val(b), 4), ROp(RCX, 4))
                self.emit(mn + sf, ROp(RCX, 1), ROp(d, sz))
            return
        if op in ("sdiv", "srem", "udiv", "urem"):
            signed = op[0] == "s"
            if t.size < 4:
                av = self.extend(a, t, signed)
                bv = self.extend(b, t, signed)
            else:
                av = self.val(a)
                bv = self.val(b)
            self.emit("mov" + sf, ROp(av, sz), ROp(RAX, sz))
            if signed:
                self.emit("cltd" if sz == 4 else "cqto", iuse=(RAX,), idef=(RDX,))
                dv = "idiv" + sf
            else:
                self.emit("movl", Imm(0), ROp(RDX, 4))
                dv = "div" + sf
            self.emit(dv, ROp(bv, sz), iuse=(RAX, RDX), idef=(RAX, RDX))
            self.emit("mov" + sf, ROp(RAX if op in ("sdiv", "udiv") else RDX, sz), ROp(d, sz))
            return
        raise Unsupported(f"binary op {op}")

    def extend(self, v, t: T.Type, signed: bool) -> Reg:
        """A 32/64-bit register holding v (of type t) sign- or zero-extended."""
        r = self.vreg("i")
        if t.size >= 4:
            self.copy_to(r, v, t)
            return r
        if isinstance(v, Const):
            self.emit("movl", Imm((v.signed if signed else v.value) & 0xFFFFFFFF), ROp(r, 4))
            return r
        src = self.val(v)
        if t is T.I1:
            self.emit("movzbl", ROp(src, 1), ROp(r, 4))
            if signed:
                self.emit("negl", ROp(r, 4))
            return r
        mn = ("movs" if signed else "movz") + ("b" if t.size == 1 else "w") + "l"
        self.emit(mn, ROp(src, t.size), ROp(r, 4))
        return r

    def i_neg(self, ins):
        d = self.reg_for(ins)
        self.copy_to(d, ins.args[0], ins.type)
        self.emit("neg" + SFX[osz(ins.type)], ROp(d, osz(ins.type)))

    def i_not(self, ins):
        d = self.reg_for(ins)
        self.copy_to(d, ins.args[0], ins.type)
        self.emit("not" + SFX[osz(ins.type)], ROp(d, osz(ins.type)))

    def i_fneg(self, ins):
        t = ins.type
        d = self.reg_for(ins)
        self.copy_to(d, ins.args[0], t)
        mask = (_struct.pack("<I", 0x80000000) if t is T.F32 else _struct.pack("<Q", 1 << 63))
        lab = self.ctx.literal(mask * (16 // len(mask)), 16)
        m = self.vreg("f")
        self.emit("movaps", Mem(None, sym=lab, size=16), ROp(m, 16))
        self.emit("xorps", ROp(m, 16), ROp(d, 16))

    def start_block(self) -> MBlock:
        """End the current machine block with a jump to a new one and continue there."""
        nb = MBlock(self.ctx.label())
        self.emit("jmp", Sym(nb.label), flags="bt", targets=(nb,))
        self.mb.succs.append(nb)
        self.mf.blocks.append(nb)
        self.mb = nb
        return nb

    def i_bswap(self, ins):
        t = ins.type
        d = self.reg_for(ins)
        self.copy_to(d, ins.args[0], t)
        if t.size == 2:
            self.emit("rolw", Imm(8), ROp(d, 2))
        elif t.size in (4, 8):
            self.emit("bswap" + SFX[t.size], ROp(d, t.size))
        else:
            raise Unsupported(f"bswap of {t}")

    def _int_src(self, v, t):
        """v zero-extended to 32 bits (narrow types) in a fresh register; size of ops."""
        if t.size < 4:
            return self.extend(v, t, False), 4
        r = self.vreg("i")
        self.copy_to(r, v, t)
        return r, t.size

    def i_ctpop(self, ins):
        t = ins.type
        x, sz = self._int_src(ins.args[0], t)
        sf = SFX[sz]
        d = self.reg_for(ins)

        def mask(byte):
            v = int.from_bytes(bytes([byte]) * sz, "little")
            if sz == 8:
                return ROp(self.val(Const(T.I64, v)), 8)
            return Imm(v if v < 1 << 31 else v - (1 << 32))

        t1 = self.vreg("i")
        self.emit("mov" + sf, ROp(x, sz), ROp(t1, sz))
        self.emit("shr" + sf, Imm(1), ROp(t1, sz))
        self.emit("and" + sf, mask(0x55), ROp(t1, sz))
        self.emit("sub" + sf, ROp(t1, sz), ROp(x, sz))
        t2 = self.vreg("i")
        m2 = mask(0x33)
        self.emit("mov" + sf, ROp(x, sz), ROp(t2, sz))
        self.emit("shr" + sf, Imm(2), ROp(t2, sz))
        self.emit("and" + sf, m2, ROp(t2, sz))
        self.emit("and" + sf, m2, ROp(x, sz))
        self.emit("add" + sf, ROp(t2, sz), ROp(x, sz))
        t3 = self.vreg("i")
        self.emit("mov" + sf, ROp(x, sz), ROp(t3, sz))
        self.emit("shr" + sf, Imm(4), ROp(t3, sz))
        self.emit("add" + sf, ROp(t3, sz), ROp(x, sz))
        self.emit("and" + sf, mask(0x0F), ROp(x, sz))
        self.emit("imul" + sf, mask(0x01), ROp(x, sz)) if sz == 8 else \
            self.emit("imul" + sf, Imm(0x01010101), ROp(x, sz), ROp(x, sz))
        self.emit("shr" + sf, Imm(sz * 8 - 8), ROp(x, sz))
        self.emit("mov" + sf, ROp(x, sz), ROp(d, sz))

    def i_ctlz(self, ins):
        t = ins.type
        x, sz = self._int_src(ins.args[0], t)
        d = self.reg_for(ins)
        self.emit("bsr" + SFX[sz], ROp(x, sz), ROp(d, sz))
        self.emit("xor" + SFX[sz], Imm(sz * 8 - 1), ROp(d, sz))
        if t.size < 4:
            self.emit("subl", Imm(32 - t.bits), ROp(d, 4))

    def i_cttz(self, ins):
        t = ins.type
        x, sz = self._int_src(ins.args[0], t)
        self.emit("bsf" + SFX[sz], ROp(x, sz), ROp(self.reg_for(ins), sz))

    def i_fabs(self, ins):
        t = ins.type
        d = self.reg_for(ins)
        self.copy_to(d, ins.args[0], t)
        mask = (_struct.pack("<I", 0x7FFFFFFF) if t is T.F32 else _struct.pack("<Q", (1 << 63) - 1))
        lab = self.ctx.literal(mask * (16 // len(mask)), 16)
        m = self.vreg("f")
        self.emit("movaps", Mem(None, sym=lab, size=16), ROp(m, 16))
        self.emit("andps", ROp(m, 16), ROp(d, 16))

    def i_sqrt(self, ins):
        t = ins.type
        self.emit("sqrt" + fsfx(t), ROp(self.val(ins.args[0]), 16), ROp(self.reg_for(ins), 16))

    def i_atomicrmw(self, ins):
        p, v = ins.args
        t = ins.type
        sz = isz(t)
        sf = SFX[sz]
        m = self.addr(p)
        kind = ins.extra
        if not ins.users and kind != "xchg":
            src = self.ival(v, sz)
            self.emit("lock " + kind + sf, src, m)
            return
        d = self.reg_for(ins)
        if kind in ("add", "sub", "xchg"):
            self.copy_to(d, v, t)
            if kind == "sub":
                self.emit("neg" + SFX[osz(t)], ROp(d, osz(t)))
            self.emit(("xchg" if kind == "xchg" else "lock xadd") + sf, ROp(d, sz), m)
            return
        # and/or/xor with the old value needed: compare-and-swap loop
        os_ = osz(t)
        old = self.vreg("i")
        self.emit({1: "movzbl", 2: "movzwl", 4: "movl", 8: "movq"}[sz], m.copy(),
                  ROp(old, 8 if sz == 8 else 4))
        loop = self.start_block()
        tmp = self.vreg("i")
        self.emit("mov" + SFX[os_], ROp(old, os_), ROp(tmp, os_))
        self.emit(kind + SFX[os_], self.ival(v, os_), ROp(tmp, os_))
        self.emit("mov" + SFX[os_], ROp(old, os_), ROp(RAX, os_))
        self.emit("lock cmpxchg" + sf, ROp(tmp, sz), m.copy(), iuse=(RAX,), idef=(RAX,))
        self.emit("mov" + SFX[os_], ROp(RAX, os_), ROp(old, os_))
        self.emit("jne", Sym(loop.label), flags="b", targets=(loop,))
        self.mb.succs.append(loop)
        self.start_block()
        self.emit("mov" + SFX[os_], ROp(old, os_), ROp(d, os_))

    def i_cmpxchg(self, ins):
        p, e, n = ins.args
        t = ins.type
        sz = isz(t)
        m = self.addr(p)
        nr = self.val(n)
        self.copy_to(RAX, e, t)
        self.emit("lock cmpxchg" + SFX[sz], ROp(nr, sz), m, iuse=(RAX,), idef=(RAX,))
        self.emit("movq", ROp(RAX, 8), ROp(self.reg_for(ins), 8))


    # -- long double (x87): every f80 value has a 16-byte home in memory ------------------------
    def f80_home(self, v) -> Mem:
        if isinstance(v, Const):
            return Mem(None, sym=self.ctx.literal(f80_bytes(v.value), 16), size=16)
        loc = self.f80loc.get(v)
        if loc is None:
            loc = Mem(RBP, slot=self.mf.new_slot(16, 16))
            self.f80loc[v] = loc
        return loc

    def fld(self, v):
        self.emit("fldt", self.f80_home(v).copy())

    def fstp_home(self, ins):
        self.emit("fstpt", self.f80_home(ins).copy())

    def x87_push(self, v, t):
        """Load the float/double/long double IR value v onto the x87 stack."""
        if t is T.F80:
            self.fld(v)
            return
        slot = Mem(RBP, slot=self.mf.new_slot(8, 8), size=t.size)
        self.emit("movs" + fsfx(t)[1], ROp(self.val(v), 16), slot)
        self.emit("flds" if t is T.F32 else "fldl", slot.copy())

    def x87tmp(self) -> Mem:
        if self._x87tmp is None:
            self._x87tmp = self.mf.new_slot(16, 16)
        return Mem(RBP, slot=self._x87tmp)

    def _x87_arith(self, ins, mn):
        a, b = ins.args
        self.fld(b)
        self.fld(a)
        self.emit(mn + "\t%st(1), %st")
        self.fstp_home(ins)
        self.emit("fstp\t%st(0)")

    def x87_fadd(self, ins):
        self._x87_arith(ins, "fadd")

    def x87_fsub(self, ins):
        self._x87_arith(ins, "fsub")

    def x87_fmul(self, ins):
        self._x87_arith(ins, "fmul")

    def x87_fdiv(self, ins):
        self._x87_arith(ins, "fdiv")

    def _x87_unary(self, ins, mn):
        self.fld(ins.args[0])
        self.emit(mn)
        self.fstp_home(ins)

    def x87_fneg(self, ins):
        self._x87_unary(ins, "fchs")

    def x87_fabs(self, ins):
        self._x87_unary(ins, "fabs")

    def x87_sqrt(self, ins):
        self._x87_unary(ins, "fsqrt")

    def x87_copy(self, ins):
        self.fld(ins.args[0])
        self.fstp_home(ins)

    def x87_load(self, ins):
        self.emit("fldt", self.addr(ins.args[0]))
        self.fstp_home(ins)

    def x87_store(self, ins):
        self.fld(ins.args[0])
        self.emit("fstpt", self.addr(ins.args[1]))

    def x87_fpext(self, ins):
        a = ins.args[0]
        tmp = self.x87tmp()
        self.emit("movs" + fsfx(a.type)[1], ROp(self.val(a), 16), tmp.copy(size=a.type.size))
        self.emit("flds" if a.type is T.F32 else "fldl", tmp.copy())
        self.fstp_home(ins)

    def x87_fptrunc(self, ins):
        t = ins.type
        tmp = self.x87tmp()
        self.fld(ins.args[0])
        self.emit("fstps" if t is T.F32 else "fstpl", tmp.copy())
        self.emit("movs" + fsfx(t)[1], tmp.copy(size=t.size), ROp(self.reg_for(ins), 16))

    def _to_i64(self, v, signed):
        t = v.type
        if t.size == 8:
            return self.val(v)
        r = self.extend(v, t, signed) if t.size < 4 else None
        if r is None:
            r = self.vreg("i")
            src = self.val(v)
            if signed:
                self.emit("movslq", ROp(src, 4), ROp(r, 8))
            else:
                self.emit("movl", ROp(src, 4), ROp(r, 4), flags="k")
            return r
        if signed:
            self.emit("movslq", ROp(r, 4), ROp(r, 8))
        return r

    def x87_sitofp(self, ins):
        r = self._to_i64(ins.args[0], True)
        tmp = self.x87tmp()
        self.emit("movq", ROp(r, 8), tmp.copy())
        self.emit("fildq", tmp.copy())
        self.fstp_home(ins)

    def x87_uitofp(self, ins):
        a = ins.args[0]
        r = self._to_i64(a, False)
        tmp = self.x87tmp()
        self.emit("movq", ROp(r, 8), tmp.copy())
        self.emit("fildq", tmp.copy())
        if a.type.size == 8:
            # add 2^64 when the sign bit was set: index a {0.0f, 2^64} table by the sign
            sgn, base = self.vreg("i"), self.vreg("i")
            self.emit("movq", ROp(r, 8), ROp(sgn, 8))
            self.emit("shrq", Imm(63), ROp(sgn, 8))
            lab = self.ctx.literal(_struct.pack("<ff", 0.0, 2.0 ** 64), 8)
            self.emit("leaq", Mem(None, sym=lab), ROp(base, 8))
            self.emit("fadds", Mem(base, index=sgn, scale=4))
        self.fstp_home(ins)

    def x87_fptosi(self, ins):
        t = ins.type
        tmp = self.x87tmp()
        self.fld(ins.args[0])
        self.emit("fisttpq", tmp.copy())
        self.emit("movq", tmp.copy(), ROp(self.reg_for(ins), 8))

    def x87_fptoui(self, ins):
        a = ins.args[0]
        tmp = self.x87tmp()
        d = self.reg_for(ins)
        self.fld(a)
        self.emit("fisttpq", tmp.copy())
        self.emit("movq", tmp.copy(), ROp(d, 8))
        if ins.type.size < 8:
            return
        c63 = Const(T.F80, 2.0 ** 63)
        t2 = self.vreg("i")
        self.fld(c63)
        self.fld(a)
        self.emit("fsub\t%st(1), %st")
        self.emit("fisttpq", tmp.copy())
        self.emit("movq", tmp.copy(), ROp(t2, 8))
        self.emit("btcq", Imm(63), ROp(t2, 8))
        self.fld(a)
        self.emit("fucomip\t%st(1), %st")
        self.emit("fstp\t%st(0)")
        self.emit("cmovaeq", ROp(t2, 8), ROp(d, 8))

    def x87_fcmp(self, ins):
        self.i_fcmp(ins)

    def x87_select(self, ins):
        c, a, b = ins.args
        pa, pb = self.vreg("i"), self.vreg("i")
        self.emit("leaq", self.f80_home(a).copy(), ROp(pa, 8))
        self.emit("leaq", self.f80_home(b).copy(), ROp(pb, 8))
        cr = self.val(c)
        self.emit("testb", ROp(cr, 1), ROp(cr, 1))
        self.emit("cmovneq", ROp(pa, 8), ROp(pb, 8))
        self.emit("fldt", Mem(pb))
        self.fstp_home(ins)


    # -- __int128: a pair of 64-bit registers (lo, hi) ---------------------------------------------
    def pair_for(self, v):
        p = self.vr128.get(v)
        if p is None:
            p = (self.vreg("i"), self.vreg("i"))
            self.vr128[v] = p
        return p

    def pair(self, v):
        """Registers holding the halves of i128 value v."""
        if isinstance(v, (Const, Undef)):
            val = v.value if isinstance(v, Const) else 0
            lo, hi = self.vreg("i"), self.vreg("i")
            for r, half in ((lo, val & (2 ** 64 - 1)), (hi, val >> 64)):
                sv = half - (1 << 64) if half >> 63 else half
                if fits32(sv):
                    self.emit("movq", Imm(sv), ROp(r, 8))
                else:
                    self.emit("movabsq", Imm(sv), ROp(r, 8))
            return lo, hi
        return self.pair_for(v)

    def _w_pairwise(self, ins, lo_op, hi_op):
        a, b = ins.args
        al, ah = self.pair(a)
        bl, bh = self.pair(b)
        dl, dh = self.pair_for(ins)
        self.emit("movq", ROp(al, 8), ROp(dl, 8))
        self.emit("movq", ROp(ah, 8), ROp(dh, 8))
        self.emit(lo_op, ROp(bl, 8), ROp(dl, 8))
        self.emit(hi_op, ROp(bh, 8), ROp(dh, 8))

    def w_add(self, ins):
        self._w_pairwise(ins, "addq", "adcq")

    def w_sub(self, ins):
        self._w_pairwise(ins, "subq", "sbbq")

    def w_and(self, ins):
        self._w_pairwise(ins, "andq", "andq")

    def w_or(self, ins):
        self._w_pairwise(ins, "orq", "orq")

    def w_xor(self, ins):
        self._w_pairwise(ins, "xorq", "xorq")

    def w_neg(self, ins):
        al, ah = self.pair(ins.args[0])
        dl, dh = self.pair_for(ins)
        self.emit("movq", ROp(al, 8), ROp(dl, 8))
        self.emit("movq", ROp(ah, 8), ROp(dh, 8))
        self.emit("negq", ROp(dl, 8))
        self.emit("adcq", Imm(0), ROp(dh, 8))
        self.emit("negq", ROp(dh, 8))

    def w_not(self, ins):
        al, ah = self.pair(ins.args[0])
        dl, dh = self.pair_for(ins)
        self.emit("movq", ROp(al, 8), ROp(dl, 8))
        self.emit("movq", ROp(ah, 8), ROp(dh, 8))
        self.emit("notq", ROp(dl, 8))
        self.emit("notq", ROp(dh, 8))

    def w_mul(self, ins):
        a, b = ins.args
        al, ah = self.pair(a)
        bl, bh = self.pair(b)
        dl, dh = self.pair_for(ins)
        t1, t2 = self.vreg("i"), self.vreg("i")
        self.emit("movq", ROp(al, 8), ROp(t1, 8))
        self.emit("imulq", ROp(bh, 8), ROp(t1, 8))
        self.emit("movq", ROp(ah, 8), ROp(t2, 8))
        self.emit("imulq", ROp(bl, 8), ROp(t2, 8))
        self.emit("addq", ROp(t2, 8), ROp(t1, 8))
        self.emit("movq", ROp(al, 8), ROp(RAX, 8))
        self.emit("mulq", ROp(bl, 8), iuse=(RAX,), idef=(RAX, RDX))
        self.emit("movq", ROp(RAX, 8), ROp(dl, 8))
        self.emit("movq", ROp(RDX, 8), ROp(dh, 8))
        self.emit("addq", ROp(t1, 8), ROp(dh, 8))

    def _w_libcall(self, ins, name):
        from toolchain.cc.ir.core import CallInfo
        c = Instr("call", T.I128, [SymRef(name), *ins.args], extra=CallInfo())
        self.vr128[c] = self.pair_for(ins)
        self.i_call(c)
        c.drop_operands()

    def _conv_libcall(self, ins, name):
        from toolchain.cc.ir.core import CallInfo
        c = Instr("call", ins.type, [SymRef(name), ins.args[0]], extra=CallInfo())
        if ins.type is T.I128:
            self.vr128[c] = self.pair_for(ins)
        elif ins.type is T.F80:
            self.f80loc[c] = self.f80_home(ins)
        else:
            self.vr[c] = self.reg_for(ins)
        self.i_call(c)
        c.drop_operands()

    _FSUF = {"f32": "sf", "f64": "df", "f80": "xf"}

    def w_sitofp(self, ins):
        self._conv_libcall(ins, f"__floatti{self._FSUF[ins.type.name]}")

    def w_uitofp(self, ins):
        self._conv_libcall(ins, f"__floatunti{self._FSUF[ins.type.name]}")

    def w_fptosi(self, ins):
        self._conv_libcall(ins, f"__fix{self._FSUF[ins.args[0].type.name]}ti")

    def w_fptoui(self, ins):
        self._conv_libcall(ins, f"__fixuns{self._FSUF[ins.args[0].type.name]}ti")

    def _w_shift(self, ins, kind):
        a, b = ins.args
        al, ah = self.pair(a)
        dl, dh = self.pair_for(ins)
        self.emit("movq", ROp(al, 8), ROp(dl, 8))
        self.emit("movq", ROp(ah, 8), ROp(dh, 8))
        if isinstance(b, Const):
            k = b.value & 127
            if k == 0:
                return
            if k >= 64:
                if kind == "shl":
                    self.emit("movq", ROp(dl, 8), ROp(dh, 8))
                    self.emit("shlq", Imm(k - 64), ROp(dh, 8))
                    self.emit("movl", Imm(0), ROp(dl, 4), flags="k")
                else:
                    self.emit("movq", ROp(dh, 8), ROp(dl, 8))
                    self.emit(("shrq" if kind == "lshr" else "sarq"), Imm(k - 64), ROp(dl, 8))
                    if kind == "lshr":
                        self.emit("movl", Imm(0), ROp(dh, 4), flags="k")
                    else:
                        self.emit("sarq", Imm(63), ROp(dh, 8))
                return
            if kind == "shl":
                self.emit("shldq", Imm(k), ROp(dl, 8), ROp(dh, 8))
                self.emit("shlq", Imm(k), ROp(dl, 8))
            else:
                self.emit("shrdq", Imm(k), ROp(dh, 8), ROp(dl, 8))
                self.emit("shrq" if kind == "lshr" else "sarq", Imm(k), ROp(dh, 8))
            return
        bl, _ = self.pair(b)
        z = self.vreg("i")
        self.emit("movl", ROp(bl, 4), ROp(RCX, 4))
        if kind == "shl":
            self.emit("shldq", ROp(RCX, 1), ROp(dl, 8), ROp(dh, 8))
            self.emit("shlq", ROp(RCX, 1), ROp(dl, 8))
            self.emit("movl", Imm(0), ROp(z, 4), flags="k")
            self.emit("testb", Imm(64), ROp(RCX, 1))
            self.emit("cmovneq", ROp(dl, 8), ROp(dh, 8))
            self.emit("cmovneq", ROp(z, 8), ROp(dl, 8))
        else:
            self.emit("shrdq", ROp(RCX, 1), ROp(dh, 8), ROp(dl, 8))
            self.emit("shrq" if kind == "lshr" else "sarq", ROp(RCX, 1), ROp(dh, 8))
            if kind == "lshr":
                self.emit("movl", Imm(0), ROp(z, 4), flags="k")
            else:
                self.emit("movq", ROp(dh, 8), ROp(z, 8))
                self.emit("sarq", Imm(63), ROp(z, 8))
            self.emit("testb", Imm(64), ROp(RCX, 1))
            self.emit("cmovneq", ROp(dh, 8), ROp(dl, 8))
            self.emit("cmovneq", ROp(z, 8), ROp(dh, 8))

    def w_shl(self, ins):
        self._w_shift(ins, "shl")

    def w_lshr(self, ins):
        self._w_shift(ins, "lshr")

    def w_ashr(self, ins):
        self._w_shift(ins, "ashr")

    def cmp128(self, pred, a, b) -> str:
        if pred in ("eq", "ne"):
            al, ah = self.pair(a)
            bl, bh = self.pair(b)
            t1, t2 = self.vreg("i"), self.vreg("i")
            self.emit("movq", ROp(al, 8), ROp(t1, 8))
            self.emit("xorq", ROp(bl, 8), ROp(t1, 8))
            self.emit("movq", ROp(ah, 8), ROp(t2, 8))
            self.emit("xorq", ROp(bh, 8), ROp(t2, 8))
            self.emit("orq", ROp(t2, 8), ROp(t1, 8))
            return "e" if pred == "eq" else "ne"
        if pred in ("sgt", "sle", "ugt", "ule"):
            a, b = b, a
            pred = {"sgt": "slt", "sle": "sge", "ugt": "ult", "ule": "uge"}[pred]
        al, ah = self.pair(a)
        bl, bh = self.pair(b)
        t = self.vreg("i")
        self.emit("movq", ROp(ah, 8), ROp(t, 8))
        self.emit("cmpq", ROp(bl, 8), ROp(al, 8))
        self.emit("sbbq", ROp(bh, 8), ROp(t, 8))
        return CC[pred]

    def w_icmp(self, ins):
        cc = self.cmp128(ins.pred, *ins.args)
        self.setcc_into(self.reg_for(ins), cc)

    def w_zext(self, ins):
        a = ins.args[0]
        dl, dh = self.pair_for(ins)
        r = self._to_i64(a, False) if a.type.size < 8 else self.val(a)
        self.emit("movq", ROp(r, 8), ROp(dl, 8))
        self.emit("movl", Imm(0), ROp(dh, 4), flags="k")

    def w_sext(self, ins):
        a = ins.args[0]
        dl, dh = self.pair_for(ins)
        r = self._to_i64(a, True) if a.type.size < 8 else self.val(a)
        self.emit("movq", ROp(r, 8), ROp(dl, 8))
        self.emit("movq", ROp(r, 8), ROp(dh, 8))
        self.emit("sarq", Imm(63), ROp(dh, 8))

    def w_trunc(self, ins):
        lo, _ = self.pair(ins.args[0])
        d = self.reg_for(ins)
        self.emit("movq", ROp(lo, 8), ROp(d, 8))
        if ins.type is T.I1:
            self.emit("andl", Imm(1), ROp(d, 4))

    def w_copy(self, ins):
        al, ah = self.pair(ins.args[0])
        dl, dh = self.pair_for(ins)
        self.emit("movq", ROp(al, 8), ROp(dl, 8))
        self.emit("movq", ROp(ah, 8), ROp(dh, 8))

    def w_load(self, ins):
        m = self.addr(ins.args[0])
        dl, dh = self.pair_for(ins)
        self.emit("movq", m, ROp(dl, 8))
        self.emit("movq", m.copy(disp=m.disp + 8), ROp(dh, 8))

    def w_store(self, ins):
        v, p = ins.args
        m = self.addr(p)
        lo, hi = self.pair(v)
        self.emit("movq", ROp(lo, 8), m)
        self.emit("movq", ROp(hi, 8), m.copy(disp=m.disp + 8))

    def w_select(self, ins):
        c, a, b = ins.args
        al, ah = self.pair(a)
        bl, bh = self.pair(b)
        dl, dh = self.pair_for(ins)
        cr = self.val(c)
        self.emit("movq", ROp(bl, 8), ROp(dl, 8))
        self.emit("movq", ROp(bh, 8), ROp(dh, 8))
        self.emit("testb", ROp(cr, 1), ROp(cr, 1))
        self.emit("cmovneq", ROp(al, 8), ROp(dl, 8))
        self.emit("cmovneq", ROp(ah, 8), ROp(dh, 8))


    # -- GNU extended asm ----------------------------------------------------------------------
    _ASM_REGS = {"a": "rax", "b": "rbx", "c": "rcx", "d": "rdx", "S": "rsi", "D": "rdi"}

    def i_asm(self, ins):
        info = ins.extra
        cons, clobbers = info.split()
        ops, roles = [], []
        iuse, idef = [], []
        post = []
        x87_in, x87_out = {}, {}       # "%st"/"%st(1)" -> input value / (output addr, type)
        for k, (c, v) in enumerate(zip(cons, ins.args)):
            out_t = info.outs[k]
            t = out_t if out_t is not None else v.type
            letters = c.replace("=", "").replace("+", "").replace("&", "").replace("%", "")
            size = 16 if t.is_float else (isz(t) if t.size <= 8 else 8)
            if letters in ("t", "u") and t.is_float:
                x = X87Op("%st" if letters == "t" else "%st(1)")
                if out_t is None:
                    x87_in[x.name] = (v, t)
                else:
                    x87_out[x.name] = (v, t)
                    if "+" in c:
                        x87_in[x.name] = (v, t)     # read-write: the value at v goes in too
                ops.append(x)
                roles.append("")
                continue
            if letters.isdigit():
                j = int(letters)
                tgt = ops[j]
                if isinstance(tgt, X87Op):
                    x87_in[tgt.name] = (v, t)
                    ops.append(tgt)
                    roles.append("")
                    continue
                if isinstance(tgt, ROp):
                    if tgt.reg.phys:
                        self.copy_to(tgt.reg, v, t)
                        iuse.append(tgt.reg)
                    else:
                        self.copy_to(tgt.reg, v, t)
                        roles[j] = "ud"
                ops.append(tgt)
                roles.append("")
                continue
            if "m" in letters and "r" not in letters and "g" not in letters:
                m = self.addr(v)
                m.size = t.size if t.size else 8
                ops.append(m)
                roles.append("")
                continue
            if ("i" in letters or "n" in letters or "g" in letters) and out_t is None \
                    and isinstance(v, Const) and not t.is_float:
                ops.append(Imm(v.signed))
                roles.append("")
                continue
            if out_t is None and isinstance(v, SymRef) and ("i" in letters or "s" in letters):
                ops.append(Sym(v.name))
                roles.append("")
                continue
            spec = next((self._ASM_REGS[ch] for ch in letters if ch in self._ASM_REGS), None)
            if spec is not None:
                r = GPR[spec]
                if out_t is None:
                    self.copy_to(r, v, t)
                    iuse.append(r)
                else:
                    idef.append(r)
                    post.append((r, v, t))
                ops.append(ROp(r, size))
                roles.append("")
                continue
            cls = "f" if ("x" in letters or t.is_float) else "i"
            if out_t is None:
                r = self.val(v) if cls == "i" or v.type.is_float else self.val(v)
                ops.append(ROp(r, size))
                roles.append("u")
            else:
                r = self.vreg(cls)
                if "&" in c or "+" in c:
                    # early clobber: live before the asm so no input shares its register
                    if cls == "i":
                        self.emit("movl", Imm(0), ROp(r, 4))
                    else:
                        self.emit("xorps", ROp(r, 16), ROp(r, 16))
                    roles.append("ud")
                else:
                    roles.append("d")
                ops.append(ROp(r, size))
                post.append((r, v, t))
        for name in clobbers:
            n = name.lstrip("%")
            r = GPR.get(n) or XMM.get(n)
            if r is None:
                alias = {"eax": "rax", "ebx": "rbx", "ecx": "rcx", "edx": "rdx", "esi": "rsi",
                         "edi": "rdi", "ax": "rax", "bx": "rbx", "cx": "rcx", "dx": "rdx"}
                r = GPR.get(alias.get(n, ""))
            if r is not None and r not in idef:
                idef.append(r)
        tmpl = info.template
        if "{" in tmpl and "|" in tmpl:
            tmpl = att_dialect(tmpl)
        if "%=" in tmpl:
            tmpl = tmpl.replace("%=", str(self.ctx.nlabel + 1))
            self.ctx.nlabel += 1
        for name in ("%st(1)", "%st"):       # %st(1) first, so that %st ends on top
            if name in x87_in:
                self.x87_push(*x87_in[name])
        mi = MInstr("asm", ops, tuple(roles), tuple(iuse), tuple(idef), flags="r", extra=tmpl)
        self.mb.instrs.append(mi)
        popped = 0
        for name in ("%st", "%st(1)"):
            if name in x87_out:
                v, t = x87_out[name]
                self.emit(_X87_STORE[t.size], self.addr(v).copy(size=t.size if t.size < 16 else 10))
                popped += 1
            elif name in x87_in and not ("st" in clobbers or "st(1)" in clobbers):
                self.emit("fstp\t%st(0)")
                popped += 1
        for r, p, t in post:
            m = self.addr(p)
            if t.is_float:
                self.emit("movs" + fsfx(t)[1], ROp(r, 16), m.copy(size=t.size))
            else:
                self.emit("mov" + SFX[isz(t) if t.size <= 8 else 8], ROp(r, isz(t)), m)

    # phis (toolchain.cc.backend.isel.ISelBase): i128 in register pairs, f80 in memory homes
    def is_pair(self, t):
        return t is T.I128

    def phi_in_memory(self, t):
        return t is T.F80

    def memory_phi_home(self, ins):
        self.f80_home(ins)

    def phi_size(self, reg):
        return 16 if reg.cls == "f" else 8

    def value_reg(self, v):
        if isinstance(v, (Instr, Arg)) and not (
                isinstance(v, Instr) and (v in self.slot_of or v in self.folded_ptradd)):
            return self.reg_for(v)
        return None

    def copy_memory_phis(self, b, xp):
        """f80 phis: through temporaries, all sources read before any home is written."""
        temps = []
        for phi in xp:
            tmp = Mem(RBP, slot=self.mf.new_slot(16, 16))
            self.fld(phi.args[phi.targets.index(b)])
            self.emit("fstpt", tmp)
            temps.append(tmp)
        for phi, tmp in zip(xp, temps):
            self.emit("fldt", tmp.copy())
            self.fstp_home(phi)

    def i_copy(self, ins):
        self.copy_to(self.reg_for(ins), ins.args[0], ins.type)

    # comparisons
    def cmp_flags(self, ins) -> str:
        """Emit the compare for icmp/fcmp ins; return the condition-code suffix."""
        a, b = ins.args
        if ins.op == "icmp" and a.type is T.I128:
            return self.cmp128(ins.pred, a, b)
        if ins.op == "icmp":
            t = a.type
            pred = ins.pred
            if isinstance(a, Const) and not isinstance(b, Const):
                a, b = b, a
                pred = SWAP[pred]
            sz = isz(t) if t.size < 4 else osz(t)
            if b in self.folded_load:
                self.emit("cmp" + SFX[sz], self.mem_of(b, sz), ROp(self.val(a), sz))
                return CC[pred]
            if a in self.folded_and:
                x, y = a.args
                if isinstance(x, Const):
                    x, y = y, x
                if y in self.folded_load:
                    self.emit("test" + SFX[sz], self.mem_of(y, sz), ROp(self.val(x), sz))
                elif x in self.folded_load:
                    self.emit("test" + SFX[sz], self.mem_of(x, sz), ROp(self.val(y), sz))
                else:
                    self.emit("test" + SFX[sz], self.ival(y, sz), ROp(self.val(x), sz))
                return CC[pred]
            if isinstance(b, Const) and b.value == 0 and pred in ("eq", "ne"):
                r = self.val(a)
                self.emit("test" + SFX[sz], ROp(r, sz), ROp(r, sz))
            else:
                self.emit("cmp" + SFX[sz], self.ival(b, sz), ROp(self.val(a), sz))
            return CC[pred]
        swap, cc = FCC[ins.pred]
        if swap:
            a, b = b, a
        self.fcompare(a, b)
        return cc

    def fcompare(self, a, b):
        """Set the flags like ``ucomis b, a`` (compare a with b)."""
        if a.type is T.F80:
            self.fld(b)
            self.fld(a)
            self.emit("fucomip\t%st(1), %st")
            self.emit("fstp\t%st(0)")
            return
        self.emit("ucomi" + fsfx(a.type), ROp(self.val(b), 16), ROp(self.val(a), 16))

    def setcc_into(self, d: Reg, cc: str):
        self.emit("set" + cc, ROp(d, 1))
        self.emit("movzbl", ROp(d, 1), ROp(d, 4))

    def i_icmp(self, ins):
        cc = self.cmp_flags(ins)
        self.setcc_into(self.reg_for(ins), cc)

    def i_fcmp(self, ins):
        d = self.reg_for(ins)
        if FCC[ins.pred] is not None:
            cc = self.cmp_flags(ins)
            self.setcc_into(d, cc)
            return
        a, b = ins.args
        self.fcompare(a, b)
        tmp = self.vreg("i")
        if ins.pred == "oeq":
            self.emit("sete", ROp(d, 1))
            self.emit("setnp", ROp(tmp, 1))
            self.emit("andb", ROp(tmp, 1), ROp(d, 1))
        else:
            self.emit("setne", ROp(d, 1))
            self.emit("setp", ROp(tmp, 1))
            self.emit("orb", ROp(tmp, 1), ROp(d, 1))
        self.emit("movzbl", ROp(d, 1), ROp(d, 4))

    def i_select(self, ins):
        if ins.args[0] in self.fused_sel:
            return self._select_fused(ins)
        c, a, b = ins.args
        t = ins.type
        d = self.reg_for(ins)
        if isinstance(c, Instr) and c.op == "icmp" and c.block is ins.block and False:
            pass
        cr = self.val(c)
        if t.is_float:
            # select on the bit patterns in general registers
            ai, bi = self.vreg("i"), self.vreg("i")
            self.emit("movq", ROp(self.val(a), 16), ROp(ai, 8))
            self.emit("movq", ROp(self.val(b), 16), ROp(bi, 8))
            self.emit("testb", ROp(cr, 1), ROp(cr, 1))
            self.emit("cmovneq", ROp(ai, 8), ROp(bi, 8))
            self.emit("movq", ROp(bi, 8), ROp(d, 16))
            return
        sz = osz(t)
        av = self.val(a)
        self.copy_to(d, b, t)
        self.emit("testb", ROp(cr, 1), ROp(cr, 1))
        self.emit("cmovne" + SFX[sz], ROp(av, sz), ROp(d, sz))

    def _select_fused(self, ins):
        c, a, b = ins.args
        t = ins.type
        d = self.reg_for(ins)
        sz = osz(t)
        av = self.val(a)
        self.copy_to(d, b, t)
        cc = self.cmp_flags(c)
        self.emit("cmov" + cc + SFX[sz], ROp(av, sz), ROp(d, sz))

    # conversions
    def i_trunc(self, ins):
        d = self.reg_for(ins)
        src = self.val(ins.args[0])
        self.emit("movl", ROp(src, 4), ROp(d, 4))
        if ins.type is T.I1:
            self.emit("andl", Imm(1), ROp(d, 4))

    def i_zext(self, ins):
        a = ins.args[0]
        st, t = a.type, ins.type
        d = self.reg_for(ins)
        if st.size >= 4:
            if isinstance(a, Const):
                return self.copy_to(d, Const(t, a.value), t)
            self.emit("movl", ROp(self.val(a), 4), ROp(d, 4), flags="k")
            return
        r = self.extend(a, st, False)
        self.emit("movl", ROp(r, 4), ROp(d, 4), flags="k")

    def i_sext(self, ins):
        a = ins.args[0]
        st, t = a.type, ins.type
        d = self.reg_for(ins)
        if isinstance(a, Const):
            return self.copy_to(d, Const(t, a.signed), t)
        src = self.val(a)
        if st is T.I1:
            self.emit("movzbl", ROp(src, 1), ROp(d, 4))
            self.emit("neg" + SFX[osz(t)], ROp(d, osz(t)))
            return
        if t.size == 8:
            mn = {1: "movsbq", 2: "movswq", 4: "movslq"}[st.size]
            self.emit(mn, ROp(src, st.size), ROp(d, 8))
        else:
            mn = {1: "movsbl", 2: "movswl"}[st.size]
            self.emit(mn, ROp(src, st.size), ROp(d, 4))

    def i_fpext(self, ins):
        if T.F80 in (ins.type, ins.args[0].type):
            raise Unsupported("long double is not supported by the x86-64 back end yet")
        self.emit("cvtss2sd", ROp(self.val(ins.args[0]), 16), ROp(self.reg_for(ins), 16))

    def i_fptrunc(self, ins):
        if T.F80 in (ins.type, ins.args[0].type):
            raise Unsupported("long double is not supported by the x86-64 back end yet")
        self.emit("cvtsd2ss", ROp(self.val(ins.args[0]), 16), ROp(self.reg_for(ins), 16))

    def i_fptosi(self, ins):
        a = ins.args[0]
        t = ins.type
        sz = 8 if t.size == 8 else 4
        self.emit(f"cvtt{fsfx(a.type)}2si{SFX[sz]}", ROp(self.val(a), 16),
                  ROp(self.reg_for(ins), sz))

    def i_fptoui(self, ins):
        a = ins.args[0]
        t = ins.type
        d = self.reg_for(ins)
        s = fsfx(a.type)
        if t.size < 8:
            self.emit(f"cvtt{s}2siq", ROp(self.val(a), 16), ROp(d, 8))
            return
        x = self.val(a)
        big = self.vreg("f")
        lab = self.float_lit(a.type, 2.0 ** 63)
        self.emit("movs" + s[1], Mem(None, sym=lab, size=a.type.size), ROp(big, 16))
        t1 = self.vreg("f")
        self.emit("movaps", ROp(x, 16), ROp(t1, 16))
        self.emit("sub" + s, ROp(big, 16), ROp(t1, 16))
        r2 = self.vreg("i")
        self.emit(f"cvtt{s}2siq", ROp(t1, 16), ROp(r2, 8))
        self.emit("btcq", Imm(63), ROp(r2, 8))
        self.emit(f"cvtt{s}2siq", ROp(x, 16), ROp(d, 8))
        self.emit("ucomi" + s, ROp(big, 16), ROp(x, 16))
        self.emit("cmovaeq", ROp(r2, 8), ROp(d, 8))

    def i_sitofp(self, ins):
        a = ins.args[0]
        st, t = a.type, ins.type
        d = self.reg_for(ins)
        if st.size < 4:
            src, sz = self.extend(a, st, True), 4
        else:
            src, sz = self.val(a), st.size
        self.emit("xorps", ROp(d, 16), ROp(d, 16))
        self.emit(f"cvtsi2{fsfx(t)}{SFX[sz]}", ROp(src, sz), ROp(d, 16))

    def i_uitofp(self, ins):
        a = ins.args[0]
        st, t = a.type, ins.type
        d = self.reg_for(ins)
        if st.size < 8:
            src = self.vreg("i")
            if st.size < 4:
                src = self.extend(a, st, False)
            else:
                self.emit("movl", ROp(self.val(a), 4), ROp(src, 4), flags="k")
            self.emit("xorps", ROp(d, 16), ROp(d, 16))
            self.emit(f"cvtsi2{fsfx(t)}q", ROp(src, 8), ROp(d, 16))
            return
        # 64-bit: hi * 2^32 + lo, computed in double (exact parts, one rounding)
        x = self.val(a)
        hi, lo = self.vreg("i"), self.vreg("i")
        self.emit("movq", ROp(x, 8), ROp(hi, 8))
        self.emit("shrq", Imm(32), ROp(hi, 8))
        self.emit("movl", ROp(x, 4), ROp(lo, 4), flags="k")
        fh, fl = self.vreg("f"), self.vreg("f")
        self.emit("xorps", ROp(fh, 16), ROp(fh, 16))
        self.emit("cvtsi2sdq", ROp(hi, 8), ROp(fh, 16))
        self.emit("mulsd", Mem(None, sym=self.float_lit(T.F64, 2.0 ** 32), size=8), ROp(fh, 16))
        self.emit("xorps", ROp(fl, 16), ROp(fl, 16))
        self.emit("cvtsi2sdq", ROp(lo, 8), ROp(fl, 16))
        if t is T.F64:
            self.emit("movaps", ROp(fh, 16), ROp(d, 16))
            self.emit("addsd", ROp(fl, 16), ROp(d, 16))
        else:
            self.emit("addsd", ROp(fl, 16), ROp(fh, 16))
            self.emit("cvtsd2ss", ROp(fh, 16), ROp(d, 16))

    def i_bitcast(self, ins):
        a = ins.args[0]
        st, t = a.type, ins.type
        d = self.reg_for(ins)
        src = self.val(a)
        if st.is_float and not t.is_float:
            self.emit("movq" if t.size == 8 else "movd", ROp(src, 16), ROp(d, t.size))
        elif t.is_float and not st.is_float:
            self.emit("movq" if t.size == 8 else "movd", ROp(src, st.size), ROp(d, 16))
        else:
            self.copy_to(d, a, st)

    def i_ptrtoint(self, ins):
        self.copy_to(self.reg_for(ins), ins.args[0], T.I64)

    def i_inttoptr(self, ins):
        a = ins.args[0]
        if a.type.size < 8:
            r = self.extend(a, a.type, False)
            self.emit("movl", ROp(r, 4), ROp(self.reg_for(ins), 4), flags="k")
        else:
            self.copy_to(self.reg_for(ins), a, T.I64)

    # memory
    def i_alloca(self, ins):
        if ins in self.slot_of:
            if any(not (u.op in ("load", "store") and u.args[-1] is ins and
                        (u.op == "load" or u.args[0] is not ins)) for u in ins.users):
                self.emit("leaq", Mem(RBP, slot=self.slot_of[ins]), ROp(self.reg_for(ins), 8))
            return
        # dynamic: round up to 16 and carve from the stack
        n = self.vreg("i")
        self.copy_to(n, ins.args[0], ins.args[0].type)
        self.emit("addq", Imm(15), ROp(n, 8))
        self.emit("andq", Imm(-16), ROp(n, 8))
        self.emit("subq", ROp(n, 8), ROp(RSP, 8))
        self.emit("movq", ROp(RSP, 8), ROp(self.reg_for(ins), 8))
        self.mf.extra["dynamic_stack"] = True

    def i_ptradd(self, ins):
        if ins in self.folded_ptradd:
            return
        p, off = ins.args
        d = self.reg_for(ins)
        if isinstance(off, Const) and fits32(off.signed):
            self.emit("leaq", self.addr(ins), ROp(d, 8))
            return
        self.emit("leaq", Mem(self.val(p), index=self.val(off), scale=1), ROp(d, 8))

    def i_load(self, ins):
        if ins in self.folded_load or ins in self.rmw:
            return
        t = ins.type
        m = self.addr(ins.args[0])
        d = self.reg_for(ins)
        if t.is_float:
            if t is T.F80:
                raise Unsupported("long double is not supported by the x86-64 back end yet")
            m.size = t.size
            self.emit("movs" + ("s" if t is T.F32 else "d"), m, ROp(d, 16))
        elif t.size == 1:
            self.emit("movzbl", m, ROp(d, 4))
        elif t.size == 2:
            self.emit("movzwl", m, ROp(d, 4))
        elif t.size == 4:
            self.emit("movl", m, ROp(d, 4))
        elif t.size == 8:
            self.emit("movq", m, ROp(d, 8))
        else:
            raise Unsupported(f"load of {t}")

    def i_store(self, ins):
        v, p = ins.args
        t = v.type
        m = self.addr(p)
        if ins in self.rmw:
            sz = isz(t)
            x = v.args[1]
            src = self.ival(x, sz)
            if isinstance(src, Imm) and sz < 4:
                src = Imm(Const(t, x.value).signed)
            self.emit(v.op + SFX[sz], src, m)
            return
        if t.is_float:
            if t is T.F80:
                raise Unsupported("long double is not supported by the x86-64 back end yet")
            self.emit("movs" + ("s" if t is T.F32 else "d"), ROp(self.val(v), 16), m)
            return
        sz = isz(t)
        if sz > 8:
            raise Unsupported(f"store of {t}")
        if ins.extra == "atomic":
            r = self.vreg("i")
            self.copy_to(r, v, t)
            self.emit("xchg" + SFX[sz], ROp(r, sz), m)
            return
        if isinstance(v, Const) and fits32(v.signed):
            c = v.signed
            if sz < 4:
                c = v.value
            self.emit("mov" + SFX[sz], Imm(c), m)
            return
        self.emit("mov" + SFX[sz], ROp(self.val(v), sz), m)

    def i_memcpy(self, ins):
        d, s, n = ins.args
        if isinstance(n, Const) and n.value <= 64:
            self.copy_mem(self.addr(d), self.addr(s), n.value)
            return
        self.call_c("memcpy", [d, s, n])

    def i_memset(self, ins):
        d, v, n = ins.args
        if isinstance(n, Const) and n.value <= 128 and isinstance(v, Const):
            m = self.addr(d)
            byte = v.value & 0xFF
            pat = int.from_bytes(bytes([byte]) * 8, "little")
            r = None
            if n.value >= 8 and pat:
                r = self.vreg("i")
                self.emit("movabsq", Imm(pat - (1 << 64) if pat >> 63 else pat), ROp(r, 8))
            off = 0
            for sz in (8, 4, 2, 1):
                while n.value - off >= sz:
                    p = pat & ((1 << (8 * sz)) - 1)
                    if sz == 8 and r is not None:
                        self.emit("movq", ROp(r, 8), m.copy(disp=m.disp + off))
                    else:
                        if sz == 4 and p >> 31:
                            p -= 1 << 32
                        self.emit("mov" + SFX[sz], Imm(p if sz < 8 else 0), m.copy(disp=m.disp + off))
                    off += sz
            return
        self.call_c("memset", [d, Const(T.I32, v.value) if isinstance(v, Const) else
                               self._zext_i8_to_i32(v), n])

    def _zext_i8_to_i32(self, v):
        from toolchain.cc.ir.core import Instr as _I
        z = _I("zext", T.I32, [v])
        self.i_zext(z)
        r = self.vr.pop(z)
        z.drop_operands()
        return _RegValue(r, T.I32)

    def copy_mem(self, dm: Mem, sm: Mem, n: int):
        off = 0
        for sz in (8, 4, 2, 1):
            while n - off >= sz:
                t = self.vreg("i")
                self.emit({8: "movq", 4: "movl", 2: "movzwl", 1: "movzbl"}[sz],
                          sm.copy(disp=sm.disp + off), ROp(t, 8 if sz == 8 else 4))
                self.emit("mov" + SFX[sz], ROp(t, sz), dm.copy(disp=dm.disp + off))
                off += sz

    def load_partial(self, m: Mem, n: int) -> Reg:
        """Load n (1..8) bytes at m into a general register (zero-extended)."""
        r = self.vreg("i")
        if n == 8:
            self.emit("movq", m, ROp(r, 8))
            return r
        first = True
        off = 0
        for sz in (4, 2, 1):
            if n - off >= sz:
                t = r if first else self.vreg("i")
                self.emit({4: "movl", 2: "movzwl", 1: "movzbl"}[sz], m.copy(disp=m.disp + off),
                          ROp(t, 4), flags="k")
                if not first:
                    self.emit("shlq", Imm(off * 8), ROp(t, 8))
                    self.emit("orq", ROp(t, 8), ROp(r, 8))
                first = False
                off += sz
        return r

    def store_partial(self, r: Reg, m: Mem, n: int):
        if n == 8:
            self.emit("movq", ROp(r, 8), m)
            return
        t = self.vreg("i")
        self.emit("movq", ROp(r, 8), ROp(t, 8))
        off = 0
        for sz in (4, 2, 1):
            if n - off >= sz:
                self.emit("mov" + SFX[sz], ROp(t, sz), m.copy(disp=m.disp + off))
                off += sz
                if off < n:
                    self.emit("shrq", Imm(sz * 8), ROp(t, 8))

    # calls
    def call_c(self, name, args):
        ins = Instr("call", T.VOID, [SymRef(name), *args])
        from toolchain.cc.ir.core import CallInfo
        ins.extra = CallInfo()
        self.i_call(ins)
        ins.drop_operands()

    def i_call(self, ins):
        ci = ins.extra
        callee = ins.args[0]
        if isinstance(callee, SymRef) and callee.name.startswith("__builtin_"):
            return builtins.select(self, ins)     # a target builtin (builtins.py)
        args = ins.args[1:]
        sret_dst = None
        rt = ins.type
        ret_rc = []
        if ci.sret is not None:
            sret_dst, args = args[0], args[1:]
            ret_rc = abi.ret_classes(ci.sret)
        byval = ci.byval or [None] * len(args)
        exts = ci.ext or [None] * len(args)
        types = [bt if bt is not None else a.type for a, bt in zip(args, byval)]
        first = 1 if (ci.sret is not None and ret_rc is None) else 0
        locs, stack, ni, ns = abi.assign_args(types, first)
        stack_sz = (stack + 15) // 16 * 16
        # callee address first (it may need registers)
        target = None
        if isinstance(callee, SymRef) and callee.name not in self.ctx.tls:
            target = Sym(callee.name, None if callee.name in self.ctx.internal else "PLT")
        else:
            target = ROp(self.val(callee), 8)
        if stack_sz:
            self.emit("subq", Imm(stack_sz), ROp(RSP, 8))
        for a, loc, t, bt in zip(args, locs, types, byval):
            if loc.regs:
                continue
            dm = Mem(RSP, disp=loc.stack_off)
            if bt is not None:
                self.copy_mem(dm, self.addr(a), bt.size)
            elif t is T.F80:
                self.fld(a)
                self.emit("fstpt", dm)
            elif t is T.I128:
                lo, hi = self.pair(a)
                self.emit("movq", ROp(lo, 8), dm)
                self.emit("movq", ROp(hi, 8), dm.copy(disp=dm.disp + 8))
            elif t.is_float:
                self.emit("movs" + fsfx(t)[1], ROp(self.val(a), 16), dm.copy(size=t.size))
            else:
                self.emit("movq", self.ival(a, 8) if isinstance(a, Const) else
                          ROp(self.val(a), 8), dm)
        # register arguments: compute into vregs, then move into the fixed registers last
        moves = []
        for a, loc, t, bt, ext in zip(args, locs, types, byval, exts):
            if not loc.regs:
                continue
            if bt is not None:
                src = self.addr(a)
                for c, rn, k in loc.regs:
                    n = min(8, bt.size - 8 * k)
                    if c == abi.INTEGER:
                        moves.append((GPR[rn], self.load_partial(src.copy(disp=src.disp + 8 * k), n), 8))
                    else:
                        fr = self.vreg("f")
                        if abi.is_vec16(bt):
                            n = 16
                        self.emit("movss" if n == 4 else "movups" if n == 16 else "movsd",
                                  src.copy(disp=src.disp + 8 * k, size=n), ROp(fr, 16))
                        moves.append((XMM[rn], fr, 16))
                continue
            if t is T.I128:
                lo, hi = self.pair(a)
                moves.append((GPR[loc.regs[0][1]], lo, 8))
                moves.append((GPR[loc.regs[1][1]], hi, 8))
                continue
            c, rn, _ = loc.regs[0]
            if c == abi.INTEGER:
                if isinstance(a, Const) and fits32(a.signed):
                    moves.append((GPR[rn], Imm(a.signed if t.size == 8 or ext == "signext"
                                               else a.value), 8))
                else:
                    r = self.val(a)
                    if t.size < 4:
                        # narrow integers are extended to 32 bits by the caller (clang relies
                        # on it; _Bool is zero-extended)
                        r = self.extend(a, t, ext == "signext")
                    moves.append((GPR[rn], r, 8))
            else:
                moves.append((XMM[rn], self.val(a), 16))
        sret_reg = None
        if first:
            sret_reg = self.val(sret_dst)
        uses = []
        for pr, src, sz in moves:
            if isinstance(src, Imm):
                self.emit("movq" if src.value < 0 or src.value >= 1 << 32 else "movl",
                          src, ROp(pr, 8 if src.value < 0 or src.value >= 1 << 32 else 4))
            elif sz == 16:
                self.emit("movaps", ROp(src, 16), ROp(pr, 16))
            else:
                self.emit("movq", ROp(src, 8), ROp(pr, 8))
            uses.append(pr)
        if sret_reg is not None:
            self.emit("movq", ROp(sret_reg, 8), ROp(GPR["rdi"], 8))
            uses.append(GPR["rdi"])
        if ci.nfixed is not None:
            self.emit("movl", Imm(ns), ROp(RAX, 4))
            uses.append(RAX)
        if isinstance(target, Sym):
            self.emit("call", target, iuse=tuple(uses), idef=CALL_CLOBBERS, flags="c")
        else:
            self.emit("call", target, iuse=tuple(uses), idef=CALL_CLOBBERS, flags="c")
        if stack_sz:
            self.emit("addq", Imm(stack_sz), ROp(RSP, 8))
        if ci.sret is not None and ret_rc and ret_rc[0][0] == "X87":
            dm = self.addr(sret_dst)
            for c, rn, k in ret_rc:
                self.emit("fstpt", dm.copy(disp=dm.disp + 16 * k))
        elif ci.sret is not None and ret_rc:
            dm = self.addr(sret_dst)
            for c, rn, k in ret_rc:
                n = min(8, ci.sret.size - 8 * k)
                if c == abi.INTEGER:
                    t = self.vreg("i")
                    self.emit("movq", ROp(GPR[rn], 8), ROp(t, 8))
                    self.store_partial(t, dm.copy(disp=dm.disp + 8 * k), n)
                else:
                    if abi.is_vec16(ci.sret):
                        n = 16
                    self.emit("movss" if n == 4 else "movups" if n == 16 else "movsd",
                              ROp(XMM[rn], 16), dm.copy(disp=dm.disp + 8 * k, size=n))
        elif rt is T.F80:
            self.fstp_home(ins)
        elif rt is T.I128:
            lo, hi = self.pair_for(ins)
            self.emit("movq", ROp(RAX, 8), ROp(lo, 8))
            self.emit("movq", ROp(RDX, 8), ROp(hi, 8))
        elif not rt.is_void:
            d = self.reg_for(ins)
            if rt.is_float:
                self.emit("movaps", ROp(XMM["xmm0"], 16), ROp(d, 16))
            else:
                self.emit("movq", ROp(RAX, 8), ROp(d, 8))

    # varargs
    def i_va_start(self, ins):
        if self.va is None:
            raise Unsupported("va_start outside a variadic function")
        sa, gp, fp, stack = self.va
        m = self.addr(ins.args[0])
        self.emit("movl", Imm(gp), m.copy())
        self.emit("movl", Imm(fp), m.copy(disp=m.disp + 4))
        t = self.vreg("i")
        self.emit("leaq", Mem(RBP, disp=16 + stack), ROp(t, 8))
        self.emit("movq", ROp(t, 8), m.copy(disp=m.disp + 8))
        t2 = self.vreg("i")
        self.emit("leaq", Mem(RBP, slot=sa), ROp(t2, 8))
        self.emit("movq", ROp(t2, 8), m.copy(disp=m.disp + 16))

    def i_va_end(self, ins):
        pass

    def i_va_copy(self, ins):
        self.copy_mem(self.addr(ins.args[0]), self.addr(ins.args[1]), 24)

    def x87_va_arg(self, ins):
        p = self.va_arg_mem(ins.args[0], T.F80)
        self.emit("fldt", Mem(p))
        self.fstp_home(ins)

    def w_va_arg(self, ins):
        p = self.va_arg_agg(ins.args[0], T.struct(16, 16, [(0, T.I64), (8, T.I64)]))
        lo, hi = self.pair_for(ins)
        self.emit("movq", Mem(p), ROp(lo, 8))
        self.emit("movq", Mem(p, disp=8), ROp(hi, 8))

    def va_arg_mem(self, ap, t) -> Reg:
        """Address of a memory-class argument taken from the overflow area (advanced)."""
        m = self.addr(ap)
        p, n = self.vreg("i"), self.vreg("i")
        self.emit("movq", m.copy(disp=m.disp + 8), ROp(p, 8))
        if t.align > 8:
            self.emit("addq", Imm(t.align - 1), ROp(p, 8))
            self.emit("andq", Imm(-t.align), ROp(p, 8))
        self.emit("leaq", Mem(p, disp=(t.size + 7) // 8 * 8), ROp(n, 8))
        self.emit("movq", ROp(n, 8), m.copy(disp=m.disp + 8))
        return p

    def va_arg_agg(self, ap, t) -> Reg:
        """Address of an aggregate argument: a copy of its register eightbytes when it was
        passed in registers, else its place in the overflow area."""
        cl = abi.classify(t)
        if abi.MEMORY in cl:
            return self.va_arg_mem(ap, t)
        m = self.addr(ap)
        ni, ns = cl.count(abi.INTEGER), cl.count(abi.SSE)
        gp, fp, ovf, rsa = (self.vreg("i") for _ in range(4))
        self.emit("movl", m.copy(), ROp(gp, 4), flags="k")
        self.emit("movl", m.copy(disp=m.disp + 4), ROp(fp, 4), flags="k")
        self.emit("movq", m.copy(disp=m.disp + 8), ROp(ovf, 8))
        self.emit("movq", m.copy(disp=m.disp + 16), ROp(rsa, 8))
        ovfa = ovf
        if t.align > 8:
            ovfa = self.vreg("i")
            self.emit("leaq", Mem(ovf, disp=t.align - 1), ROp(ovfa, 8))
            self.emit("andq", Imm(-t.align), ROp(ovfa, 8))
        # inmem = gp > 48 - 8*ni || fp > 176 - 16*ns
        c1, c2 = self.vreg("i"), self.vreg("i")
        self.emit("cmpl", Imm(48 - 8 * ni), ROp(gp, 4))
        self.emit("seta", ROp(c1, 1))
        self.emit("cmpl", Imm(176 - 16 * ns), ROp(fp, 4))
        self.emit("seta", ROp(c2, 1))
        self.emit("orb", ROp(c2, 1), ROp(c1, 1))
        slot = self.mf.new_slot((t.size + 7) // 8 * 8, max(8, t.align))
        ki = ks = 0
        for k, c in enumerate(cl):
            src, alt, v = self.vreg("i"), self.vreg("i"), self.vreg("i")
            if c == abi.INTEGER:
                self.emit("leaq", Mem(rsa, index=gp, scale=1, disp=8 * ki), ROp(src, 8))
                ki += 1
            elif c == abi.SSEUP:
                self.emit("leaq", Mem(rsa, index=fp, scale=1, disp=16 * (ks - 1) + 8), ROp(src, 8))
            else:
                self.emit("leaq", Mem(rsa, index=fp, scale=1, disp=16 * ks), ROp(src, 8))
                ks += 1
            self.emit("leaq", Mem(ovfa, disp=8 * k), ROp(alt, 8))
            self.emit("testb", ROp(c1, 1), ROp(c1, 1))
            self.emit("cmovneq", ROp(alt, 8), ROp(src, 8))
            self.emit("movq", Mem(src), ROp(v, 8))
            self.emit("movq", ROp(v, 8), Mem(RBP, disp=8 * k, slot=slot))
        # advance: registers consumed, or the overflow area
        g2, f2, o2 = self.vreg("i"), self.vreg("i"), self.vreg("i")
        self.emit("leal", Mem(gp, disp=8 * ni), ROp(g2, 4))
        self.emit("leal", Mem(fp, disp=16 * ns), ROp(f2, 4))
        self.emit("leaq", Mem(ovfa, disp=(t.size + 7) // 8 * 8), ROp(o2, 8))
        self.emit("testb", ROp(c1, 1), ROp(c1, 1))
        self.emit("cmovnel", ROp(gp, 4), ROp(g2, 4))
        self.emit("cmovnel", ROp(fp, 4), ROp(f2, 4))
        self.emit("cmoveq", ROp(ovf, 8), ROp(o2, 8))
        self.emit("movl", ROp(g2, 4), m.copy())
        self.emit("movl", ROp(f2, 4), m.copy(disp=m.disp + 4))
        self.emit("movq", ROp(o2, 8), m.copy(disp=m.disp + 8))
        r = self.vreg("i")
        self.emit("leaq", Mem(RBP, slot=slot), ROp(r, 8))
        return r

    def i_va_arg(self, ins):
        t = ins.type
        if ins.extra is not None:
            p = self.va_arg_agg(ins.args[0], ins.extra)
            self.emit("movq", ROp(p, 8), ROp(self.reg_for(ins), 8))
            return
        m = self.addr(ins.args[0])
        isf = t.is_float
        if t is T.F80 or t.size > 8:
            raise Unsupported(f"va_arg of {t}")
        field = m.copy(disp=m.disp + (4 if isf else 0))
        limit, step = (176, 16) if isf else (48, 8)
        o, a, s, o2, s2 = (self.vreg("i") for _ in range(5))
        self.emit("movl", field, ROp(o, 4), flags="k")
        self.emit("movq", m.copy(disp=m.disp + 16), ROp(a, 8))
        self.emit("addq", ROp(o, 8), ROp(a, 8))
        self.emit("movq", m.copy(disp=m.disp + 8), ROp(s, 8))
        self.emit("leal", Mem(o, disp=step), ROp(o2, 4))
        self.emit("leaq", Mem(s, disp=8), ROp(s2, 8))
        self.emit("cmpl", Imm(limit), ROp(o, 4))
        self.emit("cmovaeq", ROp(s, 8), ROp(a, 8))
        self.emit("cmovael", ROp(o, 4), ROp(o2, 4))
        self.emit("cmovbq", ROp(s, 8), ROp(s2, 8))
        self.emit("movl", ROp(o2, 4), field.copy())
        self.emit("movq", ROp(s2, 8), m.copy(disp=m.disp + 8))
        d = self.reg_for(ins)
        if isf:
            self.emit("movs" + fsfx(t)[1], Mem(a, size=t.size), ROp(d, 16))
        else:
            self.emit({1: "movzbl", 2: "movzwl", 4: "movl", 8: "movq"}[t.size], Mem(a),
                      ROp(d, 8 if t.size == 8 else 4))

    def i_blockaddr(self, ins):
        self.emit("leaq", Mem(None, sym=self.mblock[ins.targets[0]].label),
                  ROp(self.reg_for(ins), 8))

    def i_fence(self, ins):
        self.emit("mfence")

    def i_stacksave(self, ins):
        self.emit("movq", ROp(RSP, 8), ROp(self.reg_for(ins), 8))

    def i_stackrestore(self, ins):
        self.emit("movq", ROp(self.val(ins.args[0]), 8), ROp(RSP, 8))

    def i_frameaddress(self, ins):
        self.emit("movq", ROp(RBP, 8), ROp(self.reg_for(ins), 8))

    def i_returnaddress(self, ins):
        self.emit("movq", Mem(RBP, disp=8), ROp(self.reg_for(ins), 8))

    # control flow
    def jump(self, target: Block, iuse=()):
        mb = self.mblock[target]
        self.emit("jmp", Sym(mb.label), iuse=iuse, flags="bt", targets=(mb,))
        self.mb.succs.append(mb)

    def i_jmp(self, ins):
        self.terminator_phis(ins)
        self.jump(ins.targets[0])

    def i_br(self, ins):
        c = ins.args[0]
        if isinstance(c, Const) and c not in self.fused:
            tgt = ins.targets[0] if c.value else ins.targets[1]
            self.phi_sources(ins.block, tgt)
            self.jump(tgt)
            return
        self.terminator_phis(ins)
        t, f = (self.mblock[x] for x in ins.targets)
        if c in self.fused:
            cc = self.cmp_flags(c)
        else:
            r = self.val(c)
            self.emit("testb", ROp(r, 1), ROp(r, 1))
            cc = "ne"
        self.emit("j" + cc, Sym(t.label), flags="b", targets=(t,))
        self.mb.succs.append(t)
        self.emit("jmp", Sym(f.label), flags="bt", targets=(f,))
        if f not in self.mb.succs:
            self.mb.succs.append(f)

    def i_switch(self, ins):
        self.terminator_phis(ins)
        v = ins.args[0]
        t = v.type
        sz = isz(t) if t.size < 4 else osz(t)
        r = self.val(v)
        cases = [(Const(t, c).signed, blk) for c, blk in zip(ins.extra, ins.targets[1:])]
        if len(cases) >= 4 and t.size <= 8:
            lo = min(c for c, _ in cases)
            hi = max(c for c, _ in cases)
            span = hi - lo + 1
            if span <= 3 * len(cases) + 4 and span < 65536 and fits32(-lo):
                return self.jump_table(ins, r, t, lo, span, cases)
        for c, blk in zip(ins.extra, ins.targets[1:]):
            mb = self.mblock[blk]
            cv = Const(t, c).signed
            if fits32(cv):
                self.emit("cmp" + SFX[sz], Imm(cv if sz >= 4 else c), ROp(r, sz))
            else:
                cr = self.val(Const(t, c))
                self.emit("cmpq", ROp(cr, 8), ROp(r, 8))
            self.emit("je", Sym(mb.label), flags="b", targets=(mb,))
            if mb not in self.mb.succs:
                self.mb.succs.append(mb)
        d = self.mblock[ins.targets[0]]
        self.emit("jmp", Sym(d.label), flags="bt", targets=(d,))
        if d not in self.mb.succs:
            self.mb.succs.append(d)

    def jump_table(self, ins, r, t, lo, span, cases):
        idx = self.vreg("i")
        if t.size < 4:
            r = self.extend(ins.args[0], t, True)
        if t.size <= 4:
            self.emit("leal", Mem(r, disp=-lo), ROp(idx, 4), flags="k")
            self.emit("cmpl", Imm(span - 1), ROp(idx, 4))
        else:
            self.emit("leaq", Mem(r, disp=-lo), ROp(idx, 8))
            self.emit("cmpq", Imm(span - 1), ROp(idx, 8))
        dflt = self.mblock[ins.targets[0]]
        self.emit("ja", Sym(dflt.label), flags="b", targets=(dflt,))
        self.mb.succs.append(dflt)
        table = [dflt.label] * span
        for c, blk in cases:
            table[c - lo] = self.mblock[blk].label
        lab = self.ctx.label()
        self.mf.extra.setdefault("jumptables", []).append((lab, table))
        base, off = self.vreg("i"), self.vreg("i")
        self.emit("leaq", Mem(None, sym=lab), ROp(base, 8))
        self.emit("movslq", Mem(base, index=idx, scale=4, size=4), ROp(off, 8))
        self.emit("addq", ROp(base, 8), ROp(off, 8))
        targets = tuple(dict.fromkeys(self.mblock[b] for b in ins.targets))
        self.emit("jmp", ROp(off, 8), flags="bt", targets=targets)
        for mb in targets:
            if mb not in self.mb.succs:
                self.mb.succs.append(mb)

    def i_indirectbr(self, ins):
        self.terminator_phis(ins)
        r = self.val(ins.args[0])
        self.emit("jmp", ROp(r, 8), flags="bt",
                  targets=tuple(self.mblock[b] for b in ins.targets))
        for b in dict.fromkeys(ins.targets):
            self.mb.succs.append(self.mblock[b])

    def i_unreachable(self, ins):
        self.emit("ud2", flags="t")

    def i_ret(self, ins):
        rt = self.f.ret_type
        uses = []
        if ins.args:
            v = ins.args[0]
            if rt.is_struct:
                rc = abi.ret_classes(rt)
                src = self.addr(v)
                if rc is None:
                    self.copy_mem(Mem(self.sret_ptr), src, rt.size)
                    self.emit("movq", ROp(self.sret_ptr, 8), ROp(RAX, 8))
                    uses.append(RAX)
                elif rc and rc[0][0] == "X87":
                    for c, rn, k in reversed(rc):
                        self.emit("fldt", src.copy(disp=src.disp + 16 * k))
                else:
                    pend = []
                    for c, rn, k in rc:
                        n = min(8, rt.size - 8 * k)
                        if c == abi.INTEGER:
                            pend.append((GPR[rn], self.load_partial(src.copy(disp=src.disp + 8 * k), n), 8))
                        else:
                            fr = self.vreg("f")
                            if abi.is_vec16(rt):
                                n = 16
                            self.emit("movss" if n == 4 else "movups" if n == 16 else "movsd",
                                      src.copy(disp=src.disp + 8 * k, size=n), ROp(fr, 16))
                            pend.append((XMM[rn], fr, 16))
                    for pr, r, sz in pend:
                        self.emit("movaps" if sz == 16 else "movq", ROp(r, sz), ROp(pr, sz))
                        uses.append(pr)
            elif rt is T.F80:
                self.fld(v)
            elif rt is T.I128:
                lo, hi = self.pair(v)
                self.emit("movq", ROp(lo, 8), ROp(RAX, 8))
                self.emit("movq", ROp(hi, 8), ROp(RDX, 8))
                uses += [RAX, RDX]
            elif rt.is_float:
                self.emit("movaps", ROp(self.val(v), 16), ROp(XMM["xmm0"], 16))
                uses.append(XMM["xmm0"])
            else:
                if isinstance(v, Const) and fits32(v.signed):
                    self.emit("movq" if v.signed < 0 and rt.size == 8 else "movl",
                              Imm(v.signed if rt.size == 8 else v.value & 0xFFFFFFFF),
                              ROp(RAX, 8 if v.signed < 0 and rt.size == 8 else 4))
                else:
                    self.emit("movq", ROp(self.val(v), 8), ROp(RAX, 8))
                uses.append(RAX)
        self.emit("jmp", Sym(self.ret_block.label), iuse=tuple(uses), flags="bt",
                  targets=(self.ret_block,))
        self.mb.succs.append(self.ret_block)


class _RegValue:
    """A pseudo IR value standing for a temporary register (phi copies, helper calls)."""
    __slots__ = ("type", "reg")
    users = None

    def __init__(self, reg, type):
        self.reg = reg
        self.type = type
