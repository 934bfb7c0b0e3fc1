"""RISC-V 64 instruction selection: IR function -> machine IR on virtual registers.

Value conventions (the LP64D ABI's, kept everywhere): an ``iN`` value (N = 8, 16, 32) is held
sign-extended to 64 bits, also when the C type is unsigned (then unsigned comparisons of the
64-bit registers still order the N-bit values correctly); ``i1`` is 0 or 1; ``i128`` and
binary128 ``f128`` live in pairs of general registers (low, high); f32/f64 in floating
registers. f128 arithmetic, comparisons and conversions are libgcc calls (``__addtf3``...),
as are i128 division and shifts and the bit-counting operations (RV64GC has no Zbb).

Static allocas are frame slots addressed from s0 (= the CFA); constant ``ptradd`` chains fold
into the 12-bit displacement of loads and stores (the emitter materialises larger offsets).
Phis become MIR phis (sources materialised in the predecessors; the shared allocator places
the moves); edges from multi-way branches into blocks with phis are split first. Code is PIC as
Debian's gcc emits it: ``lla`` for symbols of the module, ``la`` (GOT) for the others,
``call sym@plt`` (decided when printed: emit.CallRef); TLS local-exec / initial-exec, general-dynamic with -fPIC.
"""
from __future__ import annotations

import math
import struct as _struct

from toolchain.cc.backend.isel import I128_LIBCALLS, ISelBase, ModuleCtx  # noqa: F401 (ModuleCtx re-exported)
from toolchain.cc.backend.mir import Imm, MFunction, MInstr, Mem, ROp, Reg, Sym
from toolchain.cc.ir import types as T
from toolchain.cc.ir.cfg import remove_unreachable, split_critical_edges
from toolchain.cc.ir.core import Arg, Block, CallInfo, Const, Function, Instr, SymRef, Undef
from toolchain.cc.ir.floats import pack as float_pack
from toolchain.diag import ToolError

from . import abi
from .emit import LATE_CALL
from .regs import A, CALL_CLOBBERS, F, FA, FP, SP, T0, T1, T2, TP, X, ZERO

NO_DEF = frozenset("sb sh sw sd fsw fsd beq bne blt bge bltu bgeu beqz bnez j jr call ret "
                   "fence fence.i ebreak tail".split())
IBR = {"eq": ("beq", False), "ne": ("bne", False), "slt": ("blt", False),
       "sge": ("bge", False), "ult": ("bltu", False), "uge": ("bgeu", False),
       "sgt": ("blt", True), "sle": ("bge", True), "ugt": ("bltu", True),
       "ule": ("bgeu", True)}
INV_BR = {"beq": "bne", "bne": "beq", "blt": "bge", "bge": "blt", "bltu": "bgeu",
          "bgeu": "bltu", "beqz": "bnez", "bnez": "beqz"}


def roles_for(op: str, n: int) -> tuple:
    if n == 0:
        return ()
    if op in NO_DEF:
        return ("u",) * n
    return ("d",) + ("u",) * (n - 1)


def fits12(v: int) -> bool:
    return -2048 <= v <= 2047


def fsfx(t) -> str:
    return "s" if t is T.F32 else "d"


def f128_bytes(x: float) -> bytes:
    """IEEE binary128 encoding of a (double precision) Python float."""
    sign = 1 if math.copysign(1.0, x) < 0 else 0
    if x != x:
        hi = (sign << 63) | (0x7FFF << 48) | (1 << 47)
        return (0).to_bytes(8, "little") + hi.to_bytes(8, "little")
    if math.isinf(x):
        hi = (sign << 63) | (0x7FFF << 48)
        return (0).to_bytes(8, "little") + hi.to_bytes(8, "little")
    bits = _struct.unpack("<Q", _struct.pack("<d", x))[0]
    e = (bits >> 52) & 0x7FF
    m = bits & ((1 << 52) - 1)
    if e == 0 and m == 0:
        v = sign << 127
    else:
        if e == 0:                      # subnormal double: normalise
            shift = m.bit_length()
            e = 1 - (53 - shift)
            m = (m << (53 - shift)) & ((1 << 52) - 1)
        exp = e - 1023 + 16383
        v = (sign << 127) | (exp << 112) | (m << 60)
    return v.to_bytes(16, "little")


class Unsupported(ToolError):
    pass


class _RegValue:
    """A pseudo IR value standing for registers already computed (helper calls)."""
    __slots__ = ("type", "reg", "pair")
    users = None

    def __init__(self, type, reg=None, pair=None):
        self.type = type
        self.reg = reg
        self.pair = pair


def _wide(t) -> bool:
    return t is T.I128 or t is T.F128


F128_BIN = {"fadd": "__addtf3", "fsub": "__subtf3", "fmul": "__multf3", "fdiv": "__divtf3"}
I128_LIB = {**I128_LIBCALLS, "shl": "__ashlti3", "lshr": "__lshrti3", "ashr": "__ashrti3"}
_MEM_WRITERS = frozenset("store call memcpy memset atomicrmw cmpxchg asm va_start va_arg va_copy "
                         "va_end fence".split())


