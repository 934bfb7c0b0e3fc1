"""A64 instruction encoder: GNU as syntax in, 32-bit instruction words and fixups out.

``Encoder(ctx).encode(mnemonic, operand_text)`` returns the instruction word (an int) and
leaves the instruction's fixups in ``encoder.fixups`` as ``(reloc_name, value)`` pairs, the
field being left zero as GNU as leaves it. ``ctx`` supplies ``expr(text)``: the value of an
expression, an int when it is a known constant, any other object (the core's symbolic value)
otherwise. Errors raise :class:`AsmError` with GNU as's wording where it matters.

The encoder is table driven: ``MNEMONICS`` maps a mnemonic to ``(handler, args)``; each handler
decodes its operand list (split at top-level commas) with small dict lookups.
"""
from __future__ import annotations

import re
import struct

from .operands import Insn, Mem, Reg, Shift, Sym, VElem, VReg


class AsmError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# registers
# ---------------------------------------------------------------------------------------------
# REGS: lower-case name -> (class, number). Classes: x w (general, 31 = zero register),
# sp wsp (31 = stack pointer), b h s d q (FP/SIMD scalar), v (vector without arrangement).
REGS: dict[str, tuple[str, int]] = {}
for _i in range(31):
    REGS[f"x{_i}"] = Reg("x", _i)
    REGS[f"w{_i}"] = Reg("w", _i)
REGS.update({"xzr": Reg("x", 31), "wzr": Reg("w", 31), "sp": Reg("sp", 31),
             "wsp": Reg("wsp", 31), "fp": Reg("x", 29), "lr": Reg("x", 30), "ip0": Reg("x", 16),
             "ip1": Reg("x", 17)})
for _i in range(32):
    for _c in "bhsdqv":
        REGS[f"{_c}{_i}"] = Reg(_c, _i)
GP = {"x", "w", "sp", "wsp"}
FPSIZE = {"b": 0, "h": 1, "s": 2, "d": 3, "q": 4}

# vector arrangements: name -> (Q, size)
ARR = {"8b": (0, 0), "16b": (1, 0), "4h": (0, 1), "8h": (1, 1), "2s": (0, 2), "4s": (1, 2),
       "1d": (0, 3), "2d": (1, 3), "1q": (1, 4), "2h": (0, 1), "4b": (0, 0)}
ESIZE = {"b": 0, "h": 1, "s": 2, "d": 3, "q": 4}

_VREG = re.compile(r"v(\d+)\.(\d*)([bhsdq])(?:\[(.+)\])?$")
_SPLIT = re.compile(r"[,\[\]{}]")

COND = {"eq": 0, "ne": 1, "cs": 2, "hs": 2, "cc": 3, "lo": 3, "mi": 4, "pl": 5, "vs": 6,
        "vc": 7, "hi": 8, "ls": 9, "ge": 10, "lt": 11, "gt": 12, "le": 13, "al": 14, "nv": 15,
        # SVE condition names
        "none": 0, "any": 1, "nlast": 2, "last": 3, "first": 4, "nfrst": 5, "pmore": 8,
        "plast": 9, "tcont": 10, "tstop": 11, "ul": 3}
SHIFTS = {"lsl": 0, "lsr": 1, "asr": 2, "ror": 3}
EXTENDS = {"uxtb": 0, "uxth": 1, "uxtw": 2, "uxtx": 3, "sxtb": 4, "sxth": 5, "sxtw": 6,
           "sxtx": 7}

BARRIERS = {"oshld": 1, "oshst": 2, "osh": 3, "nshld": 5, "nshst": 6, "nsh": 7, "ishld": 9,
            "ishst": 10, "ish": 11, "ld": 13, "st": 14, "sy": 15}

PRFOPS = {}
for _t, _tv in (("pld", 0), ("pli", 1), ("pst", 2)):
    for _l in (1, 2, 3):
        for _p, _pv in (("keep", 0), ("strm", 1)):
            PRFOPS[f"{_t}l{_l}{_p}"] = (_tv << 3) | ((_l - 1) << 1) | _pv

# system registers: name -> (op0, op1, CRn, CRm, op2)
SYSREGS = {
    "tpidr_el0": (3, 3, 13, 0, 2), "tpidrro_el0": (3, 3, 13, 0, 3), "tpidr_el1": (3, 0, 13, 0, 4),
    "fpcr": (3, 3, 4, 4, 0), "fpsr": (3, 3, 4, 4, 1), "nzcv": (3, 3, 4, 2, 0),
    "daif": (3, 3, 4, 2, 1), "cntvct_el0": (3, 3, 14, 0, 2), "cntpct_el0": (3, 3, 14, 0, 1),
    "cntfrq_el0": (3, 3, 14, 0, 0), "cntvctss_el0": (3, 3, 14, 0, 6),
    "midr_el1": (3, 0, 0, 0, 0), "mpidr_el1": (3, 0, 0, 0, 5), "revidr_el1": (3, 0, 0, 0, 6),
    "ctr_el0": (3, 3, 0, 0, 1), "dczid_el0": (3, 3, 0, 0, 7), "currentel": (3, 0, 4, 2, 2),
    "id_aa64isar0_el1": (3, 0, 0, 6, 0), "id_aa64isar1_el1": (3, 0, 0, 6, 1),
    "id_aa64isar2_el1": (3, 0, 0, 6, 2),
    "id_aa64pfr0_el1": (3, 0, 0, 4, 0), "id_aa64pfr1_el1": (3, 0, 0, 4, 1),
    "id_aa64zfr0_el1": (3, 0, 0, 4, 4),
    "id_aa64mmfr0_el1": (3, 0, 0, 7, 0), "id_aa64mmfr1_el1": (3, 0, 0, 7, 1),
    "id_aa64mmfr2_el1": (3, 0, 0, 7, 2),
    "id_aa64dfr0_el1": (3, 0, 0, 5, 0), "sctlr_el1": (3, 0, 1, 0, 0),
    "vbar_el1": (3, 0, 12, 0, 0), "esr_el1": (3, 0, 5, 2, 0), "far_el1": (3, 0, 6, 0, 0),
    "elr_el1": (3, 0, 4, 0, 1), "spsr_el1": (3, 0, 4, 0, 0), "sp_el0": (3, 0, 4, 1, 0),
    "sp_el1": (3, 4, 4, 1, 0), "spsel": (3, 0, 4, 2, 0),
    "rndr": (3, 3, 2, 4, 0), "rndrrs": (3, 3, 2, 4, 1), "pmccntr_el0": (3, 3, 9, 13, 0),
    "cntv_ctl_el0": (3, 3, 14, 3, 1), "cntv_cval_el0": (3, 3, 14, 3, 2),
    "cntv_tval_el0": (3, 3, 14, 3, 0), "cntkctl_el1": (3, 0, 14, 1, 0),
    "ttbr0_el1": (3, 0, 2, 0, 0), "ttbr1_el1": (3, 0, 2, 0, 1), "tcr_el1": (3, 0, 2, 0, 2),
    "mair_el1": (3, 0, 10, 2, 0), "cpacr_el1": (3, 0, 1, 0, 2), "contextidr_el1": (3, 0, 13, 0, 1),
    "par_el1": (3, 0, 7, 4, 0), "dit": (3, 3, 4, 2, 5), "ssbs": (3, 3, 4, 2, 6),
    "tco": (3, 3, 4, 2, 7), "pan": (3, 0, 4, 2, 3), "uao": (3, 0, 4, 2, 4),
    "mdscr_el1": (3, 0, 0, 2, 2), "oslar_el1": (2, 0, 1, 0, 4), "ctr_el1": (3, 3, 0, 0, 1),
    "isr_el1": (3, 0, 12, 1, 0), "actlr_el1": (3, 0, 1, 0, 1), "afsr0_el1": (3, 0, 5, 1, 0),
    "afsr1_el1": (3, 0, 5, 1, 1), "amair_el1": (3, 0, 10, 3, 0), "tpidr_el2": (3, 4, 13, 0, 2),
    "hcr_el2": (3, 4, 1, 1, 0), "sctlr_el2": (3, 4, 1, 0, 0), "vbar_el2": (3, 4, 12, 0, 0),
    "elr_el2": (3, 4, 4, 0, 1), "spsr_el2": (3, 4, 4, 0, 0), "esr_el2": (3, 4, 5, 2, 0),
    "far_el2": (3, 4, 6, 0, 0), "cnthctl_el2": (3, 4, 14, 1, 0), "cntvoff_el2": (3, 4, 14, 0, 3),
    "vttbr_el2": (3, 4, 2, 1, 0), "vtcr_el2": (3, 4, 2, 1, 2), "mdcr_el2": (3, 4, 1, 1, 1),
    "cptr_el2": (3, 4, 1, 1, 2), "hstr_el2": (3, 4, 1, 1, 3), "scr_el3": (3, 6, 1, 1, 0),
    "sctlr_el3": (3, 6, 1, 0, 0), "elr_el3": (3, 6, 4, 0, 1), "spsr_el3": (3, 6, 4, 0, 0),
    "vbar_el3": (3, 6, 12, 0, 0), "esr_el3": (3, 6, 5, 2, 0), "far_el3": (3, 6, 6, 0, 0),
    "pmcr_el0": (3, 3, 9, 12, 0), "pmuserenr_el0": (3, 3, 9, 14, 0),
    "pmcntenset_el0": (3, 3, 9, 12, 1), "cntp_ctl_el0": (3, 3, 14, 2, 1),
    "cntp_cval_el0": (3, 3, 14, 2, 2), "cntp_tval_el0": (3, 3, 14, 2, 0),
    "osdlr_el1": (2, 0, 1, 3, 4), "mdccsr_el0": (2, 3, 0, 1, 0), "dbgdtr_el0": (2, 3, 0, 4, 0),
    "dbgdtrrx_el0": (2, 3, 0, 5, 0), "zcr_el1": (3, 0, 1, 2, 0), "gcr_el1": (3, 0, 1, 6, 6),
    "rgsr_el1": (3, 0, 1, 0, 5), "tfsre0_el1": (3, 0, 5, 6, 1), "tfsr_el1": (3, 0, 5, 6, 0),
    "apiakeylo_el1": (3, 0, 2, 1, 0), "apiakeyhi_el1": (3, 0, 2, 1, 1),
    "apibkeylo_el1": (3, 0, 2, 1, 2), "apibkeyhi_el1": (3, 0, 2, 1, 3),
    "apdakeylo_el1": (3, 0, 2, 2, 0), "apdakeyhi_el1": (3, 0, 2, 2, 1),
    "apdbkeylo_el1": (3, 0, 2, 2, 2), "apdbkeyhi_el1": (3, 0, 2, 2, 3),
    "apgakeylo_el1": (3, 0, 2, 3, 0), "apgakeyhi_el1": (3, 0, 2, 3, 1),
    "ccsidr_el1": (3, 1, 0, 0, 0), "clidr_el1": (3, 1, 0, 0, 1), "csselr_el1": (3, 2, 0, 0, 0),
    "aidr_el1": (3, 1, 0, 0, 7), "vpidr_el2": (3, 4, 0, 0, 0), "vmpidr_el2": (3, 4, 0, 0, 5),
}

def _more_sysregs():
    """System registers by family (encodings from the Arm ARM)."""
    r = {}
    for n in range(31):
        r[f"pmevcntr{n}_el0"] = (3, 3, 14, 8 + (n >> 3), n & 7)
        r[f"pmevtyper{n}_el0"] = (3, 3, 14, 12 + (n >> 3), n & 7)
    for n in range(16):
        for name, op2 in (("dbgbvr", 4), ("dbgbcr", 5), ("dbgwvr", 6), ("dbgwcr", 7)):
            r[f"{name}{n}_el1"] = (2, 0, 0, n, op2)
        r[f"amevcntr1{n}_el0"] = (3, 3, 13, 12 + (n >> 3), n & 7)
        r[f"amevtyper1{n}_el0"] = (3, 3, 13, 14 + (n >> 3), n & 7)
    for n in range(4):
        r[f"amevcntr0{n}_el0"] = (3, 3, 13, 4 + (n >> 3), n & 7)
        r[f"amevtyper0{n}_el0"] = (3, 3, 13, 6 + (n >> 3), n & 7)
        r[f"icc_ap0r{n}_el1"] = (3, 0, 12, 8, 4 + n)
        r[f"icc_ap1r{n}_el1"] = (3, 0, 12, 9, n)
        r[f"ich_ap0r{n}_el2"] = (3, 4, 12, 8, n)
        r[f"ich_ap1r{n}_el2"] = (3, 4, 12, 9, n)
    for n in range(16):
        r[f"ich_lr{n}_el2"] = (3, 4, 12, 12 + (n >> 3), n & 7)
    for i, n in enumerate(("pmcr", "pmcntenset", "pmcntenclr", "pmovsclr", "pmswinc", "pmselr",
                           "pmceid0", "pmceid1")):
        r[n + "_el0"] = (3, 3, 9, 12, i)
    r.update({"pmxevtyper_el0": (3, 3, 9, 13, 1), "pmxevcntr_el0": (3, 3, 9, 13, 2),
              "pmovsset_el0": (3, 3, 9, 14, 3), "pmintenset_el1": (3, 0, 9, 14, 1),
              "pmintenclr_el1": (3, 0, 9, 14, 2), "pmccfiltr_el0": (3, 3, 14, 15, 7),
              "amcr_el0": (3, 3, 13, 2, 0), "amcfgr_el0": (3, 3, 13, 2, 1),
              "amcgcr_el0": (3, 3, 13, 2, 2), "amuserenr_el0": (3, 3, 13, 2, 3),
              "amcntenclr0_el0": (3, 3, 13, 2, 4), "amcntenset0_el0": (3, 3, 13, 2, 5),
              "amcntenclr1_el0": (3, 3, 13, 3, 0), "amcntenset1_el0": (3, 3, 13, 3, 1)})
    for i, n in enumerate(("id_pfr0", "id_pfr1", "id_dfr0", "id_afr0", "id_mmfr0", "id_mmfr1",
                           "id_mmfr2", "id_mmfr3")):
        r[n + "_el1"] = (3, 0, 0, 1, i)
    for i, n in enumerate(("id_isar0", "id_isar1", "id_isar2", "id_isar3", "id_isar4",
                           "id_isar5", "id_mmfr4", "id_isar6")):
        r[n + "_el1"] = (3, 0, 0, 2, i)
    for i, n in enumerate(("mvfr0", "mvfr1", "mvfr2")):
        r[n + "_el1"] = (3, 0, 0, 3, i)
    r.update({"id_pfr2_el1": (3, 0, 0, 3, 4), "id_dfr1_el1": (3, 0, 0, 3, 5),
              "id_mmfr5_el1": (3, 0, 0, 3, 6), "id_aa64dfr1_el1": (3, 0, 0, 5, 1),
              "id_aa64afr0_el1": (3, 0, 0, 5, 4), "id_aa64afr1_el1": (3, 0, 0, 5, 5),
              "id_aa64smfr0_el1": (3, 0, 0, 4, 5),
              "rvbar_el1": (3, 0, 12, 0, 1), "rmr_el1": (3, 0, 12, 0, 2),
              "rvbar_el2": (3, 4, 12, 0, 1), "rmr_el2": (3, 4, 12, 0, 2),
              "rvbar_el3": (3, 6, 12, 0, 1), "rmr_el3": (3, 6, 12, 0, 2),
              "mdccint_el1": (2, 0, 0, 2, 0), "mdrar_el1": (2, 0, 1, 0, 0),
              "oslsr_el1": (2, 0, 1, 1, 4), "dbgprcr_el1": (2, 0, 1, 4, 4),
              "dbgclaimset_el1": (2, 0, 7, 8, 6), "dbgclaimclr_el1": (2, 0, 7, 9, 6),
              "dbgauthstatus_el1": (2, 0, 7, 14, 6), "dlr_el0": (3, 3, 4, 5, 1),
              "dspsr_el0": (3, 3, 4, 5, 0), "teecr32_el1": (2, 2, 0, 0, 0),
              "teehbr32_el1": (2, 2, 1, 0, 0), "dbgdtrtx_el0": (2, 3, 0, 5, 0),
              "cntps_tval_el1": (3, 7, 14, 2, 0), "cntps_ctl_el1": (3, 7, 14, 2, 1),
              "cntps_cval_el1": (3, 7, 14, 2, 2), "cnthp_tval_el2": (3, 4, 14, 2, 0),
              "cnthp_ctl_el2": (3, 4, 14, 2, 1), "cnthp_cval_el2": (3, 4, 14, 2, 2),
              "cnthv_tval_el2": (3, 4, 14, 3, 0), "cnthv_ctl_el2": (3, 4, 14, 3, 1),
              "cnthv_cval_el2": (3, 4, 14, 3, 2), "cntpct_el0": (3, 3, 14, 0, 1),
              "tpidr_el3": (3, 6, 13, 0, 2), "ttbr0_el2": (3, 4, 2, 0, 0),
              "ttbr1_el2": (3, 4, 2, 0, 1), "ttbr0_el3": (3, 6, 2, 0, 0),
              "tcr_el2": (3, 4, 2, 0, 2), "tcr_el3": (3, 6, 2, 0, 2),
              "mair_el2": (3, 4, 10, 2, 0), "mair_el3": (3, 6, 10, 2, 0),
              "amair_el2": (3, 4, 10, 3, 0), "amair_el3": (3, 6, 10, 3, 0),
              "actlr_el2": (3, 4, 1, 0, 1), "actlr_el3": (3, 6, 1, 0, 1),
              "afsr0_el2": (3, 4, 5, 1, 0), "afsr1_el2": (3, 4, 5, 1, 1),
              "afsr0_el3": (3, 6, 5, 1, 0), "afsr1_el3": (3, 6, 5, 1, 1),
              "hpfar_el2": (3, 4, 6, 0, 4), "cptr_el3": (3, 6, 1, 1, 2),
              "sp_el2": (3, 6, 4, 1, 0), "sder32_el3": (3, 6, 1, 1, 1),
              "mdcr_el3": (3, 6, 1, 3, 1), "dacr32_el2": (3, 4, 3, 0, 0),
              "ifsr32_el2": (3, 4, 5, 0, 1), "fpexc32_el2": (3, 4, 5, 3, 0),
              "dbgvcr32_el2": (2, 4, 0, 7, 0), "spsr_irq": (3, 4, 4, 3, 0),
              "spsr_abt": (3, 4, 4, 3, 1), "spsr_und": (3, 4, 4, 3, 2),
              "spsr_fiq": (3, 4, 4, 3, 3), "contextidr_el2": (3, 4, 13, 0, 1),
              "tpidr_el0": (3, 3, 13, 0, 2), "cnthctl_el2": (3, 4, 14, 1, 0),
              "icc_pmr_el1": (3, 0, 4, 6, 0), "icc_iar0_el1": (3, 0, 12, 8, 0),
              "icc_eoir0_el1": (3, 0, 12, 8, 1), "icc_hppir0_el1": (3, 0, 12, 8, 2),
              "icc_bpr0_el1": (3, 0, 12, 8, 3), "icc_dir_el1": (3, 0, 12, 11, 1),
              "icc_rpr_el1": (3, 0, 12, 11, 3), "icc_sgi1r_el1": (3, 0, 12, 11, 5),
              "icc_asgi1r_el1": (3, 0, 12, 11, 6), "icc_sgi0r_el1": (3, 0, 12, 11, 7),
              "icc_iar1_el1": (3, 0, 12, 12, 0), "icc_eoir1_el1": (3, 0, 12, 12, 1),
              "icc_hppir1_el1": (3, 0, 12, 12, 2), "icc_bpr1_el1": (3, 0, 12, 12, 3),
              "icc_ctlr_el1": (3, 0, 12, 12, 4), "icc_sre_el1": (3, 0, 12, 12, 5),
              "icc_igrpen0_el1": (3, 0, 12, 12, 6), "icc_igrpen1_el1": (3, 0, 12, 12, 7),
              "icc_sre_el2": (3, 4, 12, 9, 5), "icc_ctlr_el3": (3, 6, 12, 12, 4),
              "icc_sre_el3": (3, 6, 12, 12, 5), "icc_igrpen1_el3": (3, 6, 12, 12, 7),
              "ich_hcr_el2": (3, 4, 12, 11, 0), "ich_vtr_el2": (3, 4, 12, 11, 1),
              "ich_misr_el2": (3, 4, 12, 11, 2), "ich_eisr_el2": (3, 4, 12, 11, 3),
              "ich_elrsr_el2": (3, 4, 12, 11, 5), "ich_vmcr_el2": (3, 4, 12, 11, 7),
              "erridr_el1": (3, 0, 5, 3, 0), "errselr_el1": (3, 0, 5, 3, 1),
              "erxfr_el1": (3, 0, 5, 4, 0), "erxctlr_el1": (3, 0, 5, 4, 1),
              "erxstatus_el1": (3, 0, 5, 4, 2), "erxaddr_el1": (3, 0, 5, 4, 3),
              "erxmisc0_el1": (3, 0, 5, 5, 0), "erxmisc1_el1": (3, 0, 5, 5, 1),
              "disr_el1": (3, 0, 12, 1, 1), "vdisr_el2": (3, 4, 12, 1, 1),
              "vsesr_el2": (3, 4, 5, 2, 3), "lorsa_el1": (3, 0, 10, 4, 0),
              "lorea_el1": (3, 0, 10, 4, 1), "lorn_el1": (3, 0, 10, 4, 2),
              "lorc_el1": (3, 0, 10, 4, 3), "lorid_el1": (3, 0, 10, 4, 7),
              "sctlr_el12": (3, 5, 1, 0, 0), "cpacr_el12": (3, 5, 1, 0, 2),
              "ttbr0_el12": (3, 5, 2, 0, 0), "ttbr1_el12": (3, 5, 2, 0, 1),
              "tcr_el12": (3, 5, 2, 0, 2), "afsr0_el12": (3, 5, 5, 1, 0),
              "afsr1_el12": (3, 5, 5, 1, 1), "esr_el12": (3, 5, 5, 2, 0),
              "far_el12": (3, 5, 6, 0, 0), "mair_el12": (3, 5, 10, 2, 0),
              "amair_el12": (3, 5, 10, 3, 0), "vbar_el12": (3, 5, 12, 0, 0),
              "contextidr_el12": (3, 5, 13, 0, 1), "cntkctl_el12": (3, 5, 14, 1, 0),
              "cntp_tval_el02": (3, 5, 14, 2, 0), "cntp_ctl_el02": (3, 5, 14, 2, 1),
              "cntp_cval_el02": (3, 5, 14, 2, 2), "cntv_tval_el02": (3, 5, 14, 3, 0),
              "cntv_ctl_el02": (3, 5, 14, 3, 1), "cntv_cval_el02": (3, 5, 14, 3, 2),
              "spsr_el12": (3, 5, 4, 0, 0), "elr_el12": (3, 5, 4, 0, 1),
              "ttbr1_el2_alias": (3, 4, 2, 0, 1), "vncr_el2": (3, 4, 2, 2, 0),
              "vstcr_el2": (3, 4, 2, 6, 2), "vsttbr_el2": (3, 4, 2, 6, 0),
              "cnthps_tval_el2": (3, 4, 14, 5, 0), "cnthps_ctl_el2": (3, 4, 14, 5, 1),
              "cnthps_cval_el2": (3, 4, 14, 5, 2), "cnthvs_tval_el2": (3, 4, 14, 4, 0),
              "cnthvs_ctl_el2": (3, 4, 14, 4, 1), "cnthvs_cval_el2": (3, 4, 14, 4, 2),
              "sder32_el2": (3, 4, 1, 3, 1), "mpam0_el1": (3, 0, 10, 5, 1),
              "mpam1_el1": (3, 0, 10, 5, 0), "mpam2_el2": (3, 4, 10, 5, 0),
              "mpam3_el3": (3, 6, 10, 5, 0), "mpamidr_el1": (3, 0, 10, 4, 4),
              "scxtnum_el0": (3, 3, 13, 0, 7), "scxtnum_el1": (3, 0, 13, 0, 7),
              "scxtnum_el2": (3, 4, 13, 0, 7), "scxtnum_el3": (3, 6, 13, 0, 7),
              "rgsr_el1": (3, 0, 1, 0, 5), "gmid_el1": (3, 1, 0, 0, 4),
              "tfsre0_el1": (3, 0, 5, 6, 1), "trfcr_el1": (3, 0, 1, 2, 1),
              "zcr_el2": (3, 4, 1, 2, 0), "zcr_el3": (3, 6, 1, 2, 0), "zcr_el12": (3, 5, 1, 2, 0),
              "svcr": (3, 3, 4, 2, 2), "tpidr2_el0": (3, 3, 13, 0, 5),
              "smcr_el1": (3, 0, 1, 2, 6), "smcr_el2": (3, 4, 1, 2, 6),
              "smcr_el3": (3, 6, 1, 2, 6), "smidr_el1": (3, 1, 0, 0, 6),
              "smpri_el1": (3, 0, 1, 2, 4), "smprimap_el2": (3, 4, 1, 2, 5)})
    r.pop("ttbr1_el2_alias")
    return r


