"""Parse the IR text form (as printed by printer.py) back into a Module.

Used by tests to write IR by hand. Errors raise :class:`IRParseError` (a ToolError) naming the
line.
"""
from __future__ import annotations

import re

from ...diag import ToolError
from . import types as T
from .core import (Arg, BINOPS, CASTS, CallInfo, Const, FCMP_PREDS, Function, GlobalVar,
                   ICMP_PREDS, Instr, Module, SymRef, Undef, UNOPS, ATOMIC_OPS)


from .floats import parse_exact
from .core import INTRINSICS


class IRParseError(ToolError):
    pass


_TOKEN = re.compile(r"""
    (?P<ws>\s+|;[^\n]*)
  | (?P<struct>(?:struct|vector|union)<\s*\d+\s*,\s*\d+\s*>\s*\{[^}]*\})
  | (?P<local>%[A-Za-z0-9_.$]+)
  | (?P<global>@[A-Za-z0-9_.$]+)
  | (?P<str>"(?:[^"\\]|\\[0-9a-fA-F]{2}|\\\\|\\")*")
  | (?P<num>-?(?:0x[KkQqNn][0-9a-fA-F]+|0x[0-9a-fA-F]+|\d+\.\d*(?:[eE][-+]?\d+)?|\d+[eE][-+]?\d+|\d+)(?![A-Za-z_]))
  | (?P<ell>\.\.\.)
  | (?P<word>-?[A-Za-z_.][A-Za-z0-9_.]*)
  | (?P<punct>[=,()\[\]:+{}])
""", re.VERBOSE)


def tokenize(line: str, lineno: int):
    pos = 0
    out = []
    while pos < len(line):
        m = _TOKEN.match(line, pos)
        if not m:
            raise IRParseError(f"line {lineno}: unexpected character {line[pos]!r}")
        pos = m.end()
        kind = m.lastgroup
        if kind == "ws":
            continue
        out.append((kind, m.group()))
    return out


def parse_type(text: str, lineno: int = 0) -> T.Type:
    t = T.SCALARS.get(text)
    if t is not None:
        return t
    m = re.fullmatch(r"(struct|vector|union)<\s*(\d+)\s*,\s*(\d+)\s*>\s*\{([^}]*)\}(\[\])?", text)
    if m:
        fields = []
        body = m.group(4).strip()
        if body:
            for f in body.split(","):
                ft, _, off = f.strip().partition("@")
                st = T.SCALARS.get(ft.strip())
                if st is None or not off.strip().isdigit():
                    raise IRParseError(f"line {lineno}: bad struct field {f!r}")
                fields.append((int(off), st))
        try:
            return T.struct(int(m.group(2)), int(m.group(3)), fields,
                            vector=m.group(1) == "vector", zero_array=bool(m.group(5)),
                            union=m.group(1) == "union")
        except ValueError as e:
            raise IRParseError(f"line {lineno}: {e}") from None
    raise IRParseError(f"line {lineno}: unknown type {text!r}")


def _unescape(s: str) -> bytes:
    body = s[1:-1]
    out = bytearray()
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            nxt = body[i + 1]
            if nxt in "\\\"":
                out.append(ord(nxt))
                i += 2
            else:
                out.append(int(body[i + 1:i + 3], 16))
                i += 3
        else:
            out += c.encode()
            i += 1
    return bytes(out)


