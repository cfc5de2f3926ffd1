-- Budget checks for policy code (../shared/LUA.md 7.8 option 1).
--
-- Debian's LuaJIT ignores hooks inside JIT-compiled traces, so a runaway
-- `while true do end` cannot be stopped by a count hook.  Instead every
-- loop body (after `do` and `repeat`), every function body (after its
-- parameter list) and every label (`::l::`, for goto loops) starts with
--     __lbB.ticks=__lbB.ticks-1 if __lbB.ticks<0 then __lbT() end
-- __lbB is the C batch descriptor (an FFI struct pointer: a load, a store
-- and a compare once compiled), __lbT the slow path that asks C whether the
-- time budget is spent (it reads the clock every few thousand ticks) and
-- raises the error; once over, every further check raises again (sticky), so
-- a pcall in policy code cannot swallow it.  Inserted text has no newline:
-- line numbers in error messages stay those of the source.
local scan = require "lunabgp.policy.scan"

local M = {}

M.CHECK = " __lbB.ticks=__lbB.ticks-1 if __lbB.ticks<0 then __lbT() end "
M.PREFIX = "local __lbB,__lbT=...;"

-- Returns the instrumented text, or nil, message, position.
function M.source(src)
	local out, last = {}, 1
	local i = 1
	local pending_fn = false -- after `function`, insert after the ')' of the parameters
	while true do
		local kind, s, e = scan.token(src, i)
		if not kind then break end
		if kind == "error" then return nil, s, e end
		local insert = false
		if kind == "name" then
			local w = src:sub(s, e)
			if w == "do" or w == "repeat" then insert = true
			elseif w == "function" then pending_fn = true end
		elseif kind == "punct" then
			local t = src:sub(s, e)
			if t == ")" and pending_fn then insert = true; pending_fn = false
			elseif t == "::" then
				-- a label: `::name::` -> after the second '::'
				local k2, s2, e2 = scan.token(src, e + 1)
				if k2 == "name" then
					local k3, s3, e3 = scan.token(src, e2 + 1)
					if k3 == "punct" and src:sub(s3, e3) == "::" then e = e3; i = e3 + 1; insert = true end
				end
				local _ = s2
			end
		end
		if insert then
			out[#out + 1] = src:sub(last, e)
			out[#out + 1] = M.CHECK
			last = e + 1
		end
		i = e + 1
	end
	out[#out + 1] = src:sub(last)
	return table.concat(out)
end

-- A whole chunk: prefix (receives __lbB, __lbT as ...), padding so that the
-- text's first line is `line`, then the instrumented text.
function M.chunk(src, line)
	local body, err, pos = M.source(src)
	if not body then return nil, err, pos end
	return M.PREFIX .. string.rep("\n", (line or 1) - 1) .. body
end

return M
