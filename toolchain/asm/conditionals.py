"""Conditional assembly (``.if`` and its family, ``.else``, ``.endif``) and the message
directives (``.err``, ``.error``, ``.warning``, ``.print``, ``.fail``)."""
from __future__ import annotations

from .expr import parse_string
from .model import AsmError


class ConditionalsMixin:
    """The conditional stack and message directives."""

    # -- conditionals --
    def _if(self, cond: bool):
        parent = not self.cond_stack or self.cond_stack[-1][0]
        self.cond_stack.append([parent and cond, cond, parent])

    def _ifskip(self):
        """Inside an inactive block: push a dummy so nesting counts."""
        if self.cond_stack and not self.cond_stack[-1][0]:
            self.cond_stack.append([False, True, False])
            return True
        return False

    def _cond_expr(self, args):
        """The value of an .if expression; on error the block is still opened (false)."""
        try:
            if not args.strip():
                raise AsmError("non-constant expression in \".if\" statement")
            return self.abs_expr(args)
        except AsmError:
            self._if(False)
            raise

    def d_if(self, args):
        if self._ifskip():
            return
        self._if(self._cond_expr(args) != 0)

    def d_ifne(self, args):
        self.d_if(args)

    def d_ifeq(self, args):
        if self._ifskip():
            return
        self._if(self._cond_expr(args) == 0)

    def d_ifge(self, args):
        if self._ifskip():
            return
        self._if(self._cond_expr(args) >= 0)

    def d_ifgt(self, args):
        if self._ifskip():
            return
        self._if(self._cond_expr(args) > 0)

    def d_ifle(self, args):
        if self._ifskip():
            return
        self._if(self._cond_expr(args) <= 0)

    def d_iflt(self, args):
        if self._ifskip():
            return
        self._if(self._cond_expr(args) < 0)

    def d_ifdef(self, args):
        if self._ifskip():
            return
        s = self.symbols.get(self.sym_name(args))
        self._if(s is not None and (s.defined or s.section is not None))

    def d_ifndef(self, args):
        if self._ifskip():
            return
        s = self.symbols.get(self.sym_name(args))
        self._if(not (s is not None and (s.defined or s.section is not None)))

    def d_ifb(self, args):
        if self._ifskip():
            return
        self._if(not args.strip())

    def d_ifnb(self, args):
        if self._ifskip():
            return
        self._if(bool(args.strip()))

    def _ifc_args(self, args):
        def one(t, i):
            t = t.lstrip()
            if t.startswith("'"):
                j = t.find("'", 1)
                return t[1:j], t[j + 1:]
            j = t.find(",")
            if j < 0:
                return t.strip(), ""
            return t[:j].strip(), t[j:]
        a, rest = one(args, 0)
        rest = rest.lstrip()
        if rest.startswith(","):
            rest = rest[1:]
        b, _ = one(rest, 0)
        return a, b

    def d_ifc(self, args):
        if self._ifskip():
            return
        a, b = self._ifc_args(args)
        self._if(a == b)

    def d_ifnc(self, args):
        if self._ifskip():
            return
        a, b = self._ifc_args(args)
        self._if(a != b)

    def d_elseif(self, args):
        if not self.cond_stack:
            raise AsmError("\".elseif\" without matching \".if\"")
        top = self.cond_stack[-1]
        if top[1] or not top[2]:
            top[0] = False
        else:
            c = self.abs_expr(args) != 0
            top[0] = c
            top[1] = c

    def d_else(self, args):
        if not self.cond_stack:
            raise AsmError("\".else\" without matching \".if\"")
        top = self.cond_stack[-1]
        top[0] = top[2] and not top[1]
        top[1] = True

    def d_endif(self, args):
        if not self.cond_stack:
            raise AsmError("\".endif\" without \".if\"")
        self.cond_stack.pop()

    # -- messages --
    def d_err(self, args):
        raise AsmError(".err encountered")

    def d_err_msg(self, args):
        msg = parse_string(args.strip(), 0)[0].decode() if args.strip().startswith('"') \
            else args
        raise AsmError(msg or ".error directive invoked in source file")

    def d_warning(self, args):
        msg = parse_string(args.strip(), 0)[0].decode() if args.strip().startswith('"') \
            else args
        self.warning(msg or ".warning directive invoked in source file")

    def d_print(self, args):
        import sys
        msg = parse_string(args.strip(), 0)[0].decode() if args.strip().startswith('"') \
            else args
        sys.stdout.write(msg + "\n")

    def d_fail(self, args):
        v = self.abs_expr(args)
        if v >= 500:
            self.warning(f".fail {v} encountered")
        else:
            raise AsmError(f".fail {v} encountered")
