"""The line reader: input stack, comments, statement separators, labels and assignments,
dispatch of directives and instructions, cpp line markers, ``.include`` and ``.end``."""
from __future__ import annotations

import errno
import os
import re
import stat
import struct

from ..elf import constants as C
from .expr import ExprError, parse_string
from .model import AsmError, split_top


_LINE_MARKER_RE = re.compile(r'#\s*(\d+)\s+("(?:[^"\\]|\\.)*")')     # '# 12 "x.S"' only


_LABEL_RE = re.compile(r"\s*([A-Za-z_.$][A-Za-z0-9_.$@]*|[0-9]+)\s*:(?!:)")


_QLABEL_RE = re.compile(r'\s*"([^"]+)"\s*:')


_WORD_RE = re.compile(r"\s*([A-Za-z_.$][A-Za-z0-9_.$]*)")


_ASSIGN_RE = re.compile(r"\s*([A-Za-z_.$][A-Za-z0-9_.$]*)\s*(==|=)(?!=)\s*(.*)$")


# the most an input that is not a regular file (a device, a pipe) may give: `.include
# "/dev/zero"` or `pyas /dev/zero` is an error, not all of memory
INPUT_LIMIT = 1 << 30


def read_input(f, path: str) -> bytes:
    """The whole of an open input (binary); one that is not a regular file is read in pieces
    up to INPUT_LIMIT, past which it is "File too large" (OSError)."""
    try:
        regular = stat.S_ISREG(os.fstat(f.fileno()).st_mode)
    except (OSError, ValueError):
        regular = False
    if regular:
        return f.read()
    parts = []
    n = 0
    while True:
        b = f.read(1 << 20)
        if not b:
            return b"".join(parts)
        n += len(b)
        if n > INPUT_LIMIT:
            raise OSError(errno.EFBIG, os.strerror(errno.EFBIG), path)
        parts.append(b)


class _Input:
    __slots__ = ("lines", "i", "file", "base", "macro", "loc_line", "line_of", "dfile", "ddelta",
                 "dpos", "dactive")

    def __init__(self, lines, file, base=0, macro=False, loc_line=None):
        self.lines = lines
        self.i = 0
        self.file = file
        self.base = base
        self.macro = macro
        self.loc_line = loc_line
        # -g (debug info for the assembly source itself): the logical file and line offset
        # set by cpp's '# 12 "x.S"' markers, a macro's fixed position (its invocation), or a
        # repeat body's (first line, body length, file, delta)
        self.line_of = None
        self.dfile = None          # the logical file ('.file "x"' or a marker's)
        self.ddelta = 0
        self.dactive = False       # a marker set the logical line: the logical place counts
        self.dpos = None


