"""Deterministic generator of ABI compatibility tests (pycc objects calling gcc objects and back).

    from tests.compat.gen import generate
    files = generate(seed)       # {"t.h": ..., "main.c": ..., "x.c": ..., "y.c": ...}

One case is a header of random types and prototypes and three files: ``y.c`` defines the
functions ``f<k>`` that ``x.c`` calls, ``x.c`` defines the functions ``g<k>`` that ``y.c``
calls, so built with two compilers each side both calls and is called. Every callee checks each
argument against the value the caller built from the same seed, field by field (bit-fields,
arrays, nested records, long double by value, complex parts), and returns a value the caller
checks the same way. Types: char/short/int/long/long long (both signs), _Bool, pointers,
float/double/long double, __int128, _Complex float/double/long double, and structs and unions
of 0 to ~70 bytes: float-only, integer-only and mixed, with bit-fields, arrays, nested records
and empty structs; some functions are variadic (va_arg of every promoted type and of records).
``python -m tests.compat.gen SEED`` prints a case.
"""
from __future__ import annotations

import random
import sys

# (C spelling, kind, size) kind: i (integer), u (unsigned), f (floating), p (pointer), c (complex)
SCALARS = [
    ("char", "i", 1), ("signed char", "i", 1), ("unsigned char", "u", 1), ("_Bool", "b", 1),
    ("short", "i", 2), ("unsigned short", "u", 2), ("int", "i", 4), ("unsigned", "u", 4),
    ("long", "i", 8), ("unsigned long", "u", 8), ("long long", "i", 8),
    ("unsigned long long", "u", 8), ("int *", "p", 8), ("float", "f", 4), ("double", "f", 8),
    ("long double", "f", 16), ("__int128", "i", 16), ("unsigned __int128", "u", 16),
    ("_Complex float", "c", 8), ("_Complex double", "c", 16), ("_Complex long double", "c", 32),
]
FIELD_SCALARS = [s for s in SCALARS if s[0] != "_Bool"] + [("_Bool", "b", 1)]
FLOATS = [s for s in SCALARS if s[1] == "f" and s[0] != "long double"]
# after the default argument promotions (what a variadic callee may read with va_arg)
PROMOTED = [s for s in SCALARS if s[0] not in ("char", "signed char", "unsigned char", "_Bool",
                                               "short", "unsigned short", "float",
                                               "_Complex float")]


class Rec:
    """A generated struct or union: fields are (name, type, bits, array_len)."""

    def __init__(self, name, union, fields):
        self.name = name
        self.union = union
        self.fields = fields

    @property
    def c(self):
        return f"{'union' if self.union else 'struct'} {self.name}"


