"""x86-64 instruction selection, control flow: jumps, branches, switches and jump tables, stack and frame queries.

A mixin of `isel.ISel`: methods use its state and helpers (`emit`, `val`, `reg_for`, ...)."""
from __future__ import annotations

from toolchain.cc.backend.mir import Imm, Mem, ROp, Sym
from toolchain.cc.ir.core import Block, Const
from .regs import RBP, RSP
from .isel_util import SFX, isz, osz, fits32


class CtrlSel:
    __slots__ = ()

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
