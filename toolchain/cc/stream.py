"""Streaming compilation (issue 18, docs/speed.md "Streaming by declaration").

The parser hands each external declaration to ``Stream.external`` as soon as it is reduced;
it is checked (sema), lowered to IR and its syntax tree dropped. At -O0, on a back end that
allows it (``Backend.streams``), each function is then optimised (the -O0 folds), selected,
allocated, emitted and handed to the object writer as soon as that cannot change its code,
and its IR and machine IR are freed: memory does not grow with the number of functions.
At -O1+ (and with -g) the module's IR is kept for the module phase, as before.

The output is the whole-unit pipeline's, byte for byte. What a later declaration could
change, and how each is kept:

- a function's code asks whether the symbols it names bind locally, are internal or
  thread-local (the back end's module context), and which functions the module defines (-O0
  ``inline_math``). A function waits while it names an internal symbol not yet defined; the
  others are answered from what is defined so far, every answer is recorded (``Asked``), and
  at the end compared with the whole module's: any difference and the unit is compiled
  again the whole-unit way (``Fallback``), which is rare.
- unused ``static inline`` functions are not emitted (``opt.prune``): one waits until a
  definition that is kept names it (``_Live`` follows prune's roots and references), or
  until ``WINDOW`` more functions are lowered: then it is taken as unused, and a Fallback
  if it is named after all.
- text order, ``.L``/``.LC`` numbering and lowering's name counter follow the source: the
  functions are emitted in order, and once one waits the ones after it wait too.
- lowering reads symbols as declared so far: a file-scope object of incomplete type without
  initializer ends the streaming (the rest is lowered at the end, in order); a later
  declaration that changes the type of a symbol already used or defined makes a ``Fallback``.
"""
from __future__ import annotations

from collections import deque

from . import ast as A
from . import timing
from .opt.prune import _IDENT, _refs_of_function
from .sema.retire import retire


# An unused static inline function holds the functions after it back until this many more
# functions are lowered; then it is taken as unused for good (if one names it after all, the
# unit is compiled again). sqlite3.c's one used late is used 106 functions on, Lua's 24.
WINDOW = 512


class Fallback(Exception):
    """The streamed output may differ from the whole-unit pipeline's: compile again."""


# Every name the stream knows is one entry of one dict (``Stream.names``), its value a set
# of flag bits: one dict entry per name instead of one entry in each of eight sets (about
# 250 bytes per name less at the end of a big unit).
DEF = 1             # defined so far
LIVE = 2            # kept by prune (``_Live``)
EMITTED = 4         # a function already emitted, with what the module context reads of it:
E_INTERNAL = 8
E_HIDDEN = 16
E_WEAK = 32
_ASKED = 64         # the first of the Asked views' bits (three each)
_INTS = {}          # flag values, interned (most are past the small ints Python shares)


def _set(names: dict, name: str, bits: int) -> None:
    v = names.get(name, 0)
    if v & bits != bits:
        v |= bits
        names[name] = _INTS.setdefault(v, v)


class Asked:
    """A name set of the module context while the module is still being lowered (a view of
    ``Stream.names``): the names known so far, every question's name recorded by its answer
    for the check at the end."""
    __slots__ = ("names", "bit", "yes", "no")

    def __init__(self, names: dict, n: int):
        self.names = names
        self.bit = _ASKED << (3 * n)
        self.yes = self.bit << 1
        self.no = self.bit << 2

    def __contains__(self, name):
        v = self.names.get(name, 0)
        if v & self.bit:
            if not v & self.yes:
                _set(self.names, name, self.yes)
            return True
        if not v & self.no:
            _set(self.names, name, self.no)
        return False

    def has(self, name) -> bool:
        """Membership without recording the question."""
        return bool(self.names.get(name, 0) & self.bit)

    def add(self, name) -> None:
        _set(self.names, name, self.bit)

    def agrees(self, final, only=None) -> bool:
        """Every answer given is the one ``final`` gives (for the names in ``only``)."""
        yes, no = self.yes, self.no
        for name, v in self.names.items():
            if v & (yes | no) and (only is None or name in only):
                if (v & yes and name not in final) or (v & no and name in final):
                    return False
        return True


class _IdentitySet:
    """Objects by identity, kept alive."""
    __slots__ = ("ids", "objs")

    def __init__(self):
        self.ids = set()
        self.objs = []

    def __contains__(self, x):
        return id(x) in self.ids

    def add(self, x):
        self.ids.add(id(x))
        self.objs.append(x)


class _Emitted:
    """What the module context reads of a function already emitted (made at the end from
    the names' flags)."""
    __slots__ = ("name", "internal", "hidden", "weak")

    def __init__(self, name, bits):
        self.name = name
        self.internal = bool(bits & E_INTERNAL)
        self.hidden = bool(bits & E_HIDDEN)
        self.weak = bool(bits & E_WEAK)


