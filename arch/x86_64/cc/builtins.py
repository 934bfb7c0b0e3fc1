"""x86-64 target builtins (``__builtin_ia32_*``): their C prototypes for the front end and
their instruction selection (docs/intrinsics.md).

The intrinsic headers (toolchain/cc/include/*intrin.h) are written on GNU vector types; what
plain vector C cannot say (saturating arithmetic, pshufb, pmovmskb, blends, AES, CRC32...)
they call a builtin from ``TABLE``. The front end asks ``builtin_type(name, tt)`` for the
prototype (sema), the lowering turns the call into an IR ``call`` of the builtin's own name
(vector arguments by address, a vector result through the sret pointer), and ``select`` below
emits the builtin's instructions in place of the call. An unknown ``__builtin_ia32_*`` name is
a located error (the lowering's unsupported-builtin diagnostic), never a call.

A table line is ``name ret arg,arg,... | instr; instr; ...``. Vector arguments are loaded into
%xmmK (%ymmK, %zmmK for 32-, 64-byte vectors), K being the argument's index; a vector result is
stored from %xmm0/%ymm0/%zmm0. Operand tokens in the instructions:

  xK/yK/zK    %xmmK / %ymmK / %zmmK       $K, $K>>3   argument K as an immediate (a constant)
  @K, @K.n    argument K in a register     mK          memory at pointer argument K
  %r, %r.n    the scalar result register   #N          the literal immediate N
  eax, ecx... a fixed general register

The last operand is read and written ("ud") unless the mnemonic only writes it (mov*, set*,
cvt*, movmsk...) or the token ends with ``!``.
"""
from __future__ import annotations

import re

from toolchain.cc.backend.mir import Imm, Mem, MInstr, ROp
from toolchain.cc.ir.core import Const
from toolchain.diag import ToolError

from .regs import GPR, XMM

_PHYS = {**GPR, **XMM}

_GPR_SIZES = {}
for _i, _names in enumerate(zip("rax rcx rdx rbx rsp rbp rsi rdi".split(),
                                "eax ecx edx ebx esp ebp esi edi".split(),
                                "ax cx dx bx sp bp si di".split(),
                                "al cl dl bl spl bpl sil dil".split())):
    for _n, _s in zip(_names, (8, 4, 2, 1)):
        _GPR_SIZES[_n] = (GPR[_names[0]], _s)

# -- the table -------------------------------------------------------------------------------
# vector type codes: v<count><elem>, elem qi hi si di (signed 1/2/4/8 bytes), sf df (float,
# double); scalars: i u ll ull c uc s us f d v (void) p (void *) pc (const void *)
_LINES: list[str] = []


def _fam(names, sig, tmpl):
    """One line per name: ``tmpl`` with ``{}`` replaced by the mnemonic (the name's last
    word)."""
    for n in names.split():
        bi, _, mn = n.partition("=")
        _LINES.append(f"{bi} {sig} | {tmpl.format(mn or bi)}")


# SSE / SSE2 / SSE3 / SSSE3 / SSE4.1 arithmetic: dst = op(a, b) in the two-operand form
_fam("minps maxps minss maxss addsubps haddps hsubps", "v4sf v4sf,v4sf", "{} x1,x0")
_fam("minpd maxpd minsd maxsd addsubpd haddpd hsubpd", "v2df v2df,v2df", "{} x1,x0")
_fam("sqrtps rcpps rsqrtps", "v4sf v4sf", "{} x0,x0")
_fam("sqrtss rcpss rsqrtss", "v4sf v4sf", "{} x0,x0")
_fam("sqrtpd", "v2df v2df", "{} x0,x0")
_fam("sqrtsd", "v2df v2df,v2df", "{} x1,x0")
_fam("paddsb128=paddsb paddusb128=paddusb psubsb128=psubsb psubusb128=psubusb pavgb128=pavgb "
     "pminub128=pminub pmaxub128=pmaxub pshufb128=pshufb psignb128=psignb pminsb128=pminsb "
     "pmaxsb128=pmaxsb punpcklbw128=punpcklbw punpckhbw128=punpckhbw",
     "v16qi v16qi,v16qi", "{} x1,x0")
_fam("paddsw128=paddsw paddusw128=paddusw psubsw128=psubsw psubusw128=psubusw pavgw128=pavgw "
     "pmulhw128=pmulhw pmulhuw128=pmulhuw pminsw128=pminsw pmaxsw128=pmaxsw phaddw128=phaddw "
     "phaddsw128=phaddsw phsubw128=phsubw phsubsw128=phsubsw pmulhrsw128=pmulhrsw "
     "psignw128=psignw pminuw128=pminuw pmaxuw128=pmaxuw punpcklwd128=punpcklwd "
     "punpckhwd128=punpckhwd", "v8hi v8hi,v8hi", "{} x1,x0")
_fam("phaddd128=phaddd phsubd128=phsubd psignd128=psignd pminsd128=pminsd pmaxsd128=pmaxsd "
     "pminud128=pminud pmaxud128=pmaxud punpckldq128=punpckldq punpckhdq128=punpckhdq",
     "v4si v4si,v4si", "{} x1,x0")
