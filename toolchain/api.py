"""One Python API for the whole chain: encode, assemble, link, compile, disassemble, run.

    import toolchain
    toolchain.encode("jmp 0x1010", target="x86_64", address=0x1000)     # b'\\xeb\\x0e'
    code, labels = toolchain.encode_many("f:\\n ret\\n", target="aarch64")
    obj = toolchain.assemble(text, target="riscv64")                    # Object
    obj = toolchain.compile("int f(int a){return a+1;}", target="x86_64", opt=1)
    toolchain.run(obj, target="x86_64", function="f", args=(41,))       # 42
    for insn in toolchain.disassemble(code, target="x86_64", address=0x1000): print(insn)

Every call reports bad input as a typed exception (:class:`AssemblyError`,
:class:`CompileError`, :class:`LinkError`, :class:`DisassemblyError`, :class:`EmulationError`,
all :class:`ToolchainError`) carrying structured :class:`Diagnostic` entries; an unexpected
failure inside the toolchain is reported the same way ("internal error: ..."), never as a
traceback from inside. See docs/api.md.

Heavy modules (the assembler, the compiler, capstone, unicorn) are imported on first use.
"""
from __future__ import annotations

import io
import os
import re
import tempfile

from .emu import EmulationError as _EmuError

__all__ = ["encode", "encode_many", "assemble", "link", "compile", "disassemble", "run",
           "Object", "Instruction", "Listing", "Diagnostic", "ToolchainError", "AssemblyError",
           "CompileError", "LinkError", "DisassemblyError", "EmulationError", "TARGETS", "F32"]

TARGETS = ("x86_64", "aarch64", "riscv64")


# ---------------------------------------------------------------------------------------------
# errors

class Diagnostic:
    """One message: ``file``, ``line``, ``column`` (0 when unknown), ``severity`` ("error",
    "warning", "note") and ``message``."""
    __slots__ = ("file", "line", "column", "severity", "message")

    def __init__(self, file, line, column, severity, message):
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__slots__}

    def __eq__(self, other):
        return isinstance(other, Diagnostic) and self.as_dict() == other.as_dict()

    def __str__(self) -> str:
        where = self.file or ""
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return f"{where}: {self.severity}: {self.message}" if where else \
            f"{self.severity}: {self.message}"

    def __repr__(self) -> str:
        return (f"Diagnostic({self.file!r}, {self.line}, {self.column}, {self.severity!r}, "
                f"{self.message!r})")


class ToolchainError(Exception):
    """Base of every error the API raises for bad input. ``diagnostics``: list of Diagnostic."""

    def __init__(self, message: str, diagnostics=()):
        super().__init__(message)
        self.message = message
        self.diagnostics = list(diagnostics)


class AssemblyError(ToolchainError):
    """The assembler rejected the input (or a symbol/relocation could not be resolved)."""


class CompileError(ToolchainError):
    """pycc rejected the C source; ``diagnostics`` has one entry per message."""


class LinkError(ToolchainError):
    """pyld failed (undefined symbols, bad inputs...)."""


class DisassemblyError(ToolchainError):
    """Bad arguments to disassemble() (capstone missing, unknown target)."""


class EmulationError(ToolchainError, _EmuError):
    """The emulated code faulted, did not return, or run() was given bad arguments."""


_GAS_MSG = re.compile(r"^(.*?):(\d+): (Error|Warning|Info): (.*)$")
_GCC_MSG = re.compile(r"^(.*?):(\d+):(?:(\d+):)? (error|warning|note|fatal error): (.*)$")
_PROG_MSG = re.compile(r"^(pyas|pycc|pyld|ld|as): (?:(error|warning|Error|Warning): )?(.*)$")


def _parse_messages(text: str, default_sev: str = "error") -> list[Diagnostic]:
    out = []
    for line in text.splitlines():
        if not line.strip() or line.endswith("Assembler messages:"):
            continue
        m = _GAS_MSG.match(line)
        if m:
            out.append(Diagnostic(m[1], int(m[2]), 0, m[3].lower().replace("info", "note"),
                                  m[4]))
            continue
        m = _GCC_MSG.match(line)
        if m:
            sev = "error" if m[4] == "fatal error" else m[4]
            out.append(Diagnostic(m[1], int(m[2]), int(m[3] or 0), sev, m[5]))
            continue
        if line.startswith((" ", "\t")) or line.startswith("      |"):
            continue                    # source line / caret
        m = _PROG_MSG.match(line)
        if m:
            out.append(Diagnostic(None, 0, 0, (m[2] or default_sev).lower(), m[3]))
            continue
        out.append(Diagnostic(None, 0, 0, default_sev, line.strip()))
    return out


def _internal(cls, what: str, e: BaseException):
    return cls(f"internal error in {what}: {type(e).__name__}: {e}",
               [Diagnostic(None, 0, 0, "error", f"internal error: {type(e).__name__}: {e}")])


def _target(target):
    from .targets import get_target
    from .diag import ToolError
    if target is None:
        target = "x86_64"
    if not isinstance(target, str):
        return target
    try:
        return get_target(target)
    except ToolError as e:
        raise ValueError(f"unknown target {target!r} (one of {', '.join(TARGETS)}): "
                         f"{e.message}") from None


