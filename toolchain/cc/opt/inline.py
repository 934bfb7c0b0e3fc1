"""The inliner: a call to a function defined in the module replaced by a copy of its body.

Policy (``InlinePolicy`` per level, sizes in IR instructions as ``size_of`` counts them):

- never: ``noinline``/``noipa`` callees, callees in the caller's own call cycle, variadic
  callees, callees with a variable-size ``alloca``, ``indirectbr`` (computed goto; a label
  address only stored is fine: each copy has its own, as with gcc), ``frameaddress``/``returnaddress``, ``va_start``, asm that defines labels,
  functions entered by non-local gotos, weak definitions not declared ``inline`` (the linker
  may pick another), calls whose arguments or result do not match the definition's types
  (unprototyped calls), callers or callees that call ``setjmp``-like functions, and exported
  functions of a shared object (``-fPIC``: interposable) not declared ``inline``;
- always: ``always_inline`` callees (at every level but -O0);
- otherwise by size (at -O1 only ``static`` or ``inline`` functions): a ``static`` function with one direct call and no other reference (it is
  removed afterwards) up to ``once``; any callee up to ``small`` (``inline``-declared ones up to
  ``declared``), half as much again when an argument is a constant; a caller stops growing
  past ``growth`` times its size plus ``slack``.

``inline_call`` does the splice: the call's block is split after the call, the callee's
blocks are cloned (``ir/clone.py``) with parameters mapped to the arguments (a ``byval``
parameter gets a fresh copy of the aggregate), constant-size allocas move to the caller's
entry block (so mem2reg can promote them), each ``ret`` becomes a jump to the continuation
(the result a phi when there are several returns; an aggregate return copies into the call's
``sret`` destination).
"""
from __future__ import annotations

import re

from ..ir import types as T
from ..ir.clone import clone_blocks, split_block
from ..ir.core import AsmInfo, CallInfo, Const, Function, Instr, PackInfo, SymRef, Undef

SETJMP_LIKE = frozenset(("setjmp", "_setjmp", "__sigsetjmp", "sigsetjmp", "savectx", "vfork",
                         "getcontext", "__builtin_setjmp"))
_LABEL_DEF = re.compile(r"(^|[\n;])\s*[A-Za-z_.$][\w.$]*\s*:")
_NEVER_OPS = frozenset(("indirectbr", "frameaddress", "returnaddress", "va_start",
                        "nonlocal_goto"))


class InlinePolicy:
    __slots__ = ("small", "declared", "once", "growth", "slack", "max_caller", "exported")

    def __init__(self, small, declared, once, growth, slack, max_caller, exported=True):
        self.exported = exported    # also exported functions not declared inline
        self.small = small
        self.declared = declared
        self.once = once
        self.growth = growth
        self.slack = slack
        self.max_caller = max_caller


POLICIES = {
    1: InlinePolicy(small=6, declared=12, once=400, growth=1.5, slack=40, max_caller=4000,
                    exported=False),
    2: InlinePolicy(small=20, declared=50, once=1500, growth=2.0, slack=150, max_caller=20000),
    3: InlinePolicy(small=45, declared=100, once=3000, growth=3.0, slack=400, max_caller=20000),
    "s": InlinePolicy(small=4, declared=6, once=800, growth=1.1, slack=10, max_caller=4000),
    "z": InlinePolicy(small=3, declared=4, once=800, growth=1.05, slack=5, max_caller=4000),
    "g": None,        # only always_inline
}


def size_of(f: Function) -> int:
    n = 0
    for b in f.blocks:
        for ins in b.instrs:
            op = ins.op
            if op in ("phi", "jmp", "copy") or (op == "alloca" and ins.block is f.entry):
                continue
            n += 1 + (len(ins.args) - 1 if op == "call" else 0)
    return n


def _callee_name(ins: Instr):
    a = ins.args[0] if ins.args else None
    return a.name if type(a) is SymRef else None


def calls_setjmp(f: Function) -> bool:
    for b in f.blocks:
        for ins in b.instrs:
            if ins.op == "call" and _callee_name(ins) in SETJMP_LIKE:
                return True
    return False


