"""pycc's SSA intermediate representation (see docs/ir.md).

    from toolchain.cc.ir import parse_module, print_module, verify
"""
from .types import (Type, I1, I8, I16, I32, I64, I128, F32, F64, F80, F128, PTR, VOID, struct,
                    int_type)
from .core import (Value, Const, Undef, SymRef, Arg, Instr, Block, Function, GlobalVar, Module,
                   CallInfo)
from .builder import IRBuilder
from .printer import fmt_module as print_module, fmt_function as print_function
from .parser import parse_module, IRParseError
from .verify import check as verify, verify_module, verify_function, IRVerifyError

__all__ = ["Type", "I1", "I8", "I16", "I32", "I64", "I128", "F32", "F64", "F80", "F128", "PTR", "VOID",
           "struct", "int_type", "Value", "Const", "Undef", "SymRef", "Arg", "Instr", "Block",
           "Function", "GlobalVar", "Module", "CallInfo", "IRBuilder", "print_module",
           "print_function", "parse_module", "IRParseError", "verify", "verify_module",
           "verify_function", "IRVerifyError"]
