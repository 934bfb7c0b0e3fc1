"""AArch64 instruction selection: IR function -> machine IR on virtual registers.

Operands are in assembler order (destination first). Integer values live in x/w registers:
i1/i8/i16/i32 are computed with 32-bit operations and the bits above their width are
undefined (re-extended where it matters: compares, division, right shifts, widening);
i64/ptr use x registers; i128 is a pair of x registers; f32/f64 live in v registers.
Static allocas are frame slots addressed from x29; constant ``ptradd`` chains fold into
``[base, #disp]`` (the emitter legalises offsets no load/store form can encode). Phis become
parallel copies at the end of predecessors (critical edges split first). No instruction uses
more than two virtual integer registers, so spill code always finds a scratch register.
"""
from __future__ import annotations

import struct as _struct

from toolchain.cc.backend.isel import ISelBase, ModuleCtx  # noqa: F401 (ModuleCtx re-exported)
from toolchain.cc.backend.mir import AddrOperand, FrameSlot, Imm, MBlock, MFunction, MInstr, Mem, ROp, Reg, Sym
from toolchain.cc.ir import types as T
from toolchain.cc.ir.cfg import remove_unreachable
from toolchain.cc.ir.floats import encode, pack as float_pack
from toolchain.cc.ir.core import Arg, BINOPS, Block, Const, Function, Instr, SymRef, Undef
from toolchain.diag import ToolError

from . import abi
from .regs import CALL_CLOBBERS, FP, LR, SP, V, X, XZR

CC = {"eq": "eq", "ne": "ne", "slt": "lt", "sle": "le", "sgt": "gt", "sge": "ge",
      "ult": "lo", "ule": "ls", "ugt": "hi", "uge": "hs"}
INV = {"eq": "ne", "ne": "eq", "lt": "ge", "ge": "lt", "le": "gt", "gt": "le", "lo": "hs",
       "hs": "lo", "ls": "hi", "hi": "ls", "mi": "pl", "pl": "mi", "vs": "vc", "vc": "vs"}
# fcmp predicate -> condition after `fcmp a, b` (None: needs two conditions)
FCC = {"oeq": "eq", "olt": "mi", "ole": "ls", "ogt": "gt", "oge": "ge", "ord": "vc",
       "uno": "vs", "une": "ne", "ult": "lt", "ule": "le", "ugt": "hi", "uge": "pl",
       "one": None, "ueq": None}

NODEF = frozenset("str strb strh stur sturb sturh stp cmp cmn tst fcmp ccmp b bl blr br cbz cbnz "
                  "tbz tbnz ret stlr stlrb stlrh dmb brk nop #use".split())
UD_FIRST = frozenset(("movk", "bfi"))


class Unsupported(ToolError):
    pass


def fits_imm12(v: int) -> bool:
    return 0 <= v < 4096 or (v & 0xFFF == 0 and 0 <= v < (1 << 24))


def logical_imm(v: int, bits: int) -> bool:
    """True when v is encodable as an AArch64 bitmask immediate of width ``bits``."""
    mask = (1 << bits) - 1
    v &= mask
    if v == 0 or v == mask:
        return False
    size = bits
    while size > 2:
        h = size // 2
        if (v & ((1 << h) - 1)) != (v >> h) & ((1 << h) - 1):
            break
        size = h
    e = v & ((1 << size) - 1)
    # e must be a rotation of a contiguous run of ones
    for r in range(size):
        rot = ((e >> r) | (e << (size - r))) & ((1 << size) - 1)
        if rot & (rot + 1) == 0:     # of the form 0..01..1
            return True
    return False


def mov_imm_seq(v: int, bits: int):
    """[(mnemonic, imm16, shift)] building the ``bits``-wide constant v (movz/movn + movk)."""
    mask = (1 << bits) - 1
    v &= mask
    chunks = [(v >> s) & 0xFFFF for s in range(0, bits, 16)]
    nz = sum(1 for c in chunks if c != 0)
    nf = sum(1 for c in chunks if c != 0xFFFF)
    if nf < nz:
        seq = []
        first = True
        for i, c in enumerate(chunks):
            if c == 0xFFFF:
                continue
            if first:
                seq.append(("movn", (~c) & 0xFFFF, 16 * i))
                first = False
            else:
                seq.append(("movk", c, 16 * i))
        if first:
            seq.append(("movn", 0, 0))
        return seq
    seq = []
    first = True
    for i, c in enumerate(chunks):
        if c == 0:
            continue
        if first:
            seq.append(("movz", c, 16 * i))
            first = False
        else:
            seq.append(("movk", c, 16 * i))
    if first:
        seq.append(("movz", 0, 0))
    return seq


class LabelRef(AddrOperand):
    """The address of a block label (``blockaddr``): an operand whose ``sym`` keeps the block
    alive through the shared block layout."""
    __slots__ = ("sym", "reloc")

    def __init__(self, sym: str, reloc: str | None = None):
        self.sym = sym
        self.reloc = reloc


class _RegValue:
    """A pseudo IR value standing for a temporary register (phi copies)."""
    __slots__ = ("type", "reg")
    users = None

    def __init__(self, reg, type):
        self.reg = reg
        self.type = type


PAIR = (T.I128, T.F128)     # values held in a pair of x registers (f128: its bits)


def isz(t: T.Type) -> int:
    return 1 if t is T.I1 else t.size


def osz(t: T.Type) -> int:
    return 8 if t.size >= 8 else 4


def fsz(t: T.Type) -> int:
    return 4 if t is T.F32 else 2 if t is T.F16 else 8