_fam("punpcklqdq128=punpcklqdq punpckhqdq128=punpckhqdq", "v2di v2di,v2di", "{} x1,x0")
_fam("pmuludq128=pmuludq pmuldq128=pmuldq", "v2di v4si,v4si", "{} x1,x0")
_fam("pabsb128=pabsb", "v16qi v16qi", "{} x0,x0")
_fam("pabsw128=pabsw", "v8hi v8hi", "{} x0,x0")
_fam("pabsd128=pabsd", "v4si v4si", "{} x0,x0")
_fam("packsswb128=packsswb packuswb128=packuswb", "v16qi v8hi,v8hi", "{} x1,x0")
_fam("packssdw128=packssdw packusdw128=packusdw", "v8hi v4si,v4si", "{} x1,x0")
_fam("pmaddwd128=pmaddwd", "v4si v8hi,v8hi", "{} x1,x0")
_fam("pmaddubsw128=pmaddubsw", "v8hi v16qi,v16qi", "{} x1,x0")
_fam("psadbw128=psadbw", "v2di v16qi,v16qi", "{} x1,x0")
_fam("phminposuw128=phminposuw", "v8hi v8hi", "{} x0,x0")
# shifts by the count in the low quadword of a vector (the immediate forms go through these)
_fam("psllw128=psllw psrlw128=psrlw psraw128=psraw", "v8hi v8hi,v2di", "{} x1,x0")
_fam("pslld128=pslld psrld128=psrld psrad128=psrad", "v4si v4si,v2di", "{} x1,x0")
_fam("psllq128=psllq psrlq128=psrlq", "v2di v2di,v2di", "{} x1,x0")
# immediates
_fam("pshufd", "v4si v4si,i", "{} $1,x0,x0")
_fam("pshuflw pshufhw", "v8hi v8hi,i", "{} $1,x0,x0")
_fam("shufps blendps dpps", "v4sf v4sf,v4sf,i", "{} $2,x1,x0")
_fam("shufpd blendpd dppd", "v2df v2df,v2df,i", "{} $2,x1,x0")
_fam("pblendw128=pblendw", "v8hi v8hi,v8hi,i", "{} $2,x1,x0")
_fam("mpsadbw128=mpsadbw", "v8hi v16qi,v16qi,i", "{} $2,x1,x0")
_fam("insertps128=insertps", "v4sf v4sf,v4sf,i", "{} $2,x1,x0")
_fam("roundps", "v4sf v4sf,i", "{} $1,x0,x0")
_fam("roundpd", "v2df v2df,i", "{} $1,x0,x0")
_fam("roundss", "v4sf v4sf,v4sf,i", "{} $2,x1,x0")
_fam("roundsd", "v2df v2df,v2df,i", "{} $2,x1,x0")
_fam("cmpps cmpss", "v4sf v4sf,v4sf,i", "{} $2,x1,x0")
_fam("cmppd cmpsd", "v2df v2df,v2df,i", "{} $2,x1,x0")
_fam("palignr128=palignr", "v2di v2di,v2di,i", "{} $2>>3,x1,x0")
_fam("pslldqi128=pslldq psrldqi128=psrldq", "v2di v2di,i", "{} $1>>3,x0")
_fam("pclmulqdq128=pclmulqdq", "v2di v2di,v2di,i", "{} $2,x1,x0")
_fam("aeskeygenassist128=aeskeygenassist", "v2di v2di,i", "{} $1,x0,x0")
_fam("aesenc128=aesenc aesenclast128=aesenclast aesdec128=aesdec aesdeclast128=aesdeclast",
     "v2di v2di,v2di", "{} x1,x0")
_fam("aesimc128=aesimc", "v2di v2di", "{} x0,x0")
# blends on a mask in %xmm0
_fam("pblendvb128=pblendvb", "v16qi v16qi,v16qi,v16qi",
     "movdqa x0,x3; movdqa x2,x0; {} x0,x1,x3; movdqa x3,x0")
