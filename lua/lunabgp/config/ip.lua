-- Textual IPv4/IPv6 addresses and prefixes to wire bytes, and back.
local M = {}
local char, byte, tonumber, floor = string.char, string.byte, tonumber, math.floor

-- "192.0.2.1" -> 4-byte string, or nil.
function M.v4(s)
	if type(s) ~= "string" then return nil end
	local a, b, c, d = s:match("^(%d%d?%d?)%.(%d%d?%d?)%.(%d%d?%d?)%.(%d%d?%d?)$")
	if not a then return nil end
	a, b, c, d = tonumber(a), tonumber(b), tonumber(c), tonumber(d)
	if a > 255 or b > 255 or c > 255 or d > 255 then return nil end
	return char(a, b, c, d)
end

-- "2001:db8::1", "::ffff:1.2.3.4" -> 16-byte string, or nil.
function M.v6(s)
	if type(s) ~= "string" or not s:find(":", 1, true) then return nil end
	if s:find("[^%x:%.]") then return nil end
	local tail4
	local v4part = s:match(":(%d+%.%d+%.%d+%.%d+)$")
	if v4part then
		tail4 = M.v4(v4part)
		if not tail4 then return nil end
		s = s:sub(1, #s - #v4part) .. "0:0"
	end
	local head, rest = s, nil
	local dc = s:find("::", 1, true)
	if dc then
		head, rest = s:sub(1, dc - 1), s:sub(dc + 2)
		if rest:find("::", 1, true) then return nil end
	end
	local function groups(part)
		local g = {}
		if part == "" then return g end
		for h in (part .. ":"):gmatch("([^:]*):") do
			if h == "" or #h > 4 then return nil end
			g[#g + 1] = tonumber(h, 16)
		end
		return g
	end
	local hg, rg = groups(head), rest and groups(rest) or {}
	if not hg or not rg then return nil end
	local n = #hg + #rg
	if dc then
		if n > 7 then return nil end
	elseif n ~= 8 then
		return nil
	end
	local all = {}
	for i = 1, #hg do all[#all + 1] = hg[i] end
	for _ = 1, 8 - n do all[#all + 1] = 0 end
	for i = 1, #rg do all[#all + 1] = rg[i] end
	local out = {}
	for i = 1, 8 do out[i] = char(floor(all[i] / 256), all[i] % 256) end
	local r = table.concat(out)
	if tail4 then r = r:sub(1, 12) .. tail4 end
	return r
end

-- Either family: bytes, 4 or 6.
function M.parse(s)
	local b = M.v4(s)
	if b then return b, 4 end
	b = M.v6(s)
	if b then return b, 6 end
	return nil
end

function M.tostring(b)
	if #b == 4 then return string.format("%d.%d.%d.%d", byte(b, 1, 4)) end
	local g = {}
	for i = 1, 16, 2 do g[#g + 1] = string.format("%x", byte(b, i) * 256 + byte(b, i + 1)) end
	return table.concat(g, ":")
end

-- "10.0.0.0/24" or "10.0.0.1" -> bytes, length, version; nil on error.
function M.prefix(s)
	local addr, len = s:match("^([^/]+)/(%d+)$")
	if not addr then addr = s end
	local b, v = M.parse(addr)
	if not b then return nil end
	local max = v == 4 and 32 or 128
	len = len and tonumber(len) or max
	if len > max then return nil end
	return b, len, v
end

-- Split a prefix into 2^(newlen-len) prefixes of length newlen (text).
function M.split(b, len, newlen)
	local nbytes = #b
	local bytes = { byte(b, 1, nbytes) }
	-- clear host bits below len
	for i = 1, nbytes do
		local first = (i - 1) * 8
		if first >= len then bytes[i] = 0
		elseif first + 8 > len then
			local keep = len - first
			bytes[i] = bytes[i] - bytes[i] % 2 ^ (8 - keep)
		end
	end
	local out = {}
	local count = 2 ^ (newlen - len)
	for k = 0, count - 1 do
		local cur = {}
		for i = 1, nbytes do cur[i] = bytes[i] end
		-- add k << (bits - newlen)
		local shift = nbytes * 8 - newlen
		local carry = k
		-- position of bit 'shift' from the end
		local bi = nbytes - floor(shift / 8)
		local mult = 2 ^ (shift % 8)
		local add = carry * mult
		while add > 0 and bi >= 1 do
			local v = cur[bi] + add
			cur[bi] = v % 256
			add = floor(v / 256)
			bi = bi - 1
		end
		out[#out + 1] = M.tostring(char(unpack(cur))) .. "/" .. newlen
	end
	return out
end

return M
