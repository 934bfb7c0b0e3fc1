"""Typed tree -> IR. One ``Lowerer`` per translation unit (globals, string literals), one
``FuncLower`` per function definition. See docs/ir.md "How the front end lowers C".

Modules: data.py (constants, static data), statements.py, expressions.py, builtins.py,
common.py (type mapping, layouts, exact constants, helpers)."""
from __future__ import annotations

import sys

from .. import ast as A
from .. import types as CT
from ..ir import types as T
from ..ir.builder import IRBuilder
from ..opt.prune import prune
from ..ir.core import (CallInfo, Const, Function, GlobalVar, Instr, Module, PackInfo, SymRef, Undef,
                       Arg)
from .common import (LowerError, NotConst, _attr_str, _idents, _str, _strip, agg_type,
                     base, ir_type, is_agg, is_storage_only, pack_key)
from .builtins import BuiltinLower
from .data import DataLower
from .expressions import ExprLower
from .statements import StmtLower

_PACK_DEPTH = 16        # expansions of __builtin_va_arg_pack functions inside each other


class Lowerer(DataLower):
    """Module-level state: globals, string literals, static locals."""

    def __init__(self, tu, pic=False):
        self.tu = tu
        self.tt = tu.types
        self.m = Module()
        self.strings = {}
        self.counter = 0
        self.static_names = {}      # Symbol -> global name (static locals, compound literals)
        self.defined = set()
        self.nested = {}            # nested function Symbol -> captured Symbols
        self.emitted_globals = {}
        self.pending_funcs = []
        self.const_cache = {}
        self.static_inline = set()  # names of static inline functions defined
        self.nested_ir = {}         # nested function Symbol -> its IR Function
        self.thunks = {}            # nested IR function name -> trampoline thunk name
        self.chain_slot = None      # thread-local slot trampolines pass the chain in
        self.dbg = None             # -g: toolchain.cc.debug.record.UnitDebug
        self.pack_bodies = {}       # name -> IR of a function using __builtin_va_arg_pack

    def tramp_thunk(self, nf):
        """(thunk name, chain slot name) for nested function ``nf``: the thunk takes nf's
        parameters but the chain, loads the chain from the slot and calls nf."""
        if self.chain_slot is None:
            self.chain_slot = self.fresh_name("__pycc_chain")
            self.m.globals.append(GlobalVar(self.chain_slot, 8, 8, None, internal=True,
                                            tls=True))
        name = self.thunks.get(nf.name)
        if name is None:
            name = self.thunks[nf.name] = self.fresh_name(nf.name + ".tramp")
            ps = [Arg(a.type, f"p{i}", i) for i, a in enumerate(nf.params[:-1])]
            t = Function(name, nf.ret_type, ps, internal=True)
            b = IRBuilder(t, t.add_block("entry"))
            ch = b.load(T.PTR, SymRef(self.chain_slot))
            rt = nf.ret_type
            c = Instr("call", rt, [SymRef(nf.name), *ps, ch], extra=CallInfo(None, None, None))
            if not rt.is_void:
                c.name = t.fresh()
            b.block.append(c)
            b.ret(None if rt.is_void else c)
            self.m.functions.append(t)
        return name, self.chain_slot

    # -- names ---------------------------------------------------------------------------------
    def sym_name(self, sym):
        n = self.static_names.get(sym)
        if n is not None:
            return n
        return sym.asm_name or sym.name

    def fresh_name(self, base):
        self.counter += 1
        return f"{base}.{self.counter}"

    def bytes_global(self, data, elem_size=1):
        key = (data, elem_size)
        name = self.strings.get(key)
        if name is None:
            self.counter += 1
            name = f".Lstr.{self.counter}"
            self.m.globals.append(GlobalVar(name, len(data), elem_size, [("bytes", data)],
                                            internal=True, readonly=True))
            self.strings[key] = name
        return name

    def string_global(self, s: A.StringLit, elem_size=None):
        vals = s.value
        if elem_size is None:
            et = s.type.elem if isinstance(base(s.type), CT.ArrayType) else None
            elem_size = et.size if et is not None else 1
        data = b"".join((v & ((1 << (8 * elem_size)) - 1)).to_bytes(elem_size, "little") for v in vals)
        key = (data, elem_size)
        name = self.strings.get(key)
        if name is None:
            self.counter += 1
            name = f".Lstr.{self.counter}"
            g = GlobalVar(name, len(data), max(1, elem_size), [("bytes", data)] if data else None,
                          internal=True, readonly=True)
            self.m.globals.append(g)
            self.strings[key] = name
        return name

    # -- top level -------------------------------------------------------------------------------
    def alias_decl(self, d, idc, sym) -> bool:
        """Record ``__attribute__((alias("target")))`` or ``ifunc("resolver")`` (a function
        that the dynamic loader binds to what the resolver returns) on a declaration; True if
        it had one."""
        attrs = list(sym.attrs or ()) + list(getattr(d.specs, "attrs", None) or ()) \
            + list(getattr(idc.declarator, "attrs", None) or ())
        for a in attrs:
            an = a.name.strip("_")
            if an == "alias" or an == "ifunc" and sym.kind == "func":
                target = _attr_str(a)
                if not target:
                    return False
                name = self.sym_name(sym)
                if any(x[0] == name for x in self.m.aliases):
                    return True
                weak = any(x.name.strip("_") == "weak" for x in attrs)
                kind = "ifunc" if an == "ifunc" else "func" if sym.kind == "func" else "data"
                self.m.aliases.append((name, target, kind, sym.linkage == "internal", weak))
                self.m.keep.add(target)
                return True
        return False

    def global_decl(self, d: A.Declaration):
        for idc in d.declarators:
            sym = idc.sym
            if sym is not None and sym.kind in ("var", "func") and self.alias_decl(d, idc, sym):
                continue
            if sym is None or sym.kind != "var":
                continue
            # this declaration's own storage class decides: `extern int x; int x;` defines x
            own = getattr(d.specs, "storage", None) or ()
            if idc.init is None and ("extern" in own if d.specs is not None
                                     else sym.storage == "extern"):
                if sym.tls:
                    self.m.externs[self.sym_name(sym)] = "tls"    # initial-exec/GD access
                continue
            if sym.storage == "typedef":
                continue
            name = self.sym_name(sym)
            prev = self.emitted_globals.get(name)
            if prev is not None:
                if idc.init is None:
                    continue
                self.m.globals.remove(prev)
            g = self.define_data(name, sym.type, idc.flat if idc.init is not None else None,
                                 internal=sym.linkage == "internal",
                                 readonly=bool(sym.type.quals & CT.CONST) and idc.init is not None,
                                 tls=sym.tls,
                                 align=sym.align, sym=sym)
            self.apply_attrs(g, sym, list(getattr(d.specs, "attrs", None) or ())
                             + list(getattr(idc.declarator, "attrs", None) or ()))
            self.emitted_globals[name] = g
            if self.dbg is not None:
                from ..debug.lowering import record_global
                record_global(self.dbg, sym, name, idc, d.specs)

    def apply_attrs(self, g, sym, extra=()):
        for a in list(sym.attrs or ()) + list(extra or ()):
            n = a.name.strip("_")
            if n == "weak":
                g.weak = True
            elif n == "section":
                s = _attr_str(a)
                if s:
                    g.section = s
            elif n == "visibility":
                s = _attr_str(a)
                if s in ("hidden", "internal"):
                    g.hidden = True
            elif n == "aligned" and isinstance(g, GlobalVar):
                pass
            elif n == "used":
                self.m.keep.add(g.name)

    def run(self):
        for d in self.tu.decls:
            self.external(d)
        return self.finish()

    def external(self, d):
        """Lower one external declaration (in source order; the streaming pipeline calls
        this as each is parsed and checked, toolchain.cc.stream)."""
        if type(d) is A.Declaration:
            try:
                self.global_decl(d)
            except NotConst:
                raise LowerError("initializer element is not constant", d)
        elif type(d) is A.FunctionDef:
            if d.sym.va_arg_pack:
                self.pack_body(d)
                return
            try:
                f = FuncLower(self, d).run()
            except RecursionError:
                # deeper than the recursion limit (frontend.run_big_stack): located (issue 19)
                raise LowerError(f"'{d.sym.name}' is nested too deeply to lower (recursion "
                                 f"limit {sys.getrecursionlimit()})", d) from None
            d.body = None       # the function's syntax tree is not needed any more
            if f is not None:
                if self.pack_bodies:
                    self.expand_va_arg_pack(f, d)
                self.m.functions.append(f)
        elif type(d) is A.TopAsm:
            self.m.asm.append(_str(_strip(d.template)))
        if self.dbg is not None and type(d) is A.Declaration:
            from ..debug.lowering import record_typedefs
            record_typedefs(self.dbg, d)

    def pack_body(self, d):
        """A variadic function using __builtin_va_arg_pack (_len) (sema allows them only in
        static or inline ones): lowered without debug information and kept for expanding its
        calls, never emitted (its marked calls lack the arguments)."""
        dbg, self.dbg = self.dbg, None
        try:
            f = FuncLower(self, d).run()
        finally:
            self.dbg = dbg
        d.body = None
        self.expand_va_arg_pack(f, d)
        self.pack_bodies[pack_key(f.name)] = f

    def expand_va_arg_pack(self, f, d):
        """Each call of ``f`` to a function using __builtin_va_arg_pack becomes a copy of its
        body, at every optimisation level (gcc inlines such always_inline functions even at
        -O0), the calls it passes the variadic arguments to getting them; then again for the
        calls the copies make. A call before the function's definition stays a call."""
        from ..opt.inline import inline_call
        for _ in range(_PACK_DEPTH):
            todo = [ins for b in f.blocks for ins in b.instrs
                    if ins.op == "call" and type(ins.args[0]) is SymRef
                    and ins.args[0].name in self.pack_bodies and type(ins.extra) is not PackInfo]
            if not todo:
                return
            for ins in todo:
                callee = self.pack_bodies[ins.args[0].name]
                first = 2 if getattr(ins.extra, "sret", None) is not None else 1
                if len(ins.args) - first < len(callee.params):
                    raise LowerError(f"too few arguments to '{callee.name}' for inlining it", d)
                ins.set_operand(0, SymRef(callee.name))     # for -g's inlined-from records
                inline_call(f, ins, callee)
        raise LowerError("inlining failed in call to 'always_inline' "
                         f"'{self.pack_bodies[todo[0].args[0].name].name}': recursive inlining", d)

    def finish(self):
        """After the last external declaration: unused static inline functions pruned."""
        if self.static_inline:
            prune(self.m, self.static_inline)   # unused static inline functions: not emitted
        for name in [n for n in self.m.externs if n in self.emitted_globals]:
            del self.m.externs[name]            # `extern __thread int x;` then defined
        return self.m


