"""The intrinsic families of arm_neon.h (read by neon_gen.py): for each, the element types it
exists for (ACLE) and its lane semantics as a C expression (A, B, C = the lanes of the first,
second, third vector argument; wide arithmetic in __int128 where the instruction saturates,
rounds, widens or narrows)."""
from __future__ import annotations

from .neon_gen import B8_32, B_ALL, INT, VT, nm, vtypes

W = "(__int128)"


def fl(t):
    """The C helper suffix of a float element type ('f' for float32, '' for float64 and
    float16: a half's lanes are computed in double and rounded once)."""
    return "f" if t.bits == 32 else ""


def emit(g):
    basic(g)
    compare(g)
    saturating(g)
    shifts(g)
    widening(g)
    narrowing(g)
    by_scalar(g)
    scalar_by_lane(g)
    pairwise(g)
    unary(g)
    floats(g)
    conversions(g)
    moves(g)
    loads_stores(g)
    permutes(g)
    tables(g)
    reinterpret(g)
    dot(g)
    bf16(g)


def basic(g):
    for t in vtypes(("s", "u", "f", "p"), B_ALL):
        tn = t.name
        if t.kind != "p":
            g.lanes(nm("add", t), t, [(t, "__a"), (t, "__b")], "A + B")
            g.lanes(nm("sub", t), t, [(t, "__a"), (t, "__b")], "A - B")
        if t.kind in INT or t.kind == "p":
            for op, e in (("and", "A & B"), ("orr", "A | B"), ("eor", "A ^ B"),
                          ("bic", "A & ~B"), ("orn", "A | ~B")):
                if t.kind == "p" and op != "eor":
                    continue
                g.lanes(nm(op, t), t, [(t, "__a"), (t, "__b")], e)
        if t.kind == "p" and t.bits in (8, 16, 64):
            g.lanes(nm("add", t), t, [(t, "__a"), (t, "__b")], "A ^ B")
        if (t.kind in INT and t.bits != 64) or t.kind == "f":
            g.lanes(nm("mul", t), t, [(t, "__a"), (t, "__b")], "A * B")
        if (t.kind in INT and t.bits != 64) or (t.kind == "f" and t.bits != 16):
            g.lanes(nm("mla", t), t, [(t, "__a"), (t, "__b"), (t, "__c")], "A + B * C")
            g.lanes(nm("mls", t), t, [(t, "__a"), (t, "__b"), (t, "__c")], "A - B * C")
        if t.kind == "f":
            g.lanes(nm("div", t), t, [(t, "__a"), (t, "__b")], "A / B")
        if t.kind in INT and t.bits != 64:
            for op, mx in (("max", 1), ("min", 0)):
                g.lanes(nm(op, t), t, [(t, "__a"), (t, "__b")],
                        f"(A > B) == {mx} ? A : B")
            g.lanes(nm("abd", t), t, [(t, "__a"), (t, "__b")], "A > B ? A - B : B - A")
            g.lanes(nm("aba", t), t, [(t, "__a"), (t, "__b"), (t, "__c")],
                    "A + (B > C ? B - C : C - B)")
            g.lanes(nm("hadd", t), t, [(t, "__a"), (t, "__b")], f"({W}A + B) >> 1")
            g.lanes(nm("rhadd", t), t, [(t, "__a"), (t, "__b")], f"({W}A + B + 1) >> 1")
            g.lanes(nm("hsub", t), t, [(t, "__a"), (t, "__b")], f"({W}A - B) >> 1")
        if t.kind == "f":
            f = fl(t)
            for op, mx in (("max", 1), ("min", 0)):
                g.lanes(nm(op, t), t, [(t, "__a"), (t, "__b")], f"__pyn_fmax{f} (A, B, {mx})")
                g.lanes(nm(op + "nm", t), t, [(t, "__a"), (t, "__b")],
                        f"__pyn_fmaxnm{f} (A, B, {mx})")
            g.lanes(nm("abd", t), t, [(t, "__a"), (t, "__b")], f"__builtin_fabs{f} (A - B)")
        # bitwise select: mask lanes are unsigned of the same width
        m = t.uns
        if t.kind == "f":
            body = (f"  {t.name} __r;\n  {m.name} __x, __y;\n"
                    f"  __builtin_memcpy (&__x, &__b, sizeof __x);\n"
                    f"  __builtin_memcpy (&__y, &__c, sizeof __y);\n"
                    f"  __x = (__a & __x) | (~__a & __y);\n"
                    f"  __builtin_memcpy (&__r, &__x, sizeof __r);\n  return __r;\n")
            g.fn(nm("bsl", t), t.name, [(m.name, "__a"), (tn, "__b"), (tn, "__c")], body)
        else:
            g.lanes(nm("bsl", t), t, [(m, "__a"), (t, "__b"), (t, "__c")],
                    f"({t.elem})((A & B) | (~A & C))")


def compare(g):
    for t in vtypes(("s", "u", "f", "p"), B_ALL):
        m = t.uns
        ops = () if t.kind == "p" and t.bits == 16 else (("eq", "=="),) if t.kind == "p" else (
            ("eq", "=="), ("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<"))
        for op, c in ops:
            g.lanes(nm("c" + op, t), m, [(t, "__a"), (t, "__b")], f"A {c} B ? ({m.elem})-1 : 0")
            if t.kind != "p" or op == "eq":
                g.lanes(nm(f"c{op}z", t), m, [(t, "__a")], f"A {c} 0 ? ({m.elem})-1 : 0")
        if t.kind != "f":
            g.lanes(nm("tst", t), m, [(t, "__a"), (t, "__b")],
                    f"(A & B) != 0 ? ({m.elem})-1 : 0")
        else:
            f = fl(t)
            for op, c in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
                g.lanes(nm("ca" + op, t), m, [(t, "__a"), (t, "__b")],
                        f"__builtin_fabs{f} (A) {c} __builtin_fabs{f} (B) ? ({m.elem})-1 : 0")


def saturating(g):
    for t in vtypes(INT, B_ALL):
        s = f"__pyn_sat (%s, {t.lo}, {t.hi})"
        g.lanes(nm("qadd", t), t, [(t, "__a"), (t, "__b")], s % f"{W}A + B")
        g.lanes(nm("qsub", t), t, [(t, "__a"), (t, "__b")], s % f"{W}A - B")
        if t.kind == "s":
            g.lanes(nm("qabs", t), t, [(t, "__a")], s % f"A < 0 ? -{W}A : {W}A")
            g.lanes(nm("qneg", t), t, [(t, "__a")], s % f"-{W}A")
            g.lanes(nm("abs", t), t, [(t, "__a")], f"({t.elem})(A < 0 ? -({t.uns.elem})A : A)")
            g.lanes(nm("neg", t), t, [(t, "__a")], f"({t.elem})-({t.uns.elem})A")
            if t.bits != 64:
                for op, sub in (("qdmulh", ""), ("qrdmulh", f" + ((__int128)1 << {t.bits - 1})")):
                    g.lanes(nm(op, t), t, [(t, "__a"), (t, "__b")],
                            s % f"(2 * {W}A * B{sub}) >> {t.bits}")
                for op, sg in (("qrdmlah", "+"), ("qrdmlsh", "-")):
                    g.lanes(nm(op, t), t, [(t, "__a"), (t, "__b"), (t, "__c")],
                            s % f"(({W}A << {t.bits}) {sg} 2 * {W}B * C"
                                f" + ((__int128)1 << {t.bits - 1})) >> {t.bits}")
            # unsigned saturating add of a signed value (USQADD) / signed of unsigned (SUQADD)
            u = t.uns
            g.lanes(nm("uqadd", t), t, [(t, "__a"), (u, "__b")], s % f"{W}A + B")
            g.lanes(nm("sqadd", u), u, [(u, "__a"), (t, "__b")],
                    f"__pyn_sat ({W}A + B, 0, {u.hi})")
    for t in vtypes(("f",), (16, 32, 64)):
        g.lanes(nm("abs", t), t, [(t, "__a")], f"__builtin_fabs{fl(t)} (A)")
        g.lanes(nm("neg", t), t, [(t, "__a")], "-A")


