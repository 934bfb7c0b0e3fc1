"""Exact floating-point constants for every IR float type.

A C literal such as ``1.1L`` must become the binary128 (or x87) value nearest to the decimal
number, not the nearest double widened. ``XFloat`` is a ``float`` (the nearest double, so code
that only needs an approximation keeps working) that also carries the exact encoding ``bits``
in one format. ``encode``/``decode`` convert between exact rationals and encodings with IEEE
round-to-nearest-even; ``parse_literal`` reads C's decimal and hexadecimal floating literals.

Formats: ``binary16 binary32 binary64 x87 binary128`` (x87: 80-bit extended with an explicit
integer bit, as a 10-byte encoding; in memory it is padded to 16 bytes by the back end).
"""
from __future__ import annotations

import math
import struct as _struct
from fractions import Fraction

# name -> (exponent bits, stored fraction bits, explicit integer bit)
FORMATS = {
    "binary16": (5, 10, False),
    "binary32": (8, 23, False),
    "binary64": (11, 52, False),
    "x87": (15, 63, True),
    "binary128": (15, 112, False),
}
# IR type name -> format
IR_FORMAT = {"f16": "binary16", "f32": "binary32", "f64": "binary64", "f80": "x87", "f128": "binary128"}
INF = "inf"
NAN = "nan"


def nbits(fmt: str) -> int:
    e, m, explicit = FORMATS[fmt]
    return 1 + e + m + (1 if explicit else 0)


class XFloat(float):
    """A float constant with its exact encoding ``bits`` in format ``fmt``."""
    __slots__ = ("bits", "fmt")

    def __new__(cls, bits: int, fmt: str):
        if fmt == "binary64":           # the double itself, bit for bit (a NaN's payload too)
            v = _struct.unpack("<d", bits.to_bytes(8, "little"))[0]
        else:
            v = to_float(decode(bits, fmt))
        self = float.__new__(cls, v)
        self.bits = bits
        self.fmt = fmt
        return self

    def __repr__(self):
        return f"XFloat(0x{self.bits:x}, {self.fmt})"

    def __neg__(self):
        return XFloat(self.bits ^ (1 << (nbits(self.fmt) - 1)), self.fmt)

    def __abs__(self):
        return XFloat(self.bits & ~(1 << (nbits(self.fmt) - 1)), self.fmt)

    def __reduce__(self):
        return (XFloat, (self.bits, self.fmt))


def parse_literal(text: str):
    """The exact value of a C floating literal's digits (suffixes already removed): a
    ``Fraction``. Decimal (``1.5e-3``) and hexadecimal (``0x1.8p3``) forms."""
    s = text.strip().lower().replace("'", "")
    neg = s.startswith("-")
    if s[:1] in "+-":
        s = s[1:]
    if s in ("inf", "infinity"):
        return (-1 if neg else 1, INF)
    if s.startswith("0x"):
        s = s[2:]
        mant, _, exp = s.partition("p")
        ip, _, fp = mant.partition(".")
        digits = (ip + fp) or "0"
        v = Fraction(int(digits, 16), 16 ** len(fp)) * Fraction(2) ** int(exp or "0")
    else:
        v = Fraction(s)
    return -v if neg else v


def _split(value):
    """(sign, magnitude) where magnitude is a Fraction, INF or NAN."""
    if isinstance(value, tuple):
        return (1 if value[0] < 0 else 0), value[1]
    if isinstance(value, float):
        if value != value:
            return (1 if math.copysign(1.0, value) < 0 else 0), NAN
        sign = 1 if math.copysign(1.0, value) < 0 else 0
        if math.isinf(value):
            return sign, INF
        return sign, Fraction(abs(value))
    v = Fraction(value)
    return (1 if v < 0 else 0), abs(v)


