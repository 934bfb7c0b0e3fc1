"""Macros and repeats: ``.macro``/``.endm`` bodies, ``.rept``/``.irp``/``.irpc``, argument
splitting and substitution, ``.altmacro``."""
from __future__ import annotations

import re

from .model import AsmError
from .reader import _Input


# Resource limits (issue 19). GNU as builds a repeat's whole expansion in memory without a
# bound (`.rept 1000000000` runs until memory is exhausted); pyas refuses, before building it,
# an expansion larger than these, and stops (fatal) once all expansions of one assembly
# together exceed the last (nested repeats and self-invoking macros multiply).
MAX_EXPANSION_STATEMENTS = 1 << 20      # lines one .rept/.irp/.irpc or macro expansion yields
MAX_EXPANSION_BYTES = 64 << 20          # text one expansion yields
MAX_TOTAL_EXPANDED = 1 << 23            # lines all expansions of one assembly yield

_MACRO_ARG_RE = re.compile(r"\\(\(\)|@|[A-Za-z_$][A-Za-z0-9_$.]*)")


class Macro:
    __slots__ = ("name", "params", "body", "vararg")

    def __init__(self, name, params, body):
        self.name = name
        self.params = params     # list of (name, default, required, vararg)
        self.body = body


def _split_macro_args(text: str, alt: bool = False) -> list[str]:
    text = text.strip()
    if not text:
        return []
    out = []
    cur = []
    i = 0
    n = len(text)
    depth = 0
    while i < n:
        ch = text[i]
        if alt and ch == "<" and not "".join(cur).strip():
            j = text.find(">", i + 1)
            if j > 0:
                cur.append(text[i:j + 1])
                i = j + 1
                continue
        if ch == '"':
            j = i + 1
            while j < n and text[j] != '"':
                if text[j] == "\\":
                    j += 1
                j += 1
            cur.append(text[i:j + 1])
            i = j + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth <= 0:
            out.append("".join(cur).strip())
            cur = []
            i += 1
            continue
        if ch in " \t" and depth <= 0:
            # whitespace separates arguments unless next to an operator
            j = i
            while j < n and text[j] in " \t":
                j += 1
            prev = "".join(cur).rstrip()
            if j < n and text[j] not in ",+-*/|&^<>=)" and prev and prev[-1] not in \
                    "+-*/|&^<>=(":
                out.append(prev.strip())
                cur = []
                i = j
                continue
            i = j
            continue
        cur.append(ch)
        i += 1
    out.append("".join(cur).strip())
    return out


def _subst_params(line: str, binding: dict) -> str:
    if "\\" not in line:
        return line

    def rep(m):
        k = m.group(1)
        if k == "()":
            return ""
        if k in binding:
            return binding[k]
        return m.group(0)
    return _MACRO_ARG_RE.sub(rep, line)


