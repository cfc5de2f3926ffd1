-- VPLS routes (RFC 4761 section 3.2.2) in ExaBGP's words:
--   vpls rd RD endpoint VE-ID base LABEL offset VBO size VBS ATTRIBUTES
-- The NLRI is built here in wire form (c/wire/family_vpls.c checks and
-- prints it); the other words are route attributes (config/attributes.lua).
local attributes = require "lunabgp.config.attributes"
local vpn = require "lunabgp.config.vpn"

local M = {}
local char, floor = string.char, math.floor
local u16, number = attributes.u16, attributes.number

attributes.families["l2vpn vpls"] = true

-- word -> largest value
local FIELDS = { rd = true, ["route-distinguisher"] = true, endpoint = 65535, base = 1048575,
	offset = 65535, size = 65535 }

-- toks: {pos, text, ...} of the words after "vpls".  Returns family, NLRI
-- bytes, attribute tokens.  fail(pos, msg) raises.
function M.parse(toks, fail, pos)
	local f, at, depth = {}, {}, 0
	local i = 1
	while i <= #toks do
		local p, w = toks[i], toks[i + 1]
		if depth == 0 and FIELDS[w] then
			local v = toks[i + 3]
			if not v then fail(p, w .. " expects a value") end
			if w == "route-distinguisher" then w = "rd" end
			f[w] = { v, toks[i + 2] }
			i = i + 4
		else
			if w == "[" then depth = depth + 1 elseif w == "]" and depth > 0 then depth = depth - 1 end
			at[#at + 1] = p
			at[#at + 1] = w
			i = i + 2
		end
	end
	local n = {}
	for _, k in ipairs { "endpoint", "base", "offset", "size" } do
		if not f[k] then fail(pos, "vpls: " .. k .. " expected") end
		n[k] = number(f[k][1], FIELDS[k])
		if not n[k] then fail(f[k][2], "invalid vpls " .. k .. " '" .. f[k][1] .. "'") end
	end
	if not f.rd then fail(pos, "vpls: rd expected") end
	local rd = vpn.rd(f.rd[1])
	if not rd then fail(f.rd[2], "invalid route-distinguisher '" .. f.rd[1] .. "'") end
	-- label base with the bottom-of-stack bit, as a 3-byte label field
	local l = n.base * 16 + 1
	local body = rd .. u16(n.endpoint) .. u16(n.offset) .. u16(n.size)
		.. char(floor(l / 65536) % 256, floor(l / 256) % 256, l % 256)
	return "l2vpn vpls", u16(#body) .. body, at
end

return M
