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


# gcc 12's warning options for C (`gcc --help=warnings,undocumented`, `--help=common`,
# `--help=c`), without the -W: NAME= takes a value, NAME- a joined one (-Wlarger-than-N)
WARNING_OPTIONS = frozenset("""
    NSObject-attribute abi abi-tag abi= absolute-value address address-of-packed-member
    aggregate-return aggressive-loop-optimizations aliasing align-commons aligned-new= all
    alloc-size-larger-than= alloc-zero alloca alloca-larger-than= ampersand
    analyzer-double-fclose analyzer-double-free analyzer-exposure-through-output-file
    analyzer-file-leak analyzer-free-of-non-heap analyzer-malloc-leak
    analyzer-mismatching-deallocation analyzer-null-argument analyzer-null-dereference
    analyzer-possible-null-argument analyzer-possible-null-dereference
    analyzer-shift-count-negative analyzer-shift-count-overflow analyzer-stale-setjmp-buffer
    analyzer-tainted-allocation-size analyzer-tainted-array-index analyzer-tainted-divisor
    analyzer-tainted-offset analyzer-tainted-size analyzer-too-complex
    analyzer-unsafe-call-within-signal-handler analyzer-use-after-free
    analyzer-use-of-pointer-in-stale-stack-frame analyzer-use-of-uninitialized-value
    analyzer-write-to-const analyzer-write-to-string-literal arith-conversion array-bounds
    array-bounds= array-compare array-parameter array-parameter= array-temporaries
    assign-intercept attribute-alias attribute-alias= attribute-warning attributes attributes=
    bad-function-cast bidi-chars bidi-chars= bool-compare bool-operation
    builtin-declaration-mismatch builtin-macro-redefined c++-compat c++0x-compat c++11-compat
    c++11-extensions c++14-compat c++14-extensions c++17-compat c++17-extensions c++1z-compat
    c++20-compat c++20-extensions c++23-extensions c++2a-compat c-binding-type c11-c2x-compat
    c90-c99-compat c99-c11-compat cannot-profile cast-align cast-align=strict
    cast-function-type cast-qual cast-result catch-value catch-value= char-subscripts
    character-truncation chkp class-conversion class-memaccess clobbered comma-subscript
    comment comments compare-reals conditionally-supported conversion conversion-extra
    conversion-null coverage-invalid-line-number coverage-mismatch cpp ctad-maybe-unsupported
    ctor-dtor-privacy dangling-else dangling-pointer dangling-pointer= date-time
    declaration-after-statement delete-incomplete delete-non-virtual-dtor deprecated
    deprecated-copy deprecated-copy-dtor deprecated-declarations
    deprecated-enum-enum-conversion deprecated-enum-float-conversion designated-init
    disabled-optimization discarded-array-qualifiers discarded-qualifiers div-by-zero
    do-subscript double-promotion duplicate-decl-specifier duplicated-branches duplicated-cond
    effc++ empty-body endif-labels enum-compare enum-conversion error
    error-implicit-function-declaration exceptions expansion-to-defined extra extra-semi
    fatal-errors float-conversion float-equal format format-contains-nul format-diag
    format-extra-args format-nonliteral format-overflow format-overflow= format-security
    format-signedness format-truncation format-truncation= format-y2k format-zero-length
    format= frame-address frame-larger-than= free-nonheap-object function-elimination hsa
    if-not-aligned ignored-attributes ignored-qualifiers implicit implicit-fallthrough
    implicit-fallthrough= implicit-function-declaration implicit-int implicit-interface
    implicit-procedure import inaccessible-base incompatible-pointer-types infinite-recursion
    inherited-variadic-ctor init-list-lifetime init-self inline int-conversion
    int-in-bool-context int-to-pointer-cast integer-division interference-size intrinsic-shadow
    intrinsics-std invalid-imported-macros invalid-memory-model invalid-offsetof invalid-pch
    jump-misses-init larger-than- larger-than= line-truncation literal-suffix
    logical-not-parentheses logical-op long-long lto-type-mismatch main maybe-uninitialized
    memset-elt-size memset-transposed-args misleading-indentation mismatched-dealloc
    mismatched-new-delete mismatched-tags missing-attributes missing-braces
    missing-declarations missing-field-initializers missing-format-attribute
    missing-include-dirs missing-noreturn missing-parameter-type missing-profile
    missing-prototypes missing-requires missing-template-keyword mudflap multichar
    multiple-inheritance multistatement-macros namespaces narrowing nested-externs noexcept
    noexcept-type non-template-friend non-virtual-dtor nonnull nonnull-compare normalized
    normalized= null-dereference objc-root-class odr old-style-cast old-style-declaration
    old-style-definition openacc-parallelism openmp-simd overflow overlength-strings
    overloaded-virtual override-init override-init-side-effects overwrite-recursive packed
    packed-bitfield-compat packed-not-aligned padded parentheses pedantic pessimizing-move
    placement-new placement-new= pmf-conversions pointer-arith pointer-compare pointer-sign
    pointer-to-int-cast pragmas prio-ctor-dtor property-assign-default protocol psabi
    range-loop-construct real-q-constant realloc-lhs realloc-lhs-all redundant-decls
    redundant-move redundant-tags register reorder restrict return-local-addr return-type
    scalar-storage-order selector sequence-point shadow shadow-compatible-local shadow-ivar
    shadow-local shadow=compatible-local shadow=global shadow=local shift-count-negative
    shift-count-overflow shift-negative-value shift-overflow shift-overflow= sign-compare
    sign-conversion sign-promo sized-deallocation sizeof-array-argument sizeof-array-div
    sizeof-pointer-div sizeof-pointer-memaccess stack-protector stack-usage= strict-aliasing
    strict-aliasing= strict-null-sentinel strict-overflow strict-overflow= strict-prototypes
    strict-selector-match string-compare stringop-overflow stringop-overflow= stringop-overread
    stringop-truncation subobject-linkage suggest-attribute=cold suggest-attribute=const
    suggest-attribute=format suggest-attribute=malloc suggest-attribute=noreturn
    suggest-attribute=pure suggest-final-methods suggest-final-types suggest-override
    surprising switch switch-bool switch-default switch-enum switch-outside-range
    switch-unreachable sync-nand synth system-headers tabs target-lifetime tautological-compare
    templates terminate traditional traditional-conversion trampolines trigraphs
    trivial-auto-var-init tsan type-limits undeclared-selector undef undefined-do-loop
    underflow uninitialized unknown-pragmas unreachable-code unsafe-loop-optimizations
    unsuffixed-float-constants unused unused-but-set-parameter unused-but-set-variable
    unused-const-variable unused-const-variable= unused-dummy-argument unused-function
    unused-label unused-local-typedefs unused-macros unused-parameter unused-result
    unused-value unused-variable use-after-free use-after-free= use-without-only useless-cast
    varargs variadic-macros vector-operation-performance vexing-parse virtual-inheritance
    virtual-move-assign vla vla-larger-than= vla-parameter volatile volatile-register-var
    write-strings zero-as-null-pointer-constant zero-length-bounds zerotrip
""".split())


def warning_option_error(arg: str) -> str | None:
    """gcc's error for the driver option ``arg`` (-W...), None when gcc accepts it: an
    unknown -Wfoo is "unrecognized command-line option", -Werror=foo and -Wno-error=foo name
    the missing -Wfoo; an unknown -Wno-foo is accepted (gcc says nothing unless other
    diagnostics are printed)."""
    name = arg[2:]
    if name in ("", "error", "no-error") or name.startswith("no-") and \
            not name.startswith("no-error="):
        return None
    if name.startswith(("error=", "no-error=")):
        what = name.partition("=")[2]
        return None if _known_warning(what) else f"'{arg}': no option '-W{what}'"
    return None if _known_warning(name) else f"unrecognized command-line option '{arg}'"


def _known_warning(name: str) -> bool:
    if name in WARNING_OPTIONS:
        return True
    key, eq, _ = name.partition("=")
    if eq:
        return key + "=" in WARNING_OPTIONS
    return any(name.startswith(p) and len(name) > len(p)
               for p in WARNING_OPTIONS if p.endswith("-"))
