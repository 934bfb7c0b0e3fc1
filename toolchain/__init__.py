"""pytoolchain: pycc (C compiler), pyas (GNU-compatible assembler), pyld (ELF linker).

The Python API (docs/api.md) is re-exported here lazily, so ``import toolchain`` stays cheap:

    import toolchain
    toolchain.encode("ret", target="aarch64")
"""
__version__ = "0.1.0"

_API = frozenset(("encode", "encode_many", "assemble", "link", "compile", "disassemble", "run",
                  "Object", "Instruction", "Listing", "Diagnostic", "ToolchainError",
                  "AssemblyError", "CompileError", "LinkError", "DisassemblyError",
                  "EmulationError", "TARGETS", "F32"))


def __getattr__(name):
    if name in _API:
        from . import api
        return getattr(api, name)
    raise AttributeError(f"module 'toolchain' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | _API)