def encode(value, fmt: str) -> int:
    """The encoding of ``value`` (a Fraction, int, float, XFloat, or (sign, INF/NAN)) in
    ``fmt``, rounded to nearest even; overflow gives infinity; NaN is the default quiet NaN."""
    if isinstance(value, XFloat):
        if value.fmt == fmt:
            return value.bits
        value = decode(value.bits, value.fmt)
    ebits, mbits, explicit = FORMATS[fmt]
    sign, mag = _split(value)
    emax = (1 << ebits) - 1
    bias = (1 << (ebits - 1)) - 1
    top = sign << (ebits + mbits + (1 if explicit else 0))
    shift = mbits + (1 if explicit else 0)
    if mag == NAN:
        q = (3 << (mbits - 1)) if explicit else (1 << (mbits - 1))
        return top | (emax << shift) | q
    if mag == INF:
        return top | (emax << shift) | ((1 << mbits) if explicit else 0)
    if mag == 0:
        return top
    # mag = m * 2**e with m in [2**mbits, 2**(mbits+1)) for normals
    e = mag.numerator.bit_length() - mag.denominator.bit_length()
    if Fraction(2) ** e > mag:
        e -= 1
    # now 2**e <= mag < 2**(e+1)
    emin = 1 - bias
    if e < emin:
        e = emin                       # subnormal: fixed exponent
    scaled = mag / Fraction(2) ** (e - mbits)
    q, r = divmod(scaled.numerator, scaled.denominator)
    r2 = 2 * r
    if r2 > scaled.denominator or (r2 == scaled.denominator and q & 1):
        q += 1
    if q >> (mbits + 1):               # rounding carried into a new binade
        q >>= 1
        e += 1
    if q >> mbits:                     # normal
        biased = e + bias
        if biased >= emax:
            return top | (emax << shift) | ((1 << mbits) if explicit else 0)
        frac = q & ((1 << mbits) - 1)
        if explicit:
            return top | (biased << shift) | (1 << mbits) | frac
        return top | (biased << shift) | frac
    return top | q                     # subnormal (biased exponent 0)


def decode(bits: int, fmt: str):
    """(sign, magnitude) of an encoding: magnitude a Fraction, INF or NAN."""
    ebits, mbits, explicit = FORMATS[fmt]
    shift = mbits + (1 if explicit else 0)
    sign = bits >> (ebits + shift) & 1
    biased = bits >> shift & ((1 << ebits) - 1)
    frac = bits & ((1 << mbits) - 1)
    bias = (1 << (ebits - 1)) - 1
    if biased == (1 << ebits) - 1:
        return (-1 if sign else 1), (NAN if frac else INF)
    if explicit:
        m = bits & ((1 << (mbits + 1)) - 1)
        mag = Fraction(m) * Fraction(2) ** (max(biased, 1) - bias - mbits)
    elif biased == 0:
        mag = Fraction(frac) * Fraction(2) ** (1 - bias - mbits)
    else:
        mag = Fraction(frac | (1 << mbits)) * Fraction(2) ** (biased - bias - mbits)
    return (-1 if sign else 1), mag


def to_float(sv) -> float:
    """The nearest double of a (sign, magnitude) pair."""
    s, mag = sv
    if mag == NAN:
        return math.copysign(math.nan, s)
    if mag == INF:
        return math.copysign(math.inf, s)
    try:
        return math.copysign(float(mag), s)
    except OverflowError:
        return math.copysign(math.inf, s)


def xfloat(value, fmt: str) -> XFloat:
    """``value`` (see ``encode``) rounded to ``fmt`` as an XFloat."""
    return XFloat(encode(value, fmt), fmt)


def is_nan_bits(v) -> bool:
    """Whether ``v`` is an XFloat NaN whose exact bits matter (a signalling NaN or a payload:
    a plain float would lose them on the way to binary32, or in arithmetic)."""
    return type(v) is XFloat and v != v


