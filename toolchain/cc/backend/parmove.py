"""The parallel-move resolver: the one place that turns a set of simultaneous copies into a
sequence of machine moves (phi moves on CFG edges; any target).

A location is a physical ``Reg`` or a ``FrameSlot`` (a spilled value). ``resolve`` orders the
moves so that no source is overwritten before it is read; a cycle (a <- b <- a) is broken by
saving one destination in the class's first scratch register; memory-to-memory moves go
through the second scratch register. Instructions come from the backend's ``move``,
``spill_load`` and ``spill_store`` hooks, so the resolver knows no instruction.
"""
from __future__ import annotations

from .mir import FrameSlot


def resolve(moves, be, scratch: dict) -> list:
    """``moves``: [(src_loc, dst_loc, cls)], destinations distinct. Returns [MInstr]."""
    out = []
    pending = []
    for s, d, c in moves:
        if s is not d:
            pending.append([s, d, c])
    if not pending:
        return out
    readers = {}
    for m in pending:
        readers[m[0]] = readers.get(m[0], 0) + 1

    def emit(s, d, c):
        if isinstance(s, FrameSlot):
            if isinstance(d, FrameSlot):
                t = scratch[c][1]
                out.append(be.spill_load(t, s))
                out.append(be.spill_store(t, d))
            else:
                out.append(be.spill_load(d, s))
        elif isinstance(d, FrameSlot):
            out.append(be.spill_store(s, d))
        else:
            out.append(be.move(d, s))

    while pending:
        for k, m in enumerate(pending):
            if not readers.get(m[1]):
                s, d, c = m
                emit(s, d, c)
                pending.pop(k)
                n = readers[s] - 1
                if n:
                    readers[s] = n
                else:
                    del readers[s]
                break
        else:
            # every destination is still to be read: a cycle. Save one destination's value
            # in a scratch register and read it from there.
            s, d, c = pending[0]
            t = scratch[c][0]
            emit(d, t, c)
            cnt = 0
            for m in pending:
                if m[0] is d:
                    m[0] = t
                    cnt += 1
            del readers[d]
            readers[t] = readers.get(t, 0) + cnt
    return out