class ISel(ISelBase):
    def __init__(self, ctx: ModuleCtx, f: Function, optimize: bool):
        self.ctx = ctx
        self.f = f
        self.opt = optimize
        self.mf = MFunction(f.name, f.internal)
        self.vr = {}
        self.vr128 = {}
        self.slot_of = {}
        self.mb = None
        self.mblock = {}
        self.ret_block = None
        self.fused = set()
        self.va = None
        self.sret_ptr = None
        self.in_slot = FrameSlot(0, 16, "in")      # incoming stack arguments (offset: frame size)
        self.mf.extra["in_slot"] = self.in_slot

    # -- emission helpers -------------------------------------------------------------------
    def emit(self, op, *ops, roles=None, iuse=(), idef=(), flags="", targets=(), extra=None):
        if roles is None:
            n = len(ops)
            if n == 0:
                roles = ()
            elif op in NODEF or op.startswith("b."):
                roles = ("u",) * n
            elif op in UD_FIRST:
                roles = ("ud",) + ("u",) * (n - 1)
            else:
                roles = ("d",) + ("u",) * (n - 1)
        mi = MInstr(op, ops, roles, iuse, idef, flags, targets, extra)
        self.mb.instrs.append(mi)
        return mi

    def new_mblock(self) -> MBlock:
        b = MBlock(self.ctx.label())
        self.mf.blocks.append(b)
        return b

    def vreg(self, cls) -> Reg:
        return self.mf.new_vreg(cls)

    @staticmethod
    def cls_of(t: T.Type) -> str:
        if t is T.I128 or t.is_struct or t is T.F80 or t is T.F128:
            raise Unsupported(f"the AArch64 back end does not support {t} values here")
        return "f" if t.is_float else "i"

    def reg_for(self, v) -> Reg:
        r = self.vr.get(v)
        if r is None:
            r = self.vreg(self.cls_of(v.type))
            self.vr[v] = r
        return r

    def branch(self, mb: MBlock, cc: str | None = None):
        if cc is None:
            self.emit("b", Sym(mb.label), flags="bt", targets=(mb,))
        else:
            self.emit("b." + cc, Sym(mb.label), flags="b", targets=(mb,))
        if mb not in self.mb.succs:
            self.mb.succs.append(mb)

    def start_block(self) -> MBlock:
        """Continue in a fresh machine block that follows the current one."""
        nb = self.new_mblock()
        if "t" not in (self.mb.instrs[-1].flags if self.mb.instrs else ""):
            self.mb.succs.append(nb)
        self.mb = nb
        return nb

    # -- constants and operands ----------------------------------------------------------------
    def mov_imm(self, r: Reg, v: int, size: int):
        bits = 64 if size == 8 else 32
        v &= (1 << bits) - 1
        if v != 0 and logical_imm(v, bits) and len(mov_imm_seq(v, bits)) > 1:
            self.emit("orr", ROp(r, size), ROp(XZR, size), Imm(v))
            return
        for mn, c, sh in mov_imm_seq(v, bits):
            if sh:
                self.emit(mn, ROp(r, size), Imm(c), Imm(sh), extra="lsl")
            else:
                self.emit(mn, ROp(r, size), Imm(c))

    def const_reg(self, v: int, size: int) -> Reg:
        r = self.vreg("i")
        self.mov_imm(r, v, size)
        return r

    def val(self, v) -> Reg:
        """A register holding scalar IR value v."""
        if isinstance(v, _RegValue):
            return v.reg
        if isinstance(v, (Instr, Arg)):
            if isinstance(v, Instr) and v in self.slot_of:
                r = self.vreg("i")
                self.emit("lea", ROp(r, 8), Mem(slot=self.slot_of[v]))
                return r
            if isinstance(v, Instr) and v in self.folded_ptradd:
                r = self.vreg("i")
                self.emit("lea", ROp(r, 8), self.addr(v))
                return r
            return self.reg_for(v)
        t = v.type
        if isinstance(v, Const):
            if t.is_float:
                r = self.vreg("f")
                self.fconst(r, t, v.value)
                return r
            return self.const_reg(v.value, osz(t))
        if isinstance(v, SymRef):
            return self.sym_addr(v.name)
        if isinstance(v, Undef):
            r = self.vreg(self.cls_of(t))
            if r.cls == "i":
                self.emit("mov", ROp(r, 4), ROp(XZR, 4))
            else:
                self.emit("movi", ROp(r, 8), Imm(0))
            return r
        raise TypeError(v)

    def fconst(self, r: Reg, t, value: float):
        if t is T.F16:      # the bits through a w register into s (h is its low half)
            bits = encode(value, "binary16")
            if bits == 0:
                self.emit("fmov", ROp(r, 4), ROp(XZR, 4))
                return
            self.emit("fmov", ROp(r, 4), ROp(self.const_reg(bits, 4), 4))
        elif t is T.F32:
            bits = _struct.unpack("<I", float_pack(value, "binary32"))[0]   # exact NaNs
            if bits == 0:
                self.emit("fmov", ROp(r, 4), ROp(XZR, 4))
                return
            g = self.const_reg(bits, 4)
            self.emit("fmov", ROp(r, 4), ROp(g, 4))
        else:
            bits = _struct.unpack("<Q", float_pack(value, "binary64"))[0]
            if bits == 0:
                self.emit("fmov", ROp(r, 8), ROp(XZR, 8))
                return
            g = self.const_reg(bits, 8)
            self.emit("fmov", ROp(r, 8), ROp(g, 8))

    def sym_addr(self, name: str, r: Reg | None = None) -> Reg:
        r = r or self.vreg("i")
        ctx = self.ctx
        if name in ctx.tls:
            if ctx.pic:
                # TLSDESC: x0 = offset from the thread pointer; only x0, x1 and x30 change
                self.emit("tlsdesc", ROp(X[0], 8), Sym(name), roles=("", ""),
                          idef=(X[0], X[1], LR), flags="c")
                tp = self.vreg("i")
                self.emit("mrs", ROp(tp, 8), Sym("tpidr_el0"))
                self.emit("add", ROp(r, 8), ROp(tp, 8), ROp(X[0], 8))
            elif name in ctx.local:
                tp = self.vreg("i")
                self.emit("mrs", ROp(tp, 8), Sym("tpidr_el0"))
                self.emit("add", ROp(r, 8), ROp(tp, 8), Sym(name, "tprel_hi12"), extra="lsl12")
                self.emit("add", ROp(r, 8), ROp(r, 8), Sym(name, "tprel_lo12_nc"),
                          roles=("d", "u", ""))
            else:
                off = self.vreg("i")
                self.emit("adrp", ROp(off, 8), Sym(name, "gottprel"))
                self.emit("ldr", ROp(off, 8), Mem(off, sym=name, reloc="gottprel_lo12", size=8))
                tp = self.vreg("i")
                self.emit("mrs", ROp(tp, 8), Sym("tpidr_el0"))
                self.emit("add", ROp(r, 8), ROp(tp, 8), ROp(off, 8))
            return r
        if name in ctx.local:
            self.emit("adrp", ROp(r, 8), Sym(name))
            self.emit("add", ROp(r, 8), ROp(r, 8), Sym(name, "lo12"))
        else:
            self.emit("adrp", ROp(r, 8), Sym(name, "got"))
            self.emit("ldr", ROp(r, 8), Mem(r, sym=name, reloc="got_lo12", size=8))
        return r

    def addr(self, p) -> Mem:
        """A memory operand for the address in IR value p."""
        disp = 0
        while isinstance(p, Instr) and p.op == "ptradd" and isinstance(p.args[1], Const) \
                and abs(disp + p.args[1].signed) < (1 << 31):
            disp += p.args[1].signed
            p = p.args[0]
        if isinstance(p, Instr) and p in self.slot_of:
            return Mem(slot=self.slot_of[p], disp=disp)
        return Mem(self.val(p), disp=disp)

    def addr_reg(self, p) -> Reg:
        """A register holding the address p (for instructions taking only [xN])."""
        m = self.addr(p)
        if m.slot is None and m.disp == 0:
            return m.base
        r = self.vreg("i")
        self.emit("lea", ROp(r, 8), m)
        return r

    def lea(self, m: Mem) -> Reg:
        if m.slot is None and m.disp == 0 and m.base is not None:
            return m.base
        r = self.vreg("i")
        self.emit("lea", ROp(r, 8), m)
        return r

    # -- function -----------------------------------------------------------------------------
    def run(self) -> MFunction:
        f = self.f
        for ins in f.instructions():
            if ins.op == "alloca" and isinstance(ins.args[0], Const):
                self.slot_of[ins] = self.mf.new_slot(max(ins.args[0].value, 1),
                                                     max(ins.extra or 1, 1))
        self.folded_ptradd = set()
        for ins in f.instructions():
            if ins.op == "ptradd" and ins.users and isinstance(ins.args[1], Const) \
                    and abs(ins.args[1].signed) < (1 << 31) and all(
                        u.op in ("load", "store") and u.args[-1] is ins and
                        (u.op == "load" or u.args[0] is not ins) and u.extra is None
                        for u in ins.users):
                self.folded_ptradd.add(ins)
        for b in f.blocks:
            t = b.terminator
            if t is not None and t.op == "br" and len(b.instrs) >= 2:
                c = b.instrs[-2]
                if c is t.args[0] and c.op in ("icmp", "fcmp") and len(c.users) == 1 \
                        and (c.op == "icmp" or FCC[c.pred] is not None):
                    self.fused.add(c)
            for k in range(len(b.instrs) - 1):
                c, sel = b.instrs[k], b.instrs[k + 1]
                if c.op in ("icmp", "fcmp") and sel.op == "select" and sel.args[0] is c \
                        and len(c.users) == 1 and (c.op == "icmp" or FCC[c.pred] is not None) \
                        and sel.type not in PAIR:
                    self.fused.add(c)
        return self.select_blocks(self.ctx.label)     # ISelBase: blocks, phis, return block

    def ret_regs(self):
        rl = abi.ret_loc(self.f.ret_type)
        if rl is None or rl[0] == "mem":
            return []
        if rl[0] == "x":
            return X[:rl[1]]
        return V[:rl[1][1]]

    def lower_params(self):
        f = self.f
        types = [p.byval if p.byval is not None else p.type for p in f.params]
        if f.ret_type.is_struct and abi.ret_loc(f.ret_type) == ("mem",):
            self.sret_ptr = self.vreg("i")
            self.emit("mov", ROp(self.sret_ptr, 8), ROp(X[8], 8))
        locs, stack, ngrn, nsrn = abi.assign_args(types)
        if f.varargs:
            gr = self.mf.new_slot(64, 16, "va")
            vr = self.mf.new_slot(128, 16, "va")
            for k in range(ngrn, 8):
                self.emit("str", ROp(X[k], 8), Mem(slot=gr, disp=8 * k, size=8))
            for k in range(nsrn, 8):
                self.emit("str", ROp(V[k], 16), Mem(slot=vr, disp=16 * k, size=16))
            self.va = (gr, vr, ngrn, nsrn, stack)
        for p, loc, t in zip(f.params, locs, types):
            if p.byval is not None:
                d = self.reg_for(p)
                if loc.kind == abi.REF:
                    if loc.regs:
                        self.emit("mov", ROp(d, 8), ROp(X[loc.regs[0]], 8))
                        # -g: the aggregate is at the address the register brings
                        self.mf.extra.setdefault("byref_regs", {})[p] = X[loc.regs[0]]
                    else:
                        self.emit("ldr", ROp(d, 8), Mem(slot=self.in_slot, disp=loc.stack_off, size=8))
                elif loc.regs:
                    s = self.mf.new_slot(max(16, (t.size + 15) // 16 * 16), max(16, t.align))
                    if loc.kind == abi.FP:
                        m, n = loc.hfa
                        ms = abi.member_size(m)
                        for i, rn in enumerate(loc.regs):
                            self.emit("str", ROp(V[rn], ms), Mem(slot=s, disp=ms * i, size=ms))
                    else:
                        for i, rn in enumerate(loc.regs):
                            self.emit("str", ROp(X[rn], 8), Mem(slot=s, disp=8 * i, size=8))
                    self.emit("lea", ROp(d, 8), Mem(slot=s))
                else:
                    self.emit("lea", ROp(d, 8), Mem(slot=self.in_slot, disp=loc.stack_off))
                if loc.kind != abi.REF:
                    # -g: where the aggregate lives (its slot, or its CFA offset on the stack;
                    # passed by reference, it lives at the address the parameter holds)
                    self.mf.extra.setdefault("byval_homes", {})[p] = (s if loc.regs
                                                                       else loc.stack_off)
                continue
            if p.type is T.F128:
                lo, hi = self.pair_for(p)
                if loc.regs:
                    self.q_to_pair(V[loc.regs[0]], lo, hi)
                else:
                    self.emit("ldr", ROp(lo, 8), Mem(slot=self.in_slot, disp=loc.stack_off, size=8))
                    self.emit("ldr", ROp(hi, 8), Mem(slot=self.in_slot, disp=loc.stack_off + 8, size=8))
                continue
            if p.type is T.I128:
                lo, hi = self.pair_for(p)
                if loc.regs:
                    self.emit("mov", ROp(lo, 8), ROp(X[loc.regs[0]], 8))
                    self.emit("mov", ROp(hi, 8), ROp(X[loc.regs[1]], 8))
                else:
                    self.emit("ldr", ROp(lo, 8), Mem(slot=self.in_slot, disp=loc.stack_off, size=8))
                    self.emit("ldr", ROp(hi, 8), Mem(slot=self.in_slot, disp=loc.stack_off + 8, size=8))
                continue
            r = self.reg_for(p)
            if loc.regs:
                # -g: the incoming register (toolchain.cc.debug locates unassigned parameters)
                self.mf.extra.setdefault("param_regs", {})[p] = \
                    X[loc.regs[0]] if r.cls == "i" else V[loc.regs[0]]
                if r.cls == "i":
                    self.emit("mov", ROp(r, 8), ROp(X[loc.regs[0]], 8))
                else:
                    self.emit("fmov", ROp(r, 8), ROp(V[loc.regs[0]], 8))
            else:
                sz = fsz(p.type) if r.cls == "f" else 8
                self.emit("ldr", ROp(r, sz), Mem(slot=self.in_slot, disp=loc.stack_off, size=sz))

    # -- dispatch -------------------------------------------------------------------------------
    def lower(self, ins: Instr):
        op = ins.op
        if ins in self.fused:
            return
        if op not in ("call", "ret", "phi", "br", "switch", "store", "load", "select", "copy",
                      "va_arg") and (ins.type in PAIR or any(a.type in PAIR for a in ins.args)):
            m = getattr(self, "w_" + op, None)
            if m is None:
                raise Unsupported(f"the AArch64 back end cannot lower '{op}' on i128 yet")
            return m(ins)
        if ins.type is T.F80 or any(a.type is T.F80 for a in ins.args):
            raise Unsupported(f"the AArch64 back end cannot lower '{op}' on long double yet")
        m = getattr(self, "i_" + op, None)
        if m is None:
            from .intrinsics import SELECTORS
            sel = SELECTORS.get(op)
            if sel is not None:
                return sel(self, ins)
            if op in BINOPS:
                return self.binop(ins)
            raise Unsupported(f"the AArch64 back end cannot lower '{op}' yet")
        m(ins)

    def copy_to(self, dst: Reg, v, t: T.Type):
        if t.is_float:
            if isinstance(v, Const):
                self.fconst(dst, t, v.value)
                return
            self.emit("fmov", ROp(dst, 8), ROp(self.val(v), 8))
            return
        if isinstance(v, Const):
            self.mov_imm(dst, v.value, osz(t))
            return
        self.emit("mov", ROp(dst, 8), ROp(self.val(v), 8))

    def ext(self, v, t: T.Type, signed: bool) -> Reg:
        """A register whose low 32 bits (64 for i64) hold v extended from its width."""
        if isinstance(v, Const):
            return self.const_reg(v.signed if signed else v.value, osz(t))
        src = self.val(v)
        if t.size >= 4 and t is not T.I1:
            return src
        r = self.vreg("i")
        if t is T.I1:
            if signed:
                self.emit("sbfx", ROp(r, 4), ROp(src, 4), Imm(0), Imm(1))
            else:
                self.emit("and", ROp(r, 4), ROp(src, 4), Imm(1))
        else:
            mn = ("sxt" if signed else "uxt") + ("b" if t.size == 1 else "h")
            self.emit(mn, ROp(r, 4), ROp(src, 4))
        return r

    def ext64(self, v, t: T.Type, signed: bool) -> Reg:
        """v extended to 64 bits."""
        if isinstance(v, Const):
            return self.const_reg(v.signed if signed else v.value, 8)
        src = self.val(v)
        if t.size >= 8:
            return src
        r = self.vreg("i")
        if t is T.I1:
            if signed:
                self.emit("sbfx", ROp(r, 8), ROp(src, 8), Imm(0), Imm(1))
            else:
                self.emit("and", ROp(r, 4), ROp(src, 4), Imm(1))
            return r
        if signed:
            mn = {1: "sxtb", 2: "sxth", 4: "sxtw"}[t.size]
            self.emit(mn, ROp(r, 8), ROp(src, 4))
        elif t.size == 4:
            self.emit("mov", ROp(r, 4), ROp(src, 4), flags="k")
        else:
            self.emit("uxtb" if t.size == 1 else "uxth", ROp(r, 4), ROp(src, 4))
        return r

    # -- integer arithmetic ------------------------------------------------------------------
    def binop(self, ins: Instr):
        op, t = ins.op, ins.type
        a, b = ins.args
        d = self.reg_for(ins)
        if t.is_float:
            s = fsz(t)
            mn = {"fadd": "fadd", "fsub": "fsub", "fmul": "fmul", "fdiv": "fdiv"}[op]
            if t is T.F16:
                w = self.vreg("f")
                self.emit(mn, ROp(w, 4), ROp(self.single(a), 4), ROp(self.single(b), 4))
                self.emit("fcvt", ROp(d, 2), ROp(w, 4))
                return
            self.emit(mn, ROp(d, s), ROp(self.val(a), s), ROp(self.val(b), s))
            return
        sz = osz(t)
        bits = 8 * sz
        if op in ("add", "sub"):
            if op == "add" and isinstance(a, Const) and not isinstance(b, Const):
                a, b = b, a
            if isinstance(b, Const):
                c = b.signed if t.size >= 4 else b.value
                c = Const(t, b.value).signed
                if op == "sub":
                    c = -c
                if fits_imm12(c):
                    self.emit("add", ROp(d, sz), ROp(self.val(a), sz), Imm(c))
                    return
                if fits_imm12(-c):
                    self.emit("sub", ROp(d, sz), ROp(self.val(a), sz), Imm(-c))
                    return
            if op == "sub" and isinstance(a, Const) and a.value == 0:
                self.emit("neg", ROp(d, sz), ROp(self.val(b), sz))
                return
            self.emit(op, ROp(d, sz), ROp(self.val(a), sz), ROp(self.val(b), sz))
            return
        if op in ("and", "or", "xor"):
            mn = {"and": "and", "or": "orr", "xor": "eor"}[op]
            if isinstance(a, Const) and not isinstance(b, Const):
                a, b = b, a
            if isinstance(b, Const):
                v = b.value & ((1 << bits) - 1)
                if t.size < 4 and not (op == "and"):
                    v = b.value
                if logical_imm(v, bits):
                    self.emit(mn, ROp(d, sz), ROp(self.val(a), sz), Imm(v))
                    return
                if op == "and" and t.size < 4:
                    # only the low bits matter: widen the mask with ones
                    v2 = v | (((1 << bits) - 1) ^ ((1 << t.bits) - 1))
                    if logical_imm(v2, bits):
                        self.emit(mn, ROp(d, sz), ROp(self.val(a), sz), Imm(v2))
                        return
            self.emit(mn, ROp(d, sz), ROp(self.val(a), sz), ROp(self.val(b), sz))
            return
        if op == "mul":
            self.emit("mul", ROp(d, sz), ROp(self.val(a), sz), ROp(self.val(b), sz))
            return
        if op in ("shl", "lshr", "ashr"):
            mn = {"shl": "lsl", "lshr": "lsr", "ashr": "asr"}[op]
            if op == "shl" or t.size >= 4:
                src = self.val(a)
            else:
                src = self.ext(a, t, op == "ashr")
            if isinstance(b, Const):
                k = b.value & (bits - 1)
                self.emit(mn, ROp(d, sz), ROp(src, sz), Imm(k))
            else:
                self.emit(mn, ROp(d, sz), ROp(src, sz), ROp(self.val(b), sz))
            return
        if op in ("sdiv", "udiv", "srem", "urem"):
            signed = op[0] == "s"
            av = self.ext(a, t, signed)
            bv = self.ext(b, t, signed)
            dv = "sdiv" if signed else "udiv"
            if op in ("sdiv", "udiv"):
                self.emit(dv, ROp(d, sz), ROp(av, sz), ROp(bv, sz))
                return
            q = self.vreg("i")
            self.emit(dv, ROp(q, sz), ROp(av, sz), ROp(bv, sz))
            self.emit("mul", ROp(q, sz), ROp(q, sz), ROp(bv, sz))
            self.emit("sub", ROp(d, sz), ROp(av, sz), ROp(q, sz))
            return
        raise Unsupported(f"binary op {op}")

    def i_neg(self, ins):
        sz = osz(ins.type)
        self.emit("neg", ROp(self.reg_for(ins), sz), ROp(self.val(ins.args[0]), sz))

    def i_not(self, ins):
        sz = osz(ins.type)
        self.emit("mvn", ROp(self.reg_for(ins), sz), ROp(self.val(ins.args[0]), sz))

    def single(self, v) -> Reg:
        """A register holding half-precision value v converted to single (exact)."""
        r = self.vreg("f")
        if isinstance(v, Const):
            self.fconst(r, T.F32, v.value)
        else:
            self.emit("fcvt", ROp(r, 4), ROp(self.val(v), 2))
        return r

    def funary(self, ins, mn):
        """fneg/fabs/fsqrt; on half precision (no FEAT_FP16 instructions assumed) in single,
        rounded once: the value the half-precision instruction gives."""
        if ins.type is T.F16:
            w = self.vreg("f")
            self.emit(mn, ROp(w, 4), ROp(self.single(ins.args[0]), 4))
            self.emit("fcvt", ROp(self.reg_for(ins), 2), ROp(w, 4))
            return
        s = fsz(ins.type)
        self.emit(mn, ROp(self.reg_for(ins), s), ROp(self.val(ins.args[0]), s))

    def i_fneg(self, ins):
        self.funary(ins, "fneg")

    def i_fabs(self, ins):
        self.funary(ins, "fabs")

    def i_sqrt(self, ins):
        self.funary(ins, "fsqrt")

    def i_bswap(self, ins):
        t = ins.type
        d = self.reg_for(ins)
        src = self.val(ins.args[0])
        if t.size == 2:
            self.emit("rev16", ROp(d, 4), ROp(src, 4))
        else:
            self.emit("rev", ROp(d, osz(t)), ROp(src, osz(t)))

    def i_ctpop(self, ins):
        t = ins.type
        src = self.ext64(ins.args[0], t, False) if t.size < 8 else self.val(ins.args[0])
        fr = self.vreg("f")
        self.emit("fmov", ROp(fr, 8), ROp(src, 8))
        self.emit("fmt", ROp(fr, 8), roles=("ud",), extra="cnt8b")
        self.emit("fmt", ROp(fr, 8), roles=("ud",), extra="addv8b")
        self.emit("fmov", ROp(self.reg_for(ins), 4), ROp(fr, 4))

    def i_ctlz(self, ins):
        t = ins.type
        d = self.reg_for(ins)
        if t.size >= 4:
            self.emit("clz", ROp(d, osz(t)), ROp(self.val(ins.args[0]), osz(t)))
            return
        src = self.ext(ins.args[0], t, False)
        self.emit("clz", ROp(d, 4), ROp(src, 4))
        self.emit("sub", ROp(d, 4), ROp(d, 4), Imm(32 - t.bits))

    def i_cttz(self, ins):
        t = ins.type
        d = self.reg_for(ins)
        sz = osz(t)
        tmp = self.vreg("i")
        self.emit("rbit", ROp(tmp, sz), ROp(self.val(ins.args[0]), sz))
        self.emit("clz", ROp(d, sz), ROp(tmp, sz))

    # -- compares and selects -----------------------------------------------------------------
    def cmp_flags(self, c) -> str:
        """Emit the compare of icmp/fcmp c; returns the condition code."""
        a, b = c.args
        t = a.type
        if c.op == "fcmp":
            s = fsz(t)
            val = self.val
            if t is T.F16:      # compared in single (exact)
                s, val = 4, self.single
            if isinstance(b, Const) and b.value == 0.0 and repr(b.value) == "0.0":
                self.emit("fcmp", ROp(val(a), s), Imm(0))
            else:
                self.emit("fcmp", ROp(val(a), s), ROp(val(b), s))
            return FCC[c.pred]
        pred = c.pred
        if t is T.I128:
            return self.cmp128(pred, a, b)
        if isinstance(a, Const) and not isinstance(b, Const):
            a, b = b, a
            pred = {"eq": "eq", "ne": "ne", "slt": "sgt", "sle": "sge", "sgt": "slt",
                    "sge": "sle", "ult": "ugt", "ule": "uge", "ugt": "ult", "uge": "ule"}[pred]
        signed = pred[0] == "s"
        sz = osz(t)
        narrow = t.size < 4 or t is T.I1
        av = self.ext(a, t, signed) if narrow else self.val(a)
        if isinstance(b, Const):
            cv = b.signed if signed else b.value
            if fits_imm12(cv):
                self.emit("cmp", ROp(av, sz), Imm(cv))
                return CC[pred]
            if fits_imm12(-cv) and cv != 0:
                self.emit("cmn", ROp(av, sz), Imm(-cv))
                return CC[pred]
            bv = self.const_reg(cv, sz)
            self.emit("cmp", ROp(av, sz), ROp(bv, sz))
            return CC[pred]
        if narrow and t is not T.I1:
            ex = ("sxt" if signed else "uxt") + ("b" if t.size == 1 else "h")
            self.emit("cmp", ROp(av, 4), ROp(self.val(b), 4), extra=ex)
            return CC[pred]
        bv = self.ext(b, t, signed) if narrow else self.val(b)
        self.emit("cmp", ROp(av, sz), ROp(bv, sz))
        return CC[pred]

    def cmp128(self, pred, a, b) -> str:
        al, ah = self.pair(a)
        bl, bh = self.pair(b)
        if pred in ("eq", "ne"):
            t1, t2 = self.vreg("i"), self.vreg("i")
            self.emit("eor", ROp(t1, 8), ROp(al, 8), ROp(bl, 8))
            self.emit("eor", ROp(t2, 8), ROp(ah, 8), ROp(bh, 8))
            self.emit("orr", ROp(t1, 8), ROp(t1, 8), ROp(t2, 8))
            self.emit("cmp", ROp(t1, 8), Imm(0))
            return pred
        if pred in ("sgt", "sle", "ugt", "ule"):
            al, ah, bl, bh = bl, bh, al, ah
            pred = {"sgt": "slt", "sle": "sge", "ugt": "ult", "ule": "uge"}[pred]
        self.emit("cmp", ROp(al, 8), ROp(bl, 8))
        self.emit("sbcs", ROp(XZR, 8), ROp(ah, 8), ROp(bh, 8), roles=("", "u", "u"))
        return CC[pred]

    def cond_value(self, c) -> str:
        """Flags for an i1 value used as a condition (fused compare or test of bit 0)."""
        if c in self.fused:
            return self.cmp_flags(c)
        self.emit("tst", ROp(self.val(c), 4), Imm(1))
        return "ne"

    def setcc(self, d: Reg, ins):
        if ins.op == "fcmp" and FCC[ins.pred] is None:
            self.cmp_flags(ins)
            if ins.pred == "one":
                self.emit("cset", ROp(d, 4), Sym("gt"))
                self.emit("csinc", ROp(d, 4), ROp(d, 4), ROp(XZR, 4), Sym("pl"),
                          roles=("d", "u", "", ""))
            else:   # ueq
                self.emit("cset", ROp(d, 4), Sym("eq"))
                self.emit("csinc", ROp(d, 4), ROp(d, 4), ROp(XZR, 4), Sym("vc"),
                          roles=("d", "u", "", ""))
            return
        cc = self.cmp_flags(ins)
        self.emit("cset", ROp(d, 4), Sym(cc), roles=("d", ""))

    def i_icmp(self, ins):
        self.setcc(self.reg_for(ins), ins)

    i_fcmp = i_icmp

    def i_select(self, ins):
        c, a, b = ins.args
        t = ins.type
        if isinstance(c, Const):
            if t in PAIR:
                return self.w_copy_from(ins, a if c.value else b)
            return self.copy_to(self.reg_for(ins), a if c.value else b, t)
        if t in PAIR:
            al, ah = self.pair(a)
            bl, bh = self.pair(b)
            cc = self.cond_value(c)
            dl, dh = self.pair_for(ins)
            self.emit("csel", ROp(dl, 8), ROp(al, 8), ROp(bl, 8), Sym(cc), roles=("d", "u", "u", ""))
            self.emit("csel", ROp(dh, 8), ROp(ah, 8), ROp(bh, 8), Sym(cc), roles=("d", "u", "u", ""))
            return
        av = self.val(a)
        bv = self.val(b)
        cc = self.cond_value(c)
        d = self.reg_for(ins)
        if t.is_float:
            s = max(4, fsz(t))      # (fcsel h needs FEAT_FP16; s carries the half too)
            self.emit("fcsel", ROp(d, s), ROp(av, s), ROp(bv, s), Sym(cc), roles=("d", "u", "u", ""))
        else:
            sz = osz(t)
            self.emit("csel", ROp(d, sz), ROp(av, sz), ROp(bv, sz), Sym(cc), roles=("d", "u", "u", ""))

    # -- conversions ------------------------------------------------------------------------
    def i_trunc(self, ins):
        self.emit("mov", ROp(self.reg_for(ins), 4), ROp(self.val(ins.args[0]), 4))

    def i_zext(self, ins):
        a = ins.args[0]
        d = self.reg_for(ins)
        if ins.type.size >= 8:
            r = self.ext64(a, a.type, False)
        else:
            r = self.ext(a, a.type, False)
        self.emit("mov", ROp(d, 8), ROp(r, 8))

    def i_sext(self, ins):
        a = ins.args[0]
        d = self.reg_for(ins)
        if ins.type.size >= 8:
            r = self.ext64(a, a.type, True)
        else:
            r = self.ext(a, a.type, True)
        self.emit("mov", ROp(d, 8), ROp(r, 8))

    def i_fpext(self, ins):
        a = ins.args[0]
        self.emit("fcvt", ROp(self.reg_for(ins), fsz(ins.type)), ROp(self.val(a), fsz(a.type)))

    i_fptrunc = i_fpext

    def _fcvtz(self, ins, mn):
        a = ins.args[0]
        t = ins.type
        sz = 8 if t.size >= 8 else 4
        if a.type is T.F16:
            self.emit(mn, ROp(self.reg_for(ins), sz), ROp(self.single(a), 4))
            return
        self.emit(mn, ROp(self.reg_for(ins), sz), ROp(self.val(a), fsz(a.type)))

    def i_fptosi(self, ins):
        self._fcvtz(ins, "fcvtzs")

    def i_fptoui(self, ins):
        if ins.type.size < 4:
            return self._fcvtz(ins, "fcvtzs")
        self._fcvtz(ins, "fcvtzu")

    def _cvtf(self, ins, signed):
        a = ins.args[0]
        st = a.type
        src = self.ext(a, st, signed) if st.size < 4 or st is T.I1 else self.val(a)
        sz = 8 if st.size >= 8 else 4
        if ins.type is T.F16:
            # through single: every integer that rounds to a finite half is exact there
            w = self.vreg("f")
            self.emit("scvtf" if signed else "ucvtf", ROp(w, 4), ROp(src, sz))
            self.emit("fcvt", ROp(self.reg_for(ins), 2), ROp(w, 4))
            return
        self.emit("scvtf" if signed else "ucvtf", ROp(self.reg_for(ins), fsz(ins.type)),
                  ROp(src, sz))

    def i_sitofp(self, ins):
        self._cvtf(ins, True)

    def i_uitofp(self, ins):
        self._cvtf(ins, False)

    def i_bitcast(self, ins):
        a = ins.args[0]
        st, t = a.type, ins.type
        d = self.reg_for(ins)
        if st.is_float == t.is_float:
            return self.copy_to(d, a, t)
        if t.size == 2:     # i16 <-> f16: the low half of a w/s register
            self.emit("fmov", ROp(d, 4), ROp(self.val(a), 4))
            return
        if t.is_float:
            self.emit("fmov", ROp(d, t.size), ROp(self.val(a), t.size))
        else:
            self.emit("fmov", ROp(d, t.size), ROp(self.val(a), t.size))

    def i_ptrtoint(self, ins):
        self.copy_to(self.reg_for(ins), ins.args[0], T.I64)

    def i_inttoptr(self, ins):
        a = ins.args[0]
        if a.type.size < 8:
            r = self.ext64(a, a.type, False)
            self.emit("mov", ROp(self.reg_for(ins), 8), ROp(r, 8))
        else:
            self.copy_to(self.reg_for(ins), a, T.I64)

    def i_copy(self, ins):
        if ins.type in PAIR:
            return self.w_copy_from(ins, ins.args[0])
        self.copy_to(self.reg_for(ins), ins.args[0], ins.type)

    # -- memory ------------------------------------------------------------------------------
    def i_alloca(self, ins):
        if ins in self.slot_of:
            return
        self.mf.extra["dynamic_stack"] = True
        sz = self.ext64(ins.args[0], ins.args[0].type, False)
        align = max(16, ins.extra or 16)
        t = self.vreg("i")
        self.emit("add", ROp(t, 8), ROp(sz, 8), Imm(15))
        self.emit("and", ROp(t, 8), ROp(t, 8), Imm((-16) & (2 ** 64 - 1)))
        self.emit("sub", ROp(SP, 8), ROp(SP, 8), ROp(t, 8), roles=("", "", "u"))
        d = self.reg_for(ins)
        if align > 16:
            self.emit("sub", ROp(SP, 8), ROp(SP, 8), Imm(align), roles=("", "", ""))
            self.emit("mov", ROp(d, 8), ROp(SP, 8))
            self.emit("add", ROp(d, 8), ROp(d, 8), Imm(align - 1))
            self.emit("and", ROp(d, 8), ROp(d, 8), Imm((-align) & (2 ** 64 - 1)))
        else:
            self.emit("mov", ROp(d, 8), ROp(SP, 8))

    def i_ptradd(self, ins):
        if ins in self.folded_ptradd:
            return
        p, off = ins.args
        d = self.reg_for(ins)
        if isinstance(off, Const) and abs(off.signed) < (1 << 31):
            m = self.addr(ins)
            self.emit("lea", ROp(d, 8), m)
            return
        base = self.val(p)
        if isinstance(off, Instr) and off.op in ("mul", "shl") and isinstance(off.args[1], Const) \
                and len(off.users) == 1:
            k = off.args[1].value
            sh = None
            if off.op == "shl" and k < 64:
                sh = k
            elif off.op == "mul" and k > 0 and k & (k - 1) == 0:
                sh = k.bit_length() - 1
            if sh is not None and sh <= 4:
                self.emit("add", ROp(d, 8), ROp(base, 8), ROp(self.val(off.args[0]), 8), Imm(sh),
                          extra="lsl")
                return
        self.emit("add", ROp(d, 8), ROp(base, 8), ROp(self.val(off), 8))

    _LD = {1: "ldrb", 2: "ldrh", 4: "ldr", 8: "ldr"}
    _ST = {1: "strb", 2: "strh", 4: "str", 8: "str"}

    def i_load(self, ins):
        t = ins.type
        p = ins.args[0]
        if t in PAIR:
            lo, hi = self.pair_for(ins)
            m = self.addr(p)
            self.emit("ldr", ROp(lo, 8), m.copy(size=8))
            self.emit("ldr", ROp(hi, 8), m.copy(disp=m.disp + 8, size=8))
            return
        d = self.reg_for(ins)
        if ins.extra == "atomic":
            r = self.addr_reg(p)
            if t.is_float:
                g = self.vreg("i")
                n = max(4, t.size)
                self.emit("ldarh" if t.size == 2 else "ldar", ROp(g, n), Mem(r, size=t.size))
                self.emit("fmov", ROp(d, n), ROp(g, n))
            else:
                n = isz(t)
                self.emit({1: "ldarb", 2: "ldarh"}.get(n, "ldar"), ROp(d, osz(t)), Mem(r, size=n))
            return
        m = self.addr(p)
        if t.is_float:
            m.size = t.size
            self.emit("ldr", ROp(d, t.size), m)
            return
        n = isz(t)
        m.size = n
        self.emit(self._LD[n], ROp(d, 8 if n == 8 else 4), m)

    def i_store(self, ins):
        v, p = ins.args
        t = v.type
        if t in PAIR:
            lo, hi = self.pair(v)
            m = self.addr(p)
            self.emit("str", ROp(lo, 8), m.copy(size=8))
            self.emit("str", ROp(hi, 8), m.copy(disp=m.disp + 8, size=8))
            return
        if ins.extra == "atomic":
            r = self.addr_reg(p)
            if t.is_float:
                g = self.vreg("i")
                n = max(4, t.size)
                self.emit("fmov", ROp(g, n), ROp(self.val(v), n))
                self.emit("stlrh" if t.size == 2 else "stlr", ROp(g, n), Mem(r, size=t.size))
            else:
                n = isz(t)
                self.emit({1: "stlrb", 2: "stlrh"}.get(n, "stlr"), ROp(self.val(v), osz(t)),
                          Mem(r, size=n))
            return
        if isinstance(v, Const) and not t.is_float and v.value == 0:
            src = ROp(XZR, 8 if isz(t) == 8 else 4)
        elif isinstance(v, Const) and t.is_float and repr(float(v.value)) == "0.0":
            src = ROp(XZR, 8 if t.size == 8 else 4)
            m = self.addr(p)
            m.size = t.size
            self.emit("strh" if t.size == 2 else "str", src, m)
            return
        elif t.is_float:
            m = self.addr(p)
            m.size = t.size
            self.emit("str", ROp(self.val(v), t.size), m)
            return
        else:
            src = ROp(self.val(v), 8 if isz(t) == 8 else 4)
        m = self.addr(p)
        n = isz(t)
        m.size = n
        self.emit(self._ST[n], src, m)

    def copy_mem(self, dm: Mem, sm: Mem, n: int):
        off = 0
        while off < n:
            k = 16 if n - off >= 16 else 8 if n - off >= 8 else 4 if n - off >= 4 else \
                2 if n - off >= 2 else 1
            if k == 16:
                r = self.vreg("f")
                self.emit("ldr", ROp(r, 16), sm.copy(disp=sm.disp + off, size=16))
                self.emit("str", ROp(r, 16), dm.copy(disp=dm.disp + off, size=16))
            else:
                r = self.vreg("i")
                self.emit(self._LD[k], ROp(r, 8 if k == 8 else 4), sm.copy(disp=sm.disp + off, size=k))
                self.emit(self._ST[k], ROp(r, 8 if k == 8 else 4), dm.copy(disp=dm.disp + off, size=k))
            off += k

    def i_memcpy(self, ins):
        dst, src, n = ins.args[:3]
        if isinstance(n, Const) and n.value <= 128:
            self.copy_mem(self.addr(dst), self.addr(src), n.value)
            return
        self.libcall("memcpy", [(self.val(dst), 8), (self.val(src), 8),
                                (self.ext64(n, n.type, False), 8)])

    def i_memset(self, ins):
        dst, v, n = ins.args[:3]
        if isinstance(n, Const) and n.value <= 128 and isinstance(v, Const):
            dm = self.addr(dst)
            b = v.value & 0xFF
            if b == 0:
                r = XZR
            else:
                r = self.const_reg(int.from_bytes(bytes([b]) * 8, "little"), 8)
            off = 0
            while off < n.value:
                k = 8 if n.value - off >= 8 else 4 if n.value - off >= 4 else \
                    2 if n.value - off >= 2 else 1
                self.emit(self._ST[k], ROp(r, 8 if k == 8 else 4), dm.copy(disp=dm.disp + off, size=k))
                off += k
            return
        self.libcall("memset", [(self.val(dst), 8), (self.ext(v, T.I8, False), 4),
                                (self.ext64(n, n.type, False), 8)])

    def libcall(self, name, args, ret=None, fargs=()):
        """Call a C helper with integer register args [(Reg, size)] (x0..) and FP args
        [(Reg, size)] (v0..); ret: "i", "f", "i2" (pair) or None."""
        uses = []
        for k, (r, sz) in enumerate(args):
            self.emit("mov", ROp(X[k], 8), ROp(r, 8))
            uses.append(X[k])
        for k, (r, sz) in enumerate(fargs):
            self.emit("fmov", ROp(V[k], 8), ROp(r, 8))
            uses.append(V[k])
        self.emit("bl", Sym(name), iuse=tuple(uses), idef=CALL_CLOBBERS, flags="c")
        if ret == "i":
            d = self.vreg("i")
            self.emit("mov", ROp(d, 8), ROp(X[0], 8))
            return d
        if ret == "i2":
            lo, hi = self.vreg("i"), self.vreg("i")
            self.emit("mov", ROp(lo, 8), ROp(X[0], 8))
            self.emit("mov", ROp(hi, 8), ROp(X[1], 8))
            return lo, hi
        if ret == "f":
            d = self.vreg("f")
            self.emit("fmov", ROp(d, 8), ROp(V[0], 8))
            return d
        return None

    # -- atomics (libgcc's outline helpers, as gcc -moutline-atomics) -------------------------
    def i_atomicrmw(self, ins):
        p, v = ins.args
        t = v.type
        n = isz(t)
        kind = ins.extra if isinstance(ins.extra, str) else ins.pred
        sz = osz(t)
        val = self.val(v)
        if kind == "sub":
            nv = self.vreg("i")
            self.emit("neg", ROp(nv, sz), ROp(val, sz))
            val, helper = nv, "ldadd"
        elif kind == "and":
            nv = self.vreg("i")
            self.emit("mvn", ROp(nv, sz), ROp(val, sz))
            val, helper = nv, "ldclr"
        else:
            helper = {"add": "ldadd", "or": "ldset", "xor": "ldeor", "xchg": "swp"}[kind]
        pr = self.addr_reg(p)
        r = self.libcall(f"__aarch64_{helper}{n}_acq_rel", [(val, sz), (pr, 8)], "i")
        self.emit("mov", ROp(self.reg_for(ins), 8), ROp(r, 8))

    def i_cmpxchg(self, ins):
        p, exp, new = ins.args
        t = exp.type
        n = isz(t)
        pr = self.addr_reg(p)
        r = self.libcall(f"__aarch64_cas{n}_acq_rel", [(self.val(exp), 8), (self.val(new), 8),
                                                       (pr, 8)], "i")
        self.emit("mov", ROp(self.reg_for(ins), 8), ROp(r, 8))

    def i_fence(self, ins):
        self.emit("dmb", Sym("ish"))

    # -- i128 ---------------------------------------------------------------------------------
    def pair_for(self, v):
        p = self.vr128.get(v)
        if p is None:
            p = (self.vreg("i"), self.vreg("i"))
            self.vr128[v] = p
        return p

    def pair(self, v):
        if isinstance(v, (Const, Undef)):
            val = v.value if isinstance(v, Const) else 0
            if isinstance(v, Const) and v.type is T.F128:
                from toolchain.cc.ir.floats import encode
                val = encode(v.value, "binary128")
            return (self.const_reg(val & (2 ** 64 - 1), 8), self.const_reg(val >> 64, 8))
        return self.pair_for(v)

    def pair_to_q(self, q: Reg, lo: Reg, hi: Reg):
        self.emit("fmov", ROp(q, 8), ROp(lo, 8))
        self.emit("fmt", ROp(q, 16), ROp(hi, 8), roles=("ud", "u"), extra="ins_d1")

    def q_to_pair(self, q: Reg, lo: Reg, hi: Reg):
        self.emit("fmov", ROp(lo, 8), ROp(q, 8))
        self.emit("fmt", ROp(hi, 8), ROp(q, 16), roles=("d", "u"), extra="umov_d1")

    def w_copy_from(self, ins, v):
        sl, sh = self.pair(v)
        dl, dh = self.pair_for(ins)
        self.emit("mov", ROp(dl, 8), ROp(sl, 8))
        self.emit("mov", ROp(dh, 8), ROp(sh, 8))

    def _w_pairwise(self, ins, lo_op, hi_op):
        a, b = ins.args
        al, ah = self.pair(a)
        bl, bh = self.pair(b)
        dl, dh = self.pair_for(ins)
        self.emit(lo_op, ROp(dl, 8), ROp(al, 8), ROp(bl, 8))
        self.emit(hi_op, ROp(dh, 8), ROp(ah, 8), ROp(bh, 8))

    def w_add(self, ins):
        self._w_pairwise(ins, "adds", "adc")

    def w_sub(self, ins):
        self._w_pairwise(ins, "subs", "sbc")

    def w_and(self, ins):
        self._w_pairwise(ins, "and", "and")

    def w_or(self, ins):
        self._w_pairwise(ins, "orr", "orr")

    def w_xor(self, ins):
        self._w_pairwise(ins, "eor", "eor")

    def w_neg(self, ins):
        al, ah = self.pair(ins.args[0])
        dl, dh = self.pair_for(ins)
        self.emit("negs", ROp(dl, 8), ROp(al, 8))
        self.emit("ngc", ROp(dh, 8), ROp(ah, 8))

    def w_not(self, ins):
        al, ah = self.pair(ins.args[0])
        dl, dh = self.pair_for(ins)
        self.emit("mvn", ROp(dl, 8), ROp(al, 8))
        self.emit("mvn", ROp(dh, 8), ROp(ah, 8))

    def w_mul(self, ins):
        a, b = ins.args
        al, ah = self.pair(a)
        bl, bh = self.pair(b)
        dl, dh = self.pair_for(ins)
        t1, t2 = self.vreg("i"), self.vreg("i")
        self.emit("umulh", ROp(t1, 8), ROp(al, 8), ROp(bl, 8))
        self.emit("mul", ROp(t2, 8), ROp(al, 8), ROp(bh, 8))
        self.emit("add", ROp(t1, 8), ROp(t1, 8), ROp(t2, 8))
        self.emit("mul", ROp(t2, 8), ROp(ah, 8), ROp(bl, 8))
        self.emit("add", ROp(dh, 8), ROp(t1, 8), ROp(t2, 8))
        self.emit("mul", ROp(dl, 8), ROp(al, 8), ROp(bl, 8))

    def _w_libcall(self, ins, name):
        al, ah = self.pair(ins.args[0])
        bl, bh = self.pair(ins.args[1])
        lo, hi = self.libcall(name, [(al, 8), (ah, 8), (bl, 8), (bh, 8)], "i2")
        dl, dh = self.pair_for(ins)
        self.emit("mov", ROp(dl, 8), ROp(lo, 8))
        self.emit("mov", ROp(dh, 8), ROp(hi, 8))

    def _w_shift(self, ins, name):
        a, b = ins.args
        al, ah = self.pair(a)
        if b.type is T.I128:
            bv = self.pair(b)[0]
        else:
            bv = self.ext64(b, b.type, False)
        lo, hi = self.libcall(name, [(al, 8), (ah, 8), (bv, 8)], "i2")
        dl, dh = self.pair_for(ins)
        self.emit("mov", ROp(dl, 8), ROp(lo, 8))
        self.emit("mov", ROp(dh, 8), ROp(hi, 8))

    def w_shl(self, ins):
        self._w_shift(ins, "__ashlti3")

    def w_lshr(self, ins):
        self._w_shift(ins, "__lshrti3")

    def w_ashr(self, ins):
        self._w_shift(ins, "__ashrti3")

    def w_icmp(self, ins):
        self.setcc(self.reg_for(ins), ins)

    def w_zext(self, ins):
        a = ins.args[0]
        dl, dh = self.pair_for(ins)
        r = self.ext64(a, a.type, False)
        self.emit("mov", ROp(dl, 8), ROp(r, 8))
        self.emit("mov", ROp(dh, 8), ROp(XZR, 8))

    def w_sext(self, ins):
        a = ins.args[0]
        dl, dh = self.pair_for(ins)
        r = self.ext64(a, a.type, True)
        self.emit("mov", ROp(dl, 8), ROp(r, 8))
        self.emit("asr", ROp(dh, 8), ROp(r, 8), Imm(63))

    def w_trunc(self, ins):
        lo, hi = self.pair(ins.args[0])
        self.emit("mov", ROp(self.reg_for(ins), 8), ROp(lo, 8))

    def w_bitcast(self, ins):
        self.w_copy_from(ins, ins.args[0])

    def w_phi(self, ins):
        self.pair_for(ins)

    def _w_conv(self, ins, name):
        a = ins.args[0]
        if a.type is T.I128:
            lo, hi = self.pair(a)
            d = self.libcall(name, [(lo, 8), (hi, 8)], "f")
            self.emit("fmov", ROp(self.reg_for(ins), 8), ROp(d, 8))
        else:
            lo, hi = self.libcall(name, [], "i2", fargs=[(self.val(a), 8)])
            dl, dh = self.pair_for(ins)
            self.emit("mov", ROp(dl, 8), ROp(lo, 8))
            self.emit("mov", ROp(dh, 8), ROp(hi, 8))

    _W_FMT = {"f16": "hf", "f32": "sf", "f64": "df"}      # libgcc's routine infixes

    def w_sitofp(self, ins):
        self._w_conv(ins, f"__floatti{self._W_FMT[ins.type.name]}")

    def w_uitofp(self, ins):
        self._w_conv(ins, f"__floatunti{self._W_FMT[ins.type.name]}")

    def w_fptosi(self, ins):
        self._w_conv(ins, f"__fix{self._W_FMT[ins.args[0].type.name]}ti")

    def w_fptoui(self, ins):
        self._w_conv(ins, f"__fixuns{self._W_FMT[ins.args[0].type.name]}ti")

    def w_ctpop(self, ins):
        lo, hi = self.pair(ins.args[0])
        r = self.libcall("__popcountti2", [(lo, 8), (hi, 8)], "i")
        self.emit("mov", ROp(self.reg_for(ins), 8), ROp(r, 8))

    # -- calls --------------------------------------------------------------------------------
    def i_call(self, ins):
        ci = ins.extra
        callee = ins.args[0]
        args = list(ins.args[1:])
        sret_dst = None
        rt = ins.type
        if ci.sret is not None:
            sret_dst, args = args[0], args[1:]
            rl = abi.ret_loc(ci.sret)
        else:
            rl = abi.ret_loc(rt) if not rt.is_void else None
        byval = ci.byval or [None] * len(args)
        exts = ci.ext or [None] * len(args)
        types = [bt if bt is not None else a.type for a, bt in zip(args, byval)]
        if any(t is T.F80 for t in types) or rt is T.F80:
            raise Unsupported("the AArch64 back end cannot pass long double yet")
        locs, stack, _, _ = abi.assign_args(types)
        stack_sz = (stack + 15) // 16 * 16
        # by-reference copies of big aggregates (before anything is placed)
        refs = {}
        for i, (a, loc, bt) in enumerate(zip(args, locs, byval)):
            if loc.kind == abi.REF:
                s = self.mf.new_slot((bt.size + 15) // 16 * 16, max(16, bt.align))
                self.copy_mem(Mem(slot=s), self.addr(a), bt.size) if bt.size <= 256 else \
                    self.libcall("memcpy", [(self.lea(Mem(slot=s)), 8), (self.val(a), 8),
                                            (self.const_reg(bt.size, 8), 8)])
                refs[i] = s
        if stack_sz:
            self.emit("sub", ROp(SP, 8), ROp(SP, 8), Imm(stack_sz), roles=("", "", ""))
        for i, (a, loc, t, bt) in enumerate(zip(args, locs, types, byval)):
            if loc.regs or loc.stack_off is None:
                continue
            dm = Mem(SP, disp=loc.stack_off)
            if loc.kind == abi.REF:
                r = self.lea(Mem(slot=refs[i]))
                self.emit("str", ROp(r, 8), dm.copy(size=8))
            elif bt is not None:
                if bt.size:
                    self.copy_mem(dm, self.addr(a), bt.size)
            elif t in PAIR:
                lo, hi = self.pair(a)
                self.emit("str", ROp(lo, 8), dm.copy(size=8))
                self.emit("str", ROp(hi, 8), dm.copy(disp=dm.disp + 8, size=8))
            elif t.is_float:
                self.emit("str", ROp(self.val(a), t.size), dm.copy(size=t.size))
            else:
                if isinstance(a, Const) and a.value == 0:
                    self.emit("str", ROp(XZR, 8), dm.copy(size=8))
                else:
                    r = self.val(a) if t.size >= 4 else self.ext(a, t, exts[i] == "signext")
                    self.emit("str", ROp(r, 8), dm.copy(size=8))
        moves = []          # (phys, vreg or None, size, cls)
        for i, (a, loc, t, bt, ext) in enumerate(zip(args, locs, types, byval, exts)):
            if not loc.regs:
                continue
            if loc.kind == abi.REF:
                moves.append((X[loc.regs[0]], self.lea(Mem(slot=refs[i])), 8))
                continue
            if bt is not None:
                src = self.addr(a)
                if loc.kind == abi.FP:
                    m, n = loc.hfa
                    ms = abi.member_size(m)
                    for k, rn in enumerate(loc.regs):
                        fr = self.vreg("f")
                        self.emit("ldr", ROp(fr, ms), src.copy(disp=src.disp + ms * k, size=ms))
                        moves.append((V[rn], fr, ms))
                else:
                    for k, rn in enumerate(loc.regs):
                        n = min(8, bt.size - 8 * k)
                        moves.append((X[rn], self.load_partial(src.copy(disp=src.disp + 8 * k), n), 8))
                continue
            if t is T.F128:
                lo, hi = self.pair(a)
                moves.append((V[loc.regs[0]], (lo, hi), 16))
                continue
            if t is T.I128:
                lo, hi = self.pair(a)
                moves.append((X[loc.regs[0]], lo, 8))
                moves.append((X[loc.regs[1]], hi, 8))
                continue
            if loc.kind == abi.FP:
                moves.append((V[loc.regs[0]], self.val(a), 8))
                continue
            if isinstance(a, Const):
                moves.append((X[loc.regs[0]], Imm(a.signed if ext == "signext" or t.size >= 8
                                                  else a.value), 8))
            elif t.size < 4 or t is T.I1:
                moves.append((X[loc.regs[0]], self.ext(a, t, ext == "signext"), 8))
            else:
                moves.append((X[loc.regs[0]], self.val(a), 8))
        target = None
        if not (isinstance(callee, SymRef) and callee.name not in self.ctx.tls):
            target = self.val(callee)
        sret_reg = None
        if sret_dst is not None and rl == ("mem",):
            sret_reg = self.lea(self.addr(sret_dst))
        uses = []
        for pr, src, sz in moves:
            if isinstance(src, Imm):
                self.mov_imm(pr, src.value, 8)
            elif isinstance(src, tuple):
                self.pair_to_q(pr, *src)
            elif pr.cls == "f":
                self.emit("fmov" if sz <= 8 else "mov", ROp(pr, sz if sz <= 8 else 16),
                          ROp(src, sz if sz <= 8 else 16))
            else:
                self.emit("mov", ROp(pr, 8), ROp(src, 8))
            uses.append(pr)
        if sret_reg is not None:
            self.emit("mov", ROp(X[8], 8), ROp(sret_reg, 8))
            uses.append(X[8])
        if target is None:
            self.emit("bl", Sym(callee.name), iuse=tuple(uses), idef=CALL_CLOBBERS, flags="c")
        else:
            self.emit("blr", ROp(target, 8), iuse=tuple(uses), idef=CALL_CLOBBERS, flags="c")
        if stack_sz:
            self.emit("add", ROp(SP, 8), ROp(SP, 8), Imm(stack_sz), roles=("", "", ""))
        if sret_dst is not None and rl is not None and rl != ("mem",):
            dm = self.addr(sret_dst)
            size = ci.sret.size
            if rl[0] == "x":
                regs = []
                for k in range(rl[1]):
                    r = self.vreg("i")
                    self.emit("mov", ROp(r, 8), ROp(X[k], 8))
                    regs.append(r)
                for k, r in enumerate(regs):
                    self.store_partial(r, dm.copy(disp=dm.disp + 8 * k), min(8, size - 8 * k))
            else:
                m, n = rl[1]
                ms = abi.member_size(m)
                regs = []
                for k in range(n):
                    r = self.vreg("f")
                    self.emit("mov" if ms == 16 else "fmov", ROp(r, 16 if ms == 16 else 8),
                              ROp(V[k], 16 if ms == 16 else 8))
                    regs.append(r)
                for k, r in enumerate(regs):
                    self.emit("str", ROp(r, ms), dm.copy(disp=dm.disp + ms * k, size=ms))
        elif rt is T.F128:
            lo, hi = self.pair_for(ins)
            self.q_to_pair(V[0], lo, hi)
        elif rt is T.I128:
            lo, hi = self.pair_for(ins)
            self.emit("mov", ROp(lo, 8), ROp(X[0], 8))
            self.emit("mov", ROp(hi, 8), ROp(X[1], 8))
        elif not rt.is_void:
            d = self.reg_for(ins)
            if rt.is_float:
                self.emit("fmov", ROp(d, 8), ROp(V[0], 8))
            else:
                self.emit("mov", ROp(d, 8), ROp(X[0], 8))

    def load_partial(self, m: Mem, n: int) -> Reg:
        """A register holding the n (1..8) bytes at m (little-endian, upper bits zero)."""
        r = self.vreg("i")
        if n in (1, 2, 4, 8):
            self.emit(self._LD[n], ROp(r, 8 if n == 8 else 4), m.copy(size=n))
            return r
        # 3, 5, 6, 7 bytes: assemble from pieces
        self.emit("mov", ROp(r, 8), ROp(XZR, 8))
        off = 0
        t = self.vreg("i")
        while off < n:
            k = 4 if n - off >= 4 else 2 if n - off >= 2 else 1
            self.emit(self._LD[k], ROp(t, 4), m.copy(disp=m.disp + off, size=k))
            self.emit("orr", ROp(r, 8), ROp(r, 8), ROp(t, 8), Imm(8 * off), extra="lsl")
            off += k
        return r

    def store_partial(self, r: Reg, m: Mem, n: int):
        if n in (1, 2, 4, 8):
            self.emit(self._ST[n], ROp(r, 8 if n == 8 else 4), m.copy(size=n))
            return
        off = 0
        t = self.vreg("i")
        while off < n:
            k = 4 if n - off >= 4 else 2 if n - off >= 2 else 1
            self.emit("lsr", ROp(t, 8), ROp(r, 8), Imm(8 * off))
            self.emit(self._ST[k], ROp(t, 4), m.copy(disp=m.disp + off, size=k))
            off += k

    # -- varargs ------------------------------------------------------------------------------
    def i_va_start(self, ins):
        if self.va is None:
            raise Unsupported("va_start outside a variadic function")
        gr, vr, ngrn, nsrn, stack = self.va
        ap = self.addr_reg(ins.args[0])
        r = self.lea(Mem(slot=self.in_slot, disp=stack))
        self.emit("str", ROp(r, 8), Mem(ap, disp=0, size=8))
        r = self.lea(Mem(slot=gr, disp=64))
        self.emit("str", ROp(r, 8), Mem(ap, disp=8, size=8))
        r = self.lea(Mem(slot=vr, disp=128))
        self.emit("str", ROp(r, 8), Mem(ap, disp=16, size=8))
        r = self.const_reg(-(8 - ngrn) * 8, 4)
        self.emit("str", ROp(r, 4), Mem(ap, disp=24, size=4))
        r = self.const_reg(-(8 - nsrn) * 16, 4)
        self.emit("str", ROp(r, 4), Mem(ap, disp=28, size=4))

    def i_va_end(self, ins):
        pass

    def i_va_copy(self, ins):
        self.copy_mem(self.addr(ins.args[0]), self.addr(ins.args[1]), 32)

    def va_arg_addr(self, ap: Reg, t) -> Reg:
        """Address of the next variadic argument of type t (a scalar or struct Type); for FP
        aggregates in registers, the members are gathered into a frame slot."""
        if t.is_struct:
            h = abi.hfa(t)
            if h is None and t.size > 16:
                p = self.va_arg_addr(ap, T.PTR)
                r = self.vreg("i")
                self.emit("ldr", ROp(r, 8), Mem(p, size=8))
                return r
        else:
            h = None
        fp = (t.is_float if not t.is_struct else h is not None)
        if fp:
            nreg = h[1] if h else 1
            step = 16 * nreg
            offs_field, top_field = 28, 16
        else:
            nreg = (t.size + 7) // 8
            step = 8 * nreg
            offs_field, top_field = 24, 8
        align16 = (not fp) and t.align >= 16
        res = self.vreg("i")
        offs = self.vreg("i")
        stack_b = MBlock(self.ctx.label())
        done_b = MBlock(self.ctx.label())
        self.emit("ldr", ROp(offs, 4), Mem(ap, disp=offs_field, size=4))
        self.emit("cmp", ROp(offs, 4), Imm(0))
        self.branch(stack_b, "ge")
        self.start_block()
        if align16:
            self.emit("add", ROp(offs, 4), ROp(offs, 4), Imm(15), roles=("ud", "u", ""))
            self.emit("and", ROp(offs, 4), ROp(offs, 4), Imm((-16) & 0xFFFFFFFF), roles=("ud", "u", ""))
        nw = self.vreg("i")
        self.emit("add", ROp(nw, 4), ROp(offs, 4), Imm(step))
        self.emit("str", ROp(nw, 4), Mem(ap, disp=offs_field, size=4))
        self.emit("cmp", ROp(nw, 4), Imm(0))
        self.branch(stack_b, "gt")
        self.start_block()
        top = self.vreg("i")
        self.emit("ldr", ROp(top, 8), Mem(ap, disp=top_field, size=8))
        self.emit("add", ROp(res, 8), ROp(top, 8), ROp(offs, 4), extra="sxtw", roles=("d", "u", "u"))
        if fp and h is not None and (nreg > 1 or abi.member_size(h[0]) < t.size):
            m, n = h
            ms = abi.member_size(m)
            s = self.mf.new_slot(max(16, (t.size + 15) // 16 * 16), 16)
            for k in range(n):
                fr = self.vreg("f")
                self.emit("ldr", ROp(fr, ms), Mem(res, disp=16 * k, size=ms))
                self.emit("str", ROp(fr, ms), Mem(slot=s, disp=ms * k, size=ms))
            self.emit("lea", ROp(res, 8), Mem(slot=s))
        self.branch(done_b)
        self.mf.blocks.append(stack_b)
        self.mb = stack_b
        st = self.vreg("i")
        self.emit("ldr", ROp(st, 8), Mem(ap, disp=0, size=8))
        if t.align >= 16:
            self.emit("add", ROp(st, 8), ROp(st, 8), Imm(15), roles=("ud", "u", ""))
            self.emit("and", ROp(st, 8), ROp(st, 8), Imm((-16) & (2 ** 64 - 1)), roles=("ud", "u", ""))
        self.emit("mov", ROp(res, 8), ROp(st, 8))
        size = (t.size + 7) // 8 * 8        # an empty struct (GNU C) takes no space
        self.emit("add", ROp(st, 8), ROp(st, 8), Imm(size), roles=("ud", "u", ""))
        self.emit("str", ROp(st, 8), Mem(ap, disp=0, size=8))
        self.mf.blocks.append(done_b)
        self.mb.succs.append(done_b)
        self.mb = done_b
        return res

    def i_va_arg(self, ins):
        ap = self.addr_reg(ins.args[0])
        t = ins.type
        if t.is_struct or (ins.extra is not None and hasattr(ins.extra, "is_struct")):
            st = t if t.is_struct else ins.extra
            r = self.va_arg_addr(ap, st)
            self.emit("mov", ROp(self.reg_for(ins), 8), ROp(r, 8))
            return
        if t is T.PTR and isinstance(ins.extra, T.Type) and ins.extra.is_struct:
            r = self.va_arg_addr(ap, ins.extra)
            self.emit("mov", ROp(self.reg_for(ins), 8), ROp(r, 8))
            return
        r = self.va_arg_addr(ap, t)
        if t in PAIR:
            lo, hi = self.pair_for(ins)
            self.emit("ldr", ROp(lo, 8), Mem(r, size=8))
            self.emit("ldr", ROp(hi, 8), Mem(r, disp=8, size=8))
            return
        d = self.reg_for(ins)
        if t.is_float:
            self.emit("ldr", ROp(d, t.size), Mem(r, size=t.size))
        else:
            n = isz(t)
            self.emit(self._LD[n], ROp(d, 8 if n == 8 else 4), Mem(r, size=n))

    # -- misc ---------------------------------------------------------------------------------
    def i_blockaddr(self, ins):
        lab = self.mblock[ins.targets[0]].label
        d = self.reg_for(ins)
        self.emit("adrp", ROp(d, 8), LabelRef(lab))
        self.emit("add", ROp(d, 8), ROp(d, 8), LabelRef(lab, "lo12"))

    def i_stacksave(self, ins):
        self.emit("mov", ROp(self.reg_for(ins), 8), ROp(SP, 8))

    def i_stackrestore(self, ins):
        self.emit("mov", ROp(SP, 8), ROp(self.val(ins.args[0]), 8), roles=("", "u"))

    def i_frameaddress(self, ins):
        self.emit("mov", ROp(self.reg_for(ins), 8), ROp(FP, 8))

    def i_returnaddress(self, ins):
        self.emit("ldr", ROp(self.reg_for(ins), 8), Mem(FP, disp=8, size=8))

    def i_asm(self, ins):
        from .asm_ops import select_asm
        select_asm(self, ins)

    # -- control flow -------------------------------------------------------------------------
    # ISelBase hooks (phis: toolchain/cc/backend/isel.py)
    def is_pair(self, t) -> bool:
        return t in PAIR

    def value_reg(self, v):
        if isinstance(v, (Instr, Arg)) and not (
                isinstance(v, Instr) and (v in self.slot_of or v in self.folded_ptradd)):
            return self.reg_for(v)
        return None

    def i_jmp(self, ins):
        self.terminator_phis(ins)
        self.branch(self.mblock[ins.targets[0]])

    def i_br(self, ins):
        c = ins.args[0]
        if isinstance(c, Const) and c not in self.fused:
            tgt = ins.targets[0] if c.value else ins.targets[1]
            self.phi_sources(ins.block, tgt)
            self.branch(self.mblock[tgt])
            return
        self.terminator_phis(ins)
        t, f = (self.mblock[x] for x in ins.targets)
        if c in self.fused:
            cc = self.cmp_flags(c)
            self.branch(t, cc)
        else:
            # (tbnz reaches only +-32 KiB: b.ne +-1 MiB)
            self.emit("tst", ROp(self.val(c), 4), Imm(1))
            self.branch(t, "ne")
        self.branch(f)

    def i_switch(self, ins):
        self.terminator_phis(ins)
        v = ins.args[0]
        t = v.type
        if t is T.I128:
            raise Unsupported("switch on __int128")
        sz = osz(t)
        r = self.ext(v, t, False) if (t.size < 4 or t is T.I1) else self.val(v)
        cases = [(Const(t, c).value, blk) for c, blk in zip(ins.extra, ins.targets[1:])]
        if len(cases) >= 4:
            lo = min(c for c, _ in cases)
            hi = max(c for c, _ in cases)
            span = hi - lo + 1
            if span <= 3 * len(cases) + 4 and span < 65536:
                return self.jump_table(ins, r, sz, lo, span, cases)
        for c, blk in cases:
            mb = self.mblock[blk]
            if fits_imm12(c):
                self.emit("cmp", ROp(r, sz), Imm(c))
            else:
                self.emit("cmp", ROp(r, sz), ROp(self.const_reg(c, sz), sz))
            self.branch(mb, "eq")
        self.branch(self.mblock[ins.targets[0]])

    def jump_table(self, ins, r, sz, lo, span, cases):
        idx = self.vreg("i")
        if lo:
            if fits_imm12(lo):
                self.emit("sub", ROp(idx, sz), ROp(r, sz), Imm(lo))
            else:
                self.emit("sub", ROp(idx, sz), ROp(r, sz), ROp(self.const_reg(lo, sz), sz))
        else:
            self.emit("mov", ROp(idx, 8), ROp(r, 8))
        if fits_imm12(span - 1):
            self.emit("cmp", ROp(idx, sz), Imm(span - 1))
        else:
            self.emit("cmp", ROp(idx, sz), ROp(self.const_reg(span - 1, sz), sz))
        dflt = self.mblock[ins.targets[0]]
        self.branch(dflt, "hi")
        if sz == 4:
            self.emit("mov", ROp(idx, 4), ROp(idx, 4), flags="k")
        table = [dflt.label] * span
        for c, blk in cases:
            table[c - lo] = self.mblock[blk].label
        lab = self.ctx.label()
        self.mf.extra.setdefault("jumptables", []).append((lab, table))
        base, off = self.vreg("i"), self.vreg("i")
        self.emit("adrp", ROp(base, 8), Sym(lab))
        self.emit("add", ROp(base, 8), ROp(base, 8), Sym(lab, "lo12"))
        self.emit("ldrsw", ROp(off, 8), Mem(base, index=idx, scale=2, size=4))
        self.emit("add", ROp(off, 8), ROp(base, 8), ROp(off, 8))
        targets = tuple(dict.fromkeys(self.mblock[b] for b in ins.targets))
        self.emit("br", ROp(off, 8), flags="bt", targets=targets)
        for mb in targets:
            if mb not in self.mb.succs:
                self.mb.succs.append(mb)

    def i_indirectbr(self, ins):
        self.terminator_phis(ins)
        r = self.val(ins.args[0])
        targets = tuple(dict.fromkeys(self.mblock[b] for b in ins.targets))
        self.emit("br", ROp(r, 8), flags="bt", targets=targets)
        for mb in targets:
            if mb not in self.mb.succs:
                self.mb.succs.append(mb)

    def i_unreachable(self, ins):
        self.emit("brk", Imm(1000), flags="t")

    def i_ret(self, ins):
        rt = self.f.ret_type
        uses = []
        if ins.args:
            v = ins.args[0]
            rl = abi.ret_loc(rt)
            if rt.is_struct:
                src = self.addr(v)
                if rl is None:
                    pass
                elif rl == ("mem",):
                    dm = Mem(self.sret_ptr)
                    if rt.size <= 256:
                        self.copy_mem(dm, src, rt.size)
                    else:
                        self.libcall("memcpy", [(self.sret_ptr, 8), (self.lea(src), 8),
                                                (self.const_reg(rt.size, 8), 8)])
                elif rl[0] == "x":
                    regs = [self.load_partial(src.copy(disp=src.disp + 8 * k), min(8, rt.size - 8 * k))
                            for k in range(rl[1])]
                    for k, r in enumerate(regs):
                        self.emit("mov", ROp(X[k], 8), ROp(r, 8))
                        uses.append(X[k])
                else:
                    m, n = rl[1]
                    ms = abi.member_size(m)
                    regs = []
                    for k in range(n):
                        fr = self.vreg("f")
                        self.emit("ldr", ROp(fr, ms), src.copy(disp=src.disp + ms * k, size=ms))
                        regs.append(fr)
                    for k, r in enumerate(regs):
                        self.emit("mov" if ms == 16 else "fmov", ROp(V[k], 16 if ms == 16 else 8),
                                  ROp(r, 16 if ms == 16 else 8))
                        uses.append(V[k])
            elif rt is T.F128:
                lo, hi = self.pair(v)
                self.pair_to_q(V[0], lo, hi)
                uses.append(V[0])
            elif rt is T.I128:
                lo, hi = self.pair(v)
                self.emit("mov", ROp(X[0], 8), ROp(lo, 8))
                self.emit("mov", ROp(X[1], 8), ROp(hi, 8))
                uses += [X[0], X[1]]
            elif rt.is_float:
                self.copy_to(V[0], v, rt)
                uses.append(V[0])
            else:
                self.copy_to(X[0], v, rt)
                uses.append(X[0])
        self.emit("b", Sym(self.ret_block.label), iuse=tuple(uses), flags="bt",
                  targets=(self.ret_block,))
        self.mb.succs.append(self.ret_block)