def inlinable(f: Function) -> bool:
    """Can ``f``'s body be copied into another function at all?"""
    attrs = f.attrs
    if f.varargs or "noinline" in attrs or "noipa" in attrs or "nonlocal_target" in attrs:
        return False
    if f.weak and "inline" not in attrs and "always_inline" not in attrs:
        return False
    if not f.blocks:
        return False
    for b in f.blocks:
        for ins in b.instrs:
            op = ins.op
            if op in _NEVER_OPS:
                return False
            if op == "alloca" and (not isinstance(ins.args[0], Const) or b is not f.entry):
                return False
            if op == "call" and _callee_name(ins) in SETJMP_LIKE:
                return False
            if op == "asm" and isinstance(ins.extra, AsmInfo) and _LABEL_DEF.search(ins.extra.template):
                return False
    return True


def call_matches(ins: Instr, callee: Function) -> bool:
    """Do the call's arguments and result line up with the definition's parameters?"""
    info = ins.extra
    sret = getattr(info, "sret", None)
    first = 2 if sret is not None else 1
    actual = ins.args[first:]
    if len(actual) != len(callee.params):
        return False
    if sret is not None:
        if not callee.ret_type.is_struct or callee.ret_type.size != sret.size:
            return False
    elif ins.type is not callee.ret_type:
        return False
    byval = getattr(info, "byval", None) or [None] * len(actual)
    for k, (a, p) in enumerate(zip(actual, callee.params)):
        bv = byval[k] if k < len(byval) else None
        if (bv is None) != (p.byval is None):
            return False
        if bv is None and a.type is not p.type:
            return False
        if bv is not None and bv.size != p.byval.size:
            return False
    return True


def _split_after(f: Function, ins: Instr):
    """Move everything after ``ins`` into a new block right after its block."""
    b = ins.block
    return split_block(f, b, b.instrs[b.instrs.index(ins) + 1:], "inlcont")


def inline_call(caller: Function, ins: Instr, callee: Function) -> None:
    info = ins.extra
    sret = getattr(info, "sret", None)
    first = 2 if sret is not None else 1
    actual = ins.args[first:]
    b = ins.block
    entry = caller.entry
    cont = _split_after(caller, ins)
    vmap = {}
    byval = getattr(info, "byval", None) or ()
    copies = []
    for k, (a, p) in enumerate(zip(actual, callee.params)):
        if p.byval is not None:
            agg = byval[k] if k < len(byval) and byval[k] is not None else p.byval
            slot = Instr("alloca", T.PTR, [Const(T.I64, agg.size)], name=caller.fresh("byval"),
                         extra=max(agg.align, 1))
            entry.insert(0, slot)
            copies.append(Instr("memcpy", T.VOID, [slot, a, Const(T.I64, agg.size)],
                                extra=max(agg.align, 1)))
            vmap[p] = slot
        else:
            vmap[p] = a
    pos = caller.blocks.index(cont)
    before = len(caller.blocks)
    blocks = clone_blocks(callee, caller, vmap, prefix="inl")
    new = caller.blocks[before:]
    del caller.blocks[before:]
    caller.blocks[pos:pos] = new
    if callee.varargs:
        _expand_va_arg_pack(blocks, info, actual[len(callee.params):], len(callee.params))
    # constant-size allocas of the callee's entry go to the caller's entry block
    cent = blocks[0]
    moved = [i for i in cent.instrs if i.op == "alloca"]
    for i in reversed(moved):
        cent.instrs.remove(i)
        entry.insert(0, i)
    # the call becomes: [byval copies] jmp callee-entry
    k = b.instrs.index(ins)
    for c in copies:
        b.insert(k, c)
        k += 1
    results = []
    for nb in blocks:
        t = nb.terminator
        if t is None or t.op != "ret":
            continue
        v = t.args[0] if t.args else None
        t.erase()
        if sret is not None and v is not None:
            nb.append(Instr("memcpy", T.VOID, [ins.args[1], v, Const(T.I64, sret.size)],
                            extra=max(min(sret.align, 16), 1)))
        elif v is not None and not ins.type.is_void:
            results.append((v, nb))
        j = Instr("jmp", T.VOID, targets=[cont])
        j.loc = t.loc               # -g: the callee's closing brace
        nb.append(j)
    if not ins.type.is_void and sret is None:
        if not results:
            r = Undef(ins.type)
        elif len(results) == 1:
            r = results[0][0]
        else:
            r = Instr("phi", ins.type, name=caller.fresh("ret"))
            for v, nb in results:
                r.add_incoming(v, nb)
            cont.insert(0, r)
        ins.replace_all_uses(r)
    loc = ins.loc
    ins.erase()
    b.append(Instr("jmp", T.VOID, targets=[cent]))
    b.instrs[-1].loc = loc
    if getattr(caller, "debug", None) is not None:
        from ..debug.inlining import inlined     # -g: "inlined from" scopes on the clones
        inlined(caller, callee, loc, blocks, vmap)


