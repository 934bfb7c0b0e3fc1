"""The target-independent assembler core: symbols, sections, fragments, the line reader,
generic directives, macros and conditionals, relaxation, fixup resolution and the ELF object.

Pipeline (see :meth:`Assembler.assemble`)::

    read lines -> statements (labels, directives, instructions via the target)
      -> fragments with fixups (per section and subsection)
      -> target.finish()            (literal pools, extra sections)
      -> relax()                    (grow relaxable fragments to a fixpoint; align; org; leb128)
      -> CFI (.eh_frame) and .debug_line generation, relaxed again
      -> resolve fixups             (patch what is known, relocations for the rest)
      -> build the ELF object       (sections, symbols, relocations)
"""
from __future__ import annotations

import re
import struct

from ..diag import FatalStop
from ..elf.objfile import ObjectFile, write_object
from .conditionals import ConditionalsMixin
from .data import DataMixin
from .evaluate import EvalMixin
from .macros import Macro, MacrosMixin
from .model import (
    ABS, ALIGN, AsmError, AsmSection, BREAK, CALLBACK, COMMON, FIXED, Fixup, Frag, LEB, leb128,
    ORG, RELAX, SPACE, split_top, Sym, UNDEF)
from .objbuild import ObjectMixin
from .reader import _Input, ReaderMixin
from .relax import RelaxMixin
from .sections import SectionsMixin
from .symbols import SymbolsMixin


