"""Run inside gdb (``gdb -batch -x o2_session.py``) by tests/debug/o2_coverage.py: break at
every function named in O2_FUNCS (the program's own functions that are real functions in
every build, and the library functions every build calls), run, and at each stop print the
variables of the program's frames (the callee's arguments at its entry, and every variable
of each calling frame, inlined frames included) as JSON lines to O2_OUT. Stops are keyed by
callee, calling function and the how-many-th such stop it is (not the line: compilers
give a call's return address different rows), so the builds' stops can be matched. At most O2_MAX stops. Variables declared below the stop line are
left out (their value is not yet defined); pointers are compared by their target's value.
With O2_MEM set, a value gdb read from the variable's one home in memory (no location list)
is marked with a leading "@"."""
import json
import os
import re

import gdb  # noqa: F401  (provided by gdb)

OUT = []
SRCS = set(os.environ.get("O2_SRCS", "").split())
FUNCS = os.environ.get("O2_FUNCS", "").split()
MAX = int(os.environ.get("O2_MAX", "80"))
_ADDR = re.compile(r"0x[0-9a-f]+")


def run(cmd):
    try:
        return gdb.execute(cmd, to_string=True)
    except gdb.error as e:
        return f"error: {e}"


def show(v, depth=0):
    """A build-independent text of value v, or None when gdb has none (optimised out)."""
    try:
        if v.is_optimized_out:
            return None
        t = v.type.strip_typedefs()
        if t.code == gdb.TYPE_CODE_PTR:
            if int(v) == 0:
                return "ptr:null"
            tt = t.target().strip_typedefs()
            if depth == 0 and tt.code in (gdb.TYPE_CODE_INT, gdb.TYPE_CODE_FLT,
                                          gdb.TYPE_CODE_CHAR, gdb.TYPE_CODE_ENUM,
                                          gdb.TYPE_CODE_BOOL):
                try:
                    return "ptr->" + str(v.dereference())
                except gdb.error:
                    return "ptr:bad"
            return "ptr:set"
        if t.code == gdb.TYPE_CODE_FUNC:
            return None
        s = str(v)
    except gdb.error:
        return None
    if "<optimized out>" in s or "<synthetic pointer>" in s:
        return None
    s = _ADDR.sub("0xADDR", s)
    return re.sub(r"<([A-Za-z_]\w*)\.\d+(\+\d+)?>", r"<\1.N\2>", s)


def in_program(f):
    sal = f.find_sal()
    return sal.symtab is not None and os.path.basename(sal.symtab.filename) in SRCS


def frame_vars(f, line, args_only):
    out = {}
    try:
        b = f.block()
    except RuntimeError:
        return out
    while b is not None:
        for sym in b:
            if not (sym.is_variable or sym.is_argument) or sym.name in out:
                continue
            if args_only and not sym.is_argument:
                continue
            if not sym.is_argument and (sym.line == 0 or sym.line >= line):
                continue
            if sym.addr_class == gdb.SYMBOL_LOC_STATIC:
                continue
            try:
                v = sym.value(f)
            except (gdb.error, RuntimeError, ValueError):
                v = None
            out[sym.name] = show(v) if v is not None else None
            try:        # read from its home in memory (one location, not a location
                #             list's piece in a register or a spill slot): marked "@"
                if out[sym.name] is not None and v.address is not None and \
                        os.environ.get("O2_MEM"):
                    f.select()
                    if "multi-location" not in run(f"info address {sym.name}"):
                        out[sym.name] = "@" + out[sym.name]
            except gdb.error:
                pass
        if b.function is not None:
            break
        b = b.superblock
    return out


def main():
    run("set breakpoint pending on")
    run("set pagination off")
    run("set print elements 16")
    for fn in FUNCS:
        run(f"break {fn}")
    if os.environ.get("O2_REMOTE"):
        run("continue")
    else:
        run("run > /dev/null")
    counts = {}
    stops = 0
    while stops < MAX:
        try:
            f0 = gdb.selected_frame()
            if not gdb.selected_inferior().pid:
                break
        except gdb.error:
            break
        callee = f0.name() or "?"
        frames = []
        f = f0.older()
        while f is not None and len(frames) < 3:
            if in_program(f):
                frames.append(f)
            f = f.older()
        if frames:
            first = frames[0]
            key = (callee, first.name())
            n = counts[key] = counts.get(key, 0) + 1
            rec = {"key": f"{callee}<-{key[1]}#{n}", "frames": []}
            if in_program(f0):
                rec["frames"].append([f"0:{callee}", frame_vars(f0, 0, True)])
            for k, fr in enumerate(frames, 1):
                rec["frames"].append([f"{k}:{fr.name()}",
                                      frame_vars(fr, fr.find_sal().line, False)])
            OUT.append(json.dumps(rec, sort_keys=True))
        stops += 1
        r = run("continue")
        if r.startswith("error") or "exited" in r:
            break
    with open(os.environ["O2_OUT"], "w") as fo:
        fo.write("\n".join(OUT) + "\n")
    run("kill")


main()
