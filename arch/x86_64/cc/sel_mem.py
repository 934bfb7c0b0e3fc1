"""x86-64 instruction selection, memory: allocas, addresses, loads and stores, block copies and fills.

A mixin of `isel.ISel`: methods use its state and helpers (`emit`, `val`, `reg_for`, ...)."""
from __future__ import annotations

from toolchain.cc.backend.mir import Imm, Mem, ROp, Reg
from toolchain.cc.ir import types as T
from toolchain.cc.ir.core import Const
from .regs import RBP, RSP
from .isel_util import SFX, isz, fits32, Unsupported, _RegValue


class MemSel:
    __slots__ = ()

    def i_alloca(self, ins):
        if ins in self.slot_of:
            return      # its address is a frame operand, or a leaq where a register is needed (val)
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
