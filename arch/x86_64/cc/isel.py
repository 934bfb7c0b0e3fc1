"""x86-64 instruction selection: IR function -> machine IR on virtual registers.

Conventions: integer values live in general registers (i1/i8/i16/i32 use 32-bit operations;
bits above the type's width are undefined and every operation that cares re-extends), f32/f64
live in xmm registers. Static allocas become frame slots addressed from %rbp and are folded
into load/store addresses, as are constant ``ptradd`` offsets and locally defined symbols
(RIP-relative). Phis become MIR phis whose sources are materialised in the predecessors; the
shared allocator places the moves (critical edges are split by the shared prepare pass). Code
is PIC: local symbols are RIP-relative, external data goes through the GOT and calls to
non-local functions through the PLT.

`ISel` here is the core (values, addresses, the folding decisions of `run`, dispatch by IR
operation in `lower`); each family of operations is a mixin in its own module: `sel_int`
(integer arithmetic, compares, selects, bit operations, atomics), `sel_float` (SSE),
`sel_x87` (long double), `sel_wide` (__int128 pairs), `sel_mem` (allocas, loads, stores,
block copies), `sel_call` (parameters, calls, returns, varargs), `sel_ctrl` (branches,
switches), `sel_asm` (inline asm); `isel_util` holds the shared tables and helpers.
"""
from __future__ import annotations

import struct as _struct

from toolchain.cc.backend.isel import ISelBase, ModuleCtx
from toolchain.cc.backend.mir import Imm, MBlock, MFunction, MInstr, Mem, ROp, Reg, Sym
from toolchain.cc.ir import types as T
from toolchain.cc.ir.core import Arg, BINOPS, Const, Function, Instr, SymRef, Undef
from toolchain.cc.ir.floats import pack as float_pack
from . import intrinsics
from .isel_util import _MEM_WRITERS, FCC, Unsupported, _RegValue, fits32, isz, osz, roles_for
from .isel_util import (  # noqa: F401 (re-exported: backend.py, __init__.py, tests)
    CC, NEG_CC, SFX, SWAP, att_dialect, f80_bytes, fsfx, mem_ok)
from .frame import omit_frame_pointer
from .regs import CALL_CLOBBERS, RAX, RBP
from .sel_asm import AsmSel
from .sel_call import CallSel
from .sel_ctrl import CtrlSel
from .sel_float import FloatSel
from .sel_int import IntSel
from .sel_mem import MemSel
from .sel_wide import WideSel
from .sel_x87 import X87Sel

_SEL = {}       # IR op -> ISel's i_ function for it (lower)


class ISel(IntSel, FloatSel, X87Sel, WideSel, MemSel, CallSel, CtrlSel, AsmSel, ISelBase):
    """One function's selection: the core (values, addresses, folding decisions, dispatch);
    each IR operation family lives in its mixin module."""

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

    def zbits(self, v):
        """How many low bits of v's register may be non-zero: every bit from there up is known
        zero from the instruction that defined it (a zero-extending load of 1 or 2 bytes, a
        zero extension, a set-condition), or None when nothing is known. Only definitions
        that write the whole 64-bit register even when the value is spilled count (a 32-bit
        operation folded onto a spill slot writes 4 of its 8 bytes). Lets extensions of
        values already extended become plain copies the allocator coalesces."""
        if not isinstance(v, Instr) or v in self.folded_load or v in self.rmw \
                or v in self.fused or v in self.fused_sel:
            return None
        op, t = v.op, v.type
        if op == "load":
            return 8 * isz(t) if t.size <= 2 and not t.is_float and v.extra is None else None
        if op == "zext":
            st = v.args[0].type
            return 32 if st.size >= 4 else 8 * isz(st)
        if op == "icmp" and v.args[0].type is not T.I128:
            return 8
        return None

    def zext_copy(self, a, st, d) -> bool:
        """d = zext a (from type st) as a 64-bit copy when a's register is already zero above
        st's width; False when an extension is needed."""
        zb = self.zbits(a)
        if zb is None or zb > (32 if st.size >= 4 else 8 * isz(st)):
            return False
        self.emit("movq", ROp(self.val(a), 8), ROp(d, 8))
        return True

    def ival(self, v, size):
        """Imm if v is a small integer constant, else a register operand of ``size``."""
        if isinstance(v, Const) and not v.type.is_float:
            c = v.signed
            if fits32(c):
                return Imm(c)
        return ROp(self.val(v), size)

    def float_lit(self, t, value) -> str:
        data = float_pack(value, "binary32" if t is T.F32 else "binary64")   # exact NaNs
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
        # icmp/fcmp feeding the next instruction's branch; an icmp earlier in the block whose
        # only user is the branch is compared again at the branch (its operands are still in
        # registers: no setcc/movzbl/test chain)
        for b in f.blocks:
            t = b.terminator
            if t is not None and t.op == "br" and len(b.instrs) >= 2:
                c = b.instrs[-2]
                if c is t.args[0] and c.op in ("icmp", "fcmp") and len(c.users) == 1 \
                        and (c.op == "icmp" or FCC[c.pred] is not None):
                    self.fused.add(c)
                    continue
                c = t.args[0]
                if self.opt and isinstance(c, Instr) and c.op == "icmp" and c.block is b \
                        and len(c.users) == 1 and c.args[0].type is not T.I128 \
                        and not any(a in self.folded_load for a in c.args):
                    self.fused.add(c)
        mf = self.select_blocks(self.ctx.label)     # ISelBase: blocks, phis, return block
        if self.opt and omit_frame_pointer(mf):
            mf.extra["omit_fp"] = True
            mf.extra["allocatable"] = {"i": [RBP]}
        return mf

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

    def lower(self, ins: Instr):
        op = ins.op
        if ins in self.fused or ins in self.fused_sel:
            return
        t = ins.type
        if t is not T.I128 and t is not T.F80 and t is not T.F128:
            for a in ins.args:
                t = a.type
                if t is T.I128 or t is T.F80 or t is T.F128:
                    break
            else:               # no wide operand: the selector of op
                m = _SEL.get(op)
                if m is not None:
                    m(self, ins)
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
        if m is not None and getattr(ISel, "i_" + op, None) is not None:
            _SEL[op] = getattr(ISel, "i_" + op)
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

    def start_block(self) -> MBlock:
        """End the current machine block with a jump to a new one and continue there."""
        nb = MBlock(self.ctx.label())
        self.emit("jmp", Sym(nb.label), flags="bt", targets=(nb,))
        self.mb.succs.append(nb)
        self.mf.blocks.append(nb)
        self.mb = nb
        return nb

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
