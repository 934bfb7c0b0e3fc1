"""The IR verifier: structural, type and SSA (dominance) rules from docs/ir.md."""
from __future__ import annotations

from . import types as T
from .cfg import DomTree
from .core import INTRINSICS
from .core import (Arg, BINOPS, CASTS, Const, FLOAT_BINOPS, Function, INT_BINOPS, Instr, Module,
                   SymRef, Undef, UNOPS, Value, INT_UNOPS, FLOAT_UNOPS,
                   ATOMIC_OPS)
from .printer import Namer, fmt_instr
from ...diag import ToolError


class IRVerifyError(ToolError):
    pass


def _check_cast(op, s: T.Type, d: T.Type) -> bool:
    if op == "trunc":
        return s.is_int and d.is_int and d.bits < s.bits
    if op in ("zext", "sext"):
        return s.is_int and d.is_int and d.bits > s.bits
    if op == "fptrunc":
        return s.is_float and d.is_float and d.bits < s.bits
    if op == "fpext":
        return s.is_float and d.is_float and d.bits > s.bits
    if op in ("fptosi", "fptoui"):
        return s.is_float and d.is_int
    if op in ("sitofp", "uitofp"):
        return s.is_int and d.is_float
    if op == "bitcast":
        return s.is_scalar and d.is_scalar and s.size == d.size and s is not d
    if op == "ptrtoint":
        return s.is_ptr and d.is_int
    if op == "inttoptr":
        return s.is_int and d.is_ptr
    return False


def verify_function(f: Function) -> list[str]:
    errs = []
    namer = Namer(f)

    def E(ins, msg):
        where = f"@{f.name}"
        if ins is not None:
            where += f": {ins.block.name if ins.block else '?'}: {fmt_instr_safe(ins)}"
        errs.append(f"{where}: {msg}")

    def fmt_instr_safe(ins):
        try:
            return fmt_instr(ins, namer)
        except Exception:  # noqa: BLE001
            return ins.op

    if not f.blocks:
        return [f"@{f.name}: function has no blocks"]
    blockset = set(f.blocks)
    names = set()
    for b in f.blocks:
        if b.name in names:
            errs.append(f"@{f.name}: duplicate block name {b.name}")
        names.add(b.name)
    defined = set(f.params)
    for b in f.blocks:
        if not b.instrs or not b.instrs[-1].is_terminator:
            errs.append(f"@{f.name}: block {b.name} does not end with a terminator")
        seen_nonphi = False
        for k, ins in enumerate(b.instrs):
            if ins.block is not b:
                E(ins, "instruction's block link is wrong")
            if ins.is_terminator and k != len(b.instrs) - 1:
                E(ins, "terminator in the middle of a block")
            if ins.op == "phi":
                if seen_nonphi:
                    E(ins, "phi after a non-phi instruction")
            else:
                seen_nonphi = True
            for t in ins.targets:
                if t not in blockset:
                    E(ins, f"refers to block {t.name} not in the function")
            defined.add(ins)
    if errs:
        return errs
    preds = f.preds()
    if preds[f.entry]:
        errs.append(f"@{f.name}: the entry block has predecessors")
    dom = DomTree(f)
    pos = {}
    for b in f.blocks:
        for k, ins in enumerate(b.instrs):
            pos[ins] = k
    for b in f.blocks:
        for ins in b.instrs:
            # use lists
            for a in ins.args:
                if a.users is not None and ins not in a.users:
                    E(ins, "operand's use list does not contain the instruction")
                if isinstance(a, Instr) and a not in defined:
                    E(ins, f"uses a value not in the function ({a!r})")
                if isinstance(a, Arg) and a not in defined:
                    E(ins, "uses another function's argument")
            for u in ins.users:
                if ins not in u.args:
                    E(ins, "stale entry in the use list")
            # dominance
            for k, a in enumerate(ins.args):
                if not isinstance(a, Instr) or a not in defined:
                    continue
                if ins.op == "phi":
                    ib = ins.targets[k]
                    if dom.reachable(ib) and not dom.dominates(a.block, ib):
                        E(ins, f"phi operand %{namer.name(a)} does not dominate the edge from {ib.name}")
                elif a.block is b:
                    if pos[a] >= pos[ins]:
                        E(ins, f"%{namer.name(a)} used before its definition")
                elif dom.reachable(b) and not dom.dominates(a.block, b):
                    E(ins, f"%{namer.name(a)} does not dominate its use")
            msg = _check_types(ins, preds, f)
            if msg:
                E(ins, msg)
    return errs


