"""One record of the C-level facts about a target that the front end and the lowering read
(type sizes and alignments, char signedness, long double format, va_list shape, wchar_t...),
instead of comparing ``target.name`` where a fact is needed.

    from toolchain.cc.targetinfo import target_info
    ti = target_info(target)          # target: a toolchain.targets.Target, or its name
    ti.char_signed, ti.long_double_fmt, ti.va_list_kind, ti.sizeof["long"], ...

All three targets are LP64 little-endian ELF with 16-byte ``long double`` and ``__int128``.
"""
from __future__ import annotations


class TargetInfo:
    __slots__ = ("name", "char_signed", "wchar_signed", "wchar_size", "long_double_fmt",
                 "long_double_ir", "va_list_kind", "va_list_size", "va_list_align",
                 "anon_bitfield_align", "biggest_align", "sizeof", "alignof", "big_endian",
                 "stack_grows_down", "has_x87", "float128_is_long_double", "max_atomic_inline",
                 "jmp_buf_words", "cpu_model", "vector_align_max", "half_float")

    def __init__(self, name, **kw):
        self.name = name
        self.char_signed = True
        self.wchar_signed = True        # wchar_t is int (signed) or unsigned int
        self.wchar_size = 4
        self.long_double_fmt = "binary128"   # "x87" | "binary128"
        self.long_double_ir = "f128"         # IR type name of long double
        self.va_list_kind = "pointer"        # "sysv_x86_64" | "aapcs64" | "pointer"
        self.va_list_size = 8
        self.va_list_align = 8
        self.anon_bitfield_align = False     # unnamed bit-fields align the record (AAPCS64)
        self.biggest_align = 16              # __BIGGEST_ALIGNMENT__, __attribute__((aligned))
        self.sizeof = dict(_LP64_SIZES)
        self.alignof = dict(_LP64_SIZES)
        self.big_endian = False
        self.stack_grows_down = True
        self.has_x87 = False
        self.float128_is_long_double = True
        self.max_atomic_inline = 16          # widest lock-free atomic (bytes)
        self.jmp_buf_words = 5               # __builtin_setjmp buffer, in pointer-sized words
        self.cpu_model = False               # __builtin_cpu_*: libgcc's __cpu_model (x86)
        # GNU vectors are aligned to their size, up to this many bytes (gcc: x86-64 and RISC-V
        # align vector_size(32) to 32 whatever the ISA options; AArch64 caps at 16)
        self.vector_align_max = 1 << 12
        # IEEE binary16 scalars (__fp16, _Float16) compiled by this back end (AArch64); on the
        # others a _Float16 value is a located "unsupported floating type" error, __fp16 an
        # unknown type as in gcc
        self.half_float = False
        for k, v in kw.items():
            setattr(self, k, v)

    def __repr__(self):
        return f"<TargetInfo {self.name}>"


_LP64_SIZES = {"_Bool": 1, "char": 1, "short": 2, "int": 4, "long": 8, "long long": 8,
               "__int128": 16, "float": 4, "double": 8, "long double": 16, "_Float128": 16,
               "_Float16": 2, "void *": 8, "size_t": 8, "ptrdiff_t": 8, "wchar_t": 4}

_INFOS = {
    "x86_64": TargetInfo(
        "x86_64", char_signed=True, wchar_signed=True, long_double_fmt="x87",
        long_double_ir="f80", va_list_kind="sysv_x86_64", va_list_size=24, va_list_align=8,
        has_x87=True, float128_is_long_double=False, cpu_model=True),
    "aarch64": TargetInfo(
        "aarch64", char_signed=False, wchar_signed=False, va_list_kind="aapcs64",
        va_list_size=32, va_list_align=8, anon_bitfield_align=True,
        vector_align_max=16, half_float=True),
    "riscv64": TargetInfo(
        "riscv64", char_signed=False, wchar_signed=True, va_list_kind="pointer",
        va_list_size=8, va_list_align=8),
}


def target_info(target) -> TargetInfo:
    """The record of ``target`` (a Target or a target name such as "aarch64")."""
    name = target if isinstance(target, str) else target.name
    try:
        return _INFOS[name]
    except KeyError:
        raise ValueError(f"no C target information for '{name}'") from None
