-- jsoncmp.lua: structural comparison of two JSON documents for the
-- conformance runner (README section 9 of the ExaBGP vectors).
--
--   luajit jsoncmp.lua [--drop-top K1,K2,...] [--drop-deep K1,...] [--select A.B]
--                      EXPECTED ACTUAL
--
-- EXPECTED and ACTUAL are files (or "-" for stdin).  Each must hold exactly
-- one JSON document (surrounding white space allowed).  Keys listed with
-- --drop-top are deleted from the top-level object of both sides, keys listed
-- with --drop-deep from objects at every depth.  --select A.B compares only
-- the value at that path of object keys (e.g. neighbor.message: the UPDATE
-- without the session around it); a side without it is a difference.  Object key order does not
-- matter, array order does, numbers compare by value.  Exit 0 when equal, 1
-- with one line naming the first difference, 2 on a parse or usage error.

local function parse_error(what, s, i, msg)
	io.stdout:write(string.format("%s: invalid JSON at byte %d: %s (near %q)\n",
		what, i, msg, s:sub(i, i + 20)))
	os.exit(2)
end

local NULL = setmetatable({}, { __tostring = function() return "null" end })

-- A small recursive-descent JSON parser; returns the value and next index.
local function parse(s, what)
	local i = 1
	local function ws()
		i = s:find("[^ \t\r\n]", i) or #s + 1
	end
	local value
	local function str()
		local out, j = {}, i + 1
		while true do
			local c = s:sub(j, j)
			if c == "" then parse_error(what, s, i, "unterminated string") end
			if c == '"' then break end
			if c == "\\" then
				local e = s:sub(j + 1, j + 1)
				local map = { ['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b",
					f = "\f", n = "\n", r = "\r", t = "\t" }
				if map[e] then
					out[#out + 1] = map[e]
					j = j + 2
				elseif e == "u" then
					local hex = s:sub(j + 2, j + 5)
					if not hex:match("^%x%x%x%x$") then parse_error(what, s, j, "bad \\u escape") end
					local cp = tonumber(hex, 16)
					j = j + 6
					if cp >= 0xD800 and cp <= 0xDBFF and s:sub(j, j + 1) == "\\u" then
						local lo = tonumber(s:sub(j + 2, j + 5), 16)
						if lo and lo >= 0xDC00 and lo <= 0xDFFF then
							cp = 0x10000 + (cp - 0xD800) * 0x400 + (lo - 0xDC00)
							j = j + 6
						end
					end
					-- UTF-8 encode
					if cp < 0x80 then out[#out + 1] = string.char(cp)
					elseif cp < 0x800 then
						out[#out + 1] = string.char(0xC0 + math.floor(cp / 64), 0x80 + cp % 64)
					elseif cp < 0x10000 then
						out[#out + 1] = string.char(0xE0 + math.floor(cp / 4096),
							0x80 + math.floor(cp / 64) % 64, 0x80 + cp % 64)
					else
						out[#out + 1] = string.char(0xF0 + math.floor(cp / 262144),
							0x80 + math.floor(cp / 4096) % 64, 0x80 + math.floor(cp / 64) % 64,
							0x80 + cp % 64)
					end
				else
					parse_error(what, s, j, "bad escape")
				end
			else
				local k = s:find('["\\]', j) or #s + 1
				out[#out + 1] = s:sub(j, k - 1)
				j = k
			end
		end
		i = j + 1
		return table.concat(out)
	end
	function value()
		ws()
		local c = s:sub(i, i)
		if c == "{" then
			local obj, n = {}, 0
			i = i + 1
			ws()
			if s:sub(i, i) == "}" then i = i + 1 return obj end
			while true do
				ws()
				if s:sub(i, i) ~= '"' then parse_error(what, s, i, "expected a key") end
				local k = str()
				ws()
				if s:sub(i, i) ~= ":" then parse_error(what, s, i, "expected ':'") end
				i = i + 1
				obj[k] = value()
				n = n + 1
				ws()
				local d = s:sub(i, i)
				i = i + 1
				if d == "}" then return obj end
				if d ~= "," then parse_error(what, s, i - 1, "expected ',' or '}'") end
			end
		elseif c == "[" then
			local arr = { __array = true }
			local n = 0
			i = i + 1
			ws()
			if s:sub(i, i) == "]" then i = i + 1 arr.n = 0 return arr end
			while true do
				n = n + 1
				arr[n] = value()
				ws()
				local d = s:sub(i, i)
				i = i + 1
				if d == "]" then arr.n = n return arr end
				if d ~= "," then parse_error(what, s, i - 1, "expected ',' or ']'") end
			end
		elseif c == '"' then
			return str()
		elseif s:find("^true", i) then i = i + 4 return true
		elseif s:find("^false", i) then i = i + 5 return false
		elseif s:find("^null", i) then i = i + 4 return NULL
		else
			local num = s:match("^-?%d+%.?%d*[eE]?[-+]?%d*", i)
			if not num or num == "" or not tonumber(num) then
				parse_error(what, s, i, "unexpected character")
			end
			i = i + #num
			return tonumber(num)
		end
	end
	local v = value()
	ws()
	if i <= #s then parse_error(what, s, i, "trailing data after the document") end
	return v
end

local function show(v)
	if type(v) == "table" then
		if v == NULL then return "null" end
		return v.__array and "array" or "object"
	end
	if type(v) == "string" then return string.format("%q", v) end
	return tostring(v)
end

local drop_deep = {}

local function compare(a, b, path)
	local ta, tb = type(a), type(b)
	if ta ~= tb or (ta == "table" and ((a == NULL) ~= (b == NULL) or
		(a.__array ~= nil) ~= (b.__array ~= nil))) then
		return path .. ": expected " .. show(a) .. ", got " .. show(b)
	end
	if ta ~= "table" then
		if a ~= b then return path .. ": expected " .. show(a) .. ", got " .. show(b) end
		return nil
	end
	if a == NULL then return nil end
	if a.__array then
		if a.n ~= b.n then
			return string.format("%s: expected %d elements, got %d", path, a.n, b.n)
		end
		for k = 1, a.n do
			local d = compare(a[k], b[k], path .. "[" .. (k - 1) .. "]")
			if d then return d end
		end
		return nil
	end
	local keys = {}
	for k in pairs(a) do if not drop_deep[k] then keys[#keys + 1] = k end end
	for k in pairs(b) do
		if not drop_deep[k] and a[k] == nil then
			return path .. ": unexpected key " .. string.format("%q", k)
		end
	end
	table.sort(keys)
	for _, k in ipairs(keys) do
		if b[k] == nil then return path .. ": missing key " .. string.format("%q", k) end
		local d = compare(a[k], b[k], path .. "." .. k)
		if d then return d end
	end
	return nil
end

local function read(name)
	local f = name == "-" and io.stdin or io.open(name, "rb")
	if not f then
		io.stdout:write("cannot open " .. name .. "\n")
		os.exit(2)
	end
	local s = f:read("*a")
	if f ~= io.stdin then f:close() end
	return s
end

local function split(list, set)
	for k in list:gmatch("[^,]+") do set[k] = true end
end

local drop_top, files, select = {}, {}, nil
local argv = { ... }
local k = 1
while k <= #argv do
	if argv[k] == "--drop-top" then split(argv[k + 1] or "", drop_top) k = k + 2
	elseif argv[k] == "--drop-deep" then split(argv[k + 1] or "", drop_deep) k = k + 2
	elseif argv[k] == "--select" then select = argv[k + 1] or "" k = k + 2
	else files[#files + 1] = argv[k] k = k + 1 end
end
if #files ~= 2 then
	io.stderr:write("usage: jsoncmp.lua [--drop-top K,...] [--drop-deep K,...] [--select A.B] EXPECTED ACTUAL\n")
	os.exit(2)
end

-- The value at a dotted path of object keys, or nil.
local function pick(v, path)
	for key in path:gmatch("[^.]+") do
		if type(v) ~= "table" or v == NULL or v.__array then return nil end
		v = v[key]
	end
	return v
end

local sa, sb = read(files[1]), read(files[2])
if not sb:find("[^ \t\r\n]") then
	io.stdout:write("no output\n")
	os.exit(1)
end
local a, b = parse(sa, "expected"), parse(sb, "output")
for key in pairs(drop_top) do
	if type(a) == "table" and not a.__array and a ~= NULL then a[key] = nil end
	if type(b) == "table" and not b.__array and b ~= NULL then b[key] = nil end
end
if select then
	a, b = pick(a, select), pick(b, select)
	if a == nil then io.stdout:write("expected has no " .. select .. "\n") os.exit(2) end
	if b == nil then io.stdout:write("output has no " .. select .. "\n") os.exit(1) end
end
local d = compare(a, b, select and "$." .. select or "$")
if d then
	io.stdout:write(d .. "\n")
	os.exit(1)
end
os.exit(0)