class _Live:
    """Which ``static inline`` functions prune keeps, followed as the unit is lowered: every
    definition that is not a removable candidate is a root; names in asm text and
    ``Module.keep`` are roots; a candidate is live once a live definition names it."""
    __slots__ = ("names", "refs", "asm_words")

    def __init__(self, names: dict):
        self.names = names      # Stream.names: the live ones have LIVE
        self.refs = {}          # candidate not (yet) live -> the names it refers to
        self.asm_words = set()

    def __contains__(self, name) -> bool:
        return bool(self.names.get(name, 0) & LIVE)

    def mark(self, names):
        flags, refs = self.names, self.refs
        work = list(names)
        while work:
            n = work.pop()
            v = flags.get(n, 0)
            if v & LIVE:
                continue
            v |= LIVE
            flags[n] = _INTS.setdefault(v, v)
            r = refs.pop(n, None)
            if r:
                work.extend(r)

    def add_asm(self, text):
        words = _IDENT.findall(text)
        self.asm_words.update(words)
        self.mark(words)

    def add_function(self, f, names, candidate):
        if candidate and f.name not in self:
            self.refs[f.name] = names
        else:
            self.mark(names)


def _refs(f, live: _Live) -> set:
    """The names f's instructions refer to (asm templates' words go to ``live``)."""
    out, words = set(), set()
    _refs_of_function(f, out, words)
    if words:
        live.asm_words.update(words)
        live.mark(words)
    return out


