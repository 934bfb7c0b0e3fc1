"""IR preparation shared by every target, run on each function before instruction selection.

- blocks unreachable from the entry are deleted (``ir.cfg.remove_unreachable``);
- critical edges are split (``ir.cfg.split_critical_edges``; edges of ``indirectbr`` cannot be
  split, the allocator places their phi moves at the end of the predecessor).

After this, every phi edge P -> S has P with one successor, or S with one predecessor, or P
ending in ``indirectbr``: the three places ``regalloc.place_phi_moves`` knows.
"""
from __future__ import annotations

from ..ir.cfg import remove_unreachable, split_critical_edges


def prepare_function(backend, ctx, f, level) -> None:
    remove_unreachable(f)
    if any(next(b.phis(), None) is not None for b in f.blocks):
        split_critical_edges(f)
    backend.prepare(ctx, f, level)