# ---------------------------------------------------------------------------------------------
# objects

_STB = {0: "local", 1: "global", 2: "weak", 10: "unique"}
_STT = {0: "notype", 1: "object", 2: "func", 3: "section", 4: "file", 5: "common", 6: "tls",
        10: "ifunc"}


class Object:
    """An ELF relocatable object (from assemble() or compile()).

    ``bytes()`` is the ELF file; ``section(name)`` a section's contents; ``sections``,
    ``symbols`` and ``relocations`` are plain data (lists of names / dicts); ``elf`` is the
    underlying :class:`toolchain.elf.objfile.ObjectFile`.
    """
    __slots__ = ("elf", "target", "diagnostics")

    def __init__(self, elf, target, diagnostics=()):
        self.elf = elf
        self.target = target if isinstance(target, str) else target.name
        self.diagnostics = list(diagnostics)

    @classmethod
    def from_bytes(cls, data, target=None, name: str = "<bytes>") -> "Object":
        from .elf.objfile import read_object, ElfError
        try:
            elf = read_object(bytes(data), name)
        except ElfError as e:
            raise LinkError(f"{name}: {e}", [Diagnostic(name, 0, 0, "error", str(e))]) from None
        if target is None:
            from .elf import constants as C
            target = {C.EM_X86_64: "x86_64", C.EM_AARCH64: "aarch64",
                      C.EM_RISCV: "riscv64"}.get(elf.machine, "x86_64")
        return cls(elf, target)

    @classmethod
    def load(cls, path, target=None) -> "Object":
        with open(path, "rb") as f:
            return cls.from_bytes(f.read(), target, str(path))

    def bytes(self) -> bytes:
        from .elf.objfile import write_object
        return bytes(write_object(self.elf, omit_empty_symtab=True))

    def save(self, path) -> str:
        from .diag import atomic_write
        atomic_write(str(path), self.bytes())
        return str(path)

    def section(self, name: str = ".text") -> bytes:
        s = self.elf.section(name)
        if s is None:
            raise KeyError(f"no section {name!r} (have: {', '.join(self.sections)})")
        return bytes(s.data) if s.data is not None else bytes(s.size)

    @property
    def sections(self) -> list[str]:
        return [s.name for s in self.elf.sections if s.name]

    @property
    def symbols(self) -> list[dict]:
        out = []
        for s in self.elf.symbols:
            if s.type == 3 or s.type == 4:        # section and file symbols
                continue
            sec = s.section.name if s.section is not None else (
                "*ABS*" if s.shndx == 0xFFF1 else "*COM*" if s.shndx == 0xFFF2 else None)
            out.append({"name": s.name, "value": s.value, "size": s.size,
                        "bind": _STB.get(s.bind, str(s.bind)),
                        "type": _STT.get(s.type, str(s.type)), "section": sec})
        return out

    @property
    def relocations(self) -> list[dict]:
        import importlib
        table = importlib.import_module(f"toolchain.arch.{self.target}.relocs").RELOCS
        out = []
        for s in self.elf.sections:
            for r in s.relocs:
                sym = r.sym
                name = (sym.section.name if sym is not None and sym.type == 3 and sym.section
                        else sym.name if sym is not None else None)
                out.append({"section": s.name, "offset": r.offset, "type": table.name(r.type),
                            "symbol": name, "addend": r.addend})
        return out

    def symbol(self, name: str) -> dict:
        for s in self.symbols:
            if s["name"] == name:
                return s
        raise KeyError(f"no symbol {name!r}")

    def __repr__(self) -> str:
        return f"<Object {self.target} sections={self.sections}>"


# ---------------------------------------------------------------------------------------------
# assembling

def _asm_object(text: str, target, filename: str = "<input>"):
    from .asm.api import AssemblyFailed, assemble_object
    from .diag import FatalStop
    if not isinstance(text, str):
        raise TypeError(f"assembly text must be str, not {type(text).__name__}")
    try:
        return assemble_object(text, filename, target=target.name)
    except AssemblyFailed as e:
        diags = _parse_messages(e.messages)
        first = next((str(d) for d in diags if d.severity == "error"), e.messages.strip())
        raise AssemblyError(first or "assembly failed", diags) from None
    except FatalStop:
        raise AssemblyError("assembly failed") from None
    except RecursionError:
        raise AssemblyError("input nests too deeply") from None
    except Exception as e:  # noqa: BLE001 - the API never lets an internal error escape raw
        raise _internal(AssemblyError, "the assembler", e) from None


def assemble(text: str, target="x86_64", filename: str = "<input>", syntax: str = "att") -> Object:
    """Assemble GNU as source text to an :class:`Object`."""
    t = _target(target)
    if syntax == "intel":
        _need_x86(t, syntax)
        text = ".intel_syntax noprefix\n" + text
    elif syntax != "att":
        raise ValueError(f"syntax must be 'att' or 'intel', not {syntax!r}")
    return Object(_asm_object(text, t, filename), t)