def _expand_va_arg_pack(blocks, info, extra, nparams) -> None:
    """The variadic arguments ``extra`` of an expanded call (``info``: its CallInfo, the
    fixed parameters ``nparams``) where the copied body used ``__builtin_va_arg_pack ()``
    (appended to the call marked so, with their aggregate and extension details) and
    ``__builtin_va_arg_pack_len ()`` (their count)."""
    def tail(lst):
        lst = getattr(info, lst, None) or ()
        return [lst[k] if k < len(lst) else None for k in range(nparams, nparams + len(extra))]
    byval, ext = tail("byval"), tail("ext")
    for nb in blocks:
        for ins in list(nb.instrs):
            pi = ins.extra
            if type(pi) is not PackInfo:
                continue
            if pi.kind == "len":
                ins.replace_all_uses(Const(T.I32, len(extra)))
                ins.erase()
                continue
            n = len(ins.args) - (2 if pi.sret is not None else 1)
            for a in extra:
                ins.add_operand(a)
            ins.extra = CallInfo(pi.nfixed, _joined(pi.byval, byval, n),
                                 pi.sret, _joined(pi.ext, ext, n))


def _joined(mine, more, n):
    """A per-argument detail list of ``n`` arguments (None: none set) followed by ``more``."""
    out = list(mine or [None] * n) + list(more)
    return out if any(x is not None for x in out) else None


def _has_const_arg(ins: Instr) -> bool:
    return any(isinstance(a, Const) or type(a) is SymRef for a in ins.args[1:])


def _recount(cg, name: str, callee: Function) -> None:
    """The call graph's use counts after one call to ``name`` became a copy of its body."""
    cg.direct_uses[name] -= 1
    for b in callee.blocks:
        for ins in b.instrs:
            for i, a in enumerate(ins.args):
                if type(a) is SymRef and a.name in cg.direct_uses:
                    if i == 0 and ins.op == "call":
                        cg.direct_uses[a.name] += 1
                    else:
                        cg.other_uses[a.name] += 1


def interposable(f: Function, pic: bool) -> bool:
    """May the dynamic linker bind calls to another definition (exported from a shared
    object; declared-inline functions are taken as the one definition, as gcc does)?"""
    return pic and not f.internal and not f.hidden and "inline" not in f.attrs \
        and "always_inline" not in f.attrs


def inline_calls(caller: Function, funcs: dict, cg, level, done: set, sizes: dict,
                 pic: bool = False, verdicts: dict | None = None) -> int:
    """Inline the calls of ``caller`` to functions in ``done`` (already optimised, outside the
    caller's call cycle) that the level's policy accepts; return how many were inlined.
    ``verdicts``: name -> ``inlinable`` of a function in ``done``, kept by the caller across
    calls (a done function is not changed again while callers are inlined into)."""
    if verdicts is None:
        verdicts = {}
    pol = POLICIES.get(level)
    if "nonlocal_target" in caller.attrs or calls_setjmp(caller):
        return 0
    base = size_of(caller)
    size = base
    limit = base * pol.growth + pol.slack if pol else 0
    count = 0
    for b in list(caller.blocks):
        for ins in list(b.instrs):
            if ins.op != "call" or ins.block is None:
                continue
            name = _callee_name(ins)
            if name is None or name not in done or name == caller.name:
                continue
            callee = funcs[name]
            ok = verdicts.get(name)
            if ok is None:
                ok = verdicts[name] = inlinable(callee)
            if not ok or not call_matches(ins, callee) or interposable(callee, pic):
                continue
            cs = sizes[name]
            if "always_inline" in callee.attrs:
                pass
            elif pol is None:
                continue
            elif not pol.exported and not callee.internal and "inline" not in callee.attrs:
                continue
            else:
                once = (callee.internal and not callee.weak and cg.direct_uses[name] == 1
                        and cg.other_uses[name] == 0)
                bound = pol.declared if "inline" in callee.attrs else pol.small
                if _has_const_arg(ins):
                    bound = bound * 3 // 2
                if not (cs <= bound or once and cs <= pol.once):
                    continue
                if size + cs > limit and cs > 1 + len(ins.args) or size + cs > pol.max_caller:
                    continue
            inline_call(caller, ins, callee)
            _recount(cg, name, callee)
            size += cs
            count += 1
    return count
