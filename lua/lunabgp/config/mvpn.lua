-- MVPN routes (RFC 6514 section 4: route types 5 Source Active A-D,
-- 6 C-multicast Shared Tree Join, 7 C-multicast Source Tree Join) in
-- ExaBGP's syntax, for `announce { ipv4|ipv6 { mcast-vpn ...; } }` and the
-- API's `announce ipv4|ipv6 mcast-vpn ...`:
--   mcast-vpn shared-join rp IP group IP rd RD source-as ASN ATTRIBUTES;
--   mcast-vpn source-join source IP group IP rd RD source-as ASN ATTRIBUTES;
--   mcast-vpn source-ad source IP group IP rd RD ATTRIBUTES;
-- The NLRI is built here in wire form (c/wire/family_mvpn.c checks and
-- prints it); the other words are route attributes (config/attributes.lua).
local nlri_fields = require "lunabgp.config.nlri_fields"
local attributes = require "lunabgp.config.attributes"
local ip = require "lunabgp.config.ip"
local vpn = require "lunabgp.config.vpn"
require "lunabgp.config.l2vpn"   -- the l2vpn vpls family (its NLRI builder)

local M = {}
local char = string.char
local u32, number, asn = attributes.u32, attributes.number, attributes.asn

for _, f in ipairs { "ipv4 mcast-vpn", "ipv6 mcast-vpn" } do
	attributes.families[f] = true
end

-- route type word -> code, the address word it takes, whether it has source-as
local TYPES = {
	["source-ad"] = { 5, "source", false },
	["shared-join"] = { 6, "rp", true },
	["source-join"] = { 7, "source", true },
}
M.TYPES = TYPES

-- Words that belong to the NLRI (each takes one value).
local FIELDS = { rd = true, ["route-distinguisher"] = true, ["source-as"] = true, source = true,
	rp = true, group = true }

local function split(toks, fail) return nlri_fields.split(toks, FIELDS, fail) end

local function addr(f, name, afi, fail, pos)
	local it = f[name]
	if not it then fail(pos, name .. " expected") end
	local b, v = ip.parse(it[1])
	if not b or ("ipv" .. v) ~= afi then fail(it[2], "invalid " .. afi .. " " .. name .. " '" .. it[1] .. "'") end
	return char(#b * 8) .. b
end

-- toks: the words after "mcast-vpn" ({pos, text, ...}); afi "ipv4"/"ipv6".
-- Returns family, NLRI bytes, attribute tokens.  fail(pos, msg) raises.
function M.parse(toks, afi, fail, pos)
	local tw, tp = toks[2], toks[1] or pos
	local t = TYPES[tw or ""]
	if not t then fail(tp, "mcast-vpn expects source-ad, shared-join or source-join, not '" .. tostring(tw) .. "'") end
	local rest = {}
	for i = 3, #toks do rest[#rest + 1] = toks[i] end
	local f, at = split(rest, fail)
	if not f.rd then fail(tp, "mcast-vpn " .. tw .. ": rd expected") end
	local rd = vpn.rd(f.rd[1])
	if not rd then fail(f.rd[2], "invalid route-distinguisher '" .. f.rd[1] .. "'") end
	local body = rd
	if t[3] then
		if not f["source-as"] then fail(tp, "mcast-vpn " .. tw .. ": source-as expected") end
		local n = asn(f["source-as"][1]) or number(f["source-as"][1], 4294967295)
		if not n then fail(f["source-as"][2], "invalid source-as '" .. f["source-as"][1] .. "'") end
		body = body .. u32(n)
	elseif f["source-as"] then
		fail(f["source-as"][2], "mcast-vpn source-ad takes no source-as")
	end
	local other = t[2] == "rp" and "source" or "rp"
	if f[other] then fail(f[other][2], "mcast-vpn " .. tw .. " takes " .. t[2] .. ", not " .. other) end
	body = body .. addr(f, t[2], afi, fail, tp) .. addr(f, "group", afi, fail, tp)
	return afi .. " mcast-vpn", char(t[1], #body) .. body, at
end

-- Configuration: a `mcast-vpn ...;` statement inside `announce { ipvX { } }`
-- (hooked in config/routes.lua).  toks are the statement's tokens.
function M.statement(ctx, nb, toks, term, tpos, afi, emit)
	if term ~= ";" then ctx:fail(tpos, "';' expected after mcast-vpn route") end
	local fail = function(p, msg) ctx:fail(p, msg) end
	local rest = {}
	for i = 3, #toks do rest[#rest + 1] = toks[i] end
	local family, nlri, at = M.parse(rest, afi, fail, toks[1])
	local e = attributes.compile(at, 0, fail, tpos)
	if not e.nh then ctx:fail(toks[1], "mcast-vpn route has no next-hop") end
	if emit and nb.routes then
		ctx.sink:route_raw(nb.routes, family, nlri, e.path_id, e.blob, e.watchdog, e.withdraw)
	end
	nb.route_count = (nb.route_count or 0) + 1
end

-- statement keyword -> handler, for config/routes.lua
M.statements = { ["mcast-vpn"] = M.statement }

return M