class _Cursor:
    __slots__ = ("toks", "i", "lineno")

    def __init__(self, toks, lineno):
        self.toks = toks
        self.i = 0
        self.lineno = lineno

    def err(self, msg):
        raise IRParseError(f"line {self.lineno}: {msg}")

    def peek(self, k=0):
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else (None, None)

    def next(self):
        if self.i >= len(self.toks):
            self.err("unexpected end of line")
        t = self.toks[self.i]
        self.i += 1
        return t

    def expect(self, text):
        k, v = self.next()
        if v != text:
            self.err(f"expected {text!r}, found {v!r}")

    def accept(self, text) -> bool:
        if self.i < len(self.toks) and self.toks[self.i][1] == text:
            self.i += 1
            return True
        return False

    def word(self):
        k, v = self.next()
        if k != "word":
            self.err(f"expected a word, found {v!r}")
        return v

    def type(self) -> T.Type:
        k, v = self.next()
        if k not in ("word", "struct"):
            self.err(f"expected a type, found {v!r}")
        return parse_type(v, self.lineno)

    def int(self) -> int:
        k, v = self.next()
        if k != "num":
            self.err(f"expected a number, found {v!r}")
        return int(v, 0)

    def done(self):
        if self.i != len(self.toks):
            self.err(f"unexpected {self.toks[self.i][1]!r}")


