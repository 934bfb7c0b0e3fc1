"""What every target's instruction selection shares: the module context (which symbols bind
locally, the literal pool, labels) and the handling of phis.

A target's ISel subclasses ``ISelBase`` and provides ``reg_for(v)`` (the virtual register of
an IR value), ``copy_to(dst, v, type)`` (materialise a constant/address into a register),
``value_reg(v)`` (the register already holding v, or None), and, when it keeps a type in
register pairs (``is_pair(type)``, e.g. ``i128``), ``pair_for(v)``/``pair(v)``; types it keeps
in memory homes (``phi_in_memory(type)``, x87 ``long double``) are copied by
``copy_memory_phis(pred, phis)``.

Phis: ``i_phi`` puts a MIR phi (``mir.PHI``) at the block's start; ``terminator_phis(ins)``,
called by the target before it lowers a terminator, adds this predecessor's source to each
successor phi (constants materialised once per terminator, so that the phis of several
successors can share a register). ``finish_phis()`` seals them before ``mf.link()``. The
allocator places the moves (regalloc.py).
"""
from __future__ import annotations

from ..ir.core import Const, Undef
from .mir import PHI, MBlock, MInstr, ROp, undef_reg


class ModuleCtx:
    """State shared by the functions of one module: local symbols, literal pool, labels."""

    def __init__(self, local_syms: set, internal_syms: set, tls_syms: set, pic: bool = False):
        self.pic = pic          # -fPIC (shared objects): only internal/hidden symbols are local
        self.local = local_syms
        self.internal = internal_syms
        self.tls = tls_syms
        self.literals = {}      # (bytes, align) -> label
        self.nlabel = 0

    def literal(self, data: bytes, align: int) -> str:
        key = (data, align)
        lab = self.literals.get(key)
        if lab is None:
            lab = f".LC{len(self.literals)}"
            self.literals[key] = lab
        return lab

    def label(self) -> str:
        self.nlabel += 1
        return f".L{self.nlabel}"


def module_ctx(m, pic: bool = False, ctx_class=ModuleCtx):
    """pic=False: position-independent executable (default, like Debian's gcc): every symbol
    defined in the module binds locally. pic=True (-fPIC): only internal and hidden ones do;
    the others may be preempted, so they go through the GOT/PLT, and TLS uses the general
    dynamic model."""
    defs = list(m.functions) + list(m.globals)
    if pic:
        local = {d.name for d in defs if d.internal or d.hidden}
    else:
        local = {d.name for d in defs}
    for name, target, kind, internal_, _w in getattr(m, "aliases", ()) or ():
        # (an IFUNC is bound at load time: never a direct reference)
        if target in local and (not pic or internal_) and kind != "ifunc":
            local.add(name)
    internal = {d.name for d in defs if d.internal}
    tls = {g.name for g in m.globals if g.tls} | {n for n, k in m.externs.items() if k == "tls"}
    return ctx_class(local, internal, tls, pic)


# i128 division and remainder: libgcc's routines (operands and result as register pairs)
I128_LIBCALLS = {"sdiv": "__divti3", "udiv": "__udivti3", "srem": "__modti3", "urem": "__umodti3"}


