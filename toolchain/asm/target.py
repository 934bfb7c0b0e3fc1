"""The interface between the target-independent assembler core and a target.

Each target's package provides ``toolchain.arch.<name>.asm`` with a function
``make_target(asm) -> AsmTarget`` (or a class ``Target``); the core creates one target object per
assembly (so the target may keep per-file state: syntax mode, ISA options, literal pools).

The core owns: reading lines (labels, comments, separators as the target describes them),
expressions, symbols, sections, fragments, relaxation, directives, macros, conditionals, CFI
and line tables, fixup resolution and writing the ELF object. The target owns: instruction
parsing and encoding, its directives, relocation choice and how resolved fixups are patched
(through its ``relocs.RELOCS`` table), nop patterns, CFI/line-table parameters and header flags.

Emitting from ``encode``::

    asm.emit(b"\\x90")                                      # fixed bytes
    asm.fixup(offset_in_emitted, size, value, pcrel, kind)  # see Assembler.fixup
    asm.relax(fixed_bytes, max_var_size, state)             # a relaxable tail; see relax_size

where ``value`` is an expr.Value (asm.eval_expr(tree) gives one).
"""
from __future__ import annotations


class AsmTarget:
    #: name of the arch package (toolchain.arch.<name>)
    name = ""
    #: ELF e_machine
    elf_machine = 0
    #: characters that start a comment anywhere on a line
    comment_chars = "#"
    #: characters that start a comment only at the start of a line (after blanks)
    line_comment_chars = "#"
    #: statement separators
    separators = ";"
    #: does ``'`` start a character constant? (in operands)
    #: DWARF CFI: code alignment factor, data alignment factor, return address column
    cfi_code_align = 1
    cfi_data_align = -8
    cfi_ra_column = 16
    #: .debug_line minimum instruction length
    line_min_insn_length = 1
    #: address size in bytes
    address_size = 8
    #: 64-bit RELA relocations (all three targets)
    rela = True
    #: does a subtraction of two symbols in the same section stay symbolic (RISC-V with relax)?
    keep_label_differences = False
    #: relocation types whose symbol becomes STT_TLS
    tls_relocs = frozenset()

    def __init__(self, asm):
        self.asm = asm

    # -- options and directives -----------------------------------------------------------
    def handle_option(self, arg: str, argv_iter) -> bool:
        """Consume a target-specific command-line option; return False if unknown."""
        return False

    def directives(self) -> dict:
        """Extra directives: name (with the dot) -> callable(asm, args_text)."""
        return {}

    def elf_flags(self) -> int:
        return 0

    def finish(self) -> None:
        """Called after all input is read, before layout (flush literal pools, add sections)."""

    # -- instructions ------------------------------------------------------------------------
    def encode(self, mnemonic: str, operands: str) -> None:
        """Assemble one instruction: emit bytes, fixups and relaxable fragments through the
        core (``self.asm``). Raise AsmError (toolchain.asm.assembler) for bad input."""
        raise NotImplementedError

    def relax_size(self, frag, addr: int) -> int:
        """Size of a relaxable fragment's variable part at the current layout; ``addr`` is the
        address of that variable part. Must only grow across calls."""
        raise NotImplementedError

    def relax_finish(self, frag) -> None:
        """Produce the final bytes of a relaxable fragment's variable part: append to
        ``frag.data`` and add fixups with ``self.asm.frag_fixup``."""
        raise NotImplementedError

    def nop_fill(self, n: int, addr: int = 0) -> bytes:
        """Bytes to fill ``n`` bytes of alignment padding in a code section."""
        return b"\0" * n

    # -- fixups and relocations ----------------------------------------------------------------
    def data_fixup_kind(self, size: int, value) -> object:
        """Fixup kind for a data directive (.byte/.short/.long/.quad) of ``size`` bytes."""
        return None

    def pcrel_local_resolvable(self, fix, sym) -> bool:
        """May a pc-relative fixup against ``sym`` (defined in the fixup's section) be resolved
        at assembly time? (x86: local symbols only.)"""
        return sym.bind == 0

    def reloc_type(self, fix, value) -> int:
        """The ELF relocation type for an unresolved fixup."""
        raise NotImplementedError

    def fix_adjustable(self, fix, rtype: int) -> bool:
        """May a relocation against a local symbol be rewritten against its section symbol?"""
        return True

    def apply_fixup(self, fix, value: int) -> str | None:
        """Patch a resolved value (or the in-place addend for a relocation) into the fragment.
        Returns an error message or None."""
        raise NotImplementedError

    # -- CFI -------------------------------------------------------------------------------------
    def cfi_initial_instructions(self) -> list:
        """CFI instructions every FDE starts with, as (op, args) tuples, e.g.
        [("def_cfa", 7, 8), ("offset", 16, -8)]."""
        return []

    def dwarf_regno(self, text: str) -> int:
        """DWARF register number for a register name or number in .cfi_* directives."""
        return int(text, 0)