class MacrosMixin:
    """Collecting and expanding macros and repeat blocks."""

    macro_depth = 0
    expanded_total = 0       # lines all expansions produced so far (MAX_TOTAL_EXPANDED)

    # -- macros and repeats --
    def d_macro(self, args):
        a = args.strip()
        m = re.match(r"([A-Za-z_.$][A-Za-z0-9_.$]*)\s*,?\s*(.*)$", a)
        if not m:
            raise AsmError("expected name after .macro")
        name = m.group(1)
        params = []
        ptext = m.group(2).strip()
        if ptext:
            for p in re.split(r"\s*,\s*|\s+(?=[A-Za-z_])", ptext):
                if not p:
                    continue
                default = None
                req = False
                va = False
                if "=" in p:
                    p, default = p.split("=", 1)
                    p = p.strip()
                    default = default.strip()
                if p.endswith(":req"):
                    p = p[:-4]
                    req = True
                elif p.endswith(":vararg"):
                    p = p[:-7]
                    va = True
                params.append((p, default, req, va))
        self.collect = ["macro", [], 1, name, params]

    def _collect_line(self, line):
        st = self.collect
        s = line.strip()
        w = s.split(None, 1)[0].lower() if s else ""
        # strip labels for nesting detection
        if st[0] == "macro":
            if w == ".macro":
                st[2] += 1
            elif w in (".endm", ".endmacro"):
                st[2] -= 1
                if st[2] == 0:
                    self.collect = None
                    name, params = st[3], st[4]
                    self.macros[name] = Macro(name, params, st[1])
                    return
        else:
            if w in (".rept", ".irp", ".irpc", ".irep", ".irepc"):
                st[2] += 1
            elif w == ".endr":
                st[2] -= 1
                if st[2] == 0:
                    self.collect = None
                    self._expand_repeat(st)
                    return
        st[1].append(line)

    def d_endm(self, args):
        raise AsmError("unexpected .endm")

    d_endmacro = d_endm

    def d_endr(self, args):
        raise AsmError("unexpected .endr")

    def d_exitm(self, args):
        # leave the innermost macro expansion
        for inp in reversed(self.inputs):
            if inp.macro == "macro":
                inp.i = len(inp.lines)
                break

    def d_purgem(self, args):
        for a in self.split_args(args):
            if a not in self.macros:
                raise AsmError(f".purgem: macro `{a}' was not defined")
            del self.macros[a]

    def d_rept(self, args):
        try:
            n = self.abs_expr(args)
        except AsmError as e:
            # a count not known here (a later label): GNU as's error; the body is still
            # read to its `.endr` (and dropped)
            self.error("bad or irreducible absolute expression"
                       if str(e) in ("non-constant expression", "expression is not absolute")
                       else str(e))
            n = 0
        if n < 0:
            self.error("negative count for REPT - ignored")
            n = 0
        self.collect = ["rept", [], 1, n, (self.file, self.line)]

    def d_irp(self, args):
        parts = self.split_args(args)
        if not parts or not parts[0]:
            raise AsmError("missing model parameter")
        name = parts[0]
        if " " in name:
            name, first = name.split(None, 1)
            parts = [name, first] + parts[1:]
        self.collect = ["irp", [], 1, (parts[0].strip(), parts[1:]), (self.file, self.line)]

    def d_irpc(self, args):
        parts = self.split_args(args)
        if not parts or not parts[0]:
            raise AsmError("missing model parameter")
        if len(parts) == 1 and " " in parts[0]:
            parts = parts[0].split(None, 1)
        self.collect = ["irpc", [], 1, (parts[0].strip(), parts[1] if len(parts) > 1 else ""),
                        (self.file, self.line)]

    def _expansion_limits(self, what, count, body, line):
        """False (after a located error at ``line``) when ``count`` copies of ``body`` exceed
        one expansion's limits; counts the lines against the whole assembly's budget (a fatal
        error once it is exceeded)."""
        lines = count * len(body)
        size = count * sum(len(ln) + 1 for ln in body)
        if lines > MAX_EXPANSION_STATEMENTS or size > MAX_EXPANSION_BYTES:
            self.error(f"{what} expansion too large: {lines} statements, {size} bytes "
                       f"(limit {MAX_EXPANSION_STATEMENTS} statements, "
                       f"{MAX_EXPANSION_BYTES >> 20} MiB) - ignored", line)
            return False
        self.expanded_total += lines
        if self.expanded_total > MAX_TOTAL_EXPANDED:
            msg = (f"macro and repeat expansions exceed {MAX_TOTAL_EXPANDED} statements "
                   f"in total")
            if self.diag is None:
                raise AsmError(msg)
            from ..diag import Location
            self.diag.fatal(msg, Location(self.file, line))
        return True

    def _expand_repeat(self, st):
        kind, body = st[0], st[1]
        out = []
        if kind == "rept":
            count = st[3]
        else:
            count = len(st[3][1]) or (1 if kind == "irp" else 0)
        if not self._expansion_limits("." + kind, count, body, st[4][1]):
            return
        if kind == "rept":
            for k in range(st[3]):
                out += [ln.replace("\\+", str(k)) for ln in body]
        elif kind == "irp":
            name, vals = st[3]
            if not vals:
                vals = [""]
            for v in vals:
                out += [_subst_params(ln, {name: v}) for ln in body]
        else:
            name, chars = st[3]
            for ch in chars:
                out += [_subst_params(ln, {name: ch}) for ln in body]
        inp = _Input(out, self.file, macro=True, loc_line=self.line)
        if self.gen_debug:
            parent = self.inputs[-1] if self.inputs else None
            if parent is not None and not parent.macro and body:
                # a repeat body's rows are at the body's own lines
                if parent.dactive:
                    inp.line_of = (st[4][1], len(body), parent.dfile or parent.file,
                                   parent.ddelta)
                else:
                    inp.line_of = (st[4][1], len(body), parent.file, 0)
            else:
                inp.dpos = self.debug_pos()
        self.inputs.append(inp)

    def expand_macro(self, m: Macro, args: str):
        self.macro_count += 1
        if self.macro_depth >= 100:
            # GNU as's limit (max_macro_nest), and like GNU as a fatal error: every level of a
            # runaway expansion would otherwise report the rest of its body again
            if self.diag is None:
                raise AsmError("macros nested too deeply")
            from ..diag import Location
            self.diag.fatal("macros nested too deeply", Location(self.file, self.line))
        vals = _split_macro_args(args, self.altmacro)
        binding = {}
        kw = {}
        pos = []
        vals = [v[1:-1] if len(v) >= 2 and v[0] == '"' and v[-1] == '"' and
                '"' not in v[1:-1] else v for v in vals]
        if self.altmacro:
            # .altmacro: %expr passes the value, <text> passes the text
            out = []
            for v in vals:
                if v.startswith("%"):
                    v = str(self.abs_expr(v[1:]))
                elif len(v) >= 2 and v[0] == "<" and v[-1] == ">":
                    v = v[1:-1].replace("!", "") if "!" in v else v[1:-1]
                out.append(v)
            vals = out
        for v in vals:
            mm = re.match(r"([A-Za-z_.$][A-Za-z0-9_.$]*)\s*=(?!=)\s*(.*)$", v)
            if mm and any(p[0] == mm.group(1) for p in m.params):
                kw[mm.group(1)] = mm.group(2)
            else:
                pos.append(v)
        for i, (pname, default, req, va) in enumerate(m.params):
            if pname in kw:
                binding[pname] = kw[pname]
            elif va:
                binding[pname] = ",".join(pos[i:]) if i < len(pos) else (default or "")
            elif i < len(pos) and pos[i] != "":
                binding[pname] = pos[i]
            else:
                if req:
                    raise AsmError(f"Missing value for required parameter `{pname}' of macro "
                                   f"`{m.name}'")
                binding[pname] = default or ""
        binding["@"] = str(self.macro_count - 1)
        out = [_subst_params(ln, binding) for ln in m.body]
        if not self._expansion_limits(f"macro `{m.name}'", 1, out, self.line):
            return
        self.macro_depth += 1
        inp = _Input(out, self.file, macro="macro", loc_line=self.line)
        if self.gen_debug:
            inp.dpos = self.debug_pos()
        self.inputs.append(inp)

    def d_altmacro(self, args):
        self.altmacro = True

    def d_noaltmacro(self, args):
        self.altmacro = False
