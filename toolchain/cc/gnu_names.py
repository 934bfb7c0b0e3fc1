"""Names gcc knows, for __has_attribute / __has_builtin / __has_c_attribute probes and for the
parser's builtin declarations."""

GCC_ATTRIBUTES = frozenset("""
access alias aligned alloc_align alloc_size always_inline artificial assume_aligned cleanup cold
common const constructor copy deprecated designated_init destructor error externally_visible
fallthrough flatten format format_arg gnu_inline hot ifunc interrupt leaf malloc may_alias
mode no_icf no_instrument_function no_profile_instrument_function no_reorder no_sanitize
no_sanitize_address no_sanitize_coverage no_sanitize_thread no_sanitize_undefined
no_split_stack no_stack_limit no_stack_protector noclone nocommon noinit noinline noipa
nonnull nonstring noplt noreturn nothrow optimize packed patchable_function_entry persistent
pure returns_nonnull returns_twice scalar_storage_order section sentinel simd stack_protect
symver target target_clones tls_model transparent_union unavailable unused used vector_size
visibility warn_if_not_aligned warn_unused_result warning weak weakref retain
nodiscard maybe_unused zero_call_used_regs fd_arg fd_arg_read fd_arg_write
naked ms_abi sysv_abi regparm cdecl stdcall fastcall thiscall force_align_arg_pointer
ms_struct gcc_struct indirect_branch function_return nocf_check cf_check indirect_return
fentry_name fentry_section no_caller_saved_registers
""".split())

C_ATTRIBUTES = {"deprecated": 201904, "fallthrough": 201904, "maybe_unused": 201904,
                "nodiscard": 202003}

# without the __builtin_ prefix where gcc has one (both spellings are accepted)
GCC_BUILTINS = frozenset("""
abort abs alloca alloca_with_align assume_aligned bswap16 bswap32 bswap64 bswap128
call_with_static_chain choose_expr classify_type clear_padding clrsb clrsbl clrsbll clz clzl
clzll complex constant_p convertvector copysign copysignf copysignl cpu_init cpu_is
cpu_supports ctz ctzl ctzll dynamic_object_size exit expect expect_with_probability
extend_pointer extract_return_addr fabs fabsf fabsl ffs ffsl ffsll fpclassify frame_address
free frob_return_addr has_attribute huge_val huge_valf huge_vall inf inff infl isfinite
isgreater isgreaterequal isinf isinf_sign isless islessequal islessgreater isnan isnormal
isunordered labs llabs longjmp malloc memchr memcmp memcpy memmove mempcpy memset nan nanf
nanl nans nansf nansl object_size offsetof parity parityl parityll popcount popcountl
popcountll prefetch printf puts return_address saveregs setjmp shuffle shufflevector
signbit signbitf signbitl speculation_safe_value stack_restore stack_save strchr strcmp
strcpy strlen strncmp strncpy tgmath trap types_compatible_p unreachable va_arg_pack
va_arg_pack_len va_copy va_end va_start next_arg add_overflow sub_overflow mul_overflow
add_overflow_p sub_overflow_p mul_overflow_p sadd_overflow saddl_overflow saddll_overflow
uadd_overflow uaddl_overflow uaddll_overflow ssub_overflow ssubl_overflow ssubll_overflow
usub_overflow usubl_overflow usubll_overflow smul_overflow smull_overflow smulll_overflow
umul_overflow umull_overflow umulll_overflow LINE FILE FUNCTION sqrt sqrtf sqrtl
ia32_pause issignaling bit_cast
""".split())

