"""``-ftime-report``: CPU time per compilation phase and peak memory, printed as gcc does.

    from toolchain.cc import timing
    rep = timing.start()             # the driver, when -ftime-report is given
    ... compile (pipeline.compile_c times its phases through timing.REPORT) ...
    sys.stderr.write(timing.finish())

Phases are timed with the CPU clock of the thread that runs them (``time.thread_time``), so
the front end's big-stack thread is counted. Times are exclusive: a phase nested in another
(preprocessing, which the parser pulls token by token) is subtracted from its parent. With
no report running, nothing is wrapped and nothing costs anything.
"""
from __future__ import annotations

import time

REPORT = None       # the running TimeReport, or None


class TimeReport:
    __slots__ = ("cpu", "wall", "order", "stack", "cpu0", "wall0", "rss")

    def __init__(self):
        self.cpu: dict[str, float] = {}
        self.wall: dict[str, float] = {}
        self.order: list[str] = []
        self.rss: dict[str, float] = {}     # resident memory when the phase last ended (MiB)
        self.stack: list[list] = []     # [name, cpu start, wall start, child cpu, child wall]
        self.cpu0 = time.process_time()
        self.wall0 = time.perf_counter()

    def enter(self, name):
        self.stack.append([name, time.thread_time(), time.perf_counter(), 0.0, 0.0])

    def leave(self):
        name, c0, w0, cc, cw = self.stack.pop()
        c = time.thread_time() - c0
        w = time.perf_counter() - w0
        if name not in self.cpu:
            self.order.append(name)
            self.cpu[name] = self.wall[name] = 0.0
        self.cpu[name] += c - cc
        self.wall[name] += w - cw
        if self.stack:
            self.stack[-1][3] += c
            self.stack[-1][4] += w
        else:
            self.rss[name] = current_rss_mib()

    def wrap(self, name, fn):
        """``fn`` with its calls counted as phase ``name``."""
        def timed(*args, **kw):
            self.enter(name)
            try:
                return fn(*args, **kw)
            finally:
                self.leave()
        return timed

    def text(self) -> str:
        total_cpu = time.process_time() - self.cpu0
        total_wall = time.perf_counter() - self.wall0
        rows = [(n, self.cpu[n], self.wall[n]) for n in self.order]
        other_c = max(0.0, total_cpu - sum(r[1] for r in rows))
        other_w = max(0.0, total_wall - sum(r[2] for r in rows))
        rows.append(("start-up, driver, output", other_c, other_w))

        def pct(x, t):
            return f"({100 * x / t:3.0f}%)" if t > 0 else "(  0%)"
        out = ["", "Time variable                                   cpu           wall"
                   "     RSS after"]
        for n, c, w in rows:
            r = self.rss.get(n)
            r = f"{r:7.0f} MiB" if r is not None else ""
            out.append(f" {n:<35}: {c:6.2f} {pct(c, total_cpu)} {w:6.2f} {pct(w, total_wall)}"
                       f" {r}")
        out.append(f" {'TOTAL':<35}: {total_cpu:6.2f}        {total_wall:6.2f}")
        out.append(f" peak memory (max RSS)              : {peak_rss_mib():6.0f} MiB")
        return "\n".join(out) + "\n"


def peak_rss_mib() -> float:
    try:
        import resource
    except ImportError:         # not on Linux
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def current_rss_mib() -> float:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * 4096 / (1024 * 1024)
    except (OSError, ValueError, IndexError):
        return 0.0


def start() -> TimeReport:
    global REPORT
    REPORT = TimeReport()
    return REPORT


def finish() -> str:
    """The report's text; stops reporting."""
    global REPORT
    rep, REPORT = REPORT, None
    return rep.text() if rep is not None else ""


def phase(name, fn):
    """``fn`` timed as ``name`` when a report is running, else ``fn`` itself."""
    rep = REPORT
    return fn if rep is None else rep.wrap(name, fn)


class instrument_backend:
    """While a report runs, time the code generator's steps (``with instrument_backend(t):``):
    the target's selection and emission, the shared allocator and layout, and pyas fed
    through the target's object writer. Restores everything on exit."""

    def __init__(self, target_name: str):
        self.target_name = target_name
        self.saved = []

    def __enter__(self):
        rep = REPORT
        if rep is None:
            return self
        from .backend import driver
        from .backend.registry import backend_module
        be = getattr(backend_module(self.target_name), "BACKEND", None)
        if be is None:
            return self
        for obj, attr, name in ((driver, "prepare_function", "instruction selection"),
                                (be, "select", "instruction selection"),
                                (driver, "allocate", "register allocation"),
                                (driver, "layout_blocks", "block layout"),
                                (be, "emit_function", "frame and emission")):
            fn = getattr(obj, attr)
            self.saved.append((obj, attr, obj.__dict__.get(attr)))
            setattr(obj, attr, rep.wrap(name, fn))
        make_writer = getattr(be, "object_writer", None)
        if make_writer is not None:
            def object_writer(*a, **kw):
                w = make_writer(*a, **kw)
                return _TimedWriter(w, rep)
            self.saved.append((be, "object_writer", be.__dict__.get("object_writer")))
            be.object_writer = object_writer
        return self

    def __exit__(self, *exc):
        for obj, attr, old in reversed(self.saved):
            if old is None:
                delattr(obj, attr)
            else:
                setattr(obj, attr, old)
        self.saved = []
        return False


class _TimedWriter:
    __slots__ = ("feed", "finish")

    def __init__(self, w, rep):
        self.feed = rep.wrap("assembly (pyas)", w.feed)
        self.finish = rep.wrap("assembly (pyas)", w.finish)
