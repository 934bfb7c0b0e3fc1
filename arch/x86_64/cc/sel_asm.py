"""x86-64 instruction selection, GNU inline asm: constraints, operands and the template.

A mixin of `isel.ISel`: methods use its state and helpers (`emit`, `val`, `reg_for`, ...)."""
from __future__ import annotations

from toolchain.cc.backend.mir import Imm, MInstr, ROp, Sym
from toolchain.diag import ToolError
from toolchain.cc.ir.core import Const, SymRef
from .regs import GPR, KOp, X87Op, XMM
from .isel_util import SFX, _X87_STORE, isz, att_dialect, fsfx


class AsmSel:
    __slots__ = ()
    _ASM_REGS = {"a": "rax", "b": "rbx", "c": "rcx", "d": "rdx", "S": "rsi", "D": "rdi"}

    def x87_asm(self, ins):
        """asm with a long double operand (the dispatcher routes those to x87_*): "t"/"u"
        operands go through the x87 stack, "m" ones through memory, as for float/double."""
        self.i_asm(ins)

    _KMOV = {1: "kmovw", 2: "kmovw", 4: "kmovd", 8: "kmovq"}
    _VMOV = {16: "movdqu", 32: "vmovdqu", 64: "vmovdqu64"}

    def _asm_kmov(self, tmpl, ops, roles, k_in, k_out, post):
        """The template between kmovs: each mask input from a general register (zero-extended)
        before, each mask output to a new general register after (stored as outputs are)."""
        pre, suf = [], []
        for kop, v, t in k_in:
            r = self.vreg("i")
            size = max(isz(t), 4)
            if isz(t) < 4:
                self.emit("movz" + SFX[isz(t)] + "l", ROp(self.val(v), isz(t)), ROp(r, 4))
            else:
                self.emit("mov" + SFX[size], ROp(self.val(v), size), ROp(r, size))
            ops.append(ROp(r, size))
            roles.append("u")
            pre.append(f"{self._KMOV[isz(t)]} %{'q' if size == 8 else 'k'}{len(ops) - 1}, %{kop.name}")
        for kop, p, t in k_out:
            r = self.vreg("i")
            size = max(isz(t), 4)
            ops.append(ROp(r, size))
            roles.append("d")
            suf.append(f"{self._KMOV[isz(t)]} %{kop.name}, %{'q' if size == 8 else 'k'}{len(ops) - 1}")
            post.append((r, p, t))
        return "\n\t".join(pre + [tmpl] + suf)

    def i_asm(self, ins):
        info = ins.extra
        cons, clobbers = info.split()
        ops, roles = [], []
        iuse, idef = [], []
        post = []
        post_vec = []
        x87_in, x87_out = {}, {}       # "%st"/"%st(1)" -> input value / (output addr, type)
        k_in, k_out = [], []            # mask-register operands: (KOp, value or address, type)
        vec = getattr(info, "vec", None) or {}
        nvec = 0
        for k, (c, v) in enumerate(zip(cons, ins.args)):
            if k in vec:                # a GNU vector in %xmm/%ymm/%zmmN, by its address
                n = vec[k]
                letters = c.lstrip("=+&%")
                if letters.isdigit():
                    r = ops[int(letters)].reg
                else:
                    r = XMM[f"xmm{nvec}"]
                    nvec += 1
                if info.outs[k] is None:
                    self.emit(self._VMOV[n], self.addr(v).copy(size=n), ROp(r, n))
                    iuse.append(r)
                else:
                    idef.append(r)
                    post_vec.append((r, v, n))
                ops.append(ROp(r, n))
                roles.append("")
                continue
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
            if letters in ("k", "Yk") and t.is_int and t.size <= 8:
                kop = KOp(f"%k{len(k_in) + len(k_out) + 1}")
                if out_t is None or "+" in c:
                    k_in.append((kop, v, t))
                if out_t is not None:
                    k_out.append((kop, v, t))
                if len(k_in) + len(k_out) > 7:
                    raise ToolError("asm: more than 7 mask-register operands")
                ops.append(kop)
                roles.append("")
                continue
            if letters.isdigit():
                j = int(letters)
                tgt = ops[j]
                if isinstance(tgt, KOp):
                    k_in.append((tgt, v, t))
                    ops.append(tgt)
                    roles.append("")
                    continue
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
        if k_in or k_out:
            tmpl = self._asm_kmov(tmpl, ops, roles, k_in, k_out, post)
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
        for r, p, n in post_vec:
            self.emit(self._VMOV[n], ROp(r, n), self.addr(p).copy(size=n))
        for r, p, t in post:
            m = self.addr(p)
            if t.is_float:
                self.emit("movs" + fsfx(t)[1], ROp(r, 16), m.copy(size=t.size))
            else:
                self.emit("mov" + SFX[isz(t) if t.size <= 8 else 8], ROp(r, isz(t)), m)