class ISelBase:
    """Phi handling shared by the targets' instruction selectors (see the module docstring).
    Subclasses set ``self.mf``, ``self.mb`` (current MBlock) and call ``init_phis()``."""

    def _w_libcall(self, ins, name):
        raise NotImplementedError

    def w_i128_libcall(self, ins):
        """i128 sdiv/udiv/srem/urem through libgcc (the target's ``_w_libcall``)."""
        self._w_libcall(ins, I128_LIBCALLS[ins.op])

    w_sdiv = w_udiv = w_srem = w_urem = w_i128_libcall

    def select_blocks(self, new_label):
        """Lower the IR blocks of ``self.f`` in order into ``self.mf`` (one MBlock each, labels
        from ``new_label()``; parameters first, in the entry block), then the shared return
        block ending in ``ret`` with the target's ``ret_regs()``. Returns the MFunction."""
        f = self.f
        self.init_phis()
        for b in f.blocks:
            self.mblock[b] = MBlock(new_label())
        self.ret_block = MBlock(new_label())
        self.mb = self.mblock[f.entry]
        self.mf.blocks.append(self.mb)
        self.lower_params()
        dbg = getattr(f, "debug", None)
        if dbg is not None:
            from ..debug.values import anchor_instrs
            self.debug_anchors = dict.fromkeys(anchor_instrs(dbg))
        for i, b in enumerate(f.blocks):
            if i > 0:
                self.mb = self.mblock[b]
                self.mf.blocks.append(self.mb)
            if dbg is not None:
                self.lower_located(b)
                continue
            for ins in b.instrs:
                self.lower(ins)
        self.finish_phis()
        self.mf.blocks.append(self.ret_block)
        self.mb = self.ret_block
        r = self.emit("ret", iuse=tuple(self.ret_regs()), flags="t")
        if dbg is not None:
            r.loc = dbg.close
            self.mf.extra["debug_homes"] = self.debug_homes()
            if dbg.values:      # -O1+: variables living in registers (debug/values.py)
                from ..debug.values import isel_vars
                dv = isel_vars(self.f, dbg, getattr(self, "vr", None) or {},
                               self.debug_anchors, self.mf.extra["debug_homes"],
                               self.mf.extra.get("param_regs"))
                if dv:
                    self.mf.extra["debug_vars"] = dv
        self.mf.link()
        return self.mf

    def lower_located(self, b):
        """-g: lower IR block b, the first machine instruction of each IR instruction whose
        source position differs from the previous one's carrying it (``MInstr.loc``)."""
        pending = None
        last = None
        anchors = self.debug_anchors    # -O1+: IR instruction -> its first MInstr (values.py)
        waiting = []
        for ins in b.instrs:
            if ins.op == "phi":         # MIR phis become moves on the edges
                self.lower(ins)
                continue
            loc = ins.loc
            if loc is not None and loc is not last:
                pending = loc
                last = loc
            mb = self.mb
            n = len(mb.instrs)
            self.lower(ins)
            if pending is not None and len(mb.instrs) > n:
                mb.instrs[n].loc = pending
                pending = None
            if anchors and (ins in anchors or waiting):
                # the first code at or after an anchor (one without code of its own waits
                # for the next instruction's; none in this block: unknown)
                if ins in anchors:
                    waiting.append(ins)
                if len(mb.instrs) > n:
                    for a in waiting:
                        anchors[a] = mb.instrs[n]
                    waiting = []
                elif self.mb is not mb:
                    waiting = []

    def debug_homes(self) -> dict:
        """-g: IR value (alloca) -> FrameSlot of the objects kept in frame slots."""
        return dict(getattr(self, "slot_of", None) or {})

    def init_phis(self):
        self.mphi = {}              # IR phi -> [MIR phi] (one, or two for a register pair)
        self._phi_consts = None
        self._phi_incoming = {}     # IR phi -> {pred block: value}

    # hooks with defaults ---------------------------------------------------------------------
    def is_pair(self, t) -> bool:
        return False

    def phi_in_memory(self, t) -> bool:
        return False

    def copy_memory_phis(self, pred, phis) -> None:
        raise NotImplementedError

    def phi_size(self, reg) -> int:
        return 8

    # phis ---------------------------------------------------------------------------------------
    def _mphis(self, ins):
        mps = self.mphi.get(ins)
        if mps is None:
            if self.is_pair(ins.type):
                lo, hi = self.pair_for(ins)
                mps = [MInstr(PHI, [ROp(lo, 8)], (), targets=[]),
                       MInstr(PHI, [ROp(hi, 8)], (), targets=[])]
            else:
                d = self.reg_for(ins)
                mps = [MInstr(PHI, [ROp(d, self.phi_size(d))], (), targets=[])]
            self.mphi[ins] = mps
        return mps

    def i_phi(self, ins):
        if self.phi_in_memory(ins.type):
            self.memory_phi_home(ins)
            return
        self.mb.instrs.extend(self._mphis(ins))

    def phi_sources(self, b, succ):
        """Before the terminator of IR block b (lowered into self.mb): the sources of succ's
        phis for the edge from here, in registers."""
        phis = list(succ.phis())
        if not phis:
            return
        mem = [p for p in phis if self.phi_in_memory(p.type)]
        if mem:
            self.copy_memory_phis(b, mem)
        pin = self._phi_incoming
        for phi in phis:
            if mem and self.phi_in_memory(phi.type):
                continue
            m = pin.get(phi)
            if m is None:
                m = pin[phi] = {}
                for t, a in zip(phi.targets, phi.args):
                    m.setdefault(t, a)
            v = m[b]
            mps = self._mphis(phi)
            if self.is_pair(phi.type):
                srcs = self.pair(v)
            elif isinstance(v, Undef):
                srcs = tuple(undef_reg(mi.ops[0].reg.cls) for mi in mps)
            else:
                r = self.value_reg(v)
                if r is None:
                    # one register per distinct constant on this terminator's edges, so that
                    # the phis of several successors can share it (indirectbr)
                    if isinstance(v, Const):
                        key = (phi.type, repr(v.value) if phi.type.is_float else v.value)
                    else:
                        key = (phi.type, id(v))
                    cache = self._phi_consts
                    r = cache.get(key) if cache is not None else None
                    if r is None:
                        r = self.mf.new_vreg(mps[0].ops[0].reg.cls)
                        self.copy_to(r, v, phi.type)
                        if cache is not None:
                            cache[key] = r
                srcs = (r,)
            for mi, r in zip(mps, srcs):
                mi.ops.append(ROp(r, mi.ops[0].size))
                mi.targets.append(self.mb)

    def terminator_phis(self, ins, targets=None):
        """Phi sources for the successors of terminator ``ins`` (or only ``targets``)."""
        self._phi_consts = {}
        for t in dict.fromkeys(targets if targets is not None else ins.targets):
            self.phi_sources(ins.block, t)
        self._phi_consts = None

    def finish_phis(self):
        for mps in self.mphi.values():
            for mi in mps:
                mi.roles = ("d",) + ("u",) * (len(mi.ops) - 1)
                mi.targets = tuple(mi.targets)