class Gen:
    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.seed = seed
        self.recs: list[Rec] = []

    # -- types ------------------------------------------------------------------------------
    def record(self, depth=0) -> Rec:
        r = self.r
        style = r.choice(["float", "int", "mixed", "mixed", "bits", "array", "small", "empty",
                          "big"])
        union = style in ("mixed", "int", "float") and r.random() < 0.2
        fields = []
        if style == "empty":
            pass
        elif style == "float":
            for _ in range(r.randint(1, 5)):
                fields.append((r.choice(FLOATS), 0, 0))
        elif style == "int":
            for _ in range(r.randint(1, 5)):
                fields.append((r.choice([s for s in FIELD_SCALARS if s[1] in "iub"]), 0, 0))
        elif style == "small":
            for _ in range(r.randint(1, 3)):
                fields.append((r.choice([s for s in FIELD_SCALARS if s[2] <= 2]), 0, 0))
        elif style == "bits":
            for _ in range(r.randint(1, 6)):
                if r.random() < 0.7:
                    base = r.choice([("int", "i", 4), ("unsigned", "u", 4), ("unsigned char", "u", 1),
                                     ("unsigned short", "u", 2), ("long", "i", 8),
                                     ("unsigned long long", "u", 8)])
                    fields.append((base, r.randint(1, min(base[2] * 8, 33 if base[2] == 8 else 64)), 0))
                else:
                    fields.append((r.choice(FIELD_SCALARS[:12]), 0, 0))
        elif style == "array":
            for _ in range(r.randint(1, 3)):
                t = r.choice([s for s in FIELD_SCALARS if s[1] != "b"])
                fields.append((t, 0, r.randint(1, 4) if t[2] <= 8 else r.randint(1, 2)))
        else:       # mixed / big
            n = r.randint(2, 6) if style == "mixed" else r.randint(5, 9)
            for _ in range(n):
                if depth < 1 and r.random() < 0.15:
                    fields.append((self.record(depth + 1), 0, 0))
                else:
                    fields.append((r.choice(FIELD_SCALARS), 0, 0))
        rec = Rec(f"S{len(self.recs)}", union, [(f"m{i}", t, b, a) for i, (t, b, a) in enumerate(fields)])
        self.recs.append(rec)
        return rec

    def type(self, variadic=False):
        r = self.r
        if r.random() < 0.4:
            return self.record() if not self.recs or r.random() < 0.6 else r.choice(self.recs)
        return r.choice(PROMOTED if variadic else SCALARS)

    # -- values -----------------------------------------------------------------------------
    @staticmethod
    def spell(t):
        return t.c if isinstance(t, Rec) else t[0]

    def set_stmts(self, t, lv, seed_expr, out, ind="  "):
        """Statements storing the deterministic value for ``seed_expr`` into lvalue ``lv``."""
        if isinstance(t, Rec):
            fields = t.fields[:1] if t.union else t.fields
            for k, (fname, ft, bits, alen) in enumerate(fields):
                sub = f"({seed_expr})*3+{k + 1}"
                if alen:
                    for j in range(alen):
                        self.set_stmts(ft, f"{lv}.{fname}[{j}]", f"{sub}+{j * 5}", out, ind)
                elif bits:
                    out.append(f"{ind}{lv}.{fname} = {self.bits_value(ft, bits, sub)};")
                else:
                    self.set_stmts(ft, f"{lv}.{fname}", sub, out, ind)
            return
        name, kind, size = t
        if kind == "c":
            part = name.replace("_Complex ", "")
            out.append(f"{ind}__real__ {lv} = ({part})(({seed_expr}) % 1000) + 0.5;")
            out.append(f"{ind}__imag__ {lv} = -({part})(({seed_expr}) % 777) - 0.25;")
        else:
            out.append(f"{ind}{lv} = {self.scalar_value(t, seed_expr)};")

    @staticmethod
    def bits_value(t, bits, seed_expr):
        if t[1] == "u":
            return f"(({t[0]})({seed_expr}) * 2654435761u) & {hex((1 << bits) - 1)}ull"
        lo = -(1 << (bits - 1))
        return f"(long long)((({seed_expr}) * 40503u) % {1 << bits}) + ({lo})"

    @staticmethod
    def scalar_value(t, s):
        name, kind, size = t
        if kind == "p":
            return f"&gbuf[({s}) % 16]"
        if kind == "b":
            return f"(({s}) & 1)"
        if kind == "f":
            return f"({name})(({s}) % 5000) * 0.5 - 7.0"
        if size == 16:
            return f"(({name})(({s}) * 2654435761u) << 64) ^ ({name})(({s}) * 0x9e3779b97f4a7c15ull)"
        if size == 8:
            return f"({name})(({s}) * 0x9e3779b97f4a7c15ull)"
        return f"({name})(({s}) * 2654435761u)"

    def check_expr(self, t, a, b, out):
        """Conditions (in ``out``) that are true when ``a`` and ``b`` differ."""
        if isinstance(t, Rec):
            fields = t.fields[:1] if t.union else t.fields
            for fname, ft, bits, alen in fields:
                if alen:
                    for j in range(alen):
                        self.check_expr(ft, f"{a}.{fname}[{j}]", f"{b}.{fname}[{j}]", out)
                else:
                    self.check_expr(ft, f"{a}.{fname}", f"{b}.{fname}", out)
            return
        if t[1] == "c":
            out.append(f"__real__ {a} != __real__ {b} || __imag__ {a} != __imag__ {b}")
        else:
            out.append(f"{a} != {b}")

    # -- the case -----------------------------------------------------------------------------
    def build(self, nfuncs=8):
        r = self.r
        funcs = []     # (name, ret, params, variadic, side) side: 'y' defines f*, 'x' defines g*
        for k in range(nfuncs):
            variadic = r.random() < 0.2
            nparams = r.randint(0, 8) if not variadic else r.randint(0, 6)
            params = [self.type() for _ in range(nparams)]
            vparams = [self.type(variadic=True) for _ in range(r.randint(1, 5))] if variadic else []
            ret = r.choice([None] + [self.type()] * 6)
            side = "y" if k % 2 == 0 else "x"
            funcs.append((f"{'f' if side == 'y' else 'g'}{k}", ret, params, vparams, side))
        hdr = ["#include <stdarg.h>", "#include <stdio.h>", "extern int gbuf[16];",
               "extern int failures;", "#define FAIL(f, what) (failures++, "
               "printf(\"FAIL %s %s\\n\", f, what))"]
        for rec in self.recs:
            body = []
            for fname, ft, bits, alen in rec.fields:
                s = self.spell(ft)
                body.append(f"  {s} {fname}" + (f" : {bits}" if bits else "")
                            + (f"[{alen}]" if alen else "") + ";")
            hdr.append(f"{rec.c} {{\n" + "\n".join(body) + ("\n" if body else "") + "};")
        for name, ret, params, vparams, side in funcs:
            hdr.append(self.proto(name, ret, params, vparams) + ";")
        hdr.append("void run_x(void);\nvoid run_y(void);")
        x = ['#include "t.h"']
        y = ['#include "t.h"']
        for k, (name, ret, params, vparams, side) in enumerate(funcs):
            callee, caller = (y, x) if side == "y" else (x, y)
            callee.append(self.callee(k, name, ret, params, vparams))
        for file, side in ((x, "x"), (y, "y")):
            file.append(f"void run_{side}(void)\n{{")
            for k, (name, ret, params, vparams, fside) in enumerate(funcs):
                if fside != side:
                    file.append(self.call(k, name, ret, params, vparams))
            file.append("}")
        # initialised definitions: a tentative definition after the header's extern declaration
        # is a separate pycc bug (tests/compat/FINDINGS.md), not an ABI matter
        main = ['#include "t.h"', "int gbuf[16] = {0};", "int failures = 0;",
                "int main(void)\n{\n  run_x();\n  run_y();\n"
                "  if (failures) printf(\"%d failures\\n\", failures);\n"
                "  return failures != 0;\n}"]
        return {"t.h": "\n".join(hdr) + "\n", "main.c": "\n".join(main) + "\n",
                "x.c": "\n".join(x) + "\n", "y.c": "\n".join(y) + "\n"}

    def proto(self, name, ret, params, vparams):
        ps = [f"{self.spell(t)} a{i}" for i, t in enumerate(params)]
        if vparams:
            ps = ps + ["int n", "..."]
        return f"{self.spell(ret) if ret else 'void'} {name}({', '.join(ps) or 'void'})"

    def callee(self, k, name, ret, params, vparams):
        out = [self.proto(name, ret, params, vparams), "{"]
        allp = list(enumerate(params)) + [(len(params) + j, t) for j, t in enumerate(vparams)]
        for i, t in allp:
            out.append(f"  {self.spell(t)} e{i};")
        if vparams:
            out.append("  va_list ap;")
            for j, t in enumerate(vparams):
                out.append(f"  {self.spell(t)} a{len(params) + j};")
            out.append("  va_start(ap, n);")
            out.append(f"  if (n != {len(vparams)}) FAIL(\"{name}\", \"n\");")
            for j, t in enumerate(vparams):
                out.append(f"  a{len(params) + j} = va_arg(ap, {self.spell(t)});")
            out.append("  va_end(ap);")
        for i, t in allp:
            self.set_stmts(t, f"e{i}", f"{k * 100 + i + 1}", out)
            conds = []
            self.check_expr(t, f"a{i}", f"e{i}", conds)
            for c in conds:
                out.append(f"  if ({c}) FAIL(\"{name}\", \"a{i}\");")
        if ret:
            out.append(f"  {{ {self.spell(ret)} rv;")
            self.set_stmts(ret, "rv", f"{k * 100 + 77}", out, "    ")
            out.append("    return rv; }")
        out.append("}")
        return "\n".join(out)

    def call(self, k, name, ret, params, vparams):
        out = ["  {"]
        allp = list(enumerate(params)) + [(len(params) + j, t) for j, t in enumerate(vparams)]
        for i, t in allp:
            out.append(f"    {self.spell(t)} v{i};")
        for i, t in allp:
            self.set_stmts(t, f"v{i}", f"{k * 100 + i + 1}", out, "    ")
        args = [f"v{i}" for i, _ in enumerate(params)]
        if vparams:
            args.append(str(len(vparams)))
            args += [f"v{len(params) + j}" for j in range(len(vparams))]
        call = f"{name}({', '.join(args)})"
        if ret:
            out.append(f"    {self.spell(ret)} want;")
            out.append(f"    {self.spell(ret)} got = {call};")
            self.set_stmts(ret, "want", f"{k * 100 + 77}", out, "    ")
            conds = []
            self.check_expr(ret, "got", "want", conds)
            for c in conds:
                out.append(f"    if ({c}) FAIL(\"{name}\", \"return\");")
        else:
            out.append(f"    {call};")
        out.append("  }")
        return "\n".join(out)


def generate(seed: int, nfuncs: int = 8) -> dict[str, str]:
    return Gen(seed).build(nfuncs)


if __name__ == "__main__":
    for fname, text in generate(int(sys.argv[1]) if len(sys.argv) > 1 else 1).items():
        print(f"/* ==== {fname} ==== */\n{text}")