class ReaderMixin:
    """Reading lines and statements (the front of :class:`Assembler`)."""

    # ------------------------------------------------------------------------------------------
    # input
    def assemble_text(self, text: str, filename: str = "<stdin>") -> None:
        pre = getattr(self.target, "preprocess", None)
        if pre is not None:
            # target hook: whole-text scrubbing (AArch64: /* */ comments)
            text = pre(text)
        self.inputs.append(_Input(text.split("\n"), filename))
        self._run()

    def assemble_items(self, items, filename: str = "<pycc>", encode=None) -> None:
        """Assemble a compiler's output stream without reading assembly text for its
        instructions: a ``str`` item is a label (``name:``) or a directive (``\t.dir args``,
        handed to the directive's handler with its argument text); any other item is an
        instruction object handed to ``encode(item)``, the target's object encoder, which
        returns None when it encoded the item, or assembly text to read (inline asm
        templates, which are legitimately assembled). Used by pycc -c."""
        self.file = filename
        directives = self.directives
        for it in items:
            self.line += 1
            try:
                if type(it) is str:
                    if it[-1:] == ":" and it[0] not in "\t ":
                        self.define_label(it[:-1])
                        continue
                    s = it.lstrip()
                    if s[:1] == "." and "\n" not in s:
                        parts = s.split(None, 1)
                        h = directives.get(parts[0].lower())
                        if h is not None and not (self.cond_stack or self.collect is not None):
                            h(self, parts[1].rstrip() if len(parts) > 1 else "")
                            continue
                    text = it
                else:
                    text = encode(it)
                    if text is None:
                        continue
            except AsmError as e:
                self.error(str(e))
                continue
            except ExprError as e:
                self.error(str(e))
                continue
            line = self.line
            self.inputs.append(_Input(text.split("\n"), filename, line - 1))
            self._run()
            self.line = line

    def _run(self) -> None:
        inputs = self.inputs
        statement = self.statement
        simple = self._statement
        search = self._special_re.search
        while inputs:
            inp = inputs[-1]
            lines = inp.lines
            self.file = inp.file
            n = len(lines)
            while inp.i < n:
                i = inp.i
                inp.i = i + 1
                if inp.macro:
                    self.line = inp.loc_line
                else:
                    self.line = inp.base + i + 1
                try:
                    line = lines[i]
                    if self.collect is None and search(line) is None:
                        # no comment, separator or string on this line (statement's fast path)
                        simple(line)
                    else:
                        statement(line)
                except (AsmError, ExprError) as e:
                    before = getattr(e, "before", None)
                    if before:
                        self.error(before)
                    self.error(str(e))
                except RecursionError:
                    self.error("expression or macro nests too deeply")
                except (ValueError, TypeError, IndexError, KeyError, AttributeError,
                        OverflowError, struct.error, UnicodeError) as e:
                    # malformed input that slipped past a check: a diagnostic, not a crash
                    self.error(f"bad statement ({type(e).__name__}: {e})")
                if inputs[-1] is not inp:
                    break
            else:
                if inputs and inputs[-1] is inp:
                    inputs.pop()
                    if inp.macro == "macro":
                        self.macro_depth -= 1

    def strip_comment(self, line: str) -> str:
        """Remove comments (outside strings and character constants)."""
        cc = self.comment_chars
        for c in cc:
            if c in line:
                break
        else:
            return line
        if '"' not in line and "'" not in line:
            cut = len(line)
            for c in cc:
                j = line.find(c)
                if 0 <= j < cut:
                    cut = j
            return line[:cut]
        i = 0
        n = len(line)
        while i < n:
            ch = line[i]
            if ch == '"':
                i += 1
                while i < n and line[i] != '"':
                    if line[i] == "\\":
                        i += 1
                    i += 1
            elif ch == "'":
                i += 2
                if i - 1 < n and line[i - 1] == "\\":
                    i += 1
                continue
            else:
                for c in cc:
                    if line.startswith(c, i):
                        return line[:i]
            i += 1
        return line

    def split_statements(self, line: str):
        seps = self.separators
        for s in seps:
            if s in line:
                break
        else:
            return (line,)
        return split_top(line, seps, False)

    def statement(self, line: str) -> None:
        # conditionals, macro and repeat bodies are handled before comments are removed from
        # bodies being recorded
        if self.collect is not None:
            self._collect_line(line)
            return
        if self._special_re.search(line) is None:
            # fast path: no comment, separator or string on this line
            self._statement(line)
            return
        s = line.lstrip()
        if not s:
            return
        if s[0] in self.line_comment_chars:
            # '# 1 "file"' line markers from cpp, or comments
            if s[0] == "#" and self.gen_debug:
                self._line_marker(s)
            if s.startswith("# ") or s.startswith("#\t") or s == "#" or \
                    self.line_comment_chars != self.comment_chars[0]:
                return
        line = self.strip_comment(line)
        for stmt in self.split_statements(line):
            self._statement(stmt)
            if self.collect is not None:
                # rest of a line after .rept/.macro on one line: rare, ignore
                break

    collect = None

    def _statement(self, s: str) -> None:
        # labels
        if self.cond_stack and not self.cond_stack[-1][0]:
            m = _WORD_RE.match(s)
            if m and m.group(1).startswith(".if") or (m and m.group(1) in
                                                       (".else", ".elseif", ".endif")):
                d = m.group(1)
                self.directives[d](self, s[m.end():].strip())
            return
        while ":" in s:
            m = _LABEL_RE.match(s)
            if m is None:
                m = _QLABEL_RE.match(s)
                if m is None:
                    break
            name = m.group(1)
            if not name[0].isdigit() and "@" in name:
                break
            self.define_label(name)
            s = s[m.end():]
        parts = s.split(None, 1)
        if not parts:
            return
        # first word
        word = parts[0]
        rest = parts[1].rstrip() if len(parts) > 1 else ""
        c0 = word[0]
        if c0 == ".":
            h = self.directives.get(word.lower())
            if h is not None:
                h(self, rest)
                return
        if self.macros:
            m = self.macros.get(word)
            if m is not None:
                self.expand_macro(m, rest)
                return
        if "=" in s:
            m = _ASSIGN_RE.match(s)
            if m and not rest.startswith(("==",)) or (m and word == m.group(1)):
                if m.group(2) == "==":
                    self.d_equiv(m.group(1) + "," + m.group(3))
                else:
                    self.d_set(m.group(1) + "," + m.group(3))
                return
        if c0 == ".":
            raise AsmError(f"unknown pseudo-op: `{word.lower()}'")
        if self.gen_debug:
            dw = self.dwarf
            self._debug_row()
            self.target.encode(word, rest)
            if dw.pending is not None and dw.pending[3].get("_gen"):
                dw.pending = None      # the statement emitted nothing
            return
        self.target.encode(word, rest)

    # -- -g: line rows for the assembly source ------------------------------------------------
    def debug_pos(self):
        """(file, line) GNU as gives the current statement in generated line info: cpp line
        markers apply, a macro expansion is at its invocation, a repeat body at its lines."""
        inp = self.inputs[-1] if self.inputs else None
        if inp is None:
            return self.file, self.line
        if inp.macro:
            lo = inp.line_of
            if lo is not None:
                base, n, f, delta = lo
                return f, base + 1 + (inp.i - 1) % n + delta
            return inp.dpos
        if inp.dactive:
            return (inp.dfile or inp.file), self.line + inp.ddelta
        return inp.file, self.line

    def _debug_row(self):
        f, ln = self.debug_pos()
        self.dwarf.auto_row(f, ln, bool(self.sec.flags & C.SHF_EXECINSTR))

    def _line_marker(self, s):
        m = _LINE_MARKER_RE.match(s)
        if m is None or not self.inputs:
            return
        inp = self.inputs[-1]
        if inp.macro:
            return
        name = None
        if m.group(2) is not None:
            name = parse_string(m.group(2), 0)[0].decode("utf-8", "surrogateescape")
        num = int(m.group(1))
        if num == 0 and name == "":
            # gcc's '# 0 "" 2' after an asm statement: back to the physical file and line
            inp.dfile = None
            inp.ddelta = 0
            inp.dactive = True
            return
        if name:
            inp.dfile = name
        inp.ddelta = num - (self.line + 1)
        inp.dactive = True

    # ------------------------------------------------------------------------------------------
    # argument helpers
    @staticmethod
    def split_args(text: str) -> list[str]:
        """Split a directive's operands at top-level commas (respecting strings/parens)."""
        if not text:
            return []
        if '"' not in text and "(" not in text and "'" not in text:
            return [a.strip() for a in text.split(",")]
        return [a.strip() for a in split_top(text, ",", True)]

    def sym_name(self, text: str) -> str:
        t = text.strip()
        if len(t) >= 2 and t[0] == '"' and t[-1] == '"':
            return t[1:-1]
        if not t or not re.fullmatch(r"[A-Za-z_.$][A-Za-z0-9_.$@]*|[0-9]+[bf]?", t):
            raise AsmError(f"expected symbol name" if not t else f"bad symbol name `{t}'")
        return t

    def d_ignore(self, args):
        pass

    def d_ident(self, args):
        cur = (self.sec, self.subsec)
        prev = self.prev_section
        sec = self.sections.get((".comment", None, None))
        if sec is None:
            sec = self.get_section(".comment", C.SHT_PROGBITS, C.SHF_MERGE | C.SHF_STRINGS, 1)
            self.set_section(sec, 0)
            self.data.append(0)
        else:
            self.set_section(sec, 0)
        self._strings(args, True)
        self.set_section(*cur)
        self.prev_section = prev

    def d_end(self, args):
        for inp in self.inputs:
            inp.i = len(inp.lines)

    def d_include(self, args):
        a = args.strip()
        if not a.startswith('"'):
            raise AsmError("missing string")
        name = parse_string(a, 0)[0].decode("utf-8", "surrogateescape")
        path = self._find_include(name)
        if path is None:
            raise AsmError(f"can't open {name} for reading: No such file or directory")
        if len(self.inputs) > 100:
            raise AsmError("too many nested includes")
        try:
            with open(path, "rb") as f:
                text = read_input(f, path).decode("utf-8", "surrogateescape")
        except OSError as e:
            raise AsmError(f"can't read from {path}: {e.strerror}") from None
        pre = getattr(self.target, "preprocess", None)
        if pre is not None:
            text = pre(text)
        self.inputs.append(_Input(text.split("\n"), path))

    def _find_include(self, name):
        if os.path.isabs(name):
            return name if os.path.exists(name) else None
        d = os.path.dirname(self.file)
        cands = [os.path.join(d, name) if d else name, name]
        cands += [os.path.join(d, name) for d in self.include_dirs]
        for c in cands:
            if os.path.isfile(c):
                return c
        return None

    # -- debug line info --
    def d_file(self, args):
        self.dwarf.d_file(args)

    def d_loc(self, args):
        self.dwarf.d_loc(args)

    def d_loc_mark_labels(self, args):
        pass
