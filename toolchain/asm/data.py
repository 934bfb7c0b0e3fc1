"""Emission: the API directives and targets append bytes and fixups through, alignment,
and the data directives (integers, strings, floats, LEB128, space/fill, ``.incbin``,
``.org``, ``.nops``, ``.reloc``)."""
from __future__ import annotations

import os
import re
import stat
import struct

from ..elf import constants as C
from .expr import parse_string, Value
from .model import ABS, ALIGN, AsmError, FIXED, Fixup, Frag, LEB, leb128, ORG, RELAX, SPACE


_FLOAT_RE = re.compile(r"\s*(?:0[fFdDeErR])?([-+]?(?:[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?|inf|nan))\s*$",
                       re.I)


# zero fill of at least this many bytes in a NOBITS section is a size, not bytes (smaller
# fill stays bytes of a fixed fragment, so label differences across it fold while parsing)
_HOLE_MIN = 4096

# smaller NOBITS fill kept as bytes, over the whole assembly: past it every NOBITS fill is a
# size (memory per input line stays bounded: many `.zero 4095` lines in .bss)
_NOBITS_STORED_MAX = 16 << 20

# pyas builds an object in memory: the most bytes an object's file may have (section
# contents and the padding of their file offsets); fill that would go past it is a located
# error before anything is allocated (GNU as has no limit: it writes what it is asked)
OBJECT_LIMIT = 1 << 30


_MASK64 = (1 << 64) - 1


def count64(n: int) -> int:
    """A repeat count as GNU as reads it: a 64-bit value, signed (0xffffffffffffffff is -1);
    wider is its error."""
    if not -(1 << 63) <= n <= _MASK64:
        raise AsmError("bignum invalid")
    return n - (1 << 64) if n >> 63 else n


def _zero_undefined(node):
    """An expression tree with its symbols not defined (nor equated) yet replaced by 0; the
    same tree if it has none."""
    k = node[0]
    if k == "s":
        s = node[1]
        return ("n", 0) if not s.defined and s.expr is None and node[2] is None else node
    if k == "u":
        a = _zero_undefined(node[2])
        return node if a is node[2] else ("u", node[1], a)
    if k == "b":
        a, b = _zero_undefined(node[2]), _zero_undefined(node[3])
        return node if a is node[2] and b is node[3] else ("b", node[1], a, b)
    return node


def put_fill(data: bytearray, n: int, fill: int) -> None:
    """Append ``n`` bytes ``fill`` to ``data`` without a temporary copy of the fill: zeros
    come from calloc'ed memory, another byte is written over them a MiB at a time (a big
    `.space` costs its size once, not twice)."""
    start = len(data)
    data += bytes(n)
    if fill:
        step = 1 << 20
        chunk = bytes([fill]) * min(n, step)
        end = start + n
        for i in range(start, end, step):
            data[i:i + step] = chunk if i + step <= end else chunk[:end - i]


def too_big(name: str, limit: int) -> str:
    size = f"{limit >> 30} GiB" if not limit & ((1 << 30) - 1) else f"{limit >> 20} MiB" \
        if not limit & ((1 << 20) - 1) else f"{limit} bytes"
    return f"section `{name}' would make the object larger than pyas's limit of {size}"


