"""Semantic analysis: statements: labels, jumps, loops, switch, and gcc's statement-level warnings."""
from __future__ import annotations

from ...diag import Location
from .. import ast as A
from .. import types as T
from .common import _loc, _range_loc, Scope, SemaError
from .flow import _no_effect, _pure


class Statements:
    """Statements: labels, jumps, loops, switch, and gcc's statement-level warnings."""

    def compound(self, c: A.Compound, new_scope=True):
        if new_scope:
            self.scope = Scope(self.scope)
        for it in c.items:
            try:
                self.stmt(it)
            except SemaError:
                pass
        self.check_unused(self.scope)
        if new_scope:
            self.scope = self.scope.parent

    def check_unused(self, scope):
        if "all" not in self.warn and "unused-variable" not in self.warn and \
                "unused" not in self.warn:
            return
        for name, sym in reversed(scope.names.items()):     # gcc's order: last first
            if sym.kind == "var" and not sym.used and sym.linkage == "none" and \
                    sym.loc is not None and not any(a.name in ("unused", "cleanup")
                                                    for a in sym.attrs) and \
                    not name.startswith("__"):
                self.warning(f"unused variable '{name}' [-Wunused-variable]", sym.loc)
            elif sym.kind == "var" and sym.used and not sym.reads and sym.linkage == "none" and \
                    sym.loc is not None and not sym.is_static_local and \
                    not any(a.name in ("unused", "cleanup") for a in sym.attrs):
                self.warning(f"variable '{name}' set but not used "
                             "[-Wunused-but-set-variable]", sym.loc)

    def stmt(self, s):
        # chains of labels (case 1: case 2: ...) are walked iteratively
        while isinstance(s, (A.Case, A.Default, A.Label)):
            self.label_part(s)
            s = s.stmt
        self.stmt1(s)

    def label_part(self, s):
        f = self.func
        if isinstance(s, A.Case):
            if not f.switches:
                self.error("case label not within a switch statement", s)
                return
            sw = f.switches[-1]
            lo = self.const_int(self.expr(s.low))
            hi = self.const_int(self.expr(s.high)) if s.high is not None else lo
            if lo is None or (s.high is not None and hi is None):
                self.error("case label does not reduce to an integer constant", s)
                return
            ct = sw.cond.type if sw.cond.type is not None else self.tt.int
            if ct.is_integer():
                lo = ct.wrap(lo)
                hi = ct.wrap(hi)
            seen = sw.case_values
            dup = False
            if lo == hi:
                dup = lo in seen
                if not dup:
                    for a, b in sw.case_ranges:
                        if a <= lo <= b:
                            dup = True
                            break
            else:
                dup = any(lo <= v <= hi for v in seen) if len(seen) < 100000 else False
                dup = dup or any(not (hi < a or lo > b) for a, b in sw.case_ranges)
            if dup:
                self.error("duplicate case value", s)
                prev = seen.get(lo) if lo == hi else None
                if prev is not None:
                    self.note("previously used here", prev)
            elif lo == hi:
                seen[lo] = s
            else:
                sw.case_ranges.append((lo, hi))
            sw.cases.append((lo, hi, s))
            s.value = (lo, hi)
        elif isinstance(s, A.Default):
            if not f.switches:
                self.error("'default' label not within a switch statement", s)
            else:
                sw = f.switches[-1]
                if sw.has_default:
                    self.error("multiple default labels in one switch", s)
                sw.has_default = True
                sw.cases.append((None, None, s))
        else:
            if s.name in f.labels:
                self.error(f"duplicate label '{s.name}'", s)
            f.labels[s.name] = s

    def stmt1(self, s):
        f = self.func
        if isinstance(s, A.ExprStmt):
            if s.expr is not None:
                s.expr = self.void_expr(s.expr)
                if self._wall("unused-value"):
                    if _no_effect(s.expr):
                        self.warning("statement with no effect [-Wunused-value]",
                                     _range_loc(s.expr))
                    elif isinstance(s.expr, A.Cast) and not isinstance(s.expr.type, T.VoidType) \
                            and _pure(s.expr.operand):
                        self.warning("value computed is not used [-Wunused-value]", s.expr)
                    else:
                        self._unused_value(s.expr)
        elif isinstance(s, A.Declaration):
            self.declaration(s, False)
        elif isinstance(s, A.FunctionDef):
            self.function_def(s)
        elif isinstance(s, A.StaticAssert):
            self.static_assert(s)
        elif isinstance(s, A.Compound):
            self.compound(s)
        elif isinstance(s, (A.If, A.While, A.DoWhile, A.For, A.Switch)):
            # C99 6.8.4p3, 6.8.5p5: the statement and its substatements are blocks
            self.scope = Scope(self.scope)
            try:
                self.stmt2(s)
            finally:
                self.scope = self.scope.parent
        else:
            self.stmt2(s)

    def substmt(self, s):
        if isinstance(s, A.Compound):
            self.stmt(s)
            return
        self.scope = Scope(self.scope)
        try:
            self.stmt(s)
        finally:
            self.scope = self.scope.parent

    def stmt2(self, s):
        f = self.func
        if isinstance(s, A.ExprStmt):
            pass
        elif isinstance(s, A.If):
            s.cond = self.cond(s.cond)
            self._truth_assign(s.cond)
            if s.other is None and isinstance(s.then, A.If) and s.then.other is not None \
                    and self._wall("dangling-else"):
                c = _loc(s.cond)
                if c is not None and c.col > 1:
                    c = Location(c.file, c.line, c.col - 1)
                self.warning("suggest explicit braces to avoid ambiguous 'else' "
                             "[-Wdangling-else]", c or s)
            self.substmt(s.then)
            if s.other is not None:
                self.substmt(s.other)
        elif isinstance(s, A.While):
            s.cond = self.cond(s.cond)
            self._truth_assign(s.cond)
            f.loops += 1
            self.substmt(s.body)
            f.loops -= 1
        elif isinstance(s, A.DoWhile):
            f.loops += 1
            self.substmt(s.body)
            f.loops -= 1
            s.cond = self.cond(s.cond)
            self._truth_assign(s.cond)
        elif isinstance(s, A.For):
            self.scope = Scope(self.scope)
            if isinstance(s.init, A.Declaration):
                self.declaration(s.init, False)
            elif s.init is not None:
                s.init = self.void_expr(s.init)
            if s.cond is not None:
                s.cond = self.cond(s.cond)
                self._truth_assign(s.cond)
            if s.step is not None:
                s.step = self.void_expr(s.step)
            f.loops += 1
            self.substmt(s.body)
            f.loops -= 1
            self.scope = self.scope.parent
        elif isinstance(s, A.Switch):
            s.cond = self.expr(s.cond)
            if not s.cond.type.is_integer():
                self.error("switch quantity not an integer", s.cond)
            else:
                s.cond = self.convert(self.promote(s.cond), self.promoted(s.cond.type))
            s.cases = []
            s.case_values = {}
            s.case_ranges = []
            s.has_default = False
            f.switches.append(s)
            f.loops += 0
            self.switch_depth_loops = getattr(self, "switch_depth_loops", 0)
            self.stmt(s.body)
            f.switches.pop()
        elif isinstance(s, A.Case):
            if not f.switches:
                self.error("case label not within a switch statement", s)
                self.stmt(s.stmt)
                return
            sw = f.switches[-1]
            lo = self.const_int(self.expr(s.low))
            hi = self.const_int(self.expr(s.high)) if s.high is not None else lo
            if lo is None or (s.high is not None and hi is None):
                self.error("case label does not reduce to an integer constant", s)
            else:
                ct = sw.cond.type if sw.cond.type is not None else self.tt.int
                if ct.is_integer():
                    lo = ct.wrap(lo) if hasattr(ct, "wrap") else lo
                    hi = ct.wrap(hi) if hasattr(ct, "wrap") else hi
                for (a, b, where) in sw.cases:
                    if a is not None and not (hi < a or lo > b):
                        self.error("duplicate case value", s)
                        break
                sw.cases.append((lo, hi, s))
                s.value = (lo, hi)
            self.stmt(s.stmt)
        elif isinstance(s, A.Default):
            if not f.switches:
                self.error("'default' label not within a switch statement", s)
            else:
                sw = f.switches[-1]
                if any(a is None for a, _, _ in sw.cases):
                    self.error("multiple default labels in one switch", s)
                sw.cases.append((None, None, s))
            self.stmt(s.stmt)
        elif isinstance(s, A.Label):
            if s.name in f.labels:
                self.error(f"duplicate label '{s.name}'", s)
            f.labels[s.name] = s
            self.stmt(s.stmt)
        elif isinstance(s, A.Goto):
            f.gotos.append((s.label, s))
        elif isinstance(s, A.GotoIndirect):
            s.target = self.expr(s.target)
        elif isinstance(s, A.Break):
            if f.loops == 0 and not f.switches:
                self.error("break statement not within loop or switch", s)
        elif isinstance(s, A.Continue):
            if f.loops == 0:
                self.error("continue statement not within a loop", s)
        elif isinstance(s, A.Return):
            rt = f.ret
            if s.value is not None:
                e = self.expr(s.value)
                if isinstance(rt, T.VoidType):
                    if not isinstance(e.type, T.VoidType):
                        self.warning("'return' with a value, in function returning void",
                                     s.value)
                        if self.func.sym is not None and self.func.sym.loc is not None:
                            self.note("declared here", self.func.sym.node.declarator
                                      if self.func.sym.node is not None else self.func.sym.loc)
                    s.value = e
                else:
                    s.value = self.assign_convert(rt, e, "return")
            elif not isinstance(rt, T.VoidType):
                self.warning("'return' with no value, in function returning non-void "
                             "[-Wreturn-type]", s)
        elif isinstance(s, A.AsmStmt):
            for lst in (s.outputs, s.inputs):
                for k, (nm, cons, e) in enumerate(lst):
                    lst[k] = (nm, cons, self.expr(e, decay=False))
            for lbl in s.labels:
                f.gotos.append((lbl, s))
        elif isinstance(s, (A.AttrStmt, A.LocalLabels)):
            pass

    def _wall(self, flag):
        w = self.warn
        return ("all" in w or flag in w or "error=" + flag in w) and "no-" + flag not in w

    def _truth_assign(self, e):
        while isinstance(e, A.ImplicitCast):
            e = e.operand
        if isinstance(e, A.Assign) and e.op == "=" and not e.paren and self._wall("parentheses"):
            self.warning("suggest parentheses around assignment used as truth value "
                         "[-Wparentheses]", e.left)

    def _paren_warnings(self, e, l, r):
        """-Wparentheses on a binary operator whose operands were not parenthesized."""
        op = e.op
        if not self._wall("parentheses"):
            return

        def strip(x):
            while isinstance(x, A.ImplicitCast) and not x.paren:
                x = x.operand
            return x
        l, r = strip(l), strip(r)
        cmp_ops = ("<", ">", "<=", ">=", "==", "!=")
        for x in (l, r):
            if not isinstance(x, A.Binary) or x.paren:
                continue
            if op in ("&", "|", "^") and x.op in cmp_ops:
                self.warning(f"suggest parentheses around comparison in operand of '{op}' "
                             "[-Wparentheses]", _range_loc(x))
            elif op in ("&", "|", "^") and x.op in ("+", "-"):
                self.warning(f"suggest parentheses around arithmetic in operand of '{op}' "
                             "[-Wparentheses]", _range_loc(x))
            elif op == "|" and x.op in ("&", "^") or op == "^" and x.op == "&":
                self.warning(f"suggest parentheses around arithmetic in operand of '{op}' "
                             "[-Wparentheses]", _range_loc(x))
            elif op == "||" and x.op == "&&":
                self.warning("suggest parentheses around '&&' within '||' [-Wparentheses]", _range_loc(x))
            elif op in ("<<", ">>") and x.op in ("+", "-"):
                self.warning(f"suggest parentheses around '{x.op}' inside '{op}' "
                             "[-Wparentheses]", _range_loc(x))
        if op in cmp_ops and isinstance(l, A.Binary) and not l.paren and l.op in cmp_ops \
                and op not in ("==", "!=") and l.op not in ("==", "!="):
            self.warning(f"comparisons like 'X<=Y<=Z' do not have their mathematical meaning "
                         "[-Wparentheses]", _range_loc(l))

    def cond(self, e):
        e = self.expr(e)
        if not (e.type.is_scalar() or isinstance(e.type, T.VectorType)):
            self.error("used struct type value where scalar is required"
                       if isinstance(e.type, T.RecordType) else
                       "void value not ignored as it ought to be"
                       if isinstance(e.type, T.VoidType) else "used value where scalar is required",
                       e)
        return e
