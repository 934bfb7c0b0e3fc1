"""A gdb session run inside gdb (``gdb -batch -x gdb_session.py``), the same for every
program and compiler: break at main and at a line, watch a local, then step/next/finish
through the program printing at each stop the frame, bt with arguments, the locals in scope
(their values once declared), a struct/array element/pointer dereference and the ptype of
each local. Environment: GDB_STEPS (stops, default 40), GDB_ARGS (program arguments),
GDB_STDIN (file for the program's standard input). Output goes to GDB_OUT."""
import os
import re

import gdb  # noqa: F401  (provided by gdb)

OUT = []
SRCS = set()
if os.path.exists("srcs"):
    with open("srcs") as _f:
        SRCS = set(_f.read().split())


def emit(s):
    # addresses and the numbering of static locals' symbols (<name.93>) differ by compiler
    s = re.sub(r"0x[0-9a-f]+", "0xADDR", str(s))
    OUT.append(re.sub(r"<([A-Za-z_]\w*)\.\d+(\+\d+)?>", r"<\1.N\2>", s))


def run(cmd):
    try:
        return gdb.execute(cmd, to_string=True)
    except gdb.error as e:
        return f"error: {e}"


def alive():
    try:
        return gdb.selected_inferior().pid != 0 and gdb.selected_thread() is not None
    except gdb.error:
        return False


def show_frame():
    try:
        f = gdb.selected_frame()
    except gdb.error:
        return False
    sal = f.find_sal()
    if sal.symtab is None or not os.path.exists(os.path.join(os.getcwd(), "srcs")) \
            or os.path.basename(sal.symtab.filename) not in SRCS:
        emit(f"left the program ({f.name()})")
        return False
    line = sal.line
    emit(f"stop {f.name()} {os.path.basename(sal.symtab.filename)}:{line}")
    for ln in run("bt 3").splitlines():
        emit(re.sub(r"^(#\d+\s+)(0xADDR in |0x[0-9a-f]+ in )?", r"\1", ln))
    try:
        b = f.block()
    except RuntimeError:
        return True
    depth = 0
    while b is not None and depth < 4:
        for sym in b:
            if not (sym.is_variable or sym.is_argument):
                continue
            declared = sym.is_argument or sym.line < line or sym.addr_class == gdb.SYMBOL_LOC_STATIC
            if not declared:
                emit(f"  {sym.name} (not yet)")
                continue
            try:
                v = sym.value(f)
                emit(f"  {sym.name} = {v.format_string(address=False)}")
                t = v.type.strip_typedefs()
                if t.code == gdb.TYPE_CODE_PTR and int(v) != 0:
                    tt = t.target().strip_typedefs()
                    if tt.code in (gdb.TYPE_CODE_INT, gdb.TYPE_CODE_STRUCT, gdb.TYPE_CODE_FLT):
                        emit(f"  *{sym.name} = {v.dereference().format_string(address=False)}")
                elif t.code == gdb.TYPE_CODE_ARRAY and t.range()[1] >= 1:
                    emit(f"  {sym.name}[1] = {v[1].format_string(address=False)}")
                if t.code in (gdb.TYPE_CODE_STRUCT, gdb.TYPE_CODE_UNION) or \
                        v.type.code == gdb.TYPE_CODE_TYPEDEF:
                    for ln in run(f"ptype {sym.name}").splitlines():
                        emit("  | " + ln)
            except (gdb.error, gdb.MemoryError, RuntimeError, ValueError) as e:
                emit(f"  {sym.name}: error {e}")
        if b.function is not None:
            break
        b = b.superblock
        depth += 1
    return True


def in_program():
    try:
        sal = gdb.selected_frame().find_sal()
    except gdb.error:
        return False
    return sal.symtab is not None and os.path.basename(sal.symtab.filename) in SRCS


def back_to_program():
    """A step that ends in a library function without line information (one build calls
    memcpy/memset where the other copies inline) finishes back to the program and steps
    on, as a user would."""
    for _ in range(3):
        if not alive() or in_program():
            return
        run("finish")
        if alive() and in_program():
            f = gdb.selected_frame()
            if f.find_sal().pc != f.pc():   # returned into the middle of a line: finish it
                run("step")


def frame_depth():
    depth = 0
    try:
        fr = gdb.selected_frame()
        while fr is not None and depth < 8:
            fr = fr.older()
            depth += 1
    except gdb.error:
        pass
    return depth