def _need_x86(t, syntax):
    if t.name != "x86_64":
        raise ValueError(f"syntax={syntax!r} is for x86_64 only")


_BASE = ".Lpytc_base"

_X86_BRANCH = frozenset(
    "jmp jmpq call callq loop loope loopne loopz loopnz jrcxz jecxz xbegin".split()
    + ["j" + c for c in ("a ae b be c e g ge l le na nae nb nbe nc ne ng nge nl nle no np ns nz "
                         "o p pe po s z").split()])
_A64_BRANCH = frozenset("b bl cbz cbnz tbz tbnz adr adrp ldr ldrsw prfm".split())
_RV_BRANCH = frozenset(("jal j beq bne blt bge bltu bgeu bgt ble bgtu bleu beqz bnez blez bgez "
                        "bltz bgtz c.j c.jal c.beqz c.bnez").split())
_NUM = re.compile(r"^#?\s*(-?(?:0[xX][0-9a-fA-F]+|\d+))\s*$")
_STMT = re.compile(r"^(\s*(?:[A-Za-z_.$][\w.$]*:\s*)*)"      # labels
                   r"(\{\w+\}\s*)?([A-Za-z_.][\w.]*)(\s+)(\S.*?)\s*$")  # {pseudo} mnemonic ops


def _is_branch(t, mnem: str) -> bool:
    m = mnem.lower()
    if t.name == "x86_64":
        return m in _X86_BRANCH
    if t.name == "aarch64":
        return m in _A64_BRANCH or m.startswith(("b.", "bc."))
    return m in _RV_BRANCH


def _split_top(ops: str) -> list[str]:
    out, depth, cur = [], 0, []
    for ch in ops:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return out


def _rewrite_branches(text: str, t, address: int) -> str:
    """Absolute numeric branch targets (``jmp 0x1010``, ``b #0x40``, ``beq a0, a1, 0x20``) become
    ``.Lpytc_base+delta`` so that the assembler resolves and relaxes them within the section
    placed at ``address``."""
    out = []
    for line in text.split("\n"):
        if '"' not in line and ";" not in line:
            m = _STMT.match(line)
            if m and _is_branch(t, m[3]):
                ops = _split_top(m[5])
                n = _NUM.match(ops[-1])
                if n and not (t.name == "aarch64" and m[3].lower() in ("ldr", "ldrsw", "prfm")
                              and "[" in m[5]):
                    d = int(n[1], 0) - address
                    ops[-1] = f" {_BASE}{d:+#x}" if len(ops) > 1 else f"{_BASE}{d:+#x}"
                    line = f"{m[1]}{m[2] or ''}{m[3]}{m[4]}{','.join(ops)}"
        out.append(line)
    return "\n".join(out)


def _sym_name(name: str) -> str:
    if "\x02" in name:                       # local label n: .L<n>\x02<instance>
        return f"local label {name[2:].split(chr(2))[0]}"
    return name


class _Layout:
    """Allocated sections of one object placed at addresses, relocations applied."""

    def __init__(self, obj, t, base: int, symbols=None, only_text=False, err=AssemblyError):
        import importlib
        self.t = t
        self.err = err
        self.table = importlib.import_module(f"toolchain.arch.{t.name}.relocs").RELOCS
        self.symbols = dict(symbols or {})
        self.addr = {}
        self.data = {}
        addr = base
        for s in obj.sections:
            if not (s.flags & 2) or s.name in (".note.GNU-stack",):     # SHF_ALLOC
                continue
            size = s.sh_size
            if only_text and s.name != ".text":
                if size and not s.name.startswith((".eh_frame", ".note", ".riscv.attributes")):
                    raise err(f"section {s.name} is not empty: encode handles .text only; "
                              "use assemble()")
                continue
            al = max(s.align, 1)
            addr = (addr + al - 1) // al * al
            self.addr[id(s)] = addr
            self.data[id(s)] = (s, bytearray(s.data) if s.data is not None else bytearray(size))
            addr += size
        self.end = addr
        self.sym_addr = {}
        for sym in obj.symbols:
            if sym.section is not None and id(sym.section) in self.addr and sym.name and \
                    sym.type != 3:
                self.sym_addr.setdefault(sym.name, self.addr[id(sym.section)] + sym.value)

    def sym_value(self, sym) -> int:
        if sym is None:
            return 0
        if sym.section is not None:
            if id(sym.section) not in self.addr:
                raise self.err(f"symbol `{sym.name or sym.section.name}' is in section "
                               f"{sym.section.name}, which is not placed here")
            return self.addr[id(sym.section)] + sym.value
        if sym.shndx == 0xFFF1:                     # SHN_ABS
            return sym.value
        if sym.name in self.symbols:
            return int(self.symbols[sym.name])
        raise self.err(f"undefined symbol `{_sym_name(sym.name)}'",
                       [Diagnostic(None, 0, 0, "error",
                                   f"undefined symbol `{_sym_name(sym.name)}'")])

    def apply(self):
        for key, (sec, buf) in self.data.items():
            P0 = self.addr[key]
            hi = {}
            relocs = sec.relocs
            for r in relocs:                       # RISC-V %pcrel_hi values by offset
                rt = self.table.by_num.get(r.type)
                if rt is not None and rt.calc in ("pcrel", "gotpcrel", "tlsgd", "gottprel") and \
                        self.t.name == "riscv64":
                    if rt.calc != "pcrel":
                        continue
                    v = self.sym_value(r.sym) + r.addend - (P0 + r.offset)
                    hi[r.offset] = ((v + (1 << 63)) & ((1 << 64) - 1)) - (1 << 63)
            for r in relocs:
                rt = self.table.by_num.get(r.type)
                if rt is None:
                    raise self.err(f"unknown relocation type {r.type}")
                calc = rt.calc
                if calc in ("none", "relax", "align", "tprel_add") or rt.apply is None:
                    continue
                P = P0 + r.offset
                if calc == "pcrel_lo":
                    target_off = self.sym_value(r.sym) - P0
                    if target_off not in hi:
                        raise self.err(f"{rt.name} at {P:#x}: no matching %pcrel_hi")
                    v = hi[target_off]
                else:
                    S = self.sym_value(r.sym)
                    A = r.addend
                    if calc == "abs" or calc in ("add", "sub", "set"):
                        v = S + A
                    elif calc in ("pcrel", "plt"):
                        v = S + A - P
                    elif calc == "page_pcrel":
                        v = ((S + A) & ~0xFFF) - (P & ~0xFFF)
                    elif calc == "size":
                        v = (r.sym.size if r.sym is not None else 0) + A
                    else:
                        raise self.err(f"relocation {rt.name} needs a GOT, PLT or TLS: "
                                       "link the object with link() instead")
                v = ((v + (1 << 63)) & ((1 << 64) - 1)) - (1 << 63)     # 64-bit wrap
                msg = rt.apply(buf, r.offset, v)
                if msg:
                    raise self.err(f"{rt.name} at {P:#x}: {msg}",
                                   [Diagnostic(None, 0, 0, "error", f"{rt.name} at {P:#x}: {msg}")])
        return self


