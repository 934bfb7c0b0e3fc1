"""IR data structures: text round trip, builder, verifier."""
import pytest

from toolchain.cc.ir import (I1, I32, I64, PTR, Function, Arg, IRBuilder, IRParseError,
                             IRVerifyError, Module, parse_module, print_module, struct, verify)

FULL = r'''
extern @printf func
extern @errno tls

@msg = internal readonly global 7, align 1 [bytes "hi %d\0a\00"]
@tab = global 24, align 8 [i32 1, i32 -2, ptr @msg + 3, f64 1.5]
@bss = global 64, align 16
@tv = tls global 4, align 4 [i32 7]

define internal i32 @callee(i32 %a, byval struct<16,8>{i64@0,f64@8} %s, ...) {
entry:
  %ap = alloca i64 24, align 8
  va_start %ap
  %v = va_arg i32, %ap
  va_end %ap
  %r = add i32 %a, %v
  ret i32 %r
}

define struct<24,8>{i64@0,i64@8,i64@16} @big(ptr %p) {
entry:
  ret struct<24,8>{i64@0,i64@8,i64@16} %p
}

define i64 @all(i64 %a, i64 %b, f64 %x, ptr %p) {
entry:
  %c1 = add i64 %a, %b
  %c2 = sub i64 %c1, -5
  %c3 = mul i64 %c2, %a
  %c4 = sdiv i64 %c3, 3
  %c5 = udiv i64 %c4, 3
  %c6 = srem i64 %c5, 7
  %c7 = urem i64 %c6, 7
  %c8 = and i64 %c7, 255
  %c9 = or i64 %c8, 1
  %c10 = xor i64 %c9, %a
  %c11 = shl i64 %c10, 2
  %c12 = lshr i64 %c11, 1
  %c13 = ashr i64 %c12, 1
  %n1 = neg i64 %c13
  %n2 = not i64 %n1
  %t = trunc i64 %n2 to i32
  %z = zext i32 %t to i64
  %s = sext i32 %t to i64
  %f1 = fadd f64 %x, 1.0
  %f2 = fsub f64 %f1, -0.5
  %f3 = fmul f64 %f2, inf
  %f4 = fdiv f64 %f3, 3.0
  %f5 = fneg f64 %f4
  %g = fptrunc f64 %f5 to f32
  %h = fpext f32 %g to f64
  %i = fptosi f64 %h to i32
  %j = fptoui f64 %h to i64
  %k = sitofp i32 %i to f32
  %l = uitofp i64 %j to f64
  %bc = bitcast f64 %l to i64
  %pi = ptrtoint ptr %p to i64
  %ip = inttoptr i64 %pi to ptr
  %cmp = icmp ult i64 %z, %s
  %fc = fcmp uno f64 %x, %l
  %sel = select i64 %cmp, %bc, %z
  %q = ptradd %ip, i64 16
  store volatile i64 %sel, %q
  %ld = load i64, %q
  %m = alloca i64 %a, align 16
  memcpy %m, %p, i64 8, align 1
  memset %m, i8 0, i64 8, align 8
  %cl = call i32 @callee(i32 1, byval struct<16,8>{i64@0,f64@8} %p, ..., i64 %ld, signext i8 -1)
  call void @big(sret struct<24,8>{i64@0,i64@8,i64@16} %m, ptr %p)
  %ba = blockaddr next
  br %fc, next, other
next:
  %ph = phi i64 [%ld, entry], [%c1, other], [%ph, next]
  switch i64 %ph, other [1: next, -3: other]
other:
  %cp = copy i64 %c1
  indirectbr %ba, [next]
}
'''


def test_round_trip_every_instruction():
    m = parse_module(FULL)
    verify(m)
    text = print_module(m)
    m2 = parse_module(text)
    verify(m2)
    assert print_module(m2) == text
    assert "call void @big(sret struct<24,8>{i64@0,i64@8,i64@16} %m, ptr %p)" in text
    assert "ptr @msg + 3" in text


def test_builder_and_unnamed_values():
    f = Function("f", I32, [Arg(I32, "a", 0)])
    m = Module()
    m.functions.append(f)
    b = IRBuilder(f, f.add_block("entry"))
    x = b.binop("add", f.params[0], b.const(I32, 5))
    c = b.icmp("sgt", x, b.const(I32, 0))
    t, e = f.add_block("t"), f.add_block("e")
    b.br(c, t, e)
    b.position(t)
    b.ret(x)
    b.position(e)
    b.ret(b.const(I32, -1))
    verify(m)
    x.name = None
    text = print_module(m)
    assert "%1 = add i32 %a, 5" in text
    assert "ret i32 -1" in text