class Assembler(SectionsMixin, SymbolsMixin, EvalMixin, DataMixin, ConditionalsMixin,
                MacrosMixin, ReaderMixin, RelaxMixin, ObjectMixin):
    """One assembly: feed it text with :meth:`assemble_text`, then :meth:`finish` returns the
    ELF object (a :class:`toolchain.elf.objfile.ObjectFile`).

    The concerns live in mixins, one module each: :mod:`.reader`, :mod:`.sections`,
    :mod:`.symbols`, :mod:`.evaluate`, :mod:`.data`, :mod:`.conditionals`, :mod:`.macros`,
    :mod:`.relax`, :mod:`.objbuild`; this class holds the state and the pipeline."""

    def __init__(self, target_name: str = "x86_64", diag=None, include_dirs=None,
                 defsyms=None, options=None):
        from ..targets import get_target
        import importlib
        self.tdesc = get_target(target_name)
        self.diag = diag
        self.include_dirs = list(include_dirs or [])
        self.options = options or {}
        self.errors = 0
        self.sections: dict[tuple, AsmSection] = {}
        self.section_list: list[AsmSection] = []
        self.symbols: dict[str, Sym] = {}
        self.sym_order: list[Sym] = []
        self.constants = None          # reserved for fast constant lookups
        self.file_syms: list[Sym] = []
        self.local_counters: dict[int, int] = {}
        self.macros: dict[str, Macro] = {}
        self.macro_count = 0
        self.cond_stack: list[list] = []   # [active, taken, parent_active]
        self.section_stack: list = []
        self.prev_section = None
        self.inputs: list[_Input] = []
        self.file = "<stdin>"
        self.line = 0
        self.comment_data = None
        self.sec = None
        self.subsec = 0
        self.frag = None
        self.data = None
        self.group_syms: dict = {}
        self.dwarf = None
        self.cfi = None
        self.relocs_extra = []          # from .reloc
        self.temp_count = 0
        self.finished = False
        self.gnu_unique = False
        self.symvers = []
        self.converted = []       # local labels relocations kept, in the order they did
        self.altmacro = False
        self.warnings = []
        # -g / --gdwarf-N: DWARF version of the debug info made for the source itself
        # (0: none); GNU as turns it off at the first numbered .file
        self.dwarf_level = int(self.options.get("gdwarf", 0) or 0)
        self.gen_debug = self.dwarf_level
        self.deferred_syms: list = []  # join sym_order at the end (debug_info_symbols)
        self.sealer = None             # toolchain.asm.seal.Sealer: code finished per function
        mod = importlib.import_module(f"toolchain.arch.{self.tdesc.name}.asm")
        self.target = mod.make_target(self) if hasattr(mod, "make_target") else mod.Target(self)
        t = self.target
        self.comment_chars = t.comment_chars
        self.line_comment_chars = t.line_comment_chars
        self.separators = t.separators
        from . import dwarf
        self.dwarf = dwarf.LineTable(self)
        self.cfi = dwarf.CFI(self)
        specials = set("\"'") | set(self.separators)
        for c in list(self.comment_chars) + list(self.line_comment_chars):
            specials.add(c[0])
        self._special_re = re.compile("[" + re.escape("".join(sorted(specials))) + "]")
        self.directives = self._generic_directives()
        self.directives.update(t.directives())
        # gas creates .text, .data and .bss first
        self.text_sec = self.get_section(".text")
        self.data_sec = self.get_section(".data")
        self.bss_sec = self.get_section(".bss")
        self.set_section(self.text_sec, 0)
        for name, val in (defsyms or {}).items():
            s = self.symbol(name)
            s.section = ABS
            s.offset = val
            s.defined = True

    # ------------------------------------------------------------------------------------------
    # diagnostics
    def error(self, msg: str, line=None) -> None:
        self.errors += 1
        if self.diag is not None:
            from ..diag import Location
            self.diag.error(msg, Location(self.file, self.line if line is None else line))

    def warning(self, msg: str) -> None:
        if self.diag is not None:
            from ..diag import Location
            self.diag.warning(msg, Location(self.file, self.line))
            if self.diag.werror:
                self.errors += 1

    # ------------------------------------------------------------------------------------------
    # directives
    def _generic_directives(self) -> dict:
        d = {}
        for name in dir(self):
            if name.startswith("d_"):
                fn = getattr(type(self), name)
                d["." + name[2:]] = fn
        alias = {
            ".global": Assembler.d_globl, ".equ": Assembler.d_set, ".short": Assembler.d_value,
            ".hword": Assembler.d_value, ".2byte": Assembler.d_value, ".word": Assembler.d_word,
            ".int": Assembler.d_long, ".4byte": Assembler.d_long, ".8byte": Assembler.d_quad,
            ".string": Assembler.d_asciz, ".skip": Assembler.d_space, ".single": Assembler.d_float,
            ".ifnotdef": Assembler.d_ifndef, ".ifeqs": Assembler.d_ifc, ".ifnes": Assembler.d_ifnc,
            ".error": Assembler.d_err_msg, ".irepc": Assembler.d_irpc, ".irep": Assembler.d_irp,
            ".dc.b": Assembler.d_byte, ".dc.w": Assembler.d_value, ".dc.l": Assembler.d_long,
            ".dc.a": Assembler.d_quad, ".dc.d": Assembler.d_double, ".dc.s": Assembler.d_float,
            ".dc": Assembler.d_value, ".balignw": Assembler.d_balignw,
            ".balignl": Assembler.d_balignl, ".p2alignw": Assembler.d_p2alignw,
            ".p2alignl": Assembler.d_p2alignl, ".string8": Assembler.d_asciz,
            ".lsym": Assembler.d_set, ".sect": Assembler.d_section,
            ".section.s": Assembler.d_section,
        }
        d.update(alias)
        for name in (".file", ".loc", ".loc_mark_labels"):
            d[name] = getattr(Assembler, "d_" + name[1:])
        for name in [n for n in d if n.startswith(".cfi_")]:
            pass
        from . import dwarf
        for name, fn in dwarf.CFI.directive_table().items():
            d[name] = fn
        for name in (".ident", ".version", ".stabs", ".stabn", ".stabd", ".code64", ".code32",
                     ".code16", ".optim", ".eject", ".list", ".nolist", ".psize", ".sbttl",
                     ".title", ".lflags", ".noaltmacro_ignored", ".gnu_attribute",
                     ".addrsig", ".addrsig_sym", ".linkonce"):
            d.setdefault(name, Assembler.d_ignore)
        d[".ident"] = Assembler.d_ident
        d[".addrsig"] = Assembler.d_ignore
        d[".addrsig_sym"] = Assembler.d_ignore
        return d

    # ------------------------------------------------------------------------------------------
    # the whole pipeline's end: build the object
    def finish(self) -> ObjectFile | None:
        """Lay out, resolve and build the object; None if there were errors."""
        try:
            return self._finish()
        except FatalStop:           # reported (GNU as's "Fatal error"): no object
            self.errors += 1
            return None
        except (ValueError, TypeError, IndexError, KeyError, AttributeError, OverflowError,
                struct.error, UnicodeError) as e:
            self.error(f"cannot complete the object ({type(e).__name__}: {e})")
            return None

    def _finish(self) -> ObjectFile | None:
        if self.collect is not None:
            self.error(f"end of file inside {'macro' if self.collect[0] == 'macro' else '.rept'}"
                       " definition" if False else "missing .endm" if self.collect[0] == "macro"
                       else "missing .endr")
            self.collect = None
        if self.cond_stack:
            self.warning("end of file in conditional" if False else
                         "end of file not at end of a line; newline inserted" if False else
                         "missing .endif")
        self.cfi.check_open()
        self._check_fb_labels()
        self.target.finish()
        self._freeze_equates()
        self._collect_frags()
        self.relax()
        self.check_size()
        if self.errors:
            return None
        if self.dwarf.rows:
            from . import dwarf_line
            dwarf_line.assign_views(self.dwarf)
        if self.dwarf.rows and (self.gen_debug or
                                (".debug_info", None, None) not in self.sections):
            # -g, or line info without a .debug_info of the source's: GNU as adds the
            # compilation unit, abbreviations, address ranges and strings
            from . import dwarf_info
            dwarf_info.generate(self)
        else:
            self.dwarf.generate()
        self.target.generate_frames()
        self._collect_frags()
        self.relax(warm=True)
        n = self.errors
        self.check_size()
        if self.errors > n:         # nothing stored past the object size limit
            return None
        self.finish_frags()
        for s in self.deferred_syms:
            if s not in self.sym_order:
                self.sym_order.append(s)
        self.resolve_fixups()
        self._finish_symbols()
        if self.errors:
            return None
        return self.build_object()

    def release(self) -> None:
        """After finish(), when only the object is written: the sections' fragment contents
        and relocation lists are let go (the object has them), so that
        ``write_object(obj, release=True)`` can free them as it writes."""
        for sec in self.section_list:
            sec.info = None
            for f in sec.frags:
                f.data = b""
        self.data = None            # the current fragment's contents

    def _check_fb_labels(self) -> None:
        """A forward reference `Nf` with no label `N:` after it is an error, as in GNU as."""
        for name, s in self.symbols.items():
            if "\x02" in name and not s.defined:
                n, _, c = name[2:].partition("\x02")
                self.line = 0
                self.error(f'local label `"{n}" (instance number {c} of a fb label)\' '
                           'is not defined')

    # ------------------------------------------------------------------------------------------
    def assemble(self, text: str, filename: str = "<stdin>") -> bytes | None:
        """The whole pipeline: text in, ELF bytes out (None if errors were reported)."""
        self.assemble_text(text, filename)
        obj = self.finish()
        if obj is None:
            return None
        return write_object(obj, omit_empty_symtab=True)