def scrub_locals():
    """Zero the non-static locals of the function just stepped into (none is set yet;
    what the stack held there differs by build)."""
    try:
        f = gdb.selected_frame()
        inf = gdb.selected_inferior()
        b = f.block()
        while b is not None:
            for sym in b:
                if sym.is_variable and not sym.is_argument and \
                        sym.addr_class != gdb.SYMBOL_LOC_STATIC:
                    v = sym.value(f)
                    if v.address is not None:
                        inf.write_memory(int(v.address), b"\0" * v.type.sizeof)
            if b.function is not None:
                break
            b = b.superblock
    except (gdb.error, gdb.MemoryError, RuntimeError, ValueError):
        pass


def scrub_stack():
    """Uninitialised stack memory holds whatever the loader left, which differs by build:
    at main's first stop (no statement of main has run) zero the stack below the stack
    pointer and main's own non-static locals, so both builds start from the same bytes."""
    try:
        f = gdb.selected_frame()
        inf = gdb.selected_inferior()
        sp = int(f.read_register("sp"))
        n = 64 * 1024
        inf.write_memory(sp - n, b"\0" * n)
        for sym in f.block():
            if sym.is_variable and sym.addr_class != gdb.SYMBOL_LOC_STATIC:
                v = sym.value(f)
                if v.address is not None:
                    inf.write_memory(int(v.address), b"\0" * v.type.sizeof)
    except (gdb.error, gdb.MemoryError, RuntimeError, ValueError):
        pass


def main():
    steps = int(os.environ.get("GDB_STEPS", "40"))
    run("set pagination off")
    run("set confirm off")
    run("set width 0")
    args = os.environ.get("GDB_ARGS", "")
    stdin = os.environ.get("GDB_STDIN")
    if stdin:
        args += f" < {stdin}"
    if os.environ.get("GDB_REMOTE"):
        emit(run("break main").split(" at ")[0])
        emit(run("continue").strip().splitlines()[-1:] or "")
    else:
        emit(run("break main").split(" at ")[0])
        emit(run("run " + args).strip().splitlines()[-1:] or "")
    if not alive():
        emit("not running")
        return
    scrub_stack()
    show_frame()
    lines = os.environ.get("GDB_LINES")
    if lines:
        at_lines(lines.split(), steps)
        return
    f = gdb.selected_frame()
    line = f.find_sal().line
    fn = os.path.basename(f.find_sal().symtab.filename) if f.find_sal().symtab else None
    # a line breakpoint a few lines on (where it resolves to)
    if fn:
        r = run(f"tbreak {fn}:{line + 3}")
        m = re.search(r"line (\d+)", r)
        emit(f"line breakpoint {line + 3} -> {m.group(1) if m else r.strip()}")
    for i in range(steps):
        if not alive():
            break
        try:
            depth = 0
            fr = gdb.selected_frame()
            while fr is not None and depth < 8:
                fr = fr.older()
                depth += 1
        except gdb.error:
            depth = 0
        cmd = "step"
        if i % 4 == 3:
            cmd = "next"
        if depth > 1 and i % 6 == 5:
            cmd = "finish"
        r = run(cmd)
        emit(f"> {cmd}")
        for ln in r.splitlines():
            if ln.startswith(("Run till exit", "Value returned")) or "exited" in ln:
                emit(ln)
        back_to_program()
        if frame_depth() > depth:
            scrub_locals()          # a function just entered: its locals are unset
        if not show_frame():
            break
    # a watchpoint on a scalar local of the frame we ended in
    if alive():
        watched = None
        try:
            for sym in gdb.selected_frame().block():
                if sym.is_variable and sym.addr_class != gdb.SYMBOL_LOC_STATIC:
                    if sym.type.strip_typedefs().code in (gdb.TYPE_CODE_INT, gdb.TYPE_CODE_PTR):
                        watched = sym.name
                        break
        except (RuntimeError, gdb.error):
            pass
        if watched:
            emit("watch " + watched + ": " + run(f"watch {watched}").split(":")[0])
            r = run("continue")
            for ln in r.splitlines():
                if ln.startswith(("New value", "Hardware watchpoint", "Watchpoint")) \
                        or "exited" in ln:
                    emit(ln)
            run("delete")
            show_frame()


def at_lines(lines, steps):
    """The reference for an optimised build: stop at each line (file:line) the optimised
    session stopped at, every time it is reached, showing the frame as the session does."""
    for ln in lines:
        run(f"break {ln}")
    for _ in range(steps):
        if not alive():
            break
        run("continue")
        if not alive() or not show_frame():
            break


try:
    main()
finally:
    with open(os.environ["GDB_OUT"], "w") as fh:
        fh.write("\n".join(str(x) for x in OUT) + "\n")
    gdb.execute("kill", to_string=True) if alive() else None