class _FuncParser:
    def __init__(self, f: Function, lineno_base: int):
        self.f = f
        self.values = {p.name: p for p in f.params}
        self.forward = {}      # name -> placeholder Instr
        self.blocks = {}
        self.defined_blocks = set()

    def block(self, name):
        b = self.blocks.get(name)
        if b is None:
            from .core import Block
            b = Block(name)
            b.func = self.f
            self.blocks[name] = b
        return b

    def value(self, c: _Cursor, ty: T.Type):
        k, v = c.next()
        if k == "local":
            name = v[1:]
            val = self.values.get(name)
            if val is None:
                val = self.forward.get(name)
                if val is None:
                    val = Instr("placeholder", ty, name=name)
                    self.forward[name] = val
            return val
        if k == "global":
            return SymRef(v[1:])
        if k == "num":
            if ty.is_float and v[2:3] in ("K", "k", "Q", "q", "N", "n"):
                return Const(ty, parse_exact(v, ty))
            if ty.is_float:
                return Const(ty, float(int(v, 0)) if re.fullmatch(r"-?(0x[0-9a-fA-F]+|\d+)", v)
                             else float(v))
            if "." in v or (("e" in v or "E" in v) and not v.lower().startswith(("0x", "-0x"))):
                c.err(f"float literal {v} for type {ty}")
            return Const(ty, int(v, 0))
        if k == "word":
            if v == "undef":
                return Undef(ty)
            if v == "null":
                return Const(ty, 0)
            if v in ("inf", "-inf", "nan") and ty.is_float:
                return Const(ty, float(v))
            if v in ("true", "false") and ty.is_int:
                return Const(ty, 1 if v == "true" else 0)
        c.err(f"expected a value, found {v!r}")

    def define(self, c: _Cursor, name: str, ins: Instr):
        if name in self.values:
            c.err(f"%{name} defined twice")
        ins.name = name
        self.values[name] = ins
        ph = self.forward.pop(name, None)
        if ph is not None:
            ph.replace_all_uses(ins)

    def instr(self, c: _Cursor, cur) -> None:
        name = None
        if c.peek()[0] == "local" and c.peek(1)[1] == "=":
            name = c.next()[1][1:]
            c.next()
        op = c.word()
        ins = self.build(c, op)
        c.done()
        cur.append(ins)
        if name is not None:
            if ins.type.is_void:
                c.err(f"{op} has no result")
            self.define(c, name, ins)
        elif not ins.type.is_void:
            c.err(f"result of {op} must be named")

    def build(self, c: _Cursor, op: str) -> Instr:
        V = lambda t: self.value(c, t)   # noqa: E731
        if op in BINOPS:
            t = c.type()
            a = V(t)
            c.expect(",")
            return Instr(op, t, [a, V(t)])
        if op in UNOPS or op == "copy":
            t = c.type()
            return Instr(op, t, [V(t)])
        if op in CASTS:
            st = c.type()
            a = V(st)
            c.expect("to")
            return Instr(op, c.type(), [a])
        if op in ("icmp", "fcmp"):
            pred = c.word()
            if pred not in (ICMP_PREDS if op == "icmp" else FCMP_PREDS):
                c.err(f"bad {op} predicate {pred}")
            t = c.type()
            a = V(t)
            c.expect(",")
            return Instr(op, T.I1, [a, V(t)], pred=pred)
        if op == "select":
            t = c.type()
            cond = V(T.I1)
            c.expect(",")
            a = V(t)
            c.expect(",")
            return Instr(op, t, [cond, a, V(t)])
        if op == "load":
            vol = "volatile" if c.accept("volatile") else "atomic" if c.accept("atomic") else None
            t = c.type()
            c.expect(",")
            return Instr(op, t, [V(T.PTR)], extra=vol)
        if op == "store":
            vol = "volatile" if c.accept("volatile") else "atomic" if c.accept("atomic") else None
            t = c.type()
            v = V(t)
            c.expect(",")
            return Instr(op, T.VOID, [v, V(T.PTR)], extra=vol)
        if op == "asm":
            from .core import AsmInfo
            k1, tmpl = c.next()
            k2, cons = c.next()
            if k1 != "str" or k2 != "str":
                c.err("asm wants a template string and a constraint string")
            c.expect("(")
            args, outs = [], []
            if not c.accept(")"):
                while True:
                    if c.accept("out"):
                        outs.append(c.type())
                        args.append(V(T.PTR))
                    else:
                        t = c.type()
                        outs.append(None)
                        args.append(V(t))
                    if not c.accept(","):
                        break
                c.expect(")")
            return Instr(op, T.VOID, args, extra=AsmInfo(_unescape(tmpl).decode("utf-8", "replace"),
                                                         _unescape(cons).decode(), outs))
        if op == "atomicrmw":
            kind = c.word()
            if kind not in ATOMIC_OPS:
                c.err(f"bad atomicrmw operation {kind}")
            t = c.type()
            p = V(T.PTR)
            c.expect(",")
            return Instr(op, t, [p, V(t)], extra=kind)
        if op == "cmpxchg":
            t = c.type()
            p = V(T.PTR)
            c.expect(",")
            e = V(t)
            c.expect(",")
            return Instr(op, t, [p, e, V(t)])
        if op == "alloca":
            t = c.type()
            n = V(t)
            c.expect(",")
            c.expect("align")
            return Instr(op, T.PTR, [n], extra=c.int())
        if op == "ptradd":
            p = V(T.PTR)
            c.expect(",")
            t = c.type()
            return Instr(op, T.PTR, [p, V(t)])
        if op == "phi":
            t = c.type()
            ins = Instr(op, t)
            while True:
                c.expect("[")
                v = V(t)
                c.expect(",")
                b = self.block(c.word())
                c.expect("]")
                ins.add_incoming(v, b)
                if not c.accept(","):
                    break
            return ins
        if op == "call":
            rt = c.type()
            k, v = c.peek()
            callee = V(T.PTR)
            c.expect("(")
            args = [callee]
            byval = []
            exts = []
            sret = None
            nfixed = None
            if not c.accept(")"):
                while True:
                    ext = None
                    if c.peek()[1] in ("signext", "zeroext"):
                        ext = c.next()[1]
                    if c.accept("..."):
                        nfixed = len(args) - 1 - (1 if sret else 0)
                        if not c.accept(","):
                            break
                        continue
                    elif c.accept("sret"):
                        if len(args) != 1:
                            c.err("sret must be the first argument")
                        sret = c.type()
                        args.append(V(T.PTR))
                        byval.append(None)
                    elif c.accept("byval"):
                        bt = c.type()
                        args.append(V(T.PTR))
                        byval.append(bt)
                    else:
                        t = c.type()
                        args.append(V(t))
                        byval.append(None)
                        exts.append(ext)
                        if not c.accept(","):
                            break
                        continue
                    exts.append(None)
                    if not c.accept(","):
                        break
                c.expect(")")
            if sret is not None:
                byval = byval[1:]
            nargs = len(args) - 1 - (1 if sret is not None else 0)
            exts = [e for e in exts][-nargs:] if nargs else []
            return Instr(op, rt, args, extra=CallInfo(nfixed, byval if any(byval) else None, sret,
                                                      exts if any(exts) else None))
        if op in ("memcpy", "memset"):
            d = V(T.PTR)
            c.expect(",")
            if op == "memcpy":
                s = V(T.PTR)
            else:
                c.expect("i8")
                s = V(T.I8)
            c.expect(",")
            t = c.type()
            n = V(t)
            c.expect(",")
            c.expect("align")
            return Instr(op, T.VOID, [d, s, n], extra=c.int())
        if op in ("va_start", "va_end"):
            return Instr(op, T.VOID, [V(T.PTR)])
        if op == "va_copy":
            d = V(T.PTR)
            c.expect(",")
            return Instr(op, T.VOID, [d, V(T.PTR)])
        if op == "va_arg":
            t = c.type()
            c.expect(",")
            if t.is_struct:     # aggregate: the result points at (a copy of) the argument
                return Instr(op, T.PTR, [V(T.PTR)], extra=t)
            return Instr(op, t, [V(T.PTR)])
        if op == "blockaddr":
            return Instr(op, T.PTR, targets=[self.block(c.word())])
        if op == "fence":
            return Instr(op, T.VOID)
        if op in ("stacksave", "frameaddress", "returnaddress"):
            return Instr(op, T.PTR)
        if op == "stackrestore":
            return Instr(op, T.VOID, [V(T.PTR)])
        if op in INTRINSICS:
            args = [V(T.PTR)]
            for _ in range(INTRINSICS[op] - 1):
                c.expect(",")
                args.append(V(T.PTR))
            return Instr(op, T.VOID, args)
        if op == "br":
            cond = V(T.I1)
            c.expect(",")
            t = self.block(c.word())
            c.expect(",")
            return Instr(op, T.VOID, [cond], targets=[t, self.block(c.word())])
        if op == "jmp":
            return Instr(op, T.VOID, targets=[self.block(c.word())])
        if op == "ret":
            if c.peek()[0] is None:
                return Instr(op, T.VOID)
            t = c.type()
            if t.is_struct:
                return Instr(op, T.VOID, [V(T.PTR)], extra=t)
            return Instr(op, T.VOID, [V(t)])
        if op == "switch":
            t = c.type()
            v = V(t)
            c.expect(",")
            targets = [self.block(c.word())]
            cases = []
            c.expect("[")
            if not c.accept("]"):
                while True:
                    cases.append(Const(t, c.int()).value)
                    c.expect(":")
                    targets.append(self.block(c.word()))
                    if not c.accept(","):
                        break
                c.expect("]")
            return Instr(op, T.VOID, [v], targets=targets, extra=cases)
        if op == "unreachable":
            return Instr(op, T.VOID)
        if op == "indirectbr":
            a = V(T.PTR)
            c.expect(",")
            c.expect("[")
            targets = []
            while not c.accept("]"):
                targets.append(self.block(c.word()))
                c.accept(",")
            return Instr(op, T.VOID, [a], targets=targets)
        c.err(f"unknown instruction {op!r}")


