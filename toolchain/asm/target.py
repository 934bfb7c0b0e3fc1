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
    tls_access_names_section = False    # "Accessing `.data' as thread-local object" (AArch64)

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

    #: does relax_size read ``asm.stretch`` (how far the current fragment moved in this pass)?
    relax_uses_stretch = True

    def relax_plan(self, frag):
        """For targets with ``relax_uses_stretch = False``: the size rule of a relaxable
        fragment in a form the relaxation loop evaluates itself (it is called most): an int
        (the size never changes), or ``(target_frag, offset, lo1, hi1, size1, lo2, hi2, size2,
        far)``: with ``d = target_frag.addr + offset - (address after the fixed part)``, the
        size is size1 if lo1 <= d < hi1, else size2 if lo2 <= d < hi2, else far. False: ask
        relax_size every time (the default)."""
        return False

    #: may the object hand-off finish a function's code as soon as it is fed
    #: (toolchain.asm.seal)? A target says yes when ``relax_depends`` answers for its
    #: relaxable fragments and it keeps no fragment references of its own.
    seals_functions = False

    def relax_depends(self, frag):
        """The symbols a relaxable fragment's size depends on (a tuple), or None when it
        cannot say (toolchain.asm.seal then leaves the code to the end of assembly)."""
        return None

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

    def data_operand(self, asm, size: int, text: str):
        """The expression tree of a ``size``-byte data value ``text`` that contains ``@``
        when the target reads relocation operators there its own way, else None."""
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

    # -- symbol table order -------------------------------------------------------------------
    # The core writes local symbols in the order they entered ``asm.sym_order`` (x86-64 with
    # ``ordered_section_symbols``, AArch64 with ``keep_section_symbols``). A target whose GNU as
    # orders its symbol table differently (RISC-V: GNU as's symbol chain) follows the events
    # below and reorders the finished object in ``object_built``.
    def symbol_created(self, sym) -> None:
        """``sym`` was just entered in the symbol table (its first mention)."""

    def section_created(self, sec, lazy: bool) -> None:
        """``sec`` was just created. ``lazy``: a section the assembler makes itself (debug
        info for -g), whose symbol GNU as makes only when something refers to it."""

    def line_row_added(self, sec) -> None:
        """A ``.debug_line`` row was recorded for the current position in ``sec``."""

    def debug_info_symbols(self, events, sections) -> None:
        """-g debug sections were written (toolchain.asm.dwarf_info): ``sections`` the new
        sections (.debug_info, .debug_abbrev, .debug_line[, .debug_line_str][, ranges],
        .debug_str, .debug_aranges: the order GNU as makes their symbols in when relocations
        use them), ``events`` the labels and section symbols in the order GNU as makes them
        after the line table. Default: the section symbols join ``asm.sym_order``: those of
        .debug_info/.debug_abbrev/.debug_line now (GNU as makes them while writing the debug
        info), the others after the CFI and the last fragments (GNU as makes them when it
        converts relocations)."""
        asm = self.asm
        for sec in sections[:3]:
            if sec.sym not in asm.sym_order:
                asm.sym_order.append(sec.sym)
        asm.deferred_syms += [sec.sym for sec in sections[3:]]

    def object_built(self, obj) -> None:
        """The ObjectFile is complete (symbols, relocations); last changes before writing."""

    # -- label differences ---------------------------------------------------------------------
    def diff_needs_reloc(self, a, b, final: bool) -> bool:
        """With ``keep_label_differences``: must ``a - b`` (two defined labels of one section,
        at different places) stay a relocation pair? ``final``: evaluated at the end of
        assembly for ``.size``/``.org``/``.space``-like uses, where it always folds."""
        return False

    def zero_diff_needs_reloc(self, a) -> bool:
        """With ``keep_label_differences``: must the difference of two labels at the same place
        (``a``) stay symbolic? (RISC-V with linker relaxation, in code.)"""
        return False

    def symbolic_difference(self, fix, value, sec) -> list:
        """The relocations (any number, in order) for a fixup whose value stays a label
        difference ``value.add - value.sub + value.const``."""
        from .assembler import AsmError
        raise AsmError("can't resolve difference of symbols")

    #: fixups made when relaxed fragments are finished go after the section's other fixups
    #: (GNU as converts x86-64/AArch64 relaxed jumps last); False: in address order
    late_relax_fixups = True

    # -- CFI -------------------------------------------------------------------------------------
    def generate_frames(self) -> None:
        """Write ``.eh_frame``/``.debug_frame`` from the recorded ``.cfi_*`` directives (after
        the line table). Default: the core's writer."""
        self.asm.cfi.generate()

    def cfi_initial_instructions(self) -> list:
        """CFI instructions every FDE starts with, as (op, args) tuples, e.g.
        [("def_cfa", 7, 8), ("offset", 16, -8)]."""
        return []

    def dwarf_regno(self, text: str) -> int:
        """DWARF register number for a register name or number in .cfi_* directives."""
        return int(text, 0)