def shifts(g):
    for t in vtypes(INT, B_ALL):
        s = t.sgn
        lim = f"{t.lo}, {t.hi}"
        sh = f"(signed char)B"
        g.lanes(nm("shl", t), t, [(t, "__a"), (s, "__b")],
                f"({t.elem})__pyn_shl (A, {sh}, {t.bits}, 0)")
        g.lanes(nm("rshl", t), t, [(t, "__a"), (s, "__b")],
                f"({t.elem})__pyn_shl (A, {sh}, {t.bits}, 1)")
        g.lanes(nm("qshl", t), t, [(t, "__a"), (s, "__b")],
                f"__pyn_sat (__pyn_shl (A, {sh}, {t.bits}, 0), {lim})")
        g.lanes(nm("qrshl", t), t, [(t, "__a"), (s, "__b")],
                f"__pyn_sat (__pyn_shl (A, {sh}, {t.bits}, 1), {lim})")
        n = [(t, "__a"), ("const int", "__n")]
        g.lanes(nm("shl_n", t), t, n, f"({t.elem})({W}A << __n)")
        g.lanes(nm("qshl_n", t), t, n, f"__pyn_sat (__pyn_shl (A, __n, {t.bits}, 0), {lim})")
        g.lanes(nm("shr_n", t), t, n, f"({t.elem})__pyn_shl (A, -__n, {t.bits}, 0)")
        g.lanes(nm("rshr_n", t), t, n, f"({t.elem})__pyn_shl (A, -__n, {t.bits}, 1)")
        n3 = [(t, "__a"), (t, "__b"), ("const int", "__n")]
        g.lanes(nm("sra_n", t), t, n3, f"({t.elem})(A + __pyn_shl (B, -__n, {t.bits}, 0))")
        g.lanes(nm("rsra_n", t), t, n3, f"({t.elem})(A + __pyn_shl (B, -__n, {t.bits}, 1))")
        u = t.uns
        mask = f"((({u.elem})-1 >> 1 << 1 | 1))"
        g.lanes(nm("sli_n", t), t, n3,
                f"({t.elem})((({u.elem})B << __n) | (({u.elem})A & ((({u.elem})1 << __n) - 1)))"
                if t.bits != 64 else
                f"({t.elem})((({u.elem})B << __n) | (__n ? (({u.elem})A & ((({u.elem})1 << __n) - 1)) : 0))")
        g.lanes(nm("sri_n", t), t, n3,
                f"({t.elem})(__n == {t.bits} ? ({u.elem})A : ((({u.elem})B >> __n) | "
                f"(({u.elem})A & ~({mask} >> __n))))")
        if t.kind == "u" and t.bits in (8, 16, 64):
            p_ = t.with_(kind="p")
            n3p = [(p_, "__a"), (p_, "__b"), ("const int", "__n")]
            for op in ("sli_n", "sri_n"):
                g.fn(nm(op, p_), p_, n3p, f"  return ({p_.name}){nm(op, t)} (({t.name})__a, "
                                          f"({t.name})__b, __n);\n")
        if t.kind == "s":
            g.lanes(nm("qshlu_n", t), u, n,
                    f"__pyn_sat (__pyn_shl (A, __n, {t.bits}, 0), 0, {u.hi})")


def widening(g):
    for t in vtypes(INT, B8_32, q=(False,)):
        w = t.wide
        h = t.full
        for op, e in (("addl", f"({w.elem})A + B"), ("subl", f"({w.elem})A - B"),
                      ("mull", f"({w.elem})A * B"),
                      ("abdl", f"(A > B ? ({w.elem})A - B : ({w.elem})B - A)")):
            g.lanes(f"v{op}_{t.suf}", w, [(t, "__a"), (t, "__b")], e)
            g.lanes(f"v{op}_high_{t.suf}", w, [(h, "__a"), (h, "__b")],
                    e.replace("A", f"__a[__i + {t.lanes}]").replace("B", f"__b[__i + {t.lanes}]"))
        for op, e in (("addw", "A + B"), ("subw", "A - B")):
            g.lanes(f"v{op}_{t.suf}", w, [(w, "__a"), (t, "__b")], e)
            g.lanes(f"v{op}_high_{t.suf}", w, [(w, "__a"), (h, "__b")],
                    e.replace("B", f"__b[__i + {t.lanes}]"))
        for op, e in (("mlal", f"A + ({w.elem})B * C"), ("mlsl", f"A - ({w.elem})B * C"),
                      ("abal", f"A + (B > C ? ({w.elem})B - C : ({w.elem})C - B)")):
            g.lanes(f"v{op}_{t.suf}", w, [(w, "__a"), (t, "__b"), (t, "__c")], e)
            g.lanes(f"v{op}_high_{t.suf}", w, [(w, "__a"), (h, "__b"), (h, "__c")],
                    e.replace("B", f"__b[__i + {t.lanes}]").replace("C", f"__c[__i + {t.lanes}]"))
        g.lanes(f"vmovl_{t.suf}", w, [(t, "__a")], "A")
        g.lanes(f"vmovl_high_{t.suf}", w, [(h, "__a")], f"__a[__i + {t.lanes}]")
        g.lanes(f"vshll_n_{t.suf}", w, [(t, "__a"), ("const int", "__n")],
                f"({w.elem})(({w.elem})A << __n)")
        g.lanes(f"vshll_high_n_{t.suf}", w, [(h, "__a"), ("const int", "__n")],
                f"({w.elem})(({w.elem})__a[__i + {t.lanes}] << __n)")
        if t.kind == "s" and t.bits in (16, 32):
            ws = f"__pyn_sat (%s, {w.lo}, {w.hi})"
            p = f"2 * {W}B * C"
            g.lanes(f"vqdmull_{t.suf}", w, [(t, "__b"), (t, "__c")], ws % p)
            g.lanes(f"vqdmull_high_{t.suf}", w, [(h, "__b"), (h, "__c")],
                    ws % f"2 * {W}__b[__i + {t.lanes}] * __c[__i + {t.lanes}]")
            for op, sg in (("qdmlal", "+"), ("qdmlsl", "-")):
                g.lanes(f"v{op}_{t.suf}", w, [(w, "__a"), (t, "__b"), (t, "__c")],
                        ws % f"A {sg} {ws % p}")
                g.lanes(f"v{op}_high_{t.suf}", w, [(w, "__a"), (h, "__b"), (h, "__c")],
                        ws % (f"A {sg} " + ws % f"2 * {W}__b[__i + {t.lanes}] * __c[__i + {t.lanes}]"))
    # polynomial multiplies
    g.lanes("vmul_p8", VT("p", 8, 8), [(VT("p", 8, 8), "__a"), (VT("p", 8, 8), "__b")],
            "(poly8_t)__pyn_pmul (A, B)")
    g.lanes("vmulq_p8", VT("p", 8, 16), [(VT("p", 8, 16), "__a"), (VT("p", 8, 16), "__b")],
            "(poly8_t)__pyn_pmul (A, B)")
    g.lanes("vmull_p8", VT("p", 16, 8), [(VT("p", 8, 8), "__a"), (VT("p", 8, 8), "__b")],
            "(poly16_t)__pyn_pmul (A, B)")
    g.lanes("vmull_high_p8", VT("p", 16, 8), [(VT("p", 8, 16), "__a"), (VT("p", 8, 16), "__b")],
            "(poly16_t)__pyn_pmul (__a[__i + 8], __b[__i + 8])")
    g.fn("vmull_p64", "poly128_t", [("poly64_t", "__a"), ("poly64_t", "__b")],
         "  return __pyn_pmul (__a, __b);\n")
    g.fn("vmull_high_p64", "poly128_t", [("poly64x2_t", "__a"), ("poly64x2_t", "__b")],
         "  return __pyn_pmul (__a[1], __b[1]);\n")