class ISel(ISelBase):
    def __init__(self, ctx: ModuleCtx, f: Function, optimize: bool):
        self.ctx = ctx
        self.f = f
        self.opt = optimize
        self.mf = MFunction(f.name, f.internal)
        self.vr = {}
        self.vr2 = {}           # i128/f128 value -> (lo, hi)
        self.slot_of = {}
        self.mb = None
        self.mblock = {}
        self.fused = set()
        self.folded = set()
        self.sret_ptr = None
        self.va_off = None
        self.max_call_stack = 0

    # -- helpers -------------------------------------------------------------------------------
    def emit(self, op, *ops, iuse=(), idef=(), flags="", targets=(), roles=None, extra=None):
        mi = MInstr(op, ops, roles if roles is not None else roles_for(op, len(ops)), iuse, idef,
                    flags, targets, extra)
        self.mb.instrs.append(mi)
        return mi

    def vreg(self, cls="i") -> Reg:
        return self.mf.new_vreg(cls)

    def label(self) -> str:
        return self.ctx.label()

    @staticmethod
    def cls_of(t) -> str:
        if _wide(t) or t.is_struct or t is T.F80:
            raise Unsupported(f"the RISC-V back end cannot hold {t} in one register")
        return "f" if t.is_float else "i"

    def reg_for(self, v) -> Reg:
        r = self.vr.get(v)
        if r is None:
            r = self.vreg(self.cls_of(v.type))
            self.vr[v] = r
        return r

    def pair_for(self, v):
        p = self.vr2.get(v)
        if p is None:
            p = (self.vreg(), self.vreg())
            self.vr2[v] = p
        return p

    def mv(self, d: Reg, s: Reg):
        if d.cls == "f":
            self.emit("fmv.d", ROp(d, 8), ROp(s, 8))
        else:
            self.emit("mv", ROp(d, 8), ROp(s, 8))

    def li(self, d: Reg, v: int):
        v &= (1 << 64) - 1
        if v >> 63:
            v -= 1 << 64
        self.emit("li", ROp(d, 8), Imm(v))

    def sext(self, d: Reg, s: Reg, bits: int):
        if bits >= 64:
            if d is not s:
                self.mv(d, s)
        elif bits == 32:
            self.emit("sext.w", ROp(d, 8), ROp(s, 8))
        elif bits == 1:
            self.emit("andi", ROp(d, 8), ROp(s, 8), Imm(1))
        else:
            t = self.vreg()
            self.emit("slli", ROp(t, 8), ROp(s, 8), Imm(64 - bits))
            self.emit("srai", ROp(d, 8), ROp(t, 8), Imm(64 - bits))

    def zext(self, s: Reg, bits: int) -> Reg:
        if bits >= 64 or bits == 1:
            return s
        d = self.vreg()
        if bits == 8:
            self.emit("andi", ROp(d, 8), ROp(s, 8), Imm(255))
        else:
            t = self.vreg()
            self.emit("slli", ROp(t, 8), ROp(s, 8), Imm(64 - bits))
            self.emit("srli", ROp(d, 8), ROp(t, 8), Imm(64 - bits))
        return d

    # -- operands ------------------------------------------------------------------------------
    def val(self, v) -> Reg:
        if isinstance(v, _RegValue):
            return v.reg
        if isinstance(v, (Instr, Arg)):
            if isinstance(v, Instr) and v in self.slot_of:
                r = self.vreg()
                self.emit("addr", ROp(r, 8), Mem(None, slot=self.slot_of[v]))
                return r
            if isinstance(v, Instr) and v in self.folded:
                r = self.vreg()
                self.emit("addr", ROp(r, 8), self.addr(v))
                return r
            return self.reg_for(v)
        t = v.type
        if isinstance(v, Const):
            if t.is_float:
                r = self.vreg("f")
                if v.value == 0.0 and math.copysign(1.0, v.value) > 0:
                    self.emit("fmv.%s.x" % ("w" if t is T.F32 else "d"), ROp(r, 8), ROp(ZERO, 8))
                else:
                    a = self.vreg()
                    self.emit("lla", ROp(a, 8), Sym(self.float_lit(t, v.value)))
                    self.emit("fl" + ("w" if t is T.F32 else "d"), ROp(r, 8), Mem(a))
                return r
            c = v.signed if t.bits > 1 else v.value
            if c == 0:
                return ZERO
            r = self.vreg()
            self.li(r, c)
            return r
        if isinstance(v, SymRef):
            r = self.vreg()
            self.sym_addr(r, v.name)
            return r
        if isinstance(v, Undef):
            if t.is_float:
                r = self.vreg("f")
                self.emit("fmv.d.x", ROp(r, 8), ROp(ZERO, 8))
                return r
            return ZERO
        raise TypeError(v)

    def sym_addr(self, r: Reg, name: str):
        ctx = self.ctx
        if name in ctx.tls:
            if ctx.pic and name not in ctx.internal:
                self.emit("la.tls.gd", ROp(A[0], 8), Sym(name), roles=("d", ""))
                self.emit("call", Sym("__tls_get_addr@plt"), iuse=(A[0],), idef=CALL_CLOBBERS,
                          flags="c")
                self.mv(r, A[0])
            elif name in ctx.local:
                t = self.vreg()
                self.emit("lui", ROp(t, 8), Sym(name, "tprel_hi"))
                t2 = self.vreg()
                self.emit("add.tprel", ROp(t2, 8), ROp(t, 8), ROp(TP, 8), Sym(name))
                self.emit("addi", ROp(r, 8), ROp(t2, 8), Sym(name, "tprel_lo"))
            else:
                t = self.vreg()
                self.emit("la.tls.ie", ROp(t, 8), Sym(name))
                self.emit("add", ROp(r, 8), ROp(t, 8), ROp(TP, 8))
        elif name in ctx.local:
            self.emit("lla", ROp(r, 8), Sym(name))
        else:
            self.emit("la", ROp(r, 8), Sym(name))

    def float_lit(self, t, value) -> str:
        data = float_pack(value, "binary32" if t is T.F32 else "binary64")   # exact NaNs
        return self.ctx.literal(data, t.size)

    def pair(self, v):
        """(lo, hi) registers of an i128/f128 value."""
        if isinstance(v, _RegValue):
            return v.pair
        if isinstance(v, (Instr, Arg)):
            return self.pair_for(v)
        if isinstance(v, Const):
            if v.type is T.F128:
                b = f128_bytes(v.value)
                lo, hi = int.from_bytes(b[:8], "little"), int.from_bytes(b[8:], "little")
            else:
                lo, hi = v.value & ((1 << 64) - 1), v.value >> 64
            return self.const_reg(lo), self.const_reg(hi)
        if isinstance(v, Undef):
            return ZERO, ZERO
        raise TypeError(v)

    def const_reg(self, c):
        c &= (1 << 64) - 1
        if c == 0:
            return ZERO
        r = self.vreg()
        self.li(r, c)
        return r

    def addr(self, p) -> Mem:
        disp = 0
        while isinstance(p, Instr) and p.op == "ptradd" and isinstance(p.args[1], Const) \
                and abs(disp + p.args[1].signed) < (1 << 30):
            disp += p.args[1].signed
            p = p.args[0]
        if isinstance(p, Instr) and p in self.slot_of:
            return Mem(None, disp=disp, slot=self.slot_of[p])
        if isinstance(p, Instr) and p in self.folded:     # offset too large to fold further
            r = self.vreg()
            self.emit("add", ROp(r, 8), ROp(self.val(p.args[0]), 8), ROp(self.val(p.args[1]), 8))
            return Mem(r, disp=disp)
        return Mem(self.val(p), disp=disp)

    def imm_or_reg(self, v, lo=-2048, hi=2047):
        if isinstance(v, Const) and not v.type.is_float and lo <= v.signed <= hi:
            return Imm(v.signed)
        return ROp(self.val(v), 8)

    # -- function ------------------------------------------------------------------------------
    def run(self) -> MFunction:
        f = self.f
        remove_unreachable(f)       # (the shared prepare pass did it; idempotent)
        split_critical_edges(self.f, into_phis=True)
        for ins in f.instructions():
            if ins.op == "alloca" and isinstance(ins.args[0], Const):
                self.slot_of[ins] = self.mf.new_slot(max(ins.args[0].value, 1),
                                                     max(ins.extra or 1, 1))
        for ins in f.instructions():
            if ins.op == "ptradd" and ins.users and isinstance(ins.args[1], Const) and all(
                    u.op in ("load", "store") and u.args[-1] is ins
                    and (u.op == "load" or u.args[0] is not ins) for u in ins.users):
                self.folded.add(ins)
        for b in f.blocks:
            t = b.terminator
            if t is not None and t.op == "br" and len(b.instrs) >= 2:
                c = b.instrs[-2]
                if c is t.args[0] and c.op == "icmp" and len(c.users) == 1 \
                        and not _wide(c.args[0].type):
                    self.fused.add(c)
        return self.select_blocks(self.label)     # ISelBase: blocks, phis, return block

    def ret_regs(self):
        rt = self.f.ret_type
        if rt.is_void:
            return []
        if _wide(rt):
            return [A[0], A[1]]
        if rt.is_struct:
            loc = abi.ret_loc(rt)
            if loc is None:
                return [A[0]]
            return [p.reg for p in loc.parts]
        return [FA[0] if rt.is_float else A[0]]

    # -- parameters ----------------------------------------------------------------------------
    def cfa_mem(self, off) -> Mem:
        """CFA + off: s0 points at the saved s0 with ra above it (as __builtin_frame_address
        chains expect), then the variadic register save area, then the CFA."""
        return Mem(FP, disp=off + 16 + (64 if self.f.varargs else 0))

    def lower_params(self):
        f = self.f
        types = [p.byval if p.byval is not None else p.type for p in f.params]
        first = 0
        if f.ret_type.is_struct and abi.ret_loc(f.ret_type) is None:
            first = 1
            self.sret_ptr = self.vreg()
            self.mv(self.sret_ptr, A[0])
        locs, stack, st = abi.assign_args(types, None, first)
        if f.varargs:
            self.mf.extra["varargs"] = True
            for k in range(st.gpr, 8):
                self.emit("sd", ROp(A[k], 8), self.cfa_mem(-64 + 8 * k))
            self.va_off = -64 + 8 * st.gpr + stack
        for p, loc, t in zip(f.params, locs, types):
            if loc.ignored:
                if p.byval is not None:
                    s = self.mf.new_slot(8, 8)
                    self.emit("addr", ROp(self.reg_for(p), 8), Mem(None, slot=s))
                continue
            if p.byval is not None and loc.ref:
                self.recv_part(loc.parts[0], self.reg_for(p), T.PTR)
                if loc.parts[0].reg is not None:    # -g: the aggregate is at that address
                    self.mf.extra.setdefault("byref_regs", {})[p] = loc.parts[0].reg
                continue
            if p.byval is not None:
                s = self.mf.new_slot((t.size + 7) // 8 * 8, max(8, t.align))
                for part in loc.parts:
                    m = Mem(None, disp=part.off, slot=s)
                    if part.reg is not None:
                        if part.cls == "f":
                            self.emit("fs" + ("w" if part.size == 4 else "d"), ROp(part.reg, 8), m)
                        else:
                            self.store_bytes(part.reg, m, part.size)
                    else:
                        tmp = self.vreg()
                        self.emit("ld", ROp(tmp, 8), self.cfa_mem(part.stack))
                        self.store_bytes(tmp, m, part.size)
                self.emit("addr", ROp(self.reg_for(p), 8), Mem(None, slot=s))
                self.mf.extra.setdefault("byval_homes", {})[p] = s     # -g: its home
                continue
            if _wide(p.type):
                lo, hi = self.pair_for(p)
                self.recv_part(loc.parts[0], lo, T.I64)
                self.recv_part(loc.parts[1], hi, T.I64)
                continue
            r = self.reg_for(p)
            if loc.parts[0].reg is not None:        # -g: the incoming register
                self.mf.extra.setdefault("param_regs", {})[p] = loc.parts[0].reg
            self.recv_part(loc.parts[0], r, p.type)
            if p.type.is_int and p.type.bits in (8, 16) and loc.parts[0].reg is not None:
                self.sext(r, r, p.type.bits)    # the caller extended by the C type's sign

    def recv_part(self, part, r: Reg, t):
        if part.reg is not None:
            if r.cls == part.reg.cls:
                self.mv(r, part.reg)
            elif r.cls == "f":      # a float passed in an integer register (no FPR left)
                self.emit("fmv.%s.x" % ("w" if t is T.F32 else "d"), ROp(r, 8), ROp(part.reg, 8))
            else:
                self.emit("fmv.x.d", ROp(r, 8), ROp(part.reg, 8))
        else:
            self.load_typed(r, self.cfa_mem(part.stack), t)

    # -- memory --------------------------------------------------------------------------------
    LOADS = {1: "lb", 2: "lh", 4: "lw", 8: "ld"}
    STORES = {1: "sb", 2: "sh", 4: "sw", 8: "sd"}

    def load_typed(self, r: Reg, m: Mem, t):
        if t.is_float:
            self.emit("flw" if t is T.F32 else "fld", ROp(r, 8), m)
        elif t is T.I1:
            self.emit("lbu", ROp(r, 8), m)
        else:
            self.emit(self.LOADS[t.size], ROp(r, 8), m)

    def store_typed(self, r: Reg, m: Mem, t):
        if t.is_float:
            self.emit("fsw" if t is T.F32 else "fsd", ROp(r, 8), m)
        else:
            self.emit(self.STORES[t.size], ROp(r, 8), m)

    def store_bytes(self, r: Reg, m: Mem, n: int):
        """Store the low ``n`` bytes (1..8) of r."""
        if n in self.STORES:
            self.emit(self.STORES[n], ROp(r, 8), m)
            return
        done = 0
        cur = r
        while done < n:
            k = 4 if n - done >= 4 else 2 if n - done >= 2 else 1
            self.emit(self.STORES[k], ROp(cur, 8), m.copy(disp=m.disp + done))
            done += k
            if done < n:
                nx = self.vreg()
                self.emit("srli", ROp(nx, 8), ROp(cur, 8), Imm(8 * k))
                cur = nx

    def load_bytes(self, m: Mem, n: int) -> Reg:
        """Load ``n`` bytes (1..8) zero-extended (sign-extended when n is 4 or 8... as lw)."""
        r = self.vreg()
        if n in self.LOADS:
            self.emit(self.LOADS[n], ROp(r, 8), m)
            return r
        acc = None
        done = 0
        while done < n:
            k = 4 if n - done >= 4 else 2 if n - done >= 2 else 1
            x = self.vreg()
            self.emit({1: "lbu", 2: "lhu", 4: "lwu"}[k], ROp(x, 8), m.copy(disp=m.disp + done))
            if done:
                y = self.vreg()
                self.emit("slli", ROp(y, 8), ROp(x, 8), Imm(8 * done))
                x = y
            if acc is None:
                acc = x
            else:
                z = self.vreg()
                self.emit("or", ROp(z, 8), ROp(acc, 8), ROp(x, 8))
                acc = z
            done += k
        return acc

    def mem_reg(self, m: Mem) -> Reg:
        if m.base is not None and m.disp == 0 and m.slot is None:
            return m.base
        r = self.vreg()
        self.emit("addr", ROp(r, 8), m)
        return r

    def copy_mem(self, dm: Mem, sm: Mem, n: int, align: int = 1):
        if n > 64:
            d, s = self.mem_reg(dm), self.mem_reg(sm)
            self.call_c("memcpy", [_RegValue(T.PTR, d), _RegValue(T.PTR, s),
                                   Const(T.I64, n)])
            return
        k = 8
        while k > 1 and (align % k or n < k):
            k //= 2
        off = 0
        while off < n:
            while n - off < k:
                k //= 2
            t = self.vreg()
            self.emit({1: "lbu", 2: "lhu", 4: "lwu", 8: "ld"}[k], ROp(t, 8),
                      sm.copy(disp=sm.disp + off))
            self.emit(self.STORES[k], ROp(t, 8), dm.copy(disp=dm.disp + off))
            off += k

    # -- dispatch ------------------------------------------------------------------------------
    def lower(self, ins: Instr):
        op = ins.op
        if ins in self.fused or ins in self.folded:
            return
        if op not in ("call", "ret", "phi", "br", "switch", "store", "va_arg") and (
                _wide(ins.type) or any(_wide(a.type) for a in ins.args)):
            m = getattr(self, "w_" + op, None)
            if m is None:
                raise Unsupported(f"the RISC-V back end cannot lower '{op}' on {ins.type} yet")
            return m(ins)
        if ins.type is T.F80 or any(a.type is T.F80 for a in ins.args):
            raise Unsupported("x87 long double on RISC-V")
        m = getattr(self, "i_" + op, None)
        if m is None:
            raise Unsupported(f"the RISC-V back end cannot lower '{op}' yet")
        m(ins)

    # -- integer arithmetic --------------------------------------------------------------------
    _OP64 = {"add": "add", "sub": "sub", "mul": "mul", "sdiv": "div", "udiv": "divu",
             "srem": "rem", "urem": "remu", "and": "and", "or": "or", "xor": "xor",
             "shl": "sll", "lshr": "srl", "ashr": "sra"}
    _OP32 = {"add": "addw", "sub": "subw", "mul": "mulw", "sdiv": "divw", "udiv": "divuw",
             "srem": "remw", "urem": "remuw", "and": "and", "or": "or", "xor": "xor",
             "shl": "sllw", "lshr": "srlw", "ashr": "sraw"}
    _IMM = {"add": "addi", "and": "andi", "or": "ori", "xor": "xori", "shl": "slli",
            "lshr": "srli", "ashr": "srai"}
    _IMM32 = {"add": "addiw", "and": "andi", "or": "ori", "xor": "xori", "shl": "slliw",
              "lshr": "srliw", "ashr": "sraiw"}

    def i_add(self, ins):
        self.int_binop(ins)

    i_sub = i_mul = i_sdiv = i_udiv = i_srem = i_urem = i_and = i_or = i_xor = i_add
    i_shl = i_lshr = i_ashr = i_add

    def int_binop(self, ins):
        op, t = ins.op, ins.type
        a, b = ins.args
        d = self.reg_for(ins)
        bits = t.bits
        if bits == 1:
            x, y = ROp(self.val(a), 8), ROp(self.val(b), 8)
            if op in ("and", "or", "xor"):
                self.emit(op, ROp(d, 8), x, y)
            elif op in ("add", "sub"):
                self.emit("xor", ROp(d, 8), x, y)
            elif op == "mul":
                self.emit("and", ROp(d, 8), x, y)
            else:
                tmp = self.vreg()
                self.emit(self._OP64[op], ROp(tmp, 8), x, y)
                self.emit("andi", ROp(d, 8), ROp(tmp, 8), Imm(1))
            return
        if bits >= 32:
            tab, itab = (self._OP64, self._IMM) if bits == 64 else (self._OP32, self._IMM32)
            if isinstance(b, Const):
                c = b.signed
                if op in ("mul", "udiv") and c > 0 and c & (c - 1) == 0:
                    op, c = ("shl" if op == "mul" else "lshr"), c.bit_length() - 1
                elif op == "urem" and c > 0 and c & (c - 1) == 0 and c <= 2048:
                    op, c = "and", c - 1
                if op in ("shl", "lshr", "ashr"):
                    self.emit(itab[op], ROp(d, 8), ROp(self.val(a), 8), Imm(c & (bits - 1)))
                    return
                if op == "sub" and fits12(-c):
                    op, c = "add", -c
                if op in itab and fits12(c):
                    self.emit(itab[op], ROp(d, 8), ROp(self.val(a), 8), Imm(c))
                    return
            if op in ("add", "and", "or", "xor", "mul") and isinstance(a, Const) \
                    and fits12(a.signed) and op in itab and op != "mul":
                self.emit(itab[op], ROp(d, 8), ROp(self.val(b), 8), Imm(a.signed))
                return
            self.emit(tab[op], ROp(d, 8), ROp(self.val(a), 8), ROp(self.val(b), 8))
            return
        # i8 / i16: 64-bit operation, then re-sign-extend
        if op in ("and", "or", "xor"):
            if isinstance(b, Const) and fits12(b.signed):
                self.emit(self._IMM[op], ROp(d, 8), ROp(self.val(a), 8), Imm(b.signed))
            else:
                self.emit(op, ROp(d, 8), ROp(self.val(a), 8), ROp(self.val(b), 8))
            return
        if op == "ashr":
            if isinstance(b, Const):
                self.emit("srai", ROp(d, 8), ROp(self.val(a), 8), Imm(b.value % bits))
            else:
                self.emit("sra", ROp(d, 8), ROp(self.val(a), 8), ROp(self.val(b), 8))
            return
        x = self.val(a)
        y = self.val(b)
        if op in ("udiv", "urem", "lshr"):
            x = self.zext(x, bits)
            if op != "lshr":
                y = self.zext(y, bits)
        tmp = self.vreg()
        if op in ("shl", "lshr") and isinstance(b, Const):
            self.emit(self._IMM[op], ROp(tmp, 8), ROp(x, 8), Imm(b.value % bits))
        elif op == "add" and isinstance(b, Const) and fits12(b.signed):
            self.emit("addi", ROp(tmp, 8), ROp(x, 8), Imm(b.signed))
        else:
            self.emit(self._OP64[op], ROp(tmp, 8), ROp(x, 8), ROp(y, 8))
        self.sext(d, tmp, bits)

    def i_fadd(self, ins):
        t = ins.type
        if t is T.F128:
            return self.w_fbin(ins)
        a, b = ins.args
        self.emit(f"{ins.op}.{fsfx(t)}", ROp(self.reg_for(ins), 8), ROp(self.val(a), 8),
                  ROp(self.val(b), 8))

    i_fsub = i_fmul = i_fdiv = i_fadd

    def i_neg(self, ins):
        t = ins.type
        d = self.reg_for(ins)
        a = self.val(ins.args[0])
        if t.bits == 1:
            self.mv(d, a)
        elif t.bits == 32:
            self.emit("negw", ROp(d, 8), ROp(a, 8))
        elif t.bits == 64:
            self.emit("neg", ROp(d, 8), ROp(a, 8))
        else:
            tmp = self.vreg()
            self.emit("neg", ROp(tmp, 8), ROp(a, 8))
            self.sext(d, tmp, t.bits)

    def i_not(self, ins):
        t = ins.type
        self.emit("xori", ROp(self.reg_for(ins), 8), ROp(self.val(ins.args[0]), 8),
                  Imm(1 if t.bits == 1 else -1))

    def i_fneg(self, ins):
        t = ins.type
        self.emit("fneg." + fsfx(t), ROp(self.reg_for(ins), 8), ROp(self.val(ins.args[0]), 8))

    def i_fabs(self, ins):
        t = ins.type
        self.emit("fabs." + fsfx(t), ROp(self.reg_for(ins), 8), ROp(self.val(ins.args[0]), 8))

    def i_sqrt(self, ins):
        t = ins.type
        self.emit("fsqrt." + fsfx(t), ROp(self.reg_for(ins), 8), ROp(self.val(ins.args[0]), 8))

    def i_bswap(self, ins):
        t = ins.type
        d = self.reg_for(ins)
        a = self.val(ins.args[0])
        if t.bits == 16:
            lo, hi, x, y = (self.vreg() for _ in range(4))
            self.emit("andi", ROp(lo, 8), ROp(a, 8), Imm(255))
            self.emit("slli", ROp(x, 8), ROp(lo, 8), Imm(8))
            self.emit("srli", ROp(hi, 8), ROp(a, 8), Imm(8))
            self.emit("andi", ROp(y, 8), ROp(hi, 8), Imm(255))
            z = self.vreg()
            self.emit("or", ROp(z, 8), ROp(x, 8), ROp(y, 8))
            self.sext(d, z, 16)
            return
        name = "__bswapsi2" if t.bits == 32 else "__bswapdi2"
        r = self.libcall(name, [(T.I64, a)], T.I64)
        self.mv(d, r)

    def _bitcount(self, ins, name):
        t = ins.type
        a = self.val(ins.args[0])
        if t.bits < 64:
            a = self.zext(a, t.bits)
        r = self.libcall(name, [(T.I64, a)], T.I32)
        d = self.reg_for(ins)
        if name == "__clzdi2" and t.bits < 64:
            self.emit("addiw", ROp(d, 8), ROp(r, 8), Imm(t.bits - 64))
        else:
            self.mv(d, r)

    def i_ctpop(self, ins):
        self._bitcount(ins, "__popcountdi2")

    def i_ctlz(self, ins):
        self._bitcount(ins, "__clzdi2")

    def i_cttz(self, ins):
        self._bitcount(ins, "__ctzdi2")

    # -- comparisons ---------------------------------------------------------------------------
    def icmp_into(self, d: Reg, pred, a, b):
        if pred in ("eq", "ne"):
            if isinstance(b, Const) and b.value == 0:
                x = self.val(a)
            elif isinstance(a, Const) and a.value == 0:
                x = self.val(b)
            else:
                x = self.vreg()
                if isinstance(b, Const) and fits12(-b.signed):
                    self.emit("addi", ROp(x, 8), ROp(self.val(a), 8), Imm(-b.signed))
                else:
                    self.emit("xor", ROp(x, 8), ROp(self.val(a), 8), ROp(self.val(b), 8))
            self.emit("seqz" if pred == "eq" else "snez", ROp(d, 8), ROp(x, 8))
            return
        u = pred[0] == "u"
        base = {"lt": "lt", "gt": "lt", "le": "lt", "ge": "lt"}
        kind = pred[1:]
        swap = kind in ("gt", "le")
        neg = kind in ("le", "ge")
        x, y = (b, a) if swap else (a, b)
        tgt = self.vreg() if neg else d
        if isinstance(y, Const) and fits12(y.signed):
            self.emit("sltiu" if u else "slti", ROp(tgt, 8), ROp(self.val(x), 8), Imm(y.signed))
        else:
            self.emit("sltu" if u else "slt", ROp(tgt, 8), ROp(self.val(x), 8),
                      ROp(self.val(y), 8))
        del base
        if neg:
            self.emit("xori", ROp(d, 8), ROp(tgt, 8), Imm(1))

    def i_icmp(self, ins):
        self.icmp_into(self.reg_for(ins), ins.pred, ins.args[0], ins.args[1])

    def i_fcmp(self, ins):
        a, b = ins.args
        t = a.type
        d = self.reg_for(ins)
        if t is T.F128:
            return self.w_fcmp(ins)
        x, y = self.val(a), self.val(b)
        s = fsfx(t)
        p = ins.pred
        inv = p in ("une", "ult", "ule", "ugt", "uge", "uno", "ueq")
        base = {"une": "oeq", "ult": "oge", "ule": "ogt", "ugt": "ole", "uge": "olt",
                "uno": "ord", "ueq": "one"}.get(p, p)
        tgt = self.vreg() if inv else d
        if base == "oeq":
            self.emit(f"feq.{s}", ROp(tgt, 8), ROp(x, 8), ROp(y, 8))
        elif base == "olt":
            self.emit(f"flt.{s}", ROp(tgt, 8), ROp(x, 8), ROp(y, 8))
        elif base == "ole":
            self.emit(f"fle.{s}", ROp(tgt, 8), ROp(x, 8), ROp(y, 8))
        elif base == "ogt":
            self.emit(f"flt.{s}", ROp(tgt, 8), ROp(y, 8), ROp(x, 8))
        elif base == "oge":
            self.emit(f"fle.{s}", ROp(tgt, 8), ROp(y, 8), ROp(x, 8))
        elif base == "one":
            t1, t2 = self.vreg(), self.vreg()
            self.emit(f"flt.{s}", ROp(t1, 8), ROp(x, 8), ROp(y, 8))
            self.emit(f"flt.{s}", ROp(t2, 8), ROp(y, 8), ROp(x, 8))
            self.emit("or", ROp(tgt, 8), ROp(t1, 8), ROp(t2, 8))
        elif base == "ord":
            t1, t2 = self.vreg(), self.vreg()
            self.emit(f"feq.{s}", ROp(t1, 8), ROp(x, 8), ROp(x, 8))
            self.emit(f"feq.{s}", ROp(t2, 8), ROp(y, 8), ROp(y, 8))
            self.emit("and", ROp(tgt, 8), ROp(t1, 8), ROp(t2, 8))
        else:
            raise Unsupported(f"fcmp {p}")
        if inv:
            self.emit("xori", ROp(d, 8), ROp(tgt, 8), Imm(1))

    def i_select(self, ins):
        c, a, b = ins.args
        t = ins.type
        cr = self.val(c)
        if _wide(t):
            dl, dh = self.pair_for(ins)
            al, ah = self.pair(a)
            bl, bh = self.pair(b)
            self.mv(dl, bl)
            self.mv(dh, bh)
            self.emit("csel", ROp(dl, 8), ROp(cr, 8), ROp(al, 8), roles=("ud", "u", "u"))
            self.emit("csel", ROp(dh, 8), ROp(cr, 8), ROp(ah, 8), roles=("ud", "u", "u"))
            return
        d = self.reg_for(ins)
        self.mv(d, self.val(b))
        self.emit("fcsel" if d.cls == "f" else "csel", ROp(d, 8), ROp(cr, 8),
                  ROp(self.val(a), 8), roles=("ud", "u", "u"))

    # -- conversions ---------------------------------------------------------------------------
    def i_trunc(self, ins):
        t = ins.type
        self.sext(self.reg_for(ins), self.val(ins.args[0]), t.bits)

    def i_zext(self, ins):
        s = ins.args[0].type
        r = self.zext(self.val(ins.args[0]), s.bits)
        self.mv(self.reg_for(ins), r)

    def i_sext(self, ins):
        s = ins.args[0].type
        d = self.reg_for(ins)
        a = self.val(ins.args[0])
        if s.bits == 1:
            self.emit("neg", ROp(d, 8), ROp(a, 8))
        else:
            self.mv(d, a)

    def i_fpext(self, ins):
        self.emit("fcvt.d.s", ROp(self.reg_for(ins), 8), ROp(self.val(ins.args[0]), 8))

    def i_fptrunc(self, ins):
        self.emit("fcvt.s.d", ROp(self.reg_for(ins), 8), ROp(self.val(ins.args[0]), 8))

    def i_fptosi(self, ins):
        t, s = ins.type, ins.args[0].type
        d = self.reg_for(ins)
        mn = "l" if t.bits == 64 else "w"
        self.emit(f"fcvt.{mn}.{fsfx(s)}", ROp(d, 8), ROp(self.val(ins.args[0]), 8), Sym("rtz"))
        if t.bits == 1:
            self.emit("andi", ROp(d, 8), ROp(d, 8), Imm(1))

    def i_fptoui(self, ins):
        t, s = ins.type, ins.args[0].type
        d = self.reg_for(ins)
        mn = "lu" if t.bits == 64 else "wu"
        tmp = self.vreg() if t.bits < 32 else d
        self.emit(f"fcvt.{mn}.{fsfx(s)}", ROp(tmp, 8), ROp(self.val(ins.args[0]), 8), Sym("rtz"))
        if t.bits < 32:
            self.sext(d, tmp, t.bits)

    def i_sitofp(self, ins):
        t, s = ins.type, ins.args[0].type
        mn = "l" if s.bits == 64 else "w"
        self.emit(f"fcvt.{fsfx(t)}.{mn}", ROp(self.reg_for(ins), 8), ROp(self.val(ins.args[0]), 8))

    def i_uitofp(self, ins):
        t, s = ins.type, ins.args[0].type
        a = self.val(ins.args[0])
        if s.bits == 32:
            mn = "wu"
        elif s.bits == 1:
            mn = "w"
        else:
            a = self.zext(a, s.bits)
            mn = "lu"
        self.emit(f"fcvt.{fsfx(t)}.{mn}", ROp(self.reg_for(ins), 8), ROp(a, 8))

    def i_bitcast(self, ins):
        t, s = ins.type, ins.args[0].type
        a = self.val(ins.args[0])
        d = self.reg_for(ins)
        if t.is_float and not s.is_float:
            self.emit("fmv.w.x" if t is T.F32 else "fmv.d.x", ROp(d, 8), ROp(a, 8))
        elif s.is_float and not t.is_float:
            self.emit("fmv.x.w" if s is T.F32 else "fmv.x.d", ROp(d, 8), ROp(a, 8))
        else:
            self.mv(d, a)

    def i_ptrtoint(self, ins):
        self.sext(self.reg_for(ins), self.val(ins.args[0]), ins.type.bits)

    def i_inttoptr(self, ins):
        self.mv(self.reg_for(ins), self.val(ins.args[0]))

    def i_copy(self, ins):
        if _wide(ins.type):
            return self.w_copy(ins)
        self.mv(self.reg_for(ins), self.val(ins.args[0]))

    # -- memory instructions -------------------------------------------------------------------
    def i_alloca(self, ins):
        if ins in self.slot_of:
            return
        self.mf.extra["dynamic_stack"] = True
        n = self.val(ins.args[0])
        t1, t2 = self.vreg(), self.vreg()
        self.emit("addi", ROp(t1, 8), ROp(n, 8), Imm(15))
        self.emit("andi", ROp(t2, 8), ROp(t1, 8), Imm(-16))
        self.emit("sub", ROp(SP, 8), ROp(SP, 8), ROp(t2, 8))
        al = ins.extra or 16
        if al > 16:
            self.emit("andi", ROp(SP, 8), ROp(SP, 8), Imm(-al))
        self.mv(self.reg_for(ins), SP)

    def i_ptradd(self, ins):
        p, off = ins.args
        d = self.reg_for(ins)
        if isinstance(off, Const) and fits12(off.signed):
            m = self.addr(p)
            if m.base is None or fits12(m.disp + off.signed):
                m.disp += off.signed
                self.emit("addr", ROp(d, 8), m)
                return
            self.emit("addi", ROp(d, 8), ROp(m.base, 8), Imm(off.signed)) \
                if m.disp == 0 else self.emit("addr", ROp(d, 8), m.copy(disp=m.disp + off.signed))
            return
        self.emit("add", ROp(d, 8), ROp(self.val(p), 8), ROp(self.val(off), 8))

    def i_load(self, ins):
        t = ins.type
        m = self.addr(ins.args[0])
        atomic = ins.extra == "atomic"
        if atomic:
            self.emit("fence", Sym("rw,rw"))
        if _wide(t):
            lo, hi = self.pair_for(ins)
            if m.base is not None:
                # keep the base in a fresh register (the pair may reuse the address)
                pass
            self.emit("ld", ROp(lo, 8), m)
            self.emit("ld", ROp(hi, 8), m.copy(disp=m.disp + 8))
        else:
            self.load_typed(self.reg_for(ins), m, t)
        if atomic:
            self.emit("fence", Sym("r,rw"))

    def i_store(self, ins):
        v, p = ins.args
        t = v.type
        m = self.addr(p)
        atomic = ins.extra == "atomic"
        if atomic:
            self.emit("fence", Sym("rw,w"))
        if _wide(t):
            lo, hi = self.pair(v)
            self.emit("sd", ROp(lo, 8), m)
            self.emit("sd", ROp(hi, 8), m.copy(disp=m.disp + 8))
        elif t.is_float:
            if isinstance(v, Const) and v.value == 0.0 and math.copysign(1.0, v.value) > 0:
                self.store_typed(ZERO, m, T.int_type(t.bits))
            else:
                self.store_typed(self.val(v), m, t)
        else:
            self.store_typed(self.val(v), m, t if t is not T.I1 else T.I8)
        if atomic:
            self.emit("fence", Sym("rw,rw"))

    def i_memcpy(self, ins):
        dst, src, n = ins.args
        al = ins.extra or 1
        if isinstance(n, Const) and n.value <= 64:
            self.copy_mem(self.addr(dst), self.addr(src), n.value, al)
            return
        self.call_c("memcpy", [dst, src, n])

    def i_memset(self, ins):
        dst, v, n = ins.args
        al = ins.extra or 1
        if isinstance(n, Const) and n.value <= 64 and isinstance(v, Const):
            m = self.addr(dst)
            byte = v.value & 255
            k = 8
            while k > 1 and (al % k or n.value < k):
                k //= 2
            off = 0
            regs = {}
            while off < n.value:
                while n.value - off < k:
                    k //= 2
                r = regs.get(k)
                if r is None:
                    pat = int.from_bytes(bytes([byte]) * k, "little")
                    r = regs[k] = self.const_reg(pat if k < 8 or pat < 1 << 63 else pat - (1 << 64))
                self.emit(self.STORES[k], ROp(r, 8), m.copy(disp=m.disp + off))
                off += k
            return
        self.call_c("memset", [dst, _RegValue(T.I32, self.val(v)), n])

    def call_c(self, name, args):
        ins = Instr("call", T.VOID, [SymRef(name)])
        for a in args:
            ins.args.append(a)
        ins.extra = CallInfo()
        self.i_call(ins)

    # -- atomics -------------------------------------------------------------------------------
    def i_fence(self, ins):
        self.emit("fence", Sym("rw,rw"))

    def i_atomicrmw(self, ins):
        op = ins.extra
        p, v = ins.args
        t = ins.type
        d = self.reg_for(ins)
        pr = self.val(p)
        vr = self.val(v)
        if t.size in (4, 8):
            sfx = "w" if t.size == 4 else "d"
            if op == "sub":
                n = self.vreg()
                self.emit("neg", ROp(n, 8), ROp(vr, 8))
                vr, op = n, "add"
            mn = {"add": "amoadd", "and": "amoand", "or": "amoor", "xor": "amoxor",
                  "xchg": "amoswap"}[op]
            self.emit(f"{mn}.{sfx}.aqrl", ROp(d, 8), ROp(vr, 8), ROp(pr, 8))
            return
        # 8/16-bit: lr.w/sc.w loop on the containing aligned word (fixed registers t0-t2)
        self.mv(T0, pr)
        self.mv(T1, vr)
        self.emit("amosub", Imm(t.size), Sym(op), iuse=(T0, T1), idef=(T0, T1, T2),
                  roles=("", ""))
        self.sext(d, T2, t.bits)

    def i_cmpxchg(self, ins):
        p, e, n = ins.args
        t = ins.type
        d = self.reg_for(ins)
        pr, er, nr = self.val(p), self.val(e), self.val(n)
        self.mv(T0, pr)
        self.mv(T1, er)
        self.mv(T2, nr)
        self.emit("cas", Imm(t.size), iuse=(T0, T1, T2), idef=(T0, T1, T2), roles=("",))
        if t.size < 4:
            self.sext(d, T1, t.bits)
        else:
            self.mv(d, T1)

    # -- calls ---------------------------------------------------------------------------------
    def libcall(self, name, args, rt):
        """Call a helper with already computed arguments [(Type, Reg or (lo, hi))]; the
        result register(s) (fresh copies) or None."""
        vals = []
        for t, r in args:
            vals.append(_RegValue(t, pair=r) if _wide(t) else _RegValue(t, reg=r))
        ins = Instr("call", rt, [SymRef(name)])
        ins.args.extend(vals)
        ins.extra = CallInfo()
        res = _RegValue(rt)
        self.i_call(ins, res)
        return res.pair if _wide(rt) else res.reg

    def i_call(self, ins, into=None):
        ci = ins.extra
        callee = ins.args[0]
        args = list(ins.args[1:])
        rt = ins.type
        sret_dst = None
        sret_loc = None
        if ci.sret is not None:
            sret_dst, args = args[0], args[1:]
            sret_loc = abi.ret_loc(ci.sret)
        byval = ci.byval or [None] * len(args)
        exts = ci.ext or [None] * len(args)
        types = [bt if bt is not None else a.type for a, bt in zip(args, byval)]
        first = 1 if (ci.sret is not None and sret_loc is None) else 0
        locs, stack, _ = abi.assign_args(types, ci.nfixed, first)
        stack_sz = (stack + 15) // 16 * 16
        target = None
        if isinstance(callee, SymRef) and callee.name not in self.ctx.tls:
            # `call f` or `call f@plt` (f binds locally or not) is the text's choice only,
            # made when it is printed (emit.CallRef): a function emitted while the unit is
            # still being lowered may call one defined later (toolchain.cc.stream)
            target = Sym(callee.name, LATE_CALL)
        else:
            target = self.val(callee)
        moves = []      # (phys reg, vreg, kind)
        # copies of aggregates passed by reference
        refs = {}
        for i, (a, loc, bt) in enumerate(zip(args, locs, byval)):
            if bt is not None and loc.ref:
                s = self.mf.new_slot((bt.size + 7) // 8 * 8, max(8, bt.align))
                self.copy_mem(Mem(None, slot=s), self.addr(a), bt.size, min(bt.align, 8))
                r = self.vreg()
                self.emit("addr", ROp(r, 8), Mem(None, slot=s))
                refs[i] = r
        pieces = []     # (Part, producer) for registers and stack
        for i, (a, loc, t, bt, ext) in enumerate(zip(args, locs, types, byval, exts)):
            if loc.ignored:
                continue
            if bt is not None and loc.ref:
                pieces.append((loc.parts[0], refs[i], "i"))
                continue
            if bt is not None:
                src = self.addr(a)
                for part in loc.parts:
                    m = src.copy(disp=src.disp + part.off)
                    if part.cls == "f":
                        r = self.vreg("f")
                        self.emit("flw" if part.size == 4 else "fld", ROp(r, 8), m)
                        pieces.append((part, r, "f"))
                    else:
                        pieces.append((part, self.load_bytes(m, min(part.size, 8)), "i"))
                continue
            if _wide(t):
                lo, hi = self.pair(a)
                pieces.append((loc.parts[0], lo, "i"))
                pieces.append((loc.parts[1], hi, "i"))
                continue
            part = loc.parts[0]
            r = self.val(a)
            if t.is_int and t.bits in (8, 16) and ext == "zeroext":
                r = self.zext(r, t.bits)
            if t.is_float and part.cls == "i":
                x = self.vreg()
                self.emit("fmv.x.w" if t is T.F32 else "fmv.x.d", ROp(x, 8), ROp(r, 8))
                r = x
            pieces.append((part, r, part.cls))
        if stack_sz:
            self.sp_adjust(-stack_sz)
        uses = []
        for part, r, cls in pieces:
            if part.reg is None:
                if cls == "f":
                    self.emit("fsd", ROp(r, 8), Mem(SP, disp=part.stack))
                else:
                    self.emit("sd", ROp(r, 8), Mem(SP, disp=part.stack))
        if isinstance(target, Reg):
            t2 = self.vreg()
            self.mv(t2, target)
            target = t2
        for part, r, cls in pieces:
            if part.reg is not None:
                self.mv(part.reg, r)
                uses.append(part.reg)
        if first:
            self.mv(A[0], self.val(sret_dst))
            uses.append(A[0])
        if isinstance(target, Sym):
            self.emit("call", target, iuse=tuple(uses), idef=CALL_CLOBBERS, flags="c")
        else:
            self.emit("jalr", ROp(target, 8), iuse=tuple(uses), idef=CALL_CLOBBERS, flags="c",
                      roles=("u",))
        if stack_sz:
            self.sp_adjust(stack_sz)
        if ci.sret is not None and sret_loc is not None:
            dm = self.addr(sret_dst)
            for part in sret_loc.parts:
                m = dm.copy(disp=dm.disp + part.off)
                if part.cls == "f":
                    self.emit("fsw" if part.size == 4 else "fsd", ROp(part.reg, 8), m)
                else:
                    tmp = self.vreg()
                    self.mv(tmp, part.reg)
                    self.store_bytes(tmp, m, min(part.size, 8))
            return
        if rt.is_void:
            return
        if _wide(rt):
            lo, hi = (self.vreg(), self.vreg()) if into is not None else self.pair_for(ins)
            self.mv(lo, A[0])
            self.mv(hi, A[1])
            if into is not None:
                into.pair = (lo, hi)
            return
        d = self.vreg(self.cls_of(rt)) if into is not None else self.reg_for(ins)
        if rt.is_float:
            self.mv(d, FA[0])
        elif rt.is_int and rt.bits in (8, 16):
            self.sext(d, A[0], rt.bits)
        else:
            self.mv(d, A[0])
        if into is not None:
            into.reg = d

    def sp_adjust(self, n):
        if fits12(n):
            self.emit("addi", ROp(SP, 8), ROp(SP, 8), Imm(n))
        else:
            t = self.vreg()
            self.li(t, n)
            self.emit("add", ROp(SP, 8), ROp(SP, 8), ROp(t, 8))

    # -- varargs -------------------------------------------------------------------------------
    def va_list_addr(self, v) -> Mem:
        """The address of a va_list object: the C lowering passes it to va_start/va_arg/
        va_copy (since 24cb5e5, also where va_list is a plain pointer, as here)."""
        return self.addr(v)

    def i_va_start(self, ins):
        if self.va_off is None:
            raise Unsupported("va_start outside a variadic function")
        t = self.vreg()
        self.emit("addr", ROp(t, 8), self.cfa_mem(self.va_off))
        self.emit("sd", ROp(t, 8), self.va_list_addr(ins.args[0]))

    def i_va_end(self, ins):
        pass

    def i_va_copy(self, ins):
        t = self.vreg()
        self.emit("ld", ROp(t, 8), self.va_list_addr(ins.args[1]))
        self.emit("sd", ROp(t, 8), self.va_list_addr(ins.args[0]))

    def i_va_arg(self, ins):
        t = ins.type
        st = ins.extra if ins.extra is not None and not isinstance(ins.extra, str) else None
        ap = self.va_list_addr(ins.args[0])
        p = self.vreg()
        self.emit("ld", ROp(p, 8), ap)
        vt = st if st is not None else t
        if vt.align >= 16 and vt.size <= 16:
            q1, q2 = self.vreg(), self.vreg()
            self.emit("addi", ROp(q1, 8), ROp(p, 8), Imm(15))
            self.emit("andi", ROp(q2, 8), ROp(q1, 8), Imm(-16))
            p = q2
        size = 8 if vt.size > 16 else (vt.size + 7) // 8 * 8
        nxt = self.vreg()
        self.emit("addi", ROp(nxt, 8), ROp(p, 8), Imm(size))
        self.emit("sd", ROp(nxt, 8), ap.copy())
        if st is not None:
            d = self.reg_for(ins)
            if st.size > 16:
                self.emit("ld", ROp(d, 8), Mem(p))
            else:
                self.mv(d, p)
            return
        if _wide(t):
            lo, hi = self.pair_for(ins)
            self.emit("ld", ROp(lo, 8), Mem(p))
            self.emit("ld", ROp(hi, 8), Mem(p, disp=8))
            return
        self.load_typed(self.reg_for(ins), Mem(p), t)

    # -- misc ----------------------------------------------------------------------------------
    def i_blockaddr(self, ins):
        self.emit("lla", ROp(self.reg_for(ins), 8), Mem(None, sym=self.mblock[ins.targets[0]].label))

    def i_stacksave(self, ins):
        self.mv(self.reg_for(ins), SP)

    def i_stackrestore(self, ins):
        self.mf.extra["dynamic_stack"] = True
        self.mv(SP, self.val(ins.args[0]))

    def i_frameaddress(self, ins):
        self.mv(self.reg_for(ins), FP)

    def i_returnaddress(self, ins):
        self.emit("ld", ROp(self.reg_for(ins), 8), Mem(FP, disp=8))

    # -- target-neutral intrinsics (docs/ir.md) ------------------------------------------------
    def i_nonlocal_goto(self, ins):
        """Frame pointer := %fp, stack pointer := %sp, jump to %addr (values go to fixed
        registers first so no reload from s0 sits between the writes and the jump)."""
        fp, sp, to = ins.args
        self.mv(T0, self.val(fp))
        self.mv(T1, self.val(sp))
        self.mv(T2, self.val(to))
        self.emit("mv", ROp(SP, 8), ROp(T1, 8))
        self.emit("mv", ROp(FP, 8), ROp(T0, 8))
        self.emit("jr", ROp(T2, 8), flags="t")

    # auipc t2,0; ld t0,24(t2); ld t1,32(t2); sd t0,0(t1); ld t0,40(t2); jr t0; then the
    # chain, slot and function pointers at 24, 32, 40 (48 bytes)
    _TRAMP = (0x00000397, (24 << 20) | (7 << 15) | (3 << 12) | (5 << 7) | 0x03,
              (32 << 20) | (7 << 15) | (3 << 12) | (6 << 7) | 0x03,
              (5 << 20) | (6 << 15) | (3 << 12) | 0x23,
              (40 << 20) | (7 << 15) | (3 << 12) | (5 << 7) | 0x03, (5 << 15) | 0x67)

    def i_trampoline_init(self, ins):
        code, fn, chain, slot = ins.args
        base = self.addr(code)
        for k, w in enumerate(self._TRAMP):
            r = self.const_reg(w - (1 << 32) if w >> 31 else w)
            self.emit("sw", ROp(r, 8), base.copy(disp=base.disp + 4 * k))
        for off, v in ((24, chain), (32, slot), (40, fn)):
            self.emit("sd", ROp(self.val(v), 8), base.copy(disp=base.disp + off))
        self.emit("fence.i")

    def i_asm(self, ins):
        from .inlineasm import select_asm
        select_asm(self, ins)

    # -- control flow --------------------------------------------------------------------------
    # ISelBase hooks (phis: toolchain/cc/backend/isel.py)
    def is_pair(self, t) -> bool:
        return _wide(t)

    def value_reg(self, v):
        if isinstance(v, (Instr, Arg)) and not (
                isinstance(v, Instr) and (v in self.slot_of or v in self.folded)):
            return self.reg_for(v)
        return None

    def copy_to(self, dst: Reg, v, t):
        self.mv(dst, self.val(v))

    def jump(self, target: Block, iuse=()):
        mb = self.mblock[target]
        self.emit("j", Sym(mb.label), iuse=iuse, flags="bt", targets=(mb,))
        if mb not in self.mb.succs:
            self.mb.succs.append(mb)

    def i_jmp(self, ins):
        self.terminator_phis(ins)
        self.jump(ins.targets[0])

    def branch(self, op, ops, target_mb):
        self.emit(op, *ops, Sym(target_mb.label), flags="b", targets=(target_mb,))
        if target_mb not in self.mb.succs:
            self.mb.succs.append(target_mb)

    def i_br(self, ins):
        c = ins.args[0]
        t, f = (self.mblock[x] for x in ins.targets)
        if isinstance(c, Const):
            self.jump(ins.targets[0] if c.value else ins.targets[1])
            return
        if c in self.fused:
            a, b = c.args
            mn, swap = IBR[c.pred]
            if swap:
                a, b = b, a
            ra = self.val(a)
            rb = self.val(b)
            self.branch(mn, (ROp(ra, 8), ROp(rb, 8)), t)
        else:
            self.branch("bnez", (ROp(self.val(c), 8),), t)
        self.emit("j", Sym(f.label), flags="bt", targets=(f,))
        if f not in self.mb.succs:
            self.mb.succs.append(f)

    def i_switch(self, ins):
        v = ins.args[0]
        t = v.type
        if _wide(t):
            lo, hi = self.pair(v)
            for c, blk in zip(ins.extra, ins.targets[1:]):
                cl, ch = self.const_reg(c & ((1 << 64) - 1)), self.const_reg(c >> 64)
                x1, x2, x3 = self.vreg(), self.vreg(), self.vreg()
                self.emit("xor", ROp(x1, 8), ROp(lo, 8), ROp(cl, 8))
                self.emit("xor", ROp(x2, 8), ROp(hi, 8), ROp(ch, 8))
                self.emit("or", ROp(x3, 8), ROp(x1, 8), ROp(x2, 8))
                self.branch("beqz", (ROp(x3, 8),), self.mblock[blk])
            self.jump(ins.targets[0])
            return
        r = self.val(v)
        cases = [(Const(t, c).signed if t.bits > 1 else c, blk)
                 for c, blk in zip(ins.extra, ins.targets[1:])]
        if len(cases) >= 4:
            lo = min(c for c, _ in cases)
            hi = max(c for c, _ in cases)
            span = hi - lo + 1
            if span <= 3 * len(cases) + 4 and span < 65536:
                return self.jump_table(ins, r, lo, span, cases)
        for c, blk in cases:
            cr = self.const_reg(c)
            self.branch("beq", (ROp(r, 8), ROp(cr, 8)), self.mblock[blk])
        self.jump(ins.targets[0])

    def jump_table(self, ins, r, lo, span, cases):
        idx = self.vreg()
        if fits12(-lo):
            self.emit("addi", ROp(idx, 8), ROp(r, 8), Imm(-lo))
        else:
            c = self.const_reg(lo)
            self.emit("sub", ROp(idx, 8), ROp(r, 8), ROp(c, 8))
        lim = self.const_reg(span)
        dflt = self.mblock[ins.targets[0]]
        self.branch("bgeu", (ROp(idx, 8), ROp(lim, 8)), dflt)
        table = [dflt.label] * span
        for c, blk in cases:
            table[c - lo] = self.mblock[blk].label
        lab = self.label()
        self.mf.extra.setdefault("jumptables", []).append((lab, table))
        base, off, a2, w, tgt = (self.vreg() for _ in range(5))
        self.emit("lla", ROp(base, 8), Sym(lab))
        self.emit("slli", ROp(off, 8), ROp(idx, 8), Imm(2))
        self.emit("add", ROp(a2, 8), ROp(base, 8), ROp(off, 8))
        self.emit("lw", ROp(w, 8), Mem(a2))
        self.emit("add", ROp(tgt, 8), ROp(w, 8), ROp(base, 8))
        targets = tuple(dict.fromkeys(self.mblock[b] for b in ins.targets))
        self.emit("jr", ROp(tgt, 8), flags="bt", targets=targets)
        for mb in targets:
            if mb not in self.mb.succs:
                self.mb.succs.append(mb)

    def i_indirectbr(self, ins):
        r = self.val(ins.args[0])
        self.terminator_phis(ins)
        targets = tuple(dict.fromkeys(self.mblock[b] for b in ins.targets))
        self.emit("jr", ROp(r, 8), flags="bt", targets=targets)
        for mb in targets:
            if mb not in self.mb.succs:
                self.mb.succs.append(mb)

    def i_unreachable(self, ins):
        self.emit("ebreak", flags="t")

    def i_ret(self, ins):
        rt = self.f.ret_type
        uses = []
        if ins.args:
            v = ins.args[0]
            if rt.is_struct:
                loc = abi.ret_loc(rt)
                src = self.addr(v)
                if loc is None:
                    self.copy_mem(Mem(self.sret_ptr), src, rt.size, min(rt.align, 8))
                    self.mv(A[0], self.sret_ptr)
                    uses.append(A[0])
                else:
                    pend = []
                    for part in loc.parts:
                        m = src.copy(disp=src.disp + part.off)
                        if part.cls == "f":
                            r = self.vreg("f")
                            self.emit("flw" if part.size == 4 else "fld", ROp(r, 8), m)
                        else:
                            r = self.load_bytes(m, min(part.size, 8))
                        pend.append((part.reg, r))
                    for pr, r in pend:
                        self.mv(pr, r)
                        uses.append(pr)
            elif _wide(rt):
                lo, hi = self.pair(v)
                self.mv(A[0], lo)
                self.mv(A[1], hi)
                uses += [A[0], A[1]]
            elif rt.is_float:
                self.mv(FA[0], self.val(v))
                uses.append(FA[0])
            else:
                r = self.val(v)
                if rt.is_int and rt.bits in (8, 16) and "zeroext_ret" in self.f.attrs:
                    r = self.zext(r, rt.bits)   # the ABI extends by the C type's signedness
                self.mv(A[0], r)
                uses.append(A[0])
        self.emit("j", Sym(self.ret_block.label), iuse=tuple(uses), flags="bt",
                  targets=(self.ret_block,))
        self.mb.succs.append(self.ret_block)

    # -- i128 / f128 (register pairs) ----------------------------------------------------------
    def w_copy(self, ins):
        lo, hi = self.pair(ins.args[0])
        dl, dh = self.pair_for(ins)
        self.mv(dl, lo)
        self.mv(dh, hi)

    def w_load(self, ins):
        self.i_load(ins)

    def w_select(self, ins):
        if _wide(ins.type):
            return self.i_select(ins)
        raise Unsupported("select on an i128 condition")

    def _w_pairwise(self, ins, op):
        al, ah = self.pair(ins.args[0])
        bl, bh = self.pair(ins.args[1])
        dl, dh = self.pair_for(ins)
        self.emit(op, ROp(dl, 8), ROp(al, 8), ROp(bl, 8))
        self.emit(op, ROp(dh, 8), ROp(ah, 8), ROp(bh, 8))

    def w_and(self, ins):
        self._w_pairwise(ins, "and")

    def w_or(self, ins):
        self._w_pairwise(ins, "or")

    def w_xor(self, ins):
        self._w_pairwise(ins, "xor")

    def w_add(self, ins):
        al, ah = self.pair(ins.args[0])
        bl, bh = self.pair(ins.args[1])
        dl, dh = self.pair_for(ins)
        lo, c, h1 = self.vreg(), self.vreg(), self.vreg()
        self.emit("add", ROp(lo, 8), ROp(al, 8), ROp(bl, 8))
        self.emit("sltu", ROp(c, 8), ROp(lo, 8), ROp(al, 8))
        self.emit("add", ROp(h1, 8), ROp(ah, 8), ROp(bh, 8))
        self.emit("add", ROp(dh, 8), ROp(h1, 8), ROp(c, 8))
        self.mv(dl, lo)

    def w_sub(self, ins):
        al, ah = self.pair(ins.args[0])
        bl, bh = self.pair(ins.args[1])
        dl, dh = self.pair_for(ins)
        lo, c, h1 = self.vreg(), self.vreg(), self.vreg()
        self.emit("sltu", ROp(c, 8), ROp(al, 8), ROp(bl, 8))
        self.emit("sub", ROp(lo, 8), ROp(al, 8), ROp(bl, 8))
        self.emit("sub", ROp(h1, 8), ROp(ah, 8), ROp(bh, 8))
        self.emit("sub", ROp(dh, 8), ROp(h1, 8), ROp(c, 8))
        self.mv(dl, lo)

    def w_neg(self, ins):
        al, ah = self.pair(ins.args[0])
        dl, dh = self.pair_for(ins)
        lo, c, h1 = self.vreg(), self.vreg(), self.vreg()
        self.emit("snez", ROp(c, 8), ROp(al, 8))
        self.emit("neg", ROp(lo, 8), ROp(al, 8))
        self.emit("neg", ROp(h1, 8), ROp(ah, 8))
        self.emit("sub", ROp(dh, 8), ROp(h1, 8), ROp(c, 8))
        self.mv(dl, lo)

    def w_not(self, ins):
        al, ah = self.pair(ins.args[0])
        dl, dh = self.pair_for(ins)
        self.emit("not", ROp(dl, 8), ROp(al, 8))
        self.emit("not", ROp(dh, 8), ROp(ah, 8))

    def w_mul(self, ins):
        al, ah = self.pair(ins.args[0])
        bl, bh = self.pair(ins.args[1])
        dl, dh = self.pair_for(ins)
        lo, h0, h1, h2, s1 = (self.vreg() for _ in range(5))
        self.emit("mul", ROp(lo, 8), ROp(al, 8), ROp(bl, 8))
        self.emit("mulhu", ROp(h0, 8), ROp(al, 8), ROp(bl, 8))
        self.emit("mul", ROp(h1, 8), ROp(al, 8), ROp(bh, 8))
        self.emit("mul", ROp(h2, 8), ROp(ah, 8), ROp(bl, 8))
        self.emit("add", ROp(s1, 8), ROp(h0, 8), ROp(h1, 8))
        self.emit("add", ROp(dh, 8), ROp(s1, 8), ROp(h2, 8))
        self.mv(dl, lo)

    def _w_lib2(self, ins, name):
        a = self.pair(ins.args[0])
        if ins.op in ("shl", "lshr", "ashr"):
            b = self.pair(ins.args[1])[0]
            r = self.libcall(name, [(T.I128, a), (T.I64, b)], T.I128)
        else:
            r = self.libcall(name, [(ins.type, a), (ins.type, self.pair(ins.args[1]))],
                             ins.type)
        dl, dh = self.pair_for(ins)
        self.mv(dl, r[0])
        self.mv(dh, r[1])

    def w_sdiv(self, ins):
        self._w_lib2(ins, I128_LIB[ins.op])

    w_udiv = w_srem = w_urem = w_shl = w_lshr = w_ashr = w_sdiv

    def w_icmp(self, ins):
        a, b = ins.args
        al, ah = self.pair(a)
        bl, bh = self.pair(b)
        d = self.reg_for(ins)
        p = ins.pred
        if p in ("eq", "ne"):
            x1, x2, x3 = self.vreg(), self.vreg(), self.vreg()
            self.emit("xor", ROp(x1, 8), ROp(al, 8), ROp(bl, 8))
            self.emit("xor", ROp(x2, 8), ROp(ah, 8), ROp(bh, 8))
            self.emit("or", ROp(x3, 8), ROp(x1, 8), ROp(x2, 8))
            self.emit("seqz" if p == "eq" else "snez", ROp(d, 8), ROp(x3, 8))
            return
        kind = p[1:]
        swap = kind in ("gt", "le")
        neg = kind in ("le", "ge")
        if swap:
            al, ah, bl, bh = bl, bh, al, ah
        t1, t2, t3, t4, t5 = (self.vreg() for _ in range(5))
        self.emit("sltu" if p[0] == "u" else "slt", ROp(t1, 8), ROp(ah, 8), ROp(bh, 8))
        self.emit("xor", ROp(t2, 8), ROp(ah, 8), ROp(bh, 8))
        self.emit("seqz", ROp(t3, 8), ROp(t2, 8))
        self.emit("sltu", ROp(t4, 8), ROp(al, 8), ROp(bl, 8))
        self.emit("and", ROp(t5, 8), ROp(t3, 8), ROp(t4, 8))
        if neg:
            t6 = self.vreg()
            self.emit("or", ROp(t6, 8), ROp(t1, 8), ROp(t5, 8))
            self.emit("xori", ROp(d, 8), ROp(t6, 8), Imm(1))
        else:
            self.emit("or", ROp(d, 8), ROp(t1, 8), ROp(t5, 8))

    def w_trunc(self, ins):
        lo, _ = self.pair(ins.args[0])
        self.sext(self.reg_for(ins), lo, ins.type.bits)

    def w_zext(self, ins):
        dl, dh = self.pair_for(ins)
        s = ins.args[0].type
        self.mv(dl, self.zext(self.val(ins.args[0]), s.bits))
        self.mv(dh, ZERO)

    def w_sext(self, ins):
        dl, dh = self.pair_for(ins)
        s = ins.args[0].type
        a = self.val(ins.args[0])
        if s.bits == 1:
            n = self.vreg()
            self.emit("neg", ROp(n, 8), ROp(a, 8))
            a = n
        self.mv(dl, a)
        self.emit("srai", ROp(dh, 8), ROp(a, 8), Imm(63))

    def w_bitcast(self, ins):
        self.w_copy(ins)

    def _w_unary_lib(self, ins, name, rt_pair: bool):
        a = ins.args[0]
        at = a.type
        arg = (at, self.pair(a)) if _wide(at) else (at, self.val(a))
        if at.is_int and at.bits < 32:
            arg = (T.I64, self.zext(arg[1], at.bits) if ins.op == "uitofp" else arg[1])
        elif at.is_int and at.bits == 32 and ins.op == "uitofp":
            arg = (T.I32, arg[1])
        rt = ins.type
        call_rt = rt if not (rt.is_int and rt.bits < 32) else T.I32
        r = self.libcall(name, [arg], call_rt)
        if rt_pair:
            dl, dh = self.pair_for(ins)
            self.mv(dl, r[0])
            self.mv(dh, r[1])
        else:
            d = self.reg_for(ins)
            if rt.is_int and rt.bits < 32:
                self.sext(d, r, rt.bits)
            else:
                self.mv(d, r)

    def w_sitofp(self, ins):
        st, t = ins.args[0].type, ins.type
        if t is T.F128:
            name = "__floattitf" if st is T.I128 else ("__floatditf" if st.bits == 64
                                                       else "__floatsitf")
        else:
            name = "__floattisf" if t is T.F32 else "__floattidf"
        self._w_unary_lib(ins, name, _wide(t))

    def w_uitofp(self, ins):
        st, t = ins.args[0].type, ins.type
        if t is T.F128:
            name = "__floatuntitf" if st is T.I128 else ("__floatunditf" if st.bits == 64
                                                         else "__floatunsitf")
        else:
            name = "__floatuntisf" if t is T.F32 else "__floatuntidf"
        self._w_unary_lib(ins, name, _wide(t))

    def w_fptosi(self, ins):
        st, t = ins.args[0].type, ins.type
        if st is T.F128:
            name = "__fixtfti" if t is T.I128 else ("__fixtfdi" if t.bits == 64 else "__fixtfsi")
        else:
            name = "__fixsfti" if st is T.F32 else "__fixdfti"
        self._w_unary_lib(ins, name, _wide(t))

    def w_fptoui(self, ins):
        st, t = ins.args[0].type, ins.type
        if st is T.F128:
            name = "__fixunstfti" if t is T.I128 else ("__fixunstfdi" if t.bits == 64
                                                        else "__fixunstfsi")
        else:
            name = "__fixunssfti" if st is T.F32 else "__fixunsdfti"
        self._w_unary_lib(ins, name, _wide(t))

    def w_fpext(self, ins):
        st = ins.args[0].type
        self._w_unary_lib(ins, "__extendsftf2" if st is T.F32 else "__extenddftf2", True)

    def w_fptrunc(self, ins):
        t = ins.type
        self._w_unary_lib(ins, "__trunctfsf2" if t is T.F32 else "__trunctfdf2", False)

    def w_fbin(self, ins):
        r = self.libcall(F128_BIN[ins.op], [(T.F128, self.pair(ins.args[0])),
                                            (T.F128, self.pair(ins.args[1]))], T.F128)
        dl, dh = self.pair_for(ins)
        self.mv(dl, r[0])
        self.mv(dh, r[1])

    w_fadd = w_fsub = w_fmul = w_fdiv = w_fbin

    def w_fneg(self, ins):
        al, ah = self.pair(ins.args[0])
        dl, dh = self.pair_for(ins)
        m = self.vreg()
        self.li(m, -1 << 63)
        self.mv(dl, al)
        self.emit("xor", ROp(dh, 8), ROp(ah, 8), ROp(m, 8))

    def w_fabs(self, ins):
        al, ah = self.pair(ins.args[0])
        dl, dh = self.pair_for(ins)
        t = self.vreg()
        self.mv(dl, al)
        self.emit("slli", ROp(t, 8), ROp(ah, 8), Imm(1))
        self.emit("srli", ROp(dh, 8), ROp(t, 8), Imm(1))

    _TF_CMP = {"oeq": ("__eqtf2", "eq"), "une": ("__netf2", "ne"), "olt": ("__lttf2", "slt"),
               "ole": ("__letf2", "sle"), "ogt": ("__gttf2", "sgt"), "oge": ("__getf2", "sge"),
               "uno": ("__unordtf2", "ne"), "ord": ("__unordtf2", "eq"),
               "ult": ("__getf2", "slt"), "ule": ("__gttf2", "sle"),
               "ugt": ("__letf2", "sgt"), "uge": ("__lttf2", "sge")}

    def _tf_test(self, pred, a, b) -> Reg:
        name, rel = self._TF_CMP[pred]
        r = self.libcall(name, [(T.F128, a), (T.F128, b)], T.I32)
        d = self.vreg()
        self.icmp_into(d, rel, _RegValue(T.I32, r), Const(T.I32, 0))
        return d

    def w_fcmp(self, ins):
        a, b = self.pair(ins.args[0]), self.pair(ins.args[1])
        d = self.reg_for(ins)
        p = ins.pred
        if p in ("one", "ueq"):
            x = self._tf_test("olt", a, b)
            y = self._tf_test("ogt", a, b)
            z = self.vreg() if p == "ueq" else d
            self.emit("or", ROp(z, 8), ROp(x, 8), ROp(y, 8))
            if p == "ueq":
                self.emit("xori", ROp(d, 8), ROp(z, 8), Imm(1))
            return
        self.mv(d, self._tf_test(p, a, b))

    def w_va_arg(self, ins):
        self.i_va_arg(ins)

    def w_store(self, ins):
        self.i_store(ins)

    def w_ctpop(self, ins):
        lo, hi = self.pair(ins.args[0])
        x = self.libcall("__popcountdi2", [(T.I64, lo)], T.I32)
        y = self.libcall("__popcountdi2", [(T.I64, hi)], T.I32)
        d = self.reg_for(ins) if not _wide(ins.type) else None
        if d is None:
            dl, dh = self.pair_for(ins)
            self.emit("add", ROp(dl, 8), ROp(x, 8), ROp(y, 8))
            self.mv(dh, ZERO)
        else:
            self.emit("addw", ROp(d, 8), ROp(x, 8), ROp(y, 8))
