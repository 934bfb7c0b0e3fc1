"""pycc -g: DWARF debug information (issue 17; docs/debug.md).

``DebugOptions`` holds what gcc's -g options select; ``parse_g_option`` updates it from one
command-line word. Lowering records positions and variables (lowering.py, record.py), the
back end carries positions onto machine instructions, and the driver hands each emitted
function and finally the module to ``info.DebugModule``.
"""
from __future__ import annotations


class DebugOptions:
    __slots__ = ("level", "dwarf_version")

    def __init__(self):
        self.level = 0              # 0 none, 1 lines and functions, 2 default, 3 macros too
        self.dwarf_version = 5

    @property
    def enabled(self) -> bool:
        return self.level > 0


_GNO_IGNORED = ("-gno-record-gcc-switches", "-grecord-gcc-switches", "-gno-column-info",
                "-gcolumn-info", "-gno-inline-points", "-gno-statement-frontiers",
                "-gstatement-frontiers", "-gno-variable-location-views", "-gvariable-location-views",
                "-gno-strict-dwarf", "-gstrict-dwarf", "-gno-as-loc-support", "-gas-loc-support",
                "-gno-as-locview-support", "-gas-locview-support", "-gno-pubnames", "-gpubnames",
                "-gno-split-dwarf", "-gno-describe-dynamic-types", "-gdescribe-dynamic-types",
                "-gno-internal-reset-location-views", "-ginternal-reset-location-views",
                "-gno-inline-points", "-ginline-points", "-gz", "-gz=none", "-gz=zlib")


def parse_g_option(o: DebugOptions, a: str) -> bool:
    """Apply one -g word; False if it is not a debug option we know (the caller reports it)."""
    if a in ("-g", "-ggdb", "-gdwarf"):
        o.level = 2
        return True
    if a in ("-g0", "-ggdb0", "-gno-dwarf"):
        o.level = 0
        return True
    if a in ("-g1", "-g2", "-g3", "-ggdb1", "-ggdb2", "-ggdb3"):
        o.level = int(a[-1])
        return True
    if a.startswith("-gdwarf-"):
        v = a[len("-gdwarf-"):]
        if v not in ("2", "3", "4", "5"):
            return False
        o.dwarf_version = max(4, int(v))
        if o.level == 0:
            o.level = 2
        return True
    if a in _GNO_IGNORED or a.startswith(("-gz=", "-gno-", "-gcolumn", "-gbtf", "-gctf")):
        return True
    return False
