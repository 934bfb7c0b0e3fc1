"""The target-info record agrees with gcc's view of each target (sizes, char signedness,
long double, va_list) and the front end's type table reads it."""
from toolchain.cc.targetinfo import target_info
from toolchain.cc.types import TargetTypes
from toolchain.targets import get_target


def test_records():
    x, a, r = (target_info(n) for n in ("x86_64", "aarch64", "riscv64"))
    assert x.char_signed and not a.char_signed and not r.char_signed
    assert (x.long_double_fmt, a.long_double_fmt, r.long_double_fmt) == ("x87", "binary128", "binary128")
    assert (x.va_list_size, a.va_list_size, r.va_list_size) == (24, 32, 8)
    assert a.wchar_signed is False and x.wchar_signed and r.wchar_signed
    for ti in (x, a, r):
        assert ti.sizeof["long"] == 8 and ti.sizeof["long double"] == 16
    assert target_info(get_target("aarch64")) is a


def test_types_follow_record():
    for n in ("x86_64", "aarch64", "riscv64"):
        ti = target_info(n)
        tt = TargetTypes(get_target(n))
        assert tt.info is ti
        assert tt.char.signed == ti.char_signed
        assert tt.ldouble.fmt == ti.long_double_fmt
        assert tt.va_list.size == ti.va_list_size and tt.va_list.align == ti.va_list_align
        assert tt.wchar_t.signed == ti.wchar_signed