_fam("blendvps", "v4sf v4sf,v4sf,v4sf", "movaps x0,x3; movaps x2,x0; {} x0,x1,x3; movaps x3,x0")
_fam("blendvpd", "v2df v2df,v2df,v2df", "movapd x0,x3; movapd x2,x0; {} x0,x1,x3; movapd x3,x0")
# conversions and masks
_fam("cvtps2dq cvttps2dq", "v4si v4sf", "{} x0,x0")
_fam("cvtdq2ps", "v4sf v4si", "{} x0,x0")
_fam("cvtdq2ps256=vcvtdq2ps", "v8sf v8si", "{} y0,y0!")
_fam("cvttps2dq256=vcvttps2dq", "v8si v8sf", "{} y0,y0!")
_fam("cvtpd2dq cvttpd2dq", "v4si v2df", "{} x0,x0")
_fam("cvtpd2ps", "v4sf v2df", "{} x0,x0")
_fam("cvtps2pd", "v2df v4sf", "{} x0,x0")
_fam("cvtdq2pd", "v2df v4si", "{} x0,x0")
_fam("cvtss2si", "i v4sf", "{} x0,%r")
_fam("cvtss2si64=cvtss2si", "ll v4sf", "{} x0,%r")
_fam("cvtsd2si", "i v2df", "{} x0,%r")
_fam("cvtsd2si64=cvtsd2si", "ll v2df", "{} x0,%r")
_fam("movmskps", "i v4sf", "{} x0,%r")
_fam("movmskpd", "i v2df", "{} x0,%r")
_fam("pmovmskb128=pmovmskb", "i v16qi", "{} x0,%r")
for _w, _t in (("bw", "v8hi v16qi"), ("bd", "v4si v16qi"), ("bq", "v2di v16qi"),
               ("wd", "v4si v8hi"), ("wq", "v2di v8hi"), ("dq", "v2di v4si")):
    _fam(f"pmovsx{_w}128=pmovsx{_w} pmovzx{_w}128=pmovzx{_w}", _t, "{} x0,x0")
    _fam(f"pmovsx{_w}256=vpmovsx{_w} pmovzx{_w}256=vpmovzx{_w}",
         _t.replace("v8hi ", "v16hi ", 1).replace("v4si ", "v8si ", 1).replace("v2di ", "v4di ", 1),
         "{} x0,y0")
# flags
for _sfx, _cc in (("z", "z"), ("c", "c"), ("nzc", "a")):
    _fam(f"ptest{_sfx}128=ptest", "i v2di,v2di", f"{{}} x1,x0; set{_cc} %r.1; movzbl %r.1,%r")
    _fam(f"ptest{_sfx}256=vptest", "i v4di,v4di", f"{{}} y1,y0; set{_cc} %r.1; movzbl %r.1,%r")
    _fam(f"vtest{_sfx}ps=vtestps", "i v4sf,v4sf", f"{{}} x1,x0; set{_cc} %r.1; movzbl %r.1,%r")
    _fam(f"vtest{_sfx}pd=vtestpd", "i v2df,v2df", f"{{}} x1,x0; set{_cc} %r.1; movzbl %r.1,%r")
    _fam(f"vtest{_sfx}ps256=vtestps", "i v8sf,v8sf", f"{{}} y1,y0; set{_cc} %r.1; movzbl %r.1,%r")
    _fam(f"vtest{_sfx}pd256=vtestpd", "i v4df,v4df", f"{{}} y1,y0; set{_cc} %r.1; movzbl %r.1,%r")
# SSE4.2 string compares and CRC32
_fam("pcmpistri128=pcmpistri", "i v16qi,v16qi,i", "{} $2,x1,x0; movl ecx,%r")
_fam("pcmpistrm128=pcmpistrm", "v16qi v16qi,v16qi,i", "{} $2,x1,x0")
_fam("pcmpestri128=pcmpestri", "i v16qi,i,v16qi,i,i",
     "movl @1,eax; movl @3,edx; {} $4,x2,x0; movl ecx,%r")
_fam("pcmpestrm128=pcmpestrm", "v16qi v16qi,i,v16qi,i,i", "movl @1,eax; movl @3,edx; {} $4,x2,x0")
for _f, _cc in (("a", "a"), ("c", "c"), ("o", "o"), ("s", "s"), ("z", "z")):
    _fam(f"pcmpistri{_f}128=pcmpistri", "i v16qi,v16qi,i",
         f"{{}} $2,x1,x0; set{_cc} %r.1; movzbl %r.1,%r")
    _fam(f"pcmpestri{_f}128=pcmpestri", "i v16qi,i,v16qi,i,i",
         f"movl @1,eax; movl @3,edx; {{}} $4,x2,x0; set{_cc} %r.1; movzbl %r.1,%r")
