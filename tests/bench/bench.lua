-- CPU workload for tests/bench/run.py: deterministic output, about 1 s with gcc -O2
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print("fib", fib(27))
local t = {}
local x = 12345
for i = 1, 200000 do x = (x * 1103515245 + 12345) % 2147483648; t[i] = x end
table.sort(t)
local s = 0
for i = 1, #t, 97 do s = (s + t[i]) % 1000000007 end
print("sort", s)
local parts = {}
for i = 1, 50000 do parts[#parts + 1] = string.format("%d:%x", i, i * 31) end
local str = table.concat(parts, ",")
local count = 0
for w in str:gmatch("%d+:a") do count = count + 1 end
print("strings", #str, count)
local function counter()
  local c = 0
  return function() c = c + 1; return c end
end
local total = 0
for i = 1, 2000 do local f = counter(); for j = 1, 100 do total = total + f() end end
print("closures", total)
local m = {}
for i = 1, 300 do m[i] = {} for j = 1, 300 do m[i][j] = (i * j) % 17 end end
local acc = 0.0
for i = 1, 300 do for j = 1, 300 do acc = acc + m[i][j] * 0.5 end end
print("matrix", acc)
