"""x86-64 instruction-set options: ``-msse4.2``, ``-mavx2``, ``-mno-avx``, ``-march=...`` and
the predefined macros they imply, as gcc defines them (``__SSE4_2__``, ``__AVX2__``...).

``defines(mflags)`` takes the driver's ``-m`` options in command-line order and returns
(name, value) pairs for the preprocessor: value None undefines a macro the baseline defines
(``-mno-sse2``). The back end does not restrict instructions by these options (a function may
use AVX2 through ``__attribute__((target("avx2")))`` or the intrinsics in any file), as the
intrinsic headers declare every intrinsic whatever the options.
"""
from __future__ import annotations

from toolchain.diag import ToolError

# feature -> (macro, features it implies)
FEATURES = {
    "mmx": ("__MMX__", ()), "sse": ("__SSE__", ()), "sse2": ("__SSE2__", ("sse",)),
    "sse3": ("__SSE3__", ("sse2",)), "ssse3": ("__SSSE3__", ("sse3",)),
    "sse4.1": ("__SSE4_1__", ("ssse3",)), "sse4.2": ("__SSE4_2__", ("sse4.1", "popcnt", "crc32")),
    "sse4a": ("__SSE4A__", ("sse3",)),
    "avx": ("__AVX__", ("sse4.2", "xsave")), "crc32": ("__CRC32__", ()), "avx2": ("__AVX2__", ("avx",)),
    "fma": ("__FMA__", ("avx",)), "f16c": ("__F16C__", ("avx",)),
    "avx512f": ("__AVX512F__", ("avx2", "fma", "f16c")),
    "avx512bw": ("__AVX512BW__", ("avx512f",)), "avx512dq": ("__AVX512DQ__", ("avx512f",)),
    "avx512vl": ("__AVX512VL__", ("avx512f",)), "avx512cd": ("__AVX512CD__", ("avx512f",)),
    "aes": ("__AES__", ("sse2",)), "pclmul": ("__PCLMUL__", ("sse2",)),
    "sha": ("__SHA__", ("sse2",)), "vpclmulqdq": ("__VPCLMULQDQ__", ("avx", "pclmul")),
    "vaes": ("__VAES__", ("avx", "aes")), "gfni": ("__GFNI__", ("sse2",)),
    "popcnt": ("__POPCNT__", ()), "lzcnt": ("__LZCNT__", ()), "abm": ("__ABM__", ("lzcnt", "popcnt")),
    "bmi": ("__BMI__", ()), "bmi2": ("__BMI2__", ()), "movbe": ("__MOVBE__", ()),
    "rdrnd": ("__RDRND__", ()), "rdseed": ("__RDSEED__", ()), "adx": ("__ADX__", ()),
    "fxsr": ("__FXSR__", ()), "xsave": ("__XSAVE__", ()), "xsaveopt": ("__XSAVEOPT__", ("xsave",)),
    "cx16": ("__GCC_HAVE_SYNC_COMPARE_AND_SWAP_16", ()), "sahf": ("__LAHF_SAHF__", ()),
    "prfchw": ("__PRFCHW__", ()), "clflushopt": ("__CLFLUSHOPT__", ()),
    "fsgsbase": ("__FSGSBASE__", ()), "rdpid": ("__RDPID__", ()),
}
BASELINE = ("mmx", "sse", "sse2", "fxsr")
_V2 = BASELINE + ("cx16", "sahf", "popcnt", "sse3", "sse4.1", "sse4.2", "ssse3")
_V3 = _V2 + ("avx", "avx2", "bmi", "bmi2", "f16c", "fma", "lzcnt", "movbe", "xsave")
_V4 = _V3 + ("avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl")
_HSW = _V3 + ("aes", "pclmul", "rdrnd", "fsgsbase")
MARCH = {
    "x86-64": BASELINE, "x86-64-v2": _V2, "x86-64-v3": _V3, "x86-64-v4": _V4,
    "core2": BASELINE + ("sse3", "ssse3", "cx16", "sahf"),
    "nehalem": _V2, "westmere": _V2 + ("aes", "pclmul"),
    "sandybridge": _V2 + ("aes", "pclmul", "avx", "xsave"),
    "ivybridge": _V2 + ("aes", "pclmul", "avx", "xsave", "f16c", "rdrnd", "fsgsbase"),
    "haswell": _HSW, "broadwell": _HSW + ("rdseed", "adx", "prfchw"),
    "skylake": _HSW + ("rdseed", "adx", "prfchw", "clflushopt", "xsaveopt"),
    "skylake-avx512": _V4 + ("aes", "pclmul", "rdrnd", "rdseed", "adx", "clflushopt"),
    "icelake-client": _V4 + ("aes", "pclmul", "rdrnd", "rdseed", "adx", "sha", "vaes",
                             "vpclmulqdq", "gfni"),
    "znver1": _HSW + ("rdseed", "adx", "sha", "sse4a", "clflushopt", "prfchw", "abm"),
    "znver2": _HSW + ("rdseed", "adx", "sha", "sse4a", "clflushopt", "prfchw", "abm"),
    "znver3": _HSW + ("rdseed", "adx", "sha", "sse4a", "clflushopt", "prfchw", "abm", "vaes",
                      "vpclmulqdq"),
}
MARCH["icelake-server"] = MARCH["icelake-client"]
MARCH["znver4"] = MARCH["znver3"] + _V4
# /proc/cpuinfo flag -> feature (for -march=native)
_CPUINFO = {"pni": "sse3", "sse4_1": "sse4.1", "sse4_2": "sse4.2", "pclmulqdq": "pclmul",
            "rdrand": "rdrnd", "bmi1": "bmi", "lahf_lm": "sahf", "3dnowprefetch": "prfchw"}