_LINES += [
    "crc32qi u u,uc | movl @0,%r; crc32b @1.1,%r",
    "crc32hi u u,us | movl @0,%r; crc32w @1.2,%r",
    "crc32si u u,u | movl @0,%r; crc32l @1,%r",
    "crc32di ull ull,ull | movq @0,%r; crc32q @1,%r",
    "pdep_si u u,u | pdepl @1,@0,%r!",
    "pdep_di ull ull,ull | pdepq @1,@0,%r!",
    "pext_si u u,u | pextl @1,@0,%r!",
    "pext_di ull ull,ull | pextq @1,@0,%r!",
    "rdrand16_step i p | rdrandw cx!; setc %r.1; movzbl %r.1,%r; movw cx,m0",
    "rdrand32_step i p | rdrandl ecx!; setc %r.1; movzbl %r.1,%r; movl ecx,m0",
    "rdrand64_step i p | rdrandq rcx!; setc %r.1; movzbl %r.1,%r; movq rcx,m0",
    "rdseed16_step i p | rdseedw cx!; setc %r.1; movzbl %r.1,%r; movw cx,m0",
    "rdseed32_step i p | rdseedl ecx!; setc %r.1; movzbl %r.1,%r; movl ecx,m0",
    "rdseed64_step i p | rdseedq rcx!; setc %r.1; movzbl %r.1,%r; movq rcx,m0",
    "vec_ext_v16qi c v16qi,i | pextrb $1,x0,%r",
    "vec_ext_v8hi s v8hi,i | pextrw $1,x0,%r",
    "vec_ext_v4si i v4si,i | pextrd $1,x0,%r",
    "vec_ext_v2di ll v2di,i | pextrq $1,x0,%r",
    # float lanes: the vector copied to the result register, lane $1 shuffled into lane 0
    "vec_ext_v4sf f v4sf,i | movaps x0,%r!; shufps $1,x0,%r",
    "vec_ext_v2df d v2df,i | movapd x0,%r!; shufpd $1,x0,%r",
    "vec_set_v8hi v8hi v8hi,s,i | pinsrw $2,@1,x0",
    "vec_set_v16qi v16qi v16qi,c,i | pinsrb $2,@1,x0",
    "vec_set_v4si v4si v4si,i,i | pinsrd $2,@1,x0",
    "vec_set_v2di v2di v2di,ll,i | pinsrq $2,@1,x0",
    "lfence v | lfence", "mfence v | mfence", "sfence v | sfence", "pause v | pause",
    "clflush v pc | clflush m0",
    "rdtsc ull | rdtsc; shlq #32,rdx; orq rdx,rax; movq rax,%r",
    "vzeroupper v | vzeroupper", "vzeroall v | vzeroall",
    # F16C
    "vcvtph2ps v4sf v8hi | vcvtph2ps x0,x0!",
    "vcvtph2ps256 v8sf v8hi | vcvtph2ps x0,y0!",
    "vcvtps2ph v8hi v4sf,i | vcvtps2ph $1,x0,x0!",
    "vcvtps2ph256 v8hi v8sf,i | vcvtps2ph $1,y0,x0!",
]

# AVX 256-bit floating point (three-operand VEX forms: dst = op(a, b) is "op y1,y0,y0")
_fam("addsubps256=vaddsubps haddps256=vhaddps hsubps256=vhsubps minps256=vminps "
     "maxps256=vmaxps", "v8sf v8sf,v8sf", "{} y1,y0,y0!")
_fam("addsubpd256=vaddsubpd haddpd256=vhaddpd hsubpd256=vhsubpd minpd256=vminpd "
     "maxpd256=vmaxpd", "v4df v4df,v4df", "{} y1,y0,y0!")
_fam("sqrtps256=vsqrtps rcpps256=vrcpps rsqrtps256=vrsqrtps", "v8sf v8sf", "{} y0,y0!")
_fam("sqrtpd256=vsqrtpd", "v4df v4df", "{} y0,y0!")
_fam("shufps256=vshufps blendps256=vblendps dpps256=vdpps cmpps256=vcmpps",
     "v8sf v8sf,v8sf,i", "{} $2,y1,y0,y0!")
_fam("shufpd256=vshufpd blendpd256=vblendpd cmppd256=vcmppd", "v4df v4df,v4df,i",
     "{} $2,y1,y0,y0!")