# gcc's prototypes of the C library functions it knows as builtins (`__builtin_X` has X's
# type): "return:parameters", a trailing "." for `...`. Codes: v void, i int, u unsigned,
# l long, L long long, s size_t, p void *, P const void *, c char *, C const char *, n int *,
# and for the math families x the family's floating type (double, float, long double for the
# "", "f", "l" suffixes), q a pointer to it, z its complex type, D long double.
_MATH = {
    "x:x": """acos acosh asin asinh atan atanh cbrt ceil cos cosh erf erfc exp exp2 exp10 expm1
           fabs floor lgamma log log10 log1p log2 logb nearbyint pow10 rint round roundeven sin sinh sqrt
           tan tanh tgamma trunc significand gamma j0 j1 y0 y1""",
    "x:xx": "atan2 copysign fdim fmax fmin fmod hypot nextafter pow remainder drem",
    "x:xxx": "fma", "i:x": "ilogb", "x:xi": "ldexp scalbn", "x:xl": "scalbln",
    "L:x": "llrint llround", "l:x": "lrint lround", "x:xq": "modf", "x:C": "nan",
    "x:xD": "nexttoward", "x:xxn": "remquo", "v:xqq": "sincos", "x:ix": "jn yn",
    "x:xn": "frexp lgamma_r gamma_r", "x:z": "cabs carg",
    "z:z": """cexp clog csqrt ccos csin ctan cacos casin catan ccosh csinh ctanh cacosh casinh
           catanh cproj""",
    "z:zz": "cpow",
}
_LIB = {
    "p:pPs": "memcpy memmove mempcpy", "p:pis": "memset", "i:PPs": "memcmp bcmp",
    "p:Pis": "memchr", "v:Pps": "bcopy", "v:ps": "bzero", "c:Ci": "index rindex strchr strrchr",
    "s:C": "strlen", "s:Cs": "strnlen", "c:cC": "strcpy stpcpy strcat",
    "c:cCs": "strncpy stpncpy strncat", "i:CC": "strcmp strcasecmp",
    "i:CCs": "strncmp strncasecmp", "s:CC": "strspn strcspn",
    "c:C": "strdup gettext", "c:Cs": "strndup", "i:C.": "printf scanf printf_unlocked",
    "i:pC.": "fprintf fscanf fprintf_unlocked", "i:cC.": "sprintf", "i:csC.": "snprintf",
    "i:CC.": "sscanf execl execlp execle", "i:C": "puts puts_unlocked", "i:i": """putchar
    putchar_unlocked abs isalnum isalpha isascii isblank iscntrl isdigit isgraph islower
    isprint ispunct isspace isupper isxdigit toascii tolower toupper""",
    "i:Cp": "fputs fputs_unlocked execv execvp", "i:ip": "fputc putc fputc_unlocked putc_unlocked",
    "s:Pssp": "fwrite fwrite_unlocked", "p:s": "malloc", "p:ss": "calloc aligned_alloc",
    "p:ps": "realloc", "v:p": "free", "i:pss": "posix_memalign", "v:": "abort",
    "v:i": "exit _exit _Exit", "l:l": "labs", "L:L": "llabs imaxabs",
    "i:u": """iswalnum iswalpha iswblank iswcntrl iswdigit iswgraph iswlower iswprint iswpunct
    iswspace iswupper iswxdigit""", "u:u": "towlower towupper",
    "v:pp": "__clear_cache",
    "s:csCP": "strftime", "c:CC": "strstr strpbrk dgettext", "c:CCi": "dcgettext",
    "i:Cpp": "execve", "i:": "fork",
}
LIB_PROTOS = {}
for _sig, _names in _LIB.items():
    for _n in _names.split():
        LIB_PROTOS[_n] = _sig
for _sig, _names in _MATH.items():
    for _n in _names.split():
        for _suffix, _fam in (("", "d"), ("f", "f"), ("l", "D")):
            LIB_PROTOS[_n + _suffix] = _sig + "/" + _fam
del _sig, _names, _n, _suffix, _fam


def has_builtin(name: str) -> bool:
    """``__has_builtin(name)``: 1 only for what pycc implements (lower.builtins.implemented),
    gcc's library names without the prefix included; ``__builtin_va_arg`` and
    ``__builtin_complex`` are syntax (gcc: 0)."""
    from .lower.builtins import LIBRARY_BUILTINS, implemented
    if name in ("__builtin_va_arg", "__builtin_complex"):
        return False
    if name.startswith(("__builtin_", "__sync_", "__atomic_")):
        return implemented(name)
    return name in LIBRARY_BUILTINS and implemented("__builtin_" + name)