def _parse_global(c: _Cursor, m: Module) -> None:
    name = c.next()[1][1:]
    c.expect("=")
    flags = set()
    while True:
        w = c.word()
        if w == "global":
            break
        if w not in ("internal", "readonly", "tls", "common", "weak", "hidden"):
            c.err(f"unknown global flag {w}")
        flags.add(w)
    size = c.int()
    c.expect(",")
    c.expect("align")
    align = c.int()
    section = None
    if c.accept("section"):
        k, v = c.next()
        if k != "str":
            c.err("expected a section name string")
        section = _unescape(v).decode()
    init = None
    if c.accept("["):
        init = []
        while not c.accept("]"):
            k, v = c.next()
            if v == "zero":
                init.append(("zero", c.int()))
            elif v == "bytes":
                k2, s = c.next()
                if k2 != "str":
                    c.err("expected a string")
                init.append(("bytes", _unescape(s)))
            elif v == "ptr":
                k2, s = c.next()
                if k2 == "global":
                    add = 0
                    if c.accept("+"):
                        add = c.int()
                    init.append(("sym", s[1:], add))
                elif k2 == "num":
                    init.append(("int", T.PTR, int(s, 0)))
                elif s == "null":
                    init.append(("int", T.PTR, 0))
                else:
                    c.err("bad pointer initializer")
            else:
                t = parse_type(v, c.lineno)
                k2, s = c.next()
                if t.is_float and s[2:3] in ("K", "k", "Q", "q"):
                    init.append(("float", t, parse_exact(s, t)))
                elif t.is_float:
                    init.append(("float", t, float(s)))
                else:
                    init.append(("int", t, Const(t, int(s, 0)).value))
            c.accept(",")
    c.done()
    g = GlobalVar(name, size, align, init, internal="internal" in flags,
                  readonly="readonly" in flags, tls="tls" in flags)
    g.common = "common" in flags
    g.weak = "weak" in flags
    g.hidden = "hidden" in flags
    g.section = section
    m.globals.append(g)