SYSREGS.update({k: v for k, v in _more_sysregs().items() if k not in SYSREGS})
_SYSREG_RE = re.compile(r"s([0-3])_([0-7])_c(\d+)_c(\d+)_([0-7])$")
PSTATE = {"spsel": (0, 5), "daifset": (3, 6), "daifclr": (3, 7), "uao": (0, 3), "pan": (0, 4),
          "dit": (3, 2), "ssbs": (3, 1), "tco": (3, 4)}

# (op1, CRn, CRm, op2, takes register) for sys aliases
DC_OPS = {"zva": (3, 7, 4, 1), "ivac": (0, 7, 6, 1), "isw": (0, 7, 6, 2), "cvac": (3, 7, 10, 1),
          "csw": (0, 7, 10, 2), "cvau": (3, 7, 11, 1), "civac": (3, 7, 14, 1),
          "cisw": (0, 7, 14, 2), "cvap": (3, 7, 12, 1), "cvadp": (3, 7, 13, 1),
          "gva": (3, 7, 4, 3), "gzva": (3, 7, 4, 4)}
IC_OPS = {"ialluis": (0, 7, 1, 0), "iallu": (0, 7, 5, 0), "ivau": (3, 7, 5, 1)}
AT_OPS = {"s1e1r": (0, 7, 8, 0), "s1e1w": (0, 7, 8, 1), "s1e0r": (0, 7, 8, 2),
          "s1e0w": (0, 7, 8, 3), "s1e1rp": (0, 7, 9, 0), "s1e1wp": (0, 7, 9, 1),
          "s1e2r": (4, 7, 8, 0), "s1e2w": (4, 7, 8, 1), "s12e1r": (4, 7, 8, 4),
          "s12e1w": (4, 7, 8, 5), "s12e0r": (4, 7, 8, 6), "s12e0w": (4, 7, 8, 7),
          "s1e3r": (6, 7, 8, 0), "s1e3w": (6, 7, 8, 1)}
TLBI_OPS = {"vmalle1is": (0, 8, 3, 0), "vae1is": (0, 8, 3, 1), "aside1is": (0, 8, 3, 2),
            "vaae1is": (0, 8, 3, 3), "vale1is": (0, 8, 3, 5), "vaale1is": (0, 8, 3, 7),
            "vmalle1": (0, 8, 7, 0), "vae1": (0, 8, 7, 1), "aside1": (0, 8, 7, 2),
            "vaae1": (0, 8, 7, 3), "vale1": (0, 8, 7, 5), "vaale1": (0, 8, 7, 7),
            "alle1is": (4, 8, 3, 4), "alle2": (4, 8, 7, 0), "alle1": (4, 8, 7, 4),
            "vmalle1os": (0, 8, 1, 0), "vae1os": (0, 8, 1, 1), "aside1os": (0, 8, 1, 2),
            "vaae1os": (0, 8, 1, 3), "vale1os": (0, 8, 1, 5), "vaale1os": (0, 8, 1, 7),
            "ipas2e1is": (4, 8, 0, 1), "ipas2le1is": (4, 8, 0, 5), "ipas2e1": (4, 8, 4, 1),
            "ipas2le1": (4, 8, 4, 5), "vae2is": (4, 8, 3, 1), "vae2": (4, 8, 7, 1),
            "vale2is": (4, 8, 3, 5), "vale2": (4, 8, 7, 5), "alle2is": (4, 8, 3, 0),
            "vmalls12e1is": (4, 8, 3, 6), "vmalls12e1": (4, 8, 7, 6), "vae3is": (6, 8, 3, 1),
            "vae3": (6, 8, 7, 1), "vale3is": (6, 8, 3, 5), "vale3": (6, 8, 7, 5),
            "alle3is": (6, 8, 3, 0), "alle3": (6, 8, 7, 0), "alle1os": (4, 8, 1, 4),
            "alle2os": (4, 8, 1, 0), "alle3os": (6, 8, 1, 0), "vmalls12e1os": (4, 8, 1, 6),
            "ipas2e1os": (4, 8, 4, 0), "ipas2le1os": (4, 8, 4, 4)}

HINTS = {"nop": 0, "yield": 1, "wfe": 2, "wfi": 3, "sev": 4, "sevl": 5, "dgh": 6,
         "xpaclri": 7, "pacia1716": 8, "pacib1716": 10, "autia1716": 12, "autib1716": 14,
         "esb": 16, "csdb": 20, "paciaz": 24, "paciasp": 25, "pacibz": 26, "pacibsp": 27,
         "autiaz": 28, "autiasp": 29, "autibz": 30, "autibsp": 31}


def _err_ops(m, text):
    return AsmError(f"unexpected operands -- `{m} {text}'")


# ---------------------------------------------------------------------------------------------
# operand splitting and helpers
# ---------------------------------------------------------------------------------------------
def split_operands(text: str) -> list[str]:
    """Split at commas outside brackets/braces/parentheses; strips blanks."""
    if "," not in text:
        t = text.strip()
        return [t] if t else []
    if "[" not in text and "{" not in text and "(" not in text and '"' not in text:
        return [p.strip() for p in text.split(",")]
    out = []
    depth = 0
    start = 0
    instr = False
    for i, ch in enumerate(text):
        if instr:
            if ch == '"':
                instr = False
            continue
        if ch == '"':
            instr = True
        elif ch in "[{(":
            depth += 1
        elif ch in "]})":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append(text[start:i].strip())
            start = i + 1
    out.append(text[start:].strip())
    return out


def bitmask_encode(imm: int, size: int):
    """Logical-immediate (N, immr, imms) for ``imm`` as a ``size``-bit value, or None."""
    key = (imm, size)
    r = _BM_CACHE.get(key)
    if r is not None or key in _BM_CACHE:
        return r
    r = _bitmask(imm, size)
    if len(_BM_CACHE) < 100000:
        _BM_CACHE[key] = r
    return r


_BM_CACHE: dict = {}


def _bitmask(imm, size):
    full = (1 << size) - 1
    imm &= full
    if imm == 0 or imm == full:
        return None
    e = size
    while e > 2:
        h = e // 2
        m = (1 << h) - 1
        if (imm & m) != ((imm >> h) & m):
            break
        e = h
    mask = (1 << e) - 1
    elt = imm & mask
    ones = bin(elt).count("1")
    pat = (1 << ones) - 1
    for r in range(e):
        # rotate pat right by r within e bits
        rot = ((pat >> r) | (pat << (e - r))) & mask
        if rot == elt:
            immr = r
            break
    else:
        return None
    n = 1 if e == 64 else 0
    imms = ((0x3F & ~((e << 1) - 1)) | (ones - 1)) & 0x3F
    return n, immr, imms


def bitmask_decode(n, immr, imms, size):
    """Inverse of bitmask_encode (for tests)."""
    length = (n << 6 | (~imms & 0x3F)).bit_length() - 1
    e = 1 << length
    levels = e - 1
    s = imms & levels
    r = immr & levels
    elt = (1 << (s + 1)) - 1
    elt = ((elt >> r) | (elt << (e - r))) & ((1 << e) - 1)
    v = 0
    for i in range(0, size, e):
        v |= elt << i
    return v


def fp8_decode(imm8: int) -> float:
    sign = imm8 >> 7
    b = (imm8 >> 6) & 1
    cd = (imm8 >> 4) & 3
    # exponent field of a double: NOT(b) : b x8 : c : d
    e = ((b ^ 1) << 10) | ((0xFF if b else 0) << 2) | cd
    frac = (imm8 & 15) << 48
    bits = (sign << 63) | (e << 52) | frac
    return struct.unpack("<d", struct.pack("<Q", bits))[0]


_FP8 = {}
for _v in range(256):
    _FP8[fp8_decode(_v)] = _v


