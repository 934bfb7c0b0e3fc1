"""Optimisation passes over the IR and the pass manager by -O level."""
from .mem2reg import mem2reg
from .constfold import constfold
from .copyprop import copyprop
from .dce import dce
from .gvn import gvn
from .licm import licm
from .ivsr import ivsr
from .simplifycfg import simplifycfg
from .manager import optimize_function, optimize_module, normalize_level, LEVELS, PIPELINES

__all__ = ["mem2reg", "constfold", "copyprop", "dce", "gvn", "licm", "ivsr", "simplifycfg", "optimize_function",
           "optimize_module", "normalize_level", "LEVELS", "PIPELINES"]