def _encode_many(text, target, address, symbols, syntax, nhead):
    """Assemble a block of lines placed at ``address``; returns ``(code, labels)`` where
    ``labels`` maps each label defined in the block (``.L`` temporaries excepted) to its
    address. Branches and PC-relative operands are resolved against ``address``, names in
    ``symbols`` (a mapping name -> address) and the block's own labels; any other name is an
    :class:`AssemblyError`. A bare number as a branch target is an absolute address."""
    t = _target(target)
    if syntax not in ("att", "intel"):
        raise ValueError(f"syntax must be 'att' or 'intel', not {syntax!r}")
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    address = int(address)
    symbols = dict(symbols or {})
    for name, v in symbols.items():
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z_.$][\w.$]*", name):
            raise ValueError(f"bad symbol name {name!r}")
        if not isinstance(v, int):
            raise TypeError(f"symbol {name!r}: address must be int")
    head = [".text"]
    if syntax == "intel":
        _need_x86(t, syntax)
        head.append(".intel_syntax noprefix")
    head.append(f"{_BASE}:")
    for name, v in symbols.items():
        head.append(f".set {name}, {_BASE}{v - address:+#x}")
    nhead.append(len(head))
    tail = "\n.text\n__pytc_api_end:\n" if t.name == "riscv64" else "\n"
    src = "\n".join(head) + "\n" + _rewrite_branches(text, t, address) + tail
    obj = _asm_object(src, t, "<input>")
    try:
        lay = _Layout(obj, t, address, None, only_text=True).apply()
    except AssemblyError:
        raise
    except Exception as e:  # noqa: BLE001
        raise _internal(AssemblyError, "encode", e) from None
    text_sec = obj.section(".text")
    code = bytes(lay.data[id(text_sec)][1]) if text_sec is not None and id(text_sec) in \
        lay.data else b""
    if t.name == "riscv64":     # GNU as pads code sections to their alignment: not code
        code = code[:lay.sym_addr["__pytc_api_end"] - address]
    labels = {n: a for n, a in lay.sym_addr.items()
              if n not in symbols and not n.startswith((".L", "$")) and n != "__pytc_api_end"}
    return code, labels


def encode(insn, target="x86_64", address: int = 0, symbols=None, syntax: str = "att") -> bytes:
    """Encode one instruction (text, or a tuple ``(mnemonic, operand, ...)`` with operands in
    the syntax's order) placed at ``address``; see :func:`encode_many`."""
    if isinstance(insn, (tuple, list)):
        if not insn or not all(isinstance(x, str) for x in insn):
            raise TypeError("a structured instruction is (mnemonic, operand, ...) of str")
        mnem, *ops = insn
        insn = f"{mnem} {', '.join(ops)}" if ops else mnem
    if not isinstance(insn, str):
        raise TypeError(f"instruction must be str or tuple, not {type(insn).__name__}")
    if "\n" in insn.strip():
        raise ValueError("encode() takes one instruction; use encode_many() for a block")
    return encode_many(insn, target, address, symbols, syntax)[0]