def _check_types(ins: Instr, preds, f: Function) -> str | None:
    op, a, t = ins.op, ins.args, ins.type

    def n(k):
        return None if len(a) == k else f"expects {k} operands, has {len(a)}"

    if op in INT_BINOPS:
        return n(2) or (None if t.is_int and a[0].type is t and a[1].type is t
                        else f"operands and result must all be one integer type")
    if op in FLOAT_BINOPS:
        return n(2) or (None if t.is_float and a[0].type is t and a[1].type is t
                        else "operands and result must all be one float type")
    if op in INT_UNOPS:
        return n(1) or (None if t.is_int and a[0].type is t else "integer operand expected")
    if op in FLOAT_UNOPS:
        return n(1) or (None if t.is_float and a[0].type is t else "float operand expected")
    if op == "asm":
        cons, _ = ins.extra.split()
        if len(cons) != len(a) or len(ins.extra.outs) != len(a):
            return f"asm has {len(a)} operands but {len(cons)} constraints"
        for v, ot in zip(a, ins.extra.outs):
            if ot is not None and not v.type.is_ptr:
                return "asm outputs are pointers to the output lvalues"
        return None
    if op == "atomicrmw":
        return n(2) or (None if a[0].type.is_ptr and a[1].type is t and t.is_intlike
                        and ins.extra in ATOMIC_OPS else "atomicrmw wants ptr, T (integer)")
    if op == "cmpxchg":
        return n(3) or (None if a[0].type.is_ptr and a[1].type is t and a[2].type is t
                        and t.is_intlike else "cmpxchg wants ptr, T, T (integer)")
    if op == "copy":
        return n(1) or (None if a[0].type is t and t.is_scalar else "copy type mismatch")
    if op in CASTS:
        return n(1) or (None if _check_cast(op, a[0].type, t)
                        else f"invalid {op} from {a[0].type} to {t}")
    if op == "icmp":
        return n(2) or (None if t is T.I1 and a[0].type is a[1].type and a[0].type.is_intlike
                        else "icmp wants two integers/pointers of one type")
    if op == "fcmp":
        return n(2) or (None if t is T.I1 and a[0].type is a[1].type and a[0].type.is_float
                        else "fcmp wants two floats of one type")
    if op == "select":
        return n(3) or (None if a[0].type is T.I1 and a[1].type is t and a[2].type is t
                        else "select wants i1, T, T")
    if op == "load":
        return n(1) or (None if a[0].type.is_ptr and t.is_scalar else "load wants a pointer")
    if op == "store":
        return n(2) or (None if a[1].type.is_ptr and a[0].type.is_scalar
                        else "store wants a scalar and a pointer")
    if op == "alloca":
        return n(1) or (None if t.is_ptr and a[0].type.is_int and isinstance(ins.extra, int)
                        and ins.extra > 0 and ins.extra & (ins.extra - 1) == 0
                        else "alloca wants an integer size and a power-of-two alignment")
    if op == "ptradd":
        return n(2) or (None if t.is_ptr and a[0].type.is_ptr and a[1].type is T.I64
                        else "ptradd wants ptr, i64")
    if op == "phi":
        if t.is_void or t.is_struct:
            return "phi of a non-scalar type"
        for v in a:
            if v.type is not t:
                return "phi operand type mismatch"
        ps = preds[ins.block]
        if sorted(map(id, ins.targets)) != sorted(map(id, ps)):
            return ("phi incoming blocks [" + ", ".join(b.name for b in ins.targets)
                    + "] differ from the predecessors [" + ", ".join(b.name for b in ps) + "]")
        return None
    if op == "call":
        ci = ins.extra
        if not a or not a[0].type.is_ptr:
            return "call wants a pointer callee"
        if ci.sret is not None and (len(a) < 2 or not a[1].type.is_ptr or not t.is_void):
            return "sret call wants a destination pointer first and returns void"
        if t.is_struct:
            return "call results are scalars or void (use sret)"
        nargs = len(a) - 1 - (1 if ci.sret else 0)
        if ci.byval is not None and len(ci.byval) != nargs:
            return "byval list length mismatch"
        if ci.nfixed is not None and ci.nfixed > nargs:
            return "more fixed arguments than arguments"
        return None
    if op in ("memcpy", "memset"):
        return n(3) or (None if a[0].type.is_ptr and a[2].type.is_int else f"bad {op} operands")
    if op in ("va_start", "va_end"):
        if op == "va_start" and not f.varargs:
            return "va_start in a function that is not variadic"
        return n(1)
    if op == "va_copy":
        return n(2)
    if op == "va_arg":
        return n(1) or (None if t.is_scalar and (ins.extra is None or ins.extra.is_struct and t.is_ptr)
                        else "va_arg of a non-scalar type")
    if op in ("blockaddr",):
        return None if len(ins.targets) == 1 else "blockaddr wants one block"
    if op == "fence":
        return None
    if op in ("stacksave", "frameaddress", "returnaddress"):
        return n(0) or (None if t.is_ptr else f"{op} gives a ptr")
    if op == "stackrestore":
        return n(1) or (None if a[0].type.is_ptr else "stackrestore wants a ptr")
    if op in INTRINSICS:
        return n(INTRINSICS[op]) or (None if all(x.type.is_ptr for x in a) and t.is_void
                                     else f"{op} wants {INTRINSICS[op]} ptr operands")
    if op == "br":
        return n(1) or (None if a[0].type is T.I1 and len(ins.targets) == 2 else "br wants i1 and two blocks")
    if op == "jmp":
        return n(0) or (None if len(ins.targets) == 1 else "jmp wants one block")
    if op == "ret":
        rt = f.ret_type
        if rt.is_void:
            return n(0)
        if rt.is_struct:
            return n(1) or (None if a[0].type.is_ptr and ins.extra is rt
                            else "aggregate ret wants the struct type and a pointer")
        return n(1) or (None if a[0].type is rt else f"returns {a[0].type}, function returns {rt}")
    if op == "switch":
        if n(1) or not a[0].type.is_int:
            return "switch wants one integer"
        if len(ins.targets) != len(ins.extra) + 1:
            return "switch case count mismatch"
        if len(set(ins.extra)) != len(ins.extra):
            return "duplicate switch case"
        return None
    if op == "unreachable":
        return n(0)
    if op == "indirectbr":
        return n(1) or (None if a[0].type.is_ptr else "indirectbr wants a pointer")
    return f"unknown opcode {op}"


def verify_module(m: Module) -> list[str]:
    errs = []
    for f in m.functions:
        errs += verify_function(f)
    return errs


def check(m_or_f) -> None:
    """Raise IRVerifyError listing every problem."""
    errs = verify_module(m_or_f) if isinstance(m_or_f, Module) else verify_function(m_or_f)
    if errs:
        raise IRVerifyError("invalid IR:\n  " + "\n  ".join(errs))