_fam("cmpps_avx=vcmpps cmpss_avx=vcmpss", "v4sf v4sf,v4sf,i", "{} $2,x1,x0,x0!")
_fam("cmppd_avx=vcmppd cmpsd_avx=vcmpsd", "v2df v2df,v2df,i", "{} $2,x1,x0,x0!")
_fam("blendvps256=vblendvps", "v8sf v8sf,v8sf,v8sf", "{} y2,y1,y0,y0!")
_fam("blendvpd256=vblendvpd", "v4df v4df,v4df,v4df", "{} y2,y1,y0,y0!")
_fam("roundps256=vroundps", "v8sf v8sf,i", "{} $1,y0,y0!")
_fam("roundpd256=vroundpd", "v4df v4df,i", "{} $1,y0,y0!")
_fam("cvtps2dq256=vcvtps2dq", "v8si v8sf", "{} y0,y0!")
_fam("cvtpd2ps256=vcvtpd2ps", "v4sf v4df", "{} y0,x0!")
_fam("cvtpd2dq256=vcvtpd2dq cvttpd2dq256=vcvttpd2dq", "v4si v4df", "{} y0,x0!")
_fam("cvtps2pd256=vcvtps2pd", "v4df v4sf", "{} x0,y0!")
_fam("cvtdq2pd256=vcvtdq2pd", "v4df v4si", "{} x0,y0!")
_fam("movmskps256=vmovmskps", "i v8sf", "{} y0,%r")
_fam("movmskpd256=vmovmskpd", "i v4df", "{} y0,%r")
_fam("vpermilps=vpermilps", "v4sf v4sf,i", "{} $1,x0,x0!")
_fam("vpermilpd=vpermilpd", "v2df v2df,i", "{} $1,x0,x0!")
_fam("vpermilps256=vpermilps", "v8sf v8sf,i", "{} $1,y0,y0!")
_fam("vpermilpd256=vpermilpd", "v4df v4df,i", "{} $1,y0,y0!")
_fam("vpermilvarps=vpermilps", "v4sf v4sf,v4si", "{} x1,x0,x0!")
_fam("vpermilvarpd=vpermilpd", "v2df v2df,v2di", "{} x1,x0,x0!")
_fam("vpermilvarps256=vpermilps", "v8sf v8sf,v8si", "{} y1,y0,y0!")
_fam("vpermilvarpd256=vpermilpd", "v4df v4df,v4di", "{} y1,y0,y0!")
_fam("vperm2f128_ps256=vperm2f128", "v8sf v8sf,v8sf,i", "{} $2,y1,y0,y0!")
_fam("vperm2i128=vperm2i128", "v4di v4di,v4di,i", "{} $2,y1,y0,y0!")
_fam("vinsertf128_ps256=vinsertf128", "v8sf v8sf,v4sf,i", "{} $2,x1,y0,y0!")
_fam("vextractf128_ps256=vextractf128", "v4sf v8sf,i", "{} $1,y0,x0!")
_fam("maskloadps=vmaskmovps", "v4sf pc,v4si", "{} m0,x1,x0!")
_fam("maskloadpd=vmaskmovpd", "v2df pc,v2di", "{} m0,x1,x0!")
_fam("maskloadps256=vmaskmovps", "v8sf pc,v8si", "{} m0,y1,y0!")
_fam("maskloadpd256=vmaskmovpd", "v4df pc,v4di", "{} m0,y1,y0!")
_fam("maskloadd=vpmaskmovd", "v4si pc,v4si", "{} m0,x1,x0!")
_fam("maskloadq=vpmaskmovq", "v2di pc,v2di", "{} m0,x1,x0!")
_fam("maskloadd256=vpmaskmovd", "v8si pc,v8si", "{} m0,y1,y0!")
_fam("maskloadq256=vpmaskmovq", "v4di pc,v4di", "{} m0,y1,y0!")
_fam("maskstoreps=vmaskmovps", "v p,v4si,v4sf", "{} x2,x1,m0")
_fam("maskstorepd=vmaskmovpd", "v p,v2di,v2df", "{} x2,x1,m0")
_fam("maskstoreps256=vmaskmovps", "v p,v8si,v8sf", "{} y2,y1,m0")
_fam("maskstorepd256=vmaskmovpd", "v p,v4di,v4df", "{} y2,y1,m0")
_fam("maskstored=vpmaskmovd", "v p,v4si,v4si", "{} x2,x1,m0")
_fam("maskstoreq=vpmaskmovq", "v p,v2di,v2di", "{} x2,x1,m0")
_fam("maskstored256=vpmaskmovd", "v p,v8si,v8si", "{} y2,y1,m0")
_fam("maskstoreq256=vpmaskmovq", "v p,v4di,v4di", "{} y2,y1,m0")

# AVX2 256-bit integer
_fam("paddsb256=vpaddsb paddusb256=vpaddusb psubsb256=vpsubsb psubusb256=vpsubusb "
     "pavgb256=vpavgb pminub256=vpminub pmaxub256=vpmaxub pshufb256=vpshufb psignb256=vpsignb "
     "pminsb256=vpminsb pmaxsb256=vpmaxsb punpcklbw256=vpunpcklbw punpckhbw256=vpunpckhbw",
     "v32qi v32qi,v32qi", "{} y1,y0,y0!")
_fam("paddsw256=vpaddsw paddusw256=vpaddusw psubsw256=vpsubsw psubusw256=vpsubusw "
     "pavgw256=vpavgw pmulhw256=vpmulhw pmulhuw256=vpmulhuw pminsw256=vpminsw pmaxsw256=vpmaxsw "
     "phaddw256=vphaddw phaddsw256=vphaddsw phsubw256=vphsubw phsubsw256=vphsubsw "
     "pmulhrsw256=vpmulhrsw psignw256=vpsignw pminuw256=vpminuw pmaxuw256=vpmaxuw "
     "punpcklwd256=vpunpcklwd punpckhwd256=vpunpckhwd", "v16hi v16hi,v16hi", "{} y1,y0,y0!")
_fam("phaddd256=vphaddd phsubd256=vphsubd psignd256=vpsignd pminsd256=vpminsd "
     "pmaxsd256=vpmaxsd pminud256=vpminud pmaxud256=vpmaxud punpckldq256=vpunpckldq "
     "punpckhdq256=vpunpckhdq", "v8si v8si,v8si", "{} y1,y0,y0!")