def encode_many(text: str, target="x86_64", address: int = 0, symbols=None,
                syntax: str = "att") -> tuple[bytes, dict]:
    """Assemble a block of lines placed at ``address``; returns ``(code, labels)`` where
    ``labels`` maps each label defined in the block (``.L`` temporaries excepted) to its
    address. Branches and PC-relative operands are resolved against ``address``, names in
    ``symbols`` (a mapping name -> address) and the block's own labels; any other name is an
    :class:`AssemblyError`. A bare number as a branch target is an absolute address."""
    nhead = []
    try:
        return _encode_many(text, target, address, symbols, syntax, nhead)
    except AssemblyError as e:
        n = nhead[0] if nhead else 0
        for d in e.diagnostics:           # line numbers of the caller's text
            if d.line:
                d.line -= n
                d.file = None
        first = next((d for d in e.diagnostics if d.severity == "error"), None)
        if first is not None and first.line:
            e.message = f"line {first.line}: {first.message}"
        elif first is not None:
            e.message = first.message
        e.args = (e.message,)
        raise


# ---------------------------------------------------------------------------------------------
# disassembling

class Instruction:
    """One decoded instruction: ``address``, ``size``, ``bytes``, ``mnemonic``, ``op_str`` and
    ``text`` (GNU as syntax that assembles back to ``bytes`` at ``address``)."""
    __slots__ = ("address", "size", "bytes", "mnemonic", "op_str", "text")

    def __init__(self, address, data, mnemonic, op_str, text):
        self.address = address
        self.size = len(data)
        self.bytes = bytes(data)
        self.mnemonic = mnemonic
        self.op_str = op_str
        self.text = text

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"<Instruction {self.address:#x}: {self.bytes.hex()} {self.text}>"


class Listing(list):
    """A list of :class:`Instruction`; ``text`` (also ``str()``) is assembler input that
    :func:`encode_many` at the same address turns back into the same bytes."""
    __slots__ = ("target", "address")

    @property
    def text(self) -> str:
        lines = []
        rvc = None
        for i in self:
            if self.target == "riscv64" and not i.text.startswith("."):
                want = i.size == 2
                if want != rvc:
                    lines.append(".option rvc" if want else ".option norvc")
                    rvc = want
            lines.append(i.text)
        return "\n".join(lines) + ("\n" if lines else "")

    def __str__(self) -> str:
        return self.text


_CS_CACHE = {}


def _capstone(t):
    md = _CS_CACHE.get(t.name)
    if md is not None:
        return md
    try:
        import capstone as cs
    except ImportError:
        raise DisassemblyError("capstone is not installed (pip install capstone)") from None
    if t.name == "x86_64":
        md = cs.Cs(cs.CS_ARCH_X86, cs.CS_MODE_64)
        md.syntax = cs.CS_OPT_SYNTAX_ATT
    elif t.name == "aarch64":
        md = cs.Cs(cs.CS_ARCH_ARM64, cs.CS_MODE_ARM)
    else:
        md = cs.Cs(cs.CS_ARCH_RISCV, cs.CS_MODE_RISCV64 | cs.CS_MODE_RISCVC)
    _CS_CACHE[t.name] = md
    return md


_PTR = re.compile(r"\b(?:byte|word|dword|qword|tbyte|xword|xmmword|ymmword|zmmword) ptr ")
_X86_PREFIXES = frozenset(b"\x26\x2e\x36\x3e\x64\x65\x66\x67\xf0\xf2\xf3")


def _gnu_text(t, addr: int, data: bytes, mnem: str, ops: str) -> str:
    """capstone's text -> GNU as input for the same bytes."""
    name = t.name
    if name == "x86_64":
        if " ptr " in ops:         # capstone prints Intel size keywords in some AT&T operands
            ops = _PTR.sub("", ops)
        if mnem in ("insb", "insw", "insl", "outsb", "outsw", "outsl"):
            ops = ""                # capstone's implicit operands are not GNU as's forms
        i = 0
        while i < len(data) and data[i] in _X86_PREFIXES:
            i += 1
        if i < len(data) and (data[i] & 0xF0) == 0x40:
            i += 1
        op = data[i:i + 2]
        if op[:1] == b"\xe9" or (len(op) == 2 and op[0] == 0x0F and 0x80 <= op[1] <= 0x8F):
            if _is_branch(t, mnem):
                return f"{{disp32}} {mnem} {ops}".rstrip()
        # the encoding GNU as would not pick by itself: 3-byte VEX, EVEX
        pseudo = "{vex3} " if op[:1] == b"\xc4" else "{evex} " if op[:1] == b"\x62" else ""
        return f"{pseudo}{mnem} {ops}".rstrip()
    if name == "aarch64":
        if _is_branch(t, mnem) and ops:
            parts = _split_top(ops)
            last = parts[-1].strip()
            if _NUM.match(last) and "[" not in ops:
                parts[-1] = " " + last.lstrip("#")
                ops = ",".join(parts).strip()
        return f"{mnem} {ops}".rstrip()
    # riscv64: capstone prints branch/jump offsets relative to the instruction
    if _is_branch(t, mnem) and ops:
        parts = _split_top(ops)
        last = parts[-1].strip()
        n = _NUM.match(last)
        if n:
            parts[-1] = (" " if len(parts) > 1 else "") + hex(addr + int(n[1], 0))
            ops = ",".join(parts).strip()
    return f"{mnem} {ops}".rstrip()


