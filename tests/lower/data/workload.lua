local t = {}
for i = 1, 100000 do t[i] = i * 2 end
local s = 0
for i, v in ipairs(t) do s = s + v end
print("sum", s)
local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end
print("fib", fib(25))
print(string.format("%5.2f %s", math.pi, ("x"):rep(3)), #"hello", string.upper("abc"))
local words = {} for w in ("the quick brown fox"):gmatch("%a+") do words[#words+1] = w end
table.sort(words) print(table.concat(words, ","))
print(pcall(function() error("boom") end))
local co = coroutine.wrap(function(a) local b = coroutine.yield(a + 1) return b * 2 end)
print(co(1), co(10))
print(10 // 3, 10 % 3, 2^10, 7 / 2, math.maxinteger, 1e300 * 1e10)