# vpermd/vpermps take the indices as their middle operand: AT&T `vpermd table, idx, dst`
_fam("permvarsi256=vpermd", "v8si v8si,v8si", "{} y0,y1,y0!")
_fam("permvarsf256=vpermps", "v8sf v8sf,v8si", "{} y0,y1,y0!")
_fam("punpcklqdq256=vpunpcklqdq punpckhqdq256=vpunpckhqdq", "v4di v4di,v4di", "{} y1,y0,y0!")
_fam("pmuludq256=vpmuludq pmuldq256=vpmuldq", "v4di v8si,v8si", "{} y1,y0,y0!")
_fam("pabsb256=vpabsb", "v32qi v32qi", "{} y0,y0!")
_fam("pabsw256=vpabsw", "v16hi v16hi", "{} y0,y0!")
_fam("pabsd256=vpabsd", "v8si v8si", "{} y0,y0!")
_fam("packsswb256=vpacksswb packuswb256=vpackuswb", "v32qi v16hi,v16hi", "{} y1,y0,y0!")
_fam("packssdw256=vpackssdw packusdw256=vpackusdw", "v16hi v8si,v8si", "{} y1,y0,y0!")
_fam("pmaddwd256=vpmaddwd", "v8si v16hi,v16hi", "{} y1,y0,y0!")
_fam("pmaddubsw256=vpmaddubsw", "v16hi v32qi,v32qi", "{} y1,y0,y0!")
_fam("psadbw256=vpsadbw", "v4di v32qi,v32qi", "{} y1,y0,y0!")
_fam("psllw256=vpsllw psrlw256=vpsrlw psraw256=vpsraw", "v16hi v16hi,v2di", "{} x1,y0,y0!")
_fam("pslld256=vpslld psrld256=vpsrld psrad256=vpsrad", "v8si v8si,v2di", "{} x1,y0,y0!")
_fam("psllq256=vpsllq psrlq256=vpsrlq", "v4di v4di,v2di", "{} x1,y0,y0!")
_fam("psllv4si=vpsllvd psrlv4si=vpsrlvd psrav4si=vpsravd", "v4si v4si,v4si", "{} x1,x0,x0!")
_fam("psllv2di=vpsllvq psrlv2di=vpsrlvq", "v2di v2di,v2di", "{} x1,x0,x0!")
_fam("psllv8si=vpsllvd psrlv8si=vpsrlvd psrav8si=vpsravd", "v8si v8si,v8si", "{} y1,y0,y0!")
_fam("psllv4di=vpsllvq psrlv4di=vpsrlvq", "v4di v4di,v4di", "{} y1,y0,y0!")
_fam("pshufd256=vpshufd", "v8si v8si,i", "{} $1,y0,y0!")
_fam("pshuflw256=vpshuflw pshufhw256=vpshufhw", "v16hi v16hi,i", "{} $1,y0,y0!")
_fam("permdi256=vpermq", "v4di v4di,i", "{} $1,y0,y0!")
_fam("permdf256=vpermpd", "v4df v4df,i", "{} $1,y0,y0!")
_fam("pblendd128=vpblendd", "v4si v4si,v4si,i", "{} $2,x1,x0,x0!")
_fam("pblendd256=vpblendd", "v8si v8si,v8si,i", "{} $2,y1,y0,y0!")
_fam("pblendw256=vpblendw", "v16hi v16hi,v16hi,i", "{} $2,y1,y0,y0!")
_fam("mpsadbw256=vmpsadbw", "v16hi v32qi,v32qi,i", "{} $2,y1,y0,y0!")
_fam("palignr256=vpalignr", "v4di v4di,v4di,i", "{} $2>>3,y1,y0,y0!")
_fam("pslldqi256=vpslldq psrldqi256=vpsrldq", "v4di v4di,i", "{} $1>>3,y0,y0!")
_fam("pblendvb256=vpblendvb", "v32qi v32qi,v32qi,v32qi", "{} y2,y1,y0,y0!")
_fam("pmovmskb256=vpmovmskb", "i v32qi", "{} y0,%r")
_fam("insert128i256=vinserti128", "v4di v4di,v2di,i", "{} $2,x1,y0,y0!")
_fam("extract128i256=vextracti128", "v2di v4di,i", "{} $1,y0,x0!")

# AVX-512F on %zmm: what the generated avx512fintrin.h selects instead of element loops (the
# integer arithmetic, logic, shifts by a count in %xmm and the variable in-lane permute that
# xxHash's AVX-512 path spends its time in)
_fam("paddq512=vpaddq psubq512=vpsubq pandq512=vpandq porq512=vporq pxorq512=vpxorq "
     "pandnq512=vpandnq", "v8di v8di,v8di", "{} z1,z0,z0!")
_fam("paddd512=vpaddd psubd512=vpsubd pmulld512=vpmulld", "v16si v16si,v16si", "{} z1,z0,z0!")
_fam("pmuludq512=vpmuludq pmuldq512=vpmuldq", "v8di v16si,v16si", "{} z1,z0,z0!")
_fam("psllq512=vpsllq psrlq512=vpsrlq psraq512=vpsraq", "v8di v8di,v2di", "{} x1,z0,z0!")
_fam("pslld512=vpslld psrld512=vpsrld psrad512=vpsrad", "v16si v16si,v2di", "{} x1,z0,z0!")
_fam("vpermilvarps512=vpermilps", "v16sf v16sf,v16si", "{} z1,z0,z0!")