class Stream:
    """The consumer of the parser's external declarations (FrontendOptions.consumer).
    ``codegen``: a ``toolchain.cc.backend.driver.ModuleCodegen`` (sink set) to emit
    functions as they are lowered, or None to keep the module's IR."""

    def __init__(self, pic=False, optimize=True, codegen=None, macros=frozenset()):
        self.pic = pic
        self.optimize = optimize
        self.codegen = codegen
        self.macros = macros        # Module.cmdline_macros
        self.begun = False          # the codegen's module start is emitted
        self.names = {}             # every name known: flag bits (DEF, LIVE, ...)
        self.local = Asked(self.names, 0)   # the module context's names, as known so far
        self.internal = Asked(self.names, 1)
        self.tls = Asked(self.names, 2)
        self.sema = self.L = self.diag = None
        self.mode = "stream"        # "batch": kept for the end; "done": nothing more to do
        self.kept = []              # declarations left for the end ("batch")
        self.lowered = False        # something was lowered (it read symbols as they were)
        self.broken = None          # why the streamed output may differ (Fallback)
        self.lower_error = None     # the first lowering error, raised at the end
        self.codegen_error = None   # the first back-end error, raised at the end
        self.redecl = []            # (symbol, its type before) of this declaration's redeclarations
        # -O0 code generation
        self.queue = deque()        # [function, internal names it waits for]
        self.live = _Live(self.names)
        self.defined = Asked(self.names, 3)     # function names (inline_math's question)
        self.seen = (0, 0, 0, 0, 0)  # globals, externs, aliases, keep, asm seen so far
        self.gseen = _IdentitySet()  # the globals seen (kept alive: no id is reused)
        self.nfuncs = 0             # functions lowered so far
        self.born = {}              # static inline function -> nfuncs when it was lowered
        self.skipped = set()        # static inline functions taken as unused (WINDOW)
        self._sema_external = self._lower_external = self._fold = None

    @property
    def emitted(self) -> list:
        """The functions emitted so far (``_Emitted``, in the order their names were met)."""
        return [_Emitted(n, v) for n, v in self.names.items() if v & EMITTED]

    # -- the front end's calls -------------------------------------------------------------
    def begin(self, sema, tu):
        from .lower.lower import Lowerer
        self.sema = sema
        self.diag = sema.diag
        self.L = Lowerer(tu, self.pic)
        self.L.optimize = self.optimize
        self.L.m.cmdline_macros = self.macros
        self._sema_external = timing.phase("semantic analysis", sema.external)
        self._lower_external = timing.phase("lowering to IR", self.L.external)
        self._fold = timing.phase("IR optimisation", _fold_o0)
        declare = sema.declare_object
        redecl = self.redecl

        def declare_object(name, ty, sc, dd, file_scope, has_init, specs):
            old = sema.scope.names.get(name)
            before = old.type if old is not None else None
            sym = declare(name, ty, sc, dd, file_scope, has_init, specs)
            if sym is old and old is not None:
                redecl.append((old, before))
            return sym
        sema.declare_object = declare_object
        if self.codegen is not None:
            self.codegen.m = self.L.m

    def _begin_codegen(self):
        """The module's start (top-level asm so far), before the first function: from here
        on a top-level asm statement would have to go before what is emitted."""
        cg = self.codegen
        cg.begin()
        ctx = cg.ctx
        ctx.local, ctx.internal, ctx.tls = self.local, self.internal, self.tls
        self.begun = True

    def external(self, d):
        from .sema.common import SemaError
        sema = self.sema
        try:
            self._sema_external(d)
        except SemaError:
            pass
        finally:
            sema.discarded.clear()      # keyed by node ids: the nodes are dropped now
            sema._pre.clear()
        if self.redecl:
            self._check_redeclarations()
        if self.mode == "done":
            return
        if self.diag.failed or self.broken:
            self._stop()
            return
        if self.mode == "batch" or self._incomplete_object(d):
            self.mode = "batch"
            self.kept.append(d)
            return
        self._lower(d)

    # -- lowering --------------------------------------------------------------------------
    def _check_redeclarations(self):
        for sym, before in self.redecl:
            if sym.type is not before and self.lowered and \
                    (sym.used or sym.defined or sym.kind == "var") and \
                    str(sym.type) != str(before):
                self.broken = f"the type of '{sym.name}' changed after it was used"
        self.redecl.clear()

    @staticmethod
    def _incomplete_object(d) -> bool:
        """A file-scope object defined without initializer at an incomplete type: a later
        declaration may complete it, and lowering wants the final type."""
        if type(d) is not A.Declaration:
            return False
        storage = getattr(d.specs, "storage", None) or ()
        if "extern" in storage or "typedef" in storage:
            return False
        for idc in d.declarators:
            sym = idc.sym
            if sym is not None and sym.kind == "var" and idc.init is None and \
                    not sym.type.is_complete():
                return True
        return False

    def _lower(self, d):
        from .lower import LowerError
        try:
            self._lower_external(d)
        except (LowerError, RecursionError) as e:
            self.lower_error = e
            self._stop()
            return
        if type(d) is A.FunctionDef:
            d.params = None         # lowered: the symbol table keeps the rest of the tree
            retire(d)               # (with plain locations, without parameter declarations)
            self.lowered = True
        elif type(d) is A.Declaration:
            retire(d)
            self.lowered = True
        if self.codegen is not None:
            self._take_new()
            if self.codegen_error is None:
                self._drain()

    def _stop(self):
        """Nothing more is lowered or emitted (errors, or the streamed output is void)."""
        self.mode = "done"
        self.kept = []
        self.queue.clear()
        self.L.m.functions = []

    # -- -O0 code generation ---------------------------------------------------------------
    def _take_new(self):
        """Account for what the last declaration added to the module: its functions join
        the queue, its definitions the context's names."""
        m = self.L.m
        ctx = self
        pic = self.pic
        live = self.live
        g0, e0, a0, k0, s0 = self.seen
        new = []
        gseen = self.gseen
        for g in reversed(m.globals):       # new ones are appended (a redefinition
            if g in gseen:                  # removes the tentative one it replaces)
                break
            new.append(g)
        for g in reversed(new):
            gseen.add(g)
            self._define(g, ctx, pic)
            if g.tls:
                ctx.tls.add(g.name)
            live.mark([it[1] for it in g.init or () if it[0] == "sym"])
        if len(m.externs) > e0:
            for n, k in list(m.externs.items())[e0:]:
                if k == "tls":
                    ctx.tls.add(n)
        for name, target, kind, internal_, _w in m.aliases[a0:]:
            if ctx.local.has(target) and (not pic or internal_) and kind != "ifunc":
                ctx.local.add(name)
        if len(m.keep) != k0:
            live.mark(m.keep)
        for t in m.asm[s0:]:
            live.add_asm(t)
            if self.begun:
                self.broken = "top-level asm after the first function"
        static_inline = self.L.static_inline
        # the window counts the functions that are not static inline: an intrinsic header's
        # hundreds of unused ones (immintrin.h has 1,400) do not make a later use of one of
        # them a Fallback (the unit compiled twice)
        self.nfuncs += sum(1 for f in m.functions if f.name not in static_inline)
        for f in m.functions:
            if f.name in static_inline:
                self.born[f.name] = self.nfuncs
            self._define(f, ctx, pic)
            self.defined.add(f.name)
            names = _refs(f, live)
            live.add_function(f, names, f.name in static_inline and _removable(f, m, live))
            flags = self.names
            pend = {n for n in names if not flags.get(n, 0) & DEF and self._internal(n)}
            self.queue.append([f, pend])
        m.functions = []
        self.seen = (len(m.globals), len(m.externs), len(m.aliases), len(m.keep), len(m.asm))
        if self.skipped and any(n in live for n in self.skipped):
            self.broken = "a static inline function taken as unused is used"

    def _define(self, d, ctx, pic):
        _set(self.names, d.name, DEF)
        if not pic or d.internal or getattr(d, "hidden", False):
            ctx.local.add(d.name)
        if d.internal:
            ctx.internal.add(d.name)

    def _internal(self, name) -> bool:
        sym = self.sema.file_scope.names.get(name)
        return sym is not None and sym.linkage == "internal" and sym.kind in ("var", "func")

    def _drain(self):
        """Emit the functions at the head of the queue that are ready."""
        q = self.queue
        live = self.live
        flags = self.names
        static_inline = self.L.static_inline
        cg = self.codegen
        while q:
            f, pend = q[0]
            if f.name in static_inline and f.name not in live:
                if self.nfuncs - self.born.get(f.name, 0) < WINDOW:
                    return
                q.popleft()             # taken as unused (a Fallback if it is used after all)
                self.skipped.add(f.name)
                continue
            if pend:
                pend.difference_update([n for n in pend if flags.get(n, 0) & DEF])
                if pend:
                    return
            q.popleft()
            try:
                if not self.begun:
                    self._begin_codegen()
                self._fold(f, self.defined)
                cg.function(f)
            except Exception as e:      # noqa: BLE001 - raised at the end, as before
                self.codegen_error = e
                q.clear()
                return
            _set(flags, f.name, EMITTED | (E_INTERNAL if f.internal else 0) |
                 (E_HIDDEN if getattr(f, "hidden", False) else 0) |
                 (E_WEAK if getattr(f, "weak", False) else 0))

    # -- the end ---------------------------------------------------------------------------
    def finish(self):
        """After the unit's end (no errors): the IR module (no ``codegen``), or the
        ModuleCodegen's result with every function emitted. Raises the first lowering or
        back-end error, or Fallback."""
        if self.lower_error is None:
            for d in self.kept:
                self._lower(d)
                if self.lower_error is not None:
                    break
            self.kept = []
        if self.lower_error is not None:
            raise self.lower_error
        if self.broken:
            raise Fallback(self.broken)
        L = self.L
        m = L.m
        if self.codegen is None:
            return L.finish()
        if self.codegen_error is not None:
            raise self.codegen_error
        live = self.live
        if len(m.keep) != self.seen[3]:
            live.mark(m.keep)
        if self.skipped and any(n in live for n in self.skipped):
            raise Fallback("a static inline function taken as unused is used")
        rest = [f for f, _ in self.queue
                if f.name not in L.static_inline or not _removable(f, m, live)
                or f.name in live]
        self.queue.clear()
        for name in [n for n in m.externs if n in L.emitted_globals]:
            del m.externs[name]            # `extern __thread int x;` then defined
        m.functions = rest
        if not self.begun:
            self._begin_codegen()
        emitted = self.emitted
        self._check_context(m, emitted)
        defined = {e.name for e in emitted} | {f.name for f in rest}
        if not self.defined.agrees(defined, _inline_math_names()):
            raise Fallback("a function the module defines was called before its definition")
        cg = self.codegen
        for f in rest:
            self._fold(f, defined)
            cg.function(f)
        m.functions = []
        self.gseen = None           # the globals go as their data is emitted
        return cg.finish()

    def _check_context(self, m, emitted):
        """The answers given to the functions already emitted against the whole module's
        context; from here on the context is the whole module's."""
        from .ir.core import Module
        cg = self.codegen
        view = Module()
        view.functions = emitted + m.functions
        view.globals = m.globals
        view.externs = m.externs
        view.aliases = m.aliases
        view.keep = m.keep
        view.cmdline_macros = getattr(m, "cmdline_macros", frozenset())
        final = cg.backend.module_context(view, self.pic)
        ctx = cg.ctx
        for attr in ("local", "internal", "tls"):
            asked = getattr(ctx, attr)
            if not asked.agrees(getattr(final, attr)):
                raise Fallback(f"a symbol's binding ({attr}) changed after it was used")
            setattr(ctx, attr, getattr(final, attr))


def _removable(f, m, live: _Live) -> bool:
    """prune's test of a candidate (the roots' conditions), with what is known so far."""
    return f.internal and not f.weak and f.section is None and f.name not in m.keep and \
        f.name not in live.asm_words and "used" not in (getattr(f, "attrs", None) or ())


def _inline_math_names():
    """The callees inline_math may replace (the only names its question matters for)."""
    from .opt import libcalls
    return set(libcalls._FABS) | set(libcalls._COPYSIGN)


def _fold_o0(f, defined):
    """What optimize_module does at -O0, for one function."""
    from .opt.libcalls import fold_constant_p, inline_math
    fold_constant_p(f)
    inline_math(f, defined)
