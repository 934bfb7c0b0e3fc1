"""Target-specific code, one package per target (imported as toolchain.arch.<name>).

Each target package exposes at least:
  NAME        canonical arch name ("x86_64", "aarch64", "riscv64")
  TRIPLE      the Debian GNU triple
  EM          ELF e_machine
  relocs      module holding RELOCS, the relocation table (toolchain.elf.reloc.RelocTable)
"""
