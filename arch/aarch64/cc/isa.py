"""AArch64 -march=armv8[.N]-a[+ext][+noext] -> the predefined macros gcc 12 adds to its
baseline armv8-a set (toolchain/cc/main.py `_isa_defines`). Extensions pycc cannot compile for
yet are accepted and define nothing (bf16)."""
from __future__ import annotations

# architecture -> extensions it implies (gcc 12, as `aarch64-linux-gnu-gcc -march=X -dM -E`)
ARCH = {"armv8-a": (), "armv8.1-a": ("crc", "lse", "rdma"), "armv8.2-a": ("crc", "lse", "rdma"),
        "armv8.3-a": ("crc", "lse", "rdma", "complex", "jscvt"),
        "armv8.4-a": ("crc", "lse", "rdma", "complex", "jscvt", "dotprod"),
        "armv8.5-a": ("crc", "lse", "rdma", "complex", "jscvt", "dotprod", "frint"),
        "armv8.6-a": ("crc", "lse", "rdma", "complex", "jscvt", "dotprod", "frint", "i8mm")}
MACROS = {"crc": ("__ARM_FEATURE_CRC32",), "lse": ("__ARM_FEATURE_ATOMICS",),
          "rdma": ("__ARM_FEATURE_QRDMX",), "complex": ("__ARM_FEATURE_COMPLEX",),
          "jscvt": ("__ARM_FEATURE_JCVT",), "dotprod": ("__ARM_FEATURE_DOTPROD",),
          "frint": ("__ARM_FEATURE_FRINT",), "i8mm": ("__ARM_FEATURE_MATMUL_INT8",),
          "crypto": ("__ARM_FEATURE_AES", "__ARM_FEATURE_CRYPTO", "__ARM_FEATURE_SHA2"),
          "aes": ("__ARM_FEATURE_AES",), "sha2": ("__ARM_FEATURE_SHA2",),
          "simd": ("__ARM_NEON", "__ARM_FEATURE_NUMERIC_MAXMIN"),
          "fp16": ("__ARM_FEATURE_FP16_SCALAR_ARITHMETIC", "__ARM_FEATURE_FP16_VECTOR_ARITHMETIC"),
          "bf16": (), "fp": (), "rcpc": (), "sve": (), "rng": (), "memtag": (),
          "sb": (), "ssbs": (), "predres": (), "profile": (), "fp16fml": (), "sm4": (),
          "sha3": (), "f32mm": (), "f64mm": (), "ls64": (), "flagm": (), "pauth": ()}


def defines(mflags) -> list:
    """(macro, value or None to undefine) for the -march= among ``mflags`` (last one wins)."""
    march = None
    for f in mflags:
        if f.startswith("-march="):
            march = f[len("-march="):]
    if march is None:
        return []
    arch, *exts = march.split("+")
    on = set(ARCH.get(arch, ()))
    off = set()
    for e in exts:
        if e.startswith("no"):
            on.discard(e[2:])
            off.add(e[2:])
        else:
            on.add(e)
            off.discard(e)
    out = []
    for e in sorted(on):
        out += [(m, "1") for m in MACROS.get(e, ())]
    if "simd" in off or "fp" in off:
        out += [(m, None) for m in MACROS["simd"]]
    return out
