-- A small Lua tokenizer, enough to find block ends and loop bodies in
-- policy source: strings, long strings and comments are skipped exactly,
-- so braces or keywords inside them never count.  Pure Lua (busted:
-- tests/spec/policy_scan_spec.lua).
--
--   kind, s, e = scan.token(src, i)
-- kind: "name" (keywords too), "string", "number", "punct", "comment",
-- nil at the end; s..e the token's bytes.  On a malformed string or long
-- comment: "error", message, position.
local M = {}

local find, sub, match = string.find, string.sub, string.match

local PUNCT3 = { ["..."] = true }
local PUNCT2 = { ["::"] = true, [".."] = true, ["=="] = true, ["~="] = true, ["<="] = true,
	[">="] = true, ["<<"] = true, [">>"] = true, ["//"] = true }

local function long_bracket(src, i)
	local lvl = match(src, "^%[(=*)%[", i)
	if not lvl then return nil end
	local _, e = find(src, "]" .. lvl .. "]", i + #lvl + 2, true)
	return e or false
end

function M.token(src, i)
	i = find(src, "[^ \t\r\n\f\v]", i)
	if not i then return nil end
	local c = sub(src, i, i)
	if c == "-" and sub(src, i + 1, i + 1) == "-" then
		local e = long_bracket(src, i + 2)
		if e == false then return "error", "unfinished long comment", i end
		if e then return "comment", i, e end
		return "comment", i, (find(src, "\n", i, true) or #src)
	end
	if c == "[" then
		local e = long_bracket(src, i)
		if e == false then return "error", "unfinished long string", i end
		if e then return "string", i, e end
		return "punct", i, i
	end
	if c == '"' or c == "'" then
		local j = i + 1
		while true do
			local p = find(src, "[\\\n" .. c .. "]", j)
			if not p then return "error", "unfinished string", i end
			local d = sub(src, p, p)
			if d == "\\" then j = p + 2
			elseif d == "\n" then return "error", "unfinished string", i
			else return "string", i, p end
		end
	end
	if find(c, "^[%a_]") then
		local _, e = find(src, "^[%w_]+", i)
		return "name", i, e
	end
	if find(c, "^%d") or (c == "." and find(src, "^%.%d", i)) then
		local _, e = find(src, "^[%w_%.]+", i)
		-- exponent sign: 1e-5, 0x1p+4
		while find(sub(src, e, e), "^[eEpP]") and find(src, "^[+-]", e + 1) do
			local _, e2 = find(src, "^[+-][%w_%.]*", e + 1)
			e = e2
		end
		return "number", i, e
	end
	if PUNCT3[sub(src, i, i + 2)] then return "punct", i, i + 2 end
	if PUNCT2[sub(src, i, i + 1)] then return "punct", i, i + 1 end
	return "punct", i, i
end

-- Position of the '}' closing a block whose '{' is just before pos, or nil,
-- message, position on error (unbalanced, bad string).
function M.block_end(src, pos)
	local depth = 1
	local i = pos
	while true do
		local kind, s, e = M.token(src, i)
		if not kind then return nil, "block not closed (missing '}')", pos end
		if kind == "error" then return nil, s, e end
		if kind == "punct" then
			local t = sub(src, s, e)
			if t == "{" then depth = depth + 1
			elseif t == "}" then
				depth = depth - 1
				if depth == 0 then return s end
			end
		end
		i = e + 1
	end
end

return M