def _raw_text(t, data: bytes) -> str:
    if t.name == "aarch64" and len(data) == 4:
        return f".inst {int.from_bytes(data, 'little'):#010x}"
    if t.name == "riscv64" and len(data) in (2, 4):
        return f".{len(data)}byte {int.from_bytes(data, 'little'):#x}"
    return ".byte " + ", ".join(f"{b:#04x}" for b in data)


def disassemble(data, target="x86_64", address: int = 0, count: int = 0) -> Listing:
    """Decode machine code with capstone; returns a :class:`Listing` of :class:`Instruction`
    whose ``text`` is GNU as syntax (bytes capstone cannot decode become ``.byte``/``.inst``
    lines). ``count``: stop after that many instructions (0: all)."""
    t = _target(target)
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"data must be bytes, not {type(data).__name__}")
    data = bytes(data)
    md = _capstone(t)
    out = Listing()
    out.target = t.name
    out.address = address
    off = 0
    n = len(data)
    while off < n and (not count or len(out) < count):
        for ins in md.disasm(data[off:], address + off):
            b = bytes(ins.bytes)
            out.append(Instruction(ins.address, b, ins.mnemonic, ins.op_str,
                                   _gnu_text(t, ins.address, b, ins.mnemonic, ins.op_str)))
            off += ins.size
            if count and len(out) >= count:
                break
        if off >= n or (count and len(out) >= count):
            break
        # capstone stopped at bytes it cannot decode: emit them as data and go on
        if t.name == "aarch64":
            k = min(4, n - off)
        elif t.name == "riscv64":
            k = 4 if (data[off] & 3) == 3 and n - off >= 4 else min(2, n - off)
        else:
            k = 1
        raw = data[off:off + k]
        out.append(Instruction(address + off, raw, ".byte", "", _raw_text(t, raw)))
        off += k
    return out


# ---------------------------------------------------------------------------------------------
# compiling (pycc) -- the one adapter over toolchain.cc

class _CaptureDiag:
    """Factory for a Diagnostics subclass recording structured entries."""

    @staticmethod
    def make():
        from .diag import Diagnostics

        class Capture(Diagnostics):
            def __init__(self):
                super().__init__("pycc", "gcc", stream=io.StringIO())
                self.entries = []

            def _emit(self, kind, msg, loc):
                self.entries.append(Diagnostic(loc.file if loc else None,
                                               loc.line if loc else 0,
                                               loc.col if loc else 0, kind, msg))
                super()._emit(kind, msg, loc)
        return Capture()


def _pycc_compile(path: str, t, opt, flags, output: str, diag):
    """THE adapter over pycc's internals (toolchain/cc/main.py option parsing and
    toolchain/cc/pipeline.py compile_c). ``output``: 'ir', 'asm' or 'obj'. Returns text/bytes,
    or None after errors were reported to ``diag``. Raises ToolError/FatalStop."""
    from .cc import main as M
    from .cc import pipeline as P
    from .cc.frontend import FrontendOptions
    o = M.parse_args([f"--target={t.triple}", f"-O{opt}", "-c", *flags, path])
    diag.suppress_warnings = o.no_warnings
    diag.werror = o.werror
    fo = FrontendOptions(pp=o.pp, warnings=o.warnings, pedantic=o.pedantic)
    fo.make_preprocessor = lambda p, d: M.make_preprocessor(o, t, o.pp, d, p)
    # the level as the driver gives it (pipeline.compile_c normalises "0".."3", "s", "g"...)
    return P.compile_c(path, t, fo, diag, o.pp.opt or "0", output, pic=o.pic)


def _pycc_link_args(objs, out, t, kind):
    """Adapter: gcc's default link line (crt files, libc) from toolchain/cc/pipeline.py."""
    from .cc import pipeline as P
    return P.link_args(objs, out, t, static=kind == "static", shared=kind == "shared",
                       pie=kind == "exe")


_LOC_PREFIX = re.compile(r"^(.*?):(\d+):(?:(\d+):)? (.*)$", re.S)


