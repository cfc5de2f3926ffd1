-- VPLS routes (RFC 4761 section 3.2.2) in ExaBGP's words:
--   vpls rd RD endpoint VE-ID base LABEL offset VBO size VBS ATTRIBUTES
-- in three places of a neighbor (or template):
--   l2vpn { vpls WORDS; vpls [NAME] { WORD VALUE; ... } }
--   announce { l2vpn { vpls WORDS; } }
-- and in the API's `announce|withdraw vpls WORDS` (api/mvpn.lua).
-- The NLRI is built here in wire form (c/wire/family_vpls.c checks and
-- prints it); the other words are route attributes (config/attributes.lua).
local attributes = require "lunabgp.config.attributes"
local nlri_fields = require "lunabgp.config.nlri_fields"
local vpn = require "lunabgp.config.vpn"

local M = {}
local char, floor = string.char, math.floor
local u16, number = attributes.u16, attributes.number

attributes.families["l2vpn vpls"] = true

-- word -> largest value (the label base is a 20-bit label, RFC 3032)
local FIELDS = { rd = true, ["route-distinguisher"] = true, endpoint = 65535, base = 1048575,
	offset = 65535, size = 65535 }

-- toks: {pos, text, ...} of the words after "vpls".  Returns family, NLRI
-- bytes, attribute tokens.  fail(pos, msg) raises.
function M.parse(toks, fail, pos)
	local f, at = nlri_fields.split(toks, FIELDS, fail)
	local n = {}
	for _, k in ipairs { "endpoint", "base", "offset", "size" } do
		if not f[k] then fail(pos, "vpls: " .. k .. " expected") end
		n[k] = number(f[k][1], FIELDS[k])
		if not n[k] then fail(f[k][2], "invalid vpls " .. k .. " '" .. f[k][1] .. "' (0.." .. FIELDS[k] .. ")") end
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

-- One configured VPLS route from its words (after "vpls"); pos is where
-- the statement starts, endpos where it ends (for "value expected").
local function route(ctx, nb, words, pos, endpos, emit)
	local fail = function(p, msg) ctx:fail(p, msg) end
	local family, nlri, at = M.parse(words, fail, pos)
	local e = attributes.compile(at, 0, fail, endpos)
	if e.raw then ctx:fail(pos, "vpls routes take no label (the label base is 'base')") end
	nlri_fields.emit(ctx, nb, family, nlri, e, emit, pos, "vpls")
end

local function rest(toks, from)
	local out = {}
	for i = from, #toks do out[#out + 1] = toks[i] end
	return out
end

-- `vpls [NAME] { WORD VALUE; ... }` after its '{': every statement's words
-- make one route.  Returns the position after the closing '}'.
local function vpls_block(ctx, nb, pos, open_pos, emit)
	local words, endpos = {}, open_pos
	while true do
		local st, stpos, term, npos = ctx:stmt(pos)
		if term == "EOF" then ctx:fail(open_pos, "vpls block not closed (missing '}')", true) end
		if term == "{" then ctx:fail(st[1] or stpos, "unexpected block in vpls") end
		for i = 1, #st do words[#words + 1] = st[i] end
		if #st > 0 then endpos = stpos end
		if term == "}" then
			if #st > 0 then ctx:fail(stpos, "';' expected before '}'") end
			pos = npos
			break
		end
		pos = npos
	end
	route(ctx, nb, words, open_pos, endpos, emit)
	return pos
end

-- A `vpls` statement: `vpls WORDS;` or `vpls [NAME] {`.  toks[2] is "vpls".
-- Returns the position after the statement (after its block's '}').
function M.statement(ctx, nb, toks, term, tpos, npos, emit)
	if term == "{" then
		if #toks > 4 then ctx:fail(toks[5], "vpls block: at most a name before '{'") end
		return vpls_block(ctx, nb, npos, tpos, emit)
	end
	if term ~= ";" then ctx:fail(tpos, "';' expected after vpls route") end
	route(ctx, nb, rest(toks, 3), toks[1], tpos, emit)
	return npos
end

-- The neighbor section `l2vpn { ... }` after its '{'.
function M.block(ctx, nb, pos, open_pos, emit)
	return ctx:block(pos, open_pos, function(toks, term, tpos, npos)
		if toks[2] ~= "vpls" then
			ctx:fail(toks[1], "unknown l2vpn statement '" .. toks[2] .. "' (vpls expected)")
		end
		return M.statement(ctx, nb, toks, term, tpos, npos, emit)
	end)
end

return M
