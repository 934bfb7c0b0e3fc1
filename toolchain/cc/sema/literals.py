"""Semantic analysis: integer, floating, character and string constants."""
from __future__ import annotations

from .. import types as T
from ..preprocessor import char_value, decode_escapes, escape_problems


def _ucn_body(body: str) -> str:
    """A wide literal's body with every non-ASCII source character written as a \\U escape,
    so that it decodes to one code point rather than its UTF-8 bytes."""
    if body.isascii():
        return body
    return "".join(c if ord(c) < 0x80 or 0xDC80 <= ord(c) <= 0xDCFF else f"\\U{ord(c):08x}"
                   for c in body)


class Literals:
    """Integer, floating, character and string constants."""

    def e_IntConst(self, e):
        tt = self.tt
        text = e.text
        s = text.lower()
        # GNU imaginary constants: one `i`/`j` among the suffix letters (`567i`, `2li`, `3ui`)
        stem = s.rstrip("uilj")
        imag = (s[len(stem):].count("i") + s[len(stem):].count("j")) == 1
        if imag:
            tail = s[len(stem):]
            s = stem + tail.replace("i", "").replace("j", "")
        body = s.rstrip("ul")
        suffix = s[len(body):]
        try:
            if body.startswith("0x"):
                v = int(body[2:], 16)
            elif body.startswith("0b"):
                v = int(body[2:], 2)
            elif body.startswith("0") and len(body) > 1:
                v = int(body, 8)
            else:
                v = int(body, 10)
            if suffix not in ("", "u", "l", "ul", "lu", "ll", "ull", "llu") or \
                    ("ll" in suffix and "ll" not in text.lower().replace("LL", "ll")
                     and False):
                raise ValueError
        except ValueError:
            if body.endswith(("i", "j")) or suffix and body[-1:] in ("i", "j"):
                e.value = 0
                return self.mk(e, tt.complex_of(tt.int))
            bad8 = next((ch for ch in body if ch in "89"), None) \
                if body[:1] == "0" and body.isdigit() else None
            self.error(f"invalid digit \"{bad8}\" in octal constant" if bad8 else
                       f"invalid suffix \"{text[len(body):]}\" on integer constant"
                       if body.isdigit() or body.startswith("0x") else
                       f"invalid digit in constant '{text}'" if body[:1] == "0" and body.isdigit()
                       else f"invalid suffix on integer constant '{text}'", e)
            e.value = 0
            return self.mk(e, tt.int)
        dec = not (body.startswith("0") and len(body) > 1)
        uns = "u" in suffix
        nl = suffix.count("l")
        cands = []
        if nl == 0:
            cands = [tt.int, tt.uint, tt.long, tt.ulong] if not dec else [tt.int, tt.long]
        elif nl == 1:
            cands = [tt.long, tt.ulong] if not dec else [tt.long]
        else:
            cands = [tt.llong, tt.ullong] if not dec else [tt.llong]
        if uns:
            cands = [c for c in ({tt.int: tt.uint, tt.long: tt.ulong, tt.llong: tt.ullong}.get(c, c)
                                 for c in cands)]
        ty = next((c for c in cands if c.min_max()[0] <= v <= c.min_max()[1]), None)
        if ty is None:
            ty = tt.ulong if v <= 0xFFFFFFFFFFFFFFFF else tt.uint128
            if v > 0xFFFFFFFFFFFFFFFF:
                self.warning("integer constant is too large for its type", e)
                v &= 0xFFFFFFFFFFFFFFFF
                ty = tt.ulong
        e.value = v
        return self.mk(e, tt.complex_of(ty) if imag else ty)

    def e_FloatConst(self, e):
        tt = self.tt
        s = e.text.lower()
        ty = tt.double
        imag = False
        while s and s[-1] in "ij":
            imag = True
            s = s[:-1]
        for suf, t in (("f128", tt.float128), ("f64x", tt.ldouble), ("f32x", tt.double),
                       ("f64", tt.double), ("f32", tt.float), ("f16", tt.float16),
                       ("df", None), ("dd", None), ("dl", None), ("f", tt.float),
                       ("l", tt.ldouble), ("q", tt.float128), ("w", tt.ldouble)):
            if s.endswith(suf) and not (suf in ("f",) and s.startswith("0x") and "p" not in s):
                s = s[:-len(suf)]
                ty = t if t is not None else tt.double
                break
        while s and s[-1] in "ij":
            imag = True
            s = s[:-1]
        if s.lower().startswith("0x") and "p" not in s.lower():
            self.error("hexadecimal floating constants require an exponent", e)
        try:
            v = float.fromhex(s) if s.startswith("0x") else float(s)
        except (ValueError, OverflowError):
            self.error(f"invalid suffix on floating constant '{e.text}'"
                       if s[:1].isdigit() or s[:1] == "." else f"invalid constant '{e.text}'", e)
            v = 0.0
        if ty is tt.float and v == v:
            v = _to_binary32(v)     # 15.8f is the float nearest 15.8, also when converted to double
        e.value = v
        if imag:
            ty = tt.complex_of(ty)
        return self.mk(e, ty)

    def _escapes(self, body, where):
        if "\\" not in body:
            return
        for kind, msg in escape_problems(body):
            if kind == "error":
                self.error(msg, where)
            else:
                self.pedwarn(msg, where, pedantic_only=(kind == "pedantic"))

    def e_CharConst(self, e):
        tt = self.tt
        text = e.text
        prefix = text[:text.index("'")]
        self._escapes(text[len(prefix) + 1:-1], e)
        if len(text) - len(prefix) <= 2:
            self.error("empty character constant", e)
            e.value = 0
            return self.mk(e, tt.int)
        if prefix in ("L", "u", "U"):
            text = prefix + _ucn_body(text[len(prefix):])
        e.value = char_value(text, self.target) if prefix or not isinstance(tt.char, T.IntType) \
            else self._char_val(text)
        ty = {"": tt.int, "L": tt.wchar_t, "u": tt.char16_t, "U": tt.char32_t,
              "u8": tt.uchar}.get(prefix, tt.int)
        return self.mk(e, ty)

    def _char_val(self, text):
        units = decode_escapes(text[1:-1])
        bs = []
        for u in units:
            if u < 0:
                bs.extend(chr(-u - 1).encode("utf-8", "surrogatepass"))
            else:
                bs.append(u & 0xFF)
        if len(bs) == 1:
            v = bs[0]
            if self.tt.char.signed and v >= 128:
                v -= 256
            return v
        v = 0
        for b in bs[-4:]:
            v = ((v << 8) | b) & 0xFFFFFFFF
        return v - (1 << 32) if v >= 1 << 31 else v

    def e_StringLit(self, e):
        tt = self.tt
        prefix = ""
        units = []
        for p in e.parts:
            pf = p[:p.index('"')]
            if pf:
                if prefix and pf != prefix:
                    self.error("unsupported non-standard concatenation of string literals", e)
                prefix = pf
        for p in e.parts:
            q = p.index('"')
            body = p[q + 1:-1]
            self._escapes(body, getattr(e, "after", None) or e)
            if prefix in ("L", "u", "U"):
                body = _ucn_body(body)      # source characters are code points, not bytes
            units.extend(decode_escapes(body))
        elem = {"": tt.char, "u8": tt.char, "L": tt.wchar_t, "u": tt.char16_t,
                "U": tt.char32_t}[prefix]
        vals = []
        if prefix in ("", "u8"):
            for u in units:
                if u < 0:
                    vals.extend(chr(-u - 1).encode("utf-8", "surrogatepass"))
                else:
                    vals.append(u & 0xFF)
        else:
            # re-decode multi-byte UTF-8 sequences of the source into code points
            raw = bytearray()
            out = []
            for u in units:
                if u < 0:
                    out.append(-u - 1)
                else:
                    out.append(u)
            if prefix == "u":
                for cp in out:
                    if cp > 0xFFFF:
                        cp -= 0x10000
                        vals += [0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF)]
                    else:
                        vals.append(cp)
            else:
                vals = out
            del raw
        vals.append(0)
        e.value = vals
        e.prefix = prefix
        return self.mk(e, T.ArrayType(elem, len(vals)), True)


def _to_binary32(v: float) -> float:
    """The binary32 value nearest v (infinity beyond the largest float)."""
    import struct
    try:
        return struct.unpack("<f", struct.pack("<f", v))[0]
    except OverflowError:
        return float("inf") if v > 0 else float("-inf")