# FMA: dst = a*b + c is "vfmadd213 c,b,a" (the result replaces a)
for _k in ("fmadd", "fmsub", "fnmadd", "fnmsub", "fmaddsub", "fmsubadd"):
    _fam(f"vf{_k[1:]}ps=v{_k}213ps", "v4sf v4sf,v4sf,v4sf", "{} x2,x1,x0")
    _fam(f"vf{_k[1:]}pd=v{_k}213pd", "v2df v2df,v2df,v2df", "{} x2,x1,x0")
    _fam(f"vf{_k[1:]}ps256=v{_k}213ps", "v8sf v8sf,v8sf,v8sf", "{} y2,y1,y0")
    _fam(f"vf{_k[1:]}pd256=v{_k}213pd", "v4df v4df,v4df,v4df", "{} y2,y1,y0")
    if "sub" not in _k[2:] or _k in ("fmsub", "fnmsub"):
        if _k not in ("fmaddsub", "fmsubadd"):
            _fam(f"vf{_k[1:]}ss3=v{_k}213ss", "v4sf v4sf,v4sf,v4sf", "{} x2,x1,x0")
            _fam(f"vf{_k[1:]}sd3=v{_k}213sd", "v2df v2df,v2df,v2df", "{} x2,x1,x0")

_VEC = re.compile(r"v(\d+)(qi|hi|si|di|sf|df)$")
_ELEM = {"qi": ("char", 1), "hi": ("short", 2), "si": ("int", 4), "di": ("long long", 8),
         "sf": ("float", 4), "df": ("double", 8)}
_WRITE_ONLY = ("mov", "set", "cvt", "pmovmsk", "vpmovmsk", "vmovmsk", "pextr", "vextract",
               "vcvt", "pmovsx", "pmovzx", "vpmovsx", "vpmovzx", "sqrt", "rcp", "rsqrt",
               "pabs", "pshuf", "round", "aesimc", "aeskeygen", "phminpos", "vperm", "vsqrt",
               "vrcp", "vrsqrt", "vround", "vpabs", "vpshuf")


class Builtin:
    __slots__ = ("name", "ret", "args", "code")

    def __init__(self, name, ret, args, code):
        self.name = name
        self.ret = ret
        self.args = args
        self.code = code       # [(mnemonic, [token, ...]), ...]


def _parse(line: str) -> Builtin:
    head, _, body = line.partition("|")
    words = head.split()
    name, ret = words[0], words[1]
    args = tuple(words[2].split(",")) if len(words) > 2 else ()
    code = []
    for ins in body.split(";"):
        ins = ins.strip()
        mn, _, ops = ins.partition(" ")
        code.append((mn, [o.strip() for o in ops.split(",")] if ops.strip() else []))
    return Builtin("__builtin_ia32_" + name, ret, args, code)


TABLE: dict[str, Builtin] = {}
for _l in _LINES:
    _b = _parse(_l)
    TABLE[_b.name] = _b


# -- the front end's view --------------------------------------------------------------------
def _ctype(code: str, tt, T):
    m = _VEC.match(code)
    if m:
        en, _ = _ELEM[m.group(2)]
        elem = {"char": tt.char, "short": tt.short, "int": tt.int, "long long": tt.llong,
                "float": tt.float, "double": tt.double}[en]
        return T.VectorType(elem, int(m.group(1)))
    if code in ("p", "pc"):
        v = tt.void
        return T.PointerType(v.qualified(T.CONST) if code == "pc" and hasattr(v, "qualified")
                             else v)
    return {"i": tt.int, "u": tt.uint, "ll": tt.llong, "ull": tt.ullong, "c": tt.char,
            "uc": tt.uchar, "s": tt.short, "us": tt.ushort, "f": tt.float, "d": tt.double,
            "v": tt.void}[code]


def builtin_type(name: str, tt):
    """The prototype of target builtin ``name`` as a front-end FunctionType, or None."""
    b = TABLE.get(name)
    if b is None:
        return None
    from toolchain.cc import types as T
    return T.FunctionType(_ctype(b.ret, tt, T), [_ctype(a, tt, T) for a in b.args], False, True)


# -- instruction selection -------------------------------------------------------------------
def _vsize(code: str) -> int:
    m = _VEC.match(code)
    return int(m.group(1)) * _ELEM[m.group(2)][1] if m else 0


_SCALAR_SIZE = {"i": 4, "u": 4, "ll": 8, "ull": 8, "c": 1, "uc": 1, "s": 2, "us": 2, "p": 8,
                "pc": 8}
_LOAD = {8: "movq", 16: "movdqu", 32: "vmovdqu", 64: "vmovdqu64"}


def _vreg_op(k: int, size: int):
    return ROp(XMM[f"xmm{k}"], size)