def compile(source, target="x86_64", opt=0, flags=(), output: str = "object",
            filename: str = "<source>.c"):
    """Compile C with pycc. ``source``: C text, or a path (``os.PathLike``, or a str ending in
    .c/.i/.h without a newline). ``output``: "object" (an :class:`Object`), "asm" (GNU as
    text), "ir" (pycc's IR text) or "exe" (executable bytes, linked with the target's C
    library). Raises :class:`CompileError` with one :class:`Diagnostic` per message."""
    from .diag import FatalStop, ToolError
    t = _target(target)
    kinds = {"object": "obj", "obj": "obj", "asm": "asm", "ir": "ir", "exe": "obj"}
    if output not in kinds:
        raise ValueError(f"output must be object, asm, ir or exe, not {output!r}")
    if isinstance(flags, str):
        raise TypeError("flags is a list of strings, e.g. ['-DN=3']")
    flags = [str(f) for f in flags]
    if str(opt) not in ("0", "1", "2", "3", "s", "g", "fast", "z"):
        raise ValueError(f"opt must be 0-3, 's' or 'g', not {opt!r}")
    tmpdir = None
    if isinstance(source, os.PathLike) or (
            isinstance(source, str) and "\n" not in source and
            source.endswith((".c", ".i", ".h"))):
        path = os.fspath(source)
        shown = path
        if not os.path.exists(path):
            d = Diagnostic(path, 0, 0, "error", "No such file or directory")
            raise CompileError(f"{path}: No such file or directory", [d])
    elif isinstance(source, str):
        tmpdir = tempfile.mkdtemp(prefix="pycc-api-")
        path = os.path.join(tmpdir, "source.c")
        with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(source)
        shown = filename
    else:
        raise TypeError(f"source must be C text or a path, not {type(source).__name__}")
    diag = _CaptureDiag.make()
    if tmpdir:
        diag.add_source(path, source)
    result = None
    extra = []
    try:
        try:
            result = _pycc_compile(path, t, opt, flags, kinds[output], diag)
        except ToolError as e:
            m = _LOC_PREFIX.match(e.message)
            if e.loc is not None:
                extra.append(Diagnostic(e.loc.file, e.loc.line, e.loc.col, "error", e.message))
            elif m and not m[1].startswith(("pycc", "/usr")) and " " not in m[1]:
                extra.append(Diagnostic(m[1], int(m[2]), int(m[3] or 0), "error", m[4]))
            else:
                extra.append(Diagnostic(None, 0, 0, "error", e.message))
        except FatalStop:
            pass
        except RecursionError:
            extra.append(Diagnostic(path, 0, 0, "error", "input nests too deeply"))
        except Exception as e:  # noqa: BLE001
            extra.append(Diagnostic(path, 0, 0, "error",
                                    f"internal compiler error: {type(e).__name__}: {e}"))
    finally:
        if tmpdir:
            try:
                os.unlink(path)
                os.rmdir(tmpdir)
            except OSError:
                pass
    entries = diag.entries + extra
    for d in entries:
        if d.file == path:
            d.file = shown
        if tmpdir:
            d.message = d.message.replace(path, shown)
    errors = [d for d in entries if d.severity in ("error", "fatal error")]
    if result is None or errors:
        if not errors:
            errors = [Diagnostic(shown, 0, 0, "error", "compilation failed")]
            entries += errors
        raise CompileError(str(errors[0]), entries)
    if output in ("asm", "ir"):
        return result
    obj = Object.from_bytes(result, t, shown)
    obj.diagnostics = entries
    if output == "exe":
        return link([obj], target=t, kind="exe")
    return obj


# ---------------------------------------------------------------------------------------------
# linking (pyld)

def link(inputs, output=None, target=None, kind: str = "exe", flags=()):
    """Link objects (:class:`Object`, ELF bytes or paths; ``-lname`` strings pass through) with
    pyld. ``kind``: "exe" (PIE with the C library and start files), "static", "shared" or
    "relocatable" (ld -r). Returns the output bytes (an :class:`Object` for "relocatable"),
    or the path when ``output`` is given. Raises :class:`LinkError`."""
    import contextlib
    if kind not in ("exe", "shared", "static", "relocatable"):
        raise ValueError(f"kind must be exe, shared, static or relocatable, not {kind!r}")
    if isinstance(inputs, (str, bytes, Object, os.PathLike)):
        inputs = [inputs]
    inputs = list(inputs)
    if not inputs:
        raise LinkError("no input files", [Diagnostic(None, 0, 0, "error", "no input files")])
    if target is None:
        target = next((i.target for i in inputs if isinstance(i, Object)), None)
    t = _target(target)
    tmp = tempfile.mkdtemp(prefix="pyld-api-")
    made = []
    try:
        paths = []
        for k, i in enumerate(inputs):
            if isinstance(i, Object):
                if i.target != t.name:
                    raise LinkError(f"input {k} is for {i.target}, not {t.name}")
                p = os.path.join(tmp, f"in{k}.o")
                with open(p, "wb") as f:
                    f.write(i.bytes())
                made.append(p)
                paths.append(p)
            elif isinstance(i, (bytes, bytearray)):
                p = os.path.join(tmp, f"in{k}.o")
                with open(p, "wb") as f:
                    f.write(i)
                made.append(p)
                paths.append(p)
            elif isinstance(i, (str, os.PathLike)):
                s = os.fspath(i)
                if not s.startswith("-") and not os.path.exists(s):
                    raise LinkError(f"{s}: No such file or directory",
                                    [Diagnostic(s, 0, 0, "error", "No such file or directory")])
                paths.append(s)
            else:
                raise TypeError(f"link input {k}: Object, bytes or path, not {type(i).__name__}")
        out = os.path.join(tmp, "out")
        made.append(out)
        if kind == "relocatable":
            args = ["-r", "-o", out] + paths
            if t.name == "x86_64":
                args = ["-m", "elf_x86_64"] + args
            else:
                args = ["-m", t.emulation] + args
        else:
            args = _pycc_link_args(paths, out, t, kind)
        args = list(flags) + args
        err = io.StringIO()
        try:
            from .ld.main import main as ld_main
            with contextlib.redirect_stderr(err):
                rc = ld_main(args)
        except Exception as e:  # noqa: BLE001
            raise _internal(LinkError, "the linker", e) from None
        if rc or not os.path.exists(out):
            text = err.getvalue()
            for k, p in enumerate(paths):         # our temporary names -> the caller's inputs
                if p in made:
                    text = text.replace(p, f"<input {k}>")
            diags = _parse_messages(text)
            msg = "; ".join(d.message for d in diags[:4]) or "link failed"
            raise LinkError(msg, diags)
        with open(out, "rb") as f:
            data = f.read()
    finally:
        for p in made:
            try:
                os.unlink(p)
            except OSError:
                pass
        try:
            os.rmdir(tmp)
        except OSError:
            pass
    if output is not None:
        from .diag import atomic_write
        atomic_write(os.fspath(output), data, 0o755 if kind in ("exe", "static", "shared")
                     else None)
        return os.fspath(output)
    if kind == "relocatable":
        return Object.from_bytes(data, t, "<linked>")
    return data


