"""pycc -g: the instruction that last set an argument register before a call, for the
targets' ``dwarf.call_sites`` (DW_TAG_call_site_parameter values)."""
from __future__ import annotations


def nearest_writer(items, k, n, clobbers, stops):
    """Walking back from the call ``items[k]``: the nearest emitted instruction that may
    write DWARF register ``n`` (the target's ``clobbers(item, n)``), and the instructions
    between it and the call; None when a label (another path may enter) or an item
    ``stops(item)`` (a branch, a call, anything not understood) comes first."""
    between = []
    for j in range(k - 1, -1, -1):
        it = items[j]
        if type(it) is str:
            if it.endswith(":"):
                return None
            continue
        if stops(it):
            return None
        if clobbers(it, n):
            return it, between
        between.append(it)
    return None