def lower_unit(tu, pic=False, debug=None, optimize=True) -> Module:
    """``debug``: the primary source path when -g asks for debug information (recorded in
    ``Module.debug`` and on the IR: toolchain.cc.debug.record). ``optimize``: False at -O0,
    where ``__builtin_constant_p`` of anything but a constant expression is 0 at once (as gcc
    -O0 decides it in the front end, so a branch it guards takes no code)."""
    L = Lowerer(tu, pic)
    L.optimize = optimize
    if debug:
        from ..debug.record import UnitDebug
        L.dbg = UnitDebug(debug)
    m = L.run()
    m.debug = L.dbg
    return m


class FuncLower(StmtLower, ExprLower, BuiltinLower):
    def __init__(self, L: Lowerer, fd: A.FunctionDef):
        self.L = L
        self.tt = L.tt
        self.fd = fd
        self.locals = {}
        self.labels = {}
        self.brk = []
        self.cont = []
        self.switch_blocks = None
        self.addr_labels = []
        self.indirect = []
        self.chain_syms = []
        self.defined_labels = set()
        self.vla_save = None
        self.nlg_sym = None         # the chain entry holding the non-local goto buffer
        self.nlg_labels = {}        # enclosing function's label -> index in that buffer
        self.chain_index = {}
        self.chain = None
        self.b = None
        self.f = None
        self.scope = None           # -g: the current toolchain.cc.debug.record.Scope

    # -- helpers -------------------------------------------------------------------------------
    def block(self, name="bb"):
        return self.f.add_block(self.f.fresh(name))

    def terminated(self):
        t = self.b.block.instrs[-1] if self.b.block.instrs else None
        return t is not None and t.is_terminator

    def goto(self, blk):
        if not self.terminated():
            self.b.jmp(blk)

    def start(self, blk):
        self.goto(blk)
        self.b.position(blk)

    def dead(self):
        """After a terminator: continue in a fresh unreachable block."""
        self.b.position(self.block("dead"))

    def alloca(self, size, align):
        ins = Instr("alloca", T.PTR, [Const(T.I64, size)], extra=max(1, align))
        ins.name = self.f.fresh("a")
        self.entry.insert(len(self.entry.instrs), ins)
        return ins

    def c(self, t, v):
        return Const(t, v)

    def i64(self, v):
        return Const(T.I64, v)

    def sizeof(self, t):
        t = base(t)
        if isinstance(t, CT.RecordType) and t.d.variable:
            return self.record_layout(t)[0]
        if isinstance(t, CT.ArrayType) and t.vla is not None and t.vla is not True:
            n = self.vla_len(t)
            es = self.sizeof(t.elem)
            return self.b.binop("mul", n, es) if not (isinstance(es, Const)) or es.value != 1 else n
        if isinstance(t, CT.ArrayType) and t.vla is None and t.length is not None \
                and t.size is None and isinstance(base(t.elem), (CT.ArrayType, CT.RecordType)):
            es = self.sizeof(t.elem)        # a fixed count of variable-length rows
            return es if t.length == 1 else self.b.binop("mul", self.i64(t.length), es)
        if isinstance(t, (CT.VoidType, CT.FunctionType)):
            return self.i64(1)
        s = t.size
        if s is None:
            raise LowerError(f"size of incomplete type '{t}'")
        return self.i64(s)

    def record_layout(self, t):
        """(size, [offset of each member]) of a struct or union with a member of variable
        size (GNU), computed once per function where the type is declared: the members laid
        out in order, each at its alignment, as gcc does; ints where still constant."""
        key = ("record", id(t.d))
        r = self.vla_sizes.get(key)
        if r is not None:
            return r
        b = self.b
        offs = []
        end = 0             # where the next member may start (an int while it is constant)
        for f, al in zip(t.fields, t.d.faligns):
            if f.bit_width is not None and not isinstance(end, int):
                raise LowerError("a bit-field after a member of variable size is not supported",
                                 f.loc)
            size = self.sizeof(f.type) if f.type.size is None else f.type.size
            if t.is_union:
                off = 0
                if isinstance(end, int) and isinstance(size, int):
                    end = max(end, size)
                else:
                    e1, s1 = (self.i64(x) if isinstance(x, int) else x for x in (end, size))
                    end = b.select(b.icmp("ugt", e1, s1), e1, s1)
            elif isinstance(end, int):
                off = f.offset
                end = off + size if isinstance(size, int) else b.binop("add", self.i64(off), size)
            else:
                off = b.binop("and", b.binop("add", end, self.i64(al - 1)), self.i64(-al)) \
                    if al > 1 else end
                end = b.binop("add", off, self.i64(size) if isinstance(size, int) else size)
            offs.append(off)
        al = t.align or 1
        if isinstance(end, int):
            size = self.i64(-(-end // al) * al)
        else:
            size = b.binop("and", b.binop("add", end, self.i64(al - 1)), self.i64(-al)) \
                if al > 1 else end
        r = (size, offs)
        self.vla_sizes[key] = r
        self.vla_keep.append(t)
        return r

    def member_offset(self, rec, path):
        """Byte offset of the member reached through ``path`` ([Field, ...], through anonymous
        members) in record type ``rec``: an int, or a value where a record on the way has a
        member of variable size."""
        off = 0
        for f in path:
            rec = base(rec)
            if isinstance(rec, CT.RecordType) and rec.d.variable:
                o = self.record_layout(rec)[1][rec.fields.index(f)]
            else:
                o = f.offset
            if isinstance(off, int) and isinstance(o, int):
                off += o
            else:
                off = self.b.binop("add", self.i64(off) if isinstance(off, int) else off,
                                   self.i64(o) if isinstance(o, int) else o)
            rec = f.type
        return off

    def vla_len(self, t):
        v = self.vla_sizes.get(id(t))
        if v is None:
            e = t.vla
            x = self.rval(e)
            v = self.conv(x, e.type, self.tt.long)
            self.vla_sizes[id(t)] = v
            self.vla_keep.append(t)
        return v

    # -- function ------------------------------------------------------------------------------
    def run(self):
        fd = self.fd
        sym = fd.sym
        ft = base(sym.type)
        L = self.L
        name = L.sym_name(sym)
        rt = base(ft.ret)
        if any(is_storage_only(t) for t in [rt] + [p.type for p in fd.params or ()]):
            raise LowerError(f"'__bf16' parameter or result of '{sym.name}' (a storage-only "
                             "type: its calling convention is not implemented)", fd)
        self.ret_ctype = rt
        if is_agg(rt):
            irt = agg_type(rt, self.tt)
            self.ret_agg = True
        else:
            irt = ir_type(rt)
            self.ret_agg = False
        params = []
        self.vla_sizes = {}
        self.vla_keep = []
        for i, p in enumerate(fd.params or ()):
            pt = base(p.type)
            if is_agg(pt):
                params.append(Arg(T.PTR, f"p{i}", i, agg_type(pt, self.tt)))
            else:
                it = ir_type(pt)
                if not ft.prototyped and it is T.F32:
                    it = T.F64          # K&R: the caller passed a promoted double
                params.append(Arg(it, f"p{i}", i))
        internal = sym.linkage == "internal"
        if self.chain_syms:
            self.chain = Arg(T.PTR, "chain", len(params))
            params.append(self.chain)
            self.chain_index = {sy: k for k, sy in enumerate(self.chain_syms)}
        f = Function(name, irt, params, internal=internal, varargs=bool(ft.variadic))
        self.f = f
        if isinstance(rt, CT.IntType) and (rt.size or 4) < 4 and not rt.signed:
            f.attrs.add("zeroext_ret")  # a narrow unsigned result (RISC-V zero-extends it)
        specs = fd.specs
        allattrs = list(sym.attrs or ()) + list(getattr(specs, "attrs", None) or ()) + \
            list(getattr(fd.declarator, "attrs", None) or ())
        fs = getattr(specs, "funcspecs", None) or ()
        if "inline" in fs and sym.storage == "extern" and any(
                a.name.strip("_") == "gnu_inline" for a in allattrs) and not sym.va_arg_pack:
            return None         # GNU extern inline: only for inlining, never emitted
        for a in allattrs:
            n = a.name.strip("_")
            if n == "weak":
                f.weak = True
            elif n == "section":
                s = _attr_str(a)
                if s:
                    f.section = s
            elif n == "visibility" and _attr_str(a) in ("hidden", "internal"):
                f.hidden = True
            elif n == "used":
                f.attrs.add("used")
            elif n in ("noinline", "always_inline", "noipa", "noclone", "flatten"):
                f.attrs.add(n)      # the inliner's policy (opt/inline.py)
            elif n in ("constructor", "destructor") and n not in f.attrs:
                f.attrs.add(n)      # named by both the symbol and the declarator: one entry
                g = GlobalVar(L.fresh_name(f".{n}"), 8, 8, [("sym", name, 0)], internal=True)
                g.section = ".init_array" if n == "constructor" else ".fini_array"
                L.m.globals.append(g)
        specs = fd.specs
        fs = getattr(specs, "funcspecs", None) or ()
        if "inline" in fs and sym.linkage == "external" and sym.storage != "extern":
            f.weak = True
        if "inline" in fs and internal:
            L.static_inline.add(name)
        if "inline" in fs:
            f.attrs.add("inline")
        self.entry = f.add_block("entry")
        self.b = IRBuilder(f, self.entry)
        body = self.block("body")
        self.b.position(body)
        if L.dbg is not None:
            from ..debug.lowering import begin_function
            begin_function(self, sym, name)
        for i, p in enumerate(fd.params or ()):
            a = params[i]
            if a.byval is not None:
                self.locals[p] = a
            else:
                pit = ir_type(p.type)
                slot = self.alloca(pit.size, max(pit.align, base(p.type).align or 1))
                self.b.store(a if a.type is pit else self.b.cast("fptrunc", a, pit), slot)
                self.locals[p] = slot
            if self.scope is not None:
                from ..debug.lowering import record_param
                record_param(self, p, self.locals[p])
        byname = {p.name: p for p in fd.params or () if p in self.locals}
        for p in fd.params or ():
            # variable array sizes of parameters are evaluated on entry, in order
            pt = base(p.type)
            if isinstance(pt, CT.PointerType):
                # their expressions name the prototype's parameter symbols: map them
                t = getattr(pt, "decayed_from", None) or pt
                while isinstance(t, (CT.PointerType, CT.ArrayType)):
                    if isinstance(t, CT.ArrayType) and t.vla is not None and t.vla is not True:
                        for sy in _idents(t.vla):
                            if sy not in self.locals and sy.name in byname:
                                self.locals[sy] = self.locals[byname[sy.name]]
                    t = base(t.target if isinstance(t, CT.PointerType) else t.elem)
                d = getattr(pt, "decayed_from", None)
                if d is not None and d.vla is not None and d.vla is not True:
                    self.vla_len(d)
                self.sizeof_vm(pt)
        self.stmt(fd.body)
        if not self.terminated():
            if name == "main" and isinstance(rt, CT.IntType):
                self.b.ret(Const(irt, 0))
            elif irt.is_void:
                self.b.ret()
            elif self.ret_agg:
                tmp = self.alloca(rt.size, rt.align)
                self.b.ret(tmp, agg=irt)
            else:
                self.b.ret(Undef(irt))
        self.b.position(self.entry)
        self.b.jmp(body)
        for lname in self.labels:
            if lname not in self.defined_labels:
                raise LowerError(f"label '{lname}' used but not defined in this function "
                                 "(non-local goto is not supported)", fd)
        for ins in self.indirect:
            ins.targets = list(self.addr_labels) or [ins.block]
        if self.scope is not None:
            from ..debug.lowering import end_function
            end_function(self, body)
        return f