def select(isel, ins) -> None:
    """Instructions for the IR call ``ins`` of a target builtin, in place of the call."""
    callee = ins.args[0]
    b = TABLE.get(callee.name)
    if b is None:
        raise ToolError(f"unsupported builtin function '{callee.name}'")
    args = list(ins.args[1:])
    dst = None
    if _vsize(b.ret):
        dst, args = args[0], args[1:]
    # vector arguments into %xmmK/%ymmK
    for k, (a, code) in enumerate(zip(args, b.args)):
        n = _vsize(code)
        if n:
            _emit(isel, _LOAD[n], [isel.addr(a).copy(size=n), _vreg_op(k, n)], ("u", "d"))
    res = None
    if b.ret != "v" and not _vsize(b.ret):
        res = isel.reg_for(ins)
    for mn, toks in b.code:
        ops = []
        roles = []
        for t in toks:
            bang = t.endswith("!")
            if bang:
                t = t[:-1]
            ops.append(_operand(isel, b, args, res, t))
            roles.append("d" if bang else "u")
        if ops:
            last = roles[-1]
            if last != "d" and isinstance(ops[-1], ROp) and not mn.startswith(_WRITE_ONLY):
                last = "ud"
            elif isinstance(ops[-1], ROp) and mn.startswith(_WRITE_ONLY):
                last = "d"
            elif not isinstance(ops[-1], ROp):
                last = "u"
            roles[-1] = last
        _emit(isel, mn, ops, tuple(roles))
    n = _vsize(b.ret)
    if n:
        _emit(isel, _LOAD[n], [_vreg_op(0, n), isel.addr(dst).copy(size=n)], ("u", "u"))


_FOLD = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
         "and": lambda a, b: a & b, "or": lambda a, b: a | b, "xor": lambda a, b: a ^ b,
         "shl": lambda a, b: a << b, "ashr": lambda a, b: a >> b, "lshr": lambda a, b: a >> b}


def _const(v, depth: int = 0):
    """The value of an immediate argument: a constant, or (at -O0, where the IR keeps
    ``(int)(imm) * 8``-like arithmetic) integer operations and casts of constants."""
    if isinstance(v, Const):
        return v.signed if v.type.is_int else None
    if depth > 16 or getattr(v, "op", None) is None:
        return None
    if v.op in ("trunc", "zext", "sext") and len(v.args) == 1:
        x = _const(v.args[0], depth + 1)
        if x is None:
            return None
        if v.op == "zext":
            x &= (1 << v.args[0].type.bits) - 1
        x &= (1 << v.type.bits) - 1
        return x - (1 << v.type.bits) if x >> (v.type.bits - 1) & 1 else x
    if v.op in ("not", "neg") and len(v.args) == 1:
        x = _const(v.args[0], depth + 1)
        return None if x is None else ~x if v.op == "not" else -x
    fn = _FOLD.get(v.op)
    if fn is None or len(v.args) != 2:
        return None
    a, b = _const(v.args[0], depth + 1), _const(v.args[1], depth + 1)
    if a is None or b is None:
        return None
    if v.op == "lshr":
        a &= (1 << v.type.bits) - 1
    return fn(a, b)


# registers an instruction reads or writes without naming them (the allocator must know)
_IMPLICIT = {"pcmpistri": ((), ("rcx",)), "pcmpestri": (("rax", "rdx"), ("rcx",)),
             "pcmpestrm": (("rax", "rdx"), ("xmm0",)), "pcmpistrm": ((), ("xmm0",)),
             "rdtsc": ((), ("rax", "rdx"))}


def _emit(isel, mn, ops, roles):
    iuse, idef = _IMPLICIT.get(mn, ((), ()))
    isel.mb.instrs.append(MInstr(mn, ops, roles, tuple(_PHYS[r] for r in iuse),
                                 tuple(_PHYS[r] for r in idef), ""))


def _operand(isel, b, args, res, t):
    if t[0] in "xyz" and t[1:].isdigit():
        return _vreg_op(int(t[1:]), {"x": 16, "y": 32, "z": 64}[t[0]])
    if t[0] == "$":
        shift = 0
        if ">>" in t:
            t, _, s = t.partition(">>")
            shift = int(s)
        k = int(t[1:])
        v = _const(args[k])
        if v is None:
            raise ToolError(f"the last argument of '{b.name}' must be an 8-bit immediate")
        return Imm((v >> shift) & 0xFF)
    if t[0] == "#":
        return Imm(int(t[1:]))
    if t[0] == "@":
        k, _, sz = t[1:].partition(".")
        k = int(k)
        size = int(sz) if sz else max(_SCALAR_SIZE.get(b.args[k], 4), 4)
        return ROp(isel.val(args[int(k)]), size)
    if t[0] == "m":
        return Mem(isel.val(args[int(t[1:])]), size=16)
    if t.startswith("%r"):
        sz = t[3:] if len(t) > 2 else ""
        size = int(sz) if sz else max(_SCALAR_SIZE.get(b.ret, 4), 4)
        return ROp(res, size)
    r, size = _GPR_SIZES[t]
    return ROp(r, size)