def parse_module(text: str) -> Module:
    m = Module()
    lines = text.split("\n")
    i = 0
    fp = None
    cur = None
    while i < len(lines):
        lineno = i + 1
        toks = tokenize(lines[i], lineno)
        i += 1
        if not toks:
            continue
        c = _Cursor(toks, lineno)
        if fp is None:
            k, v = toks[0]
            if v == "extern":
                c.next()
                name = c.next()[1][1:]
                kind = c.word() if c.peek()[0] else "func"
                m.externs[name] = kind
                continue
            if k == "global":
                _parse_global(c, m)
                continue
            if v != "define":
                c.err(f"expected 'define', a global or 'extern', found {v!r}")
            c.next()
            fl = set()
            while c.peek()[1] in ("internal", "weak", "hidden"):
                fl.add(c.next()[1])
            internal = "internal" in fl
            rt = c.type()
            k, fname = c.next()
            if k != "global":
                c.err("expected @name")
            c.expect("(")
            params = []
            varargs = False
            if not c.accept(")"):
                while True:
                    if c.accept("..."):
                        varargs = True
                    else:
                        byval = None
                        if c.accept("byval"):
                            byval = c.type()
                            pt = T.PTR
                        else:
                            pt = c.type()
                        k, pn = c.next()
                        if k != "local":
                            c.err("expected %name")
                        params.append(Arg(pt, pn[1:], len(params), byval))
                    if not c.accept(","):
                        break
                c.expect(")")
            section = None
            if c.accept("section"):
                k, v = c.next()
                if k != "str":
                    c.err("expected a section name string")
                section = _unescape(v).decode()
            c.expect("{")
            c.done()
            f = Function(fname[1:], rt, params, internal=internal, varargs=varargs)
            f.weak = "weak" in fl
            f.hidden = "hidden" in fl
            f.section = section
            fp = _FuncParser(f, lineno)
            cur = None
            continue
        if toks[0][1] == "}":
            if fp.forward:
                raise IRParseError(f"line {lineno}: undefined values: "
                                   + ", ".join("%" + n for n in sorted(fp.forward)))
            missing = set(fp.blocks) - fp.defined_blocks
            if missing:
                raise IRParseError(f"line {lineno}: undefined blocks: {', '.join(sorted(missing))}")
            m.functions.append(fp.f)
            fp = None
            continue
        if len(toks) == 2 and toks[1][1] == ":" and toks[0][0] == "word":
            bname = toks[0][1]
            if bname in fp.defined_blocks:
                c.err(f"block {bname} defined twice")
            cur = fp.block(bname)
            fp.defined_blocks.add(bname)
            fp.f.blocks.append(cur)
            continue
        if cur is None:
            c.err("instruction outside a block")
        fp.instr(c, cur)
    if fp is not None:
        raise IRParseError(f"line {len(lines)}: missing '}}' at end of @{fp.f.name}")
    # keep fresh names from clashing with parsed ones
    for f in m.functions:
        f._counter = sum(1 for _ in f.instructions()) + len(f.blocks) + 1000
    return m
