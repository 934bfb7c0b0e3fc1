"""IRBuilder: appends instructions at the end of a current block (used by lowering and tests)."""
from __future__ import annotations

from . import types as T
from .core import Block, CallInfo, Const, Function, Instr, SymRef, Value


class IRBuilder:
    __slots__ = ("func", "block")

    def __init__(self, func: Function, block: Block | None = None):
        self.func = func
        self.block = block

    def position(self, block: Block) -> None:
        self.block = block

    def _add(self, ins: Instr, name=None) -> Instr:
        if not ins.type.is_void:
            ins.name = name or self.func.fresh()
        return self.block.append(ins)

    # constants
    @staticmethod
    def const(t: T.Type, v) -> Const:
        return Const(t, v)

    @staticmethod
    def sym(name: str) -> SymRef:
        return SymRef(name)

    def binop(self, op, a: Value, b: Value, name=None):
        return self._add(Instr(op, a.type, [a, b]), name)

    def unop(self, op, a: Value, name=None):
        return self._add(Instr(op, a.type, [a]), name)

    def cast(self, op, a: Value, t: T.Type, name=None):
        return self._add(Instr(op, t, [a]), name)

    def icmp(self, pred, a, b, name=None):
        return self._add(Instr("icmp", T.I1, [a, b], pred=pred), name)

    def fcmp(self, pred, a, b, name=None):
        return self._add(Instr("fcmp", T.I1, [a, b], pred=pred), name)

    def select(self, c, a, b, name=None):
        return self._add(Instr("select", a.type, [c, a, b]), name)

    def alloca(self, size, align, name=None):
        if isinstance(size, int):
            size = Const(T.I64, size)
        return self._add(Instr("alloca", T.PTR, [size], extra=align), name)

    def load(self, t, p, volatile=False, name=None):
        return self._add(Instr("load", t, [p], extra="volatile" if volatile else None), name)

    def store(self, v, p, volatile=False):
        return self._add(Instr("store", T.VOID, [v, p], extra="volatile" if volatile else None))

    def ptradd(self, p, off, name=None):
        if isinstance(off, int):
            off = Const(T.I64, off)
        return self._add(Instr("ptradd", T.PTR, [p, off]), name)

    def phi(self, t, incoming=(), name=None):
        ins = Instr("phi", t)
        for v, b in incoming:
            ins.add_incoming(v, b)
        ins.name = name or self.func.fresh()
        n = sum(1 for _ in self.block.phis())
        return self.block.insert(n, ins)

    def call(self, rt, callee, args, nfixed=None, byval=None, sret=None, name=None):
        if isinstance(callee, str):
            callee = SymRef(callee)
        return self._add(Instr("call", rt, [callee, *args], extra=CallInfo(nfixed, byval, sret)),
                         name)

    def memcpy(self, d, s, n, align=1):
        return self._add(Instr("memcpy", T.VOID, [d, s, Const(T.I64, n) if isinstance(n, int) else n],
                               extra=align))

    def br(self, c, t, f):
        return self._add(Instr("br", T.VOID, [c], targets=[t, f]))

    def jmp(self, t):
        return self._add(Instr("jmp", T.VOID, targets=[t]))

    def ret(self, v=None, agg=None):
        return self._add(Instr("ret", T.VOID, [] if v is None else [v], extra=agg))

    def switch(self, v, default, cases):
        return self._add(Instr("switch", T.VOID, [v], targets=[default] + [b for _, b in cases],
                               extra=[Const(v.type, c).value for c, _ in cases]))

    def unreachable(self):
        return self._add(Instr("unreachable", T.VOID))