# ---------------------------------------------------------------------------------------------
# running (unicorn)

class F32(float):
    """A ``float`` argument for :func:`run` passed as a C ``float`` (single precision)."""
    single = True


def run(code, target="x86_64", function=None, args=(), returns: str = "int",
        address: int = 0x100000, symbols=None, max_instructions: int = 10_000_000):
    """Call a function in unicorn and return its result.

    ``code``: raw machine code (bytes; ``function`` is then an offset, default 0), assembly
    text (str) or an :class:`Object` (``function`` is a symbol name, default the only/first
    global function). ``args``: ints (and pointers as ints), floats (C doubles; ``F32(x)`` for
    a C float), and bytes/bytearray/str
    (copied into memory, a pointer passed; bytearrays are updated in place after the call),
    passed in registers per the target's C ABI. ``returns``: "int" (signed 64-bit), "uint",
    "double", "float", "ptr" or None. ``symbols`` maps undefined names to addresses.
    """
    from .emu import Emulator
    t = _target(target)
    if returns not in ("int", "uint", "double", "float", "ptr", None):
        raise ValueError(f"returns must be int, uint, double, float, ptr or None, "
                         f"not {returns!r}")
    if isinstance(code, str):
        code = assemble(code, t)
    try:
        emu = Emulator(t.name)
    except _EmuError as e:
        raise EmulationError(str(e)) from None
    if isinstance(code, Object):
        if code.target != t.name:
            raise EmulationError(f"the object is for {code.target}, not {t.name}")
        try:
            lay = _Layout(code.elf, t, address, symbols, err=EmulationError).apply()
        except EmulationError:
            raise
        except Exception as e:  # noqa: BLE001
            raise _internal(EmulationError, "run", e) from None
        for key, (sec, buf) in lay.data.items():
            if len(buf):
                emu.map(lay.addr[key], len(buf), bytes(buf))
        end = lay.end
        if function is None:
            funcs = [s["name"] for s in code.symbols if s["type"] == "func" and
                     s["bind"] != "local"]
            if not funcs:
                funcs = [s["name"] for s in code.symbols if s["section"] == ".text"]
            if not funcs:
                raise EmulationError("no function to call: name one with function=")
            function = funcs[0]
        if isinstance(function, int):
            entry = address + function
        elif function in lay.sym_addr:
            entry = lay.sym_addr[function]
        else:
            raise EmulationError(f"no function `{function}' in the object")
    elif isinstance(code, (bytes, bytearray, memoryview)):
        code = bytes(code)
        if not code:
            raise EmulationError("no code")
        emu.map(address, len(code), code)
        end = address + len(code)
        if function is None:
            function = 0
        if not isinstance(function, int):
            raise EmulationError("with raw bytes, function= is an offset (int)")
        entry = address + function
    else:
        raise TypeError(f"code must be bytes, str or Object, not {type(code).__name__}")
    # arguments
    data_at = (end + 0xFFFF) & ~0xFFF
    ints, floats, back = [], [], []
    for k, a in enumerate(args):
        if isinstance(a, bool) or isinstance(a, int):
            ints.append(int(a))
        elif isinstance(a, float):
            floats.append(a)
        elif isinstance(a, (bytes, bytearray, memoryview, str)):
            b = a.encode() + b"\0" if isinstance(a, str) else bytes(a)
            emu.map(data_at, max(len(b), 1), b)
            ints.append(data_at)
            if isinstance(a, bytearray):
                back.append((a, data_at))
            data_at = (data_at + len(b) + 0x10 + 0xFFF) & ~0xFFF
        else:
            raise TypeError(f"argument {k}: int, float, bytes, bytearray or str, "
                            f"not {type(a).__name__}")
    try:
        v = emu.call_abi(entry, ints, floats, returns, max_instructions)
    except _EmuError as e:
        raise EmulationError(str(e)) from None
    for buf, at in back:
        buf[:] = emu.read(at, len(buf))
    return v
