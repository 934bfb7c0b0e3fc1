"""pytoolchain: pycc (C compiler), pyas (GNU-compatible assembler), pyld (ELF linker)."""
__version__ = "0.1.0"