class DataMixin:
    """Appending bytes, fixups and variable fragments; the data directives."""

    # ------------------------------------------------------------------------------------------
    # emission API for directives and targets
    def emit(self, b) -> None:
        self.data += b

    def emit_insn(self, b, fixups=None) -> None:
        """Append an instruction's bytes; ``fixups`` is a list of (offset within ``b``, size,
        Value, pcrel, kind[, extra])."""
        if self.sec.type == C.SHT_NOBITS and any(b):
            raise AsmError(f"attempt to store non-zero value in section `{self.sec.name}'")
        if self.dwarf.pending is not None:
            self.dwarf.emit_row()
        base = len(self.data)
        self.data += b
        if fixups:
            frag = self.frag
            loc = (self.file, self.line)
            for fx in fixups:
                frag.fixups.append(Fixup(frag, base + fx[0], fx[1], fx[2], fx[3], fx[4], loc,
                                         fx[5] if len(fx) > 5 else None))

    def emit_relax(self, fixed: bytes, fixups, state, kind=RELAX) -> Frag:
        """Append fixed bytes then a relaxable tail described by ``state`` (the target's);
        the target's relax_size/relax_finish decide its bytes. Returns the fragment."""
        self.emit_insn(fixed, fixups)
        f = self.frag
        f.kind = kind
        f.var = state
        f.line = (self.file, self.line)
        self.new_frag()
        return f

    def add_fixup(self, frag, off, size, value, pcrel=False, kind=None, extra=None) -> Fixup:
        fx = Fixup(frag, off, size, value, pcrel, kind, (self.file, self.line), extra)
        frag.fixups.append(fx)
        return fx

    def emit_value(self, size: int, node, kind=None) -> None:
        """Emit a data value of ``size`` bytes from an expression tree (for .byte etc.)."""
        # a data value is a fixup: a difference with an IFUNC symbol stays for the linker
        # (GNU as; `.size f, .-f` of an IFUNC still folds)
        self.keep_ifunc_diff = True
        try:
            v = self.eval_expr(node)
            if not v.is_const:
                v = self._try_fold(v, False)
        finally:
            self.keep_ifunc_diff = False
        if v.is_const and v.mod is None:
            c = v.const
            if size < 8:
                lim = 1 << (size * 8)
                if not (-lim // 2 <= c < lim):
                    self.warning(f"value 0x{c & ((1 << 64) - 1):x} truncated to "
                                 f"0x{c & (lim - 1):x}")
            c &= (1 << (size * 8)) - 1
            if c and self.sec.type == C.SHT_NOBITS:
                raise AsmError(f"attempt to store non-zero value in section `{self.sec.name}'")
            self.data += c.to_bytes(size, "little")
            return
        if self.sec.type == C.SHT_NOBITS:
            raise AsmError(f"attempt to store non-zero value in section `{self.sec.name}'")
        frag = self.frag
        off = len(self.data)
        self.data += bytes(size)
        frag.fixups.append(Fixup(frag, off, size, v, False,
                                 kind if kind is not None else self.target.data_fixup_kind(size, v),
                                 (self.file, self.line)))

    def align(self, align: int, fill=None, maxskip: int = 0, fill_size: int = 1) -> None:
        if fill and self.sec.type == C.SHT_NOBITS:
            self.warning(f"ignoring fill value in section `{self.sec.name}'")
            fill = None
        if align <= 1:
            return
        if align > self.object_limit >> 1 and align > self.sec.align:
            # where a section got an alignment that may make the object too big (the error
            # is the layout's: relax.check_size)
            self.__dict__.setdefault("align_line", {})[self.sec] = (self.file, self.line)
        self.record_alignment(align)
        f = self.frag
        if f.kind == FIXED and not f.data and f.addr == 0 and False:
            pass
        f.kind = ALIGN
        f.var = (align, fill, maxskip, fill_size)
        f.line = (self.file, self.line)
        self.new_frag()

    # -- data --
    def _data(self, args, size):
        if not args:
            return
        emit = self.emit_value
        if "," not in args and '"' not in args:
            a = args.strip()
            if a.isdigit():
                v = int(a)
                if v < (1 << (size * 8)) and (not v or self.sec.type != C.SHT_NOBITS):
                    self.data += v.to_bytes(size, "little")
                    return
            emit(size, self._data_expr(size, a))
            return
        for a in self.split_args(args):
            if not a:
                self.warning("zero assumed for missing expression")
                a = "0"
            if a[0] == '"' and size == 1:
                b, _ = parse_string(a, 0)
                if any(b) and self.sec.type == C.SHT_NOBITS:
                    raise AsmError(f"attempt to store non-zero value in section "
                                   f"`{self.sec.name}'")
                self.data += b
                continue
            emit(size, self._data_expr(size, a))

    def _data_expr(self, size: int, text: str):
        """A data value's expression tree; one with ``@`` goes to the target first (its
        relocation operators' syntax in data)."""
        if "@" in text:
            node = self.target.data_operand(self, size, text)
            if node is not None:
                return node
        return self.expr(text)

    def d_byte(self, args):
        self._data(args, 1)

    def d_value(self, args):
        self._data(args, 2)

    def d_word(self, args):
        self._data(args, 2)

    def d_long(self, args):
        self._data(args, 4)

    def d_quad(self, args):
        self._data(args, 8)

    def d_octa(self, args):
        for a in self.split_args(args):
            v = self.abs_expr(a)
            self.data += (v & ((1 << 128) - 1)).to_bytes(16, "little")

    def _strings(self, args, zero):
        for a in self.split_args(args):
            if not a:
                continue
            if a[0] != '"':
                raise AsmError("expected string")
            b, end = parse_string(a, 0)
            while end < len(a):
                # adjacent strings: "a" "b"
                rest = a[end:].lstrip()
                if not rest:
                    break
                if rest[0] != '"':
                    raise AsmError(f"junk at end of line, first unrecognized character is "
                                   f"`{rest[0]}'")
                b2, e2 = parse_string(rest, 0)
                b += b2
                a = rest
                end = e2
            if self.sec.type == C.SHT_NOBITS and any(b):
                raise AsmError(f"attempt to store non-zero value in section `{self.sec.name}'")
            self.data += b
            if zero:
                self.data.append(0)

    def d_ascii(self, args):
        self._strings(args, False)

    def d_asciz(self, args):
        self._strings(args, True)

    def _floats(self, args, fmt):
        for a in self.split_args(args):
            m = _FLOAT_RE.match(a)
            if not m:
                try:
                    v = float(self.abs_expr(a))
                except AsmError:
                    raise AsmError(f"bad floating literal: {a}") from None
            else:
                v = float(m.group(1))
            self.data += struct.pack(fmt, v)

    def d_float(self, args):
        self._floats(args, "<f")

    def d_double(self, args):
        self._floats(args, "<d")

    def d_uleb128(self, args):
        self._leb(args, False)

    def d_sleb128(self, args):
        self._leb(args, True)

    def _leb(self, args, signed):
        for a in self.split_args(args):
            v = self.eval_expr(self.expr(a))
            if not v.is_const:
                v = self._try_fold(v, False)
            if v.is_const:
                self.data += leb128(v.const, signed)
            else:
                f = self.frag
                f.kind = LEB
                f.var = (v, signed)
                f.line = (self.file, self.line)
                self.new_frag()

    def d_zero(self, args):
        n = count64(self.abs_expr(args))
        if n <= 0:
            # GNU as: `.zero N` is `.skip N, 0`, and a count of zero or below is ignored
            self.warning(".space repeat count is zero, ignored")
            return
        if self.sec.type == C.SHT_NOBITS and self.nobits_hole(n):
            self._nobits_hole(n)
            return
        self.fill_room(n)
        self.data += bytes(n)          # (calloc'ed: no second copy of its pages)

    # bytes of fill stored so far (PROGBITS, and NOBITS below _HOLE_MIN)
    fill_bytes = 0
    nobits_stored = 0
    # the object size limit of this assembly (an embedder, e.g. a fuzzer, may lower it)
    object_limit = OBJECT_LIMIT

    def fill_room(self, n: int) -> None:
        """Account for ``n`` bytes of fill about to be stored in the current (PROGBITS)
        section: a located error when the assembly's stored fill would pass its limit."""
        t = self.fill_bytes + n
        if t > self.object_limit:
            raise AsmError(too_big(self.sec.name, self.object_limit))
        self.fill_bytes = t

    def nobits_hole(self, n: int) -> bool:
        """Whether ``n`` zero bytes of a NOBITS section are a size (a hole) rather than bytes:
        from _HOLE_MIN on, or once the small fill stored in NOBITS sections is large."""
        if n >= _HOLE_MIN or self.nobits_stored + n > _NOBITS_STORED_MAX:
            return True
        self.nobits_stored += n
        return False

    def _nobits_hole(self, n: int) -> None:
        """``n`` zero bytes in a NOBITS section counted, not stored: a SPACE fragment of a
        constant count, whose finish keeps the count as its size (no bytes)."""
        f = self.frag
        f.kind = SPACE
        f.var = (Value(n), 0)
        f.varsize = n
        f.line = (self.file, self.line)
        self.new_frag()

    def d_space(self, args):
        parts = self.split_args(args)
        if not parts or not parts[0]:
            raise AsmError("missing expression")
        fill = self.abs_expr(parts[1]) & 0xFF if len(parts) > 1 else 0
        v = self.eval_expr(self.expr(parts[0]))
        if not v.is_const:
            v = self._try_fold(v, False)
        if v.is_const:
            n = count64(v.const)
            if n <= 0:
                self.warning(".space repeat count is zero, ignored")
                return
            if self.sec.type == C.SHT_NOBITS and fill:
                # GNU as: zeros, with a warning
                self.warning(f"ignoring fill value in section `{self.sec.name}'")
                fill = 0
            if self.sec.type == C.SHT_NOBITS and self.nobits_hole(n):
                self._nobits_hole(n)
                return
            self.fill_room(n)
            put_fill(self.data, n, fill)
            return
        f = self.frag
        f.kind = SPACE
        f.var = (v, fill)
        f.line = (self.file, self.line)
        self.new_frag()

    def d_fill(self, args):
        parts = self.split_args(args)
        rep = self.eval_expr(self.expr(parts[0])) if parts and parts[0] else Value(0)
        if not rep.is_const:
            rep = self._try_fold(rep, False)
        size = self.abs_expr(parts[1]) if len(parts) > 1 else 1
        val = self.abs_expr(parts[2]) if len(parts) > 2 else 0
        if size > 8:
            self.warning(".fill size clamped to 8")
            size = 8
        if size < 0:
            self.warning("size negative; .fill ignored")
            return
        if size == 0:
            return
        # the value's low bytes (at most 4; a larger size pads with zeros)
        unit = (val & ((1 << (8 * min(size, 4))) - 1)).to_bytes(min(size, 4), "little") + \
            bytes(max(size - 4, 0))
        if not rep.is_const:
            # a count known only after layout (a later label): a variable fragment, as
            # `.space` (relaxation that cannot settle is GNU as's fatal error)
            if rep.mod is not None or rep.add is not None and rep.add.defined and \
                    rep.sub is None:
                raise AsmError("bad or irreducible absolute expression")
            f = self.frag
            f.kind = SPACE
            f.var = (rep, unit[0], unit) if size > 1 else (rep, unit[0])
            f.line = (self.file, self.line)
            self.new_frag()
            return
        rep = count64(rep.const)
        if rep < 0:
            self.warning("repeat < 0; .fill ignored")
            return
        if self.sec.type == C.SHT_NOBITS and any(unit):
            raise AsmError(f"attempt to fill section `{self.sec.name}' with non-zero value")
        if self.sec.type == C.SHT_NOBITS:
            n = rep * size & _MASK64               # (GNU as: 64-bit, wrapping)
            if self.nobits_hole(n):
                self._nobits_hole(n)
            else:
                self.data += bytes(n)
            return
        self.fill_room(rep * size)
        if rep * size <= 1 << 20:
            self.data += unit * rep
        elif unit.count(unit[0]) == size:          # one byte repeated (.fill n, 1, v)
            put_fill(self.data, rep * size, unit[0])
        else:                                      # zeros, the pattern written over them
            start = len(self.data)
            put_fill(self.data, rep * size, 0)
            chunk = unit * ((1 << 20) // size)
            end = start + rep * size
            for i in range(start, end, len(chunk)):
                self.data[i:i + len(chunk)] = chunk if i + len(chunk) <= end else chunk[:end - i]

    def d_incbin(self, args):
        parts = self.split_args(args)
        if not parts or not parts[0].startswith('"'):
            raise AsmError("missing file name")
        name = parse_string(parts[0], 0)[0].decode("utf-8", "surrogateescape")
        skip = self.abs_expr(parts[1]) if len(parts) > 1 else 0
        count = self.abs_expr(parts[2]) if len(parts) > 2 else None
        path = self._find_include(name)
        if path is None:
            raise AsmError(f"file not found: {name}")
        try:
            with open(path, "rb") as f:
                st = os.fstat(f.fileno())
                if not stat.S_ISREG(st.st_mode):
                    raise IsADirectoryError
                size = st.st_size
                if count is None:
                    count = size - skip
                if skip < 0 or count < 0 or skip + count > size:
                    raise AsmError(f"skip ({skip}) or count ({count}) invalid for file size "
                                   f"({size})")
                self.fill_room(count)       # checked before anything is read
                f.seek(skip)
                data = f.read(count)
        except OSError:
            # a directory, a device, a pipe (GNU as: the same message)
            raise AsmError(f"unable to include `{path}'") from None
        self.data += data

    def d_reloc(self, args):
        parts = self.split_args(args)
        if len(parts) < 2:
            raise AsmError("expected comma after offset in .reloc")
        off = self.eval_expr(self.expr(parts[0]))
        rname = parts[1].strip()
        val = self.eval_expr(self.expr(parts[2])) if len(parts) > 2 else Value(0)
        self.relocs_extra.append((self.sec, off, rname, val, (self.file, self.line)))

    # -- alignment --
    def _align_args(self, args, p2, fill_size=1):
        self.align(*self.parse_align(args, p2), fill_size)

    def parse_align(self, args, p2):
        """(alignment, fill or None, max skip) of an alignment directive, as GNU as reads
        them (a target with its own code alignment, e.g. RISC-V's, reads them here too)."""
        parts = self.split_args(args)
        if not parts or not parts[0]:
            a = 0
        else:
            a = self.abs_expr(parts[0])
        if p2:
            if not 0 <= a <= 63:
                # GNU as (a 64-bit address); an object it would make too big is the
                # layout's error (relax._check_size)
                self.warning("alignment too large: 63 assumed")
                a = 63
            align = 1 << a
        else:
            align = a if a else 1
            if align & (align - 1):
                raise AsmError("alignment not a power of 2")
        fill = None
        if len(parts) > 1 and parts[1]:
            fill = self.abs_expr(parts[1])
        maxskip = 0
        if len(parts) > 2 and parts[2]:
            maxskip = self.abs_expr(parts[2])
        return align, fill, maxskip

    def d_p2align(self, args):
        self._align_args(args, True)

    def d_p2alignw(self, args):
        self._align_args(args, True, 2)

    def d_p2alignl(self, args):
        self._align_args(args, True, 4)

    def d_balign(self, args):
        self._align_args(args, False)

    def d_balignw(self, args):
        self._align_args(args, False, 2)

    def d_balignl(self, args):
        self._align_args(args, False, 4)

    def d_align(self, args):
        # ELF targets: byte alignment
        self._align_args(args, False)

    def d_org(self, args):
        parts = self.split_args(args)
        e = self.expr(parts[0])
        try:
            v = self.eval_expr(e)
        except AsmError:
            z = _zero_undefined(e)
            if z is e:
                raise
            # GNU as: an expression it cannot take with symbols not yet defined is taken
            # with those as zero
            v = self.eval_expr(z)
            self.warning("some symbol undefined; zero assumed")
        fill = self.abs_expr(parts[1]) & 0xFF if len(parts) > 1 else 0
        if v.add is not None and not v.add.defined and v.add.expr is None:
            # GNU as: a symbol defined later is zero now (a warning) and what is added to or
            # subtracted from it is dropped; the symbol's final value decides the `.org`
            # (relaxation: one that cannot settle is a fatal error, one below the start
            # "backwards")
            self.warning(f'symbol "{v.add.name}" undefined; zero assumed')
            v = Value(0, v.add)
        elif v.add is not None and v.add.section is not self.sec and v.add.section is not ABS:
            raise AsmError("attempt to move .org backwards" if False else
                           "can't change section with .org")
        f = self.frag
        f.kind = ORG
        f.var = (v, fill)
        f.line = (self.file, self.line)
        self.new_frag()

    def d_nops(self, args):
        parts = self.split_args(args)
        n = self.abs_expr(parts[0])
        if n < 0:
            self.warning(".space, .nops or .fill with negative value, ignored")
            return
        self.fill_room(n)
        self.data += self.target.nop_fill(n, 0, nops_directive=True) \
            if "nops_directive" in self.target.nop_fill.__code__.co_varnames else \
            self.target.nop_fill(n)