def narrowing(g):
    for w in vtypes(INT, (16, 32, 64), q=(True,)):
        t = w.narrow
        hb = t.bits
        h = t.full
        r = f"(__int128)1 << {hb - 1}"
        ops = [("addhn", f"({t.elem})((({W}A + B)) >> {hb})", [(w, "__a"), (w, "__b")]),
               ("raddhn", f"({t.elem})((({W}A + B + ({r}))) >> {hb})", [(w, "__a"), (w, "__b")]),
               ("subhn", f"({t.elem})((({W}A - B)) >> {hb})", [(w, "__a"), (w, "__b")]),
               ("rsubhn", f"({t.elem})((({W}A - B + ({r}))) >> {hb})", [(w, "__a"), (w, "__b")]),
               ("movn", f"({t.elem})A", [(w, "__a")]),
               ("qmovn", f"__pyn_sat (A, {t.lo}, {t.hi})", [(w, "__a")]),
               ("shrn_n", f"({t.elem})__pyn_shl (A, -__n, {w.bits}, 0)",
                [(w, "__a"), ("const int", "__n")]),
               ("rshrn_n", f"({t.elem})__pyn_shl (A, -__n, {w.bits}, 1)",
                [(w, "__a"), ("const int", "__n")]),
               ("qshrn_n", f"__pyn_sat (__pyn_shl (A, -__n, {w.bits}, 0), {t.lo}, {t.hi})",
                [(w, "__a"), ("const int", "__n")]),
               ("qrshrn_n", f"__pyn_sat (__pyn_shl (A, -__n, {w.bits}, 1), {t.lo}, {t.hi})",
                [(w, "__a"), ("const int", "__n")])]
        if w.kind == "s":
            u = t.uns
            ops += [("qmovun", f"__pyn_sat (A, 0, {u.hi})", [(w, "__a")]),
                    ("qshrun_n", f"__pyn_sat (__pyn_shl (A, -__n, {w.bits}, 0), 0, {u.hi})",
                     [(w, "__a"), ("const int", "__n")]),
                    ("qrshrun_n", f"__pyn_sat (__pyn_shl (A, -__n, {w.bits}, 1), 0, {u.hi})",
                     [(w, "__a"), ("const int", "__n")])]
        for op, e, ps in ops:
            rt = t.uns if op in ("qmovun", "qshrun_n", "qrshrun_n") else t
            g.lanes(f"v{op}_{w.suf}", rt, ps, e)
            hi = op.replace("_n", "") + "_high" + ("_n" if op.endswith("_n") else "")
            rh = rt.full
            call = f"v{op}_{w.suf} ({', '.join(p for _, p in ps)})"
            body = (f"  {rh.name} __r;\n  {rt.name} __h = {call};\n"
                    f"  for (int __i = 0; __i < {rt.lanes}; __i++)\n"
                    f"    {{ __r[__i] = __l[__i]; __r[__i + {rt.lanes}] = __h[__i]; }}\n"
                    f"  return __r;\n")
            g.fn(f"v{hi}_{w.suf}", rh.name, [(rt.name, "__l")] +
                 [(x.name if isinstance(x, VT) else x, p) for x, p in ps], body)