BAD = {
    "no terminator": "define void @f() {\nentry:\n  %x = add i32 1, 2\n}",
    "type mismatch": "define i32 @f(i64 %a) {\nentry:\n  ret i32 %a\n}",
    "binop types": "define i32 @f(i64 %a) {\nentry:\n  %x = add i32 %a, 1\n  ret i32 %x\n}",
    "dominance": ("define i32 @f(i1 %c) {\nentry:\n  br %c, a, b\na:\n  %x = add i32 1, 2\n"
                  "  jmp b\nb:\n  ret i32 %x\n}"),
    "phi preds": ("define i32 @f(i1 %c) {\nentry:\n  br %c, a, b\na:\n  jmp b\nb:\n"
                  "  %p = phi i32 [1, a]\n  ret i32 %p\n}"),
    "bad cast": "define i32 @f(i64 %a) {\nentry:\n  %x = zext i64 %a to i32\n  ret i32 %x\n}",
    "entry preds": "define void @f() {\nentry:\n  jmp entry\n}",
    "va_start": "define void @f(ptr %p) {\nentry:\n  va_start %p\n  ret\n}",
    "mid terminator": "define void @f() {\nentry:\n  ret\n  ret\n}",
    "use before def": ("define i32 @f() {\nentry:\n  %y = add i32 %x, 1\n  %x = add i32 1, 1\n"
                       "  ret i32 %y\n}"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_verifier_rejects(name):
    m = parse_module(BAD[name])
    with pytest.raises(IRVerifyError):
        verify(m)


@pytest.mark.parametrize("text", [
    "define i32 @f() {\nentry:\n  ret i32 %nope\n}",
    "define i32 @f() {\nentry:\n  jmp nowhere\n}",
    "define i32 @f() {\nentry:\n  %x = frob i32 1\n  ret i32 %x\n}",
    "define i32 @f() {\nentry:\n  ret i32 1\n",
    "define i32 @f() {\nentry:\n  %x = add i32 1, 2\n  %x = add i32 1, 2\n  ret i32 %x\n}",
    "@g = global 4, align 4 [i32 1",
])
def test_parser_rejects(text):
    with pytest.raises(IRParseError):
        parse_module(text)


def test_struct_types_interned():
    a = struct(16, 8, [(0, I64), (8, PTR)])
    b = struct(16, 8, [(8, PTR), (0, I64)])
    assert a is b
    assert str(a) == "struct<16,8>{i64@0,ptr@8}"
    with pytest.raises(ValueError):
        struct(4, 4, [(2, I32)])
    assert I1.bits == 1


def test_cli(tmp_path):
    import subprocess
    import sys
    src = tmp_path / "f.ir"
    src.write_text("define i32 @f(i32 %a) {\nentry:\n  %x = add i32 2, 3\n  %y = add i32 %a, %x\n"
                   "  ret i32 %y\n}\n")
    r = subprocess.run([sys.executable, "-m", "toolchain.cc.ir", str(src), "-O1", "--emit=ir"],
                       capture_output=True, text=True)
    assert r.returncode == 0 and "add i32 %a, 5" in r.stdout
    r = subprocess.run([sys.executable, "-m", "toolchain.cc.ir", str(src), "-O1"],
                       capture_output=True, text=True)
    assert r.returncode == 0 and "addl\t$5" in r.stdout or "leal\t5(" in r.stdout
    obj = tmp_path / "f.o"
    r = subprocess.run([sys.executable, "-m", "toolchain.cc.ir", str(src), "--emit=obj", "-o",
                        str(obj)], capture_output=True, text=True)
    assert r.returncode == 0 and obj.read_bytes()[:4] == b"\x7fELF"
    bad = tmp_path / "bad.ir"
    bad.write_text("define i32 @f() {\nentry:\n  ret i64 1\n}\n")
    r = subprocess.run([sys.executable, "-m", "toolchain.cc.ir", str(bad)],
                       capture_output=True, text=True)
    assert r.returncode == 1 and "returns i64" in r.stderr and "Traceback" not in r.stderr
    unsup = tmp_path / "u.ir"
    unsup.write_text("define i128 @f(i128 %a) {\nentry:\n  %r = ctpop i128 %a\n  ret i128 %r\n}\n")
    r = subprocess.run([sys.executable, "-m", "toolchain.cc.ir", str(unsup)],
                       capture_output=True, text=True)
    assert r.returncode == 1 and "i128" in r.stderr and "Traceback" not in r.stderr