def _closure(feats, on: bool) -> set:
    """``feats`` with what they imply (on) or with what depends on them (off)."""
    out = set(feats)
    changed = True
    while changed:
        changed = False
        for f, (_, deps) in FEATURES.items():
            if on and f in out:
                new = set(deps) - out
            elif not on and f not in out and out & set(deps):
                new = {f}
            else:
                continue
            if new:
                out |= new
                changed = True
    return out


def native_features() -> tuple:
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("flags"):
                    flags = line.split(":", 1)[1].split()
                    return tuple(sorted({_CPUINFO.get(x, x) for x in flags} & set(FEATURES)))
    except OSError:
        pass
    return BASELINE


def features(mflags) -> set:
    """The enabled features after ``mflags`` (``-m...`` options in order)."""
    on = set(BASELINE)
    for a in mflags:
        if a.startswith("-march="):
            name = a[7:]
            feats = native_features() if name == "native" else MARCH.get(name)
            if feats is None:
                raise ToolError(f"bad value ('{name}') for '-march=' switch")
            on = _closure(feats, True)
            continue
        name = a[2:]
        neg = name.startswith("no-")
        if neg:
            name = name[3:]
        if name == "sse4":
            name = "sse4.2" if not neg else "sse4.1"
        if name not in FEATURES:
            continue
        if neg:
            on -= _closure({name}, False)
        else:
            on |= _closure({name}, True)
    return on


def defines(mflags) -> list:
    """Predefined-macro changes for ``mflags`` relative to gcc's baseline x86-64 macros."""
    if not mflags:
        return []
    on = features(mflags)
    out = []
    for f, (macro, _) in FEATURES.items():
        if f in on and f not in BASELINE and f != "cx16":
            out.append((macro, "1"))
        elif f not in on and f in BASELINE:
            out.append((macro, None))
    if "sse" not in on:
        out.append(("__SSE_MATH__", None))
    if "sse2" not in on:
        out += [("__SSE2_MATH__", None), ("__MMX_WITH_SSE__", None)]
    return out