def by_scalar(g):
    """_n (scalar), _lane (lane of a 64-bit vector) and _laneq (of a 128-bit one) forms."""
    for t in vtypes(("s", "u", "f"), (16, 32, 64)):
        for src, suffix, arg in (("n", "_n", [(t.elem, "__s")]),
                                 ("lane", "_lane", [(t.with_(lanes=64 // t.bits), "__v"),
                                                     ("const int", "__l")]),
                                 ("laneq", "_laneq", [(t.with_(lanes=128 // t.bits), "__v"),
                                                      ("const int", "__l")])):
            s = "__s" if src == "n" else "__v[__l]"
            if t.bits == 64 and t.kind != "f":
                continue
            ops = [("mul", "A * S", [(t, "__a")])]
            if t.kind == "f":
                f = fl(t)
                ops += [("fma", f"__builtin_fma{f} (B, S, A)", [(t, "__a"), (t, "__b")]),
                        ("fms", f"__builtin_fma{f} (-B, S, A)", [(t, "__a"), (t, "__b")]),
                        ("mulx", f"__pyn_mulx{f} (A, S)", [(t, "__a")])]
                if t.bits == 32:
                    ops += [("mla", "A + B * S", [(t, "__a"), (t, "__b")]),
                            ("mls", "A - B * S", [(t, "__a"), (t, "__b")])]
            else:
                ops += [("mla", "A + B * S", [(t, "__a"), (t, "__b")]),
                        ("mls", "A - B * S", [(t, "__a"), (t, "__b")])]
                if t.kind == "s":
                    sat = f"__pyn_sat (%s, {t.lo}, {t.hi})"
                    ops += [("qdmulh", sat % f"(2 * {W}A * S) >> {t.bits}", [(t, "__a")]),
                            ("qrdmulh", sat % f"(2 * {W}A * S + ((__int128)1 << {t.bits - 1}))"
                                              f" >> {t.bits}", [(t, "__a")])]
                    if src != "n":
                        for op, sg in (("qrdmlah", "+"), ("qrdmlsh", "-")):
                            ops.append((op, sat % f"(({W}A << {t.bits}) {sg} 2 * {W}B * S"
                                                  f" + ((__int128)1 << {t.bits - 1})) >> {t.bits}",
                                        [(t, "__a"), (t, "__b")]))
            for op, e, ps in ops:
                g.lanes(f"v{op}{t.q}{suffix}_{t.suf}", t, ps + arg, e.replace("S", s))
        if t.kind == "f":
            continue
        if t.bits == 64:
            continue
        # widening by scalar/lane
        if t.lanes * t.bits == 64:
            w = t.wide
            h = t.full
            for src, suffix, arg in (("n", "_n", [(t.elem, "__s")]),
                                     ("lane", "_lane", [(t, "__v"), ("const int", "__l")]),
                                     ("laneq", "_laneq", [(h, "__v"), ("const int", "__l")])):
                s = "__s" if src == "n" else "__v[__l]"
                ops = [("mull", f"({w.elem})A * S", [(t, "__a")]),
                       ("mlal", f"A + ({w.elem})B * S", [(w, "__a"), (t, "__b")]),
                       ("mlsl", f"A - ({w.elem})B * S", [(w, "__a"), (t, "__b")])]
                if t.kind == "s":
                    ws = f"__pyn_sat (%s, {w.lo}, {w.hi})"
                    ops += [("qdmull", ws % f"2 * {W}A * S", [(t, "__a")]),
                            ("qdmlal", ws % ("A + " + ws % f"2 * {W}B * S"), [(w, "__a"), (t, "__b")]),
                            ("qdmlsl", ws % ("A - " + ws % f"2 * {W}B * S"), [(w, "__a"), (t, "__b")])]
                for op, e, ps in ops:
                    g.lanes(f"v{op}{suffix}_{t.suf}", w, ps + arg, e.replace("S", s))
                    # high halves of a 128-bit operand
                    ps2 = [(h if p[0] is t else p[0], p[1]) for p in ps]
                    last = ps[-1][1]
                    e2 = e.replace("S", s).replace("A" if last == "__a" else "B",
                                                   f"{last}[__i + {t.lanes}]")
                    g.lanes(f"v{op}_high{suffix}_{t.suf}", w, ps2 + arg, e2)


def scalar_by_lane(g):
    """vfmah_lane_f16, vmuls_laneq_f32, vmulxd_lane_f64...: scalar forms on one lane."""
    for b, c in ((16, "h"), (32, "s"), (64, "d")):
        for lanes in (64 // b, 128 // b):
            v = VT("f", b, lanes)
            ln = "laneq" if v.q else "lane"
            f = fl(v)
            e, vn = v.elem, v.name
            one = [(e, "__a"), (vn, "__v"), ("const int", "__l")]
            two = [(e, "__a"), (e, "__b"), (vn, "__v"), ("const int", "__l")]
            g.fn(f"vmul{c}_{ln}_{v.suf}", e, one, "  return __a * __v[__l];\n")
            g.fn(f"vmulx{c}_{ln}_{v.suf}", e, one, f"  return __pyn_mulx{f} (__a, __v[__l]);\n")
            g.fn(f"vfma{c}_{ln}_{v.suf}", e, two,
                 f"  return __builtin_fma{f} (__b, __v[__l], __a);\n")
            g.fn(f"vfms{c}_{ln}_{v.suf}", e, two,
                 f"  return __builtin_fma{f} (-__b, __v[__l], __a);\n")
    for b, c in ((32, "s"), (64, "d")):
        t = VT("f", b, 0)
        f = fl(t)
        g.fn(f"vmulx{c}_{t.suf}", t.elem, [(t.elem, "__a"), (t.elem, "__b")],
             f"  return __pyn_mulx{f} (__a, __b);\n")


def pairwise(g):
    for t in vtypes(("s", "u", "f"), B_ALL):
        n = t.lanes
        pr = f"(__i < {n // 2} ? __a[2 * __i] %s __a[2 * __i + 1] : __b[2 * __i - {n}] %s __b[2 * __i - {n} + 1])"
        if not (t.kind != "f" and t.bits == 64 and not t.q):
            g.lanes(nm("padd", t), t, [(t, "__a"), (t, "__b")], pr % ("+", "+"))
        if t.bits == 64 and t.kind != "f":
            continue
        if t.kind == "f":
            f = fl(t)
            for op, mx in (("pmax", 1), ("pmin", 0)):
                e = (f"(__i < {n // 2} ? __pyn_fmax{f} (__a[2 * __i], __a[2 * __i + 1], {mx}) : "
                     f"__pyn_fmax{f} (__b[2 * __i - {n}], __b[2 * __i - {n} + 1], {mx}))")
                g.lanes(nm(op, t), t, [(t, "__a"), (t, "__b")], e)
                g.lanes(nm(op + "nm", t), t, [(t, "__a"), (t, "__b")],
                        e.replace("__pyn_fmax", "__pyn_fmaxnm"))
            continue
        for op, c in (("pmax", ">"), ("pmin", "<")):
            e = (f"(__i < {n // 2} ? (__a[2 * __i] {c} __a[2 * __i + 1] ? __a[2 * __i] : __a[2 * __i + 1]) : "
                 f"(__b[2 * __i - {n}] {c} __b[2 * __i - {n} + 1] ? __b[2 * __i - {n}] : __b[2 * __i - {n} + 1]))")
            g.lanes(nm(op, t), t, [(t, "__a"), (t, "__b")], e)
        w = t.with_(bits=t.bits * 2, lanes=t.lanes // 2)
        g.lanes(nm("paddl", t), w, [(t, "__a")], f"({w.elem})__a[2 * __i] + __a[2 * __i + 1]")
        g.lanes(nm("padal", t), w, [(w, "__a"), (t, "__b")],
                f"A + ({w.elem})__b[2 * __i] + __b[2 * __i + 1]")
    for t in vtypes(("s", "u", "f"), B_ALL):
        # across-lane reductions
        n = t.lanes
        e = t.elem
        for op, init, step in (("addv", "0", "__r += __a[__i]"),
                               ("maxv", "__a[0]", "__r = __a[__i] > __r ? __a[__i] : __r"),
                               ("minv", "__a[0]", "__r = __a[__i] < __r ? __a[__i] : __r"),
                               ("maxnmv", "__a[0]", ""), ("minnmv", "__a[0]", "")):
            if t.kind == "f":
                if op == "addv":
                    # FADDP pairs neighbours: (a0 + a1) + (a2 + a3)
                    if t.bits != 16 and (t.bits != 64 or t.q):
                        sm = ("__a[0] + __a[1]" if n == 2 else
                              "(__a[0] + __a[1]) + (__a[2] + __a[3])")
                        g.fn(nm(op, t), t.elem, [(t.name, "__a")], f"  return {sm};\n")
                    continue
                else:
                    mx = int(op.startswith("max"))
                    f = "nm" if "nm" in op else ""
                    step = f"__r = __pyn_fmax{f}{fl(t)} (__r, __a[__i], {mx})"
            elif "nm" in op:
                continue
            if t.bits == 64 and not t.q:
                continue
            if t.bits == 64 and op != "addv" and t.kind != "f":
                continue
            g.fn(nm(op, t), e, [(t.name, "__a")],
                 f"  {e} __r = {init};\n  for (int __i = {0 if init == '0' else 1}; __i < {n}; __i++)\n"
                 f"    {step};\n  return __r;\n")


def unary(g):
    for t in vtypes(("s", "u", "p"), B_ALL):
        if t.bits != 64 and t.kind != "p":
            g.lanes(nm("clz", t), t, [(t, "__a")], f"__pyn_clz (({t.uns.elem})A, {t.bits})")
            if t.kind == "s":
                g.lanes(nm("cls", t), t, [(t, "__a")], f"__pyn_cls (A, {t.bits})")
        if t.bits == 8:
            g.lanes(nm("cnt", t), t, [(t, "__a")], f"__pyn_cnt (({t.uns.elem})A)")
        if t.bits == 8 or (t.kind != "p" and t.bits != 64):
            g.lanes(nm("mvn", t), t, [(t, "__a")], "~A")
        if t.bits == 8:
            g.lanes(nm("rbit", t), t, [(t, "__a")], "__pyn_rbit8 (A)")
    for t in vtypes(("s", "u", "p", "f"), B_ALL):
        for chunk in (16, 32, 64):
            if t.bits >= chunk:
                continue
            k = chunk // t.bits
            g.lanes(nm(f"rev{chunk}", t), t, [(t, "__a")],
                    f"__a[(__i / {k}) * {k} + {k - 1} - __i % {k}]")


def floats(g):
    for t in vtypes(("f",), (16, 32, 64)):
        f = fl(t)
        e = "h" if t.bits == 16 else f         # the estimate helpers exist per format
        u = t.uns
        g.lanes(nm("fma", t), t, [(t, "__a"), (t, "__b"), (t, "__c")], f"__builtin_fma{f} (B, C, A)")
        g.lanes(nm("fms", t), t, [(t, "__a"), (t, "__b"), (t, "__c")], f"__builtin_fma{f} (-B, C, A)")
        g.lanes(nm("sqrt", t), t, [(t, "__a")], f"__builtin_sqrt{f} (A)")
        g.lanes(nm("mulx", t), t, [(t, "__a"), (t, "__b")], f"__pyn_mulx{f} (A, B)")
        for op, mode in (("rnd", 0), ("rndm", 1), ("rndp", 2), ("rnda", 3), ("rndn", 4),
                         ("rndx", 4), ("rndi", 4)):
            g.lanes(nm(op, t), t, [(t, "__a")], f"__pyn_rnd{f} (A, {mode})")
        g.lanes(nm("recpe", t), t, [(t, "__a")], f"__pyn_frecpe{e} (A)")
        g.lanes(nm("rsqrte", t), t, [(t, "__a")], f"__pyn_frsqrte{e} (A)")
        g.lanes(nm("recps", t), t, [(t, "__a"), (t, "__b")], f"__pyn_frecps{f} (A, B, 2)")
        g.lanes(nm("rsqrts", t), t, [(t, "__a"), (t, "__b")], f"__pyn_frecps{f} (A, B, 3)")
        _ = u
    for t in vtypes(("u",), (32,)):
        g.lanes(nm("recpe", t), t, [(t, "__a")], "__pyn_urecpe (A)")
        g.lanes(nm("rsqrte", t), t, [(t, "__a")], "__pyn_ursqrte (A)")


def conversions(g):
    for t in vtypes(("f",), (16, 32, 64)):
        for k in ("s", "u"):
            i = t.with_(kind=k)
            g.lanes(nm("cvt", t, f"{t.suf}_{i.suf}"), t, [(i, "__a")], f"({t.elem})A")
            # a 16/32-bit integer scaled exactly in double, then rounded once
            sc = f"({t.elem})A / ({t.elem})((__int128)1 << __n)" if t.bits == 64 else \
                f"({t.elem})((double)A / (double)((__int128)1 << __n))"
            g.lanes(nm("cvt_n", t, f"{t.suf}_{i.suf}"), t, [(i, "__a"), ("const int", "__n")], sc)
            for op, mode in (("cvt", 0), ("cvtm", 1), ("cvtp", 2), ("cvta", 3), ("cvtn", 4)):
                g.lanes(nm(op, t, f"{i.suf}_{t.suf}"), i, [(t, "__a")],
                        f"__pyn_cvt (A, {mode}, {i.lo}, {i.hi})")
            g.lanes(nm("cvt_n", t, f"{i.suf}_{t.suf}"), i, [(t, "__a"), ("const int", "__n")],
                    f"__pyn_cvt ((double)A * (double)((__int128)1 << __n), 0, {i.lo}, {i.hi})")
    g.fn("vcvtxd_f32_f64", "float32_t", [("float64_t", "__a")], "  return __pyn_cvtx (__a);\n")
    h4, s4 = VT("f", 16, 4), VT("f", 32, 4)
    g.lanes("vcvt_f32_f16", s4, [(h4, "__a")], "A")
    g.lanes("vcvt_high_f32_f16", s4, [(h4.full, "__a")], "__a[__i + 4]")
    g.lanes("vcvt_f16_f32", h4, [(s4, "__a")], "(float16_t)A")
    g.lanes("vcvt_high_f16_f32", h4.full, [(h4, "__a"), (s4, "__b")],
            "__i < 4 ? __a[__i] : (float16_t)__b[__i - 4]")
    f32, f64 = VT("f", 32, 2), VT("f", 64, 2)
    g.lanes("vcvt_f64_f32", f64, [(f32, "__a")], "A")
    g.lanes("vcvt_high_f64_f32", f64, [(f32.full, "__a")], "__a[__i + 2]")
    g.lanes("vcvt_f32_f64", f32, [(f64, "__a")], "(float)A")
    g.lanes("vcvtx_f32_f64", f32, [(f64, "__a")], "__pyn_cvtx (A)")
    for nmx, e in (("vcvt_high_f32_f64", "(float)__b[__i - 2]"),
                   ("vcvtx_high_f32_f64", "__pyn_cvtx (__b[__i - 2])")):
        g.lanes(nmx, f32.full, [(f32, "__a"), (f64, "__b")], f"__i < 2 ? __a[__i] : {e}")


def moves(g):
    for t in vtypes(("s", "u", "f", "p"), B_ALL):
        n = t.lanes
        d, q = t.with_(lanes=64 // t.bits), t.with_(lanes=128 // t.bits)
        body = f"  {t.name} __r;\n  for (int __i = 0; __i < {n}; __i++)\n    __r[__i] = __s;\n  return __r;\n"
        g.fn(nm("dup_n", t), t.name, [(t.elem, "__s")], body)
        g.fn(nm("mov_n", t), t.name, [(t.elem, "__s")], body)
        g.lanes(nm("dup_lane", t), t, [(d, "__a"), ("const int", "__l")], "__a[__l]")
        g.lanes(nm("dup_laneq", t), t, [(q, "__a"), ("const int", "__l")], "__a[__l]")
        g.fn(nm("get_lane", t), t.elem, [(t.name, "__a"), ("const int", "__l")],
             "  return __a[__l];\n")
        g.fn(nm("set_lane", t), t.name, [(t.elem, "__s"), (t.name, "__a"), ("const int", "__l")],
             "  __a[__l] = __s;\n  return __a;\n")
        for dst in (d, q):
            for src, sn in ((d, "lane"), (q, "laneq")):
                if dst.lanes != n:
                    continue
                g.fn(f"vcopy{t.q}_{sn}_{t.suf}", t.name,
                     [(t.name, "__a"), ("const int", "__l1"), (src.name, "__b"), ("const int", "__l2")],
                     "  __a[__l1] = __b[__l2];\n  return __a;\n")
        if not t.q:
            g.lanes(f"vcombine_{t.suf}", q, [(t, "__a"), (t, "__b")],
                    f"__i < {n} ? __a[__i] : __b[__i - {n}]")
            g.lanes(f"vget_low_{t.suf}", t, [(q, "__a")], "A")
            g.lanes(f"vget_high_{t.suf}", t, [(q, "__a")], f"__a[__i + {n}]")
            g.fn(f"vcreate_{t.suf}", t.name, [("uint64_t", "__a")],
                 f"  {t.name} __r;\n  __builtin_memcpy (&__r, &__a, 8);\n  return __r;\n")
            # scalar lane reads named by the element (vdupb_lane_s8 ...)
        g.lanes(nm("ext", t), t, [(t, "__a"), (t, "__b"), ("const int", "__n")],
                f"__i + __n < {n} ? __a[__i + __n] : __b[__i + __n - {n}]")
    for b, c in ((8, "b"), (16, "h"), (32, "s"), (64, "d")):
        for t in vtypes(("s", "u", "f", "p"), (b,)):
            g.fn(f"vdup{c}_lane{'q' if t.q else ''}_{t.suf}", t.elem,
                 [(t.name, "__a"), ("const int", "__l")], "  return __a[__l];\n")


def loads_stores(g):
    for t in vtypes(("s", "u", "f", "p"), B_ALL):
        n, e, tn = t.lanes, t.elem, t.name
        g.fn(nm("ld1", t), tn, [(f"const {e} *", "__p")],
             f"  {tn} __r;\n  __builtin_memcpy (&__r, __p, sizeof __r);\n  return __r;\n")
        g.fn(nm("st1", t), "void", [(f"{e} *", "__p"), (tn, "__v")],
             "  __builtin_memcpy (__p, &__v, sizeof __v);\n")
        g.lanes(nm("ld1_dup", t), t, [(f"const {e} *", "__p")], "*__p")
        g.fn(nm("ld1_lane", t), tn, [(f"const {e} *", "__p"), (tn, "__v"), ("const int", "__l")],
             "  __v[__l] = *__p;\n  return __v;\n")
        g.fn(nm("st1_lane", t), "void", [(f"{e} *", "__p"), (tn, "__v"), ("const int", "__l")],
             "  *__p = __v[__l];\n")
        for k in (2, 3, 4):
            xt = tn[:-2] + f"x{k}_t"
            g.fn(nm(f"ld1", t, f"{t.suf}_x{k}"), xt, [(f"const {e} *", "__p")],
                 f"  {xt} __r;\n  __builtin_memcpy (&__r, __p, sizeof __r);\n  return __r;\n")
            g.fn(nm(f"st1", t, f"{t.suf}_x{k}"), "void", [(f"{e} *", "__p"), (xt, "__v")],
                 "  __builtin_memcpy (__p, &__v, sizeof __v);\n")
            g.fn(nm(f"ld{k}", t), xt, [(f"const {e} *", "__p")],
                 f"  {xt} __r;\n  for (int __i = 0; __i < {n}; __i++)\n"
                 f"    for (int __j = 0; __j < {k}; __j++)\n"
                 f"      __r.val[__j][__i] = __p[__i * {k} + __j];\n  return __r;\n")
            g.fn(nm(f"ld{k}_dup", t), xt, [(f"const {e} *", "__p")],
                 f"  {xt} __r;\n  for (int __i = 0; __i < {n}; __i++)\n"
                 f"    for (int __j = 0; __j < {k}; __j++)\n"
                 f"      __r.val[__j][__i] = __p[__j];\n  return __r;\n")
            g.fn(nm(f"ld{k}_lane", t), xt, [(f"const {e} *", "__p"), (xt, "__v"),
                                            ("const int", "__l")],
                 f"  for (int __j = 0; __j < {k}; __j++)\n"
                 f"    __v.val[__j][__l] = __p[__j];\n  return __v;\n")
            g.fn(nm(f"st{k}", t), "void", [(f"{e} *", "__p"), (xt, "__v")],
                 f"  for (int __i = 0; __i < {n}; __i++)\n"
                 f"    for (int __j = 0; __j < {k}; __j++)\n"
                 f"      __p[__i * {k} + __j] = __v.val[__j][__i];\n")
            g.fn(nm(f"st{k}_lane", t), "void", [(f"{e} *", "__p"), (xt, "__v"),
                                                ("const int", "__l")],
                 f"  for (int __j = 0; __j < {k}; __j++)\n"
                 f"    __p[__j] = __v.val[__j][__l];\n")


def permutes(g):
    for t in vtypes(("s", "u", "f", "p"), B_ALL):
        n = t.lanes
        h = n // 2
        ops = {"zip1": f"__i % 2 ? __b[__i / 2] : __a[__i / 2]",
               "zip2": f"__i % 2 ? __b[{h} + __i / 2] : __a[{h} + __i / 2]",
               "uzp1": f"__i < {h} ? __a[2 * __i] : __b[2 * (__i - {h})]",
               "uzp2": f"__i < {h} ? __a[2 * __i + 1] : __b[2 * (__i - {h}) + 1]",
               "trn1": f"__i % 2 ? __b[__i - 1] : __a[__i]",
               "trn2": f"__i % 2 ? __b[__i] : __a[__i + 1]"}
        for op, e in ops.items():
            g.lanes(nm(op, t), t, [(t, "__a"), (t, "__b")], e)
        if t.bits == 64:
            continue
        xt = t.name[:-2] + "x2_t"
        for op in ("zip", "uzp", "trn"):
            g.fn(nm(op, t), xt, [(t.name, "__a"), (t.name, "__b")],
                 f"  {xt} __r;\n  __r.val[0] = {nm(op + '1', t)} (__a, __b);\n"
                 f"  __r.val[1] = {nm(op + '2', t)} (__a, __b);\n  return __r;\n")


def tables(g):
    for k_ in ("s", "u", "p"):
        t8 = VT(k_, 8, 8)
        t16 = VT(k_, 8, 16)
        ix8 = VT("u", 8, 8) if k_ != "s" else VT("s", 8, 8)
        u8, u16 = VT("u", 8, 8), VT("u", 8, 16)
        for k in (1, 2, 3, 4):
            # vtbl: k 64-bit registers, index type = element type
            tab = "__t" if k == 1 else "__t.val"
            src = (t8.name if k == 1 else t8.name[:-2] + f"x{k}_t")
            get = "((const uint8_t *)&__t)" if k == 1 else "((const uint8_t *)__t.val)"
            g.fn(f"vtbl{k}_{t8.suf}", t8.name, [(src, "__t"), (ix8.name, "__x")],
                 f"  {t8.name} __r;\n  for (int __i = 0; __i < 8; __i++)\n"
                 f"    __r[__i] = (uint8_t)__x[__i] < {8 * k} ? {get}[(uint8_t)__x[__i]] : 0;\n"
                 f"  return __r;\n")
            g.fn(f"vtbx{k}_{t8.suf}", t8.name, [(t8.name, "__r"), (src, "__t"), (ix8.name, "__x")],
                 f"  for (int __i = 0; __i < 8; __i++)\n"
                 f"    if ((uint8_t)__x[__i] < {8 * k})\n"
                 f"      __r[__i] = {get}[(uint8_t)__x[__i]];\n  return __r;\n")
            _ = tab
            qsrc = t16.name if k == 1 else t16.name[:-2] + f"x{k}_t"
            for r, ix in ((t8, u8), (t16, u16)):
                q = "q" if r is t16 else ""
                g.fn(f"vqtbl{k}{q}_{t8.suf}", r.name, [(qsrc, "__t"), (ix.name, "__x")],
                     f"  {r.name} __r;\n  for (int __i = 0; __i < {r.lanes}; __i++)\n"
                     f"    __r[__i] = __x[__i] < {16 * k} ? {get}[__x[__i]] : 0;\n  return __r;\n")
                g.fn(f"vqtbx{k}{q}_{t8.suf}", r.name, [(r.name, "__r"), (qsrc, "__t"), (ix.name, "__x")],
                     f"  for (int __i = 0; __i < {r.lanes}; __i++)\n"
                     f"    if (__x[__i] < {16 * k})\n"
                     f"      __r[__i] = {get}[__x[__i]];\n  return __r;\n")


def reinterpret(g):
    for q in (False, True):
        ts = vtypes(("s", "u", "f", "p"), B_ALL, q=(q,))
        for a in ts:
            for b in ts:
                if a.suf == b.suf:
                    continue
                g.fn(f"vreinterpret{a.q}_{a.suf}_{b.suf}", a.name, [(b.name, "__a")],
                     f"  {a.name} __r;\n  __builtin_memcpy (&__r, &__a, sizeof __r);\n  return __r;\n")
            if q:
                g.fn(f"vreinterpretq_{a.suf}_p128", a.name, [("poly128_t", "__a")],
                     f"  {a.name} __r;\n  __builtin_memcpy (&__r, &__a, sizeof __r);\n  return __r;\n")
                g.fn(f"vreinterpretq_p128_{a.suf}", "poly128_t", [(a.name, "__a")],
                     "  poly128_t __r;\n  __builtin_memcpy (&__r, &__a, sizeof __r);\n  return __r;\n")


def dot(g):
    for k in ("s", "u"):
        for q in (False, True):
            r = VT(k, 32, 4 if q else 2)
            a = VT(k, 8, 16 if q else 8)
            e = "A + (int32_t)0".replace("(int32_t)0", "")
            _ = e
            body = ("  for (int __i = 0; __i < %d; __i++)\n"
                    "    for (int __j = 0; __j < 4; __j++)\n"
                    "      __r[__i] += (%s)__a[4 * __i + __j] * __b[%s + __j];\n  return __r;\n")
            qq = "q" if q else ""
            g.fn(f"vdot{qq}_{r.suf}", r.name, [(r.name, "__r"), (a.name, "__a"), (a.name, "__b")],
                 body % (r.lanes, r.elem, "4 * __i"))
            for ln, bl in (("lane", 8), ("laneq", 16)):
                b = VT(k, 8, bl)
                g.fn(f"vdot{qq}_{ln}_{r.suf}", r.name,
                     [(r.name, "__r"), (a.name, "__a"), (b.name, "__b"), ("const int", "__l")],
                     body % (r.lanes, r.elem, "4 * __l"))


def emit_fp16(g):
    """arm_fp16.h: the scalar half-precision intrinsics (lanes computed in double, rounded
    once to half)."""
    h = "float16_t"
    one, two = [(h, "__a")], [(h, "__a"), (h, "__b")]

    def f(name, ret, params, expr):
        g.fn(name, ret, params, f"  return {expr};\n")
    for op, e in (("abs", "__builtin_fabs (__a)"), ("neg", "-__a"),
                  ("sqrt", "__builtin_sqrt (__a)"), ("recpe", "__pyn_frecpeh (__a)"),
                  ("rsqrte", "__pyn_frsqrteh (__a)"),
                  ("recpx", "__pyn_fp16_bits (__pyn_frecpx_bits (__pyn_fp16_u (__a), 5, 10))"),
                  ("rnd", "__pyn_rnd (__a, 0)"), ("rndm", "__pyn_rnd (__a, 1)"),
                  ("rndp", "__pyn_rnd (__a, 2)"), ("rnda", "__pyn_rnd (__a, 3)"),
                  ("rndn", "__pyn_rnd (__a, 4)"), ("rndx", "__pyn_rnd (__a, 4)"),
                  ("rndi", "__pyn_rnd (__a, 4)")):
        f(f"v{op}h_f16", h, one, e)
    for op, e in (("add", "__a + __b"), ("sub", "__a - __b"), ("mul", "__a * __b"),
                  ("div", "__a / __b"), ("abd", "__builtin_fabs (__a - __b)"),
                  ("max", "__pyn_fmax (__a, __b, 1)"), ("min", "__pyn_fmax (__a, __b, 0)"),
                  ("maxnm", "__pyn_fmaxnm (__a, __b, 1)"), ("minnm", "__pyn_fmaxnm (__a, __b, 0)"),
                  ("mulx", "__pyn_mulx (__a, __b)"), ("recps", "__pyn_frecps (__a, __b, 2)"),
                  ("rsqrts", "__pyn_frecps (__a, __b, 3)")):
        f(f"v{op}h_f16", h, two, e)
    three = [(h, "__a"), (h, "__b"), (h, "__c")]
    f("vfmah_f16", h, three, "__builtin_fma (__b, __c, __a)")
    f("vfmsh_f16", h, three, "__builtin_fma (-__b, __c, __a)")
    for op, c in (("eq", "=="), ("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
        f(f"vc{op}h_f16", "uint16_t", two, f"__a {c} __b ? (uint16_t)-1 : 0")
        f(f"vc{op}zh_f16", "uint16_t", one, f"__a {c} 0 ? (uint16_t)-1 : 0")
        if op != "eq":
            f(f"vca{op}h_f16", "uint16_t", two,
              f"__builtin_fabs (__a) {c} __builtin_fabs (__b) ? (uint16_t)-1 : 0")
    for k in ("s", "u"):
        for bits in (16, 32, 64):
            i = VT(k, bits, 0)
            it = i.elem
            f(f"vcvth_f16_{i.suf}", h, [(it, "__a")], "__a")
            sc = "(double)__a" if bits < 64 else "(long double)__a"
            f(f"vcvth_n_f16_{i.suf}", h, [(it, "__a"), ("const int", "__b")],
              f"(float16_t)({sc} / (double)((__int128)1 << __b))")
            f(f"vcvth_n_{i.suf}_f16", it, [(h, "__a"), ("const int", "__b")],
              f"__pyn_cvt ((double)__a * (double)((__int128)1 << __b), 0, {i.lo}, {i.hi})")
            for op, mode in (("cvt", 0), ("cvtm", 1), ("cvtp", 2), ("cvta", 3), ("cvtn", 4)):
                f(f"v{op}h_{i.suf}_f16", it, one, f"__pyn_cvt (__a, {mode}, {i.lo}, {i.hi})")


def bf16(g):
    """bfloat16x4_t/x8_t (storage only, as gcc 12 without +bf16 arithmetic): loads, stores,
    lane loads/stores, tuples, reinterpret, combine/halves, vcreate, vcopy and vdup of lanes.
    Each is its uint16 twin on the same bits (no __bf16 value is ever formed, so nothing can
    convert one); the intrinsics taking or returning a scalar bfloat16_t are not declared."""
    for q in (False, True):
        b, u = VT("b", 16, 8 if q else 4), VT("u", 16, 8 if q else 4)
        bn, un = f"bfloat16x{b.lanes}_t", u.name
        qq = "q" if q else ""

        def wrap(name, ret, params, twin):
            body, args = [], []
            for k, (pt, pn) in enumerate(params):
                if pt.startswith("bfloat16x"):
                    ut = pt.replace("bfloat16", "uint16")
                    body.append(f"  {ut} __u{k};\n  __builtin_memcpy (&__u{k}, &{pn}, sizeof __u{k});\n")
                    args.append(f"__u{k}")
                elif "bfloat16_t *" in pt:
                    args.append(f"({pt.replace('bfloat16_t', 'uint16_t')}){pn}")
                else:
                    args.append(pn)
            call = f"{twin} ({', '.join(args)})"
            if ret == "void":
                body.append(f"  {call};\n")
            else:
                ur = ret.replace("bfloat16", "uint16")
                body.append(f"  {ur} __w = {call};\n  {ret} __r;\n"
                            f"  __builtin_memcpy (&__r, &__w, sizeof __r);\n  return __r;\n")
            g.fn(name, ret, params, "".join(body))
        ptr, cptr = ("bfloat16_t *", "__p"), ("const bfloat16_t *", "__p")
        wrap(f"vld1{qq}_bf16", bn, [cptr], f"vld1{qq}_u16")
        wrap(f"vst1{qq}_bf16", "void", [ptr, (bn, "__v")], f"vst1{qq}_u16")
        wrap(f"vld1{qq}_dup_bf16", bn, [cptr], f"vld1{qq}_dup_u16")
        wrap(f"vld1{qq}_lane_bf16", bn, [cptr, (bn, "__v"), ("const int", "__l")],
             f"vld1{qq}_lane_u16")
        wrap(f"vst1{qq}_lane_bf16", "void", [ptr, (bn, "__v"), ("const int", "__l")],
             f"vst1{qq}_lane_u16")
        for k in (2, 3, 4):
            xt = f"bfloat16x{b.lanes}x{k}_t"
            wrap(f"vld1{qq}_bf16_x{k}", xt, [cptr], f"vld1{qq}_u16_x{k}")
            wrap(f"vst1{qq}_bf16_x{k}", "void", [ptr, (xt, "__v")], f"vst1{qq}_u16_x{k}")
            wrap(f"vld{k}{qq}_bf16", xt, [cptr], f"vld{k}{qq}_u16")
            wrap(f"vld{k}{qq}_dup_bf16", xt, [cptr], f"vld{k}{qq}_dup_u16")
            wrap(f"vst{k}{qq}_bf16", "void", [ptr, (xt, "__v")], f"vst{k}{qq}_u16")
            wrap(f"vld{k}{qq}_lane_bf16", xt, [cptr, (xt, "__v"), ("const int", "__l")],
                 f"vld{k}{qq}_lane_u16")
            wrap(f"vst{k}{qq}_lane_bf16", "void", [ptr, (xt, "__v"), ("const int", "__l")],
                 f"vst{k}{qq}_lane_u16")
        d4, q8 = "bfloat16x4_t", "bfloat16x8_t"
        wrap(f"vdup{qq}_lane_bf16", bn, [(d4, "__a"), ("const int", "__l")], f"vdup{qq}_lane_u16")
        wrap(f"vdup{qq}_laneq_bf16", bn, [(q8, "__a"), ("const int", "__l")], f"vdup{qq}_laneq_u16")
        for src, sn in ((d4, "lane"), (q8, "laneq")):
            wrap(f"vcopy{qq}_{sn}_bf16", bn, [(bn, "__a"), ("const int", "__l1"), (src, "__b"),
                                             ("const int", "__l2")], f"vcopy{qq}_{sn}_u16")
        if not q:
            wrap("vcombine_bf16", q8, [(d4, "__a"), (d4, "__b")], "vcombine_u16")
            wrap("vget_low_bf16", d4, [(q8, "__a")], "vget_low_u16")
            wrap("vget_high_bf16", d4, [(q8, "__a")], "vget_high_u16")
            wrap("vcreate_bf16", d4, [("uint64_t", "__a")], "vcreate_u16")
        others = [t for t in vtypes(("s", "u", "f", "p"), B_ALL, q=(q,))]
        for t in others:
            for a, bb, dst, src in ((bn, t.name, "bf16", t.suf), (t.name, bn, t.suf, "bf16")):
                g.fn(f"vreinterpret{qq}_{dst}_{src}", a, [(bb, "__a")],
                     f"  {a} __r;\n  __builtin_memcpy (&__r, &__a, sizeof __r);\n  return __r;\n")
        if q:
            for a, bb, nmx in ((bn, "poly128_t", "vreinterpretq_bf16_p128"),
                               ("poly128_t", bn, "vreinterpretq_p128_bf16")):
                g.fn(nmx, a, [(bb, "__a")],
                     f"  {a} __r;\n  __builtin_memcpy (&__r, &__a, sizeof __r);\n  return __r;\n")
        _ = un
    # vector conversions on the bits: bf16 -> f32 is the upper half of the float; f32 -> bf16
    # rounds to nearest even (BFCVTN), a NaN stays a quiet NaN
    g.fn("__pyn_bf16_bits", "uint16_t", [("float32_t", "__f")],
         "  uint32_t __u;\n  __builtin_memcpy (&__u, &__f, 4);\n"
         "  if ((__u & 0x7fffffffu) > 0x7f800000u)\n    return (uint16_t)((__u >> 16) | 0x40);\n"
         "  return (uint16_t)((__u + 0x7fffu + ((__u >> 16) & 1)) >> 16);\n")
    g.fn("__pyn_bf16_f32", "float32_t", [("uint16_t", "__h")],
         "  uint32_t __u = (uint32_t)__h << 16;\n  float32_t __f;\n"
         "  __builtin_memcpy (&__f, &__u, 4);\n  return __f;\n")
    for name, src, lo, n in (("vcvt_f32_bf16", "bfloat16x4_t", 0, 4),
                             ("vcvtq_low_f32_bf16", "bfloat16x8_t", 0, 8),
                             ("vcvtq_high_f32_bf16", "bfloat16x8_t", 4, 8)):
        g.fn(name, "float32x4_t", [(src, "__a")],
             f"  uint16_t __h[{n}];\n  float32x4_t __r;\n  __builtin_memcpy (__h, &__a, sizeof __h);\n"
             f"  for (int __i = 0; __i < 4; __i++)\n    __r[__i] = __pyn_bf16_f32 (__h[__i + {lo}]);\n"
             f"  return __r;\n")
    for name, ret, params, lo, keep in (
            ("vcvt_bf16_f32", "bfloat16x4_t", [("float32x4_t", "__a")], 0, False),
            ("vcvtq_low_bf16_f32", "bfloat16x8_t", [("float32x4_t", "__a")], 0, False),
            ("vcvtq_high_bf16_f32", "bfloat16x8_t", [("bfloat16x8_t", "__i"), ("float32x4_t", "__a")],
             4, True)):
        n = 4 if ret == "bfloat16x4_t" else 8
        init = "  __builtin_memcpy (__h, &__i, sizeof __h);\n" if keep else \
            f"  for (int __k = 0; __k < {n}; __k++)\n    __h[__k] = 0;\n"
        g.fn(name, ret, params,
             f"  uint16_t __h[{n}];\n  {ret} __r;\n{init}"
             f"  for (int __k = 0; __k < 4; __k++)\n    __h[__k + {lo}] = __pyn_bf16_bits (__a[__k]);\n"
             f"  __builtin_memcpy (&__r, __h, sizeof __r);\n  return __r;\n")