def nan_bits(text: str, fmt: str, signalling: bool) -> int:
    """The encoding of ``__builtin_nan[s]("text")`` in ``fmt``: positive, all-ones exponent,
    the quiet bit set (``nan``) or clear (``nans``), and the payload ``text`` read as C's
    strtoull with base 0 reads it (empty or not a number: 0) in the fraction bits below the
    quiet bit; a signalling NaN whose payload is 0 there gets the next bit down (a fraction of
    0 would be infinity), as gcc folds it."""
    ebits, mbits, explicit = FORMATS[fmt]
    shift = mbits + (1 if explicit else 0)
    t = text.strip()
    payload = 0
    try:
        if t[:2].lower() == "0x":
            payload = int(t[2:], 16)
        elif t[:1] == "0" and len(t) > 1:
            payload = int(t[1:], 8)
        elif t:
            payload = int(t, 10)
    except ValueError:
        payload = 0
    if payload < 0:
        payload = 0
    quiet = 1 << (mbits - 1)
    frac = payload & (quiet - 1)
    if signalling:
        if frac == 0:
            frac = quiet >> 1
    else:
        frac |= quiet
    bits = ((1 << ebits) - 1) << shift | frac
    if explicit:
        bits |= 1 << mbits              # x87: the explicit integer bit
    return bits


def nan_const(text: str, fmt: str, signalling: bool) -> XFloat:
    """``__builtin_nan[s]("text")`` as an exact constant of ``fmt`` (see ``nan_bits``)."""
    return XFloat(nan_bits(text, fmt, signalling), fmt)


def pack(v, fmt: str) -> bytes:
    """Little-endian bytes of float constant ``v`` (float or XFloat) in ``fmt``, exact for an
    XFloat (a signalling NaN stays signalling: ``struct.pack("<f")`` would quiet it)."""
    if type(v) is not XFloat:
        if fmt == "binary64":
            return _struct.pack("<d", v)
        if fmt == "binary32":
            return _struct.pack("<f", v)
    return encode(v, fmt).to_bytes((nbits(fmt) + 7) // 8, "little")


def unpack(raw: bytes, fmt: str):
    """The constant stored in ``raw`` (inverse of ``pack`` for binary32/binary64): a float, or
    an XFloat when it is a binary32 NaN (whose bits a double cannot carry)."""
    if fmt == "binary64":
        return _struct.unpack("<d", raw)[0]
    bits = int.from_bytes(raw, "little")
    if bits & 0x7F800000 == 0x7F800000 and bits & 0x7FFFFF:
        return XFloat(bits, fmt)
    return _struct.unpack("<f", raw)[0]


def const_bits(v, irtype) -> int:
    """The encoding of constant value ``v`` (float or XFloat) in IR float type ``irtype``."""
    return encode(v, IR_FORMAT[irtype.name])


def const_bytes(v, irtype, size=None) -> bytes:
    """Little-endian bytes of constant ``v`` in IR float type ``irtype`` (f80 padded to
    ``size``, default the type's size)."""
    fmt = IR_FORMAT[irtype.name]
    n = (nbits(fmt) + 7) // 8
    b = encode(v, fmt).to_bytes(n, "little")
    return b + bytes((size or irtype.size) - n)


def fmt_exact(v, irtype) -> str:
    """The IR text of an f80/f128 constant: ``0xK`` + 20 / ``0xQ`` + 32 hex digits of the
    encoding (most significant first); of an exact f32/f64 NaN: ``0xN`` + 8 / 16 digits."""
    if irtype.bits <= 64:
        return "0xN%0*X" % (irtype.bits // 4, encode(v, IR_FORMAT[irtype.name]))
    if irtype.name == "f80":
        return "0xK%020X" % encode(v, "x87")
    return "0xQ%032X" % encode(v, "binary128")


def parse_exact(text: str, irtype):
    """Inverse of ``fmt_exact``."""
    if text[2] in "Nn":
        return XFloat(int(text[3:], 16), IR_FORMAT[irtype.name])
    fmt = "x87" if text[2] in "Kk" else "binary128"
    return XFloat(int(text[3:], 16), fmt)
