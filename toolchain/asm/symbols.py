"""Symbols: lookup, labels (named, numeric, temporary), and the symbol directives
(binding, visibility, ``.type``, ``.size``, ``.set``, ``.comm``, ``.weakref``, ``.symver``)."""
from __future__ import annotations

import re

from ..elf import constants as C
from .expr import ExprError, Value
from .model import ABS, AsmError, COMMON, ORG, Sym, UNDEF, listed_key


_TYPE_NAMES = {"function": C.STT_FUNC, "object": C.STT_OBJECT, "tls_object": C.STT_TLS,
               "common": C.STT_COMMON, "notype": C.STT_NOTYPE, "gnu_indirect_function": 10,
               "gnu_unique_object": C.STT_OBJECT, "stt_func": C.STT_FUNC,
               "stt_object": C.STT_OBJECT, "stt_tls": C.STT_TLS, "stt_notype": C.STT_NOTYPE,
               "stt_common": C.STT_COMMON}


_SYMNAME_RE = re.compile(r'\s*("[^"]*"|[A-Za-z_.$][A-Za-z0-9_.$@]*)\s*')


class SymbolsMixin:
    """The symbol table and the directives that change it."""

    # ------------------------------------------------------------------------------------------
    # symbols
    def symbol(self, name: str) -> Sym:
        s = self.symbols.get(name)
        if s is None:
            s = Sym(name, temp=name.startswith(".L") or name.startswith("L0\x01"))
            self.symbols[name] = s
            self.sym_order.append(s)
            self.target.symbol_created(s)
        return s

    def symbol_ref(self, name: str) -> Sym:
        """The symbol an expression names. A local label that already exists (defined or
        referred to before) becomes a full symbol here in GNU as, which fixes its place in the
        symbol table."""
        s = self.symbols.get(name)
        if s is None:
            return self.symbol(name)
        if s.temp and s.listed is None:
            self.list_now(s)
        return s

    def list_now(self, s: Sym) -> None:
        """Local label ``s`` becomes a full symbol here: its place in the symbol list."""
        self.list_seq += 1
        s.listed = listed_key(len(self.sym_order), self.list_seq)
        if self.sealer is not None:
            self.sealer.listed.append(s)

    def _typed_symbol(self, name: str) -> Sym:
        """The symbol ``.type``/``.size`` name: GNU as makes a local label a full symbol
        there, which fixes its place in the symbol table."""
        s = self.symbol(name)
        if s.temp and s.listed is None:
            self.list_now(s)
        return s

    def note_ref(self, sym: Sym, force: bool = False) -> None:
        """An instruction referenced ``sym``: GNU as makes a local label a full symbol at that
        point when it is already defined (or when the target forces it), which fixes its place
        in the symbol table."""
        if sym.temp and sym.listed is None and (sym.defined or force):
            self.list_now(sym)

    list_seq = 0

    def local_ref(self, n: int, d: str) -> Sym:
        c = self.local_counters.get(n, 0)
        if d == "b":
            if c == 0:
                raise ExprError(f'backward ref to unknown label "{n}:"')
            return self.symbol(f".L{n}\x02{c}")
        return self.symbol(f".L{n}\x02{c + 1}")

    def dot_symbol(self) -> Sym:
        self.temp_count += 1
        s = Sym(".L0\x01", temp=True)
        s.frag = self.frag
        s.offset = len(self.data)
        s.section = self.sec
        s.defined = True
        return s

    def define_label_temp(self) -> Sym:
        """A local label at the current position that is not entered in the symbol table."""
        return self.dot_symbol()

    def define_label(self, name: str) -> Sym:
        if name.isdigit():
            n = int(name)
            c = self.local_counters.get(n, 0) + 1
            self.local_counters[n] = c
            name = f".L{n}\x02{c}"
        s = self.symbol(name)
        if s.defined and not s.is_set and not (s.frag is self.frag and
                                                s.offset == len(self.data)):
            raise AsmError(f"symbol `{name}' is already defined")
        s.frag = self.frag
        s.offset = len(self.data)
        s.section = self.sec
        s.defined = True
        if s.is_set or s.expr is not None:     # (set only when not the default: Sym)
            s.expr = None
            s.is_set = False
        self.dwarf.label_hook(s)
        if self.sealer is not None:
            self.sealer.defined.append(s)
        return s

    # -- symbols --
    def _sym_list(self, args):
        for a in self.split_args(args):
            if a:
                yield self.symbol(self.sym_name(a))

    def d_globl(self, args):
        for s in self._sym_list(args):
            if s.bind != C.STB_WEAK:
                s.bind = C.STB_GLOBAL

    def d_local(self, args):
        for s in self._sym_list(args):
            s.bind = C.STB_LOCAL
            s.explicit_local = True

    def d_weak(self, args):
        for s in self._sym_list(args):
            s.bind = C.STB_WEAK

    def d_hidden(self, args):
        for s in self._sym_list(args):
            s.other = (s.other & ~3) | C.STV_HIDDEN

    def d_protected(self, args):
        for s in self._sym_list(args):
            s.other = (s.other & ~3) | C.STV_PROTECTED

    def d_internal(self, args):
        for s in self._sym_list(args):
            s.other = (s.other & ~3) | C.STV_INTERNAL

    def d_type(self, args):
        parts = self.split_args(args)
        if len(parts) < 2:
            # "sym, @function" may be written as "sym @function"? gas needs a comma
            raise AsmError("expected comma after name in .type")
        s = self._typed_symbol(self.sym_name(parts[0]))
        t = parts[1].strip()
        if t and t[0] in "@%\"":
            t = t.strip('"')[1:] if t[0] != '"' else t.strip('"').lstrip("@%")
        tl = t.lower()
        if tl not in _TYPE_NAMES:
            raise AsmError(f"unrecognized symbol type \"{t}\"")
        s.type = _TYPE_NAMES[tl]
        if tl == "gnu_unique_object":
            s.bind = 10
            self.gnu_unique = True
        if tl == "gnu_indirect_function":
            self.gnu_unique = True

    def d_size(self, args):
        parts = self.split_args(args)
        if len(parts) != 2:
            raise AsmError("expected comma after name in .size")
        name = self.sym_name(parts[0])
        e = self.expr(parts[1])         # (GNU as reads the size before it looks up the name)
        s = self._typed_symbol(name)
        v = self.eval_expr(e)
        v2 = self._try_fold(v, False) if not v.is_const else v
        if v2.is_const:
            s.size = v2.const
            if s.size_expr is not None:
                s.size_expr = None
        else:
            s.size_expr = e

    def d_set(self, args):
        parts = self.split_args(args)
        if len(parts) < 2:
            raise AsmError("expected comma after name in .set")
        name = self.sym_name(parts[0])
        self._assign(name, ",".join(parts[1:]))

    def _assign(self, name, text, equiv=False):
        e = self.expr(text.strip())
        s = self.symbol(name)
        if equiv and s.defined:
            raise AsmError(f"symbol `{name}' is already defined")
        if s.defined and not s.is_set and s.frag is not None:
            raise AsmError(f"symbol `{name}' is already defined")
        v = self.eval_expr(e)
        if not v.is_const:
            v = self._try_fold(v, False)
        s.is_set = True
        s.defined = True
        s.alias = e[1] if e[0] == "s" and e[2] is None and e[1] is not s else None
        if v.is_const and v.mod is None:
            s.section = ABS
            s.offset = v.const
            s.frag = None
            s.expr = None
        elif v.sub is None and v.mod is None and v.add is not None and v.add.defined and \
                v.add.expr is None and v.add.section not in (ABS, COMMON, None) and \
                v.add.frag is not None:
            a = v.add
            s.section = a.section
            s.frag = a.frag
            s.offset = a.offset + v.const
            s.expr = None
            if a.type != C.STT_NOTYPE and s.type == C.STT_NOTYPE and a.type != C.STT_SECTION:
                s.type = a.type
        else:
            s.expr = e
            s.frag = None
            s.section = UNDEF
            if v.add is not None and v.sub is None and v.add.type != C.STT_SECTION:
                if s.type == C.STT_NOTYPE:
                    s.type = v.add.type

    def d_equiv(self, args):
        parts = self.split_args(args)
        if len(parts) < 2:
            raise AsmError("expected comma after name in .equiv")
        self._assign(self.sym_name(parts[0]), ",".join(parts[1:]), equiv=True)

    def d_eqv(self, args):
        self.d_set(args)

    def d_comm(self, args, local=False):
        parts = self.split_args(args)
        if len(parts) < 2:
            raise AsmError("expected comma after symbol-name")
        size = self._common_size(parts[1])
        if size is None:
            return
        s = self.symbol(self.sym_name(parts[0]))
        align = self.abs_expr(parts[2]) if len(parts) > 2 and parts[2] else 0
        if s.defined and s.section is not COMMON:
            raise AsmError(f"symbol `{s.name}' is already defined")
        if local or s.bind == C.STB_LOCAL:
            self._bss_alloc(s, size, align)
            return
        s.section = COMMON
        s.defined = True
        s.size = max(size, s.size)
        if align == 0:
            # GNU as: the smallest power of two >= size, at most 16
            a = 1
            while a < size and a < 16:
                a *= 2
            align = a
        s.common_align = align
        s.offset = align
        if s.type == C.STT_NOTYPE:
            s.type = C.STT_OBJECT

    def d_lcomm(self, args):
        parts = self.split_args(args)
        if len(parts) < 2:
            raise AsmError("expected comma after symbol-name")
        size = self._common_size(parts[1])
        if size is None:
            return
        s = self.symbol(self.sym_name(parts[0]))
        align = self.abs_expr(parts[2]) if len(parts) > 2 else 0
        if not align:
            # GNU as: the largest power of two <= size, at most 8
            align = 1
            while align * 2 <= size and align < 8:
                align *= 2
        self._bss_alloc(s, size, align, lcomm=True)

    def _bss_alloc(self, s, size, align, lcomm=False):
        cur = (self.sec, self.subsec)
        prev = self.prev_section
        sec = self.bss_sec
        self.set_section(sec, 1)
        if align:
            if align & (align - 1):
                raise AsmError(f"alignment not a power of 2")
            self.align(align)
        s.frag = self.frag
        s.offset = len(self.data)
        s.section = sec
        s.defined = True
        s.size = size
        if s.type == C.STT_NOTYPE:
            s.type = C.STT_OBJECT
        if not self.nobits_hole(size):
            self.data += bytes(size)
        else:
            # a size, not bytes (memory independent of it): as GNU as, an `.org` to the
            # symbol plus its size, so an end past 2**63 - 1 is "attempt to move .org
            # backwards" at this line (relax._org_target wraps to 64-bit signed)
            f = self.frag
            f.kind = ORG
            f.var = (Value(size, s), 0)
            f.line = (self.file, self.line)
            self.new_frag()
        self.set_section(*cur)
        self.prev_section = prev

    def _common_size(self, text):
        """The size operand of `.comm`/`.lcomm` as GNU as takes it: a 64-bit value; negative
        (written so) is a warning and the directive is ignored (None)."""
        size = self.abs_expr(text)
        if not -(1 << 63) <= size < (1 << 64):
            raise AsmError("bad or irreducible absolute expression")
        if size < 0:
            self.warning(f"size ({size}) out of range, ignored")
            return None
        return size

    def d_weakref(self, args):
        parts = self.split_args(args)
        if len(parts) != 2:
            raise AsmError("expected comma after name in .weakref")
        alias = self.symbol(self.sym_name(parts[0]))
        tgt = self.symbol(self.sym_name(parts[1]))
        alias.weakref = tgt
        alias.expr = ("s", tgt, None)
        alias.is_set = True
        alias.defined = True
        if tgt.bind is None:
            tgt.bind = "weakrefd"

    def d_symver(self, args):
        parts = self.split_args(args)
        if len(parts) < 2:
            raise AsmError("expected comma after name in .symver")
        self.symvers.append((self.sym_name(parts[0]), parts[1].strip(),
                             parts[2].strip() if len(parts) > 2 else None))
