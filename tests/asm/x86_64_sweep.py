"""Encoding sweep: thousands of generated x86-64 instructions (every general-purpose form
with each operand kind and size, every SSE/AVX/x87 table entry) encoded by pyas and by GNU as.

  python -m tests.asm.x86_64_sweep [--every N] [--evex-only | --no-evex]

The EVEX part generates operand forms for every row of arch/x86_64/evex.py's table and
assembles them with GNU as in one batch (one section per line).

Lines GNU as rejects are skipped. Logs ``ERROR line: ours vs gas`` and ends with
``N passed, M failed``.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile

from toolchain.arch.x86_64 import vex
from toolchain.arch.x86_64.tables import (build_table, h_farith, h_fmem, h_fpop, h_fst, h_sse,
                                          h_sse_mmx, h_sse_mov, h_sse_shift)
from toolchain.asm.api import AssemblyFailed, encode


def gp_lines():
    regs = {1: ["%al", "%sil", "%r9b", "%ah"], 2: ["%ax", "%r10w"], 4: ["%eax", "%ecx", "%r8d", "%esp"], 8: ["%rax", "%rbp", "%r12", "%r13", "%rsp"]}
    mems = ["(%rax)", "-8(%rbp)", "0x12345(%rsp)", "(%r12,%r13,4)", "8(,%rcx,8)", "foo(%rip)", "foo+4(%rip)", "%fs:0x28", "(%r13)", "0x7f(%rbx,%rax)", "-0x80(%rdi)", "0x80(%rdi)"]
    imms = ["$0", "$1", "$-1", "$127", "$128", "$-128", "$-129", "$0x7fffffff", "$foo", "$255", "$65535"]
    sfx = {1: "b", 2: "w", 4: "l", 8: "q"}
    lines = []
    for op in ["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp", "test", "mov", "xchg"]:
        for sz in (1, 2, 4, 8):
            for r in regs[sz]:
                for r2 in regs[sz][:2]:
                    lines.append(f"{op}{sfx[sz]} {r}, {r2}")
                for m in mems[:6]:
                    lines.append(f"{op}{sfx[sz]} {r}, {m}")
                    lines.append(f"{op}{sfx[sz]} {m}, {r}")
                for i in imms:
                    lines.append(f"{op}{sfx[sz]} {i}, {r}")
            for m in mems:
                for i in imms[:5]:
                    lines.append(f"{op}{sfx[sz]} {i}, {m}")
    for op in ["inc", "dec", "neg", "not", "mul", "imul", "div", "idiv", "shl", "shr", "sar", "rol", "ror", "rcl", "rcr"]:
        for sz in (1, 2, 4, 8):
            for r in regs[sz][:3]:
                lines.append(f"{op}{sfx[sz]} {r}")
            for m in mems[:4]:
                lines.append(f"{op}{sfx[sz]} {m}")
    for op in ["shl", "shr", "sar", "rol"]:
        for sz in (1, 2, 4, 8):
            for c in ["$1", "$3", "%cl"]:
                lines += [f"{op}{sfx[sz]} {c}, {regs[sz][0]}", f"{op}{sfx[sz]} {c}, (%rax)"]
    for sz in (2, 4, 8):
        for r in regs[sz][:3]:
            lines += [f"imul{sfx[sz]} $10, {r}", f"imul{sfx[sz]} $1000, (%rax), {r}", f"imul{sfx[sz]} (%rbx), {r}",
                      f"lea{sfx[sz]} 8(%rax,%rbx,2), {r}", f"bsf{sfx[sz]} {r}, {r}", f"popcnt{sfx[sz]} (%rax), {r}",
                      f"cmovne{sfx[sz]} {r}, {r}", f"bt{sfx[sz]} $5, {r}", f"bts{sfx[sz]} {r}, (%rax)", f"xadd{sfx[sz]} {r}, (%rcx)",
                      f"cmpxchg{sfx[sz]} {r}, (%rcx)", f"movzb{sfx[sz]} %cl, {r}", f"movsb{sfx[sz]} (%rax), {r}", f"shld{sfx[sz]} $3, {r}, (%rax)", f"shrd{sfx[sz]} %cl, {r}, {r}"]
    lines += ["movzwl (%rax), %eax", "movswq %ax, %r10", "movslq (%rax), %r11", "pushq $foo", "pushw $1", "pushq 8(%rax)", "popq (%rax)", "pushw %ax",
              "call *8(%rax,%rbx,8)", "jmp *%r11", "callq *foo@GOTPCREL(%rip)", "movabsq foo, %rax", "movabsl %eax, 0x1122334455", "movabs $foo, %rax",
              "leave", "ret $16", "int $0x80", "int3", "ud2", "hlt", "cpuid", "rdtsc", "rdtscp", "lfence", "mfence", "sfence", "pause",
              "cmpxchg16b (%rdi)", "cmpxchg8b (%rdi)", "crc32b %al, %ecx", "crc32w (%rax), %ecx", "crc32l %eax, %ecx", "crc32q %rax, %rcx",
              "lock cmpxchgq %rcx, (%rdx)", "rep movsb", "repne scasb", "repz cmpsb", "lzcntq %rax, %rbx", "tzcntl %eax, %ebx", "bswap %r9", "bswap %eax",
              "xchg %ax, %bx", "xchg %eax, %eax", "xchgq %rax, %rax", "nopw 0x0(%rax,%rax,1)", "nopl (%rax)", "movq %cr0, %rax", "movw %ds, %ax", "movl %eax, %ds",
              "setg (%rax)", "sete %r10b", "cqto", "cwtl", "cbtw", "cwtd", "enter $16, $0", "in %dx, %al", "outl %eax, $0x80", "sahf", "cld", "stosb", "lodsq",
              "aesenc %xmm1, %xmm2", "pclmulqdq $0x11, %xmm1, %xmm2", "movnti %eax, (%rax)", "prefetcht0 (%rax)", "clflush (%rax)", "ldmxcsr (%rsp)",
              "fnstcw (%rsp)", "fldcw 2(%rsp)", "fnstsw %ax", "fstsw %ax", "fistpll (%rax)", "fisttpl (%rax)", "fxch", "fucomip %st(1), %st", "fcmovne %st(3), %st",
              "movsd %xmm1, %xmm2", "movsd (%rax), %xmm3", "movsd %xmm4, 8(%rsp)", "movsl", "cmpsd $1, %xmm1, %xmm2", "cvtsi2ssl (%rax), %xmm0", "cvtsi2sdq (%rax), %xmm8",
              "cvttss2si %xmm1, %r10", "cvtsd2si (%rax), %eax", "movd %xmm1, %r8d", "movq %r9, %xmm10", "pextrw $1, %xmm2, %eax", "pinsrw $2, %eax, %xmm1", "pmovmskb %xmm3, %ecx",
              "movmskpd %xmm1, %eax", "pextrd $1, %xmm1, (%rax)", "pinsrq $1, %r10, %xmm11", "extractps $2, %xmm1, %eax", "movq %xmm1, 8(%rsp)", "movq 8(%rsp), %xmm9"]
    return lines


def table_lines():
    T = build_table()
    lines = []
    for name, (h, d, fl) in sorted(T.items()):
        if name.endswith("_sse"): continue
        if h in (h_sse, h_sse_mmx):
            if len(d) > 2 and d[2] == "imm":
                lines += [f"{name} $1, %xmm1, %xmm2", f"{name} $3, 8(%rax), %xmm9"]
            else:
                lines += [f"{name} %xmm1, %xmm2", f"{name} 16(%rax,%rbx,2), %xmm10", f"{name} %xmm11, %xmm3"]
        elif h is h_sse_mov:
            lines += [f"{name} (%rax), %xmm1", f"{name} %xmm9, 8(%rbx)", f"{name} %xmm1, %xmm2"]
        elif h is h_sse_shift:
            lines += [f"{name} $3, %xmm1", f"{name} %xmm2, %xmm1"]
        elif h is vex.h_vex:
            lines += [f"{name} %xmm1, %xmm2, %xmm3", f"{name} %ymm1, %ymm2, %ymm3", f"{name} (%rax), %xmm2, %xmm11",
                      f"{name} $5, %xmm1, %xmm2, %xmm3", f"{name} %xmm1, %xmm2", f"{name} %ymm12, %ymm2", f"{name} $7, %ymm1, %ymm2"]
        elif h in (h_farith, h_fmem):
            lines += [f"{name} (%rax)", f"{name} %st(2), %st", f"{name} %st, %st(3)", f"{name}"]
        elif h in (h_fst, h_fpop):
            lines += [f"{name} %st(2)", f"{name}", f"{name} %st, %st(1)"]
    return lines


def evex_lines():
    """Operand forms for every EVEX table row: each vector length, masking, zeroing,
    broadcast, disp8*N boundaries, rounding/SAE, registers 16-31 (GNU as rejects the
    combinations a row does not have; those lines are skipped)."""
    from toolchain.arch.x86_64 import evex
    lines = []
    for name, ents in sorted(evex.EVEX.items()):
        for e in ents:
            fl = e.flags
            imm = "$0x1b, " if "imm" in fl else ""
            lens = (16,) if "lig" in fl or e.mem == "t1s" or isinstance(e.mem, int) and \
                e.mem <= 8 else (16, 32, 64)
            for L in lens:
                v = {16: "xmm", 32: "ymm", 64: "zmm"}[L]
                hv = 2 if e.mem in ("hv",) else 1
                n = e.elem and L // e.elem // hv
                bc = f"{{1to{n}}}" if e.mem in ("fv", "hv") and n else ""
                mems = ["(%rcx)", "0x40(%rax)", "-0x2000(%rdx)", "0x1fc0(%rdx)", "0x7f0(%rax,%r14,8)"]
                if bc:
                    mems.append(f"{e.elem * 4}(%rdx){bc}")
                if "vsib" in fl:
                    mems = [f"0x7b(%r14,%{v}31,8)", f"-0x100(%r9,%{v}17,4)", f"0x40(,%{v}5,1)"]
                dsts = [f"%{v}30", f"%{v}3{{%k3}}", f"%{v}19{{%k1}}{{z}}", "%k5", "%k2{%k7}",
                        "%eax", "%r9"]
                f = e.form
                base = name
                if f == "rvm" or f == "rvm4":
                    srcs = [f"%{v}28", f"%{v}7"] + mems
                    for s in srcs:
                        for d in dsts:
                            lines.append(f"{base} {imm}{s}, %{v}29, {d}")
                    if "er" in fl:
                        lines.append(f"{base} {{rd-sae}}, %{v}28, %{v}29, %{v}30")
                    if "sae" in fl:
                        lines.append(f"{base} {imm}{{sae}}, %{v}28, %{v}29, %{v}30")
                        lines.append(f"{base} {imm}{{sae}}, %{v}28, %{v}29, %k5")
                elif f in ("rm", "mr"):
                    regs = [f"%{v}28", "%xmm9", "%ymm9", "%k6", "%eax", "%r10"]
                    if f == "rm":
                        for s in regs + mems:
                            for d in dsts[:3] + ["%k5", "%eax", "%r9", "%xmm5"]:
                                lines.append(f"{base} {imm}{s}, {d}")
                    else:
                        for s in [f"%{v}28", f"%{v}5"]:
                            for d in [f"%xmm30", "%ymm29", "%zmm29", f"(%rcx){{%k7}}", "0x7f0(%rdx)",
                                      "%xmm17{%k2}{z}", "%eax", "%r9"]:
                                lines.append(f"{base} {imm}{s}, {d}")
                    if "er" in fl:
                        lines.append(f"{base} {{ru-sae}}, %{v}28, %{v}30")
                        lines.append(f"{base} {{rz-sae}}, %{v}28, %eax")
                    if "sae" in fl:
                        lines.append(f"{base} {imm}{{sae}}, %{v}28, %{v}30")
                elif f == "vm":
                    for s in [f"%{v}28"] + mems:
                        lines.append(f"{base} {imm}{s}, %{v}30{{%k1}}")
                elif f == "m":
                    for s in mems:
                        lines.append(f"{base} {s}{{%k1}}")
                elif f == "mvr":
                    lines.append(f"{base}.s %xmm28, %xmm29, %xmm30{{%k1}}")
    lines += ["vcmpeq_oqps %zmm1, %zmm2, %k3", "vpcmpnltud (%rax){1to16}, %zmm2, %k3{%k1}",
              "{evex} vaddps %xmm1, %xmm2, %xmm3", "{evex} vmovd %xmm4, (%rcx)",
              "vmovapd.s %zmm29, %zmm30", "{store} vmovaps %xmm17, %xmm18",
              "kmovw %k1, %eax", "kmovd %eax, %k5", "kmovq %k1, (%rax)", "kandnb %k1, %k2, %k3",
              "kshiftlq $3, %k1, %k2", "kortestw %k1, %k2", "kunpckdq %k1, %k2, %k3"]
    return sorted(set(lines))


def gas_batch(lines, d):
    """Assemble many lines at once, one section per line; returns {index: bytes or None}."""
    from elftools.elf.elffile import ELFFile
    keep = list(range(len(lines)))
    rejected = set()
    for _ in range(6):
        p = os.path.join(d, "b.s")
        with open(p, "w") as f:
            for i in keep:
                f.write(f'.section .s{i},"ax",@progbits\n{lines[i]}\n')
        r = subprocess.run(["as", p, "-o", p + ".o"], capture_output=True, text=True)
        if r.returncode == 0:
            break
        bad = set()
        for ln in r.stderr.splitlines():
            parts = ln.split(":")
            if len(parts) > 2 and parts[1].isdigit():
                bad.add(keep[(int(parts[1]) - 1) // 2])
        if not bad:
            return {}
        rejected |= bad
        keep = [i for i in keep if i not in bad]
    else:
        return {}
    out = {i: None for i in rejected}
    with open(p + ".o", "rb") as f:
        elf = ELFFile(f)
        for sec in elf.iter_sections():
            if sec.name.startswith(".s") and sec.name[2:].isdigit():
                out[int(sec.name[2:])] = sec.data()
    return out


def sweep_evex(every=1):
    lines = evex_lines()[::every]
    bad = []
    ok = skipped = 0
    with tempfile.TemporaryDirectory() as d:
        ref = gas_batch(lines, d)
    for i, ln in enumerate(lines):
        r = ref.get(i)
        if r is None:
            skipped += 1
            continue
        try:
            ours = encode(ln)
        except AssemblyFailed as e:
            bad.append(f"{ln}: error {e.messages.strip().splitlines()[-1][-80:]}")
            continue
        if ours != r:
            bad.append(f"{ln}: {ours.hex()} vs {r.hex()}")
        else:
            ok += 1
    return ok, bad, skipped


def gas_bytes(line, d):
    p = os.path.join(d, "x.s")
    with open(p, "w") as f:
        f.write(line + "\n")
    r = subprocess.run(["as", p, "-o", p + ".o"], capture_output=True, text=True)
    if r.returncode:
        return None
    subprocess.run(["objcopy", "-O", "binary", "-j", ".text", p + ".o", p + ".bin"], check=True)
    with open(p + ".bin", "rb") as f:
        return f.read()


def sweep(every=1):
    lines = (gp_lines() + table_lines())[::every]
    bad = []
    ok = skipped = 0
    with tempfile.TemporaryDirectory() as d:
        for ln in lines:
            ref = gas_bytes(ln, d)
            if ref is None:
                skipped += 1
                continue
            try:
                ours = encode(ln)
            except AssemblyFailed as e:
                bad.append(f"{ln}: error {e.messages.strip().splitlines()[-1][-80:]}")
                continue
            if ours != ref:
                bad.append(f"{ln}: {ours.hex()} vs {ref.hex()}")
            else:
                ok += 1
    return ok, bad, skipped


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    every = int(argv[argv.index("--every") + 1]) if "--every" in argv else 1
    if shutil.which("as") is None:
        print("GNU as not found")
        print("0 passed, 0 failed")
        return 0
    if "--evex-only" in argv:
        ok, bad, skipped = 0, [], 0
    else:
        ok, bad, skipped = sweep(every)
    if "--no-evex" not in argv:
        ok2, bad2, sk2 = sweep_evex(every)
        print(f"EVEX/AVX-512 forms: {ok2} match, {len(bad2)} differ, {sk2} rejected by GNU as")
        ok += ok2
        bad += bad2
        skipped += sk2
    for b in bad:
        print("ERROR " + b)
    print(f"{skipped} lines skipped (GNU as rejects them)")
    print(f"{ok} passed, {len(bad)} failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