def movz_shift(v: int, size: int):
    """(imm16, hw) if ``v`` (masked to ``size`` bits) is one 16-bit chunk (or zero)."""
    if v >> 16 == 0:
        return v, 0
    for hw in range(1, size // 16):
        if v & ~(0xFFFF << (16 * hw)) == 0:
            return v >> (16 * hw), hw
    return None


# relocation operators: name -> {instruction class: relocation name}
# classes: adrp, adr, add, ld (ldst; LDSTn chosen by access size), movz, movk, ldlit
_R = "R_AARCH64_"
RELOC_OPS: dict[str, dict] = {
    "": {"adrp": "ADR_PREL_PG_HI21", "adr": "ADR_PREL_LO21", "ldlit": "LD_PREL_LO19"},
    "pg_hi21": {"adrp": "ADR_PREL_PG_HI21"},
    "pg_hi21_nc": {"adrp": "ADR_PREL_PG_HI21_NC"},
    "lo12": {"add": "ADD_ABS_LO12_NC", "ld": "LDST{}_ABS_LO12_NC"},
    "got": {"adrp": "ADR_GOT_PAGE", "ldlit": "GOT_LD_PREL19"},
    "got_lo12": {"ld": "LD64_GOT_LO12_NC"},
    "gotpage_lo15": {"ld": "LD64_GOTPAGE_LO15"},
    "gotoff_lo15": {"ld": "LD64_GOTOFF_LO15"},
    "gotpage_lo14": {},         # ILP32's (GNU as knows it, no ELF64 instruction takes it)
    "abs_g0": {"movz": "MOVW_UABS_G0", "movk": "MOVW_UABS_G0"},
    "abs_g0_nc": {"movz": "MOVW_UABS_G0_NC", "movk": "MOVW_UABS_G0_NC"},
    "abs_g0_s": {"movz": "MOVW_SABS_G0"},
    "abs_g1": {"movz": "MOVW_UABS_G1", "movk": "MOVW_UABS_G1"},
    "abs_g1_nc": {"movz": "MOVW_UABS_G1_NC", "movk": "MOVW_UABS_G1_NC"},
    "abs_g1_s": {"movz": "MOVW_SABS_G1"},
    "abs_g2": {"movz": "MOVW_UABS_G2", "movk": "MOVW_UABS_G2"},
    "abs_g2_nc": {"movz": "MOVW_UABS_G2_NC", "movk": "MOVW_UABS_G2_NC"},
    "abs_g2_s": {"movz": "MOVW_SABS_G2"},
    "abs_g3": {"movz": "MOVW_UABS_G3", "movk": "MOVW_UABS_G3"},
    "prel_g0": {"movz": "MOVW_PREL_G0"}, "prel_g0_nc": {"movz": "MOVW_PREL_G0_NC",
                                                        "movk": "MOVW_PREL_G0_NC"},
    "prel_g1": {"movz": "MOVW_PREL_G1"}, "prel_g1_nc": {"movz": "MOVW_PREL_G1_NC",
                                                        "movk": "MOVW_PREL_G1_NC"},
    "prel_g2": {"movz": "MOVW_PREL_G2"}, "prel_g2_nc": {"movz": "MOVW_PREL_G2_NC",
                                                        "movk": "MOVW_PREL_G2_NC"},
    "prel_g3": {"movz": "MOVW_PREL_G3"},
    "gotoff_g0_nc": {"movz": "MOVW_GOTOFF_G0_NC", "movk": "MOVW_GOTOFF_G0_NC"},
    "gotoff_g1": {"movz": "MOVW_GOTOFF_G1", "movk": "MOVW_GOTOFF_G1"},
    "tlsgd": {"adrp": "TLSGD_ADR_PAGE21", "adr": "TLSGD_ADR_PREL21"},
    "tlsgd_lo12": {"add": "TLSGD_ADD_LO12_NC"},
    "tlsgd_g1": {"movz": "TLSGD_MOVW_G1"},
    "tlsgd_g0_nc": {"movz": "TLSGD_MOVW_G0_NC", "movk": "TLSGD_MOVW_G0_NC"},
    "tlsldm": {"adrp": "TLSLD_ADR_PAGE21", "adr": "TLSLD_ADR_PREL21"},
    "tlsldm_lo12_nc": {"add": "TLSLD_ADD_LO12_NC"},
    "dtprel_g2": {"movz": "TLSLD_MOVW_DTPREL_G2", "movk": "TLSLD_MOVW_DTPREL_G2"},
    "dtprel_g1": {"movz": "TLSLD_MOVW_DTPREL_G1", "movk": "TLSLD_MOVW_DTPREL_G1"},
    "dtprel_g1_nc": {"movz": "TLSLD_MOVW_DTPREL_G1_NC", "movk": "TLSLD_MOVW_DTPREL_G1_NC"},
    "dtprel_g0": {"movz": "TLSLD_MOVW_DTPREL_G0", "movk": "TLSLD_MOVW_DTPREL_G0"},
    "dtprel_g0_nc": {"movz": "TLSLD_MOVW_DTPREL_G0_NC", "movk": "TLSLD_MOVW_DTPREL_G0_NC"},
    "dtprel_hi12": {"add": "TLSLD_ADD_DTPREL_HI12"},
    "dtprel_lo12": {"add": "TLSLD_ADD_DTPREL_LO12", "ld": "TLSLD_LDST{}_DTPREL_LO12"},
    "dtprel_lo12_nc": {"add": "TLSLD_ADD_DTPREL_LO12_NC", "ld": "TLSLD_LDST{}_DTPREL_LO12_NC"},
    "gottprel": {"adrp": "TLSIE_ADR_GOTTPREL_PAGE21", "ldlit": "TLSIE_LD_GOTTPREL_PREL19"},
    "gottprel_lo12": {"ld": "TLSIE_LD64_GOTTPREL_LO12_NC"},
    "gottprel_g1": {"movz": "TLSIE_MOVW_GOTTPREL_G1", "movk": "TLSIE_MOVW_GOTTPREL_G1"},
    "gottprel_g0_nc": {"movz": "TLSIE_MOVW_GOTTPREL_G0_NC", "movk": "TLSIE_MOVW_GOTTPREL_G0_NC"},
    "tprel_g2": {"movz": "TLSLE_MOVW_TPREL_G2"},
    "tprel_g1": {"movz": "TLSLE_MOVW_TPREL_G1"},
    "tprel_g1_nc": {"movk": "TLSLE_MOVW_TPREL_G1_NC", "movz": "TLSLE_MOVW_TPREL_G1_NC"},
    "tprel_g0": {"movz": "TLSLE_MOVW_TPREL_G0"},
    "tprel_g0_nc": {"movk": "TLSLE_MOVW_TPREL_G0_NC", "movz": "TLSLE_MOVW_TPREL_G0_NC"},
    "tprel_hi12": {"add": "TLSLE_ADD_TPREL_HI12"},
    "tprel_lo12": {"add": "TLSLE_ADD_TPREL_LO12", "ld": "TLSLE_LDST{}_TPREL_LO12"},
    "tprel_lo12_nc": {"add": "TLSLE_ADD_TPREL_LO12_NC", "ld": "TLSLE_LDST{}_TPREL_LO12_NC"},
    "tlsdesc": {"adrp": "TLSDESC_ADR_PAGE21", "adr": "TLSDESC_ADR_PREL21",
                "ldlit": "TLSDESC_LD_PREL19"},
    "tlsdesc_lo12": {"ld": "TLSDESC_LD64_LO12", "add": "TLSDESC_ADD_LO12"},
    "tlsdesc_off_g1": {"movz": "TLSDESC_OFF_G1", "movk": "TLSDESC_OFF_G1"},
    "tlsdesc_off_g0_nc": {"movz": "TLSDESC_OFF_G0_NC", "movk": "TLSDESC_OFF_G0_NC"},
}
# MOVW group (hw) per relocation operator
MOVW_GROUP = {}
for _k in RELOC_OPS:
    _m = re.search(r"g(\d)", _k)
    if _m:
        MOVW_GROUP[_k] = int(_m.group(1))
_MOD_RE = re.compile(r"#?\s*:([a-z0-9_]+):\s*(.*)$", re.S | re.I)
_MOD_ANY = re.compile(r":([A-Za-z0-9_]+):")
# instructions whose address takes no relocation operator (GNU as: "relocation not allowed")
_BRANCHES = frozenset(("b", "bl", "cbz", "cbnz", "tbz", "tbnz"))
# instructions whose immediate takes no relocation operator (GNU as: "bad expression")
_NO_RELOC_EXPR = frozenset(("mov", "adds", "sub", "subs"))
_NO_RELOC_ADDR = frozenset(("ldp", "stp", "ldnp", "stnp", "ldpsw", "ldur", "stur", "ldurb",
                            "sturb", "ldurh", "sturh", "ldursb", "ldursh", "ldursw", "prfum"))


_SCRUB_COMMA = re.compile(r"\s*,\s*")


class Encoder:
    """Operands come as GNU as text (``encode``: split at commas, each operand parsed by the
    helpers below when a handler asks for it) or as the objects of :mod:`.operands` that the
    helpers would parse the text to (``encode_ops``: pycc's back end); the handlers are the
    same for both."""
    __slots__ = ("ctx", "fixups", "_m", "_t", "_bias", "_ops", "_modop")

    def __init__(self, ctx):
        self.ctx = ctx
        self.fixups: list = []
        self._bias = 0
        self._ops = None
        self._modop = None

    # -- entry ----------------------------------------------------------------------------------
    def encode(self, mnem: str, text: str) -> int:
        self.fixups = []
        m = mnem.lower()
        ent = MNEMONICS.get(m)
        if ent is None:
            raise AsmError(f"unknown mnemonic `{mnem}' -- `{mnem} {text}'".rstrip()
                           if text else f"unknown mnemonic `{mnem}' -- `{mnem}'")
        self._m = m
        self._t = text
        self._bias = 0
        ops = split_operands(text)
        self._modop = None
        if ":" in text:
            self._check_modifiers(m, ops)
        return self._run(ent, ops)

    def _check_modifiers(self, m: str, ops) -> None:
        """GNU as's errors for a ``:name:`` relocation operator that no form of the
        instruction takes; records which operand has one (``reloc`` reports against it)."""
        for i, op in enumerate(ops, 1):
            if type(op) is not str or ":" not in op:
                continue
            mm = _MOD_ANY.search(op)
            if mm is None:
                continue
            if m in _NO_RELOC_EXPR:
                raise self.bad("bad expression", i)
            if i > 1 and type(ops[i - 2]) is str and ops[i - 2].rstrip().endswith("]"):
                raise self.bad("invalid expression in the address", i - 1)   # post-index
            if mm.group(1).lower() not in RELOC_OPS:
                raise self.bad("unknown relocation modifier", i)
            classes = RELOC_OPS[mm.group(1).lower()]
            if m in _NO_RELOC_ADDR or op.rstrip().endswith("!"):
                raise self.bad("relocation not allowed" if "ld" in classes else
                               "this relocation modifier is not allowed on this instruction", i)
            if m in _BRANCHES or m.startswith("b."):
                raise self.bad("this relocation modifier is not allowed on this instruction", i)
            self._modop = i

    def reloc(self, mod: str, cls: str) -> str:
        """The relocation of operator ``mod`` in an instruction of class ``cls`` (GNU as's
        error if that class does not take it)."""
        r = RELOC_OPS.get(mod, {}).get(cls)
        if r is None:
            raise self.bad("this relocation modifier is not allowed on this instruction",
                           self._modop) if self._modop is not None else self.bad()
        return r

    def encode_ops(self, mnem: str, ops: list) -> int:
        """Encode from operand objects (:mod:`.operands`); the same handlers as ``encode``."""
        self.fixups = []
        ent = MNEMONICS.get(mnem)
        if ent is None:
            raise AsmError(f"unknown mnemonic `{mnem}'")
        self._m = mnem
        self._t = None
        self._ops = ops
        self._bias = 0
        self._modop = None
        return self._run(ent, ops)

    def _run(self, ent, ops):
        try:
            w = ent[0](self, ops, *ent[1:])
            if w is None:
                raise self.bad()
            return w
        except IndexError:
            if ops:
                raise self.bad("comma expected between operands", len(ops) + 1) from None
            raise self.bad() from None
        except (KeyError, ValueError, TypeError, AttributeError):
            raise self.bad() from None

    @staticmethod
    def _deferrable(err):
        """A constant that is not known yet (a symbol defined further on): the target may
        encode the instruction again at the end of the input."""
        err.deferrable = True
        return err

    def nops(self, ops, lo, hi):
        """Check the operand count as GNU as reports it."""
        n = len(ops)
        if n < lo:
            if n:
                raise self.bad("comma expected between operands", n + 1)
            raise self.bad("missing operand" if False else None)
        if n > hi:
            raise self.bad("unexpected characters following instruction" if False else None)

    def bad(self, what: str | None = None, op: int | None = None, late: bool = False):
        """The error for this instruction in GNU as's form: ``what at operand N -- `insn'``
        (the instruction as GNU as's scrubber leaves it). ``late``: GNU as finds it when it
        resolves the operand's fixup, after the whole file, and prints no instruction."""
        if late:
            err = AsmError(what)
            err.late = True
            return err
        text = self._t
        if text is None:        # operand objects: their GNU as text
            text = Insn(self._m, self._ops).operands_text()
        t = _SCRUB_COMMA.sub(",", f"{self._m} {text.strip()}".rstrip())
        if what:
            if op is not None:
                return AsmError(f"{what} at operand {op + self._bias} -- `{t}'")
            return AsmError(f"{what} -- `{t}'")
        return AsmError(f"invalid operands -- `{t}'")

    # -- operand helpers ---------------------------------------------------------------------------
    def reg(self, op):
        if type(op) is Reg:
            return op
        if type(op) is not str:
            raise self.bad()
        r = REGS.get(op)
        if r is None:
            r = REGS.get(op.lower())
            if r is None:
                raise self.bad()
        return r

    def opt_reg(self, op):
        """The register an operand names, or None."""
        t = type(op)
        if t is str:
            return REGS.get(op) or REGS.get(op.lower())
        return op if t is Reg else None

    def is_vec(self, op) -> bool:
        """A vector register operand (v0.4s, v1.d[1], ...)."""
        t = type(op)
        if t is str:
            return op.lower().startswith("v")
        return t is VReg or t is VElem or (t is Reg and op.cls == "v")

    def is_elem(self, op) -> bool:
        """A vector element operand (v1.d[1])."""
        t = type(op)
        if t is str:
            return op.lower().startswith("v") and "[" in op
        return t is VElem

    @staticmethod
    def is_mem(op) -> bool:
        t = type(op)
        return op[:1] == "[" if t is str else t is Mem

    def gpr(self, op: str, allow_sp=False):
        """A general register: (sf, num). ``allow_sp``: sp/wsp instead of the zero register."""
        c, n = self.reg(op)
        if c == "x":
            if allow_sp and n == 31:
                raise self.bad()
            return 1, n
        if c == "w":
            if allow_sp and n == 31:
                raise self.bad()
            return 0, n
        if allow_sp and c in ("sp", "wsp"):
            return (1 if c == "sp" else 0), 31
        raise self.bad()

    def gpx(self, op):
        sf, n = self.gpr(op)
        if not sf:
            raise self.bad()
        return n

    def gpw(self, op):
        sf, n = self.gpr(op)
        if sf:
            raise self.bad()
        return n

    def xsp(self, op):
        """A base register: x0-x30 or sp."""
        c, n = self.reg(op)
        if c == "sp" or (c == "x" and n != 31):
            return n
        raise self.bad()

    def value(self, text):
        """Expression value: int if constant, else the context's symbolic value."""
        t = text
        if type(t) is not str:
            if type(t) is int:
                return t
            if type(t) is Sym and t.mod is None:
                return self.ctx.sym_value(t)
            raise self.bad()
        if t[:1] == "#":
            t = t[1:].lstrip()
        if t.isdigit():
            if t[0] != "0" or len(t) == 1:
                return int(t)
        elif t[:2] in ("0x", "0X") and len(t) > 2:
            try:
                return int(t, 16)
            except ValueError:
                pass
        elif t[:1] == "-" and t[1:].isdigit() and (t[1] != "0" or len(t) == 2):
            return int(t)
        if not t:
            raise self.bad()
        return self.ctx.expr(t)

    def const(self, text: str) -> int:
        v = self.value(text)
        if not isinstance(v, int):
            raise self._deferrable(self.bad("constant expression required"))
        return v

    def immop(self, text):
        """(relocation operator or '', value) for an immediate operand."""
        if type(text) is Sym:
            return text.mod or "", self.ctx.sym_value(text)
        if type(text) is int:
            return "", text
        if ":" in text:
            m = _MOD_RE.match(text)
            if m:
                return m.group(1).lower(), self.value(m.group(2))
        return "", self.value(text)

    def fix(self, rname: str, value):
        self.fixups.append((_R + rname, value))

    def vreg(self, op):
        """A vector register with arrangement: (num, arrangement name)."""
        if type(op) is VReg:
            return op
        m = _VREG.match(op.lower())
        if not m or m.group(4) is not None:
            raise self.bad()
        arr = m.group(2) + m.group(3)
        if arr not in ARR:
            raise self.bad()
        n = int(m.group(1))
        if n > 31:
            raise self.bad()
        return n, arr

    def velem(self, op):
        """A vector element v<n>.<T>[i]: (num, element size log2, index)."""
        if type(op) is VElem:
            return op.num, ESIZE[op.es], op.index
        m = _VREG.match(op.lower())
        if not m or m.group(4) is None:
            raise self.bad()
        n = int(m.group(1))
        return n, ESIZE[m.group(3)], self.const(m.group(4))

    def fpreg(self, op: str):
        c, n = self.reg(op)
        if c not in FPSIZE:
            raise self.bad()
        return c, n

    def cond(self, op: str) -> int:
        c = COND.get(op.lower())
        if c is None:
            raise self.bad()
        return c

    def shift_amt(self, op):
        """'lsl #3' -> ('lsl', 3); amount may be absent (extends)."""
        if type(op) is Shift:
            return op
        parts = op.split(None, 1)
        kind = parts[0].lower()
        amt = self.const(parts[1]) if len(parts) > 1 else None
        return kind, amt

    def reglist(self, op: str):
        """{v0.4s, v1.4s} or {v0.4s-v3.4s}: (first, count, arrangement)."""
        op = op.strip()
        if not (op.startswith("{") and op.endswith("}")):
            raise self.bad()
        inner = op[1:-1].strip()
        if "-" in inner and "," not in inner:
            a, b = inner.split("-")
            n1, t1 = self.vreg(a.strip())
            n2, t2 = self.vreg(b.strip())
            if t1 != t2:
                raise self.bad()
            cnt = (n2 - n1) % 32 + 1
            return n1, cnt, t1
        regs = [self.vreg(p.strip()) for p in inner.split(",")]
        n1, t1 = regs[0]
        for i, (n, t) in enumerate(regs):
            if t != t1 or n != (n1 + i) % 32:
                raise self.bad()
        return n1, len(regs), t1

    def elemlist(self, op: str):
        """{v0.s, v1.s}[1] or {v0.s}[1]: (first, count, esize, index)."""
        op = op.strip()
        i = op.rfind("[")
        if not op.startswith("{") or i < 0 or not op.endswith("]"):
            raise self.bad()
        idx = self.const(op[i + 1:-1])
        inner = op[1:i].strip()
        if not inner.endswith("}"):
            raise self.bad()
        inner = inner[:-1]
        if "-" in inner and "," not in inner:
            parts = [p.strip() for p in inner.split("-")]
            rs = [self._vel(p) for p in parts]
            cnt = (rs[1][0] - rs[0][0]) % 32 + 1
        else:
            rs = [self._vel(p.strip()) for p in inner.split(",")]
            cnt = len(rs)
        return rs[0][0], cnt, rs[0][1], idx

    def _vel(self, p):
        m = re.match(r"v(\d+)\.(\d*)([bhsd])$", p.lower())
        if not m:
            raise self.bad()
        return int(m.group(1)), ESIZE[m.group(3)]


# =============================================================================================
# handlers
# =============================================================================================
SF = 1 << 31


def h_fixed(e, ops, word):
    if ops:
        raise e.bad()
    return word


def h_hint_alias(e, ops, n):
    if ops:
        raise e.bad()
    return 0xD503201F | (n << 5)


def h_hint(e, ops):
    n = e.const(ops[0])
    if not 0 <= n < 128 or len(ops) != 1:
        raise e.bad()
    return 0xD503201F | (n << 5)


def h_bti(e, ops):
    t = {"": 0, "c": 2, "j": 4, "jc": 6}[ops[0].lower() if ops else ""]
    return 0xD503241F | (t << 5)


def h_exc(e, ops, base, default=None):
    if not ops and default is not None:
        v = default
    else:
        v = e.const(ops[0])
    if not 0 <= v < 65536:
        raise e.bad("immediate value out of range 0 to 65535", 1)
    return base | (v << 5)


def h_udf(e, ops):
    v = e.const(ops[0])
    if not 0 <= v < 65536:
        raise e.bad("immediate value out of range 0 to 65535", 1)
    return v


def h_barrier(e, ops, base, isb=False):
    if not ops:
        if not isb and base != 0xD503309F and base != 0xD50330BF:
            raise e.bad()
        crm = 15
    else:
        o = ops[0].lower()
        if isb:
            if o == "sy":
                crm = 15
            else:
                crm = e.const(o)
        else:
            crm = BARRIERS.get(o)
            if crm is None:
                crm = e.const(o)
    if not 0 <= crm < 16:
        raise e.bad()
    return base | (crm << 8)


def h_sb(e, ops):
    return 0xD50330FF


def _sysreg(e, op):
    o = op.lower()
    r = SYSREGS.get(o)
    if r is None:
        m = _SYSREG_RE.match(o)
        if not m:
            raise e.bad("unknown or missing system register name")
        r = tuple(int(x) for x in m.groups())
        if r[2] > 15 or r[3] > 15 or r[0] < 2:
            raise e.bad()
    op0, op1, crn, crm, op2 = r
    return (op0 << 19) | (op1 << 16) | (crn << 12) | (crm << 8) | (op2 << 5)


def h_mrs(e, ops):
    rt = e.gpx(ops[1 - 1]) if False else e.gpx(ops[0])
    return 0xD5200000 | _sysreg(e, ops[1]) | rt


def h_msr(e, ops):
    o = ops[0].lower()
    if o in PSTATE and (ops[1].startswith("#") or ops[1][:1].isdigit()):
        op1, op2 = PSTATE[o]
        v = e.const(ops[1])
        top = 15 if o.startswith("daif") else 1
        if not 0 <= v <= top:
            raise e.bad(f"immediate value out of range 0 to {top}", 2)
        return 0xD500401F | (op1 << 16) | (v << 8) | (op2 << 5)
    rt = e.gpx(ops[1])
    return 0xD5000000 | _sysreg(e, ops[0]) | rt


def h_sys_alias(e, ops, table, need_reg):
    o = ops[0].lower()
    op1, crn, crm, op2 = table[o]
    if len(ops) > 1:
        rt = e.gpx(ops[1])
    else:
        if table is DC_OPS or table is AT_OPS or (table is IC_OPS and o == "ivau"):
            raise e.bad("missing register")
        if table is TLBI_OPS and not o.startswith(("vmall", "all")):
            raise e.bad("missing register")
        rt = 31
    return 0xD5080000 | (op1 << 16) | (crn << 12) | (crm << 8) | (op2 << 5) | rt


def h_sys(e, ops, base):
    op1 = e.const(ops[0])
    crn = _cr(e, ops[1])
    crm = _cr(e, ops[2])
    op2 = e.const(ops[3])
    rt = e.gpx(ops[4]) if len(ops) > 4 else 31
    return base | (op1 << 16) | (crn << 12) | (crm << 8) | (op2 << 5) | rt


def _cr(e, op):
    o = op.lower()
    if o[:1] != "c":
        raise e.bad()
    v = int(o[1:])
    if not 0 <= v < 16:
        raise e.bad()
    return v


# -- branches -------------------------------------------------------------------------------------
def h_b(e, ops, base, rname):
    if not ops:
        raise e.bad("invalid address", 1)
    e.nops(ops, 1, 1)
    mod, v = e.immop(ops[0])
    if mod:
        raise e.bad()
    e.fix(rname, v)
    return base


def h_bcond(e, ops, cond):
    if not ops:
        raise e.bad("invalid address", 1)
    e.nops(ops, 1, 1)
    e.fix("CONDBR19", e.value(ops[0]))
    return 0x54000000 | cond


def h_cb(e, ops, base):
    sf, rt = e.gpr(ops[0])
    e.fix("CONDBR19", e.value(ops[1]))
    return base | (sf << 31) | rt


def h_tb(e, ops, base):
    sf, rt = e.gpr(ops[0])
    b = e.const(ops[1])
    if not 0 <= b < (64 if sf else 32):
        raise e.bad("immediate value out of range 0 to " + ("63" if sf else "31"), 2)
    e.fix("TSTBR14", e.value(ops[2]))
    return base | ((b >> 5) << 31) | ((b & 31) << 19) | rt


def h_br(e, ops, base, default=None):
    if not ops:
        if default is None:
            raise e.bad()
        return base | (default << 5)
    return base | (e.gpx(ops[0]) << 5)


def h_pac_br(e, ops, base, nregs):
    """braa/brab/blraa/blrab Xn, Xm|SP."""
    e.nops(ops, 2, 2)
    return base | (e.gpx(ops[0]) << 5) | e.xsp(ops[1])


# -- adr/adrp --------------------------------------------------------------------------------------
def h_adr(e, ops, base, cls):
    rd = e.gpx(ops[0])
    mod, v = e.immop(ops[1])
    e.fix(e.reloc(mod, cls), v)
    return base | rd


# -- add/sub ------------------------------------------------------------------------------------------
# base words: shifted-register form; immediate = base ^ 0x1A000000 (01011 -> 10001); extended
# register = base | 0x00200000
ADDSUB = {"add": 0x0B000000, "adds": 0x2B000000, "sub": 0x4B000000, "subs": 0x6B000000}


def _addsub(e, ops, base, rd_sp, rd_is_zr=False):
    # ops: rd, rn, op2[, shift/extend]
    cd, nd = e.reg(ops[0])
    cn, nn = e.reg(ops[1])
    if cd in ("x", "sp"):
        sf = 1
    elif cd in ("w", "wsp"):
        sf = 0
    else:
        raise e.bad()
    if (cn in ("x", "sp")) != bool(sf) or cn not in GP:
        raise e.bad()
    d_sp = cd in ("sp", "wsp")
    n_sp = cn in ("sp", "wsp")
    if d_sp and not rd_sp:
        raise e.bad()
    if (cd in ("x", "w") and nd == 31 and rd_sp and False):
        pass
    op2 = ops[2]
    r = e.opt_reg(op2)
    if r is not None:
        cm, nm = r
        if cm not in ("x", "w"):
            raise e.bad()
        ext = None
        amt = 0
        if len(ops) > 3:
            kind, a = e.shift_amt(ops[3])
            if kind in SHIFTS:
                if a is None:
                    raise e.bad()
                if d_sp or n_sp:
                    if kind != "lsl":
                        raise e.bad()
                    ext = 3 if sf else 2
                    amt = a
                    if amt > 4:
                        raise e.bad("shift amount out of range 0 to 4")
                else:
                    if kind == "ror" or not 0 <= a < (64 if sf else 32):
                        raise e.bad()
                    if (cm == "x") != bool(sf):
                        raise e.bad()
                    return base | (sf << 31) | (SHIFTS[kind] << 22) | (nm << 16) | (a << 10) \
                        | (nn << 5) | nd
            elif kind in EXTENDS:
                ext = EXTENDS[kind]
                amt = a or 0
                if not 0 <= amt <= 4:
                    raise e.bad("shift amount out of range 0 to 4")
            else:
                raise e.bad()
        elif d_sp or n_sp:
            ext = 3 if sf else 2
        if ext is None:
            if (cm == "x") != bool(sf):
                if sf and cm == "w":
                    raise e.bad("missing extend operator", 2 if rd_is_zr else 3)
                raise e.bad()
            return base | (sf << 31) | (nm << 16) | (nn << 5) | nd
        if sf and (ext & 3) == 3:
            if cm != "x":
                raise e.bad()
        elif cm != "w":
            raise e.bad()
        return base | 0x00200000 | (sf << 31) | (nm << 16) | (ext << 13) | (amt << 10) \
            | (nn << 5) | nd
    # immediate
    if (cd in ("x", "w") and nd == 31 and not rd_is_zr and rd_sp):
        # add xzr, ... as immediate writes SP; GNU as rejects the zero register here
        raise e.bad()
    mod, v = e.immop(op2)
    sh = 0
    ibase = base ^ 0x1A000000
    if mod:
        e.fix(e.reloc(mod, "add"), v)
        if mod == "tprel_hi12":
            sh = 1          # GNU as shifts :tprel_hi12: (not :dtprel_hi12:) by itself
        if len(ops) > 3:
            kind, a = e.shift_amt(ops[3])
            if kind != "lsl" or a not in (0, 12):
                raise e.bad()
            sh = 1 if a == 12 else sh
        return ibase | (sf << 31) | (sh << 22) | (nn << 5) | nd
    if not isinstance(v, int):
        raise e.bad()
    if len(ops) > 3:
        kind, a = e.shift_amt(ops[3])
        if kind != "lsl" or a not in (0, 12):
            raise e.bad("shift amount must be 0 or 12")
        if a == 12:
            sh = 1
    if sh == 0 and v >> 12 and not (v & 0xFFF) and 0 < v < (1 << 24):
        v >>= 12
        sh = 1
    if v < 0 or v > 0xFFF:
        # GNU as turns add #-n into sub #n (and back)
        nv = -v
        if 0 < nv <= 0xFFF or (0 < nv < (1 << 24) and not nv & 0xFFF and sh == 0):
            ibase ^= 0x40000000
            if nv > 0xFFF:
                nv >>= 12
                sh = 1
            v = nv
        else:
            raise e.bad("immediate out of range", late=True)
    return ibase | (sf << 31) | (sh << 22) | (v << 10) | (nn << 5) | nd


def h_addsub(e, ops, base, rd_sp):
    e.nops(ops, 3, 4)
    return _addsub(e, ops, base, rd_sp)


def h_cmp(e, ops, base):
    # cmp/cmn rn, op2 -> subs/adds zr, rn, op2
    e.nops(ops, 2, 3)
    c, n = e.reg(ops[0])
    z = "xzr" if c in ("x", "sp") else "wzr"
    return _addsub(e, [z] + ops, base, False, rd_is_zr=True)


def h_neg(e, ops, base):
    # neg rd, op2 -> sub rd, zr, op2
    c, n = e.reg(ops[0])
    z = "xzr" if c == "x" else "wzr"
    r1 = e.opt_reg(ops[1])
    if r1 is not None and r1.cls in ("sp", "wsp"):
        raise e.bad()
    ops = [ops[0], z] + ops[1:]
    cm, _ = e.reg(ops[2])
    if cm not in ("x", "w"):
        raise e.bad()
    return _addsub(e, ops, base, False)


# -- logical ------------------------------------------------------------------------------------------
LOGIC = {"and": (0x0A000000, 0x12000000, 0), "bic": (0x0A200000, 0x12000000, 1),
         "orr": (0x2A000000, 0x32000000, 0), "orn": (0x2A200000, 0x32000000, 1),
         "eor": (0x4A000000, 0x52000000, 0), "eon": (0x4A200000, 0x52000000, 1),
         "ands": (0x6A000000, 0x72000000, 0), "bics": (0x6A200000, 0x72000000, 1)}


def _logic(e, ops, name):
    rbase, ibase, inv = LOGIC[name]
    cd, nd = e.reg(ops[0])
    e.nops(ops, 3, 4)
    cn, nn = e.reg(ops[1])
    sf = 1 if cd in ("x", "sp") else 0
    if cn not in ("x", "w") or (cn == "x") != bool(sf):
        raise e.bad()
    r = e.opt_reg(ops[2])
    if r is not None:
        if cd not in ("x", "w"):
            raise e.bad()
        cm, nm = r
        if cm not in ("x", "w") or (cm == "x") != bool(sf):
            raise e.bad()
        sh = amt = 0
        if len(ops) > 3:
            kind, amt = e.shift_amt(ops[3])
            sh = SHIFTS[kind]
            if amt is None or not 0 <= amt < (64 if sf else 32):
                raise e.bad()
        return rbase | (sf << 31) | (sh << 22) | (nm << 16) | (amt << 10) | (nn << 5) | nd
    if len(ops) > 3:
        raise e.bad()
    if cd in ("sp", "wsp") and name in ("ands", "bics"):
        raise e.bad()
    if cd in ("x", "w") and nd == 31 and name not in ("ands", "bics"):
        raise e.bad()
    v = e.const(ops[2])
    size = 64 if sf else 32
    if not sf:
        if -(1 << 31) <= v < 0:
            v &= 0xFFFFFFFF
        elif v >> 32:
            raise e.bad("immediate out of range", 3)
    else:
        if -(1 << 63) <= v < 0:
            v &= (1 << 64) - 1
    if inv:
        v = ~v & ((1 << size) - 1)
    enc = bitmask_encode(v, size)
    if enc is None:
        raise e.bad("immediate out of range", 3)
    n, immr, imms = enc
    return ibase | (sf << 31) | (n << 22) | (immr << 16) | (imms << 10) | (nn << 5) | nd


def h_logic(e, ops, name):
    if ops and e.is_vec(ops[0]):
        return h_vlogic(e, ops, name)
    return _logic(e, ops, name)


def h_tst(e, ops):
    c, _ = e.reg(ops[0])
    e._bias = -1
    return _logic(e, ["xzr" if c == "x" else "wzr"] + ops, "ands")


def h_mvn(e, ops):
    if e.is_vec(ops[0]):
        return h_v2misc(e, ops, 1, 0b00101, "bq", 0)
    c, _ = e.reg(ops[0])
    return _logic(e, [ops[0], "xzr" if c == "x" else "wzr"] + ops[1:], "orn")


# -- moves -------------------------------------------------------------------------------------------
def _mov_imm(e, sf, rd, v):
    size = 64 if sf else 32
    full = (1 << size) - 1
    if sf:
        if not -(1 << 63) <= v < (1 << 64):
            raise e.bad("immediate out of range", late=True)
    else:
        if not -(1 << 31) <= v < (1 << 32):
            raise e.bad("immediate cannot be moved by a single instruction", late=True)
    v &= full
    z = movz_shift(v, size)
    if z is not None:
        return 0x52800000 | (sf << 31) | (z[1] << 21) | (z[0] << 5) | rd
    z = movz_shift(~v & full, size)
    if z is not None:
        return 0x12800000 | (sf << 31) | (z[1] << 21) | (z[0] << 5) | rd
    enc = bitmask_encode(v, size)
    if enc is not None:
        n, immr, imms = enc
        return 0x32000000 | (sf << 31) | (n << 22) | (immr << 16) | (imms << 10) | (31 << 5) | rd
    raise e.bad("immediate cannot be moved by a single instruction", late=True)


def h_mov(e, ops):
    if len(ops) == 3 and (ops[2].kind if type(ops[2]) is Shift
                          else ops[2].split(None, 1)[0].lower()) in SHIFTS:
        # mov Rd, Rm, <shift> #n: ORR Rd, ZR, Rm, <shift> #n
        c, _ = e.reg(ops[0])
        return _logic(e, [ops[0], "xzr" if c == "x" else "wzr", ops[1], ops[2]], "orr")
    e.nops(ops, 2, 2)
    a, b = ops
    ra = e.opt_reg(a)
    if ra is None:
        # vector forms: mov v0.16b, v1.16b ; mov v0.s[1], w0 ; mov v0.s[1], v1.s[0]
        if e.is_vec(a):
            if e.is_elem(a):
                return h_ins(e, ops)
            n, t = e.vreg(a)
            m, t2 = e.vreg(b)
            if t != t2 or t not in ("8b", "16b"):
                raise e.bad()
            q = ARR[t][0]
            return 0x0EA01C00 | (q << 30) | (m << 16) | (m << 5) | n
        raise e.bad()
    ca, na = ra
    if ca in FPSIZE:
        # mov s0, v1.s[1] (dup scalar)
        return h_dup(e, ops)
    rb = e.opt_reg(b)
    if rb is not None:
        cb, nb = rb
        if ca in ("sp", "wsp") or cb in ("sp", "wsp"):
            sf = 1 if ca in ("x", "sp") else 0
            if (cb in ("x", "sp")) != bool(sf) or cb not in GP:
                raise e.bad()
            return 0x11000000 | (sf << 31) | (nb << 5) | na
        if ca not in ("x", "w") or cb != ca:
            raise e.bad()
        sf = 1 if ca == "x" else 0
        return 0x2A0003E0 | (sf << 31) | (nb << 16) | na
    if e.is_elem(b):
        # mov w0, v0.s[1] -> umov
        return h_umov(e, ops, True)
    if ca not in ("x", "w", "sp", "wsp"):
        raise e.bad()
    sf = 1 if ca in ("x", "sp") else 0
    mod, v = e.immop(b)
    if mod:
        raise e.bad()
    if not isinstance(v, int):
        raise e._deferrable(e.bad("constant expression required"))
    if ca in ("sp", "wsp"):
        enc = bitmask_encode(v & ((1 << (64 if sf else 32)) - 1), 64 if sf else 32)
        if enc is None:
            raise e.bad()
        n, immr, imms = enc
        return 0x32000000 | (sf << 31) | (n << 22) | (immr << 16) | (imms << 10) | (31 << 5) | 31
    return _mov_imm(e, sf, na, v)


def h_movw(e, ops, base):
    sf, rd = e.gpr(ops[0])
    mod, v = e.immop(ops[1])
    hw = 0
    if mod:
        cls = "movk" if base == 0x72800000 else "movz"
        ops_ = RELOC_OPS.get(mod, {})
        r = ops_.get(cls)
        if r is None and cls == "movk" and "movz" in ops_ and e._modop is not None:
            raise e.bad("the specified relocation type is not allowed for MOVK", e._modop)
        r = e.reloc(mod, cls)
        hw = MOVW_GROUP.get(mod, 0)
        if not sf and hw > 1:
            raise e.bad("the specified relocation type is not allowed for 32-bit register",
                        e._modop) if e._modop is not None else e.bad()
        e.fix(r, v)
        if len(ops) > 2:
            raise e.bad()
        return base | (sf << 31) | (hw << 21) | rd
    if not isinstance(v, int):
        raise e._deferrable(e.bad("constant expression required"))
    if len(ops) > 2:
        kind, a = e.shift_amt(ops[2])
        if kind != "lsl" or a is None or a % 16 or not 0 <= a < (64 if sf else 32):
            raise e.bad("invalid shift amount")
        hw = a // 16
        if not 0 <= v <= 0xFFFF:
            raise e.bad("immediate value out of range 0 to 65535", 2)
    else:
        if not 0 <= v <= 0xFFFF:
            if base == 0x72800000:
                raise e.bad("immediate out of range", late=True)
            raise e.bad("immediate out of range", late=True)
    return base | (sf << 31) | (hw << 21) | (v << 5) | rd


# -- bitfield ------------------------------------------------------------------------------------------
def _bfm(base, sf, rd, rn, immr, imms):
    return base | (sf << 31) | (sf << 22) | (immr << 16) | (imms << 10) | (rn << 5) | rd


BFM = {"sbfm": 0x13000000, "bfm": 0x33000000, "ubfm": 0x53000000}


def h_bfm(e, ops, base):
    sf, rd = e.gpr(ops[0])
    sf2, rn = e.gpr(ops[1])
    immr = e.const(ops[2])
    imms = e.const(ops[3])
    size = 64 if sf else 32
    if sf != sf2 or not 0 <= immr < size or not 0 <= imms < size:
        raise e.bad()
    return _bfm(base, sf, rd, rn, immr, imms)


def h_bfx(e, ops, base, kind):
    """ubfx/sbfx/bfxil (kind 'x') and ubfiz/sbfiz/bfi (kind 'iz')."""
    sf, rd = e.gpr(ops[0])
    sf2, rn = e.gpr(ops[1])
    lsb = e.const(ops[2])
    width = e.const(ops[3])
    size = 64 if sf else 32
    if sf != sf2 or not 0 <= lsb < size or not 1 <= width <= size - lsb:
        raise e.bad()
    if kind == "x":
        return _bfm(base, sf, rd, rn, lsb, lsb + width - 1)
    return _bfm(base, sf, rd, rn, (-lsb) % size, width - 1)


def h_bfc(e, ops):
    sf, rd = e.gpr(ops[0])
    lsb = e.const(ops[1])
    width = e.const(ops[2])
    size = 64 if sf else 32
    if not 0 <= lsb < size or not 1 <= width <= size - lsb:
        raise e.bad()
    return _bfm(0x33000000, sf, rd, 31, (-lsb) % size, width - 1)


def h_ext(e, ops, base, imms, dst64_ok):
    """sxtb/sxth/sxtw/uxtb/uxth: rd, wn (uxtb/uxth with an X destination: the W form)."""
    e.nops(ops, 2, 2)
    sf, rd = e.gpr(ops[0])
    sfn, rn = e.gpr(ops[1])
    if sfn or (not sf and imms == 31):
        raise e.bad()
    if sf and not dst64_ok:
        sf = 0
    return _bfm(base, sf, rd, rn, 0, imms)


def h_shift(e, ops, kind):
    sf, rd = e.gpr(ops[0])
    sf2, rn = e.gpr(ops[1])
    if sf != sf2:
        raise e.bad()
    r = e.opt_reg(ops[2])
    if r is not None:
        cm, rm = r
        if cm not in ("x", "w") or (cm == "x") != bool(sf):
            raise e.bad()
        op = {"lsl": 8, "lsr": 9, "asr": 10, "ror": 11}[kind]
        return 0x1AC02000 | (sf << 31) | (rm << 16) | ((op - 8) << 10) | (rn << 5) | rd
    sh = e.const(ops[2])
    size = 64 if sf else 32
    if not 0 <= sh < size:
        raise e.bad(f"immediate value out of range 0 to {size - 1}", 3)
    if kind == "lsl":
        return _bfm(0x53000000, sf, rd, rn, (-sh) % size, size - 1 - sh)
    if kind == "lsr":
        return _bfm(0x53000000, sf, rd, rn, sh, size - 1)
    if kind == "asr":
        return _bfm(0x13000000, sf, rd, rn, sh, size - 1)
    # ror -> extr rd, rn, rn, #sh
    return 0x13800000 | (sf << 31) | (sf << 22) | (rn << 16) | (sh << 10) | (rn << 5) | rd


def h_shiftv(e, ops, op):
    sf, rd = e.gpr(ops[0])
    sf2, rn = e.gpr(ops[1])
    sf3, rm = e.gpr(ops[2])
    if not sf == sf2 == sf3:
        raise e.bad()
    return 0x1AC02000 | (sf << 31) | (rm << 16) | (op << 10) | (rn << 5) | rd


def h_extr(e, ops):
    sf, rd = e.gpr(ops[0])
    sf2, rn = e.gpr(ops[1])
    sf3, rm = e.gpr(ops[2])
    lsb = e.const(ops[3])
    if not sf == sf2 == sf3 or not 0 <= lsb < (64 if sf else 32):
        raise e.bad()
    return 0x13800000 | (sf << 31) | (sf << 22) | (rm << 16) | (lsb << 10) | (rn << 5) | rd


# -- data processing (register) ------------------------------------------------------------------
def h_dp3(e, ops, base, nops, sf_req=None):
    """Generic Rd, Rn, Rm[, Ra] with matching widths (madd, adc, udiv, csel w/o cond...)."""
    if len(ops) != nops:
        raise e.bad()
    sf, rd = e.gpr(ops[0])
    sf2, rn = e.gpr(ops[1])
    sf3, rm = e.gpr(ops[2])
    if not sf == sf2 == sf3:
        raise e.bad()
    w = base | (sf << 31) | (rm << 16) | (rn << 5) | rd
    if nops == 4:
        sf4, ra = e.gpr(ops[3])
        if sf4 != sf:
            raise e.bad()
        w |= ra << 10
    return w


def h_mul_alias(e, ops, base):
    """mul/mneg: madd/msub with Ra = zr."""
    e.nops(ops, 3, 3)
    sf, rd = e.gpr(ops[0])
    sf2, rn = e.gpr(ops[1])
    sf3, rm = e.gpr(ops[2])
    if not sf == sf2 == sf3:
        raise e.bad()
    return base | (sf << 31) | (rm << 16) | (31 << 10) | (rn << 5) | rd


def h_long_mul(e, ops, base, has_ra):
    """smaddl/umaddl/... xd, wn, wm, xa ; smull/umull xd, wn, wm ; smulh/umulh xd, xn, xm."""
    if len(ops) != (4 if has_ra else 3):
        raise e.bad()
    rd = e.gpx(ops[0])
    rn = e.gpw(ops[1])
    rm = e.gpw(ops[2])
    ra = e.gpx(ops[3]) if has_ra else 31
    return base | (rm << 16) | (ra << 10) | (rn << 5) | rd


def h_mulh(e, ops, base):
    e.nops(ops, 3, 3)
    return base | (e.gpx(ops[2]) << 16) | (31 << 10) | (e.gpx(ops[1]) << 5) | e.gpx(ops[0])


def h_dp1(e, ops, base, sf_only=None):
    e.nops(ops, 2, 2)
    sf, rd = e.gpr(ops[0])
    sf2, rn = e.gpr(ops[1])
    if sf != sf2 or (sf_only is not None and sf != sf_only):
        raise e.bad()
    return base | (sf << 31) | (rn << 5) | rd


def h_rev(e, ops):
    sf, rd = e.gpr(ops[0])
    if e.is_vec(ops[0]):
        raise e.bad()
    return h_dp1(e, ops, 0x5AC00800 | (sf << 10))


def h_crc(e, ops, base, x):
    rd = e.gpw(ops[0])
    rn = e.gpw(ops[1])
    rm = e.gpx(ops[2]) if x else e.gpw(ops[2])
    return base | (x << 31) | (rm << 16) | (rn << 5) | rd


def h_csel(e, ops, base):
    e.nops(ops, 4, 4)
    sf, rd = e.gpr(ops[0])
    sf2, rn = e.gpr(ops[1])
    sf3, rm = e.gpr(ops[2])
    if not sf == sf2 == sf3:
        raise e.bad()
    return base | (sf << 31) | (rm << 16) | (e.cond(ops[3]) << 12) | (rn << 5) | rd


def h_cset(e, ops, base):
    e.nops(ops, 2, 2)
    sf, rd = e.gpr(ops[0])
    c = e.cond(ops[1])
    if c >= 14:
        raise e.bad()
    return base | (sf << 31) | (31 << 16) | ((c ^ 1) << 12) | (31 << 5) | rd


def h_cinc(e, ops, base):
    e.nops(ops, 3, 3)
    sf, rd = e.gpr(ops[0])
    sf2, rn = e.gpr(ops[1])
    if sf != sf2:
        raise e.bad()
    c = e.cond(ops[2])
    if c >= 14:
        raise e.bad()
    return base | (sf << 31) | (rn << 16) | ((c ^ 1) << 12) | (rn << 5) | rd


def h_ccmp(e, ops, base):
    e.nops(ops, 4, 4)
    sf, rn = e.gpr(ops[0])
    nzcv = e.const(ops[2])
    c = e.cond(ops[3])
    if not 0 <= nzcv < 16:
        raise e.bad()
    r = e.opt_reg(ops[1])
    if r is not None:
        cm, rm = r
        if cm not in ("x", "w") or (cm == "x") != bool(sf):
            raise e.bad()
        return base | (sf << 31) | (rm << 16) | (c << 12) | (rn << 5) | nzcv
    imm = e.const(ops[1])
    if not 0 <= imm < 32:
        raise e.bad()
    return base | 0x800 | (sf << 31) | (imm << 16) | (c << 12) | (rn << 5) | nzcv


def h_ngc(e, ops, base):
    sf, rd = e.gpr(ops[0])
    sf2, rm = e.gpr(ops[1])
    if sf != sf2:
        raise e.bad()
    return base | (sf << 31) | (rm << 16) | (31 << 5) | rd


# -- loads and stores ----------------------------------------------------------------------------------
# name -> (unsigned-offset base word or None, access size log2 or None (from Rt), register class)
# rt class: "g" general (x/w picks), "x", "w", "f" fp/simd, "p" prefetch op
LDST = {
    "ldr": None, "str": None,            # handled by register class
    "ldrb": (0x39400000, 0, "w"), "strb": (0x39000000, 0, "w"),
    "ldrh": (0x79400000, 1, "w"), "strh": (0x79000000, 1, "w"),
    "ldrsb": (0x39800000, 0, "s"), "ldrsh": (0x79800000, 1, "s"),
    "ldrsw": (0xB9800000, 2, "x"), "prfm": (0xF9800000, 3, "p"),
}
LDR_GP = {("ldr", "x"): (0xF9400000, 3), ("ldr", "w"): (0xB9400000, 2),
          ("str", "x"): (0xF9000000, 3), ("str", "w"): (0xB9000000, 2)}
LDR_FP = {("ldr", "b"): (0x3D400000, 0), ("ldr", "h"): (0x7D400000, 1),
          ("ldr", "s"): (0xBD400000, 2), ("ldr", "d"): (0xFD400000, 3),
          ("ldr", "q"): (0x3DC00000, 4),
          ("str", "b"): (0x3D000000, 0), ("str", "h"): (0x7D000000, 1),
          ("str", "s"): (0xBD000000, 2), ("str", "d"): (0xFD000000, 3),
          ("str", "q"): (0x3D800000, 4)}
LDLIT = {"w": 0x18000000, "x": 0x58000000, "s": 0x1C000000, "d": 0x5C000000, "q": 0x9C000000}
_MEM_RE = re.compile(r"\[\s*([^\],]+?)\s*(?:,\s*(.*?))?\s*\]\s*(!?)\s*$", re.S)


def _parse_mem(e, op, rest):
    """Parse an address: returns (kind, rn, x) where kind is 'off' (x = offset operand text or
    None), 'pre' (x = text), 'post' (x = text), 'reg' (x = (rm register, extend text or
    None)); a ``Mem`` object gives the same with its offset and extend objects in place of the
    texts."""
    if type(op) is Mem:
        if rest is not None:
            raise e.bad()
        rn = e.xsp(op.base)
        if op.mode == "reg":
            return "reg", rn, (op.index, op.ext)
        return op.mode, rn, op.off
    m = _MEM_RE.match(op)
    if not m:
        return None
    rn = e.xsp(m.group(1))
    inner = m.group(2)
    if m.group(3):
        if inner is None:
            if e._m in ("ldraa", "ldrab"):
                return "pre", rn, "0"
            raise e.bad()
        return "pre", rn, inner
    if rest is not None:
        if inner is not None:
            raise e.bad()
        return "post", rn, rest
    if inner is None:
        return "off", rn, None
    parts = split_operands(inner)
    r = e.opt_reg(parts[0])
    if r is not None:
        return "reg", rn, (r, parts[1] if len(parts) > 1 else None)
    if len(parts) > 1:
        raise e.bad()
    return "off", rn, inner


def _ldst(e, rt, base, scale, addr, rest, rname_cls="ld", uoff_ok=True, unscaled_ok=True,
          wb_ok=True):
    """Encode a single-register load/store given its unsigned-offset base word."""
    mem = _parse_mem(e, addr, rest)
    if mem is None:
        raise e.bad()
    kind, rn, x = mem
    ubase = base & ~0x01000000
    if kind == "reg":
        (cm, rm), ext = x
        s = 0
        if ext is None:
            if cm != "x":
                raise e.bad()
            opt = 3
        else:
            k, amt = e.shift_amt(ext)
            if k == "lsl":
                if cm != "x" or amt is None:
                    raise e.bad()
                opt = 3
            elif k in ("uxtw", "sxtw"):
                if cm != "w":
                    raise e.bad()
                opt = EXTENDS[k]
            elif k == "sxtx":
                if cm != "x":
                    raise e.bad()
                opt = 7
            else:
                raise e.bad()
            if amt is not None:
                if amt == scale and (amt or scale == 0):
                    s = 1
                elif amt == 0 and scale != 0:
                    s = 0
                else:
                    raise e.bad(f"invalid shift amount")
        if cm not in ("x", "w"):
            raise e.bad()
        return ubase | 0x00200800 | (rm << 16) | (opt << 13) | (s << 12) | (rn << 5) | rt
    if kind == "off":
        if x is None:
            return base | (rn << 5) | rt
        mod, v = e.immop(x)
        if mod:
            r = e.reloc(mod, rname_cls)
            if "{}" in r:
                if scale == 4 and r.startswith("TLS") and e._modop is not None:
                    # (GNU as names the operand after the address)
                    raise e.bad("relocation qualifier does not match instruction size",
                                e._modop + 1)
                r = r.format(8 << scale)
            elif r.startswith("LD64") or r.startswith("TLSIE_LD64") or r == "TLSDESC_LD64_LO12":
                if scale != 3:
                    raise e.bad()
            e.fix(r, v)
            return base | (rn << 5) | rt
        if not isinstance(v, int):
            raise e.bad()
        if uoff_ok and v >= 0 and not v & ((1 << scale) - 1) and (v >> scale) < 4096:
            return base | ((v >> scale) << 10) | (rn << 5) | rt
        if unscaled_ok and -256 <= v < 256:
            return ubase | ((v & 0x1FF) << 12) | (rn << 5) | rt
        raise e.bad("immediate offset out of range", late=True)
    v = e.const(x)
    if not wb_ok or not -256 <= v < 256:
        raise e.bad("immediate offset out of range -256 to 255", 2)
    return ubase | ((v & 0x1FF) << 12) | (0xC00 if kind == "pre" else 0x400) | (rn << 5) | rt


def h_ldr(e, ops, name):
    e.nops(ops, 2, 3)
    rest = ops[2] if len(ops) == 3 else None
    addr = ops[1]
    c, rt = e.reg(ops[0])
    if c in ("x", "w"):
        base, scale = LDR_GP[(name, c)]
    elif c in FPSIZE:
        base, scale = LDR_FP[(name, c)]
    else:
        raise e.bad()
    if not e.is_mem(addr):
        if name != "ldr" or rest is not None:
            raise e.bad()
        if type(addr) is str and addr[:1] == "=":
            return e.ctx.literal_load(e, c, rt, addr[1:].strip())
        mod, v = e.immop(addr)
        if c not in LDLIT:
            raise e.bad()
        e.fix(e.reloc(mod, "ldlit"), v)
        return LDLIT[c] | rt
    return _ldst(e, rt, base, scale, addr, rest)


def h_ldst_sized(e, ops, name):
    base, scale, cls = LDST[name]
    rest = ops[2] if len(ops) == 3 else None
    e.nops(ops, 2, 3)
    addr = ops[1]
    if cls == "p":
        o = ops[0].lower()
        rt = PRFOPS.get(o)
        if rt is None:
            rt = e.const(ops[0])
            if not 0 <= rt < 32:
                raise e.bad()
        if not e.is_mem(addr):
            e.fix(RELOC_OPS[""]["ldlit"], e.value(addr))
            return 0xD8000000 | rt
    else:
        sf, rt = e.gpr(ops[0])
        if cls == "w" and sf:
            raise e.bad()
        if cls == "x" and not sf:
            raise e.bad()
        if cls == "s" and not sf:
            base |= 0x00400000     # 32-bit destination: opc 11
        if not e.is_mem(addr):
            if name == "ldrsw" and rest is None and type(addr) is str and addr[:1] == "=":
                # a 4-byte literal pool entry, loaded sign-extended
                return e.ctx.literal_load(e, "w", rt, addr[1:].strip()) | 0x80000000
            if name == "ldrsw" and rest is None:
                mod, v = e.immop(addr)
                e.fix(RELOC_OPS.get(mod, {})["ldlit"], v)
                return 0x98000000 | rt
            raise e.bad()
    return _ldst(e, rt, base, scale, addr, rest)


def h_ldur(e, ops, name):
    """ldur/stur family: unscaled offsets only."""
    e.nops(ops, 2, 2)
    c, rt = e.reg(ops[0])
    base_name = {"ldur": "ldr", "stur": "str"}.get(name)
    if base_name:
        if c in ("x", "w"):
            base, scale = LDR_GP[(base_name, c)]
        elif c in FPSIZE:
            base, scale = LDR_FP[(base_name, c)]
        else:
            raise e.bad()
    elif name == "prfum":
        o = ops[0].lower()
        rt = PRFOPS.get(o)
        if rt is None:
            rt = e.const(ops[0])
        base, scale = 0xF9800000, 3
    else:
        base, scale, cls = LDST[name.replace("u", "", 1)]
        sf = 1 if c == "x" else 0
        if c not in ("x", "w") or (cls == "w" and sf) or (cls == "x" and not sf):
            raise e.bad()
        if cls == "s" and not sf:
            base |= 0x00400000
    mem = _parse_mem(e, ops[1], None)
    if mem is None or mem[0] != "off":
        raise e.bad()
    _, rn, x = mem
    v = 0 if x is None else e.const(x)
    if not -256 <= v < 256:
        raise e.bad("immediate offset out of range -256 to 255", 2)
    return (base & ~0x01000000) | ((v & 0x1FF) << 12) | (rn << 5) | rt


def h_ldtr(e, ops, name):
    """ldtr/sttr family (unprivileged): unscaled with bits 11:10 = 10."""
    w = h_ldur(e, ops, {"ldtr": "ldur", "sttr": "stur"}.get(name, name.replace("t", "u", 1)))
    return w | 0x800


# pairs: (base for signed offset, scale)
LDP = {("stp", "w"): (0x29000000, 2), ("ldp", "w"): (0x29400000, 2),
       ("stp", "x"): (0xA9000000, 3), ("ldp", "x"): (0xA9400000, 3),
       ("stp", "s"): (0x2D000000, 2), ("ldp", "s"): (0x2D400000, 2),
       ("stp", "d"): (0x6D000000, 3), ("ldp", "d"): (0x6D400000, 3),
       ("stp", "q"): (0xAD000000, 4), ("ldp", "q"): (0xAD400000, 4),
       ("ldpsw", "x"): (0x69400000, 2)}


def h_ldp(e, ops, name, nt=False):
    e.nops(ops, 3, 4)
    c1, rt = e.reg(ops[0])
    c2, rt2 = e.reg(ops[1])
    if c1 != c2:
        raise e.bad()
    base, scale = LDP[(name, c1)]
    if nt:
        base &= ~0x01000000
    mem = _parse_mem(e, ops[2], ops[3] if len(ops) == 4 else None)
    if mem is None or mem[0] == "reg":
        raise e.bad()
    kind, rn, x = mem
    v = 0 if x is None else e.const(x)
    if not -64 <= (v >> scale) < 64:
        raise e.bad(f"immediate offset out of range {-64 << scale} to {63 << scale}", 3)
    if v & ((1 << scale) - 1):
        raise e.bad(f"immediate value must be a multiple of {1 << scale}", 3)
    w = base | (((v >> scale) & 0x7F) << 15) | (rt2 << 10) | (rn << 5) | rt
    if kind == "pre":
        if nt:
            raise e.bad()
        w |= 0x01800000
    elif kind == "post":
        if nt:
            raise e.bad()
        w = (w & ~0x01000000) | 0x00800000
    return w


# exclusives: (base, size log2 of access (for x/w choice), number of regs)
def h_ldx(e, ops, base, sized):
    """ldxr/ldaxr/ldar/stlr/ldapr (Rt, [Xn]); sized: b/h forms take w only."""
    e.nops(ops, 2, 2)
    sf, rt = e.gpr(ops[0])
    if sized and sf:
        raise e.bad()
    mem = _parse_mem(e, ops[1], None)
    if mem is None or mem[0] != "off" or (mem[2] is not None and e.const(mem[2]) != 0):
        raise e.bad()
    if not sized:
        base |= sf << 30
    return base | (mem[1] << 5) | rt


def h_stx(e, ops, base, sized):
    """stxr/stlxr ws, Rt, [Xn]."""
    e.nops(ops, 3, 3)
    rs = e.gpw(ops[0])
    sf, rt = e.gpr(ops[1])
    if sized and sf:
        raise e.bad()
    mem = _parse_mem(e, ops[2], None)
    if mem is None or mem[0] != "off" or (mem[2] is not None and e.const(mem[2]) != 0):
        raise e.bad()
    if not sized:
        base |= sf << 30
    return base | (rs << 16) | (mem[1] << 5) | rt


def h_ldxp(e, ops, base):
    sf, rt = e.gpr(ops[0])
    sf2, rt2 = e.gpr(ops[1])
    mem = _parse_mem(e, ops[2], None)
    if sf != sf2 or mem is None or mem[0] != "off":
        raise e.bad()
    return base | (sf << 30) | (rt2 << 10) | (mem[1] << 5) | rt


def h_stxp(e, ops, base):
    rs = e.gpw(ops[0])
    sf, rt = e.gpr(ops[1])
    sf2, rt2 = e.gpr(ops[2])
    mem = _parse_mem(e, ops[3], None)
    if sf != sf2 or mem is None or mem[0] != "off":
        raise e.bad()
    return base | (sf << 30) | (rs << 16) | (rt2 << 10) | (mem[1] << 5) | rt


def h_cas(e, ops, base, sized):
    sf, rs = e.gpr(ops[0])
    sf2, rt = e.gpr(ops[1])
    mem = _parse_mem(e, ops[2], None)
    if sf != sf2 or mem is None or mem[0] != "off" or (sized and sf):
        raise e.bad()
    if not sized:
        base |= sf << 30
    return base | (rs << 16) | (mem[1] << 5) | rt


def h_casp(e, ops, base):
    sf, rs = e.gpr(ops[0])
    _, rs2 = e.gpr(ops[1])
    sf3, rt = e.gpr(ops[2])
    _, rt2 = e.gpr(ops[3])
    mem = _parse_mem(e, ops[4], None)
    if rs & 1 or rt & 1 or rs2 != rs + 1 or rt2 != rt + 1 or sf != sf3 or mem is None:
        raise e.bad()
    return base | (sf << 30) | (rs << 16) | (mem[1] << 5) | rt


def h_ldop(e, ops, base, sized):
    """LSE ld<op>/swp: rs, rt, [xn]."""
    e.nops(ops, 3, 3)
    sf, rs = e.gpr(ops[0])
    sf2, rt = e.gpr(ops[1])
    mem = _parse_mem(e, ops[2], None)
    if sf != sf2 or mem is None or mem[0] != "off" or (sized and sf):
        raise e.bad()
    if not sized:
        base |= sf << 30
    return base | (rs << 16) | (mem[1] << 5) | rt


def h_stop(e, ops, base, sized):
    """LSE st<op>: rs, [xn] (ld<op> with rt = zr)."""
    e.nops(ops, 2, 2)
    sf, rs = e.gpr(ops[0])
    mem = _parse_mem(e, ops[1], None)
    if mem is None or mem[0] != "off" or (sized and sf):
        raise e.bad()
    if not sized:
        base |= sf << 30
    return base | (rs << 16) | (mem[1] << 5) | 31


# -- floating point ---------------------------------------------------------------------------------
FTYPE = {"s": 0, "d": 1, "h": 3}


def _ftype(e, c):
    t = FTYPE.get(c)
    if t is None:
        raise e.bad()
    return t


def h_fp1(e, ops, opcode):
    e.nops(ops, 2, 2)
    if e.is_vec(ops[0]):
        return None
    c, rd = e.fpreg(ops[0])
    c2, rn = e.fpreg(ops[1])
    if c != c2:
        raise e.bad()
    return 0x1E204000 | (_ftype(e, c) << 22) | (opcode << 15) | (rn << 5) | rd


def h_fp2(e, ops, opcode):
    e.nops(ops, 3, 3)
    c, rd = e.fpreg(ops[0])
    c2, rn = e.fpreg(ops[1])
    c3, rm = e.fpreg(ops[2])
    if not c == c2 == c3:
        raise e.bad()
    return 0x1E200800 | (_ftype(e, c) << 22) | (rm << 16) | (opcode << 12) | (rn << 5) | rd


def h_fp3(e, ops, o1, o0):
    e.nops(ops, 4, 4)
    c, rd = e.fpreg(ops[0])
    c2, rn = e.fpreg(ops[1])
    c3, rm = e.fpreg(ops[2])
    c4, ra = e.fpreg(ops[3])
    if not c == c2 == c3 == c4:
        raise e.bad()
    return 0x1F000000 | (_ftype(e, c) << 22) | (o1 << 21) | (rm << 16) | (o0 << 15) \
        | (ra << 10) | (rn << 5) | rd


def h_fcmp(e, ops, opc):
    e.nops(ops, 2, 2)
    c, rn = e.fpreg(ops[0])
    t = _ftype(e, c)
    r = e.opt_reg(ops[1])
    if r is None:
        v = _fpconst(e, ops[1])
        if v != 0:
            raise e.bad()
        return 0x1E202008 | (t << 22) | (rn << 5) | opc
    c2, rm = r
    if c2 != c:
        raise e.bad()
    return 0x1E202000 | (t << 22) | (rm << 16) | (rn << 5) | opc


def h_fccmp(e, ops, op):
    c, rn = e.fpreg(ops[0])
    c2, rm = e.fpreg(ops[1])
    nzcv = e.const(ops[2])
    cond = e.cond(ops[3])
    if c != c2 or not 0 <= nzcv < 16:
        raise e.bad()
    return 0x1E200400 | (_ftype(e, c) << 22) | (rm << 16) | (cond << 12) | (rn << 5) | op | nzcv


def h_fcsel(e, ops):
    c, rd = e.fpreg(ops[0])
    c2, rn = e.fpreg(ops[1])
    c3, rm = e.fpreg(ops[2])
    if not c == c2 == c3:
        raise e.bad()
    return 0x1E200C00 | (_ftype(e, c) << 22) | (rm << 16) | (e.cond(ops[3]) << 12) \
        | (rn << 5) | rd


_FLOAT_RE = re.compile(r"[-+]?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?|"
                       r"0[xX][0-9a-fA-F]+|\d+)$")


def _fpconst(e, op, bits=64):
    """A floating-point immediate; hexadecimal text is the IEEE bit pattern of a ``bits``-bit
    value, as GNU as reads it."""
    if type(op) is float or type(op) is int:
        return float(op)
    t = op.strip()
    if t[:1] == "#":
        t = t[1:].strip()
    if not _FLOAT_RE.match(t):
        raise e.bad()
    if t.lower().startswith("0x"):
        v = int(t, 16)
        fmt = {16: "<e", 32: "<f", 64: "<d"}[bits]
        if v >> bits:
            raise e.bad("invalid floating-point constant", 2)
        return struct.unpack(fmt, v.to_bytes(bits // 8, "little"))[0]
    return float(t)


def h_fmov(e, ops):
    e.nops(ops, 2, 2)
    a, b = ops
    ra = e.opt_reg(a)
    rb = e.opt_reg(b)
    if ra is None:
        if e.is_elem(a):
            # fmov v0.d[1], x0
            n, es, idx = e.velem(a)
            if es != 3 or idx != 1:
                raise e.bad()
            return 0x9EAF0000 | (e.gpx(b) << 5) | n
        if e.is_vec(a):
            n, t = e.vreg(a)
            v = _fpconst(e, b, 64 if t == "2d" else 16 if t in ("4h", "8h") else 32)
            imm = _FP8.get(v)
            if imm is None:
                raise e.bad("invalid floating-point constant", 2)
            q, size = ARR[t]
            if t in ("2s", "4s"):
                op = 0
            elif t == "2d":
                op = 1
            elif t in ("4h", "8h"):
                return 0x0F00FC00 | (q << 30) | ((imm >> 5) << 16) | ((imm & 31) << 5) | n
            else:
                raise e.bad()
            return 0x0F00F400 | (q << 30) | (op << 29) | ((imm >> 5) << 16) | ((imm & 31) << 5) | n
        raise e.bad()
    ca, na = ra
    if rb is None:
        if e.is_elem(b):
            n, es, idx = e.velem(b)
            if ca != "x" or es != 3 or idx != 1:
                raise e.bad()
            return 0x9EAE0000 | (n << 5) | na
        if ca not in FTYPE:
            raise e.bad()
        v = _fpconst(e, b, {"d": 64, "s": 32, "h": 16}[ca])
        if v == 0.0 and False:
            pass
        imm = _FP8.get(v)
        if imm is None:
            if v == 0.0:
                # fmov d0, #0.0 -> fmov d0, xzr
                return (0x9E670000 if ca == "d" else 0x1E270000 if ca == "s" else 0x1EE70000) \
                    | (31 << 5) | na
            raise e.bad("invalid floating-point constant", 2)
        return 0x1E201000 | (FTYPE[ca] << 22) | (imm << 13) | na
    cb, nb = rb
    if ca in FTYPE and cb == ca:
        return 0x1E204000 | (FTYPE[ca] << 22) | (nb << 5) | na
    if ca in FTYPE and cb in ("x", "w"):
        # int -> fp
        sf = 1 if cb == "x" else 0
        if ca == "d" and not sf or ca == "s" and sf:
            raise e.bad()
        return 0x1E270000 | (sf << 31) | (FTYPE[ca] << 22) | (nb << 5) | na
    if ca in ("x", "w") and cb in FTYPE:
        sf = 1 if ca == "x" else 0
        if cb == "d" and not sf or cb == "s" and sf:
            raise e.bad()
        return 0x1E260000 | (sf << 31) | (FTYPE[cb] << 22) | (nb << 5) | na
    raise e.bad()


def h_fcvt(e, ops):
    c, rd = e.fpreg(ops[0])
    c2, rn = e.fpreg(ops[1])
    opc = {"s": 0, "d": 1, "h": 3}[c]
    if c == c2:
        raise e.bad()
    return 0x1E224000 | (_ftype(e, c2) << 22) | (opc << 15) | (rn << 5) | rd


def h_fcvti(e, ops, rmode, opcode, u, vop):
    """fcvtzs/fcvtzu/fcvtns...: integer <- fp (scalar int, scalar SIMD, vector, fixed)."""
    ra = e.opt_reg(ops[0])
    if ra is None or ra[0] in FPSIZE:
        return _fcvt_simd(e, ops, u, vop)
    sf = 1 if ra[0] == "x" else 0
    if ra[0] not in ("x", "w"):
        raise e.bad()
    c, rn = e.fpreg(ops[1])
    t = _ftype(e, c)
    if len(ops) == 3:
        fb = e.const(ops[2])
        if rmode != 3 or not 1 <= fb <= (64 if sf else 32):
            raise e.bad()
        return 0x1E180000 | (sf << 31) | (t << 22) | (opcode << 16) | ((64 - fb) << 10) \
            | (rn << 5) | ra[1]
    return 0x1E200000 | (sf << 31) | (t << 22) | (rmode << 19) | (opcode << 16) | (rn << 5) \
        | ra[1]


def h_cvtf(e, ops, opcode, u):
    """scvtf/ucvtf: fp <- integer (or SIMD forms)."""
    if e.is_vec(ops[0]):
        return _fcvt_simd(e, ops, u, 0b11101, scvtf=True)
    c, rd = e.reg(ops[0])
    rb = e.opt_reg(ops[1])
    if c not in FTYPE or rb is None or rb[0] in FPSIZE:
        return _fcvt_simd(e, ops, u, 0b11101 | (0 << 5), scvtf=True)
    cb, rn = rb
    if cb not in ("x", "w"):
        raise e.bad()
    sf = 1 if cb == "x" else 0
    t = FTYPE[c]
    if len(ops) == 3:
        fb = e.const(ops[2])
        if not 1 <= fb <= (64 if sf else 32):
            raise e.bad()
        return 0x1E020000 | (sf << 31) | (t << 22) | (opcode << 16) | ((64 - fb) << 10) \
            | (rn << 5) | rd
    return 0x1E220000 | (sf << 31) | (t << 22) | (opcode << 16) | (rn << 5) | rd


def _fcvt_simd(e, ops, u, vop, scvtf=False):
    """Vector or scalar-SIMD fcvt*/scvtf/ucvtf: vop = (b23 << 5) | opcode5."""
    if len(ops) == 3:
        # fixed-point: shift by immediate opcode 11100 (cvtf) / 11111 (fcvtz)
        opc = 0b11100 if scvtf else 0b11111
        return _shift_imm(e, ops, u, opc, right=True, fp=True)
    if e.is_vec(ops[0]):
        n, t = e.vreg(ops[0])
        m, t2 = e.vreg(ops[1])
        if t != t2 or t not in ("2s", "4s", "2d"):
            raise e.bad()
        q, size = ARR[t]
        return 0x0E210800 | (q << 30) | (u << 29) | ((vop >> 5) << 23) | ((size & 1) << 22) \
            | ((vop & 31) << 12) | (m << 5) | n
    c, rd = e.fpreg(ops[0])
    c2, rn = e.fpreg(ops[1])
    if c != c2 or c not in ("s", "d"):
        raise e.bad()
    sz = 1 if c == "d" else 0
    return 0x5E210800 | (u << 29) | ((vop >> 5) << 23) | (sz << 22) | ((vop & 31) << 12) \
        | (rn << 5) | rd


# -- Advanced SIMD ----------------------------------------------------------------------------------
def _v3(e, ops):
    n, t = e.vreg(ops[0])
    a, t1 = e.vreg(ops[1])
    b, t2 = e.vreg(ops[2])
    if not t == t1 == t2:
        raise e.bad()
    return n, a, b, t


def h_v3same(e, ops, u, opcode, sizes="bhs", fixed_size=None):
    e.nops(ops, 3, 3)
    r = e.opt_reg(ops[0])
    if r is not None and r[0] in FPSIZE:
        # scalar form (add d0, d1, d2; cmeq d0, d1, d2 ...)
        c, rd = r
        c1, rn = e.fpreg(ops[1])
        c2, rm = e.fpreg(ops[2])
        if not c == c1 == c2 or c not in sizes or c in "q":
            raise e.bad()
        return 0x5E200400 | (u << 29) | (ESIZE[c] << 22) | (rm << 16) | (opcode << 11) \
            | (rn << 5) | rd
    n, a, b, t = _v3(e, ops)
    q, size = ARR[t]
    if fixed_size is not None:
        if t not in ("8b", "16b"):
            raise e.bad()
        size = fixed_size
    elif "bhsd"[size] not in sizes or t == "1d":
        raise e.bad()
    return 0x0E200400 | (q << 30) | (u << 29) | (size << 22) | (b << 16) | (opcode << 11) \
        | (a << 5) | n


def h_vlogic(e, ops, name):
    tab = {"and": (0, 0), "bic": (0, 1), "orr": (0, 2), "orn": (0, 3), "eor": (1, 0),
           "bsl": (1, 1), "bit": (1, 2), "bif": (1, 3)}
    if name in ("orr", "bic") and len(ops) >= 2 and e.opt_reg(ops[1]) is None \
            and not e.is_vec(ops[1]):
        return h_movi(e, ops, name)
    u, size = tab[name]
    return h_v3same(e, ops, u, 0b00011, fixed_size=size)


def h_vfp3(e, ops, u, a, opcode):
    """FP three-same: fadd v, fmul v, and scalar fabd/fcmeq s, d ..."""
    e.nops(ops, 3, 3)
    r = e.opt_reg(ops[0])
    if r is not None and r[0] in FPSIZE:
        c, rd = r
        c1, rn = e.fpreg(ops[1])
        r2 = e.opt_reg(ops[2])
        if r2 is None:
            raise e.bad()
        c2, rm = r2
        if not c == c1 == c2 or c not in ("s", "d"):
            raise e.bad()
        sz = 1 if c == "d" else 0
        return 0x5E200400 | (u << 29) | (a << 23) | (sz << 22) \
            | (rm << 16) | (opcode << 11) | (rn << 5) | rd
    n, x, y, t = _v3(e, ops)
    if t in ("4h", "8h"):
        # half precision (FEAT_FP16): its own three-same group
        q = ARR[t][0]
        return 0x0E400400 | (q << 30) | (u << 29) | (a << 23) | (y << 16) \
            | ((opcode & 7) << 11) | (x << 5) | n
    if t not in ("2s", "4s", "2d"):
        raise e.bad()
    q, size = ARR[t]
    return 0x0E200400 | (q << 30) | (u << 29) | (a << 23) | ((size & 1) << 22) | (y << 16) \
        | (opcode << 11) | (x << 5) | n


def h_fpvec_or_scalar(e, ops, scalar, vec):
    """fadd/fsub/fmul/fdiv/fmax/fmin/...: the scalar FP form or the vector form."""
    r = e.opt_reg(ops[0]) if ops else None
    if r is not None:
        return scalar[0](e, ops, *scalar[1:])
    if vec is None:
        raise e.bad()
    return vec[0](e, ops, *vec[1:])


def h_v2misc(e, ops, u, opcode, sizes, fixed_size=None, zero=False, scalar_ok=False,
             fp=None):
    """Two-register misc. ``fp`` = bit 23 for FP ops (size<0> = sz). ``zero``: a #0 operand."""
    nops = 3 if zero else 2
    if len(ops) != nops:
        raise e.bad()
    if zero:
        z = ops[2].strip().lstrip("#").strip()
        try:
            if float(z) != 0:
                raise e.bad()
        except ValueError:
            raise e.bad() from None
    r = e.opt_reg(ops[0])
    if r is not None and r[0] in FPSIZE:
        c, rd = r
        c1, rn = e.fpreg(ops[1])
        if c != c1:
            raise e.bad()
        if fp is not None:
            if c not in ("s", "d"):
                raise e.bad()
            sz = 1 if c == "d" else 0
            return 0x5E200800 | (u << 29) | (fp << 23) | (sz << 22) | (opcode << 12) \
                | (rn << 5) | rd
        if c not in sizes or c == "q":
            raise e.bad()
        return 0x5E200800 | (u << 29) | (ESIZE[c] << 22) | (opcode << 12) | (rn << 5) | rd
    n, t = e.vreg(ops[0])
    m, t2 = e.vreg(ops[1])
    if t != t2:
        raise e.bad()
    q, size = ARR[t]
    if fp is not None:
        if t not in ("2s", "4s", "2d"):
            raise e.bad()
        size = (fp << 1) | (size & 1)
    elif fixed_size is not None:
        if "bhsd"[size] not in sizes:
            raise e.bad()
        size = fixed_size
    elif "bhsd"[size] not in sizes or t == "1d":
        raise e.bad()
    return 0x0E200800 | (q << 30) | (u << 29) | (size << 22) | (opcode << 12) | (m << 5) | n


def h_narrow(e, ops, u, opcode, q2):
    """xtn/xtn2/sqxtn/shll-like: Vd.Tb, Vn.Ta with halving of element size."""
    n, t = e.vreg(ops[0])
    m, t2 = e.vreg(ops[1])
    q, size = ARR[t]
    if q != q2 or ARR[t2][1] != size + 1 or ARR[t2][0] != 1:
        raise e.bad()
    return 0x0E200800 | (q << 30) | (u << 29) | (size << 22) | (opcode << 12) | (m << 5) | n


def h_pairlong(e, ops, u, opcode):
    """saddlp/uaddlp/sadalp/uadalp: Vd.Ta, Vn.Tb with Ta twice Tb's element, same Q."""
    n, t = e.vreg(ops[0])
    m, t2 = e.vreg(ops[1])
    q, size = ARR[t2]
    if ARR[t][0] != q or ARR[t][1] != size + 1 or size > 2:
        raise e.bad()
    return 0x0E200800 | (q << 30) | (u << 29) | (size << 22) | (opcode << 12) | (m << 5) | n


def h_fcvtnl(e, ops, opcode, q2, narrow):
    """fcvtn/fcvtn2 (narrow) and fcvtl/fcvtl2 (long)."""
    n, t = e.vreg(ops[0])
    m, t2 = e.vreg(ops[1])
    wide, small = (t2, t) if narrow else (t, t2)
    if wide == "2d" and small in ("2s", "4s"):
        sz = 1
    elif wide == "4s" and small in ("4h", "8h"):
        sz = 0
    else:
        raise e.bad()
    if ARR[small][0] != q2:
        raise e.bad()
    return 0x0E216800 | (q2 << 30) | (sz << 22) | ((opcode & 1) << 12) | (m << 5) | n


def h_across(e, ops, u, opcode, fp=None):
    c, rd = e.fpreg(ops[0])
    m, t = e.vreg(ops[1])
    q, size = ARR[t]
    if fp is not None:
        if t != "4s":
            raise e.bad()
        size = fp << 1
    return 0x0E300800 | (q << 30) | (u << 29) | (size << 22) | (opcode << 12) | (m << 5) | rd


def h_addp(e, ops):
    r = e.opt_reg(ops[0])
    if r is not None:
        c, rd = r
        m, t = e.vreg(ops[1])
        if c != "d" or t != "2d":
            raise e.bad()
        return 0x5EF1B800 | (m << 5) | rd
    return h_v3same(e, ops, 0, 0b10111, "bhsd")


def h_fpairwise(e, ops, u, a, opcode, scalar_opc):
    r = e.opt_reg(ops[0])
    if r is not None and len(ops) == 2:
        c, rd = r
        m, t = e.vreg(ops[1])
        if (c, t) == ("s", "2s"):
            sz = 0
        elif (c, t) == ("d", "2d"):
            sz = 1
        else:
            raise e.bad()
        return 0x7E300800 | (a << 23) | (sz << 22) | (scalar_opc << 12) | (m << 5) | rd
    return h_vfp3(e, ops, u, a, opcode)


def _elem_imm5(es, idx):
    if not 0 <= idx < (16 >> es):
        raise ValueError
    return ((idx << 1) | 1) << es


def h_dup(e, ops):
    e.nops(ops, 2, 2)
    r = e.opt_reg(ops[0])
    if r is not None:
        # scalar dup (mov s0, v1.s[1])
        c, rd = r
        m, es, idx = e.velem(ops[1])
        if ESIZE.get(c) != es:
            raise e.bad()
        return 0x5E000400 | (_elem_imm5(es, idx) << 16) | (m << 5) | rd
    n, t = e.vreg(ops[0])
    q, size = ARR[t]
    rb = e.opt_reg(ops[1])
    if rb is not None:
        cb, rn = rb
        if cb not in ("x", "w") or (cb == "x") != (size == 3):
            raise e.bad()
        return 0x0E000C00 | (q << 30) | ((1 << size) << 16) | (rn << 5) | n
    m, es, idx = e.velem(ops[1])
    if es != size or t == "1d":
        raise e.bad()
    return 0x0E000400 | (q << 30) | (_elem_imm5(es, idx) << 16) | (m << 5) | n


def h_ins(e, ops):
    n, es, idx = e.velem(ops[0])
    rb = e.opt_reg(ops[1])
    if rb is not None:
        cb, rn = rb
        if cb not in ("x", "w") or (cb == "x") != (es == 3):
            raise e.bad()
        return 0x4E001C00 | (_elem_imm5(es, idx) << 16) | (rn << 5) | n
    m, es2, idx2 = e.velem(ops[1])
    if es != es2:
        raise e.bad()
    return 0x6E000400 | (_elem_imm5(es, idx) << 16) | ((idx2 << es) << 11) | (m << 5) | n


def h_umov(e, ops, alias=False):
    sf, rd = e.gpr(ops[0])
    m, es, idx = e.velem(ops[1])
    if (es == 3) != bool(sf):
        raise e.bad()
    if alias and es < 2:
        raise e.bad()
    return 0x0E003C00 | (sf << 30) | (_elem_imm5(es, idx) << 16) | (m << 5) | rd


def h_smov(e, ops):
    sf, rd = e.gpr(ops[0])
    m, es, idx = e.velem(ops[1])
    if es > 2 or (es == 2 and not sf):
        raise e.bad()
    return 0x0E002C00 | (sf << 30) | (_elem_imm5(es, idx) << 16) | (m << 5) | rd


def h_movi(e, ops, name):
    """movi/mvni/orr/bic (vector, immediate)."""
    r = e.opt_reg(ops[0])
    if r is not None:
        # movi d0, #imm64 (bytes of 00/ff)
        if r[0] != "d" or name != "movi":
            raise e.bad()
        v = e.const(ops[1]) & ((1 << 64) - 1)
        imm = _byte_mask(e, v)
        return 0x2F00E400 | ((imm >> 5) << 16) | ((imm & 31) << 5) | r[1]
    n, t = e.vreg(ops[0])
    q, size = ARR[t]
    v = e.const(ops[1])
    shift_kind, amt = "lsl", 0
    if len(ops) > 2:
        shift_kind, amt = e.shift_amt(ops[2])
        shift_kind = shift_kind.lower()
    op = 1 if name in ("mvni", "bic") else 0
    if t == "2d":
        if name != "movi":
            raise e.bad()
        imm = _byte_mask(e, v & ((1 << 64) - 1))
        return 0x6F00E400 | ((imm >> 5) << 16) | ((imm & 31) << 5) | n
    if size == 0:
        if name != "movi" or amt:
            raise e.bad()
        v &= 0xFF
        return 0x0F00E400 | (q << 30) | ((v >> 5) << 16) | ((v & 31) << 5) | n
    bit0 = 1 if name in ("orr", "bic") else 0
    if size == 1:
        if v < 0:
            v &= 0xFFFF
        if shift_kind != "lsl" or amt not in (0, 8):
            raise e.bad()
        if v > 0xFF and amt == 0 and not v & 0xFF and v <= 0xFF00:
            v >>= 8
            amt = 8
        if not 0 <= v <= 0xFF:
            raise e.bad("immediate out of range")
        cmode = 0b1000 | ((amt // 8) << 1) | bit0
    elif size == 2:
        if v < 0:
            v &= 0xFFFFFFFF
        if shift_kind == "msl":
            if amt not in (8, 16) or bit0:
                raise e.bad()
            cmode = 0b1100 | (amt // 8 - 1)
        else:
            if amt == 0 and v > 0xFF:
                for s in (8, 16, 24):
                    if not v & ((1 << s) - 1) and (v >> s) <= 0xFF:
                        v >>= s
                        amt = s
                        break
            if amt not in (0, 8, 16, 24):
                raise e.bad()
            cmode = ((amt // 8) << 1) | bit0
        if not 0 <= v <= 0xFF:
            raise e.bad("immediate out of range")
    else:
        raise e.bad()
    return 0x0F000400 | (q << 30) | (op << 29) | ((v >> 5) << 16) | (cmode << 12) \
        | ((v & 31) << 5) | n


def _byte_mask(e, v):
    imm = 0
    for i in range(8):
        b = (v >> (8 * i)) & 0xFF
        if b == 0xFF:
            imm |= 1 << i
        elif b != 0:
            raise e.bad("immediate out of range")
    return imm


def _shift_imm(e, ops, u, opcode, right, fp=False, scalar_sizes="d"):
    r = e.opt_reg(ops[0])
    sh = e.const(ops[2])
    if r is not None and r[0] in FPSIZE:
        c, rd = r
        c1, rn = e.fpreg(ops[1])
        if c != c1 or (not fp and c not in scalar_sizes):
            raise e.bad()
        es = ESIZE[c]
        base = 0x5F000400
        q = 0
    else:
        rd, t = e.vreg(ops[0])
        rn, t2 = e.vreg(ops[1])
        if t != t2 or t == "1d":
            raise e.bad()
        q, es = ARR[t]
        base = 0x0F000400
    esize = 8 << es
    if right:
        if not 1 <= sh <= esize:
            raise e.bad(f"immediate value out of range 1 to {esize}")
        immhb = 2 * esize - sh
    else:
        if not 0 <= sh < esize:
            raise e.bad(f"immediate value out of range 0 to {esize - 1}")
        immhb = esize + sh
    return base | (q << 30) | (u << 29) | (immhb << 16) | (opcode << 11) | (rn << 5) | rd


def h_vshift(e, ops, u, opcode, right):
    e.nops(ops, 3, 3)
    return _shift_imm(e, ops, u, opcode, right)


def h_vshll(e, ops, u, q2, xtl=False):
    """sshll/ushll(2) and sxtl/uxtl(2)."""
    n, t = e.vreg(ops[0])
    m, t2 = e.vreg(ops[1])
    q, es = ARR[t2]
    if q != q2 or ARR[t][0] != 1 or ARR[t][1] != es + 1:
        raise e.bad()
    sh = 0 if xtl else e.const(ops[2])
    if not 0 <= sh < (8 << es):
        raise e.bad()
    return 0x0F00A400 | (q << 30) | (u << 29) | (((8 << es) + sh) << 16) | (m << 5) | n


def h_vshrn(e, ops, u, opcode, q2):
    n, t = e.vreg(ops[0])
    m, t2 = e.vreg(ops[1])
    q, es = ARR[t]
    if q != q2 or ARR[t2][0] != 1 or ARR[t2][1] != es + 1:
        raise e.bad()
    sh = e.const(ops[2])
    esize = 8 << es
    if not 1 <= sh <= esize:
        raise e.bad()
    return 0x0F000400 | (q << 30) | (u << 29) | ((2 * esize - sh) << 16) | (opcode << 11) \
        | (m << 5) | n


def h_v3diff(e, ops, u, opcode, q2, kind):
    """Three different: kind 'l' (long: Vd wide, Vn/Vm narrow), 'w' (wide: Vd, Vn wide),
    'n' (narrow: Vd narrow, Vn/Vm wide)."""
    d, td = e.vreg(ops[0])
    n, tn = e.vreg(ops[1])
    m, tm = e.vreg(ops[2])
    if kind == "l":
        narrow, wide = tn, td
        ok = tn == tm
    elif kind == "w":
        narrow, wide = tm, td
        ok = tn == td
    else:
        narrow, wide = td, tn
        ok = tn == tm
    q, es = ARR[narrow]
    if not ok or q != q2 or ARR[wide][0] != 1 or ARR[wide][1] != es + 1:
        if not (opcode == 0b1110 and ARR[wide][1] == 4 and es == 3 and q == q2):
            raise e.bad()
    return 0x0E200000 | (q << 30) | (u << 29) | (es << 22) | (m << 16) | (opcode << 12) \
        | (n << 5) | d


def h_velem(e, ops, u, opcode, fp, long_q=None):
    """By-element forms: mul/mla/mls/fmul/fmla/fmls/smull/umull... Vd, Vn, Vm.T[i]."""
    r = e.opt_reg(ops[0])
    m, es, idx = e.velem(ops[2])
    if r is not None and r[0] in FPSIZE:
        c, d = r
        c1, n = e.fpreg(ops[1])
        q = 1
        base = 0x5F000000
        tes = ESIZE[c]
    else:
        d, td = e.vreg(ops[0])
        n, tn = e.vreg(ops[1])
        if long_q is not None:
            q, tes = ARR[tn]
            if q != long_q:
                raise e.bad()
        else:
            q, tes = ARR[td]
        base = 0x0F000000
    if tes != es:
        raise e.bad()
    if fp:
        if es == 2:
            h, lo = idx >> 1, idx & 1
            mm = 0
        elif es == 3:
            h, lo, mm = idx, 0, 0
        else:
            raise e.bad()
        size = 2 | (es & 1)
        if m > 31:
            raise e.bad()
        return base | (q << 30) | (u << 29) | (size << 22) | (lo << 21) | (m << 16) \
            | (opcode << 12) | (h << 11) | (n << 5) | d
    if es == 1:
        if m > 15 or idx > 7:
            raise e.bad()
        h, lo, mm = idx >> 2, (idx >> 1) & 1, idx & 1
        rm = m | (mm << 4)
    elif es == 2:
        if idx > 3:
            raise e.bad()
        h, lo = idx >> 1, idx & 1
        rm = m
    else:
        raise e.bad()
    return base | (q << 30) | (u << 29) | (es << 22) | (lo << 21) | (rm << 16) \
        | (opcode << 12) | (h << 11) | (n << 5) | d


def h_vmul_any(e, ops, u, opcode, sizes, eopcode, fp=None):
    if "[" in ops[2]:
        return h_velem(e, ops, 0 if fp else (1 if eopcode in (0b0000, 0b0100) else 0),
                       eopcode, fp is not None)
    if fp is not None:
        return h_vfp3(e, ops, *fp)
    return h_v3same(e, ops, u, opcode, sizes)


def h_perm(e, ops, opcode):
    n, a, b, t = _v3(e, ops)
    q, size = ARR[t]
    if t == "1d":
        raise e.bad()
    return 0x0E000800 | (q << 30) | (size << 22) | (b << 16) | (opcode << 12) | (a << 5) | n


def h_vext(e, ops):
    n, a, b, t = _v3(e, ops)
    q, size = ARR[t]
    idx = e.const(ops[3])
    if size != 0 or not 0 <= idx < (16 if q else 8):
        raise e.bad()
    return 0x2E000000 | (q << 30) | (b << 16) | (idx << 11) | (a << 5) | n


def h_tbl(e, ops, op):
    n, t = e.vreg(ops[0])
    first, cnt, t2 = e.reglist(ops[1])
    m, t3 = e.vreg(ops[2])
    q = ARR[t][0]
    if t not in ("8b", "16b") or t2 != "16b" or t3 != t or not 1 <= cnt <= 4:
        raise e.bad()
    return 0x0E000000 | (q << 30) | (m << 16) | ((cnt - 1) << 13) | (op << 12) | (first << 5) | n


LDST_MULTI = {("ld1", 1): 0b0111, ("ld1", 2): 0b1010, ("ld1", 3): 0b0110, ("ld1", 4): 0b0010,
              ("ld2", 2): 0b1000, ("ld3", 3): 0b0100, ("ld4", 4): 0b0000}


def _post_reg(e, rest, nbytes):
    r = e.opt_reg(rest)
    if r is not None:
        if r[0] != "x" or r[1] == 31:
            raise e.bad()
        return r[1]
    v = e.const(rest)
    if v != nbytes:
        raise e.bad("invalid post-increment amount")
    return 31


def h_vldst(e, ops, name, load):
    """ld1-4/st1-4: multiple structures, single structure (lane) and replicate (ldNr)."""
    nreg = int(name[2])
    lst = ops[0]
    rest = ops[2] if len(ops) > 2 else None
    mem = _MEM_RE.match(ops[1])
    if not mem or mem.group(2) is not None or mem.group(3):
        raise e.bad()
    rn = e.xsp(mem.group(1))
    L = 1 if load else 0
    if name.endswith("r"):
        first, cnt, t = e.reglist(lst)
        if cnt != nreg:
            raise e.bad()
        q, size = ARR[t]
        opc = 0b110 if nreg in (1, 2) else 0b111
        r = 1 if nreg in (2, 4) else 0
        w = 0x0D400000 | (q << 30) | (r << 21) | (opc << 13) | (size << 10) | (rn << 5) | first
        if rest is not None:
            w |= 0x00800000 | (_post_reg(e, rest, nreg << size) << 16)
        return w
    if lst.rstrip().endswith("]"):
        first, cnt, es, idx = e.elemlist(lst)
        if cnt != nreg:
            raise e.bad()
        if es == 0:
            opc, q, s, size = 0, idx >> 3, (idx >> 2) & 1, idx & 3
        elif es == 1:
            opc, q, s, size = 2, idx >> 2, (idx >> 1) & 1, (idx & 1) << 1
        elif es == 2:
            opc, q, s, size = 4, idx >> 1, idx & 1, 0
        else:
            opc, q, s, size = 4, idx, 0, 1
        if q > 1:
            raise e.bad()
        opc |= 1 if nreg in (3, 4) else 0
        r = 1 if nreg in (2, 4) else 0
        w = 0x0D000000 | (q << 30) | (L << 22) | (r << 21) | (opc << 13) | (s << 12) \
            | (size << 10) | (rn << 5) | first
        if rest is not None:
            w |= 0x00800000 | (_post_reg(e, rest, nreg << es) << 16)
        return w
    first, cnt, t = e.reglist(lst)
    key = ("ld" + name[2:], cnt)
    opcode = LDST_MULTI.get(key)
    if opcode is None or (nreg != 1 and cnt != nreg):
        raise e.bad()
    q, size = ARR[t]
    if size == 3 and q == 0 and nreg != 1:
        raise e.bad()
    w = 0x0C000000 | (q << 30) | (L << 22) | (opcode << 12) | (size << 10) | (rn << 5) | first
    if rest is not None:
        w |= 0x00800000 | (_post_reg(e, rest, cnt * (16 if q else 8)) << 16)
    return w


def h_cnt(e, ops):
    return h_v2misc(e, ops, 0, 0b00101, "b")


def h_vnot(e, ops):
    return h_v2misc(e, ops, 1, 0b00101, "b", fixed_size=0)


def h_rbit(e, ops):
    if e.is_vec(ops[0]):
        return h_v2misc(e, ops, 1, 0b00101, "b", fixed_size=1)
    return h_dp1(e, ops, 0x5AC00000)


def h_rev_any(e, ops, gp_base, u, opcode, sizes):
    if e.is_vec(ops[0]):
        return h_v2misc(e, ops, u, opcode, sizes)
    if gp_base is None:
        raise e.bad()
    if gp_base == "rev":
        return h_rev(e, ops)
    if gp_base == "rev32":
        return h_dp1(e, ops, 0x5AC00800, sf_only=1)
    return h_dp1(e, ops, gp_base)


def h_fp_or_vec1(e, ops, opcode, u, vop, sizes=None):
    """fabs/fneg/fsqrt/frint*: scalar FP 1-source or vector 2-reg misc (FP)."""
    if ops and e.is_vec(ops[0]):
        return h_v2misc(e, ops, u, vop & 31, "sd", fp=vop >> 5)
    return h_fp1(e, ops, opcode)


def h_fp2_or_vec(e, ops, opcode, u, a, vopc):
    if ops and e.is_vec(ops[0]):
        return h_vfp3(e, ops, u, a, vopc)
    return h_fp2(e, ops, opcode)


def h_cm(e, ops, u, opcode, zu, zopcode):
    """Integer compare: register form (three-same) or against #0 (two-reg misc)."""
    last = ops[2].strip()
    if e.opt_reg(last) is None and not e.is_vec(last):
        if zopcode is None:
            raise e.bad()
        return h_v2misc(e, ops, zu, zopcode, "bhsd", zero=True)
    return h_v3same(e, ops, u, opcode, "bhsd")


def h_fcm(e, ops, u, a, opcode, zu, zopcode):
    last = ops[2].strip()
    if e.opt_reg(last) is None and not e.is_vec(last):
        return h_v2misc(e, ops, zu, zopcode, "sd", zero=True, fp=1)
    return h_vfp3(e, ops, u, a, opcode)


def h_inst(e, ops):
    return e.const(ops[0]) & 0xFFFFFFFF


# =============================================================================================
# the mnemonic table
# =============================================================================================
MNEMONICS: dict[str, tuple] = {}


def _add(name, handler, *args):
    MNEMONICS[name] = (handler, *args)


for _n, _b in HINTS.items():
    _add(_n, h_hint_alias, _b)
_add("hint", h_hint)
_add("bti", h_bti)
_add("psb", lambda e, ops: 0xD503223F)
_add("tsb", lambda e, ops: 0xD503225F)
_add("svc", h_exc, 0xD4000001)
_add("hvc", h_exc, 0xD4000002)
_add("smc", h_exc, 0xD4000003)
_add("brk", h_exc, 0xD4200000)
_add("hlt", h_exc, 0xD4400000)
_add("dcps1", h_exc, 0xD4A00001, 0)
_add("dcps2", h_exc, 0xD4A00002, 0)
_add("dcps3", h_exc, 0xD4A00003, 0)
_add("udf", h_udf)
_add("eret", h_fixed, 0xD69F03E0)
_add("drps", h_fixed, 0xD6BF03E0)
_add("clrex", lambda e, ops: 0xD503305F | ((e.const(ops[0]) if ops else 15) << 8))
_add("dmb", h_barrier, 0xD50330BF)
_add("dsb", h_barrier, 0xD503309F)
_add("isb", h_barrier, 0xD50330DF, True)
_add("ssbb", h_fixed, 0xD503309F)
_add("pssbb", h_fixed, 0xD503349F)
_add("sb", h_sb)
_add("mrs", h_mrs)
_add("msr", h_msr)
_add("dc", h_sys_alias, DC_OPS, True)
_add("ic", h_sys_alias, IC_OPS, False)
_add("at", h_sys_alias, AT_OPS, True)
_add("tlbi", h_sys_alias, TLBI_OPS, False)
_add("sys", h_sys, 0xD5080000)
_add("sysl", lambda e, ops: (0xD5280000 | (e.gpx(ops[0])) | (e.const(ops[1]) << 16)
                             | (_cr(e, ops[2]) << 12) | (_cr(e, ops[3]) << 8)
                             | (e.const(ops[4]) << 5)))

_add("b", h_b, 0x14000000, "JUMP26")
_add("bl", h_b, 0x94000000, "CALL26")
for _c, _v in COND.items():
    _add("b." + _c, h_bcond, _v)
    _add("b" + _c, h_bcond, _v)
_add("cbz", h_cb, 0x34000000)
_add("cbnz", h_cb, 0x35000000)
_add("tbz", h_tb, 0x36000000)
_add("tbnz", h_tb, 0x37000000)
_add("br", h_br, 0xD61F0000)
_add("blr", h_br, 0xD63F0000)
_add("ret", h_br, 0xD65F0000, 30)
_add("retaa", h_fixed, 0xD65F0BFF)
_add("retab", h_fixed, 0xD65F0FFF)
_add("braaz", h_br, 0xD61F081F)
_add("brabz", h_br, 0xD61F0C1F)
_add("blraaz", h_br, 0xD63F081F)
_add("blrabz", h_br, 0xD63F0C1F)
_add("braa", h_pac_br, 0xD71F0800, 2)
_add("brab", h_pac_br, 0xD71F0C00, 2)
_add("blraa", h_pac_br, 0xD73F0800, 2)
_add("blrab", h_pac_br, 0xD73F0C00, 2)
_add("adr", h_adr, 0x10000000, "adr")
_add("adrp", h_adr, 0x90000000, "adrp")

_add("add", h_addsub, ADDSUB["add"], True)
_add("adds", h_addsub, ADDSUB["adds"], False)
_add("sub", h_addsub, ADDSUB["sub"], True)
_add("subs", h_addsub, ADDSUB["subs"], False)
_add("cmp", h_cmp, ADDSUB["subs"])
_add("cmn", h_cmp, ADDSUB["adds"])
_add("neg", h_neg, ADDSUB["sub"])
_add("negs", h_neg, ADDSUB["subs"])
for _n in LOGIC:
    _add(_n, h_logic, _n)
_add("tst", h_tst)
_add("mvn", h_mvn)
_add("mov", h_mov)
_add("movz", h_movw, 0x52800000)
_add("movn", h_movw, 0x12800000)
_add("movk", h_movw, 0x72800000)
for _n, _b in BFM.items():
    _add(_n, h_bfm, _b)
_add("ubfx", h_bfx, 0x53000000, "x")
_add("sbfx", h_bfx, 0x13000000, "x")
_add("bfxil", h_bfx, 0x33000000, "x")
_add("ubfiz", h_bfx, 0x53000000, "iz")
_add("sbfiz", h_bfx, 0x13000000, "iz")
_add("bfi", h_bfx, 0x33000000, "iz")
_add("bfc", h_bfc)
_add("sxtb", h_ext, 0x13000000, 7, True)
_add("sxth", h_ext, 0x13000000, 15, True)
_add("sxtw", h_ext, 0x13000000, 31, True)
_add("uxtb", h_ext, 0x53000000, 7, False)
_add("uxth", h_ext, 0x53000000, 15, False)
_add("uxtw", lambda e, ops: 0x2A0003E0 | (e.gpw(ops[1]) << 16) | e.gpr(ops[0])[1])
for _n in ("lsl", "lsr", "asr", "ror"):
    _add(_n, h_shift, _n)
_add("lslv", h_shiftv, 8)
_add("lsrv", h_shiftv, 9)
_add("asrv", h_shiftv, 10)
_add("rorv", h_shiftv, 11)
_add("extr", h_extr)
_add("udiv", h_dp3, 0x1AC00800, 3)
_add("sdiv", h_dp3, 0x1AC00C00, 3)
_add("madd", h_dp3, 0x1B000000, 4)
_add("msub", h_dp3, 0x1B008000, 4)
_add("mneg", h_mul_alias, 0x1B008000)
_add("adc", h_dp3, 0x1A000000, 3)
_add("adcs", h_dp3, 0x3A000000, 3)
_add("sbc", h_dp3, 0x5A000000, 3)
_add("sbcs", h_dp3, 0x7A000000, 3)
_add("ngc", h_ngc, 0x5A000000)
_add("ngcs", h_ngc, 0x7A000000)
_add("smaddl", h_long_mul, 0x9B200000, True)
_add("smsubl", h_long_mul, 0x9B208000, True)
_add("umaddl", h_long_mul, 0x9BA00000, True)
_add("umsubl", h_long_mul, 0x9BA08000, True)
_add("smnegl", h_long_mul, 0x9B20FC00, False)
_add("umnegl", h_long_mul, 0x9BA0FC00, False)
_add("smulh", h_mulh, 0x9B400000)
_add("umulh", h_mulh, 0x9BC00000)
_add("clz", lambda e, ops: h_v2misc(e, ops, 1, 0b00100, "bhs") if e.is_vec(ops[0])
     else h_dp1(e, ops, 0x5AC01000))
_add("cls", lambda e, ops: h_v2misc(e, ops, 0, 0b00100, "bhs") if e.is_vec(ops[0])
     else h_dp1(e, ops, 0x5AC01400))
_add("rbit", h_rbit)
_add("rev", h_rev)
_add("rev16", h_rev_any, 0x5AC00400, 0, 0b00001, "b")
_add("rev32", h_rev_any, "rev32", 1, 0b00000, "bh")
_add("rev64", h_rev_any, None, 0, 0b00000, "bhs")
for _i, _n in enumerate(("crc32b", "crc32h", "crc32w", "crc32x")):
    _add(_n, h_crc, 0x1AC04000 | (_i << 10), 1 if _i == 3 else 0)
    _add(_n.replace("crc32", "crc32c"), h_crc, 0x1AC05000 | (_i << 10), 1 if _i == 3 else 0)
_add("csel", h_csel, 0x1A800000)
_add("csinc", h_csel, 0x1A800400)
_add("csinv", h_csel, 0x5A800000)
_add("csneg", h_csel, 0x5A800400)
_add("cset", h_cset, 0x1A800400)
_add("csetm", h_cset, 0x5A800000)
_add("cinc", h_cinc, 0x1A800400)
_add("cinv", h_cinc, 0x5A800000)
_add("cneg", h_cinc, 0x5A800400)
_add("ccmp", h_ccmp, 0x7A400000)
_add("ccmn", h_ccmp, 0x3A400000)

_add("ldr", h_ldr, "ldr")
_add("str", h_ldr, "str")
for _n in ("ldrb", "strb", "ldrh", "strh", "ldrsb", "ldrsh", "ldrsw", "prfm"):
    _add(_n, h_ldst_sized, _n)
for _n in ("ldur", "stur", "ldurb", "sturb", "ldurh", "sturh", "ldursb", "ldursh", "ldursw",
           "prfum"):
    _add(_n, h_ldur, _n)
for _n in ("ldtr", "sttr", "ldtrb", "sttrb", "ldtrh", "sttrh", "ldtrsb", "ldtrsh", "ldtrsw"):
    _add(_n, h_ldtr, _n)
_add("ldp", h_ldp, "ldp")
_add("stp", h_ldp, "stp")
_add("ldpsw", h_ldp, "ldpsw")
_add("ldnp", h_ldp, "ldp", True)
_add("stnp", h_ldp, "stp", True)
for _n, _b, _s in (("ldxr", 0x885F7C00, 0), ("ldaxr", 0x885FFC00, 0), ("ldar", 0x88DFFC00, 0),
                   ("stlr", 0x889FFC00, 0), ("ldapr", 0xB8BFC000, 0), ("ldlar", 0x88DF7C00, 0),
                   ("stllr", 0x889F7C00, 0)):
    _add(_n, h_ldx, _b, False)
    _add(_n + "b", h_ldx, (_b & ~0xC0000000) if _n != "ldapr" else 0x38BFC000, True)
    _add(_n + "h", h_ldx, ((_b & ~0xC0000000) | 0x40000000) if _n != "ldapr" else 0x78BFC000,
         True)
for _n, _b in (("stxr", 0x88007C00), ("stlxr", 0x8800FC00)):
    _add(_n, h_stx, _b, False)
    _add(_n + "b", h_stx, _b & ~0xC0000000, True)
    _add(_n + "h", h_stx, (_b & ~0xC0000000) | 0x40000000, True)
_add("ldxp", h_ldxp, 0x887F0000)
_add("ldaxp", h_ldxp, 0x887F8000)
_add("stxp", h_stxp, 0x88200000)
_add("stlxp", h_stxp, 0x88208000)
for _sfx, _a, _l in (("", 0, 0), ("a", 1, 0), ("l", 0, 1), ("al", 1, 1)):
    _cb = 0x88A07C00 | (_a << 22) | (_l << 15)
    _add("cas" + _sfx, h_cas, _cb, False)
    _add("cas" + _sfx + "b", h_cas, _cb & ~0xC0000000, True)
    _add("cas" + _sfx + "h", h_cas, (_cb & ~0xC0000000) | 0x40000000, True)
    _add("casp" + _sfx, h_casp, 0x08207C00 | (_a << 22) | (_l << 15))
    for _op, _opc in (("add", 0), ("clr", 1), ("eor", 2), ("set", 3), ("smax", 4), ("smin", 5),
                      ("umax", 6), ("umin", 7), ("swp", 8)):
        _lb = 0xB8200000 | (_a << 23) | (_l << 22) | ((_opc & 7) << 12) | ((_opc >> 3) << 15)
        _pre = "" if _op == "swp" else "ld"
        _add(_pre + _op + _sfx, h_ldop, _lb, False)
        _add(_pre + _op + _sfx + "b", h_ldop, _lb & ~0xC0000000, True)
        _add(_pre + _op + _sfx + "h", h_ldop, (_lb & ~0xC0000000) | 0x40000000, True)
        if _op != "swp" and _a == 0:
            _add("st" + _op + _sfx, h_stop, _lb, False)
            _add("st" + _op + _sfx + "b", h_stop, _lb & ~0xC0000000, True)
            _add("st" + _op + _sfx + "h", h_stop, (_lb & ~0xC0000000) | 0x40000000, True)

# floating point (scalar; vector forms dispatched inside)
_add("fmov", h_fmov)
_add("fabs", h_fp_or_vec1, 1, 0, 0b101111)
_add("fneg", h_fp_or_vec1, 2, 1, 0b101111)
_add("fsqrt", h_fp_or_vec1, 3, 1, 0b111111)
_add("frintn", h_fp_or_vec1, 8, 0, 0b011000)
_add("frintp", h_fp_or_vec1, 9, 0, 0b111000)
_add("frintm", h_fp_or_vec1, 10, 0, 0b011001)
_add("frintz", h_fp_or_vec1, 11, 0, 0b111001)
_add("frinta", h_fp_or_vec1, 12, 1, 0b011000)
_add("frintx", h_fp_or_vec1, 14, 1, 0b011001)
_add("frinti", h_fp_or_vec1, 15, 1, 0b111001)
_add("fcvt", h_fcvt)
_add("fmul", lambda e, ops: h_velem(e, ops, 0, 0b1001, True) if "[" in ops[2]
     else h_fp2_or_vec(e, ops, 0, 1, 0, 0b11011))
_add("fdiv", h_fp2_or_vec, 1, 1, 0, 0b11111)
_add("fadd", h_fp2_or_vec, 2, 0, 0, 0b11010)
_add("fsub", h_fp2_or_vec, 3, 0, 1, 0b11010)
_add("fmax", h_fp2_or_vec, 4, 0, 0, 0b11110)
_add("fmin", h_fp2_or_vec, 5, 0, 1, 0b11110)
_add("fmaxnm", h_fp2_or_vec, 6, 0, 0, 0b11000)
_add("fminnm", h_fp2_or_vec, 7, 0, 1, 0b11000)
_add("fnmul", h_fp2, 8)
_add("fmadd", h_fp3, 0, 0)
_add("fmsub", h_fp3, 0, 1)
_add("fnmadd", h_fp3, 1, 0)
_add("fnmsub", h_fp3, 1, 1)
_add("fcmp", h_fcmp, 0)
_add("fcmpe", h_fcmp, 0x10)
_add("fccmp", h_fccmp, 0)
_add("fccmpe", h_fccmp, 0x10)
_add("fcsel", h_fcsel)
_add("fcvtzs", h_fcvti, 3, 0, 0, 0b111011)
_add("fcvtzu", h_fcvti, 3, 1, 1, 0b111011)
_add("fcvtns", h_fcvti, 0, 0, 0, 0b011010)
_add("fcvtnu", h_fcvti, 0, 1, 1, 0b011010)
_add("fcvtps", h_fcvti, 1, 0, 0, 0b111010)
_add("fcvtpu", h_fcvti, 1, 1, 1, 0b111010)
_add("fcvtms", h_fcvti, 2, 0, 0, 0b011011)
_add("fcvtmu", h_fcvti, 2, 1, 1, 0b011011)
_add("fcvtas", h_fcvti, 0, 4, 0, 0b011100)
_add("fcvtau", h_fcvti, 0, 5, 1, 0b011100)
_add("scvtf", h_cvtf, 2, 0)
_add("ucvtf", h_cvtf, 3, 1)
_add("fjcvtzs", lambda e, ops: 0x1E7E0000 | (e.fpreg(ops[1])[1] << 5) | e.gpw(ops[0]))

# Advanced SIMD
_V3 = {"add": (0, 0b10000, "bhsd"), "sub": (1, 0b10000, "bhsd"), "mul": (0, 0b10011, "bhs"),
       "mla": (0, 0b10010, "bhs"), "mls": (1, 0b10010, "bhs"),
       "smax": (0, 0b01100, "bhs"), "smin": (0, 0b01101, "bhs"), "umax": (1, 0b01100, "bhs"),
       "umin": (1, 0b01101, "bhs"), "sqadd": (0, 0b00001, "bhsd"), "uqadd": (1, 0b00001, "bhsd"),
       "sqsub": (0, 0b00101, "bhsd"), "uqsub": (1, 0b00101, "bhsd"), "shadd": (0, 0, "bhs"),
       "uhadd": (1, 0, "bhs"), "srhadd": (0, 0b00010, "bhs"), "urhadd": (1, 0b00010, "bhs"),
       "shsub": (0, 0b00100, "bhs"), "uhsub": (1, 0b00100, "bhs"), "sshl": (0, 0b01000, "bhsd"),
       "ushl": (1, 0b01000, "bhsd"), "sabd": (0, 0b01110, "bhs"), "uabd": (1, 0b01110, "bhs"),
       "saba": (0, 0b01111, "bhs"), "uaba": (1, 0b01111, "bhs"), "smaxp": (0, 0b10100, "bhs"),
       "sminp": (0, 0b10101, "bhs"), "umaxp": (1, 0b10100, "bhs"), "uminp": (1, 0b10101, "bhs"),
       "sqdmulh": (0, 0b10110, "hs"), "sqrdmulh": (1, 0b10110, "hs"), "pmul": (1, 0b10011, "b"),
       "srshl": (0, 0b01010, "bhsd"), "urshl": (1, 0b01010, "bhsd"),
       "sqshl": (0, 0b01001, "bhsd"), "uqshl": (1, 0b01001, "bhsd"),
       "cmtst": (0, 0b10001, "bhsd")}
for _n, (_u, _o, _s) in _V3.items():
    if _n in ("add", "sub"):
        continue
    _add(_n, h_v3same, _u, _o, _s)
_add("mul", lambda e, ops: h_velem(e, ops, 0, 0b1000, False) if "[" in ops[2]
     else (h_mul_alias(e, ops, 0x1B000000) if not e.is_vec(ops[0])
           else h_v3same(e, ops, 0, 0b10011, "bhs")))
_add("mla", lambda e, ops: h_velem(e, ops, 1, 0b0000, False) if "[" in ops[2]
     else h_v3same(e, ops, 0, 0b10010, "bhs"))
_add("mls", lambda e, ops: h_velem(e, ops, 1, 0b0100, False) if "[" in ops[2]
     else h_v3same(e, ops, 1, 0b10010, "bhs"))


def _vadd_or(gp, u, opc):
    def h(e, ops):
        r = e.opt_reg(ops[0]) if ops else None
        if (r is None and ops and e.is_vec(ops[0])) or (r is not None and r.cls in "dv"):
            return h_v3same(e, ops, u, opc, "bhsd")
        return gp[0](e, ops, *gp[1:])
    return h


MNEMONICS["add"] = (_vadd_or((h_addsub, ADDSUB["add"], True), 0, 0b10000),)
MNEMONICS["sub"] = (_vadd_or((h_addsub, ADDSUB["sub"], True), 1, 0b10000),)


def _vneg_or(gp, u):
    def h(e, ops):
        r = e.opt_reg(ops[0]) if ops else None
        if (r is None and ops and e.is_vec(ops[0])) or (r is not None and r.cls in "dv"):
            return h_v2misc(e, ops, u, 0b01011, "bhsd")
        return gp[0](e, ops, *gp[1:])
    return h


MNEMONICS["neg"] = (_vneg_or((h_neg, ADDSUB["sub"]), 1),)
_add("abs", h_v2misc, 0, 0b01011, "bhsd")
_add("cmeq", h_cm, 1, 0b10001, 0, 0b01001)
_add("cmge", h_cm, 0, 0b00111, 1, 0b01000)
_add("cmgt", h_cm, 0, 0b00110, 0, 0b01000)
_add("cmhi", h_cm, 1, 0b00110, 0, None)
_add("cmhs", h_cm, 1, 0b00111, 0, None)
_add("cmle", lambda e, ops: h_v2misc(e, ops, 1, 0b01001, "bhsd", zero=True))
_add("cmlt", lambda e, ops: h_v2misc(e, ops, 0, 0b01010, "bhsd", zero=True))
_add("fcmeq", h_fcm, 0, 0, 0b11100, 0, 0b01101)
_add("fcmge", h_fcm, 1, 0, 0b11100, 1, 0b01100)
_add("fcmgt", h_fcm, 1, 1, 0b11100, 0, 0b01100)
_add("fcmle", lambda e, ops: h_v2misc(e, ops, 1, 0b01101, "sd", zero=True, fp=1))
_add("fcmlt", lambda e, ops: h_v2misc(e, ops, 0, 0b01110, "sd", zero=True, fp=1))
_add("facge", h_vfp3, 1, 0, 0b11101)
_add("facgt", h_vfp3, 1, 1, 0b11101)
_add("fabd", h_vfp3, 1, 1, 0b11010)
_add("fmla", lambda e, ops: h_velem(e, ops, 0, 0b0001, True) if "[" in ops[2]
     else h_vfp3(e, ops, 0, 0, 0b11001))
_add("fmls", lambda e, ops: h_velem(e, ops, 0, 0b0101, True) if "[" in ops[2]
     else h_vfp3(e, ops, 0, 1, 0b11001))
_add("fmulx", lambda e, ops: h_velem(e, ops, 1, 0b1001, True) if "[" in ops[2]
     else h_vfp3(e, ops, 0, 0, 0b11011))
_add("frecps", h_vfp3, 0, 0, 0b11111)
_add("frsqrts", h_vfp3, 0, 1, 0b11111)
_add("faddp", h_fpairwise, 1, 0, 0b11010, 0b01101)
_add("fmaxp", h_fpairwise, 1, 0, 0b11110, 0b01111)
_add("fminp", h_fpairwise, 1, 1, 0b11110, 0b01111)
_add("fmaxnmp", h_fpairwise, 1, 0, 0b11000, 0b01100)
_add("fminnmp", h_fpairwise, 1, 1, 0b11000, 0b01100)
_add("frecpe", lambda e, ops: h_v2misc(e, ops, 0, 0b11101, "sd", fp=1))
_add("frsqrte", lambda e, ops: h_v2misc(e, ops, 1, 0b11101, "sd", fp=1))
_add("addp", h_addp)
_add("addv", h_across, 0, 0b11011)
_add("saddlv", h_across, 0, 0b00011)
_add("uaddlv", h_across, 1, 0b00011)
_add("smaxv", h_across, 0, 0b01010)
_add("sminv", h_across, 0, 0b11010)
_add("umaxv", h_across, 1, 0b01010)
_add("uminv", h_across, 1, 0b11010)
_add("fmaxv", h_across, 1, 0b01111, 0)
_add("fminv", h_across, 1, 0b01111, 1)
_add("fmaxnmv", h_across, 1, 0b01100, 0)
_add("fminnmv", h_across, 1, 0b01100, 1)
for _n in ("and", "orr", "eor", "bic", "orn"):
    pass
_add("bsl", h_vlogic, "bsl")
_add("bit", h_vlogic, "bit")
_add("bif", h_vlogic, "bif")
_add("not", h_vnot)
_add("cnt", h_cnt)
_add("saddlp", h_pairlong, 0, 0b00010)
_add("uaddlp", h_pairlong, 1, 0b00010)
_add("sadalp", h_pairlong, 0, 0b00110)
_add("uadalp", h_pairlong, 1, 0b00110)
_add("sqabs", h_v2misc, 0, 0b00111, "bhsd")
_add("sqneg", h_v2misc, 1, 0b00111, "bhsd")
_add("suqadd", h_v2misc, 0, 0b00011, "bhsd")
_add("usqadd", h_v2misc, 1, 0b00011, "bhsd")
_add("urecpe", lambda e, ops: h_v2misc(e, ops, 0, 0b11100, "sd", fp=1))
_add("xtn", h_narrow, 0, 0b10010, 0)
_add("xtn2", h_narrow, 0, 0b10010, 1)
_add("sqxtn", h_narrow, 0, 0b10100, 0)
_add("sqxtn2", h_narrow, 0, 0b10100, 1)
_add("uqxtn", h_narrow, 1, 0b10100, 0)
_add("uqxtn2", h_narrow, 1, 0b10100, 1)
_add("sqxtun", h_narrow, 1, 0b10010, 0)
_add("sqxtun2", h_narrow, 1, 0b10010, 1)
_add("fcvtn", h_fcvtnl, 0, 0, True)
_add("fcvtn2", h_fcvtnl, 0, 1, True)
_add("fcvtl", h_fcvtnl, 1, 0, False)
_add("fcvtl2", h_fcvtnl, 1, 1, False)
_add("dup", h_dup)
_add("ins", h_ins)
_add("umov", h_umov)
_add("smov", h_smov)
_add("movi", h_movi, "movi")
_add("mvni", h_movi, "mvni")
_add("shl", h_vshift, 0, 0b01010, False)
_add("sli", h_vshift, 1, 0b01010, False)
_add("sri", h_vshift, 1, 0b01000, True)
_add("sshr", h_vshift, 0, 0b00000, True)
_add("ushr", h_vshift, 1, 0b00000, True)
_add("ssra", h_vshift, 0, 0b00010, True)
_add("usra", h_vshift, 1, 0b00010, True)
_add("srshr", h_vshift, 0, 0b00100, True)
_add("urshr", h_vshift, 1, 0b00100, True)
_add("sshll", h_vshll, 0, 0)
_add("sshll2", h_vshll, 0, 1)
_add("ushll", h_vshll, 1, 0)
_add("ushll2", h_vshll, 1, 1)
_add("sxtl", h_vshll, 0, 0, True)
_add("sxtl2", h_vshll, 0, 1, True)
_add("uxtl", h_vshll, 1, 0, True)
_add("uxtl2", h_vshll, 1, 1, True)
_add("shrn", h_vshrn, 0, 0b10000, 0)
_add("shrn2", h_vshrn, 0, 0b10000, 1)
_add("rshrn", h_vshrn, 0, 0b10001, 0)
_add("rshrn2", h_vshrn, 0, 0b10001, 1)
_add("sqshrn", h_vshrn, 0, 0b10010, 0)
_add("sqshrn2", h_vshrn, 0, 0b10010, 1)
_add("uqshrn", h_vshrn, 1, 0b10010, 0)
_add("uqshrn2", h_vshrn, 1, 0b10010, 1)
_add("sqshrun", h_vshrn, 1, 0b10000, 0)
_add("sqshrun2", h_vshrn, 1, 0b10000, 1)
_3DIFF = {"saddl": (0, 0, "l"), "uaddl": (1, 0, "l"), "saddw": (0, 1, "w"), "uaddw": (1, 1, "w"),
          "ssubl": (0, 2, "l"), "usubl": (1, 2, "l"), "ssubw": (0, 3, "w"), "usubw": (1, 3, "w"),
          "addhn": (0, 4, "n"), "raddhn": (1, 4, "n"), "sabal": (0, 5, "l"), "uabal": (1, 5, "l"),
          "subhn": (0, 6, "n"), "rsubhn": (1, 6, "n"), "sabdl": (0, 7, "l"), "uabdl": (1, 7, "l"),
          "smlal": (0, 8, "l"), "umlal": (1, 8, "l"), "sqdmlal": (0, 9, "l"),
          "smlsl": (0, 10, "l"), "umlsl": (1, 10, "l"), "sqdmlsl": (0, 11, "l"),
          "smull": (0, 12, "l"), "umull": (1, 12, "l"), "sqdmull": (0, 13, "l"),
          "pmull": (0, 14, "l")}
_ELEM_LONG = {"smull": (0, 0b1010), "umull": (1, 0b1010), "smlal": (0, 0b0010),
              "umlal": (1, 0b0010), "smlsl": (0, 0b0110), "umlsl": (1, 0b0110),
              "sqdmull": (0, 0b1011), "sqdmlal": (0, 0b0011)}


def _mk3diff(u, opc, kind, q2, name):
    el = _ELEM_LONG.get(name)

    def h(e, ops):
        if len(ops) == 3 and "[" in ops[2]:
            if el is None:
                raise e.bad()
            return h_velem(e, ops, el[0], el[1], False, long_q=q2)
        return h_v3diff(e, ops, u, opc, q2, kind)
    return h


for _n, (_u, _o, _k) in _3DIFF.items():
    _add(_n + "2", _mk3diff(_u, _o, _k, 1, _n))
    if _n in ("smull", "umull"):
        _gpb = 0x9B207C00 if _n == "smull" else 0x9BA07C00

        def _h(e, ops, _b=_gpb, _hv=_mk3diff(_u, _o, _k, 0, _n)):
            if ops and e.is_vec(ops[0]):
                return _hv(e, ops)
            return h_long_mul(e, ops, _b, False)
        _add(_n, _h)
    else:
        _add(_n, _mk3diff(_u, _o, _k, 0, _n))
_add("sqdmulh", lambda e, ops: h_velem(e, ops, 0, 0b1100, False) if "[" in ops[2]
     else h_v3same(e, ops, 0, 0b10110, "hs"))
for _n, _o in (("uzp1", 1), ("trn1", 2), ("zip1", 3), ("uzp2", 5), ("trn2", 6), ("zip2", 7)):
    _add(_n, h_perm, _o)
_add("ext", h_vext)
_add("tbl", h_tbl, 0)
_add("tbx", h_tbl, 1)
for _n in ("ld1", "ld2", "ld3", "ld4"):
    _add(_n, h_vldst, _n, True)
    _add(_n + "r", h_vldst, _n + "r", True)
    _add("st" + _n[2:], h_vldst, "st" + _n[2:], False)
_add(".inst", h_inst)


# -- extensions: crypto (AES, SHA1/2/3/512), pointer authentication, flags, dot product ---------
def h_v2fixed(e, ops, base, ta, tb):
    n, t = e.vreg(ops[0])
    m, t2 = e.vreg(ops[1])
    if t != ta or t2 != tb or len(ops) != 2:
        raise e.bad()
    return base | (m << 5) | n


def h_v3fixed(e, ops, base, td, tn, tm):
    """Three registers of fixed shapes: 'q'/'s'/'d' scalar classes or arrangements."""
    e.nops(ops, 3, 3)
    regs = []
    for op, want in zip(ops, (td, tn, tm)):
        if want in FPSIZE:
            c, r = e.fpreg(op)
            if c != want:
                raise e.bad()
        else:
            r, t = e.vreg(op)
            if t != want:
                raise e.bad()
        regs.append(r)
    return base | (regs[2] << 16) | (regs[1] << 5) | regs[0]


def h_v4fixed(e, ops, base, t):
    e.nops(ops, 4, 4)
    r = [e.vreg(o) for o in ops]
    if any(x[1] != t for x in r):
        raise e.bad()
    return base | (r[2][0] << 16) | (r[3][0] << 10) | (r[1][0] << 5) | r[0][0]


def h_xar(e, ops):
    w = h_v3fixed(e, ops[:3], 0xCE800000, "2d", "2d", "2d")
    imm = e.const(ops[3])
    if not 0 <= imm < 64:
        raise e.bad()
    return w | (imm << 10)


def h_pac(e, ops, base):
    e.nops(ops, 2, 2)
    return base | (e.xsp(ops[1]) << 5) | e.gpx(ops[0])


def h_pacz(e, ops, base):
    e.nops(ops, 1, 1)
    return base | e.gpx(ops[0])


def h_pacga(e, ops):
    return 0x9AC03000 | (e.xsp(ops[2]) << 16) | (e.gpx(ops[1]) << 5) | e.gpx(ops[0])


def h_ldra(e, ops, base):
    rt = e.gpx(ops[0])
    mem = _parse_mem(e, ops[1], None)
    if mem is None or mem[0] not in ("off", "pre") or len(ops) != 2:
        raise e.bad()
    kind, rn, x = mem
    v = 0 if x is None else e.const(x)
    if v & 7 or not -4096 <= v < 4096:
        raise e.bad("immediate offset out of range")
    imm = (v >> 3) & 0x3FF
    return base | ((imm >> 9) << 22) | ((imm & 0x1FF) << 12) | ((kind == "pre") << 11) \
        | (rn << 5) | rt


def h_rmif(e, ops):
    rn = e.gpx(ops[0])
    sh = e.const(ops[1])
    mask = e.const(ops[2])
    if not 0 <= sh < 64 or not 0 <= mask < 16:
        raise e.bad()
    return 0xBA000400 | (sh << 15) | (rn << 5) | mask


def h_dot(e, ops, u):
    d, td = e.vreg(ops[0])
    n, tn = e.vreg(ops[1])
    q = ARR[td][0]
    if td not in ("2s", "4s") or tn != ("16b" if q else "8b"):
        raise e.bad()
    if "[" in ops[2]:
        m, es, idx = e.velem(ops[2])
        if es != 0 or not 0 <= idx < 4 or m > 31:
            raise e.bad()
        # the element operand is written v.4b[i]
        return 0x0F80E000 | (q << 30) | (u << 29) | ((idx & 1) << 21) | (m << 16) \
            | ((idx >> 1) << 11) | (n << 5) | d
    m, tm = e.vreg(ops[2])
    if tm != tn:
        raise e.bad()
    return 0x0E809400 | (q << 30) | (u << 29) | (m << 16) | (n << 5) | d


_add("aese", h_v2fixed, 0x4E284800, "16b", "16b")
_add("aesd", h_v2fixed, 0x4E285800, "16b", "16b")
_add("aesmc", h_v2fixed, 0x4E286800, "16b", "16b")
_add("aesimc", h_v2fixed, 0x4E287800, "16b", "16b")
_add("sha1c", h_v3fixed, 0x5E000000, "q", "s", "4s")
_add("sha1p", h_v3fixed, 0x5E001000, "q", "s", "4s")
_add("sha1m", h_v3fixed, 0x5E002000, "q", "s", "4s")
_add("sha1su0", h_v3fixed, 0x5E003000, "4s", "4s", "4s")
_add("sha256h", h_v3fixed, 0x5E004000, "q", "q", "4s")
_add("sha256h2", h_v3fixed, 0x5E005000, "q", "q", "4s")
_add("sha256su1", h_v3fixed, 0x5E006000, "4s", "4s", "4s")
_add("sha1h", lambda e, ops: 0x5E280800 | (_fpr(e, ops[1], "s") << 5) | _fpr(e, ops[0], "s"))
_add("sha1su1", h_v2fixed, 0x5E281800, "4s", "4s")
_add("sha256su0", h_v2fixed, 0x5E282800, "4s", "4s")
_add("sha512h", h_v3fixed, 0xCE608000, "q", "q", "2d")
_add("sha512h2", h_v3fixed, 0xCE608400, "q", "q", "2d")
_add("sha512su0", h_v2fixed, 0xCEC08000, "2d", "2d")
_add("sha512su1", h_v3fixed, 0xCE608800, "2d", "2d", "2d")
_add("rax1", h_v3fixed, 0xCE608C00, "2d", "2d", "2d")
_add("eor3", h_v4fixed, 0xCE000000, "16b")
_add("bcax", h_v4fixed, 0xCE200000, "16b")
_add("xar", h_xar)
for _i, _n in enumerate(("pacia", "pacib", "pacda", "pacdb", "autia", "autib", "autda",
                         "autdb")):
    _add(_n, h_pac, 0xDAC10000 | (_i << 10))
    _add(_n[:-1] + "z" + _n[-1], h_pacz, 0xDAC123E0 | (_i << 10))
_add("xpaci", h_pacz, 0xDAC143E0)
_add("xpacd", h_pacz, 0xDAC147E0)
_add("pacga", h_pacga)
_add("ldraa", h_ldra, 0xF8200400)
_add("ldrab", h_ldra, 0xF8A00400)
_add("cfinv", h_fixed, 0xD500401F)
_add("xaflag", h_fixed, 0xD500403F)
_add("axflag", h_fixed, 0xD500405F)
_add("rmif", h_rmif)
_add("setf8", lambda e, ops: 0x3A00080D | (e.gpw(ops[0]) << 5))
_add("setf16", lambda e, ops: 0x3A00480D | (e.gpw(ops[0]) << 5))
for _n, _b in (("stlurb", 0x19000000), ("ldapurb", 0x19400000), ("stlurh", 0x59000000),
               ("ldapurh", 0x59400000)):
    _add(_n, lambda e, ops, _b=_b: _rcpc2(e, ops, _b, "w"))
_add("ldapursb", lambda e, ops: _rcpc2(e, ops, 0x19800000, "xw", 0x00400000))
_add("ldapursh", lambda e, ops: _rcpc2(e, ops, 0x59800000, "xw", 0x00400000))
_add("ldapursw", lambda e, ops: _rcpc2(e, ops, 0x99800000, "x"))
_add("stlur", lambda e, ops: _rcpc2(e, ops, 0x99000000, "xw", 0x40000000, True))
_add("ldapur", lambda e, ops: _rcpc2(e, ops, 0x99400000, "xw", 0x40000000, True))
_add("wfet", lambda e, ops: 0xD5031000 | e.gpx(ops[0]))
_add("wfit", lambda e, ops: 0xD5031020 | e.gpx(ops[0]))


def _rcpc2(e, ops, base, regs, wbit=0, x_sets=False):
    """LDAPUR/STLUR family: Rt, [Xn{, #simm9}]. ``regs``: allowed widths; ``wbit`` is set
    for a W destination of a sign-extending load (or for X when ``x_sets``)."""
    e.nops(ops, 2, 2)
    sf, rt = e.gpr(ops[0])
    if ("x" if sf else "w") not in regs:
        raise e.bad()
    if (sf and x_sets) or (not sf and not x_sets and wbit):
        base |= wbit
    mem = _parse_mem(e, ops[1], None)
    if mem is None or mem[0] != "off":
        raise e.bad()
    v = 0 if mem[2] is None else e.const(mem[2])
    if not -256 <= v < 256:
        raise e.bad("immediate offset out of range -256 to 255", 2)
    return base | ((v & 0x1FF) << 12) | (mem[1] << 5) | rt


_add("rev64", lambda e, ops: h_v2misc(e, ops, 0, 0b00000, "bhs") if e.is_vec(ops[0])
     else h_dp1(e, ops, 0x5AC00C00, sf_only=1))
_add("eretaa", h_fixed, 0xD69F0BFF)
_add("eretab", h_fixed, 0xD69F0FFF)
_add("clearbhb", h_fixed, 0xD50322DF)
for _c, _v in list(COND.items()):
    _add("bc." + _c, lambda e, ops, _v=_v: h_bcond(e, ops, _v) | 0x10)
    _add("b." + _c, h_bcond, _v)
for _n, _o in (("frint32z", 0), ("frint32x", 1), ("frint64z", 2), ("frint64x", 3)):
    _add(_n, lambda e, ops, _o=_o: h_v2misc(e, ops, _o & 1, 0b11110 | (_o >> 1), "sd", fp=0)
         if ops and e.is_vec(ops[0]) else h_fp1(e, ops, 0b010000 | _o))
REQ_EXTRA = {"frint32z": "frintts", "frint32x": "frintts", "frint64z": "frintts",
             "frint64x": "frintts"}
def h_sm3tt(e, ops, base):
    d, t = e.vreg(ops[0])
    n, t2 = e.vreg(ops[1])
    m, es, idx = e.velem(ops[2])
    if t != "4s" or t2 != "4s" or es != 2 or not 0 <= idx < 4:
        raise e.bad()
    return base | (m << 16) | (idx << 12) | (n << 5) | d


def h_fcadd(e, ops):
    d, a_, b_, t = _v3(e, ops[:3])
    q, size = ARR[t]
    rot = {90: 0, 270: 1}.get(e.const(ops[3]))
    if rot is None or size == 0 or t == "1d":
        raise e.bad()
    return 0x2E00E400 | (q << 30) | (size << 22) | (b_ << 16) | (rot << 12) | (a_ << 5) | d


def h_fcmla(e, ops):
    rot = {0: 0, 90: 1, 180: 2, 270: 3}.get(e.const(ops[3]))
    if rot is None:
        raise e.bad()
    if "[" in ops[2]:
        d, t = e.vreg(ops[0])
        n, t2 = e.vreg(ops[1])
        m, es, idx = e.velem(ops[2])
        q, size = ARR[t]
        if t != t2 or es != size:
            raise e.bad()
        if size == 1:
            if idx > (3 if q else 1):
                raise e.bad()
            h, lo = idx >> 1, idx & 1
        elif size == 2 and q:
            if idx > 1:
                raise e.bad()
            h, lo = idx, 0
        else:
            raise e.bad()
        mm = m >> 4
        m &= 15
        return 0x2F001000 | (q << 30) | (size << 22) | (lo << 21) | (mm << 20) | (m << 16) \
            | (rot << 13) | (h << 11) | (n << 5) | d
    d, a_, b_, t = _v3(e, ops[:3])
    q, size = ARR[t]
    if size == 0 or t == "1d":
        raise e.bad()
    return 0x2E00C400 | (q << 30) | (size << 22) | (b_ << 16) | (rot << 11) | (a_ << 5) | d


_add("fcadd", h_fcadd)
_add("fcmla", h_fcmla)
_add("sm3ss1", h_v4fixed, 0xCE400000, "4s")
for _n, _b in (("sm3tt1a", 0xCE408000), ("sm3tt1b", 0xCE408400), ("sm3tt2a", 0xCE408800),
               ("sm3tt2b", 0xCE408C00)):
    _add(_n, h_sm3tt, _b)
_add("sm3partw1", h_v3fixed, 0xCE60C000, "4s", "4s", "4s")
_add("sm3partw2", h_v3fixed, 0xCE60C400, "4s", "4s", "4s")
_add("sm4e", h_v2fixed, 0xCEC08400, "4s", "4s")
_add("sm4ekey", h_v3fixed, 0xCE60C800, "4s", "4s", "4s")
_add("sdot", h_dot, 0)
_add("udot", h_dot, 1)
_add("sqrdmlah", lambda e, ops: h_v3same(e, ops, 1, 0b10000, "hs") & ~0x00200400 | 0x00008400
     if "[" not in ops[2] else h_velem(e, ops, 1, 0b1101, False))
_add("sqrdmlsh", lambda e, ops: h_v3same(e, ops, 1, 0b10001, "hs") & ~0x00200400 | 0x00008C00
     if "[" not in ops[2] else h_velem(e, ops, 1, 0b1111, False))


def _fpr(e, op, cls):
    c, n = e.fpreg(op)
    if c != cls:
        raise e.bad()
    return n


# -- architecture features -------------------------------------------------------------------
# instruction -> the architecture feature it needs (FP/SIMD use is checked from the operands)
REQUIRES: dict[str, str] = {}
for _n in MNEMONICS:
    if _n.startswith("crc32"):
        REQUIRES[_n] = "crc"
    elif _n.startswith(("cas", "swp")) or (_n.startswith(("ld", "st")) and any(
            _n[2:].startswith(_o) for _o in ("add", "clr", "eor", "set", "smax", "smin",
                                              "umax", "umin"))):
        REQUIRES[_n] = "lse"
    elif _n.startswith("aes"):
        REQUIRES[_n] = "aes"
    elif _n.startswith(("sha1", "sha256", "sha512")):
        REQUIRES[_n] = "sha2"
    elif _n in ("eor3", "bcax", "rax1", "xar"):
        REQUIRES[_n] = "sha3"
    elif _n.startswith(("sm3", "sm4")):
        REQUIRES[_n] = "sm4"
    elif _n.startswith("ldapr"):
        REQUIRES[_n] = "rcpc"
for _n in ("pacia", "pacib", "pacda", "pacdb", "autia", "autib", "autda", "autdb", "paciza",
           "pacizb", "pacdza", "pacdzb", "autiza", "autizb", "autdza", "autdzb", "xpaci",
           "xpacd", "pacga", "ldraa", "ldrab", "retaa", "retab", "braa", "brab", "blraa",
           "blrab", "braaz", "brabz", "blraaz", "blrabz", "eretaa", "eretab"):
    REQUIRES[_n] = "pauth"
REQUIRES.update({"sqrdmlah": "rdma", "sqrdmlsh": "rdma", "sdot": "dotprod", "udot": "dotprod",
                 "cfinv": "flagm", "rmif": "flagm", "setf8": "flagm", "setf16": "flagm",
                 "xaflag": "flagm2", "axflag": "flagm2", "fjcvtzs": "jscvt", "sb": "sb",
                 "ldlar": "lor", "ldlarb": "lor", "ldlarh": "lor", "stllr": "lor",
                 "stllrb": "lor", "stllrh": "lor", "stlurb": "rcpc2", "ldapurb": "rcpc2",
                 "stlurh": "rcpc2", "ldapurh": "rcpc2", "ldapursb": "rcpc2",
                 "ldapursh": "rcpc2", "ldapursw": "rcpc2", "stlur": "rcpc2", "ldapur": "rcpc2",
                 "wfet": "wfxt", "wfit": "wfxt", "eretaa": "pauth", "eretab": "pauth",
                 "fcadd": "fcma", "fcmla": "fcma"})
REQUIRES.update(REQ_EXTRA)
for _c in COND:
    REQUIRES["bc." + _c] = "hbc"

ARCH_FEATURES = {
    "armv8-a": {"fp", "simd"},
    "armv8.1-a": {"crc", "lse", "rdma", "lor", "pan"},
    "armv8.2-a": {"ras"},
    "armv8.3-a": {"pauth", "rcpc", "jscvt", "fcma"},
    "armv8.4-a": {"dotprod", "flagm", "rcpc2"},
    "armv8.5-a": {"sb", "ssbs", "predres", "flagm2", "frintts", "bti"},
    "armv8.6-a": {"bf16", "i8mm"},
    "armv8.7-a": {"wfxt"}, "armv8.8-a": {"hbc"}, "armv8.9-a": set(),
}
_ARCH_ORDER = list(ARCH_FEATURES)
ARCH_FEATURES.update({"armv9-a": {"sve", "sve2"}, "armv9.1-a": set(), "armv9.2-a": set(),
                      "armv9.3-a": set(), "armv9.4-a": set(), "armv8-r": set()})
EXT_FEATURES = {"crypto": {"aes", "sha2"}, "aes": {"aes"}, "sha2": {"sha2"},
                "sha3": {"sha3", "sha2"}, "sm4": {"sm4"}, "crc": {"crc"}, "lse": {"lse"},
                "rdma": {"rdma"}, "fp": {"fp"}, "simd": {"simd", "fp"}, "fp16": {"fp16", "fp"},
                "dotprod": {"dotprod"}, "rcpc": {"rcpc"}, "flagm": {"flagm"}, "sb": {"sb"},
                "ssbs": {"ssbs"}, "predres": {"predres"}, "pauth": {"pauth"},
                "lor": {"lor"}, "pan": {"pan"}, "ras": {"ras"}, "sve": {"sve", "fp", "simd"},
                "sve2": {"sve2", "sve"}, "memtag": {"memtag"}, "bf16": {"bf16"},
                "i8mm": {"i8mm"}, "jscvt": {"jscvt"}, "fcma": {"fcma"},
                "frintts": {"frintts"}, "flagm2": {"flagm2"}, "profile": set(), "rng": set(),
                "tme": set(), "ls64": set(), "mops": set(), "hbc": {"hbc"}, "pmullt": set(),
                "f32mm": set(), "f64mm": set(), "sme": set(), "rcpc2": {"rcpc2"},
                "fp16fml": {"fp16"}, "xs": set(), "wfxt": {"wfxt"},
                "pac": {"pauth"}, "bti": {"bti"}, "sm3": {"sm4"}, "sve2-aes": set(), "sve2-sha3": set(),
                "sve2-sm4": set(), "sve2-bitperm": set(), "cssc": set(), "the": set(),
                "d128": set(), "gcs": set(), "ite": set(), "compnum": {"fcma"},
                "sme-f64": set(), "sme-i64": set(), "sme-f64f64": set(),
                "sme-i16i64": set(), "sme2": set(), "sme2p1": set(), "mpam": set(),
                "brbe": set(), "ras": {"ras"}, "rasv2": set(), "lse128": set(),
                "chk": set(), "predres2": set(), "sve2p1": set(), "b16b16": set(),
                "rcpc3": set(), "fp8": set(), "pauth-lr": set(), "cpa": set(),
                "faminmax": set(), "lut": set(), "ssve-fp8fma": set(), "sme-lutv2": set()}
# removing a feature removes those that depend on it
_DEPENDENTS = {"fp": {"simd", "aes", "sha2", "sha3", "sm4", "fp16", "rdma", "dotprod", "sve",
                      "sve2", "jscvt", "fcma", "bf16", "i8mm"},
               "simd": {"aes", "sha2", "sha3", "sm4", "rdma", "dotprod", "sve", "sve2",
                        "fcma", "bf16", "i8mm"},
               "crypto": {"aes", "sha2", "sha3", "sm4"}, "sha2": {"sha3"}}
# CPUs: (architecture, extensions)
CPUS = {"generic": ("armv8-a", ()), "cortex-a35": ("armv8-a", ("crc", "crypto")),
        "cortex-a53": ("armv8-a", ("crc", "crypto")), "cortex-a57": ("armv8-a", ("crc", "crypto")),
        "cortex-a72": ("armv8-a", ("crc", "crypto")), "cortex-a73": ("armv8-a", ("crc", "crypto")),
        "cortex-a55": ("armv8.2-a", ("rcpc", "fp16", "dotprod", "crypto")),
        "cortex-a75": ("armv8.2-a", ("rcpc", "fp16", "dotprod", "crypto")),
        "cortex-a76": ("armv8.2-a", ("rcpc", "fp16", "dotprod", "crypto", "ssbs")),
        "cortex-a77": ("armv8.2-a", ("rcpc", "fp16", "dotprod", "crypto", "ssbs")),
        "cortex-a78": ("armv8.2-a", ("rcpc", "fp16", "dotprod", "crypto", "ssbs")),
        "neoverse-n1": ("armv8.2-a", ("rcpc", "fp16", "dotprod", "crypto", "ssbs")),
        "neoverse-v1": ("armv8.4-a", ("fp16", "crypto", "sve", "bf16", "i8mm", "ssbs")),
        "neoverse-n2": ("armv9-a", ("fp16", "crypto", "bf16", "i8mm", "memtag")),
        "thunderx": ("armv8-a", ("crc", "crypto")), "xgene1": ("armv8-a", ()),
        "xgene2": ("armv8-a", ("crc", "crypto")), "exynos-m1": ("armv8-a", ("crc", "crypto")),
        "falkor": ("armv8-a", ("crc", "crypto", "rdma")),
        "qdf24xx": ("armv8-a", ("crc", "crypto", "rdma")),
        "thunderx2t99": ("armv8.1-a", ("crypto",)), "a64fx": ("armv8.2-a", ("fp16", "sve"))}


def arch_features(spec: str):
    """The feature set of ``armv8.2-a+crypto+nolse``-style text, or None if unknown."""
    parts = spec.strip().lower().split("+")
    base = parts[0]
    if base not in ARCH_FEATURES:
        return None
    feats = set()
    if base.startswith("armv9"):
        # Armv9.x-A includes Armv8.(x+5)-A
        minor = int(base[6]) if base[5] == "." else 0
        for a in _ARCH_ORDER[:min(6 + minor, len(_ARCH_ORDER))]:
            feats |= ARCH_FEATURES[a]
        feats |= ARCH_FEATURES["armv9-a"]
    elif base == "armv8-r":
        feats |= ARCH_FEATURES["armv8-a"] | ARCH_FEATURES["armv8.1-a"] | \
            ARCH_FEATURES["armv8.2-a"] | ARCH_FEATURES["armv8.3-a"] | ARCH_FEATURES["armv8.4-a"]
    else:
        for a in _ARCH_ORDER[:_ARCH_ORDER.index(base) + 1]:
            feats |= ARCH_FEATURES[a]
    for ext in parts[1:]:
        if not apply_extension(feats, ext):
            return None
    return feats


def apply_extension(feats: set, ext: str) -> bool:
    ext = ext.strip().lower()
    neg = ext.startswith("no")
    name = ext[2:] if neg else ext
    f = EXT_FEATURES.get(name)
    if f is None:
        return False
    if neg:
        gone = {name} | _DEPENDENTS.get(name, set()) | (f if name in ("crypto",) else set())
        if name not in ("crypto",):
            gone |= {name}
        feats -= gone
        if name == "simd":
            feats.discard("simd")
    else:
        feats |= f
    return True


_FPREG_RE = re.compile(r"(?<![\w.$])([bhsdqv]|z)\d{1,2}\b", re.I)
_VREG_RE = re.compile(r"(?<![\w.$])v\d{1,2}(\.|\b)", re.I)


# PSTATE fields / system registers that need an extension (msr/mrs)
MSR_REQUIRES = {"pan": "pan", "ssbs": "ssbs", "uao": "ras", "dit": "flagm", "tco": "memtag"}


def missing_feature(mnem: str, text: str, feats: set):
    """The feature ``mnem text`` needs that ``feats`` lacks, or None."""
    if mnem in ("msr", "mrs"):
        parts = text.split(",")
        field = (parts[0] if mnem == "msr" else parts[-1]).strip().lower()
        req = MSR_REQUIRES.get(field)
        if req is not None and req not in feats:
            return req
        return None
    req = REQUIRES.get(mnem)
    if req is not None and req not in feats:
        return req
    if "fp" not in feats or "simd" not in feats:
        if "fp" not in feats and _FPREG_RE.search(text) and mnem not in ("mrs", "msr"):
            return "fp"
        if "simd" not in feats and _VREG_RE.search(text):
            return "simd"
    return None
