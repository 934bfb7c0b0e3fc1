"""The x86-64 object hand-off: pycc's machine instructions encoded by pyas's x86-64 encoder
from objects, with no assembly text read (``pycc -c``).

``assemble(items, filename)`` runs pyas's core over a stream from the driver: labels and
directives go to the core's handlers, ``MInstr`` items are turned into the encoder's operand
objects (``Op``: registers from the encoder's register table, immediates and displacements as
``Value``s, symbols through the core's symbol table in the order the text reader would create
them) and encoded by ``X86Target.encode_ops``. Inline asm templates are assembled as text.
``pycc -S`` prints the same stream (emit.fmt_instr), so ``-c`` equals ``-S`` + pyas.
"""
from __future__ import annotations

from toolchain.asm.expr import Value
from toolchain.cc.backend.mir import Imm, Mem, MInstr, ROp, Sym

from ..asm import _PREFIX_WORDS, Op
from ..registers import REGS
from .emit import fmt_asm, fmt_instr
from .regs import reg_name

_REG_OPS = {}       # (id, cls, size) -> asm register


def _reg(r, size):
    k = (r.id, r.cls, size)
    x = _REG_OPS.get(k)
    if x is None:
        x = _REG_OPS[k] = REGS[reg_name(r, size)]
    return x


_X87_OPS = {"%st": "st", "%st(0)": "st(0)", "%st(1)": "st(1)"}


def _fixed_x87(op):
    """The register names of an x87 instruction written with fixed operands by instruction
    selection (``fmul\t%st(1), %st``), or None."""
    if "\n" in op:
        return None
    parts = op.split("\t", 1)
    if len(parts) != 2 or " " in parts[0]:
        return None
    names = [_X87_OPS.get(x.strip()) for x in parts[1].split(",")]
    return None if None in names else names


class ObjectEncoder:
    def __init__(self, asm):
        self.asm = asm
        self.t = asm.target
        self.rip = REGS["rip"]
        self.fs = REGS["fs"]

    def _sym_value(self, name, mod, disp):
        asm = self.asm
        t = self.t
        if mod is not None and t.got_sym is None and mod not in ("PLT", "SIZE"):
            t._got_check(mod)
        t.cur_cacheable = False
        node = ("s", asm.symbol_ref(name), mod)
        if t.cur_mnem == "movq":
            asm.note_ref(node[1], True)
        if disp:
            node = ("b", "+" if disp > 0 else "-", node, ("n", abs(disp)))
        v = asm.eval_expr(node)
        if not v.is_const and v.mod is None:
            v = asm._try_fold(v, False)
        return v

    def operand(self, o, branch):
        if isinstance(o, ROp):
            x = Op("r")
            x.reg = _reg(o.reg, o.size)
            x.indirect = branch
            return x
        if isinstance(o, Imm):
            x = Op("i")
            x.value = Value(o.value)
            return x
        if isinstance(o, Sym):
            x = Op("m")
            x.value = self._sym_value(o.name, o.reloc.upper() if o.reloc else None, 0)
            x.has_disp = True
            return x
        if isinstance(o, Mem):
            x = Op("m")
            x.indirect = branch
            disp = o.disp + (o.slot.offset if o.slot is not None else 0)
            if o.sym == "%fs:0":
                x.seg = self.fs
                x.value = Value(0)
                x.has_disp = True
                return x
            if o.sym is not None:
                mod = o.reloc.upper() if o.reloc in ("GOTPCREL", "GOTTPOFF", "tpoff") else None
                if o.base is None:
                    x.rip = True
                else:
                    x.base = _reg(o.base, 8)
                x.value = self._sym_value(o.sym, mod, disp)
                x.has_disp = True
                return x
            if o.base is None and o.slot is not None:
                x.base = REGS["rbp"]
            else:
                x.base = _reg(o.base, 8) if o.base is not None else None
                if o.index is not None:
                    x.index = _reg(o.index, 8)
                    x.scale = o.scale
            x.value = Value(disp)
            x.has_disp = bool(disp)
            return x
        raise TypeError(o)

    def _st(self, name):
        x = Op("r")
        x.reg = REGS[name]
        return x

    def __call__(self, mi):
        """Encode one MInstr; returns None, or text to assemble (inline asm, templates)."""
        op = mi.op
        if op == "asm":
            return fmt_asm(mi)
        t = self.t
        if "\t" in op or "\n" in op:
            ops = _fixed_x87(op)
            if ops is None:
                return fmt_instr(mi)    # a fixed instruction sequence written as text
            m = op.split("\t", 1)[0]
            t.cur_mnem = m
            t.encode_ops(m, [self._st(n) for n in ops])
            return None
        pfx = []
        m = op
        if " " in m:
            words = m.split()
            while words[0] in _PREFIX_WORDS and len(words) > 1:
                pfx.append(_PREFIX_WORDS[words.pop(0)])
            if len(words) != 1:
                return fmt_instr(mi)
            m = words[0]
        t.cur_mnem = m
        t.cur_cacheable = True
        br = m in ("call", "jmp") and mi.ops and not isinstance(mi.ops[0], Sym)
        key = None if pfx else _cache_key(m, br, mi.ops)
        if key is not None:
            hit = t.cache.get(key)
            if hit is not None:         # as the text reader's cache hit
                asm = self.asm
                if asm.dwarf.pending is None and asm.sec.type != 8:
                    asm.data += hit
                else:
                    asm.emit_insn(hit)
                return None
        ops = [self.operand(o, br) for o in mi.ops]
        t.encode_ops(m, ops, pfx, key)
        return None


def _cache_key(m, br, ops):
    """The key of the encoder's cache (the text reader's, keyed there by the instruction's
    text) for an instruction whose operands are registers, immediates and memory without a
    symbol (what ``operand`` makes of them), or None: no symbol, so no fixup."""
    key = [m, br]
    for o in ops:
        t = type(o)
        if t is ROp:
            r = o.reg
            key.append((r.id, r.cls, o.size))
        elif t is Imm:
            key.append(o.value)
        elif t is Mem and o.sym is None:
            disp = o.disp + (o.slot.offset if o.slot is not None else 0)
            if o.base is None and o.slot is not None:
                key.append(("rbp", disp))
            else:
                b, i = o.base, o.index
                key.append((b.id if b is not None else None, i.id if i is not None else None,
                            o.scale if i is not None else None, disp))
        else:
            return None
    return tuple(key)


def object_writer(filename: str = "<pycc>"):
    """pyas fed with the driver's stream piece by piece (the shared ``ObjectWriter``)."""
    from toolchain.cc.backend import objwriter
    return objwriter.ObjectWriter("x86_64", ObjectEncoder, filename)


def assemble(items, filename: str = "<pycc>") -> bytes:
    """Object bytes of a driver stream (raises ToolError on assembler errors)."""
    from toolchain.cc.backend import objwriter
    return objwriter.assemble("x86_64", ObjectEncoder, items, filename)


__all__ = ["assemble", "object_writer", "ObjectEncoder", "MInstr"]
